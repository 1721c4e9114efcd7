//! Helpers for the integration tests: a fresh database of each backend per
//! test. SQLite always runs (a temporary file); PostgreSQL runs when a server
//! answers at `TDKT_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`),
//! and must answer when `TDKT_REQUIRE_POSTGRES=1` (CI).

use tdkt_store::Store;

/// The date every test runs on: the app's clock is fixed to it
/// (`http::config()`), so no test depends on the day it runs.
pub const TODAY: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2026, 6, 15) {
    Some(d) => d,
    None => panic!("TODAY"),
};

pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_drop: Option<(String, String)>,
}

impl TestDb {
    pub async fn close(self) {
        self.store.db.close().await;
        if let Some((admin_url, name)) = &self.pg_drop
            && let Ok(admin) = sqlx::PgPool::connect(admin_url).await
        {
            let stmt = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            let _ = sqlx::query(sqlx::AssertSqlSafe(stmt)).execute(&admin).await;
            admin.close().await;
        }
    }
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("test.sqlite").display());
    let store = Store::open(&url).await.expect("open sqlite");
    TestDb {
        store,
        url,
        _dir: Some(dir),
        pg_drop: None,
    }
}

pub fn postgres_admin_url() -> String {
    std::env::var("TDKT_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

pub fn postgres_required() -> bool {
    std::env::var("TDKT_REQUIRE_POSTGRES")
        .map(|v| v == "1")
        .unwrap_or(false)
}

static POSTGRES_SKIPPED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many PostgreSQL halves this test binary skipped so far.
pub fn postgres_skipped() -> usize {
    POSTGRES_SKIPPED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Records a skipped PostgreSQL half where the run shows it: a line on the
/// terminal now (written past the test harness's output capture, which would
/// hide an `eprintln!` of a passing test) and a count when the binary exits.
fn skipped_postgres(url: &str, why: &str) {
    use std::io::Write;
    static SUMMARY: std::sync::Once = std::sync::Once::new();
    let n = POSTGRES_SKIPPED.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
    SUMMARY.call_once(|| {
        unsafe extern "C" {
            fn atexit(f: extern "C" fn()) -> std::ffi::c_int;
        }
        extern "C" fn summary() {
            let n = postgres_skipped();
            let _ = writeln!(
                std::io::stderr(),
                "\nCHÚ Ý: {n} nửa kiểm thử PostgreSQL đã bị BỎ QUA (không có máy chủ); \
                 đặt TDKT_REQUIRE_POSTGRES=1 để coi đó là lỗi."
            );
        }
        // SAFETY: registers a plain function with the C runtime's exit hooks;
        // it only reads an atomic and writes to stderr.
        unsafe {
            atexit(summary);
        }
    });
    // Host, port and database only: never a password.
    let place = url.rsplit('@').next().unwrap_or(url);
    let _ = writeln!(
        std::io::stderr(),
        "bỏ qua PostgreSQL ({n}): không kết nối được {place}: {why}"
    );
}

/// A fresh PostgreSQL database, or `None` when no server answers (and it is
/// not required).
pub async fn postgres() -> Option<TestDb> {
    let admin_url = postgres_admin_url();
    // Once the server did not answer, the other halves skip at once (and are
    // counted) instead of each waiting for its own timeout.
    static DOWN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(why) = DOWN.get() {
        if postgres_required() {
            panic!("PostgreSQL không trả lời tại {admin_url}: {why}");
        }
        skipped_postgres(&admin_url, why);
        return None;
    }
    let admin = match sqlx::PgPool::connect(&admin_url).await {
        Ok(p) => p,
        Err(e) => {
            let _ = DOWN.set(e.to_string());
            if postgres_required() {
                panic!("PostgreSQL không trả lời tại {admin_url}: {e}");
            }
            skipped_postgres(&admin_url, &e.to_string());
            return None;
        }
    };
    let mut b = [0u8; 6];
    getrandom::fill(&mut b).expect("random");
    let name = format!(
        "tdkt_test_{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    );
    let stmt = format!("CREATE DATABASE \"{name}\"");
    sqlx::query(sqlx::AssertSqlSafe(stmt))
        .execute(&admin)
        .await
        .expect("create database");
    admin.close().await;
    let url = match admin_url.rfind('/') {
        Some(i) => format!("{}/{name}", &admin_url[..i]),
        None => panic!("URL PostgreSQL không hợp lệ"),
    };
    let store = Store::open(&url).await.expect("open postgres");
    Some(TestDb {
        store,
        url,
        _dir: None,
        pg_drop: Some((admin_url, name)),
    })
}

/// Declares a test that runs once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::sqlite().await;
                ($body)(db.store.clone()).await;
                db.close().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = $crate::postgres().await {
                    ($body)(db.store.clone()).await;
                    db.close().await;
                }
            }
        }
    };
}

/// Seeding helpers shared by the test files: units, people and accounts
/// written through an open [`WriteTx`](tdkt_store::WriteTx), with the fields
/// every test gives them alike filled in.
pub mod seed {
    use chrono::NaiveDate;
    use tdkt_domain::auth::Role;
    use tdkt_domain::org::{Level, PersonInput, UnitInput, ValidPerson};
    use tdkt_store::WriteTx;

    /// The password of every seeded account (as [`crate::http::login`] expects).
    pub const PASSWORD: &str = "mat-khau-dai";

    /// The day seeded units start on.
    pub fn units_from() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
    }

    /// The day seeded people are validated on.
    pub fn people_on() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    /// Creates a unit starting [`units_from`]; its id.
    pub async fn unit(
        w: &mut WriteTx<'_>,
        levels: &[Level],
        code: &str,
        name: &str,
        parent: Option<i64>,
        kind: &str,
        level: &str,
    ) -> i64 {
        let v = UnitInput {
            code: code.into(),
            name: name.into(),
            kind: kind.into(),
            level: level.into(),
            parent_id: parent,
            ..Default::default()
        }
        .validate(levels)
        .unwrap();
        w.create_unit(&v, units_from()).await.unwrap().id
    }

    /// An agency (`kind` "agency") at `level`; its id.
    pub async fn agency(
        w: &mut WriteTx<'_>,
        levels: &[Level],
        code: &str,
        name: &str,
        parent: Option<i64>,
        level: &str,
    ) -> i64 {
        unit(w, levels, code, name, parent, "agency", level).await
    }

    /// A department (level "phong") of `parent`; its id.
    pub async fn department(
        w: &mut WriteTx<'_>,
        levels: &[Level],
        code: &str,
        name: &str,
        parent: i64,
    ) -> i64 {
        unit(w, levels, code, name, Some(parent), "department", "phong").await
    }

    /// A man, civil servant (`cong-chuc`), of `unit_id`; `start` is his
    /// employment start (`""` for none).
    pub fn person_input(code: &str, name: &str, unit_id: i64, start: &str) -> PersonInput {
        PersonInput {
            code: code.into(),
            full_name: name.into(),
            gender: "nam".into(),
            staff_category: "cong-chuc".into(),
            unit_id,
            employment_start: start.into(),
            ..Default::default()
        }
    }

    /// [`person_input`], validated on [`people_on`].
    pub fn valid_person(code: &str, name: &str, unit_id: i64, start: &str) -> ValidPerson {
        person_input(code, name, unit_id, start)
            .validate(people_on())
            .unwrap()
    }

    /// Creates [`valid_person`]; its id.
    pub async fn person(
        w: &mut WriteTx<'_>,
        code: &str,
        name: &str,
        unit_id: i64,
        start: &str,
    ) -> i64 {
        let v = valid_person(code, name, unit_id, start);
        w.create_person(&v).await.unwrap().id
    }

    /// Creates the account `username` (its display name too, password
    /// [`PASSWORD`], no forced change) with `role` on `unit_id`; its user id.
    pub async fn account(w: &mut WriteTx<'_>, username: &str, role: Role, unit_id: i64) -> i64 {
        let id = w
            .create_user(username, username, PASSWORD, false)
            .await
            .unwrap();
        w.grant_role(id, role, unit_id).await.unwrap();
        id
    }

    /// [`account`] for each (username, role, unit id), in order.
    pub async fn accounts(w: &mut WriteTx<'_>, list: &[(&str, Role, i64)]) {
        for &(username, role, unit_id) in list {
            account(w, username, role, unit_id).await;
        }
    }
}

/// Helpers for tests that talk to the app over HTTP.
pub mod http {
    /// Serves the whole app on a free local port; returns its base URL.
    pub async fn serve(store: tdkt_store::Store, config: tdkt_web::WebConfig) -> String {
        let app = tdkt_web::app(store, config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = tdkt_web::serve(listener, app, std::future::pending()).await;
        });
        format!("http://{addr}")
    }

    /// The app's settings for tests: defaults, with the clock fixed to
    /// [`crate::TODAY`].
    pub fn config() -> tdkt_web::WebConfig {
        tdkt_web::WebConfig {
            clock: tdkt_domain::clock::Clock::Fixed(crate::TODAY),
            ..Default::default()
        }
    }

    /// Posts `form` to `url`; the status and the page.
    pub async fn post_form(
        c: &reqwest::Client,
        url: &str,
        form: &[(&str, &str)],
    ) -> (reqwest::StatusCode, String) {
        let r = c.post(url).form(form).send().await.expect("post");
        let s = r.status();
        (s, r.text().await.expect("text"))
    }

    /// A redirect's target.
    pub fn location(r: &reqwest::Response) -> String {
        r.headers()["location"]
            .to_str()
            .expect("location")
            .to_string()
    }

    /// The id that follows `prefix` in a redirect's target (`/ho-so/12?tb=…` → 12).
    pub fn id_in(location: &str, prefix: &str) -> i64 {
        location
            .trim_start_matches(prefix)
            .split(['?', '/'])
            .next()
            .and_then(|id| id.parse().ok())
            .expect("an id in the location")
    }

    /// An `.xlsx` of one sheet named `name` holding `rows` as text.
    pub fn sheet(name: &str, rows: &[&[&str]]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("sheet name");
        for (i, r) in rows.iter().enumerate() {
            for (j, v) in r.iter().enumerate() {
                ws.write(i as u32, j as u16, *v).expect("cell");
            }
        }
        wb.save_to_buffer().expect("xlsx")
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Value of `name="csrf" value="…"` in a page.
    pub fn csrf_of(html: &str) -> String {
        let i = html.find("name=\"csrf\" value=\"").expect("csrf field");
        let rest = &html[i + 19..];
        rest[..rest.find('"').expect("end of value")].to_string()
    }

    /// A multipart form: the CSRF field, then `fields` in order, then `bytes`
    /// as the part `file` named `file_name`.
    pub fn file_form(
        csrf: &str,
        fields: &[(&'static str, String)],
        file_name: &'static str,
        bytes: Vec<u8>,
    ) -> reqwest::multipart::Form {
        let mut form = reqwest::multipart::Form::new().text("csrf", csrf.to_string());
        for (name, value) in fields {
            form = form.text(*name, value.clone());
        }
        form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(file_name),
        )
    }

    /// Posts [`file_form`] to `url`; the response.
    pub async fn upload(
        c: &reqwest::Client,
        url: String,
        csrf: &str,
        fields: &[(&'static str, String)],
        file_name: &'static str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        let form = file_form(csrf, fields, file_name, bytes);
        c.post(url).multipart(form).send().await.unwrap()
    }

    /// Posts `bytes` as the only file (named `file_name`) of a multipart form
    /// with the CSRF field to `url`; the status and the page.
    pub async fn send_file(
        c: &reqwest::Client,
        url: String,
        csrf: &str,
        file_name: &'static str,
        bytes: Vec<u8>,
    ) -> (reqwest::StatusCode, String) {
        let r = upload(c, url, csrf, &[], file_name, bytes).await;
        let status = r.status();
        (status, r.text().await.unwrap())
    }

    /// The CSRF token of the sign-in page, as `c` gets it from `base`.
    pub async fn login_csrf(c: &reqwest::Client, base: &str) -> String {
        let page = c
            .get(format!("{base}/dang-nhap"))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("text");
        csrf_of(&page)
    }

    /// Signs in (password `mat-khau-dai`) and returns the client and the
    /// session's CSRF token.
    pub async fn login(base: &str, user: &str) -> (reqwest::Client, String) {
        let c = client();
        let token = login_csrf(&c, base).await;
        let r = c
            .post(format!("{base}/dang-nhap"))
            .form(&[
                ("csrf", token.as_str()),
                ("username", user),
                ("password", "mat-khau-dai"),
                ("next", "/"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER, "login {user}");
        let home = c
            .get(format!("{base}/"))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("text");
        let csrf = csrf_of(&home);
        (c, csrf)
    }
}
