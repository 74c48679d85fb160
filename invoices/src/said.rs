//! The sentences of the protocol's catalog (`centralita_protocol::said`) that this crate says:
//! the warnings of [`checks`](crate::checks), why a tax identifier fails its scheme
//! ([`taxid`](crate::taxid)) and why a PDF's embedded invoice was not read
//! ([`pdf`](crate::pdf)). This crate stands below the protocol and cannot see its keys, so each
//! is kept here by its name, its values and its English; the protocol has the same keys (a test
//! in `tests/` checks names and value counts), and a client words each in its language.
//!
//! A [`Sentence`] is the English a record keeps (a warning's `message`) with its [`Words`]; the
//! English is the key's, filled with the values, so the two never drift apart.

use std::fmt;

/// The catalog's words a [`Sentence`] keeps (re-exported for the crates above this one that
/// say sentences with [`Key`], such as `centralita-glosas`).
pub use centralita_extraction::Words;

/// One sentence of the catalog, as this crate says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The protocol's key name: clients look their sentence up by it.
    pub name: &'static str,
    /// How many values fill it (`{0}`, `{1}`, …).
    pub args: usize,
    /// The English, with the values' places.
    pub english: &'static str,
}

const fn key(name: &'static str, args: usize, english: &'static str) -> Key {
    Key {
        name,
        args,
        english,
    }
}

/// A sentence said: the English and the catalog's words it was said with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
    pub words: Words,
}

impl fmt::Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Key {
    /// The sentence with `args` in its places.
    pub fn say(self, args: Vec<String>) -> Sentence {
        debug_assert_eq!(
            args.len(),
            self.args,
            "{} takes {} values",
            self.name,
            self.args
        );
        Sentence {
            text: fill(self.english, &args),
            words: Words {
                key: self.name.to_owned(),
                args,
                inner: None,
            },
        }
    }

    /// The sentence with `args` and then `reason` in its places: the reason's English is the
    /// last value, and its words the sentence's `inner`, so a client says both in its language.
    pub fn say_because(self, mut args: Vec<String>, reason: Sentence) -> Sentence {
        args.push(reason.text);
        let mut sentence = self.say(args);
        sentence.words.inner = Some(Box::new(reason.words));
        sentence
    }
}

/// `KEY.say` with each value as its `Display` writes it.
macro_rules! said {
    ($key:expr $(, $arg:expr)* $(,)?) => {
        $key.say(vec![$(($arg).to_string()),*])
    };
}
pub(crate) use said;

/// `template` with `{0}`, `{1}`, … replaced by `args`, in one pass (a value that holds `{1}`
/// stays as it is).
fn fill(template: &str, args: &[String]) -> String {
    let mut text =
        String::with_capacity(template.len() + args.iter().map(String::len).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let index: usize = after[..close].parse().ok()?;
            Some((close, args.get(index)?))
        });
        if let Some((close, value)) = value {
            text.push_str(value);
            rest = &after[close + 1..];
        } else {
            text.push('{');
            rest = after;
        }
    }
    text.push_str(rest);
    text
}

// The checks on an invoice's fields (`checks`).
pub const TOTALS_MISMATCH: Key = key(
    "invoice_totals_mismatch",
    5,
    "subtotal {0} + tax {1} = {2}, but the total is {3} (off by {4})",
);
pub const LINES_MISMATCH: Key = key(
    "invoice_lines_mismatch",
    4,
    "the {0} line amounts add up to {1}, but the subtotal is {2} (off by {3})",
);
pub const ISSUER_TAX_ID_INVALID: Key = key(
    "invoice_issuer_tax_id_invalid",
    2,
    "the issuer tax id {0} looks wrong: {1}",
);
pub const BUYER_TAX_ID_INVALID: Key = key(
    "invoice_buyer_tax_id_invalid",
    2,
    "the buyer tax id {0} looks wrong: {1}",
);
pub const DATE_FUTURE: Key = key(
    "invoice_date_future",
    2,
    "the issue date {0} is after today ({1})",
);
pub const DATE_OLD: Key = key(
    "invoice_date_old",
    3,
    "the issue date {0} is more than {1} years before today ({2})",
);
pub const DUE_BEFORE_ISSUE: Key = key(
    "invoice_due_before_issue",
    2,
    "the due date {0} is before the issue date {1}",
);

// Why a tax identifier fails its scheme (`taxid`).
pub const TAX_ID_NOT_ONLY_DIGITS: Key = key(
    "tax_id_not_only_digits",
    2,
    "{0} contains {1}, not only digits",
);
pub const TAX_ID_RUC_DIGITS: Key = key("tax_id_ruc_digits", 1, "RUC must have 11 digits, not {0}");
pub const TAX_ID_RUC_PREFIX: Key = key(
    "tax_id_ruc_prefix",
    1,
    "RUC starts with {0}; a RUC starts with 10, 15, 17 or 20",
);
pub const TAX_ID_CHECK_DIGIT: Key = key(
    "tax_id_check_digit",
    3,
    "{0} check digit is {1}, the number needs {2}",
);
pub const TAX_ID_VAT_CHECK_DIGIT: Key = key(
    "tax_id_vat_check_digit",
    3,
    "{0} VAT check digit is {1}, the number needs {2}",
);
pub const TAX_ID_NIT_CHECK_DIGIT_NOT_ONE_DIGIT: Key = key(
    "tax_id_nit_check_digit_not_one_digit",
    1,
    "NIT check digit {0} is not one digit",
);
pub const TAX_ID_NIT_DIGITS: Key = key(
    "tax_id_nit_digits",
    1,
    "NIT must have 3 to 15 digits before the check digit, not {0}",
);
pub const TAX_ID_RFC_SHAPE: Key = key(
    "tax_id_rfc_shape",
    1,
    "RFC {0} is not 3–4 letters, 6 digits (YYMMDD) and a 3-character homoclave",
);
pub const TAX_ID_RFC_DATE: Key = key(
    "tax_id_rfc_date",
    1,
    "RFC date {0} is not a valid YYMMDD date",
);
pub const TAX_ID_VAT_DIGITS: Key = key("tax_id_vat_digits", 2, "{0} VAT number has {1} digits");
pub const TAX_ID_VAT_AT_U: Key = key("tax_id_vat_at_u", 0, "AT VAT number starts with U");
pub const TAX_ID_VAT_AT_SHAPE: Key =
    key("tax_id_vat_at_shape", 0, "AT VAT number is U and 8 digits");
pub const TAX_ID_VAT_FR_SHAPE: Key = key(
    "tax_id_vat_fr_shape",
    0,
    "FR VAT number has a 2-character key and a 9-digit SIREN",
);
pub const TAX_ID_VAT_NL_CHECK: Key = key(
    "tax_id_vat_nl_check",
    0,
    "NL VAT number fails its check (9 digits, B, 2 digits)",
);
pub const TAX_ID_VAT_ES_LENGTH: Key =
    key("tax_id_vat_es_length", 0, "ES VAT number has 9 characters");
pub const TAX_ID_VAT_ES_MIDDLE: Key = key(
    "tax_id_vat_es_middle",
    0,
    "ES VAT number has 7 digits in the middle",
);
pub const TAX_ID_VAT_ES_NIF_LETTER: Key = key(
    "tax_id_vat_es_nif_letter",
    2,
    "ES NIF letter is {0}, the number needs {1}",
);
pub const TAX_ID_VAT_ES_CIF_CONTROL: Key = key(
    "tax_id_vat_es_cif_control",
    3,
    "ES CIF control is {0}, the number needs {1} or {2}",
);
pub const TAX_ID_CUIT_DIGITS: Key = key("tax_id_cuit_digits", 0, "CUIT has 11 digits");
pub const TAX_ID_GSTIN_LENGTH: Key =
    key("tax_id_gstin_length", 0, "GSTIN has 15 letters and digits");
pub const TAX_ID_GSTIN_CHECK: Key = key(
    "tax_id_gstin_check",
    1,
    "GSTIN check character should be {0}",
);

// Why a PDF's embedded invoice was not read (`pdf::PdfError`).
pub const PDF_UNREADABLE: Key = key("pdf_unreadable", 1, "the PDF cannot be read: {0}");
pub const PDF_TOO_LARGE: Key = key(
    "pdf_too_large",
    1,
    "the PDF inflates to more than {0} MiB; its embedded invoice was not read",
);
pub const PDF_TOO_MANY_VALUES: Key = key(
    "pdf_too_many_values",
    1,
    "the PDF is made of more than {0} values; its embedded invoice was not read",
);
pub const PDF_TOO_MANY_FILES: Key = key(
    "pdf_too_many_files",
    1,
    "the PDF has more than {0} embedded-file entries; its embedded invoice was not read",
);
pub const PDF_OVERLAPPING: Key = key(
    "pdf_overlapping",
    0,
    "the PDF nests objects inside other objects; its embedded invoice was not read",
);
pub const PDF_FILTER: Key = key(
    "pdf_filter",
    1,
    "the PDF compresses an object stream with {0}, which we do not inflate; its embedded invoice was not read",
);

/// Every key this crate says, for the protocol's catalog to be checked against.
pub const ALL: &[Key] = &[
    TOTALS_MISMATCH,
    LINES_MISMATCH,
    ISSUER_TAX_ID_INVALID,
    BUYER_TAX_ID_INVALID,
    DATE_FUTURE,
    DATE_OLD,
    DUE_BEFORE_ISSUE,
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
];

#[cfg(test)]
mod tests {
    use super::{ALL, ISSUER_TAX_ID_INVALID, TAX_ID_RUC_DIGITS, fill};

    #[test]
    fn every_key_is_named_once_and_its_english_uses_each_value_once() {
        for (index, key) in ALL.iter().enumerate() {
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

    #[test]
    fn values_fill_their_places_once() {
        let args = ["{1}".to_owned(), "b".to_owned()];
        assert_eq!(fill("{0} and {1}, {2} {x}", &args), "{1} and b, {2} {x}");
    }

    #[test]
    fn a_reason_is_the_last_value_and_the_inner_words() {
        let reason = said!(TAX_ID_RUC_DIGITS, 10);
        let sentence = ISSUER_TAX_ID_INVALID.say_because(vec!["2010007097".into()], reason);
        assert_eq!(
            sentence.text,
            "the issuer tax id 2010007097 looks wrong: RUC must have 11 digits, not 10"
        );
        assert_eq!(
            sentence.words.args,
            ["2010007097", "RUC must have 11 digits, not 10"]
        );
        let inner = sentence.words.inner.expect("the reason's words");
        assert_eq!(inner.key, "tax_id_ruc_digits");
        assert_eq!(inner.args, ["10"]);
    }
}
