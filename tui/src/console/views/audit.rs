//! `:audit`: who did what, when. It has only the keys every view has.

use centralita_protocol::{AuditEntry, AuditOutcome};
use ratatui::layout::Constraint::{Length, Min};
use ratatui::text::Span;
use ratatui::widgets::Cell;

use super::list::TableRow;
use super::{Screen, View};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::widgets::Column;

impl TableRow for AuditEntry {
    const VIEW: View = View::Audit;
    const LOAD: Effect = Effect::LoadAudit;
    const COLUMNS: &'static [Column<Self>] = &[
        ("WHEN", Length(15), |entry, screen| {
            screen.when(entry.at).into()
        }),
        ("OPERATOR", Length(10), |entry, _| {
            entry.operator.clone().into()
        }),
        ("ACTION", Length(18), |entry, _| entry.action.clone().into()),
        ("TARGET", Length(14), |entry, _| entry.target.clone().into()),
        ("RESULT", Length(7), outcome),
        ("DETAIL", Min(8), |entry, _| entry.detail.clone().into()),
    ];

    fn from_reply(reply: Reply) -> Option<Vec<Self>> {
        match reply {
            Reply::Audit(page) => Some(page.entries),
            _ => None,
        }
    }
}

/// How the call ended: ok, or denied and failed in red.
fn outcome(entry: &AuditEntry, screen: &Screen<'_>) -> Cell<'static> {
    let theme = screen.theme;
    let (outcome, style) = match entry.outcome {
        AuditOutcome::Ok => ("ok", theme.ok()),
        AuditOutcome::Denied => ("denied", theme.error()),
        _ => ("failed", theme.error()),
    };
    Cell::from(Span::styled(outcome, style))
}
