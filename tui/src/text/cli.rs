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
  centralita admin backup centralita.tar   copia de seguridad con el daemon en marcha (root)

Idioma: --lang es|en, o CENTRALITA_LANG, o LANG.

Códigos de salida: 0 ok, 2 uso, 3 no encontrado, 4 sin permiso, 5 conflicto,
6 dato no válido, 7 versiones incompatibles, 69 daemon inaccesible, 70 error interno.";

/// A top-level command's `about` in Spanish (`None` for a command it does not know: clap then
/// keeps the doc comment, in English). Without a final period, as clap shows the English ones;
/// the commands below these are in `cli_help/`.
pub fn command_about_es(name: &str) -> Option<&'static str> {
    let about = match name {
        "status" => {
            "Versión del daemon, tiempo activo, carpeta de datos, socket y dirección del webhook"
        }
        "conversations" => "Conversaciones en WhatsApp, Messenger y Telegram",
        "messages" => "Mensajes de una conversación",
        "leads" => "Leads y embudos: listar, ver, abrir, editar, mover entre etapas, notas",
        "funnels" => "Embudos: sus etapas, tipo de lead y palabras clave; agregar, cambiar, quitar",
        "reports" => {
            "Reportes de los últimos N días o entre dos fechas: canales, leads, países, operadores, primera respuesta, embudos"
        }
        "admin" => "Tareas de la instalación para root y el usuario del daemon: copia de seguridad",
        "reminders" => "Recordatorios de leads: listar, agregar, marcar hechos, posponer",
        "replies" => {
            "Respuestas rápidas que los operadores insertan con /nombre: listar, agregar, cambiar, quitar"
        }
        "templates" => {
            "Las plantillas de WhatsApp aprobadas (o rechazadas) por Meta; --sync las trae ahora"
        }
        "contacts" => "Contactos, unidos entre canales",
        "invoices" => "Facturas: subir, revisar, corregir, confirmar o rechazar, exportar",
        "mail" => {
            "Correo: los buzones de Gmail que vigila el tenant, los mensajes que trajeron y qué pasó con sus adjuntos"
        }
        "glosas" => {
            "Glosas: objeciones de un pagador (EPS) a las facturas de la clínica, con su plazo de respuesta; listar, ver, responder cada ítem, mover, exportar la respuesta, catálogos de códigos, agregar un aviso"
        }
        "jobs" => "Jobs de la cola durable: listar, inspeccionar, reintentar, cancelar",
        "queues" => "Colas: listar con conteos, pausar, reanudar",
        "schedules" => "Jobs recurrentes: listar, pausar, reanudar, ejecutar ahora",
        "connections" => {
            "Conexiones con proveedores (Google para Gmail): listar, agregar, terminar, probar, revocar, quitar"
        }
        "tenants" => {
            "Tenants: listar, agregar (root o el usuario del daemon), set-zone y set-currency (administradores)"
        }
        "operators" => "Operadores de un tenant y sus roles (administradores)",
        "audit" => "El registro de auditoría: quién hizo qué y cuándo",
        "completions" => "Imprime un script de autocompletado para la shell",
        "man" => "Escribe las páginas man (a stdout, o una página por comando en una carpeta)",
        "demo" => {
            "Inicia un daemon desechable con proveedores simulados y datos de ejemplo, y abre la consola en él"
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
        ErrorDetail::Said { key, args } if key == "not_an_invoice_document" => {
            let mut args = args.clone();
            if let Some(detected) = args.get_mut(1).and_then(|what| detected_es(what)) {
                detected.clone_into(&mut args[1]);
            }
            fill(said_es(key)?, &args)
        }
        ErrorDetail::Said { key, args } => fill(said_es(key)?, args),
        _ => return None,
    })
}

/// An error a record keeps (a job's last one or an attempt's, a failed message's, a
/// connection's or a mailbox's last one, a failed invoice's reason) in the operator's
/// language: the catalog's sentence when the daemon gave its words and this client knows
/// them, else the daemon's English.
pub fn kept_error(english: &str, words: Option<&centralita_protocol::said::Words>) -> String {
    in_catalogs_words(english, words)
}

/// A record's sentence (an error it keeps, an audit entry's detail) in the operator's
/// language: the catalog's, filled with its values, when the daemon kept its words and this
/// client knows them; else the daemon's text.
pub(super) fn in_catalogs_words(
    english: &str,
    words: Option<&centralita_protocol::said::Words>,
) -> String {
    match words {
        Some(words) if super::lang() == super::Lang::Es => said_es(&words.key).map_or_else(
            || english.to_owned(),
            |spanish| fill(spanish, &job_args_es(words)),
        ),
        _ => english.to_owned(),
    }
}

/// The values of a record's words as its Spanish sentence takes them: a kind of record,
/// which the daemon names by its English word, is named in Spanish.
///
/// A last value that is a sentence of the catalog too (`inner`) is said in Spanish itself.
fn job_args_es(words: &centralita_protocol::said::Words) -> Vec<String> {
    let mut args = words.args.clone();
    if let Some(inner) = &words.inner
        && let Some(last) = args.last_mut()
    {
        *last = in_catalogs_words(last, Some(inner));
    }
    if matches!(
        words.key.as_str(),
        "record_not_found" | "record_not_found_in_tenant"
    ) && let Some(first) = args.first_mut()
        && let Some(record) = Record::ALL.iter().find(|record| record.as_str() == first)
    {
        record_es(*record).clone_into(first);
    }
    args
}

/// What intake found a refused file to be, in Spanish, from the daemon's English (its fixed
/// list in `centralita_invoices::detect`); `None` for one this client does not know.
pub(super) fn detected_es(english: &str) -> Option<&'static str> {
    Some(match english {
        "a ZIP archive (or an Office document)" => "un archivo ZIP (o un documento de Office)",
        "a legacy Microsoft Office document" => "un documento antiguo de Microsoft Office",
        "a GIF image" => "una imagen GIF",
        "a RIFF file (WebP, WAV or AVI)" => "un archivo RIFF (WebP, WAV o AVI)",
        "a PostScript file" => "un archivo PostScript",
        "an executable" => "un ejecutable",
        "a gzip archive" => "un archivo gzip",
        "a RAR archive" => "un archivo RAR",
        "a 7-Zip archive" => "un archivo 7-Zip",
        "an RTF document" => "un documento RTF",
        "an empty file" => "un archivo vacío",
        "an HEIC/MP4 file" => "un archivo HEIC/MP4",
        "an HTML page" => "una página HTML",
        "XML that is not an invoice" => "un XML que no es una factura",
        "unrecognised binary data" => "datos binarios que no se reconocen",
        "text without words" => "texto sin palabras",
        "JSON or other text" => "JSON u otro texto",
        _ => return None,
    })
}

/// `template` with `{0}`, `{1}`, … replaced by `args` in order.
pub(crate) fn fill(template: &str, args: &[String]) -> String {
    let mut text = template.to_owned();
    for (index, arg) in args.iter().enumerate() {
        text = text.replace(&format!("{{{index}}}"), arg);
    }
    text
}

/// The Spanish sentence of each refusal of the protocol's catalog
/// ([`centralita_protocol::said`]), with the same values (`{0}`, `{1}`, …); a test checks that
/// every key has one. The sentences of audit entries are in `audit.rs`, those of an invoice's
/// warnings in `warnings.rs`.
#[allow(clippy::too_many_lines)] // a catalog: one arm per key, grouped as in said.rs
pub(super) fn said_es(key: &str) -> Option<&'static str> {
    Some(match key {
        "agent_takes_conversation" => {
            "un agente solo puede tomar una conversación para sí mismo; pida a un supervisor que la asigne a otra persona"
        }
        "no_role_to_assign" => {
            "{0} no tiene rol en el tenant {1}: agréguelo con `centralita operators add`"
        }
        "message_empty" => "el mensaje está vacío",
        "message_too_long" => "el mensaje tiene {0} caracteres; el límite es {1}",
        "window_closed" => {
            "la ventana de 24 horas de esta conversación de {0} se cerró el {1} (24 h después del último mensaje del cliente); envíe una plantilla aprobada"
        }
        "window_not_open" => {
            "el cliente aún no escribió en esta conversación de {0}; solo una plantilla aprobada puede abrirla"
        }
        "file_empty" => "{0} está vacío",
        "file_too_large" => "{0} pesa {1} bytes; {2} acepta un {3} de hasta {4} bytes",
        "caption_too_long" => "el texto del archivo tiene {0} caracteres; el límite es {1}",
        "quick_reply_channel" => "la respuesta rápida {0} es para {1}, no para {2}",
        "whatsapp_template_channel" => {
            "las plantillas de WhatsApp van en conversaciones de WhatsApp; esta es de {0}"
        }
        "whatsapp_template_not_approved" => {
            "la plantilla de WhatsApp {0} ({1}) está {2}: solo se envía una plantilla aprobada"
        }
        "whatsapp_template_values" => {
            "la plantilla de WhatsApp {0} lleva {1} valor(es); se dieron {2}"
        }
        "whatsapp_template_value_empty" => {
            "el valor {0} de la plantilla de WhatsApp {1} está vacío (Meta rechaza valores vacíos)"
        }
        "agent_takes_lead" => {
            "un agente solo puede tomar un lead para sí mismo; pida a un supervisor que lo asigne a otra persona"
        }
        "no_such_stage" => "el embudo {0} no tiene la etapa {1}: use {2}",
        "not_an_amount" => "el valor {0} no es un importe (1234.50 o 1.234,50)",
        "no_funnel" => "el tenant no tiene embudo",
        "not_an_email" => "{0} no es un correo electrónico: escríbalo como nombre@dominio.com",
        "not_a_phone" => {
            "{0} no es un número de teléfono: escríbalo con su código de país, p. ej. +51 987 654 321"
        }
        "merge_into_itself" => "un contacto no se puede fusionar consigo mismo",
        "agent_own_reminders" => "un agente crea recordatorios solo para sí mismo",
        "someone_elses_reminder" => {
            "el recordatorio {0} es de {1}; un agente solo actúa sobre los suyos"
        }
        "reminder_text_empty" => "diga qué hacer: el texto del recordatorio está vacío",
        "nothing_to_change" => "nada que cambiar: indique una hora o un texto",
        // The action ({3}) is an English verb: the sentence does without it.
        "invoice_state" => {
            "la factura {0} está en {1}: esto solo se puede hacer con una factura en {2}"
        }
        "read_failed_by_hand" => "la lectura falló, se completó a mano: {0}",
        "read_failed_by_hand_no_reason" => {
            "la lectura falló, se completó a mano: no se registró el motivo"
        }
        "rejection_needs_reason" => {
            "un rechazo necesita un motivo (el emisor o el revisor lo preguntarán)"
        }
        "job_not_retriable" => {
            "el job {0} está {1}; solo se reintentan jobs failed, dead o cancelled"
        }
        "job_retry_blocked" => {
            "el job {0} no se puede reintentar mientras el job {1}, con la misma clave única {2}, esté activo"
        }
        "job_not_cancellable" => "el job {0} está {1}; no se puede cancelar",
        "tenant_name_length" => "el nombre de un tenant tiene de 1 a 100 caracteres",
        "not_a_zone" => "{0} no es una zona horaria (p. ej. America/Lima, America/Bogota)",
        "not_a_display_name" => {
            "{0} no es un nombre visible: como máximo {1} caracteres, en una sola línea"
        }
        "not_a_unix_user" => "{0} no es un nombre de usuario Unix",
        "tenant_exists" => "el tenant {0} ya existe",
        "audit_unscoped" => {
            "las entradas de auditoría sin tenant son solo para root y el usuario del propio daemon"
        }
        // Only conversations are refused this way; the kind ({2}) is an English word.
        "conversation_not_yours" => {
            "la conversación {0} está asignada a {1}; un agente ve sus conversaciones y las no asignadas"
        }
        "audio_no_caption" => "un audio no lleva texto: envíe el texto en un mensaje aparte",
        "messenger_no_caption" => {
            "los archivos de Messenger no llevan texto: envíe el texto en un mensaje aparte"
        }
        "quick_reply_unclosed" => "la respuesta rápida abre una variable sin cerrarla cerca de {0}",
        "quick_reply_unknown_variable" => {
            "la respuesta rápida usa la variable desconocida {0}: use {1}"
        }
        "quick_reply_name" => {
            "una respuesta rápida necesita un nombre sin espacios (se escribe como /nombre)"
        }
        "contact_not_yours" => {
            "el contacto {0} está en conversaciones asignadas a otras personas; un agente ve los contactos de sus conversaciones y de las no asignadas"
        }
        "lead_not_yours" => {
            "el lead {0} está asignado a {1}; un agente ve sus leads y los no asignados"
        }
        "lead_of_others_contact" => {
            "el lead {0} es de un contacto cuyas conversaciones están asignadas a otras personas"
        }
        "note_empty" => "la nota está vacía",
        "unknown_funnel" => "no existe el embudo {0}: use {1}",
        "stage_holds_leads" => {
            "la etapa {0} del embudo {1} aún tiene {2} lead(s): muévalos a otra etapa primero"
        }
        "only_funnel" => "el embudo {0} es el único: agregue otro antes de quitarlo",
        "funnel_holds_leads" => "el embudo {0} aún tiene {1} lead(s)",
        "funnel_name" => "nombre de embudo {0}: use de 1 a 40 letras minúsculas, dígitos, _ o -",
        "stage_name_length" => {
            "embudo {0}: el nombre de una etapa tiene de 1 a 60 caracteres, no {1}"
        }
        "stage_twice" => "embudo {0}: la etapa {1} figura dos veces",
        "funnel_no_stages" => "el embudo {0} necesita al menos una etapa",
        "not_a_due_time" => {
            "{0} no es una hora: escriba AAAA-MM-DD HH:MM ({1}) o 2026-12-01T15:00:00Z"
        }
        "report_range" => "el rango del reporte debe terminar después de empezar: {0} a {1}",
        "unknown_report" => "no existe el reporte {0}: use {1}",
        "invoice_file_too_large" => {
            "{0} pesa {1} bytes; el límite es {2} bytes (invoices.max_upload_mib)"
        }
        // What the file is ({1}) is English; the kinds accepted ({2}) are written out here.
        "not_an_invoice_document" => {
            "{0} es {1}, no un documento de factura: envíe PDF, JPEG, PNG, TIFF, XML UBL 2.x, CFDI 3.2/3.3/4.0 o CII (Factur-X/ZUGFeRD), o texto plano"
        }
        "message_file_downloading" => {
            "el archivo del mensaje {0} aún se está descargando: intente de nuevo en un momento"
        }
        "message_not_in_conversation" => "no se encontró el mensaje {0} en la conversación {1}",
        "message_has_no_file" => "el mensaje {0} no trae un archivo del cliente",
        "conversation_has_no_file" => {
            "la conversación {0} no tiene un archivo del cliente (un documento o una foto)"
        }
        "field_not_an_amount" => "{0}: {1} no es un importe (1234.50 o 1.234,50)",
        "field_not_a_date" => "{0}: {1} no es una fecha (2024-11-15 o 15/11/2024)",
        "not_a_currency" => {
            "{0} no es un código de moneda ISO 4217 de tres letras (PEN, COP, MXN, USD)"
        }
        "field_not_a_currency" => {
            "{0}: {1} no es un código de moneda ISO 4217 de tres letras (PEN, COP, MXN, USD)"
        }
        "chunk_not_base64" => "carga {0}: el bloque en la posición {1} no es base64 válido: {2}",
        "chunk_too_large" => "un bloque lleva como máximo {0} bytes; este tiene {1}",
        "chunk_offset" => {
            "carga {0}: bloque en la posición {1}, pero hasta ahora se recibieron {2} bytes"
        }
        "upload_overrun" => "carga {0}: más bytes que los {1} anunciados",
        "upload_short" => {
            "carga {0}: se recibieron {1} de {2} bytes; la carga se canceló, envíela de nuevo"
        }
        "uploads_per_operator" => {
            "usted tiene {0} cargas en curso, el máximo por operador: termínelas o espere 10 minutos a que venzan"
        }
        "uploads_per_tenant" => {
            "el tenant {0} tiene {1} cargas en curso, el máximo por tenant; intente de nuevo en un momento"
        }
        "upload_unknown" => {
            "no se encontró la carga {0} (terminó, pasó 10 minutos sin actividad o es de otra persona)"
        }
        "uploads_busy" => "ya hay {0} cargas en curso; intente de nuevo en un momento",
        "glosa_notice_not_a_notice" => {
            "{0}: nada en él se lee como un aviso de glosa (ni pagador, ni número de aviso, ni etiquetas de encabezado, ni ítems objetados)"
        }
        "glosa_notice_kind" => "{0} no es un PDF, ni una imagen, ni una hoja de cálculo, ni texto",
        "glosa_notice_unreadable" => "{0}: la hoja de cálculo no se puede leer: {1}",
        "glosa_notice_too_many_items" => {
            "{0} tiene más de {1} filas de ítems, lo máximo que puede tener un aviso"
        }
        "glosa_item_unknown" => {
            "no se encontró el ítem {0} de la glosa {1} (tiene {2} ítems, desde el 0)"
        }
        "glosa_notice_too_large" => {
            "{0} pesa {1} bytes; un aviso de glosa pesa como máximo {2} bytes"
        }
        "not_an_export_format" => "{0} no es un formato de exportación: use csv o xlsx",
        "glosa_answered" => {
            "la glosa {0} está {1}: devuélvala a in_review para cambiar una respuesta"
        }
        "glosa_not_an_amount" => "{0} no es un importe (use 1234.56)",
        "partial_acceptance_range" => {
            "una aceptación parcial es mayor que 0 y menor que lo objetado ({0})"
        }
        "not_a_response_code" => "{0} no es un código de respuesta: use uno de {1}",
        "justification_empty" => {
            "una respuesta necesita una justificación (es lo que lee la entidad pagadora)"
        }
        "justification_too_long" => "la justificación tiene más de {0} caracteres",
        "glosa_state" => {
            "la glosa {0} está {1}; no puede pasar a {2} (received → in_review → answered → closed; vuelva a in_review para cambiar una respuesta)"
        }
        "glosa_items_unanswered" => "glosa {0}: los ítems {1} aún no tienen respuesta",
        "too_many_labels" => "{0} etiquetas: un buzón vigila como máximo {1}",
        "label_too_long" => "la etiqueta {0} es más larga de lo que Gmail permite ({1} caracteres)",
        "mail_every_minutes" => "cada {0} minutos: use de 1 a {1} (un día)",
        "mail_query_too_long" => "la búsqueda tiene más de {0} caracteres",
        "skip_not_invoice_like" => "no es un pdf, una imagen, un xml ni un zip",
        "skip_text_not_invoice_like" => "texto que no parece una factura ni un recibo",
        "skip_embedded_image" => "imagen incrustada en el cuerpo html",
        "skip_nested_archive" => "un zip dentro de otro zip",
        "skip_unreadable_entry" => "ilegible: {0}",
        "skip_archive_unreadable" => "no es un zip legible: {0}",
        "skip_archive_too_many_entries" => "el zip tiene {0} entradas, más que el límite de {1}",
        "skip_archive_too_large" => "el zip descomprimido pesa más de {0} bytes",
        "skip_message_budget" => "se agotó el límite de descompresión del correo",
        "skip_text_budget" => {
            "se agotó el límite de texto del correo en archivos de texto anteriores"
        }
        "job_state_not_retriable" => "solo se reintentan jobs failed, dead o cancelled, no los {0}",
        "queue_name_length" => "el nombre de una cola tiene de 1 a 64 caracteres",
        "schedule_every_minute" => "el intervalo de una tarea programada es de al menos un minuto",
        "not_a_time_of_day" => "{0} no es una hora del día: escriba HH:MM",
        "unknown_provider" => "proveedor desconocido {0}: use google",
        "no_oauth_client" => {
            "esta instalación no tiene un cliente OAuth de {0}: configure [connections.{0}] en la configuración"
        }
        "connection_provider" => "la conexión {0} es de {1}, no de {2}",
        "authorization_unknown" => {
            "no se encontró esta autorización (ya se terminó, o no se empezó aquí)"
        }
        "connection_not_usable" => {
            "la conexión {0} está en {1}: autorícela de nuevo con `centralita connections add {2} --reauthorize {0}`"
        }
        "connection_needs_authorization" => {
            "la conexión {0} ({2}) está en {1}: autorícela con `centralita connections add {2} --reauthorize {0}`"
        }
        "connection_unusable_because" => "la conexión {0} ({2}) está en {1}: {3}",
        "oauth_grant_refused" => {
            "el proveedor rechazó la autorización ({0}): autorice la conexión de nuevo"
        }
        "oauth_refused" => "el proveedor se negó: {0}",
        "oauth_unreachable" => "no se pudo contactar al proveedor: {0}",
        "gmail_answered" => "Gmail ({0}) respondió {1}: {2}",
        "gmail_rate_limited" => {
            "Gmail ({0}) respondió {1}: {2}; se espera antes del próximo intento"
        }
        "gmail_unreachable" => "no se pudo contactar a Gmail ({0}): {1}",
        "gmail_unreadable" => "Gmail ({0}) respondió algo ilegible: {1}",
        "authorization_expired" => {
            "esta autorización venció (dura 10 minutos): empiece de nuevo con `centralita connections add`"
        }
        "authorization_of_other" => {
            "esta autorización la empezó {0} en el tenant {1}; esa persona debe terminarla"
        }
        "authorization_does_not_open" => {
            "la autorización no se abre con esta clave (¿cambió connections.token_key?): empiece de nuevo con `centralita connections add`"
        }
        "tokens_do_not_open" => {
            "los tokens de la conexión {0} no se abren con esta clave (¿cambió connections.token_key?): autorícela de nuevo"
        }
        "no_code_to_exchange" => "la conexión {0} no tiene un código que canjear",
        "redirect_empty" => {
            "la dirección no tiene ni código ni error: pegue la dirección completa a la que llegó el navegador"
        }
        "redirect_no_state" => {
            "la dirección no tiene state: pegue la dirección completa a la que llegó el navegador (empieza con la URL de redirección y tiene code= y state=)"
        }
        "job_kind_unknown" => "esta versión del daemon no sabe ejecutar jobs de tipo {0}",
        "job_payload_not_json" => "el contenido del job no es JSON válido: {0}",
        "job_payload_undecodable" => "el contenido del job {0} no se puede leer: {1}",
        "job_lease_timeout" => {
            "el intento tardó más que los {0} s que tiene reservados (queue.lease_secs)"
        }
        "job_lease_expired" => "venció la reserva del intento; el job volvió a la cola",
        "job_attempt_lease_expired" => {
            "venció la reserva: el intento tardó más que el tiempo que tenía (queue.lease_secs)"
        }
        "job_interrupted" => "interrumpido: el daemon se detuvo durante este intento",
        "store_failed" => "falló la base de datos del daemon: {0}",
        // The kind of record ({0}) comes in English; `kept_error` words it.
        "record_not_found" => "no existe {0} {1}",
        "record_not_found_in_tenant" => "no existe {0} {1} en el tenant {2}",
        "blob_not_found" => "el archivo {0} ya no está en la carpeta de archivos del daemon",
        "sandbox_unavailable" => "el proveedor simulado respondió 503: servicio no disponible",
        "sandbox_no_recipient" => "el proveedor simulado respondió 400: el destinatario no existe",
        "sandbox_until_retried" => {
            "el proveedor simulado responde 503 hasta que un operador reintente este job"
        }
        "sandbox_too_many_requests" => {
            "el proveedor simulado respondió 429: demasiadas solicitudes"
        }
        "sandbox_unknown_action" => "acción de sandbox desconocida: {0}",
        "no_channel_settings" => "este tenant no tiene configuración de {0}",
        "no_channel_token" => "este tenant no tiene token de {0}",
        "set_to_list_templates" => "configure {0} para listar las plantillas",
        "set_to_look_up_names" => "configure {0} para buscar los nombres de los clientes",
        "setting_not_a_url" => "{0} no es una dirección web válida: {1}",
        "media_unreachable" => "no se pudo descargar el archivo de {0}: {1}",
        "media_answered" => "al descargar el archivo, {0} respondió {1}",
        "media_too_large" => "el archivo de {0} pesa más de {1} bytes; no se guardó",
        "whatsapp_media_info_unreachable" => {
            "no se pudieron pedir a WhatsApp los datos del archivo: {0}"
        }
        "whatsapp_media_no_url" => {
            "WhatsApp dio los datos del archivo sin su dirección de descarga"
        }
        "telegram_get_file_unreachable" => "no se pudo pedir el archivo a Telegram (getFile): {0}",
        "telegram_get_file_refused" => "Telegram no entregó el archivo (getFile): {0}",
        "whatsapp_templates_unreachable" => {
            "no se pudo contactar a Meta para traer las plantillas de WhatsApp: {0}"
        }
        "whatsapp_templates_answered" => "plantillas de WhatsApp: Meta respondió {0}: {1}",
        "profile_no_psid" => "el job no tiene un PSID numérico",
        "messenger_profile_unreachable" => {
            "no se pudo contactar a Meta para el perfil de Messenger: {0}"
        }
        "messenger_profile_answered" => "perfil de Messenger: Meta respondió {0}: {1}",
        "no_send_token" => "este tenant no tiene token de envío para {0}: configure {1}",
        "send_file_reference" => "la referencia al archivo {0} no es válida",
        "send_file_missing" => {
            "{0}: el archivo ya no está en la carpeta de archivos del daemon (blob {1})"
        }
        "send_file_unreadable" => "{0}: no se pudo leer el archivo guardado: {1}",
        "send_refused" => "{0} rechazó el mensaje: {1}",
        "send_unreachable" => "{0} no respondió: {1}",
        "send_no_id" => "{0} respondió {1} sin el id del mensaje",
        "delivery_failed" => "{0} no pudo entregar el mensaje: {1}",
        "read_receipt_unreachable" => "no se pudo enviar a WhatsApp el aviso de lectura: {0}",
        "read_receipt_answered" => "WhatsApp respondió {0} al aviso de lectura",
        "invoice_blob_malformed" => "la referencia al archivo de la factura está dañada",
        "tool_missing" => {
            "{0} no está instalado: instale el paquete de Debian {1} (apt-get install {1}) y reintente la factura"
        }
        "tool_timeout" => "{0} tardó más de {1} s y se detuvo",
        "tool_failed" => "{0} falló: {1}",
        "tool_out_of_memory" => {
            "{0} agotó su límite de memoria de {1} MiB (invoices.tool_memory_mib)"
        }
        "image_too_large" => "la imagen mide {0}×{1} píxeles, más que el límite de {2} megapíxeles",
        "image_undecodable" => "la imagen no se puede decodificar: {0}",
        "image_unwritable" => "no se pudo escribir la imagen preparada: {0}",
        "image_unreadable" => "no se pudo leer la imagen: {0}",
        "no_text" => {
            "no se encontró texto: el documento no tiene capa de texto y el OCR no leyó nada"
        }
        "too_many_scanned_pages" => {
            "{0} páginas no tienen capa de texto; el OCR lee como máximo {1} por documento: envíe solo las páginas de la factura"
        }
        "temporary_files" => "no se pudieron usar los archivos temporales: {0}",
        "xml_too_large" => "el documento pesa más de {0} MiB",
        "xml_encoding" => "la codificación de caracteres {0} no se admite: use UTF-8 o ISO-8859-1",
        "xml_bad_utf8" => "el documento no es UTF-8 válido: byte inválido en la posición {0}",
        "xml_syntax" => "error de sintaxis XML en la línea {0}: {1}",
        "xml_doctype" => {
            "no se aceptan declaraciones de tipo de documento (<!DOCTYPE); hay una en la línea {0}"
        }
        "xml_too_deep" => "elementos anidados a más de {0} niveles en la línea {1}",
        "xml_too_many_attributes" => "el elemento <{0}> tiene más de {1} atributos en la línea {2}",
        "xml_no_root" => "no es una factura: el documento no tiene elemento raíz",
        "xml_root_not_invoice" => "no es una factura: el elemento raíz es {0}",
        "xml_not_an_invoice" => "no es una factura: {0}",
        "xml_no_attached_invoice" => {
            "AttachedDocument de la DIAN sin factura en cac:Attachment/cac:ExternalReference/cbc:Description"
        }
        "xml_in_attached_invoice" => "en la factura dentro del AttachedDocument de la DIAN: {0}",
        "llm_unreachable" => "no se pudo contactar al LLM: {0}",
        "llm_answer_unreadable" => "no se pudo leer la respuesta del LLM: {0}",
        "llm_answered" => "el LLM ({0}) respondió {1}: {2}",
        "llm_answer_refused" => "la respuesta del LLM no se aceptó: {0}",
        "glosa_notice_file_not_kept" => "el archivo del aviso no se guardó",
        "glosa_notice_text" => "{0}: no se pudo leer su texto: {1}",
        "mail_no_attachment" => "el correo {0} no tiene el adjunto {1}",
        "mail_attachment_file_not_kept" => "el archivo del adjunto no se guardó",
        "gmail_token_refreshed" => {
            "Gmail ({0}) respondió {1}: {2}; se renovó el token y se intentará de nuevo"
        }
        "exchange_grant_refused" => {
            "el proveedor rechazó la autorización ({0}): empiece de nuevo con `centralita connections add`"
        }
        "exchange_refused" => {
            "el proveedor se negó: {0}; empiece de nuevo con `centralita connections add`"
        }
        "exchange_unreachable" => {
            "no se pudo contactar al proveedor: {0}; empiece de nuevo con `centralita connections add`"
        }
        "connection_grant_dead" => {
            "{0} rechazó la autorización ({1}): se revocó, cambió la contraseña, no se usó en 6 meses o la app está en modo de prueba de Google (allí dura 7 días); autorice de nuevo con `centralita connections add {0} --reauthorize {2}`"
        }
        "connection_no_refresh_token" => {
            "el proveedor no entregó un token de renovación: autorice de nuevo"
        }
        "connection_not_authorized" => {
            "el proveedor no autorizó ({0}): empiece de nuevo con `centralita connections add`"
        }
        "integration_connection_error" => "conexión {0}: {1}",
        "integration_account_error" => "{0} (conexión {1}): {2}",
        "integration_mailbox_error" => "buzón {0}: {1}",
        _ => {
            return super::audit::audit_said_es(key)
                .or_else(|| super::warnings::warning_said_es(key))
                .or_else(|| super::glosa_warnings::glosa_warning_said_es(key));
        }
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
        Record::QuickReply => "la respuesta rápida",
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
