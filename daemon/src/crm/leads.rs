//! Leads: sales and support opportunities with a contact, one record per lead keyed (tenant,
//! id), each in a stage of one of the tenant's funnels. A customer's first message opens one;
//! operators open, edit, move and annotate them. Agents see and change their own leads and the
//! unassigned ones; that is checked inside the transaction that makes the change.

use centralita_invoices::amounts;
use centralita_protocol::said as key;
use centralita_protocol::{
    ChangeOp, ContactId, ConversationId, FunnelStage, Lead, LeadEdit, LeadFilter, LeadId,
    LeadStatus, LeadType, PageRequest, TenantId,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Note;
use super::filter::{Search, assignee_matches};
use super::funnels::{self, FunnelRecord};
use super::sight::Sight;
use crate::actor::Actor;
use crate::audit;
use crate::error::{AreaError, said};
use crate::lookup::find;
use crate::store::{ReadTxn, Reader, Records, Store, WriteTxn, page_limit, tenant_keys};

/// (tenant, lead id) → [`LeadRecord`].
pub(super) const LEADS: Records<(&str, u64), LeadRecord> = Records::new("leads");

/// A lead as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadRecord {
    pub id: LeadId,
    pub contact: ContactId,
    #[serde(default)]
    pub conversation: Option<ConversationId>,
    #[serde(rename = "type")]
    pub lead_type: LeadType,
    pub status: LeadStatus,
    pub funnel: String,
    pub stage: String,
    /// When it entered its stage.
    pub stage_since: Timestamp,
    #[serde(default)]
    pub assignee: Option<String>,
    /// A plain decimal amount.
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub notes: Vec<Note>,
    pub created_at: Timestamp,
}

impl LeadRecord {
    /// A new lead in the first stage of `funnel`.
    fn new(
        funnel: &FunnelRecord,
        contact: ContactId,
        conversation: Option<ConversationId>,
        now: Timestamp,
    ) -> Self {
        Self {
            id: LeadId(0),
            contact,
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
}

/// A page of the leads matching `filter`, newest first: an agent's own and the unassigned
/// ones, everyone's for supervisors and admins.
pub async fn list(
    store: &Store,
    actor: &Actor,
    filter: LeadFilter,
    page: PageRequest,
) -> Result<Vec<Lead>, AreaError> {
    let actor = actor.clone();
    store
        .read(move |txn| txn.visible_leads(&actor, &filter, page))
        .await
}

/// Whether `lead` (with its contact's name) is one `filter` keeps.
fn matches(actor: &Actor, filter: &LeadFilter, search: &Search, lead: &Lead) -> bool {
    filter.status.is_none_or(|status| lead.status == status)
        && filter.contact.is_none_or(|contact| lead.contact == contact)
        && filter
            .stage
            .as_deref()
            .is_none_or(|stage| lead.stage.eq_ignore_ascii_case(stage.trim()))
        && filter
            .funnel
            .as_deref()
            .is_none_or(|funnel| lead.funnel.eq_ignore_ascii_case(funnel.trim()))
        && assignee_matches(actor, filter.assignee.as_ref(), lead.assignee.as_deref())
        && search.matches(
            [lead.contact_name.as_deref(), lead.value.as_deref()]
                .into_iter()
                .flatten(),
        )
}

/// One lead with its notes.
pub async fn show(store: &Store, actor: &Actor, id: LeadId) -> Result<Lead, AreaError> {
    let actor = actor.clone();
    store
        .read(move |txn| {
            let lead = txn.lead(&actor.tenant, id)?;
            txn.sight(&actor)?
                .require_lead(id, lead.contact, lead.assignee.as_deref())?;
            txn.lead_with_name(&actor.tenant, lead)
        })
        .await
}

/// Opens a lead by hand for a contact, in the first funnel for its type.
pub async fn add(
    store: &Store,
    actor: &Actor,
    contact: ContactId,
    lead_type: LeadType,
) -> Result<Lead, AreaError> {
    let tenant = actor.tenant.clone();
    let entry = actor.audit(format!("contact {contact}"), lead_type.to_string());
    audit::audited(store, entry, move |txn| {
        txn.contact_exists(&tenant, contact)?;
        let funnels = txn.funnels(&tenant)?;
        let lead = manual(&funnels, contact, lead_type, txn.now())?;
        let id = txn.insert_lead(&tenant, &lead)?;
        let lead = txn.lead(&tenant, id)?;
        txn.wire_lead(&tenant, lead)
    })
    .await
}

/// Changes a lead's type, status, assignee or value. Agents may only take a lead themselves.
pub async fn edit(
    store: &Store,
    actor: &Actor,
    id: LeadId,
    edit: LeadEdit,
) -> Result<Lead, AreaError> {
    if let (Some(user), Some(Some(assignee))) = (actor.agent(), &edit.assignee)
        && assignee != user
    {
        return Err(said!(
            key::AGENT_TAKES_LEAD,
            "agents can only take a lead themselves; ask a supervisor to assign it to someone else"
        )
        .denied());
    }
    let detail = serde_json::to_string(&edit).unwrap_or_default();
    change(store, actor, id, detail, move |txn, actor, lead| {
        apply_edit(lead, &edit)?;
        txn.put_lead(&actor.tenant, lead)
    })
    .await
}

/// Moves a lead to another stage of its funnel; the time in stage starts again.
pub async fn move_to(
    store: &Store,
    actor: &Actor,
    id: LeadId,
    stage: String,
) -> Result<Lead, AreaError> {
    change(store, actor, id, stage.clone(), move |txn, actor, lead| {
        let funnels = txn.funnels(&actor.tenant)?;
        let funnel = funnels::named(&funnels, &lead.funnel)?;
        if !funnel.stages.contains(&stage) {
            return Err(said!(
                key::NO_SUCH_STAGE,
                "the {0} funnel has no stage {1}: use {2}",
                funnel.name,
                format!("{stage:?}"),
                funnel.stages.join(", ")
            )
            .invalid());
        }
        if lead.stage != stage {
            lead.stage.clone_from(&stage);
            lead.stage_since = txn.now();
            txn.put_lead(&actor.tenant, lead)?;
        }
        Ok(())
    })
    .await
}

/// Adds a note with its author and time.
pub async fn note(
    store: &Store,
    actor: &Actor,
    id: LeadId,
    text: String,
) -> Result<Lead, AreaError> {
    let detail: String = text.chars().take(200).collect();
    change(store, actor, id, detail, move |txn, actor, lead| {
        lead.notes.push(Note::new(txn.now(), actor.user(), &text)?);
        txn.put_lead(&actor.tenant, lead)
    })
    .await
}

/// Leads per funnel stage (every stage, even empty ones) and their average time there.
pub async fn stages(store: &Store, actor: &Actor) -> Result<Vec<FunnelStage>, AreaError> {
    let tenant = actor.tenant.clone();
    let (funnels, leads) = store
        .read(move |txn| Ok::<_, AreaError>((txn.funnels(&tenant)?, txn.leads(&tenant)?)))
        .await?;
    Ok(count_stages(&funnels, &leads, Timestamp::now()))
}

/// Runs a change on lead `id` that `actor` may make (checked in the same transaction; the
/// change is given the actor), audited; returns the lead as it is after.
async fn change<F>(
    store: &Store,
    actor: &Actor,
    id: LeadId,
    detail: String,
    mut change: F,
) -> Result<Lead, AreaError>
where
    F: FnMut(&mut WriteTxn<'_>, &Actor, &mut LeadRecord) -> Result<(), AreaError> + Send + 'static,
{
    let checker = actor.clone();
    let entry = actor.audit(format!("lead {id}"), detail);
    audit::audited(store, entry, move |txn| {
        let mut lead = txn.lead(&checker.tenant, id)?;
        txn.sight(&checker)?
            .require_lead(id, lead.contact, lead.assignee.as_deref())?;
        change(txn, &checker, &mut lead)?;
        txn.wire_lead(&checker.tenant, lead)
    })
    .await
}

/// Applies an operator's edit; a value must be an amount.
fn apply_edit(lead: &mut LeadRecord, edit: &LeadEdit) -> Result<(), AreaError> {
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
                        said!(
                            key::NOT_AN_AMOUNT,
                            "value {0} is not an amount (1234.50 or 1.234,50)",
                            format!("{value:?}")
                        )
                        .invalid()
                    })?,
            ),
        };
    }
    Ok(())
}

/// A lead an operator opens by hand: it starts the first funnel for its type, else the
/// catch-all funnel.
fn manual(
    funnels: &[FunnelRecord],
    contact: ContactId,
    lead_type: LeadType,
    now: Timestamp,
) -> Result<LeadRecord, AreaError> {
    let funnel = funnels
        .iter()
        .find(|funnel| funnel.lead_type == lead_type)
        .or_else(|| funnels::classify(funnels, ""))
        .ok_or_else(|| said!(key::NO_FUNNEL, "the tenant has no funnel").invalid())?;
    let mut lead = LeadRecord::new(funnel, contact, None, now);
    lead.lead_type = lead_type;
    Ok(lead)
}

/// Leads per funnel stage (every stage, even empty ones) and their average time there.
fn count_stages(
    funnels: &[FunnelRecord],
    leads: &[LeadRecord],
    now: Timestamp,
) -> Vec<FunnelStage> {
    let mut rows = Vec::new();
    for funnel in funnels {
        for stage in &funnel.stages {
            let here: Vec<&LeadRecord> = leads
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

impl WriteTxn<'_> {
    /// A customer's first message on a new conversation opens a lead in the funnel its words
    /// pick (none when the tenant has no funnel).
    pub fn open_lead_for_first_message(
        &mut self,
        tenant: &TenantId,
        contact: ContactId,
        conversation: ConversationId,
        text: &str,
    ) -> Result<(), AreaError> {
        let funnels = self.funnels(tenant)?;
        if let Some(funnel) = funnels::classify(&funnels, text) {
            let lead = LeadRecord::new(funnel, contact, Some(conversation), self.now());
            self.insert_lead(tenant, &lead)?;
        }
        Ok(())
    }

    /// Stores a new lead (its `id` is assigned here) and returns the id.
    fn insert_lead(&mut self, tenant: &TenantId, lead: &LeadRecord) -> Result<LeadId, AreaError> {
        self.require_tenant(tenant)?;
        let id = LeadId(self.next_id("lead")?);
        let lead = LeadRecord { id, ..lead.clone() };
        self.open(&LEADS)?.insert((tenant.as_str(), id.0), &lead)?;
        self.record_change(tenant, "lead", &id.to_string(), ChangeOp::Created)?;
        Ok(id)
    }

    /// A lead, for a read-modify-write in this transaction.
    fn lead(&mut self, tenant: &TenantId, id: LeadId) -> Result<LeadRecord, AreaError> {
        find(self, &LEADS, tenant, id)
    }

    /// Refuses a lead id that does not exist, or that `actor` may not see.
    pub fn require_visible_lead(&mut self, actor: &Actor, id: LeadId) -> Result<(), AreaError> {
        let lead = self.lead(&actor.tenant, id)?;
        self.sight(actor)?
            .require_lead(id, lead.contact, lead.assignee.as_deref())
    }

    /// Points every lead of contact `from` at `into` (a merge).
    pub fn move_leads(
        &mut self,
        tenant: &TenantId,
        from: ContactId,
        into: ContactId,
    ) -> Result<(), AreaError> {
        let mut moved = Vec::new();
        for entry in self.open(&LEADS)?.range(tenant_keys(tenant))? {
            let lead = entry?.1;
            if lead.contact == from {
                moved.push(lead);
            }
        }
        for mut lead in moved {
            lead.contact = into;
            self.put_lead(tenant, &lead)?;
        }
        Ok(())
    }

    /// How many of the tenant's leads are in `funnel` (and `stage`, when given).
    pub(super) fn leads_in(
        &mut self,
        tenant: &TenantId,
        funnel: &str,
        stage: Option<&str>,
    ) -> Result<u64, AreaError> {
        let mut count = 0;
        for entry in self.open(&LEADS)?.range(tenant_keys(tenant))? {
            let lead = entry?.1;
            if lead.funnel == funnel && stage.is_none_or(|stage| lead.stage == stage) {
                count += 1;
            }
        }
        Ok(count)
    }

    /// Replaces a lead.
    fn put_lead(&mut self, tenant: &TenantId, lead: &LeadRecord) -> Result<(), AreaError> {
        self.open(&LEADS)?
            .insert((tenant.as_str(), lead.id.0), lead)?;
        self.record_change(tenant, "lead", &lead.id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// The lead as the wire shows it, with its contact's name.
    fn wire_lead(&mut self, tenant: &TenantId, lead: LeadRecord) -> Result<Lead, AreaError> {
        let name = self.contact_name(tenant, lead.contact)?;
        Ok(lead.into_wire(name))
    }
}

impl ReadTxn {
    /// Every lead of the tenant, oldest first.
    pub fn leads(&self, tenant: &TenantId) -> Result<Vec<LeadRecord>, AreaError> {
        let mut leads = Vec::new();
        for entry in self.open(&LEADS)?.range(tenant_keys(tenant))? {
            leads.push(entry?.1);
        }
        Ok(leads)
    }

    /// Up to `limit` leads `actor` sees, newest first, with their contact's name.
    fn visible_leads(
        &self,
        actor: &Actor,
        filter: &LeadFilter,
        page: PageRequest,
    ) -> Result<Vec<Lead>, AreaError> {
        let tenant = &actor.tenant;
        let limit = page_limit(page);
        let before = page.before.unwrap_or(u64::MAX);
        let search = Search::new(filter.search.as_deref());
        let sight = self.sight(actor)?;
        let table = self.open(&LEADS)?;
        let mut leads = Vec::new();
        for entry in table
            .range((tenant.as_str(), 0)..(tenant.as_str(), before))?
            .rev()
        {
            if leads.len() == limit {
                break;
            }
            let lead = entry?.1;
            if sight.sees_lead(lead.contact, lead.assignee.as_deref()) {
                let lead = self.lead_with_name(tenant, lead)?;
                if matches(actor, filter, &search, &lead) {
                    leads.push(lead);
                }
            }
        }
        Ok(leads)
    }

    fn lead(&self, tenant: &TenantId, id: LeadId) -> Result<LeadRecord, AreaError> {
        find(self, &LEADS, tenant, id)
    }

    fn lead_with_name(&self, tenant: &TenantId, lead: LeadRecord) -> Result<Lead, AreaError> {
        let name = self.contact_name(tenant, lead.contact)?;
        Ok(lead.into_wire(name))
    }
}

/// Adds who each of the tenant's leads is assigned to (see [`super::sight`]).
pub(crate) fn claim_leads(
    mut txn: impl Reader,
    tenant: &TenantId,
    sight: &mut Sight,
) -> Result<(), AreaError> {
    for entry in txn.records(&LEADS)?.range(tenant_keys(tenant))? {
        let lead = entry?.1;
        sight.lead(lead.contact, lead.assignee.as_deref());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::funnels::default_funnels;

    #[test]
    fn a_first_message_with_support_words_opens_a_support_lead() {
        let funnels = default_funnels();
        let funnel = funnels::classify(&funnels, "mi equipo no funciona").expect("a funnel");
        let lead = LeadRecord::new(
            funnel,
            ContactId(1),
            Some(ConversationId(2)),
            Timestamp::UNIX_EPOCH,
        );
        assert_eq!(
            (lead.lead_type, lead.stage.as_str()),
            (LeadType::Support, "initial_contact")
        );
    }

    #[test]
    fn a_lead_opened_by_hand_starts_the_funnel_of_its_type() {
        let funnels = default_funnels();
        let support = manual(
            &funnels,
            ContactId(1),
            LeadType::Support,
            Timestamp::UNIX_EPOCH,
        )
        .expect("lead");
        assert_eq!(
            (support.funnel.as_str(), support.stage.as_str()),
            ("support", "initial_contact")
        );
        let recovery = manual(
            &funnels,
            ContactId(1),
            LeadType::Recovery,
            Timestamp::UNIX_EPOCH,
        )
        .expect("lead");
        assert_eq!(
            (recovery.funnel.as_str(), recovery.lead_type),
            ("sales", LeadType::Recovery)
        );
    }

    #[test]
    fn stage_counts_cover_every_stage_with_average_times() {
        let now = Timestamp::from_second(1_000_000).expect("valid");
        let funnels = default_funnels();
        let sales = funnels::classify(&funnels, "precio").expect("a funnel");
        let mut a = LeadRecord::new(
            sales,
            ContactId(1),
            None,
            now - jiff::SignedDuration::from_secs(100),
        );
        a.stage = "negotiation".into();
        let mut b = a.clone();
        b.stage_since = now - jiff::SignedDuration::from_secs(300);
        let rows = count_stages(&funnels, &[a, b], now);
        assert_eq!(rows.len(), 7);
        let negotiation = rows
            .iter()
            .find(|row| row.stage == "negotiation")
            .expect("row");
        assert_eq!((negotiation.leads, negotiation.average_secs), (2, 200));
    }
}
