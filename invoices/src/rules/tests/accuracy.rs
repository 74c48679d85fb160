//! Per-field accuracy of the rules against the development fixtures' `expected.json`.
//!
//! The fixtures are read in place: `$CENTRALITA_FIXTURES/invoices/dev`, by default the shared
//! fixtures next to the workspace. Receipts are read from their OCR ground truth (`NNN.box.csv`),
//! laid out in rows and columns the way `tesseract`/`pdftotext -layout` would, so no OCR is
//! needed. `accuracy_on_text_dir` (ignored) scores texts produced outside the tests, such as real
//! Tesseract output or PDF text layers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::extract;
use crate::{Extraction, FieldName};

/// The development fixtures, or `None` (the test is skipped) when they are not there.
fn fixtures() -> Option<PathBuf> {
    centralita_testkit::present("invoices/dev/expected.json")
        .map(|_| centralita_testkit::path("invoices/dev"))
}

/// One document of `expected.json`.
struct Expected {
    file: String,
    kind: String,
    fields: serde_json::Map<String, Value>,
}

fn expected(dev: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(dev.join("expected.json")).expect("expected.json reads");
    let documents: Vec<Value> = serde_json::from_str(&text).expect("expected.json parses");
    documents
        .into_iter()
        .map(|document| Expected {
            file: document["file"].as_str().unwrap_or_default().to_owned(),
            kind: document["kind"].as_str().unwrap_or_default().to_owned(),
            fields: document["fields"].as_object().cloned().unwrap_or_default(),
        })
        .collect()
}

/// One OCR box: its bounding rectangle and text.
struct OcrBox {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    text: String,
}

/// Parses `x1,y1,…,x4,y4,TEXT` lines (the text is everything after the eighth comma).
fn boxes(csv: &str) -> Vec<OcrBox> {
    csv.lines()
        .filter_map(|line| {
            let parts: Vec<&str> = line.splitn(9, ',').collect();
            let [coordinates @ .., text] = parts.as_slice() else {
                return None;
            };
            let numbers: Vec<f64> = coordinates
                .iter()
                .map(|n| n.trim().parse().ok())
                .collect::<Option<_>>()?;
            if numbers.len() != 8 {
                return None;
            }
            let xs = [numbers[0], numbers[2], numbers[4], numbers[6]];
            let ys = [numbers[1], numbers[3], numbers[5], numbers[7]];
            Some(OcrBox {
                left: xs.iter().copied().fold(f64::MAX, f64::min),
                right: xs.iter().copied().fold(f64::MIN, f64::max),
                top: ys.iter().copied().fold(f64::MAX, f64::min),
                bottom: ys.iter().copied().fold(f64::MIN, f64::max),
                text: (*text).to_owned(),
            })
        })
        .collect()
}

/// Lays boxes out as text: boxes whose vertical centre falls within a row's first box share the
/// row, and each box starts at the column its left edge gives, in characters of median width.
pub(super) fn box_text(csv: &str) -> String {
    let mut boxes = boxes(csv);
    let mut widths: Vec<f64> = boxes
        .iter()
        .filter(|b| b.text.chars().count() > 2)
        .map(|b| (b.right - b.left) / b.text.chars().count() as f64)
        .collect();
    widths.sort_by(f64::total_cmp);
    let char_width = widths
        .get(widths.len() / 2)
        .copied()
        .unwrap_or(10.0)
        .max(1.0);
    boxes.sort_by(|a, b| (a.top + a.bottom).total_cmp(&(b.top + b.bottom)));
    let mut rows: Vec<Vec<OcrBox>> = Vec::new();
    for b in boxes {
        let centre = f64::midpoint(b.top, b.bottom);
        match rows.last_mut() {
            Some(row) if (row[0].top..=row[0].bottom).contains(&centre) => row.push(b),
            _ => rows.push(vec![b]),
        }
    }
    let mut text = String::new();
    for mut row in rows {
        row.sort_by(|a, b| a.left.total_cmp(&b.left));
        let mut line = String::new();
        for b in row {
            let column = (b.left / char_width).round() as usize;
            let length = line.chars().count();
            if column > length {
                line.push_str(&" ".repeat(column - length));
            } else if length > 0 {
                line.push(' ');
            }
            line.push_str(&b.text);
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// The fields compared, as `expected.json` names them.
const FIELDS: [(&str, FieldName); 8] = [
    ("issuer_name", FieldName::IssuerName),
    ("issuer_tax_id", FieldName::IssuerTaxId),
    ("invoice_number", FieldName::InvoiceNumber),
    ("issue_date", FieldName::IssueDate),
    ("currency", FieldName::Currency),
    ("subtotal", FieldName::Subtotal),
    ("tax", FieldName::Tax),
    ("total", FieldName::Total),
];

/// Letters and digits only, lower case.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Compares like the accuracy harness: amounts numerically, names case-insensitively and
/// loosely (one contains the other), numbers and identifiers without separators.
fn matches(key: &str, want: &Value, got: Option<&str>) -> bool {
    let Some(got) = got else {
        return false;
    };
    match want {
        Value::Number(number) => {
            let want = number.as_f64().unwrap_or(f64::NAN);
            got.parse::<f64>()
                .is_ok_and(|got| (got - want).abs() < 0.005)
        }
        Value::String(want) if key == "issuer_name" => {
            let (want, got) = (squeeze(want), squeeze(got));
            want == got
                || (got.len() >= 4 && want.contains(&got))
                || (want.len() >= 4 && got.contains(&want))
        }
        Value::String(want) if key == "invoice_number" || key == "issuer_tax_id" => {
            squeeze(want) == squeeze(got)
        }
        Value::String(want) => want == got,
        _ => false,
    }
}

/// Hits and attempts per field, over the fields a document has a value for.
#[derive(Default)]
struct Tally(BTreeMap<&'static str, (u32, u32)>);

impl Tally {
    fn add(&mut self, expected: &Expected, extraction: &Extraction) {
        for (key, name) in FIELDS {
            let Some(want) = expected.fields.get(key).filter(|value| !value.is_null()) else {
                continue;
            };
            let got = extraction.get(name);
            let ok = matches(key, want, got);
            if !ok {
                println!("  {}: {key} expected {want}, got {got:?}", expected.file);
            }
            let entry = self.0.entry(key).or_default();
            entry.1 += 1;
            entry.0 += u32::from(ok);
        }
    }

    fn rate(&self, key: &str) -> f64 {
        self.0.get(key).map_or(0.0, |&(hits, total)| {
            f64::from(hits) / f64::from(total.max(1))
        })
    }

    fn print(&self, title: &str) {
        println!("{title}");
        for (key, (hits, total)) in &self.0 {
            println!(
                "  {key:15} {hits:3}/{total:<3} {:5.1}%",
                100.0 * self.rate(key)
            );
        }
    }
}

#[test]
fn sroie_box_text_accuracy() {
    let Some(dev) = fixtures() else {
        return;
    };
    let mut tally = Tally::default();
    for document in expected(&dev)
        .iter()
        .filter(|document| document.kind == "image")
    {
        let stem = Path::new(&document.file)
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default();
        let csv_path = dev.join("image/sroie").join(format!("{stem}.box.csv"));
        let Ok(csv) = std::fs::read_to_string(&csv_path) else {
            continue;
        };
        tally.add(document, &extract(&box_text(&csv)));
    }
    tally.print("rules on SROIE box text:");
    assert!(tally.rate("total") >= 0.8, "total accuracy fell");
    assert!(tally.rate("issue_date") >= 0.8, "issue date accuracy fell");
    assert!(
        tally.rate("issuer_name") >= 0.8,
        "issuer name accuracy fell"
    );
}

/// Scores `$CENTRALITA_RULES_TEXT_DIR/<stem>.txt` for every fixture with that stem: run
/// `tesseract 600.jpg 600` or `pdftotext -layout x.pdf x.txt` into a directory first.
#[test]
#[ignore = "needs texts produced by tesseract or pdftotext"]
fn accuracy_on_text_dir() {
    let (Some(dev), Some(dir)) = (fixtures(), std::env::var_os("CENTRALITA_RULES_TEXT_DIR")) else {
        println!("set CENTRALITA_RULES_TEXT_DIR to a directory of <stem>.txt files");
        return;
    };
    let mut tally = Tally::default();
    for document in expected(&dev) {
        let stem = Path::new(&document.file)
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default();
        if let Ok(text) = std::fs::read_to_string(Path::new(&dir).join(format!("{stem}.txt"))) {
            tally.add(&document, &extract(&text));
        }
    }
    tally.print(&format!("rules on {}:", Path::new(&dir).display()));
}

#[test]
fn box_text_puts_boxes_on_rows_and_columns() {
    let csv = "\
10,10,60,10,60,30,10,30,TOTAL
200,12,260,12,260,32,200,32,4.70
10,50,70,50,70,70,10,70,CASH, RM
";
    let text = box_text(csv);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].trim_start().starts_with("TOTAL") && lines[0].ends_with("4.70"));
    assert!(
        lines[0].trim().contains("   "),
        "columns keep a gap: {text:?}"
    );
    assert_eq!(lines[1].trim(), "CASH, RM");
}
