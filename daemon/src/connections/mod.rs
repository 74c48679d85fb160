//! Connections: a tenant's OAuth 2.0 grants at providers (Google for Gmail today; GoHighLevel
//! for appointments and campaigns next), shared by every area that calls those providers.
//!
//! - An admin starts one (`add`): the daemon records a pending authorization (its `state`
//!   bound to the tenant and the operator, single use, 10 minutes) with a PKCE verifier, and
//!   answers the provider's consent URL.
//! - The provider sends the operator back to `/oauth/callback` (behind the operator's TLS
//!   proxy), or the operator pastes that address into `centralita connections finish --url`
//!   (over SSH, nothing needs to reach the daemon). Either way the code is sealed on the
//!   connection and an [`ExchangeCode`](jobs::ExchangeCode) job trades it for tokens: no
//!   provider is called inside an RPC or a webhook.
//! - Tokens are sealed at rest (`crypto.rs`), refreshed ahead of expiry one at a time per
//!   connection (a rotated refresh token is stored in the same commit as its access token),
//!   and swept every 30 minutes per tenant ([`SweepConnections`](jobs::SweepConnections)).
//!   `invalid_grant` stops the retries and asks for a new authorization.

mod crypto;
pub mod jobs;
mod oauth;
mod records;
mod service;
mod wire;

use std::collections::BTreeMap;
use std::sync::Arc;

use centralita_config::{Config, Secret};
use centralita_protocol::{ConnectionId, TenantId};
use jiff::SignedDuration;

pub use crypto::{KEY_FILE as TOKEN_KEY_FILE, KeyError, TokenKey};
pub use oauth::{OAuthClient, OAuthError, Provider};
pub(crate) use records::TABLES;
pub use records::{ConnectionRecord, ConnectionState};
pub use service::TokenError;

use crate::locks::KeyedLocks;
use crate::queue::Queue;
use crate::store::Store;

/// The queue connection jobs run on.
pub const QUEUE: &str = "connections";
/// How long an authorization waits for the operator to come back.
pub const AUTHORIZATION_TTL: SignedDuration = SignedDuration::from_mins(10);
/// How often each tenant's connections are checked and refreshed.
pub const SWEEP_MINUTES: u32 = 30;

/// Public test client of the sandbox's fake Google.
pub const SANDBOX_CLIENT_ID: &str = "sandbox-client";
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-client-secret";

/// The connections service; cheap to clone.
#[derive(Clone)]
pub struct Connections {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    queue: Queue,
    key: TokenKey,
    clients: BTreeMap<Provider, OAuthClient>,
    /// A token is refreshed this long before it expires.
    refresh_before: SignedDuration,
    /// One refresh at a time per connection.
    locks: KeyedLocks<(TenantId, ConnectionId)>,
}

impl Connections {
    /// Sets the service up from `[connections]`: the token key and each provider's client. With
    /// the sandbox on (`sandbox` is the daemon's webhook address), a provider the config leaves
    /// out talks to the sandbox's fake.
    pub fn from_config(
        store: Store,
        queue: Queue,
        config: &Config,
        data_dir: &std::path::Path,
        sandbox: Option<std::net::SocketAddr>,
    ) -> Result<Self, String> {
        let key = TokenKey::load(config.connections.token_key.as_ref(), data_dir)
            .map_err(|error| error.to_string())?;
        let mut clients = BTreeMap::new();
        if let Some(google) = &config.connections.google {
            let secret = google
                .client_secret
                .resolve()
                .map_err(|error| format!("connections.google.client_secret: {error}"))?;
            clients.insert(
                Provider::Google,
                OAuthClient::new(Provider::Google, google, &secret)?,
            );
        } else if let Some(address) = sandbox {
            let base = format!("http://{address}/sandbox/google");
            let fake = centralita_config::OAuthClientConfig {
                client_id: SANDBOX_CLIENT_ID.to_owned(),
                client_secret: centralita_config::SecretRef::Env(String::new()),
                redirect_url: format!("http://{address}/oauth/callback"),
                auth_url: Some(format!("{base}/o/oauth2/v2/auth")),
                token_url: Some(format!("{base}/token")),
                revoke_url: Some(format!("{base}/revoke")),
                api_base: Some(base),
            };
            clients.insert(
                Provider::Google,
                OAuthClient::new(Provider::Google, &fake, &Secret::new(SANDBOX_CLIENT_SECRET))?,
            );
        }
        let refresh_before = SignedDuration::from_secs(
            i64::try_from(config.connections.refresh_before_secs).unwrap_or(i64::MAX),
        );
        Ok(Self {
            inner: Arc::new(Inner {
                store,
                queue,
                key,
                clients,
                refresh_before,
                locks: KeyedLocks::default(),
            }),
        })
    }

    /// Registers the connection jobs.
    pub fn register(&self, queue: &Queue) {
        jobs::register(self, queue);
    }

    /// The client of `provider`, when this installation has one.
    /// How long before expiry a token is refreshed (`connections.refresh_before_secs`).
    fn refresh_before(&self) -> SignedDuration {
        self.inner.refresh_before
    }

    pub fn client(&self, provider: Provider) -> Option<&OAuthClient> {
        self.inner.clients.get(&provider)
    }

    /// Providers this installation can connect to.
    pub fn providers(&self) -> Vec<Provider> {
        self.inner.clients.keys().copied().collect()
    }

    fn store(&self) -> &Store {
        &self.inner.store
    }

    fn queue(&self) -> &Queue {
        &self.inner.queue
    }

    fn key(&self) -> &TokenKey {
        &self.inner.key
    }
}
