//! `roadlog export markdown`: the roadmap for stakeholders, to read on GitHub or in any
//! Markdown viewer: each vision with its target group, needs and goals, then Now, Next and
//! Later with each epic's description, progress, score and dates, then the active sprint.
//! Every piece of document text goes through `safe_text`'s Markdown escaping, so a title
//! cannot add a heading, a link or HTML: what the team typed is what the reader sees.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::model::{Epic, Horizon, Product};
use crate::safe_text::{markdown_block, markdown_line};

pub fn markdown(product: &Product, today: NaiveDate) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail; the results are ignored on purpose.
    let _ = writeln!(out, "# {}: roadmap\n", markdown_line(product.name()));
    let _ = writeln!(out, "As of {today}.");
    for v in product.visions() {
        let _ = writeln!(out, "\n## Vision: {}\n", markdown_line(&v.title));
        if !v.statement.trim().is_empty() {
            let _ = writeln!(out, "{}\n", markdown_block(v.statement.trim()));
        }
        for (label, text) in [
            ("Target group", &v.target_group),
            ("Needs", &v.needs),
            ("Product", &v.product),
        ] {
            if !text.trim().is_empty() {
                let _ = writeln!(out, "- **{label}:** {}", markdown_line(text.trim()));
            }
        }
        if !v.goals.is_empty() {
            let _ = writeln!(out, "- **Goals:**");
            for g in &v.goals {
                let measure = match (&g.metric, &g.target) {
                    (Some(m), Some(t)) => format!(": {} → {}", markdown_line(m), markdown_line(t)),
                    (Some(m), None) => format!(": {}", markdown_line(m)),
                    (None, Some(t)) => format!(": → {}", markdown_line(t)),
                    (None, None) => String::new(),
                };
                let due = g.due.map(|d| format!(" by {d}")).unwrap_or_default();
                let _ = writeln!(out, "  - {}{measure}{due}", markdown_line(&g.text));
            }
        }
    }
    for horizon in Horizon::ALL {
        let title = match horizon {
            Horizon::Now => "Now",
            Horizon::Next => "Next",
            Horizon::Later => "Later",
        };
        let _ = writeln!(out, "\n## {title}");
        let epics: Vec<&Epic> = product
            .epics()
            .iter()
            .filter(|e| e.horizon == *horizon)
            .collect();
        if epics.is_empty() {
            let _ = writeln!(out, "\nNo epics.");
        }
        for e in epics {
            epic(&mut out, product, e);
        }
    }
    sprint(&mut out, product, today);
    out
}

fn epic(out: &mut String, product: &Product, e: &Epic) {
    let _ = writeln!(out, "\n### {} ({})\n", markdown_line(&e.title), e.id);
    if !e.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", markdown_block(e.description.trim()));
    }
    let p = product.epic_progress(e.id);
    let _ = writeln!(out, "- Status: {}", e.status);
    let _ = writeln!(
        out,
        "- Progress: {:.0}% ({} of {} stories, {} of {} points done)",
        p.ratio() * 100.0,
        p.stories_done,
        p.stories,
        p.points_done,
        p.points_total
    );
    if let Some(score) = product.epic_score(e) {
        let _ = writeln!(out, "- Score: {score:.1} ({})", product.scoring().as_str());
    }
    let dates = match (e.start, e.target) {
        (Some(s), Some(t)) => Some(format!("{s} to {t}")),
        (Some(s), None) => Some(format!("from {s}")),
        (None, Some(t)) => Some(format!("by {t}")),
        (None, None) => None,
    };
    if let Some(d) = dates {
        let _ = writeln!(out, "- Dates: {d}");
    }
}

fn sprint(out: &mut String, product: &Product, today: NaiveDate) {
    let Some(s) = product.active_sprint() else {
        let _ = writeln!(out, "\n## Active sprint\n\nNo sprint is running.");
        return;
    };
    let _ = writeln!(
        out,
        "\n## Active sprint: {} ({})\n",
        markdown_line(&s.name),
        s.id
    );
    if !s.goal.trim().is_empty() {
        let _ = writeln!(out, "Goal: {}\n", markdown_line(s.goal.trim()));
    }
    let p = product.sprint_progress(s.id);
    let _ = writeln!(
        out,
        "- Dates: {} to {} ({} days left)",
        s.start,
        s.end,
        s.days_left(today)
    );
    let _ = writeln!(out, "- Committed: {} points", product.committed_points(s));
    let _ = writeln!(
        out,
        "- Done: {} points ({} of {} stories)",
        product.done_points(s.id),
        p.stories_done,
        p.stories
    );
}
