//! The dashboard: what an operator sees first about their tenant — queues and recent
//! failures, conversations waiting and answer times, invoices per state, reminders due, and how
//! each integration is set up.

use std::sync::Arc;

use centralita_protocol::{Dashboard, IntegrationStatus};

use crate::actor::Actor;
use crate::connections::{ConnectionState, Connections, Provider};
use crate::crm::reminders;
use crate::error::{AreaError, Said, said};
use crate::inbox::ChannelSecrets;
use crate::invoices::Invoices;
use crate::queue::Queue;
use centralita_protocol::said as key;

/// What the dashboard reads from.
pub struct Sources<'a> {
    pub queue: &'a Queue,
    pub invoices: &'a Invoices,
    pub channels: &'a Arc<ChannelSecrets>,
    pub connections: &'a Connections,
    pub glosas: &'a crate::glosas::Glosas,
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
    let (tenant, agent) = (actor.tenant.clone(), actor.agent().map(str::to_owned));
    let conversations = sources
        .queue
        .store()
        .read(move |txn| txn.conversation_stats(&tenant, agent.as_deref(), jiff::Timestamp::now()))
        .await?;
    let mut integrations = integrations(&sources, actor);
    let gmail = gmail(&sources, actor).await?;
    if let Some(slot) = integrations.iter_mut().find(|item| item.name == "gmail") {
        *slot = gmail;
    }
    Ok(Dashboard {
        integrations,
        tenant: actor.tenant.clone(),
        queues,
        recent_failures,
        sandbox: sources.sandbox,
        invoices,
        reminders_due: reminders::due(sources.queue.store(), actor).await?,
        glosas: sources.glosas.counts(actor).await?,
        conversations,
    })
}

/// Integrations as the dashboard shows them: each channel and the invoice LLM as the config
/// sets them up for the tenant (sends need a token); Gmail's place is filled by [`gmail`], and
/// GoHighLevel is not there yet.
fn integrations(sources: &Sources<'_>, actor: &Actor) -> Vec<IntegrationStatus> {
    let tenant = &actor.tenant;
    let status = |name: &str, state: &str, detail: &str| IntegrationStatus {
        name: name.into(),
        state: state.into(),
        detail: detail.into(),
        words: None,
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

/// Gmail as the tenant's Google connections and mailboxes stand: the worst first (a grant to
/// renew, an error), then working mailboxes.
async fn gmail(sources: &Sources<'_>, actor: &Actor) -> Result<IntegrationStatus, AreaError> {
    let status = |state: &str, detail: String| IntegrationStatus {
        name: "gmail".into(),
        state: state.into(),
        detail,
        words: None,
    };
    let failing = |state: &str, said: Said| IntegrationStatus {
        words: Some(said.words()),
        ..status(state, said.text)
    };
    let Some(client) = sources.connections.client(Provider::Google) else {
        return Ok(status("not_configured", String::new()));
    };
    let sandbox = client.api_base.contains("/sandbox/");
    let tenant = actor.tenant.clone();
    let (connections, mailboxes) = sources
        .queue
        .store()
        .read(move |txn| Ok::<_, AreaError>((txn.connections(&tenant)?, txn.mailboxes(&tenant)?)))
        .await?;
    let google: Vec<_> = connections
        .iter()
        .filter(|connection| connection.provider == Provider::Google)
        .collect();
    let about = |connection: &crate::connections::ConnectionRecord| {
        let who = if connection.account.is_empty() {
            format!("connection {}", connection.id)
        } else {
            format!("{} (connection {})", connection.account, connection.id)
        };
        match &connection.last_error {
            Some(error) => format!("{who}: {error}"),
            None => who,
        }
    };
    for (state, wanted) in [
        (
            "reauthorization_needed",
            ConnectionState::ReauthorizationNeeded,
        ),
        ("error", ConnectionState::Error),
    ] {
        if let Some(connection) = google.iter().find(|connection| connection.state == wanted) {
            return Ok(match connection_error(connection) {
                Some(said) => failing(state, said),
                None => status(state, about(connection)),
            });
        }
    }
    if let Some(mailbox) = mailboxes
        .iter()
        .find(|mailbox| mailbox.last_error.is_some())
    {
        let error = mailbox.last_error.clone().unwrap_or_default();
        let said = said!(
            key::INTEGRATION_MAILBOX_ERROR,
            "mailbox {0}: {1}",
            mailbox.id,
            error
        )
        .with_inner(mailbox.last_error_words.clone());
        return Ok(failing("error", said));
    }
    let working = google.iter().filter(|connection| {
        matches!(
            connection.state,
            ConnectionState::Connected | ConnectionState::Refreshing
        )
    });
    let accounts: Vec<String> = working.map(|connection| about(connection)).collect();
    if accounts.is_empty() {
        let pending = google
            .iter()
            .any(|connection| connection.state == ConnectionState::Pending);
        return Ok(if pending {
            status("pending", "waiting for the consent at Google".into())
        } else {
            status(
                "not_connected",
                "connect with `centralita connections add google`".into(),
            )
        });
    }
    let messages: u64 = mailboxes.iter().map(|mailbox| mailbox.messages).sum();
    let detail = format!(
        "{}; {} mailbox(es), {messages} messages",
        accounts.join(", "),
        mailboxes.len()
    );
    Ok(status(if sandbox { "sandbox" } else { "ok" }, detail))
}

/// A failing connection's last error and whose it is, as the dashboard says it (its words
/// inside when the connection kept them); `None` when it has no error.
fn connection_error(connection: &crate::connections::ConnectionRecord) -> Option<Said> {
    let error = connection.last_error.as_ref()?;
    let said = if connection.account.is_empty() {
        said!(
            key::INTEGRATION_CONNECTION_ERROR,
            "connection {0}: {1}",
            connection.id,
            error
        )
    } else {
        said!(
            key::INTEGRATION_ACCOUNT_ERROR,
            "{0} (connection {1}): {2}",
            connection.account,
            connection.id,
            error
        )
    };
    Some(said.with_inner(connection.last_error_words.clone()))
}
