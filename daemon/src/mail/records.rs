//! Mailboxes and the messages they brought, as stored, with their tables.

use centralita_protocol::said::Words;
use centralita_protocol::{
    ChangeOp, ConnectionId, InvoiceId, MailMessageId, MailboxId, MailboxSettings, Record, TenantId,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::{AreaError, Said};
use crate::lookup::find;
use crate::queue::JobError;
use crate::store::{
    Declared, Index, ReadTxn, Reader, Records, Values, WriteTxn, millis, tenant_keys,
};

/// (tenant, mailbox id) → [`MailboxRecord`].
const MAILBOXES: Records<(&str, u64), MailboxRecord> = Records::new("mail_mailboxes");
/// (tenant, message id) → [`MessageRecord`].
const MESSAGES: Records<(&str, u64), MessageRecord> = Records::new("mail_messages");
/// (tenant, received at in ms, message id): the tenant's messages as Gmail received them (a
/// full sync stores the newest first, so ids do not follow that order).
const BY_RECEIVED: Index<(&str, u64, u64)> = Index::new("mail_messages_by_received");
/// (tenant, mailbox, received at in ms, message id): a mailbox's messages, likewise.
const BY_MAILBOX: Index<(&str, u64, u64, u64)> = Index::new("mail_messages_by_mailbox");
/// (tenant, `MAILBOX/GMAIL-ID`) → message id: a Gmail message is stored once per mailbox.
const GMAIL_IDS: Values<(&str, &str), u64> = Values::new("mail_gmail_ids");

/// The mail area's tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] =
    &[&MAILBOXES, &MESSAGES, &BY_RECEIVED, &BY_MAILBOX, &GMAIL_IDS];

/// A mailbox as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxRecord {
    pub id: MailboxId,
    pub connection: ConnectionId,
    pub settings: MailboxSettings,
    /// Where the next incremental sync starts; `None`: the next sync is a full one.
    #[serde(default)]
    pub history_id: Option<u64>,
    #[serde(default)]
    pub last_sync: Option<Timestamp>,
    #[serde(default)]
    pub last_error: Option<String>,
    /// `last_error` in the catalog's words (none in records from before them).
    #[serde(default)]
    pub last_error_words: Option<Words>,
    #[serde(default)]
    pub messages: u64,
    #[serde(default)]
    pub invoices: u64,
    pub created_at: Timestamp,
    pub created_by: String,
}

/// A message as stored. Its attachments' bytes are blobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRecord {
    pub id: MailMessageId,
    pub mailbox: MailboxId,
    pub gmail_id: String,
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    #[serde(default)]
    pub date: Option<Timestamp>,
    pub received_at: Timestamp,
    pub labels: Vec<String>,
    pub snippet: String,
    pub text: String,
    pub attachments: Vec<AttachmentRecord>,
    #[serde(default)]
    pub note: Option<String>,
    pub stored_at: Timestamp,
}

/// An attachment (or a file inside an archive attachment) as stored; or the message's body,
/// when it went on as a document of its own (an invoice in the text, a glosa notice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRecord {
    pub name: String,
    pub content_type: String,
    pub size: u64,
    /// The blob of a file sent to invoice intake.
    #[serde(default)]
    pub blob: Option<String>,
    pub outcome: Outcome,
    /// The message's body (named after the subject), not an attachment. Records from before
    /// bodies were read have none.
    #[serde(default)]
    pub body: bool,
}

/// What became of an attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Queued,
    Invoice {
        invoice: InvoiceId,
        duplicate: bool,
    },
    Skipped {
        reason: String,
        /// The reason's key in the protocol's catalog and its values (none in older records).
        #[serde(default)]
        key: Option<String>,
        #[serde(default)]
        args: Vec<String>,
    },
    /// Sent to glosa reading.
    Glosa,
}

impl Outcome {
    /// Skipped for `why`, in English and as its key of the protocol's catalog.
    pub fn skipped(why: Said) -> Self {
        Self::Skipped {
            reason: why.text,
            key: Some(why.key.name.to_owned()),
            args: why.args,
        }
    }
}

impl WriteTxn<'_> {
    pub(super) fn insert_mailbox(
        &mut self,
        tenant: &TenantId,
        record: &MailboxRecord,
    ) -> Result<MailboxRecord, AreaError> {
        let record = MailboxRecord {
            id: MailboxId(self.next_id("mail_mailbox")?),
            ..record.clone()
        };
        self.put_mailbox_as(tenant, &record, ChangeOp::Created)?;
        Ok(record)
    }

    pub(super) fn put_mailbox(
        &mut self,
        tenant: &TenantId,
        record: &MailboxRecord,
    ) -> Result<(), AreaError> {
        self.put_mailbox_as(tenant, record, ChangeOp::Updated)
    }

    fn put_mailbox_as(
        &mut self,
        tenant: &TenantId,
        record: &MailboxRecord,
        op: ChangeOp,
    ) -> Result<(), AreaError> {
        self.open(&MAILBOXES)?
            .insert((tenant.as_str(), record.id.0), record)?;
        self.record_change(tenant, "mailbox", &record.id.to_string(), op)?;
        Ok(())
    }

    pub(super) fn mailbox_mut(
        &mut self,
        tenant: &TenantId,
        id: MailboxId,
    ) -> Result<MailboxRecord, AreaError> {
        find(self, &MAILBOXES, tenant, id)
    }

    /// Records how a sync of mailbox `id` went: when, its error (in English and the catalog's
    /// words; none after a sync that went well) and, when it moved, where the next one starts.
    /// A mailbox removed while it synced is left alone.
    pub(super) fn mailbox_synced(
        &mut self,
        tenant: &TenantId,
        id: MailboxId,
        history_id: Option<u64>,
        error: Option<&JobError>,
    ) -> Result<(), AreaError> {
        let mut record = match self.mailbox_mut(tenant, id) {
            Ok(record) => record,
            Err(AreaError::NotFound(_)) => return Ok(()),
            Err(error) => return Err(error),
        };
        record.last_sync = Some(self.now());
        if history_id.is_some() {
            record.history_id = history_id;
        }
        record.last_error = error.map(ToString::to_string);
        record.last_error_words = error.and_then(JobError::words).cloned();
        self.put_mailbox(tenant, &record)
    }

    /// Forgets a mailbox and its messages (the blobs and invoices stay).
    pub(super) fn delete_mailbox(
        &mut self,
        tenant: &TenantId,
        id: MailboxId,
    ) -> Result<u64, AreaError> {
        if !self.open(&MAILBOXES)?.remove((tenant.as_str(), id.0))? {
            return Err(mailbox_not_found(tenant, id));
        }
        let t = tenant.as_str();
        let rows: Vec<(u64, u64)> = self
            .open(&BY_MAILBOX)?
            .range((t, id.0, 0, 0)..=(t, id.0, u64::MAX, u64::MAX))?
            .map(|entry| {
                entry.map(|key| {
                    let (_, _, received, message) = key.value();
                    (received, message)
                })
            })
            .collect::<Result<_, _>>()?;
        for &(received, message) in &rows {
            if let Some(record) = self.open(&MESSAGES)?.get((t, message))? {
                let key = gmail_key(id, &record.gmail_id);
                self.open(&GMAIL_IDS)?.remove((t, key.as_str()))?;
            }
            self.open(&MESSAGES)?.remove((t, message))?;
            self.open(&BY_RECEIVED)?.remove((t, received, message))?;
            self.open(&BY_MAILBOX)?
                .remove((t, id.0, received, message))?;
        }
        self.record_change(tenant, "mailbox", &id.to_string(), ChangeOp::Deleted)?;
        Ok(rows.len() as u64)
    }

    /// Stores a new message, unless the mailbox has it already (then `None`: two syncs that
    /// overlap, or one repeated after a crash, store it once).
    pub(super) fn insert_mail_message(
        &mut self,
        tenant: &TenantId,
        record: &MessageRecord,
    ) -> Result<Option<MailMessageId>, AreaError> {
        if contains_gmail_message(&mut *self, tenant, record.mailbox, &record.gmail_id)? {
            return Ok(None);
        }
        let id = MailMessageId(self.next_id("mail_message")?);
        let record = MessageRecord {
            id,
            ..record.clone()
        };
        let key = gmail_key(record.mailbox, &record.gmail_id);
        self.open(&GMAIL_IDS)?
            .insert((tenant.as_str(), key.as_str()), id.0)?;
        let received = millis(record.received_at);
        self.open(&MESSAGES)?
            .insert((tenant.as_str(), id.0), &record)?;
        self.open(&BY_RECEIVED)?
            .insert((tenant.as_str(), received, id.0))?;
        self.open(&BY_MAILBOX)?
            .insert((tenant.as_str(), record.mailbox.0, received, id.0))?;
        self.record_change(tenant, "mail_message", &id.to_string(), ChangeOp::Created)?;
        Ok(Some(id))
    }

    pub(super) fn mail_message_mut(
        &mut self,
        tenant: &TenantId,
        id: MailMessageId,
    ) -> Result<MessageRecord, AreaError> {
        find(self, &MESSAGES, tenant, id)
    }

    pub(super) fn put_mail_message(
        &mut self,
        tenant: &TenantId,
        record: &MessageRecord,
    ) -> Result<(), AreaError> {
        self.open(&MESSAGES)?
            .insert((tenant.as_str(), record.id.0), record)?;
        self.record_change(
            tenant,
            "mail_message",
            &record.id.to_string(),
            ChangeOp::Updated,
        )?;
        Ok(())
    }
}

impl ReadTxn {
    /// The tenant's mailboxes, oldest first.
    pub fn mailboxes(&self, tenant: &TenantId) -> Result<Vec<MailboxRecord>, AreaError> {
        self.open(&MAILBOXES)?
            .range(tenant_keys(tenant))?
            .map(|entry| entry.map(|(_, record)| record).map_err(AreaError::from))
            .collect()
    }

    pub fn mailbox(&self, tenant: &TenantId, id: MailboxId) -> Result<MailboxRecord, AreaError> {
        find(self, &MAILBOXES, tenant, id)
    }

    /// Whether the mailbox has message `gmail_id` already.
    pub fn has_gmail_message(
        &self,
        tenant: &TenantId,
        mailbox: MailboxId,
        gmail_id: &str,
    ) -> Result<bool, AreaError> {
        contains_gmail_message(self, tenant, mailbox, gmail_id)
    }

    pub fn mail_message(
        &self,
        tenant: &TenantId,
        id: MailMessageId,
    ) -> Result<MessageRecord, AreaError> {
        find(self, &MESSAGES, tenant, id)
    }

    /// Up to `limit` messages received before message `before` (all when `None`), newest
    /// first, of one mailbox or all.
    pub fn mail_messages(
        &self,
        tenant: &TenantId,
        mailbox: Option<MailboxId>,
        before: Option<u64>,
        limit: usize,
    ) -> Result<Vec<MessageRecord>, AreaError> {
        let t = tenant.as_str();
        // Where the previous page ended: (received, id) of message `before`.
        let cursor = match before {
            Some(id) => {
                let record = self.mail_message(tenant, MailMessageId(id))?;
                (millis(record.received_at), id)
            }
            None => (u64::MAX, u64::MAX),
        };
        let ids: Vec<u64> = match mailbox {
            Some(mailbox) => self
                .open(&BY_MAILBOX)?
                .range((t, mailbox.0, 0, 0)..(t, mailbox.0, cursor.0, cursor.1))?
                .rev()
                .take(limit)
                .map(|entry| entry.map(|key| key.value().3))
                .collect::<Result<_, _>>()?,
            None => self
                .open(&BY_RECEIVED)?
                .range((t, 0, 0)..(t, cursor.0, cursor.1))?
                .rev()
                .take(limit)
                .map(|entry| entry.map(|key| key.value().2))
                .collect::<Result<_, _>>()?,
        };
        ids.into_iter()
            .map(|id| self.mail_message(tenant, MailMessageId(id)))
            .collect()
    }
}

/// Whether the mailbox has message `gmail_id` already.
fn contains_gmail_message(
    mut txn: impl Reader,
    tenant: &TenantId,
    mailbox: MailboxId,
    gmail_id: &str,
) -> Result<bool, AreaError> {
    let key = gmail_key(mailbox, gmail_id);
    Ok(txn
        .values(&GMAIL_IDS)?
        .get((tenant.as_str(), key.as_str()))?
        .is_some())
}

fn gmail_key(mailbox: MailboxId, gmail_id: &str) -> String {
    format!("{mailbox}/{gmail_id}")
}

fn mailbox_not_found(tenant: &TenantId, id: MailboxId) -> AreaError {
    AreaError::missing(Record::Mailbox, id, tenant)
}
