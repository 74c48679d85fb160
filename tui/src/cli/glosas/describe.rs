//! How `centralita glosas` prints: a glosa as a row of `list`, one glosa in full for `show`,
//! a code of the catalogs as a row of `catalog`.

use std::fmt::Write as _;

use centralita_protocol::{GlosaCode, GlosaDetail, GlosaItem, GlosaSummary};

use crate::text;

/// The table of `glosas list`.
pub const HEADER: [&str; 10] = [
    "ID",
    "DAYS LEFT",
    "DUE",
    "STATE",
    "PAYER",
    "NOTICE",
    "INVOICES",
    "OBJECTED",
    "ITEMS",
    "UNKNOWN CODES",
];

/// The table of `glosas catalog`.
pub const CATALOG_HEADER: [&str; 4] = ["CODE", "SYSTEM", "FAMILY", "DESCRIPTION"];

/// The currency of glosa notices (Colombian payers).
const GLOSA_CURRENCY: &str = "COP";

/// A glosa as a row of [`HEADER`].
pub fn row(glosa: &GlosaSummary) -> Vec<String> {
    vec![
        glosa.id.to_string(),
        text::days_left(glosa),
        glosa.due.to_string(),
        glosa.state.as_str().to_owned(),
        glosa.payer_name.clone(),
        glosa.number.clone(),
        glosa.invoices.join(","),
        crate::format::amount(&glosa.total_objected, GLOSA_CURRENCY),
        glosa.items.to_string(),
        glosa.unknown_codes.to_string(),
    ]
}

/// A code as a row of [`CATALOG_HEADER`].
pub fn code_row(code: &GlosaCode) -> Vec<String> {
    vec![
        code.code.clone(),
        code.system.clone(),
        code.family.clone(),
        code.description.clone(),
    ]
}

/// A glosa as text for a terminal: its header, what reading it noticed, each item with its
/// response, then the notice's text.
pub fn describe(detail: &GlosaDetail) -> String {
    let summary = &detail.summary;
    let mut out = text::glosa_heading(
        summary.id,
        summary.state.as_str(),
        &summary.kind,
        &summary.number,
    );
    out.push('\n');
    let width = label_width();
    let mut header = |name: text::Text, value: String| {
        if !value.is_empty() {
            let _ = writeln!(out, "{:<width$}{value}", name.get());
        }
    };
    header(
        text::LABEL_PAYER,
        format!("{} (NIT {})", summary.payer_name, summary.payer_nit),
    );
    header(
        text::LABEL_PROVIDER,
        format!("{} (NIT {})", detail.provider_name, detail.provider_nit),
    );
    header(text::LABEL_DATES, text::glosa_dates(detail));
    header(text::LABEL_DUE, text::glosa_due(summary));
    header(text::LABEL_INVOICES, summary.invoices.join(", "));
    let linked: Vec<String> = detail
        .linked_invoices
        .iter()
        .map(ToString::to_string)
        .collect();
    header(text::LABEL_LINKED, linked.join(", "));
    header(
        text::LABEL_OBJECTED,
        match &detail.total_invoiced {
            Some(invoiced) => text::amount_of_invoiced(
                crate::format::amount(&summary.total_objected, GLOSA_CURRENCY),
                crate::format::amount(invoiced, GLOSA_CURRENCY),
            ),
            None => crate::format::amount(&summary.total_objected, GLOSA_CURRENCY),
        },
    );
    header(text::LABEL_ORIGIN, summary.origin.clone());
    if detail.late_notice {
        let _ = writeln!(out, "! {}", text::LATE_NOTICE);
    }
    for (index, warning) in detail.warnings.iter().enumerate() {
        let warning = text::kept_error(warning, detail.warning_words.get(index));
        let _ = writeln!(out, "! {warning}");
    }
    let _ = writeln!(out, "\n{}", text::glosa_items(detail.items.len()));
    for item in &detail.items {
        describe_item(&mut out, item);
    }
    let _ = writeln!(
        out,
        "\n{}\n{}",
        text::LABEL_NOTICE_TEXT,
        detail.source_text.trim_end()
    );
    out
}

/// One item: its code and where the catalogs put it, the payer's words, its values, its
/// response.
fn describe_item(out: &mut String, item: &GlosaItem) {
    let mut code = vec![item.code.clone()];
    if item.code_system == "unknown" {
        code.push(text::UNKNOWN_CODE.to_string());
    } else {
        code.push(item.code_system.clone());
        if !item.family.is_empty() {
            code.push(item.family.clone());
        }
    }
    let _ = writeln!(out, "  {}. {}", item.index, code.join(" · "));
    let width = label_width();
    let mut line = |name: text::Text, value: String| {
        if !value.is_empty() {
            let _ = writeln!(out, "     {:<width$}{value}", name.get());
        }
    };
    line(text::LABEL_CATALOG, item.code_description.clone());
    line(text::LABEL_PAYER, item.description.clone());
    let mut values = Vec::new();
    let mut value = |name: text::Text, value: &Option<String>| {
        if let Some(value) = value {
            values.push(format!("{name} {value}"));
        }
    };
    let money = |amount: &Option<String>| {
        amount
            .as_deref()
            .map(|amount| crate::format::amount(amount, GLOSA_CURRENCY))
    };
    value(text::LABEL_QUANTITY, &item.quantity);
    value(text::LABEL_INVOICED, &money(&item.invoiced));
    value(text::LABEL_OBJECTED, &money(&item.objected));
    if !item.service_code.is_empty() {
        values.insert(0, format!("{} {}", text::LABEL_SERVICE, item.service_code));
    }
    line(text::LABEL_VALUES, values.join(" · "));
    line(
        text::LABEL_RESPONSE,
        item.response
            .as_ref()
            .map_or_else(|| text::NO_RESPONSE_YET.to_string(), text::item_response),
    );
}

/// The width of the names in a glosa and its items, in the reader's language.
fn label_width() -> usize {
    let names = [
        text::LABEL_PAYER,
        text::LABEL_PROVIDER,
        text::LABEL_DATES,
        text::LABEL_DUE,
        text::LABEL_INVOICES,
        text::LABEL_LINKED,
        text::LABEL_OBJECTED,
        text::LABEL_ORIGIN,
        text::LABEL_CATALOG,
        text::LABEL_VALUES,
        text::LABEL_RESPONSE,
    ];
    text::label_width(&names.map(text::Text::get))
}
