//! The one-line editor of every prompt: the `:` command line, the `/` filter and the one-line
//! forms. Readline keys: typing inserts at the cursor; Left/Right, Home/End (Ctrl-A/Ctrl-E)
//! move; Backspace/Delete erase a character; Ctrl-U erases to the start, Ctrl-K to the end,
//! Ctrl-W the word before the cursor; Up/Down walk the lines entered before in the same kind
//! of prompt (the app keeps them for the session, [`History`]). The cursor moves by character,
//! so accents, `ñ` and emoji are one step each.
//!
//! Plain state: no terminal here; the widgets draw [`LineEditor::display`].

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the cursor is drawn.
pub const CURSOR: char = '▏';

/// Text and a cursor, and where a walk through the history is.
#[derive(Debug, Clone, Default, Eq)]
pub struct LineEditor {
    text: String,
    /// The cursor as a byte offset into `text`, always on a character boundary.
    cursor: usize,
    /// While Up/Down walk the history: the entry shown (counted from the newest) and the text
    /// that was being typed before the walk, which Down past the newest brings back.
    walk: Option<(usize, String)>,
}

/// Two editors are equal when they show the same text with the cursor at the same place.
impl PartialEq for LineEditor {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.cursor == other.cursor
    }
}

impl From<&str> for LineEditor {
    /// `text` typed in, the cursor at its end.
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

impl From<String> for LineEditor {
    /// `text` typed in, the cursor at its end.
    fn from(text: String) -> Self {
        Self {
            cursor: text.len(),
            text,
            walk: None,
        }
    }
}

impl LineEditor {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many characters are before the cursor.
    pub fn cursor(&self) -> usize {
        self.text[..self.cursor].chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Replaces the text; the cursor goes to its end.
    pub fn set(&mut self, text: &str) {
        text.clone_into(&mut self.text);
        self.cursor = self.text.len();
        self.walk = None;
    }

    /// Empties the line (after an error: the next try starts clean; Up brings the text back).
    pub fn clear(&mut self) {
        self.set("");
    }

    /// Edits the line for `key`; `history` is what was entered before in this kind of prompt,
    /// oldest first. Returns whether the key was an editing key (Enter, Esc, Tab and other
    /// keys are the caller's).
    pub fn handle(&mut self, key: KeyEvent, history: &[String]) -> bool {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char(c) if control => match c.to_ascii_lowercase() {
                'a' => self.cursor = 0,
                'e' => self.cursor = self.text.len(),
                'b' => self.left(),
                'f' => self.right(),
                'u' => self.kill_to_start(),
                'k' => self.text.truncate(self.cursor),
                'h' => self.backspace(),
                'w' => self.kill_word(),
                'd' => self.delete(),
                'p' => self.history_back(history),
                'n' => self.history_forward(history),
                _ => return false,
            },
            KeyCode::Char(_) if alt => return false,
            KeyCode::Char(c) => self.insert(c),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.len(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Up => self.history_back(history),
            KeyCode::Down => self.history_forward(history),
            _ => return false,
        }
        true
    }

    /// Inserts `c` at the cursor (a paste arrives as one key per character).
    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    fn left(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }

    fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    fn backspace(&mut self) {
        let end = self.cursor;
        self.left();
        self.text.replace_range(self.cursor..end, "");
    }

    fn delete(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.text
                .replace_range(self.cursor..self.cursor + c.len_utf8(), "");
        }
    }

    fn kill_to_start(&mut self) {
        self.text.replace_range(..self.cursor, "");
        self.cursor = 0;
    }

    /// Ctrl-W: the spaces before the cursor, then the word before them.
    fn kill_word(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end();
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(index, c)| index + c.len_utf8());
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Up: the entry before the one shown (the newest first time).
    fn history_back(&mut self, history: &[String]) {
        let next = match &self.walk {
            None => 0,
            Some((at, _)) => (at + 1).min(history.len().saturating_sub(1)),
        };
        let Some(entry) = history.iter().rev().nth(next) else {
            return;
        };
        let draft = match self.walk.take() {
            Some((_, draft)) => draft,
            None => self.text.clone(),
        };
        entry.clone_into(&mut self.text);
        self.cursor = self.text.len();
        self.walk = Some((next, draft));
    }

    /// Down: the entry after the one shown, or what was being typed past the newest.
    fn history_forward(&mut self, history: &[String]) {
        let Some((at, draft)) = self.walk.take() else {
            return;
        };
        if at == 0 {
            self.text = draft;
            self.cursor = self.text.len();
            return;
        }
        if let Some(entry) = history.iter().rev().nth(at - 1) {
            entry.clone_into(&mut self.text);
            self.cursor = self.text.len();
        }
        self.walk = Some((at - 1, draft));
    }

    /// The text with the cursor drawn in it, at most `room` characters wide: the part around
    /// the cursor when the text is longer (the cursor stays in sight).
    pub fn display(&self, room: usize) -> String {
        let chars: Vec<char> = self.text.chars().collect();
        let at = self.cursor();
        let room = room.max(2) - 1;
        let start = at.saturating_sub(room);
        let end = (start + room).min(chars.len());
        let mut shown: String = chars[start..at].iter().collect();
        shown.push(CURSOR);
        shown.extend(&chars[at..end.max(at)]);
        shown
    }
}

/// Which prompt a history belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PromptKind {
    /// The `:` line.
    Command,
    /// The `/` line of a view.
    Filter(super::views::View),
    /// A one-line form, by what it asks for.
    Form(std::mem::Discriminant<super::mode::Form>),
}

/// Lines entered in each kind of prompt this session, oldest first.
#[derive(Debug, Default)]
pub struct History {
    entries: HashMap<PromptKind, Vec<String>>,
}

/// Entries kept per kind.
const KEPT: usize = 100;

impl History {
    pub fn of(&self, kind: PromptKind) -> &[String] {
        self.entries.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// Remembers `text` (not blank, not the same as the newest).
    pub fn push(&mut self, kind: PromptKind, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let entries = self.entries.entry(kind).or_default();
        if entries.last().is_some_and(|last| last == text) {
            return;
        }
        entries.push(text.to_owned());
        if entries.len() > KEPT {
            entries.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(text: &str) -> LineEditor {
        let mut line = LineEditor::default();
        for c in text.chars() {
            assert!(line.handle(key(KeyCode::Char(c)), &[]));
        }
        line
    }

    #[test]
    fn typing_inserts_at_the_cursor_and_arrows_move_by_character() {
        let mut line = typed("año");
        assert_eq!((line.text(), line.cursor()), ("año", 3));
        line.handle(key(KeyCode::Left), &[]);
        line.handle(key(KeyCode::Left), &[]);
        line.handle(key(KeyCode::Char('ñ')), &[]);
        assert_eq!((line.text(), line.cursor()), ("añño", 2));
        line.handle(key(KeyCode::Home), &[]);
        line.handle(key(KeyCode::Char('🎉')), &[]);
        assert_eq!(line.text(), "🎉añño");
        line.handle(key(KeyCode::End), &[]);
        assert_eq!(line.cursor(), 5);
        line.handle(key(KeyCode::Right), &[]);
        assert_eq!(line.cursor(), 5, "nothing past the end");
        line.handle(ctrl('a'), &[]);
        assert_eq!(line.cursor(), 0);
        line.handle(key(KeyCode::Left), &[]);
        assert_eq!(line.cursor(), 0, "nothing before the start");
        line.handle(ctrl('e'), &[]);
        assert_eq!(line.cursor(), 5);
    }

    #[test]
    fn backspace_and_delete_erase_one_character_either_side() {
        let mut line = typed("café🎉");
        line.handle(key(KeyCode::Backspace), &[]);
        assert_eq!(line.text(), "café");
        line.handle(key(KeyCode::Left), &[]);
        line.handle(key(KeyCode::Delete), &[]);
        assert_eq!((line.text(), line.cursor()), ("caf", 3));
        line.handle(key(KeyCode::Delete), &[]);
        assert_eq!(line.text(), "caf", "nothing after the cursor");
        line.handle(key(KeyCode::Home), &[]);
        line.handle(key(KeyCode::Backspace), &[]);
        assert_eq!(line.text(), "caf", "nothing before the cursor");
    }

    #[test]
    fn control_keys_edit_and_never_type_their_letter() {
        let mut line = typed("state:dead queue:mail");
        assert!(line.handle(ctrl('w'), &[]));
        assert_eq!(line.text(), "state:dead ");
        line.handle(ctrl('w'), &[]);
        assert_eq!(line.text(), "", "spaces, then the word before them");
        let mut line = typed("uno dos tres");
        for _ in 0..5 {
            line.handle(key(KeyCode::Left), &[]);
        }
        line.handle(ctrl('k'), &[]);
        assert_eq!((line.text(), line.cursor()), ("uno dos", 7));
        line.handle(key(KeyCode::Left), &[]);
        line.handle(ctrl('u'), &[]);
        assert_eq!((line.text(), line.cursor()), ("s", 0));
        assert!(!line.handle(ctrl('x'), &[]), "not an editing key");
        assert_eq!(line.text(), "s");
        assert!(!line.handle(key(KeyCode::Enter), &[]));
        assert!(!line.handle(key(KeyCode::Tab), &[]));
    }

    #[test]
    fn up_and_down_walk_the_history_and_come_back_to_the_draft() {
        let history = vec!["first".to_owned(), "second".to_owned()];
        let mut line = typed("dra");
        line.handle(key(KeyCode::Up), &history);
        assert_eq!(line.text(), "second");
        line.handle(key(KeyCode::Up), &history);
        assert_eq!(line.text(), "first");
        line.handle(key(KeyCode::Up), &history);
        assert_eq!(line.text(), "first", "stays on the oldest");
        line.handle(key(KeyCode::Down), &history);
        assert_eq!(line.text(), "second");
        line.handle(key(KeyCode::Down), &history);
        assert_eq!((line.text(), line.cursor()), ("dra", 3), "the draft again");
        line.handle(key(KeyCode::Down), &history);
        assert_eq!(line.text(), "dra");
        let mut empty = typed("x");
        empty.handle(key(KeyCode::Up), &[]);
        assert_eq!(empty.text(), "x", "no history, nothing changes");
    }

    #[test]
    fn history_keeps_one_list_per_kind_without_blanks_or_repeats() {
        let mut history = History::default();
        history.push(PromptKind::Command, "jobs");
        history.push(PromptKind::Command, " jobs ");
        history.push(PromptKind::Command, "  ");
        history.push(PromptKind::Command, "audit");
        assert_eq!(history.of(PromptKind::Command), ["jobs", "audit"]);
        let filter = PromptKind::Filter(crate::console::views::View::Jobs);
        assert!(history.of(filter).is_empty());
    }

    #[test]
    fn display_keeps_the_cursor_in_sight() {
        let line = typed("abcdef");
        assert_eq!(line.display(80), "abcdef▏");
        assert_eq!(line.display(4), "def▏");
        let mut line = line;
        line.handle(key(KeyCode::Home), &[]);
        assert_eq!(line.display(4), "▏abc");
        line.handle(key(KeyCode::Right), &[]);
        assert_eq!(line.display(80), "a▏bcdef");
    }
}
