//! Reading labels: walks every line, keeps track of which party's section (issuer, buyer) it is
//! in, and reads each label's value into the candidates.

use super::candidates::{Found, Scored};
use super::currency::currency_in;
use super::labels::{Hit, Party, Slot, party_word_in_name};
use super::text::{Document, Line};
use super::values::{
    Pick, Reading, amount_tokens, column_value, date_tokens, labelled_date_tokens, name_tokens,
    number_tokens, read_value, tax_id_tokens,
};
use super::{FINAL, PLAIN, SHARED, STACKED, STRONG, TITLE_DATE, WEAK};

/// Which section (issuer, buyer, other) the lines after a section header belong to. Several
/// headers on one line are columns: a position belongs to the header left of it.
#[derive(Debug, Clone, Default)]
pub(super) struct PartyContext {
    /// Columns of the headers and their parties, left to right.
    markers: Vec<(usize, Party)>,
    /// Lines with content since the headers.
    age: usize,
}

/// A section lasts this many lines with content at most (or until a blank line).
const SECTION_LINES: usize = 8;

impl PartyContext {
    pub(super) fn party_at(&self, col: usize) -> Option<Party> {
        const SLACK: usize = 2;
        self.markers
            .iter()
            .rev()
            .find(|(marker, _)| *marker <= col + SLACK)
            .or(self.markers.first())
            .map(|&(_, party)| party)
    }

    /// Starts the sections headed on one line. A header far to the right only replaces the
    /// right-hand column: sections further left go on.
    fn replace(&mut self, mut markers: Vec<(usize, Party)>) {
        const OTHER_COLUMN: usize = 20;
        let first = markers.first().map_or(0, |&(col, _)| col);
        let mut kept: Vec<(usize, Party)> = self
            .markers
            .iter()
            .copied()
            .filter(|&(col, _)| col + OTHER_COLUMN <= first)
            .collect();
        kept.append(&mut markers);
        *self = Self {
            markers: kept,
            age: 0,
        };
    }

    /// Moves to the next line: a blank line or too many lines end the section.
    fn advance(&mut self, line: &Line) {
        if line.is_blank() {
            if self.age > 0 {
                self.markers.clear();
            }
            return;
        }
        self.age += 1;
        if self.age > SECTION_LINES {
            self.markers.clear();
        }
    }
}

/// Reads every label's value into `found`; returns the section context of every line.
pub(super) fn scan_labels(doc: &Document, found: &mut Found) -> Vec<PartyContext> {
    let mut contexts = Vec::with_capacity(doc.lines.len());
    let mut context = PartyContext::default();
    for (index, line) in doc.lines.iter().enumerate() {
        context.advance(line);
        let mut markers: Vec<(usize, Party)> = Vec::new();
        for (position, hit) in line.hits.iter().enumerate() {
            if party_word_in_name(&line.folded, hit) {
                continue;
            }
            let col = line.col(hit.start);
            let mut party = markers
                .iter()
                .rev()
                .find(|(marker, _)| *marker <= col)
                .map(|&(_, party)| party)
                .or_else(|| context.party_at(col));
            let mut hit = *hit;
            if let Some(next) = line.hits.get(position + 1)
                && let Some(qualified) = qualify(line, &hit, next)
            {
                // `RFC Receptor: …`, `Nombre del cliente: …`: the section qualifies the label.
                party = Some(qualified);
                hit = Hit {
                    end: next.end,
                    region_end: next.region_end,
                    ..hit
                };
            }
            if let Slot::Party(marked) = hit.slot() {
                markers.push((col, marked));
            }
            read_hit(doc, index, &hit, party, found);
        }
        if !markers.is_empty() {
            context.replace(markers);
        }
        contexts.push(context.clone());
    }
    contexts
}

/// The party of a section header that directly follows a tax id or name label, only joined by
/// a preposition: `RFC Receptor`, `RUC del cliente`, `Name of buyer`.
fn qualify(line: &Line, hit: &Hit, next: &Hit) -> Option<Party> {
    let Slot::Party(party) = next.slot() else {
        return None;
    };
    let between = line.folded[hit.end..next.start].trim_matches([' ', ':', '.']);
    let joined = matches!(between, "" | "de" | "del" | "of" | "the" | "of the");
    (joined && matches!(hit.slot(), Slot::TaxId | Slot::Name(_))).then_some(party)
}

/// Reads the value of one label into `found`. `party` is the section the label is in.
fn read_hit(doc: &Document, index: usize, hit: &Hit, party: Option<Party>, found: &mut Found) {
    let weight = hit.weight();
    let amounts = |line: &Line, range| amount_tokens(doc, line, range);
    match hit.slot() {
        Slot::Total
        | Slot::Subtotal
        | Slot::Tax
        | Slot::Tendered
        | Slot::Change
        | Slot::Rounding
        | Slot::Discount => read_amount(doc, index, hit, found),
        Slot::NetAmount => {
            if let Some(reading) = read_value(doc, index, hit, Pick::Last, amounts) {
                found.totals.push(Scored {
                    value: reading.value,
                    weight: WEAK - reading.penalty,
                    line: reading.line,
                });
                found.subtotals.push(scored(weight - SHARED, reading));
            }
        }
        Slot::IssueDate | Slot::DueDate => {
            let dates = |line: &Line, range| labelled_date_tokens(doc, line, range);
            // `Rechnung Nr. 12 vom 05.03.2018`, `Invoice # 7 of 1.2.2019`: a weak date label
            // right after the invoice number is the title line's date.
            let after_number = doc.lines[index].hits.iter().any(|other| {
                other.slot() == Slot::InvoiceNumber
                    && other.weight() >= STRONG
                    && other.start < hit.start
            });
            let weight = if hit.slot() == Slot::IssueDate && after_number {
                weight.max(TITLE_DATE)
            } else {
                weight
            };
            if let Some(reading) = read_value(doc, index, hit, Pick::First, dates) {
                found.used_dates.push((reading.line, reading.start));
                let list = if hit.slot() == Slot::IssueDate {
                    &mut found.issue_dates
                } else {
                    &mut found.due_dates
                };
                list.push(scored(weight, reading));
            } else if hit.slot() == Slot::DueDate {
                read_amount_due(doc, index, hit, found);
            }
        }
        Slot::Ignore => {
            // Dates owned by other labels (delivery dates, version dates) are no issue dates.
            let line = &doc.lines[index];
            for token in date_tokens(doc, line, hit.region()) {
                found.used_dates.push((index, token.start));
            }
        }
        Slot::InvoiceNumber => found.numbers.extend(
            read_value(doc, index, hit, Pick::First, number_tokens).map(|r| scored(weight, r)),
        ),
        Slot::TaxId => {
            let list = match party {
                Some(Party::Buyer) => &mut found.buyer_ids,
                Some(Party::Other) => return,
                _ => &mut found.issuer_ids,
            };
            list.extend(
                read_value(doc, index, hit, Pick::First, tax_id_tokens).map(|r| scored(weight, r)),
            );
        }
        Slot::Party(marked) => read_name(doc, index, hit, marked, found),
        Slot::Name(default) => {
            if let Some(whose) = party.or(default) {
                read_name(doc, index, hit, whose, found);
            }
        }
        Slot::Currency => {
            let line = &doc.lines[index];
            if let Some(code) = currency_in(line.raw_slice(hit.region())) {
                found.currencies.push(Scored {
                    value: code.to_owned(),
                    weight,
                    line: index,
                });
            }
        }
    }
}

/// Reads the amount of a total, subtotal, tax, tendered, change, rounding or discount label: from its
/// stacked column, beside it, or under it (down to a sum row).
fn read_amount(doc: &Document, index: usize, hit: &Hit, found: &mut Found) {
    let weight = hit.weight();
    let amounts = |line: &Line, range| amount_tokens(doc, line, range);
    if let Some(block) = doc.block_value(index, hit.start) {
        amount_list(found, hit.slot()).push(Scored {
            value: block.value,
            weight: weight - STACKED,
            line: block.value_line,
        });
        return;
    }
    let reading = match read_value(doc, index, hit, Pick::Last, amounts) {
        // A value under its label may head a column with a sum row further down.
        Some(reading) if reading.line != index => {
            Some(column_value(doc, index, hit).unwrap_or(reading))
        }
        Some(reading) => Some(reading),
        None if hit.slot().is_amount()
            && !doc.stacked.get(index).copied().unwrap_or(false)
            && doc.lines[index].folded[hit.region()].trim().is_empty() =>
        {
            column_value(doc, index, hit)
        }
        None => None,
    };
    if hit.slot() == Slot::Total
        && weight >= FINAL
        && let Some(reading) = &reading
    {
        found.final_totals.push(reading.value);
    }
    amount_list(found, hit.slot()).extend(reading.map(|r| scored(weight, r)));
    if !matches!(hit.slot(), Slot::Total | Slot::Subtotal | Slot::Tax) {
        // Dates after `Paid` or `Change` are no issue dates either.
        let line = &doc.lines[index];
        for token in date_tokens(doc, line, hit.region()) {
            found.used_dates.push((index, token.start));
        }
    }
}

/// A receipt's bare `Due` (or `Payment due`) before an amount with decimals and no date: the
/// amount due, a total.
fn read_amount_due(doc: &Document, index: usize, hit: &Hit, found: &mut Found) {
    let label = doc.lines[index].folded[hit.start..hit.end].trim();
    if !matches!(label, "due" | "payment due") {
        return;
    }
    let amounts = |line: &Line, range| {
        let mut tokens = amount_tokens(doc, line, range);
        tokens.retain(|token| token.value.scale() > 0);
        tokens
    };
    if let Some(reading) = read_value(doc, index, hit, Pick::Last, amounts) {
        found.totals.push(scored(PLAIN, reading));
    }
}

/// Where the amounts of a total, subtotal, tax, tendered, change, rounding or discount label go.
fn amount_list(found: &mut Found, slot: Slot) -> &mut Vec<Scored<rust_decimal::Decimal>> {
    match slot {
        Slot::Total => &mut found.totals,
        Slot::Subtotal => &mut found.subtotals,
        Slot::Tax => &mut found.taxes,
        Slot::Tendered => &mut found.tendered,
        Slot::Change => &mut found.change,
        Slot::Discount => &mut found.discounts,
        _ => &mut found.rounding,
    }
}

fn scored<T>(weight: f32, reading: Reading<T>) -> Scored<T> {
    Scored {
        weight: weight - reading.penalty,
        line: reading.line,
        value: reading.value,
    }
}

/// Reads the name after a name label or a section header into the party's names.
fn read_name(doc: &Document, index: usize, hit: &Hit, whose: Party, found: &mut Found) {
    let list = match whose {
        Party::Issuer => &mut found.issuer_names,
        Party::Buyer => &mut found.buyer_names,
        Party::Other => return,
    };
    let weight = hit.weight();
    list.extend(read_value(doc, index, hit, Pick::First, name_tokens).map(|r| scored(weight, r)));
}
