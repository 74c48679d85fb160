//! What the CLI's `show` commands print besides the values: the names before them and the
//! headings of their parts (`centralita glosas show`, `mail show`, `jobs show`, `leads show`,
//! `contacts show`, `invoices show`). The console's panes say the same with `views.rs`.

use std::fmt::Display;

use centralita_protocol::Report;

use super::{pick, texts};

texts! {
    LABEL_REASON = "reason" / "motivo";
    LABEL_MAPPING = "mapping" / "mapeo";
    LABEL_WARNINGS = "warnings:" / "avisos:";
    LABEL_EDITS = "edits:" / "ediciones:";
    LABEL_EMPTY = "(empty)" / "(vacío)";
    LABEL_SCHEDULE = "schedule" / "programación";
    LABEL_NOTE = "note" / "nota";
    LABEL_KEYWORDS = "keywords" / "palabras clave";
    LABEL_CONVERSATION = "conversation" / "conversación";
    LABEL_PAYER = "payer" / "pagador";
    LABEL_PROVIDER = "provider" / "prestador";
    LABEL_DATES = "dates" / "fechas";
    LABEL_DUE = "due" / "vence";
    LABEL_INVOICES = "invoices" / "facturas";
    LABEL_LINKED = "linked" / "vinculadas";
    LABEL_OBJECTED = "objected" / "objetado";
    LABEL_ORIGIN = "origin" / "origen";
    LABEL_NOTICE_TEXT = "notice text:" / "texto del aviso:";
    LABEL_CATALOG = "catalog" / "catálogo";
    LABEL_QUANTITY = "quantity" / "cantidad";
    LABEL_INVOICED = "invoiced" / "facturado";
    LABEL_SERVICE = "service" / "servicio";
    LABEL_VALUES = "values" / "valores";
    LABEL_RESPONSE = "response" / "respuesta";
    LABEL_DATE = "date" / "fecha";
    LABEL_GMAIL_ID = "gmail id" / "id de gmail";
    LABEL_NO_ATTACHMENTS = "no attachments" / "sin adjuntos";
    LABEL_TEXT = "text:" / "texto:";
    MORE_GLOSAS = "(more: raise --limit or pick a --state)"
        / "(hay más: suba --limit o elija un --state)";
    MORE_MAIL = "(more: raise --limit or pick a --mailbox)"
        / "(hay más: suba --limit o elija un --mailbox)";
}

/// `centralita jobs show`'s first line.
pub fn job_heading(
    id: impl Display,
    state: impl Display,
    queue: impl Display,
    kind: impl Display,
) -> String {
    pick(
        format!("job {id}  {state}  queue {queue}  kind {kind}"),
        format!("job {id}  {state}  cola {queue}  tipo {kind}"),
    )
}

/// A part of `jobs list`'s filter as the CLI says it back: `state dead`, `queue mail`.
pub fn filter_part(name: JobFilterPart, value: impl Display) -> String {
    let name = match name {
        JobFilterPart::State => pick("state", "estado"),
        JobFilterPart::Queue => pick("queue", "cola"),
        JobFilterPart::Kind => pick("kind", "tipo"),
    };
    format!("{name} {value}")
}

/// The parts of a job filter [`filter_part`] names.
#[derive(Debug, Clone, Copy)]
pub enum JobFilterPart {
    State,
    Queue,
    Kind,
}

/// `centralita leads show`'s first line.
pub fn lead_heading(
    id: impl Display,
    contact: impl Display,
    kind: impl Display,
    funnel: impl Display,
    stage: impl Display,
    since: impl Display,
) -> String {
    pick(
        format!("lead {id} · {contact} · {kind} · {funnel} funnel, {stage} since {since}"),
        format!("lead {id} · {contact} · {kind} · embudo {funnel}, {stage} desde {since}"),
    )
}

/// `centralita glosas show`'s first line.
pub fn glosa_heading(
    id: impl Display,
    state: impl Display,
    kind: impl Display,
    number: impl Display,
) -> String {
    format!("glosa {id} · {state} · {kind} {number}")
}

/// The heading of a glosa's items in `glosas show`.
pub fn glosa_items(count: usize) -> String {
    pick(format!("{count} items:"), format!("{count} ítems:"))
}

/// `centralita mail show`'s first line.
pub fn mail_heading(id: impl Display, mailbox: impl Display, received: impl Display) -> String {
    pick(
        format!("message {id} · mailbox {mailbox} · received {received}"),
        format!("mensaje {id} · buzón {mailbox} · recibido {received}"),
    )
}

/// The heading of a message's attachments in `mail show`.
pub fn mail_attachments(count: usize) -> String {
    pick(
        format!("{count} attachments:"),
        format!("{count} adjuntos:"),
    )
}

/// The heading of an invoice's text in `invoices show --text`, with how it was read.
pub fn invoice_text_heading(method: impl Display) -> String {
    pick(format!("text ({method}):"), format!("texto ({method}):"))
}

/// `centralita reminders edit`'s answer.
pub fn reminder_now(id: impl Display, at: impl Display, what: impl Display) -> String {
    pick(
        format!("reminder {id} at {at}: {what}"),
        format!("recordatorio {id} el {at}: {what}"),
    )
}

/// A glosa's objected total beside what was invoiced.
pub fn amount_of_invoiced(objected: impl Display, invoiced: impl Display) -> String {
    pick(
        format!("{objected} of {invoiced} invoiced"),
        format!("{objected} de {invoiced} facturado"),
    )
}

/// The width of the names before values in a `show`, so the values line up in either
/// language: the longest name and two spaces.
pub fn label_width(labels: &[&str]) -> usize {
    labels
        .iter()
        .map(|label| label.chars().count())
        .max()
        .unwrap_or(0)
        + 2
}

/// A report's title in the reader's language (the daemon's title is English; one this client
/// does not know stays so).
pub fn report_title(english: &str) -> String {
    let spanish = match english {
        "Contacts and conversations by channel" => "Contactos y conversaciones por canal",
        "Leads by type and status" => "Leads por tipo y estado",
        "Conversations by country" => "Conversaciones por país",
        "Actions per operator" => "Acciones por operador",
        "First response time" => "Tiempo de primera respuesta",
        "Won and lost per funnel" => "Ganados y perdidos por embudo",
        other => other,
    };
    pick(english, spanish).to_owned()
}

/// What a report counts, in the reader's language (the daemon says it in English).
pub fn report_unit(english: &str) -> String {
    let spanish = match english {
        "count" => "cantidad",
        "conversations" => "conversaciones",
        "actions" => "acciones",
        "seconds" => "segundos",
        other => other,
    };
    pick(english, spanish).to_owned()
}

/// A report row's label in the reader's language: the daemon's words before ` · ` and the
/// figures of the first-response report; channels, types, statuses, names and countries
/// stay as they are.
pub fn report_row(english: &str) -> String {
    let word = |word: &str| match word {
        "conversations" => Some("conversaciones"),
        "new contacts" => Some("contactos nuevos"),
        "type" => Some("tipo"),
        "status" => Some("estado"),
        "unknown" => Some("desconocido"),
        "answered" => Some("respondidas"),
        "min" => Some("mínimo"),
        "max" => Some("máximo"),
        "average" => Some("promedio"),
        "median" => Some("mediana"),
        _ => None,
    };
    let spanish = match english.split_once(" · ") {
        Some((head, rest)) => word(head).map(|head| format!("{head} · {rest}")),
        None => word(english).map(str::to_owned),
    };
    pick(
        english.to_owned(),
        spanish.unwrap_or_else(|| english.to_owned()),
    )
}

/// A report as the daemon sent it, in the reader's language: its title, unit and row labels.
pub fn report_in_lang(report: Report) -> Report {
    Report {
        title: report_title(&report.title),
        unit: report_unit(&report.unit),
        rows: report
            .rows
            .into_iter()
            .map(|(label, value)| (report_row(&label), value))
            .collect(),
        ..report
    }
}

/// `centralita reports`' first line: the report, its period and what it counts.
pub fn report_heading(
    title: impl Display,
    from: impl Display,
    to: impl Display,
    unit: impl Display,
) -> String {
    pick(
        format!("{title} ({from} to {to}, {unit})"),
        format!("{title} ({from} a {to}, {unit})"),
    )
}

/// The console's report frame: the report, over how many days, what it counts.
pub fn report_frame(title: impl Display, days: u32, unit: impl Display) -> String {
    pick(
        format!(" {title} · last {days} days ({unit}) "),
        format!(" {title} · últimos {days} días ({unit}) "),
    )
}
