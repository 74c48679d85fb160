//! The `centralita` binary as scripts use it: JSON output, exit codes, completions.

use centralita_protocol::JobState;
use centralita_tests::TestDaemon;

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn status_and_jobs_speak_json_and_errors_have_exit_codes() {
    let daemon =
        TestDaemon::start_with("[queue.kinds.\"sandbox.event\"]\nmax_attempts = 1\n").await;
    let output = daemon.centralita(&["status", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let status: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    for field in [
        "version",
        "uptime_secs",
        "data_dir",
        "socket_path",
        "webhook_addr",
    ] {
        assert!(
            status.get(field).is_some(),
            "status --json lacks {field}: {status}"
        );
    }

    let (http, base) = (reqwest::Client::new(), daemon.webhook_url().await);
    daemon.post_event(&http, &base, "cli-1", "fail").await;
    let dead = daemon.wait_for_job("sandbox:cli-1", JobState::Dead).await;
    let output = daemon.centralita(&["jobs", "list", "--state", "dead", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let jobs: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0]["id"], dead.id.0);
    assert_eq!(jobs[0]["state"], "dead");

    let output = daemon.centralita(&["jobs", "retry", &dead.id.to_string()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout(&output).contains("queued for retry"));

    let missing = daemon.centralita(&["jobs", "show", "999999"]);
    assert_eq!(missing.status.code(), Some(3), "not found exits 3");
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("error: "));
    let conflict = daemon.centralita(&[
        "jobs",
        "retry",
        &daemon
            .wait_for_job("sandbox:cli-1", JobState::Dead)
            .await
            .id
            .to_string(),
        "--tenant",
        "demo",
    ]);
    assert!(conflict.status.success(), "a dead job can be retried again");
    let unusable = daemon.centralita(&["jobs", "retry", "--all", "--state", "succeeded"]);
    assert_eq!(
        unusable.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&unusable.stderr)
    );
    let table = daemon.centralita(&["queues", "list"]);
    assert!(stdout(&table).starts_with("QUEUE"), "{}", stdout(&table));
}

#[test]
fn an_unreachable_daemon_exits_69_and_says_how_to_start_it() {
    let output =
        std::process::Command::new(centralita_tests::binary("centralita", "CENTRALITA_BIN"))
            .args(["--socket", "/nonexistent/console.sock", "status"])
            .output()
            .expect("runs");
    assert_eq!(output.status.code(), Some(69));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("centralitad is not running at /nonexistent/console.sock")
            && stderr.contains("systemctl status centralitad"),
        "{stderr}"
    );
}

#[test]
fn completions_and_man_pages_are_generated() {
    let run = |args: &[&str]| {
        std::process::Command::new(centralita_tests::binary("centralita", "CENTRALITA_BIN"))
            .args(args)
            .output()
            .expect("runs")
    };
    let bash = run(&["completions", "bash"]);
    assert!(bash.status.success());
    assert!(String::from_utf8_lossy(&bash.stdout).contains("centralita"));
    let man = run(&["man"]);
    assert!(String::from_utf8_lossy(&man.stdout).contains(".TH centralita"));
    let help = run(&["--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("jobs") && text.contains("Exit codes"),
        "{text}"
    );
}

#[test]
fn help_speaks_the_language_asked_for() {
    let help = |args: &[&str], lang: &str| {
        let output =
            std::process::Command::new(centralita_tests::binary("centralita", "CENTRALITA_BIN"))
                .args(args)
                .env("CENTRALITA_LANG", lang)
                .env("LANG", "C.UTF-8")
                .env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .output()
                .expect("runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(help(&["--help"], "es").contains("Consola de operador"));
    assert!(help(&["jobs", "--help"], "es").contains("Jobs de la cola durable"));
    assert!(help(&["--lang", "es", "--help"], "en").contains("Consola de operador"));
    assert!(help(&["--help"], "en").contains("Centralita's operator console"));
    // Below the top level too: the verb's about, its flags, the global flags, clap's own.
    let jobs_list = help(&["jobs", "list", "--help"], "es");
    for spanish in [
        "Lista los jobs",
        "Solo jobs de esta cola",
        "Muestra la ayuda",
        "Uso:",
    ] {
        assert!(
            jobs_list.contains(spanish),
            "no {spanish:?} in:\n{jobs_list}"
        );
    }
    assert!(
        !jobs_list.contains("Only jobs of this queue"),
        "{jobs_list}"
    );
    assert!(help(&["jobs", "list", "--help"], "en").contains("Only jobs of this queue"));
}

#[test]
fn a_mistyped_command_is_refused_in_the_language_asked_for() {
    let run = |lang: &str| {
        std::process::Command::new(centralita_tests::binary("centralita", "CENTRALITA_BIN"))
            .args(["jobs", "list", "--stat", "dead"])
            .env("CENTRALITA_LANG", lang)
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .expect("runs")
    };
    let spanish = run("es");
    let said = String::from_utf8_lossy(&spanish.stderr);
    assert_eq!(spanish.status.code(), Some(2), "{said}");
    for words in [
        "error: argumento inesperado '--stat'",
        "consejo: existe un argumento parecido: '--state'",
        "Uso: centralita jobs list",
        "Para más información, pruebe '--help'.",
    ] {
        assert!(said.contains(words), "no {words:?} in:\n{said}");
    }
    let english = run("en");
    let said = String::from_utf8_lossy(&english.stderr);
    assert_eq!(english.status.code(), Some(2), "{said}");
    assert!(
        said.contains("unexpected argument '--stat' found"),
        "{said}"
    );
}

#[tokio::test]
async fn a_reader_that_stops_early_ends_the_cli_quietly() {
    let daemon = TestDaemon::start().await;
    let mut child =
        std::process::Command::new(centralita_tests::binary("centralita", "CENTRALITA_BIN"))
            .arg("--socket")
            .arg(daemon.socket())
            .args(["jobs", "list", "--json"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("centralita runs");
    // `| head -c 0`: the reader goes away before anything is written.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("exits");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 141)),
        "{:?}: {stderr}",
        output.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The lead of a first WhatsApp conversation, which the webhook opens; its id.
async fn first_lead(daemon: &TestDaemon) -> String {
    use centralita_tests::inbox::{META_SECRET, customer_writes, post_meta, settled};
    use centralita_tests::{TENANT, sign};

    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    let body = customer_writes("51911111111", "wamid.z1", "Hola, ¿atienden el sábado?");
    let http = reqwest::Client::new();
    assert_eq!(
        post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
        200
    );
    settled(daemon).await;
    let leads: Vec<centralita_protocol::Lead> =
        serde_json::from_slice(&daemon.centralita(&["leads", "list", "--json"]).stdout)
            .expect("json");
    leads
        .first()
        .expect("the new conversation's lead")
        .id
        .to_string()
}

#[tokio::test]
async fn a_tenants_currency_is_what_lead_values_print_in() {
    use centralita_tests::TENANT;

    let daemon = TestDaemon::start().await;
    let lead = first_lead(&daemon).await;
    // Soles until the admin picks pesos.
    let edited = daemon.centralita(&["leads", "edit", &lead, "--value", "2382870"]);
    assert!(
        edited.status.success(),
        "{}",
        String::from_utf8_lossy(&edited.stderr)
    );
    let shown = stdout(&daemon.centralita(&["leads", "show", &lead]));
    assert!(shown.contains("S/ 2.382.870,00"), "{shown}");
    let refused = daemon.centralita(&["tenants", "set-currency", TENANT, "pesos"]);
    assert_eq!(refused.status.code(), Some(6), "invalid");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains(
            r#""pesos" is not a three-letter ISO 4217 currency code (PEN, COP, MXN, USD)"#
        ),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let set = daemon.centralita(&["tenants", "set-currency", TENANT, "mxn"]);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    assert!(stdout(&set).contains("MXN"), "{}", stdout(&set));
    let listed = stdout(&daemon.centralita(&["tenants", "list"]));
    assert!(
        listed.contains("CURRENCY") && listed.contains("MXN"),
        "{listed}"
    );
    let shown = stdout(&daemon.centralita(&["leads", "show", &lead]));
    assert!(shown.contains("$ 2,382,870.00 MXN"), "{shown}");
    let rows = stdout(&daemon.centralita(&["leads", "list"]));
    assert!(rows.contains("$ 2,382,870.00 MXN"), "{rows}");
    let json = stdout(&daemon.centralita(&["leads", "list", "--json"]));
    assert!(
        json.contains(r#""value": "2382870""#),
        "scripts read the plain amount: {json}"
    );
}

#[tokio::test]
async fn a_tenants_zone_is_where_reminder_times_are_read_and_printed() {
    use centralita_tests::TENANT;

    let daemon = TestDaemon::start().await;
    let lead = first_lead(&daemon).await;
    let listed = stdout(&daemon.centralita(&["tenants", "list"]));
    assert!(
        listed.contains("ZONE") && listed.contains("America/Lima"),
        "{listed}"
    );
    let added = daemon.centralita(&["reminders", "add", &lead, "2026-12-06 07:50", "Llamar"]);
    let said = stdout(&added);
    assert!(
        said.contains(&format!(
            "for lead {lead} at 2026-12-06 07:50 (America/Lima)"
        )),
        "{said}{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let refused = daemon.centralita(&["tenants", "set-zone", TENANT, "Mars/Olympus"]);
    assert_eq!(refused.status.code(), Some(6), "invalid");
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains(r#""Mars/Olympus" is not a time zone (e.g. America/Lima, America/Bogota)"#),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let set = daemon.centralita(&["tenants", "set-zone", TENANT, "America/Santiago"]);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    assert!(stdout(&set).contains("America/Santiago"));

    // The same words now mean 07:50 in Santiago (summer time, UTC-3), not in Lima (UTC-5).
    let added = daemon.centralita(&["reminders", "add", &lead, "2026-12-06 07:50", "Otra vez"]);
    assert!(
        stdout(&added).contains("at 2026-12-06 07:50 (America/Santiago)"),
        "{}",
        stdout(&added)
    );
    let reminders: Vec<centralita_protocol::Reminder> =
        serde_json::from_slice(&daemon.centralita(&["reminders", "list", "--json"]).stdout)
            .expect("json");
    let due: Vec<String> = reminders.iter().map(|r| r.due_at.to_string()).collect();
    assert_eq!(due, ["2026-12-06T10:50:00Z", "2026-12-06T12:50:00Z"]);
    // Tables print in the tenant's zone too: the Lima reminder is at 09:50 in Santiago.
    let table = stdout(&daemon.centralita(&["reminders", "list"]));
    assert!(
        table.contains("2026-12-06 07:50") && table.contains("2026-12-06 09:50"),
        "{table}"
    );
}

#[tokio::test]
async fn the_audit_log_reads_in_spanish_with_the_daemons_english_beside_it() {
    use centralita_tests::TENANT;

    let daemon = TestDaemon::start().await;
    for change in [
        vec!["tenants", "set-currency", TENANT, "cop"],
        vec!["operators", "add", "pat", "--role", "agent"],
    ] {
        let done = daemon.centralita(&change);
        assert!(
            done.status.success(),
            "{change:?}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    let spanish = daemon.centralita(&["--lang", "es", "audit", "list"]);
    assert!(
        spanish.status.success(),
        "{}",
        String::from_utf8_lossy(&spanish.stderr)
    );
    let spanish = stdout(&spanish);
    let row = |text: &str, action: &str| {
        text.lines()
            .find(|line| line.contains(action))
            .unwrap_or_else(|| panic!("no {action} row in:\n{text}"))
            .to_owned()
    };
    assert!(
        spanish.contains("OBJETO") && spanish.contains("DETALLE"),
        "{spanish}"
    );
    let currency = row(&spanish, "tenants_set_currency");
    assert!(currency.contains(&format!("tenant {TENANT}")), "{currency}");
    assert!(currency.contains("moneda COP"), "{currency}");
    let operator = row(&spanish, "operators_add");
    assert!(operator.contains("operador pat"), "{operator}");
    assert!(operator.contains("agent"), "a role is data: {operator}");

    let english = stdout(&daemon.centralita(&["audit", "list"]));
    assert!(
        row(&english, "tenants_set_currency").contains("currency COP"),
        "{english}"
    );
    assert!(
        row(&english, "operators_add").contains("operator pat"),
        "{english}"
    );
    let entries: Vec<centralita_protocol::AuditEntry> =
        serde_json::from_slice(&daemon.centralita(&["audit", "list", "--json"]).stdout)
            .expect("json");
    let entry = entries
        .iter()
        .find(|entry| entry.action == "tenants_set_currency")
        .expect("the currency's entry");
    assert_eq!(entry.detail, "currency COP");
    let words = entry.detail_words.as_ref().expect("the catalog's words");
    assert_eq!(
        (words.key.as_str(), words.args.as_slice()),
        ("tenant_currency", &["COP".to_owned()][..])
    );
}
