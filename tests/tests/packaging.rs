//! Deploying from the docs works: the systemd unit stays hardened (`systemd-analyze security`
//! scores it 2.0 or lower), and the example config starts the daemon as it is.

use std::path::PathBuf;
use std::process::Command;

use centralita_tests::{TestDaemon, binary, example_config};

/// The example config with only where it keeps its files changed (a temp dir) and its webhook
/// port left to the system (port 0, so parallel test runs do not clash).
fn example_config_in(dir: &std::path::Path) -> String {
    let edits = [
        (
            "data_dir = \"/var/lib/centralita\"",
            format!("data_dir = {:?}", dir.display().to_string()),
        ),
        (
            "socket = \"/run/centralita/console.sock\"",
            format!(
                "socket = {:?}",
                dir.join("console.sock").display().to_string()
            ),
        ),
        (
            "listen = \"127.0.0.1:8780\"",
            "listen = \"127.0.0.1:0\"".to_owned(),
        ),
    ];
    let mut config = example_config();
    for (key, value) in edits {
        assert_eq!(
            config.matches(key).count(),
            1,
            "the example config sets `{key}` once"
        );
        config = config.replace(key, &value);
    }
    config
}

#[tokio::test]
async fn the_example_config_passes_check_config_and_starts_the_daemon_as_it_is() {
    let mut daemon = TestDaemon::start_with_config(|dir| {
        let config = example_config_in(dir);
        let path = dir.join("config.toml");
        std::fs::write(&path, &config).expect("written");
        // Without any secret in the environment or a credentials folder.
        let output = Command::new(binary("centralitad", "CENTRALITAD_BIN"))
            .args(["check-config", "--config"])
            .arg(&path)
            .env_remove("CREDENTIALS_DIRECTORY")
            .env_remove("CENTRALITA_LLM_KEY")
            .output()
            .expect("check-config runs");
        assert!(
            output.status.success(),
            "check-config refuses the example: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        config
    })
    .await;
    // Ready: it answers hello on its socket (start_with_config waited for that) and status.
    let status = daemon
        .client()
        .await
        .rpc
        .status(tarpc::context::current())
        .await
        .expect("rpc")
        .expect("status");
    assert_eq!(status.data_dir, daemon.dir().display().to_string());
    assert!(!status.sandbox);
    assert!(
        daemon.sigterm_and_wait().success(),
        "the daemon on the example config stops cleanly"
    );
}

#[test]
fn the_systemd_unit_scores_two_or_lower() {
    let unit = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../packaging/centralitad.service");
    let output = match Command::new("systemd-analyze")
        .args(["security", "--offline=true"])
        .arg(&unit)
        .output()
    {
        Ok(output) => output,
        Err(error) => {
            // scripts/test installs systemd; a machine without it cannot run this check.
            eprintln!("skipped: systemd-analyze is not available ({error})");
            return;
        }
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .find(|line| line.contains("Overall exposure level"))
        .unwrap_or_else(|| {
            panic!(
                "no overall score in systemd-analyze's output:\n{text}\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let score: f64 = line
        .split(':')
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("cannot read the score in {line:?}"));
    assert!(
        score <= 2.0,
        "packaging/centralitad.service scores {score}, above 2.0:\n{text}"
    );
}
