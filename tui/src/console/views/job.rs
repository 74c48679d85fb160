//! One job: its fields, payload and attempts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::console::app::{App, View, relative};
use crate::console::theme::Theme;
use crate::console::widgets;
use crate::text;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let Some(detail) = &app.job else {
        widgets::notice(frame, area, View::Job, text::LOADING, theme);
        return;
    };
    let job = &detail.job;
    let [fields_area, attempts_area] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("state    ", theme.dim()),
            Span::styled(job.state.as_str(), theme.state(job.state)),
        ]),
        Line::from(vec![
            Span::styled("queue    ", theme.dim()),
            Span::raw(format!("{}  kind {}", job.queue, job.kind)),
        ]),
        Line::from(vec![
            Span::styled("attempts ", theme.dim()),
            Span::raw(format!("{}/{}", job.attempts, job.max_attempts)),
        ]),
        Line::from(vec![
            Span::styled("run at   ", theme.dim()),
            Span::raw(relative(app.now, job.run_at)),
        ]),
        Line::from(vec![
            Span::styled("created  ", theme.dim()),
            Span::raw(relative(app.now, job.created_at)),
        ]),
    ];
    if let Some(key) = &job.unique_key {
        lines.push(Line::from(vec![
            Span::styled("unique   ", theme.dim()),
            Span::raw(key.clone()),
        ]));
    }
    if let Some(error) = &job.last_error {
        lines.push(Line::from(vec![
            Span::styled("error    ", theme.dim()),
            Span::styled(error.clone(), theme.error()),
        ]));
    }
    lines.push(Line::styled("payload", theme.title()));
    let payload = serde_json::to_string_pretty(&detail.payload).unwrap_or_default();
    lines.extend(payload.lines().map(|line| Line::raw(line.to_owned())));
    let title = format!(" job {} ", job.id);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(Span::styled(title, theme.title()))),
        fields_area,
    );
    let attempts: Vec<Line<'static>> = detail
        .attempts
        .iter()
        .rev()
        .map(|attempt| {
            let (result, style) = match (&attempt.error, attempt.finished_at) {
                (Some(error), _) => (error.clone(), theme.error()),
                (None, Some(_)) => ("ok".to_owned(), theme.ok()),
                (None, None) => ("running".to_owned(), theme.dim()),
            };
            Line::from(vec![
                Span::styled(format!("#{:<3}", attempt.number), theme.key()),
                Span::styled(
                    format!("{:>8} ", relative(app.now, attempt.started_at)),
                    theme.dim(),
                ),
                Span::styled(result, style),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(attempts)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(Span::styled(" attempts ", theme.title()))),
        attempts_area,
    );
}
