//! The glosa code catalog, as data: `catalog/codes.csv`, embedded at build time.
//!
//! Two coding systems circulate (`providers.md` §7):
//!
//! - Res. 2284 de 2023, Anexo Técnico 3: two letters for the general concept (the *family*:
//!   `FA` facturación, `TA` tarifas, `SO` soportes, `AU` autorización, `CO` cobertura, `CL`
//!   calidad, `SA` seguimiento a los acuerdos, `DE` devoluciones, `RE` respuestas), two digits
//!   for the specific concept and two for the application: `FA0101`, `DE56`, `RE9602`;
//! - Res. 3047 de 2008, Anexo Técnico 6, still seen on older objections: three digits, the
//!   first one being the family (`1` facturación … `6` pertinencia, `8` devoluciones, `9`
//!   respuestas): `101`, `223`, `816`.
//!
//! [`normalise`] turns what a notice says (`"fa-01.01"`, `" 101 "`) into one of those shapes
//! without needing the catalog; [`Catalog`] says what a code means. A code that is well formed
//! but not in the catalog is still a code: the catalog lists only what could be verified
//! (see the file's header).

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

/// The catalog file, as embedded in the binary.
pub const EMBEDDED_CSV: &str = include_str!("../catalog/codes.csv");

/// The families (general concepts) of Res. 2284/2023, in the annex's order.
pub const FAMILIES_2284: [&str; 9] = ["FA", "TA", "SO", "AU", "CO", "CL", "SA", "DE", "RE"];

/// The families (general concepts) of Res. 3047/2008: the first digit of a code.
pub const FAMILIES_3047: [char; 8] = ['1', '2', '3', '4', '5', '6', '8', '9'];

/// Which resolution a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum System {
    /// Res. 2284 de 2023, Anexo Técnico 3 (alphanumeric: `FA0101`).
    Res2284,
    /// Res. 3047 de 2008, Anexo Técnico 6 (three digits: `101`).
    Res3047,
}

impl System {
    /// The value of the catalog's `system` column: `"2284"` or `"3047"`.
    pub fn as_str(self) -> &'static str {
        match self {
            System::Res2284 => "2284",
            System::Res3047 => "3047",
        }
    }
}

impl fmt::Display for System {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// One row of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The resolution the code belongs to.
    pub system: System,
    /// The code, normalised: `FA0101`, `DE56`, `FA` (a general concept), `101`, `1`.
    pub code: String,
    /// The general concept: `FA` … `RE`, or `1` … `9`.
    pub family: String,
    /// What the code means, in Spanish.
    pub description: String,
}

impl Entry {
    /// Whether the code is a provider's answer (family `RE` or `9`) rather than an objection.
    pub fn is_response(&self) -> bool {
        self.family == "RE" || self.family == "9"
    }

    /// Whether the row is a family's own row (its code is the family).
    pub fn is_general_concept(&self) -> bool {
        self.code == self.family
    }
}

/// A code as written in a notice, after [`normalise`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Normalised {
    /// A Res. 2284/2023 code: two letters of a known family and two or four digits.
    Res2284 {
        /// `FA0101`, `DE56`.
        code: String,
        /// `FA`.
        family: &'static str,
    },
    /// A Res. 3047/2008 code: three digits, the first one a known family.
    Legacy3047 {
        /// `101`.
        code: String,
        /// `'1'`.
        family: char,
    },
    /// Anything else, kept exactly as it was written.
    Unknown {
        /// The text as given.
        raw: String,
    },
}

impl Normalised {
    /// The normalised code, or `None` when it is unknown.
    pub fn code(&self) -> Option<&str> {
        match self {
            Normalised::Res2284 { code, .. } | Normalised::Legacy3047 { code, .. } => Some(code),
            Normalised::Unknown { .. } => None,
        }
    }
}

/// Reads a code the way people write it: spaces, dashes and dots are dropped and letters
/// upper-cased (`"fa-01.01"` and `"FA 0101"` are `FA0101`, `" 101 "` is `101`). The result must
/// then have the shape of a 2284 code (known family + 2 or 4 digits) or a 3047 code (3 digits,
/// known first digit); anything else is [`Normalised::Unknown`] with the raw text.
pub fn normalise(raw: &str) -> Normalised {
    let cleaned = clean(raw);
    if let Some(family) = family_2284(&cleaned)
        && matches!(cleaned.len(), 4 | 6)
        && all_digits(&cleaned[2..])
    {
        return Normalised::Res2284 {
            code: cleaned,
            family,
        };
    }
    if cleaned.len() == 3
        && all_digits(&cleaned)
        && let Some(family) = cleaned.chars().next().filter(|c| FAMILIES_3047.contains(c))
    {
        return Normalised::Legacy3047 {
            code: cleaned,
            family,
        };
    }
    Normalised::Unknown {
        raw: raw.to_string(),
    }
}

/// Why a catalog text was refused. Every `line` is 1-based and counts comment lines, so it is
/// the line an editor shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// The text is not CSV the reader can follow.
    #[error("catalog line {line}: {message}")]
    Csv {
        /// Where the reader stopped.
        line: u64,
        /// The reader's explanation.
        message: String,
    },
    /// The first row is not `system,code,family,description`.
    #[error("catalog line {line}: expected the header \"system,code,family,description\"")]
    Header {
        /// The first row that is not a comment.
        line: u64,
    },
    /// The text has no header row at all.
    #[error("catalog is empty: expected the header \"system,code,family,description\"")]
    Empty,
    /// A row does not have exactly four fields.
    #[error(
        "catalog line {line}: expected 4 fields (system, code, family, description), found {found}"
    )]
    Fields {
        /// The row.
        line: u64,
        /// How many fields it has.
        found: usize,
    },
    /// The `system` field is neither `2284` nor `3047`.
    #[error("catalog line {line}: unknown system {system:?} (expected 2284 or 3047)")]
    System {
        /// The row.
        line: u64,
        /// The field as written.
        system: String,
    },
    /// The code does not have the shape of its system (or is not normalised).
    #[error("catalog line {line}: {code:?} is not a {system} code")]
    Shape {
        /// The row.
        line: u64,
        /// The row's system.
        system: System,
        /// The code as written.
        code: String,
    },
    /// The `family` field is not the code's family.
    #[error("catalog line {line}: code {code:?} is not in family {family:?}")]
    Family {
        /// The row.
        line: u64,
        /// The code.
        code: String,
        /// The family field as written.
        family: String,
    },
    /// The description is empty.
    #[error("catalog line {line}: code {code:?} has no description")]
    Description {
        /// The row.
        line: u64,
        /// The code.
        code: String,
    },
    /// The code was already listed.
    #[error("catalog line {line}: code {code:?} is listed twice (first on line {first})")]
    Duplicate {
        /// The second row.
        line: u64,
        /// The code.
        code: String,
        /// The first row.
        first: u64,
    },
}

/// The glosa codes and what they mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    entries: Vec<Entry>,
    by_code: HashMap<String, usize>,
}

impl Catalog {
    /// The catalog shipped with the crate ([`EMBEDDED_CSV`]), parsed once.
    pub fn embedded() -> &'static Catalog {
        static EMBEDDED: LazyLock<Catalog> = LazyLock::new(|| {
            Catalog::from_csv(EMBEDDED_CSV).expect("the embedded catalog is checked by the tests")
        });
        &EMBEDDED
    }

    /// Parses a catalog: `#` comment lines, the header `system,code,family,description`, then
    /// one code per row. Codes are stored as written in the file, which must already be
    /// normalised. Fails on the first bad row, naming its line.
    pub fn from_csv(text: &str) -> Result<Catalog, CatalogError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .comment(Some(b'#'))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut entries = Vec::new();
        let mut by_code = HashMap::new();
        let mut lines: HashMap<String, u64> = HashMap::new();
        let mut seen_header = false;
        for result in reader.records() {
            let record = result.map_err(|error| CatalogError::Csv {
                line: error
                    .position()
                    .map_or(0, |position| record_line(text, position.byte())),
                message: error.to_string(),
            })?;
            let line = record
                .position()
                .map_or(0, |position| record_line(text, position.byte()));
            let fields: Vec<&str> = record.iter().collect();
            if !seen_header {
                if fields != ["system", "code", "family", "description"] {
                    return Err(CatalogError::Header { line });
                }
                seen_header = true;
                continue;
            }
            let entry = parse_row(line, &fields)?;
            if let Some(&first) = lines.get(&entry.code) {
                return Err(CatalogError::Duplicate {
                    line,
                    code: entry.code,
                    first,
                });
            }
            lines.insert(entry.code.clone(), line);
            by_code.insert(entry.code.clone(), entries.len());
            entries.push(entry);
        }
        if !seen_header {
            return Err(CatalogError::Empty);
        }
        Ok(Catalog { entries, by_code })
    }

    /// Every entry, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry for a code written any way [`normalise`] accepts (`"fa-01.01"`, `" 101 "`),
    /// including a family on its own (`"FA"`, `"1"`); `None` when the catalog does not list it.
    pub fn lookup(&self, code: &str) -> Option<&Entry> {
        self.by_code
            .get(&clean(code))
            .map(|&index| &self.entries[index])
    }

    /// Entries whose code starts with the text (written any way [`normalise`] accepts), or
    /// whose description contains every word of it, ignoring case and accents. A blank text
    /// gives every entry. File order.
    pub fn search(&self, text: &str) -> Vec<&Entry> {
        let prefix = clean(text);
        let words: Vec<String> = fold(text).split_whitespace().map(str::to_string).collect();
        self.entries
            .iter()
            .filter(|entry| {
                entry.code.starts_with(&prefix) || {
                    let description = fold(&entry.description);
                    words.iter().all(|word| description.contains(word.as_str()))
                }
            })
            .collect()
    }

    /// The general concepts (each family's own row), in file order.
    pub fn families(&self) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|entry| entry.is_general_concept())
            .collect()
    }
}

/// One data row, checked: known system, code of the system's shape, family matching the code.
fn parse_row(line: u64, fields: &[&str]) -> Result<Entry, CatalogError> {
    let &[system, code, family, description] = fields else {
        return Err(CatalogError::Fields {
            line,
            found: fields.len(),
        });
    };
    let system = match system {
        "2284" => System::Res2284,
        "3047" => System::Res3047,
        other => {
            return Err(CatalogError::System {
                line,
                system: other.to_string(),
            });
        }
    };
    let code_family = match system {
        System::Res2284 => family_2284(code)
            .filter(|_| matches!(code.len(), 2 | 4 | 6) && all_digits(&code[2..]))
            .map(str::to_string),
        System::Res3047 => code
            .chars()
            .next()
            .filter(|first| {
                FAMILIES_3047.contains(first) && matches!(code.len(), 1 | 3) && all_digits(code)
            })
            .map(String::from),
    };
    let Some(code_family) = code_family else {
        return Err(CatalogError::Shape {
            line,
            system,
            code: code.to_string(),
        });
    };
    if code_family != family {
        return Err(CatalogError::Family {
            line,
            code: code.to_string(),
            family: family.to_string(),
        });
    }
    if description.is_empty() {
        return Err(CatalogError::Description {
            line,
            code: code.to_string(),
        });
    }
    Ok(Entry {
        system,
        code: code.to_string(),
        family: code_family,
        description: description.to_string(),
    })
}

/// The 1-based line of the record whose read started at `byte`.
///
/// The reader's own line count leaves out the comment lines it skips, and a record's position
/// is where the read began (after the previous record), so the record itself is on the first
/// line from there that is neither blank nor a comment.
fn record_line(text: &str, byte: u64) -> u64 {
    let start = usize::try_from(byte).map_or(text.len(), |byte| byte.min(text.len()));
    let mut offset = start;
    for line in text.get(start..).unwrap_or("").split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.is_empty() && !content.starts_with('#') {
            break;
        }
        offset += line.len();
    }
    let before = text.get(..offset).unwrap_or(text);
    before.matches('\n').count() as u64 + 1
}

/// The 2284 family a text starts with (its first two characters), if it is a known one.
fn family_2284(code: &str) -> Option<&'static str> {
    let prefix = code.get(..2)?;
    FAMILIES_2284
        .iter()
        .copied()
        .find(|family| *family == prefix)
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|byte| byte.is_ascii_digit())
}

/// Drops whitespace, dashes and dots and upper-cases ASCII letters.
fn clean(raw: &str) -> String {
    raw.chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.')))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Lower-cases and drops Spanish accents, so `"autorizacion"` finds `"Autorización"`.
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ë' => 'e',
            'í' | 'ì' | 'ï' => 'i',
            'ó' | 'ò' | 'ö' => 'o',
            'ú' | 'ù' | 'ü' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests;
