//! What each console key does, as the footer and `?` help say it (`console/keymap.rs` and the
//! `KEYS` table of each view). Short: the footer is one line.

use super::texts;

texts! {
    KEY_ADD = "add" / "agregar";
    KEY_ADD_TENANT = "add a tenant" / "agregar tenant";
    KEY_SET_ZONE = "time zone" / "zona horaria";
    KEY_SET_CURRENCY = "currency" / "moneda";
    KEY_ANSWER = "answer" / "responder";
    KEY_ANSWERED = "answered" / "respondida";
    KEY_AUTHORIZE = "authorize" / "autorizar";
    KEY_BACK = "back" / "volver";
    KEY_BACK_CLOSE = "back / close" / "volver / cerrar";
    KEY_CANCEL = "cancel" / "cancelar";
    KEY_CLEAR = "clear" / "borrar";
    KEY_CLOSE = "close" / "cerrar";
    KEY_COLUMN = "column" / "columna";
    KEY_COLUMN_LEFT = "column left" / "columna izquierda";
    KEY_COLUMN_RIGHT = "column right" / "columna derecha";
    KEY_CONFIRM = "confirm" / "confirmar";
    KEY_DONE = "done" / "hecho";
    KEY_DOWN = "down" / "abajo";
    KEY_EDIT = "edit" / "editar";
    KEY_EDIT_FIELD = "edit field" / "editar campo";
    KEY_EXPORT = "export" / "exportar";
    KEY_FILTER = "filter" / "filtrar";
    KEY_FINISH = "finish" / "terminar";
    KEY_FIRST_ROW = "first row" / "primera fila";
    KEY_FULL_RESYNC = "full resync" / "resincronizar todo";
    KEY_HELP = "help" / "ayuda";
    KEY_INVOICE = "invoice" / "factura";
    KEY_LAST_ROW = "last row" / "última fila";
    KEY_MAILBOX = "mailbox" / "buzón";
    KEY_MARK_IN_REVIEW = "mark in review" / "marcar en revisión";
    KEY_MESSAGES = "messages" / "mensajes";
    KEY_NEXT_REPORT = "next report" / "siguiente reporte";
    KEY_NEXT_STAGE = "next stage" / "etapa siguiente";
    KEY_OPEN = "open" / "abrir";
    KEY_OPEN_INVOICE = "open invoice" / "abrir factura";
    KEY_OPEN_NEWEST_FAILURE = "open newest failure" / "abrir el último fallo";
    KEY_OTHER_FUNNEL = "other funnel" / "otro embudo";
    KEY_PAGE_DOWN = "page down" / "página abajo";
    KEY_PAGE_UP = "page up" / "página arriba";
    KEY_PAUSE = "pause" / "pausar";
    KEY_PERIOD = "7/30/90 days" / "7/30/90 días";
    KEY_PREVIOUS_STAGE = "previous stage" / "etapa anterior";
    KEY_QUIT = "quit" / "salir";
    KEY_REJECT = "reject" / "rechazar";
    KEY_RELOAD = "reload" / "recargar";
    KEY_REMOVE = "remove" / "quitar";
    KEY_REOPEN = "reopen" / "reabrir";
    KEY_REPLY = "reply" / "responder";
    KEY_RETRY = "retry" / "reintentar";
    KEY_RETRY_ALL = "retry all" / "reintentar todos";
    KEY_REVOKE = "revoke" / "revocar";
    KEY_SAVE_ORIGINAL = "save original" / "guardar original";
    KEY_NEXT_TO_CHECK = "next field to check, least sure first"
        / "siguiente campo a revisar, el menos seguro primero";
    KEY_SNOOZE = "snooze 1 h" / "posponer 1 h";
    KEY_STATE = "state" / "estado";
    KEY_SWITCH_TENANT = "switch tenant" / "cambiar tenant";
    KEY_SYNC = "sync" / "sincronizar";
    KEY_TEST = "test" / "probar";
    KEY_UP = "up" / "arriba";
    KEY_VIEW = "view" / "vista";
}
