//! The protocol trait, implemented as a thin adapter: each method names its action (its row in
//! `centralita_protocol::policy::POLICY`), the caller is resolved once into a `Caller` or an
//! `Actor` (refusals audited), and the area does the rest and returns its own error, which
//! becomes an `RpcError` in `error.rs`.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use centralita_protocol::{
    API_VERSION, AuditPage, AuthorizationStart, BackupInfo, Centralita, ChangeBatch,
    Connection as Connected, ConnectionId, Contact, ContactEdit, ContactFilter, ContactId,
    ConversationDetail, ConversationFilter, ConversationId, ConversationPage, ConversationState,
    ConversationSummary, Dashboard, DownloadChunk, ErrorKind, Funnel, FunnelStage, GlosaCode,
    GlosaDetail, GlosaExport, GlosaId, GlosaState, GlosaSummary, Hello, IntakeOutcome,
    InvoiceCounts, InvoiceDetail, InvoiceEdit, InvoiceFilter, InvoiceId, InvoicePage,
    InvoiceSummary, ItemResponse, JobDetail, JobFilter, JobId, JobPage, JobSummary, Lead, LeadEdit,
    LeadFilter, LeadId, LeadType, MailMessage, MailMessageDetail, MailMessageId, Mailbox,
    MailboxId, MailboxSettings, MappingReport, Message, MessageId, Operator, PageRequest,
    QueueInfo, QuickReply, Reminder, ReminderId, Report, ReportRange, Role, RpcError, Schedule,
    Status, Tenant, TenantId, UploadId, UploadTicket, WhatsAppTemplate,
};
use tarpc::context::Context;

use super::auth::{Authority, Peer};
use crate::actor::{Actor, Caller};
use crate::connections::Connections;
use crate::crm::{contacts, funnels, leads, reminders, reports};
use crate::error::AreaError;
use crate::glosas::Glosas;
use crate::inbox::{ChannelSecrets, conversations, replies, whatsapp_templates};
use crate::invoices::Invoices;
use crate::mail::Mail;
use crate::queue::Queue;
use crate::store::Store;
use crate::uploads::Uploads;
use crate::{audit, dashboard, tenants};

/// What every connection shares.
pub struct Shared {
    pub store: Store,
    pub queue: Queue,
    pub authority: Authority,
    pub started: Instant,
    pub data_dir: String,
    pub socket_path: String,
    pub webhook_addr: Option<String>,
    pub sandbox: bool,
    pub invoices: Invoices,
    pub uploads: Arc<Uploads>,
    pub connections: Connections,
    pub mail: Mail,
    pub glosas: Glosas,
    pub channels: Arc<ChannelSecrets>,
}

/// One connection's service: the shared state plus who is on the other end.
#[derive(Clone)]
pub struct Connection {
    pub shared: Arc<Shared>,
    pub peer: Peer,
}

impl Shared {
    /// What the dashboard reads from.
    fn sources(&self) -> dashboard::Sources<'_> {
        dashboard::Sources {
            queue: &self.queue,
            connections: &self.connections,
            glosas: &self.glosas,
            invoices: &self.invoices,
            channels: &self.channels,
            sandbox: self.sandbox,
        }
    }

    /// Daemon version, uptime, paths and listener address.
    fn status(&self) -> Status {
        Status {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            api_version: API_VERSION,
            uptime_secs: self.started.elapsed().as_secs(),
            data_dir: self.data_dir.clone(),
            socket_path: self.socket_path.clone(),
            webhook_addr: self.webhook_addr.clone(),
            sandbox: self.sandbox,
        }
    }
}

impl Connection {
    /// Resolves the caller of `method` in `tenant`, then runs the area's `call`.
    async fn in_tenant<T, F, Fut>(
        &self,
        method: &'static str,
        tenant: TenantId,
        call: F,
    ) -> Result<T, RpcError>
    where
        F: FnOnce(Actor, Arc<Shared>) -> Fut,
        Fut: Future<Output = Result<T, AreaError>>,
    {
        let actor = self
            .shared
            .authority
            .actor(&self.peer, method, tenant)
            .await?;
        Ok(call(actor, Arc::clone(&self.shared)).await?)
    }

    /// Resolves the caller of `method`, which names no tenant, then runs the area's `call`.
    async fn as_caller<T, F, Fut>(&self, method: &'static str, call: F) -> Result<T, RpcError>
    where
        F: FnOnce(Caller, Arc<Shared>) -> Fut,
        Fut: Future<Output = Result<T, AreaError>>,
    {
        let caller = self.shared.authority.caller(&self.peer, method).await?;
        Ok(call(caller, Arc::clone(&self.shared)).await?)
    }

    /// The tenant an upload of this caller's belongs to (where its finish is checked).
    async fn upload_tenant(
        &self,
        method: &'static str,
        upload: UploadId,
    ) -> Result<TenantId, RpcError> {
        self.as_caller(method, async |caller, s| {
            s.uploads.tenant_of(&caller, upload)
        })
        .await
    }
}

/// The calls that act in a tenant, one line each: `method(arguments) -> answer => what the area
/// does`, with the caller resolved in the tenant and the shared state named after the bars. A
/// method's name is its action in the policy table.
macro_rules! in_tenant {
    (|$actor:ident, $s:ident| $($method:ident($($arg:ident: $ty:ty),*) -> $answer:ty => $call:expr;)*) => {$(
        async fn $method(self, _: Context, tenant: TenantId, $($arg: $ty),*) -> Result<$answer, RpcError> {
            self.in_tenant(stringify!($method), tenant, async |$actor, $s| $call).await
        }
    )*};
}

/// The calls that name no tenant, the same way, with the caller resolved.
macro_rules! as_caller {
    (|$caller:ident, $s:ident| $($method:ident($($arg:ident: $ty:ty),*) -> $answer:ty => $call:expr;)*) => {$(
        async fn $method(self, _: Context, $($arg: $ty),*) -> Result<$answer, RpcError> {
            self.as_caller(stringify!($method), async |$caller, $s| $call).await
        }
    )*};
}

impl Centralita for Connection {
    in_tenant! { |actor, s|
        jobs_list(filter: JobFilter, page: PageRequest) -> JobPage => s.queue.list(&actor, filter, page).await;
        jobs_show(id: JobId) -> JobDetail => s.queue.show(&actor, id).await;
        jobs_retry(id: JobId) -> JobSummary => s.queue.retry(&actor, id).await;
        jobs_retry_matching(filter: JobFilter) -> u64 => s.queue.retry_matching(&actor, filter).await;
        jobs_cancel(id: JobId) -> JobSummary => s.queue.cancel(&actor, id).await;
        queues_list() -> Vec<QueueInfo> => s.queue.infos(&actor).await;
        tenants_set_zone(zone: String) -> Tenant => tenants::set_zone(&s.store, &actor, zone).await;
        tenants_set_currency(currency: String) -> Tenant => tenants::set_currency(&s.store, &actor, currency).await;
        operators_list() -> Vec<Operator> => tenants::operators(&s.store, &actor).await;
        operators_add(user: String, role: Role) -> Operator => tenants::add_operator(&s.store, &actor, user, role).await;
        operators_remove(user: String) -> () => tenants::remove_operator(&s.store, &actor, user).await;
        operators_rename(user: String, name: Option<String>) -> Operator => tenants::rename_operator(&s.store, &actor, user, name).await;
        audit_list(page: PageRequest) -> AuditPage => audit::list(&s.store, &actor, page).await;
        invoices_upload_start(file_name: String, size: u64) -> UploadTicket => s.uploads.start(&actor, file_name, size);
        invoices_list(filter: InvoiceFilter, page: PageRequest) -> InvoicePage => s.invoices.list(&actor, filter, page).await;
        invoices_show(id: InvoiceId) -> InvoiceDetail => s.invoices.show(&actor, id).await;
        invoices_edit(id: InvoiceId, edit: InvoiceEdit) -> InvoiceDetail => s.invoices.edit(&actor, id, edit).await;
        invoices_confirm(id: InvoiceId) -> InvoiceSummary => s.invoices.confirm(&actor, id).await;
        invoices_reject(id: InvoiceId, reason: String) -> InvoiceSummary => s.invoices.reject(&actor, id, reason).await;
        invoices_retry(id: InvoiceId) -> InvoiceSummary => s.invoices.retry(&actor, id).await;
        invoices_download(id: InvoiceId, offset: u64, limit: u32) -> DownloadChunk => s.invoices.download(&actor, id, offset, limit).await;
        invoices_export(filter: InvoiceFilter) -> Vec<InvoiceDetail> => s.invoices.export(&actor, filter).await;
        invoices_summary() -> InvoiceCounts => s.invoices.summary(&actor).await;
        conversations_list(filter: ConversationFilter, page: PageRequest) -> ConversationPage => conversations::list(&s.store, &actor, filter, page).await;
        conversations_show(id: ConversationId, limit: u32) -> ConversationDetail => conversations::show(&s.store, &actor, id, limit).await;
        conversations_history(id: ConversationId, before: MessageId, limit: u32) -> Vec<Message> => conversations::history(&s.store, &actor, id, before, limit).await;
        conversations_send(id: ConversationId, text: String) -> MessageId => conversations::send(&s.queue, &actor, id, text).await;
        conversations_assign(id: ConversationId, assignee: Option<String>) -> ConversationSummary => conversations::assign(&s.store, &actor, id, assignee).await;
        conversations_set_state(id: ConversationId, state: ConversationState) -> ConversationSummary => conversations::set_state(&s.store, &actor, id, state).await;
        conversations_mark_read(id: ConversationId) -> () => conversations::mark_read(&s.queue, &actor, id).await;
        conversations_send_quick_reply(id: ConversationId, reply: String) -> MessageId => conversations::send_quick_reply(&s.queue, &actor, id, reply).await;
        conversations_send_whatsapp_template(id: ConversationId, name: String, language: String, variables: Vec<String>) -> MessageId => conversations::send_whatsapp_template(&s.queue, &actor, id, (name, language), variables).await;
        whatsapp_templates_list() -> Vec<WhatsAppTemplate> => whatsapp_templates::list(&s.store, &actor).await;
        whatsapp_templates_sync() -> JobId => whatsapp_templates::sync(&s.queue, &actor).await;
        quick_replies_list() -> Vec<QuickReply> => replies::list(&s.store, &actor).await;
        quick_replies_put(reply: QuickReply) -> QuickReply => replies::put(&s.store, &actor, reply).await;
        quick_replies_remove(name: String) -> () => replies::remove(&s.store, &actor, name).await;
        quick_replies_preview(id: ConversationId, name: String) -> String => conversations::preview_quick_reply(&s.store, &actor, id, name).await;
        leads_list(filter: LeadFilter, page: PageRequest) -> Vec<Lead> => leads::list(&s.store, &actor, filter, page).await;
        leads_show(id: LeadId) -> Lead => leads::show(&s.store, &actor, id).await;
        leads_add(contact: ContactId, lead_type: LeadType) -> Lead => leads::add(&s.store, &actor, contact, lead_type).await;
        leads_edit(id: LeadId, edit: LeadEdit) -> Lead => leads::edit(&s.store, &actor, id, edit).await;
        leads_move(id: LeadId, stage: String) -> Lead => leads::move_to(&s.store, &actor, id, stage).await;
        leads_note(id: LeadId, text: String) -> Lead => leads::note(&s.store, &actor, id, text).await;
        funnels_list() -> Vec<Funnel> => funnels::list(&s.store, &actor).await;
        funnels_put(funnel: Funnel) -> Vec<Funnel> => funnels::put(&s.store, &actor, funnel).await;
        funnels_remove(name: String) -> Vec<Funnel> => funnels::remove(&s.store, &actor, name).await;
        leads_funnel() -> Vec<FunnelStage> => leads::stages(&s.store, &actor).await;
        reminders_list(include_done: bool) -> Vec<Reminder> => reminders::list(&s.store, &actor, include_done).await;
        reminders_add(lead: LeadId, due: String, text: String, assignee: Option<String>) -> Reminder => reminders::add(&s.store, &actor, lead, due, text, assignee).await;
        reminders_done(id: ReminderId) -> Reminder => reminders::done(&s.store, &actor, id).await;
        reminders_snooze(id: ReminderId, minutes: u32) -> Reminder => reminders::snooze(&s.store, &actor, id, minutes).await;
        reminders_edit(id: ReminderId, due: Option<String>, text: Option<String>) -> Reminder => reminders::edit(&s.store, &actor, id, due, text).await;
        reports(name: String, range: ReportRange) -> Report => reports::report(&s.store, &actor, name, range).await;
        contacts_show(id: ContactId) -> Contact => contacts::show(&s.store, &actor, id).await;
        contacts_edit(id: ContactId, edit: ContactEdit) -> Contact => contacts::edit(&s.store, &actor, id, edit).await;
        contacts_note(id: ContactId, text: String) -> Contact => contacts::note(&s.store, &actor, id, text).await;
        contacts_merge(into: ContactId, from: ContactId) -> Contact => contacts::merge(&s.store, &actor, into, from).await;
        contacts_list(filter: ContactFilter, page: PageRequest) -> Vec<Contact> => contacts::list(&s.store, &actor, filter, page).await;
        watch(since_seq: u64) -> ChangeBatch => super::watch::changes(&s.store, &actor, since_seq).await;
        dashboard() -> Dashboard => dashboard::build(s.sources(), &actor).await;
        connections_list() -> Vec<Connected> => s.connections.list(&actor).await;
        connections_add(provider: String, reauthorize: Option<ConnectionId>) -> AuthorizationStart => s.connections.add(&actor, &provider, reauthorize).await;
        connections_finish(url: String) -> Connected => s.connections.finish(&actor, &url).await;
        connections_test(id: ConnectionId) -> JobId => s.connections.test(&actor, id).await;
        connections_revoke(id: ConnectionId) -> Connected => s.connections.revoke(&actor, id).await;
        connections_remove(id: ConnectionId) -> () => s.connections.remove(&actor, id).await;
        mail_mailboxes() -> Vec<Mailbox> => s.mail.mailboxes(&actor).await;
        mail_mailbox_add(connection: ConnectionId, settings: MailboxSettings) -> Mailbox => s.mail.add_mailbox(&actor, connection, settings).await;
        mail_mailbox_edit(id: MailboxId, settings: MailboxSettings) -> Mailbox => s.mail.edit_mailbox(&actor, id, settings).await;
        mail_mailbox_remove(id: MailboxId) -> () => s.mail.remove_mailbox(&actor, id).await;
        mail_sync(id: MailboxId, full: bool) -> JobId => s.mail.sync_now(&actor, id, full).await;
        mail_messages(mailbox: Option<MailboxId>, page: PageRequest) -> Vec<MailMessage> => s.mail.messages(&actor, mailbox, page).await;
        mail_message(id: MailMessageId) -> MailMessageDetail => s.mail.message(&actor, id).await;
        glosas_list(state: Option<GlosaState>, page: PageRequest) -> Vec<GlosaSummary> => s.glosas.list(&actor, state, page).await;
        glosas_show(id: GlosaId) -> GlosaDetail => s.glosas.show(&actor, id).await;
        glosas_answer(id: GlosaId, index: u32, response: Option<ItemResponse>) -> GlosaDetail => s.glosas.answer(&actor, id, index, response).await;
        glosas_set_state(id: GlosaId, state: GlosaState) -> GlosaDetail => s.glosas.set_state(&actor, id, state).await;
        glosas_export(id: GlosaId, format: String) -> GlosaExport => s.glosas.export_file(&actor, id, &format).await;
        glosas_catalog(search: String) -> Vec<GlosaCode> => Ok(s.glosas.catalog_search(&actor, &search));
        glosas_add(upload: UploadId) -> JobId => s.glosas.add_upload(&actor, &s.uploads, upload).await;
        schedules_list() -> Vec<Schedule> => s.queue.schedules(&actor).await;
        schedules_pause(name: String, paused: bool) -> Schedule => s.queue.pause_schedule(&actor, name, paused).await;
        schedules_run_now(name: String) -> JobId => s.queue.run_schedule(&actor, name).await;
        conversations_send_file(id: ConversationId, upload: UploadId, caption: Option<String>) -> MessageId => conversations::send_file(&s.queue, &s.uploads, &actor, id, upload, caption).await;
        conversations_to_invoice(id: ConversationId, message: Option<MessageId>) -> IntakeOutcome => s.invoices.from_chat(&actor, id, message).await;
    }

    as_caller! { |caller, s|
        queues_set_paused(queue: String, paused: bool) -> QueueInfo => s.queue.pause(&caller, queue, paused).await;
        tenants_list() -> Vec<Tenant> => tenants::list(&s.store, &caller).await;
        audit_list_unscoped(page: PageRequest) -> AuditPage => audit::list_unscoped(&s.store, &caller, page).await;
        tenants_add(id: TenantId, name: String) -> Tenant => tenants::add(&s.store, &caller, id, name).await;
        admin_backup() -> BackupInfo => crate::admin::backup(&s.store, &caller).await;
        invoices_upload_chunk(upload: UploadId, offset: u64, data_base64: String) -> u64 => s.uploads.chunk(&caller, upload, offset, &data_base64);
        invoices_mappings() -> MappingReport => Ok(s.invoices.mappings(&caller));
        invoices_mappings_reload() -> MappingReport => Ok(s.invoices.reload(&caller).await);
    }

    async fn status(self, _: Context) -> Result<Status, RpcError> {
        self.as_caller("status", async |_, s| Ok(s.status())).await
    }

    async fn hello(self, _: Context, client_api_version: u32) -> Result<Hello, RpcError> {
        if client_api_version != API_VERSION {
            return Err(RpcError::new(
                ErrorKind::VersionMismatch,
                format!(
                    "this centralita speaks API version {client_api_version} but centralitad {} speaks version {API_VERSION}; install matching versions",
                    env!("CARGO_PKG_VERSION")
                ),
            ));
        }
        let peer = self.peer.clone();
        self.as_caller("hello", async |_, s| {
            Ok(Hello {
                api_version: API_VERSION,
                daemon_version: env!("CARGO_PKG_VERSION").to_owned(),
                operator: s.authority.identity(&peer).await?,
            })
        })
        .await
    }

    async fn invoices_upload_finish(
        self,
        _: Context,
        upload: UploadId,
    ) -> Result<IntakeOutcome, RpcError> {
        let method = "invoices_upload_finish";
        // The role is checked in the upload's tenant: it may have been taken away meanwhile.
        let tenant = self.upload_tenant(method, upload).await?;
        self.in_tenant(method, tenant, async |actor, s| {
            let finished = s.uploads.finish(&actor, upload)?;
            s.invoices.add_upload(&actor, finished).await
        })
        .await
    }
}
