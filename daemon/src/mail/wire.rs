//! Mail records as the protocol shows them.

use centralita_protocol::{
    AttachmentOutcome, MailAttachment, MailMessage, MailMessageDetail, Mailbox,
};

use super::records::{MailboxRecord, MessageRecord, Outcome};

impl MailboxRecord {
    /// The mailbox as operators see it; `account` is its connection's.
    pub fn wire(self, account: String) -> Mailbox {
        Mailbox {
            id: self.id,
            connection: self.connection,
            account,
            full_sync_pending: self.history_id.is_none(),
            settings: self.settings,
            last_sync: self.last_sync,
            last_error: self.last_error,
            last_error_words: self.last_error_words,
            messages: self.messages,
            invoices: self.invoices,
            created_at: self.created_at,
            created_by: self.created_by,
        }
    }
}

impl MessageRecord {
    pub fn summary(&self) -> MailMessage {
        let count = |keep: fn(&Outcome) -> bool| {
            u32::try_from(
                self.attachments
                    .iter()
                    .filter(|attachment| keep(&attachment.outcome))
                    .count(),
            )
            .unwrap_or(u32::MAX)
        };
        MailMessage {
            id: self.id,
            mailbox: self.mailbox,
            from: self.from.clone(),
            subject: self.subject.clone(),
            received_at: self.received_at,
            attachments: u32::try_from(
                self.attachments
                    .iter()
                    .filter(|attachment| !attachment.body)
                    .count(),
            )
            .unwrap_or(u32::MAX),
            invoices: count(|outcome| matches!(outcome, Outcome::Invoice { .. })),
        }
    }

    pub fn detail(self) -> MailMessageDetail {
        MailMessageDetail {
            message: self.summary(),
            to: self.to,
            date: self.date,
            labels: self.labels,
            text: self.text,
            attachments: self
                .attachments
                .into_iter()
                .map(|attachment| MailAttachment {
                    body: attachment.body,
                    name: attachment.name,
                    content_type: attachment.content_type,
                    size: attachment.size,
                    outcome: match attachment.outcome {
                        Outcome::Queued => AttachmentOutcome::Queued,
                        Outcome::Invoice { invoice, duplicate } => {
                            AttachmentOutcome::Invoice { invoice, duplicate }
                        }
                        Outcome::Skipped { reason, key, args } => {
                            AttachmentOutcome::Skipped { reason, key, args }
                        }
                        Outcome::Glosa => AttachmentOutcome::Glosa,
                    },
                })
                .collect(),
            note: self.note,
            gmail_id: self.gmail_id,
        }
    }
}
