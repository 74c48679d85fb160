//! Invoices: intake (upload, inbox folder, mail attachments, chat files — `chat.rs`), the read
//! job, mappings, the optional LLM step, and the lifecycle the RPC layer drives.
//!
//! Intake stores the original as a blob, then commits the invoice in `processing` together
//! with its read job, so a crash at any point either loses nothing acknowledged or repeats a
//! read that finds the invoice already read.

pub mod accuracy;
pub mod chat;
mod inbox;
pub mod lifecycle;
mod llm;
pub mod prepare;
pub mod read;
mod service;
mod store;
pub mod tools;
pub mod tsv;
pub mod wire;

pub use store::InvoiceRecord;
pub(crate) use store::TABLES;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use centralita_config::InvoicesConfig;
use centralita_invoices::detect::{self, Detected};
use centralita_invoices::mappings::{self, MappingSet};
use centralita_invoices::{Extraction, InvoiceWarning};
use centralita_protocol::{
    AuditOutcome, IntakeOutcome, InvoiceId, InvoiceState, MappingReport, TenantId,
};
use tokio_util::sync::CancellationToken;

use crate::audit::{AuditRecord, Detail};
use crate::error::{AreaError, said};
use crate::queue::{JobContext, JobError, Queue};
use crate::store::{BlobHash, Store};
use centralita_protocol::said as key;
pub use llm::LlmEndpoint;

/// A document arriving from anywhere.
#[derive(Debug, Clone)]
pub struct Intake {
    pub tenant: TenantId,
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// `upload`, `inbox`, `mail`, `chat`, `demo`.
    pub origin: String,
    /// Who sent it: the operator's Unix user, or the origin for automatic intake.
    pub operator: String,
}

/// Why a document was not taken in. Nothing is stored when intake fails.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("{name} is {size} bytes; the limit is {limit} bytes (invoices.max_upload_mib)")]
    TooLarge { name: String, size: u64, limit: u64 },
    #[error("{name} is {detected}, not an invoice document: send {accepted}", accepted = detect::ACCEPTED)]
    Unsupported {
        name: String,
        detected: &'static str,
    },
    #[error("{0}")]
    Store(#[from] AreaError),
}

impl From<IntakeError> for AreaError {
    fn from(error: IntakeError) -> Self {
        match error {
            IntakeError::Store(error) => error,
            IntakeError::TooLarge { name, size, limit } => said!(
                key::INVOICE_FILE_TOO_LARGE,
                "{0} is {1} bytes; the limit is {2} bytes (invoices.max_upload_mib)",
                name,
                size,
                limit
            )
            .invalid(),
            IntakeError::Unsupported { name, detected } => said!(
                key::NOT_AN_INVOICE_DOCUMENT,
                "{0} is {1}, not an invoice document: send {2}",
                name,
                detected,
                detect::ACCEPTED
            )
            .invalid(),
        }
    }
}

/// The invoices service; cheap to clone.
#[derive(Clone)]
pub struct Invoices {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    queue: Queue,
    tools: tools::Tools,
    mappings: RwLock<MappingSet>,
    last_report: RwLock<MappingReport>,
    mappings_dir: PathBuf,
    inbox_dir: PathBuf,
    poll: Duration,
    max_bytes: u64,
    llm: BTreeMap<TenantId, LlmEndpoint>,
    http: reqwest::Client,
}

impl Invoices {
    /// The tenant's LLM endpoint, when `[invoices.llm.TENANT]` names one.
    pub fn llm_endpoint(&self, tenant: &TenantId) -> Option<&LlmEndpoint> {
        self.inner.llm.get(tenant)
    }

    /// Builds the service from the `[invoices]` config; loads the mappings (problems are
    /// logged, the good ones still load).
    pub fn new(
        store: Store,
        queue: Queue,
        config: &InvoicesConfig,
        data_dir: &std::path::Path,
        llm: BTreeMap<TenantId, LlmEndpoint>,
    ) -> Self {
        let max_bytes = config.max_upload_mib.saturating_mul(1024 * 1024);
        let service = Self {
            inner: Arc::new(Inner {
                store,
                queue,
                tools: tools::Tools::new(
                    config.tool_concurrency,
                    Duration::from_secs(config.tool_timeout_secs),
                    &config.ocr_languages,
                    config.ocr_dpi,
                )
                .with_memory_mib(config.tool_memory_mib)
                .with_scratch(data_dir.join("scratch")),
                mappings: RwLock::new(MappingSet::default()),
                last_report: RwLock::new(MappingReport {
                    dir: String::new(),
                    loaded: Vec::new(),
                    problems: Vec::new(),
                }),
                mappings_dir: config
                    .mappings_dir
                    .clone()
                    .unwrap_or_else(|| default_mappings_dir(data_dir)),
                inbox_dir: config
                    .inbox_dir
                    .clone()
                    .unwrap_or_else(|| data_dir.join("inbox")),
                poll: Duration::from_secs(config.inbox_poll_secs),
                max_bytes,
                llm,
                http: crate::http::client(),
            }),
        };
        service.reload_mappings();
        service
    }

    /// Registers the read job handler.
    pub fn register(&self, queue: &Queue) {
        let service = self.clone();
        queue.register_job(move |context, job: lifecycle::ReadInvoice| {
            let service = service.clone();
            async move { service.run_read(context, job.invoice).await }
        });
        let service = self.clone();
        queue.register_job(move |context, job: chat::ChatFileToInvoice| {
            let service = service.clone();
            async move { service.run_chat_file(&context, job).await }
        });
    }

    /// Starts watching the inbox folders until `stop`.
    pub fn spawn_inbox(&self, tracker: &tokio_util::task::TaskTracker, stop: CancellationToken) {
        let folders = crate::folders::Folders {
            store: self.inner.store.clone(),
            root: self.inner.inbox_dir.clone(),
            inside: None,
            poll: self.inner.poll,
            max_bytes: self.inner.max_bytes,
            limit_key: "invoices.max_upload_mib",
            what: "invoice",
        };
        tracker.spawn(folders.watch(self.clone(), stop));
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The text of a PDF or an image, read with this service's tools (their timeouts and
    /// concurrency limit): glosa notices come as documents too.
    pub async fn document_text(
        &self,
        kind: centralita_invoices::DocumentKind,
        bytes: &[u8],
    ) -> Result<(String, String), read::ReadError> {
        read::text_of(&self.inner.tools, kind, bytes).await
    }

    /// Takes a document in: checks its size and content, stores the original, and commits the
    /// invoice with its read job. The same bytes again return the existing invoice.
    pub async fn intake(&self, intake: Intake) -> Result<IntakeOutcome, IntakeError> {
        let Intake {
            tenant,
            file_name,
            bytes,
            origin,
            operator,
        } = intake;
        let file_name = clean_name(&file_name);
        let size = bytes.len() as u64;
        if size > self.inner.max_bytes {
            return Err(IntakeError::TooLarge {
                name: file_name,
                size,
                limit: self.inner.max_bytes,
            });
        }
        let kind = match detect::detect(&bytes) {
            Detected::Accepted(kind) => kind,
            Detected::Refused(detected) => {
                return Err(IntakeError::Unsupported {
                    name: file_name,
                    detected,
                });
            }
        };
        let hash = BlobHash::of(&bytes);
        if let Some(existing) = self.existing(&tenant, &hash).await? {
            return Ok(existing);
        }
        self.inner
            .store
            .put_blob(bytes)
            .await
            .map_err(AreaError::from)?;
        let now = jiff::Timestamp::now();
        let record = InvoiceRecord {
            state: InvoiceState::Processing,
            file_name: file_name.clone(),
            kind,
            origin: origin.clone(),
            size,
            sha256: hash.as_str().to_owned(),
            created_at: now,
            updated_at: now,
            created_by: operator.clone(),
            preview: Extraction::default(),
            confirmed: None,
            warnings: Vec::new(),
            text_method: String::new(),
            reason: None,
            reason_words: None,
            mapping: None,
            edits: Vec::new(),
            job: None,
        };
        let outcome = self
            .inner
            .store
            .write(move |txn| -> Result<IntakeOutcome, AreaError> {
                // Checked again inside the commit: two uploads of one file may race.
                if let Some(id) = txn.invoice_by_hash(&tenant, hash.as_str())? {
                    let existing = txn.invoice(&tenant, id)?;
                    return Ok(IntakeOutcome {
                        invoice: existing.summary(&tenant, id),
                        duplicate: true,
                    });
                }
                let id = txn.insert_invoice(&tenant, &record, "")?;
                let detail = said!(
                    key::INVOICE_ADDED,
                    "{0} ({1}, {2} bytes) from {3}",
                    record.file_name,
                    kind,
                    size,
                    origin
                );
                txn.audit(&AuditRecord {
                    detail: detail.text.clone(),
                    detail_words: Some(detail.words()),
                    ..caller_audit(&operator, &tenant, "invoices.add", id)
                })?;
                let stored = txn.invoice(&tenant, id)?;
                Ok(IntakeOutcome {
                    invoice: stored.summary(&tenant, id),
                    duplicate: false,
                })
            })
            .await?;
        if !outcome.duplicate {
            self.inner.queue.wake(lifecycle::QUEUE);
        }
        Ok(outcome)
    }

    async fn existing(
        &self,
        tenant: &TenantId,
        hash: &BlobHash,
    ) -> Result<Option<IntakeOutcome>, AreaError> {
        let (tenant, hash) = (tenant.clone(), hash.as_str().to_owned());
        self.inner
            .store
            .read(move |txn| {
                let Some(id) = txn.invoice_id_by_hash(&tenant, &hash)? else {
                    return Ok(None);
                };
                Ok(Some(IntakeOutcome {
                    invoice: txn.invoice(&tenant, id)?.summary(&tenant, id),
                    duplicate: true,
                }))
            })
            .await
    }

    /// Reloads the mappings folder; the previous set stays if the folder cannot be read.
    pub fn reload_mappings(&self) -> MappingReport {
        let (set, problems) = mappings::load_dir(&self.inner.mappings_dir);
        for problem in &problems {
            tracing::warn!(file = %problem.file, line = problem.line, "mapping not loaded: {}", problem.message);
        }
        let loaded = set.names();
        tracing::info!(dir = %self.inner.mappings_dir.display(), loaded = loaded.len(), "invoice mappings loaded");
        *self
            .inner
            .mappings
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = set;
        let report = MappingReport {
            dir: self.inner.mappings_dir.display().to_string(),
            loaded,
            problems,
        };
        report.clone_into(
            &mut self
                .inner
                .last_report
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        report
    }

    /// The mappings loaded now and the problems of the last load.
    pub fn mappings_report(&self) -> MappingReport {
        self.inner
            .last_report
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The wake-up after a lifecycle change that enqueued a read job.
    pub fn wake(&self) {
        self.inner.queue.wake(lifecycle::QUEUE);
    }

    /// One attempt of the read job.
    async fn run_read(&self, context: JobContext, id: InvoiceId) -> Result<(), JobError> {
        let tenant = context.tenant.clone();
        let record = {
            let tenant = tenant.clone();
            self.inner
                .store
                .read(move |txn| txn.invoice(&tenant, id))
                .await
                .map_err(store_failure)?
        };
        if record.state != InvoiceState::Processing {
            return Ok(());
        }
        let hash = BlobHash::parse(&record.sha256).ok_or_else(|| {
            JobError::permanent_said(said!(
                key::INVOICE_BLOB_MALFORMED,
                "the invoice's blob hash is malformed"
            ))
        })?;
        let bytes = self
            .inner
            .store
            .get_blob(hash)
            .await
            .map_err(JobError::blob)?;
        let mappings = self
            .inner
            .mappings
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let last_attempt = context.attempt >= context.max_attempts;
        let mut reading = match read::read(&self.inner.tools, &mappings, record.kind, &bytes).await
        {
            Ok(reading) => reading,
            Err(error) if error.is_transient() && !last_attempt => {
                return Err(JobError::retryable_said(error.said(), None));
            }
            Err(error) => {
                let said = error.said();
                let tenant = tenant.clone();
                let reason = said.clone();
                self.inner
                    .store
                    .write(move |txn| {
                        if lifecycle::fail_reading(txn, &tenant, id, &reason)? {
                            txn.audit(&system_audit(&tenant, id, failed_reading(&error)))?;
                        }
                        Ok(())
                    })
                    .await
                    .map_err(store_failure)?;
                return Err(JobError::permanent_said(said));
            }
        };
        if !record.kind.is_xml() && reading.method != "embedded_xml" {
            self.ask_llm(&tenant, &mut reading, last_attempt).await?;
        }
        self.inner
            .store
            .write(move |txn| {
                if lifecycle::finish_reading(txn, &tenant, id, &reading)? {
                    let detail = said!(
                        key::INVOICE_READ,
                        "waiting_validation: {0} fields by {1}, {2} warnings",
                        reading.extraction.fields.len(),
                        reading.method,
                        reading.warnings.len()
                    );
                    txn.audit(&system_audit(&tenant, id, detail.into()))?;
                }
                Ok(())
            })
            .await
            .map_err(store_failure)?;
        Ok(())
    }

    /// Asks the tenant's LLM for the fields still missing. A transient failure retries the job
    /// (until the last attempt); any other failure becomes a warning and the rest stands.
    async fn ask_llm(
        &self,
        tenant: &TenantId,
        reading: &mut lifecycle::Reading,
        last_attempt: bool,
    ) -> Result<(), JobError> {
        let Some(endpoint) = self.inner.llm.get(tenant) else {
            return Ok(());
        };
        let wanted = read::missing_fields(&reading.extraction);
        if wanted.is_empty() {
            return Ok(());
        }
        match llm::ask(&self.inner.http, endpoint, &reading.text, &wanted).await {
            Ok(found) => reading.extraction.fill_from(found),
            Err(failure) if failure.transient && !last_attempt => {
                return Err(JobError::retryable_said(failure.said, None));
            }
            Err(failure) => {
                let said = said!(
                    key::INVOICE_LLM_FAILED,
                    "the LLM step gave nothing usable: {0}",
                    failure.said
                )
                .with_inner(Some(failure.said.words()));
                reading.warnings.push(InvoiceWarning {
                    code: "llm_failed".to_owned(),
                    words: Some(said.words()),
                    message: said.text,
                });
            }
        }
        Ok(())
    }
}

/// The audit entry of a transition the daemon made itself (the read job).
fn system_audit(tenant: &TenantId, id: InvoiceId, detail: Detail) -> AuditRecord {
    AuditRecord {
        detail: detail.text,
        detail_words: detail.words,
        ..caller_audit("centralitad", tenant, "invoices.read", id)
    }
}

/// The detail of a reading that failed: the reason, in its own words (the English says
/// `failed: ` first; the reason's sentence alone is the words, for the invoice's state and the
/// entry's action say it failed).
fn failed_reading(error: &read::ReadError) -> Detail {
    let said = error.said();
    Detail {
        text: format!("failed: {}", said.text),
        words: Some(said.words()),
    }
}

/// An audit entry of `operator`'s `action` on invoice `id` (`Ok`), its detail still empty.
fn caller_audit(operator: &str, tenant: &TenantId, action: &str, id: InvoiceId) -> AuditRecord {
    AuditRecord {
        operator: operator.to_owned(),
        tenant: Some(tenant.clone()),
        action: action.to_owned(),
        target: format!("invoice {id}"),
        outcome: AuditOutcome::Ok,
        detail: String::new(),
        detail_words: None,
    }
}

/// The invoice gone (removed meanwhile) fails the attempt at once; anything else the store
/// says may pass.
fn store_failure(error: AreaError) -> JobError {
    match error {
        AreaError::NotFound(_) => JobError::from(error),
        other => JobError::retryable_area(other),
    }
}

/// A file name safe to show and to save as: the last path component, without control
/// characters, at most 200 characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "document".to_owned()
    } else {
        cleaned.to_owned()
    }
}

#[cfg(test)]
mod tests;

/// `<data_dir>/invoice-mappings`. A data dir from before mappings had their name keeps them in
/// `templates/`: that folder moves to the new name once, at start-up (when the new one does not
/// exist yet), so an upgrade loses none of the operator's files.
fn default_mappings_dir(data_dir: &Path) -> PathBuf {
    let dir = data_dir.join("invoice-mappings");
    let old = data_dir.join("templates");
    if !dir.exists() && old.is_dir() {
        match std::fs::rename(&old, &dir) {
            Ok(()) => {
                tracing::info!(from = %old.display(), to = %dir.display(), "invoice mappings folder renamed");
            }
            Err(error) => {
                tracing::warn!(%error, dir = %old.display(), "could not rename the invoice mappings folder; reading it where it is");
                return old;
            }
        }
    }
    dir
}
