//! Glosas as stored, with their tables: by id, by due date (the console's order) and by the
//! payer's notice (a notice read twice is one glosa).

use centralita_protocol::said::Words;
use centralita_protocol::{ChangeOp, GlosaId, GlosaState, InvoiceId, ItemResponse, TenantId};
use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::AreaError;
use crate::lookup::find;
use crate::store::{Declared, Index, ReadTxn, Records, Values, WriteTxn};

/// (tenant, glosa id) → [`GlosaRecord`].
const GLOSAS: Records<(&str, u64), GlosaRecord> = Records::new("glosas");
/// (tenant, due date as days since 1970, glosa id): soonest first.
const BY_DUE: Index<(&str, u64, u64)> = Index::new("glosas_by_due");
/// (tenant, `PAYER-NIT/NUMBER`) → glosa id.
const BY_NOTICE: Values<(&str, &str), u64> = Values::new("glosas_by_notice");

/// The glosas' tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[&GLOSAS, &BY_DUE, &BY_NOTICE];

/// A glosa as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlosaRecord {
    pub id: GlosaId,
    pub state: GlosaState,
    /// `glosa` or `devolucion`.
    pub kind: String,
    pub payer_name: String,
    pub payer_nit: String,
    pub provider_name: String,
    pub provider_nit: String,
    pub number: String,
    #[serde(default)]
    pub notice_date: Option<Date>,
    #[serde(default)]
    pub filed_date: Option<Date>,
    pub received_on: Date,
    pub due: Date,
    pub invoices: Vec<String>,
    #[serde(default)]
    pub linked_invoices: Vec<InvoiceId>,
    #[serde(default)]
    pub total_invoiced: Option<Decimal>,
    #[serde(default)]
    pub total_objected: Option<Decimal>,
    pub items: Vec<ItemRecord>,
    #[serde(default)]
    pub warnings: Vec<String>,
    /// The catalog's words of each warning, in the same order as `warnings`; empty in records
    /// from before warnings had words.
    #[serde(default)]
    pub warning_words: Vec<Words>,
    pub origin: String,
    /// The notice's text as read.
    pub source_text: String,
    /// The original document's blob, when it was a file.
    #[serde(default)]
    pub source_blob: Option<String>,
    #[serde(default)]
    pub source_name: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub created_by: String,
}

/// One objected item as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRecord {
    /// As the notice wrote it.
    pub code_raw: String,
    /// Normalised (`FA0101`, `101`); empty when unknown.
    pub code: String,
    /// `2284`, `3047` or `unknown`.
    pub system: String,
    pub description: String,
    #[serde(default)]
    pub service_code: String,
    #[serde(default)]
    pub quantity: Option<Decimal>,
    #[serde(default)]
    pub invoiced: Option<Decimal>,
    #[serde(default)]
    pub objected: Option<Decimal>,
    #[serde(default)]
    pub invoice: Option<String>,
    #[serde(default)]
    pub response: Option<ItemResponse>,
}

impl GlosaRecord {
    fn notice_key(&self) -> String {
        format!(
            "{}/{}",
            crate::glosas::key_part(&self.payer_nit),
            crate::glosas::key_part(&self.number)
        )
    }
}

/// Days since 1970-01-01: the due index's sort key.
fn day_key(date: Date) -> u64 {
    let epoch = Date::constant(1970, 1, 1);
    u64::try_from((date - epoch).get_days()).unwrap_or(0)
}

impl WriteTxn<'_> {
    /// Stores a new glosa, unless the payer's notice is stored already: then `Err` with that
    /// glosa's id.
    pub(super) fn insert_glosa(
        &mut self,
        tenant: &TenantId,
        record: &GlosaRecord,
    ) -> Result<Result<GlosaRecord, GlosaId>, AreaError> {
        let key = record.notice_key();
        if let Some(existing) = self
            .open(&BY_NOTICE)?
            .get((tenant.as_str(), key.as_str()))?
        {
            return Ok(Err(GlosaId(existing)));
        }
        let record = GlosaRecord {
            id: GlosaId(self.next_id("glosa")?),
            ..record.clone()
        };
        self.open(&BY_NOTICE)?
            .insert((tenant.as_str(), key.as_str()), record.id.0)?;
        self.write_glosa(tenant, None, &record)?;
        self.record_change(tenant, "glosa", &record.id.to_string(), ChangeOp::Created)?;
        Ok(Ok(record))
    }

    pub(super) fn glosa_mut(
        &mut self,
        tenant: &TenantId,
        id: GlosaId,
    ) -> Result<GlosaRecord, AreaError> {
        find(self, &GLOSAS, tenant, id)
    }

    pub(super) fn put_glosa(
        &mut self,
        tenant: &TenantId,
        old: &GlosaRecord,
        new: &GlosaRecord,
    ) -> Result<(), AreaError> {
        self.write_glosa(tenant, Some(old), new)?;
        self.record_change(tenant, "glosa", &new.id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    fn write_glosa(
        &mut self,
        tenant: &TenantId,
        old: Option<&GlosaRecord>,
        new: &GlosaRecord,
    ) -> Result<(), AreaError> {
        let t = tenant.as_str();
        if let Some(old) = old {
            self.open(&BY_DUE)?
                .remove((t, day_key(old.due), old.id.0))?;
        }
        self.open(&BY_DUE)?
            .insert((t, day_key(new.due), new.id.0))?;
        self.open(&GLOSAS)?.insert((t, new.id.0), new)?;
        Ok(())
    }
}

impl ReadTxn {
    pub fn glosa(&self, tenant: &TenantId, id: GlosaId) -> Result<GlosaRecord, AreaError> {
        find(self, &GLOSAS, tenant, id)
    }

    /// Every glosa of the tenant, soonest due first, after glosa `after` (by its due date).
    pub fn glosas_by_due(
        &self,
        tenant: &TenantId,
        after: Option<u64>,
        keep: impl Fn(&GlosaRecord) -> bool,
        limit: usize,
    ) -> Result<Vec<GlosaRecord>, AreaError> {
        let t = tenant.as_str();
        let start = match after {
            Some(id) => (
                day_key(self.glosa(tenant, GlosaId(id))?.due),
                id.saturating_add(1),
            ),
            None => (0, 0),
        };
        let mut found = Vec::new();
        for entry in self
            .open(&BY_DUE)?
            .range((t, start.0, start.1)..=(t, u64::MAX, u64::MAX))?
        {
            let id = GlosaId(entry?.value().2);
            let record = self.glosa(tenant, id)?;
            if keep(&record) {
                found.push(record);
                if found.len() == limit {
                    break;
                }
            }
        }
        Ok(found)
    }
}
