//! The RPC contract between `centralitad` and `centralita`.
//!
//! Plain data only: the tarpc service trait ([`Centralita`]), the request and response records,
//! the error type that crosses the wire ([`RpcError`]) and [`API_VERSION`].
//! Nothing here has behaviour beyond small conversions; the daemon implements the trait and the
//! console and CLI call it.
//!
//! Who may call what is the table in [`policy`]; each method's docs end with the same words.
//!
//! Compatibility promise: records are serialised as JSON frames. New fields get
//! `#[serde(default)]`; renaming or removing one is a breaking change and bumps [`API_VERSION`].
//! This crate depends on nothing of ours.

mod connections;
mod error;
mod filters;
mod glosas;
mod ids;
mod inbox;
mod invoices;
mod mail;
pub mod policy;
mod records;
pub mod said;

pub use connections::*;
pub use error::{ErrorDetail, ErrorKind, Record, RpcError};
pub use filters::*;
pub use glosas::*;
pub use ids::{
    ConnectionId, ContactId, ConversationId, GlosaId, InvoiceId, JobId, LeadId, MailMessageId,
    MailboxId, MessageId, ReminderId, TenantId, TenantIdError, UploadId,
};
pub use inbox::*;
pub use invoices::*;
pub use mail::*;
pub use records::*;

/// Version of this contract. `hello` compares it; a mismatch is refused with a clear message.
pub const API_VERSION: u32 = 7;

/// How long the daemon holds a `watch` call open when nothing changes. Well under tarpc's
/// default 10 s deadline so a long-poll never times out on the client.
pub const WATCH_HOLD: std::time::Duration = std::time::Duration::from_secs(5);

/// Every call the console and the CLI can make.
///
/// Tenant-scoped calls name the tenant explicitly; the daemon checks the caller's role in it.
/// Who may call what is listed on each method: "any" means any operator with a role in the
/// tenant, "superuser" means root or the daemon's own Unix user.
#[tarpc::service]
pub trait Centralita {
    /// First call on every connection: checks `client_api_version` against [`API_VERSION`] and
    /// says who the daemon thinks the caller is. Unmapped Unix users get `PermissionDenied`.
    /// Who: any operator.
    async fn hello(client_api_version: u32) -> Result<Hello, RpcError>;

    /// Daemon version, uptime, paths and listener address.
    /// Who: any operator.
    async fn status() -> Result<Status, RpcError>;

    /// Counts per queue and state, recent failures, integrations.
    /// Who: any role in the tenant.
    async fn dashboard(tenant: TenantId) -> Result<Dashboard, RpcError>;

    /// A page of jobs, newest first.
    /// Who: supervisor or admin.
    async fn jobs_list(
        tenant: TenantId,
        filter: JobFilter,
        page: PageRequest,
    ) -> Result<JobPage, RpcError>;
    /// One job with its payload and attempts.
    /// Who: supervisor or admin.
    async fn jobs_show(tenant: TenantId, id: JobId) -> Result<JobDetail, RpcError>;
    /// Put a failed, dead or cancelled job back in the queue now.
    /// Who: supervisor or admin.
    async fn jobs_retry(tenant: TenantId, id: JobId) -> Result<JobSummary, RpcError>;
    /// Retry every failed or dead job that matches the filter; returns how many.
    /// Who: supervisor or admin.
    async fn jobs_retry_matching(tenant: TenantId, filter: JobFilter) -> Result<u64, RpcError>;
    /// Cancel a queued, failed or dead job (a running one is cancelled when its attempt ends).
    /// Who: supervisor or admin.
    async fn jobs_cancel(tenant: TenantId, id: JobId) -> Result<JobSummary, RpcError>;

    /// Queues with their settings and this tenant's job counts.
    /// Who: any role in the tenant.
    async fn queues_list(tenant: TenantId) -> Result<Vec<QueueInfo>, RpcError>;
    /// Pause (`paused = true`) or resume a queue for every tenant.
    /// Who: superuser.
    async fn queues_set_paused(queue: String, paused: bool) -> Result<QueueInfo, RpcError>;

    /// Tenants the caller has a role in (all of them for a superuser).
    /// Who: any operator.
    async fn tenants_list() -> Result<Vec<Tenant>, RpcError>;
    /// Create a tenant.
    /// Who: superuser.
    async fn tenants_add(id: TenantId, name: String) -> Result<Tenant, RpcError>;
    /// Set the tenant's time zone (an IANA name such as `America/Bogota`).
    /// Who: admin.
    async fn tenants_set_zone(tenant: TenantId, zone: String) -> Result<Tenant, RpcError>;
    /// Set the currency of the tenant's own amounts, such as a lead's value (an ISO 4217
    /// code: PEN, COP, MXN, USD…).
    /// Who: admin.
    async fn tenants_set_currency(tenant: TenantId, currency: String) -> Result<Tenant, RpcError>;

    /// A consistent snapshot of the database and the blob files as one tar under
    /// `<data_dir>/backups/`, taken while the daemon keeps serving (restore it offline with
    /// `centralitad restore FILE --data-dir DIR`).
    /// Who: superuser.
    async fn admin_backup() -> Result<BackupInfo, RpcError>;

    /// Operators with a role in the tenant (supervisors read it to assign work).
    /// Who: supervisor or admin.
    async fn operators_list(tenant: TenantId) -> Result<Vec<Operator>, RpcError>;
    /// Give a Unix user a role in the tenant (replaces an earlier role there).
    /// Who: admin.
    async fn operators_add(
        tenant: TenantId,
        user: String,
        role: Role,
    ) -> Result<Operator, RpcError>;
    /// Set the name an operator goes by (what `{{agent}}` says in quick replies); `None`
    /// goes back to the Unix user name.
    /// Who: admin.
    async fn operators_rename(
        tenant: TenantId,
        user: String,
        name: Option<String>,
    ) -> Result<Operator, RpcError>;
    /// Take a Unix user's role in the tenant away.
    /// Who: admin.
    async fn operators_remove(tenant: TenantId, user: String) -> Result<(), RpcError>;

    /// Audit entries of the tenant, newest first.
    /// Who: supervisor or admin.
    async fn audit_list(tenant: TenantId, page: PageRequest) -> Result<AuditPage, RpcError>;
    /// Audit entries tied to no tenant (calls refused to someone with no role anywhere, or to a
    /// call that names no tenant), newest first.
    /// Who: superuser.
    async fn audit_list_unscoped(page: PageRequest) -> Result<AuditPage, RpcError>;

    /// Start uploading a document of `size` bytes as an invoice.
    /// Who: any role in the tenant.
    async fn invoices_upload_start(
        tenant: TenantId,
        file_name: String,
        size: u64,
    ) -> Result<UploadTicket, RpcError>;
    /// Send the bytes at `offset` (base64, at most the ticket's `chunk_size` decoded); returns
    /// the bytes received so far. Only the operator who started the upload.
    /// Who: any operator.
    async fn invoices_upload_chunk(
        upload: UploadId,
        offset: u64,
        data_base64: String,
    ) -> Result<u64, RpcError>;
    /// Finish an upload: the document is checked and becomes an invoice (or is the existing
    /// one with the same bytes). Only the operator who started the upload.
    /// Who: any operator.
    async fn invoices_upload_finish(upload: UploadId) -> Result<IntakeOutcome, RpcError>;
    /// A page of invoices, newest first.
    /// Who: any role in the tenant.
    async fn invoices_list(
        tenant: TenantId,
        filter: InvoiceFilter,
        page: PageRequest,
    ) -> Result<InvoicePage, RpcError>;
    /// One invoice with fields, warnings, text and edit history.
    /// Who: any role in the tenant.
    async fn invoices_show(tenant: TenantId, id: InvoiceId) -> Result<InvoiceDetail, RpcError>;
    /// Change fields of a `waiting_validation` invoice's preview.
    /// Who: any role in the tenant.
    async fn invoices_edit(
        tenant: TenantId,
        id: InvoiceId,
        edit: InvoiceEdit,
    ) -> Result<InvoiceDetail, RpcError>;
    /// `waiting_validation → processed`.
    /// Who: any role in the tenant.
    async fn invoices_confirm(tenant: TenantId, id: InvoiceId) -> Result<InvoiceSummary, RpcError>;
    /// `waiting_validation → rejected` with a reason.
    /// Who: any role in the tenant.
    async fn invoices_reject(
        tenant: TenantId,
        id: InvoiceId,
        reason: String,
    ) -> Result<InvoiceSummary, RpcError>;
    /// `failed | rejected → processing`: read the document again.
    /// Who: any role in the tenant.
    async fn invoices_retry(tenant: TenantId, id: InvoiceId) -> Result<InvoiceSummary, RpcError>;
    /// Up to `limit` bytes of the original from `offset`.
    /// Who: any role in the tenant.
    async fn invoices_download(
        tenant: TenantId,
        id: InvoiceId,
        offset: u64,
        limit: u32,
    ) -> Result<DownloadChunk, RpcError>;
    /// Every invoice matching the filter, oldest first, without text.
    /// Who: supervisor or admin.
    async fn invoices_export(
        tenant: TenantId,
        filter: InvoiceFilter,
    ) -> Result<Vec<InvoiceDetail>, RpcError>;
    /// Invoice counts per state.
    /// Who: any role in the tenant.
    async fn invoices_summary(tenant: TenantId) -> Result<InvoiceCounts, RpcError>;
    /// The mappings loaded now, and the problems of the last load.
    /// Who: any operator.
    async fn invoices_mappings() -> Result<MappingReport, RpcError>;
    /// Reload the mappings folder.
    /// Who: superuser.
    async fn invoices_mappings_reload() -> Result<MappingReport, RpcError>;

    /// Conversations matching the filter, most recent activity first. Agents see their own
    /// and unassigned ones.
    /// Who: any role in the tenant.
    async fn conversations_list(
        tenant: TenantId,
        filter: ConversationFilter,
        page: PageRequest,
    ) -> Result<ConversationPage, RpcError>;
    /// One conversation with its contact and last `limit` messages.
    /// Who: any role in the tenant.
    async fn conversations_show(
        tenant: TenantId,
        id: ConversationId,
        limit: u32,
    ) -> Result<ConversationDetail, RpcError>;
    /// Paging back through a long thread: up to `limit` messages older than message `before`,
    /// oldest first (empty at the start of the conversation).
    /// Who: any role in the tenant.
    async fn conversations_history(
        tenant: TenantId,
        id: ConversationId,
        before: MessageId,
        limit: u32,
    ) -> Result<Vec<Message>, RpcError>;
    /// Reply with text: the message is `queued` at once and sent by a job. Refused when the
    /// channel's 24-hour window is closed.
    /// Who: any role in the tenant.
    async fn conversations_send(
        tenant: TenantId,
        id: ConversationId,
        text: String,
    ) -> Result<MessageId, RpcError>;
    /// Assign a conversation to an operator (`None`: unassign). Agents may only take an
    /// unassigned one or give back their own; supervisors and admins assign anyone.
    /// Who: any role in the tenant.
    async fn conversations_assign(
        tenant: TenantId,
        id: ConversationId,
        assignee: Option<String>,
    ) -> Result<ConversationSummary, RpcError>;
    /// Open, park (pending) or resolve a conversation. Agents: only their own or unassigned ones.
    /// Who: any role in the tenant.
    async fn conversations_set_state(
        tenant: TenantId,
        id: ConversationId,
        state: ConversationState,
    ) -> Result<ConversationSummary, RpcError>;
    /// The operator has read the conversation: its unread count goes to zero and, on WhatsApp,
    /// the customer's last message is marked read at the provider (a job). Agents: only their
    /// own or unassigned ones.
    /// Who: any role in the tenant.
    async fn conversations_mark_read(tenant: TenantId, id: ConversationId) -> Result<(), RpcError>;
    /// Reply with a canned response, its variables filled for this conversation. Any role that
    /// sees the conversation.
    /// Who: any role in the tenant.
    async fn conversations_send_quick_reply(
        tenant: TenantId,
        id: ConversationId,
        reply: String,
    ) -> Result<MessageId, RpcError>;
    /// Reply with a file uploaded with `invoices_upload_start`/`_chunk` (the upload is used up
    /// here, not read as an invoice), with an optional caption. Image, video and audio files go
    /// as such, anything else as a document. Refused when the 24-hour window is closed or the
    /// file is over the channel's limit. Agents: only their own or unassigned ones.
    /// Who: any role in the tenant.
    async fn conversations_send_file(
        tenant: TenantId,
        id: ConversationId,
        upload: UploadId,
        caption: Option<String>,
    ) -> Result<MessageId, RpcError>;
    /// Send a file the customer sent in conversation `id` to invoice intake: message
    /// `message`, or the newest customer message with a file. The invoice says where it came
    /// from; the same file again is the same invoice. Agents: only their own or unassigned ones.
    /// Who: any role in the tenant.
    async fn conversations_to_invoice(
        tenant: TenantId,
        id: ConversationId,
        message: Option<MessageId>,
    ) -> Result<IntakeOutcome, RpcError>;
    /// Send an approved WhatsApp template with its numbered variables filled by `variables`
    /// in order; allowed outside the 24-hour window. Agents: only their own or unassigned ones.
    /// Who: any role in the tenant.
    async fn conversations_send_whatsapp_template(
        tenant: TenantId,
        id: ConversationId,
        name: String,
        language: String,
        variables: Vec<String>,
    ) -> Result<MessageId, RpcError>;
    /// The tenant's WhatsApp templates as Meta reported them (status webhooks and syncs), by
    /// name.
    /// Who: any role in the tenant.
    async fn whatsapp_templates_list(tenant: TenantId) -> Result<Vec<WhatsAppTemplate>, RpcError>;
    /// Fetch the WhatsApp templates from Meta now (a job).
    /// Who: supervisor or admin.
    async fn whatsapp_templates_sync(tenant: TenantId) -> Result<JobId, RpcError>;
    /// The tenant's quick replies, by name.
    /// Who: any role in the tenant.
    async fn quick_replies_list(tenant: TenantId) -> Result<Vec<QuickReply>, RpcError>;
    /// Add or replace a quick reply.
    /// Who: supervisor or admin.
    async fn quick_replies_put(tenant: TenantId, reply: QuickReply)
    -> Result<QuickReply, RpcError>;
    /// Remove a quick reply.
    /// Who: supervisor or admin.
    async fn quick_replies_remove(tenant: TenantId, name: String) -> Result<(), RpcError>;
    /// Quick reply `name` filled for conversation `id` as the caller would send it
    /// (`conversations_send_quick_reply` sends exactly this). Agents: only their own or
    /// unassigned conversations.
    /// Who: any role in the tenant.
    async fn quick_replies_preview(
        tenant: TenantId,
        id: ConversationId,
        name: String,
    ) -> Result<String, RpcError>;
    /// Leads matching the filter, newest first (`page.before` is a lead id). Agents see their
    /// own and unassigned ones.
    /// Who: any role in the tenant.
    async fn leads_list(
        tenant: TenantId,
        filter: LeadFilter,
        page: PageRequest,
    ) -> Result<Vec<Lead>, RpcError>;
    /// One lead with its notes. Agents: only their own or unassigned ones.
    /// Who: any role in the tenant.
    async fn leads_show(tenant: TenantId, id: LeadId) -> Result<Lead, RpcError>;
    /// Open a lead by hand for a contact.
    /// Who: any role in the tenant.
    async fn leads_add(
        tenant: TenantId,
        contact: ContactId,
        lead_type: LeadType,
    ) -> Result<Lead, RpcError>;
    /// Change a lead's type, status, assignee or value. Agents: only their own or unassigned
    /// ones, and they may only take a lead themselves.
    /// Who: any role in the tenant.
    async fn leads_edit(tenant: TenantId, id: LeadId, edit: LeadEdit) -> Result<Lead, RpcError>;
    /// Move a lead to another stage of its funnel. Agents: only their own or unassigned ones.
    /// Who: any role in the tenant.
    async fn leads_move(tenant: TenantId, id: LeadId, stage: String) -> Result<Lead, RpcError>;
    /// Add a note to a lead. Agents: only their own or unassigned ones.
    /// Who: any role in the tenant.
    async fn leads_note(tenant: TenantId, id: LeadId, text: String) -> Result<Lead, RpcError>;
    /// The tenant's funnels in order (the defaults until a supervisor changes them).
    /// Who: any role in the tenant.
    async fn funnels_list(tenant: TenantId) -> Result<Vec<Funnel>, RpcError>;
    /// Add a funnel or replace the one with the same name. A stage that still holds leads may
    /// not be dropped.
    /// Who: supervisor or admin.
    async fn funnels_put(tenant: TenantId, funnel: Funnel) -> Result<Vec<Funnel>, RpcError>;
    /// Remove a funnel that holds no leads (one must remain).
    /// Who: supervisor or admin.
    async fn funnels_remove(tenant: TenantId, name: String) -> Result<Vec<Funnel>, RpcError>;
    /// Leads per funnel stage with the average time there.
    /// Who: any role in the tenant.
    async fn leads_funnel(tenant: TenantId) -> Result<Vec<FunnelStage>, RpcError>;
    /// Reminders, soonest first; with `include_done` also the completed ones. Agents see their
    /// own.
    /// Who: any role in the tenant.
    async fn reminders_list(
        tenant: TenantId,
        include_done: bool,
    ) -> Result<Vec<Reminder>, RpcError>;
    /// A reminder on a lead. `due` is `YYYY-MM-DD HH:MM` in the tenant's time zone
    /// (America/Lima) or an RFC 3339 time; `assignee` defaults to the caller.
    /// Who: any role in the tenant.
    async fn reminders_add(
        tenant: TenantId,
        lead: LeadId,
        due: String,
        text: String,
        assignee: Option<String>,
    ) -> Result<Reminder, RpcError>;
    /// Complete a reminder. Its assignee, or a supervisor or admin.
    /// Who: any role in the tenant.
    async fn reminders_done(tenant: TenantId, id: ReminderId) -> Result<Reminder, RpcError>;
    /// Push a reminder `minutes` later than now. Its assignee, or a supervisor or admin.
    /// Who: any role in the tenant.
    async fn reminders_snooze(
        tenant: TenantId,
        id: ReminderId,
        minutes: u32,
    ) -> Result<Reminder, RpcError>;
    /// Change a reminder's time (`YYYY-MM-DD HH:MM` in the tenant's time zone or RFC 3339)
    /// or text; `None` keeps it. Its assignee, or a supervisor or admin.
    /// Who: any role in the tenant.
    async fn reminders_edit(
        tenant: TenantId,
        id: ReminderId,
        due: Option<String>,
        text: Option<String>,
    ) -> Result<Reminder, RpcError>;
    /// A report over `range`: `channels`, `leads`, `countries`, `operators`,
    /// `first-response`, `funnels`.
    /// Who: supervisor or admin.
    async fn reports(
        tenant: TenantId,
        name: String,
        range: ReportRange,
    ) -> Result<Report, RpcError>;
    /// One contact.
    /// Who: any role in the tenant.
    async fn contacts_show(tenant: TenantId, id: ContactId) -> Result<Contact, RpcError>;
    /// Change a contact's name, phone (any format; stored E.164), email or tags (replaced).
    /// Who: any role in the tenant.
    async fn contacts_edit(
        tenant: TenantId,
        id: ContactId,
        edit: ContactEdit,
    ) -> Result<Contact, RpcError>;
    /// Add a note (with author and time) to a contact.
    /// Who: any role in the tenant.
    async fn contacts_note(
        tenant: TenantId,
        id: ContactId,
        text: String,
    ) -> Result<Contact, RpcError>;
    /// Merge contact `from` into `into`: its identities, conversations and leads follow, and
    /// `from` is gone.
    /// Who: supervisor or admin.
    async fn contacts_merge(
        tenant: TenantId,
        into: ContactId,
        from: ContactId,
    ) -> Result<Contact, RpcError>;
    /// Contacts matching the filter, newest first.
    /// Who: any role in the tenant.
    async fn contacts_list(
        tenant: TenantId,
        filter: ContactFilter,
        page: PageRequest,
    ) -> Result<Vec<Contact>, RpcError>;

    /// The tenant's connections to providers, oldest first.
    /// Who: any role in the tenant.
    async fn connections_list(tenant: TenantId) -> Result<Vec<Connection>, RpcError>;
    /// Start connecting to `provider` (`google`), or authorize connection `reauthorize` again:
    /// answers the provider's consent page to open in any browser.
    /// Who: admin.
    async fn connections_add(
        tenant: TenantId,
        provider: String,
        reauthorize: Option<ConnectionId>,
    ) -> Result<AuthorizationStart, RpcError>;
    /// Finish an authorization with the address the provider sent the browser to (it holds
    /// the code and the state); the tokens are fetched by a job.
    /// Who: admin.
    async fn connections_finish(tenant: TenantId, url: String) -> Result<Connection, RpcError>;
    /// Check a connection now (refresh its token and call the provider): a job.
    /// Who: admin.
    async fn connections_test(tenant: TenantId, id: ConnectionId) -> Result<JobId, RpcError>;
    /// Revoke a connection at the provider (a job) and stop using it.
    /// Who: admin.
    async fn connections_revoke(tenant: TenantId, id: ConnectionId)
    -> Result<Connection, RpcError>;
    /// Forget a connection (revoke it first to end the grant at the provider).
    /// Who: admin.
    async fn connections_remove(tenant: TenantId, id: ConnectionId) -> Result<(), RpcError>;

    /// The tenant's mailboxes, oldest first.
    /// Who: any role in the tenant.
    async fn mail_mailboxes(tenant: TenantId) -> Result<Vec<Mailbox>, RpcError>;
    /// Watch the mail of connection `connection`: a schedule syncs it every
    /// `settings.every_minutes`, and a first full sync starts now.
    /// Who: admin.
    async fn mail_mailbox_add(
        tenant: TenantId,
        connection: ConnectionId,
        settings: MailboxSettings,
    ) -> Result<Mailbox, RpcError>;
    /// Change a mailbox's labels, frequency or search; new labels or a new search sync in full.
    /// Who: admin.
    async fn mail_mailbox_edit(
        tenant: TenantId,
        id: MailboxId,
        settings: MailboxSettings,
    ) -> Result<Mailbox, RpcError>;
    /// Stop watching a mailbox and forget its messages (invoices made from them stay).
    /// Who: admin.
    async fn mail_mailbox_remove(tenant: TenantId, id: MailboxId) -> Result<(), RpcError>;
    /// Sync a mailbox now; `full` lists every message again (known ones are skipped).
    /// Who: supervisor or admin.
    async fn mail_sync(tenant: TenantId, id: MailboxId, full: bool) -> Result<JobId, RpcError>;
    /// Messages, newest first, of one mailbox or all.
    /// Who: any role in the tenant.
    async fn mail_messages(
        tenant: TenantId,
        mailbox: Option<MailboxId>,
        page: PageRequest,
    ) -> Result<Vec<MailMessage>, RpcError>;
    /// One message with its text and what became of each attachment.
    /// Who: any role in the tenant.
    async fn mail_message(
        tenant: TenantId,
        id: MailMessageId,
    ) -> Result<MailMessageDetail, RpcError>;

    /// Glosas, soonest due first; `state` keeps one state.
    /// Who: any role in the tenant.
    async fn glosas_list(
        tenant: TenantId,
        state: Option<GlosaState>,
        page: PageRequest,
    ) -> Result<Vec<GlosaSummary>, RpcError>;
    /// One glosa with its items, responses and the notice's text.
    /// Who: any role in the tenant.
    async fn glosas_show(tenant: TenantId, id: GlosaId) -> Result<GlosaDetail, RpcError>;
    /// Respond to item `index` (`None` clears the response); a received glosa moves to
    /// in_review.
    /// Who: any role in the tenant.
    async fn glosas_answer(
        tenant: TenantId,
        id: GlosaId,
        index: u32,
        response: Option<ItemResponse>,
    ) -> Result<GlosaDetail, RpcError>;
    /// Move a glosa: received → in_review → answered (every item has a response) → closed;
    /// answered → in_review to change an answer.
    /// Who: any role in the tenant.
    async fn glosas_set_state(
        tenant: TenantId,
        id: GlosaId,
        state: GlosaState,
    ) -> Result<GlosaDetail, RpcError>;
    /// The answer to send the payer, as `csv` or `xlsx`.
    /// Who: any role in the tenant.
    async fn glosas_export(
        tenant: TenantId,
        id: GlosaId,
        format: String,
    ) -> Result<GlosaExport, RpcError>;
    /// Codes of both catalogs (Res. 2284/2023 and Res. 3047/2008) matching `search`.
    /// Who: any role in the tenant.
    async fn glosas_catalog(tenant: TenantId, search: String) -> Result<Vec<GlosaCode>, RpcError>;
    /// Read a notice uploaded with `invoices_upload_start`/`_chunk` (PDF, spreadsheet or text):
    /// a job reads it into a glosa.
    /// Who: any role in the tenant.
    async fn glosas_add(tenant: TenantId, upload: UploadId) -> Result<JobId, RpcError>;

    /// The tenant's recurring jobs, by name.
    /// Who: supervisor or admin.
    async fn schedules_list(tenant: TenantId) -> Result<Vec<Schedule>, RpcError>;
    /// Pause (`paused = true`) or resume a schedule; a resumed one starts at its next slot.
    /// Who: supervisor or admin.
    async fn schedules_pause(
        tenant: TenantId,
        name: String,
        paused: bool,
    ) -> Result<Schedule, RpcError>;
    /// Make a schedule's job now, outside its slots.
    /// Who: supervisor or admin.
    async fn schedules_run_now(tenant: TenantId, name: String) -> Result<JobId, RpcError>;

    /// Long-poll on the change feed: returns changes after `since_seq` in the tenant as soon as
    /// there are some, or an empty batch after [`WATCH_HOLD`].
    /// Who: any role in the tenant.
    async fn watch(tenant: TenantId, since_seq: u64) -> Result<ChangeBatch, RpcError>;
}

#[cfg(test)]
mod tests;
