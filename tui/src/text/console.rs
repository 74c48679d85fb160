//! The console's frame and main views: header, modals, dashboard, jobs, invoices, an invoice,
//! the inbox. View names (`:jobs`) and the states a filter takes (`state:dead`) are the words
//! an operator types, so they stay as they are.

use centralita_protocol::{InvoiceId, ReminderId};
use std::fmt::Display;

use super::{Lang, lang, pick, texts};

texts! {
    CONFIRM_TITLE = " confirm " / " confirmar ";
    CONNECTED_AGAIN = "connected again" / "conectado de nuevo";
    BAD_EXPORT = "the daemon sent an export that is not base64: try again"
        / "el daemon envió una exportación que no es base64: intente de nuevo";
    LAST_ERROR_FIELD = "last error" / "último error";
    PAYLOAD = "payload" / "datos";
    SWITCH_TENANT_TITLE = " switch tenant " / " cambiar de tenant ";

    // The dashboard.
    JOBS_PER_QUEUE_TITLE = " jobs per queue " / " jobs por cola ";
    INTEGRATIONS_TITLE = " integrations " / " integraciones ";
    INVOICES_TITLE = " invoices " / " facturas ";
    NO_FAILURES = "no failed or dead jobs" / "no hay jobs fallidos ni muertos";

    // `:jobs` and a job.
    ALL_FAILED_JOBS = "all failed and dead jobs" / "todos los jobs fallidos y muertos";

    // `:invoices` and an invoice.
    TO_REVIEW = "to review" / "a revisar";
    NOTHING_TO_CHECK = "every field was read with high confidence"
        / "todos los campos se leyeron con confianza alta";

    // `:inbox`.
    THREAD_TITLE = " thread " / " conversación ";
    NO_NAME = "(no name)" / "(sin nombre)";
    WINDOW_CLOSED_CELL = "closed" / "cerrada";
}

/// A message's delivery status as the thread shows it (`conversations show` and `:inbox`): the
/// daemon's word (`queued`, `sent`, `delivered`, `read`, `failed`, `received`) in the reader's
/// language; one this client does not know stays as the daemon sent it.
pub fn delivery_status(status: &str) -> &str {
    let (en, es) = match status {
        "queued" => ("queued", "en cola"),
        "sent" => ("sent", "enviado"),
        "delivered" => ("delivered", "entregado"),
        "read" => ("read", "leído"),
        "failed" => ("failed", "fallido"),
        "received" => ("received", "recibido"),
        other => return other,
    };
    pick(en, es)
}

/// A failure of an action made in view `view`, shown after the operator moved to another.
pub fn failed_in(view: &str, error: &str) -> String {
    pick(
        format!("in :{view}: {error}"),
        format!("en :{view}: {error}"),
    )
}

/// The title of the `?` help.
pub fn help_title(view: &str) -> String {
    pick(
        format!(" keys: {view} (any key closes) "),
        format!(" teclas: {view} (cualquier tecla cierra) "),
    )
}

/// A queue in the dashboard's table.
pub fn queue_paused(name: &str) -> String {
    pick(format!("{name} (paused)"), format!("{name} (en pausa)"))
}

/// The title of the dashboard's recent failures.
pub fn recent_failures_title(count: usize) -> String {
    pick(
        format!(" recent failures ({count}) "),
        format!(" fallos recientes ({count}) "),
    )
}

/// What `R` retries in `:jobs`, with a filter.
pub fn failed_jobs_matching(filter: &str) -> String {
    pick(
        format!("failed and dead jobs matching \"{filter}\""),
        format!("jobs fallidos y muertos que coinciden con \"{filter}\""),
    )
}

/// Before `R` in `:jobs`.
pub fn confirm_retry(what: &str) -> String {
    pick(format!("Retry {what}?"), format!("¿Reintentar {what}?"))
}

/// Before `d` in `:jobs`.
pub fn confirm_cancel_job(id: impl std::fmt::Display, kind: &str) -> String {
    pick(
        format!("Cancel job {id} ({kind})?"),
        format!("¿Cancelar el job {id} ({kind})?"),
    )
}

/// A date a filter does not take.
pub fn need_date(value: &str) -> String {
    pick(
        format!("{value:?} is not a date: write YYYY-MM-DD"),
        format!("{value:?} no es una fecha: escriba AAAA-MM-DD"),
    )
}

/// The invoice view's title.
pub fn invoice_title(id: InvoiceId) -> String {
    pick(format!(" invoice {id} "), format!(" factura {id} "))
}

/// How many fields of an invoice were read with low confidence, and the key that walks them
/// (least sure first).
pub fn fields_to_check(count: usize) -> String {
    match (lang(), count) {
        (Lang::En, 1) => "1 field to check (n)".to_owned(),
        (Lang::En, _) => format!("{count} fields to check (n)"),
        (Lang::Es, 1) => "1 campo por revisar (n)".to_owned(),
        (Lang::Es, _) => format!("{count} campos por revisar (n)"),
    }
}

/// How many line items an invoice has.
pub fn line_items(count: usize) -> String {
    match (lang(), count) {
        (Lang::En, _) => format!("{count} line items"),
        (Lang::Es, 1) => "1 ítem".to_owned(),
        (Lang::Es, _) => format!("{count} ítems"),
    }
}

/// The last edit of an invoice field: who, the field, old → new.
pub fn last_edit(who: &str, field: &str, old: &str, new: &str) -> String {
    pick(
        format!("last edit: {who} {field} {old} → {new}"),
        format!("última edición: {who} {field} {old} → {new}"),
    )
}

/// The title of the invoice's text pane.
pub fn invoice_text_title(method: &str) -> String {
    pick(
        format!(" text{method} · PgUp/PgDn "),
        format!(" texto{method} · PgUp/PgDn "),
    )
}

/// The inbox list's title.
pub fn inbox_title(count: usize) -> String {
    pick(format!(" inbox ({count}) "), format!(" bandeja ({count}) "))
}

/// The glosa view's line of objected invoices: the ones named, and those in `:invoices`.
pub fn objected_invoices(named: &str) -> String {
    pick(format!("invoices {named}"), format!("facturas {named}"))
}

/// After [`objected_invoices`]: which of them are the tenant's.
pub fn linked_invoices(linked: &str) -> String {
    pick(
        format!(" · here: invoice {linked}"),
        format!(" · aquí: factura {linked}"),
    )
}

/// A mailbox's second line in `:mailboxes`.
pub fn mailbox_counts(
    synced: &str,
    messages: impl std::fmt::Display,
    invoices: impl std::fmt::Display,
    by: &str,
    when: &str,
) -> String {
    pick(
        format!(
            "synced {synced} · {messages} messages, {invoices} invoices · added by {by} {when}"
        ),
        format!(
            "sincronizado {synced} · {messages} mensajes, {invoices} facturas · agregado por {by} {when}"
        ),
    )
}

/// The title of `:operators`.
pub fn operators_title(tenant: &str, count: usize) -> String {
    pick(
        format!(" operators of {tenant} ({count}) "),
        format!(" operadores de {tenant} ({count}) "),
    )
}

/// Before `d` in `:operators`.
pub fn confirm_remove_operator(user: &str, tenant: &str) -> String {
    pick(
        format!("Remove {user} from tenant {tenant}?"),
        format!("¿Quitar a {user} del tenant {tenant}?"),
    )
}

/// The labels of a job's fields in its view, padded to one width.
pub fn job_field(field: JobField) -> &'static str {
    match field {
        JobField::State => pick("state    ", "estado   "),
        JobField::Queue => pick("queue    ", "cola     "),
        JobField::Attempts => pick("attempts ", "intentos "),
        JobField::RunAt => pick("run at   ", "ejecuta  "),
        JobField::Created => pick("created  ", "creado   "),
        JobField::Unique => pick("unique   ", "única    "),
        JobField::Schedule => pick("schedule ", "agenda   "),
        JobField::Error => pick("error    ", "error    "),
    }
}

/// The fields of [`job_field`].
#[derive(Debug, Clone, Copy)]
pub enum JobField {
    State,
    Queue,
    Attempts,
    RunAt,
    Created,
    Unique,
    Schedule,
    Error,
}

/// A job's queue and kind in its view.
pub fn job_queue_kind(queue: &str, kind: &str) -> String {
    pick(
        format!("{queue}  kind {kind}"),
        format!("{queue}  tipo {kind}"),
    )
}

/// After `p` on a queue.
pub fn queue_paused_now(queue: &str, paused: bool) -> String {
    match (paused, lang()) {
        (true, Lang::En) => format!("queue {queue} paused"),
        (false, Lang::En) => format!("queue {queue} resumed"),
        (true, Lang::Es) => format!("cola {queue} en pausa"),
        (false, Lang::Es) => format!("cola {queue} reanudada"),
    }
}

/// An invoice after `c`, `x` or `r`: `what` is what became of it.
pub fn invoice_now(id: InvoiceId, what: super::Text) -> String {
    pick(
        format!("invoice {id} {what}"),
        format!("factura {id} {what}"),
    )
}

/// After `e` on an invoice field.
pub fn invoice_field_saved(id: InvoiceId, field: impl Display) -> String {
    pick(
        format!("invoice {id}: {field} saved"),
        format!("factura {id}: {field} guardado"),
    )
}

/// `s` on an invoice could not write the file.
pub fn saving_failed(path: &dyn Display, error: &dyn Display) -> String {
    pick(
        format!("saving to {path}: {error}"),
        format!("al guardar en {path}: {error}"),
    )
}

/// After `z` or `s` on a reminder.
pub fn reminder_snoozed_by(id: ReminderId, minutes: u32) -> String {
    pick(
        format!("reminder {id} snoozed {minutes} min"),
        format!("recordatorio {id} pospuesto {minutes} min"),
    )
}
