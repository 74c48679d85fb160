//! The inbox on screen: the conversation list, the thread beside it, and the composer box under
//! the thread while one is open.

use centralita_protocol::{ConversationSummary, Direction, Message};
use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph};

use super::InboxView;
use super::compose::{composer_lines, draw_picker};
use crate::console::composer::Step;
use crate::console::mode::Mode;
use crate::console::theme::Theme;
use crate::console::views::Screen;
use crate::console::widgets::{self, Column, relative};
use crate::{format, text};

/// Text rows of the composer: it grows with the reply between these.
const COMPOSER_ROWS: (usize, usize) = (3, 8);

/// The conversation list's columns when it is wide enough for them all; the state column is as
/// wide as the longest state word in the reader's language.
fn wide_columns() -> [Column<ConversationSummary>; 7] {
    [
        ("", Length(2), channel),
        ("CONTACT", Min(8), contact),
        ("ST", Length(text::conversation_state_width()), state),
        ("WHO", Length(5), assignee),
        ("NEW", Length(3), unread),
        ("WINDOW", Length(6), |row, screen| {
            window(screen.now, row, screen.theme)
        }),
        // Narrow (the list shares the screen with the thread): the short relative form.
        ("LAST", Length(8), last),
    ]
}

/// The columns of a narrow list (80 columns): the window shows in the composer instead, and the
/// state in four letters.
const NARROW_COLUMNS: &[Column<ConversationSummary>] = &[
    ("", Length(2), channel),
    ("CONTACT", Min(8), contact),
    ("ST", Length(4), short_state),
    ("WHO", Length(5), assignee),
    ("NEW", Length(3), unread),
    ("LAST", Length(6), last),
];

/// Inner width under which the list drops its window column (with the English state words).
const WIDE_LIST: u16 = 40;

fn contact(row: &ConversationSummary, _screen: &Screen<'_>) -> Cell<'static> {
    text::contact_name(row.contact_name.as_deref(), row.contact).into()
}

/// Open, waiting on the customer, or done (resolved).
fn state(row: &ConversationSummary, screen: &Screen<'_>) -> Cell<'static> {
    state_cell(row, text::conversation_state(row.state), screen)
}

fn short_state(row: &ConversationSummary, screen: &Screen<'_>) -> Cell<'static> {
    state_cell(row, text::conversation_state_short(row.state), screen)
}

/// `word`, dim unless the conversation is open.
fn state_cell(row: &ConversationSummary, word: &'static str, screen: &Screen<'_>) -> Cell<'static> {
    if row.state == centralita_protocol::ConversationState::Open {
        Cell::from(word)
    } else {
        Cell::from(Span::styled(word, screen.theme.dim()))
    }
}

fn assignee(row: &ConversationSummary, _screen: &Screen<'_>) -> Cell<'static> {
    Cell::from(row.assignee.clone().unwrap_or_default())
}

/// How long ago the conversation last moved.
fn last(row: &ConversationSummary, screen: &Screen<'_>) -> Cell<'static> {
    relative(screen.now, row.last_activity).into()
}

pub(super) fn draw(frame: &mut Frame<'_>, area: Rect, inbox: &InboxView, screen: &Screen<'_>) {
    let theme = screen.theme;
    let [list_area, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    draw_list(frame, list_area, inbox, screen);
    let Mode::Compose(composer) = screen.mode else {
        draw_thread(frame, right, inbox, screen);
        return;
    };
    let inner_width = usize::from(right.width.saturating_sub(2)).max(1);
    let mut lines = composer_lines(composer, inner_width, theme);
    let height = lines.len().clamp(COMPOSER_ROWS.0, COMPOSER_ROWS.1);
    // The end, where the cursor is, stays in sight.
    let lines = lines.split_off(lines.len().saturating_sub(height));
    let [thread_area, composer_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(widgets::bordered_height(height)),
    ])
    .areas(right);
    draw_thread(frame, thread_area, inbox, screen);
    let row = inbox
        .list
        .rows
        .iter()
        .find(|row| row.id == composer.conversation);
    let title = match &composer.step {
        Step::Values { name, count, .. } => text::values_title(name, *count),
        Step::Preview { name, .. } => text::preview_title(name, &composer.to),
        _ => text::compose_title(&composer.to),
    };
    let mut block = widgets::titled(format!(" {title} "), theme);
    // Below the box: only templates may go out once the 24-hour window is over.
    if let Some(row) = row.filter(|row| window_closed(screen.now, row)) {
        let closed = if row.channel == "whatsapp" {
            text::WINDOW_CLOSED_WHATSAPP
        } else {
            text::WINDOW_CLOSED
        };
        block = block.title_bottom(Span::styled(format!(" {closed} "), theme.error()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), composer_area);
    if let Step::Picking { query, selected } = &composer.step {
        draw_picker(
            frame,
            thread_area,
            inbox,
            composer,
            (query, *selected),
            theme,
        );
    }
}

fn draw_list(frame: &mut Frame<'_>, list_area: Rect, inbox: &InboxView, screen: &Screen<'_>) {
    let mut title = crate::text::inbox_title(inbox.list.rows.len());
    if !inbox.list.filter_text.is_empty() {
        title = format!("{title}· /{} ", inbox.list.filter_text);
    }
    // The window column goes first when the state words are longer than the English four.
    let wide = text::conversation_state_width().saturating_sub(4) + WIDE_LIST;
    if list_area.width.saturating_sub(2) >= wide {
        widgets::list_table(
            frame,
            list_area,
            title,
            &wide_columns(),
            &inbox.list,
            screen,
        );
    } else {
        widgets::list_table(frame, list_area, title, NARROW_COLUMNS, &inbox.list, screen);
    }
}

fn draw_thread(frame: &mut Frame<'_>, thread_area: Rect, inbox: &InboxView, screen: &Screen<'_>) {
    let theme = screen.theme;
    let (title, lines) = match &inbox.thread {
        None => (
            crate::text::THREAD_TITLE.to_string(),
            vec![Line::styled(crate::text::NOTHING_HERE, theme.dim())],
        ),
        Some(detail) => {
            let contact = &detail.contact;
            let title = format!(
                " {} · {} {} ",
                detail.conversation.channel,
                contact
                    .name
                    .as_deref()
                    .unwrap_or(crate::text::NO_NAME.get()),
                contact.phone.as_deref().unwrap_or("")
            );
            let width = usize::from(thread_area.width.saturating_sub(2));
            (title, thread_lines(&detail.messages, width, screen))
        }
    };
    let scroll = u16::try_from(
        lines
            .len()
            .saturating_sub(usize::from(thread_area.height.saturating_sub(2))),
    )
    .unwrap_or(u16::MAX)
    // PgUp and PgDn move back from the newest messages, never past the first.
    .saturating_sub(inbox.scroll);
    // The lines are wrapped already, so the scroll counts rows on screen.
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(widgets::titled(title, theme)),
        thread_area,
    );
}

/// The messages of a thread, each with its time, and a line naming the day where one starts;
/// wrapped to `width` columns.
fn thread_lines(messages: &[Message], width: usize, screen: &Screen<'_>) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut day = None;
    for message in messages {
        let this_day = format::day_of(message.sent_at, screen.zone);
        if day != Some(this_day) {
            day = Some(this_day);
            let separator = format::day_separator(this_day, screen.now, screen.zone, screen.lang);
            lines.push(Line::styled(separator, screen.theme.dim()).centered());
        }
        let clock = format::clock_in(message.sent_at, screen.zone);
        lines.extend(message_lines(message, &clock, width, screen.theme));
    }
    lines
}

/// A message in the thread: an arrow for who wrote it, its time, its text line by line (a
/// file's kind first) wrapped to `width` with each row under the text, not under the arrow;
/// for what the business sent, its delivery status at the end (on a row of its own when the
/// last one is full) and, when it failed, why, in the reader's language, under it.
fn message_lines(message: &Message, clock: &str, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let (arrow, style) = match message.direction {
        Direction::Inbound => ("‹ ", theme.title()),
        Direction::Outbound => ("› ", theme.dim()),
    };
    let body = match (&message.text, message.kind.as_str()) {
        (Some(text), "text") => text.clone(),
        (Some(text), kind) => format!("[{kind}] {text}"),
        (None, kind) => format!("[{kind}]"),
    };
    let indent = 2 + clock.chars().count() + 1;
    let room = width.saturating_sub(indent).max(8);
    let rows = body
        .split('\n')
        .flat_map(|row| super::compose::wrap(row, room));
    let mut lines: Vec<Line<'static>> = rows
        .enumerate()
        .map(|(index, row)| {
            let (lead, time) = if index == 0 {
                (arrow, format!("{clock} "))
            } else {
                ("  ", " ".repeat(indent - 2))
            };
            Line::from(vec![
                Span::styled(lead, style),
                Span::styled(time, theme.dim()),
                Span::raw(row),
            ])
        })
        .collect();
    // Delivery status only means something for what the business sent.
    if message.direction == Direction::Outbound {
        let status = crate::text::delivery_status(&message.status);
        let status = format!("  {status}");
        let last_width = lines.last().map_or(0, Line::width);
        match lines.last_mut() {
            Some(last) if last_width + status.chars().count() <= width => {
                last.spans.push(Span::styled(status, theme.dim()));
            }
            _ => lines.push(Line::from(vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(
                    crate::text::delivery_status(&message.status).to_owned(),
                    theme.dim(),
                ),
            ])),
        }
        if let Some(error) = &message.error {
            let error = crate::text::kept_error(error, message.error_words.as_ref());
            let rows = super::compose::wrap(&format!("! {error}"), room);
            lines.extend(rows.into_iter().map(|row| {
                Line::from(vec![
                    Span::raw(" ".repeat(indent)),
                    Span::styled(row, theme.error()),
                ])
            }));
        }
    }
    lines
}

/// The channel's initial.
fn channel(row: &ConversationSummary, _screen: &Screen<'_>) -> Cell<'static> {
    let channel = match row.channel.as_str() {
        "whatsapp" => "W",
        "messenger" => "M",
        "telegram" => "T",
        _ => "?",
    };
    Cell::from(channel)
}

/// How many messages are unread; blank when none.
fn unread(row: &ConversationSummary, screen: &Screen<'_>) -> Cell<'static> {
    widgets::count_cell(row.unread, screen.theme.key())
}

/// Seconds the 24-hour window of WhatsApp and Messenger stays open, `None` once it is over
/// (or before the customer wrote).
fn window_left(now: Timestamp, row: &ConversationSummary) -> Option<i64> {
    let closes = row.last_inbound_at? + jiff::SignedDuration::from_hours(24);
    (closes > now).then(|| closes.duration_since(now).as_secs())
}

/// Only templates may go out (Telegram has no window).
fn window_closed(now: Timestamp, row: &ConversationSummary) -> bool {
    row.channel != "telegram" && window_left(now, row).is_none()
}

/// How long the 24-hour window of WhatsApp and Messenger stays open ("23h", "40m"), "closed"
/// once it is over; Telegram has none.
fn window(now: Timestamp, row: &ConversationSummary, theme: Theme) -> Cell<'static> {
    if row.channel == "telegram" {
        return Cell::from("");
    }
    match window_left(now, row) {
        Some(secs) => {
            let left = if secs >= 3600 {
                format!("{}h", secs / 3600)
            } else {
                format!("{}m", secs / 60)
            };
            Cell::from(left)
        }
        _ => Cell::from(Span::styled(crate::text::WINDOW_CLOSED_CELL, theme.dim())),
    }
}

#[cfg(test)]
mod tests {
    use centralita_protocol::{ConversationId, Direction, Message, MessageId};
    use jiff::Timestamp;

    use super::message_lines;
    use crate::console::theme::Theme;

    #[test]
    fn a_long_message_wraps_under_its_text_and_its_status_gets_a_row_when_the_last_is_full() {
        let message = Message {
            id: MessageId(1),
            conversation: ConversationId(1),
            external_id: "wamid.1".into(),
            direction: Direction::Outbound,
            kind: "text".into(),
            text: Some("Hola María, le confirmo la cita de mañana a las diez".into()),
            media: None,
            status: "delivered".into(),
            error: None,
            error_words: None,
            reply_to: None,
            sent_at: Timestamp::UNIX_EPOCH,
        };
        let theme = Theme { no_color: true };
        let rows: Vec<String> = message_lines(&message, "09:05", 30, theme)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            rows,
            [
                "› 09:05 Hola María, le ",
                "        confirmo la cita de ",
                "        mañana a las diez",
                "        delivered",
            ]
        );
        assert!(rows.iter().all(|row| row.chars().count() <= 30), "{rows:?}");
    }
}
