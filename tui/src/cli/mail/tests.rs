use centralita_protocol::{
    AttachmentOutcome, ConnectionId, InvoiceId, MailAttachment, MailMessageId, Mailbox, MailboxId,
    MailboxSettings,
};
use clap::Parser as _;
use jiff::Timestamp;

use super::mailboxes::{Change, Search, SettingsArgs, changed_settings, mailbox_row, new_settings};
use super::*;
use crate::cli::{Cli, Command};

fn mail(args: &[&str]) -> Result<MailCommand, clap::Error> {
    let line = ["centralita", "mail"].iter().chain(args).copied();
    match Cli::try_parse_from(line)?.command {
        Some(Command::Mail(command)) => Ok(command),
        other => panic!("not a mail command: {other:?}"),
    }
}

fn mailboxes(args: &[&str]) -> Result<MailboxesCommand, clap::Error> {
    let line = ["mailboxes"]
        .iter()
        .chain(args)
        .copied()
        .collect::<Vec<_>>();
    match mail(&line)? {
        MailCommand::Mailboxes(command) => Ok(command),
        other => panic!("not a mailboxes command: {other:?}"),
    }
}

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(second).expect("a fixed time in range")
}

fn settings(labels: &[&str], every_minutes: u32, query: Option<&str>) -> MailboxSettings {
    MailboxSettings {
        labels: labels.iter().map(|label| (*label).to_owned()).collect(),
        every_minutes,
        query: query.map(str::to_owned),
    }
}

fn change(labels: &[&str], every_minutes: Option<u32>, search: Search) -> Change {
    Change {
        settings: SettingsArgs {
            labels: labels.iter().map(|label| (*label).to_owned()).collect(),
            every_minutes,
        },
        search,
    }
}

fn detail() -> MailMessageDetail {
    let attachment = |name: &str, content_type: &str, size, outcome| MailAttachment {
        name: name.to_owned(),
        content_type: content_type.to_owned(),
        size,
        outcome,
        body: false,
    };
    MailMessageDetail {
        message: MailMessage {
            id: MailMessageId(12),
            mailbox: MailboxId(2),
            from: "Facturación Ferretería <facturas@ferreteria.pe>".into(),
            subject: "Factura F001-00107".into(),
            received_at: at(1_790_000_000),
            attachments: 3,
            invoices: 1,
        },
        to: vec!["compras@acme.pe".into(), "ana@acme.pe".into()],
        date: None,
        labels: vec!["INBOX".into(), "Facturas".into()],
        text: "Estimados,\nadjuntamos la factura F001-00107.\n\n".into(),
        attachments: vec![
            attachment(
                "factura.pdf",
                "application/pdf",
                48_213,
                AttachmentOutcome::Invoice {
                    invoice: InvoiceId(107),
                    duplicate: true,
                },
            ),
            attachment(
                "logo.png",
                "image/png",
                900,
                AttachmentOutcome::Skipped {
                    reason: "not a pdf, image, xml or zip file".into(),
                    key: Some("skip_not_invoice_like".into()),
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
        gmail_id: "18c2f0a1b2c3d4e5".into(),
    }
}

#[test]
fn mail_verbs_parse_with_json_everywhere() {
    let Ok(MailCommand::List { mailbox, list }) = mail(&["list", "--mailbox", "2", "--limit", "5"])
    else {
        panic!("list parses")
    };
    assert_eq!(
        (mailbox, list.limit, list.json),
        (Some(MailboxId(2)), 5, false)
    );
    let Ok(MailCommand::List { mailbox, list }) = mail(&["list", "--json"]) else {
        panic!("list parses")
    };
    assert_eq!((mailbox, list.limit, list.json), (None, 50, true));
    assert!(matches!(
        mail(&["show", "12", "--json"]),
        Ok(MailCommand::Show {
            id: MailMessageId(12),
            json: true
        })
    ));
    assert!(matches!(
        mail(&["resync", "2", "--full", "--json"]),
        Ok(MailCommand::Resync {
            mailbox: MailboxId(2),
            full: true,
            json: true
        })
    ));
    assert!(matches!(
        mail(&["resync", "2"]),
        Ok(MailCommand::Resync {
            mailbox: MailboxId(2),
            full: false,
            json: false
        })
    ));
    assert!(mail(&["resync"]).is_err(), "resync needs a mailbox");
    assert!(matches!(
        mailboxes(&["list", "--json"]),
        Ok(MailboxesCommand::List { json: true })
    ));
    assert!(matches!(
        mailboxes(&["remove", "2", "--yes", "--json"]),
        Ok(MailboxesCommand::Remove {
            id: MailboxId(2),
            yes: true,
            json: true
        })
    ));
}

#[test]
fn mailboxes_add_takes_repeated_labels_minutes_and_a_search() {
    let Ok(MailboxesCommand::Add {
        connection,
        settings: args,
        query,
        json,
    }) = mailboxes(&[
        "add",
        "--connection",
        "3",
        "--label",
        "INBOX",
        "--label",
        "Facturas proveedores",
        "--every",
        "30",
        "--query",
        "has:attachment from:facturas@ferreteria.pe",
        "--json",
    ])
    else {
        panic!("add parses")
    };
    assert_eq!(connection, ConnectionId(3));
    assert!(json);
    assert_eq!(
        new_settings(args, query),
        settings(
            &["INBOX", "Facturas proveedores"],
            30,
            Some("has:attachment from:facturas@ferreteria.pe")
        )
    );
    let Ok(MailboxesCommand::Add {
        settings: args,
        query,
        ..
    }) = mailboxes(&["add", "--connection", "3"])
    else {
        panic!("add parses")
    };
    assert_eq!(
        new_settings(args, query),
        settings(&["INBOX"], 15, None),
        "INBOX every 15 minutes by default"
    );
    assert!(mailboxes(&["add"]).is_err(), "a connection is needed");
    for minutes in ["0", "1441", "often"] {
        let error =
            mailboxes(&["add", "--connection", "3", "--every", minutes]).expect_err("out of range");
        assert!(error.to_string().contains("--every"), "{error}");
    }
}

#[test]
fn mailboxes_edit_changes_only_what_is_given() {
    let current = settings(&["INBOX"], 15, Some("has:attachment"));
    assert_eq!(
        changed_settings(&current, change(&[], Some(60), Search::Keep)),
        Ok(settings(&["INBOX"], 60, Some("has:attachment")))
    );
    assert_eq!(
        changed_settings(
            &current,
            change(&[" Facturas ", "Label_12"], None, Search::Keep)
        ),
        Ok(settings(
            &["Facturas", "Label_12"],
            15,
            Some("has:attachment")
        )),
        "labels are replaced, not added"
    );
    assert_eq!(
        changed_settings(&current, change(&[], None, Search::Drop)),
        Ok(settings(&["INBOX"], 15, None)),
        "--no-query drops the search"
    );
    assert_eq!(
        changed_settings(
            &current,
            change(&[], None, Search::Set("from:x@y.pe".into()))
        ),
        Ok(settings(&["INBOX"], 15, Some("from:x@y.pe")))
    );
    let error = changed_settings(&current, change(&[], None, Search::Keep)).expect_err("no change");
    assert_eq!(error, text::NOTHING_TO_CHANGE);
    let error =
        changed_settings(&current, change(&[" "], None, Search::Keep)).expect_err("no label");
    assert_eq!(error, text::NEED_LABEL);

    let Ok(MailboxesCommand::Edit {
        id,
        query,
        no_query,
        ..
    }) = mailboxes(&["edit", "2", "--no-query"])
    else {
        panic!("edit parses")
    };
    assert_eq!((id, query, no_query), (MailboxId(2), None, true));
    assert!(
        mailboxes(&["edit", "2", "--query", "x", "--no-query"]).is_err(),
        "--query and --no-query conflict"
    );
}

#[test]
fn show_prints_headers_each_attachment_with_its_outcome_and_the_text() {
    let text = describe(&detail());
    let received = output::when(at(1_790_000_000));
    assert_eq!(
        text,
        format!(
            "message 12 · mailbox 2 · received {received}\n\
             from     Facturación Ferretería <facturas@ferreteria.pe>\n\
             to       compras@acme.pe, ana@acme.pe\n\
             subject  Factura F001-00107\n\
             labels   INBOX, Facturas\n\
             gmail id 18c2f0a1b2c3d4e5\n\
             \n\
             3 attachments:\n  \
               factura.pdf (application/pdf, 49 KB): invoice 107 (duplicate)\n  \
               logo.png (image/png, 900 B): skipped: not a pdf, image, xml or zip file\n  \
               facturas.zip/F001-00108.xml (application/xml, 3.4 MB): queued\n\
             \n\
             text:\n\
             Estimados,\n\
             adjuntamos la factura F001-00107.\n"
        )
    );
    let mut bare = detail();
    bare.attachments.clear();
    bare.note = Some("too large to keep: 60 MB".into());
    bare.date = Some(at(1_789_999_000));
    let text = describe(&bare);
    assert!(
        text.contains(&format!("date     {}\n", output::when(at(1_789_999_000)))),
        "{text}"
    );
    assert!(text.contains("note: too large to keep: 60 MB\n"), "{text}");
    assert!(text.contains("\nno attachments\n"), "{text}");
}

#[test]
fn show_says_why_an_attachment_was_skipped_in_spanish_from_its_key() {
    crate::text::set_lang(crate::text::Lang::Es);
    let text = describe(&detail());
    assert!(
        text.contains(
            "logo.png (image/png, 900 B): omitido: no es un pdf, una imagen, un xml ni un zip\n"
        ),
        "{text}"
    );
    // A reason with values, and one from an older daemon (no key): its English is kept.
    let mut other = detail();
    other.attachments[1].outcome = AttachmentOutcome::Skipped {
        reason: "archive lists 900 entries, over the limit of 500".into(),
        key: Some("skip_archive_too_many_entries".into()),
        args: vec!["900".into(), "500".into()],
    };
    other.attachments[2].outcome = AttachmentOutcome::Skipped {
        reason: "archive inside an archive".into(),
        key: None,
        args: Vec::new(),
    };
    let text = describe(&other);
    assert!(
        text.contains("omitido: el zip tiene 900 entradas, más que el límite de 500\n"),
        "{text}"
    );
    assert!(
        text.contains("omitido: archive inside an archive\n"),
        "{text}"
    );
}

#[test]
fn show_lists_a_body_sent_to_intake_after_the_attachments_and_does_not_count_it() {
    let body = MailAttachment {
        name: "Factura F001-123.txt".into(),
        content_type: "text/plain".into(),
        size: 412,
        outcome: AttachmentOutcome::Invoice {
            invoice: InvoiceId(7),
            duplicate: false,
        },
        body: true,
    };
    let mut receipt = detail();
    receipt.attachments = vec![body.clone()];
    let text = describe(&receipt);
    assert!(
        text.contains(
            "\nno attachments\nmessage body: Factura F001-123.txt (text/plain, 412 B): invoice 7\n"
        ),
        "{text}"
    );
    let mut both = detail();
    both.attachments.truncate(1);
    both.attachments.push(body);
    let text = describe(&both);
    assert!(
        text.contains(
            "\n1 attachments:\n  factura.pdf (application/pdf, 49 KB): invoice 107 (duplicate)\n\
             message body: Factura F001-123.txt (text/plain, 412 B): invoice 7\n"
        ),
        "{text}"
    );
}

#[test]
fn list_rows_say_the_mailbox_the_files_and_the_invoices() {
    assert_eq!(
        message_row(&detail().message),
        [
            "12",
            "2",
            &output::when(at(1_790_000_000)),
            "Facturación Ferretería <facturas@ferreteria.pe>",
            "Factura F001-00107",
            "3",
            "1"
        ]
    );
    let mut mailbox = Mailbox {
        id: MailboxId(2),
        connection: ConnectionId(3),
        account: "compras@acme.pe".into(),
        settings: settings(&["INBOX", "Facturas"], 15, None),
        last_sync: None,
        last_error: Some("token revoked: authorize connection 3 again".into()),
        last_error_words: None,
        messages: 0,
        invoices: 0,
        full_sync_pending: true,
        created_at: at(1_789_000_000),
        created_by: "ana".into(),
    };
    assert_eq!(
        mailbox_row(&mailbox),
        [
            "2",
            "3",
            "compras@acme.pe",
            "INBOX,Facturas",
            "15m",
            "",
            "pending",
            "0",
            "0",
            "token revoked: authorize connection 3 again"
        ]
    );
    mailbox.last_sync = Some(at(1_790_000_000));
    assert_eq!(mailbox_row(&mailbox)[6], output::when(at(1_790_000_000)));

    crate::text::set_lang(crate::text::Lang::Es);
    mailbox.last_error = Some("Gmail messages.list could not be reached: timed out".into());
    mailbox.last_error_words = Some(centralita_protocol::said::Words {
        key: "gmail_unreachable".into(),
        args: vec!["messages.list".into(), "timed out".into()],
        inner: None,
    });
    assert_eq!(
        mailbox_row(&mailbox)[9],
        "no se pudo contactar a Gmail (messages.list): timed out"
    );
}

#[test]
fn show_speaks_spanish_with_the_headers_lined_up() {
    crate::text::set_lang(crate::text::Lang::Es);
    let text = describe(&detail());
    for spanish in [
        "mensaje ",
        " · buzón ",
        " · recibido ",
        "\nde          ",
        "\nasunto      ",
        "\nid de gmail ",
        "adjuntos:\n",
        "\ntexto:\n",
    ] {
        assert!(text.contains(spanish), "no {spanish:?} in:\n{text}");
    }
    for english in [
        "message ",
        "mailbox ",
        "subject",
        "gmail id",
        "attachments:",
        "\ntext:",
    ] {
        assert!(!text.contains(english), "{english:?} left in:\n{text}");
    }
}
