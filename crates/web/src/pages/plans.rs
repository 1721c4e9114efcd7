//! Launch plans (kế hoạch phát động): the form in the seed's structure, the
//! published plan, its Word/PDF, and the registration overview of the year.

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
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::AwardCode;
use tdkt_domain::emulation::plan::{Line, MilestoneKind, PlanInput, lines};
use tdkt_domain::emulation::registration::RegistrationStatus;
use tdkt_domain::error::Error;
use tdkt_store::emulation::{Plan, PlanMilestone};

#[derive(Template, WebTemplate)]
#[template(path = "plans.html")]
pub(crate) struct ListPage {
    l: Layout,
    plans: Vec<Plan>,
    can_create: bool,
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(n): Query<Notice>,
) -> Result<ListPage, AppError> {
    Ok(ListPage {
        l: Layout::new(&auth, "Kế hoạch phát động thi đua", "/ke-hoach")
            .with_notice(n.tb.as_deref()),
        plans: st.store.plans(&auth.actor).await?,
        can_create: auth.actor.can_somewhere(Action::Review),
    })
}

#[derive(Deserialize, Default, Clone)]
pub struct PlanForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    movement_id: String,
    #[serde(flatten)]
    p: PlanInput,
}

#[derive(Template, WebTemplate)]
#[template(path = "plan_form.html")]
pub(crate) struct FormPage {
    l: Layout,
    action: String,
    heading: String,
    f: PlanForm,
    units: Vec<super::people::UnitOption>,
    movements: Vec<(i64, String, bool)>,
    errors: HashMap<String, String>,
}

impl FormPage {
    fn err(&self, field: &str) -> String {
        self.errors.get(field).cloned().unwrap_or_default()
    }
}

async fn form_page(
    st: &AppState,
    auth: &Auth,
    action: String,
    heading: &str,
    f: PlanForm,
    err: Option<Error>,
) -> Result<FormPage, AppError> {
    let a = &auth.actor;
    let units: Vec<_> = st
        .store
        .visible_units(a, false)
        .await?
        .into_iter()
        .filter(|u| a.can(Action::Review, &u.path))
        .collect();
    let selected_m = f.movement_id.parse::<i64>().ok();
    let movements = st
        .store
        .movements(a)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name, Some(m.id) == selected_m))
        .collect();
    let (mut errors, general) = super::form_errors(err);
    if let Some(g) = general.into_iter().next() {
        errors.insert("general".to_string(), g);
    }
    Ok(FormPage {
        l: Layout::new(auth, heading.to_string(), "/ke-hoach"),
        action,
        heading: heading.into(),
        units: super::people::unit_options(&units, f.unit_id.parse().ok()),
        movements,
        f,
        errors,
    })
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    phong_trao: String,
}

pub async fn new_form(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<NewQuery>,
) -> Result<FormPage, AppError> {
    if !auth.actor.can_somewhere(Action::Review) {
        return Err(AppError(Error::Forbidden));
    }
    let year = chrono::Datelike::year(&st.today());
    let f = PlanForm {
        movement_id: q.phong_trao,
        p: PlanInput {
            year: year.to_string(),
            title: format!("Phát động phong trào thi đua năm {year}"),
            registration_due: format!("15/03/{year}"),
            initiative_due: format!("01/11/{year}"),
            dossier_due: format!("20/11/{year}"),
            ..Default::default()
        },
        ..Default::default()
    };
    form_page(
        &st,
        &auth,
        "/ke-hoach/moi".into(),
        "Soạn kế hoạch phát động thi đua",
        f,
        None,
    )
    .await
}

pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<PlanForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let unit_id: i64 = f
            .unit_id
            .parse()
            .map_err(|_| Error::invalid("unit_id", "Hãy chọn cơ quan ban hành."))?;
        let v = f.p.validate()?;
        let movement = f.movement_id.parse::<i64>().ok();
        if let Some(m) = movement {
            st.store.movement(&auth.actor, m).await?;
        }
        let mut w = st.store.begin(&auth.actor).await?;
        let id = w.create_plan(unit_id, movement, &v).await?;
        w.commit().await?;
        Ok::<_, Error>(id)
    }
    .await;
    super::respond(
        result,
        |id| format!("/ke-hoach/{id}?tb=da-tao"),
        async |e| {
            form_page(
                &st,
                &auth,
                "/ke-hoach/moi".into(),
                "Soạn kế hoạch phát động thi đua",
                f,
                Some(e),
            )
            .await
        },
    )
    .await
}

fn form_of(p: &Plan, ms: &[PlanMilestone]) -> PlanForm {
    let due = |k: MilestoneKind| {
        ms.iter()
            .find(|m| m.kind == k.code())
            .map(|m| m.due_date.vn())
            .unwrap_or_default()
    };
    PlanForm {
        csrf: String::new(),
        unit_id: p.unit_id.to_string(),
        movement_id: p.movement_id.map(|m| m.to_string()).unwrap_or_default(),
        p: PlanInput {
            year: p.year.to_string(),
            title: p.title.clone(),
            number: p.number.clone(),
            preamble: p.preamble.clone(),
            purpose: p.purpose.clone(),
            content: p.content.clone(),
            organisation: p.organisation.clone(),
            registration_due: due(MilestoneKind::Registration),
            initiative_due: due(MilestoneKind::Initiative),
            dossier_due: due(MilestoneKind::Dossier),
            recipients: p
                .recipient_list()
                .iter()
                .map(|r| format!("- {r};"))
                .collect::<Vec<_>>()
                .join("\n"),
            place: p.place.clone(),
            signed_on: p.signed_on.vn(),
            signer: p.signer.clone(),
            signer_position: p.signer_position.clone(),
        },
    }
}

pub async fn edit_form(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<FormPage, AppError> {
    let p = st.store.plan(&auth.actor, id).await?;
    auth.actor.require(Action::Review, &p.unit_path)?;
    let ms = st.store.milestones(id).await?;
    form_page(
        &st,
        &auth,
        format!("/ke-hoach/{id}/sua"),
        "Sửa kế hoạch",
        form_of(&p, &ms),
        None,
    )
    .await
}

pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<PlanForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.plan(&auth.actor, id).await?;
    let result = async {
        let v = f.p.validate()?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.update_plan(id, &v).await?;
        w.commit().await?;
        Ok::<_, Error>(())
    }
    .await;
    super::respond(
        result,
        |_| format!("/ke-hoach/{id}?tb=da-luu"),
        async |e| {
            form_page(
                &st,
                &auth,
                format!("/ke-hoach/{id}/sua"),
                "Sửa kế hoạch",
                f,
                Some(e),
            )
            .await
        },
    )
    .await
}

pub async fn publish(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<super::CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    st.store.plan(&auth.actor, id).await?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.publish_plan(id).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/ke-hoach/{id}?tb=da-ban-hanh")).into_response())
}

/// A part of the plan as HTML-ready lines.
pub struct ShownLine {
    pub mark: String,
    pub text: String,
    pub bullet: bool,
}

fn shown(text: &str) -> Vec<ShownLine> {
    lines(text)
        .into_iter()
        .map(|l| match l {
            Line::Paragraph(t) => ShownLine {
                mark: String::new(),
                text: t,
                bullet: false,
            },
            Line::Numbered(n, t) => ShownLine {
                mark: format!("{n}."),
                text: t,
                bullet: false,
            },
            Line::Lettered(c, t) => ShownLine {
                mark: format!("{c})"),
                text: t,
                bullet: false,
            },
            Line::Bullet(t) => ShownLine {
                mark: "-".into(),
                text: t,
                bullet: true,
            },
        })
        .collect()
}

/// One participant's line of the overview.
pub struct UnitLine {
    pub unit_id: i64,
    pub unit_name: String,
    pub registration_id: Option<i64>,
    pub status: &'static str,
    pub status_code: &'static str,
    pub people: usize,
    pub ldtt: usize,
    pub cstdcs: usize,
    pub collective: String,
    pub can_register: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "plan_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    p: Plan,
    preamble: Vec<ShownLine>,
    purpose: Vec<ShownLine>,
    content: Vec<ShownLine>,
    organisation: Vec<ShownLine>,
    milestones: Vec<(String, String, i64)>,
    recipients: Vec<String>,
    can_manage: bool,
    units: Vec<UnitLine>,
    submitted: usize,
    accepted: usize,
    totals: (usize, usize, usize),
}

pub async fn overview(st: &AppState, auth: &Auth, p: &Plan) -> Result<Vec<UnitLine>, Error> {
    let (regs, tallies) = st.store.plan_registrations(p.id).await?;
    let mut out = Vec::new();
    for u in st.store.plan_participants(p).await? {
        if !auth.actor.can(Action::View, &u.path) {
            continue;
        }
        let reg = regs.iter().find(|r| r.unit_id == u.id);
        let of_reg: Vec<&tdkt_store::emulation::PlanTally> = match reg {
            Some(r) => tallies
                .iter()
                .filter(|t| t.registration_id == r.id)
                .collect(),
            None => vec![],
        };
        let count = |award: &str, collective: bool| -> usize {
            of_reg
                .iter()
                .filter(|t| t.award == award && t.collective == collective)
                .map(|t| t.n.max(0) as usize)
                .sum()
        };
        let status = reg.map(|r| r.state());
        out.push(UnitLine {
            unit_id: u.id,
            unit_name: u.name.clone(),
            registration_id: reg.map(|r| r.id),
            status: status.map(|s| s.label()).unwrap_or("Chưa đăng ký"),
            status_code: status.map(|s| s.code()).unwrap_or("chua"),
            people: count(tdkt_store::emulation::PlanTally::PEOPLE, false),
            ldtt: count(AwardCode::Ldtt.code(), false),
            cstdcs: count(AwardCode::Cstdcs.code(), false),
            collective: of_reg
                .iter()
                .filter(|t| t.collective)
                .map(|t| {
                    AwardCode::parse(&t.award)
                        .map(|a| a.short_label())
                        .unwrap_or("")
                })
                .collect::<Vec<_>>()
                .join(", "),
            can_register: auth.actor.can(Action::Register, &u.path),
        });
    }
    Ok(out)
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<ViewPage, AppError> {
    let p = st.store.plan(&auth.actor, id).await?;
    let t = st.today();
    let milestones = st
        .store
        .milestones(id)
        .await?
        .into_iter()
        .map(|m| (m.due_date.vn(), m.label, (m.due_date - t).num_days()))
        .collect();
    let units = overview(&st, &auth, &p).await?;
    let submitted = units
        .iter()
        .filter(|u| u.status_code == RegistrationStatus::Submitted.code())
        .count();
    let accepted = units
        .iter()
        .filter(|u| u.status_code == RegistrationStatus::Accepted.code())
        .count();
    let totals = (
        units.iter().map(|u| u.people).sum(),
        units.iter().map(|u| u.ldtt).sum(),
        units.iter().map(|u| u.cstdcs).sum(),
    );
    Ok(ViewPage {
        l: Layout::new(&auth, format!("Kế hoạch: {}", p.title), "/ke-hoach")
            .with_notice(n.tb.as_deref()),
        preamble: shown(&p.preamble),
        purpose: shown(&p.purpose),
        content: shown(&p.content),
        organisation: shown(&p.organisation),
        milestones,
        recipients: p.recipient_list(),
        can_manage: auth.actor.can(Action::Review, &p.unit_path),
        units,
        submitted,
        accepted,
        totals,
        p,
    })
}

/// The Office's aggregate of every unit's registration (.xlsx).
pub async fn aggregate(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    use tdkt_documents::registration_sheet::{EntryLine, UnitSummary, write_aggregate};
    let p = st.store.plan(&auth.actor, id).await?;
    let mut units = Vec::new();
    let mut lines = Vec::new();
    let regs = st.store.registrations(id).await?;
    for u in st.store.plan_participants(&p).await? {
        if !auth.actor.can(Action::View, &u.path) {
            continue;
        }
        let reg = regs.iter().find(|r| r.unit_id == u.id);
        let entries = match reg {
            Some(r) => st.store.entries(r.id).await?,
            None => vec![],
        };
        let people_in_unit = st
            .store
            .list_people(
                &auth.actor,
                &tdkt_store::people::PeopleFilter {
                    unit_id: Some(u.id),
                    per_page: 1,
                    ..Default::default()
                },
            )
            .await?
            .total;
        let direct = if u.id == p.unit_id {
            // The issuing unit's own line counts only the people directly in it (its leaders).
            st.store.count_active_people_in(u.id).await?
        } else {
            people_in_unit
        };
        let registered: std::collections::HashSet<i64> =
            entries.iter().filter_map(|e| e.person_id).collect();
        let count = |a: AwardCode| entries.iter().filter(|e| e.award == a.code()).count() as u32;
        units.push(UnitSummary {
            unit: u.name.clone(),
            status: reg
                .map(|r| r.state().label())
                .unwrap_or("Chưa đăng ký")
                .to_string(),
            people: direct as u32,
            registered: registered.len() as u32,
            ldtt: count(AwardCode::Ldtt),
            cstdcs: count(AwardCode::Cstdcs),
            other: entries
                .iter()
                .filter(|e| {
                    e.person_id.is_some()
                        && e.award != AwardCode::Ldtt.code()
                        && e.award != AwardCode::Cstdcs.code()
                })
                .count() as u32,
            collective: entries
                .iter()
                .filter(|e| e.unit_id.is_some())
                .map(|e| AwardCode::parse(&e.award).map(|a| a.label()).unwrap_or(""))
                .collect::<Vec<_>>()
                .join(", "),
        });
        for e in &entries {
            lines.push(EntryLine {
                unit: u.name.clone(),
                code: e.subject_code.clone(),
                name: e.subject_name.clone(),
                title: AwardCode::parse(&e.award)
                    .map(|a| a.label())
                    .unwrap_or("")
                    .to_string(),
                targets: e.targets.clone(),
            });
        }
    }
    let bytes =
        write_aggregate(&p.unit_name, &p.title, &units, &lines).map_err(tdkt_store::internal)?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("tong-hop-dang-ky-{}.xlsx", p.year),
    ))
}

/// The published plans the actor takes part in that set a deadline of `kind`,
/// with that deadline (the plan pickers of initiatives and dossiers).
pub async fn plans_with_deadline(
    st: &AppState,
    auth: &Auth,
    kind: MilestoneKind,
) -> Result<Vec<(tdkt_store::emulation::Plan, chrono::NaiveDate)>, tdkt_domain::error::Error> {
    Ok(st
        .store
        .published_plans_overview(&auth.actor)
        .await?
        .into_iter()
        .filter_map(|o| {
            let due = o
                .milestones
                .iter()
                .find(|m| m.kind == kind.code())?
                .due_date;
            Some((o.plan, due))
        })
        .collect())
}

/// A workbook download.
pub fn xlsx(bytes: Vec<u8>, file_name: &str) -> Response {
    download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_name,
    )
}

pub fn download(bytes: Vec<u8>, mime: &'static str, file_name: &str) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    // File names are built from ASCII codes and years only.
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
