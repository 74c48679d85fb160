//! Reader tests: notices as text, as spreadsheets (fixtures under `glosas/tests/fixtures/` and
//! workbooks written here), budgets, and property tests over arbitrary input.

use std::str::FromStr;

use rust_decimal::Decimal;

mod props;
mod sheets;
mod text;
mod words;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("test decimal")
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "compared with the model's Option fields"
)]
fn some_dec(text: &str) -> Option<Decimal> {
    Some(dec(text))
}
