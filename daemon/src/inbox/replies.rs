//! Quick replies: a tenant's canned responses (`{{name}}`, `{{first_name}}`, `{{agent}}`
//! filled when sent), picked with `/name` in the composer. Supervisors and admins keep them;
//! every operator sends them.

use centralita_protocol::{ChangeOp, QuickReply, Record, TenantId};
use serde::{Deserialize, Serialize};

use super::outbound;
use crate::actor::Actor;
use crate::audit;
use crate::error::{AreaError, Said, said};
use crate::store::{ReadTxn, Reader, Records, Store, WriteTxn};
use centralita_protocol::said as key;

/// (tenant, name) → [`ReplyRecord`].
pub(super) const QUICK_REPLIES: Records<(&str, &str), ReplyRecord> =
    Records::new("reply_templates");

/// A quick reply as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyRecord {
    pub name: String,
    #[serde(default)]
    pub category: String,
    /// Channels it is offered on; empty means all.
    #[serde(default)]
    pub channels: Vec<String>,
    pub body: String,
}

/// The tenant's quick replies, by name.
pub async fn list(store: &Store, actor: &Actor) -> Result<Vec<QuickReply>, AreaError> {
    let tenant = actor.tenant.clone();
    let records = store.read(move |txn| txn.quick_replies(&tenant)).await?;
    Ok(records.into_iter().map(QuickReply::from).collect())
}

/// Adds or replaces a quick reply. A name with spaces, or a body with a variable it cannot
/// fill, is refused now rather than when a customer waits.
pub async fn put(store: &Store, actor: &Actor, reply: QuickReply) -> Result<QuickReply, AreaError> {
    let name = reply.name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(said!(
            key::QUICK_REPLY_NAME,
            "a quick reply needs a name without spaces (it is typed as /name)"
        )
        .invalid());
    }
    outbound::render(&reply.body, Some("x"), "x").map_err(Said::invalid)?;
    let record = ReplyRecord::from(reply.clone());
    let tenant = actor.tenant.clone();
    let entry = actor.audit(format!("quick reply {}", reply.name), String::new());
    audit::audited(store, entry, move |txn| {
        txn.put_quick_reply(&tenant, &record)
    })
    .await?;
    Ok(reply)
}

/// Removes a quick reply.
pub async fn remove(store: &Store, actor: &Actor, name: String) -> Result<(), AreaError> {
    let tenant = actor.tenant.clone();
    let entry = actor.audit(format!("quick reply {name}"), String::new());
    audit::audited(store, entry, move |txn| {
        txn.remove_quick_reply(&tenant, &name)
    })
    .await
}

impl WriteTxn<'_> {
    fn put_quick_reply(&mut self, tenant: &TenantId, reply: &ReplyRecord) -> Result<(), AreaError> {
        self.require_tenant(tenant)?;
        self.open(&QUICK_REPLIES)?
            .insert((tenant.as_str(), reply.name.as_str()), reply)?;
        self.record_change(tenant, "quick_reply", &reply.name, ChangeOp::Updated)?;
        Ok(())
    }

    /// Removes a quick reply; an unknown name is not found.
    fn remove_quick_reply(&mut self, tenant: &TenantId, name: &str) -> Result<(), AreaError> {
        if !self.open(&QUICK_REPLIES)?.remove((tenant.as_str(), name))? {
            return Err(reply_not_found(tenant, name));
        }
        self.record_change(tenant, "quick_reply", name, ChangeOp::Deleted)?;
        Ok(())
    }

    /// One quick reply, for a send.
    pub(super) fn quick_reply(
        &mut self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<ReplyRecord, AreaError> {
        find_quick_reply(self, tenant, name)
    }
}

impl ReadTxn {
    /// One quick reply, for a preview.
    pub(super) fn quick_reply_named(
        &self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<ReplyRecord, AreaError> {
        find_quick_reply(self, tenant, name)
    }

    /// The tenant's quick replies, by name.
    fn quick_replies(&self, tenant: &TenantId) -> Result<Vec<ReplyRecord>, AreaError> {
        let table = self.open(&QUICK_REPLIES)?;
        let mut replies = Vec::new();
        for entry in table.range((tenant.as_str(), "")..)? {
            let (key, reply) = entry?;
            if key.value().0 != tenant.as_str() {
                break;
            }
            replies.push(reply);
        }
        Ok(replies)
    }
}

fn find_quick_reply(
    mut txn: impl Reader,
    tenant: &TenantId,
    name: &str,
) -> Result<ReplyRecord, AreaError> {
    txn.records(&QUICK_REPLIES)?
        .get((tenant.as_str(), name))?
        .ok_or_else(|| reply_not_found(tenant, name))
}

fn reply_not_found(tenant: &TenantId, name: &str) -> AreaError {
    AreaError::missing(Record::QuickReply, format_args!("{name:?}"), tenant)
}

impl From<ReplyRecord> for QuickReply {
    fn from(record: ReplyRecord) -> Self {
        Self {
            name: record.name,
            category: record.category,
            channels: record.channels,
            body: record.body,
        }
    }
}

impl From<QuickReply> for ReplyRecord {
    fn from(reply: QuickReply) -> Self {
        Self {
            name: reply.name,
            category: reply.category,
            channels: reply.channels,
            body: reply.body,
        }
    }
}
