//! One invoice for review: the fields (the selected one is edited with `e`), warnings and line
//! items on the left, the text the extractor read on the right (PgUp/PgDn scroll it).
//!
//! Review starts where it is needed: the cursor opens on the least sure field, `n` walks the
//! fields to check from least to most sure, and their confidence is yellow, or red when low.

use centralita_protocol::{
    Extraction, FieldKind, FieldName, InvoiceDetail, InvoiceId, InvoiceState,
};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Context, Screen, View, ViewState, detail, invoices};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, hidden_key, key};
use crate::console::mode::Form;
use crate::console::theme::Theme;
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    key('e', text::KEY_EDIT_FIELD, Action::Edit),
    invoices::CONFIRM,
    invoices::REJECT,
    keymap::RETRY,
    hidden_key('n', text::KEY_NEXT_TO_CHECK, Action::NextToCheck),
    hidden_key('s', text::KEY_SAVE_ORIGINAL, Action::Save),
    keymap::BACK,
];

/// Width of the field-name column.
const LABEL: u16 = 15;

/// Below this confidence a field is one to check. The accuracy harness found the extractor's
/// values at 0.9 and above right 98 % of the time on the training set, and 74–89 % below.
const SURE: f32 = 0.9;
/// Below this a value is wrong about one time in four: its confidence shows in red.
const DOUBTFUL: f32 = 0.6;

/// The state of the invoice under review.
#[derive(Debug, Default)]
pub struct InvoiceView {
    /// The invoice on screen, once loaded.
    pub invoice: Option<InvoiceDetail>,
    /// The field row selected (index into [`FieldName::ALL`]).
    pub field: usize,
    /// First line of the extracted text shown.
    pub text_scroll: usize,
}

impl InvoiceView {
    /// Shows invoice `id`, loading, from its first field and line.
    pub fn open(&mut self, id: InvoiceId) -> Vec<Effect> {
        *self = Self::default();
        vec![Effect::LoadInvoice(id)]
    }

    /// `e`: the selected field's value in a form; `s`: where to save the original.
    fn edit_or_save(&self, action: Action, context: &mut Context<'_>) {
        let Some(invoice) = &self.invoice else {
            return;
        };
        let id = invoice.summary.id;
        if action == Action::Edit {
            if !editable(invoice.summary.state) {
                context.say(text::not_editable(invoice.summary.state.as_str()), true);
                return;
            }
            let field = FieldName::ALL[self.field.min(FieldName::ALL.len() - 1)];
            let current = invoice.preview.get(field).unwrap_or_default().to_owned();
            context.prompt(
                Form::EditField(id, field),
                text::prompt_edit(field.as_str()),
                current,
            );
        } else {
            let name = invoice.summary.file_name.clone();
            context.prompt(
                Form::SavePath(id),
                text::PROMPT_SAVE_ORIGINAL.to_string(),
                name,
            );
        }
    }
}

/// Fields are edited while an invoice waits for validation, and on a failed one to complete
/// it by hand (the daemon then makes it wait for validation).
fn editable(state: InvoiceState) -> bool {
    matches!(
        state,
        InvoiceState::WaitingValidation | InvoiceState::Failed
    )
}

impl ViewState for InvoiceView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        self.invoice
            .as_ref()
            .map(|invoice| vec![Effect::LoadInvoice(invoice.summary.id)])
            .unwrap_or_default()
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        let last = FieldName::ALL.len() - 1;
        match action {
            Action::Edit | Action::Save => self.edit_or_save(action, context),
            Action::Retry | Action::Confirm | Action::Reject => {
                let invoice = self.invoice.as_ref().map(|detail| &detail.summary);
                return invoices::review(action, invoice, context);
            }
            Action::NextToCheck => self.next_to_check(context),
            _ => detail::step(action, &mut self.field, last, &mut self.text_scroll),
        }
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Invoice(detail) = reply {
            // The first load puts the cursor on the least sure field; a reload (after an
            // edit) leaves it where the operator is.
            if self.invoice.is_none()
                && let Some(&first) = to_check(shown(&detail)).first()
            {
                self.field = first;
            }
            self.invoice = Some(*detail);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let Some(detail) = detail::loaded(frame, area, View::Invoice, &self.invoice, theme) else {
            return;
        };
        let summary = &detail.summary;
        let [left, right] = detail::columns(area, 55);

        let mut lines = header(detail, theme);
        let fields = shown(detail);
        let editable = editable(summary.state);
        let check = to_check(fields).len();
        if editable && check > 0 {
            lines.push(Line::styled(text::fields_to_check(check), theme.key()));
        }
        // Inside the border: marker (2) + label (15); the value gets what the source leaves.
        let room = usize::from(left.width.saturating_sub(2 + 2 + LABEL));
        let currency = fields.get(FieldName::Currency).unwrap_or_default();
        for (index, name) in FieldName::ALL.into_iter().enumerate() {
            let field = fields.fields.get(&name);
            let marker = detail::marker(index == self.field && editable, theme);
            let source = field.map_or_else(String::new, |field| {
                format!(
                    " {} {:.0}%",
                    text::field_source(field.source),
                    field.confidence * 100.0
                )
            });
            let value = field.map_or_else(
                || Span::styled("—", theme.dim()),
                |field| {
                    let shown = if name.kind() == FieldKind::Amount {
                        crate::format::amount(&field.value, currency)
                    } else {
                        field.value.clone()
                    };
                    Span::raw(fit(&shown, room.saturating_sub(source.chars().count())))
                },
            );
            let label_style = if index == self.field && editable {
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
                Span::styled(source, confidence_style(field, theme)),
            ]));
        }
        for warning in &detail.warnings {
            let warning = text::kept_error(&warning.message, warning.words.as_ref());
            lines.push(Line::styled(format!("! {warning}"), theme.error()));
        }
        if !fields.line_items.is_empty() {
            lines.push(Line::styled(
                text::line_items(fields.line_items.len()),
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
                text::last_edit(
                    &format!("{} {}", screen.when(edit.at), edit.operator),
                    &edit.field.to_string(),
                    edit.old.as_deref().unwrap_or("—"),
                    edit.new.as_deref().unwrap_or("—"),
                ),
                theme.dim(),
            ));
        }
        let title = text::invoice_title(summary.id);
        frame.render_widget(detail::pane(lines, title, theme), left);

        draw_text(frame, right, detail, self.text_scroll, theme);
    }
}

impl InvoiceView {
    /// `n`: the next field to check after the selected one, from least to most sure, round
    /// to the first after the last.
    fn next_to_check(&mut self, context: &mut Context<'_>) {
        let Some(detail) = &self.invoice else {
            return;
        };
        let order = to_check(shown(detail));
        let next = order
            .iter()
            .position(|&index| index == self.field)
            .map_or(0, |at| (at + 1) % order.len().max(1));
        match order.get(next) {
            Some(&index) => self.field = index,
            None => context.say(text::NOTHING_TO_CHECK.to_string(), false),
        }
    }
}

/// The fields on screen: the confirmed ones once processed, else the preview.
fn shown(detail: &InvoiceDetail) -> &Extraction {
    detail.confirmed.as_ref().unwrap_or(&detail.preview)
}

/// The fields to check (indexes into [`FieldName::ALL`]): those found with a confidence under
/// [`SURE`], least sure first. A value the operator typed is sure.
fn to_check(fields: &Extraction) -> Vec<usize> {
    let mut weak: Vec<(usize, f32)> = FieldName::ALL
        .into_iter()
        .enumerate()
        .filter_map(|(index, name)| {
            let field = fields.fields.get(&name)?;
            (field.confidence < SURE).then_some((index, field.confidence))
        })
        .collect();
    weak.sort_by(|a, b| a.1.total_cmp(&b.1));
    weak.into_iter().map(|(index, _)| index).collect()
}

/// A field's source and confidence: dim when sure, yellow to check, red when doubtful.
fn confidence_style(field: Option<&centralita_protocol::FieldValue>, theme: Theme) -> Style {
    match field.map(|field| field.confidence) {
        Some(confidence) if confidence < DOUBTFUL => theme.error(),
        Some(confidence) if confidence < SURE => theme.key(),
        _ => theme.dim(),
    }
}

/// The text the extractor read, scrolled to `scroll`.
fn draw_text(
    frame: &mut Frame<'_>,
    area: Rect,
    detail: &InvoiceDetail,
    scroll: usize,
    theme: Theme,
) {
    let method = if detail.text_method.is_empty() {
        String::new()
    } else {
        format!(" ({})", detail.text_method)
    };
    let title = text::invoice_text_title(&method);
    detail::draw_text(frame, area, &detail.text, scroll, title, theme);
}

/// `value` cut to `width` characters with an ellipsis (the full value is in the edit prompt).
fn fit(value: &str, width: usize) -> String {
    if value.chars().count() <= width {
        return value.to_owned();
    }
    let mut cut: String = value.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The invoice's first lines: state, kind and file; where it came from; why it failed.
fn header(detail: &InvoiceDetail, theme: Theme) -> Vec<Line<'static>> {
    let summary = &detail.summary;
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
    if !detail.origin.is_empty() {
        lines.push(Line::styled(
            text::invoice_origin(&detail.origin),
            theme.dim(),
        ));
    }
    if let Some(reason) = &detail.reason {
        let reason = text::kept_error(reason, detail.reason_words.as_ref());
        lines.push(Line::styled(reason, theme.error()));
    }
    lines
}
