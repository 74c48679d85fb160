//! The accuracy harness: reads every document listed in a folder's `expected.json` with the
//! daemon's own pipeline (XML, embedded XML, text layer, OCR, mappings, rules; not the LLM)
//! and compares the fields. `centralitad accuracy DIR` prints the table.
//!
//! `expected.json` is a list of `{"file", "kind", "fields": {issuer_name, issuer_tax_id,
//! invoice_number, issue_date, currency, subtotal, tax, total}}` with `null` where the document
//! has no value. Amounts compare as numbers, names loosely (case, accents, punctuation and legal
//! suffixes aside; one containing the other counts), invoice numbers and tax ids without
//! separators, dates and currencies exactly.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use centralita_invoices::mappings::MappingSet;
use centralita_invoices::{Extraction, FieldKind, FieldName, amounts, detect};
use serde::Deserialize;

use super::read;
use super::store::squash;
use super::tools::Tools;

/// Fields `expected.json` labels, in the order the table prints them.
pub const FIELDS: [FieldName; 8] = [
    FieldName::IssuerName,
    FieldName::IssuerTaxId,
    FieldName::InvoiceNumber,
    FieldName::IssueDate,
    FieldName::Currency,
    FieldName::Subtotal,
    FieldName::Tax,
    FieldName::Total,
];

#[derive(Debug, Deserialize)]
struct Expected {
    file: String,
    kind: String,
    fields: BTreeMap<String, serde_json::Value>,
}

/// One labelled field of one document.
#[derive(Debug, Clone)]
pub struct FieldResult {
    pub field: FieldName,
    pub right: bool,
    pub found: Option<String>,
    pub expected: String,
    /// The extractor's confidence in what it found (`None` when it found nothing).
    pub confidence: Option<f32>,
}

/// One document's outcome.
#[derive(Debug)]
pub struct DocumentResult {
    pub file: String,
    pub kind: String,
    /// Every labelled field: found, expected, right or not.
    pub fields: Vec<FieldResult>,
    pub error: Option<String>,
}

/// Confidence bands the harness reports accuracy in, highest first: a lower bound and a name.
pub const BANDS: [(f32, &str); 3] = [(0.9, ">=0.9"), (0.6, "0.6-0.9"), (0.0, "<0.6")];

/// Totals over a run.
#[derive(Debug, Default)]
pub struct Report {
    pub documents: Vec<DocumentResult>,
}

impl Report {
    fn of_kind<'a>(&'a self, kind: Option<&'a str>) -> impl Iterator<Item = &'a DocumentResult> {
        self.documents
            .iter()
            .filter(move |document| kind.is_none_or(|kind| kind == document.kind))
    }

    /// The kinds of document in the run, sorted.
    pub fn kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self.documents.iter().map(|d| d.kind.clone()).collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// (right, labelled) per field, and per kind of document.
    pub fn per_field(&self, kind: Option<&str>) -> BTreeMap<FieldName, (u32, u32)> {
        let mut counts = BTreeMap::new();
        for field in self.of_kind(kind).flat_map(|document| &document.fields) {
            let entry = counts.entry(field.field).or_insert((0, 0));
            entry.0 += u32::from(field.right);
            entry.1 += 1;
        }
        counts
    }

    /// Right answers over labelled fields, 0–1.
    pub fn overall(&self, kind: Option<&str>) -> f64 {
        let (right, total) = self
            .per_field(kind)
            .values()
            .fold((0, 0), |(r, t), (right, total)| (r + right, t + total));
        ratio(right, total)
    }

    /// (documents with every labelled field right, documents with a labelled field).
    pub fn all_right(&self, kind: Option<&str>) -> (u32, u32) {
        self.of_kind(kind)
            .filter(|document| !document.fields.is_empty())
            .fold((0, 0), |(right, total), document| {
                let all = document.fields.iter().all(|field| field.right);
                (right + u32::from(all), total + 1)
            })
    }

    /// (right, found) per confidence band of [`BANDS`], then (0, missed) for fields nothing was
    /// found for.
    pub fn bands(&self, kind: Option<&str>) -> [(u32, u32); BANDS.len() + 1] {
        let mut counts = [(0, 0); BANDS.len() + 1];
        for field in self.of_kind(kind).flat_map(|document| &document.fields) {
            let slot = match field.confidence {
                Some(confidence) => BANDS
                    .iter()
                    .position(|(low, _)| confidence >= *low)
                    .unwrap_or(BANDS.len() - 1),
                None => BANDS.len(),
            };
            counts[slot].0 += u32::from(field.right);
            counts[slot].1 += 1;
        }
        counts
    }

    /// The table `centralitad accuracy` prints, with `name: value unit` summary lines.
    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        let kinds = self.kinds();
        let header = |out: &mut String, title: &str| {
            let _ = write!(out, "{title:<16}");
            for kind in &kinds {
                let _ = write!(out, "{kind:>14}");
            }
            let _ = writeln!(out, "{:>14}", "all");
        };
        let row = |out: &mut String, name: &str, cells: &dyn Fn(Option<&str>) -> String| {
            let _ = write!(out, "{name:<16}");
            for kind in &kinds {
                let _ = write!(out, "{:>14}", cells(Some(kind)));
            }
            let _ = writeln!(out, "{:>14}", cells(None));
        };
        header(&mut out, "field");
        for field in FIELDS {
            row(&mut out, field.as_str(), &|kind| {
                cell(self.per_field(kind).get(&field))
            });
        }
        row(&mut out, "overall", &|kind| {
            format!("{:.1}%", self.overall(kind) * 100.0)
        });
        row(&mut out, "docs all right", &|kind| {
            cell(Some(&self.all_right(kind)))
        });
        let _ = writeln!(out);
        header(&mut out, "confidence");
        let names = BANDS.iter().map(|(_, name)| *name).chain(["not found"]);
        for (slot, name) in names.enumerate() {
            row(&mut out, name, &|kind| {
                let (right, total) = self.bands(kind)[slot];
                if slot == BANDS.len() {
                    if total == 0 {
                        "-".to_owned()
                    } else {
                        total.to_string()
                    }
                } else {
                    band_cell(right, total)
                }
            });
        }
        for document in &self.documents {
            if let Some(error) = &document.error {
                let _ = writeln!(out, "error: {}: {error}", document.file);
            }
            if verbose {
                for field in document.fields.iter().filter(|field| !field.right) {
                    let _ = writeln!(
                        out,
                        "miss: {} {}: found {:?} ({}), expected {:?}",
                        document.file,
                        field.field,
                        field.found.as_deref().unwrap_or("nothing"),
                        field
                            .confidence
                            .map_or_else(|| "-".to_owned(), |c| format!("{c:.2}")),
                        field.expected
                    );
                }
            }
        }
        for kind in kinds.iter().map(|kind| Some(kind.as_str())).chain([None]) {
            let name = kind.unwrap_or("overall");
            let _ = writeln!(out, "accuracy_{name}: {:.1} %", self.overall(kind) * 100.0);
            let (right, total) = self.all_right(kind);
            let _ = writeln!(
                out,
                "all_right_{name}: {:.1} %",
                ratio(right, total) * 100.0
            );
        }
        out
    }

    /// The same figures as [`Report::render`] as one JSON object, for scripts.
    pub fn to_json(&self) -> serde_json::Value {
        let summary = |kind: Option<&str>| {
            let fields: serde_json::Map<String, serde_json::Value> = self
                .per_field(kind)
                .into_iter()
                .map(|(field, (right, total))| {
                    (
                        field.as_str().to_owned(),
                        serde_json::json!({"right": right, "total": total}),
                    )
                })
                .collect();
            let bands = self.bands(kind);
            let mut confidence: serde_json::Map<String, serde_json::Value> = BANDS
                .iter()
                .zip(bands)
                .map(|((_, name), (right, total))| {
                    (
                        (*name).to_owned(),
                        serde_json::json!({"right": right, "total": total}),
                    )
                })
                .collect();
            confidence.insert(
                "not_found".to_owned(),
                serde_json::json!(bands[BANDS.len()].1),
            );
            let (right, total) = self.all_right(kind);
            serde_json::json!({
                "fields": fields,
                "accuracy": self.overall(kind),
                "documents_all_right": {"right": right, "total": total},
                "confidence": confidence,
            })
        };
        let kinds: serde_json::Map<String, serde_json::Value> = self
            .kinds()
            .into_iter()
            .map(|kind| {
                let value = summary(Some(&kind));
                (kind, value)
            })
            .collect();
        serde_json::json!({"kinds": kinds, "overall": summary(None)})
    }
}

fn ratio(right: u32, total: u32) -> f64 {
    if total == 0 {
        1.0
    } else {
        f64::from(right) / f64::from(total)
    }
}

fn cell(counts: Option<&(u32, u32)>) -> String {
    match counts {
        Some((right, total)) if *total > 0 => format!("{right}/{total}"),
        _ => "-".to_owned(),
    }
}

/// `right/total pct`, or `-` for an empty band.
fn band_cell(right: u32, total: u32) -> String {
    if total == 0 {
        return "-".to_owned();
    }
    format!(
        "{right}/{total} {:.0}%",
        f64::from(right) / f64::from(total) * 100.0
    )
}

/// Reads every document of `dir`'s `expected.json` (only those of the kinds in `only`, when it
/// names some); `progress` is told each file as it starts.
pub async fn run(
    dir: &Path,
    tools: &Tools,
    mappings: &MappingSet,
    only: &[String],
    mut progress: impl FnMut(usize, usize, &str),
) -> anyhow::Result<Report> {
    let listing = std::fs::read_to_string(dir.join("expected.json"))
        .map_err(|error| anyhow::anyhow!("{}: {error}", dir.join("expected.json").display()))?;
    let mut expected: Vec<Expected> = serde_json::from_str(&listing)
        .map_err(|error| anyhow::anyhow!("{}: {error}", dir.join("expected.json").display()))?;
    if !only.is_empty() {
        expected.retain(|entry| only.contains(&entry.kind));
    }
    let mut report = Report::default();
    for (index, entry) in expected.iter().enumerate() {
        progress(index, expected.len(), &entry.file);
        report
            .documents
            .push(read_one(dir, entry, tools, mappings).await);
    }
    Ok(report)
}

async fn read_one(
    dir: &Path,
    entry: &Expected,
    tools: &Tools,
    mappings: &MappingSet,
) -> DocumentResult {
    let mut result = DocumentResult {
        file: entry.file.clone(),
        kind: entry.kind.clone(),
        fields: Vec::new(),
        error: None,
    };
    let extraction = match std::fs::read(dir.join(&entry.file)) {
        Err(error) => {
            result.error = Some(error.to_string());
            Extraction::default()
        }
        Ok(bytes) => match detect::detect(&bytes) {
            detect::Detected::Refused(what) => {
                result.error = Some(format!("refused: {what}"));
                Extraction::default()
            }
            detect::Detected::Accepted(kind) => {
                match read::read(tools, mappings, kind, &bytes).await {
                    Ok(reading) => reading.extraction,
                    Err(error) => {
                        result.error = Some(error.to_string());
                        Extraction::default()
                    }
                }
            }
        },
    };
    for field in FIELDS {
        let Some(expected) = entry.fields.get(field.as_str()).and_then(as_text) else {
            continue;
        };
        let value = extraction.fields.get(&field);
        let found = value.map(|value| value.value.clone());
        let right = found
            .as_deref()
            .is_some_and(|found| same(field, found, &expected));
        result.fields.push(FieldResult {
            field,
            right,
            found,
            expected,
            confidence: value.map(|value| value.confidence),
        });
    }
    result
}

fn as_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Whether `found` answers `expected` for `field`, by the rules in the module docs.
pub fn same(field: FieldName, found: &str, expected: &str) -> bool {
    match field.kind() {
        FieldKind::Amount => {
            // Both sides are normalised (`.` for decimals), so `1.234` is one and a bit.
            let dot = Some(amounts::DecimalSeparator::Dot);
            match (
                amounts::parse_amount(found, dot),
                amounts::parse_amount(expected, dot),
            ) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            }
        }
        FieldKind::Date | FieldKind::Currency => found.trim().eq_ignore_ascii_case(expected.trim()),
        FieldKind::Text if field == FieldName::IssuerName || field == FieldName::BuyerName => {
            let (a, b) = (loose_name(found), loose_name(expected));
            !a.is_empty() && !b.is_empty() && (a == b || a.contains(&b) || b.contains(&a))
        }
        FieldKind::Text => squash(found) == squash(expected),
    }
}

/// A name without case, accents, punctuation or a trailing legal form.
fn loose_name(value: &str) -> String {
    const LEGAL: [&str; 12] = [
        "SDN BHD", "S DE RL", "SAC", "SAS", "SA", "SRL", "LTDA", "GMBH", "AG", "LLC", "INC", "BHD",
    ];
    let plain: String = value
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'Á' | 'À' | 'Ä' => 'A',
            'é' | 'è' | 'ë' | 'É' | 'È' | 'Ë' => 'E',
            'í' | 'ì' | 'ï' | 'Í' | 'Ì' | 'Ï' => 'I',
            'ó' | 'ò' | 'ö' | 'Ó' | 'Ò' | 'Ö' => 'O',
            'ú' | 'ù' | 'ü' | 'Ú' | 'Ù' | 'Ü' => 'U',
            'ñ' | 'Ñ' => 'N',
            c if c.is_alphanumeric() => c.to_ascii_uppercase(),
            // "S.A." is "SA", "Sdn. Bhd." is "SDN BHD".
            '.' => '\0',
            _ => ' ',
        })
        .filter(|&c| c != '\0')
        .collect();
    let mut words: Vec<&str> = plain.split_whitespace().collect();
    loop {
        let joined = words.join(" ");
        let Some(suffix) = LEGAL.iter().find(|suffix| {
            joined.ends_with(*suffix)
                && (joined.len() == suffix.len()
                    || joined[..joined.len() - suffix.len()].ends_with(' '))
        }) else {
            return joined;
        };
        let keep = suffix.split(' ').count();
        if words.len() <= keep {
            return joined;
        }
        words.truncate(words.len() - keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_compare_as_the_harness_promises() {
        assert!(same(FieldName::Total, "1234.50", "1234.5"));
        assert!(!same(FieldName::Total, "1234.51", "1234.5"));
        assert!(same(
            FieldName::InvoiceNumber,
            "F001 - 00019772",
            "F001-00019772"
        ));
        assert!(same(
            FieldName::IssuerName,
            "Megah Retail Sdn. Bhd.",
            "MEGAH RETAIL SDN BHD"
        ));
        assert!(same(
            FieldName::IssuerName,
            "Ferretería El Sol",
            "FERRETERIA EL SOL S.A.C."
        ));
        assert!(!same(FieldName::IssuerName, "", "ACME"));
        assert!(same(FieldName::IssueDate, "2024-11-15", "2024-11-15"));
        assert!(same(FieldName::Currency, "pen", "PEN"));
        assert_eq!(loose_name("Acme S.A."), "ACME");
        assert_eq!(loose_name("SA"), "SA");
    }

    fn field(field: FieldName, right: bool, confidence: Option<f32>) -> FieldResult {
        FieldResult {
            field,
            right,
            found: confidence.map(|_| "x".to_owned()),
            expected: "x".to_owned(),
            confidence,
        }
    }

    #[test]
    fn the_report_counts_whole_documents_and_confidence_bands() {
        let report = Report {
            documents: vec![
                DocumentResult {
                    file: "a".to_owned(),
                    kind: "text".to_owned(),
                    fields: vec![
                        field(FieldName::Total, true, Some(0.95)),
                        field(FieldName::IssueDate, true, Some(0.7)),
                    ],
                    error: None,
                },
                DocumentResult {
                    file: "b".to_owned(),
                    kind: "text".to_owned(),
                    fields: vec![
                        field(FieldName::Total, false, Some(0.4)),
                        field(FieldName::IssueDate, false, None),
                    ],
                    error: None,
                },
                DocumentResult {
                    file: "c".to_owned(),
                    kind: "pdf".to_owned(),
                    fields: vec![field(FieldName::Total, true, Some(0.9))],
                    error: None,
                },
            ],
        };
        assert_eq!(report.all_right(Some("text")), (1, 2));
        assert_eq!(report.all_right(None), (2, 3));
        assert_eq!(report.bands(None), [(2, 2), (1, 1), (0, 1), (0, 1)]);
        assert_eq!(report.bands(Some("pdf")), [(1, 1), (0, 0), (0, 0), (0, 0)]);
        let table = report.render(true);
        assert!(table.contains("docs all right"), "{table}");
        assert!(table.contains("all_right_text: 50.0 %"), "{table}");
        assert!(table.contains("miss: b total"), "{table}");
        let json = report.to_json();
        assert_eq!(json["overall"]["documents_all_right"]["right"], 2);
        assert_eq!(json["kinds"]["text"]["confidence"]["<0.6"]["total"], 1);
    }
}
