//! Glosas end to end: notices by mail (the text, a PDF, a spreadsheet), by upload and through
//! the inbox folder; the legal clock in Colombian business days; answers item by item with the
//! lifecycle's refusals; the export; links to the clinic's invoices; a kill -9 while reading.

use base64::Engine as _;
use centralita_glosas::notice::{Item, Notice, NoticeKind};
use centralita_glosas::{deadline, sample};
use centralita_protocol::{
    Decision, GlosaDetail, GlosaId, GlosaState, GlosaSummary, ItemResponse, JobState, PageRequest,
};
use centralita_tests::google::{add_mailbox, connect, daemon_with_mailbox};
use centralita_tests::{TestDaemon, fixture, tenant, wait_until};
use rust_decimal::Decimal;
use tarpc::context;

async fn glosas(daemon: &TestDaemon) -> Vec<GlosaSummary> {
    daemon
        .client()
        .await
        .rpc
        .glosas_list(context::current(), tenant(), None, PageRequest::first(500))
        .await
        .expect("rpc")
        .expect("glosas")
}

async fn wait_for_glosas(daemon: &TestDaemon, count: usize) -> Vec<GlosaSummary> {
    wait_until(&format!("{count} glosas"), || async {
        let found = glosas(daemon).await;
        (found.len() == count).then_some(found)
    })
    .await
}

async fn show(daemon: &TestDaemon, id: GlosaId) -> GlosaDetail {
    daemon
        .client()
        .await
        .rpc
        .glosas_show(context::current(), tenant(), id)
        .await
        .expect("rpc")
        .expect("glosa")
}

/// Hands a notice in by upload, as `centralita glosas add` does.
async fn upload_notice(daemon: &TestDaemon, name: &str, bytes: &[u8]) {
    let upload = daemon.upload_file(name, bytes).await;
    daemon
        .client()
        .await
        .rpc
        .glosas_add(context::current(), tenant(), upload)
        .await
        .expect("rpc")
        .expect("reading queued");
}

fn not_accepted() -> ItemResponse {
    ItemResponse {
        decision: Decision::NotAccepted,
        code: "RE9901".into(),
        justification: "Se adjuntan los soportes de la atención.".into(),
    }
}

#[tokio::test]
async fn notices_by_mail_become_glosas_whatever_their_form_with_the_legal_clock() {
    // Made-up messages 3, 17 and 31 are glosa notices: in the text, as a spreadsheet and as
    // a PDF (the invoices of every fifth message come along).
    let daemon = daemon_with_mailbox(32, "").await;
    let connection = connect(&daemon).await;
    add_mailbox(&daemon, connection.id, &["Glosas"]).await;
    let found = wait_for_glosas(&daemon, 3).await;
    let today = jiff::Timestamp::now()
        .in_tz("America/Bogota")
        .expect("zone")
        .date();
    for glosa in &found {
        assert_eq!(glosa.state, GlosaState::Received);
        assert!(glosa.items > 0, "{glosa:?}");
        assert!(
            !glosa.payer_name.is_empty() && !glosa.number.is_empty(),
            "{glosa:?}"
        );
        assert!(
            glosa.origin.starts_with("mail: Notificación de glosa"),
            "{glosa:?}"
        );
        assert_eq!(glosa.due, deadline::answer_due(glosa.received_on));
        assert_eq!(glosa.days_left, deadline::days_left(glosa.due, today));
        let detail = show(&daemon, glosa.id).await;
        assert!(detail.warnings.is_empty(), "{:?}", detail.warnings);
        assert!(
            detail
                .items
                .iter()
                .all(|item| item.code_system != "unknown"),
            "{:?}",
            detail.items
        );
    }
    // Sorted soonest due first.
    assert!(found.windows(2).all(|pair| pair[0].due <= pair[1].due));
    let counts = daemon
        .client()
        .await
        .rpc
        .dashboard(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("dashboard")
        .glosas;
    assert_eq!(counts.open, 3);
}

#[tokio::test]
async fn a_glosa_is_answered_item_by_item_then_closed_and_its_answer_exported() {
    let daemon = TestDaemon::start().await;
    let notice = sample::sample_notice(7);
    upload_notice(&daemon, "glosa.csv", &sample::render_csv(&notice)).await;
    let id = wait_for_glosas(&daemon, 1).await[0].id;
    let rpc = daemon.client().await.rpc;
    let ctx = context::current;
    let refused = rpc
        .glosas_set_state(ctx(), tenant(), id, GlosaState::Closed)
        .await
        .expect("rpc")
        .expect_err("closing a received glosa");
    assert!(
        refused.message.contains("cannot become closed"),
        "{}",
        refused.message
    );
    let bad_code = rpc
        .glosas_answer(
            ctx(),
            tenant(),
            id,
            0,
            Some(ItemResponse {
                code: "FA0101".into(),
                ..not_accepted()
            }),
        )
        .await
        .expect("rpc")
        .expect_err("an objection code is no answer");
    assert!(bad_code.message.contains("RE9901"), "{}", bad_code.message);
    let early = rpc
        .glosas_set_state(ctx(), tenant(), id, GlosaState::Answered)
        .await
        .expect("rpc")
        .expect_err("items have no response yet");
    assert!(
        early.message.contains("have no response yet"),
        "{}",
        early.message
    );
    for index in 0..notice.items.len() {
        let detail = rpc
            .glosas_answer(
                ctx(),
                tenant(),
                id,
                u32::try_from(index).expect("small"),
                Some(not_accepted()),
            )
            .await
            .expect("rpc")
            .expect("answered");
        assert_eq!(detail.summary.state, GlosaState::InReview);
    }
    rpc.glosas_set_state(ctx(), tenant(), id, GlosaState::Answered)
        .await
        .expect("rpc")
        .expect("answered");
    let locked = rpc
        .glosas_answer(ctx(), tenant(), id, 0, None)
        .await
        .expect("rpc")
        .expect_err("an answered glosa is locked");
    assert!(locked.message.contains("in_review"), "{}", locked.message);
    let export = rpc
        .glosas_export(ctx(), tenant(), id, "csv".into())
        .await
        .expect("rpc")
        .expect("exported");
    let csv = base64::engine::general_purpose::STANDARD
        .decode(export.data_base64)
        .expect("base64");
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(csv.contains("RE9901") && csv.contains(notice.number.as_deref().expect("number")));
    assert!(
        std::path::Path::new(&export.file_name)
            .extension()
            .is_some_and(|ext| ext == "csv")
    );
    let closed = rpc
        .glosas_set_state(ctx(), tenant(), id, GlosaState::Closed)
        .await
        .expect("rpc")
        .expect("closed");
    assert_eq!(closed.summary.state, GlosaState::Closed);
    // Every change is in the audit log.
    let audit = rpc
        .audit_list(ctx(), tenant(), PageRequest::first(100))
        .await
        .expect("rpc")
        .expect("audit");
    let changes = audit
        .entries
        .iter()
        .filter(|entry| entry.target == format!("glosa {id}"))
        .count();
    assert!(changes >= notice.items.len() + 3, "{changes} audit entries");
}

#[tokio::test]
async fn a_glosa_links_the_invoice_it_objects_to_and_a_notice_read_twice_is_one_glosa() {
    let daemon = TestDaemon::start().await;
    let xml = std::fs::read(fixture(
        "invoices/dev/ubl/dian_co_invoice_signed_dian_v2.xml",
    ))
    .expect("fixture");
    let invoice = daemon.upload("factura.xml", &xml).await.invoice.id;
    let read = wait_until("the invoice is read", || async {
        let detail = daemon
            .client()
            .await
            .rpc
            .invoices_show(context::current(), tenant(), invoice)
            .await
            .expect("rpc")
            .expect("invoice");
        (detail.summary.state != centralita_protocol::InvoiceState::Processing).then_some(detail)
    })
    .await;
    let field = |name: centralita_protocol::FieldName| {
        read.preview
            .fields
            .get(&name)
            .map(|field| field.value.clone())
            .expect("the XML has it")
    };
    let notice = Notice {
        kind: NoticeKind::Glosa,
        payer_name: Some("EPS Sandbox S.A.S.".into()),
        payer_nit: Some("800197268-4".into()),
        provider_name: Some("Clínica de prueba".into()),
        provider_nit: Some(field(centralita_protocol::FieldName::IssuerTaxId)),
        number: Some("GL-2026-0042".into()),
        invoices: vec![field(centralita_protocol::FieldName::InvoiceNumber)],
        items: vec![Item {
            code_raw: "TA0201".into(),
            description: "Tarifa superior a la pactada".into(),
            objected: Some(Decimal::new(150_000, 0)),
            ..Item::default()
        }],
        total_objected: Some(Decimal::new(150_000, 0)),
        ..Notice::default()
    };
    let csv = sample::render_csv(&notice);
    upload_notice(&daemon, "glosa.csv", &csv).await;
    let id = wait_for_glosas(&daemon, 1).await[0].id;
    assert_eq!(show(&daemon, id).await.linked_invoices, vec![invoice]);
    // The same notice again (another upload, same payer and number) is the same glosa.
    upload_notice(
        &daemon,
        "glosa-otra-vez.csv",
        &[csv.as_slice(), b"\n"].concat(),
    )
    .await;
    wait_until("the second reading is done", || async {
        let jobs = daemon.all_jobs().await;
        let reads = jobs.iter().filter(|job| job.kind == "glosas.read");
        reads
            .clone()
            .all(|job| job.state == JobState::Succeeded)
            .then_some(())
            .filter(|()| reads.count() == 2)
    })
    .await;
    assert_eq!(glosas(&daemon).await.len(), 1);
}

#[tokio::test]
async fn the_inbox_folder_takes_notices_and_a_kill_during_reading_loses_none() {
    let mut daemon = TestDaemon::start().await;
    let folder = daemon.dir().join("inbox").join("demo").join("glosas");
    std::fs::create_dir_all(&folder).expect("folder");
    for seed in 0..12 {
        let notice = sample::sample_notice(100 + seed);
        std::fs::write(
            folder.join(format!("glosa-{seed}.xlsx")),
            sample::render_xlsx(&notice),
        )
        .expect("dropped");
    }
    wait_until("a first glosa is read", || async {
        (!glosas(&daemon).await.is_empty()).then_some(())
    })
    .await;
    daemon.kill9();
    daemon.restart().await;
    let found = wait_for_glosas(&daemon, 12).await;
    let numbers: std::collections::HashSet<&str> =
        found.iter().map(|glosa| glosa.number.as_str()).collect();
    assert_eq!(numbers.len(), 12, "each notice once");
    wait_until("every file is moved to done/", || async {
        let left = std::fs::read_dir(&folder)
            .expect("folder")
            .filter_map(Result::ok)
            .filter(|entry| entry.path().is_file())
            .count();
        (left == 0).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_file_that_is_no_notice_fails_its_job_with_words_an_operator_reads_in_spanish() {
    let daemon = TestDaemon::start().await;
    upload_notice(
        &daemon,
        "saludo.txt",
        "Hola, ¿cómo están? Saludos cordiales.".as_bytes(),
    )
    .await;
    let failed = wait_until("the reading fails", || async {
        let page = daemon
            .client()
            .await
            .rpc
            .jobs_list(
                context::current(),
                tenant(),
                centralita_protocol::JobFilter {
                    state: Some(JobState::Failed),
                    ..Default::default()
                },
                PageRequest::first(10),
            )
            .await
            .expect("rpc")
            .expect("jobs");
        page.jobs.into_iter().find(|job| job.kind == "glosas.read")
    })
    .await;
    assert_eq!(
        failed.last_error.as_deref(),
        Some(
            "saludo.txt: nothing in it reads as a glosa notice (no payer, notice number, header labels or objected items)"
        )
    );
    let words = failed.last_error_words.expect("the catalog's words");
    assert_eq!(
        (words.key.as_str(), words.args.as_slice()),
        (
            "glosa_notice_not_a_notice",
            ["saludo.txt".to_owned()].as_slice()
        )
    );
    let id = failed.id.to_string();
    let shown = daemon.centralita(&["--lang", "es", "jobs", "show", &id]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("saludo.txt: nada en él se lee como un aviso de glosa"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_notices_warnings_keep_their_words_and_show_in_spanish() {
    let daemon = TestDaemon::start().await;
    let notice = "NOTIFICACIÓN DE GLOSA\nNo. de glosa: GL-77\nNIT EPS: 806543210-5\n\
                  Valor glosado: 100.000\nCódigo | Descripción | Vr. glosado\n\
                  FA0101 | Uno | 40.000\nTA0201 | Dos | cuarenta mil\nSO2101 | Tres | 50.000\n";
    upload_notice(&daemon, "glosa.txt", notice.as_bytes()).await;
    let id = wait_for_glosas(&daemon, 1).await[0].id;
    let detail = show(&daemon, id).await;
    let keys: Vec<&str> = detail
        .warning_words
        .iter()
        .map(|words| words.key.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "glosa_line_unreadable",
            "glosa_payer_nit_invalid",
            "glosa_provider_nit_missing",
            "glosa_objected_mismatch"
        ],
        "{:?}",
        detail.warnings
    );
    assert_eq!(detail.warnings[2], "no provider NIT found");
    let shown = daemon.centralita(&["--lang", "es", "glosas", "show", &id.to_string()]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    for spanish in [
        "! línea 7: valor glosado \"cuarenta mil\" no es un número\n",
        "! NIT del pagador 806543210-5: el dígito verificador del NIT es 5, pero el número \
         requiere 4\n",
        "! no se encontró el NIT del prestador\n",
        "! los valores objetados de los ítems suman 90000, el total objetado del aviso es 100000\n",
    ] {
        assert!(shown.contains(spanish), "no {spanish:?} in:\n{shown}");
    }
    let shown = daemon.centralita(&["--lang", "en", "glosas", "show", &id.to_string()]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    for english in &detail.warnings {
        assert!(shown.contains(&format!("! {english}\n")), "{shown}");
    }
}
