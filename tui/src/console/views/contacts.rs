//! `:contacts`: the tenant's contacts, newest first, with their channels. It has only the
//! keys every view has.

use centralita_protocol::Contact;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::widgets::Cell;

use super::list::TableRow;
use super::{Screen, View};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::widgets::{Column, or_blank};

impl TableRow for Contact {
    const VIEW: View = View::Contacts;
    const LOAD: Effect = Effect::LoadContacts;
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
