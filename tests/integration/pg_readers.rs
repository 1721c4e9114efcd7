//! The PostgreSQL connections lent for hot reads: a connection goes back for
//! the next statement only after one that succeeded; one whose statement failed
//! or was abandoned midway is closed, and the next loan opens a fresh one.

use sqlx::postgres::PgConnectOptions;
use std::str::FromStr;
use std::time::Duration;
use tdkt_store::on_reader;
use tdkt_store::pg_readers::PgReaders;

async fn backend_pid(readers: &PgReaders) -> i32 {
    on_reader!(readers, c => sqlx::query_scalar::<_, i32>("SELECT pg_backend_pid()").fetch_one(&mut *c).await)
        .expect("pid")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_comes_back_only_after_a_statement_that_succeeded() {
    let Some(db) = tdkt_tests::postgres().await else {
        return;
    };
    let readers = PgReaders::new(PgConnectOptions::from_str(&db.url).expect("url"), 1);
    let first = backend_pid(&readers).await;
    assert_eq!(backend_pid(&readers).await, first, "kept and lent again");

    // A failed statement: the connection is closed, not lent again.
    let failed: Result<i32, sqlx::Error> = on_reader!(readers, c =>
        sqlx::query_scalar::<_, i32>("SELECT 1 / (SELECT 0)").fetch_one(&mut *c).await);
    assert!(failed.is_err());
    let second = backend_pid(&readers).await;
    assert_ne!(
        second, first,
        "a connection whose statement failed was lent again"
    );

    // A request dropped while its statement runs: the answer still on its way
    // must not reach the next statement.
    let abandoned = tokio::time::timeout(Duration::from_millis(100), async {
        on_reader!(readers, c => sqlx::query_scalar::<_, i32>("SELECT 7 FROM pg_sleep(0.5)").fetch_one(&mut *c).await)
    })
    .await;
    assert!(abandoned.is_err(), "the statement was abandoned");
    let third = backend_pid(&readers).await;
    assert_ne!(third, second, "an abandoned connection was lent again");
    assert_eq!(
        on_reader!(readers, c => sqlx::query_scalar::<_, i32>("SELECT 42").fetch_one(&mut *c).await)
            .expect("a fresh answer"),
        42
    );

    // One connection at most: a second loan waits for the first.
    let held = readers.lease().await.expect("lease");
    assert!(
        tokio::time::timeout(Duration::from_millis(100), readers.lease())
            .await
            .is_err(),
        "a second connection was lent beyond the limit"
    );
    held.keep();
    assert_eq!(backend_pid(&readers).await, third);

    readers.close().await;
    assert!(
        readers.lease().await.is_err(),
        "closed readers lend nothing"
    );
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_connection_the_server_closed_is_replaced() {
    let Some(db) = tdkt_tests::postgres().await else {
        return;
    };
    let options = PgConnectOptions::from_str(&db.url).expect("url");
    let readers = PgReaders::new(options.clone(), 1).stale_after(Duration::ZERO);
    let first = backend_pid(&readers).await;
    // The server ends the idle connection (a restart, an administrator).
    let other = PgReaders::new(options, 1);
    let ended = on_reader!(other, c => sqlx::query_scalar::<_, bool>("SELECT pg_terminate_backend($1)").bind(first).fetch_one(&mut *c).await)
        .expect("terminate");
    assert!(ended);
    other.close().await;
    // Tested before it is lent: the read is answered, by a new connection.
    let second = backend_pid(&readers).await;
    assert_ne!(second, first);
    readers.close().await;
    db.close().await;
}
