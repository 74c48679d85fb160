//! The CRM calls. Agents see and change their own leads and the unassigned ones.

use centralita_protocol::{
    Funnel, FunnelStage, Lead, LeadEdit, LeadType, Reminder, Role, RpcError, TenantId,
};

use super::auth::Need;
use super::service::Connection;
use crate::error::AreaError;
use crate::store::{ReadTxn, WriteTxn};

/// Most leads one list returns.
const MAX_LEADS: u32 = 5_000;

impl Connection {
    /// Refuses an agent a lead assigned to someone else; returns the agent's user (`None` for
    /// supervisors and admins) so callers need not look the role up again.
    async fn require_lead_visible(
        &self,
        tenant: &TenantId,
        id: u64,
    ) -> Result<Option<String>, RpcError> {
        self.require_assigned_visible(tenant, ("lead", id), move |txn, tenant| {
            Ok(txn.lead(tenant, id)?.assignee)
        })
        .await
    }

    pub(super) async fn lead_list(
        &self,
        tenant: TenantId,
        limit: u32,
    ) -> Result<Vec<Lead>, RpcError> {
        self.check("leads_list", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        let scope = self.agent_scope(&tenant).await?;
        let limit = limit.clamp(1, MAX_LEADS) as usize;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.visible_leads(&tenant, limit, scope.as_deref()))
            .await?)
    }

    pub(super) async fn lead_show(&self, tenant: TenantId, id: u64) -> Result<Lead, RpcError> {
        self.check("leads_show", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        self.require_lead_visible(&tenant, id).await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.lead(&tenant, id))
            .await?)
    }

    pub(super) async fn lead_add(
        &self,
        tenant: TenantId,
        contact: u64,
        lead_type: LeadType,
    ) -> Result<Lead, RpcError> {
        self.check("leads_add", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        let scope = tenant.clone();
        let id = self
            .audited(
                "leads_add",
                &tenant,
                format!("contact {contact}"),
                lead_type.to_string(),
                move |txn| {
                    txn.contact_exists(&scope, contact)?;
                    let funnels = txn.funnels(&scope)?;
                    let lead = crate::crm::manual_lead(&funnels, contact, lead_type, txn.now())?;
                    txn.insert_lead(&scope, &lead)
                },
            )
            .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.lead(&tenant, id))
            .await?)
    }

    /// Runs a lead change the caller may make, audited.
    async fn lead_change<F>(
        &self,
        action: &'static str,
        tenant: TenantId,
        id: u64,
        detail: String,
        change: F,
    ) -> Result<Lead, RpcError>
    where
        F: FnMut(&mut WriteTxn<'_>) -> Result<Lead, AreaError> + Send + 'static,
    {
        self.check(action, Some(&tenant), Need::Role(Role::Agent))
            .await?;
        self.require_lead_visible(&tenant, id).await?;
        let lead = self
            .audited(action, &tenant, format!("lead {id}"), detail, change)
            .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.lead(&tenant, lead.id))
            .await?)
    }

    pub(super) async fn lead_edit(
        &self,
        tenant: TenantId,
        id: u64,
        edit: LeadEdit,
    ) -> Result<Lead, RpcError> {
        if let (Some(user), Some(Some(assignee))) =
            (self.agent_scope(&tenant).await?, &edit.assignee)
            && *assignee != user
        {
            return Err(RpcError::denied(
                "agents can only take a lead themselves; ask a supervisor to assign it to someone else",
            ));
        }
        let detail = serde_json::to_string(&edit).unwrap_or_default();
        let scope = tenant.clone();
        self.lead_change("leads_edit", tenant, id, detail, move |txn| {
            crate::crm::edit(txn, &scope, id, &edit)
        })
        .await
    }

    pub(super) async fn lead_move(
        &self,
        tenant: TenantId,
        id: u64,
        stage: String,
    ) -> Result<Lead, RpcError> {
        let scope = tenant.clone();
        self.lead_change("leads_move", tenant, id, stage.clone(), move |txn| {
            crate::crm::move_to(txn, &scope, id, &stage)
        })
        .await
    }

    pub(super) async fn lead_note(
        &self,
        tenant: TenantId,
        id: u64,
        text: String,
    ) -> Result<Lead, RpcError> {
        let (scope, author) = (tenant.clone(), self.peer.user.clone());
        let detail: String = text.chars().take(200).collect();
        self.lead_change("leads_note", tenant, id, detail, move |txn| {
            crate::crm::note(txn, &scope, id, &author, &text)
        })
        .await
    }

    pub(super) async fn lead_funnel(&self, tenant: TenantId) -> Result<Vec<FunnelStage>, RpcError> {
        self.check("leads_funnel", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        let (funnels, leads) = self
            .shared
            .store
            .read(move |txn| {
                Ok::<_, AreaError>((txn.funnels(&tenant)?, txn.leads(&tenant, usize::MAX)?))
            })
            .await?;
        Ok(crate::crm::stages(&funnels, &leads, jiff::Timestamp::now()))
    }

    pub(super) async fn funnel_list(&self, tenant: TenantId) -> Result<Vec<Funnel>, RpcError> {
        self.checked_read(
            "funnels_list",
            tenant,
            Need::Role(Role::Agent),
            ReadTxn::funnels,
        )
        .await
    }

    pub(super) async fn funnel_put(
        &self,
        tenant: TenantId,
        funnel: Funnel,
    ) -> Result<Vec<Funnel>, RpcError> {
        self.check("funnels_put", Some(&tenant), Need::Role(Role::Supervisor))
            .await?;
        let scope = tenant.clone();
        let detail = format!("{} ({})", funnel.name, funnel.stages.join(" → "));
        self.audited(
            "funnels_put",
            &tenant,
            funnel.name.clone(),
            detail,
            move |txn| crate::crm::put_funnel(txn, &scope, &funnel),
        )
        .await
    }

    pub(super) async fn funnel_remove(
        &self,
        tenant: TenantId,
        name: String,
    ) -> Result<Vec<Funnel>, RpcError> {
        self.check(
            "funnels_remove",
            Some(&tenant),
            Need::Role(Role::Supervisor),
        )
        .await?;
        let scope = tenant.clone();
        self.audited(
            "funnels_remove",
            &tenant,
            name.clone(),
            String::new(),
            move |txn| crate::crm::remove_funnel(txn, &scope, &name),
        )
        .await
    }
}

impl Connection {
    /// Refuses a reminder to an agent who is not its assignee.
    async fn require_reminder_owner(&self, tenant: &TenantId, id: u64) -> Result<(), RpcError> {
        let Some(user) = self.agent_scope(tenant).await? else {
            return Ok(());
        };
        let scope = tenant.clone();
        let reminder = self
            .shared
            .store
            .read(move |txn| {
                Ok::<_, AreaError>(txn.reminders(&scope)?.into_iter().find(|r| r.id == id))
            })
            .await?
            .ok_or_else(|| RpcError::not_found(format!("reminder {id}")))?;
        if reminder.assignee == user {
            Ok(())
        } else {
            Err(RpcError::denied(format!(
                "reminder {id} is {}'s; agents act on their own reminders",
                reminder.assignee
            )))
        }
    }

    /// The tenant's reminders the caller sees: an agent their own, others everyone's.
    pub(super) async fn reminder_list(
        &self,
        tenant: TenantId,
        include_done: bool,
    ) -> Result<Vec<Reminder>, RpcError> {
        self.check("reminders_list", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        let scope = self.agent_scope(&tenant).await?;
        let mut reminders = self
            .shared
            .store
            .read(move |txn| txn.reminders(&tenant))
            .await?;
        reminders.retain(|reminder| {
            (include_done || !reminder.done)
                && scope.as_ref().is_none_or(|user| reminder.assignee == *user)
        });
        Ok(reminders)
    }

    /// Reminders due now or before, not done, that the caller sees (for the dashboard).
    pub(super) async fn reminders_due(&self, tenant: &TenantId) -> Result<Vec<Reminder>, RpcError> {
        let now = jiff::Timestamp::now();
        let mut due = self.reminder_list(tenant.clone(), false).await?;
        due.retain(|reminder| reminder.due_at <= now);
        Ok(due)
    }

    pub(super) async fn reminder_add(
        &self,
        tenant: TenantId,
        lead: u64,
        due: String,
        text: String,
        assignee: Option<String>,
    ) -> Result<Reminder, RpcError> {
        self.check("reminders_add", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        let agent = self.require_lead_visible(&tenant, lead).await?;
        let due_at = crate::crm::parse_due(&due).map_err(RpcError::invalid)?;
        let assignee = assignee.unwrap_or_else(|| self.peer.user.clone());
        if let Some(user) = agent
            && assignee != user
        {
            return Err(RpcError::denied("agents set reminders for themselves"));
        }
        if text.trim().is_empty() {
            return Err(RpcError::invalid(
                "say what to do: the reminder text is empty",
            ));
        }
        let reminder = Reminder {
            id: 0,
            lead,
            due_at,
            assignee,
            text: text.trim().to_owned(),
            done: false,
            created_by: self.peer.user.clone(),
        };
        let scope = tenant.clone();
        self.audited(
            "reminders_add",
            &tenant,
            format!("lead {lead}"),
            format!("{due_at}: {}", reminder.text),
            move |txn| txn.insert_reminder(&scope, &reminder),
        )
        .await
    }

    pub(super) async fn reminder_change(
        &self,
        tenant: TenantId,
        id: u64,
        snooze_minutes: Option<u32>,
    ) -> Result<Reminder, RpcError> {
        let action = if snooze_minutes.is_some() {
            "reminders_snooze"
        } else {
            "reminders_done"
        };
        self.check(action, Some(&tenant), Need::Role(Role::Agent))
            .await?;
        self.require_reminder_owner(&tenant, id).await?;
        let scope = tenant.clone();
        self.audited(
            action,
            &tenant,
            format!("reminder {id}"),
            snooze_minutes
                .map(|minutes| format!("{minutes} min"))
                .unwrap_or_default(),
            move |txn| {
                let mut reminder = txn.reminder(&scope, id)?;
                match snooze_minutes {
                    Some(minutes) => {
                        reminder.due_at =
                            txn.now() + jiff::SignedDuration::from_mins(i64::from(minutes));
                    }
                    None => reminder.done = true,
                }
                txn.put_reminder(&scope, &reminder)?;
                Ok(reminder)
            },
        )
        .await
    }
}
