//! `:tenants`, for admins: every tenant; `a` adds one, `z` sets the time zone and `$` the
//! currency of the tenant the console is on. The tenant picker (`t`) lists these rows too.

use centralita_protocol::{Role, Tenant, TenantId};
use ratatui::layout::Constraint::{Length, Min};

use super::list::TableRow;
use super::{Context, View};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{Action, Binding, key};
use crate::console::mode::Form;
use crate::console::widgets::Column;
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    key('a', text::KEY_ADD_TENANT, Action::Add),
    key('z', text::KEY_SET_ZONE, Action::SetZone),
    key('$', text::KEY_SET_CURRENCY, Action::SetCurrency),
];

impl TableRow for Tenant {
    const VIEW: View = View::Tenants;
    const LOAD: Effect = Effect::LoadTenants;
    const COLUMNS: &'static [Column<Self>] = &[
        ("ID", Length(13), |tenant, _| tenant.id.to_string().into()),
        ("NAME", Min(20), |tenant, _| tenant.name.clone().into()),
        ("ZONE", Length(19), |tenant, _| tenant.zone.clone().into()),
        ("CURRENCY", Length(8), |tenant, _| {
            tenant.currency.clone().into()
        }),
        ("CREATED", Length(13), |tenant, screen| {
            screen.when(tenant.created_at).into()
        }),
    ];
    const READ_BY: Option<Role> = Some(Role::Admin);

    fn from_reply(reply: Reply) -> Option<Vec<Self>> {
        match reply {
            Reply::Tenants(tenants) => Some(tenants),
            _ => None,
        }
    }

    /// `a`: the form of a new tenant; `z`: the zone of the tenant the console is on (the one
    /// in the header, whose data is on screen elsewhere). For admins.
    fn act(
        action: Action,
        _selected: Option<&Self>,
        context: &mut Context<'_>,
    ) -> Option<Vec<Effect>> {
        match action {
            Action::Add | Action::SetZone | Action::SetCurrency if !context.admin => {
                context.say_admins_only();
            }
            Action::Add => context.prompt_blank(Form::Tenant, text::PROMPT_NEW_TENANT),
            Action::SetZone => {
                let current = context.zone.iana_name().unwrap_or_default().to_owned();
                let label = text::prompt_zone(context.tenant.as_str());
                context.prompt(Form::TenantZone, label, current);
            }
            Action::SetCurrency => {
                let label = text::prompt_currency(context.tenant.as_str());
                context.prompt(Form::TenantCurrency, label, context.currency.to_owned());
            }
            _ => return None,
        }
        Some(Vec::new())
    }
}

/// `z`'s answer: an IANA time zone name such as `America/Lima`.
pub fn parse_zone(input: &str) -> Result<Effect, String> {
    let zone = input.trim();
    jiff::tz::TimeZone::get(zone).map_err(|_| text::unknown_zone(zone))?;
    Ok(Effect::SetTenantZone(zone.to_owned()))
}

/// `$`'s answer: a three-letter ISO 4217 code such as `COP` (any case).
pub fn parse_currency(input: &str) -> Result<Effect, String> {
    centralita_protocol::currency_code(input)
        .map(Effect::SetTenantCurrency)
        .ok_or_else(|| text::unknown_currency(input.trim()))
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
