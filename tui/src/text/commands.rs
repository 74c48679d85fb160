//! What the CLI's commands print: confirmations, refusals, notes under tables. (Table headers
//! are in `columns`; the clap help in `cli`.)

use std::fmt::Display;

use super::{pick, texts};

texts! {
    NO_NAME_CLI = "(no name)" / "(sin nombre)";
    NO_PHONE = "(no phone)" / "(sin teléfono)";
    SOME_FILES_NOT_ADDED = "some files were not added" / "algunos archivos no se agregaron";
    MORE_INVOICES = "(more: raise --limit or add filters)"
        / "(hay más: aumente --limit o agregue filtros)";
    MORE_JOBS = "(more jobs: raise --limit or narrow the filters)"
        / "(hay más jobs: aumente --limit o acote los filtros)";
    NO_MAPPINGS_LOADED = "no issuer mappings loaded" / "no se cargaron mapeos de emisor";
    NOTHING_RETRIED = "not confirmed; nothing was retried" / "no se confirmó; no se reintentó nada";
    NO_FILTER = "no filter" / "sin filtro";
    NOTHING_IN_PERIOD = "nothing in this period" / "nada en este periodo";
    NOT_LISTENING = "not listening" / "sin escuchar";
    BEING_READ_AGAIN = "is being read again" / "se está leyendo de nuevo";
    INVOICE_CONFIRMED = "confirmed" / "confirmada";
    INVOICE_REJECTED = "rejected" / "rechazada";
}

pub fn writing_man_pages(dir: impl Display) -> String {
    pick(
        format!("writing man pages to {dir}"),
        format!("escribiendo las páginas man en {dir}"),
    )
}

pub fn man_pages_written(dir: impl Display) -> String {
    pick(
        format!("man pages written to {dir}"),
        format!("páginas man escritas en {dir}"),
    )
}

pub fn contact_merged(from: impl Display, into: impl Display) -> String {
    pick(
        format!("contact {from} merged into {into}"),
        format!("contacto {from} unido a {into}"),
    )
}

pub fn message_queued(message: impl Display, conversation: impl Display) -> String {
    pick(
        format!("message {message} queued on conversation {conversation}"),
        format!("mensaje {message} en cola en la conversación {conversation}"),
    )
}

pub fn conversation_assigned(id: impl Display, user: impl Display) -> String {
    pick(
        format!("conversation {id} assigned to {user}"),
        format!("conversación {id} asignada a {user}"),
    )
}

/// A glosa's dates: when the invoice was filed.
pub fn invoice_filed(date: impl Display) -> String {
    pick(
        format!("invoice filed {date}"),
        format!("factura radicada el {date}"),
    )
}

/// An invoice's first line in `invoices show`.
pub fn invoice_heading(
    id: impl Display,
    state: impl Display,
    file: impl Display,
    kind: impl Display,
    bytes: impl Display,
    origin: impl Display,
) -> String {
    pick(
        format!("invoice {id}  {state}  {file} ({kind}, {bytes} bytes, from {origin})\n"),
        format!("factura {id}  {state}  {file} ({kind}, {bytes} bytes, de {origin})\n"),
    )
}

/// Above an invoice's line items.
pub fn line_items_heading(count: usize) -> String {
    pick(
        format!("\n{count} line items:"),
        format!("\n{count} ítems:"),
    )
}

pub fn invoice_duplicate(file: impl Display, id: impl Display, state: impl Display) -> String {
    pick(
        format!("{file}: already invoice {id} ({state}), nothing new stored"),
        format!("{file}: ya es la factura {id} ({state}), no se guardó nada nuevo"),
    )
}

pub fn invoice_created(file: impl Display, id: impl Display, state: impl Display) -> String {
    pick(
        format!("{file}: invoice {id} created ({state}), being read"),
        format!("{file}: factura {id} creada ({state}), en lectura"),
    )
}

pub fn original_written(id: impl Display, bytes: usize, path: impl Display) -> String {
    pick(
        format!("invoice {id}: {bytes} bytes written to {path}"),
        format!("factura {id}: {bytes} bytes escritos en {path}"),
    )
}

pub fn file_exists(path: impl Display) -> String {
    pick(
        format!("{path} exists; choose another name with -o or replace it with --force"),
        format!("{path} ya existe; elija otro nombre con -o o reemplácelo con --force"),
    )
}

pub fn invoices_written(count: usize, path: impl Display) -> String {
    pick(
        format!("{count} invoices written to {path}"),
        format!("{count} facturas escritas en {path}"),
    )
}

pub fn mappings_folder(dir: impl Display) -> String {
    pick(
        format!("issuer mappings folder: {dir}"),
        format!("carpeta de mapeos de emisor: {dir}"),
    )
}

pub fn job_retried(id: impl Display, kind: impl Display) -> String {
    pick(
        format!("job {id} queued for retry ({kind})"),
        format!("job {id} en cola para reintentar ({kind})"),
    )
}

pub fn confirm_retry_matching(tenant: impl Display, filter: impl Display) -> String {
    pick(
        format!("retry every failed or dead job of tenant {tenant} matching {filter}?"),
        format!(
            "¿reintentar todos los jobs fallidos o muertos del tenant {tenant} que coinciden con {filter}?"
        ),
    )
}

pub fn jobs_retried(count: impl Display) -> String {
    pick(
        format!("{count} jobs queued for retry"),
        format!("{count} jobs en cola para reintentar"),
    )
}

pub fn job_cancel_pending(id: impl Display) -> String {
    pick(
        format!("job {id} will be cancelled when its running attempt ends"),
        format!("el job {id} se cancelará cuando termine su intento en curso"),
    )
}

pub fn job_attempts(
    attempts: impl Display,
    max: impl Display,
    run_at: impl Display,
    created: impl Display,
) -> String {
    pick(
        format!("attempts {attempts}/{max}  run at {run_at}  created {created}"),
        format!("intentos {attempts}/{max}  ejecuta {run_at}  creado {created}"),
    )
}

pub fn unique_key(key: impl Display) -> String {
    pick(format!("unique key {key}"), format!("clave única {key}"))
}

pub fn last_error(error: impl Display) -> String {
    pick(
        format!("last error: {error}"),
        format!("último error: {error}"),
    )
}

pub fn error_containing(text: &str) -> String {
    pick(
        format!("error containing {text:?}"),
        format!("error que contiene {text:?}"),
    )
}

pub fn lead_moved(id: impl Display, stage: impl Display, funnel: impl Display) -> String {
    pick(
        format!("lead {id} is in {stage} ({funnel} funnel)"),
        format!("lead {id} está en {stage} (embudo {funnel})"),
    )
}

pub fn refusing_without_terminal(question: &str) -> String {
    pick(
        format!("{question} refusing without a terminal to ask; pass --yes"),
        format!("{question} no se puede preguntar sin una terminal; use --yes"),
    )
}

pub fn operator_role_set(user: impl Display, role: impl Display, tenant: impl Display) -> String {
    pick(
        format!("{user} is now {role} in tenant {tenant}"),
        format!("{user} ahora es {role} en el tenant {tenant}"),
    )
}

pub fn operator_removed(user: impl Display, tenant: impl Display) -> String {
    pick(
        format!("{user} no longer has a role in tenant {tenant}"),
        format!("{user} ya no tiene rol en el tenant {tenant}"),
    )
}

pub fn need_date_cli(text: &str) -> String {
    pick(
        format!("{text:?} is not a date: write YYYY-MM-DD"),
        format!("{text:?} no es una fecha: escriba AAAA-MM-DD"),
    )
}

pub fn from_after_to(from: impl Display, to: impl Display) -> String {
    pick(
        format!("--from {from} is after --to {to}"),
        format!("--from {from} es posterior a --to {to}"),
    )
}

pub fn quick_reply_saved(name: impl Display) -> String {
    pick(
        format!("quick reply {name} saved"),
        format!("respuesta rápida {name} guardada"),
    )
}

pub fn quick_reply_removed(name: impl Display) -> String {
    pick(
        format!("quick reply {name} removed"),
        format!("respuesta rápida {name} quitada"),
    )
}

pub fn no_such_quick_reply(name: &str) -> String {
    pick(
        format!("quick reply {name:?}"),
        format!("respuesta rápida {name:?}"),
    )
}

pub fn conversation_unassigned(id: impl Display) -> String {
    pick(
        format!("conversation {id} unassigned"),
        format!("conversación {id} sin asignar"),
    )
}

pub fn conversation_resolved(id: impl Display) -> String {
    pick(
        format!("conversation {id} resolved"),
        format!("conversación {id} resuelta"),
    )
}

pub fn funnel_saved(name: impl Display) -> String {
    pick(
        format!("funnel {name} saved"),
        format!("embudo {name} guardado"),
    )
}

pub fn funnel_removed(name: impl Display) -> String {
    pick(
        format!("funnel {name} removed"),
        format!("embudo {name} quitado"),
    )
}

pub fn job_cancelled(id: impl Display) -> String {
    pick(format!("job {id} cancelled"), format!("job {id} cancelado"))
}

/// An invoice changed state: `confirmed`, `rejected`, or [`BEING_READ_AGAIN`].
pub fn invoice_changed(id: impl Display, what: &str, state: impl Display) -> String {
    pick(
        format!("invoice {id} {what} ({state})"),
        format!("factura {id} {what} ({state})"),
    )
}

pub fn lead_opened(id: impl Display, funnel: impl Display, stage: impl Display) -> String {
    pick(
        format!("lead {id} opened ({funnel} funnel, {stage})"),
        format!("lead {id} abierto (embudo {funnel}, {stage})"),
    )
}

pub fn lead_notes(id: impl Display, count: usize) -> String {
    pick(
        format!("lead {id} has {count} notes"),
        format!("el lead {id} tiene {count} notas"),
    )
}

pub fn queue_paused_cli(name: impl Display, paused: bool) -> String {
    match (super::lang(), paused) {
        (super::Lang::En, true) => format!("queue {name} paused"),
        (super::Lang::En, false) => format!("queue {name} resumed"),
        (super::Lang::Es, true) => format!("cola {name} en pausa"),
        (super::Lang::Es, false) => format!("cola {name} reanudada"),
    }
}

pub fn reminder_done(id: impl Display) -> String {
    pick(
        format!("reminder {id} done"),
        format!("recordatorio {id} hecho"),
    )
}

pub fn tenant_created(id: impl Display, name: impl Display) -> String {
    pick(
        format!("tenant {id} ({name}) created"),
        format!("tenant {id} ({name}) creado"),
    )
}

/// The lines of `centralita status`, padded so the values line up.
pub fn status_line(field: StatusField, value: impl Display) -> String {
    let (en, es) = match field {
        StatusField::Uptime => ("uptime       ", "activo desde   "),
        StatusField::DataDir => ("data dir     ", "datos          "),
        StatusField::Socket => ("socket       ", "socket         "),
        StatusField::Webhooks => ("webhooks     ", "webhooks       "),
        StatusField::You => ("you          ", "usted          "),
    };
    format!("{}{value}", pick(en, es))
}

/// The fields of [`status_line`].
#[derive(Debug, Clone, Copy)]
pub enum StatusField {
    Uptime,
    DataDir,
    Socket,
    Webhooks,
    You,
}

/// `centralita demo` could not write its config.
pub fn writing_demo_config() -> &'static str {
    pick(
        "writing the demo config",
        "escribiendo la configuración de la demo",
    )
}

/// `centralita demo` could not start the daemon's binary.
pub fn starting_demo_daemon(binary: impl Display) -> String {
    pick(
        format!("starting {binary} (build it with `cargo build --bins`, or set CENTRALITAD_BIN)"),
        format!(
            "iniciando {binary} (compílelo con `cargo build --bins`, o defina CENTRALITAD_BIN)"
        ),
    )
}

/// The demo daemon never answered; its log follows.
pub fn demo_daemon_did_not_start(error: impl Display, log: impl Display) -> String {
    pick(
        format!("the demo daemon did not start: {error}\n{log}"),
        format!("el daemon de la demo no arrancó: {error}\n{log}"),
    )
}
