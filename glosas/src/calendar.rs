//! Colombian business days: Monday to Friday, except the national holidays.
//!
//! The holidays are the ones of Ley 51 de 1983 ("Ley Emiliani"), in force since 1984:
//!
//! - fixed: 1 January, 1 May, 20 July, 7 August, 8 December, 25 December;
//! - moved to the following Monday when they do not fall on a Monday: 6 January, 19 March,
//!   29 June, 15 August, 12 October, 1 November, 11 November;
//! - from Easter Sunday (anonymous Gregorian algorithm): Jueves Santo (Easter − 3) and Viernes
//!   Santo (Easter − 2), not moved; Ascensión (Easter + 39), Corpus Christi (Easter + 60) and
//!   Sagrado Corazón (Easter + 68), each moved to the following Monday (+ 43, + 64, + 71).
//!
//! The rules are applied for [`FIRST_YEAR`]..=[`LAST_YEAR`] only. Outside that range there are
//! no holidays and business days are just weekdays: before 1984 the law was different, and
//! after 2100 nobody knows. Two holidays can fall on the same Monday (Sagrado Corazón and San
//! Pedro y San Pablo on 30 June 2025); both are listed, and the day counts once.

use jiff::civil::{Date, Weekday, date};

/// The first year whose holidays this module knows (Ley 51 de 1983 took effect in 1984).
pub const FIRST_YEAR: i16 = 1984;

/// The last year whose holidays this module knows.
pub const LAST_YEAR: i16 = 2100;

/// The Spanish name of the holiday on `date`, or `None` for an ordinary day (weekends
/// included). When two holidays share the day, the one whose original date comes first is
/// named.
pub fn is_holiday(date: Date) -> Option<&'static str> {
    holidays(date.year())
        .into_iter()
        .find(|(holiday, _)| *holiday == date)
        .map(|(_, name)| name)
}

/// Every holiday of `year`, sorted by the day it is observed (ties by original date), with its
/// Spanish name; empty outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn holidays(year: i16) -> Vec<(Date, &'static str)> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Vec::new();
    }
    let easter = easter_sunday(year);
    // (observed, original, name): the original date only orders holidays that share a day.
    let mut all: Vec<(Date, Date, &'static str)> = Vec::with_capacity(18);
    for &(month, day, name) in FIXED {
        let original = date(year, month, day);
        all.push((original, original, name));
    }
    for &(month, day, name) in MOVED_TO_MONDAY {
        let original = date(year, month, day);
        all.push((next_monday(original), original, name));
    }
    for &(offset, moved, name) in FROM_EASTER {
        let original = add_days(easter, offset);
        let observed = if moved {
            next_monday(original)
        } else {
            original
        };
        all.push((observed, original, name));
    }
    all.sort_by_key(|&(observed, original, _)| (observed, original));
    all.into_iter()
        .map(|(observed, _, name)| (observed, name))
        .collect()
}

/// Whether `date` is a business day: Monday to Friday and not a holiday.
pub fn is_business_day(date: Date) -> bool {
    !is_weekend(date) && is_holiday(date).is_none()
}

/// The `n`-th business day after `from` (`from` itself never counts, so `n = 0` gives `from`).
///
/// Saturates at [`Date::MAX`] when the answer would lie past the end of the calendar.
pub fn add_business_days(from: Date, n: u32) -> Date {
    if n == 0 {
        return from;
    }
    // Business days are a subset of calendar days, so an `n` larger than the days left in the
    // calendar cannot be reached; this also bounds the loop below.
    let days_left = from.until(Date::MAX).map_or(0, |span| span.get_days());
    if i64::from(n) > i64::from(days_left) {
        return Date::MAX;
    }
    let mut year = YearHolidays::new(from.year());
    let mut day = from;
    let mut counted = 0;
    while counted < n {
        let Ok(next) = day.tomorrow() else {
            return Date::MAX;
        };
        day = next;
        if year.is_business_day(day) {
            counted += 1;
        }
    }
    day
}

/// The number of business days after `from` up to and including `to`; negative (the same count,
/// with the dates swapped) when `to` is before `from`, and 0 when they are equal.
pub fn business_days_between(from: Date, to: Date) -> i64 {
    if to < from {
        return -business_days_between(to, from);
    }
    let mut year = YearHolidays::new(from.year());
    let mut count = 0;
    let mut day = from;
    while day < to {
        let Ok(next) = day.tomorrow() else {
            break;
        };
        day = next;
        if year.is_business_day(day) {
            count += 1;
        }
    }
    count
}

/// Easter Sunday of `year` (Gregorian calendar), by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher). Only called for [`FIRST_YEAR`]..=[`LAST_YEAR`]: for negative years
/// the remainders go negative and the month would be invalid.
#[allow(
    clippy::many_single_char_names,
    reason = "the letters are the published algorithm's, so it can be checked line by line"
)]
fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // The algorithm yields March or April and a day of 1..=31 valid for that month.
    date(year, month as i8, day as i8)
}

/// Holidays kept on their date whatever the weekday.
const FIXED: &[(i8, i8, &str)] = &[
    (1, 1, "Año Nuevo"),
    (5, 1, "Día del Trabajo"),
    (7, 20, "Día de la Independencia"),
    (8, 7, "Batalla de Boyacá"),
    (12, 8, "Inmaculada Concepción"),
    (12, 25, "Navidad"),
];

/// Holidays that Ley 51 de 1983 moves to the following Monday.
const MOVED_TO_MONDAY: &[(i8, i8, &str)] = &[
    (1, 6, "Día de los Reyes Magos"),
    (3, 19, "Día de San José"),
    (6, 29, "San Pedro y San Pablo"),
    (8, 15, "Asunción de la Virgen"),
    (10, 12, "Día de la Raza"),
    (11, 1, "Todos los Santos"),
    (11, 11, "Independencia de Cartagena"),
];

/// Holidays counted from Easter Sunday: (days from Easter, moved to Monday, name).
const FROM_EASTER: &[(i32, bool, &str)] = &[
    (-3, false, "Jueves Santo"),
    (-2, false, "Viernes Santo"),
    (39, true, "Ascensión del Señor"),
    (60, true, "Corpus Christi"),
    (68, true, "Sagrado Corazón"),
];

/// The holidays of one year, recomputed only when a walk over the calendar changes year.
struct YearHolidays {
    year: i16,
    days: Vec<Date>,
}

impl YearHolidays {
    fn new(year: i16) -> YearHolidays {
        YearHolidays {
            year,
            days: holidays(year).into_iter().map(|(day, _)| day).collect(),
        }
    }

    fn is_business_day(&mut self, day: Date) -> bool {
        if day.year() != self.year {
            *self = YearHolidays::new(day.year());
        }
        !is_weekend(day) && !self.days.contains(&day)
    }
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// `date` itself when it is a Monday, else the Monday after it.
fn next_monday(date: Date) -> Date {
    let ahead = date.weekday().until(Weekday::Monday);
    add_days(date, i32::from(ahead))
}

/// Days added to a date inside [`FIRST_YEAR`]..=[`LAST_YEAR`] (plus a few months either side),
/// which always stays inside jiff's calendar.
fn add_days(date: Date, days: i32) -> Date {
    date.checked_add(jiff::Span::new().days(days))
        .expect("holiday arithmetic stays within years 1984..=2101")
}

#[cfg(test)]
mod tests;
