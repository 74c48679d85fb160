//! `:reminders`: reminders not done, soonest first (the late ones in red); `c` marks the
//! selected one done, `z` snoozes it an hour.

use centralita_protocol::Reminder;
use crossterm::event::KeyCode;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::text::Span;
use ratatui::widgets::Cell;

use super::list::TableRow;
use super::{Context, Screen, View};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{Action, Binding, bind};
use crate::console::widgets::{Column, relative};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    bind(
        KeyCode::Char('c'),
        "c",
        text::KEY_DONE,
        Action::Confirm,
        true,
    ),
    bind(
        KeyCode::Char('z'),
        "z",
        text::KEY_SNOOZE,
        Action::Snooze,
        true,
    ),
];

impl TableRow for Reminder {
    const VIEW: View = View::Reminders;
    const LOAD: Effect = Effect::LoadReminders;
    const COLUMNS: &'static [Column<Self>] = &[
        ("ID", Length(5), |reminder, _| {
            reminder.id.to_string().into()
        }),
        ("DUE", Length(9), due),
        ("LEAD", Length(6), |reminder, _| {
            reminder.lead.to_string().into()
        }),
        ("WHO", Length(10), |reminder, _| {
            reminder.assignee.clone().into()
        }),
        ("WHAT", Min(20), |reminder, _| reminder.text.clone().into()),
    ];

    fn from_reply(reply: Reply) -> Option<Vec<Self>> {
        match reply {
            Reply::Reminders(reminders) => Some(reminders),
            _ => None,
        }
    }

    /// `c` and `z` on the selected reminder.
    fn act(
        action: Action,
        selected: Option<&Self>,
        _context: &mut Context<'_>,
    ) -> Option<Vec<Effect>> {
        let id = selected?.id;
        match action {
            Action::Confirm => Some(vec![Effect::ReminderDone(id)]),
            Action::Snooze => Some(vec![Effect::SnoozeReminder { id, minutes: 60 }]),
            _ => None,
        }
    }
}

/// When the reminder is due, in red once it is.
fn due(reminder: &Reminder, screen: &Screen<'_>) -> Cell<'static> {
    let due = relative(screen.now, reminder.due_at);
    if reminder.due_at <= screen.now {
        Cell::from(Span::styled(due, screen.theme.error()))
    } else {
        Cell::from(due)
    }
}
