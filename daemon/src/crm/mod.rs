//! The CRM rules: the default funnels and their stages, how a new conversation is classified
//! into one, and the lead changes operators make (each a function on a write transaction so it
//! commits with its audit entry).
//!
//! Defaults (DESIGN.md / issue 4): a sales funnel (initial chat → negotiation → debate →
//! closing) and a support funnel (initial contact → support process → closing). A new
//! conversation whose first message has a support keyword opens a support lead; any other opens
//! a sale. A tenant's supervisors change stages and keyword rules (`centralita funnels`); the
//! tenant's list is then stored whole.

pub mod contacts;
mod leads;
mod reminders;
pub mod reports;

use centralita_invoices::amounts;
use centralita_protocol::{
    Funnel, FunnelStage, Lead, LeadEdit, LeadNote, LeadStatus, LeadType, TenantId,
};
use jiff::Timestamp;

use crate::store::{Declared, WriteTxn};

/// The CRM's tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[
    &contacts::CONTACTS,
    &contacts::CONTACT_IDENTITIES,
    &leads::LEADS,
    &leads::FUNNELS,
    &reminders::REMINDERS,
];
use crate::error::AreaError;

/// The time zone reminders are written in (DESIGN: America/Lima is the common default).
pub const TIME_ZONE: &str = "America/Lima";

/// A reminder's due time: `YYYY-MM-DD HH:MM` in [`TIME_ZONE`], or an RFC 3339 time.
pub fn parse_due(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    let local = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", text).map_err(|_| {
        format!(
            "{text:?} is not a time: write YYYY-MM-DD HH:MM ({TIME_ZONE}) or 2026-12-01T15:00:00Z"
        )
    })?;
    local
        .in_tz(TIME_ZONE)
        .map(|zoned| zoned.timestamp())
        .map_err(|error| error.to_string())
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
pub fn default_funnels() -> Vec<Funnel> {
    let strings = |items: &[&str]| items.iter().map(|item| (*item).to_owned()).collect();
    vec![
        Funnel {
            name: "support".to_owned(),
            lead_type: LeadType::Support,
            stages: strings(&["initial_contact", "support_process", "closing"]),
            keywords: strings(&SUPPORT_KEYWORDS),
        },
        Funnel {
            name: "sales".to_owned(),
            lead_type: LeadType::Sale,
            stages: strings(&["initial_chat", "negotiation", "debate", "closing"]),
            keywords: Vec::new(),
        },
    ]
}

/// The funnel a first message belongs to: the first whose keywords it contains, else the
/// first without keywords (the catch-all), else the last.
pub fn classify<'a>(funnels: &'a [Funnel], text: &str) -> Option<&'a Funnel> {
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

fn lead_in(funnel: &Funnel, contact: u64, conversation: Option<u64>, now: Timestamp) -> Lead {
    Lead {
        id: 0,
        contact,
        contact_name: None,
        conversation,
        lead_type: funnel.lead_type,
        status: LeadStatus::New,
        funnel: funnel.name.clone(),
        stage: funnel.stages.first().cloned().unwrap_or_default(),
        stage_since: now,
        assignee: None,
        value: None,
        notes: Vec::new(),
        created_at: now,
    }
}

/// A new lead for a contact, in the first stage of the funnel `text` belongs to (`None` when
/// the tenant has no funnel).
pub fn new_lead(
    funnels: &[Funnel],
    contact: u64,
    conversation: Option<u64>,
    text: &str,
    now: Timestamp,
) -> Option<Lead> {
    classify(funnels, text).map(|funnel| lead_in(funnel, contact, conversation, now))
}

/// A lead an operator opens by hand: it starts the first funnel for its type, else the
/// catch-all funnel.
pub fn manual_lead(
    funnels: &[Funnel],
    contact: u64,
    lead_type: LeadType,
    now: Timestamp,
) -> Result<Lead, AreaError> {
    let funnel = funnels
        .iter()
        .find(|funnel| funnel.lead_type == lead_type)
        .or_else(|| classify(funnels, ""))
        .ok_or_else(|| AreaError::Invalid("the tenant has no funnel".to_owned()))?;
    let mut lead = lead_in(funnel, contact, None, now);
    lead.lead_type = lead_type;
    Ok(lead)
}

fn funnel_named<'a>(funnels: &'a [Funnel], name: &str) -> Result<&'a Funnel, AreaError> {
    funnels
        .iter()
        .find(|funnel| funnel.name == name)
        .ok_or_else(|| {
            AreaError::Invalid(format!(
                "unknown funnel {name:?}: use {}",
                funnels
                    .iter()
                    .map(|funnel| funnel.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// A funnel as a supervisor wrote it, tidied: trimmed names, lower-case unique keywords.
fn checked(funnel: &Funnel) -> Result<Funnel, String> {
    let name = funnel.name.trim();
    if name.is_empty()
        || name.len() > 40
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    {
        return Err(format!(
            "funnel name {name:?}: use 1 to 40 lower-case letters, digits, _ or -"
        ));
    }
    let mut stages: Vec<String> = Vec::new();
    for stage in &funnel.stages {
        let stage = stage.trim();
        if stage.is_empty() || stage.chars().count() > 60 {
            return Err(format!(
                "funnel {name}: a stage name must have 1 to 60 characters, not {stage:?}"
            ));
        }
        if stages.iter().any(|seen| seen.eq_ignore_ascii_case(stage)) {
            return Err(format!("funnel {name}: stage {stage:?} is listed twice"));
        }
        stages.push(stage.to_owned());
    }
    if stages.is_empty() {
        return Err(format!("funnel {name} needs at least one stage"));
    }
    let mut keywords: Vec<String> = Vec::new();
    for keyword in &funnel.keywords {
        let keyword = keyword.trim().to_lowercase();
        if !keyword.is_empty() && !keywords.contains(&keyword) {
            keywords.push(keyword);
        }
    }
    Ok(Funnel {
        name: name.to_owned(),
        lead_type: funnel.lead_type,
        stages,
        keywords,
    })
}

/// Adds `funnel` or replaces the one with its name. A stage dropped while leads are in it is
/// refused, naming how many. Returns the tenant's funnels.
pub fn put_funnel(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    funnel: &Funnel,
) -> Result<Vec<Funnel>, AreaError> {
    let funnel = checked(funnel).map_err(AreaError::Invalid)?;
    let mut funnels = txn.funnels(tenant)?;
    match funnels.iter().position(|old| old.name == funnel.name) {
        Some(index) => {
            for stage in &funnels[index].stages {
                if funnel.stages.contains(stage) {
                    continue;
                }
                let here = txn.leads_in(tenant, &funnel.name, Some(stage))?;
                if here > 0 {
                    return Err(AreaError::Invalid(format!(
                        "stage {stage:?} of funnel {} still holds {here} lead(s): move them to another stage first",
                        funnel.name
                    )));
                }
            }
            funnels[index] = funnel;
        }
        None => funnels.push(funnel),
    }
    txn.put_funnels(tenant, &funnels)?;
    Ok(funnels)
}

/// Removes a funnel that holds no leads; one funnel always remains.
pub fn remove_funnel(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    name: &str,
) -> Result<Vec<Funnel>, AreaError> {
    let mut funnels = txn.funnels(tenant)?;
    funnel_named(&funnels, name)?;
    if funnels.len() == 1 {
        return Err(AreaError::Invalid(format!(
            "funnel {name} is the only one: add another before removing it"
        )));
    }
    let here = txn.leads_in(tenant, name, None)?;
    if here > 0 {
        return Err(AreaError::Invalid(format!(
            "funnel {name} still holds {here} lead(s)"
        )));
    }
    funnels.retain(|funnel| funnel.name != name);
    txn.put_funnels(tenant, &funnels)?;
    Ok(funnels)
}

/// Applies an operator's edit; a value must be an amount.
pub fn edit(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: u64,
    edit: &LeadEdit,
) -> Result<Lead, AreaError> {
    let mut lead = txn.lead(tenant, id)?;
    if let Some(lead_type) = edit.lead_type {
        lead.lead_type = lead_type;
    }
    if let Some(status) = edit.status {
        lead.status = status;
    }
    if let Some(assignee) = &edit.assignee {
        lead.assignee.clone_from(assignee);
    }
    if let Some(value) = &edit.value {
        lead.value = match value
            .as_deref()
            .map(str::trim)
            .filter(|value| !value.is_empty())
        {
            None => None,
            Some(value) => Some(
                amounts::parse_amount(value, None)
                    .map(amounts::normalize)
                    .ok_or_else(|| {
                        AreaError::Invalid(format!(
                            "value {value:?} is not an amount (1234.50 or 1.234,50)"
                        ))
                    })?,
            ),
        };
    }
    txn.put_lead(tenant, &lead)?;
    Ok(lead)
}

/// Moves a lead to another stage of its funnel; the time in stage starts again.
pub fn move_to(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: u64,
    stage: &str,
) -> Result<Lead, AreaError> {
    let mut lead = txn.lead(tenant, id)?;
    let funnels = txn.funnels(tenant)?;
    let funnel = funnel_named(&funnels, &lead.funnel)?;
    if !funnel.stages.iter().any(|known| known == stage) {
        return Err(AreaError::Invalid(format!(
            "the {} funnel has no stage {stage:?}: use {}",
            funnel.name,
            funnel.stages.join(", ")
        )));
    }
    if lead.stage != stage {
        stage.clone_into(&mut lead.stage);
        lead.stage_since = txn.now();
        txn.put_lead(tenant, &lead)?;
    }
    Ok(lead)
}

/// Adds a note with its author and time.
pub fn note(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: u64,
    author: &str,
    text: &str,
) -> Result<Lead, AreaError> {
    if text.trim().is_empty() {
        return Err(AreaError::Invalid("the note is empty".to_owned()));
    }
    let mut lead = txn.lead(tenant, id)?;
    lead.notes.push(LeadNote {
        at: txn.now(),
        author: author.to_owned(),
        text: text.trim().to_owned(),
    });
    txn.put_lead(tenant, &lead)?;
    Ok(lead)
}

/// Leads per funnel stage (every stage, even empty ones) and their average time there.
pub fn stages(funnels: &[Funnel], leads: &[Lead], now: Timestamp) -> Vec<FunnelStage> {
    let mut rows = Vec::new();
    for funnel in funnels {
        for stage in &funnel.stages {
            let here: Vec<&Lead> = leads
                .iter()
                .filter(|lead| lead.funnel == funnel.name && lead.stage == *stage)
                .collect();
            let total: i64 = here
                .iter()
                .map(|lead| now.duration_since(lead.stage_since).as_secs().max(0))
                .sum();
            let count = here.len() as u64;
            rows.push(FunnelStage {
                funnel: funnel.name.clone(),
                stage: stage.clone(),
                leads: count,
                average_secs: total.unsigned_abs().checked_div(count).unwrap_or(0),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_messages_with_support_words_open_support_leads() {
        let funnels = default_funnels();
        let name = |text: &str| classify(&funnels, text).map(|funnel| funnel.name.as_str());
        assert_eq!(
            name("Hola, tengo un PROBLEMA con mi pedido"),
            Some("support")
        );
        assert_eq!(name("¿Cuánto cuesta la consulta?"), Some("sales"));
        let lead = new_lead(
            &funnels,
            1,
            Some(2),
            "mi equipo no funciona",
            Timestamp::UNIX_EPOCH,
        )
        .expect("a funnel");
        assert_eq!(
            (lead.lead_type, lead.stage.as_str()),
            (LeadType::Support, "initial_contact")
        );
    }

    #[test]
    fn due_times_are_read_in_lima_or_as_rfc3339() {
        let lima = parse_due("2026-12-01 10:00").expect("valid");
        assert_eq!(lima.to_string(), "2026-12-01T15:00:00Z", "Lima is UTC-5");
        assert_eq!(parse_due("2026-12-01T15:00:00Z").expect("valid"), lima);
        assert!(
            parse_due("mañana")
                .expect_err("refused")
                .contains("YYYY-MM-DD HH:MM")
        );
    }

    #[test]
    fn a_lead_opened_by_hand_starts_the_funnel_of_its_type() {
        let funnels = default_funnels();
        let support =
            manual_lead(&funnels, 1, LeadType::Support, Timestamp::UNIX_EPOCH).expect("lead");
        assert_eq!(
            (support.funnel.as_str(), support.stage.as_str()),
            ("support", "initial_contact")
        );
        let recovery =
            manual_lead(&funnels, 1, LeadType::Recovery, Timestamp::UNIX_EPOCH).expect("lead");
        assert_eq!(
            (recovery.funnel.as_str(), recovery.lead_type),
            ("sales", LeadType::Recovery)
        );
    }

    #[test]
    fn stage_counts_cover_every_stage_with_average_times() {
        let now = Timestamp::from_second(1_000_000).expect("valid");
        let funnels = default_funnels();
        let mut a = new_lead(
            &funnels,
            1,
            None,
            "precio",
            now - jiff::SignedDuration::from_secs(100),
        )
        .expect("a funnel");
        a.stage = "negotiation".into();
        let mut b = a.clone();
        b.stage_since = now - jiff::SignedDuration::from_secs(300);
        let rows = stages(&funnels, &[a, b], now);
        assert_eq!(rows.len(), 7);
        let negotiation = rows
            .iter()
            .find(|row| row.stage == "negotiation")
            .expect("row");
        assert_eq!((negotiation.leads, negotiation.average_secs), (2, 200));
    }

    #[test]
    fn a_tenants_keyword_rules_pick_its_funnels_in_order() {
        let funnel = |name: &str, keywords: &[&str]| Funnel {
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
        let mut funnel = Funnel {
            name: "implants".to_owned(),
            lead_type: LeadType::Sale,
            stages: vec![" consulta ".to_owned(), "presupuesto".to_owned()],
            keywords: vec!["Implante".to_owned(), "implante".to_owned(), " ".to_owned()],
        };
        let tidy = checked(&funnel).expect("valid");
        assert_eq!(tidy.stages, ["consulta", "presupuesto"]);
        assert_eq!(tidy.keywords, ["implante"]);
        funnel.stages.push("Consulta".to_owned());
        assert!(checked(&funnel).expect_err("twice").contains("twice"));
        funnel.stages.clear();
        assert!(
            checked(&funnel)
                .expect_err("empty")
                .contains("at least one stage")
        );
        funnel.name = "Implants!".to_owned();
        assert!(checked(&funnel).expect_err("name").contains("lower-case"));
    }
}
