//! `centralita invoices show`: one invoice as text for a terminal.

use centralita_protocol::{FieldKind, FieldName, InvoiceDetail};

use crate::cli::output;

/// The invoice as text for a terminal.
pub fn describe(detail: &InvoiceDetail, with_text: bool) -> String {
    use std::fmt::Write as _;
    let summary = &detail.summary;
    let mut out = crate::text::invoice_heading(
        summary.id,
        summary.state,
        &summary.file_name,
        summary.kind,
        detail.size,
        &detail.origin,
    );
    if let Some(reason) = &detail.reason {
        let reason = crate::text::kept_error(reason, detail.reason_words.as_ref());
        let _ = writeln!(out, "{}: {reason}", crate::text::LABEL_REASON);
    }
    if let Some(mapping) = &detail.mapping {
        let _ = writeln!(out, "{}: {mapping}", crate::text::LABEL_MAPPING);
    }
    let fields = detail.confirmed.as_ref().unwrap_or(&detail.preview);
    let currency = fields.get(FieldName::Currency).unwrap_or_default();
    let mut table = output::Table::new(vec!["FIELD", "VALUE", "SOURCE", "CONFIDENCE"]);
    for name in FieldName::ALL {
        let (value, source, confidence) = fields.fields.get(&name).map_or_else(
            || (String::new(), String::new(), String::new()),
            |field| {
                let value = if name.kind() == FieldKind::Amount {
                    crate::format::amount(&field.value, currency)
                } else {
                    field.value.clone()
                };
                (
                    value,
                    crate::text::field_source(field.source).to_owned(),
                    format!("{:.0}%", field.confidence * 100.0),
                )
            },
        );
        table.row(vec![name.to_string(), value, source, confidence]);
    }
    out.push_str(&table.render());
    if !fields.line_items.is_empty() {
        let mut lines = output::Table::new(vec!["DESCRIPTION", "QTY", "UNIT PRICE", "AMOUNT"]);
        for line in &fields.line_items {
            let cell = |value: &Option<String>| value.clone().unwrap_or_default();
            lines.row(vec![
                line.description.clone(),
                cell(&line.quantity),
                cell(&line.unit_price),
                cell(&line.amount),
            ]);
        }
        let _ = writeln!(
            out,
            "{}",
            crate::text::line_items_heading(fields.line_items.len())
        );
        out.push_str(&lines.render());
    }
    if !detail.warnings.is_empty() {
        let _ = writeln!(out, "\n{}", crate::text::LABEL_WARNINGS);
        for warning in &detail.warnings {
            let warning = crate::text::kept_error(&warning.message, warning.words.as_ref());
            let _ = writeln!(out, "  ! {warning}");
        }
    }
    if !detail.edits.is_empty() {
        let _ = writeln!(out, "\n{}", crate::text::LABEL_EDITS);
        for edit in &detail.edits {
            let _ = writeln!(
                out,
                "  {} {} {}: {} → {}",
                output::when(edit.at),
                edit.operator,
                edit.field,
                edit.old
                    .as_deref()
                    .unwrap_or(crate::text::LABEL_EMPTY.get()),
                edit.new
                    .as_deref()
                    .unwrap_or(crate::text::LABEL_EMPTY.get())
            );
        }
    }
    if with_text {
        let _ = writeln!(
            out,
            "\n{}\n{}",
            crate::text::invoice_text_heading(&detail.text_method),
            detail.text
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An invoice whose reading failed, as the daemon sends it.
    fn failed() -> InvoiceDetail {
        serde_json::from_value(serde_json::json!({
            "summary": {
                "id": 12, "tenant": "acme", "state": "failed", "file_name": "scan.pdf",
                "kind": "pdf", "warnings": 0,
                "created_at": "2026-12-07T10:00:00Z", "updated_at": "2026-12-07T10:00:00Z"
            },
            "origin": "upload", "size": 9, "sha256": "ab", "preview": {}, "warnings": [],
            "text": "", "edits": [],
            "reason": "pdftotext failed: Syntax Error: Couldn't find trailer dictionary",
            "reason_words": {
                "key": "tool_failed",
                "args": ["pdftotext", "Syntax Error: Couldn't find trailer dictionary"]
            }
        }))
        .expect("an invoice")
    }

    /// An invoice waiting for review with `warnings` (as JSON, the way the daemon sends them).
    fn waiting_with(warnings: &serde_json::Value) -> InvoiceDetail {
        let count = warnings.as_array().map_or(0, Vec::len);
        serde_json::from_value(serde_json::json!({
            "summary": {
                "id": 12, "tenant": "acme", "state": "waiting_validation",
                "file_name": "scan.pdf", "kind": "pdf", "warnings": count,
                "created_at": "2026-12-07T10:00:00Z", "updated_at": "2026-12-07T10:00:00Z"
            },
            "origin": "upload", "size": 9, "sha256": "ab", "preview": {}, "text": "",
            "edits": [],
            "warnings": warnings
        }))
        .expect("an invoice")
    }

    #[test]
    fn a_failed_invoice_completed_by_hand_warns_in_spanish() {
        crate::text::set_lang(crate::text::Lang::Es);
        let completed = waiting_with(&serde_json::json!([{
            "code": "read_failed",
            "message": "reading failed, completed by hand: pdftotext failed: Syntax Error",
            "words": {
                "key": "read_failed_by_hand",
                "args": ["pdftotext failed: Syntax Error"],
                "inner": { "key": "tool_failed", "args": ["pdftotext", "Syntax Error"] }
            }
        }]));
        let text = describe(&completed, false);
        assert!(
            text.contains(
                "  ! la lectura falló, se completó a mano: pdftotext falló: Syntax Error\n"
            ),
            "{text}"
        );
        crate::text::set_lang(crate::text::Lang::En);
        let text = describe(&completed, false);
        assert!(
            text.contains(
                "  ! reading failed, completed by hand: pdftotext failed: Syntax Error\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn the_checks_warnings_are_shown_in_spanish_and_older_ones_in_their_english() {
        crate::text::set_lang(crate::text::Lang::Es);
        let checked = waiting_with(&serde_json::json!([{
            "code": "date_old",
            "message": "the issue date 2018-06-27 is more than 5 years before today (2026-12-07)",
            "words": {
                "key": "invoice_date_old",
                "args": ["2018-06-27", "5", "2026-12-07"]
            }
        }, {
            "code": "due_before_issue",
            "message": "the due date 2018-06-01 is before the issue date 2018-06-27"
        }]));
        let text = describe(&checked, false);
        assert!(
            text.contains(
                "  ! la fecha de emisión 2018-06-27 es de hace más de 5 años (hoy es 2026-12-07)\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("  ! the due date 2018-06-01 is before the issue date 2018-06-27\n"),
            "a warning stored before its words keeps its English: {text}"
        );
    }

    #[test]
    fn a_failed_invoices_reason_is_shown_in_spanish_with_the_programs_own_words() {
        crate::text::set_lang(crate::text::Lang::Es);
        let text = describe(&failed(), false);
        assert!(
            text.contains(": pdftotext falló: Syntax Error: Couldn't find trailer dictionary\n"),
            "{text}"
        );
        let rejected = InvoiceDetail {
            reason: Some("no es nuestra".into()),
            reason_words: None,
            ..failed()
        };
        assert!(
            describe(&rejected, false).contains(": no es nuestra\n"),
            "a reviewer's reason is shown as typed"
        );
    }
}
