//! Mail: `centralita mail` and `:mail`, `:mailboxes`; and file sizes and invoice origins.

use super::{Lang, lang, pick, texts};
use centralita_protocol::{ConnectionId, MailboxId};

texts! {
    /// `mail mailboxes remove` not confirmed.
    MAILBOX_NOT_REMOVED = "not confirmed; the mailbox was not removed"
        / "no se confirmó; el buzón no se quitó";

    /// The `:mail` header without a mailbox filter.
    ALL_MAILBOXES = "all mailboxes · m picks one" / "todos los buzones · m elige uno";

    /// `mail mailboxes edit` with nothing to change.
    NOTHING_TO_CHANGE = "nothing to change: give --label, --every, --query or --no-query"
        / "nada que cambiar: indique --label, --every, --query o --no-query";

    /// `mail mailboxes edit --label ""`.
    NEED_LABEL = "--label needs a label's name or id, e.g. --label INBOX"
        / "--label necesita el nombre o id de una etiqueta, p. ej. --label INBOX";

    /// The `a` form of `:mailboxes`.
    PROMPT_NEW_MAILBOX = "new mailbox: connection | labels | minutes | Gmail search"
        / "nuevo buzón: conexión | etiquetas | minutos | búsqueda de Gmail";
    /// What the `a` form says when its text will not do.
    NEED_MAILBOX_FORM = "type the connection's id; then, each after a |, the labels \
         (comma-separated, default INBOX), the minutes between syncs (default 15) and a Gmail search"
        / "escriba el id de la conexión; luego, cada uno tras un |, las etiquetas (separadas por \
         comas, por defecto INBOX), los minutos entre sincronizaciones (por defecto 15) y una \
         búsqueda de Gmail";
    /// What the `e` form says when its text will not do.
    NEED_MAILBOX_EDIT_FORM = "type the labels (comma-separated), a |, the minutes \
         between syncs, and optionally a | and a Gmail search"
        / "escriba las etiquetas (separadas por comas), un |, los minutos entre \
         sincronizaciones y, si quiere, un | y una búsqueda de Gmail";
    /// The minutes between syncs are out of range.
    NEED_MINUTES = "minutes between syncs: a number from 1 to 1440"
        / "minutos entre sincronizaciones: un número de 1 a 1440";

    /// The entry of a mail's body sent on as a document of its own (an invoice or a glosa
    /// notice in the text), in `mail show` and the message view.
    MESSAGE_BODY = "message body" / "cuerpo del mensaje";

    /// Enter on an attachment that did not become an invoice.
    NOT_AN_INVOICE = "this attachment did not become an invoice: nothing to open"
        / "este adjunto no se convirtió en factura: nada que abrir";
}

/// A mailbox that never synced (`pending`: its first full sync is still to do).
pub fn never_synced(pending: bool) -> &'static str {
    match (lang(), pending) {
        (Lang::En, true) => "pending",
        (Lang::En, false) => "never",
        (Lang::Es, true) => "pendiente",
        (Lang::Es, false) => "nunca",
    }
}

/// What became of an attachment: `queued`, `invoice 7`, `invoice 7 (duplicate)`,
/// `skipped: not an invoice document` (the reason is the daemon's, untranslated).
pub fn attachment_outcome(outcome: &centralita_protocol::AttachmentOutcome) -> String {
    use centralita_protocol::AttachmentOutcome;
    match outcome {
        AttachmentOutcome::Queued => pick("queued", "en cola").to_owned(),
        AttachmentOutcome::Invoice {
            invoice,
            duplicate: false,
        } => pick(format!("invoice {invoice}"), format!("factura {invoice}")),
        AttachmentOutcome::Invoice {
            invoice,
            duplicate: true,
        } => pick(
            format!("invoice {invoice} (duplicate)"),
            format!("factura {invoice} (duplicada)"),
        ),
        AttachmentOutcome::Skipped { reason, key, args } => {
            // The daemon's English when it sent no key (an older daemon, an older record) or
            // one this client has no sentence for.
            let spanish = key.as_deref().and_then(super::cli::said_es).map_or_else(
                || reason.clone(),
                |sentence| super::cli::fill(sentence, args),
            );
            pick(format!("skipped: {reason}"), format!("omitido: {spanish}"))
        }
        AttachmentOutcome::Glosa => {
            pick("glosa notice: see :glosas", "aviso de glosa: vea :glosas").to_owned()
        }
        _ => pick(
            "unknown (update centralita)",
            "desconocido (actualice centralita)",
        )
        .to_owned(),
    }
}

/// How a message or a question names a mailbox: "mailbox 2 (facturas@acme.pe)".
pub fn mailbox_name(id: MailboxId, account: Option<&str>) -> String {
    let word = pick("mailbox", "buzón");
    match account.filter(|account| !account.is_empty()) {
        Some(account) => format!("{word} {id} ({account})"),
        None => format!("{word} {id}"),
    }
}

/// Before `mail mailboxes remove` and `x` in `:mailboxes`.
pub fn confirm_remove_mailbox(id: MailboxId, account: Option<&str>) -> String {
    let name = mailbox_name(id, account);
    pick(
        format!("Remove {name}? Its messages are forgotten; the invoices made from them stay."),
        format!(
            "¿Quitar el {name}? Sus mensajes se olvidan; las facturas creadas a partir de ellos se quedan."
        ),
    )
}

/// Before `S` in `:mail`, a mail message and `:mailboxes`.
pub fn confirm_full_sync(id: MailboxId, account: Option<&str>) -> String {
    let name = mailbox_name(id, account);
    pick(
        format!(
            "Sync {name} in full? Every message is listed again; the ones already here are skipped."
        ),
        format!(
            "¿Sincronizar el {name} por completo? Se vuelven a listar todos los mensajes; los que ya están se omiten."
        ),
    )
}

/// A sync was queued (`s`, `S`, `mail resync`).
pub fn mailbox_sync_queued(id: MailboxId, job: u64, full: bool) -> String {
    match (lang(), full) {
        (Lang::En, true) => format!("mailbox {id}: full sync queued as job {job}"),
        (Lang::En, false) => format!("mailbox {id}: sync queued as job {job}"),
        (Lang::Es, true) => format!("buzón {id}: sincronización completa en cola como job {job}"),
        (Lang::Es, false) => format!("buzón {id}: sincronización en cola como job {job}"),
    }
}

/// `mail resync`: the sync and where to see how it went.
pub fn mailbox_sync_queued_cli(id: MailboxId, job: u64, full: bool) -> String {
    let queued = mailbox_sync_queued(id, job, full);
    pick(
        format!("{queued} (`centralita jobs show {job}` says how it went)"),
        format!("{queued} (`centralita jobs show {job}` indica cómo le fue)"),
    )
}

/// A mailbox was added; its first full sync starts by itself.
pub fn mailbox_added(id: MailboxId, connection: ConnectionId) -> String {
    pick(
        format!("mailbox {id} added for connection {connection}; its first full sync has started"),
        format!(
            "buzón {id} agregado para la conexión {connection}; comenzó su primera sincronización completa"
        ),
    )
}

pub fn mailbox_saved(id: MailboxId) -> String {
    pick(
        format!("mailbox {id} saved"),
        format!("buzón {id} guardado"),
    )
}

pub fn mailbox_removed(id: MailboxId) -> String {
    pick(
        format!("mailbox {id} removed; the invoices made from its mail stay"),
        format!("buzón {id} quitado; las facturas creadas a partir de su correo se quedan"),
    )
}

/// `mail mailboxes edit` of a mailbox the tenant does not have.
pub fn no_such_mailbox(id: MailboxId) -> String {
    pick(
        format!("mailbox {id} not found"),
        format!("no se encontró el buzón {id}"),
    )
}

/// The label of the `e` form.
pub fn prompt_edit_mailbox(id: MailboxId) -> String {
    pick(
        format!("mailbox {id}: labels | minutes | Gmail search"),
        format!("buzón {id}: etiquetas | minutos | búsqueda de Gmail"),
    )
}

/// A file's size as people read it: `900 B`, `48 KB`, `3.2 MB` (the same in every language).
pub fn file_size(bytes: u64) -> String {
    const KB: u64 = 1_000;
    const MB: u64 = 1_000_000;
    match bytes {
        0..KB => format!("{bytes} B"),
        KB..MB => format!("{} KB", bytes.div_ceil(KB)),
        _ => format!("{}.{} MB", bytes / MB, bytes % MB / 100_000),
    }
}

/// Where an invoice came from, under its file name: `from mail: Factura F001-12, ana@x.pe`.
pub fn invoice_origin(origin: &str) -> String {
    pick(format!("from {origin}"), format!("de {origin}"))
}
