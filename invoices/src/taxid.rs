//! Tax identifiers and their check digits: Peruvian RUC, Colombian NIT, Mexican RFC, European
//! VAT numbers (DE, AT, FR, NL, BE, IT, ES, PL), Argentine CUIT, Indian GSTIN.
//!
//! [`check_tax_id`] guesses the scheme from the shape of the identifier (or from a leading
//! `RUC`/`NIT`/`RFC` label) and answers [`TaxIdStatus::Unknown`] for anything it cannot place,
//! so a VAT number of another country or a Malaysian GST number is never reported as invalid.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use crate::said::{self, Phrase, Sentence, said};

/// What a check says about a tax identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxIdStatus {
    Valid,
    /// The identifier has the scheme's shape but fails it; the sentence says why.
    Invalid(Sentence),
    /// Not an identifier of a scheme this module knows.
    Unknown,
}

/// Which scheme a label in front of an identifier names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Ruc,
    Nit,
    Rfc,
}

/// An optional scheme label in front of the identifier: `RUC: `, `R.U.C. N° `, `NIT `.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(r\.?\s?u\.?\s?c|n\.?\s?i\.?\s?t|r\.?\s?f\.?\s?c)\.?\s*(?:n[°º]|no\.?|nro\.?)?\s*[:#]?\s*(.*)$")
        .expect("label pattern compiles")
});

/// An EU VAT number with a country prefix this module checks.
static EU_VAT_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:DE\d{9}|ATU\d{8}|FR[0-9A-Z]{2}\d{9}|NL\d{9}B\d{2}|BE[01]\d{9}|IT\d{11}|ES[0-9A-Z]\d{7}[0-9A-Z]|PL\d{10})$")
        .expect("VAT pattern compiles")
});

/// A CUIT written with its dashes: `20-12345678-6`.
static CUIT_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:20|23|24|27|30|33|34)-\d{8}-\d$").expect("CUIT pattern compiles")
});

/// A GSTIN: state code, PAN (5 letters, 4 digits, a letter), entity, `Z`, check character.
static GSTIN_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z]Z[0-9A-Z]$").expect("GSTIN pattern compiles")
});

/// The first two digits of a CUIT/CUIL.
const CUIT_PREFIXES: [&str; 7] = ["20", "23", "24", "27", "30", "33", "34"];

/// RFC: three (company) or four (person) letters, a YYMMDD date and a three-character homoclave.
static RFC_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-ZÑ&]{3,4})(\d{6})([A-Z0-9]{3})$").expect("RFC pattern compiles")
});

/// Guesses the scheme of `id` and checks it: an eleven-digit number starting 10/15/17/20 is a
/// RUC, a number with a dash before its last digit (or a ten-digit one starting 8 or 9) is a NIT,
/// letters-date-homoclave is an RFC; anything else is [`TaxIdStatus::Unknown`].
pub fn check_tax_id(id: &str) -> TaxIdStatus {
    if let Some((scheme, rest)) = split_label(id) {
        return match scheme {
            Scheme::Ruc => check_ruc(rest),
            Scheme::Nit => check_nit(rest),
            Scheme::Rfc => check_rfc(rest),
        };
    }
    let compact = compact(id);
    if RFC_SHAPE.is_match(&compact) {
        return check_rfc(&compact);
    }
    if GSTIN_SHAPE.is_match(&compact) {
        return more::check_gstin(&compact);
    }
    if EU_VAT_SHAPE.is_match(&compact) {
        return more::check_eu_vat(&compact);
    }
    if CUIT_SHAPE.is_match(&compact) {
        let digits: Vec<u32> = compact.chars().filter_map(|c| c.to_digit(10)).collect();
        return more::check_cuit(&digits);
    }
    let digits_only = compact.chars().all(|c| c.is_ascii_digit());
    if digits_only && compact.len() == 11 && RUC_PREFIXES.contains(&&compact[..2]) {
        // A Peruvian RUC and an Argentine CUIT share the shape (and the prefix 20).
        let ruc = check_ruc(&compact);
        if ruc != TaxIdStatus::Valid && CUIT_PREFIXES.contains(&&compact[..2]) {
            let digits: Vec<u32> = compact.chars().filter_map(|c| c.to_digit(10)).collect();
            if more::check_cuit(&digits) == TaxIdStatus::Valid {
                return TaxIdStatus::Valid;
            }
        }
        return ruc;
    }
    if digits_only && compact.len() == 11 && CUIT_PREFIXES.contains(&&compact[..2]) {
        // Without its dashes an eleven-digit number is a CUIT only when it passes the check.
        let digits: Vec<u32> = compact.chars().filter_map(|c| c.to_digit(10)).collect();
        if more::check_cuit(&digits) == TaxIdStatus::Valid {
            return TaxIdStatus::Valid;
        }
    }
    if digits_only && compact.len() == 10 && compact.starts_with(['8', '9']) {
        return check_nit(&compact);
    }
    if looks_like_nit(&compact) {
        return check_nit(&compact);
    }
    TaxIdStatus::Unknown
}

/// A NIT written with its check digit after a dash: `800197268-4`, `800.197.268-4`. A Chilean
/// RUT has the same shape; when the NIT check fails but the RUT check passes the answer is
/// "not a NIT" rather than "invalid".
fn looks_like_nit(compact: &str) -> bool {
    let Some((base, dv)) = compact.rsplit_once('-') else {
        return false;
    };
    let base: String = base.chars().filter(|&c| c != '.').collect();
    let shaped = (6..=10).contains(&base.len())
        && base.chars().all(|c| c.is_ascii_digit())
        && dv.len() == 1
        && dv.chars().all(|c| c.is_ascii_digit());
    shaped && (check_nit(compact) == TaxIdStatus::Valid || !is_valid_rut(&base, dv))
}

/// The scheme named in front of `id`, and what follows the label.
fn split_label(id: &str) -> Option<(Scheme, &str)> {
    let caps = LABELLED.captures(id)?;
    let label_end = caps.get(1).map_or(0, |m| m.end());
    if id[label_end..].starts_with(char::is_alphabetic) {
        // "RUCA800101AB1" is an RFC that happens to start with those letters.
        return None;
    }
    let label: String = caps[1]
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let scheme = match label.as_str() {
        "RUC" => Scheme::Ruc,
        "NIT" => Scheme::Nit,
        _ => Scheme::Rfc,
    };
    let rest = caps.get(2).map_or("", |m| m.as_str());
    rest.chars()
        .any(|c| c.is_ascii_digit())
        .then_some((scheme, rest))
}

/// Upper case without spaces.
fn compact(id: &str) -> String {
    id.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The first two digits a RUC can start with: 10 (person), 15 and 17 (special cases), 20
/// (company).
const RUC_PREFIXES: [&str; 4] = ["10", "15", "17", "20"];

/// Checks a Peruvian RUC: eleven digits, a known prefix, and the SUNAT mod-11 check digit
/// (weights 5,4,3,2,7,6,5,4,3,2).
pub fn check_ruc(id: &str) -> TaxIdStatus {
    const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let digits = match digits_of(id, &['.', '-']) {
        Ok(digits) => digits,
        Err(found) => return not_only_digits("RUC", found),
    };
    if digits.len() != 11 {
        return TaxIdStatus::Invalid(said!(said::TAX_ID_RUC_DIGITS, digits.len()));
    }
    let prefix = format!("{}{}", digits[0], digits[1]);
    if !RUC_PREFIXES.contains(&prefix.as_str()) {
        return TaxIdStatus::Invalid(said!(said::TAX_ID_RUC_PREFIX, prefix));
    }
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    let expected = match 11 - sum % 11 {
        10 => 0,
        11 => 1,
        other => other,
    };
    check_digit_status(said::TAX_ID_CHECK_DIGIT, "RUC", digits[10], expected)
}

/// Checks a Colombian NIT: digits (dots allowed) with the check digit after a dash or as the last
/// digit, verified with the DIAN weights 3, 7, 13, 17, … applied from the right.
pub fn check_nit(id: &str) -> TaxIdStatus {
    const WEIGHTS: [u32; 15] = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
    let trimmed = id.trim();
    let (base, dv) = split_check_digit(trimmed);
    let digits = match digits_of(base, &['.', ',']) {
        Ok(digits) => digits,
        Err(found) => return not_only_digits("NIT", found),
    };
    let mut dv_chars = dv.trim().chars();
    let single_digit = dv_chars.next().and_then(|c| c.to_digit(10));
    let Some(dv) = single_digit.filter(|_| dv_chars.next().is_none()) else {
        return TaxIdStatus::Invalid(said!(
            said::TAX_ID_NIT_CHECK_DIGIT_NOT_ONE_DIGIT,
            format!("{dv:?}")
        ));
    };
    if !(3..=WEIGHTS.len()).contains(&digits.len()) {
        return TaxIdStatus::Invalid(said!(said::TAX_ID_NIT_DIGITS, digits.len()));
    }
    let sum: u32 = digits.iter().rev().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    let expected = match sum % 11 {
        remainder @ (0 | 1) => remainder,
        remainder => 11 - remainder,
    };
    check_digit_status(said::TAX_ID_CHECK_DIGIT, "NIT", dv, expected)
}

/// A NIT's base and check digit: around the last dash, else the last character.
fn split_check_digit(nit: &str) -> (&str, &str) {
    nit.rsplit_once('-').unwrap_or_else(|| {
        let last = nit
            .char_indices()
            .next_back()
            .map_or(0, |(offset, _)| offset);
        nit.split_at(last)
    })
}

/// Checks the shape of a Mexican RFC: 3–4 letters (Ñ and & included), a valid YYMMDD date and a
/// three-character homoclave. Dashes and spaces are ignored.
pub fn check_rfc(id: &str) -> TaxIdStatus {
    let compact: String = compact(id).chars().filter(|&c| c != '-').collect();
    let Some(caps) = RFC_SHAPE.captures(&compact) else {
        return TaxIdStatus::Invalid(said!(said::TAX_ID_RFC_SHAPE, format!("{compact:?}")));
    };
    let date = &caps[2];
    if rfc_date_is_valid(date) {
        TaxIdStatus::Valid
    } else {
        TaxIdStatus::Invalid(said!(said::TAX_ID_RFC_DATE, date))
    }
}

/// `YYMMDD` is a real date in the 1900s or the 2000s (29 February needs a leap year in either).
fn rfc_date_is_valid(date: &str) -> bool {
    let number = |range: std::ops::Range<usize>| date[range].parse::<i8>().ok();
    let (Some(year), Some(month), Some(day)) = (number(0..2), number(2..4), number(4..6)) else {
        return false;
    };
    [1900, 2000]
        .into_iter()
        .any(|century| Date::new(century + i16::from(year), month, day).is_ok())
}

/// Chilean RUT check (mod 11, weights 2..7 from the right); only used to avoid calling a valid
/// RUT an invalid NIT.
fn is_valid_rut(base: &str, dv: &str) -> bool {
    let sum: u32 = base
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .zip([2, 3, 4, 5, 6, 7].into_iter().cycle())
        .map(|(d, w)| d * w)
        .sum();
    let expected = match 11 - sum % 11 {
        11 => "0".to_owned(),
        10 => "K".to_owned(),
        other => other.to_string(),
    };
    dv.eq_ignore_ascii_case(&expected)
}

/// The digits of `id`, ignoring whitespace and the given separators; an error is the first
/// character found that is none of them.
fn digits_of(id: &str, separators: &[char]) -> Result<Vec<u32>, char> {
    id.chars()
        .filter(|c| !c.is_whitespace() && !separators.contains(c))
        .map(|c| c.to_digit(10).ok_or(c))
        .collect()
}

/// `scheme` (`RUC`, `NIT`) holds `found`, which is not a digit.
fn not_only_digits(scheme: &str, found: char) -> TaxIdStatus {
    TaxIdStatus::Invalid(said!(
        said::TAX_ID_NOT_ONLY_DIGITS,
        scheme,
        format!("{found:?}")
    ))
}

/// Valid when the check digit `found` is the `expected` one; else `key` (with `scheme` first:
/// `RUC`, or the country of a VAT number) says both.
fn check_digit_status(key: Phrase, scheme: &str, found: u32, expected: u32) -> TaxIdStatus {
    if found == expected {
        TaxIdStatus::Valid
    } else {
        TaxIdStatus::Invalid(said!(key, scheme, found, expected))
    }
}

mod more;
#[cfg(test)]
mod tests;
