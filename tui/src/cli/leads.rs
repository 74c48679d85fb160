//! `centralita leads list|show|add|edit|move|note|funnel`, `funnels list|set|remove`,
//! `reminders`, `reports`.

use centralita_protocol::{Funnel, Lead, LeadEdit, LeadStatus, LeadType, ReportRange, RpcError};
use tarpc::context;

use super::{Failure, Session, answer, output};

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
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// One lead with its notes.
    Show {
        id: u64,
        #[arg(long)]
        json: bool,
    },
    /// Open a lead by hand for a contact.
    Add {
        /// The contact's id (`centralita contacts list`).
        contact: u64,
        /// sale, no_interest, future_contact, support or recovery.
        #[arg(long = "type", default_value = "sale")]
        lead_type: LeadType,
    },
    /// Change type, status, assignee or value.
    Edit {
        id: u64,
        #[arg(long = "type")]
        lead_type: Option<LeadType>,
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
    Move { id: u64, stage: String },
    /// Add a note.
    Note { id: u64, text: String },
    /// Leads per funnel stage and the average time there.
    Funnel {
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
            limit,
            json,
        } => list(session, status, funnel, limit, json).await,
        LeadsCommand::Show { id, json } => {
            let lead = answer(rpc.leads_show(context::current(), tenant, id).await)?;
            if json {
                return output::print_json(&lead);
            }
            print!("{}", describe(&lead));
            Ok(())
        }
        LeadsCommand::Add { contact, lead_type } => {
            let lead = answer(
                rpc.leads_add(context::current(), tenant, contact, lead_type)
                    .await,
            )?;
            println!(
                "lead {} opened ({} funnel, {})",
                lead.id, lead.funnel, lead.stage
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
                "lead {} is in {} ({} funnel)",
                lead.id, lead.stage, lead.funnel
            );
            Ok(())
        }
        LeadsCommand::Note { id, text } => {
            let lead = answer(rpc.leads_note(context::current(), tenant, id, text).await)?;
            println!("lead {} has {} notes", lead.id, lead.notes.len());
            Ok(())
        }
        LeadsCommand::Funnel { json } => {
            let stages = answer(rpc.leads_funnel(context::current(), tenant).await)?;
            if json {
                return output::print_json(&stages);
            }
            let mut table = output::Table::new(vec!["FUNNEL", "STAGE", "LEADS", "AVG TIME"]);
            for stage in &stages {
                table.row(vec![
                    stage.funnel.clone(),
                    stage.stage.clone(),
                    stage.leads.to_string(),
                    duration(stage.average_secs),
                ]);
            }
            print!("{}", table.render());
            Ok(())
        }
    }
}

async fn list(
    session: &Session,
    status: Option<LeadStatus>,
    funnel: Option<String>,
    limit: u32,
    json: bool,
) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    let mut leads = answer(rpc.leads_list(context::current(), tenant, limit).await)?;
    leads.retain(|lead| {
        status.is_none_or(|status| lead.status == status)
            && funnel.as_ref().is_none_or(|funnel| lead.funnel == *funnel)
    });
    if json {
        return output::print_json(&leads);
    }
    let mut table = output::Table::new(vec![
        "ID", "CONTACT", "TYPE", "STATUS", "FUNNEL", "STAGE", "ASSIGNEE", "VALUE",
    ]);
    for lead in &leads {
        table.row(vec![
            lead.id.to_string(),
            lead.contact_name
                .clone()
                .unwrap_or_else(|| format!("contact {}", lead.contact)),
            lead.lead_type.to_string(),
            lead.status.to_string(),
            lead.funnel.clone(),
            lead.stage.clone(),
            lead.assignee.clone().unwrap_or_default(),
            lead.value.clone().unwrap_or_default(),
        ]);
    }
    print!("{}", table.render());
    Ok(())
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
    let mut out = format!(
        "lead {} · {} · {} · {} funnel, {} since {}\n",
        lead.id,
        lead.contact_name.as_deref().unwrap_or("(no name)"),
        lead.lead_type,
        lead.funnel,
        lead.stage,
        output::when(lead.stage_since)
    );
    let _ = writeln!(
        out,
        "status {} · assignee {} · value {}",
        lead.status,
        lead.assignee.as_deref().unwrap_or("-"),
        lead.value.as_deref().unwrap_or("-")
    );
    if let Some(conversation) = lead.conversation {
        let _ = writeln!(out, "conversation {conversation}");
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

#[derive(Debug, clap::Subcommand)]
pub enum FunnelsCommand {
    /// The funnels in order: lead type, stages, and the keywords that send a new
    /// conversation into each.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a funnel or change one: what is not given stays as it is. A new funnel needs
    /// --stages; its type defaults to sale.
    Set {
        name: String,
        /// Stage names in order, comma-separated (a new lead starts in the first). A stage that
        /// still holds leads may not be dropped.
        #[arg(long, value_delimiter = ',', value_name = "A,B,C")]
        stages: Option<Vec<String>>,
        /// Words or phrases, comma-separated, that send a customer's first message here
        /// (`""` clears them: the funnel then takes what no other funnel's keywords match).
        #[arg(long, value_delimiter = ',', value_name = "X,Y")]
        keywords: Option<Vec<String>>,
        /// The type of the leads it opens: sale, no_interest, future_contact, support or
        /// recovery.
        #[arg(long = "type")]
        lead_type: Option<LeadType>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a funnel that holds no leads (one must remain).
    Remove {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

/// What `funnels set` changes; `None` keeps what the funnel has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct FunnelChange {
    stages: Option<Vec<String>>,
    keywords: Option<Vec<String>>,
    lead_type: Option<LeadType>,
}

/// Comma-separated words as typed: trimmed, blanks dropped.
fn words(list: Vec<String>) -> Vec<String> {
    list.into_iter()
        .map(|word| word.trim().to_owned())
        .filter(|word| !word.is_empty())
        .collect()
}

/// The funnel `funnels set NAME` puts: the current one with the changes, or a new one.
fn changed_funnel(current: &[Funnel], name: &str, change: FunnelChange) -> Result<Funnel, String> {
    let stages = change.stages.map(words);
    if stages.as_ref().is_some_and(Vec::is_empty) {
        return Err(crate::text::NEED_FUNNEL_STAGES.to_owned());
    }
    let keywords = change.keywords.map(words);
    if let Some(existing) = current.iter().find(|funnel| funnel.name == name) {
        return Ok(Funnel {
            name: existing.name.clone(),
            lead_type: change.lead_type.unwrap_or(existing.lead_type),
            stages: stages.unwrap_or_else(|| existing.stages.clone()),
            keywords: keywords.unwrap_or_else(|| existing.keywords.clone()),
        });
    }
    let Some(stages) = stages else {
        return Err(crate::text::new_funnel_needs_stages(name));
    };
    Ok(Funnel {
        name: name.to_owned(),
        lead_type: change.lead_type.unwrap_or(LeadType::Sale),
        stages,
        keywords: keywords.unwrap_or_default(),
    })
}

pub async fn funnels(session: &Session, command: FunnelsCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    let (funnels, json) = match command {
        FunnelsCommand::List { json } => (
            answer(rpc.funnels_list(context::current(), tenant).await)?,
            json,
        ),
        FunnelsCommand::Set {
            name,
            stages,
            keywords,
            lead_type,
            json,
        } => {
            let current = answer(rpc.funnels_list(context::current(), tenant.clone()).await)?;
            let change = FunnelChange {
                stages,
                keywords,
                lead_type,
            };
            let funnel = changed_funnel(&current, &name, change)
                .map_err(|message| Failure::Rpc(RpcError::invalid(message)))?;
            let funnels = answer(rpc.funnels_put(context::current(), tenant, funnel).await)?;
            if !json {
                println!("funnel {name} saved");
            }
            (funnels, json)
        }
        FunnelsCommand::Remove { name, json } => {
            let funnels = answer(
                rpc.funnels_remove(context::current(), tenant, name.clone())
                    .await,
            )?;
            if !json {
                println!("funnel {name} removed");
            }
            (funnels, json)
        }
    };
    if json {
        return output::print_json(&funnels);
    }
    print!("{}", describe_funnels(&funnels));
    Ok(())
}

/// Funnels for a terminal: `name · type · a → b → c` and their keywords below.
fn describe_funnels(funnels: &[Funnel]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for funnel in funnels {
        let _ = writeln!(
            out,
            "{} · {} · {}",
            funnel.name,
            funnel.lead_type,
            funnel.stages.join(" → ")
        );
        if funnel.keywords.is_empty() {
            let _ = writeln!(out, "  {}", crate::text::NO_FUNNEL_KEYWORDS);
        } else {
            let _ = writeln!(out, "  keywords: {}", funnel.keywords.join(", "));
        }
    }
    out
}

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

pub async fn reminders(session: &Session, command: RemindersCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        RemindersCommand::List { all, json } => {
            let reminders = answer(rpc.reminders_list(context::current(), tenant, all).await)?;
            if json {
                return output::print_json(&reminders);
            }
            let mut table = output::Table::new(vec!["ID", "DUE", "LEAD", "WHO", "DONE", "TEXT"]);
            for reminder in &reminders {
                table.row(vec![
                    reminder.id.to_string(),
                    output::when(reminder.due_at),
                    reminder.lead.to_string(),
                    reminder.assignee.clone(),
                    if reminder.done { "yes" } else { "" }.to_owned(),
                    reminder.text.clone(),
                ]);
            }
            print!("{}", table.render());
            Ok(())
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
                "reminder {} for {} at {}",
                reminder.id,
                reminder.assignee,
                output::when(reminder.due_at)
            );
            Ok(())
        }
        RemindersCommand::Done { id } => {
            answer(rpc.reminders_done(context::current(), tenant, id).await)?;
            println!("reminder {id} done");
            Ok(())
        }
        RemindersCommand::Snooze { id, minutes } => {
            let reminder = answer(
                rpc.reminders_snooze(context::current(), tenant, id, minutes)
                    .await,
            )?;
            println!("reminder {id} again at {}", output::when(reminder.due_at));
            Ok(())
        }
    }
}

/// `centralita reports NAME [--days N | --from DATE [--to DATE]]`: a table with bars.
#[derive(Debug, clap::Args)]
pub struct ReportsArgs {
    /// channels, leads, countries, operators, first-response or funnels.
    pub name: String,
    /// The period: the last N days (7, 30, 90 or any; default 30).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub days: Option<u32>,
    /// The period's first day (YYYY-MM-DD, America/Lima).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub from: Option<jiff::civil::Date>,
    /// The period's last day, included (YYYY-MM-DD, America/Lima; default today).
    #[arg(long, value_name = "DATE", value_parser = parse_day, requires = "from")]
    pub to: Option<jiff::civil::Date>,
    #[arg(long)]
    pub json: bool,
}

/// The days of reports are days in the tenant's time zone.
const REPORT_ZONE: &str = "America/Lima";
/// The period when neither `--days` nor `--from` is given.
const DEFAULT_REPORT_DAYS: u32 = 30;

fn parse_day(text: &str) -> Result<jiff::civil::Date, String> {
    text.trim()
        .parse::<jiff::civil::Date>()
        .map_err(|_| format!("{text:?} is not a date: write YYYY-MM-DD"))
}

impl ReportsArgs {
    /// The range to ask for; `today` is the current day in [`REPORT_ZONE`], the default `--to`.
    fn range(&self, today: jiff::civil::Date) -> anyhow::Result<ReportRange> {
        let Some(from) = self.from else {
            return Ok(ReportRange::Days(self.days.unwrap_or(DEFAULT_REPORT_DAYS)));
        };
        let to = self.to.unwrap_or(today);
        if from > to {
            return Err(Failure::Rpc(RpcError::invalid(format!(
                "--from {from} is after --to {to}"
            )))
            .into());
        }
        let start = |day: jiff::civil::Date| -> anyhow::Result<jiff::Timestamp> {
            Ok(day.in_tz(REPORT_ZONE)?.timestamp())
        };
        Ok(ReportRange::Between {
            from: start(from)?,
            // `--to` is included: the range ends where the next day starts.
            to: start(to.tomorrow()?)?,
        })
    }
}

pub async fn report(session: &Session, args: ReportsArgs) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let today = jiff::Timestamp::now().in_tz(REPORT_ZONE)?.date();
    let range = args.range(today)?;
    let report = answer(
        session
            .client
            .rpc
            .reports(context::current(), tenant, args.name, range)
            .await,
    )?;
    if args.json {
        return output::print_json(&report);
    }
    println!(
        "{} ({} to {}, {})",
        report.title,
        output::when(report.from),
        output::when(report.to),
        report.unit
    );
    if report.rows.is_empty() {
        println!("nothing in this period");
        return Ok(());
    }
    let widest = report
        .rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    let top = report
        .rows
        .iter()
        .map(|(_, value)| *value)
        .fold(0.0_f64, f64::max);
    for (label, value) in &report.rows {
        let bar = if top > 0.0 {
            (value / top * 30.0).round() as usize
        } else {
            0
        };
        println!("{label:<widest$}  {value:>10.1}  {}", "█".repeat(bar));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::cli::{Cli, Command};

    fn reports(args: &[&str]) -> Result<ReportsArgs, clap::Error> {
        let line = ["centralita", "reports"].iter().chain(args).copied();
        match Cli::try_parse_from(line)?.command {
            Some(Command::Reports(args)) => Ok(args),
            other => panic!("not a reports command: {other:?}"),
        }
    }

    fn day(text: &str) -> jiff::civil::Date {
        text.parse().expect("a date")
    }

    fn at(text: &str) -> jiff::Timestamp {
        text.parse().expect("a timestamp")
    }

    fn funnels(args: &[&str]) -> Result<FunnelsCommand, clap::Error> {
        let line = ["centralita", "funnels"].iter().chain(args).copied();
        match Cli::try_parse_from(line)?.command {
            Some(Command::Funnels(command)) => Ok(command),
            other => panic!("not a funnels command: {other:?}"),
        }
    }

    fn funnel(name: &str, lead_type: LeadType, stages: &[&str], keywords: &[&str]) -> Funnel {
        Funnel {
            name: name.to_owned(),
            lead_type,
            stages: stages.iter().map(|stage| (*stage).to_owned()).collect(),
            keywords: keywords.iter().map(|word| (*word).to_owned()).collect(),
        }
    }

    fn defaults() -> Vec<Funnel> {
        vec![
            funnel(
                "sales",
                LeadType::Sale,
                &["initial_chat", "negotiation", "debate", "closing"],
                &["precio"],
            ),
            funnel(
                "support",
                LeadType::Support,
                &["initial_contact", "support_process", "closing"],
                &[],
            ),
        ]
    }

    #[test]
    fn funnels_list_set_and_remove_parse() {
        assert!(matches!(
            funnels(&["list", "--json"]),
            Ok(FunnelsCommand::List { json: true })
        ));
        let Ok(FunnelsCommand::Set {
            name,
            stages,
            keywords,
            lead_type,
            json,
        }) = funnels(&[
            "set",
            "rentals",
            "--stages",
            "new, visit,contract",
            "--keywords",
            "alquiler,departamento",
            "--type",
            "future-contact",
        ])
        else {
            panic!("set parses")
        };
        assert_eq!(name, "rentals");
        assert_eq!(
            stages.map(words),
            Some(vec!["new".into(), "visit".into(), "contract".into()])
        );
        assert_eq!(
            keywords,
            Some(vec!["alquiler".into(), "departamento".into()])
        );
        assert_eq!(lead_type, Some(LeadType::FutureContact));
        assert!(!json);
        assert!(funnels(&["set", "sales", "--type", "boss"]).is_err());
        let Ok(FunnelsCommand::Set { keywords, .. }) = funnels(&["set", "sales", "--keywords", ""])
        else {
            panic!("empty keywords parse")
        };
        assert_eq!(keywords.map(words), Some(Vec::new()), "and clear them");
        assert!(matches!(
            funnels(&["remove", "rentals"]),
            Ok(FunnelsCommand::Remove { .. })
        ));
        assert!(funnels(&["remove"]).is_err());
    }

    #[test]
    fn setting_an_existing_funnel_keeps_what_is_not_given() {
        let change = FunnelChange {
            keywords: Some(vec!["precio".into(), " cotización ".into()]),
            ..FunnelChange::default()
        };
        assert_eq!(
            changed_funnel(&defaults(), "sales", change),
            Ok(funnel(
                "sales",
                LeadType::Sale,
                &["initial_chat", "negotiation", "debate", "closing"],
                &["precio", "cotización"],
            ))
        );
        let change = FunnelChange {
            stages: Some(vec!["open".into(), "done".into()]),
            keywords: Some(vec![String::new()]),
            lead_type: Some(LeadType::Recovery),
        };
        assert_eq!(
            changed_funnel(&defaults(), "sales", change),
            Ok(funnel("sales", LeadType::Recovery, &["open", "done"], &[])),
            "`--keywords \"\"` clears them"
        );
    }

    #[test]
    fn a_new_funnel_needs_stages_and_is_a_sale_by_default() {
        let change = FunnelChange {
            stages: Some(vec!["new".into(), "visit".into()]),
            ..FunnelChange::default()
        };
        assert_eq!(
            changed_funnel(&defaults(), "rentals", change),
            Ok(funnel("rentals", LeadType::Sale, &["new", "visit"], &[]))
        );
        let error =
            changed_funnel(&defaults(), "rentals", FunnelChange::default()).expect_err("no stages");
        assert!(error.contains("--stages"), "{error}");
        let change = FunnelChange {
            stages: Some(vec![" ".into()]),
            ..FunnelChange::default()
        };
        assert!(changed_funnel(&defaults(), "sales", change).is_err());
    }

    #[test]
    fn funnels_print_stages_with_arrows_and_their_keywords() {
        let text = describe_funnels(&defaults());
        assert_eq!(
            text,
            "sales · sale · initial_chat → negotiation → debate → closing\n  keywords: precio\n\
             support · support · initial_contact → support_process → closing\n  "
                .to_owned()
                + crate::text::NO_FUNNEL_KEYWORDS
                + "\n"
        );
    }

    #[test]
    fn reports_default_to_the_last_30_days() {
        let args = reports(&["leads"]).expect("parses");
        assert_eq!(
            args.range(day("2026-03-10")).expect("a range"),
            ReportRange::Days(30)
        );
        let args = reports(&["leads", "--days", "7", "--json"]).expect("parses");
        assert_eq!(
            args.range(day("2026-03-10")).expect("a range"),
            ReportRange::Days(7)
        );
    }

    #[test]
    fn from_and_to_are_whole_days_in_lima_with_to_included() {
        let args =
            reports(&["leads", "--from", "2026-01-01", "--to", "2026-01-31"]).expect("parses");
        assert_eq!(
            args.range(day("2026-03-10")).expect("a range"),
            ReportRange::Between {
                from: at("2026-01-01T05:00:00Z"),
                to: at("2026-02-01T05:00:00Z"),
            }
        );
    }

    #[test]
    fn to_defaults_to_today() {
        let args = reports(&["channels", "--from", "2026-03-01"]).expect("parses");
        assert_eq!(
            args.range(day("2026-03-10")).expect("a range"),
            ReportRange::Between {
                from: at("2026-03-01T05:00:00Z"),
                to: at("2026-03-11T05:00:00Z"),
            }
        );
    }

    #[test]
    fn days_conflicts_with_dates_and_bad_dates_name_the_flag() {
        assert!(reports(&["leads", "--days", "7", "--from", "2026-01-01"]).is_err());
        assert!(reports(&["leads", "--days", "7", "--to", "2026-01-01"]).is_err());
        assert!(
            reports(&["leads", "--to", "2026-01-01"]).is_err(),
            "--to needs --from"
        );
        let error = reports(&["leads", "--from", "2026-13-01"]).expect_err("a bad month");
        assert!(error.to_string().contains("--from"), "{error}");
        let error = reports(&["leads", "--from", "2026-01-01", "--to", "yesterday"])
            .expect_err("not a date");
        assert!(error.to_string().contains("--to"), "{error}");
    }

    #[test]
    fn from_after_to_is_refused() {
        let args =
            reports(&["leads", "--from", "2026-02-01", "--to", "2026-01-01"]).expect("parses");
        let error = args.range(day("2026-03-10")).expect_err("backwards");
        assert!(error.to_string().contains("after"), "{error}");
    }
}
