//! The demo's shape, built through the store for page and authorization tests:
//! UBND tỉnh (root) ⊃ Ban Dân tộc (agency) ⊃ Phòng Chính sách, Văn phòng and
//! two spare departments; people; one account per demo role (password
//! `mat-khau-dai`, as `tdkt_tests::http::login` expects) on the demo's units;
//! a movement, a published plan with Phòng Chính sách's registration saved, a
//! bloc, and a spare account for the account-management pages.

use chrono::NaiveDate;
use tdkt_domain::auth::Role;
use tdkt_domain::codes::AwardCode;
use tdkt_domain::emulation::movement::MovementInput;
use tdkt_domain::emulation::plan::PlanInput;
use tdkt_store::emulation::NewEntry;
use tdkt_store::{Actor, Store};
use tdkt_tests::seed;

/// The demo's accounts: (username, role, unit code), as in crates/cli/src/demo.rs.
pub const ROLES: &[(&str, Role, &str)] = &[
    ("admin", Role::Admin, "UBND-KH"),
    ("vanphong", Role::Secretariat, "BDT"),
    ("truongban", Role::AgencyHead, "BDT"),
    ("hoidong", Role::CouncilMember, "BDT"),
    ("truongphong", Role::UnitHead, "PCS"),
    ("canbo", Role::UnitClerk, "PCS"),
    ("xem", Role::Viewer, "BDT"),
];

#[derive(Clone, Debug)]
pub struct Fixture {
    pub agency: i64,
    pub pcs: i64,
    pub vp: i64,
    /// Departments nobody works in: deactivated, reactivated, merged by tests.
    pub spare: i64,
    pub spare2: i64,
    /// People of Phòng Chính sách, then the one of Văn phòng.
    pub p1: i64,
    pub p2: i64,
    pub v1: i64,
    pub movement: i64,
    pub plan: i64,
    /// Phòng Chính sách's registration to the plan (saved, not submitted).
    pub registration: i64,
    pub bloc: i64,
    /// A draft initiative of Phòng Chính sách (author P1, complete enough to submit).
    pub initiative: i64,
    /// Phòng Chính sách's 2026 dossier (draft), its nominee P1 (LĐTT) and one file.
    pub dossier: i64,
    pub nominee: i64,
    pub dossier_file: i64,
    /// The agency's council (term 2026–2030; its chair is an account outside
    /// [`ROLES`], and `hoidong` sits on it when created), a session being
    /// prepared, a draft decision from a closed session with one recipient
    /// (V1, LĐTT) and a certificate template.
    pub council: i64,
    pub session: i64,
    pub decision: i64,
    pub recipient: i64,
    pub template: i64,
    /// The agency's fund: one hand entry (budget, 10.000.000 đ, 02/01/2026).
    pub fund_entry: i64,
    /// A good deed of Phòng Chính sách naming P1, not published.
    pub exemplar: i64,
    /// An account (viewer on Phòng Chính sách) for the account pages, and its role row.
    pub spare_user: i64,
    pub spare_user_role: i64,
    /// user id of each entry of [`ROLES`], in order.
    pub users: Vec<i64>,
}

/// Builds the fixture. `only` limits the accounts created to those names
/// (argon2 hashing is the slow part); `None` creates every one.
pub async fn build(store: &Store, only: Option<&[&str]>) -> Fixture {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let mut unit = async |code: &str, name: &str, parent: Option<i64>, kind: &str, level: &str| {
        seed::unit(&mut w, &levels, code, name, parent, kind, level).await
    };
    let root = unit("UBND-KH", "UBND tỉnh Khánh Hòa", None, "agency", "tinh").await;
    let agency = unit("BDT", "Ban Dân tộc", Some(root), "agency", "so-nganh").await;
    let pcs = unit(
        "PCS",
        "Phòng Chính sách",
        Some(agency),
        "department",
        "phong",
    )
    .await;
    let vp = unit("VP", "Văn phòng", Some(agency), "department", "phong").await;
    let spare = unit("TT", "Phòng Thanh tra", Some(agency), "department", "phong").await;
    let spare2 = unit(
        "KHTH",
        "Phòng Kế hoạch – Tổng hợp",
        Some(agency),
        "department",
        "phong",
    )
    .await;
    let mut people = Vec::new();
    for (code, name, unit_id) in [
        ("P1", "Lê Văn Một", pcs),
        ("P2", "Trần Thị Hai", pcs),
        ("V1", "Đỗ Văn Khác", vp),
    ] {
        let v = seed::person_input(code, name, unit_id, "01/01/2010")
            .validate(crate_today())
            .unwrap();
        people.push(w.create_person(&v).await.unwrap().id);
    }
    let unit_of = |code: &str| match code {
        "UBND-KH" => root,
        "BDT" => agency,
        "PCS" => pcs,
        _ => unreachable!(),
    };
    let mut users = Vec::new();
    for (name, role, unit_code) in ROLES {
        if only.is_some_and(|o| !o.contains(name)) {
            users.push(0);
            continue;
        }
        users.push(seed::account(&mut w, name, *role, unit_of(unit_code)).await);
    }
    let spare_user = w
        .create_user("nguoi.xem.pcs", "Người xem PCS", "mat-khau-dai", false)
        .await
        .unwrap();
    w.grant_role(spare_user, Role::Viewer, pcs).await.unwrap();
    let movement = w
        .create_movement(
            agency,
            None,
            &MovementInput {
                name: "Phong trào thi đua công tác dân tộc".into(),
                kind: "thuong-xuyen".into(),
                scope: "Ban Dân tộc".into(),
                start: "01/01/2026".into(),
                end: String::new(),
                targets: "Hoàn thành xuất sắc nhiệm vụ".into(),
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
    let plan_input = PlanInput {
        year: "2026".into(),
        title: "Phát động phong trào thi đua năm 2026".into(),
        purpose: "- Tạo không khí thi đua".into(),
        content: "1. Đăng ký thi đua".into(),
        organisation: "1. Các phòng gửi đăng ký".into(),
        registration_due: "31/12/2026".into(),
        recipients: "- Các Phòng thuộc Ban;\n- Lưu: VT, VP.".into(),
        signer: "Đặng Văn Tuấn".into(),
        signer_position: "TRƯỞNG BAN".into(),
        ..Default::default()
    };
    let plan = w
        .create_plan(agency, Some(movement), &plan_input.validate().unwrap())
        .await
        .unwrap();
    w.publish_plan(plan).await.unwrap();
    let registration = w
        .save_registration(
            plan,
            pcs,
            &[NewEntry {
                person_id: Some(people[0]),
                unit_id: None,
                award: AwardCode::Ldtt,
                targets: "Hoàn thành tốt".into(),
            }],
        )
        .await
        .unwrap();
    let bloc = w
        .create_bloc(
            "KTD-TMTH",
            "Khối thi đua các cơ quan tham mưu tổng hợp",
            2026,
        )
        .await
        .unwrap()
        .id;
    w.put_bloc_member(bloc, agency, "leader", Some(1))
        .await
        .unwrap();
    let initiative = w
        .create_initiative(
            pcs,
            None,
            2026,
            &tdkt_domain::emulation::initiative::InitiativeInput {
                title: "Số hóa hồ sơ chính sách".into(),
                category: "sang-kien".into(),
                description: "Quét và lập chỉ mục".into(),
                applied_at: "Phòng Chính sách".into(),
                benefit: "Tra cứu nhanh".into(),
                authors: vec![tdkt_domain::emulation::initiative::AuthorInput {
                    code: "P1".into(),
                    share: String::new(),
                }],
            }
            .validate(true)
            .unwrap(),
        )
        .await
        .unwrap();
    let dossier = w
        .create_dossier(pcs, 2026, None, tdkt_domain::codes::AwardKind::CongTrang)
        .await
        .unwrap();
    let nominee = w
        .add_nominee(
            dossier,
            tdkt_store::history::Subject::Person(people[0]),
            AwardCode::Ldtt,
            "Hoàn thành tốt nhiệm vụ",
        )
        .await
        .unwrap();
    let stored = tdkt_web::files::store_bytes(
        &tdkt_web::WebConfig::default().files_dir,
        "cong-van.pdf",
        b"%PDF-1.4\n% cong van\n",
    )
    .unwrap();
    let dossier_file = w
        .add_dossier_file(
            dossier,
            None,
            tdkt_domain::emulation::dossier::DossierPart::Khac,
            &stored.name,
            &stored.sha256,
            stored.size as i64,
            stored.mime,
        )
        .await
        .unwrap();
    // Văn phòng's dossier, ready for the council: V1 for LĐTT, the minutes uploaded.
    let vp_dossier = w
        .create_dossier(vp, 2026, None, tdkt_domain::codes::AwardKind::CongTrang)
        .await
        .unwrap();
    let vp_nominee = w
        .add_nominee(
            vp_dossier,
            tdkt_store::history::Subject::Person(people[2]),
            AwardCode::Ldtt,
            "Hoàn thành tốt nhiệm vụ năm 2026",
        )
        .await
        .unwrap();
    w.add_dossier_file(
        vp_dossier,
        None,
        tdkt_domain::emulation::dossier::DossierPart::BienBan,
        &stored.name,
        &stored.sha256,
        stored.size as i64,
        stored.mime,
    )
    .await
    .unwrap();
    w.set_separate_duties(false);
    let params = tdkt_domain::rules::Params::national(tdkt_domain::rules::Regime::Nd152_2025);
    for action in [
        tdkt_domain::emulation::dossier::DossierAction::Submit,
        tdkt_domain::emulation::dossier::DossierAction::Receive,
        tdkt_domain::emulation::dossier::DossierAction::Review,
        tdkt_domain::emulation::dossier::DossierAction::Ready,
    ] {
        w.dossier_action(vp_dossier, action, "", None, crate_today(), &params)
            .await
            .unwrap();
    }
    let chair = w
        .create_user("chutich", "Chủ tịch Hội đồng", "mat-khau-dai", false)
        .await
        .unwrap();
    use tdkt_domain::commendation::council::{CouncilRole, CouncilTerm, Session};
    let council = w
        .create_council(
            agency,
            &CouncilTerm {
                name: "Hội đồng Thi đua – Khen thưởng Ban Dân tộc".into(),
                from_year: 2026,
                to_year: 2030,
            },
        )
        .await
        .unwrap();
    w.put_council_member(council, chair, CouncilRole::Chair, "Trưởng Ban", true)
        .await
        .unwrap();
    if let Some(i) = ROLES.iter().position(|r| r.0 == "hoidong")
        && users[i] != 0
    {
        w.put_council_member(council, users[i], CouncilRole::Member, "Ủy viên", false)
            .await
            .unwrap();
    }
    let session_of = |day: u32| Session {
        held_on: NaiveDate::from_ymd_opt(2026, 6, day).unwrap(),
        year: 2026,
        place: "Phòng họp".into(),
        notes: String::new(),
        ballot_all: false,
    };
    let session = w.create_session(council, &session_of(10)).await.unwrap();
    let closed = w.create_session(council, &session_of(12)).await.unwrap();
    w.add_session_items(closed, &[vp_nominee]).await.unwrap();
    let template = w
        .save_certificate_template(
            None,
            "Giấy khen (A4 ngang)",
            &serde_json::to_string(&tdkt_documents::certificate::default_template(
                tdkt_documents::certificate::BlankKind::GiayKhen,
            ))
            .unwrap(),
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let chair_actor = store
        .actor_of(chair, "chutich", "Chủ tịch Hội đồng")
        .await
        .unwrap();
    let mut w = store.begin(&chair_actor).await.unwrap();
    w.open_vote(closed, &params).await.unwrap();
    w.close_vote(closed).await.unwrap();
    w.commit().await.unwrap();
    let item = store.session_items(closed).await.unwrap()[0].id;
    let mut w = store.begin(&sys).await.unwrap();
    let decision = w
        .create_decision(
            closed,
            agency,
            &[item],
            &tdkt_domain::commendation::decision::DecisionInput {
                summary: "Về việc công nhận danh hiệu Lao động tiên tiến năm 2026".into(),
                authority_line: "TRƯỞNG BAN BAN DÂN TỘC".into(),
                signer: "Đặng Văn Tuấn".into(),
                signer_position: "Trưởng Ban".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
            None,
        )
        .await
        .unwrap();
    let fund_entry = w
        .add_fund_entry(
            agency,
            &tdkt_domain::commendation::fund::EntryInput {
                entry_on: "02/01/2026".into(),
                category: "ngan-sach".into(),
                amount: "10.000.000".into(),
                description: "Trích lập quỹ thi đua, khen thưởng năm 2026".into(),
                voucher: "PT-01".into(),
            }
            .check(crate_today())
            .unwrap(),
        )
        .await
        .unwrap();
    let exemplar = w
        .save_exemplar(
            None,
            pcs,
            None,
            &tdkt_domain::emulation::exemplar::ExemplarInput {
                kind: "nguoi-tot".into(),
                title: "Giúp đỡ đồng bào vùng lũ".into(),
                story: "Tự nguyện vận chuyển hàng cứu trợ cho bà con vùng lũ suốt một tuần.".into(),
                recognised_on: "01/03/2026".into(),
                source: "Phòng Chính sách đề xuất".into(),
            }
            .check(crate_today())
            .unwrap(),
            "P1",
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let recipient = store.decision(&sys, decision).await.unwrap().1[0].id;
    let spare_user_role = store.user_roles(spare_user).await.unwrap()[0].id;
    Fixture {
        agency,
        pcs,
        vp,
        spare,
        spare2,
        p1: people[0],
        p2: people[1],
        v1: people[2],
        movement,
        plan,
        registration,
        bloc,
        initiative,
        dossier,
        nominee,
        dossier_file,
        council,
        session,
        decision,
        recipient,
        template,
        fund_entry,
        exemplar,
        spare_user,
        spare_user_role,
        users,
    }
}

fn crate_today() -> NaiveDate {
    tdkt_tests::TODAY
}
