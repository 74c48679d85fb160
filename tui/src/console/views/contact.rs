//! One contact (Enter in `:contacts`): name, phone, tags, channel handles and notes, beside
//! its conversations and leads. ↑↓ pick a conversation and Enter opens it in `:inbox`; `n`
//! adds a note; `M` merges another contact into this one, after a y/n that names both.

use centralita_protocol::{Contact, ContactId, ConversationId, ConversationSummary, Lead};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{Context, Screen, View, ViewState, detail};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, bind, key};
use crate::console::mode::Form;
use crate::console::widgets::relative;
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    bind(
        KeyCode::Enter,
        "Enter",
        text::KEY_OPEN_CONVERSATION,
        Action::Open,
        true,
    ),
    key('n', text::KEY_NOTE, Action::Note),
    key('M', text::KEY_MERGE, Action::Merge),
    keymap::BACK,
];

/// A contact with its conversations and leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDetail {
    pub contact: Contact,
    /// Newest activity first.
    pub conversations: Vec<ConversationSummary>,
    pub leads: Vec<Lead>,
}

/// The state of the contact on screen.
#[derive(Debug, Default)]
pub struct ContactView {
    /// The contact asked for, and its details once loaded.
    pub id: Option<ContactId>,
    pub detail: Option<ContactDetail>,
    /// The conversation Enter opens (an index into the detail's conversations).
    pub selected: usize,
}

impl ContactView {
    /// Shows contact `id`, loading.
    pub fn open(&mut self, id: ContactId) -> Vec<Effect> {
        *self = Self {
            id: Some(id),
            ..Self::default()
        };
        vec![Effect::LoadContact(id)]
    }

    /// The conversation Enter opens.
    pub fn selected_conversation(&self) -> Option<ConversationId> {
        let detail = self.detail.as_ref()?;
        detail
            .conversations
            .get(self.selected)
            .map(|conversation| conversation.id)
    }
}

impl ViewState for ContactView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        self.id.map(Effect::LoadContact).into_iter().collect()
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        let Some(detail) = &self.detail else {
            return Vec::new();
        };
        let id = detail.contact.id;
        let last = detail.conversations.len().saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Note => {
                context.prompt_blank(Form::NoteContact(id), text::prompt_note("contact", id));
            }
            Action::Merge => {
                let name = text::contact_name(detail.contact.name.as_deref(), id);
                context.prompt_blank(Form::MergeContact(id), text::prompt_merge(&name));
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, context: &mut Context<'_>) -> Vec<Effect> {
        match reply {
            Reply::Contact(detail) if self.id == Some(detail.contact.id) => {
                self.selected = self
                    .selected
                    .min(detail.conversations.len().saturating_sub(1));
                self.detail = Some(*detail);
            }
            Reply::MergeCandidate { into, from } => {
                if let Some(detail) = self.detail.as_ref().filter(|d| d.contact.id == into) {
                    let keep = text::contact_name(detail.contact.name.as_deref(), into);
                    let gone = text::contact_name(from.name.as_deref(), from.id);
                    context.confirm(
                        text::confirm_merge(&gone, from.id, &keep, into),
                        Effect::MergeContacts {
                            into,
                            from: from.id,
                        },
                    );
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let Some(detail) = detail::loaded(frame, area, View::Contact, &self.detail, theme) else {
            return;
        };
        let contact = &detail.contact;
        let [left, right] = detail::columns(area, 45);
        let name = text::contact_name(contact.name.as_deref(), contact.id);
        let field = |label: &str, value: String| detail::field(label, 10, value, theme);
        let mut lines = vec![
            field(
                &text::column("PHONE").to_lowercase(),
                contact.phone.clone().unwrap_or_default(),
            ),
            field(
                text::EMAIL_LABEL.get(),
                contact.email.clone().unwrap_or_default(),
            ),
            field(
                &text::column("TAGS").to_lowercase(),
                contact.tags.join(", "),
            ),
        ];
        for (channel, handle) in &contact.identities {
            lines.push(field(channel, handle.clone()));
        }
        detail::section(&mut lines, text::notes_heading(contact.notes.len()), theme);
        lines.extend(detail::notes(&contact.notes, screen.now, theme));
        let title = text::contact_title(contact.id, &name);
        frame.render_widget(detail::pane(lines, title, theme), left);

        let mut lines = vec![Line::styled(
            text::conversations_heading(detail.conversations.len()),
            theme.title(),
        )];
        for (index, conversation) in detail.conversations.iter().enumerate() {
            let (marker, style) = if index == self.selected {
                ("▶ ", theme.selected())
            } else {
                ("  ", ratatui::style::Style::default())
            };
            lines.push(Line::styled(
                format!(
                    "{marker}#{} {} {} · {} · {}",
                    conversation.id,
                    conversation.channel,
                    text::conversation_state(conversation.state),
                    relative(screen.now, conversation.last_activity),
                    conversation.preview
                ),
                style,
            ));
        }
        detail::section(&mut lines, text::leads_heading(detail.leads.len()), theme);
        for lead in &detail.leads {
            lines.push(Line::raw(format!(
                "  #{} {} · {} · {}",
                lead.id, lead.funnel, lead.stage, lead.status
            )));
        }
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered()),
            right,
        );
    }
}
