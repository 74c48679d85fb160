//! `centralita reminders list|add|edit|done|snooze`.

use centralita_protocol::{LeadId, ReminderId};
use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum RemindersCommand {
    /// Your reminders (everyone's for supervisors), soonest first.
    List {
        /// Also the completed ones.
        #[arg(long)]
        all: bool,
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remind about a lead at a time (YYYY-MM-DD HH:MM in the tenant's time zone).
    Add {
        /// The lead it is about (its id).
        lead: LeadId,
        /// When: YYYY-MM-DD HH:MM (America/Lima) or an RFC 3339 time.
        due: String,
        /// What to remember.
        text: String,
        /// Who is reminded (default: you).
        #[arg(long)]
        assignee: Option<String>,
    },
    /// Change a reminder's time (YYYY-MM-DD HH:MM, America/Lima) or text.
    Edit {
        /// The reminder's id.
        id: ReminderId,
        /// The new time (YYYY-MM-DD HH:MM in the tenant's time zone).
        #[arg(long, required_unless_present = "text")]
        due: Option<String>,
        /// The new text.
        #[arg(long)]
        text: Option<String>,
    },
    /// Mark a reminder done.
    Done {
        /// The reminder's id.
        id: ReminderId,
    },
    /// Remind again in this many minutes.
    Snooze {
        /// The reminder's id.
        id: ReminderId,
        /// Minutes from now.
        #[arg(default_value_t = 60)]
        minutes: u32,
    },
}

pub async fn run(session: &Session, command: RemindersCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        RemindersCommand::List { all, json } => {
            let reminders = answer(rpc.reminders_list(context::current(), tenant, all).await)?;
            let header = ["ID", "DUE", "LEAD", "WHO", "DONE", "TEXT"];
            output::print_rows(&reminders, json, &header, |reminder| {
                vec![
                    reminder.id.to_string(),
                    output::when(reminder.due_at),
                    reminder.lead.to_string(),
                    reminder.assignee.clone(),
                    if reminder.done { "yes" } else { "" }.to_owned(),
                    reminder.text.clone(),
                ]
            })
        }
        RemindersCommand::Add {
            lead,
            due,
            text,
            assignee,
        } => {
            let reminder = answer(
                rpc.reminders_add(context::current(), tenant, lead, due, text, assignee)
                    .await,
            )?;
            println!(
                "{}",
                crate::text::reminder_added(
                    reminder.id,
                    reminder.lead,
                    &crate::format::stamp(reminder.due_at, &output::zone()),
                    &output::zone_name(),
                )
            );
            Ok(())
        }
        RemindersCommand::Edit { id, due, text } => {
            let reminder = answer(
                rpc.reminders_edit(context::current(), tenant, id, due, text)
                    .await,
            )?;
            println!(
                "{}",
                crate::text::reminder_now(id, output::when(reminder.due_at), &reminder.text)
            );
            Ok(())
        }
        RemindersCommand::Done { id } => {
            answer(rpc.reminders_done(context::current(), tenant, id).await)?;
            println!("{}", crate::text::reminder_done(id));
            Ok(())
        }
        RemindersCommand::Snooze { id, minutes } => {
            let reminder = answer(
                rpc.reminders_snooze(context::current(), tenant, id, minutes)
                    .await,
            )?;
            println!(
                "{}",
                crate::text::reminder_snoozed(
                    id,
                    &crate::format::stamp(reminder.due_at, &output::zone()),
                    &output::zone_name(),
                )
            );
            Ok(())
        }
    }
}
