//! WhatsApp message templates as Meta reports them, keyed (tenant, name, language). Status
//! webhooks and syncs merge into the stored record: news that does not carry a field keeps
//! what was known.

use centralita_channels::TemplateUpdate;
use centralita_protocol::{ChangeOp, TenantId, WhatsAppTemplate};
use jiff::Timestamp;

use crate::error::AreaError;
use crate::store::{ReadTxn, Records, WriteTxn};

/// (tenant, name, language) → [`WhatsAppTemplate`] as Meta reported it.
pub(super) const WHATSAPP_TEMPLATES: Records<(&str, &str, &str), WhatsAppTemplate> =
    Records::new("whatsapp_templates");

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
    ) -> Result<WhatsAppTemplate, AreaError> {
        self.require_tenant(tenant)?;
        let key = (tenant.as_str(), news.name.as_str(), news.language.as_str());
        let now = self.now();
        let mut table = self.open(&WHATSAPP_TEMPLATES)?;
        let stored = table.get(key)?;
        let created = stored.is_none();
        let mut template = stored.unwrap_or_else(|| WhatsAppTemplate {
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
    ) -> Result<WhatsAppTemplate, AreaError> {
        self.open(&WHATSAPP_TEMPLATES)?
            .get((tenant.as_str(), name, language))?
            .ok_or_else(|| {
                AreaError::not_found(format!(
                    "WhatsApp template {name} ({language}) in tenant {tenant}; `centralita templates whatsapp --sync` fetches them from Meta"
                ))
            })
    }
}

impl ReadTxn {
    /// The tenant's WhatsApp templates by name and language.
    pub fn whatsapp_templates(
        &self,
        tenant: &TenantId,
    ) -> Result<Vec<WhatsAppTemplate>, AreaError> {
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
