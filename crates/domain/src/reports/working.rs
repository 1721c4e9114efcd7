//! The working reports' tables: what was registered, nominated and awarded
//! in a period, summed for each unit directly under the reporting body (a
//! row's unit is found by its path) and for each title; and each person's
//! awards laid out by year.

use crate::codes::AwardCode;
use std::collections::BTreeMap;

/// Registered, nominated, awarded.
pub type Triple = [u64; 3];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PeriodTables {
    /// (unit name, counts), the body's own people first, then its units in order;
    /// rows with nothing left out.
    pub by_unit: Vec<(String, Triple)>,
    /// (title label, counts) in the order of the titles' codes.
    pub by_award: Vec<(String, Triple)>,
    pub total: Triple,
}

/// Which of `children` (paths, in order) the unit at `path` lies under, if any;
/// `None` for the body itself.
pub fn child_of(body_path: &str, children: &[&str], path: &str) -> Option<usize> {
    let rest = path.strip_prefix(body_path)?;
    let cut = body_path.len() + rest.find('/')? + 1;
    children.iter().position(|c| *c == &path[..cut])
}

/// Sums the three lists of (unit path, award code, count); `children` are
/// the units directly under the body (path, name).
pub fn summarise(
    body_path: &str,
    body_name: &str,
    children: &[(String, String)],
    lists: [&[(String, String, i64)]; 3],
) -> PeriodTables {
    let paths: Vec<&str> = children.iter().map(|c| c.0.as_str()).collect();
    let mut per_child = vec![[0u64; 3]; children.len()];
    let mut direct = [0u64; 3];
    let mut per_award: BTreeMap<String, Triple> = BTreeMap::new();
    let mut total = [0u64; 3];
    for (i, list) in lists.iter().enumerate() {
        for (path, award, n) in list.iter() {
            let n = (*n).max(0) as u64;
            match child_of(body_path, &paths, path) {
                Some(c) => per_child[c][i] += n,
                None => direct[i] += n,
            }
            per_award.entry(award.clone()).or_default()[i] += n;
            total[i] += n;
        }
    }
    let mut by_unit = Vec::new();
    if direct.iter().any(|n| *n > 0) {
        by_unit.push((format!("{body_name} (trực tiếp)"), direct));
    }
    for ((_, name), t) in children.iter().zip(per_child) {
        if t.iter().any(|n| *n > 0) {
            by_unit.push((name.clone(), t));
        }
    }
    let mut by_award: Vec<(AwardCode, String, Triple)> = Vec::new();
    let mut unknown: Vec<(String, Triple)> = Vec::new();
    for (code, t) in per_award {
        match AwardCode::parse(&code) {
            Ok(a) => by_award.push((a, a.label().to_string(), t)),
            Err(_) => unknown.push((code, t)),
        }
    }
    by_award.sort_by_key(|(a, _, _)| *a);
    PeriodTables {
        by_unit,
        by_award: by_award
            .into_iter()
            .map(|(_, l, t)| (l, t))
            .chain(unknown)
            .collect(),
        total,
    }
}

/// One person's awards over the years of a table: the award labels of each year.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonYears {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub years: Vec<Vec<&'static str>>,
    pub total: usize,
}

/// Lays (person, name, unit, year, award) rows — sorted by person — out by
/// `years`; the rows keep their order.
pub fn by_person(
    rows: &[(i64, String, String, i64, String)],
    years: std::ops::RangeInclusive<i32>,
) -> Vec<PersonYears> {
    let first = *years.start();
    let width = years.clone().count();
    let mut out: Vec<PersonYears> = Vec::new();
    for (id, name, unit, year, award) in rows {
        if out.last().map(|p| p.person_id) != Some(*id) {
            out.push(PersonYears {
                person_id: *id,
                name: name.clone(),
                unit: unit.clone(),
                years: vec![Vec::new(); width],
                total: 0,
            });
        }
        let Some(p) = out.last_mut() else { continue };
        let Some(slot) = usize::try_from(*year as i32 - first)
            .ok()
            .filter(|i| *i < width)
        else {
            continue;
        };
        p.years[slot].push(AwardCode::parse(award).map_or("?", |a| a.label()));
        p.total += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(path: &str, award: &str, n: i64) -> (String, String, i64) {
        (path.into(), award.into(), n)
    }

    #[test]
    fn rows_go_to_the_unit_directly_under_the_body() {
        let children = vec![
            ("/1/2/".to_string(), "Phòng A".to_string()),
            ("/1/3/".to_string(), "Phòng B".to_string()),
            ("/1/4/".to_string(), "Phòng C".to_string()),
        ];
        let registered = vec![
            l("/1/", "CSTDCS", 1),
            l("/1/2/", "CSTDCS", 2),
            l("/1/2/7/", "LDTT", 3),
        ];
        let nominated = vec![l("/1/2/", "CSTDCS", 2), l("/1/3/", "GIAY_KHEN", 1)];
        let awarded = vec![l("/1/3/", "GIAY_KHEN", 1), l("/9/", "GIAY_KHEN", 4)];
        let t = summarise(
            "/1/",
            "Ban Dân tộc",
            &children,
            [&registered, &nominated, &awarded],
        );
        assert_eq!(
            t.by_unit,
            vec![
                ("Ban Dân tộc (trực tiếp)".to_string(), [1, 0, 4]),
                ("Phòng A".to_string(), [5, 2, 0]),
                ("Phòng B".to_string(), [0, 1, 1]),
            ]
        );
        assert_eq!(t.total, [6, 3, 5]);
        let labels: Vec<&str> = t.by_award.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels.len(), 3);
        assert_eq!(t.by_award.iter().map(|(_, c)| c[0]).sum::<u64>(), 6);
    }

    #[test]
    fn a_persons_awards_fall_in_their_years() {
        let rows = vec![
            (
                7,
                "An".to_string(),
                "Phòng A".to_string(),
                2021,
                "CSTDCS".to_string(),
            ),
            (
                7,
                "An".to_string(),
                "Phòng A".to_string(),
                2021,
                "GIAY_KHEN".to_string(),
            ),
            (
                7,
                "An".to_string(),
                "Phòng A".to_string(),
                2023,
                "LDTT".to_string(),
            ),
            (
                9,
                "Bình".to_string(),
                "Phòng B".to_string(),
                2019,
                "LDTT".to_string(),
            ),
        ];
        let p = by_person(&rows, 2021..=2023);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].years[0].len(), 2);
        assert!(p[0].years[1].is_empty());
        assert_eq!(p[0].years[2].len(), 1);
        assert_eq!(p[0].total, 3);
        assert_eq!(p[1].total, 0);
    }
}
