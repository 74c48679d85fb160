//! What operators do to jobs and queues: list and inspect jobs, retry, retry every matching
//! one, cancel; list queues, pause and resume them; list schedules, pause, resume and run one
//! now. Each change is audited in its own commit.

use centralita_protocol::{
    JobDetail, JobFilter, JobId, JobPage, JobSummary, PageRequest, QueueInfo, Schedule,
};

use super::{Queue, ScheduleRecord};
use crate::actor::{Actor, Caller};
use crate::audit;
use crate::error::{AreaError, said};
use centralita_protocol::said as key;

impl Queue {
    /// A page of the actor's tenant's jobs matching `filter`, newest first.
    pub async fn list(
        &self,
        actor: &Actor,
        filter: JobFilter,
        page: PageRequest,
    ) -> Result<JobPage, AreaError> {
        let tenant = actor.tenant.clone();
        self.store()
            .read(move |txn| txn.list_jobs(&tenant, &filter, page))
            .await
    }

    /// One job with its payload and attempts; another tenant's job is "not found".
    pub async fn show(&self, actor: &Actor, id: JobId) -> Result<JobDetail, AreaError> {
        let tenant = actor.tenant.clone();
        let job = self.store().read(move |txn| txn.job(&tenant, id)).await?;
        Ok(job.detail())
    }

    /// Puts a failed, dead or cancelled job back in the queue now.
    pub async fn retry(&self, actor: &Actor, id: JobId) -> Result<JobSummary, AreaError> {
        let tenant = actor.tenant.clone();
        let entry = actor.audit(format!("job {id}"), String::new());
        let job =
            audit::audited(self.store(), entry, move |txn| txn.retry_job(&tenant, id)).await?;
        self.wake(&job.queue);
        Ok(job.summary())
    }

    /// Retries every failed or dead job matching `filter`; returns how many.
    pub async fn retry_matching(&self, actor: &Actor, filter: JobFilter) -> Result<u64, AreaError> {
        let tenant = actor.tenant.clone();
        let detail = serde_json::to_string(&filter).unwrap_or_default();
        let mut entry = actor.audit("jobs", detail);
        let store = self.store().clone();
        let result = store
            .write(move |txn| {
                let ids = txn.retry_matching(&tenant, &filter)?;
                entry.target = format!("{} jobs", ids.len());
                txn.audit(&entry)?;
                Ok::<_, AreaError>(ids)
            })
            .await;
        match result {
            Ok(ids) => {
                for name in self.names() {
                    self.wake(&name);
                }
                Ok(ids.len() as u64)
            }
            Err(error) => {
                let mut failed = actor.audit("jobs", &error);
                failed.outcome = centralita_protocol::AuditOutcome::Failed;
                audit::record(&store, failed).await;
                Err(error)
            }
        }
    }

    /// Cancels a queued, failed or dead job; a running one ends `cancelled` when its attempt
    /// returns.
    pub async fn cancel(&self, actor: &Actor, id: JobId) -> Result<JobSummary, AreaError> {
        let tenant = actor.tenant.clone();
        let entry = actor.audit(format!("job {id}"), String::new());
        let job =
            audit::audited(self.store(), entry, move |txn| txn.cancel_job(&tenant, id)).await?;
        Ok(job.summary())
    }

    /// Every queue with its settings and the actor's tenant's job counts.
    pub async fn infos(&self, actor: &Actor) -> Result<Vec<QueueInfo>, AreaError> {
        let tenant = actor.tenant.clone();
        let (mut counts, stored) = self
            .store()
            .read(move |txn| Ok::<_, AreaError>((txn.job_counts(Some(&tenant))?, txn.queues()?)))
            .await?;
        let mut names = self.names();
        names.extend(counts.keys().cloned());
        names.extend(stored.keys().cloned());
        names.sort();
        names.dedup();
        Ok(names
            .into_iter()
            .map(|name| QueueInfo {
                paused: self.is_paused(&name),
                concurrency: self.concurrency_of(&name),
                counts: counts.remove(&name).unwrap_or_default(),
                name,
            })
            .collect())
    }

    /// Pauses (`paused`) or resumes a queue for every tenant.
    pub async fn pause(
        &self,
        caller: &Caller,
        queue: String,
        paused: bool,
    ) -> Result<QueueInfo, AreaError> {
        if queue.is_empty() || queue.len() > 64 {
            return Err(
                said!(key::QUEUE_NAME_LENGTH, "queue names are 1 to 64 characters").invalid(),
            );
        }
        let entry = caller.audit(None, format!("queue {queue}"), pause_said(paused));
        self.set_paused(&queue, paused, entry).await?;
        let counts = self
            .store()
            .read(|txn| txn.job_counts(None))
            .await?
            .remove(&queue)
            .unwrap_or_default();
        Ok(QueueInfo {
            concurrency: self.concurrency_of(&queue),
            paused,
            counts,
            name: queue,
        })
    }
}

impl Queue {
    /// The tenant's schedules by name.
    pub async fn schedules(&self, actor: &Actor) -> Result<Vec<Schedule>, AreaError> {
        let tenant = actor.tenant.clone();
        let records = self.store().read(move |txn| txn.schedules(&tenant)).await?;
        Ok(records
            .into_iter()
            .map(|(name, record)| record.into_wire(name))
            .collect())
    }

    /// Pauses or resumes schedule `name`.
    pub async fn pause_schedule(
        &self,
        actor: &Actor,
        name: String,
        paused: bool,
    ) -> Result<Schedule, AreaError> {
        let tenant = actor.tenant.clone();
        let entry = actor.audit(format!("schedule {name}"), pause_said(paused));
        let scope = name.clone();
        let record = audit::audited(self.store(), entry, move |txn| {
            txn.pause_schedule(&tenant, &scope, paused)
        })
        .await?;
        self.schedules_changed();
        Ok(record.into_wire(name))
    }

    /// Makes schedule `name`'s job now.
    pub async fn run_schedule(&self, actor: &Actor, name: String) -> Result<JobId, AreaError> {
        let tenant = actor.tenant.clone();
        let entry = actor.audit(
            format!("schedule {name}"),
            said!(key::SCHEDULE_RUN_NOW, "run now"),
        );
        let job = audit::audited(self.store(), entry, move |txn| {
            let job = txn.run_schedule_now(&tenant, &name)?;
            let queue = txn.job_queue(job)?;
            Ok((job, queue))
        })
        .await?;
        self.wake(&job.1);
        Ok(job.0)
    }
}

impl ScheduleRecord {
    /// Schedule `name` as the wire shows it.
    fn into_wire(self, name: String) -> Schedule {
        Schedule {
            name,
            kind: self.kind,
            every: self.every.describe(),
            paused: self.paused,
            next_at: self.next_at,
            last_slot: self.last_slot,
            last_job: self.last_job.map(JobId),
        }
    }
}

/// The audit detail of pausing (`paused`) or resuming a queue or a schedule.
fn pause_said(paused: bool) -> crate::error::Said {
    if paused {
        said!(key::PAUSED, "paused")
    } else {
        said!(key::RESUMED, "resumed")
    }
}
