//! Currency: ISO codes next to amounts, currency words and symbols, and the country cues that
//! decide what a bare `$` is.

use std::sync::LazyLock;

use regex::Regex;

use super::candidates::{Found, Scored};
use super::guesses::fold_text;
use super::text::Document;

/// ISO 4217 codes recognised in the text.
const CODES: &[&str] = &[
    "PEN", "USD", "EUR", "COP", "MXN", "MYR", "GBP", "CHF", "CLP", "ARS", "BOB", "BRL", "UYU",
    "PYG", "CRC", "GTQ", "HNL", "NIO", "DOP", "VES", "CAD", "AUD", "SGD", "JPY", "CNY", "INR",
    "IDR", "THB", "DKK", "SEK", "NOK", "PLN", "CZK", "HUF",
];

/// Currency words and symbols, over folded text, with their code.
const CURRENCY_WORDS: &[(&str, &str)] = &[
    (r"\bnuevos?\s+soles\b|\bsoles\b", "PEN"),
    (r"\bringgit\b", "MYR"),
    (r"\beuros?\b", "EUR"),
    (
        r"\bd[oó]lares\s+americanos\b|\bus\s+dollars?\b|\bdolares\b",
        "USD",
    ),
    (r"\bpesos\s+colombianos\b", "COP"),
    (r"\bpesos\s+mexicanos\b|\bm\.\s?n\.", "MXN"),
    (r"\blibras?\s+esterlinas?\b|\bpounds?\s+sterling\b", "GBP"),
];

static CURRENCY_WORD_RES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    CURRENCY_WORDS
        .iter()
        .map(|&(pattern, code)| {
            (
                Regex::new(pattern).expect("currency pattern compiles"),
                code,
            )
        })
        .collect()
});

static CODE_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{3}\b").expect("code pattern compiles"));

/// The currency named in a label's text: a code or a currency word.
pub(super) fn currency_in(text: &str) -> Option<&'static str> {
    let upper = text.to_uppercase();
    CODE_TOKEN
        .find_iter(&upper)
        .find_map(|m| CODES.iter().find(|&&code| code == m.as_str()).copied())
        .or_else(|| {
            let folded = fold_text(text);
            CURRENCY_WORD_RES
                .iter()
                .find(|(re, _)| re.is_match(&folded))
                .map(|&(_, code)| code)
        })
}

/// Symbols that name one currency, over raw text, with how much they are believed. Symbols
/// OCR invents (`£` for a 5, `€` for an &) only count right beside an amount with decimals.
static SYMBOLS: LazyLock<Vec<(Regex, &'static str, f32)>> = LazyLock::new(|| {
    let money = r"\d{1,3}(?:[.,' ]?\d{3})*[.,]\d{2}";
    [
        (r"(?i)\bUS\s?\$".to_owned(), "USD", SYMBOL),
        (r"(?:^|[^A-Za-z])S/\.?\s*\d".to_owned(), "PEN", SYMBOL),
        (r"(?:^|[^A-Za-z])S/\.".to_owned(), "PEN", SYMBOL),
        (r"\bRM\s?\d".to_owned(), "MYR", SYMBOL),
        (r"\(RM\)|\bRM\b".to_owned(), "MYR", SYMBOL - 0.1),
        (format!(r"€\s?{money}|{money}\s?€"), "EUR", SYMBOL),
        (format!(r"£\s?{money}|{money}\s?£"), "GBP", SYMBOL),
        (r"R\$\s?\d".to_owned(), "BRL", SYMBOL),
    ]
    .into_iter()
    .map(|(pattern, code, weight)| {
        let re = Regex::new(&pattern).expect("symbol pattern compiles");
        (re, code, weight)
    })
    .collect()
});

/// Weight of a currency symbol beside an amount.
const SYMBOL: f32 = 0.7;

/// A US state abbreviation and a ZIP code: `San Francisco, CA 94103`.
pub(super) const US_ADDRESS: &str = concat!(
    r"\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|",
    r"NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\s+\d{5}(?:-\d{4})?\b"
);

/// What points at a country when only `$` is written.
static DOLLAR_COUNTRY: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (
            r"(?i)\bn\.?\s?i\.?\s?t\b|\bdian\b|colombia|bogot[aá]|medell[ií]n",
            "COP",
        ),
        (r"(?i)\br\.?\s?f\.?\s?c\b|\bcfdi\b|m[eé]xico|\bsat\b", "MXN"),
        (r"(?i)\br\.?\s?u\.?\s?c\b|\bUSA\b|united states", "USD"),
        (US_ADDRESS, "USD"),
    ]
    .into_iter()
    .map(|(pattern, code)| (Regex::new(pattern).expect("country pattern compiles"), code))
    .collect()
});

/// The currency from codes next to amounts, symbols and words; `$` alone becomes COP, MXN or USD
/// with a country cue and stays `$` (barely believed) without one.
pub(super) fn guess_currency(doc: &Document, found: &mut Found) {
    const CODE_NEAR_AMOUNT: f32 = 0.8;
    const CODE_ALONE: f32 = 0.6;
    const WORD: f32 = 0.6;
    const DOLLAR_WITH_CUE: f32 = 0.5;
    const DOLLAR: f32 = 0.2;
    let mut add = |code: &str, weight: f32, line: usize| {
        found.currencies.push(Scored {
            value: code.to_owned(),
            weight,
            line,
        });
    };
    let mut dollars = None;
    for (index, line) in doc.lines.iter().enumerate() {
        for m in CODE_TOKEN.find_iter(line.raw) {
            if !CODES.contains(&m.as_str()) {
                continue;
            }
            let near = |text: &str| text.trim().starts_with(|c: char| c.is_ascii_digit());
            let before = line.raw[..m.start()].trim_end();
            let near_amount =
                near(&line.raw[m.end()..]) || before.ends_with(|c: char| c.is_ascii_digit());
            // "PEN" is also a pen on a receipt: it only counts beside an amount, and weakly.
            let weight = match (m.as_str(), near_amount) {
                ("PEN", true) => SYMBOL - 0.05,
                ("PEN", false) => continue,
                (_, true) => CODE_NEAR_AMOUNT,
                (_, false) => CODE_ALONE,
            };
            add(m.as_str(), weight, index);
        }
        for (re, code, weight) in SYMBOLS.iter() {
            for _ in re.find_iter(line.raw).take(3) {
                add(code, *weight, index);
            }
        }
        for (re, code) in CURRENCY_WORD_RES.iter() {
            if re.is_match(&line.folded) {
                add(code, WORD, index);
            }
        }
        if dollars.is_none() && line.raw.contains('$') {
            dollars = Some(index);
        }
    }
    if let Some(index) = dollars {
        let text: Vec<&str> = doc.lines.iter().map(|line| line.raw).collect();
        let text = text.join("\n");
        match DOLLAR_COUNTRY.iter().find(|(re, _)| re.is_match(&text)) {
            Some(&(_, code)) => add(code, DOLLAR_WITH_CUE, index),
            None => add("$", DOLLAR, index),
        }
    }
}
