//! The words payers use: header labels ("NIT", "Valor glosado", "Fecha de radicación") and table
//! column headers ("Cód. glosa", "Vr. glosa", "CUPS"), compared without case, accents,
//! punctuation or filler words, so `N° de la Glosa:` and `GLOSA No.` are the same label.

use std::sync::LazyLock;

use super::synonyms::{COLUMN_SYNONYMS, HEADER_SYNONYMS};

/// A header value of a notice that a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderField {
    PayerName,
    PayerNit,
    ProviderName,
    ProviderNit,
    /// A bare "NIT": it belongs to the party named just before it.
    Nit,
    Number,
    /// A devolución's number: also says what kind of notice this is.
    DevolutionNumber,
    NoticeDate,
    FiledDate,
    Invoices,
    TotalInvoiced,
    TotalObjected,
    /// "Tipo": glosa or devolución.
    Kind,
    /// A label that looks like one of ours but names something else ("Fecha de la factura",
    /// "Radicado de la factura"); matching it keeps its value away from the shorter labels.
    Other,
}

/// A column of an item table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Column {
    Code,
    Description,
    ServiceCode,
    Quantity,
    Invoiced,
    Objected,
    Invoice,
    InvoicePrefix,
    PayerNit,
    ProviderNit,
}

impl Column {
    /// The mapping file key that names this column.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::Description => "description",
            Self::ServiceCode => "service_code",
            Self::Quantity => "quantity",
            Self::Invoiced => "invoiced",
            Self::Objected => "objected",
            Self::Invoice => "invoice",
            Self::InvoicePrefix => "invoice_prefix",
            Self::PayerNit => "payer_nit",
            Self::ProviderNit => "provider_nit",
        }
    }

    pub(crate) const ALL: [Self; 10] = [
        Self::Code,
        Self::Description,
        Self::ServiceCode,
        Self::Quantity,
        Self::Invoiced,
        Self::Objected,
        Self::Invoice,
        Self::InvoicePrefix,
        Self::PayerNit,
        Self::ProviderNit,
    ];
}

/// Filler words labels carry or drop at will: `N° de la factura` is `factura`.
const FILLER: [&str; 12] = [
    "de", "del", "la", "las", "el", "los", "y", "no", "n", "nro", "num", "numero",
];

/// Abbreviations payers use, and the word they stand for.
const ABBREVIATIONS: [(&str, &str); 9] = [
    ("vr", "valor"),
    ("vlr", "valor"),
    ("val", "valor"),
    ("cod", "codigo"),
    ("cd", "codigo"),
    ("cant", "cantidad"),
    ("fact", "factura"),
    ("obs", "observacion"),
    ("desc", "descripcion"),
];

/// Lower case with the accents Spanish uses removed; `°`/`º` become spaces.
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            '°' | 'º' | 'ª' => ' ',
            other => other,
        })
        .collect()
}

/// A word of a label with where it sits in the original text.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub(crate) word: String,
    pub(crate) end: usize,
}

/// The meaningful words of `text` (folded, abbreviations expanded, filler dropped) with the byte
/// offset where each ends in `text`.
pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut found = Vec::new();
    let mut start = None;
    for (offset, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let is_word = c.is_alphanumeric() && !matches!(c, '°' | 'º' | 'ª');
        match (is_word, start) {
            (true, None) => start = Some(offset),
            (false, Some(begin)) => {
                start = None;
                let folded = fold(&text[begin..offset]);
                let expanded = ABBREVIATIONS
                    .iter()
                    .find(|(short, _)| *short == folded)
                    .map_or(folded, |(_, long)| (*long).to_owned());
                if !FILLER.contains(&expanded.as_str()) {
                    found.push(Word {
                        word: expanded,
                        end: offset,
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// The canonical words of a synonym.
fn canonical(text: &str) -> Vec<String> {
    words(text).into_iter().map(|word| word.word).collect()
}

/// Header synonyms as canonical words, longest first so the most specific label wins.
static HEADER_WORDS: LazyLock<Vec<(HeaderField, usize, Vec<String>)>> = LazyLock::new(|| {
    let mut all: Vec<(HeaderField, usize, Vec<String>)> = HEADER_SYNONYMS
        .iter()
        .flat_map(|(field, synonyms)| {
            synonyms
                .iter()
                .enumerate()
                .map(|(rank, synonym)| (*field, rank, canonical(synonym)))
        })
        .collect();
    all.sort_by_key(|(_, _, words)| std::cmp::Reverse(words.len()));
    all
});

/// Column synonyms as canonical words, longest first.
static COLUMN_WORDS: LazyLock<Vec<(Column, Vec<String>)>> = LazyLock::new(|| {
    let mut all: Vec<(Column, Vec<String>)> = COLUMN_SYNONYMS
        .iter()
        .flat_map(|(column, synonyms)| synonyms.iter().map(|synonym| (*column, canonical(synonym))))
        .collect();
    all.sort_by_key(|(_, words)| std::cmp::Reverse(words.len()));
    all
});

/// A header label found at the start of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Label {
    pub(crate) field: HeaderField,
    /// The synonym's place in its list: lower is more specific.
    pub(crate) rank: usize,
    /// Whether a `:` separated the label from its value.
    pub(crate) colon: bool,
    /// Where the value starts in the text.
    pub(crate) value_start: usize,
}

/// The label `text` starts with, if any. When the text has a `:` the part before it must be a
/// whole label and the value follows the colon; otherwise the longest label that starts the
/// text is taken and the value is what follows it.
pub(crate) fn match_label(text: &str) -> Option<Label> {
    let text_start = text.len() - text.trim_start_matches(is_bullet).len();
    let colon = text.find(':').filter(|&at| at <= 80);
    if let Some(at) = colon {
        // "Fecha de corte: …": the part before a colon is the whole label or there is none.
        let (field, rank) = exact_header(&words(&text[text_start..at]))?;
        return Some(Label {
            field,
            rank,
            colon: true,
            value_start: at + 1,
        });
    }
    let text_words = words(&text[text_start..]);
    let (field, rank, length) = HEADER_WORDS
        .iter()
        .find(|(_, _, synonym)| starts_with(&text_words, synonym))
        .map(|(field, rank, synonym)| (*field, *rank, synonym.len()))?;
    let label_end = text_start + text_words[length - 1].end;
    Some(Label {
        field,
        rank,
        colon: false,
        value_start: skip_label_tail(text, label_end),
    })
}

/// Whether `text` is a label rather than a value that happens to start like one: "EPS Salud
/// Andina S.A." is a payer's name, "EPS:" and "NIT 800.123.456-1" are labels.
pub(crate) fn is_label(text: &str) -> bool {
    match_label(text).is_some_and(|label| {
        let is_name = matches!(
            label.field,
            HeaderField::PayerName | HeaderField::ProviderName
        );
        label.colon || !is_name || text[label.value_start..].trim().is_empty()
    })
}

/// The field a complete label names, with the synonym's rank.
fn exact_header(label_words: &[Word]) -> Option<(HeaderField, usize)> {
    if label_words.is_empty() {
        return None;
    }
    HEADER_WORDS
        .iter()
        .find(|(_, _, synonym)| {
            synonym.len() == label_words.len()
                && synonym.iter().zip(label_words).all(|(a, b)| *a == b.word)
        })
        .map(|(field, rank, _)| (*field, *rank))
}

/// The column a table header cell names: the whole cell, else the longest synonym it starts
/// with ("Valor glosado ($)").
pub(crate) fn match_column(cell: &str) -> Option<Column> {
    let cell_words = words(cell);
    if cell_words.is_empty() {
        return None;
    }
    COLUMN_WORDS
        .iter()
        .find(|(_, synonym)| synonym.len() == cell_words.len() && starts_with(&cell_words, synonym))
        .or_else(|| {
            COLUMN_WORDS
                .iter()
                .find(|(_, synonym)| starts_with(&cell_words, synonym))
        })
        .map(|(column, _)| *column)
}

/// The columns a header line names, in order, when its cells are only separated by single
/// spaces: the longest synonym at each word, unknown words skipped.
pub(crate) fn scan_columns(line: &str) -> Vec<Column> {
    let line_words = words(line);
    let mut columns = Vec::new();
    let mut at = 0;
    while at < line_words.len() {
        let found = COLUMN_WORDS
            .iter()
            .find(|(_, synonym)| starts_with(&line_words[at..], synonym));
        match found {
            Some((column, synonym)) => {
                columns.push(*column);
                at += synonym.len();
            }
            None => at += 1,
        }
    }
    columns
}

/// Whether `text_words` begin with the words of `synonym`.
fn starts_with(text_words: &[Word], synonym: &[String]) -> bool {
    !synonym.is_empty()
        && text_words.len() >= synonym.len()
        && synonym.iter().zip(text_words).all(|(a, b)| *a == b.word)
}

/// Past what may sit between a label and its value: `No.`, `N°`, `#`, `:`, dots, dashes.
fn skip_label_tail(text: &str, from: usize) -> usize {
    let mut at = from;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '.' | ':' | '#' | '°' | 'º' | '-' | '=')
        });
        at += rest.len() - trimmed.len();
        let filler = ["No.", "No ", "Nro.", "Nro ", "N.", "N "]
            .iter()
            .find(|filler| trimmed.starts_with(*filler));
        match filler {
            Some(filler) => at += filler.len(),
            None => return at,
        }
    }
}

fn is_bullet(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '*' | '•' | '·' | '>')
}

#[cfg(test)]
mod tests {
    use super::{Column, HeaderField, match_column, match_label, scan_columns};

    #[test]
    fn labels_match_without_case_accents_or_filler() {
        for text in [
            "No. de glosa: GL-1",
            "GLOSA No.: GL-1",
            "Número de la glosa: GL-1",
        ] {
            let label = match_label(text).expect(text);
            assert_eq!(label.field, HeaderField::Number, "{text}");
            assert_eq!(text[label.value_start..].trim(), "GL-1");
        }
        let label = match_label("FECHA DE RADICACION 15/10/2024").expect("filed");
        assert_eq!(label.field, HeaderField::FiledDate);
        assert!(!label.colon);
        let label = match_label("Factura No. FEV 12345").expect("invoice");
        assert_eq!(label.field, HeaderField::Invoices);
        assert_eq!(&"Factura No. FEV 12345"[label.value_start..], "FEV 12345");
    }

    #[test]
    fn the_most_specific_label_wins() {
        let label = match_label("NIT EPS: 800123456-1").expect("payer nit");
        assert_eq!(label.field, HeaderField::PayerNit);
        let label = match_label("Fecha de la factura: 01/10/2024").expect("other");
        assert_eq!(label.field, HeaderField::Other);
    }

    #[test]
    fn a_colon_needs_a_whole_label_before_it() {
        assert_eq!(match_label("Cordialmente: Juan"), None);
        assert_eq!(match_label("Asunto: notificación"), None);
    }

    #[test]
    fn columns_match_synonyms() {
        assert_eq!(match_column("Cód. Glosa"), Some(Column::Code));
        assert_eq!(match_column("VR GLOSA"), Some(Column::Objected));
        assert_eq!(match_column("Valor glosado ($)"), Some(Column::Objected));
        assert_eq!(match_column("Observación"), Some(Column::Description));
        assert_eq!(match_column("Paciente"), None);
        assert_eq!(
            scan_columns("Código Descripción CUPS Cant. Vr. facturado Vr. glosado"),
            vec![
                Column::Code,
                Column::Description,
                Column::ServiceCode,
                Column::Quantity,
                Column::Invoiced,
                Column::Objected
            ]
        );
    }
}
