//! The connection jobs: trade an authorization code for tokens, check a connection, revoke
//! one at the provider, and the sweep that refreshes each tenant's connections every 30
//! minutes.

use centralita_protocol::{ConnectionId, TenantId};
use serde::{Deserialize, Serialize};

use super::oauth::OAuthError;
use super::records::ConnectionState;
use super::service::TokenError;
use super::{Connections, QUEUE, SWEEP_MINUTES};
use crate::error::said;
use crate::queue::{Every, Job, JobContext, JobError, Queue};
use centralita_protocol::said as key;

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
        Some(format!("connections:{tenant}:{}", self.connection))
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
        Some(format!("connections:{tenant}:{}", self.connection))
    }
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

impl From<TokenError> for JobError {
    fn from(error: TokenError) -> Self {
        match error {
            TokenError::OAuth(OAuthError::Unreachable(reason)) => Self::retryable_said(
                said!(
                    key::OAUTH_UNREACHABLE,
                    "the provider could not be reached: {0}",
                    reason
                ),
                None,
            ),
            TokenError::OAuth(OAuthError::InvalidGrant(reason)) => Self::permanent_said(said!(
                key::OAUTH_GRANT_REFUSED,
                "the provider refused the grant ({0}): authorize the connection again",
                reason
            )),
            TokenError::OAuth(OAuthError::Refused(reason)) => Self::permanent_said(said!(
                key::OAUTH_REFUSED,
                "the provider refused: {0}",
                reason
            )),
            TokenError::NotUsable {
                id,
                state,
                provider,
                what,
            } => Self::permanent_said(said!(
                key::CONNECTION_NOT_USABLE,
                "connection {0} ({2}) is {1}: {3}",
                id,
                state,
                provider,
                what
            )),
            TokenError::Area(error) => error.into(),
        }
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
            .ok_or_else(|| JobError::permanent(format!("no {} OAuth client", record.provider)))?;
        let tokens = match client.exchange(grant.code, grant.verifier).await {
            Ok(tokens) => tokens,
            Err(OAuthError::Unreachable(reason)) if context.attempt < context.max_attempts => {
                return Err(JobError::retryable(reason));
            }
            Err(error) => {
                let why = format!("{error}; start again with `centralita connections add`");
                self.fail(tenant, id, ConnectionState::Error, &why).await?;
                return Err(JobError::permanent(why));
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
            .ok_or_else(|| JobError::permanent(format!("no {} OAuth client", record.provider)))?;
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
            Err(OAuthError::Unreachable(reason)) => Err(JobError::retryable(reason)),
            Err(error) => {
                self.fail(
                    tenant,
                    id,
                    ConnectionState::ReauthorizationNeeded,
                    &error.to_string(),
                )
                .await?;
                Err(JobError::permanent(error.to_string()))
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
                Err(OAuthError::Unreachable(reason)) => return Err(JobError::retryable(reason)),
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
                    Err(TokenError::OAuth(OAuthError::Unreachable(reason))) => {
                        unreachable = Some(reason);
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
            Some(reason) => Err(JobError::retryable(reason)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
