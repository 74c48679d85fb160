//! `centralita jobs list|show|retry|cancel`.

use centralita_protocol::{JobFilter, JobId, JobState, PageRequest, TenantId};
use tarpc::context;

use crate::text::JobFilterPart;

use super::{ListArgs, Session, answer, confirm, output};

#[derive(Debug, clap::Subcommand)]
pub enum JobsCommand {
    /// List jobs, newest first.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        list: ListArgs,
    },
    /// One job with its payload and every attempt.
    Show {
        /// The job's id.
        id: JobId,
        /// Print the job as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Put a failed, dead or cancelled job back in the queue; with --all, every one that
    /// matches the filters.
    Retry {
        /// The job to retry.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<JobId>,
        /// Retry every failed or dead job matching the filters.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        filter: FilterArgs,
        /// Do not ask for confirmation.
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Cancel a job (a running one stops when its current attempt ends).
    Cancel {
        /// The job's id.
        id: JobId,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// queued, running, succeeded, failed, dead or cancelled.
    #[arg(long)]
    pub state: Option<JobState>,
    /// Only jobs of this queue.
    #[arg(long)]
    pub queue: Option<String>,
    /// Only jobs of this kind.
    #[arg(long)]
    pub kind: Option<String>,
    /// Text in the last error (case-insensitive).
    #[arg(long = "error", value_name = "TEXT")]
    pub error_text: Option<String>,
}

impl FilterArgs {
    fn to_filter(&self) -> JobFilter {
        JobFilter {
            state: self.state,
            queue: self.queue.clone(),
            kind: self.kind.clone(),
            error_text: self.error_text.clone(),
            text: None,
        }
    }
}

pub async fn run(session: &Session, command: JobsCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        JobsCommand::List { filter, list: rows } => {
            list(session, tenant, &filter, rows.limit, rows.json).await
        }
        JobsCommand::Show { id, json } => show(session, tenant, id, json).await,
        JobsCommand::Retry { id: Some(id), .. } => {
            let job = answer(rpc.jobs_retry(context::current(), tenant, id).await)?;
            println!("{}", crate::text::job_retried(job.id, &job.kind));
            Ok(())
        }
        JobsCommand::Retry {
            id: None,
            filter,
            yes,
            ..
        } => {
            let filter = filter.to_filter();
            if !yes {
                confirm(
                    &crate::text::confirm_retry_matching(&tenant, describe(&filter)),
                    crate::text::NOTHING_RETRIED.get(),
                )?;
            }
            let count = answer(
                rpc.jobs_retry_matching(context::current(), tenant, filter)
                    .await,
            )?;
            println!("{}", crate::text::jobs_retried(count));
            Ok(())
        }
        JobsCommand::Cancel { id } => {
            let job = answer(rpc.jobs_cancel(context::current(), tenant, id).await)?;
            if job.state == JobState::Running {
                println!("{}", crate::text::job_cancel_pending(job.id));
            } else {
                println!("{}", crate::text::job_cancelled(job.id));
            }
            Ok(())
        }
    }
}

async fn list(
    session: &Session,
    tenant: TenantId,
    filter: &FilterArgs,
    limit: u32,
    json: bool,
) -> anyhow::Result<()> {
    let request = session.client.rpc.jobs_list(
        context::current(),
        tenant,
        filter.to_filter(),
        PageRequest::first(limit),
    );
    let page = answer(request.await)?;
    let header = [
        "ID",
        "STATE",
        "QUEUE",
        "KIND",
        "ATTEMPTS",
        "RUN AT",
        "LAST ERROR",
    ];
    output::print_rows(&page.jobs, json, &header, |job| {
        vec![
            job.id.to_string(),
            job.state.to_string(),
            job.queue.clone(),
            job.kind.clone(),
            format!("{}/{}", job.attempts, job.max_attempts),
            output::when(job.run_at),
            job.last_error
                .as_deref()
                .map(|error| crate::text::kept_error(error, job.last_error_words.as_ref()))
                .unwrap_or_default(),
        ]
    })?;
    if !json && page.next.is_some() {
        eprintln!("{}", crate::text::MORE_JOBS);
    }
    Ok(())
}

async fn show(session: &Session, tenant: TenantId, id: JobId, json: bool) -> anyhow::Result<()> {
    let detail = answer(
        session
            .client
            .rpc
            .jobs_show(context::current(), tenant, id)
            .await,
    )?;
    if json {
        return output::print_json(&detail);
    }
    let job = &detail.job;
    println!(
        "{}",
        crate::text::job_heading(job.id, job.state, &job.queue, &job.kind)
    );
    println!(
        "{}",
        crate::text::job_attempts(
            job.attempts,
            job.max_attempts,
            output::when(job.run_at),
            output::when(job.created_at)
        )
    );
    if let Some(key) = &job.unique_key {
        println!("{}", crate::text::unique_key(key));
    }
    if let Some(schedule) = &job.schedule {
        println!("{} {schedule}", crate::text::LABEL_SCHEDULE);
    }
    if let Some(error) = &job.last_error {
        let error = crate::text::kept_error(error, job.last_error_words.as_ref());
        println!("{}", crate::text::last_error(error));
    }
    println!(
        "{}:\n{}",
        crate::text::PAYLOAD,
        serde_json::to_string_pretty(&detail.payload)?
    );
    if !detail.attempts.is_empty() {
        let mut table = output::Table::new(vec!["#", "STARTED", "FINISHED", "RESULT"]);
        for attempt in &detail.attempts {
            table.row(vec![
                attempt.number.to_string(),
                output::when(attempt.started_at),
                attempt.finished_at.map(output::when).unwrap_or_default(),
                attempt.error.as_deref().map_or_else(
                    || "ok".into(),
                    |error| crate::text::kept_error(error, attempt.error_words.as_ref()),
                ),
            ]);
        }
        print!("{}", table.render());
    }
    Ok(())
}

fn describe(filter: &JobFilter) -> String {
    let mut parts = Vec::new();
    if let Some(state) = filter.state {
        parts.push(crate::text::filter_part(JobFilterPart::State, state));
    }
    if let Some(queue) = &filter.queue {
        parts.push(crate::text::filter_part(JobFilterPart::Queue, queue));
    }
    if let Some(kind) = &filter.kind {
        parts.push(crate::text::filter_part(JobFilterPart::Kind, kind));
    }
    if let Some(text) = &filter.error_text {
        parts.push(crate::text::error_containing(text));
    }
    if parts.is_empty() {
        crate::text::NO_FILTER.to_string()
    } else {
        parts.join(", ")
    }
}
