//! Console tests of `:connections`: snapshots at 80×24 (the states, the selected one's last
//! error, the consent page modal, the paste box, the keys) and the key flows (authorize,
//! finish with a pasted address, test, revoke and remove after asking, reload, admins only).

use centralita_protocol::{AuthorizationStart, Connection, ConnectionId, ConnectionState};
use crossterm::event::KeyCode;
use jiff::SignedDuration;

use super::app::App;
use super::effect::Effect;
use super::event::Reply;
use super::keymap;
use super::mode::{Form, Mode};
use super::tests::{
    COLOUR, admin, agent, ago, assert_screen, console, now, press, render_text, reply, type_text,
};
use super::views::View;
use crate::text;

const GMAIL: &str = "https://www.googleapis.com/auth/gmail.readonly";
const REAUTHORIZE: &str = "invalid_grant: Google no longer accepts this grant (revoked, expired \
     or a password change); authorize it again with `centralita connections add google \
     --reauthorize 2` or `a` in :connections";
/// What the browser lands on after consent, when it cannot reach the daemon.
const LANDED: &str = "https://centralita.example.com/oauth/callback?state=Zm9vYmFyYmF6cXV4&code=4%2F0AeanS0b-example&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fgmail.readonly";

fn connection(id: u64, account: &str, state: ConnectionState) -> Connection {
    let working = matches!(
        state,
        ConnectionState::Connected | ConnectionState::Refreshing
    );
    Connection {
        id: ConnectionId(id),
        provider: "google".into(),
        account: account.into(),
        scopes: vec![GMAIL.into()],
        state,
        expires_at: working.then(|| now() + SignedDuration::from_mins(52)),
        last_refresh: working.then(|| ago(8 * 60)),
        last_error: None,
        last_error_words: None,
        created_at: ago(i64::try_from(id).expect("small id") * 86_400),
        created_by: "ana".into(),
    }
}

/// One connection of each state that matters, oldest first; 2 needs authorizing again.
pub(super) fn connections() -> Vec<Connection> {
    let mut dead = connection(
        2,
        "facturas@acme.pe",
        ConnectionState::ReauthorizationNeeded,
    );
    dead.expires_at = Some(ago(3 * 3_600));
    dead.last_refresh = Some(ago(4 * 3_600));
    dead.last_error = Some(REAUTHORIZE.into());
    vec![
        connection(1, "recepcion@acme.pe", ConnectionState::Connected),
        dead,
        connection(3, "", ConnectionState::Pending),
        connection(4, "antiguo@acme.pe", ConnectionState::Revoked),
    ]
}

fn start() -> AuthorizationStart {
    AuthorizationStart {
        connection: ConnectionId(2),
        url: "https://accounts.google.com/o/oauth2/v2/auth?response_type=code&client_id=1234567890-abc.apps.googleusercontent.com&redirect_uri=https%3A%2F%2Fcentralita.example.com%2Foauth%2Fcallback&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fgmail.readonly&state=Zm9vYmFyYmF6cXV4&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&access_type=offline&prompt=consent".into(),
        expires_at: now() + SignedDuration::from_mins(10),
    }
}

/// A console on `:connections` with the fixture loaded and row `index` selected.
pub(super) fn connections_console(
    identity: centralita_protocol::OperatorIdentity,
    index: usize,
) -> App {
    let mut app = console(identity);
    assert_eq!(type_text(&mut app, ":connections"), []);
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadConnections]);
    assert_eq!(app.view, View::Connections);
    assert_eq!(app.update(reply(Reply::Connections(connections()))), []);
    press(&mut app, KeyCode::Char('g'));
    for _ in 0..index {
        press(&mut app, KeyCode::Char('j'));
    }
    assert_eq!(app.views.connections.list.selected, index);
    app
}

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn connections_list_states_and_the_selected_ones_last_error() {
    let app = connections_console(admin(), 1);
    let screen = assert_screen("connections_reauthorization_needed_80x24", &app);
    assert!(screen.contains(" connections (4) "));
    for state in ["connected", "reauthorization_needed", "pending", "revoked"] {
        assert!(screen.contains(state), "{state} is shown:\n{screen}");
    }
    assert!(screen.contains(" connection 2 "), "the pane is about row 2");
    assert!(screen.contains("invalid_grant"), "with its last error");
    assert!(screen.contains("3h ago"), "its token expired");
}

#[test]
fn a_working_connection_shows_its_expiry_and_no_error() {
    let app = connections_console(admin(), 0);
    let screen = assert_screen("connections_connected_80x24", &app);
    assert!(screen.contains("in 52m"));
    assert!(screen.contains("8m ago"));
    assert!(!screen.contains("last error"));
    assert!(screen.contains(GMAIL));
}

#[test]
fn the_consent_page_is_shown_across_the_screen_with_how_to_finish() {
    let mut app = connections_console(admin(), 1);
    assert_eq!(
        app.update(reply(Reply::Authorization(start()))),
        [Effect::LoadConnections],
        "the new pending state shows"
    );
    assert_eq!(app.mode, Mode::Authorization(start()));
    let screen = assert_screen("connections_authorization_80x24", &app);
    assert!(screen.contains(" authorize connection 2 "));
    assert!(screen.contains("expires in 10m"));
    assert!(screen.contains(text::AUTHORIZATION_HINT.get()));
    // The address is on the screen whole, in rows of the full width with nothing else on them.
    let joined: String = screen
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.contains(' '))
        .collect();
    assert!(joined.contains(&start().url), "{screen}");
}

#[test]
fn an_expired_consent_page_says_to_ask_for_a_new_one() {
    let mut app = connections_console(admin(), 1);
    let expired = AuthorizationStart {
        expires_at: ago(120),
        ..start()
    };
    app.update(reply(Reply::Authorization(expired)));
    assert!(render_text(&app, COLOUR).contains("expired 2m ago: press a for a new one"));
}

#[test]
fn the_paste_box_shows_the_end_of_a_long_address() {
    let mut app = connections_console(admin(), 1);
    assert_eq!(press(&mut app, KeyCode::Char('f')), []);
    assert_eq!(type_text(&mut app, LANDED), []);
    let screen = assert_screen("connections_finish_prompt_80x24", &app);
    assert!(screen.contains(text::PROMPT_FINISH_URL.get()));
    assert!(
        screen.contains("gmail.readonly▏"),
        "the end is in sight:\n{screen}"
    );
}

#[test]
fn help_lists_the_connections_keys_and_t_is_test_here() {
    let mut app = connections_console(admin(), 0);
    assert_eq!(press(&mut app, KeyCode::Char('?')), []);
    let screen = assert_screen("help_connections_80x24", &app);
    for help in ["authorize", "finish", "test", "revoke", "remove", "reload"] {
        assert!(screen.contains(help), "{help} in help:\n{screen}");
    }
    assert!(
        !screen.contains("switch tenant"),
        "t is test here, so help does not offer the tenant picker"
    );
}

// ---------------------------------------------------------------------------------------------
// Keys

#[test]
fn a_authorizes_a_broken_connection_again_and_adds_one_from_a_working_one() {
    let mut app = connections_console(admin(), 1);
    assert_eq!(
        press(&mut app, KeyCode::Char('a')),
        [Effect::AddConnection {
            provider: "google".into(),
            reauthorize: Some(ConnectionId(2)),
        }]
    );
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(
        press(&mut app, KeyCode::Char('a')),
        [Effect::AddConnection {
            provider: "google".into(),
            reauthorize: None,
        }]
    );
    app.update(reply(Reply::Connections(Vec::new())));
    assert!(render_text(&app, COLOUR).contains(text::NOTHING_HERE.get()));
    assert_eq!(
        press(&mut app, KeyCode::Char('a')),
        [Effect::AddConnection {
            provider: "google".into(),
            reauthorize: None,
        }],
        "the first connection"
    );
}

#[test]
fn f_in_the_consent_page_pastes_the_address_and_finishes() {
    let mut app = connections_console(admin(), 1);
    app.update(reply(Reply::Authorization(start())));
    assert_eq!(press(&mut app, KeyCode::Char('f')), []);
    assert!(matches!(
        app.mode,
        Mode::Prompt {
            form: Form::FinishUrl,
            ..
        }
    ));
    assert_eq!(type_text(&mut app, LANDED), []);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::FinishConnection(LANDED.into())]
    );
    assert_eq!(app.mode, Mode::Normal);
    let effects = app.update(reply(Reply::Done(text::connection_finishing(
        ConnectionId(2),
    ))));
    assert_eq!(effects, [Effect::LoadConnections]);
    assert_eq!(
        app.status,
        Some((text::connection_finishing(ConnectionId(2)), false))
    );
}

#[test]
fn any_other_key_closes_the_consent_page_and_does_nothing_else() {
    let mut app = connections_console(admin(), 1);
    app.update(reply(Reply::Authorization(start())));
    assert_eq!(press(&mut app, KeyCode::Char('x')), [], "x does not remove");
    assert_eq!(app.mode, Mode::Normal);
    app.update(reply(Reply::Authorization(start())));
    assert_eq!(press(&mut app, KeyCode::Esc), []);
    assert_eq!(
        (app.mode.clone(), app.view),
        (Mode::Normal, View::Connections)
    );
}

#[test]
fn an_address_without_its_state_keeps_the_paste_box_open() {
    let mut app = connections_console(admin(), 1);
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(press(&mut app, KeyCode::Enter), [], "nothing pasted");
    type_text(
        &mut app,
        "https://centralita.example.com/oauth/callback?code=4",
    );
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    assert!(matches!(app.mode, Mode::Prompt { .. }), "still open");
    assert_eq!(app.status, Some((text::NEED_FINISH_URL.into(), true)));
    assert_eq!(press(&mut app, KeyCode::Esc), []);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn t_tests_the_selected_connection_and_says_which_job() {
    let mut app = connections_console(admin(), 0);
    assert_eq!(
        press(&mut app, KeyCode::Char('t')),
        [Effect::TestConnection(ConnectionId(1))]
    );
    assert_eq!(app.mode, Mode::Normal, "not the tenant picker");
    let effects = app.update(reply(Reply::Done(text::connection_test_queued(
        ConnectionId(1),
        57,
    ))));
    assert_eq!(effects, [Effect::LoadConnections]);
    assert!(render_text(&app, COLOUR).contains("connection 1: test queued as job 57"));
}

#[test]
fn v_revokes_and_x_removes_only_after_y() {
    let mut app = connections_console(admin(), 1);
    assert_eq!(press(&mut app, KeyCode::Char('v')), []);
    let Mode::Confirm { question, effect } = app.mode.clone() else {
        panic!("v asks first");
    };
    assert!(question.starts_with("Revoke connection 2 (google, facturas@acme.pe)?"));
    assert_eq!(effect, Effect::RevokeConnection(ConnectionId(2)));
    assert_eq!(press(&mut app, KeyCode::Char('n')), []);
    assert_eq!(app.mode, Mode::Normal);

    assert_eq!(press(&mut app, KeyCode::Char('x')), []);
    let Mode::Confirm { question, .. } = app.mode.clone() else {
        panic!("x asks first");
    };
    assert!(question.starts_with("Remove connection 2"), "{question}");
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        [Effect::RemoveConnection(ConnectionId(2))]
    );

    press(&mut app, KeyCode::Char('j'));
    assert_eq!(press(&mut app, KeyCode::Char('v')), []);
    let Mode::Confirm { question, .. } = &app.mode else {
        panic!("v asks first");
    };
    assert!(
        question.starts_with("Revoke connection 3 (google)?"),
        "no account yet: {question}"
    );
}

#[test]
fn r_reloads_and_the_selection_stays_on_its_connection() {
    let mut app = connections_console(admin(), 2);
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        [Effect::LoadConnections]
    );
    // Connection 1 was removed elsewhere: row 2 is now connection 4, but 3 stays picked.
    let fewer: Vec<Connection> = connections().into_iter().skip(1).collect();
    app.update(reply(Reply::Connections(fewer)));
    let picked = app.views.connections.list.current().map(|row| row.id);
    assert_eq!(picked, Some(ConnectionId(3)));
    assert_eq!(
        press(&mut app, KeyCode::Char('t')),
        [Effect::TestConnection(ConnectionId(3))]
    );
}

#[test]
fn an_agent_sees_the_connections_but_may_not_change_them() {
    let mut app = connections_console(agent(), 1);
    assert!(render_text(&app, COLOUR).contains("reauthorization_needed"));
    for key in ['a', 'f', 't', 'v', 'x'] {
        assert_eq!(press(&mut app, KeyCode::Char(key)), [], "{key}");
        assert_eq!(app.mode, Mode::Normal, "{key}");
        assert_eq!(app.status, Some((text::ADMIN_ONLY.into(), true)), "{key}");
    }
}

#[test]
fn the_command_line_completes_connections_and_the_footer_lists_its_keys() {
    let mut app = console(admin());
    type_text(&mut app, ":conn");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.mode, Mode::Command("connections".into()));
    let labels: Vec<&str> = keymap::footer(View::Connections)
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    for key in ["a", "f", "t", "v", "x", "r"] {
        assert!(labels.contains(&key), "{key} in {labels:?}");
    }
}

#[test]
fn another_tenant_forgets_the_connections() {
    let mut app = connections_console(admin(), 1);
    let sur = centralita_protocol::TenantId::new("clinica-sur").expect("valid tenant id");
    app.switch_tenant(sur);
    assert!(app.views.connections.list.rows.is_empty());
}
