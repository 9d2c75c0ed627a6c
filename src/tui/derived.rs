//! Figures the panes show that would cost O(stories) to compute: worked out once each time
//! the product changes, never per frame.

mod ids;
mod sprint;

pub use ids::{IdMap, IdSet};
pub use sprint::SprintFigures;

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::{
    BurndownDay, CannotForecast, EpicId, EpicOutlook, Flow, FlowFilter, Forecast, Product,
    Progress, SprintId, SprintState, StoryId, StoryStatus, VisionId,
};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// Where each story, epic and vision sits in the product's vectors, so drawing a row
    /// looks its item up in O(1).
    pub story_at: IdMap<StoryId, usize>,
    pub epic_at: HashMap<EpicId, usize>,
    pub vision_at: HashMap<VisionId, usize>,
    /// Read through [`Derived::epic_progress`], which makes an epic with no story zero.
    epic_progress: IdMap<EpicId, Progress>,
    pub blocked: IdSet<StoryId>,
    /// The ids of the entities holding an open merge conflict, as the conflicts name them.
    pub conflicted: HashSet<String>,
    /// The sprint the Sprint view shows: the active one, else the next planned.
    pub sprint: Option<SprintId>,
    pub sprint_progress: Progress,
    /// Read through [`Derived::burndown`]: worked out when first drawn, since only the
    /// Sprint view's chart shows it and an edit in another pane need not wait for it.
    burndown: OnceCell<Vec<BurndownDay>>,
    /// Where the backlog's waterline falls, for what it is drawn at ([`WaterlineAt`]).
    pub waterline: Option<Waterline>,
    pub sprints: SprintFigures,
    /// When each epic will be done, from the team's pace; why not, when it cannot say.
    /// `None` only before the first computation.
    pub forecast: Option<Result<Forecast, CannotForecast>>,
    /// The columns the widest story and epic id take (`S-19999` is 7): lists give their id
    /// column this width, so ids are never cut and rows line up; the title gives way.
    pub story_id_width: usize,
    pub epic_id_width: usize,
    /// Lead and cycle times of every finished story and the age of the work in progress,
    /// as of noon today, for the Sprint view's flow chart: read through [`Derived::flow`],
    /// worked out when that chart is first drawn.
    flow: OnceCell<Option<Flow>>,
    /// The day the figures are for.
    today: NaiveDate,
}

/// What the backlog's waterline measures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WaterlineAt {
    /// What fits the next planned sprint's capacity.
    #[default]
    NextSprint,
    /// What gets done by the end of the day with 85% confidence: `roadlog forecast --by`.
    Date(NaiveDate),
}

/// Where the waterline falls: after the last story (by backlog index) that still fits;
/// `None` there when not even the first does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Waterline {
    Sprint {
        sprint: SprintId,
        capacity: u32,
        last_fitting: Option<usize>,
        points: u32,
    },
    Date {
        date: NaiveDate,
        /// The sprints ahead that end by the date.
        sprints: usize,
        /// The points done by then in 85% of the forecast's draws.
        points: f64,
        stories: usize,
        last_fitting: Option<usize>,
    },
}

impl Waterline {
    pub fn last_fitting(&self) -> Option<usize> {
        match self {
            Waterline::Sprint { last_fitting, .. } | Waterline::Date { last_fitting, .. } => {
                *last_fitting
            }
        }
    }
}

impl Derived {
    /// The epic's stories and points done, as [`Product::epic_progress`] counts them.
    pub fn epic_progress(&self, id: EpicId) -> Progress {
        self.epic_progress.get(&id).copied().unwrap_or_default()
    }

    pub fn compute(product: &Product, today: NaiveDate, at: WaterlineAt) -> Derived {
        let story_at = ids::enumerate(product.stories().iter().map(|s| s.id));
        Derived::compute_with(product, today, at, story_at)
    }

    /// [`Derived::compute`] after a change, keeping the story index if every story is still
    /// where it says (most edits change no place): checking that costs a fraction of
    /// building the index again.
    pub fn recompute(&mut self, product: &Product, today: NaiveDate, at: WaterlineAt) {
        let stories = product.stories();
        let still = self.story_at.len() == stories.len()
            && stories
                .iter()
                .enumerate()
                .all(|(i, s)| self.story_at.get(&s.id) == Some(&i));
        let story_at = if still {
            std::mem::take(&mut self.story_at)
        } else {
            ids::enumerate(stories.iter().map(|s| s.id))
        };
        *self = Derived::compute_with(product, today, at, story_at);
    }

    fn compute_with(
        product: &Product,
        today: NaiveDate,
        at: WaterlineAt,
        story_at: IdMap<StoryId, usize>,
    ) -> Derived {
        let mut epic_progress: IdMap<EpicId, Progress> = IdMap::default();
        for s in product.stories() {
            if let Some(e) = s.epic {
                epic_progress.entry(e).or_default().count(s);
            }
        }
        // Blocked by a story that exists and is not done: looked up through the index.
        let blocked = product
            .stories()
            .iter()
            .filter(|s| {
                s.blocked_by.iter().any(|b| {
                    story_at
                        .get(b)
                        .and_then(|i| product.stories().get(*i))
                        .is_some_and(|b| !b.is_done())
                })
            })
            .map(|s| s.id)
            .collect();
        let sprint = product
            .active_sprint()
            .or_else(|| product.next_planned_sprint())
            .map(|s| s.id);
        let sprint_progress =
            sprint.map_or_else(Progress::default, |id| product.sprint_progress(id));
        let mut derived = Derived {
            story_at,
            epic_at: enumerate(product.epics().iter().map(|e| e.id)),
            vision_at: enumerate(product.visions().iter().map(|v| v.id)),
            epic_progress,
            blocked,
            conflicted: product
                .conflicts()
                .iter()
                .map(|c| c.entity.clone())
                .collect(),
            sprint,
            sprint_progress,
            burndown: OnceCell::new(),
            waterline: None,
            sprints: SprintFigures::default(),
            forecast: None,
            story_id_width: id_width(product.stories().iter().map(|s| s.id.0), "S-"),
            epic_id_width: id_width(product.epics().iter().map(|e| e.id.0), "E-"),
            flow: OnceCell::new(),
            today,
        };
        derived.rank_figures(product, today, at);
        derived
    }

    /// After `id` moved in the ranking and nothing else changed (`J`, `K`, `T`, `B` and
    /// their undo): the index shifts between its old and new place, and only the figures
    /// that depend on the order are worked out again. Gives what [`Derived::compute`] would.
    pub fn story_moved(
        &mut self,
        product: &Product,
        id: StoryId,
        today: NaiveDate,
        at: WaterlineAt,
    ) {
        let (Some(&from), Ok(rank)) = (self.story_at.get(&id), product.story_rank(id)) else {
            *self = Derived::compute(product, today, at);
            return;
        };
        let to = rank - 1;
        for i in from.min(to)..=from.max(to) {
            if let Some(s) = product.stories().get(i) {
                self.story_at.insert(s.id, i);
            }
        }
        self.rank_figures(product, today, at);
    }

    /// The figures that depend on the order of the backlog: the waterline, the forecast
    /// (it walks the backlog in rank order), the Sprint view's (its blocked stories are in
    /// backlog order) and the flow chart's (ties keep the backlog's order; worked out again
    /// when next drawn).
    fn rank_figures(&mut self, product: &Product, today: NaiveDate, at: WaterlineAt) {
        let forecast = product.forecast(today);
        self.waterline = match (at, &forecast) {
            (WaterlineAt::NextSprint, _) => waterline(product),
            (WaterlineAt::Date(date), Ok(f)) => Some(by_date(product, f, date)),
            (WaterlineAt::Date(_), Err(_)) => None,
        };
        self.forecast = Some(forecast);
        self.sprints = SprintFigures::compute(product, self.sprint);
        self.flow = OnceCell::new();
    }

    /// The shown sprint's burndown (from `product`, the one these figures are of).
    pub fn burndown(&self, product: &Product) -> &[BurndownDay] {
        self.burndown.get_or_init(|| {
            self.sprint
                .map_or_else(Vec::new, |id| product.burndown(id, self.today))
        })
    }

    /// The flow figures (from `product`, the one these figures are of).
    pub fn flow(&self, product: &Product) -> Option<&Flow> {
        self.flow
            .get_or_init(|| {
                self.today
                    .and_hms_opt(12, 0, 0)
                    .and_then(|noon| product.flow(&FlowFilter::default(), noon.and_utc()).ok())
            })
            .as_ref()
    }

    /// The forecast of an epic with work left, if there is a forecast at all.
    pub fn epic_forecast(&self, id: EpicId) -> Option<&crate::model::EpicForecast> {
        match self.forecast.as_ref()?.as_ref().ok()?.epic(id) {
            EpicOutlook::Forecast(f) => Some(f),
            EpicOutlook::Done | EpicOutlook::NoStories => None,
        }
    }

    /// Whether the epic's 85% date falls after its target (or beyond the forecast).
    pub fn late(&self, epic: &crate::model::Epic) -> bool {
        matches!(&self.forecast, Some(Ok(f)) if f.late(epic))
    }
}

/// Walks the backlog in rank order, adding the points of stories still to be planned (not
/// done, not in an active or closed sprint) until the next planned sprint is full.
fn waterline(product: &Product) -> Option<Waterline> {
    let next = product.next_planned_sprint()?;
    let capacity = next.capacity?;
    let busy: HashSet<SprintId> = product
        .sprints()
        .iter()
        .filter(|s| s.state != SprintState::Planned)
        .map(|s| s.id)
        .collect();
    let mut points = 0u32;
    let mut last_fitting = None;
    for (i, s) in product.stories().iter().enumerate() {
        if s.status == StoryStatus::Done || s.sprint.is_some_and(|sp| busy.contains(&sp)) {
            continue;
        }
        let p = s.points.unwrap_or(0);
        if points.saturating_add(p) > capacity {
            break;
        }
        points = points.saturating_add(p);
        last_fitting = Some(i);
    }
    Some(Waterline::Sprint {
        sprint: next.id,
        capacity,
        last_fitting,
        points,
    })
}

/// The stories the forecast says are done by `date` (the same answer as `roadlog forecast
/// --by`): a run of the backlog in rank order, so the line falls after the last of them.
fn by_date(product: &Product, f: &Forecast, date: NaiveDate) -> Waterline {
    let by = f.by(date);
    let reached: IdSet<StoryId> = by.stories.iter().copied().collect();
    Waterline::Date {
        date,
        sprints: by.sprints,
        points: by.points,
        stories: by.stories.len(),
        last_fitting: product
            .stories()
            .iter()
            .rposition(|s| reached.contains(&s.id)),
    }
}

/// The width of the widest id written with `prefix`.
fn id_width(numbers: impl Iterator<Item = u32>, prefix: &str) -> usize {
    prefix.len() + numbers.max().unwrap_or(0).to_string().len()
}

fn enumerate<K: std::hash::Hash + Eq>(ids: impl Iterator<Item = K>) -> HashMap<K, usize> {
    ids.enumerate().map(|(i, id)| (id, i)).collect()
}
