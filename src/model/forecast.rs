//! When will it be done? A Monte Carlo forecast from the team's real pace.
//!
//! The velocities are the done points of the last closed sprints (the settings' window,
//! default six; at least three). The work is every story not done, walked in backlog
//! order, unestimated stories counted at the mean estimate and flagged. Each of 10,000
//! draws plays the sprints ahead, each sprint's points picked at random from the recorded
//! velocities (the active sprint's less what it has already done), and notes the sprint in
//! which each epic's last remaining story is reached. The 50% and 85% dates are the ends of
//! the sprints that half and 85% of the draws reach: the planned sprints' own dates first,
//! then back-to-back sprints of the last one's length.
//!
//! Every draw has its own ChaCha8 stream, seeded from its number: the answer is the same on
//! every machine and every run, and a question about fewer or more sprints (`by`) replays
//! exactly the draws the epics were forecast from.

use chrono::{Days, NaiveDate};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use super::{EpicId, ModelError, Product, SprintId, SprintState, StoryId};

/// How many futures are played.
pub const DRAWS: usize = 10_000;
/// Fewer closed sprints than this say too little about a team's pace to forecast from.
pub const MIN_CLOSED_SPRINTS: usize = 3;
/// Forecasts look no further ahead than this many sprints (20 years of two-week sprints).
pub const HORIZON: usize = 520;
/// The sprint length when no sprint says one.
const DEFAULT_SPRINT_DAYS: u64 = 14;
/// Any fixed number would do; this one spells "roadlog".
const SEED: u64 = 0x0072_6f61_646c_6f67;

/// Why there is no forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CannotForecast {
    /// Too few closed sprints: these are all there are.
    TooFewSprints { closed: Vec<SprintId> },
    /// The sprints drawn from finished nothing, so no amount of them finishes anything.
    NoPace { sprints: Vec<SprintId> },
}

impl std::fmt::Display for CannotForecast {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CannotForecast::TooFewSprints { closed } => {
                let had = match closed.len() {
                    0 => "no sprint has closed yet".to_string(),
                    1 => format!("only 1 sprint has closed ({})", closed[0]),
                    n => format!("only {n} sprints have closed ({})", sprint_range(closed)),
                };
                write!(
                    f,
                    "cannot forecast yet: {had}, and a forecast needs the done points of at \
                     least {MIN_CLOSED_SPRINTS} to draw the team's pace from"
                )
            }
            CannotForecast::NoPace { sprints } => write!(
                f,
                "cannot forecast: {} finished no points, so no number of sprints finishes the backlog",
                sprint_range(sprints)
            ),
        }
    }
}

/// "SP-1..SP-6" for a run of consecutive ids, else "SP-1, SP-3, SP-4".
pub fn sprint_range(ids: &[SprintId]) -> String {
    let consecutive = ids.windows(2).all(|w| w[1].0 == w[0].0 + 1);
    match (ids.first(), ids.last()) {
        (Some(a), Some(b)) if consecutive && ids.len() > 2 => format!("{a}..{b}"),
        _ => ids
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// One story of the remaining work, in backlog order.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub story: StoryId,
    pub epic: Option<EpicId>,
    /// Its estimate, or the mean estimate when it has none.
    pub points: f64,
    pub estimated: bool,
    /// The points of the walk up to and including this story.
    pub through: f64,
}

/// The sprint in which a share of the draws reach something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    /// The `number`-th sprint ahead (1 is the active sprint, or the next one), and its end.
    Sprint {
        number: usize,
        sprint: Option<SprintId>,
        end: NaiveDate,
    },
    /// Not within [`HORIZON`] sprints.
    Beyond,
}

impl Landing {
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Landing::Sprint { end, .. } => Some(end),
            Landing::Beyond => None,
        }
    }
}

/// An epic with work left, and when it will be done.
#[derive(Debug, Clone, PartialEq)]
pub struct EpicForecast {
    pub epic: EpicId,
    pub points_left: f64,
    pub stories_left: usize,
    /// The points of the walk up to its last story: its own and the other work before it.
    pub through: f64,
    /// Unestimated stories up to the epic's last one: each is a guess in its date.
    pub unestimated: usize,
    pub p50: Landing,
    pub p85: Landing,
}

/// What a forecast says of one epic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EpicOutlook<'a> {
    Done,
    NoStories,
    Forecast(&'a EpicForecast),
}

/// What gets done by a date with 85% confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct ByDate {
    /// The sprints ahead that end by the date.
    pub sprints: usize,
    /// The points done by then in 85% of the draws.
    pub points: f64,
    /// The stories those points reach, in backlog order.
    pub stories: Vec<StoryId>,
}

/// The sprints ahead: the active and planned ones, then as many more as needed.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    known: Vec<(SprintId, NaiveDate)>,
    /// Whether the first known sprint is the active one, which has done some work already.
    first_is_active: bool,
    /// The first day after the known sprints.
    then: NaiveDate,
    pub sprint_days: u64,
}

impl Calendar {
    /// The sprint and the last day of the `number`-th sprint ahead (from 1).
    pub fn sprint(&self, number: usize) -> (Option<SprintId>, NaiveDate) {
        if let Some((id, end)) = number.checked_sub(1).and_then(|i| self.known.get(i)) {
            return (Some(*id), *end);
        }
        let after = number.saturating_sub(self.known.len()) as u64;
        let end = self
            .then
            .checked_add_days(Days::new(after * self.sprint_days))
            .and_then(|d| d.checked_sub_days(Days::new(1)))
            .unwrap_or(NaiveDate::MAX);
        (None, end)
    }

    /// How many sprints ahead end on or before `date`.
    pub fn sprints_by(&self, date: NaiveDate) -> usize {
        let known = self.known.iter().filter(|(_, end)| *end <= date).count();
        if known < self.known.len() || date < self.then {
            return known;
        }
        let days = (date - self.then).num_days() as u64 + 1;
        (known + (days / self.sprint_days) as usize).min(HORIZON)
    }

    /// The known sprints ahead: the active one first, then the planned ones by date.
    pub fn known(&self) -> &[(SprintId, NaiveDate)] {
        &self.known
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The done points drawn from, oldest first.
    pub velocity: Vec<(SprintId, u32)>,
    /// Points already done in the active sprint: its draw is that much smaller.
    pub already_done: u32,
    pub calendar: Calendar,
    pub walk: Vec<Step>,
    /// The mean estimate, used for unestimated stories; none when nothing is estimated.
    pub mean_story: Option<f64>,
    epics: Vec<EpicForecast>,
    done_epics: Vec<EpicId>,
}

impl Product {
    /// The forecast of every epic with work left, seen from `today`.
    pub fn forecast(&self, today: NaiveDate) -> Result<Forecast, CannotForecast> {
        let closed = self.closed_sprint_points();
        let window = self.settings.forecast_window.max(MIN_CLOSED_SPRINTS);
        let velocity = closed[closed.len().saturating_sub(window)..].to_vec();
        let ids: Vec<SprintId> = velocity.iter().map(|(id, _)| *id).collect();
        if velocity.len() < MIN_CLOSED_SPRINTS {
            return Err(CannotForecast::TooFewSprints { closed: ids });
        }
        if velocity.iter().all(|(_, p)| *p == 0) {
            return Err(CannotForecast::NoPace { sprints: ids });
        }
        let calendar = self.calendar(today);
        let already_done = match (calendar.first_is_active, calendar.known.first()) {
            (true, Some((id, _))) => self.sprint_progress(*id).points_done,
            _ => 0,
        };
        let (walk, mean_story) = self.remaining_walk();
        let mut forecast = Forecast {
            velocity,
            already_done,
            calendar,
            walk,
            mean_story,
            epics: Vec::new(),
            done_epics: Vec::new(),
        };
        forecast.forecast_epics(self);
        Ok(forecast)
    }

    /// Sets how many of the last closed sprints forecasts draw from.
    pub fn set_forecast_window(&mut self, sprints: usize) -> Result<(), ModelError> {
        if sprints < MIN_CLOSED_SPRINTS {
            return Err(ModelError::OutOfRange {
                what: "the forecast window",
                rule: "3 sprints or more",
                value: sprints.to_string(),
            });
        }
        self.settings.forecast_window = sprints;
        Ok(())
    }

    fn calendar(&self, today: NaiveDate) -> Calendar {
        let active = self.active_sprint();
        let mut planned: Vec<_> = self
            .sprints
            .iter()
            .filter(|s| s.state == SprintState::Planned && s.end >= today)
            .collect();
        planned.sort_by_key(|s| (s.start, s.id));
        let known: Vec<_> = active.into_iter().chain(planned).collect();
        let last_closed = self
            .sprints
            .iter()
            .filter(|s| s.state == SprintState::Closed)
            .max_by_key(|s| (s.end, s.id));
        let length = known
            .last()
            .copied()
            .or(last_closed)
            .map_or(DEFAULT_SPRINT_DAYS, |s| {
                (s.end - s.start).num_days().max(0) as u64 + 1
            });
        // The next sprint starts after the last known one, but never in the past: an
        // overdue active sprint still has to close before another starts.
        let then = known
            .last()
            .or(last_closed.as_ref())
            .and_then(|s| s.end.succ_opt())
            .map_or(today, |day| day.max(today));
        Calendar {
            first_is_active: active.is_some(),
            known: known.iter().map(|s| (s.id, s.end)).collect(),
            then,
            sprint_days: length,
        }
    }

    /// Every story not done, in backlog order, with the points it adds up to.
    fn remaining_walk(&self) -> (Vec<Step>, Option<f64>) {
        let estimates: Vec<f64> = self
            .stories
            .iter()
            .filter_map(|s| s.points.map(f64::from))
            .collect();
        let mean_story =
            (!estimates.is_empty()).then(|| estimates.iter().sum::<f64>() / estimates.len() as f64);
        let mut through = 0.0;
        let walk = self
            .stories
            .iter()
            .filter(|s| !s.is_done())
            .map(|s| {
                let points = s.points.map(f64::from).or(mean_story).unwrap_or(0.0);
                through += points;
                Step {
                    story: s.id,
                    epic: s.epic,
                    points,
                    estimated: s.points.is_some(),
                    through,
                }
            })
            .collect();
        (walk, mean_story)
    }
}

impl Forecast {
    pub fn epics(&self) -> &[EpicForecast] {
        &self.epics
    }

    pub fn epic(&self, id: EpicId) -> EpicOutlook<'_> {
        if let Some(f) = self.epics.iter().find(|f| f.epic == id) {
            EpicOutlook::Forecast(f)
        } else if self.done_epics.contains(&id) {
            EpicOutlook::Done
        } else {
            EpicOutlook::NoStories
        }
    }

    /// Whether the epic's 85% date falls after its target (or beyond the forecast).
    pub fn late(&self, epic: &super::Epic) -> bool {
        match (self.epic(epic.id), epic.target) {
            (EpicOutlook::Forecast(f), Some(target)) => f.p85.date().is_none_or(|d| d > target),
            _ => false,
        }
    }

    /// The mean of the velocities drawn from, and their sample standard deviation.
    pub fn pace(&self) -> (f64, f64) {
        let n = self.velocity.len() as f64;
        let mean = self
            .velocity
            .iter()
            .map(|(_, p)| f64::from(*p))
            .sum::<f64>()
            / n;
        let var = self
            .velocity
            .iter()
            .map(|(_, p)| (f64::from(*p) - mean).powi(2))
            .sum::<f64>()
            / (n - 1.0).max(1.0);
        (mean, var.sqrt())
    }

    /// Unestimated stories in the whole walk.
    pub fn unestimated(&self) -> usize {
        self.walk.iter().filter(|s| !s.estimated).count()
    }

    /// What is done by the end of `date` with 85% confidence: the stories, in backlog
    /// order, that 85% of the draws reach within the sprints ending by then.
    pub fn by(&self, date: NaiveDate) -> ByDate {
        let sprints = self.calendar.sprints_by(date);
        let mut totals: Vec<f64> = (0..DRAWS)
            .map(|d| {
                let mut draw = Draw::new(self, d);
                (1..=sprints).map(|k| draw.sprint(k)).sum()
            })
            .collect();
        totals.sort_by(f64::total_cmp);
        // At least 85% of the draws reach this many points or more.
        let points = totals[DRAWS * 15 / 100];
        let stories = self
            .walk
            .iter()
            .take_while(|s| s.through <= points)
            .map(|s| s.story)
            .collect();
        ByDate {
            sprints,
            points,
            stories,
        }
    }

    fn forecast_epics(&mut self, product: &Product) {
        let mut targets: Vec<EpicForecast> = Vec::new();
        for e in product.epics() {
            let steps: Vec<(usize, &Step)> = self
                .walk
                .iter()
                .enumerate()
                .filter(|(_, s)| s.epic == Some(e.id))
                .collect();
            let Some(&(last, last_step)) = steps.last() else {
                if product.epic_progress(e.id).stories > 0 {
                    self.done_epics.push(e.id);
                }
                continue;
            };
            targets.push(EpicForecast {
                epic: e.id,
                points_left: steps.iter().map(|(_, s)| s.points).sum(),
                stories_left: steps.len(),
                through: last_step.through,
                unestimated: self.walk[..=last].iter().filter(|s| !s.estimated).count(),
                p50: Landing::Beyond,
                p85: Landing::Beyond,
            });
        }
        let ends: Vec<f64> = targets.iter().map(|t| t.through).collect();
        let landed = self.landings(&ends);
        for (target, sprints) in targets.iter_mut().zip(landed) {
            target.p50 = self.landing(&sprints, 50);
            target.p85 = self.landing(&sprints, 85);
        }
        self.epics = targets;
    }

    /// For each amount of points, the sprint (from 1) each draw reaches it in, or
    /// `HORIZON + 1` for beyond; sorted, so percentiles can be read off.
    fn landings(&self, ends: &[f64]) -> Vec<Vec<usize>> {
        // What even the best sprint every time cannot reach lands beyond in every draw:
        // left out of the play, so a huge backlog costs no more than a small one.
        let best = self.velocity.iter().map(|(_, p)| *p).max().unwrap_or(0);
        let reach = f64::from(best) * HORIZON as f64;
        let mut order: Vec<usize> = (0..ends.len()).filter(|i| ends[*i] <= reach).collect();
        order.sort_by(|a, b| ends[*a].total_cmp(&ends[*b]));
        let mut landed = vec![Vec::with_capacity(DRAWS); ends.len()];
        for (i, sprints) in landed.iter_mut().enumerate() {
            if ends[i] > reach {
                sprints.resize(DRAWS, HORIZON + 1);
            }
        }
        for d in 0..DRAWS {
            let mut draw = Draw::new(self, d);
            let (mut total, mut next, mut sprint) = (0.0, 0, 0);
            while next < order.len() && sprint < HORIZON {
                sprint += 1;
                total += draw.sprint(sprint);
                while next < order.len() && ends[order[next]] <= total {
                    landed[order[next]].push(sprint);
                    next += 1;
                }
            }
            for &i in &order[next..] {
                landed[i].push(HORIZON + 1);
            }
        }
        for sprints in &mut landed {
            sprints.sort_unstable();
        }
        landed
    }

    /// The sprint `percent` of the draws have reached by (nearest rank).
    fn landing(&self, sorted: &[usize], percent: usize) -> Landing {
        let rank = (sorted.len() * percent).div_ceil(100).max(1);
        match sorted.get(rank - 1) {
            Some(&number) if number <= HORIZON => {
                let (sprint, end) = self.calendar.sprint(number);
                Landing::Sprint {
                    number,
                    sprint,
                    end,
                }
            }
            _ => Landing::Beyond,
        }
    }
}

/// One played future: its own random stream, so it is the same whatever is asked of it.
struct Draw<'a> {
    forecast: &'a Forecast,
    rng: ChaCha8Rng,
}

impl<'a> Draw<'a> {
    fn new(forecast: &'a Forecast, number: usize) -> Self {
        Draw {
            forecast,
            rng: ChaCha8Rng::seed_from_u64(SEED ^ number as u64),
        }
    }

    /// The points done in the `number`-th sprint ahead; called in order from 1.
    fn sprint(&mut self, number: usize) -> f64 {
        let velocity = &self.forecast.velocity;
        let picked = velocity[pick(&mut self.rng, velocity.len())].1;
        let points = if number == 1 && self.forecast.calendar.first_is_active {
            picked.saturating_sub(self.forecast.already_done)
        } else {
            picked
        };
        f64::from(points)
    }
}

/// A uniform index below `n`, by rejection, so no index is favoured and the result depends
/// only on the ChaCha stream (no library's sampling algorithm, which may change).
fn pick(rng: &mut ChaCha8Rng, n: usize) -> usize {
    let n = n as u32;
    let zone = u32::MAX - u32::MAX % n;
    loop {
        let x = rng.next_u32();
        if x < zone {
            return (x % n) as usize;
        }
    }
}
