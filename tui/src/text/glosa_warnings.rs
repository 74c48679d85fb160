//! The Spanish of the catalog's sentences a glosa's warnings keep (`said::GLOSA_WARNINGS`):
//! what reading the payer's notice noticed and the item rows it could not read, with why.
//! Their English is the glosa's `warnings`. `said_es` asks here for a key it does not have.

/// The Spanish sentence of a glosa warning's key, with the same values.
pub(super) fn glosa_warning_said_es(key: &str) -> Option<&'static str> {
    Some(match key {
        "glosa_payer_nit_missing" => "no se encontró el NIT del pagador",
        "glosa_provider_nit_missing" => "no se encontró el NIT del prestador",
        "glosa_payer_nit_invalid" => "NIT del pagador {0}: {1}",
        "glosa_provider_nit_invalid" => "NIT del prestador {0}: {1}",
        "glosa_no_items" => "no se encontraron ítems",
        "glosa_objected_mismatch" => {
            "los valores objetados de los ítems suman {0}, el total objetado del aviso es {1}"
        }
        "glosa_line_unreadable" => "línea {0}: {1}",
        "glosa_more_lines_unreadable" => "{0} líneas más no se pudieron leer como ítems",
        "glosa_row_skipped" => "fila {0}: {1}, fila omitida",
        "glosa_sheet_row_skipped" => "fila {1} (hoja {0}): {2}, fila omitida",
        "glosa_more_rows_unreadable" => "{0} filas más no se pudieron leer como ítems",
        "glosa_row_no_code" => "sin código de glosa",
        "glosa_row_not_a_code" => "el código de glosa {0} no es un código de glosa",
        "glosa_row_not_a_number" => "{0} {1} no es un número",
        "glosa_row_no_objected_value" => "{0}: sin valor glosado al final",
        _ => return None,
    })
}
