//! The one place a connection record becomes the `protocol` type (tokens never do).

use centralita_protocol::{Connection, ConnectionState as WireState};

use super::records::{ConnectionRecord, ConnectionState};

impl From<ConnectionRecord> for Connection {
    fn from(record: ConnectionRecord) -> Self {
        Self {
            id: record.id,
            provider: record.provider.as_str().to_owned(),
            account: record.account,
            scopes: record.scopes,
            state: match record.state {
                ConnectionState::Pending => WireState::Pending,
                ConnectionState::Connected => WireState::Connected,
                ConnectionState::Refreshing => WireState::Refreshing,
                ConnectionState::ReauthorizationNeeded => WireState::ReauthorizationNeeded,
                ConnectionState::Revoked => WireState::Revoked,
                ConnectionState::Error => WireState::Error,
            },
            expires_at: record.expires_at,
            last_refresh: record.last_refresh,
            last_error: record.last_error,
            created_at: record.created_at,
            created_by: record.created_by,
        }
    }
}
