use proptest::prelude::*;

use crate::notice::{Mappings, is_spreadsheet, looks_like_notice, read_spreadsheet, read_text};
use crate::sample::{render_csv, render_text, render_xlsx, sample_notice};

/// Lines made of the pieces notices are made of, shuffled: labels, codes, amounts, separators.
fn notice_like_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("NIT: ".to_owned()),
        Just("Valor glosado: ".to_owned()),
        Just("Fecha de radicación ".to_owned()),
        Just("Código | Descripción | Vr. glosado".to_owned()),
        Just("FA0101".to_owned()),
        Just("223".to_owned()),
        Just(" | ".to_owned()),
        Just("   ".to_owned()),
        Just("\n".to_owned()),
        Just("$ 1.234.567,89".to_owned()),
        Just("800.123.456-1".to_owned()),
        Just("Señores".to_owned()),
        Just("TOTAL".to_owned()),
        "[a-zA-Z0-9áéíóúñ.,;:$|\\- ]{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn text_readers_never_panic(text in notice_like_text()) {
        if let Ok(notice) = read_text(&text) {
            prop_assert_eq!(notice.warning_words.len(), notice.warnings.len());
        }
        let _ = looks_like_notice(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = read_text(&text);
        let _ = looks_like_notice(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        name in prop_oneof![Just("a.csv"), Just("a.xlsx"), Just("a.xls"), Just("a.ods"), Just("a")],
    ) {
        let _ = is_spreadsheet(&bytes, name);
        let _ = read_spreadsheet(&bytes, name, &Mappings::default());
    }

    #[test]
    fn damaged_spreadsheets_never_panic(
        seed in 0_u64..50,
        xlsx in any::<bool>(),
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let notice = sample_notice(seed);
        let mut bytes = if xlsx { render_xlsx(&notice) } else { render_csv(&notice) };
        for (at, byte) in damage {
            let index = at.index(bytes.len());
            bytes[index] = byte;
        }
        let _ = read_spreadsheet(&bytes, "damaged", &Mappings::default());
    }

    #[test]
    fn damaged_mail_bodies_never_panic(seed in 0_u64..50, cut in any::<prop::sample::Index>()) {
        let text = render_text(&sample_notice(seed));
        let mut end = cut.index(text.len() + 1);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let _ = read_text(&text[..end]);
    }
}
