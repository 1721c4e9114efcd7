//! Movements: a name, a kind, a scope, a period, the body that launched it and
//! its targets; a movement launched above is received and relaunched below.

use crate::codes::UnknownCode;
use crate::error::{Error, Errors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::codes::vocabulary_pub! {
    MovementKind, "loại phong trào" {
        ThuongXuyen = "thuong-xuyen", "Thường xuyên";
        TheoDot = "theo-dot", "Theo đợt";
        ChuyenDe = "chuyen-de", "Chuyên đề";
    }
}

crate::codes::vocabulary_pub! {
    /// chưa bắt đầu → đang nhận đăng ký → đang xét → kết thúc.
    MovementStatus, "trạng thái phong trào" {
        ChuaBatDau = "chua-bat-dau", "Chưa bắt đầu";
        DangNhanDangKy = "dang-nhan-dang-ky", "Đang nhận đăng ký";
        DangXet = "dang-xet", "Đang xét";
        KetThuc = "ket-thuc", "Kết thúc";
    }
}

impl MovementStatus {
    /// The next status in the cycle, if any (a movement only moves forward).
    pub fn next(self) -> Option<MovementStatus> {
        use MovementStatus::*;
        match self {
            ChuaBatDau => Some(DangNhanDangKy),
            DangNhanDangKy => Some(DangXet),
            DangXet => Some(KetThuc),
            KetThuc => None,
        }
    }

    pub fn accepts_registrations(self) -> bool {
        self == MovementStatus::DangNhanDangKy
    }
}

/// A movement as a form gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MovementInput {
    pub name: String,
    pub kind: String,
    /// Where it applies (toàn quốc, tỉnh, cơ quan…), free text.
    #[serde(default)]
    pub scope: String,
    pub start: String,
    #[serde(default)]
    pub end: String,
    /// Targets (chỉ tiêu), one per line.
    #[serde(default)]
    pub targets: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidMovement {
    pub name: String,
    pub kind: MovementKind,
    pub scope: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub targets: Vec<String>,
}

impl MovementInput {
    pub fn validate(&self) -> Result<ValidMovement, Error> {
        let mut errs = Errors::default();
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            errs.add("name", "Tên phong trào không được để trống.");
        } else if name.chars().count() > 500 {
            errs.add("name", "Tên phong trào dài quá 500 ký tự.");
        }
        let kind = MovementKind::parse(self.kind.trim()).map_err(|e: UnknownCode| e);
        if kind.is_err() {
            errs.add(
                "kind",
                "Loại phong trào phải là thường xuyên, theo đợt hoặc chuyên đề.",
            );
        }
        let start = crate::text::parse_date(&self.start);
        if start.is_none() {
            errs.add(
                "start",
                format!(
                    "Ngày bắt đầu «{}» không hợp lệ (ngày/tháng/năm).",
                    self.start.trim()
                ),
            );
        }
        let end = if self.end.trim().is_empty() {
            None
        } else {
            match crate::text::parse_date(&self.end) {
                Some(d) => Some(d),
                None => {
                    errs.add(
                        "end",
                        format!(
                            "Ngày kết thúc «{}» không hợp lệ (ngày/tháng/năm).",
                            self.end.trim()
                        ),
                    );
                    None
                }
            }
        };
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            errs.add("end", "Ngày kết thúc phải sau ngày bắt đầu.");
        }
        errs.finish()?;
        Ok(ValidMovement {
            name,
            kind: kind.unwrap_or(MovementKind::ThuongXuyen),
            scope: self.scope.trim().to_string(),
            start: start.unwrap_or_default(),
            end,
            targets: self
                .targets
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_moves_forward_only() {
        assert_eq!(
            MovementStatus::ChuaBatDau.next(),
            Some(MovementStatus::DangNhanDangKy)
        );
        assert_eq!(MovementStatus::KetThuc.next(), None);
        assert!(MovementStatus::DangNhanDangKy.accepts_registrations());
        assert!(!MovementStatus::DangXet.accepts_registrations());
    }

    #[test]
    fn validation() {
        let m = MovementInput {
            name: "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở".into(),
            kind: "thuong-xuyen".into(),
            start: "01/01/2021".into(),
            end: "31/12/2021".into(),
            targets: "100% cán bộ đăng ký\n\n 95% hồ sơ đúng hạn ".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(m.targets, vec!["100% cán bộ đăng ký", "95% hồ sơ đúng hạn"]);
        let bad = MovementInput {
            name: " ".into(),
            kind: "x".into(),
            start: "31/02/2021".into(),
            end: "01/01/2020".into(),
            ..Default::default()
        };
        let Err(Error::Validation(e)) = bad.validate() else {
            panic!()
        };
        assert_eq!(e.len(), 3, "{e:?}");
    }
}
