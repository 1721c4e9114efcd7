//! Award decisions (see `tdkt_domain::commendation::decision`): drafts made
//! from the council's conclusions, edited until signed; signing takes the
//! next number of the issuer's register for the year inside the same
//! transaction (so a failed signing leaves no gap), computes each bonus, and
//! writes the awards into the registry with a public code for the
//! certificate's QR; cancelling takes them out again, and a replacement is a
//! new decision that names the one it replaces.

use crate::council::random_code;
use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::NaiveDate;
use serde_json::json;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::{AwardCode, SubjectKind};
use tdkt_domain::commendation::ballot::within_agency;
use tdkt_domain::commendation::decision::{
    DecisionAction, DecisionStatus, DecisionText, check_next_number, check_signing, decision_symbol,
};
use tdkt_domain::error::{Error, FieldError};
use tdkt_domain::rules::Params;
use tdkt_domain::rules::bonus::bonus;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Decision {
    pub id: i64,
    pub issuer_unit_id: i64,
    pub issuer_name: String,
    pub issuer_code: String,
    pub issuer_path: String,
    pub issuer_parent: Option<String>,
    pub session_id: Option<i64>,
    pub year: i64,
    pub kind: String,
    pub status: String,
    pub register_year: Option<i64>,
    pub number: Option<i64>,
    pub symbol: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub summary: String,
    pub authority_line: String,
    pub basis: String,
    pub proposer: String,
    pub articles: String,
    pub signer: String,
    pub signer_position: String,
    pub sign_prefix: String,
    pub sign_authority: String,
    pub recipients: String,
    pub replaces_id: Option<i64>,
    pub replaces_symbol: Option<String>,
    pub replaced_by: Option<String>,
    pub cancel_reason: String,
    pub recipient_count: i64,
}

impl Decision {
    pub fn state(&self) -> DecisionStatus {
        DecisionStatus::parse(&self.status).unwrap_or(DecisionStatus::Draft)
    }

    /// The issuer's abbreviation in the number ("BDT" of unit code "BDT-KH").
    pub fn issuer_abbr(&self) -> String {
        issuer_abbr(&self.issuer_code)
    }
}

fn issuer_abbr(code: &str) -> String {
    code.split('-').next().unwrap_or(code).to_string()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub id: i64,
    pub decision_id: i64,
    pub item_id: Option<i64>,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub name: String,
    pub position: String,
    pub unit_name: String,
    pub parent_unit_name: String,
    pub award: String,
    pub citation: String,
    pub bonus: Option<i64>,
    pub public_code: Option<String>,
}

impl Recipient {
    pub fn award_code(&self) -> Option<AwardCode> {
        AwardCode::parse(&self.award).ok()
    }

    pub fn individual(&self) -> bool {
        self.person_id.is_some()
    }
}

/// What the public page of a certificate's QR code confirms, and nothing more.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublicAward {
    pub name: String,
    pub award: String,
    pub year: i64,
    pub decision_number: String,
    pub decision_date: Option<NaiveDate>,
    pub issuer: String,
}

macro_rules! decision_select {
    ($where:literal) => {
        concat!(
            "SELECT d.id, d.issuer_unit_id, u.name AS issuer_name, u.code AS issuer_code, u.path AS issuer_path,
                    pu.name AS issuer_parent, d.session_id, d.year, d.kind, d.status, d.register_year, d.number, d.symbol,
                    d.signed_on, d.summary, d.authority_line, d.basis, d.proposer, d.articles, d.signer, d.signer_position,
                    d.sign_prefix, d.sign_authority, d.recipients, d.replaces_id, r.symbol AS replaces_symbol,
                    (SELECT MAX(n.symbol) FROM decisions n WHERE n.replaces_id = d.id AND n.status = 'da-ky') AS replaced_by,
                    d.cancel_reason,
                    (SELECT COUNT(*) FROM decision_recipients x WHERE x.decision_id = d.id) AS recipient_count
             FROM decisions d JOIN units u ON u.id = d.issuer_unit_id LEFT JOIN units pu ON pu.id = u.parent_id
             LEFT JOIN decisions r ON r.id = d.replaces_id ",
            $where
        )
    };
}

const RECIPIENTS_SQL: &str = "SELECT r.id, r.decision_id, r.item_id, r.person_id, r.unit_id,
        COALESCE(p.full_name, nu.name) AS name, COALESCE(p.position, '') AS position,
        COALESCE(pu.name, nu.name) AS unit_name, COALESCE(npu.name, '') AS parent_unit_name,
        r.award, r.citation, r.bonus,
        (SELECT MAX(a.public_code) FROM awards a WHERE a.decision_id = r.decision_id
           AND (a.person_id = r.person_id OR a.unit_id = r.unit_id) AND a.award = r.award) AS public_code
     FROM decision_recipients r
     LEFT JOIN people p ON p.id = r.person_id LEFT JOIN units pu ON pu.id = p.unit_id
     LEFT JOIN units nu ON nu.id = r.unit_id LEFT JOIN units npu ON npu.id = nu.parent_id
     WHERE r.decision_id = $1
     ORDER BY CASE WHEN r.person_id IS NULL THEN 1 ELSE 0 END, r.award, r.id";

impl Store {
    /// Decisions of issuers the actor sees, newest first.
    pub async fn decisions(&self, actor: &Actor, year: Option<i32>) -> Result<Vec<Decision>> {
        let rows = on_pool!(&self.db, p => sqlx::query_as::<_, Decision>(decision_select!(
            "WHERE (CAST($1 AS BIGINT) IS NULL OR d.year = $1) ORDER BY d.year DESC, d.id DESC LIMIT 2000"))
            .bind(year.map(i64::from)).fetch_all(p).await)
        .map_err(internal)?;
        Ok(rows
            .into_iter()
            .filter(|d| actor.can(Action::View, &d.issuer_path))
            .collect())
    }

    pub async fn decision(&self, actor: &Actor, id: i64) -> Result<(Decision, Vec<Recipient>)> {
        let d = on_pool!(&self.db, p => sqlx::query_as::<_, Decision>(decision_select!("WHERE d.id = $1"))
            .bind(id).fetch_optional(p).await)
        .map_err(internal)?
        .filter(|d| actor.can(Action::View, &d.issuer_path))
        .ok_or_else(|| Error::NotFound("quyết định".into()))?;
        let recipients = on_pool!(&self.db, p => sqlx::query_as::<_, Recipient>(RECIPIENTS_SQL).bind(id).fetch_all(p).await)
            .map_err(internal)?;
        Ok((d, recipients))
    }

    /// Every step of a decision as the audit log holds it (when, who, what), oldest first.
    pub async fn decision_history(
        &self,
        id: i64,
    ) -> Result<Vec<(chrono::DateTime<chrono::Utc>, String, String)>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, (chrono::DateTime<chrono::Utc>, String, String)>(
            "SELECT at, actor, summary FROM audit_log WHERE entity = 'decision' AND entity_id = $1 ORDER BY id LIMIT 200")
            .bind(id.to_string()).fetch_all(p).await)
        .map_err(internal)
    }

    /// Decisions made from one council session.
    pub async fn session_decisions(&self, session_id: i64) -> Result<Vec<Decision>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Decision>(decision_select!("WHERE d.session_id = $1 ORDER BY d.id"))
            .bind(session_id).fetch_all(p).await)
        .map_err(internal)
    }

    /// The award a certificate's QR code points to (signed decisions only).
    pub async fn public_award(&self, code: &str) -> Result<PublicAward> {
        on_pool!(&self.db, p => sqlx::query_as::<_, PublicAward>(
            "SELECT COALESCE(p.full_name, u.name) AS name, a.award, a.year, a.decision_number, a.decision_date, a.issuer
             FROM awards a JOIN decisions d ON d.id = a.decision_id AND d.status = 'da-ky'
             LEFT JOIN people p ON p.id = a.person_id LEFT JOIN units u ON u.id = a.unit_id
             WHERE a.public_code = $1")
            .bind(code).fetch_optional(p).await)
        .map_err(internal)?
        .ok_or_else(|| Error::NotFound("khen thưởng".into()))
    }

    /// The last number of an issuer's register in `year` (0 when none yet).
    pub async fn last_decision_number(&self, issuer_unit_id: i64, year: i32) -> Result<i64> {
        on_pool!(&self.db, p => sqlx::query_scalar::<_, i64>(
            "SELECT last_number FROM decision_counters WHERE issuer_unit_id = $1 AND year = $2")
            .bind(issuer_unit_id).bind(i64::from(year)).fetch_optional(p).await)
        .map_err(internal)
        .map(|n| n.unwrap_or(0))
    }
}

impl WriteTx<'_> {
    async fn decision_row(&mut self, id: i64) -> Result<Decision> {
        on_tx!(&mut self.tx, c => sqlx::query_as::<_, Decision>(decision_select!("WHERE d.id = $1")).bind(id).fetch_optional(c).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("quyết định".into()))
    }

    async fn decision_audit(
        &mut self,
        d: &Decision,
        action: &str,
        summary: String,
        old: Option<serde_json::Value>,
        new: serde_json::Value,
    ) -> Result<()> {
        self.audit(Change {
            action,
            entity: "decision",
            entity_id: d.id.to_string(),
            unit_path: &d.issuer_path,
            summary,
            old,
            new: Some(new),
        })
        .await
    }

    /// A draft decision of `issuer_unit_id` for the chosen items of a closed
    /// session (awards within the agency's authority, not in another live decision).
    pub async fn create_decision(
        &mut self,
        session_id: i64,
        issuer_unit_id: i64,
        item_ids: &[i64],
        t: &DecisionText,
        replaces: Option<i64>,
    ) -> Result<i64> {
        let issuer_path = self.unit_path_of(issuer_unit_id).await?;
        self.require(Action::Review, &issuer_path)?;
        let s = self.session_for_update(session_id).await?;
        if !s.unit_path.starts_with(&issuer_path) && !issuer_path.starts_with(&s.unit_path) {
            return Err(Error::invalid(
                "issuer",
                "Cơ quan ban hành không phải cơ quan của Hội đồng.",
            ));
        }
        if item_ids.is_empty() {
            return Err(Error::invalid(
                "items",
                "Chọn người, tập thể được khen thưởng trong quyết định.",
            ));
        }
        if let Some(r) = replaces {
            let old = self.decision_row(r).await?;
            if old.state() != DecisionStatus::Cancelled {
                return Err(Error::invalid(
                    "replaces",
                    "Chỉ thay thế một quyết định đã hủy.",
                ));
            }
        }
        let kind: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT MIN(d.kind) FROM session_items i JOIN dossier_nominees n ON n.id = i.nominee_id JOIN dossiers d ON d.id = n.dossier_id WHERE i.session_id = $1")
            .bind(session_id).fetch_one(c).await)
        .map_err(internal)?;
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO decisions (issuer_unit_id, session_id, year, kind, status, summary, authority_line, basis, proposer, articles,
                 signer, signer_position, sign_prefix, sign_authority, recipients, replaces_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id")
            .bind(issuer_unit_id).bind(session_id).bind(s.year).bind(kind.unwrap_or_else(|| "cong-trang".into()))
            .bind(DecisionStatus::Draft.code()).bind(&t.summary).bind(&t.authority_line).bind(t.basis.join("\n"))
            .bind(&t.proposer).bind(t.articles.join("\n\n")).bind(&t.signer).bind(&t.signer_position).bind(&t.sign_prefix)
            .bind(&t.sign_authority).bind(t.recipients.join("\n")).bind(replaces).bind(now)
            .fetch_one(c).await)
        .map_err(internal)?;
        for item_id in item_ids {
            let item = self.item_row(*item_id).await?;
            let given = item.given_award();
            let ok = item.session_id == session_id
                && item.conclusion().is_some_and(|o| o.awarded())
                && given.is_some_and(within_agency);
            if !ok {
                return Err(Error::invalid(
                    "items",
                    format!(
                        "{}: chỉ đưa vào quyết định người, tập thể Hội đồng kết luận khen thưởng theo thẩm quyền.",
                        item.name
                    ),
                ));
            }
            let taken: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
                "SELECT COALESCE(d.symbol, 'dự thảo') FROM decision_recipients r JOIN decisions d ON d.id = r.decision_id
                 WHERE r.item_id = $1 AND d.status <> 'da-huy' AND d.id <> $2 LIMIT 1")
                .bind(item_id).bind(id).fetch_optional(c).await)
            .map_err(internal)?;
            if let Some(other) = taken {
                return Err(Error::invalid(
                    "items",
                    format!("{} đã có trong quyết định khác ({other}).", item.name),
                ));
            }
            let award = given.map(|a| a.code()).unwrap_or_default();
            on_tx!(&mut self.tx, c => sqlx::query(
                "INSERT INTO decision_recipients (decision_id, item_id, person_id, unit_id, award, citation) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(id).bind(item_id).bind(item.person_id).bind(item.unit_id).bind(award).bind(&item.citation)
                .execute(c).await.map(|_| ()))
            .map_err(internal)?;
        }
        let d = self.decision_row(id).await?;
        self.decision_audit(
            &d,
            "create",
            format!(
                "Dự thảo quyết định «{}» ({} người, tập thể)",
                t.summary,
                item_ids.len()
            ),
            None,
            json!({"session": session_id, "items": item_ids, "replaces": replaces}),
        )
        .await?;
        Ok(id)
    }

    async fn draft(&mut self, id: i64) -> Result<Decision> {
        let d = self.decision_row(id).await?;
        self.require(Action::Review, &d.issuer_path)?;
        d.state().after(DecisionAction::Edit)?;
        Ok(d)
    }

    /// Changes a draft's text.
    pub async fn update_decision(&mut self, id: i64, t: &DecisionText) -> Result<()> {
        let d = self.draft(id).await?;
        on_tx!(&mut self.tx, c => sqlx::query(
            "UPDATE decisions SET summary = $1, authority_line = $2, basis = $3, proposer = $4, articles = $5, signer = $6,
                 signer_position = $7, sign_prefix = $8, sign_authority = $9, recipients = $10, updated_at = $11 WHERE id = $12")
            .bind(&t.summary).bind(&t.authority_line).bind(t.basis.join("\n")).bind(&t.proposer).bind(t.articles.join("\n\n"))
            .bind(&t.signer).bind(&t.signer_position).bind(&t.sign_prefix).bind(&t.sign_authority).bind(t.recipients.join("\n"))
            .bind(self.now).bind(id).execute(c).await.map(|_| ()))
        .map_err(internal)?;
        let old = json!({"summary": d.summary, "basis": d.basis, "articles": d.articles, "signer": d.signer, "signer_position": d.signer_position});
        self.decision_audit(&d, "update", format!("Sửa dự thảo quyết định «{}»", t.summary), Some(old),
            json!({"summary": t.summary, "basis": t.basis, "articles": t.articles, "signer": t.signer, "signer_position": t.signer_position})).await
    }

    /// Changes one recipient's citation in a draft.
    pub async fn set_recipient_citation(
        &mut self,
        id: i64,
        recipient_id: i64,
        citation: &str,
    ) -> Result<()> {
        let d = self.draft(id).await?;
        let citation = citation.trim();
        if citation.is_empty() || citation.chars().count() > 2000 {
            return Err(Error::invalid(
                "citation",
                "Ghi nội dung khen thưởng (tối đa 2.000 ký tự).",
            ));
        }
        let n = on_tx!(&mut self.tx, c => sqlx::query("UPDATE decision_recipients SET citation = $1 WHERE id = $2 AND decision_id = $3")
            .bind(citation).bind(recipient_id).bind(id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        if n == 0 {
            return Err(Error::NotFound("người được khen thưởng".into()));
        }
        self.decision_audit(
            &d,
            "update",
            "Sửa nội dung khen thưởng của một người trong dự thảo".into(),
            None,
            json!({"recipient": recipient_id, "citation": citation}),
        )
        .await
    }

    pub async fn remove_recipient(&mut self, id: i64, recipient_id: i64) -> Result<()> {
        let d = self.draft(id).await?;
        let n = on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM decision_recipients WHERE id = $1 AND decision_id = $2")
            .bind(recipient_id).bind(id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        if n == 0 {
            return Err(Error::NotFound("người được khen thưởng".into()));
        }
        self.decision_audit(
            &d,
            "delete",
            "Bỏ một người khỏi dự thảo quyết định".into(),
            None,
            json!({"recipient": recipient_id}),
        )
        .await
    }

    /// Signs a draft: the next number of the issuer's register for the year of
    /// signing, each bonus by the rules in force on the day, the awards into
    /// the registry. Returns the number symbol ("12/QĐ-BDT").
    pub async fn sign_decision(
        &mut self,
        id: i64,
        signed_on: Option<NaiveDate>,
        signer: &str,
        today: NaiveDate,
        params: &Params,
    ) -> Result<String> {
        use chrono::Datelike;
        let d = self.decision_row(id).await?;
        self.require(Action::Decide, &d.issuer_path)?;
        d.state().after(DecisionAction::Sign)?;
        let signer = if signer.trim().is_empty() {
            d.signer.clone()
        } else {
            signer.trim().to_string()
        };
        let on = check_signing(
            signed_on,
            today,
            d.year as i32,
            &signer,
            d.recipient_count.max(0) as usize,
        )?;
        if let Some(sid) = d.session_id {
            let held: Option<NaiveDate> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT held_on FROM council_sessions WHERE id = $1")
                .bind(sid).fetch_optional(c).await)
            .map_err(internal)?;
            if let Some(h) = held.filter(|h| on < *h) {
                return Err(Error::invalid(
                    "signed_on",
                    format!(
                        "Ngày ký không thể trước phiên họp của Hội đồng ({}).",
                        tdkt_domain::text::format_date(h)
                    ),
                ));
            }
        }
        let register_year = i64::from(on.year());
        let counter: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "UPDATE decision_counters SET last_number = last_number + 1 WHERE issuer_unit_id = $1 AND year = $2 RETURNING last_number")
            .bind(d.issuer_unit_id).bind(register_year).fetch_optional(c).await)
        .map_err(internal)?;
        let number = match counter {
            Some(n) => n,
            None => {
                on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO decision_counters (issuer_unit_id, year, last_number) VALUES ($1, $2, 1)")
                    .bind(d.issuer_unit_id).bind(register_year).execute(c).await.map(|_| ()))
                .map_err(|e| if crate::is_unique_violation(&e) {
                    Error::Conflict(FieldError::new("number", "Một quyết định khác vừa được cấp số: hãy ký lại."))
                } else { internal(e) })?;
                1
            }
        };
        let symbol = decision_symbol(number as u32, &d.issuer_abbr());
        on_tx!(&mut self.tx, c => sqlx::query(
            "UPDATE decisions SET status = $1, register_year = $2, number = $3, symbol = $4, signed_on = $5, signer = $6, signed_by = $7, updated_at = $8 WHERE id = $9")
            .bind(DecisionStatus::Signed.code()).bind(register_year).bind(number).bind(&symbol).bind(on).bind(&signer)
            .bind(self.actor.user_id).bind(self.now).bind(id).execute(c).await.map(|_| ()))
        .map_err(|e| if crate::is_unique_violation(&e) {
            Error::Conflict(FieldError::new("number", format!("Số {symbol} đã được dùng: hãy ký lại.")))
        } else { internal(e) })?;
        let recipients: Vec<Recipient> = on_tx!(&mut self.tx, c => sqlx::query_as::<_, Recipient>(RECIPIENTS_SQL).bind(id).fetch_all(c).await)
            .map_err(internal)?;
        let now = self.now;
        for r in &recipients {
            let Some(award) = r.award_code() else {
                continue;
            };
            let kind = if r.individual() {
                SubjectKind::Individual
            } else {
                SubjectKind::Collective
            };
            let amount = bonus(award, kind, on, params).map(|b| b.amount as i64);
            on_tx!(&mut self.tx, c => sqlx::query("UPDATE decision_recipients SET bonus = $1 WHERE id = $2")
                .bind(amount).bind(r.id).execute(c).await.map(|_| ()))
            .map_err(internal)?;
            // Each award keeps the kind of the dossier it was nominated in (only
            // công trạng awards count as prerequisites of higher ones).
            let kind_of: Option<String> = match r.item_id {
                Some(item) => on_tx!(&mut self.tx, c => sqlx::query_scalar(
                    "SELECT d.kind FROM session_items i JOIN dossier_nominees n ON n.id = i.nominee_id JOIN dossiers d ON d.id = n.dossier_id WHERE i.id = $1")
                    .bind(item).fetch_optional(c).await)
                .map_err(internal)?,
                None => None,
            };
            let award_kind = kind_of.unwrap_or_else(|| d.kind.clone());
            let code = random_code(12)?;
            let unit_name = if r.individual() {
                r.unit_name.clone()
            } else {
                r.parent_unit_name.clone()
            };
            on_tx!(&mut self.tx, c => sqlx::query(
                "INSERT INTO awards (person_id, unit_id, award, year, kind, decision_number, decision_date, issuer, unit_name, citation,
                     decision_id, public_code, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .bind(r.person_id).bind(r.unit_id).bind(award.code()).bind(d.year).bind(&award_kind).bind(&symbol).bind(on)
                .bind(&d.issuer_name).bind(&unit_name).bind(&r.citation).bind(id).bind(&code).bind(now)
                .execute(c).await.map(|_| ()))
            .map_err(|e| if crate::is_unique_violation(&e) {
                Error::Conflict(FieldError::new("recipients", format!("{} đã có «{}» năm {} theo quyết định {symbol}.", r.name, award.label(), d.year)))
            } else { internal(e) })?;
        }
        // The bonuses leave the issuer's emulation fund the day they are decided.
        let paid = self
            .fund_decision_bonuses(id, d.issuer_unit_id, on, &symbol)
            .await?;
        self.decision_audit(&d, "sign", format!("Ký ban hành quyết định {symbol} ngày {}", tdkt_domain::text::format_date(on)), None,
            json!({"number": number, "symbol": symbol, "signed_on": on, "signer": signer, "recipients": recipients.len(), "bonuses": paid})).await?;
        Ok(symbol)
    }

    /// Cancels a signed decision: its awards leave the registry, its number
    /// stays taken; the items may go into a replacing decision.
    pub async fn cancel_decision(&mut self, id: i64, reason: &str, today: NaiveDate) -> Result<()> {
        let d = self.decision_row(id).await?;
        self.require(Action::Decide, &d.issuer_path)?;
        d.state().after(DecisionAction::Cancel)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::invalid("reason", "Ghi lý do hủy quyết định."));
        }
        // Exemplars linked to these awards lose the links with them (cascade): named here.
        let unlinked: Vec<(i64, i64)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT l.exemplar_id, l.award_id FROM exemplar_awards l JOIN awards a ON a.id = l.award_id WHERE a.decision_id = $1")
            .bind(id).fetch_all(c).await)
        .map_err(internal)?;
        let removed = on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM awards WHERE decision_id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE decisions SET status = $1, cancel_reason = $2, updated_at = $3 WHERE id = $4")
            .bind(DecisionStatus::Cancelled.code()).bind(reason).bind(self.now).bind(id).execute(c).await.map(|_| ()))
        .map_err(internal)?;
        let returned = self
            .fund_decision_cancelled(id, today, d.symbol.as_deref().unwrap_or_default())
            .await?;
        self.decision_audit(
            &d,
            "cancel",
            format!(
                "Hủy quyết định {}: {reason}",
                d.symbol.clone().unwrap_or_default()
            ),
            Some(json!({"status": d.status})),
            json!({"status": "da-huy", "reason": reason, "awards_removed": removed, "bonuses_returned": returned,
                "exemplar_links_removed": unlinked}),
        )
        .await
    }

    /// Moves an issuer's register forward (numbers given outside the system).
    pub async fn set_next_decision_number(
        &mut self,
        issuer_unit_id: i64,
        year: i32,
        wanted: &str,
    ) -> Result<()> {
        let path = self.unit_path_of(issuer_unit_id).await?;
        self.require(Action::Review, &path)?;
        let last: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT last_number FROM decision_counters WHERE issuer_unit_id = $1 AND year = $2")
            .bind(issuer_unit_id).bind(i64::from(year)).fetch_optional(c).await)
        .map_err(internal)?;
        let next = i64::from(check_next_number(wanted, last.unwrap_or(0).max(0) as u32)?);
        match last {
            Some(_) => on_tx!(&mut self.tx, c => sqlx::query("UPDATE decision_counters SET last_number = $1 WHERE issuer_unit_id = $2 AND year = $3")
                .bind(next - 1).bind(issuer_unit_id).bind(i64::from(year)).execute(c).await.map(|_| ())),
            None => on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO decision_counters (issuer_unit_id, year, last_number) VALUES ($1, $2, $3)")
                .bind(issuer_unit_id).bind(i64::from(year)).bind(next - 1).execute(c).await.map(|_| ())),
        }
        .map_err(internal)?;
        self.audit(Change {
            action: "put",
            entity: "decision_register",
            entity_id: format!("{issuer_unit_id}:{year}"),
            unit_path: &path,
            summary: format!("Số quyết định tiếp theo năm {year}: {next}"),
            old: last.map(|l| json!({"last": l})),
            new: Some(json!({"next": next})),
        })
        .await
    }
}

/// One line of the award registry (sổ khen thưởng).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegistryLine {
    pub year: i64,
    pub award: String,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub name: String,
    pub path: String,
    pub unit_name: String,
    pub decision_number: String,
    pub decision_date: Option<NaiveDate>,
    pub issuer: String,
    pub decision_id: Option<i64>,
}

/// Lines the registry page shows at most; the page says when there are more.
pub const REGISTRY_LIMIT: usize = 1000;

impl Store {
    /// The awards of `year` (of one award when given) of the units the actor
    /// sees, by award then name; at most [`REGISTRY_LIMIT`] + 1 lines.
    pub async fn award_registry(
        &self,
        actor: &Actor,
        year: i32,
        award: Option<AwardCode>,
    ) -> Result<Vec<RegistryLine>> {
        let rows = on_pool!(&self.db, p => sqlx::query_as::<_, RegistryLine>(
            "SELECT a.year, a.award, a.person_id, a.unit_id, COALESCE(p.full_name, u.name) AS name,
                    COALESCE(p.unit_path, u.path) AS path, a.unit_name, a.decision_number, a.decision_date, a.issuer, a.decision_id
             FROM awards a LEFT JOIN people p ON p.id = a.person_id LEFT JOIN units u ON u.id = a.unit_id
             WHERE a.year = $1 AND (CAST($2 AS TEXT) IS NULL OR a.award = $2)
             ORDER BY a.award, CASE WHEN a.person_id IS NULL THEN 1 ELSE 0 END, p.sort_key, u.name, a.id LIMIT 20000")
            .bind(i64::from(year)).bind(award.map(|a| a.code())).fetch_all(p).await)
        .map_err(internal)?;
        Ok(rows
            .into_iter()
            .filter(|r| actor.can(Action::View, &r.path))
            .take(REGISTRY_LIMIT + 1)
            .collect())
    }
}
