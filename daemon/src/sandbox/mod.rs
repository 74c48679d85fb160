//! The sandbox: fake providers on loopback for the demo and the tests, only when
//! `[sandbox] enabled = true`, with a loud banner in the log and on the dashboard.
//!
//! Today it has the `sandbox.event` job (what `POST /webhooks/sandbox/{tenant}` enqueues) and a
//! generator of sample jobs for the demo: most succeed, some fail and retry, one ends dead and
//! succeeds once an operator retries it. Fake WhatsApp, Telegram, GHL, Gmail and LLM endpoints
//! come with their issues.

pub mod google;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use centralita_protocol::TenantId;
use centralita_protocol::said as key;
use tokio_util::sync::CancellationToken;

use crate::error::{AreaError, said};
use crate::queue::{DEFAULT_QUEUE, Job, JobContext, JobError, Queue};

/// HMAC key of the sandbox webhook route when the config names none. Public on purpose.
pub const DEFAULT_WEBHOOK_SECRET: &str = "sandbox-secret";

/// A sandbox event: what `POST /webhooks/sandbox/{tenant}` takes (the whole JSON object is
/// kept) and what the demo's generator makes. `action` says what the fake provider does:
/// `ok`, `fail` (retryable), `fail_permanent`, `fail_until_retried` (retryable until an
/// operator retries the job by hand), `flaky` (fails the first attempt), `sleep_ms:N`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SandboxEvent {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The rest of the object, kept as it came.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
    /// Attempts before it is dead: the queue's setting for its kind (not stored).
    #[serde(skip)]
    pub attempts: Option<u32>,
}

impl Job for SandboxEvent {
    const KIND: &'static str = "sandbox.event";
    const QUEUE: &'static str = DEFAULT_QUEUE;
    const MAX_ATTEMPTS: u32 = 25;

    fn unique_key(&self, _: &TenantId) -> Option<String> {
        Some(format!("sandbox:{}", self.id))
    }

    fn max_attempts(&self) -> u32 {
        self.attempts.unwrap_or(Self::MAX_ATTEMPTS)
    }
}

/// The fake Google, when the sandbox is on and the config names no real Google client (the
/// connections service then points its Google client at the fake).
pub fn fake_google(
    config: &centralita_config::Config,
    data_dir: &Path,
) -> std::io::Result<Option<Arc<google::FakeGoogle>>> {
    if !config.sandbox.enabled || config.connections.google.is_some() {
        return Ok(None);
    }
    google::FakeGoogle::new(
        crate::connections::SANDBOX_CLIENT_ID,
        crate::connections::SANDBOX_CLIENT_SECRET,
        &config.sandbox.gmail,
        data_dir.join("sandbox-google"),
    )
    .map(|fake| Some(Arc::new(fake)))
}

/// Registers the sandbox job handlers.
pub fn register(queue: &Queue) {
    queue.register_job(run_event);
}

/// Runs one sandbox event as its `action` says.
async fn run_event(context: JobContext, event: SandboxEvent) -> Result<(), JobError> {
    match event.action.as_deref().unwrap_or("ok") {
        "fail" => Err(JobError::retryable_said(
            said!(
                key::SANDBOX_UNAVAILABLE,
                "sandbox provider answered 503 service unavailable"
            ),
            None,
        )),
        "fail_permanent" => Err(JobError::permanent_said(said!(
            key::SANDBOX_NO_RECIPIENT,
            "sandbox provider answered 400: recipient does not exist"
        ))),
        "fail_until_retried" if context.operator_retries == 0 => Err(JobError::retryable_said(
            said!(
                key::SANDBOX_UNTIL_RETRIED,
                "sandbox provider answered 503 until an operator retries this job"
            ),
            None,
        )),
        "flaky" if context.attempt == 1 => Err(JobError::retryable_said(
            said!(
                key::SANDBOX_TOO_MANY_REQUESTS,
                "sandbox provider answered 429 too many requests"
            ),
            Some(Duration::from_millis(500)),
        )),
        "ok" | "fail_until_retried" | "flaky" => Ok(()),
        other => match other.strip_prefix("sleep_ms:").map(str::parse::<u64>) {
            Some(Ok(ms)) => {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                Ok(())
            }
            _ => Err(JobError::permanent_said(said!(
                key::SANDBOX_UNKNOWN_ACTION,
                "unknown sandbox action {0:?}",
                other
            ))),
        },
    }
}

/// Enqueues sample jobs for the demo every few seconds until `stop`. The first round includes
/// the job that ends dead and waits for an operator.
pub async fn generate(queue: Queue, tenant: TenantId, stop: CancellationToken) {
    let mut round: u64 = 0;
    loop {
        if let Err(error) = enqueue_round(&queue, &tenant, round).await {
            tracing::warn!(%error, "sandbox job generator could not enqueue");
        }
        round += 1;
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(3)) => {}
            () = stop.cancelled() => return,
        }
    }
}

async fn enqueue_round(queue: &Queue, tenant: &TenantId, round: u64) -> Result<(), AreaError> {
    let mut actions = vec!["ok", "ok", "flaky"];
    if round.is_multiple_of(4) {
        actions.push("fail_permanent");
    }
    if round == 0 {
        actions.push("fail_until_retried");
    }
    for (index, action) in actions.into_iter().enumerate() {
        let attempts = if action == "fail_until_retried" {
            3
        } else {
            queue.max_attempts_for(SandboxEvent::KIND)
        };
        let event = SandboxEvent {
            id: format!("demo-{round}-{index}"),
            action: Some(action.to_owned()),
            rest: serde_json::Map::new(),
            attempts: Some(attempts),
        };
        let record = crate::queue::NewJob::of(tenant, &event, None)?;
        queue.enqueue(record).await?;
    }
    Ok(())
}
/// Customers of the demo: (channel, id at the provider, name, what they write). WhatsApp ids
/// are phone numbers; the Messenger one is a PSID, the Telegram one a user id.
const CUSTOMERS: [(&str, &str, &str, &[&str]); 4] = [
    (
        "whatsapp",
        "51987654321",
        "María Quispe",
        &[
            "Hola, ¿tienen cita para mañana?",
            "A las 10 por favor",
            "Gracias 🙏",
        ],
    ),
    (
        "whatsapp",
        "573001234567",
        "Jorge Díaz",
        &["Buenas, ¿cuánto cuesta la consulta?", "¿Aceptan tarjeta?"],
    ),
    (
        "messenger",
        "6781234509876543",
        "Ana Torres",
        &[
            "Necesito la factura de mi compra",
            "Mi RFC es TOAA800101XX1",
        ],
    ),
    (
        "telegram",
        "700123456",
        "Pedro Rojas",
        &[
            "¿Siguen abiertos el sábado?",
            "Tengo un problema con mi pedido",
        ],
    ),
];

/// For the demo: customers write on WhatsApp, Messenger and Telegram. Each message is a
/// real-format webhook, signed as that provider signs (`X-Hub-Signature-256` with the sandbox
/// app secret, Telegram's secret token header) and posted to this daemon's own route, so it
/// takes the same path as a provider's.
pub async fn chat(webhook: std::net::SocketAddr, tenant: TenantId, stop: CancellationToken) {
    let http = reqwest::Client::new();
    let mut round = 0_usize;
    loop {
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(7)) => {}
            () = stop.cancelled() => return,
        }
        let (channel, id, name, lines) = CUSTOMERS[round % CUSTOMERS.len()];
        let text = lines[(round / CUSTOMERS.len()) % lines.len()];
        let url = format!("http://{webhook}/webhooks/{channel}/{tenant}");
        let request = if channel == "telegram" {
            http.post(&url)
                .header(
                    "x-telegram-bot-api-secret-token",
                    crate::inbox::SANDBOX_TELEGRAM_SECRET,
                )
                .body(telegram_text(id, name, round, text))
        } else {
            let body = if channel == "messenger" {
                messenger_text(id, round, text)
            } else {
                whatsapp_text(id, name, &format!("wamid.demo-{round}"), text)
            }
            .into_bytes();
            let signature =
                crate::webhook::verify::sign(crate::inbox::SANDBOX_APP_SECRET.as_bytes(), &body);
            http.post(&url)
                .header("x-hub-signature-256", signature)
                .body(body)
        };
        if let Err(error) = request.send().await {
            tracing::warn!(%error, channel, "sandbox customer could not write");
        }
        round += 1;
    }
}

/// A Messenger Platform message event (providers.md §2) from `psid` to the sandbox Page.
fn messenger_text(psid: &str, round: usize, text: &str) -> String {
    let now = jiff::Timestamp::now().as_millisecond();
    serde_json::json!({
        "object": "page",
        "entry": [{
            "id": "sandbox-page",
            "time": now,
            "messaging": [{
                "sender": { "id": psid },
                "recipient": { "id": "sandbox-page" },
                "timestamp": now,
                "message": { "mid": format!("m_demo-{round}"), "text": text }
            }]
        }]
    })
    .to_string()
}

/// A Telegram Bot API update (providers.md §3): a private message from user `id`.
fn telegram_text(id: &str, name: &str, round: usize, text: &str) -> String {
    let user: i64 = id.parse().unwrap_or(1);
    let (first, last) = name.split_once(' ').unwrap_or((name, ""));
    let person =
        serde_json::json!({ "id": user, "is_bot": false, "first_name": first, "last_name": last });
    let chat = serde_json::json!({ "id": user, "type": "private", "first_name": first, "last_name": last });
    serde_json::json!({
        "update_id": jiff::Timestamp::now().as_millisecond(),
        "message": {
            "message_id": round + 1,
            "from": person,
            "chat": chat,
            "date": jiff::Timestamp::now().as_second(),
            "text": text
        }
    })
    .to_string()
}

/// A WhatsApp Cloud API text-message webhook, shaped like the real ones (providers.md §1).
fn whatsapp_text(wa_id: &str, name: &str, id: &str, text: &str) -> String {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": "sandbox-waba",
            "changes": [{
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": { "display_phone_number": "51100000000", "phone_number_id": "sandbox-phone" },
                    "contacts": [{ "profile": { "name": name }, "wa_id": wa_id }],
                    "messages": [{
                        "from": wa_id,
                        "id": id,
                        "timestamp": jiff::Timestamp::now().as_second().to_string(),
                        "type": "text",
                        "text": { "body": text }
                    }]
                }
            }]
        }]
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(action: &str) -> SandboxEvent {
        SandboxEvent {
            id: "e1".to_owned(),
            action: Some(action.to_owned()),
            rest: serde_json::Map::new(),
            attempts: None,
        }
    }

    #[tokio::test]
    async fn the_simulated_failures_are_said_in_the_catalogs_words() {
        let context = || JobContext::for_test(TenantId::new("sandbox").expect("valid"), 1, 25);
        let cases = [
            ("fail", "sandbox_unavailable"),
            ("fail_permanent", "sandbox_no_recipient"),
            ("fail_until_retried", "sandbox_until_retried"),
            ("flaky", "sandbox_too_many_requests"),
            ("dance", "sandbox_unknown_action"),
        ];
        for (action, expected) in cases {
            let error = run_event(context(), event(action))
                .await
                .expect_err("a simulated failure");
            let (JobError::Retryable {
                words: Some(words), ..
            }
            | JobError::Permanent {
                words: Some(words), ..
            }) = &error
            else {
                panic!("{action}: no words: {error:?}");
            };
            assert_eq!(words.key, expected, "{action}");
        }
        let unknown = run_event(context(), event("dance"))
            .await
            .expect_err("unknown");
        assert_eq!(unknown.to_string(), "unknown sandbox action \"dance\"");
    }
}
