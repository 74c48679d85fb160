use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::{DateOrder, find_dates, parse_date, parse_whole_date};

fn day_first(text: &str) -> Option<Date> {
    parse_date(text, DateOrder::DayFirst)
}

#[test]
fn iso() {
    assert_eq!(day_first("2024-11-15"), Some(date(2024, 11, 15)));
    assert_eq!(day_first("2024/11/15"), Some(date(2024, 11, 15)));
    assert_eq!(day_first("2024-3-5"), Some(date(2024, 3, 5)));
    assert_eq!(day_first("2024-03-15T10:22:31"), Some(date(2024, 3, 15)));
}

#[test]
fn numeric_day_first() {
    for text in [
        "15/11/2024",
        "15-11-2024",
        "15.11.2024",
        "15/11/24",
        "15-11-24",
    ] {
        assert_eq!(day_first(text), Some(date(2024, 11, 15)), "{text}");
    }
    assert_eq!(day_first("03/04/2024"), Some(date(2024, 4, 3)));
    assert_eq!(day_first("9/5/18"), Some(date(2018, 5, 9)));
}

#[test]
fn numeric_month_first() {
    let month_first = |text| parse_date(text, DateOrder::MonthFirst);
    assert_eq!(month_first("03/04/2024"), Some(date(2024, 3, 4)));
    assert_eq!(month_first("11/15/2024"), Some(date(2024, 11, 15)));
}

#[test]
fn impossible_order_falls_back_to_the_other() {
    assert_eq!(day_first("11/15/2024"), Some(date(2024, 11, 15)));
    assert_eq!(
        parse_date("15/11/2024", DateOrder::MonthFirst),
        Some(date(2024, 11, 15))
    );
}

#[test]
fn two_digit_years() {
    assert_eq!(day_first("01/02/69"), Some(date(2069, 2, 1)));
    assert_eq!(day_first("01/02/70"), Some(date(1970, 2, 1)));
    assert_eq!(day_first("28-11-18"), Some(date(2018, 11, 28)));
}

#[test]
fn month_names() {
    assert_eq!(day_first("15 Nov 2024"), Some(date(2024, 11, 15)));
    assert_eq!(day_first("15-NOV-2018"), Some(date(2018, 11, 15)));
    assert_eq!(
        day_first("15 de noviembre de 2024"),
        Some(date(2024, 11, 15))
    );
    assert_eq!(day_first("7 de marzo del 2024"), Some(date(2024, 3, 7)));
    assert_eq!(
        day_first("1° de septiembre de 2023"),
        Some(date(2023, 9, 1))
    );
    assert_eq!(day_first("11. Juli 2014"), Some(date(2014, 7, 11)));
    assert_eq!(day_first("3. März 2020"), Some(date(2020, 3, 3)));
    assert_eq!(day_first("12 dic. 2022"), Some(date(2022, 12, 12)));
    assert_eq!(day_first("2 Sept 2021"), Some(date(2021, 9, 2)));
    assert_eq!(day_first("Nov 15, 2024"), Some(date(2024, 11, 15)));
    assert_eq!(day_first("November 15th, 2024"), Some(date(2024, 11, 15)));
}

#[test]
fn dates_inside_text() {
    assert_eq!(
        day_first("DATE: 20/04/2018 TIME: 16:03"),
        Some(date(2018, 4, 20))
    );
    assert_eq!(
        day_first("Handelsrechnung (380) Nr. 471102 vom 15.11.2024"),
        Some(date(2024, 11, 15))
    );
    assert_eq!(
        day_first("Liefer- und Rechnungsdatum: 11. Juli 2014"),
        Some(date(2014, 7, 11))
    );
}

#[test]
fn not_dates() {
    for text in [
        "",
        "12.00",
        "1.234.567",
        "4.70 5.00",
        "31/02/2024",
        "00/00/0000",
        "15/13/2024/7",
        "115/11/2024",
        "15/11/20245",
        "18291/102/T0163",
        "10 Storch 10 20,00",
        "5 Stk 2024",
        "2014-03",
        "15-11/2024",
    ] {
        assert_eq!(day_first(text), None, "{text:?}");
    }
}

#[test]
fn leap_days() {
    assert_eq!(day_first("29/02/2024"), Some(date(2024, 2, 29)));
    assert_eq!(day_first("29/02/2023"), None);
}

#[test]
fn find_dates_reports_every_date_with_its_range() {
    let text = "Fecha: 15/11/2024  Vence: 15 de diciembre de 2024";
    let found = find_dates(text, DateOrder::DayFirst);
    assert_eq!(found.len(), 2);
    assert_eq!(&text[found[0].start..found[0].end], "15/11/2024");
    assert_eq!(found[1].date, date(2024, 12, 15));
}

#[test]
fn a_whole_date_is_the_date_and_nothing_else() {
    let whole = |text| parse_whole_date(text, DateOrder::DayFirst);
    assert_eq!(whole(" 15/11/2024 "), Some(date(2024, 11, 15)));
    assert_eq!(whole("2024-11-15"), Some(date(2024, 11, 15)));
    assert_eq!(whole("15 de noviembre de 2024"), Some(date(2024, 11, 15)));
    for text in [
        "15/11/2024extra",
        "2026-12-31zz",
        "2024-03-15T10:22:31",
        "2024-11-15 x",
        "x 2024-11-15",
        "15/11/2024 16/11/2024",
        "",
    ] {
        assert_eq!(whole(text), None, "{text:?}");
    }
}

proptest! {
    #[test]
    fn a_valid_date_with_anything_after_it_is_not_a_whole_date(
        day in 1i8..=28,
        month in 1i8..=12,
        year in 1950i16..=2100,
        iso in any::<bool>(),
        suffix in "\\PC*[^\\s]\\PC*",
    ) {
        let written = if iso {
            date(year, month, day).to_string()
        } else {
            format!("{day:02}/{month:02}/{year}")
        };
        prop_assert_eq!(
            parse_whole_date(&written, DateOrder::DayFirst),
            Some(date(year, month, day))
        );
        let typed = format!("{written}{suffix}");
        prop_assert_eq!(parse_whole_date(&typed, DateOrder::DayFirst), None, "{}", typed);
    }

    #[test]
    fn parse_date_never_panics(text in "\\PC*") {
        let _ = parse_date(&text, DateOrder::DayFirst);
        let _ = parse_date(&text, DateOrder::MonthFirst);
    }

    #[test]
    fn parse_date_never_panics_on_date_like_text(text in "[0-9/.\\- a-zA-Zé]{0,24}") {
        let _ = find_dates(&text, DateOrder::DayFirst);
    }

    #[test]
    fn iso_and_day_first_round_trip(day in 1i8..=28, month in 1i8..=12, year in 1950i16..=2100) {
        let expected = date(year, month, day);
        prop_assert_eq!(day_first(&expected.to_string()), Some(expected));
        let written = format!("{day:02}/{month:02}/{year}");
        prop_assert_eq!(day_first(&written), Some(expected));
    }
}
