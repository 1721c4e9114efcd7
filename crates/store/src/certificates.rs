//! Certificate templates: where each field of a Bằng khen or Giấy khen lands
//! on the agency's pre-printed blanks, kept as the JSON the documents crate
//! reads and validates.

use crate::write::Change;
use crate::{Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::{DateTime, Utc};
use serde_json::json;
use tdkt_domain::auth::Action;
use tdkt_domain::error::{Error, FieldError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplateRow {
    pub id: i64,
    pub name: String,
    pub layout: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

impl Store {
    pub async fn certificate_templates(&self) -> Result<Vec<TemplateRow>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, TemplateRow>(
            "SELECT id, name, layout, updated_at, updated_by FROM certificate_templates ORDER BY id").fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn certificate_template(&self, id: i64) -> Result<TemplateRow> {
        on_pool!(&self.db, p => sqlx::query_as::<_, TemplateRow>(
            "SELECT id, name, layout, updated_at, updated_by FROM certificate_templates WHERE id = $1").bind(id).fetch_optional(p).await)
        .map_err(internal)?
        .ok_or_else(|| Error::NotFound("mẫu in".into()))
    }
}

impl WriteTx<'_> {
    /// Saves a template (new when `id` is None); `layout` is already validated.
    pub async fn save_certificate_template(
        &mut self,
        id: Option<i64>,
        name: &str,
        layout: &str,
    ) -> Result<i64> {
        if !self.actor.can_somewhere(Action::Review) {
            return Err(Error::Forbidden);
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("name", "Ghi tên mẫu in."));
        }
        let (now, by) = (self.now, self.actor.display_name.clone());
        let old: Option<String> = match id {
            Some(i) => on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT layout FROM certificate_templates WHERE id = $1").bind(i).fetch_optional(c).await)
                .map_err(internal)?,
            None => None,
        };
        let saved: std::result::Result<i64, sqlx::Error> = match (id, &old) {
            (Some(i), Some(_)) => {
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE certificate_templates SET name = $1, layout = $2, updated_at = $3, updated_by = $4 WHERE id = $5")
                .bind(name).bind(layout).bind(now).bind(&by).bind(i).execute(c).await.map(|_| i))
            }
            (Some(_), None) => return Err(Error::NotFound("mẫu in".into())),
            (None, _) => {
                on_tx!(&mut self.tx, c => sqlx::query_scalar("INSERT INTO certificate_templates (name, layout, updated_at, updated_by) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(name).bind(layout).bind(now).bind(&by).fetch_one(c).await)
            }
        };
        let saved = saved.map_err(|e| {
            if crate::is_unique_violation(&e) {
                Error::Conflict(FieldError::new(
                    "name",
                    format!("Đã có mẫu in tên «{name}»."),
                ))
            } else {
                internal(e)
            }
        })?;
        self.audit(Change {
            action: if old.is_some() { "update" } else { "create" },
            entity: "certificate_template",
            entity_id: saved.to_string(),
            unit_path: "",
            summary: format!("Lưu mẫu in «{name}»"),
            old: old.map(|o| json!(o)),
            new: Some(json!(layout)),
        })
        .await?;
        Ok(saved)
    }
}
