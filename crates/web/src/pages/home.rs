//! The home page: per role, what needs doing and the next deadlines.

use super::Notice;
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use chrono::Datelike;
use tdkt_domain::auth::{Action, Role};
use tdkt_domain::emulation::registration::RegistrationStatus;
use tdkt_store::audit::{AuditEntry, AuditFilter};
use tdkt_store::people::ScopeStats;

pub struct Task {
    pub text: String,
    pub href: String,
    pub urgent: bool,
}

pub struct Deadline {
    pub date: String,
    pub label: String,
    pub days_left: i64,
    pub mine: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub(crate) struct HomePage {
    l: Layout,
    stats: ScopeStats,
    women_pct: String,
    managers_pct: String,
    tasks: Vec<Task>,
    deadlines: Vec<Deadline>,
    from_plans: bool,
    notifications: Vec<tdkt_store::emulation::Notification>,
    recent: Vec<AuditEntry>,
    /// The leadership's charts (drawn by the report pages, loaded by the browser).
    charts: bool,
}

fn pct(part: i64, whole: i64) -> String {
    if whole == 0 {
        "0".into()
    } else {
        format!("{:.1}", part as f64 * 100.0 / whole as f64).replace('.', ",")
    }
}

pub async fn home(
    State(st): State<AppState>,
    auth: Auth,
    Query(n): Query<Notice>,
) -> Result<HomePage, AppError> {
    let a = &auth.actor;
    let t = st.today();
    let rating_year = super::ratings::rating_year(t) as i64;
    let stats = st.store.scope_stats(a, rating_year).await?;
    // Ratings are entered on the page of the (first) unit the user rates for.
    let rate_at = a
        .grants
        .iter()
        .find(|g| g.role.allows(Action::Rate))
        .map(|g| format!("/don-vi/{}/xep-loai?nam={rating_year}", g.unit_id));
    let mut tasks = Vec::new();
    // A council member's open ballots come first: a vote has its meeting's time.
    if let Some(uid) = a.user_id {
        for p in st.store.pending_votes(uid).await? {
            tasks.push(Task {
                text: format!(
                    "{}: bỏ phiếu kín xét khen thưởng năm {} ({} trường hợp chờ bạn)",
                    p.council_name, p.year, p.items
                ),
                href: format!("/phien-hop/{}", p.session_id),
                urgent: true,
            });
        }
    }
    if a.can_somewhere(Action::ManagePeople) || a.can_somewhere(Action::ManageHistory) {
        if stats.missing_rating > 0 {
            tasks.push(Task {
                text: format!(
                    "{} người chưa có xếp loại chất lượng năm {} (cần cho xét danh hiệu)",
                    stats.missing_rating.vn(),
                    rating_year
                ),
                href: rate_at.clone().unwrap_or_else(|| "/can-bo".into()),
                urgent: t.month() == 12,
            });
        }
        if stats.missing_birth > 0 {
            tasks.push(Task {
                text: format!("{} hồ sơ cán bộ thiếu ngày sinh", stats.missing_birth.vn()),
                href: "/can-bo".into(),
                urgent: false,
            });
        }
        if stats.missing_start > 0 {
            tasks.push(Task {
                text: format!(
                    "{} hồ sơ thiếu ngày bắt đầu công tác (cần để xét người mới tuyển dụng)",
                    stats.missing_start.vn()
                ),
                href: "/can-bo".into(),
                urgent: false,
            });
        }
    }
    // Blocs of the agencies the user holds a role at: sign, score, run the year.
    for b in st.store.bloc_tasks(a).await? {
        let at = |action: Action| {
            a.grants
                .iter()
                .any(|g| g.unit_id == b.unit_id && g.role.allows(action))
        };
        let href = format!("/khoi-thi-dua/{}", b.bloc_id);
        let what = format!("{} năm {}", b.name, b.year);
        if b.to_sign && at(Action::Submit) {
            tasks.push(Task {
                text: format!("{what}: ký giao ước thi đua cho {}", b.unit_name),
                href: href.clone(),
                urgent: false,
            });
        }
        if b.to_submit && at(Action::Register) {
            tasks.push(Task {
                text: format!("{what}: tự chấm điểm và gửi kết quả của {}", b.unit_name),
                href: format!("/khoi-thi-dua/{}/cham-diem/{}", b.bloc_id, b.unit_id),
                urgent: t.month() == 12,
            });
        }
        if b.role == "leader" && at(Action::Review) {
            tasks.push(Task {
                text: format!(
                    "{what}: {} (Khối trưởng)",
                    if b.stage == "scoring" {
                        "thẩm định, xếp hạng và công bố"
                    } else {
                        "giao ước, bảng chấm điểm, chương trình năm"
                    }
                ),
                href: if b.stage == "scoring" {
                    format!("/khoi-thi-dua/{}/xep-hang", b.bloc_id)
                } else {
                    href
                },
                urgent: false,
            });
        }
    }
    if a.can_somewhere(Action::ManageUsers) {
        let locked = st.store.count_locked_users().await?;
        if locked > 0 {
            tasks.push(Task {
                text: format!("{locked} tài khoản đang bị khóa"),
                href: "/tai-khoan".into(),
                urgent: false,
            });
        }
    }
    // What registrations owe, from the published plans the user takes part in.
    let mut plan_deadlines: Vec<Deadline> = Vec::new();
    for o in st.store.published_plans_overview(a).await? {
        let p = &o.plan;
        let due = o.registration_due;
        let regs = &o.registrations;
        let reviewer = a.can(Action::Review, &p.unit_path);
        if reviewer {
            let waiting = regs
                .iter()
                .filter(|r| r.state() == RegistrationStatus::Submitted)
                .count();
            if waiting > 0 {
                tasks.push(Task {
                    text: format!(
                        "{waiting} bản đăng ký thi đua chờ tiếp nhận (kế hoạch «{}»)",
                        p.title
                    ),
                    href: format!("/ke-hoach/{}", p.id),
                    urgent: true,
                });
            }
        }
        for u in &o.participants {
            let mine = a.can(Action::Register, &u.path) || a.can(Action::Submit, &u.path);
            // The Office owes only the agency's own line; departments owe theirs.
            if !mine || (reviewer && u.id != p.unit_id) {
                continue;
            }
            let reg = regs.iter().find(|r| r.unit_id == u.id);
            let state = reg.map(|r| r.state());
            if matches!(
                state,
                Some(RegistrationStatus::Submitted | RegistrationStatus::Accepted)
            ) {
                continue;
            }
            let last = match (due, reg.and_then(|r| r.extension_until)) {
                (Some(d), Some(e)) => Some(d.max(e)),
                (d, _) => d,
            };
            let overdue = last.map(|d| d < t).unwrap_or(false);
            let what = if state == Some(RegistrationStatus::Returned) {
                "sửa và gửi lại"
            } else {
                "gửi"
            };
            let when = match last {
                Some(d) if overdue => format!(" – đã quá hạn {}", d.vn()),
                Some(d) => format!(" – hạn {}", d.vn()),
                None => String::new(),
            };
            tasks.push(Task {
                text: format!("{}: {what} đăng ký thi đua năm {}{when}", u.name, p.year),
                href: format!("/ke-hoach/{}/dang-ky/{}", p.id, u.id),
                urgent: overdue,
            });
        }
        for m in &o.milestones {
            if m.due_date >= t {
                plan_deadlines.push(Deadline {
                    date: m.due_date.vn(),
                    label: format!("{} ({})", m.label, p.title),
                    days_left: (m.due_date - t).num_days(),
                    mine: true,
                });
            }
        }
    }
    let my_roles: Vec<&str> = a.grants.iter().map(|g| g.role.code()).collect();
    let from_plans = !plan_deadlines.is_empty();
    let deadlines: Vec<Deadline> = if from_plans {
        plan_deadlines.sort_by_key(|d| d.days_left);
        plan_deadlines.into_iter().take(6).collect()
    } else {
        tdkt_domain::org::upcoming(&tdkt_domain::org::default_cycle(), t, 4)
            .into_iter()
            .map(|(d, m)| Deadline {
                date: d.vn(),
                label: m.label,
                days_left: (d - t).num_days(),
                mine: m.owner.is_empty()
                    || my_roles.contains(&m.owner.as_str())
                    || a.has_role(Role::Admin),
            })
            .collect()
    };
    let notifications = st.store.notifications(a, 8).await?;
    let recent = if a.can_somewhere(Action::ViewAudit) {
        st.store
            .audit_log(
                a,
                &AuditFilter {
                    per_page: 8,
                    no_total: true,
                    ..Default::default()
                },
            )
            .await?
            .items
    } else {
        vec![]
    };
    // The charts are the report pages' (an agency the user reports for); the
    // roles' units come from the in-process tree, no statement.
    let mut charts = false;
    for g in &a.grants {
        if (g.role.allows(Action::Review) || g.role.allows(Action::ManageHistory))
            && st
                .store
                .unit(g.unit_id)
                .await
                .is_ok_and(|u| u.kind == "agency")
        {
            charts = true;
            break;
        }
    }
    Ok(HomePage {
        l: Layout::new(&auth, "Trang chủ", "/").with_notice(n.tb.as_deref()),
        women_pct: pct(stats.women, stats.people),
        managers_pct: pct(stats.managers, stats.people),
        stats,
        tasks,
        deadlines,
        from_plans,
        notifications,
        recent,
        charts,
    })
}
