//! `:tenants`, for admins: every tenant; `a` adds one. The tenant picker (`t`) lists these
//! rows too.

use centralita_protocol::{Tenant, TenantId};
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
pub const KEYS: &[Binding] = &[bind(
    KeyCode::Char('a'),
    "a",
    "add a tenant",
    Action::Add,
    true,
)];

/// The state of the tenants list.
#[derive(Debug, Default)]
pub struct TenantsView {
    /// The rows on screen and the selection.
    pub list: PagedList<Tenant>,
}

impl ViewState for TenantsView {
    fn reload(&self, admin: bool) -> Vec<Effect> {
        if admin {
            vec![Effect::LoadTenants]
        } else {
            Vec::new()
        }
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        match action {
            Action::Add if context.admin => context.prompt(
                Form::Tenant,
                text::PROMPT_NEW_TENANT.to_owned(),
                String::new(),
            ),
            Action::Add => context.say(text::ADMIN_ONLY.into(), true),
            _ => {
                self.list.step(action);
            }
        }
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Tenants(tenants) = reply {
            self.list.replace(tenants);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        if !screen.admin {
            widgets::notice(frame, area, View::Tenants, text::ADMIN_ONLY, theme);
            return;
        }
        let rows = &self.list.rows;
        let widths = [
            Constraint::Length(16),
            Constraint::Min(20),
            Constraint::Length(10),
        ];
        widgets::virtual_table(
            frame,
            area,
            &widgets::TableSpec {
                title: format!(" tenants ({}) ", rows.len()),
                header: vec!["ID", "NAME", "CREATED"],
                widths: &widths,
                total: rows.len(),
                selected: self.list.selected,
            },
            |index| {
                let tenant = &rows[index];
                Row::new(vec![
                    Cell::from(tenant.id.to_string()),
                    Cell::from(tenant.name.clone()),
                    Cell::from(relative(screen.now, tenant.created_at)),
                ])
            },
            theme,
        );
    }
}

/// The tenant form, "id name…", as the effect that adds it.
pub fn parse_form(input: &str) -> Result<Effect, String> {
    let (id, name) = input.trim().split_once(' ').ok_or(text::NEED_TENANT_FORM)?;
    let id = TenantId::new(id).map_err(|error| error.to_string())?;
    Ok(Effect::AddTenant {
        id,
        name: name.trim().to_owned(),
    })
}
