//! Conversations and messages, with the indexes that match provider identities to them:
//! (channel, account, chat) → conversation, (channel, provider message id) → message (the
//! dedupe key), and last activity → conversation (the inbox order); and quick replies.
//! What the read side lists and shows is in `store/reads.rs`.

use centralita_channels::Channel;
use centralita_protocol::said::Words;
use centralita_protocol::{
    ChangeOp, ContactId, ConversationId, ConversationState, ConversationSummary, Direction,
    MessageId, Record, TenantId,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::error::{AreaError, Said};
use crate::lookup::find;
use crate::store::{Declared, Index, Records, Values, WriteTxn, millis, tenant_keys};

/// (tenant, conversation id) → [`ConversationRecord`].
const CONVERSATIONS: Records<(&str, u64), ConversationRecord> = Records::new("conversations");
/// (tenant, channel, account, chat) → conversation id.
const CONVERSATION_KEYS: Values<(&str, &str, &str, &str), u64> = Values::new("conversation_keys");
/// (tenant, last activity ms, conversation id): the inbox, newest first.
const CONVERSATIONS_BY_ACTIVITY: Index<(&str, u64, u64)> = Index::new("conversations_by_activity");
/// (tenant, conversation id, message id) → [`MessageRecord`].
const MESSAGES: Records<(&str, u64, u64), MessageRecord> = Records::new("messages");
/// (tenant, channel, provider message id) → (conversation id, message id): replays and statuses.
const MESSAGES_BY_EXTERNAL: Values<(&str, &str, &str), (u64, u64)> =
    Values::new("messages_by_external");

/// The inbox's tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[
    &CONVERSATIONS,
    &CONVERSATION_KEYS,
    &CONVERSATIONS_BY_ACTIVITY,
    &MESSAGES,
    &MESSAGES_BY_EXTERNAL,
    &super::replies::QUICK_REPLIES,
    &super::whatsapp_templates::WHATSAPP_TEMPLATES,
];

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ConversationRecord {
    contact: ContactId,
    channel: Channel,
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
    /// `error` in the catalog's words (none in records from before them).
    #[serde(default)]
    error_words: Option<Words>,
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
    pub channel: Channel,
    pub account: String,
    pub chat: String,
    pub last_inbound_at: Option<Timestamp>,
}

/// The longest preview kept on a conversation.
const PREVIEW_CHARS: usize = 80;

impl ConversationRecord {
    /// Conversation `id` as the wire shows it.
    fn summary(self, id: ConversationId, contact_name: Option<String>) -> ConversationSummary {
        ConversationSummary {
            id,
            contact: self.contact,
            contact_name,
            channel: self.channel.as_str().to_owned(),
            account: self.account,
            state: self.state,
            assignee: self.assignee,
            unread: self.unread,
            last_activity: self.last_activity,
            last_inbound_at: self.last_inbound_at,
            preview: self.preview,
        }
    }
}

impl WriteTxn<'_> {
    /// Refuses a conversation that does not exist, or that `actor` may not see.
    pub fn require_visible_conversation(
        &mut self,
        actor: &Actor,
        id: ConversationId,
    ) -> Result<(), AreaError> {
        require_visible(self, actor, id)
    }

    /// Conversation `id` as the wire shows it, inside this transaction.
    pub fn conversation_summary_in_txn(
        &mut self,
        tenant: &TenantId,
        id: ConversationId,
    ) -> Result<ConversationSummary, AreaError> {
        summarize(self, tenant, id)
    }

    /// Points every conversation of contact `from` at `into` (a merge).
    pub fn move_conversations(
        &mut self,
        tenant: &TenantId,
        from: ContactId,
        into: ContactId,
    ) -> Result<(), AreaError> {
        let conversations: Vec<ConversationId> = {
            let table = self.open(&CONVERSATIONS)?;
            let mut ids = Vec::new();
            for entry in table.range(tenant_keys(tenant))? {
                let (key, record) = entry?;
                if record.contact == from {
                    ids.push(ConversationId(key.value().1));
                }
            }
            ids
        };
        for id in conversations {
            self.change_conversation(tenant, id, |record| record.contact = into)?;
        }
        Ok(())
    }

    /// Whether a conversation exists on (channel, account, chat).
    pub fn has_conversation(
        &mut self,
        tenant: &TenantId,
        channel: Channel,
        account: &str,
        chat: &str,
    ) -> Result<bool, AreaError> {
        Ok(self
            .open(&CONVERSATION_KEYS)?
            .get((tenant.as_str(), channel.as_str(), account, chat))?
            .is_some())
    }

    /// The conversation of `contact` on (channel, account, chat), created if new.
    pub fn conversation_for(
        &mut self,
        tenant: &TenantId,
        contact: ContactId,
        channel: Channel,
        account: &str,
        chat: &str,
    ) -> Result<ConversationId, AreaError> {
        let key = (tenant.as_str(), channel.as_str(), account, chat);
        if let Some(id) = self.open(&CONVERSATION_KEYS)?.get(key)? {
            return Ok(ConversationId(id));
        }
        let id = ConversationId(self.next_id("conversation")?);
        self.open(&CONVERSATION_KEYS)?.insert(key, id.0)?;
        let record = ConversationRecord {
            contact,
            channel,
            account: account.to_owned(),
            chat: chat.to_owned(),
            state: ConversationState::Open,
            assignee: None,
            unread: 0,
            last_activity: self.now(),
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
        conversation: ConversationId,
        channel: Channel,
        message: &NewMessage,
    ) -> Result<Option<MessageId>, AreaError> {
        let key = (
            tenant.as_str(),
            channel.as_str(),
            message.external_id.as_str(),
        );
        if self.open(&MESSAGES_BY_EXTERNAL)?.get(key)?.is_some() {
            return Ok(None);
        }
        let id = MessageId(self.next_id("message")?);
        self.insert_message(tenant, conversation, channel, id, message)?;
        Ok(Some(id))
    }

    /// Stores message `id` with its external index, and moves the conversation's activity,
    /// preview, unread count and window start.
    fn insert_message(
        &mut self,
        tenant: &TenantId,
        conversation: ConversationId,
        channel: Channel,
        id: MessageId,
        message: &NewMessage,
    ) -> Result<(), AreaError> {
        self.open(&MESSAGES_BY_EXTERNAL)?.insert(
            (
                tenant.as_str(),
                channel.as_str(),
                message.external_id.as_str(),
            ),
            (conversation.0, id.0),
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
            error_words: None,
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
        channel: Channel,
        external_id: &str,
        status: &str,
        rank: u8,
        error: Option<Said>,
    ) -> Result<bool, AreaError> {
        let Some(location) = self.open(&MESSAGES_BY_EXTERNAL)?.get((
            tenant.as_str(),
            channel.as_str(),
            external_id,
        ))?
        else {
            return Ok(false);
        };
        let (conversation, id) = location;
        let key = (tenant.as_str(), conversation, id);
        let mut table = self.open(&MESSAGES)?;
        let Some(mut record) = table.get(key)? else {
            return Ok(false);
        };
        // Statuses are about what the business sent; a customer's message has none.
        if record.direction == Direction::Inbound || rank <= record.rank {
            return Ok(false);
        }
        status.clone_into(&mut record.status);
        record.rank = rank;
        if let Some(error) = error {
            record.error_words = Some(error.words());
            record.error = Some(error.text);
        }
        table.insert(key, &record)?;
        self.record_change(tenant, "message", &id.to_string(), ChangeOp::Updated)?;
        Ok(true)
    }

    /// A watermark receipt: every outbound message of the conversation on (channel, account,
    /// chat) sent at or before `up_to` moves forward to `status`. Returns how many moved.
    pub fn advance_up_to(
        &mut self,
        tenant: &TenantId,
        (channel, account, chat): (Channel, &str, &str),
        status: &str,
        rank: u8,
        up_to: Timestamp,
    ) -> Result<u32, AreaError> {
        let Some(conversation) = self.open(&CONVERSATION_KEYS)?.get((
            tenant.as_str(),
            channel.as_str(),
            account,
            chat,
        ))?
        else {
            return Ok(0);
        };
        let mut moved = Vec::new();
        for entry in self
            .open(&MESSAGES)?
            .range((tenant.as_str(), conversation, 0)..=(tenant.as_str(), conversation, u64::MAX))?
            .rev()
        {
            let (key, record) = entry?;
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
                moved.push((MessageId(key.value().2), record));
            }
        }
        let count = moved.len() as u32;
        for (id, mut record) in moved {
            status.clone_into(&mut record.status);
            record.rank = rank;
            self.put_message(tenant, ConversationId(conversation), id, &record)?;
            self.record_change(tenant, "message", &id.to_string(), ChangeOp::Updated)?;
        }
        Ok(count)
    }

    /// The conversation as the send job needs it: channel, account, chat and the start of the
    /// customer-service window.
    pub fn conversation_route(
        &mut self,
        tenant: &TenantId,
        id: ConversationId,
    ) -> Result<ConversationRoute, AreaError> {
        let record = self.get_conversation(tenant, id)?;
        Ok(ConversationRoute {
            channel: record.channel,
            account: record.account,
            chat: record.chat,
            last_inbound_at: record.last_inbound_at,
        })
    }

    /// The contact's name on a conversation, for template variables.
    pub fn conversation_contact_name(
        &mut self,
        tenant: &TenantId,
        id: ConversationId,
    ) -> Result<Option<String>, AreaError> {
        let contact = self.get_conversation(tenant, id)?.contact;
        self.contact_name(tenant, contact)
    }

    /// Sets or clears a conversation's assignee.
    pub fn assign_conversation(
        &mut self,
        tenant: &TenantId,
        id: ConversationId,
        assignee: Option<&str>,
    ) -> Result<(), AreaError> {
        self.change_conversation(tenant, id, |record| {
            record.assignee = assignee.map(str::to_owned);
        })
    }

    /// Zeroes the unread count; returns the provider id of the customer's newest message when
    /// there was something unread (what a read receipt names).
    pub fn mark_conversation_read(
        &mut self,
        tenant: &TenantId,
        id: ConversationId,
    ) -> Result<Option<String>, AreaError> {
        let record = self.get_conversation(tenant, id)?;
        if record.unread == 0 {
            return Ok(None);
        }
        self.change_conversation(tenant, id, |record| record.unread = 0)?;
        let table = self.open(&MESSAGES)?;
        for entry in table
            .range((tenant.as_str(), id.0, 0)..=(tenant.as_str(), id.0, u64::MAX))?
            .rev()
        {
            let message = entry?.1;
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
        id: ConversationId,
        state: ConversationState,
    ) -> Result<(), AreaError> {
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
        id: ConversationId,
        change: impl FnOnce(&mut ConversationRecord),
    ) -> Result<(), AreaError> {
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
        conversation: ConversationId,
        outbound: &Outbound<'_>,
        rank: u8,
    ) -> Result<MessageId, AreaError> {
        let route = self.conversation_route(tenant, conversation)?;
        let id = MessageId(self.next_id("message")?);
        let message = NewMessage {
            external_id: format!("local:{id}"),
            direction: Direction::Outbound,
            kind: outbound.kind.to_owned(),
            text: outbound.text.map(str::to_owned),
            media: outbound.media.map(str::to_owned),
            status: "queued".to_owned(),
            rank,
            reply_to: None,
            sent_at: self.now(),
        };
        self.insert_message(tenant, conversation, route.channel, id, &message)?;
        Ok(id)
    }

    /// The text of an outbound message and its status, for the send job.
    pub fn outbound_message(
        &mut self,
        tenant: &TenantId,
        conversation: ConversationId,
        id: MessageId,
    ) -> Result<(Option<String>, String), AreaError> {
        let record = self.get_message(tenant, conversation, id)?;
        Ok((record.text, record.status))
    }

    /// The provider accepted the message: it takes the provider's id (which its status webhooks
    /// will name) and `status` of `rank`, unless a status webhook already moved it further.
    pub fn message_sent(
        &mut self,
        tenant: &TenantId,
        conversation: ConversationId,
        id: MessageId,
        provider_id: &str,
        status: &str,
        rank: u8,
    ) -> Result<(), AreaError> {
        self.update_message(tenant, conversation, id, |txn, record| {
            let channel = txn.get_conversation(tenant, conversation)?.channel;
            txn.open(&MESSAGES_BY_EXTERNAL)?.remove((
                tenant.as_str(),
                channel.as_str(),
                record.external_id.as_str(),
            ))?;
            provider_id.clone_into(&mut record.external_id);
            txn.open(&MESSAGES_BY_EXTERNAL)?.insert(
                (tenant.as_str(), channel.as_str(), provider_id),
                (conversation.0, id.0),
            )?;
            if rank > record.rank {
                status.clone_into(&mut record.status);
                record.rank = rank;
            }
            Ok(())
        })
    }

    /// The message will not be sent: `failed` with the reason the operator reads.
    pub fn message_failed(
        &mut self,
        tenant: &TenantId,
        conversation: ConversationId,
        id: MessageId,
        error: &Said,
        rank: u8,
    ) -> Result<(), AreaError> {
        self.update_message(tenant, conversation, id, |_, record| {
            "failed".clone_into(&mut record.status);
            record.rank = rank;
            record.error = Some(error.text.clone());
            record.error_words = Some(error.words());
            Ok(())
        })
    }

    /// Points a message at its downloaded file (`blob:<sha256> (type, size)`).
    pub fn set_message_media(
        &mut self,
        tenant: &TenantId,
        conversation: ConversationId,
        id: MessageId,
        reference: &str,
    ) -> Result<(), AreaError> {
        self.update_message(tenant, conversation, id, |_, record| {
            record.media = Some(reference.to_owned());
            Ok(())
        })
    }

    fn get_message(
        &mut self,
        tenant: &TenantId,
        conversation: ConversationId,
        id: MessageId,
    ) -> Result<MessageRecord, AreaError> {
        self.open(&MESSAGES)?
            .get((tenant.as_str(), conversation.0, id.0))?
            .ok_or_else(|| AreaError::missing(Record::Message, id, tenant))
    }

    /// Reads message `id`, lets `update` change it (with this transaction at hand), stores it
    /// and records the change.
    fn update_message(
        &mut self,
        tenant: &TenantId,
        conversation: ConversationId,
        id: MessageId,
        update: impl FnOnce(&mut Self, &mut MessageRecord) -> Result<(), AreaError>,
    ) -> Result<(), AreaError> {
        let mut record = self.get_message(tenant, conversation, id)?;
        update(self, &mut record)?;
        self.put_message(tenant, conversation, id, &record)?;
        self.record_change(tenant, "message", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    fn put_message(
        &mut self,
        tenant: &TenantId,
        conversation: ConversationId,
        id: MessageId,
        record: &MessageRecord,
    ) -> Result<(), AreaError> {
        self.open(&MESSAGES)?
            .insert((tenant.as_str(), conversation.0, id.0), record)?;
        Ok(())
    }

    fn get_conversation(
        &mut self,
        tenant: &TenantId,
        id: ConversationId,
    ) -> Result<ConversationRecord, AreaError> {
        find(self, &CONVERSATIONS, tenant, id)
    }

    fn put_conversation(
        &mut self,
        tenant: &TenantId,
        id: ConversationId,
        old: Option<&ConversationRecord>,
        new: &ConversationRecord,
    ) -> Result<(), AreaError> {
        let mut index = self.open(&CONVERSATIONS_BY_ACTIVITY)?;
        if let Some(old) = old {
            index.remove((tenant.as_str(), millis(old.last_activity), id.0))?;
        }
        index.insert((tenant.as_str(), millis(new.last_activity), id.0))?;
        self.open(&CONVERSATIONS)?
            .insert((tenant.as_str(), id.0), new)?;
        Ok(())
    }
}

mod claims;
mod reads;
pub(crate) use claims::claim_conversations;
use reads::{require_visible, summarize};
#[cfg(test)]
mod tests;
