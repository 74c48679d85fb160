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

/// Width of the names before a glosa's header values and an item's lines ("provider ").
const LABEL: usize = 10;

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
    let mut out = format!(
        "glosa {} · {} · {} {}\n",
        summary.id,
        summary.state.as_str(),
        summary.kind,
        summary.number
    );
    let mut header = |name: &str, value: String| {
        if !value.is_empty() {
            let _ = writeln!(out, "{name:<LABEL$}{value}");
        }
    };
    header(
        "payer",
        format!("{} (NIT {})", summary.payer_name, summary.payer_nit),
    );
    header(
        "provider",
        format!("{} (NIT {})", detail.provider_name, detail.provider_nit),
    );
    let mut dates = Vec::new();
    if let Some(date) = summary.notice_date {
        dates.push(format!("notice {date}"));
    }
    dates.push(format!("received {}", summary.received_on));
    if let Some(date) = detail.filed_date {
        dates.push(text::invoice_filed(date));
    }
    header("dates", dates.join(" · "));
    header("due", text::glosa_due(summary));
    header("invoices", summary.invoices.join(", "));
    let linked: Vec<String> = detail
        .linked_invoices
        .iter()
        .map(ToString::to_string)
        .collect();
    header("linked", linked.join(", "));
    header(
        "objected",
        match &detail.total_invoiced {
            Some(invoiced) => format!(
                "{} of {} invoiced",
                crate::format::amount(&summary.total_objected, GLOSA_CURRENCY),
                crate::format::amount(invoiced, GLOSA_CURRENCY)
            ),
            None => crate::format::amount(&summary.total_objected, GLOSA_CURRENCY),
        },
    );
    header("origin", summary.origin.clone());
    if detail.late_notice {
        let _ = writeln!(out, "! {}", text::LATE_NOTICE);
    }
    for warning in &detail.warnings {
        let _ = writeln!(out, "! {warning}");
    }
    let _ = writeln!(out, "\n{} items:", detail.items.len());
    for item in &detail.items {
        describe_item(&mut out, item);
    }
    let _ = writeln!(out, "\nnotice text:\n{}", detail.source_text.trim_end());
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
    let mut line = |name: &str, value: String| {
        if !value.is_empty() {
            let _ = writeln!(out, "     {name:<LABEL$}{value}");
        }
    };
    line("catalog", item.code_description.clone());
    line("payer", item.description.clone());
    let mut values = Vec::new();
    let mut value = |name: &str, value: &Option<String>| {
        if let Some(value) = value {
            values.push(format!("{name} {value}"));
        }
    };
    let money = |amount: &Option<String>| {
        amount
            .as_deref()
            .map(|amount| crate::format::amount(amount, GLOSA_CURRENCY))
    };
    value("quantity", &item.quantity);
    value("invoiced", &money(&item.invoiced));
    value("objected", &money(&item.objected));
    if !item.service_code.is_empty() {
        values.insert(0, format!("service {}", item.service_code));
    }
    line("values", values.join(" · "));
    line(
        "response",
        item.response
            .as_ref()
            .map_or_else(|| text::NO_RESPONSE_YET.to_string(), text::item_response),
    );
}
