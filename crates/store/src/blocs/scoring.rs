//! Scores: each member scores itself with its evidence and submits; the
//! leader can return it with a reason; the leader's and deputy's offices
//! cross-score (thẩm định). Every change of a score is kept with its old value
//! (`bloc_score_edits`) besides the audit log.

use super::InTx;
use crate::write::Change;
use crate::{Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::{DateTime, Utc};
use serde_json::json;
use tdkt_domain::emulation::bloc::{Points, Score, Stage, check_score};
use tdkt_domain::error::{Error, FieldError};

/// One member's scores on one line.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScoreRow {
    pub unit_id: i64,
    pub item_id: i64,
    pub own_points: Option<i64>,
    pub own_note: String,
    pub assessed_points: Option<i64>,
    pub assessed_note: String,
}

impl ScoreRow {
    pub fn score(&self) -> Score {
        Score {
            own: self.own_points.map(Points),
            assessed: self.assessed_points.map(Points),
        }
    }
}

/// One kept change of a score.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScoreEdit {
    pub item_code: String,
    pub stage: String,
    pub old_points: Option<i64>,
    pub new_points: Option<i64>,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

/// A score as typed: the line, the points (None = cleared) and the note
/// (evidence for a criterion, the reason for a bonus or penalty).
#[derive(Debug, Clone)]
pub struct ScoreInput {
    pub item_id: i64,
    pub points: Option<Points>,
    pub note: String,
}

/// Longest note on a score.
const MAX_NOTE: usize = 2000;

impl Store {
    /// Every score of the bloc (all members, all lines): the bulk of a
    /// ranking's reading, so on SQLite through the store's own readers.
    pub async fn bloc_scores(&self, bloc_id: i64) -> Result<Vec<ScoreRow>> {
        self.hot_rows(
            "SELECT unit_id, item_id, own_points, own_note, assessed_points, assessed_note
             FROM bloc_scores WHERE bloc_id = $1",
            &[crate::db::Bind::Int(bloc_id)],
            |r| {
                Ok(ScoreRow {
                    unit_id: r.get(0)?,
                    item_id: r.get(1)?,
                    own_points: r.get(2)?,
                    own_note: r.get(3)?,
                    assessed_points: r.get(4)?,
                    assessed_note: r.get(5)?,
                })
            },
        )
        .await
    }

    /// The kept changes of a member's scores, newest first.
    pub async fn score_edits(&self, bloc_id: i64, unit_id: i64) -> Result<Vec<ScoreEdit>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, ScoreEdit>(
            "SELECT i.code AS item_code, e.stage, e.old_points, e.new_points, e.note, e.actor, e.at
             FROM bloc_score_edits e JOIN bloc_items i ON i.id = e.item_id
             WHERE e.bloc_id = $1 AND e.unit_id = $2 ORDER BY e.id DESC")
            .bind(bloc_id).bind(unit_id).fetch_all(p).await)
        .map_err(internal)
    }
}

/// Which score a change touches.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Own,
    Assessed,
}

impl Side {
    fn code(self) -> &'static str {
        match self {
            Side::Own => "own",
            Side::Assessed => "assessed",
        }
    }
}

impl WriteTx<'_> {
    /// A member's own scores, while the bloc scores and before the member
    /// submits. Only the member's own office enters them.
    pub async fn save_own_scores(
        &mut self,
        bloc_id: i64,
        unit_id: i64,
        scores: &[ScoreInput],
    ) -> Result<usize> {
        let b = self.bloc_in_tx(bloc_id).await?;
        let m = b.member(unit_id)?;
        if !b.rights.scores_for.contains(&unit_id) {
            return Err(if b.rights.scores_for.is_empty() {
                Error::Forbidden
            } else {
                Error::invalid(
                    "unit_id",
                    "Mỗi đơn vị chỉ tự chấm điểm của mình, không chấm thay đơn vị khác.",
                )
            });
        }
        b.require_stage(Stage::Scoring)?;
        if m.submitted_at.is_some() {
            return Err(Error::invalid(
                "unit_id",
                "Đơn vị đã gửi kết quả tự chấm: muốn sửa, khối trưởng phải trả lại.",
            ));
        }
        self.save_scores(&b, unit_id, scores, Side::Own).await
    }

    /// The assessors' scores of a member that has submitted.
    pub async fn save_assessed_scores(
        &mut self,
        bloc_id: i64,
        unit_id: i64,
        scores: &[ScoreInput],
    ) -> Result<usize> {
        let b = self.bloc_in_tx(bloc_id).await?;
        let m = b.member(unit_id)?;
        if !b.rights.may_assess(unit_id) {
            return Err(if b.rights.assessor {
                Error::invalid(
                    "unit_id",
                    "Đơn vị không tự thẩm định điểm của mình: khối phó hoặc cơ quan thường trực thẩm định.",
                )
            } else {
                Error::Forbidden
            });
        }
        b.require_stage(Stage::Scoring)?;
        if m.submitted_at.is_none() {
            return Err(Error::invalid(
                "unit_id",
                "Đơn vị chưa gửi kết quả tự chấm: chưa thể thẩm định.",
            ));
        }
        self.save_scores(&b, unit_id, scores, Side::Assessed).await
    }

    async fn save_scores(
        &mut self,
        b: &InTx,
        unit_id: i64,
        scores: &[ScoreInput],
        side: Side,
    ) -> Result<usize> {
        let table = crate::Store::table_in_tx(self, &b.bloc).await?;
        let mut errors = Vec::new();
        for s in scores {
            let Some(item) = table.item(s.item_id) else {
                errors.push(FieldError::new(
                    "item",
                    "Dòng không có trong bảng điểm của khối.",
                ));
                continue;
            };
            if s.note.chars().count() > MAX_NOTE {
                errors.push(FieldError::new(
                    "note",
                    format!("Mục {}: ghi chú dài quá {MAX_NOTE} ký tự.", item.code),
                ));
            }
            if let Some(p) = s.points
                && let Err(e) = check_score(item, p, &s.note)
            {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        let existing: Vec<super::scoring::ScoreRow> =
            on_tx!(&mut self.tx, c => sqlx::query_as::<_, ScoreRow>(
            "SELECT unit_id, item_id, own_points, own_note, assessed_points, assessed_note
             FROM bloc_scores WHERE bloc_id = $1 AND unit_id = $2")
            .bind(b.bloc.id).bind(unit_id).fetch_all(c).await)
            .map_err(internal)?;
        let mut changed = 0;
        let mut summary = Vec::new();
        for s in scores {
            let old = existing.iter().find(|r| r.item_id == s.item_id);
            let (old_points, old_note) = match (old, side) {
                (Some(r), Side::Own) => (r.own_points, r.own_note.as_str()),
                (Some(r), Side::Assessed) => (r.assessed_points, r.assessed_note.as_str()),
                (None, _) => (None, ""),
            };
            let new_points = s.points.map(|p| p.0);
            let note = s.note.trim();
            if old_points == new_points && old_note == note {
                continue;
            }
            changed += 1;
            let sql = match side {
                Side::Own => {
                    "INSERT INTO bloc_scores (bloc_id, unit_id, item_id, own_points, own_note) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (bloc_id, unit_id, item_id) DO UPDATE SET own_points = excluded.own_points, own_note = excluded.own_note"
                }
                Side::Assessed => {
                    "INSERT INTO bloc_scores (bloc_id, unit_id, item_id, assessed_points, assessed_note) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (bloc_id, unit_id, item_id) DO UPDATE SET assessed_points = excluded.assessed_points, assessed_note = excluded.assessed_note"
                }
            };
            on_tx!(&mut self.tx, c => sqlx::query(sql)
                .bind(b.bloc.id).bind(unit_id).bind(s.item_id).bind(new_points).bind(note)
                .execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
            let (actor, now) = (self.actor.display_name.clone(), self.now);
            on_tx!(&mut self.tx, c => sqlx::query(
                "INSERT INTO bloc_score_edits (bloc_id, unit_id, item_id, stage, old_points, new_points, note, actor, at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(b.bloc.id).bind(unit_id).bind(s.item_id).bind(side.code()).bind(old_points).bind(new_points)
                .bind(note).bind(actor).bind(now).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
            let code = table
                .item(s.item_id)
                .map(|i| i.code.clone())
                .unwrap_or_default();
            summary.push(json!({"item": code, "old": old_points, "new": new_points}));
        }
        if changed > 0 {
            // Totals moved: votes taken on a tie of the old totals no longer apply.
            on_tx!(&mut self.tx, c => sqlx::query("UPDATE bloc_members SET tie_votes = NULL WHERE bloc_id = $1")
                .bind(b.bloc.id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
            let path = b.unit_path(unit_id).to_string();
            let name = b
                .member(unit_id)
                .map(|m| m.unit_name.clone())
                .unwrap_or_default();
            self.audit(Change {
                action: if side == Side::Own {
                    "self_score"
                } else {
                    "assess"
                },
                entity: "bloc_score",
                entity_id: format!("{}:{unit_id}", b.bloc.id),
                unit_path: &path,
                summary: format!(
                    "{} {changed} mục — {name}, khối «{}» năm {}",
                    if side == Side::Own {
                        "Tự chấm điểm"
                    } else {
                        "Thẩm định điểm"
                    },
                    b.bloc.name,
                    b.bloc.year
                ),
                old: None,
                new: Some(json!(summary)),
            })
            .await?;
        }
        Ok(changed)
    }

    /// The member sends its own scores to the leader: every criterion scored.
    pub async fn submit_scores(&mut self, bloc_id: i64, unit_id: i64) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        let m = b.member(unit_id)?;
        if !b.rights.signs_for.contains(&unit_id) {
            return Err(Error::Forbidden);
        }
        b.require_stage(Stage::Scoring)?;
        if m.submitted_at.is_some() {
            return Err(Error::invalid("unit_id", "Đơn vị đã gửi kết quả tự chấm."));
        }
        let missing: Vec<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT i.code FROM bloc_items i
             LEFT JOIN bloc_scores s ON s.item_id = i.id AND s.bloc_id = i.bloc_id AND s.unit_id = $2
             WHERE i.bloc_id = $1 AND i.kind = 'criterion' AND s.own_points IS NULL ORDER BY i.position")
            .bind(bloc_id).bind(unit_id).fetch_all(c).await)
        .map_err(internal)?;
        if !missing.is_empty() {
            return Err(Error::invalid(
                "scores",
                format!(
                    "Còn {} tiêu chí chưa tự chấm: mục {}.",
                    missing.len(),
                    missing.join(", ")
                ),
            ));
        }
        self.member_flow(
            &b,
            unit_id,
            Some(self.now),
            "",
            "submit",
            "Gửi kết quả tự chấm",
        )
        .await
    }

    /// The leader returns a member's scores for correction, with the reason.
    pub async fn return_scores(&mut self, bloc_id: i64, unit_id: i64, reason: &str) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        b.require_stage(Stage::Scoring)?;
        let m = b.member(unit_id)?;
        if m.submitted_at.is_none() {
            return Err(Error::invalid(
                "unit_id",
                "Đơn vị chưa gửi kết quả tự chấm.",
            ));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::invalid("reason", "Phải ghi lý do trả lại."));
        }
        self.member_flow(
            &b,
            unit_id,
            None,
            reason,
            "return",
            "Trả lại kết quả tự chấm",
        )
        .await
    }

    async fn member_flow(
        &mut self,
        b: &InTx,
        unit_id: i64,
        submitted: Option<DateTime<Utc>>,
        note: &str,
        action: &str,
        what: &str,
    ) -> Result<()> {
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE bloc_members SET submitted_at = $1, returned_note = $2 WHERE bloc_id = $3 AND unit_id = $4")
            .bind(submitted).bind(note).bind(b.bloc.id).bind(unit_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        let path = b.unit_path(unit_id).to_string();
        let name = b
            .member(unit_id)
            .map(|m| m.unit_name.clone())
            .unwrap_or_default();
        self.audit(Change {
            action,
            entity: "bloc_member",
            entity_id: format!("{}:{unit_id}", b.bloc.id),
            unit_path: &path,
            summary: format!(
                "{what} — {name}, khối «{}» năm {}",
                b.bloc.name, b.bloc.year
            ),
            old: None,
            new: Some(json!({"note": note})),
        })
        .await
    }
}
