//! The `/` filters: plain words and `key:value` in jobs, invoices and the simple lists, each
//! view's own hint, "no matches" with the way out, Esc clearing the filter first, and status
//! messages that stay with the view that made them.

use centralita_protocol::{AuditPage, JobFilter, JobPage, JobState};
use crossterm::event::KeyCode;

use super::effect::Effect;
use super::event::Reply;
use super::tests::{
    COLOUR, admin, assert_screen, audit_entries, console, jobs_console, jobs_reload, mixed_jobs,
    press, render_text, reply, type_text,
};
use super::views::View;
use crate::text;

#[test]
fn a_plain_word_filters_jobs_on_their_whole_row_and_an_empty_result_says_how_to_clear_it() {
    let mut app = jobs_console(admin());
    type_text(&mut app, "/dead");
    let words = JobFilter {
        text: Some("dead".into()),
        ..JobFilter::default()
    };
    assert_eq!(press(&mut app, KeyCode::Enter), jobs_reload(words));
    let dead: Vec<_> = mixed_jobs(130, 30)
        .into_iter()
        .filter(|job| job.state == JobState::Dead)
        .collect();
    app.update(reply(Reply::Jobs {
        page: JobPage {
            jobs: dead,
            next: None,
        },
        append: false,
    }));
    assert!(render_text(&app, COLOUR).contains(" jobs (6) · /dead "));
    type_text(&mut app, "/");
    press(&mut app, KeyCode::End);
    type_text(&mut app, " nothing-like-this");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Jobs {
        page: JobPage {
            jobs: Vec::new(),
            next: None,
        },
        append: false,
    }));
    let screen = assert_screen("jobs_no_matches_80x24", &app);
    assert!(
        screen.contains("no matches for “dead nothing-like-this” — Esc clears the filter"),
        "{screen}"
    );
    // Esc clears the filter first and stays; the next Esc goes back.
    assert_eq!(
        press(&mut app, KeyCode::Esc),
        jobs_reload(JobFilter::default())
    );
    assert_eq!(app.view, View::Jobs);
    assert_eq!(app.views.jobs.list.filter_text, "");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Dashboard);
}

#[test]
fn key_value_terms_still_pick_the_jobs_fields() {
    let filter = super::views::jobs::parse_filter("state:dead queue:mail error:Timeout gmail")
        .expect("a filter");
    assert_eq!(
        filter,
        JobFilter {
            state: Some(JobState::Dead),
            queue: Some("mail".into()),
            kind: None,
            error_text: Some("Timeout".into()),
            text: Some("gmail".into()),
        }
    );
}

#[test]
fn each_view_hints_its_own_filter_keys() {
    let mut app = jobs_console(admin());
    type_text(&mut app, "/");
    assert!(render_text(&app, COLOUR).contains(text::JOBS_FILTER_HINT.get()));
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, ":invoices");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "/");
    let screen = render_text(&app, COLOUR);
    assert!(screen.contains("state:waiting"), "{screen}");
    assert!(!screen.contains("queue:"), "not the jobs hint: {screen}");
}

#[test]
fn a_simple_list_filters_its_rows_by_words_and_field_values() {
    let mut app = console(admin());
    type_text(&mut app, ":audit");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Audit(AuditPage {
        entries: audit_entries(),
        next: None,
    })));
    let all = app.views.audit.list.rows.len();
    assert!(all > 1);
    type_text(&mut app, "/DORA");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadAudit]);
    assert_eq!(app.views.audit.list.rows.len(), 1, "only dora's row");
    assert!(render_text(&app, COLOUR).contains("· /DORA "));
    // A reload keeps the filter.
    app.update(reply(Reply::Audit(AuditPage {
        entries: audit_entries(),
        next: None,
    })));
    assert_eq!(app.views.audit.list.rows.len(), 1);
    type_text(&mut app, "/");
    ctrl_u(&mut app);
    type_text(&mut app, "zzz");
    press(&mut app, KeyCode::Enter);
    assert!(render_text(&app, COLOUR).contains(&text::no_matches("zzz")));
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.views.audit.list.rows.len(),
        all,
        "Esc brings every row back"
    );
    assert_eq!(app.view, View::Audit);
}

#[test]
fn a_status_message_stays_with_the_view_that_made_it() {
    let mut app = jobs_console(admin());
    type_text(&mut app, "/state:nope");
    press(&mut app, KeyCode::Enter);
    assert!(app.status.as_ref().is_some_and(|(_, error)| *error));
    type_text(&mut app, ":audit");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.status, None, "gone with the view that said it");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Jobs);
    assert_eq!(app.status, None, "and not back when the view is");
}

fn ctrl_u(app: &mut super::app::App) {
    app.update(super::event::Event::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
}
