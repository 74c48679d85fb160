//! Guesses without labels: the first date as the issue date, tax identifiers that identify
//! themselves (a valid RUC, an RFC), a Peruvian series-and-number, and the issuer's name from
//! the top of the document.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::UNLABELLED_DATE;
use super::candidates::{Found, Scored};
use super::items::is_item_header;
use super::labels::{Party, Slot};
use super::scan::PartyContext;
use super::text::{Document, Line, fold_char};
use super::values::{COLUMN_GAP, clean_name, date_tokens, tax_id_tokens};
use crate::taxid::{TaxIdStatus, check_tax_id};

/// The first date no label explains, as a weak issue date (receipts print it bare).
pub(super) fn guess_issue_date(doc: &Document, found: &mut Found) {
    let unexplained = doc.lines.iter().enumerate().find_map(|(index, line)| {
        date_tokens(doc, line, 0..line.folded.len())
            .into_iter()
            .find(|token| !found.used_dates.contains(&(index, token.start)))
            .map(|token| (index, token.value))
    });
    if let Some((line, value)) = unexplained {
        found.issue_dates.push(Scored {
            value,
            weight: UNLABELLED_DATE,
            line,
        });
    }
}

/// Identifiers that identify themselves: an eleven-digit number passing the RUC or CUIT check,
/// an RFC with a valid date, a European VAT number or a GSTIN passing its check. The first one outside the buyer's section is the issuer's.
pub(super) fn guess_tax_ids(doc: &Document, contexts: &[PartyContext], found: &mut Found) {
    const SELF_EVIDENT: f32 = 0.5;
    for (index, line) in doc.lines.iter().enumerate() {
        for token in tax_id_tokens(line, 0..line.folded.len()) {
            let digits = token.value.chars().filter(char::is_ascii_digit).count();
            let letters = token.value.chars().filter(|c| c.is_alphabetic()).count();
            // An eleven-digit RUC/CUIT, an RFC, a VAT number with its country, a GSTIN.
            let distinctive = (digits == 11 && letters == 0)
                || (letters >= 3 && (6..=9).contains(&digits))
                || (token.value.starts_with(|c: char| c.is_ascii_alphabetic())
                    && (2..=3).contains(&letters)
                    && digits >= 8)
                || (digits >= 6 && letters >= 6 && token.value.len() == 15);
            if !distinctive || check_tax_id(&token.value) != TaxIdStatus::Valid {
                continue;
            }
            let list = match contexts[index].party_at(line.col(token.start)) {
                Some(Party::Buyer) => &mut found.buyer_ids,
                Some(Party::Other) => continue,
                _ => &mut found.issuer_ids,
            };
            list.push(Scored {
                value: token.value,
                weight: SELF_EVIDENT,
                line: index,
            });
        }
    }
}

/// A Peruvian series-and-number (`F001-00012345`, `B001-88`, `E001-170`) anywhere.
static SERIES_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[fbe][a-z0-9]\d{2}\s*-\s*\d{1,8}\b").expect("series pattern compiles")
});

pub(super) fn guess_invoice_number(doc: &Document, found: &mut Found) {
    const SERIES: f32 = 0.5;
    for (index, line) in doc.lines.iter().enumerate() {
        if let Some(m) = SERIES_NUMBER.find(&line.folded) {
            let value: String = line
                .raw_slice(m.range())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            found.numbers.push(Scored {
                value: value.to_uppercase(),
                weight: SERIES,
                line: index,
            });
        }
    }
}

/// Words that make a line a company name: legal forms and their abbreviations.
static LEGAL_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:^|[^a-z\d])(?:sdn\.?(?:\s*bhd)?|s/b|bhd|berhad|s\.\s?a\.\s?c\.?|sac|s\.\s?a\.\s?s\.?|sas|s\.\s?a\.?|sa|",
        r"s\.\s?r\.\s?l\.?|srl|s\.?\s?de\s?r\.?\s?l\.?|e\.\s?i\.\s?r\.\s?l\.?|eirl|ltda\.?|limitada|",
        r"de\s*c\.?\s?v\.?|gmbh|ag|kg|ohg|gbr|ug|e\.\s?k\.?|llc|l\.l\.c\.?|inc\.?|corp\.?|corporation|",
        r"co\.|company|ltd\.?|limited|plc|llp|pte\.?|enterprises?|trading|s\.\s?l\.?|s\.l\.u\.?|",
        r"b\.\s?v\.?|n\.\s?v\.?|sarl|s\.\s?p\.\s?a\.?|spa|s\.\s?c\.?|a\.\s?c\.?)(?:$|[^a-z])"
    ))
    .expect("legal form pattern compiles")
});

/// Words that make a line a shop's or business's name.
static BUSINESS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:store|stores|mart|minimart|supermarket|shop|restaurant|restoran|cafe|kedai|bakery|syarikat|perniagaan|",
        r"supplies|supply|hardware|pharmacy|farmacia|ferreteria|comercial|comercializadora|",
        r"distribuidora|distributor|inversiones|servicios|services|grupo|group|empresa|industrias|",
        r"industriales|marketing|electrical|packaging|book|books|hotel|clinic|clinica|bodega|",
        r"tienda|boutique|station|motors|solutions|soluciones|consulting|consultores|trading)\b"
    ))
    .expect("business pattern compiles")
});

/// Lines that are addresses.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:jalan|jln|lot|no\.?\s*\d|calle|av\.?|avda\.?|avenida|jr\.|jiron|carrera|cra\.?|",
        r"street|st\.|road|rd\.?|taman|tmn|blvd|boulevard|piso|of\.|oficina|urb\.|mz\.?|manzana|",
        r"km\.?|str\.|postfach|col\.|colonia|c\.p\.|zip|building|bldg|floor|level|suite|block|",
        r"blk|centre|center|distrito|provincia|departamento|municipio|malaysia|selangor|kawasan|perindustrian|",
        r"kuala lumpur|deutschland|germany|peru|colombia|mexico)\b|",
        r"\w(?:strasse|strase|weg|allee|platz|gasse)\b|\b\d{4,6}\s+[a-z]{3,}|^\W*\d+\s*,"
    ))
    .expect("address pattern compiles")
});

/// Lines that are phone numbers, e-mail or web addresses.
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"@|www|https?:|\.com\b|\+?\d[\d\s\-()/]{7,}\d").expect("contact pattern compiles")
});

/// Lines that are document titles or boilerplate, not names.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\W*(?:original|copia|copy|duplicado|duplicate|re-?print|visualisierung|lesbarmachung|",
        r"stylesheet|welcome|bienvenid|thank|gracias|cash\s*sale|cash\s*bill|official\s*receipt|",
        r"recibo|receipt|ticket|nota\s*de\s*venta|comprobante|documento|representacion|",
        r"e-?rechnung|rechnung|invoice|factura|boleta|sales\s*order|quotation|goods\s*sold|please|",
        r"terima\s*kasih|for\s*(?:feedback|enquir)|\W*redeem)|",
        r"not\s*(?:returnable|refundable|exchangeable)|thank\s*you|come\s*again|feedback|complaint"
    ))
    .expect("title pattern compiles")
});

/// How many lines from the top may hold the issuer's name.
const NAME_LINES: usize = 30;

/// The issuer's name from the top of the document: lines with a legal form or a business word,
/// early, outside the buyer's section, that are not addresses, contacts or titles. Only the
/// header is searched: the lines before the item table and the totals.
pub(super) fn guess_issuer_name(doc: &Document, contexts: &[PartyContext], found: &mut Found) {
    const MIN_SCORE: f32 = 1.5;
    let body = doc
        .lines
        .iter()
        .position(|line| {
            is_item_header(line)
                || line.hits.iter().any(|hit| {
                    // `Total: 12.00` or `TOTAL` alone starts the body; `Relais Total Oulmes` not.
                    let after = line.folded[hit.region()].trim_start();
                    hit.slot().is_amount()
                        && (after.is_empty()
                            || after.starts_with([':', '(', '-'])
                            || after.starts_with(|c: char| !c.is_alphabetic()))
                })
        })
        .unwrap_or(doc.lines.len());
    let mut previous: Option<String> = None;
    let content = doc.lines[..body]
        .iter()
        .enumerate()
        .filter(|(_, line)| !line.is_blank())
        .take(NAME_LINES);
    for (rank, (index, line)) in content.enumerate() {
        let mut first_segment = None;
        for segment in segments(line) {
            let Some(name) = name_candidate(line, segment.clone()) else {
                continue;
            };
            let folded = fold_text(&name);
            let party = contexts[index].party_at(line.col(segment.start));
            if matches!(party, Some(Party::Buyer | Party::Other)) {
                continue;
            }
            let legal = LEGAL_FORM.is_match(&folded);
            let tail = closes_unopened_bracket(&name);
            // A line that only holds the legal form, or closes a bracket the line above opened
            // (`ENTERPRISE (SETIA` / `ALAM) SDN BHD`), continues the name above it.
            let mut score = name_score(&name, legal, rank, party == Some(Party::Issuer));
            let value = match &previous {
                Some(above) if legal && starts_with_legal_form(&folded) => {
                    format!("{above} {name}")
                }
                Some(above) if tail && opens_unclosed_bracket(above) => {
                    format!("{above} {name}")
                }
                // The end of a name whose start was lost: not the name by itself.
                _ if tail => {
                    score -= FRAGMENT;
                    name.clone()
                }
                _ => name.clone(),
            };
            if score >= MIN_SCORE {
                found.issuer_names.push(Scored {
                    value,
                    weight: (0.25 + 0.08 * score).min(0.85),
                    line: index,
                });
            }
            first_segment.get_or_insert(name);
        }
        previous = first_segment;
    }
}

/// Pieces of a line separated by wide gaps (layout columns).
fn segments(line: &Line) -> Vec<Range<usize>> {
    static GAP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!("{COLUMN_GAP}+")).expect("gap pattern compiles"));
    let mut pieces = Vec::new();
    let mut start = 0;
    for gap in GAP.find_iter(&line.folded) {
        pieces.push(start..gap.start());
        start = gap.end();
    }
    pieces.push(start..line.folded.len());
    pieces.retain(|piece| !line.folded[piece.clone()].trim().is_empty());
    pieces
}

/// The name a segment could be: the text before any label in it, when it is not an address, a
/// contact line or a title.
fn name_candidate(line: &Line, segment: Range<usize>) -> Option<String> {
    // A label ends the name when it announces a value (`Rechnung Nr. 12`, `RUC: …`); a word
    // like `Total` or `Cash` inside a shop's name does not.
    let announces = |hit: &&super::labels::Hit| {
        let after = line.folded[hit.region()].trim_start();
        if super::labels::party_word_in_name(&line.folded, hit) {
            return false;
        }
        match hit.slot() {
            Slot::Name(_) => false,
            Slot::Party(_)
            | Slot::TaxId
            | Slot::InvoiceNumber
            | Slot::IssueDate
            | Slot::DueDate
            | Slot::Currency => true,
            _ => {
                after.is_empty()
                    || after.starts_with([':', '#'])
                    || after.starts_with(|c: char| c.is_ascii_digit())
            }
        }
    };
    let cut = line
        .hits
        .iter()
        .filter(announces)
        .map(|hit| hit.start)
        .find(|start| segment.contains(start))
        .unwrap_or(segment.end);
    let name = clean_name(line.raw_slice(segment.start..cut))?;
    let folded = fold_text(&name);
    let unlikely = TITLE.is_match(&folded)
        || ADDRESS.is_match(&folded)
        || CONTACT.is_match(&folded)
        || folded.split_whitespace().count() > 8;
    (!unlikely).then_some(name)
}

/// What a line that ends a name whose start is missing loses.
const FRAGMENT: f32 = 2.0;

/// A closing bracket before any opening one: the line ends a bracket opened above.
fn closes_unopened_bracket(name: &str) -> bool {
    name.find(')')
        .is_some_and(|close| !name[..close].contains('('))
}

/// An opening bracket left open at the end of the line.
fn opens_unclosed_bracket(name: &str) -> bool {
    name.rfind('(')
        .is_some_and(|open| !name[open..].contains(')'))
}

fn starts_with_legal_form(folded: &str) -> bool {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\W*(?:co\.|sdn|bhd|s/b|s\.\s?a|ltd|gmbh|inc|llc|corp|company|limited)")
            .expect("pattern compiles")
    });
    LEADING.is_match(folded)
}

/// How much a line looks like the issuer's name.
fn name_score(name: &str, legal: bool, rank: usize, issuer_section: bool) -> f32 {
    let mut score = (2.5 - 0.35 * rank as f32).max(0.0);
    if legal {
        score += 3.0;
    }
    if BUSINESS_WORD.is_match(&fold_text(name)) {
        score += 1.0;
    }
    if issuer_section {
        score += 2.0;
    }
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.iter().all(|c| c.is_uppercase()) {
        score += 0.3;
    }
    if looks_misread(name) {
        score -= 2.0;
    }
    score
}

/// A line OCR made of a logo or a picture: mostly fragments of one or two characters, or
/// lower-case letters run into digits (`2 1e Gl orl4 nas`). Printed names are whole words.
fn looks_misread(name: &str) -> bool {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|word| word.chars().filter(|c| c.is_alphanumeric()).collect())
        .filter(|word: &String| !word.is_empty())
        .collect();
    let short = words
        .iter()
        .filter(|word| word.chars().count() <= 2)
        .count();
    let ordinal = |word: &str| {
        let letters = word.trim_start_matches(|c: char| c.is_ascii_digit());
        letters.len() < word.len() && matches!(letters, "st" | "nd" | "rd" | "th")
    };
    let mixed = words.iter().any(|word| {
        word.chars().any(|c| c.is_ascii_digit())
            && word.chars().any(char::is_lowercase)
            && !ordinal(word)
    });
    mixed || (words.len() >= 3 && short * 2 > words.len())
}

pub(super) fn fold_text(text: &str) -> String {
    text.chars().map(fold_char).collect()
}
