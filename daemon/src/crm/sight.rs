//! What an agent sees of the CRM. Supervisors and admins see everything. An agent sees the
//! conversations assigned to them or to no one, and the customers behind those: a contact
//! whose every conversation, and every lead that has an assignee, belongs to someone else is
//! hidden from them, and so are its unassigned leads. Built inside the transaction that reads
//! or changes the records, so the check and the change see the same assignments.

use centralita_protocol::{ContactId, LeadId};
use std::collections::HashMap;

use crate::actor::{Actor, hidden_from};
use crate::error::{AreaError, said};
use crate::store::{ReadTxn, Reader, WriteTxn};
use centralita_protocol::said as key;

/// The claims on one contact seen so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claims {
    /// At least one is the agent's or no one's.
    Theirs,
    /// All belong to someone else.
    OthersOnly,
}

/// One caller's sight of a tenant's contacts.
#[derive(Debug)]
pub struct Sight {
    /// `None` for supervisors and admins: they see everything.
    agent: Option<String>,
    contacts: HashMap<ContactId, Claims>,
}

impl Sight {
    /// `actor`'s sight, as the claims in `txn` make it.
    fn read(mut txn: impl Reader, actor: &Actor) -> Result<Self, AreaError> {
        let mut sight = Self::of(actor);
        if sight.agent.is_some() {
            crate::inbox::claim_conversations(&mut txn, &actor.tenant, &mut sight)?;
            super::leads::claim_leads(&mut txn, &actor.tenant, &mut sight)?;
        }
        Ok(sight)
    }

    fn of(actor: &Actor) -> Self {
        Self {
            agent: actor.agent().map(str::to_owned),
            contacts: HashMap::new(),
        }
    }

    /// A conversation of `contact` assigned to `assignee`.
    pub fn conversation(&mut self, contact: ContactId, assignee: Option<&str>) {
        let theirs = !hidden_from(self.agent.as_deref(), assignee);
        self.claim(contact, theirs);
    }

    /// A lead of `contact`: an unassigned lead claims nothing (it follows its contact).
    pub fn lead(&mut self, contact: ContactId, assignee: Option<&str>) {
        if assignee.is_some() {
            let theirs = !hidden_from(self.agent.as_deref(), assignee);
            self.claim(contact, theirs);
        }
    }

    fn claim(&mut self, contact: ContactId, theirs: bool) {
        let claims = self.contacts.entry(contact).or_insert(Claims::OthersOnly);
        if theirs {
            *claims = Claims::Theirs;
        }
    }

    pub fn sees_contact(&self, contact: ContactId) -> bool {
        self.contacts.get(&contact) != Some(&Claims::OthersOnly)
    }

    pub fn sees_lead(&self, contact: ContactId, assignee: Option<&str>) -> bool {
        match assignee {
            Some(_) => !hidden_from(self.agent.as_deref(), assignee),
            None => self.sees_contact(contact),
        }
    }

    /// Refuses contact `id` when every conversation and assigned lead of it is someone else's.
    pub fn require_contact(&self, id: ContactId) -> Result<(), AreaError> {
        if self.sees_contact(id) {
            return Ok(());
        }
        Err(said!(
            key::CONTACT_NOT_YOURS,
            "contact {0} is in conversations assigned to others; agents see the contacts of their own and unassigned conversations",
            id
        )
        .denied())
    }

    /// Refuses lead `id` of `contact` when the agent may not see it.
    pub fn require_lead(
        &self,
        id: LeadId,
        contact: ContactId,
        assignee: Option<&str>,
    ) -> Result<(), AreaError> {
        if self.sees_lead(contact, assignee) {
            return Ok(());
        }
        let refusal = if let Some(assignee) = assignee {
            said!(
                key::LEAD_NOT_YOURS,
                "lead {0} is assigned to {1}; agents see their own and unassigned leads",
                id,
                assignee
            )
        } else {
            said!(
                key::LEAD_OF_OTHERS_CONTACT,
                "lead {0} belongs to a contact whose conversations are assigned to others",
                id
            )
        };
        Err(refusal.denied())
    }
}

impl ReadTxn {
    /// `actor`'s sight of their tenant (nothing to read for supervisors and admins).
    pub fn sight(&self, actor: &Actor) -> Result<Sight, AreaError> {
        Sight::read(self, actor)
    }
}

impl WriteTxn<'_> {
    /// `actor`'s sight of their tenant, in this transaction.
    pub fn sight(&mut self, actor: &Actor) -> Result<Sight, AreaError> {
        Sight::read(self, actor)
    }
}
