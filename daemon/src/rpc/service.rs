//! The protocol trait, implemented: authorise (role, tenant) → store or queue → audit → reply.

use std::sync::Arc;
use std::time::Instant;

use centralita_protocol::{
    API_VERSION, AuditOutcome, AuditPage, Centralita, ChangeBatch, Contact, ConversationDetail,
    ConversationPage, ConversationState, ConversationSummary, Dashboard, DownloadChunk, ErrorKind,
    Funnel, FunnelStage, Hello, IntakeOutcome, IntegrationStatus, InvoiceCounts, InvoiceDetail,
    InvoiceEdit, InvoiceFilter, InvoicePage, InvoiceSummary, JobDetail, JobFilter, JobId, JobPage,
    JobSummary, Lead, LeadEdit, LeadType, Operator, PageRequest, QueueInfo, Reminder,
    ReplyTemplate, Report, ReportRange, Role, RpcError, Status, TemplateReport, Tenant, TenantId,
    UploadTicket, WATCH_HOLD, WhatsAppTemplate,
};
use tarpc::context::Context;

use super::auth::{Authority, Need, Peer};
use crate::audit::AuditRecord;
use crate::error::AreaError;
use crate::queue::Queue;
use crate::store::StoreError;
use crate::store::{Store, WriteTxn};

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
    pub invoices: crate::invoices::Invoices,
    pub channels: Arc<crate::inbox::ChannelSecrets>,
}

/// One connection's service: the shared state plus who is on the other end.
#[derive(Clone)]
pub struct Connection {
    pub shared: Arc<Shared>,
    pub peer: Peer,
}

/// Most changes one `watch` answer carries.
const WATCH_BATCH: usize = 1_000;

impl Connection {
    pub(super) async fn check(
        &self,
        action: &str,
        tenant: Option<&TenantId>,
        need: Need,
    ) -> Result<(), RpcError> {
        self.shared
            .authority
            .check(&self.peer, action, tenant, need)
            .await
    }

    /// Checks that the caller may do `action` in `tenant`, then answers from one read
    /// transaction.
    pub(super) async fn checked_read<T, F>(
        &self,
        action: &str,
        tenant: TenantId,
        need: Need,
        read: F,
    ) -> Result<T, RpcError>
    where
        T: Send + 'static,
        F: FnOnce(&crate::store::ReadTxn, &TenantId) -> Result<T, AreaError> + Send + 'static,
    {
        self.check(action, Some(&tenant), need).await?;
        Ok(self
            .shared
            .store
            .read(move |txn| read(txn, &tenant))
            .await?)
    }

    fn audit_record(
        &self,
        tenant: Option<&TenantId>,
        action: &str,
        target: String,
        detail: String,
    ) -> AuditRecord {
        AuditRecord {
            operator: self.peer.user.clone(),
            tenant: tenant.cloned(),
            action: action.to_owned(),
            target,
            outcome: AuditOutcome::Ok,
            detail,
        }
    }

    /// Audits a mutation that failed after it was allowed, then returns its error.
    async fn failed<T>(
        &self,
        tenant: Option<&TenantId>,
        action: &str,
        target: &str,
        error: AreaError,
    ) -> Result<T, RpcError> {
        let error = RpcError::from(error);
        self.shared
            .authority
            .audit(
                &self.peer,
                tenant,
                action,
                target,
                AuditOutcome::Failed,
                &error.message,
            )
            .await;
        Err(error)
    }

    /// Runs a mutation and its audit entry in one commit; a refusal by the store (not found,
    /// conflict) is audited as failed and returned.
    pub(super) async fn audited<T, F>(
        &self,
        action: &'static str,
        tenant: &TenantId,
        target: String,
        detail: String,
        mut mutation: F,
    ) -> Result<T, RpcError>
    where
        T: Send + 'static,
        F: FnMut(&mut WriteTxn<'_>) -> Result<T, AreaError> + Send + 'static,
    {
        let audit = self.audit_record(Some(tenant), action, target.clone(), detail);
        let result = self
            .shared
            .store
            .write(move |txn| {
                let value = mutation(txn)?;
                txn.audit(&audit)?;
                Ok(value)
            })
            .await;
        match result {
            Ok(value) => Ok(value),
            Err(error) => self.failed(Some(tenant), action, &target, error).await,
        }
    }

    async fn queue_infos(&self, tenant: &TenantId) -> Result<Vec<QueueInfo>, RpcError> {
        let id = tenant.clone();
        let (mut counts, stored) = self
            .shared
            .store
            .read(move |txn| Ok::<_, AreaError>((txn.job_counts(Some(&id))?, txn.queues()?)))
            .await?;
        let mut names = self.shared.queue.names();
        names.extend(counts.keys().cloned());
        names.extend(stored.keys().cloned());
        names.sort();
        names.dedup();
        Ok(names
            .into_iter()
            .map(|name| QueueInfo {
                paused: self.shared.queue.is_paused(&name),
                concurrency: self.shared.queue.concurrency_of(&name),
                counts: counts.remove(&name).unwrap_or_default(),
                name,
            })
            .collect())
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
        self.check("hello", None, Need::Operator).await?;
        let operator = self.shared.authority.identity(&self.peer).await?;
        Ok(Hello {
            api_version: API_VERSION,
            daemon_version: env!("CARGO_PKG_VERSION").to_owned(),
            operator,
        })
    }

    async fn status(self, _: Context) -> Result<Status, RpcError> {
        self.check("status", None, Need::Operator).await?;
        Ok(Status {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            api_version: API_VERSION,
            uptime_secs: self.shared.started.elapsed().as_secs(),
            data_dir: self.shared.data_dir.clone(),
            socket_path: self.shared.socket_path.clone(),
            webhook_addr: self.shared.webhook_addr.clone(),
            sandbox: self.shared.sandbox,
        })
    }

    async fn dashboard(self, _: Context, tenant: TenantId) -> Result<Dashboard, RpcError> {
        self.check("dashboard", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        let queues = self.queue_infos(&tenant).await?;
        let id = tenant.clone();
        let recent_failures = self
            .shared
            .store
            .read(move |txn| txn.recent_failures(&id, 10))
            .await?;
        let tenant_for_reminders = tenant.clone();
        let id = tenant.clone();
        let invoices = self
            .shared
            .store
            .read(move |txn| txn.invoice_counts(&id))
            .await?;
        Ok(Dashboard {
            integrations: integrations(&self.shared, &tenant),
            tenant,
            queues,
            recent_failures,
            sandbox: self.shared.sandbox,
            invoices,
            reminders_due: self.reminders_due(&tenant_for_reminders).await?,
        })
    }

    async fn jobs_list(
        self,
        _: Context,
        tenant: TenantId,
        filter: JobFilter,
        page: PageRequest,
    ) -> Result<JobPage, RpcError> {
        self.check("jobs_list", Some(&tenant), Need::Role(Role::Supervisor))
            .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.list_jobs(&tenant, &filter, page))
            .await?)
    }

    async fn jobs_show(
        self,
        _: Context,
        tenant: TenantId,
        id: JobId,
    ) -> Result<JobDetail, RpcError> {
        self.check("jobs_show", Some(&tenant), Need::Role(Role::Supervisor))
            .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.job(&tenant, id))
            .await?
            .detail())
    }

    async fn jobs_retry(
        self,
        _: Context,
        tenant: TenantId,
        id: JobId,
    ) -> Result<JobSummary, RpcError> {
        self.check("jobs_retry", Some(&tenant), Need::Role(Role::Supervisor))
            .await?;
        let scope = tenant.clone();
        let job = self
            .audited(
                "jobs_retry",
                &tenant,
                format!("job {id}"),
                String::new(),
                move |txn| txn.retry_job(&scope, id),
            )
            .await?;
        self.shared.queue.wake(&job.queue);
        Ok(job.summary())
    }

    async fn jobs_retry_matching(
        self,
        _: Context,
        tenant: TenantId,
        filter: JobFilter,
    ) -> Result<u64, RpcError> {
        self.check(
            "jobs_retry_matching",
            Some(&tenant),
            Need::Role(Role::Supervisor),
        )
        .await?;
        let detail = serde_json::to_string(&filter).unwrap_or_default();
        let mut audit = self.audit_record(
            Some(&tenant),
            "jobs_retry_matching",
            "jobs".into(),
            detail.clone(),
        );
        let tenant_for_write = tenant.clone();
        let result = self
            .shared
            .store
            .write(move |txn| {
                let ids = txn.retry_matching(&tenant_for_write, &filter)?;
                audit.target = format!("{} jobs", ids.len());
                txn.audit(&audit)?;
                Ok(ids)
            })
            .await;
        match result {
            Ok(ids) => {
                for name in self.shared.queue.names() {
                    self.shared.queue.wake(&name);
                }
                Ok(ids.len() as u64)
            }
            Err(error) => {
                self.failed(Some(&tenant), "jobs_retry_matching", &detail, error)
                    .await
            }
        }
    }

    async fn jobs_cancel(
        self,
        _: Context,
        tenant: TenantId,
        id: JobId,
    ) -> Result<JobSummary, RpcError> {
        self.check("jobs_cancel", Some(&tenant), Need::Role(Role::Supervisor))
            .await?;
        let scope = tenant.clone();
        let job = self
            .audited(
                "jobs_cancel",
                &tenant,
                format!("job {id}"),
                String::new(),
                move |txn| txn.cancel_job(&scope, id),
            )
            .await?;
        Ok(job.summary())
    }

    async fn queues_list(self, _: Context, tenant: TenantId) -> Result<Vec<QueueInfo>, RpcError> {
        self.check("queues_list", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        self.queue_infos(&tenant).await
    }

    async fn queues_set_paused(
        self,
        _: Context,
        queue: String,
        paused: bool,
    ) -> Result<QueueInfo, RpcError> {
        self.check("queues_set_paused", None, Need::Superuser)
            .await?;
        if queue.is_empty() || queue.len() > 64 {
            return Err(RpcError::invalid("queue names are 1 to 64 characters"));
        }
        let verb = if paused { "paused" } else { "resumed" };
        let audit = self.audit_record(
            None,
            "queues_set_paused",
            format!("queue {queue}"),
            verb.into(),
        );
        self.shared.queue.set_paused(&queue, paused, audit).await?;
        let counts = self
            .shared
            .store
            .read(|txn| txn.job_counts(None))
            .await?
            .remove(&queue)
            .unwrap_or_default();
        Ok(QueueInfo {
            concurrency: self.shared.queue.concurrency_of(&queue),
            paused,
            counts,
            name: queue,
        })
    }

    async fn tenants_list(self, _: Context) -> Result<Vec<Tenant>, RpcError> {
        self.check("tenants_list", None, Need::Operator).await?;
        let identity = self.shared.authority.identity(&self.peer).await?;
        let tenants = self
            .shared
            .store
            .read(crate::store::ReadTxn::tenants)
            .await?;
        Ok(tenants
            .into_iter()
            .filter(|tenant| identity.superuser || identity.roles.contains_key(&tenant.id))
            .collect())
    }

    async fn tenants_add(self, _: Context, id: TenantId, name: String) -> Result<Tenant, RpcError> {
        self.check("tenants_add", None, Need::Superuser).await?;
        let name = name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(RpcError::invalid("a tenant's name is 1 to 100 characters"));
        }
        let new_id = id.clone();
        let detail = name.clone();
        self.audited(
            "tenants_add",
            &id,
            format!("tenant {id}"),
            detail,
            move |txn| txn.add_tenant(&new_id, &name),
        )
        .await
    }

    async fn operators_list(self, _: Context, tenant: TenantId) -> Result<Vec<Operator>, RpcError> {
        self.check("operators_list", Some(&tenant), Need::Role(Role::Admin))
            .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.operators(&tenant))
            .await?)
    }

    async fn operators_add(
        self,
        _: Context,
        tenant: TenantId,
        user: String,
        role: Role,
    ) -> Result<Operator, RpcError> {
        self.check("operators_add", Some(&tenant), Need::Role(Role::Admin))
            .await?;
        validate_user_name(&user)?;
        let (scope, added_by, target) = (
            tenant.clone(),
            self.peer.user.clone(),
            format!("operator {user}"),
        );
        self.audited(
            "operators_add",
            &tenant,
            target,
            role.to_string(),
            move |txn| txn.put_operator(&scope, &user, role, &added_by),
        )
        .await
    }

    async fn operators_remove(
        self,
        _: Context,
        tenant: TenantId,
        user: String,
    ) -> Result<(), RpcError> {
        self.check("operators_remove", Some(&tenant), Need::Role(Role::Admin))
            .await?;
        let (scope, target) = (tenant.clone(), format!("operator {user}"));
        self.audited(
            "operators_remove",
            &tenant,
            target,
            String::new(),
            move |txn| txn.remove_operator(&scope, &user),
        )
        .await
    }

    async fn audit_list(
        self,
        _: Context,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<AuditPage, RpcError> {
        self.check("audit_list", Some(&tenant), Need::Role(Role::Supervisor))
            .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.audit_page(&tenant, page))
            .await?)
    }

    async fn invoices_upload_start(
        self,
        _: Context,
        tenant: TenantId,
        file_name: String,
        size: u64,
    ) -> Result<UploadTicket, RpcError> {
        self.upload_start(tenant, file_name, size).await
    }

    async fn invoices_upload_chunk(
        self,
        _: Context,
        upload: u64,
        offset: u64,
        data_base64: String,
    ) -> Result<u64, RpcError> {
        self.upload_chunk(upload, offset, &data_base64).await
    }

    async fn invoices_upload_finish(
        self,
        _: Context,
        upload: u64,
    ) -> Result<IntakeOutcome, RpcError> {
        self.upload_finish(upload).await
    }

    async fn invoices_list(
        self,
        _: Context,
        tenant: TenantId,
        filter: InvoiceFilter,
        page: PageRequest,
    ) -> Result<InvoicePage, RpcError> {
        self.invoice_page(tenant, filter, page).await
    }

    async fn invoices_show(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<InvoiceDetail, RpcError> {
        self.invoice_detail(tenant, id).await
    }

    async fn invoices_edit(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        edit: InvoiceEdit,
    ) -> Result<InvoiceDetail, RpcError> {
        self.invoice_edit(tenant, id, edit).await
    }

    async fn invoices_confirm(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<InvoiceSummary, RpcError> {
        self.invoice_confirm(tenant, id).await
    }

    async fn invoices_reject(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        reason: String,
    ) -> Result<InvoiceSummary, RpcError> {
        self.invoice_reject(tenant, id, reason).await
    }

    async fn invoices_retry(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<InvoiceSummary, RpcError> {
        self.invoice_retry(tenant, id).await
    }

    async fn invoices_download(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        offset: u64,
        limit: u32,
    ) -> Result<DownloadChunk, RpcError> {
        self.invoice_download(tenant, id, offset, limit).await
    }

    async fn invoices_export(
        self,
        _: Context,
        tenant: TenantId,
        filter: InvoiceFilter,
    ) -> Result<Vec<InvoiceDetail>, RpcError> {
        self.invoice_export(tenant, filter).await
    }

    async fn invoices_summary(
        self,
        _: Context,
        tenant: TenantId,
    ) -> Result<InvoiceCounts, RpcError> {
        self.invoice_counts(tenant).await
    }

    async fn invoices_templates(self, _: Context) -> Result<TemplateReport, RpcError> {
        self.templates(false).await
    }

    async fn invoices_templates_reload(self, _: Context) -> Result<TemplateReport, RpcError> {
        self.templates(true).await
    }

    async fn conversations_list(
        self,
        _: Context,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<ConversationPage, RpcError> {
        self.conversation_page(tenant, page).await
    }

    async fn conversations_show(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        limit: u32,
    ) -> Result<ConversationDetail, RpcError> {
        self.conversation_detail(tenant, id, limit).await
    }

    async fn conversations_send(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        text: String,
    ) -> Result<u64, RpcError> {
        self.conversation_send(tenant, id, text).await
    }

    async fn conversations_send_template(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        template: String,
    ) -> Result<u64, RpcError> {
        self.conversation_send_template(tenant, id, template).await
    }

    async fn conversations_send_file(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        upload: u64,
        caption: Option<String>,
    ) -> Result<u64, RpcError> {
        self.conversation_send_file(tenant, id, upload, caption)
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
        self.conversation_send_whatsapp_template(tenant, id, (name, language), variables)
            .await
    }

    async fn whatsapp_templates_list(
        self,
        _: Context,
        tenant: TenantId,
    ) -> Result<Vec<WhatsAppTemplate>, RpcError> {
        self.whatsapp_templates(tenant).await
    }

    async fn whatsapp_templates_sync(
        self,
        _: Context,
        tenant: TenantId,
    ) -> Result<JobId, RpcError> {
        Connection::whatsapp_templates_sync(&self, tenant).await
    }

    async fn reply_templates_list(
        self,
        _: Context,
        tenant: TenantId,
    ) -> Result<Vec<ReplyTemplate>, RpcError> {
        self.templates_list(tenant).await
    }

    async fn reply_templates_put(
        self,
        _: Context,
        tenant: TenantId,
        template: ReplyTemplate,
    ) -> Result<ReplyTemplate, RpcError> {
        self.templates_put(tenant, template).await
    }

    async fn reply_templates_remove(
        self,
        _: Context,
        tenant: TenantId,
        name: String,
    ) -> Result<(), RpcError> {
        self.templates_remove(tenant, name).await
    }

    async fn leads_list(
        self,
        _: Context,
        tenant: TenantId,
        limit: u32,
    ) -> Result<Vec<Lead>, RpcError> {
        self.lead_list(tenant, limit).await
    }

    async fn leads_show(self, _: Context, tenant: TenantId, id: u64) -> Result<Lead, RpcError> {
        self.lead_show(tenant, id).await
    }

    async fn leads_add(
        self,
        _: Context,
        tenant: TenantId,
        contact: u64,
        lead_type: LeadType,
    ) -> Result<Lead, RpcError> {
        self.lead_add(tenant, contact, lead_type).await
    }

    async fn leads_edit(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        edit: LeadEdit,
    ) -> Result<Lead, RpcError> {
        self.lead_edit(tenant, id, edit).await
    }

    async fn leads_move(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        stage: String,
    ) -> Result<Lead, RpcError> {
        self.lead_move(tenant, id, stage).await
    }

    async fn leads_note(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        text: String,
    ) -> Result<Lead, RpcError> {
        self.lead_note(tenant, id, text).await
    }

    async fn funnels_list(self, _: Context, tenant: TenantId) -> Result<Vec<Funnel>, RpcError> {
        self.funnel_list(tenant).await
    }

    async fn funnels_put(
        self,
        _: Context,
        tenant: TenantId,
        funnel: Funnel,
    ) -> Result<Vec<Funnel>, RpcError> {
        self.funnel_put(tenant, funnel).await
    }

    async fn funnels_remove(
        self,
        _: Context,
        tenant: TenantId,
        name: String,
    ) -> Result<Vec<Funnel>, RpcError> {
        self.funnel_remove(tenant, name).await
    }

    async fn leads_funnel(
        self,
        _: Context,
        tenant: TenantId,
    ) -> Result<Vec<FunnelStage>, RpcError> {
        self.lead_funnel(tenant).await
    }

    async fn reminders_list(
        self,
        _: Context,
        tenant: TenantId,
        include_done: bool,
    ) -> Result<Vec<Reminder>, RpcError> {
        self.reminder_list(tenant, include_done).await
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
        self.reminder_add(tenant, lead, due, text, assignee).await
    }

    async fn reminders_done(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<Reminder, RpcError> {
        self.reminder_change(tenant, id, None).await
    }

    async fn reminders_snooze(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        minutes: u32,
    ) -> Result<Reminder, RpcError> {
        self.reminder_change(tenant, id, Some(minutes)).await
    }

    async fn reports(
        self,
        _: Context,
        tenant: TenantId,
        name: String,
        range: ReportRange,
    ) -> Result<Report, RpcError> {
        self.check("reports", Some(&tenant), Need::Role(Role::Supervisor))
            .await?;
        let (from, to) = match range {
            ReportRange::Days(days) => {
                let to = jiff::Timestamp::now();
                let days = i64::from(days.clamp(1, 3660));
                (to - jiff::SignedDuration::from_hours(24 * days), to)
            }
            ReportRange::Between { from, to } if from < to => (from, to),
            ReportRange::Between { from, to } => {
                return Err(RpcError::invalid(format!(
                    "the report range must end after it starts: {from} to {to}"
                )));
            }
        };
        Ok(self
            .shared
            .store
            .read(move |txn| crate::crm::reports::build(txn, &tenant, &name, from, to))
            .await?)
    }

    async fn conversations_mark_read(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<(), RpcError> {
        self.conversation_read(tenant, id).await
    }

    async fn conversations_assign(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        assignee: Option<String>,
    ) -> Result<ConversationSummary, RpcError> {
        self.conversation_assign(tenant, id, assignee).await
    }

    async fn conversations_set_state(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        state: ConversationState,
    ) -> Result<ConversationSummary, RpcError> {
        self.conversation_state(tenant, id, state).await
    }

    async fn contacts_show(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
    ) -> Result<Contact, RpcError> {
        self.contact_show(tenant, id).await
    }

    async fn contacts_note(
        self,
        _: Context,
        tenant: TenantId,
        id: u64,
        text: String,
    ) -> Result<Contact, RpcError> {
        self.contact_note(tenant, id, text).await
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
        self.contact_edit(tenant, id, name, phone, tags).await
    }

    async fn contacts_merge(
        self,
        _: Context,
        tenant: TenantId,
        into: u64,
        from: u64,
    ) -> Result<Contact, RpcError> {
        self.contact_merge(tenant, into, from).await
    }

    async fn contacts_list(
        self,
        _: Context,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<Vec<Contact>, RpcError> {
        self.check("contacts_list", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.list_contacts(&tenant, page))
            .await?)
    }

    async fn watch(
        self,
        _: Context,
        tenant: TenantId,
        since_seq: u64,
    ) -> Result<ChangeBatch, RpcError> {
        self.check("watch", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        let deadline = tokio::time::Instant::now() + WATCH_HOLD;
        let mut signal = self.shared.store.change_signal();
        loop {
            signal.borrow_and_update();
            let id = tenant.clone();
            let (changes, oldest, last) = self
                .shared
                .store
                .read(move |txn| {
                    Ok::<_, StoreError>((
                        txn.changes_since(&id, since_seq, WATCH_BATCH)?,
                        txn.oldest_change(&id)?,
                        txn.last_change_seq()?,
                    ))
                })
                .await?;
            // The feed was trimmed past what the client saw, or the client saw a newer store.
            let reset = since_seq > last
                || oldest.is_some_and(|oldest| since_seq > 0 && oldest > since_seq + 1);
            if reset || !changes.is_empty() {
                let last_seq = changes.last().map_or(last, |change| change.seq);
                return Ok(ChangeBatch {
                    changes,
                    last_seq,
                    reset,
                });
            }
            let timed_out = tokio::time::timeout_at(deadline, signal.changed())
                .await
                .is_err();
            if timed_out {
                return Ok(ChangeBatch {
                    changes: Vec::new(),
                    last_seq: since_seq,
                    reset: false,
                });
            }
        }
    }
}

fn validate_user_name(user: &str) -> Result<(), RpcError> {
    let valid = !user.is_empty()
        && user.len() <= 32
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if valid {
        Ok(())
    } else {
        Err(RpcError::invalid(format!(
            "{user:?} is not a Unix user name"
        )))
    }
}

/// Integrations as the dashboard shows them for `tenant`: each channel and the invoice LLM
/// as the config sets them up (sends need a token), Gmail and GoHighLevel not yet.
fn integrations(shared: &Shared, tenant: &TenantId) -> Vec<IntegrationStatus> {
    let status = |name: &str, state: &str, detail: &str| IntegrationStatus {
        name: name.into(),
        state: state.into(),
        detail: detail.into(),
    };
    let mut list = Vec::new();
    if shared.sandbox {
        list.push(status(
            "sandbox",
            "sandbox",
            "fake providers on loopback; not for production",
        ));
    }
    let channel = |name: &str, api_base: Option<&str>, sends: bool| match api_base {
        None => status(name, "not_configured", ""),
        Some(base) if base.contains("/sandbox/") => status(name, "sandbox", "fake API"),
        Some(_) if sends => status(name, "ok", "receives and sends"),
        Some(_) => status(name, "ok", "receives only: no send token"),
    };
    for name in ["whatsapp", "messenger"] {
        let meta = shared.channels.meta(name, tenant);
        list.push(channel(
            name,
            meta.map(|meta| meta.api_base.as_str()),
            meta.is_some_and(|meta| meta.access_token.is_some()),
        ));
    }
    let bot = shared.channels.telegram.get(tenant);
    list.push(channel(
        "telegram",
        bot.map(|bot| bot.api_base.as_str()),
        bot.is_some_and(|bot| bot.bot_token.is_some()),
    ));
    list.push(status("gmail", "not_configured", ""));
    list.push(status("gohighlevel", "not_configured", ""));
    list.push(match shared.invoices.llm_endpoint(tenant) {
        Some(endpoint) if endpoint.base_url.contains("/sandbox/") => {
            status("llm", "sandbox", &endpoint.model)
        }
        Some(endpoint) => status("llm", "ok", &endpoint.model),
        None => status("llm", "not_configured", ""),
    });
    list
}
