//! Tenants and operators (Unix user → role per tenant).

use centralita_protocol::{ChangeOp, Operator, Role, Tenant, TenantId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::AreaError;
use crate::store::{Declared, ReadTxn, Records, StoreError, WriteTxn};

/// Tenant id → [`TenantRecord`].
const TENANTS: Records<&str, TenantRecord> = Records::new("tenants");
/// (unix user, tenant) → [`OperatorRecord`].
const OPERATORS: Records<(&str, &str), OperatorRecord> = Records::new("operators");

/// The tenants' tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[&TENANTS, &OPERATORS];

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

impl WriteTxn<'_> {
    /// Creates a tenant; an existing id is a conflict.
    pub fn add_tenant(&mut self, id: &TenantId, name: &str) -> Result<Tenant, AreaError> {
        let now = self.now();
        let mut table = self.open(&TENANTS)?;
        if table.get(id.as_str())?.is_some() {
            return Err(AreaError::conflict(format!("tenant {id} already exists")));
        }
        let record = TenantRecord {
            name: name.to_owned(),
            created_at: now,
        };
        table.insert(id.as_str(), &record)?;
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
    ) -> Result<Operator, AreaError> {
        self.require_tenant(tenant)?;
        let record = OperatorRecord {
            role,
            added_at: self.now(),
            added_by: added_by.to_owned(),
        };
        let existed = self
            .open(&OPERATORS)?
            .insert((user, tenant.as_str()), &record)?;
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
    pub fn remove_operator(&mut self, tenant: &TenantId, user: &str) -> Result<(), AreaError> {
        let removed = self.open(&OPERATORS)?.remove((user, tenant.as_str()))?;
        if !removed {
            return Err(AreaError::not_found(format!(
                "operator {user} in tenant {tenant}"
            )));
        }
        self.record_change(tenant, "operator", user, ChangeOp::Deleted)?;
        Ok(())
    }

    /// Fails with "not found" unless the tenant exists.
    pub fn require_tenant(&mut self, tenant: &TenantId) -> Result<(), AreaError> {
        if self.open(&TENANTS)?.get(tenant.as_str())?.is_none() {
            return Err(AreaError::not_found(format!("tenant {tenant}")));
        }
        Ok(())
    }
}

impl ReadTxn {
    pub fn tenants(&self) -> Result<Vec<Tenant>, AreaError> {
        let table = self.open(&TENANTS)?;
        let mut tenants = Vec::new();
        for entry in table.all()? {
            let (key, record) = entry?;
            tenants.push(Tenant {
                id: TenantId::new(key.value())
                    .map_err(|error| StoreError::Corrupt(error.to_string()))?,
                name: record.name,
                created_at: record.created_at,
            });
        }
        Ok(tenants)
    }

    pub fn tenant_exists(&self, tenant: &TenantId) -> Result<bool, AreaError> {
        Ok(self.open(&TENANTS)?.get(tenant.as_str())?.is_some())
    }

    /// Every role `user` has, by tenant.
    pub fn roles_of(&self, user: &str) -> Result<Vec<(TenantId, Role)>, AreaError> {
        let table = self.open(&OPERATORS)?;
        let mut roles = Vec::new();
        for entry in table.range((user, "")..)? {
            let (key, record) = entry?;
            let (row_user, tenant) = key.value();
            if row_user != user {
                break;
            }
            roles.push((
                TenantId::new(tenant).map_err(|error| StoreError::Corrupt(error.to_string()))?,
                record.role,
            ));
        }
        Ok(roles)
    }

    /// Operators with a role in `tenant`.
    pub fn operators(&self, tenant: &TenantId) -> Result<Vec<Operator>, AreaError> {
        let table = self.open(&OPERATORS)?;
        let mut operators = Vec::new();
        for entry in table.all()? {
            let (key, record) = entry?;
            let (user, row_tenant) = key.value();
            if row_tenant != tenant.as_str() {
                continue;
            }
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
}

impl WriteTxn<'_> {
    /// Every tenant id.
    pub fn tenant_ids(&mut self) -> Result<Vec<TenantId>, AreaError> {
        let table = self.open(&TENANTS)?;
        let mut ids = Vec::new();
        for entry in table.all()? {
            let (key, _) = entry?;
            ids.push(
                TenantId::new(key.value())
                    .map_err(|error| StoreError::Corrupt(error.to_string()))?,
            );
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests;
