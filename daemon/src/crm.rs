//! The CRM rules: the default funnels and their stages, how a new conversation is classified
//! into one, and the lead changes operators make (each a function on a write transaction so it
//! commits with its audit entry).
//!
//! Defaults (DESIGN.md / issue 4): a sales funnel (initial chat → negotiation → debate →
//! closing) and a support funnel (initial contact → support process → closing). A new
//! conversation whose first message has a support keyword opens a support lead; any other opens
//! a sale. Per-tenant stages and keyword rules are not configurable yet.

use centralita_invoices::amounts;
use centralita_protocol::{FunnelStage, Lead, LeadEdit, LeadNote, LeadStatus, LeadType, TenantId};
use jiff::Timestamp;

use crate::store::{StoreError, WriteTxn};

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

/// A funnel: its stages in order and the words that send a first message into it.
pub struct Funnel {
    pub name: &'static str,
    pub stages: &'static [&'static str],
    keywords: &'static [&'static str],
}

/// The funnels, checked in order; the last one takes everything else.
pub const FUNNELS: [Funnel; 2] = [
    Funnel {
        name: "support",
        stages: &["initial_contact", "support_process", "closing"],
        keywords: &[
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
        ],
    },
    Funnel {
        name: "sales",
        stages: &["initial_chat", "negotiation", "debate", "closing"],
        keywords: &[],
    },
];

/// The funnel a first message belongs to.
pub fn classify(text: &str) -> &'static Funnel {
    let text = text.to_lowercase();
    FUNNELS
        .iter()
        .find(|funnel| funnel.keywords.iter().any(|keyword| text.contains(keyword)))
        .unwrap_or(&FUNNELS[FUNNELS.len() - 1])
}

fn funnel(name: &str) -> Result<&'static Funnel, StoreError> {
    FUNNELS
        .iter()
        .find(|funnel| funnel.name == name)
        .ok_or_else(|| {
            StoreError::Invalid(format!("unknown funnel {name:?}: use sales or support"))
        })
}

/// A new lead for a contact, in the first stage of the funnel `text` belongs to.
pub fn new_lead(contact: u64, conversation: Option<u64>, text: &str, now: Timestamp) -> Lead {
    let funnel = classify(text);
    Lead {
        id: 0,
        contact,
        contact_name: None,
        conversation,
        lead_type: if funnel.name == "support" {
            LeadType::Support
        } else {
            LeadType::Sale
        },
        status: LeadStatus::New,
        funnel: funnel.name.to_owned(),
        stage: funnel.stages[0].to_owned(),
        stage_since: now,
        assignee: None,
        value: None,
        notes: Vec::new(),
        created_at: now,
    }
}

/// A lead an operator opens by hand: a support lead starts the support funnel, any other type
/// the sales funnel.
pub fn manual_lead(contact: u64, lead_type: LeadType, now: Timestamp) -> Lead {
    let name = if lead_type == LeadType::Support {
        "support"
    } else {
        "sales"
    };
    let funnel = FUNNELS
        .iter()
        .find(|funnel| funnel.name == name)
        .unwrap_or(&FUNNELS[FUNNELS.len() - 1]);
    let mut lead = new_lead(contact, None, "", now);
    lead.lead_type = lead_type;
    funnel.name.clone_into(&mut lead.funnel);
    funnel.stages[0].clone_into(&mut lead.stage);
    lead
}

/// Applies an operator's edit; a value must be an amount.
pub fn edit(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    id: u64,
    edit: &LeadEdit,
) -> Result<Lead, StoreError> {
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
                        StoreError::Invalid(format!(
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
) -> Result<Lead, StoreError> {
    let mut lead = txn.lead(tenant, id)?;
    let funnel = funnel(&lead.funnel)?;
    if !funnel.stages.contains(&stage) {
        return Err(StoreError::Invalid(format!(
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
) -> Result<Lead, StoreError> {
    if text.trim().is_empty() {
        return Err(StoreError::Invalid("the note is empty".to_owned()));
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
pub fn stages(leads: &[Lead], now: Timestamp) -> Vec<FunnelStage> {
    let mut rows = Vec::new();
    for funnel in &FUNNELS {
        for stage in funnel.stages {
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
                funnel: funnel.name.to_owned(),
                stage: (*stage).to_owned(),
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
        assert_eq!(
            classify("Hola, tengo un PROBLEMA con mi pedido").name,
            "support"
        );
        assert_eq!(classify("¿Cuánto cuesta la consulta?").name, "sales");
        let lead = new_lead(1, Some(2), "mi equipo no funciona", Timestamp::UNIX_EPOCH);
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
        let support = manual_lead(1, LeadType::Support, Timestamp::UNIX_EPOCH);
        assert_eq!(
            (support.funnel.as_str(), support.stage.as_str()),
            ("support", "initial_contact")
        );
        let recovery = manual_lead(1, LeadType::Recovery, Timestamp::UNIX_EPOCH);
        assert_eq!(
            (recovery.funnel.as_str(), recovery.lead_type),
            ("sales", LeadType::Recovery)
        );
    }

    #[test]
    fn stage_counts_cover_every_stage_with_average_times() {
        let now = Timestamp::from_second(1_000_000).expect("valid");
        let mut a = new_lead(
            1,
            None,
            "precio",
            now - jiff::SignedDuration::from_secs(100),
        );
        a.stage = "negotiation".into();
        let mut b = a.clone();
        b.stage_since = now - jiff::SignedDuration::from_secs(300);
        let rows = stages(&[a, b], now);
        assert_eq!(rows.len(), 7);
        let negotiation = rows
            .iter()
            .find(|row| row.stage == "negotiation")
            .expect("row");
        assert_eq!((negotiation.leads, negotiation.average_secs), (2, 200));
    }
}
