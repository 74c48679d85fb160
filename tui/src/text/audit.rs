//! The audit log as an operator reads it (`:audit`, its entry view, `centralita audit list`):
//! a target's kind of record, an entry's detail and its result in the reader's language. The
//! daemon writes the English (`invoice 14`, `merged contact 4 into it`) and keeps the
//! catalog's words beside a detail that is a sentence; a detail that is only data (a zone, a
//! role) reads the same in both.

use centralita_protocol::said::Words;
use centralita_protocol::{AuditOutcome, Record};

use super::{Lang, lang, pick};

/// An audit entry's target in the reader's language: its leading kind of record worded
/// (`invoice 14` → `factura 14`, `quick reply saludo` → `respuesta rápida saludo`), the rest
/// kept. A target that does not start with a kind this client knows stays as it came.
pub fn audit_target(target: &str) -> String {
    if lang() == Lang::En {
        return target.to_owned();
    }
    // Two words first, so `mail message 3` is a mail message and not a `mail`.
    let words: Vec<&str> = target.splitn(3, ' ').collect();
    for count in [2, 1] {
        if words.len() < count {
            continue;
        }
        let kind = words[..count].join(" ");
        if let Some(spanish) = target_word_es(&kind) {
            return format!("{spanish}{}", &target[kind.len()..]);
        }
    }
    target.to_owned()
}

/// The Spanish of a kind of target, when this client knows it (what [`audit_target`] words).
pub(super) fn target_word_es(english: &str) -> Option<&'static str> {
    Record::ALL
        .iter()
        .find(|record| record.as_str() == english)
        .map(|record| record_noun_es(*record))
        .or_else(|| {
            OTHER_TARGETS
                .iter()
                .find(|(word, _)| *word == english)
                .map(|(_, spanish)| *spanish)
        })
}

/// What an audit target names besides the protocol's kinds of record.
const OTHER_TARGETS: &[(&str, &str)] = &[
    ("jobs", "jobs"),
    ("queue", "cola"),
    ("funnel", "embudo"),
    ("backup", "copia de seguridad"),
    ("mappings", "mapeos"),
];

/// A kind of record as a Spanish target names it (no article: `factura 14`).
fn record_noun_es(record: Record) -> &'static str {
    match record {
        Record::Tenant => "tenant",
        Record::Operator => "operador",
        Record::Job => "job",
        Record::Schedule => "tarea programada",
        Record::Invoice => "factura",
        Record::Conversation => "conversación",
        Record::Message => "mensaje",
        Record::Contact => "contacto",
        Record::Lead => "lead",
        Record::Reminder => "recordatorio",
        Record::QuickReply => "respuesta rápida",
        Record::Connection => "conexión",
        Record::Mailbox => "buzón",
        Record::MailMessage => "correo",
        Record::Glosa => "glosa",
        _ => "registro",
    }
}

/// An audit entry's detail in the reader's language: the catalog's sentence when the daemon
/// kept its words and this client knows them, else the daemon's text (English, or data).
pub fn audit_detail(english: &str, words: Option<&Words>) -> String {
    super::cli::in_catalogs_words(english, words)
}

/// How the call ended, in a word.
pub fn audit_outcome(outcome: AuditOutcome) -> &'static str {
    match outcome {
        AuditOutcome::Ok => "ok",
        AuditOutcome::Denied => pick("denied", "denegada"),
        _ => pick("failed", "falló"),
    }
}

/// The names of an audit entry's fields in its view, padded to one width.
pub fn audit_field(field: AuditField) -> &'static str {
    match field {
        AuditField::When => pick("when     ", "cuándo    "),
        AuditField::Operator => pick("operator ", "operador  "),
        AuditField::Tenant => pick("tenant   ", "tenant    "),
        AuditField::Action => pick("action   ", "acción    "),
        AuditField::Target => pick("target   ", "objeto    "),
        AuditField::Result => pick("result   ", "resultado "),
    }
}

/// The fields of [`audit_field`].
#[derive(Debug, Clone, Copy)]
pub enum AuditField {
    When,
    Operator,
    Tenant,
    Action,
    Target,
    Result,
}

/// The Spanish of the catalog's sentences that audit entries keep (`said::INVOICE_ADDED` and
/// after), with the same values; `said_es` asks here for a key it does not have.
pub(super) fn audit_said_es(key: &str) -> Option<&'static str> {
    Some(match key {
        "invoice_added" => "{0} ({1}, {2} bytes) de {3}",
        // The state ({0}'s sentence starts with it) is the invoice's, as its lists show it.
        "invoice_read" => "waiting_validation: {0} campos leídos por {1}, {2} avisos",
        "invoice_fields_set_and_cleared" => "{0}; vaciados: {1}",
        "invoice_fields_cleared" => "vaciados: {0}",
        "mappings_reloaded" => "{0} cargados, {1} con problemas",
        "contact_edited" => "nombre {0}, teléfono {1}, correo {2}, etiquetas {3}",
        "contact_merged" => "el contacto {0} se fusionó en este",
        "assigned_to_nobody" => "(nadie)",
        "glosa_notice_added" => "aviso {0} de {1} ({2} ítems), origen {3}",
        "glosa_item_accepted" => "ítem {0}: {1} aceptada",
        "glosa_item_partially_accepted" => "ítem {0}: {1} parcial ({2} aceptado)",
        "glosa_item_not_accepted" => "ítem {0}: {1} no aceptada",
        "glosa_item_answered" => "ítem {0}: {1} respondida",
        "glosa_item_cleared" => "ítem {0}: respuesta borrada",
        "mailbox_added" => "conexión {0}, etiquetas {1}, cada {2} min",
        "mailbox_edited" => "etiquetas {0}, cada {1} min, búsqueda {2}",
        "mailbox_sync_full" => "sincronización completa",
        "mailbox_sync_new" => "correo nuevo",
        "paused" => "pausada",
        "resumed" => "reanudada",
        "schedule_run_now" => "ejecutada ahora",
        "tenant_currency" => "moneda {0}",
        "backup_written" => "{0} bytes, {1} archivos",
        "not_an_operator" => {
            "{0} no es operador de Centralita; un admin puede agregarlo con `centralita operators add {0} --role agent`"
        }
        "role_too_low" => "{0} requiere el rol {1} en el tenant {2}; {3} es {4} allí",
        "no_role_in_tenant" => "{0} no tiene rol en el tenant {1}",
        "superusers_only" => "{0} está reservado a root y al usuario del propio daemon",
        "may_not_call" => "{0} no puede llamar a {1}",
        _ => return None,
    })
}
