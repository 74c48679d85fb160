//! `:dashboard`: job counts per queue and state, recent failures, integrations.

use centralita_protocol::{InvoiceCounts, InvoiceState, JobState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table};

use crate::console::app::{App, View, relative};
use crate::console::theme::Theme;
use crate::console::widgets;
use crate::text;

const STATES: [(JobState, &str); 5] = [
    (JobState::Queued, "QUEUED"),
    (JobState::Running, "RUNNING"),
    (JobState::Succeeded, "DONE"),
    (JobState::Failed, "FAILED"),
    (JobState::Dead, "DEAD"),
];

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let Some(dashboard) = &app.dashboard else {
        widgets::notice(frame, area, View::Dashboard, text::LOADING, theme);
        return;
    };
    let queue_rows = u16::try_from(dashboard.queues.len())
        .unwrap_or(u16::MAX)
        .max(1);
    let [queues_area, lower] =
        Layout::vertical([Constraint::Length(queue_rows + 3), Constraint::Min(4)]).areas(area);
    let [failures_area, side] =
        Layout::horizontal([Constraint::Min(40), Constraint::Length(36)]).areas(lower);
    let [invoices_area, integrations_area] =
        Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(side);

    let mut header = vec!["QUEUE"];
    header.extend(STATES.iter().map(|(_, title)| *title));
    let rows = dashboard.queues.iter().map(|queue| {
        let mut cells = vec![Span::raw(if queue.paused {
            format!("{} (paused)", queue.name)
        } else {
            queue.name.clone()
        })];
        for (state, _) in STATES {
            let count = queue.counts.get(state);
            let style = if count > 0 {
                theme.state(state)
            } else {
                theme.dim()
            };
            cells.push(Span::styled(count.to_string(), style));
        }
        Row::new(cells)
    });
    let widths = [
        Constraint::Min(18),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(8),
    ];
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.title()))
        .block(Block::bordered().title(Span::styled(" jobs per queue ", theme.title())));
    frame.render_widget(table, queues_area);

    let failures: Vec<Line<'static>> = if dashboard.recent_failures.is_empty() {
        vec![Line::styled("no failed or dead jobs", theme.ok())]
    } else {
        dashboard
            .recent_failures
            .iter()
            .map(|job| {
                Line::from(vec![
                    Span::styled(format!("{:>6} ", job.id), theme.key()),
                    Span::styled(
                        format!("{:<6} ", job.state.as_str()),
                        theme.state(job.state),
                    ),
                    Span::styled(
                        format!("{:>8} ", relative(app.now, job.updated_at)),
                        theme.dim(),
                    ),
                    Span::raw(format!(
                        "{} — {}",
                        job.kind,
                        job.last_error.as_deref().unwrap_or("")
                    )),
                ])
            })
            .collect()
    };
    let title = format!(" recent failures ({}) ", dashboard.recent_failures.len());
    frame.render_widget(
        Paragraph::new(failures)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(Block::bordered().title(Span::styled(title, theme.title()))),
        failures_area,
    );

    draw_invoices(frame, invoices_area, &dashboard.invoices, theme);

    let integrations: Vec<Line<'static>> = dashboard
        .integrations
        .iter()
        .map(|integration| {
            let style = match integration.state.as_str() {
                "ok" => theme.ok(),
                "error" | "reauthorization_needed" => theme.error(),
                _ => theme.dim(),
            };
            Line::from(vec![
                Span::raw(format!("{:<12}", integration.name)),
                Span::styled(integration.state.replace('_', " "), style),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(integrations)
            .block(Block::bordered().title(Span::styled(" integrations ", theme.title()))),
        integrations_area,
    );
}

/// Invoice counts per state.
fn draw_invoices(frame: &mut Frame<'_>, area: Rect, counts: &InvoiceCounts, theme: Theme) {
    let invoices: Vec<Line<'static>> = InvoiceState::ALL
        .into_iter()
        .map(|state| {
            let count = counts.get(state);
            let style = if count > 0 {
                theme.invoice_state(state)
            } else {
                theme.dim()
            };
            Line::from(vec![
                Span::raw(format!("{:<20}", state.as_str().replace('_', " "))),
                Span::styled(count.to_string(), style),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(invoices)
            .block(Block::bordered().title(Span::styled(" invoices ", theme.title()))),
        area,
    );
}
