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
        why.contains("check digit is 1") && why.contains("needs 0"),
        "{why}"
    );
    let TaxIdStatus::Invalid(why) = check_ruc("30100070970") else {
        panic!("a wrong prefix is invalid");
    };
    assert!(why.contains("starts with 30"), "{why}");
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
    assert!(why.contains("011301"), "{why}");
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
