//! Glosa records as the protocol shows them.

use centralita_glosas::catalog::Catalog;
use centralita_protocol::{GlosaDetail, GlosaItem, GlosaSummary, Urgency};
use jiff::civil::Date;

use super::records::GlosaRecord;

impl GlosaRecord {
    pub fn summary(&self, today: Date) -> GlosaSummary {
        let days_left = super::days_left(self.due, today);
        GlosaSummary {
            id: self.id,
            state: self.state,
            kind: self.kind.clone(),
            payer_name: self.payer_name.clone(),
            payer_nit: self.payer_nit.clone(),
            number: self.number.clone(),
            notice_date: self.notice_date,
            received_on: self.received_on,
            due: self.due,
            days_left,
            urgency: urgency(days_left),
            invoices: self.invoices.clone(),
            total_objected: self
                .total_objected
                .or_else(|| self.items.iter().map(|item| item.objected).sum())
                .map(|total| total.to_string())
                .unwrap_or_default(),
            items: u32::try_from(self.items.len()).unwrap_or(u32::MAX),
            unknown_codes: u32::try_from(
                self.items
                    .iter()
                    .filter(|item| item.system == "unknown")
                    .count(),
            )
            .unwrap_or(u32::MAX),
            origin: self.origin.clone(),
        }
    }

    pub fn detail(self, today: Date, catalog: &Catalog) -> GlosaDetail {
        let summary = self.summary(today);
        let late_notice = match (self.filed_date, self.notice_date) {
            (Some(filed), Some(notice)) => {
                !centralita_glosas::deadline::formulated_in_time(filed, notice)
            }
            _ => false,
        };
        GlosaDetail {
            summary,
            provider_name: self.provider_name,
            provider_nit: self.provider_nit,
            filed_date: self.filed_date,
            total_invoiced: self.total_invoiced.map(|total| total.to_string()),
            linked_invoices: self.linked_invoices,
            items: self
                .items
                .into_iter()
                .enumerate()
                .map(|(index, item)| {
                    let known = super::codes::describe(catalog, &item.code);
                    GlosaItem {
                        index: u32::try_from(index).unwrap_or(u32::MAX),
                        code: if item.code.is_empty() {
                            item.code_raw
                        } else {
                            item.code
                        },
                        code_system: item.system,
                        family: known.family,
                        code_description: known.description,
                        description: item.description,
                        service_code: item.service_code,
                        quantity: item.quantity.map(|value| value.to_string()),
                        invoiced: item.invoiced.map(|value| value.to_string()),
                        objected: item.objected.map(|value| value.to_string()),
                        response: item.response,
                    }
                })
                .collect(),
            warnings: self.warnings,
            warning_words: self.warning_words,
            source_text: self.source_text,
            late_notice,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// The protocol's word for how pressing the answer is.
fn urgency(days_left: i64) -> Urgency {
    use centralita_glosas::deadline::{self, Urgency as Clock};
    match deadline::urgency(days_left) {
        Clock::Ok => Urgency::Ok,
        Clock::Soon => Urgency::Soon,
        Clock::Urgent => Urgency::Urgent,
        Clock::Overdue => Urgency::Overdue,
    }
}
