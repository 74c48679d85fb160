//! One job: its fields (the schedule that made it, for a recurring one), payload and
//! attempts; `r` retries it, `d` cancels it.

use centralita_protocol::{JobDetail, JobId};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::jobs::{self, SCHEDULED};
use super::{Context, Screen, View, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{Action, Binding, bind};
use crate::console::widgets::{self, relative};
use crate::text::{self, JobField};

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    bind(
        KeyCode::Char('r'),
        "r",
        text::KEY_RETRY,
        Action::Retry,
        true,
    ),
    bind(
        KeyCode::Char('d'),
        "d",
        text::KEY_CANCEL,
        Action::Cancel,
        true,
    ),
    bind(KeyCode::Esc, "Esc", text::KEY_BACK, Action::Back, true),
];

/// The state of the job on screen.
#[derive(Debug, Default)]
pub struct JobView {
    /// The job on screen, once loaded.
    pub job: Option<JobDetail>,
}

impl JobView {
    /// Shows job `id`, loading.
    pub fn open(&mut self, id: JobId) -> Vec<Effect> {
        self.job = None;
        vec![Effect::LoadJob(id)]
    }
}

impl ViewState for JobView {
    fn reload(&self, _admin: bool) -> Vec<Effect> {
        self.job
            .as_ref()
            .map(|job| vec![Effect::LoadJob(job.job.id)])
            .unwrap_or_default()
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        let job = self.job.as_ref().map(|detail| &detail.job);
        jobs::act_on_job(action, job, context)
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Job(detail) = reply {
            self.job = Some(*detail);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let Some(detail) = &self.job else {
            widgets::notice(frame, area, View::Job, text::LOADING.get(), theme);
            return;
        };
        let job = &detail.job;
        let [fields_area, attempts_area] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(area);
        let mut lines = vec![
            Line::from(vec![
                Span::styled(text::job_field(JobField::State), theme.dim()),
                Span::styled(job.state.as_str(), theme.state(job.state)),
            ]),
            Line::from(vec![
                Span::styled(text::job_field(JobField::Queue), theme.dim()),
                Span::raw(text::job_queue_kind(&job.queue, &job.kind)),
            ]),
            Line::from(vec![
                Span::styled(text::job_field(JobField::Attempts), theme.dim()),
                Span::raw(format!("{}/{}", job.attempts, job.max_attempts)),
            ]),
            Line::from(vec![
                Span::styled(text::job_field(JobField::RunAt), theme.dim()),
                Span::raw(relative(screen.now, job.run_at)),
            ]),
            Line::from(vec![
                Span::styled(text::job_field(JobField::Created), theme.dim()),
                Span::raw(relative(screen.now, job.created_at)),
            ]),
        ];
        if let Some(key) = &job.unique_key {
            lines.push(Line::from(vec![
                Span::styled(text::job_field(JobField::Unique), theme.dim()),
                Span::raw(key.clone()),
            ]));
        }
        if let Some(schedule) = &job.schedule {
            lines.push(Line::from(vec![
                Span::styled(text::job_field(JobField::Schedule), theme.dim()),
                Span::raw(format!("{SCHEDULED} {schedule}")),
            ]));
        }
        if let Some(error) = &job.last_error {
            lines.push(Line::from(vec![
                Span::styled(text::job_field(JobField::Error), theme.dim()),
                Span::styled(error.clone(), theme.error()),
            ]));
        }
        lines.push(Line::styled(text::PAYLOAD, theme.title()));
        let payload = serde_json::to_string_pretty(&detail.payload).unwrap_or_default();
        lines.extend(payload.lines().map(|line| Line::raw(line.to_owned())));
        let title = text::job_title(job.id);
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
                        format!("{:>8} ", relative(screen.now, attempt.started_at)),
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
}
