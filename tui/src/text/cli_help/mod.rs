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
//! The table is in parts, one per group of nouns (`crm`, `work`, `admin`), after the global
//! flags here.
//!
//! Like clap does with a one-paragraph doc comment, no entry ends in a period. Flag names,
//! values and examples stay as typed (`--state dead`, `waiting_validation`).

mod admin;
mod crm;
mod errors;
mod work;

pub use errors::*;

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
/// The global flags' Spanish help.
const GLOBAL: &[(&str, &str)] = &[
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
];

/// Every Spanish help text, by key (see the module's doc).
pub(crate) fn cli_help_entries() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    [GLOBAL, crm::HELP, work::HELP, admin::HELP]
        .into_iter()
        .flatten()
}

/// The Spanish help for `key` (see the module's doc); `None` when the table has none.
pub fn cli_help_es(key: &str) -> Option<&'static str> {
    cli_help_entries()
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
