//! Who is asking: the session cookie, looked up in the database, gives the
//! user, their role grants (an `Actor`) and the CSRF token of the session.

use crate::AppState;
use crate::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use tdkt_domain::error::Error;
use tdkt_store::Actor;

pub const SESSION_COOKIE: &str = "tdkt_session";
/// Double-submit token for the login form, before any session exists.
pub const PRELOGIN_COOKIE: &str = "tdkt_pre";

#[derive(Clone)]
pub struct Auth {
    pub actor: Actor,
    pub user_id: i64,
    pub csrf: String,
    pub must_change_password: bool,
}

impl Auth {
    /// Compares the form's token with the session's in constant time.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        if constant_eq(token.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(AppError(Error::Csrf))
        }
    }
}

pub fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session, or `Unauthenticated`.
pub async fn load(parts: &Parts, st: &AppState) -> Result<Auth, Error> {
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) else {
        return Err(Error::Unauthenticated);
    };
    let idle =
        chrono::Duration::from_std(st.config.idle_timeout).unwrap_or(chrono::Duration::minutes(30));
    // The session query also checks the account is not locked.
    let Some(session) = st.store.session(&token, idle).await? else {
        return Err(Error::Unauthenticated);
    };
    let actor = tdkt_store::Actor::user(
        session.user_id,
        session.username,
        session.display_name,
        session.grants,
    );
    Ok(Auth {
        actor,
        user_id: session.user_id,
        csrf: session.csrf_token,
        must_change_password: session.must_change_password,
    })
}

/// Pages an account whose password an administrator set may still use
/// (static files, `/healthz` and the login page need no session at all).
const ALLOWED_BEFORE_CHANGE: [&str; 2] = ["/doi-mat-khau", "/dang-xuat"];

impl FromRequestParts<AppState> for Auth {
    type Rejection = AppError;

    /// The session; until a password set by an administrator is changed,
    /// every page but the change-password page and logout sends the user
    /// there (enforced here, not only shown as a banner).
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let auth = load(parts, st).await.map_err(AppError)?;
        let path = parts
            .extensions
            .get::<axum::extract::OriginalUri>()
            .map(|u| u.0.path().to_string())
            .unwrap_or_else(|| parts.uri.path().to_string());
        if auth.must_change_password && !ALLOWED_BEFORE_CHANGE.contains(&path.as_str()) {
            return Err(AppError(Error::MustChangePassword));
        }
        Ok(auth)
    }
}

/// Public pages read the session when there is one (to offer what a signed-in
/// user may do there) and serve everyone else the same page.
impl axum::extract::OptionalFromRequestParts<AppState> for Auth {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(load(parts, st)
            .await
            .ok()
            .filter(|a| !a.must_change_password))
    }
}

pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .build()
}

pub fn removal(name: &'static str) -> Cookie<'static> {
    let mut c = Cookie::build((name, "")).path("/").build();
    c.make_removal();
    c
}

/// The client address the security guard established (peer address, or the
/// trusted proxy's `X-Forwarded-For`); clients cannot set it themselves.
pub fn client_ip(h: &axum::http::HeaderMap) -> String {
    h.get(crate::security::CLIENT_IP)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("local")
        .to_string()
}

pub fn user_agent(h: &axum::http::HeaderMap) -> String {
    h.get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}
