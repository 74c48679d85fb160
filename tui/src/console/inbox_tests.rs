//! Console tests of `:inbox`: the conversation list beside the selected thread, loaded as the
//! selection moves.

use centralita_protocol::{
    Contact, ConversationDetail, ConversationState, ConversationSummary, Direction, Message,
};
use crossterm::event::KeyCode;

use super::app::App;
use super::effect::Effect;
use super::event::Reply;
use super::tests::{admin, ago, assert_screen, console, press, reply, type_text};

fn summary(id: u64, channel: &str, name: &str, unread: u32) -> ConversationSummary {
    ConversationSummary {
        id,
        contact: id + 100,
        contact_name: Some(name.to_owned()),
        channel: channel.to_owned(),
        account: "1122334455667".to_owned(),
        state: ConversationState::Open,
        assignee: None,
        unread,
        last_activity: ago(60 * i64::try_from(id).expect("small")),
        last_inbound_at: Some(ago(120)),
        preview: "hola".to_owned(),
    }
}

fn thread(id: u64) -> ConversationDetail {
    let message = |n: u64, direction, text: &str, status: &str| Message {
        id: n,
        conversation: id,
        external_id: format!("wamid.{n}"),
        direction,
        kind: "text".to_owned(),
        text: Some(text.to_owned()),
        media: None,
        status: status.to_owned(),
        error: None,
        reply_to: None,
        sent_at: ago(600 - 60 * i64::try_from(n).expect("small")),
    };
    ConversationDetail {
        conversation: summary(id, "whatsapp", "María Quispe", 2),
        contact: Contact {
            id: id + 100,
            name: Some("María Quispe".to_owned()),
            phone: Some("+51987654321".to_owned()),
            country: Some("PE".to_owned()),
            identities: vec![("whatsapp".to_owned(), "51987654321".to_owned())],
            tags: Vec::new(),
            created_at: ago(3600),
        },
        messages: vec![
            message(
                1,
                Direction::Inbound,
                "Hola, ¿tienen cita para mañana?",
                "received",
            ),
            message(
                2,
                Direction::Outbound,
                "Sí, a las 10:00 o a las 15:30.",
                "read",
            ),
            message(3, Direction::Inbound, "A las 10 por favor", "received"),
        ],
    }
}

fn inbox_console() -> App {
    let mut app = console(admin());
    type_text(&mut app, ":inbox");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadConversations]);
    let rows = vec![
        summary(1, "whatsapp", "María Quispe", 2),
        summary(2, "telegram", "Jorge Díaz", 0),
        summary(3, "messenger", "Ana Torres", 1),
    ];
    assert_eq!(
        app.update(reply(Reply::Conversations(rows))),
        [Effect::LoadConversation(1)],
        "the first thread loads with the list"
    );
    assert_eq!(
        app.update(reply(Reply::Conversation(Box::new(thread(1))))),
        [Effect::MarkRead(1)],
        "a thread with unread messages on screen is read"
    );
    app
}

#[test]
fn the_inbox_shows_conversations_beside_the_selected_thread() {
    let app = inbox_console();
    let screen = assert_screen("inbox_80x24", &app);
    assert!(screen.contains("María Quispe"));
    assert!(screen.contains("A las 10 por favor"));
}

#[test]
fn moving_the_selection_loads_that_thread() {
    let mut app = inbox_console();
    // Unread conversations come first: María (2 new), Ana (1), then Jorge (none).
    assert_eq!(
        press(&mut app, KeyCode::Char('j')),
        [Effect::LoadConversation(3)]
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('G')),
        [Effect::LoadConversation(2)]
    );
}

#[test]
fn i_opens_a_reply_prompt_and_enter_sends_it() {
    let mut app = inbox_console();
    assert_eq!(press(&mut app, KeyCode::Char('i')), []);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [],
        "an empty reply is not sent"
    );
    type_text(&mut app, "Sí, a las 10:00");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SendReply {
            conversation: 1,
            text: "Sí, a las 10:00".into()
        }]
    );
}

#[test]
fn a_slash_name_reply_sends_that_template() {
    let mut app = inbox_console();
    press(&mut app, KeyCode::Char('i'));
    type_text(&mut app, "/saludo");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SendTemplate {
            conversation: 1,
            name: "saludo".into()
        }]
    );
}

fn lead(id: u64, name: &str, funnel: &str, stage: &str) -> centralita_protocol::Lead {
    centralita_protocol::Lead {
        id,
        contact: id + 100,
        contact_name: Some(name.to_owned()),
        conversation: None,
        lead_type: centralita_protocol::LeadType::Sale,
        status: centralita_protocol::LeadStatus::New,
        funnel: funnel.to_owned(),
        stage: stage.to_owned(),
        stage_since: ago(3600),
        assignee: None,
        value: (id == 2).then(|| "1250.00".to_owned()),
        notes: Vec::new(),
        created_at: ago(7200),
    }
}

fn stage(funnel: &str, stage: &str) -> centralita_protocol::FunnelStage {
    centralita_protocol::FunnelStage {
        funnel: funnel.to_owned(),
        stage: stage.to_owned(),
        leads: 0,
        average_secs: 0,
    }
}

fn funnel_console() -> App {
    let mut app = console(admin());
    type_text(&mut app, ":funnel");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadFunnel]);
    app.update(reply(Reply::Funnel {
        leads: vec![
            lead(1, "María Quispe", "sales", "initial_chat"),
            lead(2, "Jorge Díaz", "sales", "negotiation"),
            lead(3, "Ana Torres", "sales", "initial_chat"),
            lead(4, "Pedro Rojas", "support", "initial_contact"),
        ],
        stages: vec![
            stage("support", "initial_contact"),
            stage("support", "support_process"),
            stage("support", "closing"),
            stage("sales", "initial_chat"),
            stage("sales", "negotiation"),
            stage("sales", "debate"),
            stage("sales", "closing"),
        ],
    }));
    app
}

#[test]
fn the_funnel_is_a_kanban_of_the_leads_in_each_stage() {
    let app = funnel_console();
    let screen = assert_screen("funnel_80x24", &app);
    assert!(screen.contains("sales funnel"));
    assert!(screen.contains("Jorge Díaz"));
}

#[test]
fn greater_than_moves_the_selected_lead_to_the_next_stage_and_f_switches_funnel() {
    let mut app = funnel_console();
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        press(&mut app, KeyCode::Char('>')),
        [Effect::MoveLead {
            id: 3,
            stage: "negotiation".into()
        }]
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('<')),
        [],
        "no stage before the first"
    );
    press(&mut app, KeyCode::Char('l'));
    assert_eq!(
        press(&mut app, KeyCode::Char('<')),
        [Effect::MoveLead {
            id: 2,
            stage: "initial_chat".into()
        }]
    );
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.funnel, "support");
    assert_eq!(app.cards("initial_contact").len(), 1);
}

#[test]
fn reminders_list_soonest_first_and_c_completes_z_snoozes() {
    let mut app = console(admin());
    type_text(&mut app, ":reminders");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadReminders]);
    let reminder = |id: u64, due: i64, text: &str| centralita_protocol::Reminder {
        id,
        lead: id + 10,
        due_at: ago(due),
        assignee: "ana".to_owned(),
        text: text.to_owned(),
        done: false,
        created_by: "ana".to_owned(),
    };
    app.update(reply(Reply::Reminders(vec![
        reminder(1, 600, "Llamar con la cotización"),
        reminder(2, -3600, "Confirmar la cita del sábado"),
    ])));
    let screen = assert_screen("reminders_80x24", &app);
    assert!(
        screen.contains("10m ago") && screen.contains("in 1h"),
        "{screen}"
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        [Effect::ReminderDone(1)]
    );
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        press(&mut app, KeyCode::Char('z')),
        [Effect::SnoozeReminder { id: 2, minutes: 60 }]
    );
}

#[test]
fn reports_draw_bars_and_n_and_d_change_report_and_period() {
    let mut app = console(admin());
    type_text(&mut app, ":reports");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadReport {
            name: "channels".into(),
            days: 30
        }]
    );
    app.update(reply(Reply::Report(centralita_protocol::Report {
        title: "Contacts and conversations by channel".into(),
        from: ago(30 * 86_400),
        to: ago(0),
        unit: "count".into(),
        rows: vec![
            ("conversations · whatsapp".into(), 42.0),
            ("conversations · telegram".into(), 21.0),
            ("new contacts · whatsapp".into(), 7.0),
        ],
    })));
    let screen = assert_screen("reports_80x24", &app);
    assert!(screen.contains("42.0") && screen.contains('█'), "{screen}");
    assert_eq!(
        press(&mut app, KeyCode::Char('n')),
        [Effect::LoadReport {
            name: "leads".into(),
            days: 30
        }]
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('d')),
        [Effect::LoadReport {
            name: "leads".into(),
            days: 90
        }]
    );
}

#[test]
fn contacts_list_names_phones_countries_and_channels() {
    let mut app = console(admin());
    type_text(&mut app, ":contacts");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadContacts]);
    app.update(reply(Reply::Contacts(vec![thread(1).contact])));
    let screen = assert_screen("contacts_80x24", &app);
    assert!(
        screen.contains("+51987654321") && screen.contains("PE") && screen.contains("whatsapp")
    );
}
