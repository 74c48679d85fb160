//! One job: its fields (the schedule that made it, for a recurring one), its whole last
//! error, its attempts newest first and its payload, in one column that wraps and scrolls
//! (↑↓, PgUp PgDn, Home End); `r` retries it, `d` cancels it.

use centralita_protocol::{JobDetail, JobId};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::jobs::{self, SCHEDULED};
use super::{Context, Screen, View, ViewState, detail};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, bind};
use crate::console::widgets::{self, relative};
use crate::text::{self, JobField};

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    keymap::RETRY,
    jobs::CANCEL,
    keymap::BACK,
    bind(KeyCode::Home, "Home", text::KEY_START, Action::Top, false),
    bind(KeyCode::End, "End", text::KEY_END, Action::Bottom, false),
];

/// The state of the job on screen.
#[derive(Debug, Default)]
pub struct JobView {
    /// The job on screen, once loaded.
    pub job: Option<JobDetail>,
    /// Where the text is scrolled to.
    scroll: widgets::Scroll,
}

impl JobView {
    /// Shows job `id`, loading.
    pub fn open(&mut self, id: JobId) -> Vec<Effect> {
        self.job = None;
        self.scroll = widgets::Scroll::default();
        vec![Effect::LoadJob(id)]
    }
}

impl ViewState for JobView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        self.job
            .as_ref()
            .map(|job| vec![Effect::LoadJob(job.job.id)])
            .unwrap_or_default()
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        if action.is_move() {
            self.scroll.step(action);
            return Vec::new();
        }
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
        let Some(detail) = detail::loaded(frame, area, View::Job, &self.job, theme) else {
            return;
        };
        let job = &detail.job;
        // The names come padded to one width in each language.
        let field =
            |name, value: Span<'static>| detail::field(text::job_field(name), 0, value, theme);
        let mut lines = vec![
            field(
                JobField::State,
                Span::styled(job.state.as_str(), theme.state(job.state)),
            ),
            field(
                JobField::Queue,
                Span::raw(text::job_queue_kind(&job.queue, &job.kind)),
            ),
            field(
                JobField::Attempts,
                Span::raw(format!("{}/{}", job.attempts, job.max_attempts)),
            ),
            field(JobField::RunAt, Span::raw(screen.when_ago(job.run_at))),
            field(
                JobField::Created,
                Span::raw(screen.when_ago(job.created_at)),
            ),
        ];
        if let Some(key) = &job.unique_key {
            lines.push(field(JobField::Unique, Span::raw(key.clone())));
        }
        if let Some(schedule) = &job.schedule {
            lines.push(field(
                JobField::Schedule,
                Span::raw(format!("{SCHEDULED} {schedule}")),
            ));
        }
        if let Some(error) = &job.last_error {
            lines.push(field(
                JobField::Error,
                Span::styled(
                    text::kept_error(error, job.last_error_words.as_ref()),
                    theme.error(),
                ),
            ));
        }
        detail::section(&mut lines, text::ATTEMPTS, theme);
        lines.extend(detail.attempts.iter().rev().map(|attempt| {
            let (result, style) = match (&attempt.error, attempt.finished_at) {
                (Some(error), _) => (
                    text::kept_error(error, attempt.error_words.as_ref()),
                    theme.error(),
                ),
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
        }));
        detail::section(&mut lines, text::PAYLOAD, theme);
        let payload = serde_json::to_string_pretty(&detail.payload).unwrap_or_default();
        lines.extend(payload.lines().map(|line| Line::raw(line.to_owned())));
        let title = text::job_title(job.id);
        widgets::scrolled_text(frame, area, title, lines, &self.scroll, theme);
    }
}
