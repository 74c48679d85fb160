//! Schema version and forward migrations, run at start-up in one transaction.

use redb::ReadableTable;

use super::StoreError;
use super::tables;

/// The schema this build writes. Bump it with a new step in [`run`].
pub const SCHEMA_VERSION: u64 = 2;

/// Creates every table and brings an older file up to [`SCHEMA_VERSION`]; refuses a newer one.
pub fn run(db: &redb::Database) -> Result<(), StoreError> {
    let txn = db.begin_write()?;
    {
        let mut meta = txn.open_table(tables::META)?;
        let found = meta.get("schema_version")?.map(|value| value.value());
        match found {
            Some(version) if version > SCHEMA_VERSION => {
                return Err(StoreError::Invalid(format!(
                    "the database was written by a newer centralitad (schema {version}, this build knows {SCHEMA_VERSION}); upgrade centralitad"
                )));
            }
            Some(version) if version == SCHEMA_VERSION => {}
            // 1 → 2: raw events move to an arrival-ordered log and a small id index.
            Some(1) => {
                drop(meta);
                move_events_to_the_log(&txn)?;
                txn.open_table(tables::META)?
                    .insert("schema_version", SCHEMA_VERSION)?;
            }
            // A new file: every table is created below.
            _ => {
                meta.insert("schema_version", SCHEMA_VERSION)?;
            }
        }
    }
    // Opening creates missing tables, so readers never meet a missing one.
    txn.open_table(tables::SEQUENCES)?;
    txn.open_table(tables::TENANTS)?;
    txn.open_table(tables::OPERATORS)?;
    txn.open_table(tables::AUDIT)?;
    txn.open_table(tables::CHANGES)?;
    txn.open_table(tables::JOBS)?;
    txn.open_table(tables::JOBS_DUE)?;
    txn.open_table(tables::JOBS_LEASED)?;
    txn.open_table(tables::JOBS_FINISHED)?;
    txn.open_table(tables::JOBS_BY_TENANT)?;
    txn.open_table(tables::JOBS_BY_STATE)?;
    txn.open_table(tables::JOBS_UNIQUE)?;
    txn.open_table(tables::JOB_COUNTS)?;
    txn.open_table(tables::QUEUES)?;
    txn.open_table(tables::EVENT_KEYS)?;
    txn.open_table(tables::EVENT_LOG)?;
    // Added after version 1 shipped; new tables need no version step.
    txn.open_table(tables::INVOICES)?;
    txn.open_table(tables::INVOICE_TEXT)?;
    txn.open_table(tables::INVOICES_BY_STATE)?;
    txn.open_table(tables::INVOICES_BY_HASH)?;
    txn.open_table(tables::INVOICES_BY_NUMBER)?;
    txn.open_table(tables::INVOICE_COUNTS)?;
    txn.open_table(tables::CONTACTS)?;
    txn.open_table(tables::CONTACT_IDENTITIES)?;
    txn.open_table(tables::CONVERSATIONS)?;
    txn.open_table(tables::CONVERSATION_KEYS)?;
    txn.open_table(tables::CONVERSATIONS_BY_ACTIVITY)?;
    txn.open_table(tables::MESSAGES)?;
    txn.open_table(tables::MESSAGES_BY_EXTERNAL)?;
    txn.open_table(tables::REPLY_TEMPLATES)?;
    txn.open_table(tables::LEADS)?;
    txn.open_table(tables::REMINDERS)?;
    txn.open_table(tables::FUNNELS)?;
    txn.open_table(tables::WHATSAPP_TEMPLATES)?;
    txn.commit()?;
    Ok(())
}

/// Schema 1 → 2: every row of `events` goes to `event_log` (in key order, numbered from the
/// `event` sequence) and `event_keys`; then `events` is deleted.
fn move_events_to_the_log(txn: &redb::WriteTransaction) -> Result<(), StoreError> {
    use super::codec::{decode, encode};
    use super::events::EventRecord;
    let mut sequences = txn.open_table(tables::SEQUENCES)?;
    let mut next = sequences.get("event")?.map_or(0, |value| value.value());
    {
        let old = txn.open_table(tables::EVENTS)?;
        let mut keys = txn.open_table(tables::EVENT_KEYS)?;
        let mut log = txn.open_table(tables::EVENT_LOG)?;
        for entry in old.iter()? {
            let (key, value) = entry?;
            let (provider, tenant, event_id) = key.value();
            let mut record: EventRecord = decode(value.value())?;
            provider.clone_into(&mut record.provider);
            event_id.clone_into(&mut record.event_id);
            next += 1;
            keys.insert((provider, tenant, event_id), next)?;
            log.insert((tenant, next), encode(&record)?.as_slice())?;
        }
    }
    sequences.insert("event", next)?;
    txn.delete_table(tables::EVENTS)?;
    Ok(())
}
