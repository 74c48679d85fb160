//! The CLI's clap `about` lines in Spanish (the English ones are the doc comments in `cli/`),
//! and how an operator reads a daemon error's kind.

use centralita_protocol::{ErrorDetail, ErrorKind, Record, RpcError};

use super::{Lang, lang, texts};

texts! {
    CLI_ABOUT = "Centralita's operator console and command line."
        / "Consola de operador y línea de comandos de Centralita.";
    CLI_LONG_ABOUT = "Centralita's operator console and command line.\n\nRun bare for the \
         full-screen console; with a command for scripts (add --json to read commands for \
         stable, machine-readable output)."
        / "Consola de operador y línea de comandos de Centralita.\n\nSin argumentos abre la \
         consola a pantalla completa; con un comando sirve para scripts (agregue --json a los \
         comandos de lectura para una salida estable y legible por máquinas).";
}

/// The examples under the top-level `--help`, in Spanish (the English are `cli::EXAMPLES`).
pub const EXAMPLES_ES: &str = "Ejemplos:
  centralita                          abrir la consola
  centralita demo                     probarlo: un daemon desechable con datos de ejemplo
  centralita status --json            versión del daemon, tiempo activo, rutas, webhook
  centralita invoices add *.pdf       subir facturas para leerlas
  centralita invoices list --state waiting_validation
  centralita invoices export --from 2026-01-01 -o facturas.csv
  centralita mail show 12             un mensaje y qué pasó con sus adjuntos
  centralita glosas list              objeciones de los pagadores, las que vencen antes primero
  centralita jobs list --state dead   jobs que esperan a un operador
  centralita jobs retry 42            devolver el job 42 a la cola
  centralita operators add ana --role agent --tenant acme
  centralita connections add google   conectar un buzón de Gmail (administradores)
  centralita reports leads --from 2026-01-01 --to 2026-01-31

Idioma: --lang es|en, o CENTRALITA_LANG, o LANG.

Códigos de salida: 0 ok, 2 uso, 3 no encontrado, 4 sin permiso, 5 conflicto,
6 dato no válido, 7 versiones incompatibles, 69 daemon inaccesible, 70 error interno.";

/// A top-level command's `about` in Spanish (`None` for a command it does not know: clap then
/// keeps the doc comment, in English).
pub fn command_about_es(name: &str) -> Option<&'static str> {
    let about = match name {
        "status" => {
            "Versión del daemon, tiempo activo, carpeta de datos, socket y dirección del webhook."
        }
        "conversations" => "Conversaciones en WhatsApp, Messenger y Telegram.",
        "messages" => "Mensajes de una conversación.",
        "leads" => "Leads y embudos: listar, ver, abrir, editar, mover entre etapas, notas.",
        "funnels" => {
            "Embudos: sus etapas, tipo de lead y palabras clave; agregar, cambiar, quitar."
        }
        "reports" => {
            "Reportes de los últimos N días o entre dos fechas: canales, leads, países, operadores, primera respuesta, embudos."
        }
        "admin" => "Administración: copia de seguridad en línea de la base y los archivos.",
        "reminders" => "Recordatorios de leads: listar, agregar, marcar hechos, posponer.",
        "templates" => {
            "Plantillas de respuesta que los operadores insertan con /nombre, y las plantillas de WhatsApp aprobadas por Meta."
        }
        "contacts" => "Contactos, unidos entre canales.",
        "invoices" => "Facturas: subir, revisar, corregir, confirmar o rechazar, exportar.",
        "mail" => {
            "Correo: los buzones de Gmail que vigila el tenant, los mensajes que trajeron y qué pasó con sus adjuntos."
        }
        "glosas" => {
            "Glosas: objeciones de un pagador (EPS) a las facturas de la clínica, con su plazo de respuesta; listar, ver, responder cada ítem, mover, exportar la respuesta, catálogos de códigos, agregar un aviso."
        }
        "jobs" => "Jobs de la cola durable: listar, inspeccionar, reintentar, cancelar.",
        "queues" => "Colas: listar con conteos, pausar, reanudar.",
        "schedules" => "Jobs recurrentes: listar, pausar, reanudar, ejecutar ahora.",
        "connections" => {
            "Conexiones con proveedores (Google para Gmail): listar, agregar, terminar, probar, revocar, quitar."
        }
        "tenants" => "Tenants: listar, agregar (root o el usuario del daemon).",
        "operators" => "Operadores de un tenant y sus roles (administradores).",
        "audit" => "El registro de auditoría: quién hizo qué y cuándo.",
        "completions" => "Imprime un script de autocompletado para la shell.",
        "man" => "Escribe las páginas man (a stdout, o una página por comando en una carpeta).",
        "demo" => {
            "Inicia un daemon desechable con proveedores simulados y datos de ejemplo, y abre la consola en él."
        }
        _ => return None,
    };
    Some(about)
}

/// The daemon's socket does not answer.
pub fn cannot_reach(path: &dyn std::fmt::Display, source: &dyn std::fmt::Display) -> String {
    match lang() {
        Lang::En => format!(
            "cannot reach centralitad at {path}: {source} (pass --socket to use another socket)"
        ),
        Lang::Es => format!(
            "no se puede conectar con centralitad en {path}: {source} (--socket elige otro socket)"
        ),
    }
}

/// The daemon went away during a call.
pub fn connection_lost(error: &dyn std::fmt::Display) -> String {
    match lang() {
        Lang::En => format!("connection to centralitad lost: {error}"),
        Lang::Es => format!("se perdió la conexión con centralitad: {error}"),
    }
}

/// A daemon error as an operator reads it. In English, the daemon's message. In Spanish, the
/// error worded from its facts when the daemon sent them (a record not found, a role too
/// low), else the kind's headline before the daemon's English message.
pub fn rpc_error(error: &RpcError) -> String {
    match (lang(), &error.detail) {
        (Lang::En, _) => error.message.clone(),
        (Lang::Es, Some(detail)) => {
            spanish_detail(detail).unwrap_or_else(|| spanish_headline(error))
        }
        (Lang::Es, None) => spanish_headline(error),
    }
}

fn spanish_headline(error: &RpcError) -> String {
    format!("{}: {}", error_kind(error.kind), error.message)
}

/// The Spanish sentence for the facts of an error; `None` for facts this client cannot word.
fn spanish_detail(detail: &ErrorDetail) -> Option<String> {
    Some(match detail {
        ErrorDetail::NotFound { record, id, tenant } => {
            let place = tenant
                .as_ref()
                .map(|tenant| format!(" en el tenant {tenant}"))
                .unwrap_or_default();
            format!("no existe {} {id}{place}", record_es(*record))
        }
        ErrorDetail::Denied {
            user,
            method,
            tenant: Some(tenant),
            needs: Some(needs),
            role: Some(role),
        } => {
            format!("{method} requiere el rol {needs} en el tenant {tenant}; {user} es {role} allí")
        }
        ErrorDetail::Denied {
            user,
            tenant: Some(tenant),
            role: None,
            ..
        } => format!(
            "{user} no tiene rol en el tenant {tenant}: un admin puede darle uno con `centralita operators add {user} --role agent`"
        ),
        ErrorDetail::Denied {
            method,
            needs: None,
            ..
        } => format!("{method} está reservado a root y al usuario del propio daemon"),
        ErrorDetail::Denied { user, method, .. } => format!("{user} no puede llamar a {method}"),
        _ => return None,
    })
}

/// A kind of record with its article, as a Spanish sentence names it.
fn record_es(record: Record) -> &'static str {
    match record {
        Record::Tenant => "el tenant",
        Record::Operator => "el operador",
        Record::Job => "el job",
        Record::Schedule => "la tarea programada",
        Record::Invoice => "la factura",
        Record::Conversation => "la conversación",
        Record::Message => "el mensaje",
        Record::Contact => "el contacto",
        Record::Lead => "el lead",
        Record::Reminder => "el recordatorio",
        Record::ReplyTemplate => "la plantilla de respuesta",
        Record::Connection => "la conexión",
        Record::Mailbox => "el buzón",
        Record::MailMessage => "el correo",
        Record::Glosa => "la glosa",
        _ => "el registro",
    }
}

/// An error kind in a few words, in the current language.
pub fn error_kind(kind: ErrorKind) -> &'static str {
    let (en, es) = match kind {
        ErrorKind::NotFound => ("not found", "no encontrado"),
        ErrorKind::InvalidArgument => ("invalid argument", "dato no válido"),
        ErrorKind::PermissionDenied => ("permission denied", "sin permiso"),
        ErrorKind::Conflict => ("conflict", "conflicto"),
        ErrorKind::VersionMismatch => ("version mismatch", "versiones incompatibles"),
        ErrorKind::Unavailable => ("unavailable", "no disponible"),
        ErrorKind::Internal => ("internal error", "error interno"),
        _ => ("error", "error"),
    };
    super::pick(en, es)
}
