//! `:reports`: one report as horizontal bars, largest first; `n` shows the next report, `d`
//! cycles the period through 7, 30 and 90 days.

use centralita_protocol::Report;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Context, Screen, View, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{Action, Binding, key};
use crate::console::widgets;
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    key('n', text::KEY_NEXT_REPORT, Action::NextReport),
    key('d', text::KEY_PERIOD, Action::Period),
];

/// The reports `n` cycles through.
pub use centralita_protocol::REPORT_NAMES as REPORTS;

/// The state of the report on screen.
#[derive(Debug)]
pub struct ReportsView {
    /// The report on screen, once loaded.
    pub report: Option<Report>,
    /// Which report is shown (index into [`REPORTS`]) and over how many days.
    pub index: usize,
    pub days: u32,
}

impl Default for ReportsView {
    fn default() -> Self {
        Self {
            report: None,
            index: 0,
            days: 30,
        }
    }
}

impl ViewState for ReportsView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        vec![Effect::LoadReport {
            name: REPORTS[self.index % REPORTS.len()].to_owned(),
            days: self.days,
        }]
    }

    fn update(&mut self, action: Action, _context: &mut Context<'_>) -> Vec<Effect> {
        match action {
            Action::NextReport => self.index = (self.index + 1) % REPORTS.len(),
            Action::Period => {
                self.days = match self.days {
                    7 => 30,
                    30 => 90,
                    _ => 7,
                };
            }
            _ => return Vec::new(),
        }
        self.reload(None)
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Report(report) = reply {
            self.report = Some(crate::text::report_in_lang(report));
        }
        Vec::new()
    }

    /// The report as horizontal bars, largest first.
    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let Some(report) = &self.report else {
            widgets::notice(
                frame,
                area,
                View::Reports,
                crate::text::LOADING.get(),
                theme,
            );
            return;
        };
        let title = crate::text::report_frame(&report.title, self.days, &report.unit);
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
                        Span::raw(format!(
                            "{label:<label_width$} {:>9} ",
                            crate::format::quantity(*value, crate::text::lang())
                        )),
                        Span::styled("█".repeat(bar), theme.key()),
                    ])
                })
                .collect()
        };
        frame.render_widget(
            Paragraph::new(lines).block(widgets::titled(title, theme)),
            area,
        );
    }
}
