//! The intake job of a mail attachment: the stored file goes to invoice intake with where it
//! came from (`mail: SUBJECT, FROM`), and the message records what it became. Intake is
//! idempotent (the same bytes are one invoice), so a repeated job changes nothing.

use centralita_protocol::said as key;
use centralita_protocol::{MailMessageId, TenantId};
use serde::{Deserialize, Serialize};

use super::records::Outcome;
use super::{Mail, QUEUE};
use crate::error::{AreaError, said};
use crate::invoices::{Intake, IntakeError};
use crate::queue::{Job, JobContext, JobError};
use crate::store::BlobHash;

/// The longest origin shown on an invoice, in characters.
const ORIGIN_CHARS: usize = 160;

/// Sends attachment `index` of mail message `message` to invoice intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadMailAttachment {
    pub message: MailMessageId,
    pub index: u32,
}

impl Job for ReadMailAttachment {
    const KIND: &'static str = "mail.attachment";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 8;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!(
            "mail-attachment:{tenant}:{}:{}",
            self.message, self.index
        ))
    }
}

impl Mail {
    pub(super) async fn run_attachment(
        &self,
        context: &JobContext,
        job: ReadMailAttachment,
    ) -> Result<(), JobError> {
        let tenant = context.tenant.clone();
        let Some(message) = self.message_if_any(&tenant, job.message).await? else {
            // Its mailbox was removed since.
            return Ok(());
        };
        let index = job.index as usize;
        let Some(attachment) = message.attachments.get(index) else {
            return Err(JobError::permanent_said(said!(
                key::MAIL_NO_ATTACHMENT,
                "mail message {0} has no attachment {1}",
                job.message,
                job.index
            )));
        };
        if attachment.outcome != Outcome::Queued {
            return Ok(());
        }
        let hash = attachment
            .blob
            .as_deref()
            .and_then(BlobHash::parse)
            .ok_or_else(|| {
                JobError::permanent_said(said!(
                    key::MAIL_ATTACHMENT_FILE_NOT_KEPT,
                    "the attachment's file was not kept"
                ))
            })?;
        let bytes = self.store().get_blob(hash).await.map_err(JobError::blob)?;
        let name = attachment
            .name
            .rsplit('/')
            .next()
            .unwrap_or(&attachment.name)
            .to_owned();
        let intake = self
            .inner
            .invoices
            .intake(Intake {
                tenant: tenant.clone(),
                file_name: name,
                bytes,
                origin: origin(&message.subject, &message.from),
                operator: "mail".to_owned(),
            })
            .await;
        let outcome = match intake {
            Ok(outcome) => Outcome::Invoice {
                invoice: outcome.invoice.id,
                duplicate: outcome.duplicate,
            },
            Err(IntakeError::Store(error)) => return Err(error.into()),
            Err(refused) => match AreaError::from(refused) {
                AreaError::Said(_, why) => Outcome::skipped(why),
                other => Outcome::Skipped {
                    reason: other.to_string(),
                    key: None,
                    args: Vec::new(),
                },
            },
        };
        let new_invoice = matches!(
            outcome,
            Outcome::Invoice {
                duplicate: false,
                ..
            }
        );
        let mailbox = message.mailbox;
        self.store()
            .write(move |txn| {
                let mut message = txn.mail_message_mut(&tenant, job.message)?;
                if let Some(attachment) = message.attachments.get_mut(index) {
                    attachment.outcome = outcome.clone();
                }
                txn.put_mail_message(&tenant, &message)?;
                if new_invoice && let Ok(mut record) = txn.mailbox_mut(&tenant, mailbox) {
                    record.invoices += 1;
                    txn.put_mailbox(&tenant, &record)?;
                }
                Ok::<_, AreaError>(())
            })
            .await?;
        Ok(())
    }
}

/// `mail: SUBJECT, FROM`, cut to a readable length.
pub(super) fn origin(subject: &str, from: &str) -> String {
    let subject = if subject.is_empty() {
        "(no subject)"
    } else {
        subject
    };
    let full = format!("mail: {subject}, {from}");
    if full.chars().count() <= ORIGIN_CHARS {
        return full;
    }
    let mut cut: String = full.chars().take(ORIGIN_CHARS - 1).collect();
    cut.push('…');
    cut
}
