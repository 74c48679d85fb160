use jiff::civil::date;

use super::some_dec;
use crate::notice::{NoticeError, NoticeKind, looks_like_notice, read_text};

/// What `pdftotext -layout` gives for a payer's letter: a letterhead, label/value pairs two to a
/// line, a table in padded columns with item numbers, a totals row.
const LAYOUT_LETTER: &str = "
                         SALUD CAFETERA EPS S.A.
                         NIT 891.234.567-1

                 NOTIFICACIÓN DE GLOSAS - AUDITORÍA INTEGRAL

Prestador:       Centro Médico Los Andes IPS S.A.S.          NIT prestador:   900.998.877-1
Radicado         2024-556677                                 Fecha de notificación:  5 de noviembre de 2024
Fecha de radicación: 15/10/2024                               Factura No. FEV 20455 y FEV 20460
Valor facturado:      $ 1.250.000,00
Total glosa:          $ 58.300,50

 No.  Factura     Código   Descripción                                   CUPS      Cant.   Vr. facturado   Vr. glosado
 1    FEV 20455   FA0101   Se facturan dos consultas, soporte de una     890201    2          90.000,00      45.000,00
 2    FEV 20455   223      Tarifa diferente a la pactada                 902210    1          18.500,00       3.500,50
 3    FEV 20460   SO2101   Sin soporte de la atención                    903841    1           9.800,00       9.800,00
      TOTAL                                                                                  118.300,00      58.300,50

Cordialmente,
Coordinación de Cuentas Médicas
";

#[test]
fn a_pdf_letter_with_a_padded_table_reads_whole() {
    let notice = read_text(LAYOUT_LETTER).expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Glosa);
    assert_eq!(
        notice.payer_name.as_deref(),
        Some("SALUD CAFETERA EPS S.A.")
    );
    assert_eq!(notice.payer_nit.as_deref(), Some("891234567-1"));
    assert_eq!(
        notice.provider_name.as_deref(),
        Some("Centro Médico Los Andes IPS S.A.S.")
    );
    assert_eq!(notice.provider_nit.as_deref(), Some("900998877-1"));
    assert_eq!(notice.number.as_deref(), Some("2024-556677"));
    assert_eq!(notice.notice_date, Some(date(2024, 11, 5)));
    assert_eq!(notice.filed_date, Some(date(2024, 10, 15)));
    assert_eq!(notice.invoices, vec!["FEV 20455", "FEV 20460"]);
    assert_eq!(notice.total_invoiced, some_dec("1250000"));
    assert_eq!(notice.total_objected, some_dec("58300.50"));
    assert_eq!(notice.items.len(), 3, "{:#?}", notice.items);
    let second = &notice.items[1];
    assert_eq!(second.code_raw, "223");
    assert_eq!(second.description, "Tarifa diferente a la pactada");
    assert_eq!(second.service_code.as_deref(), Some("902210"));
    assert_eq!(second.quantity, some_dec("1"));
    assert_eq!(second.invoiced, some_dec("18500"));
    assert_eq!(second.objected, some_dec("3500.50"));
    assert_eq!(second.invoice.as_deref(), Some("FEV 20455"));
    assert!(notice.warnings.is_empty(), "{:?}", notice.warnings);
}

#[test]
fn a_mail_with_single_spaced_rows_and_values_on_the_next_line() {
    let text = "Buenos días,

Adjuntamos la notificación de glosa de la factura FE 881.

Entidad responsable de pago
EPS Salud Andina S.A. NIT 805.012.345-8
IPS: Clínica San Rafael de Occidente S.A.S.
No. de glosa: GL-2025-00042
Fecha de notificación: 2025-03-10
Factura: FE 881
Valor glosado: $ 53.000

TA0201 Tarifa superior a la pactada 890301 1 $ 38.000 $ 8.000
FA0101 Cantidad mayor a la soportada 902210 2 $ 37.000 $ 18.500
CO0701 Servicio no cubierto $ 26.500

Atentamente,
Auditoría de cuentas";
    let notice = read_text(text).expect("a notice");
    assert_eq!(notice.payer_name.as_deref(), Some("EPS Salud Andina S.A."));
    assert_eq!(notice.payer_nit.as_deref(), Some("805012345-8"));
    assert_eq!(
        notice.provider_name.as_deref(),
        Some("Clínica San Rafael de Occidente S.A.S.")
    );
    assert_eq!(notice.number.as_deref(), Some("GL-2025-00042"));
    assert_eq!(notice.notice_date, Some(date(2025, 3, 10)));
    assert_eq!(notice.invoices, vec!["FE 881"]);
    let codes: Vec<&str> = notice
        .items
        .iter()
        .map(|item| item.code_raw.as_str())
        .collect();
    assert_eq!(codes, ["TA0201", "FA0101", "CO0701"]);
    assert_eq!(notice.items[2].description, "Servicio no cubierto");
    assert_eq!(notice.items[2].objected, some_dec("26500"));
    assert_eq!(notice.items[2].invoiced, None);
    // The provider's NIT is missing: said, not guessed.
    assert_eq!(notice.warnings, vec!["no provider NIT found"]);
}

#[test]
fn a_devolucion_is_told_by_its_title_or_its_codes() {
    let by_title = "NOTIFICACIÓN DE DEVOLUCIÓN\nNIT EPS: 806543210-4\nNIT IPS: 901234560-6\n\
                    Código | Descripción | Valor facturado | Valor devuelto\n\
                    FA0101 | Factura sin soportes | 100.000 | 100.000\n";
    let notice = read_text(by_title).expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Devolucion);
    assert_eq!(notice.items[0].objected, some_dec("100000"));

    let by_codes = "NIT EPS: 806543210-4\nNIT IPS: 901234560-6\n\
                    DE1601  Factura ya cancelada  250.000\n";
    assert_eq!(
        read_text(by_codes).expect("a notice").kind,
        NoticeKind::Devolucion
    );

    let by_label = "Tipo: Devolución\nNIT: 806543210-4\nDE1601  Factura ya cancelada  250.000\n";
    assert_eq!(
        read_text(by_label).expect("a notice").kind,
        NoticeKind::Devolucion
    );
}

#[test]
fn warnings_say_what_does_not_add_up() {
    let text = "NIT EPS: 806543210-5
NIT IPS: 901234560-6
Valor glosado: 100.000
Código | Descripción | Vr. glosado
FA0101 | Uno | 40.000
TA0201 | Dos | cuarenta mil
SO2101 | Tres | 50.000
";
    let notice = read_text(text).expect("a notice");
    assert_eq!(notice.items.len(), 2);
    assert_eq!(
        notice.warnings,
        vec![
            "line 6: valor glosado \"cuarenta mil\" is not a number",
            "payer NIT 806543210-5: NIT check digit is 5, the number needs 4",
            "the items' objected values add up to 90000, the notice's total objected is 100000",
        ]
    );
}

#[test]
fn a_notice_without_items_or_nits_still_reads_with_warnings() {
    let notice = read_text("Asunto: glosa\nNo. de glosa: 123\n").expect("a notice");
    assert_eq!(notice.number.as_deref(), Some("123"));
    assert_eq!(
        notice.warnings,
        vec![
            "no payer NIT found",
            "no provider NIT found",
            "no items found"
        ]
    );
}

#[test]
fn text_with_nothing_of_a_notice_is_refused() {
    let error = read_text("Hola, ¿cómo estás?\nNos vemos mañana.").expect_err("not a notice");
    assert!(matches!(error, NoticeError::NotANotice { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "the text: nothing in it reads as a glosa notice (no header labels, no item rows)"
    );
}

#[test]
fn oversized_text_is_refused_with_the_limit() {
    let text = "a".repeat(crate::notice::MAX_INPUT_BYTES + 1);
    let error = read_text(&text).expect_err("too large");
    assert!(
        error.to_string().contains("20971520 bytes (20 MB)"),
        "{error}"
    );
}

#[test]
fn too_many_item_lines_are_refused_with_the_limit() {
    let mut text = String::from("NIT EPS: 806543210-4\n");
    for _ in 0..=crate::notice::MAX_ITEMS {
        text.push_str("FA0101  Cantidad  1.000\n");
    }
    let error = read_text(&text).expect_err("too many items");
    assert_eq!(
        error.to_string(),
        "the text has more than 5000 item rows, the most a notice may have"
    );
}

#[test]
fn looks_like_notice_is_a_cheap_first_test() {
    assert!(looks_like_notice(LAYOUT_LETTER));
    assert!(looks_like_notice(
        "Asunto: Notificación de glosa factura FEV 123\nAdjunto relación."
    ));
    assert!(looks_like_notice("Devolución\nDE1601 Factura ya pagada"));
    assert!(!looks_like_notice(
        "Tu devolución fue aprobada. El reembolso llegará en 5 días."
    ));
    assert!(!looks_like_notice(
        "Factura electrónica FEV 123 por $ 45.000"
    ));
    assert!(!looks_like_notice(""));
}
