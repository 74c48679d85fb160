//! Leads: one record per opportunity, keyed (tenant, id).

use centralita_protocol::{ChangeOp, Funnel, Lead, TenantId};

use crate::error::AreaError;
use crate::store::{ReadTxn, Records, WriteTxn};

/// (tenant, lead id) → [`Lead`].
pub(super) const LEADS: Records<(&str, u64), Lead> = Records::new("leads");
/// Tenant → its funnels in order; absent until a supervisor changes the defaults.
pub(super) const FUNNELS: Records<&str, Vec<Funnel>> = Records::new("funnels");

impl WriteTxn<'_> {
    /// Stores a new lead (its `id` is assigned here) and returns the id.
    pub fn insert_lead(&mut self, tenant: &TenantId, lead: &Lead) -> Result<u64, AreaError> {
        self.require_tenant(tenant)?;
        let id = self.next_id("lead")?;
        let mut lead = lead.clone();
        lead.id = id;
        lead.contact_name = None;
        self.open(&LEADS)?.insert((tenant.as_str(), id), &lead)?;
        self.record_change(tenant, "lead", &id.to_string(), ChangeOp::Created)?;
        Ok(id)
    }

    /// A lead, for a read-modify-write in this transaction.
    pub fn lead(&mut self, tenant: &TenantId, id: u64) -> Result<Lead, AreaError> {
        self.open(&LEADS)?
            .get((tenant.as_str(), id))?
            .ok_or_else(|| AreaError::not_found(format!("lead {id} in tenant {tenant}")))
    }

    /// Points every lead of contact `from` at `into` (a merge).
    pub fn move_leads(&mut self, tenant: &TenantId, from: u64, into: u64) -> Result<(), AreaError> {
        let mut moved = Vec::new();
        for entry in self
            .open(&LEADS)?
            .range((tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX))?
        {
            let lead: Lead = entry?.1;
            if lead.contact == from {
                moved.push(lead);
            }
        }
        for mut lead in moved {
            lead.contact = into;
            self.put_lead(tenant, &lead)?;
        }
        Ok(())
    }

    /// The tenant's funnels in order; the defaults until a supervisor changed them.
    pub fn funnels(&mut self, tenant: &TenantId) -> Result<Vec<Funnel>, AreaError> {
        match self.open(&FUNNELS)?.get(tenant.as_str())? {
            Some(funnels) => Ok(funnels),
            None => Ok(crate::crm::default_funnels()),
        }
    }

    /// Replaces the tenant's funnels (checked by `crm::put_funnel`).
    pub fn put_funnels(&mut self, tenant: &TenantId, funnels: &[Funnel]) -> Result<(), AreaError> {
        self.require_tenant(tenant)?;
        self.open(&FUNNELS)?
            .insert(tenant.as_str(), &funnels.to_vec())?;
        self.record_change(tenant, "funnels", tenant.as_str(), ChangeOp::Updated)?;
        Ok(())
    }

    /// How many of the tenant's leads are in `funnel` (and `stage`, when given).
    pub fn leads_in(
        &mut self,
        tenant: &TenantId,
        funnel: &str,
        stage: Option<&str>,
    ) -> Result<u64, AreaError> {
        let mut count = 0;
        for entry in self
            .open(&LEADS)?
            .range((tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX))?
        {
            let lead: Lead = entry?.1;
            if lead.funnel == funnel && stage.is_none_or(|stage| lead.stage == stage) {
                count += 1;
            }
        }
        Ok(count)
    }

    /// Replaces a lead.
    pub fn put_lead(&mut self, tenant: &TenantId, lead: &Lead) -> Result<(), AreaError> {
        let mut lead = lead.clone();
        lead.contact_name = None;
        self.open(&LEADS)?
            .insert((tenant.as_str(), lead.id), &lead)?;
        self.record_change(tenant, "lead", &lead.id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }
}

impl ReadTxn {
    /// The tenant's funnels in order; the defaults until a supervisor changed them.
    pub fn funnels(&self, tenant: &TenantId) -> Result<Vec<Funnel>, AreaError> {
        let table = self.open(&FUNNELS)?;
        match table.get(tenant.as_str())? {
            Some(funnels) => Ok(funnels),
            None => Ok(crate::crm::default_funnels()),
        }
    }

    /// The tenant's leads, newest first, with their contact's name.
    pub fn leads(&self, tenant: &TenantId, limit: usize) -> Result<Vec<Lead>, AreaError> {
        self.visible_leads(tenant, limit, None)
    }

    /// Up to `limit` leads, newest first; with `visible_to`, only that agent's own and the
    /// unassigned ones.
    pub fn visible_leads(
        &self,
        tenant: &TenantId,
        limit: usize,
        visible_to: Option<&str>,
    ) -> Result<Vec<Lead>, AreaError> {
        let table = self.open(&LEADS)?;
        let mut leads = Vec::new();
        for entry in table
            .range((tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX))?
            .rev()
        {
            if leads.len() == limit {
                break;
            }
            let lead: Lead = entry?.1;
            if !crate::actor::hidden_from(visible_to, lead.assignee.as_deref()) {
                leads.push(self.with_contact_name(tenant, lead)?);
            }
        }
        Ok(leads)
    }

    /// One lead with its contact's name.
    pub fn lead(&self, tenant: &TenantId, id: u64) -> Result<Lead, AreaError> {
        let lead = self
            .open(&LEADS)?
            .get((tenant.as_str(), id))?
            .ok_or_else(|| AreaError::not_found(format!("lead {id} in tenant {tenant}")))?;
        self.with_contact_name(tenant, lead)
    }

    fn with_contact_name(&self, tenant: &TenantId, mut lead: Lead) -> Result<Lead, AreaError> {
        lead.contact_name = self.contact_name(tenant, lead.contact)?;
        Ok(lead)
    }
}
