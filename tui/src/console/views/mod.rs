//! One file per view: each draws from `App` and nothing else.

pub mod audit;
pub mod crm;
pub mod dashboard;
pub mod funnel;
pub mod inbox;
pub mod invoice;
pub mod invoices;
pub mod job;
pub mod jobs;
pub mod people;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

use super::app::{App, View};
use super::theme::Theme;
use super::widgets;

/// Draws the whole screen: header, the view, status line, footer, overlays.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: Theme) {
    let sandbox = app
        .dashboard
        .as_ref()
        .is_some_and(|dashboard| dashboard.sandbox);
    let banner = u16::from(sandbox);
    let [header, banner_area, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    widgets::header(frame, header, app, theme);
    if sandbox {
        let text = format!(" {} ", crate::text::SANDBOX_BANNER);
        frame.render_widget(
            ratatui::widgets::Paragraph::new(text).style(theme.banner()),
            banner_area,
        );
    }
    match app.view {
        View::Dashboard => dashboard::draw(frame, body, app, theme),
        View::Jobs => jobs::draw(frame, body, app, theme),
        View::Job => job::draw(frame, body, app, theme),
        View::Audit => audit::draw(frame, body, app, theme),
        View::Inbox => inbox::draw(frame, body, app, theme),
        View::Funnel => funnel::draw(frame, body, app, theme),
        View::Leads => crm::draw_leads(frame, body, app, theme),
        View::Reminders => crm::draw_reminders(frame, body, app, theme),
        View::Contacts => crm::draw_contacts(frame, body, app, theme),
        View::Reports => crm::draw_report(frame, body, app, theme),
        View::Invoices => invoices::draw(frame, body, app, theme),
        View::Invoice => invoice::draw(frame, body, app, theme),
        View::Tenants => people::draw_tenants(frame, body, app, theme),
        View::Operators => people::draw_operators(frame, body, app, theme),
    }
    widgets::status_line(frame, status, app, theme);
    widgets::footer(frame, footer, app, theme);
    widgets::overlay(frame, app, theme);
}
