//! What the views of one record share (a glosa, a mail message, an invoice, a contact, a lead,
//! a job): the loading notice until the record comes, its "label value" lines, its notes, its
//! bordered panes, the text read from it beside them (PgUp/PgDn scroll it), and the row picked
//! in it (↑↓, g G). Each view says only what differs.

use std::borrow::Cow;

use centralita_protocol::LeadNote;
use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::Constraint::Percentage;
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use crate::console::keymap::Action;
use crate::console::paged::PAGE;
use crate::console::theme::Theme;
use crate::console::widgets::{self, relative};
use crate::text;

/// `area` in two columns side by side, the left one `left` percent wide (the record, and what
/// is beside it).
pub fn columns(area: Rect, left: u16) -> [Rect; 2] {
    Layout::horizontal([Percentage(left), Percentage(100 - left)]).areas(area)
}

/// The record on screen once loaded; until then `view`'s "loading" notice fills `area` and
/// there is nothing more to draw.
pub fn loaded<'a, T>(
    frame: &mut Frame<'_>,
    area: Rect,
    view: View,
    record: &'a Option<T>,
    theme: Theme,
) -> Option<&'a T> {
    if record.is_none() {
        widgets::notice(frame, area, view, text::LOADING.get(), theme);
    }
    record.as_ref()
}

/// A field of the record on one line: its name dim and padded to `width` columns, then its
/// value (plain, or styled by the caller).
pub fn field(
    label: &str,
    width: usize,
    value: impl Into<Span<'static>>,
    theme: Theme,
) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:<width$}"), theme.dim()),
        value.into(),
    ])
}

/// `lines` wrapped in a bordered pane titled `title` (the record's fields, its history).
pub fn pane(
    lines: Vec<Line<'static>>,
    title: impl Into<Cow<'static, str>>,
    theme: Theme,
) -> Paragraph<'static> {
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(widgets::titled(title, theme))
}

/// A blank line, then `heading` in the title style: where the next part of a pane starts (a
/// record's notes, its attempts).
pub fn section(
    lines: &mut Vec<Line<'static>>,
    heading: impl Into<Cow<'static, str>>,
    theme: Theme,
) {
    lines.push(Line::default());
    lines.push(Line::styled(heading, theme.title()));
}

/// The notes on the record (a contact, a lead), newest first: who wrote each and how long
/// ago, dim, then its text.
pub fn notes(
    notes: &[LeadNote],
    now: Timestamp,
    theme: Theme,
) -> impl Iterator<Item = Line<'static>> {
    notes.iter().rev().map(move |note| {
        Line::from(vec![
            Span::styled(
                format!("{} · {}  ", note.author, relative(now, note.at)),
                theme.dim(),
            ),
            Span::raw(note.text.clone()),
        ])
    })
}

/// What goes before a row of the record that can be picked: "▶ " in the key colour on the
/// picked one, as wide a blank on the others, so the rows line up.
pub fn marker(picked: bool, theme: Theme) -> Span<'static> {
    if picked {
        Span::styled("▶ ", theme.key())
    } else {
        Span::raw("  ")
    }
}

/// The text read from the record (a notice, a mail, what the extractor read) as it is, from
/// line `scroll` on, in a bordered pane titled `title`.
pub fn draw_text(
    frame: &mut Frame<'_>,
    area: Rect,
    text: &str,
    scroll: usize,
    title: impl Into<Cow<'static, str>>,
    theme: Theme,
) {
    let lines: Vec<Line<'static>> = text
        .lines()
        .skip(scroll)
        .map(|line| Line::raw(line.to_owned()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(widgets::titled(title, theme)),
        area,
    );
}

/// The moves of a record with rows to pick and a text beside them: ↑↓ g G move `picked`
/// among the rows (`last` is the last one's index), PgUp/PgDn scroll `text_scroll` a page.
/// Other actions leave both.
pub fn step(action: Action, picked: &mut usize, last: usize, text_scroll: &mut usize) {
    match action {
        Action::Up => *picked = picked.saturating_sub(1),
        Action::Down => *picked = (*picked + 1).min(last),
        Action::Top => *picked = 0,
        Action::Bottom => *picked = last,
        Action::PageDown => *text_scroll += PAGE,
        Action::PageUp => *text_scroll = text_scroll.saturating_sub(PAGE),
        _ => {}
    }
}
