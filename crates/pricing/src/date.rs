//! Calendar dates for "which price was in force": `YYYY-MM` or `YYYY-MM-DD`.
//!
//! A month-only date (`2017-12`) stands for the **first day** of that month when compared,
//! the usual ISO-8601 reading. So a scenario dated `2017-10` is before EC2 per-second billing
//! (2017-10-02) and one dated `2017-11` is before Fargate's launch (2017-11-29); give the day
//! when it matters. `today` and `latest` are resolved by the catalog (see `Catalog::resolve_date`),
//! never from the wall clock, so results are reproducible.

use std::cmp::Ordering;
use std::fmt;

use crate::error::PricingError;

/// A calendar day, remembering whether it was written with month precision only.
///
/// Ordering and equality compare the day only: `2017-12` equals `2017-12-01`.
#[derive(Debug, Clone, Copy)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
    month_only: bool,
}

impl Date {
    /// The last representable day, 9999-12-31; sorts after every real date.
    pub(crate) const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
        month_only: false,
    };

    /// A date from its parts; fails if the month or day does not exist.
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Result<Date, PricingError> {
        let text = format!("{year:04}-{month:02}-{day:02}");
        check_parts(year, month, Some(day)).map_err(|reason| invalid(&text, reason))?;
        Ok(Date {
            year,
            month,
            day,
            month_only: false,
        })
    }

    /// Parses `YYYY-MM` (taken as the first day of the month) or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, PricingError> {
        let (year, month, day) = parse_parts(text).map_err(|reason| invalid(text, reason))?;
        Ok(Date {
            year,
            month,
            day: day.unwrap_or(1),
            month_only: day.is_none(),
        })
    }

    /// Parses the inclusive end of a period: `YYYY-MM` is taken as the last day of the month.
    pub(crate) fn parse_period_end(text: &str) -> Result<Date, PricingError> {
        let (year, month, day) = parse_parts(text).map_err(|reason| invalid(text, reason))?;
        let day = day.unwrap_or_else(|| days_in_month(year, month));
        Ok(Date {
            year,
            month,
            day,
            month_only: false,
        })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month (1 for a month-only date).
    pub fn day(self) -> u8 {
        self.day
    }

    /// Whether the date was written as `YYYY-MM`.
    pub fn is_month_only(self) -> bool {
        self.month_only
    }

    /// The same day written in full, `YYYY-MM-DD`.
    pub fn full(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn key(self) -> (u16, u8, u8) {
        (self.year, self.month, self.day)
    }
}

impl PartialEq for Date {
    fn eq(&self, other: &Date) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Date {}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Date) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Date) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl fmt::Display for Date {
    /// Writes the date as it was given: `2017-12` or `2017-12-12`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.month_only {
            write!(f, "{:04}-{:02}", self.year, self.month)
        } else {
            write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
        }
    }
}

fn invalid(text: &str, reason: String) -> PricingError {
    PricingError::InvalidDate {
        value: text.to_owned(),
        reason,
    }
}

fn parse_parts(text: &str) -> Result<(u16, u8, Option<u8>), String> {
    let parts: Vec<&str> = text.split('-').collect();
    let (year, month, day) = match parts.as_slice() {
        [year, month] => (*year, *month, None),
        [year, month, day] => (*year, *month, Some(*day)),
        _ => return Err("not of the form YYYY-MM or YYYY-MM-DD".to_owned()),
    };
    let year = number(year, 4, "year")?;
    let month = number(month, 2, "month")?;
    let day = day.map(|day| number(day, 2, "day")).transpose()?;
    // Each part has at most four digits, so these conversions cannot fail; map rather than panic.
    let year = u16::try_from(year).map_err(|_| "year out of range".to_owned())?;
    let month = u8::try_from(month).map_err(|_| "month must be 01 to 12".to_owned())?;
    let day = day
        .map(|day| u8::try_from(day).map_err(|_| "day out of range".to_owned()))
        .transpose()?;
    check_parts(year, month, day)?;
    Ok((year, month, day))
}

fn number(part: &str, digits: usize, what: &str) -> Result<u32, String> {
    if part.len() != digits || !part.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(format!("the {what} must be {digits} digits, got `{part}`"));
    }
    part.parse()
        .map_err(|_| format!("the {what} must be {digits} digits, got `{part}`"))
}

fn check_parts(year: u16, month: u8, day: Option<u8>) -> Result<(), String> {
    if year < 1000 {
        return Err(format!("year {year} is out of range"));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("month must be 01 to 12, got {month:02}"));
    }
    if let Some(day) = day {
        let last = days_in_month(year, month);
        if !(1..=last).contains(&day) {
            return Err(format!(
                "day must be 01 to {last} in {year:04}-{month:02}, got {day:02}"
            ));
        }
    }
    Ok(())
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_month_and_day() {
        let month = Date::parse("2017-12").unwrap();
        assert!(month.is_month_only());
        assert_eq!(month.to_string(), "2017-12");
        assert_eq!(month.full(), "2017-12-01");
        assert_eq!(month, Date::parse("2017-12-01").unwrap());
        assert!(Date::parse("2017-11-30").unwrap() < month);
        assert_eq!(Date::parse("2024-02-29").unwrap().day(), 29);
        assert_eq!(
            Date::parse_period_end("2018-02").unwrap().full(),
            "2018-02-28"
        );
    }

    #[test]
    fn rejects_bad_dates_naming_the_value() {
        for bad in [
            "2017",
            "2017-13",
            "2017-1",
            "2017-02-30",
            "2023-02-29",
            "17-01",
            "2017-01-01-01",
            "",
            "abcd-ef",
        ] {
            let error = Date::parse(bad).unwrap_err();
            assert!(error.to_string().contains(&format!("`{bad}`")), "{error}");
        }
        assert_eq!(
            Date::parse("2017-13").unwrap_err().to_string(),
            "invalid date `2017-13`: month must be 01 to 12, got 13 (expected YYYY-MM, YYYY-MM-DD, `today` or `latest`)"
        );
    }
}
