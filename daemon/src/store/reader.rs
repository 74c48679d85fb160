//! [`Reader`]: reading tables the same way from either kind of transaction.

use std::marker::PhantomData;

use super::table::Shape;
use super::{
    Declared, Index, IndexTable, ReadTxn, RecordTable, Records, Source, StoreError, ValueTable,
    Values, WriteTxn,
};

/// A transaction to read from: a `&ReadTxn`, or a `&mut WriteTxn`, which also sees what its
/// batch wrote so far. A lookup an area needs in both (a record by its id, or not found) is
/// written once, as a function of a `Reader`; pass `&mut reader` to lend it on.
pub trait Reader {
    /// redb's table `name`, open for reading.
    #[doc(hidden)]
    fn source<S: Shape>(
        &mut self,
        name: &'static str,
    ) -> Result<impl Source<S::Key, S::Value> + '_, StoreError>;

    /// Opens a table of records for reading.
    fn records<K, R>(
        &mut self,
        table: &Records<K, R>,
    ) -> Result<RecordTable<impl Source<K, &'static [u8]> + '_, K, R>, StoreError>
    where
        (K, &'static [u8]): Shape<Key = K, Value = &'static [u8]>,
        K: redb::Key + 'static,
        Records<K, R>: Declared,
    {
        Ok(RecordTable {
            table: self.source::<(K, &'static [u8])>(table.name())?,
            types: PhantomData,
        })
    }

    /// Opens an index for reading.
    fn index<K>(
        &mut self,
        table: &Index<K>,
    ) -> Result<IndexTable<impl Source<K, ()> + '_, K>, StoreError>
    where
        (K, ()): Shape<Key = K, Value = ()>,
        K: redb::Key + 'static,
        Index<K>: Declared,
    {
        Ok(IndexTable {
            table: self.source::<(K, ())>(table.name())?,
            types: PhantomData,
        })
    }

    /// Opens a table of small values for reading.
    fn values<K, V>(
        &mut self,
        table: &Values<K, V>,
    ) -> Result<ValueTable<impl Source<K, V> + '_, K, V>, StoreError>
    where
        (K, V): Shape<Key = K, Value = V>,
        K: redb::Key + 'static,
        V: redb::Value + 'static,
        Values<K, V>: Declared,
    {
        Ok(ValueTable {
            table: self.source::<(K, V)>(table.name())?,
            types: PhantomData,
        })
    }
}

impl Reader for WriteTxn<'_> {
    fn source<S: Shape>(
        &mut self,
        name: &'static str,
    ) -> Result<impl Source<S::Key, S::Value> + '_, StoreError> {
        self.tables.get::<S>(self.txn, name)
    }
}

impl Reader for &ReadTxn {
    fn source<S: Shape>(
        &mut self,
        name: &'static str,
    ) -> Result<impl Source<S::Key, S::Value> + '_, StoreError> {
        Ok(self
            .txn
            .open_table(redb::TableDefinition::<S::Key, S::Value>::new(name))?)
    }
}

impl<R: Reader + ?Sized> Reader for &mut R {
    fn source<S: Shape>(
        &mut self,
        name: &'static str,
    ) -> Result<impl Source<S::Key, S::Value> + '_, StoreError> {
        (**self).source::<S>(name)
    }
}
