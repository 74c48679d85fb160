//! `:mailboxes`: the Gmail mailboxes the tenant watches, with their last sync and error (the
//! selected one in full under the table); Enter shows its messages in `:mail`, `s` `S` sync it,
//! and admins add (`a`), edit (`e`) and remove (`x`, after asking) them with one-line forms.

use centralita_protocol::{ConnectionId, Mailbox, MailboxId, MailboxSettings};
use crossterm::event::KeyCode;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::text::{Line, Span};
use ratatui::widgets::Cell;

use super::list::TableRow;
use super::{Context, Screen, View, mail};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, bind, key};
use crate::console::mode::Form;
use crate::console::widgets::{Column, relative};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    bind(
        KeyCode::Enter,
        "Enter",
        text::KEY_MESSAGES,
        Action::Open,
        true,
    ),
    keymap::ADD,
    key('e', text::KEY_EDIT, Action::Edit),
    keymap::REMOVE,
    mail::SYNC,
    mail::RESYNC,
    keymap::reload(false),
];

/// Labels a new mailbox watches when the form leaves them out.
const DEFAULT_LABELS: &str = "INBOX";
/// Minutes between syncs when the form leaves them out (as `mail mailboxes add`).
pub const DEFAULT_EVERY_MINUTES: u32 = 15;
/// The most minutes between syncs the daemon takes (a day).
pub const MAX_EVERY_MINUTES: u32 = 1_440;

impl TableRow for Mailbox {
    const VIEW: View = View::Mailboxes;
    const LOAD: Effect = Effect::LoadMailboxes;
    const COLUMNS: &'static [Column<Self>] = &[
        ("ID", Length(3), |mailbox, _| mailbox.id.to_string().into()),
        ("ACCOUNT", Length(20), |mailbox, _| account(mailbox).into()),
        ("LABELS", Length(12), |mailbox, _| {
            mailbox.settings.labels.join(",").into()
        }),
        ("EVERY", Length(5), |mailbox, _| {
            format!("{}m", mailbox.settings.every_minutes).into()
        }),
        ("SYNCED", Length(8), |mailbox, screen| {
            synced(mailbox, screen).into()
        }),
        ("MAIL", Length(5), |mailbox, _| {
            mailbox.messages.to_string().into()
        }),
        ("INV", Length(4), |mailbox, _| {
            mailbox.invoices.to_string().into()
        }),
        ("LAST ERROR", Min(8), error),
    ];
    const DETAIL_HEIGHT: u16 = 6;

    fn from_reply(reply: Reply) -> Option<Vec<Self>> {
        match reply {
            Reply::Mailboxes(mailboxes) => Some(mailboxes),
            _ => None,
        }
    }

    fn identity(&self) -> Option<u64> {
        Some(self.id.0)
    }

    /// The selected mailbox's settings, counts and its last error in full.
    fn detail(&self, screen: &Screen<'_>) -> (String, Vec<Line<'static>>) {
        let theme = screen.theme;
        let title = format!(" {} ", text::mailbox_name(self.id, Some(&self.account)));
        let query = self.settings.query.as_deref().unwrap_or("—");
        let mut lines = vec![
            Line::raw(text::mailbox_settings(
                self.connection,
                self.settings.labels.join(", "),
                self.settings.every_minutes,
                query,
            )),
            Line::raw(text::mailbox_counts(
                &synced(self, screen),
                self.messages,
                self.invoices,
                &self.created_by,
                &relative(screen.now, self.created_at),
            )),
        ];
        if let Some(error) = &self.last_error {
            let error = text::kept_error(error, self.last_error_words.as_ref());
            lines.push(Line::styled(format!("! {error}"), theme.error()));
        }
        (title, lines)
    }

    /// `a` `e` `x` for admins; `s` `S` sync the selected mailbox.
    fn act(
        action: Action,
        selected: Option<&Self>,
        context: &mut Context<'_>,
    ) -> Option<Vec<Effect>> {
        match action {
            Action::Sync | Action::Resync => {
                let account = selected.map(|mailbox| mailbox.account.as_str());
                let id = selected.map(|mailbox| mailbox.id);
                return Some(mail::sync(action, id, account, context));
            }
            Action::Add | Action::Edit | Action::Remove if !context.admin => {
                context.say_admins_only();
            }
            Action::Add => context.prompt_blank(Form::Mailbox, text::PROMPT_NEW_MAILBOX),
            Action::Edit => {
                if let Some(mailbox) = selected {
                    context.prompt(
                        Form::EditMailbox(mailbox.id),
                        text::prompt_edit_mailbox(mailbox.id),
                        edit_form(&mailbox.settings),
                    );
                }
            }
            Action::Remove => {
                if let Some(mailbox) = selected {
                    context.confirm(
                        text::confirm_remove_mailbox(mailbox.id, Some(&mailbox.account)),
                        Effect::RemoveMailbox(mailbox.id),
                    );
                }
            }
            _ => return None,
        }
        Some(Vec::new())
    }
}

/// The `a` form, "connection | labels | minutes | search" (all but the connection optional),
/// as the effect that adds the mailbox.
pub fn parse_add_form(input: &str) -> Result<Effect, String> {
    let mut fields = input.splitn(2, '|');
    let connection = fields
        .next()
        .map(str::trim)
        .and_then(|id| id.parse::<ConnectionId>().ok())
        .ok_or(text::NEED_MAILBOX_FORM)?;
    let settings = settings(
        fields.next().unwrap_or_default(),
        text::NEED_MAILBOX_FORM.get(),
    )?;
    Ok(Effect::AddMailbox {
        connection,
        settings,
    })
}

/// The `e` form, "labels | minutes | search", as the effect that changes mailbox `id` (an
/// empty search clears it).
pub fn parse_edit_form(id: MailboxId, input: &str) -> Result<Effect, String> {
    let settings = settings(input, text::NEED_MAILBOX_EDIT_FORM.get())?;
    Ok(Effect::EditMailbox { id, settings })
}

/// What the `e` form starts with: the mailbox's settings as the form takes them.
fn edit_form(settings: &MailboxSettings) -> String {
    let mut form = format!(
        "{} | {}",
        settings.labels.join(", "),
        settings.every_minutes
    );
    if let Some(query) = &settings.query {
        form.push_str(" | ");
        form.push_str(query);
    }
    form
}

/// "labels | minutes | search" as settings; blank parts take the defaults (INBOX, 15 minutes,
/// no search). A search may hold `|` itself: it is the rest of the line.
fn settings(input: &str, bad: &str) -> Result<MailboxSettings, String> {
    let mut fields = input.splitn(3, '|').map(str::trim);
    let labels: Vec<String> = fields
        .next()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|label| !label.is_empty())
        .map(str::to_owned)
        .collect();
    let every_minutes = match fields.next().unwrap_or_default() {
        "" => DEFAULT_EVERY_MINUTES,
        minutes => minutes
            .trim_end_matches('m')
            .parse::<u32>()
            .ok()
            .filter(|minutes| (1..=MAX_EVERY_MINUTES).contains(minutes))
            .ok_or_else(|| {
                if minutes.chars().all(|c| c.is_ascii_digit()) {
                    text::NEED_MINUTES.to_string()
                } else {
                    bad.to_owned()
                }
            })?,
    };
    let query = fields
        .next()
        .filter(|query| !query.is_empty())
        .map(str::to_owned);
    Ok(MailboxSettings {
        labels: if labels.is_empty() {
            vec![DEFAULT_LABELS.to_owned()]
        } else {
            labels
        },
        every_minutes,
        query,
    })
}

/// The mailbox's account, or its connection while the account is not known yet.
fn account(mailbox: &Mailbox) -> String {
    if mailbox.account.is_empty() {
        text::connection_label(mailbox.connection)
    } else {
        mailbox.account.clone()
    }
}

/// When the mailbox last synced: "3m ago", "pending" (its first full sync is to come), "never".
fn synced(mailbox: &Mailbox, screen: &Screen<'_>) -> String {
    mailbox.last_sync.map_or_else(
        || text::never_synced(mailbox.full_sync_pending).to_owned(),
        |at| relative(screen.now, at),
    )
}

/// The last error, in red; blank when the last sync went well.
fn error(mailbox: &Mailbox, screen: &Screen<'_>) -> Cell<'static> {
    match &mailbox.last_error {
        Some(error) => {
            let error = text::kept_error(error, mailbox.last_error_words.as_ref());
            Cell::from(Span::styled(error, screen.theme.error()))
        }
        None => Cell::from(""),
    }
}
