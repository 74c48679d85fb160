//! The simple list views: contacts, leads, reminders, tenants, operators, connections, mailboxes
//! and the audit log. Each is rows the daemon sends whole, a selection and a table; [`ListView`] is the
//! one [`ViewState`] of all of them. What differs is said once per row type, in its view's
//! file, as a [`TableRow`]: what loads the rows, the table's columns, what the view's own keys
//! do, and, for rows with more to say than a table cell holds, a pane under the table about
//! the selected row.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{Context, Screen, View, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::Action;
use crate::console::paged::PagedList;
use crate::console::widgets::{self, Column};
use crate::text;

/// A row of a list view, and so what makes the view: where its rows come from and how they
/// look.
pub trait TableRow: Sized + 'static {
    /// The view the list is (its name titles the table).
    const VIEW: View;
    /// The call that loads the rows.
    const LOAD: Effect;
    /// The table's columns, in order.
    const COLUMNS: &'static [Column<Self>];
    /// Only the tenant's admins see the list: nothing is loaded for others, and they are told.
    const ADMIN_ONLY: bool = false;
    /// Rows of the pane under the table about the selected row ([`TableRow::detail`]),
    /// borders included; 0 for no pane.
    const DETAIL_HEIGHT: u16 = 0;

    /// The rows in `reply`, when it answers [`TableRow::LOAD`].
    fn from_reply(reply: Reply) -> Option<Vec<Self>>;

    /// The table's title: the view's name and how many rows.
    fn title(count: usize, _screen: &Screen<'_>) -> String {
        format!(" {} ({count}) ", Self::VIEW.title())
    }

    /// What identifies the row across reloads, so the selection stays on it when rows come
    /// and go (and a key never acts on a row the operator did not pick). `None`: the selection
    /// keeps its place.
    fn identity(&self) -> Option<u64> {
        None
    }

    /// The pane under the table about the selected row: its title and lines (wrapped to the
    /// pane), when [`TableRow::DETAIL_HEIGHT`] makes room for one.
    fn detail(&self, _screen: &Screen<'_>) -> (String, Vec<Line<'static>>) {
        (String::new(), Vec::new())
    }

    /// What the view's own keys (its `KEYS`) do with the selected row. `None` for the keys
    /// that are not its own: they move the selection.
    fn act(
        _action: Action,
        _selected: Option<&Self>,
        _context: &mut Context<'_>,
    ) -> Option<Vec<Effect>> {
        None
    }
}

/// The state of a list view: the rows on screen and the selection.
pub struct ListView<T> {
    pub list: PagedList<T>,
}

impl<T> Default for ListView<T> {
    fn default() -> Self {
        Self {
            list: PagedList::default(),
        }
    }
}

impl<T: TableRow> ViewState for ListView<T> {
    fn reload(&self, admin: bool) -> Vec<Effect> {
        if T::ADMIN_ONLY && !admin {
            return Vec::new();
        }
        vec![T::LOAD]
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        if let Some(effects) = T::act(action, self.list.current(), context) {
            return effects;
        }
        self.list.step(action);
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Some(rows) = T::from_reply(reply) {
            let picked = self.list.current().and_then(TableRow::identity);
            self.list.replace(rows);
            if let Some(index) = picked.and_then(|picked| {
                self.list
                    .rows
                    .iter()
                    .position(|row| row.identity() == Some(picked))
            }) {
                self.list.selected = index;
            }
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        if T::ADMIN_ONLY && !screen.admin {
            widgets::notice(frame, area, T::VIEW, text::ADMIN_ONLY.get(), screen.theme);
            return;
        }
        let title = T::title(self.list.rows.len(), screen);
        let selected = self.list.current().filter(|_| T::DETAIL_HEIGHT > 0);
        let Some(selected) = selected else {
            widgets::list_table(frame, area, title, T::COLUMNS, &self.list, screen);
            return;
        };
        let [table_area, detail_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(T::DETAIL_HEIGHT)])
                .areas(area);
        widgets::list_table(frame, table_area, title, T::COLUMNS, &self.list, screen);
        let (detail_title, lines) = selected.detail(screen);
        let block = Block::bordered().title(Span::styled(detail_title, screen.theme.title()));
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
            detail_area,
        );
    }
}
