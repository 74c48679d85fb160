//! `:leads` and `:reminders`: the CRM's lists.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::console::app::{App, relative};
use crate::console::theme::Theme;
use crate::console::widgets;

pub fn draw_leads(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let rows = &app.lead_list.rows;
    let widths = [
        Constraint::Length(5),
        Constraint::Min(14),
        Constraint::Length(12),
        Constraint::Length(11),
        Constraint::Length(15),
        Constraint::Length(10),
    ];
    widgets::virtual_table(
        frame,
        area,
        &widgets::TableSpec {
            title: format!(" leads ({}) ", rows.len()),
            header: vec!["ID", "CONTACT", "TYPE", "STATUS", "STAGE", "VALUE"],
            widths: &widths,
            total: rows.len(),
            selected: app.lead_list.selected,
        },
        |index| {
            let lead = &rows[index];
            Row::new(vec![
                Cell::from(lead.id.to_string()),
                Cell::from(
                    lead.contact_name
                        .clone()
                        .unwrap_or_else(|| format!("contact {}", lead.contact)),
                ),
                Cell::from(lead.lead_type.as_str()),
                Cell::from(lead.status.as_str()),
                Cell::from(lead.stage.replace('_', " ")),
                Cell::from(lead.value.clone().unwrap_or_default()),
            ])
        },
        theme,
    );
}

pub fn draw_reminders(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let rows = &app.reminders.rows;
    let widths = [
        Constraint::Length(5),
        Constraint::Length(9),
        Constraint::Length(6),
        Constraint::Length(10),
        Constraint::Min(20),
    ];
    widgets::virtual_table(
        frame,
        area,
        &widgets::TableSpec {
            title: format!(" reminders ({}) ", rows.len()),
            header: vec!["ID", "DUE", "LEAD", "WHO", "WHAT"],
            widths: &widths,
            total: rows.len(),
            selected: app.reminders.selected,
        },
        |index| {
            let reminder = &rows[index];
            let due = relative(app.now, reminder.due_at);
            let due = if reminder.due_at <= app.now {
                Cell::from(Span::styled(due, theme.error()))
            } else {
                Cell::from(due)
            };
            Row::new(vec![
                Cell::from(reminder.id.to_string()),
                due,
                Cell::from(reminder.lead.to_string()),
                Cell::from(reminder.assignee.clone()),
                Cell::from(reminder.text.clone()),
            ])
        },
        theme,
    );
}
