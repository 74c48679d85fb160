//! The main views in Spanish, beside their English snapshots in `tests.rs`, `inbox_tests.rs`
//! and `invoice_tests.rs` (issue 12). Each test sets the language first: nextest runs every
//! test in its own process.

use crossterm::event::KeyCode;

use super::app::App;
use super::connections_tests::{connections, connections_console};
use super::effect::Effect;
use super::event::Reply;
use super::glosa_tests::{detail as glosa_detail, glosa_console_with};
use super::inbox_tests::{inbox_console, inbox_with_a_failed_reply};
use super::invoice_tests::{detail, invoices_console, review_console};
use super::mode::Mode;
use super::tests::{
    MIDDLE, acme, admin, ago, assert_screen, console, dashboard, jobs_console, now, press, reply,
    select, type_text,
};
use crate::text::{self, Lang};
use centralita_protocol::said::Words;
use centralita_protocol::{AuditEntry, AuditOutcome, AuditPage};

#[test]
fn dashboard_in_spanish() {
    text::set_lang(Lang::Es);
    let mut app = App::new(acme(), admin(), now());
    assert_eq!(app.start(), vec![Effect::LoadDashboard]);
    app.update(reply(Reply::Dashboard(Box::new(dashboard(true)))));
    let screen = assert_screen("dashboard_es_80x24", &app);
    assert!(screen.contains("conectado"), "{screen}");
    assert!(screen.contains("jobs por cola"), "{screen}");
    assert!(screen.contains("abrir el último fallo"), "{screen}");
}

#[test]
fn a_failing_integration_on_the_dashboard_in_spanish() {
    text::set_lang(Lang::Es);
    let mut app = App::new(acme(), admin(), now());
    let mut dashboard = dashboard(false);
    // Gmail's grant died: the daemon sends whose it is and the error, with their words.
    let gmail = &mut dashboard.integrations[1];
    gmail.detail = "facturas@acme.pe (connection 2): google refused the grant (invalid_grant): \
                    it was revoked, the password changed, it went unused for 6 months, or the \
                    app is in Google's testing mode (grants last 7 days there); authorize again \
                    with `centralita connections add google --reauthorize 2`"
        .into();
    gmail.words = Some(Words {
        key: "integration_account_error".into(),
        args: vec![
            "facturas@acme.pe".into(),
            "2".into(),
            "google refused …".into(),
        ],
        inner: Some(Box::new(Words {
            key: "connection_grant_dead".into(),
            args: vec!["google".into(), "invalid_grant".into(), "2".into()],
            inner: None,
        })),
    });
    app.update(reply(Reply::Dashboard(Box::new(dashboard))));
    let screen = assert_screen("dashboard_integration_error_es_80x24", &app);
    assert!(screen.contains("gmail       reautorizar"), "{screen}");
    assert!(
        screen.contains("gmail: facturas@acme.pe (conexión"),
        "{screen}"
    );
    assert!(screen.contains("google rechazó la"), "{screen}");
    assert!(!screen.contains("refused"), "no English is left:\n{screen}");
}

#[test]
fn a_failed_invoice_completed_by_hand_in_spanish() {
    text::set_lang(Lang::Es);
    let mut app = review_console();
    let mut completed = detail();
    completed.warnings = vec![centralita_protocol::InvoiceWarning {
        code: "read_failed".into(),
        message: "reading failed, completed by hand: pdftotext failed: Syntax Error".into(),
        words: Some(Words {
            key: "read_failed_by_hand".into(),
            args: vec!["pdftotext failed: Syntax Error".into()],
            inner: Some(Box::new(Words {
                key: "tool_failed".into(),
                args: vec!["pdftotext".into(), "Syntax Error".into()],
                inner: None,
            })),
        }),
    }];
    app.update(reply(Reply::Invoice(Box::new(completed))));
    let screen = assert_screen("invoice_read_failed_es_80x24", &app);
    assert!(
        screen.contains("! la lectura falló, se completó a mano:"),
        "{screen}"
    );
    assert!(screen.contains("pdftotext falló: Syntax Error"), "{screen}");
}

#[test]
fn an_invoices_warnings_in_spanish() {
    text::set_lang(Lang::Es);
    let mut app = review_console();
    let mut checked = detail();
    let warning = |code: &str, message: &str, words: Words| centralita_protocol::InvoiceWarning {
        code: code.into(),
        message: message.into(),
        words: Some(words),
    };
    checked.warnings = vec![
        warning(
            "totals_mismatch",
            "subtotal 1000.00 + tax 180.00 = 1180.00, but the total is 1190.00 (off by 10.00)",
            Words {
                key: "invoice_totals_mismatch".into(),
                args: ["1000.00", "180.00", "1180.00", "1190.00", "10.00"]
                    .map(String::from)
                    .to_vec(),
                inner: None,
            },
        ),
        warning(
            "tax_id_invalid",
            "the issuer tax id 20100070971 looks wrong: RUC check digit is 1, the number needs 0",
            Words {
                key: "invoice_issuer_tax_id_invalid".into(),
                args: vec![
                    "20100070971".into(),
                    "RUC check digit is 1, the number needs 0".into(),
                ],
                inner: Some(Box::new(Words {
                    key: "tax_id_check_digit".into(),
                    args: ["RUC", "1", "0"].map(String::from).to_vec(),
                    inner: None,
                })),
            },
        ),
    ];
    app.update(reply(Reply::Invoice(Box::new(checked))));
    let screen = super::crm_tests::assert_screen_at("invoice_warnings_es_100x30", &app, 100, 30);
    assert!(
        screen.contains("! subtotal 1000.00 + impuesto 180.00"),
        "{screen}"
    );
    assert!(
        screen.contains("dígito verificador del RUC es 1"),
        "{screen}"
    );
    for english in ["+ tax", "looks wrong", "check digit", "off by"] {
        assert!(!screen.contains(english), "{english}:\n{screen}");
    }
}

#[test]
fn jobs_in_spanish() {
    text::set_lang(Lang::Es);
    let mut app = jobs_console(admin());
    select(&mut app, MIDDLE);
    let screen = assert_screen("jobs_es_80x24", &app);
    assert!(screen.contains("ESTADO"), "{screen}");
    assert!(screen.contains("reintentar"), "{screen}");
}

#[test]
fn help_in_spanish() {
    text::set_lang(Lang::Es);
    let mut app = jobs_console(admin());
    select(&mut app, MIDDLE);
    assert_eq!(press(&mut app, KeyCode::Char('?')), []);
    assert_eq!(app.mode, Mode::Help);
    let screen = assert_screen("help_jobs_es_80x24", &app);
    assert!(screen.contains("teclas: jobs"), "{screen}");
    assert!(screen.contains("reintentar todos"), "{screen}");
}

#[test]
fn inbox_with_a_thread_in_spanish() {
    text::set_lang(Lang::Es);
    let app = inbox_console();
    let screen = assert_screen("inbox_es_80x24", &app);
    assert!(screen.contains("María Quispe"), "{screen}");
    assert!(screen.contains("i responder m tomar A asignar"), "{screen}");
}

#[test]
fn invoices_in_spanish() {
    text::set_lang(Lang::Es);
    let app = invoices_console();
    let screen = assert_screen("invoices_es_80x24", &app);
    assert!(screen.contains("EMISOR"), "{screen}");
    assert!(screen.contains("a revisar"), "{screen}");
}

#[test]
fn invoice_review_in_spanish() {
    text::set_lang(Lang::Es);
    let app = review_console();
    let screen = assert_screen("invoice_es_80x24", &app);
    assert!(screen.contains("factura 107"), "{screen}");
    assert!(screen.contains("editar campo"), "{screen}");
}

#[test]
fn a_lead_in_spanish() {
    text::set_lang(Lang::Es);
    let app = super::crm_tests::lead_view();
    let screen = super::crm_tests::assert_screen_at("lead_es_100x30", &app, 100, 30);
    for shown in [
        "estado    in_progress",
        "etapa     negotiation (desde hace 3 h)",
        "valor     S/ 1.250,00",
        "chat      conversación 1",
        "etiquetas: vip",
    ] {
        assert!(screen.contains(shown), "{shown}: {screen}");
    }
}

#[test]
fn a_failed_reply_says_why_in_spanish() {
    text::set_lang(Lang::Es);
    let app = inbox_with_a_failed_reply();
    let screen = assert_screen("inbox_failed_reply_es_80x24", &app);
    assert!(
        screen.contains("! whatsapp rechazó el mensaje:"),
        "{screen}"
    );
    assert!(
        screen.contains("(#131026) Message"),
        "WhatsApp's own words stay as it wrote them:\n{screen}"
    );
}

#[test]
fn the_inbox_says_each_state_whole_when_wide_and_abbreviated_at_80_columns() {
    text::set_lang(Lang::Es);
    let app = inbox_with_a_failed_reply();
    let wide = super::crm_tests::assert_screen_at("inbox_states_es_110x24", &app, 110, 24);
    assert!(wide.contains(" abierta "), "{wide}");
    assert!(wide.contains("VENT."), "the window column stays:\n{wide}");
    let narrow = assert_screen("inbox_failed_reply_es_80x24", &app);
    assert!(narrow.contains(" abi. "), "{narrow}");
    assert!(!narrow.contains("abie "), "no state is cut:\n{narrow}");
}

#[test]
fn a_connections_last_error_in_spanish() {
    text::set_lang(Lang::Es);
    let mut app = connections_console(admin(), 1);
    // Connection 2's grant died at its last refresh: the daemon kept the catalog's words.
    let mut dead = connections();
    dead[1].last_error = Some(
        "google refused the grant (Token has been expired or revoked.): it was revoked, the \
         password changed, it went unused for 6 months, or the app is in Google's testing mode \
         (grants last 7 days there); authorize again with `centralita connections add google \
         --reauthorize 2`"
            .to_owned(),
    );
    dead[1].last_error_words = Some(centralita_protocol::said::Words {
        key: "connection_grant_dead".to_owned(),
        args: vec![
            "google".to_owned(),
            "Token has been expired or revoked.".to_owned(),
            "2".to_owned(),
        ],
        inner: None,
    });
    app.update(reply(Reply::Connections(dead)));
    let screen = assert_screen("connections_last_error_es_80x24", &app);
    assert!(
        screen.contains(" conexión 2 "),
        "the pane is about row 2:\n{screen}"
    );
    assert!(
        screen.contains("google rechazó la autorización (Token has been expired or"),
        "{screen}"
    );
}

/// Audit entries as the daemon sends them: English, with the catalog's words beside a detail
/// that is a sentence (a zone is data and has none).
fn audit_entries_with_words() -> Vec<AuditEntry> {
    let words = |key: &str, args: &[&str]| {
        Some(Words {
            key: key.into(),
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            inner: None,
        })
    };
    let entry = |seq: u64, age: i64, operator: &str, action: &str, target: &str| AuditEntry {
        seq,
        at: ago(age),
        operator: operator.into(),
        tenant: Some(acme()),
        action: action.into(),
        target: target.into(),
        outcome: AuditOutcome::Ok,
        detail: String::new(),
        detail_words: None,
    };
    vec![
        AuditEntry {
            detail: "merged contact 4 into it".into(),
            detail_words: words("contact_merged", &["4"]),
            ..entry(6, 60, "ana", "contacts_merge", "contact 3")
        },
        AuditEntry {
            detail: "611.jpg (jpeg, 119435 bytes) from inbox".into(),
            detail_words: words("invoice_added", &["611.jpg", "jpeg", "119435", "inbox"]),
            ..entry(5, 300, "inbox", "invoices.add", "invoice 14")
        },
        AuditEntry {
            detail: "full".into(),
            detail_words: words("mailbox_sync_full", &[]),
            ..entry(4, 900, "ana", "mail_sync", "mailbox 2")
        },
        AuditEntry {
            detail: "America/Bogota".into(),
            ..entry(3, 1_800, "ada", "tenants_set_zone", "tenant acme")
        },
        AuditEntry {
            detail: "run now".into(),
            detail_words: words("schedule_run_now", &[]),
            ..entry(2, 3_600, "ada", "schedules_run", "schedule mail.sync.2")
        },
        AuditEntry {
            outcome: AuditOutcome::Denied,
            detail: "jobs_retry needs the supervisor role in tenant acme; beto is agent there"
                .into(),
            detail_words: words(
                "role_too_low",
                &["jobs_retry", "supervisor", "acme", "beto", "agent"],
            ),
            ..entry(1, 7_200, "beto", "jobs_retry", "")
        },
    ]
}

/// Selects row `index` of the audit list.
fn select_audit(app: &mut App, index: usize) {
    press(app, KeyCode::Char('g'));
    for _ in 0..index {
        press(app, KeyCode::Char('j'));
    }
    assert_eq!(app.views.audit.list.selected, index);
}

#[test]
fn the_audit_log_in_spanish() {
    text::set_lang(Lang::Es);
    let mut app = console(admin());
    type_text(&mut app, ":audit");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadAudit]);
    app.update(reply(Reply::Audit(AuditPage {
        entries: audit_entries_with_words(),
        next: None,
    })));
    let screen = assert_screen("audit_es_80x24", &app);
    for shown in [
        "contacto 3",
        "factura 14",
        "buzón 2",
        "tenant acme",
        "tarea program",
        "denegada",
        // The selected row's detail, whole under the table.
        "detalle: el contacto 4 se fusionó en este",
    ] {
        assert!(screen.contains(shown), "{shown}: {screen}");
    }
    for (row, detail) in [
        (1, "detalle: 611.jpg (jpeg, 119435 bytes) de inbox"),
        (2, "detalle: sincronización completa"),
        (3, "detalle: America/Bogota"),
    ] {
        select_audit(&mut app, row);
        let screen = super::tests::render_text(&app, super::tests::COLOUR);
        assert!(screen.contains(detail), "{detail}: {screen}");
    }
    // The entry view says every field in Spanish, the detail whole.
    select_audit(&mut app, 1);
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    let entry = assert_screen("audit_entry_es_80x24", &app);
    for shown in [
        "objeto    factura 14",
        "resultado ok",
        "611.jpg (jpeg, 119435 bytes) de inbox",
    ] {
        assert!(entry.contains(shown), "{shown}: {entry}");
    }
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    let denied = super::tests::render_text(&app, super::tests::COLOUR);
    assert!(
        denied.contains("jobs_retry requiere el rol supervisor en el tenant acme; beto es agent"),
        "{denied}"
    );
}

#[test]
fn a_glosas_warnings_in_spanish() {
    text::set_lang(Lang::Es);
    let mut glosa = glosa_detail();
    glosa.late_notice = false;
    let words = |key: &str, args: &[&str], inner: Option<Words>| Words {
        key: key.to_owned(),
        args: args.iter().map(|arg| (*arg).to_owned()).collect(),
        inner: inner.map(Box::new),
    };
    glosa.warnings = vec![
        "provider NIT 900123456-7: NIT check digit is 7, the number needs 8".into(),
        "line 12: SO2101: no objected value (valor glosado) at the end".into(),
        "sheet \"Glosas\" row 7: no glosa code, row skipped".into(),
    ];
    glosa.warning_words = vec![
        words(
            "glosa_provider_nit_invalid",
            &["900123456-7", "NIT check digit is 7, the number needs 8"],
            Some(words("tax_id_check_digit", &["NIT", "7", "8"], None)),
        ),
        words(
            "glosa_line_unreadable",
            &["12", "SO2101: no objected value (valor glosado) at the end"],
            Some(words("glosa_row_no_objected_value", &["SO2101"], None)),
        ),
        words(
            "glosa_sheet_row_skipped",
            &["\"Glosas\"", "7", "no glosa code"],
            Some(words("glosa_row_no_code", &[], None)),
        ),
    ];
    let app = glosa_console_with(glosa);
    let screen = assert_screen("glosa_warnings_es_80x24", &app);
    for spanish in [
        "! NIT del prestador 900123456-7: el dígito verificador del NIT es 7, pero el",
        "! línea 12: SO2101: sin valor glosado al final",
        "! fila 7 (hoja \"Glosas\"): sin código de glosa, fila omitida",
    ] {
        assert!(screen.contains(spanish), "no {spanish:?} in:\n{screen}");
    }
    for english in ["check digit", "line 12", "row skipped"] {
        assert!(!screen.contains(english), "{english:?} left in:\n{screen}");
    }
}
