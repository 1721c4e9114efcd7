//! Scope figures (how many people, women, managers, unrated…) kept a few seconds.
//! The home page and the staff list show them on every request, and at province scale
//! each is a sum over thousands of units' counts. A figure is served from here only
//! while no write has committed in this process since it was read, and for at most
//! [`TTL`] (writes by other processes).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
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
    /// One gate per key being loaded: when a figure ages out under load, the first
    /// request reads it and the others wait for that read instead of all running the
    /// same sum at once (every connection of a busy home page would, every [`TTL`]).
    loading: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
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
        let gate = self.gate(&key);
        let loaded = async {
            let _turn = gate.lock().await;
            // Whoever held the gate before us may have just read it.
            if let Some(v) = self.get(&key) {
                return Ok(v);
            }
            let tag = generation();
            let v = load.await?;
            self.put(key.clone(), tag, v.clone());
            Ok(v)
        }
        .await;
        self.release(&key, gate);
        loaded
    }

    fn gate(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        match self.loading.lock() {
            Ok(mut gates) => gates.entry(key.to_owned()).or_default().clone(),
            // A poisoned map only loses the single flight, never the figure.
            Err(_) => Arc::default(),
        }
    }

    /// Forgets the key's gate once nobody else waits on it: gates are cloned only
    /// under the map's lock, so a count of two (the map's and ours) is final.
    fn release(&self, key: &str, gate: Arc<tokio::sync::Mutex<()>>) {
        if let Ok(mut gates) = self.loading.lock()
            && Arc::strong_count(&gate) == 2
        {
            gates.remove(key);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_misses_read_the_figure_once() {
        let cache = Arc::new(FiguresCache::<i64>::default());
        let reads = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let (cache, reads) = (cache.clone(), reads.clone());
                tokio::spawn(async move {
                    cache
                        .get_or_load("scope:1".into(), async {
                            reads.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(30)).await;
                            Ok(42)
                        })
                        .await
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.ok().and_then(|r| r.ok()), Some(42));
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        // The gates are gone once nobody waits.
        assert!(cache.loading.lock().is_ok_and(|g| g.is_empty()));
    }

    #[tokio::test]
    async fn a_write_makes_the_next_request_read_again() {
        let cache = FiguresCache::<i64>::default();
        let first = cache.get_or_load("k".into(), async { Ok(1) }).await;
        assert_eq!(first.ok(), Some(1));
        let kept = cache.get_or_load("k".into(), async { Ok(2) }).await;
        assert_eq!(kept.ok(), Some(1));
        written();
        let fresh = cache.get_or_load("k".into(), async { Ok(3) }).await;
        assert_eq!(fresh.ok(), Some(3));
    }
}
