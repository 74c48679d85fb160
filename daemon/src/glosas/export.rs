//! The clinic's answer to a glosa as a file for the payer (CSV or XLSX), from the stored
//! record and its responses.

use centralita_glosas::export::{self, Answer, Decision, ItemAnswer};
use centralita_glosas::notice::{Item, Notice, NoticeKind};
use centralita_protocol::Decision as Said;
use rust_decimal::Decimal;

use super::records::GlosaRecord;
use crate::error::{AreaError, said};
use centralita_protocol::said as key;

/// The answer to `record` as `format` (`csv` or `xlsx`): its file name and bytes.
pub(super) fn export(record: &GlosaRecord, format: &str) -> Result<(String, Vec<u8>), AreaError> {
    let (notice, answer) = notice_and_answer(record)?;
    let name = format!(
        "respuesta-glosa-{}-{}",
        record.id,
        super::key_part(&record.number)
    );
    match format {
        "csv" => Ok((format!("{name}.csv"), export::export_csv(&notice, &answer))),
        "xlsx" => export::export_xlsx(&notice, &answer)
            .map(|bytes| (format!("{name}.xlsx"), bytes))
            .map_err(|error| AreaError::invalid(error.to_string())),
        other => Err(said!(
            key::NOT_AN_EXPORT_FORMAT,
            "{0} is not an export format: use csv or xlsx",
            format!("{other:?}")
        )
        .invalid()),
    }
}

fn notice_and_answer(record: &GlosaRecord) -> Result<(Notice, Answer), AreaError> {
    let some = |text: &str| (!text.is_empty()).then(|| text.to_owned());
    let notice = Notice {
        kind: if record.kind == "devolucion" {
            NoticeKind::Devolucion
        } else {
            NoticeKind::Glosa
        },
        payer_name: some(&record.payer_name),
        payer_nit: some(&record.payer_nit),
        provider_name: some(&record.provider_name),
        provider_nit: some(&record.provider_nit),
        number: some(&record.number),
        notice_date: record.notice_date,
        filed_date: record.filed_date,
        invoices: record.invoices.clone(),
        total_invoiced: record.total_invoiced,
        total_objected: record.total_objected,
        items: record
            .items
            .iter()
            .map(|item| Item {
                code_raw: if item.code.is_empty() {
                    item.code_raw.clone()
                } else {
                    item.code.clone()
                },
                description: item.description.clone(),
                service_code: some(&item.service_code),
                quantity: item.quantity,
                invoiced: item.invoiced,
                objected: item.objected,
                invoice: item.invoice.clone(),
            })
            .collect(),
        warnings: Vec::new(),
        warning_words: Vec::new(),
    };
    let mut items = Vec::new();
    for (index, item) in record.items.iter().enumerate() {
        let Some(response) = &item.response else {
            continue;
        };
        let decision = match &response.decision {
            Said::Accepted => Decision::Accepted,
            Said::NotAccepted => Decision::NotAccepted,
            Said::PartiallyAccepted { value } => {
                Decision::PartiallyAccepted(value.parse::<Decimal>().map_err(|_| {
                    AreaError::invalid(format!("item {index}: {value:?} is not an amount"))
                })?)
            }
            _ => continue,
        };
        items.push(ItemAnswer {
            index,
            decision,
            response_code: response.code.clone(),
            justification: response.justification.clone(),
        });
    }
    Ok((notice, Answer { items }))
}
