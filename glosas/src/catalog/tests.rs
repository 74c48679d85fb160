//! The embedded catalog, normalisation, lookups and refused catalog texts.

use proptest::prelude::*;

use super::*;

const HEADER: &str = "system,code,family,description\n";

#[test]
fn embedded_catalog_loads() {
    let catalog = Catalog::embedded();
    assert!(catalog.entries().len() > 100);
    assert_eq!(Catalog::from_csv(EMBEDDED_CSV).as_ref(), Ok(catalog));
}

#[test]
fn every_row_has_the_shape_of_its_system() {
    for entry in Catalog::embedded().entries() {
        let code = entry.code.as_str();
        match entry.system {
            System::Res2284 => {
                assert!(matches!(code.len(), 2 | 4 | 6), "{code}");
                assert!(FAMILIES_2284.contains(&&code[..2]), "{code}");
                assert!(code[2..].bytes().all(|b| b.is_ascii_digit()), "{code}");
                assert_eq!(entry.family, &code[..2]);
            }
            System::Res3047 => {
                assert!(matches!(code.len(), 1 | 3), "{code}");
                assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
                assert_eq!(entry.family, &code[..1]);
            }
        }
        assert!(!entry.description.is_empty(), "{code}");
        assert_eq!(entry.description.trim(), entry.description, "{code}");
        // Every full-length code reads back as itself.
        if !entry.is_general_concept() {
            assert_eq!(normalise(code).code(), Some(code), "{code}");
        }
    }
}

#[test]
fn every_family_has_its_general_concept_and_codes_sit_under_one() {
    let catalog = Catalog::embedded();
    let families: Vec<&str> = catalog
        .families()
        .iter()
        .map(|entry| entry.code.as_str())
        .collect();
    assert_eq!(
        families,
        [
            "1", "2", "3", "4", "5", "6", "8", "9", "FA", "TA", "SO", "AU", "CO", "CL", "SA", "DE",
            "RE"
        ]
    );
    for entry in catalog.entries() {
        assert!(families.contains(&entry.family.as_str()), "{}", entry.code);
    }
}

#[test]
fn the_codes_the_brief_requires_are_there() {
    let catalog = Catalog::embedded();
    let required = [
        "RE9501", "RE9502", "RE9601", "RE9602", "RE9701", "RE9702", "RE9801", "RE9901", "RE2201",
        "RE2202", "FA0101", "101", "223", "816",
    ];
    for code in required {
        assert!(catalog.lookup(code).is_some(), "{code} is missing");
    }
    for code in ["RE9501", "RE2202", "995", "999"] {
        assert!(
            catalog.lookup(code).is_some_and(Entry::is_response),
            "{code}"
        );
    }
    for code in ["FA0101", "DE56", "101", "816", "FA", "1"] {
        assert!(
            !catalog.lookup(code).is_some_and(Entry::is_response),
            "{code}"
        );
    }
    assert!(catalog.lookup("RE").is_some_and(Entry::is_response));
    assert!(catalog.lookup("9").is_some_and(Entry::is_response));
}

#[test]
fn lookup_accepts_the_ways_codes_are_written() {
    let catalog = Catalog::embedded();
    let fa0101 = catalog.lookup("FA0101").expect("FA0101 is listed");
    assert_eq!(fa0101.system, System::Res2284);
    assert_eq!(fa0101.family, "FA");
    for written in ["fa0101", "fa-01.01", "FA 0101", " FA-0101 "] {
        assert_eq!(catalog.lookup(written), Some(fa0101), "{written:?}");
    }
    let legacy = catalog.lookup(" 101 ").expect("101 is listed");
    assert_eq!(legacy.system, System::Res3047);
    assert_eq!(legacy.description, "Estancia");
    assert_eq!(
        catalog.lookup("fa").map(|e| e.description.as_str()),
        Some("Facturación")
    );
    assert_eq!(catalog.lookup("FA9999"), None);
    assert_eq!(catalog.lookup(""), None);
}

#[test]
fn normalise_table() {
    let res2284 = |code: &str, family: &'static str| Normalised::Res2284 {
        code: code.to_string(),
        family,
    };
    let legacy = |code: &str, family: char| Normalised::Legacy3047 {
        code: code.to_string(),
        family,
    };
    let unknown = |raw: &str| Normalised::Unknown {
        raw: raw.to_string(),
    };
    let table = [
        ("FA0101", res2284("FA0101", "FA")),
        ("fa-01.01", res2284("FA0101", "FA")),
        ("FA 0101", res2284("FA0101", "FA")),
        ("  ta.02.01\t", res2284("TA0201", "TA")),
        ("re-9502", res2284("RE9502", "RE")),
        ("DE56", res2284("DE56", "DE")),
        ("de 16", res2284("DE16", "DE")),
        (" 101 ", legacy("101", '1')),
        ("2-23", legacy("223", '2')),
        ("8.16", legacy("816", '8')),
        ("999", legacy("999", '9')),
        // Unknown families, wrong lengths and stray characters keep the raw text.
        ("XX0101", unknown("XX0101")),
        ("PE0101", unknown("PE0101")),
        ("FA01010", unknown("FA01010")),
        ("FA010", unknown("FA010")),
        ("FA", unknown("FA")),
        ("FAO101", unknown("FAO101")),
        ("701", unknown("701")),
        ("001", unknown("001")),
        ("1010", unknown("1010")),
        ("10", unknown("10")),
        ("FA0101/2", unknown("FA0101/2")),
        ("", unknown("")),
        ("  ", unknown("  ")),
        ("glosa por tarifas", unknown("glosa por tarifas")),
    ];
    for (raw, expected) in table {
        assert_eq!(normalise(raw), expected, "{raw:?}");
    }
}

#[test]
fn normalised_codes_that_are_not_listed_stay_codes() {
    // FA0102 has the right shape; the catalog just does not (yet) list it.
    let normalised = normalise("fa0102");
    assert_eq!(normalised.code(), Some("FA0102"));
    assert_eq!(Catalog::embedded().lookup("fa0102"), None);
}

#[test]
fn search_by_code_prefix_and_words() {
    let catalog = Catalog::embedded();
    let codes = |text: &str| -> Vec<String> {
        catalog
            .search(text)
            .into_iter()
            .map(|entry| entry.code.clone())
            .collect()
    };
    assert_eq!(codes("re95"), ["RE95", "RE9501", "RE9502"]);
    assert_eq!(codes("RE-22"), ["RE22", "RE2201", "RE2202"]);
    // "22" is a code prefix (223, 229) and a word of DE56's description.
    assert_eq!(codes("22"), ["223", "229", "DE56"]);
    // Words, in any order, without accents or case.
    assert_eq!(
        codes("EXTEMPORANEA devolucion"),
        ["995", "RE95", "RE2201", "RE9501"]
    );
    assert!(codes("odontograma").contains(&"834".to_string()));
    assert!(codes("nada que ver con glosas").is_empty());
    assert_eq!(catalog.search("  ").len(), catalog.entries().len());
}

#[test]
fn malformed_lines_name_their_line() {
    let cases: &[(&str, CatalogError)] = &[
        ("", CatalogError::Empty),
        ("# only a comment\n", CatalogError::Empty),
        (
            "# comment\ncode,system,family,description\n",
            CatalogError::Header { line: 2 },
        ),
        (
            "system,code,family,description\n2284,FA0101,FA\n",
            CatalogError::Fields { line: 2, found: 3 },
        ),
        (
            "# a\n# b\nsystem,code,family,description\n3047,101,1,Estancia\n1999,101,1,X\n",
            CatalogError::System {
                line: 5,
                system: "1999".to_string(),
            },
        ),
        (
            "system,code,family,description\n2284,FA01010,FA,X\n",
            CatalogError::Shape {
                line: 2,
                system: System::Res2284,
                code: "FA01010".to_string(),
            },
        ),
        (
            "system,code,family,description\n3047,FA0101,FA,X\n",
            CatalogError::Shape {
                line: 2,
                system: System::Res3047,
                code: "FA0101".to_string(),
            },
        ),
        (
            "system,code,family,description\n2284,fa0101,FA,X\n",
            CatalogError::Shape {
                line: 2,
                system: System::Res2284,
                code: "fa0101".to_string(),
            },
        ),
        (
            "system,code,family,description\n3047,101,2,X\n",
            CatalogError::Family {
                line: 2,
                code: "101".to_string(),
                family: "2".to_string(),
            },
        ),
        (
            "system,code,family,description\n3047,101,1,\"  \"\n",
            CatalogError::Description {
                line: 2,
                code: "101".to_string(),
            },
        ),
        (
            "system,code,family,description\n3047,101,1,A\n\n3047,101,1,B\n",
            CatalogError::Duplicate {
                line: 4,
                code: "101".to_string(),
                first: 2,
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(Catalog::from_csv(text).as_ref(), Err(expected), "{text:?}");
    }
}

#[test]
fn an_error_in_the_embedded_file_names_its_editor_line() {
    // The file opens with many comment lines; the line must still be the one an editor shows.
    let broken = EMBEDDED_CSV.replace("3047,223,2,", "3047,223,3,");
    let expected_line = EMBEDDED_CSV
        .lines()
        .position(|line| line.starts_with("3047,223,2,"))
        .expect("223 is in the file") as u64
        + 1;
    assert_eq!(
        Catalog::from_csv(&broken),
        Err(CatalogError::Family {
            line: expected_line,
            code: "223".to_string(),
            family: "3".to_string(),
        })
    );
}

#[test]
fn error_messages_say_where() {
    let error = Catalog::from_csv("system,code,family,description\n2284,XX01,XX,Y\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "catalog line 2: \"XX01\" is not a 2284 code"
    );
}

#[test]
fn quoted_fields_and_spaces_are_read() {
    let text = format!("{HEADER}3047 , 102 , 1 ,\"Consultas, interconsultas\"\n");
    let catalog = Catalog::from_csv(&text).expect("valid catalog");
    assert_eq!(
        catalog.lookup("102").map(|e| e.description.as_str()),
        Some("Consultas, interconsultas")
    );
}

proptest! {
    #[test]
    fn normalise_never_panics(raw in any::<String>()) {
        match normalise(&raw) {
            Normalised::Unknown { raw: kept } => prop_assert_eq!(kept, raw),
            Normalised::Res2284 { code, family } => {
                prop_assert!(code.starts_with(family));
                let again = normalise(&code);
                prop_assert_eq!(again.code(), Some(code.as_str()));
            }
            Normalised::Legacy3047 { code, family } => {
                prop_assert!(code.starts_with(family));
                prop_assert_eq!(code.len(), 3);
            }
        }
    }

    #[test]
    fn normalise_ignores_separators_and_case(
        family in prop::sample::select(FAMILIES_2284.to_vec()),
        digits in "[0-9]{4}",
        separator in prop::sample::select(vec!["", " ", "-", ".", " - "]),
    ) {
        let written = format!("{}{separator}{}{separator}{}", family.to_lowercase(), &digits[..2], &digits[2..]);
        let expected = format!("{family}{digits}");
        let normalised = normalise(&written);
        prop_assert_eq!(normalised.code(), Some(expected.as_str()));
    }

    #[test]
    fn from_csv_and_lookups_never_panic(text in any::<String>(), query in any::<String>()) {
        let _ = Catalog::from_csv(&text);
        let catalog = Catalog::embedded();
        let _ = catalog.lookup(&query);
        let _ = catalog.search(&query);
    }

    #[test]
    fn from_csv_never_panics_on_csv_like_text(text in "[0-9A-Za-z,#\"\n ]{0,200}") {
        let _ = Catalog::from_csv(&format!("{HEADER}{text}"));
    }
}
