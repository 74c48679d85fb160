//! `centralita conversations list|show|send|assign|resolve|to-invoice`.

use std::path::PathBuf;

use centralita_protocol::{
    AssigneeFilter, CentralitaClient, ContactId, ConversationFilter, ConversationId,
    ConversationState, ConversationSummary, MessageId, PageRequest, TenantId,
};
use tarpc::context;

use super::{ListArgs, Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum ConversationsCommand {
    /// Conversations, most recent activity first.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Reply with text, a quick reply, a file or an approved WhatsApp template; it is
    /// queued at once and sent in the background (`conversations show` follows its status).
    Send {
        /// The conversation's id.
        id: ConversationId,
        /// The text (or use --reply, --file or --template).
        #[arg(required_unless_present_any = ["reply", "file", "template"])]
        text: Option<String>,
        /// Send a quick reply instead, its variables filled for this conversation.
        #[arg(long, conflicts_with = "text", value_name = "NAME")]
        reply: Option<String>,
        /// Send a file (images, video and audio go as such, the rest as a document).
        #[arg(long, conflicts_with_all = ["text", "reply"], value_name = "PATH")]
        file: Option<PathBuf>,
        /// A text under the file.
        // clap lets `requires` go when the required argument conflicts with one given, so the
        // conflicts are spelled out too.
        #[arg(
            long,
            requires = "file",
            conflicts_with_all = ["text", "reply", "template"],
            value_name = "TEXT"
        )]
        caption: Option<String>,
        /// Send an approved WhatsApp template (allowed when the 24-hour window is closed;
        /// `centralita templates` lists them).
        #[arg(
            long,
            conflicts_with_all = ["text", "reply", "file"],
            value_name = "NAME"
        )]
        template: Option<String>,
        /// The WhatsApp template's language code.
        #[arg(
            long,
            requires = "template",
            conflicts_with_all = ["text", "reply", "file"],
            default_value = "es",
            value_name = "CODE"
        )]
        lang: String,
        /// A value for the WhatsApp template's next numbered variable ({{1}}, {{2}}…), in order.
        #[arg(
            long = "var",
            requires = "template",
            conflicts_with_all = ["text", "reply", "file"],
            value_name = "VALUE"
        )]
        vars: Vec<String>,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Assign a conversation to an operator (or `--nobody`).
    Assign {
        /// The conversation's id.
        id: ConversationId,
        /// The operator (Unix user) to assign it to.
        #[arg(required_unless_present = "nobody")]
        user: Option<String>,
        /// Leave it unassigned.
        #[arg(long, conflicts_with = "user")]
        nobody: bool,
    },
    /// Mark a conversation resolved (a new customer message opens it again).
    Resolve {
        /// The conversation's id.
        id: ConversationId,
    },
    /// Send a document or photo the customer sent to invoice intake (the invoice says where
    /// it came from; the same file again is the same invoice).
    ToInvoice {
        /// The conversation's id.
        id: ConversationId,
        /// The message with the file (default: the customer's newest file).
        #[arg(long, value_name = "MESSAGE_ID")]
        message: Option<MessageId>,
        /// Print the outcome as JSON: the invoice summary and whether it existed already.
        #[arg(long)]
        json: bool,
    },
    /// One conversation: the contact and the newest messages.
    Show {
        /// The conversation's id.
        id: ConversationId,
        /// How many messages at most.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Older messages: those before this message id (the first id the last page showed).
        #[arg(long, value_name = "MESSAGE_ID")]
        before: Option<MessageId>,
        /// Print the conversation as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

// `conversations list`'s filter. (No doc comment: clap would take it for the command's about.)
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Only this state: open, pending or resolved.
    #[arg(long)]
    state: Option<ConversationState>,
    /// Only those of this operator, `me` or `nobody` (unassigned).
    #[arg(long, value_name = "USER|me|nobody")]
    assignee: Option<AssigneeFilter>,
    /// Only this channel: whatsapp, messenger or telegram.
    #[arg(long)]
    channel: Option<String>,
    /// Only those with unread customer messages.
    #[arg(long)]
    unread: bool,
    /// Only those with every word in the contact's name, phone or handles, or in the
    /// newest message.
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    /// Only this contact's (`contacts list` shows the ids).
    #[arg(long, value_name = "CONTACT_ID")]
    contact: Option<ContactId>,
}

impl From<FilterArgs> for ConversationFilter {
    fn from(args: FilterArgs) -> Self {
        Self {
            state: args.state,
            assignee: args.assignee,
            channel: args.channel,
            unread: args.unread,
            search: args.search,
            contact: args.contact,
        }
    }
}

pub async fn run(session: &Session, command: ConversationsCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        ConversationsCommand::List { filter, list } => {
            list_conversations(rpc, tenant, filter.into(), &list).await
        }
        ConversationsCommand::Send {
            id,
            text,
            reply,
            file,
            caption,
            template,
            lang,
            vars,
            json,
        } => {
            let what = match (reply, file, template) {
                (Some(reply), _, _) => What::Reply(reply),
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
        ConversationsCommand::ToInvoice { id, message, json } => {
            to_invoice(rpc, tenant, id, message, json).await
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

/// `conversations list`: the rows the filter keeps, as a table or JSON.
async fn list_conversations(
    rpc: &CentralitaClient,
    tenant: TenantId,
    filter: ConversationFilter,
    list: &ListArgs,
) -> anyhow::Result<()> {
    let request = PageRequest::first(list.limit);
    let page = answer(
        rpc.conversations_list(context::current(), tenant, filter, request)
            .await,
    )?;
    let header = [
        "ID", "CHANNEL", "CONTACT", "STATE", "ASSIGNEE", "UNREAD", "LAST", "PREVIEW",
    ];
    output::print_rows(&page.conversations, list.json, &header, conversation_row)
}

/// `conversations to-invoice`: the customer's file goes to invoice intake.
async fn to_invoice(
    rpc: &CentralitaClient,
    tenant: TenantId,
    id: ConversationId,
    message: Option<MessageId>,
    json: bool,
) -> anyhow::Result<()> {
    let outcome = answer(
        rpc.conversations_to_invoice(context::current(), tenant, id, message)
            .await,
    )?;
    if json {
        return output::print_json(&outcome);
    }
    let invoice = &outcome.invoice;
    if outcome.duplicate {
        println!(
            "{}",
            crate::text::chat_invoice_exists(
                &invoice.file_name,
                invoice.id,
                invoice.state.as_str()
            )
        );
    } else {
        println!(
            "{}",
            crate::text::chat_invoice_created(&invoice.file_name, invoice.id)
        );
    }
    Ok(())
}

/// A conversation as a row of `conversations list`.
fn conversation_row(conversation: &ConversationSummary) -> Vec<String> {
    vec![
        conversation.id.to_string(),
        conversation.channel.clone(),
        crate::text::contact_name(conversation.contact_name.as_deref(), conversation.contact),
        conversation.state.as_str().to_owned(),
        conversation.assignee.clone().unwrap_or_default(),
        conversation.unread.to_string(),
        output::when(conversation.last_activity),
        conversation.preview.clone(),
    ]
}

/// What `conversations send` sends.
enum What {
    Text(String),
    Reply(String),
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
    id: ConversationId,
    what: What,
) -> anyhow::Result<MessageId> {
    match what {
        What::Text(text) => answer(
            rpc.conversations_send(context::current(), tenant, id, text)
                .await,
        ),
        What::Reply(reply) => answer(
            rpc.conversations_send_quick_reply(context::current(), tenant, id, reply)
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
        assert_eq!(
            (id, text.as_deref()),
            (ConversationId(7), Some("Hola, ¿en qué te ayudo?"))
        );
        assert_eq!(lang, "es", "the default language does not need --template");
        assert!(send(&["7", "--reply", "saludo", "--json"]).is_ok());
        assert!(send(&["7"]).is_err(), "something to send is required");
        assert!(send(&["7", "hola", "--reply", "saludo"]).is_err());
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
        assert!(send(&["7", "--reply", "saludo", "--file", "a.pdf"]).is_err());
        for without_file in [
            &["7", "hola", "--caption", "x"][..],
            &["7", "--caption", "x"],
            &["7", "--template", "x", "--caption", "y"],
        ] {
            assert!(send(without_file).is_err(), "a caption needs a file");
        }
    }

    #[test]
    fn send_template_takes_a_language_and_variables_in_order() {
        let ConversationsCommand::Send {
            template,
            lang,
            vars,
            text,
            ..
        } = send(&[
            "7",
            "--template",
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
        assert_eq!(template.as_deref(), Some("cita_recordatorio"));
        assert_eq!(lang, "es_PE");
        assert_eq!(vars, ["María", "sábado 10:00"]);
        assert_eq!(text, None);
        let ConversationsCommand::Send { lang, vars, .. } =
            send(&["7", "--template", "hola"]).expect("parses")
        else {
            panic!("not send")
        };
        assert_eq!((lang.as_str(), vars.len()), ("es", 0));
        for conflicting in [
            &["7", "hola", "--template", "x"][..],
            &["7", "--reply", "saludo", "--template", "x"],
            &["7", "--file", "a.pdf", "--template", "x"],
            &["7", "hola", "--var", "x"],
            &["7", "hola", "--lang", "en"],
            &["7", "--file", "a.pdf", "--var", "x"],
            &["7", "--reply", "saludo", "--lang", "en"],
        ] {
            assert!(send(conflicting).is_err(), "{conflicting:?}");
        }
    }
}
