//! Tenants, operators (Unix user → role per tenant) and the audit log.

use centralita_protocol::{
    AuditEntry, AuditOutcome, AuditPage, ChangeOp, Operator, PageRequest, Role, Tenant, TenantId,
};
use jiff::Timestamp;
use redb::ReadableTable;
use serde::{Deserialize, Serialize};

use super::codec::{decode, encode};
use super::tables::{AUDIT, OPERATORS, TENANTS};
use super::{ReadTxn, StoreError, WriteTxn};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct TenantRecord {
    name: String,
    created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct OperatorRecord {
    role: Role,
    added_at: Timestamp,
    added_by: String,
}

/// One audit entry as the RPC layer hands it to the store.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub operator: String,
    pub tenant: Option<TenantId>,
    pub action: String,
    pub target: String,
    pub outcome: AuditOutcome,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredAudit {
    at: Timestamp,
    operator: String,
    action: String,
    target: String,
    outcome: AuditOutcome,
    detail: String,
}

impl WriteTxn<'_> {
    /// Creates a tenant; an existing id is a conflict.
    pub fn add_tenant(&mut self, id: &TenantId, name: &str) -> Result<Tenant, StoreError> {
        let table = self.tables.tenants(self.txn)?;
        if table.get(id.as_str())?.is_some() {
            return Err(StoreError::conflict(format!("tenant {id} already exists")));
        }
        let record = TenantRecord {
            name: name.to_owned(),
            created_at: self.now,
        };
        table.insert(id.as_str(), encode(&record)?.as_slice())?;
        self.record_change(id, "tenant", id.as_str(), ChangeOp::Created)?;
        Ok(Tenant {
            id: id.clone(),
            name: record.name,
            created_at: record.created_at,
        })
    }

    /// Gives `user` `role` in `tenant`, replacing an earlier role there.
    pub fn put_operator(
        &mut self,
        tenant: &TenantId,
        user: &str,
        role: Role,
        added_by: &str,
    ) -> Result<Operator, StoreError> {
        self.require_tenant(tenant)?;
        let record = OperatorRecord {
            role,
            added_at: self.now,
            added_by: added_by.to_owned(),
        };
        let existed = self
            .tables
            .operators(self.txn)?
            .insert((user, tenant.as_str()), encode(&record)?.as_slice())?
            .is_some();
        let op = if existed {
            ChangeOp::Updated
        } else {
            ChangeOp::Created
        };
        self.record_change(tenant, "operator", user, op)?;
        Ok(Operator {
            user: user.to_owned(),
            tenant: tenant.clone(),
            role,
            added_at: record.added_at,
            added_by: record.added_by,
        })
    }

    /// Takes `user`'s role in `tenant` away.
    pub fn remove_operator(&mut self, tenant: &TenantId, user: &str) -> Result<(), StoreError> {
        let removed = self
            .tables
            .operators(self.txn)?
            .remove((user, tenant.as_str()))?
            .is_some();
        if !removed {
            return Err(StoreError::not_found(format!(
                "operator {user} in tenant {tenant}"
            )));
        }
        self.record_change(tenant, "operator", user, ChangeOp::Deleted)?;
        Ok(())
    }

    /// Appends an audit entry (and a change row when it belongs to a tenant).
    pub fn audit(&mut self, entry: &AuditRecord) -> Result<u64, StoreError> {
        let seq = self.next_id("audit")?;
        let stored = StoredAudit {
            at: self.now,
            operator: entry.operator.clone(),
            action: entry.action.clone(),
            target: entry.target.clone(),
            outcome: entry.outcome,
            detail: entry.detail.clone(),
        };
        let tenant = entry.tenant.as_ref().map_or("", TenantId::as_str);
        self.tables
            .audit(self.txn)?
            .insert((tenant, seq), encode(&stored)?.as_slice())?;
        if let Some(tenant) = &entry.tenant {
            self.record_change(tenant, "audit", &seq.to_string(), ChangeOp::Created)?;
        }
        Ok(seq)
    }

    /// Fails with "not found" unless the tenant exists.
    pub fn require_tenant(&mut self, tenant: &TenantId) -> Result<(), StoreError> {
        if self
            .tables
            .tenants(self.txn)?
            .get(tenant.as_str())?
            .is_none()
        {
            return Err(StoreError::not_found(format!("tenant {tenant}")));
        }
        Ok(())
    }
}

impl ReadTxn {
    pub fn tenants(&self) -> Result<Vec<Tenant>, StoreError> {
        let table = self.txn.open_table(TENANTS)?;
        let mut tenants = Vec::new();
        for entry in table.iter()? {
            let (key, value) = entry?;
            let record: TenantRecord = decode(value.value())?;
            tenants.push(Tenant {
                id: TenantId::new(key.value())
                    .map_err(|error| StoreError::Codec(error.to_string()))?,
                name: record.name,
                created_at: record.created_at,
            });
        }
        Ok(tenants)
    }

    pub fn tenant_exists(&self, tenant: &TenantId) -> Result<bool, StoreError> {
        Ok(self
            .txn
            .open_table(TENANTS)?
            .get(tenant.as_str())?
            .is_some())
    }

    /// Every role `user` has, by tenant.
    pub fn roles_of(&self, user: &str) -> Result<Vec<(TenantId, Role)>, StoreError> {
        let table = self.txn.open_table(OPERATORS)?;
        let mut roles = Vec::new();
        for entry in table.range((user, "")..)? {
            let (key, value) = entry?;
            let (row_user, tenant) = key.value();
            if row_user != user {
                break;
            }
            let record: OperatorRecord = decode(value.value())?;
            roles.push((
                TenantId::new(tenant).map_err(|error| StoreError::Codec(error.to_string()))?,
                record.role,
            ));
        }
        Ok(roles)
    }

    /// Operators with a role in `tenant`.
    pub fn operators(&self, tenant: &TenantId) -> Result<Vec<Operator>, StoreError> {
        let table = self.txn.open_table(OPERATORS)?;
        let mut operators = Vec::new();
        for entry in table.iter()? {
            let (key, value) = entry?;
            let (user, row_tenant) = key.value();
            if row_tenant != tenant.as_str() {
                continue;
            }
            let record: OperatorRecord = decode(value.value())?;
            operators.push(Operator {
                user: user.to_owned(),
                tenant: tenant.clone(),
                role: record.role,
                added_at: record.added_at,
                added_by: record.added_by,
            });
        }
        Ok(operators)
    }

    /// A page of the tenant's audit log, newest first.
    pub fn audit_page(
        &self,
        tenant: &TenantId,
        page: PageRequest,
    ) -> Result<AuditPage, StoreError> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT) as usize;
        let before = page.before.unwrap_or(u64::MAX);
        let table = self.txn.open_table(AUDIT)?;
        let mut entries = Vec::new();
        for entry in table
            .range((tenant.as_str(), 0)..(tenant.as_str(), before))?
            .rev()
            .take(limit + 1)
        {
            let (key, value) = entry?;
            let stored: StoredAudit = decode(value.value())?;
            entries.push(AuditEntry {
                seq: key.value().1,
                at: stored.at,
                operator: stored.operator,
                tenant: Some(tenant.clone()),
                action: stored.action,
                target: stored.target,
                outcome: stored.outcome,
                detail: stored.detail,
            });
        }
        let next = if entries.len() > limit {
            entries.truncate(limit);
            entries.last().map(|entry| entry.seq)
        } else {
            None
        };
        Ok(AuditPage { entries, next })
    }
}

impl WriteTxn<'_> {
    /// Every tenant id.
    pub fn tenant_ids(&mut self) -> Result<Vec<TenantId>, StoreError> {
        let table = self.tables.tenants(self.txn)?;
        let mut ids = Vec::new();
        for entry in table.iter()? {
            let (key, _) = entry?;
            ids.push(
                TenantId::new(key.value()).map_err(|error| StoreError::Codec(error.to_string()))?,
            );
        }
        Ok(ids)
    }
}
