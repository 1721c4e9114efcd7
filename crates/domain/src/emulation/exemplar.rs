//! Exemplars: the advanced examples (điển hình tiên tiến), good deeds
//! ("Người tốt, việc tốt") and new models (mô hình mới) an agency finds
//! during the year and holds up — a story, the people or the unit behind
//! it, when and from where it was found, and the awards it led to
//! (docs/exemplars.md).

use crate::error::Error;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExemplarKind {
    Advanced,
    GoodDeed,
    NewModel,
}

impl ExemplarKind {
    pub const ALL: [ExemplarKind; 3] = [
        ExemplarKind::Advanced,
        ExemplarKind::GoodDeed,
        ExemplarKind::NewModel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ExemplarKind::Advanced => "dien-hinh",
            ExemplarKind::GoodDeed => "nguoi-tot",
            ExemplarKind::NewModel => "mo-hinh",
        }
    }

    pub fn parse(s: &str) -> Option<ExemplarKind> {
        ExemplarKind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ExemplarKind::Advanced => "Điển hình tiên tiến",
            ExemplarKind::GoodDeed => "Người tốt, việc tốt",
            ExemplarKind::NewModel => "Mô hình mới, cách làm hay",
        }
    }
}

/// An exemplar as typed on the form.
#[derive(Debug, Clone, Default)]
pub struct ExemplarInput {
    pub kind: String,
    pub title: String,
    pub story: String,
    pub recognised_on: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExemplarText {
    pub kind: ExemplarKind,
    pub title: String,
    pub story: String,
    pub recognised_on: NaiveDate,
    pub source: String,
}

const MAX_TITLE: usize = 300;
const MAX_STORY: usize = 20_000;
const MAX_SOURCE: usize = 500;

impl ExemplarInput {
    /// Checks every field and reports all that are wrong at once.
    pub fn check(&self, today: NaiveDate) -> Result<ExemplarText, Error> {
        let mut errors = Vec::new();
        let kind = ExemplarKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push((
                "kind",
                "Chọn loại: điển hình tiên tiến, người tốt việc tốt hoặc mô hình mới.",
            ));
        }
        let title = crate::text::squeeze_spaces(&self.title);
        if title.chars().count() < 5 {
            errors.push(("title", "Ghi tên điển hình (ít nhất 5 ký tự)."));
        } else if title.chars().count() > MAX_TITLE {
            errors.push(("title", "Tên điển hình quá dài (tối đa 300 ký tự)."));
        }
        let story = self.story.trim().replace("\r\n", "\n");
        if story.chars().count() < 20 {
            errors.push(("story", "Kể lại thành tích, việc làm (ít nhất 20 ký tự)."));
        } else if story.chars().count() > MAX_STORY {
            errors.push(("story", "Nội dung quá dài (tối đa 20.000 ký tự)."));
        }
        let recognised_on = crate::text::parse_date(&self.recognised_on);
        match recognised_on {
            None => errors.push((
                "recognised_on",
                "Ngày ghi nhận không hợp lệ (ghi dạng 15/03/2021).",
            )),
            Some(d) if d > today => {
                errors.push(("recognised_on", "Ngày ghi nhận không thể sau hôm nay."))
            }
            Some(_) => {}
        }
        let source = crate::text::squeeze_spaces(&self.source);
        if source.chars().count() > MAX_SOURCE {
            errors.push(("source", "Nguồn quá dài (tối đa 500 ký tự)."));
        }
        match (kind, recognised_on) {
            (Some(kind), Some(recognised_on)) if errors.is_empty() => Ok(ExemplarText {
                kind,
                title,
                story,
                recognised_on,
                source,
            }),
            _ => Err(Error::Validation(
                errors
                    .into_iter()
                    .map(|(f, m)| crate::error::FieldError::new(f, m))
                    .collect(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 12, 1).unwrap()
    }

    fn good() -> ExemplarInput {
        ExemplarInput {
            kind: "nguoi-tot".into(),
            title: "  Cứu người   đuối nước ở sông Cái ".into(),
            story: "Anh đã lao xuống sông cứu hai em nhỏ bị đuối nước.".into(),
            recognised_on: "20/07/2021".into(),
            source: "Báo Khánh Hòa".into(),
        }
    }

    #[test]
    fn a_good_exemplar_is_tidied() {
        let t = good().check(today()).unwrap();
        assert_eq!(t.kind, ExemplarKind::GoodDeed);
        assert_eq!(t.title, "Cứu người đuối nước ở sông Cái");
        assert_eq!(
            t.recognised_on,
            NaiveDate::from_ymd_opt(2021, 7, 20).unwrap()
        );
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let bad = ExemplarInput {
            kind: "khac".into(),
            title: "ab".into(),
            story: "ngắn".into(),
            recognised_on: "20/12/2021".into(),
            source: "x".repeat(501),
        };
        let Err(Error::Validation(v)) = bad.check(today()) else {
            panic!("accepted");
        };
        let fields: Vec<&str> = v.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            ["kind", "title", "story", "recognised_on", "source"]
        );
    }

    #[test]
    fn kinds_round_trip() {
        for k in ExemplarKind::ALL {
            assert_eq!(ExemplarKind::parse(k.code()), Some(k));
        }
    }
}
