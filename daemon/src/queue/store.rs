//! Job records and their indexes. The state machine's rules (when to retry, when a job is dead)
//! live in `queue/`; this file keeps records, indexes, counts and change rows consistent.
//!
//! Invariant: a job is in `JOBS_DUE` iff it is queued, in `JOBS_LEASED` iff it is running, in
//! `JOBS_UNIQUE` iff it has a unique key and is queued or running; `JOB_COUNTS` always equals a
//! count of `JOBS` by (tenant, queue, state). Every change goes through [`WriteTxn::transition`].

use std::collections::BTreeMap;

use centralita_protocol::said as key;
use centralita_protocol::{
    ChangeOp, JobAttempt, JobDetail, JobFilter, JobId, JobPage, JobState, JobSummary, PageRequest,
    Record, StateCounts, TenantId,
};
use jiff::Timestamp;

use crate::error::{AreaError, said};
use crate::store::{
    Declared, Index, Pending, ReadTxn, Records, StoreError, Values, WriteTxn, cut_page,
    from_millis, millis, page_limit,
};

/// Job id → [`JobRecord`].
const JOBS: Records<u64, JobRecord> = Records::new("jobs");
/// (queue, run_at ms, job id) for every queued job: what workers lease from, in due order.
const JOBS_DUE: Index<(&str, u64, u64)> = Index::new("jobs_due");
/// (lease_until ms, job id) for every running job: what the lease reaper scans.
const JOBS_LEASED: Index<(u64, u64)> = Index::new("jobs_leased");
/// (tenant, job id) for every job: newest-first listing per tenant.
const JOBS_BY_TENANT: Index<(&str, u64)> = Index::new("jobs_by_tenant");
/// (tenant, state, job id): listing per tenant and state.
const JOBS_BY_STATE: Index<(&str, u8, u64)> = Index::new("jobs_by_state");
/// (finished ms, job id) for every succeeded or cancelled job: what retention prunes.
const JOBS_FINISHED: Index<(u64, u64)> = Index::new("jobs_finished");
/// unique key → job id, held while that job is queued or running.
const JOBS_UNIQUE: Values<&str, u64> = Values::new("jobs_unique");
/// (tenant, queue, state) → number of jobs: dashboard and metrics without scans.
const JOB_COUNTS: Values<(&str, &str, u8), u64> = Values::new("job_counts");
/// Queue name → [`QueueRecord`] (paused or not).
const QUEUES: Records<&str, QueueRecord> = Records::new("queues");

/// The queue's tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[
    &JOBS,
    &JOBS_DUE,
    &JOBS_LEASED,
    &JOBS_BY_TENANT,
    &JOBS_BY_STATE,
    &JOBS_FINISHED,
    &JOBS_UNIQUE,
    &JOB_COUNTS,
    &QUEUES,
];

/// Job count changes by (tenant, queue, state), written once at the end of a batch: every
/// enqueue and completion of a group commit would otherwise rewrite the same counters.
#[derive(Default)]
struct CountDeltas(BTreeMap<(String, String, u8), i64>);

impl Pending for CountDeltas {
    fn apply(self, txn: &mut WriteTxn<'_>) -> Result<(), StoreError> {
        let mut counts = txn.open(&JOB_COUNTS)?;
        for ((tenant, queue, state), delta) in self.0 {
            if delta == 0 {
                continue;
            }
            let key = (tenant.as_str(), queue.as_str(), state);
            let current = counts.get(key)?.unwrap_or(0);
            match current.saturating_add_signed(delta) {
                0 => counts.remove(key)?,
                next => counts.insert(key, next)?,
            };
        }
        Ok(())
    }
}

/// Attempts kept in a job's history; older ones are dropped (the count stays exact).
const HISTORY_LIMIT: usize = 50;

fn state_code(state: JobState) -> u8 {
    match state {
        JobState::Queued => 0,
        JobState::Running => 1,
        JobState::Succeeded => 2,
        JobState::Failed => 3,
        JobState::Dead => 4,
        _ => 5,
    }
}

fn is_active(state: JobState) -> bool {
    matches!(state, JobState::Queued | JobState::Running)
}

impl JobRecord {
    pub fn summary(&self) -> JobSummary {
        JobSummary {
            id: JobId(self.id),
            tenant: self.tenant.clone(),
            queue: self.queue.clone(),
            kind: self.kind.clone(),
            state: self.state,
            attempts: self.attempts,
            max_attempts: self.max_attempts,
            run_at: from_millis(self.run_at_ms),
            created_at: self.created_at,
            updated_at: self.updated_at,
            last_error: self.last_error.clone(),
            last_error_words: self.last_error_words.clone(),
            unique_key: self.unique_key.clone(),
            schedule: self.schedule.clone(),
        }
    }

    pub fn detail(&self) -> JobDetail {
        JobDetail {
            job: self.summary(),
            payload: serde_json::from_str(&self.payload)
                .unwrap_or(serde_json::Value::String(self.payload.clone())),
            attempts: self.history.clone(),
            lease_until: self.lease_until_ms.map(from_millis),
        }
    }
}

impl WriteTxn<'_> {
    /// Enqueues a job; with a unique key already held by a queued or running job, returns that
    /// job's id and `false` instead.
    pub fn enqueue_job(&mut self, new: &NewJob) -> Result<(JobId, bool), AreaError> {
        if let Some(key) = &new.unique_key
            && let Some(existing) = self.open(&JOBS_UNIQUE)?.get(key.as_str())?
        {
            return Ok((JobId(existing), false));
        }
        let id = self.next_id("job")?;
        let now = self.now();
        let run_at = new.run_at.unwrap_or(now).max(now);
        let record = JobRecord {
            id,
            tenant: new.tenant.clone(),
            queue: new.queue.clone(),
            kind: new.kind.clone(),
            payload: new.payload.to_string(),
            state: JobState::Queued,
            attempts: 0,
            max_attempts: new.max_attempts.max(1),
            run_at_ms: millis(run_at),
            created_at: now,
            updated_at: now,
            lease_until_ms: None,
            last_error: None,
            last_error_words: None,
            unique_key: new.unique_key.clone(),
            history: Vec::new(),
            operator_retries: 0,
            cancel_requested: false,
            schedule: new.schedule.clone(),
        };
        self.open(&JOBS_BY_TENANT)?
            .insert((record.tenant.as_str(), id))?;
        if let Some(key) = &record.unique_key {
            self.open(&JOBS_UNIQUE)?.insert(key.as_str(), id)?;
        }
        self.index(&record)?;
        self.bump_count(&record, 1);
        self.put_job(&record)?;
        self.record_change(&record.tenant, "job", &id.to_string(), ChangeOp::Created)?;
        Ok((JobId(id), true))
    }

    /// Leases up to `limit` jobs of `queue` that are due, oldest due first, until `lease_until`.
    pub fn lease_jobs(
        &mut self,
        queue: &str,
        limit: usize,
        lease_until: Timestamp,
    ) -> Result<Vec<LeasedJob>, AreaError> {
        let now_ms = millis(self.now());
        let due: Vec<u64> = {
            let table = self.open(&JOBS_DUE)?;
            table
                .range((queue, 0, 0)..=(queue, now_ms, u64::MAX))?
                .take(limit)
                .map(|entry| entry.map(|key| key.value().2))
                .collect::<Result<_, _>>()?
        };
        let mut leased = Vec::with_capacity(due.len());
        for id in due {
            let mut job = self.job_by_id(id)?;
            job.attempts += 1;
            job.history.push(JobAttempt {
                number: job.attempts,
                started_at: self.now(),
                finished_at: None,
                error: None,
                error_words: None,
            });
            if job.history.len() > HISTORY_LIMIT {
                job.history.remove(0);
            }
            let run_at = job.run_at_ms;
            self.transition(
                &mut job,
                JobState::Running,
                run_at,
                Some(millis(lease_until)),
            )?;
            leased.push(LeasedJob {
                id: JobId(job.id),
                tenant: job.tenant.clone(),
                queue: job.queue.clone(),
                kind: job.kind.clone(),
                payload: job.payload.clone(),
                attempt: job.attempts,
                max_attempts: job.max_attempts,
                operator_retries: job.operator_retries,
            });
        }
        Ok(leased)
    }

    /// Records how attempt `attempt` of job `id` ended. A stale lease changes nothing.
    pub fn finish_job(
        &mut self,
        id: JobId,
        attempt: u32,
        outcome: &JobOutcome,
    ) -> Result<FinishedJob, AreaError> {
        let Some(mut job) = self.find_job(id.0)? else {
            return Ok(FinishedJob::Stale);
        };
        if job.state != JobState::Running || job.attempts != attempt {
            return Ok(FinishedJob::Stale);
        }
        let now = self.now();
        let (error, words) = match outcome {
            JobOutcome::Succeeded | JobOutcome::Released | JobOutcome::Deferred { .. } => {
                (None, None)
            }
            JobOutcome::Retry { error, words, .. }
            | JobOutcome::Failed { error, words }
            | JobOutcome::Dead { error, words } => (Some(error.clone()), words.clone()),
        };
        if let Some(last) = job.history.last_mut() {
            last.finished_at = Some(now);
            last.error = match outcome {
                JobOutcome::Released => Some("interrupted by shutdown; not counted".into()),
                JobOutcome::Deferred { note, .. } => Some(format!("waited: {note}; not counted")),
                _ => error.clone(),
            };
            last.error_words.clone_from(&words);
        }
        if error.is_some() {
            job.last_error = error;
            job.last_error_words = words;
        }
        let (state, run_at_ms) = match outcome {
            _ if job.cancel_requested => (JobState::Cancelled, job.run_at_ms),
            JobOutcome::Succeeded => (JobState::Succeeded, job.run_at_ms),
            JobOutcome::Retry { at, .. } => (JobState::Queued, millis(*at)),
            JobOutcome::Failed { .. } => (JobState::Failed, job.run_at_ms),
            JobOutcome::Dead { .. } => (JobState::Dead, job.run_at_ms),
            JobOutcome::Released => {
                job.attempts -= 1;
                (JobState::Queued, millis(now))
            }
            JobOutcome::Deferred { at, .. } => {
                job.attempts -= 1;
                (JobState::Queued, millis(*at))
            }
        };
        self.transition(&mut job, state, run_at_ms, None)?;
        Ok(FinishedJob::Finished(state))
    }

    /// Puts back in the queue every running job whose lease ended before now; returns their ids.
    pub fn requeue_expired_leases(&mut self) -> Result<Vec<JobId>, AreaError> {
        let now_ms = millis(self.now());
        let expired: Vec<u64> = {
            let table = self.open(&JOBS_LEASED)?;
            table
                .range((0, 0)..(now_ms, 0))?
                .map(|entry| entry.map(|key| key.value().1))
                .collect::<Result<_, _>>()?
        };
        for id in &expired {
            let mut job = self.job_by_id(*id)?;
            if let Some(last) = job.history.last_mut() {
                let said = said!(
                    key::JOB_ATTEMPT_LEASE_EXPIRED,
                    "lease expired: the attempt took longer than the visibility timeout"
                );
                last.error_words = Some(said.words());
                last.error = Some(said.text);
                last.finished_at = Some(self.now());
            }
            let said = said!(key::JOB_LEASE_EXPIRED, "lease expired");
            job.last_error_words = Some(said.words());
            job.last_error = Some(said.text);
            self.transition(&mut job, JobState::Queued, now_ms, None)?;
        }
        Ok(expired.into_iter().map(JobId).collect())
    }

    /// The queue job `id` runs on.
    pub fn job_queue(&mut self, id: JobId) -> Result<String, AreaError> {
        Ok(self.job_by_id(id.0)?.queue)
    }

    /// Operator retry: a failed, dead or cancelled job goes back to the queue now.
    pub fn retry_job(&mut self, tenant: &TenantId, id: JobId) -> Result<JobRecord, AreaError> {
        let mut job = self.tenant_job(tenant, id)?;
        if !job.state.is_retryable_by_operator() {
            return Err(said!(
                key::JOB_NOT_RETRIABLE,
                "job {0} is {1}; only failed, dead or cancelled jobs can be retried",
                id,
                job.state
            )
            .conflict());
        }
        if let Some(key) = &job.unique_key
            && let Some(holder) = self.open(&JOBS_UNIQUE)?.get(key.as_str())?
        {
            return Err(said!(
                key::JOB_RETRY_BLOCKED,
                "job {0} cannot be retried while job {1} with the same unique key {2} is active",
                id,
                holder,
                format!("{key:?}")
            )
            .conflict());
        }
        job.operator_retries += 1;
        job.attempts = 0;
        job.cancel_requested = false;
        let now_ms = millis(self.now());
        self.transition(&mut job, JobState::Queued, now_ms, None)?;
        Ok(job)
    }

    /// Operator retry of every failed or dead job of the tenant matching `filter`.
    pub fn retry_matching(
        &mut self,
        tenant: &TenantId,
        filter: &JobFilter,
    ) -> Result<Vec<JobId>, AreaError> {
        let states = filter::retried_states(filter)?;
        let mut ids = Vec::new();
        for state in states {
            let table = self.open(&JOBS_BY_STATE)?;
            let code = state_code(state);
            for entry in
                table.range((tenant.as_str(), code, 0)..=(tenant.as_str(), code, u64::MAX))?
            {
                ids.push(entry?.value().2);
            }
        }
        let mut retried = Vec::new();
        for id in ids {
            let job = self.job_by_id(id)?;
            if job.matches(filter) && self.retry_job(tenant, JobId(id)).is_ok() {
                retried.push(JobId(id));
            }
        }
        Ok(retried)
    }

    /// Operator cancel. Queued, failed and dead jobs end `cancelled` now; a running one when
    /// its attempt returns.
    pub fn cancel_job(&mut self, tenant: &TenantId, id: JobId) -> Result<JobRecord, AreaError> {
        let mut job = self.tenant_job(tenant, id)?;
        match job.state {
            JobState::Running => {
                job.cancel_requested = true;
                job.updated_at = self.now();
                self.put_job(&job)?;
                self.record_change(&job.tenant, "job", &id.to_string(), ChangeOp::Updated)?;
            }
            JobState::Queued | JobState::Failed | JobState::Dead => {
                let run_at = job.run_at_ms;
                self.transition(&mut job, JobState::Cancelled, run_at, None)?;
            }
            state => {
                return Err(said!(
                    key::JOB_NOT_CANCELLABLE,
                    "job {0} is {1}; it cannot be cancelled",
                    id,
                    state
                )
                .conflict());
            }
        }
        Ok(job)
    }

    /// Deletes up to `limit` succeeded or cancelled jobs that finished before `before`, oldest
    /// first; returns how many. Failed and dead jobs stay until an operator acts.
    pub fn prune_finished_jobs(
        &mut self,
        before: Timestamp,
        limit: usize,
    ) -> Result<usize, AreaError> {
        let old: Vec<u64> = {
            let table = self.open(&JOBS_FINISHED)?;
            table
                .range((0, 0)..(millis(before), 0))?
                .take(limit)
                .map(|entry| entry.map(|key| key.value().1))
                .collect::<Result<_, _>>()?
        };
        for id in &old {
            let job = self.job_by_id(*id)?;
            self.unindex(&job)?;
            self.bump_count(&job, -1);
            self.open(&JOBS)?.remove(job.id)?;
            self.open(&JOBS_BY_TENANT)?
                .remove((job.tenant.as_str(), job.id))?;
            self.record_change(&job.tenant, "job", &job.id.to_string(), ChangeOp::Deleted)?;
        }
        Ok(old.len())
    }

    /// Pauses or resumes a queue.
    pub fn set_queue_paused(
        &mut self,
        queue: &str,
        paused: bool,
    ) -> Result<QueueRecord, AreaError> {
        let record = QueueRecord { paused };
        self.open(&QUEUES)?.insert(queue, &record)?;
        Ok(record)
    }

    /// Moves `job` to `state`, keeping every index, count and the change feed in step.
    fn transition(
        &mut self,
        job: &mut JobRecord,
        state: JobState,
        run_at_ms: u64,
        lease_until_ms: Option<u64>,
    ) -> Result<(), AreaError> {
        self.unindex(job)?;
        self.bump_count(job, -1);
        let was_active = is_active(job.state);
        job.state = state;
        job.run_at_ms = run_at_ms;
        job.lease_until_ms = lease_until_ms;
        job.updated_at = self.now();
        if let Some(key) = &job.unique_key {
            let mut unique = self.open(&JOBS_UNIQUE)?;
            if was_active && !is_active(state) {
                unique.remove(key.as_str())?;
            } else if !was_active && is_active(state) {
                unique.insert(key.as_str(), job.id)?;
            }
        }
        self.index(job)?;
        self.bump_count(job, 1);
        self.put_job(job)?;
        self.record_change(&job.tenant, "job", &job.id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    fn index(&mut self, job: &JobRecord) -> Result<(), AreaError> {
        self.index_entries(job, true)
    }

    fn unindex(&mut self, job: &JobRecord) -> Result<(), AreaError> {
        self.index_entries(job, false)
    }

    /// Adds (`present`) or removes the index entries `job` has in its state.
    fn index_entries(&mut self, job: &JobRecord, present: bool) -> Result<(), AreaError> {
        self.open(&JOBS_BY_STATE)?.set(
            (job.tenant.as_str(), state_code(job.state), job.id),
            present,
        )?;
        match job.state {
            JobState::Queued => {
                self.open(&JOBS_DUE)?
                    .set((job.queue.as_str(), job.run_at_ms, job.id), present)?;
            }
            JobState::Running => {
                let lease = job.lease_until_ms.unwrap_or(0);
                self.open(&JOBS_LEASED)?.set((lease, job.id), present)?;
            }
            JobState::Succeeded | JobState::Cancelled => {
                let finished = millis(job.updated_at);
                self.open(&JOBS_FINISHED)?
                    .set((finished, job.id), present)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn bump_count(&mut self, job: &JobRecord, delta: i64) {
        let key = (
            job.tenant.to_string(),
            job.queue.clone(),
            state_code(job.state),
        );
        *self.pending::<CountDeltas>().0.entry(key).or_default() += delta;
    }

    fn put_job(&mut self, job: &JobRecord) -> Result<(), AreaError> {
        self.open(&JOBS)?.insert(job.id, job)?;
        Ok(())
    }

    fn find_job(&mut self, id: u64) -> Result<Option<JobRecord>, AreaError> {
        Ok(self.open(&JOBS)?.get(id)?)
    }

    fn job_by_id(&mut self, id: u64) -> Result<JobRecord, AreaError> {
        self.find_job(id)?
            .ok_or_else(|| AreaError::missing_anywhere(Record::Job, id))
    }

    fn tenant_job(&mut self, tenant: &TenantId, id: JobId) -> Result<JobRecord, AreaError> {
        match self.find_job(id.0)? {
            Some(job) if &job.tenant == tenant => Ok(job),
            // Another tenant's job is reported exactly like a missing one.
            _ => Err(AreaError::missing(Record::Job, id, tenant)),
        }
    }
}

impl ReadTxn {
    /// One job of `tenant`; another tenant's job is "not found".
    pub fn job(&self, tenant: &TenantId, id: JobId) -> Result<JobRecord, AreaError> {
        let table = self.open(&JOBS)?;
        match table.get(id.0)? {
            Some(job) => {
                if &job.tenant == tenant {
                    return Ok(job);
                }
                Err(AreaError::missing(Record::Job, id, tenant))
            }
            None => Err(AreaError::missing(Record::Job, id, tenant)),
        }
    }

    /// A page of the tenant's jobs matching `filter`, newest first.
    pub fn list_jobs(
        &self,
        tenant: &TenantId,
        filter: &JobFilter,
        page: PageRequest,
    ) -> Result<JobPage, AreaError> {
        let limit = page_limit(page);
        let before = page.before.unwrap_or(u64::MAX);
        let jobs_table = self.open(&JOBS)?;
        let mut jobs = Vec::with_capacity(limit.min(1024));
        let mut push = |id: u64| -> Result<bool, AreaError> {
            if let Some(job) = jobs_table.get(id)?
                && job.matches(filter)
            {
                jobs.push(job.summary());
            }
            Ok(jobs.len() > limit)
        };
        if let Some(state) = filter.state {
            let table = self.open(&JOBS_BY_STATE)?;
            let code = state_code(state);
            for entry in table
                .range((tenant.as_str(), code, 0)..(tenant.as_str(), code, before))?
                .rev()
            {
                if push(entry?.value().2)? {
                    break;
                }
            }
        } else {
            let table = self.open(&JOBS_BY_TENANT)?;
            for entry in table
                .range((tenant.as_str(), 0)..(tenant.as_str(), before))?
                .rev()
            {
                if push(entry?.value().1)? {
                    break;
                }
            }
        }
        let next = cut_page(&mut jobs, limit, |job| job.id.0);
        Ok(JobPage { jobs, next })
    }

    /// The tenant's job counts per queue (`None`: every tenant's, for metrics).
    pub fn job_counts(
        &self,
        tenant: Option<&TenantId>,
    ) -> Result<BTreeMap<String, StateCounts>, AreaError> {
        let table = self.open(&JOB_COUNTS)?;
        let mut counts: BTreeMap<String, StateCounts> = BTreeMap::new();
        for entry in table.all()? {
            let (key, value) = entry?;
            let (row_tenant, queue, code) = key.value();
            if tenant.is_some_and(|tenant| tenant.as_str() != row_tenant) {
                continue;
            }
            let state = JobState::ALL
                .into_iter()
                .find(|state| state_code(*state) == code)
                .unwrap_or(JobState::Cancelled);
            *counts.entry(queue.to_owned()).or_default().get_mut(state) += value;
        }
        Ok(counts)
    }

    /// Stored queue settings by name.
    pub fn queues(&self) -> Result<BTreeMap<String, QueueRecord>, AreaError> {
        let table = self.open(&QUEUES)?;
        let mut queues = BTreeMap::new();
        for entry in table.all()? {
            let (key, value) = entry?;
            queues.insert(key.value().to_owned(), value);
        }
        Ok(queues)
    }

    /// When the earliest queued job of `queue` is due.
    pub fn next_due(&self, queue: &str) -> Result<Option<Timestamp>, AreaError> {
        let table = self.open(&JOBS_DUE)?;
        let first = table
            .range((queue, 0, 0)..=(queue, u64::MAX, u64::MAX))?
            .next();
        Ok(match first {
            Some(entry) => Some(from_millis(entry?.value().1)),
            None => None,
        })
    }

    /// The newest failed or dead jobs of the tenant.
    pub fn recent_failures(
        &self,
        tenant: &TenantId,
        limit: usize,
    ) -> Result<Vec<JobSummary>, AreaError> {
        let mut failures = Vec::new();
        for state in [JobState::Failed, JobState::Dead] {
            let page = self.list_jobs(
                tenant,
                &JobFilter {
                    state: Some(state),
                    ..JobFilter::default()
                },
                PageRequest::first(limit as u32),
            )?;
            failures.extend(page.jobs);
        }
        failures.sort_by_key(|job| std::cmp::Reverse(job.updated_at));
        failures.truncate(limit);
        Ok(failures)
    }
}

impl WriteTxn<'_> {
    /// At start-up, before any worker runs: every job left `running` by the previous process
    /// goes back to the queue at once (only one process owns the file, so those leases belong
    /// to no one). Returns how many.
    pub fn requeue_all_running(&mut self) -> Result<usize, AreaError> {
        let running: Vec<u64> = self
            .open(&JOBS_LEASED)?
            .all()?
            .map(|entry| entry.map(|key| key.value().1))
            .collect::<Result<_, _>>()?;
        let now_ms = millis(self.now());
        let said = said!(
            key::JOB_INTERRUPTED,
            "interrupted: the daemon stopped during this attempt"
        );
        for id in &running {
            let mut job = self.job_by_id(*id)?;
            if let Some(last) = job.history.last_mut() {
                last.error = Some(said.text.clone());
                last.error_words = Some(said.words());
            }
            job.last_error = Some(said.text.clone());
            job.last_error_words = Some(said.words());
            self.transition(&mut job, JobState::Queued, now_ms, None)?;
        }
        Ok(running.len())
    }
}

mod filter;
mod records;
#[cfg(test)]
mod tests;

pub use records::{FinishedJob, JobOutcome, JobRecord, LeasedJob, NewJob, QueueRecord};
