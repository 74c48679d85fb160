//! One invoice for review: the fields (the selected one is edited with `e`), warnings and line
//! items on the left, the text the extractor read on the right.

use centralita_protocol::{FieldName, InvoiceState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::console::app::{App, View};
use crate::console::theme::Theme;
use crate::console::widgets;
use crate::text;

/// Width of the field-name column.
const LABEL: u16 = 15;

/// `value` cut to `width` characters with an ellipsis (the full value is in the edit prompt).
fn fit(value: &str, width: usize) -> String {
    if value.chars().count() <= width {
        return value.to_owned();
    }
    let mut cut: String = value.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let Some(detail) = &app.invoice else {
        widgets::notice(frame, area, View::Invoice, text::LOADING, theme);
        return;
    };
    let summary = &detail.summary;
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);

    let mut lines = vec![Line::from(vec![
        Span::styled(
            summary.state.as_str().replace('_', " "),
            theme.invoice_state(summary.state),
        ),
        Span::styled(
            format!("  {} · {}", summary.kind, summary.file_name),
            theme.dim(),
        ),
    ])];
    if let Some(reason) = &detail.reason {
        lines.push(Line::styled(reason.clone(), theme.error()));
    }
    let fields = detail.confirmed.as_ref().unwrap_or(&detail.preview);
    let editable = summary.state == InvoiceState::WaitingValidation;
    // Inside the border: marker (2) + label (15); the value gets what the source leaves.
    let room = usize::from(left.width.saturating_sub(2 + 2 + LABEL));
    for (index, name) in FieldName::ALL.into_iter().enumerate() {
        let field = fields.fields.get(&name);
        let marker = if index == app.invoice_field && editable {
            Span::styled("▶ ", theme.key())
        } else {
            Span::raw("  ")
        };
        let source = field.map_or_else(String::new, |field| {
            format!(" {} {:.0}%", field.source, field.confidence * 100.0)
        });
        let value = field.map_or_else(
            || Span::styled("—", theme.dim()),
            |field| {
                Span::raw(fit(
                    &field.value,
                    room.saturating_sub(source.chars().count()),
                ))
            },
        );
        let label_style = if index == app.invoice_field && editable {
            theme.selected()
        } else {
            theme.dim()
        };
        lines.push(Line::from(vec![
            marker,
            Span::styled(
                format!("{:<width$}", name.as_str(), width = usize::from(LABEL)),
                label_style,
            ),
            value,
            Span::styled(source, theme.dim()),
        ]));
    }
    for warning in &detail.warnings {
        lines.push(Line::styled(
            format!("! {}", warning.message),
            theme.error(),
        ));
    }
    if !fields.line_items.is_empty() {
        lines.push(Line::styled(
            format!("{} line items", fields.line_items.len()),
            theme.title(),
        ));
        for line in &fields.line_items {
            lines.push(Line::raw(format!(
                "  {} × {} = {}  {}",
                line.quantity.as_deref().unwrap_or("?"),
                line.unit_price.as_deref().unwrap_or("?"),
                line.amount.as_deref().unwrap_or("?"),
                line.description
            )));
        }
    }
    if let Some(edit) = detail.edits.last() {
        lines.push(Line::styled(
            format!(
                "last edit: {} {} {} → {}",
                edit.operator,
                edit.field,
                edit.old.as_deref().unwrap_or("—"),
                edit.new.as_deref().unwrap_or("—")
            ),
            theme.dim(),
        ));
    }
    let title = format!(" invoice {} ", summary.id);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(Span::styled(title, theme.title()))),
        left,
    );

    draw_text(frame, right, detail, app.text_scroll, theme);
}

/// The text the extractor read, scrolled to `scroll`.
fn draw_text(
    frame: &mut Frame<'_>,
    area: Rect,
    detail: &centralita_protocol::InvoiceDetail,
    scroll: usize,
    theme: Theme,
) {
    let method = if detail.text_method.is_empty() {
        String::new()
    } else {
        format!(" ({})", detail.text_method)
    };
    let text_lines: Vec<Line<'static>> = detail
        .text
        .lines()
        .skip(scroll)
        .map(|line| Line::raw(line.to_owned()))
        .collect();
    frame.render_widget(
        Paragraph::new(text_lines).block(Block::bordered().title(Span::styled(
            format!(" text{method} · PgUp/PgDn "),
            theme.title(),
        ))),
        area,
    );
}
