//! The levels of the organisation tree, as configuration.

use super::Notice;
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tdkt_domain::auth::Action;
use tdkt_domain::error::Error;
use tdkt_domain::org::Level;

#[derive(Template, WebTemplate)]
#[template(path = "levels.html")]
pub(crate) struct LevelsPage {
    l: Layout,
    levels: Vec<Level>,
    error: Option<String>,
}

fn require(auth: &Auth) -> Result<(), AppError> {
    if auth.actor.can_somewhere(Action::ManageUsers) {
        Ok(())
    } else {
        Err(AppError(Error::Forbidden))
    }
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(n): Query<Notice>,
) -> Result<LevelsPage, AppError> {
    require(&auth)?;
    Ok(LevelsPage {
        l: Layout::new(&auth, "Danh mục cấp đơn vị", "/don-vi").with_notice(n.tb.as_deref()),
        levels: st.store.levels().await?,
        error: None,
    })
}

#[derive(Deserialize)]
pub struct LevelForm {
    csrf: String,
    code: String,
    name: String,
    rank: String,
}

pub async fn save(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<LevelForm>,
) -> Result<Response, AppError> {
    require(&auth)?;
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let rank = f.rank.trim().parse::<i32>().map_err(|_| {
            Error::invalid("rank", "Thứ bậc phải là một số nguyên (0 là cấp cao nhất).")
        })?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.put_level(&Level {
            code: f.code.trim().to_string(),
            name: f.name.clone(),
            rank,
        })
        .await?;
        w.commit().await
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to("/cap-don-vi?tb=da-luu").into_response()),
        Err(e @ Error::Validation(_)) => {
            let msg = e
                .field_errors()
                .iter()
                .map(|x| x.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            let page = LevelsPage {
                l: Layout::new(&auth, "Danh mục cấp đơn vị", "/don-vi"),
                levels: st.store.levels().await?,
                error: Some(msg),
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(AppError(e)),
    }
}
