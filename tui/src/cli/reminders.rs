//! `centralita reminders list|add|done|snooze`.

use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum RemindersCommand {
    /// Your reminders (everyone's for supervisors), soonest first.
    List {
        /// Also the completed ones.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Remind about a lead at a time (YYYY-MM-DD HH:MM, America/Lima).
    Add {
        lead: u64,
        due: String,
        text: String,
        /// Who is reminded (default: you).
        #[arg(long)]
        assignee: Option<String>,
    },
    /// Mark a reminder done.
    Done { id: u64 },
    /// Remind again in this many minutes.
    Snooze {
        id: u64,
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
                    &reminder.assignee,
                    output::when(reminder.due_at)
                )
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
                crate::text::reminder_snoozed(id, output::when(reminder.due_at))
            );
            Ok(())
        }
    }
}
