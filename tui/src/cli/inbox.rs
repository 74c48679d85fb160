//! `centralita conversations list|show`, `messages list`, `contacts list`.

use centralita_protocol::{ConversationDetail, PageRequest};
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
    /// Reply with text; it is queued at once and sent in the background
    /// (`conversations show` follows its status).
    Send {
        id: u64,
        /// The text (or use --template).
        #[arg(required_unless_present = "template")]
        text: Option<String>,
        /// Send a reply template instead, its variables filled for this conversation.
        #[arg(long, conflicts_with = "text", value_name = "NAME")]
        template: Option<String>,
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
    /// One contact with its channel identities.
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
    /// Merge contact FROM into INTO: identities, conversations and leads follow.
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
            json,
        } => {
            let message = match (text, template) {
                (_, Some(template)) => answer(
                    rpc.conversations_send_template(context::current(), tenant, id, template)
                        .await,
                )?,
                (text, None) => answer(
                    rpc.conversations_send(
                        context::current(),
                        tenant,
                        id,
                        text.unwrap_or_default(),
                    )
                    .await,
                )?,
            };
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
