//! What [`App::update`](super::app::App::update) asks the event loop to do: effects as data.

use centralita_protocol::{
    ConnectionId, ContactEdit, ContactFilter, ContactId, ConversationFilter, ConversationId,
    ConversationState, FieldName, GlosaId, GlosaState, InvoiceFilter, InvoiceId, ItemResponse,
    JobFilter, JobId, LeadEdit, LeadFilter, LeadId, MailMessageId, MailboxId, MailboxSettings,
    ReminderId, Role, TenantId,
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
    /// The currency of the tenant the console is on (an upper-case ISO 4217 code).
    SetTenantCurrency(String),
    /// First page of invoices matching the filter (and the counts per state); `before`
    /// continues after the rows on screen.
    LoadInvoices {
        filter: InvoiceFilter,
        before: Option<u64>,
    },
    LoadInvoice(InvoiceId),
    ConfirmInvoice(InvoiceId),
    RejectInvoice {
        id: InvoiceId,
        reason: String,
    },
    RetryInvoice(InvoiceId),
    /// Set (or with `None` clear) one field of the preview.
    EditInvoice {
        id: InvoiceId,
        field: FieldName,
        value: Option<String>,
    },
    /// Save the original document to a local file.
    SaveOriginal {
        id: InvoiceId,
        path: String,
    },
    /// The inbox: the conversations the filter keeps, newest activity first.
    LoadConversations(ConversationFilter),
    /// Assign a conversation to an operator (`None`: to no one).
    AssignConversation {
        id: ConversationId,
        assignee: Option<String>,
    },
    /// One contact with its conversations and leads.
    LoadContact(ContactId),
    /// Contact `from`, to name it before merging it into `into`.
    AskMerge {
        into: ContactId,
        from: ContactId,
    },
    /// Merge contact `from` into `into` (its handles, conversations and leads move).
    MergeContacts {
        into: ContactId,
        from: ContactId,
    },
    /// Send the customer's newest file in a conversation to invoice intake.
    ChatFileToInvoice(ConversationId),
    /// Open, park or resolve a conversation.
    SetConversationState {
        id: ConversationId,
        state: ConversationState,
    },
    /// One conversation's thread.
    LoadConversation(ConversationId),
    /// The operator has seen a conversation's new messages.
    MarkRead(ConversationId),
    /// The leads the filter keeps, newest first.
    LoadLeads(LeadFilter),
    /// The contacts the filter keeps, newest first.
    LoadContacts(ContactFilter),
    /// One lead with its contact, its reminders and its funnel's stages.
    LoadLead(LeadId),
    /// Change a lead's type, status, assignee or value.
    EditLead {
        id: LeadId,
        edit: LeadEdit,
    },
    /// Add a note to a lead.
    NoteLead {
        id: LeadId,
        text: String,
    },
    /// Change a contact's name, phone, email or tags (`None` keeps each).
    EditContact {
        id: ContactId,
        edit: ContactEdit,
    },
    /// Add a note to a contact.
    NoteContact {
        id: ContactId,
        text: String,
    },
    /// A new time (`YYYY-MM-DD HH:MM` in the tenant's zone) or text for a reminder.
    EditReminder {
        id: ReminderId,
        due: Option<String>,
        text: Option<String>,
    },
    /// A reminder on a lead, `due` as `YYYY-MM-DD HH:MM` in the tenant's zone.
    AddReminder {
        lead: LeadId,
        due: String,
        text: String,
    },
    /// Report `name` over the last `days` days.
    LoadReport {
        name: String,
        days: u32,
    },
    LoadReminders,
    ReminderDone(ReminderId),
    /// Remind again in this many minutes.
    SnoozeReminder {
        id: ReminderId,
        minutes: u32,
    },
    /// Leads and the funnels' stages, for the kanban.
    LoadFunnel,
    /// Move a lead to another stage.
    MoveLead {
        id: LeadId,
        stage: String,
    },
    /// A quick reply filled for a conversation, to show before it is sent.
    PreviewQuickReply {
        conversation: ConversationId,
        name: String,
    },
    /// Reply with a quick reply.
    SendQuickReply {
        conversation: ConversationId,
        name: String,
    },
    /// Reply on a conversation.
    SendReply {
        conversation: ConversationId,
        text: String,
    },
    /// The tenant's quick replies, for the composer's picker.
    LoadQuickReplies,
    /// The tenant's WhatsApp templates, for the picker on a WhatsApp conversation.
    LoadWhatsAppTemplates,
    /// Upload a local file (`path` as typed: `~` is the home folder) and send it on a
    /// conversation, with `caption` under it.
    SendFile {
        conversation: ConversationId,
        path: String,
        caption: Option<String>,
    },
    /// Send an approved WhatsApp template with its numbered variables' values in order.
    SendWhatsAppTemplate {
        conversation: ConversationId,
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
        reauthorize: Option<ConnectionId>,
    },
    /// Finish an authorization with the address the browser landed on.
    FinishConnection(String),
    /// Check a connection now (a job).
    TestConnection(ConnectionId),
    RevokeConnection(ConnectionId),
    RemoveConnection(ConnectionId),
    /// Mail messages, newest first, of one mailbox or all; `before` continues after the rows
    /// on screen.
    LoadMail {
        mailbox: Option<MailboxId>,
        before: Option<u64>,
    },
    /// One mail message with its text and its attachments' outcomes.
    LoadMailMessage(MailMessageId),
    /// The tenant's mailboxes.
    LoadMailboxes,
    /// Sync a mailbox now (a job); `full` lists every message again.
    SyncMailbox {
        id: MailboxId,
        full: bool,
    },
    /// Watch the mail of a connection.
    AddMailbox {
        connection: ConnectionId,
        settings: MailboxSettings,
    },
    /// Change a mailbox's labels, minutes between syncs or search.
    EditMailbox {
        id: MailboxId,
        settings: MailboxSettings,
    },
    RemoveMailbox(MailboxId),
    /// Glosas, soonest due first, of one state (`None`: of all).
    LoadGlosas {
        state: Option<GlosaState>,
    },
    /// One glosa with its items and the notice's text.
    LoadGlosa(GlosaId),
    /// Respond to item `index` of a glosa (`None` clears its response).
    AnswerGlosa {
        id: GlosaId,
        index: u32,
        response: Option<ItemResponse>,
    },
    /// Move a glosa to `state`.
    SetGlosaState {
        id: GlosaId,
        state: GlosaState,
    },
    /// Save a glosa's answer in `format` to a new local file (`path` as typed: `~` is the
    /// home folder).
    ExportGlosa {
        id: GlosaId,
        format: ExportFormat,
        path: String,
    },
    /// Follow another tenant's change feed.
    SwitchTenant(TenantId),
    Quit,
}
