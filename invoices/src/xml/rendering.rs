//! The rendering for the reviewer: one `Name: value` line per readable value, built as the walk
//! goes and capped at [`MAX_TEXT_BYTES`].

use super::MAX_TEXT_BYTES;
use super::walk::Frame;

/// The readable text, built as the walk goes.
#[derive(Default)]
pub(super) struct Rendering {
    pub(super) text: String,
    full: bool,
}

impl Rendering {
    /// A child of `parent` opens: the parent's attributes come before it.
    pub(super) fn enter(&mut self, parent: &mut Frame) {
        if !parent.has_children {
            parent.has_children = true;
            self.attributes(parent);
        }
    }

    /// `frame` closed: its value, prefixed with its `owner`'s name if any, or the attributes of
    /// an empty element.
    pub(super) fn leave(&mut self, frame: &Frame, owner: Option<&str>) {
        let value = frame.text.trim();
        if value.is_empty() {
            if !frame.has_children {
                self.attributes(frame);
            }
        } else if readable(value) && !frame.hidden {
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            let owner = owner.map(|owner| format!("{owner} ")).unwrap_or_default();
            self.line(&format!("{owner}{}: {value}", frame.name));
        }
    }

    /// `Element Attribute: value` lines, without namespace declarations and schema hints.
    fn attributes(&mut self, frame: &Frame) {
        if frame.hidden {
            return;
        }
        for (key, value) in &frame.attributes.0 {
            let value = value.trim();
            if !key.starts_with("xmlns") && !key.starts_with("xsi:") && readable(value) {
                self.line(&format!("{} {key}: {value}", frame.name));
            }
        }
    }

    /// Adds a line unless the text would outgrow [`MAX_TEXT_BYTES`]; nothing after that.
    pub(super) fn line(&mut self, line: &str) {
        self.full |= self.text.len() + line.len() + 1 > MAX_TEXT_BYTES;
        if !self.full {
            self.text.push_str(line);
            self.text.push('\n');
        }
    }
}

/// Worth showing: not empty, not embedded markup, not a base64 blob (seals, certificates).
fn readable(value: &str) -> bool {
    let base64 = value.len() >= 100
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"+/=\r\n".contains(&byte));
    !value.is_empty() && !value.starts_with('<') && !base64
}
