//! One handle over either backend. Queries are written once as `&'static str`
//! with `$1…$n` placeholders (both drivers accept them) and run through the
//! `on_pool!`/`on_tx!` macros, which compile the same code for each backend.

use crate::pg_readers::PgReaders;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Connection pools. SQLite gets one writer connection (writes are serialised
/// in-process, so two readers never deadlock upgrading to writers) and a pool of
/// readers; PostgreSQL one pool for both, and one for the reads whose best plan
/// depends on their values.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite {
        read: SqlitePool,
        write: SqlitePool,
        /// The hot reads, through rusqlite (see [`crate::sqlite_readers`]).
        readers: std::sync::Arc<crate::sqlite_readers::Readers>,
    },
    Postgres {
        pool: PgPool,
        /// Reads ([`on_pool!`], [`crate::Store::hot_rows`]), on connections lent
        /// without sqlx's pool (see [`crate::pg_readers`]).
        hot: Arc<PgReaders>,
        /// The same, for statements whose best plan depends on their values
        /// ([`crate::Store::hot_rows_per_value`], the staff list): connections
        /// that plan every statement for its values (`plan_cache_mode =
        /// force_custom_plan`). Their statements are still prepared once per
        /// connection: an unnamed statement costs a second round trip (sqlx
        /// describes it before binding) and a parse each time. PostgreSQL would
        /// otherwise switch a prepared statement to a generic plan after five
        /// runs, which for a department's page read the whole province.
        per_value: Arc<PgReaders>,
    },
}

/// A write transaction on either backend.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs the read `$body` with `$p` bound to the read pool of whichever
/// backend: on PostgreSQL, a connection of the `hot` readers (see [`Db::Postgres`]).
#[macro_export]
macro_rules! on_pool {
    ($db:expr, $p:ident => $body:expr) => {{
        $crate::db::count_query();
        match $db {
            $crate::db::Db::Sqlite { read: $p, .. } => $body,
            $crate::db::Db::Postgres { hot, .. } => $crate::on_reader!(hot, $p => $body),
        }
    }};
}

/// Runs `$body` with `$c` bound to a connection on loan from `$readers` (a
/// [`crate::pg_readers::PgReaders`]); it goes back only if `$body` succeeded.
#[macro_export]
macro_rules! on_reader {
    ($readers:expr, $c:ident => $body:expr) => {{
        match $readers.lease().await {
            Ok(mut lease) => {
                let $c = lease.conn();
                let r = $body;
                if r.is_ok() {
                    lease.keep();
                }
                r
            }
            Err(e) => Err(e),
        }
    }};
}

/// [`on_pool!`] for a statement whose best plan depends on its values: on
/// PostgreSQL, the connections that plan for them every time (see [`Db::Postgres`]).
#[macro_export]
macro_rules! on_per_value_pool {
    ($db:expr, $p:ident => $body:expr) => {{
        $crate::db::count_query();
        match $db {
            $crate::db::Db::Sqlite { read: $p, .. } => $body,
            $crate::db::Db::Postgres { per_value, .. } => $crate::on_reader!(per_value, $p => $body),
        }
    }};
}

/// Runs `$body` with `$c` bound to the open transaction's connection.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {{
        $crate::db::count_query();
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::db::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    }};
}

tokio::task_local! {
    static QUERIES: std::cell::Cell<u32>;
}

/// Counts one statement for the request being served, if any (see [`counting`]).
pub fn count_query() {
    let _ = QUERIES.try_with(|c| c.set(c.get() + 1));
}

/// Runs `f` counting the statements it sends (the access log's query count, to find
/// pages that talk to the database too often).
pub async fn counting<F: std::future::Future>(f: F) -> (F::Output, u32) {
    QUERIES
        .scope(std::cell::Cell::new(0), async {
            let out = f.await;
            (out, QUERIES.with(|c| c.get()))
        })
        .await
}

/// Reads rows of `sql` through one of the store's rusqlite readers (see
/// [`crate::sqlite_readers`]), its statement kept prepared. `$n` placeholders
/// must be numbered in order of first use: they bind by position.
pub fn sqlite_rows<T>(
    readers: &crate::sqlite_readers::Readers,
    sql: &str,
    params: Vec<rusqlite::types::Value>,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, String> {
    readers.read(1, |c| {
        let mut st = c.prepare_cached(sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(params), map)?;
        rows.collect()
    })
}

/// A value bound to a statement of [`crate::Store::hot_rows`].
pub(crate) enum Bind<'a> {
    Text(&'a str),
    Int(i64),
}

impl crate::Store {
    /// Rows of a statement a page runs on every request: on SQLite through the
    /// rusqlite readers, mapped by `map` (see [`crate::sqlite_readers`]); on
    /// PostgreSQL through sqlx, mapped by the type's `FromRow`.
    pub(crate) async fn hot_rows<T>(
        &self,
        sql: &'static str,
        binds: &[Bind<'_>],
        map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> crate::Result<Vec<T>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
    {
        self.hot_rows_planned(sql, binds, map, false).await
    }

    /// [`Self::hot_rows`] for a statement whose best plan depends on its values
    /// (a subtree's range, a page's offset): on PostgreSQL it runs on the
    /// connections that plan for the values each time (see [`Db::Postgres`]).
    /// A generic plan, which PostgreSQL would otherwise adopt after five runs,
    /// read the whole province for a department's page (a registration form:
    /// 3 ms → 30 ms).
    pub(crate) async fn hot_rows_per_value<T>(
        &self,
        sql: &'static str,
        binds: &[Bind<'_>],
        map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> crate::Result<Vec<T>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
    {
        self.hot_rows_planned(sql, binds, map, true).await
    }

    async fn hot_rows_planned<T>(
        &self,
        sql: &'static str,
        binds: &[Bind<'_>],
        map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
        per_value: bool,
    ) -> crate::Result<Vec<T>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
    {
        match &self.db {
            Db::Sqlite { readers, .. } => {
                let params = binds
                    .iter()
                    .map(|b| match b {
                        Bind::Text(t) => rusqlite::types::Value::Text(t.to_string()),
                        Bind::Int(i) => rusqlite::types::Value::Integer(*i),
                    })
                    .collect();
                sqlite_rows(readers, sql, params, map).map_err(crate::internal)
            }
            Db::Postgres {
                hot,
                per_value: planned,
                ..
            } => {
                count_query();
                let readers = if per_value { planned } else { hot };
                let mut q = sqlx::query_as::<_, T>(sql);
                for b in binds {
                    q = match b {
                        Bind::Text(t) => q.bind(*t),
                        Bind::Int(i) => q.bind(*i),
                    };
                }
                crate::on_reader!(readers, c => q.fetch_all(&mut *c).await).map_err(crate::internal)
            }
        }
    }
}

/// A SQLite timestamp column as sqlx writes it (RFC 3339), read through rusqlite.
pub fn sqlite_datetime(
    r: &rusqlite::Row<'_>,
    column: impl rusqlite::RowIndex,
) -> rusqlite::Result<Option<chrono::DateTime<chrono::Utc>>> {
    let text: Option<String> = r.get(column)?;
    Ok(text.and_then(|t| {
        chrono::DateTime::parse_from_rfc3339(&t)
            .map(|d| d.with_timezone(&chrono::Utc))
            .ok()
            .or_else(|| {
                chrono::NaiveDateTime::parse_from_str(&t, "%F %T%.f")
                    .ok()
                    .map(|d| d.and_utc())
            })
    }))
}

/// A SQLite date column (`YYYY-MM-DD`, as sqlx writes it) read through rusqlite.
pub fn sqlite_date(
    r: &rusqlite::Row<'_>,
    column: impl rusqlite::RowIndex,
) -> rusqlite::Result<Option<chrono::NaiveDate>> {
    // `str::parse` reads ISO dates with chrono's built-in items; `parse_from_str`
    // parsed its pattern on every call (two dates a person, fifty people a page).
    let text: Option<String> = r.get(column)?;
    Ok(text.and_then(|t| t.get(..10).unwrap_or(&t).parse::<chrono::NaiveDate>().ok()))
}

/// Connections to PostgreSQL: `TDKT_DB_POOL`, or twice this machine's cores (at
/// least 4). More connections than the database's cores only queue inside it:
/// on 2 cores, 16 connections answered no faster than 4 and with a p99 half as
/// high again (issue 11). A database on a larger server wants `TDKT_DB_POOL`
/// of about twice its cores.
fn pg_pool_size() -> u32 {
    std::env::var("TDKT_DB_POOL")
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as u32;
            (2 * cores).max(4)
        })
}

impl Db {
    /// Opens `sqlite:PATH` / `sqlite://PATH` or `postgres://…` (the URL decides).
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?.application_name("tdkt");
            let pool = PgPoolOptions::new()
                .max_connections(pg_pool_size())
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts.clone())
                .await?;
            let size = pg_pool_size() as usize;
            let hot = Arc::new(PgReaders::new(opts.clone(), size));
            let per_value = Arc::new(PgReaders::new(
                opts.options([("plan_cache_mode", "force_custom_plan")]),
                size,
            ));
            Ok(Db::Postgres {
                pool,
                hot,
                per_value,
            })
        } else {
            let path = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:");
            let base = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // Acknowledged writes survive a crash (house rule), at some cost.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("temp_store", "memory")
                .pragma("cache_size", "-32000")
                // New databases only (an existing file keeps its page size):
                // 16 KiB pages cut a 50,000-row import's commit and checkpoint
                // by a fifth against SQLite's default 4 KiB (BENCHMARKS.md).
                .page_size(16384)
                .collation("vi", tdkt_domain::text::compare_vi);
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                // A bulk load turns foreign-key checks off for its own
                // transaction (see `begin_bulk`); every release of the writer
                // turns them back on, whether that load committed or failed.
                .after_release(|conn, _| {
                    Box::pin(async move {
                        sqlx::query("PRAGMA foreign_keys = ON")
                            .execute(&mut *conn)
                            .await
                            .map(|_| true)
                    })
                })
                .connect_with(base.clone())
                .await?;
            let readers = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .clamp(2, 8) as u32;
            let read = SqlitePoolOptions::new()
                .max_connections(readers * 2)
                .min_connections(1)
                .connect_with(base.read_only(false))
                .await?;
            let readers = std::sync::Arc::new(crate::sqlite_readers::Readers::new(
                path,
                readers as usize * 2,
            ));
            Ok(Db::Sqlite {
                read,
                write,
                readers,
            })
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres { .. } => Backend::Postgres,
        }
    }

    /// Begins a write transaction (`BEGIN IMMEDIATE` on SQLite).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self {
            Db::Sqlite { write, .. } => Ok(Tx::Sqlite(write.begin_with("BEGIN IMMEDIATE").await?)),
            Db::Postgres { pool, .. } => Ok(Tx::Postgres(pool.begin().await?)),
        }
    }

    /// Begins a write transaction for a bulk load whose references the
    /// caller has checked itself: on SQLite without foreign-key checks (a
    /// lookup of the parent row for each of the four references of a new
    /// person). PostgreSQL keeps its checks (they cannot be turned off per
    /// transaction without superuser rights).
    pub async fn begin_bulk(&self) -> Result<Tx, sqlx::Error> {
        match self {
            // The pragma is a no-op inside a transaction, hence before BEGIN.
            Db::Sqlite { write, .. } => Ok(Tx::Sqlite(
                write
                    .begin_with("PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE")
                    .await?,
            )),
            Db::Postgres { pool, .. } => Ok(Tx::Postgres(pool.begin().await?)),
        }
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite { write, .. } => sqlx::migrate!("./migrations/sqlite").run(write).await,
            Db::Postgres { pool, .. } => sqlx::migrate!("./migrations/postgres").run(pool).await,
        }
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_pool!(self, p => sqlx::query("SELECT 1").execute(p).await.map(|_| ()))
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write, .. } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres {
                pool,
                hot,
                per_value,
            } => {
                hot.close().await;
                per_value.close().await;
                pool.close().await;
            }
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_dates_read_as_sqlx_writes_them() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let row = |sql: &str| {
            c.query_row(sql, [], |r| {
                Ok((super::sqlite_date(r, 0)?, super::sqlite_datetime(r, 1)?))
            })
            .unwrap()
        };
        let (d, t) = row("SELECT '2021-03-15', '2021-03-15T10:20:30.5+00:00'");
        assert_eq!(d, chrono::NaiveDate::from_ymd_opt(2021, 3, 15));
        assert_eq!(t.unwrap().to_rfc3339(), "2021-03-15T10:20:30.500+00:00");
        let (d, t) = row("SELECT '2021-03-15 00:00:00', '2021-03-15 10:20:30'");
        assert_eq!(d, chrono::NaiveDate::from_ymd_opt(2021, 3, 15));
        assert_eq!(t.unwrap().to_rfc3339(), "2021-03-15T10:20:30+00:00");
        assert_eq!(row("SELECT NULL, NULL"), (None, None));
        assert_eq!(row("SELECT 'không phải ngày', 'x'"), (None, None));
    }
}
