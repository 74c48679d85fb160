//! Table headers of the console, by their English: the views write `"STATE"` in their
//! `COLUMNS` and the table widget shows [`column`] of it, so a header is translated in one
//! place. A header missing here shows in English.

use super::{Lang, Text, lang, texts};

texts! {
    COLUMN_ACCOUNT = "ACCOUNT" / "CUENTA";
    COLUMN_ACTION = "ACTION" / "ACCIÓN";
    COLUMN_ADDED_BY = "ADDED BY" / "AGREGÓ";
    COLUMN_ADDED = "ADDED" / "AGREGADO";
    COLUMN_CC = "CC" / "CC";
    COLUMN_CHANNELS = "CHANNELS" / "CANALES";
    COLUMN_CONTACT = "CONTACT" / "CONTACTO";
    COLUMN_CREATED = "CREATED" / "CREADO";
    COLUMN_DETAIL = "DETAIL" / "DETALLE";
    COLUMN_DUE = "DUE" / "VENCE";
    COLUMN_EVERY = "EVERY" / "CADA";
    COLUMN_EXPIRES = "EXPIRES" / "EXPIRA";
    COLUMN_ID = "ID" / "ID";
    COLUMN_INV = "INV" / "FACT";
    COLUMN_LABELS = "LABELS" / "ETIQUETAS";
    COLUMN_LAST_ERROR = "LAST ERROR" / "ÚLTIMO ERROR";
    COLUMN_LEAD = "LEAD" / "LEAD";
    COLUMN_MAIL = "MAIL" / "CORREO";
    COLUMN_NAME = "NAME" / "NOMBRE";
    COLUMN_OPERATOR = "OPERATOR" / "OPERADOR";
    COLUMN_PHONE = "PHONE" / "TELÉFONO";
    COLUMN_PROVIDER = "PROVIDER" / "PROVEEDOR";
    COLUMN_REFRESHED = "REFRESHED" / "RENOVADO";
    COLUMN_RESULT = "RESULT" / "RESULTADO";
    COLUMN_ROLE = "ROLE" / "ROL";
    COLUMN_STAGE = "STAGE" / "ETAPA";
    COLUMN_STATE = "STATE" / "ESTADO";
    COLUMN_STATUS = "STATUS" / "SITUACIÓN";
    COLUMN_SYNCED = "SYNCED" / "SINCRONIZADO";
    COLUMN_TARGET = "TARGET" / "OBJETO";
    COLUMN_TYPE = "TYPE" / "TIPO";
    COLUMN_USER = "USER" / "USUARIO";
    COLUMN_VALUE = "VALUE" / "VALOR";
    COLUMN_WHAT = "WHAT" / "QUÉ";
    COLUMN_WHEN = "WHEN" / "CUÁNDO";
    COLUMN_WHO = "WHO" / "QUIÉN";
    COLUMN_BOX = "BOX" / "BUZÓN";
    COLUMN_CUR = "CUR" / "MON";
    COLUMN_DATE = "DATE" / "FECHA";
    COLUMN_FILES = "FILES" / "ARCHIVOS";
    COLUMN_FROM = "FROM" / "DE";
    COLUMN_ISSUER = "ISSUER" / "EMISOR";
    COLUMN_KIND = "KIND" / "CLASE";
    COLUMN_LAST = "LAST" / "ÚLTIMO";
    COLUMN_LEFT = "LEFT" / "QUEDAN";
    COLUMN_NEW = "NEW" / "NUE";
    COLUMN_NOTICE = "NOTICE" / "AVISO";
    COLUMN_NUMBER = "NUMBER" / "NÚMERO";
    COLUMN_OBJECTED = "OBJECTED" / "OBJETADO";
    COLUMN_PAYER = "PAYER" / "PAGADOR";
    COLUMN_QUEUE = "QUEUE" / "COLA";
    COLUMN_RECEIVED = "RECEIVED" / "RECIBIDA";
    COLUMN_RUN = "RUN" / "EJECUTA";
    COLUMN_SUBJECT = "SUBJECT" / "ASUNTO";
    COLUMN_TOTAL = "TOTAL" / "TOTAL";
    COLUMN_TRY = "TRY" / "INT.";
    COLUMN_WINDOW = "WINDOW" / "VENT.";
    COLUMN_QUEUED = "QUEUED" / "EN COLA";
    COLUMN_RUNNING = "RUNNING" / "ACTIVOS";
    COLUMN_DONE = "DONE" / "HECHOS";
    COLUMN_FAILED = "FAILED" / "FALLIDOS";
    COLUMN_DEAD = "DEAD" / "MUERTOS";
}

/// A table header in the current language (`header` as the view wrote it, in English).
pub fn column(header: &'static str) -> &'static str {
    if lang() == Lang::En {
        return header;
    }
    ALL.iter()
        .map(|(_, text)| *text)
        .find(|text| text.get_in(Lang::En) == header)
        .map_or(header, Text::get)
}
