//! Typed ids (`V-3`, `E-12`, `S-40`, `SP-2`). A typed id cannot be passed where another
//! kind is expected, and parsing is case-insensitive so `s-4` on the command line works.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ModelError;

macro_rules! typed_id {
    ($name:ident, $prefix:literal, $kind:literal) => {
        #[doc = concat!("The id of a ", $kind, ", shown as `", $prefix, "-n`.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The word users see for this kind of entity.
            pub const KIND: &'static str = $kind;
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "-{}"), self.0)
            }
        }

        impl FromStr for $name {
            type Err = ModelError;
            fn from_str(s: &str) -> Result<Self, ModelError> {
                parse_prefixed(s, $prefix)
                    .map($name)
                    .ok_or_else(|| ModelError::BadId {
                        kind: $kind,
                        value: s.to_string(),
                        example: concat!($prefix, "-1"),
                    })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "pattern": concat!("^", $prefix, "-[0-9]+$"),
                    "description": concat!("The id of a ", $kind, ", like ", $prefix, "-1"),
                })
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(FromText(std::marker::PhantomData))
            }
        }
    };
}

typed_id!(VisionId, "V", "vision");
typed_id!(EpicId, "E", "epic");
typed_id!(StoryId, "S", "story");
typed_id!(SprintId, "SP", "sprint");

/// Reads a value from the text it is written as, borrowed from the document where serde
/// can (no escapes), so loading 100k stories allocates no String per id or status.
pub(super) struct FromText<T>(pub(super) std::marker::PhantomData<T>);

impl<T> serde::de::Visitor<'_> for FromText<T>
where
    T: FromStr<Err = ModelError>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        text.parse().map_err(E::custom)
    }
}

/// Accepts `PREFIX-n` in any case, and a bare number for convenience on the command line.
fn parse_prefixed(text: &str, prefix: &str) -> Option<u32> {
    let text = text.trim();
    let digits = match text.split_once('-') {
        Some((p, n)) if p.eq_ignore_ascii_case(prefix) => n,
        Some(_) => return None,
        None => text,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The next number to hand out for each kind. Ids are never reused, even after deletion,
/// so a deleted `S-7` in an old commit or a script never points at a different story.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NextIds {
    pub vision: u32,
    pub epic: u32,
    pub story: u32,
    pub sprint: u32,
    /// Counters of kinds a newer roadlog knows, kept so their ids are not reused either.
    #[serde(flatten)]
    pub extra: super::Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_parse_loosely() {
        assert_eq!(StoryId(40).to_string(), "S-40");
        assert_eq!("s-40".parse::<StoryId>().ok(), Some(StoryId(40)));
        assert_eq!("40".parse::<StoryId>().ok(), Some(StoryId(40)));
        assert_eq!("SP-2".parse::<SprintId>().ok(), Some(SprintId(2)));
        assert!("E-2".parse::<StoryId>().is_err());
        assert!("S-".parse::<StoryId>().is_err());
        assert!("S-x1".parse::<StoryId>().is_err());
        assert!("S-99999999999".parse::<StoryId>().is_err());
    }
}
