//! What admins do with connections (add, finish, test, revoke, remove), how the provider's
//! redirect is taken, and how other areas get a fresh access token.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use centralita_config::Secret;
use centralita_protocol::{AuthorizationStart, Connection, ConnectionId, JobId, TenantId};
use jiff::Timestamp;

use super::jobs::{ExchangeCode, RevokeConnection, TestConnection};
use super::oauth::{self, OAuthError, Provider, Tokens};
use super::records::{AuthorizationRecord, ConnectionRecord, ConnectionState, Grant, TokenSet};
use super::{AUTHORIZATION_TTL, Connections, QUEUE};
use crate::actor::Actor;
use crate::audit;
use crate::error::{AreaError, Said, said};
use centralita_protocol::said as key;

/// Why a connection's token cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The connection cannot be used until an operator acts (reauthorize, connect); its last
    /// error, when it has one, says why and what to do.
    #[error(
        "connection {id} is {state}: {}",
        last_error.as_deref().unwrap_or("authorize it again")
    )]
    NotUsable {
        id: ConnectionId,
        state: &'static str,
        provider: Provider,
        last_error: Option<String>,
        /// `last_error` in the catalog's words (none in records from before them).
        last_error_words: Option<centralita_protocol::said::Words>,
    },
    #[error(transparent)]
    OAuth(#[from] OAuthError),
    #[error(transparent)]
    Area(#[from] AreaError),
}

impl Connections {
    /// The tenant's connections, oldest first.
    pub async fn list(&self, actor: &Actor) -> Result<Vec<Connection>, AreaError> {
        let tenant = actor.tenant.clone();
        let records = self
            .store()
            .read(move |txn| txn.connections(&tenant))
            .await?;
        Ok(records.into_iter().map(Connection::from).collect())
    }

    /// Starts connecting the tenant to `provider` (or authorizing connection `reauthorize`
    /// again): answers the provider's consent URL, valid for 10 minutes.
    pub async fn add(
        &self,
        actor: &Actor,
        provider: &str,
        reauthorize: Option<ConnectionId>,
    ) -> Result<AuthorizationStart, AreaError> {
        let provider = Provider::named(provider).ok_or_else(|| {
            said!(
                key::UNKNOWN_PROVIDER,
                "unknown provider {0}: use google",
                format!("{provider:?}")
            )
            .invalid()
        })?;
        let client = self.client(provider).ok_or_else(|| {
            said!(
                key::NO_OAUTH_CLIENT,
                "this installation has no {0} OAuth client: set [connections.{0}] in the config",
                provider
            )
            .invalid()
        })?;
        let state = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
        let (challenge, verifier) = oauth::pkce();
        let scopes: Vec<String> = provider
            .default_scopes()
            .iter()
            .map(|scope| (*scope).to_owned())
            .collect();
        let sealed_verifier = self.key().seal(&state, verifier.as_bytes());
        let (tenant, operator) = (actor.tenant.clone(), actor.user().to_owned());
        let target =
            reauthorize.map_or_else(|| provider.to_string(), |id| format!("connection {id}"));
        let state_for_txn = state.clone();
        let wanted = scopes.clone();
        let (connection, expires_at) = audit::audited(
            self.store(),
            actor.audit(target, provider.to_string()),
            move |txn| {
                let now = txn.now();
                let connection = match reauthorize {
                    Some(id) => {
                        let mut record = txn.connection(&tenant, id)?;
                        if record.provider != provider {
                            return Err(said!(
                                key::CONNECTION_PROVIDER,
                                "connection {0} is a {1} connection, not {2}",
                                id,
                                record.provider,
                                provider
                            )
                            .invalid());
                        }
                        record.state = ConnectionState::Pending;
                        record.scopes.clone_from(&wanted);
                        txn.put_connection(&tenant, &record)?;
                        record
                    }
                    None => txn.insert_connection(
                        &tenant,
                        &ConnectionRecord {
                            id: ConnectionId(0),
                            provider,
                            account: String::new(),
                            scopes: wanted.clone(),
                            state: ConnectionState::Pending,
                            expires_at: None,
                            last_refresh: None,
                            last_error: None,
                            last_error_words: None,
                            created_at: now,
                            created_by: operator.clone(),
                            tokens: None,
                            grant: None,
                        },
                    )?,
                };
                let expires_at = now + AUTHORIZATION_TTL;
                txn.put_authorization(
                    &state_for_txn,
                    &AuthorizationRecord {
                        tenant: tenant.clone(),
                        connection: connection.id,
                        operator: operator.clone(),
                        verifier: sealed_verifier.clone(),
                        expires_at,
                    },
                )?;
                Ok((connection.id, expires_at))
            },
        )
        .await?;
        Ok(AuthorizationStart {
            connection,
            url: client.authorize_url(&state, challenge, &scopes),
            expires_at,
        })
    }

    /// Finishes an authorization with the address the provider redirected the operator to
    /// (pasted by them): checks it is theirs, keeps the code sealed and enqueues the exchange.
    pub async fn finish(&self, actor: &Actor, address: &str) -> Result<Connection, AreaError> {
        let query = address
            .split_once('?')
            .map_or(address, |(_, query)| query)
            .split('#')
            .next()
            .unwrap_or_default();
        let redirect = Redirect::parse(query)?;
        let record = self.take(&redirect.state, Some(actor)).await?;
        self.accept(record, redirect).await
    }

    /// Takes the provider's redirect to `/oauth/callback` (no operator behind it but the
    /// state's): answers what to tell the browser.
    pub async fn callback(&self, query: &str) -> Result<String, AreaError> {
        let redirect = Redirect::parse(query)?;
        let record = self.take(&redirect.state, None).await?;
        let connection = self.accept(record, redirect).await?;
        Ok(format!(
            "Centralita received the authorization for connection {}. It is finishing it now: see `centralita connections list` or :connections. You can close this tab.",
            connection.id
        ))
    }

    /// Checks a connection now: a job refreshes its token and asks the provider who it is.
    pub async fn test(&self, actor: &Actor, id: ConnectionId) -> Result<JobId, AreaError> {
        let tenant = actor.tenant.clone();
        let (job, _) = audit::audited(
            self.store(),
            actor.audit(format!("connection {id}"), String::new()),
            move |txn| {
                txn.connection(&tenant, id)?;
                txn.enqueue(&tenant, &TestConnection { connection: id })
            },
        )
        .await?;
        self.queue().wake(QUEUE);
        Ok(job)
    }

    /// Stops using a connection and revokes it at the provider (a job).
    pub async fn revoke(&self, actor: &Actor, id: ConnectionId) -> Result<Connection, AreaError> {
        let tenant = actor.tenant.clone();
        let record = audit::audited(
            self.store(),
            actor.audit(format!("connection {id}"), String::new()),
            move |txn| {
                let mut record = txn.connection(&tenant, id)?;
                record.state = ConnectionState::Revoked;
                txn.put_connection(&tenant, &record)?;
                txn.enqueue(&tenant, &RevokeConnection { connection: id })?;
                Ok(record)
            },
        )
        .await?;
        self.queue().wake(QUEUE);
        Ok(Connection::from(record))
    }

    /// Forgets a connection and its tokens.
    pub async fn remove(&self, actor: &Actor, id: ConnectionId) -> Result<(), AreaError> {
        let tenant = actor.tenant.clone();
        audit::audited(
            self.store(),
            actor.audit(format!("connection {id}"), String::new()),
            move |txn| txn.delete_connection(&tenant, id),
        )
        .await
    }

    /// A fresh access token of connection `id`: refreshed first when it expires within the
    /// configured margin, one refresh at a time per connection.
    pub async fn access_token(
        &self,
        tenant: &TenantId,
        id: ConnectionId,
    ) -> Result<Secret, TokenError> {
        let lock = self.inner.locks.of((tenant.clone(), id));
        let _one_at_a_time = lock.lock().await;
        let record = self.record(tenant, id).await?;
        let usable = matches!(
            record.state,
            ConnectionState::Connected | ConnectionState::Refreshing | ConnectionState::Error
        );
        let Some(tokens) = record.tokens.as_ref().filter(|_| usable) else {
            return Err(TokenError::NotUsable {
                id,
                state: record.state.as_str(),
                provider: record.provider,
                last_error: record.last_error.clone(),
                last_error_words: record.last_error_words.clone(),
            });
        };
        let expiring = record
            .expires_at
            .is_none_or(|at| at - self.inner.refresh_before <= Timestamp::now());
        if !expiring {
            return Ok(Secret::new(
                self.open_tokens(tenant, &record, tokens)?.access,
            ));
        }
        self.refresh_locked(tenant, &record).await
    }

    /// The API base of connection `id`'s provider (Gmail's, or the sandbox's fake).
    pub async fn api_base(&self, tenant: &TenantId, id: ConnectionId) -> Result<String, AreaError> {
        let record = self.record(tenant, id).await?;
        self.client(record.provider)
            .map(|client| client.api_base.clone())
            .ok_or_else(|| {
                said!(
                    key::NO_OAUTH_CLIENT,
                    "this installation has no {0} OAuth client: set [connections.{0}] in the config",
                    record.provider
                )
                .conflict()
            })
    }

    /// Refreshes connection `id` now (the sweep and the test job), one at a time.
    pub async fn refresh(&self, tenant: &TenantId, id: ConnectionId) -> Result<Secret, TokenError> {
        let lock = self.inner.locks.of((tenant.clone(), id));
        let _one_at_a_time = lock.lock().await;
        let record = self.record(tenant, id).await?;
        self.refresh_locked(tenant, &record).await
    }

    /// Trades the refresh token for a new access token and stores both (a rotated refresh
    /// token in the same commit); a dead grant marks the connection for reauthorization.
    async fn refresh_locked(
        &self,
        tenant: &TenantId,
        record: &ConnectionRecord,
    ) -> Result<Secret, TokenError> {
        let current = record
            .tokens
            .as_ref()
            .map(|sealed| self.open_tokens(tenant, record, sealed))
            .transpose()?;
        let Some(refresh) = current.as_ref().and_then(|tokens| tokens.refresh.clone()) else {
            let why = said!(
                key::CONNECTION_NO_REFRESH_TOKEN,
                "the provider gave no refresh token: authorize again"
            );
            self.fail(
                tenant,
                record.id,
                ConnectionState::ReauthorizationNeeded,
                &why,
            )
            .await?;
            return Err(TokenError::NotUsable {
                id: record.id,
                state: ConnectionState::ReauthorizationNeeded.as_str(),
                provider: record.provider,
                last_error_words: Some(why.words()),
                last_error: Some(why.text),
            });
        };
        let client = self.client(record.provider).ok_or_else(|| {
            said!(
                key::NO_OAUTH_CLIENT,
                "this installation has no {0} OAuth client: set [connections.{0}] in the config",
                record.provider
            )
            .invalid()
        })?;
        let refreshed = client.refresh(&Secret::new(refresh.clone())).await;
        // Both refusals are recorded on the connection before they are returned.
        let (state, why, error): (_, _, TokenError) = match refreshed {
            Ok(tokens) => {
                return self
                    .store_tokens(tenant, record.id, tokens, Some(refresh), None)
                    .await;
            }
            Err(OAuthError::InvalidGrant(reason)) => (
                ConnectionState::ReauthorizationNeeded,
                said!(
                    key::CONNECTION_GRANT_DEAD,
                    "{0} refused the grant ({1}): it was revoked, the password changed, it went unused for 6 months, or the app is in Google's testing mode (grants last 7 days there); authorize again with `centralita connections add {0} --reauthorize {2}`",
                    record.provider,
                    reason,
                    record.id
                ),
                OAuthError::InvalidGrant(reason).into(),
            ),
            Err(error) => (ConnectionState::Error, error.said(), error.into()),
        };
        self.fail(tenant, record.id, state, &why).await?;
        Err(error)
    }

    /// Seals and stores new tokens (keeping the old refresh token when none came).
    pub(super) async fn store_tokens(
        &self,
        tenant: &TenantId,
        id: ConnectionId,
        tokens: Tokens,
        old_refresh: Option<String>,
        account: Option<String>,
    ) -> Result<Secret, TokenError> {
        let access = tokens.access.clone();
        let set = TokenSet {
            access: tokens.access.expose().to_owned(),
            refresh: tokens
                .refresh
                .as_ref()
                .map(|refresh| refresh.expose().to_owned())
                .or(old_refresh),
        };
        let plain =
            serde_json::to_vec(&set).map_err(|error| AreaError::invalid(error.to_string()))?;
        let (tenant, key) = (tenant.clone(), self.clone());
        self.store()
            .write(move |txn| {
                let mut record = txn.connection(&tenant, id)?;
                let now = txn.now();
                record.tokens = Some(key.key().seal(&record.context(&tenant), &plain));
                record.grant = None;
                record.state = ConnectionState::Connected;
                record.set_last_error(None);
                record.last_refresh = Some(now);
                record.expires_at = tokens.expires_in.and_then(|expires| {
                    jiff::SignedDuration::try_from(expires)
                        .ok()
                        .map(|expires| now + expires)
                });
                if let Some(scopes) = &tokens.scopes {
                    record.scopes.clone_from(scopes);
                }
                if let Some(account) = &account {
                    record.account.clone_from(account);
                }
                txn.put_connection(&tenant, &record)
            })
            .await?;
        Ok(access)
    }

    /// Records a failure on the connection, in English and the catalog's words.
    pub(super) async fn fail(
        &self,
        tenant: &TenantId,
        id: ConnectionId,
        state: ConnectionState,
        why: &Said,
    ) -> Result<(), AreaError> {
        let (tenant, why) = (tenant.clone(), why.clone());
        self.store()
            .write(move |txn| {
                let mut record = txn.connection(&tenant, id)?;
                record.state = state;
                record.set_last_error(Some(&why));
                txn.put_connection(&tenant, &record)
            })
            .await
    }

    pub(super) async fn record(
        &self,
        tenant: &TenantId,
        id: ConnectionId,
    ) -> Result<ConnectionRecord, AreaError> {
        let tenant = tenant.clone();
        self.store()
            .read(move |txn| txn.connection(&tenant, id))
            .await
    }

    pub(super) fn open_tokens(
        &self,
        tenant: &TenantId,
        record: &ConnectionRecord,
        sealed: &super::crypto::Sealed,
    ) -> Result<TokenSet, AreaError> {
        self.unseal(tenant, record, sealed, || {
            said!(
                key::TOKENS_DO_NOT_OPEN,
                "connection {0}'s tokens do not open with this token key (was connections.token_key changed?): authorize it again",
                record.id
            )
        })
    }

    pub(super) fn open_grant(
        &self,
        tenant: &TenantId,
        record: &ConnectionRecord,
    ) -> Result<Grant, AreaError> {
        let sealed = record.grant.as_ref().ok_or_else(|| {
            said!(
                key::NO_CODE_TO_EXCHANGE,
                "connection {0} has no code to exchange",
                record.id
            )
            .conflict()
        })?;
        self.unseal(tenant, record, sealed, || {
            said!(
                key::AUTHORIZATION_DOES_NOT_OPEN,
                "the authorization code does not open with this token key (was connections.token_key changed?): start again with `centralita connections add`"
            )
        })
    }

    /// Opens a value of `record` sealed as JSON; one that does not open is the conflict
    /// `refused` says.
    fn unseal<T: serde::de::DeserializeOwned>(
        &self,
        tenant: &TenantId,
        record: &ConnectionRecord,
        sealed: &super::crypto::Sealed,
        refused: impl FnOnce() -> Said,
    ) -> Result<T, AreaError> {
        let plain = self
            .key()
            .open(&record.context(tenant), sealed)
            .ok_or_else(|| refused().conflict())?;
        serde_json::from_slice(&plain).map_err(|error| AreaError::conflict(error.to_string()))
    }

    /// Takes the authorization of `state`; with an actor, only theirs in their tenant.
    async fn take(
        &self,
        state: &str,
        actor: Option<&Actor>,
    ) -> Result<AuthorizationRecord, AreaError> {
        let state = state.to_owned();
        let record = self
            .store()
            .write(move |txn| txn.take_authorization(&state))
            .await?;
        if let Some(actor) = actor
            && (record.tenant != actor.tenant || record.operator != actor.user())
        {
            return Err(said!(
                key::AUTHORIZATION_OF_OTHER,
                "this authorization was started by {0} in tenant {1}; they finish it",
                record.operator,
                record.tenant
            )
            .denied());
        }
        Ok(record)
    }

    /// Seals the redirect's code with the verifier on the connection and enqueues the
    /// exchange; a refusal at the provider marks the connection instead.
    async fn accept(
        &self,
        authorization: AuthorizationRecord,
        redirect: Redirect,
    ) -> Result<Connection, AreaError> {
        let tenant = authorization.tenant.clone();
        let verifier = self
            .key()
            .open(&redirect.state, &authorization.verifier)
            .ok_or_else(|| {
                said!(
                    key::AUTHORIZATION_DOES_NOT_OPEN,
                    "the authorization does not open with this token key (was connections.token_key changed?): start again with `centralita connections add`"
                )
                .conflict()
            })?;
        let verifier =
            String::from_utf8(verifier).map_err(|error| AreaError::conflict(error.to_string()))?;
        let id = authorization.connection;
        let key = self.clone();
        let entry = crate::audit::AuditRecord {
            operator: authorization.operator.clone(),
            tenant: Some(tenant.clone()),
            action: "connections_finish".to_owned(),
            target: format!("connection {id}"),
            outcome: centralita_protocol::AuditOutcome::Ok,
            detail: redirect.error.clone().unwrap_or_default(),
            detail_words: None,
        };
        let record = audit::audited(self.store(), entry, move |txn| {
            let mut record = txn.connection(&tenant, id)?;
            match (&redirect.error, &redirect.code) {
                (Some(error), _) => {
                    record.state = ConnectionState::Error;
                    record.set_last_error(Some(&said!(
                        key::CONNECTION_NOT_AUTHORIZED,
                        "the provider did not authorize ({0}): start again with `centralita connections add`",
                        error
                    )));
                }
                (None, Some(code)) => {
                    let grant = Grant {
                        code: code.clone(),
                        verifier: verifier.clone(),
                    };
                    let plain = serde_json::to_vec(&grant)
                        .map_err(|error| AreaError::invalid(error.to_string()))?;
                    record.grant = Some(key.key().seal(&record.context(&tenant), &plain));
                    record.state = ConnectionState::Pending;
                    record.set_last_error(None);
                    txn.enqueue(&tenant, &ExchangeCode { connection: id })?;
                }
                (None, None) => {
                    return Err(said!(
                        key::REDIRECT_EMPTY,
                        "the address has neither a code nor an error: paste the whole address the browser landed on"
                    )
                    .invalid());
                }
            }
            txn.put_connection(&tenant, &record)?;
            Ok(record)
        })
        .await?;
        self.queue().wake(QUEUE);
        Ok(Connection::from(record))
    }
}

/// What the provider's redirect says: the state, and a code or an error.
struct Redirect {
    state: String,
    code: Option<String>,
    error: Option<String>,
}

impl Redirect {
    fn parse(query: &str) -> Result<Self, AreaError> {
        let mut state = None;
        let mut code = None;
        let mut error = None;
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            match name.as_ref() {
                "state" => state = Some(value.into_owned()),
                "code" => code = Some(value.into_owned()),
                "error" => error = Some(value.into_owned()),
                _ => {}
            }
        }
        let state = state.filter(|state| !state.is_empty()).ok_or_else(|| {
            said!(
                key::REDIRECT_NO_STATE,
                "the address has no state: paste the whole address the browser landed on (it starts with the redirect URL and holds code= and state=)"
            )
            .invalid()
        })?;
        Ok(Self { state, code, error })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_gives_its_state_and_code_or_error() {
        let ok = Redirect::parse("state=abc&code=4%2F0AX&scope=x").expect("valid");
        assert_eq!(
            (ok.state.as_str(), ok.code.as_deref()),
            ("abc", Some("4/0AX"))
        );
        let refused = Redirect::parse("error=access_denied&state=abc").expect("valid");
        assert_eq!(refused.error.as_deref(), Some("access_denied"));
        assert!(Redirect::parse("code=1").is_err());
    }
}
