//! `:contacts`: the tenant's contacts, newest first, with their channels.

use centralita_protocol::Contact;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row};

use super::{Context, Screen, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{Action, Binding};
use crate::console::paged::PagedList;
use crate::console::widgets;

/// This view has only the keys every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[];

/// The state of the contacts list.
#[derive(Debug, Default)]
pub struct ContactsView {
    /// The rows on screen and the selection.
    pub list: PagedList<Contact>,
}

impl ViewState for ContactsView {
    fn reload(&self, _admin: bool) -> Vec<Effect> {
        vec![Effect::LoadContacts]
    }

    fn update(&mut self, action: Action, _context: &mut Context<'_>) -> Vec<Effect> {
        self.list.step(action);
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Contacts(contacts) = reply {
            self.list.replace(contacts);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let rows = &self.list.rows;
        let widths = [
            Constraint::Length(5),
            Constraint::Min(16),
            Constraint::Length(15),
            Constraint::Length(3),
            Constraint::Length(20),
        ];
        widgets::virtual_table(
            frame,
            area,
            &widgets::TableSpec {
                title: format!(" contacts ({}) ", rows.len()),
                header: vec!["ID", "NAME", "PHONE", "CC", "CHANNELS"],
                widths: &widths,
                total: rows.len(),
                selected: self.list.selected,
            },
            |index| {
                let contact = &rows[index];
                let channels: Vec<&str> = contact
                    .identities
                    .iter()
                    .map(|(channel, _)| channel.as_str())
                    .collect();
                Row::new(vec![
                    Cell::from(contact.id.to_string()),
                    Cell::from(contact.name.clone().unwrap_or_default()),
                    Cell::from(contact.phone.clone().unwrap_or_default()),
                    Cell::from(contact.country.clone().unwrap_or_default()),
                    Cell::from(channels.join(",")),
                ])
            },
            theme,
        );
    }
}
