//! Each tenant's channel settings, resolved at start from `[channels.*.TENANT]`: the webhook
//! secrets the routes verify with, the accounts (phone number ids, Page ids) a tenant owns, and
//! the send tokens. The sandbox tenant gets public test values and the sandbox's fake APIs.

use std::collections::BTreeMap;

use centralita_config::{Config, Secret, SecretRef};
use centralita_protocol::TenantId;

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
    /// Which chat files go to invoice intake by themselves (`[invoices.from_chats]`).
    pub invoice_files: BTreeMap<TenantId, Vec<centralita_config::ChatFileRule>>,
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
        for (name, rules) in &config.invoices.from_chats {
            let tenant = TenantId::new(name.to_owned())
                .map_err(|error| format!("invoices.from_chats.{name}: {error}"))?;
            let rules = rules
                .iter()
                .map(|rule| centralita_config::ChatFileRule::parse(rule))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| format!("invoices.from_chats.{name}: {error}"))?;
            secrets.invoice_files.insert(tenant, rules);
        }
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
