//! `:audit`: who did what, when.

use centralita_protocol::{AuditEntry, AuditOutcome};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::{Context, Screen, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{Action, Binding};
use crate::console::paged::PagedList;
use crate::console::widgets::{self, relative};

/// This view has only the keys every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[];

/// The state of the audit log.
#[derive(Debug, Default)]
pub struct AuditView {
    /// The rows on screen and the selection.
    pub list: PagedList<AuditEntry>,
}

impl ViewState for AuditView {
    fn reload(&self, _admin: bool) -> Vec<Effect> {
        vec![Effect::LoadAudit]
    }

    fn update(&mut self, action: Action, _context: &mut Context<'_>) -> Vec<Effect> {
        self.list.step(action);
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Audit(page) = reply {
            self.list.replace(page.entries);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let rows = &self.list.rows;
        let widths = [
            Constraint::Length(8),
            Constraint::Length(10),
            Constraint::Length(18),
            Constraint::Length(14),
            Constraint::Length(7),
            Constraint::Min(8),
        ];
        widgets::virtual_table(
            frame,
            area,
            &widgets::TableSpec {
                title: format!(" audit ({}) ", rows.len()),
                header: vec!["WHEN", "OPERATOR", "ACTION", "TARGET", "RESULT", "DETAIL"],
                widths: &widths,
                total: rows.len(),
                selected: self.list.selected,
            },
            |index| {
                let entry = &rows[index];
                let (outcome, style) = match entry.outcome {
                    AuditOutcome::Ok => ("ok", theme.ok()),
                    AuditOutcome::Denied => ("denied", theme.error()),
                    _ => ("failed", theme.error()),
                };
                Row::new(vec![
                    Cell::from(relative(screen.now, entry.at)),
                    Cell::from(entry.operator.clone()),
                    Cell::from(entry.action.clone()),
                    Cell::from(entry.target.clone()),
                    Cell::from(Span::styled(outcome, style)),
                    Cell::from(entry.detail.clone()),
                ])
            },
            theme,
        );
    }
}
