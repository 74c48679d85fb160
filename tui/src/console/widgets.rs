//! Pieces every view uses: the list table, header, footer, status line and overlays.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, Wrap};

use super::app::App;
use super::keymap;
use super::mode::{self, Mode};
use super::paged::PagedList;
use super::theme::Theme;
use super::views::{Screen, View, Views};
use crate::text;

/// A column of a list table: its header, its width, and what a row shows in it.
pub type Column<T> = (
    &'static str,
    Constraint,
    fn(&T, &Screen<'_>) -> Cell<'static>,
);

/// A list as a table of `columns` (see [`rows_table`]), for views that say more about the
/// selected row in a pane of their own: no preview of cut cells.
pub fn list_table_without_preview<T, F>(
    frame: &mut Frame<'_>,
    area: Rect,
    title: String,
    columns: &[Column<T>],
    list: &PagedList<T, F>,
    screen: &Screen<'_>,
) {
    let cells = |row: &T| cells(columns, row, screen);
    rows_table(
        frame,
        area,
        title,
        &headers(columns),
        list,
        cells,
        screen.theme,
    );
}

/// A list as a table of `columns` (see [`rows_table`]); when the selected row has cells too
/// narrow for their text, their whole text in two lines under the table.
pub fn list_table<T, F>(
    frame: &mut Frame<'_>,
    area: Rect,
    title: String,
    columns: &[Column<T>],
    list: &PagedList<T, F>,
    screen: &Screen<'_>,
) {
    let cut = list
        .current()
        .map(|row| cut_cells(area, &headers(columns), cells(columns, row, screen)))
        .unwrap_or_default();
    if cut.is_empty() {
        list_table_without_preview(frame, area, title, columns, list, screen);
        return;
    }
    // The selected row has cells too narrow for their text: the whole text under the table,
    // on one line or two.
    let spans: Vec<Span<'static>> = cut
        .into_iter()
        .enumerate()
        .flat_map(|(index, (header, text))| {
            let separator = if index == 0 { " " } else { " · " };
            [
                Span::styled(
                    format!(
                        "{separator}{}: ",
                        crate::text::column(header).to_lowercase()
                    ),
                    screen.theme.dim(),
                ),
                Span::raw(text),
            ]
        })
        .collect();
    let preview = Line::from(spans);
    let rows = if preview.width() > usize::from(area.width) {
        2
    } else {
        1
    };
    let [table_area, preview_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(rows)]).areas(area);
    list_table_without_preview(frame, table_area, title, columns, list, screen);
    frame.render_widget(
        Paragraph::new(preview).wrap(Wrap { trim: true }),
        preview_area,
    );
}

/// The header and width of each of `columns`.
fn headers<T>(columns: &[Column<T>]) -> Vec<(&'static str, Constraint)> {
    columns
        .iter()
        .map(|(header, width, _)| (*header, *width))
        .collect()
}

/// What `row` shows in each of `columns`.
fn cells<T>(columns: &[Column<T>], row: &T, screen: &Screen<'_>) -> Vec<Cell<'static>> {
    columns
        .iter()
        .map(|(_, _, cell)| cell(row, screen))
        .collect()
}

/// Columns wide enough for any cell's text, to read it whole.
const WIDE: u16 = 400;

/// The cells of a row whose text is wider than their column in a table drawn in `area`:
/// each column's header and the cell's whole text.
fn cut_cells(
    area: Rect,
    columns: &[(&'static str, Constraint)],
    cells: Vec<Cell<'static>>,
) -> Vec<(&'static str, String)> {
    use ratatui::buffer::Buffer;
    use ratatui::widgets::Widget;
    let inner = Rect {
        width: area.width.saturating_sub(2),
        height: 1,
        ..Rect::default()
    };
    let widths = Layout::horizontal(columns.iter().map(|(_, width)| *width))
        .spacing(1)
        .split(inner);
    let mut cut = Vec::new();
    for (((header, _), cell), room) in columns.iter().zip(cells).zip(widths.iter()) {
        let mut buffer = Buffer::empty(Rect::new(0, 0, WIDE, 1));
        Table::new([Row::new([cell])], [Constraint::Length(WIDE)]).render(buffer.area, &mut buffer);
        let text: String = (0..WIDE).map(|x| buffer[(x, 0)].symbol()).collect();
        let text = text.trim().to_owned();
        if Span::raw(text.as_str()).width() > usize::from(room.width) {
            cut.push((*header, text));
        }
    }
    cut
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
    let block = titled(title, theme);
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
        let said = if list.filter_text.is_empty() {
            text::NOTHING_HERE.to_string()
        } else {
            text::no_matches(&list.filter_text)
        };
        let empty = Paragraph::new(Line::styled(said, theme.dim()))
            .wrap(Wrap { trim: true })
            .block(block);
        frame.render_widget(empty, area);
        return;
    }
    let headers: Vec<&str> = columns
        .iter()
        .map(|(header, _)| text::column(header))
        .collect();
    // A column sized for its English header is widened to its header in the reader's language
    // (`RESULT` is `RESULTADO`), so no header is cut.
    let widths: Vec<Constraint> = columns
        .iter()
        .zip(&headers)
        .map(|((_, width), header)| match *width {
            Constraint::Length(length) => {
                Constraint::Length(length.max(header.chars().count() as u16))
            }
            other => other,
        })
        .collect();
    let header = headers;
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
pub fn paged_title<T, F>(name: &'static str, list: &PagedList<T, F>) -> String {
    let name = text::list_name(name);
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
    for (key, help) in fit_footer(keymap::footer(app.view), usize::from(area.width)) {
        spans.push(Span::styled(format!(" {key}"), theme.key()));
        spans.push(Span::raw(format!(" {help}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The footer's keys as they fit in `width` columns: all of them when they do; else as many
/// whole ones as fit, in order, then `?` (which lists them all), so a narrow or Spanish screen
/// never cuts a key in half or loses the way to the rest.
fn fit_footer<'a>(keys: Vec<(&'a str, &'a str)>, width: usize) -> Vec<(&'a str, &'a str)> {
    let cost = |(key, help): &(&str, &str)| 2 + key.chars().count() + help.chars().count();
    if keys.iter().map(cost).sum::<usize>() <= width {
        return keys;
    }
    let (help, others): (Vec<_>, Vec<_>) = keys.into_iter().partition(|(key, _)| *key == "?");
    let mut room = width.saturating_sub(help.iter().map(cost).sum());
    let mut shown = Vec::new();
    for entry in others {
        let needs = cost(&entry);
        if needs > room {
            break;
        }
        room -= needs;
        shown.push(entry);
    }
    shown.extend(help);
    shown
}

/// The line above the footer: the command line or filter while typing, else the last message.
pub fn status_line(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let line = match &app.mode {
        Mode::Command(line) => {
            let room = usize::from(area.width.saturating_sub(1));
            let hint = mode::complete(line.text())
                .map(|name| format!("   (Tab: {name})"))
                .unwrap_or_default();
            Line::from(vec![
                Span::styled(":", theme.key()),
                Span::raw(line.display(room)),
                Span::styled(hint, theme.dim()),
            ])
        }
        Mode::Filter(line) => {
            let room = usize::from(area.width.saturating_sub(1));
            let hint = Views::filter_hint(app.view);
            Line::from(vec![
                Span::styled("/", theme.key()),
                Span::raw(line.display(room)),
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

/// The most answers a form lists under its input.
const MAX_CHOICES: usize = 8;

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
            let height = bordered_height(lines.len());
            let area = centered(frame.area(), 46, height);
            frame.render_widget(Clear, area);
            let title = text::help_title(app.view.title());
            frame.render_widget(Paragraph::new(lines).block(titled(title, theme)), area);
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
            let mut hint: Vec<Line<'static>> = form
                .hint()
                .iter()
                .map(|line| Line::styled(*line, theme.dim()))
                .collect();
            // The answers that start with what is typed, for Tab to complete.
            let typed = input.text().trim();
            hint.extend(
                app.prompt_choices(*form)
                    .into_iter()
                    .filter(|(word, _)| word.starts_with(typed))
                    .take(MAX_CHOICES)
                    .map(|(word, about)| {
                        Line::from(vec![
                            Span::styled(format!("{word:<12} "), theme.key()),
                            Span::styled(about, theme.dim()),
                        ])
                    }),
            );
            let rows = u16::try_from(hint.len()).unwrap_or(u16::MAX);
            let area = centered(frame.area(), 60, rows.saturating_add(3));
            frame.render_widget(Clear, area);
            let block = titled(format!(" {label} "), theme);
            // The part of what was typed around the cursor stays in sight (a pasted address
            // is longer than the box).
            let room = usize::from(area.width.saturating_sub(2));
            let mut lines = vec![Line::raw(input.display(room))];
            lines.extend(hint);
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
            let height = bordered_height(lines.len()).min(16);
            let area = centered(frame.area(), 40, height);
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(lines)
                    .block(Block::bordered().title(text::SWITCH_TENANT_TITLE.get())),
                area,
            );
        }
        Mode::Command(line) => view_list(frame, line.text(), theme),
        // The composer is drawn by the inbox view, under the thread.
        Mode::Normal | Mode::Filter(_) | Mode::Compose(_) => {}
    }
}

/// The views `:` goes to whose name starts with what is typed, each with a line about it, in
/// a box over the bottom of the screen, just above the `:` line.
fn view_list(frame: &mut Frame<'_>, typed: &str, theme: Theme) {
    let matches = View::matching(typed.trim());
    let screen = frame.area();
    // Header, `:` line and footer stay in sight.
    let room = usize::from(screen.height.saturating_sub(5));
    let shown = matches.len().min(room);
    let lines: Vec<Line<'static>> = if matches.is_empty() {
        vec![Line::styled(text::unknown_view(typed.trim()), theme.dim())]
    } else {
        matches
            .iter()
            .take(shown)
            .map(|(name, _)| {
                Line::from(vec![
                    Span::styled(format!(" {name:<12}"), theme.key()),
                    Span::styled(text::view_summary(name), theme.dim()),
                ])
            })
            .collect()
    };
    let height = bordered_height(lines.len().max(1));
    let width = 62.min(screen.width);
    let bottom = screen.height.saturating_sub(2);
    let area = Rect {
        x: screen.x,
        y: screen.y + bottom.saturating_sub(height),
        width,
        height: height.min(bottom),
    };
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(titled(" views ", theme)), area);
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

/// A count in a table cell, in `style`, blank when it is 0, so the rows that have some stand
/// out (warnings, unknown codes, invoices made, unread messages).
pub fn count_cell(count: impl Into<u64>, style: Style) -> Cell<'static> {
    match count.into() {
        0 => Cell::from(""),
        count => Cell::from(Span::styled(count.to_string(), style)),
    }
}

/// Shown in narrow columns: "3m ago", "in 12s" ([`crate::format::ago`]).
pub fn relative(now: Timestamp, at: Timestamp) -> String {
    crate::format::ago(at, now, crate::text::lang())
}

/// Where a long text shown whole (a job, an audit entry) is scrolled to: the first row on
/// screen, and the last row it can be (known once drawn, so End and Up work from there).
#[derive(Debug, Default)]
pub struct Scroll {
    pub top: u16,
    pub last: std::cell::Cell<u16>,
}

impl Scroll {
    /// Moves for the selection keys: a row, a page (`rows` on screen), the start or the end.
    pub fn step(&mut self, action: keymap::Action) {
        use keymap::Action;
        let page = crate::console::paged::PAGE as u16;
        let last = self.last.get();
        self.top = match action {
            Action::Up => self.top.saturating_sub(1),
            Action::Down => self.top.saturating_add(1).min(last),
            Action::PageUp => self.top.saturating_sub(page),
            Action::PageDown => self.top.saturating_add(page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.top,
        };
    }
}

/// `lines` wrapped to `area` in a bordered block titled `title`, from `scroll`'s row on; the
/// title says where it is when the text is longer than the area.
pub fn scrolled_text(
    frame: &mut Frame<'_>,
    area: Rect,
    title: String,
    lines: Vec<Line<'static>>,
    scroll: &Scroll,
    theme: Theme,
) {
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let visible = area.height.saturating_sub(2);
    let rows = u16::try_from(wrapped_height(&lines, width)).unwrap_or(u16::MAX);
    let last = rows.saturating_sub(visible);
    scroll.last.set(last);
    let top = scroll.top.min(last);
    let title = if last > 0 {
        crate::text::scrolled_title(&title, top + 1, last + 1)
    } else {
        title
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((top, 0))
            .block(titled(title, theme)),
        area,
    );
}

/// How many rows `text` takes wrapped at word boundaries to `width` columns (as
/// [`Paragraph`] wraps it; a word longer than a row is cut).
/// How many rows `lines` take in a pane `width` columns wide that wraps at word boundaries.
pub fn wrapped_height(lines: &[Line<'_>], width: usize) -> usize {
    lines
        .iter()
        .map(|line| {
            let text: String = line
                .spans
                .iter()
                .map(|span| span.content.as_ref())
                .collect();
            wrapped_rows(&text, width)
        })
        .sum()
}

fn wrapped_rows(text: &str, width: usize) -> usize {
    let (mut rows, mut column) = (1, 0);
    for word in text.split_inclusive(' ') {
        let whole = Span::raw(word).width();
        let ink = Span::raw(word.trim_end()).width();
        if column > 0 && column + ink > width {
            rows += 1;
            column = 0;
        }
        if whole > width {
            rows += (whole - 1) / width;
            column = whole % width;
        } else {
            column += whole;
        }
    }
    rows
}

/// The height of a bordered pane that shows `rows` rows: those and its two borders.
pub fn bordered_height(rows: usize) -> u16 {
    u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2)
}

/// A bordered block titled `title` in the title style: the frame of the console's panes,
/// tables and overlays.
pub fn titled<'a>(title: impl Into<std::borrow::Cow<'a, str>>, theme: Theme) -> Block<'a> {
    Block::bordered().title(Span::styled(title, theme.title()))
}

/// A one-line notice filling a view (e.g. "admins only").
pub fn notice(frame: &mut Frame<'_>, area: Rect, view: View, message: &str, theme: Theme) {
    let block = titled(format!(" {} ", view.title()), theme);
    frame.render_widget(
        Paragraph::new(Line::styled(message.to_owned(), theme.dim())).block(block),
        area,
    );
}
