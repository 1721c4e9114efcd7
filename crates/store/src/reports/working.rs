//! What the working reports count for a body (a unit and its subtree) in a
//! period: registrations sent, nominees in dossiers sent, decisions signed
//! and awards decided — each grouped by the unit it belongs to and the
//! title, so the page can sum them per unit directly under the body; the
//! awardees of a year; each person's awards over years; and the awards of
//! recent years by title for the leadership's chart.

use crate::actor::subtree_range;
use crate::{Result, Store, internal, on_pool};
use chrono::{DateTime, NaiveDate, Utc};

/// Counts by (unit path, award code).
pub type PathAwardCounts = Vec<(String, String, i64)>;

#[derive(Debug, Clone, Default)]
pub struct PeriodFacts {
    pub registered: PathAwardCounts,
    pub nominated: PathAwardCounts,
    pub awarded: PathAwardCounts,
    /// Awards by kind of commendation (công trạng, chuyên đề, đột xuất …).
    pub awarded_by_kind: Vec<(String, i64)>,
    pub decisions: Vec<DecisionLine>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DecisionLine {
    pub id: i64,
    pub symbol: String,
    pub signed_on: NaiveDate,
    pub summary: String,
    pub recipients: i64,
    pub bonuses: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Awardee {
    pub name: String,
    pub individual: bool,
    pub position: String,
    pub unit_name: String,
    pub award: String,
    pub kind: String,
    pub decision_number: String,
    pub decision_date: Option<NaiveDate>,
    pub issuer: String,
}

/// One award of a person, for the table of awards over years.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PersonAward {
    pub person_id: i64,
    pub full_name: String,
    pub unit_name: String,
    pub year: i64,
    pub award: String,
}

/// The most decisions the period report lists (a province signs a few hundred a year).
pub const DECISION_LIMIT: i64 = 2_000;

/// The most rows a list gives back (a province's year holds a few thousand).
pub const LIST_LIMIT: i64 = 20_000;

/// The first instant of `d` in Vietnam (UTC+7), where the offices are.
fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - chrono::Duration::hours(7)
}

impl Store {
    /// The period `from..=to` of the body's subtree. Awards count by their
    /// decision's date; awards kept without one (history typed in) count in
    /// a whole-year period of their year.
    pub async fn period_facts(
        &self,
        body: i64,
        from: NaiveDate,
        to: NaiveDate,
        whole_year: Option<i32>,
    ) -> Result<PeriodFacts> {
        let unit = self.unit(body).await?;
        let (lo, hi) = subtree_range(&unit.path);
        // Timestamps: from the first instant of `from` to before the day after `to`.
        let (t0, t1) = (midnight(from), midnight(to.succ_opt().unwrap_or(to)));
        let registered: PathAwardCounts = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT u.path, e.award, COUNT(*) FROM registration_entries e
             JOIN registrations r ON r.id = e.registration_id JOIN units u ON u.id = r.unit_id
             WHERE r.submitted_at >= $1 AND r.submitted_at < $2 AND r.status NOT IN ('nhap', 'tra-lai')
               AND u.path >= $3 AND u.path < $4
             GROUP BY u.path, e.award")
            .bind(t0).bind(t1).bind(&lo).bind(&hi).fetch_all(p).await)
        .map_err(internal)?;
        let nominated: PathAwardCounts = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT u.path, n.award, COUNT(*) FROM dossier_nominees n
             JOIN dossiers d ON d.id = n.dossier_id JOIN units u ON u.id = d.unit_id
             WHERE d.submitted_at >= $1 AND d.submitted_at < $2 AND d.status NOT IN ('nhap', 'tra-lai')
               AND u.path >= $3 AND u.path < $4
             GROUP BY u.path, n.award")
            .bind(t0).bind(t1).bind(&lo).bind(&hi).fetch_all(p).await)
        .map_err(internal)?;
        let year = whole_year.map(i64::from);
        // Dated awards through `awards_decision_date`, undated ones of a
        // whole-year report through `awards_year`; counted together.
        let rows: Vec<(String, String, String, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT path, award, kind, COUNT(*) FROM (
                 SELECT u.path, a.award, a.kind FROM awards a
                 LEFT JOIN people p ON p.id = a.person_id
                 JOIN units u ON u.id = COALESCE(a.unit_id, p.unit_id)
                 WHERE a.decision_date >= $1 AND a.decision_date <= $2 AND u.path >= $4 AND u.path < $5
                 UNION ALL
                 SELECT u.path, a.award, a.kind FROM awards a
                 LEFT JOIN people p ON p.id = a.person_id
                 JOIN units u ON u.id = COALESCE(a.unit_id, p.unit_id)
                 WHERE a.year = CAST($3 AS BIGINT) AND a.decision_date IS NULL AND u.path >= $4 AND u.path < $5
             ) x GROUP BY path, award, kind")
            .bind(from).bind(to).bind(year).bind(&lo).bind(&hi).fetch_all(p).await)
        .map_err(internal)?;
        let mut by_path: std::collections::HashMap<(String, String), i64> = Default::default();
        let mut by_kind: std::collections::BTreeMap<String, i64> = Default::default();
        for (path, award, kind, n) in rows {
            *by_kind.entry(kind).or_default() += n;
            *by_path.entry((path, award)).or_default() += n;
        }
        let awarded: PathAwardCounts = by_path.into_iter().map(|((p, a), n)| (p, a, n)).collect();
        let awarded_by_kind: Vec<(String, i64)> = by_kind.into_iter().collect();
        let decisions: Vec<DecisionLine> = on_pool!(&self.db, p => sqlx::query_as::<_, DecisionLine>(
            "SELECT d.id, COALESCE(d.symbol, '') AS symbol, d.signed_on, d.summary,
                    (SELECT COUNT(*) FROM decision_recipients r WHERE r.decision_id = d.id) AS recipients,
                    CAST(COALESCE((SELECT SUM(r.bonus) FROM decision_recipients r WHERE r.decision_id = d.id), 0) AS BIGINT) AS bonuses
             FROM decisions d JOIN units u ON u.id = d.issuer_unit_id
             WHERE d.status = 'da-ky' AND d.signed_on >= $1 AND d.signed_on <= $2
               AND u.path >= $3 AND u.path < $4
             ORDER BY d.signed_on, d.number LIMIT $5")
            .bind(from).bind(to).bind(&lo).bind(&hi).bind(DECISION_LIMIT).fetch_all(p).await)
        .map_err(internal)?;
        Ok(PeriodFacts {
            registered,
            nominated,
            awarded,
            awarded_by_kind,
            decisions,
        })
    }

    /// The awards of `year` to the body's people and units, by title then name.
    pub async fn awardees(&self, body: i64, year: i32) -> Result<Vec<Awardee>> {
        let unit = self.unit(body).await?;
        let (lo, hi) = subtree_range(&unit.path);
        on_pool!(&self.db, p => sqlx::query_as::<_, Awardee>(
            "SELECT COALESCE(p.full_name, u.name) AS name, a.person_id IS NOT NULL AS individual,
                    COALESCE(p.position, '') AS position,
                    CASE WHEN a.person_id IS NOT NULL THEN u.name ELSE COALESCE(pu.name, '') END AS unit_name,
                    a.award, a.kind, a.decision_number, a.decision_date, a.issuer
             FROM awards a
             LEFT JOIN people p ON p.id = a.person_id
             JOIN units u ON u.id = COALESCE(a.unit_id, p.unit_id)
             LEFT JOIN units pu ON pu.id = u.parent_id
             WHERE a.year = $1 AND u.path >= $2 AND u.path < $3
             ORDER BY a.award, CASE WHEN a.person_id IS NULL THEN 1 ELSE 0 END, COALESCE(p.sort_key, u.sort_key), a.id
             LIMIT $4")
            .bind(i64::from(year)).bind(&lo).bind(&hi).bind(LIST_LIMIT).fetch_all(p).await)
        .map_err(internal)
    }

    /// Every award of `from..=to` to the body's people, person by person
    /// (in name order), year by year.
    pub async fn person_awards(&self, body: i64, from: i32, to: i32) -> Result<Vec<PersonAward>> {
        let unit = self.unit(body).await?;
        let (lo, hi) = subtree_range(&unit.path);
        on_pool!(&self.db, p => sqlx::query_as::<_, PersonAward>(
            "SELECT p.id AS person_id, p.full_name, u.name AS unit_name, a.year, a.award
             FROM awards a JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id
             WHERE a.year >= $1 AND a.year <= $2 AND u.path >= $3 AND u.path < $4
             ORDER BY p.sort_key, p.id, a.year, a.award
             LIMIT $5")
            .bind(i64::from(from)).bind(i64::from(to)).bind(&lo).bind(&hi).bind(LIST_LIMIT).fetch_all(p).await)
        .map_err(internal)
    }

    /// Awards of `from..=to` in the body's subtree by year and title.
    pub async fn awards_by_year_title(
        &self,
        body: i64,
        from: i32,
        to: i32,
    ) -> Result<Vec<(i64, String, i64)>> {
        let unit = self.unit(body).await?;
        let (lo, hi) = subtree_range(&unit.path);
        on_pool!(&self.db, p => sqlx::query_as(
            "SELECT a.year, a.award, COUNT(*) FROM awards a
             LEFT JOIN people p ON p.id = a.person_id
             JOIN units u ON u.id = COALESCE(a.unit_id, p.unit_id)
             WHERE a.year >= $1 AND a.year <= $2 AND u.path >= $3 AND u.path < $4
             GROUP BY a.year, a.award")
            .bind(i64::from(from)).bind(i64::from(to)).bind(&lo).bind(&hi).fetch_all(p).await)
        .map_err(internal)
    }
}
