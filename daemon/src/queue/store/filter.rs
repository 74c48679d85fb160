//! Which jobs a [`JobFilter`] keeps (the lists, `retry_matching`).

use centralita_protocol::JobFilter;

use super::JobRecord;

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
