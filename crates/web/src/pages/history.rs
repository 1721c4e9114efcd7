//! Recording on a person's profile what the rules engine must know and no
//! sheet brings: a discipline (form, decision date, end of its period), an
//! open matter that postpones awards (disciplinary review, inspection,
//! complaint), a long leave (maternity, sickness, training with its result),
//! and an award decided by a superior body when its decision arrives (the
//! agency's own awards come from its signed decisions). The Office records them (`Action::ManageHistory`); each is audited.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use tdkt_domain::codes::{DisciplineForm, LeaveKind, ProceedingKind, TrainingResult};
use tdkt_domain::error::Error;
use tdkt_store::history::Subject;

#[derive(Deserialize)]
pub struct RecordForm {
    csrf: String,
    /// "ky-luat", "vu-viec" or "nghi".
    loai: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    result: String,
    /// For an award: its code, year, decision number and issuer (`from` is the decision date).
    #[serde(default)]
    award: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    issuer: String,
}

fn date(field: &str, what: &str, value: &str) -> Result<chrono::NaiveDate, Error> {
    tdkt_domain::text::parse_date(value).ok_or_else(|| {
        Error::invalid(
            field,
            format!("{what} «{value}» không hợp lệ (ngày/tháng/năm)."),
        )
    })
}

fn optional_date(field: &str, what: &str, value: &str) -> Result<Option<chrono::NaiveDate>, Error> {
    match value.trim() {
        "" => Ok(None),
        v => date(field, what, v).map(Some),
    }
}

pub async fn record(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<RecordForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let today = st.today();
    let result = async {
        let from = date("from", "Ngày bắt đầu", &f.from)?;
        if from > today {
            return Err(Error::invalid(
                "from",
                "Ngày bắt đầu không được sau hôm nay.",
            ));
        }
        let to = optional_date("to", "Ngày kết thúc", &f.to)?;
        if to.is_some_and(|t| t < from) {
            return Err(Error::invalid("to", "Ngày kết thúc phải sau ngày bắt đầu."));
        }
        let mut w = st.store.begin(&auth.actor).await?;
        match f.loai.as_str() {
            "ky-luat" => {
                let form = DisciplineForm::parse(&f.kind)
                    .map_err(|_| Error::invalid("kind", "Chọn hình thức kỷ luật."))?;
                w.add_discipline(Subject::Person(id), form, from, to)
                    .await?;
            }
            "vu-viec" => {
                let kind = ProceedingKind::parse(&f.kind)
                    .map_err(|_| Error::invalid("kind", "Chọn loại vụ việc."))?;
                w.add_proceeding(Subject::Person(id), kind, from, to)
                    .await?;
            }
            "nghi" => {
                let kind = LeaveKind::parse(&f.kind)
                    .map_err(|_| Error::invalid("kind", "Chọn loại nghỉ."))?;
                let to = to.ok_or_else(|| Error::invalid("to", "Ghi ngày kết thúc nghỉ."))?;
                let result = match f.result.trim() {
                    "" => None,
                    r => Some(
                        TrainingResult::parse(r)
                            .map_err(|_| Error::invalid("result", "Kết quả học tập không hợp lệ."))?
                            .code(),
                    ),
                };
                w.add_leave(id, kind, from, to, result).await?;
            }
            "khen-thuong" => {
                let award = tdkt_domain::codes::AwardCode::parse(f.award.trim()).map_err(|_| {
                    Error::invalid("award", "Chọn danh hiệu, hình thức khen thưởng.")
                })?;
                if !award.applies_to_kind(tdkt_domain::codes::SubjectKind::Individual) {
                    return Err(Error::invalid(
                        "award",
                        format!("«{}» là danh hiệu của tập thể.", award.label()),
                    ));
                }
                let year = f
                    .year
                    .trim()
                    .parse::<i32>()
                    .ok()
                    .filter(|y| (1990..=chrono::Datelike::year(&today)).contains(y))
                    .ok_or_else(|| Error::invalid("year", "Năm khen thưởng không hợp lệ."))?;
                if f.number.trim().is_empty() || f.issuer.trim().is_empty() {
                    return Err(Error::invalid(
                        "number",
                        "Ghi số quyết định và cơ quan, người ký quyết định.",
                    ));
                }
                let person = st.store.person(id).await?;
                let unit_name = st.store.unit(person.unit_id).await?.name;
                w.add_award(
                    Subject::Person(id),
                    &tdkt_store::history::NewAward {
                        award,
                        year,
                        kind: tdkt_domain::codes::AwardKind::CongTrang,
                        decision_number: f.number.trim().to_string(),
                        decision_date: Some(from),
                        issuer: f.issuer.trim().to_string(),
                        unit_name,
                    },
                )
                .await?;
            }
            _ => return Err(Error::invalid("loai", "Chọn điều cần ghi nhận.")),
        }
        w.commit().await
    }
    .await;
    super::respond(
        result,
        |()| format!("/can-bo/{id}?tb=da-luu"),
        async |e| {
            let msgs = super::error_messages(&e);
            super::people::view_page(&st, &auth, id, msgs).await
        },
    )
    .await
}
