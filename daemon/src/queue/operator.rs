//! What operators do to jobs and queues: list and inspect jobs, retry, retry every matching
//! one, cancel; list queues, pause and resume them. Each change is audited in its own commit.

use centralita_protocol::{
    JobDetail, JobFilter, JobId, JobPage, JobSummary, PageRequest, QueueInfo,
};

use super::Queue;
use crate::actor::{Actor, Caller};
use crate::audit;
use crate::error::AreaError;

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
                let mut failed = actor.audit("jobs", error.to_string());
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
            return Err(AreaError::invalid("queue names are 1 to 64 characters"));
        }
        let verb = if paused { "paused" } else { "resumed" };
        let entry = caller.audit(None, format!("queue {queue}"), verb);
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
