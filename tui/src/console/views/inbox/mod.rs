//! `:inbox`: conversations (unread first, newest activity first) beside the selected one's
//! thread, which loads as the selection moves; `i` opens the composer under the thread with
//! the conversation's draft. `m` takes the selected conversation, `A` assigns it to someone,
//! `r` resolves or reopens it, `/` filters the list on the daemon, PgUp and PgDn scroll the
//! thread. The composer's keys are [`crate::console::composer`]'s; here the drafts, the
//! quick replies and WhatsApp templates its picker offers, and what a sent message changes.

mod compose;
mod draw;

use std::collections::BTreeMap;

use centralita_protocol::{
    ConversationDetail, ConversationFilter, ConversationId, ConversationState, ConversationSummary,
    MessageId, Operator, QuickReply, WhatsAppTemplate,
};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Access, Context, Screen, View, ViewState};
use crate::console::composer::{Composer, Outcome};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, bind, hidden_key, key};
use crate::console::mode::{Form, Mode};
use crate::console::paged::{PagedList, keyed_by_id};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    key('i', text::KEY_REPLY, Action::Reply),
    key('m', text::KEY_TAKE, Action::AssignMe),
    hidden_key('F', text::KEY_FILE_TO_INVOICE, Action::ToInvoice),
    key('A', text::KEY_ASSIGN, Action::Assign),
    key('r', text::KEY_RESOLVE_REOPEN, Action::ToggleResolved),
    keymap::FILTER,
    bind(
        KeyCode::PageUp,
        "PgUp",
        text::KEY_THREAD_OLDER,
        Action::ScrollUp,
        false,
    ),
    bind(
        KeyCode::PageDown,
        "PgDn",
        text::KEY_THREAD_NEWER,
        Action::ScrollDown,
        false,
    ),
];

/// Lines PgUp and PgDn scroll the thread.
const SCROLL_STEP: u16 = 10;

/// The state of the inbox.
#[derive(Debug, Default)]
pub struct InboxView {
    /// The rows on screen, the selection and the `/` filter.
    pub list: PagedList<ConversationSummary, ConversationFilter>,
    /// Lines the thread is scrolled back from its newest message.
    pub scroll: u16,
    /// The conversation to select once the list comes (opened from a contact).
    focus: Option<ConversationId>,
    /// The selected conversation while it had unread messages when it was picked: reading it
    /// does not move it out of the unread ones at the top until the selection moves.
    pinned: Option<ConversationId>,
    /// The thread shown beside the list (the selected conversation's, once loaded).
    pub thread: Option<ConversationDetail>,
    /// The composer's picker: the tenant's quick replies and WhatsApp templates, loaded
    /// when it opens.
    pub quick_replies: Vec<QuickReply>,
    pub whatsapp_templates: Vec<WhatsAppTemplate>,
    /// What was typed in a conversation's composer and not sent yet, by conversation. A sent
    /// text stays until the daemon has queued it, so a refused one (window closed) is not lost.
    pub drafts: BTreeMap<ConversationId, String>,
}

keyed_by_id!(ConversationSummary => ConversationId);

impl InboxView {
    /// The selected conversation when it has unread messages: the one to pin.
    fn selected_unread(&self) -> Option<ConversationId> {
        self.list
            .current()
            .filter(|row| row.unread > 0)
            .map(|row| row.id)
    }

    /// Opens with conversation `id` selected (from a contact): every conversation is listed,
    /// so the filter in force cannot hide it.
    pub fn show(&mut self, id: ConversationId) -> Vec<Effect> {
        self.focus = Some(id);
        self.list.set_filter("", ConversationFilter::default());
        self.reload(None)
    }

    /// A key while the composer is open (the app took it out of the mode): the composer stays
    /// open unless it closed or sent.
    pub fn on_compose_key(
        &mut self,
        key: KeyEvent,
        mut composer: Composer,
        context: &mut Context<'_>,
    ) -> Vec<Effect> {
        let outcome = composer.on_key(
            keymap::compose_key(key),
            &self.quick_replies,
            &self.whatsapp_templates,
        );
        match outcome {
            Outcome::Typing => {
                context.compose(composer);
                Vec::new()
            }
            Outcome::Refused(message) => {
                context.say(message, true);
                context.compose(composer);
                Vec::new()
            }
            Outcome::Closed => {
                self.keep_draft(&composer);
                Vec::new()
            }
            Outcome::Ask(effect) => {
                context.compose(composer);
                vec![effect]
            }
            Outcome::Send(effect) => {
                self.keep_draft(&composer);
                if let Effect::SendFile { path, .. } = &effect {
                    let name = crate::upload::file_name(std::path::Path::new(path));
                    context.say(crate::text::uploading(&name, None), false);
                }
                vec![effect]
            }
        }
    }

    /// `i`: the composer of the selected conversation, with its draft. Its quick replies and
    /// WhatsApp templates are loaded for the picker.
    fn open_composer(&self, context: &mut Context<'_>) -> Vec<Effect> {
        let Some(row) = self.list.current() else {
            return Vec::new();
        };
        let to = crate::text::contact_name(row.contact_name.as_deref(), row.contact);
        let draft = self.drafts.get(&row.id).cloned().unwrap_or_default();
        let whatsapp = row.channel == "whatsapp";
        context.compose(Composer::new(row.id, row.channel.clone(), to, draft));
        let mut effects = vec![Effect::LoadQuickReplies];
        if whatsapp {
            effects.push(Effect::LoadWhatsAppTemplates);
        }
        effects
    }

    /// Keeps what the composer holds as the conversation's draft (none when it is blank).
    fn keep_draft(&mut self, composer: &Composer) {
        if composer.text.trim().is_empty() {
            self.drafts.remove(&composer.conversation);
        } else {
            self.drafts
                .insert(composer.conversation, composer.text.clone());
        }
    }

    /// A message the composer sent is queued: its text is no longer a draft.
    fn on_sent(
        &mut self,
        conversation: ConversationId,
        message: MessageId,
        draft: Option<String>,
        context: &mut Context<'_>,
    ) {
        if let Some(draft) = draft {
            if self.drafts.get(&conversation) == Some(&draft) {
                self.drafts.remove(&conversation);
            }
            if let Mode::Compose(composer) = &mut *context.mode
                && composer.conversation == conversation
                && composer.text == draft
            {
                composer.text.clear();
                composer.cursor = 0;
            }
        }
        context.say(text::message_queued_console(message), false);
        context.reload();
    }

    /// Loads the selected conversation's thread.
    fn load_thread(&mut self) -> Vec<Effect> {
        if let Some(row) = self.list.current() {
            return vec![Effect::LoadConversation(row.id)];
        }
        self.thread = None;
        Vec::new()
    }

    /// `m`, `A`, `r` and `F` on the selected conversation.
    fn act(&self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        let Some(row) = self.list.current() else {
            return Vec::new();
        };
        let id = row.id;
        match action {
            Action::AssignMe => vec![Effect::AssignConversation {
                id,
                assignee: Some(context.user.to_owned()),
            }],
            Action::Assign => {
                let input = row.assignee.clone().unwrap_or_default();
                context.prompt(Form::AssignConversation(id), text::prompt_assign(id), input);
                // The team to pick from. An agent may only take or drop a conversation, so
                // `me` and `nobody` are all it is offered.
                if context.supervisor {
                    vec![Effect::LoadOperators]
                } else {
                    Vec::new()
                }
            }
            Action::ToInvoice => vec![Effect::ChatFileToInvoice(id)],
            Action::ToggleResolved => {
                let state = if row.state == ConversationState::Resolved {
                    ConversationState::Open
                } else {
                    ConversationState::Resolved
                };
                vec![Effect::SetConversationState { id, state }]
            }
            _ => Vec::new(),
        }
    }
}

/// `A`'s answer: `me` (`yo`), a user, or nothing (or `-`, `nobody`, `nadie`) for no one.
pub fn assign_form(id: ConversationId, input: &str, user: &str) -> Effect {
    let assignee = match input.trim() {
        "" | "-" | "nobody" | "nadie" => None,
        "me" | "yo" => Some(user.to_owned()),
        other => Some(other.to_owned()),
    };
    Effect::AssignConversation { id, assignee }
}

/// What `A`'s prompt offers, as (word to type, what it means): `me`, `nobody`, then the
/// tenant's operators once loaded (supervisors and admins load them).
pub fn assign_choices(team: &[Operator]) -> Vec<(String, String)> {
    let mut choices = vec![
        ("me".to_owned(), text::ASSIGN_TO_ME.to_string()),
        ("nobody".to_owned(), text::ASSIGN_TO_NOBODY.to_string()),
    ];
    choices.extend(team.iter().map(|operator| {
        let about = match &operator.display_name {
            Some(name) => format!("{name} · {}", operator.role),
            None => operator.role.to_string(),
        };
        (operator.user.clone(), about)
    }));
    choices
}

/// The inbox's `/` text: `state:open`, `assignee:me|nobody|USER`, `channel:whatsapp`,
/// `unread`, and any other words searched in the contact and the newest message.
pub fn parse_filter(text: &str) -> Result<ConversationFilter, String> {
    let mut filter = ConversationFilter::default();
    let rest: Vec<&str> = text
        .split_whitespace()
        .filter(|word| {
            let unread = *word == "unread";
            filter.unread |= unread;
            !unread
        })
        .collect();
    let rest = rest.join(" ");
    let (pairs, search) = super::list::filter_terms(&rest, &["state", "assignee", "channel"])?;
    for (key, value) in pairs {
        match key {
            "state" => filter.state = Some(value.parse()?),
            "assignee" => filter.assignee = Some(value.parse()?),
            _ => filter.channel = Some(value.to_owned()),
        }
    }
    filter.search = search;
    Ok(filter)
}

impl ViewState for InboxView {
    fn reload(&self, _access: Access) -> Vec<Effect> {
        vec![Effect::LoadConversations(self.list.filter.clone())]
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        match action {
            Action::Reply => self.open_composer(context),
            Action::ScrollUp => {
                self.scroll = self.scroll.saturating_add(SCROLL_STEP);
                Vec::new()
            }
            Action::ScrollDown => {
                self.scroll = self.scroll.saturating_sub(SCROLL_STEP);
                Vec::new()
            }
            action if action.is_move() => {
                self.list.step(action);
                self.pinned = self.selected_unread();
                self.load_thread()
            }
            action => self.act(action, context),
        }
    }

    fn on_reply(&mut self, reply: Reply, context: &mut Context<'_>) -> Vec<Effect> {
        match reply {
            Reply::Conversations(mut rows) => {
                // Unread first; within each group, newest activity first (the daemon's order).
                // The one picked while unread stays with them once read, so it does not move.
                if self.pinned.is_none() {
                    self.pinned = self.selected_unread();
                }
                let pinned = self.pinned;
                rows.sort_by_key(|row| row.unread == 0 && Some(row.id) != pinned);
                self.list.reload(rows, None);
                if let Some(index) = self
                    .focus
                    .take()
                    .and_then(|id| self.list.rows.iter().position(|row| row.id == id))
                {
                    self.list.selected = index;
                }
                return self.load_thread();
            }
            Reply::QuickReplyPreview {
                conversation,
                name,
                text,
            } => {
                if let Mode::Compose(composer) = &mut *context.mode
                    && composer.conversation == conversation
                {
                    composer.previewed(&name, text);
                }
            }
            Reply::Conversation(detail) => {
                let (id, unread) = (detail.conversation.id, detail.conversation.unread);
                if self.thread.as_ref().map(|thread| thread.conversation.id) != Some(id) {
                    self.scroll = 0;
                }
                self.thread = Some(*detail);
                // On screen is read: the unread count goes, and WhatsApp shows blue ticks.
                if unread > 0 && context.view == View::Inbox {
                    return vec![Effect::MarkRead(id)];
                }
            }
            Reply::QuickReplies(replies) => self.quick_replies = replies,
            Reply::WhatsAppTemplates(templates) => self.whatsapp_templates = templates,
            Reply::Sent {
                conversation,
                message,
                draft,
            } => self.on_sent(conversation, message, draft, context),
            _ => {}
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        draw::draw(frame, area, self, screen);
    }
}
