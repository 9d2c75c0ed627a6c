//! Builds the grouped lists each pane shows from the product, the filters and the view
//! toggles. Runs when one of those changes, not per frame.

use crate::model::{EpicId, GoalRef, Horizon, Product, SprintId, StoryId, StoryStatus, VisionId};

use super::app::BacklogState;
use super::derived::Derived;
use super::fuzzy::TextFilter;
use super::list::{Group, Headers};
use super::search_rows::{Row, SearchRows};

/// A row of the roadmap: a vision, an epic, or a business goal (on the vision board).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoadItem {
    Vision(VisionId),
    Epic(EpicId),
    Goal(GoalRef),
}

/// Fuzzy and case-insensitive: every word of the filter must match the id, title or labels
/// ([`TextFilter`]). For the short lists; the long ones parse the filter once.
pub fn matches(filter: &str, id: &str, title: &str, labels: &[String]) -> bool {
    TextFilter::new(filter).matches(id, title, labels)
}

/// Whether the Backlog lists done stories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DoneStories {
    #[default]
    Hidden,
    Shown,
}

impl DoneStories {
    pub fn toggled(self) -> DoneStories {
        match self {
            DoneStories::Hidden => DoneStories::Shown,
            DoneStories::Shown => DoneStories::Hidden,
        }
    }
}

/// The Backlog's groups, and how many done stories they leave out.
pub struct BacklogList {
    pub groups: Vec<Group<StoryId>>,
    pub headers: Headers,
    pub hidden_done: usize,
}

/// The Backlog's stories through its filters (`state`'s text, epic and `:` expression).
/// Done stories are left out unless `state.done` shows them or a `:` expression is in
/// force (it says itself what it wants, `status:done` included); the ones left out are
/// counted.
pub fn backlog(
    product: &Product,
    derived: &Derived,
    state: &BacklogState,
    search: &mut SearchRows,
) -> BacklogList {
    let (epic, grouped, done) = (state.epic, state.grouped, state.done);
    let text = TextFilter::new(&state.filter);
    let query = state.query.as_ref();
    // `sprint:current` stands for the sprint that is current now.
    let query = query.map(|q| q.resolved(product));
    let query = query.as_ref();
    let stories = product.stories();
    search.refresh(stories.shared());
    let search = &*search;
    let rows = search.rows();
    // Read from the rows, in rank order as the stories are; only a `:` query reads stories.
    let filtered = |i: usize, r: &Row| {
        epic.is_none_or(|e| r.epic == Some(e))
            && text.matches_text(search.text(r))
            && query.is_none_or(|q| stories.get(i).is_some_and(|s| q.matches(s)))
    };
    let hide_done = done == DoneStories::Hidden && query.is_none();
    let hidden = std::cell::Cell::new(0);
    let keep = |(i, r): &(usize, &Row)| {
        if !filtered(*i, r) {
            return false;
        }
        if hide_done && r.done {
            hidden.set(hidden.get() + 1);
            return false;
        }
        true
    };
    if !grouped {
        let mut marker = None;
        let line = derived.waterline.and_then(|w| w.last_fitting());
        let mut items = Vec::new();
        for (i, s) in rows.iter().enumerate() {
            if !keep(&(i, s)) {
                continue;
            }
            // The waterline sits before the first shown story ranked below the last fit.
            if marker.is_none() && derived.waterline.is_some() && line.is_none_or(|l| i > l) {
                marker = Some(items.len());
            }
            items.push(s.id);
        }
        if marker.is_none() && derived.waterline.is_some() {
            marker = Some(items.len());
        }
        let mut group = Group::new("Backlog", items);
        group.marker_after = marker;
        return BacklogList {
            groups: vec![group],
            headers: Headers::Hidden,
            hidden_done: hidden.get(),
        };
    }
    let mut groups: Vec<Group<StoryId>> = product
        .epics()
        .iter()
        .filter(|e| epic.is_none_or(|f| f == e.id))
        .map(|e| Group::new(format!("{} {}", e.id, e.title), Vec::new()))
        .collect();
    let index: std::collections::HashMap<EpicId, usize> = product
        .epics()
        .iter()
        .filter(|e| epic.is_none_or(|f| f == e.id))
        .enumerate()
        .map(|(i, e)| (e.id, i))
        .collect();
    let mut loose = Group::new("No epic", Vec::new());
    for (_, s) in rows.iter().enumerate().filter(keep) {
        match s.epic.and_then(|e| index.get(&e)) {
            Some(&g) => groups[g].items.push(s.id),
            None => loose.items.push(s.id),
        }
    }
    groups.push(loose);
    groups.retain(|g| !g.items.is_empty());
    BacklogList {
        groups,
        headers: Headers::Shown,
        hidden_done: hidden.get(),
    }
}

/// Roadmap board: visions, then the epics of each horizon in rank order.
/// The order of epics within a roadmap horizon (`o` cycles).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RoadSort {
    /// The ranking itself: what `J`/`K` change.
    #[default]
    Rank,
    /// Highest score first; unscored epics last, in rank order.
    Score,
    /// Earliest target date first; undated ones last.
    Target,
}

impl RoadSort {
    pub fn next(self) -> RoadSort {
        match self {
            RoadSort::Rank => RoadSort::Score,
            RoadSort::Score => RoadSort::Target,
            RoadSort::Target => RoadSort::Rank,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            RoadSort::Rank => "by rank",
            RoadSort::Score => "by score",
            RoadSort::Target => "by target date",
        }
    }
}

pub fn roadmap_board(product: &Product, filter: &str, sort: RoadSort) -> Vec<Group<RoadItem>> {
    let score = |e: &crate::model::Epic| product.epic_score(e).unwrap_or(f64::NEG_INFINITY);
    let visions = product
        .visions()
        .iter()
        .filter(|v| matches(filter, &v.id.to_string(), &v.title, &[]))
        .map(|v| RoadItem::Vision(v.id))
        .collect();
    let mut groups = vec![Group::new("Visions", visions)];
    for h in Horizon::ALL {
        let mut epics: Vec<&crate::model::Epic> = product
            .epics()
            .iter()
            .filter(|e| e.horizon == *h && epic_matches(e, filter))
            .collect();
        // Stable sorts: ties keep the rank order.
        match sort {
            RoadSort::Rank => {}
            RoadSort::Score => epics.sort_by(|a, b| score(b).total_cmp(&score(a))),
            RoadSort::Target => epics.sort_by_key(|e| (e.target.is_none(), e.target)),
        }
        let items = epics.into_iter().map(|e| RoadItem::Epic(e.id)).collect();
        groups.push(Group::new(horizon_title(*h), items));
    }
    groups
}

/// Timeline: dated epics by start date, then the undated ones.
pub fn roadmap_timeline(product: &Product, filter: &str) -> Vec<Group<RoadItem>> {
    let mut dated: Vec<&crate::model::Epic> = product
        .epics()
        .iter()
        .filter(|e| e.start.is_some() && e.target.is_some() && epic_matches(e, filter))
        .collect();
    dated.sort_by_key(|e| (e.start, e.target));
    let undated = product
        .epics()
        .iter()
        .filter(|e| !(e.start.is_some() && e.target.is_some()) && epic_matches(e, filter))
        .map(|e| RoadItem::Epic(e.id))
        .collect();
    vec![
        Group::new(
            "Dated",
            dated.iter().map(|e| RoadItem::Epic(e.id)).collect(),
        ),
        Group::new("Undated", undated),
    ]
}

/// The vision board: one group per vision, its goals in their order. A filter keeps the
/// goals whose text (or the vision's id or title) has every word.
pub fn roadmap_goals(product: &Product, filter: &str) -> Vec<Group<RoadItem>> {
    product
        .visions()
        .iter()
        .map(|v| {
            let title = format!("{} {}", v.id, v.title);
            let goals = v
                .goals
                .iter()
                .enumerate()
                .map(|(i, g)| (GoalRef::new(v.id, i + 1), g))
                .filter(|(r, g)| {
                    matches(filter, &r.to_string(), &format!("{title} {}", g.text), &[])
                })
                .map(|(r, _)| RoadItem::Goal(r))
                .collect();
            Group::new(title, goals)
        })
        .collect()
}

fn epic_matches(e: &crate::model::Epic, filter: &str) -> bool {
    matches(filter, &e.id.to_string(), &e.title, &e.labels)
}

pub fn horizon_title(h: Horizon) -> &'static str {
    match h {
        Horizon::Now => "Now",
        Horizon::Next => "Next",
        Horizon::Later => "Later",
    }
}

/// The sprint board: one group per status, stories in backlog order.
pub fn sprint_board(
    product: &Product,
    sprint: Option<SprintId>,
    filter: &str,
) -> Vec<Group<StoryId>> {
    let mut groups: Vec<Group<StoryId>> = StoryStatus::ALL
        .iter()
        .map(|s| Group::new(status_title(*s), Vec::new()))
        .collect();
    let Some(sprint) = sprint else {
        return groups;
    };
    let text = TextFilter::new(filter);
    for s in product.sprint_stories(sprint) {
        if !text.matches(s.id, &s.title, &s.labels) {
            continue;
        }
        let col = StoryStatus::ALL
            .iter()
            .position(|st| *st == s.status)
            .unwrap_or(0);
        if let Some(g) = groups.get_mut(col) {
            g.items.push(s.id);
        }
    }
    groups
}

pub fn status_title(s: StoryStatus) -> &'static str {
    match s {
        StoryStatus::Draft => "Draft",
        StoryStatus::Ready => "Ready",
        StoryStatus::InProgress => "In progress",
        StoryStatus::Review => "Review",
        StoryStatus::Done => "Done",
    }
}
