//! Leads: one record per opportunity, keyed (tenant, id).

use centralita_protocol::{ChangeOp, Funnel, Lead, TenantId};
use redb::ReadableTable;

use super::codec::{decode, encode};
use super::tables::{CONTACTS, FUNNELS, LEADS};
use super::{ReadTxn, StoreError, WriteTxn};

impl WriteTxn<'_> {
    /// Stores a new lead (its `id` is assigned here) and returns the id.
    pub fn insert_lead(&mut self, tenant: &TenantId, lead: &Lead) -> Result<u64, StoreError> {
        self.require_tenant(tenant)?;
        let id = self.next_id("lead")?;
        let mut lead = lead.clone();
        lead.id = id;
        lead.contact_name = None;
        self.tables
            .leads(self.txn)?
            .insert((tenant.as_str(), id), encode(&lead)?.as_slice())?;
        self.record_change(tenant, "lead", &id.to_string(), ChangeOp::Created)?;
        Ok(id)
    }

    /// A lead, for a read-modify-write in this transaction.
    pub fn lead(&mut self, tenant: &TenantId, id: u64) -> Result<Lead, StoreError> {
        let table = self.tables.leads(self.txn)?;
        let bytes = table
            .get((tenant.as_str(), id))?
            .ok_or_else(|| StoreError::not_found(format!("lead {id} in tenant {tenant}")))?;
        decode(bytes.value())
    }

    /// Points every lead of contact `from` at `into` (a merge).
    pub fn move_leads(
        &mut self,
        tenant: &TenantId,
        from: u64,
        into: u64,
    ) -> Result<(), StoreError> {
        let mut moved = Vec::new();
        for entry in self
            .tables
            .leads(self.txn)?
            .range((tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX))?
        {
            let lead: Lead = decode(entry?.1.value())?;
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
    pub fn funnels(&mut self, tenant: &TenantId) -> Result<Vec<Funnel>, StoreError> {
        match self.tables.funnels(self.txn)?.get(tenant.as_str())? {
            Some(bytes) => decode(bytes.value()),
            None => Ok(crate::crm::default_funnels()),
        }
    }

    /// Replaces the tenant's funnels (checked by `crm::put_funnel`).
    pub fn put_funnels(&mut self, tenant: &TenantId, funnels: &[Funnel]) -> Result<(), StoreError> {
        self.require_tenant(tenant)?;
        self.tables
            .funnels(self.txn)?
            .insert(tenant.as_str(), encode(&funnels)?.as_slice())?;
        self.record_change(tenant, "funnels", tenant.as_str(), ChangeOp::Updated)?;
        Ok(())
    }

    /// How many of the tenant's leads are in `funnel` (and `stage`, when given).
    pub fn leads_in(
        &mut self,
        tenant: &TenantId,
        funnel: &str,
        stage: Option<&str>,
    ) -> Result<u64, StoreError> {
        let mut count = 0;
        for entry in self
            .tables
            .leads(self.txn)?
            .range((tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX))?
        {
            let lead: Lead = decode(entry?.1.value())?;
            if lead.funnel == funnel && stage.is_none_or(|stage| lead.stage == stage) {
                count += 1;
            }
        }
        Ok(count)
    }

    /// Replaces a lead.
    pub fn put_lead(&mut self, tenant: &TenantId, lead: &Lead) -> Result<(), StoreError> {
        let mut lead = lead.clone();
        lead.contact_name = None;
        self.tables
            .leads(self.txn)?
            .insert((tenant.as_str(), lead.id), encode(&lead)?.as_slice())?;
        self.record_change(tenant, "lead", &lead.id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }
}

impl ReadTxn {
    /// The tenant's funnels in order; the defaults until a supervisor changed them.
    pub fn funnels(&self, tenant: &TenantId) -> Result<Vec<Funnel>, StoreError> {
        let table = self.txn.open_table(FUNNELS)?;
        match table.get(tenant.as_str())? {
            Some(bytes) => decode(bytes.value()),
            None => Ok(crate::crm::default_funnels()),
        }
    }

    /// The tenant's leads, newest first, with their contact's name.
    pub fn leads(&self, tenant: &TenantId, limit: usize) -> Result<Vec<Lead>, StoreError> {
        self.visible_leads(tenant, limit, None)
    }

    /// Up to `limit` leads, newest first; with `visible_to`, only that agent's own and the
    /// unassigned ones.
    pub fn visible_leads(
        &self,
        tenant: &TenantId,
        limit: usize,
        visible_to: Option<&str>,
    ) -> Result<Vec<Lead>, StoreError> {
        let table = self.txn.open_table(LEADS)?;
        let mut leads = Vec::new();
        for entry in table
            .range((tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX))?
            .rev()
        {
            if leads.len() == limit {
                break;
            }
            let lead: Lead = decode(entry?.1.value())?;
            if !super::hidden_from(visible_to, lead.assignee.as_deref()) {
                leads.push(self.with_contact_name(tenant, lead)?);
            }
        }
        Ok(leads)
    }

    /// One lead with its contact's name.
    pub fn lead(&self, tenant: &TenantId, id: u64) -> Result<Lead, StoreError> {
        let table = self.txn.open_table(LEADS)?;
        let bytes = table
            .get((tenant.as_str(), id))?
            .ok_or_else(|| StoreError::not_found(format!("lead {id} in tenant {tenant}")))?;
        self.with_contact_name(tenant, decode(bytes.value())?)
    }

    fn with_contact_name(&self, tenant: &TenantId, mut lead: Lead) -> Result<Lead, StoreError> {
        #[derive(serde::Deserialize)]
        struct Named {
            name: Option<String>,
        }
        let contacts = self.txn.open_table(CONTACTS)?;
        if let Some(bytes) = contacts.get((tenant.as_str(), lead.contact))? {
            lead.contact_name = decode::<Named>(bytes.value())?.name;
        }
        Ok(lead)
    }
}
