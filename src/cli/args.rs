//! Value parsers for the command line. A bad value is a usage error (exit 2) whose message
//! quotes it; `none` clears an optional field on `edit`.

use std::fmt::Display;
use std::str::FromStr;

use chrono::NaiveDate;
use clap::Args;

use crate::model::{ModelError, Place, Product, SprintId, SprintRef};

pub fn date(text: &str) -> Result<NaiveDate, String> {
    crate::model::parse_date(text).ok_or_else(|| format!("'{text}' is not a date (YYYY-MM-DD)"))
}

pub fn points(text: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number of points (a whole number, 0 or more)"))
}

/// The largest document to open, from `$ROADLOG_MAX_FILE_MB` (a whole number of MiB);
/// unset or empty means [`crate::store::DEFAULT_MAX_BYTES`].
pub fn max_file_bytes(env: Option<&str>) -> anyhow::Result<u64> {
    match env.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(crate::store::DEFAULT_MAX_BYTES),
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|mb| *mb > 0)
            .and_then(|mb| mb.checked_mul(1 << 20))
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "ROADLOG_MAX_FILE_MB is '{text}', not a whole number of MiB (1 or more)"
                )
            }),
    }
}

/// How long a write waits for another program's lock, from `$ROADLOG_LOCK_TIMEOUT` (seconds,
/// fractions allowed); unset or empty means [`crate::store::DEFAULT_LOCK_TIMEOUT`].
pub fn lock_timeout(env: Option<&str>) -> anyhow::Result<std::time::Duration> {
    match env.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(crate::store::DEFAULT_LOCK_TIMEOUT),
        Some(text) => text
            .parse::<f64>()
            .ok()
            .and_then(|secs| std::time::Duration::try_from_secs_f64(secs).ok())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "ROADLOG_LOCK_TIMEOUT is '{text}', not a number of seconds (such as 30 or 0.5)"
                )
            }),
    }
}

/// Any text, for [`or_none`].
pub fn text(text: &str) -> Result<String, String> {
    Ok(text.to_string())
}

/// Ids, statuses and the like, through the model's own parsing and messages.
pub fn parsed<T: FromStr>(text: &str) -> Result<T, String>
where
    T::Err: Display,
{
    text.parse().map_err(|e: T::Err| e.to_string())
}

/// A value, or nothing when the user wrote `none`. A newtype rather than `Option` because
/// clap reads `Option<Option<T>>` as "a flag whose value may be left out".
#[derive(Debug, Clone, PartialEq)]
pub struct OrNone<T>(pub Option<T>);

/// Wraps a parser so that `none` (any case) means "clear this field".
pub fn or_none<T: 'static>(
    parse: fn(&str) -> Result<T, String>,
) -> impl Fn(&str) -> Result<OrNone<T>, String> + Clone + Send + Sync + 'static {
    move |text: &str| {
        if text.trim().eq_ignore_ascii_case("none") {
            Ok(OrNone(None))
        } else {
            parse(text).map(|v| OrNone(Some(v)))
        }
    }
}

/// A repeated option that replaces a list when given at all; `none` alone empties it.
pub fn replace_list<T>(given: Vec<OrNone<T>>) -> Option<Vec<T>> {
    (!given.is_empty()).then(|| given.into_iter().filter_map(|v| v.0).collect())
}

/// `story list --sprint`: a sprint by id or by where it stands (`current`, `next`, `last`),
/// or `backlog` for stories in no sprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SprintFilter {
    Backlog,
    Sprint(SprintId),
    At(SprintRef),
}

impl FromStr for SprintFilter {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if text.trim().eq_ignore_ascii_case("backlog") {
            return Ok(SprintFilter::Backlog);
        }
        if let Ok(at) = text.parse() {
            return Ok(SprintFilter::At(at));
        }
        text.parse().map(SprintFilter::Sprint).map_err(|_| {
            format!(
                "'{text}' is not a sprint: use an id (like SP-1), current, next, last or backlog"
            )
        })
    }
}

impl SprintFilter {
    /// The sprint the filter keeps (`None`: the backlog), with a named sprint that does not
    /// exist, or no sprint where `current`/`next`/`last` point, refused as a typo would be.
    pub fn resolve(self, product: &Product) -> Result<Option<SprintId>, ModelError> {
        match self {
            SprintFilter::Backlog => Ok(None),
            SprintFilter::Sprint(id) => product.sprint(id).map(|s| Some(s.id)),
            SprintFilter::At(at) => product
                .sprint_at(at)
                .map(|s| Some(s.id))
                .ok_or(ModelError::NoSprintAt { at }),
        }
    }
}

/// `--top | --bottom | --before ID | --after ID`, exactly one.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct PlaceArgs<Id>
where
    Id: FromStr + Clone + Send + Sync + 'static,
    Id::Err: std::error::Error + Send + Sync + 'static,
{
    /// Move to the top
    #[arg(long)]
    top: bool,
    /// Move to the bottom
    #[arg(long)]
    bottom: bool,
    /// Move just before this one
    #[arg(long, value_name = "ID")]
    before: Option<Id>,
    /// Move just after this one
    #[arg(long, value_name = "ID")]
    after: Option<Id>,
}

impl<Id> PlaceArgs<Id>
where
    Id: FromStr + Clone + Copy + Send + Sync + 'static,
    Id::Err: std::error::Error + Send + Sync + 'static,
{
    pub fn place(&self) -> Place<Id> {
        match (self.top, self.before, self.after) {
            (true, _, _) => Place::Top,
            (_, Some(id), _) => Place::Before(id),
            (_, _, Some(id)) => Place::After(id),
            _ => Place::Bottom,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_points_and_none() {
        assert_eq!(date("2026-03-01").ok(), NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(
            date("2026-02-30").err().as_deref(),
            Some("'2026-02-30' is not a date (YYYY-MM-DD)")
        );
        assert!(points("-1").is_err());
        assert_eq!(points("8"), Ok(8));
        let clear = or_none(points);
        assert_eq!(clear("None"), Ok(OrNone(None)));
        assert_eq!(clear("3"), Ok(OrNone(Some(3))));
        assert_eq!(replace_list(vec![OrNone::<u32>(None)]), Some(Vec::new()));
        assert_eq!(replace_list(Vec::<OrNone<u32>>::new()), None);
    }

    #[test]
    fn sprint_filter_reads_backlog_an_id_or_where_a_sprint_stands() {
        assert_eq!("Backlog".parse(), Ok(SprintFilter::Backlog));
        assert_eq!("sp-2".parse(), Ok(SprintFilter::Sprint(SprintId(2))));
        assert_eq!("Current".parse(), Ok(SprintFilter::At(SprintRef::Current)));
        assert_eq!("last".parse(), Ok(SprintFilter::At(SprintRef::Last)));
        assert!("soon".parse::<SprintFilter>().is_err());
    }
}
