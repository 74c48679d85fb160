//! `centralita invoices export`: processed invoices as CSV or JSON, with stable columns.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context as _;
use centralita_protocol::CentralitaClient as Rpc;
use centralita_protocol::{Extraction, InvoiceDetail, InvoiceFilter, TenantId};
use tarpc::context;

use crate::cli::answer;

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

pub(super) async fn export(
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
            eprintln!(
                "{}",
                crate::text::invoices_written(rows.len(), path.display())
            );
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
