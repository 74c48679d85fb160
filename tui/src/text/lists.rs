//! Finding things in the console: the `:` list of views, the `/` filters and what an empty
//! filtered list says, days typed by hand, and invoices that may not be edited.

use super::{pick, texts};
use centralita_protocol::InvoiceId;

texts! {
    INVOICES_FILTER_HINT = "issuer or tax id · state:waiting from:2024-11-01 to:15/11/2024"
        / "emisor o RUC · state:waiting from:2024-11-01 to:15/11/2024";
    LIST_FILTER_HINT = "words in any column · field:value"
        / "palabras de cualquier columna · campo:valor";
    NO_FILTER_HERE = "this view has no / filter" / "esta vista no tiene filtro /";
    NO_LIST_FILTER = "this list has no filter" / "esta lista no tiene filtro";
    ATTEMPTS = "attempts" / "intentos";
    KEY_CLEAR_FILTER_BACK = "clear the filter / back" / "quitar el filtro / volver";
    KEY_START = "start" / "inicio";
    KEY_END = "end" / "fin";
    DETAIL = "detail" / "detalle";
}

/// A scrolled pane's title with where it is and the keys that move it.
pub fn scrolled_title(title: &str, at: u16, last: u16) -> String {
    pick(
        format!("{title}· {at}/{last} ↑↓ PgUp PgDn Home End "),
        format!("{title}· {at}/{last} ↑↓ RePág AvPág Inicio Fin "),
    )
}

/// The audit entry view's title.
pub fn audit_entry_title(seq: u64) -> String {
    pick(
        format!(" audit entry {seq} "),
        format!(" registro de auditoría {seq} "),
    )
}

/// `conversations to-invoice`: the file was an invoice already.
pub fn chat_invoice_exists(file: &str, id: InvoiceId, state: &str) -> String {
    pick(
        format!("{file}: already invoice {id} ({state})"),
        format!("{file}: ya es la factura {id} ({state})"),
    )
}

/// `conversations to-invoice`: a new invoice.
pub fn chat_invoice_created(file: &str, id: InvoiceId) -> String {
    pick(
        format!("{file}: invoice {id} created, being read (`centralita invoices show {id}`)"),
        format!("{file}: factura {id} creada, leyéndose (`centralita invoices show {id}`)"),
    )
}

/// An empty list because of its filter, and how to get the rows back.
pub fn no_matches(filter: &str) -> String {
    pick(
        format!("no matches for “{filter}” — Esc clears the filter"),
        format!("nada coincide con “{filter}”: Esc quita el filtro"),
    )
}

/// A day typed in the CLI or the console that is not one (the forms that will do follow).
pub fn not_a_day(typed: &str) -> String {
    pick(
        format!("{typed:?} is not a date: dates: 2024-11-15 or 15/11/2024"),
        format!("{typed:?} no es una fecha: fechas: 2024-11-15 o 15/11/2024"),
    )
}

/// `invoices edit` given something that is no `FIELD=VALUE`.
pub fn not_an_assignment(typed: &str) -> String {
    pick(
        format!("{typed:?}: write FIELD=VALUE, e.g. total=1180.00"),
        format!("{typed:?}: escriba CAMPO=VALOR, por ejemplo total=1180.00"),
    )
}

/// `:` + Enter on a name no view starts with.
pub fn unknown_view(typed: &str) -> String {
    pick(
        format!("unknown view: {typed} (Tab or the list under `:` shows the views)"),
        format!("vista desconocida: {typed} (Tab o la lista bajo `:` muestra las vistas)"),
    )
}

/// `:` + Enter on a start several views share.
pub fn ambiguous_view(typed: &str, names: &[&str]) -> String {
    let names = names.join(", ");
    pick(
        format!("“{typed}” could be {names}: type more"),
        format!("“{typed}” puede ser {names}: escriba más"),
    )
}

/// A view's name over its table or list, in the reader's language (`:` and the header keep
/// the command's word: `contacts` is what `:` takes).
pub fn list_name(name: &'static str) -> &'static str {
    let spanish = match name {
        "audit" => "auditoría",
        "contacts" => "contactos",
        "connections" => "conexiones",
        "invoices" => "facturas",
        "mail" => "correo",
        "mailboxes" => "buzones",
        "reminders" => "recordatorios",
        other => other,
    };
    pick(name, spanish)
}

/// What each view of `:` shows, one line, beside its name in the list under the `:` line.
pub fn view_summary(name: &str) -> &'static str {
    let (en, es) = match name {
        "dashboard" => (
            "queues, failures and integrations at a glance",
            "colas, fallos e integraciones de un vistazo",
        ),
        "contacts" => (
            "people the tenant talks to",
            "las personas con quienes habla",
        ),
        "reports" => (
            "counts over time as bars",
            "conteos en el tiempo, en barras",
        ),
        "funnel" => (
            "leads as cards in their stages",
            "leads como tarjetas en sus etapas",
        ),
        "leads" => (
            "every lead, newest first",
            "todos los leads, el más nuevo primero",
        ),
        "reminders" => ("follow-ups not done yet", "seguimientos pendientes"),
        "inbox" => (
            "conversations and their threads",
            "conversaciones y sus mensajes",
        ),
        "invoices" => (
            "invoices to review, newest first",
            "facturas por revisar, la más nueva primero",
        ),
        "mail" => (
            "mail messages of the watched mailboxes",
            "correos de los buzones vigilados",
        ),
        "mailboxes" => (
            "the Gmail mailboxes watched",
            "los buzones de Gmail vigilados",
        ),
        "glosas" => (
            "payers' objections, soonest due first",
            "objeciones de los pagadores, la que vence antes primero",
        ),
        "jobs" => (
            "background jobs, their errors and retries",
            "tareas de fondo, sus errores y reintentos",
        ),
        "audit" => ("who did what, when", "quién hizo qué, y cuándo"),
        "tenants" => (
            "every tenant (admins)",
            "todos los tenants (administradores)",
        ),
        "operators" => (
            "who may use the tenant (admins)",
            "quién puede usar el tenant (administradores)",
        ),
        "connections" => (
            "grants to providers (OAuth)",
            "permisos de proveedores (OAuth)",
        ),
        _ => ("", ""),
    };
    pick(en, es)
}

/// `e` on an invoice whose fields are settled.
pub fn not_editable(state: &str) -> String {
    let state = state.replace('_', " ");
    pick(
        format!("a {state} invoice cannot be edited: only one waiting for validation or failed"),
        format!("una factura en estado {state} no se puede editar: solo una por validar o fallida"),
    )
}

/// Who found an invoice field's value, as the review and `invoices show` name it.
pub fn field_source(source: centralita_protocol::FieldSource) -> &'static str {
    use centralita_protocol::FieldSource;
    match source {
        FieldSource::Xml => "xml",
        FieldSource::Mapping => pick("mapping", "mapeo"),
        FieldSource::Rules => pick("rules", "reglas"),
        FieldSource::Llm => "llm",
        FieldSource::Operator => pick("operator", "operador"),
    }
}
