//! Spanish help of the inbox and CRM commands: status, conversations, messages, leads,
//! funnels, reports, reminders, replies, templates, contacts.

use super::{
    CONTACT_ID, CONVERSATION_ID, FUNNEL_NAME, JSON_ANSWER, JSON_MACHINE, JSON_ROWS, LEAD_ID,
    LEAD_TYPES, LIMIT, NOTE_TEXT, ONLY_CONTACT, REMINDER_ID, REPLY_BODY, REPLY_NAME,
};

/// This part of the table (see [`super`]).
pub(super) const HELP: &[(&str, &str)] = &[
    // status
    ("status --json", JSON_MACHINE),
    // conversations
    (
        "conversations list",
        "Conversaciones, la de actividad más reciente primero",
    ),
    (
        "conversations list --state",
        "Solo este estado: open, pending o resolved",
    ),
    (
        "conversations list --assignee",
        "Solo las de este operador, `me` o `nobody` (sin asignar)",
    ),
    (
        "conversations list --channel",
        "Solo este canal: whatsapp, messenger o telegram",
    ),
    (
        "conversations list --unread",
        "Solo las que tienen mensajes del cliente sin leer",
    ),
    (
        "conversations list --search",
        "Solo las que tienen todas las palabras en el nombre, el teléfono o los usuarios de \
         canal del contacto, o en el mensaje más reciente",
    ),
    (
        "conversations list --contact",
        "Solo las de este contacto (`contacts list` muestra los ids)",
    ),
    ("conversations list --limit", LIMIT),
    ("conversations list --json", JSON_ROWS),
    (
        "conversations send",
        "Responde con texto, una respuesta rápida, un archivo o una plantilla de WhatsApp \
         aprobada; queda en cola de inmediato y se envía en segundo plano (`conversations show` \
         sigue su estado)",
    ),
    ("conversations send <id>", CONVERSATION_ID),
    (
        "conversations send <text>",
        "El texto (o use --reply, --file o --template)",
    ),
    (
        "conversations send --reply",
        "Envía en su lugar una respuesta rápida, con sus variables completadas para esta \
         conversación",
    ),
    (
        "conversations send --file",
        "Envía un archivo (imágenes, video y audio van como tales, el resto como documento)",
    ),
    (
        "conversations send --caption",
        "Un texto debajo del archivo",
    ),
    (
        "conversations send --template",
        "Envía una plantilla de WhatsApp aprobada (se permite con la ventana de 24 horas \
         cerrada; `centralita templates` las lista)",
    ),
    (
        "conversations send --lang",
        "El código de idioma de la plantilla de WhatsApp",
    ),
    (
        "conversations send --var",
        "Un valor para la siguiente variable numerada de la plantilla de WhatsApp ({{1}}, \
         {{2}}…), en orden",
    ),
    ("conversations send --json", JSON_ANSWER),
    (
        "conversations assign",
        "Asigna una conversación a un operador (o `--nobody`)",
    ),
    ("conversations assign <id>", CONVERSATION_ID),
    (
        "conversations assign <user>",
        "El operador (usuario Unix) al que asignarla",
    ),
    ("conversations assign --nobody", "La deja sin asignar"),
    (
        "conversations resolve",
        "Marca una conversación como resuelta (un nuevo mensaje del cliente la vuelve a abrir)",
    ),
    ("conversations resolve <id>", CONVERSATION_ID),
    (
        "conversations to-invoice",
        "Convierte en factura un documento o una foto que envió el cliente (la factura indica \
         de dónde vino; el mismo archivo otra vez es la misma factura)",
    ),
    ("conversations to-invoice <id>", CONVERSATION_ID),
    (
        "conversations to-invoice --message",
        "El mensaje con el archivo (por omisión: el archivo más reciente del cliente)",
    ),
    (
        "conversations to-invoice --json",
        "Imprime el resultado como JSON: el resumen de la factura y si ya existía",
    ),
    (
        "conversations show",
        "Una conversación: el contacto y los mensajes más recientes",
    ),
    ("conversations show <id>", CONVERSATION_ID),
    ("conversations show --limit", "Cuántos mensajes como máximo"),
    (
        "conversations show --before",
        "Mensajes anteriores: los previos a este id de mensaje (el primer id que mostró la \
         última página)",
    ),
    (
        "conversations show --json",
        "Imprime la conversación como un objeto JSON en vez de texto",
    ),
    // messages
    (
        "messages list",
        "Mensajes de una conversación, el más antiguo primero",
    ),
    ("messages list --conversation", CONVERSATION_ID),
    ("messages list --limit", LIMIT),
    ("messages list --json", JSON_ROWS),
    // leads
    ("leads list", "Leads, el más reciente primero"),
    (
        "leads list --status",
        "Solo este estado: new, in_progress, negotiation, won, lost",
    ),
    (
        "leads list --funnel",
        "Solo este embudo (`centralita funnels list` los nombra)",
    ),
    ("leads list --stage", "Solo esta etapa de su embudo"),
    (
        "leads list --assignee",
        "Solo los de este operador, `me` o `nobody` (sin asignar)",
    ),
    (
        "leads list --search",
        "Solo aquellos en cuyo nombre de contacto (o valor) están todas las palabras",
    ),
    ("leads list --contact", ONLY_CONTACT),
    ("leads list --limit", LIMIT),
    ("leads list --json", JSON_ROWS),
    ("leads show", "Un lead con sus notas"),
    ("leads show <id>", LEAD_ID),
    (
        "leads show --json",
        "Imprime el lead como un objeto JSON en vez de texto",
    ),
    ("leads add", "Abre a mano un lead para un contacto"),
    (
        "leads add <contact>",
        "El id del contacto (`centralita contacts list`)",
    ),
    ("leads add --type", LEAD_TYPES),
    (
        "leads edit",
        "Cambia el tipo, el estado, la persona asignada o el valor",
    ),
    ("leads edit <id>", LEAD_ID),
    ("leads edit --type", "El nuevo tipo del lead"),
    ("leads edit --status", "El nuevo estado del lead"),
    (
        "leads edit --assignee",
        "Un operador, o `-` para quitar la asignación",
    ),
    (
        "leads edit --value",
        "Un monto (`1500`, `1.500,00`), o `-` para borrarlo",
    ),
    ("leads move", "Mueve un lead a otra etapa de su embudo"),
    ("leads move <id>", LEAD_ID),
    ("leads move <stage>", "La etapa a la que moverlo"),
    ("leads note", "Agrega una nota"),
    ("leads note <id>", LEAD_ID),
    ("leads note <text>", NOTE_TEXT),
    (
        "leads funnel",
        "Leads por etapa del embudo y el tiempo promedio en ella",
    ),
    ("leads funnel --json", JSON_ANSWER),
    // funnels
    (
        "funnels list",
        "Los embudos en orden: tipo de lead, etapas y las palabras clave que envían una \
         conversación nueva a cada uno",
    ),
    ("funnels list --json", JSON_ROWS),
    (
        "funnels set",
        "Agrega un embudo o cambia uno: lo que no se indica queda como está. Un embudo nuevo \
         necesita --stages; su tipo por omisión es sale",
    ),
    ("funnels set <name>", FUNNEL_NAME),
    (
        "funnels set --stages",
        "Nombres de las etapas en orden, separados por comas (un lead nuevo empieza en la \
         primera). No se puede quitar una etapa que aún tiene leads",
    ),
    (
        "funnels set --keywords",
        "Palabras o frases, separadas por comas, que traen aquí el primer mensaje de un cliente \
         (`\"\"` las borra: el embudo recibe entonces lo que no coincide con las palabras clave \
         de ningún otro embudo)",
    ),
    (
        "funnels set --type",
        "El tipo de los leads que abre: sale, no_interest, future_contact, support o recovery",
    ),
    ("funnels set --json", JSON_ANSWER),
    (
        "funnels remove",
        "Quita un embudo que no tiene leads (debe quedar al menos uno)",
    ),
    ("funnels remove <name>", FUNNEL_NAME),
    ("funnels remove --json", JSON_ANSWER),
    // reports
    (
        "reports <name>",
        "channels, leads, countries, operators, first-response o funnels",
    ),
    (
        "reports --days",
        "El período: los últimos N días (7, 30, 90 o cualquier otro; por omisión 30)",
    ),
    (
        "reports --from",
        "El primer día del período (2024-11-15 o 15/11/2024, en la zona horaria del tenant)",
    ),
    (
        "reports --to",
        "El último día del período, incluido (2024-11-15 o 15/11/2024, en la zona horaria del \
         tenant; por omisión hoy)",
    ),
    ("reports --json", JSON_ANSWER),
    // reminders
    (
        "reminders list",
        "Sus recordatorios (los de todos, para los supervisores), el más próximo primero",
    ),
    ("reminders list --all", "También los completados"),
    ("reminders list --json", JSON_ROWS),
    (
        "reminders add",
        "Programa un recordatorio sobre un lead para una hora (AAAA-MM-DD HH:MM en la zona \
         horaria del tenant)",
    ),
    ("reminders add <lead>", "El lead al que se refiere (su id)"),
    (
        "reminders add <due>",
        "Cuándo: AAAA-MM-DD HH:MM (America/Lima) o una hora RFC 3339",
    ),
    ("reminders add <text>", "Qué recordar"),
    (
        "reminders add --assignee",
        "A quién se le recuerda (por omisión: a usted)",
    ),
    (
        "reminders edit",
        "Cambia la hora (AAAA-MM-DD HH:MM, America/Lima) o el texto de un recordatorio",
    ),
    ("reminders edit <id>", REMINDER_ID),
    (
        "reminders edit --due",
        "La nueva hora (AAAA-MM-DD HH:MM en la zona horaria del tenant)",
    ),
    ("reminders edit --text", "El nuevo texto"),
    ("reminders done", "Marca un recordatorio como hecho"),
    ("reminders done <id>", REMINDER_ID),
    (
        "reminders snooze",
        "Vuelve a recordar dentro de esta cantidad de minutos",
    ),
    ("reminders snooze <id>", REMINDER_ID),
    ("reminders snooze <minutes>", "Minutos desde ahora"),
    // replies
    (
        "replies list",
        "Respuestas rápidas (respuestas predefinidas) del tenant",
    ),
    ("replies list --json", JSON_ROWS),
    (
        "replies add",
        "Agrega una respuesta rápida, o reemplaza la que tiene ese nombre. Variables: {{name}}, \
         {{first_name}}, {{agent}}",
    ),
    ("replies add <name>", REPLY_NAME),
    ("replies add <body>", REPLY_BODY),
    (
        "replies add --category",
        "La categoría de la respuesta rápida",
    ),
    (
        "replies add --channel",
        "Solo en estos canales (whatsapp, messenger, telegram); por omisión todos",
    ),
    (
        "replies edit",
        "Cambia el texto de una respuesta rápida (su categoría y sus canales se mantienen)",
    ),
    ("replies edit <name>", REPLY_NAME),
    ("replies edit <body>", REPLY_BODY),
    ("replies remove", "Quita una respuesta rápida"),
    ("replies remove <name>", REPLY_NAME),
    // templates
    (
        "templates --sync",
        "Las trae de Meta ahora (un job; supervisores y administradores)",
    ),
    ("templates --json", JSON_ANSWER),
    // contacts
    ("contacts list", "Contactos, el más reciente primero"),
    (
        "contacts list --search",
        "Solo los que tienen todas las palabras en su nombre, su teléfono, un usuario de canal o \
         una etiqueta",
    ),
    ("contacts list --limit", LIMIT),
    ("contacts list --json", JSON_ROWS),
    (
        "contacts show",
        "Un contacto con sus identidades de canal, etiquetas y notas",
    ),
    ("contacts show <id>", CONTACT_ID),
    (
        "contacts show --json",
        "Imprime el contacto como un objeto JSON en vez de texto",
    ),
    (
        "contacts edit",
        "Cambia el nombre, el teléfono (con su código de país), el correo o las etiquetas \
         (separadas por comas); un --email \"\" vacío lo borra",
    ),
    ("contacts edit <id>", CONTACT_ID),
    ("contacts edit --name", "El nuevo nombre del contacto"),
    (
        "contacts edit --phone",
        "El nuevo número de teléfono del contacto",
    ),
    (
        "contacts edit --email",
        "La dirección de correo del contacto",
    ),
    (
        "contacts edit --tags",
        "Las etiquetas del contacto, separadas por comas",
    ),
    (
        "contacts note",
        "Agrega una nota sobre el contacto (se guarda con su nombre y la hora)",
    ),
    ("contacts note <id>", CONTACT_ID),
    ("contacts note <text>", NOTE_TEXT),
    (
        "contacts merge",
        "Une el contacto FROM a INTO: sus identidades, conversaciones, leads y notas pasan a \
         INTO",
    ),
    ("contacts merge <into>", "El contacto que queda (su id)"),
    (
        "contacts merge <from>",
        "El contacto que se une al otro y luego se elimina (su id)",
    ),
];
