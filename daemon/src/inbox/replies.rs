//! Reply templates: a tenant's canned responses (`{{name}}`, `{{first_name}}`, `{{agent}}`
//! filled when sent), picked with `/name` in the composer. Supervisors and admins keep them;
//! every operator sends them.

use centralita_protocol::{ChangeOp, Record, ReplyTemplate, TenantId};
use serde::{Deserialize, Serialize};

use super::outbound;
use crate::actor::Actor;
use crate::audit;
use crate::error::{AreaError, Said, said};
use crate::store::{ReadTxn, Records, Store, WriteTxn};
use centralita_protocol::said as key;

/// (tenant, name) → [`ReplyRecord`].
pub(super) const REPLY_TEMPLATES: Records<(&str, &str), ReplyRecord> =
    Records::new("reply_templates");

/// A reply template as stored.
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

/// The tenant's reply templates, by name.
pub async fn list(store: &Store, actor: &Actor) -> Result<Vec<ReplyTemplate>, AreaError> {
    let tenant = actor.tenant.clone();
    let records = store.read(move |txn| txn.reply_templates(&tenant)).await?;
    Ok(records.into_iter().map(ReplyTemplate::from).collect())
}

/// Adds or replaces a reply template. A name with spaces, or a body with a variable it cannot
/// fill, is refused now rather than when a customer waits.
pub async fn put(
    store: &Store,
    actor: &Actor,
    template: ReplyTemplate,
) -> Result<ReplyTemplate, AreaError> {
    let name = template.name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(said!(
            key::REPLY_TEMPLATE_NAME,
            "a reply template needs a name without spaces (it is typed as /name)"
        )
        .invalid());
    }
    outbound::render(&template.body, Some("x"), "x").map_err(Said::invalid)?;
    let record = ReplyRecord::from(template.clone());
    let tenant = actor.tenant.clone();
    let entry = actor.audit(format!("reply template {}", template.name), String::new());
    audit::audited(store, entry, move |txn| {
        txn.put_reply_template(&tenant, &record)
    })
    .await?;
    Ok(template)
}

/// Removes a reply template.
pub async fn remove(store: &Store, actor: &Actor, name: String) -> Result<(), AreaError> {
    let tenant = actor.tenant.clone();
    let entry = actor.audit(format!("reply template {name}"), String::new());
    audit::audited(store, entry, move |txn| {
        txn.remove_reply_template(&tenant, &name)
    })
    .await
}

impl WriteTxn<'_> {
    fn put_reply_template(
        &mut self,
        tenant: &TenantId,
        template: &ReplyRecord,
    ) -> Result<(), AreaError> {
        self.require_tenant(tenant)?;
        self.open(&REPLY_TEMPLATES)?
            .insert((tenant.as_str(), template.name.as_str()), template)?;
        self.record_change(tenant, "reply_template", &template.name, ChangeOp::Updated)?;
        Ok(())
    }

    /// Removes a reply template; an unknown name is not found.
    fn remove_reply_template(&mut self, tenant: &TenantId, name: &str) -> Result<(), AreaError> {
        if !self
            .open(&REPLY_TEMPLATES)?
            .remove((tenant.as_str(), name))?
        {
            return Err(AreaError::missing(
                Record::ReplyTemplate,
                format_args!("{name:?}"),
                tenant,
            ));
        }
        self.record_change(tenant, "reply_template", name, ChangeOp::Deleted)?;
        Ok(())
    }

    /// One reply template, for a send.
    pub(super) fn reply_template(
        &mut self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<ReplyRecord, AreaError> {
        self.open(&REPLY_TEMPLATES)?
            .get((tenant.as_str(), name))?
            .ok_or_else(|| {
                AreaError::missing(Record::ReplyTemplate, format_args!("{name:?}"), tenant)
            })
    }
}

impl ReadTxn {
    /// One reply template, for a preview.
    pub(super) fn reply_template_named(
        &self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<ReplyRecord, AreaError> {
        self.open(&REPLY_TEMPLATES)?
            .get((tenant.as_str(), name))?
            .ok_or_else(|| {
                AreaError::missing(Record::ReplyTemplate, format_args!("{name:?}"), tenant)
            })
    }

    /// The tenant's reply templates, by name.
    fn reply_templates(&self, tenant: &TenantId) -> Result<Vec<ReplyRecord>, AreaError> {
        let table = self.open(&REPLY_TEMPLATES)?;
        let mut templates = Vec::new();
        for entry in table.range((tenant.as_str(), "")..)? {
            let (key, template) = entry?;
            if key.value().0 != tenant.as_str() {
                break;
            }
            templates.push(template);
        }
        Ok(templates)
    }
}

impl From<ReplyRecord> for ReplyTemplate {
    fn from(record: ReplyRecord) -> Self {
        Self {
            name: record.name,
            category: record.category,
            channels: record.channels,
            body: record.body,
        }
    }
}

impl From<ReplyTemplate> for ReplyRecord {
    fn from(template: ReplyTemplate) -> Self {
        Self {
            name: template.name,
            category: template.category,
            channels: template.channels,
            body: template.body,
        }
    }
}
