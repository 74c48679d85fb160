//! Connecting to the daemon (each failure names its fix) and `centralita admin backup`.

use super::pick;

/// The socket refused us (EACCES): the user is not in the socket's group.
pub fn not_in_group(socket: &str, user: &str) -> String {
    pick(
        format!(
            "you are not in group centralita (the socket {socket} is group centralita, mode \
             0660): ask an admin to run `usermod -aG centralita {user}`, then log in again"
        ),
        format!(
            "usted no está en el grupo centralita (el socket {socket} es del grupo centralita, \
             modo 0660): pida a un administrador `usermod -aG centralita {user}` y vuelva a \
             iniciar sesión"
        ),
    )
}

/// No socket, or nobody listening on it.
pub fn not_running(socket: &str) -> String {
    pick(
        format!(
            "centralitad is not running at {socket}: `systemctl status centralitad` says why (or \
             start it by hand with `centralitad`); another socket is chosen with --socket or \
             $CENTRALITA_SOCKET"
        ),
        format!(
            "centralitad no está en marcha en {socket}: `systemctl status centralitad` dice por \
             qué (o inícielo a mano con `centralitad`); otro socket se elige con --socket o \
             $CENTRALITA_SOCKET"
        ),
    )
}

/// The daemon wrote the backup where the CLI cannot read it.
pub fn backup_left_at(path: &str, size: u64) -> String {
    pick(
        format!(
            "backup written by centralitad to {path} ({size} bytes); this user cannot read it: \
             copy it as root or the daemon's user"
        ),
        format!(
            "centralitad escribió la copia en {path} ({size} bytes); este usuario no puede \
             leerla: cópiela como root o como el usuario del daemon"
        ),
    )
}

/// The backup is copied to the file asked for.
pub fn backup_saved(file: &str, size: u64, tables: usize, rows: u64, blobs: u64) -> String {
    pick(
        format!(
            "backup saved to {file} ({size} bytes: {tables} tables, {rows} rows, {blobs} blobs)"
        ),
        format!(
            "copia guardada en {file} ({size} bytes: {tables} tablas, {rows} filas, {blobs} \
             archivos)"
        ),
    )
}

/// The copy ended before the whole backup came.
pub fn backup_cut_short(done: u64, size: u64) -> String {
    pick(
        format!("the backup is {done} bytes, the daemon said {size}: try again"),
        format!("la copia tiene {done} bytes y el daemon dijo {size}: intente de nuevo"),
    )
}

/// Progress of copying a backup.
pub fn copying(percent: u64) -> String {
    pick(
        format!("copying the backup… {percent}%"),
        format!("copiando la copia de seguridad… {percent}%"),
    )
}
