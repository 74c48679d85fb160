//! What [`App::update`](super::app::App::update) asks the event loop to do: effects as data.

use centralita_protocol::{
    ContactFilter, ConversationFilter, ConversationState, FieldName, GlosaState, InvoiceFilter,
    ItemResponse, JobFilter, JobId, LeadEdit, LeadFilter, MailboxSettings, Role, TenantId,
};

use crate::glosas::ExportFormat;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadDashboard,
    /// First page of jobs matching the filter; `before` continues after the rows on screen.
    LoadJobs {
        filter: JobFilter,
        before: Option<u64>,
    },
    LoadJob(JobId),
    LoadQueues,
    LoadAudit,
    LoadTenants,
    LoadOperators,
    Retry(JobId),
    RetryMatching(JobFilter),
    Cancel(JobId),
    SetPaused {
        queue: String,
        paused: bool,
    },
    AddTenant {
        id: TenantId,
        name: String,
    },
    AddOperator {
        user: String,
        role: Role,
    },
    RemoveOperator(String),
    /// The time zone of the tenant the console is on.
    SetTenantZone(String),
    /// First page of invoices matching the filter (and the counts per state); `before`
    /// continues after the rows on screen.
    LoadInvoices {
        filter: InvoiceFilter,
        before: Option<u64>,
    },
    LoadInvoice(u64),
    ConfirmInvoice(u64),
    RejectInvoice {
        id: u64,
        reason: String,
    },
    RetryInvoice(u64),
    /// Set (or with `None` clear) one field of the preview.
    EditInvoice {
        id: u64,
        field: FieldName,
        value: Option<String>,
    },
    /// Save the original document to a local file.
    SaveOriginal {
        id: u64,
        path: String,
    },
    /// The inbox: the conversations the filter keeps, newest activity first.
    LoadConversations(ConversationFilter),
    /// Assign a conversation to an operator (`None`: to no one).
    AssignConversation {
        id: u64,
        assignee: Option<String>,
    },
    /// One contact with its conversations and leads.
    LoadContact(u64),
    /// Contact `from`, to name it before merging it into `into`.
    AskMerge {
        into: u64,
        from: u64,
    },
    /// Merge contact `from` into `into` (its handles, conversations and leads move).
    MergeContacts {
        into: u64,
        from: u64,
    },
    /// Send the customer's newest file in a conversation to invoice intake.
    ChatFileToInvoice(u64),
    /// Open, park or resolve a conversation.
    SetConversationState {
        id: u64,
        state: ConversationState,
    },
    /// One conversation's thread.
    LoadConversation(u64),
    /// The operator has seen a conversation's new messages.
    MarkRead(u64),
    /// The leads the filter keeps, newest first.
    LoadLeads(LeadFilter),
    /// The contacts the filter keeps, newest first.
    LoadContacts(ContactFilter),
    /// One lead with its contact, its reminders and its funnel's stages.
    LoadLead(u64),
    /// Change a lead's type, status, assignee or value.
    EditLead {
        id: u64,
        edit: LeadEdit,
    },
    /// Add a note to a lead.
    NoteLead {
        id: u64,
        text: String,
    },
    /// Change a contact's name, phone or tags (`None` keeps each).
    EditContact {
        id: u64,
        name: Option<String>,
        phone: Option<String>,
        tags: Option<Vec<String>>,
    },
    /// Add a note to a contact.
    NoteContact {
        id: u64,
        text: String,
    },
    /// A new time (`YYYY-MM-DD HH:MM` in the tenant's zone) or text for a reminder.
    EditReminder {
        id: u64,
        due: Option<String>,
        text: Option<String>,
    },
    /// A reminder on a lead, `due` as `YYYY-MM-DD HH:MM` in the tenant's zone.
    AddReminder {
        lead: u64,
        due: String,
        text: String,
    },
    /// Report `name` over the last `days` days.
    LoadReport {
        name: String,
        days: u32,
    },
    LoadReminders,
    ReminderDone(u64),
    /// Remind again in this many minutes.
    SnoozeReminder {
        id: u64,
        minutes: u32,
    },
    /// Leads and the funnels' stages, for the kanban.
    LoadFunnel,
    /// Move a lead to another stage.
    MoveLead {
        id: u64,
        stage: String,
    },
    /// A reply template filled for a conversation, to show before it is sent.
    PreviewTemplate {
        conversation: u64,
        name: String,
    },
    /// Reply with a reply template.
    SendTemplate {
        conversation: u64,
        name: String,
    },
    /// Reply on a conversation.
    SendReply {
        conversation: u64,
        text: String,
    },
    /// The tenant's reply templates, for the composer's picker.
    LoadReplyTemplates,
    /// The tenant's WhatsApp templates, for the picker on a WhatsApp conversation.
    LoadWhatsAppTemplates,
    /// Upload a local file (`path` as typed: `~` is the home folder) and send it on a
    /// conversation, with `caption` under it.
    SendFile {
        conversation: u64,
        path: String,
        caption: Option<String>,
    },
    /// Send an approved WhatsApp template with its numbered variables' values in order.
    SendWhatsAppTemplate {
        conversation: u64,
        name: String,
        language: String,
        variables: Vec<String>,
    },
    /// The tenant's connections to providers.
    LoadConnections,
    /// Start connecting to `provider`, or authorize connection `reauthorize` again: the
    /// answer is the consent page, shown in a modal.
    AddConnection {
        provider: String,
        reauthorize: Option<u64>,
    },
    /// Finish an authorization with the address the browser landed on.
    FinishConnection(String),
    /// Check a connection now (a job).
    TestConnection(u64),
    RevokeConnection(u64),
    RemoveConnection(u64),
    /// Mail messages, newest first, of one mailbox or all; `before` continues after the rows
    /// on screen.
    LoadMail {
        mailbox: Option<u64>,
        before: Option<u64>,
    },
    /// One mail message with its text and its attachments' outcomes.
    LoadMailMessage(u64),
    /// The tenant's mailboxes.
    LoadMailboxes,
    /// Sync a mailbox now (a job); `full` lists every message again.
    SyncMailbox {
        id: u64,
        full: bool,
    },
    /// Watch the mail of a connection.
    AddMailbox {
        connection: u64,
        settings: MailboxSettings,
    },
    /// Change a mailbox's labels, minutes between syncs or search.
    EditMailbox {
        id: u64,
        settings: MailboxSettings,
    },
    RemoveMailbox(u64),
    /// Glosas, soonest due first, of one state (`None`: of all).
    LoadGlosas {
        state: Option<GlosaState>,
    },
    /// One glosa with its items and the notice's text.
    LoadGlosa(u64),
    /// Respond to item `index` of a glosa (`None` clears its response).
    AnswerGlosa {
        id: u64,
        index: u32,
        response: Option<ItemResponse>,
    },
    /// Move a glosa to `state`.
    SetGlosaState {
        id: u64,
        state: GlosaState,
    },
    /// Save a glosa's answer in `format` to a new local file (`path` as typed: `~` is the
    /// home folder).
    ExportGlosa {
        id: u64,
        format: ExportFormat,
        path: String,
    },
    /// Follow another tenant's change feed.
    SwitchTenant(TenantId),
    Quit,
}
