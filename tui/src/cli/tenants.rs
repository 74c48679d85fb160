//! `centralita tenants list|add`.

use centralita_protocol::TenantId;
use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum TenantsCommand {
    /// Tenants you have a role in (all of them for root).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Create a tenant (root or the daemon's user).
    Add {
        /// Short id used in commands and webhook URLs: lowercase letters, digits, '-'.
        id: TenantId,
        /// Display name.
        #[arg(long)]
        name: String,
    },
}

pub async fn run(session: &Session, command: TenantsCommand) -> anyhow::Result<()> {
    let rpc = &session.client.rpc;
    match command {
        TenantsCommand::List { json } => {
            let tenants = answer(rpc.tenants_list(context::current()).await)?;
            output::print_rows(&tenants, json, &["ID", "NAME", "CREATED"], |tenant| {
                vec![
                    tenant.id.to_string(),
                    tenant.name.clone(),
                    output::when(tenant.created_at),
                ]
            })
        }
        TenantsCommand::Add { id, name } => {
            let tenant = answer(rpc.tenants_add(context::current(), id, name).await)?;
            println!("{}", crate::text::tenant_created(&tenant.id, &tenant.name));
            Ok(())
        }
    }
}
