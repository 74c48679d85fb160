//! What [`App::update`](super::app::App::update) asks the event loop to do: effects as data.

use centralita_protocol::{JobFilter, JobId, Role, TenantId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadDashboard,
    /// First page of jobs matching the filter; `before` continues after the rows on screen.
    LoadJobs {
        filter: JobFilter,
        before: Option<u64>,
    },
    LoadJob(JobId),
    LoadQueues,
    LoadAudit,
    LoadTenants,
    LoadOperators,
    Retry(JobId),
    RetryMatching(JobFilter),
    Cancel(JobId),
    SetPaused {
        queue: String,
        paused: bool,
    },
    AddTenant {
        id: TenantId,
        name: String,
    },
    AddOperator {
        user: String,
        role: Role,
    },
    RemoveOperator(String),
    /// Follow another tenant's change feed.
    SwitchTenant(TenantId),
    Quit,
}
