//! Strict `YYYY-MM-DD` dates (a date like 2021-02-30 is an error, never a default).

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serializer};

pub fn parse(s: &str) -> Result<NaiveDate, String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(|c| c.is_ascii_digit());
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return Err(format!("ngày không đúng dạng YYYY-MM-DD: «{s}»"));
    }
    let num = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |a, c| a * 10 + (c - b'0') as u32);
    let (y, m, d) = (num(0..4) as i32, num(5..7), num(8..10));
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("ngày không tồn tại: «{s}»"))
}

pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    parse(&s).map_err(serde::de::Error::custom)
}

pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let s = Option::<std::borrow::Cow<'de, str>>::deserialize(d)?;
        match s {
            None => Ok(None),
            Some(s) => parse(&s).map(Some).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn strict() {
        assert!(super::parse("2021-02-28").is_ok());
        assert!(super::parse("2024-02-29").is_ok());
        assert!(super::parse("2021-02-30").is_err());
        assert!(super::parse("2021-2-3").is_err());
        assert!(super::parse("21-02-2021").is_err());
        assert!(super::parse("2021-13-01").is_err());
    }
}
