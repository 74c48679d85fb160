//! `:contacts`: the tenant's contacts, newest first, with their channels; `/` searches them
//! on the daemon (name, phone, channel handle, tag).

use centralita_protocol::{Contact, ContactFilter};
use crossterm::event::KeyCode;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::widgets::Cell;

use super::list::TableRow;
use super::{Screen, View};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{Action, Binding, bind};
use crate::console::widgets::{Column, or_blank};

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[bind(
    KeyCode::Char('/'),
    "/",
    "search",
    Action::Filter,
    true,
)];

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
    ];

    fn filtered(text: &str) -> Option<Result<Effect, String>> {
        let search = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let search = (!search.is_empty()).then_some(search);
        Some(Ok(Effect::LoadContacts(ContactFilter { search })))
    }

    fn identity(&self) -> Option<u64> {
        Some(self.id)
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
