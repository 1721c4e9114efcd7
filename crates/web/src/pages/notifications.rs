//! In-app notifications: submissions, returns, acceptances, extensions, plans.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use tdkt_store::emulation::Notification;

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
pub(crate) struct Page {
    l: Layout,
    items: Vec<Notification>,
}

pub async fn list(State(st): State<AppState>, auth: Auth) -> Result<Page, AppError> {
    Ok(Page {
        l: Layout::new(&auth, "Thông báo", ""),
        items: st.store.notifications(&auth.actor, 200).await?,
    })
}

pub async fn mark_read(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<super::CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let ids: Vec<i64> = st
        .store
        .notifications(&auth.actor, 200)
        .await?
        .iter()
        .filter(|n| !n.read)
        .map(|n| n.id)
        .collect();
    st.store.mark_read(auth.user_id, &ids).await?;
    Ok(Redirect::to("/thong-bao").into_response())
}
