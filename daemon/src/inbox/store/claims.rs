//! The conversations' part of an agent's sight of the CRM (see `crm::sight`).

use centralita_protocol::TenantId;

use super::{CONVERSATIONS, ConversationRecord};
use crate::crm::sight::Sight;
use crate::error::AreaError;
use crate::store::{ReadTxn, RecordTable, Source, WriteTxn};

type Key = (&'static str, u64);

/// Adds who each of the tenant's conversations is assigned to.
fn claim<T: Source<Key, &'static [u8]>>(
    table: &RecordTable<T, Key, ConversationRecord>,
    tenant: &TenantId,
    sight: &mut Sight,
) -> Result<(), AreaError> {
    for entry in table.range((tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX))? {
        let record = entry?.1;
        sight.conversation(record.contact, record.assignee.as_deref());
    }
    Ok(())
}

impl ReadTxn {
    pub(crate) fn claim_conversations(
        &self,
        tenant: &TenantId,
        sight: &mut Sight,
    ) -> Result<(), AreaError> {
        claim(&self.open(&CONVERSATIONS)?, tenant, sight)
    }
}

impl WriteTxn<'_> {
    pub(crate) fn claim_conversations(
        &mut self,
        tenant: &TenantId,
        sight: &mut Sight,
    ) -> Result<(), AreaError> {
        claim(&self.open(&CONVERSATIONS)?, tenant, sight)
    }
}
