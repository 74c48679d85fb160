//! Backups: a consistent snapshot of the store taken while the daemon keeps serving, packed as
//! one tar, and its offline restore (`restore.rs`).
//!
//! The database is copied through one redb read transaction, table by table through the
//! schema's table list, into a fresh redb file. A read transaction is an MVCC snapshot of one
//! committed point: the writer thread keeps committing meanwhile and the copy sees none of it,
//! and nobody waits. The alternatives are worse for redb 4: copying the file itself while the
//! writer commits can tear (redb rewrites its header and commit slots in place and reuses freed
//! pages), and pausing the writer for the copy would stall every write for as long as the copy
//! takes. While the snapshot is held redb cannot reuse the pages it sees, so the live file may
//! grow during a long backup; it shrinks back into free pages afterwards.
//!
//! Blobs are content-addressed, written and fsynced before the commit of any record that names
//! them, and never rewritten or deleted: every blob file present once the snapshot is taken is
//! complete, and together they hold every blob the snapshot references (a blob stored after
//! the snapshot comes along unreferenced, which is harmless).
//!
//! The tar holds `centralita.redb`, the data-dir files the daemon names (the token key), the
//! blobs as `blobs/sha256/ab/<hash>`, and `manifest.json` last: format version, time, table
//! row counts, blob count and the size and SHA-256 of every other member, hashed while they
//! are streamed in. Nothing is held in memory whole: rows go one by one into a file whose write
//! cache is small, and files are streamed into the tar.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use redb::ReadableDatabase;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::blobs::BlobHash;
use super::table::Declared;
use super::{DATABASE_FILE, Store, StoreError, migrate};

/// The version of the backup's layout; restore refuses another one.
pub(super) const FORMAT: u32 = 1;
/// The manifest's name in the tar (its last member).
pub(super) const MANIFEST: &str = "manifest.json";
/// The folder of the data dir backups are written to.
pub const BACKUPS_DIR: &str = "backups";

/// The copy's redb cache: its write buffer is half of it, so this bounds what a table's copy
/// holds in memory before it goes to the file.
const COPY_CACHE_BYTES: usize = 16 * 1024 * 1024;

/// What a backup holds, written last into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: Timestamp,
    pub daemon_version: String,
    pub schema_version: u64,
    /// Rows per table, by name.
    pub tables: BTreeMap<String, u64>,
    pub blobs: u64,
    /// Every other member by name, with its size and SHA-256.
    pub members: BTreeMap<String, Member>,
}

/// One member of the tar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub size: u64,
    pub sha256: String,
}

/// A backup written: where, how large, and its manifest.
#[derive(Debug, Clone)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub size: u64,
    pub manifest: Manifest,
}

impl Store {
    /// Writes a backup of the store, plus the files `extra_files` names in the data dir when
    /// they exist, to `<data_dir>/backups/centralita-<time>.tar` (mode 0600, in a 0700 folder:
    /// it holds every tenant's data). Runs on the blocking pool; writes go on meanwhile.
    pub async fn backup(
        &self,
        extra_files: &'static [&'static str],
    ) -> Result<BackupSummary, StoreError> {
        let db = self.inner.db()?;
        let tables = self.inner.tables.clone();
        let data_dir = self.inner.data_dir.clone();
        tokio::task::spawn_blocking(move || write_backup(&db, &tables, &data_dir, extra_files))
            .await?
    }
}

fn write_backup(
    db: &redb::Database,
    tables: &[&'static dyn Declared],
    data_dir: &Path,
    extra_files: &[&str],
) -> Result<BackupSummary, StoreError> {
    let dir = data_dir.join(BACKUPS_DIR);
    super::private_dir(&dir)?;
    let work = tempfile::Builder::new()
        .prefix(".backup-")
        .tempdir_in(&dir)?;
    let snapshot = db.begin_read()?;
    let created_at = Timestamp::now();
    let copy_path = work.path().join(DATABASE_FILE);
    let mut counts = BTreeMap::new();
    {
        let mut builder = redb::Database::builder();
        builder.set_cache_size(COPY_CACHE_BYTES);
        let copy = builder.create(&copy_path)?;
        for table in tables {
            let txn = copy.begin_write()?;
            let rows = table.copy(&snapshot, &txn)?;
            txn.commit()?;
            counts.insert(table.name().to_owned(), rows);
        }
    }
    let schema_version = migrate::schema_version(&snapshot)?;
    // Listed after the snapshot began: see the module docs.
    let blobs = blob_files(&data_dir.join("blobs"))?;
    drop(snapshot);

    let partial = work.path().join("backup.tar");
    let mut tar = tar::Builder::new(BufWriter::new(create_private(&partial)?));
    let mut members = BTreeMap::new();
    append(
        &mut tar,
        &mut members,
        DATABASE_FILE,
        &copy_path,
        created_at,
    )?;
    for name in extra_files {
        let path = data_dir.join(name);
        if path.is_file() {
            append(&mut tar, &mut members, name, &path, created_at)?;
        }
    }
    for (member, path) in &blobs {
        append(&mut tar, &mut members, member, path, created_at)?;
    }
    let manifest = Manifest {
        format: FORMAT,
        created_at,
        daemon_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version,
        tables: counts,
        blobs: blobs.len() as u64,
        members,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
    let mut header = header(json.len() as u64, created_at);
    tar.append_data(&mut header, MANIFEST, json.as_slice())?;
    let file = tar
        .into_inner()?
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    file.sync_all()?;
    let size = file.metadata()?.len();
    drop(file);
    let path = dir.join(format!(
        "centralita-{}.tar",
        created_at.strftime("%Y%m%dT%H%M%S%.3fZ")
    ));
    // A link, not a rename: a backup already at that name is never replaced.
    std::fs::hard_link(&partial, &path)?;
    File::open(&dir)?.sync_all()?;
    Ok(BackupSummary {
        path,
        size,
        manifest,
    })
}

/// Every blob file under `root` (`sha256/ab/<hash>`), by member name. Files whose name is not
/// a hash (a blob being written) are left out.
fn blob_files(root: &Path) -> Result<Vec<(String, PathBuf)>, StoreError> {
    let mut found = Vec::new();
    let algorithm = root.join("sha256");
    if !algorithm.is_dir() {
        return Ok(found);
    }
    for prefix in std::fs::read_dir(&algorithm)? {
        let prefix = prefix?;
        if !prefix.file_type()?.is_dir() {
            continue;
        }
        for blob in std::fs::read_dir(prefix.path())? {
            let blob = blob?;
            let name = blob.file_name();
            let Some(hash) = name.to_str().and_then(BlobHash::parse) else {
                continue;
            };
            if blob.file_type()?.is_file() {
                found.push((blob_member(&hash), blob.path()));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// A blob's member name in the tar, the same as its path under the data dir.
pub(super) fn blob_member(hash: &BlobHash) -> String {
    format!("blobs/sha256/{}/{hash}", &hash.as_str()[..2])
}

/// Streams the file at `path` into the tar as `name`, hashing it on the way.
fn append(
    tar: &mut tar::Builder<BufWriter<File>>,
    members: &mut BTreeMap<String, Member>,
    name: &str,
    path: &Path,
    at: Timestamp,
) -> Result<(), StoreError> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    let mut header = header(size, at);
    let mut reader = Hashing::new(file.take(size));
    tar.append_data(&mut header, name, &mut reader)?;
    if reader.bytes != size {
        return Err(StoreError::Io(std::io::Error::other(format!(
            "{} changed while it was backed up",
            path.display()
        ))));
    }
    members.insert(
        name.to_owned(),
        Member {
            size,
            sha256: reader.finish(),
        },
    );
    Ok(())
}

/// A regular file's header: mode 0600, the backup's time.
fn header(size: u64, at: Timestamp) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(u64::try_from(at.as_second()).unwrap_or(0));
    header
}

/// Creates `path` for this user alone (0600); fails if it exists.
pub(super) fn create_private(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// A reader (or writer) that hashes what goes through it.
pub(super) struct Hashing<T> {
    inner: T,
    hasher: Sha256,
    pub(super) bytes: u64,
}

impl<T> Hashing<T> {
    pub(super) fn new(inner: T) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    pub(super) fn into_inner(self) -> T {
        self.inner
    }

    /// The SHA-256 of everything so far, lowercase hex.
    pub(super) fn finish(self) -> String {
        hex::encode(self.hasher.finalize())
    }
}

impl<T: Read> Read for Hashing<T> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.hasher.update(&buf[..read]);
        self.bytes += read as u64;
        Ok(read)
    }
}

impl<T: Write> Write for Hashing<T> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
