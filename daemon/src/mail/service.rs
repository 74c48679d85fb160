//! What operators do with mail: watch a connection's mailbox, change or stop it, sync it now,
//! read its messages.

use centralita_protocol::{
    ConnectionId, JobId, MailMessage, MailMessageDetail, MailMessageId, Mailbox, MailboxId,
    MailboxSettings, PageRequest, TenantId,
};

use super::records::MailboxRecord;
use super::{Mail, SyncMailbox};
use crate::actor::Actor;
use crate::audit;
use crate::error::{AreaError, said};
use crate::queue::Every;
use crate::store::{WriteTxn, page_limit};
use centralita_protocol::said as key;

/// Labels, search and frequency limits.
const MAX_LABELS: usize = 20;
const MAX_LABEL_CHARS: usize = 225;
const MAX_QUERY_CHARS: usize = 1_000;
const MAX_MINUTES: u32 = 24 * 60;

/// The schedule that syncs mailbox `id`.
fn schedule_name(id: MailboxId) -> String {
    format!("mail.sync.{id}")
}

/// Settings as stored: trimmed, `INBOX` when no label is given, an empty search is none.
fn checked(settings: MailboxSettings) -> Result<MailboxSettings, AreaError> {
    let mut labels: Vec<String> = settings
        .labels
        .iter()
        .map(|label| label.trim().to_owned())
        .filter(|label| !label.is_empty())
        .collect();
    labels.dedup();
    if labels.is_empty() {
        labels.push("INBOX".to_owned());
    }
    if labels.len() > MAX_LABELS {
        return Err(said!(
            key::TOO_MANY_LABELS,
            "{0} labels: a mailbox watches at most {1}",
            labels.len(),
            MAX_LABELS
        )
        .invalid());
    }
    if let Some(long) = labels
        .iter()
        .find(|label| label.chars().count() > MAX_LABEL_CHARS)
    {
        return Err(said!(
            key::LABEL_TOO_LONG,
            "label {0} is longer than Gmail allows ({1} characters)",
            format!("{long:?}"),
            MAX_LABEL_CHARS
        )
        .invalid());
    }
    if !(1..=MAX_MINUTES).contains(&settings.every_minutes) {
        return Err(said!(
            key::MAIL_EVERY_MINUTES,
            "every {0} minutes: use 1 to {1} (a day)",
            settings.every_minutes,
            MAX_MINUTES
        )
        .invalid());
    }
    let query = settings
        .query
        .map(|query| query.trim().to_owned())
        .filter(|query| !query.is_empty());
    if let Some(query) = &query
        && query.chars().count() > MAX_QUERY_CHARS
    {
        return Err(said!(
            key::MAIL_QUERY_TOO_LONG,
            "the search is longer than {0} characters",
            MAX_QUERY_CHARS
        )
        .invalid());
    }
    Ok(MailboxSettings {
        labels,
        every_minutes: settings.every_minutes,
        query,
    })
}

impl Mail {
    /// The tenant's mailboxes, oldest first.
    pub async fn mailboxes(&self, actor: &Actor) -> Result<Vec<Mailbox>, AreaError> {
        let tenant = actor.tenant.clone();
        self.store()
            .read(move |txn| {
                let connections = txn.connections(&tenant)?;
                Ok(txn
                    .mailboxes(&tenant)?
                    .into_iter()
                    .map(|record| {
                        let account = connections
                            .iter()
                            .find(|connection| connection.id == record.connection)
                            .map(|connection| connection.account.clone())
                            .unwrap_or_default();
                        record.wire(account)
                    })
                    .collect())
            })
            .await
    }

    /// Watches connection `connection`'s mail: the mailbox, its schedule and a first sync, in
    /// one commit.
    pub async fn add_mailbox(
        &self,
        actor: &Actor,
        connection: ConnectionId,
        settings: MailboxSettings,
    ) -> Result<Mailbox, AreaError> {
        let settings = checked(settings)?;
        let (tenant, operator) = (actor.tenant.clone(), actor.user().to_owned());
        let detail = said!(
            key::MAILBOX_ADDED,
            "connection {0}, labels {1}, every {2} min",
            connection,
            settings.labels.join(", "),
            settings.every_minutes
        );
        let record = audit::audited(
            self.store(),
            actor.audit(format!("connection {connection}"), detail),
            move |txn| {
                let account = txn.connection(&tenant, connection)?.account;
                let record = txn.insert_mailbox(
                    &tenant,
                    &MailboxRecord {
                        id: MailboxId(0),
                        connection,
                        settings: settings.clone(),
                        history_id: None,
                        last_sync: None,
                        last_error: None,
                        last_error_words: None,
                        messages: 0,
                        invoices: 0,
                        created_at: txn.now(),
                        created_by: operator.clone(),
                    },
                )?;
                schedule(txn, &tenant, &record)?;
                txn.enqueue(
                    &tenant,
                    &SyncMailbox {
                        mailbox: record.id,
                        full: true,
                    },
                )?;
                Ok(record.wire(account))
            },
        )
        .await?;
        self.after_schedule_change();
        Ok(record)
    }

    /// Changes a mailbox's settings; new labels or a new search make the next sync a full one.
    pub async fn edit_mailbox(
        &self,
        actor: &Actor,
        id: MailboxId,
        settings: MailboxSettings,
    ) -> Result<Mailbox, AreaError> {
        let settings = checked(settings)?;
        let tenant = actor.tenant.clone();
        let detail = said!(
            key::MAILBOX_EDITED,
            "labels {0}, every {1} min, search {2}",
            settings.labels.join(", "),
            settings.every_minutes,
            format!("{:?}", settings.query.as_deref().unwrap_or_default())
        );
        let mailbox = audit::audited(
            self.store(),
            actor.audit(format!("mailbox {id}"), detail),
            move |txn| {
                let mut record = txn.mailbox_mut(&tenant, id)?;
                if record.settings.labels != settings.labels
                    || record.settings.query != settings.query
                {
                    record.history_id = None;
                }
                record.settings = settings.clone();
                txn.put_mailbox(&tenant, &record)?;
                schedule(txn, &tenant, &record)?;
                let account = txn.connection(&tenant, record.connection)?.account;
                Ok(record.wire(account))
            },
        )
        .await?;
        self.after_schedule_change();
        Ok(mailbox)
    }

    /// Stops watching a mailbox and forgets its messages; invoices made from them stay.
    pub async fn remove_mailbox(&self, actor: &Actor, id: MailboxId) -> Result<(), AreaError> {
        let tenant = actor.tenant.clone();
        audit::audited(
            self.store(),
            actor.audit(format!("mailbox {id}"), String::new()),
            move |txn| {
                txn.delete_mailbox(&tenant, id)?;
                txn.remove_schedule(&tenant, &schedule_name(id))
            },
        )
        .await?;
        self.after_schedule_change();
        Ok(())
    }

    /// Syncs a mailbox now (`full`: every message listed again, known ones skipped).
    pub async fn sync_now(
        &self,
        actor: &Actor,
        id: MailboxId,
        full: bool,
    ) -> Result<JobId, AreaError> {
        let tenant = actor.tenant.clone();
        let (job, _) = audit::audited(
            self.store(),
            actor.audit(
                format!("mailbox {id}"),
                if full {
                    said!(key::MAILBOX_SYNC_FULL, "full")
                } else {
                    said!(key::MAILBOX_SYNC_NEW, "new mail")
                },
            ),
            move |txn| {
                let mut record = txn.mailbox_mut(&tenant, id)?;
                if full {
                    // Whichever sync runs next (one may be queued already) is a full one.
                    record.history_id = None;
                    txn.put_mailbox(&tenant, &record)?;
                }
                txn.enqueue(&tenant, &SyncMailbox { mailbox: id, full })
            },
        )
        .await?;
        self.queue().wake(super::QUEUE);
        Ok(job)
    }

    /// Messages, newest first, of one mailbox or all.
    pub async fn messages(
        &self,
        actor: &Actor,
        mailbox: Option<MailboxId>,
        page: PageRequest,
    ) -> Result<Vec<MailMessage>, AreaError> {
        let tenant: TenantId = actor.tenant.clone();
        let limit = page_limit(page);
        let before = page.before;
        let records = self
            .store()
            .read(move |txn| {
                if let Some(mailbox) = mailbox {
                    txn.mailbox(&tenant, mailbox)?;
                }
                txn.mail_messages(&tenant, mailbox, before, limit)
            })
            .await?;
        Ok(records
            .iter()
            .map(super::records::MessageRecord::summary)
            .collect())
    }

    /// One message with its text and what became of each attachment.
    pub async fn message(
        &self,
        actor: &Actor,
        id: MailMessageId,
    ) -> Result<MailMessageDetail, AreaError> {
        let tenant = actor.tenant.clone();
        let record = self
            .store()
            .read(move |txn| txn.mail_message(&tenant, id))
            .await?;
        Ok(record.detail())
    }

    fn after_schedule_change(&self) {
        self.queue().schedules_changed();
        self.queue().wake(super::QUEUE);
    }
}

/// Creates or updates the schedule that syncs `mailbox`.
fn schedule(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    mailbox: &MailboxRecord,
) -> Result<(), AreaError> {
    txn.put_schedule(
        tenant,
        &schedule_name(mailbox.id),
        &SyncMailbox {
            mailbox: mailbox.id,
            full: false,
        },
        Every::Minutes(mailbox.settings.every_minutes),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(labels: &[&str], every: u32, query: Option<&str>) -> MailboxSettings {
        MailboxSettings {
            labels: labels.iter().map(|label| (*label).to_owned()).collect(),
            every_minutes: every,
            query: query.map(str::to_owned),
        }
    }

    #[test]
    fn settings_are_trimmed_and_default_to_the_inbox() {
        let checked =
            checked(settings(&[" ", "Facturas ", "Facturas"], 15, Some("  "))).expect("valid");
        assert_eq!(checked, settings(&["Facturas"], 15, None));
        assert_eq!(checked_labels(&[]), vec!["INBOX"]);
    }

    fn checked_labels(labels: &[&str]) -> Vec<String> {
        checked(settings(labels, 5, None)).expect("valid").labels
    }

    #[test]
    fn bad_settings_say_what_is_wrong() {
        let zero = checked(settings(&[], 0, None)).expect_err("0 minutes");
        assert!(zero.to_string().contains("use 1 to 1440"), "{zero}");
        let long = checked(settings(&[], 5, Some(&"x".repeat(1_001)))).expect_err("long");
        assert!(long.to_string().contains("1000 characters"), "{long}");
        let many: Vec<String> = (0..21).map(|n| format!("L{n}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let error = checked(settings(&many, 5, None)).expect_err("21 labels");
        assert!(error.to_string().contains("at most 20"), "{error}");
    }
}
