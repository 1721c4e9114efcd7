//! Certificate templates: for each of the agency's pre-printed blanks, where
//! every field goes (position, width, font size and style), set in a form
//! and checked against a preview PDF before a whole decision is printed.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use tdkt_documents::certificate::{
    BlankKind, CertField, Certificate, CertificateTemplate, FieldPlacement, TextAlign,
    default_template, preview_pdf,
};
use tdkt_domain::auth::Action;
use tdkt_domain::error::Error;

/// The stored template `id`, or the first stored one, or the default Bằng khen blank.
pub(crate) async fn template_or_default(
    st: &AppState,
    id: Option<i64>,
) -> Result<CertificateTemplate, AppError> {
    let row = match id {
        Some(i) => Some(st.store.certificate_template(i).await?),
        None => st.store.certificate_templates().await?.into_iter().next(),
    };
    Ok(match row {
        Some(r) => super::decisions::parse_template(&r.layout)?,
        None => default_template(BlankKind::BangKhen),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "certificate_templates.html")]
pub(crate) struct ListPage {
    l: Layout,
    items: Vec<tdkt_store::certificates::TemplateRow>,
    can_manage: bool,
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(n): Query<super::Notice>,
) -> Result<ListPage, AppError> {
    Ok(ListPage {
        l: Layout::new(&auth, "Mẫu in bằng khen, giấy khen", "/quyet-dinh")
            .with_notice(n.tb.as_deref()),
        items: st.store.certificate_templates().await?,
        can_manage: auth.actor.can_somewhere(Action::Review),
    })
}

#[derive(serde::Deserialize)]
pub struct NewForm {
    csrf: String,
    kind: String,
}

/// A new template from one of the common blanks.
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<NewForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let kind = if f.kind == "giay-khen" {
        BlankKind::GiayKhen
    } else {
        BlankKind::BangKhen
    };
    let t = default_template(kind);
    let json = serde_json::to_string(&t).map_err(tdkt_store::internal)?;
    let mut w = st.store.begin(&auth.actor).await?;
    let existing = st.store.certificate_templates().await?.len();
    let name = if existing == 0 {
        t.name.clone()
    } else {
        format!("{} ({})", t.name, existing + 1)
    };
    let id = w.save_certificate_template(None, &name, &json).await?;
    w.commit().await?;
    Ok(axum::response::Redirect::to(&format!("/mau-in/{id}?tb=da-tao")).into_response())
}

use axum::response::IntoResponse;

pub struct FieldLine {
    pub code: &'static str,
    pub label: &'static str,
    pub used: bool,
    pub p: FieldPlacement,
    pub align: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "certificate_template.html")]
pub(crate) struct EditPage {
    l: Layout,
    id: i64,
    name: String,
    width: String,
    height: String,
    fields: Vec<FieldLine>,
    can_manage: bool,
    errors: Vec<String>,
}

fn field_code(f: CertField) -> &'static str {
    match f {
        CertField::Name => "name",
        CertField::Position => "position",
        CertField::Citation => "citation",
        CertField::Award => "award",
        CertField::DecisionLine => "decision-line",
        CertField::DateLine => "date-line",
        CertField::SignerPosition => "signer-position",
        CertField::SignerName => "signer-name",
        CertField::Qr => "qr",
    }
}

fn align_code(a: TextAlign) -> &'static str {
    match a {
        TextAlign::Left => "left",
        TextAlign::Center => "center",
        TextAlign::Right => "right",
    }
}

fn num(v: f32) -> String {
    let s = format!("{v}");
    s.replace('.', ",")
}

fn edit_page(
    auth: &Auth,
    id: i64,
    name: String,
    t: &CertificateTemplate,
    errors: Vec<String>,
) -> EditPage {
    let fields = CertField::ALL
        .iter()
        .map(|f| {
            let placed = t.fields.iter().find(|p| p.field == *f);
            let p = placed.cloned().unwrap_or(FieldPlacement {
                field: *f,
                x_mm: 20.0,
                y_mm: 20.0,
                width_mm: if *f == CertField::Qr { 25.0 } else { 100.0 },
                font_size_pt: 14.0,
                bold: false,
                italic: false,
                align: TextAlign::Center,
            });
            FieldLine {
                code: field_code(*f),
                label: f.label(),
                used: placed.is_some(),
                align: align_code(p.align),
                p,
            }
        })
        .collect();
    EditPage {
        l: Layout::new(auth, format!("Mẫu in: {name}"), "/quyet-dinh"),
        id,
        width: num(t.page_width_mm),
        height: num(t.page_height_mm),
        name,
        fields,
        can_manage: auth.actor.can_somewhere(Action::Review),
        errors,
    }
}

pub async fn edit(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<EditPage, AppError> {
    let row = st.store.certificate_template(id).await?;
    let t = super::decisions::parse_template(&row.layout)?;
    let mut p = edit_page(&auth, id, row.name, &t, vec![]);
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

fn parse_mm(pairs: &[(String, String)], key: &str, what: &str) -> Result<f32, Error> {
    let v = pairs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str());
    v.trim()
        .replace(',', ".")
        .parse::<f32>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| Error::invalid(key, format!("{what}: «{v}» không phải là số.")))
}

/// The template as typed in the form: a field is placed when its box is ticked.
fn template_from(pairs: &[(String, String)], name: &str) -> Result<CertificateTemplate, Error> {
    let has = |k: &str| pairs.iter().any(|(key, _)| key == k);
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map_or("", |(_, v)| v.as_str())
    };
    let mut fields = Vec::new();
    for f in CertField::ALL {
        let c = field_code(f);
        if !has(&format!("{c}.used")) {
            continue;
        }
        let label = f.label();
        fields.push(FieldPlacement {
            field: f,
            x_mm: parse_mm(pairs, &format!("{c}.x"), &format!("{label} – cách lề trái"))?,
            y_mm: parse_mm(
                pairs,
                &format!("{c}.y"),
                &format!("{label} – cách mép trên"),
            )?,
            width_mm: parse_mm(pairs, &format!("{c}.w"), &format!("{label} – bề rộng"))?,
            font_size_pt: if f == CertField::Qr {
                12.0
            } else {
                parse_mm(pairs, &format!("{c}.size"), &format!("{label} – cỡ chữ"))?
            },
            bold: has(&format!("{c}.bold")),
            italic: has(&format!("{c}.italic")),
            align: match value(&format!("{c}.align")) {
                "left" => TextAlign::Left,
                "right" => TextAlign::Right,
                _ => TextAlign::Center,
            },
        });
    }
    let t = CertificateTemplate {
        name: name.trim().to_string(),
        page_width_mm: parse_mm(pairs, "width", "Khổ giấy – chiều rộng")?,
        page_height_mm: parse_mm(pairs, "height", "Khổ giấy – chiều cao")?,
        fields,
    };
    t.validate().map_err(|msgs| {
        Error::Validation(
            msgs.into_iter()
                .map(|m| tdkt_domain::error::FieldError::new("layout", m))
                .collect(),
        )
    })?;
    Ok(t)
}

pub async fn save(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map_or("", |(_, v)| v.as_str())
    };
    auth.check_csrf(value("csrf"))?;
    let name = value("name").to_string();
    let result = async {
        let t = template_from(&pairs, &name)?;
        let json = serde_json::to_string(&t).map_err(tdkt_store::internal)?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.save_certificate_template(Some(id), &name, &json).await?;
        w.commit().await
    }
    .await;
    super::respond(
        result,
        |()| format!("/mau-in/{id}?tb=da-luu"),
        async |e| {
            let row = st.store.certificate_template(id).await?;
            let t = super::decisions::parse_template(&row.layout)?;
            Ok(edit_page(
                &auth,
                id,
                name.clone(),
                &t,
                super::error_messages(&e),
            ))
        },
    )
    .await
}

/// One page with a sample and the fields' boxes, to hold against a blank.
pub async fn preview(
    State(st): State<AppState>,
    _auth: Auth,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let t = template_or_default(&st, Some(id)).await?;
    let base = super::decisions::public_base(&st, &headers);
    let today = st.today();
    let sample = Certificate {
        name: "Nguyễn Thị Minh Khai".into(),
        position: "Chuyên viên, Phòng Chính sách dân tộc".into(),
        citation: "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2021".into(),
        award: "Chiến sĩ thi đua cơ sở".into(),
        decision_line: "Quyết định số 12/QĐ-BDT ngày 20/12/2021".into(),
        date_line: tdkt_documents::nd30::date_line(&st.config.place, today.into()),
        signer_position: "TRƯỞNG BAN".into(),
        signer_name: "Đặng Văn Tuấn".into(),
        verify_url: format!("{base}/xac-minh/MAUXEMTHU"),
    };
    let bytes = tokio::task::spawn_blocking(move || preview_pdf(&t, &sample))
        .await
        .map_err(tdkt_store::internal)?
        .map_err(|e| Error::invalid("template", e.to_string()))?;
    Ok(super::plans::download(
        bytes,
        "application/pdf",
        &format!("xem-thu-mau-in-{id}.pdf"),
    ))
}
