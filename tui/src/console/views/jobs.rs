//! `:jobs`: every job of the tenant, newest first, virtualised and loaded a page at a time
//! (a paused queue and a job a schedule made are marked); `/` filters on the daemon, `r` `R`
//! `d` `p` act on jobs and queues.

use centralita_protocol::{JobFilter, JobId, JobState, JobSummary, QueueInfo};
use ratatui::Frame;
use ratatui::layout::Constraint::{self, Length, Min};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Cell;

use super::{Context, Screen, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, key};
use crate::console::paged::{PagedList, keyed_by_id};
use crate::console::widgets::{self, relative};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    keymap::OPEN,
    keymap::RETRY,
    key('R', text::KEY_RETRY_ALL, Action::RetryAll),
    CANCEL,
    key('p', text::KEY_PAUSE, Action::PauseToggle),
    keymap::FILTER,
];

/// `d`: cancel the job, after asking (the selected row here, the open one in the job view).
pub const CANCEL: Binding = key('d', text::KEY_CANCEL, Action::Cancel);

/// Marks a job a schedule made, before its kind (and the schedule's name in the job view).
pub const SCHEDULED: &str = "↻";

/// The jobs table's columns (the queue's cell needs the view's queues, so the cells are made
/// by [`JobsView::draw`]).
const COLUMNS: &[(&str, Constraint)] = &[
    ("ID", Length(6)),
    ("STATE", Length(9)),
    ("QUEUE", Length(8)),
    ("KIND", Length(14)),
    ("TRY", Length(5)),
    // "hace 20 m" and "in 45 s" whole, in both languages.
    ("RUN", Length(10)),
    ("LAST ERROR", Min(10)),
];

/// The state of the jobs list.
#[derive(Debug, Default)]
pub struct JobsView {
    /// The rows on screen and the selection.
    pub list: PagedList<JobSummary, JobFilter>,
    /// The queues, for the paused mark and `p`.
    pub queues: Vec<QueueInfo>,
}

keyed_by_id!(JobSummary => JobId);

impl JobsView {
    /// Another tenant: its jobs and queues will come; the filter stays.
    pub fn forget_tenant(&mut self) {
        self.list.clear();
        self.queues.clear();
    }

    fn toggle_queue(&self) -> Vec<Effect> {
        let Some(queue) = self.list.current().map(|job| job.queue.clone()) else {
            return Vec::new();
        };
        let paused = self
            .queues
            .iter()
            .find(|info| info.name == queue)
            .is_some_and(|info| info.paused);
        vec![Effect::SetPaused {
            queue,
            paused: !paused,
        }]
    }

    fn retry_all(&self, context: &mut Context<'_>) {
        let text = &self.list.filter_text;
        let what = if text.is_empty() {
            text::ALL_FAILED_JOBS.to_string()
        } else {
            text::failed_jobs_matching(text)
        };
        context.confirm(
            text::confirm_retry(&what),
            Effect::RetryMatching(self.list.filter.clone()),
        );
    }
}

impl ViewState for JobsView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        vec![load(&self.list.filter, None), Effect::LoadQueues]
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        match action {
            Action::Retry | Action::Cancel => act_on_job(action, self.list.current(), context),
            Action::RetryAll => {
                self.retry_all(context);
                Vec::new()
            }
            Action::PauseToggle => self.toggle_queue(),
            action if action.is_move() => self.list.step_and_load(action, load),
            _ => Vec::new(),
        }
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        match reply {
            Reply::Jobs { page, append } => self.list.receive(page.jobs, page.next, append),
            Reply::Queues(queues) => self.queues = queues,
            _ => {}
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let title = widgets::paged_title("jobs", &self.list);
        let cells = |job: &JobSummary| {
            let paused = self
                .queues
                .iter()
                .any(|queue| queue.name == job.queue && queue.paused);
            let queue = if paused {
                format!("{}⏸", job.queue)
            } else {
                job.queue.clone()
            };
            vec![
                Cell::from(job.id.to_string()),
                Cell::from(Span::styled(job.state.as_str(), theme.state(job.state))),
                Cell::from(queue),
                Cell::from(if job.schedule.is_some() {
                    format!("{SCHEDULED}{}", job.kind)
                } else {
                    job.kind.clone()
                }),
                Cell::from(format!("{}/{}", job.attempts, job.max_attempts)),
                // Narrow: the short form ("in 45s"); the job's view has the time.
                Cell::from(relative(screen.now, job.run_at)),
                Cell::from(
                    job.last_error
                        .as_deref()
                        .map(|error| text::kept_error(error, job.last_error_words.as_ref()))
                        .unwrap_or_default(),
                ),
            ]
        };
        widgets::rows_table(frame, area, title, COLUMNS, &self.list, cells, theme);
    }
}

/// The call that loads the jobs `filter` keeps, from the newest or from `before`.
fn load(filter: &JobFilter, before: Option<u64>) -> Effect {
    Effect::LoadJobs {
        filter: filter.clone(),
        before,
    }
}

/// `r` (retry) and `d` (cancel, after asking) on a job: the selected row here, the open one
/// in the job view.
pub fn act_on_job(
    action: Action,
    job: Option<&JobSummary>,
    context: &mut Context<'_>,
) -> Vec<Effect> {
    let Some(job) = job else {
        return Vec::new();
    };
    match action {
        Action::Retry => vec![Effect::Retry(job.id)],
        Action::Cancel => {
            context.confirm(
                text::confirm_cancel_job(job.id, &job.kind),
                Effect::Cancel(job.id),
            );
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// `/` text → server-side filter: `state:dead queue:default kind:x error:timeout` and plain
/// words, each of which must appear somewhere in the job's row (`/dead`, `/gmail timeout`).
pub fn parse_filter(text: &str) -> Result<JobFilter, String> {
    let mut filter = JobFilter::default();
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        match word.split_once(':') {
            Some(("state", value)) => filter.state = Some(value.parse::<JobState>()?),
            Some(("queue", value)) => filter.queue = Some(value.to_owned()),
            Some(("kind", value)) => filter.kind = Some(value.to_owned()),
            Some(("error", value)) => filter.error_text = Some(value.to_owned()),
            _ => words.push(word),
        }
    }
    if !words.is_empty() {
        filter.text = Some(words.join(" "));
    }
    Ok(filter)
}
