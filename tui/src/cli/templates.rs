//! `centralita templates [--sync]`: the WhatsApp message templates Meta approved (or
//! rejected), the only messages a business may send outside the 24-hour window.

use centralita_protocol::{CentralitaClient, TenantId};
use tarpc::context;

use super::{Session, answer, output};

/// The WhatsApp templates Meta reported (name, language, status, category, variables); only
/// APPROVED ones can be sent (`conversations send ID --template NAME`).
#[derive(Debug, clap::Args)]
pub struct TemplatesArgs {
    /// Fetch them from Meta now (a job; supervisors and admins).
    #[arg(long)]
    sync: bool,
    /// Print the answer as JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub async fn run(session: &Session, args: TemplatesArgs) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    whatsapp_templates(&session.client.rpc, tenant, args.sync, args.json).await
}

/// The list, or with `sync` the job that refreshes it.
async fn whatsapp_templates(
    rpc: &CentralitaClient,
    tenant: TenantId,
    sync: bool,
    json: bool,
) -> anyhow::Result<()> {
    if sync {
        let job = answer(
            rpc.whatsapp_templates_sync(context::current(), tenant)
                .await,
        )?;
        if json {
            return output::print_json(&serde_json::json!({ "job": job }));
        }
        println!("{}", crate::text::whatsapp_sync_queued(job.0));
        return Ok(());
    }
    let templates = answer(
        rpc.whatsapp_templates_list(context::current(), tenant)
            .await,
    )?;
    if templates.is_empty() && !json {
        println!("{}", crate::text::NO_WHATSAPP_TEMPLATES);
        return Ok(());
    }
    let header = [
        "NAME", "LANGUAGE", "STATUS", "CATEGORY", "VARS", "BODY", "REASON",
    ];
    output::print_rows(&templates, json, &header, |template| {
        vec![
            template.name.clone(),
            template.language.clone(),
            template.status.clone(),
            template.category.clone().unwrap_or_default(),
            template.variables.to_string(),
            template.body.clone().unwrap_or_default(),
            template.reason.clone().unwrap_or_default(),
        ]
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use crate::cli::{Cli, Command};

    #[test]
    fn templates_list_or_sync() {
        let cli =
            Cli::try_parse_from(["centralita", "templates", "--sync", "--json"]).expect("parses");
        assert!(matches!(
            cli.command,
            Some(Command::Templates(super::TemplatesArgs {
                sync: true,
                json: true
            }))
        ));
        let cli = Cli::try_parse_from(["centralita", "templates"]).expect("parses");
        assert!(matches!(
            cli.command,
            Some(Command::Templates(super::TemplatesArgs {
                sync: false,
                json: false
            }))
        ));
        assert!(Cli::try_parse_from(["centralita", "templates", "add", "x", "y"]).is_err());
    }
}
