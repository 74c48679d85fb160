//! Spanish help of the invoices, mail and glosas commands.

use super::{
    GLOSA_ID, INVOICE_ID, ISSUED_FROM, ISSUED_TO, ISSUER, JSON_ANSWER, JSON_ROWS, LIMIT,
    MAILBOX_EVERY, MAILBOX_ID, MAILBOX_LABEL, MAILBOX_QUERY, NO_CONFIRM, REPLACE_FILE,
};

/// This part of the table (see [`super`]).
pub(super) const HELP: &[(&str, &str)] = &[
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
    ("invoices list --limit", LIMIT),
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
];
