//! Console tests of the CRM tasks: the inbox's assign, resolve, filter and thread scroll; the
//! lead view opened from `:leads` and the funnel with its edit, note, move and reminder forms;
//! the `/` filters of `:leads` and `:contacts`; reminder times.

use centralita_protocol::{
    AssigneeFilter, Contact, ContactEdit, ContactFilter, ContactId, ConversationFilter,
    ConversationId, ConversationState, ConversationSummary, InvoiceId, Lead, LeadEdit, LeadFilter,
    LeadId, LeadNote, LeadStatus, LeadType, Reminder, ReminderId,
};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::App;
use super::effect::Effect;
use super::event::{Event, Reply};
use super::keymap;
use super::mode::{Form, Mode};
use super::tests::{
    COLOUR, acme_tenant, admin, agent, ago, assert_screen, console, now, operators, press,
    render_text, reply, type_text,
};
use super::views::lead::LeadDetail;
use super::views::{self, View, reminders};
use crate::text;

/// Snapshots the screen at `width`×`height` as `name`; returns its text.
pub(super) fn assert_screen_at(name: &str, app: &App, width: u16, height: u16) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(width, height)).expect("the test backend cannot fail");
    terminal
        .draw(|frame| views::draw(frame, app, COLOUR))
        .expect("the test backend cannot fail");
    insta::assert_snapshot!(name, terminal.backend());
    super::tests::screen_text(terminal.backend().buffer())
}

fn row(id: u64, name: &str, unread: u32) -> ConversationSummary {
    ConversationSummary {
        id: ConversationId(id),
        contact: ContactId(id + 100),
        contact_name: Some(name.to_owned()),
        channel: "whatsapp".to_owned(),
        account: "phone".to_owned(),
        state: ConversationState::Open,
        assignee: None,
        unread,
        last_activity: ago(60 * i64::try_from(id).expect("small")),
        last_inbound_at: Some(ago(120)),
        preview: "hola".to_owned(),
    }
}

/// `:inbox` with María (unread, selected), Jorge and Ana.
fn inbox() -> App {
    let mut app = console(admin());
    type_text(&mut app, ":inbox");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadConversations(ConversationFilter::default())]
    );
    let rows = vec![
        row(1, "María Quispe", 2),
        row(2, "Jorge Díaz", 0),
        row(3, "Ana Torres", 0),
    ];
    assert_eq!(
        app.update(reply(Reply::Conversations(rows))),
        [Effect::LoadConversation(ConversationId(1))]
    );
    app
}

#[test]
fn m_takes_the_selected_conversation_and_a_assigns_it_to_someone() {
    let mut app = inbox();
    assert_eq!(
        press(&mut app, KeyCode::Char('m')),
        [Effect::AssignConversation {
            id: ConversationId(1),
            assignee: Some("ana".into())
        }],
        "m is the operator at the keyboard"
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('A')),
        [Effect::LoadOperators],
        "the team to pick from"
    );
    assert!(matches!(
        app.mode,
        Mode::Prompt {
            form: Form::AssignConversation(ConversationId(1)),
            ..
        }
    ));
    app.update(reply(Reply::Operators(operators())));
    let screen = assert_screen_at("inbox_assign_picker_100x30", &app, 100, 30);
    assert!(
        screen.contains("Ana Torres · admin") && screen.contains("carla"),
        "{screen}"
    );
    // Tab completes a unique start; the list narrows to what is typed.
    type_text(&mut app, "b");
    assert_eq!(press(&mut app, KeyCode::Tab), []);
    let screen = render_text(&app, COLOUR);
    assert!(!screen.contains("carla"), "{screen}");
    assert!(matches!(&app.mode, Mode::Prompt { input, .. } if input.text() == "beto"));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::AssignConversation {
            id: ConversationId(1),
            assignee: Some("beto".into())
        }]
    );
    // The answer reloads the list with the filter in force, and the new assignee shows.
    assert_eq!(
        app.update(reply(Reply::Done(text::conversation_assignee_now(
            ConversationId(1),
            Some("beto")
        )))),
        [Effect::LoadConversations(ConversationFilter::default())]
    );
    let mut rows = vec![row(1, "María Quispe", 0), row(2, "Jorge Díaz", 0)];
    rows[0].assignee = Some("beto".into());
    rows[1].state = ConversationState::Resolved;
    app.update(reply(Reply::Conversations(rows)));
    let screen = assert_screen_at("inbox_assigned_100x30", &app, 100, 30);
    assert!(
        screen.contains("beto") && screen.contains("done"),
        "{screen}"
    );
    assert!(screen.contains("conversation 1 assigned to beto"));
    // An empty answer unassigns.
    press(&mut app, KeyCode::Char('A'));
    for _ in 0.."beto".len() {
        press(&mut app, KeyCode::Backspace);
    }
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::AssignConversation {
            id: ConversationId(1),
            assignee: None
        }]
    );
}

#[test]
fn what_an_action_says_stays_with_its_view_but_a_failure_follows_the_operator() {
    let mut app = inbox();
    press(&mut app, KeyCode::Char('m'));
    type_text(&mut app, ":jobs");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Jobs);
    let done = Event::Answer {
        reply: Reply::Done(text::conversation_assignee_now(
            ConversationId(1),
            Some("ana"),
        )),
        from: View::Inbox,
    };
    app.update(done);
    assert_eq!(app.status, None, "the inbox's news is not shown over :jobs");
    let failed = Event::Answer {
        reply: Reply::Failed(centralita_protocol::RpcError::conflict(
            "conversation 1 is resolved",
        )),
        from: View::Inbox,
    };
    app.update(failed);
    let (message, error) = app.status.clone().expect("the failure is shown");
    assert!(
        error && message == "in :inbox: conversation 1 is resolved",
        "{message}"
    );
    // On the view that asked, an answer is said as before.
    let here = Event::Answer {
        reply: Reply::Done("42 jobs retried".into()),
        from: View::Jobs,
    };
    app.update(here);
    assert_eq!(app.status, Some(("42 jobs retried".into(), false)));
}

#[test]
fn an_agent_is_offered_only_to_take_or_drop_a_conversation() {
    let mut app = console(agent());
    type_text(&mut app, ":inbox");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Conversations(vec![row(1, "María Quispe", 2)])));
    assert_eq!(
        press(&mut app, KeyCode::Char('A')),
        [],
        "an agent cannot read the team"
    );
    let screen = render_text(&app, COLOUR);
    assert!(
        screen.contains("me") && screen.contains("nobody"),
        "{screen}"
    );
    type_text(&mut app, "n");
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::AssignConversation {
            id: ConversationId(1),
            assignee: None
        }]
    );
}

#[test]
fn r_resolves_an_open_conversation_and_reopens_a_resolved_one() {
    let mut app = inbox();
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        [Effect::SetConversationState {
            id: ConversationId(1),
            state: ConversationState::Resolved
        }]
    );
    let mut rows = vec![row(1, "María Quispe", 0)];
    rows[0].state = ConversationState::Resolved;
    app.update(reply(Reply::Conversations(rows)));
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        [Effect::SetConversationState {
            id: ConversationId(1),
            state: ConversationState::Open
        }]
    );
}

#[test]
fn f_sends_the_customers_file_to_invoice_intake_and_says_what_it_became() {
    let mut app = inbox();
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        press(&mut app, KeyCode::Char('F')),
        [Effect::ChatFileToInvoice(ConversationId(2))],
        "the selected conversation"
    );
    app.update(reply(Reply::Done(text::chat_invoice_created(
        "whatsapp-41.pdf",
        InvoiceId(12),
    ))));
    let screen = render_text(&app, COLOUR);
    assert!(
        screen.contains("whatsapp-41.pdf: invoice 12 created"),
        "{screen}"
    );
    press(&mut app, KeyCode::Char('?'));
    let help = render_text(&app, COLOUR);
    assert!(help.contains("customer's file → invoice"), "{help}");
}

#[test]
fn slash_filters_the_inbox_on_the_daemon() {
    let mut app = inbox();
    type_text(
        &mut app,
        "/state:open assignee:me channel:whatsapp unread maría",
    );
    let filter = ConversationFilter {
        state: Some(ConversationState::Open),
        assignee: Some(AssigneeFilter::Me),
        channel: Some("whatsapp".into()),
        unread: true,
        search: Some("maría".into()),
        contact: None,
    };
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadConversations(filter)]
    );
    app.update(reply(Reply::Conversations(vec![row(1, "María Quispe", 2)])));
    let screen = assert_screen("inbox_filtered_80x24", &app);
    assert!(screen.contains("/state:open"), "{screen}");
    // A word like `key:` the inbox does not know is refused and the filter stays.
    type_text(&mut app, "/");
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "colour:red");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    assert!(app.status.as_ref().is_some_and(|(_, error)| *error));
    assert!(app.views.inbox.list.filter.unread, "the old filter stays");
}

#[test]
fn page_keys_scroll_the_thread_and_leave_the_selection() {
    let mut app = inbox();
    assert_eq!(press(&mut app, KeyCode::PageUp), []);
    assert_eq!(app.views.inbox.scroll, 10);
    assert_eq!(app.views.inbox.list.selected, 0);
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.views.inbox.scroll, 0);
}

#[test]
fn a_conversation_read_while_selected_keeps_its_place() {
    let mut app = inbox();
    // Reading María puts her among the read ones by activity (after Jorge, 2 min ago, she is
    // 1 min ago: still first) — make her the oldest to see that she does not move.
    let mut rows = vec![
        row(2, "Jorge Díaz", 1),
        row(3, "Ana Torres", 0),
        row(1, "María Quispe", 0),
    ];
    rows[2].last_activity = ago(3600);
    app.update(reply(Reply::Conversations(rows)));
    let ids: Vec<u64> = app
        .views
        .inbox
        .list
        .rows
        .iter()
        .map(|row| row.id.0)
        .collect();
    assert_eq!(
        app.views.inbox.list.current().map(|row| row.id),
        Some(ConversationId(1))
    );
    assert_eq!(app.views.inbox.list.selected, 1, "{ids:?}");
    // Once the selection moves on, she goes where she belongs.
    press(&mut app, KeyCode::Char('j'));
    let rows = vec![
        row(2, "Jorge Díaz", 1),
        row(3, "Ana Torres", 0),
        row(1, "María Quispe", 0),
    ];
    app.update(reply(Reply::Conversations(rows)));
    let ids: Vec<u64> = app
        .views
        .inbox
        .list
        .rows
        .iter()
        .map(|row| row.id.0)
        .collect();
    assert_eq!(ids, [2, 3, 1]);
}

fn lead(id: u64) -> Lead {
    Lead {
        id: LeadId(id),
        contact: ContactId(101),
        contact_name: Some("María Quispe".into()),
        conversation: Some(ConversationId(1)),
        lead_type: LeadType::Sale,
        status: LeadStatus::InProgress,
        funnel: "sales".into(),
        stage: "negotiation".into(),
        stage_since: ago(3 * 3600),
        assignee: Some("ana".into()),
        value: Some("1250.00".into()),
        notes: vec![LeadNote {
            at: ago(1800),
            author: "ana".into(),
            text: "quiere la cotización por correo".into(),
        }],
        created_at: ago(2 * 86_400),
    }
}

fn detail(id: u64) -> LeadDetail {
    LeadDetail {
        lead: lead(id),
        contact: Some(Contact {
            id: ContactId(101),
            name: Some("María Quispe".into()),
            phone: Some("+51987654321".into()),
            country: Some("PE".into()),
            email: None,
            identities: vec![("whatsapp".into(), "51987654321".into())],
            tags: vec!["vip".into()],
            notes: Vec::new(),
            created_at: ago(2 * 86_400),
        }),
        reminders: vec![Reminder {
            id: ReminderId(4),
            lead: LeadId(id),
            due_at: ago(-7200),
            assignee: "ana".into(),
            text: "llamar para cerrar".into(),
            done: false,
            created_by: "ana".into(),
        }],
        stages: vec![
            "initial_chat".into(),
            "negotiation".into(),
            "debate".into(),
            "closing".into(),
        ],
    }
}

/// `:leads` with two leads, then Enter on the first: the lead view, loaded.
pub(super) fn lead_view() -> App {
    let mut app = console(admin());
    type_text(&mut app, ":leads");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadLeads(LeadFilter::default())]
    );
    app.update(reply(Reply::Leads(vec![lead(7), lead(5)])));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadLead(LeadId(7))]
    );
    assert_eq!(app.view, View::Lead);
    assert_eq!(app.update(reply(Reply::Lead(Box::new(detail(7))))), []);
    app
}

#[test]
fn enter_on_a_lead_shows_its_fields_notes_reminders_and_contact() {
    let app = lead_view();
    let screen = assert_screen_at("lead_100x30", &app, 100, 30);
    for shown in [
        "in_progress",
        "[negotiation]",
        "quiere la cotización",
        "llamar para cerrar",
        "+51987654321",
        "whatsapp: 51987654321",
        "S/ 1.250,00",
    ] {
        assert!(screen.contains(shown), "{shown}: {screen}");
    }
    let screen = assert_screen("lead_80x24", &app);
    assert!(screen.contains("e edit field") && screen.contains("R reminder"));
}

#[test]
fn enter_on_a_funnel_card_opens_its_lead() {
    let mut app = console(admin());
    type_text(&mut app, ":funnel");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Funnel {
        leads: vec![lead(7)],
        stages: vec![centralita_protocol::FunnelStage {
            funnel: "sales".into(),
            stage: "negotiation".into(),
            leads: 1,
            average_secs: 0,
        }],
    }));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadLead(LeadId(7))]
    );
    assert_eq!(app.view, View::Lead);
    // Esc goes back to the kanban.
    assert_eq!(press(&mut app, KeyCode::Esc), [Effect::LoadFunnel]);
}

/// Opens form `key` on the lead view, types `input` and presses Enter.
fn fill(app: &mut App, key: char, input: &str) -> Vec<Effect> {
    assert_eq!(press(app, KeyCode::Char(key)), []);
    assert!(
        matches!(app.mode, Mode::Prompt { .. }),
        "{key} opens a form"
    );
    type_text(app, input);
    press(app, KeyCode::Enter)
}

#[test]
fn e_n_m_and_r_edit_annotate_move_and_remind_the_lead() {
    let mut app = lead_view();
    assert_eq!(
        fill(&mut app, 'e', "status won"),
        [Effect::EditLead {
            id: LeadId(7),
            edit: LeadEdit {
                status: Some(LeadStatus::Won),
                ..LeadEdit::default()
            }
        }]
    );
    assert_eq!(
        fill(&mut app, 'e', "assignee me"),
        [Effect::EditLead {
            id: LeadId(7),
            edit: LeadEdit {
                assignee: Some(Some("ana".into())),
                ..LeadEdit::default()
            }
        }]
    );
    assert_eq!(
        fill(&mut app, 'e', "value -"),
        [Effect::EditLead {
            id: LeadId(7),
            edit: LeadEdit {
                value: Some(None),
                ..LeadEdit::default()
            }
        }]
    );
    assert_eq!(
        fill(&mut app, 'n', "pidió descuento"),
        [Effect::NoteLead {
            id: LeadId(7),
            text: "pidió descuento".into()
        }]
    );
    assert_eq!(press(&mut app, KeyCode::Char('M')), []);
    let Mode::Prompt { label, .. } = &app.mode else {
        panic!("M asks for the stage");
    };
    assert!(
        label.contains("initial_chat, negotiation, debate, closing"),
        "{label}"
    );
    type_text(&mut app, "closing");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::MoveLead {
            id: LeadId(7),
            stage: "closing".into()
        }]
    );
    // HH:MM is today in the tenant's zone (now is 2026-09-21 09:13 in Lima).
    assert_eq!(
        fill(&mut app, 'R', "17:30 llamar a María"),
        [Effect::AddReminder {
            lead: LeadId(7),
            due: "2026-09-21 17:30".into(),
            text: "llamar a María".into()
        }]
    );
    assert_eq!(
        fill(&mut app, 'R', "2026-09-25 09:00 enviar contrato"),
        [Effect::AddReminder {
            lead: LeadId(7),
            due: "2026-09-25 09:00".into(),
            text: "enviar contrato".into()
        }]
    );
    // The answer says what happened and the lead loads again.
    assert_eq!(
        app.update(reply(Reply::Done(text::reminder_set_on_lead(
            ReminderId(9),
            LeadId(7)
        )))),
        [Effect::LoadLead(LeadId(7))]
    );
}

#[test]
fn a_reminder_time_is_parsed_strictly_and_the_form_stays_open() {
    let mut app = lead_view();
    for bad in [
        "9:30 llamar",
        "2026-09-25 09:00x llamar",
        "2026-9-25 09:00 llamar",
        "25:00 llamar",
        "17:30",
    ] {
        assert_eq!(fill(&mut app, 'R', bad), [], "{bad}");
        assert!(
            matches!(app.mode, Mode::Prompt { .. }),
            "{bad} keeps the form"
        );
        assert!(
            app.status.as_ref().is_some_and(|(_, error)| *error),
            "{bad}"
        );
        press(&mut app, KeyCode::Esc);
    }
    assert_eq!(fill(&mut app, 'e', "colour red"), []);
    assert_eq!(
        app.status.as_ref().map(|(message, _)| message.as_str()),
        Some(text::NEED_LEAD_FIELD.get())
    );
}

#[test]
fn slash_filters_leads_and_searches_contacts_on_the_daemon() {
    let mut app = console(admin());
    type_text(&mut app, ":leads");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "/status:won stage:closing assignee:nobody maría");
    let filter = LeadFilter {
        status: Some(LeadStatus::Won),
        stage: Some("closing".into()),
        assignee: Some(AssigneeFilter::Nobody),
        search: Some("maría".into()),
        ..LeadFilter::default()
    };
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadLeads(filter)]);
    app.update(reply(Reply::Leads(vec![lead(7)])));
    let screen = assert_screen_at("leads_filtered_100x30", &app, 100, 30);
    assert!(screen.contains("/status:won"), "{screen}");
    type_text(&mut app, "/status:maybe");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    assert!(app.status.as_ref().is_some_and(|(_, error)| *error));

    type_text(&mut app, ":contacts");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "/vip  lima");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadContacts(ContactFilter {
            search: Some("vip lima".into())
        })]
    );
}

#[test]
fn every_new_key_is_in_the_footer_or_help() {
    let listed = |view: View| -> Vec<&'static str> {
        keymap::help(view)
            .into_iter()
            .map(|(label, _)| label)
            .collect()
    };
    let inbox = listed(View::Inbox);
    for label in ["m", "A", "r", "/", "PgUp", "PgDn", "i"] {
        assert!(inbox.contains(&label), "inbox {label}: {inbox:?}");
    }
    let lead = listed(View::Lead);
    for label in ["e", "n", "M", "R"] {
        assert!(lead.contains(&label), "lead {label}: {lead:?}");
    }
    assert!(listed(View::Leads).contains(&"Enter") && listed(View::Leads).contains(&"/"));
    assert!(listed(View::Contacts).contains(&"/"));
    assert!(listed(View::Funnel).contains(&"Enter"));
}

#[test]
fn snoozes_are_minutes_from_now_to_the_time_asked() {
    let now = now();
    assert_eq!(reminders::parse_snooze("+30m", now, &lima()), Ok(30));
    assert_eq!(reminders::parse_snooze("+2h", now, &lima()), Ok(120));
    assert_eq!(reminders::parse_snooze("+1d", now, &lima()), Ok(1440));
    // Now is 09:13:20 in Lima: tomorrow 09:00 is 23 h 46 min 40 s away.
    assert_eq!(
        reminders::parse_snooze("tomorrow 09:00", now, &lima()),
        Ok(1427)
    );
    // A tenant in Mexico City (an hour behind Lima) waits an hour more.
    let mexico = jiff::tz::TimeZone::get("America/Mexico_City").expect("in the tz database");
    assert_eq!(
        reminders::parse_snooze("tomorrow 09:00", now, &mexico),
        Ok(1427 + 60)
    );
    assert_eq!(
        reminders::parse_snooze("mañana 09:00", now, &lima()),
        Ok(1427)
    );
    assert_eq!(reminders::parse_snooze("10:13", now, &lima()), Ok(60));
    assert_eq!(
        reminders::parse_snooze("2026-09-21 10:14", now, &lima()),
        Ok(61)
    );
    for bad in [
        "+30",
        "+m",
        "+0m",
        "+2h later",
        "08:00",
        "mañana 9:00",
        "+",
        "+5ñ",
    ] {
        assert!(reminders::parse_snooze(bad, now, &lima()).is_err(), "{bad}");
    }
}

fn reminder(id: u64, lead: u64, text: &str) -> Reminder {
    Reminder {
        id: ReminderId(id),
        lead: LeadId(lead),
        due_at: ago(-3600),
        assignee: "ana".into(),
        text: text.into(),
        done: false,
        created_by: "ana".into(),
    }
}

/// `:reminders` with two reminders.
fn reminders_view() -> App {
    let mut app = console(admin());
    type_text(&mut app, ":reminders");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadReminders]);
    app.update(reply(Reply::Reminders(vec![
        reminder(4, 7, "llamar para cerrar"),
        reminder(5, 8, "enviar catálogo"),
    ])));
    app
}

#[test]
fn reminders_are_added_edited_snoozed_to_a_time_and_done() {
    let mut app = reminders_view();
    assert_eq!(
        fill(&mut app, 'a', "7 2026-09-22 10:00 confirmar cita"),
        [Effect::AddReminder {
            lead: LeadId(7),
            due: "2026-09-22 10:00".into(),
            text: "confirmar cita".into()
        }]
    );
    // `e` starts from the reminder's time in the tenant's zone and its text.
    assert_eq!(press(&mut app, KeyCode::Char('e')), []);
    let Mode::Prompt { input, .. } = &app.mode else {
        panic!("e asks for the new time and text");
    };
    assert_eq!(input.text(), "2026-09-21 10:13 llamar para cerrar");
    for _ in 0.." llamar para cerrar".chars().count() {
        press(&mut app, KeyCode::Backspace);
    }
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::EditReminder {
            id: ReminderId(4),
            due: Some("2026-09-21 10:13".into()),
            text: None
        }],
        "a time alone keeps the text"
    );
    press(&mut app, KeyCode::Char('e'));
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "llamar a las 5");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::EditReminder {
            id: ReminderId(4),
            due: None,
            text: Some("llamar a las 5".into())
        }],
        "a text alone keeps the time"
    );
    assert_eq!(press(&mut app, KeyCode::Char('s')), []);
    type_text(&mut app, "ayer");
    let screen = assert_screen("reminder_snooze_80x24", &app);
    assert!(screen.contains("snooze reminder 4"), "{screen}");
    assert_eq!(press(&mut app, KeyCode::Enter), [], "not a time");
    assert!(app.status.as_ref().is_some_and(|(_, error)| *error));
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        fill(&mut app, 's', "+2h"),
        [Effect::SnoozeReminder {
            id: ReminderId(4),
            minutes: 120
        }]
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('d')),
        [Effect::ReminderDone(ReminderId(4))]
    );
    assert_eq!(
        app.update(reply(Reply::Done(text::reminder_saved(ReminderId(4))))),
        [Effect::LoadReminders]
    );
    let screen = assert_screen_at("reminders_100x30", &app, 100, 30);
    assert!(
        screen.contains("a add") && screen.contains("s snooze to…"),
        "{screen}"
    );
}

#[test]
fn contacts_are_edited_tagged_and_annotated_from_the_list() {
    let mut app = console(admin());
    type_text(&mut app, ":contacts");
    press(&mut app, KeyCode::Enter);
    let contact = detail(7).contact.expect("a contact");
    app.update(reply(Reply::Contacts(vec![contact])));
    assert_eq!(
        fill(&mut app, 'e', "name María Q. Rojas"),
        [Effect::EditContact {
            id: ContactId(101),
            edit: ContactEdit {
                name: Some("María Q. Rojas".into()),
                ..ContactEdit::default()
            }
        }]
    );
    assert_eq!(
        fill(&mut app, 'e', "email ana@clinica.pe"),
        [Effect::EditContact {
            id: ContactId(101),
            edit: ContactEdit {
                email: Some("ana@clinica.pe".into()),
                ..ContactEdit::default()
            }
        }]
    );
    assert_eq!(press(&mut app, KeyCode::Char('t')), []);
    let Mode::Prompt { input, .. } = &app.mode else {
        panic!("t asks for the tags");
    };
    assert_eq!(input.text(), "vip", "the tags it has now");
    type_text(&mut app, ", lima");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::EditContact {
            id: ContactId(101),
            edit: ContactEdit {
                tags: Some(vec!["vip".into(), "lima".into()]),
                ..ContactEdit::default()
            }
        }]
    );
    assert_eq!(
        fill(&mut app, 'n', "prefiere WhatsApp"),
        [Effect::NoteContact {
            id: ContactId(101),
            text: "prefiere WhatsApp".into()
        }]
    );
    assert_eq!(fill(&mut app, 'e', "address Av. Lima 123"), []);
    assert_eq!(
        app.status.as_ref().map(|(message, _)| message.as_str()),
        Some(text::NEED_CONTACT_FIELD.get())
    );
    press(&mut app, KeyCode::Esc);
    let screen = assert_screen_at("contacts_100x30", &app, 100, 30);
    assert!(
        screen.contains("e edit") && screen.contains("t tags"),
        "{screen}"
    );
}

#[test]
fn a_contact_opens_with_its_conversations_and_leads_and_merges_another_after_a_y() {
    let mut app = console(admin());
    type_text(&mut app, ":contacts");
    press(&mut app, KeyCode::Enter);
    let contact = detail(7).contact.expect("a contact");
    app.update(reply(Reply::Contacts(vec![contact.clone()])));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadContact(ContactId(101))]
    );
    assert_eq!(app.view, View::Contact);
    let mut other = row(5, "María Quispe", 0);
    other.state = ConversationState::Resolved;
    app.update(reply(Reply::Contact(Box::new(
        views::contact::ContactDetail {
            contact,
            conversations: vec![row(1, "María Quispe", 2), other],
            leads: vec![lead(7)],
        },
    ))));
    let screen = assert_screen_at("contact_100x30", &app, 100, 30);
    assert!(
        screen.contains("conversations (2)") && screen.contains("#7"),
        "{screen}"
    );

    // M asks for the other contact, names both in a y/n, and y merges.
    assert_eq!(fill(&mut app, 'M', "abc"), []);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|(message, _)| message.contains("not a contact id"))
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(fill(&mut app, 'M', "101"), [], "not into itself");
    assert_eq!(
        app.status.as_ref().map(|(message, _)| message.as_str()),
        Some(text::MERGE_INTO_ITSELF.get())
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        fill(&mut app, 'M', "9"),
        [Effect::AskMerge {
            into: ContactId(101),
            from: ContactId(9)
        }]
    );
    let mut duplicate = detail(7).contact.expect("a contact");
    duplicate.id = ContactId(9);
    duplicate.name = Some("Maria Quispe Rojas".into());
    app.update(reply(Reply::MergeCandidate {
        into: ContactId(101),
        from: Box::new(duplicate),
    }));
    let Mode::Confirm { question, .. } = &app.mode else {
        panic!("a y/n before merging");
    };
    assert!(
        question.contains("Maria Quispe Rojas (9)") && question.contains("(101)"),
        "{question}"
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        [Effect::MergeContacts {
            into: ContactId(101),
            from: ContactId(9)
        }]
    );

    // Enter on the second conversation opens it in the inbox, selected once the list comes.
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadConversations(ConversationFilter::default())]
    );
    assert_eq!(app.view, View::Inbox);
    let rows = vec![
        row(1, "María Quispe", 2),
        row(3, "Jorge Díaz", 0),
        row(5, "María Quispe", 0),
    ];
    app.update(reply(Reply::Conversations(rows)));
    assert_eq!(
        app.views.inbox.list.current().map(|c| c.id),
        Some(ConversationId(5))
    );
}

fn lima() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get("America/Lima").expect("the tz database has Lima")
}

#[test]
fn dollar_in_tenants_sets_the_current_tenants_currency_and_lead_values_follow_it() {
    let mut app = console(admin());
    type_text(&mut app, ":tenants");
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::Tenants(vec![acme_tenant("America/Lima")])));
    press(&mut app, KeyCode::Char('$'));
    assert!(
        matches!(&app.mode, Mode::Prompt { input, .. } if input.text() == "PEN"),
        "the prompt starts from the currency in force: {:?}",
        app.mode
    );
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(press(&mut app, KeyCode::Enter), [], "PENu is not a code");
    let (message, error) = app.status.clone().expect("an error");
    assert!(error && message.contains("ISO 4217"), "{message}");
    type_text(&mut app, "cop");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SetTenantCurrency("COP".into())]
    );
    app.update(reply(Reply::Done(text::currency_set("acme", "COP"))));
    let mut acme = acme_tenant("America/Lima");
    acme.currency = "COP".into();
    app.update(reply(Reply::Tenants(vec![acme])));
    assert_eq!(app.currency, "COP");
    type_text(&mut app, ":leads");
    press(&mut app, KeyCode::Enter);
    let mut lead = lead(7);
    lead.value = Some("150000.00".into());
    app.update(reply(Reply::Leads(vec![lead])));
    let screen = render_text(&app, COLOUR);
    assert!(screen.contains("$ 150.000,00 COP"), "{screen}");
}
