//! Storage of tdkt: schema and migrations for SQLite and PostgreSQL, the
//! repositories (one module per aggregate), the write gate that checks
//! permissions and appends to the audit log, and the session store.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod actor;
pub mod audit;
pub mod blocs;
pub mod certificates;
pub mod council;
pub mod db;
pub mod decisions;
pub mod dossiers;
pub mod dump;
pub mod emulation;
pub mod exemplars;
pub mod figures_cache;
pub mod fund;
pub mod history;
pub mod import;
pub mod initiatives;
pub mod people;
pub mod pg_readers;
pub mod ratings;
pub mod reports;
pub mod sessions;
pub mod sqlite_readers;
mod tree_cache;
pub mod units;
pub mod users;
pub mod write;

pub use actor::{Actor, Grant};
pub use db::{Backend, Db};
pub use tdkt_domain::error::Error;
pub use write::WriteTx;

use chrono::{DateTime, Utc};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The store: a database handle plus the write gate.
#[derive(Clone, Debug)]
pub struct Store {
    pub db: Db,
    /// The unit tree and levels, shared by every clone (see [`tree_cache`]).
    tree: std::sync::Arc<tree_cache::TreeCache>,
    /// Scope figures of the last seconds (see [`figures_cache`]).
    figures: std::sync::Arc<figures_cache::Figures>,
}

impl Store {
    /// Connects and applies pending migrations.
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        let db = Db::connect(url).await.map_err(|e| {
            anyhow::anyhow!("không kết nối được cơ sở dữ liệu «{}»: {e}", redact(url))
        })?;
        db.migrate()
            .await
            .map_err(|e| anyhow::anyhow!("không áp dụng được migration: {e}"))?;
        let store = Store::new(db);
        store
            .ensure_reference_data()
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(store)
    }

    /// Connects without migrating (for `tdkt migrate` to report, and tests).
    pub async fn connect(url: &str) -> std::result::Result<Store, sqlx::Error> {
        Ok(Store::new(Db::connect(url).await?))
    }

    fn new(db: Db) -> Store {
        Store {
            db,
            tree: Default::default(),
            figures: Default::default(),
        }
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Starts a write on behalf of `actor`; see [`WriteTx`].
    pub async fn begin<'a>(&self, actor: &'a Actor) -> Result<WriteTx<'a>> {
        let tx = self.db.begin().await.map_err(internal)?;
        Ok(WriteTx::new(tx, actor, self.tree.clone()))
    }

    /// Starts the write of a staff import of about `expected_rows` rows; a
    /// large one skips SQLite's foreign-key checks, since the import checks
    /// every unit it places people in and links only rows it has just written
    /// ([`Db::begin_bulk`]).
    pub async fn begin_people_import<'a>(
        &self,
        actor: &'a Actor,
        expected_rows: usize,
    ) -> Result<WriteTx<'a>> {
        let tx = if expected_rows >= import::BULK_REBUILD_MIN {
            self.db.begin_bulk().await
        } else {
            self.db.begin().await
        }
        .map_err(internal)?;
        Ok(WriteTx::new(tx, actor, self.tree.clone()))
    }

    /// Levels of the organisation tree, installed on first start.
    async fn ensure_reference_data(&self) -> Result<()> {
        let n: i64 = on_pool!(&self.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM unit_levels").fetch_one(p).await)
            .map_err(internal)?;
        if n == 0 {
            let actor = Actor::system("tdkt (khởi tạo)");
            let mut w = self.begin(&actor).await?;
            w.tree_changed();
            for l in tdkt_domain::org::default_levels() {
                on_tx!(&mut w.tx, c => sqlx::query("INSERT INTO unit_levels (code, name, rank) VALUES ($1, $2, $3)")
                    .bind(&l.code).bind(&l.name).bind(l.rank as i64).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
            }
            w.commit().await?;
        }
        Ok(())
    }

    pub async fn meta(&self, key: &str) -> Result<Option<String>> {
        on_pool!(&self.db, p => sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(key).fetch_optional(p).await)
            .map_err(internal)
    }
}

/// Hides a password in a database URL before it is printed.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Logs a database error with a reference id and returns the apology users see.
pub fn internal<E: std::fmt::Display>(e: E) -> Error {
    let mut b = [0u8; 4];
    let _ = getrandom::fill(&mut b);
    let reference = format!("{:08X}", u32::from_be_bytes(b));
    tracing::error!(reference = %reference, error = %e, "lỗi cơ sở dữ liệu");
    Error::Internal(reference)
}

/// Whether a database error is a uniqueness violation (a race the explicit
/// checks did not catch).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => d.is_unique_violation(),
        _ => false,
    }
}

impl Store {
    /// A consistent copy of a live SQLite database (`VACUUM INTO`), returning its size.
    pub async fn backup_sqlite(&self, to: &std::path::Path) -> Result<u64> {
        let Db::Sqlite { write, .. } = &self.db else {
            return Err(Error::invalid(
                "database",
                "Sao lưu bằng VACUUM INTO chỉ dành cho SQLite.",
            ));
        };
        let target = to.to_string_lossy().to_string();
        sqlx::query("VACUUM INTO $1")
            .bind(&target)
            .execute(write)
            .await
            .map_err(internal)?;
        Ok(std::fs::metadata(to).map(|m| m.len()).unwrap_or(0))
    }
}

impl Store {
    /// Refreshes the planner's statistics after a bulk load (a fresh table
    /// looks empty to the planner, which then sorts instead of using indexes).
    pub async fn analyze(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite { write, .. } => sqlx::query("ANALYZE").execute(write).await.map(|_| ()),
            Db::Postgres { pool, .. } => sqlx::query("ANALYZE").execute(pool).await.map(|_| ()),
        }
        .map_err(internal)
    }
}
