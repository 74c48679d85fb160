//! Console tests of `:inbox` (the conversation list beside the selected thread, loaded as the
//! selection moves; the composer with its quick reply picker and attachments) and of the CRM
//! views.

use centralita_protocol::{
    Contact, ContactFilter, ContactId, ConversationDetail, ConversationFilter, ConversationId,
    ConversationState, ConversationSummary, Direction, LeadId, Message, MessageId, QuickReply,
    ReminderId, RpcError, WhatsAppTemplate, said::Words,
};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::App;
use super::effect::Effect;
use super::event::{Event, Reply};
use super::mode::Mode;
use super::tests::{
    COLOUR, admin, ago, assert_screen, console, press, render_text, reply, type_text,
};
use crate::text;

pub(super) fn summary(id: u64, channel: &str, name: &str, unread: u32) -> ConversationSummary {
    ConversationSummary {
        id: ConversationId(id),
        contact: ContactId(id + 100),
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
        id: MessageId(n),
        conversation: ConversationId(id),
        external_id: format!("wamid.{n}"),
        direction,
        kind: "text".to_owned(),
        text: Some(text.to_owned()),
        media: None,
        status: status.to_owned(),
        error: None,
        error_words: None,
        reply_to: None,
        sent_at: ago(600 - 60 * i64::try_from(n).expect("small")),
    };
    ConversationDetail {
        conversation: summary(id, "whatsapp", "María Quispe", 2),
        contact: Contact {
            id: ContactId(id + 100),
            name: Some("María Quispe".to_owned()),
            phone: Some("+51987654321".to_owned()),
            country: Some("PE".to_owned()),
            email: None,
            identities: vec![("whatsapp".to_owned(), "51987654321".to_owned())],
            tags: Vec::new(),
            notes: Vec::new(),
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

/// The inbox with María's thread, where a last reply failed: WhatsApp refused it, as the
/// daemon words it (its English, and the catalog's words with WhatsApp's own as a value).
pub(super) fn inbox_with_a_failed_reply() -> App {
    let mut app = inbox_console();
    let mut detail = thread(1);
    let provider_words = "(#131026) Message undeliverable (code 131026)";
    detail.messages.push(Message {
        id: MessageId(4),
        text: Some("Le confirmo a las 10:00".to_owned()),
        status: "failed".to_owned(),
        error: Some(format!("whatsapp refused the message: {provider_words}")),
        error_words: Some(Words {
            key: "send_refused".to_owned(),
            args: vec!["whatsapp".to_owned(), provider_words.to_owned()],
            inner: None,
        }),
        sent_at: ago(60),
        ..detail.messages[1].clone()
    });
    app.update(reply(Reply::Conversation(Box::new(detail))));
    app
}

pub(super) fn inbox_console() -> App {
    let mut app = console(admin());
    type_text(&mut app, ":inbox");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadConversations(ConversationFilter::default())]
    );
    let rows = vec![
        summary(1, "whatsapp", "María Quispe", 2),
        summary(2, "telegram", "Jorge Díaz", 0),
        summary(3, "messenger", "Ana Torres", 1),
    ];
    assert_eq!(
        app.update(reply(Reply::Conversations(rows))),
        [Effect::LoadConversation(ConversationId(1))],
        "the first thread loads with the list"
    );
    assert_eq!(
        app.update(reply(Reply::Conversation(Box::new(thread(1))))),
        [Effect::MarkRead(ConversationId(1))],
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
fn a_failed_reply_says_why_under_its_status() {
    let app = inbox_with_a_failed_reply();
    let screen = assert_screen("inbox_failed_reply_80x24", &app);
    assert!(screen.contains("failed"), "{screen}");
    assert!(
        screen.contains("! whatsapp refused the message:"),
        "{screen}"
    );
    assert!(screen.contains("(#131026) Message"), "{screen}");
}

#[test]
fn moving_the_selection_loads_that_thread() {
    let mut app = inbox_console();
    // Unread conversations come first: María (2 new), Ana (1), then Jorge (none).
    assert_eq!(
        press(&mut app, KeyCode::Char('j')),
        [Effect::LoadConversation(ConversationId(3))]
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('G')),
        [Effect::LoadConversation(ConversationId(2))]
    );
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    app.update(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

fn quick_reply(name: &str, channels: &[&str], body: &str) -> QuickReply {
    QuickReply {
        name: name.to_owned(),
        category: String::new(),
        channels: channels
            .iter()
            .map(|channel| (*channel).to_owned())
            .collect(),
        body: body.to_owned(),
    }
}

fn whatsapp_template(name: &str, status: &str, variables: u32, body: &str) -> WhatsAppTemplate {
    WhatsAppTemplate {
        name: name.to_owned(),
        language: "es".to_owned(),
        status: status.to_owned(),
        category: Some("UTILITY".to_owned()),
        body: Some(body.to_owned()),
        variables,
        reason: None,
        updated_at: ago(86_400),
    }
}

/// The inbox with the composer open on María's WhatsApp conversation and the templates
/// loaded.
fn composing() -> App {
    let mut app = inbox_console();
    assert_eq!(
        press(&mut app, KeyCode::Char('i')),
        [Effect::LoadQuickReplies, Effect::LoadWhatsAppTemplates],
        "on WhatsApp the picker also offers WhatsApp templates"
    );
    app.update(reply(Reply::QuickReplies(vec![
        quick_reply(
            "saludo",
            &[],
            "Hola {{first_name}}, soy {{agent}}. ¿En qué te ayudo?",
        ),
        quick_reply("horarios", &["whatsapp"], "Atendemos de 9:00 a 18:00."),
        quick_reply("sala_telegram", &["telegram"], "Únete a la sala."),
        quick_reply("seguimiento", &[], "¿Pudiste revisar la cotización?"),
    ])));
    app.update(reply(Reply::WhatsAppTemplates(vec![
        whatsapp_template(
            "cita_recordatorio",
            "APPROVED",
            2,
            "Hola {{1}}, tu cita es el {{2}}.",
        ),
        whatsapp_template("saludo_promo", "REJECTED", 0, "Promo"),
        whatsapp_template("seguimiento_pago", "APPROVED", 0, "¿Pudiste hacer el pago?"),
    ])));
    app
}

#[test]
fn i_opens_a_multi_line_composer_under_the_thread() {
    let mut app = composing();
    type_text(&mut app, "Sí, tenemos cita a las 10:00.");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "¿Te la reservo?");
    let screen = assert_screen("inbox_composer_80x24", &app);
    assert!(screen.contains("reply to María Quispe"), "{screen}");
    assert!(screen.contains("Sí, tenemos cita a las 10:00."), "{screen}");
    assert!(screen.contains("¿Te la reservo?▏"), "{screen}");
    assert!(
        screen.contains(text::COMPOSE_HINT.get()),
        "the footer is the composer's hint"
    );
    assert!(
        screen.contains("A las 10 por favor"),
        "the thread stays above"
    );
}

#[test]
fn the_composer_says_when_the_24_hour_window_is_closed() {
    let mut app = inbox_console();
    app.views.inbox.list.rows[0].last_inbound_at = Some(ago(25 * 3600));
    press(&mut app, KeyCode::Char('i'));
    let screen = render_text(&app, COLOUR);
    assert!(
        screen.contains(text::WINDOW_CLOSED_WHATSAPP.get()),
        "{screen}"
    );
    press(&mut app, KeyCode::Esc);
    app.views.inbox.list.rows[0].last_inbound_at = Some(ago(60));
    press(&mut app, KeyCode::Char('i'));
    assert!(!render_text(&app, COLOUR).contains(text::WINDOW_CLOSED_WHATSAPP.get()));
}

#[test]
fn ctrl_s_sends_the_multi_line_text_and_enter_is_a_new_line() {
    let mut app = composing();
    assert_eq!(ctrl(&mut app, 's'), [], "an empty reply is not sent");
    assert_eq!(app.status, Some((text::NEED_REPLY_TEXT.to_string(), true)));
    type_text(&mut app, "Sí, a las 10:00");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    type_text(&mut app, "Te esperamos");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        ctrl(&mut app, 's'),
        [Effect::SendReply {
            conversation: ConversationId(1),
            text: "Sí, a las 10:00\nTe esperamos".into()
        }],
        "the blank line at the end is not sent"
    );
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn a_refused_reply_stays_as_a_draft_and_a_queued_one_does_not() {
    let mut app = composing();
    type_text(&mut app, "Hola");
    ctrl(&mut app, 's');
    app.update(reply(Reply::Failed(RpcError::invalid(
        "the 24-hour window is closed",
    ))));
    assert_eq!(press(&mut app, KeyCode::Char('i')).len(), 2);
    let Mode::Compose(composer) = &app.mode else {
        panic!("the composer is open")
    };
    assert_eq!(composer.text, "Hola", "the refused text comes back");
    ctrl(&mut app, 's');
    assert_eq!(
        app.update(reply(Reply::Sent {
            conversation: ConversationId(1),
            message: MessageId(9),
            draft: Some("Hola".into()),
        })),
        [Effect::LoadConversations(ConversationFilter::default())],
        "the thread reloads"
    );
    assert_eq!(app.status, Some(("message 9 queued".to_owned(), false)));
    assert!(app.views.inbox.drafts.is_empty());
}

#[test]
fn esc_closes_the_composer_and_keeps_the_draft_of_that_conversation() {
    let mut app = composing();
    type_text(&mut app, "Un momento");
    assert_eq!(press(&mut app, KeyCode::Esc), []);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        press(&mut app, KeyCode::Char('j')),
        [Effect::LoadConversation(ConversationId(3))]
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('i')),
        [Effect::LoadQuickReplies],
        "Messenger has no WhatsApp templates"
    );
    let Mode::Compose(composer) = &app.mode else {
        panic!("the composer is open")
    };
    assert_eq!(composer.text, "", "another conversation, no draft");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('i'));
    let Mode::Compose(composer) = &app.mode else {
        panic!("the composer is open")
    };
    assert_eq!(composer.text, "Un momento");
}

#[test]
fn slash_opens_the_reply_picker_filtered_by_what_follows() {
    let mut app = composing();
    type_text(&mut app, "/seg");
    let screen = assert_screen("inbox_reply_picker_80x24", &app);
    assert!(screen.contains("replies (2)"), "{screen}");
    assert!(
        screen.contains("/seguimiento  ¿Pudiste revisar"),
        "{screen}"
    );
    assert!(
        screen.contains("/seguimiento_pago [WhatsApp es]"),
        "{screen}"
    );
    assert!(screen.contains(text::PICK_HINT.get()));
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    let screen = render_text(&app, COLOUR);
    assert!(screen.contains("replies (4)"), "{screen}");
    let saludo = screen.find("/saludo").expect("saludo is offered");
    let horarios = screen
        .find("/horarios")
        .expect("horarios is offered on WhatsApp");
    assert!(saludo < horarios, "names starting with /s come first");
    assert!(!screen.contains("sala_telegram"), "not offered on WhatsApp");
    assert!(
        !screen.contains("saludo_promo"),
        "only approved WhatsApp templates"
    );
    assert!(!screen.contains("cita_recordatorio"), "{screen}");
}

#[test]
fn a_quick_reply_is_shown_filled_by_the_daemon_and_sent_only_on_enter() {
    let mut app = composing();
    type_text(&mut app, "/s");
    press(&mut app, KeyCode::Down);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::PreviewQuickReply {
            conversation: ConversationId(1),
            name: "seguimiento".into()
        }],
        "picking asks the daemon for the filled text"
    );
    // Enter before the text comes sends nothing.
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    app.update(reply(Reply::QuickReplyPreview {
        conversation: ConversationId(1),
        name: "seguimiento".into(),
        text: "Hola María, le escribe Ana Torres.".into(),
    }));
    let screen = assert_screen("inbox_reply_preview_80x24", &app);
    assert!(
        screen.contains("Hola María, le escribe Ana Torres."),
        "{screen}"
    );
    // Esc goes back to the list; picking again and Enter on the preview sends it.
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(&app.mode, Mode::Compose(composer) if matches!(composer.step, crate::console::composer::Step::Picking { .. }))
    );
    type_text(&mut app, "s");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    app.update(reply(Reply::QuickReplyPreview {
        conversation: ConversationId(1),
        name: "seguimiento".into(),
        text: "Hola María, le escribe Ana Torres.".into(),
    }));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SendQuickReply {
            conversation: ConversationId(1),
            name: "seguimiento".into()
        }]
    );
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn backspace_and_esc_leave_the_picker_and_a_space_makes_the_slash_text() {
    let mut app = composing();
    type_text(&mut app, "/");
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "/x");
    press(&mut app, KeyCode::Esc);
    let Mode::Compose(composer) = &app.mode else {
        panic!("Esc in the picker goes back to the text")
    };
    assert_eq!(composer.text, "");
    type_text(&mut app, "/dev/null es un archivo");
    assert_eq!(
        ctrl(&mut app, 's'),
        [Effect::SendReply {
            conversation: ConversationId(1),
            text: "/dev/null es un archivo".into()
        }]
    );
}

#[test]
fn a_whatsapp_template_with_variables_asks_their_values_separated_by_bars() {
    let mut app = composing();
    type_text(&mut app, "/cita");
    assert_eq!(press(&mut app, KeyCode::Enter), []);
    let screen = render_text(&app, COLOUR);
    assert!(screen.contains("cita_recordatorio (2 values)"), "{screen}");
    assert!(
        screen.contains("Hola {{1}}, tu cita es el {{2}}."),
        "{screen}"
    );
    type_text(&mut app, "María");
    assert_eq!(press(&mut app, KeyCode::Enter), [], "one value of two");
    assert_eq!(app.status, Some((text::need_template_values(2), true)));
    type_text(&mut app, " | sábado 10:00");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SendWhatsAppTemplate {
            conversation: ConversationId(1),
            name: "cita_recordatorio".into(),
            language: "es".into(),
            variables: vec!["María".into(), "sábado 10:00".into()],
        }]
    );
}

#[test]
fn a_whatsapp_template_without_variables_goes_at_once() {
    let mut app = composing();
    type_text(&mut app, "/seguimiento_");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SendWhatsAppTemplate {
            conversation: ConversationId(1),
            name: "seguimiento_pago".into(),
            language: "es".into(),
            variables: Vec::new(),
        }]
    );
}

#[test]
fn ctrl_a_asks_for_a_file_and_uploads_it_with_the_text_as_caption() {
    let mut app = composing();
    type_text(&mut app, "Tu cotización");
    assert_eq!(ctrl(&mut app, 'a'), []);
    let screen = render_text(&app, COLOUR);
    assert!(screen.contains("file (~ is home): ▏"), "{screen}");
    assert!(screen.contains("caption: Tu cotización"), "{screen}");
    assert!(screen.contains(text::ATTACH_HINT.get()), "{screen}");
    assert_eq!(press(&mut app, KeyCode::Enter), [], "a path is needed");
    assert_eq!(app.status, Some((text::NEED_FILE_PATH.to_string(), true)));
    type_text(&mut app, "~/cotización.pdf");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SendFile {
            conversation: ConversationId(1),
            path: "~/cotización.pdf".into(),
            caption: Some("Tu cotización".into()),
        }]
    );
    assert_eq!(
        app.status,
        Some((text::uploading("cotización.pdf", None), false))
    );
    assert_eq!(
        app.update(reply(Reply::Progress(text::uploading(
            "cotización.pdf",
            Some(40)
        )))),
        []
    );
    assert!(render_text(&app, COLOUR).contains("uploading cotización.pdf… 40%"));
}

#[test]
fn a_file_without_text_has_no_caption_and_esc_goes_back_to_the_text() {
    let mut app = composing();
    ctrl(&mut app, 'a');
    type_text(&mut app, "x");
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Compose(_)), "back to the text");
    ctrl(&mut app, 'a');
    type_text(&mut app, "/tmp/foto.jpg");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::SendFile {
            conversation: ConversationId(1),
            path: "/tmp/foto.jpg".into(),
            caption: None,
        }]
    );
}

fn lead(id: u64, name: &str, funnel: &str, stage: &str) -> centralita_protocol::Lead {
    centralita_protocol::Lead {
        id: LeadId(id),
        contact: ContactId(id + 100),
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
            id: LeadId(3),
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
            id: LeadId(2),
            stage: "initial_chat".into()
        }]
    );
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.views.funnel.funnel, "support");
    assert_eq!(app.views.funnel.cards("initial_contact").len(), 1);
}

#[test]
fn the_funnel_shows_the_tenants_own_funnels_when_there_is_no_sales_one() {
    let mut app = console(admin());
    type_text(&mut app, ":funnel");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadFunnel]);
    app.update(reply(Reply::Funnel {
        leads: vec![
            lead(1, "María Quispe", "rentals", "visit"),
            lead(2, "Jorge Díaz", "repairs", "diagnosis"),
        ],
        stages: vec![
            stage("rentals", "new"),
            stage("rentals", "visit"),
            stage("rentals", "contract"),
            stage("repairs", "diagnosis"),
            stage("repairs", "done"),
        ],
    }));
    assert_eq!(
        app.views.funnel.funnel, "rentals",
        "the first funnel when sales is not one"
    );
    assert_eq!(app.views.funnel.columns(), ["new", "visit", "contract"]);
    let screen = render_text(&app, COLOUR);
    assert!(
        screen.contains("rentals funnel") && screen.contains("María Quispe"),
        "{screen}"
    );
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.views.funnel.funnel, "repairs");
    assert_eq!(app.views.funnel.cards("diagnosis").len(), 1);
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(
        app.views.funnel.funnel, "rentals",
        "f cycles through all of them"
    );
}

#[test]
fn reminders_list_soonest_first_and_c_completes_z_snoozes() {
    let mut app = console(admin());
    type_text(&mut app, ":reminders");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadReminders]);
    let reminder = |id: u64, due: i64, text: &str| centralita_protocol::Reminder {
        id: ReminderId(id),
        lead: LeadId(id + 10),
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
        screen.contains("today 09:03 · 10m ago") && screen.contains("today 10:13 · in 1h"),
        "{screen}"
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        [Effect::ReminderDone(ReminderId(1))]
    );
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        press(&mut app, KeyCode::Char('z')),
        [Effect::SnoozeReminder {
            id: ReminderId(2),
            minutes: 60
        }]
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
    assert!(
        screen.contains("whatsapp        42 ") && screen.contains('█'),
        "{screen}"
    );
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
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadContacts(ContactFilter::default())]
    );
    app.update(reply(Reply::Contacts(vec![thread(1).contact])));
    let screen = assert_screen("contacts_80x24", &app);
    assert!(
        screen.contains("+51987654321") && screen.contains("PE") && screen.contains("whatsapp")
    );
}

#[test]
fn multi_line_messages_and_files_keep_their_lines_in_the_thread() {
    let mut app = inbox_console();
    let mut detail = thread(1);
    let mut reply = detail.messages[1].clone();
    reply.id = MessageId(4);
    reply.text = Some("Hola María,\nsí, a las 10:00.".to_owned());
    reply.status = "delivered".to_owned();
    let mut photo = detail.messages[0].clone();
    photo.id = MessageId(5);
    photo.kind = "image".to_owned();
    photo.text = Some("mi receta".to_owned());
    photo.media = Some("blob:ab12 (image/png, 2048 bytes)".to_owned());
    detail.messages.extend([reply, photo]);
    app.update(super::tests::reply(Reply::Conversation(Box::new(detail))));
    let screen = assert_screen("inbox_thread_lines_80x24", &app);
    assert!(screen.contains("› 09:05 Hola María,"), "{screen}");
    assert!(screen.contains("  sí, a las 10:00.  delivered"), "{screen}");
    assert!(screen.contains("‹ 09:04 [image] mi receta"), "{screen}");
}

#[test]
fn the_thread_shows_each_messages_time_and_a_line_where_a_day_starts() {
    let mut app = inbox_console();
    let mut detail = thread(1);
    // Saturday evening, Sunday morning, then the three of today (Monday 21 Sep, Lima).
    let days = [
        (2 * 86_400 - 3_600, "¿Atienden el sábado?"),
        (86_400 + 3_600, "Buenos días"),
    ];
    for (index, (back, text)) in days.into_iter().enumerate() {
        let mut old = detail.messages[0].clone();
        old.id = MessageId(10 + u64::try_from(index).expect("small"));
        old.text = Some(text.to_owned());
        old.sent_at = ago(back);
        detail.messages.insert(index, old);
    }
    app.update(super::tests::reply(Reply::Conversation(Box::new(detail))));
    let screen = assert_screen("inbox_thread_days_80x24", &app);
    for line in ["── Saturday Sep 19 ──", "── yesterday ──", "── today ──"]
    {
        assert!(screen.contains(line), "{line} in\n{screen}");
    }
    // The times are the tenant's: the same thread in UTC moves five hours on.
    assert!(screen.contains("‹ 09:04 Hola"), "{screen}");
    app.zone = jiff::tz::TimeZone::UTC;
    assert!(render_text(&app, COLOUR).contains("‹ 14:04 Hola"));
}

#[test]
fn the_tenants_zone_follows_the_tenant() {
    let mut app = console(admin());
    assert_eq!(app.zone.iana_name(), Some("America/Lima"));
    press(&mut app, KeyCode::Char('t'));
    let mut tenants = vec![super::tests::acme_tenant("America/Santiago")];
    app.update(reply(Reply::Tenants(tenants.clone())));
    assert_eq!(app.zone.iana_name(), Some("America/Santiago"), "acme moved");
    tenants[0].id = centralita_protocol::TenantId::new("clinica-sur").expect("valid");
    tenants[0].zone = "America/Bogota".into();
    app.update(reply(Reply::Tenants(tenants)));
    assert_eq!(app.zone.iana_name(), Some("America/Santiago"), "not acme");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.tenant.as_str(), "clinica-sur");
    assert_eq!(app.zone.iana_name(), Some("America/Bogota"));
}
