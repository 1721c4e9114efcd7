//! Hostile uploads, made on the spot: a sheet that declares the whole grid,
//! a zip bomb, a sheet of millions of faulty cells. Each is refused with a
//! Vietnamese message, leaves the database as it was, and never stops the
//! server from answering `/healthz` and a login within a second — while the
//! upload runs and after. On both databases.

use reqwest::StatusCode;
use std::time::{Duration, Instant};
use tdkt_documents::hostile;
use tdkt_domain::auth::Role;
use tdkt_domain::emulation::plan::PlanInput;
use tdkt_store::{Actor, Store};
use tdkt_tests::http::{client, login, login_csrf, send_file, upload};
use tdkt_tests::on_both;
use tdkt_tests::seed;

struct App {
    base: String,
    store: Store,
    plan: i64,
    dept: i64,
    /// "Phòng Chính sách".
    policy: i64,
}

async fn spawn(store: Store) -> App {
    spawn_with(store, tdkt_tests::http::config()).await
}

async fn spawn_with(store: Store, config: tdkt_web::WebConfig) -> App {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let agency = seed::agency(&mut w, &levels, "BDT", "Ban Dân tộc", None, "so-nganh").await;
    let dept = seed::department(&mut w, &levels, "VP", "Văn phòng", agency).await;
    let policy = seed::department(&mut w, &levels, "PCS", "Phòng Chính sách", agency).await;
    seed::department(&mut w, &levels, "KHTH", "Phòng Kế hoạch – Tổng hợp", agency).await;
    seed::person(&mut w, "P1", "Lê Văn Một", dept, "").await;
    seed::accounts(
        &mut w,
        &[
            ("vanphong", Role::Secretariat, agency),
            ("canbo", Role::UnitClerk, dept),
            ("xem", Role::Viewer, agency),
        ],
    )
    .await;
    let year = chrono::Datelike::year(&tdkt_tests::TODAY);
    let plan = PlanInput {
        year: year.to_string(),
        title: format!("Phát động phong trào thi đua năm {year}"),
        registration_due: format!("31/12/{year}"),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let plan = w.create_plan(agency, None, &plan).await.unwrap();
    w.publish_plan(plan).await.unwrap();
    w.commit().await.unwrap();
    App {
        base: tdkt_tests::http::serve(store.clone(), config).await,
        store,
        plan,
        dept,
        policy,
    }
}

/// Sends `bytes` as the file of a multipart form to `path`.
async fn send(
    c: &reqwest::Client,
    url: String,
    csrf: &str,
    bytes: Vec<u8>,
) -> (StatusCode, String) {
    send_file(c, url, csrf, "danh-sach.xlsx", bytes).await
}

/// One health check and one fresh sign-in; the slower of the two.
async fn probe(base: &str) -> Duration {
    let c = client();
    let t = Instant::now();
    let r = c.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let health = t.elapsed();
    let token = login_csrf(&c, base).await;
    let t = Instant::now();
    let r = c
        .post(format!("{base}/dang-nhap"))
        .form(&[
            ("csrf", token.as_str()),
            ("username", "vanphong"),
            ("password", "mat-khau-dai"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "sign-in during an upload"
    );
    health.max(t.elapsed())
}

/// Runs the upload while probing the server; every probe, during and
/// after, answers within a second. Returns the upload's answer.
async fn upload_while_probing(
    app: &App,
    user: &str,
    path: String,
    bytes: Vec<u8>,
) -> (StatusCode, String) {
    let (c, csrf) = login(&app.base, user).await;
    let url = format!("{}{path}", app.base);
    let path = path.clone();
    let upload = tokio::spawn(async move { send(&c, url, &csrf, bytes).await });
    let mut slowest = Duration::ZERO;
    let mut probes = 0;
    while !upload.is_finished() {
        slowest = slowest.max(probe(&app.base).await);
        probes += 1;
        // Each sign-in hashes a password: probing back to back would itself load the machine.
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let answer = upload.await.unwrap();
    slowest = slowest.max(probe(&app.base).await);
    eprintln!("{path}: slowest answer {slowest:?} over {probes} probes");
    assert!(
        slowest < Duration::from_secs(1),
        "the server answered in {slowest:?} during or after the upload ({probes} probes)"
    );
    answer
}

async fn people_count(store: &Store) -> usize {
    store
        .list_people(
            &Actor::system("test"),
            &tdkt_store::people::PeopleFilter::default(),
        )
        .await
        .unwrap()
        .total as usize
}

fn registration_upload(app: &App) -> String {
    format!("/ke-hoach/{}/dang-ky/{}/tai-len", app.plan, app.dept)
}

on_both!(
    a_sheet_declaring_the_whole_grid,
    |store: Store| async move {
        let app = spawn(store).await;
        let bytes = hostile::sparse_corners();
        assert!(bytes.len() < 2000);
        // A viewer is refused before the file is read.
        let (c, csrf) = login(&app.base, "xem").await;
        let (status, _) = send(
            &c,
            format!("{}{}", app.base, registration_upload(&app)),
            &csrf,
            bytes.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(
            app.store
                .registration_of(app.plan, app.dept)
                .await
                .unwrap()
                .is_none()
        );
        // The unit's clerk is told what is wrong, and where.
        for path in [registration_upload(&app), "/nhap-can-bo".to_string()] {
            let (status, page) =
                upload_while_probing(&app, "canbo", path.clone(), bytes.clone()).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
            assert!(page.contains("XFD1048576"), "{path}: {page}");
            assert!(page.contains("300.000 dòng"), "{path}");
        }
        assert!(
            app.store
                .registration_of(app.plan, app.dept)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(people_count(&app.store).await, 1);
    }
);

on_both!(a_zip_bomb, |store: Store| async move {
    let app = spawn(store).await;
    // 8 GiB of XML in a few MB.
    let bytes = hostile::zip_bomb(8);
    assert!(bytes.len() < 12 * 1024 * 1024, "{}", bytes.len());
    for path in ["/nhap-can-bo".to_string(), registration_upload(&app)] {
        let t = Instant::now();
        let (status, page) = upload_while_probing(&app, "canbo", path.clone(), bytes.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(page.contains("giải nén vượt quá 256 MB"), "{path}: {page}");
        assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    }
    assert_eq!(people_count(&app.store).await, 1);
});

on_both!(millions_of_faulty_cells, |store: Store| async move {
    // A lower row limit than the default keeps the debug build's test short.
    let mut config = tdkt_tests::http::config();
    config.sheet_limits.max_rows = 100_000;
    let app = spawn_with(store, config).await;
    // 500,000 rows of four faulty cells each: two million problems in a few
    // hundred KB, refused at the row limit.
    let bytes = hostile::faulty_cells(500_000);
    assert!(bytes.len() < 700 * 1024, "{}", bytes.len());
    let (status, page) = upload_while_probing(&app, "canbo", "/nhap-can-bo".into(), bytes).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("A100001") && page.contains("100.000 dòng"),
        "{page}"
    );
    assert!(page.len() < 100_000, "{}", page.len());
    // Within the limit: the first problems, located, and how many more.
    let bytes = hostile::faulty_cells(20_000);
    let (status, page) = upload_while_probing(&app, "canbo", "/nhap-can-bo".into(), bytes).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let listed = page
        .split("<ol class=\"errors\">")
        .nth(1)
        .and_then(|l| l.split("</ol>").next())
        .unwrap_or_default();
    assert_eq!(
        listed.matches("<li>").count(),
        201,
        "200 problems and the count"
    );
    assert!(page.contains("trang «Danh sách», dòng 2, cột B"), "{page}");
    assert!(page.contains("79.800 lỗi khác"), "{page}");
    assert!(page.len() < 200_000, "{}", page.len());
    assert_eq!(people_count(&app.store).await, 1);
});

/// A staff list as an office makes it: a title block, a header, a group
/// heading, the people, then the place and date and the signatures.
fn office_sheet() -> Vec<u8> {
    let rows: [&[&str]; 11] = [
        &["BAN DÂN TỘC TỈNH KHÁNH HÒA"],
        &["DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2026"],
        &[],
        &["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị"],
        &["I", "CÁC PHÒNG", "", "", ""],
        &[
            "1",
            "Nguyễn Văn An",
            "15/03/1985",
            "Nam",
            "Phòng Kế hoạch - Tổng hợp",
        ],
        &[
            "2",
            "Hà Thị Lan",
            "02/09/1990",
            "Nữ",
            "Phòng Chính sách dân tộc",
        ],
        &[],
        &["", "", "", "Khánh Hòa, ngày … tháng … năm 2026"],
        &["", "NGƯỜI LẬP BIỂU", "", "TRƯỞNG BAN"],
        &["", "Trần Thị Bích", "", "Lê Văn Cường"],
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    for (i, r) in rows.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            ws.write(i as u32, j as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

on_both!(
    staff_sheets_as_offices_keep_them,
    |store: Store| async move {
        let app = spawn(store).await;
        let (c, csrf) = login(&app.base, "vanphong").await;
        let url = format!("{}/nhap-can-bo", app.base);
        // The hyphen matches the en dash; the unknown name gets the closest unit.
        let (status, page) = send(&c, url.clone(), &csrf, office_sheet()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(
        page.contains("trang «DS», dòng 7, cột E: Không có đơn vị «Phòng Chính sách dân tộc» trong phạm vi bạn quản lý. Có phải «Phòng Chính sách»?"),
        "{page}"
    );
        assert!(!page.contains("dòng 6"), "the hyphen matched: {page}");
        assert!(
            !page.contains("dòng 11"),
            "the signatures are not people: {page}"
        );
        assert!(
            page.contains(r#"<input type="hidden" name="ten_0" value="Phòng Chính sách dân tộc">"#),
            "{page}"
        );
        assert!(
            page.contains(&format!(
                r#"<option value="{}">Phòng Chính sách (gợi ý)</option>"#,
                app.policy
            )),
            "the suggestion is marked, not chosen: {page}"
        );
        assert_eq!(people_count(&app.store).await, 1);
        // Mapped once for the whole file.
        let mapping = [
            ("ten_0", "Phòng Chính sách dân tộc".to_string()),
            ("don_vi_0", app.policy.to_string()),
        ];
        let r = upload(&c, url.clone(), &csrf, &mapping, "ds.xlsx", office_sheet()).await;
        assert_eq!(r.status(), StatusCode::OK);
        let page = r.text().await.unwrap();
        assert!(page.contains("thêm mới 2 người"), "{page}");
        let people = app
            .store
            .list_people(
                &Actor::system("test"),
                &tdkt_store::people::PeopleFilter {
                    unit_id: Some(app.policy),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let names: Vec<&str> = people.items.iter().map(|p| p.full_name.as_str()).collect();
        assert_eq!(names, ["Hà Thị Lan"]);
        assert_eq!(people_count(&app.store).await, 3);
        // A clerk cannot map a name to a unit outside their own.
        let (c, csrf) = login(&app.base, "canbo").await;
        let r = upload(&c, url, &csrf, &mapping, "ds.xlsx", office_sheet()).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("Không có đơn vị «Phòng Chính sách dân tộc»")
        );
        assert_eq!(people_count(&app.store).await, 3);
    }
);

on_both!(
    permission_and_state_before_the_file,
    |store: Store| async move {
        let app = spawn(store).await;
        // Not a spreadsheet at all: a viewer is refused for who they are (403),
        // not for what they sent (422), so the file was never read.
        let (c, csrf) = login(&app.base, "xem").await;
        let (status, _) = send(
            &c,
            format!("{}{}", app.base, registration_upload(&app)),
            &csrf,
            vec![b'x'; 1024 * 1024],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A registration sent to the Office takes no more uploads: said before reading.
        let person = app
            .store
            .list_people(
                &Actor::system("test"),
                &tdkt_store::people::PeopleFilter::default(),
            )
            .await
            .unwrap()
            .items[0]
            .id;
        let sys = Actor::system("test");
        let mut w = app.store.begin(&sys).await.unwrap();
        let reg = w
            .save_registration(
                app.plan,
                app.dept,
                &[tdkt_store::emulation::NewEntry {
                    person_id: Some(person),
                    unit_id: None,
                    award: tdkt_domain::codes::AwardCode::Ldtt,
                    targets: String::new(),
                }],
            )
            .await
            .unwrap();
        w.registration_action(
            reg,
            tdkt_domain::emulation::registration::RegistrationAction::Submit,
            "",
            tdkt_tests::TODAY,
            None,
        )
        .await
        .unwrap();
        w.commit().await.unwrap();
        let (c, csrf) = login(&app.base, "canbo").await;
        let (status, page) = send(
            &c,
            format!("{}{}", app.base, registration_upload(&app)),
            &csrf,
            vec![b'x'; 1024 * 1024],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{page}");
        assert!(page.contains("không sửa được nữa"), "{page}");
        let entries = app.store.entries(reg).await.unwrap();
        assert_eq!(entries.len(), 1, "the sent registration is as it was");
    }
);
