//! What the inbox reads: conversation lists, details and messages, and the conversation
//! lookups both kinds of transaction share.

use centralita_protocol::{
    ConversationDetail, ConversationId, ConversationPage, ConversationSummary, Message, MessageId,
    PageRequest, TenantId,
};

use super::{CONVERSATIONS, CONVERSATIONS_BY_ACTIVITY, MESSAGES};
use crate::actor::Actor;
use crate::error::AreaError;
use crate::lookup::find;
use crate::store::{ReadTxn, Reader, page_limit};

impl ReadTxn {
    /// Refuses a conversation that does not exist, or that `actor` may not see.
    pub fn require_visible_conversation(
        &self,
        actor: &Actor,
        id: ConversationId,
    ) -> Result<(), AreaError> {
        require_visible(self, actor, id)
    }

    /// Conversations by last activity, newest first, those `keep` keeps (a page is filled with
    /// them); `page.before` is a time in ms. The cursor is a time only, so a page never ends
    /// inside one millisecond: conversations active at the same time (one webhook's batch) come
    /// on the same page, even past `page.limit`, and the next page starts after them — none
    /// repeated, none skipped.
    pub fn list_conversations(
        &self,
        tenant: &TenantId,
        page: PageRequest,
        mut keep: impl FnMut(&Self, &ConversationSummary) -> Result<bool, AreaError>,
    ) -> Result<ConversationPage, AreaError> {
        let limit = page_limit(page);
        let before = page.before.unwrap_or(u64::MAX);
        let index = self.open(&CONVERSATIONS_BY_ACTIVITY)?;
        let mut conversations = Vec::new();
        let mut next = None;
        let mut last_at = None;
        for entry in index
            .range((tenant.as_str(), 0, 0)..(tenant.as_str(), before, 0))?
            .rev()
        {
            let (at, id) = {
                let key = entry?;
                (key.value().1, ConversationId(key.value().2))
            };
            if conversations.len() >= limit && last_at != Some(at) {
                next = Some(at + 1);
                break;
            }
            last_at = Some(at);
            let summary = self.conversation_summary(tenant, id)?;
            if keep(self, &summary)? {
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
        id: ConversationId,
        limit: u32,
    ) -> Result<ConversationDetail, AreaError> {
        let conversation = self.conversation_summary(tenant, id)?;
        let contact = self.contact(tenant, conversation.contact)?;
        let messages = self.conversation_messages(tenant, id, None, limit)?;
        Ok(ConversationDetail {
            conversation,
            contact,
            messages,
        })
    }

    /// Up to `limit` messages of conversation `id` older than message `before` (`None`: the
    /// newest), oldest first.
    pub fn conversation_messages(
        &self,
        tenant: &TenantId,
        id: ConversationId,
        before: Option<MessageId>,
        limit: u32,
    ) -> Result<Vec<Message>, AreaError> {
        let table = self.open(&MESSAGES)?;
        let mut messages = Vec::new();
        for entry in table
            .range(
                (tenant.as_str(), id.0, 0)
                    ..(tenant.as_str(), id.0, before.map_or(u64::MAX, |m| m.0)),
            )?
            .rev()
            .take(limit.clamp(1, PageRequest::MAX_LIMIT) as usize)
        {
            let (key, record) = entry?;
            messages.push(Message {
                id: MessageId(key.value().2),
                conversation: id,
                external_id: record.external_id,
                direction: record.direction,
                kind: record.kind,
                text: record.text,
                media: record.media,
                status: record.status,
                error: record.error,
                error_words: record.error_words,
                reply_to: record.reply_to,
                sent_at: record.sent_at,
            });
        }
        messages.reverse();
        Ok(messages)
    }

    /// Who a conversation is assigned to.
    pub fn conversation_assignee(
        &self,
        tenant: &TenantId,
        id: ConversationId,
    ) -> Result<Option<String>, AreaError> {
        Ok(self.conversation_summary(tenant, id)?.assignee)
    }

    pub fn conversation_summary(
        &self,
        tenant: &TenantId,
        id: ConversationId,
    ) -> Result<ConversationSummary, AreaError> {
        summarize(self, tenant, id)
    }
}

/// Conversation `id` as the wire shows it, with its contact's name.
pub(super) fn summarize(
    mut txn: impl Reader,
    tenant: &TenantId,
    id: ConversationId,
) -> Result<ConversationSummary, AreaError> {
    let record = find(&mut txn, &CONVERSATIONS, tenant, id)?;
    let contact_name = crate::crm::contacts::contact_name(&mut txn, tenant, record.contact)?;
    Ok(record.summary(id, contact_name))
}

/// Refuses a conversation that does not exist, or that `actor` may not see.
pub(super) fn require_visible(
    mut txn: impl Reader,
    actor: &Actor,
    id: ConversationId,
) -> Result<(), AreaError> {
    let record = find(&mut txn, &CONVERSATIONS, &actor.tenant, id)?;
    actor.require_sees("conversation", id, record.assignee.as_deref())
}
