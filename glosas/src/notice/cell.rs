//! One value of a table, from a spreadsheet cell or a piece of a text line, and the [`Item`]
//! built from a row of them once each is known to belong to a [`Column`].

use std::borrow::Cow;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::labels::Column;
use super::model::Item;
use super::values;
use crate::said::{self, Sentence};

/// A value as a spreadsheet or a text line gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(Date),
}

impl Cell {
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(text) => text.trim().is_empty(),
            Self::Number(_) | Self::Date(_) => false,
        }
    }

    /// The value as text: numbers as they would show without grouping (`101`, `45000.5`), dates
    /// as `YYYY-MM-DD`.
    pub(crate) fn text(&self) -> Cow<'_, str> {
        match self {
            Self::Empty => Cow::Borrowed(""),
            Self::Text(text) => Cow::Borrowed(text.trim()),
            Self::Number(number) => Cow::Owned(values::number_text(*number)),
            Self::Date(date) => Cow::Owned(date.to_string()),
        }
    }

    /// The value as a decimal: a number cell exactly, a text cell read as an amount.
    pub(crate) fn decimal(&self) -> Option<Decimal> {
        match self {
            Self::Number(number) => values::decimal_from_f64(*number),
            Self::Text(text) => values::amount(text),
            Self::Empty | Self::Date(_) => None,
        }
    }
}

/// The longest text taken as a glosa code.
const MAX_CODE_CHARS: usize = 16;

/// Builds an item from the cells of one row, each tagged with its column. `Ok(None)` when the
/// row has no glosa code (a blank or subtotal row); `Err` says which value does not read.
pub(crate) fn item_from_row(row: &[(Column, &Cell)]) -> Result<Option<Item>, Sentence> {
    let cells = |column: Column| {
        row.iter()
            .filter(move |(tagged, cell)| *tagged == column && !cell.is_empty())
            .map(|(_, cell)| *cell)
    };
    let Some(code_cell) = cells(Column::Code).next() else {
        return Ok(None);
    };
    let code_text = code_cell.text();
    // "FA0101 - Facturación: cantidades" in one cell: the code, then a description. Codes are
    // matched in ASCII upper case, which keeps byte offsets, so "fa0101" is found too.
    let upper = code_text.to_ascii_uppercase();
    let (code_raw, code_rest) = match values::code_at_start(&upper) {
        Some((code, end)) => (
            code_text[..code.len()].to_owned(),
            code_text[end..]
                .trim_start_matches([' ', '-', ':', '–', '.'])
                .trim(),
        ),
        None => (code_text.trim().to_owned(), ""),
    };
    // Codes are kept as written, but a code has digits and is short: "Valor glosado" in the
    // code column is a label row, not an item.
    if code_raw.chars().count() > MAX_CODE_CHARS || !code_raw.chars().any(|c| c.is_ascii_digit()) {
        return Err(said::ROW_NOT_A_CODE.say(vec![format!("{code_raw:?}")]));
    }
    let mut description: Vec<String> = cells(Column::Description)
        .map(|cell| cell.text().into_owned())
        .collect();
    if description.is_empty() && !code_rest.is_empty() {
        description.push(code_rest.to_owned());
    }
    let number = |column: Column| -> Result<Option<Decimal>, Sentence> {
        match cells(column).next() {
            None => Ok(None),
            Some(cell) => cell.decimal().map(Some).ok_or_else(|| {
                said::ROW_NOT_A_NUMBER.say(vec![
                    column_words(column).to_owned(),
                    format!("{:?}", cell.text()),
                ])
            }),
        }
    };
    let prefix = cells(Column::InvoicePrefix).next().map(|cell| cell.text());
    let invoice = cells(Column::Invoice).next().map(|cell| {
        let number = cell.text();
        match &prefix {
            Some(prefix) if !number.starts_with(prefix.as_ref()) => format!("{prefix} {number}"),
            _ => number.into_owned(),
        }
    });
    Ok(Some(Item {
        code_raw,
        description: values::text(&description.join(" ")).unwrap_or_default(),
        service_code: cells(Column::ServiceCode)
            .next()
            .and_then(|cell| values::text(&cell.text())),
        quantity: number(Column::Quantity)?,
        invoiced: number(Column::Invoiced)?,
        objected: number(Column::Objected)?,
        invoice: invoice.and_then(|invoice| values::text(&invoice)),
    }))
}

/// How warnings name a column, in the payers' words.
fn column_words(column: Column) -> &'static str {
    match column {
        Column::Code => "código glosa",
        Column::Description => "descripción",
        Column::ServiceCode => "código servicio",
        Column::Quantity => "cantidad",
        Column::Invoiced => "valor facturado",
        Column::Objected => "valor glosado",
        Column::Invoice => "factura",
        Column::InvoicePrefix => "prefijo",
        Column::PayerNit => "NIT EPS",
        Column::ProviderNit => "NIT prestador",
    }
}
