//! Amounts as people write them: `1.234.567,89`, `1,234,567.89`, `S/ 1 234.50`, `(12.00)`.

use rust_decimal::Decimal;

/// Which character separates the decimals, when the caller knows it (a template says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalSeparator {
    Comma,
    Dot,
}

/// Parses an amount; `None` when `text` holds no number. Placeholder until the real one lands.
pub fn parse_amount(text: &str, separator: Option<DecimalSeparator>) -> Option<Decimal> {
    let _ = separator;
    text.trim().parse().ok()
}

/// The normalised form stored in a field: `.` for decimals, no grouping, scale kept.
pub fn normalize(amount: Decimal) -> String {
    amount.to_string()
}
