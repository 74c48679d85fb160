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

pub fn draw_contacts(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let rows = &app.contacts.rows;
    let widths = [
        Constraint::Length(5),
        Constraint::Min(16),
        Constraint::Length(15),
        Constraint::Length(3),
        Constraint::Length(20),
    ];
    widgets::virtual_table(
        frame,
        area,
        &widgets::TableSpec {
            title: format!(" contacts ({}) ", rows.len()),
            header: vec!["ID", "NAME", "PHONE", "CC", "CHANNELS"],
            widths: &widths,
            total: rows.len(),
            selected: app.contacts.selected,
        },
        |index| {
            let contact = &rows[index];
            let channels: Vec<&str> = contact
                .identities
                .iter()
                .map(|(channel, _)| channel.as_str())
                .collect();
            Row::new(vec![
                Cell::from(contact.id.to_string()),
                Cell::from(contact.name.clone().unwrap_or_default()),
                Cell::from(contact.phone.clone().unwrap_or_default()),
                Cell::from(contact.country.clone().unwrap_or_default()),
                Cell::from(channels.join(",")),
            ])
        },
        theme,
    );
}

/// The report as horizontal bars, largest first.
pub fn draw_report(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    use ratatui::text::Line;
    use ratatui::widgets::{Block, Paragraph};
    let Some(report) = &app.report else {
        widgets::notice(
            frame,
            area,
            crate::console::app::View::Reports,
            crate::text::LOADING,
            theme,
        );
        return;
    };
    let title = format!(
        " {} · last {} days ({}) ",
        report.title, app.report_days, report.unit
    );
    let width = usize::from(area.width.saturating_sub(4));
    let label_width = report
        .rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0)
        .min(width / 2);
    let top = report
        .rows
        .iter()
        .map(|(_, value)| *value)
        .fold(0.0_f64, f64::max);
    let bar_room = width.saturating_sub(label_width + 12);
    let lines: Vec<Line<'static>> = if report.rows.is_empty() {
        vec![Line::styled(crate::text::NOTHING_HERE, theme.dim())]
    } else {
        report
            .rows
            .iter()
            .map(|(label, value)| {
                let bar = if top > 0.0 {
                    (value / top * bar_room as f64).round() as usize
                } else {
                    0
                };
                let label: String = label.chars().take(label_width).collect();
                Line::from(vec![
                    Span::raw(format!("{label:<label_width$} {value:>9.1} ")),
                    Span::styled("█".repeat(bar), theme.key()),
                ])
            })
            .collect()
    };
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(Span::styled(title, theme.title()))),
        area,
    );
}
