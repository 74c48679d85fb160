//! `centralita mail mailboxes|list|show|resync`: the Gmail mailboxes a tenant watches, the
//! messages they brought and what became of each attachment (an invoice, waiting for intake,
//! or skipped and why).
//!
//! `mod.rs` holds the commands, `run` and the messages; `mailboxes.rs` the `mail mailboxes`
//! verbs.

mod mailboxes;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;

use centralita_protocol::{
    MailAttachment, MailMessage, MailMessageDetail, MailMessageId, MailboxId, PageRequest,
};
use tarpc::context;

pub use self::mailboxes::MailboxesCommand;
use super::{ListArgs, Session, answer, output};
use crate::text;

#[derive(Debug, clap::Subcommand)]
pub enum MailCommand {
    /// The mailboxes the tenant watches: list, add, edit, remove.
    #[command(subcommand)]
    Mailboxes(MailboxesCommand),
    /// Messages, newest first, of every mailbox or one.
    List {
        /// Only this mailbox's messages.
        #[arg(long, value_name = "ID")]
        mailbox: Option<MailboxId>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// One message: its headers, each attachment with what became of it, and its text.
    Show {
        /// The mail message's id.
        id: MailMessageId,
        /// Print the mail message as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Sync a mailbox now (a job); --full lists every message again (the ones already here are
    /// skipped) (supervisors and admins).
    Resync {
        /// The mailbox's id (`centralita mail mailboxes list`).
        mailbox: MailboxId,
        /// List every message again, not only what changed since the last sync.
        #[arg(long)]
        full: bool,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// The table of `mail list`.
const HEADER: [&str; 7] = [
    "ID", "MAILBOX", "RECEIVED", "FROM", "SUBJECT", "FILES", "INVOICES",
];

pub async fn run(session: &Session, command: MailCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        MailCommand::Mailboxes(command) => mailboxes::run(rpc, tenant, command).await,
        MailCommand::List { mailbox, list } => {
            let page = PageRequest::first(list.limit);
            let messages = answer(
                rpc.mail_messages(context::current(), tenant, mailbox, page)
                    .await,
            )?;
            output::print_rows(&messages, list.json, &HEADER, message_row)?;
            if !list.json && list.limit > 0 && messages.len() >= list.limit as usize {
                eprintln!("{}", text::MORE_MAIL);
            }
            Ok(())
        }
        MailCommand::Show { id, json } => {
            let detail = answer(rpc.mail_message(context::current(), tenant, id).await)?;
            output::print_value(&detail, json, describe)
        }
        MailCommand::Resync {
            mailbox,
            full,
            json,
        } => {
            let job = answer(
                rpc.mail_sync(context::current(), tenant, mailbox, full)
                    .await,
            )?;
            if json {
                return output::print_json(&serde_json::json!({ "job": job }));
            }
            println!("{}", text::mailbox_sync_queued_cli(mailbox, job.0, full));
            Ok(())
        }
    }
}

/// A message as a row of [`HEADER`].
fn message_row(message: &MailMessage) -> Vec<String> {
    vec![
        message.id.to_string(),
        message.mailbox.to_string(),
        output::when(message.received_at),
        message.from.clone(),
        message.subject.clone(),
        message.attachments.to_string(),
        message.invoices.to_string(),
    ]
}

/// A message as text for a terminal: headers, attachments with their outcome, the text.
fn describe(detail: &MailMessageDetail) -> String {
    let message = &detail.message;
    let mut out = text::mail_heading(
        message.id,
        message.mailbox,
        output::when(message.received_at),
    );
    out.push('\n');
    let names = [
        text::MAIL_FROM,
        text::MAIL_TO,
        text::LABEL_DATE,
        text::MAIL_SUBJECT,
        text::MAIL_LABELS,
        text::LABEL_GMAIL_ID,
    ];
    let width = text::label_width(&names.map(text::Text::get)) - 1;
    let mut header = |name: text::Text, value: &str| {
        let _ = writeln!(out, "{:<width$}{value}", name.get());
    };
    header(text::MAIL_FROM, &message.from);
    header(text::MAIL_TO, &detail.to.join(", "));
    if let Some(date) = detail.date {
        header(text::LABEL_DATE, &output::when(date));
    }
    header(text::MAIL_SUBJECT, &message.subject);
    header(text::MAIL_LABELS, &detail.labels.join(", "));
    header(text::LABEL_GMAIL_ID, &detail.gmail_id);
    if let Some(note) = &detail.note {
        let _ = writeln!(out, "{}: {note}", text::LABEL_NOTE);
    }
    let (bodies, files): (Vec<_>, Vec<_>) = detail
        .attachments
        .iter()
        .partition(|attachment| attachment.body);
    let line = |attachment: &MailAttachment| {
        format!(
            "{} ({}, {}): {}",
            attachment.name,
            attachment.content_type,
            text::file_size(attachment.size),
            text::attachment_outcome(&attachment.outcome)
        )
    };
    if files.is_empty() {
        let _ = writeln!(out, "\n{}", text::LABEL_NO_ATTACHMENTS);
    } else {
        // One line each, never cut: a skipped attachment's reason is the point.
        let _ = writeln!(out, "\n{}", text::mail_attachments(files.len()));
        for attachment in files {
            let _ = writeln!(out, "  {}", line(attachment));
        }
    }
    // The body sent on as a document: what it became, like an attachment.
    for body in bodies {
        let _ = writeln!(out, "{}: {}", text::MESSAGE_BODY, line(body));
    }
    let _ = writeln!(out, "\n{}\n{}", text::LABEL_TEXT, detail.text.trim_end());
    out
}
