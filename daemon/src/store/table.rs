//! Typed tables: how areas declare their tables and reach them through a transaction.
//!
//! An area declares each table once, as a const next to the code that keeps it:
//! - [`Records`]: key → a record, encoded by `codec.rs` (MessagePack with field names, so a
//!   record may gain fields with serde defaults);
//! - [`Index`]: key → nothing, the key is the information (secondary indexes);
//! - [`Values`]: key → a small fixed value (`u64`, `(u64, u64)`);
//! - [`Bytes`]: key → raw bytes (text kept apart from its record).
//!
//! `txn.open(&TABLE)` gives a handle with `get`, `insert`, `remove` and `range`. The table's
//! name is on disk: never rename one; add a table and migrate instead. Only this file turns a
//! declaration into redb's types, through the shapes listed in [`shapes!`].
//!
//! A write transaction keeps each table it opened open until its batch commits: opening one
//! costs a lookup in redb's table tree and a write-back when it closes, for every operation of
//! a group commit otherwise.

use std::borrow::Borrow;
use std::marker::PhantomData;
use std::ops::RangeBounds;

use redb::ReadableTable;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;
use super::codec::{decode, encode};

/// A declared table, as the schema lists it: its name, and how to create it at start-up.
pub trait Declared: Sync {
    fn name(&self) -> &'static str;
    #[doc(hidden)]
    fn create(&self, txn: &redb::WriteTransaction) -> Result<(), StoreError>;
    #[doc(hidden)]
    fn delete(&self, txn: &redb::WriteTransaction) -> Result<(), StoreError>;
    /// Copies every row of this table as `from` sees it into the same table of `to`, row by
    /// row (a backup, see `backup.rs`); returns how many rows.
    #[doc(hidden)]
    fn copy(
        &self,
        from: &redb::ReadTransaction,
        to: &redb::WriteTransaction,
    ) -> Result<u64, StoreError>;
}

/// A table of records: `key → R`.
pub struct Records<K, R> {
    name: &'static str,
    types: PhantomData<fn() -> (K, R)>,
}

/// A secondary index: the key alone.
pub struct Index<K> {
    name: &'static str,
    types: PhantomData<fn() -> K>,
}

/// A table of small fixed values (`u64`, `(u64, u64)`).
pub struct Values<K, V> {
    name: &'static str,
    types: PhantomData<fn() -> (K, V)>,
}

/// A table of raw bytes.
pub struct Bytes<K> {
    name: &'static str,
    types: PhantomData<fn() -> K>,
}

macro_rules! declaration {
    ($table:ident<$($param:ident),*>, $value:ty $(, $extra:ident: $bound:path)?) => {
        impl<$($param),*> $table<$($param),*> {
            pub const fn new(name: &'static str) -> Self {
                Self { name, types: PhantomData }
            }
        }

        impl<$($param),*> Declared for $table<$($param),*>
        where
            (K, $value): Shape<Key = K, Value = $value>,
            K: redb::Key + 'static,
            $($extra: $bound + 'static,)?
            $($param: 'static,)*
        {
            fn name(&self) -> &'static str {
                self.name
            }
            fn create(&self, txn: &redb::WriteTransaction) -> Result<(), StoreError> {
                txn.open_table(redb::TableDefinition::<K, $value>::new(self.name))?;
                Ok(())
            }
            fn delete(&self, txn: &redb::WriteTransaction) -> Result<(), StoreError> {
                txn.delete_table(redb::TableDefinition::<K, $value>::new(self.name))?;
                Ok(())
            }
            fn copy(
                &self,
                from: &redb::ReadTransaction,
                to: &redb::WriteTransaction,
            ) -> Result<u64, StoreError> {
                let definition = redb::TableDefinition::<K, $value>::new(self.name);
                let source = from.open_table(definition)?;
                let mut target = to.open_table(definition)?;
                let mut rows = 0;
                for row in source.iter()? {
                    let (key, value) = row?;
                    target.insert(key.value(), value.value())?;
                    rows += 1;
                }
                Ok(rows)
            }
        }
    };
}

declaration!(Records<K, R>, &'static [u8]);
declaration!(Index<K>, ());
declaration!(Values<K, V>, V, V: redb::Value);
declaration!(Bytes<K>, &'static [u8]);

/// What a declaration opens into, in a write and in a read transaction.
pub trait Open {
    type Mut<'t, 'a: 't>;
    type Ref;
    #[doc(hidden)]
    fn open_mut<'t, 'a>(
        &self,
        tables: &'t mut OpenTables<'a>,
        txn: &'a redb::WriteTransaction,
    ) -> Result<Self::Mut<'t, 'a>, StoreError>;
    #[doc(hidden)]
    fn open_ref(&self, txn: &redb::ReadTransaction) -> Result<Self::Ref, StoreError>;
}

macro_rules! open {
    ($table:ident<$($param:ident),*>, $value:ty, $handle:ident $(, $extra:ident: $bound:path)?) => {
        impl<$($param),*> Open for $table<$($param),*>
        where
            (K, $value): Shape<Key = K, Value = $value>,
            K: redb::Key + 'static,
            $($extra: $bound + 'static,)?
        {
            type Mut<'t, 'a: 't> = $handle<&'t mut redb::Table<'a, K, $value>, $($param),*>;
            type Ref = $handle<redb::ReadOnlyTable<K, $value>, $($param),*>;

            fn open_mut<'t, 'a>(
                &self,
                tables: &'t mut OpenTables<'a>,
                txn: &'a redb::WriteTransaction,
            ) -> Result<Self::Mut<'t, 'a>, StoreError> {
                Ok($handle {
                    table: tables.get::<(K, $value)>(txn, self.name)?,
                    types: PhantomData,
                })
            }

            fn open_ref(&self, txn: &redb::ReadTransaction) -> Result<Self::Ref, StoreError> {
                Ok($handle {
                    table: txn.open_table(redb::TableDefinition::<K, $value>::new(self.name))?,
                    types: PhantomData,
                })
            }
        }
    };
}

open!(Records<K, R>, &'static [u8], RecordTable);
open!(Index<K>, (), IndexTable);
open!(Values<K, V>, V, ValueTable, V: redb::Value);
open!(Bytes<K>, &'static [u8], BytesTable);

/// An open table of records (`T` is redb's table, borrowed in a write, owned in a read).
pub struct RecordTable<T, K, R> {
    pub(super) table: T,
    pub(super) types: PhantomData<fn() -> (K, R)>,
}

/// An open index.
pub struct IndexTable<T, K> {
    pub(super) table: T,
    pub(super) types: PhantomData<fn() -> K>,
}

/// An open table of small values.
pub struct ValueTable<T, K, V> {
    pub(super) table: T,
    pub(super) types: PhantomData<fn() -> (K, V)>,
}

/// An open table of raw bytes.
pub struct BytesTable<T, K> {
    table: T,
    types: PhantomData<fn() -> K>,
}

/// A key read back from a table; `value()` borrows from it.
pub struct StoredKey<'g, K: redb::Key + 'static>(redb::AccessGuard<'g, K>);

impl<K: redb::Key + 'static> StoredKey<'_, K> {
    pub fn value(&self) -> K::SelfType<'_> {
        self.0.value()
    }
}

/// redb's table behind a handle: borrowed from the write transaction's cache, or owned.
pub trait Source<K: redb::Key + 'static, V: redb::Value + 'static> {
    type Table: ReadableTable<K, V>;
    fn readable(&self) -> &Self::Table;
}

impl<'a, K: redb::Key + 'static, V: redb::Value + 'static> Source<K, V>
    for &mut redb::Table<'a, K, V>
{
    type Table = redb::Table<'a, K, V>;
    fn readable(&self) -> &Self::Table {
        self
    }
}

impl<K: redb::Key + 'static, V: redb::Value + 'static> Source<K, V> for redb::ReadOnlyTable<K, V> {
    type Table = Self;
    fn readable(&self) -> &Self::Table {
        self
    }
}

type Bytes_ = &'static [u8];

impl<T, K, R> RecordTable<T, K, R>
where
    T: Source<K, Bytes_>,
    K: redb::Key + 'static,
    R: DeserializeOwned,
{
    pub fn get<'k>(&self, key: impl Borrow<K::SelfType<'k>>) -> Result<Option<R>, StoreError> {
        match self.table.readable().get(key)? {
            Some(bytes) => Ok(Some(decode(bytes.value())?)),
            None => Ok(None),
        }
    }

    pub fn contains<'k>(&self, key: impl Borrow<K::SelfType<'k>>) -> Result<bool, StoreError> {
        Ok(self.table.readable().get(key)?.is_some())
    }

    /// Records in key order (`.rev()` for newest first), decoded as they are reached.
    pub fn range<'k, KR>(
        &self,
        range: impl RangeBounds<KR> + 'k,
    ) -> Result<
        impl DoubleEndedIterator<Item = Result<(StoredKey<'_, K>, R), StoreError>>,
        StoreError,
    >
    where
        KR: Borrow<K::SelfType<'k>> + 'k,
    {
        Ok(self.table.readable().range(range)?.map(|entry| {
            let (key, value) = entry?;
            Ok((StoredKey(key), decode(value.value())?))
        }))
    }

    /// Every record in key order.
    pub fn all(
        &self,
    ) -> Result<
        impl DoubleEndedIterator<Item = Result<(StoredKey<'_, K>, R), StoreError>>,
        StoreError,
    > {
        self.range::<K::SelfType<'_>>(..)
    }
}

impl<K, R> RecordTable<&mut redb::Table<'_, K, Bytes_>, K, R>
where
    K: redb::Key + 'static,
    R: Serialize,
{
    /// Writes `record` under `key`; returns whether a record was there before.
    pub fn insert<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
        record: &R,
    ) -> Result<bool, StoreError> {
        Ok(self
            .table
            .insert(key, encode(record)?.as_slice())?
            .is_some())
    }

    /// Deletes the record under `key`; returns whether there was one.
    pub fn remove<'k>(&mut self, key: impl Borrow<K::SelfType<'k>>) -> Result<bool, StoreError> {
        Ok(self.table.remove(key)?.is_some())
    }
}

impl<T, K> IndexTable<T, K>
where
    T: Source<K, ()>,
    K: redb::Key + 'static,
{
    pub fn contains<'k>(&self, key: impl Borrow<K::SelfType<'k>>) -> Result<bool, StoreError> {
        Ok(self.table.readable().get(key)?.is_some())
    }

    /// Keys in order.
    pub fn range<'k, KR>(
        &self,
        range: impl RangeBounds<KR> + 'k,
    ) -> Result<impl DoubleEndedIterator<Item = Result<StoredKey<'_, K>, StoreError>>, StoreError>
    where
        KR: Borrow<K::SelfType<'k>> + 'k,
    {
        Ok(self
            .table
            .readable()
            .range(range)?
            .map(|entry| Ok(StoredKey(entry?.0))))
    }

    /// Every key in order.
    pub fn all(
        &self,
    ) -> Result<impl DoubleEndedIterator<Item = Result<StoredKey<'_, K>, StoreError>>, StoreError>
    {
        self.range::<K::SelfType<'_>>(..)
    }
}

impl<K: redb::Key + 'static> IndexTable<&mut redb::Table<'_, K, ()>, K> {
    /// Adds `key`; returns whether it was there before.
    pub fn insert<'k>(&mut self, key: impl Borrow<K::SelfType<'k>>) -> Result<bool, StoreError> {
        Ok(self.table.insert(key, ())?.is_some())
    }

    /// Removes `key`; returns whether it was there.
    pub fn remove<'k>(&mut self, key: impl Borrow<K::SelfType<'k>>) -> Result<bool, StoreError> {
        Ok(self.table.remove(key)?.is_some())
    }

    /// Adds `key` when `present`, removes it otherwise; returns whether it was there before.
    pub fn set<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
        present: bool,
    ) -> Result<bool, StoreError> {
        if present {
            self.insert(key)
        } else {
            self.remove(key)
        }
    }
}

impl<T, K, V> ValueTable<T, K, V>
where
    T: Source<K, V>,
    K: redb::Key + 'static,
    V: for<'x> redb::Value<SelfType<'x> = V> + 'static,
{
    pub fn get<'k>(&self, key: impl Borrow<K::SelfType<'k>>) -> Result<Option<V>, StoreError> {
        Ok(self.table.readable().get(key)?.map(|value| value.value()))
    }

    /// Entries in key order.
    pub fn range<'k, KR>(
        &self,
        range: impl RangeBounds<KR> + 'k,
    ) -> Result<
        impl DoubleEndedIterator<Item = Result<(StoredKey<'_, K>, V), StoreError>>,
        StoreError,
    >
    where
        KR: Borrow<K::SelfType<'k>> + 'k,
    {
        Ok(self.table.readable().range(range)?.map(|entry| {
            let (key, value) = entry?;
            Ok((StoredKey(key), value.value()))
        }))
    }

    /// Every entry in key order.
    pub fn all(
        &self,
    ) -> Result<
        impl DoubleEndedIterator<Item = Result<(StoredKey<'_, K>, V), StoreError>>,
        StoreError,
    > {
        self.range::<K::SelfType<'_>>(..)
    }
}

impl<K, V> ValueTable<&mut redb::Table<'_, K, V>, K, V>
where
    K: redb::Key + 'static,
    V: for<'x> redb::Value<SelfType<'x> = V> + 'static,
{
    /// Writes `value` under `key`; returns the value it replaced.
    pub fn insert<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
        value: V,
    ) -> Result<Option<V>, StoreError> {
        Ok(self.table.insert(key, value)?.map(|old| old.value()))
    }

    /// Deletes the value under `key`; returns it.
    pub fn remove<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
    ) -> Result<Option<V>, StoreError> {
        Ok(self.table.remove(key)?.map(|old| old.value()))
    }
}

impl<T, K> BytesTable<T, K>
where
    T: Source<K, Bytes_>,
    K: redb::Key + 'static,
{
    pub fn get<'k>(
        &self,
        key: impl Borrow<K::SelfType<'k>>,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .table
            .readable()
            .get(key)?
            .map(|bytes| bytes.value().to_vec()))
    }
}

impl<K: redb::Key + 'static> BytesTable<&mut redb::Table<'_, K, Bytes_>, K> {
    pub fn insert<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        self.table.insert(key, bytes)?;
        Ok(())
    }

    pub fn remove<'k>(&mut self, key: impl Borrow<K::SelfType<'k>>) -> Result<bool, StoreError> {
        Ok(self.table.remove(key)?.is_some())
    }
}

/// The tables a write transaction opened, kept open for its whole batch.
#[derive(Default)]
pub struct OpenTables<'a> {
    open: Vec<(&'static str, OpenTable<'a>)>,
}

impl<'a> OpenTables<'a> {
    pub(super) fn get<S: Shape>(
        &mut self,
        txn: &'a redb::WriteTransaction,
        name: &'static str,
    ) -> Result<&mut redb::Table<'a, S::Key, S::Value>, StoreError> {
        let index = if let Some(index) = self.open.iter().position(|(open, _)| *open == name) {
            index
        } else {
            let table = txn.open_table(redb::TableDefinition::<S::Key, S::Value>::new(name))?;
            self.open.push((name, S::wrap(table)));
            self.open.len() - 1
        };
        S::unwrap(&mut self.open[index].1).ok_or(StoreError::TableShape { name })
    }

    /// Closes `name` if it is open (before the table is deleted).
    pub(super) fn close(&mut self, name: &str) {
        self.open.retain(|(open, _)| *open != name);
    }
}

/// A pair of key and value types some table has. Each pair is listed once in [`shapes!`].
pub trait Shape: 'static {
    type Key: redb::Key + 'static;
    type Value: redb::Value + 'static;
    #[doc(hidden)]
    #[allow(clippy::elidable_lifetime_names)] // elided, it is ambiguous with a `&'static str` key
    fn wrap<'a>(table: redb::Table<'a, Self::Key, Self::Value>) -> OpenTable<'a>;
    #[doc(hidden)]
    fn unwrap<'t, 'a>(
        open: &'t mut OpenTable<'a>,
    ) -> Option<&'t mut redb::Table<'a, Self::Key, Self::Value>>;
}

/// Lists every (key, value) pair a table uses: the open-table cache holds one variant each.
/// A table of a new pair adds one line here (the store learns a shape, not an area).
macro_rules! shapes {
    ($($variant:ident: $key:ty => $value:ty,)*) => {
        /// An open table of any listed shape.
        pub enum OpenTable<'a> {
            $($variant(redb::Table<'a, $key, $value>),)*
        }

        $(
            impl Shape for ($key, $value) {
                type Key = $key;
                type Value = $value;
                #[allow(clippy::elidable_lifetime_names)] // see the trait
                fn wrap<'a>(table: redb::Table<'a, $key, $value>) -> OpenTable<'a> {
                    OpenTable::$variant(table)
                }
                fn unwrap<'t, 'a>(
                    open: &'t mut OpenTable<'a>,
                ) -> Option<&'t mut redb::Table<'a, $key, $value>> {
                    match open {
                        OpenTable::$variant(table) => Some(table),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
        )*
    };
}

shapes! {
    StrU64: &'static str => u64,
    StrRecord: &'static str => &'static [u8],
    U64Record: u64 => &'static [u8],
    StrStrU64: (&'static str, &'static str) => u64,
    StrStrRecord: (&'static str, &'static str) => &'static [u8],
    StrU64Record: (&'static str, u64) => &'static [u8],
    StrU64Index: (&'static str, u64) => (),
    StrU8Value: (&'static str, u8) => u64,
    U64U64Index: (u64, u64) => (),
    StrU8U64Index: (&'static str, u8, u64) => (),
    StrU64U64Index: (&'static str, u64, u64) => (),
    StrU64U64U64Index: (&'static str, u64, u64, u64) => (),
    U64StrStrIndex: (u64, &'static str, &'static str) => (),
    StrU64U64Record: (&'static str, u64, u64) => &'static [u8],
    StrStrU8Value: (&'static str, &'static str, u8) => u64,
    StrStrStrValue: (&'static str, &'static str, &'static str) => u64,
    StrStrStrPair: (&'static str, &'static str, &'static str) => (u64, u64),
    StrStrStrRecord: (&'static str, &'static str, &'static str) => &'static [u8],
    StrStrStrU64Index: (&'static str, &'static str, &'static str, u64) => (),
    StrStrStrStrValue: (&'static str, &'static str, &'static str, &'static str) => u64,
}
