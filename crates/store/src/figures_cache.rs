//! Scope figures (how many people, women, managers, unrated…) kept a few seconds.
//! The home page and the staff list show them on every request, and at province scale
//! each is a sum over thousands of units' counts. A figure is served from here only
//! while no write has committed in this process since it was read, and for at most
//! [`TTL`] (writes by other processes).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Committed writes of this process (every [`crate::WriteTx`]).
static WRITES: AtomicU64 = AtomicU64::new(0);

pub const TTL: Duration = Duration::from_secs(5);

/// Entries kept at most; beyond, the cache starts again empty.
const MAX_ENTRIES: usize = 2_000;

pub(crate) fn written() {
    WRITES.fetch_add(1, Ordering::AcqRel);
}

/// The write generation to tag a figure with: read it before reading the figure, so
/// that a write committed meanwhile makes the figure stale at once.
pub(crate) fn generation() -> u64 {
    WRITES.load(Ordering::Acquire)
}

#[derive(Debug, Default)]
pub struct FiguresCache<V> {
    map: Mutex<HashMap<String, (u64, Instant, V)>>,
}

impl<V: Clone> FiguresCache<V> {
    fn get(&self, key: &str) -> Option<V> {
        let now = generation();
        let map = self.map.lock().ok()?;
        let (tagged, at, v) = map.get(key)?;
        (*tagged == now && at.elapsed() < TTL).then(|| v.clone())
    }

    /// The figure under `key`, read with `load` when absent or stale.
    pub(crate) async fn get_or_load<F>(&self, key: String, load: F) -> crate::Result<V>
    where
        F: std::future::Future<Output = crate::Result<V>>,
    {
        if let Some(v) = self.get(&key) {
            return Ok(v);
        }
        let tag = generation();
        let v = load.await?;
        self.put(key, tag, v.clone());
        Ok(v)
    }

    fn put(&self, key: String, generation_at: u64, v: V) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(key, (generation_at, Instant::now(), v));
        }
    }
}

/// The figures a Store keeps. The home page's lists (published plans with their
/// registrations, notifications, recent changes, locked accounts) are kept the
/// same way, per user: every signed-in user opens that page first and most often.
#[derive(Debug, Default)]
pub struct Figures {
    pub(crate) scope_stats: FiguresCache<crate::people::ScopeStats>,
    pub(crate) people_totals: FiguresCache<i64>,
    pub(crate) plans_overview: FiguresCache<Vec<crate::emulation::PlanOverview>>,
    pub(crate) notifications: FiguresCache<Vec<crate::emulation::Notification>>,
    pub(crate) recent_changes: FiguresCache<Vec<crate::audit::AuditEntry>>,
    pub(crate) locked_users: FiguresCache<i64>,
    /// Plans by id (`None`: no such plan) and their milestones: read by every
    /// registration page, changed a few times a year.
    pub(crate) plans: FiguresCache<Option<crate::emulation::Plan>>,
    pub(crate) milestones: FiguresCache<Vec<crate::emulation::PlanMilestone>>,
}
