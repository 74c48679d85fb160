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

/// A sentence's key and values.
type KeyAndValues<'a> = (&'a str, Vec<&'a str>);

/// A warning's key and values, and its inner sentence's.
fn words(warning: &crate::InvoiceWarning) -> (&str, Vec<&str>, Option<KeyAndValues<'_>>) {
    let words = warning
        .words
        .as_ref()
        .unwrap_or_else(|| panic!("no words in {warning:?}"));
    let inner = words.inner.as_ref().map(|inner| {
        (
            inner.key.as_str(),
            inner.args.iter().map(String::as_str).collect(),
        )
    });
    (
        words.key.as_str(),
        words.args.iter().map(String::as_str).collect(),
        inner,
    )
}

#[test]
fn every_warning_keeps_its_english_and_has_the_catalogs_words() {
    let mut invoice = extraction(&[
        (FieldName::Subtotal, "136.00"),
        (FieldName::Tax, "24.48"),
        (FieldName::Total, "170.00"),
        (FieldName::IssuerTaxId, "RUC 2010007097"),
        (FieldName::BuyerTaxId, "800197268-5"),
        (FieldName::IssueDate, "2018-06-27"),
        (FieldName::DueDate, "2018-06-01"),
    ]);
    invoice.line_items = vec![line("50.00"), line("50.00"), line("50.00")];
    let warnings = check(&invoice, date(2026, 12, 7));
    let said: Vec<(&str, &str)> = warnings
        .iter()
        .map(|warning| (warning.code.as_str(), warning.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (
                "totals_mismatch",
                "subtotal 136.00 + tax 24.48 = 160.48, but the total is 170.00 (off by 9.52)"
            ),
            (
                "lines_mismatch",
                "the 3 line amounts add up to 150.00, but the subtotal is 136.00 (off by -14.00)"
            ),
            (
                "tax_id_invalid",
                "the issuer tax id RUC 2010007097 looks wrong: RUC must have 11 digits, not 10"
            ),
            (
                "tax_id_invalid",
                "the buyer tax id 800197268-5 looks wrong: NIT check digit is 5, the number needs 4"
            ),
            (
                "date_old",
                "the issue date 2018-06-27 is more than 5 years before today (2026-12-07)"
            ),
            (
                "due_before_issue",
                "the due date 2018-06-01 is before the issue date 2018-06-27"
            ),
        ]
    );
    assert_eq!(
        words(&warnings[0]),
        (
            "invoice_totals_mismatch",
            vec!["136.00", "24.48", "160.48", "170.00", "9.52"],
            None
        )
    );
    assert_eq!(
        words(&warnings[1]),
        (
            "invoice_lines_mismatch",
            vec!["3", "150.00", "136.00", "-14.00"],
            None
        )
    );
    assert_eq!(
        words(&warnings[2]),
        (
            "invoice_issuer_tax_id_invalid",
            vec!["RUC 2010007097", "RUC must have 11 digits, not 10"],
            Some(("tax_id_ruc_digits", vec!["10"]))
        )
    );
    assert_eq!(
        words(&warnings[3]),
        (
            "invoice_buyer_tax_id_invalid",
            vec!["800197268-5", "NIT check digit is 5, the number needs 4"],
            Some(("tax_id_check_digit", vec!["NIT", "5", "4"]))
        )
    );
    assert_eq!(
        words(&warnings[4]),
        (
            "invoice_date_old",
            vec!["2018-06-27", "5", "2026-12-07"],
            None
        )
    );
    assert_eq!(
        words(&warnings[5]),
        (
            "invoice_due_before_issue",
            vec!["2018-06-01", "2018-06-27"],
            None
        )
    );
}

#[test]
fn a_date_after_today_has_the_catalogs_words() {
    let future = extraction(&[(FieldName::IssueDate, "2024-12-02")]);
    let warnings = check(&future, TODAY);
    assert_eq!(
        warnings[0].message,
        "the issue date 2024-12-02 is after today (2024-12-01)"
    );
    assert_eq!(
        words(&warnings[0]),
        (
            "invoice_date_future",
            vec!["2024-12-02", "2024-12-01"],
            None
        )
    );
}
