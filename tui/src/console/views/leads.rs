//! `:leads`: the leads of the tenant, newest first; Enter opens one, `/` filters them on the
//! daemon (`status:won stage:new funnel:sales assignee:me|nobody|USER` and words of the
//! contact's name).

use centralita_protocol::{Lead, LeadFilter};
use ratatui::layout::Constraint::{Length, Min};

use super::View;
use super::list::{TableRow, filter_terms};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Binding};
use crate::console::widgets::{Column, or_blank};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[keymap::OPEN, keymap::FILTER];

/// Every lead.
const ALL: LeadFilter = LeadFilter {
    status: None,
    stage: None,
    funnel: None,
    assignee: None,
    search: None,
    contact: None,
};

/// The leads `/` text keeps: `status:`, `stage:`, `funnel:`, `assignee:` and words.
pub fn parse_filter(text: &str) -> Result<LeadFilter, String> {
    let (pairs, search) = filter_terms(text, &["status", "stage", "funnel", "assignee"])?;
    let mut filter = LeadFilter {
        search,
        ..LeadFilter::default()
    };
    for (key, value) in pairs {
        match key {
            "status" => filter.status = Some(value.parse()?),
            "stage" => filter.stage = Some(value.to_owned()),
            "funnel" => filter.funnel = Some(value.to_owned()),
            _ => filter.assignee = Some(value.parse()?),
        }
    }
    Ok(filter)
}

impl TableRow for Lead {
    const VIEW: View = View::Leads;
    const LOAD: Effect = Effect::LoadLeads(ALL);
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
        ("WHO", Length(8), |lead, _| {
            or_blank(lead.assignee.as_deref())
        }),
        ("VALUE", Length(16), |lead, screen| {
            lead.value
                .as_deref()
                .map(|value| screen.amount(value))
                .unwrap_or_default()
                .into()
        }),
    ];

    fn filtered(text: &str) -> Option<Result<Effect, String>> {
        Some(parse_filter(text).map(Effect::LoadLeads))
    }

    fn identity(&self) -> Option<u64> {
        Some(self.id.0)
    }

    fn from_reply(reply: Reply) -> Option<Vec<Self>> {
        match reply {
            Reply::Leads(leads) => Some(leads),
            _ => None,
        }
    }
}
