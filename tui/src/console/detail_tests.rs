//! Detail panes at 80×24: a job's whole error and an audit entry's every field wrap, and
//! scroll with ↑↓, PgUp PgDn, Home End when they are longer than the screen.

use centralita_protocol::{AuditPage, JobId};
use crossterm::event::KeyCode;

use super::effect::Effect;
use super::event::Reply;
use super::tests::{
    admin, assert_screen, audit_entries, console, job_detail, jobs_console, press, reply, type_text,
};
use super::views::View;

/// An error longer than a screen: 40 numbered sentences.
fn long_error() -> String {
    (1..=40)
        .map(|n| format!("line {n:02} of the provider's answer: rate limited, try later."))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_long_job_error_wraps_whole_and_scrolls() {
    let mut app = jobs_console(admin());
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadJob(JobId(130))]
    );
    let mut detail = job_detail();
    detail.job.last_error = Some(long_error());
    app.update(reply(Reply::Job(Box::new(detail))));
    let top = assert_screen("job_long_error_80x24", &app);
    assert!(top.contains("line 01"), "{top}");
    assert!(!top.contains("line 40"), "the end is below: {top}");
    press(&mut app, KeyCode::End);
    let end = assert_screen("job_long_error_end_80x24", &app);
    assert!(end.contains("line 40"), "{end}");
    assert!(end.contains("payload"), "{end}");
    press(&mut app, KeyCode::PageUp);
    press(&mut app, KeyCode::Home);
    assert_eq!(super::tests::render_text(&app, super::tests::COLOUR), top);
    press(&mut app, KeyCode::PageDown);
    let paged = super::tests::render_text(&app, super::tests::COLOUR);
    assert!(paged != top && paged.contains("line "), "{paged}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Jobs);
}

#[test]
fn enter_on_an_audit_row_shows_every_field_wrapped() {
    let mut app = console(admin());
    type_text(&mut app, ":audit");
    press(&mut app, KeyCode::Enter);
    let mut entries = audit_entries();
    entries[1].detail = format!("admin only: {}", long_error());
    entries[1].target = "operator dora-with-a-very-long-user-name-that-the-table-cuts".into();
    app.update(reply(Reply::Audit(AuditPage {
        entries,
        next: None,
    })));
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    assert_eq!(app.view, View::AuditEntry);
    let screen = assert_screen("audit_entry_80x24", &app);
    assert!(screen.contains("operator dora-with-a-very-long-user-name-that-the-table-cuts"));
    assert!(screen.contains("denied"));
    press(&mut app, KeyCode::End);
    let end = super::tests::render_text(&app, super::tests::COLOUR);
    assert!(end.contains("line 40"), "{end}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Audit);
}
