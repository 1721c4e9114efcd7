//! Settings of `tdkt serve`: a TOML file, then `TDKT_*` environment
//! variables, then command-line flags, each overriding the one before.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use tdkt_documents::workbook::SheetLimits;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Address to listen on.
    pub addr: String,
    /// `sqlite:PATH` or `postgres://…`.
    pub database: String,
    /// Minutes of inactivity before a session ends.
    pub idle_timeout_minutes: u64,
    /// Mark cookies Secure and send Strict-Transport-Security. Unset: on
    /// unless `addr` is a loopback address (the local demo over plain HTTP).
    pub secure_cookies: Option<bool>,
    /// Name shown on pages and exports.
    pub agency_name: String,
    /// Địa danh printed on documents ("Khánh Hòa").
    pub place: String,
    /// Public address of the app, printed in the certificates' QR codes.
    pub public_url: Option<String>,
    /// Largest upload, in MB (sheets and dossier files).
    pub max_upload_mb: usize,
    /// Where dossier files are kept (each once, named by its SHA-256).
    pub files_dir: PathBuf,
    /// An uploaded .xlsx inflated, in MB (a zip bomb stops here).
    pub max_unzipped_mb: u64,
    /// Rows of an uploaded sheet.
    pub max_sheet_rows: u32,
    /// Behind a reverse proxy: take client addresses from X-Forwarded-For.
    pub trust_proxy: bool,
    /// How many trusted proxies append to X-Forwarded-For (the client is
    /// that many entries from the right).
    pub trusted_proxy_hops: usize,
    /// The account that submitted a registration may not accept or return it.
    pub separate_duties: bool,
    /// A province's or agency's rule overrides (docs/rules-overrides.md);
    /// none: the national levels.
    pub rules: Option<PathBuf>,
    /// "Today" as `YYYY-MM-DD` instead of the system clock read as Vietnam time
    /// (UTC+7): for tests and reproducible runs only (`TDKT_TODAY`).
    pub today: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            addr: "127.0.0.1:8080".into(),
            database: "sqlite:./data/tdkt.sqlite".into(),
            idle_timeout_minutes: 30,
            secure_cookies: None,
            agency_name: "Hệ thống thi đua – khen thưởng".into(),
            place: "…".into(),
            public_url: None,
            max_upload_mb: 20,
            files_dir: "./data/files".into(),
            max_unzipped_mb: SheetLimits::default().max_unzipped_bytes / (1024 * 1024),
            max_sheet_rows: SheetLimits::default().max_rows,
            trust_proxy: false,
            trusted_proxy_hops: 1,
            separate_duties: true,
            rules: None,
            today: None,
        }
    }
}

pub fn load(file: Option<&PathBuf>) -> anyhow::Result<Settings> {
    let mut fig = Figment::from(Serialized::defaults(Settings::default()));
    if let Some(f) = file {
        if !f.exists() {
            anyhow::bail!("không tìm thấy tệp cấu hình {}", f.display());
        }
        fig = fig.merge(Toml::file(f));
    }
    fig = fig.merge(Env::prefixed("TDKT_"));
    fig.extract()
        .map_err(|e| anyhow::anyhow!("cấu hình không hợp lệ: {e}"))
}

impl Settings {
    /// The clock every command asks for "today" (the web app and the CLI alike).
    pub fn clock(&self) -> anyhow::Result<tdkt_domain::clock::Clock> {
        let c = tdkt_domain::clock::Clock::from_setting(self.today.as_deref())
            .map_err(|e| anyhow::anyhow!("cấu hình «today» không hợp lệ: {e}"))?;
        if let tdkt_domain::clock::Clock::Fixed(d) = c {
            tracing::warn!("ngày hôm nay được cố định là {d} (cấu hình «today»)");
        }
        Ok(c)
    }

    pub fn sheet_limits(&self) -> SheetLimits {
        SheetLimits {
            max_unzipped_bytes: self.max_unzipped_mb.max(1) * 1024 * 1024,
            max_rows: self.max_sheet_rows.max(1),
            ..SheetLimits::default()
        }
    }

    pub fn web(&self) -> anyhow::Result<tdkt_web::WebConfig> {
        let rules = match &self.rules {
            None => tdkt_domain::rules::RuleBook::national(),
            Some(p) => load_rules(p)?,
        };
        Ok(tdkt_web::WebConfig {
            idle_timeout: std::time::Duration::from_secs(self.idle_timeout_minutes.max(1) * 60),
            secure_cookies: self
                .secure_cookies
                .unwrap_or_else(|| !is_loopback(&self.addr)),
            demo: false,
            demo_accounts: vec![],
            max_upload_bytes: self.max_upload_mb.max(1) * 1024 * 1024,
            sheet_limits: self.sheet_limits(),
            agency_name: self.agency_name.clone(),
            trust_proxy: self.trust_proxy,
            trusted_proxy_hops: self.trusted_proxy_hops.max(1),
            separate_duties: self.separate_duties,
            rules: std::sync::Arc::new(rules),
            clock: self.clock()?,
            files_dir: self.files_dir.clone(),
            max_file_bytes: self.max_upload_mb.max(1) as u64 * 1024 * 1024,
            place: self.place.clone(),
            public_url: self.public_url.clone(),
        })
    }
}

/// Whether a listen address (`HOST:PORT`) is reachable only from this machine.
pub fn is_loopback(addr: &str) -> bool {
    if let Ok(sa) = addr.parse::<std::net::SocketAddr>() {
        return sa.ip().is_loopback();
    }
    let host = addr.rsplit_once(':').map(|(h, _)| h).unwrap_or(addr);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// Reads a rule override file; a wrong key or value stops the start with its
/// name, never silently falls back to the national level.
pub fn load_rules(path: &std::path::Path) -> anyhow::Result<tdkt_domain::rules::RuleBook> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("không đọc được tệp quy định {}: {e}", path.display()))?;
    tdkt_domain::rules::RuleBook::from_toml(&text)
        .map_err(|e| anyhow::anyhow!("tệp quy định {} không hợp lệ: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web(addr: &str, secure: Option<bool>) -> tdkt_web::WebConfig {
        Settings {
            addr: addr.into(),
            secure_cookies: secure,
            ..Default::default()
        }
        .web()
        .unwrap()
    }

    #[test]
    fn secure_cookies_default_on_off_loopback() {
        assert!(!web("127.0.0.1:8080", None).secure_cookies);
        assert!(!web("[::1]:8080", None).secure_cookies);
        assert!(!web("localhost:8080", None).secure_cookies);
        assert!(web("0.0.0.0:8080", None).secure_cookies);
        assert!(web("10.1.2.3:80", None).secure_cookies);
        assert!(web("tdkt.example.gov.vn:443", None).secure_cookies);
        // Said explicitly, it wins.
        assert!(!web("0.0.0.0:8080", Some(false)).secure_cookies);
        assert!(web("127.0.0.1:8080", Some(true)).secure_cookies);
        let d = web("127.0.0.1:8080", None);
        assert_eq!(d.trusted_proxy_hops, 1);
        assert!(d.separate_duties);
    }
}
