//! The catalog's sentences an invoice's warnings keep (`InvoiceWarning::words`): the checks on
//! its fields, why a tax identifier fails its scheme and why a PDF's embedded invoice was not
//! read (said by `centralita-invoices`, which gives each its English in its `said` module), and
//! the daemon's own warnings.

use super::{Key, key};

// The checks on an invoice's fields.
/// {0} subtotal, {1} tax, {2} their sum, {3} total, {4} the difference.
pub const INVOICE_TOTALS_MISMATCH: Key = key("invoice_totals_mismatch", 5);
/// {0} lines with an amount, {1} their sum, {2} subtotal, {3} the difference.
pub const INVOICE_LINES_MISMATCH: Key = key("invoice_lines_mismatch", 4);
/// {0} the issuer's tax id, {1} why it fails (English; its own words are the `inner`).
pub const INVOICE_ISSUER_TAX_ID_INVALID: Key = key("invoice_issuer_tax_id_invalid", 2);
/// {0} the buyer's tax id, {1} why it fails (English; its own words are the `inner`).
pub const INVOICE_BUYER_TAX_ID_INVALID: Key = key("invoice_buyer_tax_id_invalid", 2);
/// {0} issue date, {1} today.
pub const INVOICE_DATE_FUTURE: Key = key("invoice_date_future", 2);
/// {0} issue date, {1} how many years, {2} today.
pub const INVOICE_DATE_OLD: Key = key("invoice_date_old", 3);
/// {0} due date, {1} issue date.
pub const INVOICE_DUE_BEFORE_ISSUE: Key = key("invoice_due_before_issue", 2);

// Why a tax identifier fails its scheme (the `inner` of the two above).
/// {0} scheme (`RUC`, `NIT`), {1} the character found, quoted (`'A'`).
pub const TAX_ID_NOT_ONLY_DIGITS: Key = key("tax_id_not_only_digits", 2);
/// {0} digits found.
pub const TAX_ID_RUC_DIGITS: Key = key("tax_id_ruc_digits", 1);
/// {0} the first two digits.
pub const TAX_ID_RUC_PREFIX: Key = key("tax_id_ruc_prefix", 1);
/// {0} scheme (`RUC`, `NIT`, `CUIT`), {1} the check digit found, {2} the one it needs.
pub const TAX_ID_CHECK_DIGIT: Key = key("tax_id_check_digit", 3);
/// {0} the VAT number's country (`DE`), {1} the check digits found, {2} the ones it needs.
pub const TAX_ID_VAT_CHECK_DIGIT: Key = key("tax_id_vat_check_digit", 3);
/// {0} what stands after the dash, quoted.
pub const TAX_ID_NIT_CHECK_DIGIT_NOT_ONE_DIGIT: Key =
    key("tax_id_nit_check_digit_not_one_digit", 1);
/// {0} digits found before the check digit.
pub const TAX_ID_NIT_DIGITS: Key = key("tax_id_nit_digits", 1);
/// {0} the RFC, quoted.
pub const TAX_ID_RFC_SHAPE: Key = key("tax_id_rfc_shape", 1);
/// {0} the RFC's date (YYMMDD).
pub const TAX_ID_RFC_DATE: Key = key("tax_id_rfc_date", 1);
/// {0} the VAT number's country, {1} the digits it has.
pub const TAX_ID_VAT_DIGITS: Key = key("tax_id_vat_digits", 2);
pub const TAX_ID_VAT_AT_U: Key = key("tax_id_vat_at_u", 0);
pub const TAX_ID_VAT_AT_SHAPE: Key = key("tax_id_vat_at_shape", 0);
pub const TAX_ID_VAT_FR_SHAPE: Key = key("tax_id_vat_fr_shape", 0);
pub const TAX_ID_VAT_NL_CHECK: Key = key("tax_id_vat_nl_check", 0);
pub const TAX_ID_VAT_ES_LENGTH: Key = key("tax_id_vat_es_length", 0);
pub const TAX_ID_VAT_ES_MIDDLE: Key = key("tax_id_vat_es_middle", 0);
/// {0} the letter found, {1} the one the number needs.
pub const TAX_ID_VAT_ES_NIF_LETTER: Key = key("tax_id_vat_es_nif_letter", 2);
/// {0} the control found, {1} the digit the number needs, {2} the letter it may be instead.
pub const TAX_ID_VAT_ES_CIF_CONTROL: Key = key("tax_id_vat_es_cif_control", 3);
pub const TAX_ID_CUIT_DIGITS: Key = key("tax_id_cuit_digits", 0);
pub const TAX_ID_GSTIN_LENGTH: Key = key("tax_id_gstin_length", 0);
/// {0} the check character it needs.
pub const TAX_ID_GSTIN_CHECK: Key = key("tax_id_gstin_check", 1);

// Why a PDF's embedded invoice was not read (an `xml_unreadable` warning).
/// {0} the PDF reader's reason (English).
pub const PDF_UNREADABLE: Key = key("pdf_unreadable", 1);
/// {0} the limit in MiB.
pub const PDF_TOO_LARGE: Key = key("pdf_too_large", 1);
/// {0} the most values.
pub const PDF_TOO_MANY_VALUES: Key = key("pdf_too_many_values", 1);
/// {0} the most embedded-file entries.
pub const PDF_TOO_MANY_FILES: Key = key("pdf_too_many_files", 1);
pub const PDF_OVERLAPPING: Key = key("pdf_overlapping", 0);
/// {0} the stream's filters.
pub const PDF_FILTER: Key = key("pdf_filter", 1);

// The daemon's own warnings.
/// {0} the embedded file's name, {1} why the XML reader refused it (English; its own words are
/// the `inner`). The page text was read instead.
pub const INVOICE_EMBEDDED_XML_UNREADABLE: Key = key("invoice_embedded_xml_unreadable", 2);
/// {0} the reason (English): reading the embedded invoice stopped.
pub const INVOICE_EMBEDDED_XML_FAILED: Key = key("invoice_embedded_xml_failed", 1);
/// {0} why the LLM gave nothing usable (English; its own words are the `inner`).
pub const INVOICE_LLM_FAILED: Key = key("invoice_llm_failed", 1);
/// {0} invoice number, {1} the other invoice with it.
pub const INVOICE_DUPLICATE_NUMBER: Key = key("invoice_duplicate_number", 2);
/// {0} invoice number, {1} the other invoices with it (`3, 7`).
pub const INVOICE_DUPLICATE_NUMBERS: Key = key("invoice_duplicate_numbers", 2);

/// Every key of an invoice's warnings (in `centralita_protocol::said::ALL` too).
pub const WARNINGS: &[Key] = &[
    INVOICE_TOTALS_MISMATCH,
    INVOICE_LINES_MISMATCH,
    INVOICE_ISSUER_TAX_ID_INVALID,
    INVOICE_BUYER_TAX_ID_INVALID,
    INVOICE_DATE_FUTURE,
    INVOICE_DATE_OLD,
    INVOICE_DUE_BEFORE_ISSUE,
    TAX_ID_NOT_ONLY_DIGITS,
    TAX_ID_RUC_DIGITS,
    TAX_ID_RUC_PREFIX,
    TAX_ID_CHECK_DIGIT,
    TAX_ID_VAT_CHECK_DIGIT,
    TAX_ID_NIT_CHECK_DIGIT_NOT_ONE_DIGIT,
    TAX_ID_NIT_DIGITS,
    TAX_ID_RFC_SHAPE,
    TAX_ID_RFC_DATE,
    TAX_ID_VAT_DIGITS,
    TAX_ID_VAT_AT_U,
    TAX_ID_VAT_AT_SHAPE,
    TAX_ID_VAT_FR_SHAPE,
    TAX_ID_VAT_NL_CHECK,
    TAX_ID_VAT_ES_LENGTH,
    TAX_ID_VAT_ES_MIDDLE,
    TAX_ID_VAT_ES_NIF_LETTER,
    TAX_ID_VAT_ES_CIF_CONTROL,
    TAX_ID_CUIT_DIGITS,
    TAX_ID_GSTIN_LENGTH,
    TAX_ID_GSTIN_CHECK,
    PDF_UNREADABLE,
    PDF_TOO_LARGE,
    PDF_TOO_MANY_VALUES,
    PDF_TOO_MANY_FILES,
    PDF_OVERLAPPING,
    PDF_FILTER,
    INVOICE_EMBEDDED_XML_UNREADABLE,
    INVOICE_EMBEDDED_XML_FAILED,
    INVOICE_LLM_FAILED,
    INVOICE_DUPLICATE_NUMBER,
    INVOICE_DUPLICATE_NUMBERS,
];
