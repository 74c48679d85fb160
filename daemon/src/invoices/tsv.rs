//! Tesseract's TSV output (`tesseract IMAGE - tsv`) back into text, with a confidence score to
//! choose between passes. The text keeps tesseract's reading order and its plain-text layout:
//! one line per text line, a blank line between paragraphs; the rules read it line by line.

use centralita_invoices::dates::DateOrder;

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
    /// The text lines with their words' boxes, for re-reading the weak ones.
    pub lines: Vec<OcrLine>,
}

impl OcrReading {
    /// Letters and digits in the text.
    pub fn visible_chars(&self) -> usize {
        self.text.chars().filter(|c| c.is_alphanumeric()).count()
    }
}

/// One word with its box in the image read, in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrWord {
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    /// 0–100, or `None` when tesseract gave none.
    pub confidence: Option<f32>,
    pub text: String,
}

/// One text line: its paragraph (page, block, paragraph numbers) and its words, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrLine {
    pub paragraph: [u32; 3],
    pub words: Vec<OcrWord>,
}

impl OcrLine {
    /// Mean word confidence weighted by length; `None` when no word has one.
    pub fn confidence(&self) -> Option<f32> {
        let (weighted, chars) = self
            .words
            .iter()
            .filter_map(|word| word.confidence.map(|c| (c, word.text.chars().count())))
            .fold((0.0f64, 0usize), |(sum, n), (c, len)| {
                (sum + f64::from(c) * len as f64, n + len)
            });
        (chars > 0).then(|| (weighted / chars as f64) as f32)
    }

    /// The smallest box around the words: (left, top, right, bottom).
    pub fn bounds(&self) -> Option<(u32, u32, u32, u32)> {
        let left = self.words.iter().map(|word| word.left).min()?;
        let top = self.words.iter().map(|word| word.top).min()?;
        let right = self.words.iter().map(|w| w.left + w.width).max()?;
        let bottom = self.words.iter().map(|w| w.top + w.height).max()?;
        Some((left, top, right, bottom))
    }

    /// Letters and digits in the words.
    fn visible_chars(&self) -> usize {
        self.words
            .iter()
            .flat_map(|word| word.text.chars())
            .filter(|c| c.is_alphanumeric())
            .count()
    }

    fn digits(&self) -> usize {
        self.words
            .iter()
            .flat_map(|word| word.text.chars())
            .filter(char::is_ascii_digit)
            .count()
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
    let mut lines: Vec<OcrLine> = Vec::new();
    let mut key: Option<[&str; 4]> = None;
    let (mut weighted, mut words, mut chars) = (0.0f64, 0usize, 0usize);
    for row in tsv.lines() {
        let fields: Vec<&str> = row.splitn(COLUMNS, '\t').collect();
        if fields.len() < COLUMNS || fields[0] != WORD_LEVEL {
            continue;
        }
        let text = fields[COLUMNS - 1].trim();
        if text.is_empty() {
            continue;
        }
        let row_key = [fields[1], fields[2], fields[3], fields[4]];
        if key != Some(row_key) || lines.is_empty() {
            let number = |field: &str| field.parse().unwrap_or(0);
            lines.push(OcrLine {
                paragraph: [number(fields[1]), number(fields[2]), number(fields[3])],
                words: Vec::new(),
            });
            key = Some(row_key);
        }
        let confidence = fields[COLUMNS - 2]
            .parse::<f32>()
            .ok()
            .filter(|confidence| *confidence >= 0.0);
        let length = text.chars().count();
        if let Some(confidence) = confidence {
            weighted += f64::from(confidence) * length as f64;
            words += 1;
            chars += length;
        }
        let pixels = |index: usize| fields[index].parse().unwrap_or(0);
        if let Some(line) = lines.last_mut() {
            line.words.push(OcrWord {
                left: pixels(6),
                top: pixels(7),
                width: pixels(8),
                height: pixels(9),
                confidence,
                text: text.to_owned(),
            });
        }
    }
    OcrReading {
        text: render(&lines, 0.0),
        confidence: if chars == 0 {
            0.0
        } else {
            (weighted / chars as f64) as f32
        },
        words,
        chars,
        lines,
    }
}

/// Whether `again`, a line read again, should replace `before`: it is surer, and it kept at
/// least half of the letters and digits. The same print read larger does not lose most of its
/// text; a re-read that does holds a speck from the line above (`~`), not the line.
pub fn reads_better(again: &OcrLine, before: &OcrLine) -> bool {
    again.confidence() > before.confidence() && again.visible_chars() * 2 >= before.visible_chars()
}

/// The lines tesseract was less sure of than `below`, with their index and box: worth reading
/// again.
pub fn weak_lines(lines: &[OcrLine], below: f32) -> Vec<(usize, (u32, u32, u32, u32))> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.confidence().is_some_and(|c| c < below))
        .filter_map(|(index, line)| line.bounds().map(|bounds| (index, bounds)))
        .collect()
}

/// The first `count` lines with their index and box: a receipt prints the shop's name there in
/// large bold type, which tesseract misreads while sure of itself.
pub fn top_lines(lines: &[OcrLine], count: usize) -> Vec<(usize, (u32, u32, u32, u32))> {
    lines
        .iter()
        .enumerate()
        .take(count)
        .filter_map(|(index, line)| line.bounds().map(|bounds| (index, bounds)))
        .collect()
}

impl OcrLine {
    /// The words joined by a space.
    fn text(&self) -> String {
        let words: Vec<&str> = self.words.iter().map(|word| word.text.as_str()).collect();
        words.join(" ")
    }

    fn holds_date(&self) -> bool {
        centralita_invoices::dates::parse_date(&self.text(), DateOrder::DayFirst).is_some()
    }
}

/// Whether any line holds a date (in either order: only whether one is there counts).
pub fn holds_date(lines: &[OcrLine]) -> bool {
    lines.iter().any(OcrLine::holds_date)
}

/// Adds the lines of `other`, another reading of the same image, that hold a date, each before
/// the first line of `lines` that starts below it; in a paragraph of their own.
pub fn add_date_lines(lines: &mut Vec<OcrLine>, other: Vec<OcrLine>) {
    for mut line in other.into_iter().filter(OcrLine::holds_date) {
        let Some((_, top, _, _)) = line.bounds() else {
            continue;
        };
        let at = lines
            .iter()
            .position(|old| old.bounds().is_some_and(|(_, old_top, _, _)| old_top > top))
            .unwrap_or(lines.len());
        // A paragraph number no reading uses sets the line apart.
        line.paragraph = [u32::MAX, u32::MAX, at as u32];
        lines.insert(at, line);
    }
}

/// The text of `lines` in tesseract's plain-text layout: words joined by a space, one line per
/// line, a blank line between paragraphs. Lines tesseract was less sure of than `drop_below`
/// and that hold fewer than two digits are left out: on receipts they are logos, stamps and
/// pictures read as letters, which would pass for the shop's name. Lines with digits stay, as
/// a misread date or amount is still worth the rules' look.
pub fn render(lines: &[OcrLine], drop_below: f32) -> String {
    let mut text = String::new();
    let mut previous: Option<[u32; 3]> = None;
    for line in lines {
        let unsure = line
            .confidence()
            .is_some_and(|confidence| confidence < drop_below);
        if line.words.is_empty() || (unsure && line.digits() < 2) {
            continue;
        }
        if let Some(paragraph) = previous {
            text.push('\n');
            if paragraph != line.paragraph {
                text.push('\n');
            }
        }
        previous = Some(line.paragraph);
        let words: Vec<&str> = line.words.iter().map(|word| word.text.as_str()).collect();
        text.push_str(&words.join(" "));
    }
    if previous.is_some() {
        text.push('\n');
    }
    text
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
    fn unsure_lines_without_digits_are_left_out_and_the_rest_kept() {
        let tsv = [
            HEADER.to_owned(),
            word(1, 1, 1, 1, 30.0, "y"),
            word(1, 1, 1, 2, 20.0, "ALTE"),
            word(1, 1, 2, 1, 92.0, "SYARIKAT"),
            word(1, 1, 2, 2, 90.0, "MAJU"),
            word(1, 1, 3, 1, 40.0, "25/12/2018"),
            word(2, 1, 1, 1, 85.0, "TOTAL"),
            word(2, 1, 1, 2, -1.0, "x"),
        ]
        .join("\n");
        let reading = parse(&tsv);
        assert_eq!(reading.lines.len(), 4);
        assert_eq!(reading.lines[0].confidence(), Some(22.0));
        assert_eq!(reading.lines[1].bounds(), Some((0, 0, 10, 10)));
        // Parsing keeps every line; rendering drops the unsure one without digits.
        assert_eq!(
            reading.text,
            "y ALTE\nSYARIKAT MAJU\n25/12/2018\n\nTOTAL x\n"
        );
        assert_eq!(
            render(&reading.lines, 65.0),
            "SYARIKAT MAJU\n25/12/2018\n\nTOTAL x\n"
        );
        assert_eq!(render(&reading.lines, 0.0), reading.text);
    }

    #[test]
    fn weak_lines_and_the_top_lines_are_read_again() {
        let tsv = [
            HEADER.to_owned(),
            word(1, 1, 1, 1, 95.0, "KEDAI"),
            word(1, 1, 2, 1, 90.0, "JALAN"),
            word(1, 1, 3, 1, 40.0, "TEL"),
            word(1, 1, 4, 1, 96.0, "TOTAL"),
            word(1, 1, 5, 1, -1.0, "x"),
        ]
        .join("\n");
        let reading = parse(&tsv);
        let indexes = |found: Vec<(usize, (u32, u32, u32, u32))>| -> Vec<usize> {
            found.into_iter().map(|(index, _)| index).collect()
        };
        assert_eq!(indexes(weak_lines(&reading.lines, 80.0)), vec![2]);
        // A line without a confidence is not weak.
        assert_eq!(indexes(weak_lines(&reading.lines, 99.0)), vec![0, 1, 2, 3]);
        assert_eq!(
            indexes(weak_lines(&reading.lines, 30.0)),
            Vec::<usize>::new()
        );
        assert_eq!(indexes(top_lines(&reading.lines, 2)), vec![0, 1]);
        assert_eq!(indexes(top_lines(&reading.lines, 9)), vec![0, 1, 2, 3, 4]);
        assert_eq!(indexes(top_lines(&reading.lines, 0)), Vec::<usize>::new());
        assert_eq!(top_lines(&reading.lines, 1)[0].1, (0, 0, 10, 10));
    }

    #[test]
    fn a_line_read_again_replaces_the_old_one_when_surer_and_still_there() {
        let line = |words: &[(f32, &str)]| OcrLine {
            paragraph: [1, 1, 1],
            words: words
                .iter()
                .map(|&(confidence, text)| OcrWord {
                    left: 0,
                    top: 0,
                    width: 10,
                    height: 10,
                    confidence: Some(confidence),
                    text: text.to_owned(),
                })
                .collect(),
        };
        let before = line(&[(90.0, "KEDAI"), (20.0, "PAPAN'"), (94.0, "YEW")]);
        assert!(reads_better(
            &line(&[(92.0, "KEDAI"), (88.0, "PAPAN"), (95.0, "YEW")]),
            &before
        ));
        assert!(!reads_better(
            &line(&[(60.0, "KEDAI"), (50.0, "PAPAN"), (55.0, "YEW")]),
            &before
        ));
        // Surer, but of a speck: the name is not replaced by it.
        assert!(!reads_better(&line(&[(96.0, "~")]), &before));
        assert!(!reads_better(&line(&[(96.0, "KEDAI")]), &before));
    }

    #[test]
    fn a_reading_without_a_date_takes_the_date_lines_of_another_where_they_sit() {
        let at = |top: u32, texts: &[&str]| OcrLine {
            paragraph: [1, 1, 1],
            words: texts
                .iter()
                .map(|&text| OcrWord {
                    left: 0,
                    top,
                    width: 10,
                    height: 10,
                    confidence: Some(90.0),
                    text: text.to_owned(),
                })
                .collect(),
        };
        let mut lines = vec![
            at(10, &["SHOP"]),
            at(50, &["INV", "NO:", "CS-77", "si"]),
            at(90, &["THANK", "YOU"]),
        ];
        assert!(!holds_date(&lines));
        let other = vec![
            at(10, &["SHOP"]),
            at(60, &["DATE:", "10/04/2017"]),
            at(90, &["THANK", "YOU"]),
        ];
        add_date_lines(&mut lines, other);
        assert!(holds_date(&lines));
        assert_eq!(
            render(&lines, 0.0),
            "SHOP\nINV NO: CS-77 si\n\nDATE: 10/04/2017\n\nTHANK YOU\n"
        );
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
