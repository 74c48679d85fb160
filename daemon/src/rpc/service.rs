//! The protocol trait, implemented as a thin adapter: each method names its action (its row in
//! `centralita_protocol::policy::POLICY`), the caller is resolved once into a `Caller` or an
//! `Actor` (refusals audited), and the area does the rest and returns its own error, which
//! becomes an `RpcError` in `error.rs`.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use centralita_protocol::{
    API_VERSION, AuditPage, Centralita, ChangeBatch, Contact, ConversationDetail, ConversationPage,
    ConversationState, ConversationSummary, Dashboard, DownloadChunk, ErrorKind, Funnel,
    FunnelStage, Hello, IntakeOutcome, InvoiceCounts, InvoiceDetail, InvoiceEdit, InvoiceFilter,
    InvoicePage, InvoiceSummary, JobDetail, JobFilter, JobId, JobPage, JobSummary, Lead, LeadEdit,
    LeadType, Operator, PageRequest, QueueInfo, Reminder, ReplyTemplate, Report, ReportRange, Role,
    RpcError, Status, TemplateReport, Tenant, TenantId, UploadTicket, WhatsAppTemplate,
};
use tarpc::context::Context;

use super::auth::{Authority, Peer};
use crate::actor::{Actor, Caller};
use crate::crm::{contacts, funnels, leads, reminders, reports};
use crate::error::AreaError;
use crate::inbox::{ChannelSecrets, conversations, replies, whatsapp_templates};
use crate::invoices::Invoices;
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
    pub channels: Arc<ChannelSecrets>,
}

/// One connection's service: the shared state plus who is on the other end.
#[derive(Clone)]
pub struct Connection {
    pub shared: Arc<Shared>,
    pub peer: Peer,
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
    async fn upload_tenant(&self, method: &'static str, upload: u64) -> Result<TenantId, RpcError> {
        self.as_caller(method, async |caller, s| {
            s.uploads.tenant_of(&caller, upload)
        })
        .await
    }
}

impl Centralita for Connection {
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

    async fn status(self, _: Context) -> Result<Status, RpcError> {
        self.as_caller("status", async |_, s| {
            Ok(Status {
                version: env!("CARGO_PKG_VERSION").to_owned(),
                api_version: API_VERSION,
                uptime_secs: s.started.elapsed().as_secs(),
                data_dir: s.data_dir.clone(),
                socket_path: s.socket_path.clone(),
                webhook_addr: s.webhook_addr.clone(),
                sandbox: s.sandbox,
            })
        })
        .await
    }

    async fn dashboard(self, _: Context, tenant: TenantId) -> Result<Dashboard, RpcError> {
        self.in_tenant("dashboard", tenant, async |actor, s| {
            let sources = dashboard::Sources {
                queue: &s.queue,
                invoices: &s.invoices,
                channels: &s.channels,
                sandbox: s.sandbox,
            };
            dashboard::build(sources, &actor).await
        })
        .await
    }

    async fn jobs_list(
        self,
        _: Context,
        tenant: TenantId,
        filter: JobFilter,
        page: PageRequest,
    ) -> Result<JobPage, RpcError> {
        self.in_tenant("jobs_list", tenant, async |actor, s| {
            s.queue.list(&actor, filter, page).await
        })
        .await
    }

    async fn jobs_show(
        self,
        _: Context,
        tenant: TenantId,
        id: JobId,
    ) -> Result<JobDetail, RpcError> {
        self.in_tenant("jobs_show", tenant, async |actor, s| {
            s.queue.show(&actor, id).await
        })
        .await
    }

    async fn jobs_retry(
        self,
        _: Context,
        tenant: TenantId,
        id: JobId,
    ) -> Result<JobSummary, RpcError> {
        self.in_tenant("jobs_retry", tenant, async |actor, s| {
            s.queue.retry(&actor, id).await
        })
        .await
    }

    async fn jobs_retry_matching(
        self,
        _: Context,
        tenant: TenantId,
        filter: JobFilter,
    ) -> Result<u64, RpcError> {
        self.in_tenant("jobs_retry_matching", tenant, async |actor, s| {
            s.queue.retry_matching(&actor, filter).await
        })
        .await
    }

    async fn jobs_cancel(
        self,
        _: Context,
        tenant: TenantId,
        id: JobId,
    ) -> Result<JobSummary, RpcError> {
        self.in_tenant("jobs_cancel", tenant, async |actor, s| {
            s.queue.cancel(&actor, id).await
        })
        .await
    }

    async fn queues_list(self, _: Context, tenant: TenantId) -> Result<Vec<QueueInfo>, RpcError> {
        self.in_tenant("queues_list", tenant, async |actor, s| {
            s.queue.infos(&actor).await
        })
        .await
    }

    async fn queues_set_paused(
        self,
        _: Context,
        queue: String,
        paused: bool,
    ) -> Result<QueueInfo, RpcError> {
        self.as_caller("queues_set_paused", async |caller, s| {
            s.queue.pause(&caller, queue, paused).await
        })
        .await
    }

    async fn tenants_list(self, _: Context) -> Result<Vec<Tenant>, RpcError> {
        self.as_caller("tenants_list", async |caller, s| {
            tenants::list(&s.store, &caller).await
        })
        .await
    }

    async fn tenants_add(self, _: Context, id: TenantId, name: String) -> Result<Tenant, RpcError> {
        self.as_caller("tenants_add", async |caller, s| {
            tenants::add(&s.store, &caller, id, name).await
        })
        .await
    }

    async fn operators_list(self, _: Context, tenant: TenantId) -> Result<Vec<Operator>, RpcError> {
        self.in_tenant("operators_list", tenant, async |actor, s| {
            tenants::operators(&s.store, &actor).await
        })
        .await
    }

    async fn operators_add(
        self,
        _: Context,
        tenant: TenantId,
        user: String,
        role: Role,
    ) -> Result<Operator, RpcError> {
        self.in_tenant("operators_add", tenant, async |actor, s| {
            tenants::add_operator(&s.store, &actor, user, role).await
        })
        .await
    }

    async fn operators_remove(
        self,
        _: Context,
        tenant: TenantId,
        user: String,
    ) -> Result<(), RpcError> {
        self.in_tenant("operators_remove", tenant, async |actor, s| {
            tenants::remove_operator(&s.store, &actor, user).await
        })
        .await
    }

    async fn audit_list(
        self,
        _: Context,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<AuditPage, RpcError> {
        self.in_tenant("audit_list", tenant, async |actor, s| {
            audit::list(&s.store, &actor, page).await
        })
        .await
    }

    async fn invoices_upload_start(
        self,
        _: Context,
        tenant: TenantId,
        file_name: String,
        size: u64,
    ) -> Result<UploadTicket, RpcError> {
        self.in_tenant("invoices_upload_start", tenant, async |actor, s| {
            s.uploads.start(&actor, file_name, size)
        })
        .await
    }

    async fn invoices_upload_chunk(
        self,
        _: Context,
        upload: u64,
        offset: u64,
        data_base64: String,
    ) -> Result<u64, RpcError> {
        self.as_caller("invoices_upload_chunk", async |caller, s| {
            s.uploads.chunk(&caller, upload, offset, &data_base64)
        })
        .await
    }

    async fn invoices_upload_finish(
        self,
        _: Context,
        upload: u64,
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

    async fn invoices_list(
        self,
        _: Context,
        tenant: TenantId,
        filter: InvoiceFilter,
        page: PageRequest,
    ) -> Result<InvoicePage, RpcError> {
        self.in_tenant("invoices_list", tenant, async |actor, s| {
            s.invoices.list(&actor, filter, page).await
        })
        .await
    }

    async fn invoices_show(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<InvoiceDetail, RpcError> {
        self.in_tenant("invoices_show", tenant, async |actor, s| {
            s.invoices.show(&actor, id).await
        })
        .await
    }

    async fn invoices_edit(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        edit: InvoiceEdit,
    ) -> Result<InvoiceDetail, RpcError> {
        self.in_tenant("invoices_edit", tenant, async |actor, s| {
            s.invoices.edit(&actor, id, edit).await
        })
        .await
    }

    async fn invoices_confirm(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<InvoiceSummary, RpcError> {
        self.in_tenant("invoices_confirm", tenant, async |actor, s| {
            s.invoices.confirm(&actor, id).await
        })
        .await
    }

    async fn invoices_reject(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        reason: String,
    ) -> Result<InvoiceSummary, RpcError> {
        self.in_tenant("invoices_reject", tenant, async |actor, s| {
            s.invoices.reject(&actor, id, reason).await
        })
        .await
    }

    async fn invoices_retry(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<InvoiceSummary, RpcError> {
        self.in_tenant("invoices_retry", tenant, async |actor, s| {
            s.invoices.retry(&actor, id).await
        })
        .await
    }

    async fn invoices_download(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        offset: u64,
        limit: u32,
    ) -> Result<DownloadChunk, RpcError> {
        self.in_tenant("invoices_download", tenant, async |actor, s| {
            s.invoices.download(&actor, id, offset, limit).await
        })
        .await
    }

    async fn invoices_export(
        self,
        _: Context,
        tenant: TenantId,
        filter: InvoiceFilter,
    ) -> Result<Vec<InvoiceDetail>, RpcError> {
        self.in_tenant("invoices_export", tenant, async |actor, s| {
            s.invoices.export(&actor, filter).await
        })
        .await
    }

    async fn invoices_summary(
        self,
        _: Context,
        tenant: TenantId,
    ) -> Result<InvoiceCounts, RpcError> {
        self.in_tenant("invoices_summary", tenant, async |actor, s| {
            s.invoices.summary(&actor).await
        })
        .await
    }

    async fn invoices_templates(self, _: Context) -> Result<TemplateReport, RpcError> {
        self.as_caller("invoices_templates", async |caller, s| {
            Ok(s.invoices.templates(&caller))
        })
        .await
    }

    async fn invoices_templates_reload(self, _: Context) -> Result<TemplateReport, RpcError> {
        self.as_caller("invoices_templates_reload", async |caller, s| {
            Ok(s.invoices.reload(&caller).await)
        })
        .await
    }

    async fn conversations_list(
        self,
        _: Context,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<ConversationPage, RpcError> {
        self.in_tenant("conversations_list", tenant, async |actor, s| {
            conversations::list(&s.store, &actor, page).await
        })
        .await
    }

    async fn conversations_show(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        limit: u32,
    ) -> Result<ConversationDetail, RpcError> {
        self.in_tenant("conversations_show", tenant, async |actor, s| {
            conversations::show(&s.store, &actor, id, limit).await
        })
        .await
    }

    async fn conversations_send(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        text: String,
    ) -> Result<u64, RpcError> {
        self.in_tenant("conversations_send", tenant, async |actor, s| {
            conversations::send(&s.queue, &actor, id, text).await
        })
        .await
    }

    async fn conversations_assign(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        assignee: Option<String>,
    ) -> Result<ConversationSummary, RpcError> {
        self.in_tenant("conversations_assign", tenant, async |actor, s| {
            conversations::assign(&s.store, &actor, id, assignee).await
        })
        .await
    }

    async fn conversations_set_state(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        state: ConversationState,
    ) -> Result<ConversationSummary, RpcError> {
        self.in_tenant("conversations_set_state", tenant, async |actor, s| {
            conversations::set_state(&s.store, &actor, id, state).await
        })
        .await
    }

    async fn conversations_mark_read(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<(), RpcError> {
        self.in_tenant("conversations_mark_read", tenant, async |actor, s| {
            conversations::mark_read(&s.queue, &actor, id).await
        })
        .await
    }

    async fn conversations_send_template(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        template: String,
    ) -> Result<u64, RpcError> {
        self.in_tenant("conversations_send_template", tenant, async |actor, s| {
            conversations::send_reply_template(&s.queue, &actor, id, template).await
        })
        .await
    }

    async fn conversations_send_file(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        upload: u64,
        caption: Option<String>,
    ) -> Result<u64, RpcError> {
        self.in_tenant("conversations_send_file", tenant, async |actor, s| {
            // The conversation is checked before the upload is used up, and again as the
            // message commits.
            s.store
                .read({
                    let actor = actor.clone();
                    move |txn| txn.require_visible_conversation(&actor, id)
                })
                .await?;
            let finished = s.uploads.finish(&actor, upload)?;
            conversations::send_file(&s.queue, &actor, id, finished, caption).await
        })
        .await
    }

    async fn conversations_send_whatsapp_template(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        name: String,
        language: String,
        variables: Vec<String>,
    ) -> Result<u64, RpcError> {
        self.in_tenant(
            "conversations_send_whatsapp_template",
            tenant,
            async |actor, s| {
                conversations::send_whatsapp_template(
                    &s.queue,
                    &actor,
                    id,
                    (name, language),
                    variables,
                )
                .await
            },
        )
        .await
    }

    async fn whatsapp_templates_list(
        self,
        _: Context,
        tenant: TenantId,
    ) -> Result<Vec<WhatsAppTemplate>, RpcError> {
        self.in_tenant("whatsapp_templates_list", tenant, async |actor, s| {
            whatsapp_templates::list(&s.store, &actor).await
        })
        .await
    }

    async fn whatsapp_templates_sync(
        self,
        _: Context,
        tenant: TenantId,
    ) -> Result<JobId, RpcError> {
        self.in_tenant("whatsapp_templates_sync", tenant, async |actor, s| {
            whatsapp_templates::sync(&s.queue, &actor).await
        })
        .await
    }

    async fn reply_templates_list(
        self,
        _: Context,
        tenant: TenantId,
    ) -> Result<Vec<ReplyTemplate>, RpcError> {
        self.in_tenant("reply_templates_list", tenant, async |actor, s| {
            replies::list(&s.store, &actor).await
        })
        .await
    }

    async fn reply_templates_put(
        self,
        _: Context,
        tenant: TenantId,
        template: ReplyTemplate,
    ) -> Result<ReplyTemplate, RpcError> {
        self.in_tenant("reply_templates_put", tenant, async |actor, s| {
            replies::put(&s.store, &actor, template).await
        })
        .await
    }

    async fn reply_templates_remove(
        self,
        _: Context,
        tenant: TenantId,
        name: String,
    ) -> Result<(), RpcError> {
        self.in_tenant("reply_templates_remove", tenant, async |actor, s| {
            replies::remove(&s.store, &actor, name).await
        })
        .await
    }

    async fn leads_list(
        self,
        _: Context,
        tenant: TenantId,
        limit: u32,
    ) -> Result<Vec<Lead>, RpcError> {
        self.in_tenant("leads_list", tenant, async |actor, s| {
            leads::list(&s.store, &actor, limit).await
        })
        .await
    }

    async fn leads_show(self, _: Context, tenant: TenantId, id: u64) -> Result<Lead, RpcError> {
        self.in_tenant("leads_show", tenant, async |actor, s| {
            leads::show(&s.store, &actor, id).await
        })
        .await
    }

    async fn leads_add(
        self,
        _: Context,
        tenant: TenantId,
        contact: u64,
        lead_type: LeadType,
    ) -> Result<Lead, RpcError> {
        self.in_tenant("leads_add", tenant, async |actor, s| {
            leads::add(&s.store, &actor, contact, lead_type).await
        })
        .await
    }

    async fn leads_edit(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        edit: LeadEdit,
    ) -> Result<Lead, RpcError> {
        self.in_tenant("leads_edit", tenant, async |actor, s| {
            leads::edit(&s.store, &actor, id, edit).await
        })
        .await
    }

    async fn leads_move(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        stage: String,
    ) -> Result<Lead, RpcError> {
        self.in_tenant("leads_move", tenant, async |actor, s| {
            leads::move_to(&s.store, &actor, id, stage).await
        })
        .await
    }

    async fn leads_note(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        text: String,
    ) -> Result<Lead, RpcError> {
        self.in_tenant("leads_note", tenant, async |actor, s| {
            leads::note(&s.store, &actor, id, text).await
        })
        .await
    }

    async fn funnels_list(self, _: Context, tenant: TenantId) -> Result<Vec<Funnel>, RpcError> {
        self.in_tenant("funnels_list", tenant, async |actor, s| {
            funnels::list(&s.store, &actor).await
        })
        .await
    }

    async fn funnels_put(
        self,
        _: Context,
        tenant: TenantId,
        funnel: Funnel,
    ) -> Result<Vec<Funnel>, RpcError> {
        self.in_tenant("funnels_put", tenant, async |actor, s| {
            funnels::put(&s.store, &actor, funnel).await
        })
        .await
    }

    async fn funnels_remove(
        self,
        _: Context,
        tenant: TenantId,
        name: String,
    ) -> Result<Vec<Funnel>, RpcError> {
        self.in_tenant("funnels_remove", tenant, async |actor, s| {
            funnels::remove(&s.store, &actor, name).await
        })
        .await
    }

    async fn leads_funnel(
        self,
        _: Context,
        tenant: TenantId,
    ) -> Result<Vec<FunnelStage>, RpcError> {
        self.in_tenant("leads_funnel", tenant, async |actor, s| {
            leads::stages(&s.store, &actor).await
        })
        .await
    }

    async fn reminders_list(
        self,
        _: Context,
        tenant: TenantId,
        include_done: bool,
    ) -> Result<Vec<Reminder>, RpcError> {
        self.in_tenant("reminders_list", tenant, async |actor, s| {
            reminders::list(&s.store, &actor, include_done).await
        })
        .await
    }

    async fn reminders_add(
        self,
        _: Context,
        tenant: TenantId,
        lead: u64,
        due: String,
        text: String,
        assignee: Option<String>,
    ) -> Result<Reminder, RpcError> {
        self.in_tenant("reminders_add", tenant, async |actor, s| {
            reminders::add(&s.store, &actor, lead, due, text, assignee).await
        })
        .await
    }

    async fn reminders_done(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<Reminder, RpcError> {
        self.in_tenant("reminders_done", tenant, async |actor, s| {
            reminders::done(&s.store, &actor, id).await
        })
        .await
    }

    async fn reminders_snooze(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        minutes: u32,
    ) -> Result<Reminder, RpcError> {
        self.in_tenant("reminders_snooze", tenant, async |actor, s| {
            reminders::snooze(&s.store, &actor, id, minutes).await
        })
        .await
    }

    async fn reports(
        self,
        _: Context,
        tenant: TenantId,
        name: String,
        range: ReportRange,
    ) -> Result<Report, RpcError> {
        self.in_tenant("reports", tenant, async |actor, s| {
            reports::report(&s.store, &actor, name, range).await
        })
        .await
    }

    async fn contacts_show(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<Contact, RpcError> {
        self.in_tenant("contacts_show", tenant, async |actor, s| {
            contacts::show(&s.store, &actor, id).await
        })
        .await
    }

    async fn contacts_edit(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        name: Option<String>,
        phone: Option<String>,
        tags: Option<Vec<String>>,
    ) -> Result<Contact, RpcError> {
        self.in_tenant("contacts_edit", tenant, async |actor, s| {
            contacts::edit(&s.store, &actor, id, name, phone, tags).await
        })
        .await
    }

    async fn contacts_note(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        text: String,
    ) -> Result<Contact, RpcError> {
        self.in_tenant("contacts_note", tenant, async |actor, s| {
            contacts::note(&s.store, &actor, id, text).await
        })
        .await
    }

    async fn contacts_merge(
        self,
        _: Context,
        tenant: TenantId,
        into: u64,
        from: u64,
    ) -> Result<Contact, RpcError> {
        self.in_tenant("contacts_merge", tenant, async |actor, s| {
            contacts::merge(&s.store, &actor, into, from).await
        })
        .await
    }

    async fn contacts_list(
        self,
        _: Context,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<Vec<Contact>, RpcError> {
        self.in_tenant("contacts_list", tenant, async |actor, s| {
            contacts::list(&s.store, &actor, page).await
        })
        .await
    }

    async fn watch(
        self,
        _: Context,
        tenant: TenantId,
        since_seq: u64,
    ) -> Result<ChangeBatch, RpcError> {
        self.in_tenant("watch", tenant, async |actor, s| {
            super::watch::changes(&s.store, &actor, since_seq).await
        })
        .await
    }
}
