//! `centralita conversations list|show|send|assign|resolve`.

use std::path::PathBuf;

use centralita_protocol::{CentralitaClient, ConversationSummary, PageRequest, TenantId};
use tarpc::context;

use super::{ListArgs, Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum ConversationsCommand {
    /// Conversations, most recent activity first.
    List {
        #[command(flatten)]
        list: ListArgs,
    },
    /// Reply with text, a reply template, a file or an approved WhatsApp template; it is
    /// queued at once and sent in the background (`conversations show` follows its status).
    Send {
        id: u64,
        /// The text (or use --template, --file or --wa-template).
        #[arg(required_unless_present_any = ["template", "file", "wa_template"])]
        text: Option<String>,
        /// Send a reply template instead, its variables filled for this conversation.
        #[arg(long, conflicts_with = "text", value_name = "NAME")]
        template: Option<String>,
        /// Send a file (images, video and audio go as such, the rest as a document).
        #[arg(long, conflicts_with_all = ["text", "template"], value_name = "PATH")]
        file: Option<PathBuf>,
        /// A text under the file.
        // clap lets `requires` go when the required argument conflicts with one given, so the
        // conflicts are spelled out too.
        #[arg(
            long,
            requires = "file",
            conflicts_with_all = ["text", "template", "wa_template"],
            value_name = "TEXT"
        )]
        caption: Option<String>,
        /// Send an approved WhatsApp template (allowed when the 24-hour window is closed;
        /// `centralita templates whatsapp` lists them).
        #[arg(
            long,
            conflicts_with_all = ["text", "template", "file"],
            value_name = "NAME"
        )]
        wa_template: Option<String>,
        /// The WhatsApp template's language code.
        #[arg(
            long,
            requires = "wa_template",
            conflicts_with_all = ["text", "template", "file"],
            default_value = "es",
            value_name = "CODE"
        )]
        lang: String,
        /// A value for the WhatsApp template's next numbered variable ({{1}}, {{2}}…), in order.
        #[arg(
            long = "var",
            requires = "wa_template",
            conflicts_with_all = ["text", "template", "file"],
            value_name = "VALUE"
        )]
        vars: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Assign a conversation to an operator (or `--nobody`).
    Assign {
        id: u64,
        #[arg(required_unless_present = "nobody")]
        user: Option<String>,
        #[arg(long, conflicts_with = "user")]
        nobody: bool,
    },
    /// Mark a conversation resolved (a new customer message opens it again).
    Resolve { id: u64 },
    /// One conversation: the contact and the newest messages.
    Show {
        id: u64,
        /// How many messages at most.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Older messages: those before this message id (the first id the last page showed).
        #[arg(long, value_name = "MESSAGE_ID")]
        before: Option<u64>,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(session: &Session, command: ConversationsCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        ConversationsCommand::List { list } => {
            let request = PageRequest::first(list.limit);
            let page = answer(
                rpc.conversations_list(context::current(), tenant, request)
                    .await,
            )?;
            let header = [
                "ID", "CHANNEL", "CONTACT", "STATE", "UNREAD", "LAST", "PREVIEW",
            ];
            output::print_rows(&page.conversations, list.json, &header, conversation_row)
        }
        ConversationsCommand::Send {
            id,
            text,
            template,
            file,
            caption,
            wa_template,
            lang,
            vars,
            json,
        } => {
            let what = match (template, file, wa_template) {
                (Some(template), _, _) => What::Template(template),
                (_, Some(path), _) => What::File { path, caption },
                (_, _, Some(name)) => What::WhatsApp { name, lang, vars },
                (None, None, None) => What::Text(text.unwrap_or_default()),
            };
            let message = send(rpc, tenant, id, what).await?;
            if json {
                return output::print_json(&serde_json::json!({ "message": message }));
            }
            println!("{}", crate::text::message_queued(message, id));
            Ok(())
        }
        ConversationsCommand::Assign { id, user, .. } => {
            let row = answer(
                rpc.conversations_assign(context::current(), tenant, id, user)
                    .await,
            )?;
            match &row.assignee {
                Some(user) => println!("{}", crate::text::conversation_assigned(id, user)),
                None => println!("{}", crate::text::conversation_unassigned(id)),
            }
            Ok(())
        }
        ConversationsCommand::Resolve { id } => {
            answer(
                rpc.conversations_set_state(
                    context::current(),
                    tenant,
                    id,
                    centralita_protocol::ConversationState::Resolved,
                )
                .await,
            )?;
            println!("{}", crate::text::conversation_resolved(id));
            Ok(())
        }
        ConversationsCommand::Show {
            id,
            limit,
            before,
            json,
        } => {
            let mut detail = answer(
                rpc.conversations_show(context::current(), tenant.clone(), id, limit)
                    .await,
            )?;
            if let Some(before) = before {
                detail.messages = answer(
                    rpc.conversations_history(context::current(), tenant, id, before, limit)
                        .await,
                )?;
            }
            output::print_value(&detail, json, output::thread)
        }
    }
}

/// A conversation as a row of `conversations list`.
fn conversation_row(conversation: &ConversationSummary) -> Vec<String> {
    vec![
        conversation.id.to_string(),
        conversation.channel.clone(),
        crate::text::contact_name(conversation.contact_name.as_deref(), conversation.contact),
        conversation.state.as_str().to_owned(),
        conversation.unread.to_string(),
        output::when(conversation.last_activity),
        conversation.preview.clone(),
    ]
}

/// What `conversations send` sends.
enum What {
    Text(String),
    Template(String),
    File {
        path: PathBuf,
        caption: Option<String>,
    },
    WhatsApp {
        name: String,
        lang: String,
        vars: Vec<String>,
    },
}

/// Sends on conversation `id`; the queued message's id.
async fn send(
    rpc: &CentralitaClient,
    tenant: TenantId,
    id: u64,
    what: What,
) -> anyhow::Result<u64> {
    match what {
        What::Text(text) => answer(
            rpc.conversations_send(context::current(), tenant, id, text)
                .await,
        ),
        What::Template(template) => answer(
            rpc.conversations_send_template(context::current(), tenant, id, template)
                .await,
        ),
        What::File { path, caption } => {
            let upload = super::invoices::upload(rpc, &tenant, &path).await?;
            answer(
                rpc.conversations_send_file(context::current(), tenant, id, upload, caption)
                    .await,
            )
        }
        What::WhatsApp { name, lang, vars } => answer(
            rpc.conversations_send_whatsapp_template(
                context::current(),
                tenant,
                id,
                name,
                lang,
                vars,
            )
            .await,
        ),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::cli::{Cli, Command};

    fn send(args: &[&str]) -> Result<ConversationsCommand, clap::Error> {
        let line = ["centralita", "conversations", "send"]
            .iter()
            .chain(args)
            .copied();
        match Cli::try_parse_from(line)?.command {
            Some(Command::Conversations(command)) => Ok(command),
            other => panic!("not a conversations command: {other:?}"),
        }
    }

    #[test]
    fn send_takes_text_or_a_template() {
        let ConversationsCommand::Send { id, text, lang, .. } =
            send(&["7", "Hola, ¿en qué te ayudo?"]).expect("parses")
        else {
            panic!("not send")
        };
        assert_eq!((id, text.as_deref()), (7, Some("Hola, ¿en qué te ayudo?")));
        assert_eq!(
            lang, "es",
            "the default language does not need --wa-template"
        );
        assert!(send(&["7", "--template", "saludo", "--json"]).is_ok());
        assert!(send(&["7"]).is_err(), "something to send is required");
        assert!(send(&["7", "hola", "--template", "saludo"]).is_err());
    }

    #[test]
    fn send_file_takes_a_caption_and_conflicts_with_text_and_templates() {
        let ConversationsCommand::Send { file, caption, .. } = send(&[
            "7",
            "--file",
            "/tmp/cotización.pdf",
            "--caption",
            "Tu cotización",
        ])
        .expect("parses") else {
            panic!("not send")
        };
        assert_eq!(file, Some(PathBuf::from("/tmp/cotización.pdf")));
        assert_eq!(caption.as_deref(), Some("Tu cotización"));
        assert!(send(&["7", "hola", "--file", "a.pdf"]).is_err());
        assert!(send(&["7", "--template", "saludo", "--file", "a.pdf"]).is_err());
        for without_file in [
            &["7", "hola", "--caption", "x"][..],
            &["7", "--caption", "x"],
            &["7", "--wa-template", "x", "--caption", "y"],
        ] {
            assert!(send(without_file).is_err(), "a caption needs a file");
        }
    }

    #[test]
    fn send_wa_template_takes_a_language_and_variables_in_order() {
        let ConversationsCommand::Send {
            wa_template,
            lang,
            vars,
            text,
            ..
        } = send(&[
            "7",
            "--wa-template",
            "cita_recordatorio",
            "--lang",
            "es_PE",
            "--var",
            "María",
            "--var",
            "sábado 10:00",
        ])
        .expect("parses")
        else {
            panic!("not send")
        };
        assert_eq!(wa_template.as_deref(), Some("cita_recordatorio"));
        assert_eq!(lang, "es_PE");
        assert_eq!(vars, ["María", "sábado 10:00"]);
        assert_eq!(text, None);
        let ConversationsCommand::Send { lang, vars, .. } =
            send(&["7", "--wa-template", "hola"]).expect("parses")
        else {
            panic!("not send")
        };
        assert_eq!((lang.as_str(), vars.len()), ("es", 0));
        for conflicting in [
            &["7", "hola", "--wa-template", "x"][..],
            &["7", "--template", "saludo", "--wa-template", "x"],
            &["7", "--file", "a.pdf", "--wa-template", "x"],
            &["7", "hola", "--var", "x"],
            &["7", "hola", "--lang", "en"],
            &["7", "--file", "a.pdf", "--var", "x"],
            &["7", "--template", "saludo", "--lang", "en"],
        ] {
            assert!(send(conflicting).is_err(), "{conflicting:?}");
        }
    }
}
