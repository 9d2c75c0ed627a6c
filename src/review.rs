//! The sprint review report: goal, dates, committed against done, the stories done and not
//! done, carry-over, scope changes and the burndown as a small text chart. Built here once,
//! so `roadlog sprint report` and the TUI's `R` write the same thing. Pure: text out, the
//! callers decide where it goes. Document text in the Markdown goes through
//! [`crate::safe_text`]'s Markdown escaping: a title cannot add a heading or a section, nor
//! reach a terminal that prints the report as a control.

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::model::{
    BurndownDay, ModelError, Product, ScopeChangeKind, SprintId, SprintState, StoryId, StoryStatus,
};
use crate::safe_text::{self, markdown_block, markdown_line};

/// Widest bar of the text burndown, in characters.
const BAR: usize = 30;

#[derive(Debug, Serialize)]
pub struct Report {
    pub id: SprintId,
    pub name: String,
    pub goal: String,
    pub state: SprintState,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days_left: i64,
    /// The points committed at the start (the baseline), or planned if not started.
    pub committed_points: u32,
    /// The points in scope now (or at the close), after scope changes.
    pub scope_points: u32,
    pub done_points: u32,
    pub done: Vec<Line>,
    /// Done stories with acceptance criteria or Definition of Done items still open.
    pub done_with_exceptions: Vec<Exception>,
    pub not_done: Vec<Line>,
    pub carry_over: Option<CarryOver>,
    pub scope_changes: Vec<Change>,
    pub burndown: Vec<Day>,
}

#[derive(Debug, Serialize)]
pub struct Line {
    pub id: StoryId,
    pub title: String,
    pub points: Option<u32>,
    pub status: StoryStatus,
    pub assignee: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Exception {
    pub id: StoryId,
    pub title: String,
    /// What is open, worded as `criterion 2 'Receipt sent'` or `DoD item 'Docs updated'`.
    pub open: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CarryOver {
    pub stories: Vec<StoryId>,
    pub points: u32,
    /// `null` means the top of the backlog.
    pub to: Option<SprintId>,
}

#[derive(Debug, Serialize)]
pub struct Change {
    pub at: DateTime<Utc>,
    pub story: StoryId,
    /// `null` when the story has since been deleted.
    pub title: Option<String>,
    pub change: ScopeChangeKind,
    pub points: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub ideal: f64,
    pub remaining: Option<u32>,
    pub done: Option<u32>,
    pub scope: Option<u32>,
    pub scope_changed: bool,
}

impl From<BurndownDay> for Day {
    fn from(d: BurndownDay) -> Day {
        Day {
            date: d.date,
            ideal: d.ideal,
            remaining: d.remaining,
            done: d.done,
            scope: d.scope,
            scope_changed: d.scope_changed,
        }
    }
}

impl Report {
    /// The report on sprint `id` as of `now`; a closed sprint is reported as it closed.
    pub fn build(
        product: &Product,
        id: SprintId,
        now: DateTime<Utc>,
    ) -> Result<Report, ModelError> {
        let sprint = product.sprint(id)?;
        let today = now.date_naive();
        let moment = sprint.result.as_ref().map_or(now, |r| r.closed);
        let scope = product.scope_at(sprint, moment);
        let (mut done, mut not_done) = (Vec::new(), Vec::new());
        let mut done_with_exceptions = Vec::new();
        for s in product.stories().iter().filter(|s| scope.contains(&s.id)) {
            let status = s.status_at(moment).unwrap_or(s.status);
            let line = Line {
                id: s.id,
                title: s.title.clone(),
                points: s.points,
                status,
                assignee: s.assignee.clone(),
            };
            if status == StoryStatus::Done {
                let open = product.open_items(s);
                if !open.is_empty() {
                    done_with_exceptions.push(Exception {
                        id: s.id,
                        title: s.title.clone(),
                        open: open.iter().map(ToString::to_string).collect(),
                    });
                }
                done.push(line);
            } else {
                not_done.push(line);
            }
        }
        let points = |lines: &[Line]| {
            lines
                .iter()
                .fold(0u32, |n, l| n.saturating_add(l.points.unwrap_or(0)))
        };
        let done_points = points(&done);
        let scope_points = done_points.saturating_add(points(&not_done));
        Ok(Report {
            id,
            name: sprint.name.clone(),
            goal: sprint.goal.clone(),
            state: sprint.state,
            start: sprint.start,
            end: sprint.end,
            days_left: sprint.days_left(today),
            committed_points: product.committed_points(sprint),
            scope_points,
            done_points,
            done,
            done_with_exceptions,
            not_done,
            carry_over: sprint.result.as_ref().map(|r| CarryOver {
                stories: r.carried_over.clone(),
                points: r.carried_points,
                to: r.carried_to,
            }),
            scope_changes: sprint
                .scope_changes
                .iter()
                .map(|c| Change {
                    at: c.at,
                    story: c.story,
                    title: product.story(c.story).ok().map(|s| s.title.clone()),
                    change: c.change,
                    points: c.points,
                })
                .collect(),
            burndown: product
                .burndown(id, today)
                .into_iter()
                .map(Day::from)
                .collect(),
        })
    }

    /// The report as JSON, safe to print (see [`safe_text::json`]).
    pub fn json(&self) -> String {
        // A report is plain data; serialising it cannot fail, but say so if it ever does.
        let text =
            serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        safe_text::json(&text).into_owned()
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail; the results are ignored on purpose.
        let _ = writeln!(
            out,
            "# {} ({}): sprint review\n",
            markdown_line(&self.name),
            self.id
        );
        if !self.goal.is_empty() {
            let _ = writeln!(out, "Goal: {}\n", markdown_block(self.goal.trim()));
        }
        let _ = writeln!(
            out,
            "- Dates: {} .. {} ({}{})",
            self.start,
            self.end,
            self.state,
            match self.state {
                SprintState::Active => format!(", {} days left", self.days_left),
                _ => String::new(),
            }
        );
        let _ = writeln!(out, "- Committed: {} points", self.committed_points);
        if self.scope_points != self.committed_points {
            let _ = writeln!(out, "- Scope after changes: {} points", self.scope_points);
        }
        let _ = writeln!(out, "- Done: {} points", self.done_points);
        section(&mut out, "Done", &self.done);
        let _ = writeln!(
            out,
            "\n## Done with exceptions ({})\n",
            self.done_with_exceptions.len()
        );
        if self.done_with_exceptions.is_empty() {
            let _ = writeln!(
                out,
                "None: every done story met its criteria and the Definition of Done."
            );
        }
        for e in &self.done_with_exceptions {
            let open = e.open.join(", ");
            let _ = writeln!(
                out,
                "- {} {}: open {}",
                e.id,
                crate::safe_text::markdown_line(&e.title),
                crate::safe_text::markdown_line(&open)
            );
        }
        section(&mut out, "Not done", &self.not_done);
        let _ = writeln!(out, "\n## Carry-over\n");
        let _ = match &self.carry_over {
            None => writeln!(out, "Not closed yet."),
            Some(c) if c.stories.is_empty() => writeln!(out, "Nothing: every story was done."),
            Some(c) => writeln!(
                out,
                "{} ({} points) to {}",
                join(&c.stories),
                c.points,
                c.to.map_or_else(|| "the top of the backlog".to_string(), |t| t.to_string())
            ),
        };
        let _ = writeln!(out, "\n## Scope changes\n");
        if self.scope_changes.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for c in &self.scope_changes {
            let word = match c.change {
                ScopeChangeKind::Added => "added",
                ScopeChangeKind::Removed => "removed",
            };
            let _ = writeln!(
                out,
                "- {} {word} {} {} ({} points)",
                c.at.format("%Y-%m-%d %H:%M"),
                c.story,
                c.title.as_deref().map_or("(deleted)".into(), markdown_line),
                c.points.map_or("no".to_string(), |p| p.to_string())
            );
        }
        let _ = writeln!(out, "\n## Burndown\n\n```\n{}```", chart(&self.burndown));
        out
    }
}

fn section(out: &mut String, title: &str, lines: &[Line]) {
    let _ = writeln!(out, "\n## {title} ({})\n", lines.len());
    if lines.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for l in lines {
        let points = l.points.map_or("-".to_string(), |p| p.to_string());
        let who = l
            .assignee
            .as_deref()
            .map_or(String::new(), |a| format!(", {}", markdown_line(a)));
        let _ = writeln!(
            out,
            "- {} {} ({points} points, {}{who})",
            l.id,
            markdown_line(&l.title),
            l.status
        );
    }
}

fn join(ids: &[StoryId]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line a day: `#` for the points left, `.` up to the ideal line when ahead of it, `*`
/// where the scope changed. Scaled so the largest figure fills [`BAR`] characters.
pub fn chart(days: &[Day]) -> String {
    let top = days
        .iter()
        .map(|d| d.scope.unwrap_or(0).max(d.ideal.ceil() as u32))
        .max()
        .unwrap_or(0)
        .max(1);
    let width = |points: f64| ((points / f64::from(top)) * BAR as f64).round() as usize;
    let mut out = String::new();
    for d in days {
        let date = d.date.format("%m-%d %a");
        let ideal = width(d.ideal);
        let _ = match d.remaining {
            None => writeln!(out, "{date} {:<BAR$}  -", ""),
            Some(left) => {
                let bar = width(f64::from(left));
                let behind = ".".repeat(ideal.saturating_sub(bar));
                let mark = if d.scope_changed { " *" } else { "" };
                writeln!(
                    out,
                    "{date} {:<BAR$} {left:>3}{mark}",
                    "#".repeat(bar) + &behind
                )
            }
        };
    }
    out.push_str("# points left, . the ideal line when ahead of it, * scope changed\n");
    out
}
