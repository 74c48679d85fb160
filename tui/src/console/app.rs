//! The console's state and its `update`: events in, effects out. No terminal, socket or clock
//! here (time arrives as `Event::Tick`), which is what makes every view testable.
//!
//! [`App`] holds what every view shares (tenant, operator, connection, the view on screen and
//! the way back, the keyboard's [`Mode`], the status line, the time) and the views' own states
//! in [`Views`]. It handles the keys every view has and hands the rest of a key's action to
//! the view on screen; a reply goes to the view whose call it answers.

use centralita_protocol::{OperatorIdentity, Role, TenantId};
use crossterm::event::KeyEvent;
use jiff::{SignedDuration, Timestamp};

use super::effect::Effect;
use super::event::{Event, Reply};
use super::keymap::{self, Action};
use super::line::{History, LineEditor};
use super::mode::Mode;
use super::views::{Context, View, Views};
use crate::text;

/// How long a message stays on the status line.
const STATUS_KEPT: SignedDuration = SignedDuration::from_secs(8);
/// Changes are folded into at most one reload per this long.
const REFRESH_EVERY: SignedDuration = SignedDuration::from_millis(250);
/// The dashboard sums up the whole tenant (every conversation it may see: about 0.1 s at
/// 20,000), so on a busy tenant it follows changes less often than the lists.
const DASHBOARD_REFRESH_EVERY: SignedDuration = SignedDuration::from_secs(3);

pub struct App {
    pub tenant: TenantId,
    pub identity: OperatorIdentity,
    pub connected: bool,
    pub view: View,
    /// The views Esc goes back to, last on top.
    back: Vec<View>,
    pub mode: Mode,
    /// What was entered in each kind of prompt this session (Up/Down walk it).
    pub history: History,
    /// Last message and whether it is an error.
    pub status: Option<(String, bool)>,
    /// When the status line was last set; it clears itself after [`STATUS_KEPT`].
    status_since: Option<Timestamp>,
    pub now: Timestamp,
    /// The tenant's time zone (from `tenants_list`; the default one until known).
    pub zone: jiff::tz::TimeZone,
    /// The tenant's currency, for its own amounts (a lead's value).
    pub currency: String,
    /// Every view's state.
    pub views: Views,
    /// The change feed moved since the last reload.
    dirty: bool,
    last_refresh: Option<Timestamp>,
    pub should_quit: bool,
}

impl App {
    pub fn new(tenant: TenantId, identity: OperatorIdentity, now: Timestamp) -> Self {
        Self {
            tenant,
            identity,
            connected: true,
            view: View::Dashboard,
            back: Vec::new(),
            mode: Mode::Normal,
            history: History::default(),
            status: None,
            status_since: None,
            now,
            zone: crate::format::zone(centralita_protocol::DEFAULT_ZONE),
            currency: centralita_protocol::default_currency(),
            views: Views::default(),
            dirty: false,
            last_refresh: None,
            should_quit: false,
        }
    }

    /// Admin of the current tenant (or superuser).
    pub fn is_admin(&self) -> bool {
        self.identity.superuser || self.identity.roles.get(&self.tenant) == Some(&Role::Admin)
    }

    /// At least a supervisor of the current tenant (or superuser): may assign work to others.
    pub fn is_supervisor(&self) -> bool {
        self.identity.superuser
            || self
                .identity
                .roles
                .get(&self.tenant)
                .is_some_and(|role| *role >= Role::Supervisor)
    }

    /// The caller's role in the current tenant; a superuser counts as admin.
    pub fn access(&self) -> crate::console::views::Access {
        if self.identity.superuser {
            return Some(Role::Admin);
        }
        self.identity.roles.get(&self.tenant).copied()
    }

    /// The caller's role as the header shows it.
    pub fn role_label(&self) -> String {
        match self.identity.roles.get(&self.tenant) {
            Some(role) => role.to_string(),
            None if self.identity.superuser => "superuser".into(),
            None => text::NO_ROLE.to_string(),
        }
    }

    /// What to load when the console opens.
    pub fn start(&mut self) -> Vec<Effect> {
        self.reload()
    }

    pub fn update(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Key(key) => self.on_key(key),
            Event::Changes => {
                self.dirty = true;
                Vec::new()
            }
            Event::Tick(now) => {
                self.now = now;
                if self
                    .status_since
                    .is_some_and(|since| now.duration_since(since) >= STATUS_KEPT)
                {
                    self.status = None;
                    self.status_since = None;
                }
                let every = if self.view == View::Dashboard {
                    DASHBOARD_REFRESH_EVERY
                } else {
                    REFRESH_EVERY
                };
                let due = self
                    .last_refresh
                    .is_none_or(|last| now.duration_since(last) >= every);
                if self.dirty && due && self.connected {
                    self.dirty = false;
                    self.last_refresh = Some(now);
                    return self.reload();
                }
                Vec::new()
            }
            Event::Connection(connected) => {
                let was = self.connected;
                self.connected = connected;
                if connected && !was {
                    self.say(crate::text::CONNECTED_AGAIN.to_string(), false);
                    return self.reload();
                }
                Vec::new()
            }
            Event::Reply(reply) => self.on_reply(reply),
            Event::Answer { reply, from } => self.on_answer(reply, from),
        }
    }

    /// Loads what the current view shows.
    pub fn reload(&mut self) -> Vec<Effect> {
        self.views.get(self.view).reload(self.access())
    }

    /// Shows `view` (Esc comes back) and loads it.
    pub fn goto(&mut self, view: View) -> Vec<Effect> {
        if self.view != view {
            self.back.push(self.view);
            self.show(view);
        }
        self.reload()
    }

    /// Puts `view` on screen; the status line said something about the view left, so it
    /// clears.
    fn show(&mut self, view: View) {
        if self.view != view {
            self.status = None;
            self.status_since = None;
        }
        self.view = view;
    }

    pub(super) fn say(&mut self, message: String, error: bool) {
        self.status = Some((message, error));
        self.status_since = Some(self.now);
    }

    /// Runs `handle` on the views with a [`Context`] of the app, then shows what it said and
    /// reloads the view on screen if it asked to.
    pub(super) fn with_views(
        &mut self,
        handle: impl FnOnce(&mut Views, &mut Context<'_>) -> Vec<Effect>,
    ) -> Vec<Effect> {
        let (admin, supervisor) = (self.is_admin(), self.is_supervisor());
        let mut context = Context::new(
            (self.now, &self.zone),
            &self.tenant,
            admin,
            self.view,
            &mut self.mode,
        )
        .with_user(&self.identity.user)
        .with_currency(&self.currency)
        .with_supervisor(supervisor);
        let mut effects = handle(&mut self.views, &mut context);
        let (said, reload) = context.finish();
        if let Some((message, error)) = said {
            self.say(message, error);
        }
        if reload {
            effects.extend(self.reload());
        }
        effects
    }

    /// Another tenant picked in the picker: its change feed, and nothing of the old one left on
    /// screen or in the back stack.
    pub(super) fn switch_tenant(&mut self, tenant: TenantId) -> Vec<Effect> {
        self.tenant = tenant;
        self.views.forget_tenant();
        self.back.clear();
        if matches!(
            self.view,
            View::Job
                | View::AuditEntry
                | View::Invoice
                | View::MailMessage
                | View::Glosa
                | View::Lead
                | View::Contact
        ) {
            self.show(View::Dashboard);
        }
        let mut effects = vec![Effect::SwitchTenant(self.tenant.clone())];
        effects.extend(self.reload());
        effects
    }

    /// An answer to a call made from view `from`. Once the operator has left that view, what
    /// the action says is not shown over another view's screen, except a failure, which names
    /// the view it came from (an action that did not happen must not pass unseen).
    fn on_answer(&mut self, reply: Reply, from: View) -> Vec<Effect> {
        if from == self.view {
            return self.on_reply(reply);
        }
        match reply {
            Reply::Progress(_) => Vec::new(),
            Reply::Done(_) => self.reload(),
            Reply::Failed(error) => {
                self.say(
                    text::failed_in(from.title(), &text::rpc_error(&error)),
                    true,
                );
                Vec::new()
            }
            reply => self.on_reply(reply),
        }
    }

    fn on_reply(&mut self, reply: Reply) -> Vec<Effect> {
        match reply {
            Reply::Nothing => Vec::new(),
            Reply::Progress(message) => {
                self.say(message, false);
                Vec::new()
            }
            Reply::Done(message) => {
                self.say(message, false);
                self.reload()
            }
            Reply::Failed(error) => {
                self.views.page_failed();
                self.say(text::rpc_error(&error), true);
                Vec::new()
            }
            // The consent page is for the operator who asked, whatever is on screen now; the
            // new pending connection shows once the view reloads.
            Reply::Authorization(start) => {
                self.mode = Mode::Authorization(start);
                self.reload()
            }
            reply => {
                // A fresh list of tenants may carry a new zone or currency for this one.
                if let Reply::Tenants(tenants) = &reply
                    && let Some(tenant) = tenants.iter().find(|tenant| tenant.id == self.tenant)
                {
                    self.zone = crate::format::zone(&tenant.zone);
                    self.currency.clone_from(&tenant.currency);
                }
                self.with_views(|views, context| views.on_reply(reply, context))
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => self.on_action(key),
            Mode::Help => Vec::new(),
            Mode::Compose(composer) => {
                self.with_views(|views, context| views.inbox.on_compose_key(key, composer, context))
            }
            mode => self.on_modal_key(key, mode),
        }
    }

    /// A key with no modal open: the keys every view has here, the rest to the view on screen.
    fn on_action(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(action) = keymap::action_for(self.view, key) else {
            return Vec::new();
        };
        match action {
            Action::Quit => {
                self.should_quit = true;
                vec![Effect::Quit]
            }
            Action::Help => {
                self.mode = Mode::Help;
                Vec::new()
            }
            Action::Command => {
                self.mode = Mode::Command(LineEditor::default());
                Vec::new()
            }
            Action::Filter => {
                match self.views.filter_text(self.view) {
                    Some(text) => self.mode = Mode::Filter(LineEditor::from(text)),
                    None => self.say(crate::text::NO_FILTER_HERE.to_string(), true),
                }
                Vec::new()
            }
            Action::Tenant => {
                self.mode = Mode::TenantPicker { selected: 0 };
                vec![Effect::LoadTenants]
            }
            Action::Back => {
                // A filter in force goes first; then the view before.
                if self
                    .views
                    .filter_text(self.view)
                    .is_some_and(|text| !text.is_empty())
                    && self.views.apply_filter(self.view, "").is_ok()
                {
                    return self.reload();
                }
                if let Some(view) = self.back.pop() {
                    self.show(view);
                    return self.reload();
                }
                Vec::new()
            }
            Action::Refresh => self.reload(),
            Action::Open => {
                if let Some((view, effects)) = self.views.open(self.view) {
                    self.back.push(self.view);
                    self.show(view);
                    return effects;
                }
                // Nothing to open here: the view may say why.
                let view = self.view;
                self.with_views(|views, context| views.get_mut(view).update(action, context))
            }
            action => {
                let view = self.view;
                self.with_views(|views, context| views.get_mut(view).update(action, context))
            }
        }
    }
}
