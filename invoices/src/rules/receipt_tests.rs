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

#[test]
fn a_rounding_line_that_prints_the_whole_amount_is_the_rounded_total() {
    // The adjustment itself misread (`02` for `.02`); the rounded total printed after it.
    let receipt = "\
TOTAL SALES (INCLUSIVE GST) RM 181.98
ROUNDING ADJUSTMENT RM 02
ROUNDING RM 182.00
CASH RM 200.00
";
    assert_eq!(total_of(receipt).as_deref(), Some("182.00"));
    // Rounded down: the smaller amount is the final one.
    let down = "\
TOTAL SALES (INCLUSIVE GST) RM 37.47
ROUNDING RM 37.45
";
    assert_eq!(total_of(down).as_deref(), Some("37.45"));
    // A rounding line's amount far from every total is no total.
    let far = "\
TOTAL RM 12.40
ROUNDING RM 40.00
";
    assert_eq!(total_of(far).as_deref(), Some("12.40"));
}

#[test]
fn a_card_payment_of_the_total_plus_its_rounding_is_the_final_total() {
    // The rounded total's own line was not read; the card paid it.
    let receipt = "\
TOTAL (EXCLUDING GST): 56.20
GST PAYABLE: 3.71
TOTAL (INCLUSIVE OF GST): 65.53
ROUNDING ADJ: 0.02
VISA 65.55
";
    assert_eq!(total_of(receipt).as_deref(), Some("65.55"));
    // Without a rounding adjustment a card amount proves nothing by itself.
    let plain = "\
TOTAL (INCLUSIVE OF GST): 65.53
VISA 70.00
";
    assert_eq!(total_of(plain).as_deref(), Some("65.53"));
}

#[test]
fn the_total_after_the_adjustment_wins_over_the_total_including_tax() {
    // The adjustment unreadable: only the label says which total is final.
    let receipt = "\
SUB-TOTAL 127.37
TOTAL SALES INCL GST 127.37
ROUNDING ADJ -(),02
TOTAL AFTER ADJ INCL GST 127.35
";
    assert_eq!(total_of(receipt).as_deref(), Some("127.35"));
}

#[test]
fn the_company_that_owns_a_shop_is_not_the_name_on_its_receipt() {
    let receipt = "\
KEDAI BUKU CAHAYA
NO. 31G, JALAN SETIA INDAH
40170 SETIA ALAM
OWNED BY :
CAHAYA HOLDINGS SDN BHD (1135772-K)
TOTAL 12.00
";
    assert_eq!(
        extract(receipt).get(FieldName::IssuerName),
        Some("KEDAI BUKU CAHAYA")
    );
}

#[test]
fn a_time_or_code_with_two_dots_does_not_make_the_dates_month_first() {
    // `10.56.40` looks like month 10, day 56: no day is over 31, so it is no evidence.
    let receipt = "\
INV NO/DATE:K074-001096(06/12/2016)
MTD SV/GV AT K074: 10.56.40,55
TOTAL 12.00
";
    assert_eq!(
        extract(receipt).get(FieldName::IssueDate),
        Some("2016-12-06")
    );
}

#[test]
fn a_logo_read_as_fragments_is_not_the_shops_name() {
    let receipt = "\
2 1e Gl orl4 nas
SYARIKAT PERNIAGAAN MAJU JAYA
(81109-A)
NO 290, JALAN AIR PANAS,
TOTAL 12.00
";
    assert_eq!(
        extract(receipt).get(FieldName::IssuerName),
        Some("SYARIKAT PERNIAGAAN MAJU JAYA")
    );
    // Whole words with an ordinal are a name all the same.
    let ordinal = "\
1st Avenue Cafe
NO 290, JALAN AIR PANAS,
TOTAL 12.00
";
    assert_eq!(
        extract(ordinal).get(FieldName::IssuerName),
        Some("1st Avenue Cafe")
    );
}

#[test]
fn an_industrial_estate_is_an_address_not_a_name() {
    let receipt = "\
(CO REG :860671-D)
LOT 1851-A, JALAN KPB 6,
KAWASAN PERINDUSTRIAN BALAKONG,
43300 SERI KEMBANGAN, SELANGOR
TOTAL 12.00
";
    assert_eq!(extract(receipt).get(FieldName::IssuerName), None);
}

#[test]
fn a_total_that_lost_its_decimal_point_gives_way_to_the_amount_paid() {
    let receipt = "\
TOTAL SALES INCLUSIVE GST @6% 930.
CASH 10.00
CHANGE 0.70
";
    assert_eq!(total_of(receipt).as_deref(), Some("9.30"));
    // A round total is no misreading when nothing a hundred times smaller is there.
    let round = "\
TOTAL 930.00
CASH 1000.00
CHANGE 70.00
";
    assert_eq!(total_of(round).as_deref(), Some("930.00"));
}

#[test]
fn a_total_after_an_unreadable_adjustment_is_still_the_final_one() {
    // Subtotal and tax add up to the total before rounding; the adjustment was not read.
    let receipt = "\
SUB-TOTAL 127.37
GST 0.00
TOTAL SALES INCL GST 127.37
ROUNDING ADJ -(),02
TOTAL AFTER ADJ INCL GST 127.35
";
    assert_eq!(total_of(receipt).as_deref(), Some("127.35"));
}

#[test]
fn a_discount_between_the_subtotal_and_the_total_explains_a_total_below_it() {
    // The change was misread, so what was paid proves nothing; the discount does.
    let receipt = "\
PIZZA HOUSE
Sub-Total : 45.70
Coupon Discount : 14.80
Grand Total : 30.90
Payment : 101.00
Change Due : 30,10
";
    assert_eq!(total_of(receipt).as_deref(), Some("30.90"));
    assert_eq!(extract(receipt).get(FieldName::Subtotal), Some("45.70"));
    // Printed negative, and with tax on the discounted amount.
    let taxed = "\
SUBTOTAL 100.00
DISCOUNT -10.00
GST 5.40
TOTAL 95.40
";
    assert_eq!(total_of(taxed).as_deref(), Some("95.40"));
}

#[test]
fn a_value_after_a_label_of_the_next_line_is_not_the_value_of_a_label_above() {
    // `Cash` names how the customer paid; `5586` under it is the `By` of the order line.
    let receipt = "\
CARRY OUT NOW Pay By: CASH
Order : 8554 By : 5586
Grand Total : 30.90
";
    assert_eq!(total_of(receipt).as_deref(), Some("30.90"));
}

#[test]
fn the_rows_of_a_tax_summary_per_rate_are_not_the_total() {
    let receipt = "\
BAKERY SUPPLIES SDN BHD
Total 0% supplies: 35.14
Total 6% supplies (excl. GST): -3.60
GST: -0.22
Total 6% supplies (Inc. GST): -3.82
Total 0% supplies: 35.14
Total Payable: 31.32
";
    assert_eq!(total_of(receipt).as_deref(), Some("31.32"));
}

#[test]
fn a_date_whose_slashes_were_read_as_ones_is_read_after_a_date_label() {
    let receipt = "\
YONG ENTERPRISE
Doc No CS00031663 Date 2511212018
TOTAL 80.90
";
    assert_eq!(
        extract(receipt).get(FieldName::IssueDate),
        Some("2018-12-25")
    );
    // Without a label such digits are a code, and separators must agree.
    let code = "\
YONG ENTERPRISE
Ref 2511212018
Date 2511272018
TOTAL 80.90
";
    assert_eq!(extract(code).get(FieldName::IssueDate), None);
}

#[test]
fn a_company_number_after_the_name_and_a_dollar_for_an_s_are_not_part_of_it() {
    let receipt = "\
KING'S BAKERY $/B 273500-U (KJ1)
NO. 20-A1, JALAN SS6/3, KELANA JAYA
TOTAL 19.20
";
    assert_eq!(
        extract(receipt).get(FieldName::IssuerName),
        Some("KING'S BAKERY S/B")
    );
}

#[test]
fn a_bare_due_before_an_amount_is_the_amount_due() {
    let receipt = "\
QTY 8 19.20
ROUNDING ADJ 9.00
DUE 19.20
PAY 20.00
CHANGE 0.80
";
    assert_eq!(total_of(receipt).as_deref(), Some("19.20"));
    // Under its label, as OCR of boxes hands it over; a due date stays a date.
    assert_eq!(total_of("DUE\n19.20\n").as_deref(), Some("19.20"));
    let invoice = "Due 15/03/2024\nTotal 120.00\n";
    assert_eq!(total_of(invoice).as_deref(), Some("120.00"));
    assert_eq!(extract(invoice).get(FieldName::DueDate), Some("2024-03-15"));
}

#[test]
fn the_amount_paid_including_tax_is_the_total_and_excluding_it_the_subtotal() {
    let receipt = "\
TOTAL QTY : 15
AMT PAID INCL GST : RM111.90
AMT PAID EXCL. GST :RM 105.57
GST AMT : RM6.33
TOTAL SV : 10.56
";
    let found = extract(receipt);
    assert_eq!(found.get(FieldName::Total), Some("111.90"));
    assert_eq!(found.get(FieldName::Subtotal), Some("105.57"));
}

#[test]
fn a_line_closing_a_bracket_it_did_not_open_ends_the_name_above() {
    // The line with the bracket's start was lost: the tail is not the name.
    let lost = "\
AIK HUAT HARDWARE
ALAM) SDN BHD
822787-X
NO. 17-6, JALAN SETIA
TOTAL 12.00
";
    assert_eq!(
        extract(lost).get(FieldName::IssuerName),
        Some("AIK HUAT HARDWARE")
    );
    // Read whole, the tail is read with the line that opened its bracket.
    let whole = "\
AIK HUAT HARDWARE (SETIA
ALAM) SDN BHD
NO. 17-6, JALAN SETIA
TOTAL 12.00
";
    assert_eq!(
        extract(whole).get(FieldName::IssuerName),
        Some("AIK HUAT HARDWARE (SETIA ALAM) SDN BHD")
    );
}
