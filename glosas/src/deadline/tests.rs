//! Terms across Holy Week, Christmas and weekends, and the urgency bands.

use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::*;
use crate::calendar::is_business_day;
use crate::catalog::Catalog;

#[test]
fn glosa_received_the_thursday_before_holy_week() {
    // Thursday 26 March 2026; Jueves and Viernes Santo are 2 and 3 April.
    let received = date(2026, 3, 26);
    assert_eq!(answer_due(received), date(2026, 4, 20));
}

#[test]
fn glosa_received_before_san_jose_and_holy_week() {
    // Thursday 19 March 2026: San José is observed on Monday 23 March, then Holy Week.
    assert_eq!(answer_due(date(2026, 3, 19)), date(2026, 4, 14));
}

#[test]
fn glosa_received_on_holy_wednesday() {
    // Wednesday 16 April 2025: Holy Thursday, Good Friday and 1 May are skipped.
    assert_eq!(answer_due(date(2025, 4, 16)), date(2025, 5, 12));
}

#[test]
fn glosa_received_before_christmas() {
    // 25 December, 1 January and Reyes (Monday 12 January 2026) are skipped.
    assert_eq!(answer_due(date(2025, 12, 22)), date(2026, 1, 15));
}

#[test]
fn payer_terms() {
    // Filed Monday 2 March 2026; San José (23 March) is skipped.
    assert_eq!(formulation_due(date(2026, 3, 2)), date(2026, 3, 31));
    // Answered Monday 20 April 2026; 1 May is skipped.
    assert_eq!(decision_due(date(2026, 4, 20)), date(2026, 5, 5));
}

#[test]
fn a_glosa_is_in_time_up_to_the_twentieth_business_day() {
    let filed = date(2026, 3, 2);
    assert!(formulated_in_time(filed, date(2026, 3, 2)));
    assert!(formulated_in_time(filed, date(2026, 3, 31)));
    assert!(!formulated_in_time(filed, date(2026, 4, 1)));
    // Holy Thursday and Good Friday add no business day: still the 21st.
    assert!(!formulated_in_time(filed, date(2026, 4, 3)));
    // A notice dated before the filing is not late.
    assert!(formulated_in_time(filed, date(2026, 2, 1)));
}

#[test]
fn days_left_counts_business_days_to_the_due_day() {
    let due = date(2026, 4, 20); // Monday
    assert_eq!(days_left(due, date(2026, 4, 1)), 11); // Holy Week in between
    assert_eq!(days_left(due, date(2026, 4, 17)), 1); // Friday
    assert_eq!(days_left(due, date(2026, 4, 18)), 1); // Saturday
    assert_eq!(days_left(due, due), 0);
    assert_eq!(days_left(due, date(2026, 4, 21)), -1);
    assert_eq!(days_left(due, date(2026, 4, 25)), -4); // the Saturday after
}

#[test]
fn the_weekend_after_a_friday_due_day_is_already_overdue() {
    let due = date(2026, 4, 17); // Friday
    assert_eq!(days_left(due, date(2026, 4, 18)), -1);
    assert_eq!(days_left(due, date(2026, 4, 19)), -1);
    assert_eq!(days_left(due, date(2026, 4, 20)), -1);
    assert_eq!(urgency(days_left(due, date(2026, 4, 18))), Urgency::Overdue);
}

#[test]
fn urgency_bands() {
    let table = [
        (i64::MIN, Urgency::Overdue),
        (-1, Urgency::Overdue),
        (0, Urgency::Urgent),
        (2, Urgency::Urgent),
        (3, Urgency::Soon),
        (5, Urgency::Soon),
        (6, Urgency::Ok),
        (15, Urgency::Ok),
        (i64::MAX, Urgency::Ok),
    ];
    for (days, expected) in table {
        assert_eq!(urgency(days), expected, "{days}");
    }
}

#[test]
fn late_response_codes_are_in_the_catalog() {
    let catalog = Catalog::embedded();
    let glosa = catalog
        .lookup(LATE_GLOSA_RESPONSE)
        .expect("RE9502 is listed");
    assert!(glosa.is_response());
    assert!(glosa.description.contains("glosa"));
    assert!(glosa.description.contains("extemporánea"));
    let devolution = catalog
        .lookup(LATE_DEVOLUTION_RESPONSE)
        .expect("RE9501 is listed");
    assert!(devolution.description.contains("devolución"));
    assert!(devolution.description.contains("extemporánea"));
}

fn any_date() -> impl Strategy<Value = Date> {
    (1984i16..=2099, 1i8..=12, 1i8..=28).prop_map(|(year, month, day)| date(year, month, day))
}

proptest! {
    #[test]
    fn a_fresh_glosa_has_the_whole_term_left(received in any_date()) {
        let due = answer_due(received);
        prop_assert!(is_business_day(due));
        prop_assert_eq!(days_left(due, received), i64::from(PROVIDER_ANSWERS));
        prop_assert_eq!(days_left(due, due), 0);
        prop_assert_eq!(urgency(days_left(due, due)), Urgency::Urgent);
    }

    #[test]
    fn after_the_due_day_it_is_overdue(due in any_date(), after in 1i32..400) {
        let today = due.checked_add(jiff::Span::new().days(after)).expect("in range");
        prop_assert!(days_left(due, today) < 0);
        prop_assert_eq!(urgency(days_left(due, today)), Urgency::Overdue);
    }

    #[test]
    fn the_deadline_is_in_time_and_the_next_business_day_is_not(filed in any_date()) {
        let due = formulation_due(filed);
        prop_assert!(formulated_in_time(filed, due));
        prop_assert!(!formulated_in_time(filed, crate::calendar::add_business_days(due, 1)));
    }

    #[test]
    fn urgency_never_gets_milder_as_days_run_out(days in any::<i64>()) {
        prop_assert!(urgency(days.saturating_sub(1)) >= urgency(days));
    }
}
