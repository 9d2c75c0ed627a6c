//! A goal's baseline or target as the product manager wrote it: a number with a unit where
//! it reads as one ("3.1%", "1200/month", "$1.2M", "4.5 stars"), free text where it does not
//! ("2m40s", "p95 load time"). The written text is kept and saved as it was, so a document
//! written before goals were typed saves byte for byte as it was.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a goal's baseline or target says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Amount {
    Number(Quantity),
    Text(String),
}

/// A number with its unit, and the text it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: Unit,
    written: String,
}

/// The text around a number: a currency sign before it, anything without digits after it
/// (`%`, `/month`, ` stars`). Kept with its spacing so values print as the user wrote them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unit {
    before: String,
    after: String,
}

/// Signs read as a unit written before the number.
const PREFIXES: [char; 4] = ['$', '€', '£', '¥'];

impl Amount {
    pub fn parse(text: &str) -> Amount {
        match Quantity::parse(text) {
            Some(q) => Amount::Number(q),
            None => Amount::Text(text.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Amount::Number(q) => &q.written,
            Amount::Text(t) => t,
        }
    }

    pub fn quantity(&self) -> Option<&Quantity> {
        match self {
            Amount::Number(q) => Some(q),
            Amount::Text(_) => None,
        }
    }
}

impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "As written: a number with a unit (3.1%, 1200/month, $1.2M) or free text",
        })
    }
}

impl From<String> for Amount {
    fn from(text: String) -> Amount {
        Amount::parse(&text)
    }
}

impl From<Amount> for String {
    fn from(amount: Amount) -> String {
        match amount {
            Amount::Number(q) => q.written,
            Amount::Text(t) => t,
        }
    }
}

/// An amount reads as the text it was written as, so code that only shows a goal (a report,
/// an export) need not know that it is typed.
impl std::ops::Deref for Amount {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Quantity {
    /// Reads `[sign]number[unit]`: the number is plain decimal (`-2`, `3.1`, `1200`); the
    /// unit after it may hold no digit, so "2m40s" stays text rather than becoming 2 "m40s".
    pub fn parse(text: &str) -> Option<Quantity> {
        let t = text.trim();
        let (before, rest) = match t.chars().next() {
            Some(c) if PREFIXES.contains(&c) => (c.to_string(), &t[c.len_utf8()..]),
            _ => (String::new(), t),
        };
        let end = rest
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')))
            .map_or(rest.len(), |(i, _)| i);
        let (number, after) = rest.split_at(end);
        if !number.bytes().any(|b| b.is_ascii_digit()) || after.bytes().any(|b| b.is_ascii_digit())
        {
            return None;
        }
        let value: f64 = number.parse().ok().filter(|v: &f64| v.is_finite())?;
        Some(Quantity {
            value,
            unit: Unit {
                before,
                after: after.trim_end().to_string(),
            },
            written: text.to_string(),
        })
    }
}

impl Unit {
    /// A value in this unit, as a person writes it: `3.4%`, `$1.5M`, `4.5 stars`.
    pub fn format(&self, value: f64) -> String {
        format!("{}{value}{}", self.before, self.after)
    }

    /// The unit without its spacing, as compared and shown in messages (`%`, `stars`).
    pub fn name(&self) -> String {
        format!("{}{}", self.before, self.after.trim())
    }

    pub fn is_none(&self) -> bool {
        self.before.is_empty() && self.after.trim().is_empty()
    }

    /// Same unit, whatever the spacing: "4 stars" and "4stars" agree.
    pub fn same_as(&self, other: &Unit) -> bool {
        self.name() == other.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Option<(f64, String)> {
        Quantity::parse(text).map(|q| (q.value, q.unit.name()))
    }

    #[test]
    fn numbers_with_units_are_typed_and_the_rest_stays_text() {
        assert_eq!(number("3.1%"), Some((3.1, "%".into())));
        assert_eq!(number("1200/month"), Some((1200.0, "/month".into())));
        assert_eq!(number(" 4.5 stars "), Some((4.5, "stars".into())));
        assert_eq!(number("$1.2M"), Some((1.2, "$M".into())));
        assert_eq!(number("-2"), Some((-2.0, String::new())));
        for text in [
            "2m40s",
            "p95 load time",
            "",
            "%",
            "1.2.3",
            "1e5",
            "-",
            "1,200",
            "$",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
    }

    #[test]
    fn the_written_text_is_what_is_saved() {
        for text in ["3.10%", " 4 % ", "2m40s", "1200/month"] {
            let amount = Amount::parse(text);
            assert_eq!(String::from(amount.clone()), text);
            assert_eq!(amount.to_string(), text);
        }
    }

    #[test]
    fn values_print_in_the_unit_as_written() {
        let unit = |t: &str| Quantity::parse(t).map(|q| q.unit).unwrap_or_default();
        assert_eq!(unit("3.1%").format(3.45), "3.45%");
        assert_eq!(unit("$1.2M").format(1.5), "$1.5M");
        assert_eq!(unit("4 stars").format(4.5), "4.5 stars");
        assert_eq!(unit("1200/month").format(950.0), "950/month");
        assert!(unit("4 stars").same_as(&unit("3stars")));
        assert!(!unit("4%").same_as(&unit("4 pts")));
        assert!(unit("12").is_none());
    }
}
