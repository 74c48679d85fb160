//! Inbound: how a parsed webhook becomes contacts, conversations, messages, delivery statuses
//! and template news, applied by the webhook route in the same commit as the raw event. A
//! customer's first message opens a lead; a file is fetched by a job enqueued in that commit.
//! Parsing is in the `centralita-channels` crate.

use centralita_channels::{Channel, Inbound, InboundMessage, StatusUpdate, phone};
use centralita_protocol::said as key;
use centralita_protocol::{Direction, TenantId};

use super::NewMessage;
use super::media::FetchMedia;
use super::profile::LookUpProfile;
use crate::crm::contacts::Identity;
use crate::error::{AreaError, said};
use crate::store::WriteTxn;

/// The records in a provider's body.
pub fn parse(provider: &str, body: &[u8]) -> Result<Vec<Inbound>, String> {
    let parsed = match provider {
        "whatsapp" => centralita_channels::whatsapp::parse(body),
        "messenger" => centralita_channels::messenger::parse(body),
        "telegram" => centralita_channels::telegram::parse(body).map(|(_, items)| items),
        other => return Err(format!("unknown provider {other}")),
    };
    parsed.map_err(|error| format!("{provider}: {error}"))
}

/// Applies one parsed record in `txn`: a message (for one of the tenant's `accounts`, or any
/// when the list is empty) with its contact and conversation, a status, a watermark, a
/// template's news. Replays are no-ops: `Ok(false)` says the record changed nothing.
pub fn apply(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    accounts: &[String],
    auto_leads: bool,
    item: &Inbound,
) -> Result<bool, AreaError> {
    let foreign = |account: &str| !accounts.is_empty() && !accounts.iter().any(|a| a == account);
    Ok(match item {
        Inbound::Message(message) if foreign(&message.account) => {
            tracing::warn!(tenant = %tenant, account = %message.account, "message for an account this tenant does not have; ignored");
            false
        }
        Inbound::Message(message) => apply_message(txn, tenant, message, auto_leads)?,
        Inbound::Status(status) => apply_status(txn, tenant, status)?,
        Inbound::Watermark(mark) if foreign(&mark.account) => {
            tracing::warn!(tenant = %tenant, account = %mark.account, "receipt for an account this tenant does not have; ignored");
            false
        }
        Inbound::Watermark(mark) => {
            txn.advance_up_to(
                tenant,
                (mark.channel, &mark.account, &mark.chat),
                mark.status.as_str(),
                mark.status.rank(),
                mark.up_to,
            )? > 0
        }
        Inbound::Template(update) => {
            txn.merge_whatsapp_template(tenant, update)?;
            true
        }
        Inbound::Ignored { kind } => {
            tracing::debug!(tenant = %tenant, kind, "event kept raw, nothing to apply");
            false
        }
    })
}

fn apply_message(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    message: &InboundMessage,
    auto_leads: bool,
) -> Result<bool, AreaError> {
    let channel = message.channel;
    let phone = message
        .sender
        .phone
        .as_deref()
        .and_then(|raw| phone::normalize(raw, None));
    let country = phone.as_deref().and_then(phone::country_of);
    let contact = txn.contact_for(
        tenant,
        &Identity {
            channel: channel.as_str(),
            id: &message.sender.id,
            name: message.sender.name.as_deref(),
            phone: phone.as_deref(),
            country,
        },
    )?;
    let new_conversation = !message.from_business
        && !txn.has_conversation(tenant, channel, &message.account, &message.chat)?;
    let opens = auto_leads && new_conversation;
    // Messenger sends no names: a new conversation with a nameless contact asks for one.
    if new_conversation
        && message.channel == Channel::Messenger
        && !txn.contact_has_name(tenant, contact)?
    {
        txn.enqueue(
            tenant,
            &LookUpProfile {
                contact,
                psid: message.sender.id.clone(),
            },
        )?;
    }
    let conversation =
        txn.conversation_for(tenant, contact, channel, &message.account, &message.chat)?;
    let (direction, status, rank) = if message.from_business {
        let sent = centralita_channels::DeliveryStatus::Sent;
        (Direction::Outbound, sent.as_str(), sent.rank())
    } else {
        (Direction::Inbound, "received", 0)
    };
    let media = message.media.as_ref().map(|media| {
        let mut described = media.id.clone();
        if let Some(mime) = &media.mime_type {
            described = format!("{described} ({mime})");
        }
        described
    });
    let added = txn.add_message(
        tenant,
        conversation,
        channel,
        &NewMessage {
            external_id: message.external_id.clone(),
            direction,
            kind: message.kind.as_str().to_owned(),
            text: message.text.clone(),
            media,
            status: status.to_owned(),
            rank,
            reply_to: message.reply_to.clone(),
            // Telegram button presses carry no date of their own: use when it arrived.
            sent_at: if message.sent_at == jiff::Timestamp::UNIX_EPOCH {
                txn.now()
            } else {
                message.sent_at
            },
        },
    )?;
    if let (Some(id), Some(file)) = (added, &message.media) {
        txn.enqueue(
            tenant,
            &FetchMedia {
                channel: message.channel,
                conversation,
                message: id,
                media: file.id.clone(),
            },
        )?;
    }
    // A customer's first message opens a lead in the funnel it belongs to.
    if opens {
        let text = message.text.as_deref().unwrap_or_default();
        txn.open_lead_for_first_message(tenant, contact, conversation, text)?;
    }
    Ok(added.is_some())
}

fn apply_status(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    status: &StatusUpdate,
) -> Result<bool, AreaError> {
    // The provider's own words (code, title, detail) are a value of the catalog's sentence.
    let error = status.error.as_ref().map(|error| {
        let provider_words = match &error.detail {
            Some(detail) => format!("{} {}: {detail}", error.code, error.title),
            None => format!("{} {}", error.code, error.title),
        };
        said!(
            key::DELIVERY_FAILED,
            "{0} could not deliver the message: {1}",
            status.channel,
            provider_words
        )
    });
    txn.advance_message_status(
        tenant,
        status.channel,
        &status.external_id,
        status.status.as_str(),
        status.status.rank(),
        error,
    )
}
