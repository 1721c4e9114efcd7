//! Registration (đăng ký thi đua): a unit's clerk fills it (by hand, in bulk
//! or from the office's Excel sheet) with live hints from the rules; the unit
//! head submits; the Office returns, accepts or extends the deadline.

use super::Notice;
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use tdkt_domain::auth::Action;
use tdkt_domain::codes::{AwardCode, SubjectKind};
use tdkt_domain::emulation::registration::{
    Hint, Registrant, RegistrationAction, RegistrationStatus, hints, registrable,
};
use tdkt_domain::error::{Error, FieldError};
use tdkt_domain::rules::{Params, Regime};
use tdkt_store::emulation::{Entry, NewEntry, Plan, Registration, RegistrationEvent};
use tdkt_store::people::{PersonRow, RegistrablePerson};

/// A person's line of the form.
pub struct PersonLine {
    pub p: PersonRow,
    pub titles: Vec<(&'static str, &'static str, bool)>,
    pub targets: String,
    pub hint: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "registration_form.html")]
pub(crate) struct FormPage {
    l: Layout,
    /// The individual titles, a column each (code, short name).
    title_columns: Vec<(&'static str, &'static str)>,
    plan: Plan,
    unit_id: i64,
    unit_name: String,
    reg: Option<Registration>,
    status: &'static str,
    editable: bool,
    can_submit: bool,
    due: String,
    late: bool,
    people: Vec<PersonLine>,
    /// The page of people shown (1-based), how many pages, how many people, how many registered.
    page_no: usize,
    pages: usize,
    total_people: i64,
    registered_people: i64,
    collective: Vec<(&'static str, &'static str, bool)>,
    collective_targets: String,
    unit_hints: Vec<Hint>,
    errors: Vec<String>,
}

/// People per page of the form, as on the staff list: a 2,500-person unit on one
/// page is 2.5 MB of HTML, and 100 a page cost four times the staff list's time.
const FORM_PAGE: usize = 50;

#[derive(Deserialize, Default)]
pub struct FormQuery {
    tb: Option<String>,
    trang: Option<String>,
}

/// The regime whose rules apply to a plan's year (its decisions come at year end).
fn params_for(year: i32) -> Params {
    let on = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    Params::national(Regime::on(on))
}

/// The people a unit registers: the issuing unit's own members (its sub-units register
/// theirs), or a sub-unit's whole subtree; one query.
async fn registrable_of(
    st: &AppState,
    auth: &Auth,
    plan: &Plan,
    unit_id: i64,
) -> Result<Vec<RegistrablePerson>, Error> {
    st.store
        .registrable_people(&auth.actor, unit_id, unit_id == plan.unit_id)
        .await
}

async fn people_of(
    st: &AppState,
    auth: &Auth,
    plan: &Plan,
    unit_id: i64,
) -> Result<Vec<PersonRow>, Error> {
    Ok(registrable_of(st, auth, plan, unit_id)
        .await?
        .into_iter()
        .map(|r| r.row)
        .collect())
}

/// What a registration form is about: the plan, the unit, its registration if any.
struct FormContext {
    plan: Plan,
    unit: tdkt_store::units::Unit,
    reg: Option<tdkt_store::emulation::Registration>,
    /// Its entries as saved.
    saved: Vec<Entry>,
}

impl FormContext {
    async fn read(
        st: &AppState,
        auth: &Auth,
        plan_id: i64,
        unit_id: i64,
    ) -> Result<FormContext, AppError> {
        let plan = st.store.plan_to_register(&auth.actor, plan_id).await?;
        let unit = st.store.visible_unit(&auth.actor, unit_id).await?;
        if !unit.path.starts_with(&plan.unit_path) {
            return Err(AppError(Error::NotFound("đơn vị trong kế hoạch".into())));
        }
        let (reg, saved) = match st
            .store
            .registration_of_with_entries(plan_id, unit_id)
            .await?
        {
            Some((r, e)) => (Some(r), e),
            None => (None, vec![]),
        };
        Ok(FormContext {
            plan,
            unit,
            reg,
            saved,
        })
    }

    /// Whether this user may still change the registration.
    fn editable(&self, auth: &Auth) -> bool {
        self.reg
            .as_ref()
            .map_or(RegistrationStatus::Draft, |r| r.state())
            .editable()
            && self.plan.published
            && auth.actor.can(Action::Register, &self.unit.path)
    }
}

async fn form_page(
    st: &AppState,
    auth: &Auth,
    plan_id: i64,
    unit_id: i64,
    draft: Option<Vec<NewEntry>>,
    errors: Vec<String>,
    page_no: usize,
) -> Result<FormPage, AppError> {
    let ctx = FormContext::read(st, auth, plan_id, unit_id).await?;
    form_page_of(st, auth, ctx, draft, errors, page_no).await
}

/// A person the form's hints speak of.
struct Known<'a> {
    code: &'a str,
    name: &'a str,
    start: Option<chrono::NaiveDate>,
}

impl<'a> Known<'a> {
    /// Someone transferred in is not a new recruit: no start for the new-hire hint.
    fn new(
        code: &'a str,
        name: &'a str,
        employment_start: Option<chrono::NaiveDate>,
        transferred_in: bool,
    ) -> Known<'a> {
        Known {
            code,
            name,
            start: employment_start.filter(|_| !transferred_in),
        }
    }
}

async fn form_page_of(
    st: &AppState,
    auth: &Auth,
    ctx: FormContext,
    draft: Option<Vec<NewEntry>>,
    errors: Vec<String>,
    page_no: usize,
) -> Result<FormPage, AppError> {
    let FormContext {
        plan,
        unit,
        reg,
        saved,
    } = ctx;
    let unit_id = unit.id;
    // A draft (a save refused) may name people of this page the saved entries do
    // not: only then does the page bring what the hints ask of them.
    let with_hints = draft.is_some();
    let entries: Vec<NewEntry> = draft.unwrap_or_else(|| as_new(&saved));
    let params = params_for(plan.year as i32);
    // Each person's titles and targets, read once from the entries (a unit of
    // thousands would otherwise scan every entry for every person).
    let mut by_person: HashMap<i64, (Vec<AwardCode>, &str)> = HashMap::new();
    for e in &entries {
        if let Some(pid) = e.person_id {
            let slot = by_person
                .entry(pid)
                .or_insert((Vec::new(), e.targets.as_str()));
            slot.0.push(e.award);
        }
    }
    let registered_people = by_person.len() as i64;
    // One page of the unit's people, and those the registration names (for the hints).
    let requested = page_no.max(1);
    let mut window = st
        .store
        .registrable_window(
            &auth.actor,
            unit_id,
            unit_id == plan.unit_id,
            ((requested - 1) * FORM_PAGE) as i64,
            FORM_PAGE as i64,
            with_hints,
        )
        .await?;
    let pages = (window.total.max(0) as usize).div_ceil(FORM_PAGE).max(1);
    let page_no = requested.min(pages);
    if page_no != requested {
        window = st
            .store
            .registrable_window(
                &auth.actor,
                unit_id,
                unit_id == plan.unit_id,
                ((page_no - 1) * FORM_PAGE) as i64,
                FORM_PAGE as i64,
                with_hints,
            )
            .await?;
    }
    let total_people = window.total;
    // Employment starts for the new-hire hint; someone transferred in is not a new
    // recruit, so has none. The people the saved entries name, as read with them
    // (those still on the staff), then this page's people (a draft not saved yet).
    let mut known: HashMap<i64, Known> = HashMap::new();
    for e in &saved {
        if let (Some(pid), Some(true)) = (e.person_id, e.person_active) {
            known.insert(
                pid,
                Known::new(
                    &e.subject_code,
                    &e.subject_name,
                    e.employment_start,
                    e.transferred_in,
                ),
            );
        }
    }
    if with_hints {
        for r in &window.page {
            known.entry(r.row.id).or_insert_with(|| {
                Known::new(
                    &r.row.code,
                    &r.row.full_name,
                    r.employment_start,
                    r.transferred_in,
                )
            });
        }
    }
    let no_titles: Vec<AwardCode> = Vec::new();
    let titles_of = |pid: i64| by_person.get(&pid).map_or(&no_titles, |(t, _)| t);
    let mut registrant_ids: Vec<i64> = by_person
        .keys()
        .copied()
        .filter(|id| known.contains_key(id))
        .collect();
    registrant_ids.sort_unstable();
    let registrants: Vec<Registrant> = registrant_ids
        .iter()
        .filter_map(|id| known.get(id).map(|k| (id, k)))
        .map(|(id, k)| Registrant {
            code: k.code,
            name: k.name,
            employment_start: k.start,
            titles: titles_of(*id),
        })
        .collect();
    let found = hints(plan.year as i32, &params, &registrants);
    let individual = registrable(SubjectKind::Individual);
    let lines = window
        .page
        .iter()
        .map(|r| &r.row)
        .map(|p| PersonLine {
            titles: individual
                .iter()
                .map(|a| (a.code(), a.short_label(), titles_of(p.id).contains(a)))
                .collect(),
            targets: by_person
                .get(&p.id)
                .map(|(_, t)| t.to_string())
                .unwrap_or_default(),
            hint: found
                .iter()
                .filter(|h| h.subject == p.code)
                .map(|h| format!("{} ({})", h.text, h.citation))
                .collect::<Vec<_>>()
                .join(" "),
            p: p.clone(),
        })
        .collect();
    let unit_titles: Vec<AwardCode> = entries
        .iter()
        .filter(|e| e.unit_id == Some(unit_id))
        .map(|e| e.award)
        .collect();
    let state = reg
        .as_ref()
        .map(|r| r.state())
        .unwrap_or(RegistrationStatus::Draft);
    let due = plan.registration_due;
    let last = match (due, reg.as_ref().and_then(|r| r.extension_until)) {
        (Some(d), Some(e)) => Some(d.max(e)),
        (d, _) => d,
    };
    Ok(FormPage {
        l: Layout::new(
            auth,
            format!("Đăng ký thi đua – {}", unit.name),
            "/ke-hoach",
        ),
        unit_name: unit.name.clone(),
        unit_id,
        status: state.label(),
        editable: state.editable()
            && plan.published
            && auth.actor.can(Action::Register, &unit.path),
        can_submit: state.editable() && reg.is_some() && auth.actor.can(Action::Submit, &unit.path),
        due: last.vn(),
        late: state.editable() && last.map(|d| st.today() > d).unwrap_or(false),
        title_columns: individual
            .iter()
            .map(|a| (a.code(), a.short_label()))
            .collect(),
        people: lines,
        page_no,
        pages,
        total_people,
        registered_people,
        collective: registrable(SubjectKind::Collective)
            .iter()
            .map(|a| (a.code(), a.label(), unit_titles.contains(a)))
            .collect(),
        collective_targets: entries
            .iter()
            .find(|e| e.unit_id == Some(unit_id))
            .map(|e| e.targets.clone())
            .unwrap_or_default(),
        unit_hints: found.into_iter().filter(|h| h.subject.is_empty()).collect(),
        errors,
        reg,
        plan,
    })
}

pub async fn form(
    State(st): State<AppState>,
    auth: Auth,
    Path((plan_id, unit_id)): Path<(i64, i64)>,
    Query(q): Query<FormQuery>,
) -> Result<Response, AppError> {
    let ctx = FormContext::read(&st, &auth, plan_id, unit_id).await?;
    // A registration that can no longer change is shown, not offered as a form
    // (decided before reading the unit's people).
    if !ctx.editable(&auth)
        && let Some(r) = &ctx.reg
    {
        return Ok(Redirect::to(&format!("/dang-ky/{}", r.id)).into_response());
    }
    let page_no = q.trang.as_deref().and_then(|t| t.parse().ok()).unwrap_or(1);
    let mut page = form_page_of(&st, &auth, ctx, None, vec![], page_no).await?;
    page.l.notice =
        q.tb.as_deref()
            .and_then(crate::layout::notice_text)
            .map(str::to_string);
    Ok(page.into_response())
}

/// Saved entries as the form edits them.
fn as_new(saved: &[Entry]) -> Vec<NewEntry> {
    saved
        .iter()
        .filter_map(|e| {
            AwardCode::parse(&e.award).ok().map(|award| NewEntry {
                person_id: e.person_id,
                unit_id: e.unit_id,
                award,
                targets: e.targets.clone(),
            })
        })
        .collect()
}

/// The people a page of the form showed (`hien`), or `None` when the form carries
/// no such list (the whole unit on one form, as before paging).
fn shown_from(pairs: &[(String, String)]) -> Option<HashSet<i64>> {
    let ids: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "hien")
        .map(|(_, v)| v.as_str())
        .collect();
    (!ids.is_empty()).then(|| ids.iter().filter_map(|v| v.trim().parse().ok()).collect())
}

/// What a page of the form means for the whole registration: its people's entries
/// are as posted, everyone else's stay as saved (the bulk LĐTT button also reaches
/// people on other pages, keeping their targets). The collective part is on every
/// page, so it is as posted.
fn merge_page(saved: Vec<NewEntry>, posted: Vec<NewEntry>, shown: &HashSet<i64>) -> Vec<NewEntry> {
    let key = |e: &NewEntry| e.person_id.map(|p| (p, e.award));
    let posted_keys: HashSet<(i64, AwardCode)> = posted.iter().filter_map(key).collect();
    let saved_targets: HashMap<i64, String> = saved
        .iter()
        .filter_map(|e| e.person_id.map(|p| (p, e.targets.clone())))
        .collect();
    let mut out: Vec<NewEntry> = posted
        .into_iter()
        .map(|mut e| {
            if let Some(p) = e.person_id
                && !shown.contains(&p)
                && e.targets.is_empty()
            {
                e.targets = saved_targets.get(&p).cloned().unwrap_or_default();
            }
            e
        })
        .collect();
    out.extend(saved.into_iter().filter(|e| {
        e.person_id.is_some_and(|p| {
            !shown.contains(&p) && key(e).is_some_and(|k| !posted_keys.contains(&k))
        })
    }));
    out
}

/// Reads the form: `t` = "PERSON_ID:AWARD", `mt_PERSON_ID` = targets,
/// `tt` = collective award(s), `tt_mt` = collective targets, `ca_don_vi` = bulk LĐTT.
fn entries_from(
    pairs: &[(String, String)],
    unit_id: i64,
    people: &[i64],
) -> Result<Vec<NewEntry>, Error> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut chosen: BTreeSet<(i64, AwardCode)> = BTreeSet::new();
    let mut errors = Vec::new();
    for (k, v) in pairs {
        if k == "t" {
            let Some((pid, code)) = v.split_once(':') else {
                continue;
            };
            match (pid.parse::<i64>(), AwardCode::parse(code)) {
                (Ok(pid), Ok(a)) => {
                    chosen.insert((pid, a));
                }
                _ => errors.push(FieldError::new(
                    "t",
                    format!("Lựa chọn không hợp lệ «{v}»."),
                )),
            }
        }
    }
    if !get("ca_don_vi").is_empty() {
        for pid in people {
            chosen.insert((*pid, AwardCode::Ldtt));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let mut out: Vec<NewEntry> = chosen
        .into_iter()
        .map(|(pid, award)| NewEntry {
            person_id: Some(pid),
            unit_id: None,
            award,
            targets: get(&format!("mt_{pid}")),
        })
        .collect();
    for (k, v) in pairs {
        if k == "tt" && !v.is_empty() {
            let award = AwardCode::parse(v).map_err(|_| {
                Error::invalid("tt", format!("Danh hiệu tập thể không hợp lệ «{v}»."))
            })?;
            out.push(NewEntry {
                person_id: None,
                unit_id: Some(unit_id),
                award,
                targets: get("tt_mt"),
            });
        }
    }
    Ok(out)
}

pub async fn save(
    State(st): State<AppState>,
    auth: Auth,
    Path((plan_id, unit_id)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    auth.check_csrf(csrf)?;
    let plan = st.store.plan_to_register(&auth.actor, plan_id).await?;
    let people: Vec<i64> = people_of(&st, &auth, &plan, unit_id)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let shown = shown_from(&pairs);
    // The page to show next: the one a "save and go to page N" button names, else this one.
    let page_no: usize = ["sang", "trang"]
        .iter()
        .find_map(|name| pairs.iter().find(|(k, _)| k == name))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1);
    // A page of the form speaks for its people only: the rest stays as saved.
    let saved = match &shown {
        Some(_) => st
            .store
            .registration_of_with_entries(plan_id, unit_id)
            .await?
            .map_or_else(Vec::new, |(_, entries)| as_new(&entries)),
        None => vec![],
    };
    let posted = entries_from(&pairs, unit_id, &people).map(|posted| match &shown {
        Some(shown) => merge_page(saved, posted, shown),
        None => posted,
    });
    let result = async {
        let entries = posted.clone()?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.save_registration(plan_id, unit_id, &entries).await?;
        w.commit().await
    }
    .await;
    match result {
        Ok(()) => {
            let page = if page_no > 1 {
                format!("&trang={page_no}")
            } else {
                String::new()
            };
            Ok(Redirect::to(&format!(
                "/ke-hoach/{plan_id}/dang-ky/{unit_id}?tb=da-luu{page}"
            ))
            .into_response())
        }
        Err(e) if super::is_form_error(&e) => {
            let msgs = super::error_messages(&e);
            Ok((
                crate::error::status_of(&e),
                form_page(&st, &auth, plan_id, unit_id, posted.ok(), msgs, page_no).await?,
            )
                .into_response())
        }
        Err(e) => Err(AppError(e)),
    }
}

pub async fn template(
    State(st): State<AppState>,
    auth: Auth,
    Path((plan_id, unit_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let plan = st.store.plan_to_register(&auth.actor, plan_id).await?;
    let unit = st.store.visible_unit(&auth.actor, unit_id).await?;
    let people: Vec<(String, String, String)> = people_of(&st, &auth, &plan, unit_id)
        .await?
        .into_iter()
        .map(|p| (p.code, p.full_name, p.position))
        .collect();
    let bytes = tdkt_documents::registration_sheet::write_template(&unit.name, &people)
        .map_err(tdkt_store::internal)?;
    Ok(super::plans::download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!(
            "dang-ky-{}-{}.xlsx",
            plan.year,
            super::file_code(&unit.code)
        ),
    ))
}

/// Upload of the office's Excel registration: every row checked against the
/// unit's people; nothing is saved unless all rows are right. Who may
/// register for the unit, and whether the registration still takes changes,
/// are checked before a byte of the file is read.
pub async fn upload(
    State(st): State<AppState>,
    auth: Auth,
    Path((plan_id, unit_id)): Path<(i64, i64)>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let plan = st.store.plan_to_register(&auth.actor, plan_id).await?;
    let unit = st.store.visible_unit(&auth.actor, unit_id).await?;
    if !unit.path.starts_with(&plan.unit_path) {
        return Err(AppError(Error::NotFound("đơn vị trong kế hoạch".into())));
    }
    if !auth.actor.can(Action::Register, &unit.path) {
        return Err(AppError(Error::Forbidden));
    }
    let closed = if !plan.published {
        Some("Kế hoạch chưa ban hành: chưa nhận đăng ký.".to_string())
    } else {
        match st.store.registration_of(plan_id, unit_id).await? {
            Some(r) if !r.state().editable() => Some(format!(
                "Bản đăng ký đang ở trạng thái «{}»: không sửa được nữa.",
                r.state().label()
            )),
            _ => None,
        }
    };
    if let Some(msg) = closed {
        return Ok((
            StatusCode::CONFLICT,
            form_page(&st, &auth, plan_id, unit_id, None, vec![msg], 1).await?,
        )
            .into_response());
    }
    let form = match crate::uploads::read_form(mp, st.config.max_upload_bytes).await {
        Ok(f) => f,
        Err(e) => {
            return Ok((
                e.status,
                form_page(&st, &auth, plan_id, unit_id, None, vec![e.message], 1).await?,
            )
                .into_response());
        }
    };
    auth.check_csrf(&form.csrf)?;
    let people = people_of(&st, &auth, &plan, unit_id).await?;
    let limits = st.config.sheet_limits;
    let bytes = form.bytes;
    let result = async {
        if bytes.is_empty() {
            return Err(Error::invalid("file", "Chưa chọn tệp Excel."));
        }
        let (sheet, rows, mut errors) = crate::uploads::parse(move || {
            tdkt_documents::registration_sheet::read_registration(&bytes, &limits)
        })
        .await?
        .map_err(Error::Validation)?;
        let roster = tdkt_domain::roster::Roster::new(people.iter().map(|p| {
            (
                p.id,
                p.code.as_str(),
                p.full_name.as_str(),
                p.unit_name.as_str(),
            )
        }));
        let mut entries = Vec::new();
        for r in rows {
            let loc = tdkt_domain::error::Location {
                sheet: Some(sheet.clone()),
                row: Some(r.row),
                column: Some(r.column.clone()),
            };
            let pid = match roster.find(&r.code, &r.name, "") {
                Ok(pid) => pid,
                Err(msg) => {
                    errors.push(FieldError::new("name", msg).at(loc));
                    continue;
                }
            };
            for a in r.titles {
                if let Err(msg) =
                    tdkt_domain::emulation::registration::check_title(SubjectKind::Individual, a)
                {
                    errors.push(FieldError::new("titles", msg).at(loc.clone()));
                }
                entries.push(NewEntry {
                    person_id: Some(pid),
                    unit_id: None,
                    award: a,
                    targets: r.targets.clone(),
                });
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.location.as_ref().and_then(|l| l.row));
            return Err(Error::Validation(errors.into_errors()));
        }
        // The collective line stays as it was.
        if let Some((_, saved)) = st
            .store
            .registration_of_with_entries(plan_id, unit_id)
            .await?
        {
            for e in saved {
                if let (Some(u), Ok(award)) = (e.unit_id, AwardCode::parse(&e.award)) {
                    entries.push(NewEntry {
                        person_id: None,
                        unit_id: Some(u),
                        award,
                        targets: e.targets,
                    });
                }
            }
        }
        let mut w = st.store.begin(&auth.actor).await?;
        w.save_registration(plan_id, unit_id, &entries).await?;
        w.commit().await?;
        Ok::<_, Error>(())
    }
    .await;
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/ke-hoach/{plan_id}/dang-ky/{unit_id}?tb=da-luu"))
                .into_response(),
        ),
        Err(e) if super::is_form_error(&e) => {
            let msgs = super::error_messages(&e);
            Ok((
                crate::error::status_of(&e),
                form_page(&st, &auth, plan_id, unit_id, None, msgs, 1).await?,
            )
                .into_response())
        }
        Err(e) => Err(AppError(e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "registration_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    r: Registration,
    plan: Plan,
    status: &'static str,
    entries: Vec<(Entry, &'static str)>,
    events: Vec<(RegistrationEvent, &'static str)>,
    can_edit: bool,
    can_submit: bool,
    can_review: bool,
    /// The viewer submitted it (separation of duties: not theirs to judge).
    own_submission: bool,
    due: String,
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<ViewPage, AppError> {
    let (r, events) = st.store.registration_with_events(id).await?;
    if !auth.actor.can(Action::View, &r.unit_path) {
        return Err(AppError(Error::NotFound("bản đăng ký".into())));
    }
    let plan = st.store.plan(&auth.actor, r.plan_id).await?;
    let state = r.state();
    let due = plan.registration_due;
    Ok(ViewPage {
        l: Layout::new(
            &auth,
            format!("Đăng ký thi đua – {}", r.unit_name),
            "/ke-hoach",
        )
        .with_notice(n.tb.as_deref()),
        status: state.label(),
        entries: st
            .store
            .entries(id)
            .await?
            .into_iter()
            .map(|e| {
                let label = AwardCode::parse(&e.award).map(|a| a.label()).unwrap_or("");
                (e, label)
            })
            .collect(),
        events: events
            .into_iter()
            .map(|e| {
                let label = RegistrationAction::parse(&e.action)
                    .map(|a| a.label())
                    .unwrap_or("");
                (e, label)
            })
            .collect(),
        can_edit: state.editable() && auth.actor.can(Action::Register, &r.unit_path),
        can_submit: state.editable() && auth.actor.can(Action::Submit, &r.unit_path),
        can_review: auth.actor.can(Action::Review, &plan.unit_path),
        // Separation of duties: whoever submitted it does not judge it.
        own_submission: st.config.separate_duties
            && r.submitted_by.is_some()
            && r.submitted_by == auth.actor.user_id,
        due: due.vn(),
        plan,
        r,
    })
}

#[derive(Deserialize)]
pub struct ActionForm {
    csrf: String,
    action: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    extend_to: String,
}

pub async fn act(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let r = st.store.registration(id).await?;
    st.store.plan(&auth.actor, r.plan_id).await?;
    let action = RegistrationAction::parse(&f.action)
        .map_err(|_| Error::invalid("action", "Thao tác không hợp lệ."))?;
    let extend_to = if f.extend_to.trim().is_empty() {
        None
    } else {
        Some(tdkt_domain::text::parse_date(&f.extend_to).ok_or_else(|| {
            Error::invalid(
                "extend_to",
                format!("Ngày gia hạn «{}» không hợp lệ.", f.extend_to),
            )
        })?)
    };
    let mut w = st.store.begin(&auth.actor).await?;
    w.set_separate_duties(st.config.separate_duties);
    w.registration_action(id, action, &f.note, st.today(), extend_to)
        .await?;
    w.commit().await?;
    let notice = match action {
        RegistrationAction::Submit => "da-gui",
        RegistrationAction::Return => "da-tra-lai",
        RegistrationAction::Accept => "da-tiep-nhan",
        RegistrationAction::Extend => "da-gia-han",
        RegistrationAction::Edit => "da-luu",
    };
    Ok(Redirect::to(&format!("/dang-ky/{id}?tb={notice}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(person: i64, award: AwardCode, targets: &str) -> NewEntry {
        NewEntry {
            person_id: Some(person),
            unit_id: None,
            award,
            targets: targets.into(),
        }
    }

    fn keys(v: &[NewEntry]) -> BTreeSet<(Option<i64>, Option<i64>, &'static str, String)> {
        v.iter()
            .map(|e| (e.person_id, e.unit_id, e.award.code(), e.targets.clone()))
            .collect()
    }

    #[test]
    fn a_page_replaces_its_people_and_keeps_the_others() {
        let saved = vec![
            entry(1, AwardCode::Ldtt, "a"),
            entry(2, AwardCode::Cstdcs, "b"),
            entry(3, AwardCode::Ldtt, "c"),
        ];
        // Page shows people 1 and 2: 1 unticked, 2 moved to LĐTT; 3 is elsewhere.
        let posted = vec![entry(2, AwardCode::Ldtt, "b2")];
        let shown: HashSet<i64> = [1, 2].into();
        let out = merge_page(saved, posted, &shown);
        assert_eq!(
            keys(&out),
            keys(&[
                entry(2, AwardCode::Ldtt, "b2"),
                entry(3, AwardCode::Ldtt, "c")
            ])
        );
    }

    #[test]
    fn the_bulk_button_reaches_other_pages_without_doubling_or_losing_targets() {
        let saved = vec![
            entry(3, AwardCode::Ldtt, "c"),
            entry(4, AwardCode::Cstdcs, "d"),
        ];
        // The whole unit (1, 3, 4) gets LĐTT from a page that shows person 1 only.
        let posted = vec![
            entry(1, AwardCode::Ldtt, ""),
            entry(3, AwardCode::Ldtt, ""),
            entry(4, AwardCode::Ldtt, ""),
            NewEntry {
                person_id: None,
                unit_id: Some(9),
                award: AwardCode::Ttldtt,
                targets: String::new(),
            },
        ];
        let out = merge_page(saved, posted, &[1].into());
        assert_eq!(out.len(), 5, "{out:?}");
        assert_eq!(
            keys(&out),
            keys(&[
                entry(1, AwardCode::Ldtt, ""),
                entry(3, AwardCode::Ldtt, "c"),
                entry(4, AwardCode::Ldtt, "d"),
                entry(4, AwardCode::Cstdcs, "d"),
                NewEntry {
                    person_id: None,
                    unit_id: Some(9),
                    award: AwardCode::Ttldtt,
                    targets: String::new(),
                },
            ])
        );
    }

    #[test]
    fn shown_people_come_from_the_hidden_fields() {
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(shown_from(&pairs(&[("t", "1:LDTT")])), None);
        assert_eq!(
            shown_from(&pairs(&[("hien", "1"), ("hien", " 7 "), ("hien", "x")])),
            Some([1, 7].into())
        );
    }
}
