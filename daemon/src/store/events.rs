//! Raw inbound events (webhooks), stored deduplicated by the provider's event id together with
//! the job that processes them, in one transaction.

use centralita_protocol::{ChangeOp, JobId, TenantId};
use jiff::Timestamp;
use redb::ReadableTable;
use serde::{Deserialize, Serialize};

use super::codec::{decode, encode};
use super::{NewJob, StoreError, WriteTxn};

/// An event to store: raw body as received, plus the job that will process it.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Route family, e.g. `whatsapp`, `telegram`, `sandbox`.
    pub provider: String,
    pub tenant: TenantId,
    /// The provider's own id for this delivery (dedupe key).
    pub event_id: String,
    pub body: Vec<u8>,
    pub job: NewJob,
}

/// What storing an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    Stored {
        job: JobId,
    },
    /// Seen before; nothing was written. Carries the job of the first delivery.
    Duplicate {
        job: JobId,
    },
    /// Stored and applied in the same commit, with no job (see [`WriteTxn::accept_raw_event`]).
    Applied,
    /// Seen before (stored without a job); nothing was written.
    Repeated,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct EventRecord {
    received_at: Timestamp,
    #[serde(with = "serde_bytes_compat")]
    body: Vec<u8>,
    /// The job that processes it; 0 when the event was applied as it was stored.
    job: u64,
}

/// Bytes as a MessagePack bin, not an array of numbers.
mod serde_bytes_compat {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let bytes: &[u8] = <&[u8]>::deserialize(deserializer)?;
        Ok(bytes.to_vec())
    }
}

impl WriteTxn<'_> {
    /// Stores the event and enqueues its job, or reports a duplicate and writes nothing.
    pub fn accept_event(&mut self, event: &NewEvent) -> Result<EventOutcome, StoreError> {
        let key = (
            event.provider.as_str(),
            event.tenant.as_str(),
            event.event_id.as_str(),
        );
        if let Some(existing) = self.tables.events(self.txn)?.get(key)? {
            let record: EventRecord = decode(existing.value())?;
            return Ok(EventOutcome::Duplicate {
                job: JobId(record.job),
            });
        }
        self.require_tenant(&event.tenant)?;
        let (job, _) = self.enqueue_job(&event.job)?;
        let record = EventRecord {
            received_at: self.now,
            body: event.body.clone(),
            job: job.0,
        };
        self.tables
            .events(self.txn)?
            .insert(key, encode(&record)?.as_slice())?;
        self.record_change(&event.tenant, "event", &event.event_id, ChangeOp::Created)?;
        Ok(EventOutcome::Stored { job })
    }
}

impl WriteTxn<'_> {
    /// Stores a raw event that the caller applies in this same transaction (no job): `true`
    /// when it is new, `false` for a replay, which writes nothing.
    pub fn accept_raw_event(
        &mut self,
        provider: &str,
        tenant: &TenantId,
        event_id: &str,
        body: &[u8],
    ) -> Result<bool, StoreError> {
        let key = (provider, tenant.as_str(), event_id);
        if self.tables.events(self.txn)?.get(key)?.is_some() {
            return Ok(false);
        }
        self.require_tenant(tenant)?;
        let record = EventRecord {
            received_at: self.now,
            body: body.to_vec(),
            job: 0,
        };
        self.tables
            .events(self.txn)?
            .insert(key, encode(&record)?.as_slice())?;
        Ok(true)
    }
}
