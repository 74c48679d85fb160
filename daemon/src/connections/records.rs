//! A connection as stored, its pending authorizations, and their tables. Tokens and codes are
//! only ever stored sealed ([`Sealed`]).

pub use centralita_protocol::ConnectionState;
use centralita_protocol::{ChangeOp, ConnectionId, Record, TenantId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::crypto::Sealed;
use super::oauth::Provider;
use crate::error::{AreaError, Said, said};
use crate::lookup::find;
use crate::store::{Declared, ReadTxn, Records, WriteTxn, tenant_keys};
use centralita_protocol::said as key;
use centralita_protocol::said::Words;

/// (tenant, connection id) → [`ConnectionRecord`].
const CONNECTIONS: Records<(&str, u64), ConnectionRecord> = Records::new("connections");
/// Authorization `state` → [`AuthorizationRecord`]: what the provider's redirect names.
const AUTHORIZATIONS: Records<&str, AuthorizationRecord> = Records::new("authorizations");

/// The connections' tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[&CONNECTIONS, &AUTHORIZATIONS];

/// A connection as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionRecord {
    pub id: ConnectionId,
    pub provider: Provider,
    /// The account at the provider (an email address), once known.
    #[serde(default)]
    pub account: String,
    pub scopes: Vec<String>,
    pub state: ConnectionState,
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
    #[serde(default)]
    pub last_refresh: Option<Timestamp>,
    #[serde(default)]
    pub last_error: Option<String>,
    /// `last_error` in the catalog's words (none in records from before them).
    #[serde(default)]
    pub last_error_words: Option<Words>,
    pub created_at: Timestamp,
    pub created_by: String,
    /// The access and refresh tokens ([`TokenSet`] as JSON), sealed.
    #[serde(default)]
    pub tokens: Option<Sealed>,
    /// The authorization code and its PKCE verifier ([`Grant`] as JSON), sealed, until the
    /// exchange job trades them for tokens.
    #[serde(default)]
    pub grant: Option<Sealed>,
}

impl ConnectionRecord {
    /// What its sealed values are bound to: a value copied to another row does not open.
    pub fn context(&self, tenant: &TenantId) -> String {
        format!("{tenant}/{}/{}", self.provider, self.id)
    }

    /// Records what went wrong last (in English and the catalog's words), or that nothing did.
    pub fn set_last_error(&mut self, error: Option<&Said>) {
        self.last_error = error.map(|said| said.text.clone());
        self.last_error_words = error.map(Said::words);
    }
}

/// The tokens of a connection, before sealing.
#[derive(Serialize, Deserialize)]
pub(super) struct TokenSet {
    pub access: String,
    #[serde(default)]
    pub refresh: Option<String>,
}

/// An authorization code with its PKCE verifier, before sealing.
#[derive(Serialize, Deserialize)]
pub(super) struct Grant {
    pub code: String,
    pub verifier: String,
}

/// An authorization waiting for the provider's redirect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct AuthorizationRecord {
    pub tenant: TenantId,
    pub connection: ConnectionId,
    /// Who started it: only they may finish it by pasting the address.
    pub operator: String,
    /// The PKCE verifier, sealed for this `state`.
    pub verifier: Sealed,
    pub expires_at: Timestamp,
}

impl WriteTxn<'_> {
    /// Stores a new connection (its id assigned here).
    pub(super) fn insert_connection(
        &mut self,
        tenant: &TenantId,
        record: &ConnectionRecord,
    ) -> Result<ConnectionRecord, AreaError> {
        self.require_tenant(tenant)?;
        let record = ConnectionRecord {
            id: ConnectionId(self.next_id("connection")?),
            ..record.clone()
        };
        self.open(&CONNECTIONS)?
            .insert((tenant.as_str(), record.id.0), &record)?;
        self.record_change(
            tenant,
            "connection",
            &record.id.to_string(),
            ChangeOp::Created,
        )?;
        Ok(record)
    }

    pub fn connection(
        &mut self,
        tenant: &TenantId,
        id: ConnectionId,
    ) -> Result<ConnectionRecord, AreaError> {
        find(self, &CONNECTIONS, tenant, id)
    }

    pub(super) fn put_connection(
        &mut self,
        tenant: &TenantId,
        record: &ConnectionRecord,
    ) -> Result<(), AreaError> {
        self.open(&CONNECTIONS)?
            .insert((tenant.as_str(), record.id.0), record)?;
        self.record_change(
            tenant,
            "connection",
            &record.id.to_string(),
            ChangeOp::Updated,
        )?;
        Ok(())
    }

    pub(super) fn delete_connection(
        &mut self,
        tenant: &TenantId,
        id: ConnectionId,
    ) -> Result<(), AreaError> {
        if !self.open(&CONNECTIONS)?.remove((tenant.as_str(), id.0))? {
            return Err(AreaError::missing(Record::Connection, id, tenant));
        }
        self.record_change(tenant, "connection", &id.to_string(), ChangeOp::Deleted)?;
        Ok(())
    }

    pub(super) fn put_authorization(
        &mut self,
        state: &str,
        record: &AuthorizationRecord,
    ) -> Result<(), AreaError> {
        self.open(&AUTHORIZATIONS)?.insert(state, record)?;
        Ok(())
    }

    /// Takes the authorization of `state` (single use); an unknown or expired one is refused
    /// with the reason, and an expired one is deleted.
    pub(super) fn take_authorization(
        &mut self,
        state: &str,
    ) -> Result<AuthorizationRecord, AreaError> {
        let now = self.now();
        let mut table = self.open(&AUTHORIZATIONS)?;
        let Some(record) = table.get(state)? else {
            return Err(said!(
                key::AUTHORIZATION_UNKNOWN,
                "this authorization was not found (it was finished already, or never started here)"
            )
            .not_found());
        };
        table.remove(state)?;
        if record.expires_at < now {
            return Err(said!(
                key::AUTHORIZATION_EXPIRED,
                "this authorization expired (it lasts 10 minutes): start again with `centralita connections add`"
            )
            .conflict());
        }
        Ok(record)
    }

    /// Deletes authorizations that expired before now; returns how many.
    pub(super) fn prune_authorizations(&mut self) -> Result<usize, AreaError> {
        let now = self.now();
        let expired: Vec<String> = self
            .open(&AUTHORIZATIONS)?
            .all()?
            .filter_map(|entry| match entry {
                Ok((key, record)) if record.expires_at < now => Some(Ok(key.value().to_owned())),
                Ok(_) => None,
                Err(error) => Some(Err(error)),
            })
            .collect::<Result<_, _>>()?;
        let mut table = self.open(&AUTHORIZATIONS)?;
        for state in &expired {
            table.remove(state.as_str())?;
        }
        Ok(expired.len())
    }
}

impl ReadTxn {
    /// The tenant's connections, oldest first.
    pub fn connections(&self, tenant: &TenantId) -> Result<Vec<ConnectionRecord>, AreaError> {
        let mut connections = Vec::new();
        for entry in self.open(&CONNECTIONS)?.range(tenant_keys(tenant))? {
            connections.push(entry?.1);
        }
        Ok(connections)
    }

    pub fn connection(
        &self,
        tenant: &TenantId,
        id: ConnectionId,
    ) -> Result<ConnectionRecord, AreaError> {
        find(self, &CONNECTIONS, tenant, id)
    }
}
