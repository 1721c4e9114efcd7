//! The two schemas are twins: after every migration, SQLite and PostgreSQL have
//! the same tables and columns, with types that map onto each other, the same
//! nullability and (normalised) defaults, the same primary keys, foreign keys
//! and indexes (names, columns, uniqueness). A difference fails with a list of
//! every mismatch, one per line.
//!
//! Key columns are compared; PostgreSQL's `INCLUDE` columns are not (an
//! index there includes `id` to cover what a SQLite index covers with its
//! rowid).
//!
//! One kind of index differs by nature: substring search is an FTS5 table on
//! SQLite (a virtual table with shadow tables of its own) and a pg_trgm GIN
//! index on PostgreSQL. Virtual and shadow tables are not compared as tables;
//! an FTS5 table over another table's column counts as an index of that
//! table, so it must pair with PostgreSQL's index of the same name.

use std::collections::{BTreeMap, BTreeSet};

/// Declared SQLite type → PostgreSQL type, for every pair the schema may use.
/// The dialect differences this admits, and why:
/// - `TEXT` ↔ `date` / `timestamp with time zone`: SQLite has no date type;
///   sqlx stores chrono dates and timestamps there as ISO text.
/// - `INTEGER` ↔ `bigint`: SQLite integers are 64-bit; PostgreSQL's `integer`
///   is 32-bit and would not decode as `i64`, so it is *not* accepted.
const TYPE_PAIRS: &[(&str, &str)] = &[
    ("INTEGER", "bigint"),
    ("TEXT", "text"),
    ("TEXT", "date"),
    ("TEXT", "timestamp with time zone"),
    ("BLOB", "bytea"),
    ("BOOLEAN", "boolean"),
    ("REAL", "double precision"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    ty: String,
    not_null: bool,
    default: Option<String>,
    /// The key is drawn by the database (SQLite's rowid alias, PostgreSQL's
    /// identity or sequence).
    generated: bool,
}

#[derive(Debug, Default)]
struct Schema {
    columns: BTreeMap<(String, String), Column>,
    primary_keys: BTreeSet<(String, String)>,
    /// (table, columns, referenced table, referenced columns, on delete, on update)
    foreign_keys: BTreeSet<(String, String, String, String, String, String)>,
    /// (table, name, columns, unique, partial) of indexes made by CREATE INDEX
    named_indexes: BTreeSet<(String, String, String, bool, bool)>,
    /// (table, columns) of UNIQUE constraints (their index names are the
    /// dialect's own: `sqlite_autoindex_…` / `…_key`)
    unique_constraints: BTreeSet<(String, String)>,
}

/// A default as both dialects would agree on it: PostgreSQL's casts
/// (`''::text`) and parentheses dropped, keywords lowercased, quoted text kept.
fn normalise_default(d: &str) -> String {
    let mut s = d.trim();
    while s.starts_with('(') && s.ends_with(')') {
        s = s[1..s.len() - 1].trim();
    }
    let s = match s.rfind("::") {
        Some(i) if !s[i..].contains('\'') => &s[..i],
        _ => s,
    };
    if s.starts_with('\'') {
        s.to_string()
    } else {
        s.to_lowercase()
    }
}

fn action(a: &str) -> String {
    match a {
        "a" | "NO ACTION" => "no action",
        "r" | "RESTRICT" => "restrict",
        "c" | "CASCADE" => "cascade",
        "n" | "SET NULL" => "set null",
        "d" | "SET DEFAULT" => "set default",
        other => return format!("? {other}"),
    }
    .into()
}

type LiteColumn = (String, String, String, i64, Option<String>, i64);
type LiteFk = (
    String,
    i64,
    i64,
    String,
    String,
    Option<String>,
    String,
    String,
);
type LiteIndex = (String, String, i64, String, i64, i64, Option<String>);

async fn sqlite_schema(pool: &sqlx::SqlitePool) -> Schema {
    let mut s = Schema::default();
    let cols: Vec<LiteColumn> = sqlx::query_as(
        "SELECT m.name, p.name, upper(p.type), p.\"notnull\", p.dflt_value, p.pk
         FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'
           AND m.name IN (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table')
         ORDER BY m.name, p.cid",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    // A WITHOUT ROWID table has no rowid: its INTEGER PRIMARY KEY is a plain key.
    let without_rowid: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND upper(sql) LIKE '%WITHOUT ROWID%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut pk_cols: BTreeMap<String, Vec<(i64, String, String)>> = BTreeMap::new();
    for (t, c, ty, _, _, pk) in &cols {
        if *pk > 0 {
            pk_cols
                .entry(t.clone())
                .or_default()
                .push((*pk, c.clone(), ty.clone()));
        }
    }
    for (t, c, ty, nn, dflt, pk) in cols {
        let pk_of_table = &pk_cols.get(&t).cloned().unwrap_or_default();
        // A single INTEGER PRIMARY KEY is the rowid: never NULL, drawn by SQLite.
        let rowid =
            pk > 0 && pk_of_table.len() == 1 && ty == "INTEGER" && !without_rowid.contains(&t);
        // SQLite lets other PRIMARY KEY columns hold NULL (a legacy quirk
        // PostgreSQL does not share); the store never writes a NULL key, so
        // they count as NOT NULL here.
        let not_null = nn == 1 || pk > 0;
        s.columns.insert(
            (t, c),
            Column {
                ty,
                not_null,
                default: dflt.as_deref().map(normalise_default),
                generated: rowid,
            },
        );
    }
    for (t, mut pk) in pk_cols {
        pk.sort();
        let names: Vec<String> = pk.into_iter().map(|(_, c, _)| c).collect();
        s.primary_keys.insert((t, names.join(",")));
    }
    // Foreign keys, one row per column of each constraint.
    let fks: Vec<LiteFk> = sqlx::query_as(
        "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_delete, f.on_update
         FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'
           AND m.name IN (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table')
         ORDER BY m.name, f.id, f.seq",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut grouped: BTreeMap<(String, i64), Vec<LiteFk>> = BTreeMap::new();
    for f in fks {
        grouped.entry((f.0.clone(), f.1)).or_default().push(f);
    }
    for ((t, _), rows) in grouped {
        let from: Vec<&str> = rows.iter().map(|r| r.4.as_str()).collect();
        let target = rows[0].3.clone();
        // `REFERENCES t` without columns means t's primary key.
        let to: Vec<String> = if rows.iter().all(|r| r.5.is_some()) {
            rows.iter().map(|r| r.5.clone().unwrap()).collect()
        } else {
            s.primary_keys
                .iter()
                .find(|(pt, _)| *pt == target)
                .map(|(_, c)| c.split(',').map(String::from).collect())
                .unwrap_or_default()
        };
        s.foreign_keys.insert((
            t,
            from.join(","),
            target,
            to.join(","),
            action(&rows[0].6),
            action(&rows[0].7),
        ));
    }
    let idx: Vec<LiteIndex> = sqlx::query_as(
        "SELECT m.name, il.name, il.\"unique\", il.origin, il.partial, ii.seqno, ii.name
         FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'
           AND m.name IN (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table')
         ORDER BY m.name, il.name, ii.seqno",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut by_index: BTreeMap<(String, String), Vec<LiteIndex>> = BTreeMap::new();
    for i in idx {
        by_index
            .entry((i.0.clone(), i.1.clone()))
            .or_default()
            .push(i);
    }
    for ((t, name), rows) in by_index {
        let cols: Vec<String> = rows
            .iter()
            .map(|r| r.6.clone().unwrap_or_else(|| "<expr>".into()))
            .collect();
        let (unique, origin, partial) = (rows[0].2 == 1, rows[0].3.as_str(), rows[0].4 == 1);
        match origin {
            "c" => {
                s.named_indexes
                    .insert((t, name, cols.join(","), unique, partial));
            }
            "u" => {
                s.unique_constraints.insert((t, cols.join(",")));
            }
            // The primary key's index: compared as the primary key.
            _ => {}
        }
    }
    // A full-text table over another table's column (FTS5, external
    // content) is SQLite's index for substring search; PostgreSQL's
    // counterpart is a trigram index of the same name on the same column.
    // Its shadow tables (`…_data`, `…_idx`…) are FTS5's storage, left out
    // above with every virtual table.
    let fts: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master
         WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (name, sql) in fts {
        let cols: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                .bind(&name)
                .fetch_all(pool)
                .await
                .unwrap();
        let table = fts_content_table(&sql)
            .unwrap_or_else(|| panic!("{name}: an FTS5 table without external content"));
        s.named_indexes
            .insert((table, name, cols.join(","), false, false));
    }
    s
}

/// The `content = '…'` table of an FTS5 table's definition.
fn fts_content_table(sql: &str) -> Option<String> {
    let args = &sql[sql.find('(')? + 1..sql.rfind(')')?];
    args.split(',').find_map(|a| {
        let (key, value) = a.split_once('=')?;
        (key.trim() == "content").then(|| value.trim().trim_matches(['\'', '"']).to_string())
    })
}

type PgColumn = (String, String, String, bool, Option<String>, bool);
type PgIndex = (String, String, bool, bool, bool, bool, String);

async fn postgres_schema(pool: &sqlx::PgPool) -> Schema {
    let mut s = Schema::default();
    let cols: Vec<PgColumn> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'NO',
                column_default::text, is_identity = 'YES'
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'
         ORDER BY 1, ordinal_position",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (t, c, ty, not_null, dflt, identity) in cols {
        let serial = dflt.as_deref().is_some_and(|d| d.starts_with("nextval("));
        s.columns.insert(
            (t, c),
            Column {
                ty,
                not_null,
                default: if serial {
                    None
                } else {
                    dflt.as_deref().map(normalise_default)
                },
                generated: identity || serial,
            },
        );
    }
    let fks: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT c.conrelid::regclass::text,
                (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord)
                   FROM unnest(c.conkey) WITH ORDINALITY k(att, ord)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att),
                c.confrelid::regclass::text,
                (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord)
                   FROM unnest(c.confkey) WITH ORDINALITY k(att, ord)
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.att),
                c.confdeltype::text, c.confupdtype::text
         FROM pg_constraint c
         WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (t, from, target, to, del, upd) in fks {
        s.foreign_keys
            .insert((t, from, target, to, action(&del), action(&upd)));
    }
    let idx: Vec<PgIndex> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text, ix.indisunique, ix.indisprimary,
                EXISTS (SELECT 1 FROM pg_constraint c
                         WHERE c.conindid = ix.indexrelid AND c.conrelid = ix.indrelid
                           AND c.contype IN ('p', 'u')),
                ix.indpred IS NOT NULL,
                (SELECT string_agg(COALESCE(a.attname::text, '<expr>'), ',' ORDER BY k.ord)
                   FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(att, ord)
                   LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.att
                  WHERE k.ord <= ix.indnkeyatts)
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = 'public' AND t.relname NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (t, name, unique, primary, constraint, partial, cols) in idx {
        if primary {
            s.primary_keys.insert((t, cols));
        } else if constraint {
            s.unique_constraints.insert((t, cols));
        } else {
            // SQLite's indexes end with the rowid of themselves: a PostgreSQL
            // index that names `id` last says the same.
            let cols = match cols.strip_suffix(",id") {
                Some(c) if !unique => c.to_string(),
                _ => cols,
            };
            s.named_indexes.insert((t, name, cols, unique, partial));
        }
    }
    s
}

/// Every difference between the two schemas, one line each.
fn differences(lite: &Schema, pg: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    for (key, l) in &lite.columns {
        let Some(p) = pg.columns.get(key) else {
            out.push(format!("{}.{}: only in SQLite", key.0, key.1));
            continue;
        };
        let col = format!("{}.{}", key.0, key.1);
        if !TYPE_PAIRS.contains(&(l.ty.as_str(), p.ty.as_str())) {
            out.push(format!(
                "{col}: type {} (SQLite) vs {} (PostgreSQL)",
                l.ty, p.ty
            ));
        }
        if l.not_null != p.not_null {
            out.push(format!(
                "{col}: NOT NULL {} (SQLite) vs {} (PostgreSQL)",
                l.not_null, p.not_null
            ));
        }
        if l.default != p.default {
            out.push(format!(
                "{col}: default {:?} (SQLite) vs {:?} (PostgreSQL)",
                l.default, p.default
            ));
        }
        if l.generated != p.generated {
            out.push(format!(
                "{col}: generated key {} (SQLite) vs {} (PostgreSQL)",
                l.generated, p.generated
            ));
        }
    }
    for key in pg.columns.keys() {
        if !lite.columns.contains_key(key) {
            out.push(format!("{}.{}: only in PostgreSQL", key.0, key.1));
        }
    }
    fn sides<T: Ord + std::fmt::Debug>(
        out: &mut Vec<String>,
        what: &str,
        l: &BTreeSet<T>,
        p: &BTreeSet<T>,
    ) {
        for x in l.difference(p) {
            out.push(format!("{what} only in SQLite: {x:?}"));
        }
        for x in p.difference(l) {
            out.push(format!("{what} only in PostgreSQL: {x:?}"));
        }
    }
    sides(
        &mut out,
        "primary key",
        &lite.primary_keys,
        &pg.primary_keys,
    );
    sides(
        &mut out,
        "foreign key",
        &lite.foreign_keys,
        &pg.foreign_keys,
    );
    sides(&mut out, "index", &lite.named_indexes, &pg.named_indexes);
    sides(
        &mut out,
        "unique constraint",
        &lite.unique_constraints,
        &pg.unique_constraints,
    );
    out
}

#[test]
fn defaults_normalise_across_dialects() {
    assert_eq!(normalise_default("''::text"), "''");
    assert_eq!(normalise_default("''"), "''");
    assert_eq!(normalise_default("TRUE"), "true");
    assert_eq!(normalise_default("(0)"), "0");
    assert_eq!(normalise_default("'a::b'::text"), "'a::b'");
    assert_ne!(normalise_default("'x'"), normalise_default("'y'"));
}

#[test]
fn fts_tables_name_their_content() {
    let sql = "CREATE VIRTUAL TABLE people_fts USING fts5(
        name_search, content = 'people', content_rowid = 'id', tokenize = 'trigram')";
    assert_eq!(fts_content_table(sql).as_deref(), Some("people"));
    assert_eq!(
        fts_content_table("CREATE VIRTUAL TABLE t USING fts5(a)"),
        None
    );
}

#[test]
fn a_difference_is_reported() {
    // The comparison itself must be able to fail.
    let col = |ty: &str, nn: bool| Column {
        ty: ty.into(),
        not_null: nn,
        default: None,
        generated: false,
    };
    let mut l = Schema::default();
    let mut p = Schema::default();
    l.columns
        .insert(("t".into(), "a".into()), col("INTEGER", true));
    p.columns
        .insert(("t".into(), "a".into()), col("integer", true));
    l.columns
        .insert(("t".into(), "b".into()), col("TEXT", true));
    p.columns
        .insert(("t".into(), "b".into()), col("date", false));
    l.named_indexes
        .insert(("t".into(), "t_a".into(), "a".into(), false, false));
    p.named_indexes
        .insert(("t".into(), "t_a".into(), "a".into(), true, false));
    let d = differences(&l, &p);
    assert!(d.iter().any(|x| x.contains("t.a: type INTEGER")), "{d:?}");
    assert!(d.iter().any(|x| x.contains("t.b: NOT NULL")), "{d:?}");
    assert!(!d.iter().any(|x| x.contains("t.b: type")), "{d:?}");
    assert_eq!(d.iter().filter(|x| x.starts_with("index")).count(), 2);
}

#[tokio::test]
async fn schemas_match_between_backends() {
    let lite = tdkt_tests::sqlite().await;
    let Some(pg) = tdkt_tests::postgres().await else {
        return;
    };
    let l = match &lite.store.db {
        tdkt_store::Db::Sqlite { read, .. } => sqlite_schema(read).await,
        _ => unreachable!(),
    };
    let p = match &pg.store.db {
        tdkt_store::Db::Postgres { pool, .. } => postgres_schema(pool).await,
        _ => unreachable!(),
    };
    // The comparison saw the schema, not an empty catalogue.
    assert!(l.columns.len() > 100, "{} columns", l.columns.len());
    assert!(l.foreign_keys.len() > 10 && l.named_indexes.len() > 10);
    if std::env::var("TDKT_SCHEMA_DUMP").is_ok() {
        eprintln!("{l:#?}\n{p:#?}");
    }
    let d = differences(&l, &p);
    assert!(d.is_empty(), "the schemas differ:\n{}", d.join("\n"));
    lite.close().await;
    pg.close().await;
}
