//! How the console and the CLI show times, amounts and counts. Pure functions: the time zone,
//! the language and "now" are parameters, never read from the machine.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

use crate::text::{Lang, dates};

/// The time zone named `name`, or the default tenant zone if this build does not know it.
pub fn zone(name: &str) -> TimeZone {
    TimeZone::get(name)
        .or_else(|_| TimeZone::get(centralita_protocol::DEFAULT_ZONE))
        .unwrap_or(TimeZone::UTC)
}

/// A time as people read it beside others: "hoy 10:42", "ayer 18:05", "3 dic 10:42" (this
/// year), "3 dic 2025"; in English "today 10:42", "yesterday 18:05", "Dec 3 10:42",
/// "Dec 3 2025". Days are days in `zone`.
pub fn when(at: Timestamp, now: Timestamp, zone: &TimeZone, lang: Lang) -> String {
    let at = at.to_zoned_datetime(zone.clone());
    let today = now.to_zoned_datetime(zone.clone()).date();
    let clock = clock(&at);
    let day = at.date();
    if let Some(word) = near(day, today, lang) {
        return format!("{word} {clock}");
    }
    if day.year() == today.year() {
        format!("{} {clock}", day_month(day, lang))
    } else {
        format!("{} {}", day_month(day, lang), day.year())
    }
}

/// [`when`] with the short relative form after it, where a column has room:
/// "hoy 10:42 · hace 9 min".
pub fn when_ago(at: Timestamp, now: Timestamp, zone: &TimeZone, lang: Lang) -> String {
    format!("{} · {}", when(at, now, zone, lang), ago(at, now, lang))
}

/// The short relative form, for narrow columns: "9s ago", "in 12m" / "hace 9 s", "en 12 min".
pub fn ago(at: Timestamp, now: Timestamp, lang: Lang) -> String {
    let secs = at.as_second() - now.as_second();
    let (ahead, secs) = (secs > 0, secs.unsigned_abs());
    let (amount, unit) = match secs {
        0 => return dates::now(lang).to_owned(),
        1..60 => (secs, 's'),
        60..3600 => (secs / 60, 'm'),
        3600..86_400 => (secs / 3600, 'h'),
        _ => (secs / 86_400, 'd'),
    };
    dates::relative(lang, amount, unit, ahead)
}

/// The hour and minute of `at` in `zone`: "07:50".
pub fn clock_in(at: Timestamp, zone: &TimeZone) -> String {
    clock(&at.to_zoned_datetime(zone.clone()))
}

/// A full date and time in `zone` for tables and scripts: "2026-12-06 07:50".
pub fn stamp(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// The line between the messages of two days: "── hoy ──", "── miércoles 2 dic ──",
/// "── Wednesday Dec 2 2025 ──" (another year).
pub fn day_separator(date: Date, now: Timestamp, zone: &TimeZone, lang: Lang) -> String {
    let today = now.to_zoned_datetime(zone.clone()).date();
    if let Some(word) = near(date, today, lang) {
        return format!("── {word} ──");
    }
    let weekday = dates::weekday(lang, date.weekday().to_monday_zero_offset());
    let day = format!("{weekday} {}", day_month(date, lang));
    if date.year() == today.year() {
        format!("── {day} ──")
    } else {
        format!("── {day} {} ──", date.year())
    }
}

/// The day `at` falls on in `zone`.
pub fn day_of(at: Timestamp, zone: &TimeZone) -> Date {
    at.to_zoned_datetime(zone.clone()).date()
}

fn clock(at: &ZonedDateTime) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

fn day_month(day: Date, lang: Lang) -> String {
    let month = dates::month(lang, day.month());
    match lang {
        Lang::En => format!("{month} {}", day.day()),
        Lang::Es => format!("{} {month}", day.day()),
    }
}

/// "today", "yesterday" or "tomorrow" when `day` is one of them.
fn near(day: Date, today: Date, lang: Lang) -> Option<&'static str> {
    let offset = if day == today {
        0
    } else if today.tomorrow().is_ok_and(|next| next == day) {
        1
    } else if today.yesterday().is_ok_and(|before| before == day) {
        -1
    } else {
        return None;
    };
    dates::near_day(lang, offset)
}

/// How one currency is written.
struct Style {
    symbol: &'static str,
    /// The symbol goes after the number ("1.234,50 €").
    symbol_after: bool,
    group: char,
    decimal: char,
    decimals: usize,
    /// The symbol is shared with other currencies: the code follows ("$ 15.024,07 COP").
    code: bool,
}

const fn style(symbol: &'static str, group: char, decimal: char, decimals: usize) -> Style {
    Style {
        symbol,
        symbol_after: false,
        group,
        decimal,
        decimals,
        code: false,
    }
}

fn style_of(currency: &str) -> Style {
    let dollar = |group, decimal, decimals| Style {
        code: true,
        ..style("$", group, decimal, decimals)
    };
    match currency {
        "PEN" => style("S/", '.', ',', 2),
        "USD" => style("US$", ',', '.', 2),
        "EUR" => Style {
            symbol_after: true,
            ..style("€", '.', ',', 2)
        },
        "COP" | "ARS" => dollar('.', ',', 2),
        "CLP" => dollar('.', ',', 0),
        "MXN" => dollar(',', '.', 2),
        _ => Style {
            code: !currency.is_empty(),
            ..style("", ',', '.', 2)
        },
    }
}

/// A decimal amount (`1180.00`, as the protocol sends them) in `currency`: "S/ 1.180,00",
/// "$ 15.024,07 COP", "$ 2,382,870.00 MXN", "US$ 1,234.50", "1.234,50 €", "$ 12.345 CLP",
/// "1,234.50 XYZ"; a minus sign goes first. The digits are formatted as given (no floating
/// point), rounded half up to the currency's decimals; text that is not a decimal is shown as
/// it came, with the code.
pub fn amount(value: &str, currency: &str) -> String {
    let currency = currency.trim().to_ascii_uppercase();
    let style = style_of(&currency);
    let Some((negative, number)) = unsigned_number(value, &style) else {
        return format!("{} {currency}", value.trim()).trim().to_owned();
    };
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if style.symbol_after {
        out.push_str(&number);
        out.push(' ');
        out.push_str(style.symbol);
    } else {
        if !style.symbol.is_empty() {
            out.push_str(style.symbol);
            out.push(' ');
        }
        out.push_str(&number);
    }
    if style.code {
        out.push(' ');
        out.push_str(&currency);
    }
    out
}

/// The number of an amount as [`amount`] writes it, without symbol or code, for a column
/// whose header names the currency: "260.000,00" in COP.
pub fn number(value: &str, currency: &str) -> String {
    let style = style_of(&currency.trim().to_ascii_uppercase());
    match unsigned_number(value, &style) {
        Some((true, number)) => format!("-{number}"),
        Some((false, number)) => number,
        None => value.trim().to_owned(),
    }
}

/// Whether `value` is negative, and its digits grouped and rounded as `style` writes them.
fn unsigned_number(value: &str, style: &Style) -> Option<(bool, String)> {
    let (negative, whole, fraction) = decimal_parts(value.trim(), style.decimals)?;
    let mut number = group(&whole, style.group);
    if style.decimals > 0 {
        number.push(style.decimal);
        number.push_str(&fraction);
    }
    Some((negative, number))
}

/// A count as an integer with thousands separators: "1,234" / "1.234".
pub fn count(n: u64, lang: Lang) -> String {
    let separator = match lang {
        Lang::En => ',',
        Lang::Es => '.',
    };
    group(&n.to_string(), separator)
}

/// A report's value: counts as integers with thousands separators ("2", "1,234"), anything
/// else (an average) with one decimal.
pub fn quantity(value: f64, lang: Lang) -> String {
    if value.fract() == 0.0 && (0.0..1e15).contains(&value) {
        // A whole number below 10^15 converts exactly.
        count(value as u64, lang)
    } else {
        format!("{value:.1}")
    }
}

/// The sign, whole digits and `decimals` fraction digits of a plain decimal (`-1234.5`),
/// rounded half up; `None` unless the text is one.
fn decimal_parts(text: &str, decimals: usize) -> Option<(bool, String, String)> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    // Every digit kept to the last one shown, then the next one rounds.
    let mut digits: Vec<u8> = whole.bytes().map(|b| b - b'0').collect();
    let whole_len = digits.len();
    let mut tail = fraction.bytes().map(|b| b - b'0');
    digits.extend(tail.by_ref().take(decimals));
    digits.resize(whole_len + decimals, 0);
    if tail.next().is_some_and(|next| next >= 5) {
        let mut carry = true;
        for digit in digits.iter_mut().rev() {
            if *digit == 9 {
                *digit = 0;
            } else {
                *digit += 1;
                carry = false;
                break;
            }
        }
        if carry {
            digits.insert(0, 1);
        }
    }
    let split = digits.len() - decimals;
    let to_text = |part: &[u8]| {
        part.iter()
            .map(|d| char::from(b'0' + d))
            .collect::<String>()
    };
    let mut whole = to_text(&digits[..split]);
    let trimmed = whole.trim_start_matches('0');
    whole = if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    };
    let negative = negative && digits.iter().any(|&digit| digit != 0);
    Some((negative, whole, to_text(&digits[split..])))
}

/// `digits` with `separator` between groups of three from the right.
fn group(digits: &str, separator: char) -> String {
    let len = digits.chars().count();
    let mut out = String::with_capacity(len + len / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (len - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests;
