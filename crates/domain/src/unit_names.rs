//! Finding a unit from what a sheet's "Đơn vị" cell says, as offices write
//! it: its code, its name or its short name, whatever the case, diacritics,
//! spacing and dashes ("Phòng Kế hoạch - Tổng hợp" is "Phòng Kế hoạch –
//! Tổng hợp"). A name two units share is ambiguous and must be written as a
//! code. A name that matches nothing is answered with the closest unit
//! ("Có phải «Phòng Chính sách»?"), and the user may map it once for a file.

use crate::text::clip;
use std::collections::HashMap;
use std::sync::Mutex;

type FastHash = foldhash::fast::RandomState;

/// A suggested unit: its id and its name as the registry writes it.
type Suggestion = Option<(i64, String)>;

#[derive(Debug, Default)]
pub struct UnitResolver {
    by_code: HashMap<String, i64, FastHash>,
    by_name: HashMap<String, Vec<i64>, FastHash>,
    /// Codes and names exactly as the registry writes them, where they name
    /// one unit: most cells of a sheet match one of these without folding.
    exact: HashMap<String, i64, FastHash>,
    /// (name key, name as written, unit) of every name and short name.
    names: Vec<(String, String, i64)>,
    /// Names that matched nothing, as first written, in the order met.
    misses: Mutex<Vec<(String, Option<i64>)>>,
    /// Suggestions already worked out, by name key.
    suggested: Mutex<HashMap<String, Suggestion, FastHash>>,
}

/// Misses remembered for the user to map (a file names few units); past
/// them no more suggestions are worked out.
const MAX_MISSES: usize = 50;

/// A unit name longer than this is not a unit name.
const MAX_NAME_CHARS: usize = 300;

/// Characters of a name quoted in a message.
const QUOTED_CHARS: usize = 80;

/// A unit name folded for comparison: case, diacritics, dashes and other
/// punctuation, and spacing do not matter.
pub fn name_key(text: &str) -> String {
    let folded = crate::text::fold(text);
    let mut out = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

impl UnitResolver {
    /// `units`: (id, code, name, short name) of the units the user may fill.
    pub fn new<'a>(units: impl IntoIterator<Item = (i64, &'a str, &'a str, &'a str)>) -> Self {
        let mut r = UnitResolver::default();
        let mut written = Vec::new();
        for (id, code, name, short) in units {
            r.by_code.insert(crate::text::fold(code), id);
            written.push(code);
            for n in [name, short] {
                if !n.trim().is_empty() {
                    let key = name_key(n);
                    let ids = r.by_name.entry(key.clone()).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                    r.names.push((key, n.trim().to_string(), id));
                    written.push(n);
                }
            }
        }
        for w in written {
            if let Ok(id) = r.resolve_folded(w) {
                r.exact.insert(w.trim().to_string(), id);
            }
        }
        r
    }

    /// Takes `name` (as a sheet writes it) to mean the unit `id` from now on,
    /// as the user chose for one file.
    pub fn alias(&mut self, name: &str, id: i64) {
        let key = name_key(name);
        if !key.is_empty() {
            self.by_name.insert(key, vec![id]);
            self.exact.insert(name.trim().to_string(), id);
        }
    }

    pub fn resolve(&self, text: &str) -> Result<i64, String> {
        match self.exact.get(text.trim()) {
            Some(id) => Ok(*id),
            None => self.resolve_folded(text),
        }
    }

    fn resolve_folded(&self, text: &str) -> Result<i64, String> {
        if text.len() > MAX_NAME_CHARS && text.chars().count() > MAX_NAME_CHARS {
            return Err(format!(
                "Tên đơn vị «{}» dài quá {MAX_NAME_CHARS} ký tự.",
                clip(text.trim(), QUOTED_CHARS)
            ));
        }
        let code = crate::text::fold(text);
        if code.is_empty() {
            return Err("Chưa ghi đơn vị.".into());
        }
        if let Some(id) = self.by_code.get(&code) {
            return Ok(*id);
        }
        let key = name_key(text);
        match self.by_name.get(&key).map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some(_) => Err(format!(
                "Có nhiều đơn vị tên «{}»: hãy ghi mã đơn vị.",
                clip(text.trim(), QUOTED_CHARS)
            )),
            None => {
                let suggestion = self.remember_miss(text.trim(), &key);
                Err(match suggestion {
                    Some((_, name)) => format!(
                        "Không có đơn vị «{}» trong phạm vi bạn quản lý. Có phải «{name}»?",
                        clip(text.trim(), QUOTED_CHARS)
                    ),
                    None => format!(
                        "Không có đơn vị «{}» trong phạm vi bạn quản lý.",
                        clip(text.trim(), QUOTED_CHARS)
                    ),
                })
            }
        }
    }

    /// Names that matched no unit, with the suggested unit, in the order met.
    pub fn misses(&self) -> Vec<(String, Option<i64>)> {
        self.misses.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Remembers a name that matched nothing, with the closest unit, and
    /// answers that unit. Names met before are answered from memory; past
    /// [`MAX_MISSES`] names no more are worked out (a sheet naming thousands
    /// of units is not one to help with).
    fn remember_miss(&self, text: &str, key: &str) -> Suggestion {
        if let Ok(cache) = self.suggested.lock()
            && let Some(hit) = cache.get(key)
        {
            return hit.clone();
        }
        let Ok(mut misses) = self.misses.lock() else {
            return None;
        };
        if misses.len() >= MAX_MISSES {
            return None;
        }
        let suggestion = self.suggest(key);
        misses.push((text.to_string(), suggestion.as_ref().map(|s| s.0)));
        if let Ok(mut cache) = self.suggested.lock() {
            cache.insert(key.to_string(), suggestion.clone());
        }
        suggestion
    }

    /// The unit whose name is closest to `key`: one name that contains the
    /// other word for word ("Phòng Chính sách dân tộc" / "Phòng Chính sách"),
    /// else the fewest letters changed, within a third of the name.
    fn suggest(&self, key: &str) -> Suggestion {
        let contains = |long: &str, short: &str| {
            long.len() > short.len()
                && (long.starts_with(&format!("{short} ")) || long.ends_with(&format!(" {short}")))
        };
        let mut best: Option<(u8, usize, &(String, String, i64))> = None;
        for candidate in &self.names {
            let n = candidate.0.as_str();
            let rank = if contains(key, n) || contains(n, key) {
                (0, key.len().abs_diff(n.len()))
            } else {
                let (a, b) = (key.chars().count(), n.chars().count());
                // Lengths a third apart cannot be within a third in edits.
                if a.abs_diff(b) * 3 > a.max(b) {
                    continue;
                }
                let d = strsim::levenshtein(key, n);
                if d * 3 > key.chars().count().max(n.chars().count()) {
                    continue;
                }
                (1, d)
            };
            if best.is_none_or(|(k, d, _)| (rank.0, rank.1) < (k, d)) {
                best = Some((rank.0, rank.1, candidate));
            }
        }
        best.map(|(_, _, (_, name, id))| (*id, name.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver() -> UnitResolver {
        UnitResolver::new([
            (1, "VP", "Văn phòng Ban", "Văn phòng"),
            (2, "PCS", "Phòng Chính sách", "Chính sách"),
            (3, "KHTH", "Phòng Kế hoạch – Tổng hợp", ""),
            (4, "TTR", "Thanh tra", ""),
        ])
    }

    #[test]
    fn dashes_spaces_case_and_marks_do_not_matter() {
        let r = resolver();
        for written in [
            "Phòng Kế hoạch - Tổng hợp",
            "Phòng Kế hoạch – Tổng hợp",
            "Phòng Kế hoạch—Tổng hợp",
            "phong ke hoach-tong hop",
            "PHÒNG KẾ HOẠCH -  TỔNG HỢP",
        ] {
            assert_eq!(r.resolve(written), Ok(3), "{written}");
        }
        assert!(r.misses().is_empty());
    }

    #[test]
    fn a_name_that_matches_nothing_gets_the_closest_unit() {
        let r = resolver();
        let e = r.resolve("Phòng Chính sách dân tộc").unwrap_err();
        assert!(e.ends_with("Có phải «Phòng Chính sách»?"), "{e}");
        let e = r.resolve("Thanh tra Ban").unwrap_err();
        assert!(e.ends_with("Có phải «Thanh tra»?"), "{e}");
        let e = r.resolve("Phong Ke hoach Tong hp").unwrap_err();
        assert!(e.contains("Có phải «Phòng Kế hoạch – Tổng hợp»?"), "{e}");
        let e = r.resolve("Sở Tài chính").unwrap_err();
        assert!(!e.contains("Có phải"), "{e}");
        // Asked twice, remembered once.
        let _ = r.resolve("phong chinh sach dan toc");
        assert_eq!(
            r.misses(),
            vec![
                ("Phòng Chính sách dân tộc".to_string(), Some(2)),
                ("Thanh tra Ban".to_string(), Some(4)),
                ("Phong Ke hoach Tong hp".to_string(), Some(3)),
                ("Sở Tài chính".to_string(), None),
            ]
        );
    }

    #[test]
    fn an_alias_maps_a_name_for_the_file() {
        let mut r = resolver();
        r.alias("Phòng Chính sách dân tộc", 2);
        assert_eq!(r.resolve("Phòng Chính sách dân tộc"), Ok(2));
        assert_eq!(r.resolve("phong chinh sach - dan toc"), Ok(2));
    }
}
