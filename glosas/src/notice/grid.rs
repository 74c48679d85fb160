//! Spreadsheet bytes to rows of [`Cell`]s: XLSX and XLSB (streamed cell by cell), XLS and ODS
//! (whole sheets, through calamine), CSV (UTF-8 or Windows-1252, `;`, `,` or tab). The format is
//! told by content; the file name only breaks ties (a CSV called `.txt`).
//!
//! Budgets: the first [`MAX_SHEETS`] sheets, [`MAX_ROWS`] rows and [`MAX_COLUMNS`] columns of
//! each; zip containers must not unpack to more than [`MAX_UNPACKED_BYTES`].

use std::io::{Cursor, Read, Seek};

use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsb, Xlsx};
use jiff::civil::Date;

use super::NoticeError;
use super::cell::Cell;
use super::labels::{Column, match_column};
use super::lines::split_cells;

/// Sheets read from one workbook.
pub(crate) const MAX_SHEETS: usize = 10;
/// Rows read from one sheet: room for the item budget plus a header block and totals.
pub(crate) const MAX_ROWS: usize = super::MAX_ITEMS + 1_000;
/// Columns read from one row.
pub(crate) const MAX_COLUMNS: usize = 100;
/// What a zip container (XLSX, XLSB, ODS) may unpack to.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;

/// What kind of spreadsheet some bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

/// One sheet: its name and its rows from row 1, each cut at [`MAX_COLUMNS`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Sheet {
    pub(crate) name: String,
    pub(crate) rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub(crate) fn cell(&self, row: usize, column: usize) -> Option<&Cell> {
        self.rows.get(row)?.get(column)
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// The format of `bytes`, from their content; `name` only decides for text that could be a CSV.
pub(crate) fn detect(bytes: &[u8], name: &str) -> Option<Format> {
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase());
    if bytes.starts_with(ZIP_MAGIC) {
        return zip_format(bytes);
    }
    if bytes.starts_with(OLE_MAGIC) {
        // An OLE file may be a Word document; a workbook has a "Workbook" (or BIFF5 "Book")
        // stream, whose name is written in UTF-16 in the directory.
        let workbook = utf16(b"Workbook");
        let book = utf16(b"Book");
        let named = contains(bytes, &workbook) || contains(bytes, &book);
        return (named || extension.as_deref() == Some("xls")).then_some(Format::Xls);
    }
    let text = decode_text(bytes)?;
    let named_csv = matches!(extension.as_deref(), Some("csv" | "tsv" | "txt"));
    let delimiter = csv_delimiter(&text)?;
    if named_csv || has_item_header(&text, delimiter) {
        Some(Format::Csv)
    } else {
        None
    }
}

/// Reads the sheets of a spreadsheet of a known format.
pub(crate) fn read(bytes: &[u8], name: &str, format: Format) -> Result<Vec<Sheet>, NoticeError> {
    // calamine 0.38 adds up a cell reference's column letters unchecked: a damaged
    // `r="AAAAAAAAAAAAAAA1"` panics where overflow checks are on (debug builds, tests) and wraps
    // in release. Each read owns its workbook, so a caught panic leaves nothing broken behind.
    std::panic::catch_unwind(|| read_sheets(bytes, name, format))
        .unwrap_or_else(|_| Err("the reader failed on damaged content".to_owned()))
        .map_err(|reason| NoticeError::Unreadable {
            name: name.to_owned(),
            reason,
        })
}

fn read_sheets(bytes: &[u8], name: &str, format: Format) -> Result<Vec<Sheet>, String> {
    let cursor = Cursor::new(bytes);
    match format {
        Format::Csv => {
            let text = decode_text(bytes).ok_or("not text")?;
            let delimiter = csv_delimiter(&text).unwrap_or(b';');
            Ok(vec![read_csv(&text, delimiter, name)])
        }
        Format::Xls => read_ranges(&mut Xls::new(cursor).map_err(|error| error.to_string())?),
        Format::Xlsx => {
            check_unpacked_size(bytes)?;
            read_xlsx(&mut Xlsx::new(cursor).map_err(|error| error.to_string())?)
        }
        Format::Xlsb => {
            check_unpacked_size(bytes)?;
            read_xlsb(&mut Xlsb::new(cursor).map_err(|error| error.to_string())?)
        }
        Format::Ods => {
            check_unpacked_size(bytes)?;
            read_ranges(&mut Ods::new(cursor).map_err(|error| error.to_string())?)
        }
    }
}

/// Which zip-based spreadsheet this is, from its entry names (or the ODS mimetype entry).
fn zip_format(bytes: &[u8]) -> Option<Format> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut format = None;
    for name in archive.file_names_raw() {
        match name {
            b"xl/workbook.xml" => format = Some(Format::Xlsx),
            b"xl/workbook.bin" => format = Some(Format::Xlsb),
            b"content.xml" if contains(&bytes[..bytes.len().min(200)], ODS_MIMETYPE) => {
                format = Some(Format::Ods);
            }
            _ => {}
        }
    }
    format
}

/// Refuses a zip whose entries unpack to more than [`MAX_UNPACKED_BYTES`] (a zip bomb).
fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| error.to_string())?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|error| error.to_string())?;
        total = total.saturating_add(entry.size());
        if total > MAX_UNPACKED_BYTES {
            return Err(format!(
                "it unpacks to more than {MAX_UNPACKED_BYTES} bytes, the most a spreadsheet may"
            ));
        }
    }
    Ok(())
}

/// The sheets read: the first [`MAX_SHEETS`].
fn first_sheets(mut names: Vec<String>) -> Vec<String> {
    names.truncate(MAX_SHEETS);
    names
}

/// XLSX and XLSB: calamine streams their cells, so reading stops at the budget instead of
/// loading a huge sheet whole. A macro because their two cell readers share no trait.
macro_rules! read_streamed {
    ($workbook:expr) => {{
        let workbook = $workbook;
        let names = first_sheets(workbook.sheet_names());
        let mut sheets = Vec::new();
        for name in names {
            let mut reader = workbook
                .worksheet_cells_reader(&name)
                .map_err(|error| format!("sheet {name:?}: {error}"))?;
            let mut sheet = Sheet {
                name: name.clone(),
                rows: Vec::new(),
            };
            while let Some(cell) = reader
                .next_cell()
                .map_err(|error| format!("sheet {name:?}: {error}"))?
            {
                let (row, column) = cell.get_position();
                if !place(&mut sheet, row, column, from_data_ref(cell.get_value())) {
                    break;
                }
            }
            sheets.push(sheet);
        }
        Ok(sheets)
    }};
}

fn read_xlsx<RS: Read + Seek>(workbook: &mut Xlsx<RS>) -> Result<Vec<Sheet>, String> {
    read_streamed!(workbook)
}

fn read_xlsb<RS: Read + Seek>(workbook: &mut Xlsb<RS>) -> Result<Vec<Sheet>, String> {
    read_streamed!(workbook)
}

/// XLS and ODS: calamine reads whole sheets; the budget applies to what we keep.
fn read_ranges<RS, R>(workbook: &mut R) -> Result<Vec<Sheet>, String>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = first_sheets(workbook.sheet_names());
    let mut sheets = Vec::new();
    for name in names {
        let range: Range<Data> = workbook
            .worksheet_range(&name)
            .map_err(|error| format!("sheet {name:?}: {error}"))?;
        let mut sheet = Sheet {
            name,
            rows: Vec::new(),
        };
        if let Some((first_row, first_column)) = range.start() {
            'rows: for (offset, row) in range.rows().enumerate() {
                let Ok(offset) = u32::try_from(offset) else {
                    break;
                };
                for (column_offset, data) in row.iter().enumerate().take(MAX_COLUMNS) {
                    let Ok(column_offset) = u32::try_from(column_offset) else {
                        break;
                    };
                    let row_index = first_row.saturating_add(offset);
                    let column = first_column.saturating_add(column_offset);
                    if !place(&mut sheet, row_index, column, from_data(data)) {
                        break 'rows;
                    }
                }
            }
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Puts a cell in its place; `false` once past the row budget (cells come in row order).
fn place(sheet: &mut Sheet, row: u32, column: u32, cell: Cell) -> bool {
    let (row, column) = (row as usize, column as usize);
    if row >= MAX_ROWS {
        return false;
    }
    if column >= MAX_COLUMNS || cell == Cell::Empty {
        return true;
    }
    if sheet.rows.len() <= row {
        sheet.rows.resize_with(row + 1, Vec::new);
    }
    let cells = &mut sheet.rows[row];
    if cells.len() <= column {
        cells.resize(column + 1, Cell::Empty);
    }
    cells[column] = cell;
    true
}

fn from_data_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Int(number) => Cell::Number(*number as f64),
        DataRef::Float(number) => Cell::Number(*number),
        DataRef::String(text) => Cell::Text(text.clone()),
        DataRef::SharedString(text) => Cell::Text((*text).to_owned()),
        DataRef::Bool(value) => Cell::Text(value.to_string()),
        DataRef::DateTime(datetime) => excel_date(datetime),
        DataRef::DateTimeIso(text) => iso_date(text),
        DataRef::DurationIso(_) | DataRef::Error(_) | DataRef::Empty => Cell::Empty,
    }
}

fn from_data(data: &Data) -> Cell {
    match data {
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Float(number) => Cell::Number(*number),
        Data::String(text) => Cell::Text(text.clone()),
        Data::Bool(value) => Cell::Text(value.to_string()),
        Data::DateTime(datetime) => excel_date(datetime),
        Data::DateTimeIso(text) => iso_date(text),
        Data::DurationIso(_) | Data::Error(_) | Data::Empty => Cell::Empty,
    }
}

fn excel_date(datetime: &calamine::ExcelDateTime) -> Cell {
    if !datetime.is_datetime() {
        return Cell::Number(datetime.as_f64());
    }
    let (year, month, day, ..) = datetime.to_ymd_hms_milli();
    match (i16::try_from(year), i8::try_from(month), i8::try_from(day)) {
        (Ok(year), Ok(month), Ok(day)) => {
            Date::new(year, month, day).map_or(Cell::Number(datetime.as_f64()), Cell::Date)
        }
        _ => Cell::Number(datetime.as_f64()),
    }
}

fn iso_date(text: &str) -> Cell {
    text.get(..10)
        .and_then(|day| day.parse::<Date>().ok())
        .map_or_else(|| Cell::Text(text.to_owned()), Cell::Date)
}

/// The text of some bytes: UTF-8 (without its BOM), else Windows-1252, which is what Excel in
/// Spanish writes CSV files in. `None` for binary content (NUL bytes, control characters).
pub(crate) fn decode_text(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&byte| byte < 0x20 && !matches!(byte, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if controls > 0 {
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text.to_owned()),
        Err(_) => Some(bytes.iter().map(|&byte| windows_1252(byte)).collect()),
    }
}

/// A Windows-1252 byte as a character; the five unassigned bytes become U+FFFD.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
        '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{fffd}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        other => char::from(other),
    }
}

/// The delimiter of a CSV text: the one of `;`, tab and `,` that appears at least twice on at
/// least two of the first lines, preferring the most consistent one.
fn csv_delimiter(text: &str) -> Option<u8> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .take(30)
        .collect();
    [b';', b'\t', b',']
        .into_iter()
        .filter_map(|delimiter| {
            let rows = lines
                .iter()
                .filter(|line| line.bytes().filter(|&byte| byte == delimiter).count() >= 2)
                .count();
            (rows >= 2).then_some((rows, delimiter))
        })
        .max_by_key(|(rows, _)| *rows)
        .map(|(_, delimiter)| delimiter)
}

/// Whether one of the first lines of a CSV text is an item table header.
fn has_item_header(text: &str, delimiter: u8) -> bool {
    text.lines().take(50).any(|line| {
        let cells: Vec<Option<Column>> = if delimiter == b'\t' {
            split_cells(line)
                .iter()
                .map(|cell| match_column(cell))
                .collect()
        } else {
            line.split(char::from(delimiter))
                .map(|cell| match_column(cell.trim_matches(['"', ' '])))
                .collect()
        };
        cells.contains(&Some(Column::Code)) && cells.contains(&Some(Column::Objected))
    })
}

fn read_csv(text: &str, delimiter: u8, name: &str) -> Sheet {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet {
        name: name.to_owned(),
        rows: Vec::new(),
    };
    // The csv crate skips blank lines, but a blank line ends a notice's table: a record's start
    // position is where the skipped lines began, so the line feeds before its first character
    // are the blank lines to put back.
    let mut record = csv::StringRecord::new();
    // A malformed line (an unclosed quote) ends what can be read.
    while let Ok(true) = reader.read_record(&mut record) {
        let start = record
            .position()
            .and_then(|position| usize::try_from(position.byte()).ok())
            .unwrap_or(text.len())
            .min(text.len());
        let line_feeds = text.as_bytes()[start..]
            .iter()
            .take_while(|byte| byte.is_ascii_whitespace())
            .filter(|&&byte| byte == b'\n')
            .count();
        // After a CRLF record the start sits on its LF, which ends no blank line.
        let mid_crlf = start > 0 && text.as_bytes()[start - 1] == b'\r';
        let blank_lines = line_feeds.saturating_sub(usize::from(mid_crlf));
        for _ in 0..blank_lines.min(MAX_ROWS - sheet.rows.len()) {
            sheet.rows.push(Vec::new());
        }
        if sheet.rows.len() >= MAX_ROWS {
            break;
        }
        let row = record
            .iter()
            .take(MAX_COLUMNS)
            .map(|field| {
                if field.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(field.to_owned())
                }
            })
            .collect();
        sheet.rows.push(row);
    }
    sheet
}

fn utf16(ascii: &[u8]) -> Vec<u8> {
    ascii.iter().flat_map(|&byte| [byte, 0]).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}
