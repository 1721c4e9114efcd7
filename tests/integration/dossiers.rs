//! Nomination dossiers over HTTP: a department's clerk lists its nominees,
//! records the evaluation meeting and uploads the reports; hostile uploads
//! and a nominee of another unit are refused; an incomplete dossier cannot be
//! submitted; the head confirms and submits; the Office returns it with a
//! reason, it is fixed and reaches "ready for council" — on both databases.

use reqwest::StatusCode;
use tdkt_domain::auth::Role;
use tdkt_domain::codes::Rating;
use tdkt_store::history::Subject;
use tdkt_store::{Actor, Store};
use tdkt_tests::http::{login, post_form, upload};
use tdkt_tests::{on_both, seed};

struct App {
    base: String,
    store: Store,
    dept: i64,
    p: Vec<i64>,
    outsider: i64,
    _files: tempfile::TempDir,
}

async fn spawn(store: Store) -> App {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let agency = seed::agency(&mut w, &levels, "BDT", "Ban Dân tộc", None, "so-nganh").await;
    let dept = seed::department(&mut w, &levels, "PCS", "Phòng Chính sách", agency).await;
    let other = seed::department(&mut w, &levels, "VP", "Văn phòng", agency).await;
    let mut p = Vec::new();
    for (code, name, unit, start) in [
        ("P1", "Lê Văn Một", dept, "01/01/2010"),
        ("P2", "Trần Thị Hai", dept, "01/01/2012"),
        // Recruited in March 2025: too new for LĐTT 2025 (the engine says why).
        ("P3", "Hồ Văn Ba", dept, "01/09/2025"),
        ("V1", "Đỗ Văn Khác", other, "01/01/2010"),
    ] {
        p.push(seed::person(&mut w, code, name, unit, start).await);
    }
    let outsider = p.pop().unwrap();
    for (i, id) in p.iter().enumerate() {
        let r = if i == 1 { Rating::Htxs } else { Rating::Htt };
        w.put_rating(Subject::Person(*id), 2025, r).await.unwrap();
    }
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
    let files = tempfile::tempdir().unwrap();
    let config = tdkt_web::WebConfig {
        files_dir: files.path().to_path_buf(),
        max_file_bytes: 1024 * 1024,
        ..tdkt_tests::http::config()
    };
    App {
        base: tdkt_tests::http::serve(store.clone(), config).await,
        store,
        dept,
        p,
        outsider,
        _files: files,
    }
}

fn pdf(len: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.7\n".to_vec();
    v.resize(len, b'x');
    v
}

on_both!(
    dossier_from_nominees_to_ready_for_council,
    |store: Store| async move {
        let app = spawn(store).await;
        let (clerk, ccsrf) = login(&app.base, "canbo").await;
        let dept = app.dept.to_string();
        let r = clerk
            .post(format!("{}/ho-so", app.base))
            .form(&[
                ("csrf", ccsrf.as_str()),
                ("unit_id", dept.as_str()),
                ("year", "2025"),
                ("kind", "cong-trang"),
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
        let loc = r.headers()["location"].to_str().unwrap().to_string();
        let id: i64 = loc
            .trim_start_matches("/ho-so/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let url = format!("{}/ho-so/{id}", app.base);
        // A second dossier of the same kind and year is refused.
        let (s, body) = post_form(
            &clerk,
            &format!("{}/ho-so", app.base),
            &[
                ("csrf", &ccsrf),
                ("unit_id", &dept),
                ("year", "2025"),
                ("kind", "cong-trang"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");

        // Nominees: someone of another unit and a collective title for a person are refused.
        let (s, body) = post_form(
            &clerk,
            &format!("{url}/de-cu"),
            &[("csrf", &ccsrf), ("code", "V1"), ("award", "LDTT")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Chỉ đề nghị cán bộ"), "{body}");
        let (s, _) = post_form(
            &clerk,
            &format!("{url}/de-cu"),
            &[("csrf", &ccsrf), ("code", "P1"), ("award", "TTLDTT")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        for (code, award) in [("P1", "LDTT"), ("P2", "CSTDCS"), ("P3", "LDTT")] {
            let (s, body) = post_form(
                &clerk,
                &format!("{url}/de-cu"),
                &[
                    ("csrf", &ccsrf),
                    ("code", code),
                    ("award", award),
                    ("citation", "Hoàn thành tốt nhiệm vụ năm 2025"),
                ],
            )
            .await;
            assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        }
        let (s, _) = post_form(
            &clerk,
            &format!("{url}/de-cu"),
            &[
                ("csrf", &ccsrf),
                ("unit", &dept),
                ("award", "TTLDTT"),
                ("citation", ""),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let page = clerk.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Không đủ điều kiện"), "P3 is too new: {page}");
        assert!(page.contains("Còn thiếu"));

        // Incomplete: the head cannot submit it.
        let (head, hcsrf) = login(&app.base, "truongphong").await;
        let (s, body) = post_form(
            &head,
            &format!("{url}/thao-tac"),
            &[("csrf", &hcsrf), ("action", "gui")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Hồ sơ chưa đủ thành phần"), "{body}");

        // Hostile uploads: too large, not a document, a zip that is not Word.
        let up = |bytes: Vec<u8>, name: &'static str, part: &'static str, nominee: String| {
            let c = clerk.clone();
            let csrf = ccsrf.clone();
            let to = format!("{url}/tep");
            async move {
                upload(
                    &c,
                    to,
                    &csrf,
                    &[("part", part.to_string()), ("nominee", nominee)],
                    name,
                    bytes,
                )
                .await
            }
        };
        let r = up(
            pdf(1024 * 1024 + 30 * 1024),
            "lon.pdf",
            "khac",
            String::new(),
        )
        .await;
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let r = up(
            b"<html><script>alert(1)</script>".to_vec(),
            "bao-cao.pdf",
            "khac",
            String::new(),
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(r.text().await.unwrap().contains("không phải tệp PDF"));
        let r = up(
            b"PK\x03\x04not really a zip".to_vec(),
            "x.docx",
            "khac",
            String::new(),
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let v = app.store.dossier(&Actor::system("t"), id).await.unwrap();
        assert!(v.files.is_empty(), "nothing recorded");

        // The reports of P2 (CSTĐCS) and of the collective, one with a path-trick name.
        let n_p2 = v
            .nominees
            .iter()
            .find(|n| n.person_id == Some(app.p[1]))
            .unwrap()
            .id;
        let n_unit = v
            .nominees
            .iter()
            .find(|n| n.unit_id == Some(app.dept))
            .unwrap()
            .id;
        let r = up(
            pdf(4000),
            "../../etc/passwd.pdf",
            "bao-cao-thanh-tich",
            n_p2.to_string(),
        )
        .await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{}",
            r.text().await.unwrap()
        );
        let r = up(
            pdf(3000),
            "bc-tap-the.pdf",
            "bao-cao-thanh-tich",
            n_unit.to_string(),
        )
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let v = app.store.dossier(&Actor::system("t"), id).await.unwrap();
        assert_eq!(v.files[0].file_name, "passwd.pdf");
        let r = clerk
            .get(format!("{url}/tep/{}", v.files[0].id))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert!(
            r.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert_eq!(r.bytes().await.unwrap().len(), 4000);

        // The meeting: more votes than people present is refused; then recorded and confirmed.
        let (s, _) = post_form(
            &clerk,
            &format!("{url}/binh-xet"),
            &[
                ("csrf", &ccsrf),
                ("held_on", "10/06/2026"),
                ("present", "3"),
                ("total", "4"),
                ("chair", "Trưởng phòng"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let n_p1 = v
            .nominees
            .iter()
            .find(|n| n.person_id == Some(app.p[0]))
            .unwrap()
            .id;
        let (s, body) = post_form(
            &clerk,
            &format!("{url}/de-cu/{n_p1}"),
            &[
                ("csrf", &ccsrf),
                ("citation", "Hoàn thành tốt nhiệm vụ năm 2025"),
                ("votes", "5"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        for n in &v.nominees {
            let citation = if n.unit_id.is_some() {
                "Tập thể hoàn thành tốt nhiệm vụ"
            } else {
                "Hoàn thành tốt nhiệm vụ năm 2025"
            };
            let (s, _) = post_form(
                &clerk,
                &format!("{url}/de-cu/{}", n.id),
                &[("csrf", &ccsrf), ("citation", citation), ("votes", "3")],
            )
            .await;
            assert_eq!(s, StatusCode::SEE_OTHER);
        }
        // The clerk cannot confirm for the head.
        let (s, _) = post_form(
            &clerk,
            &format!("{url}/binh-xet"),
            &[("csrf", &ccsrf), ("confirm", "1")],
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = post_form(
            &head,
            &format!("{url}/binh-xet"),
            &[("csrf", &hcsrf), ("confirm", "1")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);

        // Complete: submitted, with the engine's verdicts and the facts they read.
        let (s, body) = post_form(
            &head,
            &format!("{url}/thao-tac"),
            &[("csrf", &hcsrf), ("action", "gui")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let v = app.store.dossier(&Actor::system("t"), id).await.unwrap();
        assert_eq!(v.dossier.status, "da-gui");
        let p3 = v
            .nominees
            .iter()
            .find(|n| n.person_id == Some(app.p[2]))
            .unwrap();
        assert_eq!(p3.verdict.as_deref(), Some("not_eligible"));
        assert!(v.nominees.iter().all(|n| n.checked_at.is_some()));
        // Submitted: the unit can no longer change it.
        let (s, _) = post_form(
            &clerk,
            &format!("{url}/de-cu/{n_p1}"),
            &[("csrf", &ccsrf), ("citation", "x")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

        // The Office: a return needs its reason; the unit fixes and resubmits.
        let (office, ocsrf) = login(&app.base, "vanphong").await;
        let (s, _) = post_form(
            &office,
            &format!("{url}/thao-tac"),
            &[("csrf", &ocsrf), ("action", "nhan")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, _) = post_form(
            &office,
            &format!("{url}/thao-tac"),
            &[("csrf", &ocsrf), ("action", "tra-lai")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, _) = post_form(
            &office,
            &format!("{url}/thao-tac"),
            &[
                ("csrf", &ocsrf),
                ("action", "tra-lai"),
                ("note", "Bỏ Hồ Văn Ba: chưa đủ thời gian công tác"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let n_p3 = p3.id.to_string();
        let (s, _) = post_form(
            &clerk,
            &format!("{url}/de-cu/{n_p3}"),
            &[("csrf", &ccsrf), ("remove", "1")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, _) = post_form(
            &head,
            &format!("{url}/thao-tac"),
            &[("csrf", &hcsrf), ("action", "gui")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        for action in ["nhan", "tham-dinh", "san-sang"] {
            let (s, body) = post_form(
                &office,
                &format!("{url}/thao-tac"),
                &[("csrf", &ocsrf), ("action", action)],
            )
            .await;
            assert_eq!(s, StatusCode::SEE_OTHER, "{action}: {body}");
        }
        let board = office
            .get(format!("{}/ho-so?nam=2025", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(board.contains("Sẵn sàng trình Hội đồng"), "{board}");
        let page = office.get(&url).send().await.unwrap().text().await.unwrap();
        for step in [
            "Gửi hồ sơ",
            "Trả lại để bổ sung",
            "Tiếp nhận",
            "Thẩm định",
            "Chuyển trình Hội đồng",
        ] {
            assert!(page.contains(step), "{step}");
        }
        // The documents open and name the nominees.
        let bytes = office
            .get(format!("{url}/to-trinh.docx"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let xml = docx_text(&bytes);
        assert!(
            xml.contains("Lê Văn Một")
                && xml.contains("Trần Thị Hai")
                && !xml.contains("Hồ Văn Ba")
        );
        let xml = docx_text(
            &office
                .get(format!("{url}/bien-ban.docx"))
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap(),
        );
        assert!(xml.contains("3/3"), "votes in the minutes");
        let r = office
            .get(format!("{url}/to-trinh.pdf"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));
        let _ = app.outsider;
    }
);

fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

on_both!(
    a_late_dossier_waits_for_an_extension,
    |store: Store| async move {
        let app = spawn(store).await;
        let (office, ocsrf) = login(&app.base, "vanphong").await;
        // A plan whose dossier deadline (01/06/2026) is before TODAY (15/06/2026).
        let agency = app
            .store
            .unit(app.dept)
            .await
            .unwrap()
            .parent_id
            .unwrap()
            .to_string();
        let r = office
            .post(format!("{}/ke-hoach/moi", app.base))
            .form(&[
                ("csrf", ocsrf.as_str()),
                ("unit_id", agency.as_str()),
                ("movement_id", ""),
                ("year", "2026"),
                ("title", "Phát động thi đua năm 2026"),
                ("registration_due", "30/04/2026"),
                ("dossier_due", "01/06/2026"),
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
        let plan: String = r.headers()["location"]
            .to_str()
            .unwrap()
            .trim_start_matches("/ke-hoach/")
            .split('?')
            .next()
            .unwrap()
            .into();
        let (s, _) = post_form(
            &office,
            &format!("{}/ke-hoach/{plan}/ban-hanh", app.base),
            &[("csrf", &ocsrf)],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (clerk, ccsrf) = login(&app.base, "canbo").await;
        let dept = app.dept.to_string();
        let r = clerk
            .post(format!("{}/ho-so", app.base))
            .form(&[
                ("csrf", ccsrf.as_str()),
                ("unit_id", dept.as_str()),
                ("year", "2026"),
                ("kind", "cong-trang"),
                ("plan_id", plan.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let id: i64 = r.headers()["location"]
            .to_str()
            .unwrap()
            .trim_start_matches("/ho-so/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let url = format!("{}/ho-so/{id}", app.base);
        // Complete: one LĐTT nominee with its citation and the signed minutes uploaded.
        let (s, _) = post_form(
            &clerk,
            &format!("{url}/de-cu"),
            &[
                ("csrf", &ccsrf),
                ("code", "P1"),
                ("award", "LDTT"),
                ("citation", "Hoàn thành tốt nhiệm vụ"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let r = upload(
            &clerk,
            format!("{url}/tep"),
            &ccsrf,
            &[
                ("part", "bien-ban-binh-xet".into()),
                ("nominee", String::new()),
            ],
            "bien-ban.pdf",
            pdf(2000),
        )
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (head, hcsrf) = login(&app.base, "truongphong").await;
        let (s, body) = post_form(
            &head,
            &format!("{url}/thao-tac"),
            &[("csrf", &hcsrf), ("action", "gui")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("Đã quá hạn nộp hồ sơ đề nghị khen thưởng"),
            "{body}"
        );
        let (s, _) = post_form(
            &office,
            &format!("{url}/thao-tac"),
            &[
                ("csrf", &ocsrf),
                ("action", "gia-han"),
                ("extend_to", "20/06/2026"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, body) = post_form(
            &head,
            &format!("{url}/thao-tac"),
            &[("csrf", &hcsrf), ("action", "gui")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    }
);
