//! The start of the year over HTTP: the Office drafts and publishes a plan, a
//! department's clerk registers, its head submits, the Office returns it,
//! it is corrected and accepted, and the aggregate lists it — on both databases.

use chrono::{Datelike, NaiveDate};
use reqwest::StatusCode;
use tdkt_domain::auth::Role;
use tdkt_store::{Actor, Store};
use tdkt_tests::http::location;
use tdkt_tests::on_both;
use tdkt_tests::seed;

struct App {
    base: String,
    agency: i64,
    dept: i64,
    other: i64,
    people: Vec<i64>,
    outsider: i64,
}

async fn spawn(store: Store) -> App {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let agency = seed::agency(&mut w, &levels, "BDT", "Ban Dân tộc", None, "so-nganh").await;
    let dept = seed::department(&mut w, &levels, "PCS", "Phòng Chính sách", agency).await;
    let other = seed::department(&mut w, &levels, "VP", "Văn phòng", agency).await;
    let mut people = Vec::new();
    for (code, name, unit, start) in [
        ("P1", "Lê Văn Một", dept, "01/01/2010"),
        ("P2", "Trần Thị Hai", dept, "01/01/2012"),
        ("P3", "Hồ Văn Ba", dept, "01/01/2015"),
        ("V1", "Đỗ Văn Khác", other, "01/01/2010"),
    ] {
        people.push(seed::person(&mut w, code, name, unit, start).await);
    }
    let outsider = people.pop().unwrap();
    seed::accounts(
        &mut w,
        &[
            ("vanphong", Role::Secretariat, agency),
            ("canbo", Role::UnitClerk, dept),
            ("truongphong", Role::UnitHead, dept),
        ],
    )
    .await;
    w.commit().await.unwrap();
    App {
        base: tdkt_tests::http::serve(store, tdkt_tests::http::config()).await,
        agency,
        dept,
        other,
        people,
        outsider,
    }
}

async fn create_plan(app: &App, c: &reqwest::Client, csrf: &str, due: NaiveDate) -> i64 {
    let year = due.year().to_string();
    let due_s = due.format("%d/%m/%Y").to_string();
    let agency = app.agency.to_string();
    let r = c
        .post(format!("{}/ke-hoach/moi", app.base))
        .form(&[
            ("csrf", csrf),
            ("unit_id", agency.as_str()),
            ("movement_id", ""),
            ("year", year.as_str()),
            ("title", "Phát động phong trào thi đua năm nay"),
            ("purpose", "- Tạo không khí thi đua"),
            ("content", "1. Đăng ký thi đua\n- Trọng tâm"),
            ("organisation", "1. Các phòng gửi đăng ký"),
            ("registration_due", due_s.as_str()),
            ("recipients", "- Các Phòng thuộc Ban;\n- Lưu: VT, VP."),
            ("signer", "Đặng Văn Tuấn"),
            ("signer_position", "TRƯỞNG BAN"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let loc = location(&r);
    let id: i64 = loc
        .trim_start_matches("/ke-hoach/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    id
}

on_both!(register_submit_return_accept, |store: Store| async move {
    let app = spawn(store).await;
    let today = tdkt_tests::TODAY;
    let (office, ocsrf) = login_as(&app, "vanphong").await;
    let plan = create_plan(
        &app,
        &office,
        &ocsrf,
        NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap(),
    )
    .await;
    let (clerk, ccsrf) = login_as(&app, "canbo").await;
    let reg_url = format!("{}/ke-hoach/{plan}/dang-ky/{}", app.base, app.dept);
    // Not yet published: no registration.
    let r = clerk
        .post(&reg_url)
        .form(&[
            ("csrf", ccsrf.as_str()),
            ("t", &format!("{}:LDTT", app.people[0])),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = office
        .post(format!("{}/ke-hoach/{plan}/ban-hanh", app.base))
        .form(&[("csrf", ocsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The clerk sees the published plan on the home page.
    let home = clerk
        .get(format!("{}/", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains("Phòng Chính sách: gửi đăng ký thi đua"),
        "{home}"
    );
    // A collective title for a person, and a person of another unit: refused, nothing saved.
    let (p1, p2, p3) = (app.people[0], app.people[1], app.people[2]);
    let r = clerk
        .post(&reg_url)
        .form(&[
            ("csrf", ccsrf.as_str()),
            ("t", &format!("{p1}:LDTT")),
            ("t", &format!("{p2}:TTLDTT")),
            ("t", &format!("{}:LDTT", app.outsider)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("không thuộc đơn vị đăng ký"), "{body}");
    let view = office
        .get(format!("{}/ke-hoach/{plan}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(view.contains("Chưa đăng ký"));
    // Another unit's registration is not the clerk's.
    let r = clerk
        .post(format!(
            "{}/ke-hoach/{plan}/dang-ky/{}",
            app.base, app.other
        ))
        .form(&[("csrf", ccsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(
        r.status() == StatusCode::NOT_FOUND || r.status() == StatusCode::FORBIDDEN,
        "{}",
        r.status()
    );
    // The whole department LĐTT, one CSTĐCS, and the collective.
    let r = clerk
        .post(&reg_url)
        .form(&[
            ("csrf", ccsrf.as_str()),
            ("ca_don_vi", "1"),
            ("t", &format!("{p3}:CSTDCS")),
            (&format!("mt_{p3}"), "1 sáng kiến"),
            ("tt", "TTLDTT"),
            ("tt_mt", "Hoàn thành tốt"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let reg = office
        .get(format!("{}/ke-hoach/{plan}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rid: i64 = reg
        .split("href=\"/dang-ky/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // The clerk may not submit; the head may.
    let act = |c: &reqwest::Client, csrf: &str, action: &str, note: &str, extend: &str| {
        let (c, url) = (c.clone(), format!("{}/dang-ky/{rid}/thao-tac", app.base));
        let form = vec![
            ("csrf".to_string(), csrf.to_string()),
            ("action".into(), action.into()),
            ("note".into(), note.into()),
            ("extend_to".into(), extend.into()),
        ];
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    assert_eq!(
        act(&clerk, &ccsrf, "gui", "", "").await.status(),
        StatusCode::FORBIDDEN
    );
    let (head, hcsrf) = login_as(&app, "truongphong").await;
    assert_eq!(
        act(&head, &hcsrf, "gui", "", "").await.status(),
        StatusCode::SEE_OTHER
    );
    // Submitted: no more edits.
    let r = clerk
        .post(&reg_url)
        .form(&[("csrf", ccsrf.as_str()), ("t", &format!("{p1}:LDTT"))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The Office is told, returns it with a reason (a reason is required).
    let home = office
        .get(format!("{}/", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains("chờ tiếp nhận") && home.contains("Phòng Chính sách đã gửi đăng ký"),
        "{home}"
    );
    assert_eq!(
        act(&office, &ocsrf, "tra-lai", "", "").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        act(
            &office,
            &ocsrf,
            "tra-lai",
            "Bổ sung chỉ tiêu cho CSTĐCS",
            ""
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let home = clerk
        .get(format!("{}/", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains("Bổ sung chỉ tiêu cho CSTĐCS") && home.contains("sửa và gửi lại"),
        "{home}"
    );
    // Corrected, resubmitted, accepted.
    let r = clerk
        .post(&reg_url)
        .form(&[
            ("csrf", ccsrf.as_str()),
            ("ca_don_vi", "1"),
            ("t", &format!("{p3}:CSTDCS")),
            (&format!("mt_{p3}"), "2 sáng kiến cấp cơ sở"),
            ("tt", "TTLDTT"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        act(&head, &hcsrf, "gui", "", "").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act(&office, &ocsrf, "tiep-nhan", "", "").await.status(),
        StatusCode::SEE_OTHER
    );
    let view = office
        .get(format!("{}/dang-ky/{rid}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        view.contains("Đã tiếp nhận")
            && view.contains("Trả lại để sửa")
            && view.contains("2 sáng kiến cấp cơ sở")
    );
    // The aggregate lists the department and its people.
    let x = office
        .get(format!("{}/ke-hoach/{plan}/tong-hop.xlsx", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    let bytes = x.bytes().await.unwrap();
    use calamine::Reader;
    let mut wb =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sum = wb.worksheet_range("Tổng hợp").unwrap();
    let text: Vec<String> = sum
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(text.iter().any(|t| t == "Phòng Chính sách"));
    assert!(text.iter().any(|t| t == "Đã tiếp nhận"));
    let detail = wb.worksheet_range("Chi tiết").unwrap();
    let text: Vec<String> = detail
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(text.iter().any(|t| t == "Hồ Văn Ba"));
    assert!(text.iter().any(|t| t == "Chiến sĩ thi đua cơ sở"));
    assert!(text.iter().any(|t| t == "Tập thể lao động tiên tiến"));
    // The plan and the upward report as Word documents, opened and read.
    let word = |url: String| {
        let office = office.clone();
        async move {
            let r = office.get(url).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            assert_eq!(
                r.headers()["content-type"],
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            );
            let bytes = r.bytes().await.unwrap().to_vec();
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml)
                .unwrap();
            xml
        }
    };
    let plan_xml = word(format!("{}/ke-hoach/{plan}/van-ban.docx", app.base)).await;
    assert!(plan_xml.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(plan_xml.contains("Độc lập - Tự do - Hạnh phúc"));
    assert!(plan_xml.contains("/KH-BDT"), "the number line");
    assert!(plan_xml.contains("Các Phòng thuộc Ban"), "the recipients");
    assert!(plan_xml.contains("VT, VP"), "the archive line");
    assert!(plan_xml.contains("TRƯỞNG BAN") && plan_xml.contains("Đặng Văn Tuấn"));
    let report_xml = word(format!("{}/ke-hoach/{plan}/bao-cao.docx", app.base)).await;
    assert!(report_xml.contains("BÁO CÁO") && report_xml.contains("/BC-BDT"));
    assert!(report_xml.contains("Phòng Chính sách"));
    let pdf = office
        .get(format!("{}/ke-hoach/{plan}/van-ban.pdf", app.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // The clerk may not draw the Office's report.
    assert_eq!(
        clerk
            .get(format!("{}/ke-hoach/{plan}/bao-cao.docx", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
});

on_both!(
    late_submission_needs_an_extension,
    |store: Store| async move {
        let app = spawn(store).await;
        let today = tdkt_tests::TODAY;
        let (office, ocsrf) = login_as(&app, "vanphong").await;
        // A deadline already passed: the first of January (the fixed today is in June).
        let due = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap();
        assert!(due < today);
        let plan = create_plan(&app, &office, &ocsrf, due).await;
        office
            .post(format!("{}/ke-hoach/{plan}/ban-hanh", app.base))
            .form(&[("csrf", ocsrf.as_str())])
            .send()
            .await
            .unwrap();
        let (head, hcsrf) = login_as(&app, "truongphong").await;
        let r = head
            .post(format!("{}/ke-hoach/{plan}/dang-ky/{}", app.base, app.dept))
            .form(&[
                ("csrf", hcsrf.as_str()),
                ("t", &format!("{}:LDTT", app.people[0])),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let page = office
            .get(format!("{}/ke-hoach/{plan}", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let rid: i64 = page
            .split("href=\"/dang-ky/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let url = format!("{}/dang-ky/{rid}/thao-tac", app.base);
        let r = head
            .post(&url)
            .form(&[("csrf", hcsrf.as_str()), ("action", "gui")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("Đã quá hạn gửi đăng ký"));
        let until = today.format("%d/%m/%Y").to_string();
        let r = office
            .post(&url)
            .form(&[
                ("csrf", ocsrf.as_str()),
                ("action", "gia-han"),
                ("extend_to", until.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = head
            .post(&url)
            .form(&[("csrf", hcsrf.as_str()), ("action", "gui")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let view = office
            .get(format!("{}/dang-ky/{rid}", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(view.contains("Gia hạn") && view.contains("Đã gửi"));
    }
);

async fn login_as(app: &App, user: &str) -> (reqwest::Client, String) {
    tdkt_tests::http::login(&app.base, user).await
}

on_both!(
    registration_sheet_upload_is_all_or_nothing,
    |store: Store| async move {
        let app = spawn(store).await;
        let today = tdkt_tests::TODAY;
        let (office, ocsrf) = login_as(&app, "vanphong").await;
        let plan = create_plan(
            &app,
            &office,
            &ocsrf,
            NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap(),
        )
        .await;
        office
            .post(format!("{}/ke-hoach/{plan}/ban-hanh", app.base))
            .form(&[("csrf", ocsrf.as_str())])
            .send()
            .await
            .unwrap();
        let (clerk, ccsrf) = login_as(&app, "canbo").await;
        let sheet = |rows: &[[&str; 4]]| {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb.add_worksheet();
            for (i, r) in std::iter::once(["STT", "Mã cán bộ", "Họ và tên", "Danh hiệu đăng ký"])
                .chain(rows.iter().copied())
                .enumerate()
            {
                for (j, v) in r.iter().enumerate() {
                    ws.write(i as u32, j as u16, *v).unwrap();
                }
            }
            wb.save_to_buffer().unwrap()
        };
        let upload = |bytes: Vec<u8>| {
            let c = clerk.clone();
            let url = format!("{}/ke-hoach/{plan}/dang-ky/{}/tai-len", app.base, app.dept);
            let form = tdkt_tests::http::file_form(&ccsrf, &[], "dk.xlsx", bytes);
            async move { c.post(url).multipart(form).send().await.unwrap() }
        };
        // A person of another unit, an unknown name and an unknown title: every one reported, nothing saved.
        let r = upload(sheet(&[
            ["1", "P1", "Lê Văn Một", "LĐTT"],
            ["2", "V1", "Đỗ Văn Khác", "LĐTT"],
            ["3", "", "Người Lạ", "LĐTT"],
            ["4", "P2", "Trần Thị Hai", "Anh hùng"],
        ]))
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("«V1» không có trong danh sách cán bộ của đơn vị"),
            "{page}"
        );
        assert!(
            page.contains("«Người Lạ» không có trong danh sách"),
            "{page}"
        );
        assert!(page.contains("Danh hiệu «anh hung» không rõ"), "{page}");
        let view = office
            .get(format!("{}/ke-hoach/{plan}", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(view.contains("Chưa đăng ký"), "nothing partly saved");
        // The right sheet: registered, names matched without the code too.
        let r = upload(sheet(&[
            ["1", "P1", "Lê Văn Một", "LĐTT, CSTĐCS"],
            ["2", "", "tran thi hai", "Lao động tiên tiến"],
            ["3", "P3", "Hồ Văn Ba", ""],
        ]))
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let page = office
            .get(format!("{}/ke-hoach/{plan}", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let rid: i64 = page
            .split("href=\"/dang-ky/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let view = office
            .get(format!("{}/dang-ky/{rid}", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(view.matches("Lao động tiên tiến").count(), 2, "{view}");
        assert_eq!(view.matches("Chiến sĩ thi đua cơ sở").count(), 1);
        assert!(
            !view.contains("Hồ Văn Ba"),
            "a row without a title registers nobody"
        );
    }
);

on_both!(
    a_large_unit_registers_page_by_page,
    |store: Store| async move {
        let app = spawn(store.clone()).await;
        // 128 more people in the department: 131 with the three of the fixture, three pages.
        let sys = Actor::system("test");
        let mut w = store.begin(&sys).await.unwrap();
        for i in 0..127 {
            let given = ["An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Mai", "Nam"][i % 8];
            let name = format!(
                "Phạm {} {given}",
                ["Văn", "Thị", "Minh", "Thu"][(i / 8) % 4]
            );
            seed::person(&mut w, &format!("X{i:03}"), &name, app.dept, "01/01/2015").await;
        }
        // Hired in October of the plan's year: too new for LĐTT, last in name order.
        let newcomer = seed::person(&mut w, "X999", "Phạm Văn Yên", app.dept, "01/10/2026").await;
        w.commit().await.unwrap();
        let (office, ocsrf) = login_as(&app, "vanphong").await;
        let plan = create_plan(
            &app,
            &office,
            &ocsrf,
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        )
        .await;
        let r = office
            .post(format!("{}/ke-hoach/{plan}/ban-hanh", app.base))
            .form(&[("csrf", ocsrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (clerk, ccsrf) = login_as(&app, "canbo").await;
        let url = format!("{}/ke-hoach/{plan}/dang-ky/{}", app.base, app.dept);
        let page1 = clerk.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(
            page1.contains("Trang 1/3") && page1.contains("0 trên 131"),
            "{page1}"
        );
        let ids_on = |html: &str| -> Vec<i64> {
            html.split("name=\"hien\" value=\"")
                .skip(1)
                .map(|s| s.split('"').next().unwrap().parse().unwrap())
                .collect()
        };
        let first = ids_on(&page1);
        assert_eq!(first.len(), 50);
        // Page 1: the first two register LĐTT; "save and go to page 2".
        let mut form: Vec<(String, String)> =
            vec![("csrf".into(), ccsrf.clone()), ("trang".into(), "1".into())];
        form.extend(first.iter().map(|id| ("hien".to_string(), id.to_string())));
        form.push(("t".into(), format!("{}:LDTT", first[0])));
        form.push(("t".into(), format!("{}:LDTT", first[1])));
        form.push(("sang".into(), "2".into()));
        let r = clerk.post(&url).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .ends_with("trang=2")
        );
        let page2 = clerk
            .get(format!("{url}?trang=2"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let second = ids_on(&page2);
        assert_eq!(second.len(), 50);
        assert!(second.iter().all(|id| !first.contains(id)));
        // Page 2 registers one more and leaves the first page's two as they were.
        let mut form: Vec<(String, String)> =
            vec![("csrf".into(), ccsrf.clone()), ("trang".into(), "2".into())];
        form.extend(second.iter().map(|id| ("hien".to_string(), id.to_string())));
        form.push(("t".into(), format!("{}:CSTDCS", second[0])));
        let r = clerk.post(&url).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let reg = store
            .registration_of(plan, app.dept)
            .await
            .unwrap()
            .unwrap();
        let entries = store.entries(reg.id).await.unwrap();
        let got: std::collections::BTreeSet<(i64, String)> = entries
            .iter()
            .map(|e| (e.person_id.unwrap(), e.award.clone()))
            .collect();
        let want: std::collections::BTreeSet<(i64, String)> = [
            (first[0], "LDTT".to_string()),
            (first[1], "LDTT".to_string()),
            (second[0], "CSTDCS".to_string()),
        ]
        .into();
        assert_eq!(got, want);
        let page1 = clerk.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(page1.contains("3 trên 131"), "{page1}");
        // The newcomer registers on page 3; the hint is read with the saved entry.
        let page3 = clerk
            .get(format!("{url}?trang=3"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let third = ids_on(&page3);
        assert!(third.contains(&newcomer) && !page3.contains("bắt đầu công tác từ"));
        let mut form: Vec<(String, String)> =
            vec![("csrf".into(), ccsrf.clone()), ("trang".into(), "3".into())];
        form.extend(third.iter().map(|id| ("hien".to_string(), id.to_string())));
        form.push(("t".into(), format!("{newcomer}:LDTT")));
        let r = clerk.post(&url).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let page3 = clerk
            .get(format!("{url}?trang=3"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page3.contains("Phạm Văn Yên bắt đầu công tác từ 01/10/2026"),
            "{page3}"
        );
        // Page 1 does not show the newcomer, nor their hint.
        let page1 = clerk.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(page1.contains("4 trên 131") && !page1.contains("Phạm Văn Yên"));
    }
);

on_both!(
    a_forms_page_holds_the_units_own_people_in_name_order,
    |store: Store| async move {
        let app = spawn(store.clone()).await;
        let sys = Actor::system("test");
        let mut w = store.begin(&sys).await.unwrap();
        let head = seed::person(&mut w, "L1", "Nguyễn Văn Lãnh", app.agency, "01/01/2005").await;
        w.commit().await.unwrap();
        let window = |unit: i64, direct_only: bool, offset: i64, limit: i64| {
            let (store, sys) = (store.clone(), sys.clone());
            async move {
                let w = store
                    .registrable_window(&sys, unit, direct_only, offset, limit, false)
                    .await
                    .unwrap();
                (w.page.iter().map(|p| p.row.id).collect::<Vec<_>>(), w.total)
            }
        };
        // The issuing unit registers its own staff, not its departments'.
        assert_eq!(window(app.agency, true, 0, 50).await, (vec![head], 1));
        // A department without sub-units, by given name: Ba, Hai, Một; paged.
        let [mot, hai, ba] = [app.people[0], app.people[1], app.people[2]];
        assert_eq!(window(app.dept, false, 0, 2).await, (vec![ba, hai], 3));
        assert_eq!(window(app.dept, false, 2, 2).await, (vec![mot], 3));
        // The agency's whole subtree: everyone once.
        let (all, total) = window(app.agency, false, 0, 50).await;
        assert_eq!(total, 5);
        assert_eq!(all.len(), 5);
        assert!(all.contains(&head) && all.contains(&app.outsider));
    }
);
