//! What operators do with conversations: list and read them, reply (text, a quick reply, a
//! file, an approved WhatsApp template), assign, park or resolve, mark read. Agents see and act
//! on their own conversations and the unassigned ones; that is checked inside the transaction
//! that makes the change. A reply is queued in the same commit as its audit entry and sent by a
//! job (`send.rs`).

use centralita_protocol::said as key;
use centralita_protocol::{
    ConversationDetail, ConversationFilter, ConversationId, ConversationPage, ConversationState,
    ConversationSummary, Message, MessageId, PageRequest, UploadId,
};

use super::outbound::{self, TemplateSend};
use super::providers::OutboundFile;
use crate::actor::Actor;
use crate::audit;
use crate::crm::filter::{Search, assignee_matches};
use crate::error::{AreaError, said};
use crate::queue::Queue;
use crate::store::{Store, WriteTxn};
use crate::uploads::Uploads;

/// Conversations matching `filter` by last activity, newest first: an agent's own and the
/// unassigned ones.
pub async fn list(
    store: &Store,
    actor: &Actor,
    filter: ConversationFilter,
    page: PageRequest,
) -> Result<ConversationPage, AreaError> {
    let actor = actor.clone();
    let search = Search::new(filter.search.as_deref());
    store
        .read(move |txn| {
            txn.list_conversations(&actor.tenant, page, |txn, summary| {
                let kept = actor.sees(summary.assignee.as_deref())
                    && filter.state.is_none_or(|state| summary.state == state)
                    && assignee_matches(
                        &actor,
                        filter.assignee.as_ref(),
                        summary.assignee.as_deref(),
                    )
                    && filter
                        .channel
                        .as_deref()
                        .is_none_or(|channel| summary.channel.eq_ignore_ascii_case(channel.trim()))
                    && (!filter.unread || summary.unread > 0)
                    && filter
                        .contact
                        .is_none_or(|contact| summary.contact == contact);
                if !kept || search.is_empty() {
                    return Ok(kept);
                }
                let contact = txn.contact(&actor.tenant, summary.contact)?;
                let fields = [contact.name.as_deref(), contact.phone.as_deref()]
                    .into_iter()
                    .flatten()
                    .chain(contact.identities.iter().map(|(_, handle)| handle.as_str()))
                    .chain([summary.preview.as_str()]);
                Ok(search.matches(fields))
            })
        })
        .await
}

/// One conversation, its contact and its last `limit` messages.
pub async fn show(
    store: &Store,
    actor: &Actor,
    id: ConversationId,
    limit: u32,
) -> Result<ConversationDetail, AreaError> {
    let actor = actor.clone();
    store
        .read(move |txn| {
            let detail = txn.conversation_detail(&actor.tenant, id, limit)?;
            actor.require_sees("conversation", id, detail.conversation.assignee.as_deref())?;
            Ok(detail)
        })
        .await
}

/// Up to `limit` messages of conversation `id` older than message `before`, oldest first.
pub async fn history(
    store: &Store,
    actor: &Actor,
    id: ConversationId,
    before: MessageId,
    limit: u32,
) -> Result<Vec<Message>, AreaError> {
    let actor = actor.clone();
    store
        .read(move |txn| {
            let assignee = txn.conversation_assignee(&actor.tenant, id)?;
            actor.require_sees("conversation", id, assignee.as_deref())?;
            txn.conversation_messages(&actor.tenant, id, Some(before), limit)
        })
        .await
}

/// Replies with text: the message is `queued` at once and sent by a job. Refused when the
/// channel's 24-hour window is closed.
pub async fn send(
    queue: &Queue,
    actor: &Actor,
    id: ConversationId,
    text: String,
) -> Result<MessageId, AreaError> {
    let detail: String = text.chars().take(200).collect();
    queue_send(queue, actor, id, detail, move |txn, actor| {
        outbound::queue_reply(txn, &actor.tenant, id, &text)
    })
    .await
}

/// Replies with a quick reply, its variables filled for this conversation.
pub async fn send_quick_reply(
    queue: &Queue,
    actor: &Actor,
    id: ConversationId,
    reply: String,
) -> Result<MessageId, AreaError> {
    let detail = reply.clone();
    queue_send(queue, actor, id, detail, move |txn, actor| {
        outbound::queue_quick_reply(txn, &actor.tenant, id, &reply, actor.user())
    })
    .await
}

/// Quick reply `reply` filled for conversation `id` as the actor would send it.
pub async fn preview_quick_reply(
    store: &Store,
    actor: &Actor,
    id: ConversationId,
    reply: String,
) -> Result<String, AreaError> {
    let actor = actor.clone();
    store
        .read(move |txn| {
            txn.require_visible_conversation(&actor, id)?;
            outbound::preview_quick_reply(txn, &actor.tenant, id, &reply, actor.user())
        })
        .await
}

/// Replies with the file of upload `upload` (used up here, not read as an invoice), with an
/// optional caption: images, video and audio go as such, anything else as a document. Refused
/// when the window is closed or the file is over the channel's limit.
pub async fn send_file(
    queue: &Queue,
    uploads: &Uploads,
    actor: &Actor,
    id: ConversationId,
    upload: UploadId,
    caption: Option<String>,
) -> Result<MessageId, AreaError> {
    // The conversation is checked before the upload is used up, and again as the message
    // commits.
    let checker = actor.clone();
    queue
        .store()
        .read(move |txn| txn.require_visible_conversation(&checker, id))
        .await?;
    let upload = uploads.finish(actor, upload)?;
    let size = upload.bytes.len() as u64;
    let name = upload.file_name;
    let blob = queue.store().put_blob(upload.bytes).await?;
    let detail = format!("{name} ({size} bytes)");
    queue_send(queue, actor, id, detail, move |txn, actor| {
        let channel = txn.conversation_route(&actor.tenant, id)?.channel;
        let file = OutboundFile::new(channel, &name, blob.as_str(), size);
        outbound::queue_file(txn, &actor.tenant, id, &file, caption.as_deref())
    })
    .await
}

/// Sends an approved WhatsApp template with its numbered variables filled in order; allowed
/// outside the 24-hour window.
pub async fn send_whatsapp_template(
    queue: &Queue,
    actor: &Actor,
    id: ConversationId,
    (name, language): (String, String),
    variables: Vec<String>,
) -> Result<MessageId, AreaError> {
    let detail = format!("{name} ({language}) {}", variables.join(" | "));
    queue_send(queue, actor, id, detail, move |txn, actor| {
        let send = TemplateSend {
            name: name.clone(),
            language: language.clone(),
            variables: variables.clone(),
        };
        outbound::queue_whatsapp_template(txn, &actor.tenant, id, &send)
    })
    .await
}

/// Assigns a conversation to an operator of the tenant (`None`: nobody). Agents may only take
/// one themselves or give their own back.
pub async fn assign(
    store: &Store,
    actor: &Actor,
    id: ConversationId,
    assignee: Option<String>,
) -> Result<ConversationSummary, AreaError> {
    if actor
        .agent()
        .is_some_and(|user| assignee.as_deref().is_some_and(|assignee| assignee != user))
    {
        return Err(said!(
            key::AGENT_TAKES_CONVERSATION,
            "agents can only take a conversation themselves; ask a supervisor to assign it to someone else"
        )
        .denied());
    }
    let detail = assignee.clone().map_or_else(
        || said!(key::ASSIGNED_TO_NOBODY, "(nobody)").into(),
        audit::Detail::from,
    );
    change(store, actor, id, detail, move |txn, actor| {
        if let Some(user) = &assignee
            && !txn.is_operator(&actor.tenant, user)?
        {
            return Err(said!(
                key::NO_ROLE_TO_ASSIGN,
                "{0} has no role in tenant {1}: add them with `centralita operators add`",
                user,
                actor.tenant
            )
            .invalid());
        }
        txn.assign_conversation(&actor.tenant, id, assignee.as_deref())
    })
    .await
}

/// Opens, parks (pending) or resolves a conversation.
pub async fn set_state(
    store: &Store,
    actor: &Actor,
    id: ConversationId,
    state: ConversationState,
) -> Result<ConversationSummary, AreaError> {
    change(
        store,
        actor,
        id,
        state.as_str().into(),
        move |txn, actor| txn.set_conversation_state(&actor.tenant, id, state),
    )
    .await
}

/// The operator has read the conversation: its unread count goes to zero and, on WhatsApp, the
/// customer's last message is marked read at the provider (a job).
pub async fn mark_read(queue: &Queue, actor: &Actor, id: ConversationId) -> Result<(), AreaError> {
    let actor = actor.clone();
    queue
        .store()
        .write(move |txn| {
            txn.require_visible_conversation(&actor, id)?;
            outbound::mark_read(txn, &actor.tenant, id)
        })
        .await?;
    queue.wake(super::QUEUE);
    Ok(())
}

/// Queues something to send (given the actor) on a conversation the actor sees, with its audit
/// entry in the same commit, then wakes the send workers. Returns the queued message's id.
async fn queue_send<F>(
    queue: &Queue,
    actor: &Actor,
    id: ConversationId,
    detail: String,
    mut queue_it: F,
) -> Result<MessageId, AreaError>
where
    F: FnMut(&mut WriteTxn<'_>, &Actor) -> Result<MessageId, AreaError> + Send + 'static,
{
    let checker = actor.clone();
    let entry = actor.audit(format!("conversation {id}"), detail);
    let message = audit::audited(queue.store(), entry, move |txn| {
        txn.require_visible_conversation(&checker, id)?;
        queue_it(txn, &checker)
    })
    .await?;
    queue.wake(super::QUEUE);
    Ok(message)
}

/// Runs a change on a conversation the actor sees, audited; returns its summary after.
async fn change<F>(
    store: &Store,
    actor: &Actor,
    id: ConversationId,
    detail: audit::Detail,
    mut change: F,
) -> Result<ConversationSummary, AreaError>
where
    F: FnMut(&mut WriteTxn<'_>, &Actor) -> Result<(), AreaError> + Send + 'static,
{
    let checker = actor.clone();
    let entry = actor.audit(format!("conversation {id}"), detail);
    audit::audited(store, entry, move |txn| {
        txn.require_visible_conversation(&checker, id)?;
        change(txn, &checker)?;
        txn.conversation_summary_in_txn(&checker.tenant, id)
    })
    .await
}
