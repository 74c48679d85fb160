//! A look at a PDF's raw bytes before lopdf parses them. lopdf inflates every object stream and
//! cross-reference stream while it loads a document, and builds a 120-byte `Object` for every
//! value it parses, so a small file can ask for gigabytes before any of our code runs. This pass
//! lexes the object after every `obj` and `trailer` keyword wherever it is (cross-reference data
//! may point anywhere, even inside another object), mirroring lopdf's grammar, and inflates the
//! object and cross-reference streams through a counter, keeping nothing. The [`Budget`] says
//! how much of that one document may have.

use std::io::Read;

use flate2::read::{DeflateDecoder, ZlibDecoder};

use super::{Budget, PdfError};

/// lopdf gives up on values nested deeper than this; so do we.
const MAX_DEPTH: usize = 100;

/// What the raw bytes say about a document, once its budget allowed it.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// A name `/Encrypt` appears: lopdf would decrypt and inflate the object streams in a way
    /// this pass cannot measure.
    pub encrypted: bool,
}

/// Checks what loading `pdf` with lopdf would inflate and build against `budget`.
pub(super) fn scan(pdf: &[u8], budget: &mut Budget) -> Result<Scan, PdfError> {
    if names(pdf).any(|name| name == b"Encrypt") {
        return Ok(Scan { encrypted: true });
    }
    // Each object is lexed once in a well-formed file (plus the odd `obj` that binary data
    // spells by chance); objects hidden inside others are lexed again, and a file that does
    // that too often is refused rather than lexed quadratically.
    let max_work = pdf.len().saturating_mul(4).saturating_add(4 << 20);
    let mut work = 0_usize;
    for start in headers(pdf) {
        let mut lexer = Lexer {
            pdf,
            pos: start,
            values: 0,
        };
        lexer.space();
        let value = lexer.value(MAX_DEPTH);
        work = work.saturating_add(lexer.pos - start);
        if work > max_work {
            return Err(PdfError::Overlapping);
        }
        budget.build(lexer.values)?;
        if let Some(Value::Dict(dict)) = value
            && let Some(data) = lexer.stream_data()
            && let Some(kind) = dict.kind
        {
            measure(pdf, data, kind, &dict, budget)?;
        }
    }
    Ok(Scan::default())
}

/// Where lopdf may start parsing a value: after each `obj` keyword (not `endobj`) and each
/// `trailer` keyword.
fn headers(pdf: &[u8]) -> impl Iterator<Item = usize> + '_ {
    pdf.windows(7).enumerate().filter_map(|(at, window)| {
        if window.starts_with(b"obj") && (at < 3 || &pdf[at - 3..at] != b"end") {
            Some(at + 3)
        } else if window == b"trailer" {
            Some(at + 7)
        } else {
            None
        }
    })
}

/// Every name in the file, decoded (`#xx` escapes), as lopdf reads them.
fn names(pdf: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
    pdf.iter()
        .enumerate()
        .filter(|&(_, &byte)| byte == b'/')
        .map(|(at, _)| name(&pdf[at + 1..]).0)
}

/// The decoded name at the start of `rest` (after its `/`) and its length in the file.
fn name(rest: &[u8]) -> (Vec<u8>, usize) {
    let mut decoded = Vec::new();
    let mut at = 0;
    while let Some(&byte) = rest.get(at) {
        if byte == b'#'
            && let Some(value) = rest.get(at + 1..at + 3).and_then(hex_pair)
        {
            decoded.push(value);
            at += 3;
        } else if byte != b'#' && is_regular(byte) {
            decoded.push(byte);
            at += 1;
        } else {
            break;
        }
    }
    (decoded, at)
}

fn hex_pair(pair: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(pair).ok()?;
    u8::from_str_radix(text, 16).ok()
}

/// The class of every byte, as lopdf's parser sees it: `W`hite space, `D`elimiter or `R`egular.
const CLASSES: [u8; 256] = {
    let mut classes = [b'R'; 256];
    let mut at = 0;
    while at < 6 {
        classes[b" \t\n\r\0\x0C"[at] as usize] = b'W';
        at += 1;
    }
    let mut at = 0;
    while at < 10 {
        classes[b"()<>[]{}/%"[at] as usize] = b'D';
        at += 1;
    }
    classes
};

fn is_whitespace(byte: u8) -> bool {
    CLASSES[usize::from(byte)] == b'W'
}

fn is_delimiter(byte: u8) -> bool {
    CLASSES[usize::from(byte)] == b'D'
}

fn is_regular(byte: u8) -> bool {
    CLASSES[usize::from(byte)] == b'R'
}

/// The kinds of stream lopdf inflates while loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    ObjectStream,
    CrossReference,
}

/// What a stream dictionary says about inflating it (top-level entries only).
#[derive(Debug, Default)]
struct Dict {
    kind: Option<Kind>,
    /// `None`: no `/Filter`, or one lopdf does not read as a filter list (it then keeps the
    /// stream as it is).
    filters: Option<Vec<Vec<u8>>>,
    length: Option<usize>,
}

#[derive(Debug)]
enum Value {
    Name(Vec<u8>),
    /// An array's names, `None` when it holds anything else (kept for a `/Filter` only).
    Names(Option<Vec<Vec<u8>>>),
    Dict(Dict),
    Integer(usize),
    Other,
}

/// A lexer for one value, counting the values lopdf would build on the way.
struct Lexer<'a> {
    pdf: &'a [u8],
    pos: usize,
    values: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.pdf.get(self.pos).copied()
    }

    fn rest(&self) -> &[u8] {
        self.pdf.get(self.pos..).unwrap_or_default()
    }

    /// White space and comments.
    fn space(&mut self) {
        while let Some(byte) = self.peek() {
            if is_whitespace(byte) {
                self.pos += 1;
            } else if byte == b'%' {
                let line = self
                    .rest()
                    .iter()
                    .position(|&byte| byte == b'\r' || byte == b'\n');
                self.pos = line.map_or(self.pdf.len(), |end| self.pos + end);
            } else {
                break;
            }
        }
    }

    /// One value and the space after it, or `None` where lopdf's parser would fail.
    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth == 0 {
            return None;
        }
        self.values += 1;
        let value = match self.peek()? {
            b'/' => {
                let (decoded, length) = name(&self.rest()[1..]);
                self.pos += 1 + length;
                Value::Name(decoded)
            }
            b'(' => {
                self.literal_string()?;
                Value::Other
            }
            b'<' if self.rest().starts_with(b"<<") => Value::Dict(self.dict(depth)?),
            b'<' => {
                let end = self.rest().iter().position(|&byte| byte == b'>')?;
                let inside = &self.rest()[1..end];
                if !inside
                    .iter()
                    .all(|&byte| byte.is_ascii_hexdigit() || is_whitespace(byte))
                {
                    return None;
                }
                self.pos += end + 1;
                Value::Other
            }
            b'[' => self.array(depth)?,
            b'0'..=b'9' => match self.run() {
                Value::Integer(_) if self.reference() => Value::Other,
                other => other,
            },
            b'n' | b't' | b'f' | b'+' | b'-' | b'.' => self.run(),
            _ => return None,
        };
        self.space();
        Some(value)
    }

    /// A run of regular characters: numbers, `true`, `false`, `null`, the `R` of a reference.
    /// lopdf may read several values from one run (`truetrue`, `1.2.3`), never more than one
    /// per two bytes.
    fn run(&mut self) -> Value {
        let length = self
            .rest()
            .iter()
            .position(|&byte| !is_regular(byte))
            .unwrap_or(self.rest().len());
        let run = &self.rest()[..length];
        let integer = std::str::from_utf8(run)
            .ok()
            .and_then(|text| text.parse::<usize>().ok());
        self.values += length.div_ceil(2).saturating_sub(1);
        self.pos += length;
        integer.map_or(Value::Other, Value::Integer)
    }

    /// After an integer: the generation and `R` of a reference, if they follow (then read).
    fn reference(&mut self) -> bool {
        let start = self.pos;
        self.space();
        let digits = self
            .rest()
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if digits > 0 {
            self.pos += digits;
            self.space();
            if self.rest().starts_with(b"R")
                && self.rest().get(1).is_none_or(|&byte| !is_regular(byte))
            {
                self.pos += 1;
                return true;
            }
        }
        self.pos = start;
        false
    }

    fn literal_string(&mut self) -> Option<()> {
        let mut depth = 0_usize;
        let mut at = self.pos;
        loop {
            match *self.pdf.get(at)? {
                b'\\' => at += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = at + 1;
                        return Some(());
                    }
                }
                _ => {}
            }
            at += 1;
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        self.pos += 1;
        self.space();
        let mut names = Some(Vec::new());
        loop {
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(Value::Names(names));
            }
            match self.value(depth - 1)? {
                // A filter list is short; a long array of names is no filter list.
                Value::Name(name) if names.as_ref().is_some_and(|names| names.len() < 32) => {
                    if let Some(names) = names.as_mut() {
                        names.push(name);
                    }
                }
                _ => names = None,
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Option<Dict> {
        self.pos += 2;
        self.space();
        let mut dict = Dict::default();
        loop {
            if self.rest().starts_with(b">>") {
                self.pos += 2;
                return Some(dict);
            }
            if self.peek()? != b'/' {
                return None;
            }
            let (key, length) = name(&self.rest()[1..]);
            self.pos += 1 + length;
            self.values += 1;
            self.space();
            let value = self.value(depth - 1)?;
            // A later entry replaces an earlier one with the same key, as in lopdf.
            match (key.as_slice(), value) {
                (b"Type", Value::Name(name)) => {
                    dict.kind = match name.as_slice() {
                        b"ObjStm" => Some(Kind::ObjectStream),
                        b"XRef" => Some(Kind::CrossReference),
                        _ => None,
                    };
                }
                (b"Type", _) => dict.kind = None,
                (b"Filter", Value::Name(name)) => dict.filters = Some(vec![name]),
                (b"Filter", Value::Names(names)) => dict.filters = names,
                (b"Filter", _) => dict.filters = None,
                (b"Length", Value::Integer(length)) => dict.length = Some(length),
                (b"Length", _) => dict.length = None,
                _ => {}
            }
        }
    }

    /// After a dictionary: the data of the stream it describes, when the `stream` keyword and
    /// its end of line follow (running to the end of the file: where it stops is the
    /// decoder's business).
    fn stream_data(&mut self) -> Option<usize> {
        let rest = self.rest().strip_prefix(b"stream")?;
        let blanks = rest
            .iter()
            .take_while(|&&byte| byte == b' ' || byte == b'\t')
            .count();
        let rest = &rest[blanks..];
        let eol = if rest.starts_with(b"\r\n") {
            2
        } else if rest.starts_with(b"\n") || rest.starts_with(b"\r") {
            1
        } else {
            return None;
        };
        Some(self.pos + b"stream".len() + blanks + eol)
    }
}

/// Inflates the stream whose data starts at `data` as lopdf would, counting the bytes (and,
/// for an object stream, the values it would build) against `budget`.
fn measure(
    pdf: &[u8],
    data: usize,
    kind: Kind,
    dict: &Dict,
    budget: &mut Budget,
) -> Result<(), PdfError> {
    let mut counter = Counter {
        kind,
        run: 0,
        values: 0,
    };
    let limit = budget.inflatable();
    let produced = match dict.filters.as_deref() {
        None | Some([]) => {
            // Stored as it is: nothing to inflate, but an object stream's values still count.
            let end = dict
                .length
                .and_then(|length| data.checked_add(length))
                .filter(|&end| pdf.get(end..).is_some_and(ends_stream))
                .unwrap_or(pdf.len());
            counter.feed(&pdf[data..end]);
            0
        }
        Some([filter]) if filter == b"FlateDecode" => {
            let input = &pdf[data..];
            match count(ZlibDecoder::new(input), limit, &mut counter, budget) {
                // lopdf retries a zlib stream that yields nothing as raw deflate.
                Err(0) if input.len() > 2 => count(
                    DeflateDecoder::new(&input[2..]),
                    limit,
                    &mut counter,
                    budget,
                )
                .unwrap_or_else(|produced| produced),
                result => result.unwrap_or_else(|produced| produced),
            }
        }
        Some(filters) => {
            let names: Vec<String> = filters
                .iter()
                .map(|name| String::from_utf8_lossy(name).into_owned())
                .collect();
            return Err(PdfError::Filter(names.join(" ")));
        }
    };
    counter.finish();
    budget.inflate(produced)?;
    if kind == Kind::CrossReference {
        budget.cross_reference(produced)?;
    }
    budget.build(counter.values)
}

/// Whether `rest` (right after a stream's data) ends the stream.
fn ends_stream(rest: &[u8]) -> bool {
    let rest = rest
        .strip_prefix(b"\r\n")
        .or_else(|| rest.strip_prefix(b"\n"))
        .or_else(|| rest.strip_prefix(b"\r"))
        .unwrap_or(rest);
    rest.starts_with(b"endstream")
}

/// Reads `reader` to its end or to `limit + 1` bytes into `counter`, keeping nothing: the
/// bytes produced, or, on a decoding error, `Err` with the bytes produced before it.
fn count(
    reader: impl Read,
    limit: usize,
    counter: &mut Counter,
    budget: &Budget,
) -> Result<usize, usize> {
    let mut reader = reader.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1));
    let mut buffer = vec![0_u8; 64 * 1024];
    let mut produced = 0_usize;
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(produced),
            Ok(read) => {
                produced += read;
                counter.feed(&buffer[..read]);
                // Stop inflating once the values alone are over budget.
                if !budget.can_build(counter.values) {
                    return Ok(produced);
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(produced),
        }
    }
}

/// An upper bound on the values lopdf builds from an object stream's content: one per
/// delimiter, and one per two bytes of a run of regular characters.
struct Counter {
    kind: Kind,
    run: usize,
    values: usize,
}

impl Counter {
    fn feed(&mut self, bytes: &[u8]) {
        if self.kind != Kind::ObjectStream {
            return;
        }
        for &byte in bytes {
            match CLASSES[usize::from(byte)] {
                b'R' => self.run += 1,
                _ if self.run > 0 => {
                    self.finish();
                    self.values += usize::from(is_delimiter(byte));
                }
                b'D' => self.values += 1,
                _ => {}
            }
        }
    }

    fn finish(&mut self) {
        self.values += self.run.div_ceil(2);
        self.run = 0;
    }
}
