//! The sentences of the protocol's catalog (`centralita_protocol::said`) a notice's warnings
//! are said with ([`Notice::warning_words`](crate::notice::Notice::warning_words)): a NIT
//! missing or failing its check digit, no items, totals that do not add up, and item rows that
//! could not be read, with why (the problem is the row warning's `inner`). Their keys are
//! defined once, in `centralita_extraction::said::glosas` (the protocol re-exports them); this
//! crate gives each its English, as `centralita_invoices::said` does, and a client words each in
//! its language.
//!
//! Values are written as the English writes them: a quoted value (a sheet's name, a cell's
//! text) keeps its quotes.

use centralita_extraction::said::glosas as catalog;
pub use centralita_invoices::said::{Phrase, Sentence, Words, phrase};

// The checks every notice gets (`notice::draft`).
pub const PAYER_NIT_MISSING: Phrase =
    phrase(catalog::GLOSA_PAYER_NIT_MISSING, "no payer NIT found");
pub const PROVIDER_NIT_MISSING: Phrase =
    phrase(catalog::GLOSA_PROVIDER_NIT_MISSING, "no provider NIT found");
/// {0} the NIT, {1} why it fails (its words are the `inner`).
pub const PAYER_NIT_INVALID: Phrase =
    phrase(catalog::GLOSA_PAYER_NIT_INVALID, "payer NIT {0}: {1}");
/// {0} the NIT, {1} why it fails (its words are the `inner`).
pub const PROVIDER_NIT_INVALID: Phrase =
    phrase(catalog::GLOSA_PROVIDER_NIT_INVALID, "provider NIT {0}: {1}");
pub const NO_ITEMS: Phrase = phrase(catalog::GLOSA_NO_ITEMS, "no items found");
/// {0} the items' sum, {1} the notice's total objected.
pub const OBJECTED_MISMATCH: Phrase = phrase(
    catalog::GLOSA_OBJECTED_MISMATCH,
    "the items' objected values add up to {0}, the notice's total objected is {1}",
);

// Item rows that could not be read (`notice::text`, `notice::sheet`); the last value is why.
/// {0} the line number, {1} the problem.
pub const LINE_UNREADABLE: Phrase = phrase(catalog::GLOSA_LINE_UNREADABLE, "line {0}: {1}");
/// {0} how many more lines.
pub const MORE_LINES_UNREADABLE: Phrase = phrase(
    catalog::GLOSA_MORE_LINES_UNREADABLE,
    "{0} more lines could not be read as items",
);
/// {0} the row number, {1} the problem.
pub const ROW_SKIPPED: Phrase = phrase(catalog::GLOSA_ROW_SKIPPED, "row {0}: {1}, row skipped");
/// {0} the sheet's name, quoted, {1} the row number, {2} the problem.
pub const SHEET_ROW_SKIPPED: Phrase = phrase(
    catalog::GLOSA_SHEET_ROW_SKIPPED,
    "sheet {0} row {1}: {2}, row skipped",
);
/// {0} how many more rows.
pub const MORE_ROWS_UNREADABLE: Phrase = phrase(
    catalog::GLOSA_MORE_ROWS_UNREADABLE,
    "{0} more rows could not be read as items",
);

// Why a row is not an item (`notice::cell`, `notice::lines`).
pub const ROW_NO_CODE: Phrase = phrase(catalog::GLOSA_ROW_NO_CODE, "no glosa code");
/// {0} what stands in the code column, quoted.
pub const ROW_NOT_A_CODE: Phrase = phrase(
    catalog::GLOSA_ROW_NOT_A_CODE,
    "código glosa {0} is not a glosa code",
);
/// {0} the column, in the payers' words (`valor glosado`), {1} its text, quoted.
pub const ROW_NOT_A_NUMBER: Phrase =
    phrase(catalog::GLOSA_ROW_NOT_A_NUMBER, "{0} {1} is not a number");
/// {0} the row's glosa code.
pub const ROW_NO_OBJECTED_VALUE: Phrase = phrase(
    catalog::GLOSA_ROW_NO_OBJECTED_VALUE,
    "{0}: no objected value (valor glosado) at the end",
);

/// Every phrase this crate says.
pub const ALL: &[Phrase] = &[
    PAYER_NIT_MISSING,
    PROVIDER_NIT_MISSING,
    PAYER_NIT_INVALID,
    PROVIDER_NIT_INVALID,
    NO_ITEMS,
    OBJECTED_MISMATCH,
    LINE_UNREADABLE,
    MORE_LINES_UNREADABLE,
    ROW_SKIPPED,
    SHEET_ROW_SKIPPED,
    MORE_ROWS_UNREADABLE,
    ROW_NO_CODE,
    ROW_NOT_A_CODE,
    ROW_NOT_A_NUMBER,
    ROW_NO_OBJECTED_VALUE,
];
