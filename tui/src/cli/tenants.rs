//! `centralita tenants list|add|set-zone|set-currency`.

use centralita_protocol::TenantId;
use tarpc::context;

use super::{Session, answer, output};

#[derive(Debug, clap::Subcommand)]
pub enum TenantsCommand {
    /// Tenants you have a role in (all of them for root).
    List {
        /// Print the rows as JSON (an array of objects) instead of a table.
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
    /// Set the time zone a tenant's dates are shown and entered in (admins).
    SetZone {
        /// The tenant's id.
        id: TenantId,
        /// An IANA time zone: America/Lima, America/Bogota, America/Mexico_City…
        zone: String,
    },
    /// Set the currency of a tenant's own amounts, such as a lead's value (admins).
    SetCurrency {
        /// The tenant's id.
        id: TenantId,
        /// A three-letter ISO 4217 code: PEN, COP, MXN, USD…
        currency: String,
    },
}

pub async fn run(session: &Session, command: TenantsCommand) -> anyhow::Result<()> {
    let rpc = &session.client.rpc;
    match command {
        TenantsCommand::List { json } => {
            let tenants = answer(rpc.tenants_list(context::current()).await)?;
            let header = ["ID", "NAME", "ZONE", "CURRENCY", "CREATED"];
            output::print_rows(&tenants, json, &header, |tenant| {
                let zone = crate::format::zone(&tenant.zone);
                vec![
                    tenant.id.to_string(),
                    tenant.name.clone(),
                    tenant.zone.clone(),
                    tenant.currency.clone(),
                    crate::format::stamp(tenant.created_at, &zone),
                ]
            })
        }
        TenantsCommand::Add { id, name } => {
            let tenant = answer(rpc.tenants_add(context::current(), id, name).await)?;
            println!("{}", crate::text::tenant_created(&tenant.id, &tenant.name));
            Ok(())
        }
        TenantsCommand::SetZone { id, zone } => {
            let tenant = answer(rpc.tenants_set_zone(context::current(), id, zone).await)?;
            println!(
                "{}",
                crate::text::zone_set(tenant.id.as_str(), &tenant.zone)
            );
            Ok(())
        }
        TenantsCommand::SetCurrency { id, currency } => {
            let tenant = answer(
                rpc.tenants_set_currency(context::current(), id, currency)
                    .await,
            )?;
            println!(
                "{}",
                crate::text::currency_set(tenant.id.as_str(), &tenant.currency)
            );
            Ok(())
        }
    }
}
