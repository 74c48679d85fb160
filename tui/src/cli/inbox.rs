//! `centralita conversations list|show|send|assign|resolve`, `messages list`, `contacts`,
//! `templates` (reply templates and WhatsApp templates).

use std::path::PathBuf;

use centralita_protocol::{CentralitaClient, ConversationDetail, PageRequest, TenantId};
use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum ConversationsCommand {
    /// Conversations, most recent activity first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
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
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum MessagesCommand {
    /// Messages of a conversation, oldest first.
    List {
        #[arg(long, value_name = "ID")]
        conversation: u64,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum ContactsCommand {
    /// Contacts, newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// One contact with its channel identities, tags and notes.
    Show {
        id: u64,
        #[arg(long)]
        json: bool,
    },
    /// Change the name, the phone (with its country code) or the tags (comma-separated).
    Edit {
        id: u64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long, value_delimiter = ',')]
        tags: Option<Vec<String>>,
    },
    /// Add a note about the contact (kept with your name and the time).
    Note { id: u64, text: String },
    /// Merge contact FROM into INTO: identities, conversations, leads and notes follow.
    Merge { into: u64, from: u64 },
}

pub async fn conversations(session: &Session, command: ConversationsCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        ConversationsCommand::List { limit, json } => {
            let page = answer(
                rpc.conversations_list(context::current(), tenant, PageRequest::first(limit))
                    .await,
            )?;
            if json {
                return output::print_json(&page.conversations);
            }
            let mut table = output::Table::new(vec![
                "ID", "CHANNEL", "CONTACT", "STATE", "UNREAD", "LAST", "PREVIEW",
            ]);
            for conversation in &page.conversations {
                table.row(vec![
                    conversation.id.to_string(),
                    conversation.channel.clone(),
                    conversation
                        .contact_name
                        .clone()
                        .unwrap_or_else(|| format!("contact {}", conversation.contact)),
                    conversation.state.as_str().to_owned(),
                    conversation.unread.to_string(),
                    output::when(conversation.last_activity),
                    conversation.preview.clone(),
                ]);
            }
            print!("{}", table.render());
            Ok(())
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
            println!("message {message} queued on conversation {id}");
            Ok(())
        }
        ConversationsCommand::Assign { id, user, .. } => {
            let row = answer(
                rpc.conversations_assign(context::current(), tenant, id, user)
                    .await,
            )?;
            match &row.assignee {
                Some(user) => println!("conversation {id} assigned to {user}"),
                None => println!("conversation {id} unassigned"),
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
            println!("conversation {id} resolved");
            Ok(())
        }
        ConversationsCommand::Show { id, limit, json } => {
            let detail = answer(
                rpc.conversations_show(context::current(), tenant, id, limit)
                    .await,
            )?;
            if json {
                return output::print_json(&detail);
            }
            print!("{}", thread(&detail));
            Ok(())
        }
    }
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

pub async fn messages(session: &Session, command: MessagesCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let MessagesCommand::List {
        conversation,
        limit,
        json,
    } = command;
    let detail = answer(
        session
            .client
            .rpc
            .conversations_show(context::current(), tenant, conversation, limit)
            .await,
    )?;
    if json {
        return output::print_json(&detail.messages);
    }
    print!("{}", thread(&detail));
    Ok(())
}

pub async fn contacts(session: &Session, command: ContactsCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    let (limit, json) = match command {
        ContactsCommand::List { limit, json } => (limit, json),
        ContactsCommand::Show { id, json } => {
            let contact = answer(rpc.contacts_show(context::current(), tenant, id).await)?;
            return show_contact(&contact, json);
        }
        ContactsCommand::Edit {
            id,
            name,
            phone,
            tags,
        } => {
            let contact = answer(
                rpc.contacts_edit(context::current(), tenant, id, name, phone, tags)
                    .await,
            )?;
            return show_contact(&contact, false);
        }
        ContactsCommand::Note { id, text } => {
            let contact = answer(
                rpc.contacts_note(context::current(), tenant, id, text)
                    .await,
            )?;
            return show_contact(&contact, false);
        }
        ContactsCommand::Merge { into, from } => {
            let contact = answer(
                rpc.contacts_merge(context::current(), tenant, into, from)
                    .await,
            )?;
            println!("contact {from} merged into {}", contact.id);
            return show_contact(&contact, false);
        }
    };
    let contacts = answer(
        session
            .client
            .rpc
            .contacts_list(context::current(), tenant, PageRequest::first(limit))
            .await,
    )?;
    if json {
        return output::print_json(&contacts);
    }
    let mut table = output::Table::new(vec!["ID", "NAME", "PHONE", "COUNTRY", "CHANNELS"]);
    for contact in &contacts {
        let channels: Vec<&str> = contact
            .identities
            .iter()
            .map(|(channel, _)| channel.as_str())
            .collect();
        table.row(vec![
            contact.id.to_string(),
            contact.name.clone().unwrap_or_default(),
            contact.phone.clone().unwrap_or_default(),
            contact.country.clone().unwrap_or_default(),
            channels.join(","),
        ]);
    }
    print!("{}", table.render());
    Ok(())
}

fn show_contact(contact: &centralita_protocol::Contact, json: bool) -> anyhow::Result<()> {
    if json {
        return output::print_json(contact);
    }
    println!(
        "contact {} · {} · {} {}",
        contact.id,
        contact.name.as_deref().unwrap_or("(no name)"),
        contact.phone.as_deref().unwrap_or("(no phone)"),
        contact.country.as_deref().unwrap_or("")
    );
    for (channel, id) in &contact.identities {
        println!("  {channel}: {id}");
    }
    if !contact.tags.is_empty() {
        println!("  tags: {}", contact.tags.join(", "));
    }
    for note in &contact.notes {
        println!(
            "  note {} {}: {}",
            output::when(note.at),
            note.author,
            note.text
        );
    }
    Ok(())
}

/// A conversation as a chat transcript.
fn thread(detail: &ConversationDetail) -> String {
    use std::fmt::Write as _;
    let conversation = &detail.conversation;
    let contact = &detail.contact;
    let mut out = format!(
        "conversation {} · {} · {} · {}\n",
        conversation.id,
        conversation.channel,
        contact.name.as_deref().unwrap_or("(no name)"),
        contact.phone.as_deref().unwrap_or("")
    );
    for message in &detail.messages {
        let who = match message.direction {
            centralita_protocol::Direction::Inbound => "<",
            centralita_protocol::Direction::Outbound => ">",
        };
        let body = message
            .text
            .clone()
            .or_else(|| message.media.clone())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {who} [{}] {body}  ({})",
            output::when(message.sent_at),
            message.kind,
            message.status
        );
        if let Some(error) = &message.error {
            let _ = writeln!(out, "    ! {error}");
        }
    }
    out
}

#[derive(Debug, clap::Subcommand)]
pub enum TemplatesCommand {
    /// Reply templates (canned responses) of the tenant.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a reply template, or replace the one with that name. Variables: {{name}},
    /// {{first_name}}, {{agent}}.
    Add {
        name: String,
        body: String,
        #[arg(long, default_value = "")]
        category: String,
        /// Only on these channels (whatsapp, messenger, telegram); default all.
        #[arg(long = "channel", value_name = "CHANNEL")]
        channels: Vec<String>,
    },
    /// Change a reply template's text (its category and channels stay).
    Edit { name: String, body: String },
    /// Remove a reply template.
    Remove { name: String },
    /// The WhatsApp templates Meta reported (name, language, status, category, variables);
    /// only APPROVED ones can be sent (`conversations send ID --wa-template NAME`).
    Whatsapp {
        /// Fetch them from Meta now (a job; supervisors and admins).
        #[arg(long)]
        sync: bool,
        #[arg(long)]
        json: bool,
    },
}

pub async fn templates(session: &Session, command: TemplatesCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        TemplatesCommand::List { json } => {
            let templates = answer(rpc.reply_templates_list(context::current(), tenant).await)?;
            if json {
                return output::print_json(&templates);
            }
            let mut table = output::Table::new(vec!["NAME", "CATEGORY", "CHANNELS", "BODY"]);
            for template in &templates {
                table.row(vec![
                    template.name.clone(),
                    template.category.clone(),
                    if template.channels.is_empty() {
                        "all".to_owned()
                    } else {
                        template.channels.join(",")
                    },
                    template.body.clone(),
                ]);
            }
            print!("{}", table.render());
            Ok(())
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
            println!("reply template {} saved", saved.name);
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
                    super::Failure::Rpc(centralita_protocol::RpcError::not_found(format!(
                        "reply template {name:?}"
                    )))
                })?;
            template.body = body;
            answer(
                rpc.reply_templates_put(context::current(), tenant, template)
                    .await,
            )?;
            println!("reply template {name} saved");
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
            println!("reply template {name} removed");
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
    if json {
        return output::print_json(&templates);
    }
    if templates.is_empty() {
        println!("{}", crate::text::NO_WHATSAPP_TEMPLATES);
        return Ok(());
    }
    let mut table = output::Table::new(vec![
        "NAME", "LANGUAGE", "STATUS", "CATEGORY", "VARS", "BODY", "REASON",
    ]);
    for template in &templates {
        table.row(vec![
            template.name.clone(),
            template.language.clone(),
            template.status.clone(),
            template.category.clone().unwrap_or_default(),
            template.variables.to_string(),
            template.body.clone().unwrap_or_default(),
            template.reason.clone().unwrap_or_default(),
        ]);
    }
    print!("{}", table.render());
    Ok(())
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
