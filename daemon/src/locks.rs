//! Locks by key (a mailbox, a connection), each made on first use: work on one key runs one at
//! a time while other keys go on.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

/// The lock of one key.
pub type KeyLock = Arc<tokio::sync::Mutex<()>>;

/// A lock per key.
pub struct KeyedLocks<K> {
    locks: Mutex<HashMap<K, KeyLock>>,
}

impl<K> Default for KeyedLocks<K> {
    fn default() -> Self {
        Self {
            locks: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash> KeyedLocks<K> {
    /// The lock of `key`, made the first time it is asked for.
    pub fn of(&self, key: K) -> KeyLock {
        let mut locks = self.locks.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(locks.entry(key).or_default())
    }
}
