//! `centralita status`.

use super::{Session, answer, output};
use crate::text::{StatusField, status_line as line};

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(session: &Session, args: &StatusArgs) -> anyhow::Result<()> {
    let status = answer(session.client.rpc.status(tarpc::context::current()).await)?;
    if args.json {
        return output::print_json(&status);
    }
    let hello = &session.client.hello;
    println!(
        "centralitad {} (API {})",
        status.version, status.api_version
    );
    println!(
        "{}",
        line(StatusField::Uptime, human_duration(status.uptime_secs))
    );
    println!("{}", line(StatusField::DataDir, &status.data_dir));
    println!("{}", line(StatusField::Socket, &status.socket_path));
    println!(
        "{}",
        line(
            StatusField::Webhooks,
            status
                .webhook_addr
                .as_deref()
                .unwrap_or(crate::text::NOT_LISTENING.get())
        )
    );
    let superuser = if hello.operator.superuser {
        " (superuser)"
    } else {
        ""
    };
    println!(
        "{}",
        line(
            StatusField::You,
            format!("{}{superuser}", hello.operator.user)
        )
    );
    if status.sandbox {
        println!("{}", crate::text::SANDBOX_BANNER);
    }
    Ok(())
}

fn human_duration(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m {}s", secs / 60, secs % 60),
        3600..86_400 => format!("{}h {}m", secs / 3600, secs % 3600 / 60),
        _ => format!("{}d {}h", secs / 86_400, secs % 86_400 / 3600),
    }
}
