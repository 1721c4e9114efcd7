//! SQLite connections for the hot reads, driven through rusqlite on the
//! request's own thread, each keeping its prepared statements.
//!
//! sqlx runs every SQLite connection on a worker thread of its own: each
//! statement, and each row, crosses between threads (a page of 50 people cost
//! 0.6 ms that way, 0.2 ms here; the handover alone, to borrow a pooled
//! connection's handle, took longer than the short statements it served).
//! Reads that a page makes on every request go through [`Readers::read`];
//! writes stay on sqlx's single writer, so nothing here ever writes
//! (`query_only`). In WAL mode a reader sees the last committed state and
//! never blocks the writer.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// Statements each connection keeps prepared (a page uses a handful; the
/// staff list's shapes are a few dozen).
const STATEMENTS_KEPT: usize = 64;

#[derive(Debug)]
pub struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    /// Idle connections kept; more are opened when requests overlap and closed
    /// after.
    keep: usize,
}

impl Readers {
    pub fn new(path: impl Into<PathBuf>, keep: usize) -> Readers {
        Readers {
            path: path.into(),
            idle: Mutex::new(Vec::new()),
            keep,
        }
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let c = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        c.busy_timeout(Duration::from_secs(10))?;
        c.pragma_update(None, "query_only", true)?;
        c.pragma_update(None, "temp_store", "memory")?;
        c.pragma_update(None, "cache_size", -32000)?;
        c.create_collation("vi", tdkt_domain::text::compare_vi)?;
        c.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
        Ok(c)
    }

    /// Runs `f` on an idle connection (or a new one), counted as `statements`
    /// statements for the access log.
    pub fn read<T>(
        &self,
        statements: u32,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, String> {
        for _ in 0..statements {
            crate::db::count_query();
        }
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let c = match idle {
            Some(c) => c,
            None => self.open().map_err(|e| e.to_string())?,
        };
        let out = f(&c);
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < self.keep && c.is_autocommit() {
            idle.push(c);
        }
        out.map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_was_committed_and_never_writes() {
        let dir = std::env::temp_dir().join(format!("tdkt-readers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.sqlite");
        let w = Connection::open(&path).unwrap();
        w.pragma_update(None, "journal_mode", "wal").unwrap();
        w.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);")
            .unwrap();
        let r = Readers::new(&path, 2);
        let n: i64 = r
            .read(1, |c| {
                c.query_row("SELECT SUM(x) FROM t", [], |row| row.get(0))
            })
            .unwrap();
        assert_eq!(n, 1);
        w.execute("INSERT INTO t VALUES (2)", []).unwrap();
        let n: i64 = r
            .read(1, |c| {
                c.prepare_cached("SELECT SUM(x) FROM t")?
                    .query_row([], |row| row.get(0))
            })
            .unwrap();
        assert_eq!(n, 3, "a kept connection sees later commits");
        let e = r.read(1, |c| c.execute("INSERT INTO t VALUES (3)", []));
        assert!(e.is_err(), "readers refuse writes");
        assert_eq!(r.idle.lock().unwrap().len(), 1);
        drop((r, w));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
