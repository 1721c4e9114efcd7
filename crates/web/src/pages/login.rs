//! Signing in and out, and changing one's password.

use crate::AppState;
use crate::auth::{
    Auth, PRELOGIN_COOKIE, client_ip, constant_eq, removal, session_cookie, user_agent,
};
use crate::error::AppError;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;
use tdkt_domain::error::Error;
use tdkt_store::users::{LoginOutcome, verify_password};

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub(crate) struct LoginPage {
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
    expired: bool,
    demo: bool,
    demo_accounts: Vec<(String, String, String)>,
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    het_phien: Option<String>,
}

/// Only local paths are followed after login (no open redirect).
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/".to_string()
    }
}

fn page(
    st: &AppState,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
    expired: bool,
) -> LoginPage {
    LoginPage {
        csrf,
        next,
        username,
        error,
        expired,
        demo: st.config.demo,
        demo_accounts: st.config.demo_accounts.clone(),
    }
}

pub async fn form(
    State(st): State<AppState>,
    jar: CookieJar,
    Query(q): Query<LoginQuery>,
) -> Result<Response, AppError> {
    let token = match jar.get(PRELOGIN_COOKIE) {
        Some(c) if c.value().len() == 64 => c.value().to_string(),
        _ => tdkt_store::sessions::random_token()?,
    };
    let cookie = Cookie::build((PRELOGIN_COOKIE, token.clone()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(st.config.secure_cookies)
        .path("/dang-nhap")
        .build();
    let p = page(
        &st,
        token,
        safe_next(q.next.as_deref().unwrap_or("/")),
        String::new(),
        None,
        q.het_phien.is_some(),
    );
    Ok((jar.add(cookie), p).into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: String,
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(st): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    let ip = client_ip(&headers);
    let ua = user_agent(&headers);
    let cookie_token = jar
        .get(PRELOGIN_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if cookie_token.is_empty() || !constant_eq(cookie_token.as_bytes(), f.csrf.as_bytes()) {
        st.store
            .access(None, &f.username, "csrf_rejected", &ip, &ua, "/dang-nhap")
            .await?;
        let p = page(
            &st,
            cookie_token,
            safe_next(&f.next),
            f.username,
            Some(Error::Csrf.to_string()),
            false,
        );
        return Ok((axum::http::StatusCode::FORBIDDEN, p).into_response());
    }
    let username = f.username.trim().to_string();
    let outcome = st.store.login(&username, &f.password, &ip, &ua).await?;
    let error = match outcome {
        LoginOutcome::Ok(actor) => {
            let Some(user_id) = actor.user_id else {
                return Err(AppError(Error::Unauthenticated));
            };
            let (token, _csrf) = st.store.create_session(user_id, &ip, &ua).await?;
            let jar = jar
                .add(session_cookie(token, st.config.secure_cookies))
                .add(removal(PRELOGIN_COOKIE));
            return Ok((jar, Redirect::to(&safe_next(&f.next))).into_response());
        }
        LoginOutcome::Failed => "Tên đăng nhập hoặc mật khẩu không đúng.".to_string(),
        LoginOutcome::Locked => Error::Locked.to_string(),
        LoginOutcome::Throttled(s) => Error::Throttled(s as u64).to_string(),
    };
    let p = page(
        &st,
        cookie_token,
        safe_next(&f.next),
        username,
        Some(error),
        false,
    );
    Ok((axum::http::StatusCode::UNAUTHORIZED, p).into_response())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn logout(
    State(st): State<AppState>,
    auth: Auth,
    jar: CookieJar,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    if let Some(c) = jar.get(crate::auth::SESSION_COOKIE) {
        st.store.delete_session(c.value()).await?;
    }
    st.store
        .access(
            Some(auth.user_id),
            &auth.actor.username,
            "logout",
            &client_ip(&headers),
            &user_agent(&headers),
            "",
        )
        .await?;
    Ok((
        jar.add(removal(crate::auth::SESSION_COOKIE)),
        Redirect::to("/dang-nhap"),
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "password.html")]
pub(crate) struct PasswordPage {
    l: Layout,
    error: Option<String>,
}

pub async fn password_form(auth: Auth) -> impl IntoResponse {
    PasswordPage {
        l: Layout::new(&auth, "Đổi mật khẩu", ""),
        error: None,
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    current: String,
    new_password: String,
    confirm: String,
}

pub async fn password_submit(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let fail = |msg: String| {
        PasswordPage {
            l: Layout::new(&auth, "Đổi mật khẩu", ""),
            error: Some(msg),
        }
        .into_response()
    };
    if f.new_password != f.confirm {
        return Ok(fail("Hai lần nhập mật khẩu mới không khớp.".into()));
    }
    let hash: Option<String> = st.store.password_hash(auth.user_id).await?;
    let current = f.current.clone();
    let ok = match hash {
        Some(h) => tokio::task::spawn_blocking(move || verify_password(&current, &h))
            .await
            .unwrap_or(false),
        None => false,
    };
    if !ok {
        return Ok(fail("Mật khẩu hiện tại không đúng.".into()));
    }
    let mut w = st.store.begin(&auth.actor).await?;
    if let Err(e) = w.set_password(auth.user_id, &f.new_password, false).await {
        return Ok(fail(
            e.field_errors()
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_else(|| e.to_string()),
        ));
    }
    w.commit().await?;
    // Changing the password ended every session: sign in again.
    Ok(Redirect::to("/dang-nhap").into_response())
}
