//! A unit's people as the sheets offices upload name them: by staff code when
//! the sheet has one, else by full name (diacritics and case aside), with the
//! unit column to tell namesakes apart. Used by every upload that lists people
//! (registrations, ratings).

use crate::text::fold;
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Roster {
    by_code: HashMap<String, i64>,
    /// Folded name → (person, folded unit name).
    by_name: HashMap<String, Vec<(i64, String)>>,
}

/// One person of a roster: id, code, full name, unit name.
pub type RosterEntry<'a> = (i64, &'a str, &'a str, &'a str);

impl Roster {
    pub fn new<'a>(people: impl IntoIterator<Item = RosterEntry<'a>>) -> Roster {
        let mut r = Roster::default();
        for (id, code, name, unit) in people {
            if !code.is_empty() {
                r.by_code.insert(fold(code), id);
            }
            r.by_name
                .entry(fold(name))
                .or_default()
                .push((id, fold(unit)));
        }
        r
    }

    /// The person a sheet's line names, or why none can be told (in Vietnamese).
    pub fn find(&self, code: &str, name: &str, unit: &str) -> Result<i64, String> {
        let missing = |what: &str| format!("«{what}» không có trong danh sách cán bộ của đơn vị.");
        if !code.trim().is_empty() {
            return self
                .by_code
                .get(&fold(code))
                .copied()
                .ok_or_else(|| missing(code.trim()));
        }
        match self.by_name.get(&fold(name)).map(Vec::as_slice) {
            None | Some([]) => Err(missing(name.trim())),
            Some([(id, _)]) => Ok(*id),
            Some(many) => {
                let unit = fold(unit);
                let in_unit: Vec<i64> = many
                    .iter()
                    .filter(|(_, u)| !unit.is_empty() && *u == unit)
                    .map(|(id, _)| *id)
                    .collect();
                match in_unit.as_slice() {
                    [id] => Ok(*id),
                    _ => Err(format!(
                        "Có nhiều người tên «{}»: hãy ghi mã cán bộ.",
                        name.trim()
                    )),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Roster {
        Roster::new([
            (1, "CB001", "Nguyễn Văn An", "Văn phòng"),
            (2, "CB002", "Trần Thị Bình", "Văn phòng"),
            (3, "CB003", "Trần Thị Bình", "Thanh tra"),
            (4, "", "Lê Cường", "Thanh tra"),
        ])
    }

    #[test]
    fn by_code_first_then_by_name() {
        let r = roster();
        assert_eq!(r.find("cb002", "whatever", ""), Ok(2));
        assert_eq!(r.find("", "nguyen van an", ""), Ok(1));
        assert_eq!(r.find("", "  Lê Cường ", ""), Ok(4));
        assert!(
            r.find("CB999", "Nguyễn Văn An", "")
                .unwrap_err()
                .contains("CB999")
        );
    }

    #[test]
    fn namesakes_need_the_unit_or_the_code() {
        let r = roster();
        assert!(
            r.find("", "Trần Thị Bình", "")
                .unwrap_err()
                .contains("mã cán bộ")
        );
        assert_eq!(r.find("", "Trần Thị Bình", "thanh tra"), Ok(3));
        assert!(r.find("", "Trần Thị Bình", "Kế hoạch").is_err());
        assert!(
            r.find("", "Phạm Dũng", "")
                .unwrap_err()
                .contains("không có")
        );
    }
}
