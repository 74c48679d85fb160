//! The glosa effects of the event loop's `call`: `glosas_*` calls and the replies they make.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use centralita_protocol::{CentralitaClient, ErrorKind, PageRequest, RpcError, TenantId};
use tarpc::context;

use super::effect::Effect;
use super::event::Reply;
use super::{Answer, Call, answer, done, save_new_file};
use crate::text;

/// Runs a glosa effect.
pub(super) async fn call_glosas(
    rpc: &CentralitaClient,
    tenant: TenantId,
    effect: Effect,
) -> Answer {
    let ctx = context::current();
    Ok(match effect {
        Effect::LoadGlosas { state } => {
            // Every glosa of the state at once: a tenant has hundreds, not millions, and the
            // list is ordered by due date, which an id cursor cannot page.
            let page = PageRequest::first(PageRequest::MAX_LIMIT);
            let glosas = answer(rpc.glosas_list(ctx, tenant, state, page).await)?;
            Reply::Glosas { state, glosas }
        }
        Effect::LoadGlosa(id) => {
            Reply::Glosa(Box::new(answer(rpc.glosas_show(ctx, tenant, id).await)?))
        }
        Effect::AnswerGlosa {
            id,
            index,
            response,
        } => done(
            rpc.glosas_answer(ctx, tenant, id, index, response.clone())
                .await,
            |_| match &response {
                Some(response) => text::glosa_answered(id, index, response),
                None => text::glosa_answer_cleared(id, index),
            },
        )?,
        Effect::SetGlosaState { id, state } => done(
            rpc.glosas_set_state(ctx, tenant, id, state).await,
            |detail| text::glosa_state_set(id, detail.summary.state),
        )?,
        Effect::ExportGlosa { id, format, path } => {
            let export = answer(
                rpc.glosas_export(ctx, tenant, id, format.as_str().to_owned())
                    .await,
            )?;
            let Ok(bytes) = BASE64.decode(&export.data_base64) else {
                return Err(Call::Rpc(RpcError::new(
                    ErrorKind::Internal,
                    crate::text::BAD_EXPORT.get(),
                )));
            };
            match save_new_file(&path, &bytes) {
                Ok(path) => Reply::Done(text::glosa_exported(id, &path, bytes.len())),
                Err(error) => Reply::Failed(error),
            }
        }
        other => unreachable!("not a glosa effect: {other:?}"),
    })
}
