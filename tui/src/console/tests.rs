//! Console tests: whole-app flows fed with events, and snapshots of every view at 80×24.
//!
//! The app is driven exactly as the event loop drives it: `start()`, then `update(Event)` with
//! keys, replies, change-feed pings, connection changes and ticks, asserting the effects returned
//! after each step. Time is fixed ([`now`]), so relative times ("3m ago") are stable. Snapshots
//! only hold symbols; colours and `NO_COLOR` are checked on the buffer's styles.

use std::collections::BTreeMap;

use centralita_protocol::{
    AuditEntry, AuditOutcome, AuditPage, ConversationStats, Dashboard, GlosaCounts,
    IntegrationStatus, InvoiceCounts, JobAttempt, JobDetail, JobFilter, JobId, JobPage, JobState,
    JobSummary, Operator, OperatorIdentity, QueueInfo, ResponseTimes, Role, RpcError, StateCounts,
    Tenant, TenantId,
};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::app::App;
use super::effect::Effect;
use super::event::{Event, Reply};
use super::keymap;
use super::mode::Mode;
use super::theme::Theme;
use super::views;
use super::views::View;
use crate::text;

pub(super) const COLOUR: Theme = Theme { no_color: false };
const PLAIN: Theme = Theme { no_color: true };

/// Rows in the 30-job fixture, and the one the jobs snapshots select (a dead job).
const JOBS: usize = 30;
pub(super) const MIDDLE: usize = 15;

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn dashboard_shows_queues_failures_integrations_and_the_sandbox_banner() {
    let mut app = App::new(acme(), admin(), now());
    assert_eq!(app.start(), vec![Effect::LoadDashboard]);
    assert_eq!(
        app.update(reply(Reply::Dashboard(Box::new(dashboard(true))))),
        []
    );
    let screen = assert_screen("dashboard_80x24", &app);
    assert!(screen.contains(text::SANDBOX_BANNER.get()));
    assert!(screen.contains("mail (paused)"));
    assert!(
        screen.contains("7 open · 2 unanswered (oldest 12m ago)"),
        "{screen}"
    );
    assert!(
        screen.contains("1st reply avg 5 min 12 s (35 s–2 h 3 min)"),
        "{screen}"
    );
    assert!(screen.contains("María Quispe"), "{screen}");
    let terminal = render(&app, COLOUR);
    let banner = row_of(terminal.backend().buffer(), "SANDBOX");
    assert_eq!(cell_bg(terminal.backend().buffer(), 1, banner), Color::Red);
}

#[test]
fn jobs_list_shows_mixed_states_with_the_middle_row_selected() {
    let mut app = jobs_console(admin());
    select(&mut app, MIDDLE);
    let screen = assert_screen("jobs_80x24", &app);
    assert!(screen.contains(" jobs (30) "));
    assert!(screen.contains("mail⏸"), "the paused queue is marked");
}

#[test]
fn jobs_list_filtered_on_dead_jobs_names_the_filter_in_its_title() {
    let mut app = jobs_console(admin());
    let effects = type_text(&mut app, "/state:dead");
    assert_eq!(effects, []);
    assert_eq!(app.mode, Mode::Filter("state:dead".into()));
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(effects, jobs_reload(dead_filter()));
    let dead: Vec<JobSummary> = mixed_jobs(130, JOBS)
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
    let screen = assert_screen("jobs_filtered_dead_80x24", &app);
    assert!(screen.contains(" jobs (6) · /state:dead "));
}

#[test]
fn job_detail_shows_fields_payload_and_attempts_newest_first() {
    let mut app = jobs_console(admin());
    select(&mut app, MIDDLE);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadJob(JobId(115))]
    );
    assert_eq!(app.view, View::Job);
    assert!(render_text(&app, COLOUR).contains(text::LOADING.get()));
    app.update(reply(Reply::Job(Box::new(job_detail()))));
    let screen = assert_screen("job_detail_80x24", &app);
    assert!(screen.contains("appointment_reminder"));
    let newest = screen.find("#3").expect("attempt 3 is shown");
    let oldest = screen.find("#1").expect("attempt 1 is shown");
    assert!(newest < oldest, "attempts are listed newest first");
}

#[test]
fn a_job_a_schedule_made_is_marked_in_the_list_and_names_it_in_its_detail() {
    let mut app = console(admin());
    type_text(&mut app, ":jobs");
    press(&mut app, KeyCode::Enter);
    let mut jobs = mixed_jobs(130, 3);
    jobs[1].schedule = Some("mail-sync".into());
    app.update(reply(Reply::Jobs {
        page: JobPage { jobs, next: None },
        append: false,
    }));
    let list = render_text(&app, COLOUR);
    assert!(list.contains("│129 "), "{list}");
    assert!(list.contains("↻gmail.sync"), "{list}");
    assert_eq!(list.matches('↻').count(), 1, "only job 129 is marked");
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadJob(JobId(129))]
    );
    let mut job = mixed_jobs(130, 3).swap_remove(1);
    job.schedule = Some("mail-sync".into());
    let detail = JobDetail {
        job,
        payload: serde_json::json!({ "connection": 1 }),
        attempts: Vec::new(),
        lease_until: None,
    };
    app.update(reply(Reply::Job(Box::new(detail))));
    let screen = assert_screen("job_detail_scheduled_80x24", &app);
    assert!(screen.contains("schedule ↻ mail-sync"), "{screen}");
}

#[test]
fn audit_lists_ok_denied_and_failed_calls() {
    let mut app = console(admin());
    assert_eq!(type_text(&mut app, ":audit"), []);
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadAudit]);
    app.update(reply(Reply::Audit(AuditPage {
        entries: audit_entries(),
        next: None,
    })));
    let screen = assert_screen("audit_80x24", &app);
    for (target, outcome) in [
        ("job 115", " ok "),
        ("operator dora", " denied "),
        ("queue sms", " failed "),
    ] {
        assert!(
            screen
                .lines()
                .any(|line| line.contains(target) && line.contains(outcome)),
            "{target} is{outcome}:\n{screen}"
        );
    }
}

#[test]
fn tenants_view_lists_tenants_for_an_admin() {
    let mut app = console(admin());
    type_text(&mut app, ":tenants");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadTenants]);
    app.update(reply(Reply::Tenants(tenants())));
    let screen = assert_screen("tenants_80x24", &app);
    assert!(screen.contains("Clínica Sur"));
}

#[test]
fn z_in_tenants_sets_the_current_tenants_zone_and_refuses_a_name_that_is_not_one() {
    let mut app = console(admin());
    type_text(&mut app, ":tenants");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Tenants(tenants())));
    press(&mut app, KeyCode::Char('z'));
    assert!(
        matches!(&app.mode, Mode::Prompt { input, .. } if input.text() == "America/Lima"),
        "the prompt starts from the zone in force: {:?}",
        app.mode
    );
    for _ in 0.."America/Lima".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "Lima");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    let (message, error) = app.status.clone().expect("an error");
    assert!(error && message.contains("IANA"), "{message}");
    type_text(&mut app, "America/Mexico_City");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SetTenantZone("America/Mexico_City".into())]
    );
    // The reload after the daemon's answer brings the new zone, and times follow it.
    assert_eq!(
        app.update(reply(Reply::Done(text::zone_set(
            "acme",
            "America/Mexico_City"
        )))),
        [Effect::LoadTenants]
    );
    app.update(reply(Reply::Tenants(vec![acme_tenant(
        "America/Mexico_City",
    )])));
    assert_eq!(app.zone.iana_name(), Some("America/Mexico_City"));
}

#[test]
fn z_and_dollar_in_tenants_are_for_admins() {
    let mut app = console(agent());
    type_text(&mut app, ":tenants");
    press(&mut app, KeyCode::Enter);
    assert_eq!(press(&mut app, KeyCode::Char('z')), []);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(press(&mut app, KeyCode::Char('$')), []);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn operators_view_lists_operators_for_an_admin() {
    let mut app = console(admin());
    type_text(&mut app, ":operators");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadOperators]);
    app.update(reply(Reply::Operators(operators())));
    let screen = assert_screen("operators_80x24", &app);
    assert!(screen.contains(" operators of acme (3) "));
}

#[test]
fn a_supervisor_reads_the_team_but_cannot_add_to_it() {
    let carla = OperatorIdentity {
        user: "carla".into(),
        superuser: false,
        roles: BTreeMap::from([(acme(), Role::Supervisor)]),
    };
    let mut app = console(carla);
    type_text(&mut app, ":operators");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadOperators]);
    app.update(reply(Reply::Operators(operators())));
    assert!(render_text(&app, COLOUR).contains(" operators of acme (3) "));
    assert_eq!(press(&mut app, KeyCode::Char('a')), []);
    assert_eq!(app.mode, Mode::Normal, "adding stays with admins");
}

#[test]
fn operators_view_tells_an_agent_it_is_for_supervisors_and_admins() {
    let mut app = console(agent());
    type_text(&mut app, ":operators");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [],
        "nothing to load for an agent"
    );
    assert_eq!(app.view, View::Operators);
    let screen = assert_screen("operators_agent_80x24", &app);
    assert!(screen.contains(text::SUPERVISORS_ONLY.get()));
    assert!(screen.contains("beto (agent)"));
}

#[test]
fn help_overlay_lists_the_jobs_keys_and_any_key_closes_it() {
    let mut app = jobs_console(admin());
    select(&mut app, MIDDLE);
    assert_eq!(press(&mut app, KeyCode::Char('?')), []);
    assert_eq!(app.mode, Mode::Help);
    let screen = assert_screen("help_jobs_80x24", &app);
    assert!(screen.contains("keys: jobs"));
    assert!(screen.contains("retry all"));
    // The closing key is swallowed: `r` here must not retry the selected job.
    assert_eq!(press(&mut app, KeyCode::Char('r')), []);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn command_line_shows_what_tab_would_complete() {
    let mut app = console(admin());
    assert_eq!(type_text(&mut app, ":jo"), []);
    assert_eq!(app.mode, Mode::Command("jo".into()));
    let screen = assert_screen("command_line_jo_80x24", &app);
    assert!(screen.contains(":jo▏   (Tab: jobs)"));
    assert_eq!(press(&mut app, KeyCode::Tab), []);
    assert_eq!(app.mode, Mode::Command("jobs".into()));
    assert!(
        !render_text(&app, COLOUR).contains("(Tab:"),
        "no hint once the name is complete"
    );
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        jobs_reload(JobFilter::default())
    );
}

#[test]
fn retry_all_asks_for_confirmation_in_a_modal() {
    let mut app = jobs_console(admin());
    select(&mut app, MIDDLE);
    assert_eq!(press(&mut app, KeyCode::Char('R')), []);
    let screen = assert_screen("confirm_retry_all_80x24", &app);
    assert!(screen.contains("Retry all failed and dead jobs?"));
    assert!(screen.contains(text::CONFIRM_HINT.get()));
}

#[test]
fn tenant_picker_lists_tenants_and_moves_its_selection() {
    let mut app = console(admin());
    assert_eq!(press(&mut app, KeyCode::Char('t')), [Effect::LoadTenants]);
    assert!(render_text(&app, COLOUR).contains(text::LOADING.get()));
    app.update(reply(Reply::Tenants(tenants())));
    assert_eq!(press(&mut app, KeyCode::Char('j')), []);
    assert_eq!(app.mode, Mode::TenantPicker { selected: 1 });
    let screen = assert_screen("tenant_picker_80x24", &app);
    assert!(screen.contains("switch tenant"));
    let terminal = render(&app, COLOUR);
    let buffer = terminal.backend().buffer();
    let (row, column) = (0..buffer.area.height)
        .find_map(|y| {
            let line = row_symbols(buffer, y).concat();
            line.contains(" clinica-sur — Clínica Sur")
                .then(|| (y, column_of(buffer, y, "clinica-sur")))
        })
        .expect("clinica-sur is listed");
    assert_eq!(cell_bg(buffer, column, row), Color::Yellow, "and selected");
    let acme_row = row - 1;
    assert_eq!(cell_bg(buffer, column, acme_row), Color::Reset);
}

#[test]
fn a_broken_connection_turns_the_header_into_a_banner() {
    let mut app = console(admin());
    assert_eq!(app.update(Event::Connection(false)), []);
    let screen = assert_screen("disconnected_80x24", &app);
    assert!(screen.contains(text::DISCONNECTED.get()));
    let terminal = render(&app, COLOUR);
    assert_eq!(cell_bg(terminal.backend().buffer(), 0, 0), Color::Red);
}

// ---------------------------------------------------------------------------------------------
// A big list

#[test]
fn a_hundred_thousand_jobs_render_and_g_shows_the_last_rows() {
    let mut app = console(admin());
    type_text(&mut app, ":jobs");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Jobs {
        page: JobPage {
            jobs: mixed_jobs(300_000, 100_000),
            next: None,
        },
        append: false,
    }));
    let first = render_text(&app, COLOUR);
    assert!(first.contains(" jobs (100000) "));
    assert!(first.contains("│300000"));
    assert!(!first.contains("│200001"));

    assert_eq!(press(&mut app, KeyCode::Char('G')), [], "no more pages");
    assert_eq!(app.views.jobs.list.selected, 99_999);
    let terminal = render(&app, COLOUR);
    let buffer = terminal.backend().buffer();
    let last = screen_text(buffer);
    assert!(
        last.contains("│200001"),
        "the last job is on screen:\n{last}"
    );
    assert!(last.contains("│200002"));
    assert!(!last.contains("│300000"));
    let row = row_of(buffer, "200001");
    assert_eq!(cell_bg(buffer, 1, row), Color::Yellow, "and selected");
    assert_eq!(press(&mut app, KeyCode::Char('g')), []);
    assert!(render_text(&app, COLOUR).contains("│300000"));
}

// ---------------------------------------------------------------------------------------------
// Colours

#[test]
fn colour_theme_highlights_the_selected_row_and_paints_dead_jobs_red() {
    let mut app = jobs_console(admin());
    select(&mut app, MIDDLE);
    let terminal = render(&app, COLOUR);
    let buffer = terminal.backend().buffer();

    let selected = row_of(buffer, "115");
    for x in 1..buffer.area.width - 1 {
        assert_eq!(
            cell_bg(buffer, x, selected),
            Color::Yellow,
            "selected row at x={x}"
        );
    }
    // Job 125 is dead and not selected.
    let dead = row_of(buffer, "125");
    let state_x = column_of(buffer, dead, "dead");
    for x in state_x..state_x + 4 {
        assert_eq!(buffer[(x, dead)].fg, Color::Red, "dead state at x={x}");
    }
    assert_eq!(
        cell_bg(buffer, 1, dead),
        Color::Reset,
        "other rows are plain"
    );

    let plain = render(&app, PLAIN);
    let buffer = plain.backend().buffer();
    let selected = row_of(buffer, "115");
    assert!(
        buffer[(1, selected)].modifier.contains(Modifier::REVERSED),
        "without colour the selection is reversed"
    );
    assert_no_colour("jobs", buffer);
}

#[test]
fn no_color_theme_uses_no_colour_on_loading_notices_empty_lists_and_errors() {
    // What the snapshots do not cover: loading notices, an empty table, an error status.
    let mut app = console(admin());
    type_text(&mut app, ":jobs");
    press(&mut app, KeyCode::Enter);
    assert!(render_text(&app, PLAIN).contains(text::NOTHING_HERE.get()));
    assert_no_colour("empty jobs", render(&app, PLAIN).backend().buffer());
    let mut app = App::new(acme(), admin(), now());
    assert!(render_text(&app, PLAIN).contains(text::LOADING.get()));
    assert_no_colour("loading dashboard", render(&app, PLAIN).backend().buffer());
    app.update(reply(Reply::Failed(RpcError::not_found(
        "job 7 not found in tenant acme",
    ))));
    assert_no_colour("error status", render(&app, PLAIN).backend().buffer());
}

// ---------------------------------------------------------------------------------------------
// Flows: events in, effects out

#[test]
fn start_loads_the_dashboard() {
    let mut app = App::new(acme(), admin(), now());
    assert_eq!(app.view, View::Dashboard);
    assert_eq!(app.start(), [Effect::LoadDashboard]);
}

#[test]
fn goto_jobs_loads_jobs_and_queues() {
    let mut app = console(admin());
    assert_eq!(press(&mut app, KeyCode::Char(':')), []);
    assert_eq!(type_text(&mut app, "jobs"), []);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [
            Effect::LoadJobs {
                filter: JobFilter::default(),
                before: None,
            },
            Effect::LoadQueues,
        ]
    );
    assert_eq!(app.view, View::Jobs);
    assert_eq!(app.mode, Mode::Normal);
    // Esc goes back and reloads what the dashboard shows.
    assert_eq!(press(&mut app, KeyCode::Esc), [Effect::LoadDashboard]);
    assert_eq!(app.view, View::Dashboard);
}

#[test]
fn r_retries_the_selected_dead_job() {
    let mut app = jobs_console(admin());
    select(&mut app, MIDDLE);
    let job = app.views.jobs.list.current().expect("a job is selected");
    assert_eq!((job.id, job.state), (JobId(115), JobState::Dead));
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        [Effect::Retry(JobId(115))]
    );
    // The answer says so and reloads the list.
    let effects = app.update(reply(Reply::Done("job 115 queued for retry".into())));
    assert_eq!(effects, jobs_reload(JobFilter::default()));
    assert_eq!(app.status, Some(("job 115 queued for retry".into(), false)));
}

#[test]
fn retry_all_runs_only_after_y() {
    let mut app = jobs_console(admin());
    assert_eq!(press(&mut app, KeyCode::Char('R')), []);
    assert!(matches!(app.mode, Mode::Confirm { .. }));
    // Other keys leave the question open.
    assert_eq!(press(&mut app, KeyCode::Char('x')), []);
    assert!(matches!(app.mode, Mode::Confirm { .. }));
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        [Effect::RetryMatching(JobFilter::default())]
    );
    assert_eq!(app.mode, Mode::Normal);

    assert_eq!(press(&mut app, KeyCode::Char('R')), []);
    assert_eq!(press(&mut app, KeyCode::Char('n')), []);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(press(&mut app, KeyCode::Char('R')), []);
    assert_eq!(press(&mut app, KeyCode::Esc), []);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn retry_all_uses_the_filter_on_screen() {
    let mut app = jobs_console(admin());
    type_text(&mut app, "/state:dead");
    press(&mut app, KeyCode::Enter);
    assert_eq!(press(&mut app, KeyCode::Char('R')), []);
    assert_eq!(
        app.mode,
        Mode::Confirm {
            question: "Retry failed and dead jobs matching \"state:dead\"?".into(),
            effect: Effect::RetryMatching(dead_filter()),
        }
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('Y')),
        [Effect::RetryMatching(dead_filter())]
    );
}

#[test]
fn d_cancels_the_selected_job_after_confirmation() {
    let mut app = jobs_console(admin());
    select(&mut app, 1);
    assert_eq!(press(&mut app, KeyCode::Char('d')), []);
    assert_eq!(
        app.mode,
        Mode::Confirm {
            question: "Cancel job 129 (gmail.sync)?".into(),
            effect: Effect::Cancel(JobId(129)),
        }
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        [Effect::Cancel(JobId(129))]
    );
}

#[test]
fn p_resumes_a_paused_queue_and_pauses_a_running_one() {
    let mut app = jobs_console(admin());
    select(&mut app, 1);
    assert_eq!(
        app.views.jobs.list.current().map(|job| job.queue.as_str()),
        Some("mail")
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('p')),
        [Effect::SetPaused {
            queue: "mail".into(),
            paused: false,
        }]
    );
    select(&mut app, 0);
    assert_eq!(
        press(&mut app, KeyCode::Char('p')),
        [Effect::SetPaused {
            queue: "default".into(),
            paused: true,
        }]
    );
}

#[test]
fn filter_sets_the_server_side_filter_and_reloads_with_it() {
    let mut app = jobs_console(admin());
    select(&mut app, MIDDLE);
    assert_eq!(type_text(&mut app, "/state:dead"), []);
    assert_eq!(press(&mut app, KeyCode::Enter), jobs_reload(dead_filter()));
    assert_eq!(app.views.jobs.list.filter_text, "state:dead");
    assert_eq!(app.views.jobs.list.filter, dead_filter());
    assert_eq!(app.views.jobs.list.selected, 0, "the selection starts over");
    assert_eq!(app.mode, Mode::Normal);
    // Later reloads keep the filter.
    assert_eq!(press(&mut app, KeyCode::F(5)), jobs_reload(dead_filter()));
}

#[test]
fn a_bad_filter_is_reported_and_the_old_filter_stays() {
    let mut app = jobs_console(admin());
    type_text(&mut app, "/state:bogus");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    let (message, error) = app.status.clone().expect("an error is shown");
    assert!(error);
    assert!(message.contains("unknown job state \"bogus\""), "{message}");
    assert_eq!(app.views.jobs.list.filter, JobFilter::default());
}

#[test]
fn a_bad_filter_leaves_the_title_and_retry_question_unchanged() {
    let mut app = jobs_console(admin());
    type_text(&mut app, "/state:bogus");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.views.jobs.list.filter_text, "");
    press(&mut app, KeyCode::Char('R'));
    let Mode::Confirm { question, .. } = &app.mode else {
        panic!("R asks first");
    };
    assert_eq!(question, "Retry all failed and dead jobs?");
}

#[test]
fn an_unknown_view_is_an_error_on_the_status_line() {
    let mut app = console(admin());
    type_text(&mut app, ":nope");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    assert_eq!(app.view, View::Dashboard);
    assert_eq!(app.status, Some((text::unknown_view("nope"), true)));
    assert!(render_text(&app, COLOUR).contains("unknown view: nope"));
}

#[test]
fn changes_are_folded_into_one_reload_per_quarter_second() {
    let mut app = jobs_console(admin());
    assert_eq!(app.update(Event::Changes), []);
    assert_eq!(app.update(Event::Changes), [], "changes only mark dirty");
    assert_eq!(
        app.update(Event::Tick(later(250))),
        jobs_reload(JobFilter::default())
    );
    assert_eq!(app.update(Event::Changes), []);
    assert_eq!(app.update(Event::Tick(later(400))), [], "too soon");
    assert_eq!(
        app.update(Event::Tick(later(500))),
        jobs_reload(JobFilter::default())
    );
    assert_eq!(app.update(Event::Tick(later(1_000))), [], "nothing changed");
    assert_eq!(app.now, later(1_000), "ticks move the clock");
}

#[test]
fn the_dashboard_follows_changes_every_three_seconds() {
    let mut app = App::new(acme(), admin(), now());
    assert_eq!(app.start(), vec![Effect::LoadDashboard]);
    app.update(Event::Changes);
    assert_eq!(app.update(Event::Tick(later(250))), [Effect::LoadDashboard]);
    app.update(Event::Changes);
    assert_eq!(
        app.update(Event::Tick(later(1_000))),
        [],
        "too soon for a summary"
    );
    assert_eq!(
        app.update(Event::Tick(later(3_250))),
        [Effect::LoadDashboard]
    );
}

#[test]
fn a_connection_that_comes_back_reloads() {
    let mut app = jobs_console(admin());
    assert_eq!(app.update(Event::Connection(false)), []);
    assert!(!app.connected);
    app.update(Event::Changes);
    assert_eq!(
        app.update(Event::Tick(later(250))),
        [],
        "no reloads while disconnected"
    );
    assert_eq!(
        app.update(Event::Connection(true)),
        jobs_reload(JobFilter::default())
    );
    assert!(app.connected);
    assert_eq!(
        app.status,
        Some((format!("{} again", text::CONNECTED), false))
    );
    assert_eq!(app.update(Event::Connection(true)), [], "already connected");
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut app = console(admin());
    assert_eq!(press(&mut app, KeyCode::Char('q')), [Effect::Quit]);
    assert!(app.should_quit);

    let mut app = jobs_console(admin());
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(app.update(ctrl_c), [Effect::Quit]);
    assert!(app.should_quit);
}

#[test]
fn scrolling_near_the_end_of_a_page_loads_the_next_one_once() {
    let mut app = console(admin());
    type_text(&mut app, ":jobs");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Jobs {
        page: JobPage {
            jobs: mixed_jobs(1_100, 100),
            next: Some(1_001),
        },
        append: false,
    }));
    for _ in 0..4 {
        assert_eq!(press(&mut app, KeyCode::PageDown), [], "far from the end");
    }
    assert_eq!(app.views.jobs.list.selected, 40);
    let next_page = vec![Effect::LoadJobs {
        filter: JobFilter::default(),
        before: Some(1_001),
    }];
    assert_eq!(press(&mut app, KeyCode::PageDown), next_page);
    assert_eq!(press(&mut app, KeyCode::Char('j')), [], "already loading");
    assert_eq!(press(&mut app, KeyCode::Char('G')), [], "already loading");
    assert!(render_text(&app, COLOUR).contains(" jobs (100+) "));

    app.update(reply(Reply::Jobs {
        page: JobPage {
            jobs: mixed_jobs(1_000, 100),
            next: None,
        },
        append: true,
    }));
    assert_eq!(app.views.jobs.list.rows.len(), 200);
    assert_eq!(app.views.jobs.list.selected, 99, "the selection stays put");
    assert_eq!(press(&mut app, KeyCode::Char('G')), [], "no more pages");
    assert_eq!(app.views.jobs.list.selected, 199);
    assert!(render_text(&app, COLOUR).contains(" jobs (200) "));
}

#[test]
fn a_failed_page_load_can_be_retried_by_scrolling() {
    let mut app = console(admin());
    type_text(&mut app, ":jobs");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Jobs {
        page: JobPage {
            jobs: mixed_jobs(1_100, 60),
            next: Some(1_040),
        },
        append: false,
    }));
    assert_eq!(press(&mut app, KeyCode::Char('G')).len(), 1);
    app.update(reply(Reply::Failed(RpcError::not_found(
        "tenant acme not found",
    ))));
    assert_eq!(press(&mut app, KeyCode::Char('k')).len(), 1, "asks again");
}

#[test]
fn an_agent_cannot_add_operators() {
    let mut app = console(agent());
    type_text(&mut app, ":operators");
    press(&mut app, KeyCode::Enter);
    assert_eq!(press(&mut app, KeyCode::Char('a')), []);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.status, Some((text::ADMIN_ONLY.into(), true)));
}

#[test]
fn an_admin_adds_an_operator_with_a_one_line_form() {
    let mut app = console(admin());
    type_text(&mut app, ":operators");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Operators(operators())));
    assert_eq!(press(&mut app, KeyCode::Char('a')), []);
    assert_eq!(type_text(&mut app, "dora boss"), []);
    assert_eq!(press(&mut app, KeyCode::Enter), [], "boss is not a role");
    assert!(
        matches!(&app.mode, Mode::Prompt { input, .. } if input.is_empty()),
        "the form stays open, empty for the next try"
    );
    press(&mut app, KeyCode::Up);
    for _ in 0.."boss".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "agent");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::AddOperator {
            user: "dora".into(),
            role: Role::Agent,
        }]
    );
}

#[test]
fn picking_a_tenant_follows_its_feed_and_reloads() {
    let mut app = console(admin());
    press(&mut app, KeyCode::Char('t'));
    app.update(reply(Reply::Tenants(tenants())));
    press(&mut app, KeyCode::Down);
    let sur = TenantId::new("clinica-sur").expect("valid tenant id");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SwitchTenant(sur.clone()), Effect::LoadDashboard]
    );
    assert_eq!(app.tenant, sur);
    assert!(
        app.views.dashboard.dashboard.is_none(),
        "acme's dashboard is gone"
    );
}

#[test]
fn dashboard_enter_opens_the_newest_failure() {
    let mut app = console(admin());
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadJob(JobId(125))]
    );
    assert_eq!(app.view, View::Job);
}

#[test]
fn the_jobs_footer_lists_its_actions() {
    let labels: Vec<&str> = keymap::footer(View::Jobs)
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    for key in ["r", "R", "d", "p"] {
        assert!(labels.contains(&key), "{key} in {labels:?}");
    }
    // Every footer key really does something in its view.
    for (view_name, view) in View::NAMED {
        for binding in keymap::view_keys(view) {
            let key = KeyEvent::new(binding.code, KeyModifiers::NONE);
            assert_eq!(
                keymap::action_for(view, key),
                Some(binding.action),
                "{} in {view_name}",
                binding.label
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Driving the app

/// A console on the dashboard of a production (not sandbox) daemon.
pub(super) fn console(identity: OperatorIdentity) -> App {
    let mut app = App::new(acme(), identity, now());
    assert_eq!(app.start(), [Effect::LoadDashboard]);
    assert_eq!(
        app.update(reply(Reply::Dashboard(Box::new(dashboard(false))))),
        []
    );
    app
}

/// A console on `:jobs` with the 30-job fixture and the queues loaded.
pub(super) fn jobs_console(identity: OperatorIdentity) -> App {
    let mut app = console(identity);
    assert_eq!(type_text(&mut app, ":jobs"), []);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        jobs_reload(JobFilter::default())
    );
    let page = JobPage {
        jobs: mixed_jobs(130, JOBS),
        next: None,
    };
    assert_eq!(
        app.update(reply(Reply::Jobs {
            page,
            append: false
        })),
        []
    );
    assert_eq!(app.update(reply(Reply::Queues(queues()))), []);
    app
}

pub(super) fn reply(reply: Reply) -> Event {
    Event::Reply(reply)
}

/// A key as crossterm reports it: capitals come with Shift.
pub(super) fn key(code: KeyCode) -> Event {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    Event::Key(KeyEvent::new(code, modifiers))
}

pub(super) fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(key(code))
}

/// Types each character; the effects of all the keys together.
pub(super) fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(app, KeyCode::Char(c)))
        .collect()
}

/// Selects row `index` of the jobs list with `g` and `j`.
pub(super) fn select(app: &mut App, index: usize) {
    press(app, KeyCode::Char('g'));
    for _ in 0..index {
        press(app, KeyCode::Char('j'));
    }
    assert_eq!(app.views.jobs.list.selected, index);
}

pub(super) fn jobs_reload(filter: JobFilter) -> Vec<Effect> {
    vec![
        Effect::LoadJobs {
            filter,
            before: None,
        },
        Effect::LoadQueues,
    ]
}

pub(super) fn dead_filter() -> JobFilter {
    JobFilter {
        state: Some(JobState::Dead),
        ..JobFilter::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The screen

pub(super) fn render(app: &App, theme: Theme) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(80, 24)).expect("the test backend cannot fail");
    terminal
        .draw(|frame| views::draw(frame, app, theme))
        .expect("the test backend cannot fail");
    terminal
}

pub(super) fn render_text(app: &App, theme: Theme) -> String {
    screen_text(render(app, theme).backend().buffer())
}

/// Snapshots the colour screen as `name`, checks the `NO_COLOR` screen has the same text and
/// no colour at all, and returns the text.
pub(super) fn assert_screen(name: &str, app: &App) -> String {
    let terminal = render(app, COLOUR);
    insta::assert_snapshot!(name, terminal.backend());
    let plain = render(app, PLAIN);
    assert_no_colour(name, plain.backend().buffer());
    let text = screen_text(terminal.backend().buffer());
    assert_eq!(
        text,
        screen_text(plain.backend().buffer()),
        "{name}: NO_COLOR changes only styles"
    );
    text
}

fn assert_no_colour(name: &str, buffer: &Buffer) {
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "{name}: colour at x={x} y={y} ({:?})",
                cell.symbol()
            );
        }
    }
}

/// The screen as lines of text.
pub(super) fn screen_text(buffer: &Buffer) -> String {
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

/// The first row whose text (after the left border) starts with `start`.
pub(super) fn row_of(buffer: &Buffer, start: &str) -> u16 {
    (0..buffer.area.height)
        .find(|&y| row_text(buffer, y).starts_with(start))
        .unwrap_or_else(|| panic!("no row starts with {start:?}:\n{}", screen_text(buffer)))
}

/// The column where `needle` starts in row `y`.
pub(super) fn column_of(buffer: &Buffer, y: u16, needle: &str) -> u16 {
    let symbols = row_symbols(buffer, y);
    let needle: Vec<String> = needle.chars().map(String::from).collect();
    let x = symbols
        .windows(needle.len())
        .position(|window| window == needle.as_slice())
        .unwrap_or_else(|| panic!("{needle:?} not in row {y}"));
    u16::try_from(x).expect("the screen is 80 columns")
}

fn row_symbols(buffer: &Buffer, y: u16) -> Vec<String> {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().to_owned())
        .collect()
}

/// Row `y` without its first column (the left border).
pub(super) fn row_text(buffer: &Buffer, y: u16) -> String {
    row_symbols(buffer, y)[1..].concat()
}

fn cell_bg(buffer: &Buffer, x: u16, y: u16) -> Color {
    buffer[(x, y)].bg
}

// ---------------------------------------------------------------------------------------------
// Fixtures

pub(super) fn now() -> Timestamp {
    Timestamp::from_second(1_790_000_000).expect("a fixed time in range")
}

pub(super) fn ago(seconds: i64) -> Timestamp {
    now() - SignedDuration::from_secs(seconds)
}

fn later(millis: i64) -> Timestamp {
    now() + SignedDuration::from_millis(millis)
}

pub(super) fn acme() -> TenantId {
    TenantId::new("acme").expect("valid tenant id")
}

/// Admin of acme, supervisor of clinica-sur.
pub(super) fn admin() -> OperatorIdentity {
    OperatorIdentity {
        user: "ana".into(),
        superuser: false,
        roles: BTreeMap::from([
            (acme(), Role::Admin),
            (
                TenantId::new("clinica-sur").expect("valid tenant id"),
                Role::Supervisor,
            ),
        ]),
    }
}

pub(super) fn agent() -> OperatorIdentity {
    OperatorIdentity {
        user: "beto".into(),
        superuser: false,
        roles: BTreeMap::from([(acme(), Role::Agent)]),
    }
}

/// `count` jobs, newest first from id `first`, cycling through every state on two queues
/// (`mail` is paused). Row 15 of 30 is dead job 115; row 1 is job 129 on `mail`.
pub(super) fn mixed_jobs(first: u64, count: usize) -> Vec<JobSummary> {
    const STATES: [JobState; 10] = [
        JobState::Succeeded,
        JobState::Queued,
        JobState::Running,
        JobState::Failed,
        JobState::Succeeded,
        JobState::Dead,
        JobState::Cancelled,
        JobState::Succeeded,
        JobState::Queued,
        JobState::Dead,
    ];
    (0..count)
        .map(|index| {
            let state = STATES[index % STATES.len()];
            let (queue, kind) = if index % 3 == 1 {
                ("mail", "gmail.sync")
            } else if index % 2 == 0 {
                ("default", "whatsapp.send")
            } else {
                ("default", "invoice.ocr")
            };
            let age = index as i64 * 90 + 20;
            job(first - index as u64, state, queue, kind, age)
        })
        .collect()
}

fn job(id: u64, state: JobState, queue: &str, kind: &str, age: i64) -> JobSummary {
    let (attempts, last_error) = match state {
        JobState::Queued | JobState::Cancelled => (0, None),
        JobState::Running => (2, None),
        JobState::Failed => (1, Some("400 invalid phone number")),
        JobState::Dead => (5, Some("timed out after 30s")),
        _ => (1, None),
    };
    let run_at = if state == JobState::Queued {
        now() + SignedDuration::from_secs(45)
    } else {
        ago(age)
    };
    JobSummary {
        id: JobId(id),
        tenant: acme(),
        queue: queue.into(),
        kind: kind.into(),
        state,
        attempts,
        max_attempts: 5,
        run_at,
        created_at: ago(age + 60),
        updated_at: ago(age),
        last_error: last_error.map(String::from),
        last_error_words: None,
        unique_key: None,
        schedule: None,
    }
}

fn queues() -> Vec<QueueInfo> {
    vec![
        QueueInfo {
            name: "default".into(),
            paused: false,
            concurrency: 4,
            counts: StateCounts {
                queued: 12,
                running: 2,
                succeeded: 1_480,
                failed: 1,
                dead: 3,
                cancelled: 0,
            },
        },
        QueueInfo {
            name: "mail".into(),
            paused: true,
            concurrency: 1,
            counts: StateCounts {
                queued: 40,
                running: 0,
                succeeded: 310,
                failed: 1,
                dead: 0,
                cancelled: 2,
            },
        },
    ]
}

pub(super) fn dashboard(sandbox: bool) -> Dashboard {
    let dead = job(125, JobState::Dead, "default", "whatsapp.send", 180);
    let mut failed = job(117, JobState::Failed, "mail", "gmail.sync", 7_200);
    failed.last_error = Some("invalid_grant: token revoked".into());
    let integration = |name: &str, state: &str| IntegrationStatus {
        name: name.into(),
        state: state.into(),
        detail: String::new(),
        words: None,
    };
    Dashboard {
        tenant: acme(),
        queues: queues(),
        recent_failures: vec![dead, failed],
        integrations: vec![
            integration("whatsapp", "ok"),
            integration("gmail", "reauthorization_needed"),
            integration("telegram", "not_configured"),
            integration("ghl", "sandbox"),
        ],
        sandbox,
        invoices: InvoiceCounts {
            processing: 1,
            waiting_validation: 4,
            processed: 12,
            rejected: 0,
            failed: 1,
        },
        reminders_due: Vec::new(),
        glosas: GlosaCounts {
            open: 6,
            due_this_week: 2,
            overdue: 1,
        },
        conversations: ConversationStats {
            active: 7,
            unanswered: 2,
            waiting_since: Some(ago(720)),
            response: Some(ResponseTimes {
                answered: 41,
                min_secs: 35,
                max_secs: 7_380,
                average_secs: 312,
            }),
            recent: vec![
                super::inbox_tests::summary(1, "whatsapp", "María Quispe", 2),
                super::inbox_tests::summary(2, "telegram", "Jorge Ramos", 0),
            ],
        },
    }
}

pub(super) fn job_detail() -> JobDetail {
    // Job 115 of the list, on a queue that gives up after three tries.
    let mut job = mixed_jobs(130, JOBS).swap_remove(MIDDLE);
    (job.attempts, job.max_attempts) = (3, 3);
    let attempt = |number: u32, started: i64, error: &str| JobAttempt {
        number,
        started_at: ago(started),
        finished_at: Some(ago(started - 30)),
        error: Some(error.into()),
        error_words: None,
    };
    JobDetail {
        job,
        payload: serde_json::json!({
            "to": "+34 600 000 000",
            "template": "appointment_reminder",
            "params": { "name": "Test Patient", "time": "10:30" },
        }),
        attempts: vec![
            attempt(1, 1_370, "502 bad gateway"),
            attempt(2, 900, "timed out after 30s"),
            attempt(3, 300, "timed out after 30s"),
        ],
        lease_until: None,
    }
}

pub(super) fn audit_entries() -> Vec<AuditEntry> {
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
        entry(3, 40, "ana", "jobs_retry", "job 115"),
        AuditEntry {
            outcome: AuditOutcome::Denied,
            detail: "admin only".into(),
            ..entry(2, 600, "beto", "operators_add", "operator dora")
        },
        AuditEntry {
            outcome: AuditOutcome::Failed,
            detail: "no such queue".into(),
            ..entry(1, 7_200, "ana", "queues_set_paused", "queue sms")
        },
    ]
}

/// Acme, in `zone`.
pub(super) fn acme_tenant(zone: &str) -> Tenant {
    Tenant {
        id: acme(),
        name: "Acme Dental".into(),
        created_at: ago(90 * 86_400),
        zone: zone.into(),
        currency: "PEN".into(),
    }
}

/// Clínica Sur, in Bogotá and pesos, made `days` ago.
pub(super) fn clinica_sur(days: i64) -> Tenant {
    Tenant {
        id: TenantId::new("clinica-sur").expect("valid tenant id"),
        name: "Clínica Sur".into(),
        created_at: ago(days * 86_400),
        zone: "America/Bogota".into(),
        currency: "COP".into(),
    }
}

fn tenants() -> Vec<Tenant> {
    vec![acme_tenant("America/Lima"), clinica_sur(12)]
}

pub(super) fn operators() -> Vec<Operator> {
    let operator = |user: &str, role: Role, days: i64| Operator {
        user: user.into(),
        tenant: acme(),
        role,
        added_at: ago(days * 86_400),
        added_by: "root".into(),
        display_name: (user == "ana").then(|| "Ana Torres".to_owned()),
    };
    vec![
        operator("ana", Role::Admin, 90),
        operator("beto", Role::Agent, 30),
        operator("carla", Role::Supervisor, 2),
    ]
}
