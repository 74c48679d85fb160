//! Shutdown in two steps. `stop` is cancelled first: listeners stop accepting and workers stop
//! leasing. `abort` is cancelled when the grace period is over: running job attempts are cut
//! short and their leases released. Every long task holds clones and is tracked, so `run` can
//! wait for all of them before it returns.

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

#[derive(Clone, Default)]
pub struct Shutdown {
    pub stop: CancellationToken,
    pub abort: CancellationToken,
    pub tracker: TaskTracker,
}
