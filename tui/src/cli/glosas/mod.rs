//! `centralita glosas list|show|answer|review|answered|close|reopen|export|catalog|add`: a
//! payer's (EPS) objections to the clinic's invoices, soonest due first; each item's response;
//! the glosa's moves (received → in_review → answered → closed, and back to in_review to change
//! a response); the answer as a file for the payer; the codes of both catalogs; and notices
//! uploaded by hand.
//!
//! `mod.rs` holds the commands and `run`; `describe.rs` how a glosa, its rows and the catalog
//! print. Reading a response and the state words are shared with the console (`crate::glosas`).

mod describe;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use centralita_protocol::{CentralitaClient, GlosaId, GlosaState, PageRequest, RpcError, TenantId};
use tarpc::context;

use super::{Failure, ListArgs, Session, answer, output};
use crate::glosas::{DecisionWord, ExportFormat};
use crate::text;

#[derive(Debug, clap::Subcommand)]
pub enum GlosasCommand {
    /// Glosas, soonest due first: business days left and how urgent, due date, state, payer,
    /// notice number, invoices, objected total, items and items with unknown codes.
    List {
        /// Only the glosas in this state.
        #[arg(long, value_enum)]
        state: Option<StateArg>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// One glosa: its header and warnings, each item with its code (system, family, catalog
    /// description), what the payer wrote, its values and its response, then the notice's text.
    Show {
        /// The glosa (`centralita glosas list`).
        id: GlosaId,
        /// Print the glosa as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Respond to one item (numbered as `show` numbers them), or clear its response; a received
    /// glosa moves to in_review.
    Answer {
        /// The glosa (`centralita glosas list`).
        id: GlosaId,
        /// The item's number.
        item: u32,
        /// What the clinic says to the item.
        #[arg(long, value_enum, required_unless_present = "clear")]
        decision: Option<DecisionWord>,
        /// With --decision partial: the value accepted, a decimal (60000.50).
        #[arg(long, value_name = "AMOUNT")]
        value: Option<String>,
        /// The response code (RE9901 not accepted, RE9801 partial…).
        #[arg(long, required_unless_present = "clear")]
        code: Option<String>,
        /// Why: it goes to the payer with the answer.
        #[arg(long, required_unless_present = "clear")]
        justification: Option<String>,
        /// Remove the item's response instead.
        #[arg(long, conflicts_with_all = ["decision", "value", "code", "justification"])]
        clear: bool,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Start reviewing a glosa (received → in_review).
    Review(IdArgs),
    /// Mark the answer given: every item has a response (in_review → answered).
    Answered(IdArgs),
    /// Close a glosa once the payer decided (answered → closed).
    Close(IdArgs),
    /// Take an answered or closed glosa back to in_review, to change a response.
    Reopen(IdArgs),
    /// Save the answer to send the payer, as CSV or a spreadsheet.
    Export {
        /// The glosa (`centralita glosas list`).
        id: GlosaId,
        /// The file's format (from the file name when not given).
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Where to write it (default: the name the daemon gives it, in the current folder;
        /// `-` for stdout).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Codes of both catalogs (Res. 2284/2023 and Res. 3047/2008) matching SEARCH (in the code
    /// or the description), all of them without it.
    Catalog {
        /// Text in a code or its description.
        search: Option<String>,
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Upload a glosa notice (PDF, spreadsheet or text) for a job to read into a glosa; prints
    /// the job.
    Add {
        /// The payer's notice.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

// The glosa and `--json` of the verbs that move a glosa. (No doc comment: clap would take it
// for their about.)
#[derive(Debug, Clone, clap::Args)]
pub struct IdArgs {
    /// The glosa (`centralita glosas list`).
    pub id: GlosaId,
    /// Print the answer as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// A state as `--state` takes it (the protocol's words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StateArg {
    Received,
    #[value(name = "in_review")]
    InReview,
    Answered,
    Closed,
}

impl StateArg {
    fn to_state(self) -> GlosaState {
        match self {
            Self::Received => GlosaState::Received,
            Self::InReview => GlosaState::InReview,
            Self::Answered => GlosaState::Answered,
            Self::Closed => GlosaState::Closed,
        }
    }
}

pub async fn run(session: &Session, command: GlosasCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        GlosasCommand::List { state, list } => {
            let state = state.map(StateArg::to_state);
            let page = PageRequest::first(list.limit);
            let glosas = answer(
                rpc.glosas_list(context::current(), tenant, state, page)
                    .await,
            )?;
            output::print_rows(&glosas, list.json, &describe::HEADER, describe::row)?;
            if !list.json && list.limit > 0 && glosas.len() >= list.limit as usize {
                eprintln!("{}", crate::text::MORE_GLOSAS);
            }
            Ok(())
        }
        GlosasCommand::Show { id, json } => {
            let detail = answer(rpc.glosas_show(context::current(), tenant, id).await)?;
            output::print_value(&detail, json, describe::describe)
        }
        GlosasCommand::Answer {
            id,
            item,
            decision,
            value,
            code,
            justification,
            clear,
            json,
        } => {
            let response = if clear {
                None
            } else {
                // clap asks for each of these unless --clear is given.
                let decision = decision.ok_or_else(|| text::NEED_DECISION.to_string());
                let response = decision.and_then(|decision| {
                    crate::glosas::response(
                        decision,
                        code.as_deref().unwrap_or_default(),
                        justification.as_deref().unwrap_or_default(),
                        value.as_deref(),
                    )
                });
                Some(response.map_err(|message| Failure::Rpc(RpcError::invalid(message)))?)
            };
            let detail = answer(
                rpc.glosas_answer(context::current(), tenant, id, item, response.clone())
                    .await,
            )?;
            output::print_value(&detail, json, |_| match &response {
                Some(response) => format!("{}\n", text::glosa_answered(id, item, response)),
                None => format!("{}\n", text::glosa_answer_cleared(id, item)),
            })
        }
        GlosasCommand::Review(args) | GlosasCommand::Reopen(args) => {
            set_state(rpc, tenant, args, GlosaState::InReview).await
        }
        GlosasCommand::Answered(args) => set_state(rpc, tenant, args, GlosaState::Answered).await,
        GlosasCommand::Close(args) => set_state(rpc, tenant, args, GlosaState::Closed).await,
        GlosasCommand::Export {
            id,
            format,
            output,
            force,
            json,
        } => export(rpc, tenant, id, format, output, force, json).await,
        GlosasCommand::Catalog { search, json } => {
            let search = search.unwrap_or_default();
            let codes = answer(rpc.glosas_catalog(context::current(), tenant, search).await)?;
            output::print_rows(&codes, json, &describe::CATALOG_HEADER, describe::code_row)
        }
        GlosasCommand::Add { file, json } => {
            let upload = super::invoices::upload(rpc, &tenant, &file).await?;
            let job = answer(rpc.glosas_add(context::current(), tenant, upload).await)?;
            if json {
                return output::print_json(&serde_json::json!({ "job": job }));
            }
            println!(
                "{}",
                text::glosa_notice_queued(&file.display().to_string(), job.0)
            );
            Ok(())
        }
    }
}

/// `review`, `answered`, `close`, `reopen`: the glosa moves to `state`.
async fn set_state(
    rpc: &CentralitaClient,
    tenant: TenantId,
    args: IdArgs,
    state: GlosaState,
) -> anyhow::Result<()> {
    let detail = answer(
        rpc.glosas_set_state(context::current(), tenant, args.id, state)
            .await,
    )?;
    output::print_value(&detail, args.json, |detail| {
        format!(
            "{}\n",
            text::glosa_state_set(detail.summary.id, detail.summary.state)
        )
    })
}

/// `export`: the answer in `format`, written to `output` (else the daemon's name for it).
async fn export(
    rpc: &CentralitaClient,
    tenant: TenantId,
    id: GlosaId,
    format: ExportFormat,
    output: Option<PathBuf>,
    force: bool,
    json: bool,
) -> anyhow::Result<()> {
    let export = answer(
        rpc.glosas_export(context::current(), tenant, id, format.as_str().to_owned())
            .await,
    )?;
    let bytes = BASE64
        .decode(&export.data_base64)
        .context(crate::text::BAD_CHUNK.get())?;
    let path = output.unwrap_or_else(|| default_export_path(&export.file_name, id, format));
    if !super::invoices::write_output(&path, &bytes, force)? {
        return Ok(());
    }
    if json {
        return output::print_json(&serde_json::json!({ "file": path, "bytes": bytes.len() }));
    }
    println!("{}", text::glosa_exported(id, &path, bytes.len()));
    Ok(())
}

/// Where `export` writes without `--output`: the daemon's name for the file, in the current
/// folder (never elsewhere, whatever the name holds), else `glosa-ID.csv` or `.xlsx`.
fn default_export_path(file_name: &str, id: GlosaId, format: ExportFormat) -> PathBuf {
    Path::new(file_name)
        .file_name()
        .map(PathBuf::from)
        .filter(|name| name != Path::new(".."))
        .unwrap_or_else(|| PathBuf::from(format!("glosa-{id}.{}", format.as_str())))
}
