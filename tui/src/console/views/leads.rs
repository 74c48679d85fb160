//! `:leads`: every lead of the tenant, newest first.

use centralita_protocol::Lead;
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

/// The state of the leads list.
#[derive(Debug, Default)]
pub struct LeadsView {
    /// The rows on screen and the selection.
    pub list: PagedList<Lead>,
}

impl ViewState for LeadsView {
    fn reload(&self, _admin: bool) -> Vec<Effect> {
        vec![Effect::LoadLeads]
    }

    fn update(&mut self, action: Action, _context: &mut Context<'_>) -> Vec<Effect> {
        self.list.step(action);
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Leads(leads) = reply {
            self.list.replace(leads);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let rows = &self.list.rows;
        let widths = [
            Constraint::Length(5),
            Constraint::Min(14),
            Constraint::Length(12),
            Constraint::Length(11),
            Constraint::Length(15),
            Constraint::Length(10),
        ];
        widgets::virtual_table(
            frame,
            area,
            &widgets::TableSpec {
                title: format!(" leads ({}) ", rows.len()),
                header: vec!["ID", "CONTACT", "TYPE", "STATUS", "STAGE", "VALUE"],
                widths: &widths,
                total: rows.len(),
                selected: self.list.selected,
            },
            |index| {
                let lead = &rows[index];
                Row::new(vec![
                    Cell::from(lead.id.to_string()),
                    Cell::from(
                        lead.contact_name
                            .clone()
                            .unwrap_or_else(|| format!("contact {}", lead.contact)),
                    ),
                    Cell::from(lead.lead_type.as_str()),
                    Cell::from(lead.status.as_str()),
                    Cell::from(lead.stage.replace('_', " ")),
                    Cell::from(lead.value.clone().unwrap_or_default()),
                ])
            },
            theme,
        );
    }
}
