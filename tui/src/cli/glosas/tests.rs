use centralita_protocol::{
    Decision, GlosaCode, GlosaDetail, GlosaId, GlosaItem, GlosaSummary, InvoiceId, ItemResponse,
    Urgency,
};
use clap::Parser as _;
use jiff::Timestamp;
use jiff::civil::date;

use centralita_protocol::said::Words;

use super::describe::{code_row, describe, row};
use super::*;
use crate::cli::{Cli, Command};

fn glosas(args: &[&str]) -> Result<GlosasCommand, clap::Error> {
    let line = ["centralita", "glosas"].iter().chain(args).copied();
    match Cli::try_parse_from(line)?.command {
        Some(Command::Glosas(command)) => Ok(command),
        other => panic!("not a glosas command: {other:?}"),
    }
}

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(second).expect("a fixed time in range")
}

fn summary() -> GlosaSummary {
    GlosaSummary {
        id: GlosaId(7),
        state: GlosaState::InReview,
        kind: "glosa".into(),
        payer_name: "EPS Sanitas S.A.".into(),
        payer_nit: "800251440-6".into(),
        number: "GL-2026-0412".into(),
        notice_date: Some(date(2026, 11, 2)),
        received_on: date(2026, 11, 3),
        due: date(2026, 11, 25),
        days_left: 3,
        urgency: Urgency::Soon,
        invoices: vec!["FE-1001".into(), "FE-1002".into()],
        total_objected: "320000.00".into(),
        items: 3,
        unknown_codes: 1,
        origin: "mail: Glosa facturas FE-1001, glosas@sanitas.co".into(),
    }
}

fn item(index: u32, code: &str, system: &str, family: &str, description: &str) -> GlosaItem {
    GlosaItem {
        index,
        code: code.into(),
        code_system: system.into(),
        family: family.into(),
        code_description: description.into(),
        description: String::new(),
        service_code: String::new(),
        quantity: None,
        invoiced: None,
        objected: None,
        response: None,
    }
}

/// Glosa 7: an answered item, an unanswered one, one with a code neither catalog knows.
fn detail() -> GlosaDetail {
    let mut answered = item(
        1,
        "TA0201",
        "2284",
        "Tarifas",
        "Diferencias en los valores facturados",
    );
    answered.description = "La consulta se cobra por encima de la tarifa pactada".into();
    answered.service_code = "890201".into();
    answered.quantity = Some("1".into());
    answered.invoiced = Some("120000.00".into());
    answered.objected = Some("20000.00".into());
    answered.response = Some(ItemResponse {
        decision: Decision::NotAccepted,
        code: "RE9901".into(),
        justification: "La tarifa es la del contrato 2026-114, anexo 2".into(),
    });
    let mut open = item(2, "SO2101", "2284", "Soportes", "Ausencia de soportes");
    open.description = "Falta la epicrisis".into();
    open.objected = Some("250000.00".into());
    let mut unknown = item(3, "XX-77", "unknown", "", "");
    unknown.description = "Otro".into();
    unknown.objected = Some("50000.00".into());
    GlosaDetail {
        summary: summary(),
        provider_name: "Clínica Norte SAS".into(),
        provider_nit: "900123456-7".into(),
        filed_date: Some(date(2026, 9, 1)),
        total_invoiced: Some("1250000.00".into()),
        linked_invoices: vec![InvoiceId(107), InvoiceId(108)],
        items: vec![answered, open, unknown],
        warnings: vec!["the items add up to 320000.00, the notice says 330000.00".into()],
        warning_words: Vec::new(),
        source_text: "EPS SANITAS S.A.\nNotificación de glosa GL-2026-0412\n\n".into(),
        late_notice: true,
        created_at: at(1_790_000_000),
        updated_at: at(1_790_000_000),
    }
}

#[test]
fn glosas_verbs_parse_with_json_everywhere() {
    let Ok(GlosasCommand::List { state, list }) =
        glosas(&["list", "--state", "in_review", "--limit", "5"])
    else {
        panic!("list parses")
    };
    assert_eq!(
        (state.map(StateArg::to_state), list.limit, list.json),
        (Some(GlosaState::InReview), 5, false)
    );
    assert!(glosas(&["list", "--state", "in-review"]).is_err());
    assert!(glosas(&["list", "--state", "open"]).is_err());
    let Ok(GlosasCommand::List { state, list }) = glosas(&["list", "--json"]) else {
        panic!("list parses")
    };
    assert_eq!((state, list.limit, list.json), (None, 50, true));
    assert!(matches!(
        glosas(&["show", "7", "--json"]),
        Ok(GlosasCommand::Show {
            id: GlosaId(7),
            json: true
        })
    ));
    for (verb, expected) in [
        ("review", "Review"),
        ("answered", "Answered"),
        ("close", "Close"),
        ("reopen", "Reopen"),
    ] {
        let command = glosas(&[verb, "7", "--json"]).expect("parses");
        let debug = format!("{command:?}");
        assert!(
            debug.starts_with(expected) && debug.contains("id: GlosaId(7), json: true"),
            "{debug}"
        );
        assert!(glosas(&[verb]).is_err(), "{verb} needs a glosa");
    }
    let Ok(GlosasCommand::Export {
        id,
        format,
        output,
        force,
        json,
    }) = glosas(&[
        "export",
        "7",
        "--format",
        "csv",
        "-o",
        "answer.csv",
        "--force",
    ])
    else {
        panic!("export parses")
    };
    assert_eq!(
        (id, format, output, force, json),
        (
            GlosaId(7),
            ExportFormat::Csv,
            Some(PathBuf::from("answer.csv")),
            true,
            false
        )
    );
    assert!(glosas(&["export", "7", "--format", "pdf"]).is_err());
    assert!(glosas(&["export", "7"]).is_err(), "the format is needed");
    assert!(matches!(
        glosas(&["catalog", "--json"]),
        Ok(GlosasCommand::Catalog {
            search: None,
            json: true
        })
    ));
    let Ok(GlosasCommand::Catalog { search, .. }) = glosas(&["catalog", "tarifa"]) else {
        panic!("catalog parses")
    };
    assert_eq!(search.as_deref(), Some("tarifa"));
    let Ok(GlosasCommand::Add { file, json }) = glosas(&["add", "glosa.pdf", "--json"]) else {
        panic!("add parses")
    };
    assert_eq!((file, json), (PathBuf::from("glosa.pdf"), true));
    assert!(glosas(&["add"]).is_err(), "a file is needed");
}

#[test]
fn answer_takes_a_decision_code_and_justification_or_clear_alone() {
    let Ok(GlosasCommand::Answer {
        id,
        item,
        decision,
        value,
        code,
        justification,
        clear,
        json,
    }) = glosas(&[
        "answer",
        "7",
        "2",
        "--decision",
        "partial",
        "--value",
        "60000",
        "--code",
        "RE9801",
        "--justification",
        "se acepta la diferencia",
        "--json",
    ])
    else {
        panic!("answer parses")
    };
    assert_eq!((id, item, clear, json), (GlosaId(7), 2, false, true));
    assert_eq!(decision, Some(DecisionWord::Partial));
    assert_eq!(
        crate::glosas::response(
            DecisionWord::Partial,
            code.as_deref().unwrap_or_default(),
            justification.as_deref().unwrap_or_default(),
            value.as_deref()
        ),
        Ok(ItemResponse {
            decision: Decision::PartiallyAccepted {
                value: "60000".into()
            },
            code: "RE9801".into(),
            justification: "se acepta la diferencia".into(),
        })
    );
    assert!(matches!(
        glosas(&[
            "answer",
            "7",
            "2",
            "--decision",
            "not-accepted",
            "--code",
            "RE9901",
            "--justification",
            "x"
        ]),
        Ok(GlosasCommand::Answer {
            decision: Some(DecisionWord::NotAccepted),
            ..
        })
    ));
    assert!(matches!(
        glosas(&["answer", "7", "2", "--clear"]),
        Ok(GlosasCommand::Answer {
            clear: true,
            decision: None,
            ..
        })
    ));
    for missing in [
        &["answer", "7", "2"][..],
        &[
            "answer",
            "7",
            "2",
            "--decision",
            "accepted",
            "--code",
            "RE9702",
        ],
        &[
            "answer",
            "7",
            "2",
            "--code",
            "RE9702",
            "--justification",
            "x",
        ],
        &["answer", "7", "--clear"],
    ] {
        assert!(glosas(missing).is_err(), "{missing:?}");
    }
    assert!(
        glosas(&["answer", "7", "2", "--clear", "--code", "RE9901"]).is_err(),
        "--clear goes alone"
    );
    assert!(glosas(&["answer", "7", "2", "--decision", "maybe", "--clear"]).is_err());
}

#[test]
fn list_rows_say_days_left_with_their_urgency_while_the_clock_runs() {
    let mut glosa = summary();
    assert_eq!(
        row(&glosa),
        [
            "7",
            "3 (soon)",
            "2026-11-25",
            "in_review",
            "EPS Sanitas S.A.",
            "GL-2026-0412",
            "FE-1001,FE-1002",
            "$ 320.000,00 COP",
            "3",
            "1"
        ]
    );
    (glosa.days_left, glosa.urgency) = (-2, Urgency::Overdue);
    assert_eq!(row(&glosa)[1], "-2 (tacitly accepted)");
    (glosa.days_left, glosa.urgency) = (1, Urgency::Urgent);
    assert_eq!(row(&glosa)[1], "1 (urgent)");
    (glosa.days_left, glosa.urgency) = (12, Urgency::Ok);
    assert_eq!(row(&glosa)[1], "12 (ok)");
    glosa.state = GlosaState::Answered;
    (glosa.days_left, glosa.urgency) = (-2, Urgency::Overdue);
    assert_eq!(row(&glosa)[1], "-2", "answered: the clock stopped");
    let code = GlosaCode {
        system: "2284".into(),
        code: "TA0201".into(),
        family: "Tarifas".into(),
        description: "Diferencias en los valores facturados".into(),
    };
    assert_eq!(
        code_row(&code),
        [
            "TA0201",
            "2284",
            "Tarifas",
            "Diferencias en los valores facturados"
        ]
    );
}

#[test]
fn show_prints_the_header_warnings_each_item_with_its_response_and_the_notice() {
    assert_eq!(
        describe(&detail()),
        format!(
            "glosa 7 · in_review · glosa GL-2026-0412\n\
             payer     EPS Sanitas S.A. (NIT 800251440-6)\n\
             provider  Clínica Norte SAS (NIT 900123456-7)\n\
             dates     notice 2026-11-02 · received 2026-11-03 · invoice filed 2026-09-01\n\
             due       2026-11-25: 3 business days left (soon)\n\
             invoices  FE-1001, FE-1002\n\
             linked    107, 108\n\
             objected  $ 320.000,00 COP of $ 1.250.000,00 COP invoiced\n\
             origin    mail: Glosa facturas FE-1001, glosas@sanitas.co\n\
             ! {}\n\
             ! the items add up to 320000.00, the notice says 330000.00\n\
             \n\
             3 items:\n  \
               1. TA0201 · 2284 · Tarifas\n     \
                  catalog   Diferencias en los valores facturados\n     \
                  payer     La consulta se cobra por encima de la tarifa pactada\n     \
                  values    service 890201 · quantity 1 · invoiced $ 120.000,00 COP · objected $ 20.000,00 COP\n     \
                  response  not accepted · RE9901 · La tarifa es la del contrato 2026-114, anexo 2\n  \
               2. SO2101 · 2284 · Soportes\n     \
                  catalog   Ausencia de soportes\n     \
                  payer     Falta la epicrisis\n     \
                  values    objected $ 250.000,00 COP\n     \
                  response  no response yet\n  \
               3. XX-77 · unknown code\n     \
                  payer     Otro\n     \
                  values    objected $ 50.000,00 COP\n     \
                  response  no response yet\n\
             \n\
             notice text:\n\
             EPS SANITAS S.A.\n\
             Notificación de glosa GL-2026-0412\n",
            text::LATE_NOTICE
        )
    );
    let mut bare = detail();
    bare.late_notice = false;
    bare.warnings.clear();
    bare.linked_invoices.clear();
    bare.total_invoiced = None;
    bare.summary.notice_date = None;
    bare.summary.state = GlosaState::Closed;
    bare.items[1].response = Some(ItemResponse {
        decision: Decision::PartiallyAccepted {
            value: "100000.00".into(),
        },
        code: "RE9801".into(),
        justification: "se acepta en parte".into(),
    });
    let text = describe(&bare);
    assert!(!text.contains("! "), "{text}");
    assert!(!text.contains("linked"), "{text}");
    assert!(text.contains("dates     received 2026-11-03 · invoice filed 2026-09-01\n"));
    assert!(
        text.contains("due       2026-11-25\n"),
        "closed: the clock stopped"
    );
    assert!(text.contains("objected  $ 320.000,00 COP\n"), "{text}");
    assert!(
        text.contains("response  partial (100000.00 accepted) · RE9801 · se acepta en parte\n"),
        "{text}"
    );
}

#[test]
fn the_due_date_says_today_and_days_past() {
    let mut glosa = summary();
    (glosa.days_left, glosa.urgency) = (0, Urgency::Urgent);
    assert_eq!(text::glosa_due(&glosa), "2026-11-25: today (urgent)");
    (glosa.days_left, glosa.urgency) = (-1, Urgency::Overdue);
    assert_eq!(
        text::glosa_due(&glosa),
        "2026-11-25: 1 business day past, tacitly accepted"
    );
    (glosa.days_left, glosa.urgency) = (1, Urgency::Urgent);
    assert_eq!(
        text::glosa_due(&glosa),
        "2026-11-25: 1 business day left (urgent)"
    );
}

#[test]
fn export_writes_where_the_daemon_names_it_but_only_in_the_current_folder() {
    assert_eq!(
        default_export_path(
            "respuesta-glosa-GL-2026-0412.xlsx",
            GlosaId(7),
            ExportFormat::Xlsx
        ),
        PathBuf::from("respuesta-glosa-GL-2026-0412.xlsx")
    );
    assert_eq!(
        default_export_path("../../etc/cron.d/x.csv", GlosaId(7), ExportFormat::Csv),
        PathBuf::from("x.csv")
    );
    for name in ["", "..", "/"] {
        assert_eq!(
            default_export_path(name, GlosaId(7), ExportFormat::Csv),
            PathBuf::from("glosa-7.csv"),
            "{name:?}"
        );
    }
}

#[test]
fn answering_and_moving_print_one_line() {
    let response = ItemResponse {
        decision: Decision::NotAccepted,
        code: "RE9901".into(),
        justification: "x".into(),
    };
    assert_eq!(
        text::glosa_answered(GlosaId(7), 2, &response),
        "glosa 7, item 2: not accepted (RE9901)"
    );
    assert_eq!(
        text::glosa_answer_cleared(GlosaId(7), 2),
        "glosa 7, item 2: response cleared"
    );
    assert_eq!(
        text::glosa_state_set(GlosaId(7), GlosaState::InReview),
        "glosa 7 is now in review"
    );
}

#[test]
fn show_speaks_spanish_with_the_values_lined_up() {
    text::set_lang(text::Lang::Es);
    let text = describe(&detail());
    for spanish in [
        "pagador     EPS Sanitas S.A. (NIT 800251440-6)\n",
        "prestador   Clínica Norte SAS (NIT 900123456-7)\n",
        "fechas      aviso 2026-11-02 · recibida 2026-11-03",
        "vinculadas  107, 108\n",
        "objetado    $ 320.000,00 COP de $ 1.250.000,00 COP facturado\n",
        "3 ítems:\n",
        "     catálogo    Diferencias en los valores facturados\n",
        "     valores     servicio 890201 · cantidad 1 · facturado $ 120.000,00 COP",
        "     respuesta   ",
        "texto del aviso:\nEPS SANITAS S.A.\n",
    ] {
        assert!(text.contains(spanish), "no {spanish:?} in:\n{text}");
    }
    for english in [
        "payer ",
        "provider",
        "dates ",
        "linked",
        "items:",
        "catalog",
        "values",
        "notice text",
    ] {
        assert!(!text.contains(english), "{english:?} left in:\n{text}");
    }
}

fn words(key: &str, args: &[&str], inner: Option<Words>) -> Words {
    Words {
        key: key.to_owned(),
        args: args.iter().map(|arg| (*arg).to_owned()).collect(),
        inner: inner.map(Box::new),
    }
}

/// A glosa's warnings of every kind, as the daemon sends them: the English and its words.
fn warnings_with_words() -> Vec<(&'static str, Words)> {
    let check_digit = || Some(words("tax_id_check_digit", &["NIT", "7", "8"], None));
    vec![
        (
            "no payer NIT found",
            words("glosa_payer_nit_missing", &[], None),
        ),
        (
            "no provider NIT found",
            words("glosa_provider_nit_missing", &[], None),
        ),
        (
            "payer NIT 800197268-5: NIT check digit is 7, the number needs 8",
            words(
                "glosa_payer_nit_invalid",
                &["800197268-5", "NIT check digit is 7, the number needs 8"],
                check_digit(),
            ),
        ),
        (
            "provider NIT 900123456-7: NIT check digit is 7, the number needs 8",
            words(
                "glosa_provider_nit_invalid",
                &["900123456-7", "NIT check digit is 7, the number needs 8"],
                check_digit(),
            ),
        ),
        ("no items found", words("glosa_no_items", &[], None)),
        (
            "the items' objected values add up to 120000, the notice's total objected is 150000",
            words("glosa_objected_mismatch", &["120000", "150000"], None),
        ),
        (
            "line 12: valor glosado \"cuarenta mil\" is not a number",
            words(
                "glosa_line_unreadable",
                &["12", "valor glosado \"cuarenta mil\" is not a number"],
                Some(words(
                    "glosa_row_not_a_number",
                    &["valor glosado", "\"cuarenta mil\""],
                    None,
                )),
            ),
        ),
        (
            "line 14: SO2101: no objected value (valor glosado) at the end",
            words(
                "glosa_line_unreadable",
                &["14", "SO2101: no objected value (valor glosado) at the end"],
                Some(words("glosa_row_no_objected_value", &["SO2101"], None)),
            ),
        ),
        (
            "12 more lines could not be read as items",
            words("glosa_more_lines_unreadable", &["12"], None),
        ),
        (
            "row 8: código glosa \"Valor\" is not a glosa code, row skipped",
            words(
                "glosa_row_skipped",
                &["8", "código glosa \"Valor\" is not a glosa code"],
                Some(words("glosa_row_not_a_code", &["\"Valor\""], None)),
            ),
        ),
        (
            "sheet \"Glosas\" row 7: no glosa code, row skipped",
            words(
                "glosa_sheet_row_skipped",
                &["\"Glosas\"", "7", "no glosa code"],
                Some(words("glosa_row_no_code", &[], None)),
            ),
        ),
        (
            "3 more rows could not be read as items",
            words("glosa_more_rows_unreadable", &["3"], None),
        ),
    ]
}

#[test]
fn show_says_a_glosas_warnings_in_spanish_from_their_words() {
    let mut glosa = detail();
    let (english, words): (Vec<&str>, Vec<Words>) = warnings_with_words().into_iter().unzip();
    glosa.warnings = english
        .iter()
        .map(|warning| (*warning).to_owned())
        .collect();
    glosa.warning_words = words;
    glosa.late_notice = false;
    text::set_lang(text::Lang::Es);
    let spanish = describe(&glosa);
    let shown: Vec<&str> = spanish
        .lines()
        .filter(|line| line.starts_with("! "))
        .collect();
    assert_eq!(
        shown,
        [
            "! no se encontró el NIT del pagador",
            "! no se encontró el NIT del prestador",
            "! NIT del pagador 800197268-5: el dígito verificador del NIT es 7, pero el número \
             requiere 8",
            "! NIT del prestador 900123456-7: el dígito verificador del NIT es 7, pero el número \
             requiere 8",
            "! no se encontraron ítems",
            "! los valores objetados de los ítems suman 120000, el total objetado del aviso es \
             150000",
            "! línea 12: valor glosado \"cuarenta mil\" no es un número",
            "! línea 14: SO2101: sin valor glosado al final",
            "! 12 líneas más no se pudieron leer como ítems",
            "! fila 8: el código de glosa \"Valor\" no es un código de glosa, fila omitida",
            "! fila 7 (hoja \"Glosas\"): sin código de glosa, fila omitida",
            "! 3 filas más no se pudieron leer como ítems",
        ]
    );
    // In English, and without words (a glosa read before them), the English as it was kept.
    text::set_lang(text::Lang::En);
    let english_shown = describe(&glosa);
    glosa.warning_words.clear();
    text::set_lang(text::Lang::Es);
    let without_words = describe(&glosa);
    for warning in english {
        assert!(
            english_shown.contains(&format!("! {warning}\n")),
            "{english_shown}"
        );
        assert!(
            without_words.contains(&format!("! {warning}\n")),
            "{without_words}"
        );
    }
}
