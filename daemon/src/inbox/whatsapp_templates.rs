//! WhatsApp message templates as Meta reports them, keyed (tenant, name, language). Status
//! webhooks and syncs merge into the stored record: news that does not carry a field keeps
//! what was known.

use centralita_channels::TemplateUpdate;
use centralita_protocol::{ChangeOp, JobId, TenantId, WhatsAppTemplate};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::audit;
use crate::queue::Queue;
use crate::store::Store;

use crate::error::AreaError;
use crate::store::{ReadTxn, Records, WriteTxn};

/// (tenant, name, language) → [`TemplateRecord`] as Meta reported it.
pub(super) const WHATSAPP_TEMPLATES: Records<(&str, &str, &str), TemplateRecord> =
    Records::new("whatsapp_templates");

/// A WhatsApp template as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRecord {
    pub name: String,
    /// Meta's language code (`es`, `en_US`…).
    pub language: String,
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`…
    pub status: String,
    #[serde(default)]
    pub category: Option<String>,
    /// The body with its numbered variables, once known.
    #[serde(default)]
    pub body: Option<String>,
    /// How many values a send must give (the highest `{{n}}` in the body).
    #[serde(default)]
    pub variables: u32,
    /// Why Meta rejected or paused it.
    #[serde(default)]
    pub reason: Option<String>,
    pub updated_at: Timestamp,
}

/// The tenant's WhatsApp templates as Meta reported them, by name.
pub async fn list(store: &Store, actor: &Actor) -> Result<Vec<WhatsAppTemplate>, AreaError> {
    let tenant = actor.tenant.clone();
    let records = store
        .read(move |txn| txn.whatsapp_templates(&tenant))
        .await?;
    Ok(records.into_iter().map(WhatsAppTemplate::from).collect())
}

/// Fetches the tenant's WhatsApp templates from Meta now (a job); returns the job.
pub async fn sync(queue: &Queue, actor: &Actor) -> Result<JobId, AreaError> {
    let tenant = actor.tenant.clone();
    let entry = actor.audit(format!("tenant {tenant}"), String::new());
    let job = audit::audited(queue.store(), entry, move |txn| {
        super::templates::enqueue_sync(txn, &tenant)
    })
    .await?;
    queue.wake(super::QUEUE);
    Ok(job)
}

/// The highest `{{n}}` in a template body: how many values a send must give.
pub fn variable_count(body: &str) -> u32 {
    let mut highest = 0;
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        rest = &rest[start + 2..];
        if let Some(end) = rest.find("}}")
            && let Ok(n) = rest[..end].trim().parse::<u32>()
        {
            highest = highest.max(n);
        }
    }
    highest
}

impl WriteTxn<'_> {
    /// Merges what Meta said about a template into the stored one (created if new); a field
    /// the news does not carry keeps its value. Returns the template.
    pub fn merge_whatsapp_template(
        &mut self,
        tenant: &TenantId,
        news: &TemplateUpdate,
    ) -> Result<TemplateRecord, AreaError> {
        self.require_tenant(tenant)?;
        let key = (tenant.as_str(), news.name.as_str(), news.language.as_str());
        let now = self.now();
        let mut table = self.open(&WHATSAPP_TEMPLATES)?;
        let stored = table.get(key)?;
        let created = stored.is_none();
        let mut template = stored.unwrap_or_else(|| TemplateRecord {
            name: news.name.clone(),
            language: news.language.clone(),
            status: "PENDING".to_owned(),
            category: None,
            body: None,
            variables: 0,
            reason: None,
            updated_at: Timestamp::UNIX_EPOCH,
        });
        if let Some(status) = &news.status {
            template.status.clone_from(status);
            // A new status says why (or nothing, once approved).
            template.reason.clone_from(&news.reason);
        }
        if news.category.is_some() {
            template.category.clone_from(&news.category);
        }
        if let Some(body) = &news.body {
            template.variables = variable_count(body);
            template.body = Some(body.clone());
        }
        template.updated_at = now;
        table.insert(key, &template)?;
        let op = if created {
            ChangeOp::Created
        } else {
            ChangeOp::Updated
        };
        let id = format!("{}:{}", news.name, news.language);
        self.record_change(tenant, "whatsapp_template", &id, op)?;
        Ok(template)
    }

    /// One template, for a send.
    pub fn whatsapp_template(
        &mut self,
        tenant: &TenantId,
        name: &str,
        language: &str,
    ) -> Result<TemplateRecord, AreaError> {
        self.open(&WHATSAPP_TEMPLATES)?
            .get((tenant.as_str(), name, language))?
            .ok_or_else(|| {
                AreaError::not_found(format!(
                    "WhatsApp template {name} ({language}) in tenant {tenant}; `centralita templates --sync` fetches them from Meta"
                ))
            })
    }
}

impl ReadTxn {
    /// The tenant's WhatsApp templates by name and language.
    pub fn whatsapp_templates(&self, tenant: &TenantId) -> Result<Vec<TemplateRecord>, AreaError> {
        let table = self.open(&WHATSAPP_TEMPLATES)?;
        let mut templates = Vec::new();
        for entry in table.range((tenant.as_str(), "", "")..)? {
            let (key, template) = entry?;
            if key.value().0 != tenant.as_str() {
                break;
            }
            templates.push(template);
        }
        Ok(templates)
    }
}

impl From<TemplateRecord> for WhatsAppTemplate {
    fn from(record: TemplateRecord) -> Self {
        Self {
            name: record.name,
            language: record.language,
            status: record.status,
            category: record.category,
            body: record.body,
            variables: record.variables,
            reason: record.reason,
            updated_at: record.updated_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::variable_count;

    #[test]
    fn the_variable_count_is_the_highest_number() {
        assert_eq!(variable_count("Hola {{1}}, su cita es el {{2}}."), 2);
        assert_eq!(variable_count("{{2}} antes que {{1}}"), 2);
        assert_eq!(variable_count("sin variables"), 0);
        assert_eq!(variable_count("{{name}} y {{ 3 }}"), 3);
        assert_eq!(variable_count("roto {{1"), 0);
    }
}
