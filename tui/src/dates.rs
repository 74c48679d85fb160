//! Days the operator types, in the CLI (`--from`) and the console (`/from:`), read whole: the
//! text is one day and nothing else (`2026-12-31zz`, `15/11/2024extra` and
//! `2026-12-31T10:00` are refused), and the error lists the forms that will do.

use jiff::civil::Date;

/// `2024-11-15` or `15/11/2024` (spaces around are fine), the day it names.
pub fn parse_day(text: &str) -> Result<Date, String> {
    let typed = text.trim();
    let refuse = || crate::text::not_a_day(typed);
    let numbers = |parts: [&str; 3], widths: [usize; 3]| -> Option<[i16; 3]> {
        let mut values = [0; 3];
        for ((part, width), value) in parts.iter().zip(widths).zip(&mut values) {
            let digits = part.chars().all(|c| c.is_ascii_digit());
            if !digits || part.is_empty() || part.len() > width {
                return None;
            }
            *value = part.parse().ok()?;
        }
        Some(values)
    };
    let fields: Vec<&str> = if typed.contains('-') {
        typed.split('-').collect()
    } else {
        typed.split('/').collect()
    };
    let [first, second, third] = fields.as_slice() else {
        return Err(refuse());
    };
    let [year, month, day] = if typed.contains('-') {
        // ISO: the year whole, month and day with one or two digits.
        if first.len() != 4 {
            return Err(refuse());
        }
        numbers([first, second, third], [4, 2, 2]).ok_or_else(refuse)?
    } else {
        if third.len() != 4 {
            return Err(refuse());
        }
        let [day, month, year] = numbers([first, second, third], [2, 2, 4]).ok_or_else(refuse)?;
        [year, month, day]
    };
    let month = i8::try_from(month).map_err(|_| refuse())?;
    let day = i8::try_from(day).map_err(|_| refuse())?;
    Date::new(year, month, day).map_err(|_| refuse())
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn iso_and_day_first_days_are_read() {
        assert_eq!(parse_day("2024-11-15"), Ok(date(2024, 11, 15)));
        assert_eq!(parse_day(" 15/11/2024 "), Ok(date(2024, 11, 15)));
        assert_eq!(parse_day("5/3/2024"), Ok(date(2024, 3, 5)));
    }

    #[test]
    fn anything_else_is_refused_with_the_forms_that_will_do() {
        for typed in [
            "2026-12-31zz",
            "15/11/2024extra",
            "2026-12-31T10:00",
            "2026-12-31[x]",
            "2024-02-30",
            "15/11/24",
            "2024/11/15",
            "12abc",
            "",
            "+2024-11-15",
            "2024-11-15 10:00",
        ] {
            let error = parse_day(typed).expect_err(typed);
            assert!(error.contains("2024-11-15 or 15/11/2024"), "{error}");
        }
    }

    proptest! {
        #[test]
        fn a_valid_day_with_anything_after_it_is_refused(
            day in 1i8..=28,
            month in 1i8..=12,
            year in 1950i16..=2100,
            iso in any::<bool>(),
            suffix in "\\PC*[^\\s]\\PC*",
        ) {
            let written = if iso {
                date(year, month, day).to_string()
            } else {
                format!("{day:02}/{month:02}/{year}")
            };
            prop_assert_eq!(parse_day(&written), Ok(date(year, month, day)));
            let typed = format!("{written}{suffix}");
            prop_assert!(parse_day(&typed).is_err(), "{}", typed);
        }
    }
}
