//! A bloc's scoring table (bảng chấm điểm): read whole, replaced whole while
//! the bloc prepares its year, then fixed when scoring starts.

use super::Bloc;
use crate::write::Change;
use crate::{Result, Store, WriteTx, internal, on_pool, on_tx};
use serde_json::json;
use tdkt_domain::emulation::bloc::{Group, Item, ItemKind, Points, ScoreTable, Stage, Threshold};
use tdkt_domain::error::Error;

/// The table with the id of each of its lines (same order as `table.items`).
#[derive(Debug, Clone, Default)]
pub struct TableRows {
    pub table: ScoreTable,
    pub ids: Vec<i64>,
}

impl TableRows {
    pub fn id_of(&self, code: &str) -> Option<i64> {
        self.table
            .items
            .iter()
            .position(|i| i.code == code)
            .map(|p| self.ids[p])
    }

    pub fn item(&self, id: i64) -> Option<&Item> {
        self.ids
            .iter()
            .position(|x| *x == id)
            .map(|p| &self.table.items[p])
    }
}

type ItemRow = (i64, String, String, String, String, i64, String, String);

const GROUPS_SQL: &str = "SELECT code, name FROM bloc_groups WHERE bloc_id = $1 ORDER BY position";
const ITEMS_SQL: &str = "SELECT id, code, kind, group_code, content, max_points, guidance, evidence
     FROM bloc_items WHERE bloc_id = $1 ORDER BY position";
const THRESHOLDS_SQL: &str =
    "SELECT label, min_total, min_share FROM bloc_thresholds WHERE bloc_id = $1 ORDER BY position";

fn assemble(
    bloc: &Bloc,
    groups: Vec<(String, String)>,
    items: Vec<ItemRow>,
    thresholds: Vec<(String, i64, i64)>,
) -> TableRows {
    let mut out = TableRows {
        table: ScoreTable {
            total: Points(bloc.table_total),
            groups: groups
                .into_iter()
                .map(|(code, name)| Group { code, name })
                .collect(),
            items: Vec::with_capacity(items.len()),
            thresholds: thresholds
                .into_iter()
                .map(|(label, min_total, min_share)| Threshold {
                    label,
                    min_total: Points(min_total),
                    min_share: min_share.clamp(0, 100) as u32,
                })
                .collect(),
        },
        ids: Vec::with_capacity(items.len()),
    };
    for (id, code, kind, group, content, max, guidance, evidence) in items {
        out.ids.push(id);
        out.table.items.push(Item {
            code,
            kind: ItemKind::parse(&kind).unwrap_or(ItemKind::Criterion),
            group,
            content,
            max: Points(max),
            guidance,
            evidence,
        });
    }
    out
}

impl Store {
    pub async fn score_table(&self, bloc: &Bloc) -> Result<TableRows> {
        let groups =
            on_pool!(&self.db, p => sqlx::query_as(GROUPS_SQL).bind(bloc.id).fetch_all(p).await)
                .map_err(internal)?;
        let items =
            on_pool!(&self.db, p => sqlx::query_as(ITEMS_SQL).bind(bloc.id).fetch_all(p).await)
                .map_err(internal)?;
        let thresholds = on_pool!(&self.db, p => sqlx::query_as(THRESHOLDS_SQL).bind(bloc.id).fetch_all(p).await)
            .map_err(internal)?;
        Ok(assemble(bloc, groups, items, thresholds))
    }

    /// [`Store::score_table`] inside a change.
    pub(crate) async fn table_in_tx(w: &mut WriteTx<'_>, bloc: &Bloc) -> Result<TableRows> {
        let groups =
            on_tx!(&mut w.tx, c => sqlx::query_as(GROUPS_SQL).bind(bloc.id).fetch_all(c).await)
                .map_err(internal)?;
        let items =
            on_tx!(&mut w.tx, c => sqlx::query_as(ITEMS_SQL).bind(bloc.id).fetch_all(c).await)
                .map_err(internal)?;
        let thresholds =
            on_tx!(&mut w.tx, c => sqlx::query_as(THRESHOLDS_SQL).bind(bloc.id).fetch_all(c).await)
                .map_err(internal)?;
        Ok(assemble(bloc, groups, items, thresholds))
    }
}

impl WriteTx<'_> {
    /// The bloc's table as this change sees it.
    pub async fn score_table_in(&mut self, bloc_id: i64) -> Result<TableRows> {
        let b = self.bloc_in_tx(bloc_id).await?;
        Store::table_in_tx(self, &b.bloc).await
    }

    /// Replaces the bloc's table while it prepares its year: the table must
    /// pass [`ScoreTable::check`] (maximums adding up to the stated total).
    pub async fn replace_score_table(&mut self, bloc_id: i64, table: &ScoreTable) -> Result<usize> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        b.require_stage(Stage::Preparing)?;
        table.check().map_err(Error::Validation)?;
        for sql in [
            "DELETE FROM bloc_items WHERE bloc_id = $1",
            "DELETE FROM bloc_groups WHERE bloc_id = $1",
            "DELETE FROM bloc_thresholds WHERE bloc_id = $1",
        ] {
            on_tx!(&mut self.tx, c => sqlx::query(sql).bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
        }
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE blocs SET table_total = $1 WHERE id = $2")
            .bind(table.total.0).bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        for (i, g) in table.groups.iter().enumerate() {
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO bloc_groups (bloc_id, code, name, position) VALUES ($1, $2, $3, $4)")
                .bind(bloc_id).bind(g.code.trim()).bind(g.name.trim()).bind(i as i64).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        for (i, it) in table.items.iter().enumerate() {
            on_tx!(&mut self.tx, c => sqlx::query(
                "INSERT INTO bloc_items (bloc_id, code, kind, group_code, content, max_points, guidance, evidence, position)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(bloc_id).bind(it.code.trim()).bind(it.kind.code()).bind(it.group.trim()).bind(it.content.trim())
                .bind(it.max.0).bind(it.guidance.trim()).bind(it.evidence.trim()).bind(i as i64)
                .execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        for (i, t) in table.thresholds.iter().enumerate() {
            on_tx!(&mut self.tx, c => sqlx::query(
                "INSERT INTO bloc_thresholds (bloc_id, position, label, min_total, min_share) VALUES ($1, $2, $3, $4, $5)")
                .bind(bloc_id).bind(i as i64).bind(t.label.trim()).bind(t.min_total.0).bind(i64::from(t.min_share))
                .execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "replace",
            entity: "bloc_table",
            entity_id: bloc_id.to_string(),
            unit_path: &leader,
            summary: format!(
                "Bảng chấm điểm khối «{}» năm {}: {} dòng, tổng {} điểm",
                b.bloc.name,
                b.bloc.year,
                table.items.len(),
                table.total
            ),
            old: None,
            new: Some(json!({
                "total": table.total.0,
                "items": table.items.iter().map(|i| json!({"code": i.code, "kind": i.kind.code(), "max": i.max.0})).collect::<Vec<_>>(),
            })),
        })
        .await?;
        Ok(table.items.len())
    }

    /// The rating thresholds of the table (highest first), while the bloc prepares.
    pub async fn set_thresholds(&mut self, bloc_id: i64, thresholds: &[Threshold]) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        b.require_stage(Stage::Preparing)?;
        let mut table = Store::table_in_tx(self, &b.bloc).await?.table;
        table.thresholds = thresholds.to_vec();
        let mut errs: Vec<tdkt_domain::error::FieldError> = Vec::new();
        for t in thresholds {
            if t.label.trim().is_empty() || t.label.chars().count() > 200 {
                errs.push(tdkt_domain::error::FieldError::new(
                    "threshold",
                    "Mỗi ngưỡng phải có tên xếp loại (tối đa 200 ký tự).",
                ));
            }
            if t.min_total > table.total || t.min_share > 100 {
                errs.push(tdkt_domain::error::FieldError::new(
                    "threshold",
                    format!(
                        "Ngưỡng «{}»: điểm tối thiểu không quá {} và tỷ lệ không quá 100 %.",
                        t.label, table.total
                    ),
                ));
            }
        }
        if thresholds
            .windows(2)
            .any(|w| w[1].min_total > w[0].min_total)
        {
            errs.push(tdkt_domain::error::FieldError::new(
                "threshold",
                "Ghi các ngưỡng từ cao xuống thấp.",
            ));
        }
        if !errs.is_empty() {
            return Err(Error::Validation(errs));
        }
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM bloc_thresholds WHERE bloc_id = $1").bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        for (i, t) in thresholds.iter().enumerate() {
            on_tx!(&mut self.tx, c => sqlx::query(
                "INSERT INTO bloc_thresholds (bloc_id, position, label, min_total, min_share) VALUES ($1, $2, $3, $4, $5)")
                .bind(bloc_id).bind(i as i64).bind(t.label.trim()).bind(t.min_total.0).bind(i64::from(t.min_share))
                .execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "update",
            entity: "bloc_table",
            entity_id: bloc_id.to_string(),
            unit_path: &leader,
            summary: format!("Ngưỡng xếp loại của bảng điểm khối «{}» năm {}", b.bloc.name, b.bloc.year),
            old: None,
            new: Some(json!(thresholds.iter().map(|t| json!({"label": t.label, "min_total": t.min_total.0, "min_share": t.min_share})).collect::<Vec<_>>())),
        })
        .await
    }

    /// Fixes the table and opens scoring: the table must be complete.
    pub async fn start_scoring(&mut self, bloc_id: i64) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        b.require_stage(Stage::Preparing)?;
        let n: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM bloc_items WHERE bloc_id = $1")
            .bind(bloc_id).fetch_one(c).await)
        .map_err(internal)?;
        if n == 0 {
            return Err(Error::invalid(
                "table",
                "Khối chưa có bảng chấm điểm: nhập bảng điểm trước khi bắt đầu chấm.",
            ));
        }
        self.set_bloc_stage(&b, Stage::Scoring, "Bắt đầu chấm điểm")
            .await
    }

    pub(crate) async fn set_bloc_stage(
        &mut self,
        b: &super::InTx,
        stage: Stage,
        what: &str,
    ) -> Result<()> {
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE blocs SET stage = $1 WHERE id = $2")
            .bind(stage.code()).bind(b.bloc.id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "stage",
            entity: "bloc",
            entity_id: b.bloc.id.to_string(),
            unit_path: &leader,
            summary: format!("{what} — khối «{}» năm {}", b.bloc.name, b.bloc.year),
            old: Some(json!({"stage": b.bloc.stage})),
            new: Some(json!({"stage": stage.code()})),
        })
        .await
    }
}
