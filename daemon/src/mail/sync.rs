//! The sync job of a mailbox. A full sync lists the watched labels (with the search); an
//! incremental one reads Gmail's history since the last sync, or, with a search, lists until
//! it meets known messages. New messages are fetched, read, and stored with their attachments,
//! and the attachments that may be invoices (or, with none, a body that reads like an invoice)
//! are queued for intake, one commit per batch: a crash repeats a batch and never loses or
//! doubles a message. The mailbox's history id moves only once every new message is stored.

use std::collections::HashSet;
use std::time::Duration;

use centralita_mail::gmail::{ErrorClass, Message};
use centralita_mail::{ArchiveError, MailMessage, SkipReason, body_candidate, scan_attachments};
use centralita_protocol::said as key;
use centralita_protocol::{MailMessageId, MailboxId, TenantId};
use futures::{StreamExt, TryStreamExt};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::attachments::ReadMailAttachment;
use super::gmail::{Fetched, Gmail, GmailFailure};
use super::records::{AttachmentRecord, MailboxRecord, MessageRecord, Outcome};
use super::{Mail, QUEUE};
use crate::error::{Said, said};
use crate::glosas::ReadGlosa;
use crate::queue::{Job, JobContext, JobError};
use centralita_glosas::notice;

/// Messages stored per commit.
const BATCH: usize = 100;
/// The stored text of a message, at most.
const TEXT_LIMIT: usize = 64 << 10;

/// Syncs mailbox `mailbox`; `full` lists every message again (known ones are skipped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncMailbox {
    pub mailbox: MailboxId,
    #[serde(default)]
    pub full: bool,
}

impl Job for SyncMailbox {
    const KIND: &'static str = "mail.sync";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 8;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!("mail:{tenant}:{}", self.mailbox))
    }
}

/// What a sync did.
#[derive(Debug, Default)]
pub(super) struct Synced {
    pub stored: u64,
    /// Where the next incremental sync starts.
    pub history_id: Option<u64>,
}

/// A message read and ready to store, with the bytes of its invoice candidates stored as
/// blobs already.
struct Ready {
    record: MessageRecord,
}

impl Mail {
    pub(super) async fn run_sync(
        &self,
        context: &JobContext,
        job: SyncMailbox,
    ) -> Result<(), JobError> {
        let tenant = &context.tenant;
        let Some(mailbox) = self.mailbox_if_any(tenant, job.mailbox).await? else {
            // Removed since the job was queued: nothing to do.
            return Ok(());
        };
        let lock = self.inner.locks.of((tenant.clone(), job.mailbox));
        let Ok(_one_at_a_time) = lock.try_lock() else {
            return Err(JobError::later(
                "another sync of this mailbox is running",
                Duration::from_secs(30),
            ));
        };
        let result = self.sync(tenant, &mailbox, job.full).await;
        self.record_sync(tenant, job.mailbox, &result).await?;
        let synced = result?;
        tracing::info!(
            %tenant,
            mailbox = %job.mailbox,
            stored = synced.stored,
            "mailbox synced"
        );
        Ok(())
    }

    async fn sync(
        &self,
        tenant: &TenantId,
        mailbox: &MailboxRecord,
        full: bool,
    ) -> Result<Synced, JobError> {
        let gmail = self.gmail(tenant, mailbox.connection).await?;
        let result = self.sync_with(tenant, mailbox, &gmail, full).await;
        match result {
            Err(failure) if failure.class() == ErrorClass::Unauthorized => {
                // The token died early (revoked at Google, a password change): a refresh says
                // whether the grant lives; the next attempt uses the new token.
                self.inner
                    .connections
                    .refresh(tenant, mailbox.connection)
                    .await
                    .map_err(JobError::from)?;
                Err(failure.after_refresh())
            }
            other => other.map_err(JobError::from),
        }
    }

    async fn sync_with(
        &self,
        tenant: &TenantId,
        mailbox: &MailboxRecord,
        gmail: &Gmail,
        full: bool,
    ) -> Result<Synced, GmailFailure> {
        let labels = self.label_ids(gmail, &mailbox.settings.labels).await?;
        if !full && let Some(start) = mailbox.history_id {
            let incremental = if mailbox.settings.query.is_some() {
                self.list(tenant, mailbox, gmail, &labels, true).await
            } else {
                self.read_history(tenant, mailbox, gmail, &labels, start)
                    .await
            };
            match incremental {
                Err(failure) if failure.class() == ErrorClass::HistoryTooOld => {
                    tracing::info!(
                        %tenant,
                        mailbox = %mailbox.id,
                        "Gmail no longer has the history since the last sync; syncing in full"
                    );
                }
                other => return other,
            }
        }
        self.list(tenant, mailbox, gmail, &labels, false).await
    }

    /// The ids of the watched labels (given by name or id); an unknown one is an error that
    /// lists the account's labels.
    async fn label_ids(
        &self,
        gmail: &Gmail,
        wanted: &[String],
    ) -> Result<Vec<String>, GmailFailure> {
        let labels = gmail.labels().await?.labels;
        wanted
            .iter()
            .map(|want| {
                labels
                    .iter()
                    .find(|label| label.id.0 == *want || label.name.eq_ignore_ascii_case(want))
                    .map(|label| label.id.0.clone())
                    .ok_or_else(|| GmailFailure::Unreadable {
                        call: centralita_mail::gmail::Call::LabelsList,
                        reason: format!(
                            "the account has no label {want:?}; it has {}",
                            labels
                                .iter()
                                .map(|label| label.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })
            })
            .collect()
    }

    /// Lists the watched labels (with the mailbox's search), newest first, and stores what is
    /// new. A full sync reads every page; with `until_known` (an incremental sync of a mailbox
    /// with a search, which Gmail's history cannot apply) a label stops at the first page with
    /// nothing new.
    async fn list(
        &self,
        tenant: &TenantId,
        mailbox: &MailboxRecord,
        gmail: &Gmail,
        labels: &[String],
        until_known: bool,
    ) -> Result<Synced, GmailFailure> {
        // The history id from before the listing: what arrives meanwhile is read next time.
        let history_id = Some(gmail.profile().await?.history_id.0);
        let mut stored = 0;
        for label in labels {
            let mut page = None;
            loop {
                let list = gmail
                    .list(label, mailbox.settings.query.as_deref(), page.as_deref())
                    .await?;
                let ids = list.messages.into_iter().map(|message| message.id.0);
                let unknown = self.unknown(tenant, mailbox.id, ids.collect()).await?;
                if until_known && unknown.is_empty() {
                    break;
                }
                stored += self.ingest(tenant, mailbox, gmail, unknown, &[]).await?;
                match list.next_page_token {
                    Some(next) => page = Some(next),
                    None => break,
                }
            }
        }
        Ok(Synced { stored, history_id })
    }

    /// Incremental sync: the messages added since `start` with a watched label.
    async fn read_history(
        &self,
        tenant: &TenantId,
        mailbox: &MailboxRecord,
        gmail: &Gmail,
        labels: &[String],
        start: u64,
    ) -> Result<Synced, GmailFailure> {
        let mut stored = 0;
        let mut seen = HashSet::new();
        let mut page = None;
        let mut history_id = Some(start);
        loop {
            let history = gmail.history(start, page.as_deref()).await?;
            let ids: Vec<String> = history
                .history
                .iter()
                .flat_map(|record| &record.messages_added)
                .map(|added| &added.message)
                // The labels of the moment it was added; the fetched message says again.
                .filter(|message| {
                    message.label_ids.is_empty()
                        || message
                            .label_ids
                            .iter()
                            .any(|label| labels.contains(&label.0))
                })
                .filter(|message| seen.insert(message.id.0.clone()))
                .map(|message| message.id.0.clone())
                .collect();
            let unknown = self.unknown(tenant, mailbox.id, ids).await?;
            stored += self.ingest(tenant, mailbox, gmail, unknown, labels).await?;
            history_id = history.history_id.map(|id| id.0).or(history_id);
            match history.next_page_token {
                Some(next) => page = Some(next),
                None => break,
            }
        }
        Ok(Synced { stored, history_id })
    }

    /// The ids among `ids` the mailbox does not have yet.
    async fn unknown(
        &self,
        tenant: &TenantId,
        mailbox: MailboxId,
        ids: Vec<String>,
    ) -> Result<Vec<String>, GmailFailure> {
        let tenant = tenant.clone();
        self.store()
            .read(move |txn| {
                let mut unknown = Vec::new();
                for id in ids {
                    if !txn.has_gmail_message(&tenant, mailbox, &id)? {
                        unknown.push(id);
                    }
                }
                Ok(unknown)
            })
            .await
            .map_err(|error| store_failure(&error))
    }

    /// Fetches, reads and stores the messages of `unknown` (ids the mailbox did not have), in
    /// batches. With `labels`, a fetched message without any of them is left out. Returns how
    /// many were stored.
    async fn ingest(
        &self,
        tenant: &TenantId,
        mailbox: &MailboxRecord,
        gmail: &Gmail,
        unknown: Vec<String>,
        labels: &[String],
    ) -> Result<u64, GmailFailure> {
        let mut stored = 0;
        for batch in unknown.chunks(BATCH) {
            // Collected first: a closure over borrowed ids trips the compiler's Send check.
            let fetches: Vec<_> = batch
                .iter()
                .map(|id| self.fetch(gmail, mailbox.id, id, labels))
                .collect();
            let ready: Vec<Option<Ready>> = futures::stream::iter(fetches)
                .buffered(self.inner.fetch_concurrency)
                .try_collect()
                .await?;
            stored += self
                .store_batch(tenant, mailbox.id, ready.into_iter().flatten().collect())
                .await?;
        }
        Ok(stored)
    }

    /// One message, read and with its candidate attachments stored as blobs; `None` when
    /// it is gone (deleted since it was listed) or has none of `labels`.
    async fn fetch(
        &self,
        gmail: &Gmail,
        mailbox: MailboxId,
        id: &str,
        labels: &[String],
    ) -> Result<Option<Ready>, GmailFailure> {
        let fetched = match gmail.message(id).await {
            Ok(fetched) => fetched,
            Err(failure) if failure.class() == ErrorClass::NotFound => return Ok(None),
            Err(failure) => return Err(failure),
        };
        let (message, raw, note) = match fetched {
            Fetched::Message(message) => match message.raw_bytes() {
                Ok(raw) => (message, Some(raw), None),
                Err(error) => (
                    message,
                    None,
                    Some(format!("the raw message is unreadable: {error}")),
                ),
            },
            Fetched::TooLarge(message) => {
                let note = format!(
                    "larger than mail.max_message_mib ({} MiB): kept without its text and attachments",
                    gmail.max_message >> 20
                );
                (message, None, Some(note))
            }
        };
        if !labels.is_empty()
            && !message
                .label_ids
                .iter()
                .any(|label| labels.contains(&label.0))
        {
            return Ok(None);
        }
        // Parsing, opening archives and reading texts with the invoice rules take CPU time
        // (up to a second for a long text): off the runtime's threads.
        let read = match raw {
            Some(raw) => {
                let bare = bare_record(mailbox, &message);
                Some(
                    tokio::task::spawn_blocking(move || {
                        centralita_mail::parse_message(&raw).map(|parsed| record_of(bare, &parsed))
                    })
                    .await
                    .map_err(|error| GmailFailure::Unreadable {
                        call: centralita_mail::gmail::Call::MessagesGet,
                        reason: error.to_string(),
                    })?,
                )
            }
            None => None,
        };
        let (mut record, candidates, note) = match read {
            Some(Ok((record, candidates))) => (record, candidates, note),
            Some(Err(error)) => (
                bare_record(mailbox, &message),
                Vec::new(),
                Some(format!("could not be read as a MIME message: {error}")),
            ),
            None => (bare_record(mailbox, &message), Vec::new(), note),
        };
        record.note = note;
        for (index, bytes) in candidates {
            let hash = self
                .store()
                .put_blob(bytes)
                .await
                .map_err(|error| store_failure(&error.into()))?;
            record.attachments[index].blob = Some(hash.as_str().to_owned());
        }
        Ok(Some(Ready { record }))
    }

    /// Stores a batch in one commit, with an intake job for each candidate attachment.
    async fn store_batch(
        &self,
        tenant: &TenantId,
        mailbox: MailboxId,
        ready: Vec<Ready>,
    ) -> Result<u64, GmailFailure> {
        if ready.is_empty() {
            return Ok(0);
        }
        let tenant = tenant.clone();
        let (stored, queued, notices) = self
            .store()
            .write(move |txn| {
                let (mut stored, mut queued, mut notices) = (0, false, false);
                for Ready { record } in &ready {
                    let Some(id) = txn.insert_mail_message(&tenant, record)? else {
                        continue;
                    };
                    stored += 1;
                    for (index, attachment) in record.attachments.iter().enumerate() {
                        match attachment.outcome {
                            Outcome::Queued => {
                                let index = u32::try_from(index).unwrap_or(u32::MAX);
                                txn.enqueue(&tenant, &ReadMailAttachment { message: id, index })?;
                                queued = true;
                            }
                            Outcome::Glosa => {
                                txn.enqueue(&tenant, &glosa_job(record, attachment))?;
                                notices = true;
                            }
                            _ => {}
                        }
                    }
                }
                let mut record = txn.mailbox_mut(&tenant, mailbox)?;
                record.messages += stored;
                txn.put_mailbox(&tenant, &record)?;
                Ok((stored, queued, notices))
            })
            .await
            .map_err(|error| store_failure(&error))?;
        if queued {
            self.queue().wake(QUEUE);
        }
        if notices {
            self.queue().wake(crate::glosas::QUEUE);
        }
        Ok(stored)
    }

    /// Records how a sync went on the mailbox: when, the error, and where the next starts.
    async fn record_sync(
        &self,
        tenant: &TenantId,
        mailbox: MailboxId,
        result: &Result<Synced, JobError>,
    ) -> Result<(), JobError> {
        let tenant = tenant.clone();
        let (history_id, error) = match result {
            Ok(synced) => (synced.history_id, None),
            Err(error) => (None, Some(error.clone())),
        };
        self.store()
            .write(move |txn| txn.mailbox_synced(&tenant, mailbox, history_id, error.as_ref()))
            .await?;
        Ok(())
    }
}

/// A store failure during a sync: retried, as the store may be back.
fn store_failure(error: &crate::error::AreaError) -> GmailFailure {
    GmailFailure::Unreachable {
        call: centralita_mail::gmail::Call::MessagesGet,
        reason: format!("storing the mail failed: {error}"),
    }
}

/// The record of a message that could not be read: what Gmail says about it.
fn bare_record(mailbox: MailboxId, message: &Message) -> MessageRecord {
    MessageRecord {
        id: MailMessageId(0),
        mailbox,
        gmail_id: message.id.0.clone(),
        from: String::new(),
        to: Vec::new(),
        subject: String::new(),
        date: None,
        received_at: message.internal_date.unwrap_or_else(Timestamp::now),
        labels: message
            .label_ids
            .iter()
            .map(|label| label.0.clone())
            .collect(),
        snippet: message.snippet.clone().unwrap_or_default(),
        text: String::new(),
        attachments: Vec::new(),
        note: None,
        stored_at: Timestamp::now(),
    }
}

/// The record of a read message (`record`: as Gmail describes it), and the candidate
/// attachments' bytes by their index in `attachments`. A glosa notice goes to glosa reading;
/// otherwise, with no candidate among the attachments, a body that reads like an invoice goes
/// to intake as a text document, recorded after the attachments.
pub(super) fn record_of(
    mut record: MessageRecord,
    parsed: &MailMessage,
) -> (MessageRecord, Vec<(usize, Vec<u8>)>) {
    let scan = scan_attachments(parsed);
    let subject = parsed.subject.clone().unwrap_or_default();
    let is_notice = notice::looks_like_notice(&format!("{subject}\n{}", parsed.text));
    let body = if is_notice {
        None
    } else {
        body_candidate(parsed, &scan)
    };
    let mut attachments = Vec::new();
    let mut candidates = Vec::new();
    for candidate in scan.candidates {
        queue(candidate, false, &mut attachments, &mut candidates);
    }
    for skipped in scan.skipped {
        let original = parsed
            .attachments
            .iter()
            .find(|attachment| attachment.file_name == skipped.name);
        attachments.push(AttachmentRecord {
            content_type: original.map(|a| a.mime_type.clone()).unwrap_or_default(),
            size: original.map_or(0, |a| a.bytes.len() as u64),
            name: skipped.name,
            blob: None,
            outcome: Outcome::skipped(skip_said(&skipped.reason)),
            body: false,
        });
    }
    if is_notice {
        route_notice(parsed, &mut attachments, &mut candidates);
    }
    if let Some(body) = body {
        queue(body, true, &mut attachments, &mut candidates);
    }
    record.from = parsed.from.as_ref().map(address).unwrap_or_default();
    record.to = parsed.to.iter().map(address).collect();
    record.subject = parsed.subject.clone().unwrap_or_default();
    record.date = parsed.date;
    record.snippet.clone_from(&parsed.snippet);
    // At most TEXT_LIMIT bytes, cut on a character boundary.
    parsed.text[..parsed.text.floor_char_boundary(TEXT_LIMIT)].clone_into(&mut record.text);
    record.attachments = attachments;
    (record, candidates)
}

/// The glosa reading of a notice that came by mail (`attachment` has its blob).
fn glosa_job(message: &MessageRecord, attachment: &AttachmentRecord) -> ReadGlosa {
    let received_on = message
        .received_at
        .in_tz(crate::glosas::ZONE)
        .map_or_else(|_| crate::glosas::today(), |at| at.date());
    ReadGlosa {
        blob: attachment.blob.clone().unwrap_or_default(),
        name: attachment.name.clone(),
        origin: super::attachments::origin(&message.subject, &message.from),
        operator: "mail".to_owned(),
        received_on,
    }
}

/// Records `candidate` (the message's body when `body`) as queued for intake, its bytes in
/// `candidates` under its index in `attachments`.
fn queue(
    candidate: centralita_mail::Candidate,
    body: bool,
    attachments: &mut Vec<AttachmentRecord>,
    candidates: &mut Vec<(usize, Vec<u8>)>,
) {
    attachments.push(AttachmentRecord {
        name: candidate.display_name,
        content_type: candidate.kind.mime_type().to_owned(),
        size: candidate.bytes.len() as u64,
        blob: None,
        outcome: Outcome::Queued,
        body,
    });
    candidates.push((attachments.len() - 1, candidate.bytes));
}

/// Sends a glosa notice to glosa reading instead of invoice intake: its PDFs and
/// spreadsheets, or, with neither, its text (as a `mensaje.txt` attachment, whose bytes join
/// `candidates` to be kept as a blob).
fn route_notice(
    parsed: &MailMessage,
    attachments: &mut Vec<AttachmentRecord>,
    candidates: &mut Vec<(usize, Vec<u8>)>,
) {
    for (index, bytes) in candidates.iter() {
        let attachment = &mut attachments[*index];
        if attachment.content_type == "application/pdf"
            || notice::is_spreadsheet(bytes, &attachment.name)
        {
            attachment.outcome = Outcome::Glosa;
        }
    }
    for (index, attachment) in attachments.iter_mut().enumerate() {
        if !matches!(attachment.outcome, Outcome::Skipped { .. }) {
            continue;
        }
        let Some(original) = parsed
            .attachments
            .iter()
            .find(|original| original.file_name == attachment.name)
            .filter(|original| notice::is_spreadsheet(&original.bytes, &original.file_name))
        else {
            continue;
        };
        attachment.outcome = Outcome::Glosa;
        candidates.push((index, original.bytes.clone()));
    }
    if !attachments
        .iter()
        .any(|attachment| attachment.outcome == Outcome::Glosa)
    {
        candidates.push((attachments.len(), parsed.text.clone().into_bytes()));
        attachments.push(AttachmentRecord {
            name: "mensaje.txt".to_owned(),
            content_type: "text/plain".to_owned(),
            size: parsed.text.len() as u64,
            blob: None,
            outcome: Outcome::Glosa,
            body: true,
        });
    }
}

/// `Name <address>`, or whichever of the two there is.
fn address(mailbox: &centralita_mail::Mailbox) -> String {
    match (&mailbox.name, &mailbox.address) {
        (Some(name), Some(address)) => format!("{name} <{address}>"),
        (Some(only), None) | (None, Some(only)) => only.clone(),
        (None, None) => String::new(),
    }
}

/// Why an attachment was left out, worded from the protocol's catalog (the English is the mail
/// crate's own wording of it) so that `mail show` and `:mail` can say it in Spanish.
fn skip_said(reason: &SkipReason) -> Said {
    match reason {
        SkipReason::NotInvoiceLike => {
            said!(
                key::SKIP_NOT_INVOICE_LIKE,
                "not a pdf, image, xml or zip file"
            )
        }
        SkipReason::TextNotInvoiceLike => said!(
            key::SKIP_TEXT_NOT_INVOICE_LIKE,
            "text that does not read like an invoice or receipt"
        ),
        SkipReason::EmbeddedImage => {
            said!(
                key::SKIP_EMBEDDED_IMAGE,
                "picture embedded in the html body"
            )
        }
        SkipReason::NestedArchive => said!(key::SKIP_NESTED_ARCHIVE, "archive inside an archive"),
        SkipReason::UnreadableEntry { reason } => {
            said!(key::SKIP_UNREADABLE_ENTRY, "unreadable: {0}", reason)
        }
        SkipReason::Archive(ArchiveError::Unreadable { reason }) => said!(
            key::SKIP_ARCHIVE_UNREADABLE,
            "not a readable zip archive: {0}",
            reason
        ),
        SkipReason::Archive(ArchiveError::TooManyEntries { entries, limit }) => said!(
            key::SKIP_ARCHIVE_TOO_MANY_ENTRIES,
            "archive lists {0} entries, over the limit of {1}",
            entries,
            limit
        ),
        SkipReason::Archive(ArchiveError::TooLarge { limit }) => said!(
            key::SKIP_ARCHIVE_TOO_LARGE,
            "archive decompresses to more than {0} bytes",
            limit
        ),
        SkipReason::MessageBudgetSpent => said!(
            key::SKIP_MESSAGE_BUDGET,
            "decompression budget of the message spent"
        ),
        SkipReason::TextBudgetSpent => said!(
            key::SKIP_TEXT_BUDGET,
            "text budget of the message spent on earlier text files"
        ),
    }
}

#[cfg(test)]
mod skip_tests {
    use super::*;

    #[test]
    fn a_skip_reasons_key_carries_the_mail_crates_own_english() {
        let reasons = [
            SkipReason::NotInvoiceLike,
            SkipReason::TextNotInvoiceLike,
            SkipReason::EmbeddedImage,
            SkipReason::NestedArchive,
            SkipReason::UnreadableEntry {
                reason: "encrypted".into(),
            },
            SkipReason::Archive(ArchiveError::Unreadable {
                reason: "bad central directory".into(),
            }),
            SkipReason::Archive(ArchiveError::TooManyEntries {
                entries: 900,
                limit: 500,
            }),
            SkipReason::Archive(ArchiveError::TooLarge { limit: 1024 }),
            SkipReason::MessageBudgetSpent,
            SkipReason::TextBudgetSpent,
        ];
        let mut keys = HashSet::new();
        for reason in reasons {
            let said = skip_said(&reason);
            assert_eq!(said.text, reason.to_string());
            assert_eq!(said.args.len(), said.key.args, "{}", said.key.name);
            assert!(keys.insert(said.key.name), "{} twice", said.key.name);
        }
    }
}
