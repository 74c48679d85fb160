use jiff::civil::{Date, date};

use super::check;
use crate::{Extraction, FieldName, FieldSource, FieldValue, LineItem};

const TODAY: Date = date(2024, 12, 1);

fn extraction(fields: &[(FieldName, &str)]) -> Extraction {
    let mut extraction = Extraction::default();
    for &(name, value) in fields {
        extraction
            .fields
            .insert(name, FieldValue::new(value, FieldSource::Rules, 0.9));
    }
    extraction
}

fn codes(extraction: &Extraction) -> Vec<String> {
    check(extraction, TODAY)
        .into_iter()
        .map(|warning| warning.code)
        .collect()
}

fn line(amount: &str) -> LineItem {
    LineItem {
        description: "item".to_owned(),
        amount: Some(amount.to_owned()),
        ..LineItem::default()
    }
}

#[test]
fn a_consistent_invoice_has_no_warnings() {
    let mut invoice = extraction(&[
        (FieldName::IssuerTaxId, "20100070970"),
        (FieldName::BuyerTaxId, "20512345671"),
        (FieldName::IssueDate, "2024-11-15"),
        (FieldName::DueDate, "2024-12-15"),
        (FieldName::Currency, "PEN"),
        (FieldName::Subtotal, "1000.00"),
        (FieldName::Tax, "180.00"),
        (FieldName::Total, "1180.00"),
    ]);
    invoice.line_items = vec![line("500.00"), line("500.00")];
    assert_eq!(check(&invoice, TODAY), Vec::new());
}

#[test]
fn totals_mismatch_names_the_values() {
    let invoice = extraction(&[
        (FieldName::Subtotal, "1000.00"),
        (FieldName::Tax, "180.00"),
        (FieldName::Total, "1190.00"),
    ]);
    let warnings = check(&invoice, TODAY);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].code, "totals_mismatch");
    for value in ["1000.00", "180.00", "1180.00", "1190.00"] {
        assert!(
            warnings[0].message.contains(value),
            "{}",
            warnings[0].message
        );
    }
}

#[test]
fn totals_within_a_cent_agree() {
    let invoice = extraction(&[
        (FieldName::Subtotal, "4.69"),
        (FieldName::Tax, "0.00"),
        (FieldName::Total, "4.70"),
    ]);
    assert!(codes(&invoice).is_empty());
    let invoice = extraction(&[
        (FieldName::Subtotal, "4.68"),
        (FieldName::Tax, "0.00"),
        (FieldName::Total, "4.70"),
    ]);
    assert_eq!(codes(&invoice), ["totals_mismatch"]);
}

#[test]
fn totals_need_all_three() {
    let invoice = extraction(&[(FieldName::Subtotal, "100"), (FieldName::Total, "150")]);
    assert!(codes(&invoice).is_empty());
}

#[test]
fn lines_must_add_up_to_the_subtotal() {
    let mut invoice = extraction(&[
        (FieldName::Subtotal, "1000.00"),
        (FieldName::Tax, "180.00"),
        (FieldName::Total, "1180.00"),
    ]);
    invoice.line_items = vec![line("500.00"), line("400.00"), LineItem::default()];
    let warnings = check(&invoice, TODAY);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].code, "lines_mismatch");
    assert!(
        warnings[0].message.contains("900.00"),
        "{}",
        warnings[0].message
    );
    // Lines priced with tax included add up to the total: fine.
    invoice.line_items = vec![line("590.00"), line("590.00")];
    assert!(codes(&invoice).is_empty());
    // No amounts on the lines, or no subtotal: nothing to compare.
    invoice.line_items = vec![LineItem::default()];
    assert!(codes(&invoice).is_empty());
    let mut without_subtotal = extraction(&[(FieldName::Total, "10")]);
    without_subtotal.line_items = vec![line("3")];
    assert!(codes(&without_subtotal).is_empty());
}

#[test]
fn invalid_tax_ids_say_whose_and_why() {
    let invoice = extraction(&[
        (FieldName::IssuerTaxId, "20100070971"),
        (FieldName::BuyerTaxId, "800197268-5"),
    ]);
    let warnings = check(&invoice, TODAY);
    assert_eq!(warnings.len(), 2);
    assert!(
        warnings
            .iter()
            .all(|warning| warning.code == "tax_id_invalid")
    );
    assert!(warnings[0].message.contains("issuer") && warnings[0].message.contains("RUC"));
    assert!(warnings[1].message.contains("buyer") && warnings[1].message.contains("NIT"));
}

#[test]
fn unknown_schemes_are_not_flagged() {
    let invoice = extraction(&[
        (FieldName::IssuerTaxId, "SE556036079301"),
        (FieldName::BuyerTaxId, "000936312832"),
    ]);
    assert!(codes(&invoice).is_empty());
}

#[test]
fn the_currency_hints_at_the_scheme() {
    let peru = extraction(&[
        (FieldName::IssuerTaxId, "30100070970"),
        (FieldName::Currency, "PEN"),
    ]);
    assert_eq!(codes(&peru), ["tax_id_invalid"]);
    let mexico = extraction(&[
        (FieldName::IssuerTaxId, "EKU901317AB1"),
        (FieldName::Currency, "MXN"),
    ]);
    assert_eq!(codes(&mexico), ["tax_id_invalid"]);
    let elsewhere = extraction(&[
        (FieldName::IssuerTaxId, "30100070970"),
        (FieldName::Currency, "EUR"),
    ]);
    assert!(codes(&elsewhere).is_empty());
}

#[test]
fn dates() {
    let future = extraction(&[(FieldName::IssueDate, "2024-12-02")]);
    assert_eq!(codes(&future), ["date_future"]);
    let today = extraction(&[(FieldName::IssueDate, "2024-12-01")]);
    assert!(codes(&today).is_empty());
    let five_years = extraction(&[(FieldName::IssueDate, "2019-12-01")]);
    assert!(codes(&five_years).is_empty());
    let old = extraction(&[(FieldName::IssueDate, "2019-11-30")]);
    let warnings = check(&old, TODAY);
    assert_eq!(warnings[0].code, "date_old");
    assert!(warnings[0].message.contains("2019-11-30"));
    let due_before = extraction(&[
        (FieldName::IssueDate, "2024-11-15"),
        (FieldName::DueDate, "2024-11-01"),
    ]);
    let warnings = check(&due_before, TODAY);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].code, "due_before_issue");
    assert!(
        warnings[0].message.contains("2024-11-01") && warnings[0].message.contains("2024-11-15")
    );
}

#[test]
fn unreadable_values_are_skipped() {
    let invoice = extraction(&[
        (FieldName::IssueDate, "soon"),
        (FieldName::Subtotal, "n/a"),
        (FieldName::Tax, "1"),
        (FieldName::Total, "2"),
    ]);
    assert!(codes(&invoice).is_empty());
}
