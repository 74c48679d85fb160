//! Words of dates and times, in each language (`crate::format` puts them together).

use super::Lang;

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const WEEKDAYS_ES: [&str; 7] = [
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];

/// A month's short name; `month` is 1 to 12.
pub fn month(lang: Lang, month: i8) -> &'static str {
    let index = usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0);
    match lang {
        Lang::En => MONTHS_EN[index],
        Lang::Es => MONTHS_ES[index],
    }
}

/// A weekday's name; `monday_zero` is 0 (Monday) to 6 (Sunday).
pub fn weekday(lang: Lang, monday_zero: i8) -> &'static str {
    let index = usize::try_from(monday_zero.clamp(0, 6)).unwrap_or(0);
    match lang {
        Lang::En => WEEKDAYS_EN[index],
        Lang::Es => WEEKDAYS_ES[index],
    }
}

/// "today", "yesterday", "tomorrow": `offset` days from today (-1, 0, 1).
pub fn near_day(lang: Lang, offset: i32) -> Option<&'static str> {
    match (lang, offset) {
        (Lang::En, 0) => Some("today"),
        (Lang::En, -1) => Some("yesterday"),
        (Lang::En, 1) => Some("tomorrow"),
        (Lang::Es, 0) => Some("hoy"),
        (Lang::Es, -1) => Some("ayer"),
        (Lang::Es, 1) => Some("mañana"),
        _ => None,
    }
}

/// A span of time before or after now: "9s ago" / "hace 9 s", "in 12m" / "en 12 min".
pub fn relative(lang: Lang, amount: u64, unit: char, ahead: bool) -> String {
    match lang {
        Lang::En if ahead => format!("in {amount}{unit}"),
        Lang::En => format!("{amount}{unit} ago"),
        Lang::Es => {
            let unit = match unit {
                's' => "s",
                'm' => "min",
                'h' => "h",
                _ => "d",
            };
            if ahead {
                format!("en {amount} {unit}")
            } else {
                format!("hace {amount} {unit}")
            }
        }
    }
}

/// The moment itself, in a relative column.
pub fn now(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "now",
        Lang::Es => "ahora",
    }
}
