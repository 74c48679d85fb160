//! Dates as invoices write them: ISO, day-first, month names in Spanish and English.

use jiff::civil::Date;

/// How to read an ambiguous `03/04/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

/// Parses a date; `None` when `text` holds none. Placeholder until the real one lands.
pub fn parse_date(text: &str, order: DateOrder) -> Option<Date> {
    let _ = order;
    text.trim().parse().ok()
}
