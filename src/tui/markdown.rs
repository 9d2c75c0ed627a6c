//! A story as Markdown-like text for `$EDITOR`, and back. Pure.
//!
//! The round trip is exact for any story (a property test holds it): one-line fields (the
//! title, the story parts, each criterion) write a line break as `\n` and a backslash as
//! `\\`; a description line that starts with `#` or `\`, or holds a carriage return, is
//! written behind a `\`, so no line of text can pass for a section heading. Reading refuses
//! a buffer that is empty or not in this shape, saying where, so a slip in the editor never
//! wipes a story.

use crate::model::{Criterion, Extra, Story};

/// The story's editable text parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryText {
    pub title: String,
    pub as_a: String,
    pub i_want: String,
    pub so_that: String,
    pub description: String,
    pub criteria: Vec<Criterion>,
}

const TITLE: &str = "# ";
const AS_A: &str = "As a:";
const I_WANT: &str = "I want:";
const SO_THAT: &str = "So that:";
const DESCRIPTION: &str = "## Description";
const CRITERIA: &str = "## Acceptance criteria";

pub fn write(s: &Story) -> String {
    let mut out = format!(
        "{TITLE}{}\n\n{AS_A} {}\n{I_WANT} {}\n{SO_THAT} {}\n\n{DESCRIPTION}\n\n",
        escape(&s.title),
        escape(&s.as_a),
        escape(&s.i_want),
        escape(&s.so_that)
    );
    if !s.description.is_empty() {
        for line in s.description.split('\n') {
            if line.starts_with(['#', '\\']) || line.contains('\r') {
                out.push('\\');
                out.push_str(&escape(line));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(CRITERIA);
    out.push_str("\n\n");
    for c in &s.acceptance_criteria {
        let mark = if c.done { 'x' } else { ' ' };
        out.push_str(&format!("- [{mark}] {}\n", escape(&c.text)));
    }
    out
}

/// Where a line of the text falls.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Head,
    Description,
    Criteria,
}

/// Reads the text back, or says why it cannot. Criteria keep the extra fields of the
/// criterion they were (the one at the same place with the same text, else the first with
/// that text), so unknown fields survive an edit that does not touch them.
pub fn read(text: &str, old: &Story) -> Result<StoryText, String> {
    if text.trim().is_empty() {
        return Err("the editor's text is empty".into());
    }
    let mut t = StoryText {
        title: String::new(),
        as_a: String::new(),
        i_want: String::new(),
        so_that: String::new(),
        description: String::new(),
        criteria: Vec::new(),
    };
    let (mut title, mut criteria_seen) = (false, false);
    let mut section = Section::Head;
    let mut description: Vec<String> = Vec::new();
    let lines = text.strip_suffix('\n').unwrap_or(text).split('\n');
    for (n, raw) in lines.enumerate() {
        // An editor that saves CRLF adds a CR to each line; text's own CRs are escaped.
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let at = || format!("line {}: '{}'", n + 1, crate::safe_text::truncate(line, 40));
        if line.trim_end() == DESCRIPTION && section == Section::Head {
            section = Section::Description;
            continue;
        }
        if line.trim_end() == CRITERIA && section != Section::Criteria {
            section = Section::Criteria;
            criteria_seen = true;
            continue;
        }
        match section {
            Section::Head => {
                if let Some(v) = line.strip_prefix(TITLE) {
                    t.title = unescape(v);
                    title = true;
                } else if let Some(v) = field(line, AS_A) {
                    t.as_a = v;
                } else if let Some(v) = field(line, I_WANT) {
                    t.i_want = v;
                } else if let Some(v) = field(line, SO_THAT) {
                    t.so_that = v;
                } else if !line.trim().is_empty() {
                    return Err(format!(
                        "{} is none of '# title', '{AS_A}', '{I_WANT}', '{SO_THAT}'",
                        at()
                    ));
                }
            }
            Section::Description => description.push(match line.strip_prefix('\\') {
                Some(escaped) => unescape(escaped),
                None => line.to_string(),
            }),
            Section::Criteria => {
                if line.trim().is_empty() {
                    continue;
                }
                let Some(item) = line.trim_start().strip_prefix("- ") else {
                    return Err(format!("{} is not a criterion ('- [ ] text')", at()));
                };
                let (done, rest) = match item.get(..3) {
                    Some("[x]" | "[X]") => (true, &item[3..]),
                    Some("[ ]") => (false, &item[3..]),
                    _ => (false, item),
                };
                let text = unescape(rest.strip_prefix(' ').unwrap_or(rest));
                let i = t.criteria.len();
                let extra = old
                    .acceptance_criteria
                    .get(i)
                    .filter(|c| c.text == text)
                    .or_else(|| old.acceptance_criteria.iter().find(|c| c.text == text))
                    .map_or_else(Extra::new, |c| c.extra.clone());
                t.criteria.push(Criterion { text, done, extra });
            }
        }
    }
    if !title {
        return Err("the text has no title line ('# title')".into());
    }
    if !criteria_seen {
        return Err(format!("the text has no '{CRITERIA}' line"));
    }
    // One blank line after the heading and one before the next were written around it.
    if description.first().is_some_and(String::is_empty) {
        description.remove(0);
    }
    if description.last().is_some_and(String::is_empty) {
        description.pop();
    }
    t.description = description.join("\n");
    Ok(t)
}

/// `As a: value`: one space after the colon is the format's, the rest is the value's.
fn field(line: &str, label: &str) -> Option<String> {
    let v = line.strip_prefix(label)?;
    Some(unescape(v.strip_prefix(' ').unwrap_or(v)))
}

/// A one-line field's text with its line breaks as `\n`, `\r` and backslashes doubled.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Undoes [`escape`]; a backslash before anything else is kept as typed (`C:\temp`).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use proptest::prelude::*;

    use super::*;

    fn story() -> Story {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let p = crate::demo::sample(today, 40).unwrap();
        p.stories()[0].clone()
    }

    fn parts(s: &Story) -> StoryText {
        StoryText {
            title: s.title.clone(),
            as_a: s.as_a.clone(),
            i_want: s.i_want.clone(),
            so_that: s.so_that.clone(),
            description: s.description.clone(),
            criteria: s.acceptance_criteria.clone(),
        }
    }

    #[test]
    fn the_breaks_of_the_issue_round_trip() {
        let mut s = story();
        s.title = "Two\nlines".into();
        s.description =
            "intro\n## Acceptance criteria\n- [x] not a criterion\n# Not a title\n\\back\r\n"
                .into();
        s.so_that = "C:\\temp\\new".into();
        s.acceptance_criteria[0].text = "line one\nline two".into();
        s.acceptance_criteria[0]
            .extra
            .insert("x_id".into(), serde_json::json!(7));
        let back = read(&write(&s), &s).unwrap();
        assert_eq!(back, parts(&s));
    }

    #[test]
    fn edits_are_seen_and_a_backslash_typed_alone_is_kept() {
        let s = story();
        let text = write(&s);
        let edited =
            text.replacen("# ", "# New: ", 1).replace("As a: ", "As a:") + "- [ ] One more C:\\x\n";
        let back = read(&edited, &s).unwrap();
        assert!(back.title.starts_with("New: "));
        assert_eq!(back.as_a, s.as_a);
        assert_eq!(back.criteria.len(), s.acceptance_criteria.len() + 1);
        assert_eq!(back.criteria.last().unwrap().text, "One more C:\\x");
        // CRLF from the editor reads as LF.
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(read(&crlf, &s).unwrap(), parts(&s));
    }

    #[test]
    fn an_empty_or_misshapen_buffer_is_refused_with_where() {
        let s = story();
        assert_eq!(read("", &s).unwrap_err(), "the editor's text is empty");
        assert_eq!(read(" \n\n", &s).unwrap_err(), "the editor's text is empty");
        let no_criteria = write(&s).replace(CRITERIA, "## Criteria");
        assert!(
            read(&no_criteria, &s)
                .unwrap_err()
                .contains("no '## Acceptance criteria' line")
        );
        let no_title = write(&s).replacen("# ", "", 1);
        assert!(read(&no_title, &s).unwrap_err().starts_with("line 1: "));
        let stray = write(&s) + "stray words\n";
        let err = read(&stray, &s).unwrap_err();
        assert!(err.contains("'stray words' is not a criterion"), "{err}");
    }

    fn text() -> impl Strategy<Value = String> {
        // Line breaks, backslashes, headings and list marks, and anything else.
        prop_oneof![
            "[a-z #\\\\\\-\\[\\]x\n\r]{0,30}",
            any::<String>(),
            Just("## Acceptance criteria".to_string()),
            Just("\n## Description\n".to_string()),
        ]
    }

    proptest! {
        #[test]
        fn any_story_text_round_trips_exactly(
            title in text(),
            as_a in text(),
            i_want in text(),
            so_that in text(),
            description in text(),
            criteria in proptest::collection::vec((text(), any::<bool>()), 0..5),
        ) {
            let mut s = story();
            s.title = title;
            s.as_a = as_a;
            s.i_want = i_want;
            s.so_that = so_that;
            s.description = description;
            s.acceptance_criteria = criteria
                .into_iter()
                .map(|(text, done)| Criterion { text, done, extra: Extra::new() })
                .collect();
            let back = read(&write(&s), &s);
            prop_assert_eq!(back, Ok(parts(&s)));
        }
    }
}
