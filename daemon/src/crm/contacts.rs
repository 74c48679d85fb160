//! Contacts: who writes to the business, matched to a contact by (channel, customer id) on
//! any channel; operators name, tag, annotate and merge them.

use centralita_protocol::{ChangeOp, Contact, LeadNote, PageRequest, TenantId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::AreaError;
use crate::store::{ReadTxn, Records, Values, WriteTxn};

/// (tenant, contact id) → [`ContactRecord`].
pub(super) const CONTACTS: Records<(&str, u64), ContactRecord> = Records::new("contacts");
/// (tenant, channel, customer id at the provider) → contact id.
pub(super) const CONTACT_IDENTITIES: Values<(&str, &str, &str), u64> =
    Values::new("contact_identities");

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ContactRecord {
    name: Option<String>,
    phone: Option<String>,
    country: Option<String>,
    identities: Vec<(String, String)>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    notes: Vec<LeadNote>,
    created_at: Timestamp,
}

/// A customer as a provider names them.
#[derive(Debug, Clone)]
pub struct Identity<'a> {
    pub channel: &'a str,
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub country: Option<&'a str>,
}

impl WriteTxn<'_> {
    /// The contact with this identity, created if new; a name or phone it lacked is filled in.
    pub fn contact_for(
        &mut self,
        tenant: &TenantId,
        identity: &Identity<'_>,
    ) -> Result<u64, AreaError> {
        let key = (tenant.as_str(), identity.channel, identity.id);
        let found = self.open(&CONTACT_IDENTITIES)?.get(key)?;
        let id = if let Some(id) = found {
            id
        } else {
            {
                self.require_tenant(tenant)?;
                let id = self.next_id("contact")?;
                self.open(&CONTACT_IDENTITIES)?.insert(key, id)?;
                let record = ContactRecord {
                    name: None,
                    phone: None,
                    country: None,
                    identities: vec![(identity.channel.to_owned(), identity.id.to_owned())],
                    tags: Vec::new(),
                    notes: Vec::new(),
                    created_at: self.now(),
                };
                self.put_contact(tenant, id, &record)?;
                self.record_change(tenant, "contact", &id.to_string(), ChangeOp::Created)?;
                id
            }
        };
        let mut record: ContactRecord = self.get_contact(tenant, id)?;
        let mut changed = false;
        for (slot, value) in [
            (&mut record.name, identity.name),
            (&mut record.phone, identity.phone),
            (&mut record.country, identity.country),
        ] {
            if slot.is_none()
                && let Some(value) = value
            {
                *slot = Some(value.to_owned());
                changed = true;
            }
        }
        if changed {
            self.put_contact(tenant, id, &record)?;
        }
        Ok(id)
    }

    /// Changes a contact's name, phone and country, or tags.
    pub fn edit_contact(
        &mut self,
        tenant: &TenantId,
        id: u64,
        name: Option<&str>,
        phone: Option<(&str, Option<&str>)>,
        tags: Option<&[String]>,
    ) -> Result<(), AreaError> {
        let mut record = self.get_contact(tenant, id)?;
        if let Some(name) = name {
            record.name = Some(name.to_owned()).filter(|name| !name.trim().is_empty());
        }
        if let Some((phone, country)) = phone {
            record.phone = Some(phone.to_owned());
            record.country = country.map(str::to_owned);
        }
        if let Some(tags) = tags {
            record.tags = tags.to_vec();
        }
        self.put_contact(tenant, id, &record)?;
        self.record_change(tenant, "contact", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// Gives a contact a name unless it has one (a provider's profile lookup must not undo an
    /// operator's edit).
    pub fn name_contact_if_unnamed(
        &mut self,
        tenant: &TenantId,
        id: u64,
        name: &str,
    ) -> Result<(), AreaError> {
        let mut record = self.get_contact(tenant, id)?;
        if record.name.is_some() {
            return Ok(());
        }
        record.name = Some(name.to_owned());
        self.put_contact(tenant, id, &record)?;
        self.record_change(tenant, "contact", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// Whether the contact has a name.
    pub fn contact_has_name(&mut self, tenant: &TenantId, id: u64) -> Result<bool, AreaError> {
        Ok(self.get_contact(tenant, id)?.name.is_some())
    }

    /// Adds an operator's note to a contact.
    pub fn note_contact(
        &mut self,
        tenant: &TenantId,
        id: u64,
        author: &str,
        text: &str,
    ) -> Result<(), AreaError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AreaError::Invalid("the note is empty".to_owned()));
        }
        let mut record = self.get_contact(tenant, id)?;
        record.notes.push(LeadNote {
            at: self.now(),
            author: author.to_owned(),
            text: text.to_owned(),
        });
        self.put_contact(tenant, id, &record)?;
        self.record_change(tenant, "contact", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// Moves `from`'s identities, conversations and leads to `into` and deletes `from`. Fields
    /// `into` lacks are taken from `from`; tags are united.
    pub fn merge_contacts(
        &mut self,
        tenant: &TenantId,
        into: u64,
        from: u64,
    ) -> Result<(), AreaError> {
        if into == from {
            return Err(AreaError::Invalid(
                "a contact cannot be merged into itself".to_owned(),
            ));
        }
        let mut target = self.get_contact(tenant, into)?;
        let source = self.get_contact(tenant, from)?;
        for (channel, id) in &source.identities {
            self.open(&CONTACT_IDENTITIES)?
                .insert((tenant.as_str(), channel.as_str(), id.as_str()), into)?;
            target.identities.push((channel.clone(), id.clone()));
        }
        target.name = target.name.or(source.name);
        if target.phone.is_none() {
            target.phone = source.phone;
            target.country = source.country;
        }
        for tag in source.tags {
            if !target.tags.contains(&tag) {
                target.tags.push(tag);
            }
        }
        target.notes.extend(source.notes);
        target.notes.sort_by_key(|note| note.at);
        self.put_contact(tenant, into, &target)?;
        self.move_conversations(tenant, from, into)?;
        self.move_leads(tenant, from, into)?;
        self.open(&CONTACTS)?.remove((tenant.as_str(), from))?;
        self.record_change(tenant, "contact", &from.to_string(), ChangeOp::Deleted)?;
        self.record_change(tenant, "contact", &into.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// Refuses a contact id that does not exist.
    pub fn contact_exists(&mut self, tenant: &TenantId, id: u64) -> Result<(), AreaError> {
        self.get_contact(tenant, id).map(drop)
    }

    fn get_contact(&mut self, tenant: &TenantId, id: u64) -> Result<ContactRecord, AreaError> {
        self.open(&CONTACTS)?
            .get((tenant.as_str(), id))?
            .ok_or_else(|| AreaError::not_found(format!("contact {id} in tenant {tenant}")))
    }

    fn put_contact(
        &mut self,
        tenant: &TenantId,
        id: u64,
        record: &ContactRecord,
    ) -> Result<(), AreaError> {
        self.open(&CONTACTS)?
            .insert((tenant.as_str(), id), record)?;
        Ok(())
    }
}

impl ReadTxn {
    /// Contacts, newest first.
    pub fn list_contacts(
        &self,
        tenant: &TenantId,
        page: PageRequest,
    ) -> Result<Vec<Contact>, AreaError> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT) as usize;
        let before = page.before.unwrap_or(u64::MAX);
        let table = self.open(&CONTACTS)?;
        let mut contacts = Vec::new();
        for entry in table
            .range((tenant.as_str(), 0)..(tenant.as_str(), before))?
            .rev()
            .take(limit)
        {
            let (key, record) = entry?;
            contacts.push(contact_of(key.value().1, record));
        }
        Ok(contacts)
    }

    pub fn contact(&self, tenant: &TenantId, id: u64) -> Result<Contact, AreaError> {
        let record = self
            .open(&CONTACTS)?
            .get((tenant.as_str(), id))?
            .ok_or_else(|| AreaError::not_found(format!("contact {id} in tenant {tenant}")))?;
        Ok(contact_of(id, record))
    }

    /// A contact's name (`None` when it has none or is gone).
    pub fn contact_name(&self, tenant: &TenantId, id: u64) -> Result<Option<String>, AreaError> {
        Ok(self
            .open(&CONTACTS)?
            .get((tenant.as_str(), id))?
            .and_then(|record| record.name))
    }
}

impl WriteTxn<'_> {
    /// A contact's name (`None` when it has none or is gone).
    pub fn contact_name(
        &mut self,
        tenant: &TenantId,
        id: u64,
    ) -> Result<Option<String>, AreaError> {
        Ok(self
            .open(&CONTACTS)?
            .get((tenant.as_str(), id))?
            .and_then(|record| record.name))
    }
}

fn contact_of(id: u64, record: ContactRecord) -> Contact {
    Contact {
        id,
        name: record.name,
        phone: record.phone,
        country: record.country,
        identities: record.identities,
        tags: record.tags,
        notes: record.notes,
        created_at: record.created_at,
    }
}
