//! Typed jobs: a job kind is a type. Its payload is the type's fields (stored as JSON), its name
//! and queue are constants, its unique key a method; areas enqueue values of it and register a
//! handler that gets the value back, decoded once by the queue.

use centralita_protocol::{JobId, TenantId};
use jiff::Timestamp;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{JobContext, JobError, NewJob, Queue};
use crate::error::{AreaError, said};
use crate::store::WriteTxn;
use centralita_protocol::said as key;

/// One kind of job.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The kind's name, as stored and shown (`invoice.read`). On disk: never rename one.
    const KIND: &'static str;
    /// The queue it runs on (each queue has its own workers and concurrency).
    const QUEUE: &'static str;
    /// Attempts before it is dead (`[queue.kinds."KIND"] max_attempts` overrides it for jobs
    /// enqueued through [`Queue::enqueue_job`]).
    const MAX_ATTEMPTS: u32;

    /// While a job of this key is queued or running, enqueueing another returns that one.
    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        let _ = tenant;
        None
    }

    /// This job's attempts, when it differs from [`Job::MAX_ATTEMPTS`].
    fn max_attempts(&self) -> u32 {
        Self::MAX_ATTEMPTS
    }
}

impl NewJob {
    /// The record of `job` for `tenant`, to run at `run_at` (now when `None`).
    pub fn of<J: Job>(
        tenant: &TenantId,
        job: &J,
        run_at: Option<Timestamp>,
    ) -> Result<Self, AreaError> {
        let payload = serde_json::to_value(job).map_err(|error| {
            AreaError::invalid(format!("a {} job does not encode: {error}", J::KIND))
        })?;
        Ok(Self {
            tenant: tenant.clone(),
            queue: J::QUEUE.to_owned(),
            kind: J::KIND.to_owned(),
            payload,
            run_at,
            max_attempts: job.max_attempts(),
            unique_key: job.unique_key(tenant),
            schedule: None,
        })
    }
}

impl WriteTxn<'_> {
    /// Enqueues `job` for `tenant` in this transaction; with an active job of the same unique
    /// key, returns that one's id and `false`. Wake the job's queue after the commit.
    pub fn enqueue<J: Job>(
        &mut self,
        tenant: &TenantId,
        job: &J,
    ) -> Result<(JobId, bool), AreaError> {
        self.enqueue_job(&NewJob::of(tenant, job, None)?)
    }
}

impl Queue {
    /// Registers what runs job type `J`: `run` gets the attempt's context and the job itself.
    /// A payload that does not decode as a `J` fails the attempt permanently.
    pub fn register_job<J, F, Fut>(&self, run: F)
    where
        J: Job,
        F: Fn(JobContext, J) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        let run = std::sync::Arc::new(run);
        self.register(
            J::KIND,
            super::handler(move |context: JobContext| {
                let run = std::sync::Arc::clone(&run);
                async move {
                    let job: J =
                        serde_json::from_value(context.payload.clone()).map_err(|error| {
                            JobError::permanent_said(said!(
                                key::JOB_PAYLOAD_UNDECODABLE,
                                "the {0} payload does not decode: {1}",
                                J::KIND,
                                error
                            ))
                        })?;
                    run(context, job).await
                }
            }),
        );
    }

    /// Enqueues `job` for `tenant` durably and wakes its queue; with an active job of the same
    /// unique key, returns that one's id and `false`.
    pub async fn enqueue_job<J: Job>(
        &self,
        tenant: &TenantId,
        job: &J,
        run_at: Option<Timestamp>,
    ) -> Result<(JobId, bool), AreaError> {
        let mut record = NewJob::of(tenant, job, run_at)?;
        if let Some(max) = self.kind_max_attempts(J::KIND) {
            record.max_attempts = max;
        }
        self.enqueue(record).await
    }
}
