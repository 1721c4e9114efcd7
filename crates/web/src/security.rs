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

/// The client's address: the socket's peer or, behind `hops` trusted reverse
/// proxies, the address the outermost trusted proxy appended to
/// `X-Forwarded-For` (the `hops`-th entry from the right). Entries further
/// left were written by the client and are never believed.
pub(crate) fn client_address(req: &Request, trust_proxy: bool, hops: usize) -> String {
    let peer = || {
        req.extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "local".into())
    };
    if !trust_proxy {
        return peer();
    }
    forwarded_client(req.headers(), hops).unwrap_or_else(peer)
}

/// The `hops`-th `X-Forwarded-For` entry from the right (every such header,
/// in order), when it is an IP address.
pub(crate) fn forwarded_client(h: &axum::http::HeaderMap, hops: usize) -> Option<String> {
    let entries: Vec<&str> = h
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let hops = hops.max(1);
    if entries.is_empty() {
        return None;
    }
    // Fewer entries than trusted proxies: the leftmost was still written by
    // a trusted proxy.
    let i = entries.len().saturating_sub(hops);
    let e = entries[i];
    // An address, or one with a port ("1.2.3.4:5678", "[2001:db8::1]:80").
    e.parse::<std::net::IpAddr>()
        .ok()
        .or_else(|| e.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            e.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .ok()
        })
        .map(|ip| ip.to_string())
}

/// Whether this request reached the (trusted) proxy over HTTPS.
pub(crate) fn forwarded_https(h: &axum::http::HeaderMap, trust_proxy: bool) -> bool {
    trust_proxy
        && h.get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next_back())
            .map(|v| v.trim().eq_ignore_ascii_case("https"))
            .unwrap_or(false)
}

/// Whether cookies of this request must be `Secure`: configured so, or the
/// trusted proxy says the client came over HTTPS.
pub fn secure_request(config: &crate::WebConfig, h: &axum::http::HeaderMap) -> bool {
    config.secure_cookies || forwarded_https(h, config.trust_proxy)
}

pub async fn guard(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = client_address(&req, st.config.trust_proxy, st.config.trusted_proxy_hops);
    let https = secure_request(&st.config, req.headers());
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
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !is_static && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn xff(values: &[&'static str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn the_proxy_appended_hop_is_the_client() {
        // The client wrote "6.6.6.6"; the proxy appended what it saw.
        assert_eq!(
            forwarded_client(&xff(&["6.6.6.6, 203.0.113.7"]), 1).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            forwarded_client(&xff(&["203.0.113.7"]), 1).as_deref(),
            Some("203.0.113.7")
        );
        // Two trusted proxies: the second from the right.
        assert_eq!(
            forwarded_client(&xff(&["6.6.6.6, 203.0.113.7, 10.0.0.2"]), 2).as_deref(),
            Some("203.0.113.7")
        );
        // Several headers are one list.
        assert_eq!(
            forwarded_client(&xff(&["6.6.6.6", "203.0.113.7"]), 1).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            forwarded_client(&xff(&["6.6.6.6, 2001:db8::1"]), 1).as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(
            forwarded_client(&xff(&["6.6.6.6, 203.0.113.7:51234"]), 1).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            forwarded_client(&xff(&["6.6.6.6, [2001:db8::1]:443"]), 1).as_deref(),
            Some("2001:db8::1")
        );
        // Not an address: not believed.
        assert_eq!(forwarded_client(&xff(&["1.1.1.1, nonsense"]), 1), None);
        assert_eq!(forwarded_client(&HeaderMap::new(), 1), None);
    }

    #[test]
    fn https_only_from_a_trusted_proxy() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(forwarded_https(&h, true));
        assert!(!forwarded_https(&h, false));
        assert!(!forwarded_https(&HeaderMap::new(), true));
    }
}
