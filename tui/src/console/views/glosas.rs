//! `:glosas`: the payers' objections to the tenant's invoices, soonest due first as the daemon
//! sends them, with the business days left to answer coloured by urgency (yellow soon, red
//! urgent, red and bold once past the term, when the glosa is tacitly accepted); `s` or `/`
//! keeps one state; Enter opens one.

use centralita_protocol::{GlosaId, GlosaState, GlosaSummary};
use ratatui::Frame;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::Rect;
use ratatui::text::{Span, Text};
use ratatui::widgets::Cell;

use super::{Context, Screen, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, key};
use crate::console::paged::{PagedList, keyed_by_id};
use crate::console::widgets::{self, Column};
use crate::glosas::{STATES, is_open, parse_state};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    keymap::OPEN,
    key('s', text::KEY_STATE, Action::NextState),
    keymap::FILTER,
    keymap::reload(true),
];

/// The currency of glosa notices (Colombian payers).
pub const GLOSA_CURRENCY: &str = "COP";

/// The glosas table's columns.
const COLUMNS: &[Column<GlosaSummary>] = &[
    ("ID", Length(3), |glosa, _| glosa.id.to_string().into()),
    ("LEFT", Length(9), days_left),
    ("DUE", Length(10), |glosa, _| glosa.due.to_string().into()),
    ("STATE", Length(9), state),
    ("PAYER", Min(12), |glosa, _| glosa.payer_name.clone().into()),
    ("NOTICE", Length(12), |glosa, _| glosa.number.clone().into()),
    ("OBJ. (COP)", Length(12), |glosa, _| {
        let objected = crate::format::number(&glosa.total_objected, GLOSA_CURRENCY);
        Cell::from(Text::from(objected).right_aligned())
    }),
    ("?", Length(2), unknown_codes),
];

/// The state of the glosas list.
#[derive(Debug, Default)]
pub struct GlosasView {
    /// The rows on screen and the selection; the filter is the state shown (`None`: all).
    pub list: PagedList<GlosaSummary, Option<GlosaState>>,
}

keyed_by_id!(GlosaSummary => GlosaId);

impl GlosasView {
    /// Another tenant: its glosas will come; the state shown stays.
    pub fn forget_tenant(&mut self) {
        self.list.clear();
    }

    /// The state `s` shows next: the one after the state shown, all of them after the last.
    fn next_state(&self) -> Option<GlosaState> {
        match self.list.filter {
            None => STATES.first().copied(),
            Some(shown) => STATES
                .iter()
                .skip_while(|state| **state != shown)
                .nth(1)
                .copied(),
        }
    }
}

impl ViewState for GlosasView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        vec![Effect::LoadGlosas {
            state: self.list.filter,
        }]
    }

    fn update(&mut self, action: Action, _context: &mut Context<'_>) -> Vec<Effect> {
        match action {
            Action::NextState => {
                let next = self.next_state();
                self.list.clear();
                self.list
                    .set_filter(next.map_or("", GlosaState::as_str), next);
                self.reload(None)
            }
            // The daemon sends every glosa of the state at once: there is no next page.
            action if action.is_move() => {
                self.list.step(action);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Glosas { state, glosas } = reply {
            // An answer for the state shown before `s` or `/` picked another one is not shown.
            if state == self.list.filter {
                self.list.reload(glosas, None);
            }
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let title = widgets::paged_title("glosas", &self.list);
        widgets::list_table(frame, area, title, COLUMNS, &self.list, screen);
    }
}

/// `/` text of the glosas list → the state shown: a state's name or its start, with or
/// without `state:`; nothing for all of them.
pub fn parse_filter(text: &str) -> Result<Option<GlosaState>, String> {
    let text = text.trim();
    let text = text.strip_prefix("state:").unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_state(text).map(Some)
}

/// Business days left and, while the clock runs, how urgent in colour and a word ("3 soon",
/// "1 urgent", "-2 tacit"); dim once the glosa is answered or closed.
fn days_left(glosa: &GlosaSummary, screen: &Screen<'_>) -> Cell<'static> {
    let theme = screen.theme;
    if !is_open(glosa.state) {
        return Cell::from(Span::styled(glosa.days_left.to_string(), theme.dim()));
    }
    let word = text::urgency_short(glosa.urgency);
    let days = if word.is_empty() {
        glosa.days_left.to_string()
    } else {
        format!("{} {word}", glosa.days_left)
    };
    Cell::from(Span::styled(days, theme.urgency(glosa.urgency)))
}

/// The state in its colour.
fn state(glosa: &GlosaSummary, screen: &Screen<'_>) -> Cell<'static> {
    Cell::from(Span::styled(
        text::glosa_state(glosa.state),
        screen.theme.glosa_state(glosa.state),
    ))
}

/// How many items have a code neither catalog knows, in red; blank when none.
fn unknown_codes(glosa: &GlosaSummary, screen: &Screen<'_>) -> Cell<'static> {
    widgets::count_cell(glosa.unknown_codes, screen.theme.error())
}
