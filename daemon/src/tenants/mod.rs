//! Tenants and operators (Unix user → role per tenant).

use centralita_protocol::said as key;
use centralita_protocol::{ChangeOp, Operator, Record, Role, Tenant, TenantId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::actor::{Actor, Caller};
use crate::audit;
use crate::error::{AreaError, said};
use crate::store::{Declared, ReadTxn, Records, Store, StoreError, WriteTxn};

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
    /// Records from before zones read as the default zone.
    #[serde(default = "centralita_protocol::default_zone")]
    zone: String,
    /// Records from before currencies read as the default currency.
    #[serde(default = "centralita_protocol::default_currency")]
    currency: String,
}

impl TenantRecord {
    fn tenant(self, id: TenantId) -> Tenant {
        Tenant {
            id,
            name: self.name,
            created_at: self.created_at,
            zone: self.zone,
            currency: self.currency,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct OperatorRecord {
    role: Role,
    added_at: Timestamp,
    added_by: String,
    /// What `{{agent}}` says; records from before it have none.
    #[serde(default)]
    display_name: Option<String>,
}

impl OperatorRecord {
    fn operator(self, user: &str, tenant: &TenantId) -> Operator {
        Operator {
            user: user.to_owned(),
            tenant: tenant.clone(),
            role: self.role,
            added_at: self.added_at,
            added_by: self.added_by,
            display_name: self.display_name,
        }
    }
}

/// Longest display name, in characters.
const DISPLAY_NAME_CHARS: usize = 60;

/// The tenants the caller has a role in (every tenant for a superuser).
pub async fn list(store: &Store, caller: &Caller) -> Result<Vec<Tenant>, AreaError> {
    let (user, superuser) = (caller.user.clone(), caller.superuser);
    store
        .read(move |txn| {
            let roles = txn.roles_of(&user)?;
            let mut tenants = txn.tenants()?;
            tenants.retain(|tenant| superuser || roles.iter().any(|(id, _)| *id == tenant.id));
            Ok(tenants)
        })
        .await
}

/// Creates a tenant (a name of 1 to 100 characters); an existing id is a conflict.
pub async fn add(
    store: &Store,
    caller: &Caller,
    id: TenantId,
    name: String,
) -> Result<Tenant, AreaError> {
    let name = name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(said!(
            key::TENANT_NAME_LENGTH,
            "a tenant's name is 1 to 100 characters"
        )
        .invalid());
    }
    let entry = caller.audit(Some(&id), format!("tenant {id}"), name.clone());
    audit::audited(store, entry, move |txn| txn.add_tenant(&id, &name)).await
}

/// Sets the actor's tenant's time zone, an IANA name jiff knows.
pub async fn set_zone(store: &Store, actor: &Actor, zone: String) -> Result<Tenant, AreaError> {
    let zone = zone.trim().to_owned();
    parse_zone(&zone)?;
    let tenant = actor.tenant.clone();
    let entry = actor.audit(format!("tenant {tenant}"), zone.clone());
    audit::audited(store, entry, move |txn| {
        txn.edit_tenant(&tenant, |record| record.zone.clone_from(&zone))
    })
    .await
}

/// Sets the actor's tenant's currency, a three-letter ISO 4217 code (any case).
pub async fn set_currency(
    store: &Store,
    actor: &Actor,
    currency: String,
) -> Result<Tenant, AreaError> {
    let currency = parse_currency(&currency)?;
    let tenant = actor.tenant.clone();
    let entry = actor.audit(
        format!("tenant {tenant}"),
        said!(key::TENANT_CURRENCY, "currency {0}", currency),
    );
    audit::audited(store, entry, move |txn| {
        txn.edit_tenant(&tenant, |record| record.currency.clone_from(&currency))
    })
    .await
}

/// `currency` as an upper-case ISO 4217 code (three letters; which codes exist is not
/// checked, as new ones appear), or the error an operator reads.
pub fn parse_currency(currency: &str) -> Result<String, AreaError> {
    centralita_protocol::currency_code(currency).ok_or_else(|| {
        said!(
            key::NOT_A_CURRENCY,
            "{0} is not a three-letter ISO 4217 currency code (PEN, COP, MXN, USD)",
            format!("{:?}", currency.trim())
        )
        .invalid()
    })
}

/// `zone` as a time zone, or the error an operator reads.
pub fn parse_zone(zone: &str) -> Result<jiff::tz::TimeZone, AreaError> {
    jiff::tz::TimeZone::get(zone).map_err(|_| {
        said!(
            key::NOT_A_ZONE,
            "{0} is not a time zone (e.g. America/Lima, America/Bogota)",
            format!("{zone:?}")
        )
        .invalid()
    })
}

/// The time zone local times of `tenant` are read in (the default one if its name went stale).
pub async fn zone_of(store: &Store, tenant: &TenantId) -> Result<jiff::tz::TimeZone, AreaError> {
    let tenant = tenant.clone();
    let name = store.read(move |txn| txn.tenant_zone(&tenant)).await?;
    parse_zone(&name).or_else(|_| parse_zone(centralita_protocol::DEFAULT_ZONE))
}

/// Operators with a role in the actor's tenant.
pub async fn operators(store: &Store, actor: &Actor) -> Result<Vec<Operator>, AreaError> {
    let tenant = actor.tenant.clone();
    store.read(move |txn| txn.operators(&tenant)).await
}

/// Gives Unix user `user` `role` in the actor's tenant (replacing an earlier role there).
pub async fn add_operator(
    store: &Store,
    actor: &Actor,
    user: String,
    role: Role,
) -> Result<Operator, AreaError> {
    validate_user_name(&user)?;
    let (tenant, added_by) = (actor.tenant.clone(), actor.user().to_owned());
    let entry = actor.audit(format!("operator {user}"), role.to_string());
    audit::audited(store, entry, move |txn| {
        txn.put_operator(&tenant, &user, role, &added_by)
    })
    .await
}

/// Sets the name `user` goes by in the actor's tenant (`None` or blank: the Unix user).
pub async fn rename_operator(
    store: &Store,
    actor: &Actor,
    user: String,
    name: Option<String>,
) -> Result<Operator, AreaError> {
    let name = name
        .map(|name| name.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|name| !name.is_empty());
    if let Some(name) = &name
        && (name.chars().count() > DISPLAY_NAME_CHARS || name.chars().any(char::is_control))
    {
        return Err(said!(
            key::NOT_A_DISPLAY_NAME,
            "{0} is not a display name: at most {1} characters, one line",
            format!("{name:?}"),
            DISPLAY_NAME_CHARS
        )
        .invalid());
    }
    let tenant = actor.tenant.clone();
    let entry = actor.audit(format!("operator {user}"), name.clone().unwrap_or_default());
    audit::audited(store, entry, move |txn| {
        txn.rename_operator(&tenant, &user, name.as_deref())
    })
    .await
}

/// Takes `user`'s role in the actor's tenant away.
pub async fn remove_operator(store: &Store, actor: &Actor, user: String) -> Result<(), AreaError> {
    let tenant = actor.tenant.clone();
    let entry = actor.audit(format!("operator {user}"), String::new());
    audit::audited(store, entry, move |txn| txn.remove_operator(&tenant, &user)).await
}

fn validate_user_name(user: &str) -> Result<(), AreaError> {
    let valid = !user.is_empty()
        && user.len() <= 32
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if valid {
        Ok(())
    } else {
        Err(said!(
            key::NOT_A_UNIX_USER,
            "{0} is not a Unix user name",
            format!("{user:?}")
        )
        .invalid())
    }
}

impl WriteTxn<'_> {
    /// Creates a tenant; an existing id is a conflict.
    pub fn add_tenant(&mut self, id: &TenantId, name: &str) -> Result<Tenant, AreaError> {
        let now = self.now();
        let mut table = self.open(&TENANTS)?;
        if table.get(id.as_str())?.is_some() {
            return Err(said!(key::TENANT_EXISTS, "tenant {0} already exists", id).conflict());
        }
        let record = TenantRecord {
            name: name.to_owned(),
            created_at: now,
            zone: centralita_protocol::default_zone(),
            currency: centralita_protocol::default_currency(),
        };
        table.insert(id.as_str(), &record)?;
        self.record_change(id, "tenant", id.as_str(), ChangeOp::Created)?;
        Ok(record.tenant(id.clone()))
    }

    /// Changes `tenant`'s settings with `edit` (values already checked).
    fn edit_tenant(
        &mut self,
        tenant: &TenantId,
        edit: impl FnOnce(&mut TenantRecord),
    ) -> Result<Tenant, AreaError> {
        let mut table = self.open(&TENANTS)?;
        let Some(mut record) = table.get(tenant.as_str())? else {
            return Err(AreaError::missing_tenant(tenant));
        };
        edit(&mut record);
        table.insert(tenant.as_str(), &record)?;
        self.record_change(tenant, "tenant", tenant.as_str(), ChangeOp::Updated)?;
        Ok(record.tenant(tenant.clone()))
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
        let display_name = self
            .open(&OPERATORS)?
            .get((user, tenant.as_str()))?
            .and_then(|earlier| earlier.display_name);
        let record = OperatorRecord {
            role,
            added_at: self.now(),
            added_by: added_by.to_owned(),
            display_name,
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
        Ok(record.operator(user, tenant))
    }

    /// Sets the name `user` goes by in `tenant`; refused when `user` has no role there.
    pub fn rename_operator(
        &mut self,
        tenant: &TenantId,
        user: &str,
        name: Option<&str>,
    ) -> Result<Operator, AreaError> {
        let mut record = self
            .open(&OPERATORS)?
            .get((user, tenant.as_str()))?
            .ok_or_else(|| AreaError::missing(Record::Operator, user, tenant))?;
        record.display_name = name.map(str::to_owned);
        self.open(&OPERATORS)?
            .insert((user, tenant.as_str()), &record)?;
        self.record_change(tenant, "operator", user, ChangeOp::Updated)?;
        Ok(record.operator(user, tenant))
    }

    /// What `{{agent}}` says for `user` in `tenant`: their display name, else the user name.
    pub fn agent_name(&mut self, tenant: &TenantId, user: &str) -> Result<String, AreaError> {
        Ok(self
            .open(&OPERATORS)?
            .get((user, tenant.as_str()))?
            .and_then(|record| record.display_name)
            .unwrap_or_else(|| user.to_owned()))
    }

    /// Takes `user`'s role in `tenant` away.
    pub fn remove_operator(&mut self, tenant: &TenantId, user: &str) -> Result<(), AreaError> {
        let removed = self.open(&OPERATORS)?.remove((user, tenant.as_str()))?;
        if !removed {
            return Err(AreaError::missing(Record::Operator, user, tenant));
        }
        self.record_change(tenant, "operator", user, ChangeOp::Deleted)?;
        Ok(())
    }

    /// Whether `user` has a role in `tenant`.
    pub fn is_operator(&mut self, tenant: &TenantId, user: &str) -> Result<bool, AreaError> {
        Ok(self.open(&OPERATORS)?.contains((user, tenant.as_str()))?)
    }

    /// Fails with "not found" unless the tenant exists.
    pub fn require_tenant(&mut self, tenant: &TenantId) -> Result<(), AreaError> {
        if self.open(&TENANTS)?.get(tenant.as_str())?.is_none() {
            return Err(AreaError::missing_tenant(tenant));
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
            let id = TenantId::new(key.value())
                .map_err(|error| StoreError::Corrupt(error.to_string()))?;
            tenants.push(record.tenant(id));
        }
        Ok(tenants)
    }

    /// `tenant`'s time zone name.
    pub fn tenant_zone(&self, tenant: &TenantId) -> Result<String, AreaError> {
        match self.open(&TENANTS)?.get(tenant.as_str())? {
            Some(record) => Ok(record.zone),
            None => Err(AreaError::missing_tenant(tenant)),
        }
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

    /// What `{{agent}}` says for `user` in `tenant`: their display name, else the user name.
    pub fn agent_name(&self, tenant: &TenantId, user: &str) -> Result<String, AreaError> {
        Ok(self
            .open(&OPERATORS)?
            .get((user, tenant.as_str()))?
            .and_then(|record| record.display_name)
            .unwrap_or_else(|| user.to_owned()))
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
            operators.push(record.operator(user, tenant));
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
