//! The schema: every declared table, the version this build writes, and the forward
//! migrations that bring an older file up to it, all run at start-up in one transaction.

use std::collections::BTreeSet;

use super::table::Declared;
use super::{StoreError, Values, WriteTxn, changes, writer};

/// Schema version and other single values (`"schema_version"`).
const META: Values<&str, u64> = Values::new("meta");

/// What the daemon opens the store with: assembled from each area's tables in `lib.rs`.
pub struct Schema {
    /// The version this build writes.
    pub version: u64,
    /// Every table of every area. Opening creates the missing ones, so readers never meet a
    /// missing table; new tables need no version step.
    pub tables: Vec<&'static dyn Declared>,
    /// Forward steps, each from one version to the next.
    pub migrations: Vec<Migration>,
}

/// One forward step: brings a file at version `from` to `from + 1`.
pub struct Migration {
    pub from: u64,
    /// What the step does, for the log.
    pub what: &'static str,
    pub run: fn(&mut WriteTxn<'_>) -> Result<(), StoreError>,
}

/// Every table of the file: the engine's own, then the schema's (what a backup copies).
pub(super) fn all_tables(schema: &Schema) -> Vec<&'static dyn Declared> {
    let engine: [&'static dyn Declared; 3] = [&META, &writer::SEQUENCES, &changes::CHANGES];
    engine
        .into_iter()
        .chain(schema.tables.iter().copied())
        .collect()
}

/// The schema version of the file as `txn` sees it (0 for a file without one).
pub(super) fn schema_version(txn: &redb::ReadTransaction) -> Result<u64, StoreError> {
    let table = txn.open_table(redb::TableDefinition::<&str, u64>::new(META.name()))?;
    Ok(table
        .get("schema_version")?
        .map_or(0, |version| version.value()))
}

/// Creates every table and brings an older file up to `schema.version`; refuses a newer file
/// and a schema that declares one table name twice.
pub(super) fn run(db: &redb::Database, schema: &Schema) -> Result<(), StoreError> {
    let mut names = BTreeSet::new();
    let tables = all_tables(schema);
    for table in &tables {
        if !names.insert(table.name()) {
            return Err(StoreError::Schema(format!(
                "two tables are named {:?}",
                table.name()
            )));
        }
    }
    let mut txn = db.begin_write()?;
    // Like every commit (see `writer.rs`): a crash right after it still starts fast.
    txn.set_quick_repair(true);
    let mut write = WriteTxn::new(&txn);
    let found = write.open(&META)?.get("schema_version")?;
    match found {
        Some(version) if version > schema.version => {
            return Err(StoreError::Schema(format!(
                "the database was written by a newer centralitad (schema {version}, this build knows {}); upgrade centralitad",
                schema.version
            )));
        }
        Some(version) => {
            for from in version..schema.version {
                let step = schema
                    .migrations
                    .iter()
                    .find(|step| step.from == from)
                    .ok_or_else(|| {
                        StoreError::Schema(format!("no migration from schema {from}"))
                    })?;
                tracing::info!(from, what = step.what, "migrating the database");
                (step.run)(&mut write)?;
            }
        }
        // A new file: every table is created below.
        None => {}
    }
    write
        .open(&META)?
        .insert("schema_version", schema.version)?;
    write.flush()?;
    drop(write);
    for table in &tables {
        table.create(&txn)?;
    }
    txn.commit()?;
    Ok(())
}
