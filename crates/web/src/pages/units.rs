//! The organisation tree: list, view (with name history and the unit's own
//! achievement profile), create, edit (rename from a date, move), stop,
//! merge.

use super::people::{Line, UnitOption, history_lines, unit_options};
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
use std::collections::HashMap;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::UnitKind;
use tdkt_domain::error::Error;
use tdkt_domain::org::{Level, UnitInput};
use tdkt_store::blocs::bloc_role_label;
use tdkt_store::history::Subject;
use tdkt_store::units::{Unit, UnitEvent, UnitName};

pub struct TreeRow {
    pub u: Unit,
    pub indent: i64,
    pub level_name: String,
    pub kind: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "units_list.html")]
pub(crate) struct ListPage {
    l: Layout,
    rows: Vec<TreeRow>,
    include_inactive: bool,
    can_create: bool,
    can_levels: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    ca_ngung: String,
    tb: Option<String>,
}

fn level_names(levels: &[Level]) -> HashMap<String, String> {
    levels
        .iter()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect()
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let include_inactive = q.ca_ngung == "1";
    let units = st
        .store
        .visible_units(&auth.actor, include_inactive)
        .await?;
    let names = level_names(&st.store.levels().await?);
    let min_depth = units.iter().map(|u| u.depth).min().unwrap_or(0);
    let rows = units
        .into_iter()
        .map(|u| TreeRow {
            indent: u.depth - min_depth,
            level_name: names.get(&u.level).cloned().unwrap_or_default(),
            kind: UnitKind::parse(&u.kind).map(|k| k.label()).unwrap_or(""),
            u,
        })
        .collect();
    Ok(ListPage {
        l: Layout::new(&auth, "Cơ cấu tổ chức", "/don-vi").with_notice(q.tb.as_deref()),
        rows,
        include_inactive,
        can_create: auth.actor.can_somewhere(Action::ManageUnits),
        can_levels: auth.actor.can_somewhere(Action::ManageUsers),
    })
}

pub struct BlocLine {
    pub id: i64,
    pub name: String,
    pub year: i64,
    pub role: &'static str,
    pub rank: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "unit_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    u: Unit,
    parents: Vec<Unit>,
    children: Vec<Unit>,
    level_name: String,
    kind: &'static str,
    names: Vec<UnitName>,
    events: Vec<(String, String)>,
    people: i64,
    blocs: Vec<BlocLine>,
    ratings: Vec<Line>,
    awards: Vec<Line>,
    can_edit: bool,
    merge_targets: Vec<UnitOption>,
    today: String,
}

fn event_text(e: &UnitEvent, names: &HashMap<i64, String>) -> String {
    let other = e
        .other_unit_id
        .and_then(|i| names.get(&i).cloned())
        .unwrap_or_default();
    match e.kind.as_str() {
        "create" => "Thành lập / đưa vào hệ thống".into(),
        "rename" => format!("Đổi tên thành «{}»", e.note),
        "move" => format!("Chuyển trực thuộc «{}»", e.note),
        "deactivate" if !other.is_empty() => format!("Sáp nhập vào «{other}»"),
        "deactivate" => "Ngừng hoạt động".into(),
        "reactivate" => "Hoạt động trở lại".into(),
        "absorb" => format!("Tiếp nhận «{}» sáp nhập vào", e.note),
        k => k.to_string(),
    }
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<ViewPage, AppError> {
    let u = st.store.visible_unit(&auth.actor, id).await?;
    let parents = st
        .store
        .ancestors(&u)
        .await?
        .into_iter()
        .filter(|p| auth.actor.can(Action::View, &p.path))
        .collect();
    let children = st.store.children(id).await?;
    let levels = level_names(&st.store.levels().await?);
    let facts = st.store.unit_facts(id).await?;
    let events_raw = &facts.events;
    let others: Vec<i64> = events_raw.iter().filter_map(|e| e.other_unit_id).collect();
    let other_names: HashMap<i64, String> = st
        .store
        .units_by_id(&others)
        .await?
        .into_iter()
        .map(|(id, u)| (id, u.name))
        .collect();
    let events = events_raw
        .iter()
        .map(|e| (e.on_date.vn(), event_text(e, &other_names)))
        .collect();
    let blocs = facts
        .blocs
        .into_iter()
        .map(|(b, role, rank)| BlocLine {
            id: b.id,
            name: b.name,
            year: b.year,
            role: bloc_role_label(&role),
            rank: rank.map(|r| r.to_string()).unwrap_or_default(),
        })
        .collect();
    let h = st.store.history(Subject::Unit(id)).await?;
    let lines = history_lines(&h);
    let (ratings, awards) = (lines.ratings, lines.awards);
    let can_edit = auth.actor.can(Action::ManageUnits, &u.path);
    let merge_targets = if can_edit {
        let visible = st.store.visible_unit_tree(&auth.actor).await?;
        let others: Vec<&tdkt_store::units::Unit> = visible
            .iter()
            .filter(|x| x.id != id && !x.path.starts_with(&u.path))
            .collect();
        // A large tree's picker opens on the unit's parent: merges are between siblings.
        super::people::unit_options_around(&others, u.parent_id, None)
    } else {
        vec![]
    };
    Ok(ViewPage {
        l: Layout::new(&auth, u.name.clone(), "/don-vi").with_notice(n.tb.as_deref()),
        parents,
        children,
        level_name: levels.get(&u.level).cloned().unwrap_or_default(),
        kind: UnitKind::parse(&u.kind).map(|k| k.label()).unwrap_or(""),
        names: facts.names,
        events,
        people: facts.people,
        blocs,
        ratings,
        awards,
        can_edit,
        merge_targets,
        today: st.today().vn(),
        u,
    })
}

#[derive(Deserialize, Default, Clone)]
pub struct UnitForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    on_date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "unit_form.html")]
pub(crate) struct FormPage {
    l: Layout,
    action: String,
    heading: String,
    editing: bool,
    f: UnitForm,
    parents: Vec<UnitOption>,
    levels: Vec<(String, String, bool)>,
    kinds: Vec<(&'static str, &'static str, bool)>,
    errors: HashMap<String, String>,
    general: Vec<String>,
}

impl FormPage {
    fn err(&self, field: &str) -> String {
        self.errors.get(field).cloned().unwrap_or_default()
    }
}

impl UnitForm {
    fn input(&self) -> UnitInput {
        UnitInput {
            code: self.code.clone(),
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            kind: self.kind.clone(),
            level: self.level.clone(),
            parent_id: self.parent_id.parse().ok(),
        }
    }
}

async fn form_page(
    st: &AppState,
    auth: &Auth,
    action: String,
    heading: &str,
    editing: bool,
    f: UnitForm,
    err: Option<Error>,
) -> Result<FormPage, AppError> {
    let units: Vec<Unit> = st
        .store
        .visible_units(&auth.actor, false)
        .await?
        .into_iter()
        .filter(|u| auth.actor.can(Action::ManageUnits, &u.path))
        .collect();
    let levels = st
        .store
        .levels()
        .await?
        .into_iter()
        .map(|l| (l.code.clone(), l.name, l.code == f.level))
        .collect();
    let kinds = UnitKind::ALL
        .iter()
        .map(|k| (k.code(), k.label(), k.code() == f.kind))
        .collect();
    let (errors, general) = super::form_errors(err);
    Ok(FormPage {
        l: Layout::new(auth, heading.to_string(), "/don-vi"),
        action,
        heading: heading.into(),
        editing,
        parents: unit_options(&units, f.parent_id.parse().ok()),
        levels,
        kinds,
        f,
        errors,
        general,
    })
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    cha: String,
}

pub async fn new_form(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<NewQuery>,
) -> Result<FormPage, AppError> {
    if !auth.actor.can_somewhere(Action::ManageUnits) {
        return Err(AppError(Error::Forbidden));
    }
    let f = UnitForm {
        kind: "department".into(),
        level: "phong".into(),
        parent_id: q.cha,
        on_date: st.today().vn(),
        ..Default::default()
    };
    form_page(
        &st,
        &auth,
        "/don-vi/moi".into(),
        "Thêm đơn vị",
        false,
        f,
        None,
    )
    .await
}

fn date_of(st: &AppState, f: &UnitForm) -> Result<chrono::NaiveDate, Error> {
    if f.on_date.trim().is_empty() {
        return Ok(st.today());
    }
    super::form_date("Ngày", &f.on_date)
}

pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<UnitForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let on = date_of(&st, &f)?;
        let v = f.input().validate(&st.store.levels().await?)?;
        let mut w = st.store.begin(&auth.actor).await?;
        let u = w.create_unit(&v, on).await?;
        w.commit().await?;
        Ok::<_, Error>(u)
    }
    .await;
    super::respond(
        result,
        |u| format!("/don-vi/{}?tb=da-tao", u.id),
        async |e| {
            form_page(
                &st,
                &auth,
                "/don-vi/moi".into(),
                "Thêm đơn vị",
                false,
                f,
                Some(e),
            )
            .await
        },
    )
    .await
}

pub async fn edit_form(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<FormPage, AppError> {
    let u = st.store.visible_unit(&auth.actor, id).await?;
    auth.actor.require(Action::ManageUnits, &u.path)?;
    let f = UnitForm {
        csrf: String::new(),
        code: u.code,
        name: u.name,
        short_name: u.short_name,
        kind: u.kind,
        level: u.level,
        parent_id: u.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        on_date: st.today().vn(),
    };
    form_page(
        &st,
        &auth,
        format!("/don-vi/{id}/sua"),
        "Sửa đơn vị",
        true,
        f,
        None,
    )
    .await
}

pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<UnitForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.visible_unit(&auth.actor, id).await?;
    let result = async {
        let on = date_of(&st, &f)?;
        let v = f.input().validate(&st.store.levels().await?)?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.update_unit(id, &v, on).await?;
        w.commit().await?;
        Ok::<_, Error>(())
    }
    .await;
    super::respond(
        result,
        |_| format!("/don-vi/{id}?tb=da-luu"),
        async |e| {
            form_page(
                &st,
                &auth,
                format!("/don-vi/{id}/sua"),
                "Sửa đơn vị",
                true,
                f,
                Some(e),
            )
            .await
        },
    )
    .await
}

pub async fn deactivate(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.visible_unit(&auth.actor, id).await?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.deactivate_unit(id, st.today()).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/don-vi/{id}?tb=da-ngung")).into_response())
}

pub async fn reactivate(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.visible_unit(&auth.actor, id).await?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.reactivate_unit(id, st.today()).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/don-vi/{id}?tb=da-khoi-phuc")).into_response())
}

#[derive(Deserialize)]
pub struct MergeForm {
    csrf: String,
    into: i64,
    on_date: String,
}

pub async fn merge(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<MergeForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.visible_unit(&auth.actor, id).await?;
    let on = super::form_date("Ngày", &f.on_date)?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.merge_units(id, f.into, on).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/don-vi/{id}?tb=da-sap-nhap")).into_response())
}
