//! Who is acting, as areas see it: resolved once per call (by `rpc/` from the socket's peer
//! credentials and the policy table), then handed to the area, which checks what depends on
//! the record (an agent sees their own and unassigned conversations and leads) inside the same
//! transaction as the change.

use std::fmt::Display;

use centralita_protocol::{AuditOutcome, Role, TenantId};

use crate::audit::{AuditRecord, Detail};
use crate::error::{AreaError, said};
use centralita_protocol::said as key;

/// The person behind a call, with no tenant in view (`status`, `tenants_list`, uploads…).
#[derive(Debug, Clone)]
pub struct Caller {
    /// The Unix user name (`uid N` when the uid has none).
    pub user: String,
    /// Root or the daemon's own user: an admin of every tenant.
    pub superuser: bool,
    /// The policy's name of what they are doing (`leads_edit`): what the audit log says.
    pub action: &'static str,
}

/// A caller acting in one tenant with their role there (superusers act as admins).
#[derive(Debug, Clone)]
pub struct Actor {
    pub caller: Caller,
    pub tenant: TenantId,
    pub role: Role,
}

impl Caller {
    /// An audit entry of what they did (`Ok`), in `tenant` when there is one.
    /// `detail` is a sentence of the catalog (`said!`), or data (a `String`: a zone, a role).
    pub fn audit(
        &self,
        tenant: Option<&TenantId>,
        target: impl Into<String>,
        detail: impl Into<Detail>,
    ) -> AuditRecord {
        let detail = detail.into();
        AuditRecord {
            operator: self.user.clone(),
            tenant: tenant.cloned(),
            action: self.action.to_owned(),
            target: target.into(),
            outcome: AuditOutcome::Ok,
            detail: detail.text,
            detail_words: detail.words,
        }
    }
}

impl Actor {
    /// The daemon acting on its own (jobs, the inbox folder, the sandbox): a superuser.
    pub fn daemon(tenant: TenantId, action: &'static str) -> Self {
        Self {
            caller: Caller {
                user: "centralitad".to_owned(),
                superuser: true,
                action,
            },
            tenant,
            role: Role::Admin,
        }
    }

    pub fn user(&self) -> &str {
        &self.caller.user
    }

    /// `Some(user)` when the actor is only an agent: they see their own records and the
    /// unassigned ones. `None` for supervisors and admins, who see everything.
    pub fn agent(&self) -> Option<&str> {
        (self.role == Role::Agent && !self.caller.superuser).then_some(self.caller.user.as_str())
    }

    /// Whether a record assigned to `assignee` is in the actor's sight.
    pub fn sees(&self, assignee: Option<&str>) -> bool {
        !hidden_from(self.agent(), assignee)
    }

    /// Refuses an agent the record `what id` when it is assigned to someone else.
    pub fn require_sees(
        &self,
        what: &str,
        id: impl Display,
        assignee: Option<&str>,
    ) -> Result<(), AreaError> {
        if self.sees(assignee) {
            return Ok(());
        }
        Err(said!(
            key::CONVERSATION_NOT_YOURS,
            "{2} {0} is assigned to {1}; agents see their own and unassigned {2}s",
            id,
            assignee.unwrap_or_default(),
            what
        )
        .denied())
    }

    /// An audit entry of what the actor did in their tenant (`Ok`); `detail` as in
    /// [`Caller::audit`].
    pub fn audit(&self, target: impl Into<String>, detail: impl Into<Detail>) -> AuditRecord {
        self.caller.audit(Some(&self.tenant), target, detail)
    }
}

/// Whether a record assigned to `assignee` is out of `agent`'s sight: agents (`Some`) see their
/// own records and unassigned ones; `None` (supervisors, admins) sees everything.
pub fn hidden_from(agent: Option<&str>, assignee: Option<&str>) -> bool {
    agent.is_some_and(|user| assignee.is_some_and(|assignee| assignee != user))
}
