//! `watch`: a long poll on the change feed. It answers as soon as the tenant has changes after
//! the client's seq, or with an empty batch after [`WATCH_HOLD`] (well under tarpc's deadline).

use centralita_protocol::{ChangeBatch, WATCH_HOLD};

use crate::actor::Actor;
use crate::error::AreaError;
use crate::store::{Store, StoreError};

/// Most changes one answer carries.
const WATCH_BATCH: usize = 1_000;

/// Changes of the actor's tenant after `since_seq`, waiting up to [`WATCH_HOLD`] for some.
pub(super) async fn changes(
    store: &Store,
    actor: &Actor,
    since_seq: u64,
) -> Result<ChangeBatch, AreaError> {
    let deadline = tokio::time::Instant::now() + WATCH_HOLD;
    let mut signal = store.change_signal();
    loop {
        signal.borrow_and_update();
        let id = actor.tenant.clone();
        let (changes, oldest, last) = store
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
