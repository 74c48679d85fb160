//! The prompts' keys: the `:` line, the `/` filter and the one-line forms all edit with the
//! same readline keys ([`super::line`]), keep a history per kind, and start empty again after
//! an error.

use centralita_protocol::{JobFilter, Role};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::App;
use super::effect::Effect;
use super::event::{Event, Reply};
use super::line::LineEditor;
use super::mode::Mode;
use super::tests::{
    COLOUR, admin, console, dead_filter, jobs_console, jobs_reload, operators, press, render_text,
    reply, type_text,
};
use super::views::View;
use crate::text;

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    app.update(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

#[test]
fn the_command_line_edits_with_readline_keys_and_ctrl_u_never_types_u() {
    let mut app = console(admin());
    type_text(&mut app, ":audti");
    assert_eq!(ctrl(&mut app, 'u'), []);
    assert_eq!(
        app.mode,
        Mode::Command(LineEditor::default()),
        "Ctrl-U clears"
    );
    type_text(&mut app, "xx jbos");
    ctrl(&mut app, 'w');
    assert_eq!(app.mode, Mode::Command("xx ".into()));
    ctrl(&mut app, 'a');
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Delete);
    type_text(&mut app, "jo");
    press(&mut app, KeyCode::End);
    type_text(&mut app, "bs");
    assert_eq!(app.mode, Mode::Command("jobs".into()));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        jobs_reload(JobFilter::default())
    );
    // The history of `:` brings `jobs` back.
    type_text(&mut app, ":");
    press(&mut app, KeyCode::Up);
    assert_eq!(app.mode, Mode::Command("jobs".into()));
}

#[test]
fn a_unique_start_of_a_view_name_goes_there_and_an_ambiguous_one_says_which() {
    let mut app = console(admin());
    type_text(&mut app, ":inv");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadInvoices {
            filter: centralita_protocol::InvoiceFilter::default(),
            before: None
        }]
    );
    assert_eq!(app.view, View::Invoices);
    type_text(&mut app, ":in");
    let screen = render_text(&app, COLOUR);
    assert!(screen.contains("inbox"), "{screen}");
    assert!(screen.contains("invoices"), "{screen}");
    assert!(
        !screen.contains(" jobs "),
        "only the matching views: {screen}"
    );
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    assert_eq!(app.view, View::Invoices);
    assert_eq!(
        app.status,
        Some(("“in” could be inbox, invoices: type more".into(), true))
    );
    // Tab completes as far as the names agree: `mail` and `mailboxes` share `mail`.
    type_text(&mut app, ":ma");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.mode, Mode::Command("mail".into()));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Mail, "a whole name wins over a longer one");
}

#[test]
fn an_empty_command_line_lists_every_view_with_a_line_about_it() {
    let mut app = console(admin());
    type_text(&mut app, ":");
    let screen = render_text(&app, COLOUR);
    for (name, _) in View::NAMED.iter().take(10) {
        assert!(screen.contains(name), "{name} is listed:\n{screen}");
    }
    assert!(screen.contains(text::view_summary("jobs")), "{screen}");
}

#[test]
fn the_filter_line_edits_in_the_middle_and_keeps_a_history() {
    let mut app = jobs_console(admin());
    type_text(&mut app, "/state:dea");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Right);
    type_text(&mut app, "d");
    assert_eq!(press(&mut app, KeyCode::Enter), jobs_reload(dead_filter()));
    type_text(&mut app, "/");
    assert_eq!(
        app.mode,
        Mode::Filter("state:dead".into()),
        "the filter in force"
    );
    ctrl(&mut app, 'u');
    type_text(&mut app, "state:nope");
    assert_eq!(press(&mut app, KeyCode::Enter), [], "not a state");
    type_text(&mut app, "/");
    press(&mut app, KeyCode::Up);
    assert_eq!(
        app.mode,
        Mode::Filter("state:nope".into()),
        "the refused text"
    );
    press(&mut app, KeyCode::Up);
    assert_eq!(app.mode, Mode::Filter("state:dead".into()));
}

#[test]
fn a_form_refusing_its_text_starts_empty_and_up_brings_the_text_back() {
    let mut app = console(admin());
    type_text(&mut app, ":operators");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Operators(operators())));
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "dora bos");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    assert!(app.status.as_ref().is_some_and(|(_, error)| *error));
    let Mode::Prompt { input, .. } = &app.mode else {
        panic!("the form stays open");
    };
    assert!(input.is_empty(), "retyping does not append to the old text");
    type_text(&mut app, "dora admin");
    ctrl(&mut app, 'w');
    type_text(&mut app, "ágent");
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "agent");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::AddOperator {
            user: "dora".into(),
            role: Role::Agent,
        }]
    );
}
