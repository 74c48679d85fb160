//! Console tests of `:glosas` and the glosa view: snapshots at 80×24 (the list with every
//! urgency, a glosa with an answered item, an unanswered one and an unknown code, the answer
//! form) and the key flows (state filter, open, answer, clear, moves, export, the invoice),
//! with what is refused said on the status line.

use centralita_protocol::{
    Decision, GlosaDetail, GlosaId, GlosaItem, GlosaState, GlosaSummary, InvoiceId, ItemResponse,
    RpcError, Urgency,
};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::civil::{Date, date};
use ratatui::style::{Color, Modifier};

use super::app::App;
use super::effect::Effect;
use super::event::Reply;
use super::keymap;
use super::mode::{Form, Mode};
use super::tests::{
    COLOUR, admin, agent, ago, assert_screen, column_of, console, press, render, render_text,
    reply, row_text, type_text,
};
use super::views::View;
use crate::glosas::ExportFormat;
use crate::text;

/// The glosa the detail fixture is.
const OPEN: GlosaId = GlosaId(7);

fn summary(
    id: u64,
    state: GlosaState,
    (days_left, urgency): (i64, Urgency),
    due: Date,
    payer: &str,
) -> GlosaSummary {
    GlosaSummary {
        id: GlosaId(id),
        state,
        kind: "glosa".into(),
        payer_name: payer.into(),
        payer_nit: "800251440-6".into(),
        number: format!("GL-2026-{:04}", 400 + id),
        notice_date: Some(date(2026, 9, 1)),
        received_on: date(2026, 9, 2),
        due,
        days_left,
        urgency,
        invoices: vec![format!("FE-{}", 1000 + id)],
        total_objected: format!("{}.00", 20_000 * (id + 1)),
        items: u32::try_from(id % 4 + 1).expect("small"),
        unknown_codes: u32::from(id == OPEN.0),
        origin: "upload".into(),
    }
}

/// Glosas as the daemon sends them, soonest due first: one past its term, one due today, one
/// due tomorrow, one soon, one with time; then one answered and one closed (clocks stopped).
fn glosas() -> Vec<GlosaSummary> {
    use GlosaState::{Answered, Closed, InReview, Received};
    vec![
        summary(
            12,
            Received,
            (-2, Urgency::Overdue),
            date(2026, 9, 17),
            "EPS Sanitas S.A.",
        ),
        summary(
            15,
            Received,
            (0, Urgency::Urgent),
            date(2026, 9, 21),
            "Nueva EPS S.A.",
        ),
        summary(
            OPEN.0,
            InReview,
            (1, Urgency::Urgent),
            date(2026, 9, 22),
            "EPS Sura",
        ),
        summary(
            9,
            InReview,
            (4, Urgency::Soon),
            date(2026, 9, 25),
            "Compensar EPS",
        ),
        summary(
            4,
            Received,
            (11, Urgency::Ok),
            date(2026, 10, 6),
            "Salud Total EPS S.A.",
        ),
        summary(
            3,
            Answered,
            (-5, Urgency::Overdue),
            date(2026, 9, 14),
            "EPS Sanitas S.A.",
        ),
        summary(
            1,
            Closed,
            (-20, Urgency::Overdue),
            date(2026, 8, 24),
            "Famisanar EPS",
        ),
    ]
}

fn item(index: u32, code: &str, system: &str, family: &str, catalog: &str) -> GlosaItem {
    GlosaItem {
        index,
        code: code.into(),
        code_system: system.into(),
        family: family.into(),
        code_description: catalog.into(),
        description: String::new(),
        service_code: String::new(),
        quantity: None,
        invoiced: None,
        objected: None,
        response: None,
    }
}

fn not_accepted() -> ItemResponse {
    ItemResponse {
        decision: Decision::NotAccepted,
        code: "RE9901".into(),
        justification: "La tarifa es la del contrato 2026-114, anexo 2".into(),
    }
}

/// Glosa 7, in review: item 1 answered, item 2 not, item 3 with a code neither catalog knows;
/// a late notice and a warning; one of its invoices is the tenant's invoice 107.
pub(super) fn detail() -> GlosaDetail {
    let mut answered = item(1, "TA0201", "2284", "Tarifas", "Diferencias en valores");
    answered.description = "La consulta se cobra por encima de la tarifa pactada".into();
    answered.objected = Some("20000.00".into());
    answered.response = Some(not_accepted());
    let mut open = item(2, "SO2101", "2284", "Soportes", "Ausencia de soportes");
    open.description = "Falta la epicrisis".into();
    open.objected = Some("110000.00".into());
    let mut unknown = item(3, "XX-77", "unknown", "", "");
    unknown.description = "Otro motivo".into();
    unknown.objected = Some("30000.00".into());
    let mut summary = glosas().swap_remove(2);
    summary.invoices.push("FE-1108".into());
    summary.total_objected = "160000.00".into();
    GlosaDetail {
        summary,
        provider_name: "Clínica Norte SAS".into(),
        provider_nit: "900123456-7".into(),
        filed_date: Some(date(2026, 7, 1)),
        total_invoiced: Some("1250000.00".into()),
        linked_invoices: vec![InvoiceId(107)],
        items: vec![answered, open, unknown],
        warnings: vec!["the items add up to 160000.00, the notice says 170000.00".into()],
        warning_words: Vec::new(),
        source_text: (1..=30)
            .map(|line| format!("línea {line} de la glosa"))
            .collect::<Vec<_>>()
            .join("\n"),
        late_notice: true,
        created_at: ago(86_400),
        updated_at: ago(3_600),
    }
}

fn list_reload(state: Option<GlosaState>) -> Vec<Effect> {
    vec![Effect::LoadGlosas { state }]
}

/// A console on `:glosas` with the list fixture.
fn glosas_console() -> App {
    let mut app = console(admin());
    assert_eq!(type_text(&mut app, ":glosas"), []);
    assert_eq!(press(&mut app, KeyCode::Enter), list_reload(None));
    assert_eq!(app.view, View::Glosas);
    app.update(reply(Reply::Glosas {
        state: None,
        glosas: glosas(),
    }));
    app
}

/// The console with glosa 7 open (third in the list), its second item picked.
fn glosa_console() -> App {
    glosa_console_with(detail())
}

/// The console with `detail` open as glosa 7, its second item picked.
pub(super) fn glosa_console_with(detail: GlosaDetail) -> App {
    let mut app = glosas_console();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadGlosa(OPEN)]);
    assert_eq!(app.view, View::Glosa);
    assert!(render_text(&app, COLOUR).contains(text::LOADING.get()));
    app.update(reply(Reply::Glosa(Box::new(detail))));
    press(&mut app, KeyCode::Char('j'));
    app
}

/// The console with glosa 7 open in `state`, every item answered.
fn answered_console(state: GlosaState) -> App {
    let mut app = glosa_console();
    let mut glosa = detail();
    glosa.summary.state = state;
    for item in &mut glosa.items {
        item.response = Some(not_accepted());
    }
    app.update(reply(Reply::Glosa(Box::new(glosa))));
    app
}

/// The style of the cell where `needle` starts, on the first row that has it.
fn style_of(app: &App, needle: &str) -> (Color, Modifier) {
    let terminal = render(app, COLOUR);
    let buffer = terminal.backend().buffer();
    let y = (0..buffer.area.height)
        .find(|&y| row_text(buffer, y).contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not on screen"));
    let cell = &buffer[(column_of(buffer, y, needle), y)];
    (cell.fg, cell.modifier)
}

fn status_error(app: &App) -> String {
    match &app.status {
        Some((message, true)) => message.clone(),
        other => panic!("no error on the status line: {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn glosas_list_shows_days_left_coloured_by_urgency_soonest_due_first() {
    let app = glosas_console();
    let screen = assert_screen("glosas_80x24", &app);
    assert!(screen.contains(" glosas (7) "));
    for word in ["-2 tacit", "0 urgent", "1 urgent", "4 soon"] {
        assert!(screen.contains(word), "{word} in\n{screen}");
    }
    let first = screen.find("EPS Sanitas").expect("glosa 12 is listed");
    let later = screen.find("Salud Total").expect("glosa 4 is listed");
    assert!(first < later, "as the daemon sends them");
    assert_eq!(
        style_of(&app, "-2 tacit"),
        (Color::Red, Modifier::BOLD),
        "past the term: red and bold"
    );
    assert_eq!(style_of(&app, "1 urgent").0, Color::Red);
    assert_eq!(style_of(&app, "4 soon").0, Color::Yellow);
    assert_eq!(
        style_of(&app, "11        2026-10-06").0,
        Color::Reset,
        "time left: plain"
    );
    assert_eq!(
        style_of(&app, "-20       2026-08-24").0,
        Color::DarkGray,
        "closed: the clock stopped, no urgency"
    );
}

#[test]
fn glosa_shows_its_header_items_and_the_notice_side_by_side() {
    let app = glosa_console();
    let screen = assert_screen("glosa_80x24", &app);
    assert!(screen.contains(" glosa 7 · GL-2026-0407 "), "{screen}");
    assert!(screen.contains("due 2026-09-22: 1 business day left (urgent)"));
    assert!(screen.contains("here: invoice 107"));
    assert!(screen.contains("! late notice"));
    assert!(screen.contains("not accepted"), "item 1's response");
    assert!(
        screen.contains("? unknown"),
        "item 3's code is in no catalog"
    );
    assert!(screen.contains(" item 2 · SO2101 "), "the picked item");
    assert!(screen.contains(text::NO_RESPONSE_YET.get()));
    assert!(screen.contains("línea 1 de la glosa"), "the notice's text");
    assert_eq!(style_of(&app, "due 2026").0, Color::Red, "urgent");
}

#[test]
fn the_answer_form_says_what_goes_where() {
    let mut app = glosa_console();
    assert_eq!(press(&mut app, KeyCode::Char('a')), []);
    type_text(&mut app, "n | RE9901 | Se adjunta la epicrisis");
    let screen = assert_screen("glosa_answer_form_80x24", &app);
    assert!(screen.contains(&text::prompt_answer(2, "SO2101")));
    for hint in text::ANSWER_HINT {
        assert!(screen.contains(hint.get()), "{hint}");
    }
}

#[test]
fn the_dashboard_counts_open_glosas_those_due_this_week_and_the_overdue() {
    let app = console(admin());
    let screen = render_text(&app, COLOUR);
    assert!(
        screen.contains("6 open · 2 due this week · 1 overdue"),
        "{screen}"
    );
    assert_eq!(style_of(&app, "1 overdue"), (Color::Red, Modifier::BOLD));
    assert_eq!(style_of(&app, "2 due this week").0, Color::Yellow);
}

// ---------------------------------------------------------------------------------------------
// The list's keys

#[test]
fn s_shows_one_state_after_another_and_drops_a_late_answer() {
    let mut app = glosas_console();
    assert_eq!(
        press(&mut app, KeyCode::Char('s')),
        list_reload(Some(GlosaState::Received))
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('s')),
        list_reload(Some(GlosaState::InReview))
    );
    app.update(reply(Reply::Glosas {
        state: Some(GlosaState::Received),
        glosas: glosas(),
    }));
    assert!(
        app.views.glosas.list.rows.is_empty(),
        "the received ones came after s picked in_review"
    );
    let in_review: Vec<GlosaSummary> = glosas()
        .into_iter()
        .filter(|glosa| glosa.state == GlosaState::InReview)
        .collect();
    app.update(reply(Reply::Glosas {
        state: Some(GlosaState::InReview),
        glosas: in_review,
    }));
    assert!(render_text(&app, COLOUR).contains(" glosas (2) · /in_review "));
    for state in [GlosaState::Answered, GlosaState::Closed] {
        assert_eq!(
            press(&mut app, KeyCode::Char('s')),
            list_reload(Some(state))
        );
    }
    assert_eq!(
        press(&mut app, KeyCode::Char('s')),
        list_reload(None),
        "after the last state, all of them again"
    );
    assert_eq!(press(&mut app, KeyCode::Char('r')), list_reload(None));
}

#[test]
fn the_filter_takes_a_state_or_its_start_and_refuses_the_rest() {
    let mut app = glosas_console();
    press(&mut app, KeyCode::Char('/'));
    assert!(render_text(&app, COLOUR).contains(text::GLOSA_FILTER_HINT.get()));
    type_text(&mut app, "review");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        list_reload(Some(GlosaState::InReview))
    );
    press(&mut app, KeyCode::Char('/'));
    for _ in 0.."review".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "re");
    assert_eq!(press(&mut app, KeyCode::Enter), [], "received or review");
    assert!(status_error(&app).contains("not a glosa state"));
    assert_eq!(
        app.views.glosas.list.filter,
        Some(GlosaState::InReview),
        "the old filter stays"
    );
    press(&mut app, KeyCode::Char('/'));
    for _ in 0.."review".len() {
        press(&mut app, KeyCode::Backspace);
    }
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        list_reload(None),
        "empty: all"
    );
}

#[test]
fn enter_opens_the_selected_glosa_and_esc_comes_back() {
    let mut app = glosa_console();
    assert_eq!(press(&mut app, KeyCode::Esc), list_reload(None));
    assert_eq!(app.view, View::Glosas);
    assert_eq!(app.views.glosas.list.selected, 2, "still on glosa 7");
}

// ---------------------------------------------------------------------------------------------
// The glosa's keys

#[test]
fn a_answers_the_picked_item_with_a_one_line_form() {
    let mut app = glosa_console();
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(
        app.mode,
        Mode::Prompt {
            form: Form::GlosaAnswer { id: OPEN, index: 2 },
            label: text::prompt_answer(2, "SO2101"),
            input: String::new().into(),
        }
    );
    type_text(&mut app, "n | RE9901");
    assert_eq!(press(&mut app, KeyCode::Enter), [], "no justification");
    assert_eq!(status_error(&app), text::NEED_ANSWER_FORM);
    assert!(
        matches!(&app.mode, Mode::Prompt { input, .. } if input.is_empty()),
        "the form stays open, empty for the next try"
    );
    // Up brings the refused text back to fix it.
    press(&mut app, KeyCode::Up);
    type_text(&mut app, " | Se adjunta la epicrisis | 10");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    assert_eq!(status_error(&app), text::VALUE_ONLY_FOR_PARTIAL);
    press(&mut app, KeyCode::Up);
    for _ in 0.." | 10".len() {
        press(&mut app, KeyCode::Backspace);
    }
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::AnswerGlosa {
            id: OPEN,
            index: 2,
            response: Some(ItemResponse {
                decision: Decision::NotAccepted,
                code: "RE9901".into(),
                justification: "Se adjunta la epicrisis".into(),
            }),
        }]
    );
    assert_eq!(app.mode, Mode::Normal);
    let done = text::glosa_answered(
        OPEN,
        2,
        &ItemResponse {
            justification: String::new(),
            ..not_accepted()
        },
    );
    assert_eq!(
        app.update(reply(Reply::Done(done.clone()))),
        [Effect::LoadGlosa(OPEN)],
        "the glosa reloads"
    );
    assert_eq!(app.status, Some((done, false)));

    // An answered item's form starts with its response; partial takes a value.
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('a'));
    let Mode::Prompt { input, .. } = &app.mode else {
        panic!("a opens the form");
    };
    assert_eq!(
        input.text(),
        "not-accepted | RE9901 | La tarifa es la del contrato 2026-114, anexo 2"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('a'));
    for _ in 0..80 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "partial | re9801 | tarifa del anexo 2 | 15000");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::AnswerGlosa {
            id: OPEN,
            index: 1,
            response: Some(ItemResponse {
                decision: Decision::PartiallyAccepted {
                    value: "15000".into()
                },
                code: "RE9801".into(),
                justification: "tarifa del anexo 2".into(),
            }),
        }]
    );
}

#[test]
fn x_clears_a_response_after_asking_and_refuses_an_item_without_one() {
    let mut app = glosa_console();
    assert_eq!(press(&mut app, KeyCode::Char('x')), []);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(status_error(&app), text::no_response_to_clear(2));
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('x'));
    let Mode::Confirm { question, .. } = &app.mode else {
        panic!("x asks first");
    };
    assert_eq!(*question, text::confirm_clear_answer(OPEN, 1, "TA0201"));
    assert_eq!(press(&mut app, KeyCode::Char('n')), [], "n clears nothing");
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        [Effect::AnswerGlosa {
            id: OPEN,
            index: 1,
            response: None
        }]
    );
}

#[test]
fn the_state_keys_move_the_glosa_and_refuse_what_cannot_be() {
    let mut app = glosa_console();
    assert_eq!(press(&mut app, KeyCode::Char('A')), []);
    assert_eq!(status_error(&app), text::glosa_items_unanswered(2));
    assert_eq!(press(&mut app, KeyCode::Char('v')), []);
    assert_eq!(
        status_error(&app),
        text::glosa_already(OPEN, GlosaState::InReview)
    );
    assert_eq!(press(&mut app, KeyCode::Char('o')), []);
    assert_eq!(status_error(&app), text::NOTHING_TO_REOPEN);
    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        [Effect::SetGlosaState {
            id: OPEN,
            state: GlosaState::Closed
        }],
        "the daemon says whether it may close"
    );
    // The daemon's refusal is on the status line; nothing else changes.
    let refused = RpcError::invalid("glosa 7 is in_review: answer it before closing");
    assert_eq!(app.update(reply(Reply::Failed(refused))), []);
    assert_eq!(
        status_error(&app),
        "glosa 7 is in_review: answer it before closing"
    );
    assert_eq!(app.view, View::Glosa);

    let mut app = answered_console(GlosaState::InReview);
    assert_eq!(
        press(&mut app, KeyCode::Char('A')),
        [Effect::SetGlosaState {
            id: OPEN,
            state: GlosaState::Answered
        }]
    );
    let mut app = answered_console(GlosaState::Answered);
    for key in ['a', 'x'] {
        assert_eq!(press(&mut app, KeyCode::Char(key)), []);
        assert_eq!(app.mode, Mode::Normal);
        assert_eq!(
            status_error(&app),
            text::glosa_answer_locked(GlosaState::Answered)
        );
    }
    assert_eq!(press(&mut app, KeyCode::Char('A')), []);
    assert_eq!(
        status_error(&app),
        text::glosa_already(OPEN, GlosaState::Answered)
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('o')),
        [Effect::SetGlosaState {
            id: OPEN,
            state: GlosaState::InReview
        }]
    );
    let mut app = answered_console(GlosaState::Closed);
    assert_eq!(
        press(&mut app, KeyCode::Char('o')),
        [Effect::SetGlosaState {
            id: OPEN,
            state: GlosaState::InReview
        }]
    );
    let mut app = answered_console(GlosaState::Received);
    assert_eq!(
        press(&mut app, KeyCode::Char('v')),
        [Effect::SetGlosaState {
            id: OPEN,
            state: GlosaState::InReview
        }]
    );
}

#[test]
fn e_saves_the_answer_to_a_file_named_as_xlsx_or_csv() {
    let mut app = glosa_console();
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(
        app.mode,
        Mode::Prompt {
            form: Form::ExportGlosa(OPEN),
            label: text::prompt_export_glosa(OPEN),
            input: "~/glosa-7.xlsx".into(),
        }
    );
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::ExportGlosa {
            id: OPEN,
            format: ExportFormat::Xlsx,
            path: "~/glosa-7.xlsx".into(),
        }]
    );
    press(&mut app, KeyCode::Char('e'));
    for _ in 0.."xlsx".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "pdf");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    assert_eq!(status_error(&app), text::NEED_EXPORT_PATH);
    press(&mut app, KeyCode::Up);
    for _ in 0.."pdf".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "csv");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::ExportGlosa {
            id: OPEN,
            format: ExportFormat::Csv,
            path: "~/glosa-7.csv".into(),
        }]
    );
}

#[test]
fn i_opens_the_first_linked_invoice_and_esc_comes_back() {
    let mut app = glosa_console();
    assert_eq!(
        press(&mut app, KeyCode::Char('i')),
        [Effect::LoadInvoice(InvoiceId(107))]
    );
    assert_eq!(app.view, View::Invoice);
    assert_eq!(press(&mut app, KeyCode::Esc), [Effect::LoadGlosa(OPEN)]);
    assert_eq!(app.view, View::Glosa);
    let mut unlinked = detail();
    unlinked.linked_invoices.clear();
    app.update(reply(Reply::Glosa(Box::new(unlinked))));
    assert_eq!(press(&mut app, KeyCode::Char('i')), []);
    assert_eq!(app.view, View::Glosa);
    assert_eq!(status_error(&app), text::NO_LINKED_INVOICE);
}

#[test]
fn the_glosa_scrolls_its_notice_and_moves_between_items() {
    let mut app = glosa_console();
    press(&mut app, KeyCode::PageDown);
    let screen = render_text(&app, COLOUR);
    assert!(!screen.contains("línea 1 de la glosa"), "{screen}");
    assert!(screen.contains("línea 11 de la glosa"), "{screen}");
    press(&mut app, KeyCode::PageUp);
    assert!(render_text(&app, COLOUR).contains("línea 1 de la glosa"));
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.views.glosa.item, 2);
    assert!(render_text(&app, COLOUR).contains("unknown code: XX-77"));
    press(&mut app, KeyCode::Down);
    assert_eq!(app.views.glosa.item, 2, "no item after the last");
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.views.glosa.item, 0);
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        [Effect::LoadGlosa(OPEN)]
    );
    // Its keys are in its footer and do what the footer says.
    for binding in keymap::view_keys(View::Glosa) {
        let key = KeyEvent::new(binding.code, KeyModifiers::NONE);
        assert_eq!(keymap::action_for(View::Glosa, key), Some(binding.action));
    }
    let labels: Vec<&str> = keymap::footer(View::Glosa)
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    for key in ["a", "x", "A", "e", "i", "Esc"] {
        assert!(labels.contains(&key), "{key} in {labels:?}");
    }
    let help: Vec<&str> = keymap::help(View::Glosa)
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    for key in ["v", "c", "o", "PgDn"] {
        assert!(help.contains(&key), "{key} in {help:?}");
    }
    press(&mut app, KeyCode::Char('?'));
    let screen = render_text(&app, COLOUR);
    for line in [
        "a  answer",
        "v  mark in review",
        "o  reopen",
        "i  invoice",
        "G  last row",
    ] {
        assert!(screen.contains(line), "{line} in\n{screen}");
    }
}

#[test]
fn another_tenant_leaves_the_glosa_and_forgets_the_list() {
    let mut app = glosa_console();
    press(&mut app, KeyCode::Char('t'));
    app.update(reply(Reply::Tenants(vec![super::tests::clinica_sur(1)])));
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Dashboard);
    assert_eq!(effects.last(), Some(&Effect::LoadDashboard));
    assert!(app.views.glosa.glosa.is_none());
    assert!(app.views.glosas.list.rows.is_empty());
}

#[test]
fn an_agent_answers_glosas_too() {
    let mut app = console(agent());
    type_text(&mut app, ":glosas");
    assert_eq!(press(&mut app, KeyCode::Enter), list_reload(None));
    app.update(reply(Reply::Glosas {
        state: None,
        glosas: glosas(),
    }));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Glosa(Box::new(detail()))));
    press(&mut app, KeyCode::Char('a'));
    assert!(matches!(app.mode, Mode::Prompt { .. }));
}
