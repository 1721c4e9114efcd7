//! PostgreSQL connections for the reads a page makes on every request, lent
//! without sqlx's pool.
//!
//! sqlx's pool tests every connection as it comes back (`ping`: a Sync and its
//! answer, one more round trip per statement) and wraps each loan in timers
//! and tasks: on the registration form, a quarter of the server's CPU went to
//! lending and taking back three connections. Here a connection is borrowed
//! from a list and put back only when its statement succeeded; one whose
//! statement failed, or whose request was dropped midway, is closed instead,
//! so no connection comes back in a state the next statement would trip on.
//! A connection idle for a while is tested before it is lent (the server may
//! have restarted meanwhile); one in steady use is not.
//! Nothing here writes: reads see the last committed state.

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{ConnectOptions, Connection};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, SemaphorePermit};

/// Idle longer than this, a connection is tested before it is lent.
const STALE_AFTER: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct PgReaders {
    options: PgConnectOptions,
    /// Idle connections, each with when it was put back.
    idle: Mutex<Vec<(PgConnection, Instant)>>,
    stale_after: Duration,
    /// At most this many statements at once (the pool size): more only queue
    /// inside the database.
    permits: Semaphore,
}

/// A connection on loan. Dropped without [`Lease::keep`], it is closed.
pub struct Lease<'a> {
    readers: &'a PgReaders,
    conn: PgConnection,
    _permit: SemaphorePermit<'a>,
}

impl PgReaders {
    /// `size` connections at most, opened when first needed.
    pub fn new(options: PgConnectOptions, size: usize) -> PgReaders {
        PgReaders {
            options,
            idle: Mutex::new(Vec::new()),
            stale_after: STALE_AFTER,
            permits: Semaphore::new(size.max(1)),
        }
    }

    /// Tests connections idle longer than `d` instead (tests).
    pub fn stale_after(mut self, d: Duration) -> PgReaders {
        self.stale_after = d;
        self
    }

    /// An idle connection, or a new one.
    pub async fn lease(&self) -> Result<Lease<'_>, sqlx::Error> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        let conn = match idle {
            Some((c, since)) if since.elapsed() < self.stale_after => c,
            Some((mut c, _)) => match c.ping().await {
                Ok(()) => c,
                // Closed by the server meanwhile: a new one.
                Err(_) => self.options.connect().await?,
            },
            None => self.options.connect().await?,
        };
        Ok(Lease {
            readers: self,
            conn,
            _permit: permit,
        })
    }

    /// Closes the idle connections (those on loan close as they come back).
    pub async fn close(&self) {
        self.permits.close();
        let idle: Vec<(PgConnection, Instant)> = self
            .idle
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default();
        for (c, _) in idle {
            let _ = c.close().await;
        }
    }
}

impl Lease<'_> {
    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.conn
    }

    /// Puts the connection back after a statement that succeeded.
    pub fn keep(self) {
        let Lease { readers, conn, .. } = self;
        if readers.permits.is_closed() {
            return;
        }
        if let Ok(mut idle) = readers.idle.lock() {
            idle.push((conn, Instant::now()));
        }
    }
}
