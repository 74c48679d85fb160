//! One mail message: its headers and each attachment with what became of it on top (↑↓ pick
//! one; Enter or `o` opens the invoice it became), its text under them (PgUp/PgDn scroll it);
//! `s` and `S` sync its mailbox.

use centralita_protocol::{AttachmentOutcome, InvoiceId, MailMessageDetail, MailMessageId};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Context, Screen, View, ViewState, detail, mail};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, bind, hidden_key};
use crate::console::widgets;
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    bind(
        KeyCode::Enter,
        "Enter/o",
        text::KEY_OPEN_INVOICE,
        Action::Open,
        true,
    ),
    hidden_key('o', text::KEY_OPEN_INVOICE, Action::Open),
    mail::SYNC,
    mail::RESYNC,
    keymap::reload(false),
    keymap::BACK,
];

/// Width of the header names ("subject ").
const LABEL: usize = 9;

/// The state of the message on screen.
#[derive(Debug, Default)]
pub struct MailMessageView {
    /// The message on screen, once loaded.
    pub message: Option<MailMessageDetail>,
    /// The attachment picked (index into its attachments).
    pub attachment: usize,
    /// First line of the text shown.
    pub text_scroll: usize,
}

impl MailMessageView {
    /// Shows message `id`, loading, from its first attachment and line.
    pub fn open(&mut self, id: MailMessageId) -> Vec<Effect> {
        *self = Self::default();
        vec![Effect::LoadMailMessage(id)]
    }

    /// The invoice the picked attachment became, if it became one.
    pub fn invoice(&self) -> Option<InvoiceId> {
        let attachment = self.message.as_ref()?.attachments.get(self.attachment)?;
        match attachment.outcome {
            AttachmentOutcome::Invoice { invoice, .. } => Some(invoice),
            _ => None,
        }
    }
}

impl ViewState for MailMessageView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        self.message
            .as_ref()
            .map(|detail| vec![Effect::LoadMailMessage(detail.message.id)])
            .unwrap_or_default()
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        let Some(detail) = &self.message else {
            return Vec::new();
        };
        let last = detail.attachments.len().saturating_sub(1);
        match action {
            Action::Sync | Action::Resync => {
                return mail::sync(action, Some(detail.message.mailbox), None, context);
            }
            // Enter on an attachment that is no invoice (the app opens the ones that are).
            Action::Open if !detail.attachments.is_empty() => {
                context.say(text::NOT_AN_INVOICE.to_string(), true);
            }
            _ => detail::step(action, &mut self.attachment, last, &mut self.text_scroll),
        }
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::MailMessage(detail) = reply {
            let last = detail.attachments.len().saturating_sub(1);
            self.attachment = self.attachment.min(last);
            self.message = Some(*detail);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let Some(detail) = detail::loaded(frame, area, View::MailMessage, &self.message, theme)
        else {
            return;
        };
        let lines = self.head(detail, screen);
        // The head takes what it needs, up to all but six rows (the text keeps four lines).
        let wanted = widgets::bordered_height(lines.len());
        let [head_area, text_area] =
            Layout::vertical([Length(wanted.min(area.height.saturating_sub(6))), Min(6)])
                .areas(area);
        let title = text::mail_message_title(detail.message.id);
        frame.render_widget(detail::pane(lines, title, theme), head_area);
        let body = &detail.text;
        detail::draw_text(
            frame,
            text_area,
            body,
            self.text_scroll,
            text::TEXT_TITLE,
            theme,
        );
    }
}

impl MailMessageView {
    /// The headers, the note and the attachments, the picked one marked.
    fn head(&self, detail: &MailMessageDetail, screen: &Screen<'_>) -> Vec<Line<'static>> {
        let theme = screen.theme;
        let message = &detail.message;
        let header = |name: &str, value: String| detail::field(name, LABEL, value, theme);
        let mut received = text::received_when(screen.when_ago(message.received_at));
        if let Some(date) = detail.date {
            received.push_str(&text::dated(screen.when(date)));
        }
        let mut lines = vec![
            header(&text::MAIL_FROM, message.from.clone()),
            header(&text::MAIL_TO, detail.to.join(", ")),
            header(&text::MAIL_SUBJECT, message.subject.clone()),
            header(&text::MAIL_WHEN, received),
            header(
                &text::MAIL_LABELS,
                text::labels_in_mailbox(detail.labels.join(", "), message.mailbox),
            ),
        ];
        if let Some(note) = &detail.note {
            lines.push(Line::styled(format!("! {note}"), theme.error()));
        }
        // The body, when sent on as a document, is listed (and opened) like an attachment but
        // not counted as one.
        let files = detail
            .attachments
            .iter()
            .filter(|attachment| !attachment.body)
            .count();
        lines.push(Line::styled(
            text::attachments_heading(files),
            theme.title(),
        ));
        // Names padded to the longest (up to 40 columns), so sizes and outcomes line up.
        let width = detail
            .attachments
            .iter()
            .map(|attachment| attachment.name.chars().count())
            .max()
            .unwrap_or(0)
            .min(40);
        for (index, attachment) in detail.attachments.iter().enumerate() {
            let picked = index == self.attachment;
            let marker = detail::marker(picked, theme);
            let name_style = if picked {
                theme.selected()
            } else {
                Style::default()
            };
            let mut spans = vec![
                marker,
                Span::styled(format!("{:<width$}", attachment.name), name_style),
                Span::styled(
                    format!("  {:>6}  ", text::file_size(attachment.size)),
                    theme.dim(),
                ),
                Span::styled(
                    text::attachment_outcome(&attachment.outcome),
                    theme.attachment_outcome(&attachment.outcome),
                ),
            ];
            if attachment.body {
                spans.push(Span::styled(
                    format!("  ({})", text::MESSAGE_BODY),
                    theme.dim(),
                ));
            }
            lines.push(Line::from(spans));
        }
        lines
    }
}
