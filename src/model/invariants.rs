//! The rules a whole document must keep, checked at once. The product's methods keep them
//! for every change; this catches files edited by hand, merged by git or written by others.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::Hash;

use super::{ModelError, Product, SprintState, Story, StoryId, limits};

/// What `problems` needs from the stories, gathered in one pass: at 100k stories each
/// story read is a cache miss, and reading each once instead of five times halves the check.
struct StoryPass<'a> {
    /// Every story's id, in rank order.
    ids: Vec<StoryId>,
    /// The stories that may break a reference rule (a missing epic or sprint, a blocker).
    flagged: Vec<&'a Story>,
    /// The stories that wait on others, in rank order.
    waiting: Vec<&'a Story>,
    /// The stories' dates and numbers out of range, as `out_of_range` reports them.
    out_of_range: Vec<(String, ModelError)>,
}

/// One broken rule, worded for the person who has to fix the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Product {
    /// Every broken invariant, in a stable order; empty when the document is sound.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut say = |text: String| out.push(Problem(text));

        // Typed ids, not their text: this runs twice on every save of a 100k-story file.
        let visions = unique(self.visions.iter().map(|v| v.id), &mut say);
        let epics = unique(self.epics.iter().map(|e| e.id), &mut say);
        // The stories' pass needs the sprints' ids; their duplicates are told after the stories'.
        let mut sprint_duplicates = Vec::new();
        let sprints = unique(self.sprints.iter().map(|s| s.id), &mut |text| {
            sprint_duplicates.push(text)
        });
        let pass = self.story_pass(&epics, &sprints);
        let stories = unique(pass.ids.iter().copied(), &mut say);
        sprint_duplicates.into_iter().for_each(&mut say);

        for e in &self.epics {
            if let Some(v) = e.vision.filter(|v| !visions.contains(v)) {
                say(format!("epic {} serves {v}, which does not exist", e.id));
            }
            for g in e.serves.iter().filter(|g| self.goal(**g).is_err()) {
                say(format!(
                    "epic {} serves goal {g}, which does not exist",
                    e.id
                ));
            }
            if let (Some(s), Some(t)) = (e.start, e.target)
                && t < s
            {
                say(format!(
                    "epic {} has its target {t} before its start {s}",
                    e.id
                ));
            }
        }
        for s in pass.flagged.iter().copied() {
            if let Some(e) = s.epic.filter(|e| !epics.contains(e)) {
                say(format!(
                    "story {} belongs to {e}, which does not exist",
                    s.id
                ));
            }
            if let Some(sp) = s.sprint.filter(|sp| !sprints.contains(sp)) {
                say(format!(
                    "story {} is planned into {sp}, which does not exist",
                    s.id
                ));
            }
            for b in &s.blocked_by {
                if *b == s.id {
                    say(format!("story {} is blocked by itself", s.id));
                } else if !stories.contains(b) {
                    say(format!(
                        "story {} is blocked by {b}, which does not exist",
                        s.id
                    ));
                }
            }
        }
        for s in &self.sprints {
            if s.end < s.start {
                say(format!(
                    "sprint {} ends {} before it starts {}",
                    s.id, s.end, s.start
                ));
            }
        }
        for (entity, broken) in self.out_of_range(pass.out_of_range) {
            if let ModelError::OutOfRange { what, rule, value } = broken {
                say(format!("{entity} has {what} {value}; it must be {rule}"));
            }
        }
        let active: Vec<String> = self
            .sprints
            .iter()
            .filter(|s| s.state == SprintState::Active)
            .map(|s| s.id.to_string())
            .collect();
        if active.len() > 1 {
            say(format!(
                "more than one sprint is active: {}",
                active.join(", ")
            ));
        }
        for cycle in blocked_by_cycles(&pass.ids, &pass.waiting) {
            say(format!("blocked-by cycle: {cycle}"));
        }
        // Templates are found by name in any case, so two that differ only in case would
        // hide one another.
        let mut names = HashSet::new();
        for t in &self.settings.templates {
            if t.name.trim().is_empty() {
                say("a story template has an empty name".to_string());
            } else if !names.insert(t.name.to_lowercase()) {
                say(format!("template name '{}' is used more than once", t.name));
            }
        }
        out
    }

    fn story_pass(
        &self,
        epics: &HashSet<super::EpicId>,
        sprints: &HashSet<super::SprintId>,
    ) -> StoryPass<'_> {
        let scale = self.points_scale();
        let mut pass = StoryPass {
            ids: Vec::with_capacity(self.stories.len()),
            flagged: Vec::new(),
            waiting: Vec::new(),
            out_of_range: Vec::new(),
        };
        for s in &self.stories {
            pass.ids.push(s.id);
            let waits = !s.blocked_by.is_empty();
            if waits
                || s.epic.is_some_and(|e| !epics.contains(&e))
                || s.sprint.is_some_and(|sp| !sprints.contains(&sp))
            {
                pass.flagged.push(s);
            }
            if waits {
                pass.waiting.push(s);
            }
            story_out_of_range(s, scale, &mut pass.out_of_range);
        }
        pass
    }

    /// Each date and number outside [`limits`], with the entity it belongs to; the stories'
    /// (`stories`) come from the stories' pass.
    fn out_of_range(&self, stories: Vec<(String, ModelError)>) -> Vec<(String, ModelError)> {
        let mut out = Vec::new();
        for v in &self.visions {
            for (n, g) in v.goals.iter().enumerate() {
                let goal = || format!("goal {} of vision {}", n + 1, v.id);
                keep(
                    &mut out,
                    &goal,
                    limits::check_optional_date("a due date", g.due),
                );
                keep(
                    &mut out,
                    &goal,
                    limits::check_optional_date("a baseline date", g.since),
                );
                for r in &g.readings {
                    keep(
                        &mut out,
                        &goal,
                        limits::check_date("a reading's date", r.date),
                    );
                }
            }
        }
        for e in &self.epics {
            let epic = || format!("epic {}", e.id);
            keep(
                &mut out,
                &epic,
                limits::check_optional_date("start date", e.start),
            );
            keep(
                &mut out,
                &epic,
                limits::check_optional_date("target date", e.target),
            );
            if let Some(r) = &e.rice {
                keep(&mut out, &epic, limits::check_rice(r));
            }
            if let Some(w) = &e.wsjf {
                keep(&mut out, &epic, limits::check_wsjf(w));
            }
        }
        let scale = self.points_scale();
        keep(
            &mut out,
            &|| "the settings".to_string(),
            limits::check_scale(scale),
        );
        out.extend(stories);
        for s in self.sprints.iter().filter(|s| s.start <= s.end) {
            let sprint = || format!("sprint {}", s.id);
            keep(&mut out, &sprint, limits::check_sprint_span(s.start, s.end));
            keep(&mut out, &sprint, limits::check_capacity(s.capacity));
        }
        out
    }
}

fn keep(
    out: &mut Vec<(String, ModelError)>,
    entity: &dyn Fn() -> String,
    checked: Result<(), ModelError>,
) {
    if let Err(e) = checked {
        out.push((entity(), e));
    }
}

/// A story's dates and numbers outside [`limits`], as `out_of_range` reports them.
fn story_out_of_range(s: &Story, scale: &[u32], out: &mut Vec<(String, ModelError)>) {
    let mut keep = |checked: Result<(), ModelError>| {
        if let Err(e) = checked {
            out.push((format!("story {}", s.id), e));
        }
    };
    keep(limits::check_points(s.points, scale));
    keep(limits::check_date("created", s.created.date_naive()));
    keep(limits::check_date("updated", s.updated.date_naive()));
    for h in &s.history {
        keep(limits::check_date("a status change on", h.at.date_naive()));
    }
}

/// Each blocked-by loop once, as `S-1 -> S-2 -> S-1`, from the stories' ids in rank order
/// and the stories that wait on others (only they can be on a loop; most wait on nothing).
fn blocked_by_cycles(ids: &[StoryId], waiting: &[&Story]) -> Vec<String> {
    let edges: HashMap<StoryId, &[StoryId]> = waiting
        .iter()
        .map(|s| (s.id, s.blocked_by.as_slice()))
        .collect();
    // Colour-marking depth-first search, iterative so a long chain cannot overflow.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Finished,
    }
    let mut marks: HashMap<StoryId, Mark> = HashMap::new();
    let mut cycles = Vec::new();
    for start in ids.iter().copied() {
        if !edges.contains_key(&start) {
            continue;
        }
        if marks.contains_key(&start) {
            continue;
        }
        let mut path: Vec<StoryId> = vec![start];
        let mut next_edge: Vec<usize> = vec![0];
        marks.insert(start, Mark::Open);
        while let (Some(&at), Some(edge)) = (path.last(), next_edge.last_mut()) {
            let outs = edges.get(&at).copied().unwrap_or_default();
            if *edge >= outs.len() {
                marks.insert(at, Mark::Finished);
                path.pop();
                next_edge.pop();
                continue;
            }
            let to = outs[*edge];
            *edge += 1;
            match marks.get(&to) {
                Some(Mark::Open) => {
                    let from = path.iter().position(|p| *p == to).unwrap_or(0);
                    let mut names: Vec<String> =
                        path[from..].iter().map(ToString::to_string).collect();
                    names.push(to.to_string());
                    cycles.push(names.join(" -> "));
                }
                Some(Mark::Finished) => {}
                None if edges.contains_key(&to) => {
                    marks.insert(to, Mark::Open);
                    path.push(to);
                    next_edge.push(0);
                }
                None => {}
            }
        }
    }
    cycles
}

/// Reports each id used more than once, and returns the set of ids.
fn unique<Id: Copy + Eq + Hash + fmt::Display>(
    ids: impl Iterator<Item = Id>,
    say: &mut impl FnMut(String),
) -> HashSet<Id> {
    let mut seen = HashSet::with_capacity(ids.size_hint().0);
    let mut reported = HashSet::new();
    for id in ids {
        if !seen.insert(id) && reported.insert(id) {
            say(format!("id {id} is used more than once"));
        }
    }
    seen
}
