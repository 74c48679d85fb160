//! A glosa notice as a spreadsheet attachment (XLSX, XLSB, XLS, ODS or CSV, told by content;
//! the `.csv` name makes any delimited text a candidate).
//!
//! `read_spreadsheet` catches panics inside calamine on purpose (unchecked arithmetic on
//! damaged cell references, see `glosas/src/notice/grid.rs`) and says the file is unreadable;
//! those are let through. Any other panic is a finding.
#![no_main]

use centralita_glosas::notice::{Mappings, read_spreadsheet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        centralita_fuzz::prepare("glosas_spreadsheet");
        centralita_fuzz::allow_caught_panics_from("/calamine-");
    },
    |bytes: &[u8]| {
        let _ = read_spreadsheet(bytes, "notice.csv", &Mappings::default());
    }
);
