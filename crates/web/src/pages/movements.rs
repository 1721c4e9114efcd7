//! Movements (phong trào thi đua): list, launch, receive and relaunch, advance.

use super::Notice;
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
use tdkt_domain::auth::Action;
use tdkt_domain::emulation::movement::{MovementInput, MovementKind, MovementStatus};
use tdkt_domain::error::Error;
use tdkt_store::emulation::{Movement, Plan};

pub struct Row {
    pub m: Movement,
    pub kind: &'static str,
    pub status: &'static str,
    pub own: bool,
}

fn row(a: &tdkt_store::Actor, m: Movement) -> Row {
    Row {
        kind: MovementKind::parse(&m.kind)
            .map(|k| k.label())
            .unwrap_or(""),
        status: MovementStatus::parse(&m.status)
            .map(|k| k.label())
            .unwrap_or(""),
        own: a.can(Action::View, &m.unit_path),
        m,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "movements.html")]
pub(crate) struct ListPage {
    l: Layout,
    rows: Vec<Row>,
    can_launch: bool,
    units: Vec<super::people::UnitOption>,
    kinds: Vec<(&'static str, &'static str)>,
    f: MovementInput,
    errors: Vec<String>,
    today: String,
}

async fn list_page(
    st: &AppState,
    auth: &Auth,
    f: MovementInput,
    errors: Vec<String>,
    notice: Option<&str>,
) -> Result<ListPage, AppError> {
    let a = &auth.actor;
    let rows = st
        .store
        .movements(a)
        .await?
        .into_iter()
        .map(|m| row(a, m))
        .collect();
    let units: Vec<_> = st
        .store
        .visible_units(a, false)
        .await?
        .into_iter()
        .filter(|u| a.can(Action::Review, &u.path))
        .collect();
    Ok(ListPage {
        l: Layout::new(auth, "Phong trào thi đua", "/phong-trao").with_notice(notice),
        rows,
        can_launch: !units.is_empty(),
        units: super::people::unit_options(&units, None),
        kinds: MovementKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        f,
        errors,
        today: st.today().vn(),
    })
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(n): Query<Notice>,
) -> Result<ListPage, AppError> {
    list_page(
        &st,
        &auth,
        MovementInput {
            kind: "thuong-xuyen".into(),
            ..Default::default()
        },
        vec![],
        n.tb.as_deref(),
    )
    .await
}

#[derive(Deserialize)]
pub struct LaunchForm {
    csrf: String,
    unit_id: i64,
    #[serde(default)]
    parent_id: Option<i64>,
    #[serde(flatten)]
    m: MovementInput,
}

pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<LaunchForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let v = f.m.validate()?;
        if let Some(p) = f.parent_id {
            st.store.movement(&auth.actor, p).await?;
        }
        let mut w = st.store.begin(&auth.actor).await?;
        let id = w.create_movement(f.unit_id, f.parent_id, &v).await?;
        w.commit().await?;
        Ok::<_, Error>(id)
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/phong-trao/{id}?tb=da-tao")).into_response()),
        Err(e) if super::is_form_error(&e) => {
            let msgs = super::error_messages(&e);
            Ok((
                crate::error::status_of(&e),
                list_page(&st, &auth, f.m, msgs, None).await?,
            )
                .into_response())
        }
        Err(e) => Err(AppError(e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "movement_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    r: Row,
    targets: Vec<String>,
    parent: Option<Movement>,
    plans: Vec<Plan>,
    can_manage: bool,
    next_status: Option<&'static str>,
    relaunch_units: Vec<super::people::UnitOption>,
    today: String,
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<ViewPage, AppError> {
    let a = &auth.actor;
    let m = st.store.movement(a, id).await?;
    let parent = match m.parent_id {
        Some(p) => st.store.movement(a, p).await.ok(),
        None => None,
    };
    let can_manage = a.can(Action::Review, &m.unit_path);
    // Bodies below the launching one may receive and relaunch it.
    let relaunch: Vec<_> = st
        .store
        .visible_units(a, false)
        .await?
        .into_iter()
        .filter(|u| {
            u.id != m.unit_id
                && u.path.starts_with(&m.unit_path)
                && a.can(Action::Review, &u.path)
                && u.kind == "agency"
        })
        .collect();
    let next_status = MovementStatus::parse(&m.status)
        .ok()
        .and_then(|s| s.next())
        .map(|s| s.label());
    Ok(ViewPage {
        l: Layout::new(&auth, m.name.clone(), "/phong-trao").with_notice(n.tb.as_deref()),
        targets: m.target_list(),
        plans: st.store.plans_of_movement(&auth.actor, id).await?,
        parent,
        can_manage,
        next_status,
        relaunch_units: super::people::unit_options(&relaunch, None),
        today: st.today().vn(),
        r: row(a, m),
    })
}

pub async fn advance(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<super::CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.movement(&auth.actor, id).await?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.advance_movement(id).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/phong-trao/{id}?tb=da-luu")).into_response())
}
