//! `centralita`: the operator console (bare) and the scriptable CLI (`centralita <noun> <verb>`).
//!
//! Both are thin over `centralita-protocol`: they hold no state beyond what is on screen and
//! never depend on the daemon crate. `client` connects and checks versions; `console` is the
//! ratatui app (Elm architecture: events → actions → update → effects; render only reads);
//! `cli` has one file per noun; `text` holds every user-facing sentence; `upload` sends a local
//! file to the daemon in chunks; `glosas` reads what the CLI and the console both take about
//! glosas (states, responses, export formats); `dates` reads the days the operator types, whole;
//! `format` shows times (in the tenant's zone), amounts and counts.

pub mod cli;
pub mod client;
pub mod console;
pub mod dates;
pub mod format;
pub mod glosas;
pub mod text;
pub mod upload;
