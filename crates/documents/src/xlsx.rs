//! Reading cells the way offices fill them: real date cells or `dd/mm/yyyy`
//! text, numbers typed as text, "x" for yes.

use calamine::Data;
use chrono::NaiveDate;

/// `0` → `A`, `27` → `AB`.
pub fn column_letter(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The text of a cell as a person would read it.
pub fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => {
            if *b {
                "Có".into()
            } else {
                "Không".into()
            }
        }
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.date().format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// [`cell_text`], taking the text out of the cell (no copy when it is
/// already trimmed); the cell is left empty.
pub fn take_cell_text(c: &mut Data) -> String {
    match std::mem::take(c) {
        Data::String(s) if s.trim().len() == s.len() => s,
        other => cell_text(&other),
    }
}

/// A date from a date cell, or from text `dd/mm/yyyy` (also `-`, `.`, ISO).
/// `Err` carries the text that could not be read.
pub fn cell_date(c: &Data) -> Result<Option<NaiveDate>, String> {
    match c {
        Data::Empty => Ok(None),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| Some(dt.date()))
            .ok_or_else(|| cell_text(c)),
        Data::DateTimeIso(s) => NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| s.clone()),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => tdkt_domain::text::parse_date(s)
            .map(Some)
            .ok_or_else(|| s.trim().to_string()),
        other => Err(cell_text(other)),
    }
}

/// "x", "có", "1", "true" are yes; empty, "không", "0" are no.
pub fn cell_bool(c: &Data) -> Result<bool, String> {
    match c {
        Data::Empty => Ok(false),
        Data::Bool(b) => Ok(*b),
        Data::Int(i) => Ok(*i != 0),
        Data::Float(f) => Ok(*f != 0.0),
        other => {
            let t = tdkt_domain::text::fold(&cell_text(other));
            match t.as_str() {
                "" | "khong" | "0" | "false" | "k" => Ok(false),
                "x" | "co" | "1" | "true" | "c" => Ok(true),
                _ => Err(cell_text(other)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_text_is_read_text() {
        for c in [
            Data::String("  Phòng Chính sách ".into()),
            Data::String("Nữ".into()),
            Data::Int(9),
            Data::Float(3.0),
            Data::Bool(true),
            Data::Empty,
        ] {
            let mut taken = c.clone();
            assert_eq!(take_cell_text(&mut taken), cell_text(&c));
            assert_eq!(taken, Data::Empty);
        }
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn dates_and_bools() {
        assert_eq!(
            cell_date(&Data::String("15/03/2021".into())),
            Ok(NaiveDate::from_ymd_opt(2021, 3, 15))
        );
        assert_eq!(
            cell_date(&Data::String("30/02/2021".into())),
            Err("30/02/2021".into())
        );
        assert_eq!(cell_date(&Data::Empty), Ok(None));
        assert_eq!(cell_bool(&Data::String("x".into())), Ok(true));
        assert_eq!(cell_bool(&Data::String("Có".into())), Ok(true));
        assert!(cell_bool(&Data::String("có lẽ".into())).is_err());
    }
}
