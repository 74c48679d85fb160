//! Pieces every view uses: the list table, header, footer, status line and overlays.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, Wrap};

use super::app::App;
use super::keymap;
use super::mode::{self, Mode};
use super::paged::PagedList;
use super::theme::Theme;
use super::views::{Screen, View};
use crate::text;

/// A column of a list table: its header, its width, and what a row shows in it.
pub type Column<T> = (
    &'static str,
    Constraint,
    fn(&T, &Screen<'_>) -> Cell<'static>,
);

/// A list as a table of `columns` (see [`rows_table`]).
pub fn list_table<T, F>(
    frame: &mut Frame<'_>,
    area: Rect,
    title: String,
    columns: &[Column<T>],
    list: &PagedList<T, F>,
    screen: &Screen<'_>,
) {
    let headers: Vec<(&'static str, Constraint)> = columns
        .iter()
        .map(|(header, width, _)| (*header, *width))
        .collect();
    let cells = |row: &T| {
        columns
            .iter()
            .map(|(_, _, cell)| cell(row, screen))
            .collect()
    };
    rows_table(frame, area, title, &headers, list, cells, screen.theme);
}

/// A list as a table that builds only the rows that fit, so 100,000 rows cost what 20 do: a
/// header and width per column, a row of `cells` for each visible row, the selected one
/// highlighted. The window moves a page at a time so the selection is always visible.
pub fn rows_table<T, F>(
    frame: &mut Frame<'_>,
    area: Rect,
    title: String,
    columns: &[(&'static str, Constraint)],
    list: &PagedList<T, F>,
    cells: impl Fn(&T) -> Vec<Cell<'static>>,
    theme: Theme,
) {
    let (total, selected) = (list.rows.len(), list.selected);
    let block = Block::bordered().title(Span::styled(title, theme.title()));
    let visible = usize::from(area.height.saturating_sub(3)).max(1);
    let offset = selected / visible * visible;
    let rows: Vec<Row<'static>> = (offset..total.min(offset + visible))
        .map(|index| {
            let row = Row::new(cells(&list.rows[index]));
            if index == selected {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    if total == 0 {
        let empty = Paragraph::new(Line::styled(text::NOTHING_HERE, theme.dim())).block(block);
        frame.render_widget(empty, area);
        return;
    }
    let header = columns.iter().map(|(header, _)| text::column(header));
    let widths = columns.iter().map(|(_, width)| *width);
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.title()))
        .block(block);
    frame.render_widget(table, area);
}

/// A cell of an optional text: blank when there is none.
pub fn or_blank(value: Option<&str>) -> Cell<'static> {
    Cell::from(value.unwrap_or_default().to_owned())
}

/// The title of a list loaded a page at a time: its name, the rows loaded (`+` when there are
/// more) and the `/` filter in force.
pub fn paged_title<T, F>(name: &str, list: &PagedList<T, F>) -> String {
    let more = if list.next.is_some() { "+" } else { "" };
    let filter = if list.filter_text.is_empty() {
        String::new()
    } else {
        format!(" · /{}", list.filter_text)
    };
    format!(" {name} ({}{more}){filter} ", list.rows.len())
}

pub fn header(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let connection = if app.connected {
        text::CONNECTED
    } else {
        text::DISCONNECTED
    };
    let line = format!(
        " tenant {} │ {} ({}) │ {} │ {}",
        app.tenant,
        app.identity.user,
        app.role_label(),
        app.view.title(),
        connection
    );
    let style = if app.connected {
        theme.header()
    } else {
        theme.banner()
    };
    frame.render_widget(Paragraph::new(line).style(style), area);
}

pub fn footer(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    if let Mode::Compose(composer) = &app.mode {
        let hint = Line::styled(format!(" {}", composer.hint()), theme.key());
        frame.render_widget(Paragraph::new(hint), area);
        return;
    }
    let mut spans = Vec::new();
    for (key, help) in keymap::footer(app.view) {
        spans.push(Span::styled(format!(" {key}"), theme.key()));
        spans.push(Span::raw(format!(" {help}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The line above the footer: the command line or filter while typing, else the last message.
pub fn status_line(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let line = match &app.mode {
        Mode::Command(text) => {
            let hint = mode::complete(text)
                .filter(|name| *name != text.trim())
                .map(|name| format!("   (Tab: {name})"))
                .unwrap_or_default();
            Line::from(vec![
                Span::styled(":", theme.key()),
                Span::raw(format!("{text}▏")),
                Span::styled(hint, theme.dim()),
            ])
        }
        Mode::Filter(text) => {
            let hint = match app.view {
                View::Glosas => text::GLOSA_FILTER_HINT,
                _ => text::JOBS_FILTER_HINT,
            };
            Line::from(vec![
                Span::styled("/", theme.key()),
                Span::raw(format!("{text}▏")),
                Span::styled(format!("   {hint}"), theme.dim()),
            ])
        }
        _ => match &app.status {
            Some((message, true)) => Line::styled(message.clone(), theme.error()),
            Some((message, false)) => Line::styled(message.clone(), theme.ok()),
            None => Line::default(),
        },
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// Modal overlays: help, confirmation, one-line forms, the tenant picker, a consent page.
pub fn overlay(frame: &mut Frame<'_>, app: &App, theme: Theme) {
    match &app.mode {
        Mode::Help => {
            let lines: Vec<Line<'static>> = keymap::help(app.view)
                .into_iter()
                .map(|(key, help)| {
                    Line::from(vec![
                        Span::styled(format!("{key:>6}  "), theme.key()),
                        Span::raw(help),
                    ])
                })
                .collect();
            let height = u16::try_from(lines.len())
                .unwrap_or(u16::MAX)
                .saturating_add(2);
            let area = centered(frame.area(), 46, height);
            frame.render_widget(Clear, area);
            let title = text::help_title(app.view.title());
            frame.render_widget(
                Paragraph::new(lines)
                    .block(Block::bordered().title(Span::styled(title, theme.title()))),
                area,
            );
        }
        Mode::Confirm { question, .. } => {
            let area = centered(frame.area(), 60, 5);
            frame.render_widget(Clear, area);
            let body = vec![
                Line::raw(question.clone()),
                Line::default(),
                Line::styled(text::CONFIRM_HINT, theme.key()),
            ];
            frame.render_widget(
                Paragraph::new(body)
                    .wrap(Wrap { trim: true })
                    .block(Block::bordered().title(text::CONFIRM_TITLE.get())),
                area,
            );
        }
        Mode::Prompt { form, label, input } => {
            let hint = form.hint();
            let rows = u16::try_from(hint.len()).unwrap_or(u16::MAX);
            let area = centered(frame.area(), 60, rows.saturating_add(3));
            frame.render_widget(Clear, area);
            let block = Block::bordered().title(Span::styled(format!(" {label} "), theme.title()));
            // The end of what was typed, where the cursor is, stays in sight (a pasted address
            // is longer than the box).
            let room = usize::from(area.width.saturating_sub(3));
            let skip = input.chars().count().saturating_sub(room);
            let tail: String = input.chars().skip(skip).collect();
            let mut lines = vec![Line::raw(format!("{tail}▏"))];
            lines.extend(hint.iter().map(|line| Line::styled(*line, theme.dim())));
            frame.render_widget(Paragraph::new(lines).block(block), area);
        }
        Mode::Authorization(start) => authorization(frame, start, app.now, theme),
        Mode::TenantPicker { selected } => {
            let tenants = &app.views.tenants.list.rows;
            let lines: Vec<Line<'static>> = if tenants.is_empty() {
                vec![Line::styled(text::LOADING, theme.dim())]
            } else {
                tenants
                    .iter()
                    .enumerate()
                    .map(|(index, tenant)| {
                        let line = Line::raw(format!(" {} — {}", tenant.id, tenant.name));
                        if index == *selected {
                            line.style(theme.selected())
                        } else {
                            line
                        }
                    })
                    .collect()
            };
            let height = u16::try_from(lines.len())
                .unwrap_or(u16::MAX)
                .saturating_add(2)
                .min(16);
            let area = centered(frame.area(), 40, height);
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(lines)
                    .block(Block::bordered().title(text::SWITCH_TENANT_TITLE.get())),
                area,
            );
        }
        // The composer is drawn by the inbox view, under the thread.
        Mode::Normal | Mode::Command(_) | Mode::Filter(_) | Mode::Compose(_) => {}
    }
}

/// A connection's consent page, across the whole width with no side borders, so the address
/// can be selected and copied from the terminal line by line; then how the authorization comes
/// back and until when.
fn authorization(
    frame: &mut Frame<'_>,
    start: &centralita_protocol::AuthorizationStart,
    now: Timestamp,
    theme: Theme,
) {
    let width = frame.area().width;
    let url_rows = start
        .url
        .chars()
        .count()
        .div_ceil(usize::from(width.max(1)));
    let expires =
        text::authorization_expires(&relative(now, start.expires_at), start.expires_at <= now);
    let lines = vec![
        Line::raw(text::open_consent_page(start.connection)),
        Line::default(),
        Line::styled(start.url.clone(), theme.ok()),
        Line::default(),
        Line::raw(text::FINISH_AUTHORIZATION_CONSOLE),
        Line::raw(expires),
        Line::default(),
        Line::styled(text::AUTHORIZATION_HINT, theme.key()),
    ];
    // The address's rows, seven other lines, up to three more where the sentences wrap, and
    // the borders.
    let height = u16::try_from(url_rows + 12).unwrap_or(u16::MAX);
    let area = centered(frame.area(), width, height);
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(Span::styled(
            text::authorization_title(start.connection),
            theme.title(),
        ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// Shown in tables: "3m ago", "in 12s".
pub fn relative(now: Timestamp, at: Timestamp) -> String {
    let secs = at.as_second() - now.as_second();
    let (ahead, secs) = (secs > 0, secs.unsigned_abs());
    let amount = match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m", secs / 60),
        3600..86_400 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    };
    if secs == 0 {
        "now".into()
    } else if ahead {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// A one-line notice filling a view (e.g. "admins only").
pub fn notice(frame: &mut Frame<'_>, area: Rect, view: View, message: &str, theme: Theme) {
    let block = Block::bordered().title(Span::styled(format!(" {} ", view.title()), theme.title()));
    frame.render_widget(
        Paragraph::new(Line::styled(message.to_owned(), theme.dim())).block(block),
        area,
    );
}
