//! The mail effects of the event loop's `call`: `mail_*` calls and the replies they make.

use centralita_protocol::{CentralitaClient, PageRequest, TenantId};
use tarpc::context;

use super::effect::Effect;
use super::event::Reply;
use super::{Answer, answer, done};
use crate::text;

/// Mail messages fetched per page.
const MAIL_PAGE: u32 = 1_000;

/// Runs a mail effect.
pub(super) async fn call_mail(rpc: &CentralitaClient, tenant: TenantId, effect: Effect) -> Answer {
    let ctx = context::current();
    Ok(match effect {
        Effect::LoadMail { mailbox, before } => {
            let page = PageRequest {
                before,
                limit: MAIL_PAGE,
            };
            let messages = answer(rpc.mail_messages(ctx, tenant, mailbox, page).await)?;
            // A full page may have more behind it; the next one starts below its last id.
            let full = messages.len() >= MAIL_PAGE as usize;
            let next = messages.last().filter(|_| full).map(|message| message.id.0);
            Reply::Mail {
                mailbox,
                messages,
                next,
                append: before.is_some(),
            }
        }
        Effect::LoadMailMessage(id) => {
            Reply::MailMessage(Box::new(answer(rpc.mail_message(ctx, tenant, id).await)?))
        }
        Effect::LoadMailboxes => Reply::Mailboxes(answer(rpc.mail_mailboxes(ctx, tenant).await)?),
        Effect::SyncMailbox { id, full } => {
            done(rpc.mail_sync(ctx, tenant, id, full).await, |job| {
                text::mailbox_sync_queued(id, job.0, full)
            })?
        }
        Effect::AddMailbox {
            connection,
            settings,
        } => done(
            rpc.mail_mailbox_add(ctx, tenant, connection, settings)
                .await,
            |mailbox| text::mailbox_added(mailbox.id, mailbox.connection),
        )?,
        Effect::EditMailbox { id, settings } => done(
            rpc.mail_mailbox_edit(ctx, tenant, id, settings).await,
            |_| text::mailbox_saved(id),
        )?,
        Effect::RemoveMailbox(id) => done(rpc.mail_mailbox_remove(ctx, tenant, id).await, |()| {
            text::mailbox_removed(id)
        })?,
        other => unreachable!("not a mail effect: {other:?}"),
    })
}
