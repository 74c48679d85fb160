//! The list under most views: its rows, the selection, the `/` filter they were loaded with,
//! and the next page. Jobs and invoices come a page at a time (a keyset cursor says where the
//! next one starts, and it is asked for as the selection nears the end of the loaded rows);
//! conversations, leads, contacts and the smaller lists come whole and never have a next page.
//!
//! Plain state: it returns what to load and the view turns that into an effect.

use super::keymap::Action;

/// Rows a page key moves.
pub const PAGE: usize = 10;
/// Ask for the next page when the selection comes this close to the end of the loaded rows.
pub const PREFETCH: usize = 50;

/// A row with an identity that outlives a reload, so the selection can follow it.
pub trait Keyed {
    type Key: PartialEq;

    fn key(&self) -> Self::Key;
}

/// [`Keyed`] by their `id` field, for each `row => key` type pair: the rows of the lists the
/// daemon pages or sends again (jobs, invoices, glosas, mail, conversations).
macro_rules! keyed_by_id {
    ($($row:ty => $key:ty),+ $(,)?) => {
        $(
            impl $crate::console::paged::Keyed for $row {
                type Key = $key;

                fn key(&self) -> $key {
                    self.id
                }
            }
        )+
    };
}
pub(crate) use keyed_by_id;

/// Rows loaded so far, the selected one, the next page, and the filter `F` they match (`()`
/// for lists that are not filtered).
#[derive(Debug, Clone)]
pub struct PagedList<T, F = ()> {
    pub rows: Vec<T>,
    pub selected: usize,
    /// Where the next page starts (the daemon's cursor); `None` once every row is loaded.
    pub next: Option<u64>,
    /// The next page was asked for and has not arrived (nor failed).
    pub loading: bool,
    /// The `/` text on screen and the filter it stands for; they change together.
    pub filter_text: String,
    pub filter: F,
}

impl<T, F: Default> Default for PagedList<T, F> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            selected: 0,
            next: None,
            loading: false,
            filter_text: String::new(),
            filter: F::default(),
        }
    }
}

impl<T, F> PagedList<T, F> {
    pub fn current(&self) -> Option<&T> {
        self.rows.get(self.selected)
    }

    /// Moves the selection for a navigation action (others leave it). Returns the cursor of
    /// the next page when the selection is near the end of the loaded rows, there is a next
    /// page, and it is not being loaded already; from then on it counts as loading.
    pub fn step(&mut self, action: Action) -> Option<u64> {
        let last = self.rows.len().saturating_sub(1);
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::PageUp => self.selected.saturating_sub(PAGE),
            Action::PageDown => (self.selected + PAGE).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.selected,
        };
        let near_end = self.selected + PREFETCH >= self.rows.len();
        if near_end && !self.loading {
            let next = self.next?;
            self.loading = true;
            return Some(next);
        }
        None
    }

    /// [`PagedList::step`] for a list the daemon pages: when the next page is due, the call
    /// `load` makes for it from the filter and where the page starts (`Some`), else nothing.
    pub fn step_and_load<E>(
        &mut self,
        action: Action,
        load: impl FnOnce(&F, Option<u64>) -> E,
    ) -> Vec<E> {
        let next = self.step(action);
        next.map(|before| load(&self.filter, Some(before)))
            .into_iter()
            .collect()
    }

    /// All the rows of a list loaded whole: the selection stays at its place, within the rows.
    pub fn replace(&mut self, rows: Vec<T>) {
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// The page after the loaded rows; `next` is where the one after it starts.
    pub fn append(&mut self, rows: Vec<T>, next: Option<u64>) {
        self.loading = false;
        self.next = next;
        self.rows.extend(rows);
    }

    /// The next page did not come: scrolling asks for it again.
    pub fn page_failed(&mut self) {
        self.loading = false;
    }

    /// `/` text and Enter: the filter `parse` reads in `text` is in force from now on (the
    /// caller reloads), or the error says why the text is not one, and the old filter stays.
    pub fn apply_filter(
        &mut self,
        text: &str,
        parse: impl FnOnce(&str) -> Result<F, String>,
    ) -> Result<(), String> {
        let filter = parse(text)?;
        self.set_filter(text, filter);
        Ok(())
    }

    /// A new filter: the selection starts over (the caller reloads).
    pub fn set_filter(&mut self, text: &str, filter: F) {
        text.trim().clone_into(&mut self.filter_text);
        self.filter = filter;
        self.selected = 0;
    }

    /// Forgets the rows (another tenant's are coming); the filter stays.
    pub fn clear(&mut self) {
        self.rows.clear();
        self.selected = 0;
        self.next = None;
        self.loading = false;
    }
}

impl<T: Keyed, F> PagedList<T, F> {
    /// A first page again (a reload): replaces the rows, and the selection stays on the same
    /// row when it is still there, so a key never acts on a row the operator did not pick.
    pub fn reload(&mut self, rows: Vec<T>, next: Option<u64>) {
        self.loading = false;
        self.next = next;
        let picked = self.current().map(Keyed::key);
        self.replace(rows);
        if let Some(index) =
            picked.and_then(|key| self.rows.iter().position(|row| row.key() == key))
        {
            self.selected = index;
        }
    }

    /// A page as the daemon sent it: the one after the loaded rows when `append` (it was
    /// asked for by [`PagedList::step`]), else a first page again ([`PagedList::reload`]).
    pub fn receive(&mut self, rows: Vec<T>, next: Option<u64>, append: bool) {
        if append {
            self.append(rows, next);
        } else {
            self.reload(rows, next);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Keyed for u64 {
        type Key = u64;

        fn key(&self) -> u64 {
            *self
        }
    }

    /// Ids `from` down to `from - count + 1`, newest first like the daemon's pages.
    fn ids(from: u64, count: u64) -> Vec<u64> {
        (0..count).map(|index| from - index).collect()
    }

    fn list(rows: Vec<u64>, next: Option<u64>) -> PagedList<u64> {
        let mut list = PagedList::default();
        list.reload(rows, next);
        list
    }

    #[test]
    fn a_reload_keeps_the_selection_on_the_same_row_when_rows_arrive_above_it() {
        let mut list = list(ids(10, 10), None);
        list.step(Action::Down);
        list.step(Action::Down);
        assert_eq!(list.current(), Some(&8));
        list.reload(ids(12, 12), None);
        assert_eq!(
            list.current(),
            Some(&8),
            "two new rows above, same row picked"
        );
        assert_eq!(list.selected, 4);
    }

    #[test]
    fn a_reload_without_the_selected_row_keeps_the_place_within_the_rows() {
        let mut list = list(ids(10, 10), None);
        list.step(Action::Bottom);
        assert_eq!(list.current(), Some(&1));
        list.reload(vec![30, 20], None);
        assert_eq!(list.selected, 1, "clamped to the last row");
        list.reload(Vec::new(), None);
        assert_eq!((list.selected, list.current()), (0, None));
    }

    #[test]
    fn replace_keeps_the_index_not_the_row() {
        let mut list = list(ids(10, 10), None);
        list.step(Action::Down);
        list.replace(ids(12, 12));
        assert_eq!((list.selected, list.current()), (1, Some(&11)));
    }

    #[test]
    fn step_and_page_keys_move_within_the_rows() {
        let mut list = list(ids(100, 25), None);
        let mut at = |action| {
            list.step(action);
            list.selected
        };
        assert_eq!(at(Action::Up), 0, "nothing above the first row");
        assert_eq!(at(Action::Down), 1);
        assert_eq!(at(Action::PageDown), 11);
        assert_eq!(at(Action::PageDown), 21);
        assert_eq!(at(Action::PageDown), 24, "stops at the last row");
        assert_eq!(at(Action::Down), 24);
        assert_eq!(at(Action::PageUp), 14);
        assert_eq!(at(Action::Top), 0);
        assert_eq!(at(Action::Bottom), 24);
        assert_eq!(at(Action::Open), 24, "other actions leave it");
        let mut empty = PagedList::<u64>::default();
        for action in [Action::Down, Action::Bottom, Action::PageDown] {
            assert_eq!(empty.step(action), None);
            assert_eq!(empty.selected, 0);
        }
    }

    #[test]
    fn the_next_page_is_asked_for_once_near_the_end_and_again_after_a_failure() {
        let mut list = list(ids(1_100, 100), Some(1_000));
        for _ in 0..4 {
            assert_eq!(list.step(Action::PageDown), None, "far from the end");
        }
        assert_eq!(list.selected, 40);
        assert_eq!(
            list.step(Action::PageDown),
            Some(1_000),
            "50 rows from the end"
        );
        assert!(list.loading);
        assert_eq!(list.step(Action::Down), None, "already loading");
        list.page_failed();
        assert_eq!(list.step(Action::Down), Some(1_000), "asks again");
        list.append(ids(1_000, 100), None);
        assert_eq!(
            (list.rows.len(), list.selected),
            (200, 52),
            "the selection stays"
        );
        assert!(!list.loading);
        assert_eq!(list.step(Action::Bottom), None, "no more pages");
        assert_eq!(list.selected, 199);
    }

    #[test]
    fn a_short_first_page_with_more_behind_it_asks_at_the_first_key() {
        let mut list = list(ids(100, 20), Some(80));
        assert_eq!(list.step(Action::Down), Some(80));
        assert_eq!(list.step(Action::Down), None);
    }

    #[test]
    fn a_new_filter_starts_the_selection_over_and_clear_keeps_it() {
        let mut list: PagedList<u64, Option<String>> = PagedList::default();
        list.reload(ids(10, 10), Some(1));
        list.step(Action::Bottom);
        list.set_filter("  dead ", Some("dead".into()));
        assert_eq!(list.selected, 0);
        assert_eq!(list.filter_text, "dead");
        list.step(Action::Bottom);
        list.clear();
        assert!(list.rows.is_empty());
        assert_eq!((list.selected, list.next, list.loading), (0, None, false));
        assert_eq!(list.filter, Some("dead".into()), "the filter stays");
    }
}
