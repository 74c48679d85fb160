//! The legal clock of a glosa: Ley 1438 de 2011 art. 57, counted in Colombian business days
//! ([`crate::calendar`]).
//!
//! 1. The payer formulates and communicates its glosas within [`PAYER_FORMULATES`] business days
//!    of the filing (radicación) of the invoice with its supports. Later than that the invoice
//!    is tacitly accepted and the clinic rejects the glosa as extemporaneous
//!    ([`LATE_GLOSA_RESPONSE`]).
//! 2. The clinic (our user) answers within [`PROVIDER_ANSWERS`] business days of receiving the
//!    glosa. Later than that the glosa is tacitly accepted.
//! 3. The payer decides (lifts the glosa fully or partly, or keeps it) within
//!    [`PAYER_DECIDES`] business days of the answer; unresolved glosas go to conciliation or
//!    the Superintendencia (`providers.md` §7).
//!
//! A period of `n` business days "of" a date ends on the `n`-th business day after it: the day
//! of the event itself is not counted.

use jiff::civil::Date;

use crate::calendar::{add_business_days, business_days_between};

/// Business days the payer has to formulate a glosa, from the invoice's filing.
pub const PAYER_FORMULATES: u32 = 20;

/// Business days the provider has to answer a glosa, from receiving it.
pub const PROVIDER_ANSWERS: u32 = 15;

/// Business days the payer has to decide on the provider's answer, from receiving it.
pub const PAYER_DECIDES: u32 = 10;

/// The response code (Res. 2284/2023) that rejects a glosa formulated after
/// [`PAYER_FORMULATES`] business days: "la glosa no procede por haber sido generada fuera de
/// los términos". `RE9501` is the same answer to a devolución.
pub const LATE_GLOSA_RESPONSE: &str = "RE9502";

/// The response code (Res. 2284/2023) that rejects an extemporaneous devolución.
pub const LATE_DEVOLUTION_RESPONSE: &str = "RE9501";

/// How pressing an answer is, from the business days left ([`days_left`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Urgency {
    /// More than 5 business days left.
    Ok,
    /// 3 to 5 business days left.
    Soon,
    /// 0 to 2 business days left (0: today is the last day).
    Urgent,
    /// The term has passed: the glosa is tacitly accepted.
    Overdue,
}

/// The last day to answer a glosa received on `received`: [`PROVIDER_ANSWERS`] business days
/// later.
pub fn answer_due(received: Date) -> Date {
    add_business_days(received, PROVIDER_ANSWERS)
}

/// The last day for the payer to formulate glosas on an invoice filed on `filed`.
pub fn formulation_due(filed: Date) -> Date {
    add_business_days(filed, PAYER_FORMULATES)
}

/// The last day for the payer to decide on an answer sent on `answered`.
pub fn decision_due(answered: Date) -> Date {
    add_business_days(answered, PAYER_DECIDES)
}

/// Business days from `today` to `due`: 0 on the due day (and on a weekend or holiday just
/// before it, when no business day is left in between), negative once `due` has passed. A day
/// after `due` is at least −1 even when it is not a business day, because the term is over.
pub fn days_left(due: Date, today: Date) -> i64 {
    if today <= due {
        business_days_between(today, due)
    } else {
        -business_days_between(due, today).max(1)
    }
}

/// The urgency of a term with `days_left` business days left.
pub fn urgency(days_left: i64) -> Urgency {
    match days_left {
        ..0 => Urgency::Overdue,
        0..=2 => Urgency::Urgent,
        3..=5 => Urgency::Soon,
        _ => Urgency::Ok,
    }
}

/// Whether a glosa notice dated `notice` came within [`PAYER_FORMULATES`] business days of the
/// invoice's filing on `filed`. When it did not, the invoice is tacitly accepted and the glosa
/// can be answered with [`LATE_GLOSA_RESPONSE`]. A notice dated before the filing counts as in
/// time.
pub fn formulated_in_time(filed: Date, notice: Date) -> bool {
    business_days_between(filed, notice) <= i64::from(PAYER_FORMULATES)
}

#[cfg(test)]
mod tests;
