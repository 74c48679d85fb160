//! What a view sees of the app besides its own state: [`Context`] while it updates, [`Screen`]
//! while it draws.

use centralita_protocol::TenantId;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::View;
use crate::console::composer::Composer;
use crate::console::effect::Effect;
use crate::console::mode::{Form, Mode};
use crate::console::theme::Theme;
use crate::format;
use crate::text::{self, Lang};

/// The app as a view's `update` and `on_reply` see it: read the clock and who is looking;
/// open a modal, put a message on the status line, or ask for what is on screen to be
/// loaded again (the app does the last two once the view is done).
pub struct Context<'a> {
    /// The time of the last tick.
    pub now: Timestamp,
    pub tenant: &'a TenantId,
    /// The tenant's time zone: times are typed and shown in it.
    pub zone: &'a jiff::tz::TimeZone,
    /// The tenant's currency (an ISO 4217 code).
    pub currency: &'a str,
    /// The operator administers this tenant (or is a superuser).
    pub admin: bool,
    /// The operator is at least a supervisor here: may assign work to others.
    pub supervisor: bool,
    /// The operator at the keyboard (a Unix user name).
    pub user: &'a str,
    /// The view on screen, which a reply may not be for.
    pub view: View,
    /// What the keyboard types into; a view sets it to open a modal.
    pub mode: &'a mut Mode,
    said: Option<(String, bool)>,
    reload: bool,
}

impl<'a> Context<'a> {
    /// The app's context for a view; nothing said, no reload asked yet.
    pub fn new(
        (now, zone): (Timestamp, &'a jiff::tz::TimeZone),
        tenant: &'a TenantId,
        admin: bool,
        view: View,
        mode: &'a mut Mode,
    ) -> Self {
        Self {
            now,
            tenant,
            zone,
            currency: centralita_protocol::DEFAULT_CURRENCY,
            admin,
            supervisor: admin,
            user: "",
            view,
            mode,
            said: None,
            reload: false,
        }
    }

    /// The same context, for the operator `user`.
    #[must_use]
    pub fn with_user(self, user: &'a str) -> Self {
        Self { user, ..self }
    }

    /// The same context, for a tenant whose currency is `currency`.
    #[must_use]
    pub fn with_currency(self, currency: &'a str) -> Self {
        Self { currency, ..self }
    }

    #[must_use]
    pub fn with_supervisor(self, supervisor: bool) -> Self {
        Self { supervisor, ..self }
    }

    /// Puts `message` on the status line (as an error when `error`).
    pub fn say(&mut self, message: String, error: bool) {
        self.said = Some((message, error));
    }

    /// Says on the status line that only admins may do that (a key that changes the tenant's
    /// setup, pressed by someone else).
    pub fn say_admins_only(&mut self) {
        self.say(text::ADMIN_ONLY.into(), true);
    }

    /// Asks `question`; `y` sends `effect`.
    pub fn confirm(&mut self, question: String, effect: Effect) {
        *self.mode = Mode::Confirm { question, effect };
    }

    /// Opens a one-line form for `form` with nothing typed in yet (a new record, a note, a
    /// reason), labelled `label`.
    pub fn prompt_blank(&mut self, form: Form, label: impl Into<String>) {
        self.prompt(form, label.into(), String::new());
    }

    /// Opens a one-line form for `form`, `input` typed in already.
    pub fn prompt(&mut self, form: Form, label: String, input: String) {
        *self.mode = Mode::Prompt {
            form,
            label,
            input: input.into(),
        };
    }

    /// Opens (or keeps open) the inbox composer.
    pub fn compose(&mut self, composer: Composer) {
        *self.mode = Mode::Compose(composer);
    }

    /// Loads what is on screen again once this key or reply is handled.
    pub fn reload(&mut self) {
        self.reload = true;
    }

    /// What the app does after the view: the status message, and whether to reload.
    pub fn finish(self) -> (Option<(String, bool)>, bool) {
        (self.said, self.reload)
    }
}

/// The app as a view's `draw` sees it.
pub struct Screen<'a> {
    pub now: Timestamp,
    pub tenant: &'a TenantId,
    pub admin: bool,
    /// The operator's role here ([`super::Access`]).
    pub access: super::Access,
    pub mode: &'a Mode,
    pub theme: Theme,
    /// The tenant's time zone, which every time on screen is in.
    pub zone: &'a TimeZone,
    /// The tenant's currency, which its own amounts (a lead's value) are in.
    pub currency: &'a str,
    pub lang: Lang,
}

impl Screen<'_> {
    /// "today 10:42", "Dec 3 2025" ([`format::when`]).
    pub fn when(&self, at: Timestamp) -> String {
        format::when(at, self.now, self.zone, self.lang)
    }

    /// "today 10:42 · 9m ago", where there is room ([`format::when_ago`]).
    pub fn when_ago(&self, at: Timestamp) -> String {
        format::when_ago(at, self.now, self.zone, self.lang)
    }

    /// An amount of the tenant's own, such as a lead's value: "S/ 1.250,00".
    pub fn amount(&self, value: &str) -> String {
        format::amount(value, self.currency)
    }
}
