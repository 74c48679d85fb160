//! The audit log: who did what to which record in which tenant, and whether it was allowed.
//! Every mutating call writes its entry in the same commit as the change; refusals and
//! failures are written on their own. Entries without a tenant use the tenant `""`.

use centralita_protocol::{AuditEntry, AuditOutcome, AuditPage, ChangeOp, PageRequest, TenantId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::{AreaError, said};
use crate::store::{Declared, ReadTxn, Records, Store, StoreError, WriteTxn};
use centralita_protocol::said as key;

/// (tenant, seq) → [`StoredAudit`].
const AUDIT: Records<(&str, u64), StoredAudit> = Records::new("audit");

/// The audit log's table, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[&AUDIT];

/// One audit entry to write.
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

/// Runs `change` and its audit entry `entry` in one commit. A refusal (not found, conflict,
/// invalid…) commits nothing of the change; it is audited as failed, on its own, and returned.
pub async fn audited<T, F>(store: &Store, entry: AuditRecord, mut change: F) -> Result<T, AreaError>
where
    T: Send + 'static,
    F: FnMut(&mut WriteTxn<'_>) -> Result<T, AreaError> + Send + 'static,
{
    let ok = entry.clone();
    let result: Result<T, AreaError> = store
        .write(move |txn| {
            let value = change(txn)?;
            txn.audit(&ok)?;
            Ok(value)
        })
        .await;
    if let Err(error) = &result {
        let failed = AuditRecord {
            outcome: AuditOutcome::Failed,
            detail: error.to_string(),
            ..entry
        };
        record(store, failed).await;
    }
    result
}

/// Writes an audit entry on its own (refusals and failures; a change is audited in its own
/// commit). Failing to audit is logged, not returned: the caller's answer does not change.
pub async fn record(store: &Store, entry: AuditRecord) {
    let action = entry.action.clone();
    if let Err(error) = store.write(move |txn| txn.audit(&entry)).await {
        tracing::error!(%error, action, "writing an audit entry failed");
    }
}

/// A page of the tenant's audit log, newest first.
pub async fn list(
    store: &Store,
    actor: &crate::actor::Actor,
    page: PageRequest,
) -> Result<AuditPage, AreaError> {
    let tenant = actor.tenant.clone();
    Ok(store
        .read(move |txn| txn.audit_page(Some(&tenant), page))
        .await?)
}

/// A page of the entries tied to no tenant, newest first: superusers only (the policy says so
/// too; this keeps other callers' refusals private whatever the table says).
pub async fn list_unscoped(
    store: &Store,
    caller: &crate::actor::Caller,
    page: PageRequest,
) -> Result<AuditPage, AreaError> {
    if !caller.superuser {
        return Err(said!(
            key::AUDIT_UNSCOPED,
            "the audit entries tied to no tenant are for root and the daemon's own user"
        )
        .denied());
    }
    Ok(store.read(move |txn| txn.audit_page(None, page)).await?)
}

impl WriteTxn<'_> {
    /// Appends an audit entry (and a change row when it belongs to a tenant).
    pub fn audit(&mut self, entry: &AuditRecord) -> Result<u64, StoreError> {
        let seq = self.next_id("audit")?;
        let stored = StoredAudit {
            at: self.now(),
            operator: entry.operator.clone(),
            action: entry.action.clone(),
            target: entry.target.clone(),
            outcome: entry.outcome,
            detail: entry.detail.clone(),
        };
        let tenant = entry.tenant.as_ref().map_or("", TenantId::as_str);
        self.open(&AUDIT)?.insert((tenant, seq), &stored)?;
        if let Some(tenant) = &entry.tenant {
            self.record_change(tenant, "audit", &seq.to_string(), ChangeOp::Created)?;
        }
        Ok(seq)
    }
}

impl ReadTxn {
    /// A page of the tenant's audit log (`None`: the entries tied to no tenant), newest first.
    pub fn audit_page(
        &self,
        tenant: Option<&TenantId>,
        page: PageRequest,
    ) -> Result<AuditPage, StoreError> {
        let key = tenant.map_or("", TenantId::as_str);
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT) as usize;
        let before = page.before.unwrap_or(u64::MAX);
        let table = self.open(&AUDIT)?;
        let mut entries = Vec::new();
        for entry in table.range((key, 0)..(key, before))?.rev().take(limit + 1) {
            let (key, stored) = entry?;
            entries.push(AuditEntry {
                seq: key.value().1,
                at: stored.at,
                operator: stored.operator,
                tenant: tenant.cloned(),
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
