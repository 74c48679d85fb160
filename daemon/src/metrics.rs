//! Placeholder replaced by the webhook helper.
use std::collections::BTreeMap;
#[derive(Default)]
pub struct Metrics;
impl Metrics {
    pub fn record_job_outcome(&self, _queue: &str, _outcome: &str) {}
    pub fn record_webhook(&self, _route: &str, _result: &str) {}
    pub fn render(&self, _counts: &BTreeMap<String, centralita_protocol::StateCounts>) -> String { String::new() }
}
