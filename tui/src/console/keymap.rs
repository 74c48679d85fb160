//! Keys: the ones every view has here, each view's own (if it has any) in a `KEYS` table
//! beside it (`views/<view>.rs`). `update` finds the action in these tables, and the footer and `?` help
//! print the same tables, so what the screen says and what the keys do cannot drift apart.
//! A row several tables share (Enter opens, `/` filters, Esc goes back, `r` reloads…) is a
//! const here that those tables name.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::views::{self, View};
use crate::text::{self, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Command,
    Filter,
    Help,
    Tenant,
    Refresh,
    Quit,
    Retry,
    RetryAll,
    Cancel,
    PauseToggle,
    Add,
    Remove,
    Confirm,
    Reject,
    Edit,
    Save,
    Reply,
    Left,
    Right,
    NextStage,
    PreviousStage,
    SwitchFunnel,
    Snooze,
    NextReport,
    Period,
    /// Check a connection now.
    Test,
    /// Revoke a connection.
    Revoke,
    /// Finish an authorization with a pasted address.
    Finish,
    /// Sync a mailbox now.
    Sync,
    /// Sync a mailbox in full (after asking).
    Resync,
    /// The next mailbox as the mail list's filter.
    SwitchMailbox,
    /// The next state as the glosas list's filter.
    NextState,
    /// Respond to the selected glosa item.
    Answer,
    /// Clear the selected glosa item's response (after asking).
    ClearAnswer,
    /// Move the glosa on screen to in_review.
    MarkInReview,
    /// Move the glosa on screen to answered.
    MarkAnswered,
    /// Close the glosa on screen.
    CloseGlosa,
    /// Take the glosa on screen back to in_review.
    Reopen,
    /// Save the glosa's answer to a file.
    Export,
    /// Assign the selected conversation to the operator at the keyboard.
    AssignMe,
    /// Assign the selected conversation to someone (asks who).
    Assign,
    /// Resolve the selected conversation, or open it again.
    ToggleResolved,
    /// Send the customer's newest file in the selected conversation to invoice intake.
    ToInvoice,
    /// Merge another contact into the one on screen.
    Merge,
    /// Scroll the thread beside the list up or down.
    ScrollUp,
    ScrollDown,
    /// Add a note to the lead or contact on screen.
    Note,
    /// Move the lead on screen to a stage of its funnel (asks which).
    Move,
    /// Add a reminder on the lead on screen.
    Remind,
    /// Change the selected contact's tags.
    Tag,
    /// Select the next invoice field to check, least sure first.
    NextToCheck,
    /// Set the time zone of the tenant on screen.
    SetZone,
    /// Set the currency of the tenant on screen.
    SetCurrency,
}

impl Action {
    /// The selection keys, which every list has.
    pub fn is_move(self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom
        )
    }
}

/// One binding: the key, how the footer names it, what it does (both in the operator's
/// language).
pub struct Binding {
    pub code: KeyCode,
    pub label: Text,
    pub help: Text,
    pub action: Action,
    /// Shown in the footer (the rest only in `?`).
    pub footer: bool,
}

/// A binding, for the `KEYS` tables (a `const fn` so they can be constants). A key's name
/// (`label`) reads the same in every language.
pub const fn bind(
    code: KeyCode,
    label: &'static str,
    help: Text,
    action: Action,
    footer: bool,
) -> Binding {
    Binding {
        code,
        label: Text::same(label),
        help,
        action,
        footer,
    }
}

/// A letter or sign key, named by itself in the footer (`key('a', …)` reads "a").
pub const fn key(sign: char, help: Text, action: Action) -> Binding {
    bind(KeyCode::Char(sign), printable(sign), help, action, true)
}

/// A letter or sign key that only `?` lists, not the footer.
pub const fn hidden_key(sign: char, help: Text, action: Action) -> Binding {
    bind(KeyCode::Char(sign), printable(sign), help, action, false)
}

/// A printable ASCII character as a string, at compile time (a key's name).
const fn printable(sign: char) -> &'static str {
    const SIGNS: &[u8] = b" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    // A key that is no printable ASCII sign does not compile.
    assert!(sign.is_ascii_graphic());
    let (_, from) = SIGNS.split_at(sign as usize - ' ' as usize);
    let (one, _) = from.split_at(1);
    match std::str::from_utf8(one) {
        Ok(name) => name,
        Err(_) => unreachable!(),
    }
}

/// Enter opens the selected row, in the lists whose rows open a view of their own.
pub const OPEN: Binding = bind(KeyCode::Enter, "Enter", text::KEY_OPEN, Action::Open, true);

/// `/` filters a list, in its footer (every view has it too, in `?` only: [`GLOBAL`]).
pub const FILTER: Binding = key('/', text::KEY_FILTER, Action::Filter);

/// Esc goes back, in the views of one record (in the footer, unlike [`GLOBAL`]'s Esc).
pub const BACK: Binding = bind(KeyCode::Esc, "Esc", text::KEY_BACK, Action::Back, true);

/// `a` adds one (a mailbox, an operator, a reminder); a form asks what.
pub const ADD: Binding = key('a', text::KEY_ADD, Action::Add);

/// `x` removes the selected row, after asking (a mailbox, a connection).
pub const REMOVE: Binding = key('x', text::KEY_REMOVE, Action::Remove);

/// `r` retries the selected job or invoice (or the one on screen).
pub const RETRY: Binding = key('r', text::KEY_RETRY, Action::Retry);

/// `r` loads the view again (as F5 does); `footer`: whether the footer shows it.
pub const fn reload(footer: bool) -> Binding {
    bind(
        KeyCode::Char('r'),
        "r",
        text::KEY_RELOAD,
        Action::Refresh,
        footer,
    )
}

/// Keys of every view.
pub const GLOBAL: &[Binding] = &[
    key(':', text::KEY_VIEW, Action::Command),
    key('?', text::KEY_HELP, Action::Help),
    hidden_key('t', text::KEY_SWITCH_TENANT, Action::Tenant),
    key('q', text::KEY_QUIT, Action::Quit),
    hidden_key('/', text::KEY_FILTER, Action::Filter),
    bind(
        KeyCode::Esc,
        "Esc",
        text::KEY_CLEAR_FILTER_BACK,
        Action::Back,
        false,
    ),
    bind(
        KeyCode::Char('j'),
        "j/↓",
        text::KEY_DOWN,
        Action::Down,
        false,
    ),
    bind(KeyCode::Down, "↓", text::KEY_DOWN, Action::Down, false),
    bind(KeyCode::Char('k'), "k/↑", text::KEY_UP, Action::Up, false),
    bind(KeyCode::Up, "↑", text::KEY_UP, Action::Up, false),
    bind(
        KeyCode::PageDown,
        "PgDn",
        text::KEY_PAGE_DOWN,
        Action::PageDown,
        false,
    ),
    bind(
        KeyCode::PageUp,
        "PgUp",
        text::KEY_PAGE_UP,
        Action::PageUp,
        false,
    ),
    hidden_key('g', text::KEY_FIRST_ROW, Action::Top),
    hidden_key('G', text::KEY_LAST_ROW, Action::Bottom),
    bind(
        KeyCode::F(5),
        "F5",
        text::KEY_RELOAD,
        Action::Refresh,
        false,
    ),
];

/// The view's own keys (they win over the global ones).
pub fn view_keys(view: View) -> &'static [Binding] {
    match view {
        View::Dashboard => views::dashboard::KEYS,
        View::Jobs => views::jobs::KEYS,
        View::Job => views::job::KEYS,
        View::Invoices => views::invoices::KEYS,
        View::Invoice => views::invoice::KEYS,
        View::Inbox => views::inbox::KEYS,
        View::Funnel => views::funnel::KEYS,
        View::Reminders => views::reminders::KEYS,
        View::Reports => views::reports::KEYS,
        View::Leads => views::leads::KEYS,
        View::Lead => views::lead::KEYS,
        View::Contact => views::contact::KEYS,
        View::Contacts => views::contacts::KEYS,
        View::Audit => views::audit::KEYS,
        View::AuditEntry => views::audit::ENTRY_KEYS,
        View::Tenants => views::tenants::KEYS,
        View::Operators => views::operators::KEYS,
        View::Connections => views::connections::KEYS,
        View::Mail => views::mail::KEYS,
        View::MailMessage => views::mail_message::KEYS,
        View::Mailboxes => views::mailboxes::KEYS,
        View::Glosas => views::glosas::KEYS,
        View::Glosa => views::glosa::KEYS,
    }
}

/// The action of `key` in `view`, if any. Ctrl-C always quits.
pub fn action_for(view: View, key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == KeyCode::Char('c')).then_some(Action::Quit);
    }
    view_keys(view)
        .iter()
        .chain(GLOBAL.iter().filter(|binding| !binding.help.is_empty()))
        .find(|binding| binding.code == key.code)
        .map(|binding| binding.action)
}

/// Footer hints: the view's keys, then the global ones marked for the footer.
pub fn footer(view: View) -> Vec<(&'static str, &'static str)> {
    bindings(view)
        .filter(|binding| binding.footer)
        .map(|binding| (binding.label.get(), binding.help.get()))
        .collect()
}

/// Everything `?` lists for the view, without repeated labels.
pub fn help(view: View) -> Vec<(&'static str, &'static str)> {
    let mut seen = Vec::new();
    let mut lines = Vec::new();
    for binding in bindings(view) {
        if binding.help.is_empty()
            || seen.contains(&binding.help)
            || binding.label.get() == "↓"
            || binding.label.get() == "↑"
        {
            continue;
        }
        seen.push(binding.help);
        lines.push((binding.label.get(), binding.help.get()));
    }
    lines
}

/// The view's keys, then the global ones it leaves alone (a view's key wins over a global one
/// on the same key, so only the view's is listed).
fn bindings(view: View) -> impl Iterator<Item = &'static Binding> {
    let own = view_keys(view);
    own.iter().chain(
        GLOBAL
            .iter()
            .filter(move |global| own.iter().all(|binding| binding.code != global.code)),
    )
}

/// What a key does in the inbox composer (`i`): its own keys, else typing. The footer shows
/// the composer's hint ([`crate::text::COMPOSE_HINT`] and the others) while it is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComposeKey {
    /// Ctrl-S.
    Send,
    /// Ctrl-A.
    Attach,
    /// Esc.
    Close,
    Enter,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    Delete,
    /// Ctrl-U: erase the line before the cursor.
    KillToLineStart,
    /// Ctrl-K: erase the line after the cursor.
    KillToLineEnd,
    /// Ctrl-W: erase the word before the cursor.
    KillWord,
    Type(char),
    /// Anything else (other Ctrl keys, function keys): nothing.
    Other,
}

pub fn compose_key(key: KeyEvent) -> ComposeKey {
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('s' | 'S') if control => ComposeKey::Send,
        KeyCode::Char('a' | 'A') if control => ComposeKey::Attach,
        KeyCode::Char('u' | 'U') if control => ComposeKey::KillToLineStart,
        KeyCode::Char('k' | 'K') if control => ComposeKey::KillToLineEnd,
        KeyCode::Char('w' | 'W') if control => ComposeKey::KillWord,
        KeyCode::Char('e' | 'E') if control => ComposeKey::End,
        KeyCode::Char(c) if !control => ComposeKey::Type(c),
        KeyCode::Enter => ComposeKey::Enter,
        KeyCode::Backspace => ComposeKey::Backspace,
        KeyCode::Esc => ComposeKey::Close,
        KeyCode::Up => ComposeKey::Up,
        KeyCode::Down => ComposeKey::Down,
        KeyCode::Left => ComposeKey::Left,
        KeyCode::Right => ComposeKey::Right,
        KeyCode::Home => ComposeKey::Home,
        KeyCode::End => ComposeKey::End,
        KeyCode::Delete => ComposeKey::Delete,
        _ => ComposeKey::Other,
    }
}
