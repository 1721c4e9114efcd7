//! The one clock of tdkt: "today" is the date in Vietnam (UTC+7, no daylight
//! saving), whatever the server's time zone. The web app and the command line
//! both ask a [`Clock`]; tests fix the date so nothing depends on the day they run.

use chrono::NaiveDate;

/// Vietnam's offset from UTC, in hours (no daylight saving time).
pub const VIETNAM_UTC_OFFSET_HOURS: i64 = 7;

/// Where "today" comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, read as Vietnam time.
    #[default]
    Vietnam,
    /// A fixed date (tests, and `TDKT_TODAY` for reproducible runs).
    Fixed(NaiveDate),
}

impl Clock {
    /// Today's date by this clock.
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::Vietnam => vietnam_date(chrono::Utc::now()),
            Clock::Fixed(d) => *d,
        }
    }

    /// `None`: the system clock; `Some("YYYY-MM-DD")`: that date. Used for the
    /// `TDKT_TODAY` setting; a malformed date is an error naming it.
    pub fn from_setting(value: Option<&str>) -> Result<Clock, String> {
        match value.map(str::trim) {
            None | Some("") => Ok(Clock::Vietnam),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Clock::Fixed)
                .map_err(|_| format!("ngày «{s}» không hợp lệ (YYYY-MM-DD)")),
        }
    }
}

/// The date in Vietnam at the instant `t`.
pub fn vietnam_date(t: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    (t + chrono::Duration::hours(VIETNAM_UTC_OFFSET_HOURS)).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn vietnam_date_turns_at_17_utc() {
        let before = chrono::Utc
            .with_ymd_and_hms(2025, 12, 31, 16, 59, 59)
            .unwrap();
        let after = chrono::Utc
            .with_ymd_and_hms(2025, 12, 31, 17, 0, 0)
            .unwrap();
        assert_eq!(
            vietnam_date(before),
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
        );
        assert_eq!(
            vietnam_date(after),
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        );
    }

    #[test]
    fn fixed_and_settings() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(Clock::Fixed(d).today(), d);
        assert_eq!(Clock::from_setting(Some("2026-01-01")), Ok(Clock::Fixed(d)));
        assert_eq!(Clock::from_setting(None), Ok(Clock::Vietnam));
        assert_eq!(Clock::from_setting(Some(" ")), Ok(Clock::Vietnam));
        let e = Clock::from_setting(Some("01/01/2026")).unwrap_err();
        assert!(e.contains("01/01/2026"), "{e}");
        // The system clock agrees with the conversion of now (modulo a midnight tick).
        let a = Clock::Vietnam.today();
        let b = vietnam_date(chrono::Utc::now());
        assert!(b == a || b == a.succ_opt().unwrap());
    }
}
