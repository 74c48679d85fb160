//! Amounts as people write them: `1.234.567,89`, `1,234,567.89`, `S/ 1 234.50`, `(12.00)`.
//!
//! [`parse_amount`] reads one amount, optionally wrapped in a currency marker (`RM`, `S/`,
//! `US$`, `€`, `EUR`) and a sign (`-12.00`, `12.00-`, `(12.00)`). When the caller does not say
//! which character separates the decimals it is guessed:
//!
//! * with both `.` and `,` present, the last one is the decimal separator (`1.234,56`);
//! * a separator that appears more than once groups thousands (`1.234.567`);
//! * a single separator followed by exactly three digits, after one to three digits that do not
//!   start with `0`, groups thousands (`1.234` and `1,234` are 1234); otherwise it separates the
//!   decimals (`1,5`, `12.50`, `0.234`, `3,3333`).
//!
//! Grouping must be regular (groups of three digits) or the text is not an amount.

use std::str::FromStr;

use rust_decimal::Decimal;

/// Which character separates the decimals, when the caller knows it (an issuer mapping says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalSeparator {
    Comma,
    Dot,
}

impl DecimalSeparator {
    fn as_char(self) -> char {
        match self {
            Self::Comma => ',',
            Self::Dot => '.',
        }
    }

    fn other(self) -> Self {
        match self {
            Self::Comma => Self::Dot,
            Self::Dot => Self::Comma,
        }
    }
}

/// Characters that may group thousands besides `.` and `,`: spaces and apostrophes (`1'234.50`).
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’')
}

/// The most non-space characters a currency marker around the number may have (`S/.`, `US$`).
const MAX_MARKER_CHARS: usize = 5;

/// Parses an amount; `None` when `text` is not one amount (possibly with a currency marker and a
/// sign around it). `separator` forces the decimal separator; `None` guesses it (see the module
/// documentation). The scale is kept: `"4.70"` gives `4.70`.
pub fn parse_amount(text: &str, separator: Option<DecimalSeparator>) -> Option<Decimal> {
    let text = text.trim();
    let (start, end) = numeric_core(text)?;
    let negative = sign_is_negative(&text[..start], &text[end..])?;
    let plain = plain_number(&text[start..end], separator)?;
    let value = Decimal::from_str(&plain).ok()?;
    Some(if negative { -value } else { value })
}

/// Parses an amount an operator typed: [`parse_amount`] over the whole text, which may hold
/// only digits, `.` `,` `'` and spaces between them, and a sign or parentheses (`1234.50`,
/// `1.234,50`, `-12`, `(12.00)`); `12abc`, `12 soles` and `S/ 12` are refused.
pub fn parse_typed_amount(text: &str) -> Option<Decimal> {
    let typed_only = text.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(c, '.' | ',' | '-' | '−' | '+' | '(' | ')')
            || is_group_space(c)
    });
    if !typed_only {
        return None;
    }
    parse_amount(text, None)
}

/// The normalised form stored in a field: `.` for decimals, no grouping, scale kept.
pub fn normalize(amount: Decimal) -> String {
    amount.to_string()
}

/// Byte range of the number in `text`: from the first digit (or a separator that starts a number
/// like `.10`) to the last digit.
fn numeric_core(text: &str) -> Option<(usize, usize)> {
    let first_digit = text.find(|c: char| c.is_ascii_digit())?;
    let last_digit = text.rfind(|c: char| c.is_ascii_digit())?;
    let mut start = first_digit;
    if let Some(before) = text[..first_digit].chars().next_back()
        && matches!(before, '.' | ',')
    {
        let ahead = &text[..first_digit - 1];
        let opens_number = ahead.chars().next_back().is_none_or(|c| {
            c.is_whitespace() || matches!(c, '-' | '−' | '+' | '(' | '$' | '€' | '£')
        });
        if opens_number {
            start = first_digit - 1;
        }
    }
    Some((start, last_digit + 1))
}

/// Reads the sign from what surrounds the number and checks the rest is only a currency marker.
/// `None` when the surroundings are something else (words, a second number).
fn sign_is_negative(prefix: &str, suffix: &str) -> Option<bool> {
    let is_sign = |c: char| matches!(c, '-' | '−' | '+' | '(' | ')');
    let marker_chars = |side: &str| {
        side.chars()
            .filter(|&c| !c.is_whitespace() && !is_sign(c))
            .count()
    };
    if marker_chars(prefix) > MAX_MARKER_CHARS || marker_chars(suffix) > MAX_MARKER_CHARS {
        return None;
    }
    let minus = |side: &str| side.contains(['-', '−']);
    let parenthesised = prefix.contains('(') && suffix.contains(')');
    Some(minus(prefix) || suffix.trim_end().ends_with(['-', '−']) || parenthesised)
}

/// Turns the number as written into `123456.78` (digits, at most one `.`), checking grouping.
fn plain_number(core: &str, separator: Option<DecimalSeparator>) -> Option<String> {
    if core
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, '.' | ',') || is_group_space(c)))
    {
        return None;
    }
    let decimal = separator.or_else(|| guess_separator(core));
    let (integer, fraction) = match decimal {
        Some(sep) => match core.split_once(sep.as_char()) {
            Some((integer, fraction)) => (integer, Some(fraction)),
            None => (core, None),
        },
        None => (core, None),
    };
    let grouping = decimal.map_or(['.', ','], |sep| [sep.other().as_char(); 2]);
    let integer_digits = ungroup(integer, grouping)?;
    let fraction_digits = match fraction {
        Some(fraction) if fraction.chars().all(|c| c.is_ascii_digit()) => fraction,
        Some(_) => return None,
        None => "",
    };
    if integer_digits.is_empty() && fraction_digits.is_empty() {
        return None;
    }
    let integer_digits = if integer_digits.is_empty() {
        "0".to_owned()
    } else {
        integer_digits
    };
    Some(if fraction_digits.is_empty() {
        integer_digits
    } else {
        format!("{integer_digits}.{fraction_digits}")
    })
}

/// Which separator is the decimal one when the text does not say; `None` when there are no
/// decimals (only grouping, or a bare integer).
fn guess_separator(core: &str) -> Option<DecimalSeparator> {
    let last = core.rfind(['.', ','])?;
    let sep = if core[last..].starts_with('.') {
        DecimalSeparator::Dot
    } else {
        DecimalSeparator::Comma
    };
    let occurrences = core.matches(sep.as_char()).count();
    if core.contains(sep.other().as_char()) {
        // Both present: the last one separates the decimals.
        return Some(sep);
    }
    if occurrences > 1 {
        return None;
    }
    let (before, after) = core.split_at(last);
    let after = &after[1..];
    let before_digits: String = before.chars().filter(char::is_ascii_digit).collect();
    let looks_grouped = after.len() == 3
        && (1..=3).contains(&before_digits.len())
        && !before_digits.starts_with('0')
        && !before.contains(is_group_space);
    if looks_grouped { None } else { Some(sep) }
}

/// Removes thousands grouping from the integer part, checking that the groups are regular:
/// one to three digits, then groups of exactly three. `grouping` are the separators allowed
/// besides spaces and apostrophes. Only one kind of grouping character may be used.
fn ungroup(integer: &str, grouping: [char; 2]) -> Option<String> {
    let is_grouping = |c: char| grouping.contains(&c) || is_group_space(c);
    let mut used = integer.chars().filter(|&c| is_grouping(c));
    let Some(first) = used.next() else {
        return integer
            .chars()
            .all(|c| c.is_ascii_digit())
            .then(|| integer.to_owned());
    };
    if used.any(|c| c != first) {
        return None;
    }
    let mut groups = integer.split(first);
    let head = groups.next()?;
    let head_ok = (1..=3).contains(&head.len()) && head.chars().all(|c| c.is_ascii_digit());
    let mut digits = head.to_owned();
    for group in groups {
        if group.len() != 3 || !group.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.push_str(group);
    }
    head_ok.then_some(digits)
}

#[cfg(test)]
mod tests;
