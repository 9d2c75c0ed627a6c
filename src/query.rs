//! The `--where` language: filter expressions over stories, shared by the CLI
//! (`roadlog story list --where '...'`) and the TUI's `:` command line. Pure: no terminal.
//!
//! `status:ready epic:E-2 label:payments assignee:ana points:>5 sprint:none free text`.
//! Different keys must all hold; the same key given twice means either (`status:ready
//! status:draft`); words without a key must all appear in the id or title. The words the
//! UI shows are taken too: `status:doing`, and `sprint:current|next|last` for the sprint
//! that stands there now ([`Query::resolved`] finds it in the product).

use std::fmt;

use crate::model::{EpicId, ModelError, Product, SprintId, SprintRef, Story, StoryStatus};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unknown filter '{key}:'; use status, epic, sprint, label, assignee or points")]
    UnknownKey { key: String },
    #[error("'{value}' is not a valid {key}: {why}")]
    BadValue {
        key: &'static str,
        value: String,
        why: String,
    },
    /// A value the model refused, its message already naming the value and what is valid.
    #[error("{0}")]
    Refused(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Status(StoryStatus),
    /// `None`: stories in no epic.
    Epic(Option<EpicId>),
    /// `None`: stories in no sprint (`none` or `backlog`).
    Sprint(Option<SprintId>),
    /// The sprint that is current, next or last, and the id it stands for once resolved;
    /// unresolved (or with no such sprint) it matches nothing.
    SprintAt(SprintRef, Option<SprintId>),
    /// `None`: stories with no label (`label:none`, like `assignee:none`).
    Label(Option<String>),
    Assignee(Option<String>),
    /// `None`: not estimated (`points:none` or `points:?`).
    Points(Cmp, Option<u32>),
    Text(String),
}

impl Term {
    /// Terms of the same kind are alternatives.
    fn kind(&self) -> u8 {
        match self {
            Term::Status(_) => 0,
            Term::Epic(_) => 1,
            Term::Sprint(_) | Term::SprintAt(..) => 2,
            Term::Label(_) => 3,
            Term::Assignee(_) => 4,
            Term::Points(..) => 5,
            Term::Text(_) => 6,
        }
    }

    fn matches(&self, s: &Story) -> bool {
        match self {
            Term::Status(st) => s.status == *st,
            Term::Epic(e) => s.epic == *e,
            Term::Sprint(sp) => s.sprint == *sp,
            Term::SprintAt(_, sp) => sp.is_some() && s.sprint == *sp,
            Term::Label(None) => s.labels.is_empty(),
            Term::Label(Some(l)) => s.labels.iter().any(|x| x.eq_ignore_ascii_case(l)),
            Term::Assignee(a) => match (a, &s.assignee) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            },
            Term::Points(cmp, None) => *cmp == Cmp::Eq && s.points.is_none(),
            Term::Points(cmp, Some(n)) => s.points.is_some_and(|p| match cmp {
                Cmp::Eq => p == *n,
                Cmp::Lt => p < *n,
                Cmp::Le => p <= *n,
                Cmp::Gt => p > *n,
                Cmp::Ge => p >= *n,
            }),
            Term::Text(word) => {
                let word = word.to_lowercase();
                s.id.to_string().to_lowercase().contains(&word)
                    || s.title.to_lowercase().contains(&word)
            }
        }
    }
}

/// A parsed expression; empty matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    /// The text as typed, shown back (header, errors).
    source: String,
}

impl Query {
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let terms = text
            .split_whitespace()
            .map(term)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Query {
            terms,
            source: text.split_whitespace().collect::<Vec<_>>().join(" "),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn matches(&self, s: &Story) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Text(_) => t.matches(s),
            _ => self
                .terms
                .iter()
                .filter(|o| o.kind() == t.kind())
                .any(|o| o.matches(s)),
        })
    }

    /// The query with `sprint:current|next|last` standing for the sprints that are there
    /// in `product` now. Resolve again after the sprints change.
    pub fn resolved(&self, product: &Product) -> Query {
        let mut q = self.clone();
        for t in &mut q.terms {
            if let Term::SprintAt(at, id) = t {
                *id = product.sprint_at(*at).map(|s| s.id);
            }
        }
        q
    }

    /// An epic or sprint that does not exist is a typo, not an empty result; so is
    /// `sprint:current` with no sprint active (as `--sprint current` says).
    pub fn check(&self, product: &Product) -> Result<(), ModelError> {
        for t in &self.terms {
            match t {
                Term::Epic(Some(e)) => product.epic(*e).map(drop)?,
                Term::Sprint(Some(sp)) => product.sprint(*sp).map(drop)?,
                Term::SprintAt(at, _) if product.sprint_at(*at).is_none() => {
                    return Err(ModelError::NoSprintAt { at: *at });
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

fn term(word: &str) -> Result<Term, QueryError> {
    let Some((key, value)) = word.split_once(':') else {
        return Ok(Term::Text(word.to_string()));
    };
    let none = value.eq_ignore_ascii_case("none");
    let bad = |key: &'static str, why: String| QueryError::BadValue {
        key,
        value: value.to_string(),
        why,
    };
    let refused = |e: ModelError| QueryError::Refused(e.to_string());
    match key.to_lowercase().as_str() {
        "status" => value.parse().map(Term::Status).map_err(refused),
        "epic" if none => Ok(Term::Epic(None)),
        "epic" => value.parse().map(|e| Term::Epic(Some(e))).map_err(refused),
        "sprint" if none || value.eq_ignore_ascii_case("backlog") => Ok(Term::Sprint(None)),
        "sprint" => match value.parse::<SprintRef>() {
            Ok(at) => Ok(Term::SprintAt(at, None)),
            Err(_) => value
                .parse()
                .map(|s| Term::Sprint(Some(s)))
                .map_err(|e: ModelError| {
                    QueryError::Refused(format!("{e}, nor current, next, last or none"))
                }),
        },
        "label" if none => Ok(Term::Label(None)),
        "label" if !value.is_empty() => Ok(Term::Label(Some(value.to_string()))),
        "assignee" if none => Ok(Term::Assignee(None)),
        "assignee" if !value.is_empty() => Ok(Term::Assignee(Some(value.to_string()))),
        "points" => points(value).ok_or_else(|| {
            bad(
                "points",
                "use a number, optionally after <, <=, >, >=, or none".into(),
            )
        }),
        "label" | "assignee" => Err(bad(
            if key == "label" { "label" } else { "assignee" },
            "it is empty".into(),
        )),
        _ => Err(QueryError::UnknownKey {
            key: key.to_string(),
        }),
    }
}

fn points(value: &str) -> Option<Term> {
    if value.eq_ignore_ascii_case("none") || value == "?" {
        return Some(Term::Points(Cmp::Eq, None));
    }
    let (cmp, n) = [
        ("<=", Cmp::Le),
        (">=", Cmp::Ge),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
    ]
    .iter()
    .find_map(|(p, c)| value.strip_prefix(p).map(|rest| (*c, rest)))
    .unwrap_or((Cmp::Eq, value));
    n.parse().ok().map(|n| Term::Points(cmp, Some(n)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::NaiveDate;

    fn sample() -> Product {
        crate::demo::sample(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), 40).unwrap()
    }

    fn ids(q: &str) -> Vec<String> {
        let q = Query::parse(q).unwrap();
        sample()
            .stories()
            .iter()
            .filter(|s| q.matches(s))
            .map(|s| s.id.to_string())
            .collect()
    }

    #[test]
    fn the_issue_example_parses_into_every_kind_of_term() {
        let q = Query::parse(
            "status:ready epic:E-2 label:payments assignee:ana points:>5 sprint:none card",
        )
        .unwrap();
        assert_eq!(
            q.terms,
            vec![
                Term::Status(StoryStatus::Ready),
                Term::Epic(Some(EpicId(2))),
                Term::Label(Some("payments".into())),
                Term::Assignee(Some("ana".into())),
                Term::Points(Cmp::Gt, Some(5)),
                Term::Sprint(None),
                Term::Text("card".into()),
            ]
        );
    }

    #[test]
    fn keys_combine_and_a_repeated_key_means_either() {
        let p = sample();
        for id in ids("epic:E-2 status:ready") {
            let s = p.story(id.parse().unwrap()).unwrap();
            assert_eq!(s.epic, Some(EpicId(2)));
            assert_eq!(s.status, StoryStatus::Ready);
        }
        // The Backlog pane shows `doing`; typing what it shows finds the same stories.
        assert!(!ids("status:doing").is_empty());
        assert_eq!(ids("status:doing"), ids("status:in-progress"));
        let either = ids("status:ready status:draft");
        assert!(either.len() > ids("status:ready").len());
        assert_eq!(ids("points:>=13"), vec!["S-32"]);
        assert!(ids("points:none").contains(&"S-27".to_string()));
        assert_eq!(ids("apple pay"), vec!["S-13"]);
        assert!(
            ids("sprint:none")
                .iter()
                .all(|id| { p.story(id.parse().unwrap()).unwrap().sprint.is_none() })
        );
        assert_eq!(ids("").len(), p.stories().len());
        // Every sample story has a label; `none` means no label, as for assignee.
        assert!(ids("label:none").is_empty());
        let unlabelled = Query::parse("label:none").unwrap();
        let mut bare = p.stories()[0].clone();
        bare.labels.clear();
        assert!(unlabelled.matches(&bare));
    }

    #[test]
    fn sprints_by_where_they_stand() {
        let p = sample();
        let by_id = |id: SprintId| -> Vec<String> {
            p.stories()
                .iter()
                .filter(|s| s.sprint == Some(id))
                .map(|s| s.id.to_string())
                .collect()
        };
        for (word, at) in [
            ("current", SprintRef::Current),
            ("next", SprintRef::Next),
            ("last", SprintRef::Last),
        ] {
            let q = Query::parse(&format!("sprint:{word}")).unwrap();
            assert_eq!(q.check(&p), Ok(()));
            let q = q.resolved(&p);
            let id = p.sprint_at(at).unwrap().id;
            let found: Vec<String> = p
                .stories()
                .iter()
                .filter(|s| q.matches(s))
                .map(|s| s.id.to_string())
                .collect();
            assert!(!found.is_empty(), "{word}");
            assert_eq!(found, by_id(id), "{word}");
        }
        // Unresolved, it finds nothing rather than the backlog.
        assert!(ids("sprint:current").is_empty());
        let e = Query::parse("sprint:soon").unwrap_err().to_string();
        assert!(e.contains("current, next, last or none"), "{e}");
    }

    #[test]
    fn mistakes_say_what_is_wrong() {
        let e = Query::parse("colour:red").unwrap_err();
        assert!(e.to_string().starts_with("unknown filter 'colour:'"));
        let e = Query::parse("points:lots").unwrap_err();
        assert!(e.to_string().contains("'lots' is not a valid points"));
        // Said once: the status's own message names the value and the choices.
        let e = Query::parse("status:nearly").unwrap_err().to_string();
        assert!(
            e.starts_with("'nearly' is not a story status (one of:"),
            "{e}"
        );
        assert_eq!(e.matches("nearly").count(), 1, "{e}");
        let e = Query::parse("epic:foo").unwrap_err().to_string();
        assert_eq!(e, "'foo' is not an epic id (like E-1)");
        let q = Query::parse("epic:E-99").unwrap();
        assert!(q.check(&sample()).is_err());
    }
}
