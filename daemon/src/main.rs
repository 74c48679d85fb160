//! `centralitad`: parse arguments, set up logging, bind the listeners, hand over to
//! [`centralita_daemon::run`], and turn the outcome into an exit code.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use centralita_config::{Config, LogFormat};
use centralita_daemon::{Launch, sandbox};
use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: the webhook path allocates per request and glibc's
/// malloc/free took about 12 % of the daemon's CPU under load in a profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The Centralita daemon: owns the database, the job queue, the webhook listener and the
/// console socket. Runs in the foreground (systemd Type=notify); stop it with SIGTERM or Ctrl-C.
#[derive(Debug, Parser)]
#[command(name = "centralitad", version, after_help = EXAMPLES)]
struct Args {
    /// Config file (else $CENTRALITA_CONFIG, the XDG config dir, /etc/centralita/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Self-contained instance in DIR: database, blobs and the socket DIR/console.sock.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Webhook listener address (port 0 picks a free one; `centralita status` shows it).
    #[arg(long, value_name = "ADDR")]
    webhook_listen: Option<SocketAddr>,
    /// Log format on stderr.
    #[arg(long, value_enum)]
    log_format: Option<LogFormatArg>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the config file and print every problem with file, key and line.
    CheckConfig,
    /// Restore a backup made with `centralita admin backup` into an empty folder, with the
    /// daemon stopped: every member's checksum is verified before anything is written.
    Restore {
        /// The backup's tar file.
        file: PathBuf,
        /// The data dir to restore into: new or empty.
        #[arg(long, value_name = "DIR")]
        data_dir: PathBuf,
    },
    /// Run invoice extraction over a folder with an expected.json and print per-field and
    /// overall accuracy (uses pdftotext, pdftoppm and tesseract like the daemon).
    Accuracy {
        /// Folder holding expected.json and the documents it lists.
        dir: PathBuf,
        /// Mappings folder to apply (default: none).
        #[arg(long, value_name = "DIR")]
        mappings: Option<PathBuf>,
        /// Also list every field that did not match.
        #[arg(long, short = 'v')]
        verbose: bool,
        /// Only documents of this kind (pdf, image, text, ubl, cfdi); repeat for several.
        #[arg(long, value_name = "KIND")]
        kind: Vec<String>,
        /// Print the figures as one JSON object instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// Write the man pages: centralitad.1 to stdout, or every page into --out DIR.
    Man {
        /// Folder to write centralitad.1 and centralitad-<command>.1 into.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LogFormatArg {
    Plain,
    Json,
}

const EXAMPLES: &str = "Examples:
  centralitad                                   run with the config file found by lookup
  centralitad --data-dir /tmp/c --webhook-listen 127.0.0.1:0
                                                a throwaway instance (socket /tmp/c/console.sock)
  centralitad check-config --config ./config.toml
  centralitad restore backup.tar --data-dir /var/lib/centralita.new
                                                restore `centralita admin backup`, offline
  centralitad accuracy ../shared/fixtures/invoices/dev   extraction accuracy on a labelled folder";

/// `centralitad accuracy DIR`: the extraction pipeline over a labelled folder.
fn accuracy(
    dir: &std::path::Path,
    mappings: Option<&std::path::Path>,
    verbose: bool,
    kinds: &[String],
    json: bool,
) -> ExitCode {
    let config = centralita_config::InvoicesConfig::default();
    let tools = centralita_daemon::invoices::tools::Tools::new(
        config.tool_concurrency,
        std::time::Duration::from_secs(config.tool_timeout_secs),
        &config.ocr_languages,
        config.ocr_dpi,
    )
    .with_memory_mib(config.tool_memory_mib);
    let (mappings, problems) = match mappings {
        Some(dir) => centralita_invoices::mappings::load_dir(dir),
        None => Default::default(),
    };
    for problem in problems {
        eprintln!("{}:{}: {}", problem.file, problem.line, problem.message);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let started = std::time::Instant::now();
    let result = runtime.block_on(centralita_daemon::invoices::accuracy::run(
        dir,
        &tools,
        &mappings,
        kinds,
        |index, total, file| {
            if std::io::stderr().is_terminal() {
                eprint!("\r\x1b[K[{}/{total}] {file}", index + 1);
            }
        },
    ));
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[K");
    }
    match result {
        Ok(report) if json => {
            let mut value = report.to_json();
            value["seconds"] = serde_json::json!(started.elapsed().as_secs_f64());
            println!("{value:#}");
            ExitCode::SUCCESS
        }
        Ok(report) => {
            print!("{}", report.render(verbose));
            println!("accuracy_seconds: {:.1} s", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `centralitad man`: the pages clap_mangen makes of these arguments, as `centralita man` does.
fn man(out: Option<&std::path::Path>) -> anyhow::Result<()> {
    use clap::CommandFactory;
    let command = Args::command();
    let Some(dir) = out else {
        clap_mangen::Man::new(command).render(&mut std::io::stdout())?;
        return Ok(());
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    clap_mangen::generate_to(command, dir)
        .with_context(|| format!("writing man pages into {}", dir.display()))?;
    Ok(())
}

/// An outcome as an exit code, the error on stderr.
fn exit(outcome: anyhow::Result<()>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match &args.command {
        Some(Command::CheckConfig) => return check_config(&args),
        Some(Command::Restore { file, data_dir }) => return restore(file, data_dir),
        Some(Command::Accuracy {
            dir,
            mappings,
            verbose,
            kind,
            json,
        }) => return accuracy(dir, mappings.as_deref(), *verbose, kind, *json),
        Some(Command::Man { out }) => return exit(man(out.as_deref())),
        None => {}
    }
    let loaded = match centralita_config::load(args.config.as_deref()) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(78); // EX_CONFIG
        }
    };
    let mut config = loaded.config;
    if let Some(format) = args.log_format {
        config.daemon.log_format = match format {
            LogFormatArg::Plain => LogFormat::Plain,
            LogFormatArg::Json => LogFormat::Json,
        };
    }
    init_tracing(config.daemon.log_format);
    if let Some(source) = &loaded.source {
        tracing::info!(config = %source.display(), "config loaded");
    }
    match start(&args, config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            let _ = sd_notify::notify(&[sd_notify::NotifyState::Stopping]);
            ExitCode::FAILURE
        }
    }
}

/// `centralitad restore FILE --data-dir DIR`.
fn restore(file: &std::path::Path, data_dir: &std::path::Path) -> ExitCode {
    match centralita_daemon::store::restore(file, data_dir) {
        Ok(manifest) => {
            let rows: u64 = manifest.tables.values().sum();
            println!(
                "restored {} into {}: the database as of {} (schema {}, {} tables, {rows} rows) and {} blobs",
                file.display(),
                data_dir.display(),
                manifest.created_at,
                manifest.schema_version,
                manifest.tables.len(),
                manifest.blobs,
            );
            println!(
                "start centralitad on it with data_dir = {:?} (or --data-dir)",
                data_dir.display().to_string()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Checks the config as start-up would: its keys and values, then every secret it names
/// (resolved, never shown), with a warning for secret files others can read.
fn check_config(args: &Args) -> ExitCode {
    let loaded = match centralita_config::load(args.config.as_deref()) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let name = loaded.source.as_ref().map_or_else(
        || "the defaults (no config file found)".to_owned(),
        |path| path.display().to_string(),
    );
    let checks =
        centralita_config::check_secrets(&loaded.config, &|key: &str| std::env::var_os(key));
    for (key, warning) in &checks.warnings {
        eprintln!("{name}: warning: {key}: {warning}");
    }
    if !checks.problems.is_empty() {
        for (key, problem) in &checks.problems {
            eprintln!("{name}: {key}: {problem}");
        }
        eprintln!(
            "{name}: {} secret(s) do not resolve; the daemon would refuse to start",
            checks.problems.len()
        );
        return ExitCode::FAILURE;
    }
    println!("{name}: ok");
    ExitCode::SUCCESS
}

fn start(args: &Args, mut config: Config) -> anyhow::Result<()> {
    if let Some(addr) = args.webhook_listen {
        config.webhook.listen = addr;
    }
    let (data_dir, socket_path) = match &args.data_dir {
        Some(dir) => (dir.clone(), dir.join("console.sock")),
        None => (
            centralita_config::data_dir(&config),
            centralita_config::default_socket_path(&config),
        ),
    };
    let sandbox_secret = if config.sandbox.enabled {
        Some(match &config.sandbox.webhook_secret {
            Some(reference) => reference.resolve().context("sandbox.webhook_secret")?,
            None => centralita_config::Secret::new(sandbox::DEFAULT_WEBHOOK_SECRET),
        })
    } else {
        None
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        create_private_dir(&data_dir)
            .with_context(|| format!("creating the data dir {}", data_dir.display()))?;
        let webhook_listener = tokio::net::TcpListener::bind(config.webhook.listen)
            .await
            .with_context(|| {
                format!("binding the webhook listener on {}", config.webhook.listen)
            })?;
        let rpc_listener =
            centralita_daemon::rpc::bind(&socket_path, config.daemon.socket_group.as_deref())
                .with_context(|| format!("binding the console socket {}", socket_path.display()))?;
        let launch = Launch {
            config,
            data_dir,
            socket_path,
            rpc_listener,
            webhook_listener,
            sandbox_secret,
        };
        centralita_daemon::run(launch, shutdown_signal(), notify_ready).await?;
        let _ = sd_notify::notify(&[sd_notify::NotifyState::Stopping]);
        Ok(())
    })
}

/// Creates `dir` (and its parents) if missing; a folder created here is 0750, since it will
/// hold the database and the console socket.
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o750)
        .create(dir)
}

/// READY=1 for systemd, then watchdog pings at half the watchdog interval.
fn notify_ready() {
    if let Err(error) = sd_notify::notify(&[sd_notify::NotifyState::Ready]) {
        tracing::warn!(%error, "could not tell systemd we are ready");
    }
    if let Some(interval) = sd_notify::watchdog_enabled() {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval / 2);
            loop {
                tick.tick().await;
                let _ = sd_notify::notify(&[sd_notify::NotifyState::Watchdog]);
            }
        });
    }
}

async fn shutdown_signal() {
    let mut terminate =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the daemon");
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
    tokio::select! {
        _ = terminate.recv() => tracing::info!("SIGTERM received"),
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received"),
    }
    let _ = sd_notify::notify(&[sd_notify::NotifyState::Stopping]);
    // A second signal while draining stops at once.
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        tracing::warn!("second signal: exiting without draining");
        std::process::exit(130);
    });
}

fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CENTRALITA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Plain => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
