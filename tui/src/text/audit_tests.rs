//! The audit log in Spanish: every kind of record a target names is worded, and a detail with
//! the catalog's words reads in Spanish while data and older entries keep the daemon's text.

use centralita_protocol::said::Words;
use centralita_protocol::{AuditOutcome, Record};

use super::{Lang, set_lang};

#[test]
fn every_kind_of_record_of_the_protocol_is_a_spanish_target() {
    set_lang(Lang::Es);
    for record in Record::ALL {
        let spanish = super::audit::target_word_es(record.as_str())
            .unwrap_or_else(|| panic!("no Spanish for the target word {:?}", record.as_str()));
        assert_ne!(spanish, "registro", "{record:?} has a word of its own");
        assert_eq!(
            super::audit_target(&format!("{} 7", record.as_str())),
            format!("{spanish} 7")
        );
    }
}

#[test]
fn a_target_is_worded_by_its_leading_kind_and_keeps_the_rest() {
    set_lang(Lang::Es);
    for (english, spanish) in [
        ("invoice 14", "factura 14"),
        ("contact 3", "contacto 3"),
        ("mailbox 2", "buzón 2"),
        ("tenant acme", "tenant acme"),
        ("operator dora", "operador dora"),
        (
            "quick reply saludo inicial",
            "respuesta rápida saludo inicial",
        ),
        ("mail message 9", "correo 9"),
        ("schedule mail.sync.2", "tarea programada mail.sync.2"),
        ("queue sms", "cola sms"),
        ("funnel sales", "embudo sales"),
        ("jobs", "jobs"),
        ("backup", "copia de seguridad"),
        // What this client does not know stays as it came.
        ("5 jobs", "5 jobs"),
        ("google", "google"),
        ("", ""),
        ("invoices 3", "invoices 3"),
    ] {
        assert_eq!(super::audit_target(english), spanish, "{english:?}");
    }
    set_lang(Lang::En);
    assert_eq!(super::audit_target("invoice 14"), "invoice 14");
}

// A new kind of target in the daemon (`actor.audit(format!("payroll {id}"), …)`) fails here
// until it has its Spanish in `audit.rs`.
#[test]
fn every_target_word_the_daemon_writes_has_its_spanish() {
    let words = daemon_target_words();
    for expected in [
        "invoice",
        "contact",
        "mailbox",
        "tenant",
        "operator",
        "quick reply",
        "queue",
        "backup",
    ] {
        assert!(
            words.iter().any(|word| word == expected),
            "the scan finds {expected:?}: {words:?}"
        );
    }
    let unworded: Vec<&String> = words
        .iter()
        .filter(|word| super::audit::target_word_es(word).is_none())
        .collect();
    assert!(
        unworded.is_empty(),
        "audit targets without Spanish (add them to audit.rs): {unworded:?}"
    );
}

#[test]
fn a_detail_in_the_catalogs_words_reads_in_spanish_and_data_as_it_came() {
    let words = |key: &str, args: &[&str]| Words {
        key: key.into(),
        args: args.iter().map(|arg| (*arg).to_owned()).collect(),
        inner: None,
    };
    let added = words("invoice_added", &["611.jpg", "jpeg", "119435", "inbox"]);
    let merged = words("contact_merged", &["4"]);
    let missing = words(
        "record_not_found_in_tenant",
        &["schedule", "mail.sync.1", "acme"],
    );
    set_lang(Lang::Es);
    assert_eq!(
        super::audit_detail("611.jpg (jpeg, 119435 bytes) from inbox", Some(&added)),
        "611.jpg (jpeg, 119435 bytes) de inbox"
    );
    assert_eq!(
        super::audit_detail("merged contact 4 into it", Some(&merged)),
        "el contacto 4 se fusionó en este"
    );
    assert_eq!(
        super::audit_detail(
            "schedule mail.sync.1 in tenant acme not found",
            Some(&missing)
        ),
        "no existe la tarea programada mail.sync.1 en el tenant acme"
    );
    // Data, an entry from before the words, and a key from a newer daemon.
    assert_eq!(
        super::audit_detail("America/Bogota", None),
        "America/Bogota"
    );
    assert_eq!(
        super::audit_detail("run now", Some(&words("run_later", &[]))),
        "run now"
    );
    assert_eq!(super::audit_outcome(AuditOutcome::Denied), "denegada");
    set_lang(Lang::En);
    assert_eq!(
        super::audit_detail("merged contact 4 into it", Some(&merged)),
        "merged contact 4 into it"
    );
    assert_eq!(super::audit_outcome(AuditOutcome::Failed), "failed");
}

/// The kinds of record the daemon's audit entries name, read from its source: the text before
/// the first `{` of the target in each `.audit(…)` call (after a `None,` or `Some(…),`
/// tenant) and each `target: format!(…)`, outside tests.
fn daemon_target_words() -> Vec<String> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../daemon/src");
    let mut words = Vec::new();
    for path in rust_files(&src) {
        let source = std::fs::read_to_string(&path).expect("a daemon source reads");
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        for (marker, skip_tenant) in [(".audit(", true), ("target: ", false)] {
            let mut rest = code;
            while let Some(at) = rest.find(marker) {
                rest = &rest[at + marker.len()..];
                let mut argument = rest.trim_start();
                if skip_tenant {
                    if let Some(after) = argument.strip_prefix("None,") {
                        argument = after.trim_start();
                    } else if argument.starts_with("Some(")
                        && let Some(end) = argument.find("),")
                    {
                        argument = argument[end + 2..].trim_start();
                    }
                }
                let literal = argument
                    .strip_prefix("format!(\"")
                    .or_else(|| argument.strip_prefix('"'));
                if let Some(literal) = literal {
                    let end = literal.find(['{', '"']).unwrap_or(literal.len());
                    let word = literal[..end].trim();
                    if !word.is_empty() && !words.iter().any(|known| known == word) {
                        words.push(word.to_owned());
                    }
                }
            }
        }
    }
    words.sort();
    words
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a daemon folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs")
            && !path.to_string_lossy().ends_with("tests.rs")
        {
            files.push(path);
        }
    }
    files
}
