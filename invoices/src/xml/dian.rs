//! The DIAN `AttachedDocument` wrapper: only the invoice it carries as text matters; the caller
//! reads that invoice in turn.

use super::values::keep_first;
use super::walk::{Attributes, Handler};

/// The DIAN wrapper: only the invoice it carries as text matters.
#[derive(Default)]
pub(super) struct Attached {
    pub(super) invoice: Option<String>,
}

impl Handler for Attached {
    fn value(&mut self, path: &[&str], _attributes: &Attributes, text: &str) {
        if let [_, "Attachment", "ExternalReference", "Description"] = path {
            keep_first(&mut self.invoice, Some(text.to_owned()));
        }
    }
}
