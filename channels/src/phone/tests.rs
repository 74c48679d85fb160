//! Normalisation and countries for the numbers our customers write, plus hostile input.

use proptest::prelude::*;

use super::*;

#[test]
fn normalizes_the_ways_numbers_are_written() {
    let table: &[(&str, Option<&str>, Option<&str>)] = &[
        // Peru: wa_id, international, national mobile, Lima landline with trunk 0.
        ("51987654321", None, Some("+51987654321")),
        ("+51 987 654 321", None, Some("+51987654321")),
        ("987654321", Some("51"), Some("+51987654321")),
        ("987 654 321", Some("+51"), Some("+51987654321")),
        ("51987654321", Some("51"), Some("+51987654321")),
        ("(01) 456-7890", Some("51"), Some("+5114567890")),
        // Colombia.
        ("300 123 4567", Some("57"), Some("+573001234567")),
        ("+57 (300) 123-4567", None, Some("+573001234567")),
        ("573001234567", Some("57"), Some("+573001234567")),
        // Mexico: the retired mobile 1 of old wa_ids is dropped.
        ("55 1234 5678", Some("52"), Some("+525512345678")),
        ("5215512345678", None, Some("+525512345678")),
        ("+52 1 55 1234 5678", None, Some("+525512345678")),
        // Chile.
        ("+56 9 8765 4321", None, Some("+56987654321")),
        ("9 8765 4321", Some("56"), Some("+56987654321")),
        // Argentina: mobiles carry 9 after +54; a Buenos Aires landline with trunk 0.
        ("5491123456789", None, Some("+5491123456789")),
        ("+54 9 11 2345-6789", None, Some("+5491123456789")),
        ("011 2345-6789", Some("54"), Some("+541123456789")),
        // Brazil.
        ("+55 11 91234-5678", None, Some("+5511912345678")),
        ("(11) 91234-5678", Some("55"), Some("+5511912345678")),
        // Ecuador, Bolivia, Uruguay.
        ("+593 99 123 4567", None, Some("+593991234567")),
        ("099 123 4567", Some("593"), Some("+593991234567")),
        ("+591 712 34567", None, Some("+59171234567")),
        ("71234567", Some("591"), Some("+59171234567")),
        ("+598 94 123 456", None, Some("+59894123456")),
        ("094 123 456", Some("598"), Some("+59894123456")),
        // Dominican Republic, United States, Canada (NANP).
        ("+1 (809) 555-1234", None, Some("+18095551234")),
        ("829-555-1234", Some("1"), Some("+18295551234")),
        ("1 849 555 1234", Some("1"), Some("+18495551234")),
        ("(212) 555-1234", Some("1"), Some("+12125551234")),
        // Spain, Italy (keeps its leading 0), United Kingdom, Malaysia.
        ("0034 612 34 56 78", None, Some("+34612345678")),
        ("612345678", Some("34"), Some("+34612345678")),
        ("06 1234 5678", Some("39"), Some("+390612345678")),
        ("07911 123456", Some("44"), Some("+447911123456")),
        ("+60 12-345 6789", None, Some("+60123456789")),
        ("012-345 6789", Some("60"), Some("+60123456789")),
        // Copied from a phone's contact card, with direction marks.
        (
            "\u{202a}+51 987 654 321\u{202c}",
            None,
            Some("+51987654321"),
        ),
        // A default that is not a calling code is ignored.
        ("51987654321", Some("Peru"), Some("+51987654321")),
        // Not phone numbers.
        ("12345", None, None),
        ("+1234567890123456", None, None),
        ("0987654321", None, None),
        ("<WHATSAPP_USER_PHONE_NUMBER>", None, None),
        ("US.13491208655302741918", None, None),
        ("+51 987 654 321 ext 5", None, None),
        ("51+987654321", None, None),
        ("", None, None),
        ("+", None, None),
    ];
    for (raw, default, expected) in table {
        assert_eq!(
            normalize(raw, *default).as_deref(),
            *expected,
            "{raw:?} with {default:?}"
        );
    }
}

#[test]
fn countries_by_longest_calling_code() {
    let table: &[(&str, Option<&str>)] = &[
        ("+51987654321", Some("PE")),
        ("+573001234567", Some("CO")),
        ("+525512345678", Some("MX")),
        ("+56987654321", Some("CL")),
        ("+5491123456789", Some("AR")),
        ("+5511912345678", Some("BR")),
        ("+593991234567", Some("EC")),
        ("+59171234567", Some("BO")),
        ("+59894123456", Some("UY")),
        ("+595981123456", Some("PY")),
        ("+584121234567", Some("VE")),
        ("+50688887777", Some("CR")),
        ("+50761234567", Some("PA")),
        ("+5352123456", Some("CU")),
        ("+18095551234", Some("DO")),
        ("+18295551234", Some("DO")),
        ("+18495551234", Some("DO")),
        ("+17875551234", Some("PR")),
        ("+18765551234", Some("JM")),
        ("+18685551234", Some("TT")),
        ("+14165551234", Some("CA")),
        ("+12125551234", Some("US")),
        ("+18005551234", Some("US")),
        ("+34612345678", Some("ES")),
        ("+351912345678", Some("PT")),
        ("+447911123456", Some("GB")),
        ("+4915112345678", Some("DE")),
        ("+33612345678", Some("FR")),
        ("+390612345678", Some("IT")),
        ("+60123456789", Some("MY")),
        ("+919812345678", Some("IN")),
        ("+8613812345678", Some("CN")),
        ("+79161234567", Some("RU")),
        ("+77011234567", Some("KZ")),
        ("+59991234567", Some("CW")),
        ("51987654321", Some("PE")),
        ("+2800000000", None),
        ("+999123456", None),
        ("+51 987", None),
        ("", None),
        ("+", None),
    ];
    for (number, expected) in table {
        assert_eq!(country_of(number), *expected, "{number:?}");
    }
}

#[test]
fn every_normalized_fixture_sender_has_a_country() {
    // The WhatsApp fixtures' senders are Israeli (+972) and US (+1 650) numbers.
    assert_eq!(country_of("+972987654321"), Some("IL"));
    assert_eq!(country_of("+16505551234"), Some("US"));
}

proptest! {
    #[test]
    fn normalize_never_panics_and_is_idempotent(
        raw in ".{0,40}",
        default in proptest::option::of("[+0-9a-z]{0,5}"),
    ) {
        if let Some(normalized) = normalize(&raw, default.as_deref()) {
            let digits = normalized.strip_prefix('+').expect("starts with +");
            prop_assert!((8..=15).contains(&digits.len()), "{normalized}");
            prop_assert!(digits.bytes().all(|byte| byte.is_ascii_digit()), "{normalized}");
            prop_assert_eq!(normalize(&normalized, None), Some(normalized.clone()));
            prop_assert_eq!(normalize(&normalized, default.as_deref()), Some(normalized.clone()));
        }
        let _ = country_of(&raw);
    }

    #[test]
    fn separators_do_not_change_the_number(
        digits in "[1-9][0-9]{7,14}",
        separators in prop::collection::vec(prop::sample::select(vec![" ", "-", "(", ")", "."]), 16),
    ) {
        prop_assume!(!(digits.starts_with("521") && digits.len() == 13));
        let mut written = String::from("+");
        for (digit, separator) in digits.chars().zip(&separators) {
            written.push(digit);
            written.push_str(separator);
        }
        prop_assert_eq!(normalize(&written, None), Some(format!("+{digits}")));
    }
}
