//! The web layer: thin handlers that parse requests, ask the store (which
//! checks permissions and audits) and render Vietnamese pages or JSON.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod api;
mod auth;
mod error;
pub mod files;
mod fmt;
mod layout;
mod pages;
mod security;
pub mod staff_import;
mod uploads;

pub use error::AppError;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::sync::Arc;
use std::time::Duration;
use tdkt_store::Store;

/// Settings of a running server.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Sessions idle longer than this end (house rule: session timeout).
    pub idle_timeout: Duration,
    /// Mark cookies `Secure` and send `Strict-Transport-Security` (served
    /// over HTTPS). Behind a trusted proxy, a request with
    /// `X-Forwarded-Proto: https` gets both even when this is off.
    pub secure_cookies: bool,
    /// Show the demo accounts on the login page.
    pub demo: bool,
    /// (username, password, role) listed on the demo's login page.
    pub demo_accounts: Vec<(String, String, String)>,
    /// Largest upload accepted (staff sheets).
    pub max_upload_bytes: usize,
    /// What an uploaded sheet may hold once opened: inflated size, rows,
    /// columns, problems shown.
    pub sheet_limits: tdkt_documents::workbook::SheetLimits,
    /// The agency's display name (title of pages and exports).
    pub agency_name: String,
    /// Take the client address from `X-Forwarded-For` (only behind a reverse
    /// proxy that sets it; otherwise clients could choose their address).
    pub trust_proxy: bool,
    /// How many reverse proxies in front of the server append to
    /// `X-Forwarded-For`: the client is that many entries from the right.
    pub trusted_proxy_hops: usize,
    /// Separation of duties: the account that submitted a registration may
    /// not accept or return it.
    pub separate_duties: bool,
    /// The rule book the eligibility pages apply: national levels, or a
    /// province's or agency's override (`rules` setting, `--rules FILE`).
    pub rules: std::sync::Arc<tdkt_domain::rules::RuleBook>,
    /// Where dossier files are stored (content-addressed; `files_dir` setting).
    pub files_dir: std::path::PathBuf,
    /// Largest file attached to a dossier.
    pub max_file_bytes: u64,
    /// Địa danh of the agency's documents ("Khánh Hòa, ngày …").
    pub place: String,
    /// Public address of the app for the certificates' QR codes
    /// ("https://thiduakhenthuong.example.gov.vn"); unset: the address the
    /// request came to.
    pub public_url: Option<String>,
    /// Where "today" comes from: Vietnam time, or a fixed date (tests,
    /// `TDKT_TODAY`). Every handler asks [`AppState::today`].
    pub clock: tdkt_domain::clock::Clock,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            idle_timeout: Duration::from_secs(30 * 60),
            secure_cookies: false,
            demo: false,
            demo_accounts: vec![],
            max_upload_bytes: 20 * 1024 * 1024,
            sheet_limits: tdkt_documents::workbook::SheetLimits::default(),
            agency_name: "Hệ thống thi đua – khen thưởng".into(),
            trust_proxy: false,
            trusted_proxy_hops: 1,
            separate_duties: true,
            rules: std::sync::Arc::new(tdkt_domain::rules::RuleBook::national()),
            clock: tdkt_domain::clock::Clock::Vietnam,
            files_dir: std::env::temp_dir().join("tdkt-files"),
            max_file_bytes: 20 * 1024 * 1024,
            place: "…".into(),
            public_url: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
}

impl AppState {
    /// Today in Vietnam, by the configured clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.config.clock.today()
    }
}

/// Serves the app on `listener`, with the peer address available to the
/// access log and the login throttle.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// The whole application.
pub fn app(store: Store, config: WebConfig) -> Router {
    let max_upload = config.max_upload_bytes;
    let max_file = config.max_file_bytes as usize;
    let state = AppState {
        store,
        config: Arc::new(config),
    };
    let uploads = Router::new()
        .route(
            "/nhap-can-bo",
            get(pages::import::form).post(pages::import::upload),
        )
        .route(
            "/ke-hoach/{plan}/dang-ky/{unit}/tai-len",
            post(pages::registrations::upload),
        )
        .route(
            "/don-vi/{id}/xep-loai/tai-len",
            post(pages::ratings::upload),
        )
        .route(
            "/khoi-thi-dua/{id}/bang-diem/nhap",
            post(pages::blocs::table::upload),
        )
        .route(
            "/khoi-thi-dua/{id}/cham-diem/{unit}/nhap",
            post(pages::blocs::scoring::upload),
        )
        .layer(DefaultBodyLimit::max(max_upload));
    // Dossier files stream to disk: the limit is the file's, plus the form's other fields.
    let dossier_files = Router::new()
        .route("/ho-so/{id}/tep", post(pages::dossiers::upload))
        .layer(DefaultBodyLimit::max(max_file + 64 * 1024));
    Router::new()
        .route("/", get(pages::home::home))
        .route("/healthz", get(healthz))
        .route(
            "/dang-nhap",
            get(pages::login::form).post(pages::login::submit),
        )
        .route("/dang-xuat", post(pages::login::logout))
        .route(
            "/doi-mat-khau",
            get(pages::login::password_form).post(pages::login::password_submit),
        )
        .route("/don-vi", get(pages::units::list))
        .route(
            "/cap-don-vi",
            get(pages::levels::list).post(pages::levels::save),
        )
        .route(
            "/don-vi/moi",
            get(pages::units::new_form).post(pages::units::create),
        )
        .route("/don-vi/{id}", get(pages::units::view))
        .route(
            "/don-vi/{id}/sua",
            get(pages::units::edit_form).post(pages::units::update),
        )
        .route(
            "/don-vi/{id}/xep-loai",
            get(pages::ratings::view).post(pages::ratings::save),
        )
        .route(
            "/don-vi/{id}/xep-loai/mau.xlsx",
            get(pages::ratings::template),
        )
        .route("/don-vi/{id}/ngung", post(pages::units::deactivate))
        .route("/don-vi/{id}/khoi-phuc", post(pages::units::reactivate))
        .route("/don-vi/{id}/sap-nhap", post(pages::units::merge))
        .route("/can-bo", get(pages::people::list))
        .route(
            "/can-bo/moi",
            get(pages::people::new_form).post(pages::people::create),
        )
        .route("/can-bo/xuat.xlsx", get(pages::import::export))
        .route("/can-bo/{id}", get(pages::people::view))
        .route(
            "/can-bo/{id}/sua",
            get(pages::people::edit_form).post(pages::people::update),
        )
        .route("/can-bo/{id}/dieu-chuyen", post(pages::people::transfer))
        .route("/can-bo/{id}/chuyen-den", post(pages::people::transfer_in))
        .route("/can-bo/{id}/xet", get(pages::eligibility::check))
        .route("/can-bo/{id}/lich-su", post(pages::history::record))
        .route("/can-bo/{id}/trang-thai", post(pages::people::set_active))
        .route("/thong-bao", get(pages::notifications::list))
        .route("/thong-bao/da-doc", post(pages::notifications::mark_read))
        .route(
            "/phong-trao",
            get(pages::movements::list).post(pages::movements::create),
        )
        .route("/phong-trao/{id}", get(pages::movements::view))
        .route(
            "/phong-trao/{id}/trang-thai",
            post(pages::movements::advance),
        )
        .route("/ke-hoach", get(pages::plans::list))
        .route(
            "/ke-hoach/moi",
            get(pages::plans::new_form).post(pages::plans::create),
        )
        .route("/ke-hoach/{id}", get(pages::plans::view))
        .route(
            "/ke-hoach/{id}/sua",
            get(pages::plans::edit_form).post(pages::plans::update),
        )
        .route("/ke-hoach/{id}/ban-hanh", post(pages::plans::publish))
        .route("/ke-hoach/{id}/tong-hop.xlsx", get(pages::plans::aggregate))
        .route(
            "/ke-hoach/{id}/van-ban.docx",
            get(pages::plan_documents::plan_docx),
        )
        .route(
            "/ke-hoach/{id}/van-ban.pdf",
            get(pages::plan_documents::plan_pdf),
        )
        .route(
            "/ke-hoach/{id}/bao-cao.docx",
            get(pages::plan_documents::report_docx),
        )
        .route(
            "/ke-hoach/{id}/bao-cao.pdf",
            get(pages::plan_documents::report_pdf),
        )
        .route(
            "/ke-hoach/{plan}/dang-ky/{unit}",
            get(pages::registrations::form).post(pages::registrations::save),
        )
        .route(
            "/ke-hoach/{plan}/dang-ky/{unit}/mau.xlsx",
            get(pages::registrations::template),
        )
        .route("/dang-ky/{id}", get(pages::registrations::view))
        .route("/dang-ky/{id}/thao-tac", post(pages::registrations::act))
        .route(
            "/hoi-dong",
            get(pages::council::councils).post(pages::council::create_council),
        )
        .route("/hoi-dong/{id}", get(pages::council::council))
        .route(
            "/hoi-dong/{id}/thanh-vien",
            post(pages::council::put_member),
        )
        .route(
            "/hoi-dong/{id}/phien-hop",
            post(pages::council::create_session),
        )
        .route("/phien-hop/{id}", get(pages::council::session))
        .route("/phien-hop/{id}/chuan-bi", post(pages::council::prepare))
        .route("/phien-hop/{id}/bo-phieu", post(pages::council::vote))
        .route(
            "/phien-hop/{id}/y-kien-van-ban",
            post(pages::council::written),
        )
        .route("/phien-hop/{id}/ket-thuc", post(pages::council::close))
        .route("/phien-hop/{id}/ket-luan", post(pages::council::conclude))
        .route("/phien-hop/{id}/phieu", get(pages::council::ballots))
        .route(
            "/phien-hop/{id}/bien-ban.docx",
            get(pages::decisions::minutes_docx),
        )
        .route(
            "/phien-hop/{id}/bien-ban.pdf",
            get(pages::decisions::minutes_pdf),
        )
        .route(
            "/phien-hop/{id}/to-trinh.docx",
            get(pages::decisions::upward_docx),
        )
        .route(
            "/phien-hop/{id}/to-trinh.pdf",
            get(pages::decisions::upward_pdf),
        )
        .route(
            "/quyet-dinh",
            get(pages::decisions::list).post(pages::decisions::create),
        )
        .route("/so-quyet-dinh", post(pages::decisions::set_register))
        .route("/khen-thuong", get(pages::decisions::registry))
        .route("/quyet-dinh/{id}", get(pages::decisions::view))
        .route("/quyet-dinh/{id}/sua", post(pages::decisions::update))
        .route("/quyet-dinh/{id}/nguoi", post(pages::decisions::recipient))
        .route("/quyet-dinh/{id}/ky", post(pages::decisions::sign))
        .route("/quyet-dinh/{id}/huy", post(pages::decisions::cancel))
        .route("/quyet-dinh/{id}/thay-the", post(pages::decisions::replace))
        .route("/quyet-dinh/{id}/van-ban.docx", get(pages::decisions::docx))
        .route("/quyet-dinh/{id}/van-ban.pdf", get(pages::decisions::pdf))
        .route(
            "/quyet-dinh/{id}/giay-khen.pdf",
            get(pages::decisions::certificates),
        )
        .route(
            "/mau-in",
            get(pages::certificates::list).post(pages::certificates::create),
        )
        .route(
            "/mau-in/{id}",
            get(pages::certificates::edit).post(pages::certificates::save),
        )
        .route(
            "/mau-in/{id}/xem-thu.pdf",
            get(pages::certificates::preview),
        )
        .route("/cong-khai", get(pages::public::index))
        .route("/cong-khai/dien-hinh", get(pages::public::exemplars))
        .route("/cong-khai/{id}", get(pages::public::disclosure))
        .route("/cong-khai/{id}/gop-y", post(pages::council::comment))
        .route("/xac-minh/{code}", get(pages::public::verify))
        .route(
            "/ho-so",
            get(pages::dossiers::board).post(pages::dossiers::create),
        )
        .route("/ho-so/{id}", get(pages::dossiers::view))
        .route("/ho-so/{id}/de-cu", post(pages::dossiers::add_nominee))
        .route(
            "/ho-so/{id}/de-cu/{nid}",
            post(pages::dossiers::edit_nominee),
        )
        .route("/ho-so/{id}/binh-xet", post(pages::dossiers::meeting))
        .route("/ho-so/{id}/thao-tac", post(pages::dossiers::act))
        .route("/ho-so/{id}/tep/{fid}", get(pages::dossiers::download))
        .route(
            "/ho-so/{id}/tep/{fid}/xoa",
            post(pages::dossiers::remove_file),
        )
        .route(
            "/ho-so/{id}/to-trinh.docx",
            get(pages::dossiers::to_trinh_docx),
        )
        .route(
            "/ho-so/{id}/bien-ban.docx",
            get(pages::dossiers::bien_ban_docx),
        )
        .route(
            "/ho-so/{id}/to-trinh.pdf",
            get(pages::dossiers::to_trinh_pdf),
        )
        .route(
            "/ho-so/{id}/bien-ban.pdf",
            get(pages::dossiers::bien_ban_pdf),
        )
        .route(
            "/ho-so/{id}/bao-cao/{nid}",
            get(pages::dossiers::report_docx),
        )
        .route("/sang-kien", get(pages::initiatives::list))
        .route(
            "/sang-kien/moi",
            get(pages::initiatives::new_form).post(pages::initiatives::create),
        )
        .route("/sang-kien/{id}", get(pages::initiatives::view))
        .route(
            "/sang-kien/{id}/sua",
            get(pages::initiatives::edit_form).post(pages::initiatives::update),
        )
        .route("/sang-kien/{id}/thao-tac", post(pages::initiatives::act))
        .route(
            "/sang-kien/{id}/su-dung",
            post(pages::initiatives::record_use),
        )
        .route("/bao-cao", get(pages::reports::statistics))
        .route(
            "/bao-cao/thong-ke.xlsx",
            get(pages::reports::statistics_xlsx),
        )
        .route("/bao-cao/xu-huong.svg", get(pages::reports::trend_chart))
        .route("/bao-cao/thong-ke.pdf", get(pages::reports::statistics_pdf))
        .route(
            "/bao-cao/khen-thuong.svg",
            get(pages::reports::awards_chart),
        )
        .route(
            "/bao-cao/dang-ky.svg",
            get(pages::reports::registrations_chart),
        )
        .route("/bao-cao/cong-tac-tdkt", get(pages::workforce::view))
        .route(
            "/bao-cao/cong-tac-tdkt/don-vi",
            post(pages::workforce::set_unit),
        )
        .route(
            "/bao-cao/cong-tac-tdkt/can-bo",
            post(pages::workforce::set_person),
        )
        .route(
            "/bao-cao/cong-tac-tdkt/can-bo/{id}/xoa",
            post(pages::workforce::remove_person),
        )
        .route("/bao-cao/dinh-ky", get(pages::working_reports::period))
        .route(
            "/bao-cao/dinh-ky.xlsx",
            get(pages::working_reports::period_xlsx),
        )
        .route("/bao-cao/danh-sach", get(pages::working_reports::awardees))
        .route(
            "/bao-cao/danh-sach.xlsx",
            get(pages::working_reports::awardees_xlsx),
        )
        .route(
            "/quy-thi-dua",
            get(pages::fund::view).post(pages::fund::add),
        )
        .route("/quy-thi-dua/{id}/xoa", post(pages::fund::remove))
        .route("/quy-thi-dua/bao-cao.xlsx", get(pages::fund::report_xlsx))
        .route(
            "/dien-hinh",
            get(pages::exemplars::list).post(pages::exemplars::create),
        )
        .route(
            "/dien-hinh/{id}",
            get(pages::exemplars::view).post(pages::exemplars::update),
        )
        .route(
            "/dien-hinh/{id}/khen-thuong",
            post(pages::exemplars::link_awards),
        )
        .route("/dien-hinh/{id}/cong-bo", post(pages::exemplars::publish))
        .route(
            "/khoi-thi-dua",
            get(pages::blocs::list).post(pages::blocs::create),
        )
        .route(
            "/khoi-thi-dua/{id}/thanh-vien",
            post(pages::blocs::put_member),
        )
        .route(
            "/khoi-thi-dua/{id}/thanh-vien/{unit}/xoa",
            post(pages::blocs::remove_member),
        )
        .route("/khoi-thi-dua/{id}", get(pages::blocs::view))
        .route(
            "/khoi-thi-dua/{id}/chuong-trinh",
            post(pages::blocs::add_programme),
        )
        .route(
            "/khoi-thi-dua/{id}/chuong-trinh/{item}/xoa",
            post(pages::blocs::delete_programme),
        )
        .route(
            "/khoi-thi-dua/{id}/giao-uoc",
            post(pages::blocs::save_covenant),
        )
        .route(
            "/khoi-thi-dua/{id}/giao-uoc/ky",
            post(pages::blocs::sign_covenant),
        )
        .route(
            "/khoi-thi-dua/{id}/giao-uoc.docx",
            get(pages::blocs::covenant_docx),
        )
        .route(
            "/khoi-thi-dua/{id}/quy-dinh",
            post(pages::blocs::save_settings),
        )
        .route(
            "/khoi-thi-dua/{id}/bang-diem",
            get(pages::blocs::table::view),
        )
        .route(
            "/khoi-thi-dua/{id}/bang-diem.xlsx",
            get(pages::blocs::table::export),
        )
        .route(
            "/khoi-thi-dua/{id}/bang-diem/nguong",
            post(pages::blocs::table::save_thresholds),
        )
        .route(
            "/khoi-thi-dua/{id}/bat-dau-cham",
            post(pages::blocs::table::start_scoring),
        )
        .route(
            "/khoi-thi-dua/{id}/cham-diem/{unit}",
            get(pages::blocs::scoring::view).post(pages::blocs::scoring::save),
        )
        .route(
            "/khoi-thi-dua/{id}/cham-diem/{unit}/gui",
            post(pages::blocs::scoring::submit),
        )
        .route(
            "/khoi-thi-dua/{id}/cham-diem/{unit}/tra-lai",
            post(pages::blocs::scoring::give_back),
        )
        .route(
            "/khoi-thi-dua/{id}/cham-diem/{unit}/bang-diem.xlsx",
            get(pages::blocs::scoring::export),
        )
        .route(
            "/khoi-thi-dua/{id}/xep-hang",
            get(pages::blocs::ranking::view),
        )
        .route(
            "/khoi-thi-dua/{id}/xep-hang/bang-phieu",
            post(pages::blocs::ranking::tie_votes),
        )
        .route(
            "/khoi-thi-dua/{id}/xep-hang/cuoc-hop",
            post(pages::blocs::ranking::meeting),
        )
        .route(
            "/khoi-thi-dua/{id}/xep-hang/bieu-quyet",
            post(pages::blocs::ranking::proposal_votes),
        )
        .route(
            "/khoi-thi-dua/{id}/cong-bo",
            post(pages::blocs::ranking::publish),
        )
        .route(
            "/khoi-thi-dua/{id}/mo-lai",
            post(pages::blocs::ranking::reopen),
        )
        .route(
            "/khoi-thi-dua/{id}/bien-ban.docx",
            get(pages::blocs::ranking::minutes_docx),
        )
        .route(
            "/tai-khoan",
            get(pages::users::list).post(pages::users::create),
        )
        .route("/tai-khoan/{id}", get(pages::users::view))
        .route("/tai-khoan/{id}/vai-tro", post(pages::users::grant))
        .route(
            "/tai-khoan/{id}/vai-tro/{role_id}/xoa",
            post(pages::users::revoke),
        )
        .route("/tai-khoan/{id}/khoa", post(pages::users::lock))
        .route(
            "/tai-khoan/{id}/mat-khau",
            post(pages::users::reset_password),
        )
        .route("/nhat-ky", get(pages::audit::changes))
        .route("/nhat-ky/truy-cap", get(pages::audit::access))
        .route("/static/{file}", get(pages::assets::file))
        .merge(uploads)
        .merge(dossier_files)
        .nest("/api", api::router())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(axum::middleware::from_fn(count_queries))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Logs, at debug level, each request's database statements and time: the first
/// place to look when a page is slow (`RUST_LOG=tdkt_web=debug`).
async fn count_queries(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return next.run(req).await;
    }
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let t0 = std::time::Instant::now();
    let (res, queries) = tdkt_store::db::counting(next.run(req)).await;
    tracing::debug!(
        %method,
        path,
        status = res.status().as_u16(),
        queries,
        ms = t0.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    res
}

async fn healthz(
    axum::extract::State(st): axum::extract::State<AppState>,
) -> (axum::http::StatusCode, &'static str) {
    match st.store.db.ping().await {
        Ok(()) => (axum::http::StatusCode::OK, "ok"),
        Err(_) => (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "database unavailable",
        ),
    }
}
