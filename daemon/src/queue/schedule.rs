//! Recurring jobs: a schedule makes one job per slot (every N minutes, or daily at a local
//! time in a time zone), stored in the database so it survives restarts.
//!
//! A slot fires once: the commit that enqueues its job also moves the schedule to its next
//! slot, and the job's unique key names the slot. After downtime a schedule runs once for the
//! slots it missed (the latest), not once per slot. A paused schedule makes no jobs until it is
//! resumed; `run_now` makes one at once, outside the slots.

use centralita_protocol::{JobId, Record, TenantId};
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use super::{Job, NewJob};
use crate::error::{AreaError, said};
use crate::store::{Declared, Index, ReadTxn, Records, WriteTxn, from_millis, millis};
use centralita_protocol::said as key;

/// (tenant, schedule name) → [`ScheduleRecord`].
const SCHEDULES: Records<(&str, &str), ScheduleRecord> = Records::new("schedules");
/// (next slot ms, tenant, name) for every schedule not paused: what the scheduler scans.
const SCHEDULES_DUE: Index<(u64, &str, &str)> = Index::new("schedules_due");

/// The schedules' tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[&SCHEDULES, &SCHEDULES_DUE];

/// When a schedule's slots fall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    /// Every so many minutes (at least 1).
    Minutes(u32),
    /// Every day at `at` (`HH:MM`) in `zone` (`America/Lima`).
    Daily { at: String, zone: String },
}

impl Every {
    /// Checks the zone and the time of day.
    pub fn check(&self) -> Result<(), AreaError> {
        match self {
            Self::Minutes(0) => Err(said!(
                key::SCHEDULE_EVERY_MINUTE,
                "a schedule runs at least every minute"
            )
            .invalid()),
            Self::Minutes(_) => Ok(()),
            Self::Daily { at, zone } => {
                jiff::civil::Time::strptime("%H:%M", at).map_err(|_| {
                    said!(
                        key::NOT_A_TIME_OF_DAY,
                        "{0} is not a time of day: write HH:MM",
                        format!("{at:?}")
                    )
                    .invalid()
                })?;
                crate::tenants::parse_zone(zone)?;
                Ok(())
            }
        }
    }

    /// The first slot strictly after `after`.
    pub fn next_after(&self, after: Timestamp) -> Result<Timestamp, AreaError> {
        match self {
            Self::Minutes(minutes) => {
                let every = i64::from((*minutes).max(1)) * 60_000;
                let next = (after.as_millisecond().div_euclid(every) + 1) * every;
                Timestamp::from_millisecond(next)
                    .map_err(|error| AreaError::invalid(error.to_string()))
            }
            Self::Daily { at, zone } => {
                let time = jiff::civil::Time::strptime("%H:%M", at)
                    .map_err(|error| AreaError::invalid(format!("{at:?}: {error}")))?;
                let zone = jiff::tz::TimeZone::get(zone)
                    .map_err(|error| AreaError::invalid(format!("{zone:?}: {error}")))?;
                let mut day = zone.to_datetime(after).date();
                loop {
                    let slot = day
                        .to_datetime(time)
                        .to_zoned_datetime(zone.clone())
                        .map_err(|error| AreaError::invalid(error.to_string()))?
                        .timestamp();
                    if slot > after {
                        return Ok(slot);
                    }
                    day = day
                        .checked_add(1.day())
                        .map_err(|error| AreaError::invalid(error.to_string()))?;
                }
            }
        }
    }

    /// How people read it: `every 30 min`, `daily at 07:00 America/Lima`.
    pub fn describe(&self) -> String {
        match self {
            Self::Minutes(minutes) => format!("every {minutes} min"),
            Self::Daily { at, zone } => format!("daily at {at} {zone}"),
        }
    }
}

/// A schedule as stored: the job it makes (kind, queue, payload) and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleRecord {
    pub kind: String,
    pub queue: String,
    /// JSON text of the job's payload.
    pub payload: String,
    pub max_attempts: u32,
    /// The job type's own unique key, if it has one (else each slot names its own).
    #[serde(default)]
    pub unique_key: Option<String>,
    pub every: Every,
    #[serde(default)]
    pub paused: bool,
    pub next_at: Timestamp,
    #[serde(default)]
    pub last_slot: Option<Timestamp>,
    #[serde(default)]
    pub last_job: Option<u64>,
}

impl WriteTxn<'_> {
    /// Creates schedule `name` of `tenant` making `job` on `every`, or updates it (its
    /// paused state stays; a new `every` starts from the next slot).
    pub fn put_schedule<J: Job>(
        &mut self,
        tenant: &TenantId,
        name: &str,
        job: &J,
        every: Every,
    ) -> Result<(), AreaError> {
        every.check()?;
        let record = NewJob::of(tenant, job, None)?;
        let existing = self.open(&SCHEDULES)?.get((tenant.as_str(), name))?;
        let next_at = match &existing {
            Some(old) if old.every == every => old.next_at,
            _ => every.next_after(self.now())?,
        };
        let schedule = ScheduleRecord {
            kind: record.kind,
            queue: record.queue,
            payload: record.payload.to_string(),
            max_attempts: record.max_attempts,
            unique_key: record.unique_key,
            every,
            paused: existing.as_ref().is_some_and(|old| old.paused),
            next_at,
            last_slot: existing.as_ref().and_then(|old| old.last_slot),
            last_job: existing.as_ref().and_then(|old| old.last_job),
        };
        self.store_schedule(tenant, name, existing.as_ref(), &schedule)
    }

    /// Deletes a schedule; a missing one is fine.
    pub fn remove_schedule(&mut self, tenant: &TenantId, name: &str) -> Result<(), AreaError> {
        if let Some(old) = self.open(&SCHEDULES)?.get((tenant.as_str(), name))? {
            if !old.paused {
                self.open(&SCHEDULES_DUE)?
                    .remove((millis(old.next_at), tenant.as_str(), name))?;
            }
            self.open(&SCHEDULES)?.remove((tenant.as_str(), name))?;
        }
        Ok(())
    }

    /// Pauses or resumes a schedule; resuming starts from the next slot after now.
    pub fn pause_schedule(
        &mut self,
        tenant: &TenantId,
        name: &str,
        paused: bool,
    ) -> Result<ScheduleRecord, AreaError> {
        let old = self.schedule(tenant, name)?;
        let mut new = old.clone();
        new.paused = paused;
        if !paused && old.paused {
            new.next_at = new.every.next_after(self.now())?;
        }
        self.store_schedule(tenant, name, Some(&old), &new)?;
        Ok(new)
    }

    /// Makes a schedule's job now, outside its slots; returns the job (an active one with the
    /// same unique key when there is one).
    pub fn run_schedule_now(&mut self, tenant: &TenantId, name: &str) -> Result<JobId, AreaError> {
        let schedule = self.schedule(tenant, name)?;
        let now = self.now();
        let slot_key = format!("schedule:{tenant}:{name}:now:{}", millis(now));
        let (job, _) = self.enqueue_scheduled(tenant, name, &schedule, slot_key)?;
        Ok(job)
    }

    /// Fires every schedule due at or before now: one job each, and each moves to its first
    /// slot after now. Returns the queues that got a job.
    pub fn fire_due_schedules(&mut self) -> Result<Vec<String>, AreaError> {
        let now = self.now();
        let due: Vec<(String, String)> = self
            .open(&SCHEDULES_DUE)?
            .range((0, "", "")..=(millis(now), "\u{10ffff}", "\u{10ffff}"))?
            .map(|entry| {
                entry.map(|key| {
                    let (_, tenant, name) = key.value();
                    (tenant.to_owned(), name.to_owned())
                })
            })
            .collect::<Result<_, _>>()?;
        let mut queues = Vec::new();
        for (tenant, name) in due {
            let tenant =
                TenantId::new(tenant).map_err(|error| AreaError::invalid(error.to_string()))?;
            let old = self.schedule(&tenant, &name)?;
            let slot_key = format!("schedule:{tenant}:{name}:{}", millis(old.next_at));
            let (job, _) = self.enqueue_scheduled(&tenant, &name, &old, slot_key)?;
            let mut new = old.clone();
            new.last_slot = Some(old.next_at);
            new.last_job = Some(job.0);
            new.next_at = old.every.next_after(now)?;
            self.store_schedule(&tenant, &name, Some(&old), &new)?;
            queues.push(old.queue);
        }
        Ok(queues)
    }

    fn enqueue_scheduled(
        &mut self,
        tenant: &TenantId,
        name: &str,
        schedule: &ScheduleRecord,
        slot_key: String,
    ) -> Result<(JobId, bool), AreaError> {
        let payload = serde_json::from_str(&schedule.payload)
            .map_err(|error| AreaError::invalid(format!("schedule {name}: {error}")))?;
        self.enqueue_job(&NewJob {
            tenant: tenant.clone(),
            queue: schedule.queue.clone(),
            kind: schedule.kind.clone(),
            payload,
            run_at: None,
            max_attempts: schedule.max_attempts,
            unique_key: Some(schedule.unique_key.clone().unwrap_or(slot_key)),
            schedule: Some(name.to_owned()),
        })
    }

    fn schedule(&mut self, tenant: &TenantId, name: &str) -> Result<ScheduleRecord, AreaError> {
        self.open(&SCHEDULES)?
            .get((tenant.as_str(), name))?
            .ok_or_else(|| AreaError::missing(Record::Schedule, name, tenant))
    }

    /// Writes a schedule and keeps the due index in step with it.
    fn store_schedule(
        &mut self,
        tenant: &TenantId,
        name: &str,
        old: Option<&ScheduleRecord>,
        new: &ScheduleRecord,
    ) -> Result<(), AreaError> {
        let mut due = self.open(&SCHEDULES_DUE)?;
        if let Some(old) = old.filter(|old| !old.paused) {
            due.remove((millis(old.next_at), tenant.as_str(), name))?;
        }
        if !new.paused {
            due.insert((millis(new.next_at), tenant.as_str(), name))?;
        }
        self.open(&SCHEDULES)?
            .insert((tenant.as_str(), name), new)?;
        Ok(())
    }
}

impl ReadTxn {
    /// The tenant's schedules by name.
    pub fn schedules(&self, tenant: &TenantId) -> Result<Vec<(String, ScheduleRecord)>, AreaError> {
        let mut schedules = Vec::new();
        for entry in self.open(&SCHEDULES)?.range((tenant.as_str(), "")..)? {
            let (key, record) = entry?;
            let (row_tenant, name) = key.value();
            if row_tenant != tenant.as_str() {
                break;
            }
            schedules.push((name.to_owned(), record));
        }
        Ok(schedules)
    }

    /// How long until the next schedule is due (`None`: none is).
    pub fn next_schedule_in(&self, now: Timestamp) -> Result<Option<SignedDuration>, AreaError> {
        let due = self.open(&SCHEDULES_DUE)?;
        let first = due.all()?.next();
        Ok(match first {
            Some(entry) => Some(from_millis(entry?.value().0).duration_since(now)),
            None => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a time")
    }

    #[test]
    fn minute_slots_fall_on_the_clock_and_the_next_is_strictly_after() {
        let every = Every::Minutes(30);
        assert_eq!(
            every.next_after(at("2026-12-06T10:07:00Z")).expect("slot"),
            at("2026-12-06T10:30:00Z")
        );
        assert_eq!(
            every.next_after(at("2026-12-06T10:30:00Z")).expect("slot"),
            at("2026-12-06T11:00:00Z")
        );
    }

    #[test]
    fn daily_slots_are_local_time_in_their_zone() {
        let every = Every::Daily {
            at: "07:00".into(),
            zone: "America/Lima".into(),
        };
        // 07:00 in Lima is 12:00 UTC.
        assert_eq!(
            every.next_after(at("2026-12-06T11:00:00Z")).expect("slot"),
            at("2026-12-06T12:00:00Z")
        );
        assert_eq!(
            every.next_after(at("2026-12-06T12:00:00Z")).expect("slot"),
            at("2026-12-07T12:00:00Z")
        );
        assert!(
            Every::Daily {
                at: "25:00".into(),
                zone: "America/Lima".into()
            }
            .check()
            .is_err()
        );
        assert!(
            Every::Daily {
                at: "07:00".into(),
                zone: "Mars/Olympus".into()
            }
            .check()
            .is_err()
        );
        assert!(Every::Minutes(0).check().is_err());
    }

    /// A job for the tests' schedules.
    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    struct Tick {}

    impl crate::queue::Job for Tick {
        const KIND: &'static str = "test.tick";
        const QUEUE: &'static str = "default";
        const MAX_ATTEMPTS: u32 = 1;
    }

    /// Moves schedule `name`'s next slot to `minutes` ago, as if the daemon had been down.
    async fn overdue(store: &crate::store::Store, name: &'static str, minutes: i64) {
        let tenant = crate::testing::tenant("acme");
        store
            .write(move |txn| {
                let old = txn.schedule(&tenant, name)?;
                let mut new = old.clone();
                new.next_at = txn.now() - SignedDuration::from_mins(minutes);
                txn.store_schedule(&tenant, name, Some(&old), &new)
            })
            .await
            .expect("moved");
    }

    async fn fire(store: &crate::store::Store) -> Vec<String> {
        #[expect(
            clippy::redundant_closure_for_method_calls,
            reason = "the method path does not satisfy the higher-ranked transaction lifetime"
        )]
        let fired = store.write(|txn| txn.fire_due_schedules()).await;
        fired.expect("fired")
    }

    async fn jobs_of(store: &crate::store::Store) -> usize {
        let tenant = crate::testing::tenant("acme");
        store
            .read(move |txn| txn.schedules(&tenant))
            .await
            .expect("schedules")
            .iter()
            .filter(|(_, schedule)| schedule.last_job.is_some())
            .count()
    }

    #[tokio::test]
    async fn after_downtime_a_schedule_fires_once_not_once_per_missed_slot() {
        let dir = tempfile::tempdir().expect("dir");
        let store = crate::testing::open_with_tenants(&dir, &["acme"]).await;
        let tenant = crate::testing::tenant("acme");
        store
            .write(move |txn| txn.put_schedule(&tenant, "tick", &Tick {}, Every::Minutes(5)))
            .await
            .expect("scheduled");
        assert!(fire(&store).await.is_empty(), "not due yet");
        // Down for an hour: twelve slots passed.
        overdue(&store, "tick", 60).await;
        assert_eq!(
            fire(&store).await,
            vec!["default".to_owned()],
            "one catch-up run"
        );
        assert!(fire(&store).await.is_empty(), "the slot fired once");
        let counts = store
            .read(|txn| txn.job_counts(None))
            .await
            .expect("counts");
        let queued: u64 = counts.values().map(|count| count.queued).sum();
        assert_eq!(queued, 1);
        assert_eq!(jobs_of(&store).await, 1);
    }

    #[tokio::test]
    async fn a_fired_slot_stays_fired_across_a_restart_and_a_paused_schedule_never_fires() {
        let dir = tempfile::tempdir().expect("dir");
        let store = crate::testing::open_with_tenants(&dir, &["acme"]).await;
        let tenant = crate::testing::tenant("acme");
        store
            .write(move |txn| {
                txn.put_schedule(&tenant, "tick", &Tick {}, Every::Minutes(5))?;
                txn.put_schedule(&tenant, "paused", &Tick {}, Every::Minutes(5))?;
                txn.pause_schedule(&tenant, "paused", true).map(drop)
            })
            .await
            .expect("scheduled");
        overdue(&store, "tick", 1).await;
        assert_eq!(fire(&store).await.len(), 1);
        drop(store);
        let store = crate::testing::reopen(&dir).await;
        assert!(
            fire(&store).await.is_empty(),
            "the slot fired before the restart"
        );
        let tenant = crate::testing::tenant("acme");
        let schedules = store
            .read(move |txn| txn.schedules(&tenant))
            .await
            .expect("schedules");
        let (_, paused) = schedules
            .iter()
            .find(|(name, _)| name == "paused")
            .expect("paused schedule");
        assert!(paused.paused && paused.last_job.is_none());
    }
}
