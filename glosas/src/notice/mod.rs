//! Reading a glosa or devolución notice (providers.md §7) from what a payer sends: a mail body
//! or a PDF's text layer ([`read_text`]), or a spreadsheet ([`read_spreadsheet`]: XLSX, XLSB,
//! XLS, ODS or CSV, told apart by content).
//!
//! Both readers find header values by label synonyms (`labels`), compared without case, accents
//! or filler words, and item rows by a glosa code at their start (text) or by a header row whose
//! columns name a code and an objected value (spreadsheets). Per-payer [`Mappings`] cover
//! layouts the synonyms miss. Values are read with `centralita-invoices` (`1.234.567,89`,
//! `5 de noviembre de 2024`); glosa codes are kept as written (`code_raw`) and normalised by the
//! catalog elsewhere.
//!
//! Every notice gets the same checks (`draft`): items against the total objected, payer and
//! provider NITs present with a valid check digit, at least one item, rows that could not be
//! read (with their line or row number). Those become [`Notice::warnings`]; only budgets and
//! unreadable containers are errors.
//!
//! Budgets: [`MAX_INPUT_BYTES`] of input and [`MAX_ITEMS`] item rows; past either the reader
//! stops with an error that says the limit. Nothing here panics on any input (property tests
//! feed it arbitrary bytes and text). This module does no I/O except [`Mappings::load_dir`].

mod cell;
mod draft;
mod grid;
mod labels;
mod lines;
mod mapping;
mod model;
mod sheet;
mod synonyms;
mod text;
mod values;

pub use mapping::{Mapping, MappingError, Mappings};
pub use model::{Item, Notice, NoticeKind};

/// The most input a reader takes: 20 MB.
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;
/// The most item rows a notice may have.
pub const MAX_ITEMS: usize = 5_000;

/// A notice that cannot be read.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("{what} has {size} bytes, more than the {limit} bytes (20 MB) a notice may have")]
    TooLarge {
        what: String,
        size: usize,
        limit: usize,
    },
    #[error("{what} has more than {limit} item rows, the most a notice may have")]
    TooManyItems { what: String, limit: usize },
    #[error("{name}: not a spreadsheet (XLSX, XLSB, XLS, ODS or CSV)")]
    NotASpreadsheet { name: String },
    #[error("{name}: the spreadsheet cannot be read: {reason}")]
    Unreadable { name: String, reason: String },
    #[error("{what}: nothing in it reads as a glosa notice (no header labels, no item rows)")]
    NotANotice { what: String },
}

/// Reads a notice from a mail body or a PDF's text layer (pdftotext, with or without
/// `-layout`). Errors when the text is over budget or holds nothing a notice has.
pub fn read_text(text: &str) -> Result<Notice, NoticeError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(NoticeError::TooLarge {
            what: "the text".to_owned(),
            size: text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let draft = text::read(text)?;
    if draft.is_empty() {
        return Err(NoticeError::NotANotice {
            what: "the text".to_owned(),
        });
    }
    Ok(draft.finish())
}

/// Reads a notice from a spreadsheet attachment. The format comes from the content (`name`
/// only helps with CSV text); a payer mapping applies when its NIT appears in the first rows of
/// a sheet or in the file name.
pub fn read_spreadsheet(
    bytes: &[u8],
    name: &str,
    mappings: &Mappings,
) -> Result<Notice, NoticeError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(NoticeError::TooLarge {
            what: name.to_owned(),
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let format = grid::detect(bytes, name).ok_or_else(|| NoticeError::NotASpreadsheet {
        name: name.to_owned(),
    })?;
    let sheets = grid::read(bytes, name, format)?;
    let mapping = choose_mapping(&sheets, name, mappings);
    let draft = sheet::read(&sheets, mapping)?;
    if draft.is_empty() {
        return Err(NoticeError::NotANotice {
            what: name.to_owned(),
        });
    }
    Ok(draft.finish())
}

/// A cheap test of whether a mail body or a PDF's text looks like a glosa or devolución notice
/// at all: it names a glosa or devolución and has one more sign of one (a glosa code, a label
/// such as "Valor glosado", an invoice, a payer or provider).
pub fn looks_like_notice(text: &str) -> bool {
    let head = match text.char_indices().nth(65_536) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let folded = labels::fold(head);
    let names_it = ["glosa", "glosas", "glosado", "glosada", "devolucion"]
        .iter()
        .any(|word| has_word(&folded, word));
    if !names_it {
        return false;
    }
    let phrases = [
        "valor glosado",
        "total glosa",
        "notificacion de glosa",
        "notificacion de devolucion",
        "codigo glosa",
        "causal",
        "factura",
        "radicad",
        "prestador",
        "entidad responsable",
    ];
    phrases.iter().any(|phrase| folded.contains(phrase))
        || ["eps", "ips"].iter().any(|word| has_word(&folded, word))
        || head
            .lines()
            .any(|line| values::code_at_start(line.trim()).is_some_and(|(code, _)| code.len() > 3))
}

/// Whether some bytes are a spreadsheet this module reads (XLSX, XLSB, XLS, ODS by content; CSV
/// by content, or by a `.csv`/`.tsv`/`.txt` name for delimited text).
pub fn is_spreadsheet(bytes: &[u8], name: &str) -> bool {
    bytes.len() <= MAX_INPUT_BYTES && grid::detect(bytes, name).is_some()
}

/// The mapping whose payer NIT appears in the file name or the first rows of a sheet.
fn choose_mapping<'a>(
    sheets: &[grid::Sheet],
    name: &str,
    mappings: &'a Mappings,
) -> Option<&'a Mapping> {
    if mappings.is_empty() {
        return None;
    }
    let digits_of = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '_'))
            .map(|c| if c.is_ascii_digit() { c } else { ' ' })
            .collect()
    };
    let mut haystacks = vec![digits_of(name)];
    for sheet in sheets {
        for row in sheet.rows.iter().take(60) {
            for cell in row {
                let text = cell.text();
                if text.chars().filter(char::is_ascii_digit).count() >= 6 {
                    haystacks.push(digits_of(&text.replace('.', "")));
                }
            }
        }
    }
    mappings.iter().find(|mapping| {
        haystacks.iter().any(|haystack| {
            haystack
                .split_whitespace()
                .any(|number| number == mapping.nit_digits)
        })
    })
}

fn has_word(folded: &str, word: &str) -> bool {
    folded.match_indices(word).any(|(at, _)| {
        let before = folded[..at].chars().next_back();
        let after = folded[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests;
