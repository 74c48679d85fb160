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
//!
//! Data flows one way: a notice's dates and codes come in as plain values, dates and catalog
//! entries come out. The daemon stores notices and schedules reminders; this crate only
//! computes (`providers.md` §7).
//!
//! Invariants: no I/O, no clock (callers pass `today`), no async, no transport (no tokio,
//! hyper, tarpc, redb). Every function is total: it never panics on outside input
//! (property-tested). This crate depends on nothing of ours.

#![warn(missing_docs)]

pub mod calendar;
pub mod catalog;
pub mod deadline;
