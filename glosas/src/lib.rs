//! Glosas: the objections a Colombian payer (EPS/ERP) raises against a clinic's invoice, and
//! what the clinic must do about them in time.
//!
//! - [`calendar`]: Colombian business days (weekends and the national holidays of Ley 51 de
//!   1983 and the Easter cycle), for the years 1984 to 2100.
//! - [`catalog`]: the glosa, devolución and respuesta codes of Res. 2284/2023 Anexo Técnico 3
//!   and the legacy Res. 3047/2008 Anexo Técnico 6, loaded from `catalog/codes.csv` (data, not
//!   code), and the normalisation of the ways people write them.
//! - [`deadline`]: the legal clock of Ley 1438 de 2011 art. 57 (20 / 15 / 10 business days)
//!   and how urgent an answer is.
//! - [`notice`]: a payer's notice read from text (a mail body, a PDF's text layer) or a
//!   spreadsheet (XLSX, XLS, ODS, CSV), with Spanish header synonyms and per-payer mapping
//!   files, within budgets ([`notice::MAX_INPUT_BYTES`], [`notice::MAX_ITEMS`]).
//! - [`sample`]: realistic notices and their renderings, for the sandbox and tests.
//! - [`export`]: the clinic's answer as CSV or XLSX.
//! - [`said`]: the catalog's sentences a notice's warnings are said with.
//!
//! Data flows one way: bytes or text come in, a notice, dates and catalog entries come out.
//! The daemon stores notices and runs the clock; this crate only reads and computes
//! (`providers.md` §7).
//!
//! Invariants: no I/O, no clock (callers pass `today`), no async, no transport (no tokio,
//! hyper, tarpc, redb). Every function is total: it never panics on outside input
//! (property-tested). Of ours it depends only on the pure `centralita-invoices` (amounts, dates,
//! tax ids).

pub mod calendar;
pub mod catalog;
pub mod deadline;
pub mod export;
pub mod notice;
pub mod said;
pub mod sample;
