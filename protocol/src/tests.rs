//! Wire round trips: every record survives JSON unchanged, and the names on the wire are stable.

use super::*;
use jiff::Timestamp;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_string(value).expect("serialises");
    let back: T = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(&back, value, "round trip through {json}");
}

fn tenant() -> TenantId {
    TenantId::new("acme").expect("valid")
}

fn job() -> JobSummary {
    JobSummary {
        id: JobId(42),
        tenant: tenant(),
        queue: "default".into(),
        kind: "sandbox.ping".into(),
        state: JobState::Dead,
        attempts: 3,
        max_attempts: 3,
        run_at: Timestamp::UNIX_EPOCH,
        created_at: Timestamp::UNIX_EPOCH,
        updated_at: Timestamp::UNIX_EPOCH,
        last_error: Some("sandbox: provider said 503".into()),
        last_error_words: None,
        unique_key: None,
        schedule: Some("connections.sweep".into()),
    }
}

#[test]
fn every_record_round_trips() {
    round_trip(&job());
    round_trip(&JobDetail {
        job: job(),
        payload: serde_json::json!({"n": 1}),
        attempts: vec![JobAttempt {
            number: 1,
            started_at: Timestamp::UNIX_EPOCH,
            finished_at: None,
            error: Some("boom".into()),
            error_words: None,
        }],
        lease_until: None,
    });
    round_trip(&JobFilter {
        state: Some(JobState::Failed),
        ..JobFilter::default()
    });
    round_trip(&ConversationFilter {
        state: Some(ConversationState::Open),
        assignee: Some(AssigneeFilter::User("ana".into())),
        channel: Some("whatsapp".into()),
        unread: true,
        search: Some("maria".into()),
        contact: Some(ContactId(7)),
    });
    round_trip(&ContactFilter {
        search: Some("vip".into()),
    });
    round_trip(&LeadFilter {
        status: Some(LeadStatus::Won),
        assignee: Some(AssigneeFilter::Nobody),
        ..LeadFilter::default()
    });
    round_trip(&ChangeBatch {
        changes: vec![Change {
            seq: 7,
            tenant: tenant(),
            kind: "job".into(),
            id: "42".into(),
            op: ChangeOp::Updated,
        }],
        last_seq: 7,
        reset: false,
    });
    round_trip(&RpcError::denied("no"));
    round_trip(&Operator {
        user: "ana".into(),
        tenant: tenant(),
        role: Role::Supervisor,
        added_at: Timestamp::UNIX_EPOCH,
        added_by: "root".into(),
        display_name: Some("Ana Torres".into()),
    });
    round_trip(&Tenant {
        id: tenant(),
        name: "Acme".into(),
        created_at: Timestamp::UNIX_EPOCH,
        zone: "America/Bogota".into(),
        currency: "COP".into(),
    });
}

fn audit_entry() -> AuditEntry {
    AuditEntry {
        seq: 9,
        at: Timestamp::UNIX_EPOCH,
        operator: "ana".into(),
        tenant: Some(tenant()),
        action: "contacts_merge".into(),
        target: "contact 3".into(),
        outcome: AuditOutcome::Ok,
        detail: "merged contact 4 into it".into(),
        detail_words: Some(said::Words {
            key: said::CONTACT_MERGED.name.into(),
            args: vec!["4".into()],
            inner: None,
        }),
    }
}

#[test]
fn an_audit_entry_round_trips_and_one_from_before_the_catalogs_words_reads() {
    round_trip(&AuditPage {
        entries: vec![audit_entry()],
        next: Some(9),
    });
    // What a daemon before `detail_words` sent.
    let json = r#"{"seq":9,"at":"1970-01-01T00:00:00Z","operator":"ana","tenant":"acme",
        "action":"contacts_merge","target":"contact 3","outcome":"ok",
        "detail":"merged contact 4 into it"}"#;
    let old: AuditEntry = serde_json::from_str(json).expect("an older entry reads");
    assert_eq!(
        old,
        AuditEntry {
            detail_words: None,
            ..audit_entry()
        }
    );
}

#[test]
fn every_kind_of_record_is_in_record_all() {
    // No wildcard: a new kind of record does not compile until it has a place here, and then
    // the assertion wants it in `Record::ALL`.
    fn place(record: Record) -> usize {
        match record {
            Record::Tenant => 0,
            Record::Operator => 1,
            Record::Job => 2,
            Record::Schedule => 3,
            Record::Invoice => 4,
            Record::Conversation => 5,
            Record::Message => 6,
            Record::Contact => 7,
            Record::Lead => 8,
            Record::Reminder => 9,
            Record::QuickReply => 10,
            Record::Connection => 11,
            Record::Mailbox => 12,
            Record::MailMessage => 13,
            Record::Glosa => 14,
            Record::Other => 15,
        }
    }
    let places: Vec<usize> = Record::ALL.iter().map(|record| place(*record)).collect();
    assert_eq!(places, (0..15).collect::<Vec<_>>());
}

#[test]
fn a_tenant_from_before_zones_and_currencies_is_in_lima_and_soles() {
    let json = r#"{"id":"acme","name":"Acme","created_at":"1970-01-01T00:00:00Z"}"#;
    let tenant: Tenant = serde_json::from_str(json).expect("deserialises");
    assert_eq!(tenant.zone, "America/Lima");
    assert_eq!(tenant.currency, "PEN");
}

#[test]
fn wire_names_are_stable() {
    let json = serde_json::to_value(job()).expect("serialises");
    assert_eq!(json["state"], "dead");
    assert_eq!(json["id"], 42);
    assert_eq!(json["tenant"], "acme");
    assert_eq!(
        serde_json::to_value(ErrorKind::PermissionDenied).expect("ok"),
        "permission_denied"
    );
    assert_eq!(serde_json::to_value(Role::Admin).expect("ok"), "admin");
}

#[test]
fn tenant_ids_are_checked() {
    assert!(TenantId::new("clinica-sur2").is_ok());
    for bad in ["", "Acme", "9lives", "a b", "a/b", &"a".repeat(33)] {
        assert!(TenantId::new(bad).is_err(), "{bad:?} should be refused");
    }
    assert!(serde_json::from_str::<TenantId>("\"../etc\"").is_err());
}

#[test]
fn states_and_roles_parse_from_their_names() {
    for state in JobState::ALL {
        assert_eq!(state.as_str().parse::<JobState>(), Ok(state));
    }
    for role in Role::ALL {
        assert_eq!(role.as_str().parse::<Role>(), Ok(role));
    }
    assert!("boss".parse::<Role>().is_err());
}

/// Every method of the trait has a rule in the policy table, and its docs end with what that
/// rule says (`Who: …`), so the docs cannot drift from what the daemon enforces.
#[test]
fn every_method_has_a_rule_and_its_docs_say_it() {
    let source = include_str!("lib.rs");
    let mut methods = Vec::new();
    let mut doc = Vec::new();
    for line in source.lines() {
        let line = line.trim();
        if let Some(text) = line.strip_prefix("///") {
            doc.push(text.trim().to_owned());
            continue;
        }
        if let Some(rest) = line.strip_prefix("async fn ") {
            let name = rest.split('(').next().expect("a name");
            let rule = policy::rule(name).unwrap_or_else(|| panic!("{name} has no policy rule"));
            let said = format!("Who: {}.", rule.who.describe());
            assert_eq!(
                doc.last().map(String::as_str),
                Some(said.as_str()),
                "the docs of {name} must end with {said:?}"
            );
            methods.push(name.to_owned());
        }
        doc.clear();
    }
    for rule in policy::POLICY {
        assert!(
            methods.iter().any(|method| method == rule.method),
            "the policy names {}, which the trait does not have",
            rule.method
        );
    }
    assert_eq!(methods.len(), policy::POLICY.len(), "one rule per method");
}

#[test]
fn filters_default_when_fields_are_missing() {
    let filter: ConversationFilter = serde_json::from_str("{}").expect("deserialises");
    assert_eq!(filter, ConversationFilter::default());
    let filter: LeadFilter = serde_json::from_str(r#"{"assignee":"me"}"#).expect("deserialises");
    assert_eq!(filter.assignee, Some(AssigneeFilter::Me));
    assert_eq!("nobody".parse(), Ok(AssigneeFilter::Nobody));
    assert_eq!("ana".parse(), Ok(AssigneeFilter::User("ana".into())));
}

#[test]
fn a_mail_attachment_round_trips_and_one_from_before_bodies_is_an_attachment() {
    let body = MailAttachment {
        name: "Factura F001-123.txt".to_owned(),
        content_type: "text/plain".to_owned(),
        size: 412,
        outcome: AttachmentOutcome::Invoice {
            invoice: InvoiceId(7),
            duplicate: false,
        },
        body: true,
    };
    round_trip(&body);
    let json = r#"{"name":"f.pdf","content_type":"application/pdf","size":9,"outcome":{"outcome":"queued"}}"#;
    let old: MailAttachment = serde_json::from_str(json).expect("deserialises");
    assert!(!old.body);
    assert_eq!(old.outcome, AttachmentOutcome::Queued);
}

#[test]
fn a_record_id_is_its_number_on_the_wire_and_as_typed() {
    // Clients from before the ids had types send and expect bare numbers.
    assert_eq!(
        serde_json::to_string(&LeadId(42)).expect("serialises"),
        "42"
    );
    let contact: ContactId = serde_json::from_str("7").expect("deserialises");
    assert_eq!(contact, ContactId(7));
    let summary: ConversationSummary = serde_json::from_value(serde_json::json!({
        "id": 3, "contact": 9, "channel": "whatsapp", "account": "phone",
        "state": "open", "unread": 0, "last_activity": "2026-12-07T10:00:00Z"
    }))
    .expect("a summary from plain numbers");
    assert_eq!(
        (summary.id, summary.contact),
        (ConversationId(3), ContactId(9))
    );
    let json = serde_json::to_value(&summary).expect("serialises");
    assert_eq!(
        (json["id"].as_u64(), json["contact"].as_u64()),
        (Some(3), Some(9))
    );
    // What an operator types is the number.
    assert_eq!("15".parse::<InvoiceId>(), Ok(InvoiceId(15)));
    assert!("15x".parse::<InvoiceId>().is_err());
    assert_eq!(GlosaId(5).to_string(), "5");
}

#[test]
fn errors_kept_on_records_round_trip_with_their_words_and_older_frames_have_none() {
    let words = || {
        Some(said::Words {
            key: said::SEND_REFUSED.name.to_owned(),
            args: vec!["whatsapp".into(), "(#131026) Message undeliverable".into()],
            inner: None,
        })
    };
    let mut message: Message = serde_json::from_value(serde_json::json!({
        "id": 5, "conversation": 3, "external_id": "", "direction": "outbound", "kind": "text",
        "status": "failed", "error": "whatsapp refused the message: (#131026) Message undeliverable",
        "sent_at": "2026-12-07T10:00:00Z"
    }))
    .expect("a message from before the words");
    assert_eq!(message.error_words, None);
    message.error_words = words();
    round_trip(&message);

    let mut connection: Connection = serde_json::from_value(serde_json::json!({
        "id": 2, "provider": "google", "account": "caja@clinica.example", "scopes": [],
        "state": "error", "last_error": "the provider refused: invalid_client",
        "created_at": "2026-12-07T10:00:00Z", "created_by": "ana"
    }))
    .expect("a connection from before the words");
    assert_eq!(connection.last_error_words, None);
    connection.last_error_words = words();
    round_trip(&connection);

    let mut mailbox: Mailbox = serde_json::from_value(serde_json::json!({
        "id": 1, "connection": 2, "account": "caja@clinica.example",
        "settings": { "labels": ["INBOX"], "every_minutes": 15 },
        "last_error": "Gmail (messages.list) answered 403: forbidden",
        "messages": 0, "invoices": 0, "full_sync_pending": true,
        "created_at": "2026-12-07T10:00:00Z", "created_by": "ana"
    }))
    .expect("a mailbox from before the words");
    assert_eq!(mailbox.last_error_words, None);
    mailbox.last_error_words = words();
    round_trip(&mailbox);

    let mut invoice = InvoiceDetail {
        summary: InvoiceSummary {
            id: InvoiceId(7),
            tenant: tenant(),
            state: InvoiceState::Failed,
            file_name: "scan.pdf".into(),
            kind: DocumentKind::Pdf,
            issuer: None,
            number: None,
            issue_date: None,
            total: None,
            currency: None,
            warnings: 0,
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
        },
        origin: "upload".into(),
        size: 9,
        sha256: "00".into(),
        preview: Extraction::default(),
        confirmed: None,
        warnings: Vec::new(),
        text: String::new(),
        text_method: String::new(),
        reason: Some("no text found".into()),
        reason_words: words(),
        mapping: None,
        edits: Vec::new(),
        job: None,
    };
    round_trip(&invoice);
    let mut json = serde_json::to_value(&invoice).expect("serialises");
    json.as_object_mut()
        .expect("an object")
        .remove("reason_words");
    let old: InvoiceDetail = serde_json::from_value(json).expect("an invoice from before");
    invoice.reason_words = None;
    assert_eq!(old, invoice);
}

#[test]
fn words_with_a_reason_inside_round_trip_on_warnings_and_integrations_and_older_ones_read() {
    let words = said::Words {
        key: "read_failed_by_hand".into(),
        args: vec!["pdftotext failed: Syntax Error".into()],
        inner: Some(Box::new(said::Words {
            key: "tool_failed".into(),
            args: vec!["pdftotext".into(), "Syntax Error".into()],
            inner: None,
        })),
    };
    let warning = InvoiceWarning {
        code: "read_failed".into(),
        message: "reading failed, completed by hand: pdftotext failed: Syntax Error".into(),
        words: Some(words.clone()),
    };
    round_trip(&warning);
    let integration = IntegrationStatus {
        name: "gmail".into(),
        state: "error".into(),
        detail: "mailbox 2: …".into(),
        words: Some(words),
    };
    round_trip(&integration);
    // Frames from before the words: a warning, an integration, words without `inner`.
    let old: InvoiceWarning =
        serde_json::from_str(r#"{"code":"totals_mismatch","message":"totals differ"}"#)
            .expect("an older warning reads");
    assert_eq!(old.words, None);
    let old: IntegrationStatus =
        serde_json::from_str(r#"{"name":"llm","state":"ok","detail":"qwen"}"#)
            .expect("an older integration reads");
    assert_eq!(old.words, None);
    let old: said::Words =
        serde_json::from_str(r#"{"key":"no_text","args":[]}"#).expect("older words read");
    assert_eq!(old.inner, None);
}

#[test]
fn the_catalog_names_each_key_once_and_holds_the_warnings_keys() {
    let mut names: Vec<&str> = said::ALL.iter().map(|key| key.name).collect();
    assert!(names.iter().all(|name| !name.is_empty()));
    names.sort_unstable();
    let count = names.len();
    names.dedup();
    assert_eq!(names.len(), count, "a key is in the catalog twice");
    for key in said::WARNINGS.iter().chain(said::GLOSA_WARNINGS) {
        assert!(said::ALL.contains(key), "{} is not in ALL", key.name);
    }
    assert!(said::ALL.contains(&said::MAY_NOT_CALL));
}

#[test]
fn a_glosas_warnings_round_trip_with_their_words_and_an_older_detail_has_none() {
    let mut detail: GlosaDetail = serde_json::from_value(serde_json::json!({
        "summary": {
            "id": 3, "state": "received", "kind": "glosa", "payer_name": "EPS", "payer_nit": "",
            "number": "GL-1", "received_on": "2026-12-07", "due": "2026-12-28",
            "days_left": 15, "urgency": "ok", "invoices": [], "total_objected": "0",
            "items": 0, "unknown_codes": 0, "origin": "upload"
        },
        "provider_name": "", "provider_nit": "", "linked_invoices": [], "items": [],
        "warnings": ["no payer NIT found"], "source_text": "", "late_notice": false,
        "created_at": "2026-12-07T10:00:00Z", "updated_at": "2026-12-07T10:00:00Z"
    }))
    .expect("a glosa from before the words");
    assert!(detail.warning_words.is_empty());
    let json = serde_json::to_value(&detail).expect("serialises");
    assert!(
        json.get("warning_words").is_none(),
        "no words, no field: {json}"
    );
    detail.warning_words = vec![said::Words {
        key: said::GLOSA_PAYER_NIT_MISSING.name.to_owned(),
        args: Vec::new(),
        inner: None,
    }];
    round_trip(&detail);
}
