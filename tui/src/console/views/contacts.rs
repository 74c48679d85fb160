//! `:contacts`: the tenant's contacts, newest first, with their channels and tags; `/`
//! searches them on the daemon (name, phone, channel handle, tag); `e` edits the selected one's
//! name or phone, `t` its tags, `n` adds a note.

use centralita_protocol::{Contact, ContactEdit, ContactFilter, ContactId};
use ratatui::layout::Constraint::{Length, Min};
use ratatui::widgets::Cell;

use super::list::TableRow;
use super::{Context, Screen, View};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, key};
use crate::console::mode::Form;
use crate::console::widgets::{Column, or_blank};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    keymap::OPEN,
    key('/', text::KEY_SEARCH, Action::Filter),
    key('e', text::KEY_EDIT, Action::Edit),
    key('t', text::KEY_TAGS, Action::Tag),
    key('n', text::KEY_NOTE, Action::Note),
];

impl TableRow for Contact {
    const VIEW: View = View::Contacts;
    const LOAD: Effect = Effect::LoadContacts(ContactFilter { search: None });
    const COLUMNS: &'static [Column<Self>] = &[
        ("ID", Length(5), |contact, _| contact.id.to_string().into()),
        ("NAME", Min(16), |contact, _| {
            or_blank(contact.name.as_deref())
        }),
        ("PHONE", Length(15), |contact, _| {
            or_blank(contact.phone.as_deref())
        }),
        ("CC", Length(3), |contact, _| {
            or_blank(contact.country.as_deref())
        }),
        ("CHANNELS", Length(20), channels),
        ("TAGS", Length(14), |contact, _| {
            contact.tags.join(",").into()
        }),
    ];

    fn filtered(text: &str) -> Option<Result<Effect, String>> {
        let search = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let search = (!search.is_empty()).then_some(search);
        Some(Ok(Effect::LoadContacts(ContactFilter { search })))
    }

    fn identity(&self) -> Option<u64> {
        Some(self.id.0)
    }

    /// `e`, `t` and `n` on the selected contact.
    fn act(
        action: Action,
        selected: Option<&Self>,
        context: &mut Context<'_>,
    ) -> Option<Vec<Effect>> {
        let contact = selected?;
        let id = contact.id;
        let (form, label, input) = match action {
            Action::Edit => (
                Form::EditContact(id),
                text::prompt_edit_contact(id),
                String::new(),
            ),
            Action::Tag => (
                Form::TagContact(id),
                text::prompt_tags(id),
                contact.tags.join(", "),
            ),
            Action::Note => (
                Form::NoteContact(id),
                text::prompt_note("contact", id),
                String::new(),
            ),
            _ => return None,
        };
        context.prompt(form, label, input);
        Some(Vec::new())
    }

    fn from_reply(reply: Reply) -> Option<Vec<Self>> {
        match reply {
            Reply::Contacts(contacts) => Some(contacts),
            _ => None,
        }
    }
}

/// The channels a contact is known on: `whatsapp,telegram`.
fn channels(contact: &Contact, _screen: &Screen<'_>) -> Cell<'static> {
    let channels: Vec<&str> = contact
        .identities
        .iter()
        .map(|(channel, _)| channel.as_str())
        .collect();
    Cell::from(channels.join(","))
}

/// `e`: `name NEW NAME`, `phone +51 987 654 321` or `email ana@clinica.pe` (`email` alone
/// clears it).
pub fn parse_edit_form(id: ContactId, input: &str) -> Result<Effect, String> {
    let input = input.trim();
    let (field, value) = input.split_once(char::is_whitespace).unwrap_or((input, ""));
    let value = value.trim().to_owned();
    if value.is_empty() && field != "email" {
        return Err(text::NEED_CONTACT_FIELD.to_string());
    }
    match field {
        "name" => Ok(edit(
            id,
            ContactEdit {
                name: Some(value),
                ..ContactEdit::default()
            },
        )),
        "phone" => Ok(edit(
            id,
            ContactEdit {
                phone: Some(value),
                ..ContactEdit::default()
            },
        )),
        "email" => Ok(edit(
            id,
            ContactEdit {
                email: Some(value),
                ..ContactEdit::default()
            },
        )),
        _ => Err(text::NEED_CONTACT_FIELD.to_string()),
    }
}

/// `t`: the contact's tags, separated by commas (they replace the old ones; empty clears).
pub fn parse_tags_form(id: ContactId, input: &str) -> Effect {
    let tags = input
        .split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect();
    edit(
        id,
        ContactEdit {
            tags: Some(tags),
            ..ContactEdit::default()
        },
    )
}

fn edit(id: ContactId, edit: ContactEdit) -> Effect {
    Effect::EditContact { id, edit }
}

/// `M` on a contact: the other contact's id, whole (it is named in a y/n before the merge).
pub fn parse_merge_form(into: ContactId, input: &str) -> Result<Effect, String> {
    let from: ContactId = input
        .trim()
        .parse()
        .map_err(|_| text::need_contact_id(input.trim()))?;
    if from == into {
        return Err(text::MERGE_INTO_ITSELF.to_string());
    }
    Ok(Effect::AskMerge { into, from })
}
