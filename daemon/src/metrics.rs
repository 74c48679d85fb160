//! Counters for `/metrics`, rendered as Prometheus text (format 0.0.4).
//!
//! Two counter families live here, both counted since the daemon started: job attempt outcomes
//! (recorded by `queue/`) and webhook results (recorded by `webhook/`). Job counts by state are
//! not counted here: the store keeps them exact, and [`Metrics::render`] takes them as input.
//! This module knows nothing about HTTP or the store.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock};

use centralita_protocol::{JobState, StateCounts};

/// The daemon's counters. Cheap to record from many tasks at once: a known label pair costs a
/// shared read lock and one atomic add; only the first sighting of a pair takes the write lock.
#[derive(Default)]
pub struct Metrics {
    job_outcomes: CounterFamily,
    webhooks: CounterFamily,
}

impl Metrics {
    /// Counts one finished job attempt of `queue`: `succeeded`, `retried`, `failed`, `dead`, …
    pub fn record_job_outcome(&self, queue: &str, outcome: &str) {
        self.job_outcomes.increment(queue, outcome);
    }

    /// Counts one webhook request on `route` (`sandbox`, …) with its `result`: `accepted`,
    /// `duplicate`, `unauthorized`, `bad_request`, `not_found`, `too_large`, `timeout` or
    /// `unavailable`.
    pub fn record_webhook(&self, route: &str, result: &str) {
        self.webhooks.increment(route, result);
    }

    /// Renders every metric as Prometheus text: `counts` (job counts by queue, all tenants
    /// summed) as one gauge per queue and state, then the counters.
    pub fn render(&self, counts: &BTreeMap<String, StateCounts>) -> String {
        let mut text = String::new();
        text.push_str("# HELP centralita_jobs Jobs by queue and state, all tenants summed.\n");
        text.push_str("# TYPE centralita_jobs gauge\n");
        for (queue, states) in counts {
            for state in JobState::ALL {
                let _ = writeln!(
                    text,
                    "centralita_jobs{{queue=\"{}\",state=\"{}\"}} {}",
                    escape_label(queue),
                    state.as_str(),
                    states.get(state)
                );
            }
        }
        self.job_outcomes.render(
            &mut text,
            "centralita_job_outcomes_total",
            "Finished job attempts by queue and outcome since the daemon started.",
            ("queue", "outcome"),
        );
        self.webhooks.render(
            &mut text,
            "centralita_webhooks_total",
            "Webhook requests by route and result since the daemon started.",
            ("route", "result"),
        );
        text
    }
}

/// One counter metric with two labels, nested so a lookup by `&str` allocates nothing.
#[derive(Default)]
struct CounterFamily {
    counters: RwLock<BTreeMap<String, BTreeMap<String, AtomicU64>>>,
}

impl CounterFamily {
    fn increment(&self, first: &str, second: &str) {
        {
            let counters = self.counters.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(counter) = counters.get(first).and_then(|inner| inner.get(second)) {
                counter.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
        let mut counters = self
            .counters
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        counters
            .entry(first.to_owned())
            .or_default()
            .entry(second.to_owned())
            .or_default()
            .fetch_add(1, Ordering::Relaxed);
    }

    fn render(&self, text: &mut String, name: &str, help: &str, labels: (&str, &str)) {
        let _ = writeln!(text, "# HELP {name} {help}");
        let _ = writeln!(text, "# TYPE {name} counter");
        let counters = self.counters.read().unwrap_or_else(PoisonError::into_inner);
        for (first, inner) in counters.iter() {
            for (second, counter) in inner {
                let _ = writeln!(
                    text,
                    "{name}{{{}=\"{}\",{}=\"{}\"}} {}",
                    labels.0,
                    escape_label(first),
                    labels.1,
                    escape_label(second),
                    counter.load(Ordering::Relaxed)
                );
            }
        }
    }
}

/// Escapes a label value as the text format requires: backslash, double quote and newline.
fn escape_label(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for character in value.chars() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_counts_render_one_gauge_per_queue_and_state() {
        let metrics = Metrics::default();
        let mut counts = BTreeMap::new();
        counts.insert(
            "default".to_owned(),
            StateCounts {
                queued: 3,
                dead: 1,
                ..StateCounts::default()
            },
        );
        let text = metrics.render(&counts);
        assert!(text.contains("# TYPE centralita_jobs gauge\n"));
        assert!(text.contains("centralita_jobs{queue=\"default\",state=\"queued\"} 3\n"));
        assert!(text.contains("centralita_jobs{queue=\"default\",state=\"dead\"} 1\n"));
        assert!(text.contains("centralita_jobs{queue=\"default\",state=\"running\"} 0\n"));
        let gauges = text
            .lines()
            .filter(|line| line.starts_with("centralita_jobs{"))
            .count();
        assert_eq!(gauges, JobState::ALL.len());
    }

    #[test]
    fn counters_add_up_per_label_pair() {
        let metrics = Metrics::default();
        metrics.record_webhook("sandbox", "accepted");
        metrics.record_webhook("sandbox", "accepted");
        metrics.record_webhook("sandbox", "unauthorized");
        metrics.record_job_outcome("default", "succeeded");
        let text = metrics.render(&BTreeMap::new());
        assert!(
            text.contains("centralita_webhooks_total{route=\"sandbox\",result=\"accepted\"} 2\n")
        );
        assert!(
            text.contains(
                "centralita_webhooks_total{route=\"sandbox\",result=\"unauthorized\"} 1\n"
            )
        );
        assert!(text.contains(
            "centralita_job_outcomes_total{queue=\"default\",outcome=\"succeeded\"} 1\n"
        ));
        assert!(text.contains("# TYPE centralita_webhooks_total counter\n"));
        assert!(text.contains("# TYPE centralita_job_outcomes_total counter\n"));
    }

    #[test]
    fn every_metric_has_help_and_type_even_without_samples() {
        let text = Metrics::default().render(&BTreeMap::new());
        for name in [
            "centralita_jobs",
            "centralita_job_outcomes_total",
            "centralita_webhooks_total",
        ] {
            assert!(
                text.contains(&format!("# HELP {name} ")),
                "{name} has no HELP"
            );
            assert!(
                text.contains(&format!("# TYPE {name} ")),
                "{name} has no TYPE"
            );
        }
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn label_values_are_escaped() {
        let metrics = Metrics::default();
        metrics.record_job_outcome("we\"ird\\q\nx", "dead");
        let text = metrics.render(&BTreeMap::new());
        assert!(
            text.contains(r#"{queue="we\"ird\\q\nx",outcome="dead"} 1"#),
            "{text}"
        );
    }

    #[test]
    fn concurrent_increments_are_all_counted() {
        let metrics = std::sync::Arc::new(Metrics::default());
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let metrics = std::sync::Arc::clone(&metrics);
                std::thread::spawn(move || {
                    for _ in 0..1000 {
                        metrics.record_webhook("sandbox", "accepted");
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("thread finished");
        }
        let text = metrics.render(&BTreeMap::new());
        assert!(text.contains("result=\"accepted\"} 4000\n"), "{text}");
    }
}
