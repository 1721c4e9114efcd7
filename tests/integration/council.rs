//! The council over HTTP, on both databases: a council of nine, a session on
//! a department's ready dossier, the secret ballot (a non-member, a second
//! ballot, a recused member and a tally asked before the close are refused),
//! the chair's close (one CSTĐCS short of 80 %), the database holding no link
//! between a member and a choice, decisions numbered from the register
//! without gaps, a signed decision that cannot be edited, cancelled and
//! replaced, the registry the rules read, certificates, and the public pages.

use reqwest::StatusCode;
use tdkt_domain::auth::Role;
use tdkt_domain::codes::{AwardCode, AwardKind, Rating};
use tdkt_domain::emulation::dossier::{DossierAction, DossierPart, Meeting};
use tdkt_domain::rules::{Params, Regime};
use tdkt_store::history::Subject;
use tdkt_store::{Actor, Store};
use tdkt_tests::http::{id_in, location, login, post_form};
use tdkt_tests::{on_both, seed};

struct App {
    base: String,
    store: Store,
    agency: i64,
    /// P1 (CSTĐCS, also a member), P2 (CSTĐCS), P3 (LĐTT).
    p: Vec<i64>,
    dept: i64,
    _files: tempfile::TempDir,
}

/// The members: (username, person index or none); `hd1` chairs, `hd9` is the secretary.
const MEMBERS: [&str; 9] = [
    "hd1", "hd2", "hd3", "hd4", "hd5", "hd6", "hd7", "hd8", "hd9",
];

async fn spawn(store: Store) -> App {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let agency = seed::agency(&mut w, &levels, "BDT", "Ban Dân tộc", None, "so-nganh").await;
    let dept = seed::department(&mut w, &levels, "PCS", "Phòng Chính sách", agency).await;
    let mut p = Vec::new();
    for (code, name) in [
        ("P1", "Lê Văn Một"),
        ("P2", "Trần Thị Hai"),
        ("P3", "Hồ Văn Ba"),
    ] {
        let id = seed::person(&mut w, code, name, dept, "01/01/2010").await;
        w.put_rating(Subject::Person(id), 2025, Rating::Htxs)
            .await
            .unwrap();
        p.push(id);
    }
    seed::accounts(
        &mut w,
        &[
            ("vanphong", Role::Secretariat, agency),
            ("truongban", Role::AgencyHead, agency),
        ],
    )
    .await;
    let mut ids = Vec::new();
    for m in MEMBERS {
        ids.push(seed::account(&mut w, m, Role::CouncilMember, agency).await);
    }
    // hd3 is P1: it steps aside from P1's vote.
    w.link_person(ids[2], Some(p[0])).await.unwrap();

    // Phòng Chính sách's 2025 dossier, ready for the council.
    let d = w
        .create_dossier(dept, 2025, None, AwardKind::CongTrang)
        .await
        .unwrap();
    let mut nominees = Vec::new();
    for (i, award) in [AwardCode::Cstdcs, AwardCode::Cstdcs, AwardCode::Ldtt]
        .iter()
        .enumerate()
    {
        nominees.push(
            w.add_nominee(
                d,
                Subject::Person(p[i]),
                *award,
                "Hoàn thành xuất sắc nhiệm vụ năm 2025",
            )
            .await
            .unwrap(),
        );
    }
    nominees.push(
        w.add_nominee(
            d,
            Subject::Unit(dept),
            AwardCode::Ttldxs,
            "Tập thể hoàn thành xuất sắc nhiệm vụ năm 2025",
        )
        .await
        .unwrap(),
    );
    let files = tempfile::tempdir().unwrap();
    let stored =
        tdkt_web::files::store_bytes(files.path(), "bao-cao.pdf", b"%PDF-1.4\n% bao cao\n")
            .unwrap();
    for n in [nominees[0], nominees[1], nominees[3]] {
        w.add_dossier_file(
            d,
            Some(n),
            DossierPart::BaoCao,
            &stored.name,
            &stored.sha256,
            stored.size as i64,
            stored.mime,
        )
        .await
        .unwrap();
    }
    w.add_dossier_file(
        d,
        None,
        DossierPart::BienBan,
        &stored.name,
        &stored.sha256,
        stored.size as i64,
        stored.mime,
    )
    .await
    .unwrap();
    w.record_meeting(
        d,
        &Meeting {
            held_on: chrono::NaiveDate::from_ymd_opt(2025, 11, 12).unwrap(),
            present: 3,
            total: 3,
            chair: "Trưởng phòng".into(),
            secretary: String::new(),
            notes: String::new(),
        },
    )
    .await
    .unwrap();
    w.set_separate_duties(false);
    let params = Params::national(Regime::Nd152_2025);
    for a in [
        DossierAction::Submit,
        DossierAction::Receive,
        DossierAction::Review,
        DossierAction::Ready,
    ] {
        w.dossier_action(d, a, "", None, tdkt_tests::TODAY, &params)
            .await
            .unwrap();
    }
    w.commit().await.unwrap();
    let config = tdkt_web::WebConfig {
        files_dir: files.path().to_path_buf(),
        place: "Khánh Hòa".into(),
        ..tdkt_tests::http::config()
    };
    App {
        base: tdkt_tests::http::serve(store.clone(), config).await,
        store,
        agency,
        p,
        dept,
        _files: files,
    }
}

async fn scalar(store: &Store, sql: &'static str, id: i64) -> i64 {
    match &store.db {
        tdkt_store::Db::Sqlite { read, .. } => sqlx::query_scalar(sql)
            .bind(id)
            .fetch_one(read)
            .await
            .unwrap(),
        tdkt_store::Db::Postgres { pool: p, .. } => {
            sqlx::query_scalar(sql).bind(id).fetch_one(p).await.unwrap()
        }
    }
}

async fn strings(store: &Store, sql: &'static str) -> Vec<String> {
    match &store.db {
        tdkt_store::Db::Sqlite { read, .. } => {
            sqlx::query_scalar(sql).fetch_all(read).await.unwrap()
        }
        tdkt_store::Db::Postgres { pool: p, .. } => {
            sqlx::query_scalar(sql).fetch_all(p).await.unwrap()
        }
    }
}

on_both!(
    council_ballot_decision_registry_and_public_pages,
    |store: Store| async move {
        let app = spawn(store).await;
        let b = &app.base;
        let (office, ocsrf) = login(b, "vanphong").await;

        // The council and its nine members; a second chair is refused.
        let agency = app.agency.to_string();
        let r = office
            .post(format!("{b}/hoi-dong"))
            .form(&[
                ("csrf", ocsrf.as_str()),
                ("unit_id", &agency),
                ("name", "Hội đồng TĐKT Ban Dân tộc"),
                ("from_year", "2025"),
                ("to_year", "2030"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let council = id_in(&location(&r), "/hoi-dong/");
        for (i, m) in MEMBERS.iter().enumerate() {
            let user = app
                .store
                .user_by_name(m)
                .await
                .unwrap()
                .unwrap()
                .id
                .to_string();
            let role = match i {
                0 => "chu-tich",
                1 => "pho-chu-tich",
                8 => "thu-ky",
                _ => "uy-vien",
            };
            let (s, body) = post_form(
                &office,
                &format!("{b}/hoi-dong/{council}/thanh-vien"),
                &[("csrf", &ocsrf), ("user_id", &user), ("role", role)],
            )
            .await;
            assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        }
        let user = app
            .store
            .user_by_name("hd2")
            .await
            .unwrap()
            .unwrap()
            .id
            .to_string();
        let (s, body) = post_form(
            &office,
            &format!("{b}/hoi-dong/{council}/thanh-vien"),
            &[("csrf", &ocsrf), ("user_id", &user), ("role", "chu-tich")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("một Chủ tịch"), "{body}");

        // A session on the 2025 agenda; everyone present but hd8 (written opinion).
        let r = office
            .post(format!("{b}/hoi-dong/{council}/phien-hop"))
            .form(&[
                ("csrf", ocsrf.as_str()),
                ("held_on", "15/01/2026"),
                ("year", "2025"),
                ("place", "Phòng họp"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let sid = id_in(&location(&r), "/phien-hop/");
        let s_url = format!("{b}/phien-hop/{sid}");
        let page = office
            .get(&s_url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Lê Văn Một") && page.contains("Tập thể lao động xuất sắc"),
            "candidates listed"
        );
        let nominees = strings(
            &app.store,
            "SELECT CAST(id AS TEXT) FROM dossier_nominees ORDER BY id",
        )
        .await;
        let mut form: Vec<(&str, &str)> = vec![("csrf", &ocsrf), ("do", "them")];
        for n in &nominees {
            form.push(("nominee", n));
        }
        let (s, body) = post_form(&office, &format!("{s_url}/chuan-bi"), &form).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let v = app
            .store
            .council_session(&Actor::system("t"), sid)
            .await
            .unwrap();
        let member = |name: &str| {
            v.members
                .iter()
                .find(|m| m.username == name)
                .unwrap()
                .id
                .to_string()
        };
        // Five absent: no quorum (6 of 9).
        let absent: Vec<String> = ["hd4", "hd5", "hd6", "hd7", "hd8"]
            .iter()
            .map(|m| format!("att_{}", member(m)))
            .collect();
        let mut marks: Vec<(&str, &str)> = vec![("csrf", &ocsrf), ("do", "diem-danh")];
        for a in &absent {
            marks.push((a, "vang"));
        }
        let (s, _) = post_form(&office, &format!("{s_url}/chuan-bi"), &marks).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (chair, ccsrf) = login(b, "hd1").await;
        let (s, body) = post_form(
            &chair,
            &format!("{s_url}/chuan-bi"),
            &[("csrf", &ccsrf), ("do", "mo")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Chưa đủ số thành viên dự họp"), "{body}");
        let mut marks: Vec<(&str, &str)> = vec![("csrf", &ocsrf), ("do", "diem-danh")];
        let written = format!("att_{}", member("hd8"));
        let present: Vec<String> = ["hd4", "hd5", "hd6", "hd7"]
            .iter()
            .map(|m| format!("att_{}", member(m)))
            .collect();
        for a in &present {
            marks.push((a, "co-mat"));
        }
        marks.push((&written, "y-kien-van-ban"));
        let (s, _) = post_form(&office, &format!("{s_url}/chuan-bi"), &marks).await;
        assert_eq!(s, StatusCode::SEE_OTHER);

        // A member cannot vote before the chair opens the vote.
        let items = app.store.session_items(sid).await.unwrap();
        let item = |pid: i64| items.iter().find(|i| i.person_id == Some(pid)).unwrap().id;
        let (i1, i2) = (
            format!("item_{}", item(app.p[0])),
            format!("item_{}", item(app.p[1])),
        );
        let (hd2, csrf2) = login(b, "hd2").await;
        let (s, body) = post_form(
            &hd2,
            &format!("{s_url}/bo-phieu"),
            &[("csrf", &csrf2), (&i1, "dong-y")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("chưa mở bỏ phiếu"), "{body}");
        let (s, body) = post_form(
            &chair,
            &format!("{s_url}/chuan-bi"),
            &[("csrf", &ccsrf), ("do", "mo")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let items = app.store.session_items(sid).await.unwrap();
        let th = |pid: Option<i64>, unit: Option<i64>| {
            items
                .iter()
                .find(|i| i.person_id == pid && i.unit_id == unit)
                .unwrap()
                .threshold
        };
        assert_eq!(
            th(Some(app.p[0]), None),
            Some(0.8),
            "CSTĐCS: 80 % (NĐ 98/2023 Đ30 k7)"
        );
        assert_eq!(th(Some(app.p[2]), None), None, "LĐTT: no ballot");
        assert_eq!(th(None, Some(app.dept)), None);

        // Ballots: P1 gets every vote it can (hd3 is P1 and steps aside), P2 seven.
        let (s, body) = post_form(
            &office,
            &format!("{s_url}/bo-phieu"),
            &[("csrf", &ocsrf), (&i1, "dong-y")],
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "a non-member: {body}");
        for m in ["hd1", "hd2", "hd3", "hd4", "hd5", "hd6", "hd7", "hd9"] {
            let (c, csrf) = if m == "hd1" {
                (chair.clone(), ccsrf.clone())
            } else if m == "hd2" {
                (hd2.clone(), csrf2.clone())
            } else {
                login(b, m).await
            };
            let p2 = if m == "hd6" || m == "hd7" {
                "khong-dong-y"
            } else {
                "dong-y"
            };
            let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf), (&i2, p2)];
            if m != "hd3" {
                form.push((&i1, "dong-y"));
            }
            let (s, body) = post_form(&c, &format!("{s_url}/bo-phieu"), &form).await;
            assert_eq!(s, StatusCode::OK, "{m}: {body}");
            assert!(body.contains("Mã phiếu của bạn"), "{m}: receipts shown");
            if m == "hd3" {
                let (s, body) = post_form(
                    &c,
                    &format!("{s_url}/bo-phieu"),
                    &[("csrf", &csrf), (&i1, "dong-y")],
                )
                .await;
                assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "recused: {body}");
                assert!(body.contains("đã rút khỏi việc xét"), "{body}");
            }
        }
        let (s, body) = post_form(
            &hd2,
            &format!("{s_url}/bo-phieu"),
            &[("csrf", &csrf2), (&i1, "khong-dong-y")],
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT, "a second ballot: {body}");
        // The absent member's written opinion, entered by the Office.
        let hd8 = member("hd8");
        let (s, body) = post_form(
            &office,
            &format!("{s_url}/y-kien-van-ban"),
            &[
                ("csrf", &ocsrf),
                ("member", &hd8),
                (&i1, "dong-y"),
                (&i2, "dong-y"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        // Nothing is revealed before the close; only the chair closes.
        let r = office.get(format!("{s_url}/phieu")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = office
            .get(&s_url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Đã bỏ phiếu: 8") && !page.contains("thành viên đồng ý"),
            "counts only"
        );
        let (s, _) = post_form(&hd2, &format!("{s_url}/ket-thuc"), &[("csrf", &csrf2)]).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, body) = post_form(&chair, &format!("{s_url}/ket-thuc"), &[("csrf", &ccsrf)]).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let (s, body) = post_form(
            &hd2,
            &format!("{s_url}/bo-phieu"),
            &[("csrf", &csrf2), (&i2, "dong-y")],
        )
        .await;
        assert_eq!(
            s,
            StatusCode::UNPROCESSABLE_ENTITY,
            "after the close: {body}"
        );
        let page = office
            .get(&s_url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("8/9 thành viên đồng ý (88,9 %), cần 8 (80 %)"),
            "P1 passes"
        );
        assert!(
            page.contains("7/9 thành viên đồng ý (77,8 %), cần 8 (80 %)"),
            "P2 falls short"
        );
        assert!(
            page.contains("Không khen thưởng") && page.contains("Đề nghị cấp trên khen thưởng")
        );
        let ballots = office
            .get(format!("{s_url}/phieu"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            ballots.matches("<code>").count(),
            17,
            "8 + 9 ballots listed by receipt"
        );

        // No link between a member and a choice: the two halves share no column but the item,
        // the ballots are stored in receipt order, and the log names no choice.
        let sql_cols = match &app.store.db {
            tdkt_store::Db::Sqlite { .. } => {
                "SELECT name FROM pragma_table_info('ballots') ORDER BY cid"
            }
            tdkt_store::Db::Postgres { .. } => {
                "SELECT column_name::TEXT FROM information_schema.columns WHERE table_name = 'ballots' ORDER BY ordinal_position"
            }
        };
        assert_eq!(
            strings(&app.store, sql_cols).await,
            ["item_id", "receipt", "choice"]
        );
        let sql_cols = match &app.store.db {
            tdkt_store::Db::Sqlite { .. } => {
                "SELECT name FROM pragma_table_info('ballot_voters') ORDER BY cid"
            }
            tdkt_store::Db::Postgres { .. } => {
                "SELECT column_name::TEXT FROM information_schema.columns WHERE table_name = 'ballot_voters' ORDER BY ordinal_position"
            }
        };
        assert_eq!(
            strings(&app.store, sql_cols).await,
            ["item_id", "member_id", "written"]
        );
        let stored = strings(
            &app.store,
            "SELECT receipt FROM ballots WHERE item_id = (SELECT MAX(item_id) FROM ballots)",
        )
        .await;
        let mut sorted = stored.clone();
        sorted.sort();
        assert_eq!(
            stored, sorted,
            "storage order is receipt order, not voting order"
        );
        let logged = strings(&app.store, "SELECT summary || ' ' || COALESCE(new_value, '') FROM audit_log WHERE entity = 'ballot'").await;
        assert_eq!(
            logged.len(),
            9,
            "eight members' ballots and one written opinion"
        );
        assert!(
            logged
                .iter()
                .all(|l| !l.contains("dong-y") && !l.contains("Đồng ý")),
            "{logged:?}"
        );
        let refused = strings(&app.store, "SELECT event FROM access_log WHERE event IN ('ballot_refused', 'denied') AND detail LIKE '/phien-hop/%'").await;
        assert!(
            refused.len() >= 5,
            "early, non-member, recused, second, late and non-chair refusals: {refused:?}"
        );
        assert_eq!(
            scalar(
                &app.store,
                "SELECT agree FROM votes WHERE person_id = $1",
                app.p[0]
            )
            .await,
            8,
            "the result is where the rules engine reads council votes"
        );

        // A rejected nominee cannot go into a decision; P1 and P3 can.
        let items = app.store.session_items(sid).await.unwrap();
        let item = |pid: i64| {
            items
                .iter()
                .find(|i| i.person_id == Some(pid))
                .unwrap()
                .id
                .to_string()
        };
        let decide = |list: Vec<String>| {
            let office = office.clone();
            let csrf = ocsrf.clone();
            let agency = agency.clone();
            let b = b.clone();
            async move {
                let sid = sid.to_string();
                let mut form: Vec<(&str, &str)> = vec![
                    ("csrf", &csrf),
                    ("session", &sid),
                    ("issuer", &agency),
                    ("summary", "Về việc công nhận danh hiệu thi đua năm 2025"),
                    ("authority_line", "TRƯỞNG BAN BAN DÂN TỘC"),
                    ("signer", "Đặng Văn Tuấn"),
                    ("signer_position", "Trưởng Ban"),
                ];
                for i in &list {
                    form.push(("item", i));
                }
                let r = office
                    .post(format!("{b}/quyet-dinh"))
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                let s = r.status();
                if s == StatusCode::SEE_OTHER {
                    (s, id_in(&location(&r), "/quyet-dinh/").to_string())
                } else {
                    (s, r.text().await.unwrap())
                }
            }
        };
        let (s, body) = decide(vec![item(app.p[1])]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("kết luận khen thưởng theo thẩm quyền"),
            "{body}"
        );
        let (s, d1) = decide(vec![item(app.p[0])]).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{d1}");
        let (s, d2) = decide(vec![item(app.p[2])]).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{d2}");
        let (s, body) = decide(vec![item(app.p[0])]).await;
        assert_eq!(
            s,
            StatusCode::UNPROCESSABLE_ENTITY,
            "already in a draft: {body}"
        );

        // The register moves to 57; the Office cannot sign; the head signs 57 and 58.
        let (s, _) = post_form(
            &office,
            &format!("{b}/so-quyet-dinh"),
            &[("csrf", &ocsrf), ("issuer", &agency), ("next_number", "57")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, _) = post_form(
            &office,
            &format!("{b}/quyet-dinh/{d1}/ky"),
            &[("csrf", &ocsrf), ("signed_on", "20/01/2026")],
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (head, hcsrf) = login(b, "truongban").await;
        let (s, body) = post_form(
            &head,
            &format!("{b}/quyet-dinh/{d1}/ky"),
            &[("csrf", &hcsrf), ("signed_on", "16/06/2026")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "after today: {body}");
        for d in [&d1, &d2] {
            let (s, body) = post_form(
                &head,
                &format!("{b}/quyet-dinh/{d}/ky"),
                &[("csrf", &hcsrf), ("signed_on", "20/01/2026")],
            )
            .await;
            assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        }
        let symbols = strings(
            &app.store,
            "SELECT symbol FROM decisions WHERE symbol IS NOT NULL ORDER BY number",
        )
        .await;
        assert_eq!(symbols, ["57/QĐ-BDT", "58/QĐ-BDT"]);
        let (s, body) = post_form(
            &head,
            &format!("{b}/quyet-dinh/{d1}/ky"),
            &[("csrf", &hcsrf), ("signed_on", "20/01/2026")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "signed twice: {body}");
        let (s, body) = post_form(
            &office,
            &format!("{b}/quyet-dinh/{d1}/sua"),
            &[
                ("csrf", &ocsrf),
                ("summary", "Sửa"),
                ("authority_line", "X"),
                ("signer_position", "Y"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Quyết định đã ký không sửa được"), "{body}");
        assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM access_log WHERE event = 'decision_refused' AND detail LIKE '%/quyet-dinh/' || CAST($1 AS TEXT) || '/%'", d1.parse().unwrap()).await,
        4,
        "the Office's signing, a date after today, a second signing and an edit: refused and logged"
    );
        assert_eq!(scalar(&app.store, "SELECT COUNT(*) FROM awards WHERE person_id = $1 AND award = 'CSTDCS' AND year = 2025", app.p[0]).await, 1);

        // Documents: the decision in Word names P1; the certificates PDF is printable.
        let docx = head
            .get(format!("{b}/quyet-dinh/{d1}/van-ban.docx"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.to_vec())).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        assert!(
            xml.contains("Lê Văn Một") && xml.contains("57/QĐ-BDT"),
            "the decision names P1 and its number"
        );
        assert!(xml.contains("DANH SÁCH"), "the annexed list");
        let pdf = head
            .get(format!("{b}/quyet-dinh/{d1}/giay-khen.pdf"))
            .send()
            .await
            .unwrap();
        assert_eq!(pdf.status(), StatusCode::OK);
        assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
        let minutes = office
            .get(format!("{s_url}/bien-ban.docx"))
            .send()
            .await
            .unwrap();
        assert_eq!(minutes.status(), StatusCode::OK);

        // Cancel 57 (its award leaves the registry), replace it: 59.
        let (s, _) = post_form(
            &head,
            &format!("{b}/quyet-dinh/{d1}/huy"),
            &[("csrf", &hcsrf), ("reason", " ")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
        let (s, body) = post_form(
            &head,
            &format!("{b}/quyet-dinh/{d1}/huy"),
            &[("csrf", &hcsrf), ("reason", "Sai nội dung khen thưởng")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(
            scalar(
                &app.store,
                "SELECT COUNT(*) FROM awards WHERE person_id = $1 AND award = 'CSTDCS'",
                app.p[0]
            )
            .await,
            0
        );
        let r = office
            .post(format!("{b}/quyet-dinh/{d1}/thay-the"))
            .form(&[("csrf", ocsrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let d3 = id_in(&location(&r), "/quyet-dinh/");
        let (s, body) = post_form(
            &head,
            &format!("{b}/quyet-dinh/{d3}/ky"),
            &[("csrf", &hcsrf), ("signed_on", "25/01/2026")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let symbols = strings(
            &app.store,
            "SELECT symbol FROM decisions WHERE symbol IS NOT NULL ORDER BY number",
        )
        .await;
        assert_eq!(
            symbols,
            ["57/QĐ-BDT", "58/QĐ-BDT", "59/QĐ-BDT"],
            "no gap, no duplicate"
        );
        let page = office
            .get(format!("{b}/quyet-dinh/{d1}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Thay thế bằng quyết định số 59/QĐ-BDT"),
            "{page}"
        );
        assert!(
            page.contains("Ký ban hành quyết định 57/QĐ-BDT")
                && page.contains("Hủy quyết định 57/QĐ-BDT"),
            "its history"
        );

        // The upward proposal: the province's decision recorded into the registry.
        let unit_item = items
            .iter()
            .find(|i| i.unit_id == Some(app.dept))
            .unwrap()
            .id
            .to_string();
        let (s, body) = post_form(
            &office,
            &format!("{s_url}/ket-luan"),
            &[
                ("csrf", &ocsrf),
                ("do", "cap-tren"),
                ("item", &unit_item),
                ("number", "215/QĐ-UBND"),
                ("date", "30/01/2026"),
                ("issuer", "Chủ tịch UBND tỉnh"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(scalar(&app.store, "SELECT COUNT(*) FROM awards WHERE unit_id = $1 AND award = 'TTLDXS' AND year = 2025", app.dept).await, 1);

        // Public pages: the published list and a certificate's QR code, without signing in.
        let (s, body) = post_form(
            &office,
            &format!("{s_url}/ket-luan"),
            &[
                ("csrf", &ocsrf),
                ("do", "cong-khai"),
                ("from", "10/06/2026"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let anon = tdkt_tests::http::client();
        let public = anon
            .get(format!("{b}/cong-khai/{sid}"))
            .send()
            .await
            .unwrap();
        assert_eq!(public.status(), StatusCode::OK);
        let public = public.text().await.unwrap();
        assert!(
            public.contains("Lê Văn Một") && public.contains("59/QĐ-BDT"),
            "{public}"
        );
        assert!(
            !public.contains("Trần Thị Hai"),
            "a rejected nominee is not published"
        );
        let (clerk, kcsrf) = login(b, "vanphong").await;
        let (s, _) = post_form(
            &clerk,
            &format!("{b}/cong-khai/{sid}/gop-y"),
            &[("csrf", &kcsrf), ("body", "Đồng ý với danh sách.")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let code = strings(
            &app.store,
            "SELECT public_code FROM awards WHERE public_code IS NOT NULL ORDER BY id DESC",
        )
        .await;
        let verify = anon
            .get(format!("{b}/xac-minh/{}", code[0]))
            .send()
            .await
            .unwrap();
        assert_eq!(verify.status(), StatusCode::OK);
        let verify = verify.text().await.unwrap();
        assert!(
            verify.contains("59/QĐ-BDT") && verify.contains("Lê Văn Một"),
            "{verify}"
        );
        assert!(
            !verify.contains("P1"),
            "nothing more than name, award and decision"
        );
        let r = anon
            .get(format!("{b}/xac-minh/KHONGCOMA"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);

        // A superior body's award that did not go through this council, entered on the person's profile.
        let url = format!("{b}/can-bo/{}/lich-su", app.p[1]);
        let form = |award: &'static str| {
            [
                ("csrf", ocsrf.clone()),
                ("loai", "khen-thuong".into()),
                ("award", award.into()),
                ("year", "2025".into()),
                ("number", "301/QĐ-UBND".into()),
                ("from", "02/03/2026".into()),
                ("issuer", "Chủ tịch UBND tỉnh".into()),
            ]
        };
        let r = office
            .post(&url)
            .form(&form("TTLDXS"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "a collective's title for a person"
        );
        let r = office
            .post(&url)
            .form(&form("BK_TINH"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(scalar(&app.store, "SELECT COUNT(*) FROM awards WHERE person_id = $1 AND award = 'BK_TINH' AND decision_number = '301/QĐ-UBND'", app.p[1]).await, 1);
        let page = office
            .get(format!("{b}/can-bo/{}", app.p[1]))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("301/QĐ-UBND"), "on the achievement profile");
        let reg = office
            .get(format!("{b}/khen-thuong?nam=2025"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            reg.contains("59/QĐ-BDT") && reg.contains("301/QĐ-UBND") && reg.contains("215/QĐ-UBND"),
            "the registry of the year"
        );
        assert!(
            !reg.contains("57/QĐ-BDT"),
            "a cancelled decision's award is gone"
        );
    }
);
