//! Turning the text of one value into what the model holds: amounts in COP (`$ 1.234.567,00`),
//! dates (`15/10/2024`, `5 de noviembre de 2024`), NITs (`800.123.456-1`), invoice references
//! (`FEV 12345`) and glosa codes (`FA0101`, `223`). Amounts and dates are read by
//! `centralita-invoices`, so both crates agree on `1.234` being a thousand.

use std::sync::LazyLock;

use centralita_invoices::amounts::parse_amount;
use centralita_invoices::dates::{DateOrder, parse_date};
use jiff::civil::Date;
use regex::Regex;
use rust_decimal::Decimal;

/// A glosa code at the start of a text: Res. 2284/2023 (two letters of a family, four digits,
/// optionally spaced `FA 0101` or dashed `FA-0101`) or Res. 3047/2008 (three digits, first one
/// a general concept 1–6, 8 or 9; providers.md §7). Letters must be upper case, which keeps
/// "de 2024" from reading as a code.
static CODE_AT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:FA|TA|SO|AU|CO|CL|SA|DE|RE)[ -]?\d{4}|[1-689](?:0[1-9]|[1-9]\d))\b")
        .expect("code pattern compiles")
});

/// The glosa code `text` starts with (after leading spaces), and where it ends.
pub(crate) fn code_at_start(text: &str) -> Option<(&str, usize)> {
    let start = text.len() - text.trim_start().len();
    let found = CODE_AT_START.find(&text[start..])?;
    let end = start + found.end();
    // "101.000" is an amount and "101-2" a document, not code 101.
    let glued = text[end..]
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '.' | ',' | '-' | '/') || c.is_alphanumeric());
    (!glued).then_some((found.as_str(), end))
}

/// Whether the code is a devolución's: family `DE` (Res. 2284) or concept 8 (Res. 3047).
pub(crate) fn is_devolution_code(code: &str) -> bool {
    code.starts_with("DE") || code.starts_with("de") || (code.len() == 3 && code.starts_with('8'))
}

/// An amount written alone (possibly with `$`/`COP` and a sign).
pub(crate) fn amount(text: &str) -> Option<Decimal> {
    let text = text.trim().trim_end_matches(['.', ';']);
    let without_code = text
        .strip_prefix("COP")
        .or_else(|| text.strip_suffix("COP"))
        .unwrap_or(text);
    parse_amount(without_code, None)
}

/// Numbers that may be an amount inside a longer text: `$ 1.234.567,00`, `-45.000`.
static AMOUNT_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[-(]?\$?\s?\d(?:[\d.,' ]*\d)?\)?").expect("amount pattern compiles")
});

/// The first amount in a text such as `$ 234.500 (doscientos treinta y cuatro mil)`.
pub(crate) fn first_amount(text: &str) -> Option<Decimal> {
    amount(text).or_else(|| {
        AMOUNT_IN_TEXT
            .find_iter(text)
            .find_map(|found| amount(found.as_str().trim_end_matches(' ')))
    })
}

/// The first date in a text, day first.
pub(crate) fn date(text: &str) -> Option<Date> {
    parse_date(text, DateOrder::DayFirst)
}

/// A NIT inside a text: digits grouped by dots or spaces, or plain, and an optional check digit
/// after a dash.
static NIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,3}(?:[. ]\d{3}){2,4}|\d{6,15})(?:\s*-\s*(\d))?")
        .expect("NIT pattern compiles")
});

/// The NIT a text holds, as digits with the check digit after a dash (`800123456-1`) or digits
/// alone when the text gives none, and where it ends.
pub(crate) fn nit(text: &str) -> Option<(String, usize)> {
    let caps = NIT.captures(text)?;
    let whole = caps.get(0)?;
    let glued_before = text[..whole.start()]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit());
    if glued_before {
        return None;
    }
    let digits: String = caps[1].chars().filter(char::is_ascii_digit).collect();
    let normalised = match caps.get(2) {
        Some(dv) => format!("{digits}-{}", dv.as_str()),
        None => digits,
    };
    Some((normalised, whole.end()))
}

/// Invoice references: a prefix of letters (and digits after the first letter, `SETP`, `FE2`)
/// then the number, as written, or a bare number.
static INVOICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-Z][A-Z0-9]{0,7}[ -]?\d{1,15}|\d{1,15})\b")
        .expect("invoice pattern compiles")
});

/// The invoice references in a value such as `FEV 12345, FEV 12346 y FEV-12347`. A reference
/// must hold a digit; dates and amounts in the value are not references.
pub(crate) fn invoices(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for piece in text
        .split([',', ';', '|'])
        .flat_map(|piece| piece.split(" y "))
    {
        let piece = piece.trim();
        if piece.is_empty() || date(piece).is_some_and(|_| piece.len() <= 12) {
            continue;
        }
        if let Some(reference) = INVOICE.find(piece)
            && reference.start() == 0
        {
            found.push(collapse(reference.as_str()));
        }
    }
    found
}

/// Text with its whitespace collapsed; `None` when blank.
pub(crate) fn text(raw: &str) -> Option<String> {
    let collapsed = collapse(raw);
    (!collapsed.is_empty()).then_some(collapsed)
}

fn collapse(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A decimal from a spreadsheet number, with the float noise of binary fractions removed
/// (`0.1 + 0.2` stored as `0.30000000000000004` reads `0.3`).
pub(crate) fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() || value.abs() > 1e15 {
        return None;
    }
    let rounded = Decimal::try_from(value).ok()?.round_dp(6);
    Some(rounded.normalize())
}

/// The text a spreadsheet number shows: `101` for 101.0, `12.5` for 12.5.
pub(crate) fn number_text(value: f64) -> String {
    decimal_from_f64(value).map_or_else(|| value.to_string(), |decimal| decimal.to_string())
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::{amount, code_at_start, first_amount, invoices, nit};

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).expect("test decimal")
    }

    #[test]
    fn codes_of_both_resolutions_are_found_at_the_start() {
        assert_eq!(
            code_at_start("FA0101 Cantidad").map(|c| c.0),
            Some("FA0101")
        );
        assert_eq!(code_at_start("  TA 0201 x").map(|c| c.0), Some("TA 0201"));
        assert_eq!(code_at_start("223 Tarifa").map(|c| c.0), Some("223"));
        assert_eq!(code_at_start("100 pesos"), None);
        assert_eq!(code_at_start("101.000"), None);
        assert_eq!(code_at_start("de 2024"), None);
        assert_eq!(code_at_start("XX0101"), None);
        assert_eq!(code_at_start("7"), None);
    }

    #[test]
    fn amounts_in_pesos() {
        assert_eq!(amount("$ 1.234.567,89"), Some(dec("1234567.89")));
        assert_eq!(amount("234.500"), Some(dec("234500")));
        assert_eq!(amount("COP 45.000"), Some(dec("45000")));
        assert_eq!(first_amount("$ 234.500 (doscientos)"), Some(dec("234500")));
    }

    #[test]
    fn nits_with_and_without_check_digit() {
        assert_eq!(
            nit("800.123.456-1").map(|n| n.0),
            Some("800123456-1".into())
        );
        assert_eq!(
            nit("NIT 800123456 - 1").map(|n| n.0),
            Some("800123456-1".into())
        );
        assert_eq!(nit("900123456").map(|n| n.0), Some("900123456".into()));
        assert_eq!(nit("12"), None);
    }

    #[test]
    fn invoice_references_as_written() {
        assert_eq!(
            invoices("FEV 12345, FEV-12346 y SETP990000002"),
            vec!["FEV 12345", "FEV-12346", "SETP990000002"]
        );
        assert_eq!(invoices("FEV 12345 del 01/10/2024"), vec!["FEV 12345"]);
        assert!(invoices("ninguna").is_empty());
    }
}
