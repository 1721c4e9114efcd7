//! The bloc's standing: each member's total, the ranking with its tie-break
//! (NĐ 152/2025 Đ4 k6, then the bloc's vote), the proposals that follow from
//! the quotas and their votes; publication, which locks everything and hands
//! the ranking to the rules engine, and the recorded reopening.

use super::{Bloc, BlocMember, InTx};
use crate::blocs::scoring::ScoreRow;
use crate::blocs::table::TableRows;
use crate::write::Change;
use crate::{Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::{DateTime, Utc};
use serde_json::json;
use std::collections::HashMap;
use tdkt_domain::emulation::bloc::{
    Contender, Placed, Proposal, Score, Stage, Tally, TieBreak, proposals, rank, tally,
    vote_carried,
};
use tdkt_domain::error::{Error, Errors};
use tdkt_domain::rules::BlocStanding;

/// One member in the standing.
#[derive(Debug, Clone)]
pub struct MemberStanding {
    pub member: BlocMember,
    pub tally: Tally,
    /// The total of the member's own scores alone.
    pub own_total: tdkt_domain::emulation::bloc::Points,
    /// Active people and women among them, in the member's whole subtree.
    pub people: i64,
    pub women: i64,
    /// Women make up at least the rule's share of its people (NĐ 152/2025 Đ4 k6).
    pub women_majority: bool,
    pub place: Placed,
    /// Lines where the assessors gave other points than the member.
    pub differences: usize,
}

/// A proposal with the bloc's vote on it.
#[derive(Debug, Clone)]
pub struct ProposalLine {
    pub unit_id: i64,
    pub unit_name: String,
    pub award: Proposal,
    pub rank: u32,
    pub total: tdkt_domain::emulation::bloc::Points,
    pub present: Option<i64>,
    pub agree: Option<i64>,
    pub carried: Option<bool>,
}

/// The bloc's standing, in ranking order.
#[derive(Debug, Clone)]
pub struct Standing {
    pub members: Vec<MemberStanding>,
    pub proposals: Vec<ProposalLine>,
    /// Why a proposal cannot be made yet (a tie the bloc must vote on).
    pub warning: Option<String>,
}

impl Standing {
    /// Members still to submit, criteria still unscored, ties unresolved in
    /// the proposal places, votes not recorded: what stops publication.
    pub fn blockers(&self, bloc: &Bloc) -> Vec<String> {
        let mut out = Vec::new();
        for m in &self.members {
            if m.member.submitted_at.is_none() {
                out.push(format!("{} chưa gửi kết quả tự chấm.", m.member.unit_name));
            } else if m.tally.unscored > 0 {
                out.push(format!(
                    "{}: còn {} tiêu chí chưa có điểm.",
                    m.member.unit_name, m.tally.unscored
                ));
            }
        }
        if let Some(w) = &self.warning {
            out.push(w.clone());
        }
        if bloc.meeting_on.is_none() {
            out.push("Chưa ghi cuộc họp bình xét của khối (ngày, số đơn vị dự).".into());
        }
        for p in &self.proposals {
            if p.agree.is_none() || p.present != bloc.meeting_present {
                out.push(format!(
                    "Chưa ghi kết quả biểu quyết đề nghị {} cho {} tại cuộc họp đã ghi.",
                    p.award.label(),
                    p.unit_name
                ));
            }
        }
        out
    }
}

/// The bloc's recorded proposals: (unit, award code, rank, present, agree).
pub type Votes = [VoteRow];

/// The tie-break on women's share: the share a collective needs (0.7 under NĐ
/// 152/2025 Đ4 k6), or `None` where the regime of the bloc's year has no such rule.
pub type WomenRule = Option<f64>;

/// Computes the standing from what the store holds.
pub fn standing(
    bloc: &Bloc,
    members: Vec<BlocMember>,
    table: &TableRows,
    scores: &[ScoreRow],
    people: &HashMap<i64, (i64, i64)>,
    votes: &Votes,
    women_rule: WomenRule,
) -> Standing {
    let mut by_member: HashMap<i64, HashMap<i64, Score>> = HashMap::new();
    for s in scores {
        by_member
            .entry(s.unit_id)
            .or_default()
            .insert(s.item_id, s.score());
    }
    let empty = HashMap::new();
    let ids: HashMap<&str, i64> = table
        .table
        .items
        .iter()
        .zip(&table.ids)
        .map(|(i, id)| (i.code.as_str(), *id))
        .collect();
    let mut rows: Vec<MemberStanding> = members
        .into_iter()
        .map(|m| {
            let mine = by_member.get(&m.unit_id).unwrap_or(&empty);
            let score = |code: &str| {
                ids.get(code)
                    .and_then(|id| mine.get(id).copied())
                    .unwrap_or_default()
            };
            let t = tally(&table.table, score);
            let own_total = tally(&table.table, |c| Score {
                own: score(c).own,
                assessed: None,
            })
            .total;
            let differences = mine.values().filter(|s| s.differs()).count();
            let (p, w) = people.get(&m.unit_id).copied().unwrap_or((0, 0));
            let women_majority =
                women_rule.is_some_and(|share| p > 0 && w as f64 >= p as f64 * share - 1e-9);
            MemberStanding {
                women_majority,
                place: Placed {
                    unit: m.unit_id,
                    total: t.total,
                    rank: 0,
                    tie: TieBreak::None,
                },
                member: m,
                tally: t,
                own_total,
                people: p,
                women: w,
                differences,
            }
        })
        .collect();
    let contenders: Vec<Contender> = rows
        .iter()
        .map(|r| Contender {
            unit: r.member.unit_id,
            total: r.tally.total,
            women_majority: r.women_majority,
            tie_votes: r
                .member
                .tie_votes
                .map(|v| v.clamp(0, u32::MAX as i64) as u32),
        })
        .collect();
    let ranking = rank(&contenders);
    for p in &ranking {
        if let Some(r) = rows.iter_mut().find(|r| r.member.unit_id == p.unit) {
            r.place = p.clone();
        }
    }
    rows.sort_by_key(|r| {
        (
            ranking.iter().position(|p| p.unit == r.member.unit_id),
            r.member.unit_id,
        )
    });
    let published = bloc.stage() == Stage::Published;
    let (chosen, warning) = if published {
        // What was published stands: its ranks and proposals, not a recount
        // with today's head counts or rule book.
        for r in rows.iter_mut() {
            if let Some(stored) = r.member.rank.and_then(|x| u32::try_from(x).ok()) {
                r.place.rank = stored;
            }
        }
        rows.sort_by_key(|r| (r.place.rank, r.member.unit_id));
        let chosen = votes
            .iter()
            .filter_map(|(u, a, ..)| Some((*u, Proposal::parse(a)?)))
            .collect();
        (chosen, None)
    } else {
        proposals(
            &ranking,
            bloc.flag_quota.clamp(0, 1000) as u32,
            bloc.commendation_quota.clamp(0, 1000) as u32,
        )
    };
    let lines = chosen
        .into_iter()
        .filter_map(|(unit, award)| {
            let r = rows.iter().find(|r| r.member.unit_id == unit)?;
            let (present, agree) = votes
                .iter()
                .find(|v| v.0 == unit && v.1 == award.award_code())
                .map(|v| (v.3, v.4))
                .unwrap_or((None, None));
            Some(ProposalLine {
                unit_id: unit,
                unit_name: r.member.unit_name.clone(),
                award,
                rank: r.place.rank,
                total: r.tally.total,
                present,
                agree,
                carried: match (agree, present) {
                    (Some(a), Some(p)) => Some(vote_carried(
                        a.clamp(0, u32::MAX as i64) as u32,
                        p.clamp(0, u32::MAX as i64) as u32,
                        bloc.vote_percent.clamp(0, 100) as u32,
                    )),
                    _ => None,
                },
            })
        })
        .collect();
    Standing {
        members: rows,
        proposals: lines,
        warning,
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Reopening {
    pub reason: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

/// Active people and women of each member's subtree, from the maintained
/// per-unit counts (no scan of people).
const PEOPLE_SQL: &str = "SELECT m.unit_id, CAST(COALESCE(SUM(c.active), 0) AS BIGINT), CAST(COALESCE(SUM(c.women), 0) AS BIGINT)
     FROM bloc_members m JOIN units mu ON mu.id = m.unit_id
     JOIN units u ON u.path LIKE mu.path || '%'
     LEFT JOIN people_counts c ON c.unit_id = u.id
     WHERE m.bloc_id = $1 GROUP BY m.unit_id";

const VOTES_SQL: &str = "SELECT unit_id, award, rank, present, agree FROM bloc_proposals WHERE bloc_id = $1 ORDER BY rank, unit_id";

pub type VoteRow = (i64, String, i64, Option<i64>, Option<i64>);

impl Store {
    pub async fn bloc_standing(&self, bloc: &Bloc, women_rule: WomenRule) -> Result<Standing> {
        let members = self.bloc_members(bloc.id).await?;
        let table = self.score_table(bloc).await?;
        let scores = self.bloc_scores(bloc.id).await?;
        let people: Vec<(i64, i64, i64)> =
            on_pool!(&self.db, p => sqlx::query_as(PEOPLE_SQL).bind(bloc.id).fetch_all(p).await)
                .map_err(internal)?;
        let votes: Vec<VoteRow> =
            on_pool!(&self.db, p => sqlx::query_as(VOTES_SQL).bind(bloc.id).fetch_all(p).await)
                .map_err(internal)?;
        let people = people.into_iter().map(|(u, a, w)| (u, (a, w))).collect();
        Ok(standing(
            bloc, members, &table, &scores, &people, &votes, women_rule,
        ))
    }

    pub async fn bloc_reopenings(&self, bloc_id: i64) -> Result<Vec<Reopening>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Reopening>(
            "SELECT reason, actor, at FROM bloc_reopenings WHERE bloc_id = $1 ORDER BY id DESC")
            .bind(bloc_id).fetch_all(p).await)
        .map_err(internal)
    }

    /// The unit's places in the published rankings of its blocs (or rankings
    /// imported with the interchange file), for the rules engine.
    pub async fn bloc_standings_of(&self, unit_id: i64) -> Result<Vec<BlocStanding>> {
        let rows: Vec<(String, i64, Option<i64>, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT b.code, b.year, m.rank, (SELECT COUNT(*) FROM bloc_members x WHERE x.bloc_id = b.id)
             FROM bloc_members m JOIN blocs b ON b.id = m.bloc_id
             WHERE m.unit_id = $1 AND (b.stage = 'published'
                    OR EXISTS (SELECT 1 FROM bloc_members r WHERE r.bloc_id = b.id AND r.rank IS NOT NULL))")
            .bind(unit_id).fetch_all(p).await)
        .map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|(bloc, year, rank, size)| BlocStanding {
                bloc,
                year: year as i32,
                rank: rank.and_then(|r| u32::try_from(r).ok()),
                size: size.clamp(0, u32::MAX as i64) as u32,
            })
            .collect())
    }
}

impl WriteTx<'_> {
    /// The bloc's standing as this change sees it.
    pub async fn bloc_standing_in(
        &mut self,
        bloc_id: i64,
        women_rule: WomenRule,
    ) -> Result<Standing> {
        let b = self.bloc_in_tx(bloc_id).await?;
        self.standing_in_tx(&b, women_rule).await
    }

    async fn standing_in_tx(&mut self, b: &InTx, women_rule: WomenRule) -> Result<Standing> {
        let table = Store::table_in_tx(self, &b.bloc).await?;
        let scores: Vec<ScoreRow> = on_tx!(&mut self.tx, c => sqlx::query_as::<_, ScoreRow>(
            "SELECT unit_id, item_id, own_points, own_note, assessed_points, assessed_note FROM bloc_scores WHERE bloc_id = $1")
            .bind(b.bloc.id).fetch_all(c).await)
        .map_err(internal)?;
        let people: Vec<(i64, i64, i64)> = on_tx!(&mut self.tx, c => sqlx::query_as(PEOPLE_SQL).bind(b.bloc.id).fetch_all(c).await)
            .map_err(internal)?;
        let votes: Vec<VoteRow> =
            on_tx!(&mut self.tx, c => sqlx::query_as(VOTES_SQL).bind(b.bloc.id).fetch_all(c).await)
                .map_err(internal)?;
        let people = people.into_iter().map(|(u, a, w)| (u, (a, w))).collect();
        Ok(standing(
            &b.bloc,
            b.members.clone(),
            &table,
            &scores,
            &people,
            &votes,
            women_rule,
        ))
    }

    /// The bloc's votes on members level on points (after the women rule).
    pub async fn record_tie_votes(
        &mut self,
        bloc_id: i64,
        votes: &[(i64, Option<i64>)],
    ) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        b.require_stage(Stage::Scoring)?;
        let n = b.members.len() as i64;
        let mut errs = Errors::default();
        for (unit, v) in votes {
            let m = b.member(*unit)?;
            if v.is_some_and(|v| !(0..=n).contains(&v)) {
                errs.add(
                    "tie_votes",
                    format!("{}: số phiếu phải từ 0 đến {n}.", m.unit_name),
                );
            }
        }
        errs.finish()?;
        for (unit, v) in votes {
            on_tx!(&mut self.tx, c => sqlx::query("UPDATE bloc_members SET tie_votes = $1 WHERE bloc_id = $2 AND unit_id = $3")
                .bind(*v).bind(bloc_id).bind(*unit).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "tie_votes",
            entity: "bloc",
            entity_id: bloc_id.to_string(),
            unit_path: &leader,
            summary: format!(
                "Biểu quyết xếp thứ các đơn vị bằng điểm — khối «{}» năm {}",
                b.bloc.name, b.bloc.year
            ),
            old: None,
            new: Some(json!(votes)),
        })
        .await
    }

    /// The bloc's vote on each proposal of the current standing: `agree` of
    /// the members present at the meeting.
    pub async fn record_proposal_votes(
        &mut self,
        bloc_id: i64,
        votes: &[(i64, i64)],
        women_rule: WomenRule,
    ) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        b.require_stage(Stage::Scoring)?;
        let Some(present) = b.bloc.meeting_present else {
            return Err(Error::invalid(
                "meeting",
                "Ghi cuộc họp bình xét (số đơn vị dự) trước khi ghi kết quả biểu quyết.",
            ));
        };
        let st = self.standing_in_tx(&b, women_rule).await?;
        let mut errs = Errors::default();
        for (unit, agree) in votes {
            let Some(p) = st.proposals.iter().find(|p| p.unit_id == *unit) else {
                errs.add("unit_id", "Đơn vị này không có trong danh sách đề nghị.");
                continue;
            };
            if !(0..=present).contains(agree) {
                errs.add(
                    "agree",
                    format!(
                        "{}: số phiếu đồng ý phải từ 0 đến {present} (số đơn vị dự họp).",
                        p.unit_name
                    ),
                );
            }
        }
        errs.finish()?;
        for (unit, agree) in votes {
            let Some(p) = st.proposals.iter().find(|p| p.unit_id == *unit) else {
                continue;
            };
            on_tx!(&mut self.tx, c => sqlx::query(
                "INSERT INTO bloc_proposals (bloc_id, unit_id, award, rank, present, agree) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (bloc_id, unit_id) DO UPDATE SET award = excluded.award, rank = excluded.rank, present = excluded.present, agree = excluded.agree")
                .bind(bloc_id).bind(*unit).bind(p.award.award_code()).bind(i64::from(p.rank)).bind(present).bind(*agree)
                .execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "proposal_votes",
            entity: "bloc",
            entity_id: bloc_id.to_string(),
            unit_path: &leader,
            summary: format!(
                "Biểu quyết danh sách đề nghị — khối «{}» năm {}",
                b.bloc.name, b.bloc.year
            ),
            old: None,
            new: Some(json!({"present": present, "votes": votes})),
        })
        .await
    }

    /// Publishes the ranking: every member submitted and fully scored, no tie
    /// left in the proposal places, the meeting and its votes recorded. The
    /// ranks go to the members (and so to the rules engine and the
    /// interchange file) and everything is locked.
    pub async fn publish_bloc(&mut self, bloc_id: i64, women_rule: WomenRule) -> Result<Standing> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        b.require_stage(Stage::Scoring)?;
        let st = self.standing_in_tx(&b, women_rule).await?;
        let blockers = st.blockers(&b.bloc);
        if !blockers.is_empty() {
            return Err(Error::Validation(
                blockers
                    .into_iter()
                    .map(|m| tdkt_domain::error::FieldError::new("publish", m))
                    .collect(),
            ));
        }
        for m in &st.members {
            on_tx!(&mut self.tx, c => sqlx::query("UPDATE bloc_members SET rank = $1 WHERE bloc_id = $2 AND unit_id = $3")
                .bind(i64::from(m.place.rank)).bind(bloc_id).bind(m.member.unit_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        // Keep only the proposals of the final standing.
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM bloc_proposals WHERE bloc_id = $1").bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        for p in &st.proposals {
            on_tx!(&mut self.tx, c => sqlx::query(
                "INSERT INTO bloc_proposals (bloc_id, unit_id, award, rank, present, agree) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(bloc_id).bind(p.unit_id).bind(p.award.award_code()).bind(i64::from(p.rank)).bind(p.present).bind(p.agree)
                .execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE blocs SET published_at = $1 WHERE id = $2").bind(now).bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        self.set_bloc_stage(&b, Stage::Published, "Công bố kết quả chấm điểm, xếp hạng")
            .await?;
        let ranking: Vec<_> = st
            .members
            .iter()
            .map(|m| json!({"unit": m.member.unit_code, "rank": m.place.rank, "total": m.tally.total.0}))
            .collect();
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "publish",
            entity: "bloc_ranking",
            entity_id: bloc_id.to_string(),
            unit_path: &leader,
            summary: format!("Xếp hạng khối «{}» năm {}", b.bloc.name, b.bloc.year),
            old: None,
            new: Some(json!(ranking)),
        })
        .await?;
        Ok(st)
    }

    /// Reopens a published bloc for a correction: the reason is recorded and
    /// the ranks are withdrawn until it is published again.
    pub async fn reopen_bloc(&mut self, bloc_id: i64, reason: &str) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        b.require_stage(Stage::Published)?;
        let reason = reason.trim();
        if reason.chars().count() < 10 {
            return Err(Error::invalid(
                "reason",
                "Phải ghi rõ lý do mở lại (ít nhất 10 ký tự): việc mở lại được lưu vào hồ sơ của khối.",
            ));
        }
        let (who, now) = (self.actor.display_name.clone(), self.now);
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO bloc_reopenings (bloc_id, reason, actor, at) VALUES ($1, $2, $3, $4)")
            .bind(bloc_id).bind(reason).bind(who).bind(now).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        // The ranks leave the rules engine; the bloc votes again on what it corrects.
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE bloc_members SET rank = NULL, tie_votes = NULL WHERE bloc_id = $1").bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM bloc_proposals WHERE bloc_id = $1").bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE blocs SET published_at = NULL WHERE id = $1").bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        self.set_bloc_stage(&b, Stage::Scoring, &format!("Mở lại để sửa: {reason}"))
            .await
    }
}
