//! Spanish help of the operations commands: jobs, queues, schedules, connections, tenants,
//! operators, admin, audit, completions, man.

use super::{
    CONNECTION_ID, JOB_ERROR, JOB_ID, JOB_KIND, JOB_QUEUE, JOB_STATES, JSON_ANSWER, JSON_ROWS,
    LIMIT, NO_CONFIRM, OPERATOR_USER, QUEUE_NAME, SCHEDULE_NAME,
};

/// This part of the table (see [`super`]).
pub(super) const HELP: &[(&str, &str)] = &[
    // jobs
    ("jobs list", "Lista los jobs, el más reciente primero"),
    ("jobs list --state", JOB_STATES),
    ("jobs list --queue", JOB_QUEUE),
    ("jobs list --kind", JOB_KIND),
    ("jobs list --error", JOB_ERROR),
    ("jobs list --limit", LIMIT),
    ("jobs list --json", JSON_ROWS),
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
    (
        "tenants set-currency",
        "Fija la moneda de los montos propios de un tenant, como el valor de un lead \
         (administradores)",
    ),
    ("tenants set-currency <id>", "El id del tenant"),
    (
        "tenants set-currency <currency>",
        "Un código ISO 4217 de tres letras: PEN, COP, MXN, USD…",
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
