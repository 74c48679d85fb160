//! `:funnel`: the leads of one funnel as cards in its stages (kanban); Enter opens the
//! selected lead, `>` and `<` move it, `f` shows the next funnel.

use centralita_protocol::{FunnelStage, Lead, LeadId};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Context, Screen, View, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, bind, hidden_key, key};
use crate::console::widgets;
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    keymap::OPEN,
    bind(
        KeyCode::Char('h'),
        "h/l",
        text::KEY_COLUMN,
        Action::Left,
        true,
    ),
    bind(
        KeyCode::Left,
        "←",
        text::KEY_COLUMN_LEFT,
        Action::Left,
        false,
    ),
    hidden_key('l', text::KEY_COLUMN_RIGHT, Action::Right),
    bind(
        KeyCode::Right,
        "→",
        text::KEY_COLUMN_RIGHT,
        Action::Right,
        false,
    ),
    key('>', text::KEY_NEXT_STAGE, Action::NextStage),
    hidden_key('<', text::KEY_PREVIOUS_STAGE, Action::PreviousStage),
    key('f', text::KEY_OTHER_FUNNEL, Action::SwitchFunnel),
];

/// The state of the kanban.
#[derive(Debug)]
pub struct FunnelView {
    /// Every lead of the tenant, and every funnel's stages in order.
    pub leads: Vec<Lead>,
    pub stages: Vec<FunnelStage>,
    /// The funnel shown (`sales` first, else the tenant's first), its selected column and card.
    pub funnel: String,
    pub column: usize,
    pub card: usize,
}

impl Default for FunnelView {
    fn default() -> Self {
        Self {
            leads: Vec::new(),
            stages: Vec::new(),
            funnel: "sales".to_owned(),
            column: 0,
            card: 0,
        }
    }
}

impl FunnelView {
    /// The stages of the funnel on screen, in order.
    pub fn columns(&self) -> Vec<&str> {
        self.stages
            .iter()
            .filter(|stage| stage.funnel == self.funnel)
            .map(|stage| stage.stage.as_str())
            .collect()
    }

    /// The leads in a stage of the funnel on screen.
    pub fn cards(&self, stage: &str) -> Vec<&Lead> {
        self.leads
            .iter()
            .filter(|lead| lead.funnel == self.funnel && lead.stage == stage)
            .collect()
    }

    /// The id of the selected card's lead.
    pub fn selected_lead(&self) -> Option<LeadId> {
        let columns = self.columns();
        let stage = columns.get(self.column)?;
        self.cards(stage).get(self.card).map(|lead| lead.id)
    }

    fn clamp_card(&mut self) {
        let columns = self.columns().len();
        self.column = self.column.min(columns.saturating_sub(1));
        let cards = self
            .columns()
            .get(self.column)
            .map_or(0, |stage| self.cards(stage).len());
        self.card = self.card.min(cards.saturating_sub(1));
    }

    /// `f`: the next of the tenant's funnels, from its first column.
    fn switch_funnel(&mut self) {
        let mut funnels: Vec<&str> = self
            .stages
            .iter()
            .map(|stage| stage.funnel.as_str())
            .collect();
        funnels.dedup();
        let next = funnels
            .iter()
            .position(|funnel| *funnel == self.funnel)
            .map_or(0, |index| (index + 1) % funnels.len().max(1));
        if let Some(funnel) = funnels.get(next) {
            self.funnel = (*funnel).to_owned();
        }
        self.column = 0;
        self.card = 0;
    }

    /// `>` and `<`: the selected lead to the next or previous stage, if there is one.
    fn move_lead(&self, action: Action) -> Vec<Effect> {
        let columns = self.columns();
        let Some(stage) = columns.get(self.column) else {
            return Vec::new();
        };
        let Some(lead) = self.cards(stage).get(self.card).map(|lead| lead.id) else {
            return Vec::new();
        };
        let target = if action == Action::NextStage {
            self.column + 1
        } else {
            self.column.wrapping_sub(1)
        };
        match columns.get(target) {
            Some(stage) => vec![Effect::MoveLead {
                id: lead,
                stage: (*stage).to_owned(),
            }],
            None => Vec::new(),
        }
    }
}

impl ViewState for FunnelView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        vec![Effect::LoadFunnel]
    }

    fn update(&mut self, action: Action, _context: &mut Context<'_>) -> Vec<Effect> {
        match action {
            Action::NextStage | Action::PreviousStage => return self.move_lead(action),
            Action::Up => self.card = self.card.saturating_sub(1),
            Action::Down => self.card += 1,
            Action::Left => self.column = self.column.saturating_sub(1),
            Action::Right => self.column += 1,
            Action::SwitchFunnel => self.switch_funnel(),
            _ => {}
        }
        self.clamp_card();
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Funnel { leads, stages } = reply {
            self.leads = leads;
            // The funnels are the tenant's own: when the one on screen is gone (or was never
            // there), show the first.
            if !stages.iter().any(|stage| stage.funnel == self.funnel)
                && let Some(first) = stages.first()
            {
                self.funnel.clone_from(&first.funnel);
                self.column = 0;
                self.card = 0;
            }
            self.stages = stages;
            self.clamp_card();
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let columns = self.columns();
        if columns.is_empty() {
            widgets::notice(frame, area, View::Funnel, text::LOADING.get(), theme);
            return;
        }
        let [title_area, board] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let total: usize = columns.iter().map(|stage| self.cards(stage).len()).sum();
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(text::funnel_title(&self.funnel), theme.title()),
                Span::styled(format!(" · {total} leads"), theme.dim()),
            ])),
            title_area,
        );
        let areas = Layout::horizontal(vec![Constraint::Fill(1); columns.len()]).split(board);
        for (index, (stage, column_area)) in columns.iter().zip(areas.iter()).enumerate() {
            let cards = self.cards(stage);
            let title = format!(" {} ({}) ", stage.replace('_', " "), cards.len());
            let title_style = if index == self.column {
                theme.selected()
            } else {
                theme.title()
            };
            // A card is the lead and its contact, and under it its value when it has one.
            let mut lines: Vec<Line<'static>> = Vec::new();
            for (row, lead) in cards.iter().enumerate() {
                let name = text::contact_name(lead.contact_name.as_deref(), lead.contact);
                let style = if index == self.column && row == self.card {
                    theme.selected()
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::styled(format!("#{} {name}", lead.id), style));
                if let Some(value) = lead.value.as_deref() {
                    lines.push(Line::styled(
                        format!("  {}", screen.amount(value)),
                        theme.dim(),
                    ));
                }
            }
            let block = Block::bordered().title(Span::styled(title, title_style));
            frame.render_widget(Paragraph::new(lines).block(block), *column_area);
        }
    }
}
