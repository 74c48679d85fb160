use proptest::prelude::*;

use super::{TaxIdStatus, check_nit, check_rfc, check_ruc, check_tax_id};

fn is_invalid(status: &TaxIdStatus) -> bool {
    matches!(status, TaxIdStatus::Invalid(_))
}

#[test]
fn valid_rucs() {
    for id in [
        "20100070970",
        "20505310072",
        "20600055519",
        "10456789124",
        "20512345671",
    ] {
        assert_eq!(check_ruc(id), TaxIdStatus::Valid, "{id}");
        assert_eq!(check_tax_id(id), TaxIdStatus::Valid, "{id}");
    }
}

#[test]
fn invalid_rucs_say_why() {
    let TaxIdStatus::Invalid(why) = check_ruc("20100070971") else {
        panic!("a wrong check digit is invalid");
    };
    assert!(
        why.text.contains("check digit is 1") && why.text.contains("needs 0"),
        "{why}"
    );
    let TaxIdStatus::Invalid(why) = check_ruc("30100070970") else {
        panic!("a wrong prefix is invalid");
    };
    assert!(why.text.contains("starts with 30"), "{why}");
    assert!(is_invalid(&check_ruc("2010007097")));
    assert!(is_invalid(&check_ruc("2010007097A")));
}

#[test]
fn valid_nits() {
    for id in [
        "800197268-4",
        "800.197.268-4",
        "8001972684",
        "900373115-3",
        "860002964-4",
    ] {
        assert_eq!(check_nit(id), TaxIdStatus::Valid, "{id}");
        assert_eq!(check_tax_id(id), TaxIdStatus::Valid, "{id}");
    }
}

#[test]
fn invalid_nits() {
    assert!(is_invalid(&check_nit("800197268-5")));
    assert!(is_invalid(&check_nit("800.197.268-0")));
    assert!(is_invalid(&check_tax_id("800197268-5")));
    assert!(is_invalid(&check_nit("")));
    assert!(is_invalid(&check_nit("80019726A-4")));
}

#[test]
fn rfc_shape() {
    for id in [
        "AAA010101AAA",
        "EKU9003173C9",
        "XAXX010101000",
        "GODE561231GR8",
        "ÑAÑ010101AB1",
    ] {
        assert_eq!(check_rfc(id), TaxIdStatus::Valid, "{id}");
        assert_eq!(check_tax_id(id), TaxIdStatus::Valid, "{id}");
    }
    assert_eq!(check_rfc("EKU-900317-3C9"), TaxIdStatus::Valid);
    assert_eq!(check_rfc("AB&000229XY1"), TaxIdStatus::Valid, "29 Feb 2000");
}

#[test]
fn invalid_rfcs() {
    let TaxIdStatus::Invalid(why) = check_rfc("AAA011301AAA") else {
        panic!("month 13 is invalid");
    };
    assert!(why.text.contains("011301"), "{why}");
    assert!(is_invalid(&check_rfc("AAA010132AAA")));
    assert!(is_invalid(&check_rfc("AA010101AAA")));
    assert!(is_invalid(&check_rfc("AAA0101AAA")));
    assert!(is_invalid(&check_tax_id("AAA010230AAA")));
}

#[test]
fn labelled_ids_use_their_scheme() {
    assert_eq!(check_tax_id("RUC 20100070970"), TaxIdStatus::Valid);
    assert_eq!(check_tax_id("R.U.C. N° 20100070970"), TaxIdStatus::Valid);
    assert_eq!(check_tax_id("NIT: 800.197.268-4"), TaxIdStatus::Valid);
    assert_eq!(check_tax_id("RFC: EKU9003173C9"), TaxIdStatus::Valid);
    assert!(is_invalid(&check_tax_id("RUC 30100070970")));
    // An RFC that starts with the letters of a label is still an RFC.
    assert_eq!(check_tax_id("RUCA800101AB1"), TaxIdStatus::Valid);
}

#[test]
fn other_schemes_are_unknown() {
    for id in [
        "000936312832",
        "201/113/40209",
        "B12345678",
        "12345",
        "",
        "hello",
        "76.123.456-0",
    ] {
        assert_eq!(check_tax_id(id), TaxIdStatus::Unknown, "{id:?}");
    }
    // A German VAT number and a CUIT are checked now: these two fail their check digits.
    assert!(is_invalid(&check_tax_id("DE123456789")));
    assert!(is_invalid(&check_tax_id("30-71234567-8")));
}

proptest! {
    #[test]
    fn check_tax_id_never_panics(text in "\\PC*") {
        let _ = check_tax_id(&text);
        let _ = check_ruc(&text);
        let _ = check_nit(&text);
        let _ = check_rfc(&text);
    }

    #[test]
    fn every_ruc_body_has_exactly_one_check_digit(body in 0u64..100_000_000, prefix in prop::sample::select(vec!["10", "15", "17", "20"])) {
        let base = format!("{prefix}{body:08}");
        let valid = (0..10)
            .filter(|digit| check_ruc(&format!("{base}{digit}")) == TaxIdStatus::Valid)
            .count();
        prop_assert_eq!(valid, 1);
    }

    #[test]
    fn every_nit_body_has_exactly_one_check_digit(body in 100_000u64..10_000_000_000) {
        let valid = (0..10)
            .filter(|digit| check_nit(&format!("{body}-{digit}")) == TaxIdStatus::Valid)
            .count();
        prop_assert_eq!(valid, 1);
    }
}

#[test]
fn european_vat_numbers_are_checked_by_their_country() {
    for valid in [
        "DE136695976",
        "DE811907980",
        "ATU13585627",
        "FR40303265045",
        "NL004495445B01",
        "BE0403019261",
        "IT00743110157",
        "ES12345678Z",
        "PL5260250274",
        "de 136 695 976",
    ] {
        assert_eq!(check_tax_id(valid), TaxIdStatus::Valid, "{valid}");
    }
    for invalid in [
        "DE136695977",
        "ATU13585628",
        "FR41303265045",
        "BE0403019262",
        "IT00743110158",
        "ES12345678A",
        "PL5260250275",
    ] {
        assert!(
            matches!(check_tax_id(invalid), TaxIdStatus::Invalid(_)),
            "{invalid}"
        );
    }
    // Countries without a check here stay unknown, never invalid.
    assert_eq!(check_tax_id("SE556036079301"), TaxIdStatus::Unknown);
}

#[test]
fn cuit_and_gstin_are_checked() {
    assert_eq!(check_tax_id("20-17254359-7"), TaxIdStatus::Valid);
    assert_eq!(check_tax_id("30500010912"), TaxIdStatus::Valid);
    assert!(matches!(
        check_tax_id("20-17254359-8"),
        TaxIdStatus::Invalid(_)
    ));
    assert_eq!(check_tax_id("27AAPFU0939F1ZV"), TaxIdStatus::Valid);
    assert!(matches!(
        check_tax_id("27AAPFU0939F1ZW"),
        TaxIdStatus::Invalid(_)
    ));
}

/// Why `status` is invalid: its English, its key and its values.
fn reason(status: TaxIdStatus) -> (String, String, Vec<String>) {
    let TaxIdStatus::Invalid(why) = status else {
        panic!("invalid, not {status:?}");
    };
    assert_eq!(why.words.inner, None, "{why}");
    (why.text, why.words.key, why.words.args)
}

/// Each status is invalid with that English, key and values.
fn assert_reasons(cases: Vec<(TaxIdStatus, &str, &str, &[&str])>) {
    for (status, english, key, args) in cases {
        let (text, found_key, found_args) = reason(status);
        assert_eq!(text, english);
        assert_eq!(found_key, key, "{english}");
        assert_eq!(found_args, args, "{english}");
    }
}

#[test]
fn every_latin_american_reason_keeps_its_english_and_has_the_catalogs_words() {
    assert_reasons(vec![
        (
            check_ruc("2010007097A"),
            "RUC contains 'A', not only digits",
            "tax_id_not_only_digits",
            &["RUC", "'A'"],
        ),
        (
            check_ruc("2010007097"),
            "RUC must have 11 digits, not 10",
            "tax_id_ruc_digits",
            &["10"],
        ),
        (
            check_ruc("30100070970"),
            "RUC starts with 30; a RUC starts with 10, 15, 17 or 20",
            "tax_id_ruc_prefix",
            &["30"],
        ),
        (
            check_ruc("20100070971"),
            "RUC check digit is 1, the number needs 0",
            "tax_id_check_digit",
            &["RUC", "1", "0"],
        ),
        (
            check_nit("80019726A-4"),
            "NIT contains 'A', not only digits",
            "tax_id_not_only_digits",
            &["NIT", "'A'"],
        ),
        (
            check_nit("800197268-45"),
            "NIT check digit \"45\" is not one digit",
            "tax_id_nit_check_digit_not_one_digit",
            &["\"45\""],
        ),
        (
            check_nit("12-3"),
            "NIT must have 3 to 15 digits before the check digit, not 2",
            "tax_id_nit_digits",
            &["2"],
        ),
        (
            check_nit("800197268-5"),
            "NIT check digit is 5, the number needs 4",
            "tax_id_check_digit",
            &["NIT", "5", "4"],
        ),
        (
            check_rfc("AB"),
            "RFC \"AB\" is not 3–4 letters, 6 digits (YYMMDD) and a 3-character homoclave",
            "tax_id_rfc_shape",
            &["\"AB\""],
        ),
        (
            check_rfc("AAA011301AAA"),
            "RFC date 011301 is not a valid YYMMDD date",
            "tax_id_rfc_date",
            &["011301"],
        ),
        (
            super::more::check_cuit(&[2, 0]),
            "CUIT has 11 digits",
            "tax_id_cuit_digits",
            &[],
        ),
    ]);
}

#[test]
fn every_vat_and_gstin_reason_keeps_its_english_and_has_the_catalogs_words() {
    use super::more::{check_eu_vat, check_gstin};
    assert_reasons(vec![
        (
            check_eu_vat("DE12345678"),
            "DE VAT number has 9 digits",
            "tax_id_vat_digits",
            &["DE", "9"],
        ),
        (
            check_eu_vat("ATX1234567"),
            "AT VAT number starts with U",
            "tax_id_vat_at_u",
            &[],
        ),
        (
            check_eu_vat("ATU1234"),
            "AT VAT number is U and 8 digits",
            "tax_id_vat_at_shape",
            &[],
        ),
        (
            check_eu_vat("FR12"),
            "FR VAT number has a 2-character key and a 9-digit SIREN",
            "tax_id_vat_fr_shape",
            &[],
        ),
        (
            check_eu_vat("NL123456789B01"),
            "NL VAT number fails its check (9 digits, B, 2 digits)",
            "tax_id_vat_nl_check",
            &[],
        ),
        (
            check_eu_vat("IT123"),
            "IT VAT number has 11 digits",
            "tax_id_vat_digits",
            &["IT", "11"],
        ),
        (
            check_eu_vat("BE123"),
            "BE VAT number has 10 digits",
            "tax_id_vat_digits",
            &["BE", "10"],
        ),
        (
            check_eu_vat("ES12345678"),
            "ES VAT number has 9 characters",
            "tax_id_vat_es_length",
            &[],
        ),
        (
            check_eu_vat("ESX12A4567Z"),
            "ES VAT number has 7 digits in the middle",
            "tax_id_vat_es_middle",
            &[],
        ),
        (
            check_eu_vat("ES12345678A"),
            "ES NIF letter is A, the number needs Z",
            "tax_id_vat_es_nif_letter",
            &["A", "Z"],
        ),
        (
            check_eu_vat("ESA12345670"),
            "ES CIF control is 0, the number needs 4 or D",
            "tax_id_vat_es_cif_control",
            &["0", "4", "D"],
        ),
        (
            check_gstin("27AAPFU0939F1Z"),
            "GSTIN has 15 letters and digits",
            "tax_id_gstin_length",
            &[],
        ),
    ]);
}

#[test]
fn a_wrong_check_character_names_the_right_one() {
    use super::more::{check_cuit, check_eu_vat, check_gstin};
    // The VAT numbers and the CUIT say which check digit they need, in the RUC's sentence.
    let (text, key, args) = reason(check_eu_vat("DE123456789"));
    assert_eq!(key, "tax_id_vat_check_digit");
    assert_eq!(args[..2], ["DE", "9"]);
    assert_eq!(
        text,
        format!("DE VAT check digit is 9, the number needs {}", args[2])
    );
    let (text, key, args) = reason(check_cuit(&[2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0]));
    assert_eq!(key, "tax_id_check_digit");
    assert_eq!(
        text,
        format!("CUIT check digit is 0, the number needs {}", args[2])
    );
    let (text, key, args) = reason(check_gstin("27AAPFU0939F1ZA"));
    assert_eq!(key, "tax_id_gstin_check");
    assert_eq!(text, format!("GSTIN check character should be {}", args[0]));
}
