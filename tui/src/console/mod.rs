//! The console: one event loop. Terminal keys, change-feed batches, call answers and ticks
//! become [`Event`]s; [`App::update`] turns them into state and [`Effect`]s; effects run here
//! and answer with more events; the screen is drawn from the state after each event.
//!
//! Terminal setup and restore live here only (ratatui's `init` also restores on panic). While
//! the console is up nothing is printed; logs would go to a file.

pub mod app;
pub mod composer;
mod connection_calls;
mod crm_calls;
pub mod effect;
pub mod event;
mod glosa_calls;
pub mod keymap;
pub mod line;
mod mail_calls;
pub mod mode;
pub mod paged;
pub mod theme;
pub mod views;
pub mod widgets;

#[cfg(test)]
mod connections_tests;
#[cfg(test)]
mod crm_tests;
#[cfg(test)]
mod detail_tests;
#[cfg(test)]
mod filter_tests;
#[cfg(test)]
mod glosa_tests;
#[cfg(test)]
mod inbox_tests;
#[cfg(test)]
mod invoice_tests;
#[cfg(test)]
mod mail_tests;
#[cfg(test)]
mod prompt_tests;
#[cfg(test)]
mod spanish_tests;
#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::text;
use centralita_protocol::{
    CentralitaClient, ConversationId, InvoiceId, JobFilter, PageRequest, RpcError, TenantId,
};
use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use futures::StreamExt;
use tarpc::context;
use tokio::sync::mpsc;

use self::app::App;
use self::effect::Effect;
use self::event::{Event, Reply};
use self::theme::Theme;
use self::views::View;
use crate::client::{Client, watch_context};

/// Jobs fetched per page.
const JOBS_PAGE: u32 = 1_000;
/// Messages of a thread the inbox loads.
const THREAD_MESSAGES: u32 = 200;

/// Runs the console on `tenant`, showing times in `zone` (the tenant's), until the operator
/// quits.
pub async fn run(client: Client, tenant: TenantId, zone: jiff::tz::TimeZone) -> anyhow::Result<()> {
    let theme = Theme::from_env();
    let mut app = App::new(
        tenant.clone(),
        client.hello.operator.clone(),
        jiff::Timestamp::now(),
    );
    app.zone = zone;
    let (events, mut inbox) = mpsc::unbounded_channel();
    let mut runner = Runner {
        client: Arc::new(Mutex::new(client)),
        tenant: tenant.clone(),
        events,
        watch_generation: Arc::new(AtomicU64::new(0)),
    };
    runner.follow();
    for effect in app.start() {
        runner.run(effect, app.view);
    }
    let mut terminal = ratatui::try_init()?;
    let result = async {
        let mut keys = EventStream::new();
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        loop {
            terminal.draw(|frame| views::draw(frame, &app, theme))?;
            let event = tokio::select! {
                Some(Ok(term)) = keys.next() => match term {
                    TermEvent::Key(key) if key.kind == KeyEventKind::Press => Event::Key(key),
                    _ => continue,
                },
                Some(event) = inbox.recv() => event,
                _ = tick.tick() => Event::Tick(jiff::Timestamp::now()),
            };
            for effect in app.update(event) {
                runner.run(effect, app.view);
            }
            if app.should_quit {
                return Ok::<(), anyhow::Error>(());
            }
        }
    }
    .await;
    ratatui::restore();
    result
}

/// Runs effects against the daemon and reports back as events.
struct Runner {
    /// Replaced by the follower after a reconnect, so later calls use the new connection.
    client: Arc<Mutex<Client>>,
    tenant: TenantId,
    events: mpsc::UnboundedSender<Event>,
    /// Bumped to stop the current change-feed follower, and on every tenant switch so answers
    /// to calls made for the previous tenant are dropped instead of shown.
    watch_generation: Arc<AtomicU64>,
}

impl Runner {
    /// Makes the call `effect` asks for, from view `from`, and sends its answer back.
    fn run(&mut self, effect: Effect, from: View) {
        if let Effect::SwitchTenant(tenant) = effect {
            self.tenant = tenant;
            self.follow();
            return;
        }
        if effect == Effect::Quit {
            self.watch_generation.fetch_add(1, Ordering::SeqCst);
            return;
        }
        let client = self
            .client
            .lock()
            .expect("client lock is never poisoned")
            .clone();
        let (tenant, events) = (self.tenant.clone(), self.events.clone());
        let (generation, current) = (
            self.watch_generation.load(Ordering::SeqCst),
            Arc::clone(&self.watch_generation),
        );
        let progress = Progress {
            events: events.clone(),
            current: Arc::clone(&current),
            generation,
        };
        tokio::spawn(async move {
            let reply = call(&client, tenant, effect, &progress).await;
            if current.load(Ordering::SeqCst) != generation {
                return;
            }
            let event = match reply {
                Ok(reply) => Event::Answer { reply, from },
                Err(Call::Rpc(error)) => Event::Answer {
                    reply: Reply::Failed(error),
                    from,
                },
                Err(Call::Transport) => Event::Connection(false),
            };
            let _ = events.send(event);
        });
    }

    /// Follows `tenant`'s change feed with long polls; on a broken connection, reconnects
    /// every second and tells the app when it is back.
    fn follow(&mut self) {
        let generation = self.watch_generation.fetch_add(1, Ordering::SeqCst) + 1;
        let current = Arc::clone(&self.watch_generation);
        let shared = Arc::clone(&self.client);
        let mut client = shared
            .lock()
            .expect("client lock is never poisoned")
            .clone();
        let (tenant, events) = (self.tenant.clone(), self.events.clone());
        tokio::spawn(async move {
            let mut since = 0;
            let mut first = true;
            while current.load(Ordering::SeqCst) == generation {
                match client
                    .rpc
                    .watch(watch_context(), tenant.clone(), since)
                    .await
                {
                    Ok(Ok(batch)) => {
                        if !first && (batch.reset || !batch.changes.is_empty()) {
                            let _ = events.send(Event::Changes);
                        }
                        first = false;
                        since = batch.last_seq;
                    }
                    Ok(Err(error)) => {
                        let _ = events.send(Event::Reply(Reply::Failed(error)));
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                    Err(_) => {
                        let _ = events.send(Event::Connection(false));
                        client = reconnect(&client, &current, generation).await;
                        *shared.lock().expect("client lock is never poisoned") = client.clone();
                        let _ = events.send(Event::Connection(true));
                        first = true;
                    }
                }
            }
        });
    }
}

/// Tries to connect again every second until it works (or this follower is replaced).
async fn reconnect(old: &Client, current: &AtomicU64, generation: u64) -> Client {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        if current.load(Ordering::SeqCst) != generation {
            return old.clone();
        }
        if let Ok(client) = Client::connect(&old.socket).await {
            return client;
        }
    }
}

enum Call {
    Rpc(RpcError),
    Transport,
}

/// Tells the app how a long call is going, while its tenant is still the one on screen.
struct Progress {
    events: mpsc::UnboundedSender<Event>,
    current: Arc<AtomicU64>,
    generation: u64,
}

impl Progress {
    fn say(&self, message: String) {
        if self.current.load(Ordering::SeqCst) == self.generation {
            let _ = self.events.send(Event::Reply(Reply::Progress(message)));
        }
    }
}

/// What an RPC comes back with: the daemon's answer, or the transport's error.
type Answered<T> = Result<Result<T, RpcError>, tarpc::client::RpcError>;

/// What running an effect comes to: the reply for the app, or why the call failed.
type Answer = Result<Reply, Call>;

/// The daemon's answer to a call, or why there is none.
fn answer<T>(result: Answered<T>) -> Result<T, Call> {
    match result {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(Call::Rpc(error)),
        Err(_) => Err(Call::Transport),
    }
}

/// A call that changes something, answered with the line the status bar says: `say` makes it
/// from what the daemon sent back (the job retried, the tenant created…).
fn done<T>(result: Answered<T>, say: impl FnOnce(T) -> String) -> Answer {
    answer(result).map(|value| Reply::Done(say(value)))
}

/// A page of [`JOBS_PAGE`] rows of a list of jobs or invoices: the first, or the one before
/// `before` (appended to the list).
fn page_before(before: Option<u64>) -> PageRequest {
    PageRequest {
        before,
        limit: JOBS_PAGE,
    }
}

/// A page of jobs: the first, or the one before `before` (appended to the list).
async fn load_jobs(
    rpc: &CentralitaClient,
    tenant: TenantId,
    filter: JobFilter,
    before: Option<u64>,
) -> Answer {
    let request = page_before(before);
    let page = answer(
        rpc.jobs_list(context::current(), tenant, filter, request)
            .await,
    )?;
    Ok(Reply::Jobs {
        page,
        append: before.is_some(),
    })
}

async fn call(client: &Client, tenant: TenantId, effect: Effect, progress: &Progress) -> Answer {
    let rpc = &client.rpc;
    let ctx = context::current();
    Ok(match effect {
        Effect::LoadDashboard => {
            Reply::Dashboard(Box::new(answer(rpc.dashboard(ctx, tenant).await)?))
        }
        Effect::LoadJobs { filter, before } => load_jobs(rpc, tenant, filter, before).await?,
        Effect::LoadJob(id) => Reply::Job(Box::new(answer(rpc.jobs_show(ctx, tenant, id).await)?)),
        Effect::LoadQueues => Reply::Queues(answer(rpc.queues_list(ctx, tenant).await)?),
        Effect::LoadAudit => Reply::Audit(answer(
            rpc.audit_list(ctx, tenant, PageRequest::first(JOBS_PAGE))
                .await,
        )?),
        Effect::LoadTenants => Reply::Tenants(answer(rpc.tenants_list(ctx).await)?),
        Effect::LoadOperators => Reply::Operators(answer(rpc.operators_list(ctx, tenant).await)?),
        Effect::Retry(_)
        | Effect::RetryMatching(_)
        | Effect::Cancel(_)
        | Effect::SetPaused { .. }
        | Effect::AddTenant { .. }
        | Effect::AddOperator { .. }
        | Effect::RemoveOperator(_)
        | Effect::SetTenantZone(_)
        | Effect::SetTenantCurrency(_) => call_admin(rpc, tenant, effect).await?,
        Effect::LoadLeads(_)
        | Effect::LoadContacts(_)
        | Effect::LoadLead(_)
        | Effect::EditLead { .. }
        | Effect::NoteLead { .. }
        | Effect::AddReminder { .. }
        | Effect::EditReminder { .. }
        | Effect::EditContact { .. }
        | Effect::NoteContact { .. }
        | Effect::LoadReport { .. }
        | Effect::LoadReminders
        | Effect::ReminderDone(_)
        | Effect::SnoozeReminder { .. }
        | Effect::LoadFunnel
        | Effect::MoveLead { .. }
        | Effect::AssignConversation { .. }
        | Effect::ChatFileToInvoice(_)
        | Effect::LoadContact(_)
        | Effect::AskMerge { .. }
        | Effect::MergeContacts { .. }
        | Effect::SetConversationState { .. } => crm_calls::call_crm(rpc, tenant, effect).await?,
        Effect::LoadConversations(_)
        | Effect::LoadConversation(_)
        | Effect::MarkRead(_)
        | Effect::SendQuickReply { .. }
        | Effect::PreviewQuickReply { .. }
        | Effect::SendReply { .. }
        | Effect::LoadQuickReplies
        | Effect::LoadWhatsAppTemplates
        | Effect::SendWhatsAppTemplate { .. }
        | Effect::SendFile { .. } => call_inbox(rpc, tenant, effect, progress).await?,
        Effect::LoadInvoices { .. }
        | Effect::LoadInvoice(_)
        | Effect::ConfirmInvoice(_)
        | Effect::RejectInvoice { .. }
        | Effect::RetryInvoice(_)
        | Effect::EditInvoice { .. }
        | Effect::SaveOriginal { .. } => call_invoices(rpc, tenant, effect).await?,
        Effect::LoadConnections
        | Effect::AddConnection { .. }
        | Effect::FinishConnection(_)
        | Effect::TestConnection(_)
        | Effect::RevokeConnection(_)
        | Effect::RemoveConnection(_) => {
            connection_calls::call_connections(rpc, tenant, effect).await?
        }
        Effect::LoadMail { .. }
        | Effect::LoadMailMessage(_)
        | Effect::LoadMailboxes
        | Effect::SyncMailbox { .. }
        | Effect::AddMailbox { .. }
        | Effect::EditMailbox { .. }
        | Effect::RemoveMailbox(_) => mail_calls::call_mail(rpc, tenant, effect).await?,
        Effect::LoadGlosas { .. }
        | Effect::LoadGlosa(_)
        | Effect::AnswerGlosa { .. }
        | Effect::SetGlosaState { .. }
        | Effect::ExportGlosa { .. } => glosa_calls::call_glosas(rpc, tenant, effect).await?,
        Effect::SwitchTenant(_) | Effect::Quit => unreachable!("handled by the runner"),
    })
}

/// The job, queue, tenant and operator changes of [`call`].
async fn call_admin(rpc: &CentralitaClient, tenant: TenantId, effect: Effect) -> Answer {
    let ctx = context::current();
    Ok(match effect {
        Effect::Retry(id) => done(rpc.jobs_retry(ctx, tenant, id).await, |job| {
            text::job_retried(job.id, &job.kind)
        })?,
        Effect::RetryMatching(filter) => done(
            rpc.jobs_retry_matching(ctx, tenant, filter).await,
            text::jobs_retried,
        )?,
        Effect::Cancel(id) => done(rpc.jobs_cancel(ctx, tenant, id).await, |_| {
            text::job_cancelled(id)
        })?,
        Effect::SetPaused { queue, paused } => done(
            rpc.queues_set_paused(ctx, queue.clone(), paused).await,
            |_| text::queue_paused_now(&queue, paused),
        )?,
        Effect::AddTenant { id, name } => done(rpc.tenants_add(ctx, id, name).await, |tenant| {
            text::tenant_created(&tenant.id, &tenant.name)
        })?,
        Effect::AddOperator { user, role } => done(
            rpc.operators_add(ctx, tenant, user, role).await,
            |operator| text::operator_role_set(&operator.user, operator.role, &operator.tenant),
        )?,
        Effect::SetTenantZone(zone) => {
            done(rpc.tenants_set_zone(ctx, tenant, zone).await, |tenant| {
                text::zone_set(tenant.id.as_str(), &tenant.zone)
            })?
        }
        Effect::SetTenantCurrency(currency) => done(
            rpc.tenants_set_currency(ctx, tenant, currency).await,
            |tenant| text::currency_set(tenant.id.as_str(), &tenant.currency),
        )?,
        Effect::RemoveOperator(user) => done(
            rpc.operators_remove(ctx, tenant.clone(), user.clone())
                .await,
            |()| text::operator_removed(&user, &tenant),
        )?,
        _ => unreachable!("not an admin effect"),
    })
}

/// The inbox effects of [`call`].
async fn call_inbox(
    rpc: &CentralitaClient,
    tenant: TenantId,
    effect: Effect,
    progress: &Progress,
) -> Answer {
    let ctx = context::current();
    Ok(match effect {
        Effect::SendFile {
            conversation,
            path,
            caption,
        } => send_file(rpc, tenant, conversation, &path, caption, progress).await?,
        Effect::LoadConversations(filter) => Reply::Conversations(
            answer(
                rpc.conversations_list(ctx, tenant, filter, PageRequest::first(JOBS_PAGE))
                    .await,
            )?
            .conversations,
        ),
        Effect::LoadConversation(id) => Reply::Conversation(Box::new(answer(
            rpc.conversations_show(ctx, tenant, id, THREAD_MESSAGES)
                .await,
        )?)),
        Effect::MarkRead(id) => {
            answer(rpc.conversations_mark_read(ctx, tenant, id).await)?;
            // The change feed brings the new counts.
            Reply::Nothing
        }
        Effect::PreviewQuickReply { conversation, name } => Reply::QuickReplyPreview {
            text: answer(
                rpc.quick_replies_preview(ctx, tenant, conversation, name.clone())
                    .await,
            )?,
            conversation,
            name,
        },
        Effect::SendQuickReply { conversation, name } => Reply::Sent {
            conversation,
            message: answer(
                rpc.conversations_send_quick_reply(ctx, tenant, conversation, name)
                    .await,
            )?,
            draft: None,
        },
        Effect::SendReply { conversation, text } => Reply::Sent {
            conversation,
            message: answer(
                rpc.conversations_send(ctx, tenant, conversation, text.clone())
                    .await,
            )?,
            draft: Some(text),
        },
        Effect::SendWhatsAppTemplate {
            conversation,
            name,
            language,
            variables,
        } => Reply::Sent {
            conversation,
            message: answer(
                rpc.conversations_send_whatsapp_template(
                    ctx,
                    tenant,
                    conversation,
                    name,
                    language,
                    variables,
                )
                .await,
            )?,
            draft: None,
        },
        Effect::LoadQuickReplies => {
            Reply::QuickReplies(answer(rpc.quick_replies_list(ctx, tenant).await)?)
        }
        Effect::LoadWhatsAppTemplates => {
            Reply::WhatsAppTemplates(answer(rpc.whatsapp_templates_list(ctx, tenant).await)?)
        }
        other => unreachable!("not an inbox effect: {other:?}"),
    })
}

/// Uploads the file at `path` (as typed: `~` is home) with its progress on the status line,
/// then sends it on the conversation.
async fn send_file(
    rpc: &CentralitaClient,
    tenant: TenantId,
    conversation: ConversationId,
    path: &str,
    caption: Option<String>,
    progress: &Progress,
) -> Answer {
    let path = crate::upload::expand_home(path);
    let uploaded = crate::upload::upload(rpc, &tenant, &path, |name, sent, total| {
        progress.say(crate::text::uploading(
            name,
            Some(sent * 100 / total.max(1)),
        ));
    })
    .await;
    let upload = match uploaded {
        Ok(uploaded) => uploaded.upload,
        Err(error) => return transfer_failed(error),
    };
    let message = answer(
        rpc.conversations_send_file(
            context::current(),
            tenant,
            conversation,
            upload,
            caption.clone(),
        )
        .await,
    )?;
    Ok(Reply::Sent {
        conversation,
        message,
        draft: caption,
    })
}

/// The invoice effects of [`call`].
async fn call_invoices(rpc: &CentralitaClient, tenant: TenantId, effect: Effect) -> Answer {
    let ctx = context::current();
    Ok(match effect {
        Effect::LoadInvoices { filter, before } => {
            let page = answer(
                rpc.invoices_list(ctx, tenant.clone(), filter, page_before(before))
                    .await,
            )?;
            let counts = answer(rpc.invoices_summary(context::current(), tenant).await)?;
            Reply::Invoices {
                page,
                counts,
                append: before.is_some(),
            }
        }
        Effect::LoadInvoice(id) => {
            Reply::Invoice(Box::new(answer(rpc.invoices_show(ctx, tenant, id).await)?))
        }
        Effect::ConfirmInvoice(id) => done(rpc.invoices_confirm(ctx, tenant, id).await, |_| {
            text::invoice_now(id, text::INVOICE_CONFIRMED)
        })?,
        Effect::RejectInvoice { id, reason } => {
            done(rpc.invoices_reject(ctx, tenant, id, reason).await, |_| {
                text::invoice_now(id, text::INVOICE_REJECTED)
            })?
        }
        Effect::RetryInvoice(id) => done(rpc.invoices_retry(ctx, tenant, id).await, |_| {
            text::invoice_now(id, text::BEING_READ_AGAIN)
        })?,
        Effect::EditInvoice { id, field, value } => {
            let edit = centralita_protocol::InvoiceEdit {
                fields: [(field, value)].into(),
                line_items: None,
            };
            answer(rpc.invoices_edit(ctx, tenant, id, edit).await)?;
            Reply::Done(text::invoice_field_saved(id, field))
        }
        Effect::SaveOriginal { id, path } => save_original(rpc, tenant, id, &path).await?,
        other => unreachable!("not an invoice effect: {other:?}"),
    })
}

/// Downloads an invoice's original into `path` (as typed: `~` is the home folder; never over an
/// existing file).
async fn save_original(
    rpc: &CentralitaClient,
    tenant: TenantId,
    id: InvoiceId,
    path: &str,
) -> Answer {
    let original = match crate::upload::download_original(rpc, &tenant, id).await {
        Ok(original) => original,
        Err(error) => return transfer_failed(error),
    };
    Ok(match save_new_file(path, &original.bytes) {
        Ok(path) => Reply::Done(text::original_written(
            id,
            original.bytes.len(),
            path.display(),
        )),
        Err(error) => Reply::Failed(error),
    })
}

/// A file that did not get through: a file here that cannot be read is the operator's to fix
/// (said on the status line); the rest is the call's.
fn transfer_failed(error: crate::upload::TransferError) -> Answer {
    use crate::upload::TransferError;
    match error {
        TransferError::Read { .. } => Ok(Reply::Failed(RpcError::invalid(error.to_string()))),
        TransferError::Rpc(error) => Err(Call::Rpc(error)),
        TransferError::Transport(_) => Err(Call::Transport),
        TransferError::BadChunk => Err(Call::Rpc(RpcError::new(
            centralita_protocol::ErrorKind::Internal,
            error.to_string(),
        ))),
    }
}

/// Writes `bytes` into a new file at `path` as typed at a prompt (`~` is the home folder),
/// never over an existing one (the invoice's original, a glosa's answer). Where it went, or
/// why it did not.
fn save_new_file(path: &str, bytes: &[u8]) -> Result<std::path::PathBuf, RpcError> {
    let path = crate::upload::expand_home(path);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, bytes))
        .map(|()| path.clone())
        .map_err(|error| {
            RpcError::new(
                centralita_protocol::ErrorKind::InvalidArgument,
                text::saving_failed(&path.display(), &error),
            )
        })
}
