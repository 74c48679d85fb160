//! Reading a notice into a glosa. Every path (a mail body or attachment, an upload, the inbox
//! folder) stores the bytes as a blob and queues [`ReadGlosa`]; the job reads text (a PDF's
//! text layer or OCR, through the invoices' tools) or a spreadsheet, normalises the codes,
//! links the invoices, and commits the glosa. The same payer notice read twice is one glosa.

use centralita_glosas::catalog::{Normalised, normalise};
use centralita_glosas::notice::{self, Notice, NoticeKind};
use centralita_invoices::DocumentKind;
use centralita_invoices::detect::{self, Detected};
use centralita_protocol::{AuditOutcome, GlosaId, GlosaState, JobId, TenantId};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::records::{GlosaRecord, ItemRecord};
use super::{Glosas, QUEUE};
use crate::audit::AuditRecord;
use crate::error::{AreaError, said};
use crate::queue::{Job, JobContext, JobError};
use crate::store::{BlobHash, WriteTxn};
use centralita_protocol::said as key;

/// The largest notice read, in bytes (the reader's own budget).
const MAX_NOTICE_BYTES: usize = notice::MAX_INPUT_BYTES;
/// The notice text kept on the glosa, at most.
const TEXT_LIMIT: usize = 64 << 10;

/// A notice handed in.
#[derive(Debug, Clone)]
pub struct GlosaIntake {
    pub tenant: TenantId,
    pub name: String,
    pub bytes: Vec<u8>,
    /// `upload`, `inbox`, `mail: subject, from`.
    pub origin: String,
    pub operator: String,
    /// When it reached the clinic: the answer clock starts here.
    pub received_on: Date,
}

/// Reads the notice in blob `blob` into a glosa.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadGlosa {
    pub blob: String,
    pub name: String,
    pub origin: String,
    pub operator: String,
    pub received_on: Date,
}

impl Job for ReadGlosa {
    const KIND: &'static str = "glosas.read";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 5;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!("glosa:{tenant}:{}", self.blob))
    }
}

impl Glosas {
    /// Keeps the notice and queues its reading.
    pub async fn hand_in(&self, intake: GlosaIntake) -> Result<JobId, AreaError> {
        if intake.bytes.len() > MAX_NOTICE_BYTES {
            return Err(said!(
                key::GLOSA_NOTICE_TOO_LARGE,
                "{0} is {1} bytes; a glosa notice may be at most {2} bytes",
                intake.name,
                intake.bytes.len(),
                MAX_NOTICE_BYTES
            )
            .invalid());
        }
        if intake.bytes.is_empty() {
            return Err(said!(key::FILE_EMPTY, "{0} is empty", intake.name).invalid());
        }
        let hash = self.store().put_blob(intake.bytes).await?;
        let job = ReadGlosa {
            blob: hash.as_str().to_owned(),
            name: intake.name,
            origin: intake.origin,
            operator: intake.operator,
            received_on: intake.received_on,
        };
        let tenant = intake.tenant;
        let (id, _) = self
            .store()
            .write(move |txn| txn.enqueue(&tenant, &job))
            .await?;
        self.inner.queue.wake(QUEUE);
        Ok(id)
    }

    pub(super) async fn run_read(
        &self,
        context: &JobContext,
        job: ReadGlosa,
    ) -> Result<(), JobError> {
        let tenant = context.tenant.clone();
        let hash = BlobHash::parse(&job.blob).ok_or_else(|| {
            JobError::permanent_said(said!(
                key::GLOSA_NOTICE_FILE_NOT_KEPT,
                "the notice's file was not kept"
            ))
        })?;
        let bytes = self.store().get_blob(hash).await.map_err(JobError::blob)?;
        let (notice, text) = self.read_notice(&job.name, &bytes).await?;
        if notice.items.is_empty() && !notice::looks_like_notice(&text) {
            return Err(JobError::permanent_said(not_a_notice(&job.name)));
        }
        let record = Self::record_of(
            &notice,
            &job,
            text[..text.floor_char_boundary(TEXT_LIMIT)].to_owned(),
        );
        let operator = job.operator.clone();
        self.store()
            .write(move |txn| commit(txn, &tenant, record.clone(), &operator))
            .await?;
        Ok(())
    }

    /// The notice in `bytes` and its text: a spreadsheet read by its columns, a PDF or an
    /// image read as text, or plain text.
    async fn read_notice(&self, name: &str, bytes: &[u8]) -> Result<(Notice, String), JobError> {
        let refused = |error| JobError::permanent_said(notice_refused(name, error));
        if notice::is_spreadsheet(bytes, name) {
            let read =
                notice::read_spreadsheet(bytes, name, &self.inner.mappings).map_err(refused)?;
            let text = centralita_glosas::sample::render_text(&read);
            return Ok((read, text));
        }
        let text = match detect::detect(bytes) {
            Detected::Accepted(
                kind @ (DocumentKind::Pdf
                | DocumentKind::Jpeg
                | DocumentKind::Png
                | DocumentKind::Tiff
                | DocumentKind::Text),
            ) => {
                let (text, _method) = self
                    .inner
                    .invoices
                    .document_text(kind, bytes)
                    .await
                    .map_err(|error| {
                        let said = said!(key::GLOSA_NOTICE_TEXT, "{0}: {1}", name, error);
                        if error.is_transient() {
                            JobError::retryable_said(said, None)
                        } else {
                            JobError::permanent_said(said)
                        }
                    })?;
                text
            }
            _ => match std::str::from_utf8(bytes) {
                Ok(text) => text.to_owned(),
                Err(_) => return Err(JobError::permanent_said(not_a_notice_kind(name))),
            },
        };
        let read = notice::read_text(&text).map_err(refused)?;
        Ok((read, text))
    }

    fn record_of(notice: &Notice, job: &ReadGlosa, text: String) -> GlosaRecord {
        let items = notice
            .items
            .iter()
            .map(|item| {
                let (code, system) = match normalise(&item.code_raw) {
                    Normalised::Res2284 { code, .. } => (code, "2284"),
                    Normalised::Legacy3047 { code, .. } => (code, "3047"),
                    Normalised::Unknown { .. } => (String::new(), "unknown"),
                };
                ItemRecord {
                    code_raw: item.code_raw.clone(),
                    code,
                    system: system.to_owned(),
                    description: item.description.clone(),
                    service_code: item.service_code.clone().unwrap_or_default(),
                    quantity: item.quantity,
                    invoiced: item.invoiced,
                    objected: item.objected,
                    invoice: item.invoice.clone(),
                    response: None,
                }
            })
            .collect();
        let now = jiff::Timestamp::now();
        let text_of = |value: &Option<String>| value.clone().unwrap_or_default();
        GlosaRecord {
            id: GlosaId(0),
            state: GlosaState::Received,
            kind: match notice.kind {
                NoticeKind::Glosa => "glosa",
                NoticeKind::Devolucion => "devolucion",
            }
            .to_owned(),
            payer_name: text_of(&notice.payer_name),
            payer_nit: text_of(&notice.payer_nit),
            provider_name: text_of(&notice.provider_name),
            provider_nit: text_of(&notice.provider_nit),
            number: text_of(&notice.number),
            notice_date: notice.notice_date,
            filed_date: notice.filed_date,
            received_on: job.received_on,
            due: centralita_glosas::deadline::answer_due(job.received_on),
            invoices: notice.invoices.clone(),
            linked_invoices: Vec::new(),
            total_invoiced: notice.total_invoiced,
            total_objected: notice.total_objected,
            items,
            warnings: notice.warnings.clone(),
            warning_words: notice.warning_words.clone(),
            origin: job.origin.clone(),
            source_text: text,
            source_blob: Some(job.blob.clone()),
            source_name: job.name.clone(),
            created_at: now,
            updated_at: now,
            created_by: job.operator.clone(),
        }
    }
}

/// Links the invoices, stores the glosa (once per payer notice) and audits it.
fn commit(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    mut record: GlosaRecord,
    operator: &str,
) -> Result<(), AreaError> {
    let mut linked = Vec::new();
    for number in &record.invoices {
        for issuer in nit_forms(&record.provider_nit) {
            for id in txn.invoices_numbered(tenant, &issuer, number)? {
                if !linked.contains(&id) {
                    linked.push(id);
                }
            }
        }
    }
    record.linked_invoices = linked;
    record.created_at = txn.now();
    record.updated_at = record.created_at;
    match txn.insert_glosa(tenant, &record)? {
        Ok(stored) => {
            let detail = said!(
                key::GLOSA_NOTICE_ADDED,
                "notice {0} of {1} ({2} items) from {3}",
                stored.number,
                stored.payer_name,
                stored.items.len(),
                stored.origin
            );
            txn.audit(&AuditRecord {
                operator: operator.to_owned(),
                tenant: Some(tenant.clone()),
                action: "glosas.add".to_owned(),
                target: format!("glosa {}", stored.id),
                outcome: AuditOutcome::Ok,
                detail: detail.text.clone(),
                detail_words: Some(detail.words()),
            })?;
            Ok(())
        }
        Err(existing) => {
            tracing::info!(%tenant, glosa = %existing, number = %record.number, "glosa notice already read");
            Ok(())
        }
    }
}

/// A NIT as invoices may carry it: as written, and without its check digit (`900123456-7`).
fn nit_forms(nit: &str) -> Vec<String> {
    let mut forms = vec![nit.to_owned()];
    if let Some((base, check)) = nit.rsplit_once('-')
        && check.trim().len() == 1
    {
        forms.push(base.to_owned());
    }
    forms
}

impl crate::folders::Taker for Glosas {
    async fn take(&self, tenant: &TenantId, name: String, bytes: Vec<u8>) -> crate::folders::Taken {
        use crate::folders::Taken;
        let intake = GlosaIntake {
            tenant: tenant.clone(),
            name,
            bytes,
            origin: "inbox".to_owned(),
            operator: "inbox".to_owned(),
            received_on: super::today(),
        };
        match self.hand_in(intake).await {
            Ok(job) => Taken::Done(format!("read by job {job}")),
            Err(AreaError::Store(error)) => Taken::Later(error.to_string()),
            Err(refused) => Taken::Refused(refused.to_string()),
        }
    }
}

/// Why notice `name` could not be read, in the catalog's words.
fn notice_refused(name: &str, error: notice::NoticeError) -> crate::error::Said {
    use notice::NoticeError;
    match error {
        NoticeError::TooLarge { size, limit, .. } => said!(
            key::GLOSA_NOTICE_TOO_LARGE,
            "{0} is {1} bytes; a glosa notice may be at most {2} bytes",
            name,
            size,
            limit
        ),
        NoticeError::TooManyItems { limit, .. } => said!(
            key::GLOSA_NOTICE_TOO_MANY_ITEMS,
            "{0} has more than {1} item rows, the most a notice may have",
            name,
            limit
        ),
        NoticeError::NotASpreadsheet { .. } => not_a_notice_kind(name),
        NoticeError::Unreadable { reason, .. } => unreadable(name, reason),
        NoticeError::NotANotice { .. } => not_a_notice(name),
        other => unreadable(name, other),
    }
}

/// Spreadsheet `name` cannot be read, for `reason`.
fn unreadable(name: &str, reason: impl std::fmt::Display) -> crate::error::Said {
    said!(
        key::GLOSA_NOTICE_UNREADABLE,
        "{0}: the spreadsheet cannot be read: {1}",
        name,
        reason
    )
}

/// Notice `name` holds nothing a notice has.
fn not_a_notice(name: &str) -> crate::error::Said {
    said!(
        key::GLOSA_NOTICE_NOT_A_NOTICE,
        "{0}: nothing in it reads as a glosa notice (no payer, notice number, header labels or objected items)",
        name
    )
}

/// Notice `name` is a kind of file notices do not come in.
fn not_a_notice_kind(name: &str) -> crate::error::Said {
    said!(
        key::GLOSA_NOTICE_KIND,
        "{0} is neither a PDF, an image, a spreadsheet nor text",
        name
    )
}
