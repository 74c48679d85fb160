//! `centralita messages list`.

use tarpc::context;

use super::{Session, answer, output};

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

pub async fn run(session: &Session, command: MessagesCommand) -> anyhow::Result<()> {
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
    print!("{}", output::thread(&detail));
    Ok(())
}
