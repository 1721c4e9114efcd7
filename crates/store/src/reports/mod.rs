//! What the statutory forms count (docs/reports.md), read for one body (a unit
//! and its subtree) and one year: the movements running in the year and the
//! awards of the year, each with what places it in a form's rows.

pub mod workforce;
pub mod working;

use crate::actor::subtree_range;
use crate::{Result, Store, internal, on_pool};
use chrono::NaiveDate;
use tdkt_domain::codes::{AwardCode, AwardKind};
use tdkt_domain::emulation::movement::MovementKind;
use tdkt_domain::reports::emphasis::Counts;
use tdkt_domain::reports::statutory::{AwardFact, MovementFact};
use tdkt_domain::reports::{launch_level, months_between, movement_scope, subject_class};

/// The facts of one body's year.
#[derive(Debug, Clone, Default)]
pub struct YearFacts {
    pub movements: Vec<MovementFact>,
    pub awards: Vec<AwardFact>,
    /// The body belongs to a province (its level is the province's or below):
    /// row 1.2 of 0602/0603; a central ministry or sector: row 1.1.
    pub province: bool,
}

type MovementRow = (String, String, NaiveDate, Option<NaiveDate>, i64);
type AwardRow = (String, String, bool, bool, String, i64);

impl Store {
    /// Movements of the body's subtree running in `year` (begun by 31/12, not
    /// ended before 01/01) and awards of `year` to its people and units.
    pub async fn year_facts(&self, body: i64, year: i32) -> Result<YearFacts> {
        let unit = self.unit(body).await?;
        let (lo, hi) = subtree_range(&unit.path);
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let body_rank: i64 = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT COALESCE((SELECT rank FROM unit_levels WHERE code = $1), 99)")
            .bind(&unit.level).fetch_one(p).await)
        .map_err(internal)?;
        let movements: Vec<MovementRow> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT m.kind, m.scope, m.start_date, m.end_date, COALESCE(l.rank, 99)
             FROM movements m JOIN units u ON u.id = m.unit_id
             LEFT JOIN unit_levels l ON l.code = u.level
             WHERE u.path >= $1 AND u.path < $2 AND m.start_date <= $3
               AND (m.end_date IS NULL OR m.end_date >= $4)")
            .bind(&lo).bind(&hi).bind(last).bind(first).fetch_all(p).await)
        .map_err(internal)?;
        let awards: Vec<AwardRow> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT a.award, a.kind, a.person_id IS NULL, COALESCE(p.is_manager, FALSE), u.kind, COALESCE(l.rank, 99)
             FROM awards a
             LEFT JOIN people p ON p.id = a.person_id
             JOIN units u ON u.id = COALESCE(a.unit_id, p.unit_id)
             LEFT JOIN unit_levels l ON l.code = u.level
             WHERE a.year = $1 AND u.path >= $2 AND u.path < $3")
            .bind(i64::from(year)).bind(&lo).bind(&hi).fetch_all(p).await)
        .map_err(internal)?;
        Ok(YearFacts {
            movements: movements
                .into_iter()
                .map(|(kind, scope, start, end, rank)| {
                    let rank = rank.clamp(-10, 99) as i32;
                    MovementFact {
                        level: launch_level(rank),
                        scope: movement_scope(rank, &scope),
                        months: end.map(|e| months_between(start, e)),
                        kind: MovementKind::parse(&kind).unwrap_or(MovementKind::ThuongXuyen),
                    }
                })
                .collect(),
            awards: awards
                .into_iter()
                .filter_map(|(award, kind, collective, manager, unit_kind, rank)| {
                    Some(AwardFact {
                        award: AwardCode::parse(&award).ok()?,
                        kind: AwardKind::parse(&kind).unwrap_or_default(),
                        subject: subject_class(
                            collective,
                            manager,
                            &unit_kind,
                            rank.clamp(-10, 99) as i32,
                        ),
                    })
                })
                .collect(),
            province: body_rank >= 0,
        })
    }
}

type CountRow = (String, i64, i64, i64, i64, i64, i64, i64);

impl Store {
    /// The awards of `from..=to` in the body's subtree, counted by the unit
    /// they belong to and year, with what the seed's shares ask of each: to
    /// a person, a non-manager, a woman; a first award; after a weak rating.
    /// Each recipient's earlier awards and last year's rating are looked up
    /// through their indexes; the counting is done by the database, so a
    /// province's five years come back as a few thousand rows.
    pub async fn award_counts(
        &self,
        body: i64,
        from: i32,
        to: i32,
    ) -> Result<Vec<(String, i32, Counts)>> {
        let unit = self.unit(body).await?;
        let (lo, hi) = subtree_range(&unit.path);
        let rows: Vec<CountRow> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT u.path, a.year, COUNT(*),
                    SUM(CASE WHEN a.person_id IS NOT NULL THEN 1 ELSE 0 END),
                    SUM(CASE WHEN a.person_id IS NOT NULL AND NOT p.is_manager THEN 1 ELSE 0 END),
                    SUM(CASE WHEN p.gender = 'nu' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN (CASE WHEN a.person_id IS NOT NULL
                         THEN NOT EXISTS (SELECT 1 FROM awards b WHERE b.person_id = a.person_id AND b.year < a.year)
                         ELSE NOT EXISTS (SELECT 1 FROM awards b WHERE b.unit_id = a.unit_id AND b.year < a.year) END)
                        THEN 1 ELSE 0 END),
                    SUM(CASE WHEN (CASE WHEN a.person_id IS NOT NULL
                         THEN EXISTS (SELECT 1 FROM ratings r WHERE r.person_id = a.person_id AND r.year = a.year - 1 AND r.rating IN ('HT', 'KHT'))
                         ELSE EXISTS (SELECT 1 FROM ratings r WHERE r.unit_id = a.unit_id AND r.year = a.year - 1 AND r.rating IN ('HT', 'KHT')) END)
                        THEN 1 ELSE 0 END)
             FROM awards a
             LEFT JOIN people p ON p.id = a.person_id
             JOIN units u ON u.id = COALESCE(a.unit_id, p.unit_id)
             WHERE a.year >= $1 AND a.year <= $2 AND u.path >= $3 AND u.path < $4
             GROUP BY u.path, a.year")
            .bind(i64::from(from)).bind(i64::from(to)).bind(&lo).bind(&hi).fetch_all(p).await)
        .map_err(internal)?;
        let n = |x: i64| x.max(0) as u64;
        Ok(rows
            .into_iter()
            .map(
                |(path, year, awards, individual, non_manager, women, first_time, risen)| {
                    (
                        path,
                        year as i32,
                        Counts {
                            awards: n(awards),
                            individual: n(individual),
                            non_manager: n(non_manager),
                            women: n(women),
                            first_time: n(first_time),
                            risen: n(risen),
                        },
                    )
                },
            )
            .collect())
    }
}
