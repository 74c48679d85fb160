//! `centralita invoices add|list|show|edit|confirm|reject|retry|download|export|summary|mappings`.
//!
//! `mod.rs` holds the commands, `run` and the tables; `describe.rs` prints one invoice,
//! `documents.rs` uploads and downloads documents, `export.rs` writes CSV or JSON.

mod describe;
mod documents;
mod export;

use std::path::PathBuf;

use centralita_protocol::{
    FieldName, InvoiceEdit, InvoiceFilter, InvoiceId, InvoiceState, InvoiceSummary, PageRequest,
    TenantId,
};
use tarpc::context;

pub use self::describe::describe;
use self::documents::{add, download};
pub(super) use self::documents::{upload, write_output};
use self::export::export;
pub use self::export::{EXPORT_COLUMNS, to_csv};
use super::{ListArgs, Session, answer, output};
use centralita_protocol::CentralitaClient as Rpc;

#[derive(Debug, clap::Subcommand)]
pub enum InvoicesCommand {
    /// Upload documents (PDF, JPEG, PNG, TIFF, UBL/CFDI/CII XML); each becomes an invoice that
    /// is read in the background.
    Add {
        /// The invoice files to add (PDF, XML or images).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List invoices, newest first.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        list: ListArgs,
    },
    /// One invoice: fields with their source, warnings, line items, edits and the text read.
    Show {
        /// The invoice's id.
        id: InvoiceId,
        /// Also print the text the extractor read.
        #[arg(long)]
        text: bool,
        /// Print the invoice as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Correct fields before confirming: `centralita invoices edit 7 total=1180.00 currency=PEN`
    /// (`field=` clears one).
    Edit {
        /// The invoice's id.
        id: InvoiceId,
        /// FIELD=VALUE pairs; an empty VALUE clears the field.
        #[arg(required = true, value_name = "FIELD=VALUE", value_parser = parse_assignment)]
        changes: Vec<(FieldName, Option<String>)>,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Accept the fields as they are now: the invoice becomes processed.
    Confirm {
        /// The invoice's id.
        id: InvoiceId,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Reject an invoice, saying why.
    Reject {
        /// The invoice's id.
        id: InvoiceId,
        /// Why it is rejected.
        #[arg(long, short = 'r')]
        reason: String,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Read a failed or rejected invoice again.
    Retry {
        /// The invoice's id.
        id: InvoiceId,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Save the original document.
    Download {
        /// The invoice's id.
        id: InvoiceId,
        /// Where to write it (default: its original name in the current folder; `-` for stdout).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Write processed invoices as CSV or JSON, with stable columns.
    Export {
        /// csv or json.
        #[arg(long, default_value = "csv", value_parser = ["csv", "json"])]
        format: String,
        /// Which state to export.
        #[arg(long, default_value = "processed")]
        state: InvoiceState,
        /// Text in the issuer's name or tax id.
        #[arg(long)]
        issuer: Option<String>,
        /// Issue date on or after (2024-11-15 or 15/11/2024).
        #[arg(long, value_name = "DATE", value_parser = day)]
        from: Option<String>,
        /// Issue date on or before (2024-11-15 or 15/11/2024).
        #[arg(long, value_name = "DATE", value_parser = day)]
        to: Option<String>,
        /// File to write (default: stdout).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Invoices per state.
    Summary {
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Per-issuer extraction mappings: list what is loaded, or reload the folder.
    Mappings {
        /// list what is loaded, or reload the folder.
        #[arg(value_parser = ["list", "reload"], default_value = "list")]
        action: String,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// processing, waiting_validation, processed, rejected or failed.
    #[arg(long)]
    pub state: Option<InvoiceState>,
    /// Text in the issuer's name or tax id.
    #[arg(long)]
    pub issuer: Option<String>,
    /// Issue date on or after (2024-11-15 or 15/11/2024).
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub from: Option<String>,
    /// Issue date on or before (2024-11-15 or 15/11/2024).
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub to: Option<String>,
}

/// A `--from`/`--to` day, read whole, as the daemon takes it (`2024-11-15`).
fn day(text: &str) -> Result<String, String> {
    crate::dates::parse_day(text).map(|day| day.to_string())
}

impl FilterArgs {
    fn to_filter(&self) -> InvoiceFilter {
        InvoiceFilter {
            state: self.state,
            issuer: self.issuer.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }
}

fn parse_assignment(text: &str) -> Result<(FieldName, Option<String>), String> {
    let (field, value) = text
        .split_once('=')
        .ok_or_else(|| crate::text::not_an_assignment(text))?;
    let field: FieldName = field.parse()?;
    let value = value.trim();
    Ok((field, (!value.is_empty()).then(|| value.to_owned())))
}

pub async fn run(session: &Session, command: InvoicesCommand) -> anyhow::Result<()> {
    let rpc = &session.client.rpc;
    if let InvoicesCommand::Mappings { action, json } = &command {
        return mappings(rpc, action == "reload", *json).await;
    }
    let tenant = session.tenant().await?;
    match command {
        InvoicesCommand::Add { files, json } => add(rpc, &tenant, &files, json).await,
        InvoicesCommand::List { filter, list: rows } => {
            list(rpc, tenant, &filter, rows.limit, rows.json).await
        }
        InvoicesCommand::Show { id, text, json } => {
            let detail = answer(rpc.invoices_show(context::current(), tenant, id).await)?;
            output::print_value(&detail, json, |detail| describe(detail, text))
        }
        InvoicesCommand::Edit { id, changes, json } => {
            let edit = InvoiceEdit {
                fields: changes.into_iter().collect(),
                line_items: None,
            };
            let detail = answer(
                rpc.invoices_edit(context::current(), tenant, id, edit)
                    .await,
            )?;
            output::print_value(&detail, json, |detail| describe(detail, false))
        }
        InvoicesCommand::Confirm { id, json } => {
            let invoice = answer(rpc.invoices_confirm(context::current(), tenant, id).await)?;
            changed(&invoice, json, crate::text::INVOICE_CONFIRMED.get())
        }
        InvoicesCommand::Reject { id, reason, json } => {
            let invoice = answer(
                rpc.invoices_reject(context::current(), tenant, id, reason)
                    .await,
            )?;
            changed(&invoice, json, crate::text::INVOICE_REJECTED.get())
        }
        InvoicesCommand::Retry { id, json } => {
            let invoice = answer(rpc.invoices_retry(context::current(), tenant, id).await)?;
            changed(&invoice, json, crate::text::BEING_READ_AGAIN.get())
        }
        InvoicesCommand::Download { id, output, force } => {
            download(rpc, tenant, id, output, force).await
        }
        InvoicesCommand::Export {
            format,
            state,
            issuer,
            from,
            to,
            output,
        } => {
            let filter = InvoiceFilter {
                state: Some(state),
                issuer,
                from,
                to,
            };
            export(rpc, tenant, filter, &format, output).await
        }
        InvoicesCommand::Summary { json } => {
            let counts = answer(rpc.invoices_summary(context::current(), tenant).await)?;
            if json {
                return output::print_json(&counts);
            }
            let mut table = output::Table::new(vec!["STATE", "INVOICES"]);
            for state in InvoiceState::ALL {
                table.row(vec![state.to_string(), counts.get(state).to_string()]);
            }
            print!("{}", table.render());
            Ok(())
        }
        InvoicesCommand::Mappings { .. } => unreachable!("handled above"),
    }
}

/// Reports a state change: the invoice as JSON, or one line.
fn changed(invoice: &InvoiceSummary, json: bool, what: &str) -> anyhow::Result<()> {
    if json {
        return output::print_json(invoice);
    }
    println!(
        "{}",
        crate::text::invoice_changed(invoice.id, what, invoice.state)
    );
    Ok(())
}

async fn list(
    rpc: &Rpc,
    tenant: TenantId,
    filter: &FilterArgs,
    limit: u32,
    json: bool,
) -> anyhow::Result<()> {
    let page = answer(
        rpc.invoices_list(
            context::current(),
            tenant,
            filter.to_filter(),
            PageRequest::first(limit),
        )
        .await,
    )?;
    let header = [
        "ID", "STATE", "ISSUER", "NUMBER", "DATE", "TOTAL", "WARN", "FILE",
    ];
    output::print_rows(&page.invoices, json, &header, |invoice| {
        let cell = |value: &Option<String>| value.clone().unwrap_or_default();
        vec![
            invoice.id.to_string(),
            invoice.state.to_string(),
            cell(&invoice.issuer),
            cell(&invoice.number),
            cell(&invoice.issue_date),
            invoice.total.as_deref().map_or_else(String::new, |total| {
                crate::format::amount(total, invoice.currency.as_deref().unwrap_or_default())
            }),
            invoice.warnings.to_string(),
            invoice.file_name.clone(),
        ]
    })?;
    if !json && page.next.is_some() {
        eprintln!("{}", crate::text::MORE_INVOICES);
    }
    Ok(())
}

async fn mappings(rpc: &Rpc, reload: bool, json: bool) -> anyhow::Result<()> {
    let report = if reload {
        answer(rpc.invoices_mappings_reload(context::current()).await)?
    } else {
        answer(rpc.invoices_mappings(context::current()).await)?
    };
    if json {
        return output::print_json(&report);
    }
    println!("{}", crate::text::mappings_folder(&report.dir));
    if report.loaded.is_empty() {
        println!("{}", crate::text::NO_MAPPINGS_LOADED);
    } else {
        println!("loaded: {}", report.loaded.join(", "));
    }
    for problem in &report.problems {
        eprintln!("{}:{}: {}", problem.file, problem.line, problem.message);
    }
    Ok(())
}
