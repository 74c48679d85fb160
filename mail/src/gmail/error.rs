//! Google's error answers (`{"error": {"code", "message", "status", "errors": [{"reason"}]}}`)
//! and what each means for a sync, so the daemon can decide between waiting, starting over,
//! asking the tenant to re-consent, or giving up.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The Gmail call an answer belongs to: the same status means different things per call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Call {
    /// `users.messages.list`.
    MessagesList,
    /// `users.messages.get`.
    MessagesGet,
    /// `users.messages.attachments.get`.
    AttachmentsGet,
    /// `users.history.list`.
    HistoryList,
    /// `users.labels.list`.
    LabelsList,
    /// `users.getProfile`.
    GetProfile,
}

/// What an error answer means for the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// A quota or rate limit (`rateLimitExceeded`, `userRateLimitExceeded`, HTTP 429…):
    /// retry later, with backoff.
    RateLimited,
    /// `users.history.list` answered 404: the start history id is outside the retained
    /// window (or invalid). Clear the sync state and do a full sync; do not retry.
    HistoryTooOld,
    /// The token is invalid, expired or revoked, or lacks the scope: refresh it once, then
    /// ask the tenant to re-consent. Do not retry as is.
    Unauthorized,
    /// The thing asked for does not exist (a message deleted since it was listed): skip it.
    NotFound,
    /// A server-side failure (5xx): retry later.
    Unavailable,
    /// Anything else (a bad request): do not retry.
    Other,
}

/// The `error` object of a Google error answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoogleError {
    /// The HTTP status.
    pub code: u16,
    /// Google's message, for logs.
    #[serde(default)]
    pub message: String,
    /// The canonical status (`"PERMISSION_DENIED"`, `"RESOURCE_EXHAUSTED"`…).
    #[serde(default)]
    pub status: Option<String>,
    /// The detailed errors, whose `reason` tells rate limits apart.
    #[serde(default)]
    pub errors: Vec<ErrorDetail>,
}

/// One item of `errors`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// `"rateLimitExceeded"`, `"userRateLimitExceeded"`, `"authError"`, `"notFound"`…
    #[serde(default)]
    pub reason: Option<String>,
    /// `"global"`, `"usageLimits"`…
    #[serde(default)]
    pub domain: Option<String>,
    /// A message for logs.
    #[serde(default)]
    pub message: Option<String>,
}

/// Reads an error answer of HTTP status `http_status`.
///
/// Never fails: a body that is not Google's error JSON (an HTML page from a proxy, an empty
/// body) gives an error with that status, no message and no reasons, which still classifies.
pub fn parse_error(http_status: u16, body: &[u8]) -> GoogleError {
    #[derive(Deserialize)]
    struct ErrorBody {
        error: GoogleError,
    }
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(ErrorBody { mut error }) => {
            if error.code == 0 {
                error.code = http_status;
            }
            error
        }
        Err(_) => GoogleError {
            code: http_status,
            ..GoogleError::default()
        },
    }
}

/// Reasons that mean "too much, too fast": per-minute quotas, per-day quotas and concurrency.
const RATE_LIMIT_REASONS: [&str; 5] = [
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "quotaExceeded",
    "dailyLimitExceeded",
    "concurrentLimitExceeded",
];

/// Reasons that mean the credentials or their scopes are not good enough.
const AUTH_REASONS: [&str; 4] = [
    "authError",
    "insufficientPermissions",
    "forbidden",
    "domainPolicy",
];

impl GoogleError {
    /// What this error means for a caller of `call`.
    pub fn classify(&self, call: Call) -> ErrorClass {
        if self.is_rate_limit() {
            ErrorClass::RateLimited
        } else if self.is_auth() {
            ErrorClass::Unauthorized
        } else if self.is_history_too_old(call) {
            ErrorClass::HistoryTooOld
        } else if self.code == 404 {
            ErrorClass::NotFound
        } else if self.code >= 500 {
            ErrorClass::Unavailable
        } else {
            ErrorClass::Other
        }
    }

    /// Whether this is a quota or rate limit: HTTP 429, status `RESOURCE_EXHAUSTED`, or a
    /// 403 whose reason is a rate or quota limit (`providers.md` §5).
    pub fn is_rate_limit(&self) -> bool {
        self.code == 429
            || self.status.as_deref() == Some("RESOURCE_EXHAUSTED")
            || self.has_reason(&RATE_LIMIT_REASONS)
    }

    /// Whether the credentials are the problem: HTTP 401, or a 403 that is not a rate limit
    /// and names missing permissions.
    pub fn is_auth(&self) -> bool {
        if self.is_rate_limit() {
            return false;
        }
        self.code == 401
            || self.status.as_deref() == Some("UNAUTHENTICATED")
            || (self.code == 403
                && (self.status.as_deref() == Some("PERMISSION_DENIED")
                    || self.has_reason(&AUTH_REASONS)))
    }

    /// Whether `users.history.list` refused the start history id (HTTP 404): outside the
    /// retained window, or invalid such as `0` (`providers.md` §5). Always `false` for other
    /// calls, where a 404 is an ordinary [`ErrorClass::NotFound`].
    pub fn is_history_too_old(&self, call: Call) -> bool {
        call == Call::HistoryList && self.code == 404
    }

    fn has_reason(&self, reasons: &[&str]) -> bool {
        self.errors.iter().any(|detail| {
            detail
                .reason
                .as_deref()
                .is_some_and(|reason| reasons.contains(&reason))
        })
    }
}

impl fmt::Display for Call {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Call::MessagesList => "users.messages.list",
            Call::MessagesGet => "users.messages.get",
            Call::AttachmentsGet => "users.messages.attachments.get",
            Call::HistoryList => "users.history.list",
            Call::LabelsList => "users.labels.list",
            Call::GetProfile => "users.getProfile",
        })
    }
}
