//! A story as Markdown-like text for `$EDITOR`, and back. Pure; the round trip of an
//! unedited text gives back the same story parts.

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

const AS_A: &str = "As a:";
const I_WANT: &str = "I want:";
const SO_THAT: &str = "So that:";
const DESCRIPTION: &str = "## Description";
const CRITERIA: &str = "## Acceptance criteria";

pub fn write(s: &Story) -> String {
    let mut out = format!(
        "# {}\n\n{AS_A} {}\n{I_WANT} {}\n{SO_THAT} {}\n\n{DESCRIPTION}\n\n",
        s.title, s.as_a, s.i_want, s.so_that
    );
    if !s.description.is_empty() {
        out.push_str(s.description.trim_end());
        out.push_str("\n\n");
    }
    out.push_str(CRITERIA);
    out.push_str("\n\n");
    for c in &s.acceptance_criteria {
        let mark = if c.done { 'x' } else { ' ' };
        out.push_str(&format!("- [{mark}] {}\n", c.text));
    }
    out
}

/// Reads the text back. Criteria keep the extra fields of the criterion with the same
/// text, so unknown fields survive an edit that does not touch them.
pub fn read(text: &str, old: &Story) -> StoryText {
    let mut t = StoryText {
        title: old.title.clone(),
        as_a: String::new(),
        i_want: String::new(),
        so_that: String::new(),
        description: String::new(),
        criteria: Vec::new(),
    };
    let mut section = "";
    let mut description = Vec::new();
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("# ") {
            t.title = title.trim().to_string();
        } else if line.trim() == DESCRIPTION || line.trim() == CRITERIA {
            section = if line.trim() == DESCRIPTION {
                DESCRIPTION
            } else {
                CRITERIA
            };
        } else if section.is_empty() {
            if let Some(v) = line.strip_prefix(AS_A) {
                t.as_a = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix(I_WANT) {
                t.i_want = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix(SO_THAT) {
                t.so_that = v.trim().to_string();
            }
        } else if section == DESCRIPTION {
            description.push(line);
        } else if let Some(item) = line.trim().strip_prefix("- ") {
            let (done, text) = match item.get(..3) {
                Some("[x]" | "[X]") => (true, item.get(3..).unwrap_or("")),
                Some("[ ]") => (false, item.get(3..).unwrap_or("")),
                _ => (false, item),
            };
            let text = text.trim().to_string();
            let extra = old
                .acceptance_criteria
                .iter()
                .find(|c| c.text == text)
                .map_or_else(Extra::new, |c| c.extra.clone());
            t.criteria.push(Criterion { text, done, extra });
        }
    }
    t.description = description.join("\n").trim().to_string();
    t
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_unedited_story_reads_back_the_same_and_edits_are_seen() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let p = crate::demo::sample(today, 40).unwrap();
        let mut s = p.stories()[0].clone();
        s.description = "Two lines\nof text".into();
        s.acceptance_criteria[0].done = true;
        let text = write(&s);
        let back = read(&text, &s);
        assert_eq!(back.title, s.title);
        assert_eq!(back.as_a, s.as_a);
        assert_eq!(back.so_that, s.so_that);
        assert_eq!(back.description, s.description);
        assert_eq!(back.criteria, s.acceptance_criteria);
        let edited = text.replacen("# ", "# New: ", 1) + "- [ ] One more\n";
        let back = read(&edited, &s);
        assert!(back.title.starts_with("New: "));
        assert_eq!(back.criteria.len(), s.acceptance_criteria.len() + 1);
    }
}
