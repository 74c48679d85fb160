//! `:tenants` and `:operators`, for admins.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row};

use crate::console::app::{App, View, relative};
use crate::console::theme::Theme;
use crate::console::widgets;
use crate::text;

pub fn draw_tenants(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    if !app.is_admin() {
        widgets::notice(frame, area, View::Tenants, text::ADMIN_ONLY, theme);
        return;
    }
    let rows = &app.tenants.rows;
    let widths = [
        Constraint::Length(16),
        Constraint::Min(20),
        Constraint::Length(10),
    ];
    widgets::virtual_table(
        frame,
        area,
        &widgets::TableSpec {
            title: format!(" tenants ({}) ", rows.len()),
            header: vec!["ID", "NAME", "CREATED"],
            widths: &widths,
            total: rows.len(),
            selected: app.tenants.selected,
        },
        |index| {
            let tenant = &rows[index];
            Row::new(vec![
                Cell::from(tenant.id.to_string()),
                Cell::from(tenant.name.clone()),
                Cell::from(relative(app.now, tenant.created_at)),
            ])
        },
        theme,
    );
}

pub fn draw_operators(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    if !app.is_admin() {
        widgets::notice(frame, area, View::Operators, text::ADMIN_ONLY, theme);
        return;
    }
    let rows = &app.operators.rows;
    let widths = [
        Constraint::Length(16),
        Constraint::Length(11),
        Constraint::Length(10),
        Constraint::Min(10),
    ];
    let title = format!(" operators of {} ({}) ", app.tenant, rows.len());
    widgets::virtual_table(
        frame,
        area,
        &widgets::TableSpec {
            title,
            header: vec!["USER", "ROLE", "ADDED", "ADDED BY"],
            widths: &widths,
            total: rows.len(),
            selected: app.operators.selected,
        },
        |index| {
            let operator = &rows[index];
            Row::new(vec![
                Cell::from(operator.user.clone()),
                Cell::from(operator.role.to_string()),
                Cell::from(relative(app.now, operator.added_at)),
                Cell::from(operator.added_by.clone()),
            ])
        },
        theme,
    );
}
