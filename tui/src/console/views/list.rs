//! The simple list views: contacts, leads, reminders, tenants, operators, connections, mailboxes
//! and the audit log. Each is rows the daemon sends whole, a selection and a table; [`ListView`] is the
//! one [`ViewState`] of all of them. What differs is said once per row type, in its view's
//! file, as a [`TableRow`]: what loads the rows, the table's columns, what the view's own keys
//! do, and, for rows with more to say than a table cell holds, a pane under the table about
//! the selected row.
//!
//! `/` filters these lists here, on the rows loaded: a row stays when each typed word appears
//! (any case) among its values ([`row_text`]); `key:value` keeps rows whose field `key` holds
//! `value`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use centralita_protocol::Role;

use super::{Access, Context, Screen, View, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::Action;
use crate::console::paged::PagedList;
use crate::console::widgets::{self, Column};
use crate::text;

/// A row of a list view, and so what makes the view: where its rows come from and how they
/// look.
pub trait TableRow: Sized + serde::Serialize + 'static {
    /// The view the list is (its name titles the table).
    const VIEW: View;
    /// The call that loads the rows.
    const LOAD: Effect;
    /// The table's columns, in order.
    const COLUMNS: &'static [Column<Self>];
    /// The least role that sees the list (`None`: every operator); nothing is loaded for the
    /// others, and they are told.
    const READ_BY: Option<Role> = None;
    /// Rows of the pane under the table about the selected row ([`TableRow::detail`]),
    /// borders included; 0 for no pane.
    const DETAIL_HEIGHT: u16 = 0;

    /// The pane grows past [`TableRow::DETAIL_HEIGHT`] to show all its lines once wrapped (the
    /// table keeps three rows), for a pane whose last lines matter as much as its first.
    const DETAIL_GROWS: bool = false;

    /// The call that loads the rows the `/` filter `text` keeps, or why the text is not a
    /// filter; `None` for a list without `/`.
    fn filtered(_text: &str) -> Option<Result<Effect, String>> {
        None
    }

    /// The rows in `reply`, when it answers [`TableRow::LOAD`].
    fn from_reply(reply: Reply) -> Option<Vec<Self>>;

    /// The table's title: the view's name and how many rows.
    fn title(count: usize, _screen: &Screen<'_>) -> String {
        format!(" {} ({count}) ", crate::text::list_name(Self::VIEW.title()))
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

/// The state of a list view: the rows on screen (those the `/` filter keeps), the selection,
/// every row loaded, and the call that loads them with a filter the daemon applies (`None`:
/// [`TableRow::LOAD`]).
pub struct ListView<T> {
    pub list: PagedList<T>,
    all: Vec<T>,
    pub load: Option<Effect>,
}

impl<T> Default for ListView<T> {
    fn default() -> Self {
        Self {
            list: PagedList::default(),
            all: Vec::new(),
            load: None,
        }
    }
}

impl<T: TableRow + Clone> ListView<T> {
    /// `/` text and Enter: a list the daemon filters gets the call that loads what the text
    /// keeps (the app reloads), or why the text is not a filter, the old one staying; any
    /// other list shows the loaded rows the text keeps from now on.
    pub fn apply_filter(&mut self, text: &str) -> Result<(), String> {
        if let Some(load) = T::filtered(text) {
            let load = load?;
            self.list.set_filter(text, ());
            self.load = Some(load);
            return Ok(());
        }
        self.list.set_filter(text, ());
        self.show(self.all.clone());
        Ok(())
    }

    /// `rows` as loaded: those the filter keeps go on screen, the selection staying on the same
    /// row when it is still there.
    fn show(&mut self, rows: Vec<T>) {
        self.all.clone_from(&rows);
        let words: Vec<String> = self
            .list
            .filter_text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        // What the daemon filtered is shown as it came.
        let here = self.load.is_none();
        let rows: Vec<T> = rows
            .into_iter()
            .filter(|row| {
                !here
                    || words.is_empty()
                    || keeps(&serde_json::to_value(row).unwrap_or_default(), &words)
            })
            .collect();
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
}

/// Whether a row (as its serialised value) has every word: `key:value` in its field `key`,
/// a plain word among all its values.
fn keeps(row: &serde_json::Value, words: &[String]) -> bool {
    words.iter().all(|word| match word.split_once(':') {
        Some((key, value)) if !key.is_empty() => row
            .get(key)
            .is_some_and(|field| row_text(field).contains(value)),
        _ => row_text(row).contains(word.as_str()),
    })
}

/// Every value of a row (not the field names), lowercase, one space apart.
pub fn row_text(value: &serde_json::Value) -> String {
    fn collect(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::String(text) => {
                out.push_str(&text.to_lowercase());
                out.push(' ');
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
            serde_json::Value::Object(fields) => {
                fields.values().for_each(|field| collect(field, out));
            }
            other => {
                out.push_str(&other.to_string());
                out.push(' ');
            }
        }
    }
    let mut out = String::new();
    collect(value, &mut out);
    out
}

/// A `/` filter's `key:value` pairs and its other words (the search).
pub type FilterTerms<'a> = (Vec<(&'a str, &'a str)>, Option<String>);

/// The terms of a `/` filter: `key:value` pairs whose key is one of `keys`, and the other
/// words joined (the search). A word that looks like `key:` with a key the list does not have
/// is refused.
pub fn filter_terms<'a>(text: &'a str, keys: &[&str]) -> Result<FilterTerms<'a>, String> {
    let mut pairs = Vec::new();
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        match word.split_once(':') {
            Some((key, value)) if keys.contains(&key) => pairs.push((key, value)),
            Some((key, _)) if !key.is_empty() && key.chars().all(char::is_alphabetic) => {
                return Err(text::unknown_filter_key(key, keys));
            }
            _ => words.push(word),
        }
    }
    let search = (!words.is_empty()).then(|| words.join(" "));
    Ok((pairs, search))
}

/// Whether an operator of role `access` sees a list read by `read_by` and up.
fn may_read(read_by: Option<Role>, access: Access) -> bool {
    read_by.is_none_or(|least| access.is_some_and(|role| role >= least))
}

impl<T: TableRow + Clone> ViewState for ListView<T> {
    fn reload(&self, access: Access) -> Vec<Effect> {
        if !may_read(T::READ_BY, access) {
            return Vec::new();
        }
        vec![self.load.clone().unwrap_or(T::LOAD)]
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
            self.show(rows);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        if !may_read(T::READ_BY, screen.access) {
            let notice = if T::READ_BY == Some(Role::Admin) {
                text::ADMIN_ONLY.get()
            } else {
                text::SUPERVISORS_ONLY.get()
            };
            widgets::notice(frame, area, T::VIEW, notice, screen.theme);
            return;
        }
        let mut title = T::title(self.list.rows.len(), screen);
        if !self.list.filter_text.is_empty() {
            title = format!("{title}· /{} ", self.list.filter_text);
        }
        let selected = self.list.current().filter(|_| T::DETAIL_HEIGHT > 0);
        let Some(selected) = selected else {
            widgets::list_table(frame, area, title, T::COLUMNS, &self.list, screen);
            return;
        };
        let (detail_title, lines) = selected.detail(screen);
        let height = if T::DETAIL_GROWS {
            let width = usize::from(area.width.saturating_sub(2).max(1));
            let needed = widgets::bordered_height(widgets::wrapped_height(&lines, width));
            needed
                .max(T::DETAIL_HEIGHT)
                .min(area.height.saturating_sub(3).max(T::DETAIL_HEIGHT))
        } else {
            T::DETAIL_HEIGHT
        };
        let [table_area, detail_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(height)]).areas(area);
        widgets::list_table_without_preview(
            frame,
            table_area,
            title,
            T::COLUMNS,
            &self.list,
            screen,
        );
        let block = widgets::titled(detail_title, screen.theme);
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
            detail_area,
        );
    }
}
