//! Recording on a person's profile what the rules engine must know and no
//! sheet brings: a discipline (form, decision date, end of its period), an
//! open matter that postpones awards (disciplinary review, inspection,
//! complaint) and a long leave (maternity, sickness, training with its result).
//! The Office records them (`Action::ManageHistory`); each is audited.

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
