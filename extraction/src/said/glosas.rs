//! The catalog's sentences a glosa's warnings keep (`GlosaDetail::warning_words`): what reading
//! the payer's notice noticed (a NIT missing or failing its check digit, no items, totals that
//! do not add up) and the item rows it could not read, with why. `centralita-glosas` says them
//! and gives each its English in its `said` module.

use super::{Key, key};

// The checks every notice gets.
pub const GLOSA_PAYER_NIT_MISSING: Key = key("glosa_payer_nit_missing", 0);
pub const GLOSA_PROVIDER_NIT_MISSING: Key = key("glosa_provider_nit_missing", 0);
/// {0} the NIT, {1} why it fails (English; its own words, a `tax_id_*` key, are the `inner`).
pub const GLOSA_PAYER_NIT_INVALID: Key = key("glosa_payer_nit_invalid", 2);
/// {0} the NIT, {1} why it fails (English; its own words, a `tax_id_*` key, are the `inner`).
pub const GLOSA_PROVIDER_NIT_INVALID: Key = key("glosa_provider_nit_invalid", 2);
pub const GLOSA_NO_ITEMS: Key = key("glosa_no_items", 0);
/// {0} the items' objected values added up, {1} the notice's total objected.
pub const GLOSA_OBJECTED_MISMATCH: Key = key("glosa_objected_mismatch", 2);

// Item rows that could not be read.
/// {0} the line number, {1} the problem (English; its words are the `inner`).
pub const GLOSA_LINE_UNREADABLE: Key = key("glosa_line_unreadable", 2);
/// {0} how many more lines.
pub const GLOSA_MORE_LINES_UNREADABLE: Key = key("glosa_more_lines_unreadable", 1);
/// {0} the row number, {1} the problem (English; its words are the `inner`).
pub const GLOSA_ROW_SKIPPED: Key = key("glosa_row_skipped", 2);
/// {0} the sheet's name, quoted, {1} the row number, {2} the problem (English; its words are
/// the `inner`).
pub const GLOSA_SHEET_ROW_SKIPPED: Key = key("glosa_sheet_row_skipped", 3);
/// {0} how many more rows.
pub const GLOSA_MORE_ROWS_UNREADABLE: Key = key("glosa_more_rows_unreadable", 1);

// Why a row is not an item (the `inner` of the three above).
pub const GLOSA_ROW_NO_CODE: Key = key("glosa_row_no_code", 0);
/// {0} what stands in the code column, quoted.
pub const GLOSA_ROW_NOT_A_CODE: Key = key("glosa_row_not_a_code", 1);
/// {0} the column in the payers' Spanish words (`valor glosado`), {1} its text, quoted.
pub const GLOSA_ROW_NOT_A_NUMBER: Key = key("glosa_row_not_a_number", 2);
/// {0} the row's glosa code.
pub const GLOSA_ROW_NO_OBJECTED_VALUE: Key = key("glosa_row_no_objected_value", 1);

/// The keys of a glosa's warnings, in `centralita_protocol::said::ALL` after the invoices'
/// warnings.
pub const GLOSA_WARNINGS: &[Key] = &[
    GLOSA_PAYER_NIT_MISSING,
    GLOSA_PROVIDER_NIT_MISSING,
    GLOSA_PAYER_NIT_INVALID,
    GLOSA_PROVIDER_NIT_INVALID,
    GLOSA_NO_ITEMS,
    GLOSA_OBJECTED_MISMATCH,
    GLOSA_LINE_UNREADABLE,
    GLOSA_MORE_LINES_UNREADABLE,
    GLOSA_ROW_SKIPPED,
    GLOSA_SHEET_ROW_SKIPPED,
    GLOSA_MORE_ROWS_UNREADABLE,
    GLOSA_ROW_NO_CODE,
    GLOSA_ROW_NOT_A_CODE,
    GLOSA_ROW_NOT_A_NUMBER,
    GLOSA_ROW_NO_OBJECTED_VALUE,
];
