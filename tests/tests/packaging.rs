//! The systemd unit stays hardened: `systemd-analyze security` scores it 2.0 or lower.

use std::path::PathBuf;
use std::process::Command;

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
