//! Sessions live in the database (so several `tdkt serve` share them): the
//! cookie holds a random token, the table its SHA-256, the CSRF token, and the
//! last activity for the idle timeout.

use crate::{Result, Store, internal, on_pool, on_tx};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

pub struct Session {
    /// The account's role grants, read in the same query as the session.
    pub grants: Vec<crate::Grant>,
    pub user_id: i64,
    pub csrf_token: String,
    pub last_seen_at: DateTime<Utc>,
    pub username: String,
    pub display_name: String,
    pub must_change_password: bool,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    csrf_token: String,
    last_seen_at: DateTime<Utc>,
    locked: bool,
    username: String,
    display_name: String,
    must_change_password: bool,
    role: Option<String>,
    unit_id: Option<i64>,
    unit_path: Option<String>,
    unit_name: Option<String>,
}

/// 32 random bytes, hex.
pub fn random_token() -> Result<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(internal)?;
    Ok(hex(&b))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Sessions whose `last_seen_at` a request of this process is refreshing now.
static TOUCHING: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// A claim on refreshing one session, released when dropped (also on error).
struct Touching(String);

impl Touching {
    fn claim(h: &str) -> bool {
        let Ok(mut v) = TOUCHING.lock() else {
            return true;
        };
        if v.iter().any(|x| x == h) {
            return false;
        }
        v.push(h.to_string());
        true
    }
}

impl Drop for Touching {
    fn drop(&mut self) {
        if let Ok(mut v) = TOUCHING.lock() {
            v.retain(|x| x != &self.0);
        }
    }
}

/// Activity refreshes `last_seen_at` at most this often (a write per request
/// would serialise every page view on SQLite).
const TOUCH_EVERY_SECS: i64 = 60;

impl Store {
    /// Opens a session; returns the cookie token and the CSRF token.
    pub async fn create_session(
        &self,
        user_id: i64,
        ip: &str,
        user_agent: &str,
    ) -> Result<(String, String)> {
        let token = random_token()?;
        let csrf = random_token()?;
        let now = Utc::now();
        let ua: String = user_agent.chars().take(300).collect();
        let mut tx = self.db.begin().await.map_err(internal)?;
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6)")
            .bind(token_hash(&token)).bind(user_id).bind(&csrf).bind(now).bind(ip).bind(&ua).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok((token, csrf))
    }

    /// The live session for a cookie token, or `None` when unknown or idle
    /// longer than `idle` (then it is deleted).
    pub async fn session(&self, token: &str, idle: Duration) -> Result<Option<Session>> {
        let h = token_hash(token);
        // One query per request: the session, its user and the user's grants.
        let rows: Vec<SessionRow> = on_pool!(&self.db, p => sqlx::query_as::<_, SessionRow>(
            "SELECT s.user_id, s.csrf_token, s.last_seen_at, u.locked, u.username, u.display_name, u.must_change_password,
                    r.role, r.unit_id, un.path AS unit_path, un.name AS unit_name
             FROM sessions s JOIN users u ON u.id = s.user_id
             LEFT JOIN user_roles r ON r.user_id = u.id LEFT JOIN units un ON un.id = r.unit_id
             WHERE s.token_hash = $1 ORDER BY r.id")
            .bind(&h).fetch_all(p).await)
        .map_err(internal)?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let (user_id, csrf_token, last_seen_at, locked) = (
            first.user_id,
            first.csrf_token.clone(),
            first.last_seen_at,
            first.locked,
        );
        let (username, display_name, must_change_password) = (
            first.username.clone(),
            first.display_name.clone(),
            first.must_change_password,
        );
        let grants = rows
            .iter()
            .filter_map(|r| match (&r.role, r.unit_id, &r.unit_path, &r.unit_name) {
                (Some(role), Some(unit_id), Some(path), Some(name)) => {
                    tdkt_domain::auth::Role::parse(role)
                        .ok()
                        .map(|role| crate::Grant {
                            role,
                            unit_id,
                            unit_path: path.clone(),
                            unit_name: name.clone(),
                        })
                }
                _ => None,
            })
            .collect();
        let now = Utc::now();
        if locked || now - last_seen_at > idle {
            self.delete_session(token).await?;
            let event = if locked {
                "session_locked"
            } else {
                "session_expired"
            };
            self.access(Some(user_id), "", event, "", "", "").await?;
            return Ok(None);
        }
        if (now - last_seen_at).num_seconds() >= TOUCH_EVERY_SECS && Touching::claim(&h) {
            // One request of the session writes; the others that arrive meanwhile go on
            // (a page burst must not queue one write each behind SQLite's single writer).
            let _claim = Touching(h.clone());
            let stale = now - chrono::Duration::seconds(TOUCH_EVERY_SECS);
            let mut tx = self.db.begin().await.map_err(internal)?;
            on_tx!(&mut tx, c => sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at <= $3")
                .bind(now).bind(&h).bind(stale).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
            tx.commit().await.map_err(internal)?;
        }
        Ok(Some(Session {
            grants,
            user_id,
            csrf_token,
            last_seen_at,
            username,
            display_name,
            must_change_password,
        }))
    }

    pub async fn delete_session(&self, token: &str) -> Result<()> {
        let mut tx = self.db.begin().await.map_err(internal)?;
        on_tx!(&mut tx, c => sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        tx.commit().await.map_err(internal)
    }

    /// Removes sessions idle longer than `idle`; run periodically.
    pub async fn purge_sessions(&self, idle: Duration) -> Result<u64> {
        let cutoff = Utc::now() - idle;
        let mut tx = self.db.begin().await.map_err(internal)?;
        let n = on_tx!(&mut tx, c => sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1").bind(cutoff).execute(c).await
            .map(|r| r.rows_affected()))
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(n)
    }
}

impl Store {
    /// Who a session token belongs to (id, username), without touching it.
    pub async fn session_user(&self, token: &str) -> Result<Option<(i64, String)>> {
        on_pool!(&self.db, p => sqlx::query_as(
            "SELECT u.id, u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1")
            .bind(token_hash(token)).fetch_optional(p).await)
        .map_err(internal)
    }
}
