//! Times in a zone without summer time (Lima) and one with it (Santiago), at midnight and
//! across a new year, in both languages; amounts per currency; counts.

use jiff::Timestamp;
use jiff::civil::date;
use jiff::tz::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::text::Lang::{En, Es};

fn at(text: &str) -> Timestamp {
    text.parse().expect("an RFC 3339 time")
}

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).expect("a known zone")
}

/// Thursday 3 December 2026, 10:42 in Lima.
fn now() -> Timestamp {
    at("2026-12-03T15:42:00Z")
}

#[test]
fn times_are_today_yesterday_a_day_or_a_date() {
    let lima = zone("America/Lima");
    let cases = [
        ("2026-12-03T15:42:00Z", "hoy 10:42", "today 10:42"),
        ("2026-12-02T23:05:00Z", "ayer 18:05", "yesterday 18:05"),
        ("2026-12-04T14:00:00Z", "mañana 09:00", "tomorrow 09:00"),
        ("2026-03-03T15:42:00Z", "3 mar 10:42", "Mar 3 10:42"),
        ("2025-12-03T15:42:00Z", "3 dic 2025", "Dec 3 2025"),
    ];
    for (time, es, en) in cases {
        assert_eq!(when(at(time), now(), &lima, Es), es, "{time}");
        assert_eq!(when(at(time), now(), &lima, En), en, "{time}");
    }
}

#[test]
fn days_are_days_in_the_tenants_zone() {
    // 02:00 UTC on the 3rd is still the 2nd, 21:00, in Lima.
    let early = at("2026-12-03T02:00:00Z");
    assert_eq!(
        when(early, now(), &zone("America/Lima"), En),
        "yesterday 21:00"
    );
    assert_eq!(when(early, now(), &TimeZone::UTC, En), "today 02:00");
}

#[test]
fn midnight_starts_a_new_day() {
    let lima = zone("America/Lima");
    let midnight = at("2026-12-03T05:00:00Z");
    assert_eq!(when(midnight, midnight, &lima, Es), "hoy 00:00");
    let before = at("2026-12-03T04:59:00Z");
    assert_eq!(when(before, midnight, &lima, Es), "ayer 23:59");
}

#[test]
fn a_new_year_shows_last_years_dates_with_the_year() {
    let lima = zone("America/Lima");
    let new_year = at("2027-01-01T05:30:00Z");
    assert_eq!(
        when(at("2027-01-01T04:00:00Z"), new_year, &lima, Es),
        "ayer 23:00"
    );
    assert_eq!(
        when(at("2026-12-30T15:00:00Z"), new_year, &lima, Es),
        "30 dic 2026"
    );
    assert_eq!(
        when(at("2026-12-30T15:00:00Z"), new_year, &lima, En),
        "Dec 30 2026"
    );
    let separator = day_separator(date(2026, 12, 30), new_year, &lima, Es);
    assert_eq!(separator, "── miércoles 30 dic 2026 ──");
}

#[test]
fn summer_time_moves_the_clock() {
    let santiago = zone("America/Santiago");
    // December is summer in Chile (UTC-3), July winter (UTC-4).
    assert_eq!(when(now(), now(), &santiago, En), "today 12:42");
    let july = at("2026-07-03T15:42:00Z");
    assert_eq!(when(july, now(), &santiago, En), "Jul 3 11:42");
    assert_eq!(when(july, now(), &santiago, Es), "3 jul 11:42");
    assert_eq!(stamp(july, &santiago), "2026-07-03 11:42");
    assert_eq!(clock_in(now(), &santiago), "12:42");
}

#[test]
fn day_separators_name_the_day() {
    let lima = zone("America/Lima");
    let friday = at("2026-12-04T15:00:00Z");
    assert_eq!(
        day_separator(date(2026, 12, 4), friday, &lima, Es),
        "── hoy ──"
    );
    assert_eq!(
        day_separator(date(2026, 12, 4), friday, &lima, En),
        "── today ──"
    );
    assert_eq!(
        day_separator(date(2026, 12, 3), friday, &lima, Es),
        "── ayer ──"
    );
    assert_eq!(
        day_separator(date(2026, 12, 2), friday, &lima, Es),
        "── miércoles 2 dic ──"
    );
    assert_eq!(
        day_separator(date(2026, 12, 2), friday, &lima, En),
        "── Wednesday Dec 2 ──"
    );
    assert_eq!(
        day_separator(date(2025, 12, 1), friday, &lima, Es),
        "── lunes 1 dic 2025 ──"
    );
    assert_eq!(day_of(at("2026-12-03T02:00:00Z"), &lima), date(2026, 12, 2));
}

#[test]
fn the_short_form_is_relative() {
    let later = |secs: i64| now() + jiff::SignedDuration::from_secs(secs);
    assert_eq!(ago(later(-9), now(), En), "9s ago");
    assert_eq!(ago(later(-9), now(), Es), "hace 9 s");
    assert_eq!(ago(later(720), now(), En), "in 12m");
    assert_eq!(ago(later(720), now(), Es), "en 12 min");
    assert_eq!(ago(later(-7200), now(), Es), "hace 2 h");
    assert_eq!(ago(now(), now(), Es), "ahora");
    assert_eq!(
        when_ago(later(-540), now(), &zone("America/Lima"), Es),
        "hoy 10:33 · hace 9 min"
    );
}

#[test]
fn amounts_are_written_as_each_currency_is() {
    let cases = [
        ("1180", "PEN", "S/ 1.180,00"),
        ("15024.07", "COP", "$ 15.024,07 COP"),
        ("2382870.00", "MXN", "$ 2,382,870.00 MXN"),
        ("1234.5", "USD", "US$ 1,234.50"),
        ("1234.50", "EUR", "1.234,50 €"),
        ("12345", "CLP", "$ 12.345 CLP"),
        ("1234.50", "ARS", "$ 1.234,50 ARS"),
        ("1234.5", "XYZ", "1,234.50 XYZ"),
        ("1234.5", "", "1,234.50"),
        ("1180", "pen", "S/ 1.180,00"),
        ("-1180", "PEN", "-S/ 1.180,00"),
        ("-1234.5", "EUR", "-1.234,50 €"),
        ("-15024.07", "COP", "-$ 15.024,07 COP"),
        (".5", "USD", "US$ 0.50"),
        ("0007", "USD", "US$ 7.00"),
        ("999.995", "USD", "US$ 1,000.00"),
        ("12345.5", "CLP", "$ 12.346 CLP"),
        ("-0.001", "USD", "US$ 0.00"),
        ("100", "PEN", "S/ 100,00"),
        ("not a number", "COP", "not a number COP"),
        ("1,234.50", "USD", "1,234.50 USD"),
    ];
    for (value, currency, shown) in cases {
        assert_eq!(amount(value, currency), shown, "{value} {currency}");
    }
}

#[test]
fn numbers_are_amounts_without_symbol_or_code() {
    assert_eq!(number("260000", "COP"), "260.000,00");
    assert_eq!(number("-2382870", "MXN"), "-2,382,870.00");
    assert_eq!(number("12345.4", "CLP"), "12.345");
    assert_eq!(number("n/a", "COP"), "n/a");
}

#[test]
fn counts_are_integers_with_thousands() {
    assert_eq!(count(0, En), "0");
    assert_eq!(count(999, En), "999");
    assert_eq!(count(1_234_567, En), "1,234,567");
    assert_eq!(count(1_234_567, Es), "1.234.567");
    assert_eq!(quantity(2.0, En), "2");
    assert_eq!(quantity(1234.0, Es), "1.234");
    assert_eq!(quantity(12.26, En), "12.3");
    assert_eq!(quantity(-1.0, En), "-1.0");
}

const CURRENCIES: [&str; 9] = ["PEN", "COP", "MXN", "USD", "EUR", "CLP", "ARS", "XYZ", ""];

proptest! {
    #[test]
    fn amount_never_panics(value in "\\PC{0,30}", currency in "\\PC{0,5}") {
        let _ = amount(&value, &currency);
    }

    #[test]
    fn amount_keeps_the_digits(
        negative in any::<bool>(),
        whole in "[1-9][0-9]{0,14}",
        fraction in "[0-9]{0,2}",
        currency in proptest::sample::select(CURRENCIES.as_slice()),
    ) {
        let decimals = if currency == "CLP" { 0 } else { 2 };
        prop_assume!(fraction.len() <= decimals);
        let sign = if negative { "-" } else { "" };
        let shown = amount(&format!("{sign}{whole}.{fraction}"), currency);
        let expected = format!("{whole}{fraction:0<decimals$}");
        let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
        prop_assert_eq!(digits, expected, "{}", shown);
        prop_assert_eq!(shown.starts_with('-'), negative, "{}", shown);
    }
}
