//! Raw inbound events (webhooks), stored deduplicated by the provider's event id together with
//! the job that processes them, in one transaction. The bodies go to an arrival-ordered log;
//! a small index of event ids answers "seen before?".

use centralita_protocol::{ChangeOp, JobId, TenantId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::AreaError;
use crate::queue::{NewJob, Queue};
use crate::store::{Declared, Migration, Records, StoreError, Values, WriteTxn};

/// Schema 1's raw events, (provider, tenant, provider event id) → record; moved into
/// [`EVENT_KEYS`] and [`EVENT_LOG`] by [`MOVE_EVENTS_TO_THE_LOG`], then deleted.
const EVENTS: Records<(&str, &str, &str), EventRecord> = Records::new("events");
/// (provider, tenant, provider event id) → seq in [`EVENT_LOG`]: deliveries seen, for dedupe.
/// Small values, so the randomly keyed index stays small.
const EVENT_KEYS: Values<(&str, &str, &str), u64> = Values::new("event_keys");
/// (tenant, seq) → [`EventRecord`]: raw inbound events in arrival order. Appending by sequence
/// keeps the large bodies out of the random index (schema 1 kept both in one table, which cost
/// about 40 % of webhook throughput).
const EVENT_LOG: Records<(&str, u64), EventRecord> = Records::new("event_log");

/// The raw events' tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[&EVENT_KEYS, &EVENT_LOG];

/// Schema 1 → 2: every row of `events` goes to `event_log` (in key order, numbered from the
/// `event` sequence) and `event_keys`; then `events` is deleted.
pub(crate) const MOVE_EVENTS_TO_THE_LOG: Migration = Migration {
    from: 1,
    what: "raw events move to an arrival-ordered log and a small id index",
    run: move_events_to_the_log,
};

fn move_events_to_the_log(txn: &mut WriteTxn<'_>) -> Result<(), StoreError> {
    let mut old = Vec::new();
    for entry in txn.open(&EVENTS)?.all()? {
        let (key, mut record) = entry?;
        let (provider, tenant, event_id) = key.value();
        provider.clone_into(&mut record.provider);
        event_id.clone_into(&mut record.event_id);
        old.push((tenant.to_owned(), record));
    }
    for (tenant, record) in old {
        let seq = txn.next_id("event")?;
        txn.open(&EVENT_KEYS)?.insert(
            (
                record.provider.as_str(),
                tenant.as_str(),
                record.event_id.as_str(),
            ),
            seq,
        )?;
        txn.open(&EVENT_LOG)?
            .insert((tenant.as_str(), seq), &record)?;
    }
    txn.delete_table(&EVENTS)
}

/// Stores a raw inbound event deduplicated by provider event id and enqueues its job, in one
/// durable commit; then wakes the job's queue.
pub async fn accept(queue: &Queue, event: NewEvent) -> Result<EventOutcome, AreaError> {
    let name = event.job.queue.clone();
    let outcome = queue
        .store()
        .write(move |txn| txn.accept_event(&event))
        .await?;
    if matches!(outcome, EventOutcome::Stored { .. }) {
        queue.wake(&name);
    }
    Ok(outcome)
}

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
    /// Route family and the provider's id (empty in schema 1 records, which had them in the key).
    #[serde(default)]
    provider: String,
    #[serde(default)]
    event_id: String,
    received_at: Timestamp,
    #[serde(with = "crate::store::bin")]
    body: Vec<u8>,
    /// The job that processes it; 0 when the event was applied as it was stored.
    job: u64,
}

impl WriteTxn<'_> {
    /// The log entry of an event seen before.
    fn seen_event(
        &mut self,
        provider: &str,
        tenant: &TenantId,
        event_id: &str,
    ) -> Result<Option<u64>, AreaError> {
        Ok(self
            .open(&EVENT_KEYS)?
            .get((provider, tenant.as_str(), event_id))?)
    }

    fn event_record(&self, provider: &str, event_id: &str, body: &[u8], job: u64) -> EventRecord {
        EventRecord {
            provider: provider.to_owned(),
            event_id: event_id.to_owned(),
            received_at: self.now(),
            body: body.to_vec(),
            job,
        }
    }

    /// Appends `record` to the log and indexes its id.
    fn log_event(&mut self, tenant: &TenantId, record: &EventRecord) -> Result<(), AreaError> {
        let seq = self.append_event(tenant, record)?;
        let key = (
            record.provider.as_str(),
            tenant.as_str(),
            record.event_id.as_str(),
        );
        self.open(&EVENT_KEYS)?.insert(key, seq)?;
        Ok(())
    }

    fn append_event(&mut self, tenant: &TenantId, record: &EventRecord) -> Result<u64, AreaError> {
        let seq = self.next_id("event")?;
        self.open(&EVENT_LOG)?
            .insert((tenant.as_str(), seq), record)?;
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
    ) -> Result<(), AreaError> {
        let record = self.event_record(provider, event_id, body, 0);
        self.append_event(tenant, &record)?;
        Ok(())
    }

    /// Stores the event and enqueues its job, or reports a duplicate and writes nothing.
    pub fn accept_event(&mut self, event: &NewEvent) -> Result<EventOutcome, AreaError> {
        if let Some(seq) = self.seen_event(&event.provider, &event.tenant, &event.event_id)? {
            let record = self
                .open(&EVENT_LOG)?
                .get((event.tenant.as_str(), seq))?
                .ok_or_else(|| {
                    AreaError::conflict(format!("event {seq} is indexed but not logged"))
                })?;
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
    ) -> Result<bool, AreaError> {
        if self.seen_event(provider, tenant, event_id)?.is_some() {
            return Ok(false);
        }
        self.require_tenant(tenant)?;
        let record = self.event_record(provider, event_id, body, 0);
        self.log_event(tenant, &record)?;
        Ok(true)
    }
}

#[cfg(test)]
mod power_loss;
#[cfg(test)]
mod tests;
