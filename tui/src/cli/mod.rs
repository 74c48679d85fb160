//! The scriptable CLI: `centralita <noun> <verb> [--json]`, one file per noun (`jobs.rs` holds
//! `centralita jobs`: its clap subcommands, its `run` and its tables; `invoices/` is a folder
//! because it has more to do), all thin over the protocol. Printing shared by several nouns is
//! in `output.rs`; errors become exit codes by kind (`exit.rs`).

mod admin;
mod audit;
mod completions;
mod connections;
mod contacts;
mod conversations;
mod demo;
pub mod exit;
mod funnels;
mod glosas;
pub mod invoices;
mod jobs;
mod lang;
mod leads;
mod mail;
mod man;
mod messages;
mod operators;
pub mod output;
mod parse_errors;
mod queues;
mod reminders;
mod replies;
mod reports;
mod schedules;
mod status;
mod templates;
mod tenants;

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use centralita_protocol::{RpcError, TenantId};
use clap::{CommandFactory, Parser, Subcommand};

use crate::client::{Client, ConnectError};

/// Centralita's operator console and command line.
///
/// Run bare for the full-screen console; with a command for scripts (add --json to read
/// commands for stable, machine-readable output).
#[derive(Debug, Parser)]
#[command(name = "centralita", version, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    /// The daemon's socket (default: /run/centralita/console.sock when /run/centralita exists,
    /// else the socket of your own config, else $XDG_RUNTIME_DIR/centralita/console.sock).
    #[arg(long, global = true, env = "CENTRALITA_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,
    /// Config file, used to find the socket (the daemon's /etc/centralita is never read).
    #[arg(long, global = true, env = "CENTRALITA_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Tenant to act on (default: your only tenant).
    #[arg(
        long,
        short = 't',
        global = true,
        env = "CENTRALITA_TENANT",
        value_name = "TENANT"
    )]
    pub tenant: Option<TenantId>,
    /// Language of the console and messages: es or en (default: LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, global = true, env = "CENTRALITA_LANG", value_name = "LANG")]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXAMPLES: &str = "Examples:
  centralita                          open the console
  centralita demo                     try it: a throwaway daemon with sample data
  centralita status --json            daemon version, uptime, paths, webhook address
  centralita invoices add *.pdf       upload invoices to be read
  centralita invoices list --state waiting_validation
  centralita invoices export --from 2026-01-01 -o invoices.csv
  centralita mail show 12             a message and what became of its attachments
  centralita glosas list              payers' objections, soonest due first
  centralita jobs list --state dead   jobs waiting for an operator
  centralita jobs retry 42            put job 42 back in the queue
  centralita operators add ana --role agent --tenant acme
  centralita connections add google   connect a Gmail mailbox (admins)
  centralita reports leads --from 2026-01-01 --to 2026-01-31
  centralita admin backup centralita.tar   back up while the daemon runs (root)

Exit codes: 0 ok, 2 usage, 3 not found, 4 permission denied, 5 conflict,
6 invalid argument, 7 version mismatch, 69 daemon unreachable, 70 internal error.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Daemon version, uptime, data dir, socket and webhook address.
    Status(status::StatusArgs),
    /// Conversations on WhatsApp, Messenger and Telegram.
    #[command(subcommand)]
    Conversations(conversations::ConversationsCommand),
    /// Messages of a conversation.
    #[command(subcommand)]
    Messages(messages::MessagesCommand),
    /// Leads and funnels: list, show, open, edit, move between stages, notes.
    #[command(subcommand)]
    Leads(leads::LeadsCommand),
    /// Funnels: their stages, lead type and keywords; add, change, remove.
    #[command(subcommand)]
    Funnels(funnels::FunnelsCommand),
    /// Reports over the last N days or between two dates: channels, leads, countries,
    /// operators, first-response, funnels.
    Reports(reports::ReportsArgs),
    /// Reminders on leads: list, add, done, snooze.
    #[command(subcommand)]
    Reminders(reminders::RemindersCommand),
    /// Quick replies (canned responses) operators insert with /name: list, add, edit, remove.
    #[command(subcommand)]
    Replies(replies::RepliesCommand),
    /// The WhatsApp templates Meta approved (or rejected); --sync fetches them now.
    Templates(templates::TemplatesArgs),
    /// Contacts, matched across channels.
    #[command(subcommand)]
    Contacts(contacts::ContactsCommand),
    /// Invoices: upload, review, correct, confirm or reject, export.
    #[command(subcommand)]
    Invoices(invoices::InvoicesCommand),
    /// Mail: the Gmail mailboxes the tenant watches, the messages they brought and what became
    /// of their attachments.
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// Glosas: a payer's (EPS) objections to the clinic's invoices, with their answer term;
    /// list, show, answer each item, move, export the answer, the codes' catalogs, add a notice.
    #[command(subcommand)]
    Glosas(glosas::GlosasCommand),
    /// Jobs in the durable queue: list, inspect, retry, cancel.
    #[command(subcommand)]
    Jobs(jobs::JobsCommand),
    /// Queues: list with counts, pause, resume.
    #[command(subcommand)]
    Queues(queues::QueuesCommand),
    /// Recurring jobs: list, pause, resume, run now.
    #[command(subcommand)]
    Schedules(schedules::SchedulesCommand),
    /// Connections to providers (Google for Gmail): list, add, finish, test, revoke, remove.
    #[command(subcommand)]
    Connections(connections::ConnectionsCommand),
    /// Tenants: list, add (root or the daemon's user), set-zone and set-currency (admins).
    #[command(subcommand)]
    Tenants(tenants::TenantsCommand),
    /// Operators of a tenant and their roles (admins).
    #[command(subcommand)]
    Operators(operators::OperatorsCommand),
    /// Installation chores for root and the daemon's user: backup.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// The audit log: who did what, when.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
    /// Write man pages (to stdout, or one page per command into a folder).
    Man(man::ManArgs),
    /// Start a throwaway daemon with fake providers and sample data, and open the console on it.
    Demo,
}

// `--limit` and `--json` of the `list` commands that take a number of rows. (No doc comment:
// clap would take it for the about of every command that flattens this.)
#[derive(Debug, Clone, clap::Args)]
pub struct ListArgs {
    /// At most this many rows.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Print the rows as JSON (an array of objects) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The clap command, for completions and man pages.
pub fn cli_command() -> clap::Command {
    Cli::command()
}

pub use lang::parse;

/// What a command needs to talk to the daemon.
pub struct Session {
    pub client: Client,
    tenant: Option<TenantId>,
}

impl Session {
    /// The tenant to act on: `--tenant`, else the caller's only tenant. Times print and are
    /// read in its zone, and its amounts printed in its currency, from then on (`output::zone`,
    /// `output::amount`).
    pub async fn tenant(&self) -> anyhow::Result<TenantId> {
        let tenants = self
            .client
            .rpc
            .tenants_list(tarpc::context::current())
            .await?
            .map_err(Failure::Rpc)?;
        let use_zone = |tenant: &centralita_protocol::Tenant| {
            output::set_zone(crate::format::zone(&tenant.zone));
            output::set_currency(&tenant.currency);
        };
        if let Some(id) = &self.tenant {
            // A tenant not in the list is the daemon's to refuse.
            tenants
                .iter()
                .filter(|tenant| tenant.id == *id)
                .for_each(use_zone);
            return Ok(id.clone());
        }
        match tenants.as_slice() {
            [only] => {
                use_zone(only);
                Ok(only.id.clone())
            }
            [] => Err(Failure::Rpc(RpcError::not_found(crate::text::NO_TENANT)).into()),
            many => {
                let names: Vec<&str> = many.iter().map(|tenant| tenant.id.as_str()).collect();
                Err(Failure::Rpc(RpcError::invalid(format!(
                    "{} (yours: {})",
                    crate::text::CHOOSE_TENANT,
                    names.join(", ")
                )))
                .into())
            }
        }
    }
}

/// An error with a kind, so `run` can pick the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{}", crate::text::rpc_error(.0))]
    Rpc(RpcError),
    #[error(transparent)]
    Connect(#[from] ConnectError),
}

impl From<RpcError> for Failure {
    fn from(error: RpcError) -> Self {
        Self::Rpc(error)
    }
}

/// Runs a parsed command line and returns the process's exit code.
pub async fn run(cli: Cli) -> ExitCode {
    match dispatch(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            let kind = error
                .chain()
                .find_map(|cause| match cause.downcast_ref::<Failure>() {
                    Some(Failure::Rpc(rpc)) => Some(rpc.kind),
                    Some(Failure::Connect(connect)) => Some(connect.kind()),
                    None => cause.downcast_ref::<ConnectError>().map(ConnectError::kind),
                });
            kind.map_or(ExitCode::from(exit::GENERIC), exit::exit_code)
        }
    }
}

async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let Some(command) = cli.command else {
        let session = connect(cli.socket, cli.config.as_deref(), cli.tenant).await?;
        let tenant = session.tenant().await?;
        return crate::console::run(session.client, tenant, output::zone()).await;
    };
    match command {
        Command::Completions(args) => {
            completions::run(&args);
            Ok(())
        }
        Command::Man(args) => man::run(args),
        Command::Demo => demo::run().await,
        command => {
            let session = connect(cli.socket, cli.config.as_deref(), cli.tenant).await?;
            match command {
                Command::Status(args) => status::run(&session, &args).await,
                Command::Invoices(command) => invoices::run(&session, command).await,
                Command::Mail(command) => mail::run(&session, command).await,
                Command::Glosas(command) => glosas::run(&session, command).await,
                Command::Conversations(command) => conversations::run(&session, command).await,
                Command::Messages(command) => messages::run(&session, command).await,
                Command::Contacts(command) => contacts::run(&session, command).await,
                Command::Replies(command) => replies::run(&session, command).await,
                Command::Templates(args) => templates::run(&session, args).await,
                Command::Leads(command) => leads::run(&session, command).await,
                Command::Funnels(command) => funnels::run(&session, command).await,
                Command::Reminders(command) => reminders::run(&session, command).await,
                Command::Reports(args) => reports::run(&session, args).await,
                Command::Jobs(command) => jobs::run(&session, command).await,
                Command::Queues(command) => queues::run(&session, command).await,
                Command::Schedules(command) => schedules::run(&session, command).await,
                Command::Connections(command) => connections::run(&session, command).await,
                Command::Tenants(command) => tenants::run(&session, command).await,
                Command::Operators(command) => operators::run(&session, command).await,
                Command::Audit(command) => audit::run(&session, command).await,
                Command::Admin(command) => admin::run(&session, command).await,
                Command::Completions(_) | Command::Man(_) | Command::Demo => {
                    unreachable!("handled above")
                }
            }
        }
    }
}

async fn connect(
    socket: Option<PathBuf>,
    config: Option<&std::path::Path>,
    tenant: Option<TenantId>,
) -> anyhow::Result<Session> {
    // A config is read only when the user named one or has their own: the daemon's
    // /etc/centralita is not readable by operators, and the socket is found without it.
    let socket = if let Some(socket) = socket {
        socket
    } else if let Some(config) = config {
        let loaded =
            centralita_config::load(Some(config)).map_err(|error| anyhow::anyhow!("{error}"))?;
        crate::client::socket_path(None, Some(&loaded.config), &loaded.config)
    } else {
        let loaded = centralita_config::load_user().map_err(|error| anyhow::anyhow!("{error}"))?;
        crate::client::socket_path(None, None, &loaded.config)
    };
    let client = Client::connect(&socket).await.map_err(Failure::from)?;
    Ok(Session { client, tenant })
}

/// Asks `question` yes/no on the terminal, for a destructive command without `--yes`. Without
/// a terminal to ask on, or without a yes, it refuses; `not_done` says what did not happen.
pub fn confirm(question: &str, not_done: &str) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(
            Failure::Rpc(RpcError::invalid(crate::text::refusing_without_terminal(
                question,
            )))
            .into(),
        );
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    if matches!(line.trim(), "y" | "Y" | "yes" | "si" | "sí") {
        Ok(())
    } else {
        Err(Failure::Rpc(RpcError::invalid(not_done)).into())
    }
}

/// Turns a call's two error layers (transport, daemon) into one.
pub fn answer<T>(
    result: Result<Result<T, RpcError>, tarpc::client::RpcError>,
) -> anyhow::Result<T> {
    match result {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(Failure::Rpc(error).into()),
        Err(error) => Err(Failure::Connect(ConnectError::Transport(error)).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        cli_command().debug_assert();
    }

    /// Every argument of every command, `--json` included, says what it is in `--help`.
    #[test]
    fn every_argument_has_help_text() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let path = format!("{path} {}", command.get_name());
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, &path, missing);
            }
        }
        let mut missing = Vec::new();
        let mut command = cli_command();
        command.build();
        walk(&command, "", &mut missing);
        assert!(missing.is_empty(), "no help text:\n{}", missing.join("\n"));
    }

    #[test]
    fn nouns_and_verbs_parse() {
        let cli = Cli::try_parse_from([
            "centralita",
            "jobs",
            "list",
            "--state",
            "dead",
            "--json",
            "--tenant",
            "acme",
        ])
        .expect("parses");
        assert_eq!(cli.tenant.as_ref().map(TenantId::as_str), Some("acme"));
        assert!(matches!(cli.command, Some(Command::Jobs(_))));
        assert!(Cli::try_parse_from(["centralita", "jobs", "list", "--state", "lost"]).is_err());
        assert!(Cli::try_parse_from(["centralita", "--tenant", "Bad Name", "status"]).is_err());
        assert!(
            Cli::try_parse_from(["centralita", "operators", "add", "ana", "--role", "boss"])
                .is_err()
        );
    }
}
