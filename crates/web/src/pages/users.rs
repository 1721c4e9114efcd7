//! Accounts: list, create, grant and revoke roles on units, lock, reset password.

use super::people::{UnitOption, unit_options};
use super::{CsrfOnly, Notice};
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tdkt_domain::auth::{Action, Role};
use tdkt_domain::error::Error;
use tdkt_store::users::{RoleRow, User};

fn require_admin(auth: &Auth) -> Result<(), AppError> {
    if auth.actor.can_somewhere(Action::ManageUsers) {
        Ok(())
    } else {
        Err(AppError(Error::Forbidden))
    }
}

/// Whether every role of an account lies inside the actor's subtrees; an
/// account without roles belongs to the administrators of the whole tree
/// (`whole_tree`) only.
fn manages(auth: &Auth, whole_tree: bool, roles: &[RoleRow]) -> bool {
    if roles.is_empty() {
        return whole_tree;
    }
    roles
        .iter()
        .all(|r| auth.actor.can(Action::ManageUsers, &r.unit_path))
}

pub struct UserLine {
    pub u: User,
    pub roles: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "users_list.html")]
pub(crate) struct ListPage {
    l: Layout,
    users: Vec<UserLine>,
    roles: Vec<(&'static str, &'static str)>,
    units: Vec<UnitOption>,
    error: Option<String>,
}

async fn list_page(
    st: &AppState,
    auth: &Auth,
    error: Option<String>,
    notice: Option<&str>,
) -> Result<ListPage, AppError> {
    let mut users = Vec::new();
    let whole = st
        .store
        .whole_tree(&auth.actor, Action::ManageUsers)
        .await?;
    for u in st.store.list_users().await? {
        let roles = st.store.user_roles(u.id).await?;
        // An administrator of a subtree sees only the accounts it may manage.
        if !manages(auth, whole, &roles) {
            continue;
        }
        let text = roles
            .iter()
            .map(|r| {
                format!(
                    "{} ({})",
                    Role::parse(&r.role).map(|x| x.label()).unwrap_or(""),
                    r.unit_name
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        users.push(UserLine { u, roles: text });
    }
    let units: Vec<_> = st
        .store
        .visible_units(&auth.actor, false)
        .await?
        .into_iter()
        .filter(|u| auth.actor.can(Action::ManageUsers, &u.path))
        .collect();
    Ok(ListPage {
        l: Layout::new(auth, "Tài khoản người dùng", "/tai-khoan").with_notice(notice),
        users,
        roles: Role::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        units: unit_options(&units, None),
        error,
    })
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(n): Query<Notice>,
) -> Result<ListPage, AppError> {
    require_admin(&auth)?;
    list_page(&st, &auth, None, n.tb.as_deref()).await
}

#[derive(Deserialize)]
pub struct NewUser {
    csrf: String,
    username: String,
    display_name: String,
    password: String,
    role: String,
    unit_id: i64,
}

pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<NewUser>,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let role =
            Role::parse(&f.role).map_err(|_| Error::invalid("role", "Vai trò không hợp lệ."))?;
        let mut w = st.store.begin(&auth.actor).await?;
        // The administrator sets a first password; the user must change it.
        let id = w
            .create_user(f.username.trim(), &f.display_name, &f.password, true)
            .await?;
        w.grant_role(id, role, f.unit_id).await?;
        w.commit().await?;
        Ok::<_, Error>(id)
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/tai-khoan/{id}?tb=da-tao")).into_response()),
        Err(e @ (Error::Validation(_) | Error::Conflict(_))) => {
            let msg = e
                .field_errors()
                .iter()
                .map(|f| f.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            Ok((
                crate::error::status_of(&e),
                list_page(&st, &auth, Some(msg), None).await?,
            )
                .into_response())
        }
        Err(e) => Err(AppError(e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "user_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    u: User,
    role_rows: Vec<(RoleRow, &'static str)>,
    roles: Vec<(&'static str, &'static str)>,
    units: Vec<UnitOption>,
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<ViewPage, AppError> {
    require_admin(&auth)?;
    let u = st.store.user(id).await?;
    let whole = st
        .store
        .whole_tree(&auth.actor, Action::ManageUsers)
        .await?;
    if !manages(&auth, whole, &st.store.user_roles(id).await?) {
        return Err(AppError(Error::NotFound("tài khoản".into())));
    }
    let role_rows = st
        .store
        .user_roles(id)
        .await?
        .into_iter()
        .map(|r| {
            let label = Role::parse(&r.role).map(|x| x.label()).unwrap_or("");
            (r, label)
        })
        .collect();
    let units: Vec<_> = st
        .store
        .visible_units(&auth.actor, false)
        .await?
        .into_iter()
        .filter(|u| auth.actor.can(Action::ManageUsers, &u.path))
        .collect();
    Ok(ViewPage {
        l: Layout::new(&auth, format!("Tài khoản {}", u.username), "/tai-khoan")
            .with_notice(n.tb.as_deref()),
        u,
        role_rows,
        roles: Role::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        units: unit_options(&units, None),
    })
}

#[derive(Deserialize)]
pub struct GrantForm {
    csrf: String,
    role: String,
    unit_id: i64,
}

pub async fn grant(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<GrantForm>,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    auth.check_csrf(&f.csrf)?;
    let role = Role::parse(&f.role).map_err(|_| Error::invalid("role", "Vai trò không hợp lệ."))?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.grant_role(id, role, f.unit_id).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/tai-khoan/{id}?tb=da-cap-vai-tro")).into_response())
}

pub async fn revoke(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, role_id)): Path<(i64, i64)>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    auth.check_csrf(&f.csrf)?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.revoke_role(id, role_id).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/tai-khoan/{id}?tb=da-thu-hoi")).into_response())
}

#[derive(Deserialize)]
pub struct LockForm {
    csrf: String,
    locked: String,
}

pub async fn lock(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<LockForm>,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    auth.check_csrf(&f.csrf)?;
    let locked = f.locked == "1";
    let mut w = st.store.begin(&auth.actor).await?;
    w.set_locked(id, locked).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!(
        "/tai-khoan/{id}?tb={}",
        if locked { "da-khoa" } else { "da-mo-khoa" }
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct ResetForm {
    csrf: String,
    password: String,
}

pub async fn reset_password(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<ResetForm>,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    auth.check_csrf(&f.csrf)?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.set_password(id, &f.password, true).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/tai-khoan/{id}?tb=da-doi-mat-khau")).into_response())
}
