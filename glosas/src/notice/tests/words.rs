//! Every warning keeps the catalog's words: the key it was said with, its values (as the
//! English writes them) and, for a reason inside it, the reason's words as its `inner`.

use rust_xlsxwriter::Workbook;

use crate::notice::{Mappings, Notice, read_spreadsheet, read_text};
use crate::said::{self, Phrase, Words};

/// One warning's words: its key, its values, and the inner sentence's key and values.
type Said = (String, Vec<String>, Option<(String, Vec<String>)>);

/// The words of each warning, checked against the warning's English: the key's English filled
/// with the values is the warning.
fn words_of(notice: &Notice) -> Vec<Said> {
    assert_eq!(
        notice.warning_words.len(),
        notice.warnings.len(),
        "{:?} / {:?}",
        notice.warnings,
        notice.warning_words
    );
    notice
        .warnings
        .iter()
        .zip(&notice.warning_words)
        .map(|(english, words)| {
            assert_eq!(&said_again(words), english);
            (
                words.key.clone(),
                words.args.clone(),
                words
                    .inner
                    .as_ref()
                    .map(|inner| (inner.key.clone(), inner.args.clone())),
            )
        })
        .collect()
}

/// The English of `words`, said again from this crate's keys (the reason inside from its own
/// words when it is one of this crate's).
fn said_again(words: &Words) -> String {
    let phrase: &Phrase = said::ALL
        .iter()
        .find(|phrase| phrase.key.name == words.key)
        .unwrap_or_else(|| panic!("{} is not one of the glosas' keys", words.key));
    let mut args = words.args.clone();
    if let Some(inner) = &words.inner
        && said::ALL.iter().any(|phrase| phrase.key.name == inner.key)
    {
        let last = args.last_mut().expect("a reason is the last value");
        assert_eq!(
            *last,
            said_again(inner),
            "the reason's English is its words'"
        );
    }
    phrase.say(std::mem::take(&mut args)).text
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|value| (*value).to_owned()).collect()
}

#[test]
fn a_texts_warnings_keep_their_words_with_the_reasons_inside() {
    let text = "NIT EPS: 806543210-5
NIT IPS: 901234560-6
Valor glosado: 100.000
Código | Descripción | Vr. glosado
FA0101 | Uno | 40.000
TA0201 | Dos | cuarenta mil
SO2101 | Tres | 50.000
";
    let notice = read_text(text).expect("a notice");
    assert_eq!(
        words_of(&notice),
        [
            (
                "glosa_line_unreadable".to_owned(),
                strings(&["6", "valor glosado \"cuarenta mil\" is not a number"]),
                Some((
                    "glosa_row_not_a_number".to_owned(),
                    strings(&["valor glosado", "\"cuarenta mil\""])
                )),
            ),
            (
                "glosa_payer_nit_invalid".to_owned(),
                strings(&["806543210-5", "NIT check digit is 5, the number needs 4"]),
                Some(("tax_id_check_digit".to_owned(), strings(&["NIT", "5", "4"]))),
            ),
            (
                "glosa_objected_mismatch".to_owned(),
                strings(&["90000", "100000"]),
                None
            ),
        ]
    );
}

#[test]
fn missing_nits_and_items_are_said_without_values() {
    let notice = read_text("Asunto: glosa\nNo. de glosa: 123\n").expect("a notice");
    let keys: Vec<_> = words_of(&notice)
        .into_iter()
        .map(|(key, args, inner)| {
            assert!(args.is_empty() && inner.is_none(), "{key}");
            key
        })
        .collect();
    assert_eq!(
        keys,
        [
            "glosa_payer_nit_missing",
            "glosa_provider_nit_missing",
            "glosa_no_items"
        ]
    );
}

#[test]
fn a_provider_nit_with_a_wrong_check_digit() {
    let text = "NIT EPS: 806543210-4\nNIT IPS: 901234560-7\nFA0101  Cantidad  40.000\n";
    let notice = read_text(text).expect("a notice");
    assert_eq!(
        words_of(&notice),
        [(
            "glosa_provider_nit_invalid".to_owned(),
            strings(&["901234560-7", "NIT check digit is 7, the number needs 6"]),
            Some(("tax_id_check_digit".to_owned(), strings(&["NIT", "7", "6"]))),
        )]
    );
}

#[test]
fn lines_without_an_objected_value_are_counted_past_fifty() {
    let mut text = String::from("NIT EPS: 806543210-4\nNIT IPS: 901234560-6\n");
    text.push_str("FA0101  Cantidad  40.000\n");
    for _ in 0..53 {
        text.push_str("FA0101  Sin valor\n");
    }
    let notice = read_text(&text).expect("a notice");
    let words = words_of(&notice);
    assert_eq!(words.len(), 51, "{:?}", notice.warnings);
    assert_eq!(
        words[0],
        (
            "glosa_line_unreadable".to_owned(),
            strings(&["4", "FA0101: no objected value (valor glosado) at the end"]),
            Some((
                "glosa_row_no_objected_value".to_owned(),
                strings(&["FA0101"])
            )),
        )
    );
    assert_eq!(
        words[50],
        (
            "glosa_more_lines_unreadable".to_owned(),
            strings(&["3"]),
            None
        )
    );
    assert_eq!(
        notice.warnings[50],
        "3 more lines could not be read as items"
    );
}

#[test]
fn a_csvs_skipped_rows_keep_their_row_and_problem() {
    let text = "NIT EPS;800.123.456-5\nNIT IPS;900.112.233-5\n\n\
                Cod glosa;Observación;Vr. glosa\n\
                FA0101;Cantidad;45.000\n\
                TA0201;Tarifa;abc\n\
                ;sin código;1000\n\
                Valor glosado;45.000\n";
    let notice =
        read_spreadsheet(text.as_bytes(), "glosas.csv", &Mappings::default()).expect("reads");
    assert_eq!(
        words_of(&notice),
        [
            (
                "glosa_row_skipped".to_owned(),
                strings(&["6", "valor glosado \"abc\" is not a number"]),
                Some((
                    "glosa_row_not_a_number".to_owned(),
                    strings(&["valor glosado", "\"abc\""])
                )),
            ),
            (
                "glosa_row_skipped".to_owned(),
                strings(&["7", "no glosa code"]),
                Some(("glosa_row_no_code".to_owned(), Vec::new())),
            ),
            (
                "glosa_row_skipped".to_owned(),
                strings(&["8", "código glosa \"Valor glosado\" is not a glosa code"]),
                Some((
                    "glosa_row_not_a_code".to_owned(),
                    strings(&["\"Valor glosado\""])
                )),
            ),
        ]
    );
}

/// A workbook with a cover sheet and a sheet of items whose rows do not all read.
fn two_sheet_workbook(bad_rows: usize) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let cover = workbook.add_worksheet();
    cover.set_name("Portada").expect("name");
    cover.write_string(0, 0, "NIT EPS").expect("cell");
    cover.write_string(0, 1, "800.123.456-5").expect("cell");
    let items = workbook.add_worksheet();
    items.set_name("Glosas").expect("name");
    for (column, header) in (0_u16..).zip(["Código glosa", "Descripción", "Valor glosado"]) {
        items.write_string(0, column, header).expect("cell");
    }
    items.write_string(1, 0, "FA0101").expect("cell");
    items.write_string(1, 1, "Cantidad").expect("cell");
    items.write_number(1, 2, 45_000.0).expect("cell");
    items.write_string(2, 0, "Valor").expect("cell");
    items.write_string(2, 1, "Rótulo").expect("cell");
    items.write_number(2, 2, 1.0).expect("cell");
    for row in 0..bad_rows {
        let row = u32::try_from(row + 3).expect("row");
        items.write_string(row, 1, "sin código").expect("cell");
        items.write_number(row, 2, 1.0).expect("cell");
    }
    workbook.save_to_buffer().expect("workbook")
}

#[test]
fn a_workbooks_skipped_rows_name_their_sheet_and_are_counted_past_fifty() {
    let notice = read_spreadsheet(&two_sheet_workbook(52), "glosas.xlsx", &Mappings::default())
        .expect("reads");
    let words = words_of(&notice);
    let skipped: Vec<_> = words
        .iter()
        .filter(|(key, ..)| !key.ends_with("_nit_missing"))
        .collect();
    assert_eq!(skipped.len(), 51, "{:?}", notice.warnings);
    assert_eq!(
        *skipped[0],
        (
            "glosa_sheet_row_skipped".to_owned(),
            strings(&[
                "\"Glosas\"",
                "3",
                "código glosa \"Valor\" is not a glosa code"
            ]),
            Some(("glosa_row_not_a_code".to_owned(), strings(&["\"Valor\""]))),
        )
    );
    assert_eq!(
        notice.warnings[0],
        "sheet \"Glosas\" row 3: código glosa \"Valor\" is not a glosa code, row skipped"
    );
    assert_eq!(
        *skipped[1],
        (
            "glosa_sheet_row_skipped".to_owned(),
            strings(&["\"Glosas\"", "4", "no glosa code"]),
            Some(("glosa_row_no_code".to_owned(), Vec::new())),
        )
    );
    assert_eq!(
        *skipped[50],
        (
            "glosa_more_rows_unreadable".to_owned(),
            strings(&["3"]),
            None
        )
    );
}

#[test]
fn a_notice_kept_from_before_warnings_had_words_still_reads() {
    let old = r#"{"kind":"glosa","items":[],"warnings":["no items found"]}"#;
    let notice: Notice = serde_json::from_str(old).expect("an old notice");
    assert_eq!(notice.warnings, ["no items found"]);
    assert!(notice.warning_words.is_empty());
}
