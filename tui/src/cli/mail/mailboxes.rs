//! `centralita mail mailboxes list|add|edit|remove`.

use centralita_protocol::{
    CentralitaClient, ConnectionId, Mailbox, MailboxId, MailboxSettings, RpcError, TenantId,
};
use tarpc::context;

use crate::cli::{Failure, answer, confirm, output};
use crate::text;

/// Minutes between syncs when `add` is not told (as the console's form).
const DEFAULT_EVERY_MINUTES: u32 = 15;
/// Labels a new mailbox watches when `add` is not told.
const DEFAULT_LABEL: &str = "INBOX";

#[derive(Debug, clap::Subcommand)]
pub enum MailboxesCommand {
    /// The mailboxes, oldest first: account, labels, minutes between syncs, last sync and
    /// error, messages and invoices so far.
    List {
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Watch the Gmail of a connection (`centralita connections list`); its first full sync
    /// starts now (admins).
    Add {
        /// The connection whose account is read.
        #[arg(long, value_name = "ID")]
        connection: ConnectionId,
        #[command(flatten)]
        settings: SettingsArgs,
        /// A Gmail search the messages must match (`has:attachment from:facturas@x.pe`).
        #[arg(long, value_name = "GMAIL SEARCH")]
        query: Option<String>,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Change a mailbox's labels, minutes or search: what is not given stays as it is; new
    /// labels or a new search sync in full (admins).
    Edit {
        /// The mailbox's id.
        id: MailboxId,
        #[command(flatten)]
        settings: SettingsArgs,
        /// A Gmail search the messages must match (`has:attachment from:facturas@x.pe`).
        #[arg(long, value_name = "GMAIL SEARCH", conflicts_with = "no_query")]
        query: Option<String>,
        /// Drop the search: every message with the labels is read.
        #[arg(long)]
        no_query: bool,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Stop watching a mailbox and forget its messages; the invoices made from them stay
    /// (admins).
    Remove {
        /// The mailbox's id.
        id: MailboxId,
        /// Do not ask for confirmation.
        #[arg(long, short = 'y')]
        yes: bool,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

// `--label` and `--every` of `add` and `edit`. (No doc comment: clap would take it for their
// about.)
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SettingsArgs {
    /// A Gmail label to watch, by name or id; repeat for more (a message with any of them is
    /// read). `add` defaults to INBOX; `edit` replaces the labels with these.
    #[arg(long = "label", value_name = "NAME")]
    pub labels: Vec<String>,
    /// Minutes between syncs, 1 to 1440 (`add` defaults to 15).
    #[arg(long = "every", value_name = "MINUTES",
          value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub every_minutes: Option<u32>,
}

/// The table of `mail mailboxes list`.
const HEADER: [&str; 10] = [
    "ID",
    "CONNECTION",
    "ACCOUNT",
    "LABELS",
    "EVERY",
    "SEARCH",
    "LAST SYNC",
    "MESSAGES",
    "INVOICES",
    "LAST ERROR",
];

pub async fn run(
    rpc: &CentralitaClient,
    tenant: TenantId,
    command: MailboxesCommand,
) -> anyhow::Result<()> {
    match command {
        MailboxesCommand::List { json } => {
            let mailboxes = answer(rpc.mail_mailboxes(context::current(), tenant).await)?;
            output::print_rows(&mailboxes, json, &HEADER, mailbox_row)
        }
        MailboxesCommand::Add {
            connection,
            settings,
            query,
            json,
        } => {
            let settings = new_settings(settings, query);
            let mailbox = answer(
                rpc.mail_mailbox_add(context::current(), tenant, connection, settings)
                    .await,
            )?;
            output::print_value(&mailbox, json, |mailbox| {
                format!("{}\n", text::mailbox_added(mailbox.id, mailbox.connection))
            })
        }
        MailboxesCommand::Edit {
            id,
            settings,
            query,
            no_query,
            json,
        } => {
            let search = match (query, no_query) {
                (_, true) => Search::Drop,
                (Some(query), false) => Search::Set(query),
                (None, false) => Search::Keep,
            };
            let change = Change { settings, search };
            // Only what is given changes: the rest is the mailbox's settings now.
            let mailboxes = answer(rpc.mail_mailboxes(context::current(), tenant.clone()).await)?;
            let current = mailboxes
                .iter()
                .find(|mailbox| mailbox.id == id)
                .ok_or_else(|| Failure::Rpc(RpcError::not_found(text::no_such_mailbox(id))))?;
            let settings = changed_settings(&current.settings, change)
                .map_err(|message| Failure::Rpc(RpcError::invalid(message)))?;
            let mailbox = answer(
                rpc.mail_mailbox_edit(context::current(), tenant, id, settings)
                    .await,
            )?;
            output::print_value(&mailbox, json, |mailbox| {
                format!("{}\n", text::mailbox_saved(mailbox.id))
            })
        }
        MailboxesCommand::Remove { id, yes, json } => {
            if !yes {
                let mailboxes =
                    answer(rpc.mail_mailboxes(context::current(), tenant.clone()).await)?;
                let account = mailboxes
                    .iter()
                    .find(|mailbox| mailbox.id == id)
                    .map(|mailbox| mailbox.account.as_str());
                confirm(
                    &text::confirm_remove_mailbox(id, account),
                    text::MAILBOX_NOT_REMOVED.get(),
                )?;
            }
            answer(
                rpc.mail_mailbox_remove(context::current(), tenant, id)
                    .await,
            )?;
            if json {
                return output::print_json(&serde_json::json!({ "removed": id }));
            }
            println!("{}", text::mailbox_removed(id));
            Ok(())
        }
    }
}

/// What `mail mailboxes edit` changes; what is not given stays as the mailbox has it.
#[derive(Debug, Clone, Default)]
pub(super) struct Change {
    pub settings: SettingsArgs,
    pub search: Search,
}

/// What `mail mailboxes edit` does with the search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) enum Search {
    /// Neither `--query` nor `--no-query`.
    #[default]
    Keep,
    /// `--query` (blank drops it).
    Set(String),
    /// `--no-query`.
    Drop,
}

/// Labels as typed: trimmed, blanks dropped.
fn labels(labels: Vec<String>) -> Vec<String> {
    labels
        .into_iter()
        .map(|label| label.trim().to_owned())
        .filter(|label| !label.is_empty())
        .collect()
}

/// A search as typed: blank is none.
fn query(query: Option<String>) -> Option<String> {
    query
        .map(|query| query.trim().to_owned())
        .filter(|query| !query.is_empty())
}

/// The settings of `mail mailboxes add`: what is given, else INBOX every 15 minutes.
pub(super) fn new_settings(settings: SettingsArgs, search: Option<String>) -> MailboxSettings {
    let labels = labels(settings.labels);
    MailboxSettings {
        labels: if labels.is_empty() {
            vec![DEFAULT_LABEL.to_owned()]
        } else {
            labels
        },
        every_minutes: settings.every_minutes.unwrap_or(DEFAULT_EVERY_MINUTES),
        query: query(search),
    }
}

/// The settings `mail mailboxes edit` puts: `current` with `change`; an error when it changes
/// nothing or leaves no label.
pub(super) fn changed_settings(
    current: &MailboxSettings,
    change: Change,
) -> Result<MailboxSettings, String> {
    let given = !change.settings.labels.is_empty();
    if !given && change.settings.every_minutes.is_none() && change.search == Search::Keep {
        return Err(text::NOTHING_TO_CHANGE.to_string());
    }
    let new_labels = labels(change.settings.labels);
    if given && new_labels.is_empty() {
        return Err(text::NEED_LABEL.to_string());
    }
    Ok(MailboxSettings {
        labels: if given {
            new_labels
        } else {
            current.labels.clone()
        },
        every_minutes: change
            .settings
            .every_minutes
            .unwrap_or(current.every_minutes),
        query: match change.search {
            Search::Keep => current.query.clone(),
            Search::Set(search) => query(Some(search)),
            Search::Drop => None,
        },
    })
}

/// A mailbox as a row of [`HEADER`].
pub(super) fn mailbox_row(mailbox: &Mailbox) -> Vec<String> {
    vec![
        mailbox.id.to_string(),
        mailbox.connection.to_string(),
        mailbox.account.clone(),
        mailbox.settings.labels.join(","),
        format!("{}m", mailbox.settings.every_minutes),
        mailbox.settings.query.clone().unwrap_or_default(),
        mailbox.last_sync.map_or_else(
            || text::never_synced(mailbox.full_sync_pending).to_owned(),
            output::when,
        ),
        mailbox.messages.to_string(),
        mailbox.invoices.to_string(),
        mailbox
            .last_error
            .as_deref()
            .map(|error| text::kept_error(error, mailbox.last_error_words.as_ref()))
            .unwrap_or_default(),
    ]
}
