use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{DecimalSeparator, normalize, parse_amount, parse_typed_amount};

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("test decimal")
}

fn guessed(text: &str) -> Option<Decimal> {
    parse_amount(text, None)
}

#[test]
fn plain_numbers() {
    assert_eq!(guessed("0"), Some(dec("0")));
    assert_eq!(guessed("42"), Some(dec("42")));
    assert_eq!(guessed("1234.5"), Some(dec("1234.5")));
    assert_eq!(guessed("  12.00  "), Some(dec("12.00")));
    assert_eq!(guessed(".10"), Some(dec("0.10")));
}

#[test]
fn both_separators_the_last_one_is_decimal() {
    assert_eq!(guessed("1.234.567,89"), Some(dec("1234567.89")));
    assert_eq!(guessed("1,234,567.89"), Some(dec("1234567.89")));
    assert_eq!(guessed("1.234,5"), Some(dec("1234.5")));
    assert_eq!(guessed("1,234.50"), Some(dec("1234.50")));
}

#[test]
fn ambiguous_single_separator() {
    // Three digits after one separator, one to three before: thousands.
    assert_eq!(guessed("1.234"), Some(dec("1234")));
    assert_eq!(guessed("1,234"), Some(dec("1234")));
    assert_eq!(guessed("123.456"), Some(dec("123456")));
    // Anything else: decimals.
    assert_eq!(guessed("1,5"), Some(dec("1.5")));
    assert_eq!(guessed("12,50"), Some(dec("12.50")));
    assert_eq!(guessed("0.234"), Some(dec("0.234")));
    assert_eq!(guessed("3,3333"), Some(dec("3.3333")));
    assert_eq!(guessed("1234.567"), Some(dec("1234.567")));
}

#[test]
fn repeated_separator_groups_thousands() {
    assert_eq!(guessed("1.234.567"), Some(dec("1234567")));
    assert_eq!(guessed("1,234,567"), Some(dec("1234567")));
    assert_eq!(guessed("1 234 567,89"), Some(dec("1234567.89")));
    assert_eq!(guessed("1'234.50"), Some(dec("1234.50")));
}

#[test]
fn irregular_grouping_is_not_an_amount() {
    assert_eq!(guessed("1.23.456"), None);
    assert_eq!(guessed("12,34.56"), None);
    assert_eq!(guessed("1.234.56"), None);
    assert_eq!(guessed("1.234,567,8"), None);
    assert_eq!(guessed("12 34"), None);
}

#[test]
fn explicit_separator() {
    let comma = Some(DecimalSeparator::Comma);
    let dot = Some(DecimalSeparator::Dot);
    assert_eq!(parse_amount("1.234", comma), Some(dec("1234")));
    assert_eq!(parse_amount("1.234", dot), Some(dec("1.234")));
    assert_eq!(parse_amount("1,234", comma), Some(dec("1.234")));
    assert_eq!(parse_amount("1,234", dot), Some(dec("1234")));
    assert_eq!(parse_amount("1.234.567,89", comma), Some(dec("1234567.89")));
    assert_eq!(parse_amount("1,234,567.89", dot), Some(dec("1234567.89")));
    // The wrong separator for the text: grouping does not fit.
    assert_eq!(parse_amount("1,5", dot), None);
    assert_eq!(parse_amount("1.234.567,89", dot), None);
}

#[test]
fn currency_markers_around_the_number() {
    assert_eq!(guessed("RM 12.00"), Some(dec("12.00")));
    assert_eq!(guessed("RM152.00"), Some(dec("152.00")));
    assert_eq!(guessed("S/ 1,234.50"), Some(dec("1234.50")));
    assert_eq!(guessed("S/. 1,234.50"), Some(dec("1234.50")));
    assert_eq!(guessed("$1,234.50"), Some(dec("1234.50")));
    assert_eq!(guessed("US$ 99.90"), Some(dec("99.90")));
    assert_eq!(guessed("1.005,55 €"), Some(dec("1005.55")));
    assert_eq!(guessed("EUR 529,87"), Some(dec("529.87")));
    assert_eq!(guessed("COP $ 3.867.500"), Some(dec("3867500")));
}

#[test]
fn negatives() {
    assert_eq!(guessed("-12.00"), Some(dec("-12.00")));
    assert_eq!(guessed("−9,07"), Some(dec("-9.07")));
    assert_eq!(guessed("12.00-"), Some(dec("-12.00")));
    assert_eq!(guessed("(12.00)"), Some(dec("-12.00")));
    assert_eq!(guessed("-RM 5.00"), Some(dec("-5.00")));
    assert_eq!(guessed("+3"), Some(dec("3")));
}

#[test]
fn not_amounts() {
    for text in [
        "",
        "   ",
        "abc",
        "Total: 12.00",
        "4X 38.00",
        "12.00 14.00",
        "12/11/2024",
        "1:12:43",
        "..",
        "-",
    ] {
        assert_eq!(guessed(text), None, "{text:?}");
    }
}

#[test]
fn normalize_keeps_scale_without_grouping() {
    assert_eq!(normalize(dec("1234.50")), "1234.50");
    assert_eq!(normalize(dec("4.70")), "4.70");
    assert_eq!(normalize(dec("-9.07")), "-9.07");
    assert_eq!(normalize(dec("1234567")), "1234567");
    assert_eq!(normalize(dec("0.001")), "0.001");
}

#[test]
fn a_typed_amount_is_the_number_and_nothing_else() {
    assert_eq!(parse_typed_amount("1.234,50"), Some(dec("1234.50")));
    assert_eq!(parse_typed_amount(" 1234.50 "), Some(dec("1234.50")));
    assert_eq!(parse_typed_amount("(12.00)"), Some(dec("-12.00")));
    for text in ["12abc", "12 soles", "S/ 12", "1.2.3x", "", "abc"] {
        assert_eq!(parse_typed_amount(text), None, "{text:?}");
    }
}

proptest! {
    #[test]
    fn an_amount_with_letters_after_it_is_refused(
        whole in 0u32..1_000_000,
        cents in 0u32..100,
        suffix in "[a-zA-Zñé€$/]{1,6}",
    ) {
        let written = format!("{whole}.{cents:02}");
        prop_assert!(parse_typed_amount(&written).is_some());
        let typed = format!("{written}{suffix}");
        prop_assert_eq!(parse_typed_amount(&typed), None, "{}", typed);
    }

    #[test]
    fn parse_amount_never_panics(text in "\\PC*") {
        let _ = parse_amount(&text, None);
        let _ = parse_amount(&text, Some(DecimalSeparator::Comma));
        let _ = parse_amount(&text, Some(DecimalSeparator::Dot));
    }

    #[test]
    fn parse_amount_never_panics_on_number_like_text(text in "[-+()$€ S/RM0-9.,' ]{0,30}") {
        let _ = parse_amount(&text, None);
    }

    /// The normalised form reads back as the same value with its scale, given that it uses `.`.
    #[test]
    fn normalize_round_trips(mantissa in any::<i64>(), scale in 0u32..=18) {
        let amount = Decimal::new(mantissa, scale);
        let text = normalize(amount);
        let back = parse_amount(&text, Some(DecimalSeparator::Dot));
        prop_assert_eq!(back, Some(amount));
        prop_assert_eq!(back.map(|value| value.scale()), Some(amount.scale()));
    }

    /// Without a separator the normalised form also reads back, except `d.ddd` to `ddd.ddd`,
    /// which reads as thousands by design.
    #[test]
    fn normalize_round_trips_when_guessing(mantissa in any::<i64>(), scale in 0u32..=18) {
        let amount = Decimal::new(mantissa, scale);
        let text = normalize(amount);
        let digits = text.trim_start_matches('-');
        let looks_grouped = scale == 3
            && (1..=3).contains(&digits.find('.').unwrap_or(0))
            && !digits.starts_with('0');
        prop_assume!(!looks_grouped);
        prop_assert_eq!(parse_amount(&text, None), Some(amount));
    }

    /// Grouped renderings in both conventions read back as the value.
    #[test]
    fn grouped_forms_read_back(cents in 0i64..10_000_000_000) {
        let amount = Decimal::new(cents, 2);
        let integer = (cents / 100).to_string();
        let mut grouped = String::new();
        for (index, digit) in integer.chars().enumerate() {
            if index > 0 && (integer.len() - index) % 3 == 0 {
                grouped.push('\u{1}');
            }
            grouped.push(digit);
        }
        let fraction = format!("{:02}", cents % 100);
        let dot_style = format!("{}.{fraction}", grouped.replace('\u{1}', ","));
        let comma_style = format!("{},{fraction}", grouped.replace('\u{1}', "."));
        prop_assert_eq!(parse_amount(&dot_style, None), Some(amount));
        prop_assert_eq!(parse_amount(&comma_style, None), Some(amount));
    }
}
