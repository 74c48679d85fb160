//! `:jobs`: every job of the tenant, newest first, virtualised; `/` filters on the daemon.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::console::app::{App, relative};
use crate::console::theme::Theme;
use crate::console::widgets;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let more = if app.jobs_next.is_some() { "+" } else { "" };
    let filter = if app.filter_text.is_empty() {
        String::new()
    } else {
        format!(" · /{}", app.filter_text)
    };
    let title = format!(" jobs ({}{more}){filter} ", app.jobs.rows.len());
    let widths = [
        Constraint::Length(6),
        Constraint::Length(9),
        Constraint::Length(8),
        Constraint::Length(14),
        Constraint::Length(5),
        Constraint::Length(8),
        Constraint::Min(10),
    ];
    let rows = &app.jobs.rows;
    widgets::virtual_table(
        frame,
        area,
        &widgets::TableSpec {
            title,
            header: vec!["ID", "STATE", "QUEUE", "KIND", "TRY", "RUN", "LAST ERROR"],
            widths: &widths,
            total: rows.len(),
            selected: app.jobs.selected,
        },
        |index| {
            let job = &rows[index];
            let paused = app
                .queues
                .iter()
                .any(|queue| queue.name == job.queue && queue.paused);
            let queue = if paused {
                format!("{}⏸", job.queue)
            } else {
                job.queue.clone()
            };
            Row::new(vec![
                Cell::from(job.id.to_string()),
                Cell::from(Span::styled(job.state.as_str(), theme.state(job.state))),
                Cell::from(queue),
                Cell::from(job.kind.clone()),
                Cell::from(format!("{}/{}", job.attempts, job.max_attempts)),
                Cell::from(relative(app.now, job.run_at)),
                Cell::from(job.last_error.clone().unwrap_or_default()),
            ])
        },
        theme,
    );
}
