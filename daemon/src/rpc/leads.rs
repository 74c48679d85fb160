//! The CRM calls. Agents see and change their own leads and the unassigned ones.

use centralita_protocol::{FunnelStage, Lead, LeadEdit, LeadType, Role, RpcError, TenantId};

use super::auth::Need;
use super::service::Connection;
use crate::store::{StoreError, WriteTxn};

/// Most leads one list returns.
const MAX_LEADS: u32 = 5_000;

impl Connection {
    /// Refuses an agent a lead assigned to someone else.
    async fn require_lead_visible(&self, tenant: &TenantId, id: u64) -> Result<(), RpcError> {
        let Some(user) = self.agent_scope(tenant).await? else {
            return Ok(());
        };
        let scope = tenant.clone();
        let lead = self
            .shared
            .store
            .read(move |txn| txn.lead(&scope, id))
            .await?;
        match lead.assignee {
            Some(other) if other != user => Err(RpcError::denied(format!(
                "lead {id} is assigned to {other}; agents see their own and unassigned leads"
            ))),
            _ => Ok(()),
        }
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
        let mut leads = self
            .shared
            .store
            .read(move |txn| txn.leads(&tenant, limit))
            .await?;
        if let Some(user) = scope {
            leads.retain(|lead| {
                lead.assignee
                    .as_ref()
                    .is_none_or(|assignee| *assignee == user)
            });
        }
        Ok(leads)
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
                    let mut lead = crate::crm::new_lead(contact, None, "", txn.now());
                    lead.lead_type = lead_type;
                    if lead_type == LeadType::Support {
                        let support = &crate::crm::FUNNELS[0];
                        support.name.clone_into(&mut lead.funnel);
                        support.stages[0].clone_into(&mut lead.stage);
                    }
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
        F: FnMut(&mut WriteTxn<'_>) -> Result<Lead, StoreError> + Send + 'static,
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
        let leads = self
            .shared
            .store
            .read(move |txn| txn.leads(&tenant, usize::MAX))
            .await?;
        Ok(crate::crm::stages(&leads, jiff::Timestamp::now()))
    }
}
