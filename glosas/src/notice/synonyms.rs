//! The synonyms payers use for header labels and table columns, as written in their notices.
//! They are compared through `labels::words` (no case, accents, punctuation or filler words,
//! abbreviations such as "Vr." and "Cód." expanded), so each entry stands for many spellings.
//! Add a synonym here when a payer's notice uses a new one; a layout no synonym can describe
//! belongs in a mapping file.

use super::labels::{Column, HeaderField};

/// Header label synonyms, best first within each field: when two labels give the same field,
/// the earlier synonym wins ("No. de glosa" over "Radicado").
pub(crate) const HEADER_SYNONYMS: &[(HeaderField, &[&str])] = &[
    (
        HeaderField::PayerNit,
        &[
            "NIT EPS",
            "NIT de la entidad responsable de pago",
            "NIT entidad responsable del pago",
            "NIT entidad",
            "NIT pagador",
            "NIT ERP",
            "NIT EAPB",
            "NIT aseguradora",
        ],
    ),
    (
        HeaderField::ProviderNit,
        &[
            "NIT prestador",
            "NIT IPS",
            "NIT del prestador de servicios de salud",
        ],
    ),
    (
        HeaderField::Nit,
        &["NIT", "Número de identificación tributaria"],
    ),
    (
        HeaderField::PayerName,
        &[
            "Entidad responsable de pago",
            "Entidad responsable del pago",
            "Nombre EPS",
            "Razón social EPS",
            "EPS",
            "ERP",
            "EAPB",
            "Entidad",
            "Entidad pagadora",
            "Pagador",
            "Aseguradora",
        ],
    ),
    (
        HeaderField::ProviderName,
        &[
            "Prestador de servicios de salud",
            "Razón social prestador",
            "Nombre prestador",
            "Prestador",
            "Nombre IPS",
            "IPS",
            "Institución prestadora",
            "Señores",
        ],
    ),
    (
        HeaderField::Number,
        &[
            "No. de glosa",
            "Consecutivo glosa",
            "Radicado glosa",
            "Radicado",
            "Oficio",
        ],
    ),
    (HeaderField::DevolutionNumber, &["No. de devolución"]),
    (
        HeaderField::FiledDate,
        &[
            "Fecha de radicación",
            "Fecha de radicación de la factura",
            "Fecha radicado",
            "Fecha de presentación",
            "Fecha de presentación de la factura",
        ],
    ),
    (
        HeaderField::NoticeDate,
        &[
            "Fecha de notificación",
            "Fecha de notificación de la glosa",
            "Fecha de glosa",
            "Fecha de devolución",
            "Fecha de comunicación",
            "Fecha de envío",
            "Fecha",
        ],
    ),
    (
        HeaderField::Invoices,
        &[
            "Factura No.",
            "Facturas",
            "Factura de venta",
            "Factura electrónica",
            "Factura electrónica de venta",
            "Facturas glosadas",
            "Factura glosada",
            "Facturas devueltas",
            "Factura devuelta",
        ],
    ),
    (
        HeaderField::TotalInvoiced,
        &[
            "Valor facturado",
            "Total facturado",
            "Valor total facturado",
            "Valor factura",
            "Valor total factura",
            "Valor de la factura",
            "Valor total de la factura",
        ],
    ),
    (
        HeaderField::TotalObjected,
        &[
            "Valor glosado",
            "Total glosa",
            "Total glosado",
            "Valor total glosado",
            "Valor total glosa",
            "Valor glosa",
            "Valor objetado",
            "Total objetado",
            "Valor devuelto",
            "Total devuelto",
            "Valor devolución",
            "Total devolución",
            "Valor total devolución",
        ],
    ),
    (
        HeaderField::Kind,
        &[
            "Tipo",
            "Tipo de objeción",
            "Tipo de notificación",
            "Tipo de novedad",
        ],
    ),
    (
        HeaderField::Other,
        &[
            "Fecha de la factura",
            "Fecha de expedición",
            "Fecha de emisión",
            "Fecha de vencimiento",
            "Fecha límite de respuesta",
            "Radicado de la factura",
            "Fecha de respuesta",
            "Valor aceptado",
            "Valor pagado",
            "Valor a pagar",
        ],
    ),
];

/// Column header synonyms, best first within each column.
pub(crate) const COLUMN_SYNONYMS: &[(Column, &[&str])] = &[
    (
        Column::Code,
        &[
            "Código glosa",
            "Cod glosa",
            "Código de la glosa",
            "Código causal",
            "Causal",
            "Causal de glosa",
            "Causal glosa",
            "Código motivo",
            "Motivo glosa",
            "Código devolución",
            "Causal devolución",
            "Concepto glosa",
            "Código",
        ],
    ),
    (
        Column::Description,
        &[
            "Descripción",
            "Descripción glosa",
            "Descripción de la glosa",
            "Descripción causal",
            "Descripción motivo",
            "Observación",
            "Observaciones",
            "Observación glosa",
            "Justificación",
            "Detalle",
            "Detalle glosa",
            "Motivo",
            "Comentario",
            "Comentarios",
        ],
    ),
    (
        Column::ServiceCode,
        &[
            "CUPS",
            "Código CUPS",
            "CUM",
            "Código CUM",
            "CUPS CUM",
            "Código servicio",
            "Código del servicio",
            "Código procedimiento",
            "Código medicamento",
            "Código prestación",
            "Código tecnología",
        ],
    ),
    (
        Column::Quantity,
        &["Cantidad", "Cant", "Cantidad glosada", "Unidades"],
    ),
    (
        Column::Invoiced,
        &[
            "Valor facturado",
            "Vr facturado",
            "Valor total facturado",
            "Valor servicio",
            "Valor cobrado",
            "Valor factura",
            "Valor total",
        ],
    ),
    (
        Column::Objected,
        &[
            "Valor glosado",
            "Vr glosa",
            "Valor glosa",
            "Vr glosado",
            "Valor objetado",
            "Valor glosa inicial",
            "Valor devuelto",
            "Valor devolución",
            "Glosado",
        ],
    ),
    (
        Column::Invoice,
        &[
            "Factura",
            "No. factura",
            "Factura No.",
            "Prefijo y número de factura",
        ],
    ),
    (Column::InvoicePrefix, &["Prefijo", "Prefijo factura"]),
    (
        Column::PayerNit,
        &["NIT EPS", "NIT entidad", "NIT ERP", "NIT pagador"],
    ),
    (Column::ProviderNit, &["NIT", "NIT IPS", "NIT prestador"]),
];
