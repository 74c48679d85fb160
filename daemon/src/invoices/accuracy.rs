//! The accuracy harness: reads every document listed in a folder's `expected.json` with the
//! daemon's own pipeline (XML, embedded XML, text layer, OCR, templates, rules; not the LLM)
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

use centralita_invoices::templates::TemplateSet;
use centralita_invoices::{Extraction, FieldKind, FieldName, amounts, detect};
use serde::Deserialize;

use super::read;
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

/// One document's outcome.
#[derive(Debug)]
pub struct DocumentResult {
    pub file: String,
    pub kind: String,
    /// Per labelled field: did we get it right, what we found.
    pub fields: Vec<(FieldName, bool, Option<String>, String)>,
    pub error: Option<String>,
}

/// Totals over a run.
#[derive(Debug, Default)]
pub struct Report {
    pub documents: Vec<DocumentResult>,
}

impl Report {
    /// (right, labelled) per field, and per kind of document.
    pub fn per_field(&self, kind: Option<&str>) -> BTreeMap<FieldName, (u32, u32)> {
        let mut counts = BTreeMap::new();
        for document in &self.documents {
            if kind.is_some_and(|kind| kind != document.kind) {
                continue;
            }
            for (field, right, _, _) in &document.fields {
                let entry = counts.entry(*field).or_insert((0, 0));
                entry.0 += u32::from(*right);
                entry.1 += 1;
            }
        }
        counts
    }

    /// Right answers over labelled fields, 0–1.
    pub fn overall(&self, kind: Option<&str>) -> f64 {
        let (right, total) = self
            .per_field(kind)
            .values()
            .fold((0, 0), |(r, t), (right, total)| (r + right, t + total));
        if total == 0 {
            1.0
        } else {
            f64::from(right) / f64::from(total)
        }
    }

    /// The table `centralitad accuracy` prints, with `name: value unit` summary lines.
    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        let kinds: Vec<String> = {
            let mut kinds: Vec<String> = self.documents.iter().map(|d| d.kind.clone()).collect();
            kinds.sort();
            kinds.dedup();
            kinds
        };
        let _ = write!(out, "{:<16}", "field");
        for kind in &kinds {
            let _ = write!(out, "{kind:>12}");
        }
        let _ = writeln!(out, "{:>12}", "all");
        let all = self.per_field(None);
        let by_kind: Vec<BTreeMap<FieldName, (u32, u32)>> = kinds
            .iter()
            .map(|kind| self.per_field(Some(kind)))
            .collect();
        for field in FIELDS {
            let _ = write!(out, "{:<16}", field.as_str());
            for counts in &by_kind {
                let _ = write!(out, "{:>12}", cell(counts.get(&field)));
            }
            let _ = writeln!(out, "{:>12}", cell(all.get(&field)));
        }
        let _ = write!(out, "{:<16}", "overall");
        for kind in &kinds {
            let _ = write!(out, "{:>11.1}%", self.overall(Some(kind)) * 100.0);
        }
        let _ = writeln!(out, "{:>11.1}%", self.overall(None) * 100.0);
        for document in &self.documents {
            if let Some(error) = &document.error {
                let _ = writeln!(out, "error: {}: {error}", document.file);
            }
            if verbose {
                for (field, right, found, expected) in &document.fields {
                    if !right {
                        let _ = writeln!(
                            out,
                            "miss: {} {field}: found {:?}, expected {expected:?}",
                            document.file,
                            found.as_deref().unwrap_or("nothing")
                        );
                    }
                }
            }
        }
        for kind in &kinds {
            let _ = writeln!(
                out,
                "accuracy_{kind}: {:.1} %",
                self.overall(Some(kind)) * 100.0
            );
        }
        let _ = writeln!(out, "accuracy_overall: {:.1} %", self.overall(None) * 100.0);
        out
    }
}

fn cell(counts: Option<&(u32, u32)>) -> String {
    match counts {
        Some((right, total)) if *total > 0 => format!("{right}/{total}"),
        _ => "-".to_owned(),
    }
}

/// Reads every document of `dir`'s `expected.json`; `progress` is told each file as it starts.
pub async fn run(
    dir: &Path,
    tools: &Tools,
    templates: &TemplateSet,
    mut progress: impl FnMut(usize, usize, &str),
) -> anyhow::Result<Report> {
    let listing = std::fs::read_to_string(dir.join("expected.json"))
        .map_err(|error| anyhow::anyhow!("{}: {error}", dir.join("expected.json").display()))?;
    let expected: Vec<Expected> = serde_json::from_str(&listing)
        .map_err(|error| anyhow::anyhow!("{}: {error}", dir.join("expected.json").display()))?;
    let mut report = Report::default();
    for (index, entry) in expected.iter().enumerate() {
        progress(index, expected.len(), &entry.file);
        report
            .documents
            .push(read_one(dir, entry, tools, templates).await);
    }
    Ok(report)
}

async fn read_one(
    dir: &Path,
    entry: &Expected,
    tools: &Tools,
    templates: &TemplateSet,
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
                match read::read(tools, templates, kind, &bytes).await {
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
        let found = extraction.get(field).map(str::to_owned);
        let right = found
            .as_deref()
            .is_some_and(|found| same(field, found, &expected));
        result.fields.push((field, right, found, expected));
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

/// Letters and digits only, upper case.
fn squash(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
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
}
