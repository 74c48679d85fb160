//! `centralita messages list`.

use centralita_protocol::ConversationId;
use tarpc::context;

use super::{ListArgs, Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum MessagesCommand {
    /// Messages of a conversation, oldest first.
    List {
        /// The conversation's id.
        #[arg(long, value_name = "ID")]
        conversation: ConversationId,
        #[command(flatten)]
        list: ListArgs,
    },
}

pub async fn run(session: &Session, command: MessagesCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let MessagesCommand::List { conversation, list } = command;
    let detail = answer(
        session
            .client
            .rpc
            .conversations_show(context::current(), tenant, conversation, list.limit)
            .await,
    )?;
    if list.json {
        return output::print_json(&detail.messages);
    }
    print!("{}", output::inert(&output::thread(&detail), true));
    Ok(())
}
