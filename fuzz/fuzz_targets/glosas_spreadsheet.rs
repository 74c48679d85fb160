//! A glosa notice as a spreadsheet attachment (XLSX, XLSB, XLS, ODS or CSV, told by content;
//! the `.csv` name makes any delimited text a candidate).
#![no_main]

use centralita_glosas::notice::{Mappings, read_spreadsheet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("glosas_spreadsheet"),
    |bytes: &[u8]| {
        let _ = read_spreadsheet(bytes, "notice.csv", &Mappings::default());
    }
);
