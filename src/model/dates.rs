//! Dates as people type them: exactly `YYYY-MM-DD`. chrono alone takes `26-01-05` as the
//! year 26 and `2026-1-5` as well, so a typo would plant a sprint two thousand years back.
//! And timestamps as documents hold them, read fast.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Deserializer;
use serde::de::Visitor;

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

/// Reads a timestamp as chrono's own deserializer does, but the form every saved file holds
/// (`YYYY-MM-DDTHH:MM:SSZ`, what chrono writes for a whole second) without chrono's generic
/// RFC 3339 parser, which took 7% of loading 100k stories. Anything else, or a value the
/// fast path refuses (a leap second, February 30), goes to chrono unchanged.
pub(super) fn deserialize_utc<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    struct Timestamp;
    impl Visitor<'_> for Timestamp {
        type Value = DateTime<Utc>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an RFC 3339 timestamp")
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DateTime<Utc>, E> {
            if let Some(at) = canonical_utc(text) {
                return Ok(at);
            }
            text.parse::<DateTime<FixedOffset>>()
                .map(|at| at.with_timezone(&Utc))
                .map_err(E::custom)
        }
    }
    d.deserialize_str(Timestamp)
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, or `None`.
fn canonical_utc(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?;
    let time = date.and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)?;
    Some(time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_as_chrono_reads_them() {
        use serde::Deserialize;
        use serde::de::value::{Error, StrDeserializer};
        let chrono = |t: &str| DateTime::<Utc>::deserialize(StrDeserializer::<Error>::new(t)).ok();
        let ours = |t: &str| deserialize_utc(StrDeserializer::<Error>::new(t)).ok();
        for text in [
            "2026-11-23T10:04:59Z",
            "0001-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2026-02-30T10:00:00Z",
            "2026-11-23T24:00:00Z",
            "2016-12-31T23:59:60Z",
            "2026-11-23t10:04:59z",
            "2026-11-23T10:04:59.250Z",
            "2026-11-23T10:04:59+02:00",
            "2026-11-23 10:04:59Z",
            "2026-11-23T10:4:59Z",
            "+026-11-23T10:04:59Z",
            "2026-11-23",
            "",
        ] {
            assert_eq!(ours(text), chrono(text), "{text}");
        }
        assert!(canonical_utc("2026-11-23T10:04:59Z").is_some());
    }

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
