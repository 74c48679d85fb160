//! Reading a hostile PDF stays within a memory budget. Its own test binary, one test, so the
//! process's peak resident memory (`VmHWM`) is this test's alone.

use centralita_invoices::pdf::{self, PdfError, bombs};

/// Most the peak may grow while reading both files.
const MAX_GROWTH: u64 = 200 * 1024 * 1024;

/// This process's peak resident memory, in bytes.
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("proc status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .expect("VmHWM")
        * 1024
}

#[test]
fn hostile_pdfs_are_refused_without_the_memory_they_ask_for() {
    // Built first: the files themselves are small, and building them holds nothing large.
    let shared = bombs::shared_embedded_file(100, 30 << 20);
    let object_streams = bombs::object_stream_bomb(8, 250 << 20);
    let values = bombs::object_stream_of_values(4_000_000);
    // Within budget once; 16 GiB if lopdf built it once per cross-reference entry.
    let listed_often = bombs::object_stream_listed_often(200, 300_000);
    let before = peak_memory();

    let error = pdf::embedded_xml(&shared).expect_err("a hundred file entries");
    assert!(matches!(error, PdfError::TooManyFiles), "{error}");
    let error = pdf::embedded_xml(&object_streams).expect_err("2 GiB of object streams");
    assert!(matches!(error, PdfError::TooLarge), "{error}");
    let error = pdf::embedded_xml(&values).expect_err("four million values");
    assert!(matches!(error, PdfError::TooManyValues), "{error}");
    assert!(matches!(pdf::embedded_xml(&listed_often), Ok(None)));

    let growth = peak_memory().saturating_sub(before);
    eprintln!("peak memory grew by {} KiB", growth / 1024);
    assert!(
        growth < MAX_GROWTH,
        "reading the hostile PDFs raised the peak by {} MiB",
        growth >> 20
    );
}
