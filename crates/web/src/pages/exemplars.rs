//! The register of exemplars (docs/exemplars.md): the list by year and kind,
//! a new exemplar, one exemplar with its people and the awards it led to,
//! and whether it appears on the public page.

use super::Notice;
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use tdkt_domain::auth::Action;
use tdkt_domain::emulation::exemplar::{ExemplarInput, ExemplarKind};
use tdkt_domain::error::Error;
use tdkt_store::exemplars::{Exemplar, ExemplarAward, ExemplarPerson};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    nam: Option<String>,
    loai: Option<String>,
    tb: Option<String>,
}

/// What the form shows back: the typed fields, the unit, the movement, the codes.
#[derive(Default)]
pub struct Draft {
    pub input: ExemplarInput,
    pub unit_id: i64,
    pub movement_id: Option<i64>,
    pub people: String,
}

impl Draft {
    fn movement_is(&self, id: &i64) -> bool {
        self.movement_id == Some(*id)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "exemplars.html")]
pub(crate) struct ListPage {
    l: Layout,
    year: Option<i32>,
    kind: Option<ExemplarKind>,
    kinds: Vec<(&'static str, &'static str)>,
    items: Vec<Exemplar>,
    units: Vec<(i64, String)>,
    movements: Vec<(i64, String)>,
    draft: Draft,
    errors: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "exemplar.html")]
pub(crate) struct ViewPage {
    l: Layout,
    e: Exemplar,
    people: Vec<ExemplarPerson>,
    awards: Vec<ExemplarAward>,
    kinds: Vec<(&'static str, &'static str)>,
    units: Vec<(i64, String)>,
    movements: Vec<(i64, String)>,
    draft: Draft,
    can_edit: bool,
    can_publish: bool,
    errors: Vec<String>,
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    ExemplarKind::ALL
        .into_iter()
        .map(|k| (k.code(), k.label()))
        .collect()
}

/// Units where the actor keeps exemplars (registers titles, or runs the Office).
async fn keeping_units(st: &AppState, auth: &Auth) -> Result<Vec<(i64, String)>, AppError> {
    let a = &auth.actor;
    Ok(st
        .store
        .visible_units(a, false)
        .await?
        .into_iter()
        .filter(|u| a.can(Action::Register, &u.path) || a.can(Action::Review, &u.path))
        .map(|u| (u.id, u.name))
        .collect())
}

async fn movement_choices(st: &AppState, auth: &Auth) -> Result<Vec<(i64, String)>, AppError> {
    Ok(st
        .store
        .movements(&auth.actor)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect())
}

fn parse_year(t: Option<&str>) -> Result<Option<i32>, Error> {
    match t.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2100).contains(y))
            .map(Some)
            .ok_or_else(|| Error::invalid("nam", format!("Năm «{t}» không hợp lệ."))),
    }
}

async fn list_page(
    st: &AppState,
    auth: &Auth,
    q: &ListQuery,
    draft: Draft,
    errors: Vec<String>,
) -> Result<ListPage, AppError> {
    let year = parse_year(q.nam.as_deref())?;
    let kind = q.loai.as_deref().and_then(ExemplarKind::parse);
    let items = st.store.exemplars(&auth.actor, year, kind).await?;
    Ok(ListPage {
        l: Layout::new(
            auth,
            "Điển hình tiên tiến, người tốt việc tốt",
            "/dien-hinh",
        )
        .with_notice(q.tb.as_deref()),
        year,
        kind,
        kinds: kinds(),
        items,
        units: keeping_units(st, auth).await?,
        movements: movement_choices(st, auth).await?,
        draft,
        errors,
    })
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    list_page(&st, &auth, &q, Draft::default(), vec![]).await
}

#[derive(Deserialize)]
pub struct ExemplarForm {
    csrf: String,
    kind: String,
    title: String,
    story: String,
    recognised_on: String,
    #[serde(default)]
    source: String,
    unit_id: i64,
    #[serde(default)]
    movement_id: String,
    #[serde(default)]
    people: String,
}

impl ExemplarForm {
    fn draft(&self) -> Draft {
        Draft {
            input: ExemplarInput {
                kind: self.kind.clone(),
                title: self.title.clone(),
                story: self.story.clone(),
                recognised_on: self.recognised_on.clone(),
                source: self.source.clone(),
            },
            unit_id: self.unit_id,
            movement_id: self.movement_id.trim().parse().ok(),
            people: self.people.clone(),
        }
    }
}

async fn save(st: &AppState, auth: &Auth, id: Option<i64>, f: &ExemplarForm) -> Result<i64, Error> {
    let d = f.draft();
    let t = d.input.check(st.today())?;
    let mut w = st.store.begin(&auth.actor).await?;
    let id = w
        .save_exemplar(id, d.unit_id, d.movement_id, &t, &d.people)
        .await?;
    w.commit().await?;
    Ok(id)
}

pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    axum::Form(f): axum::Form<ExemplarForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = save(&st, &auth, None, &f).await;
    super::respond(
        result,
        |id| format!("/dien-hinh/{id}?tb=dh-da-luu"),
        async |e| {
            list_page(
                &st,
                &auth,
                &ListQuery::default(),
                f.draft(),
                super::error_messages(&e),
            )
            .await
        },
    )
    .await
}

async fn view_page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    draft: Option<Draft>,
    errors: Vec<String>,
) -> Result<ViewPage, AppError> {
    let (e, people, awards) = st.store.exemplar(&auth.actor, id).await?;
    let a = &auth.actor;
    let can_edit = a.can(Action::Register, &e.unit_path) || a.can(Action::Review, &e.unit_path);
    let draft = draft.unwrap_or_else(|| Draft {
        input: ExemplarInput {
            kind: e.kind.clone(),
            title: e.title.clone(),
            story: e.story.clone(),
            recognised_on: e.recognised_on.vn(),
            source: e.source.clone(),
        },
        unit_id: e.unit_id,
        movement_id: e.movement_id,
        people: people
            .iter()
            .map(|p| p.code.clone())
            .collect::<Vec<_>>()
            .join("\n"),
    });
    Ok(ViewPage {
        l: Layout::new(auth, e.title.clone(), "/dien-hinh"),
        can_publish: a.can(Action::Review, &e.unit_path),
        units: if can_edit {
            keeping_units(st, auth).await?
        } else {
            vec![]
        },
        movements: if can_edit {
            movement_choices(st, auth).await?
        } else {
            vec![]
        },
        kinds: kinds(),
        e,
        people,
        awards,
        draft,
        can_edit,
        errors,
    })
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<ViewPage, AppError> {
    let mut p = view_page(&st, &auth, id, None, vec![]).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<ExemplarForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = save(&st, &auth, Some(id), &f).await;
    super::respond(
        result,
        |id| format!("/dien-hinh/{id}?tb=dh-da-luu"),
        async |e| view_page(&st, &auth, id, Some(f.draft()), super::error_messages(&e)).await,
    )
    .await
}

pub async fn link_awards(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    // A repeated field ("award=1&award=5"): read pairs, not a struct.
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    auth.check_csrf(csrf)?;
    let ids = |name: &str| -> Vec<i64> {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .filter_map(|(_, v)| v.parse().ok())
            .take(500)
            .collect()
    };
    // The page lists the awards it offers ("shown"); only their links change.
    let (shown, linked) = (ids("shown"), ids("award"));
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.set_exemplar_awards(id, &shown, &linked).await?;
        w.commit().await
    }
    .await;
    super::respond(
        result,
        |_| format!("/dien-hinh/{id}?tb=da-luu"),
        async |e| view_page(&st, &auth, id, None, super::error_messages(&e)).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct PublishForm {
    csrf: String,
    published: String,
}

pub async fn publish(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<PublishForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let on = f.published == "1";
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.publish_exemplar(id, on).await?;
        w.commit().await
    }
    .await;
    super::respond(
        result,
        |_| {
            format!(
                "/dien-hinh/{id}?tb={}",
                if on { "dh-cong-bo" } else { "dh-thoi-cong-bo" }
            )
        },
        async |e| view_page(&st, &auth, id, None, super::error_messages(&e)).await,
    )
    .await
}
