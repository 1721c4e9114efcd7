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
use tdkt_store::users::{LoginOutcome, PasswordCheck};

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

/// Only local paths are followed after login (no open redirect). Browsers
/// drop tabs and newlines from URLs and treat `\\` as `/`, so the path is
/// judged after percent-decoding: exactly one `/`, then a character that is
/// neither `/`, `\\` nor a control (or the path is exactly `/`); anything
/// else goes home.
pub(crate) fn safe_next(next: &str) -> String {
    let decoded = percent_decode(next);
    let Some(rest) = decoded.strip_prefix('/') else {
        return "/".to_string();
    };
    let mut chars = rest.chars();
    let ok = match chars.next() {
        None => true,
        Some(c) => c != '/' && c != '\\' && !c.is_control() && !c.is_whitespace(),
    };
    // Control characters anywhere (a raw one may hide a second slash from us
    // but not from the browser) and backslashes anywhere send the user home.
    if ok
        && !decoded.chars().any(|c| c.is_control() || c == '\\')
        && !next.chars().any(|c| c.is_control() || c == '\\')
    {
        next.to_string()
    } else {
        "/".to_string()
    }
}

/// `%XX` sequences decoded repeatedly (a doubly encoded `%252F` is a `/` to
/// some proxies), as bytes then lossy UTF-8.
fn percent_decode(s: &str) -> String {
    let mut cur = s.to_string();
    for _ in 0..4 {
        let b = cur.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%'
                && i + 2 < b.len()
                && let (Some(h), Some(l)) = (hex_val(b[i + 1]), hex_val(b[i + 2]))
            {
                out.push(h * 16 + l);
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        let next = String::from_utf8_lossy(&out).into_owned();
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
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
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Result<Response, AppError> {
    let token = match jar.get(PRELOGIN_COOKIE) {
        Some(c) if c.value().len() == 64 => c.value().to_string(),
        _ => tdkt_store::sessions::random_token()?,
    };
    let cookie = Cookie::build((PRELOGIN_COOKIE, token.clone()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(crate::security::secure_request(&st.config, &headers))
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
                .add(session_cookie(
                    token,
                    crate::security::secure_request(&st.config, &headers),
                ))
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
    headers: HeaderMap,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let fail = |status: axum::http::StatusCode, msg: String| {
        (
            status,
            PasswordPage {
                l: Layout::new(&auth, "Đổi mật khẩu", ""),
                error: Some(msg),
            },
        )
            .into_response()
    };
    use axum::http::StatusCode;
    if f.new_password != f.confirm {
        return Ok(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Hai lần nhập mật khẩu mới không khớp.".into(),
        ));
    }
    let ip = client_ip(&headers);
    let ua = user_agent(&headers);
    // The same throttle as the login (per account and address), and every
    // wrong or refused attempt in the access log.
    match st
        .store
        .check_current_password(auth.user_id, &auth.actor.username, &f.current, &ip, &ua)
        .await?
    {
        PasswordCheck::Right => {}
        PasswordCheck::Wrong => {
            return Ok(fail(
                StatusCode::UNAUTHORIZED,
                "Mật khẩu hiện tại không đúng.".into(),
            ));
        }
        PasswordCheck::Throttled(s) => {
            return Ok(fail(
                StatusCode::TOO_MANY_REQUESTS,
                format!("Nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau {s} giây."),
            ));
        }
    }
    let mut w = st.store.begin(&auth.actor).await?;
    if let Err(e) = w.set_password(auth.user_id, &f.new_password, false).await {
        return Ok(fail(
            crate::error::status_of(&e),
            e.field_errors()
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_else(|| e.to_string()),
        ));
    }
    w.commit().await?;
    st.store
        .access(
            Some(auth.user_id),
            &auth.actor.username,
            "password_changed",
            &ip,
            &ua,
            "/doi-mat-khau",
        )
        .await?;
    // Changing the password ended every session: sign in again.
    Ok(Redirect::to("/dang-nhap").into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_accepts_local_paths() {
        for p in [
            "/",
            "/can-bo",
            "/can-bo?trang=2&q=an",
            "/ke-hoach/3/dang-ky/4",
            "/can-bo?q=%2F%2Fx",
            "/tìm-kiếm",
        ] {
            assert_eq!(safe_next(p), p, "{p}");
        }
    }

    #[test]
    fn next_refuses_other_sites() {
        for p in [
            "",
            "//evil.example",
            "//evil.example/x",
            "///evil.example",
            "/\\evil.example",
            "/\\\\evil.example",
            "\\\\evil.example",
            "\\/evil.example",
            "/%2F/evil.example",
            "/%2f/evil.example",
            "%2F%2Fevil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%09/evil.example/x",
            "/\t/evil.example/x",
            "/%0A/evil.example",
            "/%0D/evil.example",
            "/\n/evil.example",
            "/%00/evil.example",
            "/%252F/evil.example",
            "/%25252F/evil.example",
            "/x\\y",
            "https://evil.example",
            "http:evil.example",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "evil.example",
            " /evil.example",
            "%20//evil.example",
            "/ /evil.example",
        ] {
            assert_eq!(safe_next(p), "/", "{p:?} must go home");
        }
    }
}
