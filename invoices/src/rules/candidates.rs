//! Candidates: every value found for a field with its weight, and picking the best of them
//! into the [`Extraction`].

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::totals::{Evidence, reconcile};
use super::{FINAL, PLAIN};
use crate::amounts::normalize;
use crate::taxid::{TaxIdStatus, check_tax_id};
use crate::{Extraction, FieldName, FieldSource, FieldValue};

/// A possible value of a field and how much it is believed.
#[derive(Debug, Clone)]
pub(super) struct Scored<T> {
    pub(super) value: T,
    pub(super) weight: f32,
    pub(super) line: usize,
}

/// Everything found for each field.
#[derive(Default)]
pub(super) struct Found {
    pub(super) issuer_names: Vec<Scored<String>>,
    pub(super) buyer_names: Vec<Scored<String>>,
    pub(super) issuer_ids: Vec<Scored<String>>,
    pub(super) buyer_ids: Vec<Scored<String>>,
    pub(super) numbers: Vec<Scored<String>>,
    pub(super) issue_dates: Vec<Scored<Date>>,
    pub(super) due_dates: Vec<Scored<Date>>,
    pub(super) currencies: Vec<Scored<String>>,
    pub(super) subtotals: Vec<Scored<Decimal>>,
    pub(super) taxes: Vec<Scored<Decimal>>,
    pub(super) totals: Vec<Scored<Decimal>>,
    /// What was handed over, the change and rounding adjustments: evidence for the total.
    pub(super) tendered: Vec<Scored<Decimal>>,
    pub(super) change: Vec<Scored<Decimal>>,
    pub(super) rounding: Vec<Scored<Decimal>>,
    /// Discounts (`Coupon discount`): what the subtotal may lose on the way to the total.
    pub(super) discounts: Vec<Scored<Decimal>>,
    /// Totals whose label says they come after the rounding (`Total after adj.`).
    pub(super) final_totals: Vec<Decimal>,
    /// Totals the payment proves (tendered − change).
    pub(super) paid: Vec<Decimal>,
    /// Where dates were read for some label (line, start): not for the unlabelled guess.
    pub(super) used_dates: Vec<(usize, usize)>,
}

/// Bonus per extra occurrence of the same value.
pub(super) const REPEAT_BONUS: f32 = 0.03;

/// The best candidate by weight plus `bonus`, earliest on ties; repeats of a value add a little.
pub(super) fn best<T: PartialEq + Clone>(
    candidates: &[Scored<T>],
    bonus: impl Fn(&Scored<T>) -> f32,
) -> Option<(T, f32)> {
    let mut ranked: Vec<(f32, usize, &Scored<T>)> = candidates
        .iter()
        .map(|candidate| {
            let repeats = candidates
                .iter()
                .filter(|other| other.value == candidate.value)
                .count()
                - 1;
            let score = candidate.weight + bonus(candidate) + REPEAT_BONUS * repeats.min(3) as f32;
            (score, candidate.line, candidate)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked
        .first()
        .map(|(score, _, candidate)| (candidate.value.clone(), score.clamp(0.05, 0.99)))
}

impl Found {
    pub(super) fn into_extraction(self, line_count: usize) -> Extraction {
        let mut extraction = Extraction::default();
        let mut set = |name: FieldName, value: Option<(String, f32)>| {
            if let Some((value, confidence)) = value {
                extraction
                    .fields
                    .insert(name, FieldValue::new(value, FieldSource::Rules, confidence));
            }
        };
        let none = |_: &Scored<String>| 0.0;
        set(FieldName::IssuerName, best(&self.issuer_names, none));
        set(FieldName::BuyerName, best(&self.buyer_names, none));
        set(FieldName::IssuerTaxId, best(&self.issuer_ids, tax_id_bonus));
        set(FieldName::BuyerTaxId, best(&self.buyer_ids, tax_id_bonus));
        set(FieldName::InvoiceNumber, best(&self.numbers, none));
        set(FieldName::Currency, most_supported(&self.currencies));
        // Issue dates near the top are likelier than a printing date at the bottom.
        let early = |candidate: &Scored<Date>| {
            0.3 * (1.0 - candidate.line as f32 / line_count.max(1) as f32)
        };
        let as_text = |found: Option<(Date, f32)>| found.map(|(date, c)| (date.to_string(), c));
        set(
            FieldName::IssueDate,
            as_text(best(&self.issue_dates, early)),
        );
        set(FieldName::DueDate, as_text(best(&self.due_dates, |_| 0.0)));
        // A net `Total` column beside a `Total incl. VAT` one: the smaller plus the tax is the
        // larger, so the smaller is the subtotal.
        let mut subtotals = self.subtotals.clone();
        for low in &self.totals {
            for high in &self.totals {
                if self
                    .taxes
                    .iter()
                    .any(|tax| !tax.value.is_zero() && low.value + tax.value == high.value)
                {
                    subtotals.push(low.clone());
                }
            }
        }
        let evidence = Evidence {
            paid: self.paid.clone(),
            tendered: self.tendered.iter().map(|t| t.value).collect(),
            // Printed with or without a minus: what is taken off.
            discounts: self
                .discounts
                .iter()
                .map(|d| d.value.abs())
                .filter(|d| !d.is_zero())
                .collect(),
            roundings: self
                .rounding
                .iter()
                .map(|r| r.value)
                .chain(implied_roundings(
                    &self.final_totals,
                    &self.totals,
                    &subtotals,
                ))
                .collect(),
        };
        let totals = with_rounded_totals(&self.totals, &subtotals, &self.rounding);
        let amounts = reconcile(&subtotals, &self.taxes, &totals, &evidence);
        for (name, value) in [
            (FieldName::Subtotal, amounts.subtotal),
            (FieldName::Tax, amounts.tax),
            (FieldName::Total, amounts.total),
        ] {
            set(name, value.map(|(amount, c)| (normalize(amount), c)));
        }
        extraction
    }
}

/// `totals` plus the amounts printed after a `Rounding` label that are no adjustment of cents but
/// the rounded total itself (`Rounding RM 182.00` under `Total RM 181.98`): within a unit of a
/// total or subtotal found, and as final as a `Total after rounding`.
fn with_rounded_totals(
    totals: &[Scored<Decimal>],
    subtotals: &[Scored<Decimal>],
    roundings: &[Scored<Decimal>],
) -> Vec<Scored<Decimal>> {
    let mut all = totals.to_vec();
    for rounding in roundings {
        let near_a_total = totals
            .iter()
            .chain(subtotals)
            .any(|other| (other.value - rounding.value).abs() < Decimal::ONE);
        if rounding.value >= Decimal::ONE && near_a_total {
            all.push(Scored {
                // The rounding label's own penalties (a value below it, ...) carry over.
                weight: rounding.weight + (FINAL - PLAIN),
                ..rounding.clone()
            });
        }
    }
    all
}

/// The adjustments a total printed after the rounding implies when the adjustment itself was
/// not read: its difference to a total or subtotal a few cents away (no coin is worth more).
fn implied_roundings(
    finals: &[Decimal],
    totals: &[Scored<Decimal>],
    subtotals: &[Scored<Decimal>],
) -> Vec<Decimal> {
    let step = Decimal::new(5, 2);
    let mut implied = Vec::new();
    for &last in finals {
        for other in totals.iter().chain(subtotals) {
            let difference = last - other.value;
            if !difference.is_zero() && difference.abs() <= step && !implied.contains(&difference) {
                implied.push(difference);
            }
        }
    }
    implied
}

/// The value with the most evidence (the sum of its weights), for cues that are individually
/// weak but add up, like currency symbols; believed as much as its best single cue plus a little
/// per repeat.
fn most_supported(candidates: &[Scored<String>]) -> Option<(String, f32)> {
    let mut support: Vec<(&str, f32, f32, usize)> = Vec::new();
    for candidate in candidates {
        match support
            .iter_mut()
            .find(|(value, ..)| *value == candidate.value)
        {
            Some((_, sum, best, count)) => {
                *sum += candidate.weight;
                *best = best.max(candidate.weight);
                *count += 1;
            }
            None => support.push((&candidate.value, candidate.weight, candidate.weight, 1)),
        }
    }
    support
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(value, _, best, count)| {
            let confidence = best + REPEAT_BONUS * (count - 1).min(3) as f32;
            (value.to_owned(), confidence.clamp(0.05, 0.99))
        })
}

/// Identifiers that pass their check digit are likelier; ones that fail it less likely.
fn tax_id_bonus(candidate: &Scored<String>) -> f32 {
    match check_tax_id(&candidate.value) {
        TaxIdStatus::Valid => 0.05,
        TaxIdStatus::Invalid(_) => -0.15,
        TaxIdStatus::Unknown => 0.0,
    }
}
