//! Where tests find the shared fixtures: `$CENTRALITA_FIXTURES`, else `shared/fixtures` beside
//! the clone (CI puts it there). They are read in place and never copied into the repository.
//!
//! Every crate's tests and benches take their fixtures from here, so there is one answer to
//! "where are they" and one message when they are missing.

use std::path::{Path, PathBuf};

/// The root of the shared fixtures.
pub fn root() -> PathBuf {
    std::env::var_os("CENTRALITA_FIXTURES").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"),
        PathBuf::from,
    )
}

/// `relative` under the root (`invoices/dev/expected.json`), whether or not it is there.
pub fn path(relative: &str) -> PathBuf {
    root().join(relative)
}

/// The bytes of fixture `relative`; panics naming the path when it cannot be read.
pub fn read(relative: &str) -> Vec<u8> {
    let path = path(relative);
    std::fs::read(&path)
        .unwrap_or_else(|error| panic!("{}: {error} (set CENTRALITA_FIXTURES)", path.display()))
}

/// The files of folder `relative` whose names end with `suffix`, sorted by name, with their
/// bytes; panics naming the folder when it cannot be listed.
pub fn files(relative: &str, suffix: &str) -> Vec<(String, Vec<u8>)> {
    let dir = path(relative);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error} (set CENTRALITA_FIXTURES)", dir.display()));
    let mut files: Vec<(String, Vec<u8>)> = entries
        .map(|entry| entry.expect("a directory entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            name.ends_with(suffix).then_some((name, path))
        })
        .map(|(name, path)| {
            let bytes =
                std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Folder or file `relative` when it is there; otherwise `None`, after printing that the test
/// is skipped (for tests that may run without the fixtures).
pub fn present(relative: &str) -> Option<PathBuf> {
    let path = path(relative);
    if path.exists() {
        Some(path)
    } else {
        println!("no fixtures at {}: skipped", path.display());
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_holds_the_provider_fixtures() {
        assert!(
            root().join("PROVENANCE.md").is_file(),
            "no fixtures at {} (set CENTRALITA_FIXTURES)",
            root().display()
        );
    }

    #[test]
    fn files_are_sorted_and_filtered_by_suffix() {
        let files = files("webhooks/telegram", ".json");
        assert!(!files.is_empty());
        assert!(
            files
                .iter()
                .all(|(name, _)| Path::new(name).extension() == Some("json".as_ref()))
        );
        assert!(files.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn a_missing_fixture_is_absent_not_a_panic() {
        assert_eq!(present("no/such/fixture"), None);
    }

    #[test]
    #[should_panic(expected = "no/such/fixture")]
    fn reading_a_missing_fixture_names_it() {
        read("no/such/fixture");
    }
}
