//! `:funnel`: the leads of one funnel as cards in its stages (kanban); `>` and `<` move the
//! selected lead, `f` shows the other funnel.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::console::app::{App, View};
use crate::console::theme::Theme;
use crate::console::widgets;
use crate::text;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let columns = app.funnel_columns();
    if columns.is_empty() {
        widgets::notice(frame, area, View::Funnel, text::LOADING, theme);
        return;
    }
    let [title_area, board] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    let total: usize = columns.iter().map(|stage| app.cards(stage).len()).sum();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {} funnel", app.funnel), theme.title()),
            Span::styled(format!(" · {total} leads"), theme.dim()),
        ])),
        title_area,
    );
    let areas = Layout::horizontal(vec![Constraint::Fill(1); columns.len()]).split(board);
    for (index, (stage, column_area)) in columns.iter().zip(areas.iter()).enumerate() {
        let cards = app.cards(stage);
        let title = format!(" {} ({}) ", stage.replace('_', " "), cards.len());
        let title_style = if index == app.column {
            theme.selected()
        } else {
            theme.title()
        };
        let lines: Vec<Line<'static>> = cards
            .iter()
            .enumerate()
            .map(|(row, lead)| {
                let name = lead
                    .contact_name
                    .clone()
                    .unwrap_or_else(|| format!("contact {}", lead.contact));
                let value = lead
                    .value
                    .as_deref()
                    .map(|value| format!(" {value}"))
                    .unwrap_or_default();
                let style = if index == app.column && row == app.card {
                    theme.selected()
                } else {
                    ratatui::style::Style::default()
                };
                Line::from(vec![
                    Span::styled(format!("#{} {name}", lead.id), style),
                    Span::styled(value, theme.dim()),
                ])
            })
            .collect();
        let block = Block::bordered().title(Span::styled(title, title_style));
        frame.render_widget(Paragraph::new(lines).block(block), *column_area);
    }
}
