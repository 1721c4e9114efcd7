//! Annual ratings (xếp loại chất lượng) of a unit's people and collectives,
//! entered on the unit's ratings page or read from the personnel office's
//! sheet. A unit's clerk or head rates its people (`Action::Rate`); the
//! collectives' ratings are the Office's (`Action::ManageHistory`). Each rating
//! that changes gets its audit line with the old value.

use crate::actor::subtree_range;
use crate::history::Subject;
use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_pool, on_tx};
use serde_json::json;
use std::collections::HashMap;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::Rating;
use tdkt_domain::error::{Error, FieldError};

/// One person of a unit's ratings list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RatedPerson {
    pub id: i64,
    pub code: String,
    pub full_name: String,
    pub position: String,
    pub is_manager: bool,
    pub unit_name: String,
    pub rating: Option<String>,
}

/// One collective (the unit or a unit below it) and its rating.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RatedUnit {
    pub id: i64,
    pub name: String,
    pub depth: i64,
    pub rating: Option<String>,
}

/// A unit's ratings for a year: its active people in name order, its collectives
/// in tree order.
#[derive(Debug, Clone, Default)]
pub struct UnitRatings {
    pub people: Vec<RatedPerson>,
    pub units: Vec<RatedUnit>,
}

/// How many of `people` hold a rating, and how many per rating in the order of
/// `Rating::ALL` (HTXS, HTT, HT, KHT).
pub fn tally(people: &[RatedPerson]) -> (usize, [usize; 4]) {
    let mut by = [0; 4];
    for p in people {
        if let Some(i) = p
            .rating
            .as_deref()
            .and_then(|r| Rating::ALL.iter().position(|x| x.code() == r))
        {
            by[i] += 1;
        }
    }
    (by.iter().sum(), by)
}

impl Store {
    /// The ratings of `unit_id`'s subtree for `year` (the actor must see the unit).
    pub async fn unit_ratings(
        &self,
        actor: &Actor,
        unit_id: i64,
        year: i32,
    ) -> Result<UnitRatings> {
        let unit = self.visible_unit(actor, unit_id).await?;
        let (lo, hi) = subtree_range(&unit.path);
        let people = on_pool!(&self.db, p => sqlx::query_as::<_, RatedPerson>(
            "SELECT p.id, p.code, p.full_name, p.position, p.is_manager, u.name AS unit_name, r.rating
             FROM people p JOIN units u ON u.id = p.unit_id
             LEFT JOIN ratings r ON r.person_id = p.id AND r.year = $3
             WHERE p.active = TRUE AND p.unit_path >= $1 AND p.unit_path < $2
             ORDER BY p.sort_key, p.id")
            .bind(&lo).bind(&hi).bind(year as i64).fetch_all(p).await)
        .map_err(internal)?;
        let units = on_pool!(&self.db, p => sqlx::query_as::<_, RatedUnit>(
            "SELECT u.id, u.name, CAST(LENGTH(u.path) - LENGTH(REPLACE(u.path, '/', '')) AS BIGINT) AS depth, r.rating
             FROM units u LEFT JOIN ratings r ON r.unit_id = u.id AND r.year = $3
             WHERE u.active = TRUE AND u.path >= $1 AND u.path < $2
             ORDER BY u.path")
            .bind(&lo).bind(&hi).bind(year as i64).fetch_all(p).await)
        .map_err(internal)?;
        Ok(UnitRatings { people, units })
    }
}

/// What is recorded for a subject in a year before a change: its path and rating.
#[derive(sqlx::FromRow)]
struct Current {
    id: i64,
    path: String,
    rating: Option<String>,
}

impl WriteTx<'_> {
    /// Sets (or, with `None`, clears) the `year` ratings of people and units of
    /// `unit_id`'s subtree; anyone outside it refuses the whole change. Only
    /// ratings that differ are written. Answers how many changed.
    pub async fn set_ratings(
        &mut self,
        unit_id: i64,
        year: i32,
        changes: &[(Subject, Option<Rating>)],
    ) -> Result<usize> {
        if !(1990..=2100).contains(&year) {
            return Err(Error::invalid("nam", format!("Năm {year} không hợp lệ.")));
        }
        let unit_path: Option<String> =
            on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
            .bind(unit_id).fetch_optional(c).await)
            .map_err(internal)?;
        let unit_path = unit_path.ok_or_else(|| Error::NotFound("đơn vị".into()))?;
        let rates_people = changes.iter().any(|(s, _)| matches!(s, Subject::Person(_)));
        let rates_units = changes.iter().any(|(s, _)| matches!(s, Subject::Unit(_)));
        if rates_people {
            self.require(Action::Rate, &unit_path)?;
        }
        if rates_units {
            self.require(Action::ManageHistory, &unit_path)?;
        }
        let (lo, hi) = subtree_range(&unit_path);
        let people: HashMap<i64, Current> = if rates_people {
            on_tx!(&mut self.tx, c => sqlx::query_as::<_, Current>(
                "SELECT p.id, p.unit_path AS path, r.rating FROM people p
                 LEFT JOIN ratings r ON r.person_id = p.id AND r.year = $3
                 WHERE p.unit_path >= $1 AND p.unit_path < $2")
                .bind(&lo).bind(&hi).bind(year as i64).fetch_all(c).await)
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect()
        } else {
            HashMap::new()
        };
        let units: HashMap<i64, Current> = if rates_units {
            on_tx!(&mut self.tx, c => sqlx::query_as::<_, Current>(
                "SELECT u.id, u.path, r.rating FROM units u
                 LEFT JOIN ratings r ON r.unit_id = u.id AND r.year = $3
                 WHERE u.path >= $1 AND u.path < $2")
                .bind(&lo).bind(&hi).bind(year as i64).fetch_all(c).await)
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect()
        } else {
            HashMap::new()
        };
        let mut outside = Vec::new();
        let mut todo = Vec::new();
        for (s, rating) in changes {
            let current = match s {
                Subject::Person(id) => people.get(id),
                Subject::Unit(id) => units.get(id),
            };
            let Some(current) = current else {
                outside.push(FieldError::new(
                    "nguoi",
                    match s {
                        Subject::Person(id) => format!("Cán bộ số {id} không thuộc đơn vị này."),
                        Subject::Unit(id) => format!("Đơn vị số {id} không thuộc đơn vị này."),
                    },
                ));
                continue;
            };
            if current.rating.as_deref() != rating.map(|r| r.code()) {
                todo.push((*s, *rating, current));
            }
        }
        if !outside.is_empty() {
            return Err(Error::Validation(outside));
        }
        for (s, rating, current) in &todo {
            self.write_rating(*s, year, *rating, current).await?;
        }
        Ok(todo.len())
    }

    async fn write_rating(
        &mut self,
        s: Subject,
        year: i32,
        rating: Option<Rating>,
        current: &Current,
    ) -> Result<()> {
        let (entity_id, pid, uid) = match s {
            Subject::Person(id) => (format!("person:{id}"), Some(id), None),
            Subject::Unit(id) => (format!("unit:{id}"), None, Some(id)),
        };
        let done = match (rating, &current.rating) {
            (None, _) => on_tx!(&mut self.tx, c => sqlx::query(match s {
                    Subject::Person(_) => "DELETE FROM ratings WHERE person_id = $1 AND year = $2",
                    Subject::Unit(_) => "DELETE FROM ratings WHERE unit_id = $1 AND year = $2",
                })
                .bind(current.id).bind(year as i64).execute(c).await.map(|_| ())),
            (Some(r), Some(_)) => on_tx!(&mut self.tx, c => sqlx::query(match s {
                    Subject::Person(_) => "UPDATE ratings SET rating = $3 WHERE person_id = $1 AND year = $2",
                    Subject::Unit(_) => "UPDATE ratings SET rating = $3 WHERE unit_id = $1 AND year = $2",
                })
                .bind(current.id).bind(year as i64).bind(r.code()).execute(c).await.map(|_| ())),
            (Some(r), None) => on_tx!(&mut self.tx, c => sqlx::query(
                "INSERT INTO ratings (person_id, unit_id, year, rating) VALUES ($1, $2, $3, $4)")
                .bind(pid).bind(uid).bind(year as i64).bind(r.code()).execute(c).await.map(|_| ())),
        };
        done.map_err(internal)?;
        let summary = match rating {
            Some(r) => format!("Xếp loại năm {year}: {}", r.label()),
            None => format!("Bỏ xếp loại năm {year}"),
        };
        self.audit(Change {
            action: if rating.is_some() { "put" } else { "delete" },
            entity: "rating",
            entity_id,
            unit_path: &current.path,
            summary,
            old: current
                .rating
                .as_ref()
                .map(|r| json!({"year": year, "rating": r})),
            new: rating.map(|r| json!({"year": year, "rating": r.code()})),
        })
        .await
    }
}
