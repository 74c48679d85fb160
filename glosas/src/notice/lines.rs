//! Item tables in text: a mail body or a PDF's text layer, where a row is one line and cells are
//! separated by `|`, tabs, `;` or runs of spaces (pdftotext `-layout`), or only by single spaces.
//!
//! A table header line ("Código  Descripción  CUPS  Cant.  Vr. facturado  Vr. glosado") gives
//! the layout. A row whose cells line up with it is read by position; any other row that starts
//! with a glosa code is read from both ends: the code first, then numbers from the right
//! (objected, invoiced, quantity, service code), and the words between are the description.

use super::cell::{Cell, item_from_row};
use super::labels::{Column, match_column, scan_columns};
use super::model::Item;
use super::values;
use crate::said::{self, Sentence};

/// The columns of a table header line, in order; `None` for a cell we do not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    columns: Vec<Option<Column>>,
    /// Whether the header's cells were delimited, so rows can be read by position.
    delimited: bool,
}

impl Layout {
    fn has(&self, column: Column) -> bool {
        self.columns.contains(&Some(column))
    }
}

/// The layout a line announces when it is a table header: it names a code column, an objected
/// value column and at least three columns in all.
pub(crate) fn table_header(line: &str) -> Option<Layout> {
    if values::code_at_start(line).is_some() {
        return None;
    }
    let cells = split_cells(line);
    let (columns, delimited): (Vec<Option<Column>>, bool) = if cells.len() >= 3 {
        (cells.iter().map(|cell| match_column(cell)).collect(), true)
    } else {
        (scan_columns(line).into_iter().map(Some).collect(), false)
    };
    let known = columns.iter().flatten().count();
    let has = |column| columns.contains(&Some(column));
    (has(Column::Code) && has(Column::Objected) && known >= 3)
        .then_some(Layout { columns, delimited })
}

/// What one line of text is as an item row.
#[derive(Debug, PartialEq)]
pub(crate) enum Row {
    Item(Item),
    /// It starts like an item but a value does not read.
    Unreadable(Sentence),
}

/// Reads `line` as an item row; `None` when it is not one (no code where a code goes).
pub(crate) fn item_row(line: &str, layout: Option<&Layout>) -> Option<Row> {
    let cells = split_cells(line);
    if let Some(layout) = layout.filter(|layout| layout.delimited)
        && cells.len() == layout.columns.len()
        && let Some(row) = by_position(&cells, layout)
    {
        return Some(row);
    }
    let (before, code, after) = find_code(&cells)?;
    let after = if after.iter().filter(|cell| !cell.is_empty()).count() >= 3 {
        after
    } else {
        tokens(&after.join(" "))
    };
    let row = from_both_ends(code, &before, &after, layout);
    // A three-digit code with nothing after it that reads is more likely a stray number.
    if code.len() == 3
        && layout.is_none()
        && !matches!(row, Row::Item(ref item) if item.objected.is_some())
    {
        return None;
    }
    Some(row)
}

/// Cells of a line: split on `|`, else tabs, else `;`, else runs of two or more spaces.
pub(crate) fn split_cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let mut pieces: Vec<&str> = if line.contains('|') {
        line.split('|').collect()
    } else if line.contains('\t') {
        line.split('\t').collect()
    } else if line.matches(';').count() >= 2 {
        line.split(';').collect()
    } else {
        split_on_spaces(line)
    };
    // Table borders ("| a | b |") leave empty pieces at the ends; empty cells inside stay, so
    // cells keep their positions.
    if pieces.last().is_some_and(|piece| piece.trim().is_empty()) {
        pieces.pop();
    }
    if pieces.first().is_some_and(|piece| piece.trim().is_empty()) {
        pieces.remove(0);
    }
    pieces
        .into_iter()
        .map(|piece| piece.trim().to_owned())
        .collect()
}

/// Splits on runs of two or more spaces.
fn split_on_spaces(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b' ' && bytes.get(at + 1) == Some(&b' ') {
            pieces.push(&line[start..at]);
            while at < bytes.len() && bytes[at] == b' ' {
                at += 1;
            }
            start = at;
        } else {
            at += 1;
        }
    }
    pieces.push(&line[start..]);
    pieces
}

/// Reads cells that line up with a delimited header.
fn by_position(cells: &[String], layout: &Layout) -> Option<Row> {
    let code_at = layout
        .columns
        .iter()
        .position(|column| *column == Some(Column::Code))?;
    values::code_at_start(&cells[code_at])?;
    let cells: Vec<Cell> = cells.iter().map(|text| Cell::Text(text.clone())).collect();
    let row: Vec<(Column, &Cell)> = layout
        .columns
        .iter()
        .zip(&cells)
        .filter_map(|(column, cell)| column.map(|column| (column, cell)))
        .collect();
    Some(match item_from_row(&row) {
        Ok(Some(item)) => Row::Item(item),
        Ok(None) => return None,
        Err(problem) => Row::Unreadable(problem),
    })
}

/// The cells before the code, the code, and the cells after it (the rest of the code's cell
/// first). The code must be in one of the first three cells, or start the line after an item
/// number or an invoice reference.
fn find_code(cells: &[String]) -> Option<(Vec<String>, &str, Vec<String>)> {
    for (index, cell) in cells.iter().enumerate().take(3) {
        if let Some((code, end)) = values::code_at_start(cell) {
            let mut after = Vec::new();
            let rest = cell[end..].trim();
            if !rest.is_empty() {
                after.push(rest.to_owned());
            }
            after.extend(cells[index + 1..].iter().cloned());
            return Some((cells[..index].to_vec(), code, after));
        }
    }
    // Single spaces only: "1 FEV 12345 FA0101 Cantidad facturada mayor 890201 1 45.000 45.000".
    let first = cells.first()?;
    let words: Vec<&str> = first.split_whitespace().take(4).collect();
    for skip in 1..words.len() {
        let offset = byte_offset_of_word(first, skip)?;
        if let Some((code, end)) = values::code_at_start(&first[offset..]) {
            let before: Vec<String> = split_before(&first[..offset]);
            let mut after = vec![first[offset + end..].trim().to_owned()];
            after.retain(|text| !text.is_empty());
            after.extend(cells[1..].iter().cloned());
            return Some((before, code, after));
        }
    }
    None
}

/// Where the `index`-th whitespace-separated word of `text` starts.
fn byte_offset_of_word(text: &str, index: usize) -> Option<usize> {
    let mut count = 0;
    let mut in_word = false;
    for (offset, c) in text.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            if count == index {
                return Some(offset);
            }
            count += 1;
            in_word = true;
        }
    }
    None
}

/// What comes before a code in a single-spaced line: an item number and/or an invoice.
fn split_before(text: &str) -> Vec<String> {
    let text = text.trim();
    let mut pieces = Vec::new();
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    if first
        .trim_end_matches(['.', ')'])
        .chars()
        .all(|c| c.is_ascii_digit())
        && !rest.is_empty()
    {
        pieces.push(first.to_owned());
        pieces.push(rest.trim().to_owned());
    } else {
        pieces.push(text.to_owned());
    }
    pieces
}

/// Splits single-spaced text into words, keeping a currency sign with its number (`$ 45.000`)
/// and joining the words of the description.
fn tokens(text: &str) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    let mut sign: Option<&str> = None;
    for word in text.split_whitespace() {
        if matches!(word, "$" | "COP" | "$COP") {
            sign = Some(word);
            continue;
        }
        match sign.take() {
            Some(sign) => raw.push(format!("{sign} {word}")),
            None => raw.push(word.to_owned()),
        }
    }
    // Numbers at the end stay apart; words before them form the description cell(s).
    let tail_start = raw
        .iter()
        .rposition(|word| !is_numeric(word))
        .map_or(0, |last_word| last_word + 1);
    let mut cells = Vec::new();
    let mut head = &raw[..tail_start];
    if let Some(first) = head.first()
        && is_service_code(first)
    {
        cells.push(first.clone());
        head = &head[1..];
    }
    if !head.is_empty() {
        cells.push(head.join(" "));
    }
    cells.extend(raw[tail_start..].iter().cloned());
    cells
}

/// Reads a row from both ends: numbers from the right, what is left is the description.
fn from_both_ends(code: &str, before: &[String], after: &[String], layout: Option<&Layout>) -> Row {
    let allows = |column| layout.is_none_or(|layout| layout.has(column));
    let mut cells: Vec<&str> = after
        .iter()
        .map(String::as_str)
        .filter(|cell| !cell.is_empty())
        .collect();
    let mut row: Vec<(Column, Cell)> = vec![(Column::Code, Cell::Text(code.to_owned()))];
    let mut expecting = [
        Column::Objected,
        Column::Invoiced,
        Column::Quantity,
        Column::ServiceCode,
    ]
    .into_iter()
    .filter(|column| *column == Column::Objected || allows(*column))
    .peekable();
    while let (Some(&cell), Some(&column)) = (cells.last(), expecting.peek()) {
        let placed = match column {
            Column::Objected | Column::Invoiced => {
                if column == Column::Invoiced && (is_small_count(cell) || is_bare_code(cell)) {
                    expecting.next();
                    continue;
                }
                values::amount(cell).is_some()
            }
            Column::Quantity => {
                if !is_small_count(cell) {
                    expecting.next();
                    continue;
                }
                true
            }
            _ => is_service_code(cell),
        };
        if !placed {
            break;
        }
        row.push((column, Cell::Text(cell.to_owned())));
        cells.pop();
        expecting.next();
    }
    if !row.iter().any(|(column, _)| *column == Column::ServiceCode)
        && allows(Column::ServiceCode)
        && let Some(first) = cells.first()
        && is_service_code(first)
    {
        row.push((Column::ServiceCode, Cell::Text((*first).to_owned())));
        cells.remove(0);
    }
    let mut description = cells.join(" ");
    // A description that overflowed its column leaves one space before the service code.
    let overflowed = description
        .rsplit_once(' ')
        .filter(|(head, last)| is_service_code(last) && !head.trim().is_empty())
        .map(|(head, last)| (head.len(), last.to_owned()));
    if !row.iter().any(|(column, _)| *column == Column::ServiceCode)
        && allows(Column::ServiceCode)
        && let Some((head_length, service_code)) = overflowed
    {
        row.push((Column::ServiceCode, Cell::Text(service_code)));
        description.truncate(head_length);
    }
    row.push((Column::Description, Cell::Text(description)));
    if let Some(invoice) = before.iter().find(|cell| {
        cell.chars().any(|c| c.is_ascii_alphabetic()) && !values::invoices(cell).is_empty()
    }) {
        row.push((Column::Invoice, Cell::Text(invoice.clone())));
    }
    let tagged: Vec<(Column, &Cell)> = row.iter().map(|(column, cell)| (*column, cell)).collect();
    match item_from_row(&tagged) {
        Ok(Some(item)) if item.objected.is_some() => Row::Item(item),
        Ok(_) => Row::Unreadable(said::ROW_NO_OBJECTED_VALUE.say(vec![code.to_owned()])),
        Err(problem) => Row::Unreadable(problem),
    }
}

/// A quantity: a whole number of at most four digits, without grouping.
fn is_small_count(text: &str) -> bool {
    (1..=4).contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit())
}

/// Six or more digits without grouping: a CUPS code rather than an amount.
fn is_bare_code(text: &str) -> bool {
    text.len() >= 6 && text.chars().all(|c| c.is_ascii_digit())
}

/// A CUPS (`890201`) or CUM (`19934567-1`) code: letters and digits, at least four digits, no
/// grouping separators.
fn is_service_code(text: &str) -> bool {
    let (body, suffix) = text.split_once('-').unwrap_or((text, ""));
    (4..=12).contains(&body.len())
        && body.chars().all(|c| c.is_ascii_alphanumeric())
        && body.chars().filter(char::is_ascii_digit).count() >= 4
        && suffix.len() <= 3
        && suffix.chars().all(|c| c.is_ascii_digit())
}

/// A word that is a number: an amount, a count or a service code.
fn is_numeric(word: &str) -> bool {
    values::amount(word).is_some() || is_service_code(word)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::{Row, item_row, split_cells, table_header};
    use crate::notice::model::Item;

    #[expect(
        clippy::unnecessary_wraps,
        reason = "compared with the model's Option fields"
    )]
    fn dec(text: &str) -> Option<Decimal> {
        Some(Decimal::from_str(text).expect("test decimal"))
    }

    fn item(row: Option<Row>) -> Item {
        match row {
            Some(Row::Item(item)) => item,
            other => panic!("not an item: {other:?}"),
        }
    }

    #[test]
    fn cells_split_on_pipes_tabs_and_wide_spaces() {
        assert_eq!(split_cells("| a | b |"), vec!["a", "b"]);
        assert_eq!(split_cells("a\tb\tc"), vec!["a", "b", "c"]);
        assert_eq!(
            split_cells("FA0101  Cantidad mayor   45.000"),
            vec!["FA0101", "Cantidad mayor", "45.000"]
        );
    }

    #[test]
    fn a_layout_row_reads_by_position() {
        let layout = table_header(
            "Factura | Código | Descripción | CUPS | Cant. | Vr. facturado | Vr. glosado",
        )
        .expect("header");
        let read = item(item_row(
            "FEV 12345 | FA0101 | Se factura dos veces | 890201 | 2 | 90.000 | 45.000",
            Some(&layout),
        ));
        assert_eq!(read.code_raw, "FA0101");
        assert_eq!(read.description, "Se factura dos veces");
        assert_eq!(read.service_code.as_deref(), Some("890201"));
        assert_eq!(read.quantity, dec("2"));
        assert_eq!(read.invoiced, dec("90000"));
        assert_eq!(read.objected, dec("45000"));
        assert_eq!(read.invoice.as_deref(), Some("FEV 12345"));
    }

    #[test]
    fn a_single_spaced_row_reads_from_both_ends() {
        let read = item(item_row(
            "TA0201 Tarifa superior a la pactada 890301 1 $ 38.000 $ 8.000",
            None,
        ));
        assert_eq!(read.code_raw, "TA0201");
        assert_eq!(read.description, "Tarifa superior a la pactada");
        assert_eq!(read.service_code.as_deref(), Some("890301"));
        assert_eq!(read.quantity, dec("1"));
        assert_eq!(read.invoiced, dec("38000"));
        assert_eq!(read.objected, dec("8000"));
        let read = item(item_row("2. SO2101 Falta soporte 902210 25.000", None));
        assert_eq!(read.code_raw, "SO2101");
        assert_eq!(read.service_code.as_deref(), Some("902210"));
        assert_eq!(read.invoiced, None);
        assert_eq!(read.objected, dec("25000"));
    }

    #[test]
    fn lines_that_are_not_items() {
        assert_eq!(item_row("Cordialmente,", None), None);
        assert_eq!(item_row("123 personas atendidas", None), None);
        assert!(matches!(
            item_row("FA0101 sin valor", None),
            Some(Row::Unreadable(_))
        ));
    }
}
