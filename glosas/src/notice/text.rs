//! Reading a notice from text: a mail body or a PDF's text layer.
//!
//! Each line is, in this order: an item table header (it sets the layout), the value of a label
//! left waiting on the line before ("Señores" / "CLÍNICA …"), an item row (it starts with a glosa
//! code), a totals row ("TOTAL  1.234.000  234.500" after a table), or label/value pairs
//! separated like cells ("NIT: 800.123.456-1    Fecha: 05/11/2024"). Lines that are none of
//! these (greetings, legal text) are skipped; the first line naming "glosa" or "devolución"
//! hints at the kind.

use super::draft::{Draft, TOTALS_ROW_RANK};
use super::labels::{HeaderField, fold, is_label, match_label};
use super::lines::{Layout, Row, item_row, split_cells, table_header};
use super::values;
use super::{MAX_ITEMS, NoticeError};
use crate::said;

/// A label whose value did not follow it on its line.
struct Waiting {
    field: HeaderField,
    rank: usize,
    /// Blank lines may sit between; other lines end the wait.
    line: usize,
}

pub(crate) fn read(text: &str) -> Result<Draft, NoticeError> {
    let mut draft = Draft::default();
    let mut layout: Option<Layout> = None;
    let mut waiting: Option<Waiting> = None;
    let mut unreadable = 0_usize;
    for (index, raw_line) in text.split(['\n', '\r', '\u{c}']).enumerate() {
        let number = index + 1;
        let line = raw_line.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if let Some(found) = table_header(line) {
            layout = Some(found);
            waiting = None;
            continue;
        }
        if let Some(label) = waiting.take()
            && number <= label.line + 3
            && !is_label(line)
            && draft.offer(label.field, label.rank, line, true)
        {
            continue;
        }
        match item_row(line, layout.as_ref()) {
            Some(Row::Item(item)) => {
                if draft.items.len() >= MAX_ITEMS {
                    return Err(NoticeError::TooManyItems {
                        what: "the text".to_owned(),
                        limit: MAX_ITEMS,
                    });
                }
                draft.items.push(item);
                continue;
            }
            Some(Row::Unreadable(problem)) => {
                unreadable += 1;
                if unreadable <= MAX_ROW_WARNINGS {
                    draft
                        .warnings
                        .push(said::LINE_UNREADABLE.say_because(vec![number.to_string()], problem));
                }
                continue;
            }
            None => {}
        }
        if layout.is_some() && totals_row(&mut draft, line) {
            continue;
        }
        waiting = labels_of_line(&mut draft, line, number);
        if waiting.is_none() && match_label(line).is_none() {
            draft.plain_text(line);
        } else {
            draft.not_plain_text();
        }
    }
    if unreadable > MAX_ROW_WARNINGS {
        draft.warnings.push(
            said::MORE_LINES_UNREADABLE.say(vec![(unreadable - MAX_ROW_WARNINGS).to_string()]),
        );
    }
    Ok(draft)
}

/// At most this many "cannot read" warnings are kept one by one; the rest are counted.
pub(crate) const MAX_ROW_WARNINGS: usize = 50;

/// Offers every label/value pair of a line; returns the label left waiting for its value on a
/// following line, if the line ends with one.
fn labels_of_line(draft: &mut Draft, line: &str, number: usize) -> Option<Waiting> {
    let segments = split_cells(line);
    let mut index = 0;
    while index < segments.len() {
        let segment = &segments[index];
        index += 1;
        let Some(label) = match_label(segment) else {
            continue;
        };
        let value = segment[label.value_start..].trim();
        if !value.is_empty() && draft.offer(label.field, label.rank, value, label.colon) {
            continue;
        }
        if !value.is_empty() && !label.colon {
            // "EPS SALUD ANDINA": a name label without a colon is part of the text.
            continue;
        }
        match segments.get(index) {
            Some(next) if !is_label(next) => {
                if draft.offer(label.field, label.rank, next, true) {
                    index += 1;
                }
            }
            Some(_) => {}
            None => {
                return Some(Waiting {
                    field: label.field,
                    rank: label.rank,
                    line: number,
                });
            }
        }
    }
    None
}

/// "TOTAL  $ 1.234.000  $ 234.500" under a table: the last amount is the total objected, the one
/// before it the total invoiced.
fn totals_row(draft: &mut Draft, line: &str) -> bool {
    let folded = fold(line.trim_start());
    if !folded.starts_with("total") || match_label(line).is_some() {
        return false;
    }
    let amounts: Vec<_> = split_cells(line)
        .iter()
        .skip(1)
        .filter_map(|cell| values::amount(cell))
        .collect();
    let Some((objected, rest)) = amounts.split_last() else {
        return false;
    };
    draft.offer_total(false, *objected, TOTALS_ROW_RANK);
    if let Some(invoiced) = rest.last() {
        draft.offer_total(true, *invoiced, TOTALS_ROW_RANK);
    }
    true
}
