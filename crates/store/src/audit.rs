//! Reading the audit log (every change) and the access log (every login).

use crate::people::Page;
use crate::{Actor, Result, Store, internal, on_pool};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tdkt_domain::auth::Action;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub summary: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AccessEntry {
    pub at: DateTime<Utc>,
    pub username: String,
    pub event: String,
    pub ip: String,
    pub user_agent: String,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub page: i64,
    pub per_page: i64,
    /// Only the latest lines' headings (a page's "recent changes"): no total, and
    /// no old/new values (an import's line holds the whole batch).
    pub no_total: bool,
}

impl Store {
    /// Audit lines of the actor's subtrees. Lines of no unit (account
    /// changes, installation settings) only for an administrator of the
    /// whole tree.
    pub async fn audit_log(&self, actor: &Actor, f: &AuditFilter) -> Result<Page<AuditEntry>> {
        // The home page's "recent changes" (first page, headings only) are kept a few
        // seconds per user; any write retires them (see `figures_cache`).
        if f.no_total && f.page <= 1 && f.entity.is_none() && f.entity_id.is_none() {
            let per_page = f.per_page.clamp(1, 500);
            let items = self
                .figures
                .recent_changes
                .get_or_load(format!("{}:{per_page}", actor.cache_key()), async {
                    Ok(self.read_audit_log(actor, f).await?.items)
                })
                .await?;
            return Ok(Page {
                total: items.len() as i64,
                items,
                page: 1,
                per_page,
                capped: false,
            });
        }
        self.read_audit_log(actor, f).await
    }

    async fn read_audit_log(&self, actor: &Actor, f: &AuditFilter) -> Result<Page<AuditEntry>> {
        let per_page = f.per_page.clamp(1, 500);
        let page = f.page.max(1);
        let scopes = actor.scopes(Action::ViewAudit);
        let Some(pats) = crate::actor::like_patterns(&scopes) else {
            return Ok(Page {
                items: vec![],
                total: 0,
                page,
                per_page,
                capped: false,
            });
        };
        let sees_unscoped = self.whole_tree(actor, Action::ManageUsers).await?;
        let no_entity = f.entity.is_none();
        let entity = f.entity.clone().unwrap_or_default();
        let no_id = f.entity_id.is_none();
        let entity_id = f.entity_id.clone().unwrap_or_default();
        macro_rules! items_sql {
            ($values:literal) => {
                concat!(
                    "SELECT id, at, actor, action, entity, entity_id, summary, ", $values, " FROM audit_log
                     WHERE (unit_path LIKE $1 OR unit_path LIKE $2 OR unit_path LIKE $3 OR unit_path LIKE $4 OR ($5 AND unit_path = ''))
                       AND ($6 OR entity = $7) AND ($8 OR entity_id = $9)
                     ORDER BY id DESC LIMIT $10 OFFSET $11"
                )
            };
        }
        // Someone who sees every line (an administrator of the whole tree) needs no
        // filter on paths: the newest lines come straight off the key, instead of a
        // scan that a LIKE on paths forces on PostgreSQL.
        if f.no_total
            && no_entity
            && no_id
            && sees_unscoped
            && scopes == actor.scopes(Action::ManageUsers)
        {
            let items = on_pool!(&self.db, p => sqlx::query_as::<_, AuditEntry>(
                "SELECT id, at, actor, action, entity, entity_id, summary,
                        CAST(NULL AS TEXT) AS old_value, CAST(NULL AS TEXT) AS new_value
                 FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2")
                .bind(per_page).bind((page - 1) * per_page).fetch_all(p).await)
            .map_err(internal)?;
            return Ok(Page {
                total: items.len() as i64,
                items,
                page,
                per_page,
                capped: false,
            });
        }
        let sql = if f.no_total {
            items_sql!("CAST(NULL AS TEXT) AS old_value, CAST(NULL AS TEXT) AS new_value")
        } else {
            items_sql!("old_value, new_value")
        };
        let items = on_pool!(&self.db, p => sqlx::query_as::<_, AuditEntry>(sql)
            .bind(&pats[0]).bind(&pats[1]).bind(&pats[2]).bind(&pats[3]).bind(sees_unscoped)
            .bind(no_entity).bind(&entity).bind(no_id).bind(&entity_id)
            .bind(per_page).bind((page - 1) * per_page)
            .fetch_all(p).await)
        .map_err(internal)?;
        if f.no_total {
            return Ok(Page {
                total: items.len() as i64,
                items,
                page,
                per_page,
                capped: false,
            });
        }
        let total: i64 = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log
             WHERE (unit_path LIKE $1 OR unit_path LIKE $2 OR unit_path LIKE $3 OR unit_path LIKE $4 OR ($5 AND unit_path = ''))
               AND ($6 OR entity = $7) AND ($8 OR entity_id = $9)")
            .bind(&pats[0]).bind(&pats[1]).bind(&pats[2]).bind(&pats[3]).bind(sees_unscoped)
            .bind(no_entity).bind(&entity).bind(no_id).bind(&entity_id)
            .fetch_one(p).await)
        .map_err(internal)?;
        Ok(Page {
            items,
            total,
            page,
            per_page,
            capped: false,
        })
    }

    /// The installation's access log, for an administrator of the whole tree
    /// only (it names every account and address).
    pub async fn access_log_for(
        &self,
        actor: &Actor,
        page: i64,
        per_page: i64,
    ) -> Result<Page<AccessEntry>> {
        if !self.whole_tree(actor, Action::ManageUsers).await? {
            return Err(tdkt_domain::error::Error::Forbidden);
        }
        self.access_log(page, per_page).await
    }

    /// The access log, unchecked (the CLI and tests).
    pub async fn access_log(&self, page: i64, per_page: i64) -> Result<Page<AccessEntry>> {
        let per_page = per_page.clamp(1, 500);
        let page = page.max(1);
        let items = on_pool!(&self.db, p => sqlx::query_as::<_, AccessEntry>(
            "SELECT at, username, event, ip, user_agent FROM access_log ORDER BY id DESC LIMIT $1 OFFSET $2")
            .bind(per_page).bind((page - 1) * per_page).fetch_all(p).await)
        .map_err(internal)?;
        let total: i64 = on_pool!(&self.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM access_log").fetch_one(p).await).map_err(internal)?;
        Ok(Page {
            items,
            total,
            page,
            per_page,
            capped: false,
        })
    }
}
