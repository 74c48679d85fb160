//! Reminders on leads, keyed (tenant, id).

use centralita_protocol::{ChangeOp, Reminder, TenantId};

use crate::error::AreaError;
use crate::store::{ReadTxn, Records, WriteTxn};

/// (tenant, reminder id) → [`Reminder`].
pub(super) const REMINDERS: Records<(&str, u64), Reminder> = Records::new("reminders");

impl WriteTxn<'_> {
    /// Stores a new reminder (its id assigned here).
    pub fn insert_reminder(
        &mut self,
        tenant: &TenantId,
        reminder: &Reminder,
    ) -> Result<Reminder, AreaError> {
        self.lead(tenant, reminder.lead)?;
        let mut reminder = reminder.clone();
        reminder.id = self.next_id("reminder")?;
        self.put_reminder(tenant, &reminder)?;
        Ok(reminder)
    }

    pub fn reminder(&mut self, tenant: &TenantId, id: u64) -> Result<Reminder, AreaError> {
        self.open(&REMINDERS)?
            .get((tenant.as_str(), id))?
            .ok_or_else(|| AreaError::not_found(format!("reminder {id} in tenant {tenant}")))
    }

    pub fn put_reminder(
        &mut self,
        tenant: &TenantId,
        reminder: &Reminder,
    ) -> Result<(), AreaError> {
        self.open(&REMINDERS)?
            .insert((tenant.as_str(), reminder.id), reminder)?;
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
    pub fn reminders(&self, tenant: &TenantId) -> Result<Vec<Reminder>, AreaError> {
        let table = self.open(&REMINDERS)?;
        let mut reminders: Vec<Reminder> = Vec::new();
        for entry in table.range((tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX))? {
            reminders.push(entry?.1);
        }
        reminders.sort_by_key(|reminder| reminder.due_at);
        Ok(reminders)
    }
}
