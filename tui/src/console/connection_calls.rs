//! The connections effects of the event loop's [`call`](super::call): each one RPC, its answer
//! as a [`Reply`].

use centralita_protocol::{CentralitaClient, TenantId};
use tarpc::context;

use super::effect::Effect;
use super::event::Reply;
use super::{Answer, answer, done};
use crate::text;

/// Runs a connections effect for `tenant`.
pub(super) async fn call_connections(
    rpc: &CentralitaClient,
    tenant: TenantId,
    effect: Effect,
) -> Answer {
    let ctx = context::current();
    Ok(match effect {
        Effect::LoadConnections => {
            Reply::Connections(answer(rpc.connections_list(ctx, tenant).await)?)
        }
        Effect::AddConnection {
            provider,
            reauthorize,
        } => Reply::Authorization(answer(
            rpc.connections_add(ctx, tenant, provider, reauthorize)
                .await,
        )?),
        Effect::FinishConnection(url) => done(
            rpc.connections_finish(ctx, tenant, url).await,
            |connection| text::connection_finishing(connection.id),
        )?,
        Effect::TestConnection(id) => done(rpc.connections_test(ctx, tenant, id).await, |job| {
            text::connection_test_queued(id, job.0)
        })?,
        Effect::RevokeConnection(id) => {
            done(rpc.connections_revoke(ctx, tenant, id).await, |_| {
                text::connection_revoked(id)
            })?
        }
        Effect::RemoveConnection(id) => {
            done(rpc.connections_remove(ctx, tenant, id).await, |()| {
                text::connection_removed(id)
            })?
        }
        other => unreachable!("not a connections effect: {other:?}"),
    })
}
