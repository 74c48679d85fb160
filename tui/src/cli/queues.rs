//! `centralita queues list|pause|resume`.

use centralita_protocol::JobState;
use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum QueuesCommand {
    /// Queues with their settings and this tenant's job counts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop leasing jobs from a queue (every tenant's); running jobs finish.
    Pause { name: String },
    /// Start leasing jobs from a paused queue again.
    Resume { name: String },
}

pub async fn run(session: &Session, command: QueuesCommand) -> anyhow::Result<()> {
    let rpc = &session.client.rpc;
    match command {
        QueuesCommand::List { json } => {
            let tenant = session.tenant().await?;
            let queues = answer(rpc.queues_list(context::current(), tenant).await)?;
            if json {
                return output::print_json(&queues);
            }
            let mut header = vec!["QUEUE", "STATUS", "CONCURRENCY"];
            header.extend(JobState::ALL.iter().map(|state| state_title(*state)));
            let mut table = output::Table::new(header);
            for queue in &queues {
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
                table.row(row);
            }
            print!("{}", table.render());
            Ok(())
        }
        QueuesCommand::Pause { name } => {
            answer(
                rpc.queues_set_paused(context::current(), name.clone(), true)
                    .await,
            )?;
            println!("queue {name} paused");
            Ok(())
        }
        QueuesCommand::Resume { name } => {
            answer(
                rpc.queues_set_paused(context::current(), name.clone(), false)
                    .await,
            )?;
            println!("queue {name} resumed");
            Ok(())
        }
    }
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
