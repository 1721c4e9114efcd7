//! The bloc's year outside the scores: its settings (quotas, vote share),
//! the quarterly programme, the covenant (giao ước thi đua) and its signing,
//! and the year-end meeting.

use crate::write::Change;
use crate::{Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::NaiveDate;
use serde_json::json;
use tdkt_domain::emulation::bloc::Stage;
use tdkt_domain::error::{Error, Errors};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProgrammeItem {
    pub id: i64,
    pub quarter: i64,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub host_unit_id: Option<i64>,
    pub host_name: Option<String>,
}

/// The bloc's settings, as the province's decision or the bloc's rules set them.
#[derive(Debug, Clone)]
pub struct BlocSettings {
    pub flag_quota: i64,
    pub commendation_quota: i64,
    pub vote_percent: i64,
}

/// The year-end meeting.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub on: NaiveDate,
    pub place: String,
    pub present: i64,
    pub notes: String,
}

const MAX_TEXT: usize = 20_000;

impl Store {
    pub async fn bloc_programme(&self, bloc_id: i64) -> Result<Vec<ProgrammeItem>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, ProgrammeItem>(
            "SELECT g.id, g.quarter, g.title, g.starts_on, g.ends_on, g.host_unit_id, u.name AS host_name
             FROM bloc_programme g LEFT JOIN units u ON u.id = g.host_unit_id
             WHERE g.bloc_id = $1 ORDER BY g.quarter, g.starts_on, g.id")
            .bind(bloc_id).fetch_all(p).await)
        .map_err(internal)
    }
}

impl WriteTx<'_> {
    pub async fn set_bloc_settings(&mut self, bloc_id: i64, s: &BlocSettings) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        if b.bloc.stage() == Stage::Published {
            b.require_stage(Stage::Scoring)?;
        }
        // A quota above the members' number only means every member may be proposed.
        let mut errs = Errors::default();
        if !(0..=100).contains(&s.flag_quota) {
            errs.add("flag_quota", "Số Cờ thi đua đề nghị phải từ 0 đến 100.");
        }
        if !(0..=100).contains(&s.commendation_quota) {
            errs.add(
                "commendation_quota",
                "Số Bằng khen đề nghị phải từ 0 đến 100.",
            );
        }
        if !(0..=99).contains(&s.vote_percent) {
            errs.add(
                "vote_percent",
                "Tỷ lệ biểu quyết phải từ 0 đến 99 % (50 = quá bán).",
            );
        }
        errs.finish()?;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE blocs SET flag_quota = $1, commendation_quota = $2, vote_percent = $3 WHERE id = $4")
            .bind(s.flag_quota).bind(s.commendation_quota).bind(s.vote_percent).bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "update",
            entity: "bloc",
            entity_id: bloc_id.to_string(),
            unit_path: &leader,
            summary: format!("Quy định đề nghị của khối «{}» năm {}", b.bloc.name, b.bloc.year),
            old: Some(json!({"flag_quota": b.bloc.flag_quota, "commendation_quota": b.bloc.commendation_quota, "vote_percent": b.bloc.vote_percent})),
            new: Some(json!({"flag_quota": s.flag_quota, "commendation_quota": s.commendation_quota, "vote_percent": s.vote_percent})),
        })
        .await
    }

    /// Adds a programme item (quarterly activity) of the bloc's year.
    pub async fn add_programme_item(
        &mut self,
        bloc_id: i64,
        quarter: i64,
        title: &str,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
        host_unit_id: Option<i64>,
    ) -> Result<i64> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        if b.bloc.stage() == Stage::Published {
            b.require_stage(Stage::Scoring)?;
        }
        let mut errs = Errors::default();
        if !(1..=4).contains(&quarter) {
            errs.add("quarter", "Quý phải từ 1 đến 4.");
        }
        if title.trim().is_empty() || title.chars().count() > 500 {
            errs.add(
                "title",
                "Nội dung hoạt động không được để trống (tối đa 500 ký tự).",
            );
        }
        if ends_on < starts_on {
            errs.add("ends_on", "Ngày kết thúc trước ngày bắt đầu.");
        }
        use chrono::Datelike;
        if i64::from(starts_on.year()) != b.bloc.year {
            errs.add(
                "starts_on",
                format!("Hoạt động phải trong năm {} của khối.", b.bloc.year),
            );
        }
        if let Some(h) = host_unit_id
            && !b.members.iter().any(|m| m.unit_id == h)
        {
            errs.add(
                "host_unit_id",
                "Đơn vị chủ trì phải là thành viên của khối.",
            );
        }
        errs.finish()?;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO bloc_programme (bloc_id, quarter, title, starts_on, ends_on, host_unit_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(bloc_id).bind(quarter).bind(title.trim()).bind(starts_on).bind(ends_on).bind(host_unit_id).fetch_one(c).await)
        .map_err(internal)?;
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "create",
            entity: "bloc_programme",
            entity_id: id.to_string(),
            unit_path: &leader,
            summary: format!("Chương trình quý {quarter} của khối «{}»: {}", b.bloc.name, title.trim()),
            old: None,
            new: Some(json!({"quarter": quarter, "title": title.trim(), "starts_on": starts_on, "ends_on": ends_on, "host": host_unit_id})),
        })
        .await?;
        Ok(id)
    }

    pub async fn delete_programme_item(&mut self, bloc_id: i64, item_id: i64) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        if b.bloc.stage() == Stage::Published {
            b.require_stage(Stage::Scoring)?;
        }
        let n = on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM bloc_programme WHERE id = $1 AND bloc_id = $2")
            .bind(item_id).bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        if n == 0 {
            return Err(Error::NotFound("hoạt động".into()));
        }
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "delete",
            entity: "bloc_programme",
            entity_id: item_id.to_string(),
            unit_path: &leader,
            summary: format!(
                "Xóa một hoạt động khỏi chương trình của khối «{}»",
                b.bloc.name
            ),
            old: None,
            new: None,
        })
        .await
    }

    /// The covenant's text and targets; fixed once a member has signed.
    pub async fn save_covenant(
        &mut self,
        bloc_id: i64,
        text: &str,
        targets: &str,
        on: NaiveDate,
    ) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        b.require_stage(Stage::Preparing)?;
        if b.members.iter().any(|m| m.signed_at.is_some()) {
            return Err(Error::invalid(
                "covenant",
                "Đã có đơn vị ký giao ước: không sửa được nội dung đã ký.",
            ));
        }
        let mut errs = Errors::default();
        if text.trim().is_empty() {
            errs.add("text", "Nội dung giao ước không được để trống.");
        }
        if text.len() > MAX_TEXT || targets.len() > MAX_TEXT {
            errs.add("text", "Nội dung giao ước quá dài.");
        }
        let n_targets = targets.lines().filter(|l| !l.trim().is_empty()).count();
        if n_targets == 0 {
            errs.add(
                "targets",
                "Giao ước phải có ít nhất một chỉ tiêu (mỗi dòng một chỉ tiêu).",
            );
        }
        use chrono::Datelike;
        if i64::from(on.year()) != b.bloc.year {
            errs.add(
                "on",
                format!("Ngày ký phải trong năm {} của khối.", b.bloc.year),
            );
        }
        errs.finish()?;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE blocs SET covenant_text = $1, covenant_targets = $2, covenant_on = $3 WHERE id = $4")
            .bind(text.trim()).bind(targets.trim()).bind(on).bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "update",
            entity: "bloc_covenant",
            entity_id: bloc_id.to_string(),
            unit_path: &leader,
            summary: format!(
                "Giao ước thi đua khối «{}» năm {}: {n_targets} chỉ tiêu",
                b.bloc.name, b.bloc.year
            ),
            old: Some(json!({"text": b.bloc.covenant_text, "targets": b.bloc.covenant_targets})),
            new: Some(json!({"text": text.trim(), "targets": targets.trim(), "on": on})),
        })
        .await
    }

    /// A member signs the covenant (its head or office, for that agency);
    /// `signer` names who signed on paper ("Nguyễn Văn A, Giám đốc"), the
    /// actor when empty.
    pub async fn sign_covenant(&mut self, bloc_id: i64, unit_id: i64, signer: &str) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        let m = b.member(unit_id)?;
        if !b.rights.signs_for.contains(&unit_id) {
            return Err(if b.rights.signs_for.is_empty() {
                Error::Forbidden
            } else {
                Error::invalid("unit_id", "Mỗi đơn vị chỉ ký giao ước cho mình.")
            });
        }
        if b.bloc.stage() == Stage::Published {
            b.require_stage(Stage::Scoring)?;
        }
        if b.bloc.covenant_text.trim().is_empty() {
            return Err(Error::invalid(
                "covenant",
                "Khối trưởng chưa soạn nội dung giao ước.",
            ));
        }
        if m.signed_at.is_some() {
            return Err(Error::invalid("unit_id", "Đơn vị đã ký giao ước."));
        }
        let signer = signer.trim();
        if signer.chars().count() > 200 {
            return Err(Error::invalid(
                "signer",
                "Tên người ký quá dài (tối đa 200 ký tự).",
            ));
        }
        let who = if signer.is_empty() {
            self.actor.display_name.clone()
        } else {
            signer.to_string()
        };
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE bloc_members SET signed_at = $1, signed_by = $2 WHERE bloc_id = $3 AND unit_id = $4")
            .bind(now).bind(&who).bind(bloc_id).bind(unit_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        let path = m.unit_path.clone();
        let name = m.unit_name.clone();
        self.audit(Change {
            action: "sign",
            entity: "bloc_covenant",
            entity_id: format!("{bloc_id}:{unit_id}"),
            unit_path: &path,
            summary: format!(
                "{name} ký giao ước thi đua khối «{}» năm {}",
                b.bloc.name, b.bloc.year
            ),
            old: None,
            new: Some(json!({"signed_by": who})),
        })
        .await
    }

    /// The year-end meeting that ranks and votes (for its minutes).
    pub async fn save_bloc_meeting(&mut self, bloc_id: i64, m: &Meeting) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        b.require_steward()?;
        b.require_stage(Stage::Scoring)?;
        let n = b.members.len() as i64;
        let mut errs = Errors::default();
        if !(1..=n).contains(&m.present) {
            errs.add("present", format!("Số đơn vị dự họp phải từ 1 đến {n}."));
        }
        use chrono::Datelike;
        if !(b.bloc.year..=b.bloc.year + 1).contains(&i64::from(m.on.year())) {
            errs.add(
                "on",
                format!("Ngày họp phải trong năm {} hoặc đầu năm sau.", b.bloc.year),
            );
        }
        if m.place.chars().count() > 500 || m.notes.len() > MAX_TEXT {
            errs.add("notes", "Nội dung quá dài.");
        }
        errs.finish()?;
        if b.bloc.meeting_present != Some(m.present) {
            // Votes counted against another attendance are taken again.
            on_tx!(&mut self.tx, c => sqlx::query("UPDATE bloc_proposals SET present = NULL, agree = NULL WHERE bloc_id = $1")
                .bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE blocs SET meeting_on = $1, meeting_place = $2, meeting_present = $3, meeting_notes = $4 WHERE id = $5")
            .bind(m.on).bind(m.place.trim()).bind(m.present).bind(m.notes.trim()).bind(bloc_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        let leader = b.leader_path().to_string();
        self.audit(Change {
            action: "update",
            entity: "bloc_meeting",
            entity_id: bloc_id.to_string(),
            unit_path: &leader,
            summary: format!(
                "Cuộc họp bình xét của khối «{}» năm {}",
                b.bloc.name, b.bloc.year
            ),
            old: None,
            new: Some(json!({"on": m.on, "place": m.place, "present": m.present})),
        })
        .await
    }
}
