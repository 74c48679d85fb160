//! The Gmail REST client of one sync: one access token, the connection's quota, bounded
//! answers. It returns what Google said, classified; the sync decides what to do.

use std::sync::Arc;
use std::time::Duration;

use centralita_config::Secret;
use centralita_mail::gmail::{
    self, Call, ErrorClass, GoogleError, HistoryList, LabelList, Message, MessageList, Profile,
};

use super::quota::{self, Quota};
use crate::error::{Said, said};
use crate::queue::JobError;
use centralita_protocol::said as key;

/// A list or history answer is never near this; a message's is capped by its own limit.
const PAGE_LIMIT: usize = 8 << 20;

/// Why a Gmail call gave nothing usable.
#[derive(Debug, thiserror::Error)]
pub(super) enum GmailFailure {
    #[error("Gmail {call} answered {}: {}", error.code, error.message)]
    Google { call: Call, error: GoogleError },
    #[error("Gmail {call} could not be reached: {reason}")]
    Unreachable { call: Call, reason: String },
    #[error("Gmail {call} answered something unreadable: {reason}")]
    Unreadable { call: Call, reason: String },
}

impl GmailFailure {
    pub(super) fn class(&self) -> ErrorClass {
        match self {
            Self::Google { call, error } => error.classify(*call),
            Self::Unreachable { .. } => ErrorClass::Unavailable,
            Self::Unreadable { .. } => ErrorClass::Other,
        }
    }
}

impl GmailFailure {
    /// The failure in the catalog's words (Google's own message stays as Google wrote it).
    fn said(&self) -> Said {
        match self {
            Self::Google { call, error } => said!(
                key::GMAIL_ANSWERED,
                "Gmail {0} answered {1}: {2}",
                call,
                error.code,
                error.message
            ),
            Self::Unreachable { call, reason } => said!(
                key::GMAIL_UNREACHABLE,
                "Gmail {0} could not be reached: {1}",
                call,
                reason
            ),
            Self::Unreadable { call, reason } => said!(
                key::GMAIL_UNREADABLE,
                "Gmail {0} answered something unreadable: {1}",
                call,
                reason
            ),
        }
    }
}

impl From<GmailFailure> for JobError {
    fn from(failure: GmailFailure) -> Self {
        match (failure.class(), &failure) {
            (ErrorClass::RateLimited, GmailFailure::Google { call, error }) => {
                JobError::retryable_said(
                    said!(
                        key::GMAIL_RATE_LIMITED,
                        "Gmail {0} answered {1}: {2}; waiting before the next try",
                        call,
                        error.code,
                        error.message
                    ),
                    Some(Duration::from_secs(30)),
                )
            }
            (ErrorClass::RateLimited | ErrorClass::Unavailable, _) => {
                JobError::retryable_said(failure.said(), None)
            }
            _ => JobError::permanent_said(failure.said()),
        }
    }
}

impl GmailFailure {
    /// Google refused the token, which was refreshed since: the next try uses the new one.
    pub(super) fn after_refresh(self) -> JobError {
        match self {
            Self::Google { call, error } => JobError::retryable_said(
                said!(
                    key::GMAIL_TOKEN_REFRESHED,
                    "Gmail {0} answered {1}: {2}; the token was refreshed, trying again",
                    call,
                    error.code,
                    error.message
                ),
                None,
            ),
            other => JobError::retryable_said(other.said(), None),
        }
    }
}

/// A message fetched with `format=raw`, or one over the size limit.
pub(super) enum Fetched {
    Message(Message),
    /// Its answer passed the limit; `minimal` has its labels and date.
    TooLarge(Message),
}

pub(super) struct Gmail {
    pub http: reqwest::Client,
    /// `https://gmail.googleapis.com` or the sandbox's.
    pub base: String,
    pub token: Secret,
    pub quota: Arc<Quota>,
    /// The quota's key: the connection.
    pub quota_key: String,
    /// The largest raw message kept, in bytes.
    pub max_message: usize,
}

impl Gmail {
    /// GETs `users/me/{path}`, after spending `units` of the quota, reading at most `limit`
    /// bytes of the answer (`Ok(None)` past it).
    async fn get(
        &self,
        call: Call,
        path: &str,
        query: &[(&str, &str)],
        units: u32,
        limit: usize,
    ) -> Result<Option<Vec<u8>>, GmailFailure> {
        self.quota.spend(&self.quota_key, units).await;
        let unreachable = |error: reqwest::Error| GmailFailure::Unreachable {
            call,
            reason: crate::http::describe(&error),
        };
        let url = reqwest::Url::parse_with_params(
            &format!("{}/gmail/v1/users/me/{path}", self.base),
            query,
        )
        .map_err(|error| GmailFailure::Unreadable {
            call,
            reason: format!("the Gmail address is not a URL: {error}"),
        })?;
        let mut response = self
            .http
            .get(url)
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
            if body.len() + chunk.len() > limit {
                if status.is_success() {
                    return Ok(None);
                }
                break;
            }
            body.extend_from_slice(&chunk);
        }
        if !status.is_success() {
            return Err(GmailFailure::Google {
                call,
                error: gmail::parse_error(status.as_u16(), &body),
            });
        }
        Ok(Some(body))
    }

    async fn json<T>(
        &self,
        call: Call,
        path: &str,
        query: &[(&str, &str)],
        units: u32,
        parse: fn(&[u8]) -> Result<T, gmail::GmailError>,
    ) -> Result<T, GmailFailure> {
        let body = self
            .get(call, path, query, units, PAGE_LIMIT)
            .await?
            .ok_or_else(|| GmailFailure::Unreadable {
                call,
                reason: format!("the answer is over {PAGE_LIMIT} bytes"),
            })?;
        parse(&body).map_err(|error| GmailFailure::Unreadable {
            call,
            reason: error.to_string(),
        })
    }

    pub(super) async fn profile(&self) -> Result<Profile, GmailFailure> {
        self.json(
            Call::GetProfile,
            "profile",
            &[],
            quota::PROFILE,
            gmail::parse_profile,
        )
        .await
    }

    pub(super) async fn labels(&self) -> Result<LabelList, GmailFailure> {
        self.json(
            Call::LabelsList,
            "labels",
            &[],
            quota::LABELS,
            gmail::parse_label_list,
        )
        .await
    }

    /// One page of the messages with label `label` matching `search`, newest first.
    pub(super) async fn list(
        &self,
        label: &str,
        search: Option<&str>,
        page: Option<&str>,
    ) -> Result<MessageList, GmailFailure> {
        let mut query = vec![("labelIds", label), ("maxResults", "500")];
        if let Some(search) = search {
            query.push(("q", search));
        }
        if let Some(page) = page {
            query.push(("pageToken", page));
        }
        self.json(
            Call::MessagesList,
            "messages",
            &query,
            quota::LIST,
            gmail::parse_message_list,
        )
        .await
    }

    /// One page of the messages added since `start`.
    pub(super) async fn history(
        &self,
        start: u64,
        page: Option<&str>,
    ) -> Result<HistoryList, GmailFailure> {
        let start = start.to_string();
        let mut query = vec![
            ("startHistoryId", start.as_str()),
            ("historyTypes", "messageAdded"),
            ("maxResults", "500"),
        ];
        if let Some(page) = page {
            query.push(("pageToken", page));
        }
        self.json(
            Call::HistoryList,
            "history",
            &query,
            quota::HISTORY,
            gmail::parse_history_list,
        )
        .await
    }

    /// Message `id` with its raw content, or its metadata alone when it is over the limit.
    pub(super) async fn message(&self, id: &str) -> Result<Fetched, GmailFailure> {
        let path = format!("messages/{id}");
        // base64 makes 4 bytes of 3, and the JSON around it is small.
        let limit = self.max_message / 3 * 4 + (64 << 10);
        let raw = self
            .get(
                Call::MessagesGet,
                &path,
                &[("format", "raw")],
                quota::GET,
                limit,
            )
            .await?;
        let unreadable = |error: gmail::GmailError| GmailFailure::Unreadable {
            call: Call::MessagesGet,
            reason: error.to_string(),
        };
        match raw {
            Some(body) => gmail::parse_message(&body)
                .map(Fetched::Message)
                .map_err(unreadable),
            None => self
                .json(
                    Call::MessagesGet,
                    &path,
                    &[("format", "minimal")],
                    quota::GET,
                    gmail::parse_message,
                )
                .await
                .map(Fetched::TooLarge),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_google_refused_is_tried_again_once_refreshed_in_the_catalogs_words() {
        let error: GoogleError = serde_json::from_value(serde_json::json!({
            "code": 401,
            "message": "Request had invalid authentication credentials."
        }))
        .expect("Google's error");
        let failure = GmailFailure::Google {
            call: Call::MessagesList,
            error,
        };
        assert!(failure.class() == ErrorClass::Unauthorized);
        let english = format!("{failure}; the token was refreshed, trying again");
        let JobError::Retryable {
            message,
            words: Some(words),
            ..
        } = failure.after_refresh()
        else {
            panic!("worth another try, with words");
        };
        assert_eq!(message, english);
        assert_eq!(words.key, "gmail_token_refreshed");
        assert_eq!(
            words.args[1..],
            ["401", "Request had invalid authentication credentials."]
        );
    }
}
