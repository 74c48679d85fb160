//! The conversations' part of an agent's sight of the CRM (see `crm::sight`).

use centralita_protocol::TenantId;

use super::CONVERSATIONS;
use crate::crm::sight::Sight;
use crate::error::AreaError;
use crate::store::{Reader, tenant_keys};

/// Adds who each of the tenant's conversations is assigned to.
pub(crate) fn claim_conversations(
    mut txn: impl Reader,
    tenant: &TenantId,
    sight: &mut Sight,
) -> Result<(), AreaError> {
    for entry in txn.records(&CONVERSATIONS)?.range(tenant_keys(tenant))? {
        let record = entry?.1;
        sight.conversation(record.contact, record.assignee.as_deref());
    }
    Ok(())
}
