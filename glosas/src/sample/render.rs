//! A notice as text (the mail body an EPS sends), CSV and XLSX.

use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::{format_cop, long_date, short_date};
use crate::notice::{MAX_ITEMS, Notice, NoticeKind};

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// The mail body a payer sends with a notice: a letter with header labels and the items as a
/// `|`-separated table.
pub fn render_text(notice: &Notice) -> String {
    let mut text = String::new();
    let mut line = |content: &str| {
        text.push_str(content);
        text.push('\n');
    };
    let kind = notice.kind.as_spanish();
    line("Señores");
    line(or_blank(notice.provider_name.as_deref()));
    if let Some(nit) = &notice.provider_nit {
        line(&format!("NIT {nit}"));
    }
    line("Ciudad");
    line("");
    line(&format!(
        "Asunto: Notificación de {kind} No. {}",
        or_blank(notice.number.as_deref())
    ));
    line("");
    line("Respetados señores:");
    line("");
    line(&format!(
        "Como resultado de la auditoría de cuentas médicas, les notificamos la {kind} de las facturas \
         relacionadas a continuación, conforme al Manual Único de Devoluciones, Glosas y Respuestas."
    ));
    line("");
    for (label, value) in header_pairs(notice, DateStyle::Mixed) {
        line(&format!("{label}: {value}"));
    }
    line("");
    line("Factura | Código | Descripción | CUPS | Cant. | Vr. facturado | Vr. glosado");
    for item in &notice.items {
        line(&format!(
            "{} | {} | {} | {} | {} | {} | {}",
            or_blank(item.invoice.as_deref()),
            item.code_raw,
            item.description,
            or_blank(item.service_code.as_deref()),
            item.quantity
                .map(|quantity| quantity.to_string())
                .unwrap_or_default(),
            item.invoiced.map(format_cop).unwrap_or_default(),
            item.objected.map(format_cop).unwrap_or_default(),
        ));
    }
    line("");
    line(
        "Cuentan con quince (15) días hábiles a partir de la notificación para dar respuesta, \
         de acuerdo con el artículo 57 de la Ley 1438 de 2011.",
    );
    line("");
    line("Cordialmente,");
    line("");
    line("Área de Cuentas Médicas");
    line(or_blank(notice.payer_name.as_deref()));
    text
}

/// The notice as a CSV file the way payers export it from Excel: `;`-separated, header labels
/// in the first rows, a blank row, then the item table.
pub fn render_csv(notice: &Notice) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = vec![vec![title(notice)]];
    rows.extend(
        header_pairs(notice, DateStyle::Short)
            .into_iter()
            .map(|(label, value)| vec![label.to_owned(), value]),
    );
    rows.push(vec![String::new()]);
    rows.push(
        TABLE_HEADERS
            .iter()
            .map(|header| (*header).to_owned())
            .collect(),
    );
    for item in notice.items.iter().take(MAX_ITEMS) {
        let plain = |value: Option<Decimal>| value.map(|value| value.to_string().replace('.', ","));
        rows.push(vec![
            item.invoice.clone().unwrap_or_default(),
            item.code_raw.clone(),
            item.description.clone(),
            item.service_code.clone().unwrap_or_default(),
            plain(item.quantity).unwrap_or_default(),
            plain(item.invoiced).unwrap_or_default(),
            plain(item.objected).unwrap_or_default(),
        ]);
    }
    for row in rows {
        writer
            .write_record(&row)
            .expect("writing CSV to memory cannot fail");
    }
    writer
        .into_inner()
        .expect("flushing CSV to memory cannot fail")
}

/// The notice as an XLSX workbook: a title, header labels in column A with their values in
/// column B (dates as dates, totals as numbers; the notice number as one "Label: value" cell),
/// a blank row, the item table and a total row. At most [`MAX_ITEMS`] items are written.
pub fn render_xlsx(notice: &Notice) -> Vec<u8> {
    write_xlsx(notice).expect("cells are cut to Excel's limits, so the workbook can be written")
}

fn write_xlsx(notice: &Notice) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(match notice.kind {
        NoticeKind::Glosa => "Glosa",
        NoticeKind::Devolucion => "Devolución",
    })?;
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let money = Format::new().set_num_format("#,##0");
    sheet.write_string_with_format(0, 0, title(notice), &bold)?;
    let mut row = 2;
    let number_label = match notice.kind {
        NoticeKind::Glosa => "No. de glosa",
        NoticeKind::Devolucion => "No. de devolución",
    };
    for (label, value) in header_pairs(notice, DateStyle::Short) {
        if label == number_label {
            sheet.write_string(row, 0, cut(&format!("{label}: {value}")))?;
        } else {
            sheet.write_string_with_format(row, 0, label, &bold)?;
            write_header_value(sheet, row, label, notice, &value, &date_format, &money)?;
        }
        row += 1;
    }
    row += 1;
    for (column, header) in (0_u16..).zip(TABLE_HEADERS) {
        sheet.write_string_with_format(row, column, header, &bold)?;
    }
    for item in notice.items.iter().take(MAX_ITEMS) {
        row += 1;
        sheet.write_string(row, 0, cut(item.invoice.as_deref().unwrap_or_default()))?;
        sheet.write_string(row, 1, cut(&item.code_raw))?;
        sheet.write_string(row, 2, cut(&item.description))?;
        sheet.write_string(
            row,
            3,
            cut(item.service_code.as_deref().unwrap_or_default()),
        )?;
        for (column, value) in [(4, item.quantity), (5, item.invoiced), (6, item.objected)] {
            if let Some(value) = value.and_then(to_f64) {
                sheet.write_number_with_format(row, column, value, &money)?;
            }
        }
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "TOTAL", &bold)?;
    let sum = |value: fn(&crate::notice::Item) -> Option<Decimal>| {
        notice.items.iter().filter_map(value).sum::<Decimal>()
    };
    if let Some(invoiced) = to_f64(sum(|item| item.invoiced)) {
        sheet.write_number_with_format(row, 5, invoiced, &money)?;
    }
    if let Some(objected) = to_f64(sum(|item| item.objected)) {
        sheet.write_number_with_format(row, 6, objected, &money)?;
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(2, 60)?;
    workbook.save_to_buffer()
}

fn write_header_value(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    notice: &Notice,
    value: &str,
    date_format: &Format,
    money: &Format,
) -> Result<(), XlsxError> {
    let date = match label {
        "Fecha de notificación" => notice.notice_date,
        "Fecha de radicación" => notice.filed_date,
        _ => None,
    };
    let amount = match label {
        "Valor facturado" => notice.total_invoiced,
        "Valor glosado" | "Valor devuelto" => notice.total_objected,
        _ => None,
    };
    if let Some(excel) = date.and_then(excel_date) {
        sheet.write_datetime_with_format(row, 1, &excel, date_format)?;
    } else if let Some(amount) = amount.and_then(to_f64) {
        sheet.write_number_with_format(row, 1, amount, money)?;
    } else {
        sheet.write_string(row, 1, cut(value))?;
    }
    Ok(())
}

/// The item table's column headers, as payers write them.
const TABLE_HEADERS: [&str; 7] = [
    "Factura",
    "Código glosa",
    "Descripción",
    "CUPS",
    "Cantidad",
    "Valor facturado",
    "Valor glosado",
];

/// How header dates are written: the mail mixes `15/10/2024` and `5 de noviembre de 2024`.
#[derive(Clone, Copy)]
enum DateStyle {
    Mixed,
    Short,
}

/// The header labels and values a notice shows, in the order payers write them.
fn header_pairs(notice: &Notice, dates: DateStyle) -> Vec<(&'static str, String)> {
    let devolution = notice.kind == NoticeKind::Devolucion;
    let mut pairs: Vec<(&'static str, String)> = Vec::new();
    let mut push = |label: &'static str, value: Option<String>| {
        if let Some(value) = value {
            pairs.push((label, value));
        }
    };
    push("Entidad responsable de pago", notice.payer_name.clone());
    push("NIT EPS", notice.payer_nit.clone());
    push("Prestador", notice.provider_name.clone());
    push("NIT prestador", notice.provider_nit.clone());
    push(
        if devolution {
            "No. de devolución"
        } else {
            "No. de glosa"
        },
        notice.number.clone(),
    );
    push("Fecha de radicación", notice.filed_date.map(short_date));
    push(
        "Fecha de notificación",
        notice.notice_date.map(|date| match dates {
            DateStyle::Mixed => long_date(date),
            DateStyle::Short => short_date(date),
        }),
    );
    push(
        "Factura No.",
        (!notice.invoices.is_empty()).then(|| notice.invoices.join(", ")),
    );
    push(
        "Valor facturado",
        notice
            .total_invoiced
            .map(|value| format!("$ {}", format_cop(value))),
    );
    push(
        if devolution {
            "Valor devuelto"
        } else {
            "Valor glosado"
        },
        notice
            .total_objected
            .map(|value| format!("$ {}", format_cop(value))),
    );
    pairs
}

fn title(notice: &Notice) -> String {
    format!(
        "NOTIFICACIÓN DE {}",
        notice.kind.as_spanish().to_uppercase()
    )
}

fn or_blank(text: Option<&str>) -> &str {
    text.unwrap_or_default()
}

fn cut(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// A date Excel can hold (years 1900 to 9999); others are written as text.
pub(crate) fn excel_date(date: jiff::civil::Date) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(
        u16::try_from(date.year()).ok()?,
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
    .ok()
}

fn to_f64(value: Decimal) -> Option<f64> {
    rust_decimal::prelude::ToPrimitive::to_f64(&value)
}
