//! The `:inbox` composer (`i`): a multi-line reply under the thread. Enter is a new line and
//! Ctrl-S sends; `/` first opens the template picker (quick replies, and on WhatsApp the
//! approved WhatsApp templates); Ctrl-A attaches a file, the text going as its caption.
//!
//! Plain state and a key handler that answers with an [`Outcome`]: the app keeps drafts and
//! the status line, the runner does the calls.

use centralita_protocol::{ConversationId, QuickReply, WhatsAppTemplate};

use super::effect::Effect;
use super::keymap::ComposeKey;
use crate::text;

/// Meta's status of a WhatsApp template that may be sent.
const APPROVED: &str = "APPROVED";

/// The composer of one conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composer {
    pub conversation: ConversationId,
    /// `whatsapp`, `messenger`, `telegram`: which templates the picker offers.
    pub channel: String,
    /// Who the reply goes to, for the title.
    pub to: String,
    /// The reply as typed.
    pub text: String,
    /// Where typing goes in `text`: a byte offset on a character boundary.
    pub cursor: usize,
    pub step: Step,
}

/// What the composer is asking for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The reply's text.
    Writing,
    /// `/` in an empty composer: a quick reply or WhatsApp template, filtered by `query`
    /// (what follows the `/`).
    Picking { query: String, selected: usize },
    /// The values of a WhatsApp reply's numbered variables, `|`-separated.
    Values {
        name: String,
        language: String,
        count: u32,
        body: String,
        input: String,
    },
    /// Ctrl-A: the path of the file to send.
    Attach { input: String },
    /// A quick reply picked: the daemon's filling of it (`None` until it comes), sent only
    /// on Enter.
    Preview {
        name: String,
        filled: Option<String>,
    },
}

/// What a key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The composer stays open.
    Typing,
    /// The composer stays open and the status line says why the key did nothing.
    Refused(String),
    /// Esc: the composer closes (its text is kept as the conversation's draft).
    Closed,
    /// The composer closes and this goes out.
    Send(Effect),
    /// The composer stays open and this call is made (a preview).
    Ask(Effect),
}

/// One row of the picker: a quick reply, or a WhatsApp template on WhatsApp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick<'a> {
    Reply(&'a QuickReply),
    WhatsApp(&'a WhatsAppTemplate),
}

/// The picker's rows for `channel`: the quick replies offered there, then (on WhatsApp) the
/// approved WhatsApp templates, those whose name contains `query` (any case); names that start
/// with it come first.
pub fn picks<'a>(
    channel: &str,
    query: &str,
    replies: &'a [QuickReply],
    whatsapp: &'a [WhatsAppTemplate],
) -> Vec<Pick<'a>> {
    let query = query.to_lowercase();
    let replies = replies
        .iter()
        .filter(|reply| reply.channels.is_empty() || reply.channels.iter().any(|c| c == channel))
        .map(|reply| (reply.name.as_str(), Pick::Reply(reply)));
    let whatsapp = whatsapp
        .iter()
        .filter(|template| channel == "whatsapp" && template.status == APPROVED)
        .map(|template| (template.name.as_str(), Pick::WhatsApp(template)));
    let mut ranked: Vec<(bool, Pick<'a>)> = replies
        .chain(whatsapp)
        .filter_map(|(name, pick)| {
            let name = name.to_lowercase();
            name.contains(&query)
                .then(|| (!name.starts_with(&query), pick))
        })
        .collect();
    // Stable: within each rank the quick replies stay before the WhatsApp ones.
    ranked.sort_by_key(|(later, _)| *later);
    ranked.into_iter().map(|(_, pick)| pick).collect()
}

impl Composer {
    pub fn new(conversation: ConversationId, channel: String, to: String, draft: String) -> Self {
        Self {
            conversation,
            channel,
            to,
            cursor: draft.len(),
            text: draft,
            step: Step::Writing,
        }
    }

    /// Handles one key; `replies` and `whatsapp` are the templates loaded for the picker.
    pub fn on_key(
        &mut self,
        key: ComposeKey,
        replies: &[QuickReply],
        whatsapp: &[WhatsAppTemplate],
    ) -> Outcome {
        match std::mem::replace(&mut self.step, Step::Writing) {
            Step::Writing => self.on_writing_key(key),
            Step::Picking { query, selected } => {
                self.on_picking_key(key, query, selected, replies, whatsapp)
            }
            Step::Values {
                name,
                language,
                count,
                body,
                input,
            } => self.on_values_key(key, (name, language, count, body), input),
            Step::Attach { input } => self.on_attach_key(key, input),
            Step::Preview { name, filled } => self.on_preview_key(key, name, filled),
        }
    }

    /// The preview of a quick reply: Enter or Ctrl-S sends it once the daemon's filling is
    /// on screen (it says loading until then), Esc goes back to the picker.
    fn on_preview_key(&mut self, key: ComposeKey, name: String, filled: Option<String>) -> Outcome {
        match key {
            ComposeKey::Enter | ComposeKey::Send if filled.is_some() => {
                Outcome::Send(Effect::SendQuickReply {
                    conversation: self.conversation,
                    name,
                })
            }
            ComposeKey::Close => {
                self.step = Step::Picking {
                    query: String::new(),
                    selected: 0,
                };
                Outcome::Typing
            }
            _ => {
                self.step = Step::Preview { name, filled };
                Outcome::Typing
            }
        }
    }

    /// The daemon's filling of quick reply `name` came: shown if it is still the one
    /// previewed.
    pub fn previewed(&mut self, name: &str, text: String) {
        if let Step::Preview {
            name: shown,
            filled,
        } = &mut self.step
            && shown == name
        {
            *filled = Some(text);
        }
    }

    fn on_writing_key(&mut self, key: ComposeKey) -> Outcome {
        match key {
            ComposeKey::Type('/') if self.text.is_empty() => {
                self.step = Step::Picking {
                    query: String::new(),
                    selected: 0,
                };
            }
            ComposeKey::Type(c) => self.insert(c),
            ComposeKey::Enter => self.insert('\n'),
            ComposeKey::Backspace => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                    self.text.remove(self.cursor);
                }
            }
            ComposeKey::Delete => {
                if self.cursor < self.text.len() {
                    self.text.remove(self.cursor);
                }
            }
            ComposeKey::Close => return Outcome::Closed,
            ComposeKey::Attach => {
                self.step = Step::Attach {
                    input: String::new(),
                };
            }
            ComposeKey::Send => {
                self.trim();
                if self.text.trim().is_empty() {
                    return Outcome::Refused(text::NEED_REPLY_TEXT.to_string());
                }
                return Outcome::Send(Effect::SendReply {
                    conversation: self.conversation,
                    text: self.text.clone(),
                });
            }
            ComposeKey::Left
            | ComposeKey::Right
            | ComposeKey::Home
            | ComposeKey::End
            | ComposeKey::Up
            | ComposeKey::Down => self.move_cursor(key),
            ComposeKey::KillToLineStart | ComposeKey::KillToLineEnd | ComposeKey::KillWord => {
                self.kill(key);
            }
            ComposeKey::Other => {}
        }
        Outcome::Typing
    }

    /// Ctrl-U, Ctrl-K, Ctrl-W: the line before or after the cursor, or the word before it
    /// (and the spaces after that word), go; never across a line break.
    fn kill(&mut self, key: ComposeKey) {
        let line_start = self.text[..self.cursor].rfind('\n').map_or(0, |at| at + 1);
        let line_end = self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |at| self.cursor + at);
        let (start, end) = match key {
            ComposeKey::KillToLineStart => (line_start, self.cursor),
            ComposeKey::KillToLineEnd => (self.cursor, line_end),
            _ => {
                let before = self.text[line_start..self.cursor].trim_end();
                let word = before
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(0, |(at, c)| at + c.len_utf8());
                (line_start + word, self.cursor)
            }
        };
        self.text.replace_range(start..end, "");
        self.cursor = start;
    }

    fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Arrows move by character and by line (keeping the column where the line allows),
    /// Home and End to the ends of the line.
    fn move_cursor(&mut self, key: ComposeKey) {
        let before = &self.text[..self.cursor];
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let line_end = self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |at| self.cursor + at);
        let column = self.text[line_start..self.cursor].chars().count();
        // The offset of `column` characters into the line starting at `start`, or its end.
        let at_column = |start: usize| {
            let line = self.text[start..].split('\n').next().unwrap_or_default();
            start
                + line
                    .char_indices()
                    .nth(column)
                    .map_or(line.len(), |(offset, _)| offset)
        };
        self.cursor = match key {
            ComposeKey::Left => before
                .chars()
                .next_back()
                .map_or(self.cursor, |c| self.cursor - c.len_utf8()),
            ComposeKey::Right => self.text[self.cursor..]
                .chars()
                .next()
                .map_or(self.cursor, |c| self.cursor + c.len_utf8()),
            ComposeKey::Home => line_start,
            ComposeKey::End => line_end,
            ComposeKey::Up if line_start > 0 => {
                let previous = self.text[..line_start - 1]
                    .rfind('\n')
                    .map_or(0, |at| at + 1);
                at_column(previous)
            }
            ComposeKey::Down if line_end < self.text.len() => at_column(line_end + 1),
            _ => self.cursor,
        };
    }

    fn on_picking_key(
        &mut self,
        key: ComposeKey,
        mut query: String,
        selected: usize,
        replies: &[QuickReply],
        whatsapp: &[WhatsAppTemplate],
    ) -> Outcome {
        let rows = picks(&self.channel, &query, replies, whatsapp);
        let last = rows.len().saturating_sub(1);
        let mut selected = selected.min(last);
        match key {
            ComposeKey::Enter | ComposeKey::Send => {
                if let Some(pick) = rows.get(selected) {
                    return self.pick(*pick);
                }
                self.step = Step::Picking { query, selected };
                return Outcome::Refused(text::NOTHING_TO_PICK_MATCHES.to_string());
            }
            // Names have no spaces: a space means the `/` was text after all.
            ComposeKey::Type(' ') => {
                self.text = format!("/{query} ");
                self.cursor = self.text.len();
                return Outcome::Typing;
            }
            ComposeKey::Type(c) => {
                query.push(c);
                selected = 0;
            }
            ComposeKey::Backspace => {
                if query.pop().is_none() {
                    return Outcome::Typing;
                }
                selected = 0;
            }
            ComposeKey::Close => return Outcome::Typing,
            ComposeKey::Up => selected = selected.saturating_sub(1),
            ComposeKey::Down => selected = (selected + 1).min(last),
            _ => {}
        }
        self.step = Step::Picking { query, selected };
        Outcome::Typing
    }

    /// Enter on a picker row. A quick reply is filled by the daemon for this conversation
    /// and shown before it goes; a WhatsApp reply with variables asks for their values first.
    fn pick(&mut self, pick: Pick<'_>) -> Outcome {
        match pick {
            Pick::Reply(reply) => {
                self.step = Step::Preview {
                    name: reply.name.clone(),
                    filled: None,
                };
                Outcome::Ask(Effect::PreviewQuickReply {
                    conversation: self.conversation,
                    name: reply.name.clone(),
                })
            }
            Pick::WhatsApp(template) if template.variables == 0 => {
                Outcome::Send(Effect::SendWhatsAppTemplate {
                    conversation: self.conversation,
                    name: template.name.clone(),
                    language: template.language.clone(),
                    variables: Vec::new(),
                })
            }
            Pick::WhatsApp(template) => {
                self.step = Step::Values {
                    name: template.name.clone(),
                    language: template.language.clone(),
                    count: template.variables,
                    body: template.body.clone().unwrap_or_default(),
                    input: String::new(),
                };
                Outcome::Typing
            }
        }
    }

    fn on_values_key(
        &mut self,
        key: ComposeKey,
        template: (String, String, u32, String),
        mut input: String,
    ) -> Outcome {
        let (name, language, count, body) = template;
        let mut outcome = Outcome::Typing;
        match key {
            ComposeKey::Enter | ComposeKey::Send => {
                let values: Vec<String> = input
                    .split('|')
                    .map(|value| value.trim().to_owned())
                    .collect();
                if values.len() == count as usize && values.iter().all(|value| !value.is_empty()) {
                    return Outcome::Send(Effect::SendWhatsAppTemplate {
                        conversation: self.conversation,
                        name,
                        language,
                        variables: values,
                    });
                }
                outcome = Outcome::Refused(text::need_template_values(count));
            }
            ComposeKey::Close => return Outcome::Typing,
            ComposeKey::Type(c) => input.push(c),
            ComposeKey::Backspace => {
                input.pop();
            }
            _ => {}
        }
        // Anything but sending or closing stays on the values.
        self.step = Step::Values {
            name,
            language,
            count,
            body,
            input,
        };
        outcome
    }

    fn on_attach_key(&mut self, key: ComposeKey, mut input: String) -> Outcome {
        match key {
            ComposeKey::Enter | ComposeKey::Send => {
                let path = input.trim();
                if path.is_empty() {
                    self.step = Step::Attach { input };
                    return Outcome::Refused(text::NEED_FILE_PATH.to_string());
                }
                self.trim();
                let caption = (!self.text.trim().is_empty()).then(|| self.text.clone());
                return Outcome::Send(Effect::SendFile {
                    conversation: self.conversation,
                    path: path.to_owned(),
                    caption,
                });
            }
            ComposeKey::Close => return Outcome::Typing,
            ComposeKey::Type(c) => input.push(c),
            ComposeKey::Backspace => {
                input.pop();
            }
            _ => {}
        }
        self.step = Step::Attach { input };
        Outcome::Typing
    }

    /// Blank lines and spaces at the end are not sent.
    fn trim(&mut self) {
        let kept = self.text.trim_end().len();
        self.text.truncate(kept);
        self.cursor = self.cursor.min(kept);
    }

    /// The key hint for the footer.
    pub fn hint(&self) -> &'static str {
        match self.step {
            Step::Writing => text::COMPOSE_HINT,
            Step::Picking { .. } => text::PICK_HINT,
            Step::Values { .. } => text::VALUES_HINT,
            Step::Attach { .. } => text::ATTACH_HINT,
            Step::Preview { .. } => text::PREVIEW_HINT,
        }
        .get()
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    fn keys(composer: &mut Composer, keys: &[ComposeKey]) {
        for key in keys {
            composer.on_key(*key, &[], &[]);
        }
    }

    fn typed(composer: &mut Composer, text: &str) {
        for c in text.chars() {
            let key = if c == '\n' {
                ComposeKey::Enter
            } else {
                ComposeKey::Type(c)
            };
            composer.on_key(key, &[], &[]);
        }
    }

    /// A WhatsApp reply to María with two lines typed, the cursor at its end.
    fn two_lines_to_maria() -> Composer {
        let mut composer = Composer::new(
            ConversationId(1),
            "whatsapp".into(),
            "María".into(),
            String::new(),
        );
        typed(&mut composer, "Hola María,\nsu cita es mañana");
        composer
    }

    #[test]
    fn the_cursor_moves_by_character_and_line_and_typing_goes_there() {
        let mut composer = two_lines_to_maria();
        // Up keeps the column (16 characters in, past the end of the first line: its end).
        keys(&mut composer, &[ComposeKey::Up]);
        typed(&mut composer, "!");
        assert_eq!(composer.text, "Hola María,!\nsu cita es mañana");
        keys(&mut composer, &[ComposeKey::Home]);
        keys(&mut composer, &[ComposeKey::Right; 5]);
        keys(&mut composer, &[ComposeKey::Delete; 5]);
        typed(&mut composer, "Sra. Quispe");
        assert_eq!(composer.text, "Hola Sra. Quispe,!\nsu cita es mañana");
        keys(
            &mut composer,
            &[ComposeKey::Down, ComposeKey::End, ComposeKey::Left],
        );
        keys(&mut composer, &[ComposeKey::Backspace]);
        typed(&mut composer, "ñ");
        assert_eq!(composer.text, "Hola Sra. Quispe,!\nsu cita es mañaña");
        keys(
            &mut composer,
            &[ComposeKey::Down, ComposeKey::Right, ComposeKey::Right],
        );
        typed(&mut composer, " 🙂");
        assert!(composer.text.ends_with("mañaña 🙂"), "{}", composer.text);
    }

    #[test]
    fn control_keys_erase_within_the_line_and_never_type_their_letter() {
        let mut composer = two_lines_to_maria();
        keys(&mut composer, &[ComposeKey::KillWord]);
        assert_eq!(composer.text, "Hola María,\nsu cita es ");
        keys(&mut composer, &[ComposeKey::KillToLineStart]);
        assert_eq!(composer.text, "Hola María,\n", "only the second line");
        keys(&mut composer, &[ComposeKey::Up, ComposeKey::Home]);
        keys(&mut composer, &[ComposeKey::Right; 4]);
        keys(&mut composer, &[ComposeKey::KillToLineEnd]);
        assert_eq!(composer.text, "Hola\n");
        for key in [
            KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
            KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL),
        ] {
            assert_ne!(
                crate::console::keymap::compose_key(key),
                ComposeKey::Type('u')
            );
            assert!(!matches!(
                crate::console::keymap::compose_key(key),
                ComposeKey::Type(_)
            ));
        }
    }
}
