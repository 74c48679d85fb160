//! A notice as a one-page PDF with a text layer, as payers attach them: Courier (so pdftotext
//! `-layout` keeps the table's columns), WinAnsi-encoded, A4 landscape.

use std::fmt::Write as _;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, StringFormat, dictionary};

use super::{format_cop, long_date, short_date};
use crate::notice::{Notice, NoticeKind};

/// Points per line and font size.
const LEADING: i64 = 11;
const FONT_SIZE: i64 = 8;
/// A4 landscape, in points.
const PAGE_WIDTH: i64 = 842;
const PAGE_HEIGHT: i64 = 595;
const MARGIN: i64 = 36;
/// Lines that fit on the page; a longer notice is cut (samples have at most six items).
const MAX_LINES: usize = ((PAGE_HEIGHT - 2 * MARGIN) / LEADING) as usize;
/// Characters that fit on a line in Courier 8 (0.6 em wide).
const MAX_COLUMNS: usize = 160;

/// The notice as a one-page PDF whose text layer pdftotext reads back.
pub fn render_pdf(notice: &Notice) -> Vec<u8> {
    let lines = page_lines(notice);
    let mut document = Document::with_version("1.5");
    let pages_id = document.new_object_id();
    let font_id = document.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Courier",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = document.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut operations = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), FONT_SIZE.into()]),
        Operation::new("TL", vec![LEADING.into()]),
        Operation::new("Td", vec![MARGIN.into(), (PAGE_HEIGHT - MARGIN).into()]),
    ];
    for line in lines.iter().take(MAX_LINES) {
        operations.push(Operation::new(
            "Tj",
            vec![Object::String(win_ansi(line), StringFormat::Literal)],
        ));
        operations.push(Operation::new("T*", vec![]));
    }
    operations.push(Operation::new("ET", vec![]));
    let content = Content { operations };
    let content_id = document.add_object(Stream::new(
        dictionary! {},
        content.encode().expect("text operations always encode"),
    ));
    let page = document.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
    });
    document.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page.into()],
            "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_WIDTH.into(), PAGE_HEIGHT.into()],
        }),
    );
    let catalog_id = document.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    document.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    document
        .save_to(&mut bytes)
        .expect("writing a PDF to memory cannot fail");
    bytes
}

/// The page's text: a letter head, header labels, and the items in space-padded columns.
fn page_lines(notice: &Notice) -> Vec<String> {
    let payer = notice.payer_name.as_deref().unwrap_or_default();
    let mut lines = vec![
        payer.to_uppercase(),
        format!("NIT {}", notice.payer_nit.as_deref().unwrap_or_default()),
        String::new(),
        format!(
            "NOTIFICACIÓN DE {}",
            notice.kind.as_spanish().to_uppercase()
        ),
        String::new(),
    ];
    let number_label = match notice.kind {
        NoticeKind::Glosa => "No. de glosa",
        NoticeKind::Devolucion => "No. de devolución",
    };
    let objected_label = match notice.kind {
        NoticeKind::Glosa => "Total glosa",
        NoticeKind::Devolucion => "Valor devuelto",
    };
    let pair = |left: (&str, String), right: Option<(&str, String)>| {
        let left = format!("{}: {}", left.0, left.1);
        match right {
            Some((label, value)) => format!("{left:<70}{label}: {value}"),
            None => left,
        }
    };
    lines.push(format!("Entidad responsable de pago: {payer}"));
    lines.push(pair(
        (
            "Prestador",
            notice.provider_name.clone().unwrap_or_default(),
        ),
        notice
            .provider_nit
            .clone()
            .map(|nit| ("NIT prestador", nit)),
    ));
    lines.push(pair(
        (number_label, notice.number.clone().unwrap_or_default()),
        notice
            .notice_date
            .map(|date| ("Fecha de notificación", long_date(date))),
    ));
    lines.push(pair(
        ("Factura No.", notice.invoices.join(", ")),
        notice
            .filed_date
            .map(|date| ("Fecha de radicación", short_date(date))),
    ));
    lines.push(pair(
        (
            "Valor facturado",
            notice
                .total_invoiced
                .map(|value| format!("$ {}", format_cop(value)))
                .unwrap_or_default(),
        ),
        notice
            .total_objected
            .map(|value| (objected_label, format!("$ {}", format_cop(value)))),
    ));
    lines.push(String::new());
    let widths = [12, 8, 64, 8, 6, 15, 15];
    let row = |cells: [String; 7]| {
        let mut line = String::new();
        for (cell, width) in cells.iter().zip(widths) {
            let _ = write!(line, "{cell:<width$}  ");
        }
        line.trim_end().to_owned()
    };
    lines.push(row([
        "Factura".into(),
        "Código".into(),
        "Descripción".into(),
        "CUPS".into(),
        "Cant.".into(),
        "Vr. facturado".into(),
        "Vr. glosado".into(),
    ]));
    for item in &notice.items {
        lines.push(row([
            item.invoice.clone().unwrap_or_default(),
            item.code_raw.clone(),
            item.description.clone(),
            item.service_code.clone().unwrap_or_default(),
            item.quantity
                .map(|value| value.to_string())
                .unwrap_or_default(),
            item.invoiced.map(format_cop).unwrap_or_default(),
            item.objected.map(format_cop).unwrap_or_default(),
        ]));
    }
    lines.push(String::new());
    lines.push("Plazo de respuesta: quince (15) días hábiles (Ley 1438 de 2011, art. 57).".into());
    lines
        .into_iter()
        .map(|line| line.chars().take(MAX_COLUMNS).collect())
        .collect()
}

/// Text in WinAnsiEncoding (Windows-1252): Latin-1 letters as they are, a few punctuation marks
/// moved, anything else as `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}
