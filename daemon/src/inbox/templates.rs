//! WhatsApp message templates: Meta's status webhooks keep them current as they arrive
//! ([`super::apply`]); a `channel.templates` job fetches the whole list on demand
//! (`GET /{business-account-id}/message_templates`, following `paging.next`).

use std::sync::Arc;
use std::time::Duration;

use centralita_protocol::said as key;
use centralita_protocol::{JobId, TenantId};

use centralita_channels::TemplateUpdate;
use serde::{Deserialize, Serialize};

use super::{ChannelSecrets, QUEUE};
use crate::error::{AreaError, Said, said};
use crate::queue::{Job, JobContext, JobError};
use crate::store::{Store, WriteTxn};

/// Pages followed at most (100 templates each).
const MAX_PAGES: usize = 50;

/// Fetches the tenant's WhatsApp templates from Meta (one sync at a time per tenant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncTemplates {}

impl Job for SyncTemplates {
    const KIND: &'static str = "channel.templates";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 5;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!("templates:{tenant}"))
    }
}

/// Enqueues a sync of the tenant's templates (one at a time per tenant).
pub fn enqueue_sync(txn: &mut WriteTxn<'_>, tenant: &TenantId) -> Result<JobId, AreaError> {
    Ok(txn.enqueue(tenant, &SyncTemplates {})?.0)
}

pub(super) async fn sync(
    context: JobContext,
    _: SyncTemplates,
    store: Store,
    secrets: Arc<ChannelSecrets>,
    http: reqwest::Client,
) -> Result<(), JobError> {
    let tenant = context.tenant.clone();
    let meta = secrets
        .meta("whatsapp", &tenant)
        .ok_or_else(|| JobError::permanent_said(no_settings("WhatsApp")))?;
    let setting = |leaf: &str| format!("channels.whatsapp.{tenant}.{leaf}");
    let unset = |leaf: &str| {
        JobError::permanent_said(said!(
            key::SET_TO_LIST_TEMPLATES,
            "set {0} to list templates",
            setting(leaf)
        ))
    };
    let token = meta
        .access_token
        .as_ref()
        .ok_or_else(|| unset("access_token"))?;
    let account = meta
        .business_account
        .as_ref()
        .ok_or_else(|| unset("business_account_id"))?;
    let origin = reqwest::Url::parse(&meta.api_base)
        .map_err(|error| {
            JobError::permanent_said(said!(
                key::SETTING_NOT_A_URL,
                "{0}: {1}",
                setting("api_base"),
                error
            ))
        })?
        .origin()
        .ascii_serialization();
    let mut url = format!(
        "{}/{account}/message_templates?fields=name,language,status,category,components,rejected_reason&limit=100",
        meta.api_base
    );
    let mut news = Vec::new();
    for _ in 0..MAX_PAGES {
        let page = meta_get(&http, &url, token.expose(), &TEMPLATES_CALL).await?;
        news.extend(
            page.get("data")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|item| template_news(item, jiff::Timestamp::now())),
        );
        // Only follow pages on the same server: the token goes with the request.
        match page
            .pointer("/paging/next")
            .and_then(serde_json::Value::as_str)
        {
            Some(next) if next.starts_with(&origin) => next.clone_into(&mut url),
            _ => break,
        }
    }
    let count = news.len();
    store
        .write(move |txn| {
            for item in &news {
                txn.merge_whatsapp_template(&tenant, item)?;
            }
            Ok(())
        })
        .await
        .map_err(JobError::retryable_area)?;
    tracing::info!(templates = count, "WhatsApp templates synced");
    Ok(())
}

/// What a Graph API call is for, as its failures say it: the catalog's key when Meta cannot
/// be reached and when it refuses, and the English label before either (`WhatsApp
/// templates`).
pub(super) struct MetaCall {
    pub label: &'static str,
    pub unreachable: key::Key,
    pub answered: key::Key,
}

const TEMPLATES_CALL: MetaCall = MetaCall {
    label: "WhatsApp templates",
    unreachable: key::WHATSAPP_TEMPLATES_UNREACHABLE,
    answered: key::WHATSAPP_TEMPLATES_ANSWERED,
};

/// GETs `url` from Meta's Graph API with `token`: the JSON answer, or the failure in the
/// catalog's words of `call` (429 and 5xx worth another try).
pub(super) async fn meta_get(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    call: &MetaCall,
) -> Result<serde_json::Value, JobError> {
    let response = http
        .get(url)
        .bearer_auth(token)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map_err(|error| {
            let error = error.without_url().to_string();
            let said = Said {
                key: call.unreachable,
                text: format!("{}: {error}", call.label),
                args: vec![error],
                inner: None,
            };
            JobError::retryable_said(said, None)
        })?;
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    if status.is_success() {
        return Ok(body);
    }
    let reason = body
        .pointer("/error/message")
        .and_then(serde_json::Value::as_str)
        .map_or_else(|| status.to_string(), str::to_owned);
    let said = Said {
        key: call.answered,
        text: format!("{}: Meta answered {status}: {reason}", call.label),
        args: vec![status.to_string(), reason],
        inner: None,
    };
    Err(meta_answered(status, said))
}

/// A channel the tenant has no settings for (`WhatsApp`, `Messenger`).
pub(super) fn no_settings(channel: &str) -> Said {
    said!(
        key::NO_CHANNEL_SETTINGS,
        "no {0} settings for this tenant",
        channel
    )
}

/// Meta refused a call: 429 and 5xx are worth another try, the rest will not change.
pub(super) fn meta_answered(status: reqwest::StatusCode, said: Said) -> JobError {
    if status.as_u16() == 429 || status.is_server_error() {
        JobError::retryable_said(said, None)
    } else {
        JobError::permanent_said(said)
    }
}

/// One item of Meta's template list: name, language, status, category, the BODY component's
/// text and the rejection reason (`NONE` is none).
fn template_news(item: &serde_json::Value, at: jiff::Timestamp) -> Option<TemplateUpdate> {
    let text = |key: &str| {
        item.get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    let body = item
        .get("components")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .find(|component| {
            component
                .get("type")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|kind| kind.eq_ignore_ascii_case("body"))
        })
        .and_then(|component| component.get("text"))
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned);
    Some(TemplateUpdate {
        name: text("name")?,
        language: text("language")?,
        status: text("status"),
        category: text("category"),
        body,
        reason: text("rejected_reason").filter(|reason| reason != "NONE"),
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::template_news;
    use super::*;
    use crate::inbox::secrets::MetaSecrets;
    use crate::testing::{open_with_tenants, tenant};

    /// The key and first value of a sync that failed, and whether it is tried again.
    async fn sync_with(secrets: ChannelSecrets) -> (bool, String, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = open_with_tenants(&dir, &["acme"]).await;
        let error = sync(
            JobContext::for_test(tenant("acme"), 1, 5),
            SyncTemplates {},
            store,
            Arc::new(secrets),
            crate::http::client(),
        )
        .await
        .expect_err("no templates");
        match error {
            JobError::Retryable {
                words: Some(words), ..
            } => (true, words.key, words.args[0].clone()),
            JobError::Permanent {
                words: Some(words), ..
            } => (false, words.key, words.args[0].clone()),
            other => panic!("no words: {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_sync_that_cannot_run_says_why_in_the_catalogs_words() {
        assert_eq!(
            sync_with(ChannelSecrets::default()).await,
            (
                false,
                "no_channel_settings".to_owned(),
                "WhatsApp".to_owned()
            )
        );
        let meta = |business_account: Option<&str>| MetaSecrets {
            app_secret: centralita_config::Secret::new("s"),
            verify_token: centralita_config::Secret::new("v"),
            accounts: Vec::new(),
            access_token: Some(centralita_config::Secret::new("token")),
            // Nothing listens on port 1.
            api_base: "http://127.0.0.1:1/v21.0".to_owned(),
            business_account: business_account.map(str::to_owned),
        };
        let with = |meta: MetaSecrets| {
            let mut secrets = ChannelSecrets::default();
            secrets.whatsapp.insert(tenant("acme"), meta);
            secrets
        };
        assert_eq!(
            sync_with(with(meta(None))).await,
            (
                false,
                "set_to_list_templates".to_owned(),
                "channels.whatsapp.acme.business_account_id".to_owned()
            )
        );
        let (retried, key, _) = sync_with(with(meta(Some("waba")))).await;
        assert!(retried);
        assert_eq!(key, "whatsapp_templates_unreachable");
    }

    #[test]
    fn list_items_give_their_body_and_reason() {
        let item = serde_json::json!({
            "name": "recordatorio_cita", "language": "es", "status": "APPROVED",
            "category": "UTILITY", "rejected_reason": "NONE", "id": "1",
            "components": [
                { "type": "HEADER", "format": "TEXT", "text": "Cita" },
                { "type": "BODY", "text": "Hola {{1}}, su cita es el {{2}}." }
            ]
        });
        let news = template_news(&item, jiff::Timestamp::UNIX_EPOCH).expect("complete");
        assert_eq!(
            news.body.as_deref(),
            Some("Hola {{1}}, su cita es el {{2}}.")
        );
        assert_eq!(
            (news.status.as_deref(), news.reason),
            (Some("APPROVED"), None)
        );
        let unnamed = serde_json::json!({ "name": "x" });
        assert!(template_news(&unnamed, jiff::Timestamp::UNIX_EPOCH).is_none());
    }
}
