//! `:inbox`: conversations (unread first in weight, newest activity first) beside the selected
//! one's thread.

use centralita_protocol::Direction;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Wrap};

use crate::console::app::{App, relative};
use crate::console::theme::Theme;
use crate::console::widgets;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let [list_area, thread_area] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let rows = &app.conversations.rows;
    let widths = [
        Constraint::Length(2),
        Constraint::Min(12),
        Constraint::Length(3),
        Constraint::Length(6),
        Constraint::Length(8),
    ];
    widgets::virtual_table(
        frame,
        list_area,
        &widgets::TableSpec {
            title: format!(" inbox ({}) ", rows.len()),
            header: vec!["", "CONTACT", "NEW", "WINDOW", "LAST"],
            widths: &widths,
            total: rows.len(),
            selected: app.conversations.selected,
        },
        |index| {
            let row = &rows[index];
            let channel = match row.channel.as_str() {
                "whatsapp" => "W",
                "messenger" => "M",
                "telegram" => "T",
                _ => "?",
            };
            let unread = if row.unread > 0 {
                Cell::from(Span::styled(row.unread.to_string(), theme.key()))
            } else {
                Cell::from("")
            };
            Row::new(vec![
                Cell::from(channel),
                Cell::from(
                    row.contact_name
                        .clone()
                        .unwrap_or_else(|| format!("contact {}", row.contact)),
                ),
                unread,
                window(app, row, theme),
                Cell::from(relative(app.now, row.last_activity)),
            ])
        },
        theme,
    );
    let (title, lines) = match &app.thread {
        None => (
            " thread ".to_owned(),
            vec![Line::styled(crate::text::NOTHING_HERE, theme.dim())],
        ),
        Some(detail) => {
            let contact = &detail.contact;
            let title = format!(
                " {} · {} {} ",
                detail.conversation.channel,
                contact.name.as_deref().unwrap_or("(no name)"),
                contact.phone.as_deref().unwrap_or("")
            );
            let lines = detail
                .messages
                .iter()
                .map(|message| {
                    let (arrow, style) = match message.direction {
                        Direction::Inbound => ("‹ ", theme.title()),
                        Direction::Outbound => ("› ", theme.dim()),
                    };
                    let body = message
                        .text
                        .clone()
                        .unwrap_or_else(|| format!("[{}]", message.kind));
                    // Delivery status only means something for what the business sent.
                    let status = match message.direction {
                        Direction::Outbound => format!("  {}", message.status),
                        Direction::Inbound => String::new(),
                    };
                    Line::from(vec![
                        Span::styled(arrow, style),
                        Span::raw(body),
                        Span::styled(status, theme.dim()),
                    ])
                })
                .collect();
            (title, lines)
        }
    };
    let scroll = u16::try_from(
        lines
            .len()
            .saturating_sub(usize::from(thread_area.height.saturating_sub(2))),
    )
    .unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::bordered().title(Span::styled(title, theme.title()))),
        thread_area,
    );
}

/// How long the 24-hour window of WhatsApp and Messenger stays open ("23h", "40m"), "closed"
/// once it is over; Telegram has none.
fn window(
    app: &App,
    row: &centralita_protocol::ConversationSummary,
    theme: Theme,
) -> Cell<'static> {
    if row.channel == "telegram" {
        return Cell::from("");
    }
    let closes = row
        .last_inbound_at
        .map(|at| at + jiff::SignedDuration::from_hours(24));
    match closes {
        Some(closes) if closes > app.now => {
            let secs = closes.duration_since(app.now).as_secs();
            let left = if secs >= 3600 {
                format!("{}h", secs / 3600)
            } else {
                format!("{}m", secs / 60)
            };
            Cell::from(left)
        }
        _ => Cell::from(Span::styled("closed", theme.dim())),
    }
}
