//! `:inbox`: conversations (unread first, newest activity first) beside the selected one's
//! thread, which loads as the selection moves; `i` opens the composer under the thread with
//! the conversation's draft. The composer's keys are [`crate::console::composer`]'s; here the
//! drafts, the templates its picker offers, and what a sent message changes.

mod compose;
mod draw;

use std::collections::BTreeMap;

use centralita_protocol::{
    ConversationDetail, ConversationSummary, ReplyTemplate, WhatsAppTemplate,
};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Context, Screen, View, ViewState};
use crate::console::composer::{Composer, Outcome};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, bind};
use crate::console::mode::Mode;
use crate::console::paged::{Keyed, PagedList};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[bind(
    KeyCode::Char('i'),
    "i",
    text::KEY_REPLY,
    Action::Reply,
    true,
)];

/// The state of the inbox.
#[derive(Debug, Default)]
pub struct InboxView {
    /// The rows on screen and the selection.
    pub list: PagedList<ConversationSummary>,
    /// The thread shown beside the list (the selected conversation's, once loaded).
    pub thread: Option<ConversationDetail>,
    /// The composer's picker: the tenant's reply templates and WhatsApp templates, loaded
    /// when it opens.
    pub reply_templates: Vec<ReplyTemplate>,
    pub whatsapp_templates: Vec<WhatsAppTemplate>,
    /// What was typed in a conversation's composer and not sent yet, by conversation. A sent
    /// text stays until the daemon has queued it, so a refused one (window closed) is not lost.
    pub drafts: BTreeMap<u64, String>,
}

impl Keyed for ConversationSummary {
    type Key = u64;

    fn key(&self) -> u64 {
        self.id
    }
}

impl InboxView {
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
            &self.reply_templates,
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

    /// `i`: the composer of the selected conversation, with its draft. The templates are
    /// loaded for the picker.
    fn open_composer(&self, context: &mut Context<'_>) -> Vec<Effect> {
        let Some(row) = self.list.current() else {
            return Vec::new();
        };
        let to = crate::text::contact_name(row.contact_name.as_deref(), row.contact);
        let draft = self.drafts.get(&row.id).cloned().unwrap_or_default();
        let whatsapp = row.channel == "whatsapp";
        context.compose(Composer::new(row.id, row.channel.clone(), to, draft));
        let mut effects = vec![Effect::LoadReplyTemplates];
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
        conversation: u64,
        message: u64,
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
}

impl ViewState for InboxView {
    fn reload(&self, _admin: bool) -> Vec<Effect> {
        vec![Effect::LoadConversations]
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        match action {
            Action::Reply => self.open_composer(context),
            action if action.is_move() => {
                self.list.step(action);
                self.load_thread()
            }
            _ => Vec::new(),
        }
    }

    fn on_reply(&mut self, reply: Reply, context: &mut Context<'_>) -> Vec<Effect> {
        match reply {
            Reply::Conversations(mut rows) => {
                // Unread first; within each group, newest activity first (the daemon's order).
                rows.sort_by_key(|row| row.unread == 0);
                self.list.reload(rows, None);
                return self.load_thread();
            }
            Reply::Conversation(detail) => {
                let (id, unread) = (detail.conversation.id, detail.conversation.unread);
                self.thread = Some(*detail);
                // On screen is read: the unread count goes, and WhatsApp shows blue ticks.
                if unread > 0 && context.view == View::Inbox {
                    return vec![Effect::MarkRead(id)];
                }
            }
            Reply::ReplyTemplates(templates) => self.reply_templates = templates,
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
