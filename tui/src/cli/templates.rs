//! `centralita templates list|add|edit|remove|whatsapp`: reply templates and the WhatsApp
//! templates Meta approved.

use centralita_protocol::{CentralitaClient, TenantId};
use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum TemplatesCommand {
    /// Reply templates (canned responses) of the tenant.
    List {
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Add a reply template, or replace the one with that name. Variables: {{name}},
    /// {{first_name}}, {{agent}}.
    Add {
        /// The template's name.
        name: String,
        /// The text; {{name}} and {{agent}} are filled in when it is sent.
        body: String,
        /// The template's category.
        #[arg(long, default_value = "")]
        category: String,
        /// Only on these channels (whatsapp, messenger, telegram); default all.
        #[arg(long = "channel", value_name = "CHANNEL")]
        channels: Vec<String>,
    },
    /// Change a reply template's text (its category and channels stay).
    Edit {
        /// The template's name.
        name: String,
        /// The text; {{name}} and {{agent}} are filled in when it is sent.
        body: String,
    },
    /// Remove a reply template.
    Remove {
        /// The template's name.
        name: String,
    },
    /// The WhatsApp templates Meta reported (name, language, status, category, variables);
    /// only APPROVED ones can be sent (`conversations send ID --wa-template NAME`).
    Whatsapp {
        /// Fetch them from Meta now (a job; supervisors and admins).
        #[arg(long)]
        sync: bool,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(session: &Session, command: TemplatesCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        TemplatesCommand::List { json } => {
            let templates = answer(rpc.reply_templates_list(context::current(), tenant).await)?;
            let header = ["NAME", "CATEGORY", "CHANNELS", "BODY"];
            output::print_rows(&templates, json, &header, |template| {
                let channels = if template.channels.is_empty() {
                    "all".to_owned()
                } else {
                    template.channels.join(",")
                };
                vec![
                    template.name.clone(),
                    template.category.clone(),
                    channels,
                    template.body.clone(),
                ]
            })
        }
        TemplatesCommand::Add {
            name,
            body,
            category,
            channels,
        } => {
            let template = centralita_protocol::ReplyTemplate {
                name,
                category,
                channels,
                body,
            };
            let saved = answer(
                rpc.reply_templates_put(context::current(), tenant, template)
                    .await,
            )?;
            println!("{}", crate::text::reply_template_saved(&saved.name));
            Ok(())
        }
        TemplatesCommand::Edit { name, body } => {
            let templates = answer(
                rpc.reply_templates_list(context::current(), tenant.clone())
                    .await,
            )?;
            let mut template = templates
                .into_iter()
                .find(|template| template.name == name)
                .ok_or_else(|| {
                    super::Failure::Rpc(centralita_protocol::RpcError::not_found(
                        crate::text::no_such_reply_template(&name),
                    ))
                })?;
            template.body = body;
            answer(
                rpc.reply_templates_put(context::current(), tenant, template)
                    .await,
            )?;
            println!("{}", crate::text::reply_template_saved(&name));
            Ok(())
        }
        TemplatesCommand::Whatsapp { sync, json } => {
            whatsapp_templates(rpc, tenant, sync, json).await
        }
        TemplatesCommand::Remove { name } => {
            answer(
                rpc.reply_templates_remove(context::current(), tenant, name.clone())
                    .await,
            )?;
            println!("{}", crate::text::reply_template_removed(&name));
            Ok(())
        }
    }
}

/// `templates whatsapp`: the list, or with `sync` the job that refreshes it.
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

    use super::*;
    use crate::cli::{Cli, Command};

    #[test]
    fn templates_whatsapp_lists_or_syncs() {
        let cli = Cli::try_parse_from(["centralita", "templates", "whatsapp", "--sync", "--json"])
            .expect("parses");
        assert!(matches!(
            cli.command,
            Some(Command::Templates(TemplatesCommand::Whatsapp {
                sync: true,
                json: true
            }))
        ));
        let cli = Cli::try_parse_from(["centralita", "templates", "whatsapp"]).expect("parses");
        assert!(matches!(
            cli.command,
            Some(Command::Templates(TemplatesCommand::Whatsapp {
                sync: false,
                json: false
            }))
        ));
    }
}
