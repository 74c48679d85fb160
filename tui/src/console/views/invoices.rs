//! `:invoices`: every invoice of the tenant, newest first, virtualised and loaded a page at a
//! time, with the counts per state on top; `/` filters by state, issuer and date on the
//! daemon; `c` `x` `r` review the selected one, Enter opens it.

use centralita_protocol::{InvoiceCounts, InvoiceFilter, InvoiceId, InvoiceState, InvoiceSummary};
use ratatui::Frame;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Paragraph};

use super::{Context, Screen, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, key};
use crate::console::mode::Form;
use crate::console::paged::{PagedList, keyed_by_id};
use crate::console::widgets::{self, Column, or_blank};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[keymap::OPEN, CONFIRM, REJECT, keymap::RETRY, keymap::FILTER];

/// `c`: confirm the invoice (the selected row here, the open one in the invoice view).
pub const CONFIRM: Binding = key('c', text::KEY_CONFIRM, Action::Confirm);
/// `x`: reject the invoice, asking why (where [`CONFIRM`] is).
pub const REJECT: Binding = key('x', text::KEY_REJECT, Action::Reject);

/// The invoices table's columns.
const COLUMNS: &[Column<InvoiceSummary>] = &[
    ("ID", Length(5), |invoice, _| invoice.id.to_string().into()),
    ("STATE", Length(10), state),
    ("ISSUER", Min(14), |invoice, _| {
        let issuer = invoice.issuer.as_ref().unwrap_or(&invoice.file_name);
        issuer.clone().into()
    }),
    ("NUMBER", Length(14), |invoice, _| {
        or_blank(invoice.number.as_deref())
    }),
    ("DATE", Length(10), |invoice, _| {
        or_blank(invoice.issue_date.as_deref())
    }),
    ("TOTAL", Length(18), total),
    ("!", Length(2), warnings),
];

/// The state of the invoices list.
#[derive(Debug, Default)]
pub struct InvoicesView {
    /// The rows on screen and the selection.
    pub list: PagedList<InvoiceSummary, InvoiceFilter>,
    /// The tenant's invoices per state (all of them, not only the filtered ones).
    pub counts: InvoiceCounts,
}

keyed_by_id!(InvoiceSummary => InvoiceId);

impl InvoicesView {
    /// Another tenant: its invoices and counts will come; the filter stays.
    pub fn forget_tenant(&mut self) {
        self.list.clear();
        self.counts = InvoiceCounts::default();
    }
}

/// The call that loads the invoices `filter` keeps, from the newest or from `before`.
fn load(filter: &InvoiceFilter, before: Option<u64>) -> Effect {
    Effect::LoadInvoices {
        filter: filter.clone(),
        before,
    }
}

impl ViewState for InvoicesView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        vec![load(&self.list.filter, None)]
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        match action {
            Action::Retry | Action::Confirm | Action::Reject => {
                review(action, self.list.current(), context)
            }
            action if action.is_move() => self.list.step_and_load(action, load),
            _ => Vec::new(),
        }
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Invoices {
            page,
            counts,
            append,
        } = reply
        {
            self.counts = counts;
            self.list.receive(page.invoices, page.next, append);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let [summary_area, table_area] = Layout::vertical([Length(1), Min(3)]).areas(area);
        let mut summary = vec![Span::styled(" ", theme.dim())];
        for state in InvoiceState::ALL {
            let count = self.counts.get(state);
            let style = theme.count(count, theme.invoice_state(state));
            summary.push(Span::styled(format!("{count} "), style));
            summary.push(Span::styled(
                format!("{}  ", short_state(state)),
                theme.dim(),
            ));
        }
        frame.render_widget(Paragraph::new(Line::from(summary)), summary_area);

        let title = widgets::paged_title("invoices", &self.list);
        widgets::list_table(frame, table_area, title, COLUMNS, &self.list, screen);
    }
}

/// An invoice's state in its colour.
fn state(invoice: &InvoiceSummary, screen: &Screen<'_>) -> Cell<'static> {
    let style = screen.theme.invoice_state(invoice.state);
    Cell::from(Span::styled(short_state(invoice.state), style))
}

/// The total, right-aligned.
fn total(invoice: &InvoiceSummary, _screen: &Screen<'_>) -> Cell<'static> {
    let total = invoice.total.as_deref().map_or_else(String::new, |total| {
        crate::format::amount(total, invoice.currency.as_deref().unwrap_or_default())
    });
    Cell::from(Text::from(total).right_aligned())
}

/// How many warnings, in red; blank when none.
fn warnings(invoice: &InvoiceSummary, screen: &Screen<'_>) -> Cell<'static> {
    widgets::count_cell(invoice.warnings, screen.theme.error())
}

/// The review keys on an invoice (the selected row here, the open one in the invoice view):
/// `r` reads it again, `c` confirms it, `x` asks why it is rejected.
pub fn review(
    action: Action,
    invoice: Option<&InvoiceSummary>,
    context: &mut Context<'_>,
) -> Vec<Effect> {
    let Some(id) = invoice.map(|invoice| invoice.id) else {
        return Vec::new();
    };
    match action {
        Action::Retry => vec![Effect::RetryInvoice(id)],
        Action::Confirm => vec![Effect::ConfirmInvoice(id)],
        Action::Reject => {
            context.prompt_blank(Form::RejectReason(id), crate::text::prompt_reject(id));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// `/` text of the invoices view → filter: `state:waiting_validation from:2024-01-01
/// to:2024-12-31` and free words, which match the issuer's name or tax id. `state:` takes a
/// prefix (`state:wait`).
pub fn parse_filter(text: &str) -> Result<InvoiceFilter, String> {
    let mut filter = InvoiceFilter::default();
    let mut words = Vec::new();
    let date = |value: &str| crate::dates::parse_day(value).map(|date| date.to_string());
    for word in text.split_whitespace() {
        match word.split_once(':') {
            Some(("state", "review" | "to-review" | "to_review")) => {
                filter.state = Some(InvoiceState::WaitingValidation);
            }
            Some(("state", value)) => {
                let state = InvoiceState::ALL
                    .into_iter()
                    .find(|state| state.as_str().starts_with(&value.replace('-', "_")))
                    .map_or_else(|| value.parse::<InvoiceState>(), Ok)?;
                filter.state = Some(state);
            }
            Some(("from", value)) => filter.from = Some(date(value)?),
            Some(("to", value)) => filter.to = Some(date(value)?),
            _ => words.push(word),
        }
    }
    if !words.is_empty() {
        filter.issuer = Some(words.join(" "));
    }
    Ok(filter)
}

/// A state in at most 10 columns.
pub fn short_state(state: InvoiceState) -> &'static str {
    match state {
        InvoiceState::WaitingValidation => text::TO_REVIEW.get(),
        other => other.as_str(),
    }
}
