//! The sandbox's fake Google: the OAuth 2.0 server (consent, token with PKCE, refresh with
//! rotating refresh tokens, revoke) and one Gmail mailbox (profile, labels, messages, history
//! with a retention window). It speaks Google's wire format, written out field by field here
//! rather than with the client's types, so a mistake in the client's reading shows.
//!
//! It is not Google's exact behaviour everywhere: Google rarely rotates refresh tokens, the
//! fake always does (as GoHighLevel does), so a client that loses the new one is caught.
//! A few control calls stand in for what a person does at Google: revoke the app's access,
//! let the history window pass, send a message. Deliveries and those changes are kept in a
//! folder of the data dir, so the mailbox is the same after a restart.

mod gmail;
mod mailbox;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use centralita_config::SandboxGmailConfig;
use jiff::Timestamp;
use serde_json::json;
use sha2::{Digest, Sha256};

use self::mailbox::Mailbox;

/// The Google account the sandbox's consent page signs in.
pub const ACCOUNT: &str = "facturacion@clinica-demo.test";
/// The Gmail label of the mailbox's invoices, as the consent page's user made it.
pub const INVOICES_LABEL: (&str, &str) = ("Label_1", "Facturas");
/// The Gmail label of the mailbox's glosa notices.
pub const GLOSAS_LABEL: (&str, &str) = ("Label_2", "Glosas");
/// How long an access token lives, as at Google.
const ACCESS_SECS: i64 = 3599;

/// An answer of the fake, before HTTP.
#[derive(Debug)]
pub enum Reply {
    Json(u16, Vec<u8>),
    /// A 302 to this address.
    Redirect(String),
    Text(u16, String),
}

impl Reply {
    fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::Json(status, value.to_string().into_bytes())
    }

    /// Google's token endpoint error body.
    fn oauth_error(status: u16, error: &str, description: &str) -> Self {
        Self::json(
            status,
            &json!({ "error": error, "error_description": description }),
        )
    }

    /// A Google API error body.
    fn api_error(code: u16, status: &str, message: &str) -> Self {
        Self::json(
            code,
            &json!({ "error": { "code": code, "message": message, "status": status,
                "errors": [{ "message": message, "domain": "global", "reason": status }] } }),
        )
    }
}

/// The fake Google of one daemon.
pub struct FakeGoogle {
    client_id: String,
    client_secret: String,
    state: Mutex<State>,
}

struct State {
    mailbox: Mailbox,
    /// Bumped when the user revokes access: every older token is dead.
    generation: u32,
    /// The one live refresh token's serial: refreshing rotates it.
    refresh: Option<u64>,
    serial: u64,
    used_codes: HashSet<String>,
}

impl FakeGoogle {
    /// A fake that accepts `client_id`/`client_secret`, with its mailbox from `config` and
    /// the changes kept under `dir`.
    pub fn new(
        client_id: &str,
        client_secret: &str,
        config: &SandboxGmailConfig,
        dir: PathBuf,
    ) -> std::io::Result<Self> {
        let mailbox = Mailbox::load(config, dir)?;
        let generation = mailbox.generation();
        Ok(Self {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            state: Mutex::new(State {
                mailbox,
                generation,
                refresh: None,
                serial: 0,
                used_codes: HashSet::new(),
            }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `GET /o/oauth2/v2/auth`: the consent page. The sandbox's user always agrees, so it
    /// sends the browser straight back with a code, once the request is one Google accepts.
    pub fn authorize(&self, query: &str) -> Reply {
        let get = |name: &str| {
            form_urlencoded::parse(query.as_bytes())
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        let refuse = |what: &str| {
            Reply::Text(
                400,
                format!("Error 400: invalid_request\n\nThe sandbox's Google refused: {what}.\n"),
            )
        };
        if get("client_id").as_deref() != Some(&self.client_id) {
            return Reply::Text(
                401,
                "Error 401: invalid_client\n\nThe OAuth client was not found.\n".into(),
            );
        }
        if get("response_type").as_deref() != Some("code") {
            return refuse("response_type must be code");
        }
        let Some(redirect) = get("redirect_uri") else {
            return refuse("redirect_uri is missing");
        };
        if get("code_challenge_method").as_deref() != Some("S256") {
            return refuse("code_challenge_method must be S256");
        }
        let Some(challenge) = get("code_challenge").filter(|c| !c.is_empty()) else {
            return refuse("code_challenge is missing");
        };
        if get("access_type").as_deref() != Some("offline") {
            return refuse("access_type=offline is needed for a refresh token");
        }
        let scope = get("scope").unwrap_or_default();
        let mut state = self.lock();
        state.serial += 1;
        let code = format!("4/sandbox.{challenge}.{}", state.serial);
        let mut back = form_urlencoded::Serializer::new(String::new());
        if let Some(value) = get("state") {
            back.append_pair("state", &value);
        }
        back.append_pair("code", &code).append_pair("scope", &scope);
        let separator = if redirect.contains('?') { '&' } else { '?' };
        Reply::Redirect(format!("{redirect}{separator}{}", back.finish()))
    }

    /// `POST /token`: trades a code (with its PKCE verifier) or a refresh token.
    pub fn token(&self, authorization: Option<&str>, body: &[u8]) -> Reply {
        let form: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
        let get = |name: &str| {
            form.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        let (id, secret) = match authorization.and_then(basic_credentials) {
            Some(pair) => pair,
            None => (
                get("client_id").unwrap_or_default().to_owned(),
                get("client_secret").unwrap_or_default().to_owned(),
            ),
        };
        if id != self.client_id || secret != self.client_secret {
            return Reply::oauth_error(401, "invalid_client", "Unauthorized");
        }
        let mut state = self.lock();
        match get("grant_type") {
            Some("authorization_code") => {
                let (Some(code), Some(verifier)) = (get("code"), get("code_verifier")) else {
                    return Reply::oauth_error(
                        400,
                        "invalid_request",
                        "Missing code or code_verifier.",
                    );
                };
                let Some(challenge) = code
                    .strip_prefix("4/sandbox.")
                    .and_then(|rest| rest.rsplit_once('.'))
                    .map(|(challenge, _)| challenge)
                else {
                    return Reply::oauth_error(400, "invalid_grant", "Malformed auth code.");
                };
                if !state.used_codes.insert(code.to_owned()) {
                    return Reply::oauth_error(400, "invalid_grant", "Bad Request");
                }
                if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != challenge {
                    return Reply::oauth_error(400, "invalid_grant", "Invalid code verifier.");
                }
                state.issue()
            }
            Some("refresh_token") => {
                let Some((generation, serial)) = get("refresh_token").and_then(parse_refresh)
                else {
                    return Reply::oauth_error(400, "invalid_grant", "Bad Request");
                };
                let rotated_away = state.refresh.is_some_and(|live| live != serial);
                if generation != state.generation || rotated_away {
                    return Reply::oauth_error(
                        400,
                        "invalid_grant",
                        "Token has been expired or revoked.",
                    );
                }
                state.issue()
            }
            _ => Reply::oauth_error(400, "unsupported_grant_type", "Invalid grant_type."),
        }
    }

    /// `POST /revoke`: the token (access or refresh) and the grant behind it die.
    pub fn revoke(&self, query: &str, body: &[u8]) -> Reply {
        let token = form_urlencoded::parse(query.as_bytes())
            .chain(form_urlencoded::parse(body))
            .find(|(key, _)| key == "token")
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default();
        let mut state = self.lock();
        let live = parse_refresh(&token)
            .map(|(generation, _)| generation)
            .or_else(|| parse_access(&token).map(|(generation, _)| generation));
        if live != Some(state.generation) {
            return Reply::oauth_error(400, "invalid_token", "Token expired or revoked");
        }
        state.revoke_all();
        Reply::json(200, &json!({}))
    }

    /// Control: the user removes the app's access in their Google account.
    pub fn revoke_all(&self) -> Reply {
        self.lock().revoke_all();
        Reply::json(200, &json!({ "revoked": true }))
    }

    /// The bearer token of an API call, checked; `Err` is the 401 to send.
    fn authenticate(&self, authorization: Option<&str>) -> Result<(), Reply> {
        let unauthenticated = || {
            Reply::api_error(
                401,
                "UNAUTHENTICATED",
                "Request had invalid authentication credentials. Expected OAuth 2 access token.",
            )
        };
        let (generation, expires) = authorization
            .and_then(|value| value.strip_prefix("Bearer "))
            .and_then(parse_access)
            .ok_or_else(unauthenticated)?;
        if generation != self.lock().generation || expires <= Timestamp::now().as_second() {
            return Err(unauthenticated());
        }
        Ok(())
    }
}

impl State {
    /// New tokens: an access token and a rotated refresh token.
    fn issue(&mut self) -> Reply {
        self.serial += 1;
        let expires = Timestamp::now().as_second() + ACCESS_SECS;
        let access = format!("ya29.sandbox.{}.{expires}.{}", self.generation, self.serial);
        self.serial += 1;
        self.refresh = Some(self.serial);
        let refresh = format!("1//sandbox.{}.{}", self.generation, self.serial);
        Reply::json(
            200,
            &json!({
                "access_token": access,
                "expires_in": ACCESS_SECS,
                "refresh_token": refresh,
                "scope": "https://www.googleapis.com/auth/gmail.readonly",
                "token_type": "Bearer",
            }),
        )
    }

    fn revoke_all(&mut self) {
        self.generation += 1;
        self.refresh = None;
        self.mailbox.set_generation(self.generation);
    }
}

/// `Basic base64(id:secret)` (each form-url-encoded, RFC 6749 §2.3.1).
fn basic_credentials(value: &str) -> Option<(String, String)> {
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let unescape = |part: &str| {
        form_urlencoded::parse(format!("x={part}").as_bytes())
            .next()
            .map(|(_, value)| value.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}

/// `1//sandbox.GENERATION.SERIAL`.
fn parse_refresh(token: &str) -> Option<(u32, u64)> {
    let (generation, serial) = token.strip_prefix("1//sandbox.")?.split_once('.')?;
    Some((generation.parse().ok()?, serial.parse().ok()?))
}

/// `ya29.sandbox.GENERATION.EXPIRES.SERIAL`: the generation and the expiry (Unix seconds).
fn parse_access(token: &str) -> Option<(u32, i64)> {
    let mut parts = token.strip_prefix("ya29.sandbox.")?.split('.');
    let generation = parts.next()?.parse().ok()?;
    let expires = parts.next()?.parse().ok()?;
    Some((generation, expires))
}

#[cfg(test)]
mod tests;
