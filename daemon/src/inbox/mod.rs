//! Messaging channels (WhatsApp, Messenger, Telegram): each tenant's webhook secrets, how a
//! parsed webhook becomes contacts, conversations, messages and delivery statuses ([`apply`],
//! run by the webhook route in the same commit as the raw event), replies ([`send`]) and inbound
//! files ([`media`]).
//! Parsing is in the `centralita-channels` crate.

pub mod conversations;
pub mod media;
pub mod pace;
pub mod profile;
pub mod replies;
pub mod send;
mod store;
pub mod templates;
pub mod whatsapp_templates;

pub(crate) use store::TABLES;
pub use store::{ConversationRoute, NewMessage, Outbound};

use std::collections::BTreeMap;

use centralita_channels::{Inbound, InboundMessage, StatusUpdate, phone};
use centralita_config::{Config, Secret, SecretRef};
use centralita_protocol::{Direction, TenantId};

use crate::crm::contacts::Identity;
use crate::error::AreaError;
use crate::store::WriteTxn;

/// The queue replies are sent on.
pub const QUEUE: &str = "inbox";

/// Public test values the sandbox tenant uses when the config names none.
pub const SANDBOX_APP_SECRET: &str = "sandbox-secret";
pub const SANDBOX_VERIFY_TOKEN: &str = "sandbox-verify";
pub const SANDBOX_TELEGRAM_SECRET: &str = "sandbox-telegram";
pub const SANDBOX_ACCESS_TOKEN: &str = "sandbox-token";
pub const SANDBOX_BUSINESS_ACCOUNT: &str = "sandbox-waba";

/// Graph API base when the config names none.
pub const GRAPH_API: &str = "https://graph.facebook.com/v21.0";
/// Bot API base when the config names none.
pub const TELEGRAM_API: &str = "https://api.telegram.org";

/// A tenant's Meta app secrets (WhatsApp or Messenger), its accounts and its send token.
#[derive(Debug, Clone)]
pub struct MetaSecrets {
    pub app_secret: Secret,
    pub verify_token: Secret,
    /// Phone number ids or Page ids; empty accepts any (the sandbox).
    pub accounts: Vec<String>,
    /// Sends need it; `None` means receive only.
    pub access_token: Option<Secret>,
    pub api_base: String,
    /// WhatsApp Business Account id: where message templates are listed.
    pub business_account: Option<String>,
}

/// A tenant's Telegram bot.
#[derive(Debug, Clone)]
pub struct TelegramSecrets {
    pub secret_token: Secret,
    pub bot_token: Option<Secret>,
    pub api_base: String,
}

/// Every tenant's channel secrets, resolved at start, and how inbound messages are applied.
#[derive(Debug, Default)]
pub struct ChannelSecrets {
    /// A customer's first message opens a lead (`[crm] auto_leads`).
    pub auto_leads: bool,
    pub whatsapp: BTreeMap<TenantId, MetaSecrets>,
    pub messenger: BTreeMap<TenantId, MetaSecrets>,
    pub telegram: BTreeMap<TenantId, TelegramSecrets>,
}

impl ChannelSecrets {
    /// Resolves `[channels]`; the sandbox tenant (with the daemon's webhook address) gets the
    /// public test secrets and the sandbox's fake provider APIs for any channel the config
    /// leaves out. An unresolvable secret names its key.
    pub fn from_config(
        config: &Config,
        sandbox: Option<(&TenantId, std::net::SocketAddr)>,
    ) -> Result<Self, String> {
        let tenant = |section: &str, name: &str| {
            TenantId::new(name.to_owned())
                .map_err(|error| format!("channels.{section}.{name}: {error}"))
        };
        let resolve = |key: String, secret: &SecretRef| {
            secret.resolve().map_err(|error| format!("{key}: {error}"))
        };
        let mut secrets = Self {
            auto_leads: config.crm.auto_leads,
            ..Self::default()
        };
        for (section, source, target) in [
            ("whatsapp", &config.channels.whatsapp, &mut secrets.whatsapp),
            (
                "messenger",
                &config.channels.messenger,
                &mut secrets.messenger,
            ),
        ] {
            for (name, channel) in source {
                let key = |leaf: &str| format!("channels.{section}.{name}.{leaf}");
                let access_token = match &channel.access_token {
                    Some(token) => Some(resolve(key("access_token"), token)?),
                    None => None,
                };
                target.insert(
                    tenant(section, name)?,
                    MetaSecrets {
                        app_secret: resolve(key("app_secret"), &channel.app_secret)?,
                        verify_token: resolve(key("verify_token"), &channel.verify_token)?,
                        accounts: channel.accounts.clone(),
                        access_token,
                        api_base: channel
                            .api_base
                            .clone()
                            .unwrap_or_else(|| GRAPH_API.to_owned()),
                        business_account: channel.business_account_id.clone(),
                    },
                );
            }
        }
        for (name, channel) in &config.channels.telegram {
            let key = |leaf: &str| format!("channels.telegram.{name}.{leaf}");
            let bot_token = match &channel.bot_token {
                Some(token) => Some(resolve(key("bot_token"), token)?),
                None => None,
            };
            secrets.telegram.insert(
                tenant("telegram", name)?,
                TelegramSecrets {
                    secret_token: resolve(key("secret_token"), &channel.secret_token)?,
                    bot_token,
                    api_base: channel
                        .api_base
                        .clone()
                        .unwrap_or_else(|| TELEGRAM_API.to_owned()),
                },
            );
        }
        if let Some((tenant, webhook)) = sandbox {
            let meta = || MetaSecrets {
                app_secret: Secret::new(SANDBOX_APP_SECRET),
                verify_token: Secret::new(SANDBOX_VERIFY_TOKEN),
                accounts: Vec::new(),
                access_token: Some(Secret::new(SANDBOX_ACCESS_TOKEN)),
                api_base: format!("http://{webhook}/sandbox/graph/{tenant}"),
                business_account: Some(SANDBOX_BUSINESS_ACCOUNT.to_owned()),
            };
            secrets.whatsapp.entry(tenant.clone()).or_insert_with(meta);
            secrets.messenger.entry(tenant.clone()).or_insert_with(meta);
            secrets
                .telegram
                .entry(tenant.clone())
                .or_insert_with(|| TelegramSecrets {
                    secret_token: Secret::new(SANDBOX_TELEGRAM_SECRET),
                    bot_token: Some(Secret::new(SANDBOX_ACCESS_TOKEN)),
                    api_base: format!("http://{webhook}/sandbox/telegram/{tenant}"),
                });
        }
        Ok(secrets)
    }

    /// The Meta secrets of `tenant` for `provider` (`whatsapp` or `messenger`).
    pub fn meta(&self, provider: &str, tenant: &TenantId) -> Option<&MetaSecrets> {
        match provider {
            "whatsapp" => self.whatsapp.get(tenant),
            "messenger" => self.messenger.get(tenant),
            _ => None,
        }
    }
}

/// Registers the channel jobs: sends and read receipts, inbound files, WhatsApp template
/// syncs, Messenger profile lookups.
pub fn register_jobs(
    queue: &crate::queue::Queue,
    store: &crate::store::Store,
    secrets: &std::sync::Arc<ChannelSecrets>,
) {
    send::register(queue, store, secrets);
    register_job(queue, media::MEDIA_KIND, store, secrets, media::run);
    register_job(queue, templates::SYNC_KIND, store, secrets, templates::sync);
    register_job(queue, profile::PROFILE_KIND, store, secrets, profile::run);
}

/// Registers `kind`, run by `run` with the store, the channel secrets and one HTTP client.
pub(crate) fn register_job<F, Fut>(
    queue: &crate::queue::Queue,
    kind: &str,
    store: &crate::store::Store,
    secrets: &std::sync::Arc<ChannelSecrets>,
    run: F,
) where
    F: Fn(
            crate::queue::JobContext,
            crate::store::Store,
            std::sync::Arc<ChannelSecrets>,
            reqwest::Client,
        ) -> Fut
        + Send
        + Sync
        + 'static,
    Fut: std::future::Future<Output = Result<(), crate::queue::JobError>> + Send + 'static,
{
    let (store, secrets, http) = (
        store.clone(),
        std::sync::Arc::clone(secrets),
        crate::http::client(),
    );
    queue.register(
        kind,
        crate::queue::handler(move |context| {
            run(
                context,
                store.clone(),
                std::sync::Arc::clone(&secrets),
                http.clone(),
            )
        }),
    );
}

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
                (mark.channel.as_str(), &mark.account, &mark.chat),
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
    let channel = message.channel.as_str();
    let phone = message
        .sender
        .phone
        .as_deref()
        .and_then(|raw| phone::normalize(raw, None));
    let country = phone.as_deref().and_then(phone::country_of);
    let contact = txn.contact_for(
        tenant,
        &Identity {
            channel,
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
        && message.channel == centralita_channels::Channel::Messenger
        && !txn.contact_has_name(tenant, contact)?
    {
        profile::enqueue(txn, tenant, contact, &message.sender.id)?;
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
        media::enqueue(txn, tenant, channel, conversation, id, &file.id)?;
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
    let error = status.error.as_ref().map(|error| match &error.detail {
        Some(detail) => format!("{} {}: {detail}", error.code, error.title),
        None => format!("{} {}", error.code, error.title),
    });
    txn.advance_message_status(
        tenant,
        status.channel.as_str(),
        &status.external_id,
        status.status.as_str(),
        status.status.rank(),
        error,
    )
}
