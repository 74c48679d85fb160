//! What operators do with glosas: list them by days left, open one, answer its items, move it
//! through its states, export the answer, look codes up, and hand in a notice by upload.

use base64::Engine;
use centralita_protocol::{
    Decision, GlosaCode, GlosaCounts, GlosaDetail, GlosaExport, GlosaId, GlosaState, GlosaSummary,
    ItemResponse, JobId, PageRequest, UploadId,
};
use rust_decimal::Decimal;

use super::records::GlosaRecord;
use super::{GlosaIntake, Glosas};
use crate::actor::Actor;
use crate::audit;
use crate::error::{AreaError, said};
use crate::store::page_limit;
use crate::uploads::Uploads;
use centralita_protocol::said as key;

/// Longest justification kept, in characters.
const MAX_JUSTIFICATION: usize = 4_000;

impl Glosas {
    /// Glosas soonest due first; `state` keeps one state (all when `None`).
    pub async fn list(
        &self,
        actor: &Actor,
        state: Option<GlosaState>,
        page: PageRequest,
    ) -> Result<Vec<GlosaSummary>, AreaError> {
        let tenant = actor.tenant.clone();
        let limit = page_limit(page);
        let records = self
            .store()
            .read(move |txn| {
                txn.glosas_by_due(
                    &tenant,
                    page.before,
                    |record| state.is_none_or(|state| record.state == state),
                    limit,
                )
            })
            .await?;
        let today = super::today();
        Ok(records.iter().map(|record| record.summary(today)).collect())
    }

    pub async fn show(&self, actor: &Actor, id: GlosaId) -> Result<GlosaDetail, AreaError> {
        let tenant = actor.tenant.clone();
        let record = self.store().read(move |txn| txn.glosa(&tenant, id)).await?;
        Ok(record.detail(super::today(), self.catalog()))
    }

    /// Records (or with `None` clears) the response to item `index`; a received glosa moves
    /// to `in_review`.
    pub async fn answer(
        &self,
        actor: &Actor,
        id: GlosaId,
        index: u32,
        response: Option<ItemResponse>,
    ) -> Result<GlosaDetail, AreaError> {
        if let Some(response) = &response {
            self.check_response(response)?;
        }
        let detail = answer_said(index, response.as_ref());
        self.change(actor, id, detail, move |glosa| {
            if matches!(glosa.state, GlosaState::Answered | GlosaState::Closed) {
                return Err(said!(
                    key::GLOSA_ANSWERED,
                    "glosa {0} is {1}: move it back to in_review to change an answer",
                    id,
                    glosa.state.as_str()
                )
                .conflict());
            }
            let items = glosa.items.len();
            let item = glosa.items.get_mut(index as usize).ok_or_else(|| {
                said!(
                    key::GLOSA_ITEM_UNKNOWN,
                    "item {0} of glosa {1} not found (it has {2} items, from 0)",
                    index,
                    id,
                    items
                )
                .not_found()
            })?;
            if let (Some(response), Some(objected)) = (&response, item.objected)
                && let Decision::PartiallyAccepted { value } = &response.decision
            {
                let value: Decimal = value.parse().map_err(|_| {
                    said!(
                        key::GLOSA_NOT_AN_AMOUNT,
                        "{0} is not an amount (use 1234.56)",
                        format!("{value:?}")
                    )
                    .invalid()
                })?;
                if value <= Decimal::ZERO || value >= objected {
                    return Err(said!(
                        key::PARTIAL_ACCEPTANCE_RANGE,
                        "a partial acceptance is more than 0 and less than the objected {0}",
                        objected
                    )
                    .invalid());
                }
            }
            item.response.clone_from(&response);
            glosa.state = GlosaState::InReview;
            Ok(())
        })
        .await
    }

    /// Moves a glosa: received → in_review → answered (every item has a response) → closed;
    /// answered or closed → in_review to change an answer.
    pub async fn set_state(
        &self,
        actor: &Actor,
        id: GlosaId,
        state: GlosaState,
    ) -> Result<GlosaDetail, AreaError> {
        self.change(actor, id, state.as_str(), move |glosa| {
            check_move(glosa, state)?;
            glosa.state = state;
            Ok(())
        })
        .await
    }

    /// The answer as a file: `csv` or `xlsx`.
    pub async fn export_file(
        &self,
        actor: &Actor,
        id: GlosaId,
        format: &str,
    ) -> Result<GlosaExport, AreaError> {
        let tenant = actor.tenant.clone();
        let record = self.store().read(move |txn| txn.glosa(&tenant, id)).await?;
        let (file_name, bytes) = super::export::export(&record, format)?;
        Ok(GlosaExport {
            file_name,
            data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        })
    }

    /// Reads a notice uploaded by the operator (the upload is used up): a job.
    pub async fn add_upload(
        &self,
        actor: &Actor,
        uploads: &Uploads,
        upload: UploadId,
    ) -> Result<JobId, AreaError> {
        let finished = uploads.finish(actor, upload)?;
        self.hand_in(GlosaIntake {
            tenant: actor.tenant.clone(),
            name: finished.file_name,
            bytes: finished.bytes,
            origin: "upload".to_owned(),
            operator: actor.user().to_owned(),
            received_on: super::today(),
        })
        .await
    }

    /// Codes of both catalogs matching `search` (a code prefix or words of the description).
    pub fn catalog_search(&self, _actor: &Actor, search: &str) -> Vec<GlosaCode> {
        super::codes::search(self.catalog(), search)
    }

    /// What the dashboard counts.
    pub async fn counts(&self, actor: &Actor) -> Result<GlosaCounts, AreaError> {
        let tenant = actor.tenant.clone();
        let open = self
            .store()
            .read(move |txn| {
                txn.glosas_by_due(
                    &tenant,
                    None,
                    |record| matches!(record.state, GlosaState::Received | GlosaState::InReview),
                    usize::MAX,
                )
            })
            .await?;
        let today = super::today();
        let mut counts = GlosaCounts {
            open: open.len() as u64,
            ..GlosaCounts::default()
        };
        for record in &open {
            let left = super::days_left(record.due, today);
            if left < 0 {
                counts.overdue += 1;
            } else if left <= 5 {
                counts.due_this_week += 1;
            }
        }
        Ok(counts)
    }

    /// Makes `change` to glosa `id` (audited, with `detail`), stamps it and stores it; returns
    /// the glosa as it is after.
    async fn change(
        &self,
        actor: &Actor,
        id: GlosaId,
        detail: impl Into<audit::Detail>,
        mut change: impl FnMut(&mut GlosaRecord) -> Result<(), AreaError> + Send + 'static,
    ) -> Result<GlosaDetail, AreaError> {
        let tenant = actor.tenant.clone();
        let record = audit::audited(
            self.store(),
            actor.audit(format!("glosa {id}"), detail),
            move |txn| {
                let old = txn.glosa_mut(&tenant, id)?;
                let mut new = old.clone();
                change(&mut new)?;
                new.updated_at = txn.now();
                txn.put_glosa(&tenant, &old, &new)?;
                Ok(new)
            },
        )
        .await?;
        Ok(record.detail(super::today(), self.catalog()))
    }

    fn check_response(&self, response: &ItemResponse) -> Result<(), AreaError> {
        let code = response.code.trim();
        if !super::codes::is_response(self.catalog(), code) {
            return Err(said!(
                key::NOT_A_RESPONSE_CODE,
                "{0} is not a response code: use one of {1}",
                format!("{code:?}"),
                super::codes::responses(self.catalog()).join(", ")
            )
            .invalid());
        }
        if response.justification.trim().is_empty() {
            return Err(said!(
                key::JUSTIFICATION_EMPTY,
                "a response needs a justification (what the payer reads)"
            )
            .invalid());
        }
        if response.justification.chars().count() > MAX_JUSTIFICATION {
            return Err(said!(
                key::JUSTIFICATION_TOO_LONG,
                "the justification is longer than {0} characters",
                MAX_JUSTIFICATION
            )
            .invalid());
        }
        Ok(())
    }
}

/// Whether `record` may move to `to`, and if not, why.
fn check_move(record: &GlosaRecord, to: GlosaState) -> Result<(), AreaError> {
    use GlosaState::{Answered, Closed, InReview, Received};
    let from = record.state;
    let allowed = matches!(
        (from, to),
        (Received | Answered | Closed, InReview)
            | (InReview | Received, Answered)
            | (Answered, Closed)
    );
    if !allowed {
        return Err(said!(
            key::GLOSA_STATE,
            "glosa {0} is {1}; it cannot become {2} (received → in_review → answered → closed; back to in_review to change an answer)",
            record.id,
            from.as_str(),
            to.as_str()
        )
        .conflict());
    }
    if to == Answered {
        let missing: Vec<String> = record
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| item.response.is_none())
            .map(|(index, _)| index.to_string())
            .collect();
        if !missing.is_empty() {
            return Err(said!(
                key::GLOSA_ITEMS_UNANSWERED,
                "glosa {0}: items {1} have no response yet",
                record.id,
                missing.join(", ")
            )
            .conflict());
        }
    }
    Ok(())
}

/// The audit detail of an answer to item `index`: the response's code and decision, or that
/// it was cleared.
fn answer_said(index: u32, response: Option<&ItemResponse>) -> crate::error::Said {
    let Some(response) = response else {
        return said!(key::GLOSA_ITEM_CLEARED, "item {0}: response cleared", index);
    };
    let code = &response.code;
    match &response.decision {
        Decision::Accepted => said!(
            key::GLOSA_ITEM_ACCEPTED,
            "item {0}: {1} accepted",
            index,
            code
        ),
        Decision::PartiallyAccepted { value } => said!(
            key::GLOSA_ITEM_PARTIALLY_ACCEPTED,
            "item {0}: {1} partially accepted ({2})",
            index,
            code,
            value
        ),
        Decision::NotAccepted => said!(
            key::GLOSA_ITEM_NOT_ACCEPTED,
            "item {0}: {1} not accepted",
            index,
            code
        ),
        _ => said!(
            key::GLOSA_ITEM_ANSWERED,
            "item {0}: {1} answered",
            index,
            code
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glosas::records::ItemRecord;

    fn glosa(state: GlosaState, answered: bool) -> GlosaRecord {
        let item = ItemRecord {
            code_raw: "FA0101".into(),
            code: "FA0101".into(),
            system: "2284".into(),
            description: String::new(),
            service_code: String::new(),
            quantity: None,
            invoiced: None,
            objected: Some(Decimal::ONE_HUNDRED),
            invoice: None,
            response: answered.then(|| ItemResponse {
                decision: Decision::NotAccepted,
                code: "RE9901".into(),
                justification: "soportes".into(),
            }),
        };
        let today = jiff::civil::date(2026, 12, 7);
        GlosaRecord {
            id: GlosaId(1),
            state,
            kind: "glosa".into(),
            payer_name: String::new(),
            payer_nit: String::new(),
            provider_name: String::new(),
            provider_nit: String::new(),
            number: "G-1".into(),
            notice_date: None,
            filed_date: None,
            received_on: today,
            due: today,
            invoices: Vec::new(),
            linked_invoices: Vec::new(),
            total_invoiced: None,
            total_objected: None,
            items: vec![item],
            warnings: Vec::new(),
            warning_words: Vec::new(),
            origin: "upload".into(),
            source_text: String::new(),
            source_blob: None,
            source_name: String::new(),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            updated_at: jiff::Timestamp::UNIX_EPOCH,
            created_by: "ana".into(),
        }
    }

    #[test]
    fn a_glosa_moves_forward_and_back_to_review_but_never_skips_its_answers() {
        use GlosaState::{Answered, Closed, InReview, Received};
        assert!(check_move(&glosa(Received, false), InReview).is_ok());
        let unanswered = check_move(&glosa(InReview, false), Answered).expect_err("no responses");
        assert!(
            unanswered.to_string().contains("items 0 have no response"),
            "{unanswered}"
        );
        assert!(check_move(&glosa(InReview, true), Answered).is_ok());
        assert!(check_move(&glosa(Answered, true), Closed).is_ok());
        assert!(
            check_move(&glosa(Closed, true), InReview).is_ok(),
            "reopened"
        );
        let skipped = check_move(&glosa(Received, true), Closed).expect_err("not answered");
        assert!(
            skipped.to_string().contains("cannot become closed"),
            "{skipped}"
        );
    }

    #[test]
    fn a_record_from_before_warning_words_reads_and_the_words_reach_the_wire() {
        let mut record = glosa(GlosaState::Received, false);
        record.warnings = vec!["no items found".into()];
        let mut old = serde_json::to_value(&record).expect("a record");
        old.as_object_mut().expect("fields").remove("warning_words");
        let bytes = rmp_serde::to_vec_named(&old).expect("MessagePack with field names");
        let read: GlosaRecord = rmp_serde::from_slice(&bytes).expect("an old record reads");
        assert_eq!(read, record);
        assert!(read.warning_words.is_empty());

        record.warning_words = vec![centralita_protocol::said::Words {
            key: centralita_protocol::said::GLOSA_NO_ITEMS.name.into(),
            args: Vec::new(),
            inner: None,
        }];
        let bytes = rmp_serde::to_vec_named(&record).expect("encodes");
        let read: GlosaRecord = rmp_serde::from_slice(&bytes).expect("reads");
        assert_eq!(read, record);
        let detail = read.detail(
            jiff::civil::date(2026, 12, 7),
            centralita_glosas::catalog::Catalog::embedded(),
        );
        assert_eq!(detail.warnings, record.warnings);
        assert_eq!(detail.warning_words, record.warning_words);
    }
}
