//! The audit log: who did what to which record in which tenant, and whether it was allowed.
//! Every mutating call writes its entry in the same commit as the change; refusals and
//! failures are written on their own. Entries without a tenant use the tenant `""`.
//!
//! An entry's detail is English, or data (a zone, a role); when it is a sentence it keeps the
//! catalog's words beside it ([`Detail`], made from a [`Said`]) so that a client says it in the
//! operator's language. The target stays `<record word> <id>`: clients word the kind.

use centralita_protocol::said::Words;
use centralita_protocol::{AuditEntry, AuditOutcome, AuditPage, ChangeOp, PageRequest, TenantId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::{AreaError, Said, said};
use crate::store::{Declared, ReadTxn, Records, Store, StoreError, WriteTxn, cut_page, page_limit};
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
    /// `detail` in the catalog's words, when it is a sentence of the catalog.
    pub detail_words: Option<Words>,
}

/// What an audit entry says about the change: English or data, with the catalog's words when
/// it is one of its sentences. Made from a [`Said`] (a sentence), a `String` or `&str` (data,
/// no words) or an [`AreaError`] (a failure, in its words when it has them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail {
    pub text: String,
    pub words: Option<Words>,
}

impl From<Said> for Detail {
    fn from(said: Said) -> Self {
        Self {
            words: Some(said.words()),
            text: said.text,
        }
    }
}

impl From<String> for Detail {
    fn from(text: String) -> Self {
        Self { text, words: None }
    }
}

impl From<&str> for Detail {
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

impl From<&AreaError> for Detail {
    fn from(error: &AreaError) -> Self {
        Self {
            text: error.to_string(),
            words: error.words(),
        }
    }
}

/// One stored entry. Encoded with field names: fields added later have serde defaults, so
/// entries written before them still read (`detail_words` came with the catalog's audit
/// sentences).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredAudit {
    at: Timestamp,
    operator: String,
    action: String,
    target: String,
    outcome: AuditOutcome,
    detail: String,
    #[serde(default)]
    detail_words: Option<Words>,
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
        let detail = Detail::from(error);
        let failed = AuditRecord {
            outcome: AuditOutcome::Failed,
            detail: detail.text,
            detail_words: detail.words,
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
            detail_words: entry.detail_words.clone(),
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
        let limit = page_limit(page);
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
                detail_words: stored.detail_words,
            });
        }
        let next = cut_page(&mut entries, limit, |entry| entry.seq);
        Ok(AuditPage { entries, next })
    }
}

#[cfg(test)]
mod tests;
