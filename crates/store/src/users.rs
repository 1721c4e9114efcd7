//! Accounts: argon2id password hashes, role grants scoped to units, locking,
//! login throttling (in the database, so several servers share it) and the
//! access log.

use crate::write::Change;
use crate::{Actor, Grant, Result, Store, WriteTx, internal, on_pool, on_tx};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::json;
use tdkt_domain::auth::{Action, Role};
use tdkt_domain::error::{Error, FieldError};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub person_id: Option<i64>,
    pub locked: bool,
    pub must_change_password: bool,
    pub last_login_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RoleRow {
    pub id: i64,
    pub role: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_path: String,
}

/// Password guesses allowed per (account, address) before each further one
/// must wait; the wait doubles from [`FIRST_DELAY_SECS`] up to
/// [`MAX_DELAY_SECS`]. A stranger's guesses thus slow down only the stranger's
/// own address, never the owner signing in from elsewhere.
pub const FREE_FAILURES: i64 = 5;
/// Failed logins allowed per address across all accounts (password spraying)
/// before the address must wait; high, since one office may share an address.
pub const FREE_FAILURES_PER_ADDRESS: i64 = 50;
pub const FIRST_DELAY_SECS: i64 = 30;
pub const MAX_DELAY_SECS: i64 = 15 * 60;
/// A count is forgotten after this long without a new attempt.
pub const FORGET_AFTER_MIN: i64 = 60;

/// Seconds to wait after the `failures`-th failure, when `free` are allowed.
pub fn backoff_secs(failures: i64, free: i64) -> Option<i64> {
    (failures >= free).then(|| {
        let k = u32::try_from((failures - free).min(16)).unwrap_or(16);
        FIRST_DELAY_SECS
            .saturating_mul(1i64 << k)
            .min(MAX_DELAY_SECS)
    })
}

/// Throttle key of an (account, address) pair. Addresses hold no newline
/// (they come from headers), so the pair reads back unambiguously, and every
/// key of one account shares the prefix [`account_prefix`].
fn pair_key(username: &str, ip: &str) -> String {
    let user: String = username.chars().take(64).collect();
    format!("ua:{user}\n{ip}")
}

fn account_prefix(username: &str) -> String {
    let user: String = username.chars().take(64).collect();
    format!("ua:{user}\n")
}

fn address_key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// What a check of a password with throttling found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    Right,
    Wrong,
    /// Too many recent failures from this address: try again after so many seconds.
    Throttled(i64),
}

pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(internal)
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// Rules for a new password.
pub fn check_password_strength(password: &str, username: &str) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(Error::invalid(
            "password",
            "Mật khẩu phải có ít nhất 8 ký tự.",
        ));
    }
    if password.eq_ignore_ascii_case(username) {
        return Err(Error::invalid(
            "password",
            "Mật khẩu không được trùng tên đăng nhập.",
        ));
    }
    if password.len() > 256 {
        return Err(Error::invalid("password", "Mật khẩu dài quá 256 ký tự."));
    }
    Ok(())
}

pub fn valid_username(u: &str) -> bool {
    (3..=40).contains(&u.len())
        && u.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// What happened at a login attempt.
pub enum LoginOutcome {
    Ok(Actor),
    Failed,
    Locked,
    Throttled(i64),
}

impl Store {
    pub async fn user(&self, id: i64) -> Result<User> {
        on_pool!(&self.db, p => sqlx::query_as::<_, User>(
            "SELECT id, username, display_name, person_id, locked, must_change_password, last_login_at FROM users WHERE id = $1")
            .bind(id).fetch_optional(p).await)
        .map_err(internal)?
        .ok_or_else(|| Error::NotFound("tài khoản".into()))
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, User>(
            "SELECT id, username, display_name, person_id, locked, must_change_password, last_login_at FROM users WHERE username = $1")
            .bind(username).fetch_optional(p).await)
        .map_err(internal)
    }

    /// Accounts locked (by failed sign-ins or by an administrator), kept a few
    /// seconds (see [`crate::figures_cache`]).
    pub async fn count_locked_users(&self) -> Result<i64> {
        let load = async {
            on_pool!(&self.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE locked = TRUE").fetch_one(p).await)
                .map_err(internal)
        };
        self.figures
            .locked_users
            .get_or_load(String::new(), load)
            .await
    }

    /// The name and position of the agency head of `unit_id` (the signer a
    /// decision proposes): the person linked to the account, else its name.
    pub async fn unit_head(&self, unit_id: i64) -> Result<Option<(String, String)>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, (String, String)>(
            "SELECT COALESCE(p.full_name, u.display_name), COALESCE(NULLIF(p.position, ''), 'Thủ trưởng cơ quan')
             FROM users u JOIN user_roles r ON r.user_id = u.id LEFT JOIN people p ON p.id = u.person_id
             WHERE r.role = 'agency_head' AND r.unit_id = $1 AND NOT u.locked ORDER BY u.id LIMIT 1")
            .bind(unit_id).fetch_optional(p).await)
        .map_err(internal)
    }

    pub async fn list_users(&self) -> Result<Vec<User>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, User>(
            "SELECT id, username, display_name, person_id, locked, must_change_password, last_login_at FROM users ORDER BY username")
            .fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn user_roles(&self, user_id: i64) -> Result<Vec<RoleRow>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, RoleRow>(
            "SELECT r.id, r.role, r.unit_id, u.name AS unit_name, u.path AS unit_path
             FROM user_roles r JOIN units u ON u.id = r.unit_id WHERE r.user_id = $1 ORDER BY r.id")
            .bind(user_id).fetch_all(p).await)
        .map_err(internal)
    }

    /// Builds the actor for a signed-in user from their grants.
    pub async fn actor_for(&self, user: &User) -> Result<Actor> {
        self.actor_of(user.id, &user.username, &user.display_name)
            .await
    }

    pub async fn actor_of(
        &self,
        user_id: i64,
        username: &str,
        display_name: &str,
    ) -> Result<Actor> {
        let grants = self
            .user_roles(user_id)
            .await?
            .into_iter()
            .filter_map(|r| {
                Role::parse(&r.role).ok().map(|role| Grant {
                    role,
                    unit_id: r.unit_id,
                    unit_path: r.unit_path,
                    unit_name: r.unit_name,
                })
            })
            .collect();
        Ok(Actor::user(
            user_id,
            username.to_string(),
            display_name.to_string(),
            grants,
        ))
    }

    /// Checks a password with throttling per (account, address) and per
    /// address; every attempt lands in the access log. A locked account
    /// answers `Locked` whether the password is right or not (no oracle).
    /// No transaction is held while the password is hashed, and nobody
    /// sleeps: a throttled attempt is answered at once with the wait.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        ip: &str,
        user_agent: &str,
    ) -> Result<LoginOutcome> {
        let now = Utc::now();
        let pair = pair_key(username, ip);
        let addr = address_key(ip);
        if let Some(secs) = self.begin_attempt(&pair, &addr, now).await? {
            self.access(None, username, "login_throttled", ip, user_agent, "")
                .await?;
            return Ok(LoginOutcome::Throttled(secs));
        }
        let row: Option<(i64, String, bool)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, password_hash, locked FROM users WHERE username = $1").bind(username).fetch_optional(p).await)
        .map_err(internal)?;
        // Hash even for unknown users, so timing does not reveal which exist.
        let hash = row
            .as_ref()
            .map(|r| r.1.clone())
            .unwrap_or_else(|| dummy_hash().to_string());
        let pw = password.to_string();
        let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
            .await
            .map_err(internal)?;
        match row {
            Some((id, _, true)) => {
                // The same answer for a right and a wrong password.
                if !ok {
                    self.record_failure(&addr, FREE_FAILURES_PER_ADDRESS, now)
                        .await?;
                }
                let detail = if ok {
                    "mật khẩu đúng"
                } else {
                    "mật khẩu sai"
                };
                self.access(Some(id), username, "login_locked", ip, user_agent, detail)
                    .await?;
                Ok(LoginOutcome::Locked)
            }
            Some((id, _, false)) if ok => {
                self.clear_failures(&pair).await?;
                let mut tx = self.db.begin().await.map_err(internal)?;
                on_tx!(&mut tx, c => sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2").bind(now).bind(id).execute(c).await.map(|r| r.rows_affected()))
                    .map_err(internal)?;
                tx.commit().await.map_err(internal)?;
                self.access(Some(id), username, "login", ip, user_agent, "")
                    .await?;
                let user = self.user(id).await?;
                Ok(LoginOutcome::Ok(self.actor_for(&user).await?))
            }
            other => {
                self.record_failure(&addr, FREE_FAILURES_PER_ADDRESS, now)
                    .await?;
                self.access(
                    other.map(|r| r.0),
                    username,
                    "login_failed",
                    ip,
                    user_agent,
                    "",
                )
                .await?;
                Ok(LoginOutcome::Failed)
            }
        }
    }

    /// Re-checks a signed-in user's current password (before a change), with
    /// the login's throttle for that account and address, and logs the attempt.
    pub async fn check_current_password(
        &self,
        user_id: i64,
        username: &str,
        password: &str,
        ip: &str,
        user_agent: &str,
    ) -> Result<PasswordCheck> {
        let now = Utc::now();
        let pair = pair_key(username, ip);
        let addr = address_key(ip);
        if let Some(secs) = self.begin_attempt(&pair, &addr, now).await? {
            self.access(
                Some(user_id),
                username,
                "password_check_throttled",
                ip,
                user_agent,
                "/doi-mat-khau",
            )
            .await?;
            return Ok(PasswordCheck::Throttled(secs));
        }
        let hash = self
            .password_hash(user_id)
            .await?
            .unwrap_or_else(|| dummy_hash().to_string());
        let pw = password.to_string();
        let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
            .await
            .map_err(internal)?;
        if ok {
            self.clear_failures(&pair).await?;
            Ok(PasswordCheck::Right)
        } else {
            self.record_failure(&addr, FREE_FAILURES_PER_ADDRESS, now)
                .await?;
            self.access(
                Some(user_id),
                username,
                "password_check_failed",
                ip,
                user_agent,
                "/doi-mat-khau",
            )
            .await?;
            Ok(PasswordCheck::Wrong)
        }
    }

    /// One short transaction before a password is checked: refuses when the
    /// (account, address) pair or the address must still wait, otherwise
    /// counts the attempt for the pair at once (so a burst of parallel
    /// guesses is counted before any of them is checked; a right password
    /// clears the count). Returns the seconds left to wait, if any.
    async fn begin_attempt(
        &self,
        pair: &str,
        addr: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        let mut tx = self.db.begin().await.map_err(internal)?;
        let addr_until: Option<Option<DateTime<Utc>>> = on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT blocked_until FROM login_throttle WHERE key = $1").bind(addr).fetch_optional(c).await)
        .map_err(internal)?;
        if let Some(until) = addr_until.flatten().filter(|u| *u > now) {
            tx.commit().await.map_err(internal)?;
            return Ok(Some((until - now).num_seconds().max(1)));
        }
        let wait = bump(&mut tx, pair, FREE_FAILURES, now).await?;
        tx.commit().await.map_err(internal)?;
        Ok(wait)
    }

    /// Counts a failure for `key` (the address, after a wrong password).
    async fn record_failure(&self, key: &str, free: i64, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.db.begin().await.map_err(internal)?;
        bump(&mut tx, key, free, now).await?;
        tx.commit().await.map_err(internal)
    }

    /// Forgets throttle counts nobody has added to for [`FORGET_AFTER_MIN`]
    /// and whose wait is over (guesses at unknown names from many addresses
    /// would otherwise grow the table for ever); run periodically.
    pub async fn purge_throttle(&self) -> Result<u64> {
        let now = Utc::now();
        let cutoff = now - Duration::minutes(FORGET_AFTER_MIN);
        let mut tx = self.db.begin().await.map_err(internal)?;
        let n = on_tx!(&mut tx, c => sqlx::query(
            "DELETE FROM login_throttle WHERE window_start < $1 AND (blocked_until IS NULL OR blocked_until < $2)")
            .bind(cutoff).bind(now).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(n)
    }

    async fn clear_failures(&self, key: &str) -> Result<()> {
        let mut tx = self.db.begin().await.map_err(internal)?;
        on_tx!(&mut tx, c => sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        tx.commit().await.map_err(internal)
    }

    /// Appends to the access log (logins, logouts, refusals).
    pub async fn access(
        &self,
        user_id: Option<i64>,
        username: &str,
        event: &str,
        ip: &str,
        user_agent: &str,
        detail: &str,
    ) -> Result<()> {
        let mut tx = self.db.begin().await.map_err(internal)?;
        let ua: String = user_agent.chars().take(300).collect();
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO access_log (at, user_id, username, event, ip, user_agent, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(Utc::now()).bind(user_id).bind(username).bind(event).bind(ip).bind(&ua).bind(detail).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        tx.commit().await.map_err(internal)
    }
}

/// Counts one attempt for `key` inside `tx`, unless the key must still wait;
/// returns that wait (seconds) when it must. The first statement is an
/// upsert, so the row is locked (PostgreSQL) or the writer held (SQLite)
/// before it is read: concurrent attempts are counted one after the other.
/// `window_start` holds the time of the last counted attempt.
async fn bump(
    tx: &mut crate::db::Tx,
    key: &str,
    free: i64,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let (failures, last, until): (i64, DateTime<Utc>, Option<DateTime<Utc>>) = on_tx!(tx, c => sqlx::query_as(
        "INSERT INTO login_throttle (key, failures, window_start, blocked_until) VALUES ($1, 0, $2, NULL)
         ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures
         RETURNING failures, window_start, blocked_until")
        .bind(key).bind(now).fetch_one(c).await)
    .map_err(internal)?;
    if let Some(until) = until.filter(|u| *u > now) {
        return Ok(Some((until - now).num_seconds().max(1)));
    }
    let failures = if now - last > Duration::minutes(FORGET_AFTER_MIN) {
        1
    } else {
        failures + 1
    };
    let blocked = backoff_secs(failures, free).map(|s| now + Duration::seconds(s));
    on_tx!(tx, c => sqlx::query(
        "UPDATE login_throttle SET failures = $1, window_start = $2, blocked_until = $3 WHERE key = $4")
        .bind(failures).bind(now).bind(blocked).bind(key).execute(c).await.map(|r| r.rows_affected()))
    .map_err(internal)?;
    Ok(None)
}

/// A real argon2id hash with the default parameters, verified against for
/// unknown users so a login takes as long whether the account exists or not.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("tdkt: không có tài khoản này").unwrap_or_default())
}

impl WriteTx<'_> {
    fn require_user_admin(&self) -> Result<()> {
        if self.actor.can_somewhere(Action::ManageUsers) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    /// An administrator of a subtree manages only accounts whose every role
    /// lies inside that subtree (so nobody can reset a wider administrator's
    /// password and take over the account). An account with no role belongs
    /// to no subtree: only an administrator of the whole tree manages it
    /// (or whoever created it in this same transaction, to give its first role).
    async fn require_over_user(&mut self, user_id: i64) -> Result<()> {
        self.require_user_admin()?;
        let paths: Vec<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT u.path FROM user_roles r JOIN units u ON u.id = r.unit_id WHERE r.user_id = $1")
            .bind(user_id).fetch_all(c).await)
        .map_err(internal)?;
        if paths.is_empty() {
            if self.created_users.contains(&user_id) || self.whole_tree(Action::ManageUsers).await?
            {
                return Ok(());
            }
            return Err(Error::Forbidden);
        }
        if paths.iter().all(|p| self.actor.can(Action::ManageUsers, p)) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    /// [`Store::whole_tree`] inside the transaction.
    pub(crate) async fn whole_tree(&mut self, action: Action) -> Result<bool> {
        if self.actor.is_system() {
            return Ok(true);
        }
        let roots: Vec<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar(crate::actor::ROOTS_SQL).fetch_all(c).await)
            .map_err(internal)?;
        let roles: Vec<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar(crate::actor::ROLE_PATHS_SQL).fetch_all(c).await)
            .map_err(internal)?;
        Ok(crate::actor::covers_all(self.actor, action, &roots, &roles))
    }

    pub async fn create_user(
        &mut self,
        username: &str,
        display_name: &str,
        password: &str,
        must_change: bool,
    ) -> Result<i64> {
        check_password_strength(password, username)?;
        self.create_user_unchecked(username, display_name, password, must_change)
            .await
    }

    /// Creates an account without the password-strength rule: only the demo
    /// loader uses it, for its documented `admin`/`admin` accounts.
    pub async fn create_user_unchecked(
        &mut self,
        username: &str,
        display_name: &str,
        password: &str,
        must_change: bool,
    ) -> Result<i64> {
        self.require_user_admin()?;
        if !valid_username(username) {
            return Err(Error::invalid(
                "username",
                "Tên đăng nhập có 3–40 ký tự: chữ không dấu, số, «.», «_», «-».",
            ));
        }
        if display_name.trim().is_empty() {
            return Err(Error::invalid(
                "display_name",
                "Họ tên người dùng không được để trống.",
            ));
        }
        if password.is_empty() {
            return Err(Error::invalid("password", "Mật khẩu không được để trống."));
        }
        let exists: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT id FROM users WHERE username = $1").bind(username).fetch_optional(c).await)
            .map_err(internal)?;
        if exists.is_some() {
            return Err(Error::Conflict(FieldError::new(
                "username",
                format!("Tên đăng nhập «{username}» đã có."),
            )));
        }
        let pw = password.to_string();
        let hash = tokio::task::spawn_blocking(move || hash_password(&pw))
            .await
            .map_err(internal)??;
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO users (username, display_name, password_hash, locked, must_change_password, created_at) VALUES ($1, $2, $3, FALSE, $4, $5) RETURNING id")
            .bind(username).bind(display_name.trim()).bind(&hash).bind(must_change).bind(now).fetch_one(c).await)
        .map_err(internal)?;
        self.created_users.push(id);
        self.audit(Change {
            action: "create",
            entity: "user",
            entity_id: id.to_string(),
            unit_path: "",
            summary: format!("Tạo tài khoản «{username}»"),
            old: None,
            new: Some(json!({"username": username, "display_name": display_name})),
        })
        .await?;
        Ok(id)
    }

    /// Grants `role` on `unit_id`; the granter must manage users over that unit.
    pub async fn grant_role(&mut self, user_id: i64, role: Role, unit_id: i64) -> Result<()> {
        let path: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT path FROM units WHERE id = $1").bind(unit_id).fetch_optional(c).await)
            .map_err(internal)?;
        let Some(path) = path else {
            return Err(Error::invalid("unit_id", "Đơn vị không tồn tại."));
        };
        self.require(Action::ManageUsers, &path)?;
        self.require_over_user(user_id).await?;
        on_tx!(&mut self.tx, c => sqlx::query(
            "INSERT INTO user_roles (user_id, role, unit_id) VALUES ($1, $2, $3) ON CONFLICT (user_id, role, unit_id) DO NOTHING")
            .bind(user_id).bind(role.code()).bind(unit_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        self.audit(Change {
            action: "grant",
            entity: "user",
            entity_id: user_id.to_string(),
            unit_path: &path,
            summary: format!("Cấp vai trò «{}»", role.label()),
            old: None,
            new: Some(json!({"role": role.code(), "unit_id": unit_id})),
        })
        .await
    }

    pub async fn revoke_role(&mut self, user_id: i64, role_row_id: i64) -> Result<()> {
        let row: Option<(String, i64, String)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT r.role, r.unit_id, u.path FROM user_roles r JOIN units u ON u.id = r.unit_id WHERE r.id = $1 AND r.user_id = $2")
            .bind(role_row_id).bind(user_id).fetch_optional(c).await)
        .map_err(internal)?;
        let Some((role, unit_id, path)) = row else {
            return Err(Error::NotFound("vai trò".into()));
        };
        self.require_over_user(user_id).await?;
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM user_roles WHERE id = $1").bind(role_row_id).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        self.audit(Change {
            action: "revoke",
            entity: "user",
            entity_id: user_id.to_string(),
            unit_path: &path,
            summary: format!(
                "Thu hồi vai trò «{}»",
                Role::parse(&role).map(|r| r.label()).unwrap_or("?")
            ),
            old: Some(json!({"role": role, "unit_id": unit_id})),
            new: None,
        })
        .await
    }

    /// Sets a new password. Users change their own; administrators reset others'.
    pub async fn set_password(
        &mut self,
        user_id: i64,
        password: &str,
        must_change: bool,
    ) -> Result<()> {
        if self.actor.user_id != Some(user_id) {
            self.require_over_user(user_id).await?;
        }
        let username: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT username FROM users WHERE id = $1").bind(user_id).fetch_optional(c).await)
            .map_err(internal)?;
        let Some(username) = username else {
            return Err(Error::NotFound("tài khoản".into()));
        };
        check_password_strength(password, &username)?;
        let pw = password.to_string();
        let hash = tokio::task::spawn_blocking(move || hash_password(&pw))
            .await
            .map_err(internal)??;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
            .bind(&hash).bind(must_change).bind(user_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        // A new password ends every open session of that account.
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        self.audit(Change {
            action: "password",
            entity: "user",
            entity_id: user_id.to_string(),
            unit_path: "",
            summary: format!("Đổi mật khẩu tài khoản «{username}»"),
            old: None,
            new: None,
        })
        .await
    }

    pub async fn set_locked(&mut self, user_id: i64, locked: bool) -> Result<()> {
        self.require_over_user(user_id).await?;
        if self.actor.user_id == Some(user_id) && locked {
            return Err(Error::invalid(
                "locked",
                "Không thể tự khóa tài khoản của mình.",
            ));
        }
        let username: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT username FROM users WHERE id = $1").bind(user_id).fetch_optional(c).await)
            .map_err(internal)?;
        let Some(username) = username else {
            return Err(Error::NotFound("tài khoản".into()));
        };
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE users SET locked = $1 WHERE id = $2").bind(locked).bind(user_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        if locked {
            on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        } else {
            // Unlocking also lifts the account's login delays (every address).
            let lo = account_prefix(&username);
            let hi = format!("{}{}", &lo[..lo.len() - 1], '\u{b}');
            on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM login_throttle WHERE key >= $1 AND key < $2").bind(&lo).bind(&hi).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
        }
        self.audit(Change {
            action: if locked { "lock" } else { "unlock" },
            entity: "user",
            entity_id: user_id.to_string(),
            unit_path: "",
            summary: format!(
                "{} tài khoản «{username}»",
                if locked { "Khóa" } else { "Mở khóa" }
            ),
            old: Some(json!({"locked": !locked})),
            new: Some(json!({"locked": locked})),
        })
        .await
    }

    pub async fn link_person(&mut self, user_id: i64, person_id: Option<i64>) -> Result<()> {
        self.require_over_user(user_id).await?;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE users SET person_id = $1 WHERE id = $2").bind(person_id).bind(user_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        Ok(())
    }
}

impl Store {
    /// The stored hash, for re-checking the current password before a change.
    pub async fn password_hash(&self, user_id: i64) -> Result<Option<String>> {
        on_pool!(&self.db, p => sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1").bind(user_id).fetch_optional(p).await)
            .map_err(internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash_password("mật khẩu dài").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu dài", &h));
        assert!(!verify_password("sai", &h));
        assert!(dummy_hash().starts_with("$argon2id$"));
        assert!(!verify_password("x", dummy_hash()));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff_secs(4, 5), None);
        assert_eq!(backoff_secs(5, 5), Some(FIRST_DELAY_SECS));
        assert_eq!(backoff_secs(6, 5), Some(2 * FIRST_DELAY_SECS));
        assert_eq!(backoff_secs(7, 5), Some(4 * FIRST_DELAY_SECS));
        assert_eq!(backoff_secs(100, 5), Some(MAX_DELAY_SECS));
        assert_eq!(backoff_secs(i64::MAX, 5), Some(MAX_DELAY_SECS));
    }

    #[test]
    fn keys_of_one_account_share_a_prefix() {
        let k = pair_key("thuky", "1.2.3.4");
        assert!(k.starts_with(&account_prefix("thuky")));
        assert!(!pair_key("thuky2", "1.2.3.4").starts_with(&account_prefix("thuky")));
        assert_ne!(pair_key("a", "b"), address_key("b"));
    }

    #[test]
    fn strength() {
        assert!(check_password_strength("ngắn", "a").is_err());
        assert!(check_password_strength("admin123", "admin123").is_err());
        assert!(check_password_strength("đủ dài rồi", "admin").is_ok());
    }
}
