//! `:operators`, for admins: who works on the tenant and as what; `a` adds one, `d` removes
//! the selected one (after asking).

use centralita_protocol::{Operator, Role};
use ratatui::layout::Constraint::{Length, Min};

use super::list::TableRow;
use super::{Context, Screen, View};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, key};
use crate::console::mode::Form;
use crate::console::widgets::Column;
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[keymap::ADD, key('d', text::KEY_REMOVE, Action::Remove)];

impl TableRow for Operator {
    const VIEW: View = View::Operators;
    const LOAD: Effect = Effect::LoadOperators;
    const COLUMNS: &'static [Column<Self>] = &[
        ("USER", Length(16), |operator, _| {
            operator.user.clone().into()
        }),
        ("NAME", Length(18), |operator, _| {
            operator.display_name.clone().unwrap_or_default().into()
        }),
        ("ROLE", Length(11), |operator, _| {
            operator.role.to_string().into()
        }),
        ("ADDED", Length(15), |operator, screen| {
            screen.when(operator.added_at).into()
        }),
        ("ADDED BY", Min(10), |operator, _| {
            operator.added_by.clone().into()
        }),
    ];
    // Supervisors read the team (they assign work); adding and removing stays with admins.
    const READ_BY: Option<Role> = Some(Role::Supervisor);

    fn from_reply(reply: Reply) -> Option<Vec<Self>> {
        match reply {
            Reply::Operators(operators) => Some(operators),
            _ => None,
        }
    }

    fn title(count: usize, screen: &Screen<'_>) -> String {
        text::operators_title(&screen.tenant.to_string(), count)
    }

    /// `a`: the form of a new operator; `d`: remove the selected one, after asking. For
    /// admins.
    fn act(
        action: Action,
        selected: Option<&Self>,
        context: &mut Context<'_>,
    ) -> Option<Vec<Effect>> {
        match action {
            Action::Add | Action::Remove if !context.admin => context.say_admins_only(),
            Action::Add => context.prompt_blank(Form::Operator, text::PROMPT_NEW_OPERATOR),
            Action::Remove => {
                if let Some(operator) = selected {
                    let user = operator.user.clone();
                    context.confirm(
                        text::confirm_remove_operator(&user, &context.tenant.to_string()),
                        Effect::RemoveOperator(user),
                    );
                }
            }
            _ => return None,
        }
        Some(Vec::new())
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
