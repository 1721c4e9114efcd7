//! In-process copies of the unit tree and the list of levels. Nearly every
//! page reads them (pickers, the unit list, permissions on a unit), and both
//! change a few times a year.
//!
//! Freshness: every write transaction that changes units or levels marks
//! itself ([`crate::WriteTx::tree_changed`]) and bumps the generation when it
//! commits, so the next request of this process reads the new tree. Another
//! process writing the same database (a second `tdkt serve`, a CLI command)
//! cannot bump it: copies also expire after [`TTL`].
//!
//! A copy is tagged with the generation read *before* loading it: a write
//! committed during the load bumps past the tag, so that copy is never used.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tdkt_domain::org::Level;

use crate::units::Unit;

/// How long a copy serves, at most, when another process may have written.
pub const TTL: Duration = Duration::from_secs(5);

#[derive(Debug)]
struct Copy<T> {
    generation: u64,
    loaded: Instant,
    value: Arc<T>,
}

#[derive(Debug)]
struct Slot<T>(Mutex<Option<Copy<T>>>);

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot(Mutex::new(None))
    }
}

impl<T> Slot<T> {
    fn get(&self, generation: u64) -> Option<Arc<T>> {
        let copy = self.0.lock().unwrap_or_else(|e| e.into_inner());
        copy.as_ref()
            .filter(|c| c.generation == generation && c.loaded.elapsed() < TTL)
            .map(|c| c.value.clone())
    }

    fn put(&self, generation: u64, value: Arc<T>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Copy {
            generation,
            loaded: Instant::now(),
            value,
        });
    }
}

/// Every unit, active or not, in tree order, with a position by id: pages
/// name the units of fifty people at a time, and a province holds thousands.
#[derive(Debug, Default)]
pub(crate) struct UnitTree {
    units: Vec<Unit>,
    by_id: HashMap<i64, usize>,
    /// Units with at least one unit under them (active or not).
    parents: HashSet<i64>,
}

impl UnitTree {
    pub(crate) fn new(units: Vec<Unit>) -> UnitTree {
        let by_id = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        let parents = units.iter().filter_map(|u| u.parent_id).collect();
        UnitTree {
            units,
            by_id,
            parents,
        }
    }

    pub(crate) fn get(&self, id: i64) -> Option<&Unit> {
        self.by_id.get(&id).and_then(|i| self.units.get(*i))
    }

    /// Whether any unit, active or not, sits under `id`: if none, the unit's
    /// subtree holds only its own people, whose path is the unit's.
    pub(crate) fn has_children(&self, id: i64) -> bool {
        self.parents.contains(&id)
    }
}

impl std::ops::Deref for UnitTree {
    type Target = [Unit];

    fn deref(&self) -> &[Unit] {
        &self.units
    }
}

#[derive(Debug, Default)]
pub(crate) struct TreeCache {
    generation: AtomicU64,
    units: Slot<UnitTree>,
    levels: Slot<Vec<Level>>,
    /// One load at a time: when a copy expires under load, the other
    /// requests wait for it instead of each reading the tree.
    loading: tokio::sync::Mutex<()>,
}

impl TreeCache {
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// After a committed change to units or levels.
    pub(crate) fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub(crate) fn units(&self, generation: u64) -> Option<Arc<UnitTree>> {
        self.units.get(generation)
    }

    pub(crate) fn put_units(&self, generation: u64, units: Arc<UnitTree>) {
        self.units.put(generation, units)
    }

    pub(crate) fn levels(&self, generation: u64) -> Option<Arc<Vec<Level>>> {
        self.levels.get(generation)
    }

    pub(crate) fn put_levels(&self, generation: u64, levels: Arc<Vec<Level>>) {
        self.levels.put(generation, levels)
    }

    pub(crate) async fn lock_loading(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.loading.lock().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_retires_the_copy() {
        let c = TreeCache::default();
        let g = c.generation();
        c.put_levels(g, Arc::new(vec![]));
        assert!(c.levels(g).is_some());
        c.invalidate();
        assert!(c.levels(c.generation()).is_none());
        // A copy loaded while the write committed carries the old tag.
        c.put_levels(g, Arc::new(vec![]));
        assert!(c.levels(c.generation()).is_none());
    }
}
