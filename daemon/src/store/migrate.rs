//! Schema version and forward migrations, run at start-up in one transaction.

use redb::ReadableTable;

use super::StoreError;
use super::tables;

/// The schema this build writes. Bump it with a new step in [`run`].
pub const SCHEMA_VERSION: u64 = 1;

/// Creates every table and brings an older file up to [`SCHEMA_VERSION`]; refuses a newer one.
pub fn run(db: &redb::Database) -> Result<(), StoreError> {
    let mut txn = db.begin_write()?;
    txn.set_quick_repair(true);
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
            // Version 0 (new file) → 1: create every table. Later steps go here, in order.
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
    txn.open_table(tables::EVENTS)?;
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
