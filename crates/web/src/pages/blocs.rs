//! Emulation blocs and their member agencies by year.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use tdkt_store::blocs::{Bloc, BlocMember, bloc_role_label};

#[derive(Template, WebTemplate)]
#[template(path = "blocs_list.html")]
pub(crate) struct ListPage {
    l: Layout,
    blocs: Vec<Bloc>,
}

pub async fn list(State(st): State<AppState>, auth: Auth) -> Result<ListPage, AppError> {
    Ok(ListPage {
        l: Layout::new(&auth, "Khối, cụm thi đua", "/khoi-thi-dua"),
        blocs: st.store.blocs_for(&auth.actor).await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "bloc_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    b: Bloc,
    members: Vec<(BlocMember, &'static str)>,
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<ViewPage, AppError> {
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let members = st
        .store
        .bloc_members(id)
        .await?
        .into_iter()
        .map(|m| {
            let label = bloc_role_label(&m.role);
            (m, label)
        })
        .collect();
    Ok(ViewPage {
        l: Layout::new(&auth, b.name.clone(), "/khoi-thi-dua"),
        b,
        members,
    })
}
