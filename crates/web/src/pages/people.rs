//! The staff register: list with diacritic-blind search, the achievement
//! profile of one person, forms to add, edit, transfer and deactivate.

use super::Notice;
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::{Vn, category_label, gender_label};
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::{
    AwardCode, AwardKind, DisciplineForm, InitiativeLevel, LeaveKind, Rating, StaffCategory,
};
use tdkt_domain::error::Error;
use tdkt_domain::org::PersonInput;
use tdkt_store::history::{History, Subject};
use tdkt_store::people::{Employment, PeopleFilter, Person, PersonRow, Transfer};
use tdkt_store::units::Unit;

/// A unit in a picker, indented by depth.
pub struct UnitOption {
    pub id: i64,
    pub label: String,
    pub selected: bool,
}

/// A picker lists at most this many units: a province's thousands of units would make
/// every page that shows one a quarter of a megabyte.
const PICKER_MAX: usize = 400;

pub fn unit_options(units: &[Unit], selected: Option<i64>) -> Vec<UnitOption> {
    let refs: Vec<&Unit> = units.iter().collect();
    unit_options_around(&refs, selected, selected)
}

/// [`unit_options`], a large tree opened around `around` (its ancestors, itself, its
/// children) with `selected` marked.
pub fn unit_options_around(
    units: &[&Unit],
    around: Option<i64>,
    selected: Option<i64>,
) -> Vec<UnitOption> {
    let min_depth = units.iter().map(|u| u.depth).min().unwrap_or(0);
    let active: Vec<&Unit> = units.iter().copied().filter(|u| u.active).collect();
    let shown: Vec<&Unit> = if active.len() <= PICKER_MAX {
        active
    } else {
        // A large tree: the chosen unit, the units above it and the ones right under it
        // (or the top levels when nothing is chosen), in tree order — the others are
        // reached by choosing their parent first.
        let chosen = around.and_then(|id| active.iter().find(|u| u.id == id).copied());
        let keep = |u: &Unit| match chosen {
            Some(c) => c.path.starts_with(&u.path) || (u.parent_id == Some(c.id)),
            None => u.depth <= min_depth + 1,
        };
        active
            .into_iter()
            .filter(|u| keep(u))
            .take(PICKER_MAX)
            .collect()
    };
    shown
        .into_iter()
        .map(|u| UnitOption {
            id: u.id,
            label: format!("{}{}", "— ".repeat((u.depth - min_depth) as usize), u.name),
            selected: Some(u.id) == selected,
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    don_vi: String,
    #[serde(default)]
    ca_nghi: String,
    #[serde(default)]
    trang: String,
    tb: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "people_list.html")]
pub(crate) struct ListPage {
    l: Layout,
    q: String,
    include_inactive: bool,
    units: Vec<UnitOption>,
    rows: Vec<PersonRow>,
    /// "1.234", or "hơn 1.000" when a common search term was not counted
    /// through (`capped`: the number of pages is unknown too).
    count_label: String,
    capped: bool,
    page: i64,
    pages: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
    can_create: bool,
    export_link: String,
}

fn query_link(q: &str, unit: Option<i64>, inactive: bool, page: i64) -> String {
    let mut s = format!("/can-bo?trang={page}");
    if !q.is_empty() {
        s.push_str("&q=");
        s.push_str(&urlencode(q));
    }
    if let Some(u) = unit {
        s.push_str(&format!("&don_vi={u}"));
    }
    if inactive {
        s.push_str("&ca_nghi=1");
    }
    s
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let unit_id = q.don_vi.parse::<i64>().ok();
    let include_inactive = q.ca_nghi == "1";
    let page_no = q.trang.parse::<i64>().unwrap_or(1).max(1);
    let f = PeopleFilter {
        q: q.q.trim().to_string(),
        unit_id,
        include_inactive,
        page: page_no,
        per_page: 50,
    };
    let page = st.store.list_people(&auth.actor, &f).await?;
    let visible = st.store.visible_unit_tree(&auth.actor).await?;
    let units: Vec<&Unit> = visible.iter().collect();
    let pages = page.pages();
    Ok(ListPage {
        l: Layout::new(&auth, "Danh sách cán bộ", "/can-bo").with_notice(q.tb.as_deref()),
        prev_link: (page_no > 1).then(|| query_link(&f.q, unit_id, include_inactive, page_no - 1)),
        next_link: (page_no < pages)
            .then(|| query_link(&f.q, unit_id, include_inactive, page_no + 1)),
        export_link: match unit_id {
            Some(u) => format!("/can-bo/xuat.xlsx?don_vi={u}"),
            None => "/can-bo/xuat.xlsx".into(),
        },
        can_create: auth.actor.can_somewhere(Action::ManagePeople),
        q: f.q,
        include_inactive,
        units: unit_options_around(&units, unit_id, unit_id),
        count_label: if page.capped {
            format!("hơn {}", tdkt_store::people::SEARCH_COUNT_CAP.vn())
        } else {
            page.total.vn()
        },
        capped: page.capped,
        rows: page.items,
        page: page_no,
        pages,
    })
}

/// A history line as shown on the profile.
pub struct Line {
    pub year: String,
    pub what: String,
    pub detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "person_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    p: Person,
    unit_name: String,
    gender: &'static str,
    category: &'static str,
    employment: Vec<Employment>,
    transfers: Vec<Transfer>,
    ratings: Vec<Line>,
    awards: Vec<Line>,
    initiatives: Vec<Line>,
    disciplines: Vec<Line>,
    proceedings: Vec<Line>,
    leaves: Vec<Line>,
    can_edit: bool,
    /// May record disciplines, open matters and leaves (the Office).
    can_record: bool,
    record_choices: RecordChoices,
    errors: Vec<String>,
    units: Vec<UnitOption>,
    today: String,
    advice_year: i32,
    advice: Vec<super::eligibility::Suggestion>,
}

/// The achievement profile as lines for the page.
pub struct ProfileLines {
    pub ratings: Vec<Line>,
    pub awards: Vec<Line>,
    pub initiatives: Vec<Line>,
    pub disciplines: Vec<Line>,
    pub proceedings: Vec<Line>,
    pub leaves: Vec<Line>,
}

/// The choices of the recording form: discipline forms, matters, leaves, results.
pub struct RecordChoices {
    pub forms: Vec<(&'static str, &'static str)>,
    pub matters: Vec<(&'static str, &'static str)>,
    pub leaves: Vec<(&'static str, &'static str)>,
    pub results: Vec<(&'static str, &'static str)>,
    /// Awards an individual receives from a superior body.
    pub awards: Vec<(&'static str, &'static str)>,
}

impl RecordChoices {
    fn new() -> RecordChoices {
        use tdkt_domain::codes::{ProceedingKind, TrainingResult};
        RecordChoices {
            forms: DisciplineForm::ALL
                .iter()
                .map(|f| (f.code(), f.label()))
                .collect(),
            matters: ProceedingKind::ALL
                .iter()
                .map(|k| (k.code(), k.label()))
                .collect(),
            leaves: LeaveKind::ALL
                .iter()
                .map(|k| (k.code(), k.label()))
                .collect(),
            results: TrainingResult::ALL
                .iter()
                .map(|r| (r.code(), r.label()))
                .collect(),
            awards: tdkt_domain::codes::AwardCode::ALL
                .iter()
                .filter(|a| {
                    a.applies_to_kind(tdkt_domain::codes::SubjectKind::Individual)
                        && !tdkt_domain::commendation::ballot::within_agency(**a)
                })
                .map(|a| (a.code(), a.label()))
                .collect(),
        }
    }
}

pub fn history_lines(h: &History) -> ProfileLines {
    let label = |code: &str, f: fn(&str) -> Option<&'static str>| f(code).unwrap_or("").to_string();
    let ratings = h
        .ratings
        .iter()
        .map(|r| Line {
            year: r.year.to_string(),
            what: label(&r.rating, |c| Rating::parse(c).ok().map(Rating::label)),
            detail: String::new(),
        })
        .collect();
    let awards = h
        .awards
        .iter()
        .map(|a| {
            let kind = AwardKind::parse(&a.kind).map(|k| k.label()).unwrap_or("");
            let mut detail = Vec::new();
            if !a.decision_number.is_empty() {
                detail.push(format!("Quyết định số {}", a.decision_number));
            }
            if let Some(d) = a.decision_date {
                detail.push(format!("ngày {}", d.vn()));
            }
            if !a.issuer.is_empty() {
                detail.push(format!("của {}", a.issuer));
            }
            if !a.unit_name.is_empty() {
                detail.push(format!("(khi công tác tại {})", a.unit_name));
            }
            Line {
                year: a.year.to_string(),
                what: format!(
                    "{} – {}",
                    AwardCode::parse(&a.award)
                        .map(|c| c.label())
                        .unwrap_or(a.award.as_str()),
                    kind
                ),
                detail: detail.join(" "),
            }
        })
        .collect();
    let initiatives = h
        .initiatives
        .iter()
        .map(|i| {
            let uses: Vec<String> = h
                .initiative_uses
                .iter()
                .filter(|u| u.initiative_id == i.id)
                .map(|u| {
                    format!(
                        "{} {}",
                        AwardCode::parse(&u.award)
                            .map(|c| c.short_label())
                            .unwrap_or(u.award.as_str()),
                        u.year
                    )
                })
                .collect();
            Line {
                year: i.recognized_on.vn(),
                what: format!(
                    "{} ({})",
                    i.title,
                    InitiativeLevel::parse(&i.level)
                        .map(|l| l.label())
                        .unwrap_or("")
                ),
                detail: if uses.is_empty() {
                    "Chưa dùng làm căn cứ khen thưởng".into()
                } else {
                    format!("Đã dùng cho: {}", uses.join(", "))
                },
            }
        })
        .collect();
    let disciplines = h
        .disciplines
        .iter()
        .map(|d| Line {
            year: d.decided_on.vn(),
            what: DisciplineForm::parse(&d.form)
                .map(|f| f.label())
                .unwrap_or("")
                .to_string(),
            detail: d
                .ends_on
                .map(|e| format!("đến {}", e.vn()))
                .unwrap_or_default(),
        })
        .collect();
    let proceedings = h
        .proceedings
        .iter()
        .map(|x| Line {
            year: x.opened_on.vn(),
            what: tdkt_domain::codes::ProceedingKind::parse(&x.kind)
                .map(|k| k.label())
                .unwrap_or("")
                .to_string(),
            detail: match x.closed_on {
                Some(c) => format!("đã kết thúc {}", c.vn()),
                None => "đang xem xét".into(),
            },
        })
        .collect();
    let leaves = h
        .leaves
        .iter()
        .map(|v| Line {
            year: format!("{} – {}", v.from_date.vn(), v.to_date.vn()),
            what: LeaveKind::parse(&v.kind)
                .map(|k| k.label())
                .unwrap_or("")
                .to_string(),
            detail: v.result.clone().unwrap_or_default(),
        })
        .collect();
    ProfileLines {
        ratings,
        awards,
        initiatives,
        disciplines,
        proceedings,
        leaves,
    }
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<ViewPage, AppError> {
    let mut page = view_page(&st, &auth, id, vec![]).await?;
    page.l = page.l.with_notice(n.tb.as_deref());
    Ok(page)
}

/// The person's page, with `errors` of a form on it that could not be saved.
pub(crate) async fn view_page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    errors: Vec<String>,
) -> Result<ViewPage, AppError> {
    let p = st.store.visible_person(&auth.actor, id).await?;
    // Everything else about the person in one read.
    let mut h = st.store.history(Subject::Person(id)).await?;
    let unit_code = h.unit_code.take().unwrap_or_default();
    let unit_name = h.unit_name.take().unwrap_or_default();
    let employment = std::mem::take(&mut h.employment);
    let transfers = std::mem::take(&mut h.transfers)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let ProfileLines {
        ratings,
        awards,
        initiatives,
        disciplines,
        proceedings,
        leaves,
    } = history_lines(&h);
    // The rules read the same history: no second read.
    let rules = tdkt_store::history::rules_history_of(&p, &unit_code, &h, &employment);
    let advice_year = super::eligibility::evaluation_year(&rules, st.today());
    let advice = super::eligibility::suggestions(st, &rules, advice_year);
    let can_edit = auth.actor.can(Action::ManagePeople, &p.unit_path);
    let units = if can_edit {
        // Transfers go mostly to a sibling: a large tree's picker opens on the parent.
        let visible = st.store.visible_unit_tree(&auth.actor).await?;
        let all: Vec<&Unit> = visible.iter().collect();
        let parent = all
            .iter()
            .find(|u| u.id == p.unit_id)
            .and_then(|u| u.parent_id);
        unit_options_around(&all, parent, None)
    } else {
        vec![]
    };
    Ok(ViewPage {
        l: Layout::new(auth, p.full_name.clone(), "/can-bo"),
        unit_name,
        gender: gender_label(&p.gender),
        category: category_label(&p.staff_category),
        employment,
        transfers,
        ratings,
        awards,
        initiatives,
        disciplines,
        proceedings,
        leaves,
        can_edit,
        can_record: auth.actor.can(Action::ManageHistory, &p.unit_path),
        record_choices: RecordChoices::new(),
        errors,
        units,
        today: st.today().vn(),
        advice_year,
        advice,
        p,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "person_form.html")]
pub(crate) struct FormPage {
    l: Layout,
    action: String,
    heading: String,
    f: PersonForm,
    units: Vec<UnitOption>,
    categories: Vec<(&'static str, &'static str, bool)>,
    errors: HashMap<String, String>,
    general: Vec<String>,
}

impl FormPage {
    fn err(&self, field: &str) -> String {
        self.errors.get(field).cloned().unwrap_or_default()
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct PersonForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    is_manager: Option<String>,
    #[serde(default)]
    staff_category: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    employment_start: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
}

impl PersonForm {
    fn input(&self) -> PersonInput {
        PersonInput {
            code: self.code.clone(),
            full_name: self.full_name.clone(),
            gender: self.gender.clone(),
            birth_date: self.birth_date.clone(),
            position: self.position.clone(),
            is_manager: self.is_manager.is_some(),
            staff_category: self.staff_category.clone(),
            unit_id: self.unit_id.parse().unwrap_or(0),
            employment_start: self.employment_start.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
        }
    }

    fn from_person(p: &Person) -> PersonForm {
        PersonForm {
            csrf: String::new(),
            code: p.code.clone(),
            full_name: p.full_name.clone(),
            gender: p.gender.clone(),
            birth_date: p.birth_date.vn(),
            position: p.position.clone(),
            is_manager: p.is_manager.then(|| "on".into()),
            staff_category: p.staff_category.clone(),
            unit_id: p.unit_id.to_string(),
            employment_start: p.employment_start.vn(),
            email: p.email.clone(),
            phone: p.phone.clone(),
        }
    }
}

async fn form_page(
    st: &AppState,
    auth: &Auth,
    action: String,
    heading: &str,
    f: PersonForm,
    err: Option<Error>,
) -> Result<FormPage, AppError> {
    let units: Vec<Unit> = st
        .store
        .visible_units(&auth.actor, false)
        .await?
        .into_iter()
        .filter(|u| auth.actor.can(Action::ManagePeople, &u.path))
        .collect();
    let selected = f.unit_id.parse().ok();
    let (errors, general) = super::form_errors(err);
    let categories = StaffCategory::ALL
        .iter()
        .map(|c| (c.code(), c.label(), c.code() == f.staff_category))
        .collect();
    Ok(FormPage {
        l: Layout::new(auth, heading.to_string(), "/can-bo"),
        action,
        heading: heading.into(),
        units: unit_options(&units, selected),
        categories,
        f,
        errors,
        general,
    })
}

pub async fn new_form(State(st): State<AppState>, auth: Auth) -> Result<FormPage, AppError> {
    if !auth.actor.can_somewhere(Action::ManagePeople) {
        return Err(AppError(Error::Forbidden));
    }
    let f = PersonForm {
        staff_category: "cong-chuc".into(),
        gender: "nam".into(),
        ..Default::default()
    };
    form_page(&st, &auth, "/can-bo/moi".into(), "Thêm cán bộ", f, None).await
}

pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<PersonForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let v = f.input().validate(st.today())?;
        let mut w = st.store.begin(&auth.actor).await?;
        let p = w.create_person(&v).await?;
        w.commit().await?;
        Ok::<_, Error>(p)
    }
    .await;
    super::respond(
        result,
        |p| format!("/can-bo/{}?tb=da-tao", p.id),
        async |e| form_page(&st, &auth, "/can-bo/moi".into(), "Thêm cán bộ", f, Some(e)).await,
    )
    .await
}

pub async fn edit_form(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<FormPage, AppError> {
    let p = st.store.visible_person(&auth.actor, id).await?;
    auth.actor.require(Action::ManagePeople, &p.unit_path)?;
    form_page(
        &st,
        &auth,
        format!("/can-bo/{id}/sua"),
        "Sửa thông tin cán bộ",
        PersonForm::from_person(&p),
        None,
    )
    .await
}

pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<PersonForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.visible_person(&auth.actor, id).await?;
    let result = async {
        let v = f.input().validate(st.today())?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.update_person(id, &v, st.today()).await?;
        w.commit().await?;
        Ok::<_, Error>(())
    }
    .await;
    super::respond(
        result,
        |_| format!("/can-bo/{id}?tb=da-luu"),
        async |e| {
            form_page(
                &st,
                &auth,
                format!("/can-bo/{id}/sua"),
                "Sửa thông tin cán bộ",
                f,
                Some(e),
            )
            .await
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct TransferForm {
    csrf: String,
    unit_id: i64,
    on_date: String,
    #[serde(default)]
    note: String,
}

pub async fn transfer(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<TransferForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.visible_person(&auth.actor, id).await?;
    let on = super::form_date("Ngày điều chuyển", &f.on_date)?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.transfer_person(id, f.unit_id, on, f.note.trim()).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/can-bo/{id}?tb=da-dieu-chuyen")).into_response())
}

#[derive(Deserialize)]
pub struct TransferInForm {
    csrf: String,
    #[serde(default)]
    from_agency: String,
    on_date: String,
}

/// Records that a period of work began with a transfer from another agency.
pub async fn transfer_in(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<TransferInForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.visible_person(&auth.actor, id).await?;
    let on = super::form_date("Ngày chuyển đến", &f.on_date)?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.record_transfer_in(id, &f.from_agency, on).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/can-bo/{id}?tb=da-ghi-chuyen-den")).into_response())
}

#[derive(Deserialize)]
pub struct ActiveForm {
    csrf: String,
    active: String,
}

pub async fn set_active(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<ActiveForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.visible_person(&auth.actor, id).await?;
    let active = f.active == "1";
    let mut w = st.store.begin(&auth.actor).await?;
    w.set_person_active(id, active).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!(
        "/can-bo/{id}?tb={}",
        if active { "da-khoi-phuc" } else { "da-ngung" }
    ))
    .into_response())
}
