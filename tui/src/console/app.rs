//! The console's state and its `update`: events in, effects out. No terminal, socket or clock
//! here (time arrives as `Event::Tick`), which is what makes every view testable.

use centralita_protocol::{
    AuditEntry, Contact, ConversationDetail, ConversationSummary, Dashboard, FieldName,
    FunnelStage, InvoiceCounts, InvoiceDetail, InvoiceFilter, InvoiceState, InvoiceSummary,
    JobDetail, JobFilter, JobState, JobSummary, Lead, Operator, OperatorIdentity, QueueInfo,
    Reminder, ReplyTemplate, Report, Role, Tenant, TenantId, WhatsAppTemplate,
};
use crossterm::event::{KeyCode, KeyEvent};
use jiff::{SignedDuration, Timestamp};

use super::composer::{Composer, Outcome};
use super::effect::Effect;
use super::event::{Event, Reply};
use super::keymap::{self, Action};

/// Rows a page key moves.
const PAGE: usize = 10;
/// Load the next page of jobs when the selection comes this close to the end.
const PREFETCH: usize = 50;
/// How long a message stays on the status line.
const STATUS_KEPT: SignedDuration = SignedDuration::from_secs(8);
/// Changes are folded into at most one reload per this long.
const REFRESH_EVERY: SignedDuration = SignedDuration::from_millis(250);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Dashboard,
    Jobs,
    /// One job's details (opened from the jobs list or the dashboard).
    Job,
    Audit,
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
    /// Reminders not done, soonest first.
    Reminders,
    /// Contacts, newest first.
    Contacts,
    /// One report as bars.
    Reports,
}

impl View {
    /// The views `:` can jump to, by the name typed.
    pub const NAMED: [(&'static str, View); 12] = [
        ("dashboard", View::Dashboard),
        ("contacts", View::Contacts),
        ("reports", View::Reports),
        ("funnel", View::Funnel),
        ("leads", View::Leads),
        ("reminders", View::Reminders),
        ("inbox", View::Inbox),
        ("invoices", View::Invoices),
        ("jobs", View::Jobs),
        ("audit", View::Audit),
        ("tenants", View::Tenants),
        ("operators", View::Operators),
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Dashboard => "dashboard",
            View::Jobs => "jobs",
            View::Job => "job",
            View::Audit => "audit",
            View::Tenants => "tenants",
            View::Operators => "operators",
            View::Invoices => "invoices",
            View::Invoice => "invoice",
            View::Inbox => "inbox",
            View::Funnel => "funnel",
            View::Leads => "leads",
            View::Reminders => "reminders",
            View::Contacts => "contacts",
            View::Reports => "reports",
        }
    }
}

/// What the keyboard is typing into, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Command(String),
    Filter(String),
    Help,
    /// A destructive action waiting for `y`.
    Confirm {
        question: String,
        effect: Effect,
    },
    /// A one-line form; `form` says what the text is for.
    Prompt {
        form: Form,
        label: String,
        input: String,
    },
    TenantPicker {
        selected: usize,
    },
    /// `i` in the inbox: the multi-line composer under the thread.
    Compose(Composer),
}

/// The reports `:reports` cycles through with `n`.
pub const REPORTS: [&str; 6] = [
    "channels",
    "leads",
    "countries",
    "operators",
    "first-response",
    "funnels",
];

/// What a [`Mode::Prompt`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `a` in tenants: "id name…".
    Tenant,
    /// `a` in operators: "user role".
    Operator,
    /// `x` on an invoice: why it is rejected.
    RejectReason(u64),
    /// `e` on an invoice field: its new value (empty clears it).
    EditField(u64, FieldName),
    /// `s` on an invoice: where to save the original.
    SavePath(u64),
}

/// A scrollable list's rows and selection.
#[derive(Debug, Clone)]
pub struct List<T> {
    pub rows: Vec<T>,
    pub selected: usize,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            selected: 0,
        }
    }
}

impl<T> List<T> {
    pub fn current(&self) -> Option<&T> {
        self.rows.get(self.selected)
    }

    fn replace(&mut self, rows: Vec<T>) {
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    fn step(&mut self, action: Action) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::PageUp => self.selected.saturating_sub(PAGE),
            Action::PageDown => (self.selected + PAGE).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.selected,
        };
    }
}

// Independent flags (connection, paging, debounce, quitting), not a state machine in disguise.
#[allow(clippy::struct_excessive_bools)]
pub struct App {
    pub tenant: TenantId,
    pub identity: OperatorIdentity,
    pub connected: bool,
    pub view: View,
    back: Vec<View>,
    pub mode: Mode,
    /// Last message and whether it is an error.
    pub status: Option<(String, bool)>,
    pub now: Timestamp,
    pub dashboard: Option<Dashboard>,
    pub jobs: List<JobSummary>,
    /// More jobs exist past the loaded ones (keyset cursor).
    pub jobs_next: Option<u64>,
    loading_more: bool,
    /// The `/` text of the jobs view and the server-side filter it stands for.
    pub filter_text: String,
    pub job_filter: JobFilter,
    pub job: Option<JobDetail>,
    pub queues: Vec<QueueInfo>,
    pub audit: List<AuditEntry>,
    pub tenants: List<Tenant>,
    pub operators: List<Operator>,
    pub failures: usize,
    pub invoices: List<InvoiceSummary>,
    pub invoices_next: Option<u64>,
    pub invoice_counts: InvoiceCounts,
    /// The `/` text of the invoices view and the filter it stands for.
    pub invoice_filter_text: String,
    pub invoice_filter: InvoiceFilter,
    pub invoice: Option<InvoiceDetail>,
    /// The field row selected in the invoice view (index into [`FieldName::ALL`]).
    pub invoice_field: usize,
    /// First line of the extracted text shown in the invoice view.
    pub text_scroll: usize,
    pub conversations: List<ConversationSummary>,
    pub leads: Vec<Lead>,
    pub lead_list: List<Lead>,
    pub reminders: List<Reminder>,
    pub contacts: List<Contact>,
    pub report: Option<Report>,
    /// Which report `:reports` shows (index into [`REPORTS`]) and over how many days.
    pub report_index: usize,
    pub report_days: u32,
    pub stages: Vec<FunnelStage>,
    /// The funnel shown (`sales` first, else the tenant's first), its selected column and card.
    pub funnel: String,
    pub column: usize,
    pub card: usize,
    /// The thread shown beside the list (the selected conversation's, once loaded).
    pub thread: Option<ConversationDetail>,
    /// The composer's picker: the tenant's reply templates and WhatsApp templates, loaded
    /// when it opens.
    pub reply_templates: Vec<ReplyTemplate>,
    pub whatsapp_templates: Vec<WhatsAppTemplate>,
    /// What was typed in a conversation's composer and not sent yet, by conversation. A sent
    /// text stays until the daemon has queued it, so a refused one (window closed) is not lost.
    pub drafts: std::collections::BTreeMap<u64, String>,
    /// When the status line was last set; it clears itself after [`STATUS_KEPT`].
    status_since: Option<Timestamp>,
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
            status: None,
            now,
            dashboard: None,
            jobs: List::default(),
            jobs_next: None,
            loading_more: false,
            filter_text: String::new(),
            job_filter: JobFilter::default(),
            job: None,
            queues: Vec::new(),
            audit: List::default(),
            tenants: List::default(),
            operators: List::default(),
            failures: 0,
            invoices: List::default(),
            invoices_next: None,
            invoice_counts: InvoiceCounts::default(),
            invoice_filter_text: String::new(),
            invoice_filter: InvoiceFilter::default(),
            invoice: None,
            invoice_field: 0,
            text_scroll: 0,
            conversations: List::default(),
            thread: None,
            reply_templates: Vec::new(),
            whatsapp_templates: Vec::new(),
            drafts: std::collections::BTreeMap::new(),
            leads: Vec::new(),
            lead_list: List::default(),
            reminders: List::default(),
            contacts: List::default(),
            report: None,
            report_index: 0,
            report_days: 30,
            stages: Vec::new(),
            funnel: "sales".to_owned(),
            column: 0,
            card: 0,
            status_since: None,
            dirty: false,
            last_refresh: None,
            should_quit: false,
        }
    }

    /// Admin of the current tenant (or superuser).
    pub fn is_admin(&self) -> bool {
        self.identity.superuser || self.identity.roles.get(&self.tenant) == Some(&Role::Admin)
    }

    /// The caller's role as the header shows it.
    pub fn role_label(&self) -> String {
        match self.identity.roles.get(&self.tenant) {
            Some(role) => role.to_string(),
            None if self.identity.superuser => "superuser".into(),
            None => "no role".into(),
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
                let due = self
                    .last_refresh
                    .is_none_or(|last| now.duration_since(last) >= REFRESH_EVERY);
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
                    self.say(format!("{} again", crate::text::CONNECTED), false);
                    return self.reload();
                }
                Vec::new()
            }
            Event::Reply(reply) => self.on_reply(reply),
        }
    }

    fn on_reply(&mut self, reply: Reply) -> Vec<Effect> {
        match reply {
            Reply::Dashboard(dashboard) => {
                self.failures = dashboard.recent_failures.len();
                if let Some(first) = dashboard.reminders_due.first() {
                    let notice =
                        crate::text::reminders_due(dashboard.reminders_due.len(), &first.text);
                    self.say(notice, false);
                }
                self.dashboard = Some(dashboard);
            }
            Reply::Jobs { page, append } => {
                self.loading_more = false;
                self.jobs_next = page.next;
                if append {
                    self.jobs.rows.extend(page.jobs);
                } else {
                    // Keep the highlight on the same job when new ones arrive above it, so a
                    // key press never acts on a job the operator did not pick.
                    let picked = self.jobs.current().map(|job| job.id);
                    self.jobs.replace(page.jobs);
                    if let Some(index) =
                        picked.and_then(|id| self.jobs.rows.iter().position(|job| job.id == id))
                    {
                        self.jobs.selected = index;
                    }
                }
            }
            Reply::Job(detail) => self.job = Some(*detail),
            Reply::Invoices {
                page,
                counts,
                append,
            } => {
                self.loading_more = false;
                self.invoices_next = page.next;
                self.invoice_counts = counts;
                if append {
                    self.invoices.rows.extend(page.invoices);
                } else {
                    let picked = self.invoices.current().map(|invoice| invoice.id);
                    self.invoices.replace(page.invoices);
                    if let Some(index) = picked.and_then(|id| {
                        self.invoices
                            .rows
                            .iter()
                            .position(|invoice| invoice.id == id)
                    }) {
                        self.invoices.selected = index;
                    }
                }
            }
            Reply::Invoice(detail) => self.invoice = Some(*detail),
            Reply::Leads(leads) => self.lead_list.replace(leads),
            Reply::Contacts(contacts) => self.contacts.replace(contacts),
            Reply::Report(report) => self.report = Some(report),
            Reply::Reminders(reminders) => self.reminders.replace(reminders),
            Reply::Funnel { leads, stages } => {
                self.leads = leads;
                // The funnels are the tenant's own: when the one on screen is gone (or was
                // never there), show the first.
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
            Reply::Queues(queues) => self.queues = queues,
            Reply::Audit(page) => self.audit.replace(page.entries),
            Reply::Tenants(tenants) => self.tenants.replace(tenants),
            Reply::Operators(operators) => self.operators.replace(operators),
            Reply::Conversations(_)
            | Reply::Conversation(_)
            | Reply::ReplyTemplates(_)
            | Reply::WhatsAppTemplates(_)
            | Reply::Sent { .. }
            | Reply::Progress(_) => return self.on_inbox_reply(reply),
            Reply::Nothing => {}
            Reply::Done(message) => {
                self.say(message, false);
                return self.reload();
            }
            Reply::Failed(error) => {
                self.loading_more = false;
                self.say(error.message, true);
            }
        }
        Vec::new()
    }

    /// The inbox's answers: the list, a thread, the picker's templates, a queued message, an
    /// upload's progress.
    fn on_inbox_reply(&mut self, reply: Reply) -> Vec<Effect> {
        match reply {
            Reply::Conversations(mut rows) => {
                // Unread first; within each group, newest activity first (the daemon's order).
                rows.sort_by_key(|row| row.unread == 0);
                let picked = self.conversations.current().map(|row| row.id);
                self.conversations.replace(rows);
                if let Some(index) = picked
                    .and_then(|id| self.conversations.rows.iter().position(|row| row.id == id))
                {
                    self.conversations.selected = index;
                }
                return self.load_thread();
            }
            Reply::Conversation(detail) => {
                let (id, unread) = (detail.conversation.id, detail.conversation.unread);
                self.thread = Some(*detail);
                // On screen is read: the unread count goes, and WhatsApp shows blue ticks.
                if unread > 0 && self.view == View::Inbox {
                    return vec![Effect::MarkRead(id)];
                }
            }
            Reply::ReplyTemplates(templates) => self.reply_templates = templates,
            Reply::WhatsAppTemplates(templates) => self.whatsapp_templates = templates,
            Reply::Sent {
                conversation,
                message,
                draft,
            } => return self.on_sent(conversation, message, draft),
            Reply::Progress(message) => self.say(message, false),
            other => unreachable!("not an inbox reply: {other:?}"),
        }
        Vec::new()
    }

    fn say(&mut self, message: String, error: bool) {
        self.status = Some((message, error));
        self.status_since = Some(self.now);
    }

    /// Loads what the current view shows.
    pub fn reload(&mut self) -> Vec<Effect> {
        match self.view {
            View::Dashboard => vec![Effect::LoadDashboard],
            View::Jobs => vec![
                Effect::LoadJobs {
                    filter: self.job_filter.clone(),
                    before: None,
                },
                Effect::LoadQueues,
            ],
            View::Job => self
                .job
                .as_ref()
                .map(|job| vec![Effect::LoadJob(job.job.id)])
                .unwrap_or_default(),
            View::Audit => vec![Effect::LoadAudit],
            View::Inbox => vec![Effect::LoadConversations],
            View::Funnel => vec![Effect::LoadFunnel],
            View::Leads => vec![Effect::LoadLeads],
            View::Contacts => vec![Effect::LoadContacts],
            View::Reports => vec![Effect::LoadReport {
                name: REPORTS[self.report_index % REPORTS.len()].to_owned(),
                days: self.report_days,
            }],
            View::Reminders => vec![Effect::LoadReminders],
            View::Invoices => vec![Effect::LoadInvoices {
                filter: self.invoice_filter.clone(),
                before: None,
            }],
            View::Invoice => self
                .invoice
                .as_ref()
                .map(|invoice| vec![Effect::LoadInvoice(invoice.summary.id)])
                .unwrap_or_default(),
            View::Tenants if self.is_admin() => vec![Effect::LoadTenants],
            View::Operators if self.is_admin() => vec![Effect::LoadOperators],
            View::Tenants | View::Operators => Vec::new(),
        }
    }

    fn goto(&mut self, view: View) -> Vec<Effect> {
        if self.view != view {
            self.back.push(self.view);
            self.view = view;
        }
        self.reload()
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => self.on_action(key),
            Mode::Help => Vec::new(),
            Mode::Command(text) => self.on_command_key(key, text),
            Mode::Filter(text) => self.on_filter_key(key, text),
            Mode::Confirm { question, effect } => match key.code {
                KeyCode::Char('y' | 'Y') => vec![effect],
                KeyCode::Char('n' | 'N') | KeyCode::Esc => Vec::new(),
                _ => {
                    self.mode = Mode::Confirm { question, effect };
                    Vec::new()
                }
            },
            Mode::Prompt { form, label, input } => self.on_prompt_key(key, form, label, input),
            Mode::TenantPicker { selected } => self.on_picker_key(key, selected),
            Mode::Compose(composer) => self.on_compose_key(key, composer),
        }
    }

    /// `i` in the inbox: the composer of the selected conversation, with its draft. The
    /// templates are loaded for the picker.
    fn open_composer(&mut self) -> Vec<Effect> {
        let Some(row) = self.conversations.current() else {
            return Vec::new();
        };
        let to = row
            .contact_name
            .clone()
            .unwrap_or_else(|| format!("contact {}", row.contact));
        let draft = self.drafts.get(&row.id).cloned().unwrap_or_default();
        let whatsapp = row.channel == "whatsapp";
        self.mode = Mode::Compose(Composer::new(row.id, row.channel.clone(), to, draft));
        let mut effects = vec![Effect::LoadReplyTemplates];
        if whatsapp {
            effects.push(Effect::LoadWhatsAppTemplates);
        }
        effects
    }

    fn on_compose_key(&mut self, key: KeyEvent, mut composer: Composer) -> Vec<Effect> {
        let outcome = composer.on_key(
            keymap::compose_key(key),
            &self.reply_templates,
            &self.whatsapp_templates,
        );
        match outcome {
            Outcome::Typing => {
                self.mode = Mode::Compose(composer);
                Vec::new()
            }
            Outcome::Refused(message) => {
                self.say(message, true);
                self.mode = Mode::Compose(composer);
                Vec::new()
            }
            Outcome::Closed => {
                self.keep_draft(&composer);
                Vec::new()
            }
            Outcome::Send(effect) => {
                self.keep_draft(&composer);
                if let Effect::SendFile { path, .. } = &effect {
                    let name = crate::upload::file_name(std::path::Path::new(path));
                    self.say(crate::text::uploading(&name, None), false);
                }
                vec![effect]
            }
        }
    }

    /// Keeps what the composer holds as the conversation's draft (none when it is blank).
    fn keep_draft(&mut self, composer: &Composer) {
        if composer.text.trim().is_empty() {
            self.drafts.remove(&composer.conversation);
        } else {
            self.drafts
                .insert(composer.conversation, composer.text.clone());
        }
    }

    /// A message the composer sent is queued: its text is no longer a draft.
    fn on_sent(&mut self, conversation: u64, message: u64, draft: Option<String>) -> Vec<Effect> {
        if let Some(draft) = draft {
            if self.drafts.get(&conversation) == Some(&draft) {
                self.drafts.remove(&conversation);
            }
            if let Mode::Compose(composer) = &mut self.mode
                && composer.conversation == conversation
                && composer.text == draft
            {
                composer.text.clear();
                composer.cursor = 0;
            }
        }
        self.say(format!("message {message} queued"), false);
        self.reload()
    }

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
                self.mode = Mode::Command(String::new());
                Vec::new()
            }
            Action::Filter => {
                self.mode = Mode::Filter(self.current_filter_text().to_owned());
                Vec::new()
            }
            Action::Tenant => {
                self.mode = Mode::TenantPicker { selected: 0 };
                vec![Effect::LoadTenants]
            }
            Action::Back => {
                if let Some(view) = self.back.pop() {
                    self.view = view;
                    return self.reload();
                }
                Vec::new()
            }
            Action::Refresh => self.reload(),
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.move_selection(action),
            Action::Open => self.open(),
            Action::Retry if matches!(self.view, View::Invoices | View::Invoice) => {
                self.on_invoice_action(action)
            }
            Action::Retry => self
                .selected_job()
                .map(|job| vec![Effect::Retry(job.id)])
                .unwrap_or_default(),
            Action::Confirm if self.view == View::Reminders => self.on_reminder_action(action),
            Action::Snooze => self.on_reminder_action(action),
            Action::NextReport | Action::Period => self.on_report_action(action),
            Action::Confirm | Action::Reject | Action::Edit | Action::Save => {
                self.on_invoice_action(action)
            }
            Action::Left
            | Action::Right
            | Action::NextStage
            | Action::PreviousStage
            | Action::SwitchFunnel => self.on_funnel_action(action),
            Action::Reply => self.open_composer(),
            Action::RetryAll => {
                let filter = self.job_filter.clone();
                let what = if self.filter_text.is_empty() {
                    "all failed and dead jobs".to_owned()
                } else {
                    format!("failed and dead jobs matching \"{}\"", self.filter_text)
                };
                self.mode = Mode::Confirm {
                    question: format!("Retry {what}?"),
                    effect: Effect::RetryMatching(filter),
                };
                Vec::new()
            }
            Action::Cancel => {
                if let Some(job) = self.selected_job() {
                    let (id, kind) = (job.id, job.kind.clone());
                    self.mode = Mode::Confirm {
                        question: format!("Cancel job {id} ({kind})?"),
                        effect: Effect::Cancel(id),
                    };
                }
                Vec::new()
            }
            Action::PauseToggle => self.toggle_queue(),
            Action::Add | Action::Remove => self.on_people_action(action),
        }
    }

    /// The `/` text in force in the current view.
    pub fn current_filter_text(&self) -> &str {
        if self.view == View::Invoices {
            &self.invoice_filter_text
        } else {
            &self.filter_text
        }
    }

    /// `n` shows the next report, `d` cycles the period through 7, 30 and 90 days.
    fn on_report_action(&mut self, action: Action) -> Vec<Effect> {
        if action == Action::NextReport {
            self.report_index = (self.report_index + 1) % REPORTS.len();
        } else {
            self.report_days = match self.report_days {
                7 => 30,
                30 => 90,
                _ => 7,
            };
        }
        self.reload()
    }

    /// `c` (done) and `z` (snooze an hour) on the selected reminder.
    fn on_reminder_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(id) = self.reminders.current().map(|reminder| reminder.id) else {
            return Vec::new();
        };
        if action == Action::Snooze {
            vec![Effect::SnoozeReminder { id, minutes: 60 }]
        } else {
            vec![Effect::ReminderDone(id)]
        }
    }

    /// The stages of the funnel on screen, in order.
    pub fn funnel_columns(&self) -> Vec<&str> {
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

    fn clamp_card(&mut self) {
        let columns = self.funnel_columns().len();
        self.column = self.column.min(columns.saturating_sub(1));
        let cards = self
            .funnel_columns()
            .get(self.column)
            .map_or(0, |stage| self.cards(stage).len());
        self.card = self.card.min(cards.saturating_sub(1));
    }

    /// The kanban keys: columns, cards, moving a lead between stages, the other funnel.
    fn on_funnel_action(&mut self, action: Action) -> Vec<Effect> {
        let columns: Vec<String> = self
            .funnel_columns()
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        match action {
            Action::Left => self.column = self.column.saturating_sub(1),
            Action::Right => self.column += 1,
            Action::SwitchFunnel => {
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
            Action::NextStage | Action::PreviousStage => {
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
                if let Some(stage) = columns.get(target) {
                    return vec![Effect::MoveLead {
                        id: lead,
                        stage: stage.clone(),
                    }];
                }
            }
            _ => {}
        }
        self.clamp_card();
        Vec::new()
    }

    /// `a` and `d` of `:tenants` and `:operators` (admins only).
    fn on_people_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Add if self.is_admin() => {
                let (form, label) = if self.view == View::Tenants {
                    (Form::Tenant, crate::text::PROMPT_NEW_TENANT)
                } else {
                    (Form::Operator, crate::text::PROMPT_NEW_OPERATOR)
                };
                self.prompt(form, label.to_owned(), String::new());
                Vec::new()
            }
            Action::Remove if self.is_admin() => {
                if let Some(operator) = self.operators.current() {
                    let user = operator.user.clone();
                    self.mode = Mode::Confirm {
                        question: format!("Remove {user} from tenant {}?", self.tenant),
                        effect: Effect::RemoveOperator(user),
                    };
                }
                Vec::new()
            }
            Action::Add | Action::Remove => {
                self.say(crate::text::ADMIN_ONLY.into(), true);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The review keys of `:invoices` and the invoice view.
    fn on_invoice_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Retry => self
                .selected_invoice()
                .map(|invoice| vec![Effect::RetryInvoice(invoice.id)])
                .unwrap_or_default(),
            Action::Confirm => self
                .selected_invoice()
                .map(|invoice| vec![Effect::ConfirmInvoice(invoice.id)])
                .unwrap_or_default(),
            Action::Reject => {
                if let Some(id) = self.selected_invoice().map(|invoice| invoice.id) {
                    self.prompt(
                        Form::RejectReason(id),
                        crate::text::prompt_reject(id),
                        String::new(),
                    );
                }
                Vec::new()
            }
            Action::Edit => {
                if let Some(invoice) = &self.invoice {
                    let id = invoice.summary.id;
                    let field = FieldName::ALL[self.invoice_field.min(FieldName::ALL.len() - 1)];
                    let current = invoice.preview.get(field).unwrap_or_default().to_owned();
                    self.prompt(
                        Form::EditField(id, field),
                        crate::text::prompt_edit(field.as_str()),
                        current,
                    );
                }
                Vec::new()
            }
            Action::Save => {
                if let Some(invoice) = &self.invoice {
                    let (id, name) = (invoice.summary.id, invoice.summary.file_name.clone());
                    self.prompt(
                        Form::SavePath(id),
                        crate::text::PROMPT_SAVE_ORIGINAL.to_owned(),
                        name,
                    );
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn prompt(&mut self, form: Form, label: String, input: String) {
        self.mode = Mode::Prompt { form, label, input };
    }

    fn move_selection(&mut self, action: Action) -> Vec<Effect> {
        match self.view {
            View::Invoices => {
                self.invoices.step(action);
                let near_end = self.invoices.selected + PREFETCH >= self.invoices.rows.len();
                if near_end
                    && !self.loading_more
                    && let Some(before) = self.invoices_next
                {
                    self.loading_more = true;
                    return vec![Effect::LoadInvoices {
                        filter: self.invoice_filter.clone(),
                        before: Some(before),
                    }];
                }
            }
            View::Invoice => {
                let last = FieldName::ALL.len() - 1;
                match action {
                    Action::Up => self.invoice_field = self.invoice_field.saturating_sub(1),
                    Action::Down => self.invoice_field = (self.invoice_field + 1).min(last),
                    Action::Top => self.invoice_field = 0,
                    Action::Bottom => self.invoice_field = last,
                    Action::PageDown => self.text_scroll += PAGE,
                    Action::PageUp => self.text_scroll = self.text_scroll.saturating_sub(PAGE),
                    _ => {}
                }
            }
            View::Jobs => {
                self.jobs.step(action);
                let near_end = self.jobs.selected + PREFETCH >= self.jobs.rows.len();
                if near_end
                    && !self.loading_more
                    && let Some(before) = self.jobs_next
                {
                    self.loading_more = true;
                    return vec![Effect::LoadJobs {
                        filter: self.job_filter.clone(),
                        before: Some(before),
                    }];
                }
            }
            View::Audit => self.audit.step(action),
            View::Leads => self.lead_list.step(action),
            View::Contacts => self.contacts.step(action),
            View::Reminders => self.reminders.step(action),
            View::Inbox => {
                self.conversations.step(action);
                return self.load_thread();
            }
            View::Funnel => {
                match action {
                    Action::Up => self.card = self.card.saturating_sub(1),
                    Action::Down => self.card += 1,
                    _ => {}
                }
                self.clamp_card();
            }
            View::Tenants => self.tenants.step(action),
            View::Operators => self.operators.step(action),
            View::Dashboard | View::Job | View::Reports => {}
        }
        Vec::new()
    }

    fn open(&mut self) -> Vec<Effect> {
        if self.view == View::Invoices {
            let Some(id) = self.invoices.current().map(|invoice| invoice.id) else {
                return Vec::new();
            };
            self.invoice = None;
            self.invoice_field = 0;
            self.text_scroll = 0;
            self.back.push(self.view);
            self.view = View::Invoice;
            return vec![Effect::LoadInvoice(id)];
        }
        let id = match self.view {
            View::Jobs => self.jobs.current().map(|job| job.id),
            View::Dashboard => self
                .dashboard
                .as_ref()
                .and_then(|dashboard| dashboard.recent_failures.first())
                .map(|job| job.id),
            _ => None,
        };
        let Some(id) = id else { return Vec::new() };
        self.job = None;
        self.back.push(self.view);
        self.view = View::Job;
        vec![Effect::LoadJob(id)]
    }

    /// The job the keys act on: the open one, else the selected row.
    pub fn selected_job(&self) -> Option<&JobSummary> {
        match self.view {
            View::Job => self.job.as_ref().map(|detail| &detail.job),
            View::Jobs => self.jobs.current(),
            _ => None,
        }
    }

    /// Loads the selected conversation's thread unless it is the one shown.
    fn load_thread(&mut self) -> Vec<Effect> {
        if let Some(row) = self.conversations.current() {
            return vec![Effect::LoadConversation(row.id)];
        }
        self.thread = None;
        Vec::new()
    }

    /// The invoice the keys act on: the open one, else the selected row.
    pub fn selected_invoice(&self) -> Option<&InvoiceSummary> {
        match self.view {
            View::Invoice => self.invoice.as_ref().map(|detail| &detail.summary),
            View::Invoices => self.invoices.current(),
            _ => None,
        }
    }

    fn toggle_queue(&mut self) -> Vec<Effect> {
        let Some(queue) = self.selected_job().map(|job| job.queue.clone()) else {
            return Vec::new();
        };
        let paused = self
            .queues
            .iter()
            .find(|info| info.name == queue)
            .is_some_and(|info| info.paused);
        vec![Effect::SetPaused {
            queue,
            paused: !paused,
        }]
    }

    fn on_command_key(&mut self, key: KeyEvent, mut text: String) -> Vec<Effect> {
        match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => {
                if let Some((_, view)) = View::NAMED.iter().find(|(name, _)| *name == text.trim()) {
                    self.goto(*view)
                } else {
                    self.say(format!("{}: {text}", crate::text::UNKNOWN_VIEW), true);
                    Vec::new()
                }
            }
            KeyCode::Tab => {
                if let Some(completed) = complete(&text) {
                    completed.clone_into(&mut text);
                }
                self.mode = Mode::Command(text);
                Vec::new()
            }
            code => {
                edit(&mut text, code);
                self.mode = Mode::Command(text);
                Vec::new()
            }
        }
    }

    fn on_filter_key(&mut self, key: KeyEvent, mut text: String) -> Vec<Effect> {
        match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter if self.view == View::Invoices => match parse_invoice_filter(&text) {
                Ok(filter) => {
                    text.trim().clone_into(&mut self.invoice_filter_text);
                    self.invoice_filter = filter;
                    self.invoices.selected = 0;
                    self.reload()
                }
                Err(message) => {
                    self.say(message, true);
                    Vec::new()
                }
            },
            KeyCode::Enter => {
                // The text on screen and the filter in force change together, or not at all:
                // `R` names the one and sends the other.
                match parse_filter(&text) {
                    Ok(filter) => {
                        text.trim().clone_into(&mut self.filter_text);
                        self.job_filter = filter;
                        self.jobs.selected = 0;
                        self.reload()
                    }
                    Err(message) => {
                        self.say(message, true);
                        Vec::new()
                    }
                }
            }
            code => {
                edit(&mut text, code);
                self.mode = Mode::Filter(text);
                Vec::new()
            }
        }
    }

    fn on_prompt_key(
        &mut self,
        key: KeyEvent,
        form: Form,
        label: String,
        mut input: String,
    ) -> Vec<Effect> {
        match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => match submit(form, &input) {
                Ok(effect) => vec![effect],
                Err(message) => {
                    self.say(message, true);
                    self.prompt(form, label, input);
                    Vec::new()
                }
            },
            code => {
                edit(&mut input, code);
                self.prompt(form, label, input);
                Vec::new()
            }
        }
    }

    fn on_picker_key(&mut self, key: KeyEvent, selected: usize) -> Vec<Effect> {
        let last = self.tenants.rows.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => match self.tenants.rows.get(selected) {
                Some(tenant) => {
                    self.tenant = tenant.id.clone();
                    // Nothing of the old tenant stays on screen or in the back stack.
                    self.dashboard = None;
                    self.jobs = List::default();
                    self.jobs_next = None;
                    self.job = None;
                    self.queues.clear();
                    self.audit = List::default();
                    self.operators = List::default();
                    self.invoices = List::default();
                    self.invoices_next = None;
                    self.invoice_counts = InvoiceCounts::default();
                    self.invoice = None;
                    self.conversations = List::default();
                    self.thread = None;
                    self.reply_templates.clear();
                    self.whatsapp_templates.clear();
                    self.drafts.clear();
                    self.back.clear();
                    if matches!(self.view, View::Job | View::Invoice) {
                        self.view = View::Dashboard;
                    }
                    let mut effects = vec![Effect::SwitchTenant(self.tenant.clone())];
                    effects.extend(self.reload());
                    effects
                }
                None => Vec::new(),
            },
            KeyCode::Down | KeyCode::Char('j') => {
                self.mode = Mode::TenantPicker {
                    selected: (selected + 1).min(last),
                };
                Vec::new()
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.mode = Mode::TenantPicker {
                    selected: selected.saturating_sub(1),
                };
                Vec::new()
            }
            _ => {
                self.mode = Mode::TenantPicker { selected };
                Vec::new()
            }
        }
    }
}

fn edit(text: &mut String, code: KeyCode) {
    match code {
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char(c) => text.push(c),
        _ => {}
    }
}

/// The only view name starting with `prefix`, if exactly one does.
pub fn complete(prefix: &str) -> Option<&'static str> {
    let mut matches = View::NAMED
        .iter()
        .filter(|(name, _)| name.starts_with(prefix.trim()));
    match (matches.next(), matches.next()) {
        (Some((name, _)), None) => Some(name),
        _ => None,
    }
}

/// `/` text → server-side filter: `state:dead queue:default kind:x` and free words, which
/// search the last error.
pub fn parse_filter(text: &str) -> Result<JobFilter, String> {
    let mut filter = JobFilter::default();
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        match word.split_once(':') {
            Some(("state", value)) => filter.state = Some(value.parse::<JobState>()?),
            Some(("queue", value)) => filter.queue = Some(value.to_owned()),
            Some(("kind", value)) => filter.kind = Some(value.to_owned()),
            _ => words.push(word),
        }
    }
    if !words.is_empty() {
        filter.error_text = Some(words.join(" "));
    }
    Ok(filter)
}

/// `/` text of the invoices view → filter: `state:waiting_validation from:2024-01-01
/// to:2024-12-31` and free words, which match the issuer's name or tax id. `state:` takes a
/// prefix (`state:wait`).
pub fn parse_invoice_filter(text: &str) -> Result<InvoiceFilter, String> {
    let mut filter = InvoiceFilter::default();
    let mut words = Vec::new();
    let date = |value: &str| -> Result<String, String> {
        value
            .parse::<jiff::civil::Date>()
            .map(|date| date.to_string())
            .map_err(|_| format!("{value:?} is not a date: write YYYY-MM-DD"))
    };
    for word in text.split_whitespace() {
        match word.split_once(':') {
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

/// A filled-in prompt as the effect it asks for.
fn submit(form: Form, input: &str) -> Result<Effect, String> {
    match form {
        Form::Tenant => parse_tenant_form(input),
        Form::Operator => parse_operator_form(input),
        Form::RejectReason(id) => {
            let reason = input.trim();
            if reason.is_empty() {
                return Err(crate::text::NEED_REJECT_REASON.into());
            }
            Ok(Effect::RejectInvoice {
                id,
                reason: reason.to_owned(),
            })
        }
        Form::EditField(id, field) => {
            let value = input.trim();
            Ok(Effect::EditInvoice {
                id,
                field,
                value: (!value.is_empty()).then(|| value.to_owned()),
            })
        }
        Form::SavePath(id) => {
            let path = input.trim();
            if path.is_empty() {
                return Err(crate::text::NEED_SAVE_PATH.into());
            }
            Ok(Effect::SaveOriginal {
                id,
                path: path.to_owned(),
            })
        }
    }
}

fn parse_tenant_form(input: &str) -> Result<Effect, String> {
    let (id, name) = input
        .trim()
        .split_once(' ')
        .ok_or(crate::text::NEED_TENANT_FORM)?;
    let id = TenantId::new(id).map_err(|error| error.to_string())?;
    Ok(Effect::AddTenant {
        id,
        name: name.trim().to_owned(),
    })
}

fn parse_operator_form(input: &str) -> Result<Effect, String> {
    let mut words = input.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(user), Some(role), None) => Ok(Effect::AddOperator {
            user: user.to_owned(),
            role: role.parse()?,
        }),
        _ => Err(crate::text::NEED_OPERATOR_FORM.into()),
    }
}

/// Shown in tables: "3m ago", "in 12s".
pub fn relative(now: Timestamp, at: Timestamp) -> String {
    let secs = at.as_second() - now.as_second();
    let (ahead, secs) = (secs > 0, secs.unsigned_abs());
    let amount = match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m", secs / 60),
        3600..86_400 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    };
    if secs == 0 {
        "now".into()
    } else if ahead {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}
