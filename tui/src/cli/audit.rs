//! `centralita audit list`: targets, results and details in the reader's language; `--json`
//! gives the entries as the daemon sent them (English, with `detail_words`).

use centralita_protocol::{AuditEntry, PageRequest};
use tarpc::context;

use super::{ListArgs, Session, answer, output};
use crate::text;

#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Audit entries of the tenant, newest first.
    List {
        /// Instead, the entries tied to no tenant: calls refused to users with no role, or
        /// that named no tenant (root and the daemon's user only).
        #[arg(long)]
        unscoped: bool,
        #[command(flatten)]
        list: ListArgs,
    },
}

pub async fn run(session: &Session, command: AuditCommand) -> anyhow::Result<()> {
    let AuditCommand::List { unscoped, list } = command;
    let request = PageRequest::first(list.limit);
    let rpc = &session.client.rpc;
    let page = if unscoped {
        answer(rpc.audit_list_unscoped(context::current(), request).await)?
    } else {
        let tenant = session.tenant().await?;
        answer(rpc.audit_list(context::current(), tenant, request).await)?
    };
    let header = ["WHEN", "OPERATOR", "ACTION", "TARGET", "OUTCOME", "DETAIL"];
    output::print_rows(&page.entries, list.json, &header, entry_row)
}

/// An entry as a row of `audit list`.
fn entry_row(entry: &AuditEntry) -> Vec<String> {
    vec![
        output::when(entry.at),
        entry.operator.clone(),
        entry.action.clone(),
        text::audit_target(&entry.target),
        text::audit_outcome(entry.outcome).to_owned(),
        text::audit_detail(&entry.detail, entry.detail_words.as_ref()),
    ]
}
