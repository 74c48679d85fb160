//! Gmail's per-user quota (15,000 units a minute; a list or a get costs 5, a history page 2),
//! kept by waiting before a call rather than by errors. One bucket per connection, in memory:
//! after a restart the first minute may spend a little more, and Google's 429 still applies.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Units per call (providers.md §5).
pub(super) const LIST: u32 = 5;
pub(super) const GET: u32 = 5;
pub(super) const HISTORY: u32 = 2;
pub(super) const LABELS: u32 = 1;
pub(super) const PROFILE: u32 = 1;

/// A token bucket per key: `per_minute` units a minute, bursts up to a quarter of that.
pub(super) struct Quota {
    per_minute: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    units: f64,
    at: Instant,
}

impl Quota {
    pub(super) fn new(per_minute: u32) -> Self {
        Self {
            per_minute: f64::from(per_minute.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn burst(&self) -> f64 {
        (self.per_minute / 4.0).max(f64::from(GET))
    }

    /// Takes `units` under `key` at `now`, or says how long until they are there (taking
    /// nothing).
    pub(super) fn take(&self, key: &str, units: u32, now: Instant) -> Result<(), Duration> {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let burst = self.burst();
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            units: burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.units = (bucket.units + elapsed * self.per_minute / 60.0).min(burst);
        bucket.at = now;
        let units = f64::from(units);
        if bucket.units >= units {
            bucket.units -= units;
            return Ok(());
        }
        let missing = units - bucket.units;
        Err(Duration::from_secs_f64(missing * 60.0 / self.per_minute))
    }

    /// Waits until `units` are there under `key`, then takes them.
    pub(super) async fn spend(&self, key: &str, units: u32) {
        while let Err(wait) = self.take(key, units, Instant::now()) {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minute_of_15000_units_lets_50_gets_a_second_after_the_burst() {
        let quota = Quota::new(15_000);
        let start = Instant::now();
        // The burst: a quarter of a minute's units.
        for _ in 0..750 {
            assert_eq!(quota.take("c1", GET, start), Ok(()));
        }
        let wait = quota
            .take("c1", GET, start)
            .expect_err("the burst is spent");
        assert_eq!(wait, Duration::from_millis(20), "5 units at 250 a second");
        // Another connection has its own bucket.
        assert_eq!(quota.take("c2", GET, start), Ok(()));
        let later = start + Duration::from_secs(1);
        for _ in 0..50 {
            assert_eq!(quota.take("c1", GET, later), Ok(()));
        }
        assert!(quota.take("c1", GET, later).is_err(), "250 units a second");
    }
}
