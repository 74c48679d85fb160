//! Which jobs a [`JobFilter`] keeps (the lists, `retry_matching`).

use centralita_protocol::said as key;
use centralita_protocol::{JobFilter, JobState};

use super::JobRecord;
use crate::error::{AreaError, said};

/// The states `retry_matching` looks in: the filter's, when an operator may retry it; failed
/// and dead when it names none.
pub(super) fn retried_states(filter: &JobFilter) -> Result<Vec<JobState>, AreaError> {
    match filter.state {
        Some(state) if state.is_retryable_by_operator() => Ok(vec![state]),
        Some(state) => Err(said!(
            key::JOB_STATE_NOT_RETRIABLE,
            "only failed, dead or cancelled jobs can be retried, not {0} ones",
            state
        )
        .invalid()),
        None => Ok(vec![JobState::Failed, JobState::Dead]),
    }
}

impl JobRecord {
    /// Whether the job is one `filter` asks for.
    pub(super) fn matches(&self, filter: &JobFilter) -> bool {
        filter.state.is_none_or(|state| state == self.state)
            && filter
                .queue
                .as_deref()
                .is_none_or(|queue| queue == self.queue)
            && filter.kind.as_deref().is_none_or(|kind| kind == self.kind)
            && filter.error_text.as_deref().is_none_or(|text| {
                self.last_error
                    .as_deref()
                    .is_some_and(|error| error.to_lowercase().contains(&text.to_lowercase()))
            })
            && filter
                .text
                .as_deref()
                .is_none_or(|text| self.has_words(text))
    }

    /// Every word of `text` is somewhere in the job's row as the lists show it (any case).
    fn has_words(&self, text: &str) -> bool {
        let row = format!(
            "{} {} {} {} {} {}",
            self.id,
            self.state.as_str(),
            self.queue,
            self.kind,
            self.schedule.as_deref().unwrap_or_default(),
            self.last_error.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        text.split_whitespace()
            .all(|word| row.contains(&word.to_lowercase()))
    }
}
