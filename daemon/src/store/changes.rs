//! The change feed: every committed mutation appends `(tenant, seq) → (kind, id, op)` in the
//! same transaction; `watch` readers follow it by seq.

use centralita_protocol::{Change, ChangeOp, TenantId};
use serde::{Deserialize, Serialize};

use super::{ReadTxn, Records, StoreError, WriteTxn, tenant_keys, writer};

/// (tenant, seq) → [`ChangeRecord`]: one row per committed mutation.
pub(super) const CHANGES: Records<(&str, u64), ChangeRecord> = Records::new("changes");

/// One row of the change feed as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeRecord {
    pub kind: String,
    pub id: String,
    pub op: ChangeOp,
}

impl WriteTxn<'_> {
    /// Appends a change row for `tenant`. Call it in the same transaction as the mutation.
    pub fn record_change(
        &mut self,
        tenant: &TenantId,
        kind: &str,
        id: &str,
        op: ChangeOp,
    ) -> Result<u64, StoreError> {
        let seq = self.next_id("change")?;
        let record = ChangeRecord {
            kind: kind.to_owned(),
            id: id.to_owned(),
            op,
        };
        self.open(&CHANGES)?
            .insert((tenant.as_str(), seq), &record)?;
        Ok(seq)
    }

    /// Deletes change rows of every tenant with a seq at or below `upto`; returns how many.
    pub fn prune_changes(&mut self, tenants: &[TenantId], upto: u64) -> Result<u64, StoreError> {
        let mut table = self.open(&CHANGES)?;
        let mut removed = 0;
        for tenant in tenants {
            let keys: Vec<u64> = table
                .range((tenant.as_str(), 0)..=(tenant.as_str(), upto))?
                .map(|entry| entry.map(|(key, _)| key.value().1))
                .collect::<Result<_, _>>()?;
            for seq in keys {
                table.remove((tenant.as_str(), seq))?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The newest change seq, as seen inside this transaction.
    pub fn last_change_seq_in_txn(&mut self) -> Result<u64, StoreError> {
        self.peek_id("change")
    }
}

impl ReadTxn {
    /// Changes of `tenant` after `since`, oldest first, at most `limit`.
    pub fn changes_since(
        &self,
        tenant: &TenantId,
        since: u64,
        limit: usize,
    ) -> Result<Vec<Change>, StoreError> {
        let table = self.open(&CHANGES)?;
        let mut changes = Vec::new();
        for entry in table
            .range((tenant.as_str(), since.saturating_add(1))..=(tenant.as_str(), u64::MAX))?
            .take(limit)
        {
            let (key, record) = entry?;
            changes.push(Change {
                seq: key.value().1,
                tenant: tenant.clone(),
                kind: record.kind,
                id: record.id,
                op: record.op,
            });
        }
        Ok(changes)
    }

    /// The oldest seq still kept for `tenant`, if any.
    pub fn oldest_change(&self, tenant: &TenantId) -> Result<Option<u64>, StoreError> {
        let table = self.open(&CHANGES)?;
        let first = table.range(tenant_keys(tenant))?.next();
        Ok(match first {
            Some(entry) => Some(entry?.0.value().1),
            None => None,
        })
    }

    /// The newest seq handed out so far (0 before any change).
    pub fn last_change_seq(&self) -> Result<u64, StoreError> {
        Ok(self.open(&writer::SEQUENCES)?.get("change")?.unwrap_or(0))
    }
}

pub(super) fn last_seq(db: &redb::Database) -> Result<u64, StoreError> {
    use redb::ReadableDatabase;
    let txn = ReadTxn {
        txn: db.begin_read()?,
    };
    txn.last_change_seq()
}
