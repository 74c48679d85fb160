//! A field's text read as an amount (each decimal separator choice) and as a date (each order).
#![no_main]

use centralita_invoices::amounts::{self, DecimalSeparator};
use centralita_invoices::dates::{self, DateOrder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("invoice_numbers"),
    |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        for separator in [None, Some(DecimalSeparator::Comma), Some(DecimalSeparator::Dot)] {
            if let Some(amount) = amounts::parse_amount(&text, separator) {
                let _ = amounts::normalize(amount);
            }
        }
        for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
            let _ = dates::parse_date(&text, order);
        }
    }
);
