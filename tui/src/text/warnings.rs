//! The Spanish of the catalog's sentences an invoice's warnings keep (`said::WARNINGS`): the
//! checks on its fields, why a tax identifier fails its scheme, why a PDF's embedded invoice
//! was not read, and the daemon's own warnings. Their English is the warning's `message`.
//! `said_es` asks here for a key it does not have.

/// The Spanish sentence of an invoice warning's key, with the same values.
#[allow(clippy::too_many_lines)] // a catalog: one arm per key, grouped as in extraction/src/said/invoices.rs
pub(super) fn warning_said_es(key: &str) -> Option<&'static str> {
    Some(match key {
        "invoice_totals_mismatch" => {
            "subtotal {0} + impuesto {1} = {2}, pero el total es {3} (diferencia de {4})"
        }
        "invoice_lines_mismatch" => {
            "la suma de las {0} líneas da {1}, pero el subtotal es {2} (diferencia de {3})"
        }
        "invoice_issuer_tax_id_invalid" => {
            "el número tributario del emisor {0} parece incorrecto: {1}"
        }
        "invoice_buyer_tax_id_invalid" => {
            "el número tributario del comprador {0} parece incorrecto: {1}"
        }
        "invoice_date_future" => "la fecha de emisión {0} es posterior a hoy ({1})",
        "invoice_date_old" => "la fecha de emisión {0} es de hace más de {1} años (hoy es {2})",
        "invoice_due_before_issue" => {
            "la fecha de vencimiento {0} es anterior a la fecha de emisión {1}"
        }
        "tax_id_not_only_digits" => "el {0} contiene {1}; debe tener solo dígitos",
        "tax_id_ruc_digits" => "el RUC debe tener 11 dígitos, no {0}",
        "tax_id_ruc_prefix" => "el RUC empieza con {0}; un RUC empieza con 10, 15, 17 o 20",
        "tax_id_check_digit" => "el dígito verificador del {0} es {1}, pero el número requiere {2}",
        "tax_id_vat_check_digit" => {
            "el dígito de control del número de IVA ({0}) es {1}, pero el número requiere {2}"
        }
        "tax_id_nit_check_digit_not_one_digit" => {
            "el dígito de verificación del NIT, {0}, no es un solo dígito"
        }
        "tax_id_nit_digits" => {
            "el NIT debe tener de 3 a 15 dígitos antes del dígito de verificación, no {0}"
        }
        "tax_id_rfc_shape" => {
            "el RFC {0} no tiene la forma de 3 o 4 letras, 6 dígitos (AAMMDD) y una homoclave de 3 caracteres"
        }
        "tax_id_rfc_date" => "la fecha {0} del RFC no es una fecha AAMMDD válida",
        "tax_id_vat_digits" => "el número de IVA ({0}) debe tener {1} dígitos",
        "tax_id_vat_at_u" => "el número de IVA (AT) debe empezar con U",
        "tax_id_vat_at_shape" => "el número de IVA (AT) debe ser una U y 8 dígitos",
        "tax_id_vat_fr_shape" => {
            "el número de IVA (FR) debe tener una clave de 2 caracteres y un SIREN de 9 dígitos"
        }
        "tax_id_vat_nl_check" => {
            "el número de IVA (NL) no pasa su verificación (9 dígitos, B, 2 dígitos)"
        }
        "tax_id_vat_es_length" => "el número de IVA (ES) debe tener 9 caracteres",
        "tax_id_vat_es_middle" => "el número de IVA (ES) debe tener 7 dígitos en el medio",
        "tax_id_vat_es_nif_letter" => "la letra del NIF (ES) es {0}, pero el número requiere {1}",
        "tax_id_vat_es_cif_control" => {
            "el control del CIF (ES) es {0}, pero el número requiere {1} o {2}"
        }
        "tax_id_cuit_digits" => "el CUIT debe tener 11 dígitos",
        "tax_id_gstin_length" => "el GSTIN debe tener 15 letras y dígitos",
        "tax_id_gstin_check" => "el carácter de control del GSTIN debería ser {0}",
        "pdf_unreadable" => "no se puede leer el PDF: {0}",
        "pdf_too_large" => "el PDF descomprimido pasa de {0} MiB; no se leyó la factura incrustada",
        "pdf_too_many_values" => {
            "el PDF tiene más de {0} valores; no se leyó la factura incrustada"
        }
        "pdf_too_many_files" => {
            "el PDF tiene más de {0} archivos incrustados; no se leyó la factura incrustada"
        }
        "pdf_overlapping" => {
            "el PDF anida objetos dentro de otros objetos; no se leyó la factura incrustada"
        }
        "pdf_filter" => {
            "el PDF comprime un flujo de objetos con {0}, que no se descomprime aquí; no se leyó la factura incrustada"
        }
        "invoice_embedded_xml_unreadable" => {
            "no se pudo leer el archivo incrustado {0} ({1}); se usó el texto de las páginas"
        }
        "invoice_embedded_xml_failed" => "falló la lectura de la factura incrustada: {0}",
        "invoice_llm_failed" => "el paso del LLM no dio nada utilizable: {0}",
        "invoice_duplicate_number" => "el número {0} de este emisor también está en la factura {1}",
        "invoice_duplicate_numbers" => {
            "el número {0} de este emisor también está en las facturas {1}"
        }
        _ => return None,
    })
}
