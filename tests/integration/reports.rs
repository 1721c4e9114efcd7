//! The statutory statistics of a body's year on both databases, checked cell
//! by cell against figures counted by hand: a province-level department with
//! two departments, its head and a department head (managers), two staff, a
//! provincial movement and the department's own, and the year's awards —
//! including others' (another agency, another year, base-level titles) that
//! must not count.

use reqwest::StatusCode;
use tdkt_domain::auth::Role;
use tdkt_domain::codes::{AwardCode, AwardKind};
use tdkt_domain::emulation::movement::MovementInput;
use tdkt_domain::reports::statutory::{form_0601, form_0602, form_0603};
use tdkt_store::history::{NewAward, Subject};
use tdkt_store::{Actor, Store};
use tdkt_tests::http::login;
use tdkt_tests::{on_both, seed};

fn award(code: AwardCode, year: i32, kind: AwardKind) -> NewAward {
    NewAward {
        award: code,
        year,
        kind,
        decision_number: format!("{}/QĐ-UBND", year % 100),
        decision_date: chrono::NaiveDate::from_ymd_opt(year, 12, 20),
        issuer: "Chủ tịch UBND tỉnh".into(),
        unit_name: String::new(),
    }
}

on_both!(
    statutory_forms_count_the_body_year,
    |store: Store| async move {
        let sys = Actor::system("test");
        let levels = store.levels().await.unwrap();
        let mut w = store.begin(&sys).await.unwrap();
        let province =
            seed::unit(&mut w, &levels, "UBND", "UBND tỉnh", None, "agency", "tinh").await;
        let agency = seed::agency(
            &mut w,
            &levels,
            "SO",
            "Sở Nội vụ",
            Some(province),
            "so-nganh",
        )
        .await;
        let other = seed::agency(
            &mut w,
            &levels,
            "SO2",
            "Sở khác",
            Some(province),
            "so-nganh",
        )
        .await;
        let dept = seed::department(&mut w, &levels, "P1", "Phòng Một", agency).await;
        let mut person = async |code: &str, unit: i64, manager: bool| {
            let mut p = seed::person_input(code, "Nguyễn Văn An", unit, "01/01/2010");
            p.is_manager = manager;
            w.create_person(&p.validate(seed::people_on()).unwrap())
                .await
                .unwrap()
                .id
        };
        let head = person("GD", agency, true).await; // Giám đốc Sở: lãnh đạo cấp sở
        let dept_head = person("TP", dept, true).await; // Trưởng phòng: lãnh đạo từ phó phòng
        let staff = person("CV", dept, false).await; // chuyên viên
        let outsider = person("X", other, false).await;
        let give = [
            (
                Subject::Person(head),
                AwardCode::BkTinh,
                2025,
                AwardKind::CongTrang,
            ),
            (
                Subject::Person(dept_head),
                AwardCode::CstdTinh,
                2025,
                AwardKind::CongTrang,
            ),
            (
                Subject::Person(staff),
                AwardCode::BkTinh,
                2025,
                AwardKind::ChuyenDe,
            ),
            (
                Subject::Person(staff),
                AwardCode::BkTtg,
                2025,
                AwardKind::CongTrang,
            ),
            (
                Subject::Unit(dept),
                AwardCode::BkTinh,
                2025,
                AwardKind::DotXuat,
            ),
            (
                Subject::Unit(agency),
                AwardCode::CoTinh,
                2025,
                AwardKind::CongTrang,
            ),
            (
                Subject::Unit(agency),
                AwardCode::Hcld3,
                2025,
                AwardKind::CongTrang,
            ),
            // Not counted: a base-level title, another year, another agency.
            (
                Subject::Person(staff),
                AwardCode::Ldtt,
                2025,
                AwardKind::CongTrang,
            ),
            (
                Subject::Person(head),
                AwardCode::BkTinh,
                2024,
                AwardKind::CongTrang,
            ),
            (
                Subject::Person(outsider),
                AwardCode::BkTinh,
                2025,
                AwardKind::CongTrang,
            ),
        ];
        for (s, code, year, kind) in give {
            w.add_award(s, &award(code, year, kind)).await.unwrap();
        }
        // The staff member was rated "hoàn thành nhiệm vụ" in 2024: the 2025 awards rose from it.
        w.put_rating(Subject::Person(staff), 2024, tdkt_domain::codes::Rating::Ht)
            .await
            .unwrap();
        // Movements: the province's (not in the body's subtree), the department's own
        // theme for a half year, the agency's regular one over five years (2021–2025).
        for (unit, name, kind, start, end) in [
            (
                province,
                "Phong trào của tỉnh",
                "thuong-xuyen",
                "01/01/2025",
                "31/12/2025",
            ),
            (
                agency,
                "Thi đua thường xuyên giai đoạn 2021–2025",
                "thuong-xuyen",
                "01/01/2021",
                "31/12/2025",
            ),
            (
                dept,
                "Thi đua chuyên đề chuyển đổi số",
                "chuyen-de",
                "01/03/2025",
                "31/08/2025",
            ),
            (
                dept,
                "Phong trào đã kết thúc năm trước",
                "chuyen-de",
                "01/03/2024",
                "31/08/2024",
            ),
        ] {
            w.create_movement(
                unit,
                None,
                &MovementInput {
                    name: name.into(),
                    kind: kind.into(),
                    scope: String::new(),
                    start: start.into(),
                    end: end.into(),
                    targets: String::new(),
                }
                .validate()
                .unwrap(),
            )
            .await
            .unwrap();
        }
        seed::accounts(
            &mut w,
            &[
                ("vanphong", Role::Secretariat, agency),
                ("xem", Role::Viewer, agency),
            ],
        )
        .await;
        w.commit().await.unwrap();

        let facts = store.year_facts(agency, 2025).await.unwrap();
        assert!(
            facts.province,
            "a provincial sở submits through the province (row 1.2)"
        );
        // 0601: two movements of the agency's subtree run in 2025; the sở counts
        // with the province's level, the department with the agencies'.
        let f = form_0601(&facts.movements);
        assert_eq!(
            (f.cell("", 0), f.cell("", 1), f.cell("", 2), f.cell("", 3)),
            (Some(2), Some(0), Some(1), Some(1))
        );
        assert_eq!((f.cell("2.1", 0), f.cell("2.5", 0)), (Some(1), Some(1)));
        assert_eq!((f.cell("3.1", 0), f.cell("3.2", 0)), (Some(1), Some(1)));
        assert_eq!(f.cell("1.4", 0), Some(2));
        // 0603: BK tỉnh to the head (lãnh đạo sở), the staff (chuyên đề), the
        // department (đột xuất); CSTĐ tỉnh to the department head; Cờ to the agency.
        let f = form_0603(&facts.awards, facts.province);
        // Columns: total T, total C, BK T, BK C, CSTĐ C, Cờ T, KNC C.
        assert_eq!(
            (0..7).map(|c| f.cell("", c)).collect::<Vec<_>>(),
            vec![
                Some(2),
                Some(3),
                Some(1),
                Some(2),
                Some(1),
                Some(1),
                Some(0)
            ]
        );
        assert_eq!((f.cell("1.1", 1), f.cell("1.2", 1)), (Some(0), Some(3)));
        assert_eq!(f.cell("2.1", 0), Some(2));
        assert_eq!(f.cell("2.3.2", 3), Some(1));
        assert_eq!(f.cell("2.3.4", 4), Some(1));
        assert_eq!(f.cell("2.3.5", 3), Some(1));
        assert_eq!((f.cell("3.1", 0), f.cell("3.1", 1)), (Some(1), Some(2)));
        assert_eq!((f.cell("3.2", 3), f.cell("3.3", 2)), (Some(1), Some(1)));
        // 0602: the Prime Minister's Bằng khen to the staff, the Huân chương to the agency.
        let f = form_0602(&facts.awards, facts.province);
        assert_eq!((f.cell("", 0), f.cell("", 1)), (Some(1), Some(1)));
        assert_eq!(f.cell("", 2), Some(1), "Huân chương, tập thể");
        assert_eq!(f.cell("2.3.5", 1), Some(1));

        // The seed's shares: 2025 has 8 awards in the body (5 to people: 3 to the
        // staff member, who is no manager); all but the head's are first awards;
        // the staff member's 3 rose from last year's "hoàn thành nhiệm vụ".
        let counts: Vec<_> = store
            .award_counts(agency, 2024, 2025)
            .await
            .unwrap()
            .into_iter()
            .map(|(_, y, c)| (y, c))
            .collect();
        let s = tdkt_domain::reports::emphasis::shares(&counts, 2024..=2025);
        assert_eq!(
            (s[0].awards, s[0].individual, s[0].first_time),
            (1, 1, 100.0)
        );
        assert_eq!((s[1].awards, s[1].individual), (8, 5));
        assert_eq!(
            (s[1].non_manager, s[1].women, s[1].first_time, s[1].risen),
            (60.0, 0.0, 87.5, 37.5)
        );

        // Over HTTP: the Office sees the page and the workbook; a viewer does not.
        let base = tdkt_tests::http::serve(store.clone(), tdkt_tests::http::config()).await;
        let (office, _) = login(&base, "vanphong").await;
        let page = office
            .get(format!("{base}/bao-cao?nam=2025"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, TỈNH")
                && page.contains("Sở Nội vụ"),
            "{page}"
        );
        let r = office
            .get(format!("{base}/bao-cao/thong-ke.xlsx?nam=2025"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.bytes().await.unwrap().starts_with(b"PK"));
        let r = office
            .get(format!("{base}/bao-cao/thong-ke.pdf?nam=2025"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
        let r = office
            .get(format!("{base}/bao-cao?nam=2025&don-vi={other}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "another agency's report");
        let r = office
            .get(format!("{base}/bao-cao?nam=hai-nghin"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let (viewer, _) = login(&base, "xem").await;
        let r = viewer
            .get(format!("{base}/bao-cao?nam=2025"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
);
