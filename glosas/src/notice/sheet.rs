//! Reading a notice from spreadsheet rows: find the item table's header row among the first
//! rows, tag its columns (a payer's mapping first, then the synonyms), read item rows until the
//! first blank row (a "Total" row ends the table too), and read header values from the cells
//! above and below the table: "Label: value" in one cell, or a label cell with its value to the
//! right (or below).

use super::cell::{Cell, item_from_row};
use super::draft::{Draft, TOTALS_ROW_RANK};
use super::grid::Sheet;
use super::labels::{self, Column, HeaderField, fold, match_column, match_label, words};
use super::mapping::{ColumnRef, Mapping};
use super::text::MAX_ROW_WARNINGS;
use super::{MAX_ITEMS, NoticeError};
use crate::said::{self, Sentence};

/// How far down a sheet the header row may be.
const HEADER_SEARCH_ROWS: usize = 60;
/// Rows after the table that may still hold totals and signatures with labels.
const ROWS_AFTER_TABLE: usize = 20;
/// Rank of header values a mapping places at fixed cells: they beat any label.
const MAPPED_CELL_RANK: usize = 0;

/// An item table found in a sheet.
struct Table {
    header_row: usize,
    /// Column index and what it holds.
    columns: Vec<(usize, Column)>,
}

pub(crate) fn read(sheets: &[Sheet], mapping: Option<&Mapping>) -> Result<Draft, NoticeError> {
    let mut draft = Draft::default();
    let preferred = mapping
        .and_then(|mapping| mapping.sheet.as_deref())
        .and_then(|name| {
            sheets
                .iter()
                .position(|sheet| fold(&sheet.name) == fold(name))
        });
    let mut order = preferred.into_iter().chain(0..sheets.len());
    let found =
        order.find_map(|index| find_table(&sheets[index], mapping).map(|table| (index, table)));
    let (sheet, table) = match found {
        Some((index, table)) => (&sheets[index], Some(table)),
        None => match sheets.first() {
            Some(sheet) => (sheet, None),
            None => return Ok(draft),
        },
    };
    draft.plain_text(&sheet.name);
    draft.not_plain_text();
    let label_rows_end = table
        .as_ref()
        .map_or(HEADER_SEARCH_ROWS, |table| table.header_row);
    read_labels(&mut draft, sheet, 0..label_rows_end);
    if let Some(table) = &table {
        let end = read_items(&mut draft, sheet, table, sheets.len() > 1)?;
        read_labels(&mut draft, sheet, end..end + ROWS_AFTER_TABLE);
    }
    if let Some(mapping) = mapping {
        for (field, (row, column)) in &mapping.cells {
            if let Some(cell) = sheet.cell(*row, *column) {
                offer_cell(&mut draft, *field, MAPPED_CELL_RANK, cell);
            }
        }
        draft.default_payer(mapping.payer_name.as_deref(), &mapping.payer_nit);
    }
    Ok(draft)
}

/// The item table of a sheet: the mapping's header row, or the first row that names a code
/// column and an objected value column.
fn find_table(sheet: &Sheet, mapping: Option<&Mapping>) -> Option<Table> {
    let mut rows = match mapping.and_then(|mapping| mapping.header_row) {
        Some(row) => row..row + 1,
        None => 0..HEADER_SEARCH_ROWS.min(sheet.rows.len()),
    };
    rows.find_map(|row| {
        let columns = tag_columns(sheet.rows.get(row)?, mapping);
        let has = |wanted| columns.iter().any(|(_, column)| *column == wanted);
        (has(Column::Code) && has(Column::Objected)).then_some(Table {
            header_row: row,
            columns,
        })
    })
}

/// The columns a header row names: the mapping's columns, then synonyms for the cells left.
fn tag_columns(row: &[Cell], mapping: Option<&Mapping>) -> Vec<(usize, Column)> {
    let mut columns: Vec<(usize, Column)> = Vec::new();
    if let Some(mapping) = mapping {
        for (column, reference) in &mapping.columns {
            let index = match reference {
                ColumnRef::Index(index) => Some(*index),
                ColumnRef::Header(header) => row.iter().position(|cell| {
                    let cell_words: Vec<String> = words(&cell.text())
                        .into_iter()
                        .map(|word| word.word)
                        .collect();
                    cell_words == *header
                }),
            };
            if let Some(index) = index {
                columns.push((index, *column));
            }
        }
    }
    for (index, cell) in row.iter().enumerate() {
        if columns.iter().any(|(taken, _)| *taken == index) {
            continue;
        }
        let Cell::Text(text) = cell else { continue };
        if let Some(column) = match_column(text)
            && !columns.iter().any(|(_, taken)| *taken == column)
        {
            columns.push((index, column));
        }
    }
    columns
}

/// Reads item rows after the header; returns the row after the table.
fn read_items(
    draft: &mut Draft,
    sheet: &Sheet,
    table: &Table,
    name_sheet: bool,
) -> Result<usize, NoticeError> {
    let mut row_index = table.header_row + 1;
    let mut unreadable = 0_usize;
    let skipped = |row_index: usize, problem: Sentence| {
        let row = (row_index + 1).to_string();
        if name_sheet {
            said::SHEET_ROW_SKIPPED.say_because(vec![format!("{:?}", sheet.name), row], problem)
        } else {
            said::ROW_SKIPPED.say_because(vec![row], problem)
        }
    };
    while let Some(row) = sheet.rows.get(row_index) {
        if row.iter().all(Cell::is_empty) {
            break;
        }
        if is_totals_row(row) {
            read_totals_row(draft, row, table);
            row_index += 1;
            break;
        }
        let tagged: Vec<(Column, &Cell)> = table
            .columns
            .iter()
            .filter_map(|(index, column)| row.get(*index).map(|cell| (*column, cell)))
            .collect();
        for (column, cell) in &tagged {
            if matches!(column, Column::PayerNit | Column::ProviderNit) && !cell.is_empty() {
                draft.offer_party_nit(*column == Column::PayerNit, &cell.text(), TOTALS_ROW_RANK);
            }
        }
        let problem = match item_from_row(&tagged) {
            Ok(Some(item)) => {
                if draft.items.len() >= MAX_ITEMS {
                    return Err(NoticeError::TooManyItems {
                        what: format!("sheet {:?}", sheet.name),
                        limit: MAX_ITEMS,
                    });
                }
                draft.items.push(item);
                None
            }
            Ok(None) => Some(said::ROW_NO_CODE.say(Vec::new())),
            Err(problem) => Some(problem),
        };
        if let Some(problem) = problem {
            unreadable += 1;
            if unreadable <= MAX_ROW_WARNINGS {
                draft.warnings.push(skipped(row_index, problem));
            }
        }
        row_index += 1;
    }
    if unreadable > MAX_ROW_WARNINGS {
        draft.warnings.push(
            said::MORE_ROWS_UNREADABLE.say(vec![(unreadable - MAX_ROW_WARNINGS).to_string()]),
        );
    }
    Ok(row_index)
}

/// A row whose first filled cell says "Total".
fn is_totals_row(row: &[Cell]) -> bool {
    row.iter().find(|cell| !cell.is_empty()).is_some_and(
        |cell| matches!(cell, Cell::Text(text) if fold(text.trim()).starts_with("total")),
    )
}

fn read_totals_row(draft: &mut Draft, row: &[Cell], table: &Table) {
    for (index, column) in &table.columns {
        let Some(value) = row.get(*index).and_then(Cell::decimal) else {
            continue;
        };
        match column {
            Column::Objected => draft.offer_total(false, value, TOTALS_ROW_RANK),
            Column::Invoiced => draft.offer_total(true, value, TOTALS_ROW_RANK),
            _ => {}
        }
    }
}

/// Reads "Label: value" cells and label cells with their value beside or below them.
fn read_labels(draft: &mut Draft, sheet: &Sheet, rows: std::ops::Range<usize>) {
    let last = rows.end.min(sheet.rows.len());
    for row_index in rows.start.min(last)..last {
        let row = &sheet.rows[row_index];
        let mut column = 0;
        while column < row.len() {
            let Cell::Text(text) = &row[column] else {
                column += 1;
                continue;
            };
            let Some(label) = match_label(text) else {
                draft.plain_text(text);
                column += 1;
                continue;
            };
            let value = text[label.value_start..].trim();
            if !value.is_empty() && draft.offer(label.field, label.rank, value, label.colon) {
                draft.not_plain_text();
                column += 1;
                continue;
            }
            if !value.is_empty() && !label.colon {
                column += 1;
                continue;
            }
            // The value sits in the next filled cell to the right, else in the cell below.
            let beside = (column + 1..row.len().min(column + 4))
                .find(|&next| !row[next].is_empty())
                .filter(|&next| !is_label(&row[next]));
            match beside {
                Some(next) if offer_cell(draft, label.field, label.rank, &row[next]) => {
                    column = next + 1;
                }
                _ => {
                    if row_index + 1 < last
                        && let Some(below) = sheet.cell(row_index + 1, column)
                        && !is_label(below)
                    {
                        offer_cell(draft, label.field, label.rank, below);
                    }
                    column += 1;
                }
            }
        }
    }
}

fn is_label(cell: &Cell) -> bool {
    matches!(cell, Cell::Text(text) if labels::is_label(text))
}

/// Offers a cell's value: numbers and dates as they are, text as text.
fn offer_cell(draft: &mut Draft, field: HeaderField, rank: usize, cell: &Cell) -> bool {
    match (field, cell) {
        (_, Cell::Empty) => false,
        (HeaderField::TotalInvoiced | HeaderField::TotalObjected, Cell::Number(_)) => {
            let Some(value) = cell.decimal() else {
                return false;
            };
            draft.offer_total(field == HeaderField::TotalInvoiced, value, rank);
            true
        }
        _ => draft.offer(field, rank, &cell.text(), true),
    }
}
