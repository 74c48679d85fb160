//! Amounts: the subtotal, tax and total that weigh most together, with a bonus when they add up
//! and a penalty for a total below its parts.

use rust_decimal::Decimal;

use super::candidates::{REPEAT_BONUS, Scored};
use super::{CONSISTENT, TOTAL_BELOW_PART};

/// The chosen subtotal, tax and total with their confidences.
#[derive(Debug, Default)]
pub(super) struct Amounts {
    pub(super) subtotal: Option<(Decimal, f32)>,
    pub(super) tax: Option<(Decimal, f32)>,
    pub(super) total: Option<(Decimal, f32)>,
}

/// At most this many distinct candidates per amount take part in the search.
const MAX_AMOUNT_CANDIDATES: usize = 12;
/// What the total's evidence adds to it: the payment proves it (tendered − change), or a
/// rounding adjustment makes it of another amount.
#[derive(Debug, Default)]
pub(super) struct Evidence {
    pub(super) paid: Vec<Decimal>,
    /// What was handed over (cash, card), with or without change.
    pub(super) tendered: Vec<Decimal>,
    pub(super) roundings: Vec<Decimal>,
    /// Discounts taken off the subtotal (positive).
    pub(super) discounts: Vec<Decimal>,
}

/// Highest confidence of an amount no arithmetic confirms (subtotal + tax = total, tendered −
/// change, a rounding adjustment).
const UNCONFIRMED: f32 = 0.85;
/// What choosing no total costs against choosing one.
const NO_TOTAL: f32 = 0.2;
/// Bonus of a total the payment proves.
const PAID: f32 = 0.35;
/// Bonus of a total that is another amount plus a rounding adjustment.
const ROUNDED: f32 = 0.3;
/// Weight of a total the payment proves with no label giving it.
const UNLABELLED_PAID: f32 = 0.45;
/// Weight of a total computed as subtotal + tax, or taken from the subtotal alone.
const COMPUTED_TOTAL: f32 = 0.45;
const SUBTOTAL_AS_TOTAL: f32 = 0.3;

/// Picks the subtotal, tax and total that weigh most together: the weights of the chosen
/// candidates, plus [`CONSISTENT`] when they add up, minus [`TOTAL_BELOW_PART`] when the total
/// is smaller than a part. Between equal scores the largest total wins. A missing total is
/// computed from the subtotal and the tax.
pub(super) fn reconcile(
    subtotals: &[Scored<Decimal>],
    taxes: &[Scored<Decimal>],
    totals: &[Scored<Decimal>],
    evidence: &Evidence,
) -> Amounts {
    let tolerance = Decimal::new(1, 2);
    let subtotals = distinct(subtotals);
    let taxes = distinct(taxes);
    let mut totals = distinct(totals);
    let roundings: Vec<Decimal> = evidence
        .roundings
        .iter()
        .copied()
        .filter(|r| !r.is_zero() && r.abs() < Decimal::ONE)
        .collect();
    let bases = weigh_totals(&mut totals, &subtotals, evidence, &roundings);
    // A total rounded down may be a little less than its subtotal.
    let rounded_down = roundings
        .iter()
        .map(|r| -*r)
        .max()
        .unwrap_or(Decimal::ZERO)
        .max(Decimal::ZERO);
    let options = |list: &[(Decimal, f32)]| -> Vec<Option<(Decimal, f32)>> {
        std::iter::once(None)
            .chain(list.iter().copied().map(Some))
            .collect()
    };
    let mut best: Option<(f32, Amounts, bool)> = None;
    for total in options(&totals) {
        for subtotal in options(&subtotals) {
            for tax in options(&taxes) {
                let weight = |part: Option<(Decimal, f32)>| part.map_or(0.0, |(_, w)| w);
                let mut score = weight(total) + weight(subtotal) + weight(tax);
                if total.is_none() {
                    // A document states its total: leaving it out must cost something.
                    score -= NO_TOTAL;
                }
                let adds_up = |s: Decimal, x: Decimal, t: Decimal| {
                    (s + x - t).abs() <= tolerance
                        || roundings.iter().any(|r| (s + x + r - t).abs() <= tolerance)
                };
                let consistent = match (subtotal, tax, total) {
                    (Some((s, _)), Some((x, _)), Some((t, _))) => {
                        adds_up(s, x, t) || discounted(&evidence.discounts, s, x, t)
                    }
                    (Some((s, _)), None, Some((t, _))) => {
                        discounted(&evidence.discounts, s, Decimal::ZERO, t)
                    }
                    _ => false,
                };
                let discounted_subtotal = matches!((subtotal, total),
                    (Some((s, _)), Some((t, _)))
                        if discounted(&evidence.discounts, s, tax.map_or(Decimal::ZERO, |(x, _)| x), t));
                if consistent {
                    score += CONSISTENT;
                }
                if let Some((t, _)) = total {
                    let subtotal = subtotal.filter(|_| !discounted_subtotal);
                    for (part, _) in [subtotal, tax].into_iter().flatten() {
                        if t + tolerance + rounded_down < part {
                            score -= TOTAL_BELOW_PART;
                        }
                    }
                    // No tax is half the price: such a "tax" is a base from a tax summary.
                    if let Some((x, _)) = tax
                        && t > Decimal::ZERO
                        && x * Decimal::TWO >= t
                    {
                        score -= TOTAL_BELOW_PART;
                    }
                }
                let larger_total =
                    |current: &Amounts| total.map(|(t, _)| t) > current.total.map(|(t, _)| t);
                let better = match &best {
                    None => true,
                    Some((current, amounts, _)) => {
                        score > current + 1e-4
                            || ((score - current).abs() <= 1e-4 && larger_total(amounts))
                    }
                };
                if better {
                    best = Some((
                        score,
                        Amounts {
                            subtotal,
                            tax,
                            total,
                        },
                        consistent,
                    ));
                }
            }
        }
    }
    let Some((_, mut amounts, consistent)) = best else {
        return Amounts::default();
    };
    let total_proven = amounts.total.is_some_and(|(total, _)| {
        evidence.paid.contains(&total)
            || roundings
                .iter()
                .any(|r| bases.iter().any(|base| base + r == total))
    });
    settle(&mut amounts, consistent, total_proven);
    amounts
}

/// Whether a discount printed between the subtotal and the total (`Coupon discount`) takes
/// subtotal `s` (plus tax `x`) to total `t`: the total is below its subtotal by that much.
fn discounted(discounts: &[Decimal], s: Decimal, x: Decimal, t: Decimal) -> bool {
    let tolerance = Decimal::new(1, 2);
    discounts
        .iter()
        .any(|d| (s - *d + x - t).abs() <= tolerance)
}

/// Adds the totals the payment proves to `totals` and raises the ones the evidence confirms.
/// Returns the amounts a rounding adjustment may apply to.
fn weigh_totals(
    totals: &mut Vec<(Decimal, f32)>,
    subtotals: &[(Decimal, f32)],
    evidence: &Evidence,
    roundings: &[Decimal],
) -> Vec<Decimal> {
    // A card pays the exact total: an amount handed over that is a total or the subtotal plus
    // the rounding adjustment is the final total, even when no line prints it.
    let mut paid = evidence.paid.clone();
    for &tendered in &evidence.tendered {
        let rounded = roundings.iter().any(|r| {
            totals
                .iter()
                .chain(subtotals)
                .any(|(base, _)| *base + r == tendered)
        });
        if rounded && !paid.contains(&tendered) {
            paid.push(tendered);
        }
    }
    // OCR loses decimal points (`930.` for `9.30`): a total a hundred times what was paid, or a
    // hundred times another total or the subtotal, is that amount misread.
    let hundred = Decimal::ONE_HUNDRED;
    let misread: Vec<Decimal> = totals
        .iter()
        .map(|(total, _)| *total)
        .filter(|&total| {
            total.fract().is_zero()
                && paid
                    .iter()
                    .chain(totals.iter().chain(subtotals).map(|(value, _)| value))
                    .any(|&other| !other.is_zero() && other * hundred == total)
        })
        .collect();
    totals.retain(|(total, _)| !misread.contains(total));
    if !totals.iter().any(|(total, _)| paid.contains(total)) {
        totals.extend(paid.iter().map(|&paid| (paid, UNLABELLED_PAID)));
    }
    // The final total is the one the payment proves, or the one a rounding adjustment makes of
    // another total or the subtotal.
    let bases: Vec<Decimal> = totals
        .iter()
        .chain(subtotals)
        .map(|(value, _)| *value)
        .collect();
    for (total, weight) in totals.iter_mut() {
        if paid.contains(total) {
            *weight += PAID;
        }
        if roundings
            .iter()
            .any(|r| bases.iter().any(|base| base + r == *total))
        {
            *weight += ROUNDED;
        }
    }
    bases
}

/// Confidence from how the amounts were confirmed, and a total computed when none was found.
fn settle(amounts: &mut Amounts, consistent: bool, total_proven: bool) {
    if consistent {
        let boost = |part: &mut Option<(Decimal, f32)>| {
            if let Some((_, confidence)) = part {
                *confidence = (*confidence + 0.08).min(0.99);
            }
        };
        boost(&mut amounts.subtotal);
        boost(&mut amounts.tax);
        boost(&mut amounts.total);
    } else {
        // A label alone is not proof: amounts no sum confirms stay below the high band.
        let cap = |part: &mut Option<(Decimal, f32)>| {
            if let Some((_, confidence)) = part {
                *confidence = confidence.min(UNCONFIRMED);
            }
        };
        cap(&mut amounts.subtotal);
        cap(&mut amounts.tax);
        if !total_proven {
            cap(&mut amounts.total);
        }
    }
    if amounts.total.is_none() {
        amounts.total = match (amounts.subtotal, amounts.tax) {
            (Some((s, _)), Some((x, _))) => Some((s + x, COMPUTED_TOTAL)),
            (Some((s, _)), None) => Some((s, SUBTOTAL_AS_TOTAL)),
            _ => None,
        };
    }
    for (_, confidence) in [&mut amounts.subtotal, &mut amounts.tax, &mut amounts.total]
        .into_iter()
        .flatten()
    {
        *confidence = confidence.clamp(0.05, 0.99);
    }
}

/// Distinct values with their best weight (plus a little per repeat), heaviest first.
fn distinct(candidates: &[Scored<Decimal>]) -> Vec<(Decimal, f32)> {
    let mut values: Vec<(Decimal, f32, usize)> = Vec::new();
    for candidate in candidates {
        match values
            .iter_mut()
            .find(|(value, _, _)| *value == candidate.value)
        {
            Some((_, weight, repeats)) => {
                *weight = weight.max(candidate.weight);
                *repeats += 1;
            }
            None => values.push((candidate.value, candidate.weight, 0)),
        }
    }
    let mut values: Vec<(Decimal, f32)> = values
        .into_iter()
        .map(|(value, weight, repeats)| (value, weight + REPEAT_BONUS * repeats.min(3) as f32))
        .collect();
    values.sort_by(|a, b| b.1.total_cmp(&a.1));
    values.truncate(MAX_AMOUNT_CANDIDATES);
    values
}
