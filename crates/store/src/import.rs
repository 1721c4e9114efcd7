//! Bulk import of a staff list in one transaction, fed in batches while the
//! sheet is still being read: new people are inserted as they come, known ones
//! (same code, or same name and birth date when the sheet has no codes)
//! updated at the end; every change lands in the audit log. Problems are
//! gathered to the end, and then nothing is kept (the caller drops the
//! transaction).

use crate::db::Tx;
use crate::write::Change;
use crate::{Result, WriteTx, internal, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use tdkt_domain::auth::Action;
use tdkt_domain::codes::StaffCategory;
use tdkt_domain::error::{Error, FieldError, Location, Problems};
use tdkt_domain::org::ValidPerson;
use tdkt_domain::text::{NameSortKeys, fold, fold_into, name_words};

/// Seeded per process (so sheets cannot be made to collide), and quicker
/// than the standard SipHash on short codes and names.
type FastHash = foldhash::fast::RandomState;

/// A validated row of an import, with the row it came from.
#[derive(Debug, Clone)]
pub struct ImportPerson {
    pub row: u32,
    pub person: ValidPerson,
    /// False when the sheet had no code column: the code is to be matched or generated.
    pub code_given: bool,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[derive(sqlx::FromRow, Clone)]
struct Existing {
    id: i64,
    code: String,
    full_name: String,
    gender: String,
    birth_date: Option<NaiveDate>,
    position: String,
    is_manager: bool,
    staff_category: String,
    unit_id: i64,
    unit_path: String,
    employment_start: Option<NaiveDate>,
    email: String,
    phone: String,
    active: bool,
}

const EXISTING_COLUMNS: &str = "id, code, full_name, gender, birth_date, position, is_manager, staff_category, unit_id, unit_path,
    employment_start, email, phone, active";

/// Rows per multi-row INSERT on PostgreSQL, and codes per lookup.
const BATCH: usize = 500;

/// Page cache for a large load (see `set_large_load_cache`): 8 MiB measured
/// best for 50,000 rows against 32 MiB and 256 MiB (BENCHMARKS.md).
const LARGE_LOAD_CACHE_KIB: i64 = 8192;

/// A large load: from this many rows SQLite's foreign-key checks are left
/// out (`Store::begin_people_import`), and (when the table holds fewer) the
/// name-order index is rebuilt once instead of maintained row by row.
pub(crate) const BULK_REBUILD_MIN: usize = 5000;

/// From this many rows created or changed, the planner's statistics of the
/// tables written are refreshed before the commit (a table it last saw small
/// would be sorted in full instead of read through its indexes).
const ANALYZE_MIN_ROWS: usize = 1000;

/// The tables whose statistics a large import makes stale enough to matter:
/// the staff list's plan depends on `people`'s. (Placements and employment
/// periods are only ever read by person through their one index, which even
/// stale statistics choose; the audit log gets one line per thousand people.)
const ANALYZED_TABLES: [&str; 1] = ["people"];

/// Up to this many people already registered are read once and matched in
/// memory; beyond, each batch looks its codes up.
const REGISTER_IN_MEMORY: i64 = 200_000;

/// Everyone already registered: for sheets without codes (matched by name
/// and birth date; new people get the next free generated code), and for
/// any sheet while the register is small.
struct Registered {
    people: Vec<Existing>,
    by_code: HashMap<String, usize>,
    by_name_birth: HashMap<(String, Option<NaiveDate>), usize>,
    next_code: usize,
}

/// An import under way: what has been seen, found wrong, and done so far.
pub struct PeopleImport {
    sheet: String,
    expected_rows: usize,
    /// Indexes set aside for a large load, rebuilt at the end.
    dropped_indexes: Vec<(String, String)>,
    /// Ids of the people created so far (consecutive: the transaction is the
    /// only writer), added to the search index at the end in one statement:
    /// 50,000 people cost a third of the time they cost batch by batch.
    created: Option<(i64, i64)>,
    /// The page cache's size before a large load changed it.
    cache_pages: Option<i64>,
    /// SQLite's log, to flush to disk before the commit of a large load.
    log_file: Option<std::path::PathBuf>,
    /// Unit id → its path, once permission on it was checked.
    unit_paths: HashMap<i64, String>,
    seen_codes: HashMap<String, u32, FastHash>,
    registered: Option<Registered>,
    /// Whether the register's size was looked at (to choose how to match).
    register_sized: bool,
    sort_keys: NameSortKeys,
    problems: Problems,
    updates: Vec<(Existing, ImportPerson)>,
    report: ImportReport,
}

impl PeopleImport {
    /// Problems found while reading the sheet; the import will keep nothing.
    pub fn add_problems(&mut self, problems: Vec<FieldError>) {
        self.problems.extend(problems);
    }

    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty()
    }

    fn problem(&mut self, row: u32, field: &str, message: String) {
        let sheet = self.sheet.clone();
        self.problems
            .push(FieldError::new(field, message).at(Location {
                sheet: Some(sheet),
                row: Some(row),
                column: None,
            }));
    }
}

impl WriteTx<'_> {
    /// Imports people from a whole list; `sheet` names the sheet for error
    /// locations. Either every row is stored or none (the caller drops the
    /// transaction on error).
    pub async fn import_people(
        &mut self,
        sheet: &str,
        rows: Vec<ImportPerson>,
    ) -> Result<ImportReport> {
        let mut imp = self.start_people_import(sheet, rows.len());
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let batch: Vec<ImportPerson> = rows.by_ref().take(1000).collect();
            self.import_people_batch(&mut imp, batch).await?;
        }
        self.finish_people_import(imp).await
    }

    /// Begins an import of the sheet `sheet` of about `expected_rows` rows;
    /// feed it with [`Self::import_people_batch`] and end it with
    /// [`Self::finish_people_import`].
    pub fn start_people_import(&self, sheet: &str, expected_rows: usize) -> PeopleImport {
        PeopleImport {
            sheet: sheet.to_string(),
            expected_rows,
            dropped_indexes: Vec::new(),
            created: None,
            cache_pages: None,
            log_file: None,
            unit_paths: HashMap::new(),
            seen_codes: HashMap::default(),
            registered: None,
            register_sized: false,
            sort_keys: NameSortKeys::default(),
            problems: Problems::default(),
            updates: Vec::new(),
            report: ImportReport::default(),
        }
    }

    /// Takes the next rows: checks them against the register and each other,
    /// and inserts the new people at once (while no problem is known).
    pub async fn import_people_batch(
        &mut self,
        imp: &mut PeopleImport,
        rows: Vec<ImportPerson>,
    ) -> Result<()> {
        let result = self.take_batch(imp, rows).await;
        if result.is_err() {
            // The caller drops the transaction; the connection lives on.
            self.shrink_cache(imp).await?;
        }
        result
    }

    /// The connection's page cache back to its size before a large load.
    async fn shrink_cache(&mut self, imp: &mut PeopleImport) -> Result<()> {
        match imp.cache_pages.take() {
            Some(pages) => self.set_sqlite_cache(pages).await,
            None => Ok(()),
        }
    }

    async fn take_batch(&mut self, imp: &mut PeopleImport, rows: Vec<ImportPerson>) -> Result<()> {
        self.check_units(imp, &rows).await?;
        if !imp.register_sized {
            imp.register_sized = true;
            let n: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(c).await)
                .map_err(internal)?;
            if n <= REGISTER_IN_MEMORY {
                imp.registered = Some(self.load_registered().await?);
            }
            // A large load into a smaller table goes faster into bare tables
            // whose indexes are built once, sorted, at the end. On SQLite only:
            // the transaction already holds the only write lock, and readers
            // keep their snapshot with its indexes (PostgreSQL would lock the
            // table for the whole import).
            if matches!(self.tx, Tx::Sqlite(_))
                && imp.expected_rows >= BULK_REBUILD_MIN
                && imp.expected_rows as i64 >= n
            {
                imp.dropped_indexes = self.drop_sqlite_indexes(&["people_sort"]).await?;
                imp.cache_pages = self.set_large_load_cache().await?;
                imp.log_file = self.sqlite_log_file().await?;
            }
        }
        if rows.iter().any(|r| !r.code_given) && imp.registered.is_none() {
            imp.registered = Some(self.load_registered().await?);
        }
        let by_code = match imp.registered {
            Some(_) => HashMap::new(),
            None => self.registered_by_code(&rows).await?,
        };
        let mut creates: Vec<ImportPerson> = Vec::new();
        for mut r in rows {
            let hit: Option<Existing> = if r.code_given {
                match &imp.registered {
                    Some(reg) => reg
                        .by_code
                        .get(r.person.code.as_str())
                        .map(|i| reg.people[*i].clone()),
                    None => by_code.get(r.person.code.as_str()).cloned(),
                }
            } else if let Some(reg) = imp.registered.as_mut() {
                let hit = reg
                    .by_name_birth
                    .get(&(fold(&r.person.full_name), r.person.birth_date))
                    .map(|i| reg.people[*i].clone());
                r.person.code = match &hit {
                    Some(e) => e.code.clone(),
                    None => loop {
                        let c = format!("CB{:06}", reg.next_code);
                        reg.next_code += 1;
                        if !reg.by_code.contains_key(&c) && !imp.seen_codes.contains_key(&c) {
                            break c;
                        }
                    },
                };
                hit
            } else {
                None
            };
            if let Some(first) = imp.seen_codes.insert(r.person.code.clone(), r.row) {
                let msg = format!("Mã cán bộ «{}» trùng với dòng {first}.", r.person.code);
                imp.problem(r.row, "code", msg);
                continue;
            }
            match hit {
                Some(e) => {
                    if !self.actor.can(Action::ManagePeople, &e.unit_path) {
                        let msg = format!(
                            "Mã «{}» là của một cán bộ đơn vị khác, ngoài phạm vi quản lý của bạn.",
                            e.code
                        );
                        imp.problem(r.row, "code", msg);
                    } else if same(&e, &r.person) {
                        imp.report.unchanged += 1;
                    } else {
                        imp.updates.push((e, r));
                    }
                }
                None => creates.push(r),
            }
        }
        if imp.has_problems() || creates.is_empty() {
            return Ok(());
        }
        let ids = self
            .insert_people(&creates, &imp.unit_paths, &mut imp.sort_keys)
            .await?;
        if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
            imp.created = Some((imp.created.map_or(*first, |(f, _)| f), *last));
        }
        self.audit_created(imp, &creates, &ids).await?;
        imp.report.created += creates.len();
        Ok(())
    }

    /// Applies the updates and closes the import with one audit line; every
    /// problem gathered is returned instead, located and in sheet order.
    pub async fn finish_people_import(&mut self, mut imp: PeopleImport) -> Result<ImportReport> {
        if !imp.problems.is_empty() {
            self.shrink_cache(&mut imp).await?;
            let mut problems = std::mem::take(&mut imp.problems);
            problems.sort_by_key(|p| p.location.as_ref().and_then(|l| l.row).unwrap_or(0));
            return Err(Error::Validation(problems.into_errors()));
        }
        if let Some(log) = imp.log_file.take() {
            flush_in_background(log);
        }
        let indexes = std::mem::take(&mut imp.dropped_indexes);
        self.restore_indexes(indexes).await?;
        // Before the updates: their trigger takes people out of the index
        // by their old text, which the index must hold.
        if let Some((first, last)) = imp.created.take() {
            self.index_new_people(first, last).await?;
            // Counted once for the whole load: an upsert per batch would leave a dead
            // copy of each unit's count row per batch.
            // On PostgreSQL another session may take ids between ours (its own insert
            // counts them): our rows are also the ones written at this transaction's time.
            let now = self.now;
            match &mut self.tx {
                crate::db::Tx::Sqlite(t) => {
                    sqlx::query(crate::people::count_new_people!("id BETWEEN $1 AND $2"))
                        .bind(first)
                        .bind(last)
                        .execute(&mut **t)
                        .await
                        .map(|r| r.rows_affected())
                }
                crate::db::Tx::Postgres(t) => sqlx::query(crate::people::count_new_people!(
                    "id BETWEEN $1 AND $2 AND created_at = $3"
                ))
                .bind(first)
                .bind(last)
                .bind(now)
                .execute(&mut **t)
                .await
                .map(|r| r.rows_affected()),
            }
            .map_err(internal)?;
            crate::db::count_query();
        }
        self.shrink_cache(&mut imp).await?;
        let today = tdkt_domain::clock::vietnam_date(self.now);
        // One by one: a re-import usually changes few rows.
        for (e, r) in std::mem::take(&mut imp.updates) {
            self.update_person(e.id, &r.person, today).await?;
            imp.report.updated += 1;
        }
        let report = imp.report;
        if report.created + report.updated >= ANALYZE_MIN_ROWS {
            self.analyze_people_tables().await?;
        }
        self.audit(Change {
            action: "import",
            entity: "staff_sheet",
            entity_id: imp.sheet.clone(),
            unit_path: "",
            summary: format!(
                "Nhập danh sách cán bộ từ trang «{}»: thêm {}, cập nhật {}, không đổi {}",
                imp.sheet, report.created, report.updated, report.unchanged
            ),
            old: None,
            new: Some(json!(report)),
        })
        .await?;
        Ok(report)
    }

    /// Permission on every target unit, checked once per unit.
    async fn check_units(&mut self, imp: &mut PeopleImport, rows: &[ImportPerson]) -> Result<()> {
        let new: BTreeSet<i64> = rows
            .iter()
            .map(|r| r.person.unit_id)
            .filter(|u| !imp.unit_paths.contains_key(u))
            .collect();
        for uid in new {
            let row: Option<(String, bool)> = on_tx!(&mut self.tx, c => sqlx::query_as("SELECT path, active FROM units WHERE id = $1").bind(uid).fetch_optional(c).await)
                .map_err(internal)?;
            match row {
                Some((path, true)) => {
                    self.require(Action::ManagePeople, &path)?;
                    imp.unit_paths.insert(uid, path);
                }
                _ => {
                    return Err(Error::invalid(
                        "unit",
                        "Đơn vị không tồn tại hoặc đã ngừng hoạt động.",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The registered people whose codes the rows give, by code.
    async fn registered_by_code(
        &mut self,
        rows: &[ImportPerson],
    ) -> Result<HashMap<String, Existing>> {
        let codes: Vec<&str> = rows
            .iter()
            .filter(|r| r.code_given)
            .map(|r| r.person.code.as_str())
            .collect();
        let mut out = HashMap::new();
        for chunk in codes.chunks(BATCH) {
            let found: Vec<Existing> = on_tx!(&mut self.tx, c => {
                let mut qb = sqlx::QueryBuilder::new(format!("SELECT {EXISTING_COLUMNS} FROM people WHERE code IN ("));
                let mut list = qb.separated(", ");
                for code in chunk {
                    list.push_bind(*code);
                }
                qb.push(")");
                qb.build_query_as::<Existing>().fetch_all(c).await
            })
            .map_err(internal)?;
            out.extend(found.into_iter().map(|e| (e.code.clone(), e)));
        }
        Ok(out)
    }

    async fn load_registered(&mut self) -> Result<Registered> {
        let people: Vec<Existing> = on_tx!(&mut self.tx, c => sqlx::query_as::<_, Existing>(
            sqlx::AssertSqlSafe(format!("SELECT {EXISTING_COLUMNS} FROM people"))).fetch_all(c).await)
        .map_err(internal)?;
        let by_code = people
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.clone(), i))
            .collect();
        let by_name_birth = people
            .iter()
            .enumerate()
            .map(|(i, e)| ((fold(&e.full_name), e.birth_date), i))
            .collect();
        Ok(Registered {
            next_code: people.len() + 1,
            people,
            by_code,
            by_name_birth,
        })
    }

    /// Inserts new people with their first placement and employment period;
    /// returns their ids in order.
    async fn insert_people(
        &mut self,
        rows: &[ImportPerson],
        unit_paths: &HashMap<i64, String>,
        sort_keys: &mut NameSortKeys,
    ) -> Result<Vec<i64>> {
        let now = self.now;
        let conflict = || {
            Error::Conflict(FieldError::new(
                "code",
                "Một mã cán bộ trong tệp vừa được người khác tạo; hãy nhập lại.",
            ))
        };
        match &mut self.tx {
            Tx::Sqlite(t) => {
                let mut handle = t.lock_handle().await.map_err(internal)?;
                let raw = handle.as_raw_handle();
                // SAFETY: the locked handle is ours alone until `handle` drops, which
                // is after `conn` (declared later, dropped first); a connection made
                // with `from_handle` never closes the handle it was given.
                let conn = unsafe { rusqlite::Connection::from_handle(raw.as_ptr().cast()) }
                    .map_err(internal)?;
                sqlite_insert_people(&conn, rows, unit_paths, sort_keys, now).map_err(|e| match e {
                    rusqlite::Error::SqliteFailure(f, _)
                        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
                    {
                        conflict()
                    }
                    e => internal(e),
                })
            }
            Tx::Postgres(t) => {
                let mut ids = Vec::with_capacity(rows.len());
                for chunk in rows.chunks(BATCH) {
                    ids.extend(
                        postgres_insert_people(t, chunk, unit_paths, sort_keys, now)
                            .await
                            .map_err(|e| {
                                if crate::is_unique_violation(&e) {
                                    conflict()
                                } else {
                                    internal(e)
                                }
                            })?,
                    );
                }
                Ok(ids)
            }
        }
    }

    /// One audit line per batch, holding every created person with its new
    /// values: the same record of who, when and what, without one indexed
    /// row per person.
    async fn audit_created(
        &mut self,
        imp: &PeopleImport,
        rows: &[ImportPerson],
        ids: &[i64],
    ) -> Result<()> {
        let values: Vec<_> = rows
            .iter()
            .zip(ids)
            .map(|(r, id)| {
                let p = &r.person;
                (
                    id,
                    r.row,
                    &p.code,
                    &p.full_name,
                    p.gender.code(),
                    p.birth_date.map(sqlite_date),
                    &p.position,
                    p.is_manager,
                    p.staff_category.code(),
                    p.unit_id,
                    p.employment_start.map(sqlite_date),
                    &p.email,
                    &p.phone,
                )
            })
            .collect();
        let new = serde_json::to_string(&CreatedPeople {
            columns: [
                "id",
                "row",
                "code",
                "full_name",
                "gender",
                "birth_date",
                "position",
                "is_manager",
                "staff_category",
                "unit_id",
                "employment_start",
                "email",
                "phone",
            ],
            rows: values,
        })
        .map_err(internal)?;
        let paths: BTreeSet<&str> = rows
            .iter()
            .filter_map(|r| imp.unit_paths.get(&r.person.unit_id).map(String::as_str))
            .collect();
        let (first, last) = (rows.first(), rows.last());
        fn name(r: Option<&ImportPerson>) -> &str {
            r.map(|r| r.person.full_name.as_str()).unwrap_or("")
        }
        let row = |r: Option<&ImportPerson>| r.map(|r| r.row).unwrap_or(0);
        self.audit_as_text(
            Change {
                action: "import",
                entity: "person",
                entity_id: format!(
                    "{}…{}",
                    ids.first().copied().unwrap_or(0),
                    ids.last().copied().unwrap_or(0)
                ),
                unit_path: &common_prefix(&paths),
                summary: format!(
                    "Nhập {} cán bộ từ trang «{}», dòng {}–{} ({} … {})",
                    rows.len(),
                    imp.sheet,
                    row(first),
                    row(last),
                    name(first),
                    name(last)
                ),
                old: None,
                new: None,
            },
            Some(new),
        )
        .await
    }
}

/// The audit record of a batch of new people: column names once, then rows.
#[derive(Serialize)]
struct CreatedPeople<R: Serialize> {
    columns: [&'static str; 13],
    rows: Vec<R>,
}

impl WriteTx<'_> {
    /// Drops the named indexes (never unique ones) and returns their
    /// definitions, as the catalog holds them.
    async fn drop_sqlite_indexes(&mut self, names: &[&str]) -> Result<Vec<(String, String)>> {
        let Tx::Sqlite(c) = &mut self.tx else {
            return Ok(Vec::new());
        };
        let mut out: Vec<(String, String)> = Vec::new();
        for t in names {
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name = $1 AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
            )
            .bind(*t)
            .fetch_all(&mut **c)
            .await
            .map_err(internal)?;
            out.extend(rows);
        }
        for (name, _) in &out {
            // Index names come from the catalog, never from users.
            let stmt = format!("DROP INDEX \"{name}\"");
            sqlx::query(sqlx::AssertSqlSafe(stmt))
                .execute(&mut **c)
                .await
                .map_err(internal)?;
        }
        Ok(out)
    }

    /// A large load goes through a small page cache, so that SQLite writes
    /// finished pages to its log while the sheet is still being read, rather
    /// than all of them at the commit. Returns the size to go back to.
    async fn set_large_load_cache(&mut self) -> Result<Option<i64>> {
        let Tx::Sqlite(c) = &mut self.tx else {
            return Ok(None);
        };
        let before: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(&mut **c)
            .await
            .map_err(internal)?;
        self.set_sqlite_cache(-LARGE_LOAD_CACHE_KIB).await?;
        Ok(Some(before))
    }

    /// The write-ahead log of the SQLite database file (none in memory).
    async fn sqlite_log_file(&mut self) -> Result<Option<std::path::PathBuf>> {
        let Tx::Sqlite(c) = &mut self.tx else {
            return Ok(None);
        };
        let file: String =
            sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
                .fetch_one(&mut **c)
                .await
                .map_err(internal)?;
        Ok((!file.is_empty()).then(|| format!("{file}-wal").into()))
    }

    /// `pages`: as `PRAGMA cache_size` takes it (negative: KiB).
    async fn set_sqlite_cache(&mut self, pages: i64) -> Result<()> {
        let Tx::Sqlite(c) = &mut self.tx else {
            return Ok(());
        };
        // A number formatted by us: PRAGMA takes no bound parameters.
        sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA cache_size = {pages}")))
            .execute(&mut **c)
            .await
            .map_err(internal)?;
        Ok(())
    }

    /// Statistics of the imported table, inside the transaction: they commit
    /// (or vanish) with the rows, at no extra commit of their own.
    async fn analyze_people_tables(&mut self) -> Result<()> {
        for t in ANALYZED_TABLES {
            // Table names are constants above.
            let stmt = format!("ANALYZE {t}");
            on_tx!(&mut self.tx, c => sqlx::query(sqlx::AssertSqlSafe(stmt.clone())).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
        }
        Ok(())
    }

    async fn restore_indexes(&mut self, indexes: Vec<(String, String)>) -> Result<()> {
        for (_, ddl) in indexes {
            on_tx!(&mut self.tx, c => sqlx::query(sqlx::AssertSqlSafe(ddl.clone())).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
        }
        Ok(())
    }
}

const PLACEMENT_NOTE: &str = "Tiếp nhận (nhập từ tệp)";

/// The columns derived from a person's name: family, middle and given
/// names, the folded search text (name and code) and the Vietnamese sort key.
struct NameColumns<'p> {
    family: &'p str,
    middle: std::borrow::Cow<'p, str>,
    given: &'p str,
    search: String,
    sort_key: Vec<u8>,
}

fn name_columns<'p>(p: &'p ValidPerson, sort_keys: &mut NameSortKeys) -> NameColumns<'p> {
    let (family, middle, given) = name_words(&p.full_name);
    let mut search = String::with_capacity(p.full_name.len() + p.code.len() + 1);
    fold_into(&p.full_name, &mut search);
    // As folding "{name} {code}" would give.
    if !search.is_empty() {
        search.push(' ');
    }
    fold_into(&p.code, &mut search);
    if search.ends_with(' ') {
        search.pop();
    }
    let sort_key = sort_keys.key_of_words(family, &middle, given);
    NameColumns {
        family,
        middle,
        given,
        search,
        sort_key,
    }
}

/// Dates as sqlx writes them to SQLite (`YYYY-MM-DD`), so both read back
/// alike; by hand, as chrono's formatter parses its pattern on every call.
fn sqlite_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if (0..=9999).contains(&y) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        d.format("%F").to_string()
    }
}

/// Through one prepared statement per table on the transaction's own
/// connection: sqlx's multi-row INSERTs cost about three times as much here.
fn sqlite_insert_people(
    conn: &rusqlite::Connection,
    rows: &[ImportPerson],
    unit_paths: &HashMap<i64, String>,
    sort_keys: &mut NameSortKeys,
    now: DateTime<Utc>,
) -> rusqlite::Result<Vec<i64>> {
    use rusqlite::params;
    let today = sqlite_date(tdkt_domain::clock::vietnam_date(now));
    let now = now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
    let mut person = conn.prepare(
        "INSERT INTO people (code, full_name, family_name, middle_name, given_name, name_search, sort_key, gender, birth_date,
            position, is_manager, staff_category, unit_id, unit_path, employment_start, email, phone, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 1, ?18, ?18)",
    )?;
    let mut ids = Vec::with_capacity(rows.len());
    for r in rows {
        let p = &r.person;
        let n = name_columns(p, sort_keys);
        person.execute(params![
            p.code,
            p.full_name,
            n.family,
            n.middle.as_ref(),
            n.given,
            n.search,
            n.sort_key,
            p.gender.code(),
            p.birth_date.map(sqlite_date),
            p.position,
            p.is_manager,
            p.staff_category.code(),
            p.unit_id,
            unit_paths
                .get(&p.unit_id)
                .map(String::as_str)
                .unwrap_or_default(),
            p.employment_start.map(sqlite_date),
            p.email,
            p.phone,
            now,
        ])?;
        ids.push(conn.last_insert_rowid());
    }
    // The first placement and employment period follow from the rows just
    // written (ids first..=last, ours alone under the write lock): one
    // statement each, inside SQLite, instead of a bind per person.
    let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
        return Ok(ids);
    };
    conn.execute(
        "INSERT INTO person_transfers (person_id, from_unit_id, to_unit_id, on_date, note, created_at)
         SELECT id, NULL, unit_id, COALESCE(employment_start, ?3), ?4, ?5 FROM people WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        params![first, last, today, PLACEMENT_NOTE, now],
    )?;
    use rusqlite::types::Value;
    let mut values = vec![Value::Integer(*first), Value::Integer(*last)];
    for c in StaffCategory::ALL {
        values.push(Value::Text(c.code().into()));
        values.push(Value::Text(c.employment_kind().code().into()));
    }
    // Placeholders only: the codes themselves are bound.
    let cases: Vec<String> = (0..StaffCategory::ALL.len())
        .map(|i| format!("WHEN ?{} THEN ?{}", 2 * i + 3, 2 * i + 4))
        .collect();
    conn.execute(
        &format!(
            "INSERT INTO person_employment (person_id, kind, from_date)
             SELECT id, CASE staff_category {} END, employment_start FROM people
             WHERE id BETWEEN ?1 AND ?2 AND employment_start IS NOT NULL ORDER BY id",
            cases.join(" ")
        ),
        rusqlite::params_from_iter(values),
    )?;
    Ok(ids)
}

async fn postgres_insert_people(
    c: &mut sqlx::PgConnection,
    chunk: &[ImportPerson],
    unit_paths: &HashMap<i64, String>,
    sort_keys: &mut NameSortKeys,
    now: DateTime<Utc>,
) -> std::result::Result<Vec<i64>, sqlx::Error> {
    let today = tdkt_domain::clock::vietnam_date(now);
    let mut qb = sqlx::QueryBuilder::new(
        "INSERT INTO people (code, full_name, family_name, middle_name, given_name, name_search, sort_key, gender, birth_date,
            position, is_manager, staff_category, unit_id, unit_path, employment_start, email, phone, active, created_at, updated_at) ",
    );
    qb.push_values(chunk, |mut b, r| {
        let p = &r.person;
        let n = name_columns(p, sort_keys);
        b.push_bind(p.code.clone())
            .push_bind(p.full_name.clone())
            .push_bind(n.family.to_string())
            .push_bind(n.middle.into_owned())
            .push_bind(n.given.to_string())
            .push_bind(n.search)
            .push_bind(n.sort_key)
            .push_bind(p.gender.code())
            .push_bind(p.birth_date)
            .push_bind(p.position.clone())
            .push_bind(p.is_manager)
            .push_bind(p.staff_category.code())
            .push_bind(p.unit_id)
            .push_bind(unit_paths.get(&p.unit_id).cloned().unwrap_or_default())
            .push_bind(p.employment_start)
            .push_bind(p.email.clone())
            .push_bind(p.phone.clone())
            .push_bind(true)
            .push_bind(now)
            .push_bind(now);
    });
    qb.push(" RETURNING id");
    let ids: Vec<i64> = qb.build_query_scalar().fetch_all(&mut *c).await?;
    let rows: Vec<(i64, &ImportPerson)> = ids.iter().copied().zip(chunk).collect();
    let mut qb = sqlx::QueryBuilder::new(
        "INSERT INTO person_transfers (person_id, from_unit_id, to_unit_id, on_date, note, created_at) ",
    );
    qb.push_values(&rows, |mut b, (id, r)| {
        b.push_bind(*id)
            .push_bind(None::<i64>)
            .push_bind(r.person.unit_id)
            .push_bind(r.person.employment_start.unwrap_or(today))
            .push_bind(PLACEMENT_NOTE)
            .push_bind(now);
    });
    qb.build().execute(&mut *c).await?;
    let employed: Vec<&(i64, &ImportPerson)> = rows
        .iter()
        .filter(|(_, r)| r.person.employment_start.is_some())
        .collect();
    if !employed.is_empty() {
        let mut qb =
            sqlx::QueryBuilder::new("INSERT INTO person_employment (person_id, kind, from_date) ");
        qb.push_values(&employed, |mut b, (id, r)| {
            b.push_bind(*id)
                .push_bind(r.person.staff_category.employment_kind().code())
                .push_bind(r.person.employment_start);
        });
        qb.build().execute(&mut *c).await?;
    }
    Ok(ids)
}

/// Has the OS write SQLite's log to disk in the background while the
/// transaction rebuilds its index and statistics: the pages of a large load,
/// already in the log, would otherwise all reach the disk inside the commit's
/// own fsync (28 ms of a 50,000-row import, now overlapped with that CPU
/// work). Only a hint: SQLite still syncs the log at the commit, and a failed
/// flush changes nothing.
fn flush_in_background(log: std::path::PathBuf) {
    let _ = std::thread::Builder::new()
        .name("tdkt-log-flush".into())
        .spawn(move || {
            if let Ok(f) = std::fs::File::open(log) {
                let _ = f.sync_data();
            }
        });
}

fn same(e: &Existing, p: &ValidPerson) -> bool {
    e.code == p.code
        && e.full_name == p.full_name
        && e.gender == p.gender.code()
        && e.birth_date == p.birth_date
        && e.position == p.position
        && e.is_manager == p.is_manager
        && e.staff_category == p.staff_category.code()
        && e.unit_id == p.unit_id
        && e.employment_start == p.employment_start
        && e.email == p.email
        && e.phone == p.phone
        && e.active
}

/// The deepest unit path covering all `paths` (so the audit line is visible
/// to whoever manages all the units it touches).
fn common_prefix(paths: &std::collections::BTreeSet<&str>) -> String {
    let mut it = paths.iter();
    let Some(first) = it.next() else {
        return String::new();
    };
    let mut prefix: &str = first;
    for p in it {
        while !p.starts_with(prefix) {
            // Drop the last path segment ("/1/4/" -> "/1/").
            let trimmed = &prefix[..prefix.len().saturating_sub(1)];
            prefix = match trimmed.rfind('/') {
                Some(i) => &prefix[..i + 1],
                None => "",
            };
        }
    }
    prefix.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn name_columns_as_the_single_person_form_writes_them() {
        use tdkt_domain::org::PersonInput;
        use tdkt_domain::text::{fold, name_sort_key, split_name};
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let mut keys = tdkt_domain::text::NameSortKeys::default();
        for (name, code) in [
            ("  trần   thị ngọc  Ánh", "CB-01"),
            ("Hà", "x.9"),
            ("Công Tằng Tôn Nữ Bích", "A_1"),
        ] {
            let p = PersonInput {
                code: code.into(),
                full_name: name.into(),
                gender: "Nữ".into(),
                staff_category: "Viên chức".into(),
                unit_id: 1,
                ..Default::default()
            }
            .validate(today)
            .unwrap();
            let n = super::name_columns(&p, &mut keys);
            let parts = split_name(&p.full_name);
            assert_eq!(
                (n.family, n.middle.as_ref(), n.given),
                (
                    parts.family.as_str(),
                    parts.middle.as_str(),
                    parts.given.as_str()
                )
            );
            assert_eq!(n.search, fold(&format!("{} {}", p.full_name, p.code)));
            assert_eq!(n.sort_key, name_sort_key(&p.full_name));
        }
    }

    #[test]
    fn sqlite_dates_as_sqlx_writes_them() {
        for (y, m, d) in [
            (2021, 3, 15),
            (1975, 12, 1),
            (987, 1, 9),
            (10000, 2, 29),
            (-5, 6, 7),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(super::sqlite_date(date), date.format("%F").to_string());
        }
    }

    #[test]
    fn common_prefix_of_paths() {
        let s: std::collections::BTreeSet<&str> =
            ["/1/4/9/", "/1/4/12/", "/1/4/"].into_iter().collect();
        assert_eq!(super::common_prefix(&s), "/1/4/");
        let s: std::collections::BTreeSet<&str> = ["/1/4/", "/1/40/"].into_iter().collect();
        assert_eq!(super::common_prefix(&s), "/1/");
        let s: std::collections::BTreeSet<&str> = ["/1/", "/2/"].into_iter().collect();
        assert_eq!(super::common_prefix(&s), "/");
    }
}
