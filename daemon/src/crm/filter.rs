//! Matching the CRM lists' filters: whose a record is ([`assignee_matches`]) and the words of a
//! search ([`Search`]). The lists read and filter in one transaction, after the agent's sight.

use centralita_protocol::AssigneeFilter;

use crate::actor::Actor;

/// Whether a record assigned to `assignee` is kept by `filter` (`None` keeps everything);
/// `Me` is `actor`'s own.
pub fn assignee_matches(
    actor: &Actor,
    filter: Option<&AssigneeFilter>,
    assignee: Option<&str>,
) -> bool {
    match filter {
        None => true,
        Some(AssigneeFilter::Me) => assignee == Some(actor.user()),
        Some(AssigneeFilter::Nobody) => assignee.is_none(),
        Some(AssigneeFilter::User(user)) => assignee == Some(user.as_str()),
    }
}

/// The words of a search, lowercased; every one must be in some field of a record.
#[derive(Debug, Clone, Default)]
pub struct Search {
    words: Vec<String>,
}

impl Search {
    pub fn new(text: Option<&str>) -> Self {
        Self {
            words: text
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
        }
    }

    /// No words: everything matches.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every word is in one of `fields` (case-insensitive). A word of digits (a phone
    /// typed with `+`, spaces or dashes) also matches the digits of a field.
    pub fn matches<'a>(&self, fields: impl IntoIterator<Item = &'a str>) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let fields: Vec<String> = fields.into_iter().map(str::to_lowercase).collect();
        self.words.iter().all(|word| {
            let digits = digits(word);
            fields.iter().any(|field| {
                field.contains(word.as_str())
                    || (digits.len() >= 3 && digits.len() * 2 >= word.len() && {
                        digits_of(field).contains(digits.as_str())
                    })
            })
        })
    }
}

fn digits(word: &str) -> String {
    if word
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.'))
    {
        digits_of(word)
    } else {
        String::new()
    }
}

fn digits_of(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_must_be_somewhere() {
        let search = Search::new(Some("María  vip"));
        assert!(search.matches(["maría pérez", "VIP,retail"]));
        assert!(!search.matches(["maría pérez", "retail"]));
        assert!(Search::new(None).matches(["anything"]));
        assert!(Search::new(Some("  ")).is_empty());
    }

    #[test]
    fn phones_match_by_their_digits() {
        let search = Search::new(Some("987-654"));
        assert!(search.matches(["+51 987654321"]));
        assert!(Search::new(Some("+51987")).matches(["+51987654321"]));
        assert!(!Search::new(Some("12")).matches(["+51 9 1 2"]));
    }
}
