//! What every page shares: the title, the signed-in user, the menu their
//! roles open, the CSRF token for forms, and a one-line notice.

use crate::auth::Auth;
use tdkt_domain::auth::Action;

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

pub struct Layout {
    pub title: String,
    pub user_name: String,
    pub roles: String,
    pub nav: Vec<NavItem>,
    pub csrf: String,
    pub notice: Option<String>,
    pub must_change_password: bool,
}

impl Layout {
    pub fn new(auth: &Auth, title: impl Into<String>, active: &str) -> Layout {
        let a = &auth.actor;
        let mut nav = vec![("/", "Trang chủ", true)];
        nav.push(("/phong-trao", "Phong trào", a.can_somewhere(Action::View)));
        nav.push((
            "/ke-hoach",
            "Kế hoạch, đăng ký",
            a.can_somewhere(Action::View),
        ));
        nav.push(("/sang-kien", "Sáng kiến", a.can_somewhere(Action::View)));
        nav.push(("/ho-so", "Hồ sơ khen thưởng", a.can_somewhere(Action::View)));
        nav.push(("/hoi-dong", "Hội đồng", a.can_somewhere(Action::View)));
        nav.push(("/quyet-dinh", "Quyết định", a.can_somewhere(Action::View)));
        nav.push(("/don-vi", "Đơn vị", a.can_somewhere(Action::View)));
        nav.push(("/can-bo", "Cán bộ", a.can_somewhere(Action::View)));
        nav.push((
            "/khoi-thi-dua",
            "Khối thi đua",
            a.can_somewhere(Action::View),
        ));
        nav.push(("/dien-hinh", "Điển hình", a.can_somewhere(Action::View)));
        nav.push((
            "/bao-cao",
            "Báo cáo",
            a.can_somewhere(Action::Review) || a.can_somewhere(Action::ManageHistory),
        ));
        nav.push((
            "/nhap-can-bo",
            "Nhập danh sách",
            a.can_somewhere(Action::ManagePeople),
        ));
        nav.push((
            "/tai-khoan",
            "Tài khoản",
            a.can_somewhere(Action::ManageUsers),
        ));
        nav.push(("/nhat-ky", "Nhật ký", a.can_somewhere(Action::ViewAudit)));
        let nav = nav
            .into_iter()
            .filter(|(_, _, show)| *show)
            .map(|(href, label, _)| NavItem {
                href,
                label,
                active: href == active,
            })
            .collect();
        let roles = a
            .grants
            .iter()
            .map(|g| format!("{} – {}", g.role.label(), g.unit_name))
            .collect::<Vec<_>>()
            .join("; ");
        Layout {
            title: title.into(),
            user_name: a.display_name.clone(),
            roles,
            nav,
            csrf: auth.csrf.clone(),
            notice: None,
            must_change_password: auth.must_change_password,
        }
    }

    pub fn with_notice(mut self, code: Option<&str>) -> Layout {
        self.notice = code.and_then(notice_text).map(str::to_string);
        self
    }
}

/// Notices after a redirect (`?tb=…`), fixed texts so nothing user-typed is reflected.
pub fn notice_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "da-tao" => "Đã tạo mới.",
        "da-luu" => "Đã lưu thay đổi.",
        "da-nhap" => "Đã ghi dữ liệu từ tệp Excel.",
        "da-tao-ho-so" => {
            "Đã lập hồ sơ. Thêm người, tập thể được đề nghị, ghi kết quả họp bình xét rồi gửi."
        }
        "da-tao-sang-kien" => "Đã tạo sáng kiến. Kiểm tra lại rồi bấm «Nộp» để gửi xét.",
        "da-dieu-chuyen" => "Đã điều chuyển cán bộ.",
        "da-ghi-chuyen-den" => "Đã ghi nhận chuyển công tác đến.",
        "da-ngung" => "Đã ngừng hoạt động.",
        "da-khoi-phuc" => "Đã khôi phục.",
        "da-sap-nhap" => "Đã sáp nhập đơn vị.",
        "da-cap-vai-tro" => "Đã cấp vai trò.",
        "da-thu-hoi" => "Đã thu hồi vai trò.",
        "da-khoa" => "Đã khóa tài khoản.",
        "da-mo-khoa" => "Đã mở khóa tài khoản.",
        "da-doi-mat-khau" => "Đã đổi mật khẩu.",
        "da-ban-hanh" => "Đã ban hành kế hoạch; các đơn vị đã được thông báo để đăng ký.",
        "da-gui" => "Đã gửi đăng ký về Văn phòng.",
        "da-tra-lai" => "Đã trả lại đăng ký để đơn vị sửa.",
        "da-tiep-nhan" => "Đã tiếp nhận đăng ký.",
        "da-gia-han" => "Đã gia hạn.",
        "da-ky" => "Đã ký ban hành quyết định; khen thưởng đã vào sổ khen thưởng.",
        "da-xoa" => "Đã xóa.",
        "da-ghi-so" => "Đã ghi vào sổ quỹ thi đua, khen thưởng.",
        "dh-da-luu" => "Đã lưu điển hình.",
        "dh-cong-bo" => "Đã công bố điển hình trên trang công khai.",
        "dh-thoi-cong-bo" => "Đã thôi công bố điển hình.",
        "khoi-da-ky" => "Đã ghi nhận ký giao ước thi đua.",
        "khoi-bat-dau-cham" => "Đã chốt bảng điểm; các đơn vị thành viên có thể tự chấm.",
        "khoi-da-gui" => "Đã gửi kết quả tự chấm cho Khối trưởng.",
        "khoi-tra-lai" => "Đã trả lại kết quả tự chấm để đơn vị chấm lại.",
        "khoi-cong-bo" => "Đã công bố kết quả xếp hạng; điểm số đã khóa.",
        "khoi-mo-lai" => "Đã mở lại khối để sửa; lý do đã được ghi.",
        _ => return None,
    })
}
