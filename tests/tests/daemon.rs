//! The daemon as an operator and systemd see it: status, health, clean stop, config checks.

use std::process::Command;

use centralita_protocol::JobState;
use centralita_tests::{TestDaemon, binary, example_config, uncomment_settings};
use tarpc::context;

#[tokio::test]
async fn status_reports_version_paths_and_the_bound_webhook_address() {
    let daemon = TestDaemon::start().await;
    let status = daemon
        .client()
        .await
        .rpc
        .status(context::current())
        .await
        .expect("rpc")
        .expect("status");
    assert_eq!(status.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(status.data_dir, daemon.dir().display().to_string());
    assert_eq!(status.socket_path, daemon.socket().display().to_string());
    let address = status.webhook_addr.expect("listening");
    assert!(
        address.starts_with("127.0.0.1:") && !address.ends_with(":0"),
        "{address}"
    );
    assert!(status.sandbox);
    let health = reqwest::get(format!("http://{address}/healthz"))
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.expect("body").trim(), "ok");
}

#[tokio::test]
async fn sigterm_drains_exits_zero_and_keeps_every_job() {
    let mut daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let base = daemon.webhook_url().await;
    for n in 0..20 {
        assert_eq!(
            daemon
                .post_event(&http, &base, &format!("keep-{n}"), "sleep_ms:50")
                .await
                .0,
            200
        );
    }
    let status = daemon.sigterm_and_wait();
    assert!(status.success(), "exit status {status}");
    assert!(
        !daemon.socket().exists(),
        "the socket is removed on a clean stop"
    );
    daemon.restart().await;
    let log = std::fs::read_to_string(daemon.log_path()).expect("log");
    assert!(
        !log.contains("unclean stop"),
        "a clean stop closes the database, so the next start has nothing to check:\n{log}"
    );
    for n in 0..20 {
        daemon
            .wait_for_job(&format!("sandbox:keep-{n}"), JobState::Succeeded)
            .await;
    }
    assert!(
        daemon
            .all_jobs()
            .await
            .iter()
            .all(|job| job.state != JobState::Running)
    );
}

#[test]
fn check_config_names_file_key_and_line_of_every_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.toml");
    std::fs::write(
        &path,
        "[daemon]\nlog_formt = \"json\"\n\n[queue]\nlease_secs = 0\n",
    )
    .expect("written");
    let output = Command::new(binary("centralitad", "CENTRALITAD_BIN"))
        .args(["check-config", "--config"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let file = path.display().to_string();
    assert!(
        stderr.contains(&format!("{file}:2: daemon.log_formt: unknown field")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{file}:5: queue.lease_secs: must be at least 1")),
        "{stderr}"
    );
    // The example's sections that need secrets, turned on: their secrets are resolved as
    // start-up resolves them, and unset they are problems.
    let example = dir.path().join("enabled.toml");
    std::fs::write(&example, uncomment_settings(&example_config())).expect("written");
    let output = Command::new(binary("centralitad", "CENTRALITAD_BIN"))
        .args(["check-config", "--config"])
        .arg(&example)
        .env_remove("CREDENTIALS_DIRECTORY")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("channels.whatsapp.demo.app_secret: environment variable DEMO_META_APP_SECRET is not set")
            && stderr.contains("connections.token_key: credential token-key is not available")
            && stderr.contains("would refuse to start"),
        "{stderr}"
    );
    // Set, it is ok.
    let credentials = tempfile::tempdir().expect("credentials");
    std::fs::write(credentials.path().join("token-key"), "a2V5\n").expect("written");
    let mut command = Command::new(binary("centralitad", "CENTRALITAD_BIN"));
    command
        .args(["check-config", "--config"])
        .arg(&example)
        .env("CREDENTIALS_DIRECTORY", credentials.path());
    for name in [
        "CENTRALITA_LLM_KEY",
        "DEMO_META_APP_SECRET",
        "DEMO_META_VERIFY_TOKEN",
        "DEMO_WHATSAPP_TOKEN",
        "DEMO_PAGE_TOKEN",
        "DEMO_TELEGRAM_SECRET",
        "DEMO_TELEGRAM_BOT_TOKEN",
        "GOOGLE_CLIENT_SECRET",
    ] {
        command.env(name, "x");
    }
    let output = command.output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).ends_with(": ok\n"));
}

#[tokio::test]
async fn a_second_daemon_on_the_same_folder_is_refused() {
    let daemon = TestDaemon::start().await;
    let output = Command::new(binary("centralitad", "CENTRALITAD_BIN"))
        .arg("--config")
        .arg(daemon.config_path())
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("already listening") || stderr.contains("already open"),
        "{stderr}"
    );
    // The first one still answers.
    daemon.client().await;
}

#[tokio::test]
async fn a_start_refused_for_a_secret_leaves_the_database_clean() {
    let mut daemon = TestDaemon::start().await;
    assert!(daemon.sigterm_and_wait().success());
    let good = std::fs::read_to_string(daemon.config_path()).expect("config");
    std::fs::write(
        daemon.config_path(),
        format!(
            "{good}\n[channels.telegram.clinica]\nsecret_token = {{ env = \"CENTRALITA_TEST_NEVER_SET\" }}\n"
        ),
    )
    .expect("config written");
    let output = Command::new(binary("centralitad", "CENTRALITAD_BIN"))
        .arg("--config")
        .arg(daemon.config_path())
        .env_remove("CENTRALITA_TEST_NEVER_SET")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("channels.telegram.clinica.secret_token")
            && stderr.contains("CENTRALITA_TEST_NEVER_SET"),
        "{stderr}"
    );

    std::fs::write(daemon.config_path(), good).expect("config restored");
    let logged = std::fs::read_to_string(daemon.log_path())
        .expect("log")
        .len();
    daemon.restart().await;
    daemon.client().await;
    let log = std::fs::read_to_string(daemon.log_path()).expect("log");
    assert!(
        !log[logged..].contains("unclean stop"),
        "the refused start left the database needing a check:\n{}",
        &log[logged..]
    );
}
