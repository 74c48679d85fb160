//! `:leads`: every lead of the tenant, newest first. It has only the keys every view has.

use centralita_protocol::Lead;
use ratatui::layout::Constraint::{Length, Min};

use super::View;
use super::list::TableRow;
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::widgets::{Column, or_blank};
use crate::text;

impl TableRow for Lead {
    const VIEW: View = View::Leads;
    const LOAD: Effect = Effect::LoadLeads;
    const COLUMNS: &'static [Column<Self>] = &[
        ("ID", Length(5), |lead, _| lead.id.to_string().into()),
        ("CONTACT", Min(14), |lead, _| {
            text::contact_name(lead.contact_name.as_deref(), lead.contact).into()
        }),
        ("TYPE", Length(12), |lead, _| lead.lead_type.as_str().into()),
        ("STATUS", Length(11), |lead, _| lead.status.as_str().into()),
        ("STAGE", Length(15), |lead, _| {
            lead.stage.replace('_', " ").into()
        }),
        ("VALUE", Length(10), |lead, _| {
            or_blank(lead.value.as_deref())
        }),
    ];

    fn from_reply(reply: Reply) -> Option<Vec<Self>> {
        match reply {
            Reply::Leads(leads) => Some(leads),
            _ => None,
        }
    }
}
