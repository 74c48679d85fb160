//! One glosa: its header on top (state, payer, notice, dates, the due date and business days
//! left, invoices, totals, a late notice, warnings); its items on the left (↑↓ pick one; the
//! picked one's code, the payer's words and its response under them) and the notice's text on
//! the right (PgUp/PgDn scroll it).
//!
//! `a` answers the picked item with a one-line form and `x` clears its response (after
//! asking); `v` `A` `c` `o` move the glosa to in review, answered, closed, and back to in
//! review; `e` saves its answer to a file; `i` opens its first invoice (the app does that).
//! What the daemon would refuse for sure is refused here, on the status line.

use centralita_protocol::{GlosaDetail, GlosaId, GlosaItem, GlosaState, InvoiceId, ItemResponse};
use ratatui::Frame;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{Context, Screen, View, ViewState, detail};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, hidden_key, key};
use crate::console::mode::Form;
use crate::console::theme::Theme;
use crate::console::widgets;
use crate::glosas::{DecisionWord, ExportFormat, is_open};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    key('a', text::KEY_ANSWER, Action::Answer),
    key('x', text::KEY_CLEAR, Action::ClearAnswer),
    hidden_key('v', text::KEY_MARK_IN_REVIEW, Action::MarkInReview),
    key('A', text::KEY_ANSWERED, Action::MarkAnswered),
    hidden_key('c', text::KEY_CLOSE, Action::CloseGlosa),
    hidden_key('o', text::KEY_REOPEN, Action::Reopen),
    key('e', text::KEY_EXPORT, Action::Export),
    key('i', text::KEY_INVOICE, Action::Open),
    keymap::reload(false),
    keymap::BACK,
];

/// Rows of the picked item's pane, borders included.
const ITEM_HEIGHT: u16 = 5;

/// The state of the glosa on screen.
#[derive(Debug, Default)]
pub struct GlosaView {
    /// The glosa on screen, once loaded.
    pub glosa: Option<GlosaDetail>,
    /// The item picked (index into its items).
    pub item: usize,
    /// First line of the notice's text shown.
    pub text_scroll: usize,
}

impl GlosaView {
    /// Shows glosa `id`, loading, from its first item and line.
    pub fn open(&mut self, id: GlosaId) -> Vec<Effect> {
        *self = Self::default();
        vec![Effect::LoadGlosa(id)]
    }

    /// The tenant's invoice `i` opens: the first one the glosa objects to.
    pub fn invoice(&self) -> Option<InvoiceId> {
        self.glosa.as_ref()?.linked_invoices.first().copied()
    }
}

impl ViewState for GlosaView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        self.glosa
            .as_ref()
            .map(|detail| vec![Effect::LoadGlosa(detail.summary.id)])
            .unwrap_or_default()
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        let Some(detail) = &self.glosa else {
            return Vec::new();
        };
        let last = detail.items.len().saturating_sub(1);
        let item = detail.items.get(self.item);
        match action {
            Action::Answer => answer(detail, item, context),
            Action::ClearAnswer => clear(detail, item, context),
            Action::MarkInReview | Action::MarkAnswered | Action::CloseGlosa | Action::Reopen => {
                return move_to(action, detail, context);
            }
            Action::Export => {
                let id = detail.summary.id;
                context.prompt(
                    Form::ExportGlosa(id),
                    text::prompt_export_glosa(id),
                    format!("~/glosa-{id}.xlsx"),
                );
            }
            // `i` with no invoice of the tenant to open (the app opens the first one there is).
            Action::Open => context.say(text::NO_LINKED_INVOICE.to_string(), true),
            _ => detail::step(action, &mut self.item, last, &mut self.text_scroll),
        }
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Glosa(detail) = reply {
            let last = detail.items.len().saturating_sub(1);
            self.item = self.item.min(last);
            self.glosa = Some(*detail);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let Some(detail) = detail::loaded(frame, area, View::Glosa, &self.glosa, theme) else {
            return;
        };
        let lines = header(detail, theme);
        // The header takes what it needs, up to all but nine rows (the items keep one row, the
        // picked item its pane).
        let inner = usize::from(area.width.saturating_sub(2)).max(1);
        let rows: usize = lines
            .iter()
            .map(|line| line.width().div_ceil(inner).max(1))
            .sum();
        let wanted = widgets::bordered_height(rows);
        let [head_area, body] =
            Layout::vertical([Length(wanted.min(area.height.saturating_sub(9))), Min(9)])
                .areas(area);
        let summary = &detail.summary;
        let title = text::glosa_title(summary.id, &summary.number);
        frame.render_widget(detail::pane(lines, title, theme), head_area);
        let [left, right] = detail::columns(body, 60);
        let [items_area, item_area] = Layout::vertical([Min(4), Length(ITEM_HEIGHT)]).areas(left);
        draw_items(frame, items_area, detail, self.item, theme);
        draw_item(frame, item_area, detail.items.get(self.item), theme);
        let notice = &detail.source_text;
        detail::draw_text(
            frame,
            right,
            notice,
            self.text_scroll,
            text::NOTICE_TITLE,
            theme,
        );
    }
}

/// The picked item `a` and `x` act on, while the glosa takes answers; once it does not, the
/// status line says why and there is none.
fn answerable<'a>(
    detail: &GlosaDetail,
    item: Option<&'a GlosaItem>,
    context: &mut Context<'_>,
) -> Option<&'a GlosaItem> {
    let state = detail.summary.state;
    if !is_open(state) {
        context.say(text::glosa_answer_locked(state), true);
        return None;
    }
    item
}

/// `a`: the picked item's response in the answer form (empty when it has none).
fn answer(detail: &GlosaDetail, item: Option<&GlosaItem>, context: &mut Context<'_>) {
    let Some(item) = answerable(detail, item, context) else {
        return;
    };
    let input = item.response.as_ref().map(answer_form).unwrap_or_default();
    context.prompt(
        Form::GlosaAnswer {
            id: detail.summary.id,
            index: item.index,
        },
        text::prompt_answer(item.index, &item.code),
        input,
    );
}

/// `x`: after asking, the picked item has no response any more.
fn clear(detail: &GlosaDetail, item: Option<&GlosaItem>, context: &mut Context<'_>) {
    let Some(item) = answerable(detail, item, context) else {
        return;
    };
    if item.response.is_none() {
        context.say(text::no_response_to_clear(item.index), true);
        return;
    }
    let id = detail.summary.id;
    context.confirm(
        text::confirm_clear_answer(id, item.index, &item.code),
        Effect::AnswerGlosa {
            id,
            index: item.index,
            response: None,
        },
    );
}

/// `v` `A` `c` `o`: the glosa to its next state, unless it is there already, has items without
/// a response (`A`), or was never answered (`o`).
fn move_to(action: Action, detail: &GlosaDetail, context: &mut Context<'_>) -> Vec<Effect> {
    let summary = &detail.summary;
    let (id, state) = (summary.id, summary.state);
    let target = match action {
        Action::MarkAnswered => GlosaState::Answered,
        Action::CloseGlosa => GlosaState::Closed,
        _ => GlosaState::InReview,
    };
    let unanswered = detail
        .items
        .iter()
        .filter(|item| item.response.is_none())
        .count();
    let refusal = if action == Action::Reopen && is_open(state) {
        Some(text::NOTHING_TO_REOPEN.to_string())
    } else if state == target {
        Some(text::glosa_already(id, state))
    } else if target == GlosaState::Answered && unanswered > 0 {
        Some(text::glosa_items_unanswered(unanswered))
    } else {
        None
    };
    if let Some(refusal) = refusal {
        context.say(refusal, true);
        return Vec::new();
    }
    vec![Effect::SetGlosaState { id, state: target }]
}

/// The answer form, "decision | code | justification | value", as the effect that answers
/// item `index` of glosa `id`. The justification may not hold a `|`.
pub fn parse_answer_form(id: GlosaId, index: u32, input: &str) -> Result<Effect, String> {
    let mut fields = input.splitn(4, '|');
    let decision = fields.next().unwrap_or_default();
    let (Some(code), Some(justification)) = (fields.next(), fields.next()) else {
        return Err(text::NEED_ANSWER_FORM.to_string());
    };
    let decision = DecisionWord::parse(decision)?;
    let response = crate::glosas::response(decision, code, justification, fields.next())?;
    Ok(Effect::AnswerGlosa {
        id,
        index,
        response: Some(response),
    })
}

/// The export form: a file name ending in `.xlsx` or `.csv`, as the effect that saves glosa
/// `id`'s answer there in that format.
pub fn parse_export_form(id: GlosaId, input: &str) -> Result<Effect, String> {
    let path = input.trim();
    let format = ExportFormat::of_path(path).ok_or(text::NEED_EXPORT_PATH)?;
    Ok(Effect::ExportGlosa {
        id,
        format,
        path: path.to_owned(),
    })
}

/// What the answer form starts with for an item already answered: its response as the form
/// takes it.
fn answer_form(response: &ItemResponse) -> String {
    let word = DecisionWord::of(&response.decision).map_or("", DecisionWord::as_str);
    let mut form = format!("{word} | {} | {}", response.code, response.justification);
    if let centralita_protocol::Decision::PartiallyAccepted { value } = &response.decision {
        form.push_str(" | ");
        form.push_str(value);
    }
    form
}

/// The glosa's first lines: state, notice and payer; dates; the due date; invoices; the
/// objected total; a late notice and the warnings in red.
fn header(detail: &GlosaDetail, theme: Theme) -> Vec<Line<'static>> {
    let summary = &detail.summary;
    let mut lines = vec![Line::from(vec![
        Span::styled(
            text::glosa_state(summary.state),
            theme.glosa_state(summary.state),
        ),
        Span::raw(format!(
            " · {} {} · {} · NIT {}",
            summary.kind, summary.number, summary.payer_name, summary.payer_nit
        )),
    ])];
    lines.push(Line::styled(text::glosa_dates(detail), theme.dim()));
    let due_style = if is_open(summary.state) {
        theme.urgency(summary.urgency)
    } else {
        theme.dim()
    };
    lines.push(Line::styled(text::due(text::glosa_due(summary)), due_style));
    let mut objected_invoices = text::objected_invoices(&summary.invoices.join(", "));
    if !detail.linked_invoices.is_empty() {
        let linked: Vec<String> = detail
            .linked_invoices
            .iter()
            .map(ToString::to_string)
            .collect();
        objected_invoices.push_str(&text::linked_invoices(&linked.join(", ")));
    }
    lines.push(Line::raw(objected_invoices));
    let amount = |value: &str| crate::format::amount(value, super::glosas::GLOSA_CURRENCY);
    let objected = amount(&summary.total_objected);
    lines.push(Line::raw(match &detail.total_invoiced {
        Some(invoiced) => text::objected_of(&objected, amount(invoiced)),
        None => text::objected(&objected),
    }));
    if detail.late_notice {
        lines.push(Line::styled(
            format!("! {}", text::LATE_NOTICE),
            theme.error(),
        ));
    }
    for (index, warning) in detail.warnings.iter().enumerate() {
        let warning = text::kept_error(warning, detail.warning_words.get(index));
        lines.push(Line::styled(format!("! {warning}"), theme.error()));
    }
    lines
}

/// The items as a table (code, family, objected, response), the picked one marked; the rows
/// shown move a page at a time so the picked one is always in sight.
fn draw_items(
    frame: &mut Frame<'_>,
    area: Rect,
    detail: &GlosaDetail,
    picked: usize,
    theme: Theme,
) {
    let visible = usize::from(area.height.saturating_sub(3)).max(1);
    let offset = picked / visible * visible;
    let mut lines = vec![Line::styled(
        format!(
            "  {:<7} {:<11} {:>10} {}",
            text::column("CODE"),
            text::column("FAMILY"),
            text::column("OBJECTED"),
            text::column("RESPONSE")
        ),
        theme.title(),
    )];
    for (index, item) in detail.items.iter().enumerate().skip(offset).take(visible) {
        let is_picked = index == picked;
        let marker = detail::marker(is_picked, theme);
        let code_style = if is_picked {
            theme.selected()
        } else {
            Style::default()
        };
        let (family, family_style) = if item.code_system == "unknown" {
            (format!("? {}", text::UNKNOWN_CODE), theme.error())
        } else {
            (item.family.clone(), theme.dim())
        };
        let response = match &item.response {
            Some(response) => Span::styled(text::decision_short(&response.decision), theme.ok()),
            None => Span::styled("—", theme.dim()),
        };
        lines.push(Line::from(vec![
            marker,
            Span::styled(format!("{:<7}", fit(&item.code, 7)), code_style),
            Span::styled(format!(" {:<11} ", fit(&family, 11)), family_style),
            Span::raw(format!(
                "{:>10} ",
                fit(item.objected.as_deref().unwrap_or(""), 10)
            )),
            response,
        ]));
    }
    let title = text::items_title(detail.items.len());
    frame.render_widget(
        Paragraph::new(lines).block(widgets::titled(title, theme)),
        area,
    );
}

/// The picked item: where the catalogs put its code, what the payer wrote, its response.
fn draw_item(frame: &mut Frame<'_>, area: Rect, item: Option<&GlosaItem>, theme: Theme) {
    let Some(item) = item else {
        frame.render_widget(Block::bordered(), area);
        return;
    };
    let catalog = if item.code_system == "unknown" {
        Line::styled(
            format!("{}: {}", text::UNKNOWN_CODE, item.code),
            theme.error(),
        )
    } else {
        Line::styled(
            format!(
                "{} · {}: {}",
                item.code_system, item.family, item.code_description
            ),
            theme.dim(),
        )
    };
    let response = match &item.response {
        Some(response) => Line::styled(text::item_response(response), theme.ok()),
        None => Line::styled(text::NO_RESPONSE_YET, theme.dim()),
    };
    let payer = Line::from(vec![
        Span::styled(text::PAYER_LABEL, theme.dim()),
        Span::raw(item.description.clone()),
    ]);
    let lines = vec![catalog, payer, response];
    let title = text::item_title(item.index, &item.code);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(widgets::titled(title, theme)),
        area,
    );
}

/// `value` cut to `width` characters with an ellipsis.
fn fit(value: &str, width: usize) -> String {
    if value.chars().count() <= width {
        return value.to_owned();
    }
    let mut cut: String = value.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
