//! `:mail`: the messages the tenant's mailboxes brought, newest first, loaded a page at a time,
//! of every mailbox or the one `m` picks (its sync and last error on top); Enter opens one,
//! `s` syncs the selected message's mailbox now and `S` syncs it in full (after asking).

use centralita_protocol::{MailMessage, MailMessageId, Mailbox, MailboxId};
use ratatui::Frame;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Cell, Paragraph, Wrap};

use super::{Context, Screen, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, key};
use crate::console::paged::{PagedList, keyed_by_id};
use crate::console::widgets::{self, Column, relative};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    keymap::OPEN,
    key('m', text::KEY_MAILBOX, Action::SwitchMailbox),
    SYNC,
    RESYNC,
    keymap::reload(true),
];

/// `s`: sync the mailbox now (here, in the message view and in `:mailboxes`).
pub const SYNC: Binding = key('s', text::KEY_SYNC, Action::Sync);
/// `S`: sync the mailbox in full, after asking (where [`SYNC`] is).
pub const RESYNC: Binding = key('S', text::KEY_FULL_RESYNC, Action::Resync);

/// The messages table's columns.
const COLUMNS: &[Column<MailMessage>] = &[
    ("ID", Length(4), |message, _| message.id.to_string().into()),
    ("RECEIVED", Length(15), |message, screen| {
        screen.when(message.received_at).into()
    }),
    ("BOX", Length(3), |message, _| {
        message.mailbox.to_string().into()
    }),
    ("FROM", Length(20), |message, _| {
        sender(&message.from).into()
    }),
    ("SUBJECT", Min(16), |message, _| {
        message.subject.clone().into()
    }),
    ("FILES", Length(5), |message, _| {
        Cell::from(Text::from(message.attachments.to_string()).right_aligned())
    }),
    ("INV", Length(3), invoices),
];

/// The state of the mail list.
#[derive(Debug, Default)]
pub struct MailView {
    /// The rows on screen and the selection; the filter is the mailbox shown (`None`: all).
    pub list: PagedList<MailMessage, Option<MailboxId>>,
    /// The tenant's mailboxes, for `m` and the line on top.
    pub mailboxes: Vec<Mailbox>,
}

keyed_by_id!(MailMessage => MailMessageId);

impl MailView {
    /// Another tenant: its messages and mailboxes will come, from every mailbox.
    pub fn forget_tenant(&mut self) {
        *self = Self::default();
    }

    /// Shows the messages of `mailbox` (`None`: of all), from the newest; what to load.
    pub fn show_mailbox(&mut self, mailbox: Option<MailboxId>) -> Vec<Effect> {
        self.list.clear();
        self.list.set_filter("", mailbox);
        self.reload(None)
    }

    /// The mailbox `m` picks next: the one after the mailbox shown, all of them after the
    /// last one.
    fn next_mailbox(&self) -> Option<MailboxId> {
        match self.list.filter {
            None => self.mailboxes.first().map(|mailbox| mailbox.id),
            Some(shown) => self
                .mailboxes
                .iter()
                .skip_while(|mailbox| mailbox.id != shown)
                .nth(1)
                .map(|mailbox| mailbox.id),
        }
    }

    fn account(&self, id: MailboxId) -> Option<&str> {
        self.mailboxes
            .iter()
            .find(|mailbox| mailbox.id == id)
            .map(|mailbox| mailbox.account.as_str())
    }
}

impl ViewState for MailView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        vec![load(self.list.filter, None), Effect::LoadMailboxes]
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        match action {
            Action::SwitchMailbox => {
                let next = self.next_mailbox();
                self.show_mailbox(next)
            }
            Action::Sync | Action::Resync => {
                // The selected message's mailbox; with no message, the mailbox shown.
                let mailbox = self
                    .list
                    .current()
                    .map(|message| message.mailbox)
                    .or(self.list.filter);
                let account = mailbox.and_then(|id| self.account(id));
                sync(action, mailbox, account, context)
            }
            action if action.is_move() => self
                .list
                .step_and_load(action, |mailbox, before| load(*mailbox, before)),
            _ => Vec::new(),
        }
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Mail {
            mailbox,
            messages,
            next,
            append,
        } = reply
        {
            // An answer for the mailbox shown before `m` picked another one is not shown.
            if mailbox != self.list.filter {
                return Vec::new();
            }
            self.list.receive(messages, next, append);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let shown = self
            .list
            .filter
            .and_then(|id| self.mailboxes.iter().find(|mailbox| mailbox.id == id));
        let error = shown.and_then(|mailbox| {
            let error = mailbox.last_error.as_deref()?;
            Some(text::kept_error(error, mailbox.last_error_words.as_ref()))
        });
        let [top, table_area] =
            Layout::vertical([Length(1 + u16::from(error.is_some())), Min(3)]).areas(area);
        let mut lines = vec![match (self.list.filter, shown) {
            (None, _) => Line::styled(format!(" {}", text::ALL_MAILBOXES), theme.dim()),
            (Some(id), None) => {
                Line::styled(format!(" {}", text::mailbox_name(id, None)), theme.dim())
            }
            (Some(_), Some(mailbox)) => Line::styled(mailbox_line(mailbox, screen), theme.dim()),
        }];
        if let Some(error) = error {
            lines.push(Line::styled(format!(" ! {error}"), theme.error()));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), top);

        let title = widgets::paged_title("mail", &self.list);
        widgets::list_table(frame, table_area, title, COLUMNS, &self.list, screen);
    }
}

/// The call that loads the messages of `mailbox` (`None`: of all), from the newest or from
/// `before`.
fn load(mailbox: Option<MailboxId>, before: Option<u64>) -> Effect {
    Effect::LoadMail { mailbox, before }
}

/// `s` (sync `mailbox` now) and `S` (in full, after asking): the selected message's mailbox
/// here, the open message's in the message view, the selected mailbox in `:mailboxes`.
pub fn sync(
    action: Action,
    mailbox: Option<MailboxId>,
    account: Option<&str>,
    context: &mut Context<'_>,
) -> Vec<Effect> {
    let Some(id) = mailbox else {
        return Vec::new();
    };
    match action {
        Action::Sync => vec![Effect::SyncMailbox { id, full: false }],
        Action::Resync => {
            context.confirm(
                text::confirm_full_sync(id, account),
                Effect::SyncMailbox { id, full: true },
            );
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A mailbox in one line: "mailbox 2 · facturas@acme.pe · INBOX, Facturas · every 15m ·
/// synced 3m ago".
fn mailbox_line(mailbox: &Mailbox, screen: &Screen<'_>) -> String {
    let synced = mailbox.last_sync.map_or_else(
        || text::never_synced(mailbox.full_sync_pending).to_owned(),
        |at| relative(screen.now, at),
    );
    text::mail_header(
        text::mailbox_name(mailbox.id, Some(&mailbox.account)),
        mailbox.settings.labels.join(", "),
        mailbox.settings.every_minutes,
        synced,
    )
}

/// How many attachments became invoices, in green; blank when none.
fn invoices(message: &MailMessage, screen: &Screen<'_>) -> Cell<'static> {
    widgets::count_cell(message.invoices, screen.theme.ok())
}

/// Who sent a message as the table shows it: the name of `Name <address>`, else the address.
fn sender(from: &str) -> String {
    let name = from
        .split_once('<')
        .map(|(name, _)| name.trim().trim_matches('"').trim())
        .filter(|name| !name.is_empty());
    name.unwrap_or(from).to_owned()
}
