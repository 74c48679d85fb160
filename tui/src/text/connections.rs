//! Connections (`centralita connections`, `:connections`) and schedules (`centralita schedules`).

use super::{Lang, lang, pick, texts};
use centralita_protocol::ConnectionId;

texts! {
    /// `connections remove` not confirmed.
    NOTHING_REMOVED = "not confirmed; nothing was removed" / "no se confirmó; no se quitó nada";

    /// `connections add`: the two ways an authorization comes back (the command to paste into
    /// follows it).
    FINISH_AUTHORIZATION_CLI = "The provider then sends the browser to this daemon's \
         /oauth/callback, and the connection finishes by itself. If that page does not load (the \
         daemon cannot be reached from that browser), copy the whole address from the browser's \
         address bar and give it to:"
        / "Luego el proveedor envía el navegador a /oauth/callback de este daemon y la conexión \
         termina sola. Si esa página no carga (el daemon no es accesible desde ese navegador), \
         copie la dirección completa de la barra del navegador y entréguela a:";

    /// The console's authorization modal: the two ways back.
    FINISH_AUTHORIZATION_CONSOLE = "The provider then sends the browser to this daemon's \
         /oauth/callback and the connection finishes by itself. If that page does not load, press \
         f and paste the address the browser landed on."
        / "Luego el proveedor envía el navegador a /oauth/callback de este daemon y la conexión \
         termina sola. Si esa página no carga, presione f y pegue la dirección a la que llegó el \
         navegador.";

    /// The keys of the console's authorization modal.
    AUTHORIZATION_HINT = "f paste the address · any other key closes"
        / "f pegar la dirección · cualquier otra tecla cierra";

    /// The fields of a connection in `:connections`' pane (beside `LAST_ERROR_FIELD`).
    SCOPES_FIELD = "scopes" / "permisos";
    ADDED_FIELD = "added" / "agregada";

    /// The console's paste box (`f`).
    PROMPT_FINISH_URL = "address the browser landed on" / "dirección a la que llegó el navegador";
    NEED_FINISH_URL = "paste the whole address the browser landed on (it holds code= and state=)"
        / "pegue la dirección completa a la que llegó el navegador (contiene code= y state=)";
}

/// `:connections`' pane: when a connection was added (`when` as the console's tables say it:
/// "2d ago") and by whom.
pub fn connection_added(when: &str, by: &str) -> String {
    pick(format!("{when} by {by}"), format!("{when} por {by}"))
}

/// The first line of an authorization: where to go.
pub fn open_consent_page(connection: ConnectionId) -> String {
    pick(
        format!(
            "connection {connection}: open this address in a browser, sign in and allow access:"
        ),
        format!(
            "conexión {connection}: abra esta dirección en un navegador, inicie sesión y permita el acceso:"
        ),
    )
}

/// `connections add`: until when the consent page works.
pub fn authorization_expires_at(when: &str) -> String {
    pick(
        format!("The address works once, until {when}."),
        format!("La dirección sirve una sola vez, hasta {when}."),
    )
}

/// The console's authorization modal: how long the consent page works (`relative` as the
/// console's tables say it: "in 10m", "2m ago").
pub fn authorization_expires(relative: &str, expired: bool) -> String {
    match (lang(), expired) {
        (Lang::En, true) => format!("The address expired {relative}: press a for a new one."),
        (Lang::En, false) => format!("The address works once and expires {relative}."),
        (Lang::Es, true) => {
            format!("La dirección venció {relative}: presione a para obtener una nueva.")
        }
        (Lang::Es, false) => format!("La dirección sirve una sola vez y vence {relative}."),
    }
}

/// The title of the console's authorization modal.
pub fn authorization_title(connection: ConnectionId) -> String {
    pick(
        format!(" authorize connection {connection} "),
        format!(" autorizar la conexión {connection} "),
    )
}

/// An authorization came back.
pub fn connection_finishing(connection: ConnectionId) -> String {
    pick(
        format!("connection {connection}: authorization received, a job is fetching its tokens"),
        format!("conexión {connection}: autorización recibida, un job está obteniendo sus tokens"),
    )
}

/// `t` in `:connections`.
pub fn connection_test_queued(connection: ConnectionId, job: u64) -> String {
    pick(
        format!("connection {connection}: test queued as job {job}"),
        format!("conexión {connection}: prueba en cola como job {job}"),
    )
}

/// `connections test`.
pub fn connection_test_queued_cli(connection: ConnectionId, job: u64) -> String {
    let queued = connection_test_queued(connection, job);
    pick(
        format!("{queued} (`centralita jobs show {job}` says how it went)"),
        format!("{queued} (`centralita jobs show {job}` indica cómo le fue)"),
    )
}

pub fn connection_revoked(connection: ConnectionId) -> String {
    pick(
        format!("connection {connection} revoked; a job ends the grant at the provider"),
        format!("conexión {connection} revocada; un job termina el permiso en el proveedor"),
    )
}

pub fn connection_removed(connection: ConnectionId) -> String {
    pick(
        format!("connection {connection} removed"),
        format!("conexión {connection} quitada"),
    )
}

/// How a question names a connection: "connection 3 (google, ana@acme.pe)".
fn connection_name(
    id: ConnectionId,
    connection: Option<&centralita_protocol::Connection>,
) -> String {
    let word = pick("connection", "conexión");
    match connection {
        Some(connection) if !connection.account.is_empty() => {
            format!(
                "{word} {id} ({}, {})",
                connection.provider, connection.account
            )
        }
        Some(connection) => format!("{word} {id} ({})", connection.provider),
        None => format!("{word} {id}"),
    }
}

/// Before `v` in `:connections`.
pub fn confirm_revoke_connection(
    id: ConnectionId,
    connection: Option<&centralita_protocol::Connection>,
) -> String {
    let name = connection_name(id, connection);
    pick(
        format!("Revoke {name}? It stops working now and the provider ends the grant."),
        format!("¿Revocar la {name}? Deja de funcionar ahora y el proveedor termina el permiso."),
    )
}

/// Before `connections remove` and `x` in `:connections`.
pub fn confirm_remove_connection(
    id: ConnectionId,
    connection: Option<&centralita_protocol::Connection>,
) -> String {
    let name = connection_name(id, connection);
    pick(
        format!(
            "Remove {name}? Its tokens are forgotten; revoke it first to end the grant at the provider."
        ),
        format!(
            "¿Quitar la {name}? Sus tokens se olvidan; revóquela antes para terminar el permiso en el proveedor."
        ),
    )
}

/// `schedules pause` and `schedules resume`.
pub fn schedule_paused(name: &str, paused: bool, next_at: &str) -> String {
    match (lang(), paused) {
        (Lang::En, true) => format!("schedule {name} paused"),
        (Lang::En, false) => format!("schedule {name} resumed; next at {next_at}"),
        (Lang::Es, true) => format!("programación {name} en pausa"),
        (Lang::Es, false) => format!("programación {name} reanudada; la próxima: {next_at}"),
    }
}

/// `schedules run-now`.
pub fn schedule_ran(name: &str, job: u64) -> String {
    pick(
        format!("schedule {name}: job {job} queued (`centralita jobs show {job}`)"),
        format!("programación {name}: job {job} en cola (`centralita jobs show {job}`)"),
    )
}
