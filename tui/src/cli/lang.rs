//! The language of a run: picked before clap parses (so `--help` is in it too), from `--lang`,
//! else `CENTRALITA_LANG`, else the locale; then, when that is Spanish, the whole `--help` tree
//! in Spanish (`localized`).

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
    let matches = command
        .try_get_matches_from(args)
        .unwrap_or_else(|error| exit_with(error, lang));
    Cli::from_arg_matches(&matches).unwrap_or_else(|error| exit_with(error, lang))
}

/// Prints a usage error (or the help or version clap answers with) in `lang` and exits with
/// clap's status (2 for a usage error, 0 for `--help`).
fn exit_with(error: clap::Error, lang: Lang) -> ! {
    match lang {
        Lang::Es => error.apply::<super::parse_errors::Spanish>().exit(),
        Lang::En => error.exit(),
    }
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

/// The command with its help in `lang` (English is as written; Spanish is the only other
/// language): the abouts of the program and of every command at every depth, every argument's
/// help with its default and values, clap's own `--help`, `--version` and `help`, and the
/// headings (`Uso:`, `Opciones:`…). The Spanish is `text::cli_help`, by key (`help_key`); an
/// English text without its Spanish stays English (a test keeps the table complete). Only
/// help text changes, never what parses.
pub fn localized(command: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return command;
    }
    let command = command
        .about(text::CLI_ABOUT.get_in(lang))
        .long_about(text::CLI_LONG_ABOUT.get_in(lang))
        .after_help(text::EXAMPLES_ES);
    let mut command = spanish_tree(command, "");
    // clap adds `--help`, `--version` and `help` when it builds the command (the global flags
    // are copied into every subcommand then too, already in Spanish); build now to reach them.
    command.build();
    spanish_builtins(command)
}

/// The key of a command's about in `text::cli_help`: its path below the program.
fn command_key(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent} {name}")
    }
}

/// The key of an argument's help: the command's path, then `--flag`, or `<id>` for a
/// positional.
fn help_key(path: &str, arg: &clap::Arg) -> String {
    let name = match arg.get_long() {
        Some(long) => format!("--{long}"),
        None => format!("<{}>", arg.get_id()),
    };
    command_key(path, &name)
}

/// The key of the long form of a help or about whose key is `key`.
fn long_key(key: &str) -> String {
    format!("{key} (long)")
}

/// A command's about in Spanish, by its path (the top-level ones are `command_about_es`).
fn about_es(path: &str) -> Option<&'static str> {
    if path.contains(' ') {
        text::cli_help_es(path)
    } else {
        text::command_about_es(path)
    }
}

/// The help of `command` (at `path`) and of everything below it in Spanish. `mut_args` and
/// `mut_subcommands` change them in place: the order of the positionals is how clap numbers
/// them, and the order of the rest is the order `--help` lists them in.
fn spanish_tree(command: clap::Command, path: &str) -> clap::Command {
    command
        .mut_args(|arg| {
            let key = help_key(path, &arg);
            let arg = match text::cli_help_es(&key) {
                Some(help) => arg.help(help).long_help(text::cli_help_es(&long_key(&key))),
                None => arg,
            };
            spanish_values(arg, &key)
        })
        .mut_subcommands(|subcommand| {
            let path = command_key(path, subcommand.get_name());
            let subcommand = match about_es(&path) {
                Some(about) => subcommand
                    .about(about)
                    .long_about(text::cli_help_es(&long_key(&path))),
                None => subcommand,
            };
            spanish_tree(subcommand, &path)
        })
}

/// The key of the help of one of the values an argument takes (`glosas answer
/// --decision=partial`).
fn value_key(key: &str, value: &str) -> String {
    format!("{key}={value}")
}

/// What clap writes after an argument's help, in Spanish: its default, the values it takes
/// and the help of each value. clap's English for them is hidden and the same facts are
/// written at the end of the argument's help instead (`[por omisión: 50]`); parsing is the
/// same (the values and the default stay as they are, only their display changes).
fn spanish_values(arg: clap::Arg, key: &str) -> clap::Arg {
    // A flag that takes no value has neither (before clap builds the command, a bool flag
    // still lists true and false as its values).
    let Some(help) = arg.get_help().map(ToString::to_string) else {
        return arg;
    };
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut arg = arg;
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|value| value.to_string_lossy().into_owned())
        .collect();
    let default = (!arg.is_hide_default_value_set() && !defaults.is_empty())
        .then(|| format!("[{} {}]", text::HELP_DEFAULT_ES, defaults.join(" ")));
    if default.is_some() {
        arg = arg.hide_default_value(true);
    }
    let values: Vec<clap::builder::PossibleValue> = arg
        .get_possible_values()
        .into_iter()
        .filter(|value| !value.is_hide_set())
        .collect();
    let mut names = None;
    let mut list = None;
    if !arg.is_hide_possible_values_set() && !values.is_empty() {
        let all: Vec<&str> = values
            .iter()
            .map(clap::builder::PossibleValue::get_name)
            .collect();
        names = Some(format!("[{} {}]", text::HELP_VALUES_ES, all.join(", ")));
        if values.iter().any(|value| value.get_help().is_some()) {
            let width = all.iter().map(|name| name.len()).max().unwrap_or(0) + 1;
            let lines: Vec<String> = values
                .iter()
                .map(|value| {
                    let help = text::cli_help_es(&value_key(key, value.get_name()))
                        .map(str::to_owned)
                        .or_else(|| value.get_help().map(ToString::to_string))
                        .unwrap_or_default();
                    let name = format!("{}:", value.get_name());
                    format!("- {name:width$} {help}")
                })
                .collect();
            list = Some(format!(
                "{}\n{}",
                text::HELP_VALUES_LIST_ES,
                lines.join("\n")
            ));
        }
        arg = arg.hide_possible_values(true);
    }
    if default.is_none() && names.is_none() {
        return arg;
    }
    // `-h` has the facts on the help's line, as clap writes them. `--help` too, unless the
    // argument has a long help or values with a help of their own: then, as clap, the long
    // help, the default below it, and the list of values instead of their names.
    let notes: Vec<&str> = [&default, &names]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let short = format!("{help} {}", notes.join(" "));
    let long = match (arg.get_long_help().map(ToString::to_string), list) {
        (long, Some(list)) => {
            let long = long.unwrap_or(help);
            Some(match &default {
                Some(default) => format!("{long}\n\n{default}\n\n{list}"),
                None => format!("{long}\n\n{list}"),
            })
        }
        (Some(long), None) => Some(format!("{long}\n\n{}", notes.join(" "))),
        (None, None) => None,
    };
    match long {
        Some(long) => arg.help(short).long_help(long),
        None => arg.help(short),
    }
}

/// clap's own `-h, --help`, `-V, --version` and `help` in Spanish, in a built command and
/// everything below it.
fn spanish_builtins(command: clap::Command) -> clap::Command {
    let is_help_command = command.get_name() == "help";
    let command = match spanish_template(&command) {
        Some(template) => command.help_template(template),
        None => command,
    };
    command
        .mut_args(|arg| match arg.get_id().as_str() {
            "help" if arg.get_long_help().is_some() => arg
                .help(text::HELP_FLAG_SHORT_ES)
                .long_help(text::HELP_FLAG_LONG_ES),
            "help" => arg.help(text::HELP_FLAG_ES),
            "version" => arg.help(text::VERSION_FLAG_ES),
            "subcommand" if is_help_command => arg.help(text::HELP_COMMAND_ARG_ES),
            _ => arg,
        })
        .mut_subcommands(|subcommand| {
            let subcommand = if subcommand.get_name() == "help" {
                subcommand.about(text::HELP_COMMAND_ES)
            } else {
                subcommand
            };
            spanish_builtins(subcommand)
        })
}

/// clap's help layout (its default template) with the headings in Spanish: `Uso:`, then
/// `Comandos:`, `Argumentos:` and `Opciones:` for the sections the command has, styled as
/// clap styles its own. `None` (clap's English headings) for a command with a hidden argument
/// or subcommand, which the template's sections would list.
fn spanish_template(command: &clap::Command) -> Option<String> {
    let hidden = command.get_arguments().any(clap::Arg::is_hide_set)
        || command.get_subcommands().any(clap::Command::is_hide_set);
    if hidden {
        return None;
    }
    let styles = command.get_styles();
    let heading = |style: &clap::builder::styling::Style, heading: &str| {
        format!("{}{heading}{}", style.render(), style.render_reset())
    };
    let header = styles.get_header();
    let mut sections = Vec::new();
    if command.has_subcommands() {
        let commands = heading(header, text::HELP_COMMANDS_ES);
        sections.push(format!("{commands}\n{{subcommands}}"));
    }
    if command.get_positionals().next().is_some() {
        let arguments = heading(header, text::HELP_ARGUMENTS_ES);
        sections.push(format!("{arguments}\n{{positionals}}"));
    }
    if command.get_arguments().any(|arg| !arg.is_positional()) {
        let options = heading(header, text::HELP_OPTIONS_ES);
        sections.push(format!("{options}\n{{options}}"));
    }
    let usage = heading(styles.get_usage(), text::HELP_USAGE_ES);
    let mut template = format!("{{before-help}}{{about-with-newline}}\n{usage} {{usage}}");
    if !sections.is_empty() {
        template.push_str("\n\n");
        template.push_str(&sections.join("\n\n"));
    }
    template.push_str("{after-help}");
    Some(template)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

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
        let with_period: Vec<&str> = command
            .get_subcommands()
            .map(clap::Command::get_name)
            .filter(|name| text::command_about_es(name).is_some_and(|about| about.ends_with('.')))
            .collect();
        assert!(with_period.is_empty(), "ends in a period: {with_period:?}");
    }

    /// Every key the table needs: each command's about and each argument's help below the
    /// program, their long forms when the doc comment has them, and the help of each value an
    /// argument takes; with the English, for the failure message.
    fn needed_keys() -> Vec<(String, String)> {
        fn walk(command: &clap::Command, path: &str, keys: &mut Vec<(String, String)>) {
            for arg in command.get_arguments() {
                let key = help_key(path, arg);
                if let Some(help) = arg.get_long_help() {
                    keys.push((long_key(&key), help.to_string()));
                }
                for value in arg.get_possible_values() {
                    if let Some(help) = value.get_help() {
                        keys.push((value_key(&key, value.get_name()), help.to_string()));
                    }
                }
                if let Some(help) = arg.get_help() {
                    keys.push((key, help.to_string()));
                }
            }
            for subcommand in command.get_subcommands() {
                let path = command_key(path, subcommand.get_name());
                if let Some(about) = subcommand.get_long_about() {
                    keys.push((long_key(&path), about.to_string()));
                }
                // The top-level abouts are `command_about_es`, checked above.
                if let (Some(about), true) = (subcommand.get_about(), path.contains(' ')) {
                    keys.push((path.clone(), about.to_string()));
                }
                walk(subcommand, &path, keys);
            }
        }
        let mut keys = Vec::new();
        walk(&Cli::command(), "", &mut keys);
        keys
    }

    #[test]
    fn every_help_below_the_top_has_its_spanish() {
        let missing: Vec<String> = needed_keys()
            .into_iter()
            .filter(|(key, _)| text::cli_help_es(key).is_none())
            .map(|(key, english)| format!("{key:?}: {english:?}"))
            .collect();
        assert!(
            missing.is_empty(),
            "no Spanish in text/cli_help/ for {} help text(s):\n{}",
            missing.len(),
            missing.join("\n")
        );
    }

    #[test]
    fn every_spanish_help_names_something_there_is() {
        let needed: Vec<String> = needed_keys().into_iter().map(|(key, _)| key).collect();
        let mut seen = Vec::new();
        let mut problems = Vec::new();
        for (key, spanish) in text::cli_help_entries() {
            if !needed.iter().any(|needed| needed == key) {
                problems.push(format!("{key:?} names no command or argument with help"));
            }
            if seen.contains(key) {
                problems.push(format!("{key:?} is in the table twice"));
            }
            if spanish.trim().is_empty() || spanish.ends_with('.') {
                problems.push(format!("{key:?}: empty, or ends in a period"));
            }
            seen.push(*key);
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// The help of `centralita <path…>` in `lang`, as `--help` prints it (without color) when
    /// some argument there has a long help; the rest print `short_help`.
    fn rendered_help(lang: Lang, path: &[&str]) -> String {
        command_at(lang, path).render_long_help().to_string()
    }

    /// The help of `centralita <path…>` in `lang`, as `-h` prints it.
    fn short_help(lang: Lang, path: &[&str]) -> String {
        command_at(lang, path).render_help().to_string()
    }

    fn command_at(lang: Lang, path: &[&str]) -> clap::Command {
        let mut command = localized(Cli::command(), lang);
        command.build();
        for name in path {
            command = command
                .find_subcommand(name)
                .unwrap_or_else(|| panic!("no command {name}"))
                .clone();
        }
        command
    }

    #[test]
    fn jobs_list_help_is_spanish_through_and_through() {
        let help = rendered_help(Lang::Es, &["jobs", "list"]);
        for spanish in [
            "Lista los jobs, el más reciente primero",
            "Solo jobs de esta cola",
            "queued, running, succeeded, failed, dead o cancelled",
            "Imprime las filas como JSON",
            "Tenant sobre el que actuar",
            "Muestra la ayuda",
            "Muestra la versión",
            "Uso: centralita jobs list [OPTIONS]",
            "Opciones:",
        ] {
            assert!(help.contains(spanish), "no {spanish:?} in:\n{help}");
        }
        for english in [
            "Only jobs of this queue",
            "Print the rows as JSON",
            "Tenant to act on",
            "Print help",
            "Print version",
            "Usage:",
            "Options:",
        ] {
            assert!(!help.contains(english), "{english:?} in:\n{help}");
        }
    }

    #[test]
    fn a_noun_lists_its_verbs_in_spanish_with_a_spanish_help_command() {
        let help = rendered_help(Lang::Es, &["invoices"]);
        assert!(
            help.contains("Rechaza una factura, indicando por qué"),
            "{help}"
        );
        assert!(help.contains(text::HELP_COMMAND_ES), "{help}");
        assert!(!help.contains("Reject an invoice"), "{help}");
        assert!(help.contains("Comandos:"), "{help}");
        assert!(!help.contains("Commands:"), "{help}");
    }

    #[test]
    fn defaults_and_values_are_spanish_too() {
        let export = short_help(Lang::Es, &["invoices", "export"]);
        assert!(
            export.contains("[por omisión: csv] [valores posibles: csv, json]"),
            "{export}"
        );
        let answer = rendered_help(Lang::Es, &["glosas", "answer"]);
        assert!(answer.contains("Valores posibles:"), "{answer}");
        assert!(
            answer.contains("- not-accepted: El cobro se mantiene completo"),
            "{answer}"
        );
        for help in [export, answer] {
            for english in [
                "[default:",
                "possible values",
                "Possible values",
                "stands in full",
            ] {
                assert!(!help.contains(english), "{english:?} in:\n{help}");
            }
        }
        let english = short_help(Lang::En, &["invoices", "export"]);
        assert!(
            english.contains("[default: csv] [possible values: csv, json]"),
            "{english}"
        );
    }

    /// No command's help, short or long, has clap's English left in it: its headings, its own
    /// flags and `help` command, the facts it adds after an argument's help.
    #[test]
    fn no_help_anywhere_has_clap_english_in_it() {
        fn walk(command: &clap::Command, problems: &mut Vec<String>) {
            let name = command
                .get_bin_name()
                .unwrap_or(command.get_name())
                .to_owned();
            let mut command = command.clone();
            for help in [command.render_help(), command.render_long_help()] {
                let help = help.to_string();
                for english in [
                    "Usage:",
                    "Commands:",
                    "Arguments:",
                    "Options:",
                    "Print help",
                    "Print version",
                    "Print this message",
                    "[default:",
                    "possible values",
                    "Possible values",
                ] {
                    if help.contains(english) {
                        problems.push(format!("{name}: {english:?}"));
                    }
                }
            }
            for subcommand in command.get_subcommands() {
                walk(subcommand, problems);
            }
        }
        let mut command = localized(Cli::command(), Lang::Es);
        command.build();
        let mut problems = Vec::new();
        walk(&command, &mut problems);
        problems.dedup();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn english_help_below_the_top_is_as_written() {
        let help = rendered_help(Lang::En, &["jobs", "list"]);
        assert!(help.contains("Only jobs of this queue"), "{help}");
        assert!(help.contains("Print help"), "{help}");
        assert!(!help.contains("Solo jobs de esta cola"), "{help}");
    }

    /// Spanish help changes no parsing: the same lines parse (or fail) the same in both.
    #[test]
    fn spanish_help_parses_as_english_does() {
        let lines: &[&[&str]] = &[
            &["centralita", "jobs", "list", "--state", "dead", "--json"],
            &[
                "centralita",
                "conversations",
                "send",
                "12",
                "hola",
                "--tenant",
                "acme",
            ],
            &["centralita", "contacts", "merge", "3", "4"],
            &[
                "centralita",
                "reminders",
                "add",
                "5",
                "2026-01-02 10:00",
                "llamar",
            ],
            &["centralita", "tenants", "set-zone", "acme", "America/Lima"],
            &["centralita", "invoices", "edit", "7", "total=1180.00"],
            &["centralita", "jobs", "list", "--state", "lost"],
            &["centralita", "--lang", "es", "status"],
        ];
        for line in lines {
            let english = Cli::try_parse_from(*line).map(|cli| format!("{cli:?}"));
            let spanish = localized(Cli::command(), Lang::Es)
                .try_get_matches_from(*line)
                .and_then(|matches| Cli::from_arg_matches(&matches))
                .map(|cli| format!("{cli:?}"));
            assert_eq!(english.ok(), spanish.ok(), "{line:?}");
        }
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
