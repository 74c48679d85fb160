//! Receipts in the shapes OCR hands them over: one box per line, label columns apart from their
//! value columns, rounding adjustments and the change. Texts written for these tests.

use super::extract;
use crate::FieldName;

#[track_caller]
fn total_of(text: &str) -> Option<String> {
    extract(text).get(FieldName::Total).map(str::to_owned)
}

#[test]
fn a_stacked_label_column_takes_the_value_column_below_it() {
    let receipt = "\
KEDAI RUNCIT SRI MAJU
NO 12 JALAN MERANTI 3
SUB-TOTAL
DISC
GST
ROUNDING
TOTAL
CASH
CHANGE
31.13
0.00
1.87
0.00
33.00
50.00
17.00
THANK YOU
";
    assert_eq!(total_of(receipt).as_deref(), Some("33.00"));
    let found = extract(receipt);
    assert_eq!(found.get(FieldName::Subtotal), Some("31.13"));
    assert_eq!(found.get(FieldName::Tax), Some("1.87"));
}

#[test]
fn the_total_after_rounding_wins_over_the_one_before() {
    let receipt = "\
TOTAL (INCLUSIVE OF GST): 45.87
ROUNDING ADJ: 0.03
TOTAL: 45.90
CASH: 50.00
CHANGE: 4.10
";
    assert_eq!(total_of(receipt).as_deref(), Some("45.90"));
    let signed = "\
TOTAL INCL. GST
RM 12.47
ROUNDING ADJUSTMENT
-RM 0.02
TOTAL ROUNDED
RM 12.45
";
    assert_eq!(total_of(signed).as_deref(), Some("12.45"));
}

#[test]
fn cash_minus_change_finds_a_total_no_label_gives() {
    // The total's label was lost; what was handed over minus the change is printed earlier.
    let receipt = "\
BURGER SET 2 X 14.90
29.80
TOTAL QTY
2
CASH
CHANGE
29.80
50.00
20.20
";
    assert_eq!(total_of(receipt).as_deref(), Some("29.80"));
}

#[test]
fn counts_cash_and_change_are_not_totals() {
    let receipt = "\
TOTAL QTY: 3
TOTAL: 18.50
CASH: 20.00
CHANGE: 1.50
";
    assert_eq!(total_of(receipt).as_deref(), Some("18.50"));
}

#[test]
fn the_merchant_is_the_company_line_not_boilerplate_or_registration() {
    let receipt = "\
GOODS SOLD ARE NOT RETURNABLE
BINTANG CASH & CARRY SDN BHD
(123456-K)
GST REG NO: 001234567890
LOT 5, JALAN INDUSTRI 2
TEL: 03-1234 5678
DATE: 05/03/2018
TOTAL: 12.00
";
    let found = extract(receipt);
    assert_eq!(
        found.get(FieldName::IssuerName),
        Some("BINTANG CASH & CARRY SDN BHD")
    );
    assert_eq!(found.get(FieldName::IssueDate), Some("2018-03-05"));
    let named = "RELAIS TOTAL NORD\nAUTOROUTE A1\nTOTAL 9.50\n";
    assert_eq!(
        extract(named).get(FieldName::IssuerName),
        Some("RELAIS TOTAL NORD")
    );
}

#[test]
fn an_amount_with_a_slash_is_not_a_month_first_date() {
    // `10.56/10` must not make `06/12/2016` read as June 12.
    let receipt = "TOTAL SV : 10.56/10\nDATE 06/12/2016\nTOTAL 5.00\n";
    assert_eq!(
        extract(receipt).get(FieldName::IssueDate),
        Some("2016-12-06")
    );
}

#[test]
fn a_registration_number_that_lost_its_closing_bracket_is_not_a_phone_number() {
    // OCR read `(519537-X)` as `(519537-10`: the line is still the company's name.
    let receipt = "\
KEDAI MAJU JAYA S/B (519537-10
LOT 12, JALAN ANGSA,
TOTAL: 12.00
";
    assert_eq!(
        extract(receipt).get(FieldName::IssuerName),
        Some("KEDAI MAJU JAYA S/B")
    );
}

#[test]
fn ocr_look_alikes_in_a_company_name_are_undone_only_where_the_word_shape_tells() {
    let name = |text: &str| extract(text).get(FieldName::IssuerName).map(str::to_owned);
    for (read, printed) in [
        ("MR. D.1.Y. (M) SDN BHD", "MR. D.I.Y. (M) SDN BHD"),
        ("MR. D,I.¥. (M) SDN BHD", "MR. D.I.Y. (M) SDN BHD"),
        (
            "POPULAR BOOK CO. CM) SDN BHD",
            "POPULAR BOOK CO. (M) SDN BHD",
        ),
        ("99 SPEED MART 5/8", "99 SPEED MART S/B"),
        ("KEDAI MAJU 5/B", "KEDAI MAJU S/B"),
    ] {
        let receipt = format!("{read}\nLOT 5, JALAN ANGSA\nTOTAL: 9.00\n");
        assert_eq!(name(&receipt).as_deref(), Some(printed), "{read}");
    }
    // Ordinary words keep their digits and brackets: only the shapes above change.
    let plain = "A1 AUTO PARTS (KL) SDN BHD\nLOT 5, JALAN ANGSA\nTOTAL: 9.00\n";
    assert_eq!(name(plain).as_deref(), Some("A1 AUTO PARTS (KL) SDN BHD"));
}
