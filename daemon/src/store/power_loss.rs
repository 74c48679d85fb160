//! A simulated disk for power-loss tests: the database on an in-memory file that can lose power.
//!
//! [`Disk`] keeps what the engine sees (every write applied), the durable image (as of the last
//! completed `sync_data`) and the writes since then, in order. At the mutating call chosen with
//! [`Disk::crash_at`] the power goes: that call and every later one fails with an I/O error, as
//! a dead disk would. [`Disk::crash_image`] then makes what a power loss could leave behind: the
//! durable image plus a random subset of the unsynced writes (the one in flight included), in a
//! random order, one of them maybe torn (only a prefix, in whole 512 or 4096 byte sectors), and
//! the file length as of the last sync or as one of the unsynced `set_len` calls left it.
//! Everything random comes from a [`SplitMix64`] the caller seeds, so a seed names a crash.
//!
//! This is how redb's own tests fail a disk (`fuzz/fuzz_targets/fuzz_redb.rs` counts I/O calls
//! down to an error; `tests/crash_consistency.rs` rebuilds the image a crash leaves), plus the
//! reordered and torn writes a real power loss adds. The webhook and queue workload that uses it
//! is in `webhook/events/power_loss.rs` (the engine names no area).

use std::sync::{Arc, Mutex, PoisonError};

/// A small deterministic generator (SplitMix64): the same seed gives the same crash.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// `true` once in `n` times.
    pub(crate) fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.index(i + 1));
        }
    }
}

/// A mutating call the disk has not synced yet.
#[derive(Debug, Clone)]
enum Unsynced {
    Write { offset: usize, data: Vec<u8> },
    SetLen(usize),
}

#[derive(Debug, Default)]
struct State {
    /// What the engine reads back: every write applied.
    live: Vec<u8>,
    /// The file as of the last completed `sync_data`.
    durable: Vec<u8>,
    /// Mutating calls since that sync, in order.
    unsynced: Vec<Unsynced>,
    /// Mutating calls (`write`, `set_len`, `sync_data`) so far.
    calls: u64,
    /// The mutating call (counted from 1) at which the power goes.
    crash_at: Option<u64>,
    crashed: bool,
    /// A disk that lies: `sync_data` returns without making anything durable.
    ignores_syncs: bool,
}

impl State {
    /// Counts a mutating call; `Err` when the power is gone or goes now.
    fn mutate(&mut self, in_flight: impl FnOnce() -> Option<Unsynced>) -> std::io::Result<()> {
        if self.crashed {
            return Err(power_is_off());
        }
        self.calls += 1;
        if self.crash_at.is_some_and(|at| self.calls >= at) {
            self.crashed = true;
            // The call that was running when the power went may still have reached the disk.
            self.unsynced.extend(in_flight());
            return Err(power_is_off());
        }
        Ok(())
    }
}

fn power_is_off() -> std::io::Error {
    std::io::Error::other("simulated power loss: the disk is gone")
}

/// An in-memory database file that can lose power (see the module docs). Clones share the file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Disk {
    state: Arc<Mutex<State>>,
}

/// What a power loss left on the disk.
#[derive(Debug, Clone)]
pub(crate) struct CrashImage {
    pub(crate) bytes: Vec<u8>,
    /// Mutating calls not yet synced when the power went.
    pub(crate) unsynced: usize,
    /// How many of those reached the image.
    pub(crate) kept: usize,
    /// Whether one of the kept writes landed only in part.
    pub(crate) torn: bool,
}

impl Disk {
    /// A disk holding `bytes`, all of them durable.
    pub(crate) fn with_image(bytes: Vec<u8>) -> Self {
        let state = State {
            live: bytes.clone(),
            durable: bytes,
            ..State::default()
        };
        Self {
            state: Arc::new(Mutex::new(state)),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The power goes at mutating call `call` (counted from 1, from the disk's creation).
    pub(crate) fn crash_at(&self, call: u64) {
        self.state().crash_at = Some(call);
    }

    /// From now on `sync_data` succeeds without making anything durable, as a disk with a
    /// volatile write cache that ignores flushes does: the tests' negative control.
    pub(crate) fn ignore_syncs(&self) {
        self.state().ignores_syncs = true;
    }

    /// The power goes now, if it has not yet.
    pub(crate) fn power_off(&self) {
        self.state().crashed = true;
    }

    /// Whether the power went.
    pub(crate) fn crashed(&self) -> bool {
        self.state().crashed
    }

    /// Mutating calls so far (the one that crashed included).
    pub(crate) fn calls(&self) -> u64 {
        self.state().calls
    }

    /// The file as the engine last saw it (after a clean close, the whole database).
    pub(crate) fn live_bytes(&self) -> Vec<u8> {
        self.state().live.clone()
    }

    /// What a power loss now could leave on the disk, chosen with `rng`.
    pub(crate) fn crash_image(&self, rng: &mut SplitMix64) -> CrashImage {
        let state = self.state();
        let mut bytes = state.durable.clone();
        let unsynced = state.unsynced.len();
        // The length: as synced, or as one of the unsynced `set_len` calls left it.
        let lengths: Vec<usize> = std::iter::once(bytes.len())
            .chain(state.unsynced.iter().filter_map(|call| match call {
                Unsynced::SetLen(len) => Some(*len),
                Unsynced::Write { .. } => None,
            }))
            .collect();
        bytes.resize(lengths[rng.index(lengths.len())], 0);
        let writes: Vec<&Unsynced> = state
            .unsynced
            .iter()
            .filter(|call| matches!(call, Unsynced::Write { .. }))
            .collect();
        let kept: Vec<&Unsynced> = match rng.below(4) {
            // None of them made it.
            0 => Vec::new(),
            // All of them, in order.
            1 => writes,
            // The first few, in order (a disk that writes back in order).
            2 => {
                let n = rng.index(writes.len() + 1);
                writes.into_iter().take(n).collect()
            }
            // Any of them, in any order.
            _ => {
                let mut some: Vec<&Unsynced> =
                    writes.into_iter().filter(|_| rng.one_in(2)).collect();
                rng.shuffle(&mut some);
                some
            }
        };
        // One of them maybe torn: only its first sectors landed.
        let mut torn = None;
        if !kept.is_empty() && rng.one_in(2) {
            let victim = rng.index(kept.len());
            let sector = if rng.one_in(2) { 512 } else { 4096 };
            if let Unsynced::Write { data, .. } = kept[victim]
                && data.len() > sector
            {
                let sectors = data.len().div_ceil(sector);
                torn = Some((victim, rng.index(sectors) * sector));
            }
        }
        for (n, call) in kept.iter().enumerate() {
            let Unsynced::Write { offset, data } = call else {
                continue;
            };
            let data = match torn {
                Some((victim, prefix)) if victim == n => &data[..prefix],
                _ => &data[..],
            };
            let end = offset + data.len();
            if bytes.len() < end {
                bytes.resize(end, 0);
            }
            bytes[*offset..end].copy_from_slice(data);
        }
        CrashImage {
            bytes,
            unsynced,
            kept: kept.len(),
            torn: torn.is_some(),
        }
    }
}

/// Whether redb must repair `bytes` before using them (the file was not closed cleanly): a
/// read-only open refuses such a file rather than repair it.
pub(crate) fn needs_repair(bytes: &[u8]) -> bool {
    matches!(
        redb::Database::builder().open_read_only_with_backend(Disk::with_image(bytes.to_vec())),
        Err(redb::DatabaseError::RepairAborted)
    )
}

/// Whether every page of the database in `bytes` checks out (redb's own integrity check, after
/// the repair a crash needs).
pub(crate) fn check_integrity(bytes: &[u8]) -> Result<bool, String> {
    let mut db = redb::Database::builder()
        .create_with_backend(Disk::with_image(bytes.to_vec()))
        .map_err(|error| error.to_string())?;
    db.check_integrity().map_err(|error| error.to_string())
}

fn offset(value: u64) -> std::io::Result<usize> {
    usize::try_from(value).map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
}

impl redb::StorageBackend for Disk {
    fn len(&self) -> std::io::Result<u64> {
        let state = self.state();
        if state.crashed {
            return Err(power_is_off());
        }
        Ok(state.live.len() as u64)
    }

    fn read(&self, offset_: u64, out: &mut [u8]) -> std::io::Result<()> {
        let state = self.state();
        if state.crashed {
            return Err(power_is_off());
        }
        let start = offset(offset_)?;
        let end = start + out.len();
        if end > state.live.len() {
            return Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof));
        }
        out.copy_from_slice(&state.live[start..end]);
        Ok(())
    }

    fn set_len(&self, len: u64) -> std::io::Result<()> {
        let len = offset(len)?;
        let mut state = self.state();
        state.mutate(|| Some(Unsynced::SetLen(len)))?;
        state.live.resize(len, 0);
        state.unsynced.push(Unsynced::SetLen(len));
        Ok(())
    }

    fn sync_data(&self) -> std::io::Result<()> {
        let mut state = self.state();
        state.mutate(|| None)?;
        if state.ignores_syncs {
            return Ok(());
        }
        let State {
            durable, unsynced, ..
        } = &mut *state;
        for call in unsynced.drain(..) {
            match call {
                Unsynced::SetLen(len) => durable.resize(len, 0),
                Unsynced::Write { offset, data } => {
                    let end = offset + data.len();
                    if durable.len() < end {
                        durable.resize(end, 0);
                    }
                    durable[offset..end].copy_from_slice(&data);
                }
            }
        }
        Ok(())
    }

    fn write(&self, offset_: u64, data: &[u8]) -> std::io::Result<()> {
        let start = offset(offset_)?;
        let write = || Unsynced::Write {
            offset: start,
            data: data.to_vec(),
        };
        let mut state = self.state();
        state.mutate(|| Some(write()))?;
        let end = start + data.len();
        if state.live.len() < end {
            state.live.resize(end, 0);
        }
        state.live[start..end].copy_from_slice(data);
        state.unsynced.push(write());
        Ok(())
    }
}
