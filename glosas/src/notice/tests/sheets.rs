use std::path::{Path, PathBuf};

use jiff::civil::date;
use rust_xlsxwriter::Workbook;

use super::some_dec;
use crate::notice::{Mapping, Mappings, NoticeError, NoticeKind, is_spreadsheet, read_spreadsheet};

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn an_xls_with_labels_beside_their_values_and_a_prefix_column() {
    let bytes = fixture("salud-cafetera-glosa.xls");
    assert!(is_spreadsheet(&bytes, "adjunto.bin"));
    let notice = read_spreadsheet(&bytes, "adjunto.bin", &Mappings::default()).expect("reads");
    assert_eq!(notice.kind, NoticeKind::Glosa);
    assert_eq!(
        notice.payer_name.as_deref(),
        Some("SALUD CAFETERA EPS S.A.")
    );
    assert_eq!(notice.payer_nit.as_deref(), Some("891234567-1"));
    assert_eq!(
        notice.provider_name.as_deref(),
        Some("Centro Médico Los Andes IPS S.A.S.")
    );
    assert_eq!(notice.provider_nit.as_deref(), Some("900998877-1"));
    assert_eq!(notice.number.as_deref(), Some("RG-2024-0815"));
    assert_eq!(notice.notice_date, Some(date(2024, 11, 5)));
    assert_eq!(notice.filed_date, Some(date(2024, 10, 15)));
    assert_eq!(notice.invoices, vec!["FEV 20455", "FEV 20460"]);
    assert_eq!(notice.total_invoiced, some_dec("118300"));
    assert_eq!(notice.total_objected, some_dec("58300.5"));
    assert_eq!(notice.items.len(), 3);
    let second = &notice.items[1];
    assert_eq!(second.code_raw, "223");
    assert_eq!(second.service_code.as_deref(), Some("902210"));
    assert_eq!(second.objected, some_dec("3500.5"));
    assert_eq!(second.invoice.as_deref(), Some("FEV 20455"));
    assert!(notice.warnings.is_empty(), "{:?}", notice.warnings);
}

#[test]
fn an_ods_with_labels_above_their_values() {
    let bytes = fixture("pacifico-devolucion.ods");
    assert!(is_spreadsheet(&bytes, "devolucion"));
    let notice = read_spreadsheet(&bytes, "devolucion", &Mappings::default()).expect("reads");
    assert_eq!(notice.kind, NoticeKind::Devolucion);
    assert_eq!(
        notice.payer_name.as_deref(),
        Some("Caja de Salud del Pacífico EPS-S")
    );
    assert_eq!(notice.payer_nit.as_deref(), Some("806543210-4"));
    assert_eq!(notice.provider_nit.as_deref(), Some("901234560-6"));
    assert_eq!(notice.number.as_deref(), Some("DV-2025-00077"));
    assert_eq!(notice.notice_date, Some(date(2025, 2, 3)));
    assert_eq!(notice.filed_date, Some(date(2025, 1, 28)));
    assert_eq!(notice.invoices, vec!["FE 5501", "FE 5502"]);
    assert_eq!(notice.items.len(), 2);
    assert_eq!(notice.items[0].code_raw, "DE1601");
    assert_eq!(notice.items[1].objected, some_dec("380000"));
    assert!(notice.warnings.is_empty(), "{:?}", notice.warnings);
}

#[test]
fn a_windows_1252_csv_with_commas_and_quotes() {
    let text = "Relación de glosas\r\n\
                NIT EPS,800.123.456-5\r\n\
                NIT IPS,900.112.233-5\r\n\
                \r\n\
                Cod glosa,Observación,Vr. facturado,Vr. glosa\r\n\
                FA0101,\"Cantidad mayor, según soporte\",\"90.000\",\"45.000\"\r\n\
                TA0201,Tarifa,38000,abc\r\n\
                ,sin código,1000,1000\r\n\
                \r\n\
                Valor glosado,45.000\r\n";
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 test text"))
        .collect();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test needs non-UTF-8 bytes"
    );
    let notice = read_spreadsheet(&bytes, "glosas.csv", &Mappings::default()).expect("reads");
    assert_eq!(notice.items.len(), 1, "{notice:#?}");
    assert_eq!(notice.items[0].description, "Cantidad mayor, según soporte");
    assert_eq!(notice.items[0].invoiced, some_dec("90000"));
    assert_eq!(notice.total_objected, some_dec("45000"));
    assert_eq!(
        notice.warnings,
        vec![
            "row 7: valor glosado \"abc\" is not a number, row skipped",
            "row 8: no glosa code, row skipped",
        ]
    );
}

/// A payer whose headers no synonym knows, with header values at fixed cells.
fn odd_workbook() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let rows: [&[&str]; 6] = [
        &["Reporte de objeciones", "", "NIT 830.098.765-1"],
        &["Consecutivo", "OBJ-77"],
        &["Emitido", "20/01/2025"],
        &[],
        &["Motivo", "Detalle", "Documento", "Vlr. Objeción"],
        &["CL5301", "Pertinencia no justificada", "FEV 1", "12.000"],
    ];
    for (row, cells) in (0_u32..).zip(rows) {
        for (column, text) in (0_u16..).zip(cells.iter()) {
            sheet.write_string(row, column, *text).expect("cell");
        }
    }
    workbook.save_to_buffer().expect("workbook")
}

#[test]
fn a_mapping_reads_a_layout_the_synonyms_miss() {
    let bytes = odd_workbook();
    let error = read_spreadsheet(&bytes, "objeciones.xlsx", &Mappings::default())
        .map(|notice| notice.items.len());
    assert_eq!(error, Ok(0), "without a mapping there is no item table");

    let mapping = Mapping::parse(
        Path::new("vida-plena.toml"),
        r#"
payer_nit = "830098765"
payer_name = "Entidad Promotora de Salud Vida Plena S.A."
[columns]
code = "Motivo"
description = "Detalle"
invoice = "C"
objected = "vlr objecion"
[cells]
number = "B2"
notice_date = "B3"
"#,
    )
    .expect("valid mapping");
    let mappings = Mappings::from_mappings([mapping]);
    let notice = read_spreadsheet(&bytes, "objeciones.xlsx", &mappings).expect("reads");
    assert_eq!(
        notice.payer_name.as_deref(),
        Some("Entidad Promotora de Salud Vida Plena S.A.")
    );
    assert_eq!(notice.payer_nit.as_deref(), Some("830098765-1"));
    assert_eq!(notice.number.as_deref(), Some("OBJ-77"));
    assert_eq!(notice.notice_date, Some(date(2025, 1, 20)));
    assert_eq!(notice.items.len(), 1);
    assert_eq!(notice.items[0].code_raw, "CL5301");
    assert_eq!(notice.items[0].invoice.as_deref(), Some("FEV 1"));
    assert_eq!(notice.items[0].objected, some_dec("12000"));
}

#[test]
fn the_mapping_is_chosen_by_the_file_name_too() {
    let mapping = Mapping::parse(
        Path::new("m.toml"),
        "payer_nit = \"900456789-1\"\n[columns]\ncode = \"A\"\nobjected = \"B\"\nheader_row = 1\n",
    );
    // header_row belongs at the top level, not in [columns]: the error says where.
    let error = mapping.expect_err("misplaced key");
    assert_eq!(error.line, 5, "{error}");

    let mapping = Mapping::parse(
        Path::new("m.toml"),
        "payer_nit = \"900456789\"\nheader_row = 1\n[columns]\ncode = \"A\"\nobjected = \"B\"\n",
    )
    .expect("valid");
    let csv = b"x;y;z\nFA0101;1.000;z\nSO2101;2.000;z\n";
    let mappings = Mappings::from_mappings([mapping]);
    let notice = read_spreadsheet(csv, "glosas_900456789.csv", &mappings).expect("reads");
    assert_eq!(notice.items.len(), 2);
    assert_eq!(notice.payer_nit.as_deref(), Some("900456789"));
}

#[test]
fn budgets_are_errors_that_say_the_limit() {
    let mut csv = String::from("Código glosa;Descripción;Valor glosado\n");
    for _ in 0..=crate::notice::MAX_ITEMS {
        csv.push_str("FA0101;Cantidad;1.000\n");
    }
    let error = read_spreadsheet(csv.as_bytes(), "big.csv", &Mappings::default())
        .expect_err("too many rows");
    assert_eq!(
        error.to_string(),
        "sheet \"big.csv\" has more than 5000 item rows, the most a notice may have"
    );
    let huge = vec![b'a'; crate::notice::MAX_INPUT_BYTES + 1];
    let error = read_spreadsheet(&huge, "huge.csv", &Mappings::default()).expect_err("too big");
    assert!(matches!(error, NoticeError::TooLarge { .. }), "{error}");
}

#[test]
fn content_decides_what_is_a_spreadsheet() {
    let xlsx = odd_workbook();
    assert!(is_spreadsheet(&xlsx, "objeciones.pdf"));
    assert!(is_spreadsheet(b"a;b;c\n1;2;3\n", "datos.csv"));
    assert!(is_spreadsheet(
        b"Codigo glosa;Valor glosado;Nota\nFA0101;1;x\n",
        "sin-extension"
    ));
    assert!(!is_spreadsheet(b"a;b;c\n1;2;3\n", "datos"));
    assert!(!is_spreadsheet(b"%PDF-1.5\n...", "glosa.xlsx"));
    assert!(!is_spreadsheet(b"Hola, adjunto la glosa.", "mensaje.txt"));
    let error = read_spreadsheet(b"%PDF-1.5\n", "glosa.pdf", &Mappings::default())
        .expect_err("not a spreadsheet");
    assert_eq!(
        error.to_string(),
        "glosa.pdf: not a spreadsheet (XLSX, XLSB, XLS, ODS or CSV)"
    );
}

#[test]
fn a_broken_workbook_is_an_error_not_a_panic() {
    let mut xlsx = odd_workbook();
    let middle = xlsx.len() / 2;
    for byte in &mut xlsx[middle..middle + 64] {
        *byte = 0;
    }
    let result = read_spreadsheet(&xlsx, "rota.xlsx", &Mappings::default());
    assert!(
        matches!(result, Err(NoticeError::Unreadable { .. })) || result.is_ok(),
        "{result:?}"
    );
}

/// The workbook of [`odd_workbook`] with its first cell's reference replaced by `reference`.
fn workbook_with_cell_reference(reference: &str) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let original = odd_workbook();
    let mut archive = zip::ZipArchive::new(Cursor::new(&original)).expect("zip");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        let name = entry.name().expect("entry name").to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("entry content");
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(content).expect("sheet XML");
            assert!(text.contains(r#"r="A1""#), "{text}");
            content = text
                .replacen(r#"r="A1""#, &format!(r#"r="{reference}""#), 1)
                .into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start entry");
        writer.write_all(&content).expect("write entry");
    }
    writer.finish().expect("finish zip").into_inner()
}

#[test]
fn a_cell_reference_too_long_for_the_reader_is_an_error_not_a_panic() {
    let readable = workbook_with_cell_reference("A1");
    assert!(read_spreadsheet(&readable, "objeciones.xlsx", &Mappings::default()).is_ok());
    let damaged = workbook_with_cell_reference("AAAAAAAAAAAAAAAAAAAA1");
    let error = read_spreadsheet(&damaged, "objeciones.xlsx", &Mappings::default())
        .expect_err("a column past any sheet's");
    assert!(matches!(error, NoticeError::Unreadable { .. }), "{error}");
}
