//! Console tests of `:invoices` and the invoice review view: snapshots at 80×24 and the key
//! flows (filter, open, edit in place, confirm, reject with a reason, retry, save).

use centralita_protocol::{
    DocumentKind, Extraction, FieldName, FieldSource, FieldValue, InvoiceCounts, InvoiceDetail,
    InvoiceFilter, InvoiceId, InvoicePage, InvoiceState, InvoiceSummary, InvoiceWarning, LineItem,
};
use crossterm::event::KeyCode;

use super::app::App;
use super::effect::Effect;
use super::event::Reply;
use super::mode::{Form, Mode};
use super::tests::{
    COLOUR, acme, admin, ago, assert_screen, console, now, press, render_text, reply, type_text,
};
use super::views::View;

const STATES: [InvoiceState; 5] = InvoiceState::ALL;

fn summary(id: u64, state: InvoiceState) -> InvoiceSummary {
    let n = id % 7;
    InvoiceSummary {
        id: InvoiceId(id),
        tenant: acme(),
        state,
        file_name: format!("factura-{id}.pdf"),
        kind: DocumentKind::Pdf,
        issuer: Some(
            [
                "Ferretería El Sol S.A.C.",
                "Clínica Norte SAS",
                "MEGAH RETAIL SDN BHD",
            ][(n % 3) as usize]
                .to_owned(),
        ),
        number: Some(format!("F001-{:05}", 100 + id)),
        issue_date: Some(format!("2026-11-{:02}", 1 + n)),
        total: Some(format!("{}.50", 1000 + id * 37)),
        currency: Some("PEN".to_owned()),
        warnings: u32::from(state == InvoiceState::WaitingValidation && n == 2),
        created_at: ago(600),
        updated_at: ago(60),
    }
}

fn page(count: u64) -> InvoicePage {
    InvoicePage {
        invoices: (0..count)
            .rev()
            .map(|id| summary(id + 1, STATES[(id % 5) as usize]))
            .collect(),
        next: None,
    }
}

fn counts() -> InvoiceCounts {
    InvoiceCounts {
        processing: 4,
        waiting_validation: 4,
        processed: 4,
        rejected: 4,
        failed: 4,
    }
}

fn field(value: &str, source: FieldSource, confidence: f32) -> FieldValue {
    FieldValue::new(value, source, confidence)
}

pub(super) fn detail() -> InvoiceDetail {
    let mut preview = Extraction::default();
    preview.fields.insert(
        FieldName::IssuerName,
        field("Ferretería El Sol S.A.C.", FieldSource::Rules, 0.8),
    );
    preview.fields.insert(
        FieldName::IssuerTaxId,
        field("20100070970", FieldSource::Rules, 0.95),
    );
    preview.fields.insert(
        FieldName::InvoiceNumber,
        field("F001-00107", FieldSource::Mapping, 0.95),
    );
    preview.fields.insert(
        FieldName::IssueDate,
        field("2026-11-03", FieldSource::Rules, 0.9),
    );
    preview
        .fields
        .insert(FieldName::Currency, field("PEN", FieldSource::Rules, 0.9));
    preview.fields.insert(
        FieldName::Subtotal,
        field("1000.00", FieldSource::Rules, 0.8),
    );
    preview
        .fields
        .insert(FieldName::Tax, field("180.00", FieldSource::Rules, 0.8));
    preview.fields.insert(
        FieldName::Total,
        field("1190.00", FieldSource::Operator, 1.0),
    );
    preview.line_items = vec![LineItem {
        description: "Cemento Sol 42.5kg".into(),
        quantity: Some("40".into()),
        unit_price: Some("25.00".into()),
        amount: Some("1000.00".into()),
    }];
    InvoiceDetail {
        summary: summary(107, InvoiceState::WaitingValidation),
        origin: "upload".into(),
        size: 48_213,
        sha256: "ab".repeat(32),
        preview,
        confirmed: None,
        warnings: vec![InvoiceWarning {
            code: "totals_mismatch".into(),
            message: "subtotal 1000.00 + tax 180.00 = 1180.00, not the total 1190.00".into(),
            words: None,
        }],
        text: "FERRETERIA EL SOL S.A.C.\nRUC 20100070970\nFACTURA ELECTRONICA F001-00107\n\
               Fecha de emisión: 03/11/2026\nCemento Sol 42.5kg  40  25.00  1,000.00\n\
               Op. gravada S/ 1,000.00\nIGV 18% S/ 180.00\nTotal a pagar S/ 1,180.00\n"
            .into(),
        text_method: "text_layer".into(),
        reason: None,
        reason_words: None,
        mapping: None,
        edits: Vec::new(),
        job: None,
    }
}

/// A console on `:invoices` with 20 invoices in every state.
pub(super) fn invoices_console() -> App {
    let mut app = console(admin());
    assert_eq!(type_text(&mut app, ":invoices"), []);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadInvoices {
            filter: InvoiceFilter::default(),
            before: None
        }]
    );
    app.update(reply(Reply::Invoices {
        page: page(20),
        counts: counts(),
        append: false,
    }));
    app
}

/// The console with invoice 107 open for review.
pub(super) fn review_console() -> App {
    let mut app = invoices_console();
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadInvoice(InvoiceId(20))]
    );
    assert_eq!(app.view, View::Invoice);
    app.update(reply(Reply::Invoice(Box::new(detail()))));
    app
}

#[test]
fn invoices_list_shows_states_totals_warnings_and_the_summary() {
    let app = invoices_console();
    let screen = assert_screen("invoices_80x24", &app);
    assert!(screen.contains(" invoices (20) "));
    assert!(screen.contains("to review"));
    assert!(screen.contains("4 processing"));
}

#[test]
fn invoice_review_shows_fields_warnings_lines_and_the_text_side_by_side() {
    let app = review_console();
    let screen = assert_screen("invoice_80x24", &app);
    assert!(
        screen.contains("Total a pagar"),
        "the text pane shows the OCR text"
    );
    assert!(
        screen.contains("subtotal 1000.00 + tax"),
        "warnings are shown"
    );
    assert!(screen.contains("operator"), "each field names its source");
}

#[test]
fn review_opens_on_the_least_sure_field_and_n_walks_the_fields_to_check() {
    let mut app = invoices_console();
    press(&mut app, KeyCode::Enter);
    let mut unsure = detail();
    unsure
        .preview
        .fields
        .insert(FieldName::Total, field("1190.00", FieldSource::Rules, 0.4));
    unsure.preview.fields.insert(
        FieldName::IssueDate,
        field("2026-11-03", FieldSource::Rules, 0.7),
    );
    app.update(reply(Reply::Invoice(Box::new(unsure))));
    let screen = assert_screen("invoice_to_check_80x24", &app);
    assert!(screen.contains("5 fields to check (n)"), "{screen}");
    let selected = |app: &App| FieldName::ALL[app.views.invoice.field];
    assert_eq!(selected(&app), FieldName::Total, "the least sure first");
    // Then the date (0.7), then the three at 0.8 in screen order, then round again.
    let mut walk = Vec::new();
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('n'));
        walk.push(selected(&app));
    }
    assert_eq!(
        walk,
        [
            FieldName::IssueDate,
            FieldName::IssuerName,
            FieldName::Subtotal,
            FieldName::Tax,
            FieldName::Total
        ]
    );
    // A reload after an edit keeps the cursor where the operator is.
    press(&mut app, KeyCode::Char('n'));
    app.update(reply(Reply::Invoice(Box::new(detail()))));
    assert_eq!(selected(&app), FieldName::IssueDate);
}

#[test]
fn the_dashboard_counts_invoices_per_state() {
    let app = console(admin());
    let screen = render_text(&app, COLOUR);
    assert!(screen.contains("waiting validation  4"), "{screen}");
}

#[test]
fn the_invoices_filter_takes_state_prefixes_dates_and_issuer_words() {
    let mut app = invoices_console();
    type_text(&mut app, "/state:wait from:2026-11-01 clinica");
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(
        effects,
        [Effect::LoadInvoices {
            filter: InvoiceFilter {
                state: Some(InvoiceState::WaitingValidation),
                issuer: Some("clinica".into()),
                from: Some("2026-11-01".into()),
                to: None,
            },
            before: None,
        }]
    );
    press(&mut app, KeyCode::Char('/'));
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "from:yesterday");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    let (message, error) = app.status.clone().expect("an error");
    assert!(
        error && message.contains("2024-11-15 or 15/11/2024"),
        "{message}"
    );
    assert_eq!(
        app.views.invoices.list.filter.from.as_deref(),
        Some("2026-11-01"),
        "the old filter stays"
    );
}

#[test]
fn e_edits_the_selected_field_in_place_and_empty_clears_it() {
    let mut app = review_console();
    // The cursor starts on issuer_name; j moves to the total (last but… index 10).
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(
        app.mode,
        Mode::Prompt {
            form: Form::EditField(InvoiceId(107), FieldName::Total),
            label: "total (empty clears)".into(),
            input: "1190.00".into(),
        }
    );
    for _ in 0.."1190.00".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "1180.00");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::EditInvoice {
            id: InvoiceId(107),
            field: FieldName::Total,
            value: Some("1180.00".into()),
        }]
    );
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('e'));
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::EditInvoice {
            id: InvoiceId(107),
            field: FieldName::Tax,
            value: None,
        }]
    );
}

#[test]
fn c_confirms_x_asks_for_a_reason_r_retries_and_s_saves() {
    let mut app = review_console();
    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        [Effect::ConfirmInvoice(InvoiceId(107))]
    );
    press(&mut app, KeyCode::Char('x'));
    assert!(matches!(
        app.mode,
        Mode::Prompt {
            form: Form::RejectReason(InvoiceId(107)),
            ..
        }
    ));
    assert_eq!(press(&mut app, KeyCode::Enter), [], "a reason is required");
    assert!(app.status.as_ref().is_some_and(|(_, error)| *error));
    type_text(&mut app, "wrong RUC");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::RejectInvoice {
            id: InvoiceId(107),
            reason: "wrong RUC".into()
        }]
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        [Effect::RetryInvoice(InvoiceId(107))]
    );
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SaveOriginal {
            id: InvoiceId(107),
            path: "factura-107.pdf".into()
        }]
    );
    // Esc goes back to the list, which reloads.
    assert_eq!(
        press(&mut app, KeyCode::Esc),
        [Effect::LoadInvoices {
            filter: InvoiceFilter::default(),
            before: None
        }]
    );
    assert_eq!(app.view, View::Invoices);
}

#[test]
fn a_finished_action_reloads_the_open_invoice() {
    let mut app = review_console();
    let effects = app.update(reply(Reply::Done("invoice 107 confirmed".into())));
    assert_eq!(effects, [Effect::LoadInvoice(InvoiceId(107))]);
    assert_eq!(app.now, now());
}

#[test]
fn a_failed_invoice_is_completed_by_hand_and_a_processed_one_is_not_edited() {
    let mut app = review_console();
    let mut failed = detail();
    failed.summary.state = InvoiceState::Failed;
    failed.summary.id = InvoiceId(9);
    app.update(reply(Reply::Invoice(Box::new(failed))));
    press(&mut app, KeyCode::Char('e'));
    assert!(
        matches!(
            &app.mode,
            Mode::Prompt {
                form: Form::EditField(InvoiceId(9), FieldName::IssuerName),
                ..
            }
        ),
        "{:?}",
        app.mode
    );
    press(&mut app, KeyCode::Esc);

    let mut processed = detail();
    processed.summary.state = InvoiceState::Processed;
    app.update(reply(Reply::Invoice(Box::new(processed))));
    assert_eq!(press(&mut app, KeyCode::Char('e')), []);
    assert_eq!(app.mode, Mode::Normal);
    let screen = render_text(&app, COLOUR);
    assert!(
        screen.contains("a processed invoice cannot be edited"),
        "{screen}"
    );
}
