//! What the CLI (`centralita glosas`) and the console (`:glosas`) read alike about glosas: the
//! states an operator types, the three decisions and the response made of them, and the two
//! formats an answer exports to. How these read on screen is in `text`.
//!
//! Plain functions over the protocol's types: no client, no terminal.

use centralita_protocol::{Decision, GlosaState, ItemResponse};

/// The states in which the answer clock runs: nobody answered yet.
pub fn is_open(state: GlosaState) -> bool {
    matches!(state, GlosaState::Received | GlosaState::InReview)
}

/// Every state, in the order a glosa goes through them.
pub const STATES: [GlosaState; 4] = [
    GlosaState::Received,
    GlosaState::InReview,
    GlosaState::Answered,
    GlosaState::Closed,
];

/// A state as typed: its name or the start of it (`in-review`, `review`… not: `rev` is
/// `received`'s start too, so it is refused).
pub fn parse_state(typed: &str) -> Result<GlosaState, String> {
    let typed = typed.trim().to_lowercase().replace(['-', ' '], "_");
    let bad = || crate::text::need_glosa_state(&typed);
    if typed.is_empty() {
        return Err(bad());
    }
    if let Some(state) = STATES.into_iter().find(|state| state.as_str() == typed) {
        return Ok(state);
    }
    let mut matches = STATES.into_iter().filter(|state| {
        let name = state.as_str();
        name.starts_with(&typed)
            || name
                .strip_prefix("in_")
                .is_some_and(|rest| rest.starts_with(&typed))
    });
    match (matches.next(), matches.next()) {
        (Some(state), None) => Ok(state),
        _ => Err(bad()),
    }
}

/// What the clinic says to an item, as an operator picks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DecisionWord {
    /// The objection stands in full.
    Accepted,
    /// Part of the objection stands: say how much is accepted (`--value`).
    Partial,
    /// The charge stands in full: the objection is answered.
    NotAccepted,
}

impl DecisionWord {
    pub const ALL: [DecisionWord; 3] = [Self::Accepted, Self::Partial, Self::NotAccepted];

    /// The word the CLI and the console's form take.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Partial => "partial",
            Self::NotAccepted => "not-accepted",
        }
    }

    /// A decision as typed in the console's form: its word or the start of it (`a`, `p`,
    /// `n`), any case, `_` or a space for the `-`.
    pub fn parse(typed: &str) -> Result<Self, String> {
        let typed = typed.trim().to_lowercase().replace(['_', ' '], "-");
        // The protocol's name for it.
        let typed = if typed == "partially-accepted" {
            "partial"
        } else {
            typed.as_str()
        };
        if typed.is_empty() {
            return Err(crate::text::NEED_DECISION.to_string());
        }
        Self::ALL
            .into_iter()
            .find(|word| word.as_str().starts_with(typed))
            .ok_or_else(|| crate::text::NEED_DECISION.to_string())
    }

    /// The word of a decision the daemon sent.
    pub fn of(decision: &Decision) -> Option<Self> {
        match decision {
            Decision::Accepted => Some(Self::Accepted),
            Decision::PartiallyAccepted { .. } => Some(Self::Partial),
            Decision::NotAccepted => Some(Self::NotAccepted),
            _ => None,
        }
    }
}

/// A response from what the operator typed: the code in capitals, a justification, and a
/// value for a partial decision only (a decimal with `.`, as the daemon takes it). The error
/// says what to type instead.
pub fn response(
    decision: DecisionWord,
    code: &str,
    justification: &str,
    value: Option<&str>,
) -> Result<ItemResponse, String> {
    let code = code.trim().to_uppercase();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(crate::text::NEED_RESPONSE_CODE.to_string());
    }
    let justification = justification.trim();
    if justification.is_empty() {
        return Err(crate::text::NEED_JUSTIFICATION.to_string());
    }
    let value = value.map(str::trim).filter(|value| !value.is_empty());
    let decision = match (decision, value) {
        (DecisionWord::Partial, Some(value)) if is_decimal(value) => Decision::PartiallyAccepted {
            value: value.to_owned(),
        },
        (DecisionWord::Partial, _) => return Err(crate::text::NEED_ACCEPTED_VALUE.to_string()),
        (_, Some(_)) => return Err(crate::text::VALUE_ONLY_FOR_PARTIAL.to_string()),
        (DecisionWord::Accepted, None) => Decision::Accepted,
        (DecisionWord::NotAccepted, None) => Decision::NotAccepted,
    };
    Ok(ItemResponse {
        decision,
        code,
        justification: justification.to_owned(),
    })
}

/// `60000` or `60000.50`: digits, then maybe a `.` and more digits.
fn is_decimal(value: &str) -> bool {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, "0"));
    let digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// What an answer exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    /// The name `glosas_export` takes, which is also the file's extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    /// The format a file name asks for by its extension (`.csv`, `.xlsx`), if any.
    pub fn of_path(path: &str) -> Option<Self> {
        let extension = std::path::Path::new(path.trim())
            .extension()?
            .to_str()?
            .to_lowercase();
        match extension.as_str() {
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text;

    #[test]
    fn states_are_typed_by_name_or_a_start_only_they_have() {
        assert_eq!(parse_state("in_review"), Ok(GlosaState::InReview));
        assert_eq!(parse_state(" In-Review "), Ok(GlosaState::InReview));
        assert_eq!(parse_state("review"), Ok(GlosaState::InReview));
        assert_eq!(parse_state("rec"), Ok(GlosaState::Received));
        assert_eq!(parse_state("a"), Ok(GlosaState::Answered));
        assert_eq!(parse_state("closed"), Ok(GlosaState::Closed));
        assert!(parse_state("re").is_err(), "received or review");
        assert!(parse_state("open").is_err());
        assert!(parse_state("").is_err());
    }

    #[test]
    fn decisions_are_typed_by_word_or_first_letters() {
        assert_eq!(DecisionWord::parse("a"), Ok(DecisionWord::Accepted));
        assert_eq!(DecisionWord::parse("Partial"), Ok(DecisionWord::Partial));
        assert_eq!(
            DecisionWord::parse("partially accepted"),
            Ok(DecisionWord::Partial)
        );
        assert_eq!(
            DecisionWord::parse("not_accepted"),
            Ok(DecisionWord::NotAccepted)
        );
        assert_eq!(DecisionWord::parse("n"), Ok(DecisionWord::NotAccepted));
        assert!(DecisionWord::parse("yes").is_err());
        assert!(DecisionWord::parse(" ").is_err());
    }

    #[test]
    fn a_response_needs_a_code_a_justification_and_a_value_only_when_partial() {
        assert_eq!(
            response(
                DecisionWord::NotAccepted,
                " re9901 ",
                " se adjunta autorización ",
                None
            ),
            Ok(ItemResponse {
                decision: Decision::NotAccepted,
                code: "RE9901".into(),
                justification: "se adjunta autorización".into(),
            })
        );
        assert_eq!(
            response(DecisionWord::Partial, "RE9801", "tarifa", Some("60000.50"))
                .map(|response| response.decision),
            Ok(Decision::PartiallyAccepted {
                value: "60000.50".into()
            })
        );
        let refused = |decision, code, justification, value| {
            response(decision, code, justification, value).expect_err("refused")
        };
        assert_eq!(
            refused(DecisionWord::Accepted, "", "x", None),
            text::NEED_RESPONSE_CODE
        );
        assert_eq!(
            refused(DecisionWord::Accepted, "RE 97", "x", None),
            text::NEED_RESPONSE_CODE
        );
        assert_eq!(
            refused(DecisionWord::Accepted, "RE9702", " ", None),
            text::NEED_JUSTIFICATION
        );
        for value in [None, Some(""), Some("60.000,50"), Some("1e3"), Some(".5")] {
            assert_eq!(
                refused(DecisionWord::Partial, "RE9801", "x", value),
                text::NEED_ACCEPTED_VALUE,
                "{value:?}"
            );
        }
        assert_eq!(
            refused(DecisionWord::NotAccepted, "RE9901", "x", Some("10")),
            text::VALUE_ONLY_FOR_PARTIAL
        );
        assert!(
            response(DecisionWord::Accepted, "RE9702", "ok", Some(" ")).is_ok(),
            "a blank value is no value"
        );
    }

    #[test]
    fn the_export_format_is_the_files_extension() {
        assert_eq!(
            ExportFormat::of_path("~/glosa-7.xlsx"),
            Some(ExportFormat::Xlsx)
        );
        assert_eq!(
            ExportFormat::of_path("/tmp/a.CSV "),
            Some(ExportFormat::Csv)
        );
        assert_eq!(ExportFormat::of_path("glosa-7.pdf"), None);
        assert_eq!(ExportFormat::of_path("glosa-7"), None);
    }
}
