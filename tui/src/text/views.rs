//! The console's other views: glosa, funnel, mail, a mail message, mailboxes, a job, a
//! connection.

use std::fmt::Display;

use super::{pick, texts};

texts! {
    NOTICE_TITLE = " notice · PgUp/PgDn " / " aviso · PgUp/PgDn ";
    TEXT_TITLE = " text · PgUp/PgDn " / " texto · PgUp/PgDn ";
    PAYER_LABEL = "payer: " / "pagador: ";
    MAIL_FROM = "from" / "de";
    MAIL_TO = "to" / "para";
    MAIL_SUBJECT = "subject" / "asunto";
    MAIL_WHEN = "when" / "cuándo";
    MAIL_LABELS = "labels" / "etiquetas";
}

pub fn glosa_title(id: impl Display, number: impl Display) -> String {
    format!(" glosa {id} · {number} ")
}

pub fn notice_dated(date: impl Display) -> String {
    pick(format!("notice {date}"), format!("aviso {date}"))
}

pub fn received_on(date: impl Display) -> String {
    pick(format!("received {date}"), format!("recibida {date}"))
}

pub fn due(what: impl Display) -> String {
    pick(format!("due {what}"), format!("vence {what}"))
}

pub fn objected_of(objected: impl Display, invoiced: impl Display) -> String {
    pick(
        format!("objected {objected} of {invoiced} invoiced"),
        format!("objetado {objected} de {invoiced} facturado"),
    )
}

pub fn objected(objected: impl Display) -> String {
    pick(
        format!("objected {objected}"),
        format!("objetado {objected}"),
    )
}

pub fn items_title(count: usize) -> String {
    pick(
        format!(" items ({count}) · ↑↓ "),
        format!(" ítems ({count}) · ↑↓ "),
    )
}

pub fn item_title(index: impl Display, code: impl Display) -> String {
    pick(
        format!(" item {index} · {code} "),
        format!(" ítem {index} · {code} "),
    )
}

pub fn funnel_title(funnel: impl Display) -> String {
    pick(format!(" {funnel} funnel"), format!(" embudo {funnel}"))
}

pub fn message_queued_console(message: impl Display) -> String {
    pick(
        format!("message {message} queued"),
        format!("mensaje {message} en cola"),
    )
}

pub fn job_title(id: impl Display) -> String {
    format!(" job {id} ")
}

pub fn connection_title(id: impl Display) -> String {
    pick(format!(" connection {id} "), format!(" conexión {id} "))
}

pub fn connection_label(id: impl Display) -> String {
    pick(format!("connection {id}"), format!("conexión {id}"))
}

pub fn mail_message_title(id: impl Display) -> String {
    pick(format!(" message {id} "), format!(" mensaje {id} "))
}

pub fn received_when(when: impl Display) -> String {
    pick(format!("received {when}"), format!("recibido {when}"))
}

pub fn dated(when: impl Display) -> String {
    pick(format!(" · dated {when}"), format!(" · fechado {when}"))
}

pub fn labels_in_mailbox(labels: impl Display, mailbox: impl Display) -> String {
    pick(
        format!("{labels} · mailbox {mailbox}"),
        format!("{labels} · buzón {mailbox}"),
    )
}

pub fn attachments_heading(count: usize) -> String {
    pick(
        format!("attachments ({count})"),
        format!("adjuntos ({count})"),
    )
}

pub fn mailbox_settings(
    connection: impl Display,
    labels: impl Display,
    every: impl Display,
    query: impl Display,
) -> String {
    pick(
        format!("connection {connection} · labels {labels} · every {every} min · search {query}"),
        format!("conexión {connection} · etiquetas {labels} · cada {every} min · búsqueda {query}"),
    )
}

pub fn mail_header(
    mailbox: impl Display,
    labels: impl Display,
    every: impl Display,
    synced: impl Display,
) -> String {
    pick(
        format!(" {mailbox} · {labels} · every {every}m · synced {synced}"),
        format!(" {mailbox} · {labels} · cada {every}m · sincronizado {synced}"),
    )
}
