//! `:connections`: the tenant's grants at providers (Google for Gmail), oldest first, with the
//! selected one's last error, scopes and author in a pane under the table. For admins: `a`
//! authorizes the selected connection again when it is not working (else adds a Google one)
//! and shows the consent page in a modal; `f` pastes the address the browser landed on; `t`
//! tests the selected one; `v` revokes and `x` removes it (after asking); `r` reloads.
//!
//! `t` here is "test": the tenant picker is a key away in every other view.

use centralita_protocol::{Connection, ConnectionState};
use ratatui::layout::Constraint::{Length, Min};
use ratatui::text::{Line, Span};
use ratatui::widgets::Cell;

use super::list::TableRow;
use super::{Context, Screen, View, detail};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, key};
use crate::console::mode;
use crate::console::widgets::{Column, relative};
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    key('a', text::KEY_AUTHORIZE, Action::Add),
    key('f', text::KEY_FINISH, Action::Finish),
    key('t', text::KEY_TEST, Action::Test),
    key('v', text::KEY_REVOKE, Action::Revoke),
    keymap::REMOVE,
    keymap::reload(true),
];

/// The provider `a` connects to when it adds a connection.
const NEW_PROVIDER: &str = "google";

impl TableRow for Connection {
    const VIEW: View = View::Connections;
    const LOAD: Effect = Effect::LoadConnections;
    const COLUMNS: &'static [Column<Self>] = &[
        ("ID", Length(4), |connection, _| {
            connection.id.to_string().into()
        }),
        ("PROVIDER", Length(8), |connection, _| {
            connection.provider.clone().into()
        }),
        ("ACCOUNT", Min(16), |connection, _| {
            connection.account.clone().into()
        }),
        ("STATE", Length(22), |connection, screen| {
            let style = screen.theme.connection_state(connection.state);
            Cell::from(Span::styled(connection.state.as_str(), style))
        }),
        ("EXPIRES", Length(8), |connection, screen| {
            since(screen, connection.expires_at)
        }),
        ("REFRESHED", Length(9), |connection, screen| {
            since(screen, connection.last_refresh)
        }),
    ];
    const DETAIL_HEIGHT: u16 = 7;
    // A long last error (Spanish is longer) would push the date it was added out of sight.
    const DETAIL_GROWS: bool = true;

    fn from_reply(reply: Reply) -> Option<Vec<Self>> {
        match reply {
            Reply::Connections(connections) => Some(connections),
            _ => None,
        }
    }

    fn identity(&self) -> Option<u64> {
        Some(self.id.0)
    }

    /// The last error in full (what went wrong and what to do, in the reader's language), the
    /// scopes, who added it.
    fn detail(&self, screen: &Screen<'_>) -> (String, Vec<Line<'static>>) {
        let theme = screen.theme;
        // The labels line up after the longest one in the reader's language, and a space.
        let width = [
            text::LAST_ERROR_FIELD,
            text::SCOPES_FIELD,
            text::ADDED_FIELD,
        ]
        .iter()
        .map(|label| label.get().chars().count())
        .max()
        .unwrap_or_default()
            + 1;
        let field = |name: &str, value: Span<'static>| detail::field(name, width, value, theme);
        let mut lines = Vec::new();
        if let Some(error) = &self.last_error {
            let error = text::kept_error(error, self.last_error_words.as_ref());
            let error = Span::styled(error, theme.error());
            lines.push(field(text::LAST_ERROR_FIELD.get(), error));
        }
        lines.push(field(
            text::SCOPES_FIELD.get(),
            Span::raw(self.scopes.join(" ")),
        ));
        let added =
            text::connection_added(&relative(screen.now, self.created_at), &self.created_by);
        lines.push(field(text::ADDED_FIELD.get(), Span::raw(added)));
        (text::connection_title(self.id), lines)
    }

    /// `a` `f` `t` `v` `x`, for admins (the daemon says no to others too).
    fn act(
        action: Action,
        selected: Option<&Self>,
        context: &mut Context<'_>,
    ) -> Option<Vec<Effect>> {
        let ours = matches!(
            action,
            Action::Add | Action::Finish | Action::Test | Action::Revoke | Action::Remove
        );
        if !ours {
            return None;
        }
        if !context.admin {
            context.say_admins_only();
            return Some(Vec::new());
        }
        let effects = match (action, selected) {
            (Action::Add, selected) => vec![authorize(selected)],
            (Action::Finish, _) => {
                *context.mode = mode::finish_prompt();
                Vec::new()
            }
            (Action::Test, Some(connection)) => vec![Effect::TestConnection(connection.id)],
            (Action::Revoke, Some(connection)) => {
                context.confirm(
                    text::confirm_revoke_connection(connection.id, Some(connection)),
                    Effect::RevokeConnection(connection.id),
                );
                Vec::new()
            }
            (Action::Remove, Some(connection)) => {
                context.confirm(
                    text::confirm_remove_connection(connection.id, Some(connection)),
                    Effect::RemoveConnection(connection.id),
                );
                Vec::new()
            }
            _ => Vec::new(),
        };
        Some(effects)
    }
}

/// `a`: authorize the selected connection again when it is not working, else add one.
fn authorize(selected: Option<&Connection>) -> Effect {
    match selected {
        Some(connection)
            if !matches!(
                connection.state,
                ConnectionState::Connected | ConnectionState::Refreshing
            ) =>
        {
            Effect::AddConnection {
                provider: connection.provider.clone(),
                reauthorize: Some(connection.id),
            }
        }
        _ => Effect::AddConnection {
            provider: NEW_PROVIDER.to_owned(),
            reauthorize: None,
        },
    }
}

/// A time as the tables say it ("in 52m", "3h ago"); blank when there is none.
fn since(screen: &Screen<'_>, at: Option<jiff::Timestamp>) -> Cell<'static> {
    at.map(|at| relative(screen.now, at))
        .unwrap_or_default()
        .into()
}
