use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use proptest::prelude::*;

use super::{MappingSet, load_dir, parse};
use crate::{FieldName, FieldSource, LineItem, MappingProblem};

/// A Peruvian invoice as pdftotext renders it: RUC, IGV, soles, decimal comma.
const ACME_INVOICE: &str = "\
ACME S.A.C.
RUC 20100070970
Av. Javier Prado Este 1234, San Isidro, Lima
FACTURA ELECTRÓNICA
N° F001-00012345
Fecha de emisión: 15/11/2024
Fecha de vencimiento: 15-Dec-2024
Señor(es): CLÍNICA  SAN JUAN E.I.R.L.
RUC: 20512345678
Moneda: SOLES

Cant.  Descripción                 P. Unit.     Importe
2      Consulta médica general     250,00       500,00
1      Análisis de laboratorio     1.250,50     1.250,50

OP. GRAVADA        S/ 1.750,50
IGV 18%            S/ 315,09
TOTAL A PAGAR      S/ 2.065,59
";

const ACME_MAPPING: &str = r#"
name = "ACME S.A.C."
keywords = ["ACME S.A.C.", "20100070970"]
decimal_separator = ","
date_formats = ["%d/%m/%Y", "%d-%b-%Y"]

[fields]
invoice_number = 'N[°º]\s*([A-Z0-9-]+)'
issue_date = 'Fecha de emisión:\s*(\S+)'
due_date = 'Fecha de vencimiento:\s*(\S+)'
buyer_name = 'Señor\(es\):\s*(.+)$'
buyer_tax_id = 'Señor\(es\):.*\n\s*RUC:\s*(\d{11})'
subtotal = 'OP\. GRAVADA\s*S/\s*([\d.,]+)'
tax = 'IGV 18%\s*S/\s*([\d.,]+)'
total = 'TOTAL A PAGAR\s*S/\s*([\d.,]+)'
issuer_name = { value = "ACME S.A.C." }
issuer_tax_id = { value = "20100070970" }
currency = { value = "pen" }

[lines]
pattern = '^(?P<quantity>\d+)\s+(?P<description>.+?)\s+(?P<unit_price>[\d.,]+)\s+(?P<amount>[\d.,]+)$'
"#;

/// A second issuer, with a dot decimal separator and no line items.
const NORTE_MAPPING: &str = r#"
keywords = ["Distribuidora Norte", "RUC 20601234567"]
[fields]
invoice_number = 'Factura\s+(E\d{3}-\d+)'
total = 'Importe total:\s*US\$\s*([\d.,]+)'
currency = { value = "USD" }
"#;

fn set_of(mappings: &[(&str, &str)]) -> MappingSet {
    let mappings = mappings
        .iter()
        .map(|(file, text)| parse(Path::new(file), text).expect("the mapping is valid"))
        .collect();
    MappingSet { mappings }
}

fn problem_of(text: &str) -> MappingProblem {
    parse(Path::new("bad.toml"), text).expect_err("the mapping should not load")
}

#[test]
fn reads_a_peruvian_invoice_with_a_decimal_comma() {
    let set = set_of(&[("mappings/acme.toml", ACME_MAPPING)]);
    let (name, extraction) = set.apply(ACME_INVOICE).expect("the mapping applies");
    assert_eq!(name, "ACME S.A.C.");

    let expected = [
        (FieldName::IssuerName, "ACME S.A.C."),
        (FieldName::IssuerTaxId, "20100070970"),
        (FieldName::BuyerName, "CLÍNICA SAN JUAN E.I.R.L."),
        (FieldName::BuyerTaxId, "20512345678"),
        (FieldName::InvoiceNumber, "F001-00012345"),
        (FieldName::IssueDate, "2024-11-15"),
        (FieldName::DueDate, "2024-12-15"),
        (FieldName::Currency, "PEN"),
        (FieldName::Subtotal, "1750.50"),
        (FieldName::Tax, "315.09"),
        (FieldName::Total, "2065.59"),
    ];
    for (field, value) in expected {
        assert_eq!(extraction.get(field), Some(value), "{field}");
    }
    assert!(extraction.fields.values().all(|value| {
        value.source == FieldSource::Mapping && (value.confidence - 0.95).abs() < f32::EPSILON
    }));

    let item = |quantity: &str, description: &str, unit_price: &str, amount: &str| LineItem {
        description: description.to_owned(),
        quantity: Some(quantity.to_owned()),
        unit_price: Some(unit_price.to_owned()),
        amount: Some(amount.to_owned()),
    };
    assert_eq!(
        extraction.line_items,
        [
            item("2", "Consulta médica general", "250.00", "500.00"),
            item("1", "Análisis de laboratorio", "1250.50", "1250.50"),
        ]
    );
}

#[test]
fn applies_only_when_every_keyword_appears_in_any_case() {
    let set = set_of(&[("acme.toml", ACME_MAPPING)]);
    assert!(set.apply(&ACME_INVOICE.to_uppercase()).is_some());
    assert!(set.apply(&ACME_INVOICE.to_lowercase()).is_some());

    let other_ruc = ACME_INVOICE.replace("20100070970", "20999999999");
    assert_eq!(set.apply(&other_ruc), None);
    assert_eq!(set.apply("Distribuidora Norte S.A. RUC 20601234567"), None);
    assert_eq!(set.apply(""), None);
}

#[test]
fn the_first_matching_mapping_wins() {
    let both = format!("{ACME_INVOICE}\nDistribuidora Norte RUC 20601234567");
    let set = set_of(&[("norte.toml", NORTE_MAPPING), ("acme.toml", ACME_MAPPING)]);
    assert_eq!(set.names(), ["norte", "ACME S.A.C."]);
    let (name, _) = set.apply(&both).expect("a mapping applies");
    assert_eq!(name, "norte");
}

#[test]
fn the_name_defaults_to_the_file_stem() {
    let mapping = parse(
        Path::new("/etc/centralita/mappings/norte.toml"),
        NORTE_MAPPING,
    )
    .expect("valid");
    assert_eq!(mapping.name(), "norte");
    assert_eq!(
        mapping.file(),
        Path::new("/etc/centralita/mappings/norte.toml")
    );
}

#[test]
fn a_match_whose_value_does_not_parse_is_skipped() {
    let mapping = r#"
keywords = ["Distribuidora Norte"]
[fields]
issue_date = 'Fecha:\s*(\S+)'
total = 'TOTAL:\s*(\S+)'
invoice_number = 'E\d{3}-\d+'
"#;
    let set = set_of(&[("norte.toml", mapping)]);
    let text =
        "Distribuidora Norte\nFecha: pendiente\nFecha: 2024-11-15\nTOTAL: ***\nFactura E001-778";
    let (_, extraction) = set.apply(text).expect("applies");
    // The first date does not parse, the second does; the total never parses.
    assert_eq!(extraction.get(FieldName::IssueDate), Some("2024-11-15"));
    assert_eq!(extraction.get(FieldName::Total), None);
    // Without a capture group the whole match is the value.
    assert_eq!(extraction.get(FieldName::InvoiceNumber), Some("E001-778"));
    assert!(extraction.line_items.is_empty());
}

#[test]
fn reports_each_kind_of_problem_with_its_line() {
    // (what, mapping, line, words the message must contain)
    let cases: [(&str, &str, u32, &[&str]); 11] = [
        (
            "syntax",
            "keywords = [\"ACME\"]\n[fields]\ntotal = 'TOTAL (\\d+)\n",
            3,
            &[],
        ),
        (
            "unknown top-level key",
            "keywords = [\"ACME\"]\nkeyword = \"x\"\n[fields]\ntotal = 'T'\n",
            2,
            &["keyword"],
        ),
        (
            "unknown field name",
            "keywords = [\"ACME\"]\n[fields]\ntotal = 'T'\nruc = 'RUC (\\d+)'\n",
            4,
            &["ruc", "issuer_tax_id", "invoice_number", "total"],
        ),
        (
            "regex that does not compile",
            "keywords = [\"ACME\"]\n[fields]\ntotal = 'T'\ntax = 'IGV (\\d+'\n",
            4,
            &["fields.tax", "regex"],
        ),
        (
            "empty keywords",
            "name = \"x\"\nkeywords = []\n[fields]\ntotal = 'T'\n",
            2,
            &["keywords"],
        ),
        (
            "blank keyword",
            "keywords = [\"ACME\", \"  \"]\n[fields]\ntotal = 'T'\n",
            1,
            &["keywords"],
        ),
        (
            "missing keywords",
            "[fields]\ntotal = 'T'\n",
            1,
            &["keywords"],
        ),
        (
            "bad decimal separator",
            "keywords = [\"ACME\"]\n\ndecimal_separator = \";\"\n[fields]\ntotal = 'T'\n",
            3,
            &["decimal_separator", "\";\""],
        ),
        (
            "constant that does not parse",
            "keywords = [\"ACME\"]\n[fields]\ncurrency = { value = \"soles peruanos\" }\n",
            3,
            &["fields.currency", "currency code"],
        ),
        (
            "unknown group in [lines]",
            "keywords = [\"ACME\"]\n[lines]\npattern = '(?P<descripcion>.+) (?P<amount>\\d+)'\n",
            3,
            &["lines.pattern", "descripcion", "description"],
        ),
        (
            "date format without a date",
            "keywords = [\"ACME\"]\ndate_formats = [\"%d/%m/%Y\",\n  \"%H:%M\"]\n[fields]\nissue_date = 'F (\\S+)'\n",
            3,
            &["date_formats", "%H:%M"],
        ),
    ];
    for (what, text, line, words) in cases {
        let problem = problem_of(text);
        assert_eq!(problem.file, "bad.toml", "{what}");
        assert_eq!(problem.line, line, "{what}: {problem:?}");
        for word in words {
            assert!(
                problem.message.contains(word),
                "{what}: {problem:?} lacks {word}"
            );
        }
    }
}

#[test]
fn a_mapping_that_reads_nothing_is_a_problem() {
    let problem = problem_of("keywords = [\"ACME\"]\n");
    assert!(problem.message.contains("[fields]"), "{problem:?}");
}

/// A folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "centralita-mappings-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let dir = std::env::temp_dir().join(name);
        fs::create_dir_all(&dir).expect("create the temp dir");
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) {
        fs::write(self.0.join(name), text).expect("write a mapping");
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn load_dir_loads_the_good_mappings_and_reports_the_bad_ones() {
    let dir = TempDir::new();
    dir.write("b-norte.toml", NORTE_MAPPING);
    dir.write("a-acme.toml", ACME_MAPPING);
    dir.write(
        "c-bad-regex.toml",
        "keywords = [\"X\"]\n[fields]\ninvoice_number = 'N° ([A-Z'\n",
    );
    dir.write(
        "d-bad-key.toml",
        "keywords = [\"Y\"]\n[fields]\ntotal = 'T'\n\n[lines]\npatern = '(?P<description>.+)'\n",
    );
    dir.write("notes.txt", "not a mapping");
    fs::create_dir(dir.0.join("old.toml")).expect("a folder named like a mapping");

    let (set, problems) = load_dir(&dir.0);
    assert_eq!(set.len(), 2);
    assert!(!set.is_empty());
    assert_eq!(set.names(), ["ACME S.A.C.", "b-norte"]);

    let places: Vec<(String, u32)> = problems
        .iter()
        .map(|problem| (problem.file.clone(), problem.line))
        .collect();
    let file = |name: &str| dir.0.join(name).display().to_string();
    assert_eq!(
        places,
        [(file("c-bad-regex.toml"), 3), (file("d-bad-key.toml"), 6)]
    );
    assert!(problems[1].message.contains("patern"), "{problems:?}");
}

#[test]
fn a_missing_folder_is_an_empty_set() {
    let dir = TempDir::new();
    let (set, problems) = load_dir(&dir.0.join("missing"));
    assert!(set.is_empty());
    assert!(problems.is_empty());
    assert_eq!(set.apply(ACME_INVOICE), None);
}

proptest! {
    #[test]
    fn apply_never_panics(text in any::<String>(), extra in "[0-9.,/ A-Za-z°º\n-]{0,80}") {
        let set = set_of(&[("acme.toml", ACME_MAPPING), ("norte.toml", NORTE_MAPPING)]);
        let _ = set.apply(&text);
        // Text the ACME mapping applies to, with arbitrary noise to read values from.
        let _ = set.apply(&format!("ACME S.A.C. 20100070970\n{extra}\n{text}"));
    }

    #[test]
    fn parse_never_panics(text in any::<String>()) {
        let _ = parse(Path::new("fuzz.toml"), &text);
    }
}
