//! The sentences of the protocol's catalog (`centralita_protocol::said`) that this crate says:
//! the warnings of [`checks`](crate::checks), why a tax identifier fails its scheme
//! ([`taxid`](crate::taxid)) and why a PDF's embedded invoice was not read
//! ([`pdf`](crate::pdf)). Their keys are defined once, in `centralita_extraction::said` (the
//! protocol re-exports them); this crate gives each its English, and a client words each in its
//! language.
//!
//! A [`Sentence`] is the English a record keeps (a warning's `message`) with its [`Words`]; the
//! English is the phrase's, filled with the values, so the two never drift apart.

use std::fmt;

use centralita_extraction::said::{Key, invoices as catalog};

/// The catalog's words a [`Sentence`] keeps (re-exported for the crates above this one that
/// say sentences with a [`Phrase`], such as `centralita-glosas`).
pub use centralita_extraction::Words;

/// A sentence of the catalog as this crate says it: its key and its English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    pub key: Key,
    /// The English, with the values' places (`{0}`, `{1}`, …).
    pub english: &'static str,
}

/// The phrase of `key` in English.
pub const fn phrase(key: Key, english: &'static str) -> Phrase {
    Phrase { key, english }
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

impl Phrase {
    /// The sentence with `args` in its places.
    pub fn say(self, args: Vec<String>) -> Sentence {
        let Key { name, args: count } = self.key;
        debug_assert_eq!(args.len(), count, "{name} takes {count} values");
        Sentence {
            text: fill(self.english, &args),
            words: Words {
                key: name.to_owned(),
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
pub const TOTALS_MISMATCH: Phrase = phrase(
    catalog::INVOICE_TOTALS_MISMATCH,
    "subtotal {0} + tax {1} = {2}, but the total is {3} (off by {4})",
);
pub const LINES_MISMATCH: Phrase = phrase(
    catalog::INVOICE_LINES_MISMATCH,
    "the {0} line amounts add up to {1}, but the subtotal is {2} (off by {3})",
);
pub const ISSUER_TAX_ID_INVALID: Phrase = phrase(
    catalog::INVOICE_ISSUER_TAX_ID_INVALID,
    "the issuer tax id {0} looks wrong: {1}",
);
pub const BUYER_TAX_ID_INVALID: Phrase = phrase(
    catalog::INVOICE_BUYER_TAX_ID_INVALID,
    "the buyer tax id {0} looks wrong: {1}",
);
pub const DATE_FUTURE: Phrase = phrase(
    catalog::INVOICE_DATE_FUTURE,
    "the issue date {0} is after today ({1})",
);
pub const DATE_OLD: Phrase = phrase(
    catalog::INVOICE_DATE_OLD,
    "the issue date {0} is more than {1} years before today ({2})",
);
pub const DUE_BEFORE_ISSUE: Phrase = phrase(
    catalog::INVOICE_DUE_BEFORE_ISSUE,
    "the due date {0} is before the issue date {1}",
);

// Why a tax identifier fails its scheme (`taxid`).
pub const TAX_ID_NOT_ONLY_DIGITS: Phrase = phrase(
    catalog::TAX_ID_NOT_ONLY_DIGITS,
    "{0} contains {1}, not only digits",
);
pub const TAX_ID_RUC_DIGITS: Phrase = phrase(
    catalog::TAX_ID_RUC_DIGITS,
    "RUC must have 11 digits, not {0}",
);
pub const TAX_ID_RUC_PREFIX: Phrase = phrase(
    catalog::TAX_ID_RUC_PREFIX,
    "RUC starts with {0}; a RUC starts with 10, 15, 17 or 20",
);
pub const TAX_ID_CHECK_DIGIT: Phrase = phrase(
    catalog::TAX_ID_CHECK_DIGIT,
    "{0} check digit is {1}, the number needs {2}",
);
pub const TAX_ID_VAT_CHECK_DIGIT: Phrase = phrase(
    catalog::TAX_ID_VAT_CHECK_DIGIT,
    "{0} VAT check digit is {1}, the number needs {2}",
);
pub const TAX_ID_NIT_CHECK_DIGIT_NOT_ONE_DIGIT: Phrase = phrase(
    catalog::TAX_ID_NIT_CHECK_DIGIT_NOT_ONE_DIGIT,
    "NIT check digit {0} is not one digit",
);
pub const TAX_ID_NIT_DIGITS: Phrase = phrase(
    catalog::TAX_ID_NIT_DIGITS,
    "NIT must have 3 to 15 digits before the check digit, not {0}",
);
pub const TAX_ID_RFC_SHAPE: Phrase = phrase(
    catalog::TAX_ID_RFC_SHAPE,
    "RFC {0} is not 3–4 letters, 6 digits (YYMMDD) and a 3-character homoclave",
);
pub const TAX_ID_RFC_DATE: Phrase = phrase(
    catalog::TAX_ID_RFC_DATE,
    "RFC date {0} is not a valid YYMMDD date",
);
pub const TAX_ID_VAT_DIGITS: Phrase =
    phrase(catalog::TAX_ID_VAT_DIGITS, "{0} VAT number has {1} digits");
pub const TAX_ID_VAT_AT_U: Phrase = phrase(catalog::TAX_ID_VAT_AT_U, "AT VAT number starts with U");
pub const TAX_ID_VAT_AT_SHAPE: Phrase = phrase(
    catalog::TAX_ID_VAT_AT_SHAPE,
    "AT VAT number is U and 8 digits",
);
pub const TAX_ID_VAT_FR_SHAPE: Phrase = phrase(
    catalog::TAX_ID_VAT_FR_SHAPE,
    "FR VAT number has a 2-character key and a 9-digit SIREN",
);
pub const TAX_ID_VAT_NL_CHECK: Phrase = phrase(
    catalog::TAX_ID_VAT_NL_CHECK,
    "NL VAT number fails its check (9 digits, B, 2 digits)",
);
pub const TAX_ID_VAT_ES_LENGTH: Phrase = phrase(
    catalog::TAX_ID_VAT_ES_LENGTH,
    "ES VAT number has 9 characters",
);
pub const TAX_ID_VAT_ES_MIDDLE: Phrase = phrase(
    catalog::TAX_ID_VAT_ES_MIDDLE,
    "ES VAT number has 7 digits in the middle",
);
pub const TAX_ID_VAT_ES_NIF_LETTER: Phrase = phrase(
    catalog::TAX_ID_VAT_ES_NIF_LETTER,
    "ES NIF letter is {0}, the number needs {1}",
);
pub const TAX_ID_VAT_ES_CIF_CONTROL: Phrase = phrase(
    catalog::TAX_ID_VAT_ES_CIF_CONTROL,
    "ES CIF control is {0}, the number needs {1} or {2}",
);
pub const TAX_ID_CUIT_DIGITS: Phrase = phrase(catalog::TAX_ID_CUIT_DIGITS, "CUIT has 11 digits");
pub const TAX_ID_GSTIN_LENGTH: Phrase = phrase(
    catalog::TAX_ID_GSTIN_LENGTH,
    "GSTIN has 15 letters and digits",
);
pub const TAX_ID_GSTIN_CHECK: Phrase = phrase(
    catalog::TAX_ID_GSTIN_CHECK,
    "GSTIN check character should be {0}",
);

// Why a PDF's embedded invoice was not read (`pdf::PdfError`).
pub const PDF_UNREADABLE: Phrase = phrase(catalog::PDF_UNREADABLE, "the PDF cannot be read: {0}");
pub const PDF_TOO_LARGE: Phrase = phrase(
    catalog::PDF_TOO_LARGE,
    "the PDF inflates to more than {0} MiB; its embedded invoice was not read",
);
pub const PDF_TOO_MANY_VALUES: Phrase = phrase(
    catalog::PDF_TOO_MANY_VALUES,
    "the PDF is made of more than {0} values; its embedded invoice was not read",
);
pub const PDF_TOO_MANY_FILES: Phrase = phrase(
    catalog::PDF_TOO_MANY_FILES,
    "the PDF has more than {0} embedded-file entries; its embedded invoice was not read",
);
pub const PDF_OVERLAPPING: Phrase = phrase(
    catalog::PDF_OVERLAPPING,
    "the PDF nests objects inside other objects; its embedded invoice was not read",
);
pub const PDF_FILTER: Phrase = phrase(
    catalog::PDF_FILTER,
    "the PDF compresses an object stream with {0}, which we do not inflate; its embedded invoice was not read",
);

/// Every phrase this crate says.
pub const ALL: &[Phrase] = &[
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
    use super::{ISSUER_TAX_ID_INVALID, TAX_ID_RUC_DIGITS, fill};

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
