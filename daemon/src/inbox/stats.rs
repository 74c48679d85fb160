//! The inbox at a glance, for the dashboard and the reports: every conversation page by page
//! (no silent cut at one page), the messages of a period, and how long customers waited for a
//! first reply.

use centralita_protocol::{
    ConversationId, ConversationState, ConversationStats, ConversationSummary, Direction, Message,
    PageRequest, ResponseTimes, TenantId,
};
use jiff::{SignedDuration, Timestamp};

use crate::error::AreaError;
use crate::store::ReadTxn;

/// Conversations the dashboard lists.
const RECENT: usize = 5;

/// Messages read back per step while looking for the start of a period.
const STEP: u32 = 500;

impl ReadTxn {
    /// Every conversation of `tenant` that `agent` may see (`None`: all), most recent activity
    /// first, read one full page at a time.
    pub fn all_conversations(
        &self,
        tenant: &TenantId,
        agent: Option<&str>,
    ) -> Result<Vec<ConversationSummary>, AreaError> {
        let mut all: Vec<ConversationSummary> = Vec::new();
        let mut before = None;
        loop {
            let page = self.list_conversations(
                tenant,
                PageRequest {
                    before,
                    limit: PageRequest::MAX_LIMIT,
                },
                |_, summary| {
                    Ok(!crate::actor::hidden_from(
                        agent,
                        summary.assignee.as_deref(),
                    ))
                },
            )?;
            all.extend(page.conversations);
            match page.next {
                Some(next) if before != Some(next) => before = Some(next),
                _ => return Ok(all),
            }
        }
    }

    /// The messages of conversation `id` sent at or after `from`, oldest first, however many.
    pub fn messages_since(
        &self,
        tenant: &TenantId,
        id: ConversationId,
        from: Timestamp,
    ) -> Result<Vec<Message>, AreaError> {
        let mut newest_first: Vec<Message> = Vec::new();
        let mut before = None;
        loop {
            let batch = self.conversation_messages(tenant, id, before, STEP)?;
            let full = batch.len() == STEP as usize;
            let Some(oldest) = batch.first() else {
                break;
            };
            before = Some(oldest.id);
            let reached = oldest.sent_at < from;
            newest_first.extend(
                batch
                    .into_iter()
                    .rev()
                    .filter(|message| message.sent_at >= from),
            );
            if reached || !full {
                break;
            }
        }
        newest_first.reverse();
        Ok(newest_first)
    }

    /// The seconds each customer waited for a first reply: from a customer message opening an
    /// exchange within `from..to` to the next reply, for every conversation `agent` may see.
    pub fn first_response_waits(
        &self,
        tenant: &TenantId,
        agent: Option<&str>,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<u64>, AreaError> {
        let conversations = self.all_conversations(tenant, agent)?;
        self.first_response_waits_in(tenant, &conversations, from, to)
    }

    /// [`Self::first_response_waits`] over `conversations`, most recent activity first (the
    /// dashboard has read them already).
    fn first_response_waits_in(
        &self,
        tenant: &TenantId,
        conversations: &[ConversationSummary],
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<u64>, AreaError> {
        let mut waits = Vec::new();
        for conversation in conversations {
            // The list is most recent first: the rest had nothing in the period.
            if conversation.last_activity < from {
                break;
            }
            let messages = self.messages_since(tenant, conversation.id, from)?;
            waits.extend(first_reply_waits(&messages, from, to));
        }
        Ok(waits)
    }

    /// When the customer wrote last in conversation `id`, if nothing was sent after it.
    fn unanswered_since(
        &self,
        tenant: &TenantId,
        id: ConversationId,
    ) -> Result<Option<Timestamp>, AreaError> {
        let last = self.conversation_messages(tenant, id, None, 1)?;
        Ok(last
            .first()
            .filter(|message| message.direction == Direction::Inbound)
            .map(|message| message.sent_at))
    }

    /// The dashboard's inbox figures for `agent`'s sight at `now`.
    pub fn conversation_stats(
        &self,
        tenant: &TenantId,
        agent: Option<&str>,
        now: Timestamp,
    ) -> Result<ConversationStats, AreaError> {
        let conversations = self.all_conversations(tenant, agent)?;
        let open: Vec<&ConversationSummary> = conversations
            .iter()
            .filter(|conversation| conversation.state == ConversationState::Open)
            .collect();
        let mut waiting: Vec<Timestamp> = Vec::new();
        for conversation in &open {
            if let Some(since) = self.unanswered_since(tenant, conversation.id)? {
                waiting.push(since);
            }
        }
        let from =
            now - SignedDuration::from_hours(24 * i64::from(ConversationStats::RESPONSE_DAYS));
        let waits = self.first_response_waits_in(tenant, &conversations, from, now)?;
        Ok(ConversationStats {
            active: open.len() as u64,
            unanswered: waiting.len() as u64,
            waiting_since: waiting.iter().min().copied(),
            response: summarise(&waits),
            recent: conversations.into_iter().take(RECENT).collect(),
        })
    }
}

/// For messages oldest first: each customer message that opens an exchange within `from..to`,
/// the whole seconds to the next reply. A message still unanswered counts nothing.
pub fn first_reply_waits(messages: &[Message], from: Timestamp, to: Timestamp) -> Vec<u64> {
    let mut waits = Vec::new();
    let mut waiting_since: Option<Timestamp> = None;
    for message in messages {
        match message.direction {
            Direction::Inbound => {
                if waiting_since.is_none() && message.sent_at >= from && message.sent_at < to {
                    waiting_since = Some(message.sent_at);
                }
            }
            Direction::Outbound => {
                if let Some(since) = waiting_since.take() {
                    let seconds = message.sent_at.duration_since(since).as_secs().max(0);
                    waits.push(seconds.unsigned_abs());
                }
            }
        }
    }
    waits
}

/// Min, max and average of `waits`, or `None` when nothing was answered.
fn summarise(waits: &[u64]) -> Option<ResponseTimes> {
    let answered = waits.len() as u64;
    let total: u64 = waits.iter().sum();
    Some(ResponseTimes {
        answered,
        min_secs: *waits.iter().min()?,
        max_secs: *waits.iter().max()?,
        average_secs: total.checked_div(answered)?,
    })
}

#[cfg(test)]
mod tests {
    use centralita_protocol::MessageId;

    use super::*;

    fn message(id: MessageId, direction: Direction, minute: i64) -> Message {
        Message {
            id,
            conversation: ConversationId(1),
            external_id: format!("m{id}"),
            direction,
            kind: "text".into(),
            text: None,
            media: None,
            status: "sent".into(),
            error: None,
            error_words: None,
            reply_to: None,
            sent_at: Timestamp::UNIX_EPOCH + SignedDuration::from_mins(minute),
        }
    }

    #[test]
    fn a_wait_runs_from_the_first_unanswered_customer_message_to_the_reply() {
        use Direction::{Inbound, Outbound};
        let messages = [
            message(MessageId(1), Inbound, 10),
            message(MessageId(2), Inbound, 12),
            message(MessageId(3), Outbound, 15),
            message(MessageId(4), Outbound, 16),
            message(MessageId(5), Inbound, 30),
            message(MessageId(6), Outbound, 31),
            message(MessageId(7), Inbound, 40),
        ];
        let from = Timestamp::UNIX_EPOCH;
        let to = from + SignedDuration::from_hours(1);
        assert_eq!(first_reply_waits(&messages, from, to), vec![300, 60]);
        // An exchange opened before the period does not count.
        let later = from + SignedDuration::from_mins(11);
        assert_eq!(first_reply_waits(&messages, later, to), vec![180, 60]);
        assert_eq!(
            summarise(&[300, 60]),
            Some(ResponseTimes {
                answered: 2,
                min_secs: 60,
                max_secs: 300,
                average_secs: 180,
            })
        );
        assert_eq!(summarise(&[]), None);
    }
}
