//! A Backlog.md file's YAML front matter, read as Backlog.md writes it: values quoted or
//! not, one value or a list, dates with or without a time, numbers where text is meant.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// The fields roadlog uses; the others are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FrontMatter {
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub status: Option<Text>,
    pub assignee: Texts,
    pub labels: Texts,
    pub dependencies: Texts,
    pub priority: Option<Text>,
    pub milestone: Option<Text>,
    pub parent_task_id: Option<Text>,
    pub ordinal: Option<Text>,
    pub created_date: Option<Text>,
    pub updated_date: Option<Text>,
    pub completed_date: Option<Text>,
    #[serde(rename = "type")]
    pub kind: Option<Text>,
    pub references: Texts,
    pub documentation: Texts,
}

/// A scalar of any YAML type, as text: `title: 2024` is the title "2024".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub String);

/// One value or a list of them; empty when null.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts(pub Vec<String>);

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a single value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        Ok(Text(String::new()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Text, E> {
        Ok(Text(String::new()))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextsVisitor;

impl<'de> Visitor<'de> for TextsVisitor {
    type Value = Texts;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value or a list of values")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Texts, A::Error> {
        let mut out = Vec::new();
        while let Some(Text(t)) = seq.next_element()? {
            if !t.trim().is_empty() {
                out.push(t);
            }
        }
        Ok(Texts(out))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Texts, E> {
        Ok(Texts(
            Some(v.to_string())
                .filter(|v| !v.trim().is_empty())
                .into_iter()
                .collect(),
        ))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Texts, E> {
        Ok(Texts(vec![v.to_string()]))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Texts, E> {
        Ok(Texts(vec![v.to_string()]))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Texts, E> {
        Ok(Texts(vec![v.to_string()]))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Texts, E> {
        Ok(Texts::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<Texts, E> {
        Ok(Texts::default())
    }
}

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextsVisitor)
    }
}

/// Why the front matter did not parse, at a line counted within it (1 = its first line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub message: String,
}

/// Parses the YAML between the `---` lines. Older Backlog.md versions wrote values such as
/// `assignee: @MrLesk` unquoted, which YAML reserves (`@` and a backtick cannot start a plain
/// value); those are quoted first, since they can mean nothing else.
pub fn parse(yaml: &str) -> Result<FrontMatter, YamlError> {
    let repaired: String = yaml
        .lines()
        .map(quote_reserved)
        .collect::<Vec<_>>()
        .join("\n");
    serde_saphyr::from_str::<FrontMatter>(&repaired).map_err(|e| {
        let line = e.location().map(|l| l.line() as usize);
        let text = e.without_snippet().to_string();
        // The message repeats the position the error states separately.
        let message = text
            .strip_prefix("error: ")
            .unwrap_or(&text)
            .split_once(": ")
            .filter(|(head, _)| head.starts_with("line "))
            .map_or(text.as_str(), |(_, rest)| rest)
            .lines()
            .next()
            .unwrap_or_default();
        let message = message
            .rfind(" at line ")
            .map_or(message, |i| &message[..i])
            .to_string();
        YamlError { line, message }
    })
}

/// `key: @value` or `- @value` becomes `key: '@value'`; any other line stays as it is.
fn quote_reserved(line: &str) -> String {
    let trimmed = line.trim_start();
    let value_at = if let Some(rest) = trimmed.strip_prefix("- ") {
        line.len() - rest.len()
    } else if let Some(i) = line.find(": ") {
        i + 2
    } else {
        return line.to_string();
    };
    let value = line[value_at..].trim();
    if value.starts_with('@') || value.starts_with('`') {
        format!("{}'{}'", &line[..value_at], value.replace('\'', "''"))
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_backlog_md_writes_is_read() {
        let fm = parse(
            "id: BACK-4\ntitle: 'It''s: quoted'\nassignee: @MrLesk\ncreated_date: 2025-06-03\n\
             labels: [cli, \"x y\"]\ndependencies:\n  - task-3\nordinal: 1000\nparent_task_id: '345'\nunknown: {a: 1}",
        )
        .expect("parses");
        assert_eq!(fm.title, Some(Text("It's: quoted".into())));
        assert_eq!(fm.assignee, Texts(vec!["@MrLesk".into()]));
        assert_eq!(fm.created_date, Some(Text("2025-06-03".into())));
        assert_eq!(fm.labels, Texts(vec!["cli".into(), "x y".into()]));
        assert_eq!(fm.dependencies, Texts(vec!["task-3".into()]));
        assert_eq!(fm.ordinal, Some(Text("1000".into())));
        assert_eq!(fm.parent_task_id, Some(Text("345".into())));
    }

    #[test]
    fn broken_yaml_says_where() {
        for (yaml, line, says) in [
            ("id: BACK-1\nlabels: [unterminated\n", 2, "bracket"),
            ("id: BACK-1\ntitle: [a, b]\n", 2, "sequence"),
            ("id: BACK-1\n\ntitle: 'open\nstatus: x\n", 3, "quote"),
        ] {
            let err = parse(yaml).err();
            assert_eq!(err.as_ref().and_then(|e| e.line), Some(line), "{yaml}");
            let message = err.map(|e| e.message).unwrap_or_default();
            assert!(
                message.contains(says) && !message.contains("line"),
                "{message}"
            );
        }
    }
}
