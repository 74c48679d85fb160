//! Contacts: who writes to the business, matched to a contact by (channel, customer id) on
//! any channel; operators name, tag, annotate and merge them.

use centralita_protocol::said as key;
use centralita_protocol::{
    ChangeOp, Contact, ContactEdit, ContactFilter, ContactId, PageRequest, TenantId,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Note;
use super::filter::Search;
use crate::actor::Actor;
use crate::audit;
use crate::error::{AreaError, Said, said};
use crate::lookup::find;
use crate::store::{ReadTxn, Reader, Records, Store, Values, WriteTxn, page_limit};

/// (tenant, contact id) → [`ContactRecord`].
pub(super) const CONTACTS: Records<(&str, u64), ContactRecord> = Records::new("contacts");
/// (tenant, channel, customer id at the provider) → contact id.
pub(super) const CONTACT_IDENTITIES: Values<(&str, &str, &str), u64> =
    Values::new("contact_identities");

/// A contact as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContactRecord {
    pub name: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    /// ISO 3166 alpha-2, from the phone's country code.
    pub country: Option<String>,
    /// Lower-case.
    #[serde(default)]
    pub email: Option<String>,
    /// (channel, the customer's id there).
    pub identities: Vec<(String, String)>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: Vec<Note>,
    pub created_at: Timestamp,
}

/// Contacts matching `filter`, newest first. Who: any role in the tenant.
pub async fn list(
    store: &Store,
    actor: &Actor,
    filter: ContactFilter,
    page: PageRequest,
) -> Result<Vec<Contact>, AreaError> {
    let actor = actor.clone();
    let search = Search::new(filter.search.as_deref());
    store
        .read(move |txn| {
            let sight = txn.sight(&actor)?;
            txn.list_contacts(&actor.tenant, page, |id, contact| {
                sight.sees_contact(id) && matches(&search, contact)
            })
        })
        .await
}

/// Whether every word of `search` is in the contact's name, phone, email, a channel handle or a
/// tag.
fn matches(search: &Search, contact: &Contact) -> bool {
    let fields = [
        contact.name.as_deref(),
        contact.phone.as_deref(),
        contact.email.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain(contact.identities.iter().map(|(_, handle)| handle.as_str()))
    .chain(contact.tags.iter().map(String::as_str));
    search.matches(fields)
}

/// One contact.
pub async fn show(store: &Store, actor: &Actor, id: ContactId) -> Result<Contact, AreaError> {
    let actor = actor.clone();
    store
        .read(move |txn| {
            let contact = txn.contact(&actor.tenant, id)?;
            txn.sight(&actor)?.require_contact(id)?;
            Ok(contact)
        })
        .await
}

/// Changes a contact's name, phone (any format, stored E.164 with its country), email or tags
/// (replaced); each is checked before anything is written.
pub async fn edit(
    store: &Store,
    actor: &Actor,
    id: ContactId,
    edit: ContactEdit,
) -> Result<Contact, AreaError> {
    let change = Change::checked(edit)?;
    let detail = change.said();
    change_contact(store, actor, id, detail, move |txn, actor| {
        txn.edit_contact(&actor.tenant, id, &change)
    })
    .await
}

/// A [`ContactEdit`] checked: the phone as E.164 with its country, the email lower-case (an
/// empty one clears it).
#[derive(Debug, Clone)]
pub struct Change {
    name: Option<String>,
    phone: Option<(String, Option<&'static str>)>,
    email: Option<String>,
    tags: Option<Vec<String>>,
}

impl Change {
    /// The change as its audit entry says it: each field's new value (`""` for a cleared email,
    /// `[]` for no tags), `—` for one kept.
    fn said(&self) -> Said {
        fn new_value<T>(value: Option<T>, text: impl Fn(T) -> String) -> String {
            value.map_or_else(|| "—".to_owned(), text)
        }
        said!(
            key::CONTACT_EDITED,
            "name {0}, phone {1}, email {2}, tags {3}",
            new_value(self.name.as_ref(), |name| format!("{name:?}")),
            new_value(self.phone.as_ref(), |(e164, _)| e164.clone()),
            new_value(self.email.as_ref(), |email| format!("{email:?}")),
            new_value(self.tags.as_ref(), |tags| format!("{tags:?}")),
        )
    }

    fn checked(edit: ContactEdit) -> Result<Self, AreaError> {
        let phone = match edit.phone {
            None => None,
            Some(raw) => {
                let e164 = centralita_channels::phone::normalize(&raw, None).ok_or_else(|| {
                    said!(
                        key::NOT_A_PHONE,
                        "{0} is not a phone number: write it with its country code, e.g. +51 987 654 321",
                        format!("{raw:?}")
                    )
                    .invalid()
                })?;
                let country = centralita_channels::phone::country_of(&e164);
                Some((e164, country))
            }
        };
        let email = edit.email.map(|raw| email(&raw)).transpose()?;
        Ok(Self {
            name: edit.name,
            phone,
            email,
            tags: edit.tags,
        })
    }
}

/// An email address as typed, lower-case (empty when the operator clears it). Only its shape
/// is checked (one `@`, a dotted domain, no spaces): whether it receives mail is not knowable
/// here.
fn email(raw: &str) -> Result<String, AreaError> {
    let address = raw.trim().to_lowercase();
    if address.is_empty() {
        return Ok(address);
    }
    let shaped = address.len() <= 254
        && !address.chars().any(char::is_whitespace)
        && address.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && domain.split('.').all(|label| !label.is_empty())
        });
    if !shaped {
        return Err(said!(
            key::NOT_AN_EMAIL,
            "{0} is not an email address: write it as name@domain.com",
            format!("{:?}", raw.trim())
        )
        .invalid());
    }
    Ok(address)
}

/// Adds a note (with author and time) to a contact.
pub async fn note(
    store: &Store,
    actor: &Actor,
    id: ContactId,
    text: String,
) -> Result<Contact, AreaError> {
    let detail: String = text.chars().take(200).collect();
    change_contact(store, actor, id, detail, move |txn, actor| {
        txn.note_contact(&actor.tenant, id, actor.user(), &text)
    })
    .await
}

/// Runs a change on contact `id`, which `actor` must see (checked in the same transaction),
/// audited; returns the contact as it is after.
async fn change_contact<F>(
    store: &Store,
    actor: &Actor,
    id: ContactId,
    detail: impl Into<audit::Detail>,
    mut change: F,
) -> Result<Contact, AreaError>
where
    F: FnMut(&mut WriteTxn<'_>, &Actor) -> Result<(), AreaError> + Send + 'static,
{
    let checker = actor.clone();
    let entry = actor.audit(format!("contact {id}"), detail);
    audit::audited(store, entry, move |txn| {
        txn.sight(&checker)?.require_contact(id)?;
        change(txn, &checker)?;
        txn.wire_contact(&checker.tenant, id)
    })
    .await
}

/// Merges contact `from` into `into`: its identities, conversations and leads follow, and
/// `from` is gone.
pub async fn merge(
    store: &Store,
    actor: &Actor,
    into: ContactId,
    from: ContactId,
) -> Result<Contact, AreaError> {
    let tenant = actor.tenant.clone();
    let entry = actor.audit(
        format!("contact {into}"),
        said!(key::CONTACT_MERGED, "merged contact {0} into it", from),
    );
    let checker = actor.clone();
    audit::audited(store, entry, move |txn| {
        let sight = txn.sight(&checker)?;
        sight.require_contact(into)?;
        sight.require_contact(from)?;
        txn.merge_contacts(&tenant, into, from)?;
        txn.wire_contact(&tenant, into)
    })
    .await
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
    ) -> Result<ContactId, AreaError> {
        let key = (tenant.as_str(), identity.channel, identity.id);
        let found = self.open(&CONTACT_IDENTITIES)?.get(key)?;
        let id = if let Some(id) = found {
            ContactId(id)
        } else {
            {
                self.require_tenant(tenant)?;
                let id = ContactId(self.next_id("contact")?);
                self.open(&CONTACT_IDENTITIES)?.insert(key, id.0)?;
                let record = ContactRecord {
                    name: None,
                    phone: None,
                    country: None,
                    email: None,
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

    /// Changes a contact's name, phone and country, email or tags as `change` says.
    pub fn edit_contact(
        &mut self,
        tenant: &TenantId,
        id: ContactId,
        change: &Change,
    ) -> Result<(), AreaError> {
        self.update_contact(tenant, id, |record| {
            if let Some(name) = &change.name {
                record.name = Some(name.clone()).filter(|name| !name.trim().is_empty());
            }
            if let Some((phone, country)) = &change.phone {
                record.phone = Some(phone.clone());
                record.country = country.map(str::to_owned);
            }
            if let Some(email) = &change.email {
                record.email = Some(email.clone()).filter(|email| !email.is_empty());
            }
            if let Some(tags) = &change.tags {
                record.tags.clone_from(tags);
            }
        })
    }

    /// Gives a contact a name unless it has one (a provider's profile lookup must not undo an
    /// operator's edit).
    pub fn name_contact_if_unnamed(
        &mut self,
        tenant: &TenantId,
        id: ContactId,
        name: &str,
    ) -> Result<(), AreaError> {
        if self.contact_has_name(tenant, id)? {
            return Ok(());
        }
        self.update_contact(tenant, id, |record| record.name = Some(name.to_owned()))
    }

    /// Whether the contact has a name.
    pub fn contact_has_name(
        &mut self,
        tenant: &TenantId,
        id: ContactId,
    ) -> Result<bool, AreaError> {
        Ok(self.get_contact(tenant, id)?.name.is_some())
    }

    /// Adds an operator's note to a contact.
    pub fn note_contact(
        &mut self,
        tenant: &TenantId,
        id: ContactId,
        author: &str,
        text: &str,
    ) -> Result<(), AreaError> {
        let note = Note::new(self.now(), author, text)?;
        self.update_contact(tenant, id, |record| record.notes.push(note))
    }

    /// Moves `from`'s identities, conversations and leads to `into` and deletes `from`. Fields
    /// `into` lacks are taken from `from`; tags are united.
    pub fn merge_contacts(
        &mut self,
        tenant: &TenantId,
        into: ContactId,
        from: ContactId,
    ) -> Result<(), AreaError> {
        if into == from {
            return Err(said!(
                key::MERGE_INTO_ITSELF,
                "a contact cannot be merged into itself"
            )
            .invalid());
        }
        let mut target = self.get_contact(tenant, into)?;
        let source = self.get_contact(tenant, from)?;
        for (channel, id) in &source.identities {
            self.open(&CONTACT_IDENTITIES)?
                .insert((tenant.as_str(), channel.as_str(), id.as_str()), into.0)?;
            target.identities.push((channel.clone(), id.clone()));
        }
        target.name = target.name.or(source.name);
        target.email = target.email.or(source.email);
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
        self.open(&CONTACTS)?.remove((tenant.as_str(), from.0))?;
        self.record_change(tenant, "contact", &from.to_string(), ChangeOp::Deleted)?;
        self.record_change(tenant, "contact", &into.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// Refuses a contact id that does not exist.
    pub fn contact_exists(&mut self, tenant: &TenantId, id: ContactId) -> Result<(), AreaError> {
        self.get_contact(tenant, id).map(drop)
    }

    fn get_contact(
        &mut self,
        tenant: &TenantId,
        id: ContactId,
    ) -> Result<ContactRecord, AreaError> {
        find(self, &CONTACTS, tenant, id)
    }

    /// Reads contact `id`, lets `update` change it, stores it and records the change.
    fn update_contact(
        &mut self,
        tenant: &TenantId,
        id: ContactId,
        update: impl FnOnce(&mut ContactRecord),
    ) -> Result<(), AreaError> {
        let mut record = self.get_contact(tenant, id)?;
        update(&mut record);
        self.put_contact(tenant, id, &record)?;
        self.record_change(tenant, "contact", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// A contact as the wire shows it.
    fn wire_contact(&mut self, tenant: &TenantId, id: ContactId) -> Result<Contact, AreaError> {
        Ok(self.get_contact(tenant, id)?.into_wire(id))
    }

    fn put_contact(
        &mut self,
        tenant: &TenantId,
        id: ContactId,
        record: &ContactRecord,
    ) -> Result<(), AreaError> {
        self.open(&CONTACTS)?
            .insert((tenant.as_str(), id.0), record)?;
        Ok(())
    }
}

impl ReadTxn {
    /// Contacts, newest first, those `shown` keeps.
    pub fn list_contacts(
        &self,
        tenant: &TenantId,
        page: PageRequest,
        shown: impl Fn(ContactId, &Contact) -> bool,
    ) -> Result<Vec<Contact>, AreaError> {
        let limit = page_limit(page);
        let before = page.before.unwrap_or(u64::MAX);
        let table = self.open(&CONTACTS)?;
        let mut contacts = Vec::new();
        for entry in table
            .range((tenant.as_str(), 0)..(tenant.as_str(), before))?
            .rev()
        {
            if contacts.len() == limit {
                break;
            }
            let (key, record) = entry?;
            let id = ContactId(key.value().1);
            let contact = record.into_wire(id);
            if shown(id, &contact) {
                contacts.push(contact);
            }
        }
        Ok(contacts)
    }

    pub fn contact(&self, tenant: &TenantId, id: ContactId) -> Result<Contact, AreaError> {
        Ok(find(self, &CONTACTS, tenant, id)?.into_wire(id))
    }

    /// A contact's name (`None` when it has none or is gone).
    pub fn contact_name(
        &self,
        tenant: &TenantId,
        id: ContactId,
    ) -> Result<Option<String>, AreaError> {
        contact_name(self, tenant, id)
    }
}

impl WriteTxn<'_> {
    /// A contact's name (`None` when it has none or is gone).
    pub fn contact_name(
        &mut self,
        tenant: &TenantId,
        id: ContactId,
    ) -> Result<Option<String>, AreaError> {
        contact_name(self, tenant, id)
    }
}

/// A contact's name (`None` when it has none or is gone), from either kind of transaction.
pub(crate) fn contact_name(
    mut txn: impl Reader,
    tenant: &TenantId,
    id: ContactId,
) -> Result<Option<String>, AreaError> {
    Ok(txn
        .records(&CONTACTS)?
        .get((tenant.as_str(), id.0))?
        .and_then(|record| record.name))
}

#[cfg(test)]
mod email_tests {
    use super::email;
    use crate::error::AreaError;

    #[test]
    fn an_email_is_kept_lower_case_and_an_empty_one_clears() {
        assert_eq!(
            email(" Ana.Perez@Clinica.PE ").expect("valid"),
            "ana.perez@clinica.pe"
        );
        assert_eq!(email("  ").expect("empty clears"), "");
    }

    #[test]
    fn a_malformed_email_is_refused_with_its_key_and_what_was_typed() {
        for typed in [
            "ana",
            "ana@",
            "@clinica.pe",
            "ana@clinica",
            "ana@@clinica.pe",
            "ana perez@clinica.pe",
            "ana@clinica..pe",
        ] {
            let Err(AreaError::Said(_, said)) = email(typed) else {
                panic!("{typed:?} is refused");
            };
            assert_eq!(said.key, centralita_protocol::said::NOT_AN_EMAIL);
            assert_eq!(said.args, [format!("{typed:?}")]);
        }
    }
}
