//! The provider's answer to a notice, as a file for the payer: one row per item with the code,
//! description, objected value, the value the clinic accepts, the response code (Res. 2284/2023
//! `RE…` codes, providers.md §7; kept as the operator chose them) and the justification, under a
//! header block with the payer, the notice number, the dates and the totals.
//!
//! [`export_csv`] writes `;`-separated UTF-8 (with a BOM, so Excel in Spanish opens it right);
//! [`export_xlsx`] writes a workbook with numbers as numbers and dates as dates.

use jiff::civil::Date;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

use crate::notice::{Item, Notice, NoticeKind};
use crate::sample::excel_date;

/// The provider's answer to every item of one notice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Answer {
    pub items: Vec<ItemAnswer>,
}

/// The answer to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAnswer {
    /// The item's position in [`Notice::items`], from 0.
    pub index: usize,
    pub decision: Decision,
    /// The response code (`RE9901`, `RE9801`…), as the operator chose it.
    pub response_code: String,
    pub justification: String,
}

/// What the clinic does with an objected value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The whole objected value is accepted.
    Accepted,
    /// This much of the objected value is accepted.
    PartiallyAccepted(Decimal),
    /// Nothing is accepted: the objection is answered.
    NotAccepted,
}

/// An answer that cannot be written as a workbook.
#[derive(Debug, thiserror::Error)]
#[error("the answer workbook cannot be written: {0}")]
pub struct ExportError(#[from] XlsxError);

/// The value accepted for an item: all of it, part of it (never more than objected), or none.
pub fn accepted_value(item: &Item, decision: Decision) -> Decimal {
    let objected = item.objected.unwrap_or_default();
    match decision {
        Decision::Accepted => objected,
        Decision::PartiallyAccepted(value) => {
            value.clamp(Decimal::ZERO, objected.max(Decimal::ZERO))
        }
        Decision::NotAccepted => Decimal::ZERO,
    }
}

/// The answer as `;`-separated CSV: the header block, a blank line, then one row per item (items
/// without an answer have empty answer cells; answers to items the notice lacks are left out).
pub fn export_csv(notice: &Notice, answer: &Answer) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut records: Vec<Vec<String>> = header_block(notice, answer)
        .into_iter()
        .map(|(label, value)| vec![label.to_owned(), value.as_text()])
        .collect();
    records.push(Vec::new());
    records.push(COLUMNS.iter().map(|column| (*column).to_owned()).collect());
    for row in rows(notice, answer) {
        records.push(vec![
            (row.index + 1).to_string(),
            row.item.invoice.clone().unwrap_or_default(),
            row.item.code_raw.clone(),
            row.item.description.clone(),
            row.item.service_code.clone().unwrap_or_default(),
            decimal_text(row.item.objected),
            decimal_text(row.accepted),
            row.answer
                .map(|answer| answer.response_code.clone())
                .unwrap_or_default(),
            row.answer
                .map(|answer| answer.justification.clone())
                .unwrap_or_default(),
        ]);
    }
    for record in records {
        // An empty record writes nothing in the csv crate; a lone empty field writes `""`.
        let record = if record.is_empty() {
            vec![String::new()]
        } else {
            record
        };
        writer
            .write_record(&record)
            .expect("writing CSV to memory cannot fail");
    }
    writer
        .into_inner()
        .expect("flushing CSV to memory cannot fail")
}

/// The answer as an XLSX workbook, laid out like [`export_csv`].
pub fn export_xlsx(notice: &Notice, answer: &Answer) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Respuesta")?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.##");
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let mut row = 0_u32;
    for (label, value) in header_block(notice, answer) {
        sheet.write_string_with_format(row, 0, label, &bold)?;
        match value {
            Value::Text(text) => {
                sheet.write_string(row, 1, cut(&text))?;
            }
            Value::Date(date) => match excel_date(date) {
                Some(excel) => {
                    sheet.write_datetime_with_format(row, 1, &excel, &date_format)?;
                }
                None => {
                    sheet.write_string(row, 1, Value::Date(date).as_text())?;
                }
            },
            Value::Amount(amount) => {
                if let Some(number) = amount.to_f64() {
                    sheet.write_number_with_format(row, 1, number, &money)?;
                }
            }
        }
        row += 1;
    }
    row += 1;
    for (column, header) in (0_u16..).zip(COLUMNS) {
        sheet.write_string_with_format(row, column, header, &bold)?;
    }
    for item_row in rows(notice, answer) {
        row += 1;
        let index = u32::try_from(item_row.index + 1).unwrap_or(u32::MAX);
        sheet.write_number(row, 0, f64::from(index))?;
        sheet.write_string(
            row,
            1,
            cut(item_row.item.invoice.as_deref().unwrap_or_default()),
        )?;
        sheet.write_string(row, 2, cut(&item_row.item.code_raw))?;
        sheet.write_string(row, 3, cut(&item_row.item.description))?;
        sheet.write_string(
            row,
            4,
            cut(item_row.item.service_code.as_deref().unwrap_or_default()),
        )?;
        for (column, value) in [(5, item_row.item.objected), (6, item_row.accepted)] {
            if let Some(number) = value.and_then(|value| value.to_f64()) {
                sheet.write_number_with_format(row, column, number, &money)?;
            }
        }
        if let Some(answer) = item_row.answer {
            sheet.write_string(row, 7, cut(&answer.response_code))?;
            sheet.write_string(row, 8, cut(&answer.justification))?;
        }
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(3, 50)?;
    sheet.set_column_width(8, 60)?;
    Ok(workbook.save_to_buffer()?)
}

/// Column headers of the item rows.
pub const COLUMNS: [&str; 9] = [
    "Ítem",
    "Factura",
    "Código glosa",
    "Descripción",
    "CUPS/CUM",
    "Valor glosado",
    "Valor aceptado",
    "Código respuesta",
    "Justificación",
];

/// A header value, typed for the workbook.
enum Value {
    Text(String),
    Date(Date),
    Amount(Decimal),
}

impl Value {
    fn as_text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Date(date) => format!("{:02}/{:02}/{}", date.day(), date.month(), date.year()),
            Self::Amount(amount) => amount.normalize().to_string(),
        }
    }
}

/// The header block: labels a payer's reader knows (see the notice module's synonyms).
fn header_block(notice: &Notice, answer: &Answer) -> Vec<(&'static str, Value)> {
    let text = |value: &Option<String>| value.clone().map(Value::Text);
    let accepted: Decimal = rows(notice, answer).filter_map(|row| row.accepted).sum();
    let objected = notice
        .total_objected
        .unwrap_or_else(|| notice.items.iter().filter_map(|item| item.objected).sum());
    let fields = [
        (
            "Respuesta a",
            Some(Value::Text(notice.kind.as_spanish().to_owned())),
        ),
        ("Entidad responsable de pago", text(&notice.payer_name)),
        ("NIT EPS", text(&notice.payer_nit)),
        ("Prestador", text(&notice.provider_name)),
        ("NIT prestador", text(&notice.provider_nit)),
        (
            match notice.kind {
                NoticeKind::Glosa => "No. de glosa",
                NoticeKind::Devolucion => "No. de devolución",
            },
            text(&notice.number),
        ),
        ("Fecha de notificación", notice.notice_date.map(Value::Date)),
        ("Fecha de radicación", notice.filed_date.map(Value::Date)),
        (
            "Facturas",
            (!notice.invoices.is_empty()).then(|| Value::Text(notice.invoices.join(", "))),
        ),
        ("Valor facturado", notice.total_invoiced.map(Value::Amount)),
        ("Valor glosado", Some(Value::Amount(objected))),
        ("Valor aceptado", Some(Value::Amount(accepted))),
        (
            "Valor no aceptado",
            Some(Value::Amount(objected - accepted)),
        ),
    ];
    fields
        .into_iter()
        .filter_map(|(label, value)| value.map(|value| (label, value)))
        .collect()
}

/// One item with its answer, if any.
struct Row<'a> {
    index: usize,
    item: &'a Item,
    answer: Option<&'a ItemAnswer>,
    accepted: Option<Decimal>,
}

fn rows<'a>(notice: &'a Notice, answer: &'a Answer) -> impl Iterator<Item = Row<'a>> {
    notice.items.iter().enumerate().map(|(index, item)| {
        let item_answer = answer.items.iter().find(|answer| answer.index == index);
        Row {
            index,
            item,
            answer: item_answer,
            accepted: item_answer.map(|answer| accepted_value(item, answer.decision)),
        }
    })
}

fn decimal_text(value: Option<Decimal>) -> String {
    value
        .map(|value| value.normalize().to_string())
        .unwrap_or_default()
}

/// Excel's limit on the characters of one cell.
fn cut(text: &str) -> &str {
    match text.char_indices().nth(32_767) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests;
