//! The mail effects of the event loop's `call`: `mail_*` calls and the replies they make.

use centralita_protocol::{CentralitaClient, PageRequest, TenantId};
use tarpc::context;

use super::effect::Effect;
use super::event::Reply;
use super::{Call, answer};
use crate::text;

/// Mail messages fetched per page.
const MAIL_PAGE: u32 = 1_000;

/// Runs a mail effect.
pub(super) async fn call_mail(
    rpc: &CentralitaClient,
    tenant: TenantId,
    effect: Effect,
) -> Result<Reply, Call> {
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
            let job = answer(rpc.mail_sync(ctx, tenant, id, full).await)?;
            Reply::Done(text::mailbox_sync_queued(id, job.0, full))
        }
        Effect::AddMailbox {
            connection,
            settings,
        } => {
            let mailbox = answer(
                rpc.mail_mailbox_add(ctx, tenant, connection, settings)
                    .await,
            )?;
            Reply::Done(text::mailbox_added(mailbox.id, mailbox.connection))
        }
        Effect::EditMailbox { id, settings } => {
            answer(rpc.mail_mailbox_edit(ctx, tenant, id, settings).await)?;
            Reply::Done(text::mailbox_saved(id))
        }
        Effect::RemoveMailbox(id) => {
            answer(rpc.mail_mailbox_remove(ctx, tenant, id).await)?;
            Reply::Done(text::mailbox_removed(id))
        }
        other => unreachable!("not a mail effect: {other:?}"),
    })
}
