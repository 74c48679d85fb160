//! Contacts, conversations and messages, with the indexes that match provider identities to
//! them: (channel, customer id) → contact, (channel, account, chat) → conversation, (channel,
//! provider message id) → message (the dedupe key), and last activity → conversation (the
//! inbox order).

use centralita_protocol::{
    ChangeOp, Contact, ConversationDetail, ConversationPage, ConversationState,
    ConversationSummary, Direction, LeadNote, Message, PageRequest, ReplyTemplate, TenantId,
};
use jiff::Timestamp;
use redb::ReadableTable;
use serde::{Deserialize, Serialize};

use super::codec::{decode, encode};
use super::tables::{
    CONTACTS, CONVERSATIONS, CONVERSATIONS_BY_ACTIVITY, MESSAGES, REPLY_TEMPLATES,
};
use super::{ReadTxn, StoreError, WriteTxn, millis};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ContactRecord {
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

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ConversationRecord {
    contact: u64,
    channel: String,
    account: String,
    chat: String,
    state: ConversationState,
    #[serde(default)]
    assignee: Option<String>,
    unread: u32,
    last_activity: Timestamp,
    #[serde(default)]
    last_inbound_at: Option<Timestamp>,
    #[serde(default)]
    preview: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct MessageRecord {
    external_id: String,
    direction: Direction,
    kind: String,
    text: Option<String>,
    media: Option<String>,
    status: String,
    /// Order of `status`: a status of lower rank never replaces a higher one.
    rank: u8,
    error: Option<String>,
    reply_to: Option<String>,
    sent_at: Timestamp,
}

/// Ranks of `sent` and `failed` (`DeliveryStatus::rank`): statuses in between are the ones
/// a watermark may move forward.
const SENT_RANK: u8 = 1;
const FAILED_RANK: u8 = 4;

/// What an operator sends: `text` (or a caption), a file (`media`, as shown), a template.
#[derive(Debug, Clone, Copy)]
pub struct Outbound<'a> {
    /// `text`, `image`, `video`, `audio`, `document`, `template`.
    pub kind: &'a str,
    pub text: Option<&'a str>,
    pub media: Option<&'a str>,
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

/// A message to add to a conversation.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub external_id: String,
    pub direction: Direction,
    pub kind: String,
    pub text: Option<String>,
    pub media: Option<String>,
    pub status: String,
    pub rank: u8,
    pub reply_to: Option<String>,
    pub sent_at: Timestamp,
}

/// Where a conversation's messages go, for the send job.
#[derive(Debug, Clone)]
pub struct ConversationRoute {
    pub channel: String,
    pub account: String,
    pub chat: String,
    pub last_inbound_at: Option<Timestamp>,
}

/// The longest preview kept on a conversation.
const PREVIEW_CHARS: usize = 80;

impl WriteTxn<'_> {
    /// The contact with this identity, created if new; a name or phone it lacked is filled in.
    pub fn contact_for(
        &mut self,
        tenant: &TenantId,
        identity: &Identity<'_>,
    ) -> Result<u64, StoreError> {
        let key = (tenant.as_str(), identity.channel, identity.id);
        let found = self
            .tables
            .contact_identities(self.txn)?
            .get(key)?
            .map(|id| id.value());
        let id = if let Some(id) = found {
            id
        } else {
            {
                self.require_tenant(tenant)?;
                let id = self.next_id("contact")?;
                self.tables.contact_identities(self.txn)?.insert(key, id)?;
                let record = ContactRecord {
                    name: None,
                    phone: None,
                    country: None,
                    identities: vec![(identity.channel.to_owned(), identity.id.to_owned())],
                    tags: Vec::new(),
                    notes: Vec::new(),
                    created_at: self.now,
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
    ) -> Result<(), StoreError> {
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
    ) -> Result<(), StoreError> {
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
    pub fn contact_has_name(&mut self, tenant: &TenantId, id: u64) -> Result<bool, StoreError> {
        Ok(self.get_contact(tenant, id)?.name.is_some())
    }

    /// Adds an operator's note to a contact.
    pub fn note_contact(
        &mut self,
        tenant: &TenantId,
        id: u64,
        author: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("the note is empty".to_owned()));
        }
        let mut record = self.get_contact(tenant, id)?;
        record.notes.push(LeadNote {
            at: self.now,
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
    ) -> Result<(), StoreError> {
        if into == from {
            return Err(StoreError::Invalid(
                "a contact cannot be merged into itself".to_owned(),
            ));
        }
        let mut target = self.get_contact(tenant, into)?;
        let source = self.get_contact(tenant, from)?;
        for (channel, id) in &source.identities {
            self.tables
                .contact_identities(self.txn)?
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
        let conversations: Vec<u64> = {
            let table = self.tables.conversations(self.txn)?;
            let mut ids = Vec::new();
            for entry in table.range((tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX))? {
                let (key, bytes) = entry?;
                let record: ConversationRecord = decode(bytes.value())?;
                if record.contact == from {
                    ids.push(key.value().1);
                }
            }
            ids
        };
        for id in conversations {
            self.change_conversation(tenant, id, |record| record.contact = into)?;
        }
        self.move_leads(tenant, from, into)?;
        self.tables
            .contacts(self.txn)?
            .remove((tenant.as_str(), from))?;
        self.record_change(tenant, "contact", &from.to_string(), ChangeOp::Deleted)?;
        self.record_change(tenant, "contact", &into.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// Refuses a contact id that does not exist.
    pub fn contact_exists(&mut self, tenant: &TenantId, id: u64) -> Result<(), StoreError> {
        self.get_contact(tenant, id).map(drop)
    }

    /// Whether a conversation exists on (channel, account, chat).
    pub fn has_conversation(
        &mut self,
        tenant: &TenantId,
        channel: &str,
        account: &str,
        chat: &str,
    ) -> Result<bool, StoreError> {
        Ok(self
            .tables
            .conversation_keys(self.txn)?
            .get((tenant.as_str(), channel, account, chat))?
            .is_some())
    }

    /// The conversation of `contact` on (channel, account, chat), created if new.
    pub fn conversation_for(
        &mut self,
        tenant: &TenantId,
        contact: u64,
        channel: &str,
        account: &str,
        chat: &str,
    ) -> Result<u64, StoreError> {
        let key = (tenant.as_str(), channel, account, chat);
        if let Some(id) = self.tables.conversation_keys(self.txn)?.get(key)? {
            return Ok(id.value());
        }
        let id = self.next_id("conversation")?;
        self.tables.conversation_keys(self.txn)?.insert(key, id)?;
        let record = ConversationRecord {
            contact,
            channel: channel.to_owned(),
            account: account.to_owned(),
            chat: chat.to_owned(),
            state: ConversationState::Open,
            assignee: None,
            unread: 0,
            last_activity: self.now,
            last_inbound_at: None,
            preview: String::new(),
        };
        self.put_conversation(tenant, id, None, &record)?;
        self.record_change(tenant, "conversation", &id.to_string(), ChangeOp::Created)?;
        Ok(id)
    }

    /// Adds a message unless one with the same provider id exists (a replay): `None` then.
    /// The conversation's activity, preview, unread count and window start follow.
    pub fn add_message(
        &mut self,
        tenant: &TenantId,
        conversation: u64,
        channel: &str,
        message: &NewMessage,
    ) -> Result<Option<u64>, StoreError> {
        let key = (tenant.as_str(), channel, message.external_id.as_str());
        if self
            .tables
            .messages_by_external(self.txn)?
            .get(key)?
            .is_some()
        {
            return Ok(None);
        }
        let id = self.next_id("message")?;
        self.insert_message(tenant, conversation, channel, id, message)?;
        Ok(Some(id))
    }

    /// Stores message `id` with its external index, and moves the conversation's activity,
    /// preview, unread count and window start.
    fn insert_message(
        &mut self,
        tenant: &TenantId,
        conversation: u64,
        channel: &str,
        id: u64,
        message: &NewMessage,
    ) -> Result<(), StoreError> {
        self.tables.messages_by_external(self.txn)?.insert(
            (tenant.as_str(), channel, message.external_id.as_str()),
            (conversation, id),
        )?;
        let record = MessageRecord {
            external_id: message.external_id.clone(),
            direction: message.direction,
            kind: message.kind.clone(),
            text: message.text.clone(),
            media: message.media.clone(),
            status: message.status.clone(),
            rank: message.rank,
            error: None,
            reply_to: message.reply_to.clone(),
            sent_at: message.sent_at,
        };
        self.put_message(tenant, conversation, id, &record)?;
        let old = self.get_conversation(tenant, conversation)?;
        let mut new = old.clone();
        new.last_activity = new.last_activity.max(message.sent_at);
        let preview = message
            .text
            .clone()
            .unwrap_or_else(|| format!("[{}]", message.kind));
        new.preview = preview.chars().take(PREVIEW_CHARS).collect();
        if message.direction == Direction::Inbound {
            new.unread = new.unread.saturating_add(1);
            new.last_inbound_at = Some(
                new.last_inbound_at
                    .map_or(message.sent_at, |at| at.max(message.sent_at)),
            );
            if new.state == ConversationState::Resolved {
                new.state = ConversationState::Open;
            }
        }
        self.put_conversation(tenant, conversation, Some(&old), &new)?;
        self.record_change(tenant, "message", &id.to_string(), ChangeOp::Created)?;
        self.record_change(
            tenant,
            "conversation",
            &conversation.to_string(),
            ChangeOp::Updated,
        )?;
        Ok(())
    }

    /// Moves an outbound message's delivery status forward; a status of lower `rank` than the
    /// one stored (a `delivered` arriving after `read`) changes nothing. `Ok(false)` for an
    /// unknown or inbound message, or a step back.
    pub fn advance_message_status(
        &mut self,
        tenant: &TenantId,
        channel: &str,
        external_id: &str,
        status: &str,
        rank: u8,
        error: Option<String>,
    ) -> Result<bool, StoreError> {
        let Some(location) = self
            .tables
            .messages_by_external(self.txn)?
            .get((tenant.as_str(), channel, external_id))?
            .map(|value| value.value())
        else {
            return Ok(false);
        };
        let (conversation, id) = location;
        let key = (tenant.as_str(), conversation, id);
        let table = self.tables.messages(self.txn)?;
        let Some(bytes) = table.get(key)? else {
            return Ok(false);
        };
        let mut record: MessageRecord = decode(bytes.value())?;
        drop(bytes);
        // Statuses are about what the business sent; a customer's message has none.
        if record.direction == Direction::Inbound || rank <= record.rank {
            return Ok(false);
        }
        status.clone_into(&mut record.status);
        record.rank = rank;
        if error.is_some() {
            record.error = error;
        }
        table.insert(key, encode(&record)?.as_slice())?;
        self.record_change(tenant, "message", &id.to_string(), ChangeOp::Updated)?;
        Ok(true)
    }

    /// A watermark receipt: every outbound message of the conversation on (channel, account,
    /// chat) sent at or before `up_to` moves forward to `status`. Returns how many moved.
    pub fn advance_up_to(
        &mut self,
        tenant: &TenantId,
        (channel, account, chat): (&str, &str, &str),
        status: &str,
        rank: u8,
        up_to: Timestamp,
    ) -> Result<u32, StoreError> {
        let Some(conversation) = self
            .tables
            .conversation_keys(self.txn)?
            .get((tenant.as_str(), channel, account, chat))?
            .map(|id| id.value())
        else {
            return Ok(0);
        };
        let mut moved = Vec::new();
        for entry in self
            .tables
            .messages(self.txn)?
            .range((tenant.as_str(), conversation, 0)..=(tenant.as_str(), conversation, u64::MAX))?
            .rev()
        {
            let (key, value) = entry?;
            let record: MessageRecord = decode(value.value())?;
            // Only what the provider took (sent or delivered) can be delivered or read; a
            // queued message has not left, a failed one never will.
            let sent = (SENT_RANK..=FAILED_RANK).contains(&record.rank);
            if record.direction == Direction::Inbound || record.sent_at > up_to || !sent {
                continue;
            }
            if record.rank >= rank && record.rank < FAILED_RANK {
                // Everything older reached this state already.
                break;
            }
            if record.rank < rank {
                moved.push((key.value().2, record));
            }
        }
        let count = moved.len() as u32;
        for (id, mut record) in moved {
            status.clone_into(&mut record.status);
            record.rank = rank;
            self.put_message(tenant, conversation, id, &record)?;
            self.record_change(tenant, "message", &id.to_string(), ChangeOp::Updated)?;
        }
        Ok(count)
    }

    /// The conversation as the send job needs it: channel, account, chat and the start of the
    /// customer-service window.
    pub fn conversation_route(
        &mut self,
        tenant: &TenantId,
        id: u64,
    ) -> Result<ConversationRoute, StoreError> {
        let record = self.get_conversation(tenant, id)?;
        Ok(ConversationRoute {
            channel: record.channel,
            account: record.account,
            chat: record.chat,
            last_inbound_at: record.last_inbound_at,
        })
    }

    /// Adds or replaces a reply template.
    pub fn put_reply_template(
        &mut self,
        tenant: &TenantId,
        template: &ReplyTemplate,
    ) -> Result<(), StoreError> {
        self.require_tenant(tenant)?;
        self.tables.reply_templates(self.txn)?.insert(
            (tenant.as_str(), template.name.as_str()),
            encode(template)?.as_slice(),
        )?;
        self.record_change(tenant, "reply_template", &template.name, ChangeOp::Updated)?;
        Ok(())
    }

    /// Removes a reply template; an unknown name is not found.
    pub fn remove_reply_template(
        &mut self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<(), StoreError> {
        if self
            .tables
            .reply_templates(self.txn)?
            .remove((tenant.as_str(), name))?
            .is_none()
        {
            return Err(StoreError::not_found(format!("reply template {name:?}")));
        }
        self.record_change(tenant, "reply_template", name, ChangeOp::Deleted)?;
        Ok(())
    }

    /// One reply template.
    pub fn reply_template(
        &mut self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<ReplyTemplate, StoreError> {
        let table = self.tables.reply_templates(self.txn)?;
        let bytes = table
            .get((tenant.as_str(), name))?
            .ok_or_else(|| StoreError::not_found(format!("reply template {name:?}")))?;
        decode(bytes.value())
    }

    /// The contact's name on a conversation, for template variables.
    pub fn conversation_contact_name(
        &mut self,
        tenant: &TenantId,
        id: u64,
    ) -> Result<Option<String>, StoreError> {
        let contact = self.get_conversation(tenant, id)?.contact;
        Ok(self.get_contact(tenant, contact)?.name)
    }

    /// Sets or clears a conversation's assignee.
    pub fn assign_conversation(
        &mut self,
        tenant: &TenantId,
        id: u64,
        assignee: Option<&str>,
    ) -> Result<(), StoreError> {
        self.change_conversation(tenant, id, |record| {
            record.assignee = assignee.map(str::to_owned);
        })
    }

    /// Zeroes the unread count; returns the provider id of the customer's newest message when
    /// there was something unread (what a read receipt names).
    pub fn mark_conversation_read(
        &mut self,
        tenant: &TenantId,
        id: u64,
    ) -> Result<Option<String>, StoreError> {
        let record = self.get_conversation(tenant, id)?;
        if record.unread == 0 {
            return Ok(None);
        }
        self.change_conversation(tenant, id, |record| record.unread = 0)?;
        let table = self.tables.messages(self.txn)?;
        for entry in table
            .range((tenant.as_str(), id, 0)..=(tenant.as_str(), id, u64::MAX))?
            .rev()
        {
            let message: MessageRecord = decode(entry?.1.value())?;
            if message.direction == Direction::Inbound {
                return Ok(Some(message.external_id));
            }
        }
        Ok(None)
    }

    /// Opens, parks or resolves a conversation; resolving also clears its unread count.
    pub fn set_conversation_state(
        &mut self,
        tenant: &TenantId,
        id: u64,
        state: ConversationState,
    ) -> Result<(), StoreError> {
        self.change_conversation(tenant, id, |record| {
            record.state = state;
            if state == ConversationState::Resolved {
                record.unread = 0;
            }
        })
    }

    fn change_conversation(
        &mut self,
        tenant: &TenantId,
        id: u64,
        change: impl FnOnce(&mut ConversationRecord),
    ) -> Result<(), StoreError> {
        let old = self.get_conversation(tenant, id)?;
        let mut new = old.clone();
        change(&mut new);
        self.put_conversation(tenant, id, Some(&old), &new)?;
        self.record_change(tenant, "conversation", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// Adds an operator's message as `queued` with a local id (`local:<id>`) until the provider
    /// gives its own.
    pub fn queue_outbound(
        &mut self,
        tenant: &TenantId,
        conversation: u64,
        outbound: &Outbound<'_>,
        rank: u8,
    ) -> Result<u64, StoreError> {
        let route = self.conversation_route(tenant, conversation)?;
        let id = self.next_id("message")?;
        let message = NewMessage {
            external_id: format!("local:{id}"),
            direction: Direction::Outbound,
            kind: outbound.kind.to_owned(),
            text: outbound.text.map(str::to_owned),
            media: outbound.media.map(str::to_owned),
            status: "queued".to_owned(),
            rank,
            reply_to: None,
            sent_at: self.now,
        };
        self.insert_message(tenant, conversation, &route.channel, id, &message)?;
        Ok(id)
    }

    /// The text of an outbound message and its status, for the send job.
    pub fn outbound_message(
        &mut self,
        tenant: &TenantId,
        conversation: u64,
        id: u64,
    ) -> Result<(Option<String>, String), StoreError> {
        let record = self.get_message(tenant, conversation, id)?;
        Ok((record.text, record.status))
    }

    /// The provider accepted the message: it takes the provider's id (which its status webhooks
    /// will name) and `status` of `rank`, unless a status webhook already moved it further.
    pub fn message_sent(
        &mut self,
        tenant: &TenantId,
        conversation: u64,
        id: u64,
        provider_id: &str,
        status: &str,
        rank: u8,
    ) -> Result<(), StoreError> {
        let mut record = self.get_message(tenant, conversation, id)?;
        let channel = self.get_conversation(tenant, conversation)?.channel;
        self.tables.messages_by_external(self.txn)?.remove((
            tenant.as_str(),
            channel.as_str(),
            record.external_id.as_str(),
        ))?;
        provider_id.clone_into(&mut record.external_id);
        self.tables.messages_by_external(self.txn)?.insert(
            (tenant.as_str(), channel.as_str(), provider_id),
            (conversation, id),
        )?;
        if rank > record.rank {
            status.clone_into(&mut record.status);
            record.rank = rank;
        }
        self.put_message(tenant, conversation, id, &record)?;
        self.record_change(tenant, "message", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// The message will not be sent: `failed` with the reason the operator reads.
    pub fn message_failed(
        &mut self,
        tenant: &TenantId,
        conversation: u64,
        id: u64,
        error: &str,
        rank: u8,
    ) -> Result<(), StoreError> {
        let mut record = self.get_message(tenant, conversation, id)?;
        "failed".clone_into(&mut record.status);
        record.rank = rank;
        record.error = Some(error.to_owned());
        self.put_message(tenant, conversation, id, &record)?;
        self.record_change(tenant, "message", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// Points a message at its downloaded file (`blob:<sha256> (type, size)`).
    pub fn set_message_media(
        &mut self,
        tenant: &TenantId,
        conversation: u64,
        id: u64,
        reference: &str,
    ) -> Result<(), StoreError> {
        let mut record = self.get_message(tenant, conversation, id)?;
        record.media = Some(reference.to_owned());
        self.put_message(tenant, conversation, id, &record)?;
        self.record_change(tenant, "message", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    fn get_message(
        &mut self,
        tenant: &TenantId,
        conversation: u64,
        id: u64,
    ) -> Result<MessageRecord, StoreError> {
        let table = self.tables.messages(self.txn)?;
        let bytes = table
            .get((tenant.as_str(), conversation, id))?
            .ok_or_else(|| StoreError::not_found(format!("message {id} in tenant {tenant}")))?;
        decode(bytes.value())
    }

    fn put_message(
        &mut self,
        tenant: &TenantId,
        conversation: u64,
        id: u64,
        record: &MessageRecord,
    ) -> Result<(), StoreError> {
        self.tables.messages(self.txn)?.insert(
            (tenant.as_str(), conversation, id),
            encode(record)?.as_slice(),
        )?;
        Ok(())
    }

    fn get_contact(&mut self, tenant: &TenantId, id: u64) -> Result<ContactRecord, StoreError> {
        let table = self.tables.contacts(self.txn)?;
        let bytes = table
            .get((tenant.as_str(), id))?
            .ok_or_else(|| StoreError::not_found(format!("contact {id} in tenant {tenant}")))?;
        decode(bytes.value())
    }

    fn put_contact(
        &mut self,
        tenant: &TenantId,
        id: u64,
        record: &ContactRecord,
    ) -> Result<(), StoreError> {
        self.tables
            .contacts(self.txn)?
            .insert((tenant.as_str(), id), encode(record)?.as_slice())?;
        Ok(())
    }

    fn get_conversation(
        &mut self,
        tenant: &TenantId,
        id: u64,
    ) -> Result<ConversationRecord, StoreError> {
        let table = self.tables.conversations(self.txn)?;
        let bytes = table.get((tenant.as_str(), id))?.ok_or_else(|| {
            StoreError::not_found(format!("conversation {id} in tenant {tenant}"))
        })?;
        decode(bytes.value())
    }

    fn put_conversation(
        &mut self,
        tenant: &TenantId,
        id: u64,
        old: Option<&ConversationRecord>,
        new: &ConversationRecord,
    ) -> Result<(), StoreError> {
        let index = self.tables.conversations_by_activity(self.txn)?;
        if let Some(old) = old {
            index.remove((tenant.as_str(), millis(old.last_activity), id))?;
        }
        index.insert((tenant.as_str(), millis(new.last_activity), id), ())?;
        self.tables
            .conversations(self.txn)?
            .insert((tenant.as_str(), id), encode(new)?.as_slice())?;
        Ok(())
    }
}

impl ReadTxn {
    /// Conversations by last activity, newest first; `page.before` is a time in ms.
    pub fn list_conversations(
        &self,
        tenant: &TenantId,
        page: PageRequest,
        visible_to: Option<&str>,
    ) -> Result<ConversationPage, StoreError> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT) as usize;
        let before = page.before.unwrap_or(u64::MAX);
        let index = self.txn.open_table(CONVERSATIONS_BY_ACTIVITY)?;
        let mut conversations = Vec::new();
        let mut next = None;
        for entry in index
            .range((tenant.as_str(), 0, 0)..(tenant.as_str(), before, 0))?
            .rev()
        {
            let (at, id) = {
                let key = entry?.0;
                (key.value().1, key.value().2)
            };
            if conversations.len() == limit {
                next = Some(at + 1);
                break;
            }
            let summary = self.conversation_summary(tenant, id)?;
            // An agent's page is filled with what they may see: their own and unassigned ones.
            if !super::hidden_from(visible_to, summary.assignee.as_deref()) {
                conversations.push(summary);
            }
        }
        Ok(ConversationPage {
            conversations,
            next,
        })
    }

    /// A conversation, its contact and its last `limit` messages, oldest first.
    pub fn conversation_detail(
        &self,
        tenant: &TenantId,
        id: u64,
        limit: u32,
    ) -> Result<ConversationDetail, StoreError> {
        let conversation = self.conversation_summary(tenant, id)?;
        let contact = self.contact(tenant, conversation.contact)?;
        let table = self.txn.open_table(MESSAGES)?;
        let mut messages = Vec::new();
        for entry in table
            .range((tenant.as_str(), id, 0)..=(tenant.as_str(), id, u64::MAX))?
            .rev()
            .take(limit.clamp(1, PageRequest::MAX_LIMIT) as usize)
        {
            let (key, bytes) = entry?;
            let record: MessageRecord = decode(bytes.value())?;
            messages.push(Message {
                id: key.value().2,
                conversation: id,
                external_id: record.external_id,
                direction: record.direction,
                kind: record.kind,
                text: record.text,
                media: record.media,
                status: record.status,
                error: record.error,
                reply_to: record.reply_to,
                sent_at: record.sent_at,
            });
        }
        messages.reverse();
        Ok(ConversationDetail {
            conversation,
            contact,
            messages,
        })
    }

    /// The tenant's reply templates, by name.
    pub fn reply_templates(&self, tenant: &TenantId) -> Result<Vec<ReplyTemplate>, StoreError> {
        let table = self.txn.open_table(REPLY_TEMPLATES)?;
        let mut templates = Vec::new();
        for entry in table.range((tenant.as_str(), "")..)? {
            let (key, bytes) = entry?;
            if key.value().0 != tenant.as_str() {
                break;
            }
            templates.push(decode(bytes.value())?);
        }
        Ok(templates)
    }

    /// Who a conversation is assigned to.
    pub fn conversation_assignee(
        &self,
        tenant: &TenantId,
        id: u64,
    ) -> Result<Option<String>, StoreError> {
        Ok(self.conversation_summary(tenant, id)?.assignee)
    }

    /// Contacts, newest first.
    pub fn list_contacts(
        &self,
        tenant: &TenantId,
        page: PageRequest,
    ) -> Result<Vec<Contact>, StoreError> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT) as usize;
        let before = page.before.unwrap_or(u64::MAX);
        let table = self.txn.open_table(CONTACTS)?;
        let mut contacts = Vec::new();
        for entry in table
            .range((tenant.as_str(), 0)..(tenant.as_str(), before))?
            .rev()
            .take(limit)
        {
            let (key, bytes) = entry?;
            contacts.push(contact_of(key.value().1, decode(bytes.value())?));
        }
        Ok(contacts)
    }

    pub fn contact(&self, tenant: &TenantId, id: u64) -> Result<Contact, StoreError> {
        let table = self.txn.open_table(CONTACTS)?;
        let bytes = table
            .get((tenant.as_str(), id))?
            .ok_or_else(|| StoreError::not_found(format!("contact {id} in tenant {tenant}")))?;
        Ok(contact_of(id, decode(bytes.value())?))
    }

    fn conversation_summary(
        &self,
        tenant: &TenantId,
        id: u64,
    ) -> Result<ConversationSummary, StoreError> {
        let table = self.txn.open_table(CONVERSATIONS)?;
        let bytes = table.get((tenant.as_str(), id))?.ok_or_else(|| {
            StoreError::not_found(format!("conversation {id} in tenant {tenant}"))
        })?;
        let record: ConversationRecord = decode(bytes.value())?;
        let contact_name = self.contact(tenant, record.contact)?.name;
        Ok(ConversationSummary {
            id,
            contact: record.contact,
            contact_name,
            channel: record.channel,
            account: record.account,
            state: record.state,
            assignee: record.assignee,
            unread: record.unread,
            last_activity: record.last_activity,
            last_inbound_at: record.last_inbound_at,
            preview: record.preview,
        })
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

#[cfg(test)]
mod tests {
    use centralita_channels::DeliveryStatus;

    #[test]
    fn watermark_ranks_are_the_delivery_status_ranks() {
        assert_eq!(super::SENT_RANK, DeliveryStatus::Sent.rank());
        assert_eq!(super::FAILED_RANK, DeliveryStatus::Failed.rank());
    }
}
