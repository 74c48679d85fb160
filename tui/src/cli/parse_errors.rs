//! clap's usage errors in Spanish (`centralita --lang es jobs lst`): the same facts clap's
//! own formatter writes (what is wrong, the values or subcommands it takes, a similar name,
//! the usage line, where the help is), in the words of `text::cli_help::errors`. English
//! runs keep clap's formatter.

use std::fmt::Write as _;

use clap::builder::styling::Style;
use clap::builder::{StyledStr, Styles};
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};

use crate::text::{self, fill};

/// clap's `RichFormatter` in Spanish.
pub struct Spanish;

impl ErrorFormatter for Spanish {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let styles = Styles::default();
        let error_style = styles.get_error();
        let mut out = format!("{error_style}error:{error_style:#} ");
        // A kind without the context its sentence needs (clap always gives it; an error made
        // by hand may not) says what the error itself says.
        out.push_str(
            &sentence(error, &styles).unwrap_or_else(|| match std::error::Error::source(error) {
                Some(source) => source.to_string(),
                None => text::PARSE_OTHER_ES.to_owned(),
            }),
        );
        push_tips(&mut out, error, styles.get_valid());
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage
                .ansi()
                .to_string()
                .replacen("Usage:", text::HELP_USAGE_ES, 1);
            let _ = write!(out, "\n\n{usage}");
        }
        let literal = styles.get_literal();
        let help = format!("{literal}--help{literal:#}");
        let _ = writeln!(out, "\n\n{}", fill(text::PARSE_MORE_ES, &[help]));
        StyledStr::from(out)
    }
}

/// What is wrong, the first line of the error (and the lines of values or arguments it lists).
fn sentence(error: &clap::error::Error<Spanish>, styles: &Styles) -> Option<String> {
    let (bad, good) = (styles.get_invalid(), styles.get_valid());
    let literal = styles.get_literal();
    let quoted = |style: &Style, text: &str| format!("{style}{text}{style:#}");
    let string = |kind| match error.get(kind) {
        Some(ContextValue::String(value)) => Some(value.as_str()),
        _ => None,
    };
    let number = |kind| match error.get(kind) {
        Some(ContextValue::Number(value)) => Some(value.to_string()),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg).map(|arg| quoted(literal, arg));
    let value = string(ContextKind::InvalidValue);

    match error.kind() {
        ErrorKind::UnknownArgument => string(ContextKind::InvalidArg)
            .map(|arg| fill(text::PARSE_UNEXPECTED_ARGUMENT_ES, &[quoted(bad, arg)])),
        ErrorKind::InvalidSubcommand => string(ContextKind::InvalidSubcommand)
            .map(|sub| fill(text::PARSE_UNKNOWN_SUBCOMMAND_ES, &[quoted(bad, sub)])),
        ErrorKind::InvalidValue => match (arg, value) {
            (Some(arg), Some("")) => Some(fill(text::PARSE_VALUE_MISSING_ES, &[arg])),
            (Some(arg), Some(value)) => {
                let mut line = fill(text::PARSE_INVALID_VALUE_ES, &[quoted(bad, value), arg]);
                push_list(
                    &mut line,
                    text::PARSE_POSSIBLE_VALUES_ES,
                    error.get(ContextKind::ValidValue),
                    good,
                );
                Some(line)
            }
            _ => None,
        },
        ErrorKind::ValueValidation => match (arg, value) {
            (Some(arg), Some(value)) => {
                let mut line = fill(text::PARSE_INVALID_VALUE_ES, &[quoted(bad, value), arg]);
                if let Some(source) = std::error::Error::source(error) {
                    let _ = write!(line, ": {}", reason(source));
                }
                Some(line)
            }
            _ => None,
        },
        ErrorKind::MissingRequiredArgument => match error.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(args)) => {
                let mut line = text::PARSE_REQUIRED_MISSING_ES.to_owned();
                for arg in args {
                    let _ = write!(line, "\n  {}", quoted(good, arg));
                }
                Some(line)
            }
            _ => None,
        },
        ErrorKind::MissingSubcommand => string(ContextKind::InvalidSubcommand).map(|sub| {
            let mut line = fill(text::PARSE_SUBCOMMAND_MISSING_ES, &[quoted(bad, sub)]);
            push_list(
                &mut line,
                text::PARSE_SUBCOMMANDS_ES,
                error.get(ContextKind::ValidSubcommand),
                good,
            );
            line
        }),
        ErrorKind::ArgumentConflict => Some(conflict(error, bad)),
        ErrorKind::NoEquals => arg.map(|arg| fill(text::PARSE_NO_EQUALS_ES, &[arg])),
        ErrorKind::TooManyValues => match (arg, value) {
            (Some(arg), Some(value)) => Some(fill(
                text::PARSE_TOO_MANY_VALUES_ES,
                &[quoted(bad, value), arg],
            )),
            _ => None,
        },
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let wanted = if error.kind() == ErrorKind::TooFewValues {
                ContextKind::MinValues
            } else {
                ContextKind::ExpectedNumValues
            };
            match (arg, number(wanted), number(ContextKind::ActualNumValues)) {
                (Some(arg), Some(wanted), Some(given)) => Some(fill(
                    text::PARSE_VALUE_COUNT_ES,
                    &[arg, quoted(good, &wanted), quoted(bad, &given)],
                )),
                _ => None,
            }
        }
        ErrorKind::InvalidUtf8 => Some(text::PARSE_NOT_UTF8_ES.to_owned()),
        _ => None,
    }
}

/// `[valores posibles: a, b]` on a line of its own.
fn push_list(line: &mut String, name: &str, values: Option<&ContextValue>, style: &Style) {
    if let Some(ContextValue::Strings(values)) =
        values.filter(|values| !matches!(values, ContextValue::Strings(v) if v.is_empty()))
    {
        let values: Vec<String> = values
            .iter()
            .map(|value| format!("{style}{value}{style:#}"))
            .collect();
        let _ = write!(line, "\n  [{name}: {}]", values.join(", "));
    }
}

/// Two arguments (or a subcommand and an argument) that cannot go together, or one given
/// twice.
fn conflict(error: &clap::error::Error<Spanish>, bad: &Style) -> String {
    let quoted = |text: &str| format!("{bad}{text}{bad:#}");
    let mut prior = error.get(ContextKind::PriorArg);
    let mut line = match (
        error.get(ContextKind::InvalidArg),
        error.get(ContextKind::InvalidSubcommand),
    ) {
        (Some(ContextValue::String(arg)), _) if prior == error.get(ContextKind::InvalidArg) => {
            prior = None;
            fill(text::PARSE_ARGUMENT_TWICE_ES, &[quoted(arg)])
        }
        (Some(ContextValue::String(arg)), _) => {
            fill(text::PARSE_ARGUMENT_CONFLICT_ES, &[quoted(arg)])
        }
        (_, Some(ContextValue::String(sub))) => {
            fill(text::PARSE_SUBCOMMAND_CONFLICT_ES, &[quoted(sub)])
        }
        _ => fill(text::PARSE_ARGUMENT_CONFLICT_ES, &[String::new()]),
    };
    match prior {
        Some(ContextValue::Strings(others)) => {
            line.push(':');
            for other in others {
                let _ = write!(line, "\n  {}", quoted(other));
            }
        }
        Some(ContextValue::String(other)) => {
            let _ = write!(line, " '{}'", quoted(other));
        }
        Some(_) => {
            let _ = write!(line, " {}", text::PARSE_CONFLICT_OTHERS_ES);
        }
        None => {}
    }
    line
}

/// clap's "did you mean" (a similar subcommand, argument or value) and its other tips, in
/// Spanish.
fn push_tips(out: &mut String, error: &clap::error::Error<Spanish>, good: &Style) {
    let tip = format!("{good}{}{good:#}", text::PARSE_TIP_ES);
    let similar = [
        (
            ContextKind::SuggestedSubcommand,
            text::PARSE_SIMILAR_SUBCOMMAND_ES,
            text::PARSE_SIMILAR_SUBCOMMANDS_ES,
        ),
        (
            ContextKind::SuggestedArg,
            text::PARSE_SIMILAR_ARGUMENT_ES,
            text::PARSE_SIMILAR_ARGUMENTS_ES,
        ),
        (
            ContextKind::SuggestedValue,
            text::PARSE_SIMILAR_VALUE_ES,
            text::PARSE_SIMILAR_VALUES_ES,
        ),
    ];
    let mut lines = Vec::new();
    for (kind, one, many) in similar {
        let names: Vec<&str> = match error.get(kind) {
            Some(ContextValue::String(name)) => vec![name.as_str()],
            Some(ContextValue::Strings(names)) => names.iter().map(String::as_str).collect(),
            _ => continue,
        };
        let words = if names.len() == 1 { one } else { many };
        let names: Vec<String> = names
            .iter()
            .map(|name| format!("'{good}{name}{good:#}'"))
            .collect();
        lines.push(format!("{tip} {words} {}", names.join(", ")));
    }
    if let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) {
        lines.extend(
            tips.iter()
                .map(|said| format!("{tip} {}", other_tip(&said.to_string()))),
        );
    }
    if !lines.is_empty() {
        out.push('\n');
        for line in lines {
            let _ = write!(out, "\n  {line}");
        }
    }
}

/// clap's two other tips in Spanish (its words are fixed: clap_builder's `error/mod.rs`); any
/// other stays as clap wrote it.
fn other_tip(english: &str) -> String {
    let quoted: Vec<&str> = english.split('\'').skip(1).step_by(2).collect();
    if english.starts_with(text::CLAP_PASS_AS_VALUE) && quoted.len() == 2 {
        let values: Vec<String> = quoted.iter().map(|text| (*text).to_owned()).collect();
        return fill(text::PARSE_PASS_AS_VALUE_ES, &values);
    }
    if english.starts_with(text::CLAP_SUBCOMMAND)
        && english.contains(text::CLAP_SUBCOMMAND_EXISTS)
        && let Some(name) = quoted.first()
    {
        return fill(text::PARSE_REMOVE_DASHES_ES, &[(*name).to_owned()]);
    }
    english.to_owned()
}

/// Why a value parser refused a value, in Spanish: a number that is none, a tenant id out of
/// shape, or one of the protocol's "unknown … "x": use a, b or c" (the values it takes are
/// the same words in both languages); the console's own parsers already speak the reader's
/// language and pass through.
fn reason(source: &(dyn std::error::Error + 'static)) -> String {
    use std::num::IntErrorKind;
    if let Some(error) = source.downcast_ref::<std::num::ParseIntError>() {
        return match error.kind() {
            IntErrorKind::Empty => text::PARSE_NUMBER_EMPTY_ES,
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => {
                text::PARSE_NUMBER_TOO_LARGE_ES
            }
            _ => text::PARSE_NOT_A_NUMBER_ES,
        }
        .to_owned();
    }
    if source.is::<centralita_protocol::TenantIdError>() {
        return text::PARSE_TENANT_ID_ES.to_owned();
    }
    let english = source.to_string();
    match english.split_once(text::REFUSED_USE) {
        Some((_, values)) if english.starts_with(text::REFUSED_UNKNOWN) => {
            let values = values.strip_prefix(text::REFUSED_ONE_OF).unwrap_or(values);
            let values = values.replace(text::REFUSED_OR, ", ");
            fill(text::PARSE_USE_ONE_OF_ES, &[values])
        }
        _ => english,
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::{Cli, lang::localized};
    use crate::text::Lang;

    /// What `centralita --lang es` prints for `line`, without colours.
    fn spanish(line: &[&str]) -> String {
        crate::text::set_lang(Lang::Es);
        let command = localized(Cli::command(), Lang::Es);
        let error = command
            .try_get_matches_from(std::iter::once("centralita").chain(line.iter().copied()))
            .expect_err("a usage error");
        error.apply::<Spanish>().render().to_string()
    }

    /// clap's English words that must not be left in a Spanish error.
    const ENGLISH: [&str; 12] = [
        "error: unexpected",
        "unrecognized",
        "invalid value",
        "Usage:",
        "For more information",
        "tip:",
        "similar",
        "required",
        "cannot be used",
        "possible values",
        "unknown ",
        "invalid digit",
    ];

    #[test]
    fn every_kind_of_usage_error_reads_in_spanish() {
        let cases: [(&[&str], &str); 13] = [
            (&["jobs", "lst"], "subcomando desconocido 'lst'"),
            (
                &["jobs", "list", "--stat", "dead"],
                "argumento inesperado '--stat'",
            ),
            (
                &["jobs", "list", "--state", "lost"],
                "use uno de estos: queued, running",
            ),
            (
                &["jobs", "list", "--limit", "x"],
                "'x' para '--limit <LIMIT>': no es un número entero",
            ),
            (
                &["tenants", "set-currency"],
                "faltan estos argumentos obligatorios:\n  <ID>",
            ),
            (
                &["jobs", "list", "--json", "--json"],
                "'--json' no se puede usar más de una vez",
            ),
            (
                &["jobs", "list", "--state"],
                "'--state <STATE>' necesita un valor",
            ),
            (
                &["--tenant", "Bad Name", "status"],
                "use de 1 a 32 minúsculas",
            ),
            (
                &["invoices", "export", "--format", "xml"],
                "[valores posibles: csv, json]",
            ),
            (
                &["invoices", "edit", "3", "totl=4"],
                "use uno de estos: issuer_name",
            ),
            (&["jobs", "show", "4x"], "no es un número entero"),
            (
                &["reports", "--to", "2026-12-01"],
                "faltan estos argumentos obligatorios",
            ),
            (
                &["reports", "leads", "--days", "7", "--from", "2026-01-01"],
                "no se puede usar con",
            ),
        ];
        for (line, expected) in cases {
            let text = spanish(line);
            assert!(text.contains(expected), "{line:?} printed:\n{text}");
            assert!(text.starts_with("error: "), "{line:?} printed:\n{text}");
            assert!(
                text.contains("Para más información, pruebe '--help'."),
                "{text}"
            );
            for english in ENGLISH {
                assert!(
                    !text.contains(english),
                    "{line:?} left {english:?} in:\n{text}"
                );
            }
        }
    }

    #[test]
    fn a_similar_name_and_the_usage_line_are_in_spanish_too() {
        let text = spanish(&["jobs", "lst"]);
        assert!(
            text.contains("consejo: existe un subcomando parecido: 'list'"),
            "{text}"
        );
        assert!(text.contains("Uso: centralita jobs"), "{text}");
        let text = spanish(&["jobs", "list", "--stat", "dead"]);
        assert!(
            text.contains("existe un argumento parecido: '--state'"),
            "{text}"
        );
    }

    #[test]
    fn clap_other_tips_are_translated_and_unknown_ones_kept() {
        assert_eq!(
            other_tip("to pass '-x' as a value, use '-- -x'"),
            "para pasar '-x' como valor, use '-- -x'"
        );
        assert_eq!(
            other_tip("subcommand 'list' exists; to use it, remove the '--' before it"),
            "el subcomando 'list' existe; para usarlo, quite el '--' de antes"
        );
        assert_eq!(other_tip("something new"), "something new");
    }

    #[test]
    fn english_runs_keep_clap_own_words() {
        crate::text::set_lang(Lang::En);
        let error = localized(Cli::command(), Lang::En)
            .try_get_matches_from(["centralita", "jobs", "lst"])
            .expect_err("a usage error");
        let text = error.render().to_string();
        assert!(text.contains("unrecognized subcommand 'lst'"), "{text}");
    }
}
