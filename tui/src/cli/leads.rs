//! `centralita leads list|show|add|edit|move|note|funnel`.

use centralita_protocol::{
    AssigneeFilter, ContactId, Lead, LeadEdit, LeadFilter, LeadId, LeadStatus, LeadType,
    PageRequest,
};
use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum LeadsCommand {
    /// Leads, newest first.
    List {
        /// Only this status: new, in_progress, negotiation, won, lost.
        #[arg(long)]
        status: Option<LeadStatus>,
        /// Only this funnel (`centralita funnels list` names them).
        #[arg(long)]
        funnel: Option<String>,
        /// Only this stage of its funnel.
        #[arg(long)]
        stage: Option<String>,
        /// Only those of this operator, `me` or `nobody` (unassigned).
        #[arg(long, value_name = "USER|me|nobody")]
        assignee: Option<AssigneeFilter>,
        /// Only those whose contact's name (or value) has every word.
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Only this contact's (`contacts list` shows the ids).
        #[arg(long, value_name = "CONTACT_ID")]
        contact: Option<ContactId>,
        /// At most this many rows.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One lead with its notes.
    Show {
        /// The lead's id.
        id: LeadId,
        /// Print the lead as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Open a lead by hand for a contact.
    Add {
        /// The contact's id (`centralita contacts list`).
        contact: ContactId,
        /// sale, no_interest, future_contact, support or recovery.
        #[arg(long = "type", default_value = "sale")]
        lead_type: LeadType,
    },
    /// Change type, status, assignee or value.
    Edit {
        /// The lead's id.
        id: LeadId,
        /// The lead's new type.
        #[arg(long = "type")]
        lead_type: Option<LeadType>,
        /// The lead's new status.
        #[arg(long)]
        status: Option<LeadStatus>,
        /// An operator, or `-` to unassign.
        #[arg(long)]
        assignee: Option<String>,
        /// An amount (`1500`, `1.500,00`), or `-` to clear.
        #[arg(long)]
        value: Option<String>,
    },
    /// Move a lead to another stage of its funnel.
    Move {
        /// The lead's id.
        id: LeadId,
        /// The stage to move it to.
        stage: String,
    },
    /// Add a note.
    Note {
        /// The lead's id.
        id: LeadId,
        /// The note's text.
        text: String,
    },
    /// Leads per funnel stage and the average time there.
    Funnel {
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(session: &Session, command: LeadsCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        LeadsCommand::List {
            status,
            funnel,
            stage,
            assignee,
            search,
            contact,
            limit,
            json,
        } => {
            let filter = LeadFilter {
                status,
                stage,
                funnel,
                assignee,
                search,
                contact,
            };
            list(session, filter, limit, json).await
        }
        LeadsCommand::Show { id, json } => {
            let lead = answer(rpc.leads_show(context::current(), tenant, id).await)?;
            output::print_value(&lead, json, describe)
        }
        LeadsCommand::Add { contact, lead_type } => {
            let lead = answer(
                rpc.leads_add(context::current(), tenant, contact, lead_type)
                    .await,
            )?;
            println!(
                "{}",
                crate::text::lead_opened(lead.id, &lead.funnel, &lead.stage)
            );
            Ok(())
        }
        LeadsCommand::Edit {
            id,
            lead_type,
            status,
            assignee,
            value,
        } => {
            // `-` clears an optional field.
            let dash_clears = |value: String| (value != "-").then_some(value);
            let edit = LeadEdit {
                lead_type,
                status,
                assignee: assignee.map(dash_clears),
                value: value.map(dash_clears),
            };
            let lead = answer(rpc.leads_edit(context::current(), tenant, id, edit).await)?;
            print!("{}", describe(&lead));
            Ok(())
        }
        LeadsCommand::Move { id, stage } => {
            let lead = answer(rpc.leads_move(context::current(), tenant, id, stage).await)?;
            println!(
                "{}",
                crate::text::lead_moved(lead.id, &lead.stage, &lead.funnel)
            );
            Ok(())
        }
        LeadsCommand::Note { id, text } => {
            let lead = answer(rpc.leads_note(context::current(), tenant, id, text).await)?;
            println!("{}", crate::text::lead_notes(lead.id, lead.notes.len()));
            Ok(())
        }
        LeadsCommand::Funnel { json } => {
            let stages = answer(rpc.leads_funnel(context::current(), tenant).await)?;
            let header = ["FUNNEL", "STAGE", "LEADS", "AVG TIME"];
            output::print_rows(&stages, json, &header, |stage| {
                vec![
                    stage.funnel.clone(),
                    stage.stage.clone(),
                    stage.leads.to_string(),
                    duration(stage.average_secs),
                ]
            })
        }
    }
}

async fn list(session: &Session, filter: LeadFilter, limit: u32, json: bool) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    let page = PageRequest::first(limit);
    let leads = answer(
        rpc.leads_list(context::current(), tenant, filter, page)
            .await,
    )?;
    let header = [
        "ID", "CONTACT", "TYPE", "STATUS", "FUNNEL", "STAGE", "ASSIGNEE", "VALUE",
    ];
    output::print_rows(&leads, json, &header, lead_row)
}

/// A lead as a row of `leads list`.
fn lead_row(lead: &Lead) -> Vec<String> {
    vec![
        lead.id.to_string(),
        crate::text::contact_name(lead.contact_name.as_deref(), lead.contact),
        lead.lead_type.to_string(),
        lead.status.to_string(),
        lead.funnel.clone(),
        lead.stage.clone(),
        lead.assignee.clone().unwrap_or_default(),
        lead.value
            .as_deref()
            .map(output::amount)
            .unwrap_or_default(),
    ]
}

fn duration(secs: u64) -> String {
    match secs {
        0 => "-".to_owned(),
        1..3600 => format!("{}m", secs / 60),
        3600..86_400 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    }
}

fn describe(lead: &Lead) -> String {
    use std::fmt::Write as _;
    let mut out = crate::text::lead_heading(
        lead.id,
        lead.contact_name
            .as_deref()
            .unwrap_or(crate::text::NO_NAME_CLI.get()),
        lead.lead_type,
        &lead.funnel,
        &lead.stage,
        output::when(lead.stage_since),
    );
    out.push('\n');
    let _ = writeln!(
        out,
        "{} {} · {} {} · {} {}",
        crate::text::LEAD_STATUS,
        lead.status,
        crate::text::LEAD_ASSIGNEE,
        lead.assignee.as_deref().unwrap_or("-"),
        crate::text::LEAD_VALUE,
        lead.value
            .as_deref()
            .map_or_else(|| "-".to_owned(), output::amount)
    );
    if let Some(conversation) = lead.conversation {
        let _ = writeln!(out, "{} {conversation}", crate::text::LABEL_CONVERSATION);
    }
    for note in &lead.notes {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            output::when(note.at),
            note.author,
            note.text
        );
    }
    out
}
