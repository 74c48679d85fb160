//! The one place a connection record becomes the `protocol` type (tokens never do).

use centralita_protocol::Connection;

use super::records::ConnectionRecord;

impl From<ConnectionRecord> for Connection {
    fn from(record: ConnectionRecord) -> Self {
        Self {
            id: record.id,
            provider: record.provider.as_str().to_owned(),
            account: record.account,
            scopes: record.scopes,
            state: record.state,
            expires_at: record.expires_at,
            last_refresh: record.last_refresh,
            last_error: record.last_error,
            last_error_words: record.last_error_words,
            created_at: record.created_at,
            created_by: record.created_by,
        }
    }
}
