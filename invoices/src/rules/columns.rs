//! Receipts whose text lists a column of labels and, further down, the column of their values
//! (OCR that reads box by box: `TOTAL` / `CASH` / `CHANGE` / `12.00` / `20.00` / `8.00`), and the
//! arithmetic of paying: what was tendered minus the change is the total.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::candidates::Found;
use super::labels::Slot;
use super::text::{Document, Line};
use super::values::amount_tokens;

/// A value paired with a label of a stacked column.
#[derive(Debug, Clone)]
pub(super) struct BlockValue {
    pub(super) line: usize,
    /// Start of the label on its line.
    pub(super) hit_start: usize,
    pub(super) value: Decimal,
    pub(super) value_line: usize,
}

/// What a line is to the column reader.
#[derive(Debug, Clone, Copy)]
enum Cell {
    /// A label alone (its first hit, if it has one): one place of a label column.
    Label(Option<usize>),
    /// One amount alone.
    Value(Decimal),
    /// Nothing that counts (a currency marker alone, punctuation, a count): neither ends a column.
    Skip,
    /// Anything else ends a column.
    Other,
}

/// Words that may stand beside a label or a value without making it something else.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:rm|myr|usd|eur|mxn|pen|cop|gbp|sgd|s/|us|[a-z])$").expect("marker compiles")
});

fn cell(doc: &Document, line: &Line) -> Cell {
    if line.is_blank() {
        return Cell::Skip;
    }
    // A tax summary starts another table.
    if line.folded.contains("summary") {
        return Cell::Other;
    }
    let amounts = amount_tokens(doc, line, 0..line.folded.len());
    let mut rest: Vec<u8> = line.folded.as_bytes().to_vec();
    let mut blank = |start: usize, end: usize| rest[start..end].fill(b' ');
    for hit in &line.hits {
        blank(hit.start, hit.end);
    }
    for token in &amounts {
        blank(token.start, token.end);
    }
    let rest = String::from_utf8_lossy(&rest).into_owned();
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|word| !word.is_empty() && !MARKER.is_match(word))
        .collect();
    let amount_label = |hit: &super::labels::Hit| {
        matches!(
            hit.slot(),
            Slot::Total
                | Slot::Subtotal
                | Slot::Tax
                | Slot::NetAmount
                | Slot::Tendered
                | Slot::Change
                | Slot::Rounding
                | Slot::Discount
                | Slot::Ignore
        )
    };
    match (line.hits.is_empty(), amounts.as_slice()) {
        (false, []) if words.len() <= 2 && line.hits.iter().any(amount_label) => {
            Cell::Label(line.hits.iter().position(amount_label))
        }
        (false, [_, ..]) if line.hits.iter().all(|hit| hit.slot() == Slot::Ignore) => Cell::Skip,
        (true, [only]) if words.is_empty() => Cell::Value(only.value),
        (true, []) if words.is_empty() => Cell::Skip,
        (true, []) if words.len() <= 2 && words.iter().all(|word| word.len() <= 4) => {
            Cell::Label(None)
        }
        _ => Cell::Other,
    }
}

/// Labels stacked this many deep at least are read as a column.
const MIN_STACK: usize = 2;
/// How far below a label column its values may start.
const REACH: usize = 40;
/// A value column may hold this many more values than its label column.
const EXTRA_VALUES: usize = 3;

/// The values of stacked label columns: each column of at least [`MIN_STACK`] labels is paired
/// with the first later column of as many values (or a few more, then the slice whose payment
/// arithmetic works). Returns the pairs and, per line, whether it is in a paired label column.
pub(super) fn stacked_values(doc: &Document) -> (Vec<BlockValue>, Vec<bool>) {
    let cells: Vec<Cell> = doc.lines.iter().map(|line| cell(doc, line)).collect();
    let label_runs = runs(&cells, |cell| matches!(cell, Cell::Label(_)));
    let value_runs = runs(&cells, |cell| matches!(cell, Cell::Value(_)));
    let every_amount = every_amount(doc);
    // Every possible pairing of a label column with a value column below it, best first: the
    // sums that work, then as many values as labels, then the nearest.
    let mut options: Vec<(i32, bool, usize, usize, usize, usize)> = Vec::new();
    for (l, labels) in label_runs.iter().enumerate() {
        let last = *labels.last().expect("runs are not empty");
        let slots = slots_of(&cells, labels);
        for (v, values) in value_runs.iter().enumerate() {
            let fits = labels.len() >= MIN_STACK
                && last < values[0]
                && values[0] <= last + REACH
                && values.len() >= labels.len()
                && values.len() - labels.len() <= EXTRA_VALUES;
            if !fits {
                continue;
            }
            let amounts = amounts_of(&cells, values);
            for offset in 0..=amounts.len() - slots.len() {
                let score = arithmetic(doc, &slots, &amounts[offset..], &every_amount);
                let exact = values.len() == labels.len();
                options.push((score, exact, values[0] - last, offset, l, v));
            }
        }
    }
    options.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut labels_used = vec![false; label_runs.len()];
    let mut values_used = vec![false; value_runs.len()];
    let mut pairs = Vec::new();
    let mut stacked = vec![false; doc.lines.len()];
    for (score, _, _, offset, l, v) in options {
        if labels_used[l] || values_used[v] || score < 0 {
            continue;
        }
        labels_used[l] = true;
        values_used[v] = true;
        let slots = slots_of(&cells, &label_runs[l]);
        let amounts = amounts_of(&cells, &value_runs[v]);
        for (&(line, hit), &(value_line, value)) in slots.iter().zip(&amounts[offset..]) {
            stacked[line] = true;
            if let Some(hit) = hit {
                pairs.push(BlockValue {
                    line,
                    hit_start: doc.lines[line].hits[hit].start,
                    value,
                    value_line,
                });
            }
        }
    }
    (pairs, stacked)
}

fn slots_of(cells: &[Cell], labels: &[usize]) -> Vec<(usize, Option<usize>)> {
    labels
        .iter()
        .map(|&line| match cells[line] {
            Cell::Label(hit) => (line, hit),
            _ => (line, None),
        })
        .collect()
}

fn amounts_of(cells: &[Cell], values: &[usize]) -> Vec<(usize, Decimal)> {
    values
        .iter()
        .map(|&line| match cells[line] {
            Cell::Value(value) => (line, value),
            _ => (line, Decimal::ZERO),
        })
        .collect()
}

/// Runs of cells that `wanted` accepts, over [`Cell::Skip`] cells; line indices.
fn runs(cells: &[Cell], wanted: impl Fn(&Cell) -> bool) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (index, cell) in cells.iter().enumerate() {
        if wanted(cell) {
            current.push(index);
        } else if !matches!(cell, Cell::Skip) && !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    // A column starts and ends with a known label: short unknown lines only count inside it.
    let known = |line: &usize| !matches!(cells[*line], Cell::Label(None));
    runs.into_iter()
        .filter_map(|run| {
            let first = run.iter().position(known)?;
            let last = run.iter().rposition(known)?;
            Some(run[first..=last].to_vec())
        })
        .collect()
}

/// How many of the sums a pairing of labels and values makes work: tendered − change is an
/// amount of the document, subtotal + tax = total, a total + rounding = another total.
fn arithmetic(
    doc: &Document,
    slots: &[(usize, Option<usize>)],
    values: &[(usize, Decimal)],
    every_amount: &[Decimal],
) -> i32 {
    let of = |wanted: Slot| -> Vec<Decimal> {
        slots
            .iter()
            .zip(values)
            .filter(|((line, hit), _)| {
                hit.is_some_and(|hit| doc.lines[*line].hits[hit].slot() == wanted)
            })
            .map(|(_, (_, value))| *value)
            .collect()
    };
    let (tendered, change, totals) = (of(Slot::Tendered), of(Slot::Change), of(Slot::Total));
    let (subtotals, taxes, roundings) = (of(Slot::Subtotal), of(Slot::Tax), of(Slot::Rounding));
    let mut score = 0;
    // A rounding adjustment is a few cents; change is less than what was handed over.
    if roundings.iter().any(|r| r.abs() >= Decimal::ONE)
        || tendered.iter().any(|c| change.iter().any(|g| g > c))
    {
        score -= 1;
    }
    if tendered.iter().any(|c| {
        change
            .iter()
            .any(|g| c > g && every_amount.contains(&(c - g)))
    }) {
        score += 1;
    }
    if totals
        .iter()
        .any(|t| subtotals.iter().any(|s| taxes.iter().any(|x| s + x == *t)))
    {
        score += 1;
    }
    if totals.iter().any(|t| {
        roundings
            .iter()
            .any(|r| !r.is_zero() && totals.iter().any(|other| other + r == *t))
    }) {
        score += 1;
    }
    score
}

/// Lines after the last change label where the amounts of a payment may still be.
const PAYMENT_LINES: usize = 14;

/// Totals the payment proves: tendered − change from their labels, and, where the values are
/// not beside their labels, the largest amount near the payment labels (what was handed over)
/// minus another one there, when the difference is an amount of the document too.
pub(super) fn paid_totals(doc: &Document, found: &Found) -> Vec<Decimal> {
    let mut totals: Vec<Decimal> = Vec::new();
    let mut add = |total: Decimal| {
        if total > Decimal::ZERO && !totals.contains(&total) {
            totals.push(total);
        }
    };
    for tendered in &found.tendered {
        for change in &found.change {
            if tendered.value >= change.value && change.value >= Decimal::ZERO {
                add(tendered.value - change.value);
            }
        }
    }
    let has = |line: &Line, slot: Slot| line.hits.iter().any(|hit| hit.slot() == slot);
    let change_lines: Vec<usize> = (0..doc.lines.len())
        .filter(|&index| has(&doc.lines[index], Slot::Change))
        .collect();
    let Some(&last_change) = change_lines.last() else {
        return totals;
    };
    let first = (0..doc.lines.len())
        .find(|&index| {
            has(&doc.lines[index], Slot::Tendered) || has(&doc.lines[index], Slot::Change)
        })
        .unwrap_or(last_change);
    let end = (last_change + PAYMENT_LINES).min(doc.lines.len() - 1);
    // Amounts near the payment labels, in reading order, not rounding adjustments.
    let near: Vec<Decimal> = (first..=end)
        .filter(|&index| !has(&doc.lines[index], Slot::Rounding))
        .flat_map(|index| {
            let line = &doc.lines[index];
            amount_tokens(doc, line, 0..line.folded.len())
        })
        .map(|token| token.value)
        .filter(|value| *value > Decimal::ZERO)
        .collect();
    // Every amount in reading order: of a total and the change that add up to what was handed
    // over, the total is printed first.
    let every_amount = every_amount(doc);
    let first_at = |value: Decimal| every_amount.iter().position(|&other| other == value);
    let Some(&handed) = near.iter().max() else {
        return totals;
    };
    let handed_at = near.iter().position(|&value| value == handed).unwrap_or(0);
    // The change is printed after what was handed over.
    for &change in &near[handed_at..] {
        if change >= handed {
            continue;
        }
        let total = handed - change;
        match (first_at(total), first_at(change)) {
            (Some(t), Some(c)) if t < c => add(total),
            _ => {}
        }
    }
    totals
}

/// Every amount of the document, in reading order.
fn every_amount(doc: &Document) -> Vec<Decimal> {
    doc.lines
        .iter()
        .flat_map(|line| amount_tokens(doc, line, 0..line.folded.len()))
        .map(|token| token.value)
        .collect()
}
