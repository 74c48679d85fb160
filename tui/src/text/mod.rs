//! Every user-facing sentence of the console and the CLI that is not clap help, in English and
//! Spanish behind one lookup (like gitui's `strings.rs`).
//!
//! The language is process-global: `main.rs` picks it once with [`Lang::detect`] and
//! [`set_lang`]; everything else reads [`lang`]. A fixed string is a [`Text`], written once with
//! both languages by the `texts!` macro (a key without its Spanish does not compile); a string
//! with values is a function that matches on [`lang`]. The parts are by area: `keys` (the
//! console's key help), `console` (its frame and main views), `columns` (table headers), `commands` (what CLI commands print), `cli` (clap's about lines,
//! daemon errors), `cli_help` (clap's help below the top level, in Spanish), `glosas`, `mail`, `connections`, `views` (the console's other views); the rest is
//! here; `crm`, `lists` (`:` and `/`), `dashboard`, `admin` (connecting, backups), `dates`
//! (month and day names), `audit` (the audit log's targets and details) and `warnings` (an
//! invoice's warnings) came later.

use centralita_protocol::{ContactId, InvoiceId};
use std::fmt;
use std::ops::Deref;
use std::sync::atomic::{AtomicU8, Ordering};

mod admin;
mod audit;
#[cfg(test)]
mod audit_tests;
mod cli;
mod cli_help;
mod columns;
mod commands;
mod connections;
mod console;
mod crm;
mod dashboard;
pub mod dates;
mod glosa_warnings;
mod glosas;
mod keys;
mod labels;
mod lists;
#[cfg(test)]
mod literals;
mod mail;
#[cfg(test)]
mod tests;
mod views;
mod warnings;

pub use admin::*;
pub use audit::*;
pub(crate) use cli::fill;
pub use cli::*;
pub use cli_help::*;
pub use columns::column;
pub use commands::*;
pub use connections::*;
pub use console::*;
pub use crm::*;
pub use dashboard::*;
pub use glosas::*;
pub use keys::*;
pub use labels::*;
pub use lists::*;
pub use mail::*;
pub use views::*;

/// The languages of the console and the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// The language everything is written in (English until [`set_lang`]).
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::Es,
        _ => Lang::En,
    }
}

/// Sets the language for the whole process; `main.rs` calls it once at start (and tests at
/// theirs: nextest runs each test in its own process).
pub fn set_lang(lang: Lang) {
    let value = match lang {
        Lang::En => 0,
        Lang::Es => 1,
    };
    LANG.store(value, Ordering::Relaxed);
}

impl Lang {
    /// The operator's language: `setting` (`--lang`, else `CENTRALITA_LANG`) if it names one,
    /// else the first non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG` (`es*` is Spanish; `C`,
    /// `POSIX`, unset and anything else is English).
    pub fn detect(setting: Option<&str>) -> Lang {
        let locale = |name| std::env::var(name).ok();
        Lang::from_values(
            setting,
            locale("LC_ALL").as_deref(),
            locale("LC_MESSAGES").as_deref(),
            locale("LANG").as_deref(),
        )
    }

    /// [`Lang::detect`] over values given in, so it can be tested without touching the
    /// environment.
    pub fn from_values(
        setting: Option<&str>,
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Lang {
        if let Some(lang) = setting.and_then(Lang::parse) {
            return lang;
        }
        [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|value| !value.is_empty())
            .and_then(Lang::parse)
            .unwrap_or(Lang::En)
    }

    /// `es`, `es_PE.UTF-8`, `en`, `en_US`… as a language; `None` for anything else.
    pub fn parse(value: &str) -> Option<Lang> {
        let value = value.trim().to_ascii_lowercase();
        if value.starts_with("es") {
            Some(Lang::Es)
        } else if value.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// A fixed user-facing string in every language. `Copy`; read it with [`Text::get`], or use it
/// where a `&str` or a `Display` will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    en: &'static str,
    es: &'static str,
}

impl Text {
    /// A string in both languages; keys are written with `texts!`, which checks both are there.
    pub const fn new(en: &'static str, es: &'static str) -> Text {
        Text { en, es }
    }

    /// A string that reads the same in every language (a key's name: `Enter`, `PgDn`).
    pub const fn same(both: &'static str) -> Text {
        Text { en: both, es: both }
    }

    /// The string in the current language.
    pub fn get(self) -> &'static str {
        self.get_in(lang())
    }

    /// The string in `lang`.
    pub fn get_in(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Es => self.es,
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.get()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.get())
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.get().to_owned()
    }
}

/// Fixed strings, each written once with both languages:
/// `texts! { NO_TENANT = "english" / "español"; }` makes `pub const NO_TENANT: Text`, and
/// `ALL`, the part's list of keys for the translation test.
macro_rules! texts {
    ($($(#[$meta:meta])* $name:ident = $en:literal / $es:literal;)*) => {
        $($(#[$meta])* pub const $name: $crate::text::Text = $crate::text::Text::new($en, $es);)*

        /// Every key of this part, for the translation test (and for lookups by the English).
        #[allow(dead_code)]
        pub(crate) const ALL: &[(&str, $crate::text::Text)] = &[$((stringify!($name), $name)),*];
    };
}
pub(crate) use texts;

/// The English or the Spanish, by the current language (for strings with values).
fn pick<T>(en: T, es: T) -> T {
    match lang() {
        Lang::En => en,
        Lang::Es => es,
    }
}

texts! {
    NO_TENANT = "you have no role in any tenant; ask an admin to add you"
        / "no tiene rol en ningún tenant; pida a un administrador que lo agregue";
    CHOOSE_TENANT = "choose a tenant with --tenant" / "elija un tenant con --tenant";
    SANDBOX_BANNER = "SANDBOX: fake providers and sample data, not for production"
        / "SANDBOX: proveedores simulados y datos de ejemplo, no para producción";
    DEMO_STARTING = "starting a demo daemon on a temporary folder…"
        / "iniciando un daemon de demostración en una carpeta temporal…";

    CONNECTED = "connected" / "conectado";
    DISCONNECTED = "disconnected, retrying…" / "desconectado, reintentando…";
    BAD_CHUNK = "the daemon sent a damaged piece of the file"
        / "el daemon envió un trozo dañado del archivo";
    ADMIN_ONLY = "admins only: ask an admin of this tenant"
        / "solo administradores: pida ayuda a un administrador de este tenant";
    SUPERVISORS_ONLY = "supervisors and admins only: ask one of this tenant"
        / "solo supervisores y administradores: pida ayuda a uno de este tenant";
    NOTHING_HERE = "nothing here yet" / "aún no hay nada aquí";
    UNKNOWN_VIEW = "unknown view" / "vista desconocida";
    /// The header's role when the operator has none in the tenant on screen.
    NO_ROLE = "no role" / "sin rol";
    CONFIRM_HINT = "y confirm · n cancel" / "y confirmar · n cancelar";
    LOADING = "loading…" / "cargando…";
    /// What `/` takes in `:jobs` (the words are the filter's, typed as they are).
    JOBS_FILTER_HINT = "words · state:dead queue:mail kind:gmail.sync error:timeout"
        / "palabras · state:dead queue:mail kind:gmail.sync error:timeout";

    // Console prompts (`a`, `x`, `e`, `s`) and what they say when the input will not do.
    PROMPT_NEW_TENANT = "new tenant: id name" / "nuevo tenant: id nombre";
    PROMPT_NEW_OPERATOR = "new operator: user role" / "nuevo operador: usuario rol";
    PROMPT_SAVE_ORIGINAL = "save original to" / "guardar el original en";
    NEED_TENANT_FORM = "type the tenant's id, a space, then its name"
        / "escriba el id del tenant, un espacio y luego su nombre";
    NEED_OPERATOR_FORM = "type the Unix user, a space, then agent, supervisor or admin"
        / "escriba el usuario Unix, un espacio y luego agent, supervisor o admin";
    NEED_REJECT_REASON = "type why the invoice is rejected"
        / "escriba por qué se rechaza la factura";
    NEED_SAVE_PATH = "type a file name to save the original to"
        / "escriba un nombre de archivo donde guardar el original";

    // The inbox composer (`i`): key hints for the footer, titles, and what it says when a key
    // will not do.
    COMPOSE_HINT = "Ctrl-S send · / quick reply · Ctrl-A attach · Esc close, draft kept"
        / "Ctrl-S enviar · / respuesta rápida · Ctrl-A adjuntar · Esc cerrar, se guarda el borrador";
    PICK_HINT = "↑↓ choose · Enter sends it, the daemon fills its variables · Esc back"
        / "↑↓ elegir · Enter la envía, el daemon llena sus variables · Esc volver";
    VALUES_HINT = "values of {{1}}, {{2}}… separated by | · Enter sends · Esc back"
        / "valores de {{1}}, {{2}}… separados por | · Enter envía · Esc volver";
    ATTACH_HINT = "Enter uploads and sends the file, your text as its caption · Esc back"
        / "Enter sube y envía el archivo, con su texto como leyenda · Esc volver";
    NEED_REPLY_TEXT = "type the reply first (Ctrl-S sends it)"
        / "escriba primero la respuesta (Ctrl-S la envía)";
    NOTHING_TO_PICK_MATCHES = "nothing here matches: Backspace to change the name"
        / "nada coincide: Backspace para cambiar el nombre";
    NEED_FILE_PATH = "type the path of the file to send (~ is your home folder)"
        / "escriba la ruta del archivo a enviar (~ es su carpeta personal)";
    PICK_TITLE = "replies" / "respuestas";
    ATTACH_LABEL = "file (~ is home)" / "archivo (~ es su carpeta)";
    CAPTION_LABEL = "caption" / "leyenda";
    WINDOW_CLOSED = "24 h window closed" / "ventana de 24 h cerrada";
    WINDOW_CLOSED_WHATSAPP = "window closed: / for a WhatsApp template"
        / "ventana cerrada: / para una plantilla de WhatsApp";
    NO_QUICK_REPLIES = "no quick replies for this channel: `centralita replies add`"
        / "no hay respuestas rápidas para este canal: `centralita replies add`";

    /// `templates` with none reported yet.
    NO_WHATSAPP_TEMPLATES =
        "no WhatsApp templates yet: fetch them from Meta with `centralita templates --sync`"
        / "aún no hay plantillas de WhatsApp: tráigalas de Meta con `centralita templates --sync`";

    /// `funnels set` with `--stages` and nothing in it.
    NEED_FUNNEL_STAGES = "--stages needs at least one stage name, e.g. --stages new,quoted,won"
        / "--stages necesita al menos el nombre de una etapa, p. ej. --stages new,quoted,won";

    /// A funnel without keywords in `funnels list`.
    NO_FUNNEL_KEYWORDS = "no keywords: takes the new conversations no other funnel's keywords match"
        / "sin palabras clave: recibe las conversaciones nuevas que no coinciden con las palabras clave de otro embudo";
}

/// The product name WhatsApp, the same in every language.
pub const WHATSAPP_MARK: Text = Text::same("WhatsApp");

/// The label of the reject prompt.
pub fn prompt_reject(id: InvoiceId) -> String {
    pick(
        format!("reject invoice {id}, reason"),
        format!("rechazar la factura {id}, motivo"),
    )
}

/// The label of the edit prompt for one field.
pub fn prompt_edit(field: &str) -> String {
    pick(
        format!("{field} (empty clears)"),
        format!("{field} (vacío borra)"),
    )
}

/// The composer's title.
pub fn compose_title(to: &str) -> String {
    pick(format!("reply to {to}"), format!("responder a {to}"))
}

/// The composer's title while it asks for a WhatsApp template's values.
pub fn values_title(name: &str, count: u32) -> String {
    match (lang(), count) {
        (Lang::En, 1) => format!("{name} (1 value)"),
        (Lang::En, _) => format!("{name} ({count} values)"),
        (Lang::Es, 1) => format!("{name} (1 valor)"),
        (Lang::Es, _) => format!("{name} ({count} valores)"),
    }
}

/// A WhatsApp template with variables sent with the wrong number of values.
pub fn need_template_values(count: u32) -> String {
    match (lang(), count) {
        (Lang::En, 1) => "this template needs one value".to_owned(),
        (Lang::En, _) => format!("this template needs {count} values, separated by |"),
        (Lang::Es, 1) => "esta plantilla necesita un valor".to_owned(),
        (Lang::Es, _) => format!("esta plantilla necesita {count} valores, separados por |"),
    }
}

/// The status line while a file is uploaded; `percent` once some of it is there.
pub fn uploading(name: &str, percent: Option<u64>) -> String {
    match (lang(), percent) {
        (Lang::En, Some(percent)) => format!("uploading {name}… {percent}%"),
        (Lang::En, None) => format!("uploading {name}…"),
        (Lang::Es, Some(percent)) => format!("subiendo {name}… {percent}%"),
        (Lang::Es, None) => format!("subiendo {name}…"),
    }
}

/// The CLI's progress line while a file of more than one chunk is uploaded.
pub fn upload_progress(name: &str, percent: u64, sent: u64, total: u64) -> String {
    let mib = |bytes: u64| bytes as f64 / 1_048_576.0;
    let (sent, total) = (mib(sent), mib(total));
    pick(
        format!("{name}: {percent:>3}% ({sent:.1} of {total:.1} MiB)"),
        format!("{name}: {percent:>3}% ({sent:.1} de {total:.1} MiB)"),
    )
}

/// How a lead or a conversation names its contact: by name, else "contact 42".
pub fn contact_name(name: Option<&str>, contact: ContactId) -> String {
    name.map_or_else(
        || pick(format!("contact {contact}"), format!("contacto {contact}")),
        str::to_owned,
    )
}

/// The notice when reminders are due.
pub fn reminders_due(count: usize, first: &str) -> String {
    match (lang(), count) {
        (Lang::En, 1) => format!("reminder due: {first}"),
        (Lang::En, _) => format!("{count} reminders due, first: {first}"),
        (Lang::Es, 1) => format!("recordatorio vencido: {first}"),
        (Lang::Es, _) => format!("{count} recordatorios vencidos, el primero: {first}"),
    }
}

/// `templates --sync` once the job is queued.
pub fn whatsapp_sync_queued(job: u64) -> String {
    match lang() {
        Lang::En => format!(
            "job {job} is fetching the WhatsApp templates from Meta; `centralita templates` \
             shows them once it is done (`centralita jobs show {job}`)"
        ),
        Lang::Es => format!(
            "el job {job} está trayendo las plantillas de WhatsApp desde Meta; \
             `centralita templates` las muestra cuando termine (`centralita jobs show {job}`)"
        ),
    }
}

/// `funnels set` of a funnel that does not exist yet, without `--stages`.
pub fn new_funnel_needs_stages(name: &str) -> String {
    match lang() {
        Lang::En => format!(
            "there is no funnel {name:?} yet: give its stages with --stages a,b,c to create it"
        ),
        Lang::Es => format!(
            "aún no existe el embudo {name:?}: indique sus etapas con --stages a,b,c para crearlo"
        ),
    }
}

impl From<Text> for std::borrow::Cow<'static, str> {
    fn from(text: Text) -> Self {
        std::borrow::Cow::Borrowed(text.get())
    }
}

/// A `Text` equals a string that is its text in the current language.
impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.get() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.get() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.get() == other
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self == other.get()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.get()
    }
}
