//! Finding a tenant's record by its typed id: one lookup for every area's table keyed by
//! (tenant, number), from either kind of transaction; a record that is not there is refused as
//! not found, naming its kind and id.

use std::fmt;

use centralita_protocol::{
    ConnectionId, ContactId, ConversationId, GlosaId, InvoiceId, LeadId, MailMessageId, MailboxId,
    Record, ReminderId, TenantId,
};
use serde::de::DeserializeOwned;

use crate::error::AreaError;
use crate::store::{Reader, Records};

/// A typed id of a tenant's record: its number in the table's key, and the kind a "not found"
/// names.
pub trait RecordId: Copy + fmt::Display {
    const RECORD: Record;
    fn number(self) -> u64;
}

/// Record `id` of `tenant` in `table`, or [`AreaError::NotFound`] naming it.
pub fn find<R, Id>(
    mut txn: impl Reader,
    table: &Records<(&'static str, u64), R>,
    tenant: &TenantId,
    id: Id,
) -> Result<R, AreaError>
where
    R: DeserializeOwned + 'static,
    Id: RecordId,
{
    txn.records(table)?
        .get((tenant.as_str(), id.number()))?
        .ok_or_else(|| AreaError::missing(Id::RECORD, id, tenant))
}

/// Which record kind each typed id names.
macro_rules! record_ids {
    ($($id:ident => $record:ident,)*) => {$(
        impl RecordId for $id {
            const RECORD: Record = Record::$record;
            fn number(self) -> u64 {
                self.0
            }
        }
    )*};
}

record_ids! {
    ContactId => Contact,
    ConversationId => Conversation,
    LeadId => Lead,
    ReminderId => Reminder,
    InvoiceId => Invoice,
    ConnectionId => Connection,
    MailboxId => Mailbox,
    MailMessageId => MailMessage,
    GlosaId => Glosa,
}
