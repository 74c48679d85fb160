//! The dashboard: what an operator sees first about their tenant — queues and recent
//! failures, invoices per state, reminders due, and how each integration is set up.

use std::sync::Arc;

use centralita_protocol::{Dashboard, IntegrationStatus};

use crate::actor::Actor;
use crate::crm::reminders;
use crate::error::AreaError;
use crate::inbox::ChannelSecrets;
use crate::invoices::Invoices;
use crate::queue::Queue;

/// What the dashboard reads from.
pub struct Sources<'a> {
    pub queue: &'a Queue,
    pub invoices: &'a Invoices,
    pub channels: &'a Arc<ChannelSecrets>,
    /// Fake providers are on.
    pub sandbox: bool,
}

/// The actor's tenant's dashboard.
pub async fn build(sources: Sources<'_>, actor: &Actor) -> Result<Dashboard, AreaError> {
    let queues = sources.queue.infos(actor).await?;
    let tenant = actor.tenant.clone();
    let recent_failures = sources
        .queue
        .store()
        .read(move |txn| txn.recent_failures(&tenant, 10))
        .await?;
    let invoices = sources.invoices.summary(actor).await?;
    Ok(Dashboard {
        integrations: integrations(&sources, actor),
        tenant: actor.tenant.clone(),
        queues,
        recent_failures,
        sandbox: sources.sandbox,
        invoices,
        reminders_due: reminders::due(sources.queue.store(), actor).await?,
    })
}

/// Integrations as the dashboard shows them: each channel and the invoice LLM as the config
/// sets them up for the tenant (sends need a token), Gmail and GoHighLevel not yet.
fn integrations(sources: &Sources<'_>, actor: &Actor) -> Vec<IntegrationStatus> {
    let tenant = &actor.tenant;
    let status = |name: &str, state: &str, detail: &str| IntegrationStatus {
        name: name.into(),
        state: state.into(),
        detail: detail.into(),
    };
    let mut list = Vec::new();
    if sources.sandbox {
        list.push(status(
            "sandbox",
            "sandbox",
            "fake providers on loopback; not for production",
        ));
    }
    let channel = |name: &str, api_base: Option<&str>, sends: bool| match api_base {
        None => status(name, "not_configured", ""),
        Some(base) if base.contains("/sandbox/") => status(name, "sandbox", "fake API"),
        Some(_) if sends => status(name, "ok", "receives and sends"),
        Some(_) => status(name, "ok", "receives only: no send token"),
    };
    for name in ["whatsapp", "messenger"] {
        let meta = sources.channels.meta(name, tenant);
        list.push(channel(
            name,
            meta.map(|meta| meta.api_base.as_str()),
            meta.is_some_and(|meta| meta.access_token.is_some()),
        ));
    }
    let bot = sources.channels.telegram.get(tenant);
    list.push(channel(
        "telegram",
        bot.map(|bot| bot.api_base.as_str()),
        bot.is_some_and(|bot| bot.bot_token.is_some()),
    ));
    list.push(status("gmail", "not_configured", ""));
    list.push(status("gohighlevel", "not_configured", ""));
    list.push(match sources.invoices.llm_endpoint(tenant) {
        Some(endpoint) if endpoint.base_url.contains("/sandbox/") => {
            status("llm", "sandbox", &endpoint.model)
        }
        Some(endpoint) => status("llm", "ok", &endpoint.model),
        None => status("llm", "not_configured", ""),
    });
    list
}
