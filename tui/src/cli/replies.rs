//! `centralita replies list|add|edit|remove`: quick replies, the tenant's canned responses
//! operators insert with `/name` in the composer (`conversations send ID --reply NAME`).

use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum RepliesCommand {
    /// Quick replies (canned responses) of the tenant.
    List {
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Add a quick reply, or replace the one with that name. Variables: {{name}},
    /// {{first_name}}, {{agent}}.
    Add {
        /// The quick reply's name.
        name: String,
        /// The text; {{name}} and {{agent}} are filled in when it is sent.
        body: String,
        /// The quick reply's category.
        #[arg(long, default_value = "")]
        category: String,
        /// Only on these channels (whatsapp, messenger, telegram); default all.
        #[arg(long = "channel", value_name = "CHANNEL")]
        channels: Vec<String>,
    },
    /// Change a quick reply's text (its category and channels stay).
    Edit {
        /// The quick reply's name.
        name: String,
        /// The text; {{name}} and {{agent}} are filled in when it is sent.
        body: String,
    },
    /// Remove a quick reply.
    Remove {
        /// The quick reply's name.
        name: String,
    },
}

pub async fn run(session: &Session, command: RepliesCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        RepliesCommand::List { json } => {
            let replies = answer(rpc.quick_replies_list(context::current(), tenant).await)?;
            let header = ["NAME", "CATEGORY", "CHANNELS", "BODY"];
            output::print_rows(&replies, json, &header, |reply| {
                let channels = if reply.channels.is_empty() {
                    "all".to_owned()
                } else {
                    reply.channels.join(",")
                };
                vec![
                    reply.name.clone(),
                    reply.category.clone(),
                    channels,
                    reply.body.clone(),
                ]
            })
        }
        RepliesCommand::Add {
            name,
            body,
            category,
            channels,
        } => {
            let reply = centralita_protocol::QuickReply {
                name,
                category,
                channels,
                body,
            };
            let saved = answer(
                rpc.quick_replies_put(context::current(), tenant, reply)
                    .await,
            )?;
            println!("{}", crate::text::quick_reply_saved(&saved.name));
            Ok(())
        }
        RepliesCommand::Edit { name, body } => {
            let replies = answer(
                rpc.quick_replies_list(context::current(), tenant.clone())
                    .await,
            )?;
            let mut reply = replies
                .into_iter()
                .find(|reply| reply.name == name)
                .ok_or_else(|| {
                    super::Failure::Rpc(centralita_protocol::RpcError::not_found(
                        crate::text::no_such_quick_reply(&name),
                    ))
                })?;
            reply.body = body;
            answer(
                rpc.quick_replies_put(context::current(), tenant, reply)
                    .await,
            )?;
            println!("{}", crate::text::quick_reply_saved(&name));
            Ok(())
        }
        RepliesCommand::Remove { name } => {
            answer(
                rpc.quick_replies_remove(context::current(), tenant, name.clone())
                    .await,
            )?;
            println!("{}", crate::text::quick_reply_removed(&name));
            Ok(())
        }
    }
}
