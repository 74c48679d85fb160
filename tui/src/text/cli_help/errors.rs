//! clap's usage errors in Spanish (`cli::parse_errors` writes them): one sentence a kind of
//! error, with `{0}`, `{1}`, … for the argument, value or count clap names (already styled).

/// What starts the line under a usage error that points to the help.
pub const PARSE_MORE_ES: &str = "Para más información, pruebe '{0}'.";
pub const PARSE_UNEXPECTED_ARGUMENT_ES: &str = "argumento inesperado '{0}'";
pub const PARSE_UNKNOWN_SUBCOMMAND_ES: &str = "subcomando desconocido '{0}'";
pub const PARSE_INVALID_VALUE_ES: &str = "valor no válido '{0}' para '{1}'";
pub const PARSE_VALUE_MISSING_ES: &str = "'{0}' necesita un valor y no se dio ninguno";
pub const PARSE_REQUIRED_MISSING_ES: &str = "faltan estos argumentos obligatorios:";
pub const PARSE_SUBCOMMAND_MISSING_ES: &str = "'{0}' necesita un subcomando y no se dio ninguno";
pub const PARSE_ARGUMENT_TWICE_ES: &str = "el argumento '{0}' no se puede usar más de una vez";
pub const PARSE_ARGUMENT_CONFLICT_ES: &str = "el argumento '{0}' no se puede usar con";
pub const PARSE_SUBCOMMAND_CONFLICT_ES: &str = "el subcomando '{0}' no se puede usar con";
pub const PARSE_CONFLICT_OTHERS_ES: &str = "uno o más de los otros argumentos indicados";
pub const PARSE_NO_EQUALS_ES: &str = "hace falta un signo igual para dar valor a '{0}'";
pub const PARSE_TOO_MANY_VALUES_ES: &str = "valor inesperado '{0}' para '{1}': no se esperaban más";
/// Too few values, or not the number an argument takes.
pub const PARSE_VALUE_COUNT_ES: &str = "'{0}' necesita {1} valores y se dieron {2}";
pub const PARSE_NOT_UTF8_ES: &str = "un argumento no es texto UTF-8 válido";
pub const PARSE_OTHER_ES: &str = "la línea de comandos no se entiende";
/// The list after an invalid value or a missing subcommand.
pub const PARSE_POSSIBLE_VALUES_ES: &str = "valores posibles";
pub const PARSE_SUBCOMMANDS_ES: &str = "subcomandos";
/// clap's "did you mean": a similar subcommand, argument or value exists.
pub const PARSE_TIP_ES: &str = "consejo:";
pub const PARSE_SIMILAR_SUBCOMMAND_ES: &str = "existe un subcomando parecido:";
pub const PARSE_SIMILAR_SUBCOMMANDS_ES: &str = "existen subcomandos parecidos:";
pub const PARSE_SIMILAR_ARGUMENT_ES: &str = "existe un argumento parecido:";
pub const PARSE_SIMILAR_ARGUMENTS_ES: &str = "existen argumentos parecidos:";
pub const PARSE_SIMILAR_VALUE_ES: &str = "existe un valor parecido:";
pub const PARSE_SIMILAR_VALUES_ES: &str = "existen valores parecidos:";
/// clap's other tips: a value that starts with `-`, a subcommand written after `--`.
pub const PARSE_PASS_AS_VALUE_ES: &str = "para pasar '{0}' como valor, use '{1}'";
pub const PARSE_REMOVE_DASHES_ES: &str =
    "el subcomando '{0}' existe; para usarlo, quite el '--' de antes";
/// Why a value was refused: a number that is none, a tenant id, one of a list.
pub const PARSE_NOT_A_NUMBER_ES: &str = "no es un número entero";
pub const PARSE_NUMBER_EMPTY_ES: &str = "falta el número";
pub const PARSE_NUMBER_TOO_LARGE_ES: &str = "el número es demasiado grande";
pub const PARSE_TENANT_ID_ES: &str =
    "use de 1 a 32 minúsculas, dígitos o '-', empezando por una letra";
pub const PARSE_USE_ONE_OF_ES: &str = "use uno de estos: {0}";

/// clap's own English that `cli::parse_errors` recognises in its two other tips (fixed words of
/// clap_builder's `error/mod.rs`), to write them in Spanish.
pub const CLAP_PASS_AS_VALUE: &str = "to pass '";
pub const CLAP_SUBCOMMAND: &str = "subcommand '";
pub const CLAP_SUBCOMMAND_EXISTS: &str = "exists; to use it";
/// The shape of the protocol's and extraction's refusals of a word (`unknown job state "x": use
/// queued, running or dead`, `unknown field "x": use one of a, b`), whose list of words is the
/// same in both languages.
pub const REFUSED_UNKNOWN: &str = "unknown ";
pub const REFUSED_USE: &str = ": use ";
pub const REFUSED_ONE_OF: &str = "one of ";
pub const REFUSED_OR: &str = " or ";
