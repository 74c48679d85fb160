//! The language of a run: picked before clap parses (so `--help` is in it too), from `--lang`,
//! else `CENTRALITA_LANG`, else the locale; then clap's `about` lines in Spanish when that is
//! the language. Flags' help stays in English.

use clap::{CommandFactory, FromArgMatches};

use super::Cli;
use crate::text::{self, Lang};

/// Sets the process's language and parses the command line (clap exits on `--help` and on
/// usage errors, as `Cli::parse` does).
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let setting = lang_argument(&args).or_else(|| std::env::var("CENTRALITA_LANG").ok());
    let lang = Lang::detect(setting.as_deref());
    text::set_lang(lang);
    let command = localized(Cli::command(), lang);
    let matches = command.get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
}

/// The value of `--lang X` or `--lang=X`, wherever it is on the line (it is a global flag).
fn lang_argument(args: &[std::ffi::OsString]) -> Option<String> {
    let mut args = args.iter().filter_map(|arg| arg.to_str());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return args.next().map(str::to_owned);
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Some(value.to_owned());
        }
    }
    None
}

/// The command with its `about` and each subcommand's in `lang` (English is as written; Spanish
/// is the only other language).
pub fn localized(command: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return command;
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|subcommand| subcommand.get_name().to_owned())
        .collect();
    let mut command = command
        .about(text::CLI_ABOUT.get_in(lang))
        .long_about(text::CLI_LONG_ABOUT.get_in(lang))
        .after_help(text::EXAMPLES_ES);
    for name in names {
        if let Some(about) = text::command_about_es(&name) {
            command = command.mut_subcommand(&name, |subcommand| {
                subcommand.about(about).long_about(None::<&str>)
            });
        }
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_is_found_anywhere_on_the_line() {
        let line = |args: &[&str]| -> Vec<std::ffi::OsString> {
            args.iter().map(std::ffi::OsString::from).collect()
        };
        assert_eq!(
            lang_argument(&line(&["centralita", "jobs", "list", "--lang", "es"])),
            Some("es".to_owned())
        );
        assert_eq!(
            lang_argument(&line(&["centralita", "--lang=en", "status"])),
            Some("en".to_owned())
        );
        assert_eq!(lang_argument(&line(&["centralita", "status"])), None);
        assert_eq!(
            lang_argument(&line(&[
                "centralita",
                "messages",
                "send",
                "--",
                "--lang",
                "es"
            ])),
            None
        );
    }

    #[test]
    fn every_command_has_a_spanish_about() {
        let command = localized(Cli::command(), Lang::Es);
        assert_eq!(
            command.get_about().map(ToString::to_string).as_deref(),
            Some(text::CLI_ABOUT.get_in(Lang::Es))
        );
        let missing: Vec<&str> = command
            .get_subcommands()
            .map(clap::Command::get_name)
            .filter(|name| *name != "help" && text::command_about_es(name).is_none())
            .collect();
        assert!(missing.is_empty(), "no Spanish about for {missing:?}");
    }

    #[test]
    fn english_help_is_as_written() {
        let command = localized(Cli::command(), Lang::En);
        let about = command
            .get_about()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            about.starts_with("Centralita's operator console"),
            "{about}"
        );
    }
}
