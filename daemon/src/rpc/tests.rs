//! Service logic in-process: every method × role × tenant, and tenant isolation. The socket,
//! peer credentials and versions over the wire are the end-to-end tests' job.

use std::sync::Arc;
use std::time::Instant;

use centralita_config::QueueConfig;
use centralita_protocol::policy::{self, Who};
use centralita_protocol::{
    API_VERSION, AuditOutcome, Centralita, ConnectionId, ContactEdit, ContactFilter, ContactId,
    ConversationFilter, ConversationId, ConversationState, ErrorDetail, ErrorKind, GlosaId,
    InvoiceEdit, InvoiceFilter, InvoiceId, JobFilter, JobId, LeadEdit, LeadFilter, LeadId,
    LeadType, MailMessageId, MailboxId, MessageId, PageRequest, QuickReply, Record, ReminderId,
    ReportRange, Role, RpcError, TenantId, UploadId,
};
use tarpc::context;

use super::{Authority, Connection, Peer, Shared};
use crate::metrics::Metrics;
use crate::queue::NewJob;
use crate::queue::Queue;
use crate::store::Store;

const DAEMON_UID: u32 = 4242;

fn tenant(name: &str) -> TenantId {
    TenantId::new(name).expect("valid")
}

struct World {
    _dir: tempfile::TempDir,
    shared: Arc<Shared>,
    acme_job: JobId,
}

async fn world() -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path(), &crate::schema()).expect("store");
    for name in ["acme", "other"] {
        let id = tenant(name);
        store
            .write(move |txn| txn.add_tenant(&id, "Test"))
            .await
            .expect("tenant");
    }
    for (user, name, role) in [
        ("ana", "acme", Role::Agent),
        ("sam", "acme", Role::Supervisor),
        ("ada", "acme", Role::Admin),
        ("zoe", "other", Role::Admin),
    ] {
        let id = tenant(name);
        store
            .write(move |txn| txn.put_operator(&id, user, role, "root"))
            .await
            .expect("operator");
    }
    let queue = Queue::new(
        store.clone(),
        &QueueConfig::default(),
        Arc::new(Metrics::default()),
    );
    let job = NewJob {
        tenant: tenant("acme"),
        queue: "default".into(),
        kind: "test".into(),
        payload: serde_json::json!({}),
        run_at: None,
        max_attempts: 1,
        unique_key: None,
        schedule: None,
    };
    let (acme_job, _) = queue.enqueue(job).await.expect("job");
    let (store_for_invoices, queue_for_invoices) = (store.clone(), queue.clone());
    let (connections_store, connections_queue) = (store.clone(), queue.clone());
    let invoices = crate::invoices::Invoices::new(
        store_for_invoices,
        queue_for_invoices,
        &centralita_config::InvoicesConfig::default(),
        dir.path(),
        std::collections::BTreeMap::new(),
    );
    let connections = crate::connections::Connections::from_config(
        connections_store,
        connections_queue,
        &centralita_config::Config::default(),
        dir.path(),
        None,
    )
    .expect("connections");
    let mail = crate::mail::Mail::new(
        store.clone(),
        queue.clone(),
        connections.clone(),
        invoices.clone(),
        &centralita_config::MailConfig::default(),
    );
    let glosas = crate::glosas::Glosas::new(
        store.clone(),
        queue.clone(),
        invoices.clone(),
        &dir.path().join("glosas-mappings"),
    );
    let shared = Arc::new(Shared {
        store: store.clone(),
        queue,
        authority: Authority {
            store,
            daemon_uid: DAEMON_UID,
        },
        started: Instant::now(),
        data_dir: dir.path().display().to_string(),
        socket_path: "console.sock".into(),
        webhook_addr: None,
        sandbox: false,
        invoices,
        uploads: Arc::new(crate::uploads::Uploads::new(25 * 1024 * 1024)),
        connections,
        mail,
        glosas,
        channels: Arc::default(),
    });
    World {
        _dir: dir,
        shared,
        acme_job,
    }
}

impl World {
    fn as_user(&self, user: &str, uid: u32) -> Connection {
        Connection {
            shared: Arc::clone(&self.shared),
            peer: Peer {
                uid,
                user: user.into(),
            },
        }
    }
}

/// Calls `method` as `connection` on tenant acme; returns the error kind, if any.
async fn call(method: &str, connection: Connection, job: JobId) -> Option<ErrorKind> {
    let ctx = context::current();
    let acme = tenant("acme");
    let result: Result<(), RpcError> = match method {
        "hello" => connection.hello(ctx, API_VERSION).await.map(drop),
        "status" => connection.status(ctx).await.map(drop),
        "dashboard" => connection.dashboard(ctx, acme).await.map(drop),
        "jobs_list" => connection
            .jobs_list(ctx, acme, JobFilter::default(), PageRequest::first(10))
            .await
            .map(drop),
        "jobs_show" => connection.jobs_show(ctx, acme, job).await.map(drop),
        "jobs_retry" => connection.jobs_retry(ctx, acme, job).await.map(drop),
        "jobs_retry_matching" => connection
            .jobs_retry_matching(ctx, acme, JobFilter::default())
            .await
            .map(drop),
        "jobs_cancel" => connection
            .jobs_cancel(ctx, acme, JobId(999_999))
            .await
            .map(drop),
        "queues_list" => connection.queues_list(ctx, acme).await.map(drop),
        "queues_set_paused" => connection
            .queues_set_paused(ctx, "default".into(), false)
            .await
            .map(drop),
        "tenants_list" => connection.tenants_list(ctx).await.map(drop),
        "admin_backup" => connection.admin_backup(ctx).await.map(drop),
        "tenants_add" => connection
            .tenants_add(ctx, tenant("newco"), "New Co".into())
            .await
            .map(drop),
        "tenants_set_zone" => connection
            .tenants_set_zone(ctx, acme, "America/Lima".into())
            .await
            .map(drop),
        "tenants_set_currency" => connection
            .tenants_set_currency(ctx, acme, "PEN".into())
            .await
            .map(drop),
        "operators_list" => connection.operators_list(ctx, acme).await.map(drop),
        "operators_add" => connection
            .operators_add(ctx, acme, "pat".into(), Role::Agent)
            .await
            .map(drop),
        "operators_rename" => connection
            .operators_rename(ctx, acme.clone(), "nobody-here".into(), None)
            .await
            .map(drop),
        "operators_remove" => connection
            .operators_remove(ctx, acme, "nobody-here".into())
            .await
            .map(drop),
        "audit_list" => connection
            .audit_list(ctx, acme, PageRequest::first(10))
            .await
            .map(drop),
        "audit_list_unscoped" => connection
            .audit_list_unscoped(ctx, PageRequest::first(10))
            .await
            .map(drop),
        "watch" => connection.watch(ctx, acme, u64::MAX - 1).await.map(drop),
        other => call_domain(other, connection).await,
    };
    result.err().map(|error| error.kind)
}

/// The calls of the inbox and invoices, as [`call`] makes them.
async fn call_domain(method: &str, connection: Connection) -> Result<(), RpcError> {
    let ctx = context::current();
    let acme = tenant("acme");
    match method {
        "conversations_show" => connection
            .conversations_show(ctx, acme, ConversationId(999), 10)
            .await
            .map(drop),
        "conversations_send" => connection
            .conversations_send(ctx, acme, ConversationId(999), "hola".into())
            .await
            .map(drop),
        "conversations_send_quick_reply" => connection
            .conversations_send_quick_reply(ctx, acme, ConversationId(999), "hola".into())
            .await
            .map(drop),
        "quick_replies_list" => connection.quick_replies_list(ctx, acme).await.map(drop),
        "quick_replies_put" => connection
            .quick_replies_put(
                ctx,
                acme,
                QuickReply {
                    name: "hola".into(),
                    category: String::new(),
                    channels: Vec::new(),
                    body: "Hola {{first_name}}".into(),
                },
            )
            .await
            .map(drop),
        "quick_replies_remove" => {
            connection
                .quick_replies_remove(ctx, acme, "nope".into())
                .await
        }
        "quick_replies_preview" => connection
            .quick_replies_preview(ctx, acme, ConversationId(999), "nope".into())
            .await
            .map(drop),
        "conversations_mark_read" => {
            connection
                .conversations_mark_read(ctx, acme, ConversationId(999))
                .await
        }
        "conversations_assign" => connection
            .conversations_assign(ctx, acme, ConversationId(999), None)
            .await
            .map(drop),
        "conversations_set_state" => connection
            .conversations_set_state(ctx, acme, ConversationId(999), ConversationState::Resolved)
            .await
            .map(drop),
        other => call_crm(other, connection).await,
    }
}

/// The calls of leads, contacts, reminders and reports, as [`call`] makes them.
async fn call_crm(method: &str, connection: Connection) -> Result<(), RpcError> {
    let ctx = context::current();
    let acme = tenant("acme");
    match method {
        "leads_list" => connection
            .leads_list(ctx, acme, LeadFilter::default(), PageRequest::first(10))
            .await
            .map(drop),
        "contacts_show" => connection
            .contacts_show(ctx, acme, ContactId(999))
            .await
            .map(drop),
        "contacts_edit" => connection
            .contacts_edit(ctx, acme, ContactId(999), ContactEdit::default())
            .await
            .map(drop),
        "contacts_merge" => connection
            .contacts_merge(ctx, acme, ContactId(998), ContactId(999))
            .await
            .map(drop),
        "leads_show" => connection
            .leads_show(ctx, acme, LeadId(999))
            .await
            .map(drop),
        "leads_add" => connection
            .leads_add(ctx, acme, ContactId(999), LeadType::Sale)
            .await
            .map(drop),
        "leads_edit" => connection
            .leads_edit(ctx, acme, LeadId(999), LeadEdit::default())
            .await
            .map(drop),
        "leads_move" => connection
            .leads_move(ctx, acme, LeadId(999), "debate".into())
            .await
            .map(drop),
        "leads_note" => connection
            .leads_note(ctx, acme, LeadId(999), "x".into())
            .await
            .map(drop),
        "leads_funnel" => connection.leads_funnel(ctx, acme).await.map(drop),
        "reports" => connection
            .reports(ctx, acme, "channels".into(), ReportRange::Days(7))
            .await
            .map(drop),
        "reminders_list" => connection.reminders_list(ctx, acme, true).await.map(drop),
        "reminders_add" => connection
            .reminders_add(
                ctx,
                acme,
                LeadId(999),
                "2026-12-01 10:00".into(),
                "x".into(),
                None,
            )
            .await
            .map(drop),
        "reminders_done" => connection
            .reminders_done(ctx, acme, ReminderId(999))
            .await
            .map(drop),
        "reminders_edit" => connection
            .reminders_edit(ctx, acme.clone(), ReminderId(999), None, Some("x".into()))
            .await
            .map(drop),
        "reminders_snooze" => connection
            .reminders_snooze(ctx, acme, ReminderId(999), 10)
            .await
            .map(drop),
        other => call_sends_and_funnels(other, connection).await,
    }
}

/// The connection and schedule calls, as [`call`] makes them.
async fn call_connections(method: &str, connection: Connection) -> Result<(), RpcError> {
    let ctx = context::current();
    let acme = tenant("acme");
    match method {
        "connections_list" => connection.connections_list(ctx, acme).await.map(drop),
        "connections_add" => connection
            .connections_add(ctx, acme, "google".into(), None)
            .await
            .map(drop),
        "connections_finish" => connection
            .connections_finish(ctx, acme, "https://x/oauth/callback?state=s&code=c".into())
            .await
            .map(drop),
        "connections_test" => connection
            .connections_test(ctx, acme, ConnectionId(999))
            .await
            .map(drop),
        "connections_revoke" => connection
            .connections_revoke(ctx, acme, ConnectionId(999))
            .await
            .map(drop),
        "connections_remove" => connection
            .connections_remove(ctx, acme, ConnectionId(999))
            .await
            .map(drop),
        "schedules_list" => connection.schedules_list(ctx, acme).await.map(drop),
        "schedules_pause" => connection
            .schedules_pause(ctx, acme, "nothing".into(), true)
            .await
            .map(drop),
        "schedules_run_now" => connection
            .schedules_run_now(ctx, acme, "nothing".into())
            .await
            .map(drop),
        other => call_mail(other, connection).await,
    }
}

/// The mail calls, as [`call`] makes them.
async fn call_mail(method: &str, connection: Connection) -> Result<(), RpcError> {
    let ctx = context::current();
    let acme = tenant("acme");
    let settings = centralita_protocol::MailboxSettings {
        labels: vec!["INBOX".into()],
        every_minutes: 15,
        query: None,
    };
    match method {
        "mail_mailboxes" => connection.mail_mailboxes(ctx, acme).await.map(drop),
        "mail_mailbox_add" => connection
            .mail_mailbox_add(ctx, acme, ConnectionId(999), settings)
            .await
            .map(drop),
        "mail_mailbox_edit" => connection
            .mail_mailbox_edit(ctx, acme, MailboxId(999), settings)
            .await
            .map(drop),
        "mail_mailbox_remove" => {
            connection
                .mail_mailbox_remove(ctx, acme, MailboxId(999))
                .await
        }
        "mail_sync" => connection
            .mail_sync(ctx, acme, MailboxId(999), false)
            .await
            .map(drop),
        "mail_messages" => connection
            .mail_messages(ctx, acme, None, PageRequest::first(10))
            .await
            .map(drop),
        "mail_message" => connection
            .mail_message(ctx, acme, MailMessageId(999))
            .await
            .map(drop),
        other => call_glosas(other, connection).await,
    }
}

/// The glosa calls, as [`call`] makes them.
async fn call_glosas(method: &str, connection: Connection) -> Result<(), RpcError> {
    let ctx = context::current();
    let acme = tenant("acme");
    match method {
        "conversations_history" => connection
            .conversations_history(ctx, acme, ConversationId(999), MessageId(50), 10)
            .await
            .map(drop),
        "glosas_list" => connection
            .glosas_list(ctx, acme, None, PageRequest::first(10))
            .await
            .map(drop),
        "glosas_show" => connection
            .glosas_show(ctx, acme, GlosaId(999))
            .await
            .map(drop),
        "glosas_answer" => connection
            .glosas_answer(ctx, acme, GlosaId(999), 0, None)
            .await
            .map(drop),
        "glosas_set_state" => connection
            .glosas_set_state(
                ctx,
                acme,
                GlosaId(999),
                centralita_protocol::GlosaState::InReview,
            )
            .await
            .map(drop),
        "glosas_export" => connection
            .glosas_export(ctx, acme, GlosaId(999), "csv".into())
            .await
            .map(drop),
        "glosas_catalog" => connection
            .glosas_catalog(ctx, acme, "FA".into())
            .await
            .map(drop),
        "glosas_add" => connection
            .glosas_add(ctx, acme, UploadId(999))
            .await
            .map(drop),
        other => panic!("unknown method {other}"),
    }
}

/// The send, WhatsApp template and funnel calls, as [`call`] makes them.
async fn call_sends_and_funnels(method: &str, connection: Connection) -> Result<(), RpcError> {
    let ctx = context::current();
    let acme = tenant("acme");
    match method {
        "conversations_list" => connection
            .conversations_list(
                ctx,
                acme,
                ConversationFilter::default(),
                PageRequest::first(10),
            )
            .await
            .map(drop),
        "contacts_list" => connection
            .contacts_list(ctx, acme, ContactFilter::default(), PageRequest::first(10))
            .await
            .map(drop),
        "conversations_send_file" => connection
            .conversations_send_file(ctx, acme, ConversationId(999), UploadId(999), None)
            .await
            .map(drop),
        "conversations_to_invoice" => connection
            .conversations_to_invoice(ctx, acme, ConversationId(999), None)
            .await
            .map(drop),
        "conversations_send_whatsapp_template" => connection
            .conversations_send_whatsapp_template(
                ctx,
                acme,
                ConversationId(999),
                "x".into(),
                "es".into(),
                Vec::new(),
            )
            .await
            .map(drop),
        "whatsapp_templates_list" => connection
            .whatsapp_templates_list(ctx, acme)
            .await
            .map(drop),
        "whatsapp_templates_sync" => connection
            .whatsapp_templates_sync(ctx, acme)
            .await
            .map(drop),
        "funnels_list" => connection.funnels_list(ctx, acme).await.map(drop),
        "contacts_note" => connection
            .contacts_note(ctx, acme, ContactId(999), "x".into())
            .await
            .map(drop),
        "funnels_put" => connection
            .funnels_put(
                ctx,
                acme,
                centralita_protocol::Funnel {
                    name: "vip".into(),
                    lead_type: LeadType::Sale,
                    stages: vec!["new".into()],
                    keywords: Vec::new(),
                },
            )
            .await
            .map(drop),
        "funnels_remove" => connection
            .funnels_remove(ctx, acme, "nope".into())
            .await
            .map(drop),
        other => call_invoices(other, connection).await,
    }
}

/// The invoice calls, as [`call`] makes them.
async fn call_invoices(method: &str, connection: Connection) -> Result<(), RpcError> {
    let ctx = context::current();
    let acme = tenant("acme");
    match method {
        "invoices_upload_start" => connection
            .invoices_upload_start(ctx, acme, "a.pdf".into(), 10)
            .await
            .map(drop),
        "invoices_upload_chunk" => connection
            .invoices_upload_chunk(ctx, UploadId(999), 0, String::new())
            .await
            .map(drop),
        "invoices_upload_finish" => connection
            .invoices_upload_finish(ctx, UploadId(999))
            .await
            .map(drop),
        "invoices_list" => connection
            .invoices_list(ctx, acme, InvoiceFilter::default(), PageRequest::first(10))
            .await
            .map(drop),
        "invoices_show" => connection
            .invoices_show(ctx, acme, InvoiceId(999))
            .await
            .map(drop),
        "invoices_edit" => connection
            .invoices_edit(ctx, acme, InvoiceId(999), InvoiceEdit::default())
            .await
            .map(drop),
        "invoices_confirm" => connection
            .invoices_confirm(ctx, acme, InvoiceId(999))
            .await
            .map(drop),
        "invoices_reject" => connection
            .invoices_reject(ctx, acme, InvoiceId(999), "no".into())
            .await
            .map(drop),
        "invoices_retry" => connection
            .invoices_retry(ctx, acme, InvoiceId(999))
            .await
            .map(drop),
        "invoices_download" => connection
            .invoices_download(ctx, acme, InvoiceId(999), 0, 10)
            .await
            .map(drop),
        "invoices_export" => connection
            .invoices_export(ctx, acme, InvoiceFilter::default())
            .await
            .map(drop),
        "invoices_summary" => connection.invoices_summary(ctx, acme).await.map(drop),
        "invoices_mappings" => connection.invoices_mappings(ctx).await.map(drop),
        "invoices_mappings_reload" => connection.invoices_mappings_reload(ctx).await.map(drop),
        other => call_connections(other, connection).await,
    }
}

/// Every method of the policy table × every kind of caller, on tenant acme: `Operator` methods
/// need any role anywhere, the rest the role the table says in acme.
#[tokio::test]
async fn every_method_checks_role_and_tenant() {
    // (user, uid, role in acme, operator somewhere, superuser)
    let callers: &[(&str, u32, Option<Role>, bool, bool)] = &[
        ("nobody", 5000, None, false, false),
        ("zoe", 5004, None, true, false),
        ("ana", 5001, Some(Role::Agent), true, false),
        ("sam", 5002, Some(Role::Supervisor), true, false),
        ("ada", 5003, Some(Role::Admin), true, false),
        ("centralita", DAEMON_UID, None, false, true),
        ("root", 0, None, false, true),
    ];
    for rule in policy::POLICY {
        let (method, need) = (rule.method, rule.who);
        for (user, uid, role, operator, superuser) in callers {
            // A fresh world per call so one call's effect (a retry, an added tenant) never
            // changes the next one's outcome.
            let world = world().await;
            let allowed = *superuser
                || match need {
                    Who::Operator => *operator,
                    Who::Role(min) => role.is_some_and(|role| role >= min),
                    Who::Superuser => false,
                };
            let kind = call(method, world.as_user(user, *uid), world.acme_job).await;
            if allowed {
                assert_ne!(
                    kind,
                    Some(ErrorKind::PermissionDenied),
                    "{user} should be allowed {method}"
                );
            } else {
                assert_eq!(
                    kind,
                    Some(ErrorKind::PermissionDenied),
                    "{user} must be refused {method}"
                );
            }
        }
    }
}

#[tokio::test]
async fn refusals_are_audited_and_run_nothing() {
    let world = world().await;
    let ctx = context::current();
    let refused = world
        .as_user("ana", 5001)
        .jobs_retry(ctx, tenant("acme"), world.acme_job)
        .await
        .expect_err("an agent may not retry jobs");
    assert_eq!(refused.kind, ErrorKind::PermissionDenied);
    // The facts travel with the words, for the console to say them in Spanish.
    assert_eq!(
        refused.detail,
        Some(ErrorDetail::Denied {
            user: "ana".into(),
            method: "jobs_retry".into(),
            tenant: Some(tenant("acme")),
            needs: Some(Role::Supervisor),
            role: Some(Role::Agent),
        })
    );
    let refused = world
        .as_user("zoe", 5004)
        .jobs_list(
            ctx,
            tenant("acme"),
            JobFilter::default(),
            PageRequest::first(5),
        )
        .await;
    assert_eq!(
        refused.map_err(|error| error.kind).err(),
        Some(ErrorKind::PermissionDenied)
    );
    let audit = world
        .as_user("ada", 5003)
        .audit_list(ctx, tenant("acme"), PageRequest::first(10))
        .await
        .expect("audit");
    let denied: Vec<_> = audit
        .entries
        .iter()
        .filter(|entry| entry.outcome == AuditOutcome::Denied)
        .map(|entry| (entry.operator.as_str(), entry.action.as_str()))
        .collect();
    assert!(denied.contains(&("ana", "jobs_retry")), "{denied:?}");
    assert!(denied.contains(&("zoe", "jobs_list")), "{denied:?}");
    // The entry says why in the catalog's words, for the console to say it in Spanish.
    let words = |operator: &str| {
        audit
            .entries
            .iter()
            .find(|entry| entry.operator == operator)
            .and_then(|entry| entry.detail_words.clone())
            .map(|words| (words.key, words.args))
    };
    assert_eq!(
        words("ana"),
        Some((
            "role_too_low".into(),
            ["jobs_retry", "supervisor", "acme", "ana", "agent"]
                .map(String::from)
                .to_vec()
        ))
    );
    assert_eq!(
        words("zoe"),
        Some((
            "no_role_in_tenant".into(),
            ["zoe", "acme"].map(String::from).to_vec()
        ))
    );
}

#[tokio::test]
async fn refusals_tied_to_no_tenant_are_listed_for_superusers() {
    let world = world().await;
    let ctx = context::current();
    let refused = world
        .as_user("mallory", 5999)
        .tenants_add(ctx, tenant("evilco"), "Evil Co".into())
        .await;
    assert_eq!(
        refused.map_err(|error| error.kind).err(),
        Some(ErrorKind::PermissionDenied)
    );
    let unscoped = world
        .as_user("root", 0)
        .audit_list_unscoped(ctx, PageRequest::first(10))
        .await
        .expect("superusers list them");
    let entry = unscoped
        .entries
        .iter()
        .find(|entry| entry.operator == "mallory")
        .expect("the refusal is listed");
    assert_eq!(
        (entry.action.as_str(), entry.outcome, entry.tenant.as_ref()),
        ("tenants_add", AuditOutcome::Denied, None)
    );
    let admin = world
        .as_user("ada", 5003)
        .audit_list_unscoped(ctx, PageRequest::first(10))
        .await;
    assert_eq!(
        admin.map_err(|error| error.kind).err(),
        Some(ErrorKind::PermissionDenied),
        "a tenant's admin does not see other callers' refusals"
    );
}

#[tokio::test]
async fn no_answer_carries_another_tenants_records() {
    let world = world().await;
    let ctx = context::current();
    let zoe = world.as_user("zoe", 5004);
    let other = tenant("other");
    let jobs = zoe
        .clone()
        .jobs_list(
            ctx,
            other.clone(),
            JobFilter::default(),
            PageRequest::first(100),
        )
        .await
        .expect("list");
    assert!(jobs.jobs.is_empty());
    let shown = zoe
        .clone()
        .jobs_show(ctx, other.clone(), world.acme_job)
        .await
        .expect_err("another tenant's job");
    assert_eq!(shown.kind, ErrorKind::NotFound);
    assert_eq!(
        shown.detail,
        Some(ErrorDetail::NotFound {
            record: Record::Job,
            id: world.acme_job.to_string(),
            tenant: Some(other.clone()),
        })
    );
    let changes = zoe
        .clone()
        .watch(ctx, other.clone(), 0)
        .await
        .expect("watch");
    assert!(
        changes.changes.iter().all(|change| change.tenant == other),
        "{changes:?}"
    );
    assert!(changes.changes.iter().all(|change| change.kind != "job"));
    let tenants = zoe.tenants_list(ctx).await.expect("tenants");
    assert_eq!(
        tenants.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        vec!["other"]
    );
}

#[tokio::test]
async fn mutations_are_audited_with_who_and_what() {
    let world = world().await;
    let ctx = context::current();
    let ada = world.as_user("ada", 5003);
    ada.clone()
        .operators_add(ctx, tenant("acme"), "pat".into(), Role::Agent)
        .await
        .expect("added");
    let cancelled = ada
        .clone()
        .jobs_cancel(ctx, tenant("acme"), world.acme_job)
        .await
        .expect("cancelled");
    assert_eq!(cancelled.state, centralita_protocol::JobState::Cancelled);
    let again = ada
        .clone()
        .jobs_cancel(ctx, tenant("acme"), world.acme_job)
        .await;
    assert_eq!(
        again.map_err(|error| error.kind).err(),
        Some(ErrorKind::Conflict)
    );
    let audit = ada
        .audit_list(ctx, tenant("acme"), PageRequest::first(10))
        .await
        .expect("audit");
    let rows: Vec<_> = audit
        .entries
        .iter()
        .map(|entry| (entry.action.as_str(), entry.target.as_str(), entry.outcome))
        .collect();
    let job = format!("job {}", world.acme_job);
    assert!(
        rows.contains(&("operators_add", "operator pat", AuditOutcome::Ok)),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("jobs_cancel", job.as_str(), AuditOutcome::Ok)),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("jobs_cancel", job.as_str(), AuditOutcome::Failed)),
        "{rows:?}"
    );
}

#[tokio::test]
async fn a_version_mismatch_is_a_clear_error() {
    let world = world().await;
    let error = world
        .as_user("root", 0)
        .hello(context::current(), API_VERSION + 1)
        .await
        .expect_err("refused");
    assert_eq!(error.kind, ErrorKind::VersionMismatch);
    assert!(error.message.contains("API version"), "{}", error.message);
}

#[tokio::test]
async fn watch_wakes_up_when_a_change_commits() {
    let world = world().await;
    let sam = world.as_user("sam", 5002);
    let since = sam
        .clone()
        .watch(context::current(), tenant("acme"), 0)
        .await
        .expect("watch")
        .last_seq;
    let waiting = tokio::spawn(sam.watch(context::current(), tenant("acme"), since));
    let job = NewJob {
        tenant: tenant("acme"),
        queue: "default".into(),
        kind: "test".into(),
        payload: serde_json::json!({}),
        run_at: None,
        max_attempts: 1,
        unique_key: None,
        schedule: None,
    };
    let (id, _) = world.shared.queue.enqueue(job).await.expect("enqueued");
    let batch = waiting.await.expect("task").expect("watch");
    assert!(
        batch
            .changes
            .iter()
            .any(|change| change.kind == "job" && change.id == id.to_string()),
        "{batch:?}"
    );
    assert!(batch.last_seq > since);
}

/// Three conversations in acme: unassigned, ana's, sam's.
async fn conversations(world: &World) -> [ConversationId; 3] {
    let store = world.shared.store.clone();
    store
        .write(|txn| {
            let acme = tenant("acme");
            let mut ids = [ConversationId(0); 3];
            for (index, assignee) in [None, Some("ana"), Some("sam")].into_iter().enumerate() {
                let customer = format!("5198765432{index}");
                let contact = txn.contact_for(
                    &acme,
                    &crate::crm::contacts::Identity {
                        channel: "whatsapp",
                        id: &customer,
                        name: None,
                        phone: None,
                        country: None,
                    },
                )?;
                let id = txn.conversation_for(
                    &acme,
                    contact,
                    centralita_channels::Channel::Whatsapp,
                    "phone",
                    &customer,
                )?;
                txn.assign_conversation(&acme, id, assignee)?;
                ids[index] = id;
            }
            Ok::<_, crate::error::AreaError>(ids)
        })
        .await
        .expect("conversations")
}

#[tokio::test]
async fn agents_see_and_act_on_their_own_and_unassigned_conversations_only() {
    let world = world().await;
    let [free, anas, sams] = conversations(&world).await;
    let ctx = context::current();
    let listed = |user: &'static str, uid| {
        let connection = world.as_user(user, uid);
        async move {
            let page = connection
                .conversations_list(
                    ctx,
                    tenant("acme"),
                    ConversationFilter::default(),
                    PageRequest::first(10),
                )
                .await
                .expect("listed");
            let mut ids: Vec<ConversationId> =
                page.conversations.iter().map(|row| row.id).collect();
            ids.sort_unstable();
            ids
        }
    };
    assert_eq!(listed("ana", 5001).await, vec![free, anas]);
    // An agent's page is filled with what they see, not cut after reading.
    let first = world
        .as_user("ana", 5001)
        .conversations_list(
            ctx,
            tenant("acme"),
            ConversationFilter::default(),
            PageRequest::first(1),
        )
        .await
        .expect("listed");
    // (Conversations active in the same millisecond share a page, so it may hold more.)
    assert!(!first.conversations.is_empty());
    assert!(first.conversations.iter().all(|row| row.id != sams));
    assert_eq!(listed("sam", 5002).await, vec![free, anas, sams]);
    let ana = world.as_user("ana", 5001);
    let refused = ana
        .clone()
        .conversations_show(ctx, tenant("acme"), sams, 10)
        .await
        .expect_err("someone else's");
    assert_eq!(refused.kind, ErrorKind::PermissionDenied);
    // Taking the free one works; giving it to someone else does not.
    let taken = ana
        .clone()
        .conversations_assign(ctx, tenant("acme"), free, Some("ana".into()))
        .await
        .expect("taken");
    assert_eq!(taken.assignee.as_deref(), Some("ana"));
    let handed = ana
        .clone()
        .conversations_assign(ctx, tenant("acme"), anas, Some("sam".into()))
        .await
        .expect_err("agents cannot hand over");
    assert_eq!(handed.kind, ErrorKind::PermissionDenied);
    assert_eq!(
        handed.detail,
        Some(ErrorDetail::Said {
            key: "agent_takes_conversation".into(),
            args: Vec::new(),
        }),
        "the refusal's key travels for the console to say it in Spanish"
    );
    // A supervisor assigns anyone who has a role, and nobody else.
    let sam = world.as_user("sam", 5002);
    let moved = sam
        .clone()
        .conversations_assign(ctx, tenant("acme"), sams, Some("ana".into()))
        .await
        .expect("assigned");
    assert_eq!(moved.assignee.as_deref(), Some("ana"));
    let stranger = sam
        .conversations_assign(ctx, tenant("acme"), sams, Some("zoe".into()))
        .await
        .expect_err("zoe has no role in acme");
    assert_eq!(stranger.kind, ErrorKind::InvalidArgument);
    assert_eq!(
        stranger.detail,
        Some(ErrorDetail::Said {
            key: "no_role_to_assign".into(),
            args: vec!["zoe".into(), "acme".into()],
        })
    );
    let resolved = ana
        .conversations_set_state(ctx, tenant("acme"), sams, ConversationState::Resolved)
        .await
        .expect("now hers");
    assert_eq!(resolved.state, ConversationState::Resolved);
}

#[tokio::test]
async fn an_agent_does_not_see_the_customers_of_conversations_assigned_to_others() {
    let world = world().await;
    let ctx = context::current();
    let acme = tenant("acme");
    let (mine, theirs) = world
        .shared
        .store
        .write(|txn| {
            let acme = tenant("acme");
            let mut ids = Vec::new();
            for customer in ["51911111111", "51922222222"] {
                let identity = crate::crm::contacts::Identity {
                    channel: "whatsapp",
                    id: customer,
                    name: Some("Cliente"),
                    phone: None,
                    country: None,
                };
                let contact = txn.contact_for(&acme, &identity)?;
                let conversation = txn.conversation_for(
                    &acme,
                    contact,
                    centralita_channels::Channel::Whatsapp,
                    "phone",
                    customer,
                )?;
                ids.push((contact, conversation));
            }
            Ok::<_, crate::error::AreaError>((ids[0], ids[1]))
        })
        .await
        .expect("contacts");
    let sam = world.as_user("sam", 5002);
    sam.clone()
        .conversations_assign(ctx, acme.clone(), theirs.1, Some("sam".into()))
        .await
        .expect("assigned to sam");
    let lead = sam
        .clone()
        .leads_add(ctx, acme.clone(), theirs.0, LeadType::Sale)
        .await
        .expect("an unassigned lead of sam's customer");

    let ana = world.as_user("ana", 5001);
    let denied = |result: Result<(), RpcError>| {
        assert_eq!(
            result.map_err(|error| error.kind).err(),
            Some(ErrorKind::PermissionDenied)
        );
    };
    denied(
        ana.clone()
            .contacts_show(ctx, acme.clone(), theirs.0)
            .await
            .map(drop),
    );
    denied(
        ana.clone()
            .contacts_note(ctx, acme.clone(), theirs.0, "hola".into())
            .await
            .map(drop),
    );
    denied(
        ana.clone()
            .leads_show(ctx, acme.clone(), lead.id)
            .await
            .map(drop),
    );
    let contacts = ana
        .clone()
        .contacts_list(
            ctx,
            acme.clone(),
            ContactFilter::default(),
            PageRequest::first(50),
        )
        .await
        .expect("list");
    let ids: Vec<ContactId> = contacts.iter().map(|contact| contact.id).collect();
    assert_eq!(
        ids,
        vec![mine.0],
        "only the unassigned conversation's customer"
    );
    let leads = ana
        .clone()
        .leads_list(
            ctx,
            acme.clone(),
            LeadFilter::default(),
            PageRequest::first(50),
        )
        .await
        .expect("leads");
    assert!(leads.iter().all(|shown| shown.id != lead.id), "{leads:?}");
    ana.contacts_show(ctx, acme.clone(), mine.0)
        .await
        .expect("the customer of an unassigned conversation");
    sam.contacts_show(ctx, acme, theirs.0)
        .await
        .expect("a supervisor sees everyone");
}

#[tokio::test]
async fn lists_filter_on_the_server_within_what_the_caller_sees() {
    let world = world().await;
    let [free, anas, sams] = conversations(&world).await;
    let ctx = context::current();
    let acme = tenant("acme");
    let ids = |page: centralita_protocol::ConversationPage| {
        let mut ids: Vec<ConversationId> = page.conversations.iter().map(|row| row.id).collect();
        ids.sort_unstable();
        ids
    };
    let conversations = |user: &'static str, uid, filter: ConversationFilter| {
        let connection = world.as_user(user, uid);
        let acme = acme.clone();
        async move {
            connection
                .conversations_list(ctx, acme, filter, PageRequest::first(10))
                .await
                .expect("listed")
        }
    };
    let mine = ConversationFilter {
        assignee: Some(centralita_protocol::AssigneeFilter::Me),
        ..ConversationFilter::default()
    };
    assert_eq!(ids(conversations("ana", 5001, mine).await), vec![anas]);
    let nobodys = ConversationFilter {
        assignee: Some(centralita_protocol::AssigneeFilter::Nobody),
        ..ConversationFilter::default()
    };
    assert_eq!(ids(conversations("sam", 5002, nobodys).await), vec![free]);
    // A search finds the customer by their handle, but never past the agent's sight.
    let by_handle = |text: &str| ConversationFilter {
        search: Some(text.into()),
        ..ConversationFilter::default()
    };
    assert_eq!(
        ids(conversations("sam", 5002, by_handle("51987654322")).await),
        vec![sams]
    );
    assert!(
        ids(conversations("ana", 5001, by_handle("51987654322")).await).is_empty(),
        "sam's conversation stays hidden from ana"
    );
    world
        .as_user("sam", 5002)
        .conversations_set_state(ctx, acme.clone(), free, ConversationState::Resolved)
        .await
        .expect("resolved");
    let resolved = ConversationFilter {
        state: Some(ConversationState::Resolved),
        ..ConversationFilter::default()
    };
    assert_eq!(ids(conversations("sam", 5002, resolved).await), vec![free]);
    let telegram = ConversationFilter {
        channel: Some("telegram".into()),
        ..ConversationFilter::default()
    };
    assert!(ids(conversations("sam", 5002, telegram).await).is_empty());
    // One contact's conversations (the console's contact view).
    let contact_of_anas = conversations("sam", 5002, ConversationFilter::default())
        .await
        .conversations
        .into_iter()
        .find(|row| row.id == anas)
        .expect("listed")
        .contact;
    let theirs = ConversationFilter {
        contact: Some(contact_of_anas),
        ..ConversationFilter::default()
    };
    assert_eq!(ids(conversations("sam", 5002, theirs).await), vec![anas]);
}

#[tokio::test]
async fn contacts_and_leads_filter_on_the_server() {
    let world = world().await;
    let [_, anas, _] = conversations(&world).await;
    let ctx = context::current();
    let acme = tenant("acme");
    let sam = world.as_user("sam", 5002);
    let contact = sam
        .clone()
        .conversations_show(ctx, acme.clone(), anas, 1)
        .await
        .expect("shown")
        .contact;
    let found = sam
        .clone()
        .contacts_list(
            ctx,
            acme.clone(),
            ContactFilter {
                search: Some("654321".into()),
            },
            PageRequest::first(10),
        )
        .await
        .expect("contacts");
    assert_eq!(
        found.iter().map(|row| row.id).collect::<Vec<_>>(),
        vec![contact.id]
    );
    let lead = sam
        .clone()
        .leads_add(ctx, acme.clone(), contact.id, LeadType::Sale)
        .await
        .expect("lead");
    let leads = |filter: LeadFilter| {
        let sam = sam.clone();
        let acme = acme.clone();
        async move {
            sam.leads_list(ctx, acme, filter, PageRequest::first(10))
                .await
                .expect("leads")
                .iter()
                .map(|row| row.id)
                .collect::<Vec<_>>()
        }
    };
    let new = LeadFilter {
        status: Some(centralita_protocol::LeadStatus::New),
        assignee: Some(centralita_protocol::AssigneeFilter::Nobody),
        ..LeadFilter::default()
    };
    assert_eq!(leads(new).await, vec![lead.id]);
    let won = LeadFilter {
        status: Some(centralita_protocol::LeadStatus::Won),
        ..LeadFilter::default()
    };
    assert!(leads(won).await.is_empty());
    let elsewhere = LeadFilter {
        stage: Some("no-such-stage".into()),
        ..LeadFilter::default()
    };
    assert!(leads(elsewhere).await.is_empty());
}

#[tokio::test]
async fn a_reminder_is_edited_by_its_assignee_and_a_bad_time_is_refused() {
    let world = world().await;
    let [free, _, _] = conversations(&world).await;
    let ctx = context::current();
    let acme = tenant("acme");
    let ana = world.as_user("ana", 5001);
    let contact = ana
        .clone()
        .conversations_show(ctx, acme.clone(), free, 1)
        .await
        .expect("shown")
        .contact;
    let lead = ana
        .clone()
        .leads_add(ctx, acme.clone(), contact.id, LeadType::Sale)
        .await
        .expect("lead");
    let reminder = ana
        .clone()
        .reminders_add(
            ctx,
            acme.clone(),
            lead.id,
            "2026-12-01 10:00".into(),
            "llamar".into(),
            None,
        )
        .await
        .expect("added");
    let edited = ana
        .clone()
        .reminders_edit(
            ctx,
            acme.clone(),
            reminder.id,
            Some("2026-12-02 09:30".into()),
            Some("enviar contrato".into()),
        )
        .await
        .expect("edited");
    assert_eq!(edited.text, "enviar contrato");
    assert_eq!(edited.due_at.to_string(), "2026-12-02T14:30:00Z");
    let refused = ana
        .clone()
        .reminders_edit(ctx, acme.clone(), reminder.id, Some("9:30".into()), None)
        .await
        .expect_err("not a time");
    assert_eq!(refused.kind, ErrorKind::InvalidArgument);
    let denied = world
        .as_user("zoe", 5004)
        .reminders_edit(ctx, acme, reminder.id, None, Some("mío".into()))
        .await
        .expect_err("no role in acme");
    assert_eq!(denied.kind, ErrorKind::PermissionDenied);
}

#[tokio::test]
async fn refusals_of_the_catalog_travel_with_their_key_and_values() {
    let world = world().await;
    let ctx = context::current();
    let sam = world.as_user("sam", 5002);
    let running = sam
        .clone()
        .jobs_retry_matching(
            ctx,
            tenant("acme"),
            JobFilter {
                state: Some(centralita_protocol::JobState::Running),
                ..JobFilter::default()
            },
        )
        .await
        .expect_err("running jobs are not retried");
    assert_eq!(running.kind, ErrorKind::InvalidArgument);
    assert_eq!(
        running.message,
        "only failed, dead or cancelled jobs can be retried, not running ones"
    );
    assert_eq!(
        running.detail,
        Some(ErrorDetail::Said {
            key: "job_state_not_retriable".into(),
            args: vec!["running".into()],
        })
    );
    let unknown = sam
        .reports(ctx, tenant("acme"), "nope".into(), ReportRange::Days(7))
        .await
        .expect_err("no such report");
    assert_eq!(unknown.kind, ErrorKind::InvalidArgument);
    let Some(ErrorDetail::Said { key, args }) = unknown.detail else {
        panic!("no key: {unknown:?}");
    };
    assert_eq!(key, "unknown_report");
    assert_eq!(
        args[0], r#""nope""#,
        "the name asked for, then the reports there are"
    );
    assert!(unknown.message.ends_with(&args[1]), "{}", unknown.message);
    let gone = world
        .as_user("sam", 5002)
        .invoices_upload_finish(ctx, centralita_protocol::UploadId(77))
        .await
        .expect_err("no such upload");
    assert_eq!(
        gone.kind,
        ErrorKind::NotFound,
        "a missing thing keeps its kind"
    );
    assert_eq!(
        gone.detail,
        Some(ErrorDetail::Said {
            key: "upload_unknown".into(),
            args: vec!["77".into()],
        })
    );
}
