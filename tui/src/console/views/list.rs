//! The simple list views: contacts, leads, reminders, tenants, operators and the audit log.
//! Each is rows the daemon sends whole, a selection and a table; [`ListView`] is the one
//! [`ViewState`] of all of them. What differs is said once per row type, in its view's file,
//! as a [`TableRow`]: what loads the rows, the table's columns, and what the view's own keys
//! do.

use ratatui::Frame;
use ratatui::layout::Rect;

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

    /// The rows in `reply`, when it answers [`TableRow::LOAD`].
    fn from_reply(reply: Reply) -> Option<Vec<Self>>;

    /// The table's title: the view's name and how many rows.
    fn title(count: usize, _screen: &Screen<'_>) -> String {
        format!(" {} ({count}) ", Self::VIEW.title())
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
            self.list.replace(rows);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        if T::ADMIN_ONLY && !screen.admin {
            widgets::notice(frame, area, T::VIEW, text::ADMIN_ONLY, screen.theme);
            return;
        }
        let title = T::title(self.list.rows.len(), screen);
        widgets::list_table(frame, area, title, T::COLUMNS, &self.list, screen);
    }
}
