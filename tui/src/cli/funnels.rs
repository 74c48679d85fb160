//! `centralita funnels list|set|remove`.

use centralita_protocol::{Funnel, LeadType, RpcError};
use tarpc::context;

use super::{Failure, Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum FunnelsCommand {
    /// The funnels in order: lead type, stages, and the keywords that send a new
    /// conversation into each.
    List {
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Add a funnel or change one: what is not given stays as it is. A new funnel needs
    /// --stages; its type defaults to sale.
    Set {
        /// The funnel's name.
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
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove a funnel that holds no leads (one must remain).
    Remove {
        /// The funnel's name.
        name: String,
        /// Print the answer as JSON instead of text.
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
        return Err(crate::text::NEED_FUNNEL_STAGES.to_string());
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

pub async fn run(session: &Session, command: FunnelsCommand) -> anyhow::Result<()> {
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
                println!("{}", crate::text::funnel_saved(&name));
            }
            (funnels, json)
        }
        FunnelsCommand::Remove { name, json } => {
            let funnels = answer(
                rpc.funnels_remove(context::current(), tenant, name.clone())
                    .await,
            )?;
            if !json {
                println!("{}", crate::text::funnel_removed(&name));
            }
            (funnels, json)
        }
    };
    output::print_value(&funnels, json, |funnels| describe_funnels(funnels))
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
            let _ = writeln!(
                out,
                "  {}: {}",
                crate::text::LABEL_KEYWORDS,
                funnel.keywords.join(", ")
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::cli::{Cli, Command};

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
                + crate::text::NO_FUNNEL_KEYWORDS.get()
                + "\n"
        );
    }
}
