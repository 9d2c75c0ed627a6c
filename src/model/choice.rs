//! The closed sets of words: statuses, horizons, sprint states and the sprints named by
//! where they stand. Each parses case-insensitively (so `In-Progress`, `in_progress` and
//! `in progress` all work), also from the other words the UI shows for it (`doing`), and
//! serialises as its canonical lower-case word.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ModelError;

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident, $what:literal, {
        $($variant:ident => $word:literal $(| $alias:literal)*),+ $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the order users see them (board columns, cycling).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical word, as saved and printed.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// Every word read as this value: the canonical one, then any other word a
            /// screen shows for it, so whatever a user reads they can also type.
            pub fn words(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$word $(, $alias)*]),+ }
            }

            /// The value after this one, wrapping round: what a "cycle" key does.
            pub fn next(self) -> Self {
                let i = Self::ALL.iter().position(|v| *v == self).unwrap_or(0);
                Self::ALL[(i + 1) % Self::ALL.len()]
            }

            /// The value before this one, wrapping round.
            pub fn prev(self) -> Self {
                let i = Self::ALL.iter().position(|v| *v == self).unwrap_or(0);
                Self::ALL[(i + Self::ALL.len() - 1) % Self::ALL.len()]
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ModelError;
            fn from_str(s: &str) -> Result<Self, ModelError> {
                // The canonical word, as every saved file has it, without the allocations
                // of the loose comparison below.
                if let Some(v) = Self::ALL.iter().find(|v| v.as_str() == s) {
                    return Ok(*v);
                }
                let wanted = normalise(s);
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.words().iter().any(|w| normalise(w) == wanted))
                    .ok_or_else(|| ModelError::BadChoice {
                        what: $what,
                        value: s.to_string(),
                        choices: Self::ALL.iter().map(|v| v.words().join(" or ")).collect::<Vec<_>>().join(", "),
                    })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": [$($word),+] })
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(super::ids::FromText(std::marker::PhantomData))
            }
        }
    };
}

fn normalise(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

choice!(
    /// Where a story is in its life. The order is the flow of work.
    StoryStatus, "story status", {
        Draft => "draft",
        Ready => "ready",
        // `doing` is the Backlog pane's short word for it.
        InProgress => "in-progress" | "doing",
        Review => "review",
        Done => "done",
    }
);

choice!(
    /// Where an epic is in its life.
    EpicStatus, "epic status", {
        Proposed => "proposed",
        Planned => "planned",
        Active => "active",
        Done => "done",
        Dropped => "dropped",
    }
);

choice!(
    /// The roadmap column an epic sits in.
    Horizon, "horizon", {
        Now => "now",
        Next => "next",
        Later => "later",
    }
);

choice!(
    /// A sprint's state; at most one sprint is active at a time.
    SprintState, "sprint state", {
        Planned => "planned",
        Active => "active",
        Closed => "closed",
    }
);

choice!(
    /// A sprint named by where it stands rather than by id (`--sprint current`): the
    /// active one, the next planned one, or the one that closed last.
    SprintRef, "sprint", {
        Current => "current" | "active",
        Next => "next",
        Last => "last" | "previous",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_in_any_spelling() {
        for text in ["in-progress", "In_Progress", "IN PROGRESS", "inprogress"] {
            assert_eq!(
                text.parse::<StoryStatus>().ok(),
                Some(StoryStatus::InProgress)
            );
        }
        for text in ["doing", "Doing", "In progress"] {
            assert_eq!(text.parse().ok(), Some(StoryStatus::InProgress), "{text}");
        }
        let err = "nearly".parse::<StoryStatus>().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "'nearly' is not a story status \
                 (one of: draft, ready, in-progress or doing, review, done)"
            )
        );
        assert_eq!("previous".parse().ok(), Some(SprintRef::Last));
    }

    #[test]
    fn cycling_wraps_round() {
        assert_eq!(StoryStatus::Done.next(), StoryStatus::Draft);
        assert_eq!(Horizon::Now.prev(), Horizon::Later);
        assert_eq!(Horizon::Next.next(), Horizon::Later);
    }
}
