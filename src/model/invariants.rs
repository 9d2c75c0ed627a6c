//! The rules a whole document must keep, checked at once. The product's methods keep them
//! for every change; this catches files edited by hand, merged by git or written by others.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::Hash;

use super::{EpicId, ModelError, Product, SprintId, SprintState, Story, StoryId, VisionId, limits};

/// The rules a document keeps, made ready from everything in it but its stories, which are
/// then judged one at a time: so a check of a large file can read its stories in pieces on
/// all cores and keep only what the rules need of each ([`StoryPass`]), never the backlog.
pub struct Rules<'a> {
    product: &'a Product,
    visions: HashSet<VisionId>,
    epics: HashSet<EpicId>,
    sprints: HashSet<SprintId>,
    /// The visions' and epics' duplicates, told first; the sprints', after the stories'.
    told: Vec<Problem>,
    sprint_duplicates: Vec<String>,
}

/// What the rules need of the stories, gathered in one pass: at 100k stories each story
/// read is a cache miss, and reading each once instead of five times halves the check.
/// Passes over consecutive runs of stories join in rank order ([`StoryPass::append`]).
#[derive(Debug, Default)]
pub struct StoryPass {
    /// Every story's id, in rank order.
    ids: Vec<StoryId>,
    /// The stories that may break a reference rule (a missing epic or sprint, a blocker),
    /// in rank order. Most stories are sound and wait on nothing, so this stays short.
    flagged: Vec<Flagged>,
    /// The stories' dates and numbers out of range, as `out_of_range` reports them.
    out_of_range: Vec<(String, ModelError)>,
}

/// The links of a story that may break a reference rule.
#[derive(Debug)]
struct Flagged {
    id: StoryId,
    epic: Option<EpicId>,
    sprint: Option<SprintId>,
    blocked_by: Vec<StoryId>,
}

impl StoryPass {
    /// A pass with room for the ids of `stories` stories: no growing on the way through a
    /// large backlog, which runs twice on every save.
    pub fn with_capacity(stories: usize) -> StoryPass {
        StoryPass {
            ids: Vec::with_capacity(stories),
            ..StoryPass::default()
        }
    }

    /// The pass over `self`'s stories followed by `next`'s.
    pub fn append(&mut self, next: StoryPass) {
        self.ids.extend(next.ids);
        self.flagged.extend(next.flagged);
        self.out_of_range.extend(next.out_of_range);
    }
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
        let rules = self.rules();
        let mut pass = StoryPass::with_capacity(self.stories.len());
        for s in &self.stories {
            rules.add(&mut pass, s);
        }
        rules.judge(pass)
    }

    /// The rules, ready for [`Rules::add`] to judge stories read apart from this product
    /// (its own stories are not looked at): [`Rules::judge`] then tells what
    /// [`problems`](Product::problems) tells of the product holding those stories.
    pub fn rules(&self) -> Rules<'_> {
        let mut told = Vec::new();
        let mut say = |text: String| told.push(Problem(text));
        // Typed ids, not their text: this runs twice on every save of a 100k-story file.
        let visions = unique(self.visions.iter().map(|v| v.id), &mut say);
        let epics = unique(self.epics.iter().map(|e| e.id), &mut say);
        // The stories' pass needs the sprints' ids; their duplicates are told after the stories'.
        let mut sprint_duplicates = Vec::new();
        let sprints = unique(self.sprints.iter().map(|s| s.id), &mut |text| {
            sprint_duplicates.push(text)
        });
        Rules {
            product: self,
            visions,
            epics,
            sprints,
            told,
            sprint_duplicates,
        }
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

impl Rules<'_> {
    /// Adds the next story, in rank order, to `pass`.
    pub fn add(&self, pass: &mut StoryPass, s: &Story) {
        pass.ids.push(s.id);
        if !s.blocked_by.is_empty()
            || s.epic.is_some_and(|e| !self.epics.contains(&e))
            || s.sprint.is_some_and(|sp| !self.sprints.contains(&sp))
        {
            pass.flagged.push(Flagged {
                id: s.id,
                epic: s.epic,
                sprint: s.sprint,
                blocked_by: s.blocked_by.clone(),
            });
        }
        story_out_of_range(s, self.product.points_scale(), &mut pass.out_of_range);
    }

    /// Every broken invariant of the product with the stories of `pass`, in a stable order.
    pub fn judge(self, pass: StoryPass) -> Vec<Problem> {
        let product = self.product;
        let mut out = self.told;
        let mut say = |text: String| out.push(Problem(text));
        let stories = unique(pass.ids.iter().copied(), &mut say);
        self.sprint_duplicates.into_iter().for_each(&mut say);

        for e in &product.epics {
            if let Some(v) = e.vision.filter(|v| !self.visions.contains(v)) {
                say(format!("epic {} serves {v}, which does not exist", e.id));
            }
            for g in e.serves.iter().filter(|g| product.goal(**g).is_err()) {
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
        for s in &pass.flagged {
            if let Some(e) = s.epic.filter(|e| !self.epics.contains(e)) {
                say(format!(
                    "story {} belongs to {e}, which does not exist",
                    s.id
                ));
            }
            if let Some(sp) = s.sprint.filter(|sp| !self.sprints.contains(sp)) {
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
        for s in &product.sprints {
            if s.end < s.start {
                say(format!(
                    "sprint {} ends {} before it starts {}",
                    s.id, s.end, s.start
                ));
            }
        }
        for (entity, broken) in product.out_of_range(pass.out_of_range) {
            if let ModelError::OutOfRange { what, rule, value } = broken {
                say(format!("{entity} has {what} {value}; it must be {rule}"));
            }
        }
        let active: Vec<String> = product
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
        for cycle in blocked_by_cycles(&pass.ids, &pass.flagged) {
            say(format!("blocked-by cycle: {cycle}"));
        }
        // Templates are found by name in any case, so two that differ only in case would
        // hide one another.
        let mut names = HashSet::new();
        for t in &product.settings.templates {
            if t.name.trim().is_empty() {
                say("a story template has an empty name".to_string());
            } else if !names.insert(t.name.to_lowercase()) {
                say(format!("template name '{}' is used more than once", t.name));
            }
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
/// and the flagged stories, among them all that wait on others (only they can be on a loop;
/// most wait on nothing).
fn blocked_by_cycles(ids: &[StoryId], flagged: &[Flagged]) -> Vec<String> {
    let edges: HashMap<StoryId, &[StoryId]> = flagged
        .iter()
        .filter(|s| !s.blocked_by.is_empty())
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
            if to == at {
                // Told as "blocked by itself" already: a loop of one is not told twice.
                continue;
            }
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
