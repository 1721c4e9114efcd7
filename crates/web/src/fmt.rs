//! Vietnamese formats inside templates: `{{ p.birth_date.vn() }}`.

use chrono::{DateTime, NaiveDate, Utc};

pub trait Vn {
    fn vn(&self) -> String;
}

impl Vn for NaiveDate {
    fn vn(&self) -> String {
        tdkt_domain::text::format_date(*self)
    }
}

impl Vn for Option<NaiveDate> {
    fn vn(&self) -> String {
        self.map(tdkt_domain::text::format_date).unwrap_or_default()
    }
}

/// Times shown in Vietnam's zone (UTC+7), `dd/mm/yyyy HH:MM`.
impl Vn for DateTime<Utc> {
    fn vn(&self) -> String {
        let t = *self + chrono::Duration::hours(7);
        t.format("%d/%m/%Y %H:%M").to_string()
    }
}

impl Vn for Option<DateTime<Utc>> {
    fn vn(&self) -> String {
        self.as_ref().map(Vn::vn).unwrap_or_default()
    }
}

impl Vn for i64 {
    fn vn(&self) -> String {
        tdkt_domain::text::format_number(*self)
    }
}

pub fn gender_label(code: &str) -> &'static str {
    tdkt_domain::codes::Gender::parse(code)
        .map(|g| g.label())
        .unwrap_or("")
}

pub fn category_label(code: &str) -> &'static str {
    tdkt_domain::codes::StaffCategory::parse(code)
        .map(|c| c.label())
        .unwrap_or("")
}

/// A share in percent the Vietnamese way: "66,7 %".
pub fn pct(p: &f64) -> String {
    format!("{} %", tdkt_domain::text::format_percent(*p))
}
