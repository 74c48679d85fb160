//! Restoring a backup (`centralitad restore FILE --data-dir DIR`), offline: into an empty
//! folder only, and only after every member's checksum matched its manifest. The tar is read
//! twice, streaming: once to verify, once to write (hashing again, so a file changed between
//! the two reads is caught too).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use super::backup::{FORMAT, Hashing, MANIFEST, Manifest, Member, blob_member, create_private};
use super::blobs::BlobHash;

/// The largest manifest read (it lists one line per blob).
const MANIFEST_LIMIT: u64 = 256 * 1024 * 1024;

/// Why a backup was not restored. Messages name the file, the folder or the member.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("{0} is not empty: restore into a new or empty folder")]
    NotEmpty(PathBuf),
    #[error("reading the backup {file}: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("the backup is refused, nothing was written: {0}")]
    Refused(String),
    #[error(
        "writing {path}: {source} (the folder holds a partial restore: remove it before trying again)"
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Checks every member of the backup `file` against its manifest, then writes them into
/// `data_dir` (created 0750 if missing; it must be empty). Returns the manifest.
pub fn restore(file: &Path, data_dir: &Path) -> Result<Manifest, RestoreError> {
    let not_empty = match std::fs::read_dir(data_dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => false,
        Err(source) => {
            return Err(RestoreError::Write {
                path: data_dir.to_path_buf(),
                source,
            });
        }
    };
    if not_empty {
        return Err(RestoreError::NotEmpty(data_dir.to_path_buf()));
    }
    let manifest = verify(file)?;
    write(file, data_dir, &manifest)?;
    Ok(manifest)
}

/// The first pass: hashes every member, reads the manifest, and compares.
pub fn verify(file: &Path) -> Result<Manifest, RestoreError> {
    let read = |source| RestoreError::Read {
        file: file.to_path_buf(),
        source,
    };
    let refused = |message: String| RestoreError::Refused(message);
    let mut archive = open(file)?;
    let mut found: BTreeMap<String, Member> = BTreeMap::new();
    let mut manifest = None;
    for entry in archive.entries().map_err(read)? {
        let mut entry = entry.map_err(read)?;
        let name = member_name(&entry)?;
        if name == MANIFEST {
            let mut json = Vec::new();
            entry
                .by_ref()
                .take(MANIFEST_LIMIT)
                .read_to_end(&mut json)
                .map_err(read)?;
            manifest = Some(
                serde_json::from_slice::<Manifest>(&json)
                    .map_err(|error| refused(format!("its {MANIFEST} cannot be read: {error}")))?,
            );
            continue;
        }
        let mut hashing = Hashing::new(std::io::sink());
        std::io::copy(&mut entry, &mut hashing).map_err(read)?;
        let member = Member {
            size: hashing.bytes,
            sha256: hashing.finish(),
        };
        if found.insert(name.clone(), member).is_some() {
            return Err(refused(format!("member {name} is in it twice")));
        }
    }
    let manifest = manifest.ok_or_else(|| {
        refused(format!(
            "it has no {MANIFEST}: not a centralita backup, or cut short"
        ))
    })?;
    if manifest.format != FORMAT {
        return Err(refused(format!(
            "its format is {}, this centralitad restores format {FORMAT}",
            manifest.format
        )));
    }
    for (name, expected) in &manifest.members {
        match found.get(name) {
            None => return Err(refused(format!("member {name} is missing"))),
            Some(member) if member != expected => {
                return Err(refused(format!(
                    "member {name} is corrupt: {} bytes with sha256 {}, the manifest says {} bytes with sha256 {}",
                    member.size, member.sha256, expected.size, expected.sha256
                )));
            }
            Some(_) => {}
        }
        if let Some(hash) = name.rsplit('/').next().and_then(BlobHash::parse)
            && hash.as_str() != expected.sha256
        {
            return Err(refused(format!(
                "member {name} is corrupt: its content's sha256 is {}",
                expected.sha256
            )));
        }
    }
    if let Some(name) = found
        .keys()
        .find(|name| !manifest.members.contains_key(*name))
    {
        return Err(refused(format!("member {name} is not in the manifest")));
    }
    Ok(manifest)
}

/// The second pass: writes every member under `data_dir`, checking its hash again.
fn write(file: &Path, data_dir: &Path, manifest: &Manifest) -> Result<(), RestoreError> {
    use std::os::unix::fs::DirBuilderExt;
    let read = |source| RestoreError::Read {
        file: file.to_path_buf(),
        source,
    };
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RestoreError::Write { path, source }
    };
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o750)
        .create(data_dir)
        .map_err(failed(data_dir))?;
    let mut archive = open(file)?;
    let mut dirs = vec![data_dir.to_path_buf()];
    for entry in archive.entries().map_err(read)? {
        let mut entry = entry.map_err(read)?;
        let name = member_name(&entry)?;
        if name == MANIFEST {
            continue;
        }
        let path = data_dir.join(&name);
        if let Some(parent) = path.parent()
            && !dirs.iter().any(|dir| dir == parent)
        {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(failed(parent))?;
            dirs.push(parent.to_path_buf());
        }
        let target = create_private(&path).map_err(failed(&path))?;
        let mut hashing = Hashing::new(target);
        std::io::copy(&mut entry, &mut hashing).map_err(failed(&path))?;
        let bytes = hashing.bytes;
        let target = hashing.into_inner();
        let sha256 = sha256_of_written(bytes, &path)?;
        target.sync_all().map_err(failed(&path))?;
        if manifest.members.get(&name)
            != Some(&Member {
                size: bytes,
                sha256,
            })
        {
            return Err(RestoreError::Refused(format!(
                "member {name} changed since it was checked (was the backup file replaced?); \
                 {} holds a partial restore: remove it",
                data_dir.display()
            )));
        }
    }
    for dir in dirs {
        File::open(&dir)
            .and_then(|dir| dir.sync_all())
            .map_err(failed(&dir))?;
    }
    Ok(())
}

/// The SHA-256 of the `bytes` just written to `path`, read back from the file.
fn sha256_of_written(bytes: u64, path: &Path) -> Result<String, RestoreError> {
    let file = File::open(path).map_err(|source| RestoreError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    let mut hashing = Hashing::new(BufReader::new(file).take(bytes));
    std::io::copy(&mut hashing, &mut std::io::sink()).map_err(|source| RestoreError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(hashing.finish())
}

fn open(file: &Path) -> Result<tar::Archive<BufReader<File>>, RestoreError> {
    let opened = File::open(file).map_err(|source| RestoreError::Read {
        file: file.to_path_buf(),
        source,
    })?;
    Ok(tar::Archive::new(BufReader::new(opened)))
}

/// The member's name, if it is one a backup holds: the manifest, the database, a plain file of
/// the data dir, or a blob. Anything else (a folder, a link, `..`) is refused.
fn member_name<R: Read>(entry: &tar::Entry<'_, R>) -> Result<String, RestoreError> {
    let refused = |what: String| RestoreError::Refused(what);
    let raw = entry.path_bytes();
    let name = std::str::from_utf8(&raw)
        .map_err(|_| refused("a member's name is not UTF-8".to_owned()))?
        .to_owned();
    if entry.header().entry_type() != tar::EntryType::Regular {
        return Err(refused(format!("member {name} is not a regular file")));
    }
    let plain = |part: &str| {
        !part.is_empty()
            && part != "."
            && part != ".."
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
    };
    let blob = name
        .rsplit('/')
        .next()
        .and_then(BlobHash::parse)
        .is_some_and(|hash| blob_member(&hash) == name);
    if blob || (!name.contains('/') && plain(&name)) {
        Ok(name)
    } else {
        Err(refused(format!(
            "member {name:?} is not something a backup holds"
        )))
    }
}
