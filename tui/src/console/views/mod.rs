//! One file per view (a folder when it grows past ~400 lines): the view's state, its keys,
//! what it loads, its `update` and `on_reply` (actions and answers in, effects out) and its
//! `draw`. [`Views`] holds every view's state; the app hands a key's action to the view on
//! screen only, and each reply to the view whose call it answers.
//!
//! The simple lists (contacts, leads, reminders, tenants, operators, connections, mailboxes,
//! the audit log) are one view, [`list::ListView`]: their files say only what differs, as a
//! [`list::TableRow`] of the row type. Every list draws with [`widgets::list_table`]. The
//! views of one record (a glosa, an invoice, a job…) share their loading notice, field lines,
//! panes and moves through [`detail`].
//!
//! Views see the rest of the app through a [`Context`] (updating) or a [`Screen`] (drawing),
//! never the terminal, a socket or the clock.

pub mod audit;
pub mod connections;
pub mod contact;
pub mod contacts;
mod context;
pub mod dashboard;
pub mod detail;
pub mod funnel;
pub mod glosa;
pub mod glosas;
pub mod inbox;
pub mod invoice;
pub mod invoices;
pub mod job;
pub mod jobs;
pub mod lead;
pub mod leads;
pub mod list;
pub mod mail;
pub mod mail_message;
pub mod mailboxes;
pub mod operators;
pub mod reminders;
pub mod reports;
pub mod tenants;

use centralita_protocol::{
    AuditEntry, Connection, Contact, Lead, Mailbox, Operator, Reminder, Tenant,
};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

pub use self::context::{Context, Screen};
use self::list::ListView;
use super::app::App;
use super::effect::Effect;
use super::event::Reply;
use super::keymap::Action;
use super::theme::Theme;
use super::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Dashboard,
    Jobs,
    /// One job's details (opened from the jobs list or the dashboard).
    Job,
    Audit,
    /// One audit entry, every field whole (opened from the audit list).
    AuditEntry,
    Tenants,
    Operators,
    Invoices,
    /// One invoice for review (opened from the invoices list).
    Invoice,
    /// Conversations beside the selected one's thread.
    Inbox,
    /// Leads as cards in their funnel's stages.
    Funnel,
    /// Every lead, newest first.
    Leads,
    /// One lead with its notes, reminders and contact (opened from the leads or the funnel).
    Lead,
    /// Reminders not done, soonest first.
    Reminders,
    /// Contacts, newest first.
    Contacts,
    /// One contact with its handles, notes, conversations and leads (opened from the contacts).
    Contact,
    /// One report as bars.
    Reports,
    /// The tenant's connections to providers (OAuth grants).
    Connections,
    /// Mail messages of every mailbox or one, newest first.
    Mail,
    /// One mail message with its attachments' outcomes (opened from the mail list).
    MailMessage,
    /// The Gmail mailboxes the tenant watches.
    Mailboxes,
    /// Payers' objections to the tenant's invoices, soonest due first.
    Glosas,
    /// One glosa with its items and the notice's text (opened from the glosas list).
    Glosa,
}

impl View {
    /// The views `:` can jump to, by the name typed.
    pub const NAMED: [(&'static str, View); 16] = [
        ("dashboard", View::Dashboard),
        ("contacts", View::Contacts),
        ("reports", View::Reports),
        ("funnel", View::Funnel),
        ("leads", View::Leads),
        ("reminders", View::Reminders),
        ("inbox", View::Inbox),
        ("invoices", View::Invoices),
        ("mail", View::Mail),
        ("mailboxes", View::Mailboxes),
        ("glosas", View::Glosas),
        ("jobs", View::Jobs),
        ("audit", View::Audit),
        ("tenants", View::Tenants),
        ("operators", View::Operators),
        ("connections", View::Connections),
    ];

    /// The named views whose name starts with `typed` (all of them for nothing typed).
    pub fn matching(typed: &str) -> Vec<(&'static str, View)> {
        View::NAMED
            .iter()
            .filter(|(name, _)| name.starts_with(typed))
            .copied()
            .collect()
    }

    /// The view `:` + `typed` + Enter goes to: the one of that name, else the only one whose
    /// name starts with it; else why none (no name starts with it, or several do).
    pub fn find(typed: &str) -> Result<View, String> {
        let typed = typed.trim();
        if let Some((_, view)) = View::NAMED.iter().find(|(name, _)| *name == typed) {
            return Ok(*view);
        }
        match View::matching(typed).as_slice() {
            [(_, view)] if !typed.is_empty() => Ok(*view),
            [] => Err(crate::text::unknown_view(typed)),
            several => {
                let names: Vec<&str> = several.iter().map(|(name, _)| *name).collect();
                Err(crate::text::ambiguous_view(typed, &names))
            }
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::Dashboard => "dashboard",
            View::Jobs => "jobs",
            View::Job => "job",
            View::Audit => "audit",
            View::AuditEntry => "audit entry",
            View::Tenants => "tenants",
            View::Operators => "operators",
            View::Invoices => "invoices",
            View::Invoice => "invoice",
            View::Inbox => "inbox",
            View::Funnel => "funnel",
            View::Leads => "leads",
            View::Lead => "lead",
            View::Contact => "contact",
            View::Reminders => "reminders",
            View::Contacts => "contacts",
            View::Reports => "reports",
            View::Connections => "connections",
            View::Mail => "mail",
            View::MailMessage => "message",
            View::Mailboxes => "mailboxes",
            View::Glosas => "glosas",
            View::Glosa => "glosa",
        }
    }
}

/// The operator's role in the tenant on screen (a superuser counts as admin); `None` for no
/// role.
pub type Access = Option<centralita_protocol::Role>;

/// What every view's state does. Its keys are a table next to it ([`super::keymap::view_keys`]
/// finds them), so the footer and `?` help print what [`ViewState::update`] is handed.
pub trait ViewState {
    /// What to load to show the view (again), for an operator of role `access` here.
    fn reload(&self, access: Access) -> Vec<Effect>;

    /// An action of the view's keys or a navigation key, while the view is on screen.
    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect>;

    /// An answer to a call of this view, on screen or not.
    fn on_reply(&mut self, reply: Reply, context: &mut Context<'_>) -> Vec<Effect>;

    /// Draws the view into `area` (the screen between the header and the status line).
    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>);
}

/// Every view's state, kept while others are on screen so going back shows what was there.
#[derive(Default)]
pub struct Views {
    pub dashboard: dashboard::DashboardView,
    pub jobs: jobs::JobsView,
    pub job: job::JobView,
    pub audit: ListView<AuditEntry>,
    pub audit_entry: audit::AuditEntryView,
    pub tenants: ListView<Tenant>,
    pub operators: ListView<Operator>,
    pub invoices: invoices::InvoicesView,
    pub invoice: invoice::InvoiceView,
    pub inbox: inbox::InboxView,
    pub funnel: funnel::FunnelView,
    pub leads: ListView<Lead>,
    pub lead: lead::LeadView,
    pub contact: contact::ContactView,
    pub reminders: ListView<Reminder>,
    pub contacts: ListView<Contact>,
    pub reports: reports::ReportsView,
    pub connections: ListView<Connection>,
    pub mail: mail::MailView,
    pub mail_message: mail_message::MailMessageView,
    pub mailboxes: ListView<Mailbox>,
    pub glosas: glosas::GlosasView,
    pub glosa: glosa::GlosaView,
}

impl Views {
    /// The state of `view`, for drawing it or asking what it loads.
    pub fn get(&self, view: View) -> &dyn ViewState {
        match view {
            View::Dashboard => &self.dashboard,
            View::Jobs => &self.jobs,
            View::Job => &self.job,
            View::Audit => &self.audit,
            View::AuditEntry => &self.audit_entry,
            View::Tenants => &self.tenants,
            View::Operators => &self.operators,
            View::Invoices => &self.invoices,
            View::Invoice => &self.invoice,
            View::Inbox => &self.inbox,
            View::Funnel => &self.funnel,
            View::Leads => &self.leads,
            View::Lead => &self.lead,
            View::Contact => &self.contact,
            View::Reminders => &self.reminders,
            View::Contacts => &self.contacts,
            View::Reports => &self.reports,
            View::Connections => &self.connections,
            View::Mail => &self.mail,
            View::MailMessage => &self.mail_message,
            View::Mailboxes => &self.mailboxes,
            View::Glosas => &self.glosas,
            View::Glosa => &self.glosa,
        }
    }

    /// The state of `view`, to update.
    pub fn get_mut(&mut self, view: View) -> &mut dyn ViewState {
        match view {
            View::Dashboard => &mut self.dashboard,
            View::Jobs => &mut self.jobs,
            View::Job => &mut self.job,
            View::Audit => &mut self.audit,
            View::AuditEntry => &mut self.audit_entry,
            View::Tenants => &mut self.tenants,
            View::Operators => &mut self.operators,
            View::Invoices => &mut self.invoices,
            View::Invoice => &mut self.invoice,
            View::Inbox => &mut self.inbox,
            View::Funnel => &mut self.funnel,
            View::Leads => &mut self.leads,
            View::Lead => &mut self.lead,
            View::Contact => &mut self.contact,
            View::Reminders => &mut self.reminders,
            View::Contacts => &mut self.contacts,
            View::Reports => &mut self.reports,
            View::Connections => &mut self.connections,
            View::Mail => &mut self.mail,
            View::MailMessage => &mut self.mail_message,
            View::Mailboxes => &mut self.mailboxes,
            View::Glosas => &mut self.glosas,
            View::Glosa => &mut self.glosa,
        }
    }

    /// Hands a reply to the view whose call it answers. The app's own replies (`Done`,
    /// `Failed`, `Progress`, `Nothing`, `Authorization`) never come here.
    pub fn on_reply(&mut self, reply: Reply, context: &mut Context<'_>) -> Vec<Effect> {
        let view = match &reply {
            Reply::Dashboard(_) => View::Dashboard,
            Reply::Jobs { .. } | Reply::Queues(_) => View::Jobs,
            Reply::Job(_) => View::Job,
            Reply::Audit(_) => View::Audit,
            Reply::Tenants(_) => View::Tenants,
            Reply::Operators(_) => View::Operators,
            Reply::Invoices { .. } => View::Invoices,
            Reply::Invoice(_) => View::Invoice,
            Reply::Conversations(_)
            | Reply::Conversation(_)
            | Reply::QuickReplies(_)
            | Reply::WhatsAppTemplates(_)
            | Reply::Sent { .. }
            | Reply::QuickReplyPreview { .. } => View::Inbox,
            Reply::Funnel { .. } => View::Funnel,
            Reply::Leads(_) => View::Leads,
            Reply::Lead(_) => View::Lead,
            Reply::Contact(_) | Reply::MergeCandidate { .. } => View::Contact,
            Reply::Reminders(_) => View::Reminders,
            Reply::Contacts(_) => View::Contacts,
            Reply::Report(_) => View::Reports,
            Reply::Connections(_) => View::Connections,
            Reply::Mail { .. } => View::Mail,
            Reply::MailMessage(_) => View::MailMessage,
            Reply::Glosas { .. } => View::Glosas,
            Reply::Glosa(_) => View::Glosa,
            Reply::Mailboxes(mailboxes) => {
                // `:mail` cycles through them with `m` and describes the one it shows on top.
                self.mail.mailboxes.clone_from(mailboxes);
                View::Mailboxes
            }
            Reply::Progress(_)
            | Reply::Nothing
            | Reply::Done(_)
            | Reply::Failed(_)
            | Reply::Authorization(_) => {
                return Vec::new();
            }
        };
        self.get_mut(view).on_reply(reply, context)
    }

    /// Enter on a list: the job, invoice, mail message or glosa under the selection, in its own
    /// view; on a mail message, the invoice its picked attachment became; on a mailbox, its
    /// messages; `i` on a glosa, its first invoice. Returns that view and what to load, or
    /// `None` when there is nothing to open.
    pub fn open(&mut self, from: View) -> Option<(View, Vec<Effect>)> {
        match from {
            View::Invoices => {
                let id = self.invoices.list.current()?.id;
                Some((View::Invoice, self.invoice.open(id)))
            }
            View::Audit => {
                let entry = self.audit.list.current()?.clone();
                self.audit_entry.open(entry);
                Some((View::AuditEntry, Vec::new()))
            }
            View::Jobs => {
                let id = self.jobs.list.current()?.id;
                Some((View::Job, self.job.open(id)))
            }
            View::Dashboard => {
                let id = self.dashboard.newest_failure()?;
                Some((View::Job, self.job.open(id)))
            }
            View::Mail => {
                let id = self.mail.list.current()?.id;
                Some((View::MailMessage, self.mail_message.open(id)))
            }
            View::MailMessage => {
                let id = self.mail_message.invoice()?;
                Some((View::Invoice, self.invoice.open(id)))
            }
            View::Mailboxes => {
                let id = self.mailboxes.list.current()?.id;
                Some((View::Mail, self.mail.show_mailbox(Some(id))))
            }
            View::Glosas => {
                let id = self.glosas.list.current()?.id;
                Some((View::Glosa, self.glosa.open(id)))
            }
            View::Glosa => {
                let id = self.glosa.invoice()?;
                Some((View::Invoice, self.invoice.open(id)))
            }
            View::Leads => {
                let id = self.leads.list.current()?.id;
                Some((View::Lead, self.lead.open(id)))
            }
            View::Funnel => {
                let id = self.funnel.selected_lead()?;
                Some((View::Lead, self.lead.open(id)))
            }
            View::Contacts => {
                let id = self.contacts.list.current()?.id;
                Some((View::Contact, self.contact.open(id)))
            }
            View::Contact => {
                let id = self.contact.selected_conversation()?;
                Some((View::Inbox, self.inbox.show(id)))
            }
            _ => None,
        }
    }

    /// The `/` text in force in `view`; `None` for a view with no filter.
    pub fn filter_text(&self, view: View) -> Option<&str> {
        let text = match view {
            View::Jobs => &self.jobs.list.filter_text,
            View::Invoices => &self.invoices.list.filter_text,
            View::Inbox => &self.inbox.list.filter_text,
            View::Glosas => &self.glosas.list.filter_text,
            View::Audit => &self.audit.list.filter_text,
            View::Tenants => &self.tenants.list.filter_text,
            View::Operators => &self.operators.list.filter_text,
            View::Leads => &self.leads.list.filter_text,
            View::Reminders => &self.reminders.list.filter_text,
            View::Contacts => &self.contacts.list.filter_text,
            View::Connections => &self.connections.list.filter_text,
            View::Mailboxes => &self.mailboxes.list.filter_text,
            _ => return None,
        };
        Some(text)
    }

    /// What the `/` line of `view` says it takes: the view's own keys and plain words.
    pub fn filter_hint(view: View) -> &'static str {
        match view {
            View::Jobs => crate::text::JOBS_FILTER_HINT.get(),
            View::Invoices => crate::text::INVOICES_FILTER_HINT.get(),
            View::Glosas => crate::text::GLOSA_FILTER_HINT.get(),
            _ => crate::text::LIST_FILTER_HINT.get(),
        }
    }

    /// `/` text and Enter in `view`: the filter in force from now on (the app reloads), or why
    /// the text is not one, and the old filter stays.
    pub fn apply_filter(&mut self, view: View, text: &str) -> Result<(), String> {
        match view {
            View::Jobs => self.jobs.list.apply_filter(text, jobs::parse_filter),
            View::Invoices => self
                .invoices
                .list
                .apply_filter(text, invoices::parse_filter),
            View::Glosas => self.glosas.list.apply_filter(text, glosas::parse_filter),
            View::Inbox => self.inbox.list.apply_filter(text, inbox::parse_filter),
            View::Audit => self.audit.apply_filter(text),
            View::Tenants => self.tenants.apply_filter(text),
            View::Operators => self.operators.apply_filter(text),
            View::Leads => self.leads.apply_filter(text),
            View::Reminders => self.reminders.apply_filter(text),
            View::Contacts => self.contacts.apply_filter(text),
            View::Connections => self.connections.apply_filter(text),
            View::Mailboxes => self.mailboxes.apply_filter(text),
            _ => Err(crate::text::NO_FILTER_HERE.to_string()),
        }
    }

    /// A call failed: a page being loaded is no longer on its way.
    pub fn page_failed(&mut self) {
        self.jobs.list.page_failed();
        self.invoices.list.page_failed();
        self.mail.list.page_failed();
    }

    /// Another tenant: nothing of the old one stays on screen. The filters, the funnel on
    /// screen, the report and the CRM lists stay until their views load again.
    pub fn forget_tenant(&mut self) {
        self.dashboard = dashboard::DashboardView::default();
        self.jobs.forget_tenant();
        self.job = job::JobView::default();
        self.audit = ListView::default();
        self.audit_entry = audit::AuditEntryView::default();
        self.operators = ListView::default();
        self.connections = ListView::default();
        self.invoices.forget_tenant();
        self.invoice = invoice::InvoiceView::default();
        self.inbox = inbox::InboxView::default();
        self.mail.forget_tenant();
        self.mail_message = mail_message::MailMessageView::default();
        self.mailboxes = ListView::default();
        self.glosas.forget_tenant();
        self.glosa = glosa::GlosaView::default();
        self.lead = lead::LeadView::default();
        self.contact = contact::ContactView::default();
    }
}

/// Draws the whole screen: header, the view, status line, footer, overlays.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: Theme) {
    let sandbox = app.views.dashboard.is_sandbox();
    let banner = u16::from(sandbox);
    let [header, banner_area, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    widgets::header(frame, header, app, theme);
    if sandbox {
        let text = format!(" {} ", crate::text::SANDBOX_BANNER);
        frame.render_widget(
            ratatui::widgets::Paragraph::new(text).style(theme.banner()),
            banner_area,
        );
    }
    let screen = Screen {
        now: app.now,
        tenant: &app.tenant,
        admin: app.is_admin(),
        access: app.access(),
        mode: &app.mode,
        theme,
        zone: &app.zone,
        currency: &app.currency,
        lang: crate::text::lang(),
    };
    app.views.get(app.view).draw(frame, body, &screen);
    widgets::status_line(frame, status, app, theme);
    widgets::footer(frame, footer, app, theme);
    widgets::overlay(frame, app, theme);
}
