//! `:operators`, for admins: who works on the tenant and as what; `a` adds one, `d` removes
//! the selected one (after asking).

use centralita_protocol::Operator;
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row};

use super::{Context, Screen, View, ViewState};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{Action, Binding, bind};
use crate::console::mode::Form;
use crate::console::paged::PagedList;
use crate::console::widgets::{self, relative};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    bind(KeyCode::Char('a'), "a", "add", Action::Add, true),
    bind(KeyCode::Char('d'), "d", "remove", Action::Remove, true),
];

/// The state of the operators list.
#[derive(Debug, Default)]
pub struct OperatorsView {
    /// The rows on screen and the selection.
    pub list: PagedList<Operator>,
}

impl ViewState for OperatorsView {
    fn reload(&self, admin: bool) -> Vec<Effect> {
        if admin {
            vec![Effect::LoadOperators]
        } else {
            Vec::new()
        }
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        match action {
            Action::Add | Action::Remove if !context.admin => {
                context.say(text::ADMIN_ONLY.into(), true);
            }
            Action::Add => context.prompt(
                Form::Operator,
                text::PROMPT_NEW_OPERATOR.to_owned(),
                String::new(),
            ),
            Action::Remove => {
                if let Some(operator) = self.list.current() {
                    let user = operator.user.clone();
                    context.confirm(
                        format!("Remove {user} from tenant {}?", context.tenant),
                        Effect::RemoveOperator(user),
                    );
                }
            }
            _ => {
                self.list.step(action);
            }
        }
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Operators(operators) = reply {
            self.list.replace(operators);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        if !screen.admin {
            widgets::notice(frame, area, View::Operators, text::ADMIN_ONLY, theme);
            return;
        }
        let rows = &self.list.rows;
        let widths = [
            Constraint::Length(16),
            Constraint::Length(11),
            Constraint::Length(10),
            Constraint::Min(10),
        ];
        let title = format!(" operators of {} ({}) ", screen.tenant, rows.len());
        widgets::virtual_table(
            frame,
            area,
            &widgets::TableSpec {
                title,
                header: vec!["USER", "ROLE", "ADDED", "ADDED BY"],
                widths: &widths,
                total: rows.len(),
                selected: self.list.selected,
            },
            |index| {
                let operator = &rows[index];
                Row::new(vec![
                    Cell::from(operator.user.clone()),
                    Cell::from(operator.role.to_string()),
                    Cell::from(relative(screen.now, operator.added_at)),
                    Cell::from(operator.added_by.clone()),
                ])
            },
            theme,
        );
    }
}

/// The operator form, "user role", as the effect that adds them.
pub fn parse_form(input: &str) -> Result<Effect, String> {
    let mut words = input.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(user), Some(role), None) => Ok(Effect::AddOperator {
            user: user.to_owned(),
            role: role.parse()?,
        }),
        _ => Err(text::NEED_OPERATOR_FORM.into()),
    }
}
