//! Bulk import of a staff list in one transaction: new people are inserted in
//! batches, known ones (same code, or same name and birth date when the sheet
//! has no codes) updated; every change lands in the audit log.

use crate::write::Change;
use crate::{Result, WriteTx, internal, on_tx};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use tdkt_domain::auth::Action;
use tdkt_domain::error::{Error, FieldError, Location};
use tdkt_domain::org::ValidPerson;
use tdkt_domain::text::{fold, name_sort_key, split_name};

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

#[derive(sqlx::FromRow)]
struct Existing {
    id: i64,
    code: String,
    full_name: String,
    gender: String,
    birth_date: Option<chrono::NaiveDate>,
    position: String,
    is_manager: bool,
    staff_category: String,
    unit_id: i64,
    unit_path: String,
    employment_start: Option<chrono::NaiveDate>,
    email: String,
    phone: String,
    active: bool,
}

/// Rows per INSERT statement (SQLite allows 32 766 parameters).
const BATCH: usize = 500;

/// Below this many new rows, maintaining the indexes row by row is cheaper.
const BULK_REBUILD_MIN: usize = 5000;

impl WriteTx<'_> {
    /// Imports people; `sheet` names the sheet for error locations. Either every
    /// row is stored or none (the caller drops the transaction on error).
    pub async fn import_people(
        &mut self,
        sheet: &str,
        rows: Vec<ImportPerson>,
    ) -> Result<ImportReport> {
        // Permission on every target unit, checked once per unit.
        let unit_ids: std::collections::BTreeSet<i64> =
            rows.iter().map(|r| r.person.unit_id).collect();
        let mut unit_paths: HashMap<i64, String> = HashMap::new();
        for uid in unit_ids {
            let row: Option<(String, bool)> = on_tx!(&mut self.tx, c => sqlx::query_as("SELECT path, active FROM units WHERE id = $1").bind(uid).fetch_optional(c).await)
                .map_err(internal)?;
            match row {
                Some((path, true)) => {
                    self.require(Action::ManagePeople, &path)?;
                    unit_paths.insert(uid, path);
                }
                _ => {
                    return Err(Error::invalid(
                        "unit",
                        "Đơn vị không tồn tại hoặc đã ngừng hoạt động.",
                    ));
                }
            }
        }
        let existing: Vec<Existing> = on_tx!(&mut self.tx, c => sqlx::query_as::<_, Existing>(
            "SELECT id, code, full_name, gender, birth_date, position, is_manager, staff_category, unit_id, unit_path,
                    employment_start, email, phone, active FROM people").fetch_all(c).await)
        .map_err(internal)?;
        let by_code: HashMap<&str, usize> = existing
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.as_str(), i))
            .collect();
        let by_name_birth: HashMap<(String, Option<chrono::NaiveDate>), usize> = existing
            .iter()
            .enumerate()
            .map(|(i, e)| ((fold(&e.full_name), e.birth_date), i))
            .collect();

        let mut errors = Vec::new();
        let mut seen_codes: HashMap<String, u32> = HashMap::new();
        let mut creates: Vec<ImportPerson> = Vec::new();
        let mut updates: Vec<(usize, ImportPerson)> = Vec::new();
        let mut report = ImportReport::default();
        let mut next_code = existing.len() + 1;
        for mut r in rows {
            let hit = if r.code_given {
                by_code.get(r.person.code.as_str()).copied()
            } else {
                by_name_birth
                    .get(&(fold(&r.person.full_name), r.person.birth_date))
                    .copied()
            };
            if !r.code_given {
                r.person.code = match hit {
                    Some(i) => existing[i].code.clone(),
                    None => loop {
                        let c = format!("CB{next_code:06}");
                        next_code += 1;
                        if !by_code.contains_key(c.as_str()) && !seen_codes.contains_key(&c) {
                            break c;
                        }
                    },
                };
            }
            if let Some(first) = seen_codes.insert(r.person.code.clone(), r.row) {
                errors.push(
                    FieldError::new(
                        "code",
                        format!("Mã cán bộ «{}» trùng với dòng {first}.", r.person.code),
                    )
                    .at(Location {
                        sheet: Some(sheet.into()),
                        row: Some(r.row),
                        column: None,
                    }),
                );
                continue;
            }
            match hit {
                Some(i) => {
                    let e = &existing[i];
                    if !self.actor.can(Action::ManagePeople, &e.unit_path) {
                        errors.push(
                            FieldError::new("code", format!("Mã «{}» là của một cán bộ đơn vị khác, ngoài phạm vi quản lý của bạn.", e.code))
                                .at(Location { sheet: Some(sheet.into()), row: Some(r.row), column: None }),
                        );
                        continue;
                    }
                    if same(e, &r.person) {
                        report.unchanged += 1;
                    } else {
                        updates.push((i, r));
                    }
                }
                None => creates.push(r),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }

        // A large first import (more new people than the table holds) loads
        // faster into bare tables whose indexes are rebuilt once at the end,
        // inside the same transaction.
        let rebuild = creates.len() >= BULK_REBUILD_MIN && creates.len() >= existing.len();
        let dropped = if rebuild {
            self.drop_indexes(&["people", "person_transfers", "person_employment"])
                .await?
        } else {
            vec![]
        };
        // Creates, in batches.
        let now = self.now;
        let today = now.date_naive();
        for chunk in creates.chunks(BATCH) {
            let ids: Vec<(i64, String)> = on_tx!(&mut self.tx, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "INSERT INTO people (code, full_name, family_name, middle_name, given_name, name_search, sort_key, gender, birth_date,
                        position, is_manager, staff_category, unit_id, unit_path, employment_start, email, phone, active, created_at, updated_at) ");
                qb.push_values(chunk, |mut b, r| {
                    let p = &r.person;
                    let parts = split_name(&p.full_name);
                    b.push_bind(p.code.clone()).push_bind(p.full_name.clone()).push_bind(parts.family).push_bind(parts.middle)
                        .push_bind(parts.given).push_bind(fold(&format!("{} {}", p.full_name, p.code))).push_bind(name_sort_key(&p.full_name))
                        .push_bind(p.gender.code()).push_bind(p.birth_date).push_bind(p.position.clone()).push_bind(p.is_manager)
                        .push_bind(p.staff_category.code()).push_bind(p.unit_id).push_bind(unit_paths.get(&p.unit_id).cloned().unwrap_or_default())
                        .push_bind(p.employment_start).push_bind(p.email.clone()).push_bind(p.phone.clone()).push_bind(true)
                        .push_bind(now).push_bind(now);
                });
                qb.push(" RETURNING id, code");
                qb.build_query_as::<(i64, String)>().fetch_all(c).await
            })
            .map_err(|e| if crate::is_unique_violation(&e) {
                Error::Conflict(FieldError::new("code", "Một mã cán bộ trong tệp vừa được người khác tạo; hãy nhập lại."))
            } else { internal(e) })?;
            let id_of: HashMap<String, i64> =
                ids.into_iter().map(|(id, code)| (code, id)).collect();
            let rows: Vec<(i64, &ImportPerson)> = chunk
                .iter()
                .filter_map(|r| id_of.get(&r.person.code).map(|id| (*id, r)))
                .collect();
            on_tx!(&mut self.tx, c => {
                let mut qb = sqlx::QueryBuilder::new("INSERT INTO person_transfers (person_id, from_unit_id, to_unit_id, on_date, note, created_at) ");
                qb.push_values(&rows, |mut b, (id, r)| {
                    b.push_bind(*id).push_bind(None::<i64>).push_bind(r.person.unit_id)
                        .push_bind(r.person.employment_start.unwrap_or(today)).push_bind("Tiếp nhận (nhập từ tệp)").push_bind(now);
                });
                qb.build().execute(c).await.map(|r| r.rows_affected())
            })
            .map_err(internal)?;
            let employed: Vec<&(i64, &ImportPerson)> = rows
                .iter()
                .filter(|(_, r)| r.person.employment_start.is_some())
                .collect();
            if !employed.is_empty() {
                on_tx!(&mut self.tx, c => {
                    let mut qb = sqlx::QueryBuilder::new("INSERT INTO person_employment (person_id, kind, from_date) ");
                    qb.push_values(&employed, |mut b, (id, r)| {
                        b.push_bind(*id).push_bind(r.person.staff_category.employment_kind().code()).push_bind(r.person.employment_start);
                    });
                    qb.build().execute(c).await.map(|r| r.rows_affected())
                })
                .map_err(internal)?;
            }
            // One audit line per batch, holding every created person with its new values:
            // the same record of who, when and what, without 50 000 indexed rows.
            let created: Vec<serde_json::Value> = rows
                .iter()
                .map(|(id, r)| json!({"id": id, "row": r.row, "person": r.person}))
                .collect();
            let paths: std::collections::BTreeSet<&str> = rows
                .iter()
                .filter_map(|(_, r)| unit_paths.get(&r.person.unit_id).map(String::as_str))
                .collect();
            let common = common_prefix(&paths);
            self.audit(Change {
                action: "import",
                entity: "person",
                entity_id: format!(
                    "{}…{}",
                    rows.first().map(|r| r.0).unwrap_or(0),
                    rows.last().map(|r| r.0).unwrap_or(0)
                ),
                unit_path: &common,
                summary: format!(
                    "Nhập {} cán bộ từ trang «{sheet}», dòng {}–{} ({} … {})",
                    rows.len(),
                    rows.first().map(|r| r.1.row).unwrap_or(0),
                    rows.last().map(|r| r.1.row).unwrap_or(0),
                    rows.first()
                        .map(|r| r.1.person.full_name.as_str())
                        .unwrap_or(""),
                    rows.last()
                        .map(|r| r.1.person.full_name.as_str())
                        .unwrap_or("")
                ),
                old: None,
                new: Some(serde_json::Value::Array(created)),
            })
            .await?;
            report.created += rows.len();
        }
        self.restore_indexes(dropped).await?;
        // Updates, one by one (a re-import usually changes few rows).
        for (i, r) in updates {
            let e = &existing[i];
            self.update_person(e.id, &r.person, today).await?;
            report.updated += 1;
        }
        self.audit(Change {
            action: "import",
            entity: "staff_sheet",
            entity_id: sheet.to_string(),
            unit_path: "",
            summary: format!(
                "Nhập danh sách cán bộ từ trang «{sheet}»: thêm {}, cập nhật {}, không đổi {}",
                report.created, report.updated, report.unchanged
            ),
            old: None,
            new: Some(json!(report)),
        })
        .await?;
        Ok(report)
    }
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

impl WriteTx<'_> {
    /// Drops the secondary indexes of `tables` (not primary keys or unique
    /// constraints) and returns their definitions, as the database catalog
    /// holds them, for [`Self::restore_indexes`].
    async fn drop_indexes(&mut self, tables: &[&str]) -> Result<Vec<(String, String)>> {
        let mut out: Vec<(String, String)> = Vec::new();
        for t in tables {
            let rows: Vec<(String, String)> = match &mut self.tx {
                crate::db::Tx::Sqlite(c) => sqlx::query_as(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
                )
                .bind(*t)
                .fetch_all(&mut **c)
                .await,
                crate::db::Tx::Postgres(c) => sqlx::query_as(
                    "SELECT i.indexname::text, i.indexdef FROM pg_indexes i
                     WHERE i.schemaname = current_schema() AND i.tablename = $1 AND i.indexdef NOT LIKE 'CREATE UNIQUE%'",
                )
                .bind(*t)
                .fetch_all(&mut **c)
                .await,
            }
            .map_err(internal)?;
            out.extend(rows);
        }
        for (name, _) in &out {
            // Index names come from the catalog, never from users.
            let stmt = format!("DROP INDEX {name}");
            on_tx!(&mut self.tx, c => sqlx::query(sqlx::AssertSqlSafe(stmt.clone())).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
        }
        Ok(out)
    }

    async fn restore_indexes(&mut self, indexes: Vec<(String, String)>) -> Result<()> {
        for (_, ddl) in indexes {
            on_tx!(&mut self.tx, c => sqlx::query(sqlx::AssertSqlSafe(ddl.clone())).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
        }
        Ok(())
    }
}
