//! The tidy check behind `no_english_prose_outside_text`: the string literals of a Rust
//! source, and which of them look like English prose an operator would read.

/// The string literals of `source` outside its test modules, with their line numbers
/// (1-based), escapes left as written. Comments, char literals and lifetimes are skipped.
pub fn literals(source: &str) -> Vec<(usize, String)> {
    let source = without_test_modules(source);
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    let (mut index, mut line) = (0, 1);
    while index < chars.len() {
        let c = chars[index];
        let next = chars.get(index + 1).copied();
        match c {
            '\n' => {
                line += 1;
                index += 1;
            }
            '/' if next == Some('/') => {
                while index < chars.len() && chars[index] != '\n' {
                    index += 1;
                }
            }
            '/' if next == Some('*') => {
                index += 2;
                while index + 1 < chars.len() && !(chars[index] == '*' && chars[index + 1] == '/') {
                    line += usize::from(chars[index] == '\n');
                    index += 1;
                }
                index += 2;
            }
            '\'' => {
                // A char literal ('x', '\n', '"'), else a lifetime.
                if next == Some('\\') {
                    index += 2;
                    while index < chars.len() && chars[index] != '\'' {
                        index += 1;
                    }
                    index += 1;
                } else if chars.get(index + 2) == Some(&'\'') {
                    index += 3;
                } else {
                    index += 1;
                }
            }
            'r' if (next == Some('"') || next == Some('#'))
                && !chars
                    .get(index.wrapping_sub(1))
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_') =>
            {
                let mut hashes = 0;
                let mut at = index + 1;
                while chars.get(at) == Some(&'#') {
                    hashes += 1;
                    at += 1;
                }
                if chars.get(at) != Some(&'"') {
                    index += 1;
                    continue;
                }
                let start_line = line;
                let mut text = String::new();
                at += 1;
                while at < chars.len() {
                    if chars[at] == '"' && (1..=hashes).all(|k| chars.get(at + k) == Some(&'#')) {
                        break;
                    }
                    line += usize::from(chars[at] == '\n');
                    text.push(chars[at]);
                    at += 1;
                }
                found.push((start_line, text));
                index = at + 1 + hashes;
            }
            '"' => {
                let start_line = line;
                let text;
                (text, index) = quoted(&chars, index + 1, &mut line);
                found.push((start_line, text));
            }
            c if c.is_alphanumeric() || c == '_' => {
                // An identifier: skip it whole, so the `r` of `for"` or `bar#` is not a raw string.
                while chars
                    .get(index)
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_')
                {
                    index += 1;
                }
            }
            _ => index += 1,
        }
    }
    found
}

/// The string that starts at `index` (after its opening quote), and the index after its
/// closing quote; counts the lines it spans into `line`.
fn quoted(chars: &[char], mut index: usize, line: &mut usize) -> (String, usize) {
    let mut text = String::new();
    while index < chars.len() && chars[index] != '"' {
        if chars[index] == '\\' {
            if chars.get(index + 1) == Some(&'\n') {
                // A continued line: its leading blanks are not in the string.
                index += 1;
                while chars.get(index).is_some_and(|c| c.is_whitespace()) {
                    *line += usize::from(chars[index] == '\n');
                    index += 1;
                }
                continue;
            }
            text.push(chars[index]);
            index += 1;
        }
        *line += usize::from(chars.get(index) == Some(&'\n'));
        if let Some(c) = chars.get(index) {
            text.push(*c);
        }
        index += 1;
    }
    (text, index + 1)
}

/// Whether a literal reads like English prose: two words of letters in a row, once the
/// `{…}` placeholders are taken out; table headers (no lowercase) are not prose.
/// `source` with each inline `#[cfg(test)] mod … { … }` blanked up to its closing brace at the
/// start of a line (lines kept, so numbers still point at the source); a `#[cfg(test)] mod
/// tests;` that names a file of its own is one line and stays.
fn without_test_modules(source: &str) -> String {
    let mut kept = Vec::new();
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        let opens_module = line.trim_start() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod ") && next.ends_with('{'));
        if !opens_module {
            kept.push(line);
            continue;
        }
        kept.push("");
        for inside in lines.by_ref() {
            kept.push("");
            if inside == "}" {
                break;
            }
        }
    }
    kept.join("\n")
}

pub fn looks_like_prose(literal: &str) -> bool {
    // Table headers (all capitals) go through `text::column`.
    if !literal.chars().any(char::is_lowercase) {
        return false;
    }
    let mut plain = String::new();
    let mut depth = 0;
    for c in literal.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = usize::saturating_sub(depth, 1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    // Escaped line breaks and tabs part words as a space does (`"\nno attachments"`).
    let plain = plain.replace("\\n", " ").replace("\\t", " ");
    let words: Vec<&str> = plain.split_whitespace().collect();
    words
        .windows(2)
        .any(|pair| pair.iter().all(|word| is_word(word)))
}

fn is_word(word: &str) -> bool {
    let word = word.trim_end_matches([',', '.', ':', ';', '?', '!', ')']);
    let word = word.trim_start_matches('(');
    word.chars().count() >= 2 && word.chars().all(char::is_alphabetic)
}
