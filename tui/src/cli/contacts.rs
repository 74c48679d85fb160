//! `centralita contacts list|show|edit|note|merge`.

use centralita_protocol::{Contact, ContactEdit, ContactFilter, ContactId, PageRequest};
use tarpc::context;

use super::{ListArgs, Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum ContactsCommand {
    /// Contacts, newest first.
    List {
        /// Only those with every word in their name, phone, a channel handle or a tag.
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// One contact with its channel identities, tags and notes.
    Show {
        /// The contact's id.
        id: ContactId,
        /// Print the contact as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Change the name, the phone (with its country code), the email or the tags
    /// (comma-separated); an empty --email "" clears it.
    Edit {
        /// The contact's id.
        id: ContactId,
        /// The contact's new name.
        #[arg(long)]
        name: Option<String>,
        /// The contact's new phone number.
        #[arg(long)]
        phone: Option<String>,
        /// The contact's email address.
        #[arg(long)]
        email: Option<String>,
        /// The contact's tags, comma-separated.
        #[arg(long, value_delimiter = ',')]
        tags: Option<Vec<String>>,
    },
    /// Add a note about the contact (kept with your name and the time).
    Note {
        /// The contact's id.
        id: ContactId,
        /// The note's text.
        text: String,
    },
    /// Merge contact FROM into INTO: identities, conversations, leads and notes follow.
    Merge {
        /// The contact that stays (its id).
        into: ContactId,
        /// The contact merged into it and then removed (its id).
        from: ContactId,
    },
}

pub async fn run(session: &Session, command: ContactsCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    let contact = match command {
        ContactsCommand::List { search, list } => {
            let request = PageRequest::first(list.limit);
            let filter = ContactFilter { search };
            let contacts = answer(
                rpc.contacts_list(context::current(), tenant, filter, request)
                    .await,
            )?;
            let header = ["ID", "NAME", "PHONE", "COUNTRY", "CHANNELS"];
            return output::print_rows(&contacts, list.json, &header, contact_row);
        }
        ContactsCommand::Show { id, json } => {
            let contact = answer(rpc.contacts_show(context::current(), tenant, id).await)?;
            return show_contact(&contact, json);
        }
        ContactsCommand::Edit {
            id,
            name,
            phone,
            email,
            tags,
        } => {
            let edit = ContactEdit {
                name,
                phone,
                email,
                tags,
            };
            answer(
                rpc.contacts_edit(context::current(), tenant, id, edit)
                    .await,
            )?
        }
        ContactsCommand::Note { id, text } => answer(
            rpc.contacts_note(context::current(), tenant, id, text)
                .await,
        )?,
        ContactsCommand::Merge { into, from } => {
            let contact = answer(
                rpc.contacts_merge(context::current(), tenant, into, from)
                    .await,
            )?;
            println!("{}", crate::text::contact_merged(from, contact.id));
            contact
        }
    };
    show_contact(&contact, false)
}

/// A contact as a row of `contacts list`.
fn contact_row(contact: &Contact) -> Vec<String> {
    let channels: Vec<&str> = contact
        .identities
        .iter()
        .map(|(channel, _)| channel.as_str())
        .collect();
    vec![
        contact.id.to_string(),
        contact.name.clone().unwrap_or_default(),
        contact.phone.clone().unwrap_or_default(),
        contact.country.clone().unwrap_or_default(),
        channels.join(","),
    ]
}

fn show_contact(contact: &Contact, json: bool) -> anyhow::Result<()> {
    if json {
        return output::print_json(contact);
    }
    println!(
        "{} {} · {} · {} {}",
        crate::text::CONTACT_HEADING,
        contact.id,
        contact
            .name
            .as_deref()
            .unwrap_or(crate::text::NO_NAME_CLI.get()),
        contact
            .phone
            .as_deref()
            .unwrap_or(crate::text::NO_PHONE.get()),
        contact.country.as_deref().unwrap_or("")
    );
    if let Some(email) = &contact.email {
        println!("  {}: {email}", crate::text::EMAIL_LABEL);
    }
    for (channel, id) in &contact.identities {
        println!("  {channel}: {id}");
    }
    if !contact.tags.is_empty() {
        println!("  {}: {}", crate::text::TAGS_LABEL, contact.tags.join(", "));
    }
    for note in &contact.notes {
        println!(
            "  {} {} {}: {}",
            crate::text::LABEL_NOTE,
            output::when(note.at),
            note.author,
            note.text
        );
    }
    Ok(())
}
