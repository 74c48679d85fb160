//! OAuth 2.0 with the `oauth2` crate: authorization code with PKCE (S256), token exchange,
//! refresh and revocation, each provider's endpoints and scopes (providers.md §5). Requests go
//! through the daemon's reqwest client (the crate's own reqwest is a different version), and
//! failures are sorted into what a retry can fix and what needs the operator.

use std::time::Duration;

use centralita_config::{OAuthClientConfig, Secret};
use oauth2::basic::{BasicClient, BasicErrorResponseType, BasicTokenResponse};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError,
    RevocationUrl, Scope, StandardRevocableToken, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

use crate::error::{Said, said};
use centralita_protocol::said as key;

/// A provider tenants connect to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// Google accounts: Gmail.
    Google,
}

impl Provider {
    pub const ALL: [Self; 1] = [Self::Google];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Google => "google",
        }
    }

    /// The provider named `name` (`google`).
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|provider| provider.as_str() == name)
    }

    /// What a connection asks for: reading mail (Gmail's `gmail.readonly`).
    pub fn default_scopes(self) -> &'static [&'static str] {
        match self {
            Self::Google => &["https://www.googleapis.com/auth/gmail.readonly"],
        }
    }

    fn endpoints(self) -> Endpoints {
        match self {
            Self::Google => Endpoints {
                auth: "https://accounts.google.com/o/oauth2/v2/auth",
                token: "https://oauth2.googleapis.com/token",
                revoke: "https://oauth2.googleapis.com/revoke",
                api: "https://gmail.googleapis.com",
            },
        }
    }
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A provider's default endpoints.
struct Endpoints {
    auth: &'static str,
    token: &'static str,
    revoke: &'static str,
    api: &'static str,
}

type Client = BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointSet, EndpointSet>;

/// One provider's OAuth client, as the config (or the sandbox) sets it up.
pub struct OAuthClient {
    provider: Provider,
    client: Client,
    /// The provider's API (Gmail's), for what a connection is then used for.
    pub api_base: String,
    http: Http,
}

/// The daemon's HTTP client as the `oauth2` crate calls it (a boxed `Send` future: the
/// crate's blanket impl for closures loses `Send` across our awaits).
struct Http(reqwest::Client);

impl<'c> oauth2::AsyncHttpClient<'c> for Http {
    type Error = HttpFailure;
    type Future = std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<oauth2::HttpResponse, HttpFailure>> + Send + 'c,
        >,
    >;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(send(&self.0, request))
    }
}

impl std::fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClient")
            .field("provider", &self.provider)
            .field("client_id", self.client.client_id())
            .finish_non_exhaustive()
    }
}

/// What a token endpoint gave.
pub struct Tokens {
    pub access: Secret,
    /// A new refresh token, when the provider rotates them (or on the first exchange).
    pub refresh: Option<Secret>,
    pub expires_in: Option<Duration>,
    pub scopes: Option<Vec<String>>,
}

/// Why an OAuth request failed.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    /// The grant is dead (revoked, expired, the password changed): only the operator can fix
    /// it, by authorizing again.
    #[error("the provider refused the grant ({0}): authorize the connection again")]
    InvalidGrant(String),
    /// The provider refused for another reason a retry will not change (a wrong client id or
    /// secret, a scope it does not allow).
    #[error("the provider refused: {0}")]
    Refused(String),
    /// The network or the provider failed; a retry may work.
    #[error("the provider could not be reached: {0}")]
    Unreachable(String),
}

impl OAuthError {
    /// The failure in the catalog's words, the provider's reason a value: what a job's error
    /// and a connection's last error say.
    pub fn said(&self) -> Said {
        match self {
            Self::InvalidGrant(reason) => said!(
                key::OAUTH_GRANT_REFUSED,
                "the provider refused the grant ({0}): authorize the connection again",
                reason
            ),
            Self::Refused(reason) => said!(key::OAUTH_REFUSED, "the provider refused: {0}", reason),
            Self::Unreachable(reason) => said!(
                key::OAUTH_UNREACHABLE,
                "the provider could not be reached: {0}",
                reason
            ),
        }
    }
}

/// A request failed before the provider answered (never holds a token).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(super) struct HttpFailure(String);

impl OAuthClient {
    /// The client of `provider` from its `[connections.PROVIDER]` section.
    pub fn new(
        provider: Provider,
        config: &OAuthClientConfig,
        secret: &Secret,
    ) -> Result<Self, String> {
        let defaults = provider.endpoints();
        let url = |value: &Option<String>, default: &str| {
            value.clone().unwrap_or_else(|| default.to_owned())
        };
        let invalid = |key: &str, error: oauth2::url::ParseError| {
            format!("connections.{provider}.{key}: {error}")
        };
        let client = BasicClient::new(ClientId::new(config.client_id.clone()))
            .set_client_secret(ClientSecret::new(secret.expose().to_owned()))
            .set_auth_uri(
                AuthUrl::new(url(&config.auth_url, defaults.auth))
                    .map_err(|error| invalid("auth_url", error))?,
            )
            .set_token_uri(
                TokenUrl::new(url(&config.token_url, defaults.token))
                    .map_err(|error| invalid("token_url", error))?,
            )
            .set_revocation_url(
                RevocationUrl::new(url(&config.revoke_url, defaults.revoke))
                    .map_err(|error| invalid("revoke_url", error))?,
            )
            .set_redirect_uri(
                RedirectUrl::new(config.redirect_url.clone())
                    .map_err(|error| invalid("redirect_url", error))?,
            );
        Ok(Self {
            provider,
            client,
            api_base: url(&config.api_base, defaults.api),
            http: Http(crate::http::client()),
        })
    }

    /// Where to send the operator: the provider's consent page for `scopes`, with `state` and
    /// the PKCE challenge; Google is asked for a refresh token (`access_type=offline`) every
    /// time (`prompt=consent`).
    pub fn authorize_url(
        &self,
        state: &str,
        challenge: PkceCodeChallenge,
        scopes: &[String],
    ) -> String {
        let state = state.to_owned();
        let mut request = self
            .client
            .authorize_url(move || CsrfToken::new(state))
            .set_pkce_challenge(challenge)
            .add_scopes(scopes.iter().cloned().map(Scope::new));
        if self.provider == Provider::Google {
            request = request
                .add_extra_param("access_type", "offline")
                .add_extra_param("prompt", "consent");
        }
        request.url().0.to_string()
    }

    /// Trades an authorization code (and its PKCE verifier) for tokens.
    pub async fn exchange(&self, code: String, verifier: String) -> Result<Tokens, OAuthError> {
        let answer = self
            .client
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier))
            .request_async(&self.http)
            .await;
        tokens(answer)
    }

    /// A new access token from a refresh token.
    pub async fn refresh(&self, refresh: &Secret) -> Result<Tokens, OAuthError> {
        let token = RefreshToken::new(refresh.expose().to_owned());
        let answer = self
            .client
            .exchange_refresh_token(&token)
            .request_async(&self.http)
            .await;
        tokens(answer)
    }

    /// Asks the provider to revoke `refresh` (and the access it grants).
    pub async fn revoke(&self, refresh: &Secret) -> Result<(), OAuthError> {
        let token =
            StandardRevocableToken::RefreshToken(RefreshToken::new(refresh.expose().to_owned()));
        self.client
            .revoke_token(token)
            .map_err(|error| OAuthError::Refused(error.to_string()))?
            .request_async(&self.http)
            .await
            .map_err(|error| match error {
                RequestTokenError::ServerResponse(response) => {
                    OAuthError::Refused(response.error().to_string())
                }
                RequestTokenError::Request(error) => OAuthError::Unreachable(error.to_string()),
                other => OAuthError::Unreachable(other.to_string()),
            })
    }

    /// The provider's HTTP client, for its API.
    pub fn http(&self) -> &reqwest::Client {
        &self.http.0
    }

    /// The account an access token belongs to (Google: the Gmail address). A 401 means the
    /// grant does not work.
    pub async fn account(&self, access: &Secret) -> Result<String, OAuthError> {
        let url = match self.provider {
            Provider::Google => format!("{}/gmail/v1/users/me/profile", self.api_base),
        };
        let response = self
            .http
            .0
            .get(url)
            .bearer_auth(access.expose())
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .map_err(|error| OAuthError::Unreachable(error.without_url().to_string()))?;
        let status = response.status();
        if status.as_u16() == 401 || status.as_u16() == 403 {
            return Err(OAuthError::InvalidGrant(format!(
                "the provider answered {status}"
            )));
        }
        if !status.is_success() {
            return Err(OAuthError::Unreachable(format!(
                "the provider answered {status}"
            )));
        }
        let profile: serde_json::Value = response
            .json()
            .await
            .map_err(|error| OAuthError::Unreachable(error.to_string()))?;
        profile
            .get("emailAddress")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| OAuthError::Unreachable("the profile names no account".to_owned()))
    }
}

/// Reads a token endpoint's answer, sorting its failures.
fn tokens(
    answer: Result<
        BasicTokenResponse,
        RequestTokenError<HttpFailure, oauth2::basic::BasicErrorResponse>,
    >,
) -> Result<Tokens, OAuthError> {
    match answer {
        Ok(response) => Ok(Tokens {
            access: Secret::new(response.access_token().secret().clone()),
            refresh: response
                .refresh_token()
                .map(|token| Secret::new(token.secret().clone())),
            expires_in: response.expires_in(),
            scopes: response
                .scopes()
                .map(|scopes| scopes.iter().map(|scope| scope.to_string()).collect()),
        }),
        Err(RequestTokenError::ServerResponse(response)) => {
            let said = response
                .error_description()
                .map_or_else(|| response.error().to_string(), Clone::clone);
            Err(match response.error() {
                BasicErrorResponseType::InvalidGrant => OAuthError::InvalidGrant(said),
                _ => OAuthError::Refused(said),
            })
        }
        Err(RequestTokenError::Request(error)) => Err(OAuthError::Unreachable(error.to_string())),
        // An answer that is not OAuth JSON: a proxy's or an outage's page.
        Err(RequestTokenError::Parse(_, _)) => Err(OAuthError::Unreachable(
            "the token endpoint answered something that is not OAuth".to_owned(),
        )),
        Err(RequestTokenError::Other(reason)) => Err(OAuthError::Unreachable(reason)),
    }
}

/// The crate's request, sent with our client; errors never carry the URL (it may hold a token).
async fn send(
    http: &reqwest::Client,
    request: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, HttpFailure> {
    let (parts, body) = request.into_parts();
    let response = http
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map_err(|error| HttpFailure(error.without_url().to_string()))?;
    let mut answer = oauth2::http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        answer = answer.header(name, value);
    }
    let body = response
        .bytes()
        .await
        .map_err(|error| HttpFailure(error.without_url().to_string()))?;
    answer
        .body(body.to_vec())
        .map_err(|error| HttpFailure(error.to_string()))
}

/// A fresh PKCE challenge (S256) and its verifier's text.
pub(super) fn pkce() -> (PkceCodeChallenge, String) {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    (challenge, verifier.secret().clone())
}
