//! The CRM: contacts (who writes to the business, on any channel), leads (sales and support
//! opportunities) moving through the tenant's funnels, reminders on leads, and reports.
//!
//! Each file is one noun the operator types (`contacts`, `leads`, `funnels`, `reminders`,
//! `reports`): its tables, its `WriteTxn`/`ReadTxn` methods, its rules, and its service
//! functions, which take the [`Actor`](crate::actor::Actor) the RPC layer resolved and check
//! what depends on the record (agents see their own and unassigned leads) inside the same
//! transaction as the change. Records are stored as this area's own types and become
//! `protocol` types only in `wire.rs`.
//!
//! Defaults (DESIGN.md / issue 4): a sales funnel (initial chat → negotiation → debate →
//! closing) and a support funnel (initial contact → support process → closing). A customer's
//! first message opens a lead in the funnel its words pick.

pub mod contacts;
pub mod filter;
pub mod funnels;
pub mod leads;
pub mod reminders;
pub mod reports;
pub mod sight;
mod wire;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::store::Declared;

/// The CRM's tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[
    &contacts::CONTACTS,
    &contacts::CONTACT_IDENTITIES,
    &leads::LEADS,
    &funnels::FUNNELS,
    &reminders::REMINDERS,
];

/// An operator's note on a contact or a lead, with its author and time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub at: Timestamp,
    pub author: String,
    pub text: String,
}

impl Note {
    /// A note by `author` now; an empty text is refused.
    fn new(at: Timestamp, author: &str, text: &str) -> Result<Self, crate::error::AreaError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(crate::error::said!(
                centralita_protocol::said::NOTE_EMPTY,
                "the note is empty"
            )
            .invalid());
        }
        Ok(Self {
            at,
            author: author.to_owned(),
            text: text.to_owned(),
        })
    }
}

#[cfg(test)]
mod audit_tests;
