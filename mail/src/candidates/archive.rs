//! ZIP archives (DIAN sends each invoice as a `.zip` holding the PDF and the XML): the
//! invoice-like files one level inside, read within a decompression budget.
//!
//! Nothing in an archive is trusted: not the entry count, not the sizes its headers declare.
//! Entries are read in chunks of [`READ_CHUNK`] bytes and every decompressed byte is counted
//! against [`ArchiveLimits::max_uncompressed_bytes`], so a zip bomb ends in
//! [`ArchiveError::TooLarge`] after at most that many bytes, never in a large allocation.
//! Only the first 4 KiB of an entry are read to decide what it is; entries that are not
//! invoice-like are not decompressed further (a `.txt` entry, at most [`MAX_TEXT_BYTES`] and
//! one byte more: its whole text decides).

use std::borrow::Cow;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::sniff::{Content, SNIFF_BYTES, sniff};
use super::text::{MAX_MESSAGE_TEXT_BYTES, MAX_TEXT_BYTES, text_verdict};
use super::{Candidate, FileKind, SkipReason, Skipped};

/// The size of one read from a decompressing entry.
const READ_CHUNK: usize = 64 * 1024;

/// What one archive may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// The most entries (files and folders) an archive may list: 200 by default.
    pub max_entries: usize,
    /// The most bytes decompressed from one archive, all entries together: 64 MiB by default.
    pub max_uncompressed_bytes: u64,
    /// The most text bytes the invoice rules read, all text entries together (the message's
    /// text budget left, by default all of it).
    pub max_text_bytes: usize,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        Self {
            max_entries: 200,
            max_uncompressed_bytes: 64 * 1024 * 1024,
            max_text_bytes: MAX_MESSAGE_TEXT_BYTES,
        }
    }
}

/// The invoice-like files of one archive and the entries left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArchiveScan {
    /// The invoice-like entries, in archive order.
    pub candidates: Vec<Candidate>,
    /// The entries left out, with the reason.
    pub skipped: Vec<Skipped>,
    /// How many bytes were decompressed, sniffed entries included.
    pub uncompressed_bytes: u64,
    /// How many text bytes the invoice rules read.
    pub text_bytes: usize,
}

/// Why an archive was refused as a whole.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveError {
    /// Not a ZIP archive, or its central directory is broken.
    #[error("not a readable zip archive: {reason}")]
    Unreadable {
        /// What the ZIP reader said.
        reason: String,
    },
    /// The archive lists more entries than [`ArchiveLimits::max_entries`].
    #[error("archive lists {entries} entries, over the limit of {limit}")]
    TooManyEntries {
        /// How many entries it lists.
        entries: usize,
        /// The limit it broke.
        limit: usize,
    },
    /// The entries decompress to more than [`ArchiveLimits::max_uncompressed_bytes`].
    #[error("archive decompresses to more than {limit} bytes")]
    TooLarge {
        /// The limit it broke.
        limit: u64,
    },
}

/// Reads the invoice-like files (PDF, JPEG, PNG, TIFF, XML, text that reads like an invoice)
/// of the ZIP archive `bytes`, named `archive_name` (display names are
/// `archive_name/inner/path.xml`).
///
/// One level only: archives inside are skipped ([`SkipReason::NestedArchive`]), as are
/// folders (silently), other files ([`SkipReason::NotInvoiceLike`]) and entries that cannot
/// be read: encrypted, an unsupported compression method, corrupt data
/// ([`SkipReason::UnreadableEntry`]). The whole archive is refused when it is not a ZIP,
/// lists too many entries or decompresses past the budget. Never panics.
pub fn read_archive(
    archive_name: &str,
    bytes: &[u8],
    limits: ArchiveLimits,
) -> Result<ArchiveScan, ArchiveError> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|error| ArchiveError::Unreadable {
            reason: error.to_string(),
        })?;
    if archive.len() > limits.max_entries {
        return Err(ArchiveError::TooManyEntries {
            entries: archive.len(),
            limit: limits.max_entries,
        });
    }
    let mut budget = Budget {
        left: limits.max_uncompressed_bytes,
        limit: limits.max_uncompressed_bytes,
        text_left: limits.max_text_bytes,
    };
    let mut scan = ArchiveScan::default();
    for index in 0..archive.len() {
        let inner_name = archive
            .name_for_index(index)
            .and_then(Result::ok)
            .map(Cow::into_owned)
            .unwrap_or_default();
        if inner_name.ends_with('/') {
            continue;
        }
        let display_name = display_name(archive_name, &inner_name, index);
        let outcome = match archive.by_index(index) {
            Ok(mut entry) => read_entry(&mut entry, &inner_name, &mut budget),
            Err(error) => Err(Stop::Skip(SkipReason::UnreadableEntry {
                reason: error.to_string(),
            })),
        };
        match outcome {
            Ok((kind, bytes)) => scan.candidates.push(Candidate {
                display_name,
                kind,
                bytes,
                attachment_name: archive_name.to_owned(),
            }),
            Err(Stop::OverBudget) => {
                return Err(ArchiveError::TooLarge {
                    limit: limits.max_uncompressed_bytes,
                });
            }
            Err(Stop::Skip(reason)) => scan.skipped.push(Skipped {
                name: display_name,
                reason,
            }),
        }
    }
    scan.uncompressed_bytes = budget.limit - budget.left;
    scan.text_bytes = limits.max_text_bytes - budget.text_left;
    Ok(scan)
}

/// Decompressed bytes still allowed for one archive.
struct Budget {
    left: u64,
    limit: u64,
    /// Text bytes the invoice rules may still read.
    text_left: usize,
}

/// Why reading an entry stopped short.
enum Stop {
    /// This entry is left out.
    Skip(SkipReason),
    /// The archive's budget is spent: the whole archive is refused.
    OverBudget,
}

/// An invoice-like entry's kind and bytes, or why reading it stopped.
fn read_entry(
    entry: &mut impl Read,
    inner_name: &str,
    budget: &mut Budget,
) -> Result<(FileKind, Vec<u8>), Stop> {
    let mut bytes = Vec::new();
    read_into(entry, &mut bytes, SNIFF_BYTES, budget)?;
    match sniff(&bytes, inner_name, "") {
        Content::File(kind) => {
            read_into(entry, &mut bytes, usize::MAX, budget)?;
            Ok((kind, bytes))
        }
        Content::Text => {
            // One byte past the limit tells a text over it, without reading the rest.
            read_into(entry, &mut bytes, MAX_TEXT_BYTES + 1, budget)?;
            text_verdict(&bytes, &mut budget.text_left).map_err(Stop::Skip)?;
            Ok((FileKind::Text, bytes))
        }
        Content::Zip => Err(Stop::Skip(SkipReason::NestedArchive)),
        Content::Other => Err(Stop::Skip(SkipReason::NotInvoiceLike)),
    }
}

/// Appends to `into` what `reader` yields, until it ends or `into` holds `up_to` bytes, one
/// chunk at a time, spending the budget as bytes arrive.
fn read_into(
    reader: &mut impl Read,
    into: &mut Vec<u8>,
    up_to: usize,
    budget: &mut Budget,
) -> Result<(), Stop> {
    let mut chunk = vec![0u8; READ_CHUNK];
    while into.len() < up_to {
        let wanted = (up_to - into.len()).min(READ_CHUNK);
        let read = match reader.read(&mut chunk[..wanted]) {
            Ok(0) => return Ok(()),
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => {
                return Err(Stop::Skip(SkipReason::UnreadableEntry {
                    reason: error.to_string(),
                }));
            }
        };
        budget.left = budget
            .left
            .checked_sub(read as u64)
            .ok_or(Stop::OverBudget)?;
        into.extend_from_slice(&chunk[..read]);
    }
    Ok(())
}

/// `archive.zip/inner/path.xml`: the entry's path without empty, `.` or `..` components or
/// control characters; `entry-<n>` when nothing is left.
fn display_name(archive_name: &str, inner_name: &str, index: usize) -> String {
    let components: Vec<String> = inner_name
        .split(['/', '\\'])
        .map(|component| {
            component
                .chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
        })
        .filter(|component| !matches!(component.trim(), "" | "." | ".."))
        .collect();
    if components.is_empty() {
        format!("{archive_name}/entry-{}", index + 1)
    } else {
        format!("{archive_name}/{}", components.join("/"))
    }
}
