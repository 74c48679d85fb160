//! The inbox composer as drawn under the thread: its text wrapped with the cursor, and the
//! quick reply picker over the thread.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::InboxView;
use crate::console::composer::{self, Composer, Pick, Step};
use crate::console::theme::Theme;
use crate::console::widgets;
use crate::text;

/// Rows of the quick reply picker at most.
const PICKER_ROWS: usize = 6;

/// What the composer box shows for its step, wrapped at `width`, with the cursor where
/// typing goes.
pub(super) fn composer_lines(
    composer: &Composer,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
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
        Step::Preview { filled, .. } => match filled {
            Some(filled) => rows(filled, Style::default()),
            None => rows(&text::LOADING, theme.dim()),
        },
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
pub(super) fn wrap(line: &str, width: usize) -> Vec<String> {
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

/// The quick reply picker, over the bottom of the thread, just above the composer.
pub(super) fn draw_picker(
    frame: &mut Frame<'_>,
    above: Rect,
    inbox: &InboxView,
    composer: &Composer,
    (query, selected): (&str, usize),
    theme: Theme,
) {
    let picks = composer::picks(
        &composer.channel,
        query,
        &inbox.quick_replies,
        &inbox.whatsapp_templates,
    );
    let selected = selected.min(picks.len().saturating_sub(1));
    let lines: Vec<Line<'static>> = if picks.is_empty() {
        let empty = if query.is_empty() {
            text::NO_QUICK_REPLIES
        } else {
            text::NOTHING_TO_PICK_MATCHES
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
    let height = widgets::bordered_height(lines.len()).min(above.height);
    let area = Rect {
        y: above.y + above.height - height,
        height,
        ..above
    };
    frame.render_widget(Clear, area);
    let title = format!(" {} ({}) ", text::PICK_TITLE, picks.len());
    frame.render_widget(
        Paragraph::new(lines).block(widgets::titled(title, theme)),
        area,
    );
}

/// A picker row: `/name`, what kind it is, the start of its text.
fn pick_line(pick: Pick<'_>, theme: Theme) -> Line<'static> {
    let (name, mark, body) = match pick {
        Pick::Reply(reply) => (reply.name.clone(), String::new(), reply.body.clone()),
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
