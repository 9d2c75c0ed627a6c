//! Dates as people type them: exactly `YYYY-MM-DD`. chrono alone takes `26-01-05` as the
//! year 26 and `2026-1-5` as well, so a typo would plant a sprint two thousand years back.

use chrono::NaiveDate;

/// Reads a date written exactly as `YYYY-MM-DD` (surrounding blanks allowed).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_full_dates_are_read() {
        assert_eq!(
            parse_date(" 2026-01-05 "),
            NaiveDate::from_ymd_opt(2026, 1, 5)
        );
        for bad in [
            "26-01-05",
            "2026-1-5",
            "2026-02-30",
            "2026/01/05",
            "",
            "12026-01-05",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
