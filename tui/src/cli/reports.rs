//! `centralita reports NAME [--days N | --from DATE [--to DATE]]`.

use centralita_protocol::{ReportRange, RpcError};
use tarpc::context;

use super::{Failure, Session, answer, output};

/// `centralita reports NAME [--days N | --from DATE [--to DATE]]`: a table with bars.
#[derive(Debug, clap::Args)]
pub struct ReportsArgs {
    /// channels, leads, countries, operators, first-response or funnels.
    pub name: String,
    /// The period: the last N days (7, 30, 90 or any; default 30).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub days: Option<u32>,
    /// The period's first day (2024-11-15 or 15/11/2024, in the tenant's time zone).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub from: Option<jiff::civil::Date>,
    /// The period's last day, included (2024-11-15 or 15/11/2024, in the tenant's time zone; default today).
    #[arg(long, value_name = "DATE", value_parser = parse_day, requires = "from")]
    pub to: Option<jiff::civil::Date>,
    /// Print the answer as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The period when neither `--days` nor `--from` is given.
const DEFAULT_REPORT_DAYS: u32 = 30;

fn parse_day(text: &str) -> Result<jiff::civil::Date, String> {
    crate::dates::parse_day(text)
}

impl ReportsArgs {
    /// The range to ask for, in days of `zone` (the tenant's); `today` is the current day
    /// there, the default `--to`.
    fn range(
        &self,
        today: jiff::civil::Date,
        zone: &jiff::tz::TimeZone,
    ) -> anyhow::Result<ReportRange> {
        let Some(from) = self.from else {
            return Ok(ReportRange::Days(self.days.unwrap_or(DEFAULT_REPORT_DAYS)));
        };
        let to = self.to.unwrap_or(today);
        if from > to {
            return Err(
                Failure::Rpc(RpcError::invalid(crate::text::from_after_to(from, to))).into(),
            );
        }
        let start = |day: jiff::civil::Date| -> anyhow::Result<jiff::Timestamp> {
            Ok(day.to_zoned_datetime(zone.clone())?.timestamp())
        };
        Ok(ReportRange::Between {
            from: start(from)?,
            // `--to` is included: the range ends where the next day starts.
            to: start(to.tomorrow()?)?,
        })
    }
}

pub async fn run(session: &Session, args: ReportsArgs) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let zone = output::zone();
    let today = crate::format::day_of(jiff::Timestamp::now(), &zone);
    let range = args.range(today, &zone)?;
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
    let report = crate::text::report_in_lang(report);
    println!(
        "{}",
        crate::text::report_heading(
            &report.title,
            output::when(report.from),
            output::when(report.to),
            &report.unit
        )
    );
    if report.rows.is_empty() {
        println!("{}", crate::text::NOTHING_IN_PERIOD);
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
        println!(
            "{label:<widest$}  {:>10}  {}",
            crate::format::quantity(*value, crate::text::lang()),
            "█".repeat(bar)
        );
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

    fn lima() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("America/Lima").expect("a zone")
    }

    #[test]
    fn days_are_the_tenants_days() {
        let args =
            reports(&["leads", "--from", "2026-03-01", "--to", "2026-03-01"]).expect("parses");
        let santiago = jiff::tz::TimeZone::get("America/Santiago").expect("a zone");
        assert_eq!(
            args.range(day("2026-03-10"), &santiago).expect("a range"),
            ReportRange::Between {
                from: at("2026-03-01T03:00:00Z"),
                to: at("2026-03-02T03:00:00Z"),
            },
            "summer time in Chile is UTC-3"
        );
    }

    #[test]
    fn reports_default_to_the_last_30_days() {
        let args = reports(&["leads"]).expect("parses");
        assert_eq!(
            args.range(day("2026-03-10"), &lima()).expect("a range"),
            ReportRange::Days(30)
        );
        let args = reports(&["leads", "--days", "7", "--json"]).expect("parses");
        assert_eq!(
            args.range(day("2026-03-10"), &lima()).expect("a range"),
            ReportRange::Days(7)
        );
    }

    #[test]
    fn from_and_to_are_whole_days_in_lima_with_to_included() {
        let args =
            reports(&["leads", "--from", "2026-01-01", "--to", "2026-01-31"]).expect("parses");
        assert_eq!(
            args.range(day("2026-03-10"), &lima()).expect("a range"),
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
            args.range(day("2026-03-10"), &lima()).expect("a range"),
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
        let error = args
            .range(day("2026-03-10"), &lima())
            .expect_err("backwards");
        assert!(error.to_string().contains("after"), "{error}");
    }
}
