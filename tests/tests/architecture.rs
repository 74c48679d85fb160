//! The shape of the code, checked like rust-analyzer's tidy tests: the rules of the code map in
//! README.md and `daemon/src/lib.rs` fail here when a change breaks them, rather than drifting.
//!
//! - `daemon/src/store/` is the engine: it names no area and no RPC.
//! - Areas never import hyper, tarpc, `rpc::` or `webhook::`; only `store/` names redb.
//! - The pure crates (`extraction`, `invoices`, `channels`, `glosas`, `mail`, `config`) depend on
//!   no tarpc, hyper, redb or tokio, even through another crate; `protocol` and `config` depend
//!   on no crate of ours but `extraction`; `tui` never depends on `daemon`.
//! - No source file that is not a test passes 800 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The daemon's areas and edges, as modules of `daemon/src`.
const DAEMON_MODULES: [&str; 20] = [
    "actor",
    "audit",
    "connections",
    "crm",
    "folders",
    "glosas",
    "mail",
    "dashboard",
    "error",
    "inbox",
    "invoices",
    "metrics",
    "queue",
    "rpc",
    "sandbox",
    "tenants",
    "uploads",
    "webhook",
    "http",
    "shutdown",
];

/// The areas: domain code that RPC and webhooks call into.
const AREAS: [&str; 13] = [
    "audit",
    "connections",
    "crm",
    "dashboard",
    "folders",
    "glosas",
    "mail",
    "inbox",
    "invoices",
    "queue",
    "tenants",
    "uploads",
    "actor",
];

const MAX_LINES: usize = 800;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// Every `.rs` file at or under `path` that is not a test (`tests.rs`, `*_tests.rs`, a
/// `tests/` folder), with its text.
fn sources(path: &Path) -> Vec<(PathBuf, String)> {
    if path.is_file() {
        let text = std::fs::read_to_string(path).expect("readable source");
        return vec![(path.to_path_buf(), without_tests(&text))];
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable folder") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or("");
            if path.is_dir() {
                if name != "tests" && name != "snapshots" && name != "target" {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|extension| extension == "rs")
                && name != "tests.rs"
                && !name.ends_with("_tests.rs")
            {
                let text = std::fs::read_to_string(&path).expect("readable source");
                found.push((path, without_tests(&text)));
            }
        }
    }
    found.sort();
    found
}

/// The text before a trailing `#[cfg(test)] mod tests { … }`: what ships.
fn without_tests(text: &str) -> String {
    match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => text[..at].to_owned(),
        None => text.to_owned(),
    }
}

/// Lines of `text` that are code (not comments), numbered from 1.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(workspace())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Every place under `dir` where one of `forbidden` appears in code.
fn uses(dir: &Path, forbidden: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, text) in sources(dir) {
        for (number, line) in code_lines(&text) {
            for pattern in forbidden {
                if line.contains(pattern.as_str()) {
                    found.push(format!("{}:{number}: {pattern}", relative(&path)));
                }
            }
        }
    }
    found
}

#[test]
fn the_store_is_an_engine_that_names_no_area_and_no_rpc() {
    let mut forbidden: Vec<String> = DAEMON_MODULES
        .iter()
        .map(|module| format!("crate::{module}"))
        .collect();
    forbidden.extend([
        "tarpc".to_owned(),
        "RpcError".to_owned(),
        "hyper".to_owned(),
    ]);
    let found = uses(&workspace().join("daemon/src/store"), &forbidden);
    assert!(
        found.is_empty(),
        "store/ must know no area or RPC:\n{}",
        found.join("\n")
    );
}

#[test]
fn areas_know_no_transport_and_only_the_store_names_redb() {
    let transport: Vec<String> = ["hyper", "tarpc", "crate::rpc", "crate::webhook", "RpcError"]
        .map(str::to_owned)
        .to_vec();
    let mut found = Vec::new();
    let daemon = workspace().join("daemon/src");
    for area in AREAS {
        let folder = daemon.join(area);
        let path = if folder.is_dir() {
            folder
        } else {
            daemon.join(format!("{area}.rs"))
        };
        found.extend(uses(&path, &transport));
    }
    for (path, text) in sources(&daemon) {
        if path.starts_with(daemon.join("store")) || path.ends_with("testing.rs") {
            continue;
        }
        for (number, line) in code_lines(&text) {
            if line.contains("redb::") {
                found.push(format!("{}:{number}: redb::", relative(&path)));
            }
        }
    }
    assert!(
        found.is_empty(),
        "areas must not reach transports or redb:\n{}",
        found.join("\n")
    );
}

/// The workspace's packages and, for each, the packages it needs to build (normal
/// dependencies, followed through), from `cargo metadata`.
fn dependency_closure() -> BTreeMap<String, BTreeSet<String>> {
    let rustc = std::process::Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc names its host");
    // This machine's platform only: the others' crates (Windows, macOS) are not downloaded.
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(workspace())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let name_of: BTreeMap<&str, &str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|package| {
            (
                package["id"].as_str().expect("id"),
                package["name"].as_str().expect("name"),
            )
        })
        .collect();
    let mut direct: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for node in metadata["resolve"]["nodes"].as_array().expect("resolve") {
        let id = node["id"].as_str().expect("id");
        let normal = node["deps"]
            .as_array()
            .expect("deps")
            .iter()
            .filter(|dep| {
                dep["dep_kinds"]
                    .as_array()
                    .expect("kinds")
                    .iter()
                    .any(|kind| kind["kind"].is_null())
            })
            .map(|dep| dep["pkg"].as_str().expect("pkg"))
            .collect();
        direct.insert(id, normal);
    }
    let mut closure = BTreeMap::new();
    for member in metadata["workspace_members"].as_array().expect("members") {
        let member = member.as_str().expect("member");
        let mut seen = BTreeSet::new();
        let mut pending = vec![member];
        while let Some(id) = pending.pop() {
            for dep in direct.get(id).into_iter().flatten() {
                if seen.insert(name_of[dep].to_owned()) {
                    pending.push(dep);
                }
            }
        }
        closure.insert(name_of[member].to_owned(), seen);
    }
    closure
}

#[test]
fn pure_crates_stay_pure_and_the_console_never_needs_the_daemon() {
    let closure = dependency_closure();
    let mut broken = Vec::new();
    for pure in [
        "centralita-extraction",
        "centralita-invoices",
        "centralita-channels",
        "centralita-glosas",
        "centralita-mail",
        "centralita-config",
    ] {
        for heavy in ["tarpc", "hyper", "redb", "tokio"] {
            if closure[pure].contains(heavy) {
                broken.push(format!("{pure} depends on {heavy}"));
            }
        }
    }
    // The contract and the config stand alone; the contract shares only the reader's result
    // types (`centralita-extraction`, which needs nothing of ours).
    for crate_of_ours in [
        "centralita-protocol",
        "centralita-config",
        "centralita-extraction",
    ] {
        for ours in closure[crate_of_ours]
            .iter()
            .filter(|name| name.starts_with("centralita-") && *name != "centralita-extraction")
        {
            broken.push(format!("{crate_of_ours} depends on {ours}"));
        }
    }
    if closure["centralita-tui"].contains("centralita-daemon") {
        broken.push("centralita-tui depends on centralita-daemon".to_owned());
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn no_source_file_passes_800_lines() {
    let mut long = Vec::new();
    for folder in [
        "daemon/src",
        "tui/src",
        "protocol/src",
        "config/src",
        "extraction/src",
        "invoices/src",
        "channels/src",
        "glosas/src",
        "mail/src",
        "testkit/src",
        "tests/src",
    ] {
        for (path, text) in sources(&workspace().join(folder)) {
            let lines = text.lines().count();
            if lines > MAX_LINES {
                long.push(format!("{}: {lines} lines", relative(&path)));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these by responsibility (STYLE.md §9):\n{}",
        long.join("\n")
    );
}
