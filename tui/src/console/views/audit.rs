//! `:audit`: who did what, when.

use centralita_protocol::AuditOutcome;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::console::app::{App, relative};
use crate::console::theme::Theme;
use crate::console::widgets;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let rows = &app.audit.rows;
    let widths = [
        Constraint::Length(8),
        Constraint::Length(10),
        Constraint::Length(18),
        Constraint::Length(14),
        Constraint::Length(7),
        Constraint::Min(8),
    ];
    widgets::virtual_table(
        frame,
        area,
        &widgets::TableSpec {
            title: format!(" audit ({}) ", rows.len()),
            header: vec!["WHEN", "OPERATOR", "ACTION", "TARGET", "RESULT", "DETAIL"],
            widths: &widths,
            total: rows.len(),
            selected: app.audit.selected,
        },
        |index| {
            let entry = &rows[index];
            let (outcome, style) = match entry.outcome {
                AuditOutcome::Ok => ("ok", theme.ok()),
                AuditOutcome::Denied => ("denied", theme.error()),
                _ => ("failed", theme.error()),
            };
            Row::new(vec![
                Cell::from(relative(app.now, entry.at)),
                Cell::from(entry.operator.clone()),
                Cell::from(entry.action.clone()),
                Cell::from(entry.target.clone()),
                Cell::from(Span::styled(outcome, style)),
                Cell::from(entry.detail.clone()),
            ])
        },
        theme,
    );
}
