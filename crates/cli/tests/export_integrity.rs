//! `tdkt export` never passes off a partial copy as whole: a stored row the
//! interchange format cannot express stops it, naming the row.

mod common;

use common::{run, text};

#[tokio::test]
async fn an_unreadable_row_stops_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.sqlite");
    let db = format!("sqlite:{}", file.display());
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/exchange/example.json"
    );
    let o = run(&["import", "--database", &db, example]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["export", "--database", &db, "--encoding", "document"]);
    assert!(o.status.success(), "{}", text(&o));
    // An award code this version does not know, as a newer one might store.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM awards")
        .fetch_one(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE awards SET award = 'HUAN_CHUONG_MOI' WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let o = run(&["export", "--database", &db, "--encoding", "document"]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("không xuất được: khen thưởng «{id}»")),
        "{}",
        text(&o)
    );
}
