//! `tdkt serve` and `tdkt demo`.

use crate::config;
use std::path::PathBuf;
use std::process::ExitCode;
use tdkt_store::Store;

#[derive(clap::Args)]
pub struct Args {
    /// Tệp cấu hình TOML
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Địa chỉ lắng nghe, ví dụ 0.0.0.0:8080
    #[arg(long)]
    pub addr: Option<String>,
    /// Cơ sở dữ liệu: sqlite:ĐƯỜNG_DẪN hoặc postgres://…
    #[arg(long)]
    pub database: Option<String>,
    /// Tệp quy định riêng của tỉnh / cơ quan (docs/rules-overrides.md)
    #[arg(long)]
    pub rules: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Thư mục dữ liệu của bản dùng thử
    #[arg(long, default_value = "./data/demo")]
    pub data: PathBuf,
    /// Địa chỉ lắng nghe
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Cơ sở dữ liệu thay cho tệp SQLite trong thư mục dữ liệu (postgres://…): nạp
    /// dữ liệu dùng thử vào PostgreSQL, ví dụ để đo tốc độ các trang ở đó
    #[arg(long)]
    pub database: Option<String>,
}

pub fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TDKT_LOG")
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

pub async fn serve(a: Args) -> anyhow::Result<ExitCode> {
    init_logs();
    let mut s = config::load(a.config.as_ref())?;
    if let Some(addr) = a.addr {
        s.addr = addr;
    }
    if let Some(db) = a.database {
        s.database = db;
    }
    if let Some(rules) = a.rules {
        s.rules = Some(rules);
    }
    // Before opening anything: a wrong rule file stops the start.
    let web = s.web()?;
    if s.secure_cookies.is_none() && web.secure_cookies {
        tracing::info!(
            "cookie Secure và HSTS đang bật (địa chỉ {} không phải loopback): trình duyệt chỉ đăng nhập được qua HTTPS; nếu phục vụ HTTP thuần trong mạng nội bộ, đặt secure_cookies = false",
            s.addr
        );
    }
    ensure_sqlite_dir(&s.database)?;
    let store = Store::open(&s.database).await?;
    let users = store
        .list_users()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if users.is_empty() {
        tracing::warn!(
            "chưa có tài khoản nào: tạo quản trị bằng «tdkt user add TÊN --role admin --unit MÃ_ĐƠN_VỊ»"
        );
    }
    run(store, web, &s.addr).await
}

pub async fn demo(a: DemoArgs) -> anyhow::Result<ExitCode> {
    init_logs();
    std::fs::create_dir_all(&a.data)?;
    let url = a
        .database
        .clone()
        .unwrap_or_else(|| format!("sqlite:{}", a.data.join("tdkt.sqlite").display()));
    let store = Store::open(&url).await?;
    let mut web = tdkt_web::WebConfig {
        demo: true,
        agency_name: crate::demo::AGENCY_NAME.into(),
        // The demo agency's province: its override file, built in.
        rules: std::sync::Arc::new(
            tdkt_domain::rules::RuleBook::from_toml(crate::demo::PROVINCE_RULES)
                .map_err(|e| anyhow::anyhow!("config/rules/khanh-hoa.toml: {e}"))?,
        ),
        clock: config::load(None)?.clock()?,
        files_dir: a.data.join("files"),
        place: crate::demo::PLACE.into(),
        ..Default::default()
    };
    crate::demo::ensure_loaded(&store, &web.files_dir, &web.rules).await?;
    web.demo_accounts = crate::demo::ACCOUNTS
        .iter()
        .map(|(u, p, r, unit, _)| {
            (
                u.to_string(),
                p.to_string(),
                format!("{} – {unit}", role_label(r)),
            )
        })
        .collect();
    run(store, web, &a.addr).await
}

fn role_label(code: &str) -> &'static str {
    tdkt_domain::auth::Role::parse(code)
        .map(|r| r.label())
        .unwrap_or("")
}

pub fn ensure_sqlite_dir(url: &str) -> anyhow::Result<()> {
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        && let Some(dir) = std::path::Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    Ok(())
}

async fn run(store: Store, web: tdkt_web::WebConfig, addr: &str) -> anyhow::Result<ExitCode> {
    let idle =
        chrono::Duration::from_std(web.idle_timeout).unwrap_or(chrono::Duration::minutes(30));
    // Sweep idle sessions now and then (any node may do it; it is idempotent).
    let sweeper = store.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(600)).await;
            let _ = sweeper.purge_sessions(idle).await;
            let _ = sweeper.purge_throttle().await;
        }
    });
    let app = tdkt_web::app(store.clone(), web);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("không mở được cổng {addr}: {e}"))?;
    let local = listener.local_addr()?;
    tracing::info!(
        "tdkt đang chạy tại http://{local}/ (cơ sở dữ liệu: {:?})",
        store.backend()
    );
    println!("tdkt đang chạy tại http://{local}/");
    tdkt_web::serve(listener, app, shutdown()).await?;
    store.db.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
