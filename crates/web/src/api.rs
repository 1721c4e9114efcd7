//! The JSON API under `/api/`: the same resources as the pages, the same
//! permissions (session cookie; writes need the session's `X-CSRF-Token`),
//! described by `/api/openapi.json`.

use crate::AppState;
use crate::auth::{self, Auth};
use crate::error::status_of;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use tdkt_domain::error::Error;
use tdkt_domain::org::{PersonInput, UnitInput};
use tdkt_store::history::Subject;
use tdkt_store::people::PeopleFilter;

pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": self.0.code(),
            "message": self.0.to_string(),
            "fields": self.0.field_errors(),
        });
        let mut res = (status_of(&self.0), Json(body)).into_response();
        if let Some(event) = crate::error::refusal_event(&self.0) {
            res.extensions_mut().insert(crate::error::Refused(event));
        }
        res
    }
}

/// The session, for the API: 401 JSON instead of a redirect.
pub struct ApiAuth(pub Auth);

impl FromRequestParts<AppState> for ApiAuth {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let a = auth::load(parts, st).await.map_err(ApiError)?;
        // Until a password set by an administrator is changed, the API
        // answers nothing but this (403).
        if a.must_change_password {
            return Err(ApiError(Error::MustChangePassword));
        }
        Ok(ApiAuth(a))
    }
}

/// JSON body whose parse errors come back as Vietnamese JSON.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: axum::extract::Request, st: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(req, st).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(ApiError(Error::invalid(
                "body",
                format!("Nội dung JSON không hợp lệ: {}", e.body_text()),
            ))),
        }
    }
}

fn check_csrf(a: &Auth, headers: &HeaderMap) -> Result<(), ApiError> {
    let token = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    a.check_csrf(token).map_err(|e| ApiError(e.0))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/me", get(me))
        .route("/units", get(units).post(create_unit))
        .route("/units/{id}", get(unit).put(update_unit))
        .route("/people", get(people).post(create_person))
        .route("/people/{id}", get(person).put(update_person))
        .route("/people/{id}/history", get(person_history))
        .fallback(|| async { ApiError(Error::NotFound("tài nguyên".into())) })
}

const OPENAPI: &str = include_str!("../openapi.json");

async fn openapi() -> Response {
    let mut r = OPENAPI.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

async fn me(ApiAuth(a): ApiAuth) -> Json<Value> {
    Json(json!({
        "user_id": a.user_id,
        "username": a.actor.username,
        "display_name": a.actor.display_name,
        "grants": a.actor.grants,
        "csrf_token": a.csrf,
    }))
}

async fn units(State(st): State<AppState>, ApiAuth(a): ApiAuth) -> Result<Json<Value>, ApiError> {
    Ok(Json(
        json!({ "items": st.store.visible_units(&a.actor, true).await? }),
    ))
}

async fn unit(
    State(st): State<AppState>,
    ApiAuth(a): ApiAuth,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let u = st.store.visible_unit(&a.actor, id).await?;
    let names = st.store.unit_names(id).await?;
    Ok(Json(json!({ "unit": u, "names": names })))
}

#[derive(Deserialize)]
struct UnitBody {
    #[serde(flatten)]
    unit: UnitInput,
    /// Date the change takes effect (YYYY-MM-DD); today by default.
    on: Option<chrono::NaiveDate>,
}

async fn create_unit(
    State(st): State<AppState>,
    ApiAuth(a): ApiAuth,
    headers: HeaderMap,
    ApiJson(b): ApiJson<UnitBody>,
) -> Result<Response, ApiError> {
    check_csrf(&a, &headers)?;
    let v = b.unit.validate(&st.store.levels().await?)?;
    let mut w = st.store.begin(&a.actor).await?;
    let u = w
        .create_unit(&v, b.on.unwrap_or_else(|| st.today()))
        .await?;
    w.commit().await?;
    Ok((axum::http::StatusCode::CREATED, Json(json!({ "unit": u }))).into_response())
}

async fn update_unit(
    State(st): State<AppState>,
    ApiAuth(a): ApiAuth,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<UnitBody>,
) -> Result<Json<Value>, ApiError> {
    check_csrf(&a, &headers)?;
    st.store.visible_unit(&a.actor, id).await?;
    let v = b.unit.validate(&st.store.levels().await?)?;
    let mut w = st.store.begin(&a.actor).await?;
    let u = w
        .update_unit(id, &v, b.on.unwrap_or_else(|| st.today()))
        .await?;
    w.commit().await?;
    Ok(Json(json!({ "unit": u })))
}

#[derive(Deserialize, Default)]
struct PeopleQuery {
    #[serde(default)]
    q: String,
    unit: Option<i64>,
    #[serde(default)]
    include_inactive: bool,
    page: Option<i64>,
    per_page: Option<i64>,
}

async fn people(
    State(st): State<AppState>,
    ApiAuth(a): ApiAuth,
    Query(q): Query<PeopleQuery>,
) -> Result<Json<Value>, ApiError> {
    let f = PeopleFilter {
        q: q.q,
        unit_id: q.unit,
        include_inactive: q.include_inactive,
        page: q.page.unwrap_or(1),
        per_page: q.per_page.unwrap_or(50),
    };
    let page = st.store.list_people(&a.actor, &f).await?;
    Ok(Json(
        json!({ "items": page.items, "total": page.total, "total_capped": page.capped, "page": page.page, "per_page": page.per_page }),
    ))
}

async fn person(
    State(st): State<AppState>,
    ApiAuth(a): ApiAuth,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let p = st.store.visible_person(&a.actor, id).await?;
    Ok(Json(
        json!({ "person": p, "transfers": st.store.transfers(id).await?, "employment": st.store.employment(id).await? }),
    ))
}

async fn person_history(
    State(st): State<AppState>,
    ApiAuth(a): ApiAuth,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    st.store.visible_person(&a.actor, id).await?;
    Ok(Json(json!(st.store.history(Subject::Person(id)).await?)))
}

async fn create_person(
    State(st): State<AppState>,
    ApiAuth(a): ApiAuth,
    headers: HeaderMap,
    ApiJson(input): ApiJson<PersonInput>,
) -> Result<Response, ApiError> {
    check_csrf(&a, &headers)?;
    let v = input.validate(st.today())?;
    let mut w = st.store.begin(&a.actor).await?;
    let p = w.create_person(&v).await?;
    w.commit().await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(json!({ "person": p })),
    )
        .into_response())
}

async fn update_person(
    State(st): State<AppState>,
    ApiAuth(a): ApiAuth,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<PersonInput>,
) -> Result<Json<Value>, ApiError> {
    check_csrf(&a, &headers)?;
    st.store.visible_person(&a.actor, id).await?;
    let v = input.validate(st.today())?;
    let mut w = st.store.begin(&a.actor).await?;
    let p = w.update_person(id, &v, st.today()).await?;
    w.commit().await?;
    Ok(Json(json!({ "person": p })))
}
