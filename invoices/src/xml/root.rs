//! The root element: found without a full parse (markup before it skipped), and the kind of
//! e-invoice its name and namespace make the document.

use std::fmt;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::walk::syntax_error;
use super::{MAX_ATTRIBUTES, UBL_NAMESPACE, XmlError};
use crate::DocumentKind;

/// The root element's qualified name and the namespace its prefix is bound to on it.
pub(super) struct Root {
    name: String,
    namespace: Option<String>,
}

impl Root {
    fn of(start: &BytesStart) -> Self {
        let name = start.name().into_inner().to_owned();
        let binding = name.split_once(':').map_or_else(
            || "xmlns".to_owned(),
            |(prefix, _)| format!("xmlns:{prefix}"),
        );
        let namespace = start
            .attributes()
            .take(MAX_ATTRIBUTES)
            .flatten()
            .find(|attribute| attribute.key.into_inner() == binding)
            .map(|attribute| attribute.value.trim().to_owned());
        Self { name, namespace }
    }

    /// The format, by local name, when the namespace (if declared) is that format's.
    pub(super) fn kind(&self) -> Option<DocumentKind> {
        let local = self
            .name
            .split_once(':')
            .map_or(self.name.as_str(), |(_, local)| local);
        let in_namespace = |expected: &str| {
            self.namespace
                .as_deref()
                .is_none_or(|namespace| namespace.starts_with(expected))
        };
        match local {
            // A debit note asks for more money, like an invoice.
            "Invoice" | "DebitNote" if in_namespace(UBL_NAMESPACE) => {
                Some(DocumentKind::UblInvoice)
            }
            "CreditNote" if in_namespace(UBL_NAMESPACE) => Some(DocumentKind::UblCreditNote),
            "AttachedDocument" if in_namespace(UBL_NAMESPACE) => {
                Some(DocumentKind::DianAttachedDocument)
            }
            "Comprobante" if in_namespace("http://www.sat.gob.mx/cfd/") => Some(DocumentKind::Cfdi),
            "CrossIndustryInvoice"
                if in_namespace("urn:un:unece:uncefact:data:standard:CrossIndustryInvoice") =>
            {
                Some(DocumentKind::Cii)
            }
            "CrossIndustryDocument" if in_namespace("urn:ferd:CrossIndustryDocument") => {
                Some(DocumentKind::Cii)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}>", self.name)?;
        match &self.namespace {
            Some(namespace) => write!(f, " in namespace {namespace}"),
            None => Ok(()),
        }
    }
}

/// The first element of `xml`; `None` when there is none. Only markup and whitespace may come
/// before it.
pub(super) fn root_element(xml: &str) -> Result<Option<Root>, XmlError> {
    let mut reader = Reader::from_str(xml);
    loop {
        let position = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(start) | Event::Empty(start)) => return Ok(Some(Root::of(&start))),
            Ok(Event::Eof) => return Ok(None),
            Ok(Event::Text(text)) if text.trim().is_empty() => {}
            Ok(Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                return Err(syntax_error(xml, position, "text before the root element"));
            }
            Ok(Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_)) => {}
            Ok(Event::End(_)) => {
                return Err(syntax_error(
                    xml,
                    position,
                    "end tag before the root element",
                ));
            }
            Err(error) => return Err(syntax_error(xml, reader.error_position(), error)),
        }
    }
}
