//! An invoice's and a glosa's warnings in the catalog's words: every phrase
//! `centralita-invoices` and `centralita-glosas` say is of a key of the protocol's catalog (the
//! keys are defined once, in `centralita-extraction`), its English has a place for each value,
//! and the console words the checks' warnings and a notice's in Spanish end to end.

use centralita_invoices::{Extraction, FieldName, FieldSource, FieldValue, LineItem, checks};
use centralita_protocol::said;
use centralita_tui::text::{self, Lang};

#[test]
fn every_phrase_is_of_the_protocols_catalog_once_and_its_english_uses_each_value_once() {
    let phrases: Vec<_> = centralita_invoices::said::ALL
        .iter()
        .chain(centralita_glosas::said::ALL)
        .collect();
    let mut wrong = Vec::new();
    for (index, phrase) in phrases.iter().enumerate() {
        let (name, args) = (phrase.key.name, phrase.key.args);
        if !said::ALL.contains(&phrase.key) {
            wrong.push(format!("{name} is not in said::ALL"));
        }
        if phrases[..index].iter().any(|other| other.key == phrase.key) {
            wrong.push(format!("{name} has two phrases"));
        }
        for value in 0..args {
            let places = phrase.english.matches(&format!("{{{value}}}")).count();
            if places != 1 {
                wrong.push(format!(
                    "{name}: {{{value}}} {places} times in {:?}",
                    phrase.english
                ));
            }
        }
        if phrase.english.contains(&format!("{{{args}}}")) {
            wrong.push(format!("{name}: a value past its {args}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn invoice_warnings_of_the_checks_read_in_spanish() {
    let mut invoice = Extraction::default();
    for (name, value) in [
        (FieldName::Subtotal, "136.00"),
        (FieldName::Tax, "24.48"),
        (FieldName::Total, "160.48"),
        (FieldName::IssuerTaxId, "20100070971"),
        (FieldName::IssueDate, "2018-06-27"),
    ] {
        invoice
            .fields
            .insert(name, FieldValue::new(value, FieldSource::Rules, 0.9));
    }
    invoice.line_items = ["50.00", "50.00", "50.00"]
        .map(|amount| LineItem {
            description: "item".to_owned(),
            amount: Some(amount.to_owned()),
            ..LineItem::default()
        })
        .to_vec();
    let warnings = checks::check(&invoice, jiff::civil::date(2026, 12, 7));
    text::set_lang(Lang::Es);
    let spanish: Vec<String> = warnings
        .iter()
        .map(|warning| text::kept_error(&warning.message, warning.words.as_ref()))
        .collect();
    assert_eq!(
        spanish,
        [
            "la suma de las 3 líneas da 150.00, pero el subtotal es 136.00 (diferencia de -14.00)",
            "el número tributario del emisor 20100070971 parece incorrecto: el dígito verificador \
             del RUC es 1, pero el número requiere 0",
            "la fecha de emisión 2018-06-27 es de hace más de 5 años (hoy es 2026-12-07)",
        ]
    );
    text::set_lang(Lang::En);
    for warning in &warnings {
        assert_eq!(
            text::kept_error(&warning.message, warning.words.as_ref()),
            warning.message
        );
    }
}

#[test]
fn a_notices_warnings_read_in_spanish() {
    let text = "NIT EPS: 806543210-5\nValor glosado: 100.000\n\
                Código | Descripción | Vr. glosado\n\
                FA0101 | Uno | 40.000\nTA0201 | Dos | cuarenta mil\nSO2101 | Tres | 50.000\n";
    let notice = centralita_glosas::notice::read_text(text).expect("a notice");
    text::set_lang(Lang::Es);
    let spanish: Vec<String> = notice
        .warnings
        .iter()
        .zip(&notice.warning_words)
        .map(|(warning, words)| text::kept_error(warning, Some(words)))
        .collect();
    assert_eq!(
        spanish,
        [
            "línea 5: valor glosado \"cuarenta mil\" no es un número",
            "NIT del pagador 806543210-5: el dígito verificador del NIT es 5, pero el número \
             requiere 4",
            "no se encontró el NIT del prestador",
            "los valores objetados de los ítems suman 90000, el total objetado del aviso es 100000",
        ]
    );
    text::set_lang(Lang::En);
    for (warning, words) in notice.warnings.iter().zip(&notice.warning_words) {
        assert_eq!(&text::kept_error(warning, Some(words)), warning);
    }
}
