//! Funnels: a tenant's lead pipelines, each with its stages in order and the keywords that send
//! a customer's first message to it. The defaults hold until a supervisor changes them; the
//! tenant's list is then stored whole.

use centralita_protocol::{ChangeOp, Funnel, LeadType, TenantId};
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::audit;
use crate::error::{AreaError, Said, said};
use crate::store::{ReadTxn, Records, Store, WriteTxn};
use centralita_protocol::said as key;

/// Tenant → its funnels in order; absent until a supervisor changes the defaults.
pub(super) const FUNNELS: Records<&str, Vec<FunnelRecord>> = Records::new("funnels");

/// A funnel as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelRecord {
    /// Unique in the tenant (`sales`, `support`, …).
    pub name: String,
    /// The type a lead opened in this funnel gets.
    pub lead_type: LeadType,
    /// Stage names in order; a new lead starts in the first.
    pub stages: Vec<String>,
    /// Lower-case words or phrases that send a first message here; none: the catch-all.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// Support words of the default support funnel (Spanish and English).
const SUPPORT_KEYWORDS: [&str; 17] = [
    "ayuda",
    "problema",
    "soporte",
    "reclamo",
    "queja",
    "no funciona",
    "falla",
    "error",
    "devolución",
    "devolucion",
    "garantía",
    "garantia",
    "help",
    "support",
    "problem",
    "refund",
    "broken",
];

/// The funnels of a tenant nobody configured: support (by keyword) and sales (the rest).
pub fn default_funnels() -> Vec<FunnelRecord> {
    let strings = |items: &[&str]| items.iter().map(|item| (*item).to_owned()).collect();
    vec![
        FunnelRecord {
            name: "support".to_owned(),
            lead_type: LeadType::Support,
            stages: strings(&["initial_contact", "support_process", "closing"]),
            keywords: strings(&SUPPORT_KEYWORDS),
        },
        FunnelRecord {
            name: "sales".to_owned(),
            lead_type: LeadType::Sale,
            stages: strings(&["initial_chat", "negotiation", "debate", "closing"]),
            keywords: Vec::new(),
        },
    ]
}

/// The funnel a first message belongs to: the first whose keywords it contains, else the
/// first without keywords (the catch-all), else the last.
pub fn classify<'a>(funnels: &'a [FunnelRecord], text: &str) -> Option<&'a FunnelRecord> {
    let text = text.to_lowercase();
    funnels
        .iter()
        .find(|funnel| {
            funnel
                .keywords
                .iter()
                .any(|keyword| text.contains(keyword.as_str()))
        })
        .or_else(|| funnels.iter().find(|funnel| funnel.keywords.is_empty()))
        .or_else(|| funnels.last())
}

/// The funnel named `name`, or a refusal listing the tenant's funnels.
pub(super) fn named<'a>(
    funnels: &'a [FunnelRecord],
    name: &str,
) -> Result<&'a FunnelRecord, AreaError> {
    funnels
        .iter()
        .find(|funnel| funnel.name == name)
        .ok_or_else(|| {
            said!(
                key::UNKNOWN_FUNNEL,
                "unknown funnel {0}: use {1}",
                format!("{name:?}"),
                funnels
                    .iter()
                    .map(|funnel| funnel.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .invalid()
        })
}

/// The tenant's funnels in order. Who: any role in the tenant.
pub async fn list(store: &Store, actor: &Actor) -> Result<Vec<Funnel>, AreaError> {
    let tenant = actor.tenant.clone();
    let funnels = store.read(move |txn| txn.funnels(&tenant)).await?;
    Ok(funnels.iter().map(Funnel::from).collect())
}

/// Adds `funnel` or replaces the one with its name (checked and tidied first). A stage that
/// still holds leads may not be dropped. Returns the tenant's funnels.
pub async fn put(store: &Store, actor: &Actor, funnel: Funnel) -> Result<Vec<Funnel>, AreaError> {
    let funnel = checked(&FunnelRecord::from(funnel)).map_err(Said::invalid)?;
    let tenant = actor.tenant.clone();
    let entry = actor.audit(
        format!("funnel {}", funnel.name),
        format!("{} ({})", funnel.name, funnel.stages.join(" → ")),
    );
    let funnels = audit::audited(store, entry, move |txn| txn.put_funnel(&tenant, &funnel)).await?;
    Ok(funnels.iter().map(Funnel::from).collect())
}

/// Removes a funnel that holds no leads; one funnel always remains.
pub async fn remove(store: &Store, actor: &Actor, name: String) -> Result<Vec<Funnel>, AreaError> {
    let tenant = actor.tenant.clone();
    let entry = actor.audit(format!("funnel {name}"), String::new());
    let funnels =
        audit::audited(store, entry, move |txn| txn.remove_funnel(&tenant, &name)).await?;
    Ok(funnels.iter().map(Funnel::from).collect())
}

/// A funnel as a supervisor wrote it, tidied: trimmed names, lower-case unique keywords.
fn checked(funnel: &FunnelRecord) -> Result<FunnelRecord, Said> {
    let name = funnel.name.trim();
    if name.is_empty()
        || name.len() > 40
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    {
        return Err(said!(
            key::FUNNEL_NAME,
            "funnel name {0}: use 1 to 40 lower-case letters, digits, _ or -",
            format!("{name:?}")
        ));
    }
    let mut stages: Vec<String> = Vec::new();
    for stage in &funnel.stages {
        let stage = stage.trim();
        if stage.is_empty() || stage.chars().count() > 60 {
            return Err(said!(
                key::STAGE_NAME_LENGTH,
                "funnel {0}: a stage name must have 1 to 60 characters, not {1}",
                name,
                format!("{stage:?}")
            ));
        }
        if stages.iter().any(|seen| seen.eq_ignore_ascii_case(stage)) {
            return Err(said!(
                key::STAGE_TWICE,
                "funnel {0}: stage {1} is listed twice",
                name,
                format!("{stage:?}")
            ));
        }
        stages.push(stage.to_owned());
    }
    if stages.is_empty() {
        return Err(said!(
            key::FUNNEL_NO_STAGES,
            "funnel {0} needs at least one stage",
            name
        ));
    }
    let mut keywords: Vec<String> = Vec::new();
    for keyword in &funnel.keywords {
        let keyword = keyword.trim().to_lowercase();
        if !keyword.is_empty() && !keywords.contains(&keyword) {
            keywords.push(keyword);
        }
    }
    Ok(FunnelRecord {
        name: name.to_owned(),
        lead_type: funnel.lead_type,
        stages,
        keywords,
    })
}

impl WriteTxn<'_> {
    /// The tenant's funnels in order; the defaults until a supervisor changed them.
    pub fn funnels(&mut self, tenant: &TenantId) -> Result<Vec<FunnelRecord>, AreaError> {
        Ok(self
            .open(&FUNNELS)?
            .get(tenant.as_str())?
            .unwrap_or_else(default_funnels))
    }

    /// Adds a checked funnel or replaces the one with its name; refuses to drop a stage that
    /// holds leads. Returns the tenant's funnels.
    fn put_funnel(
        &mut self,
        tenant: &TenantId,
        funnel: &FunnelRecord,
    ) -> Result<Vec<FunnelRecord>, AreaError> {
        let mut funnels = self.funnels(tenant)?;
        match funnels.iter().position(|old| old.name == funnel.name) {
            Some(index) => {
                for stage in &funnels[index].stages {
                    if funnel.stages.contains(stage) {
                        continue;
                    }
                    let here = self.leads_in(tenant, &funnel.name, Some(stage))?;
                    if here > 0 {
                        return Err(said!(
                            key::STAGE_HOLDS_LEADS,
                            "stage {0} of funnel {1} still holds {2} lead(s): move them to another stage first",
                            format!("{stage:?}"),
                            funnel.name,
                            here
                        )
                        .invalid());
                    }
                }
                funnels[index] = funnel.clone();
            }
            None => funnels.push(funnel.clone()),
        }
        self.put_funnels(tenant, &funnels)?;
        Ok(funnels)
    }

    /// Removes a funnel that holds no leads; one always remains.
    fn remove_funnel(
        &mut self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<Vec<FunnelRecord>, AreaError> {
        let mut funnels = self.funnels(tenant)?;
        named(&funnels, name)?;
        if funnels.len() == 1 {
            return Err(said!(
                key::ONLY_FUNNEL,
                "funnel {0} is the only one: add another before removing it",
                name
            )
            .invalid());
        }
        let here = self.leads_in(tenant, name, None)?;
        if here > 0 {
            return Err(said!(
                key::FUNNEL_HOLDS_LEADS,
                "funnel {0} still holds {1} lead(s)",
                name,
                here
            )
            .invalid());
        }
        funnels.retain(|funnel| funnel.name != name);
        self.put_funnels(tenant, &funnels)?;
        Ok(funnels)
    }

    fn put_funnels(
        &mut self,
        tenant: &TenantId,
        funnels: &Vec<FunnelRecord>,
    ) -> Result<(), AreaError> {
        self.require_tenant(tenant)?;
        self.open(&FUNNELS)?.insert(tenant.as_str(), funnels)?;
        self.record_change(tenant, "funnels", tenant.as_str(), ChangeOp::Updated)?;
        Ok(())
    }
}

impl ReadTxn {
    /// The tenant's funnels in order; the defaults until a supervisor changed them.
    pub fn funnels(&self, tenant: &TenantId) -> Result<Vec<FunnelRecord>, AreaError> {
        Ok(self
            .open(&FUNNELS)?
            .get(tenant.as_str())?
            .unwrap_or_else(default_funnels))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_messages_with_support_words_go_to_support() {
        let funnels = default_funnels();
        let name = |text: &str| classify(&funnels, text).map(|funnel| funnel.name.as_str());
        assert_eq!(
            name("Hola, tengo un PROBLEMA con mi pedido"),
            Some("support")
        );
        assert_eq!(name("¿Cuánto cuesta la consulta?"), Some("sales"));
    }

    #[test]
    fn a_tenants_keyword_rules_pick_its_funnels_in_order() {
        let funnel = |name: &str, keywords: &[&str]| FunnelRecord {
            name: name.to_owned(),
            lead_type: LeadType::Sale,
            stages: vec!["new".to_owned()],
            keywords: keywords.iter().map(|word| (*word).to_owned()).collect(),
        };
        let funnels = [
            funnel("implants", &["implante"]),
            funnel("general", &[]),
            funnel("whitening", &["blanqueamiento", "implante"]),
        ];
        let name = |text: &str| classify(&funnels, text).map(|funnel| funnel.name.as_str());
        assert_eq!(name("Precio de un IMPLANTE?"), Some("implants"));
        assert_eq!(name("blanqueamiento"), Some("whitening"));
        assert_eq!(name("hola"), Some("general"), "the catch-all");
        assert_eq!(classify(&[], "hola"), None);
    }

    #[test]
    fn funnels_are_checked_and_tidied_before_they_are_stored() {
        let mut funnel = FunnelRecord {
            name: "implants".to_owned(),
            lead_type: LeadType::Sale,
            stages: vec![" consulta ".to_owned(), "presupuesto".to_owned()],
            keywords: vec!["Implante".to_owned(), "implante".to_owned(), " ".to_owned()],
        };
        let tidy = checked(&funnel).expect("valid");
        assert_eq!(tidy.stages, ["consulta", "presupuesto"]);
        assert_eq!(tidy.keywords, ["implante"]);
        funnel.stages.push("Consulta".to_owned());
        assert!(checked(&funnel).expect_err("twice").text.contains("twice"));
        funnel.stages.clear();
        assert!(
            checked(&funnel)
                .expect_err("empty")
                .text
                .contains("at least one stage")
        );
        funnel.name = "Implants!".to_owned();
        assert!(
            checked(&funnel)
                .expect_err("name")
                .text
                .contains("lower-case")
        );
    }
}
