//! [`Content`]: what a parser reads out of one message before it builds the record.

use crate::{Location, MediaRef, MessageKind, SharedContact};

/// The normalised content of one message (or of the new version inside a WhatsApp edit).
pub(crate) struct Content {
    pub kind: MessageKind,
    pub text: Option<String>,
    pub media: Option<MediaRef>,
    pub location: Option<Location>,
    pub contacts: Vec<SharedContact>,
    /// The message it reacts to, deletes or edits, when the content itself names one.
    pub reply_to: Option<String>,
}

impl Content {
    /// Content of `kind` with nothing in it yet.
    pub fn new(kind: MessageKind) -> Self {
        Self {
            kind,
            text: None,
            media: None,
            location: None,
            contacts: Vec::new(),
            reply_to: None,
        }
    }

    pub fn with_text(mut self, text: Option<String>) -> Self {
        self.text = text;
        self
    }
}
