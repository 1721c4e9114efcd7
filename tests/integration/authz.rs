//! The authorization matrix: every route of the router × every demo role and
//! an anonymous visitor, with the status each must get. The routes are read
//! from the router's source (`crates/web/src/lib.rs`, `crates/web/src/api.rs`):
//! a route without a row here fails `every_route_has_a_row`, so a new route
//! cannot ship without its gate being stated.
//!
//! Each role runs on a fresh database (the fixture of `fixture.rs` with only
//! that role's account), so what one role's POSTs change cannot decide another
//! role's answer. POSTs carry the session's CSRF token and bodies that are
//! valid but harmless (they touch the fixture's spare units, people and
//! account), or invalid where the gate comes before the validation.

use crate::fixture::{self, Fixture};
use reqwest::StatusCode;
use std::collections::BTreeSet;
use tdkt_tests::http::client;

/// Columns of the matrix, in order.
const WHO: [&str; 8] = [
    "anonyme",
    "admin",
    "vanphong",
    "truongban",
    "hoidong",
    "truongphong",
    "canbo",
    "xem",
];

enum Body {
    None,
    Form(&'static [(&'static str, &'static str)]),
    /// A multipart upload: the CSRF field and a file that is not a spreadsheet.
    Upload,
    Json(&'static str),
}

struct Row {
    method: &'static str,
    /// The route as written in the router.
    route: &'static str,
    /// The URL asked, with fixture names in braces (see `url`).
    url: &'static str,
    body: Body,
    /// One token per column of [`WHO`]: a status code, or `L` for a redirect
    /// (303) to the login page.
    expect: &'static str,
}

const fn row(
    method: &'static str,
    route: &'static str,
    url: &'static str,
    body: Body,
    expect: &'static str,
) -> Row {
    Row {
        method,
        route,
        url,
        body,
        expect,
    }
}

use Body::{Form, Json, None as NoBody, Upload};

/// Who may do what (roles: Admin everything; Secretariat View, ManageUnits,
/// ManagePeople, ManageHistory, Rate, ViewAudit, Register, Submit, Review;
/// AgencyHead View, ViewAudit, Review, Submit, Decide; CouncilMember View, Vote;
/// UnitHead View, ManagePeople, Rate, Register, Submit; UnitClerk View,
/// ManagePeople, Rate, Register; Viewer View), with truongphong and canbo on Phòng Chính sách
/// only (another unit's things are not found: 404).
#[rustfmt::skip]
const MATRIX: &[Row] = &[
    //   method  route                                   url                                             body                     anon admin vp  tb  hd  tp  cb  xem
    row("GET",  "/",                                     "/",                                            NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/healthz",                              "/healthz",                                     NoBody,                  "200 200 200 200 200 200 200 200"),
    // A signed-in user may open the login page again (to change account).
    row("GET",  "/dang-nhap",                            "/dang-nhap",                                   NoBody,                  "200 200 200 200 200 200 200 200"),
    // Without the login form's double-submit token: refused before any password is checked.
    row("POST", "/dang-nhap",                            "/dang-nhap",                                   Form(&[("username", "admin"), ("password", "x")]), "403 403 403 403 403 403 403 403"),
    row("GET",  "/doi-mat-khau",                         "/doi-mat-khau",                                NoBody,                  "L 200 200 200 200 200 200 200"),
    // Two different new passwords: the form again, nothing changed.
    row("POST", "/doi-mat-khau",                         "/doi-mat-khau",                                Form(&[("current", "x"), ("new_password", "mat-khau-moi-1"), ("confirm", "mat-khau-moi-2")]), "L 422 422 422 422 422 422 422"),
    row("GET",  "/don-vi",                               "/don-vi",                                      NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/cap-don-vi",                           "/cap-don-vi",                                  NoBody,                  "L 200 403 403 403 403 403 403"),
    row("POST", "/cap-don-vi",                           "/cap-don-vi",                                  Form(&[("code", "xa"), ("name", "Cấp xã"), ("rank", "không")]), "L 422 403 403 403 403 403 403"),
    row("GET",  "/don-vi/moi",                           "/don-vi/moi",                                  NoBody,                  "L 200 200 403 403 403 403 403"),
    row("POST", "/don-vi/moi",                           "/don-vi/moi",                                  Form(&[("code", "MOI"), ("name", "Phòng Mới"), ("kind", "department"), ("level", "phong"), ("parent_id", "{agency}")]), "L 303 303 403 403 403 403 403"),
    row("GET",  "/don-vi/{id}",                          "/don-vi/{pcs}",                                NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/don-vi/{id}",                          "/don-vi/{vp}",                                 NoBody,                  "L 200 200 200 200 404 404 200"),
    row("GET",  "/don-vi/{id}/sua",                      "/don-vi/{pcs}/sua",                            NoBody,                  "L 200 200 403 403 403 403 403"),
    row("POST", "/don-vi/{id}/sua",                      "/don-vi/{pcs}/sua",                            Form(&[("code", "PCS"), ("name", "Phòng Chính sách"), ("kind", "department"), ("level", "phong"), ("parent_id", "{agency}")]), "L 303 303 403 403 403 403 403"),
    row("POST", "/don-vi/{id}/ngung",                    "/don-vi/{spare}/ngung",                        Form(&[]),               "L 303 303 403 403 404 404 403"),
    row("POST", "/don-vi/{id}/khoi-phuc",                "/don-vi/{spare}/khoi-phuc",                    Form(&[]),               "L 303 303 403 403 404 404 403"),
    row("POST", "/don-vi/{id}/sap-nhap",                 "/don-vi/{spare2}/sap-nhap",                    Form(&[("into", "{vp}"), ("on_date", "01/06/2026")]), "L 303 303 403 403 404 404 403"),
    row("GET",  "/can-bo",                               "/can-bo",                                      NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/can-bo/moi",                           "/can-bo/moi",                                  NoBody,                  "L 200 200 403 403 200 200 403"),
    row("POST", "/can-bo/moi",                           "/can-bo/moi",                                  Form(&[("code", "MOI1"), ("full_name", "Vũ Văn Mới"), ("gender", "nam"), ("staff_category", "cong-chuc"), ("unit_id", "{pcs}")]), "L 303 303 403 403 303 303 403"),
    row("GET",  "/can-bo/xuat.xlsx",                     "/can-bo/xuat.xlsx",                            NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/can-bo/{id}",                          "/can-bo/{p1}",                                 NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/can-bo/{id}",                          "/can-bo/{v1}",                                 NoBody,                  "L 200 200 200 200 404 404 200"),
    row("GET",  "/can-bo/{id}/sua",                      "/can-bo/{p1}/sua",                             NoBody,                  "L 200 200 403 403 200 200 403"),
    row("POST", "/can-bo/{id}/sua",                      "/can-bo/{p1}/sua",                             Form(&[("code", "P1"), ("full_name", "Lê Văn Một"), ("gender", "nam"), ("staff_category", "cong-chuc"), ("unit_id", "{pcs}"), ("employment_start", "01/01/2010")]), "L 303 303 403 403 303 303 403"),
    // Into Văn phòng: outside the department's scope for its head and clerk.
    row("POST", "/can-bo/{id}/dieu-chuyen",              "/can-bo/{p2}/dieu-chuyen",                     Form(&[("unit_id", "{vp}"), ("on_date", "01/05/2026")]), "L 303 303 403 403 403 403 403"),
    row("POST", "/can-bo/{id}/chuyen-den",               "/can-bo/{p1}/chuyen-den",                      Form(&[("from_agency", "UBND huyện Khánh Sơn"), ("on_date", "01/01/2010")]), "L 303 303 403 403 303 303 403"),
    row("GET",  "/can-bo/{id}/xet",                      "/can-bo/{p1}/xet",                             NoBody,                  "L 200 200 200 200 200 200 200"),
    // Disciplines, open matters and leaves: the Office's (ManageHistory).
    row("POST", "/can-bo/{id}/lich-su",                  "/can-bo/{p1}/lich-su",                         Form(&[("loai", "vu-viec"), ("kind", "thanh-tra"), ("from", "01/06/2026")]), "L 303 303 403 403 403 403 403"),
    row("POST", "/can-bo/{id}/trang-thai",               "/can-bo/{p1}/trang-thai",                      Form(&[("active", "1")]), "L 303 303 403 403 303 303 403"),
    row("GET",  "/thong-bao",                            "/thong-bao",                                   NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/thong-bao/da-doc",                     "/thong-bao/da-doc",                            Form(&[]),               "L 303 303 303 303 303 303 303"),
    row("GET",  "/phong-trao",                           "/phong-trao",                                  NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/phong-trao",                           "/phong-trao",                                  Form(&[("unit_id", "{agency}"), ("name", "Phong trào mới"), ("kind", "thuong-xuyen"), ("start", "01/07/2026")]), "L 303 303 303 403 403 403 403"),
    row("GET",  "/phong-trao/{id}",                      "/phong-trao/{movement}",                       NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/phong-trao/{id}/trang-thai",           "/phong-trao/{movement}/trang-thai",            Form(&[]),               "L 303 303 303 403 403 403 403"),
    row("GET",  "/ke-hoach",                             "/ke-hoach",                                    NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/ke-hoach/moi",                         "/ke-hoach/moi",                                NoBody,                  "L 200 200 200 403 403 403 403"),
    row("POST", "/ke-hoach/moi",                         "/ke-hoach/moi",                                Form(&[("unit_id", "{agency}"), ("movement_id", ""), ("year", "2027"), ("title", "Kế hoạch năm 2027"), ("registration_due", "31/03/2027")]), "L 303 303 303 403 403 403 403"),
    row("GET",  "/ke-hoach/{id}",                        "/ke-hoach/{plan}",                             NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/ke-hoach/{id}/sua",                    "/ke-hoach/{plan}/sua",                         NoBody,                  "L 200 200 200 403 403 403 403"),
    row("POST", "/ke-hoach/{id}/sua",                    "/ke-hoach/{plan}/sua",                         Form(&[("unit_id", "{agency}"), ("movement_id", ""), ("year", "2026"), ("title", "Phát động phong trào thi đua năm 2026"), ("registration_due", "31/12/2026")]), "L 303 303 303 403 403 403 403"),
    // Already published: publishing again changes nothing, but only for those who may.
    row("POST", "/ke-hoach/{id}/ban-hanh",               "/ke-hoach/{plan}/ban-hanh",                    Form(&[]),               "L 303 303 303 403 403 403 403"),
        // Every role that sees the plan; each unit's line only for those who see the unit.
    row("GET",  "/ke-hoach/{id}/tong-hop.xlsx",          "/ke-hoach/{plan}/tong-hop.xlsx",               NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/ke-hoach/{id}/van-ban.docx",           "/ke-hoach/{plan}/van-ban.docx",                NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/ke-hoach/{id}/van-ban.pdf",            "/ke-hoach/{plan}/van-ban.pdf",                 NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/ke-hoach/{id}/bao-cao.docx",           "/ke-hoach/{plan}/bao-cao.docx",                NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/ke-hoach/{id}/bao-cao.pdf",            "/ke-hoach/{plan}/bao-cao.pdf",                 NoBody,                  "L 200 200 200 403 403 403 403"),
        // Those who may not register are sent to the saved registration's read-only
    // page (303); with none saved yet (Văn phòng, next row) they see the empty form.
    row("GET",  "/ke-hoach/{plan}/dang-ky/{unit}",       "/ke-hoach/{plan}/dang-ky/{pcs}",               NoBody,                  "L 200 200 303 303 200 200 303"),
    row("GET",  "/ke-hoach/{plan}/dang-ky/{unit}",       "/ke-hoach/{plan}/dang-ky/{vp}",                NoBody,                  "L 200 200 200 200 404 404 200"),
    row("POST", "/ke-hoach/{plan}/dang-ky/{unit}",       "/ke-hoach/{plan}/dang-ky/{pcs}",               Form(&[("t", "{p1}:LDTT")]), "L 303 303 403 403 303 303 403"),
    row("GET",  "/ke-hoach/{plan}/dang-ky/{unit}/mau.xlsx", "/ke-hoach/{plan}/dang-ky/{pcs}/mau.xlsx",   NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/ke-hoach/{plan}/dang-ky/{unit}/tai-len", "/ke-hoach/{plan}/dang-ky/{pcs}/tai-len",     Upload,                  "L 422 422 403 403 422 422 403"),
    row("GET",  "/dang-ky/{id}",                         "/dang-ky/{registration}",                      NoBody,                  "L 200 200 200 200 200 200 200"),
    // Submitting (accepting is checked with separation of duties in security.rs).
    row("POST", "/dang-ky/{id}/thao-tac",                "/dang-ky/{registration}/thao-tac",             Form(&[("action", "gui"), ("note", ""), ("extend_to", "")]), "L 303 303 303 403 303 403 403"),
    // Ratings: a unit's clerk and head rate its people (Rate); the agency head and council do not.
    row("GET",  "/don-vi/{id}/xep-loai",                 "/don-vi/{pcs}/xep-loai",                       NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/don-vi/{id}/xep-loai/mau.xlsx",        "/don-vi/{pcs}/xep-loai/mau.xlsx?nam=2025",     NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/don-vi/{id}/xep-loai",                 "/don-vi/{pcs}/xep-loai",                       Form(&[("nam", "2025"), ("xl_{p1}", "HTT")]), "L 303 303 403 403 303 303 403"),
    row("POST", "/don-vi/{id}/xep-loai/tai-len",         "/don-vi/{pcs}/xep-loai/tai-len",               Upload,                  "L 422 422 403 403 422 422 403"),
    // Initiatives: entered by those who register for the unit, submitted by those who submit.
    row("GET",  "/sang-kien",                            "/sang-kien",                                   NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/sang-kien/moi",                        "/sang-kien/moi",                               NoBody,                  "L 200 200 403 403 200 200 403"),
    row("POST", "/sang-kien/moi",                        "/sang-kien/moi",                               Form(&[("unit_id", "{pcs}"), ("year", "2026"), ("title", "Sổ tay"), ("category", "sang-kien"), ("ma_1", "P2")]), "L 303 303 403 403 303 303 403"),
    row("GET",  "/sang-kien/{id}",                       "/sang-kien/{initiative}",                      NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/sang-kien/{id}/sua",                   "/sang-kien/{initiative}/sua",                  NoBody,                  "L 200 200 403 403 200 200 403"),
    row("POST", "/sang-kien/{id}/sua",                   "/sang-kien/{initiative}/sua",                  Form(&[("title", "Số hóa hồ sơ chính sách"), ("category", "sang-kien"), ("description", "d"), ("applied_at", "a"), ("benefit", "b"), ("ma_1", "P1")]), "L 303 303 403 403 303 303 403"),
    row("POST", "/sang-kien/{id}/thao-tac",              "/sang-kien/{initiative}/thao-tac",             Form(&[("action", "nop")]), "L 303 303 303 403 303 403 403"),
    // Not recognised yet: refused for those who may record uses, forbidden to the others.
    row("POST", "/sang-kien/{id}/su-dung",               "/sang-kien/{initiative}/su-dung",              Form(&[("award", "CSTDCS"), ("year", "2026")]), "L 422 422 422 403 403 403 403"),
    // Dossiers: the unit builds, its head submits (incomplete here: refused), the Office appraises.
    row("GET",  "/hoi-dong",                             "/hoi-dong",                                    NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/hoi-dong",                             "/hoi-dong",                                    Form(&[("unit_id", "{agency}"), ("name", "Hội đồng mới"), ("from_year", "2026"), ("to_year", "2030")]), "L 303 303 303 403 403 403 403"),
    row("GET",  "/hoi-dong/{id}",                        "/hoi-dong/{council}",                          NoBody,                  "L 200 200 200 200 404 404 200"),
    row("POST", "/hoi-dong/{id}/thanh-vien",             "/hoi-dong/{council}/thanh-vien",               Form(&[("user_id", "{user}"), ("role", "uy-vien"), ("title", "Ủy viên")]), "L 303 303 303 403 404 404 403"),
    row("POST", "/hoi-dong/{id}/phien-hop",              "/hoi-dong/{council}/phien-hop",                Form(&[("held_on", "01/06/2026"), ("year", "2026")]), "L 303 303 303 403 404 404 403"),
    row("GET",  "/phien-hop/{id}",                       "/phien-hop/{session}",                         NoBody,                  "L 200 200 200 200 404 404 200"),
    row("POST", "/phien-hop/{id}/chuan-bi",              "/phien-hop/{session}/chuan-bi",                Form(&[("do", "diem-danh")]), "L 303 303 303 403 404 404 403"),
    // The ballot is the members' alone (hoidong sits on the council; an empty ballot is refused).
    row("POST", "/phien-hop/{id}/bo-phieu",              "/phien-hop/{session}/bo-phieu",                Form(&[]),               "L 403 403 403 422 404 404 403"),
    row("POST", "/phien-hop/{id}/y-kien-van-ban",        "/phien-hop/{session}/y-kien-van-ban",          Form(&[("member", "0")]), "L 422 422 422 403 404 404 403"),
    row("POST", "/phien-hop/{id}/ket-thuc",              "/phien-hop/{session}/ket-thuc",                Form(&[]),               "L 403 403 403 403 404 404 403"),
    row("POST", "/phien-hop/{id}/ket-luan",              "/phien-hop/{session}/ket-luan",                Form(&[("do", "cong-khai"), ("from", "15/06/2026")]), "L 422 422 422 403 404 404 403"),
    row("GET",  "/phien-hop/{id}/phieu",                 "/phien-hop/{session}/phieu",                   NoBody,                  "L 422 422 422 422 404 404 422"),
    row("GET",  "/phien-hop/{id}/bien-ban.docx",         "/phien-hop/{session}/bien-ban.docx",           NoBody,                  "L 200 200 200 200 404 404 200"),
    row("GET",  "/phien-hop/{id}/bien-ban.pdf",          "/phien-hop/{session}/bien-ban.pdf",            NoBody,                  "L 200 200 200 200 404 404 200"),
    row("GET",  "/phien-hop/{id}/to-trinh.docx",         "/phien-hop/{session}/to-trinh.docx",           NoBody,                  "L 200 200 200 200 404 404 200"),
    row("GET",  "/phien-hop/{id}/to-trinh.pdf",          "/phien-hop/{session}/to-trinh.pdf",            NoBody,                  "L 200 200 200 200 404 404 200"),
    row("GET",  "/quyet-dinh",                           "/quyet-dinh",                                  NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/quyet-dinh",                           "/quyet-dinh",                                  Form(&[("session", "{session}"), ("issuer", "{agency}"), ("summary", "Về việc khen thưởng"), ("authority_line", "TRƯỞNG BAN"), ("signer_position", "Trưởng Ban")]), "L 422 422 422 403 404 404 403"),
    row("GET",  "/khen-thuong",                          "/khen-thuong?nam=2026",                        NoBody,                  "L 200 200 200 200 200 200 200"),
    // Statistics are the Office's and the head's (review) or the registry keeper's.
    row("GET",  "/bao-cao",                              "/bao-cao?nam=2026",                            NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/bao-cao/thong-ke.xlsx",                "/bao-cao/thong-ke.xlsx?nam=2026",              NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/bao-cao/xu-huong.svg",                 "/bao-cao/xu-huong.svg?nam=2026",               NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/bao-cao/thong-ke.pdf",                 "/bao-cao/thong-ke.pdf?nam=2026",               NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/bao-cao/khen-thuong.svg",              "/bao-cao/khen-thuong.svg",                     NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/bao-cao/dang-ky.svg",                  "/bao-cao/dang-ky.svg",                         NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/bao-cao/cong-tac-tdkt",                "/bao-cao/cong-tac-tdkt",                       NoBody,                  "L 200 200 200 403 403 403 403"),
    row("POST", "/bao-cao/cong-tac-tdkt/don-vi",         "/bao-cao/cong-tac-tdkt/don-vi",                Form(&[("don-vi", "{agency}"), ("unit_id", "{vp}"), ("kind", "phong-thuoc-snv")]), "L 303 303 303 403 403 403 403"),
    row("POST", "/bao-cao/cong-tac-tdkt/can-bo",         "/bao-cao/cong-tac-tdkt/can-bo",                Form(&[("don-vi", "{agency}"), ("code", "P1"), ("since_year", "2015"), ("training", "dai-hoc")]), "L 303 303 303 403 403 403 403"),
    row("POST", "/bao-cao/cong-tac-tdkt/can-bo/{id}/xoa", "/bao-cao/cong-tac-tdkt/can-bo/{p1}/xoa",     Form(&[("don-vi", "{agency}")]), "L 303 303 303 403 403 403 403"),
    row("GET",  "/bao-cao/dinh-ky",                      "/bao-cao/dinh-ky?ky=quy&so=2&nam=2026",        NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/bao-cao/dinh-ky.xlsx",                 "/bao-cao/dinh-ky.xlsx?ky=thang&so=6&nam=2026", NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/bao-cao/danh-sach",                    "/bao-cao/danh-sach?nam=2026",                  NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/bao-cao/danh-sach.xlsx",               "/bao-cao/danh-sach.xlsx?nam=2026",             NoBody,                  "L 200 200 200 403 403 403 403"),
    // The fund is the Office's and the head's; the registry keeper alone reads it.
    row("GET",  "/quy-thi-dua",                          "/quy-thi-dua?nam=2026",                        NoBody,                  "L 200 200 200 403 403 403 403"),
    row("POST", "/quy-thi-dua",                          "/quy-thi-dua",                                 Form(&[("don-vi", "{agency}"), ("entry_on", "01/06/2026"), ("category", "in-an"), ("amount", "1.000.000"), ("description", "In giấy khen")]), "L 303 303 303 403 403 403 403"),
    row("POST", "/quy-thi-dua/{id}/xoa",                 "/quy-thi-dua/{fund_entry}/xoa",                Form(&[("don-vi", "{agency}"), ("nam", "2026"), ("reason", "Ghi nhầm số tiền")]), "L 303 303 303 403 403 403 403"),
    row("GET",  "/quy-thi-dua/bao-cao.xlsx",             "/quy-thi-dua/bao-cao.xlsx?nam=2026",           NoBody,                  "L 200 200 200 403 403 403 403"),
    // Exemplars: kept by those who register a unit's titles and by the Office; published by the Office and the head.
    row("GET",  "/dien-hinh",                            "/dien-hinh",                                   NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/dien-hinh",                            "/dien-hinh",                                   Form(&[("unit_id", "{pcs}"), ("kind", "dien-hinh"), ("title", "Cải cách thủ tục hồ sơ"), ("story", "Rút ngắn thời gian giải quyết hồ sơ chính sách còn một nửa."), ("recognised_on", "01/06/2026")]), "L 303 303 303 403 303 303 403"),
    row("GET",  "/dien-hinh/{id}",                       "/dien-hinh/{exemplar}",                        NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/dien-hinh/{id}",                       "/dien-hinh/{exemplar}",                        Form(&[("unit_id", "{pcs}"), ("kind", "nguoi-tot"), ("title", "Giúp đỡ đồng bào vùng lũ"), ("story", "Tự nguyện vận chuyển hàng cứu trợ cho bà con vùng lũ."), ("recognised_on", "01/03/2026"), ("people", "P1")]), "L 303 303 303 403 303 303 403"),
    row("POST", "/dien-hinh/{id}/khen-thuong",           "/dien-hinh/{exemplar}/khen-thuong",            Form(&[]),               "L 303 303 303 403 303 303 403"),
    row("POST", "/dien-hinh/{id}/cong-bo",               "/dien-hinh/{exemplar}/cong-bo",                Form(&[("published", "1")]), "L 303 303 303 403 403 403 403"),
    row("POST", "/so-quyet-dinh",                        "/so-quyet-dinh",                               Form(&[("issuer", "{agency}"), ("next_number", "50")]), "L 303 303 303 403 403 403 403"),
    row("GET",  "/quyet-dinh/{id}",                      "/quyet-dinh/{decision}",                       NoBody,                  "L 200 200 200 200 404 404 200"),
    row("POST", "/quyet-dinh/{id}/sua",                  "/quyet-dinh/{decision}/sua",                   Form(&[("summary", "Về việc khen thưởng năm 2026"), ("authority_line", "TRƯỞNG BAN"), ("signer_position", "Trưởng Ban")]), "L 303 303 303 403 404 404 403"),
    row("POST", "/quyet-dinh/{id}/nguoi",                "/quyet-dinh/{decision}/nguoi",                 Form(&[("recipient", "{recipient}"), ("citation", "Hoàn thành tốt nhiệm vụ")]), "L 303 303 303 403 404 404 403"),
    // Rows run in order on one database per role: admin and the head sign the draft, then cancel and replace it.
    row("POST", "/quyet-dinh/{id}/ky",                   "/quyet-dinh/{decision}/ky",                    Form(&[("signed_on", "15/06/2026"), ("signer", "Đặng Văn Tuấn")]), "L 303 403 303 403 404 404 403"),
    row("POST", "/quyet-dinh/{id}/huy",                  "/quyet-dinh/{decision}/huy",                   Form(&[("reason", "Sai sót")]), "L 303 403 303 403 404 404 403"),
    row("POST", "/quyet-dinh/{id}/thay-the",             "/quyet-dinh/{decision}/thay-the",              Form(&[]),               "L 303 422 303 403 404 404 403"),
    row("GET",  "/quyet-dinh/{id}/van-ban.docx",         "/quyet-dinh/{decision}/van-ban.docx",          NoBody,                  "L 200 200 200 200 404 404 200"),
    row("GET",  "/quyet-dinh/{id}/van-ban.pdf",          "/quyet-dinh/{decision}/van-ban.pdf",           NoBody,                  "L 200 200 200 200 404 404 200"),
    row("GET",  "/quyet-dinh/{id}/giay-khen.pdf",        "/quyet-dinh/{decision}/giay-khen.pdf",         NoBody,                  "L 200 422 200 422 404 404 422"),
    row("GET",  "/mau-in",                               "/mau-in",                                      NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/mau-in",                               "/mau-in",                                      Form(&[("kind", "giay-khen")]), "L 303 303 303 403 403 403 403"),
    row("GET",  "/mau-in/{id}",                          "/mau-in/{template}",                           NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/mau-in/{id}",                          "/mau-in/{template}",                           Form(&[("name", "Giấy khen"), ("width", "297"), ("height", "210"), ("name.used", "on"), ("name.x", "20"), ("name.y", "60"), ("name.w", "250"), ("name.size", "24")]), "L 303 303 303 403 403 403 403"),
    row("GET",  "/mau-in/{id}/xem-thu.pdf",              "/mau-in/{template}/xem-thu.pdf",               NoBody,                  "L 200 200 200 200 200 200 200"),
    // Public pages: no login; a list not yet published and an unknown code are not found.
    row("GET",  "/cong-khai",                            "/cong-khai",                                   NoBody,                  "200 200 200 200 200 200 200 200"),
    row("GET",  "/cong-khai/dien-hinh",                  "/cong-khai/dien-hinh",                         NoBody,                  "200 200 200 200 200 200 200 200"),
    row("GET",  "/cong-khai/{id}",                       "/cong-khai/{session}",                         NoBody,                  "404 404 404 404 404 404 404 404"),
    row("POST", "/cong-khai/{id}/gop-y",                 "/cong-khai/{session}/gop-y",                   Form(&[("body", "Góp ý")]), "L 404 404 404 404 404 404 404"),
    row("GET",  "/xac-minh/{code}",                      "/xac-minh/KHONGCO",                            NoBody,                  "404 404 404 404 404 404 404 404"),
    row("GET",  "/ho-so",                                "/ho-so",                                       NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/ho-so",                                "/ho-so",                                       Form(&[("unit_id", "{pcs}"), ("year", "2026"), ("kind", "chuyen-de")]), "L 303 303 403 403 303 303 403"),
    row("GET",  "/ho-so/{id}",                           "/ho-so/{dossier}",                             NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/ho-so/{id}/de-cu",                     "/ho-so/{dossier}/de-cu",                       Form(&[("code", "P1"), ("award", "CSTDCS"), ("citation", "Hoàn thành xuất sắc")]), "L 303 303 403 403 303 303 403"),
    row("POST", "/ho-so/{id}/de-cu/{nid}",               "/ho-so/{dossier}/de-cu/{nominee}",             Form(&[("citation", "Hoàn thành tốt nhiệm vụ"), ("votes", "")]), "L 303 303 403 403 303 303 403"),
    row("POST", "/ho-so/{id}/binh-xet",                  "/ho-so/{dossier}/binh-xet",                    Form(&[("held_on", "01/06/2026"), ("present", "2"), ("total", "3"), ("chair", "Trưởng phòng")]), "L 303 303 403 403 303 303 403"),
    row("POST", "/ho-so/{id}/thao-tac",                  "/ho-so/{dossier}/thao-tac",                    Form(&[("action", "gui")]), "L 422 422 422 403 422 403 403"),
    row("GET",  "/ho-so/{id}/to-trinh.docx",             "/ho-so/{dossier}/to-trinh.docx",               NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/ho-so/{id}/bien-ban.docx",             "/ho-so/{dossier}/bien-ban.docx",               NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/ho-so/{id}/to-trinh.pdf",              "/ho-so/{dossier}/to-trinh.pdf",                NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/ho-so/{id}/bien-ban.pdf",              "/ho-so/{dossier}/bien-ban.pdf",                NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/ho-so/{id}/bao-cao/{nid}",             "/ho-so/{dossier}/bao-cao/{nominee}",           NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/ho-so/{id}/tep/{fid}",                 "/ho-so/{dossier}/tep/{dossier_file}",          NoBody,                  "L 200 200 200 200 200 200 200"),
    // Not a document: refused after the gate (415); the agency head may appraise, not edit (422).
    row("POST", "/ho-so/{id}/tep",                       "/ho-so/{dossier}/tep",                         Upload,                  "L 415 415 403 403 415 415 403"),
    row("POST", "/ho-so/{id}/tep/{fid}/xoa",             "/ho-so/{dossier}/tep/{dossier_file}/xoa",      Form(&[]),               "L 303 303 422 403 303 303 403"),
    // The fixture's agency leads the bloc and every role sits in it or under it, so each sees it.
    row("GET",  "/khoi-thi-dua",                         "/khoi-thi-dua",                                NoBody,                  "L 200 200 200 200 200 200 200"),
    // Only the provincial standing body (the whole tree's unit managers) creates blocs and sets members.
    row("POST", "/khoi-thi-dua",                         "/khoi-thi-dua",                                Form(&[("code", "KTD-MOI"), ("name", "Khối mới"), ("year", "2026")]), "L 303 403 403 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/thanh-vien",         "/khoi-thi-dua/{bloc}/thanh-vien",              Form(&[("unit", "{spare}"), ("role", "member")]), "L 303 403 403 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/thanh-vien/{unit}/xoa", "/khoi-thi-dua/{bloc}/thanh-vien/{pcs}/xoa", Form(&[]),               "L 422 403 403 403 403 403 403"),
    row("GET",  "/khoi-thi-dua/{id}",                    "/khoi-thi-dua/{bloc}",                         NoBody,                  "L 200 200 200 200 200 200 200"),
    // The bloc is preparing its year: the leader's office (vanphong, truongban) and the
    // standing body (admin) run it; only roles held at a member agency sign or score for it;
    // past the gate, what the stage forbids is a 422.
    row("POST", "/khoi-thi-dua/{id}/chuong-trinh",       "/khoi-thi-dua/{bloc}/chuong-trinh",            Form(&[("quarter", "2"), ("title", "Hội thi nghiệp vụ"), ("starts_on", "01/04/2026"), ("ends_on", "30/06/2026")]), "L 303 303 303 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/chuong-trinh/{item}/xoa", "/khoi-thi-dua/{bloc}/chuong-trinh/999999/xoa", Form(&[]),           "L 404 404 404 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/giao-uoc/ky",        "/khoi-thi-dua/{bloc}/giao-uoc/ky",             Form(&[("unit", "{agency}")]), "L 403 422 422 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/giao-uoc",           "/khoi-thi-dua/{bloc}/giao-uoc",                Form(&[("text", "Đoàn kết, hợp tác"), ("targets", "Hoàn thành 100 % nhiệm vụ"), ("on", "15/03/2026")]), "L 303 303 303 403 403 403 403"),
    row("GET",  "/khoi-thi-dua/{id}/giao-uoc.docx",      "/khoi-thi-dua/{bloc}/giao-uoc.docx",           NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/khoi-thi-dua/{id}/quy-dinh",           "/khoi-thi-dua/{bloc}/quy-dinh",                Form(&[("flag_quota", "1"), ("commendation_quota", "0"), ("vote_percent", "50")]), "L 303 303 303 403 403 403 403"),
    row("GET",  "/khoi-thi-dua/{id}/bang-diem",          "/khoi-thi-dua/{bloc}/bang-diem",               NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/khoi-thi-dua/{id}/bang-diem.xlsx",     "/khoi-thi-dua/{bloc}/bang-diem.xlsx",          NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/khoi-thi-dua/{id}/bang-diem/nguong",   "/khoi-thi-dua/{bloc}/bang-diem/nguong",        Form(&[("thresholds", "")]), "L 303 303 303 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/bang-diem/nhap",     "/khoi-thi-dua/{bloc}/bang-diem/nhap",          Upload,                  "L 422 422 422 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/bat-dau-cham",       "/khoi-thi-dua/{bloc}/bat-dau-cham",            Form(&[]),               "L 422 422 422 403 403 403 403"),
    row("GET",  "/khoi-thi-dua/{id}/cham-diem/{unit}",   "/khoi-thi-dua/{bloc}/cham-diem/{agency}",      NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/khoi-thi-dua/{id}/cham-diem/{unit}",   "/khoi-thi-dua/{bloc}/cham-diem/{agency}",      Form(&[("side", "own")]), "L 403 422 403 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/cham-diem/{unit}/gui", "/khoi-thi-dua/{bloc}/cham-diem/{agency}/gui", Form(&[]),              "L 403 422 422 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/cham-diem/{unit}/tra-lai", "/khoi-thi-dua/{bloc}/cham-diem/{agency}/tra-lai", Form(&[("reason", "Thiếu tài liệu")]), "L 422 422 422 403 403 403 403"),
    row("GET",  "/khoi-thi-dua/{id}/cham-diem/{unit}/bang-diem.xlsx", "/khoi-thi-dua/{bloc}/cham-diem/{agency}/bang-diem.xlsx", NoBody, "L 200 200 200 200 200 200 200"),
    row("POST", "/khoi-thi-dua/{id}/cham-diem/{unit}/nhap", "/khoi-thi-dua/{bloc}/cham-diem/{agency}/nhap", Upload,               "L 403 422 403 403 403 403 403"),
    row("GET",  "/khoi-thi-dua/{id}/xep-hang",           "/khoi-thi-dua/{bloc}/xep-hang",                NoBody,                  "L 200 200 200 200 200 200 200"),
    row("POST", "/khoi-thi-dua/{id}/xep-hang/bang-phieu", "/khoi-thi-dua/{bloc}/xep-hang/bang-phieu",    Form(&[]),               "L 422 422 422 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/xep-hang/cuoc-hop",  "/khoi-thi-dua/{bloc}/xep-hang/cuoc-hop",       Form(&[("on", "15/12/2026"), ("place", "Hội trường"), ("present", "1")]), "L 422 422 422 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/xep-hang/bieu-quyet", "/khoi-thi-dua/{bloc}/xep-hang/bieu-quyet",    Form(&[]),               "L 422 422 422 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/cong-bo",            "/khoi-thi-dua/{bloc}/cong-bo",                 Form(&[]),               "L 422 422 422 403 403 403 403"),
    row("POST", "/khoi-thi-dua/{id}/mo-lai",             "/khoi-thi-dua/{bloc}/mo-lai",                  Form(&[("reason", "Sửa điểm thẩm định mục 1")]), "L 422 422 422 403 403 403 403"),
    row("GET",  "/khoi-thi-dua/{id}/bien-ban.docx",      "/khoi-thi-dua/{bloc}/bien-ban.docx",           NoBody,                  "L 200 200 200 200 200 200 200"),
    row("GET",  "/tai-khoan",                            "/tai-khoan",                                   NoBody,                  "L 200 403 403 403 403 403 403"),
    row("POST", "/tai-khoan",                            "/tai-khoan",                                   Form(&[("username", "tai.khoan.moi"), ("display_name", "Tài khoản mới"), ("password", "mat-khau-rat-dai-1"), ("role", "viewer"), ("unit_id", "{pcs}")]), "L 303 403 403 403 403 403 403"),
    row("GET",  "/tai-khoan/{id}",                       "/tai-khoan/{user}",                            NoBody,                  "L 200 403 403 403 403 403 403"),
    row("POST", "/tai-khoan/{id}/vai-tro",               "/tai-khoan/{user}/vai-tro",                    Form(&[("role", "unit_clerk"), ("unit_id", "{vp}")]), "L 303 403 403 403 403 403 403"),
    row("POST", "/tai-khoan/{id}/vai-tro/{role_id}/xoa", "/tai-khoan/{user}/vai-tro/{user_role}/xoa",    Form(&[]),               "L 303 403 403 403 403 403 403"),
    row("POST", "/tai-khoan/{id}/khoa",                  "/tai-khoan/{user}/khoa",                       Form(&[("locked", "0")]), "L 303 403 403 403 403 403 403"),
    row("POST", "/tai-khoan/{id}/mat-khau",              "/tai-khoan/{user}/mat-khau",                   Form(&[("password", "mat-khau-moi-2026")]), "L 303 403 403 403 403 403 403"),
    row("GET",  "/nhat-ky",                              "/nhat-ky",                                     NoBody,                  "L 200 200 200 403 403 403 403"),
    row("GET",  "/nhat-ky/truy-cap",                     "/nhat-ky/truy-cap",                            NoBody,                  "L 200 403 403 403 403 403 403"),
    row("GET",  "/static/{file}",                        "/static/app.css",                              NoBody,                  "200 200 200 200 200 200 200 200"),
    row("GET",  "/nhap-can-bo",                          "/nhap-can-bo",                                 NoBody,                  "L 200 200 403 403 200 200 403"),
    row("POST", "/nhap-can-bo",                          "/nhap-can-bo",                                 Upload,                  "L 422 422 403 403 422 422 403"),
    row("GET",  "/api/openapi.json",                     "/api/openapi.json",                            NoBody,                  "200 200 200 200 200 200 200 200"),
    row("GET",  "/api/me",                               "/api/me",                                      NoBody,                  "401 200 200 200 200 200 200 200"),
    row("GET",  "/api/units",                            "/api/units",                                   NoBody,                  "401 200 200 200 200 200 200 200"),
    row("POST", "/api/units",                            "/api/units",                                   Json(r#"{"code": "API1", "name": "Phòng API", "kind": "department", "level": "phong", "parent_id": {agency}}"#), "401 201 201 403 403 403 403 403"),
    row("GET",  "/api/units/{id}",                       "/api/units/{pcs}",                             NoBody,                  "401 200 200 200 200 200 200 200"),
    row("GET",  "/api/units/{id}",                       "/api/units/{vp}",                              NoBody,                  "401 200 200 200 200 404 404 200"),
    row("PUT",  "/api/units/{id}",                       "/api/units/{pcs}",                             Json(r#"{"code": "PCS", "name": "Phòng Chính sách", "kind": "department", "level": "phong", "parent_id": {agency}}"#), "401 200 200 403 403 403 403 403"),
    row("GET",  "/api/people",                           "/api/people",                                  NoBody,                  "401 200 200 200 200 200 200 200"),
    row("POST", "/api/people",                           "/api/people",                                  Json(r#"{"code": "API2", "full_name": "Đỗ Thị Năm", "gender": "nu", "staff_category": "vien-chuc", "unit_id": {pcs}}"#), "401 201 201 403 403 201 201 403"),
    row("GET",  "/api/people/{id}",                      "/api/people/{p1}",                             NoBody,                  "401 200 200 200 200 200 200 200"),
    row("GET",  "/api/people/{id}",                      "/api/people/{v1}",                             NoBody,                  "401 200 200 200 200 404 404 200"),
    row("PUT",  "/api/people/{id}",                      "/api/people/{p1}",                             Json(r#"{"code": "P1", "full_name": "Lê Văn Một", "gender": "nam", "staff_category": "cong-chuc", "unit_id": {pcs}, "employment_start": "01/01/2010"}"#), "401 200 200 403 403 200 200 403"),
    row("GET",  "/api/people/{id}/history",              "/api/people/{p1}/history",                     NoBody,                  "401 200 200 200 200 200 200 200"),
    // Last: ends the session.
    row("POST", "/dang-xuat",                            "/dang-xuat",                                   Form(&[]),               "L L L L L L L L"),
];

/// `(METHOD, route)` of every route in the router's source: each
/// `.route("PATH", get(…).post(…))`, with the API's nested under `/api`.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (src, prefix) in [
        (include_str!("../../crates/web/src/lib.rs"), ""),
        (include_str!("../../crates/web/src/api.rs"), "/api"),
    ] {
        let mut rest = src;
        while let Some(i) = rest.find(".route(") {
            rest = &rest[i + ".route(".len()..];
            // The call's text, up to its closing parenthesis.
            let mut depth = 1;
            let mut end = 0;
            for (j, ch) in rest.char_indices() {
                match ch {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let call = &rest[..end];
            let q1 = call.find('"').expect("route path");
            let q2 = q1 + 1 + call[q1 + 1..].find('"').expect("end of path");
            let path = format!("{prefix}{}", &call[q1 + 1..q2]);
            let handlers = &call[q2 + 1..];
            let mut found = false;
            for (word, method) in [
                ("get(", "GET"),
                ("post(", "POST"),
                ("put(", "PUT"),
                ("delete(", "DELETE"),
                ("patch(", "PATCH"),
            ] {
                let mut h = handlers;
                while let Some(k) = h.find(word) {
                    let before = handlers.len() - h.len() + k;
                    let prev = handlers[..before].chars().last().unwrap_or(' ');
                    if !(prev.is_alphanumeric() || prev == '_' || prev == ':') {
                        out.insert((method.to_string(), path.clone()));
                        found = true;
                    }
                    h = &h[k + word.len()..];
                }
            }
            assert!(found, "no method found for route {path}: {call}");
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn every_route_has_a_row() {
    let routes = routes_in_source();
    // The parser saw the router, not nothing.
    assert!(routes.len() > 60, "{routes:?}");
    assert!(routes.contains(&("POST".into(), "/tai-khoan/{id}/khoa".into())));
    assert!(routes.contains(&("PUT".into(), "/api/people/{id}".into())));
    let rows: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|r| (r.method.to_string(), r.route.to_string()))
        .collect();
    let missing: Vec<_> = routes.difference(&rows).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the authorization matrix (tests/integration/authz.rs): {missing:?}"
    );
    let stale: Vec<_> = rows.difference(&routes).collect();
    assert!(
        stale.is_empty(),
        "rows for routes that no longer exist: {stale:?}"
    );
    for r in MATRIX {
        assert_eq!(
            r.expect.split(' ').count(),
            WHO.len(),
            "{} {}",
            r.method,
            r.url
        );
    }
}

/// The URL or body with the fixture's ids in place of `{name}`.
fn fill(text: &str, f: &Fixture) -> String {
    let mut s = text.to_string();
    for (k, v) in [
        ("{agency}", f.agency),
        ("{pcs}", f.pcs),
        ("{vp}", f.vp),
        ("{spare}", f.spare),
        ("{spare2}", f.spare2),
        ("{p1}", f.p1),
        ("{p2}", f.p2),
        ("{v1}", f.v1),
        ("{movement}", f.movement),
        ("{plan}", f.plan),
        ("{registration}", f.registration),
        ("{bloc}", f.bloc),
        ("{initiative}", f.initiative),
        ("{dossier}", f.dossier),
        ("{nominee}", f.nominee),
        ("{dossier_file}", f.dossier_file),
        ("{council}", f.council),
        ("{session}", f.session),
        ("{decision}", f.decision),
        ("{recipient}", f.recipient),
        ("{template}", f.template),
        ("{fund_entry}", f.fund_entry),
        ("{exemplar}", f.exemplar),
        ("{user}", f.spare_user),
        ("{user_role}", f.spare_user_role),
    ] {
        s = s.replace(k, &v.to_string());
    }
    assert!(!s.contains('{') || s.starts_with('{'), "unfilled: {s}");
    s
}

/// What one column got for one row: the status, or `L` for a redirect to login.
async fn ask(base: &str, c: &reqwest::Client, csrf: &str, r: &Row, f: &Fixture) -> String {
    let url = format!("{base}{}", fill(r.url, f));
    let method = reqwest::Method::from_bytes(r.method.as_bytes()).unwrap();
    let req = c.request(method, &url);
    let req = match &r.body {
        Body::None => req,
        Body::Form(fields) => {
            let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf.into())];
            form.extend(fields.iter().map(|(k, v)| (fill(k, f), fill(v, f))));
            req.form(&form)
        }
        Body::Upload => req.multipart(
            reqwest::multipart::Form::new()
                .text("csrf", csrf.to_string())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(b"khong phai bang tinh".to_vec())
                        .file_name("ds.xlsx"),
                ),
        ),
        Body::Json(j) => req
            .header("x-csrf-token", csrf)
            .header("content-type", "application/json")
            .body(fill(j, f)),
    };
    let res = req.send().await.unwrap();
    let status = res.status();
    if status == StatusCode::SEE_OTHER
        && res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/dang-nhap")
    {
        "L".into()
    } else {
        status.as_u16().to_string()
    }
}

/// Runs the whole matrix for one column on a fresh database; the mismatches.
async fn column(db: tdkt_tests::TestDb, col: usize) -> Vec<String> {
    let who = WHO[col];
    let f = fixture::build(&db.store, Some(&[who])).await;
    let base = tdkt_tests::http::serve(db.store.clone(), tdkt_tests::http::config()).await;
    let (c, csrf) = if col == 0 {
        (client(), String::new())
    } else {
        tdkt_tests::http::login(&base, who).await
    };
    // Audit lines so far: a refused request must not add one.
    let sys = tdkt_store::Actor::system("test");
    let audited = async || {
        db.store
            .audit_log(
                &sys,
                &tdkt_store::audit::AuditFilter {
                    page: 1,
                    per_page: 1,
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .total
    };
    let mut bad = Vec::new();
    for r in MATRIX {
        let want = r.expect.split(' ').nth(col).unwrap();
        let before = audited().await;
        let got = ask(&base, &c, &csrf, r, &f).await;
        if got != want {
            bad.push(format!(
                "{who:>11}  {} {}: expected {want}, got {got}",
                r.method,
                fill(r.url, &f)
            ));
        }
        let refused = !matches!(got.as_str(), "200" | "201" | "303");
        if refused && audited().await != before {
            bad.push(format!(
                "{who:>11}  {} {}: refused ({got}) but an audit line was written",
                r.method,
                fill(r.url, &f)
            ));
        }
    }
    db.close().await;
    bad
}

async fn matrix(postgres: bool) {
    let mut bad = Vec::new();
    for col in 0..WHO.len() {
        let db = if postgres {
            match tdkt_tests::postgres().await {
                Some(db) => db,
                None => return,
            }
        } else {
            tdkt_tests::sqlite().await
        };
        bad.extend(column(db, col).await);
    }
    assert!(
        bad.is_empty(),
        "{} answers differ from the matrix:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

mod matrix {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::matrix(false).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::matrix(true).await;
    }
}
