//! The audit log: who did what to which record in which tenant, and whether it was allowed.
//! Every mutating call writes its entry in the same commit as the change; refusals and
//! failures are written on their own. Entries without a tenant use the tenant `""`.

use centralita_protocol::{AuditEntry, AuditOutcome, AuditPage, ChangeOp, PageRequest, TenantId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::store::{Declared, ReadTxn, Records, StoreError, WriteTxn};

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
    /// A page of the tenant's audit log, newest first.
    pub fn audit_page(
        &self,
        tenant: &TenantId,
        page: PageRequest,
    ) -> Result<AuditPage, StoreError> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT) as usize;
        let before = page.before.unwrap_or(u64::MAX);
        let table = self.open(&AUDIT)?;
        let mut entries = Vec::new();
        for entry in table
            .range((tenant.as_str(), 0)..(tenant.as_str(), before))?
            .rev()
            .take(limit + 1)
        {
            let (key, stored) = entry?;
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
