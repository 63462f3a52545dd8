//! Times as the app shows them: China Standard Time (UTC+8, no daylight
//! saving), computed the same way on the server and the phone so that a
//! page renders identically on both.

const CST_OFFSET_MS: i64 = 8 * 3_600_000;
/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` naming a day that exists (no 2026-02-31, no 2025-02-29).
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |i: usize, len: usize| {
        parts.get(i).filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))?.parse::<u32>().ok()
    };
    let (3, Some(year), Some(month), Some(day)) = (parts.len(), number(0, 4), number(1, 2), number(2, 2))
    else {
        return false;
    };
    // A date that exists survives the round trip through a day count.
    (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && civil_from_days(days_from_civil(year.into(), month, day)) == (year.into(), month, day)
}

/// "11-28 09:05" in China Standard Time.
pub fn short_time(unix_millis: i64) -> String {
    let local = unix_millis + CST_OFFSET_MS;
    let (_, month, day) = civil_from_days(local.div_euclid(DAY_MS));
    let minutes = local.rem_euclid(DAY_MS) / 60_000;
    format!("{month:02}-{day:02} {:02}:{:02}", minutes / 60, minutes % 60)
}

/// "2026-11-28" in China Standard Time.
pub fn date(unix_millis: i64) -> String {
    let (year, month, day) = civil_from_days((unix_millis + CST_OFFSET_MS).div_euclid(DAY_MS));
    format!("{year:04}-{month:02}-{day:02}")
}

/// Year and month (1–12) of a moment, in China Standard Time.
pub fn year_month(unix_millis: i64) -> (i64, u32) {
    let (year, month, _) = civil_from_days((unix_millis + CST_OFFSET_MS).div_euclid(DAY_MS));
    (year, month)
}

/// The first moment of a month (1–12; 13 is January of the next year) in
/// China Standard Time, as milliseconds since 1970.
pub fn month_start(year: i64, month: u32) -> i64 {
    let (year, month) = if month > 12 { (year + 1, month - 12) } else { (year, month) };
    days_from_civil(year, month, 1) * DAY_MS - CST_OFFSET_MS
}

/// "2026-12-05T09:00" (an `<input type="datetime-local">`) in China
/// Standard Time, as milliseconds since 1970.
pub fn parse_local_minute(text: &str) -> Option<i64> {
    let (day, time) = text.trim().split_once('T')?;
    let (hours, minutes) = time.get(..5)?.split_once(':')?;
    let (hours, minutes) = (hours.parse::<i64>().ok()?, minutes.parse::<i64>().ok()?);
    if !is_date(day) || !(0..24).contains(&hours) || !(0..60).contains(&minutes) {
        return None;
    }
    let mut parts = day.split('-').map(|p| p.parse::<i64>().unwrap_or(0));
    let (year, month, date) = (parts.next()?, parts.next()? as u32, parts.next()? as u32);
    let days = days_from_civil(year, month, date);
    Some(days * DAY_MS + (hours * 60 + minutes) * 60_000 - CST_OFFSET_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_china_standard_time() {
        // 2026-11-28T01:05:00Z is 09:05 in Beijing.
        assert_eq!(short_time(1_795_827_900_000), "11-28 09:05");
        assert_eq!(date(1_795_827_900_000), "2026-11-28");
        assert_eq!(date(0), "1970-01-01");
    }

    #[test]
    fn months_start_at_midnight_in_beijing() {
        assert_eq!(date(month_start(2026, 10)), "2026-10-01");
        assert_eq!(short_time(month_start(2026, 10)), "10-01 00:00");
        assert_eq!(date(month_start(2026, 13)), "2027-01-01");
        assert_eq!(year_month(month_start(2026, 10) - 1), (2026, 9));
    }

    #[test]
    fn a_local_minute_is_read_in_china_standard_time() {
        assert_eq!(parse_local_minute("2026-11-28T09:05"), Some(1_795_827_900_000));
        assert_eq!(parse_local_minute("2026-02-30T09:05"), None);
        assert_eq!(parse_local_minute("2026-11-28T24:00"), None);
        assert_eq!(parse_local_minute("2026-11-28"), None);
    }

    #[test]
    fn only_days_that_exist_are_dates() {
        for good in ["2026-12-01", "2028-02-29", "2000-02-29", "2026-01-31"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2026-02-31",
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-1",
            "2026-01-01x",
            "26-01-01",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
