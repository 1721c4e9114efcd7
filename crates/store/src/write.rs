//! The write gate: every change goes through a [`WriteTx`], which holds the
//! actor, the transaction, and appends each change to the audit log (who, when,
//! what, old and new values) inside the same transaction — a change and its
//! audit line commit together or not at all.

use crate::db::Tx;
use crate::tree_cache::TreeCache;
use crate::{Actor, Result, internal, on_tx};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::sync::Arc;
use tdkt_domain::auth::Action;

pub struct WriteTx<'a> {
    pub(crate) tx: Tx,
    pub actor: &'a Actor,
    pub now: DateTime<Utc>,
    /// Accounts created in this transaction (their creator gives them their
    /// first role before they belong to any subtree).
    pub(crate) created_users: Vec<i64>,
    /// Separation of duties: who submitted a registration may not accept or
    /// return it (the `separate_duties` setting; on unless turned off).
    pub(crate) separate_duties: bool,
    /// The in-process copy of the unit tree and levels, and whether this
    /// transaction changed them (the copy is retired when it commits).
    tree: Arc<TreeCache>,
    changes_tree: bool,
    /// People created one by one in this transaction (see
    /// `WriteTx::after_person_created`).
    pub(crate) people_created: u32,
}

/// One audit line.
pub struct Change<'c> {
    pub action: &'c str,
    pub entity: &'c str,
    pub entity_id: String,
    /// Path of the unit the change belongs to, so unit heads see their own history.
    pub unit_path: &'c str,
    /// One Vietnamese sentence for the log page.
    pub summary: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

impl<'a> WriteTx<'a> {
    pub(crate) fn new(tx: Tx, actor: &'a Actor, tree: Arc<TreeCache>) -> Self {
        WriteTx {
            tx,
            actor,
            now: Utc::now(),
            created_users: Vec::new(),
            separate_duties: true,
            tree,
            changes_tree: false,
            people_created: 0,
        }
    }

    /// Records that this transaction writes units or levels: every such
    /// statement is preceded by this call, so the in-process copy of the
    /// tree is retired when the transaction commits.
    pub(crate) fn tree_changed(&mut self) {
        self.changes_tree = true;
    }

    /// Turns separation of duties on or off for this transaction (the
    /// `separate_duties` setting).
    pub fn set_separate_duties(&mut self, on: bool) {
        self.separate_duties = on;
    }

    pub fn require(&self, action: Action, unit_path: &str) -> Result<()> {
        self.actor.require(action, unit_path)
    }

    pub async fn audit(&mut self, c: Change<'_>) -> Result<()> {
        let new = c.new.as_ref().map(|v| v.to_string());
        self.audit_as_text(c, new).await
    }

    /// [`Self::audit`] with the new values already as JSON text (large
    /// imports serialise them straight from their rows).
    pub(crate) async fn audit_as_text(&mut self, c: Change<'_>, new: Option<String>) -> Result<()> {
        let old = c.old.map(|v| v.to_string());
        let actor = self.actor.username.clone();
        let user_id = self.actor.user_id;
        let now = self.now;
        on_tx!(&mut self.tx, conn => sqlx::query(
            "INSERT INTO audit_log (at, user_id, actor, action, entity, entity_id, unit_path, summary, old_value, new_value)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .bind(now).bind(user_id).bind(&actor).bind(c.action).bind(c.entity).bind(&c.entity_id)
            .bind(c.unit_path).bind(&c.summary).bind(old).bind(new)
            .execute(conn).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        Ok(())
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await.map_err(internal)?;
        crate::figures_cache::written();
        // After the commit: a request that reads the tree before this line
        // gets the old one, as it would have from the database.
        if self.changes_tree {
            self.tree.invalidate();
        }
        Ok(())
    }
}

impl WriteTx<'_> {
    /// Sets an installation-wide marker (e.g. that the demo data is loaded).
    pub async fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key).bind(value).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        Ok(())
    }
}
