//! People: the staff register. Names carry a folded search column and a
//! Vietnamese collation key so lists sort and search in the database.

use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_per_value_pool, on_pool, on_tx};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use tdkt_domain::auth::Action;
use tdkt_domain::error::{Error, FieldError};
use tdkt_domain::org::ValidPerson;
use tdkt_domain::text::{fold, name_sort_key, split_name};

mod list;
pub use list::SEARCH_COUNT_CAP;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub code: String,
    pub full_name: String,
    pub gender: String,
    pub birth_date: Option<NaiveDate>,
    pub position: String,
    pub is_manager: bool,
    pub staff_category: String,
    pub unit_id: i64,
    pub unit_path: String,
    pub employment_start: Option<NaiveDate>,
    pub email: String,
    pub phone: String,
    pub active: bool,
}

/// A row of the staff list.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub code: String,
    pub full_name: String,
    pub gender: String,
    pub birth_date: Option<NaiveDate>,
    pub position: String,
    pub is_manager: bool,
    pub staff_category: String,
    pub unit_id: i64,
    /// From the in-process tree ([`Store::name_units`]) where the statement leaves it out.
    #[sqlx(default)]
    pub unit_name: String,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Transfer {
    pub from_unit_id: Option<i64>,
    pub from_unit_name: Option<String>,
    pub to_unit_id: i64,
    pub to_unit_name: String,
    pub on_date: NaiveDate,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Employment {
    pub kind: String,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
    /// The period began with a transfer from this unit or agency.
    pub transfer_from: Option<String>,
}

/// What the staff list asks for.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    /// Typed search, any case, with or without diacritics.
    pub q: String,
    /// Only this unit and its sub-units.
    pub unit_id: Option<i64>,
    pub include_inactive: bool,
    /// 1-based.
    pub page: i64,
    pub per_page: i64,
}

pub struct Page<T> {
    pub items: Vec<T>,
    /// How many match; with `capped`, how many are known to (at least).
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// The count stopped past [`SEARCH_COUNT_CAP`] (a common search term):
    /// `total` is a floor, reaching the next page when there is one, and the
    /// list says "hơn 1.000".
    pub capped: bool,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        if self.per_page <= 0 {
            1
        } else {
            ((self.total + self.per_page - 1) / self.per_page).max(1)
        }
    }
}

/// `INSERT … SELECT` adding freshly inserted people (the rows matching `$where`) to the
/// per-unit counts of migration 0006; inserts have no trigger, so every insert of people
/// runs it in the same transaction.
macro_rules! count_new_people {
    ($where:literal) => {
        concat!(
            "INSERT INTO people_counts (unit_id, active, inactive, women, managers, no_birth, no_start)
             SELECT unit_id,
                    SUM(CASE WHEN active THEN 1 ELSE 0 END),
                    SUM(CASE WHEN active THEN 0 ELSE 1 END),
                    SUM(CASE WHEN active AND gender = 'nu' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN active AND is_manager THEN 1 ELSE 0 END),
                    SUM(CASE WHEN active AND birth_date IS NULL THEN 1 ELSE 0 END),
                    SUM(CASE WHEN active AND employment_start IS NULL THEN 1 ELSE 0 END)
             FROM people WHERE ",
            $where,
            " GROUP BY unit_id
             ON CONFLICT (unit_id) DO UPDATE SET
                active = people_counts.active + excluded.active,
                inactive = people_counts.inactive + excluded.inactive,
                women = people_counts.women + excluded.women,
                managers = people_counts.managers + excluded.managers,
                no_birth = people_counts.no_birth + excluded.no_birth,
                no_start = people_counts.no_start + excluded.no_start"
        )
    };
}
pub(crate) use count_new_people;

const PERSON_SELECT: &str = "SELECT id, code, full_name, gender, birth_date, position, is_manager, staff_category, unit_id, unit_path,
    employment_start, email, phone, active FROM people WHERE id = $1";

/// `%needle%` with LIKE's own wildcards escaped.
pub fn like_contains(needle: &str) -> String {
    let mut s = String::with_capacity(needle.len() + 2);
    s.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('%');
    s
}

impl Store {
    pub async fn person(&self, id: i64) -> Result<Person> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Person>(PERSON_SELECT).bind(id).fetch_optional(p).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("cán bộ".into()))
    }

    /// A person the actor may see, or NotFound.
    pub async fn visible_person(&self, actor: &Actor, id: i64) -> Result<Person> {
        let p = self.person(id).await?;
        if actor.can(Action::View, &p.unit_path) {
            Ok(p)
        } else {
            self.access(
                actor.user_id,
                &actor.username,
                "denied",
                "",
                "",
                &format!("cán bộ #{id}"),
            )
            .await?;
            Err(Error::NotFound("cán bộ".into()))
        }
    }

    pub async fn person_id_by_code(&self, code: &str) -> Result<Option<i64>> {
        // Planned for each call on PostgreSQL: a generic plan is made once, and
        // `people` was analyzed empty by migration 0012, so on a fresh database
        // that plan is a sequential scan, run once per person of a bulk import
        // (`tdkt import`) over every row the import has written so far.
        on_per_value_pool!(&self.db, p => sqlx::query_scalar("SELECT id FROM people WHERE code = $1").bind(code).fetch_optional(p).await)
            .map_err(internal)
    }

    pub async fn transfers(&self, person_id: i64) -> Result<Vec<Transfer>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Transfer>(
            "SELECT t.from_unit_id, f.name AS from_unit_name, t.to_unit_id, u.name AS to_unit_name, t.on_date, t.note
             FROM person_transfers t JOIN units u ON u.id = t.to_unit_id LEFT JOIN units f ON f.id = t.from_unit_id
             WHERE t.person_id = $1 ORDER BY t.on_date, t.id").bind(person_id).fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn employment(&self, person_id: i64) -> Result<Vec<Employment>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Employment>(
            "SELECT kind, from_date, to_date, transfer_from FROM person_employment WHERE person_id = $1 ORDER BY from_date")
            .bind(person_id).fetch_all(p).await)
        .map_err(internal)
    }
}

/// A staff code in use by someone the actor may not see.
pub const CODE_TAKEN: &str = "Mã cán bộ này đã được dùng.";

impl WriteTx<'_> {
    pub(crate) async fn person_by_id(&mut self, id: i64) -> Result<Person> {
        on_tx!(&mut self.tx, c => sqlx::query_as::<_, Person>(PERSON_SELECT).bind(id).fetch_optional(c).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("cán bộ".into()))
    }

    async fn active_unit_path(&mut self, unit_id: i64) -> Result<(String, String)> {
        let row: Option<(String, String, bool)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT path, name, active FROM units WHERE id = $1").bind(unit_id).fetch_optional(c).await)
        .map_err(internal)?;
        match row {
            Some((path, name, true)) => Ok((path, name)),
            Some((_, name, false)) => Err(Error::invalid(
                "unit_id",
                format!("Đơn vị «{name}» đã ngừng hoạt động."),
            )),
            None => Err(Error::invalid("unit_id", "Đơn vị không tồn tại.")),
        }
    }

    /// `None` when `code` is free (or is `except`'s own); otherwise the
    /// refusal, which names the holder only to an actor who may see them:
    /// anyone else learns that the code is taken, not whose or where.
    async fn person_code_taken(
        &mut self,
        code: &str,
        except: Option<i64>,
    ) -> Result<Option<Error>> {
        let row: Option<(i64, String, String)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT id, full_name, unit_path FROM people WHERE code = $1").bind(code).fetch_optional(c).await)
            .map_err(internal)?;
        Ok(match row {
            Some((id, name, path)) if Some(id) != except => {
                let msg = if self.actor.can(Action::View, &path) {
                    format!("Mã cán bộ «{code}» đã được dùng cho «{name}».")
                } else {
                    CODE_TAKEN.to_string()
                };
                Some(Error::Conflict(FieldError::new("code", msg)))
            }
            _ => None,
        })
    }

    pub async fn create_person(&mut self, v: &ValidPerson) -> Result<Person> {
        let (unit_path, _) = self.active_unit_path(v.unit_id).await?;
        self.require(Action::ManagePeople, &unit_path)?;
        if let Some(e) = self.person_code_taken(&v.code, None).await? {
            return Err(e);
        }
        let parts = split_name(&v.full_name);
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO people (code, full_name, family_name, middle_name, given_name, name_search, sort_key, gender, birth_date,
                position, is_manager, staff_category, unit_id, unit_path, employment_start, email, phone, active, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, TRUE, $18, $18) RETURNING id")
            .bind(&v.code).bind(&v.full_name).bind(&parts.family).bind(&parts.middle).bind(&parts.given)
            .bind(search_text(v)).bind(name_sort_key(&v.full_name)).bind(v.gender.code()).bind(v.birth_date)
            .bind(&v.position).bind(v.is_manager).bind(v.staff_category.code()).bind(v.unit_id).bind(&unit_path)
            .bind(v.employment_start).bind(&v.email).bind(&v.phone).bind(now)
            .fetch_one(c).await)
        .map_err(|e| if crate::is_unique_violation(&e) {
            Error::Conflict(FieldError::new("code", CODE_TAKEN))
        } else { internal(e) })?;
        on_tx!(&mut self.tx, c => sqlx::query(count_new_people!("id = $1")).bind(id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        self.index_new_people(id, id).await?;
        self.after_person_created().await?;
        // Without a start date the first placement is dated today in Vietnam
        // (not the UTC date, a day behind before 07:00).
        let start = v
            .employment_start
            .unwrap_or_else(|| tdkt_domain::clock::vietnam_date(now));
        if v.employment_start.is_some() {
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO person_employment (person_id, kind, from_date) VALUES ($1, $2, $3)")
                .bind(id).bind(v.staff_category.employment_kind().code()).bind(start).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        on_tx!(&mut self.tx, c => sqlx::query(
            "INSERT INTO person_transfers (person_id, from_unit_id, to_unit_id, on_date, note, created_at) VALUES ($1, NULL, $2, $3, $4, $5)")
            .bind(id).bind(v.unit_id).bind(start).bind("Tiếp nhận").bind(now).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        let person = self.person_by_id(id).await?;
        self.audit(Change {
            action: "create",
            entity: "person",
            entity_id: id.to_string(),
            unit_path: &person.unit_path,
            summary: format!("Thêm cán bộ «{}» ({})", person.full_name, person.code),
            old: None,
            new: Some(json!(person)),
        })
        .await?;
        Ok(person)
    }

    /// Edits a person; a new unit is recorded as a transfer dated `on`.
    pub async fn update_person(
        &mut self,
        id: i64,
        v: &ValidPerson,
        on: NaiveDate,
    ) -> Result<Person> {
        let old = self.person_by_id(id).await?;
        self.require(Action::ManagePeople, &old.unit_path)?;
        if let Some(e) = self.person_code_taken(&v.code, Some(id)).await? {
            return Err(e);
        }
        if v.unit_id != old.unit_id {
            self.move_person(&old, v.unit_id, on, "").await?;
        }
        if v.staff_category.code() != old.staff_category {
            let Some(day_before) = on.pred_opt() else {
                return Err(Error::invalid("on", "Ngày không hợp lệ."));
            };
            on_tx!(&mut self.tx, c => sqlx::query("UPDATE person_employment SET to_date = $1 WHERE person_id = $2 AND to_date IS NULL AND from_date < $3")
                .bind(day_before).bind(id).bind(on).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO person_employment (person_id, kind, from_date) VALUES ($1, $2, $3)")
                .bind(id).bind(v.staff_category.employment_kind().code()).bind(on).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        let parts = split_name(&v.full_name);
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query(
            "UPDATE people SET code = $1, full_name = $2, family_name = $3, middle_name = $4, given_name = $5, name_search = $6,
                sort_key = $7, gender = $8, birth_date = $9, position = $10, is_manager = $11, staff_category = $12,
                employment_start = $13, email = $14, phone = $15, updated_at = $16 WHERE id = $17")
            .bind(&v.code).bind(&v.full_name).bind(&parts.family).bind(&parts.middle).bind(&parts.given)
            .bind(search_text(v)).bind(name_sort_key(&v.full_name)).bind(v.gender.code()).bind(v.birth_date)
            .bind(&v.position).bind(v.is_manager).bind(v.staff_category.code()).bind(v.employment_start)
            .bind(&v.email).bind(&v.phone).bind(now).bind(id)
            .execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        let new = self.person_by_id(id).await?;
        if new != old {
            self.audit(Change {
                action: "update",
                entity: "person",
                entity_id: id.to_string(),
                unit_path: &new.unit_path,
                summary: format!("Sửa thông tin cán bộ «{}» ({})", new.full_name, new.code),
                old: Some(json!(old)),
                new: Some(json!(new)),
            })
            .await?;
        }
        Ok(new)
    }

    /// Moves a person to another unit from `on`, keeping the history.
    pub async fn transfer_person(
        &mut self,
        id: i64,
        to_unit: i64,
        on: NaiveDate,
        note: &str,
    ) -> Result<Person> {
        let old = self.person_by_id(id).await?;
        self.require(Action::ManagePeople, &old.unit_path)?;
        if old.unit_id == to_unit {
            return Err(Error::invalid(
                "unit_id",
                "Cán bộ đang công tác tại đơn vị này.",
            ));
        }
        self.move_person(&old, to_unit, on, note).await?;
        let new = self.person_by_id(id).await?;
        self.audit(Change {
            action: "transfer",
            entity: "person",
            entity_id: id.to_string(),
            unit_path: &new.unit_path,
            summary: format!(
                "Điều chuyển cán bộ «{}» sang đơn vị mới từ ngày {}",
                new.full_name,
                tdkt_domain::text::format_date(on)
            ),
            old: Some(json!({"unit_id": old.unit_id})),
            new: Some(json!({"unit_id": new.unit_id, "note": note})),
        })
        .await?;
        Ok(new)
    }

    /// Records (or, with an empty `from`, clears) that the person's service starting on
    /// `on` began with a transfer from another agency: the rules then count it as
    /// continuous service, not a new recruitment. `on` must be the start of one of the
    /// person's periods of work, or, when none is recorded, becomes the first.
    pub async fn record_transfer_in(&mut self, id: i64, from: &str, on: NaiveDate) -> Result<()> {
        let old = self.person_by_id(id).await?;
        self.require(Action::ManagePeople, &old.unit_path)?;
        let from = from.trim();
        if from.chars().count() > 200 {
            return Err(Error::invalid(
                "from_agency",
                "Tên cơ quan cũ quá dài (tối đa 200 ký tự).",
            ));
        }
        let value = (!from.is_empty()).then_some(from);
        let periods: Vec<(i64, NaiveDate)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT id, from_date FROM person_employment WHERE person_id = $1 ORDER BY from_date")
            .bind(id).fetch_all(c).await)
        .map_err(internal)?;
        match periods.iter().find(|(_, f)| *f == on) {
            Some((pid, _)) => {
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE person_employment SET transfer_from = $1 WHERE id = $2")
                    .bind(value).bind(*pid).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
            }
            None if periods.is_empty() && value.is_some() => {
                let kind = tdkt_domain::codes::StaffCategory::parse(&old.staff_category)
                    .map(|c| c.employment_kind())
                    .unwrap_or(tdkt_domain::codes::EmploymentKind::Khac);
                on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO person_employment (person_id, kind, from_date, transfer_from) VALUES ($1, $2, $3, $4)")
                    .bind(id).bind(kind.code()).bind(on).bind(value).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
            }
            None => {
                let starts: Vec<String> = periods
                    .iter()
                    .map(|(_, f)| tdkt_domain::text::format_date(*f))
                    .collect();
                return Err(Error::invalid(
                    "on_date",
                    format!(
                        "Ngày chuyển đến phải là ngày bắt đầu một giai đoạn công tác của cán bộ ({}).",
                        starts.join(", ")
                    ),
                ));
            }
        }
        self.audit(Change {
            action: "transfer_in",
            entity: "person",
            entity_id: id.to_string(),
            unit_path: &old.unit_path,
            summary: match value {
                Some(f) => format!(
                    "Ghi nhận cán bộ «{}» chuyển công tác từ «{f}» ngày {}",
                    old.full_name,
                    tdkt_domain::text::format_date(on)
                ),
                None => format!(
                    "Bỏ ghi nhận chuyển công tác đến của cán bộ «{}» ngày {}",
                    old.full_name,
                    tdkt_domain::text::format_date(on)
                ),
            },
            old: None,
            new: Some(json!({"from_date": on, "transfer_from": value})),
        })
        .await?;
        Ok(())
    }

    async fn move_person(
        &mut self,
        old: &Person,
        to_unit: i64,
        on: NaiveDate,
        note: &str,
    ) -> Result<()> {
        let (path, _) = self.active_unit_path(to_unit).await?;
        // Moving someone out needs rights where they are and where they go.
        self.require(Action::ManagePeople, &path)?;
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE people SET unit_id = $1, unit_path = $2, updated_at = $3 WHERE id = $4")
            .bind(to_unit).bind(&path).bind(now).bind(old.id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query(
            "INSERT INTO person_transfers (person_id, from_unit_id, to_unit_id, on_date, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(old.id).bind(old.unit_id).bind(to_unit).bind(on).bind(note).bind(now).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        Ok(())
    }

    /// Marks a person as no longer working here (retired, moved away); their
    /// history stays.
    pub async fn set_person_active(&mut self, id: i64, active: bool) -> Result<Person> {
        let old = self.person_by_id(id).await?;
        self.require(Action::ManagePeople, &old.unit_path)?;
        if active {
            let _ = self.active_unit_path(old.unit_id).await?;
        }
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE people SET active = $1, updated_at = $2 WHERE id = $3").bind(active).bind(now).bind(id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        let new = self.person_by_id(id).await?;
        self.audit(Change {
            action: if active { "reactivate" } else { "deactivate" },
            entity: "person",
            entity_id: id.to_string(),
            unit_path: &new.unit_path,
            summary: format!(
                "{} cán bộ «{}»",
                if active {
                    "Khôi phục"
                } else {
                    "Cho nghỉ / ngừng theo dõi"
                },
                new.full_name
            ),
            old: Some(json!({"active": old.active})),
            new: Some(json!({"active": new.active})),
        })
        .await?;
        Ok(new)
    }

    /// Replaces a person's employment periods (from an import).
    pub async fn set_employment(
        &mut self,
        person_id: i64,
        periods: &[(String, NaiveDate, Option<NaiveDate>, Option<String>)],
    ) -> Result<()> {
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM person_employment WHERE person_id = $1").bind(person_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        for (kind, from, to, transfer_from) in periods {
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO person_employment (person_id, kind, from_date, to_date, transfer_from) VALUES ($1, $2, $3, $4, $5)")
                .bind(person_id).bind(kind).bind(*from).bind(*to).bind(transfer_from.as_deref()).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        Ok(())
    }
}

/// After this many people created one by one in a transaction, PostgreSQL's
/// statistics of `people` are refreshed inside it (see
/// [`WriteTx::after_person_created`]).
const PEOPLE_PLAN_REFRESH: u32 = 256;

impl WriteTx<'_> {
    /// Keeps PostgreSQL's plans of a transaction that creates many people one
    /// by one (`tdkt import` of an interchange file) on the indexes of
    /// `people`. Its look-ups by id and code, and the foreign-key checks of
    /// the rows that follow each person, are prepared once per connection;
    /// after five runs PostgreSQL keeps a generic plan, made from the
    /// statistics as they were. On a fresh database those say `people` is
    /// empty (migration 0012 analyzes it), so every plan is a sequential
    /// scan, which then reads all the rows this transaction has written, per
    /// statement: 50,000 people took hours. Analyzing the table once it holds
    /// a few hundred of our rows (ANALYZE counts the transaction's own) makes
    /// PostgreSQL drop those plans, including the foreign-key checks', and
    /// plan them again with the index. SQLite has no such plans.
    async fn after_person_created(&mut self) -> Result<()> {
        let crate::db::Tx::Postgres(c) = &mut self.tx else {
            return Ok(());
        };
        self.people_created = self.people_created.saturating_add(1);
        if self.people_created == PEOPLE_PLAN_REFRESH {
            crate::db::count_query();
            sqlx::query("ANALYZE people")
                .execute(&mut **c)
                .await
                .map_err(internal)?;
        }
        Ok(())
    }

    /// Adds the people with ids `first..=last`, just inserted, to SQLite's
    /// search index (`people_fts`, migration 0007). Inserts are not followed
    /// by a trigger (one run per row would triple a large import's time), so
    /// every path that inserts people calls this: `create_person`, and the
    /// import once at its end. PostgreSQL's trigram index follows the table
    /// by itself.
    pub(crate) async fn index_new_people(&mut self, first: i64, last: i64) -> Result<()> {
        if let crate::db::Tx::Sqlite(c) = &mut self.tx {
            sqlx::query(
                "INSERT INTO people_fts (rowid, name_search) SELECT id, name_search FROM people WHERE id BETWEEN $1 AND $2",
            )
            .bind(first)
            .bind(last)
            .execute(&mut **c)
            .await
            .map_err(internal)?;
        }
        Ok(())
    }
}

fn search_text(v: &ValidPerson) -> String {
    fold(&format!("{} {}", v.full_name, v.code))
}

/// Counts for the home page of one actor's subtrees.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScopeStats {
    pub people: i64,
    pub women: i64,
    pub managers: i64,
    pub missing_birth: i64,
    pub missing_start: i64,
    /// Active people without a rating for `rating_year`.
    pub missing_rating: i64,
    pub rating_year: i64,
    pub units: i64,
}

impl Store {
    pub async fn scope_stats(&self, actor: &Actor, rating_year: i64) -> Result<ScopeStats> {
        let scopes = actor.scopes(Action::View);
        let Some(r) = crate::actor::scope_ranges(&scopes) else {
            return Ok(ScopeStats::default());
        };
        let key = format!("{rating_year}{scopes:?}");
        self.figures
            .scope_stats
            .get_or_load(key, self.read_scope_stats(&r, rating_year))
            .await
    }

    async fn read_scope_stats(&self, r: &[String], rating_year: i64) -> Result<ScopeStats> {
        // Sums of the per-unit counts (migration 0006) over the units in scope: the cost
        // follows the number of units, not of people.
        // Planned for its ranges each time on PostgreSQL: a generic plan cannot tell a
        // department from the province.
        let row: (i64, i64, i64, i64, i64, i64, i64) = on_per_value_pool!(&self.db, p => sqlx::query_as(
            "WITH scope AS (
                SELECT id, active FROM units
                WHERE (path >= $1 AND path < $2) OR (path >= $3 AND path < $4)
                   OR (path >= $5 AND path < $6) OR (path >= $7 AND path < $8))
             SELECT CAST(COALESCE(SUM(c.active), 0) AS BIGINT), CAST(COALESCE(SUM(c.women), 0) AS BIGINT),
                    CAST(COALESCE(SUM(c.managers), 0) AS BIGINT), CAST(COALESCE(SUM(c.no_birth), 0) AS BIGINT),
                    CAST(COALESCE(SUM(c.no_start), 0) AS BIGINT),
                    (SELECT CAST(COALESCE(SUM(rc.rated), 0) AS BIGINT) FROM rated_counts rc
                      WHERE rc.year = $9 AND rc.unit_id IN (SELECT id FROM scope)),
                    (SELECT COUNT(*) FROM scope WHERE active = TRUE)
             FROM people_counts c WHERE c.unit_id IN (SELECT id FROM scope)")
            .bind(&r[0]).bind(&r[1]).bind(&r[2]).bind(&r[3]).bind(&r[4]).bind(&r[5]).bind(&r[6]).bind(&r[7]).bind(rating_year).fetch_one(p).await)
        .map_err(internal)?;
        Ok(ScopeStats {
            people: row.0,
            women: row.1,
            managers: row.2,
            missing_birth: row.3,
            missing_start: row.4,
            missing_rating: row.0 - row.5,
            rating_year,
            units: row.6,
        })
    }
}

/// A person who may be registered for a plan, with what the registration hints read.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegistrablePerson {
    #[sqlx(flatten)]
    pub row: PersonRow,
    pub employment_start: Option<NaiveDate>,
    /// A period of work began with a transfer in: not a new recruitment.
    pub transferred_in: bool,
}

/// The people of a registration form's page and how many the unit registers in
/// all: a 2,500-person department is never read whole for one page (those the
/// registration names come with its entries).
pub struct RegistrableWindow {
    pub page: Vec<RegistrablePerson>,
    pub total: i64,
}

/// The SELECT of [`RegistrablePerson`] with `$where` (people `p`; unit names come
/// from the in-process tree), in the staff list's order, which the name index
/// holds: a page (`$tail`: LIMIT … OFFSET …) of a large department walks fifty
/// entries of it, the transfer test only for those (planned per value: a small
/// unit is read whole and sorted instead).
macro_rules! registrable_sql {
    ($where:literal, $tail:literal) => {
        registrable_sql!(
            "p.employment_start, EXISTS (SELECT 1 FROM person_employment e WHERE e.person_id = p.id AND e.transfer_from IS NOT NULL) AS transferred_in",
            $where,
            $tail
        )
    };
    ($hints:literal, $where:literal, $tail:literal) => {
        concat!(
            "SELECT p.id, p.code, p.full_name, p.gender, p.birth_date, p.position, p.is_manager, p.staff_category,
                    p.unit_id, p.active, ", $hints, "
             FROM people p
             WHERE p.active = TRUE AND ", $where, " ORDER BY p.sort_key, p.unit_path, p.name_search, p.id", $tail
        )
    };
}

/// [`registrable_sql!`] without what the hints ask (the form's page when its
/// registrants come with the saved entries): one subquery fewer to plan.
macro_rules! registrable_sql_without_hints {
    ($where:literal, $tail:literal) => {
        registrable_sql!(
            "CAST(NULL AS DATE) AS employment_start, FALSE AS transferred_in",
            $where,
            $tail
        )
    };
}

use crate::db::Bind;

impl Store {
    /// Rows of [`registrable_sql!`]. On SQLite through
    /// the rusqlite readers (see [`crate::sqlite_readers`]): sqlx hands each row
    /// over from its worker thread, which made a page of 100 people cost 3 ms
    /// instead of 0.3.
    async fn registrable_rows(
        &self,
        sql: &'static str,
        binds: &[Bind<'_>],
    ) -> Result<Vec<RegistrablePerson>> {
        let mut rows = self
            .hot_rows_per_value(sql, binds, |r| {
                Ok(RegistrablePerson {
                    row: list::person_row(r)?,
                    employment_start: crate::db::sqlite_date(r, 10)?,
                    transferred_in: r.get(11)?,
                })
            })
            .await?;
        self.name_units(rows.iter_mut().map(|r| &mut r.row)).await?;
        Ok(rows)
    }

    /// Fills each row's unit name from the in-process tree; a unit another
    /// process created since the tree was read is looked up.
    pub(crate) async fn name_units<'a>(
        &self,
        rows: impl Iterator<Item = &'a mut PersonRow>,
    ) -> Result<()> {
        let tree = self.unit_tree().await?;
        for r in rows {
            r.unit_name = match tree.get(r.unit_id) {
                Some(u) => u.name.clone(),
                None => self.unit(r.unit_id).await?.name,
            };
        }
        Ok(())
    }

    /// The active people a unit registers: its direct members (`direct_only`, for the
    /// issuing unit whose sub-units register their own) or its whole subtree, in name
    /// order, in one query (a registration sheet lists everyone).
    pub async fn registrable_people(
        &self,
        actor: &Actor,
        unit_id: i64,
        direct_only: bool,
    ) -> Result<Vec<RegistrablePerson>> {
        let unit = self.visible_unit(actor, unit_id).await?;
        if direct_only {
            return self
                .registrable_rows(
                    registrable_sql!("p.unit_id = $1", ""),
                    &[Bind::Int(unit_id)],
                )
                .await;
        }
        let (lo, hi) = crate::actor::subtree_range(&unit.path);
        self.registrable_rows(
            registrable_sql!("p.unit_path >= $1 AND p.unit_path < $2", ""),
            &[Bind::Text(&lo), Bind::Text(&hi)],
        )
        .await
    }

    /// One page of [`Self::registrable_people`] (`limit` from `offset`) and their
    /// number (from the per-unit counts of migration 0006, kept like the other
    /// figures: not a count over people, and no statement when warm). Without
    /// `with_hints`, the page's people carry no employment start nor transfer.
    pub async fn registrable_window(
        &self,
        actor: &Actor,
        unit_id: i64,
        direct_only: bool,
        offset: i64,
        limit: i64,
        with_hints: bool,
    ) -> Result<RegistrableWindow> {
        let unit = self.visible_unit(actor, unit_id).await?;
        let (lo, hi) = crate::actor::subtree_range(&unit.path);
        // A unit's own people (the issuing unit's direct members, or everyone of a
        // unit without sub-units) carry its path: as an equality, `people_unit_path`
        // gives the page in order (migration 0018), where a subtree's range reads
        // and sorts the whole unit, or walks the province's name order.
        let own_only = direct_only || !self.unit_tree().await?.has_children(unit_id);
        let page = if own_only {
            self.registrable_rows(
                if with_hints {
                    registrable_sql!("p.unit_path = $1", " LIMIT $2 OFFSET $3")
                } else {
                    registrable_sql_without_hints!("p.unit_path = $1", " LIMIT $2 OFFSET $3")
                },
                &[Bind::Text(&unit.path), Bind::Int(limit), Bind::Int(offset)],
            )
            .await?
        } else {
            self.registrable_rows(
                if with_hints {
                    registrable_sql!(
                        "p.unit_path >= $1 AND p.unit_path < $2",
                        " LIMIT $3 OFFSET $4"
                    )
                } else {
                    registrable_sql_without_hints!(
                        "p.unit_path >= $1 AND p.unit_path < $2",
                        " LIMIT $3 OFFSET $4"
                    )
                },
                &[
                    Bind::Text(&lo),
                    Bind::Text(&hi),
                    Bind::Int(limit),
                    Bind::Int(offset),
                ],
            )
            .await?
        };
        let total = if direct_only {
            self.figures
                .people_totals
                .get_or_load(
                    format!("registrable:{unit_id}"),
                    self.count_active_people_in(unit_id),
                )
                .await?
        } else {
            self.active_people_under(&lo, &hi).await?
        };
        Ok(RegistrableWindow { page, total })
    }
}
