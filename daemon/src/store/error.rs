/// Why the store failed. These are the engine's own failures (the file, the codec, the blob
/// folder, shutdown); an area's refusals (not found, conflict) are the area's errors, which
/// wrap this one. Each variant keeps its source.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("opening the database: {0}")]
    Database(#[from] redb::DatabaseError),
    #[error("starting a transaction: {0}")]
    Transaction(#[from] redb::TransactionError),
    #[error("opening a table: {0}")]
    Table(#[from] redb::TableError),
    #[error("reading or writing the database: {0}")]
    Storage(#[from] redb::StorageError),
    #[error("committing: {0}")]
    Commit(#[from] redb::CommitError),
    #[error("encoding a record: {0}")]
    Encode(#[from] rmp_serde::encode::Error),
    #[error("decoding a record: {0}")]
    Decode(#[from] rmp_serde::decode::Error),
    #[error("table {name} is declared twice with different key or value types")]
    TableShape { name: &'static str },
    #[error("the database holds something this build does not expect: {0}")]
    Corrupt(String),
    #[error("schema: {0}")]
    Schema(String),
    #[error("blob {0} is not in the blob folder")]
    BlobMissing(String),
    #[error("blob store: {0}")]
    Io(#[from] std::io::Error),
    #[error("a store task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("the store is shut down")]
    Closed,
}
