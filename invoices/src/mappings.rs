//! Per-issuer extraction mappings: one TOML file per issuer in a folder.
//!
//! A mapping applies to a document when every one of its keywords appears in the text
//! (case-insensitive). It then reads each field with a regex (capture group 1, or the whole
//! match when the regex has no group) or sets it to a constant, and optionally reads line items
//! with one regex applied to each line of text.
//!
//! ```toml
//! # mappings/acme.toml
//! name = "ACME S.A.C."                    # optional; defaults to the file stem
//! keywords = ["ACME S.A.C.", "20100070970"] # all must appear (case-insensitive) for the mapping to apply
//! decimal_separator = ","                  # optional: "," or "."; otherwise guessed per value
//! date_formats = ["%d/%m/%Y", "%d-%b-%Y"]  # optional strftime formats tried in order before the built-in date parser
//! [fields]
//! invoice_number = 'N[°º]\s*([A-Z0-9-]+)'  # a regex; capture group 1 (or the whole match) is the value
//! total = 'TOTAL A PAGAR\s*S/\s*([\d.,]+)'
//! issuer_name = { value = "ACME S.A.C." } # a constant
//! issuer_tax_id = { value = "20100070970" }
//! currency = { value = "PEN" }
//! [lines]                                  # optional: one regex with named groups description, quantity, unit_price, amount, applied per line of text
//! pattern = '^(?P<quantity>\d+)\s+(?P<description>.+?)\s+(?P<unit_price>[\d.,]+)\s+(?P<amount>[\d.,]+)$'
//! ```
//!
//! Field names are those of [`FieldName`]. Values are parsed for the field's
//! [kind](FieldName::kind) and normalised: amounts as plain decimals (`1234.50`), dates as
//! `YYYY-MM-DD`, currencies as upper-case ISO 4217 codes, text with its whitespace collapsed.
//! When a field regex matches several times, the first match whose value parses wins; a field
//! with no such match is left out. In field regexes `^` and `$` match at line boundaries.
//! A line whose `[lines]` match has a number that does not parse is not a line item, so table
//! headers never become items.
//!
//! [`parse`] and [`load_dir`] report every mistake as a [`MappingProblem`] with the file, the
//! 1-based line (0 when the problem is not on a line, such as an unreadable file) and what is
//! wrong.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::fmt::strtime;
use jiff::tz::TimeZone;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::amounts::{self, DecimalSeparator};
use crate::dates::{self, DateOrder};
use crate::{Extraction, FieldKind, FieldName, FieldSource, FieldValue, LineItem, MappingProblem};

#[cfg(test)]
mod tests;

/// How sure a mapping is of what it reads: the issuer's layout is known.
const CONFIDENCE: f32 = 0.95;

/// The named groups a `[lines]` pattern may use; `description` is required.
const LINE_GROUPS: [&str; 4] = ["description", "quantity", "unit_price", "amount"];

/// One issuer's mapping, ready to apply.
#[derive(Debug, Clone)]
pub struct Mapping {
    name: String,
    file: PathBuf,
    /// Lower-cased, so matching is case-insensitive.
    keywords: Vec<String>,
    values: ValueFormat,
    fields: Vec<(FieldName, Rule)>,
    lines: Option<Regex>,
}

/// How a mapping finds one field.
#[derive(Debug, Clone)]
enum Rule {
    /// Capture group 1 (or the whole match) of the first match whose value parses.
    Pattern(Regex),
    /// A value checked and normalised when the mapping loaded.
    Constant(String),
}

impl Mapping {
    /// The mapping's name: its `name` key, or the file stem.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file it was loaded from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Whether every keyword appears in `lowered`, the document text in lower case.
    fn matches(&self, lowered: &str) -> bool {
        self.keywords
            .iter()
            .all(|keyword| lowered.contains(keyword.as_str()))
    }

    /// Reads every field and line item the mapping describes from `text`.
    fn extract(&self, text: &str) -> Extraction {
        let mut extraction = Extraction::default();
        for (name, rule) in &self.fields {
            let value = match rule {
                Rule::Constant(value) => Some(value.clone()),
                Rule::Pattern(regex) => self.find(regex, *name, text),
            };
            if let Some(value) = value {
                extraction.fill(
                    *name,
                    FieldValue::new(value, FieldSource::Mapping, CONFIDENCE),
                );
            }
        }
        if let Some(regex) = &self.lines {
            extraction.line_items = text
                .lines()
                .filter_map(|line| self.line_item(regex, line.trim_end()))
                .collect();
        }
        extraction
    }

    /// The normalised value of the first match of `regex` whose value parses as `name`.
    fn find(&self, regex: &Regex, name: FieldName, text: &str) -> Option<String> {
        let group = usize::from(regex.captures_len() > 1);
        regex
            .captures_iter(text)
            .filter_map(|captures| captures.get(group))
            .find_map(|found| self.values.field(name, found.as_str()))
    }

    /// The line item `line` holds, when the `[lines]` pattern matches it and its numbers parse.
    fn line_item(&self, regex: &Regex, line: &str) -> Option<LineItem> {
        let captures = regex.captures(line)?;
        let group = |name: &str| captures.name(name).map(|found| found.as_str());
        self.values.line_item(
            group("description")?,
            group("quantity"),
            group("unit_price"),
            group("amount"),
        )
    }
}

/// Every mapping loaded from a folder, in file-name order.
#[derive(Debug, Default, Clone)]
pub struct MappingSet {
    mappings: Vec<Mapping>,
}

impl MappingSet {
    /// The mappings' names, in the order they are tried.
    pub fn names(&self) -> Vec<String> {
        self.mappings
            .iter()
            .map(|mapping| mapping.name.clone())
            .collect()
    }

    pub fn len(&self) -> usize {
        self.mappings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.mappings.is_empty()
    }

    /// Applies the first mapping whose keywords all appear in `text`, returning its name and
    /// what it read; `None` when no mapping applies.
    pub fn apply(&self, text: &str) -> Option<(String, Extraction)> {
        let lowered = text.to_lowercase();
        let mapping = self
            .mappings
            .iter()
            .find(|mapping| mapping.matches(&lowered))?;
        Some((mapping.name.clone(), mapping.extract(text)))
    }
}

/// Loads every `*.toml` file directly in `dir`, sorted by file name. A missing folder is an
/// empty set; a file that cannot be read or is not a valid mapping becomes a problem and the
/// others still load.
pub fn load_dir(dir: &Path) -> (MappingSet, Vec<MappingProblem>) {
    let mut set = MappingSet::default();
    let mut problems = Vec::new();
    let files = match mapping_files(dir) {
        Ok(files) => files,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return (set, problems),
        Err(error) => {
            problems.push(problem(dir, 0, format!("cannot list the folder: {error}")));
            return (set, problems);
        }
    };
    for file in files {
        let loaded = fs::read_to_string(&file)
            .map_err(|error| problem(&file, 0, format!("cannot read the file: {error}")))
            .and_then(|text| parse(&file, &text));
        match loaded {
            Ok(mapping) => set.mappings.push(mapping),
            Err(problem) => problems.push(problem),
        }
    }
    (set, problems)
}

/// The `*.toml` files directly in `dir`, sorted by file name (glosas' payer mappings are
/// found the same way).
pub fn mapping_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let is_toml = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"));
        if is_toml && path.is_file() {
            files.push(path);
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

/// Parses and checks one mapping; `file` names it in problems and gives the default name.
pub fn parse(file: &Path, text: &str) -> Result<Mapping, MappingProblem> {
    let source = Source { file, text };
    let raw: RawMapping = toml::from_str(text).map_err(|error| {
        let line = error.span().map_or(0, |span| line_of(text, &span));
        problem(file, line, error.message().trim())
    })?;
    let keywords = source.keywords(&raw.keywords)?;
    let values = ValueFormat {
        decimal_separator: source.decimal_separator(raw.decimal_separator.as_ref())?,
        date_formats: source.date_formats(raw.date_formats)?,
    };
    let fields = raw
        .fields
        .into_iter()
        .map(|(key, rule)| source.field_rule(&key, rule.into_inner(), &values))
        .collect::<Result<Vec<_>, _>>()?;
    let lines = raw
        .lines
        .map(|RawLines { pattern }| {
            compile_lines(pattern.get_ref())
                .map_err(|message| source.at(&pattern, &format!("lines.pattern: {message}")))
        })
        .transpose()?;
    if fields.is_empty() && lines.is_none() {
        return Err(problem(
            file,
            1,
            "the mapping has no [fields] and no [lines], so it would read nothing",
        ));
    }
    let name = raw
        .name
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| {
            file.file_stem()
                .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned())
        });
    Ok(Mapping {
        name,
        file: file.to_path_buf(),
        keywords,
        values,
        fields,
        lines,
    })
}

/// The mapping file being checked, to turn spans into problems.
struct Source<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    /// A problem on the line where `spanned` starts.
    fn at<T>(&self, spanned: &Spanned<T>, message: &str) -> MappingProblem {
        problem(self.file, line_of(self.text, &spanned.span()), message)
    }

    /// The keywords, lower-cased; at least one and none blank.
    fn keywords(&self, keywords: &Spanned<Vec<String>>) -> Result<Vec<String>, MappingProblem> {
        let lowered: Vec<String> = keywords
            .get_ref()
            .iter()
            .map(|keyword| keyword.trim().to_lowercase())
            .collect();
        if lowered.is_empty() || lowered.iter().any(String::is_empty) {
            return Err(self.at(
                keywords,
                "keywords must list at least one word and none may be blank, or the mapping \
                 would apply to every document",
            ));
        }
        Ok(lowered)
    }

    fn decimal_separator(
        &self,
        separator: Option<&Spanned<String>>,
    ) -> Result<Option<DecimalSeparator>, MappingProblem> {
        let Some(separator) = separator else {
            return Ok(None);
        };
        match separator.get_ref().as_str() {
            "," => Ok(Some(DecimalSeparator::Comma)),
            "." => Ok(Some(DecimalSeparator::Dot)),
            other => Err(self.at(
                separator,
                &format!("decimal_separator must be \",\" or \".\", not {other:?}"),
            )),
        }
    }

    fn date_formats(&self, formats: Vec<Spanned<String>>) -> Result<Vec<String>, MappingProblem> {
        formats
            .into_iter()
            .map(|format| match check_date_format(format.get_ref()) {
                Ok(()) => Ok(format.into_inner()),
                Err(message) => Err(self.at(&format, &message)),
            })
            .collect()
    }

    /// The field `key` names and how to find it; a constant is normalised now, so a bad one is
    /// a problem at load time rather than a silently missing value.
    fn field_rule(
        &self,
        key: &Spanned<String>,
        rule: RawRule,
        values: &ValueFormat,
    ) -> Result<(FieldName, Rule), MappingProblem> {
        let name: FieldName = key
            .get_ref()
            .parse()
            .map_err(|message: String| self.at(key, &message))?;
        let rule = match rule {
            RawRule::Pattern(pattern) => compile(&pattern).map(Rule::Pattern),
            RawRule::Constant(RawConstant { value }) => values
                .field(name, &value)
                .map(Rule::Constant)
                .ok_or_else(|| format!("{value:?} is not a valid {}", kind_name(name))),
        };
        rule.map(|rule| (name, rule))
            .map_err(|message| self.at(key, &format!("fields.{name}: {message}")))
    }
}

/// A mapping file as written, before checking.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    #[serde(default)]
    name: Option<String>,
    keywords: Spanned<Vec<String>>,
    #[serde(default)]
    decimal_separator: Option<Spanned<String>>,
    #[serde(default)]
    date_formats: Vec<Spanned<String>>,
    #[serde(default)]
    fields: BTreeMap<Spanned<String>, Spanned<RawRule>>,
    #[serde(default)]
    lines: Option<RawLines>,
}

#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "expected a regex string or a constant like { value = \"...\" }"
)]
enum RawRule {
    Pattern(String),
    Constant(RawConstant),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstant {
    value: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLines {
    pattern: Spanned<String>,
}

/// Compiles a field regex, with `^` and `$` matching at line boundaries.
fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .multi_line(true)
        .build()
        .map_err(|error| regex_message(&error))
}

/// Compiles the `[lines]` pattern and checks its named groups.
fn compile_lines(pattern: &str) -> Result<Regex, String> {
    let regex = Regex::new(pattern).map_err(|error| regex_message(&error))?;
    let mut groups = regex.capture_names().flatten();
    if let Some(unknown) = groups.find(|group| !LINE_GROUPS.contains(group)) {
        return Err(format!(
            "unknown group {unknown:?}: use {}",
            LINE_GROUPS.join(", ")
        ));
    }
    if !regex
        .capture_names()
        .flatten()
        .any(|group| group == "description")
    {
        return Err("the regex needs a (?P<description>...) group".to_owned());
    }
    Ok(regex)
}

/// A one-line message for a regex that does not compile. The syntax error's own text draws
/// the pattern with a caret under the mistake; only its last line says what is wrong.
fn regex_message(error: &regex::Error) -> String {
    let reason = match error {
        regex::Error::Syntax(text) => text
            .lines()
            .last()
            .unwrap_or(text)
            .trim_start_matches("error: ")
            .to_owned(),
        other => other.to_string(),
    };
    format!("the regex does not compile: {reason}")
}

/// Checks that a strftime format is valid and yields a date, by formatting a fixed moment
/// with it and reading the result back.
fn check_date_format(format: &str) -> Result<(), String> {
    let moment = jiff::Timestamp::UNIX_EPOCH.to_zoned_datetime(TimeZone::UTC);
    strtime::format(format, &moment)
        .and_then(|written| strtime::parse(format, written))
        .and_then(|parsed| parsed.to_date())
        .map(drop)
        .map_err(|error| format!("date_formats: {format:?} is not a usable date format: {error}"))
}

fn kind_name(name: FieldName) -> &'static str {
    match name.kind() {
        FieldKind::Text => "text",
        FieldKind::Date => "date",
        FieldKind::Amount => "amount",
        FieldKind::Currency => "currency code",
    }
}

/// The 1-based line where `span` starts.
fn line_of(text: &str, span: &Range<usize>) -> u32 {
    let before = &text.as_bytes()[..span.start.min(text.len())];
    let lines = before.split(|byte| *byte == b'\n').count();
    u32::try_from(lines).unwrap_or(u32::MAX)
}

fn problem(file: &Path, line: u32, message: impl Into<String>) -> MappingProblem {
    MappingProblem {
        file: file.display().to_string(),
        line,
        message: message.into(),
    }
}

/// How to read the values of one document: a mapping's hints, or the conventions an LLM is
/// told to follow. Shared with [`crate::llm`] so both normalise values the same way.
#[derive(Debug, Clone, Default)]
pub(crate) struct ValueFormat {
    /// Which character separates decimals; `None` guesses per value.
    pub(crate) decimal_separator: Option<DecimalSeparator>,
    /// strftime formats tried in order before [`dates::parse_date`].
    pub(crate) date_formats: Vec<String>,
}

impl ValueFormat {
    /// Parses `raw` for the kind of field `name` is and normalises it; `None` when it does not
    /// parse.
    pub(crate) fn field(&self, name: FieldName, raw: &str) -> Option<String> {
        match name.kind() {
            FieldKind::Text => text(raw),
            FieldKind::Amount => self.amount(raw),
            FieldKind::Date => self.date(raw),
            FieldKind::Currency => currency(raw),
        }
    }

    /// A line item from its raw parts; `None` when the description is blank or a number given
    /// does not parse.
    pub(crate) fn line_item(
        &self,
        description: &str,
        quantity: Option<&str>,
        unit_price: Option<&str>,
        amount: Option<&str>,
    ) -> Option<LineItem> {
        let number = |raw: Option<&str>| match raw {
            None => Some(None),
            Some(raw) => self.amount(raw).map(Some),
        };
        Some(LineItem {
            description: text(description)?,
            quantity: number(quantity)?,
            unit_price: number(unit_price)?,
            amount: number(amount)?,
        })
    }

    fn amount(&self, raw: &str) -> Option<String> {
        amounts::parse_amount(raw.trim(), self.decimal_separator).map(amounts::normalize)
    }

    fn date(&self, raw: &str) -> Option<String> {
        let raw = raw.trim();
        self.date_formats
            .iter()
            .find_map(|format| strtime::parse(format, raw).and_then(|tm| tm.to_date()).ok())
            .or_else(|| dates::parse_date(raw, DateOrder::DayFirst))
            .map(|date| date.to_string())
    }
}

/// Text with its whitespace collapsed; `None` when blank.
fn text(raw: &str) -> Option<String> {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

/// An upper-case ISO 4217 code from a code in any case or an unambiguous symbol.
fn currency(raw: &str) -> Option<String> {
    const SYMBOLS: [(&str, &str); 6] = [
        ("S/", "PEN"),
        ("S/.", "PEN"),
        ("US$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("R$", "BRL"),
    ];
    let raw = raw.trim();
    if let Some((_, code)) = SYMBOLS
        .iter()
        .find(|(symbol, _)| symbol.eq_ignore_ascii_case(raw))
    {
        return Some((*code).to_owned());
    }
    (raw.len() == 3 && raw.bytes().all(|byte| byte.is_ascii_alphabetic()))
        .then(|| raw.to_ascii_uppercase())
}
