use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_decimal::Decimal;

use super::{Answer, COLUMNS, Decision, ItemAnswer, accepted_value, export_csv, export_xlsx};
use crate::notice::{Item, Notice};
use crate::sample::sample_notice;

/// A glosa with at least three items, answered one way each.
fn answered() -> (Notice, Answer) {
    let notice = (0..1_000)
        .map(sample_notice)
        .find(|notice| notice.items.len() >= 3)
        .expect("some seed has three items");
    let partial = notice.items[1].objected.unwrap_or_default() / Decimal::from(2);
    let answer = Answer {
        items: vec![
            ItemAnswer {
                index: 0,
                decision: Decision::Accepted,
                response_code: "RE9702".to_owned(),
                justification: "Se acepta la glosa".to_owned(),
            },
            ItemAnswer {
                index: 1,
                decision: Decision::PartiallyAccepted(partial),
                response_code: "RE9801".to_owned(),
                justification: "Se acepta la mitad; se anexa soporte".to_owned(),
            },
            ItemAnswer {
                index: 2,
                decision: Decision::NotAccepted,
                response_code: "RE9901".to_owned(),
                justification: "Se anexa autorización; glosa subsanada".to_owned(),
            },
            // An answer to an item the notice does not have is left out.
            ItemAnswer {
                index: 99,
                decision: Decision::Accepted,
                response_code: "RE9702".to_owned(),
                justification: String::new(),
            },
        ],
    };
    (notice, answer)
}

fn text(data: &Data) -> String {
    match data {
        Data::String(text) => text.clone(),
        Data::Float(number) => number.to_string(),
        Data::Int(number) => number.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn number(data: &Data) -> f64 {
    match data {
        Data::Float(number) => *number,
        Data::Int(number) => *number as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn accepted_values_follow_the_decision() {
    let item = Item {
        objected: Some(Decimal::from(1000)),
        ..Item::default()
    };
    assert_eq!(
        accepted_value(&item, Decision::Accepted),
        Decimal::from(1000)
    );
    assert_eq!(
        accepted_value(&item, Decision::PartiallyAccepted(Decimal::from(300))),
        Decimal::from(300)
    );
    // Never more than what was objected, never negative.
    assert_eq!(
        accepted_value(&item, Decision::PartiallyAccepted(Decimal::from(5000))),
        Decimal::from(1000)
    );
    assert_eq!(
        accepted_value(&item, Decision::PartiallyAccepted(Decimal::from(-5))),
        Decimal::ZERO
    );
    assert_eq!(accepted_value(&item, Decision::NotAccepted), Decimal::ZERO);
}

#[test]
fn the_xlsx_answer_reads_back_with_calamine() {
    let (notice, answer) = answered();
    let bytes = export_xlsx(&notice, &answer).expect("workbook");
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("calamine opens it");
    let range = workbook.worksheet_range("Respuesta").expect("the sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    let header = |label: &str| {
        let row = rows
            .iter()
            .find(|row| text(&row[0]) == label)
            .unwrap_or_else(|| panic!("no {label} row"));
        row[1].clone()
    };
    assert_eq!(
        text(&header("NIT EPS")),
        notice.payer_nit.clone().unwrap_or_default()
    );
    assert_eq!(
        text(&header("No. de glosa")),
        notice.number.clone().unwrap_or_default()
    );
    assert!(matches!(header("Fecha de notificación"), Data::DateTime(_)));
    let objected = notice.total_objected.expect("samples have totals");
    let accepted = accepted_value(&notice.items[0], Decision::Accepted)
        + notice.items[1].objected.unwrap_or_default() / Decimal::from(2);
    let as_f64 = |value: Decimal| rust_decimal::prelude::ToPrimitive::to_f64(&value).unwrap_or(0.0);
    assert!((number(&header("Valor glosado")) - as_f64(objected)).abs() < 0.01);
    assert!((number(&header("Valor aceptado")) - as_f64(accepted)).abs() < 0.01);
    assert!((number(&header("Valor no aceptado")) - as_f64(objected - accepted)).abs() < 0.01);

    let table = rows
        .iter()
        .position(|row| text(&row[0]) == COLUMNS[0])
        .expect("the item table");
    let items = &rows[table + 1..];
    assert_eq!(items.len(), notice.items.len());
    assert_eq!(text(&items[0][2]), notice.items[0].code_raw);
    assert_eq!(text(&items[0][3]), notice.items[0].description);
    assert_eq!(text(&items[0][7]), "RE9702");
    assert_eq!(text(&items[1][8]), "Se acepta la mitad; se anexa soporte");
    assert!(number(&items[2][6]).abs() < 0.01);
    let first_objected = as_f64(notice.items[0].objected.unwrap_or_default());
    assert!((number(&items[0][5]) - first_objected).abs() < 0.01);
    assert!((number(&items[0][6]) - first_objected).abs() < 0.01);
    if let Some(unanswered) = items.get(3) {
        assert_eq!(text(&unanswered[7]), "");
    }
}

#[test]
fn the_csv_answer_has_the_same_rows() {
    let (notice, answer) = answered();
    let bytes = export_csv(&notice, &answer);
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
    let lines: Vec<&str> = text.lines().collect();
    let first = lines
        .iter()
        .find(|line| line.starts_with("1;"))
        .expect("the first item");
    assert!(first.contains(";RE9702;Se acepta la glosa"), "{first}");
    let third = lines
        .iter()
        .find(|line| line.starts_with("3;"))
        .expect("the third item");
    assert!(third.contains(";0;RE9901;"), "{third}");
    let table = lines
        .iter()
        .position(|line| *line == COLUMNS.join(";"))
        .expect("the item table");
    assert_eq!(
        lines.len() - table - 1,
        notice.items.len(),
        "one row per item; answers to missing items are left out"
    );
}
