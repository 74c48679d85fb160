//! Inbound webhook payloads of WhatsApp Cloud API, Messenger and Telegram, turned into the
//! normalised records the daemon stores, plus phone-number normalisation.
//!
//! Data flows one way: the daemon's webhook handler verifies the request (signature or secret
//! token, `providers.md` §1–3), hands the raw body to [`whatsapp::parse`], [`messenger::parse`]
//! or [`telegram::parse`], and stores what comes back:
//!
//! - [`Inbound::Message`]: something a customer sent (or the business sent from another device,
//!   see [`InboundMessage::from_business`]);
//! - [`Inbound::Status`]: a delivery receipt for a message the business sent;
//! - [`Inbound::Ignored`]: a valid event this crate does not turn into a record, named so the
//!   daemon can log and count it.
//!
//! Only bodies that are not JSON, or whose structure cannot be what the provider sends (a
//! WhatsApp `messages[]` item without `id`), are a [`ParseError`]; unknown event and message types
//! never are, because providers add new ones all the time.
//!
//! Invariants: no I/O, no clock, no HTTP, no crypto, no logging. Every function is pure and
//! total: it never panics, whatever the bytes (property-tested).
//! This crate depends on nothing of ours; the daemon depends on it.

#![warn(missing_docs)]

pub mod messenger;
pub mod phone;
pub mod telegram;
pub mod whatsapp;

mod content;
mod json;
mod meta;
mod model;

pub use model::*;

#[cfg(test)]
mod json_strategy;
