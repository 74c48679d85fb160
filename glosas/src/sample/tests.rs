use std::io::Write;
use std::process::{Command, Stdio};

use centralita_invoices::taxid::{TaxIdStatus, check_nit};
use rust_decimal::Decimal;

use super::{
    format_cop, nit_check_digit, render_csv, render_pdf, render_text, render_xlsx, sample_notice,
};
use crate::notice::{
    Mappings, Notice, NoticeKind, is_spreadsheet, looks_like_notice, read_spreadsheet, read_text,
};

const SEEDS: std::ops::Range<u64> = 0..40;

/// What a reader must give back: the notice without the warnings it may add.
fn assert_same(read: &Notice, written: &Notice, how: &str) {
    assert_eq!(read.kind, written.kind, "{how}: kind");
    assert_eq!(read.payer_name, written.payer_name, "{how}: payer name");
    assert_eq!(read.payer_nit, written.payer_nit, "{how}: payer NIT");
    assert_eq!(
        read.provider_name, written.provider_name,
        "{how}: provider name"
    );
    assert_eq!(
        read.provider_nit, written.provider_nit,
        "{how}: provider NIT"
    );
    assert_eq!(read.number, written.number, "{how}: number");
    assert_eq!(read.notice_date, written.notice_date, "{how}: notice date");
    assert_eq!(read.filed_date, written.filed_date, "{how}: filed date");
    assert_eq!(read.invoices, written.invoices, "{how}: invoices");
    assert_eq!(
        read.total_invoiced, written.total_invoiced,
        "{how}: total invoiced"
    );
    assert_eq!(
        read.total_objected, written.total_objected,
        "{how}: total objected"
    );
    assert_eq!(read.items, written.items, "{how}: items");
    assert!(
        read.warnings.is_empty(),
        "{how}: warnings {:?}",
        read.warnings
    );
}

#[test]
fn samples_are_stable_and_valid() {
    assert_eq!(sample_notice(7), sample_notice(7));
    let mut kinds = Vec::new();
    for seed in SEEDS {
        let notice = sample_notice(seed);
        kinds.push(notice.kind);
        for nit in [&notice.payer_nit, &notice.provider_nit] {
            let nit = nit.as_deref().expect("samples have NITs");
            assert_eq!(check_nit(nit), TaxIdStatus::Valid, "seed {seed}: {nit}");
        }
        assert!((1..=6).contains(&notice.items.len()), "seed {seed}");
        let objected: Decimal = notice.items.iter().filter_map(|item| item.objected).sum();
        assert_eq!(notice.total_objected, Some(objected));
        assert!(notice.notice_date > notice.filed_date);
    }
    assert!(kinds.contains(&NoticeKind::Glosa) && kinds.contains(&NoticeKind::Devolucion));
}

#[test]
fn dian_check_digit_matches_known_nits() {
    // The DIAN's own NIT, as printed on its documents.
    assert_eq!(nit_check_digit("800197268"), Some(4));
    assert_eq!(nit_check_digit(""), None);
    assert_eq!(nit_check_digit("80019726x"), None);
}

#[test]
fn pesos_are_written_the_colombian_way() {
    assert_eq!(format_cop(Decimal::from(1_234_567)), "1.234.567");
    assert_eq!(format_cop(Decimal::new(4_550, 2)), "45,50");
    assert_eq!(format_cop(Decimal::from(800)), "800");
}

#[test]
fn the_mail_body_reads_back() {
    for seed in SEEDS {
        let notice = sample_notice(seed);
        let text = render_text(&notice);
        assert!(looks_like_notice(&text), "seed {seed}");
        let read = read_text(&text).unwrap_or_else(|error| panic!("seed {seed}: {error}\n{text}"));
        assert_same(&read, &notice, &format!("text seed {seed}\n{text}"));
    }
}

#[test]
fn the_csv_reads_back() {
    for seed in SEEDS {
        let notice = sample_notice(seed);
        let csv = render_csv(&notice);
        // Half the time without a name: the content says it is a CSV.
        let name = if seed % 2 == 0 {
            "glosa.csv"
        } else {
            "adjunto"
        };
        assert!(is_spreadsheet(&csv, name), "seed {seed}");
        let read = read_spreadsheet(&csv, name, &Mappings::default())
            .unwrap_or_else(|error| panic!("seed {seed}: {error}"));
        assert_same(
            &read,
            &notice,
            &format!("csv seed {seed}\n{}", String::from_utf8_lossy(&csv)),
        );
    }
}

#[test]
fn the_xlsx_reads_back_even_without_a_name() {
    for seed in SEEDS {
        let notice = sample_notice(seed);
        let xlsx = render_xlsx(&notice);
        let read = read_spreadsheet(&xlsx, "adjunto", &Mappings::default())
            .unwrap_or_else(|error| panic!("seed {seed}: {error}"));
        assert_same(&read, &notice, &format!("xlsx seed {seed}"));
    }
}

/// The PDF's text as the daemon reads it (pdftotext `-layout`, poppler), when pdftotext is
/// installed: `None` skips the test.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(pdf)
        .expect("pdftotext reads the PDF");
    let output = child.wait_with_output().expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext failed");
    Some(String::from_utf8(output.stdout).expect("UTF-8 text"))
}

#[test]
fn the_pdf_text_layer_reads_back() {
    for seed in SEEDS {
        let notice = sample_notice(seed);
        let pdf = render_pdf(&notice);
        assert!(pdf.starts_with(b"%PDF-1.5"));
        let Some(text) = pdftotext(&pdf) else {
            eprintln!("pdftotext is not installed; skipping the PDF round trip");
            return;
        };
        let read = read_text(&text).unwrap_or_else(|error| panic!("seed {seed}: {error}"));
        assert_same(&read, &notice, &format!("pdf seed {seed}\n{text}"));
    }
}
