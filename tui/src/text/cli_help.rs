//! The CLI's `--help` below the top level in Spanish: every subcommand's about and every
//! argument's help. The English is the doc comments in `cli/` (clap derive); the top-level
//! commands' abouts are `command_about_es` in `cli.rs`.
//!
//! A key is the command path (`"jobs list"`), and for an argument the path then the flag
//! (`"jobs list --state"`) or, for a positional, its id in angle brackets (`"jobs show <id>"`);
//! the global flags have no path (`"--socket"`). A key ending in `" (long)"` is the long help
//! (`--help` rather than `-h`) of an about or argument whose doc comment has more than one
//! paragraph. The help of one of the values a flag takes is the flag's key, `=` and the value
//! (`"glosas answer --decision=partial"`). `cli::lang::localized` applies the table; its
//! tests fail on English help without its Spanish here, and on a key here that names nothing
//! any more.
//!
//! Like clap does with a one-paragraph doc comment, no entry ends in a period. Flag names,
//! values and examples stay as typed (`--state dead`, `waiting_validation`).

const JSON_ROWS: &str = "Imprime las filas como JSON (un arreglo de objetos) en vez de una tabla";
const JSON_ANSWER: &str = "Imprime la respuesta como JSON en vez de texto";
const JSON_MACHINE: &str = "Salida legible por máquinas";
const LIMIT: &str = "Cuántas filas mostrar como máximo";
const NO_CONFIRM: &str = "No pide confirmación";
const REPLACE_FILE: &str = "Reemplaza un archivo existente";

const CONVERSATION_ID: &str = "El id de la conversación";
const ONLY_CONTACT: &str = "Solo los de este contacto (`contacts list` muestra los ids)";
const LEAD_ID: &str = "El id del lead";
const LEAD_TYPES: &str = "sale, no_interest, future_contact, support o recovery";
const FUNNEL_NAME: &str = "El nombre del embudo";
const REMINDER_ID: &str = "El id del recordatorio";
const REPLY_NAME: &str = "El nombre de la respuesta rápida";
const REPLY_BODY: &str = "El texto; {{name}} y {{agent}} se completan al enviarla";
const CONTACT_ID: &str = "El id del contacto";
const NOTE_TEXT: &str = "El texto de la nota";
const INVOICE_ID: &str = "El id de la factura";
const ISSUER: &str = "Texto en el nombre o el RUC del emisor";
const ISSUED_FROM: &str = "Fecha de emisión igual o posterior (2024-11-15 o 15/11/2024)";
const ISSUED_TO: &str = "Fecha de emisión igual o anterior (2024-11-15 o 15/11/2024)";
const MAILBOX_ID: &str = "El id del buzón";
const MAILBOX_LABEL: &str = "Una etiqueta de Gmail a vigilar, por nombre o id; repítala para \
     agregar más (se lee un mensaje con cualquiera de ellas). `add` usa INBOX por omisión; `edit` \
     reemplaza las etiquetas por estas";
const MAILBOX_EVERY: &str =
    "Minutos entre sincronizaciones, de 1 a 1440 (`add` usa 15 por omisión)";
const MAILBOX_QUERY: &str = "Una búsqueda de Gmail con la que deben coincidir los mensajes \
     (`has:attachment from:facturas@x.pe`)";
const GLOSA_ID: &str = "La glosa (`centralita glosas list`)";
const JOB_STATES: &str = "queued, running, succeeded, failed, dead o cancelled";
const JOB_QUEUE: &str = "Solo jobs de esta cola";
const JOB_KIND: &str = "Solo jobs de este tipo";
const JOB_ERROR: &str = "Texto en el último error (sin distinguir mayúsculas de minúsculas)";
const JOB_ID: &str = "El id del job";
const QUEUE_NAME: &str = "El nombre de la cola";
const SCHEDULE_NAME: &str = "El nombre de la programación";
const CONNECTION_ID: &str = "El id de la conexión";
const OPERATOR_USER: &str = "El usuario Unix del operador";

/// Every Spanish help text, by key (see the module's doc).
pub(crate) const CLI_HELP_ES: &[(&str, &str)] = &[
    // The global flags.
    (
        "--socket",
        "El socket del daemon (por omisión: /run/centralita/console.sock si existe \
         /run/centralita, si no el socket de su propia configuración, si no \
         $XDG_RUNTIME_DIR/centralita/console.sock)",
    ),
    (
        "--config",
        "Archivo de configuración, para encontrar el socket (nunca se lee /etc/centralita, la \
         del daemon)",
    ),
    (
        "--tenant",
        "Tenant sobre el que actuar (por omisión: su único tenant)",
    ),
    (
        "--lang",
        "Idioma de la consola y los mensajes: es o en (por omisión: LC_ALL, LC_MESSAGES, LANG)",
    ),
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
    // invoices
    (
        "invoices add",
        "Sube documentos (PDF, JPEG, PNG, TIFF, XML UBL/CFDI/CII); cada uno se vuelve una \
         factura que se lee en segundo plano",
    ),
    (
        "invoices add <files>",
        "Los archivos de factura a agregar (PDF, XML o imágenes)",
    ),
    ("invoices add --json", JSON_ANSWER),
    (
        "invoices list",
        "Lista las facturas, la más reciente primero",
    ),
    (
        "invoices list --state",
        "processing, waiting_validation, processed, rejected o failed",
    ),
    ("invoices list --issuer", ISSUER),
    ("invoices list --from", ISSUED_FROM),
    ("invoices list --to", ISSUED_TO),
    (
        "invoices list --limit",
        "Cuántas facturas mostrar como máximo",
    ),
    ("invoices list --json", JSON_ROWS),
    (
        "invoices show",
        "Una factura: los campos con su origen, advertencias, líneas, ediciones y el texto \
         leído",
    ),
    ("invoices show <id>", INVOICE_ID),
    (
        "invoices show --text",
        "Imprime también el texto que leyó el extractor",
    ),
    (
        "invoices show --json",
        "Imprime la factura como un objeto JSON en vez de texto",
    ),
    (
        "invoices edit",
        "Corrige campos antes de confirmar: `centralita invoices edit 7 total=1180.00 \
         currency=PEN` (`field=` sin valor borra ese campo)",
    ),
    ("invoices edit <id>", INVOICE_ID),
    (
        "invoices edit <changes>",
        "Pares FIELD=VALUE; un VALUE vacío borra el campo",
    ),
    ("invoices edit --json", JSON_ANSWER),
    (
        "invoices confirm",
        "Acepta los campos tal como están: la factura pasa a processed",
    ),
    ("invoices confirm <id>", INVOICE_ID),
    ("invoices confirm --json", JSON_ANSWER),
    ("invoices reject", "Rechaza una factura, indicando por qué"),
    ("invoices reject <id>", INVOICE_ID),
    ("invoices reject --reason", "Por qué se rechaza"),
    ("invoices reject --json", JSON_ANSWER),
    (
        "invoices retry",
        "Vuelve a leer una factura fallida o rechazada",
    ),
    ("invoices retry <id>", INVOICE_ID),
    ("invoices retry --json", JSON_ANSWER),
    ("invoices download", "Guarda el documento original"),
    ("invoices download <id>", INVOICE_ID),
    (
        "invoices download --output",
        "Dónde escribirlo (por omisión: su nombre original, en la carpeta actual; `-` para \
         stdout)",
    ),
    ("invoices download --force", REPLACE_FILE),
    (
        "invoices export",
        "Escribe las facturas procesadas como CSV o JSON, con columnas estables",
    ),
    ("invoices export --format", "csv o json"),
    ("invoices export --state", "Qué estado exportar"),
    ("invoices export --issuer", ISSUER),
    ("invoices export --from", ISSUED_FROM),
    ("invoices export --to", ISSUED_TO),
    (
        "invoices export --output",
        "Archivo a escribir (por omisión: stdout)",
    ),
    ("invoices summary", "Facturas por estado"),
    ("invoices summary --json", JSON_ROWS),
    (
        "invoices mappings",
        "Mapeos de extracción por emisor: listar los cargados o volver a cargar la carpeta",
    ),
    (
        "invoices mappings <action>",
        "list muestra los cargados; reload vuelve a cargar la carpeta",
    ),
    ("invoices mappings --json", JSON_ANSWER),
    // mail
    (
        "mail mailboxes",
        "Los buzones que vigila el tenant: listar, agregar, editar, quitar",
    ),
    (
        "mail mailboxes list",
        "Los buzones, el más antiguo primero: cuenta, etiquetas, minutos entre \
         sincronizaciones, última sincronización y error, mensajes y facturas hasta ahora",
    ),
    ("mail mailboxes list --json", JSON_ROWS),
    (
        "mail mailboxes add",
        "Vigila el Gmail de una conexión (`centralita connections list`); su primera \
         sincronización completa empieza ahora (administradores)",
    ),
    (
        "mail mailboxes add --connection",
        "La conexión cuya cuenta se lee",
    ),
    ("mail mailboxes add --label", MAILBOX_LABEL),
    ("mail mailboxes add --every", MAILBOX_EVERY),
    ("mail mailboxes add --query", MAILBOX_QUERY),
    ("mail mailboxes add --json", JSON_ANSWER),
    (
        "mail mailboxes edit",
        "Cambia las etiquetas, los minutos o la búsqueda de un buzón: lo que no se indica queda \
         como está; con etiquetas nuevas o una búsqueda nueva se sincroniza por completo \
         (administradores)",
    ),
    ("mail mailboxes edit <id>", MAILBOX_ID),
    ("mail mailboxes edit --label", MAILBOX_LABEL),
    ("mail mailboxes edit --every", MAILBOX_EVERY),
    ("mail mailboxes edit --query", MAILBOX_QUERY),
    (
        "mail mailboxes edit --no-query",
        "Quita la búsqueda: se lee todo mensaje que tenga las etiquetas",
    ),
    ("mail mailboxes edit --json", JSON_ANSWER),
    (
        "mail mailboxes remove",
        "Deja de vigilar un buzón y olvida sus mensajes; las facturas creadas a partir de ellos \
         se conservan (administradores)",
    ),
    ("mail mailboxes remove <id>", MAILBOX_ID),
    ("mail mailboxes remove --yes", NO_CONFIRM),
    ("mail mailboxes remove --json", JSON_ANSWER),
    (
        "mail list",
        "Mensajes, el más reciente primero, de todos los buzones o de uno",
    ),
    ("mail list --mailbox", "Solo los mensajes de este buzón"),
    ("mail list --limit", LIMIT),
    ("mail list --json", JSON_ROWS),
    (
        "mail show",
        "Un mensaje: sus encabezados, cada adjunto con lo que pasó con él, y su texto",
    ),
    ("mail show <id>", "El id del mensaje de correo"),
    (
        "mail show --json",
        "Imprime el mensaje de correo como un objeto JSON en vez de texto",
    ),
    (
        "mail resync",
        "Sincroniza un buzón ahora (un job); --full vuelve a listar todos los mensajes (se \
         saltan los que ya están aquí) (supervisores y administradores)",
    ),
    (
        "mail resync <mailbox>",
        "El id del buzón (`centralita mail mailboxes list`)",
    ),
    (
        "mail resync --full",
        "Vuelve a listar todos los mensajes, no solo lo que cambió desde la última \
         sincronización",
    ),
    ("mail resync --json", JSON_ANSWER),
    // glosas
    (
        "glosas list",
        "Glosas, la que vence antes primero: días hábiles que quedan y urgencia, fecha de \
         vencimiento, estado, pagador, número de aviso, facturas, total objetado, ítems e ítems \
         con códigos desconocidos",
    ),
    ("glosas list --state", "Solo las glosas en este estado"),
    ("glosas list --limit", LIMIT),
    ("glosas list --json", JSON_ROWS),
    (
        "glosas show",
        "Una glosa: su encabezado y advertencias, cada ítem con su código (sistema, familia, \
         descripción del catálogo), lo que escribió el pagador, sus valores y su respuesta, y \
         luego el texto del aviso",
    ),
    ("glosas show <id>", GLOSA_ID),
    (
        "glosas show --json",
        "Imprime la glosa como un objeto JSON en vez de texto",
    ),
    (
        "glosas answer",
        "Responde un ítem (con el número que le da `show`), o borra su respuesta; una glosa \
         recibida pasa a in_review",
    ),
    ("glosas answer <id>", GLOSA_ID),
    ("glosas answer <item>", "El número del ítem"),
    (
        "glosas answer --decision",
        "Lo que la clínica responde al ítem",
    ),
    (
        "glosas answer --decision=accepted",
        "La objeción se acepta por completo",
    ),
    (
        "glosas answer --decision=partial",
        "Se acepta una parte de la objeción: indique cuánto se acepta (`--value`)",
    ),
    (
        "glosas answer --decision=not-accepted",
        "El cobro se mantiene completo: se responde la objeción",
    ),
    (
        "glosas answer --value",
        "Con --decision partial: el valor aceptado, un decimal (60000.50)",
    ),
    (
        "glosas answer --code",
        "El código de respuesta (RE9901 no aceptada, RE9801 parcial…)",
    ),
    (
        "glosas answer --justification",
        "Por qué: va al pagador con la respuesta",
    ),
    (
        "glosas answer --clear",
        "En cambio, quita la respuesta del ítem",
    ),
    ("glosas answer --json", JSON_ANSWER),
    (
        "glosas review",
        "Empieza la revisión de una glosa (received → in_review)",
    ),
    ("glosas review <id>", GLOSA_ID),
    ("glosas review --json", JSON_ANSWER),
    (
        "glosas answered",
        "Marca la respuesta como dada: cada ítem tiene su respuesta (in_review → answered)",
    ),
    ("glosas answered <id>", GLOSA_ID),
    ("glosas answered --json", JSON_ANSWER),
    (
        "glosas close",
        "Cierra una glosa cuando el pagador ya decidió (answered → closed)",
    ),
    ("glosas close <id>", GLOSA_ID),
    ("glosas close --json", JSON_ANSWER),
    (
        "glosas reopen",
        "Devuelve una glosa respondida o cerrada a in_review, para cambiar una respuesta",
    ),
    ("glosas reopen <id>", GLOSA_ID),
    ("glosas reopen --json", JSON_ANSWER),
    (
        "glosas export",
        "Guarda la respuesta que se envía al pagador, como CSV o como hoja de cálculo",
    ),
    ("glosas export <id>", GLOSA_ID),
    (
        "glosas export --format",
        "El formato del archivo (si no se indica, según el nombre del archivo)",
    ),
    (
        "glosas export --output",
        "Dónde escribirla (por omisión: el nombre que le da el daemon, en la carpeta actual; \
         `-` para stdout)",
    ),
    ("glosas export --force", REPLACE_FILE),
    ("glosas export --json", JSON_ANSWER),
    (
        "glosas catalog",
        "Códigos de ambos catálogos (Res. 2284/2023 y Res. 3047/2008) que coinciden con SEARCH \
         (en el código o la descripción); sin SEARCH, todos",
    ),
    (
        "glosas catalog <search>",
        "Texto en un código o en su descripción",
    ),
    ("glosas catalog --json", JSON_ROWS),
    (
        "glosas add",
        "Sube un aviso de glosa (PDF, hoja de cálculo o texto) para que un job lo lea y cree la \
         glosa; imprime el job",
    ),
    ("glosas add <file>", "El aviso del pagador"),
    ("glosas add --json", JSON_ANSWER),
    // jobs
    ("jobs list", "Lista los jobs, el más reciente primero"),
    ("jobs list --state", JOB_STATES),
    ("jobs list --queue", JOB_QUEUE),
    ("jobs list --kind", JOB_KIND),
    ("jobs list --error", JOB_ERROR),
    ("jobs list --limit", "Cuántos jobs mostrar como máximo"),
    ("jobs list --json", JSON_MACHINE),
    ("jobs show", "Un job con su payload y cada intento"),
    ("jobs show <id>", JOB_ID),
    (
        "jobs show --json",
        "Imprime el job como un objeto JSON en vez de texto",
    ),
    (
        "jobs retry",
        "Devuelve a la cola un job fallido, muerto o cancelado; con --all, todos los que \
         coinciden con los filtros",
    ),
    ("jobs retry <id>", "El job a reintentar"),
    (
        "jobs retry --all",
        "Reintenta todos los jobs fallidos o muertos que coinciden con los filtros",
    ),
    ("jobs retry --state", JOB_STATES),
    ("jobs retry --queue", JOB_QUEUE),
    ("jobs retry --kind", JOB_KIND),
    ("jobs retry --error", JOB_ERROR),
    ("jobs retry --yes", NO_CONFIRM),
    (
        "jobs cancel",
        "Cancela un job (uno en ejecución se detiene cuando termina su intento en curso)",
    ),
    ("jobs cancel <id>", JOB_ID),
    // queues
    (
        "queues list",
        "Las colas con su configuración y los conteos de jobs de este tenant",
    ),
    ("queues list --json", JSON_ROWS),
    (
        "queues pause",
        "Deja de tomar jobs de una cola (para todos los tenants); los jobs en ejecución \
         terminan",
    ),
    ("queues pause <name>", QUEUE_NAME),
    ("queues resume", "Vuelve a tomar jobs de una cola en pausa"),
    ("queues resume <name>", QUEUE_NAME),
    // schedules
    (
        "schedules list",
        "Los jobs recurrentes del tenant, por nombre (supervisores y administradores)",
    ),
    ("schedules list --json", JSON_ROWS),
    (
        "schedules pause",
        "Deja de crear los jobs de una programación; los que ya están en cola se ejecutan igual",
    ),
    ("schedules pause <name>", SCHEDULE_NAME),
    ("schedules pause --json", JSON_ANSWER),
    (
        "schedules resume",
        "Vuelve a crear los jobs de una programación en pausa, desde su próximo turno",
    ),
    ("schedules resume <name>", SCHEDULE_NAME),
    ("schedules resume --json", JSON_ANSWER),
    (
        "schedules run-now",
        "Crea ahora el job de una programación, fuera de sus turnos",
    ),
    ("schedules run-now <name>", SCHEDULE_NAME),
    ("schedules run-now --json", JSON_ANSWER),
    // connections
    (
        "connections list",
        "Las conexiones del tenant, la más antigua primero: estado, cuenta, vencimiento del \
         token, último error",
    ),
    ("connections list --json", JSON_ROWS),
    (
        "connections add",
        "Conecta el tenant con un proveedor (google, para Gmail): imprime la página de \
         consentimiento, que se abre en cualquier navegador (administradores)",
    ),
    ("connections add <provider>", "google"),
    (
        "connections add --reauthorize",
        "Vuelve a autorizar esta conexión en vez de agregar una (cuando lo pide)",
    ),
    ("connections add --json", JSON_ANSWER),
    (
        "connections finish",
        "Termina una autorización con la dirección a la que llegó el navegador tras el \
         consentimiento (cuando no pudo llegar a /oauth/callback del daemon) (administradores)",
    ),
    (
        "connections finish --url",
        "La dirección completa, con su code= y su state=; póngala entre comillas para la shell",
    ),
    ("connections finish --json", JSON_ANSWER),
    (
        "connections test",
        "Prueba una conexión ahora: un job renueva su token y le pregunta al proveedor quién es \
         (administradores)",
    ),
    ("connections test <id>", CONNECTION_ID),
    ("connections test --json", JSON_ANSWER),
    (
        "connections revoke",
        "Deja de usar una conexión y revoca el permiso en el proveedor (un job) \
         (administradores)",
    ),
    ("connections revoke <id>", CONNECTION_ID),
    ("connections revoke --json", JSON_ANSWER),
    (
        "connections remove",
        "Olvida una conexión y sus tokens; revóquela antes para terminar el permiso en el \
         proveedor (administradores)",
    ),
    ("connections remove <id>", CONNECTION_ID),
    ("connections remove --yes", NO_CONFIRM),
    ("connections remove --json", JSON_ANSWER),
    // tenants
    (
        "tenants list",
        "Los tenants en los que usted tiene un rol (todos, para root)",
    ),
    ("tenants list --json", JSON_ROWS),
    (
        "tenants add",
        "Crea un tenant (root o el usuario del daemon)",
    ),
    (
        "tenants add <id>",
        "Id corto que se usa en los comandos y en las URL del webhook: letras minúsculas, \
         dígitos, '-'",
    ),
    ("tenants add --name", "Nombre para mostrar"),
    (
        "tenants set-zone",
        "Fija la zona horaria en que se muestran y se ingresan las fechas de un tenant \
         (administradores)",
    ),
    ("tenants set-zone <id>", "El id del tenant"),
    (
        "tenants set-zone <zone>",
        "Una zona horaria IANA: America/Lima, America/Bogota, America/Mexico_City…",
    ),
    // operators
    ("operators list", "Los operadores del tenant y sus roles"),
    ("operators list --json", JSON_ROWS),
    (
        "operators add",
        "Da a un usuario Unix un rol en el tenant (reemplaza el rol que tuviera allí)",
    ),
    ("operators add <user>", "Nombre de usuario Unix"),
    ("operators add --role", "agent, supervisor o admin"),
    (
        "operators rename",
        "Fija el nombre con que un operador se presenta a los clientes (`{{agent}}` en las \
         respuestas rápidas)",
    ),
    ("operators rename <user>", OPERATOR_USER),
    (
        "operators rename <name>",
        "El nombre, p. ej. \"Ana Torres\" (vacío: vuelve al nombre de usuario Unix)",
    ),
    (
        "operators remove",
        "Quita el rol de un usuario Unix en el tenant",
    ),
    ("operators remove <user>", OPERATOR_USER),
    // admin
    (
        "admin backup",
        "Hace una copia de seguridad de la base de datos y los archivos guardados mientras el \
         daemon sigue atendiendo (root o el usuario del daemon). El daemon escribe la copia en \
         <data_dir>/backups/ y luego se copia a FILE. Restáurela con `centralitad restore FILE \
         --data-dir DIR`",
    ),
    (
        "admin backup <file>",
        "Dónde dejar la copia de seguridad (un archivo tar, escrito con modo 0600)",
    ),
    (
        "admin backup --json",
        "Imprime lo guardado como JSON (ruta, tamaño, tablas y cantidad de filas, blobs)",
    ),
    // audit
    (
        "audit list",
        "Las entradas de auditoría del tenant, la más reciente primero",
    ),
    (
        "audit list --unscoped",
        "En cambio, las entradas sin tenant: llamadas rechazadas a usuarios sin rol, o que no \
         nombraban un tenant (solo root y el usuario del daemon)",
    ),
    ("audit list --limit", LIMIT),
    ("audit list --json", JSON_ROWS),
    // completions, man
    (
        "completions <shell>",
        "bash, zsh, fish, elvish o powershell",
    ),
    (
        "man --out",
        "Carpeta donde escribir centralita.1 y centralita-<command>.1",
    ),
];

/// The Spanish help for `key` (see the module's doc); `None` when the table has none.
pub fn cli_help_es(key: &str) -> Option<&'static str> {
    CLI_HELP_ES
        .iter()
        .find(|(entry, _)| *entry == key)
        .map(|(_, spanish)| *spanish)
}

/// clap's own `-h, --help` flag, in a command without long help anywhere.
pub const HELP_FLAG_ES: &str = "Muestra la ayuda";
/// clap's `-h, --help` where some help has a longer form: the `-h` line.
pub const HELP_FLAG_SHORT_ES: &str = "Muestra la ayuda (más detalle con '--help')";
/// The same flag's `--help` line.
pub const HELP_FLAG_LONG_ES: &str = "Muestra la ayuda (un resumen con '-h')";
/// clap's own `-V, --version` flag.
pub const VERSION_FLAG_ES: &str = "Muestra la versión";
/// clap's `help` subcommand.
pub const HELP_COMMAND_ES: &str = "Muestra este mensaje o la ayuda de los subcomandos indicados";
/// The `help` subcommand's argument, the commands to show the help of.
pub const HELP_COMMAND_ARG_ES: &str = "Muestra la ayuda de los subcomandos";

/// The headings clap writes in `--help`: before the usage line, the subcommands, the
/// positional arguments and the flags.
pub const HELP_USAGE_ES: &str = "Uso:";
pub const HELP_COMMANDS_ES: &str = "Comandos:";
pub const HELP_ARGUMENTS_ES: &str = "Argumentos:";
pub const HELP_OPTIONS_ES: &str = "Opciones:";

/// What clap writes after an argument's help: its default (`[por omisión: 50]`), the values
/// it takes (`[valores posibles: csv, json]`) and, in `--help`, the heading of the list of
/// values that have a help of their own.
pub const HELP_DEFAULT_ES: &str = "por omisión:";
pub const HELP_VALUES_ES: &str = "valores posibles:";
pub const HELP_VALUES_LIST_ES: &str = "Valores posibles:";
