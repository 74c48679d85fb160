//! `centralita queues list|pause|resume`.

use centralita_protocol::JobState;
use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum QueuesCommand {
    /// Queues with their settings and this tenant's job counts.
    List {
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Stop leasing jobs from a queue (every tenant's); running jobs finish.
    Pause {
        /// The queue's name.
        name: String,
    },
    /// Start leasing jobs from a paused queue again.
    Resume {
        /// The queue's name.
        name: String,
    },
}

pub async fn run(session: &Session, command: QueuesCommand) -> anyhow::Result<()> {
    let rpc = &session.client.rpc;
    let (name, paused) = match command {
        QueuesCommand::List { json } => {
            let tenant = session.tenant().await?;
            let queues = answer(rpc.queues_list(context::current(), tenant).await)?;
            let mut header = vec!["QUEUE", "STATUS", "CONCURRENCY"];
            header.extend(JobState::ALL.iter().map(|state| state_title(*state)));
            return output::print_rows(&queues, json, &header, |queue| {
                let mut row = vec![
                    queue.name.clone(),
                    if queue.paused { "paused" } else { "running" }.to_owned(),
                    queue.concurrency.to_string(),
                ];
                row.extend(
                    JobState::ALL
                        .iter()
                        .map(|state| queue.counts.get(*state).to_string()),
                );
                row
            });
        }
        QueuesCommand::Pause { name } => (name, true),
        QueuesCommand::Resume { name } => (name, false),
    };
    answer(
        rpc.queues_set_paused(context::current(), name.clone(), paused)
            .await,
    )?;
    println!("{}", crate::text::queue_paused_cli(&name, paused));
    Ok(())
}

fn state_title(state: JobState) -> &'static str {
    match state {
        JobState::Queued => "QUEUED",
        JobState::Running => "RUNNING",
        JobState::Succeeded => "SUCCEEDED",
        JobState::Failed => "FAILED",
        JobState::Dead => "DEAD",
        _ => "CANCELLED",
    }
}
