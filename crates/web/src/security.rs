//! Cross-cutting protections: refuse cross-site writes (Origin /
//! Sec-Fetch-Site), and send the security headers on every response. The
//! per-form CSRF token is checked by each handler against the session.

use crate::AppState;
use crate::auth::{client_ip, user_agent};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

fn cross_site(req: &Request) -> bool {
    let h = req.headers();
    if h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    if let (Some(origin), Some(host)) = (
        h.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        h.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        let origin_host = origin.split("://").nth(1).unwrap_or(origin);
        if origin != "null" && origin_host != host {
            return true;
        }
        if origin == "null" {
            return true;
        }
    }
    false
}

/// Internal header carrying the client's address, set here and nowhere else.
pub const CLIENT_IP: &str = "x-tdkt-client-ip";

/// The client's address: the socket's peer, or the first `X-Forwarded-For`
/// hop when the server is configured to trust its reverse proxy.
fn client_address(req: &Request, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    {
        return ip.to_string();
    }
    req.extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "local".into())
}

pub async fn guard(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = client_address(&req, st.config.trust_proxy);
    if let Ok(v) = HeaderValue::from_str(&ip) {
        req.headers_mut().insert(CLIENT_IP, v);
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && cross_site(&req) {
        let ip = client_ip(req.headers());
        let ua = user_agent(req.headers());
        let path = req.uri().path().to_string();
        let _ = st
            .store
            .access(None, "", "cross_site_rejected", &ip, &ua, &path)
            .await;
        return (
            StatusCode::FORBIDDEN,
            "Yêu cầu từ trang web khác bị từ chối (chống giả mạo CSRF).",
        )
            .into_response();
    }
    let is_static = req.uri().path().starts_with("/static/");
    let path = req.uri().path().to_string();
    let ip = client_ip(req.headers());
    let ua = user_agent(req.headers());
    let cookie = axum_extra::extract::cookie::CookieJar::from_headers(req.headers())
        .get(crate::auth::SESSION_COOKIE)
        .map(|c| c.value().to_string());
    let mut res = next.run(req).await;
    if let Some(crate::error::Refused(event)) =
        res.extensions().get::<crate::error::Refused>().copied()
    {
        // Refusals are logged with whoever the session says is asking.
        let user = match &cookie {
            Some(t) => st.store.session_user(t).await.ok().flatten(),
            None => None,
        };
        let (uid, name) = user
            .map(|(i, n)| (Some(i), n))
            .unwrap_or((None, String::new()));
        let _ = st.store.access(uid, &name, event, &ip, &ua, &path).await;
    }
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !is_static && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
