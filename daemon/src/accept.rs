//! What a listener does when `accept` fails (out of file handles, mostly): it waits before the
//! next try instead of spinning, and logs at most once every 10 seconds with how many failures
//! there were since, so a full process table cannot also fill the disk with log lines.

use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// The pause after a failed accept.
const PAUSE: Duration = Duration::from_millis(100);
/// At most one log line per this long.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// The accept failures of one listener.
pub struct AcceptFailures {
    what: &'static str,
    logged_at: Option<Instant>,
    unlogged: u64,
}

impl AcceptFailures {
    /// `what` names the listener in the log (`console`, `webhook`).
    pub fn new(what: &'static str) -> Self {
        Self {
            what,
            logged_at: None,
            unlogged: 0,
        }
    }

    /// Counts a failure, logs it if the last line is old enough, and waits [`PAUSE`]. Returns
    /// `true` when `shutdown` came meanwhile (stop accepting).
    pub async fn failed(&mut self, error: &std::io::Error, shutdown: &CancellationToken) -> bool {
        self.unlogged += 1;
        let now = Instant::now();
        if self
            .logged_at
            .is_none_or(|at| now.duration_since(at) >= LOG_EVERY)
        {
            tracing::warn!(
                %error,
                listener = self.what,
                failures = self.unlogged,
                "accepting a connection failed; retrying every 100 ms"
            );
            self.logged_at = Some(now);
            self.unlogged = 0;
        }
        tokio::select! {
            () = shutdown.cancelled() => true,
            () = tokio::time::sleep(PAUSE) => false,
        }
    }

    /// Failures not logged yet (since the last line).
    pub fn unlogged(&self) -> u64 {
        self.unlogged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_failing_accept_waits_between_tries_and_logs_once_per_ten_seconds() {
        let mut failures = AcceptFailures::new("console");
        let stop = CancellationToken::new();
        let error = std::io::Error::from_raw_os_error(24); // EMFILE
        let start = Instant::now();
        for _ in 0..50 {
            assert!(!failures.failed(&error, &stop).await);
        }
        // 50 tries took 5 s of (paused) time: no spinning.
        assert_eq!(start.elapsed(), Duration::from_secs(5));
        assert_eq!(
            failures.unlogged(),
            49,
            "one line for the first, none since"
        );
        for _ in 0..60 {
            failures.failed(&error, &stop).await;
        }
        assert!(failures.unlogged() < 60, "a second line after 10 s");
        stop.cancel();
        assert!(
            failures.failed(&error, &stop).await,
            "shutdown ends the wait"
        );
    }
}
