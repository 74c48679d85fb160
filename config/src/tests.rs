//! Loading and validation, with broken files as a user would write them.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::*;

fn file() -> &'static Path {
    Path::new("/etc/centralita/config.toml")
}

fn problems(text: &str) -> Vec<Problem> {
    parse(text, file())
        .expect_err("the config must be refused")
        .problems()
        .to_vec()
}

fn no_env(_: &str) -> Option<OsString> {
    None
}

#[test]
fn an_empty_file_gives_the_defaults() {
    assert_eq!(parse("", file()).expect("valid"), Config::default());
    let config = Config::default();
    assert_eq!(config.webhook.listen.to_string(), "127.0.0.1:8780");
    assert_eq!(config.webhook.body_limit_bytes, 1024 * 1024);
    assert_eq!(config.queue.default_max_attempts, 25);
}

#[test]
fn a_section_named_after_a_tenant_must_name_a_valid_tenant_id() {
    let found =
        problems("[invoices.llm.\"clinica sur\"]\nbase_url = \"http://x\"\nmodel = \"m\"\n");
    assert_eq!(found.len(), 1, "{found:?}");
    let said = found[0].to_string();
    assert!(
        said.contains("invoices.llm.clinica sur") && said.contains("is not a tenant id"),
        "{said}"
    );
}

#[test]
fn chat_file_rules_name_a_channel_and_a_kind() {
    let found = problems(
        "[invoices.from_chats]\nacme = [\"whatsapp:pdf\", \"*:*\", \"fax:pdf\", \"telegram\"]\n",
    );
    let said: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].contains("invoices.from_chats.acme")
            && said[0].contains("\"fax\" is not a channel"),
        "{said:?}"
    );
    assert!(said[1].contains("is not CHANNEL:KIND"), "{said:?}");
    let rule = crate::ChatFileRule::parse("whatsapp:*").expect("valid");
    assert!(rule.matches("whatsapp", "image") && !rule.matches("telegram", "pdf"));
    let any = crate::ChatFileRule::parse("*:pdf").expect("valid");
    assert!(any.matches("messenger", "pdf") && !any.matches("messenger", "image"));
}

#[test]
fn a_syntax_error_names_its_line() {
    let found = problems("[daemon]\nlog_format = \"plain\"\nshutdown_grace_secs = = 3\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, Some(3));
    assert!(
        found[0]
            .to_string()
            .starts_with("/etc/centralita/config.toml:3: "),
        "{}",
        found[0]
    );
}

#[test]
fn every_unknown_key_is_reported_with_its_path_and_line() {
    let text = "[daemon]\nlog_formt = \"json\"\n\n[queue.queues.default]\nconcurency = 4\n\n[webhook]\nlisten = \"127.0.0.1:0\"\nbody_limit = 5\n";
    let found = problems(text);
    let summary: Vec<_> = found.iter().map(|p| (p.key.as_str(), p.line)).collect();
    assert_eq!(
        summary,
        vec![
            ("daemon.log_formt", Some(2)),
            ("queue.queues.default.concurency", Some(5)),
            ("webhook.body_limit", Some(9))
        ]
    );
    assert!(
        found[0].message.contains("unknown field"),
        "{}",
        found[0].message
    );
}

#[test]
fn wrong_types_and_bad_values_are_all_reported() {
    let text = "[webhook]\nheader_timeout_secs = \"ten\"\nlisten = \"not an address\"\n[queue]\nlease_secs = 0\n";
    let found = problems(text);
    let keys: Vec<_> = found.iter().map(|p| (p.key.as_str(), p.line)).collect();
    assert_eq!(
        keys,
        vec![
            ("webhook.header_timeout_secs", Some(2)),
            ("webhook.listen", Some(3)),
            ("queue.lease_secs", Some(5))
        ]
    );
    // Values are checked too, each at its own line.
    let found = problems(
        "[queue]\nlease_secs = 0\nbackoff_base_ms = 9000000\n[queue.queues.mail]\nconcurrency = 0\n",
    );
    let keys: Vec<_> = found.iter().map(|p| (p.key.as_str(), p.line)).collect();
    assert_eq!(
        keys,
        vec![
            ("queue.lease_secs", Some(2)),
            ("queue.queues.mail.concurrency", Some(5)),
            ("queue.backoff_base_ms", Some(3))
        ]
    );
}

#[test]
fn secrets_resolve_from_env_or_file_and_never_show() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("secret");
    std::fs::write(&path, "s3cr3t-value\n").expect("write");
    let from_file = SecretRef::File(path.clone())
        .resolve_with(&no_env)
        .expect("resolves");
    assert_eq!(from_file.expose(), "s3cr3t-value");
    assert_eq!(
        format!("{from_file:?} {from_file}"),
        "[redacted] [redacted]"
    );
    let env = |name: &str| (name == "HOOK_SECRET").then(|| OsString::from("from-env"));
    assert_eq!(
        SecretRef::Env("HOOK_SECRET".into())
            .resolve_with(&env)
            .expect("resolves")
            .expose(),
        "from-env"
    );
    let missing = SecretRef::Env("NOT_SET_ANYWHERE_1234".into())
        .resolve_with(&no_env)
        .expect_err("missing");
    assert!(missing.to_string().contains("NOT_SET_ANYWHERE_1234"));
    let absent = SecretRef::File(dir.path().join("nope"))
        .resolve_with(&no_env)
        .expect_err("missing");
    assert!(absent.to_string().contains("nope"));
}

#[test]
fn an_unresolvable_secret_is_a_config_problem_without_its_value() {
    let found = problems(
        "[sandbox]\nenabled = true\n\nwebhook_secret = { env = \"NOT_SET_ANYWHERE_1234\" }\n",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].key.as_str(), found[0].line),
        ("sandbox.webhook_secret", Some(4))
    );
    assert!(found[0].message.contains("NOT_SET_ANYWHERE_1234"));
    let inline = problems("[sandbox]\nwebhook_secret = \"inline-secret\"\n");
    assert_eq!(inline.len(), 1);
    assert!(
        inline
            .iter()
            .all(|p| !p.to_string().contains("inline-secret")),
        "{inline:?}"
    );
    assert!(inline[0].message.contains("env"), "{}", inline[0].message);
    let error =
        parse("[sandbox]\nwebhook_secret = \"inline-secret\"\n", file()).expect_err("refused");
    assert!(!format!("{error} {error:?}").contains("inline-secret"));
}

#[test]
fn the_lookup_order_is_flag_then_env_then_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flag = dir.path().join("flag.toml");
    let from_env = dir.path().join("env.toml");
    std::fs::write(&flag, "[daemon]\nshutdown_grace_secs = 1\n").expect("write");
    std::fs::write(&from_env, "[daemon]\nshutdown_grace_secs = 2\n").expect("write");
    let env_path = from_env.clone();
    let env = move |name: &str| (name == CONFIG_ENV).then(|| env_path.clone().into_os_string());
    let loaded = load_with(Some(&flag), &env).expect("loads");
    assert_eq!(
        (loaded.source, loaded.config.daemon.shutdown_grace_secs),
        (Some(flag), 1)
    );
    let loaded = load_with(None, &env).expect("loads");
    assert_eq!(
        (loaded.source, loaded.config.daemon.shutdown_grace_secs),
        (Some(from_env), 2)
    );
    let missing = load_with(Some(&dir.path().join("missing.toml")), no_env)
        .expect_err("a named file must exist");
    assert!(missing.to_string().contains("missing.toml"), "{missing}");
}

#[test]
fn the_example_config_loads_and_documents_every_key() {
    let shipped = include_str!("../../packaging/config.example.toml");
    let config = crate::load::parse_for_tests(shipped, Path::new("config.example.toml"), &no_env)
        .expect("the example is valid");
    assert_eq!(
        config.webhook,
        WebhookConfig::default(),
        "the example shows the defaults"
    );
    // As shipped it needs no secret and names no tenant, so it starts as it is.
    assert!(
        crate::secret_refs(&config).is_empty(),
        "the example as shipped needs secrets: comment their sections out"
    );
    assert!(config.invoices.llm.is_empty() && config.channels.whatsapp.is_empty());
    // Its commented-out sections, turned on, are valid too, and with them it documents every
    // key.
    let example = uncomment_settings(shipped);
    crate::load::parse_for_tests(&example, Path::new("config.example.toml"), &no_env)
        .expect("the example with every section on is valid");
    let documented = key_paths(&example);
    for key in SCHEMA_KEYS {
        assert!(
            documented.iter().any(|found| found == key),
            "config.example.toml does not document `{key}` (it has {documented:?})"
        );
    }
    for key in &documented {
        assert!(
            SCHEMA_KEYS.contains(&key.as_str()),
            "config.example.toml has `{key}`, which SCHEMA_KEYS does not list"
        );
    }
}

/// `text` with its commented-out settings (`# [section]`, `# key = value`) turned on; prose
/// comments stay. (The end-to-end tests have the same helper.)
fn uncomment_settings(text: &str) -> String {
    let is_setting = |line: &str| {
        line.starts_with('[')
            || line.split_once(" = ").is_some_and(|(key, _)| {
                !key.is_empty()
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            })
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match line.strip_prefix("# ") {
            Some(rest) if is_setting(rest) => out.push_str(rest),
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Every leaf key path of `text`, with the names under `queue.queues` and `queue.kinds`
/// written `*`.
fn key_paths(text: &str) -> Vec<String> {
    fn walk(table: &dyn toml_edit::TableLike, prefix: &str, out: &mut Vec<String>) {
        for (name, item) in table.iter() {
            let name = if [
                "queue.queues",
                "queue.kinds",
                "invoices.llm",
                "invoices.from_chats",
                "channels.whatsapp",
                "channels.messenger",
                "channels.telegram",
            ]
            .contains(&prefix)
            {
                "*"
            } else {
                name
            };
            let path = if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}.{name}")
            };
            match item.as_table_like() {
                // A secret reference is one value, not a section.
                Some(child)
                    if ![
                        "secret",
                        "api_key",
                        "verify_token",
                        "secret_token",
                        "access_token",
                        "bot_token",
                        "client_secret",
                        "token_key",
                    ]
                    .iter()
                    .any(|leaf| path.ends_with(leaf)) =>
                {
                    walk(child, &path, out);
                }
                _ => out.push(path),
            }
        }
    }
    let document: toml_edit::DocumentMut = text.parse().expect("valid TOML");
    let mut out = Vec::new();
    walk(document.as_table(), "", &mut out);
    out
}

/// Every leaf key path of the schema. `the_schema_key_list_is_complete` fails when a field is
/// added to the schema and not here, and the example test fails when one here is not in the
/// example, so the example cannot fall behind.
const SCHEMA_KEYS: &[&str] = &[
    "daemon.data_dir",
    "daemon.socket",
    "daemon.socket_group",
    "daemon.log_format",
    "daemon.shutdown_grace_secs",
    "webhook.listen",
    "webhook.body_limit_bytes",
    "webhook.header_timeout_secs",
    "webhook.request_timeout_secs",
    "queue.default_max_attempts",
    "queue.lease_secs",
    "queue.backoff_base_ms",
    "queue.backoff_max_secs",
    "queue.queues.*.concurrency",
    "queue.kinds.*.max_attempts",
    "sandbox.enabled",
    "sandbox.tenant",
    "sandbox.webhook_secret",
    "sandbox.generate_jobs",
    "sandbox.gmail.eml_dir",
    "sandbox.gmail.invoices_dir",
    "sandbox.gmail.generated",
    "invoices.max_upload_mib",
    "invoices.inbox_dir",
    "invoices.inbox_poll_secs",
    "invoices.mappings_dir",
    "invoices.tool_timeout_secs",
    "invoices.tool_concurrency",
    "invoices.tool_memory_mib",
    "invoices.ocr_languages",
    "invoices.ocr_dpi",
    "invoices.llm.*.base_url",
    "invoices.llm.*.model",
    "invoices.llm.*.api_key",
    "invoices.llm.*.timeout_secs",
    "invoices.from_chats.*",
    "channels.whatsapp.*.app_secret",
    "channels.whatsapp.*.verify_token",
    "channels.whatsapp.*.accounts",
    "channels.whatsapp.*.access_token",
    "channels.whatsapp.*.api_base",
    "channels.whatsapp.*.business_account_id",
    "channels.messenger.*.app_secret",
    "channels.messenger.*.verify_token",
    "channels.messenger.*.accounts",
    "channels.messenger.*.access_token",
    "channels.messenger.*.api_base",
    "channels.telegram.*.secret_token",
    "channels.telegram.*.bot_token",
    "channels.telegram.*.api_base",
    "crm.auto_leads",
    "connections.token_key",
    "connections.refresh_before_secs",
    "connections.google.client_id",
    "connections.google.client_secret",
    "connections.google.redirect_url",
    "connections.google.auth_url",
    "connections.google.token_url",
    "connections.google.revoke_url",
    "connections.google.api_base",
    "mail.fetch_concurrency",
    "mail.max_message_mib",
    "mail.quota_units_per_minute",
];

/// Tables of the schema (`*`: any name) other than the leaf keys above.
const SCHEMA_TABLES: &[&str] = &[
    "sandbox.gmail",
    "connections.google",
    "queue.queues",
    "queue.kinds",
    "invoices.llm",
    "invoices.from_chats",
    "channels.whatsapp",
    "channels.messenger",
    "channels.telegram",
];

/// Keys read under an earlier name too (serde aliases), so an upgraded daemon reads an old
/// config; the example documents only the new names.
const OLD_NAMES: &[&str] = &["invoices.templates_dir"];

#[test]
fn a_key_under_its_earlier_name_still_reads() {
    let config = crate::load::parse_for_tests(
        "[invoices]\ntemplates_dir = \"/srv/plantillas\"\n",
        Path::new("old.toml"),
        &|_: &str| None,
    )
    .expect("an old config still loads");
    assert_eq!(
        config.invoices.mappings_dir.as_deref(),
        Some(Path::new("/srv/plantillas"))
    );
}

#[test]
fn the_schema_key_list_is_complete() {
    // Each struct rejects unknown keys, and serde's message for one lists the fields it
    // expected: every one of them must be in SCHEMA_KEYS (or be a table of the schema).
    for (section, header) in [
        ("daemon", "[daemon]"),
        ("webhook", "[webhook]"),
        ("queue", "[queue]"),
        ("sandbox", "[sandbox]"),
        ("sandbox.gmail", "[sandbox.gmail]"),
        ("queue.queues.*", "[queue.queues.q]"),
        ("queue.kinds.*", "[queue.kinds.k]"),
        ("invoices", "[invoices]"),
        ("connections", "[connections]"),
        ("mail", "[mail]"),
        (
            "connections.google",
            "[connections.google]\nclient_id = \"x\"\nclient_secret = { env = \"X\" }\nredirect_url = \"https://x\"",
        ),
        (
            "invoices.llm.*",
            "[invoices.llm.t]\nbase_url = \"http://x\"\nmodel = \"m\"",
        ),
    ] {
        let found = problems(&format!("{header}\nno_such_key = 1\n"));
        let message = &found[0].message;
        let expected = message
            .split("expected")
            .nth(1)
            .unwrap_or_else(|| panic!("no list of fields in {message:?}"));
        let names: Vec<&str> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|name| !name.is_empty())
            .collect();
        assert!(!names.is_empty(), "no field names in {message:?}");
        for name in names {
            let path = format!("{section}.{name}");
            assert!(
                SCHEMA_KEYS.contains(&path.as_str())
                    || SCHEMA_TABLES.contains(&path.as_str())
                    || OLD_NAMES.contains(&path.as_str()),
                "schema key `{path}` is missing from SCHEMA_KEYS ({message})"
            );
        }
    }
}

#[test]
fn paths_come_from_the_data_dir_flag_of_the_config() {
    let mut config = Config::default();
    config.daemon.data_dir = Some(PathBuf::from("/srv/c"));
    assert_eq!(data_dir(&config), PathBuf::from("/srv/c"));
}

#[test]
fn a_file_the_toml_editor_panics_on_is_an_error_not_a_crash() {
    // Found by the config fuzz target: toml_edit 0.23 panics "all items have spans" on it.
    let error = parse("={=\"\n[]\n.", file()).expect_err("not TOML");
    assert!(!error.problems().is_empty());
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = parse(&text, file());
    }

    #[test]
    fn arbitrary_toml_like_text_never_panics(text in "(\\[[a-z.]{1,12}\\]\n|[a-z_]{1,12} = (\"[a-z]{0,5}\"|[0-9]{1,4}|true|\\{ env = \"X\" \\})\n){0,12}") {
        let _ = parse(&text, file());
    }
}
