//! Per-payer mapping files, for spreadsheets whose headers the synonyms miss: one TOML file per
//! payer in a folder.
//!
//! ```toml
//! # mappings/salud-andina.toml
//! payer_nit = "800123456-1"       # required; matched on the digits before the check digit
//! payer_name = "EPS Salud Andina" # optional: fills the notice when the sheet does not say
//! sheet = "Detalle"               # optional: the sheet holding the items (default: the first with a header row)
//! header_row = 7                  # optional: 1-based row of the column headers
//! [columns]                       # optional: field = the header text as written (case and accents ignored) or a column letter
//! code = "Motivo"
//! objected = "Vlr. Objeción"
//! invoice = "C"
//! [cells]                         # optional: header values at fixed cells
//! number = "B2"
//! notice_date = "B3"
//! ```
//!
//! Column fields: `code`, `description`, `service_code`, `quantity`, `invoiced`, `objected`,
//! `invoice`, `invoice_prefix`, `payer_nit`, `provider_nit`. Cell fields: `payer_name`,
//! `payer_nit`, `provider_name`, `provider_nit`, `number`, `notice_date`, `filed_date`,
//! `invoices`, `total_invoiced`, `total_objected`, `kind`.
//!
//! [`Mappings::load_dir`] reports every mistake as a [`MappingError`] naming the file and the
//! 1-based line (0 when the problem is not on a line, such as an unreadable file).

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::labels::{Column, HeaderField, words};

/// A mapping file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct MappingError {
    pub file: String,
    pub line: u32,
    pub message: String,
}

/// Where a mapped column is: by its header text or by its letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ColumnRef {
    /// The header's canonical words (see `labels::words`).
    Header(Vec<String>),
    /// A 0-based column index, from a letter such as `C`.
    Index(usize),
}

/// One payer's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    file: PathBuf,
    /// The NIT's digits without the check digit.
    pub(crate) nit_digits: String,
    pub(crate) payer_nit: String,
    pub(crate) payer_name: Option<String>,
    pub(crate) sheet: Option<String>,
    /// 0-based.
    pub(crate) header_row: Option<usize>,
    pub(crate) columns: Vec<(Column, ColumnRef)>,
    /// Header fields at (0-based row, 0-based column).
    pub(crate) cells: Vec<(HeaderField, (usize, usize))>,
}

impl Mapping {
    /// The file the mapping was loaded from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The payer NIT it applies to, as written in the file.
    pub fn payer_nit(&self) -> &str {
        &self.payer_nit
    }

    /// Parses and checks one mapping file; `file` names it in errors.
    pub fn parse(file: &Path, text: &str) -> Result<Self, MappingError> {
        let at = |span: Range<usize>, message: String| MappingError {
            file: file.display().to_string(),
            line: line_of(text, &span),
            message,
        };
        let raw: RawMapping = toml::from_str(text).map_err(|error| {
            let span = error.span().unwrap_or(0..0);
            at(span, error.message().trim().to_owned())
        })?;
        let nit_digits = nit_digits(raw.payer_nit.get_ref()).ok_or_else(|| {
            at(
                raw.payer_nit.span(),
                format!(
                    "payer_nit {:?} is not a NIT (6 to 15 digits, check digit optional)",
                    raw.payer_nit.get_ref()
                ),
            )
        })?;
        let header_row = match raw.header_row {
            None => None,
            Some(row) if *row.get_ref() >= 1 && *row.get_ref() <= 1000 => {
                Some(*row.get_ref() as usize - 1)
            }
            Some(row) => {
                return Err(at(
                    row.span(),
                    format!(
                        "header_row must be between 1 and 1000, not {}",
                        row.get_ref()
                    ),
                ));
            }
        };
        let mut columns = Vec::new();
        for (key, value) in raw.columns {
            let column = Column::ALL
                .into_iter()
                .find(|column| column.key() == key.get_ref())
                .ok_or_else(|| {
                    at(
                        key.span(),
                        format!(
                            "columns.{}: unknown field; use one of {}",
                            key.get_ref(),
                            Column::ALL.map(Column::key).join(", ")
                        ),
                    )
                })?;
            let reference = column_ref(value.get_ref())
                .ok_or_else(|| at(value.span(), format!("columns.{}: empty", key.get_ref())))?;
            columns.push((column, reference));
        }
        let mut cells = Vec::new();
        for (key, value) in raw.cells {
            let field = CELL_FIELDS
                .iter()
                .find(|(name, _)| name == key.get_ref())
                .map(|(_, field)| *field)
                .ok_or_else(|| {
                    let names: Vec<&str> = CELL_FIELDS.iter().map(|(name, _)| *name).collect();
                    at(
                        key.span(),
                        format!(
                            "cells.{}: unknown field; use one of {}",
                            key.get_ref(),
                            names.join(", ")
                        ),
                    )
                })?;
            let position = cell_position(value.get_ref()).ok_or_else(|| {
                at(
                    value.span(),
                    format!(
                        "cells.{}: {:?} is not a cell such as \"B3\"",
                        key.get_ref(),
                        value.get_ref()
                    ),
                )
            })?;
            cells.push((field, position));
        }
        Ok(Self {
            file: file.to_path_buf(),
            nit_digits,
            payer_nit: raw.payer_nit.into_inner(),
            payer_name: raw.payer_name,
            sheet: raw.sheet,
            header_row,
            columns,
            cells,
        })
    }
}

/// Every mapping loaded from a folder, by payer NIT.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mappings {
    mappings: Vec<Mapping>,
}

impl Mappings {
    /// Loads every `*.toml` file directly in `dir`, sorted by file name. A missing folder gives
    /// no mappings; a file that cannot be read, is not a valid mapping or repeats another file's
    /// payer NIT becomes an error, and the others still load.
    pub fn load_dir(dir: &Path) -> (Self, Vec<MappingError>) {
        let mut loaded = Self::default();
        let mut errors = Vec::new();
        let files = match centralita_invoices::mappings::mapping_files(dir) {
            Ok(files) => files,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return (loaded, errors),
            Err(error) => {
                errors.push(file_error(dir, format!("cannot list the folder: {error}")));
                return (loaded, errors);
            }
        };
        for file in files {
            let mapping = fs::read_to_string(&file)
                .map_err(|error| file_error(&file, format!("cannot read the file: {error}")))
                .and_then(|text| Mapping::parse(&file, &text));
            match mapping {
                Ok(mapping) => {
                    if let Some(first) = loaded.get(&mapping.nit_digits) {
                        errors.push(file_error(
                            &file,
                            format!(
                                "payer_nit {} is already mapped by {}",
                                mapping.payer_nit,
                                first.file.display()
                            ),
                        ));
                    } else {
                        loaded.mappings.push(mapping);
                    }
                }
                Err(error) => errors.push(error),
            }
        }
        (loaded, errors)
    }

    /// Mappings from ones already parsed (tests, or a caller with its own storage). A later
    /// mapping for a NIT already present is ignored.
    pub fn from_mappings(mappings: impl IntoIterator<Item = Mapping>) -> Self {
        let mut loaded = Self::default();
        for mapping in mappings {
            if loaded.get(&mapping.nit_digits).is_none() {
                loaded.mappings.push(mapping);
            }
        }
        loaded
    }

    pub fn len(&self) -> usize {
        self.mappings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.mappings.is_empty()
    }

    /// The mapping for a payer NIT (check digit optional, dots allowed).
    pub fn get(&self, nit: &str) -> Option<&Mapping> {
        let digits = nit_digits(nit)?;
        self.mappings
            .iter()
            .find(|mapping| mapping.nit_digits == digits)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Mapping> {
        self.mappings.iter()
    }
}

/// Cell field names and what they fill.
const CELL_FIELDS: [(&str, HeaderField); 11] = [
    ("payer_name", HeaderField::PayerName),
    ("payer_nit", HeaderField::PayerNit),
    ("provider_name", HeaderField::ProviderName),
    ("provider_nit", HeaderField::ProviderNit),
    ("number", HeaderField::Number),
    ("notice_date", HeaderField::NoticeDate),
    ("filed_date", HeaderField::FiledDate),
    ("invoices", HeaderField::Invoices),
    ("total_invoiced", HeaderField::TotalInvoiced),
    ("total_objected", HeaderField::TotalObjected),
    ("kind", HeaderField::Kind),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    payer_nit: Spanned<String>,
    #[serde(default)]
    payer_name: Option<String>,
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    header_row: Option<Spanned<i64>>,
    #[serde(default)]
    columns: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    cells: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// The digits of a NIT before its check digit: `800.123.456-1` and `800123456` give
/// `800123456`.
pub(crate) fn nit_digits(nit: &str) -> Option<String> {
    let base = nit
        .trim()
        .rsplit_once('-')
        .map_or(nit.trim(), |(base, _)| base);
    let digits: String = base.chars().filter(char::is_ascii_digit).collect();
    let only_digits = base
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ' '));
    (only_digits && (6..=15).contains(&digits.len())).then_some(digits)
}

/// A column letter (`A`…`CV`) or header text.
fn column_ref(value: &str) -> Option<ColumnRef> {
    let value = value.trim();
    if (1..=2).contains(&value.len()) && value.chars().all(|c| c.is_ascii_uppercase()) {
        return column_index(value).map(ColumnRef::Index);
    }
    let header: Vec<String> = words(value).into_iter().map(|word| word.word).collect();
    (!header.is_empty()).then_some(ColumnRef::Header(header))
}

fn column_index(letters: &str) -> Option<usize> {
    letters
        .bytes()
        .try_fold(0_usize, |index, letter| {
            letter
                .is_ascii_uppercase()
                .then(|| index * 26 + usize::from(letter - b'A') + 1)
        })
        .map(|index| index - 1)
}

/// `B3` as (row 2, column 1), 0-based.
fn cell_position(value: &str) -> Option<(usize, usize)> {
    let value = value.trim().to_ascii_uppercase();
    let split = value.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = value.split_at(split);
    if letters.is_empty() || letters.len() > 2 || digits.len() > 6 {
        return None;
    }
    let row: usize = digits.parse().ok()?;
    Some((row.checked_sub(1)?, column_index(letters)?))
}

fn file_error(file: &Path, message: String) -> MappingError {
    MappingError {
        file: file.display().to_string(),
        line: 0,
        message,
    }
}

/// The 1-based line where `span` starts.
fn line_of(text: &str, span: &Range<usize>) -> u32 {
    let before = &text.as_bytes()[..span.start.min(text.len())];
    let lines = before.split(|byte| *byte == b'\n').count();
    u32::try_from(lines).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{ColumnRef, Mapping, Mappings, cell_position, column_index};
    use crate::notice::labels::{Column, HeaderField};

    const GOOD: &str = r#"
payer_nit = "800.123.456-1"
payer_name = "EPS Salud Andina"
header_row = 7
[columns]
code = "Motivo"
invoice = "C"
[cells]
number = "B2"
"#;

    #[test]
    fn a_mapping_reads_columns_and_cells() {
        let mapping = Mapping::parse(Path::new("andina.toml"), GOOD).expect("valid");
        assert_eq!(mapping.nit_digits, "800123456");
        assert_eq!(mapping.header_row, Some(6));
        assert!(
            mapping
                .columns
                .contains(&(Column::Code, ColumnRef::Header(vec!["motivo".into()])))
        );
        assert!(
            mapping
                .columns
                .contains(&(Column::Invoice, ColumnRef::Index(2)))
        );
        assert_eq!(mapping.cells, vec![(HeaderField::Number, (1, 1))]);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let text = "payer_nit = \"800123456\"\n[columns]\ncodigo = \"Motivo\"\n";
        let error = Mapping::parse(Path::new("m/bad.toml"), text).expect_err("unknown field");
        assert_eq!(error.file, "m/bad.toml");
        assert_eq!(error.line, 3);
        assert!(error.message.contains("columns.codigo"), "{error}");
        assert!(error.to_string().starts_with("m/bad.toml:3: "), "{error}");

        let text = "payer_nit = \"abc\"\n";
        let error = Mapping::parse(Path::new("x.toml"), text).expect_err("bad nit");
        assert_eq!(error.line, 1);

        let text = "payer_nit = \"800123456\"\nheader = 3\n";
        let error = Mapping::parse(Path::new("x.toml"), text).expect_err("unknown key");
        assert_eq!(error.line, 2, "{error}");
    }

    #[test]
    fn a_folder_loads_sorted_and_reports_duplicates() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.toml"), GOOD).expect("write");
        std::fs::write(dir.path().join("b.toml"), "payer_nit = \"800123456\"\n").expect("write");
        std::fs::write(dir.path().join("c.toml"), "payer_nit = 3\n").expect("write");
        std::fs::write(dir.path().join("notes.txt"), "not a mapping").expect("write");
        let (mappings, errors) = Mappings::load_dir(dir.path());
        assert_eq!(mappings.len(), 1);
        assert!(mappings.get("800123456-1").is_some());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].file.ends_with("b.toml") && errors[0].message.contains("already mapped"));
        assert!(errors[1].file.ends_with("c.toml") && errors[1].line == 1);
        let (none, errors) = Mappings::load_dir(&dir.path().join("missing"));
        assert!(none.is_empty() && errors.is_empty());
    }

    #[test]
    fn cell_names() {
        assert_eq!(cell_position("B3"), Some((2, 1)));
        assert_eq!(cell_position("aa10"), Some((9, 26)));
        assert_eq!(cell_position("3B"), None);
        assert_eq!(column_index("A"), Some(0));
        assert_eq!(column_index("Z"), Some(25));
    }
}
