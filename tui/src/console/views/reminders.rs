//! `:reminders`: reminders not done, soonest first (the late ones in red); `a` adds one on a
//! lead, `e` changes the selected one's time or text, `s` snoozes it to a time asked for, `z`
//! an hour, `d` (or `c`) marks it done. Times are typed in the tenant's zone.

use centralita_protocol::{Reminder, ReminderId};
use ratatui::layout::Constraint::{Length, Min};
use ratatui::text::Span;
use ratatui::widgets::Cell;

use super::list::TableRow;
use super::{Context, Screen, View};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, hidden_key, key};
use crate::console::mode::Form;
use crate::console::widgets::Column;
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    keymap::ADD,
    key('e', text::KEY_EDIT, Action::Edit),
    key('s', text::KEY_SNOOZE_TO, Action::Remind),
    key('z', text::KEY_SNOOZE, Action::Snooze),
    key('d', text::KEY_DONE, Action::Confirm),
    hidden_key('c', text::KEY_DONE_AS_D, Action::Confirm),
];

impl TableRow for Reminder {
    const VIEW: View = View::Reminders;
    const LOAD: Effect = Effect::LoadReminders;
    const COLUMNS: &'static [Column<Self>] = &[
        ("ID", Length(5), |reminder, _| {
            reminder.id.to_string().into()
        }),
        ("DUE", Length(23), due),
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

    fn identity(&self) -> Option<u64> {
        Some(self.id.0)
    }

    /// `a`, and `e`, `s`, `z`, `d` on the selected reminder.
    fn act(
        action: Action,
        selected: Option<&Self>,
        context: &mut Context<'_>,
    ) -> Option<Vec<Effect>> {
        if action == Action::Add {
            context.prompt_blank(Form::NewReminder, text::PROMPT_NEW_REMINDER);
            return Some(Vec::new());
        }
        let reminder = selected?;
        let id = reminder.id;
        match action {
            Action::Confirm => Some(vec![Effect::ReminderDone(id)]),
            Action::Snooze => Some(vec![Effect::SnoozeReminder { id, minutes: 60 }]),
            Action::Remind => {
                context.prompt_blank(Form::SnoozeReminder(id), text::prompt_snooze(id));
                Some(Vec::new())
            }
            Action::Edit => {
                let due = reminder
                    .due_at
                    .to_zoned_datetime(context.zone.clone())
                    .strftime("%Y-%m-%d %H:%M");
                let input = format!("{due} {}", reminder.text);
                context.prompt(
                    Form::EditReminder(id),
                    text::prompt_edit_reminder(id),
                    input,
                );
                Some(Vec::new())
            }
            _ => None,
        }
    }
}

/// When the reminder is due, in red once it is.
fn due(reminder: &Reminder, screen: &Screen<'_>) -> Cell<'static> {
    let due = screen.when_ago(reminder.due_at);
    if reminder.due_at <= screen.now {
        Cell::from(Span::styled(due, screen.theme.error()))
    } else {
        Cell::from(due)
    }
}

/// A strict `HH:MM` (24 hours).
fn parse_clock(text: &str) -> Option<jiff::civil::Time> {
    let bytes = text.as_bytes();
    let digits = [0, 1, 3, 4]
        .iter()
        .all(|&at| bytes.get(at).is_some_and(u8::is_ascii_digit));
    if bytes.len() != 5 || bytes[2] != b':' || !digits {
        return None;
    }
    let hour = text[..2].parse().ok()?;
    let minute = text[3..].parse().ok()?;
    jiff::civil::Time::new(hour, minute, 0, 0).ok()
}

/// A strict `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    let year = text[..4].parse().ok()?;
    let month = text[5..7].parse().ok()?;
    let day = text[8..].parse().ok()?;
    jiff::civil::Date::new(year, month, day).ok()
}

/// `YYYY-MM-DD HH:MM` as the daemon takes it.
fn due_text(date: jiff::civil::Date, time: jiff::civil::Time) -> String {
    format!("{date} {:02}:{:02}", time.hour(), time.minute())
}

/// Today in the tenant's zone.
fn today(now: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> jiff::civil::Date {
    now.to_zoned_datetime(zone.clone()).date()
}

/// A time at the start of `input` (`YYYY-MM-DD HH:MM`, or `HH:MM` for today, in the tenant's
/// zone, strictly) as the daemon takes it, and the words after it.
fn split_due(
    input: &str,
    now: jiff::Timestamp,
    zone: &jiff::tz::TimeZone,
) -> Result<(String, String), String> {
    let mut words = input.split_whitespace();
    let first = words.next().unwrap_or_default();
    let due = if let Some(date) = parse_date(first) {
        let time = words.next().and_then(parse_clock).ok_or(text::NEED_DUE)?;
        due_text(date, time)
    } else if let Some(time) = parse_clock(first) {
        due_text(today(now, zone), time)
    } else {
        return Err(text::NEED_DUE.to_string());
    };
    Ok((due, words.collect::<Vec<_>>().join(" ")))
}

/// A reminder's time and text: `YYYY-MM-DD HH:MM text` or `HH:MM text` (today), in the
/// tenant's zone. The time is strict (`9:00` or `2026-12-7` will not do).
pub fn parse_due_and_text(
    input: &str,
    now: jiff::Timestamp,
    zone: &jiff::tz::TimeZone,
) -> Result<(String, String), String> {
    let (due, what) = split_due(input, now, zone)?;
    if what.is_empty() {
        return Err(text::NEED_REMINDER_TEXT.to_string());
    }
    Ok((due, what))
}

/// How many minutes from `now` a snooze asks for: `+30m`, `+2h`, `+1d`, `tomorrow 09:00`
/// (`mañana 09:00`), `HH:MM` (today) or `YYYY-MM-DD HH:MM` in the tenant's zone. Nothing may
/// follow, and the time must be ahead.
pub fn parse_snooze(
    input: &str,
    now: jiff::Timestamp,
    zone: &jiff::tz::TimeZone,
) -> Result<u32, String> {
    let words: Vec<&str> = input.split_whitespace().collect();
    let at = match words.as_slice() {
        [relative] if relative.starts_with('+') => {
            let body = &relative[1..];
            let unit_at = body.char_indices().last().map_or(0, |(at, _)| at);
            let (amount, unit) = body.split_at(unit_at);
            let amount: i64 = amount
                .parse()
                .ok()
                .filter(|amount| *amount > 0)
                .ok_or(text::NEED_SNOOZE)?;
            let minutes = match unit {
                "m" => Some(amount),
                "h" => amount.checked_mul(60),
                "d" => amount.checked_mul(24 * 60),
                _ => None,
            };
            return minutes
                .and_then(|minutes| u32::try_from(minutes).ok())
                .ok_or_else(|| text::NEED_SNOOZE.to_string());
        }
        [clock] => {
            let time = parse_clock(clock).ok_or(text::NEED_SNOOZE)?;
            today(now, zone).to_datetime(time)
        }
        [day, clock] => {
            let time = parse_clock(clock).ok_or(text::NEED_SNOOZE)?;
            let date = match *day {
                "tomorrow" | "mañana" => today(now, zone).tomorrow().map_err(|e| e.to_string())?,
                day => parse_date(day).ok_or(text::NEED_SNOOZE)?,
            };
            date.to_datetime(time)
        }
        _ => return Err(text::NEED_SNOOZE.to_string()),
    };
    let at = at
        .to_zoned_datetime(zone.clone())
        .map_err(|error| error.to_string())?
        .timestamp();
    let seconds = at.as_second() - now.as_second();
    if seconds <= 0 {
        return Err(text::SNOOZE_IN_THE_PAST.to_string());
    }
    u32::try_from((seconds + 59) / 60).map_err(|_| text::NEED_SNOOZE.to_string())
}

/// `a`: "LEAD when text", the time as [`parse_due_and_text`] reads it.
pub fn parse_new_form(
    input: &str,
    now: jiff::Timestamp,
    zone: &jiff::tz::TimeZone,
) -> Result<Effect, String> {
    let input = input.trim_start();
    let (lead, rest) = input.split_once(char::is_whitespace).unwrap_or((input, ""));
    let lead = lead
        .parse()
        .map_err(|_| text::NEED_REMINDER_LEAD.to_string())?;
    let (due, text) = parse_due_and_text(rest, now, zone)?;
    Ok(Effect::AddReminder { lead, due, text })
}

/// `e`: a new time and text (`when text`), a time alone, or a text alone.
pub fn parse_edit_form(
    id: ReminderId,
    input: &str,
    now: jiff::Timestamp,
    zone: &jiff::tz::TimeZone,
) -> Result<Effect, String> {
    let first = input.split_whitespace().next().unwrap_or_default();
    if first.is_empty() {
        return Err(text::NEED_REMINDER_TEXT.to_string());
    }
    let timed = parse_date(first).is_some() || parse_clock(first).is_some();
    let (due, text) = if timed {
        let (due, what) = split_due(input, now, zone)?;
        // A time with nothing after it changes the time only.
        (Some(due), (!what.is_empty()).then_some(what))
    } else {
        let what = input.split_whitespace().collect::<Vec<_>>().join(" ");
        (None, Some(what))
    };
    Ok(Effect::EditReminder { id, due, text })
}

/// `s`: a snooze as [`parse_snooze`] reads it.
pub fn parse_snooze_form(
    id: ReminderId,
    input: &str,
    now: jiff::Timestamp,
    zone: &jiff::tz::TimeZone,
) -> Result<Effect, String> {
    Ok(Effect::SnoozeReminder {
        id,
        minutes: parse_snooze(input, now, zone)?,
    })
}
