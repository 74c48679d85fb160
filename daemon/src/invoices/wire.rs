//! Conversions between the invoices crate's types (what the daemon reads, checks and stores) and
//! their copies in the RPC contract, `centralita-protocol` (what goes over the wire). The
//! protocol cannot use the invoices crate's types: the console would then compile the readers.
//!
//! Both sides serialise the same way (the same field names, renames and defaults), so stored
//! records and JSON answers do not change. The copies are made field by field and every enum is
//! matched in full, so a change on one side fails to compile here instead of drifting.
//!
//! Domain to wire where answers are built (summaries, details, the mapping report); wire to
//! domain where requests arrive (`InvoiceEdit`).

use centralita_invoices as domain;
use centralita_protocol as protocol;
use centralita_protocol::InvoiceId;

// ---------------------------------------------------------------------------------------------
// Domain to wire

pub fn document_kind(kind: domain::DocumentKind) -> protocol::DocumentKind {
    use domain::DocumentKind as D;
    use protocol::DocumentKind as P;
    match kind {
        D::Pdf => P::Pdf,
        D::Jpeg => P::Jpeg,
        D::Png => P::Png,
        D::Tiff => P::Tiff,
        D::UblInvoice => P::UblInvoice,
        D::UblCreditNote => P::UblCreditNote,
        D::DianAttachedDocument => P::DianAttachedDocument,
        D::Cfdi => P::Cfdi,
        D::Cii => P::Cii,
        D::Text => P::Text,
    }
}

pub fn field_name(name: domain::FieldName) -> protocol::FieldName {
    use domain::FieldName as D;
    use protocol::FieldName as P;
    match name {
        D::IssuerName => P::IssuerName,
        D::IssuerTaxId => P::IssuerTaxId,
        D::BuyerName => P::BuyerName,
        D::BuyerTaxId => P::BuyerTaxId,
        D::InvoiceNumber => P::InvoiceNumber,
        D::IssueDate => P::IssueDate,
        D::DueDate => P::DueDate,
        D::Currency => P::Currency,
        D::Subtotal => P::Subtotal,
        D::Tax => P::Tax,
        D::Total => P::Total,
    }
}

pub fn field_source(source: domain::FieldSource) -> protocol::FieldSource {
    use domain::FieldSource as D;
    use protocol::FieldSource as P;
    match source {
        D::Xml => P::Xml,
        D::Mapping => P::Mapping,
        D::Rules => P::Rules,
        D::Llm => P::Llm,
        D::Operator => P::Operator,
    }
}

pub fn field_value(value: domain::FieldValue) -> protocol::FieldValue {
    let domain::FieldValue {
        value,
        source,
        confidence,
    } = value;
    protocol::FieldValue {
        value,
        source: field_source(source),
        confidence,
    }
}

pub fn line_item(item: domain::LineItem) -> protocol::LineItem {
    let domain::LineItem {
        description,
        quantity,
        unit_price,
        amount,
    } = item;
    protocol::LineItem {
        description,
        quantity,
        unit_price,
        amount,
    }
}

pub fn extraction(extraction: domain::Extraction) -> protocol::Extraction {
    let domain::Extraction { fields, line_items } = extraction;
    protocol::Extraction {
        fields: fields
            .into_iter()
            .map(|(name, value)| (field_name(name), field_value(value)))
            .collect(),
        line_items: line_items.into_iter().map(line_item).collect(),
    }
}

pub fn warning(warning: domain::InvoiceWarning) -> protocol::InvoiceWarning {
    let domain::InvoiceWarning { code, message } = warning;
    protocol::InvoiceWarning { code, message }
}

pub fn mapping_problem(problem: domain::MappingProblem) -> protocol::MappingProblem {
    let domain::MappingProblem {
        file,
        line,
        message,
    } = problem;
    protocol::MappingProblem {
        file,
        line,
        message,
    }
}

// ---------------------------------------------------------------------------------------------
// Wire to domain

pub fn field_name_from_wire(name: protocol::FieldName) -> domain::FieldName {
    use domain::FieldName as D;
    use protocol::FieldName as P;
    match name {
        P::IssuerName => D::IssuerName,
        P::IssuerTaxId => D::IssuerTaxId,
        P::BuyerName => D::BuyerName,
        P::BuyerTaxId => D::BuyerTaxId,
        P::InvoiceNumber => D::InvoiceNumber,
        P::IssueDate => D::IssueDate,
        P::DueDate => D::DueDate,
        P::Currency => D::Currency,
        P::Subtotal => D::Subtotal,
        P::Tax => D::Tax,
        P::Total => D::Total,
    }
}

pub fn line_item_from_wire(item: protocol::LineItem) -> domain::LineItem {
    let protocol::LineItem {
        description,
        quantity,
        unit_price,
        amount,
    } = item;
    domain::LineItem {
        description,
        quantity,
        unit_price,
        amount,
    }
}

impl super::InvoiceRecord {
    /// The invoice as the reviewer sees it, with the text the extractor read (or none).
    pub fn detail(
        self,
        tenant: &protocol::TenantId,
        id: InvoiceId,
        text: String,
    ) -> protocol::InvoiceDetail {
        protocol::InvoiceDetail {
            summary: self.summary(tenant, id),
            text,
            origin: self.origin,
            size: self.size,
            sha256: self.sha256,
            preview: extraction(self.preview),
            confirmed: self.confirmed.map(extraction),
            warnings: self.warnings.into_iter().map(warning).collect(),
            text_method: self.text_method,
            reason: self.reason,
            mapping: self.mapping,
            edits: self.edits,
            job: self.job,
        }
    }
}

#[cfg(test)]
mod tests {
    use centralita_invoices::{
        DocumentKind, Extraction, FieldName, FieldSource, FieldValue, InvoiceWarning, LineItem,
        MappingProblem,
    };
    use serde::Serialize;

    use super::*;

    /// The same bytes in the store's encoding (MessagePack with field names) and the same JSON.
    fn same_encoding<A: Serialize, B: Serialize>(domain: &A, wire: &B) {
        assert_eq!(
            rmp_serde::to_vec_named(domain).expect("encodes"),
            rmp_serde::to_vec_named(wire).expect("encodes")
        );
        assert_eq!(
            serde_json::to_string(domain).expect("encodes"),
            serde_json::to_string(wire).expect("encodes")
        );
    }

    const SOURCES: [FieldSource; 5] = [
        FieldSource::Xml,
        FieldSource::Mapping,
        FieldSource::Rules,
        FieldSource::Llm,
        FieldSource::Operator,
    ];

    const KINDS: [DocumentKind; 10] = [
        DocumentKind::Pdf,
        DocumentKind::Jpeg,
        DocumentKind::Png,
        DocumentKind::Tiff,
        DocumentKind::UblInvoice,
        DocumentKind::UblCreditNote,
        DocumentKind::DianAttachedDocument,
        DocumentKind::Cfdi,
        DocumentKind::Cii,
        DocumentKind::Text,
    ];

    #[test]
    fn an_extraction_keeps_every_field_and_its_encoding() {
        let mut found = Extraction::default();
        for (index, name) in FieldName::ALL.into_iter().enumerate() {
            let source = SOURCES[index % SOURCES.len()];
            found
                .fields
                .insert(name, FieldValue::new(format!("{name} value"), source, 0.5));
        }
        found.line_items = vec![
            LineItem {
                description: "Tornillos".to_owned(),
                quantity: Some("2".to_owned()),
                unit_price: Some("1.50".to_owned()),
                amount: Some("3.00".to_owned()),
            },
            LineItem {
                description: "Envío".to_owned(),
                ..LineItem::default()
            },
        ];
        let sent = extraction(found.clone());
        same_encoding(&found, &sent);
        for name in FieldName::ALL {
            assert_eq!(found.get(name), sent.get(field_name(name)));
        }
        same_encoding(&Extraction::default(), &extraction(Extraction::default()));
    }

    #[test]
    fn every_enum_value_maps_to_the_one_with_its_name() {
        for name in FieldName::ALL {
            assert_eq!(name.as_str(), field_name(name).as_str());
            assert_eq!(field_name_from_wire(field_name(name)), name);
            same_encoding(&name, &field_name(name));
        }
        for source in SOURCES {
            assert_eq!(source.as_str(), field_source(source).as_str());
            same_encoding(&source, &field_source(source));
        }
        for kind in KINDS {
            assert_eq!(kind.as_str(), document_kind(kind).as_str());
            same_encoding(&kind, &document_kind(kind));
        }
    }

    #[test]
    fn warnings_problems_and_edited_lines_cross_unchanged() {
        let found = InvoiceWarning {
            code: "totals_mismatch".to_owned(),
            message: "subtotal + tax is not the total".to_owned(),
        };
        same_encoding(&found, &warning(found.clone()));
        let problem = MappingProblem {
            file: "acme.toml".to_owned(),
            line: 7,
            message: "unknown field".to_owned(),
        };
        same_encoding(&problem, &mapping_problem(problem.clone()));
        let typed = protocol::LineItem {
            description: "Tornillos".to_owned(),
            quantity: None,
            unit_price: Some("1.50".to_owned()),
            amount: Some("3.00".to_owned()),
        };
        let read = line_item_from_wire(typed.clone());
        same_encoding(&read, &typed);
        assert_eq!(line_item(read), typed);
    }
}
