//! Line items: rows of an item table with a recognisable header, until a totals label.

use std::cmp::Reverse;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::text::{Document, Line};
use super::values::amount_tokens;
use crate::LineItem;
use crate::amounts::normalize;

/// Column headers of an item table, by kind: description, quantity, unit price, amount.
static ITEM_HEADERS: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        r"\b(?:descripcion|description|desc|concepto|detalle|producto|articulo|artikel\w*|\w*beschreibung|bezeichnung|items?|produkt|leistung|servicio)\b",
        r"\b(?:cant(?:idad)?|qty|quantity|menge|anz(?:ahl)?|units?)\b",
        r"\b(?:p\.?\s*unit\w*|precio|price|\w*preis|v\.?\s*unit\w*|rate|[us]/price)\b",
        r"\b(?:importe|amount|amt|total|\w*betrag|gesamt|valor|subtotal|entgelt)\b",
    ]
    .map(|pattern| Regex::new(pattern).expect("header pattern compiles"))
});

/// A line naming the columns of an item table: a description column, a price or amount column
/// and a third kind.
pub(super) fn is_item_header(line: &Line) -> bool {
    let kinds: Vec<bool> = ITEM_HEADERS
        .iter()
        .map(|re| re.is_match(&line.folded))
        .collect();
    kinds[0] && (kinds[2] || kinds[3]) && kinds.iter().filter(|&&kind| kind).count() >= 3
}

/// Rows read at most after an item table's header.
const MAX_ITEM_ROWS: usize = 60;

/// Line items from a table with a recognisable header: each following line with an amount and
/// a description, until a totals label. Best effort: `None` fields where columns are unclear.
pub(super) fn line_items(doc: &Document) -> Vec<LineItem> {
    let Some(header) = doc.lines.iter().position(is_item_header) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for line in doc.lines.iter().skip(header + 1).take(MAX_ITEM_ROWS) {
        if line.hits.iter().any(|hit| hit.slot().is_amount()) {
            break;
        }
        let key_value = line
            .hits
            .iter()
            .any(|hit| line.folded[hit.region()].trim_start().starts_with(':'));
        if key_value {
            continue;
        }
        if let Some(item) = item_row(doc, line) {
            items.push(item);
        }
    }
    items
}

/// A percentage in a row (a tax rate column), left out of the description.
static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:[.,]\d+)?\s?%").expect("percent pattern compiles"));

/// One table row: the last amount is the line amount; among the other numbers a quantity and a
/// unit price whose product is the amount, else the first and the last of them.
fn item_row(doc: &Document, line: &Line) -> Option<LineItem> {
    let tokens = amount_tokens(doc, line, 0..line.folded.len());
    let (amount, others) = tokens.split_last()?;
    let mut description = String::new();
    let mut at = 0;
    for token in &tokens {
        description.push_str(line.raw_slice(at..token.start));
        description.push(' ');
        at = token.end;
    }
    description.push_str(line.raw_slice(at..line.folded.len()));

    let description = PERCENT.replace_all(&description, " ");
    let description = description
        .split_whitespace()
        .filter(|word| !matches!(*word, "€" | "$" | "S/" | "RM"))
        .collect::<Vec<_>>()
        .join(" ");
    if description.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let values: Vec<Decimal> = others.iter().map(|token| token.value).collect();
    let product_matches = |q: Decimal, p: Decimal| {
        let product = q * p;
        let tolerance = (amount.value.abs() * Decimal::new(1, 2)).max(Decimal::new(2, 2));
        (product - amount.value).abs() <= tolerance
    };
    // Quantity and price sit just before the amount: try the pairs nearest to it first, and
    // take the whole number (or else the first of the two) as the quantity.
    let mut pairs: Vec<(usize, usize)> = (0..values.len())
        .flat_map(|i| (i + 1..values.len()).map(move |j| (i, j)))
        .collect();
    pairs.sort_by_key(|&(i, j)| Reverse((j, i)));
    let pair = pairs
        .into_iter()
        .map(|(i, j)| (values[i], values[j]))
        .find(|&(a, b)| product_matches(a, b))
        .map(|(a, b)| {
            if b.is_integer() && !a.is_integer() {
                (b, a)
            } else {
                (a, b)
            }
        });
    let (quantity, unit_price) = match (pair, values.as_slice()) {
        (Some((q, p)), _) => (Some(q), Some(p)),
        (None, [first, .., last]) => (Some(*first), Some(*last)),
        (None, [only]) if only.is_integer() && *only != amount.value => (Some(*only), None),
        (None, [only]) => (None, Some(*only)),
        (None, []) => (None, None),
    };
    Some(LineItem {
        description,
        quantity: quantity.map(normalize),
        unit_price: unit_price.map(normalize),
        amount: Some(normalize(amount.value)),
    })
}
