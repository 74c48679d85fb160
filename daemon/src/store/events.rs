//! Raw inbound events (webhooks), stored deduplicated by the provider's event id together with
//! the job that processes them, in one transaction. The bodies go to an arrival-ordered log;
//! a small index of event ids answers "seen before?".

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
pub(super) struct EventRecord {
    /// Route family and the provider's id (empty in schema 1 records, which had them in the key).
    #[serde(default)]
    pub(super) provider: String,
    #[serde(default)]
    pub(super) event_id: String,
    pub(super) received_at: Timestamp,
    #[serde(with = "serde_bytes_compat")]
    pub(super) body: Vec<u8>,
    /// The job that processes it; 0 when the event was applied as it was stored.
    pub(super) job: u64,
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
    /// The log entry of an event seen before.
    fn seen_event(
        &mut self,
        provider: &str,
        tenant: &TenantId,
        event_id: &str,
    ) -> Result<Option<u64>, StoreError> {
        Ok(self
            .tables
            .event_keys(self.txn)?
            .get((provider, tenant.as_str(), event_id))?
            .map(|seq| seq.value()))
    }

    fn event_record(&self, provider: &str, event_id: &str, body: &[u8], job: u64) -> EventRecord {
        EventRecord {
            provider: provider.to_owned(),
            event_id: event_id.to_owned(),
            received_at: self.now,
            body: body.to_vec(),
            job,
        }
    }

    /// Appends `record` to the log and indexes its id.
    pub(super) fn log_event(
        &mut self,
        tenant: &TenantId,
        record: &EventRecord,
    ) -> Result<(), StoreError> {
        let seq = self.append_event(tenant, record)?;
        let key = (
            record.provider.as_str(),
            tenant.as_str(),
            record.event_id.as_str(),
        );
        self.tables.event_keys(self.txn)?.insert(key, seq)?;
        Ok(())
    }

    fn append_event(&mut self, tenant: &TenantId, record: &EventRecord) -> Result<u64, StoreError> {
        let seq = self.next_id("event")?;
        self.tables
            .event_log(self.txn)?
            .insert((tenant.as_str(), seq), encode(record)?.as_slice())?;
        Ok(seq)
    }

    /// Keeps a raw event whose records were applied in this transaction and changed something,
    /// without indexing its id: those records dedupe themselves (a message by its provider id,
    /// a status by never going back), so a replay changes nothing and is not kept again.
    pub fn keep_applied_event(
        &mut self,
        provider: &str,
        tenant: &TenantId,
        event_id: &str,
        body: &[u8],
    ) -> Result<(), StoreError> {
        let record = self.event_record(provider, event_id, body, 0);
        self.append_event(tenant, &record)?;
        Ok(())
    }

    /// Stores the event and enqueues its job, or reports a duplicate and writes nothing.
    pub fn accept_event(&mut self, event: &NewEvent) -> Result<EventOutcome, StoreError> {
        if let Some(seq) = self.seen_event(&event.provider, &event.tenant, &event.event_id)? {
            let bytes = self
                .tables
                .event_log(self.txn)?
                .get((event.tenant.as_str(), seq))?
                .ok_or_else(|| {
                    StoreError::Database(format!("event {seq} is indexed but not logged"))
                })?;
            let record: EventRecord = decode(bytes.value())?;
            return Ok(EventOutcome::Duplicate {
                job: JobId(record.job),
            });
        }
        self.require_tenant(&event.tenant)?;
        let (job, _) = self.enqueue_job(&event.job)?;
        let record = self.event_record(&event.provider, &event.event_id, &event.body, job.0);
        self.log_event(&event.tenant, &record)?;
        self.record_change(&event.tenant, "event", &event.event_id, ChangeOp::Created)?;
        Ok(EventOutcome::Stored { job })
    }

    /// Stores a raw event that the caller applies in this same transaction (no job): `true`
    /// when it is new, `false` for a replay, which writes nothing.
    pub fn accept_raw_event(
        &mut self,
        provider: &str,
        tenant: &TenantId,
        event_id: &str,
        body: &[u8],
    ) -> Result<bool, StoreError> {
        if self.seen_event(provider, tenant, event_id)?.is_some() {
            return Ok(false);
        }
        self.require_tenant(tenant)?;
        let record = self.event_record(provider, event_id, body, 0);
        self.log_event(tenant, &record)?;
        Ok(true)
    }
}
