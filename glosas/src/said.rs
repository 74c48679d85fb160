//! The sentences of the protocol's catalog (`centralita_protocol::said`) a notice's warnings
//! are said with ([`Notice::warning_words`](crate::notice::Notice::warning_words)): a NIT
//! missing or failing its check digit, no items, totals that do not add up, and item rows that
//! could not be read, with why (the problem is the row warning's `inner`). This crate stands
//! below the protocol and cannot see its keys, so each is kept here by its name, its values and
//! its English, as `centralita_invoices::said` does; the protocol has the same keys (a test in
//! `tests/` checks names and value counts), and a client words each in its language.
//!
//! Values are written as the English writes them: a quoted value (a sheet's name, a cell's
//! text) keeps its quotes.

pub use centralita_invoices::said::{Key, Sentence, Words};

const fn key(name: &'static str, args: usize, english: &'static str) -> Key {
    Key {
        name,
        args,
        english,
    }
}

// The checks every notice gets (`notice::draft`).
pub const PAYER_NIT_MISSING: Key = key("glosa_payer_nit_missing", 0, "no payer NIT found");
pub const PROVIDER_NIT_MISSING: Key = key("glosa_provider_nit_missing", 0, "no provider NIT found");
/// {0} the NIT, {1} why it fails (its words are the `inner`).
pub const PAYER_NIT_INVALID: Key = key("glosa_payer_nit_invalid", 2, "payer NIT {0}: {1}");
/// {0} the NIT, {1} why it fails (its words are the `inner`).
pub const PROVIDER_NIT_INVALID: Key = key("glosa_provider_nit_invalid", 2, "provider NIT {0}: {1}");
pub const NO_ITEMS: Key = key("glosa_no_items", 0, "no items found");
/// {0} the items' sum, {1} the notice's total objected.
pub const OBJECTED_MISMATCH: Key = key(
    "glosa_objected_mismatch",
    2,
    "the items' objected values add up to {0}, the notice's total objected is {1}",
);

// Item rows that could not be read (`notice::text`, `notice::sheet`); the last value is why.
/// {0} the line number, {1} the problem.
pub const LINE_UNREADABLE: Key = key("glosa_line_unreadable", 2, "line {0}: {1}");
/// {0} how many more lines.
pub const MORE_LINES_UNREADABLE: Key = key(
    "glosa_more_lines_unreadable",
    1,
    "{0} more lines could not be read as items",
);
/// {0} the row number, {1} the problem.
pub const ROW_SKIPPED: Key = key("glosa_row_skipped", 2, "row {0}: {1}, row skipped");
/// {0} the sheet's name, quoted, {1} the row number, {2} the problem.
pub const SHEET_ROW_SKIPPED: Key = key(
    "glosa_sheet_row_skipped",
    3,
    "sheet {0} row {1}: {2}, row skipped",
);
/// {0} how many more rows.
pub const MORE_ROWS_UNREADABLE: Key = key(
    "glosa_more_rows_unreadable",
    1,
    "{0} more rows could not be read as items",
);

// Why a row is not an item (`notice::cell`, `notice::lines`).
pub const ROW_NO_CODE: Key = key("glosa_row_no_code", 0, "no glosa code");
/// {0} what stands in the code column, quoted.
pub const ROW_NOT_A_CODE: Key = key(
    "glosa_row_not_a_code",
    1,
    "código glosa {0} is not a glosa code",
);
/// {0} the column, in the payers' words (`valor glosado`), {1} its text, quoted.
pub const ROW_NOT_A_NUMBER: Key = key("glosa_row_not_a_number", 2, "{0} {1} is not a number");
/// {0} the row's glosa code.
pub const ROW_NO_OBJECTED_VALUE: Key = key(
    "glosa_row_no_objected_value",
    1,
    "{0}: no objected value (valor glosado) at the end",
);

/// Every key this crate says, for the protocol's catalog to be checked against.
pub const ALL: &[Key] = &[
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

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn every_key_is_named_once_and_its_english_uses_each_value_once() {
        for (index, key) in ALL.iter().enumerate() {
            assert!(key.name.starts_with("glosa_"), "{}", key.name);
            assert!(
                ALL[..index].iter().all(|other| other.name != key.name),
                "{} is in the list twice",
                key.name
            );
            for value in 0..key.args {
                assert_eq!(
                    key.english.matches(&format!("{{{value}}}")).count(),
                    1,
                    "{}: {{{value}}} in {:?}",
                    key.name,
                    key.english
                );
            }
            assert!(
                !key.english.contains(&format!("{{{}}}", key.args)),
                "{}: a value past its {}",
                key.name,
                key.args
            );
        }
    }
}
