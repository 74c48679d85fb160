//! `centralita operators list|add|rename|remove`.

use centralita_protocol::Role;
use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum OperatorsCommand {
    /// Operators of the tenant and their roles.
    List {
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Give a Unix user a role in the tenant (replaces their earlier role there).
    Add {
        /// Unix user name.
        user: String,
        /// agent, supervisor or admin.
        #[arg(long)]
        role: Role,
    },
    /// Set the name an operator goes by with customers (`{{agent}}` in quick replies).
    Rename {
        /// The operator's Unix user.
        user: String,
        /// The name, e.g. "Ana Torres" (empty: back to the Unix user name).
        name: String,
    },
    /// Take a Unix user's role in the tenant away.
    Remove {
        /// The operator's Unix user.
        user: String,
    },
}

pub async fn run(session: &Session, command: OperatorsCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        OperatorsCommand::List { json } => {
            let operators = answer(rpc.operators_list(context::current(), tenant).await)?;
            let header = ["USER", "NAME", "ROLE", "ADDED", "ADDED BY"];
            output::print_rows(&operators, json, &header, |operator| {
                vec![
                    operator.user.clone(),
                    operator.display_name.clone().unwrap_or_default(),
                    operator.role.to_string(),
                    output::when(operator.added_at),
                    operator.added_by.clone(),
                ]
            })
        }
        OperatorsCommand::Add { user, role } => {
            let operator = answer(
                rpc.operators_add(context::current(), tenant.clone(), user, role)
                    .await,
            )?;
            println!(
                "{}",
                crate::text::operator_role_set(&operator.user, operator.role, &tenant)
            );
            Ok(())
        }
        OperatorsCommand::Rename { user, name } => {
            let operator = answer(
                rpc.operators_rename(context::current(), tenant, user, Some(name))
                    .await,
            )?;
            println!(
                "{}",
                crate::text::operator_renamed(
                    &operator.user,
                    operator.display_name.as_deref().unwrap_or(&operator.user)
                )
            );
            Ok(())
        }
        OperatorsCommand::Remove { user } => {
            answer(
                rpc.operators_remove(context::current(), tenant.clone(), user.clone())
                    .await,
            )?;
            println!("{}", crate::text::operator_removed(&user, &tenant));
            Ok(())
        }
    }
}
