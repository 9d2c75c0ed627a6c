//! A Backlog.md task's Markdown body: the acceptance criteria checklist with its ticks, and
//! the rest as the story's description. Backlog.md fences its sections with comments
//! (`<!-- AC:BEGIN -->`, `<!-- SECTION:DESCRIPTION:BEGIN -->`); older files have only the
//! `## ` headings, and some nest one section inside another, so both are understood.

use crate::model::{Criterion, Extra};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub description: String,
    pub criteria: Vec<Criterion>,
}

const AC_BEGIN: &str = "<!-- AC:BEGIN -->";
const AC_END: &str = "<!-- AC:END -->";

/// Reads a body. The description is the `## Description` section, then every other section
/// under its own heading (plan, notes, summary, Definition of Done), so nothing is lost.
pub fn parse(body: &str) -> Body {
    let lines: Vec<&str> = body.lines().collect();
    let fenced = fence_map(&lines);
    let (criteria_lines, rest) = take_criteria(&lines, &fenced);
    let (criteria, leftover) = checklist(&criteria_lines);
    let mut sections = sections(&rest);
    if !leftover.trim().is_empty() {
        sections.push((
            "Acceptance Criteria".to_string(),
            leftover.trim().to_string(),
        ));
    }
    Body {
        description: describe(sections),
        criteria,
    }
}

/// For each line, whether it is inside (or opens or closes) a ``` code fence, where
/// headings and markers are only text.
fn fence_map(lines: &[&str]) -> Vec<bool> {
    let mut inside = false;
    lines
        .iter()
        .map(|l| {
            let fence = l.trim_start().starts_with("```");
            let was = inside;
            if fence {
                inside = !inside;
            }
            was || fence
        })
        .collect()
}

fn is_heading(line: &str) -> bool {
    line.starts_with("## ")
}

fn is_criteria_heading(line: &str) -> bool {
    let title = line.trim_start_matches('#').trim();
    is_heading(line)
        && (title.eq_ignore_ascii_case("Acceptance Criteria")
            || title.eq_ignore_ascii_case("Acceptance Criteria (Optional)"))
}

/// Splits off the criteria: the lines between the AC markers wherever they are, or else the
/// lines of the `## Acceptance Criteria` section. Returns them and the other lines.
fn take_criteria<'a>(lines: &[&'a str], fenced: &[bool]) -> (Vec<&'a str>, Vec<&'a str>) {
    let marker = |m: &str| (0..lines.len()).find(|&i| !fenced[i] && lines[i].trim() == m);
    let (from, to, keep_from) = match (marker(AC_BEGIN), marker(AC_END)) {
        (Some(b), Some(e)) if b < e => {
            // The heading just above the block goes with it.
            let above = (0..b).rev().find(|&i| !lines[i].trim().is_empty());
            let start = above
                .filter(|&i| is_criteria_heading(lines[i]))
                .unwrap_or(b);
            (start, e + 1, b + 1)
        }
        _ => {
            let Some(h) = (0..lines.len()).find(|&i| !fenced[i] && is_criteria_heading(lines[i]))
            else {
                return (Vec::new(), lines.to_vec());
            };
            let end = (h + 1..lines.len())
                .find(|&i| !fenced[i] && is_heading(lines[i]))
                .unwrap_or(lines.len());
            (h, end, h + 1)
        }
    };
    let inner_end = if lines.get(to - 1).is_some_and(|l| l.trim() == AC_END) {
        to - 1
    } else {
        to
    };
    let criteria = lines[keep_from..inner_end].to_vec();
    let rest = lines[..from].iter().chain(&lines[to..]).copied().collect();
    (criteria, rest)
}

/// `- [x] #3 text` items, with indented lines that follow an item joined to it; whatever
/// else the section holds is returned as text.
fn checklist(lines: &[&str]) -> (Vec<Criterion>, String) {
    let fenced = fence_map(lines);
    let mut items: Vec<Criterion> = Vec::new();
    let mut other: Vec<&str> = Vec::new();
    let mut in_item = false;
    for (i, line) in lines.iter().enumerate() {
        if !fenced[i]
            && let Some((done, text)) = checkbox(line)
        {
            items.push(Criterion {
                text,
                done,
                extra: Extra::new(),
            });
            in_item = true;
            continue;
        }
        let continues =
            in_item && !fenced[i] && line.starts_with([' ', '\t']) && !line.trim().is_empty();
        match items.last_mut() {
            Some(last) if continues => {
                last.text.push(' ');
                last.text.push_str(line.trim());
            }
            _ => {
                in_item = false;
                other.push(line);
            }
        }
    }
    (items, other.join("\n"))
}

fn checkbox(line: &str) -> Option<(bool, String)> {
    let t = line.trim_start();
    let rest = t.strip_prefix("- [").or_else(|| t.strip_prefix("* ["))?;
    let mut chars = rest.chars();
    let mark = chars.next()?;
    let text = chars.as_str().strip_prefix("] ")?;
    let done = match mark {
        'x' | 'X' => true,
        ' ' => false,
        _ => return None,
    };
    // Backlog.md numbers its criteria (`#3 `); roadlog numbers them itself.
    let text = match text.strip_prefix('#') {
        Some(r) => {
            let digits = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 && r[digits..].starts_with(' ') {
                &r[digits + 1..]
            } else {
                text
            }
        }
        None => text,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| (done, text.to_string()))
}

/// The body's `## ` sections as (heading, text), the text before the first heading under
/// an empty one. A heading inside a fence, or inside a `SECTION` marker pair (where old
/// files nest whole sections), does not start a section.
fn sections(lines: &[&str]) -> Vec<(String, String)> {
    let fenced = fence_map(lines);
    let mut out: Vec<(String, Vec<&str>)> = vec![(String::new(), Vec::new())];
    let mut open_marker = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if !fenced[i] && is_marker(t) {
            open_marker = t.ends_with(":BEGIN -->");
            continue;
        }
        if !fenced[i] && !open_marker && is_heading(line) {
            out.push((line[3..].trim().to_string(), Vec::new()));
            continue;
        }
        // Runs of blank lines (left where a block was taken out) become one.
        if let Some(last) = out.last_mut()
            && !(t.is_empty() && last.1.last().is_some_and(|l| l.trim().is_empty()))
        {
            last.1.push(line);
        }
    }
    out.into_iter()
        .map(|(h, body)| (h, body.join("\n").trim().to_string()))
        .collect()
}

/// Backlog.md's own section fences: `<!-- SECTION:NOTES:BEGIN -->`, `<!-- DOD:END -->`, ...
fn is_marker(t: &str) -> bool {
    t.starts_with("<!-- ") && (t.ends_with(":BEGIN -->") || t.ends_with(":END -->"))
}

fn describe(sections: Vec<(String, String)>) -> String {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    for (heading, text) in sections {
        if text.is_empty() {
            continue;
        }
        if heading.is_empty() || heading.eq_ignore_ascii_case("Description") {
            head.push(text);
        } else {
            tail.push(format!("## {heading}\n\n{text}"));
        }
    }
    head.extend(tail);
    head.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &Body) -> Vec<(bool, &str)> {
        body.criteria
            .iter()
            .map(|c| (c.done, c.text.as_str()))
            .collect()
    }

    #[test]
    fn marked_sections_give_description_and_ticks() {
        let body = parse(
            "## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nWhy it matters.\n<!-- SECTION:DESCRIPTION:END -->\n\n\
             ## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [x] #1 First\n- [ ] #2 Second one\n<!-- AC:END -->\n\n\
             ## Implementation Notes\n\n<!-- SECTION:NOTES:BEGIN -->\nDid it.\n<!-- SECTION:NOTES:END -->\n",
        );
        assert_eq!(texts(&body), vec![(true, "First"), (false, "Second one")]);
        assert_eq!(
            body.description,
            "Why it matters.\n\n## Implementation Notes\n\nDid it."
        );
    }

    #[test]
    fn unmarked_checklists_join_continuations_and_keep_other_text() {
        let body = parse(
            "## Description\nText\n## Acceptance Criteria\n\n### Core\n - [x] Order:\n  1. one\n  2. two\n- [X] Done too\n\n```md\n- [ ] not a criterion\n```\n## Notes\nN",
        );
        assert_eq!(
            texts(&body),
            vec![(true, "Order: 1. one 2. two"), (true, "Done too")]
        );
        assert!(
            body.description
                .starts_with("Text\n\n## Notes\n\nN\n\n## Acceptance Criteria\n\n### Core"),
            "{}",
            body.description
        );
        assert!(body.description.contains("- [ ] not a criterion"));
    }

    #[test]
    fn criteria_nested_in_the_description_are_taken_out_of_it() {
        let body = parse(
            "## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\n## Description\n\nWhy.\n\n## Acceptance Criteria\n\n<!-- AC:BEGIN -->\n\n- [x] #1 One\n<!-- AC:END -->\n\n## Implementation Plan\n\n1. Step\n<!-- SECTION:DESCRIPTION:END -->\n",
        );
        assert_eq!(texts(&body), vec![(true, "One")]);
        assert_eq!(
            body.description,
            "## Description\n\nWhy.\n\n## Implementation Plan\n\n1. Step"
        );
    }
}
