//! `:invoices`: every invoice of the tenant, newest first, virtualised, with the counts per
//! state on top; `/` filters by state, issuer and date on the daemon.

use centralita_protocol::InvoiceState;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::console::app::App;
use crate::console::theme::Theme;
use crate::console::widgets;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let [summary_area, table_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    let mut summary = vec![Span::styled(" ", theme.dim())];
    for state in InvoiceState::ALL {
        let count = app.invoice_counts.get(state);
        let style = if count > 0 {
            theme.invoice_state(state)
        } else {
            theme.dim()
        };
        summary.push(Span::styled(format!("{count} "), style));
        summary.push(Span::styled(
            format!("{}  ", short_state(state)),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(summary)), summary_area);

    let more = if app.invoices_next.is_some() { "+" } else { "" };
    let filter = if app.invoice_filter_text.is_empty() {
        String::new()
    } else {
        format!(" · /{}", app.invoice_filter_text)
    };
    let title = format!(" invoices ({}{more}){filter} ", app.invoices.rows.len());
    let widths = [
        Constraint::Length(5),
        Constraint::Length(10),
        Constraint::Min(14),
        Constraint::Length(14),
        Constraint::Length(10),
        Constraint::Length(11),
        Constraint::Length(3),
        Constraint::Length(2),
    ];
    let rows = &app.invoices.rows;
    widgets::virtual_table(
        frame,
        table_area,
        &widgets::TableSpec {
            title,
            header: vec![
                "ID", "STATE", "ISSUER", "NUMBER", "DATE", "TOTAL", "CUR", "!",
            ],
            widths: &widths,
            total: rows.len(),
            selected: app.invoices.selected,
        },
        |index| {
            let invoice = &rows[index];
            let cell = |value: &Option<String>| Cell::from(value.clone().unwrap_or_default());
            let warnings = if invoice.warnings > 0 {
                Cell::from(Span::styled(invoice.warnings.to_string(), theme.error()))
            } else {
                Cell::from("")
            };
            Row::new(vec![
                Cell::from(invoice.id.to_string()),
                Cell::from(Span::styled(
                    short_state(invoice.state),
                    theme.invoice_state(invoice.state),
                )),
                Cell::from(
                    invoice
                        .issuer
                        .clone()
                        .unwrap_or_else(|| invoice.file_name.clone()),
                ),
                cell(&invoice.number),
                cell(&invoice.issue_date),
                Cell::from(
                    ratatui::text::Text::from(invoice.total.clone().unwrap_or_default())
                        .right_aligned(),
                ),
                cell(&invoice.currency),
                warnings,
            ])
        },
        theme,
    );
}

/// A state in at most 10 columns.
pub fn short_state(state: InvoiceState) -> &'static str {
    match state {
        InvoiceState::WaitingValidation => "to review",
        other => other.as_str(),
    }
}
