//! Test access to the shared fixtures, read in place: `$CENTRALITA_FIXTURES`, else
//! `shared/fixtures` beside the clone. They are never copied into the repository.

use std::path::PathBuf;

/// The root of the shared fixtures.
pub(crate) fn root() -> PathBuf {
    std::env::var_os("CENTRALITA_FIXTURES").map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../shared/fixtures"
            ))
        },
        PathBuf::from,
    )
}

/// The files of `folder` whose names end with `suffix`, sorted by name, with their bytes.
pub(crate) fn files(folder: &str, suffix: &str) -> Vec<(String, Vec<u8>)> {
    let dir = root().join(folder);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error} (set CENTRALITA_FIXTURES)", dir.display()));
    let mut files: Vec<(String, Vec<u8>)> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().ends_with(suffix))
        })
        .map(|path| {
            let name = path
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let bytes =
                std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// One fixture file, by its path under the root.
pub(crate) fn file(path: &str) -> Vec<u8> {
    let path = root().join(path);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}
