//! The audit log (every change, with old and new values) and the access log.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;
use tdkt_domain::auth::Action;
use tdkt_domain::error::Error;
use tdkt_store::audit::{AccessEntry, AuditEntry, AuditFilter};

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    doi_tuong: String,
    #[serde(default)]
    ma: String,
    #[serde(default)]
    trang: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub(crate) struct AuditPage {
    l: Layout,
    entries: Vec<AuditEntry>,
    total: i64,
    page: i64,
    pages: i64,
    filter: String,
    base: String,
    can_access_log: bool,
}

pub fn entity_label(e: &str) -> &'static str {
    match e {
        "unit" => "Đơn vị",
        "person" => "Cán bộ",
        "user" => "Tài khoản",
        "rating" => "Xếp loại",
        "award" => "Khen thưởng",
        "initiative" => "Sáng kiến",
        "discipline" => "Kỷ luật",
        "proceeding" => "Vụ việc",
        "leave" => "Nghỉ",
        "vote" => "Bỏ phiếu",
        "fact" => "Nhận định",
        "bloc" => "Khối thi đua",
        "bloc_member" => "Thành viên khối",
        "staff_sheet" => "Nhập danh sách",
        "level" => "Cấp đơn vị",
        _ => "Khác",
    }
}

pub async fn changes(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<AuditQuery>,
) -> Result<AuditPage, AppError> {
    if !auth.actor.can_somewhere(Action::ViewAudit) {
        return Err(AppError(Error::Forbidden));
    }
    let page_no = q.trang.parse::<i64>().unwrap_or(1).max(1);
    let entity = (!q.doi_tuong.is_empty()).then(|| q.doi_tuong.clone());
    let entity_id = (!q.ma.is_empty()).then(|| q.ma.clone());
    let filter = match (&entity, &entity_id) {
        (Some(e), Some(i)) => format!("{} #{i}", entity_label(e)),
        (Some(e), None) => entity_label(e).to_string(),
        _ => String::new(),
    };
    let base = match (&entity, &entity_id) {
        (Some(e), Some(i)) => format!(
            "/nhat-ky?doi_tuong={}&ma={}&",
            super::people::urlencode(e),
            super::people::urlencode(i)
        ),
        _ => "/nhat-ky?".into(),
    };
    let page = st
        .store
        .audit_log(
            &auth.actor,
            &AuditFilter {
                entity,
                entity_id,
                page: page_no,
                per_page: 50,
                no_total: false,
            },
        )
        .await?;
    Ok(AuditPage {
        l: Layout::new(&auth, "Nhật ký thay đổi", "/nhat-ky"),
        pages: page.pages(),
        total: page.total,
        entries: page.items,
        page: page_no,
        filter,
        base,
        can_access_log: st
            .store
            .whole_tree(&auth.actor, Action::ManageUsers)
            .await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "access.html")]
pub(crate) struct AccessPage {
    l: Layout,
    entries: Vec<(AccessEntry, &'static str)>,
    page: i64,
    pages: i64,
}

pub fn event_label(e: &str) -> &'static str {
    match e {
        "login" => "Đăng nhập",
        "logout" => "Đăng xuất",
        "login_failed" => "Đăng nhập sai",
        "login_locked" => "Đăng nhập vào tài khoản bị khóa",
        "password_check_failed" => "Đổi mật khẩu: nhập sai mật khẩu hiện tại",
        "password_check_throttled" => "Đổi mật khẩu: bị tạm chặn do sai nhiều lần",
        "password_changed" => "Đổi mật khẩu",
        "login_throttled" => "Bị tạm chặn do sai nhiều lần",
        "csrf_rejected" => "Từ chối: thiếu mã chống giả mạo",
        "cross_site_rejected" => "Từ chối: yêu cầu từ trang khác",
        "denied" => "Từ chối truy cập (ngoài quyền hoặc phạm vi)",
        "session_expired" => "Hết phiên do không hoạt động",
        "session_locked" => "Phiên bị chấm dứt do tài khoản bị khóa",
        _ => "Khác",
    }
}

pub async fn access(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<AuditQuery>,
) -> Result<AccessPage, AppError> {
    // Installation-wide (every account and address): whole-tree administrators only.
    let page_no = q.trang.parse::<i64>().unwrap_or(1).max(1);
    let page = st.store.access_log_for(&auth.actor, page_no, 100).await?;
    Ok(AccessPage {
        l: Layout::new(&auth, "Nhật ký truy cập", "/nhat-ky"),
        pages: page.pages(),
        entries: page
            .items
            .into_iter()
            .map(|e| {
                let label = event_label(&e.event);
                (e, label)
            })
            .collect(),
        page: page_no,
    })
}
