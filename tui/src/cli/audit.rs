//! `centralita audit list`.

use centralita_protocol::PageRequest;
use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Audit entries of the tenant, newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(session: &Session, command: AuditCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let AuditCommand::List { limit, json } = command;
    let page = answer(
        session
            .client
            .rpc
            .audit_list(context::current(), tenant, PageRequest::first(limit))
            .await,
    )?;
    if json {
        return output::print_json(&page.entries);
    }
    let mut table = output::Table::new(vec![
        "WHEN", "OPERATOR", "ACTION", "TARGET", "OUTCOME", "DETAIL",
    ]);
    for entry in &page.entries {
        table.row(vec![
            output::when(entry.at),
            entry.operator.clone(),
            entry.action.clone(),
            entry.target.clone(),
            format!("{:?}", entry.outcome).to_lowercase(),
            entry.detail.clone(),
        ]);
    }
    print!("{}", table.render());
    Ok(())
}
