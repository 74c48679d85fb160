//! What the keyboard types into: the views' keys ([`Mode::Normal`]) or a modal — the command
//! line, the `/` filter, help, a confirmation, a one-line form, the tenant picker, the inbox
//! composer, a connection's consent page — and the keys of the modals the app handles itself.

use centralita_protocol::{
    AuthorizationStart, ContactId, ConversationId, FieldName, GlosaId, InvoiceId, LeadId,
    MailboxId, ReminderId,
};
use crossterm::event::{KeyCode, KeyEvent};

use super::app::App;
use super::composer::Composer;
use super::effect::Effect;
use super::line::{LineEditor, PromptKind};
use super::views::{View, contacts, glosa, inbox, lead, mailboxes, operators, reminders, tenants};

/// What the keyboard is typing into, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Command(LineEditor),
    Filter(LineEditor),
    Help,
    /// A destructive action waiting for `y`.
    Confirm {
        question: String,
        effect: Effect,
    },
    /// A one-line form; `form` says what the text is for.
    Prompt {
        form: Form,
        label: String,
        input: LineEditor,
    },
    TenantPicker {
        selected: usize,
    },
    /// `i` in the inbox: the multi-line composer under the thread.
    Compose(Composer),
    /// `a` in connections, answered: the consent page to open in a browser, until `f` opens
    /// the paste box or another key closes it.
    Authorization(AuthorizationStart),
}

/// What a [`Mode::Prompt`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `a` in tenants: "id name…".
    Tenant,
    /// `z` in tenants: the current tenant's time zone.
    TenantZone,
    /// `$` in tenants: the current tenant's currency.
    TenantCurrency,
    /// `a` in operators: "user role".
    Operator,
    /// `x` on an invoice: why it is rejected.
    RejectReason(InvoiceId),
    /// `e` on an invoice field: its new value (empty clears it).
    EditField(InvoiceId, FieldName),
    /// `s` on an invoice: where to save the original.
    SavePath(InvoiceId),
    /// `f` in connections: the address the browser landed on after consent.
    FinishUrl,
    /// `a` in mailboxes: "connection | labels | minutes | search".
    Mailbox,
    /// `e` on a mailbox: "labels | minutes | search".
    EditMailbox(MailboxId),
    /// `a` on a glosa item: "decision | code | justification | value".
    GlosaAnswer { id: GlosaId, index: u32 },
    /// `e` on a glosa: where to save its answer (`.xlsx` or `.csv`).
    ExportGlosa(GlosaId),
    /// `A` on a conversation: who to assign it to (empty: no one).
    AssignConversation(ConversationId),
    /// `e` on a lead: "field value".
    EditLead(LeadId),
    /// `n` on a lead: the note's text.
    NoteLead(LeadId),
    /// `M` on a lead: the stage to move it to.
    MoveLead(LeadId),
    /// `R` on a lead: "when text".
    RemindLead(LeadId),
    /// `a` in reminders: "lead when text".
    NewReminder,
    /// `e` on a reminder: "when text", a time or a text.
    EditReminder(ReminderId),
    /// `s` on a reminder: when to remind again.
    SnoozeReminder(ReminderId),
    /// `e` on a contact: "name …" or "phone …".
    EditContact(ContactId),
    /// `t` on a contact: its tags, comma-separated.
    TagContact(ContactId),
    /// `n` on a contact: the note's text.
    NoteContact(ContactId),
    /// `M` on a contact: the id of the contact to merge into it.
    MergeContact(ContactId),
}

impl Form {
    /// Lines the form shows under what is typed, to say what goes where (none for most).
    pub fn hint(self) -> &'static [crate::text::Text] {
        match self {
            Form::GlosaAnswer { .. } => crate::text::ANSWER_HINT,
            Form::EditLead(_) => crate::text::EDIT_LEAD_HINT,
            _ => &[],
        }
    }

    /// The history its prompt walks with Up/Down: one per kind of form.
    pub fn history_kind(self) -> PromptKind {
        PromptKind::Form(std::mem::discriminant(&self))
    }
}

impl App {
    /// Handles the keys of a modal: `Confirm`, `Command`, `Filter`, `Prompt`, `TenantPicker`,
    /// `Authorization`.
    pub(super) fn on_modal_key(&mut self, key: KeyEvent, mode: Mode) -> Vec<Effect> {
        match mode {
            Mode::Confirm { question, effect } => match key.code {
                KeyCode::Char('y' | 'Y') => vec![effect],
                KeyCode::Char('n' | 'N') | KeyCode::Esc => Vec::new(),
                _ => {
                    self.mode = Mode::Confirm { question, effect };
                    Vec::new()
                }
            },
            Mode::Command(text) => self.on_command_key(key, text),
            Mode::Filter(text) => self.on_filter_key(key, text),
            Mode::Prompt { form, label, input } => self.on_prompt_key(key, form, label, input),
            Mode::TenantPicker { selected } => self.on_picker_key(key, selected),
            Mode::Authorization(_) => {
                if key.code == KeyCode::Char('f') {
                    self.mode = finish_prompt();
                }
                Vec::new()
            }
            Mode::Normal | Mode::Help | Mode::Compose(_) => Vec::new(),
        }
    }

    /// `:` typed: a view's name; Tab completes it, Enter goes there (a unique prefix will do).
    fn on_command_key(&mut self, key: KeyEvent, mut line: LineEditor) -> Vec<Effect> {
        match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => {
                let typed = line.text().trim().to_owned();
                self.history.push(PromptKind::Command, &typed);
                match View::find(&typed) {
                    Ok(view) => self.goto(view),
                    Err(message) => {
                        self.say(message, true);
                        Vec::new()
                    }
                }
            }
            KeyCode::Tab => {
                if let Some(completed) = complete(line.text()) {
                    line.set(&completed);
                }
                self.mode = Mode::Command(line);
                Vec::new()
            }
            _ => {
                line.handle(key, self.history.of(PromptKind::Command));
                self.mode = Mode::Command(line);
                Vec::new()
            }
        }
    }

    /// `/` typed: Enter sets the view's filter and reloads with it.
    fn on_filter_key(&mut self, key: KeyEvent, mut line: LineEditor) -> Vec<Effect> {
        let kind = PromptKind::Filter(self.view);
        match key.code {
            KeyCode::Esc => Vec::new(),
            // The text on screen and the filter in force change together, or not at all.
            KeyCode::Enter => {
                self.history.push(kind, line.text());
                match self.views.apply_filter(self.view, line.text()) {
                    Ok(()) => self.reload(),
                    Err(message) => {
                        self.say(message, true);
                        Vec::new()
                    }
                }
            }
            _ => {
                line.handle(key, self.history.of(kind));
                self.mode = Mode::Filter(line);
                Vec::new()
            }
        }
    }

    /// A one-line form: Enter sends what it asks for, or says why the text will not do and
    /// stays open, empty for the next try (Up brings the text back to fix it).
    fn on_prompt_key(
        &mut self,
        key: KeyEvent,
        form: Form,
        label: String,
        mut input: LineEditor,
    ) -> Vec<Effect> {
        let kind = form.history_kind();
        match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => {
                self.history.push(kind, input.text());
                match submit(
                    form,
                    input.text(),
                    (self.now, &self.zone),
                    &self.identity.user,
                ) {
                    Ok(effect) => vec![effect],
                    Err(message) => {
                        self.say(message, true);
                        input.clear();
                        self.mode = Mode::Prompt { form, label, input };
                        Vec::new()
                    }
                }
            }
            KeyCode::Tab => {
                if let Some(completed) = complete_among(input.text(), &self.prompt_words(form)) {
                    input.set(&completed);
                }
                self.mode = Mode::Prompt { form, label, input };
                Vec::new()
            }
            _ => {
                input.handle(key, self.history.of(kind));
                self.mode = Mode::Prompt { form, label, input };
                Vec::new()
            }
        }
    }

    /// The answers a form offers under its input (and Tab completes), as (word, meaning).
    pub fn prompt_choices(&self, form: Form) -> Vec<(String, String)> {
        match form {
            Form::AssignConversation(_) => {
                let team = if self.is_supervisor() {
                    self.views.operators.list.rows.as_slice()
                } else {
                    &[]
                };
                inbox::assign_choices(team)
            }
            _ => Vec::new(),
        }
    }

    fn prompt_words(&self, form: Form) -> Vec<String> {
        self.prompt_choices(form)
            .into_iter()
            .map(|(word, _)| word)
            .collect()
    }

    /// `t`: the tenants (the tenants view's list), Enter switches to the selected one.
    fn on_picker_key(&mut self, key: KeyEvent, selected: usize) -> Vec<Effect> {
        let tenants = &self.views.tenants.list.rows;
        let last = tenants.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => match tenants.get(selected) {
                Some(tenant) => {
                    let zone = crate::format::zone(&tenant.zone);
                    let tenant = tenant.id.clone();
                    self.zone = zone;
                    self.switch_tenant(tenant)
                }
                None => Vec::new(),
            },
            KeyCode::Down | KeyCode::Char('j') => {
                self.mode = Mode::TenantPicker {
                    selected: (selected + 1).min(last),
                };
                Vec::new()
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.mode = Mode::TenantPicker {
                    selected: selected.saturating_sub(1),
                };
                Vec::new()
            }
            _ => {
                self.mode = Mode::TenantPicker { selected };
                Vec::new()
            }
        }
    }
}

/// What Tab makes of `typed` on the `:` line: the only view name it starts, or the longest
/// start the names it starts share; `None` when that adds nothing.
pub fn complete(typed: &str) -> Option<String> {
    let names: Vec<&str> = View::matching(typed.trim())
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    complete_among(typed, &names)
}

/// What Tab makes of `typed` among `words`: the only word it starts, or the longest start the
/// words it starts share; `None` when that adds nothing.
pub fn complete_among(typed: &str, words: &[impl AsRef<str>]) -> Option<String> {
    let typed = typed.trim();
    let mut matches = words
        .iter()
        .map(AsRef::as_ref)
        .filter(|word| word.starts_with(typed));
    let mut common = matches.next()?.to_owned();
    for word in matches {
        let shared = common
            .chars()
            .zip(word.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common = common.chars().take(shared).collect();
    }
    (common.len() > typed.len()).then_some(common)
}

/// The paste box of an authorization's address (`f`).
pub fn finish_prompt() -> Mode {
    Mode::Prompt {
        form: Form::FinishUrl,
        label: crate::text::PROMPT_FINISH_URL.to_string(),
        input: LineEditor::default(),
    }
}

/// A filled-in form as the effect it asks for; `now` and `user` for the forms that take a
/// time or `me`.
/// `now` in the tenant's zone reads times typed without a date.
fn submit(
    form: Form,
    input: &str,
    (now, zone): (jiff::Timestamp, &jiff::tz::TimeZone),
    user: &str,
) -> Result<Effect, String> {
    match form {
        Form::Tenant => tenants::parse_form(input),
        Form::TenantZone => tenants::parse_zone(input),
        Form::TenantCurrency => tenants::parse_currency(input),
        Form::Operator => operators::parse_form(input),
        Form::RejectReason(id) => Ok(Effect::RejectInvoice {
            id,
            reason: required(input, crate::text::NEED_REJECT_REASON.get())?,
        }),
        Form::EditField(id, field) => {
            let value = input.trim();
            Ok(Effect::EditInvoice {
                id,
                field,
                value: (!value.is_empty()).then(|| value.to_owned()),
            })
        }
        Form::SavePath(id) => Ok(Effect::SaveOriginal {
            id,
            path: required(input, crate::text::NEED_SAVE_PATH.get())?,
        }),
        Form::FinishUrl => {
            // Every address the provider sends back names the authorization in `state=`.
            let url = required(input, crate::text::NEED_FINISH_URL.get())?;
            if !url.contains("state=") {
                return Err(crate::text::NEED_FINISH_URL.to_string());
            }
            Ok(Effect::FinishConnection(url))
        }
        Form::Mailbox => mailboxes::parse_add_form(input),
        Form::EditMailbox(id) => mailboxes::parse_edit_form(id, input),
        Form::GlosaAnswer { id, index } => glosa::parse_answer_form(id, index, input),
        Form::ExportGlosa(id) => glosa::parse_export_form(id, input),
        Form::AssignConversation(id) => Ok(inbox::assign_form(id, input, user)),
        Form::EditLead(id) => lead::parse_edit_form(id, input, user),
        Form::NoteLead(id) => Ok(Effect::NoteLead {
            id,
            text: required(input, &crate::text::NEED_NOTE)?,
        }),
        Form::MoveLead(id) => lead::parse_move_form(id, input),
        Form::RemindLead(id) => lead::parse_reminder_form(id, input, now, zone),
        Form::NewReminder => reminders::parse_new_form(input, now, zone),
        Form::EditReminder(id) => reminders::parse_edit_form(id, input, now, zone),
        Form::SnoozeReminder(id) => reminders::parse_snooze_form(id, input, now, zone),
        Form::EditContact(id) => contacts::parse_edit_form(id, input),
        Form::TagContact(id) => Ok(contacts::parse_tags_form(id, input)),
        Form::MergeContact(into) => contacts::parse_merge_form(into, input),
        Form::NoteContact(id) => Ok(Effect::NoteContact {
            id,
            text: required(input, &crate::text::NEED_NOTE)?,
        }),
    }
}

/// What was typed, trimmed; `missing` when that is nothing.
fn required(input: &str, missing: &str) -> Result<String, String> {
    let value = input.trim();
    if value.is_empty() {
        return Err(missing.to_owned());
    }
    Ok(value.to_owned())
}
