//! Dates and times as other tools write them, read as UTC when they name no zone: Backlog.md
//! (`2025-06-03`, `2025-06-03 12:00`), Jira (`13/Mar/24 10:00 AM`), Taskwarrior
//! (`20240313T100000Z`), and RFC 3339.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

const DATE_TIMES: &[&str] = &[
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y%m%dT%H%M%SZ",
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y %H:%M",
    "%d/%b/%Y %H:%M",
];

const DATES: &[&str] = &["%Y-%m-%d", "%d/%b/%y", "%d/%b/%Y"];

/// The moment `text` names, or `None` if it is in none of the known forms.
pub fn parse_when(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Some(at.with_timezone(&Utc));
    }
    if let Some(at) = DATE_TIMES
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    {
        return Some(at.and_utc());
    }
    DATES
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|at| at.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Option<String> {
        parse_when(text).map(|d| d.format("%Y-%m-%d %H:%M").to_string())
    }

    #[test]
    fn every_tools_forms_are_read() {
        let cases = [
            ("2025-06-03", "2025-06-03 00:00"),
            ("2025-06-03 12:05", "2025-06-03 12:05"),
            ("2025-06-03T12:05:09+02:00", "2025-06-03 10:05"),
            ("13/Mar/24 10:00 AM", "2024-03-13 10:00"),
            ("13/mar/24 1:07 PM", "2024-03-13 13:07"),
            ("13/Mar/2024 22:15", "2024-03-13 22:15"),
            ("20240313T100000Z", "2024-03-13 10:00"),
        ];
        for (text, want) in cases {
            assert_eq!(utc(text).as_deref(), Some(want), "{text}");
        }
        for bad in ["", "yesterday", "2025-13-01", "31/Feb/24 10:00 AM"] {
            assert_eq!(utc(bad), None, "{bad}");
        }
    }
}
