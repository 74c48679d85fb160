//! Reminders on leads, keyed (tenant, id).

use centralita_protocol::{ChangeOp, Reminder, TenantId};
use redb::ReadableTable;

use super::codec::{decode, encode};
use super::tables::REMINDERS;
use super::{ReadTxn, StoreError, WriteTxn};

impl WriteTxn<'_> {
    /// Stores a new reminder (its id assigned here).
    pub fn insert_reminder(
        &mut self,
        tenant: &TenantId,
        reminder: &Reminder,
    ) -> Result<Reminder, StoreError> {
        self.lead(tenant, reminder.lead)?;
        let mut reminder = reminder.clone();
        reminder.id = self.next_id("reminder")?;
        self.put_reminder(tenant, &reminder)?;
        Ok(reminder)
    }

    pub fn reminder(&mut self, tenant: &TenantId, id: u64) -> Result<Reminder, StoreError> {
        let table = self.tables.reminders(self.txn)?;
        let bytes = table
            .get((tenant.as_str(), id))?
            .ok_or_else(|| StoreError::not_found(format!("reminder {id} in tenant {tenant}")))?;
        decode(bytes.value())
    }

    pub fn put_reminder(
        &mut self,
        tenant: &TenantId,
        reminder: &Reminder,
    ) -> Result<(), StoreError> {
        self.tables
            .reminders(self.txn)?
            .insert((tenant.as_str(), reminder.id), encode(reminder)?.as_slice())?;
        self.record_change(
            tenant,
            "reminder",
            &reminder.id.to_string(),
            ChangeOp::Updated,
        )?;
        Ok(())
    }
}

impl ReadTxn {
    /// Every reminder of the tenant, soonest first.
    pub fn reminders(&self, tenant: &TenantId) -> Result<Vec<Reminder>, StoreError> {
        let table = self.txn.open_table(REMINDERS)?;
        let mut reminders: Vec<Reminder> = Vec::new();
        for entry in table.range((tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX))? {
            reminders.push(decode(entry?.1.value())?);
        }
        reminders.sort_by_key(|reminder| reminder.due_at);
        Ok(reminders)
    }
}
