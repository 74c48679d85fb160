//! The CRM in the console and the CLI: the inbox's actions (take, assign, resolve), leads,
//! contacts and reminders (times in the tenant's zone), and the tenant's zone itself.

use std::fmt::Display;

use centralita_protocol::{ContactId, ConversationId, ConversationState, LeadId, ReminderId};

use super::{Text, pick, texts};

texts! {
    NOBODY = "(nobody)" / "(nadie)";
    ASSIGN_TO_ME = "yourself" / "usted mismo (también: yo)";
    ASSIGN_TO_NOBODY = "no one: back to the queue" / "nadie: vuelve a la cola (también: nadie)";
    CONTACT_HEADING = "contact" / "contacto";
    LEAD_HISTORY = " notes · reminders " / " notas · recordatorios ";
    EDIT_LEAD_HINT_STATUS = "status new|in_progress|negotiation|won|lost · type sale|no_interest|future_contact|support|recovery"
        / "status new|in_progress|negotiation|won|lost · type sale|no_interest|future_contact|support|recovery (palabras en inglés)";
    EDIT_LEAD_HINT_OTHER = "assignee USER|me (- or empty: no one) · value 1500 (- or empty clears)"
        / "assignee USUARIO|me (- o vacío: nadie) · value 1500 (- o vacío lo borra)";
    NEED_LEAD_FIELD = "start with the field: status, type, assignee or value"
        / "empiece por el campo: status, type, assignee o value";
    NEED_NOTE = "type the note" / "escriba la nota";
    NEED_STAGE = "type one stage of the lead's funnel" / "escriba una etapa del embudo del lead";
    NEED_DUE = "start with the time: YYYY-MM-DD HH:MM, or HH:MM for today (the tenant's time zone)"
        / "empiece por la hora: AAAA-MM-DD HH:MM, o HH:MM para hoy (zona horaria del tenant)";
    NEED_REMINDER_TEXT = "after the time, type what to do"
        / "después de la hora, escriba qué hay que hacer";
    NEED_SNOOZE = "snooze to +30m, +2h, +1d, HH:MM, tomorrow HH:MM (mañana HH:MM) or YYYY-MM-DD HH:MM"
        / "posponer a +30m, +2h, +1d, HH:MM, mañana HH:MM (tomorrow HH:MM) o AAAA-MM-DD HH:MM";
    SNOOZE_IN_THE_PAST = "that time has passed: snooze to a later one"
        / "esa hora ya pasó: posponga a una más tarde";
    PROMPT_NEW_REMINDER = "new reminder: lead, then YYYY-MM-DD HH:MM or HH:MM (the tenant's time), then the text"
        / "nuevo recordatorio: lead, luego AAAA-MM-DD HH:MM o HH:MM (hora del tenant), luego el texto";
    NEED_REMINDER_LEAD = "start with the lead's id (`:leads` lists them)"
        / "empiece por el id del lead (`:leads` los lista)";
    NEED_CONTACT_FIELD = "type name, phone or email, a space, then the new value"
        / "escriba name, phone o email, un espacio y luego el valor nuevo";
    EMAIL_LABEL = "email" / "correo";
    // A lead's fields in its view (what `e` takes stays the English word: the edit hint says).
    LEAD_TYPE = "type" / "tipo";
    LEAD_STATUS = "status" / "estado";
    LEAD_FUNNEL = "funnel" / "embudo";
    LEAD_STAGE = "stage" / "etapa";
    LEAD_STAGES = "stages" / "etapas";
    LEAD_ASSIGNEE = "assignee" / "asignado";
    LEAD_VALUE = "value" / "valor";
    LEAD_CHAT = "chat" / "chat";
    LEAD_CREATED = "created" / "creado";
    TAGS_LABEL = "tags" / "etiquetas";

    KEY_TAKE = "take" / "tomar";
    KEY_ASSIGN = "assign" / "asignar";
    KEY_RESOLVE_REOPEN = "resolve/reopen" / "resolver/reabrir";
    KEY_THREAD_OLDER = "thread: older" / "mensajes: anteriores";
    KEY_THREAD_NEWER = "thread: newer" / "mensajes: recientes";
    KEY_SNOOZE_TO = "snooze to…" / "posponer a…";
    KEY_DONE_AS_D = "done (as d)" / "hecho (como d)";
    KEY_SEARCH = "search" / "buscar";
    KEY_OPEN_CONVERSATION = "open conversation" / "abrir conversación";
    KEY_MERGE = "merge another" / "fusionar otro";
    MERGE_INTO_ITSELF = "a contact cannot be merged into itself: type the other contact's id"
        / "un contacto no se fusiona consigo mismo: escriba el id del otro contacto";
    PREVIEW_HINT = "Enter or Ctrl-S sends it as shown · Esc back to the list"
        / "Enter o Ctrl-S lo envía tal como se ve · Esc vuelve a la lista";
    KEY_FILE_TO_INVOICE = "customer's file → invoice" / "archivo del cliente → factura";
    KEY_TAGS = "tags" / "etiquetas";
    KEY_NOTE = "note" / "nota";
    KEY_MOVE_TO_STAGE = "move to stage" / "mover de etapa";
    KEY_REMINDER = "reminder" / "recordatorio";
}

/// Under the lead edit form.
pub const EDIT_LEAD_HINT: &[Text] = &[EDIT_LEAD_HINT_STATUS, EDIT_LEAD_HINT_OTHER];

/// A conversation's state in the inbox list.
pub fn conversation_state(state: ConversationState) -> &'static str {
    match state {
        ConversationState::Open => pick("open", "abierta"),
        ConversationState::Pending => pick("wait", "espera"),
        ConversationState::Resolved => pick("done", "resuelta"),
    }
}

/// [`conversation_state`] in four characters at most, for the inbox list at 80 columns: the
/// English words fit, the Spanish ones are abbreviated as Spanish abbreviates (`abi.`), not cut.
pub fn conversation_state_short(state: ConversationState) -> &'static str {
    match state {
        ConversationState::Open => pick("open", "abi."),
        ConversationState::Pending => pick("wait", "esp."),
        ConversationState::Resolved => pick("done", "res."),
    }
}

/// The widest [`conversation_state`] in the reader's language, in columns.
pub fn conversation_state_width() -> u16 {
    [
        ConversationState::Open,
        ConversationState::Pending,
        ConversationState::Resolved,
    ]
    .into_iter()
    .map(|state| conversation_state(state).chars().count() as u16)
    .max()
    .unwrap_or(0)
}

/// `A` in the inbox.
pub fn prompt_assign(id: ConversationId) -> String {
    pick(
        format!("assign conversation {id} to (Tab completes)"),
        format!("asignar la conversación {id} a (Tab completa)"),
    )
}

/// A conversation was assigned, or unassigned (`None`).
pub fn conversation_assignee_now(id: ConversationId, assignee: Option<&str>) -> String {
    match assignee {
        Some(user) => super::conversation_assigned(id, user),
        None => pick(
            format!("conversation {id} unassigned"),
            format!("conversación {id} sin asignar"),
        ),
    }
}

/// A conversation was resolved or opened again.
pub fn conversation_now(id: ConversationId, state: ConversationState) -> String {
    pick(
        format!("conversation {id} is {}", state.as_str()),
        format!("la conversación {id} está {}", conversation_state(state)),
    )
}

/// A `/` word like `key:value` whose key the list does not know.
pub fn unknown_filter_key(key: &str, keys: &[&str]) -> String {
    let keys = keys.join(":, ");
    pick(
        format!("unknown filter {key}: use {keys}: or plain words"),
        format!("filtro desconocido {key}: use {keys}: o palabras sueltas"),
    )
}

pub fn notes_heading(count: usize) -> String {
    pick(format!("notes ({count})"), format!("notas ({count})"))
}

pub fn reminders_heading(count: usize) -> String {
    pick(
        format!("reminders ({count})"),
        format!("recordatorios ({count})"),
    )
}

/// `e` on a lead.
pub fn prompt_edit_lead(id: LeadId) -> String {
    pick(
        format!("edit lead {id}: field value"),
        format!("editar lead {id}: campo valor"),
    )
}

/// `n` on a lead or a contact.
pub fn prompt_note(what: &str, id: impl Display) -> String {
    pick(
        format!("note on {what} {id}"),
        format!("nota en {what} {id}"),
    )
}

/// `M` on a lead: its funnel's stages.
pub fn prompt_move_lead(id: LeadId, stages: &[String]) -> String {
    let stages = stages.join(", ");
    pick(
        format!("move lead {id} to ({stages})"),
        format!("mover lead {id} a ({stages})"),
    )
}

/// `R` on a lead.
pub fn prompt_reminder(id: LeadId) -> String {
    pick(
        format!(
            "reminder on lead {id}: YYYY-MM-DD HH:MM or HH:MM (today, the tenant's time), then the text"
        ),
        format!(
            "recordatorio en lead {id}: AAAA-MM-DD HH:MM o HH:MM (hoy, hora del tenant), luego el texto"
        ),
    )
}

pub fn lead_saved(id: LeadId) -> String {
    pick(format!("lead {id} saved"), format!("lead {id} guardado"))
}

pub fn note_added(what: &str, id: impl Display) -> String {
    pick(
        format!("note added to {what} {id}"),
        format!("nota agregada a {what} {id}"),
    )
}

pub fn reminder_set_on_lead(id: ReminderId, lead: LeadId) -> String {
    pick(
        format!("reminder {id} set on lead {lead}"),
        format!("recordatorio {id} puesto en el lead {lead}"),
    )
}

/// `e` on a reminder.
pub fn prompt_edit_reminder(id: ReminderId) -> String {
    pick(
        format!("reminder {id}: time and text, a time alone, or a text alone"),
        format!("recordatorio {id}: hora y texto, solo la hora o solo el texto"),
    )
}

/// `s` on a reminder.
pub fn prompt_snooze(id: ReminderId) -> String {
    pick(
        format!("snooze reminder {id} to (+30m, +2h, tomorrow 09:00…)"),
        format!("posponer el recordatorio {id} a (+30m, +2h, mañana 09:00…)"),
    )
}

pub fn reminder_saved(id: ReminderId) -> String {
    pick(
        format!("reminder {id} saved"),
        format!("recordatorio {id} guardado"),
    )
}

/// `e` on a contact.
pub fn prompt_edit_contact(id: ContactId) -> String {
    pick(
        format!("edit contact {id}: name NEW NAME, phone +51 987 654 321 or email ana@clinica.pe"),
        format!(
            "editar contacto {id}: name NOMBRE NUEVO, phone +51 987 654 321 o email ana@clinica.pe"
        ),
    )
}

/// `t` on a contact.
pub fn prompt_tags(id: ContactId) -> String {
    pick(
        format!("tags of contact {id}, separated by commas (empty clears)"),
        format!("etiquetas del contacto {id}, separadas por comas (vacío las borra)"),
    )
}

pub fn contact_saved(id: ContactId) -> String {
    pick(
        format!("contact {id} saved"),
        format!("contacto {id} guardado"),
    )
}

/// `reminders add`: what was set, in the tenant's zone.
pub fn reminder_added(id: impl Display, lead: impl Display, at: &str, zone: &str) -> String {
    pick(
        format!("reminder {id} for lead {lead} at {at} ({zone})"),
        format!("recordatorio {id} para el lead {lead}, {at} ({zone})"),
    )
}

/// `reminders snooze`: when it comes back.
pub fn reminder_snoozed(id: impl Display, at: &str, zone: &str) -> String {
    pick(
        format!("reminder {id} again at {at} ({zone})"),
        format!("recordatorio {id} de nuevo el {at} ({zone})"),
    )
}

/// The composer's title while it shows a filled quick reply.
pub fn preview_title(name: &str, to: &str) -> String {
    pick(
        format!("quick reply {name} for {to}"),
        format!("respuesta rápida {name} para {to}"),
    )
}

/// The contact view's title.
pub fn contact_title(id: ContactId, name: &str) -> String {
    pick(
        format!(" contact {id} · {name} "),
        format!(" contacto {id} · {name} "),
    )
}

pub fn conversations_heading(count: usize) -> String {
    pick(
        format!("conversations ({count})"),
        format!("conversaciones ({count})"),
    )
}

pub fn leads_heading(count: usize) -> String {
    pick(format!("leads ({count})"), format!("leads ({count})"))
}

/// `M` on a contact.
pub fn prompt_merge(into: &str) -> String {
    pick(
        format!("merge into {into}: the other contact's id"),
        format!("fusionar en {into}: el id del otro contacto"),
    )
}

/// A merge form whose text is not an id.
pub fn need_contact_id(typed: &str) -> String {
    pick(
        format!("{typed:?} is not a contact id: type its number (`:contacts` lists them)"),
        format!("{typed:?} no es un id de contacto: escriba su número (`:contacts` los lista)"),
    )
}

/// The y/n before a merge, naming both contacts.
pub fn confirm_merge(from: &str, from_id: ContactId, into: &str, into_id: ContactId) -> String {
    pick(
        format!(
            "merge {from} ({from_id}) into {into} ({into_id})? Its handles, conversations and \
             leads move; {from_id} is gone"
        ),
        format!(
            "¿fusionar {from} ({from_id}) en {into} ({into_id})? Sus cuentas, conversaciones y \
             leads pasan; {from_id} desaparece"
        ),
    )
}

/// After a merge.
pub fn contacts_merged(from: ContactId, into: ContactId) -> String {
    pick(
        format!("contact {from} merged into {into}"),
        format!("contacto {from} fusionado en {into}"),
    )
}

/// `operators rename`: what `{{agent}}` says from now on.
pub fn operator_renamed(user: &str, name: &str) -> String {
    pick(
        format!("{user} now goes by {name:?} ({{{{agent}}}} in quick replies)"),
        format!("{user} ahora se presenta como {name:?} ({{{{agent}}}} en las plantillas)"),
    )
}

/// `tenants set-zone`: the tenant's new zone.
/// `z` in `:tenants`: the prompt for the current tenant's zone.
pub fn prompt_zone(tenant: &str) -> String {
    pick(
        format!("time zone of {tenant} (e.g. America/Bogota)"),
        format!("zona horaria de {tenant} (p. ej. America/Bogota)"),
    )
}

/// A zone name that the time zone database does not have.
pub fn unknown_zone(zone: &str) -> String {
    pick(
        format!("{zone:?} is not a time zone: write an IANA name such as America/Lima"),
        format!("{zone:?} no es una zona horaria: escriba un nombre IANA como America/Lima"),
    )
}

pub fn prompt_currency(tenant: &str) -> String {
    pick(
        format!("currency of {tenant}'s amounts, ISO 4217 (e.g. PEN, COP, MXN, USD)"),
        format!("moneda de los montos de {tenant}, ISO 4217 (p. ej. PEN, COP, MXN, USD)"),
    )
}

pub fn unknown_currency(typed: &str) -> String {
    pick(
        format!("{typed:?} is not a currency: write a three-letter ISO 4217 code such as PEN"),
        format!("{typed:?} no es una moneda: escriba un código ISO 4217 de tres letras como PEN"),
    )
}

pub fn currency_set(tenant: &str, currency: &str) -> String {
    pick(
        format!("tenant {tenant} now shows its amounts in {currency}"),
        format!("el tenant {tenant} ahora muestra sus montos en {currency}"),
    )
}

pub fn zone_set(tenant: &str, zone: &str) -> String {
    pick(
        format!("tenant {tenant} now shows and reads times in {zone}"),
        format!("el tenant {tenant} ahora muestra y lee las horas en {zone}"),
    )
}

/// A lead's stage and how long it has been in it: "negotiation (since 3h ago)".
pub fn stage_since(stage: &str, ago: &str) -> String {
    pick(
        format!("{stage} (since {ago})"),
        format!("{stage} (desde {ago})"),
    )
}

/// A conversation named by its id: "conversation 12".
pub fn conversation_named(id: impl Display) -> String {
    pick(format!("conversation {id}"), format!("conversación {id}"))
}

/// A contact named by its id, when its record is not at hand: "contact 7".
pub fn contact_named(id: impl Display) -> String {
    pick(format!("contact {id}"), format!("contacto {id}"))
}
