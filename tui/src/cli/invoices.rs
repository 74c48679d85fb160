//! `centralita invoices add|list|show|edit|confirm|reject|retry|download|export|summary|templates`.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use centralita_protocol::{
    Extraction, FieldName, InvoiceDetail, InvoiceEdit, InvoiceFilter, InvoiceState, InvoiceSummary,
    PageRequest, TenantId,
};
use tarpc::context;

use super::{Failure, Session, answer, output};
use crate::client::ConnectError;
use centralita_protocol::CentralitaClient as Rpc;

#[derive(Debug, clap::Subcommand)]
pub enum InvoicesCommand {
    /// Upload documents (PDF, JPEG, PNG, TIFF, UBL/CFDI/CII XML); each becomes an invoice that
    /// is read in the background.
    Add {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List invoices, newest first.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        /// How many invoices to show at most.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// One invoice: fields with their source, warnings, line items, edits and the text read.
    Show {
        id: u64,
        /// Also print the text the extractor read.
        #[arg(long)]
        text: bool,
        #[arg(long)]
        json: bool,
    },
    /// Correct fields before confirming: `centralita invoices edit 7 total=1180.00 currency=PEN`
    /// (`field=` clears one).
    Edit {
        id: u64,
        #[arg(required = true, value_name = "FIELD=VALUE", value_parser = parse_assignment)]
        changes: Vec<(FieldName, Option<String>)>,
        #[arg(long)]
        json: bool,
    },
    /// Accept the fields as they are now: the invoice becomes processed.
    Confirm {
        id: u64,
        #[arg(long)]
        json: bool,
    },
    /// Reject an invoice, saying why.
    Reject {
        id: u64,
        #[arg(long, short = 'r')]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Read a failed or rejected invoice again.
    Retry {
        id: u64,
        #[arg(long)]
        json: bool,
    },
    /// Save the original document.
    Download {
        id: u64,
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
        #[arg(long)]
        issuer: Option<String>,
        /// Issue date on or after (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Issue date on or before (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// File to write (default: stdout).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Invoices per state.
    Summary {
        #[arg(long)]
        json: bool,
    },
    /// Per-issuer extraction templates: list what is loaded, or reload the folder.
    Templates {
        #[arg(value_parser = ["list", "reload"], default_value = "list")]
        action: String,
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
    /// Issue date on or after (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Issue date on or before (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
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
        .ok_or_else(|| format!("{text:?}: write FIELD=VALUE, e.g. total=1180.00"))?;
    let field: FieldName = field.parse()?;
    let value = value.trim();
    Ok((field, (!value.is_empty()).then(|| value.to_owned())))
}

/// The export's columns, in order. Adding one at the end is fine; never reorder.
pub const EXPORT_COLUMNS: [&str; 17] = [
    "id",
    "state",
    "file_name",
    "issuer_name",
    "issuer_tax_id",
    "buyer_name",
    "buyer_tax_id",
    "invoice_number",
    "issue_date",
    "due_date",
    "currency",
    "subtotal",
    "tax",
    "total",
    "line_items",
    "warnings",
    "updated_at",
];

pub async fn run(session: &Session, command: InvoicesCommand) -> anyhow::Result<()> {
    let rpc = &session.client.rpc;
    if let InvoicesCommand::Templates { action, json } = &command {
        return templates(rpc, action == "reload", *json).await;
    }
    let tenant = session.tenant().await?;
    match command {
        InvoicesCommand::Add { files, json } => add(rpc, &tenant, &files, json).await,
        InvoicesCommand::List {
            filter,
            limit,
            json,
        } => list(rpc, tenant, &filter, limit, json).await,
        InvoicesCommand::Show { id, text, json } => {
            let detail = answer(rpc.invoices_show(context::current(), tenant, id).await)?;
            if json {
                return output::print_json(&detail);
            }
            print!("{}", describe(&detail, text));
            Ok(())
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
            if json {
                return output::print_json(&detail);
            }
            print!("{}", describe(&detail, false));
            Ok(())
        }
        InvoicesCommand::Confirm { id, json } => {
            let invoice = answer(rpc.invoices_confirm(context::current(), tenant, id).await)?;
            changed(&invoice, json, "confirmed")
        }
        InvoicesCommand::Reject { id, reason, json } => {
            let invoice = answer(
                rpc.invoices_reject(context::current(), tenant, id, reason)
                    .await,
            )?;
            changed(&invoice, json, "rejected")
        }
        InvoicesCommand::Retry { id, json } => {
            let invoice = answer(rpc.invoices_retry(context::current(), tenant, id).await)?;
            changed(&invoice, json, "is being read again")
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
        InvoicesCommand::Templates { .. } => unreachable!("handled above"),
    }
}

/// Reports a state change: the invoice as JSON, or one line.
fn changed(invoice: &InvoiceSummary, json: bool, what: &str) -> anyhow::Result<()> {
    if json {
        return output::print_json(invoice);
    }
    println!("invoice {} {what} ({})", invoice.id, invoice.state);
    Ok(())
}

/// Uploads each file in chunks with a progress line on a terminal. A refused file is reported
/// and the others still go; the command fails if any did.
async fn add(rpc: &Rpc, tenant: &TenantId, files: &[PathBuf], json: bool) -> anyhow::Result<()> {
    let mut outcomes = Vec::new();
    let mut last_error = None;
    for path in files {
        let outcome = match upload(rpc, tenant, path).await {
            Ok(upload) => answer(rpc.invoices_upload_finish(context::current(), upload).await),
            Err(error) => Err(error),
        };
        match outcome {
            Ok(outcome) => {
                if !json {
                    let invoice = &outcome.invoice;
                    if outcome.duplicate {
                        println!(
                            "{}: already invoice {} ({}), nothing new stored",
                            path.display(),
                            invoice.id,
                            invoice.state
                        );
                    } else {
                        println!(
                            "{}: invoice {} created ({}), being read",
                            path.display(),
                            invoice.id,
                            invoice.kind
                        );
                    }
                }
                outcomes.push(outcome);
            }
            Err(error) => {
                eprintln!("error: {}: {error:#}", path.display());
                last_error = Some(error);
            }
        }
    }
    if json {
        output::print_json(&outcomes)?;
    }
    match last_error {
        Some(error) if files.len() == 1 => Err(error),
        Some(error) => Err(error.context("some files were not added")),
        None => Ok(()),
    }
}

/// Uploads `path` in chunks with a progress line on a terminal (for files of more than one
/// chunk); the upload's id, for the call that uses it up.
pub(super) async fn upload(rpc: &Rpc, tenant: &TenantId, path: &Path) -> anyhow::Result<u64> {
    let terminal = std::io::stderr().is_terminal();
    let mut shown = false;
    let uploaded = crate::upload::upload(rpc, tenant, path, |name, sent, total| {
        // One chunk that is all of it needs no progress line.
        if terminal && (shown || sent < total) {
            shown = true;
            let percent = sent * 100 / total.max(1);
            eprint!(
                "\r{name}: {percent:>3}% ({:.1} of {:.1} MiB)",
                sent as f64 / 1_048_576.0,
                total as f64 / 1_048_576.0
            );
            let _ = std::io::stderr().flush();
        }
    })
    .await;
    if shown {
        eprintln!();
    }
    match uploaded {
        Ok(uploaded) => Ok(uploaded.upload),
        Err(crate::upload::UploadError::Rpc(error)) => Err(Failure::Rpc(error).into()),
        Err(crate::upload::UploadError::Transport(error)) => {
            Err(Failure::Connect(ConnectError::Transport(error)).into())
        }
        Err(error @ crate::upload::UploadError::Read { .. }) => Err(error.into()),
    }
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
    if json {
        return output::print_json(&page.invoices);
    }
    let mut table = output::Table::new(vec![
        "ID", "STATE", "ISSUER", "NUMBER", "DATE", "TOTAL", "CUR", "WARN", "FILE",
    ]);
    for invoice in &page.invoices {
        let cell = |value: &Option<String>| value.clone().unwrap_or_default();
        table.row(vec![
            invoice.id.to_string(),
            invoice.state.to_string(),
            cell(&invoice.issuer),
            cell(&invoice.number),
            cell(&invoice.issue_date),
            cell(&invoice.total),
            cell(&invoice.currency),
            invoice.warnings.to_string(),
            invoice.file_name.clone(),
        ]);
    }
    print!("{}", table.render());
    if page.next.is_some() {
        eprintln!("(more: raise --limit or add filters)");
    }
    Ok(())
}

/// The invoice as text for a terminal.
pub fn describe(detail: &InvoiceDetail, with_text: bool) -> String {
    use std::fmt::Write as _;
    let summary = &detail.summary;
    let mut out = format!(
        "invoice {}  {}  {} ({}, {} bytes, from {})\n",
        summary.id, summary.state, summary.file_name, summary.kind, detail.size, detail.origin
    );
    if let Some(reason) = &detail.reason {
        let _ = writeln!(out, "reason: {reason}");
    }
    if let Some(template) = &detail.template {
        let _ = writeln!(out, "template: {template}");
    }
    let fields = detail.confirmed.as_ref().unwrap_or(&detail.preview);
    let mut table = output::Table::new(vec!["FIELD", "VALUE", "SOURCE", "CONFIDENCE"]);
    for name in FieldName::ALL {
        let (value, source, confidence) = fields.fields.get(&name).map_or_else(
            || (String::new(), String::new(), String::new()),
            |field| {
                (
                    field.value.clone(),
                    field.source.to_string(),
                    format!("{:.0}%", field.confidence * 100.0),
                )
            },
        );
        table.row(vec![name.to_string(), value, source, confidence]);
    }
    out.push_str(&table.render());
    if !fields.line_items.is_empty() {
        let mut lines = output::Table::new(vec!["DESCRIPTION", "QTY", "UNIT PRICE", "AMOUNT"]);
        for line in &fields.line_items {
            let cell = |value: &Option<String>| value.clone().unwrap_or_default();
            lines.row(vec![
                line.description.clone(),
                cell(&line.quantity),
                cell(&line.unit_price),
                cell(&line.amount),
            ]);
        }
        let _ = writeln!(out, "\n{} line items:", fields.line_items.len());
        out.push_str(&lines.render());
    }
    if !detail.warnings.is_empty() {
        let _ = writeln!(out, "\nwarnings:");
        for warning in &detail.warnings {
            let _ = writeln!(out, "  ! {}", warning.message);
        }
    }
    if !detail.edits.is_empty() {
        let _ = writeln!(out, "\nedits:");
        for edit in &detail.edits {
            let _ = writeln!(
                out,
                "  {} {} {}: {} → {}",
                output::when(edit.at),
                edit.operator,
                edit.field,
                edit.old.as_deref().unwrap_or("(empty)"),
                edit.new.as_deref().unwrap_or("(empty)")
            );
        }
    }
    if with_text {
        let _ = writeln!(out, "\ntext ({}):\n{}", detail.text_method, detail.text);
    }
    out
}

async fn download(
    rpc: &Rpc,
    tenant: TenantId,
    id: u64,
    output: Option<PathBuf>,
    force: bool,
) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    let name = loop {
        let chunk = answer(
            rpc.invoices_download(
                context::current(),
                tenant.clone(),
                id,
                bytes.len() as u64,
                1 << 20,
            )
            .await,
        )?;
        bytes.extend(
            BASE64
                .decode(&chunk.data_base64)
                .context("the daemon sent bad base64")?,
        );
        if bytes.len() as u64 >= chunk.total {
            break chunk.file_name;
        }
    };
    if output.as_deref() == Some(Path::new("-")) {
        std::io::stdout().write_all(&bytes)?;
        return Ok(());
    }
    let path = output.unwrap_or_else(|| PathBuf::from(&name));
    if path.exists() && !force {
        anyhow::bail!(
            "{} exists; choose another name with -o or replace it with --force",
            path.display()
        );
    }
    std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    eprintln!(
        "invoice {id}: {} bytes written to {}",
        bytes.len(),
        path.display()
    );
    Ok(())
}

async fn export(
    rpc: &Rpc,
    tenant: TenantId,
    filter: InvoiceFilter,
    format: &str,
    output: Option<PathBuf>,
) -> anyhow::Result<()> {
    let rows = answer(
        rpc.invoices_export(context::current(), tenant, filter)
            .await,
    )?;
    let text = if format == "json" {
        serde_json::to_string_pretty(&rows)? + "\n"
    } else {
        to_csv(&rows)?
    };
    match output {
        Some(path) => {
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("{} invoices written to {}", rows.len(), path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// CSV with [`EXPORT_COLUMNS`]; values from the confirmed fields (else the preview).
pub fn to_csv(rows: &[InvoiceDetail]) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(EXPORT_COLUMNS)?;
    for detail in rows {
        let fields: &Extraction = detail.confirmed.as_ref().unwrap_or(&detail.preview);
        let by_name: BTreeMap<&str, &str> = fields
            .fields
            .iter()
            .map(|(name, value)| (name.as_str(), value.value.as_str()))
            .collect();
        let summary = &detail.summary;
        let record: Vec<String> = EXPORT_COLUMNS
            .iter()
            .map(|column| match *column {
                "id" => summary.id.to_string(),
                "state" => summary.state.to_string(),
                "file_name" => summary.file_name.clone(),
                "line_items" => fields.line_items.len().to_string(),
                "warnings" => summary.warnings.to_string(),
                "updated_at" => summary.updated_at.to_string(),
                field => by_name.get(field).copied().unwrap_or_default().to_owned(),
            })
            .collect();
        writer.write_record(&record)?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

async fn templates(rpc: &Rpc, reload: bool, json: bool) -> anyhow::Result<()> {
    let report = if reload {
        answer(rpc.invoices_templates_reload(context::current()).await)?
    } else {
        answer(rpc.invoices_templates(context::current()).await)?
    };
    if json {
        return output::print_json(&report);
    }
    println!("templates folder: {}", report.dir);
    if report.loaded.is_empty() {
        println!("no templates loaded");
    } else {
        println!("loaded: {}", report.loaded.join(", "));
    }
    for problem in &report.problems {
        eprintln!("{}:{}: {}", problem.file, problem.line, problem.message);
    }
    Ok(())
}
