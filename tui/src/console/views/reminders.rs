//! `:reminders`: reminders not done, soonest first (the late ones in red); `c` marks the
//! selected one done, `z` snoozes it an hour.

use centralita_protocol::Reminder;
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::{Context, Screen, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{Action, Binding, bind};
use crate::console::paged::PagedList;
use crate::console::widgets::{self, relative};

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    bind(KeyCode::Char('c'), "c", "done", Action::Confirm, true),
    bind(KeyCode::Char('z'), "z", "snooze 1 h", Action::Snooze, true),
];

/// The state of the reminders list.
#[derive(Debug, Default)]
pub struct RemindersView {
    /// The rows on screen and the selection.
    pub list: PagedList<Reminder>,
}

impl ViewState for RemindersView {
    fn reload(&self, _admin: bool) -> Vec<Effect> {
        vec![Effect::LoadReminders]
    }

    fn update(&mut self, action: Action, _context: &mut Context<'_>) -> Vec<Effect> {
        let id = self.list.current().map(|reminder| reminder.id);
        match (action, id) {
            (Action::Confirm, Some(id)) => vec![Effect::ReminderDone(id)],
            (Action::Snooze, Some(id)) => vec![Effect::SnoozeReminder { id, minutes: 60 }],
            _ => {
                self.list.step(action);
                Vec::new()
            }
        }
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Reminders(reminders) = reply {
            self.list.replace(reminders);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let rows = &self.list.rows;
        let widths = [
            Constraint::Length(5),
            Constraint::Length(9),
            Constraint::Length(6),
            Constraint::Length(10),
            Constraint::Min(20),
        ];
        widgets::virtual_table(
            frame,
            area,
            &widgets::TableSpec {
                title: format!(" reminders ({}) ", rows.len()),
                header: vec!["ID", "DUE", "LEAD", "WHO", "WHAT"],
                widths: &widths,
                total: rows.len(),
                selected: self.list.selected,
            },
            |index| {
                let reminder = &rows[index];
                let due = relative(screen.now, reminder.due_at);
                let due = if reminder.due_at <= screen.now {
                    Cell::from(Span::styled(due, theme.error()))
                } else {
                    Cell::from(due)
                };
                Row::new(vec![
                    Cell::from(reminder.id.to_string()),
                    due,
                    Cell::from(reminder.lead.to_string()),
                    Cell::from(reminder.assignee.clone()),
                    Cell::from(reminder.text.clone()),
                ])
            },
            theme,
        );
    }
}
