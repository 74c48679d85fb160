//! Console tests of `:mail`, the mail message view and `:mailboxes`: snapshots at 80×24 and the
//! key flows (open, the mailbox filter, sync and full resync, opening the invoice an
//! attachment became, and the mailbox forms).

use centralita_protocol::{
    AttachmentOutcome, ConnectionId, InvoiceId, MailAttachment, MailMessage, MailMessageDetail,
    MailMessageId, Mailbox, MailboxId, MailboxSettings,
};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::App;
use super::crm_tests::assert_screen_at;
use super::effect::Effect;
use super::event::Reply;
use super::keymap;
use super::mode::{Form, Mode};
use super::tests::{
    COLOUR, admin, agent, ago, assert_screen, console, press, render_text, reply, type_text,
};
use super::views::View;
use crate::text;

/// Messages in the list fixture, newest first from [`NEWEST`]; the even ones came to mailbox
/// 2, the odd ones to mailbox 1.
const MESSAGES: u64 = 12;
const NEWEST: MailMessageId = MailMessageId(40);

fn mailbox(id: u64, account: &str, last_error: Option<&str>) -> Mailbox {
    Mailbox {
        id: MailboxId(id),
        connection: ConnectionId(id + 2),
        account: account.to_owned(),
        settings: MailboxSettings {
            labels: if id == 1 {
                vec!["INBOX".to_owned()]
            } else {
                vec!["INBOX".to_owned(), "Facturas".to_owned()]
            },
            every_minutes: 15 * u32::try_from(id).expect("small"),
            query: (id == 2).then(|| "has:attachment".to_owned()),
        },
        last_sync: Some(ago(180 * i64::try_from(id).expect("small"))),
        last_error: last_error.map(str::to_owned),
        last_error_words: None,
        messages: 120 * id,
        invoices: 14 * id,
        full_sync_pending: false,
        created_at: ago(86_400 * 30),
        created_by: "ana".to_owned(),
    }
}

/// Three mailboxes: a healthy one, one whose token was revoked, one still on its first sync.
fn mailboxes() -> Vec<Mailbox> {
    let mut pending = mailbox(3, "", None);
    pending.last_sync = None;
    pending.full_sync_pending = true;
    pending.messages = 0;
    pending.invoices = 0;
    vec![
        mailbox(1, "compras@acme.pe", None),
        mailbox(
            2,
            "facturas@acme.pe",
            Some("token revoked at Google: authorize connection 4 again"),
        ),
        pending,
    ]
}

fn message(id: u64) -> MailMessage {
    const SENDERS: [(&str, &str); 4] = [
        (
            "Ferretería El Sol <facturas@elsol.pe>",
            "Factura electrónica F001-00107",
        ),
        (
            "Clínica Norte <cobranzas@clinicanorte.co>",
            "Glosa y factura de octubre",
        ),
        ("María Quispe <maria@gmail.com>", "Re: cotización implantes"),
        (
            "SUNAT <no-reply@sunat.gob.pe>",
            "Comprobante de pago electrónico",
        ),
    ];
    let (from, subject) = SENDERS[usize::try_from(id % 4).expect("small")];
    let attachments = u32::try_from(id % 3).expect("small");
    MailMessage {
        id: MailMessageId(id),
        mailbox: if id.is_multiple_of(2) {
            MailboxId(2)
        } else {
            MailboxId(1)
        },
        from: from.to_owned(),
        subject: subject.to_owned(),
        received_at: ago(600 * i64::try_from(NEWEST.0 - id + 1).expect("small")),
        attachments,
        invoices: attachments.min(u32::from(id % 4 != 2)),
    }
}

fn messages() -> Vec<MailMessage> {
    (0..MESSAGES)
        .map(|index| message(NEWEST.0 - index))
        .collect()
}

/// Message 40 (mailbox 2) with an attachment of each outcome.
fn detail() -> MailMessageDetail {
    let attachment = |name: &str, content_type: &str, size, outcome| MailAttachment {
        name: name.to_owned(),
        content_type: content_type.to_owned(),
        size,
        outcome,
        body: false,
    };
    MailMessageDetail {
        message: message(NEWEST.0),
        to: vec!["facturas@acme.pe".to_owned()],
        date: Some(ago(6_000)),
        labels: vec!["INBOX".to_owned(), "Facturas".to_owned()],
        text: (1..=30)
            .map(|line| format!("línea {line} del mensaje"))
            .collect::<Vec<_>>()
            .join("\n"),
        attachments: vec![
            attachment(
                "F001-00107.pdf",
                "application/pdf",
                48_213,
                AttachmentOutcome::Invoice {
                    invoice: InvoiceId(107),
                    duplicate: false,
                },
            ),
            attachment(
                "logo.png",
                "image/png",
                900,
                AttachmentOutcome::Skipped {
                    reason: "not an invoice document".to_owned(),
                    key: None,
                    args: Vec::new(),
                },
            ),
            attachment(
                "facturas.zip/F001-00108.xml",
                "application/xml",
                3_400_000,
                AttachmentOutcome::Queued,
            ),
        ],
        note: None,
        gmail_id: "18c2f0a1b2c3d4e5".to_owned(),
    }
}

fn mail_reload(mailbox: Option<MailboxId>) -> Vec<Effect> {
    vec![
        Effect::LoadMail {
            mailbox,
            before: None,
        },
        Effect::LoadMailboxes,
    ]
}

/// A console on `:mail` with the message and mailbox fixtures loaded.
fn mail_console(identity: centralita_protocol::OperatorIdentity) -> App {
    let mut app = console(identity);
    assert_eq!(type_text(&mut app, ":mail"), []);
    assert_eq!(press(&mut app, KeyCode::Enter), mail_reload(None));
    assert_eq!(app.view, View::Mail);
    app.update(reply(Reply::Mail {
        mailbox: None,
        messages: messages(),
        next: None,
        append: false,
    }));
    app.update(reply(Reply::Mailboxes(mailboxes())));
    app
}

/// The console with message 40 open.
fn message_console() -> App {
    let mut app = mail_console(admin());
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadMailMessage(NEWEST)]
    );
    assert_eq!(app.view, View::MailMessage);
    assert!(render_text(&app, COLOUR).contains(text::LOADING.get()));
    app.update(reply(Reply::MailMessage(Box::new(detail()))));
    app
}

/// A console on `:mailboxes` with the mailbox fixture, the one with an error selected.
fn mailboxes_console(identity: centralita_protocol::OperatorIdentity) -> App {
    let mut app = console(identity);
    type_text(&mut app, ":mailboxes");
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::LoadMailboxes]);
    app.update(reply(Reply::Mailboxes(mailboxes())));
    press(&mut app, KeyCode::Char('j'));
    app
}

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn mail_list_shows_messages_newest_first_with_their_files_and_invoices() {
    let app = mail_console(admin());
    let screen = assert_screen("mail_80x24", &app);
    assert!(screen.contains(" mail (12) "));
    assert!(screen.contains(text::ALL_MAILBOXES.get()));
    let newest = screen
        .find("Ferretería El Sol")
        .expect("message 40 is listed");
    let older = screen.find("SUNAT").expect("message 39 is listed");
    assert!(newest < older, "newest first");
}

#[test]
fn the_mailbox_filter_shows_its_sync_and_last_error_on_top() {
    let mut app = mail_console(admin());
    assert_eq!(
        press(&mut app, KeyCode::Char('m')),
        mail_reload(Some(MailboxId(1)))
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('m')),
        mail_reload(Some(MailboxId(2)))
    );
    let only_two: Vec<MailMessage> = messages()
        .into_iter()
        .filter(|message| message.mailbox == MailboxId(2))
        .collect();
    app.update(reply(Reply::Mail {
        mailbox: Some(MailboxId(1)),
        messages: messages(),
        next: None,
        append: false,
    }));
    assert!(
        app.views.mail.list.rows.is_empty(),
        "mailbox 1's answer came after m picked mailbox 2"
    );
    app.update(reply(Reply::Mail {
        mailbox: Some(MailboxId(2)),
        messages: only_two,
        next: None,
        append: false,
    }));
    let screen = assert_screen("mail_mailbox_filter_80x24", &app);
    assert!(screen.contains("mailbox 2 (facturas@acme.pe) · INBOX, Facturas · every 30m"));
    assert!(screen.contains("! token revoked at Google"));
    assert!(screen.contains(" mail (6) "));
    assert_eq!(
        press(&mut app, KeyCode::Char('m')),
        mail_reload(Some(MailboxId(3)))
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('m')),
        mail_reload(None),
        "after the last mailbox, all of them again"
    );
}

#[test]
fn mail_message_shows_headers_each_attachments_outcome_and_the_text() {
    let app = message_console();
    let screen = assert_screen("mail_message_80x24", &app);
    assert!(screen.contains(" message 40 "));
    assert!(screen.contains("invoice 107"));
    assert!(screen.contains("skipped: not an invoice document"));
    assert!(screen.contains("queued"));
    assert!(screen.contains("línea 1 del mensaje"));
}

#[test]
fn mailboxes_view_shows_each_mailbox_and_the_selected_ones_error_in_full() {
    let app = mailboxes_console(admin());
    let screen = assert_screen("mailboxes_80x24", &app);
    assert!(screen.contains(" mailboxes (3) "));
    assert!(screen.contains("pending"), "the first sync is still to do");
    assert!(screen.contains("connection 5"), "no account known yet");
    assert!(screen.contains("! token revoked at Google: authorize connection 4 again"));
}

#[test]
fn mailboxes_in_spanish_have_every_header_whole() {
    text::set_lang(text::Lang::Es);
    let app = mailboxes_console(admin());
    let screen = assert_screen_at("mailboxes_es_100x30", &app, 100, 30);
    assert!(screen.contains(" buzones (3) "), "{screen}");
    // Columns sized for the English headers widen to the Spanish ones.
    for header in ["SINCRONIZADO", "ETIQUETAS", "ÚLTIMO ERROR"] {
        assert!(screen.contains(header), "{header} cut in:\n{screen}");
    }
}

// ---------------------------------------------------------------------------------------------
// Keys

#[test]
fn s_syncs_the_selected_messages_mailbox_and_capital_s_asks_first() {
    let mut app = mail_console(admin());
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        press(&mut app, KeyCode::Char('s')),
        [Effect::SyncMailbox {
            id: MailboxId(1),
            full: false
        }],
        "message 39 came to mailbox 1"
    );
    assert_eq!(press(&mut app, KeyCode::Char('S')), []);
    let Mode::Confirm { question, .. } = &app.mode else {
        panic!("S asks first");
    };
    assert_eq!(
        *question,
        text::confirm_full_sync(MailboxId(1), Some("compras@acme.pe"))
    );
    assert_eq!(press(&mut app, KeyCode::Char('n')), [], "n sends nothing");
    press(&mut app, KeyCode::Char('S'));
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        [Effect::SyncMailbox {
            id: MailboxId(1),
            full: true
        }]
    );
    let done = text::mailbox_sync_queued(MailboxId(1), 77, true);
    assert_eq!(
        app.update(reply(Reply::Done(done.clone()))),
        mail_reload(None)
    );
    assert_eq!(app.status, Some((done, false)));
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        mail_reload(None),
        "r reloads"
    );
}

#[test]
fn scrolling_near_the_end_of_the_mail_loads_the_next_page_of_the_mailbox() {
    let mut app = mail_console(admin());
    press(&mut app, KeyCode::Char('m'));
    app.update(reply(Reply::Mail {
        mailbox: Some(MailboxId(1)),
        messages: messages(),
        next: Some(29),
        append: false,
    }));
    assert!(render_text(&app, COLOUR).contains(" mail (12+) "));
    assert_eq!(
        press(&mut app, KeyCode::Char('j')),
        [Effect::LoadMail {
            mailbox: Some(MailboxId(1)),
            before: Some(29)
        }]
    );
    assert_eq!(press(&mut app, KeyCode::Char('j')), [], "already loading");
    app.update(reply(Reply::Mail {
        mailbox: Some(MailboxId(1)),
        messages: vec![message(28)],
        next: None,
        append: true,
    }));
    assert_eq!(app.views.mail.list.rows.len(), 13);
    assert_eq!(app.views.mail.list.selected, 2, "the selection stays");
}

#[test]
fn enter_on_an_invoice_attachment_opens_that_invoice_and_esc_comes_back() {
    let mut app = message_console();
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadInvoice(InvoiceId(107))]
    );
    assert_eq!(app.view, View::Invoice);
    assert_eq!(
        press(&mut app, KeyCode::Esc),
        [Effect::LoadMailMessage(NEWEST)]
    );
    assert_eq!(app.view, View::MailMessage);
    assert_eq!(
        press(&mut app, KeyCode::Char('o')),
        [Effect::LoadInvoice(InvoiceId(107))],
        "o opens it too"
    );
    press(&mut app, KeyCode::Esc);
    app.update(reply(Reply::MailMessage(Box::new(detail()))));

    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        app.views.mail_message.attachment, 1,
        "still on the same message"
    );
    assert_eq!(press(&mut app, KeyCode::Enter), [], "logo.png was skipped");
    assert_eq!(app.view, View::MailMessage);
    assert_eq!(app.status, Some((text::NOT_AN_INVOICE.to_string(), true)));
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(press(&mut app, KeyCode::Char('o')), [], "still queued");
}

#[test]
fn a_body_sent_to_intake_is_listed_as_the_message_body_and_opens_its_invoice() {
    let mut app = mail_console(admin());
    press(&mut app, KeyCode::Enter);
    let mut receipt = detail();
    receipt.attachments = vec![MailAttachment {
        name: "Factura F001-123.txt".to_owned(),
        content_type: "text/plain".to_owned(),
        size: 412,
        outcome: AttachmentOutcome::Invoice {
            invoice: InvoiceId(7),
            duplicate: false,
        },
        body: true,
    }];
    app.update(reply(Reply::MailMessage(Box::new(receipt))));
    let screen = render_text(&app, COLOUR);
    assert!(screen.contains("attachments (0)"), "{screen}");
    assert!(
        screen.contains("▶ Factura F001-123.txt   412 B  invoice 7  (message body)"),
        "{screen}"
    );
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::LoadInvoice(InvoiceId(7))]
    );
}

#[test]
fn the_message_view_scrolls_its_text_and_syncs_its_mailbox() {
    let mut app = message_console();
    press(&mut app, KeyCode::PageDown);
    let screen = render_text(&app, COLOUR);
    assert!(!screen.contains("línea 1 del mensaje"), "{screen}");
    assert!(screen.contains("línea 11 del mensaje"), "{screen}");
    press(&mut app, KeyCode::PageUp);
    assert!(render_text(&app, COLOUR).contains("línea 1 del mensaje"));
    assert_eq!(
        press(&mut app, KeyCode::Char('s')),
        [Effect::SyncMailbox {
            id: MailboxId(2),
            full: false
        }]
    );
    press(&mut app, KeyCode::Char('S'));
    assert!(matches!(app.mode, Mode::Confirm { .. }));
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        [Effect::SyncMailbox {
            id: MailboxId(2),
            full: true
        }]
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        [Effect::LoadMailMessage(NEWEST)]
    );
    // Its keys are in its footer and do what the footer says.
    for binding in keymap::view_keys(View::MailMessage) {
        let key = KeyEvent::new(binding.code, KeyModifiers::NONE);
        assert_eq!(
            keymap::action_for(View::MailMessage, key),
            Some(binding.action)
        );
    }
    let labels: Vec<&str> = keymap::footer(View::MailMessage)
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    for key in ["Enter/o", "s", "S", "Esc"] {
        assert!(labels.contains(&key), "{key} in {labels:?}");
    }
}

#[test]
fn another_tenant_leaves_the_message_view() {
    let mut app = message_console();
    press(&mut app, KeyCode::Char('t'));
    app.update(reply(Reply::Tenants(vec![super::tests::clinica_sur(1)])));
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Dashboard);
    assert_eq!(effects.last(), Some(&Effect::LoadDashboard));
    assert!(app.views.mail_message.message.is_none());
    assert!(app.views.mail.list.rows.is_empty());
    assert!(app.views.mail.mailboxes.is_empty());
}

#[test]
fn enter_on_a_mailbox_shows_its_messages() {
    let mut app = mailboxes_console(admin());
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        mail_reload(Some(MailboxId(2)))
    );
    assert_eq!(app.view, View::Mail);
    assert_eq!(app.views.mail.list.filter, Some(MailboxId(2)));
    assert_eq!(press(&mut app, KeyCode::Esc), [Effect::LoadMailboxes]);
    assert_eq!(app.view, View::Mailboxes);
}

#[test]
fn an_admin_adds_and_edits_mailboxes_with_one_line_forms() {
    let mut app = mailboxes_console(admin());
    assert_eq!(press(&mut app, KeyCode::Char('a')), []);
    assert!(matches!(
        app.mode,
        Mode::Prompt {
            form: Form::Mailbox,
            ..
        }
    ));
    type_text(&mut app, "tres");
    assert_eq!(press(&mut app, KeyCode::Enter), [], "not a connection id");
    assert_eq!(
        app.status,
        Some((text::NEED_MAILBOX_FORM.to_string(), true))
    );
    assert!(
        matches!(app.mode, Mode::Prompt { .. }),
        "the form stays open"
    );
    for _ in 0.."tres".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(
        &mut app,
        "6 | INBOX, Facturas proveedores | 90 | has:attachment",
    );
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::AddMailbox {
            connection: ConnectionId(6),
            settings: MailboxSettings {
                labels: vec!["INBOX".into(), "Facturas proveedores".into()],
                every_minutes: 90,
                query: Some("has:attachment".into()),
            }
        }]
    );
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "6");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::AddMailbox {
            connection: ConnectionId(6),
            settings: MailboxSettings {
                labels: vec!["INBOX".into()],
                every_minutes: 15,
                query: None,
            }
        }],
        "INBOX every 15 minutes by default"
    );

    assert_eq!(press(&mut app, KeyCode::Char('e')), []);
    assert_eq!(
        app.mode,
        Mode::Prompt {
            form: Form::EditMailbox(MailboxId(2)),
            label: text::prompt_edit_mailbox(MailboxId(2)),
            input: "INBOX, Facturas | 30 | has:attachment".into(),
        }
    );
    for _ in 0.."30 | has:attachment".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "0");
    assert_eq!(press(&mut app, KeyCode::Enter), [], "0 minutes");
    assert_eq!(app.status, Some((text::NEED_MINUTES.to_string(), true)));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "60");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::EditMailbox {
            id: MailboxId(2),
            settings: MailboxSettings {
                labels: vec!["INBOX".into(), "Facturas".into()],
                every_minutes: 60,
                query: None,
            }
        }],
        "the search was deleted from the form"
    );
}

#[test]
fn s_syncs_the_selected_mailbox_and_x_removes_it_after_asking() {
    let mut app = mailboxes_console(admin());
    assert_eq!(
        press(&mut app, KeyCode::Char('s')),
        [Effect::SyncMailbox {
            id: MailboxId(2),
            full: false
        }]
    );
    press(&mut app, KeyCode::Char('S'));
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        [Effect::SyncMailbox {
            id: MailboxId(2),
            full: true
        }]
    );
    assert_eq!(press(&mut app, KeyCode::Char('x')), []);
    let Mode::Confirm { question, .. } = &app.mode else {
        panic!("x asks first");
    };
    assert_eq!(
        *question,
        text::confirm_remove_mailbox(MailboxId(2), Some("facturas@acme.pe"))
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        [Effect::RemoveMailbox(MailboxId(2))]
    );
    // The list reloads without it; then another operator removes mailbox 1, above the
    // selection, which stays on the mailbox it was on.
    assert_eq!(
        app.update(reply(Reply::Done(text::mailbox_removed(MailboxId(2))))),
        [Effect::LoadMailboxes]
    );
    let mut rest = mailboxes();
    rest.remove(1);
    app.update(reply(Reply::Mailboxes(rest.clone())));
    let selected = |app: &App| app.views.mailboxes.list.current().map(|mailbox| mailbox.id);
    assert_eq!(selected(&app), Some(MailboxId(3)));
    rest.remove(0);
    app.update(reply(Reply::Mailboxes(rest)));
    assert_eq!(selected(&app), Some(MailboxId(3)));
}

#[test]
fn an_agent_sees_mailboxes_but_cannot_change_them() {
    let mut app = mailboxes_console(agent());
    for key in ['a', 'e', 'x'] {
        assert_eq!(press(&mut app, KeyCode::Char(key)), []);
        assert_eq!(app.mode, Mode::Normal);
        assert_eq!(app.status, Some((text::ADMIN_ONLY.into(), true)));
    }
    assert!(render_text(&app, COLOUR).contains("facturas@acme.pe"));
}
