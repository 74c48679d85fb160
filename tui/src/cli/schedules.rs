//! `centralita schedules list|pause|resume|run-now`: the tenant's recurring jobs.

use centralita_protocol::Schedule;
use tarpc::context;

use super::{Session, answer, output};
use crate::text;

#[derive(Debug, clap::Subcommand)]
pub enum SchedulesCommand {
    /// The tenant's recurring jobs, by name (supervisors and admins).
    List {
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Stop making a schedule's jobs; the ones already queued still run.
    Pause {
        /// The schedule's name.
        name: String,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Make a paused schedule's jobs again, from its next slot.
    Resume {
        /// The schedule's name.
        name: String,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Make a schedule's job now, outside its slots.
    RunNow {
        /// The schedule's name.
        name: String,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// The table of `schedules list`, and of `pause` and `resume` (one row).
const HEADER: [&str; 7] = [
    "NAME",
    "KIND",
    "EVERY",
    "PAUSED",
    "NEXT AT",
    "LAST SLOT",
    "LAST JOB",
];

pub async fn run(session: &Session, command: SchedulesCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    let (name, paused, json) = match command {
        SchedulesCommand::List { json } => {
            let schedules = answer(rpc.schedules_list(context::current(), tenant).await)?;
            return output::print_rows(&schedules, json, &HEADER, cells);
        }
        SchedulesCommand::RunNow { name, json } => {
            let job = answer(
                rpc.schedules_run_now(context::current(), tenant, name.clone())
                    .await,
            )?;
            if json {
                return output::print_json(&serde_json::json!({ "job": job }));
            }
            println!("{}", text::schedule_ran(&name, job.0));
            return Ok(());
        }
        SchedulesCommand::Pause { name, json } => (name, true, json),
        SchedulesCommand::Resume { name, json } => (name, false, json),
    };
    let schedule = answer(
        rpc.schedules_pause(context::current(), tenant, name, paused)
            .await,
    )?;
    output::print_value(&schedule, json, |schedule| {
        format!(
            "{}\n",
            text::schedule_paused(
                &schedule.name,
                schedule.paused,
                &output::when(schedule.next_at)
            )
        )
    })
}

/// A schedule as a row of [`HEADER`].
fn cells(schedule: &Schedule) -> Vec<String> {
    vec![
        schedule.name.clone(),
        schedule.kind.clone(),
        schedule.every.clone(),
        if schedule.paused { "yes" } else { "" }.to_owned(),
        output::when(schedule.next_at),
        schedule.last_slot.map(output::when).unwrap_or_default(),
        schedule
            .last_job
            .map(|job| job.to_string())
            .unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use centralita_protocol::JobId;
    use clap::Parser as _;
    use jiff::Timestamp;

    use super::*;
    use crate::cli::{Cli, Command};

    fn schedules(args: &[&str]) -> Result<SchedulesCommand, clap::Error> {
        let line = ["centralita", "schedules"].iter().chain(args).copied();
        match Cli::try_parse_from(line)?.command {
            Some(Command::Schedules(command)) => Ok(command),
            other => panic!("not a schedules command: {other:?}"),
        }
    }

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(second).expect("a fixed time in range")
    }

    #[test]
    fn schedules_verbs_parse_with_json_everywhere() {
        assert!(matches!(
            schedules(&["list", "--json"]),
            Ok(SchedulesCommand::List { json: true })
        ));
        for (verb, paused) in [("pause", true), ("resume", false)] {
            match schedules(&[verb, "mail-sync", "--json"]) {
                Ok(SchedulesCommand::Pause { name, json: true }) if paused => {
                    assert_eq!(name, "mail-sync");
                }
                Ok(SchedulesCommand::Resume { name, json: true }) if !paused => {
                    assert_eq!(name, "mail-sync");
                }
                other => panic!("{verb} parses: {other:?}"),
            }
        }
        assert!(matches!(
            schedules(&["run-now", "mail-sync"]),
            Ok(SchedulesCommand::RunNow { json: false, .. })
        ));
        assert!(schedules(&["pause"]).is_err(), "the name is needed");
    }

    #[test]
    fn a_schedule_row_shows_when_it_runs_and_what_it_made_last() {
        let schedule = Schedule {
            name: "mail-sync".into(),
            kind: "mail.sync".into(),
            every: "every 30 min".into(),
            paused: true,
            next_at: at(1_790_001_800),
            last_slot: Some(at(1_790_000_000)),
            last_job: Some(JobId(57)),
        };
        assert_eq!(
            cells(&schedule),
            [
                "mail-sync",
                "mail.sync",
                "every 30 min",
                "yes",
                &output::when(at(1_790_001_800)),
                &output::when(at(1_790_000_000)),
                "57",
            ]
        );
        let fresh = Schedule {
            paused: false,
            last_slot: None,
            last_job: None,
            ..schedule
        };
        assert_eq!(
            cells(&fresh)[3..],
            ["", &output::when(at(1_790_001_800)), "", ""]
        );
    }
}
