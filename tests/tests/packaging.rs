//! Deploying from the docs works: the systemd unit stays hardened (`systemd-analyze security`
//! scores it 2.0 or lower), and the example config starts the daemon as it is.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
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

/// `packaging/build-deb` from the debug binaries into `out`; the path of the package, or
/// `None` (said on stderr) where dpkg-deb is not installed.
fn build_deb(out: &Path) -> Option<PathBuf> {
    let bin_dir = binary("centralitad", "CENTRALITAD_BIN")
        .parent()
        .expect("a folder")
        .to_path_buf();
    build_deb_from(&bin_dir, out)
}

/// `packaging/build-deb` from the binaries in `bin_dir` (fast compression) into `out`.
fn build_deb_from(bin_dir: &Path, out: &Path) -> Option<PathBuf> {
    if Command::new("dpkg-deb").arg("--version").output().is_err() {
        eprintln!("skipped: dpkg-deb is not installed (apt-get install dpkg)");
        return None;
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let built = Command::new("bash")
        .arg(repo.join("packaging/build-deb"))
        .args(["--debug", "--bin-dir"])
        .arg(bin_dir)
        .arg("--out")
        .arg(out)
        .output()
        .expect("build-deb runs");
    assert!(
        built.status.success(),
        "build-deb failed: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    Some(PathBuf::from(String::from_utf8_lossy(&built.stdout).trim()))
}

/// `packaging/build-deb` from the debug binaries: the package holds every path the unit and
/// the docs name, its config is a conffile that passes check-config, and the man pages and
/// completions are there and not empty.
#[test]
fn the_debian_package_holds_what_the_unit_and_the_docs_name() {
    let out = tempfile::tempdir().expect("temp dir");
    let Some(deb) = build_deb(out.path()) else {
        return;
    };
    check_control(&deb, out.path());
    check_files(&deb, &out.path().join("root"));
}

/// lintian, Debian's package checker, finds no error and no warning in the package built from
/// the binaries stripped as the release profile strips them (`scripts/test` installs lintian;
/// what the package does on purpose is in its overrides file).
#[test]
fn lintian_finds_no_error_or_warning_in_the_package() {
    if Command::new("lintian").arg("--version").output().is_err() {
        eprintln!("skipped: lintian is not installed (apt-get install lintian)");
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let stripped = out.path().join("bin");
    std::fs::create_dir(&stripped).expect("a folder");
    for name in ["centralitad", "centralita"] {
        let copy = stripped.join(name);
        std::fs::copy(binary(name, "CENTRALITAD_BIN").with_file_name(name), &copy).expect("copied");
        let strip = Command::new("strip")
            .arg(&copy)
            .status()
            .expect("strip runs");
        assert!(strip.success(), "strip {name}");
    }
    let Some(deb) = build_deb_from(&stripped, out.path()) else {
        return;
    };
    let lintian = Command::new("lintian")
        .args(["--fail-on", "error,warning", "--tag-display-limit", "0"])
        .arg(&deb)
        .output()
        .expect("lintian runs");
    assert!(
        lintian.status.success(),
        "lintian: {}{}",
        String::from_utf8_lossy(&lintian.stdout),
        String::from_utf8_lossy(&lintian.stderr)
    );
}

/// `dpkg --root=DIR -i` into an empty root, as root (CI is): dpkg records the package as
/// installed, the maintainer scripts create the centralita group inside that root (not on
/// this machine) and give it the config folder 0750 and the config 0640; `dpkg -r` then
/// removes the binaries and keeps the edited config (a conffile).
#[test]
fn the_debian_package_installs_into_a_fresh_root_and_removes_cleanly() {
    let euid = Command::new("id").arg("-u").output().expect("id -u");
    if String::from_utf8_lossy(&euid.stdout).trim() != "0" {
        eprintln!("skipped: dpkg --root -i changes owners, so it needs root");
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let Some(deb) = build_deb(out.path()) else {
        return;
    };
    let root = out.path().join("root");
    let dpkg_dir = root.join("var/lib/dpkg");
    for dir in ["info", "updates", "triggers"] {
        std::fs::create_dir_all(dpkg_dir.join(dir)).expect("dpkg's folders");
    }
    for file in ["status", "available"] {
        std::fs::write(dpkg_dir.join(file), "").expect("dpkg's database");
    }
    let dpkg = |args: &[&str]| {
        let output = Command::new("dpkg")
            .arg(format!("--root={}", root.display()))
            .args([
                "--force-script-chrootless",
                "--force-depends",
                "--log=/dev/null",
            ])
            .args(args)
            .output()
            .expect("dpkg runs");
        assert!(
            output.status.success(),
            "dpkg {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let host_groups = std::fs::read_to_string("/etc/group").expect("/etc/group");
    dpkg(&["-i", deb.to_str().expect("a UTF-8 path")]);

    let status = dpkg(&["-s", "centralita"]);
    assert!(status.contains("Status: install ok installed"), "{status}");
    let inside = |path: &str| root.join(path.trim_start_matches('/'));
    for path in [
        "/usr/bin/centralitad",
        "/usr/bin/centralita",
        "/lib/systemd/system/centralitad.service",
        "/usr/share/man/man1/centralitad.1.gz",
    ] {
        assert!(inside(path).is_file(), "{path} is not installed");
    }
    let groups = std::fs::read_to_string(inside("/etc/group")).expect("the root's /etc/group");
    let gid: u32 = groups
        .lines()
        .find_map(|line| line.strip_prefix("centralita:"))
        .and_then(|rest| rest.split(':').nth(1))
        .and_then(|gid| gid.parse().ok())
        .unwrap_or_else(|| panic!("no centralita group in the root:\n{groups}"));
    assert_eq!(
        std::fs::read_to_string("/etc/group").expect("/etc/group"),
        host_groups,
        "the install touched this machine's groups"
    );
    for (path, mode) in [
        ("/etc/centralita", 0o750),
        ("/etc/centralita/config.toml", 0o640),
    ] {
        let metadata = std::fs::metadata(inside(path)).expect("installed");
        assert_eq!(
            (metadata.mode() & 0o777, metadata.uid(), metadata.gid()),
            (mode, 0, gid),
            "{path}: mode, owner and group"
        );
    }

    // An operator's edit survives removal: the config is a conffile.
    let config = inside("/etc/centralita/config.toml");
    let mut edited = std::fs::read_to_string(&config).expect("config");
    edited.push_str("\n# edited by the operator\n");
    std::fs::write(&config, &edited).expect("edit the config");
    dpkg(&["-r", "centralita"]);
    assert!(!inside("/usr/bin/centralitad").exists(), "removed");
    assert_eq!(
        std::fs::read_to_string(&config).expect("the config stays"),
        edited
    );
}

/// The package's name, control fields, conffiles and maintainer scripts.
fn check_control(deb: &Path, out: &Path) {
    let name = deb.file_name().and_then(|name| name.to_str()).unwrap_or("");
    assert!(
        name.starts_with(&format!("centralita_{}_", env!("CARGO_PKG_VERSION")))
            && deb.extension().is_some_and(|extension| extension == "deb"),
        "{name}"
    );

    let info = Command::new("dpkg-deb")
        .arg("--info")
        .arg(deb)
        .output()
        .expect("dpkg-deb --info");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Package: centralita"), "{info}");
    for dependency in ["poppler-utils", "tesseract-ocr", "tesseract-ocr-spa"] {
        assert!(
            info.contains(dependency),
            "Depends lacks {dependency}:\n{info}"
        );
    }

    let control = out.join("control");
    let status = Command::new("dpkg-deb")
        .arg("-e")
        .arg(deb)
        .arg(&control)
        .status()
        .expect("dpkg-deb -e");
    assert!(status.success(), "dpkg-deb -e");
    let conffiles = std::fs::read_to_string(control.join("conffiles")).expect("conffiles");
    assert_eq!(conffiles.trim(), "/etc/centralita/config.toml");
    let postinst = std::fs::read_to_string(control.join("postinst")).expect("postinst");
    assert!(
        postinst.contains("systemd-sysusers") && postinst.contains("groupadd --system centralita"),
        "{postinst}"
    );
    for script in ["postinst", "prerm", "postrm"] {
        let checked = Command::new("sh")
            .arg("-n")
            .arg(control.join(script))
            .status()
            .expect("sh -n");
        assert!(checked.success(), "{script} is not valid sh");
    }
}

/// Every path the unit and the docs name is in the package, with its mode, and its config
/// passes check-config.
fn check_files(deb: &Path, root: &Path) {
    let status = Command::new("dpkg-deb")
        .arg("-x")
        .arg(deb)
        .arg(root)
        .status()
        .expect("dpkg-deb -x");
    assert!(status.success(), "dpkg-deb -x");
    let inside = |path: &str| root.join(path.trim_start_matches('/'));
    let unit = std::fs::read_to_string(inside("/lib/systemd/system/centralitad.service"))
        .expect("the unit is packaged");
    let exec = unit
        .lines()
        .find_map(|line| line.strip_prefix("ExecStart="))
        .and_then(|command| command.split_whitespace().next())
        .expect("ExecStart");
    let mut named = vec![
        exec.to_owned(),
        "/usr/bin/centralita".to_owned(),
        "/etc/centralita/config.toml".to_owned(),
        "/usr/lib/sysusers.d/centralita.conf".to_owned(),
        "/usr/share/bash-completion/completions/centralita".to_owned(),
        "/usr/share/zsh/vendor-completions/_centralita".to_owned(),
        "/usr/share/fish/vendor_completions.d/centralita.fish".to_owned(),
        "/usr/share/man/man1/centralita.1.gz".to_owned(),
        "/usr/share/man/man1/centralita-admin-backup.1.gz".to_owned(),
        "/usr/share/man/man1/centralitad.1.gz".to_owned(),
        "/usr/share/man/man1/centralitad-restore.1.gz".to_owned(),
    ];
    // Paths the unit reads besides its own folders.
    named.extend(
        unit.lines()
            .filter_map(|line| line.strip_prefix("ReadOnlyPaths="))
            .map(|path| path.trim_start_matches('-').to_owned()),
    );
    for path in &named {
        let metadata = std::fs::metadata(inside(path))
            .unwrap_or_else(|error| panic!("{path} is not in the package: {error}"));
        assert!(metadata.is_dir() || metadata.len() > 0, "{path} is empty");
    }
    let mode = |path: &str| {
        std::fs::metadata(inside(path))
            .expect("packaged")
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(exec), 0o755);
    assert_eq!(mode("/etc/centralita/config.toml"), 0o640);
    let sysusers =
        std::fs::read_to_string(inside("/usr/lib/sysusers.d/centralita.conf")).expect("sysusers");
    assert!(
        sysusers
            .lines()
            .any(|line| line.starts_with("g centralita"))
    );

    // The packaged config starts as it is: check-config says ok, secrets unset.
    let checked = Command::new(inside(exec))
        .args(["check-config", "--config"])
        .arg(inside("/etc/centralita/config.toml"))
        .env_remove("CREDENTIALS_DIRECTORY")
        .output()
        .expect("the packaged centralitad runs");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
}
