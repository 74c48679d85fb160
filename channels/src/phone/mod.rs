//! Phone numbers: normalising what customers and providers write to E.164 (`+51987654321`), and
//! the country a number belongs to, so contacts match across channels.
//!
//! This is deliberately small: no per-country validation of number ranges, only the rules that
//! make the same number written different ways come out equal.

mod codes;

/// Normalises a phone number to E.164 (`+` and 8 to 15 digits), or `None` if it cannot be one.
///
/// - Spaces, dashes, dots, slashes, parentheses and the invisible direction marks that copied
///   numbers carry are removed; any other character (letters, `x123` extensions) means `None`.
/// - `+…` and `00…` are international. So is a bare run of digits when no default calling code
///   is given: that is how WhatsApp writes a wa_id (`51987654321` → `+51987654321`).
/// - With `default_calling_code` (`"51"` or `"+51"`; anything that is not 1–3 digits is
///   ignored), a number without `+`/`00` is national: one leading trunk `0` is dropped (except
///   for Italy, whose numbers keep it) and the code is put in front, unless the digits already
///   start with that code and are longer than the country's national numbers
///   (`51987654321` with `"51"` stays `+51987654321`; `987654321` becomes `+51987654321`).
/// - Mexico's retired mobile `1` after `+52` is dropped (`+5215512345678` → `+525512345678`),
///   because WhatsApp still writes Mexican wa_ids with it.
/// - Not handled: Argentina's national `15` mobile prefix (write `+54 9 …`), and trunk prefixes
///   other than `0` (the `8` of Russia and Belarus, the `06` of Hungary).
pub fn normalize(raw: &str, default_calling_code: Option<&str>) -> Option<String> {
    let (mut digits, mut international) = strip_separators(raw)?;
    if !international && digits.starts_with("00") {
        digits.drain(..2);
        international = true;
    }
    let full = match default_calling_code.and_then(clean_calling_code) {
        Some(code) if !international => with_calling_code(&digits, &code),
        _ => digits,
    };
    let full = match full.strip_prefix("521") {
        Some(mobile) if mobile.len() == 10 => format!("52{mobile}"),
        _ => full,
    };
    let valid = (8..=15).contains(&full.len()) && !full.starts_with('0');
    valid.then(|| format!("+{full}"))
}

/// The ISO 3166 alpha-2 country of an E.164 number (`+51987654321` → `PE`), from its calling
/// code, the longest matching code winning (`+593…` is Ecuador, not `+59`). A leading `+` is
/// optional; anything but digits after it, or an unassigned code, is `None`.
///
/// `+1` (NANP) is `US` unless the area code is one of Canada's (`CA`) or belongs to a Caribbean
/// or Pacific member: Dominican Republic 809/829/849 (`DO`), Puerto Rico 787/939 (`PR`),
/// Jamaica 876/658 (`JM`), Trinidad and Tobago 868 (`TT`), Bahamas 242 (`BS`), Barbados 246
/// (`BB`), and the other members listed in the source. `+7` is `RU` except `+76`/`+77`
/// (`KZ`); `+39` is `IT` (Vatican numbers inside it are not told apart).
pub fn country_of(e164: &str) -> Option<&'static str> {
    let digits = e164.trim().strip_prefix('+').unwrap_or(e164.trim());
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    if let Some(national) = digits.strip_prefix('1') {
        let area = national.get(..3).unwrap_or("");
        return Some(
            codes::NANP_AREAS
                .iter()
                .find(|(code, _)| *code == area)
                .map_or("US", |(_, country)| *country),
        );
    }
    (1..=digits.len().min(4)).rev().find_map(|length| {
        let prefix = digits.get(..length)?;
        codes::CALLING_CODES
            .iter()
            .find(|(code, _)| *code == prefix)
            .map(|(_, country)| *country)
    })
}

/// The digits of `raw` and whether it was written with a leading `+`; `None` for characters no
/// phone number has, or for more digits than any number could have.
fn strip_separators(raw: &str) -> Option<(String, bool)> {
    let mut digits = String::new();
    let mut international = false;
    for character in raw.trim().chars() {
        match character {
            '0'..='9' => digits.push(character),
            '+' if digits.is_empty() && !international => international = true,
            ' '
            | '-'
            | '.'
            | '/'
            | '('
            | ')'
            | '\t'
            | '\u{a0}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => {}
            _ => return None,
        }
        if digits.len() > 20 {
            return None;
        }
    }
    Some((digits, international))
}

/// A calling code given as `51`, `+51` or `0051`, if it is 1–3 digits not starting with 0.
fn clean_calling_code(code: &str) -> Option<String> {
    let code = code.trim();
    let code = code
        .strip_prefix('+')
        .or_else(|| code.strip_prefix("00"))
        .unwrap_or(code);
    let valid = (1..=3).contains(&code.len())
        && code.bytes().all(|byte| byte.is_ascii_digit())
        && !code.starts_with('0');
    valid.then(|| code.to_owned())
}

/// A number written without `+`/`00`, given the country's calling code.
fn with_calling_code(digits: &str, code: &str) -> String {
    let (min, max) = codes::national_lengths(code);
    if let Some(national) = digits.strip_prefix('0')
        && code != "39"
    {
        return format!("{code}{national}");
    }
    let already_international = digits.len() > max
        && digits
            .strip_prefix(code)
            .is_some_and(|national| (min..=max).contains(&national.len()));
    if already_international {
        digits.to_owned()
    } else {
        format!("{code}{digits}")
    }
}

#[cfg(test)]
mod tests;
