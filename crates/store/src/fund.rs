//! The emulation fund of each agency (see `tdkt_domain::commendation::fund`):
//! the Office's income and spending entries, and the lines written by the
//! system when a decision is signed (its bonuses) or cancelled (their
//! return). Entries are never edited; a wrong hand entry is removed with a
//! reason, which the audit log keeps.

use crate::write::Change;
use crate::{Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use tdkt_domain::auth::Action;
use tdkt_domain::commendation::fund::{Category, Entry, YearBalance, balances};
use tdkt_domain::error::Error;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FundEntry {
    pub id: i64,
    pub unit_id: i64,
    pub year: i64,
    pub entry_on: NaiveDate,
    pub direction: String,
    pub category: String,
    pub amount: i64,
    pub description: String,
    pub voucher: String,
    pub decision_id: Option<i64>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl FundEntry {
    pub fn category(&self) -> Option<Category> {
        Category::parse(&self.category)
    }

    pub fn income(&self) -> bool {
        self.direction == "thu"
    }
}

macro_rules! entry_select {
    ($where:literal) => {
        concat!(
            "SELECT id, unit_id, year, entry_on, direction, category, amount, description, voucher,
                    decision_id, created_by, created_at FROM fund_entries ",
            $where
        )
    };
}

impl Store {
    /// The entries of one agency's fund in one year, in the order of the book.
    pub async fn fund_entries(&self, unit_id: i64, year: i32) -> Result<Vec<FundEntry>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, FundEntry>(entry_select!("WHERE unit_id = $1 AND year = $2 ORDER BY entry_on, id"))
            .bind(unit_id).bind(i64::from(year)).fetch_all(p).await)
        .map_err(internal)
    }

    /// The balances of `first..=last`, each year opening with what the years
    /// before left.
    pub async fn fund_balances(
        &self,
        unit_id: i64,
        first: i32,
        last: i32,
    ) -> Result<Vec<YearBalance>> {
        let rows: Vec<(i64, String, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT year, category, CAST(SUM(amount) AS BIGINT) FROM fund_entries
             WHERE unit_id = $1 AND year <= $2 GROUP BY year, category")
            .bind(unit_id).bind(i64::from(last)).fetch_all(p).await)
        .map_err(internal)?;
        let sums: Vec<(i32, Category, i64)> = rows
            .into_iter()
            .filter_map(|(y, c, a)| Some((y as i32, Category::parse(&c)?, a)))
            .collect();
        Ok(balances(&sums, first..=last))
    }
}

impl WriteTx<'_> {
    async fn fund_unit_path(&mut self, unit_id: i64) -> Result<String> {
        let path: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT path FROM units WHERE id = $1 AND kind = 'agency'").bind(unit_id).fetch_optional(c).await)
        .map_err(internal)?;
        path.ok_or_else(|| Error::NotFound("cơ quan giữ quỹ".into()))
    }

    /// Records a hand entry (already checked) in the agency's fund.
    pub async fn add_fund_entry(&mut self, unit_id: i64, e: &Entry) -> Result<i64> {
        let path = self.fund_unit_path(unit_id).await?;
        self.require(Action::Review, &path)?;
        let (now, by) = (self.now, self.actor.display_name.clone());
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO fund_entries (unit_id, year, entry_on, direction, category, amount, description, voucher, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
            .bind(unit_id).bind(i64::from(e.year)).bind(e.entry_on).bind(e.category.direction().code())
            .bind(e.category.code()).bind(e.amount).bind(&e.description).bind(&e.voucher).bind(&by).bind(now)
            .fetch_one(c).await)
        .map_err(internal)?;
        self.audit(Change {
            action: "create",
            entity: "fund_entry",
            entity_id: id.to_string(),
            unit_path: &path,
            summary: format!(
                "Ghi sổ quỹ thi đua, khen thưởng: {} {} ({})",
                e.category.label(),
                tdkt_domain::text::format_money(e.amount),
                e.description
            ),
            old: None,
            new: Some(
                json!({"year": e.year, "entry_on": e.entry_on, "category": e.category.code(),
                "amount": e.amount, "description": e.description, "voucher": e.voucher}),
            ),
        })
        .await?;
        Ok(id)
    }

    /// Removes a hand entry typed in error; the lines of decisions stay.
    pub async fn remove_fund_entry(&mut self, id: i64, reason: &str) -> Result<()> {
        let e: Option<FundEntry> = on_tx!(&mut self.tx, c => sqlx::query_as::<_, FundEntry>(
            entry_select!("WHERE id = $1")).bind(id).fetch_optional(c).await)
        .map_err(internal)?;
        let e = e.ok_or_else(|| Error::NotFound("dòng sổ quỹ".into()))?;
        let path = self.fund_unit_path(e.unit_id).await?;
        self.require(Action::Review, &path)?;
        if e.decision_id.is_some() {
            return Err(Error::invalid(
                "id",
                "Dòng này được ghi theo quyết định khen thưởng: chỉ thay đổi khi hủy quyết định.",
            ));
        }
        let reason = tdkt_domain::text::squeeze_spaces(reason);
        if reason.chars().count() < 5 {
            return Err(Error::invalid(
                "reason",
                "Ghi lý do xóa dòng sổ quỹ (ít nhất 5 ký tự).",
            ));
        }
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM fund_entries WHERE id = $1").bind(id).execute(c).await.map(|_| ()))
            .map_err(internal)?;
        self.audit(Change {
            action: "delete",
            entity: "fund_entry",
            entity_id: id.to_string(),
            unit_path: &path,
            summary: format!(
                "Xóa dòng sổ quỹ «{}» {}: {reason}",
                e.description,
                tdkt_domain::text::format_money(e.amount)
            ),
            old: Some(
                json!({"year": e.year, "entry_on": e.entry_on, "category": e.category,
                "amount": e.amount, "description": e.description, "voucher": e.voucher}),
            ),
            new: Some(json!({"reason": reason})),
        })
        .await
    }

    /// The spending line of a signed decision: the sum of its bonuses, on
    /// the day of signing, in the issuer's fund (nothing when no bonus).
    pub(crate) async fn fund_decision_bonuses(
        &mut self,
        decision_id: i64,
        unit_id: i64,
        signed_on: NaiveDate,
        symbol: &str,
    ) -> Result<i64> {
        use chrono::Datelike;
        let total: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT CAST(SUM(bonus) AS BIGINT) FROM decision_recipients WHERE decision_id = $1 AND bonus > 0")
            .bind(decision_id).fetch_one(c).await)
        .map_err(internal)?;
        let Some(total) = total.filter(|t| *t > 0) else {
            return Ok(0);
        };
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query(
            "INSERT INTO fund_entries (unit_id, year, entry_on, direction, category, amount, description, voucher, decision_id, created_by, created_at)
             VALUES ($1, $2, $3, 'chi', $4, $5, $6, $7, $8, 'hệ thống', $9)")
            .bind(unit_id).bind(i64::from(signed_on.year())).bind(signed_on).bind(Category::Bonus.code()).bind(total)
            .bind(format!("Tiền thưởng theo Quyết định số {symbol}")).bind(symbol).bind(decision_id).bind(now)
            .execute(c).await.map(|_| ()))
        .map_err(internal)?;
        Ok(total)
    }

    /// The line giving back a cancelled decision's bonuses, on `on`, in the
    /// same fund (nothing when it had none).
    pub(crate) async fn fund_decision_cancelled(
        &mut self,
        decision_id: i64,
        on: NaiveDate,
        symbol: &str,
    ) -> Result<i64> {
        use chrono::Datelike;
        let spent: Option<(i64, i64)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT unit_id, amount FROM fund_entries WHERE decision_id = $1 AND direction = 'chi'")
            .bind(decision_id).fetch_optional(c).await)
        .map_err(internal)?;
        let Some((unit_id, amount)) = spent else {
            return Ok(0);
        };
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query(
            "INSERT INTO fund_entries (unit_id, year, entry_on, direction, category, amount, description, voucher, decision_id, created_by, created_at)
             VALUES ($1, $2, $3, 'thu', $4, $5, $6, $7, $8, 'hệ thống', $9)")
            .bind(unit_id).bind(i64::from(on.year())).bind(on).bind(Category::Returned.code()).bind(amount)
            .bind(format!("Thu hồi tiền thưởng do hủy Quyết định số {symbol}")).bind(symbol).bind(decision_id).bind(now)
            .execute(c).await.map(|_| ()))
        .map_err(internal)?;
        Ok(amount)
    }
}
