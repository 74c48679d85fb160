//! Tesseract's TSV output (`tesseract IMAGE - tsv`) back into text, with a confidence score to
//! choose between passes. The text keeps tesseract's reading order and its plain-text layout:
//! one line per text line, a blank line between paragraphs; the rules read it line by line.

/// One OCR pass's text and how sure tesseract was of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OcrReading {
    pub text: String,
    /// Mean word confidence (0–100), each word weighted by its length; 0 with no words.
    pub confidence: f32,
    /// Words read.
    pub words: usize,
    /// Characters in those words.
    pub chars: usize,
}

impl OcrReading {
    /// Letters and digits in the text.
    pub fn visible_chars(&self) -> usize {
        self.text.chars().filter(|c| c.is_alphanumeric()).count()
    }
}

/// Columns of a TSV row: level, page, block, paragraph, line, word, left, top, width, height,
/// confidence, text.
const COLUMNS: usize = 12;
/// `level` of a word row.
const WORD_LEVEL: &str = "5";

/// Parses tesseract's TSV. Rows that are not words, and malformed rows, are skipped; a word's
/// confidence of -1 (tesseract's "none") leaves it out of the score but keeps its text.
pub fn parse(tsv: &str) -> OcrReading {
    let mut text = String::new();
    let mut line: Option<[&str; 4]> = None;
    let (mut weighted, mut words, mut chars) = (0.0f64, 0usize, 0usize);
    for row in tsv.lines() {
        let fields: Vec<&str> = row.splitn(COLUMNS, '\t').collect();
        if fields.len() < COLUMNS || fields[0] != WORD_LEVEL {
            continue;
        }
        let word = fields[COLUMNS - 1].trim();
        if word.is_empty() {
            continue;
        }
        let key = [fields[1], fields[2], fields[3], fields[4]];
        match line {
            Some(previous) if previous == key => text.push(' '),
            Some(previous) => {
                text.push('\n');
                // Another paragraph (or block, or page): a blank line, as tesseract's text has.
                if previous[..3] != key[..3] {
                    text.push('\n');
                }
            }
            None => {}
        }
        line = Some(key);
        text.push_str(word);
        let length = word.chars().count();
        if let Ok(confidence) = fields[COLUMNS - 2].parse::<f64>()
            && confidence >= 0.0
        {
            weighted += confidence * length as f64;
            words += 1;
            chars += length;
        }
    }
    if line.is_some() {
        text.push('\n');
    }
    OcrReading {
        text,
        confidence: if chars == 0 {
            0.0
        } else {
            (weighted / chars as f64) as f32
        },
        words,
        chars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

    fn word(block: u32, par: u32, line: u32, n: u32, conf: f32, text: &str) -> String {
        format!("5\t1\t{block}\t{par}\t{line}\t{n}\t0\t0\t10\t10\t{conf}\t{text}")
    }

    #[test]
    fn words_become_lines_and_paragraphs_in_reading_order() {
        let tsv = [
            HEADER.to_owned(),
            "1\t1\t0\t0\t0\t0\t0\t0\t461\t933\t-1\t".to_owned(),
            "4\t1\t1\t1\t1\t0\t102\t47\t244\t31\t-1\t".to_owned(),
            word(1, 1, 1, 1, 90.0, "YONGFATT"),
            word(1, 1, 1, 2, 90.0, "ENTERPRISE"),
            word(1, 1, 2, 1, 90.0, "JOHOR"),
            word(1, 2, 1, 1, 90.0, "TOTAL"),
            word(1, 2, 1, 2, 90.0, "80.90"),
            word(2, 1, 1, 1, 90.0, "THANK"),
            word(2, 1, 1, 2, -1.0, " "),
            word(2, 1, 1, 3, 90.0, "YOU"),
        ]
        .join("\n");
        let reading = parse(&tsv);
        assert_eq!(
            reading.text,
            "YONGFATT ENTERPRISE\nJOHOR\n\nTOTAL 80.90\n\nTHANK YOU\n"
        );
        assert_eq!(reading.words, 7);
    }

    #[test]
    fn the_score_weights_word_confidence_by_length_and_ignores_none() {
        let tsv = [
            HEADER.to_owned(),
            word(1, 1, 1, 1, 90.0, "ABCDEFGH"),
            word(1, 1, 1, 2, 40.0, "XY"),
            word(1, 1, 1, 3, -1.0, "Q"),
        ]
        .join("\n");
        let reading = parse(&tsv);
        // (90·8 + 40·2) / 10
        assert!((reading.confidence - 80.0).abs() < 1e-4, "{reading:?}");
        assert_eq!((reading.words, reading.chars), (2, 10));
        assert_eq!(reading.text, "ABCDEFGH XY Q\n");
        assert_eq!(reading.visible_chars(), 11);
    }

    #[test]
    fn empty_or_malformed_output_reads_as_nothing() {
        assert_eq!(parse(""), OcrReading::default());
        assert_eq!(parse(HEADER), OcrReading::default());
        let reading = parse("5\t1\t1\n5\t1\t1\t1\t1\t1\t0\t0\t1\t1\tnot-a-number\tword");
        assert_eq!(reading.text, "word\n");
        assert!(reading.confidence.abs() < f32::EPSILON);
    }
}
