//! The connection jobs: trade an authorization code for tokens, check a connection, revoke
//! one at the provider, and the sweep that refreshes each tenant's connections every 30
//! minutes.

use centralita_protocol::{ConnectionId, TenantId};
use serde::{Deserialize, Serialize};

use super::oauth::OAuthError;
use super::records::ConnectionState;
use super::service::TokenError;
use super::{Connections, QUEUE, SWEEP_MINUTES};
use crate::error::{Said, said};
use crate::queue::{Every, Job, JobContext, JobError, Queue};
use centralita_protocol::said::{self as key, Words};

/// Trades the code sealed on connection `connection` for tokens, and learns its account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeCode {
    pub connection: ConnectionId,
}

impl Job for ExchangeCode {
    const KIND: &'static str = "connections.exchange";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 5;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(connection_key(tenant, self.connection))
    }
}

/// Refreshes connection `connection` and asks the provider who it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestConnection {
    pub connection: ConnectionId,
}

impl Job for TestConnection {
    const KIND: &'static str = "connections.test";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 3;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(connection_key(tenant, self.connection))
    }
}

/// The unique key an exchange and a test of `connection` share: while one is queued or
/// running, asking for either returns it.
fn connection_key(tenant: &TenantId, connection: ConnectionId) -> String {
    format!("connections:{tenant}:{connection}")
}

/// Revokes connection `connection`'s grant at the provider and forgets its tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokeConnection {
    pub connection: ConnectionId,
}

impl Job for RevokeConnection {
    const KIND: &'static str = "connections.revoke";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 5;
}

/// Every 30 minutes per tenant: refreshes each connection whose token would expire before the
/// next sweep, and records how each stands (what the dashboard shows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepConnections {}

impl Job for SweepConnections {
    const KIND: &'static str = "connections.sweep";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 3;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!("connections.sweep:{tenant}"))
    }
}

/// The name of a tenant's sweep schedule.
pub const SWEEP_SCHEDULE: &str = "connections.sweep";

pub(super) fn register(connections: &Connections, queue: &Queue) {
    let service = connections.clone();
    queue.register_job(move |context, job: ExchangeCode| {
        let service = service.clone();
        async move { service.exchange(&context, job.connection).await }
    });
    let service = connections.clone();
    queue.register_job(move |context, job: TestConnection| {
        let service = service.clone();
        async move { service.check(&context.tenant, job.connection).await }
    });
    let service = connections.clone();
    queue.register_job(move |context, job: RevokeConnection| {
        let service = service.clone();
        async move {
            service
                .revoke_at_provider(&context.tenant, job.connection)
                .await
        }
    });
    let service = connections.clone();
    queue.register_job(move |context, _: SweepConnections| {
        let service = service.clone();
        async move { service.sweep(&context.tenant).await }
    });
}

impl From<OAuthError> for JobError {
    fn from(error: OAuthError) -> Self {
        match error {
            OAuthError::Unreachable(_) => Self::retryable_said(error.said(), None),
            OAuthError::InvalidGrant(_) | OAuthError::Refused(_) => {
                Self::permanent_said(error.said())
            }
        }
    }
}

impl From<TokenError> for JobError {
    fn from(error: TokenError) -> Self {
        match error {
            TokenError::OAuth(error) => error.into(),
            TokenError::NotUsable {
                id,
                state,
                provider,
                last_error,
                last_error_words,
            } => Self::permanent_said(not_usable(
                id,
                state,
                provider,
                last_error,
                last_error_words,
            )),
            TokenError::Area(error) => error.into(),
        }
    }
}

/// Why a job cannot use connection `id`: its last error (which says what to do) when it has
/// one, in the catalog's words when the connection kept them; else how to authorize it.
fn not_usable(
    id: ConnectionId,
    state: &str,
    provider: super::Provider,
    last_error: Option<String>,
    last_error_words: Option<Words>,
) -> Said {
    match (last_error, last_error_words) {
        (Some(error), Some(words)) => said!(
            key::CONNECTION_UNUSABLE_BECAUSE,
            "connection {0} ({2}) is {1}: {3}",
            id,
            state,
            provider,
            error
        )
        .with_inner(Some(words)),
        // A connection stored before errors kept their words.
        (Some(error), None) => said!(
            key::CONNECTION_NOT_USABLE,
            "connection {0} ({2}) is {1}: {3}",
            id,
            state,
            provider,
            error
        ),
        (None, _) => said!(
            key::CONNECTION_NEEDS_AUTHORIZATION,
            "connection {0} ({2}) is {1}: authorize it with `centralita connections add {2} --reauthorize {0}`",
            id,
            state,
            provider
        ),
    }
}

impl Connections {
    async fn exchange(&self, context: &JobContext, id: ConnectionId) -> Result<(), JobError> {
        let tenant = &context.tenant;
        let record = self.record(tenant, id).await?;
        let grant = match self.open_grant(tenant, &record) {
            Ok(grant) => grant,
            // Exchanged already (a repeated job after a crash).
            Err(_) if record.tokens.is_some() => return Ok(()),
            Err(error) => return Err(error.into()),
        };
        let client = self
            .client(record.provider)
            .ok_or_else(|| no_client(record.provider))?;
        let tokens = match client.exchange(grant.code, grant.verifier).await {
            Ok(tokens) => tokens,
            Err(error @ OAuthError::Unreachable(_)) if context.attempt < context.max_attempts => {
                return Err(error.into());
            }
            Err(error) => {
                let why = exchange_failed(&error);
                self.fail(tenant, id, ConnectionState::Error, &why).await?;
                return Err(JobError::permanent_said(why));
            }
        };
        // Who the account is, asked before the tokens are stored, so the connection shows
        // connected with its account in one commit; if the provider does not say now, a
        // second call after storing does (the code is single use: the tokens come first).
        let account = client.account(&tokens.access).await.ok();
        let learned = account.is_some();
        let access = self.store_tokens(tenant, id, tokens, None, account).await?;
        if !learned {
            self.learn_account(tenant, id, &access).await?;
        }
        let (tenant, queue) = (tenant.clone(), self.queue().clone());
        self.store()
            .write(move |txn| {
                txn.put_schedule(
                    &tenant,
                    SWEEP_SCHEDULE,
                    &SweepConnections {},
                    Every::Minutes(SWEEP_MINUTES),
                )
            })
            .await?;
        queue.schedules_changed();
        Ok(())
    }

    /// Refreshes and asks the provider who the account is.
    async fn check(&self, tenant: &TenantId, id: ConnectionId) -> Result<(), JobError> {
        let access = self.refresh(tenant, id).await?;
        self.learn_account(tenant, id, &access).await
    }

    async fn learn_account(
        &self,
        tenant: &TenantId,
        id: ConnectionId,
        access: &centralita_config::Secret,
    ) -> Result<(), JobError> {
        let record = self.record(tenant, id).await?;
        let client = self
            .client(record.provider)
            .ok_or_else(|| no_client(record.provider))?;
        match client.account(access).await {
            Ok(account) => {
                let tenant = tenant.clone();
                self.store()
                    .write(move |txn| {
                        let mut record = txn.connection(&tenant, id)?;
                        record.account.clone_from(&account);
                        txn.put_connection(&tenant, &record)
                    })
                    .await?;
                Ok(())
            }
            Err(error @ OAuthError::Unreachable(_)) => Err(error.into()),
            Err(error) => {
                self.fail(
                    tenant,
                    id,
                    ConnectionState::ReauthorizationNeeded,
                    &error.said(),
                )
                .await?;
                Err(error.into())
            }
        }
    }

    async fn revoke_at_provider(
        &self,
        tenant: &TenantId,
        id: ConnectionId,
    ) -> Result<(), JobError> {
        let record = match self.record(tenant, id).await {
            Ok(record) => record,
            // Removed meanwhile: nothing left to revoke here.
            Err(crate::error::AreaError::NotFound(_)) => return Ok(()),
            Err(error) => return Err(error.into()),
        };
        if let Some(sealed) = &record.tokens
            && let Some(client) = self.client(record.provider)
        {
            let tokens = self.open_tokens(tenant, &record, sealed)?;
            let token = tokens.refresh.unwrap_or(tokens.access);
            match client.revoke(&centralita_config::Secret::new(token)).await {
                Ok(()) | Err(OAuthError::Refused(_) | OAuthError::InvalidGrant(_)) => {}
                Err(error @ OAuthError::Unreachable(_)) => return Err(error.into()),
            }
        }
        let tenant = tenant.clone();
        self.store()
            .write(move |txn| {
                let mut record = txn.connection(&tenant, id)?;
                record.tokens = None;
                record.grant = None;
                record.state = ConnectionState::Revoked;
                record.expires_at = None;
                txn.put_connection(&tenant, &record)
            })
            .await?;
        Ok(())
    }

    /// Refreshes the tenant's connections that would enter their refresh margin before the
    /// next sweep; one
    /// failing does not stop the others (each records its own state).
    async fn sweep(&self, tenant: &TenantId) -> Result<(), JobError> {
        let scope = tenant.clone();
        let records = self
            .store()
            .read(move |txn| txn.connections(&scope))
            .await?;
        // Whatever enters its refresh margin before the next sweep is refreshed now.
        let horizon = jiff::Timestamp::now()
            + jiff::SignedDuration::from_mins(i64::from(SWEEP_MINUTES))
            + self.refresh_before();
        let mut unreachable = None;
        for record in records {
            let live = matches!(
                record.state,
                ConnectionState::Connected | ConnectionState::Error | ConnectionState::Refreshing
            );
            let expiring = record.expires_at.is_none_or(|at| at <= horizon);
            if live && expiring && record.tokens.is_some() {
                match self.refresh(tenant, record.id).await {
                    Ok(_) => {}
                    Err(TokenError::OAuth(error @ OAuthError::Unreachable(_))) => {
                        unreachable = Some(error);
                    }
                    Err(error) => {
                        tracing::warn!(connection = %record.id, %error, "a connection needs an operator");
                    }
                }
            }
        }
        #[expect(
            clippy::redundant_closure_for_method_calls,
            reason = "the method path does not satisfy the higher-ranked transaction lifetime"
        )]
        let pruned = self.store().write(|txn| txn.prune_authorizations()).await?;
        tracing::debug!(pruned, "expired authorizations removed");
        match unreachable {
            Some(error) => Err(error.into()),
            None => Ok(()),
        }
    }
}

/// The installation has no OAuth client for `provider` (the config lost it since).
fn no_client(provider: impl std::fmt::Display) -> JobError {
    JobError::permanent_said(said!(
        key::NO_OAUTH_CLIENT,
        "this installation has no {0} OAuth client: set [connections.{0}] in the config",
        provider
    ))
}

/// Why a code could not be traded for tokens: the operator starts over.
fn exchange_failed(error: &OAuthError) -> crate::error::Said {
    match error {
        OAuthError::InvalidGrant(reason) => said!(
            key::EXCHANGE_GRANT_REFUSED,
            "the provider refused the grant ({0}): authorize the connection again; start again with `centralita connections add`",
            reason
        ),
        OAuthError::Refused(reason) => said!(
            key::EXCHANGE_REFUSED,
            "the provider refused: {0}; start again with `centralita connections add`",
            reason
        ),
        OAuthError::Unreachable(reason) => said!(
            key::EXCHANGE_UNREACHABLE,
            "the provider could not be reached: {0}; start again with `centralita connections add`",
            reason
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::connections::records::ConnectionRecord;
    use crate::connections::{oauth::Provider, oauth::Tokens};
    use crate::testing::{open_with_tenants, tenant};

    /// The service with a connected Google connection, whose provider does not answer: its
    /// client points at the sandbox's address, where nothing listens.
    async fn unreachable_provider(dir: &tempfile::TempDir) -> (Connections, ConnectionId) {
        connected_at(dir, "127.0.0.1:1".parse().expect("an address")).await
    }

    /// The service with a connected Google connection, whose provider (the sandbox's fake
    /// Google) is at `google`.
    async fn connected_at(
        dir: &tempfile::TempDir,
        google: std::net::SocketAddr,
    ) -> (Connections, ConnectionId) {
        let store = open_with_tenants(dir, &["acme"]).await;
        let queue = Queue::new(
            store.clone(),
            &centralita_config::QueueConfig::default(),
            Arc::new(crate::metrics::Metrics::default()),
        );
        let connections = Connections::from_config(
            store.clone(),
            queue,
            &centralita_config::Config::default(),
            dir.path(),
            Some(google),
        )
        .expect("service");
        let record = store
            .write(|txn| {
                txn.insert_connection(
                    &tenant("acme"),
                    &ConnectionRecord {
                        id: ConnectionId(0),
                        provider: Provider::Google,
                        account: "caja@clinica.example".to_owned(),
                        scopes: Vec::new(),
                        state: ConnectionState::Pending,
                        expires_at: None,
                        last_refresh: None,
                        last_error: None,
                        last_error_words: None,
                        created_at: jiff::Timestamp::now(),
                        created_by: "ana".to_owned(),
                        tokens: None,
                        grant: None,
                    },
                )
            })
            .await
            .expect("connection");
        let tokens = Tokens {
            access: centralita_config::Secret::new("access"),
            refresh: Some(centralita_config::Secret::new("refresh")),
            expires_in: None,
            scopes: None,
        };
        connections
            .store_tokens(&tenant("acme"), record.id, tokens, None, None)
            .await
            .expect("tokens");
        (connections, record.id)
    }

    #[tokio::test]
    async fn a_refresh_that_cannot_reach_the_provider_is_retried_in_the_catalogs_words() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (connections, id) = unreachable_provider(&dir).await;
        for error in [
            connections
                .check(&tenant("acme"), id)
                .await
                .expect_err("the test job"),
            connections
                .sweep(&tenant("acme"))
                .await
                .expect_err("the sweep"),
        ] {
            let JobError::Retryable {
                message,
                words: Some(words),
                ..
            } = &error
            else {
                panic!("an unreachable provider is worth another try, with words: {error:?}");
            };
            assert_eq!(words.key, "oauth_unreachable");
            assert_eq!(
                message,
                &format!("the provider could not be reached: {}", words.args[0])
            );
        }
        let record = connections
            .record(&tenant("acme"), id)
            .await
            .expect("record");
        assert_eq!(record.state, ConnectionState::Error);
        let words = record
            .last_error_words
            .expect("the connection keeps the words");
        assert_eq!(words.key, "oauth_unreachable");
        assert_eq!(
            record.last_error,
            Some(format!(
                "the provider could not be reached: {}",
                words.args[0]
            ))
        );
    }

    #[tokio::test]
    async fn a_dead_grant_is_kept_on_the_connection_in_the_catalogs_words() {
        let dir = tempfile::tempdir().expect("temp dir");
        let google = crate::testing::answering(
            400,
            r#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#,
        )
        .await;
        let (connections, id) = connected_at(&dir, google).await;
        let error = connections
            .check(&tenant("acme"), id)
            .await
            .expect_err("the grant is dead");
        assert!(
            matches!(&error, JobError::Permanent { words: Some(words), .. } if words.key == "oauth_grant_refused"),
            "{error:?}"
        );
        let record = connections
            .record(&tenant("acme"), id)
            .await
            .expect("record");
        assert_eq!(record.state, ConnectionState::ReauthorizationNeeded);
        let words = record.last_error_words.expect("the catalog's words");
        assert_eq!(words.key, key::CONNECTION_GRANT_DEAD.name);
        assert_eq!(
            words.args,
            [
                "google".to_owned(),
                "Token has been expired or revoked.".to_owned(),
                id.to_string()
            ]
        );
        let english = record.last_error.expect("the English");
        assert!(
            english.starts_with("google refused the grant (Token has been expired or revoked.): ")
                && english.ends_with(&format!(
                    "`centralita connections add google --reauthorize {id}`"
                )),
            "{english}"
        );
    }

    #[test]
    fn a_connection_stored_before_last_error_words_still_decodes() {
        let record = ConnectionRecord {
            id: ConnectionId(3),
            provider: Provider::Google,
            account: "caja@clinica.example".to_owned(),
            scopes: Vec::new(),
            state: ConnectionState::Error,
            expires_at: None,
            last_refresh: None,
            last_error: Some("the provider refused: invalid_client".to_owned()),
            last_error_words: None,
            created_at: jiff::Timestamp::UNIX_EPOCH,
            created_by: "ana".to_owned(),
            tokens: None,
            grant: None,
        };
        let old = crate::testing::stored_without(&record, "last_error_words");
        let read: ConnectionRecord = rmp_serde::from_slice(&old).expect("decodes");
        assert_eq!(read, record);
    }

    #[test]
    fn a_code_that_cannot_be_traded_says_to_start_again_in_the_catalogs_words() {
        let refused = exchange_failed(&OAuthError::InvalidGrant(
            "invalid_grant: Bad Request".into(),
        ));
        assert_eq!(refused.key, key::EXCHANGE_GRANT_REFUSED);
        assert_eq!(
            refused.text,
            "the provider refused the grant (invalid_grant: Bad Request): authorize the connection again; start again with `centralita connections add`"
        );
        let unreachable = exchange_failed(&OAuthError::Unreachable("timed out".into()));
        assert_eq!(unreachable.key, key::EXCHANGE_UNREACHABLE);
        assert_eq!(unreachable.args, ["timed out"]);
        let JobError::Permanent {
            words: Some(words), ..
        } = no_client(Provider::Google)
        else {
            panic!("no client is permanent, with words");
        };
        assert_eq!(
            (words.key.as_str(), words.args.as_slice()),
            ("no_oauth_client", ["google".to_owned()].as_slice())
        );
    }

    #[test]
    fn a_token_that_cannot_be_had_fails_its_job_in_the_catalogs_words() {
        let refused = JobError::from(TokenError::OAuth(OAuthError::InvalidGrant(
            "invalid_grant: Token has been expired or revoked.".into(),
        )));
        let JobError::Permanent {
            message,
            words: Some(words),
        } = refused
        else {
            panic!("a dead grant is permanent, with words: {refused:?}");
        };
        assert_eq!(
            message,
            "the provider refused the grant (invalid_grant: Token has been expired or revoked.): authorize the connection again"
        );
        assert_eq!(words.key, "oauth_grant_refused");
        assert_eq!(
            words.args,
            ["invalid_grant: Token has been expired or revoked."]
        );
        let unreachable = JobError::from(TokenError::OAuth(OAuthError::Unreachable(
            "connection reset".into(),
        )));
        assert!(
            matches!(&unreachable, JobError::Retryable { words: Some(words), .. } if words.key == "oauth_unreachable"),
            "{unreachable:?}"
        );
    }

    #[test]
    fn an_unusable_connection_fails_its_job_with_its_reason_in_the_catalogs_words() {
        let no_refresh = said!(
            key::CONNECTION_NO_REFRESH_TOKEN,
            "the provider gave no refresh token: authorize again"
        );
        let unusable = |last_error: Option<&str>, last_error_words: Option<Words>| {
            JobError::from(TokenError::NotUsable {
                id: ConnectionId(2),
                state: "reauthorization_needed",
                provider: Provider::Google,
                last_error: last_error.map(str::to_owned),
                last_error_words,
            })
        };
        let JobError::Permanent {
            message,
            words: Some(words),
        } = unusable(Some(&no_refresh.text), Some(no_refresh.words()))
        else {
            panic!("an unusable connection is permanent, with words");
        };
        assert_eq!(
            message,
            "connection 2 (google) is reauthorization_needed: the provider gave no refresh token: authorize again"
        );
        assert_eq!(words.key, "connection_unusable_because");
        assert_eq!(words.inner.as_deref(), Some(&no_refresh.words()));
        let JobError::Permanent {
            message,
            words: Some(words),
        } = unusable(None, None)
        else {
            panic!("an unusable connection is permanent, with words");
        };
        assert_eq!(
            message,
            "connection 2 (google) is reauthorization_needed: authorize it with `centralita connections add google --reauthorize 2`"
        );
        assert_eq!(
            (words.key.as_str(), words.args.len(), words.inner),
            ("connection_needs_authorization", 3, None)
        );
        // A connection stored before errors kept their words keeps the old sentence.
        let JobError::Permanent {
            words: Some(words), ..
        } = unusable(Some("the provider refused: invalid_client"), None)
        else {
            panic!("an unusable connection is permanent, with words");
        };
        assert_eq!(words.key, "connection_not_usable");
    }
}
