//! Glosas: `centralita glosas` and `:glosas`, `:glosa`, and the dashboard's glosa counts. The
//! words an operator types (states, decisions, codes) stay as the parser takes them.

use super::{Lang, lang, pick, texts};
use centralita_protocol::GlosaId;

texts! {
    /// What `/` takes in `:glosas`.
    GLOSA_FILTER_HINT = "received · in_review · answered · closed (a start will do; empty: all)"
        / "received · in_review · answered · closed (basta el inicio; vacío: todas)";

    /// The warning of a notice the payer sent too late.
    LATE_NOTICE = "late notice: sent over 20 business days after the invoice was \
         filed, so the invoice is tacitly accepted"
        / "aviso tardío: enviado más de 20 días hábiles después de radicada la factura, así que \
         la factura queda aceptada tácitamente";

    /// An item's code whose catalog is not known.
    UNKNOWN_CODE = "unknown code" / "código desconocido";

    /// An item without a response.
    NO_RESPONSE_YET = "no response yet" / "aún sin respuesta";

    // What the answer form and `glosas answer` say when their input will not do.
    NEED_DECISION = "decision: accepted, partial or not-accepted (a, p or n will do)"
        / "decisión: accepted, partial o not-accepted (basta a, p o n)";
    NEED_RESPONSE_CODE =
        "the response code: letters and digits, e.g. RE9901 (not accepted) or RE9801 (partial)"
        / "el código de respuesta: letras y dígitos, p. ej. RE9901 (no aceptada) o RE9801 (parcial)";
    NEED_JUSTIFICATION = "type the justification: it goes to the payer with the answer"
        / "escriba la justificación: va al pagador con la respuesta";
    NEED_ACCEPTED_VALUE = "a partial decision needs the value accepted, a decimal \
         like 60000.50 (no thousands separators)"
        / "una decisión parcial necesita el valor aceptado, un decimal como 60000.50 (sin \
         separadores de miles)";
    VALUE_ONLY_FOR_PARTIAL = "a value goes only with a partial decision"
        / "un valor solo va con una decisión parcial";
    NEED_ANSWER_FORM = "type the decision, then, each after a |, the response code, \
         the justification and, for partial, the value accepted"
        / "escriba la decisión y luego, cada uno tras un |, el código de respuesta, la \
         justificación y, si es parcial, el valor aceptado";

    // The lines under the answer form's input.
    ANSWER_HINT_DECISION = "decision  accepted, partial or not-accepted (a, p, n)"
        / "decisión  accepted, partial o not-accepted (a, p, n)";
    ANSWER_HINT_CODE = "code      the response code, e.g. RE9901, RE9801"
        / "código    el código de respuesta, p. ej. RE9901, RE9801";
    ANSWER_HINT_VALUE = "value     only for partial: the amount accepted"
        / "valor     solo si es parcial: el monto aceptado";

    /// `o` on a glosa nobody answered.
    NOTHING_TO_REOPEN = "only an answered or closed glosa reopens"
        / "solo se reabre una glosa respondida o cerrada";

    /// `i` on a glosa none of whose invoices is the tenant's.
    NO_LINKED_INVOICE = "none of its invoices is in :invoices: nothing to open"
        / "ninguna de sus facturas está en :invoices: nada que abrir";

    /// What the export form says when the name will not do.
    NEED_EXPORT_PATH = "type a file name ending in .xlsx or .csv (~ is your home folder)"
        / "escriba un nombre de archivo terminado en .xlsx o .csv (~ es su carpeta personal)";

    // The dashboard's glosa counts: its title and what each count is.
    GLOSAS_TITLE = " glosas (:glosas) " / " glosas (:glosas) ";
    GLOSAS_DUE_THIS_WEEK = "due this week" / "por vencer";
    GLOSAS_OVERDUE = "overdue" / "vencidas";
    GLOSAS_OVERDUE_ONE = "overdue" / "vencida";
}

/// The lines under the answer form's input.
pub const ANSWER_HINT: &[super::Text] =
    &[ANSWER_HINT_DECISION, ANSWER_HINT_CODE, ANSWER_HINT_VALUE];

/// A state that is not one of the four.
pub fn need_glosa_state(typed: &str) -> String {
    match lang() {
        Lang::En => format!(
            "{typed:?} is not a glosa state: received, in_review, answered or closed (the start of \
             one will do)"
        ),
        Lang::Es => format!(
            "{typed:?} no es un estado de glosa: received, in_review, answered o closed (basta el \
             inicio de uno)"
        ),
    }
}

/// A glosa's state as people read it.
pub fn glosa_state(state: centralita_protocol::GlosaState) -> &'static str {
    use centralita_protocol::GlosaState;
    match state {
        GlosaState::Received => pick("received", "recibida"),
        GlosaState::InReview => pick("in review", "en revisión"),
        GlosaState::Answered => pick("answered", "respondida"),
        GlosaState::Closed => pick("closed", "cerrada"),
        _ => pick(
            "unknown (update centralita)",
            "desconocido (actualice centralita)",
        ),
    }
}

/// How close the due date is, in a word.
pub fn urgency(urgency: centralita_protocol::Urgency) -> &'static str {
    use centralita_protocol::Urgency;
    match urgency {
        Urgency::Ok => pick("ok", "a tiempo"),
        Urgency::Soon => pick("soon", "pronto"),
        Urgency::Urgent => pick("urgent", "urgente"),
        Urgency::Overdue => pick("tacitly accepted", "aceptada tácitamente"),
        _ => pick("unknown", "desconocido"),
    }
}

/// How close the due date is, in a word that fits a table cell (`ok` says nothing).
pub fn urgency_short(urgency: centralita_protocol::Urgency) -> &'static str {
    use centralita_protocol::Urgency;
    match urgency {
        Urgency::Soon => pick("soon", "pronto"),
        Urgency::Urgent => pick("urgent", "urgente"),
        Urgency::Overdue => pick("tacit", "tácita"),
        _ => "",
    }
}

/// Business days left as `glosas list` shows them: `3 (soon)`, `-2 (tacitly accepted)`; only
/// the number once the glosa is answered or closed (its clock stopped).
pub fn days_left(summary: &centralita_protocol::GlosaSummary) -> String {
    if crate::glosas::is_open(summary.state) {
        format!("{} ({})", summary.days_left, urgency(summary.urgency))
    } else {
        summary.days_left.to_string()
    }
}

/// The due date and how far it is: `2026-11-25: 3 business days left (soon)`,
/// `2026-11-22: today (urgent)`, `2026-11-20: 2 business days past, tacitly accepted`; only
/// the date once the glosa is answered or closed (its clock stopped).
/// A glosa's dates on one line: the notice's, when it was received, when the invoice was
/// filed (the ones known).
pub fn glosa_dates(detail: &centralita_protocol::GlosaDetail) -> String {
    let summary = &detail.summary;
    let mut dates = Vec::new();
    if let Some(date) = summary.notice_date {
        dates.push(super::notice_dated(date));
    }
    dates.push(super::received_on(summary.received_on));
    if let Some(date) = detail.filed_date {
        dates.push(super::invoice_filed(date));
    }
    dates.join(" · ")
}

pub fn glosa_due(summary: &centralita_protocol::GlosaSummary) -> String {
    let due = summary.due.to_string();
    if !crate::glosas::is_open(summary.state) {
        return due;
    }
    let days = summary.days_left;
    let word = urgency(summary.urgency);
    match lang() {
        Lang::En => {
            let plural = if days.abs() == 1 { "" } else { "s" };
            match days {
                1.. => format!("{due}: {days} business day{plural} left ({word})"),
                0 => format!("{due}: today ({word})"),
                _ => format!("{due}: {} business day{plural} past, {word}", -days),
            }
        }
        Lang::Es => match days {
            1 => format!("{due}: queda 1 día hábil ({word})"),
            2.. => format!("{due}: quedan {days} días hábiles ({word})"),
            0 => format!("{due}: hoy ({word})"),
            -1 => format!("{due}: venció hace 1 día hábil, {word}"),
            _ => format!("{due}: venció hace {} días hábiles, {word}", -days),
        },
    }
}

/// A decision as people read it: `accepted`, `partial (60000.00 accepted)`, `not accepted`.
pub fn decision(decision: &centralita_protocol::Decision) -> String {
    use centralita_protocol::Decision;
    match decision {
        Decision::Accepted => pick("accepted", "aceptada").to_owned(),
        Decision::PartiallyAccepted { value } => pick(
            format!("partial ({value} accepted)"),
            format!("parcial ({value} aceptado)"),
        ),
        Decision::NotAccepted => pick("not accepted", "no aceptada").to_owned(),
        _ => pick(
            "unknown (update centralita)",
            "desconocida (actualice centralita)",
        )
        .to_owned(),
    }
}

/// A decision in a table cell: `accepted`, `partial`, `not accepted`.
pub fn decision_short(decision: &centralita_protocol::Decision) -> &'static str {
    use centralita_protocol::Decision;
    match decision {
        Decision::Accepted => pick("accepted", "aceptada"),
        Decision::PartiallyAccepted { .. } => pick("partial", "parcial"),
        Decision::NotAccepted => pick("not accepted", "no aceptada"),
        _ => pick("unknown", "desconocida"),
    }
}

/// A response in one line: `not accepted · RE9901 · the justification`.
pub fn item_response(response: &centralita_protocol::ItemResponse) -> String {
    format!(
        "{} · {} · {}",
        decision(&response.decision),
        response.code,
        response.justification
    )
}

/// The label of the answer form (`a`).
pub fn prompt_answer(index: u32, code: &str) -> String {
    pick(
        format!("item {index} ({code}): decision | code | justification | value"),
        format!("ítem {index} ({code}): decisión | código | justificación | valor"),
    )
}

/// An item was answered.
pub fn glosa_answered(
    id: GlosaId,
    index: u32,
    response: &centralita_protocol::ItemResponse,
) -> String {
    let decision = decision(&response.decision);
    let code = &response.code;
    pick(
        format!("glosa {id}, item {index}: {decision} ({code})"),
        format!("glosa {id}, ítem {index}: {decision} ({code})"),
    )
}

/// An item's response was cleared.
pub fn glosa_answer_cleared(id: GlosaId, index: u32) -> String {
    pick(
        format!("glosa {id}, item {index}: response cleared"),
        format!("glosa {id}, ítem {index}: respuesta borrada"),
    )
}

/// Before `x` on an item.
pub fn confirm_clear_answer(id: GlosaId, index: u32, code: &str) -> String {
    pick(
        format!(
            "Clear the response to item {index} ({code}) of glosa {id}? Its justification is lost."
        ),
        format!(
            "¿Borrar la respuesta al ítem {index} ({code}) de la glosa {id}? Su justificación se pierde."
        ),
    )
}

/// `x` on an item without a response.
pub fn no_response_to_clear(index: u32) -> String {
    pick(
        format!("item {index} has no response to clear"),
        format!("el ítem {index} no tiene respuesta que borrar"),
    )
}

/// `a` or `x` on a glosa whose answer is given.
pub fn glosa_answer_locked(state: centralita_protocol::GlosaState) -> String {
    let state = glosa_state(state);
    pick(
        format!("the glosa is {state}: reopen it (o) to change a response"),
        format!("la glosa está {state}: reábrala (o) para cambiar una respuesta"),
    )
}

/// A glosa moved to `state`.
pub fn glosa_state_set(id: GlosaId, state: centralita_protocol::GlosaState) -> String {
    let state = glosa_state(state);
    pick(
        format!("glosa {id} is now {state}"),
        format!("la glosa {id} ahora está {state}"),
    )
}

/// A state key on a glosa already in that state.
pub fn glosa_already(id: GlosaId, state: centralita_protocol::GlosaState) -> String {
    let state = glosa_state(state);
    pick(
        format!("glosa {id} is {state} already"),
        format!("la glosa {id} ya está {state}"),
    )
}

/// `A` while items have no response.
pub fn glosa_items_unanswered(count: usize) -> String {
    match (lang(), count) {
        (Lang::En, 1) => "one item has no response yet: answer it (a) first".to_owned(),
        (Lang::En, _) => format!("{count} items have no response yet: answer them (a) first"),
        (Lang::Es, 1) => "un ítem aún no tiene respuesta: respóndalo (a) primero".to_owned(),
        (Lang::Es, _) => {
            format!("{count} ítems aún no tienen respuesta: respóndalos (a) primero")
        }
    }
}

/// The label of the export form (`e`).
pub fn prompt_export_glosa(id: GlosaId) -> String {
    pick(
        format!("save glosa {id}'s answer to (.xlsx or .csv)"),
        format!("guardar la respuesta de la glosa {id} en (.xlsx o .csv)"),
    )
}

/// An answer was exported to a file.
pub fn glosa_exported(id: GlosaId, path: &std::path::Path, bytes: usize) -> String {
    let path = path.display();
    let size = super::file_size(bytes as u64);
    pick(
        format!("glosa {id}: answer saved to {path} ({size})"),
        format!("glosa {id}: respuesta guardada en {path} ({size})"),
    )
}

/// `glosas add`: the notice is uploaded and a job reads it.
pub fn glosa_notice_queued(file: &str, job: u64) -> String {
    match lang() {
        Lang::En => format!(
            "{file}: uploaded; job {job} reads it into a glosa (`centralita jobs show {job}` says how \
             it went, `centralita glosas list` shows it)"
        ),
        Lang::Es => format!(
            "{file}: subido; el job {job} lo lee como glosa (`centralita jobs show {job}` indica cómo \
             le fue, `centralita glosas list` la muestra)"
        ),
    }
}
