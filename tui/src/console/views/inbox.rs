//! `:inbox`: conversations (unread first in weight, newest activity first) beside the selected
//! one's thread, and the composer under the thread while one is open (`i`).

use centralita_protocol::{ConversationSummary, Direction, Message};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Wrap};

use crate::console::app::{App, Mode, relative};
use crate::console::composer::{self, Composer, Pick, Step};
use crate::console::theme::Theme;
use crate::console::widgets;
use crate::text;

/// Text rows of the composer: it grows with the reply between these.
const COMPOSER_ROWS: (usize, usize) = (3, 8);
/// Rows of the template picker at most.
const PICKER_ROWS: usize = 6;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let [list_area, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    draw_list(frame, list_area, app, theme);
    let Mode::Compose(composer) = &app.mode else {
        draw_thread(frame, right, app, theme);
        return;
    };
    let inner_width = usize::from(right.width.saturating_sub(2)).max(1);
    let mut lines = composer_lines(composer, inner_width, theme);
    let height = lines.len().clamp(COMPOSER_ROWS.0, COMPOSER_ROWS.1);
    // The end, where the cursor is, stays in sight.
    let lines = lines.split_off(lines.len().saturating_sub(height));
    let [thread_area, composer_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(u16::try_from(height + 2).unwrap_or(u16::MAX)),
    ])
    .areas(right);
    draw_thread(frame, thread_area, app, theme);
    let row = app
        .conversations
        .rows
        .iter()
        .find(|row| row.id == composer.conversation);
    let title = match &composer.step {
        Step::Values { name, count, .. } => text::values_title(name, *count),
        _ => text::compose_title(&composer.to),
    };
    let mut block = Block::bordered().title(Span::styled(format!(" {title} "), theme.title()));
    // Below the box: only templates may go out once the 24-hour window is over.
    if let Some(row) = row.filter(|row| window_closed(app, row)) {
        let closed = if row.channel == "whatsapp" {
            text::WINDOW_CLOSED_WHATSAPP
        } else {
            text::WINDOW_CLOSED
        };
        block = block.title_bottom(Span::styled(format!(" {closed} "), theme.error()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), composer_area);
    if let Step::Picking { query, selected } = &composer.step {
        draw_picker(frame, thread_area, app, composer, (query, *selected), theme);
    }
}

/// What the composer box shows for its step, wrapped at `width`, with the cursor where
/// typing goes.
fn composer_lines(composer: &Composer, width: usize, theme: Theme) -> Vec<Line<'static>> {
    const CURSOR: &str = "▏";
    let rows = |text: &str, style: Style| -> Vec<Line<'static>> {
        text.split('\n')
            .flat_map(|line| wrap(line, width))
            .map(|row| Line::styled(row, style))
            .collect()
    };
    match &composer.step {
        Step::Writing => {
            let (before, after) = composer.text.split_at(composer.cursor);
            rows(&format!("{before}{CURSOR}{after}"), Style::default())
        }
        Step::Picking { query, .. } => rows(&format!("/{query}{CURSOR}"), Style::default()),
        Step::Values { body, input, .. } => {
            let mut lines = rows(body, theme.dim());
            lines.extend(rows(&format!("{input}{CURSOR}"), Style::default()));
            lines
        }
        Step::Attach { input } => {
            let label = format!("{}: ", text::ATTACH_LABEL);
            let mut lines = rows(&format!("{label}{input}{CURSOR}"), Style::default());
            // The label in the key colour when it is whole on the first row.
            if let Some(first) = lines.first_mut()
                && let Some(rest) = first.to_string().strip_prefix(&label)
            {
                *first = Line::from(vec![
                    Span::styled(label.clone(), theme.key()),
                    Span::raw(rest.to_owned()),
                ]);
            }
            let caption = composer.text.trim();
            if !caption.is_empty() {
                // One row of it: the text is not being edited here.
                let caption = format!("{}: {}", text::CAPTION_LABEL, caption.replace('\n', " "));
                let mut cut = wrap(&caption, width.saturating_sub(1).max(1));
                if cut.len() > 1 {
                    cut[0].push('…');
                }
                lines.insert(0, Line::styled(cut.swap_remove(0), theme.dim()));
            }
            lines
        }
    }
}

/// `line` in rows of at most `width` columns, broken after spaces where it can be and inside
/// a word too long for a row.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let columns = |text: &str| Span::raw(text).width();
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in line.split_inclusive(' ') {
        if !row.is_empty() && columns(&row) + columns(word.trim_end()) > width {
            rows.push(std::mem::take(&mut row));
        }
        for c in word.chars() {
            let mut buffer = [0; 4];
            let c_columns = columns(c.encode_utf8(&mut buffer));
            // A space that does not fit ends the row instead of starting the next one.
            if columns(&row) + c_columns > width {
                if c == ' ' {
                    continue;
                }
                rows.push(std::mem::take(&mut row));
            }
            row.push(c);
        }
    }
    rows.push(row);
    rows
}

/// The template picker, over the bottom of the thread, just above the composer.
fn draw_picker(
    frame: &mut Frame<'_>,
    above: Rect,
    app: &App,
    composer: &Composer,
    (query, selected): (&str, usize),
    theme: Theme,
) {
    let picks = composer::picks(
        &composer.channel,
        query,
        &app.reply_templates,
        &app.whatsapp_templates,
    );
    let selected = selected.min(picks.len().saturating_sub(1));
    let lines: Vec<Line<'static>> = if picks.is_empty() {
        let empty = if query.is_empty() {
            text::NO_TEMPLATES
        } else {
            text::NO_TEMPLATE_MATCHES
        };
        vec![Line::styled(empty, theme.dim())]
    } else {
        // The window of rows moves a page at a time, like the tables'.
        let offset = selected / PICKER_ROWS * PICKER_ROWS;
        picks
            .iter()
            .enumerate()
            .skip(offset)
            .take(PICKER_ROWS)
            .map(|(index, pick)| {
                let line = pick_line(*pick, theme);
                if index == selected {
                    line.style(theme.selected())
                } else {
                    line
                }
            })
            .collect()
    };
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(above.height);
    let area = Rect {
        y: above.y + above.height - height,
        height,
        ..above
    };
    frame.render_widget(Clear, area);
    let title = format!(" {} ({}) ", text::PICK_TITLE, picks.len());
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(Span::styled(title, theme.title()))),
        area,
    );
}

/// A picker row: `/name`, what kind of template, the start of its text.
fn pick_line(pick: Pick<'_>, theme: Theme) -> Line<'static> {
    let (name, mark, body) = match pick {
        Pick::Reply(template) => (template.name.clone(), String::new(), template.body.clone()),
        Pick::WhatsApp(template) => (
            template.name.clone(),
            format!(" [{} {}]", text::WHATSAPP_MARK, template.language),
            template.body.clone().unwrap_or_default(),
        ),
    };
    Line::from(vec![
        Span::styled(format!("/{name}"), theme.key()),
        Span::styled(mark, theme.title()),
        Span::styled(format!("  {}", body.replace('\n', " ")), theme.dim()),
    ])
}

fn draw_list(frame: &mut Frame<'_>, list_area: Rect, app: &App, theme: Theme) {
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
}

fn draw_thread(frame: &mut Frame<'_>, thread_area: Rect, app: &App, theme: Theme) {
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
                .flat_map(|message| message_lines(message, theme))
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

/// A message in the thread: an arrow for who wrote it, its text line by line (a file's kind
/// first), and for what the business sent its delivery status at the end.
fn message_lines(message: &Message, theme: Theme) -> Vec<Line<'static>> {
    let (arrow, style) = match message.direction {
        Direction::Inbound => ("‹ ", theme.title()),
        Direction::Outbound => ("› ", theme.dim()),
    };
    let body = match (&message.text, message.kind.as_str()) {
        (Some(text), "text") => text.clone(),
        (Some(text), kind) => format!("[{kind}] {text}"),
        (None, kind) => format!("[{kind}]"),
    };
    let mut lines: Vec<Line<'static>> = body
        .split('\n')
        .enumerate()
        .map(|(index, row)| {
            let lead = if index == 0 { arrow } else { "  " };
            Line::from(vec![Span::styled(lead, style), Span::raw(row.to_owned())])
        })
        .collect();
    // Delivery status only means something for what the business sent.
    if message.direction == Direction::Outbound
        && let Some(last) = lines.last_mut()
    {
        last.spans
            .push(Span::styled(format!("  {}", message.status), theme.dim()));
    }
    lines
}

/// Seconds the 24-hour window of WhatsApp and Messenger stays open, `None` once it is over
/// (or before the customer wrote).
fn window_left(app: &App, row: &ConversationSummary) -> Option<i64> {
    let closes = row.last_inbound_at? + jiff::SignedDuration::from_hours(24);
    (closes > app.now).then(|| closes.duration_since(app.now).as_secs())
}

/// Only templates may go out (Telegram has no window).
fn window_closed(app: &App, row: &ConversationSummary) -> bool {
    row.channel != "telegram" && window_left(app, row).is_none()
}

/// How long the 24-hour window of WhatsApp and Messenger stays open ("23h", "40m"), "closed"
/// once it is over; Telegram has none.
fn window(app: &App, row: &ConversationSummary, theme: Theme) -> Cell<'static> {
    if row.channel == "telegram" {
        return Cell::from("");
    }
    match window_left(app, row) {
        Some(secs) => {
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

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_after_spaces_and_inside_long_words() {
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("hola que tal", 10), ["hola que ", "tal"]);
        assert_eq!(wrap("hola que tal", 8), ["hola que", "tal"]);
        assert_eq!(wrap("hola que tal", 6), ["hola ", "que ", "tal"]);
        assert_eq!(wrap("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        assert_eq!(wrap("sí, mañana", 4), ["sí, ", "maña", "na"]);
        assert!(
            wrap("una línea larga de verdad ▏", 7)
                .iter()
                .all(|row| row.chars().count() <= 7)
        );
    }
}
