//! Exponential backoff with full jitter, never earlier than a provider's Retry-After.

use std::time::Duration;

/// Delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed:
/// a uniform draw in `[0, min(max, base · 2^(attempt-1))]`, raised to `retry_after` if that is
/// later. `unit` is the draw in `[0, 1)`, passed in so the maths is testable.
pub(super) fn delay(
    attempt: u32,
    base: Duration,
    max: Duration,
    retry_after: Option<Duration>,
    unit: f64,
) -> Duration {
    let exponent = attempt.saturating_sub(1).min(32);
    let cap = base.saturating_mul(1u32 << exponent.min(31)).min(max);
    let drawn = cap.mul_f64(unit.clamp(0.0, 1.0));
    retry_after.map_or(drawn, |floor| drawn.max(floor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BASE: Duration = Duration::from_secs(1);
    const MAX: Duration = Duration::from_hours(1);

    #[test]
    fn the_cap_doubles_per_attempt_up_to_the_max() {
        assert_eq!(delay(1, BASE, MAX, None, 1.0), Duration::from_secs(1));
        assert_eq!(delay(2, BASE, MAX, None, 1.0), Duration::from_secs(2));
        assert_eq!(delay(5, BASE, MAX, None, 1.0), Duration::from_secs(16));
        assert_eq!(delay(40, BASE, MAX, None, 1.0), MAX);
    }

    #[test]
    fn retry_after_is_a_floor() {
        let floor = Duration::from_secs(30);
        assert_eq!(delay(1, BASE, MAX, Some(floor), 0.5), floor);
        assert_eq!(delay(20, BASE, MAX, Some(floor), 1.0), MAX);
    }

    proptest! {
        #[test]
        fn delay_stays_within_bounds(attempt in 0u32..1000, unit in 0.0f64..1.0, after in proptest::option::of(0u64..10_000)) {
            let retry_after = after.map(Duration::from_millis);
            let d = delay(attempt, BASE, MAX, retry_after, unit);
            prop_assert!(d <= MAX.max(retry_after.unwrap_or_default()));
            if let Some(floor) = retry_after {
                prop_assert!(d >= floor);
            }
        }
    }
}
