//! The streaming walk shared by every format: one quick-xml pass that feeds a format's
//! [`Handler`] each element's path, attributes and text, renders the text for the reviewer and
//! enforces the limits.

use std::collections::HashSet;
use std::fmt;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::rendering::Rendering;
use super::{HIDDEN, MAX_ATTRIBUTES, MAX_DEPTH, XmlError};

/// A format's rules, fed by [`walk`]. `path` holds the local names from the root down to the
/// element.
pub(super) trait Handler {
    /// An element opened.
    fn open(&mut self, _path: &[&str], _attributes: &Attributes) {}
    /// An element closed holding `text`: trimmed, entities resolved, never blank.
    fn value(&mut self, _path: &[&str], _attributes: &Attributes, _text: &str) {}
}

/// One element's attributes, keys as written, values with entities resolved.
#[derive(Default)]
pub(super) struct Attributes(pub(super) Vec<(String, String)>);

impl Attributes {
    fn read(start: &BytesStart, xml: &str, position: u64) -> Result<Self, XmlError> {
        let mut all = start.attributes();
        // Checked below with a set: quick-xml's own check is quadratic.
        all.with_checks(false);
        let mut attributes = Vec::new();
        let mut keys = HashSet::new();
        for attribute in all {
            if attributes.len() == MAX_ATTRIBUTES {
                return Err(XmlError::TooManyAttributes {
                    element: start.name().into_inner().to_owned(),
                    line: line_at(xml, position),
                });
            }
            let attribute = attribute.map_err(|error| syntax_error(xml, position, error))?;
            let key = attribute.key.into_inner();
            if !keys.insert(key) {
                return Err(syntax_error(
                    xml,
                    position,
                    format!("duplicate attribute {key}"),
                ));
            }
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|error| syntax_error(xml, position, error))?;
            attributes.push((key.to_owned(), value.into_owned()));
        }
        Ok(Self(attributes))
    }

    /// The trimmed value of `key`; `None` when absent or blank.
    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }
}

/// An element being read.
pub(super) struct Frame {
    /// Local name.
    pub(super) name: String,
    pub(super) attributes: Attributes,
    pub(super) text: String,
    /// Inside a [`HIDDEN`] subtree: not rendered.
    pub(super) hidden: bool,
    pub(super) has_children: bool,
}

/// Streams `xml` once, feeding `handler` and `rendering`; returns the handler when the root
/// element closes.
pub(super) fn walk<H: Handler>(
    xml: &str,
    mut handler: H,
    rendering: &mut Rendering,
) -> Result<H, XmlError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|error| syntax_error(xml, reader.error_position(), error))?;
        match event {
            Event::Start(start) => {
                if stack.len() == MAX_DEPTH {
                    return Err(XmlError::TooDeep {
                        line: line_at(xml, position),
                    });
                }
                let attributes = Attributes::read(&start, xml, position)?;
                let name = start.local_name().into_inner().to_owned();
                let hidden = HIDDEN.contains(&name.as_str());
                let hidden = match stack.last_mut() {
                    Some(parent) => {
                        rendering.enter(parent);
                        hidden || parent.hidden
                    }
                    None => hidden,
                };
                stack.push(Frame {
                    name,
                    attributes,
                    text: String::new(),
                    hidden,
                    has_children: false,
                });
                if let Some(frame) = stack.last() {
                    handler.open(&path_of(&stack), &frame.attributes);
                }
            }
            Event::End(_) => {
                let Some(frame) = stack.pop() else {
                    continue;
                };
                let value = frame.text.trim();
                if !value.is_empty() {
                    let mut path = path_of(&stack);
                    path.push(&frame.name);
                    handler.value(&path, &frame.attributes, value);
                }
                // The parent names a value unless it is the root: `PartyName Name: ACME`.
                let owner = stack.get(1..).and_then(<[Frame]>::last);
                rendering.leave(&frame, owner.map(|owner| owner.name.as_str()));
                if stack.is_empty() {
                    return Ok(handler);
                }
            }
            Event::Text(text) => append(&mut stack, &text.xml10_content()),
            Event::CData(text) => append(&mut stack, &text.xml10_content()),
            Event::GeneralRef(reference) => {
                let text = resolve(&reference).ok_or_else(|| {
                    syntax_error(xml, position, format!("unknown entity &{};", &*reference))
                })?;
                append(&mut stack, &text);
            }
            Event::DocType(_) => {
                return Err(XmlError::Doctype {
                    line: line_at(xml, position),
                });
            }
            Event::Eof => {
                let message = match stack.last() {
                    Some(frame) => format!("the document ends inside <{}>", frame.name),
                    None => "the document has no root element".to_owned(),
                };
                return Err(syntax_error(xml, position, message));
            }
            Event::Empty(_) | Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
}

fn path_of(stack: &[Frame]) -> Vec<&str> {
    stack.iter().map(|frame| frame.name.as_str()).collect()
}

/// Adds text to the open element; blank text before any content is dropped (values are trimmed).
fn append(stack: &mut [Frame], text: &str) {
    if let Some(frame) = stack.last_mut()
        && (!frame.text.is_empty() || !text.trim().is_empty())
    {
        frame.text.push_str(text);
    }
}

/// A character reference or one of the five predefined entities.
fn resolve(reference: &BytesRef) -> Option<String> {
    match reference.resolve_char_ref() {
        Ok(Some(character)) => Some(character.to_string()),
        Ok(None) => resolve_predefined_entity(reference).map(str::to_owned),
        Err(_) => None,
    }
}

fn line_at(xml: &str, position: u64) -> usize {
    let end = usize::try_from(position).map_or(xml.len(), |position| position.min(xml.len()));
    xml.as_bytes()[..end].split(|&byte| byte == b'\n').count()
}

pub(super) fn syntax_error(xml: &str, position: u64, message: impl fmt::Display) -> XmlError {
    XmlError::Syntax {
        line: line_at(xml, position),
        message: message.to_string(),
    }
}
