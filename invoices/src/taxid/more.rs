//! Check digits of the European VAT numbers (DE, AT, FR, NL, BE, IT, ES, PL), the Argentine
//! CUIT and the Indian GSTIN: the cheap arithmetic checks, on identifiers already upper case and
//! without spaces.

use super::{TaxIdStatus, check_digit_status};
use crate::said::{self, Phrase, said};

/// An invalid identifier, `key` saying why with no value.
fn invalid(key: Phrase) -> TaxIdStatus {
    TaxIdStatus::Invalid(said!(key))
}

/// EU VAT numbers this module checks, by country prefix; other prefixes are left unknown.
pub(super) fn check_eu_vat(id: &str) -> TaxIdStatus {
    let Some((country, number)) = id.split_at_checked(2) else {
        return TaxIdStatus::Unknown;
    };
    let number: String = number.chars().filter(|c| !matches!(c, '.' | '-')).collect();
    let digits: Option<Vec<u32>> = number.chars().map(|c| c.to_digit(10)).collect();
    let digit_count =
        |count: usize| TaxIdStatus::Invalid(said!(said::TAX_ID_VAT_DIGITS, country, count));
    let vat_check = |found: u32, expected: u32| {
        check_digit_status(said::TAX_ID_VAT_CHECK_DIGIT, country, found, expected)
    };
    match (country, digits) {
        ("DE", Some(d)) if d.len() == 9 => {
            let mut product = 10;
            for digit in &d[..8] {
                let sum = match (digit + product) % 10 {
                    0 => 10,
                    sum => sum,
                };
                product = (2 * sum) % 11;
            }
            let check = match 11 - product {
                10 => 0,
                check => check,
            };
            vat_check(d[8], check)
        }
        ("DE", _) => digit_count(9),
        ("AT", _) => {
            let Some(rest) = number.strip_prefix('U') else {
                return invalid(said::TAX_ID_VAT_AT_U);
            };
            let Some(d) = all_digits(rest).filter(|d| d.len() == 8) else {
                return invalid(said::TAX_ID_VAT_AT_SHAPE);
            };
            let doubled = |x: u32| (2 * x) / 10 + (2 * x) % 10;
            let sum: u32 = (0..7)
                .map(|i| if i % 2 == 1 { doubled(d[i]) } else { d[i] })
                .sum();
            vat_check(d[7], (10 - (sum + 4) % 10) % 10)
        }
        ("FR", _) => {
            let (key, siren) = number.split_at_checked(2).unwrap_or(("", ""));
            let (Some(key), Some(siren)) = (all_digits(key), all_digits(siren)) else {
                // Letter keys use another scheme: not checked.
                return TaxIdStatus::Unknown;
            };
            if siren.len() != 9 {
                return invalid(said::TAX_ID_VAT_FR_SHAPE);
            }
            let siren = siren.iter().fold(0u64, |n, d| n * 10 + u64::from(*d));
            let expected = (12 + 3 * (siren % 97)) % 97;
            vat_check(key[0] * 10 + key[1], expected as u32)
        }
        ("NL", _) => {
            let valid = number.len() == 12
                && number.as_bytes()[9] == b'B'
                && all_digits(&number[..9]).is_some_and(|d| {
                    let weighted: i64 = d[..8]
                        .iter()
                        .zip((2..=9).rev())
                        .map(|(digit, weight)| i64::from(*digit) * weight)
                        .sum();
                    (weighted - i64::from(d[8])) % 11 == 0 || mod97_nl(&number)
                });
            if valid {
                TaxIdStatus::Valid
            } else {
                invalid(said::TAX_ID_VAT_NL_CHECK)
            }
        }
        ("BE", Some(d)) if d.len() == 10 => {
            let base = d[..8].iter().fold(0u64, |n, x| n * 10 + u64::from(*x));
            vat_check(d[8] * 10 + d[9], 97 - (base % 97) as u32)
        }
        ("IT", Some(d)) if d.len() == 11 => {
            let sum: u32 = d[..10]
                .iter()
                .enumerate()
                .map(|(i, &x)| {
                    if i % 2 == 1 {
                        (2 * x) / 10 + (2 * x) % 10
                    } else {
                        x
                    }
                })
                .sum();
            vat_check(d[10], (10 - sum % 10) % 10)
        }
        ("IT", _) => digit_count(11),
        ("PL", Some(d)) if d.len() == 10 => {
            const WEIGHTS: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];
            let sum: u32 = d.iter().zip(WEIGHTS).map(|(x, w)| x * w).sum();
            vat_check(d[9], sum % 11)
        }
        ("BE" | "PL", _) => digit_count(10),
        ("ES", _) => check_es(&number),
        _ => TaxIdStatus::Unknown,
    }
}

fn all_digits(text: &str) -> Option<Vec<u32>> {
    text.chars().map(|c| c.to_digit(10)).collect()
}

/// The Dutch numbers issued since 2020 pass ISO 7064 mod 97 over `NL` and the number.
fn mod97_nl(number: &str) -> bool {
    let mut rest = 0u64;
    for c in format!("NL{number}").chars() {
        let value = match c.to_digit(36) {
            Some(value) => u64::from(value),
            None => return false,
        };
        rest = if value >= 10 {
            (rest * 100 + value) % 97
        } else {
            (rest * 10 + value) % 97
        };
    }
    rest == 1
}

/// Spanish NIF: a DNI (8 digits and a letter), an NIE (X/Y/Z, 7 digits, a letter) or a company
/// CIF (a letter, 7 digits and a check digit or letter).
fn check_es(number: &str) -> TaxIdStatus {
    const LETTERS: &[u8] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let chars: Vec<char> = number.chars().collect();
    if chars.len() != 9 {
        return invalid(said::TAX_ID_VAT_ES_LENGTH);
    }
    let body: String = chars[1..8].iter().collect();
    let Some(middle) = body.parse::<u32>().ok() else {
        return invalid(said::TAX_ID_VAT_ES_MIDDLE);
    };
    let last = chars[8];
    let first = chars[0];
    let person = match first {
        '0'..='9' => Some(first.to_digit(10).unwrap_or(0) * 10_000_000 + middle),
        'X' => Some(middle),
        'Y' => Some(10_000_000 + middle),
        'Z' => Some(20_000_000 + middle),
        _ => None,
    };
    if let Some(number) = person {
        let expected = char::from(LETTERS[(number % 23) as usize]);
        return if last == expected {
            TaxIdStatus::Valid
        } else {
            TaxIdStatus::Invalid(said!(said::TAX_ID_VAT_ES_NIF_LETTER, last, expected))
        };
    }
    let digits: Vec<u32> = chars[1..8].iter().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            if i % 2 == 0 {
                (2 * x) / 10 + (2 * x) % 10
            } else {
                x
            }
        })
        .sum();
    let control = (10 - sum % 10) % 10;
    let letter = char::from(b"JABCDEFGHI"[control as usize]);
    if last.to_digit(10) == Some(control) || last == letter {
        TaxIdStatus::Valid
    } else {
        TaxIdStatus::Invalid(said!(
            said::TAX_ID_VAT_ES_CIF_CONTROL,
            last,
            control,
            letter
        ))
    }
}

/// Argentine CUIT/CUIL: 11 digits, mod 11 with weights 5,4,3,2,7,6,5,4,3,2.
pub(super) fn check_cuit(digits: &[u32]) -> TaxIdStatus {
    const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    if digits.len() != 11 {
        return invalid(said::TAX_ID_CUIT_DIGITS);
    }
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    let expected = match 11 - sum % 11 {
        11 => 0,
        10 => 9,
        other => other,
    };
    check_digit_status(said::TAX_ID_CHECK_DIGIT, "CUIT", digits[10], expected)
}

/// Indian GSTIN: 2-digit state, 10-character PAN, entity, `Z`, and a base-36 check character.
pub(super) fn check_gstin(id: &str) -> TaxIdStatus {
    let values: Option<Vec<u32>> = id.chars().map(|c| c.to_digit(36)).collect();
    let Some(values) = values.filter(|values| values.len() == 15) else {
        return invalid(said::TAX_ID_GSTIN_LENGTH);
    };
    let sum: u32 = values[..14]
        .iter()
        .enumerate()
        .map(|(i, &value)| {
            let product = value * if i % 2 == 1 { 2 } else { 1 };
            product / 36 + product % 36
        })
        .sum();
    let expected = (36 - sum % 36) % 36;
    if values[14] == expected {
        TaxIdStatus::Valid
    } else {
        let want = char::from_digit(expected, 36).map_or('?', |c| c.to_ascii_uppercase());
        TaxIdStatus::Invalid(said!(said::TAX_ID_GSTIN_CHECK, want))
    }
}
