//! Printing results: aligned tables for people, JSON for scripts, and what more than one noun
//! prints the same way (a conversation's thread).

use std::fmt::Write as _;

use centralita_protocol::{ConversationDetail, Direction};
use serde::Serialize;

/// A table with a header row; columns are padded to their widest cell.
pub struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: Vec<&'static str>) -> Self {
        Self {
            header: header.into_iter().map(crate::text::column).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; control characters in a cell (outside text: a customer's name, a mail's
    /// subject) are shown, not obeyed, and line breaks become spaces.
    pub fn row(&mut self, cells: Vec<String>) {
        let safe = |cell: String| {
            if cell.chars().any(char::is_control) {
                inert(&cell, false)
            } else {
                cell
            }
        };
        self.rows.push(cells.into_iter().map(safe).collect());
    }

    /// The table as text; the last column is not padded. Cells are cut at 60 characters.
    pub fn render(&self) -> String {
        let cells = |row: &[String]| row.iter().map(|cell| shorten(cell, 60)).collect::<Vec<_>>();
        let rows: Vec<Vec<String>> = self.rows.iter().map(|row| cells(row)).collect();
        let mut widths: Vec<usize> = self
            .header
            .iter()
            .map(|title| title.chars().count())
            .collect();
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let header: Vec<String> = self
            .header
            .iter()
            .map(|title| (*title).to_owned())
            .collect();
        for row in std::iter::once(&header).chain(rows.iter()) {
            let last = row.len().saturating_sub(1);
            for (index, cell) in row.iter().enumerate() {
                if index == last {
                    out.push_str(cell);
                } else {
                    let _ = write!(out, "{cell:<width$}  ", width = widths[index]);
                }
            }
            out.push('\n');
        }
        out
    }
}

fn shorten(cell: &str, max: usize) -> String {
    let single_line = cell.replace('\n', " ");
    if single_line.chars().count() <= max {
        return single_line;
    }
    let mut cut: String = single_line.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// Prints `rows` for scripts or people: with `--json` as JSON, else as a table with `header`
/// and a row of `cells` each.
pub fn print_rows<T: Serialize>(
    rows: &[T],
    json: bool,
    header: &[&'static str],
    cells: impl Fn(&T) -> Vec<String>,
) -> anyhow::Result<()> {
    if json {
        return print_json(&rows);
    }
    let mut table = Table::new(header.to_vec());
    for row in rows {
        table.row(cells(row));
    }
    print!("{}", table.render());
    Ok(())
}

/// Prints `value` for scripts or people: with `--json` as JSON, else as the text `describe`
/// makes of it.
pub fn print_value<T: Serialize>(
    value: &T,
    json: bool,
    describe: impl FnOnce(&T) -> String,
) -> anyhow::Result<()> {
    if json {
        return print_json(value);
    }
    print!("{}", inert(&describe(value), true));
    Ok(())
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// The tenant's time zone, once the command knows its tenant ([`set_zone`]).
static ZONE: std::sync::OnceLock<jiff::tz::TimeZone> = std::sync::OnceLock::new();

/// Sets the zone every time of this command is printed and read in (the first call wins: a
/// command acts on one tenant).
pub fn set_zone(zone: jiff::tz::TimeZone) {
    let _ = ZONE.set(zone);
}

/// The tenant's time zone, or the default one before the tenant is known.
pub fn zone() -> jiff::tz::TimeZone {
    ZONE.get()
        .cloned()
        .unwrap_or_else(|| crate::format::zone(centralita_protocol::DEFAULT_ZONE))
}

/// The tenant's currency, once the command knows its tenant ([`set_currency`]).
static CURRENCY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the currency the tenant's own amounts (a lead's value) print in (the first call wins).
pub fn set_currency(currency: &str) {
    let _ = CURRENCY.set(currency.to_owned());
}

/// An amount of the tenant's own in its currency ("S/ 1.250,00"); the default currency before
/// the tenant is known.
pub fn amount(value: &str) -> String {
    let currency = CURRENCY
        .get()
        .map_or(centralita_protocol::DEFAULT_CURRENCY, String::as_str);
    crate::format::amount(value, currency)
}

/// A timestamp as people read it in the terminal: `2026-11-23 18:04:05` in the tenant's zone.
pub fn when(at: jiff::Timestamp) -> String {
    at.to_zoned_datetime(zone())
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// The name of the tenant's zone, to print beside a time: `America/Lima`.
pub fn zone_name() -> String {
    zone().iana_name().unwrap_or("UTC").to_owned()
}

/// `text` safe to print on a terminal: escape sequences and other control characters (which
/// could retitle the window, clear the screen or hide text) shown as `^[`-style caret notation
/// or `\u{..}`; with `multiline`, line breaks and tabs stay.
pub fn inert(text: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' if multiline => out.push(c),
            '\n' | '\t' | '\r' => out.push(' '),
            '\u{1b}' => out.push_str("^["),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from_u32(c as u32 + 0x40).unwrap_or('?'));
            }
            '\u{7f}' => out.push_str("^?"),
            c if ('\u{80}'..='\u{9f}').contains(&c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A conversation as a chat transcript (`conversations show`, `messages list`).
pub fn thread(detail: &ConversationDetail) -> String {
    let conversation = &detail.conversation;
    let contact = &detail.contact;
    let mut out = format!(
        "{} · {} · {} · {}\n",
        crate::text::conversation_named(conversation.id),
        conversation.channel,
        contact
            .name
            .as_deref()
            .unwrap_or(crate::text::NO_NAME_CLI.get()),
        contact.phone.as_deref().unwrap_or("")
    );
    for message in &detail.messages {
        let who = match message.direction {
            Direction::Inbound => "<",
            Direction::Outbound => ">",
        };
        let body = message
            .text
            .clone()
            .or_else(|| message.media.clone())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {who} [{}] {body}  ({})",
            when(message.sent_at),
            message.kind,
            crate::text::delivery_status(&message.status)
        );
        if let Some(error) = &message.error {
            let error = crate::text::kept_error(error, message.error_words.as_ref());
            let _ = writeln!(out, "    ! {error}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_text_cannot_drive_the_operators_terminal() {
        // A WhatsApp message that would retitle the window and clear the screen.
        let hostile = "Hola\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\nsegunda línea";
        let cell = inert(hostile, false);
        assert_eq!(cell, "Hola^[]0;pwned^G^[[2J\\u{9b}31m segunda línea");
        assert!(!cell.chars().any(char::is_control), "{cell:?}");
        let text = inert(hostile, true);
        assert!(text.contains("\nsegunda línea") && !text.contains('\u{1b}'));
        let mut table = Table::new(vec!["NAME"]);
        table.row(vec![hostile.to_owned()]);
        assert!(!table.render().contains('\u{1b}'));
    }

    /// A thread whose last reply WhatsApp refused, as the daemon sends it.
    fn thread_with_a_failed_reply() -> ConversationDetail {
        serde_json::from_value(serde_json::json!({
            "conversation": {
                "id": 3, "contact": 9, "channel": "whatsapp", "account": "phone",
                "state": "open", "unread": 0, "last_activity": "2026-12-07T10:00:00Z"
            },
            "contact": {
                "id": 9, "name": "María Quispe", "phone": "+51987654321",
                "identities": [["whatsapp", "51987654321"]], "tags": [], "notes": [],
                "created_at": "2026-12-01T10:00:00Z"
            },
            "messages": [{
                "id": 5, "conversation": 3, "external_id": "", "direction": "outbound",
                "kind": "text", "text": "Le confirmo a las 10:00", "status": "failed",
                "error": "whatsapp refused the message: (#131026) Message undeliverable",
                "error_words": {
                    "key": "send_refused",
                    "args": ["whatsapp", "(#131026) Message undeliverable"]
                },
                "sent_at": "2026-12-07T10:00:00Z"
            }]
        }))
        .expect("a conversation")
    }

    #[test]
    fn a_failed_message_says_why_in_english() {
        let text = thread(&thread_with_a_failed_reply());
        assert!(
            text.starts_with("conversation 3 · whatsapp · María Quispe"),
            "{text}"
        );
        assert!(
            text.contains("Le confirmo a las 10:00  (failed)\n"),
            "{text}"
        );
        assert!(
            text.contains("    ! whatsapp refused the message: (#131026) Message undeliverable\n"),
            "{text}"
        );
    }

    #[test]
    fn a_failed_message_says_why_in_spanish_with_the_providers_own_words() {
        crate::text::set_lang(crate::text::Lang::Es);
        let text = thread(&thread_with_a_failed_reply());
        assert!(
            text.starts_with("conversación 3 · whatsapp · María Quispe"),
            "{text}"
        );
        assert!(
            text.contains("Le confirmo a las 10:00  (fallido)\n"),
            "{text}"
        );
        assert!(
            text.contains("    ! whatsapp rechazó el mensaje: (#131026) Message undeliverable\n"),
            "{text}"
        );
    }

    #[test]
    fn columns_are_aligned_and_long_cells_cut() {
        let mut table = Table::new(vec!["ID", "STATE", "ERROR"]);
        table.row(vec!["7".into(), "dead".into(), "x".repeat(80)]);
        table.row(vec!["1234".into(), "queued".into(), String::new()]);
        let text = table.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ID    STATE   ERROR");
        assert!(lines[1].starts_with("7     dead    xxx"));
        assert!(lines[1].ends_with('…'));
        assert_eq!(lines[1].chars().count(), 14 + 60);
        assert_eq!(lines[2], "1234  queued  ");
    }
}
