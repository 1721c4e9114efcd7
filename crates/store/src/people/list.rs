//! The staff list: which people one page shows, and how many match, read in
//! the shape that suits the request. The name order is an index
//! (`people_sort`), so a page of a large list reads about fifty rows; what
//! varies is how to find the people of a small scope or a search term.
//!
//! * No search: the scope's size decides. A large scope walks the name order
//!   (everyone in it passes); a small one is read whole through the
//!   `(active, unit_path, sort_key)` index and sorted, which beats walking the
//!   name order of the whole province past everyone outside it.
//! * Search: in a small scope the same, with the search as a filter. In a
//!   large one, a count stopped at 1,001 decides: a rare term is found through
//!   the trigram index (SQLite: `people_fts`, PostgreSQL: pg_trgm behind the
//!   LIKE) and sorted; a common one — more matches than the square root of
//!   (rows up to this page × the scope's size ÷ 8), where walking is cheaper
//!   than reading every match — walks the name order with the LIKE as a filter
//!   (the name index holds the subtree and the folded name, so the walk reads
//!   no row it does not show), and past 1,000 matches the list says "hơn 1.000"
//!   instead of counting them.
//!
//! The LIKE on the folded `name_search` is always the filter, so results are
//! those of a plain scan; the index only narrows the candidates.
//!
//! The order is by name (the collation key), then — among people of the same
//! name — by unit and by the folded name, which ends with the person's code;
//! the id settles the rest. The name index holds those columns in that order,
//! so a walk needs no sort, not even among namesakes (sorting those took 60 %
//! of a search's walk). Every shape sorts the same way: a list paged through
//! two shapes shows each person once.
//!
//! Statements are put together from fixed fragments, one placeholder per
//! value (nothing typed by a user reaches the SQL text). On PostgreSQL they
//! are planned for their values every time (on the connections of
//! [`crate::db::Db::Postgres`]'s `per_value`): a cached generic plan cannot tell
//! a 300-person unit from the province, nor a rare term from a common one, and
//! measured 10–300 times slower on some of them.

use super::{Page, PeopleFilter, PersonRow, like_contains};
use crate::{Actor, Backend, Result, Store, internal, on_per_value_pool};
use std::fmt::Write as _;
use tdkt_domain::auth::Action;
use tdkt_domain::text::fold;

/// Up to this many people, a scope is read whole and sorted (a 900-person
/// unit among 250,000: 0.3 ms on SQLite, 1 ms on PostgreSQL, against 2–10 ms
/// to walk the name order past everyone outside it).
const SMALL_SCOPE: i64 = 2_000;

/// Matches of a search counted exactly; beyond, "hơn 1.000".
pub const SEARCH_COUNT_CAP: i64 = 1_000;

/// A common term walks at most this many people in name order (or
/// [`WALK_PER_ROW`] per row the page needs, if more) before the page is read
/// through the index instead. Matches spread over the order fill a page
/// quickly; matches that bunch together late in it would walk most of the
/// province: a given name, since the order starts with it ("quynh" among
/// 250,000: 300 ms walked, 20 ms with a wasted walk of 10,000 then the
/// index). A smaller budget sends more spread-out terms to the index, which
/// reads every match: "nguyen" (two people in five) would cost far more
/// than its walk.
const WALK_MIN: i64 = 10_000;
const WALK_PER_ROW: i64 = 40;

/// How many entries of the name index a walk tests in the time one match is
/// read through the trigram index and sorted (measured on both databases at
/// 10,000 people: 0.45 ms to walk 580 entries, 1.1 ms to read and sort 630
/// matches; rounded down, the walk also reads the page's rows).
const WALK_ENTRIES_PER_READ: f64 = 8.0;

/// Whether trigrams can narrow a search of `term` (three characters at least).
fn indexable(term: &str) -> bool {
    term.chars().nth(2).is_some()
}

/// The FTS5 query that matches `term` as a substring: one phrase, whose
/// trigrams must follow each other. Quotes inside are doubled.
fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// A value bound to a placeholder.
enum Arg {
    Text(String),
    Int(i64),
}

/// SQL text with `$n` placeholders and their values, in order.
#[derive(Default)]
struct Sql {
    text: String,
    args: Vec<Arg>,
}

impl Sql {
    fn push(&mut self, fragment: &str) -> &mut Self {
        self.text.push_str(fragment);
        self
    }

    fn bind(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        let _ = write!(self.text, "${}", self.args.len());
        self
    }

    fn text(&mut self, v: &str) -> &mut Self {
        self.bind(Arg::Text(v.to_string()))
    }

    fn int(&mut self, v: i64) -> &mut Self {
        self.bind(Arg::Int(v))
    }
}

/// Ends a `pg` CTE (already given its LIMIT) with its OFFSET and reads the page's
/// rows in the order of `pg`.
fn push_page_rows(sql: &mut Sql, offset: i64) {
    sql.push(" OFFSET ")
        .int(offset)
        .push(") SELECT ")
        .push(ROW_COLUMNS)
        .push(
            " FROM pg JOIN people p ON p.id = pg.id ORDER BY pg.sort_key, pg.unit_path, pg.name_search, pg.id",
        );
}

/// The unit's name comes from the in-process tree ([`Store::name_units`]), not
/// a join: one table fewer for PostgreSQL to plan on every page.
const ROW_COLUMNS: &str = "p.id, p.code, p.full_name, p.gender, p.birth_date, p.position, p.is_manager, \
     p.staff_category, p.unit_id, p.active";

/// [`ROW_COLUMNS`] as a walk (`w`) hands them on.
const WALKED_COLUMNS: &str = "w.id, w.code, w.full_name, w.gender, w.birth_date, w.position, w.is_manager, \
     w.staff_category, w.unit_id, w.active";

/// Which people a list is about: its subtrees, whether people who left
/// count, and the search.
struct Which {
    /// Path ranges `[lo, hi)`, one per subtree.
    ranges: Vec<(String, String)>,
    active_only: bool,
    /// `%term%` for LIKE, its wildcards escaped; `None`: no search.
    pattern: Option<String>,
    /// The FTS5 phrase (SQLite, terms of three characters or more).
    phrase: Option<String>,
}

impl Which {
    /// `FROM … WHERE …` (scope, activity and, with `search`, the search).
    fn push_from_where(&self, sql: &mut Sql, search: bool) {
        match (&self.phrase, search) {
            // CROSS JOIN keeps the index outside: SQLite then looks each
            // candidate up by id instead of reading the scope.
            (Some(phrase), true) => {
                sql.push(" FROM people_fts CROSS JOIN people p ON p.id = people_fts.rowid WHERE people_fts MATCH ")
                    .text(phrase)
                    .push(" AND ");
            }
            _ => {
                sql.push(" FROM people p WHERE ");
            }
        }
        self.push_conditions(sql, search);
    }

    /// The conditions on `people p`.
    fn push_conditions(&self, sql: &mut Sql, search: bool) {
        sql.push("(");
        for (i, (lo, hi)) in self.ranges.iter().enumerate() {
            if i > 0 {
                sql.push(" OR ");
            }
            sql.push("(p.unit_path >= ")
                .text(lo)
                .push(" AND p.unit_path < ")
                .text(hi)
                .push(")");
        }
        sql.push(")");
        // A plain equality, for the indexes that start with `active`.
        if self.active_only {
            sql.push(" AND p.active = TRUE");
        }
        if let (Some(pattern), true) = (&self.pattern, search) {
            sql.push(" AND p.name_search LIKE ")
                .text(pattern)
                .push(" ESCAPE '\\'");
        }
    }

    /// How many people the scope holds (no search), from the per-unit counts of
    /// migration 0006: a sum over the units in scope, whatever their size.
    fn count_from_unit_counts(&self) -> Sql {
        let mut sql = Sql::default();
        sql.push(if self.active_only {
            "SELECT CAST(COALESCE(SUM(c.active), 0) AS BIGINT)"
        } else {
            "SELECT CAST(COALESCE(SUM(c.active + c.inactive), 0) AS BIGINT)"
        })
        .push(" FROM people_counts c JOIN units u ON u.id = c.unit_id WHERE ");
        for (i, (lo, hi)) in self.ranges.iter().enumerate() {
            if i > 0 {
                sql.push(" OR ");
            }
            sql.push("(u.path >= ")
                .text(lo)
                .push(" AND u.path < ")
                .text(hi)
                .push(")");
        }
        sql
    }

    /// How many, or (with `up_to`) whether at least `up_to`: a bounded count
    /// stops reading there.
    fn count(&self, search: bool, up_to: Option<i64>) -> Sql {
        let mut sql = Sql::default();
        match up_to {
            None => {
                sql.push("SELECT COUNT(*)");
                self.push_from_where(&mut sql, search);
            }
            Some(n) => {
                sql.push("SELECT COUNT(*) FROM (SELECT 1");
                self.push_from_where(&mut sql, search);
                sql.push(" LIMIT ").int(n).push(") t");
            }
        }
        sql
    }

    /// A page in name order, walking the name index (no search).
    fn walk(&self, limit: i64, offset: i64) -> Sql {
        let mut sql = Sql::default();
        sql.push("SELECT ")
            .push(ROW_COLUMNS)
            .push(" FROM people p WHERE ");
        self.push_conditions(&mut sql, false);
        sql.push(" ORDER BY p.sort_key, p.unit_path, p.name_search, p.id LIMIT ")
            .int(limit)
            .push(" OFFSET ")
            .int(offset);
        sql
    }

    /// A page of every match read first, then sorted. MATERIALIZED keeps
    /// the planner from turning it back into a walk of the name order.
    fn sorted(&self, search: bool, limit: i64, offset: i64) -> Sql {
        let mut sql = Sql::default();
        sql.push("WITH s AS MATERIALIZED (SELECT p.id, p.sort_key, p.unit_path, p.name_search");
        self.push_from_where(&mut sql, search);
        sql.push("), pg AS (SELECT id, sort_key, unit_path, name_search FROM s ORDER BY sort_key, unit_path, name_search, id LIMIT ")
            .int(limit);
        push_page_rows(&mut sql, offset);
        sql
    }

    /// A page of a small scope with the search: every person of the scope
    /// read, then tested and sorted. The test stays outside the read, where
    /// no index can serve it: PostgreSQL would otherwise intersect the scope
    /// with every match of a common term in the tree (10 ms against 1).
    fn scope_filtered(&self, limit: i64, offset: i64) -> Sql {
        let mut sql = Sql::default();
        sql.push("WITH s AS MATERIALIZED (SELECT p.id, p.sort_key, p.unit_path, p.name_search");
        self.push_from_where(&mut sql, false);
        sql.push(
            "), pg AS (SELECT id, sort_key, unit_path, name_search FROM s WHERE name_search LIKE ",
        )
        .text(self.pattern.as_deref().unwrap_or("%"))
        .push(" ESCAPE '\\' ORDER BY sort_key, unit_path, name_search, id LIMIT ")
        .int(limit);
        push_page_rows(&mut sql, offset);
        sql
    }

    /// How many people of a small scope match, tested as in [`Self::scope_filtered`].
    fn count_scope_filtered(&self) -> Sql {
        let mut sql = Sql::default();
        sql.push("WITH s AS MATERIALIZED (SELECT p.name_search");
        self.push_from_where(&mut sql, false);
        sql.push(") SELECT COUNT(*) FROM s WHERE name_search LIKE ")
            .text(self.pattern.as_deref().unwrap_or("%"))
            .push(" ESCAPE '\\'");
        sql
    }

    /// The scope's people in name order, each with the folded name the search
    /// tests: read row by row and stopped early (see [`sqlite_walk`]).
    fn walk_names(&self) -> Sql {
        let mut sql = Sql::default();
        sql.push("SELECT p.id, p.name_search FROM people p WHERE ");
        self.push_conditions(&mut sql, false);
        sql.push(" ORDER BY p.sort_key, p.unit_path, p.name_search, p.id");
        sql
    }

    /// A page of a common term: the first `budget` people of the scope in
    /// name order, filtered. Fewer rows than asked mean the budget ran out
    /// (or the list did). PostgreSQL only: the name index carries the rows'
    /// columns (migration 0019), so the walk reads no table row at all.
    /// `strpos` tests the folded `term` as the LIKE would, but the planner does
    /// not estimate it by running the pattern over the column's statistics:
    /// a tenth of the statement's time.
    ///
    /// Planned for its values like the rest, though planning costs half the walk:
    /// PostgreSQL's generic plan for it (reading the scope through
    /// `people_unit_path`, then sorting) was estimated within a tenth of the walk at
    /// 10,000 and at 250,000 people — one statistics update from 600 ms.
    fn walk_filtered(&self, term: &str, budget: i64, limit: i64, offset: i64) -> Sql {
        let mut sql = Sql::default();
        sql.push("WITH w AS (SELECT ")
            .push(ROW_COLUMNS)
            .push(", p.sort_key, p.unit_path, p.name_search");
        self.push_from_where(&mut sql, false);
        sql.push(" ORDER BY p.sort_key, p.unit_path, p.name_search, p.id LIMIT ")
            .int(budget)
            .push(") SELECT ")
            .push(WALKED_COLUMNS)
            .push(" FROM w WHERE strpos(w.name_search, ")
            .text(term)
            .push(") > 0 ORDER BY w.sort_key, w.unit_path, w.name_search, w.id LIMIT ")
            .int(limit)
            .push(" OFFSET ")
            .int(offset);
        sql
    }
}

impl Store {
    /// The staff list: the actor's subtrees only (or one unit's subtree inside
    /// them), sorted by given name then family name in Vietnamese order,
    /// searched without diacritics (see the module's notes for how).
    pub async fn list_people(&self, actor: &Actor, f: &PeopleFilter) -> Result<Page<PersonRow>> {
        let per_page = f.per_page.clamp(1, 500);
        let page = f.page.max(1);
        let offset = (page - 1) * per_page;
        let scopes = match f.unit_id {
            Some(uid) => vec![self.visible_unit(actor, uid).await?.path],
            None => actor.scopes(Action::View),
        };
        let mut out = Page {
            items: vec![],
            total: 0,
            page,
            per_page,
            capped: false,
        };
        if scopes.is_empty() {
            return Ok(out);
        }
        let term = fold(&f.q);
        let which = Which {
            ranges: scopes
                .iter()
                .take(crate::actor::MAX_SCOPES)
                .map(|s| crate::actor::subtree_range(s))
                .collect(),
            active_only: !f.include_inactive,
            pattern: (!term.is_empty()).then(|| like_contains(&term)),
            phrase: (self.backend() == Backend::Sqlite && indexable(&term))
                .then(|| fts_phrase(&term)),
        };
        let scope_size = self.scope_size(&which).await?;
        if which.pattern.is_none() {
            out.total = scope_size;
            if offset >= out.total {
                return Ok(out);
            }
            let sql = if out.total <= SMALL_SCOPE {
                which.sorted(false, per_page, offset)
            } else {
                which.walk(per_page, offset)
            };
            out.items = self.people_rows(sql).await?;
            return Ok(out);
        }
        if scope_size <= SMALL_SCOPE {
            // Each person of a small scope is tested: through the index, a
            // common term would read its matches in the whole tree.
            out.items = self
                .people_rows(which.scope_filtered(per_page, offset))
                .await?;
            out.total = if page == 1 && (out.items.len() as i64) < per_page {
                out.items.len() as i64
            } else {
                self.people_count(which.count_scope_filtered()).await?
            };
            return Ok(out);
        }
        // Kept like the other figures: paging through a common term asks it each time.
        let key = format!(
            "m{:?}{}{:?}",
            which.ranges, which.active_only, which.pattern
        );
        let matches = self
            .figures
            .people_totals
            .get_or_load(
                key,
                self.people_count(which.count(true, Some(SEARCH_COUNT_CAP + 1))),
            )
            .await?;
        // Reading every match through the trigram index costs about `matches` row
        // reads; walking the name order to this page about (offset + page) × scope /
        // matches index entries, each [`WALK_ENTRIES_PER_READ`] times cheaper (the
        // index holds what the walk tests). The walk wins past the square root of
        // their product ("nguyen", 600 among 10,000).
        let walk_wins = (matches as f64).powi(2) * WALK_ENTRIES_PER_READ
            > ((offset + per_page) as f64) * (scope_size as f64);
        if matches <= SEARCH_COUNT_CAP && !walk_wins {
            out.total = matches;
            // Nothing to show (a term that matches nobody): no second read.
            if offset < matches {
                out.items = self
                    .people_rows(which.sorted(true, per_page, offset))
                    .await?;
            }
            return Ok(out);
        }
        // Past the last match of a counted term (a common one's count is only a floor).
        if matches <= SEARCH_COUNT_CAP && offset >= matches {
            out.total = matches;
            return Ok(out);
        }
        // A common term. One row more than the page tells whether another follows.
        let budget = WALK_MIN.max(WALK_PER_ROW * (offset + per_page));
        let walked = match &self.db {
            crate::db::Db::Sqlite { readers, .. } => {
                let mut walked = sqlite_walk(readers, &which, &term, budget, per_page + 1, offset)?;
                if let Some(items) = walked.as_mut() {
                    self.name_units(items.iter_mut()).await?;
                }
                walked
            }
            _ => {
                let items = self
                    .people_rows(which.walk_filtered(&term, budget, per_page + 1, offset))
                    .await?;
                // Fewer rows than asked: the budget ran out, or the list did.
                ((items.len() as i64) > per_page).then_some(items)
            }
        };
        let mut items = match walked {
            Some(items) => items,
            None => {
                self.people_rows(which.sorted(true, per_page + 1, offset))
                    .await?
            }
        };
        let more = (items.len() as i64) > per_page;
        items.truncate(per_page as usize);
        if matches <= SEARCH_COUNT_CAP {
            out.total = matches;
        } else {
            // As many as are known to match: past the cap, up to the next page.
            out.total = (SEARCH_COUNT_CAP + 1).max(offset + items.len() as i64 + i64::from(more));
            out.capped = true;
        }
        out.items = items;
        Ok(out)
    }

    /// How many people a scope holds, from the per-unit counts (kept like the
    /// other figures).
    async fn scope_size(&self, which: &Which) -> Result<i64> {
        let key = format!("{:?}{}", which.ranges, which.active_only);
        self.figures
            .people_totals
            .get_or_load(key, self.people_count(which.count_from_unit_counts()))
            .await
    }

    /// Active people in the subtree `[lo, hi)`: the staff list's scope size.
    pub(crate) async fn active_people_under(&self, lo: &str, hi: &str) -> Result<i64> {
        self.scope_size(&Which {
            ranges: vec![(lo.to_string(), hi.to_string())],
            active_only: true,
            pattern: None,
            phrase: None,
        })
        .await
    }

    async fn people_rows(&self, sql: Sql) -> Result<Vec<PersonRow>> {
        let mut rows = self.people_rows_unnamed(sql).await?;
        self.name_units(rows.iter_mut()).await?;
        Ok(rows)
    }

    async fn people_rows_unnamed(&self, sql: Sql) -> Result<Vec<PersonRow>> {
        if let crate::db::Db::Sqlite { readers, .. } = &self.db {
            return sqlite_people_rows(readers, sql);
        }
        on_per_value_pool!(&self.db, p => {
            let mut q = sqlx::query_as::<_, PersonRow>(sqlx::AssertSqlSafe(sql.text));
            for a in sql.args {
                q = match a {
                    Arg::Text(v) => q.bind(v),
                    Arg::Int(v) => q.bind(v),
                };
            }
            q.fetch_all(p).await
        })
        .map_err(internal)
    }

    async fn people_count(&self, sql: Sql) -> Result<i64> {
        on_per_value_pool!(&self.db, p => {
            let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.text));
            for a in sql.args {
                q = match a {
                    Arg::Text(v) => q.bind(v),
                    Arg::Int(v) => q.bind(v),
                };
            }
            q.fetch_one(p).await
        })
        .map_err(internal)
    }
}

/// A page of a common term on SQLite: the scope walked in name order row by row,
/// each folded name tested here, stopped once `limit` matches past `offset` are
/// found, then those people read by id. Walking stops at `budget` people: `None`
/// then (matches bunched late in the order; the caller reads them through the
/// index). A walk bounded in SQL would read the whole budget before filtering.
fn sqlite_walk(
    readers: &crate::sqlite_readers::Readers,
    which: &Which,
    term: &str,
    budget: i64,
    limit: i64,
    offset: i64,
) -> Result<Option<Vec<PersonRow>>> {
    let walk = which.walk_names();
    let params = values(&walk);
    readers
        .read(2, |c| {
            let mut ids: Vec<i64> = Vec::new();
            {
                let mut st = c.prepare_cached(&walk.text)?;
                let mut rows = st.query(rusqlite::params_from_iter(params))?;
                let (mut walked, mut matched) = (0_i64, 0_i64);
                loop {
                    let Some(r) = rows.next()? else { break };
                    walked += 1;
                    if r.get_ref(1)?.as_str()?.contains(term) {
                        if matched >= offset {
                            ids.push(r.get(0)?);
                            if ids.len() as i64 == limit {
                                break;
                            }
                        }
                        matched += 1;
                    }
                    if walked == budget {
                        return Ok(None);
                    }
                }
            }
            if ids.is_empty() {
                return Ok(Some(vec![]));
            }
            let mut sql = format!("SELECT {ROW_COLUMNS} FROM people p WHERE p.id IN (?");
            sql.push_str(&",?".repeat(ids.len() - 1));
            sql.push(')');
            // Kept prepared: a full page asks for the same number of ids each time.
            let mut st = c.prepare_cached(&sql)?;
            let mut found: std::collections::HashMap<i64, PersonRow> = st
                .query_map(rusqlite::params_from_iter(ids.iter()), person_row)?
                .map(|r| r.map(|p| (p.id, p)))
                .collect::<rusqlite::Result<_>>()?;
            Ok(Some(ids.iter().filter_map(|id| found.remove(id)).collect()))
        })
        .map_err(internal)
}

fn values(sql: &Sql) -> Vec<rusqlite::types::Value> {
    sql.args
        .iter()
        .map(|a| match a {
            Arg::Text(v) => rusqlite::types::Value::Text(v.clone()),
            Arg::Int(v) => rusqlite::types::Value::Integer(*v),
        })
        .collect()
}

/// A row of [`ROW_COLUMNS`], by position (a lookup by name compares every
/// column's name, for every row).
pub(super) fn person_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PersonRow> {
    Ok(PersonRow {
        id: r.get(0)?,
        code: r.get(1)?,
        full_name: r.get(2)?,
        gender: r.get(3)?,
        birth_date: crate::db::sqlite_date(r, 4)?,
        position: r.get(5)?,
        is_manager: r.get(6)?,
        staff_category: r.get(7)?,
        unit_id: r.get(8)?,
        unit_name: String::new(),
        active: r.get(9)?,
    })
}

/// [`Store::people_rows`] on SQLite, through [`crate::db::sqlite_rows`].
fn sqlite_people_rows(
    readers: &crate::sqlite_readers::Readers,
    sql: Sql,
) -> Result<Vec<PersonRow>> {
    crate::db::sqlite_rows(readers, &sql.text, values(&sql), person_row).map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn which(phrase: bool) -> Which {
        Which {
            ranges: vec![("/1/".into(), "/10".into()), ("/7/".into(), "/70".into())],
            active_only: true,
            pattern: Some("%an%".into()),
            phrase: phrase.then(|| "\"an\"".into()),
        }
    }

    #[test]
    fn placeholders_follow_the_values() {
        let sql = which(true).sorted(true, 50, 100);
        assert!(
            sql.text.contains("people_fts MATCH $1 AND ((p.unit_path >= $2 AND p.unit_path < $3) OR (p.unit_path >= $4 AND p.unit_path < $5)) AND p.active = TRUE AND p.name_search LIKE $6"),
            "{}",
            sql.text
        );
        assert!(sql.text.contains("LIMIT $7 OFFSET $8"), "{}", sql.text);
        assert_eq!(sql.args.len(), 8);
        let walk = which(false).walk(50, 0);
        assert!(
            walk.text.starts_with("SELECT p.id, p.code")
                && walk
                    .text
                    .contains("FROM people p WHERE ((p.unit_path >= $1")
                && walk.text.ends_with(
                    "ORDER BY p.sort_key, p.unit_path, p.name_search, p.id LIMIT $5 OFFSET $6"
                ),
            "{}",
            walk.text
        );
        assert!(!walk.text.contains("LIKE"));
        let count = which(true).count(true, Some(1001));
        assert!(
            count.text.ends_with("ESCAPE '\\' LIMIT $7) t"),
            "{}",
            count.text
        );
    }

    #[test]
    fn phrases_are_quoted() {
        assert_eq!(fts_phrase("nguyen van"), "\"nguyen van\"");
        assert_eq!(fts_phrase("a\"b"), "\"a\"\"b\"");
        assert!(!indexable("ab") && indexable("abc") && indexable("đứa") && !indexable("đứ"));
    }
}
