//! The invoice state machine, as functions on a write transaction so each change commits with
//! its audit entry and change-feed row:
//!
//! ```text
//! processing ──read──▶ waiting_validation ──confirm──▶ processed
//!     │  ▲                  ▲       │
//!     │  │      edit by hand┘       └──reject──▶ rejected
//!     │  └──────retry──────┐                      ▲   │
//!     └──error──▶ failed ──┴──────reject──────────┘   │
//!                    ▲ retry also takes ──────────────┘
//! ```
//!
//! A failed invoice is not a dead end: an operator may complete it by hand (the first edit
//! makes it `waiting_validation`, the failure kept as a warning) or reject it.

use centralita_invoices::{
    Extraction, FieldKind, FieldName, FieldSource, FieldValue, InvoiceWarning, amounts, checks,
    dates,
};
use centralita_protocol::said::{self as key, Words};
use centralita_protocol::{FieldEdit, InvoiceEdit, InvoiceId, InvoiceState, TenantId};

use crate::error::{AreaError, Said, said};
use crate::invoices::InvoiceRecord;
use crate::queue::Job;
use crate::store::WriteTxn;

/// Queue the read jobs run on.
pub const QUEUE: &str = "invoices";

/// Reads invoice `invoice`'s document; one at a time per invoice.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ReadInvoice {
    pub invoice: InvoiceId,
}

impl Job for ReadInvoice {
    const KIND: &'static str = "invoice.read";
    const QUEUE: &'static str = QUEUE;
    /// Attempts of a read job before the invoice fails.
    const MAX_ATTEMPTS: u32 = 5;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!("invoice.read:{tenant}:{}", self.invoice))
    }
}

/// What reading a document produced.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub extraction: Extraction,
    pub text: String,
    pub method: String,
    pub mapping: Option<String>,
    /// Warnings from the reading itself (an LLM answer refused, an embedded XML unreadable).
    pub warnings: Vec<InvoiceWarning>,
}

/// Refuses a transition the state machine does not have, saying what is allowed.
fn require(
    record: &InvoiceRecord,
    id: InvoiceId,
    allowed: &[InvoiceState],
    action: &str,
) -> Result<(), AreaError> {
    if allowed.contains(&record.state) {
        return Ok(());
    }
    let allowed: Vec<&str> = allowed.iter().map(|state| state.as_str()).collect();
    Err(said!(
        key::INVOICE_STATE,
        "invoice {0} is {1}: only a {2} invoice can be {3}",
        id,
        record.state,
        allowed.join(" or "),
        action
    )
    .conflict())
}

/// Changes invoice `id`, which must be in one of the `allowed` states to be `action` (see
/// [`store_change`]).
fn transition(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: InvoiceId,
    allowed: &[InvoiceState],
    action: &str,
    change: impl FnOnce(&mut WriteTxn<'_>, &mut InvoiceRecord) -> Result<(), AreaError>,
) -> Result<InvoiceRecord, AreaError> {
    let old = txn.invoice(tenant, id)?;
    require(&old, id, allowed, action)?;
    store_change(txn, tenant, id, &old, None, change)
}

/// Ends the read of invoice `id` with `change` (see [`store_change`]). `Ok(false)` when the
/// invoice is no longer processing (a repeated job after a crash): nothing changes.
fn end_reading(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: InvoiceId,
    text: Option<&str>,
    change: impl FnOnce(&mut WriteTxn<'_>, &mut InvoiceRecord) -> Result<(), AreaError>,
) -> Result<bool, AreaError> {
    let old = txn.invoice(tenant, id)?;
    if old.state != InvoiceState::Processing {
        return Ok(false);
    }
    store_change(txn, tenant, id, &old, text, change)?;
    Ok(true)
}

/// Stores what `change` makes of a copy of `old`, stamped with the batch's time, as the
/// invoice's next version (with `text`, when the document was read again).
fn store_change(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: InvoiceId,
    old: &InvoiceRecord,
    text: Option<&str>,
    change: impl FnOnce(&mut WriteTxn<'_>, &mut InvoiceRecord) -> Result<(), AreaError>,
) -> Result<InvoiceRecord, AreaError> {
    let mut new = old.clone();
    new.updated_at = txn.now();
    change(txn, &mut new)?;
    txn.update_invoice(tenant, id, old, &new, text)?;
    Ok(new)
}

/// `processing → waiting_validation` with what was read. `Ok(false)` when the invoice is no
/// longer processing (a repeated job after a crash): nothing changes.
pub fn finish_reading(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: InvoiceId,
    reading: &Reading,
) -> Result<bool, AreaError> {
    end_reading(txn, tenant, id, Some(&reading.text), |txn, new| {
        new.state = InvoiceState::WaitingValidation;
        new.preview = reading.extraction.clone();
        new.text_method.clone_from(&reading.method);
        new.mapping.clone_from(&reading.mapping);
        new.reason = None;
        new.reason_words = None;
        new.warnings = warnings(txn, tenant, id, new, &reading.warnings)?;
        Ok(())
    })
}

/// `processing → failed` with a reason the operator can act on, kept in the catalog's words
/// too. `Ok(false)` when the invoice is no longer processing.
pub fn fail_reading(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: InvoiceId,
    reason: &Said,
) -> Result<bool, AreaError> {
    end_reading(txn, tenant, id, None, |_, new| {
        new.state = InvoiceState::Failed;
        new.reason = Some(reason.text.clone());
        new.reason_words = Some(reason.words());
        Ok(())
    })
}

/// `waiting_validation → processed`: the preview becomes the confirmed data.
pub fn confirm(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: InvoiceId,
) -> Result<InvoiceRecord, AreaError> {
    let confirmable = [InvoiceState::WaitingValidation];
    transition(txn, tenant, id, &confirmable, "confirmed", |_, new| {
        new.state = InvoiceState::Processed;
        new.confirmed = Some(new.preview.clone());
        Ok(())
    })
}

/// `waiting_validation | failed → rejected` with the operator's reason.
pub fn reject(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: InvoiceId,
    reason: &str,
) -> Result<InvoiceRecord, AreaError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(said!(
            key::REJECTION_NEEDS_REASON,
            "a rejection needs a reason (the issuer or the reviewer will ask)"
        )
        .invalid());
    }
    let rejectable = [InvoiceState::WaitingValidation, InvoiceState::Failed];
    transition(txn, tenant, id, &rejectable, "rejected", |_, new| {
        new.state = InvoiceState::Rejected;
        new.reason = Some(reason.to_owned());
        new.reason_words = None;
        Ok(())
    })
}

/// `failed | rejected → processing`, with a fresh read job in the same commit.
pub fn retry(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: InvoiceId,
) -> Result<InvoiceRecord, AreaError> {
    let retryable = [InvoiceState::Failed, InvoiceState::Rejected];
    transition(txn, tenant, id, &retryable, "retried", |txn, new| {
        let (job, _) = txn.enqueue(tenant, &ReadInvoice { invoice: id })?;
        new.state = InvoiceState::Processing;
        new.reason = None;
        new.reason_words = None;
        new.job = Some(job);
        Ok(())
    })
}

/// Applies an operator's edit to the preview of a `waiting_validation` invoice, keeping the
/// history and recomputing the warnings. Values are parsed for their kind and stored normalised;
/// one that does not parse refuses the whole edit, naming the field. Editing a `failed` invoice
/// completes it by hand: it becomes `waiting_validation`, and why reading failed stays on it as
/// a warning.
pub fn edit(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: InvoiceId,
    operator: &str,
    edit: &InvoiceEdit,
) -> Result<InvoiceRecord, AreaError> {
    let editable = [InvoiceState::WaitingValidation, InvoiceState::Failed];
    transition(txn, tenant, id, &editable, "edited", |txn, new| {
        let now = txn.now();
        // `new` is still the invoice as it was: what the edit keeps is read from it first.
        let mut kept: Vec<InvoiceWarning> = new
            .warnings
            .iter()
            .filter(|warning| KEPT_WARNINGS.contains(&warning.code.as_str()))
            .cloned()
            .collect();
        if new.state == InvoiceState::Failed {
            kept.push(read_failed_warning(
                new.reason.as_deref(),
                new.reason_words.as_ref(),
            ));
            new.state = InvoiceState::WaitingValidation;
            new.reason = None;
            new.reason_words = None;
        }
        for (&field, value) in &edit.fields {
            let value = value
                .as_deref()
                .map(str::trim)
                .filter(|value| !value.is_empty());
            let value = value.map(|value| normalise(field, value)).transpose()?;
            let previous = new.preview.get(field).map(str::to_owned);
            if previous == value {
                continue;
            }
            match &value {
                Some(value) => {
                    new.preview.fields.insert(
                        field,
                        FieldValue::new(value.clone(), FieldSource::Operator, 1.0),
                    );
                }
                None => {
                    new.preview.fields.remove(&field);
                }
            }
            new.edits.push(FieldEdit {
                at: now,
                operator: operator.to_owned(),
                field,
                old: previous,
                new: value,
            });
        }
        if let Some(lines) = &edit.line_items {
            new.preview.line_items.clone_from(lines);
        }
        new.warnings = warnings(txn, tenant, id, new, &kept)?;
        Ok(())
    })
}

/// The warning a failed invoice completed by hand keeps.
pub const READ_FAILED: &str = "read_failed";

/// The [`READ_FAILED`] warning of an invoice that failed for `reason` (its English, and its
/// words when the failure had them): the whole sentence in the catalog's words too.
fn read_failed_warning(reason: Option<&str>, reason_words: Option<&Words>) -> InvoiceWarning {
    let said = if let Some(reason) = reason {
        said!(
            key::READ_FAILED_BY_HAND,
            "reading failed, completed by hand: {0}",
            reason
        )
        .with_inner(reason_words.cloned())
    } else {
        said!(
            key::READ_FAILED_BY_HAND_NO_REASON,
            "reading failed, completed by hand: no reason recorded"
        )
    };
    InvoiceWarning {
        code: READ_FAILED.to_owned(),
        words: Some(said.words()),
        message: said.text,
    }
}

/// Warnings about how the document was read, which an edit does not recompute.
const KEPT_WARNINGS: [&str; 3] = ["llm_failed", "xml_unreadable", READ_FAILED];

/// A field value as an operator typed it, normalised for its kind. Dates and amounts are read
/// whole: `15/11/2024extra` and `12abc` are refused, not cut.
pub fn normalise(field: FieldName, value: &str) -> Result<String, AreaError> {
    let typed = format!("{value:?}");
    match field.kind() {
        FieldKind::Text => Ok(value.to_owned()),
        FieldKind::Amount => amounts::parse_typed_amount(value)
            .map(amounts::normalize)
            .ok_or_else(|| {
                said!(
                    key::FIELD_NOT_AN_AMOUNT,
                    "{0}: {1} is not an amount (1234.50 or 1.234,50)",
                    field,
                    typed
                )
                .invalid()
            }),
        FieldKind::Date => dates::parse_whole_date(value, dates::DateOrder::DayFirst)
            .map(|date| date.to_string())
            .ok_or_else(|| {
                said!(
                    key::FIELD_NOT_A_DATE,
                    "{0}: {1} is not a date (2024-11-15 or 15/11/2024)",
                    field,
                    typed
                )
                .invalid()
            }),
        FieldKind::Currency => centralita_protocol::currency_code(value).ok_or_else(|| {
            said!(
                key::FIELD_NOT_A_CURRENCY,
                "{0}: {1} is not a three-letter ISO 4217 currency code (PEN, COP, MXN, USD)",
                field,
                typed
            )
            .invalid()
        }),
    }
}

/// The checks on the fields plus duplicate numbers from the same issuer, after `extra`.
fn warnings(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: InvoiceId,
    record: &InvoiceRecord,
    extra: &[InvoiceWarning],
) -> Result<Vec<InvoiceWarning>, AreaError> {
    let today = txn
        .now()
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .date();
    let mut warnings = extra.to_vec();
    warnings.extend(checks::check(&record.preview, today));
    let others = txn.invoices_with_same_number(tenant, id, record)?;
    if !others.is_empty() {
        let number = record
            .preview
            .get(FieldName::InvoiceNumber)
            .unwrap_or_default();
        let said = duplicate_number(number, &others);
        warnings.push(InvoiceWarning {
            code: "duplicate_number".to_owned(),
            words: Some(said.words()),
            message: said.text,
        });
    }
    Ok(warnings)
}

/// `number` from the same issuer is on the `others` too: `invoice 3`, or `invoice 3, invoice
/// 7` in English, and the other invoices' ids (`3, 7`) as the catalog's value.
pub(super) fn duplicate_number(number: &str, others: &[InvoiceId]) -> Said {
    let ids: Vec<String> = others.iter().map(ToString::to_string).collect();
    if let [other] = ids.as_slice() {
        return said!(
            key::INVOICE_DUPLICATE_NUMBER,
            "number {0} from this issuer is also on invoice {1}",
            number,
            other
        );
    }
    let list: Vec<String> = ids.iter().map(|id| format!("invoice {id}")).collect();
    Said {
        key: key::INVOICE_DUPLICATE_NUMBERS,
        text: format!(
            "number {number} from this issuer is also on {}",
            list.join(", ")
        ),
        args: vec![number.to_owned(), ids.join(", ")],
        inner: None,
    }
}
