//! Messenger webhooks carry no names, only a page-scoped id (PSID). When a new Messenger
//! conversation starts with a contact that has no name, a `channel.profile` job asks the User
//! Profile API (`GET /{psid}?fields=first_name,last_name` with the Page token) and fills the
//! name in, unless an operator set one meanwhile.

use std::sync::Arc;

use centralita_protocol::said as key;
use centralita_protocol::{ContactId, TenantId};

use serde::{Deserialize, Serialize};

use super::templates::{MetaCall, meta_get, no_settings};
use super::{ChannelSecrets, QUEUE};
use crate::error::said;
use crate::queue::{Job, JobContext, JobError};
use crate::store::Store;

/// Looks Messenger customer `psid` (contact `contact`) up and names the contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookUpProfile {
    pub contact: ContactId,
    pub psid: String,
}

impl Job for LookUpProfile {
    const KIND: &'static str = "channel.profile";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 4;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!("profile:{tenant}:{}", self.contact))
    }
}

pub(super) async fn run(
    context: JobContext,
    job: LookUpProfile,
    store: Store,
    secrets: Arc<ChannelSecrets>,
    http: reqwest::Client,
) -> Result<(), JobError> {
    let contact = job.contact;
    // PSIDs are digits; anything else would change the URL's path.
    if job.psid.is_empty() || !job.psid.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(JobError::permanent_said(said!(
            key::PROFILE_NO_PSID,
            "the job has no numeric psid"
        )));
    }
    let psid = job.psid;
    let tenant = context.tenant.clone();
    let meta = secrets
        .meta("messenger", &tenant)
        .ok_or_else(|| JobError::permanent_said(no_settings("Messenger")))?;
    let token = meta.access_token.as_ref().ok_or_else(|| {
        JobError::permanent_said(said!(
            key::SET_TO_LOOK_UP_NAMES,
            "set {0} to look customers' names up",
            format!("channels.messenger.{tenant}.access_token")
        ))
    })?;
    let url = format!("{}/{psid}?fields=first_name,last_name", meta.api_base);
    let call = MetaCall {
        label: "Messenger profile",
        unreachable: key::MESSENGER_PROFILE_UNREACHABLE,
        answered: key::MESSENGER_PROFILE_ANSWERED,
    };
    let body = meta_get(&http, &url, token.expose(), &call).await?;
    let Some(name) = profile_name(&body) else {
        return Ok(());
    };
    store
        .write(move |txn| txn.name_contact_if_unnamed(&tenant, contact, &name))
        .await
        .map_err(JobError::retryable_area)
}

/// "First Last" from a User Profile answer; `None` when it has neither.
fn profile_name(body: &serde_json::Value) -> Option<String> {
    let part = |key: &str| {
        body.get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|part| !part.is_empty())
    };
    match (part("first_name"), part("last_name")) {
        (Some(first), Some(last)) => Some(format!("{first} {last}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::profile_name;
    use super::*;
    use crate::testing::{open_with_tenants, tenant};

    #[tokio::test]
    async fn a_look_up_that_cannot_run_says_why_in_the_catalogs_words() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = open_with_tenants(&dir, &["acme"]).await;
        let look_up = |psid: &str| {
            run(
                JobContext::for_test(tenant("acme"), 1, 4),
                LookUpProfile {
                    contact: ContactId(1),
                    psid: psid.to_owned(),
                },
                store.clone(),
                Arc::new(ChannelSecrets::default()),
                crate::http::client(),
            )
        };
        for (psid, expected) in [
            ("../me", "profile_no_psid"),
            ("24017", "no_channel_settings"),
        ] {
            let error = look_up(psid).await.expect_err("nothing to look up");
            assert!(
                matches!(&error, JobError::Permanent { words: Some(words), .. } if words.key == expected),
                "{psid}: {error:?}"
            );
        }
    }

    #[test]
    fn names_come_from_first_and_last_name() {
        let both = serde_json::json!({ "first_name": "Ana", "last_name": "Torres", "id": "1" });
        assert_eq!(profile_name(&both).as_deref(), Some("Ana Torres"));
        let first = serde_json::json!({ "first_name": "Ana", "last_name": " " });
        assert_eq!(profile_name(&first).as_deref(), Some("Ana"));
        assert_eq!(profile_name(&serde_json::json!({ "id": "1" })), None);
    }
}
