//! The catalog's keys (`centralita_protocol::said` is the catalog): a key names one sentence
//! and how many values fill it. Those of an invoice's and a glosa's warnings are defined here,
//! at the bottom of the crates, because `centralita-invoices` and `centralita-glosas` say them
//! and stand below the protocol; the protocol re-exports them with the rest of its keys, so
//! every key has one definition.

pub use crate::Words;

pub mod glosas;
pub mod invoices;

/// One sentence of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// Stable: clients look their sentence up by it.
    pub name: &'static str,
    /// How many values fill it.
    pub args: usize,
}

/// The key `name`, filled by `args` values.
pub const fn key(name: &'static str, args: usize) -> Key {
    Key { name, args }
}

/// `first` then `then`, as one array of `N` keys (the protocol's `said::ALL` is its own keys
/// and these).
pub const fn joined<const N: usize>(first: &[Key], then: &[Key]) -> [Key; N] {
    assert!(first.len() + then.len() == N, "N is both lists' length");
    let mut all = [key("", 0); N];
    let mut index = 0;
    while index < first.len() {
        all[index] = first[index];
        index += 1;
    }
    while index < N {
        all[index] = then[index - first.len()];
        index += 1;
    }
    all
}
