//! The CRM effects of the event loop's `call`: leads, contacts, reminders, the funnel, reports,
//! and assigning and resolving conversations.

use centralita_protocol::{
    CentralitaClient, ContactId, ConversationFilter, ConversationId, LeadFilter, LeadId,
    PageRequest, TenantId,
};
use tarpc::context;

use super::effect::Effect;
use super::event::Reply;
use super::views::contact::ContactDetail;
use super::views::lead::LeadDetail;
use super::{Answer, Call, answer, done};
use crate::text;

/// Rows a CRM list loads.
const CRM_PAGE: u32 = 1_000;
/// Leads the funnel loads.
const FUNNEL_LEADS: u32 = 5_000;

/// Runs a CRM effect.
pub(super) async fn call_crm(rpc: &CentralitaClient, tenant: TenantId, effect: Effect) -> Answer {
    let ctx = context::current();
    Ok(match effect {
        Effect::LoadContacts(filter) => Reply::Contacts(answer(
            rpc.contacts_list(ctx, tenant, filter, PageRequest::first(CRM_PAGE))
                .await,
        )?),
        Effect::LoadReport { name, days } => Reply::Report(answer(
            rpc.reports(
                ctx,
                tenant,
                name,
                centralita_protocol::ReportRange::Days(days),
            )
            .await,
        )?),
        Effect::LoadLeads(filter) => Reply::Leads(answer(
            rpc.leads_list(ctx, tenant, filter, PageRequest::first(CRM_PAGE))
                .await,
        )?),
        Effect::LoadLead(id) => Reply::Lead(Box::new(load_lead(rpc, tenant, id).await?)),
        Effect::EditLead { id, edit } => done(rpc.leads_edit(ctx, tenant, id, edit).await, |_| {
            text::lead_saved(id)
        })?,
        Effect::NoteLead { id, text } => done(rpc.leads_note(ctx, tenant, id, text).await, |_| {
            text::note_added("lead", id)
        })?,
        Effect::AddReminder { lead, due, text } => done(
            rpc.reminders_add(ctx, tenant, lead, due, text, None).await,
            |reminder| text::reminder_set_on_lead(reminder.id, lead),
        )?,
        Effect::EditReminder { id, due, text } => {
            done(rpc.reminders_edit(ctx, tenant, id, due, text).await, |_| {
                text::reminder_saved(id)
            })?
        }
        Effect::EditContact { id, edit } => {
            done(rpc.contacts_edit(ctx, tenant, id, edit).await, |_| {
                text::contact_saved(id)
            })?
        }
        Effect::NoteContact { id, text } => {
            done(rpc.contacts_note(ctx, tenant, id, text).await, |_| {
                text::note_added("contact", id)
            })?
        }
        Effect::LoadReminders => {
            Reply::Reminders(answer(rpc.reminders_list(ctx, tenant, false).await)?)
        }
        Effect::ReminderDone(id) => done(rpc.reminders_done(ctx, tenant, id).await, |_| {
            text::reminder_done(id)
        })?,
        Effect::SnoozeReminder { id, minutes } => {
            done(rpc.reminders_snooze(ctx, tenant, id, minutes).await, |_| {
                text::reminder_snoozed_by(id, minutes)
            })?
        }
        Effect::LoadFunnel => Reply::Funnel {
            leads: answer(
                rpc.leads_list(
                    ctx,
                    tenant.clone(),
                    LeadFilter::default(),
                    PageRequest::first(FUNNEL_LEADS),
                )
                .await,
            )?,
            stages: answer(rpc.leads_funnel(context::current(), tenant).await)?,
        },
        Effect::MoveLead { id, stage } => {
            done(rpc.leads_move(ctx, tenant, id, stage).await, |lead| {
                text::lead_moved(lead.id, &lead.stage, &lead.funnel)
            })?
        }
        Effect::AssignConversation { id, assignee } => done(
            rpc.conversations_assign(ctx, tenant, id, assignee).await,
            |row| text::conversation_assignee_now(id, row.assignee.as_deref()),
        )?,
        Effect::LoadContact(id) => Reply::Contact(Box::new(load_contact(rpc, tenant, id).await?)),
        Effect::AskMerge { into, from } => Reply::MergeCandidate {
            into,
            from: Box::new(answer(rpc.contacts_show(ctx, tenant, from).await)?),
        },
        Effect::MergeContacts { into, from } => done(
            rpc.contacts_merge(ctx, tenant, into, from).await,
            |merged| text::contacts_merged(from, merged.id),
        )?,
        Effect::ChatFileToInvoice(id) => Reply::Done(chat_file_to_invoice(rpc, tenant, id).await?),
        Effect::SetConversationState { id, state } => done(
            rpc.conversations_set_state(ctx, tenant, id, state).await,
            |row| text::conversation_now(id, row.state),
        )?,
        other => unreachable!("not a CRM effect: {other:?}"),
    })
}

/// A contact with its conversations and leads.
async fn load_contact(
    rpc: &CentralitaClient,
    tenant: TenantId,
    id: ContactId,
) -> Result<ContactDetail, Call> {
    let contact = answer(
        rpc.contacts_show(context::current(), tenant.clone(), id)
            .await,
    )?;
    let conversations = answer(
        rpc.conversations_list(
            context::current(),
            tenant.clone(),
            ConversationFilter {
                contact: Some(id),
                ..ConversationFilter::default()
            },
            PageRequest::first(CRM_PAGE),
        )
        .await,
    )?
    .conversations;
    let leads = answer(
        rpc.leads_list(
            context::current(),
            tenant,
            LeadFilter {
                contact: Some(id),
                ..LeadFilter::default()
            },
            PageRequest::first(CRM_PAGE),
        )
        .await,
    )?;
    Ok(ContactDetail {
        contact,
        conversations,
        leads,
    })
}

/// `F` in the inbox: the customer's newest file to intake, and what it became.
async fn chat_file_to_invoice(
    rpc: &CentralitaClient,
    tenant: TenantId,
    id: ConversationId,
) -> Result<String, Call> {
    let outcome = answer(
        rpc.conversations_to_invoice(context::current(), tenant, id, None)
            .await,
    )?;
    let invoice = &outcome.invoice;
    Ok(if outcome.duplicate {
        text::chat_invoice_exists(&invoice.file_name, invoice.id, invoice.state.as_str())
    } else {
        text::chat_invoice_created(&invoice.file_name, invoice.id)
    })
}

/// A lead with its contact (when the caller sees it), its reminders not done and its
/// funnel's stages.
async fn load_lead(
    rpc: &CentralitaClient,
    tenant: TenantId,
    id: LeadId,
) -> Result<LeadDetail, Call> {
    let lead = answer(rpc.leads_show(context::current(), tenant.clone(), id).await)?;
    let contact = answer(
        rpc.contacts_show(context::current(), tenant.clone(), lead.contact)
            .await,
    )
    .ok();
    let mut reminders = answer(
        rpc.reminders_list(context::current(), tenant.clone(), false)
            .await,
    )?;
    reminders.retain(|reminder| reminder.lead == id);
    let stages = answer(rpc.funnels_list(context::current(), tenant).await)?
        .into_iter()
        .find(|funnel| funnel.name == lead.funnel)
        .map(|funnel| funnel.stages)
        .unwrap_or_default();
    Ok(LeadDetail {
        lead,
        contact,
        reminders,
        stages,
    })
}
