//! `:audit`: who did what, when; Enter shows the selected entry whole, every field wrapped
//! (a long detail or target is cut in the table). Targets, details and results read in the
//! operator's language (`text::audit_target`, `text::audit_detail`).

use centralita_protocol::{AuditEntry, AuditOutcome};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Cell;

use super::list::TableRow;
use super::{Context, Screen, View, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, bind};
use crate::console::widgets::{self, Column, Scroll, relative};
use crate::text::{self, AuditField};

/// The list's keys, besides the ones every view has.
pub const KEYS: &[Binding] = &[keymap::OPEN];

/// The entry view's keys, besides the ones every view has.
pub const ENTRY_KEYS: &[Binding] = &[
    keymap::BACK,
    bind(KeyCode::Home, "Home", text::KEY_START, Action::Top, false),
    bind(KeyCode::End, "End", text::KEY_END, Action::Bottom, false),
];

impl TableRow for AuditEntry {
    const VIEW: View = View::Audit;
    const LOAD: Effect = Effect::LoadAudit;
    // At 80 columns the detail gets what the others spare: operators are Unix users (eight
    // characters, as they traditionally are), actions fit in 17 (`queues_set_paused`), targets in
    // 13 (`operator dora`); a longer one is read whole under the table when its row is selected.
    const COLUMNS: &'static [Column<Self>] = &[
        ("WHEN", Length(15), |entry, screen| {
            screen.when(entry.at).into()
        }),
        ("OPERATOR", Length(8), |entry, _| {
            entry.operator.clone().into()
        }),
        ("ACTION", Length(17), |entry, _| entry.action.clone().into()),
        ("TARGET", Length(13), |entry, _| {
            text::audit_target(&entry.target).into()
        }),
        ("RESULT", Length(7), outcome),
        ("DETAIL", Min(8), |entry, _| detail(entry).into()),
    ];

    fn from_reply(reply: Reply) -> Option<Vec<Self>> {
        match reply {
            Reply::Audit(page) => Some(page.entries),
            _ => None,
        }
    }
}

/// The entry's detail in the reader's language (the catalog's words, when it has them).
fn detail(entry: &AuditEntry) -> String {
    text::audit_detail(&entry.detail, entry.detail_words.as_ref())
}

/// How the call ended: ok, or denied and failed in red.
fn outcome(entry: &AuditEntry, screen: &Screen<'_>) -> Cell<'static> {
    Cell::from(outcome_span(entry, screen))
}

/// One audit entry, whole (opened with Enter on the list).
#[derive(Debug, Default)]
pub struct AuditEntryView {
    pub entry: Option<AuditEntry>,
    scroll: Scroll,
}

impl AuditEntryView {
    /// Shows `entry` from the top.
    pub fn open(&mut self, entry: AuditEntry) {
        self.entry = Some(entry);
        self.scroll = Scroll::default();
    }
}

impl ViewState for AuditEntryView {
    /// The entry came with the list and never changes: nothing to load.
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        Vec::new()
    }

    fn update(&mut self, action: Action, _context: &mut Context<'_>) -> Vec<Effect> {
        self.scroll.step(action);
        Vec::new()
    }

    fn on_reply(&mut self, _reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let Some(entry) = &self.entry else {
            widgets::notice(frame, area, View::AuditEntry, &crate::text::LOADING, theme);
            return;
        };
        let field = |name: AuditField, value: Span<'static>| {
            Line::from(vec![
                Span::styled(text::audit_field(name), theme.dim()),
                value,
            ])
        };
        let at = format!("{} ({})", entry.at, relative(screen.now, entry.at));
        let tenant = entry
            .tenant
            .as_ref()
            .map_or_else(|| "—".to_owned(), ToString::to_string);
        let mut lines = vec![
            field(AuditField::When, Span::raw(at)),
            field(AuditField::Operator, Span::raw(entry.operator.clone())),
            field(AuditField::Tenant, Span::raw(tenant)),
            field(AuditField::Action, Span::raw(entry.action.clone())),
            field(
                AuditField::Target,
                Span::raw(text::audit_target(&entry.target)),
            ),
            field(AuditField::Result, outcome_span(entry, screen)),
            Line::default(),
            Line::styled(crate::text::DETAIL, theme.title()),
        ];
        lines.extend(detail(entry).lines().map(|line| Line::raw(line.to_owned())));
        let title = crate::text::audit_entry_title(entry.seq);
        widgets::scrolled_text(frame, area, title, lines, &self.scroll, theme);
    }
}

fn outcome_span(entry: &AuditEntry, screen: &Screen<'_>) -> Span<'static> {
    let theme = screen.theme;
    let style = match entry.outcome {
        AuditOutcome::Ok => theme.ok(),
        _ => theme.error(),
    };
    Span::styled(text::audit_outcome(entry.outcome), style)
}
