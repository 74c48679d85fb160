//! `:dashboard`: job counts per queue and state, conversations (open, waiting for an answer,
//! answer times over the last week, the latest ones), recent failures, glosas (open, due this
//! week, overdue), invoices per state, integrations; Enter opens the newest failure. It also
//! tells when reminders are due.

use centralita_protocol::{
    ConversationStats, Dashboard, GlosaCounts, InvoiceCounts, InvoiceState, JobId, JobState,
    Urgency,
};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::{Context, Screen, View, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{Action, Binding, bind};
use crate::console::theme::Theme;
use crate::console::widgets::{self, relative};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[bind(
    KeyCode::Enter,
    "Enter",
    text::KEY_OPEN_NEWEST_FAILURE,
    Action::Open,
    true,
)];

const STATES: [(JobState, &str); 5] = [
    (JobState::Queued, "QUEUED"),
    (JobState::Running, "RUNNING"),
    (JobState::Succeeded, "DONE"),
    (JobState::Failed, "FAILED"),
    (JobState::Dead, "DEAD"),
];

/// The state of the dashboard.
#[derive(Debug, Default)]
pub struct DashboardView {
    /// The tenant's dashboard, once loaded.
    pub dashboard: Option<Dashboard>,
}

impl DashboardView {
    /// The daemon runs fake providers: the whole screen says so.
    pub fn is_sandbox(&self) -> bool {
        self.dashboard
            .as_ref()
            .is_some_and(|dashboard| dashboard.sandbox)
    }

    /// What Enter opens.
    pub fn newest_failure(&self) -> Option<JobId> {
        self.dashboard
            .as_ref()
            .and_then(|dashboard| dashboard.recent_failures.first())
            .map(|job| job.id)
    }
}

impl ViewState for DashboardView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        vec![Effect::LoadDashboard]
    }

    fn update(&mut self, _action: Action, _context: &mut Context<'_>) -> Vec<Effect> {
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Dashboard(dashboard) = reply {
            if let Some(first) = dashboard.reminders_due.first() {
                let notice = text::reminders_due(dashboard.reminders_due.len(), &first.text);
                context.say(notice, false);
            }
            self.dashboard = Some(*dashboard);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let Some(dashboard) = &self.dashboard else {
            widgets::notice(frame, area, View::Dashboard, text::LOADING.get(), theme);
            return;
        };
        let queue_rows = u16::try_from(dashboard.queues.len())
            .unwrap_or(u16::MAX)
            .max(1);
        let [queues_area, lower] =
            Layout::vertical([Constraint::Length(queue_rows + 3), Constraint::Min(4)]).areas(area);
        let [main, side] =
            Layout::horizontal([Constraint::Min(40), Constraint::Length(36)]).areas(lower);
        // The latest conversations get what the failures can spare: at most five lines.
        let recent = dashboard
            .conversations
            .recent
            .len()
            .min(usize::from(main.height.saturating_sub(10)));
        let inbox_rows = 4 + u16::try_from(recent).unwrap_or(0);
        let [inbox_area, failures_area, glosas_area] = Layout::vertical([
            Constraint::Length(inbox_rows),
            Constraint::Min(3),
            Constraint::Length(3),
        ])
        .areas(main);
        let [invoices_area, integrations_area] =
            Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(side);

        let mut header = vec!["QUEUE"];
        header.extend(STATES.iter().map(|(_, title)| *title));
        let rows = dashboard.queues.iter().map(|queue| {
            let mut cells = vec![Span::raw(if queue.paused {
                text::queue_paused(&queue.name)
            } else {
                queue.name.clone()
            })];
            for (state, _) in STATES {
                let count = queue.counts.get(state);
                let style = theme.count(count, theme.state(state));
                cells.push(Span::styled(count_text(count), style));
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
            .header(Row::new(header.into_iter().map(text::column)).style(theme.title()))
            .block(widgets::titled(text::JOBS_PER_QUEUE_TITLE, theme));
        frame.render_widget(table, queues_area);

        draw_inbox(frame, inbox_area, &dashboard.conversations, recent, screen);
        draw_failures(frame, failures_area, dashboard, screen);
        draw_glosas(frame, glosas_area, &dashboard.glosas, theme);
        draw_invoices(frame, invoices_area, &dashboard.invoices, theme);

        draw_integrations(frame, integrations_area, dashboard, theme);
    }
}

/// Each integration's state, then what is wrong with the failing ones (their error, in the
/// reader's language when the daemon kept its words), wrapped in what room is left.
fn draw_integrations(frame: &mut Frame<'_>, area: Rect, dashboard: &Dashboard, theme: Theme) {
    let failing = |state: &str| matches!(state, "error" | "reauthorization_needed");
    let mut lines: Vec<Line<'static>> = dashboard
        .integrations
        .iter()
        .map(|integration| {
            let style = match integration.state.as_str() {
                "ok" => theme.ok(),
                state if failing(state) => theme.error(),
                _ => theme.dim(),
            };
            Line::from(vec![
                Span::raw(format!("{:<12}", integration.name)),
                Span::styled(text::integration_state(&integration.state), style),
            ])
        })
        .collect();
    for integration in &dashboard.integrations {
        if failing(&integration.state) && !integration.detail.is_empty() {
            let detail = text::kept_error(&integration.detail, integration.words.as_ref());
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", integration.name), theme.error()),
                Span::raw(detail),
            ]));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(widgets::titled(text::INTEGRATIONS_TITLE, theme)),
        area,
    );
}

/// Open and unanswered conversations, first-reply times, then the `recent` latest ones.
fn draw_inbox(
    frame: &mut Frame<'_>,
    area: Rect,
    stats: &ConversationStats,
    recent: usize,
    screen: &Screen<'_>,
) {
    let theme = screen.theme;
    let waiting = if stats.unanswered > 0 {
        theme.error()
    } else {
        theme.dim()
    };
    let mut summary = vec![
        Span::styled(stats.active.to_string(), theme.key()),
        Span::styled(
            format!(" {} · ", text::open_label(stats.active)),
            theme.dim(),
        ),
        Span::styled(stats.unanswered.to_string(), waiting),
        Span::styled(format!(" {}", text::INBOX_UNANSWERED), theme.dim()),
    ];
    if let Some(since) = stats.waiting_since {
        summary.push(Span::styled(
            format!(" ({})", text::longest_wait(&relative(screen.now, since))),
            waiting,
        ));
    }
    let replies = Line::raw(match stats.response {
        Some(times) => text::first_reply_times(
            &text::duration(times.min_secs),
            &text::duration(times.average_secs),
            &text::duration(times.max_secs),
        ),
        None => text::NO_REPLIES_YET.to_string(),
    });
    let mut lines = vec![Line::from(summary), replies];
    for conversation in stats.recent.iter().take(recent) {
        let unread = if conversation.unread > 0 {
            Span::styled(format!("{:>3} ", conversation.unread), theme.error())
        } else {
            Span::raw("    ")
        };
        let name = text::contact_name(conversation.contact_name.as_deref(), conversation.contact);
        lines.push(Line::from(vec![
            Span::styled(format!("{:>4} ", conversation.id), theme.key()),
            Span::raw(format!("{name:<16.16}")),
            unread,
            Span::styled(
                format!("{:>7} ", relative(screen.now, conversation.last_activity)),
                theme.dim(),
            ),
            Span::styled(format!("{} ", conversation.channel), theme.dim()),
            Span::raw(conversation.preview.clone()),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines).block(widgets::titled(text::INBOX_TITLE, theme)),
        area,
    );
}

/// The newest failed or dead jobs, or that there are none.
fn draw_failures(frame: &mut Frame<'_>, area: Rect, dashboard: &Dashboard, screen: &Screen<'_>) {
    let theme = screen.theme;
    let failures: Vec<Line<'static>> = if dashboard.recent_failures.is_empty() {
        vec![Line::styled(text::NO_FAILURES, theme.ok())]
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
                        format!("{:>8} ", relative(screen.now, job.updated_at)),
                        theme.dim(),
                    ),
                    Span::raw(format!(
                        "{} — {}",
                        job.kind,
                        text::kept_error(
                            job.last_error.as_deref().unwrap_or(""),
                            job.last_error_words.as_ref()
                        )
                    )),
                ])
            })
            .collect()
    };
    let title = text::recent_failures_title(dashboard.recent_failures.len());
    frame.render_widget(
        Paragraph::new(failures)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(widgets::titled(title, theme)),
        area,
    );
}

/// Glosas to answer, those due within five business days, and those past their term (tacitly
/// accepted), each coloured by its urgency when there are any.
fn draw_glosas(frame: &mut Frame<'_>, area: Rect, counts: &GlosaCounts, theme: Theme) {
    let count = |count: u64, label: &str, urgency: Urgency| {
        let style = theme.count(count, theme.urgency(urgency));
        [
            Span::styled(count_text(count), style),
            Span::styled(format!(" {label}"), theme.dim()),
        ]
    };
    let mut spans = Vec::new();
    spans.extend(count(
        counts.open,
        text::open_label(counts.open),
        Urgency::Ok,
    ));
    spans.push(Span::styled(" · ", theme.dim()));
    spans.extend(count(
        counts.due_this_week,
        text::GLOSAS_DUE_THIS_WEEK.get(),
        Urgency::Soon,
    ));
    spans.push(Span::styled(" · ", theme.dim()));
    spans.extend(count(
        counts.overdue,
        text::overdue_label(counts.overdue),
        Urgency::Overdue,
    ));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).block(widgets::titled(text::GLOSAS_TITLE, theme)),
        area,
    );
}

/// A count with thousands separators.
fn count_text(count: u64) -> String {
    crate::format::count(count, text::lang())
}

/// Invoice counts per state.
fn draw_invoices(frame: &mut Frame<'_>, area: Rect, counts: &InvoiceCounts, theme: Theme) {
    let invoices: Vec<Line<'static>> = InvoiceState::ALL
        .into_iter()
        .map(|state| {
            let count = counts.get(state);
            let style = theme.count(count, theme.invoice_state(state));
            Line::from(vec![
                Span::raw(format!("{:<20}", state.as_str().replace('_', " "))),
                Span::styled(count_text(count), style),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(invoices).block(widgets::titled(text::INVOICES_TITLE, theme)),
        area,
    );
}
