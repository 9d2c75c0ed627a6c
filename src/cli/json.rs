//! The JSON printed by `--json`: the documented shape scripts rely on (docs/CLI.md). Built
//! from the model here and only here, so the saved file can change shape without breaking
//! scripts, and derived figures (rank, score, progress) appear beside the stored fields.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::model::{
    Amount, CommitLink, Criterion, Epic, EpicId, EpicStatus, GoalRef, Horizon, Product, Reading,
    Sprint, SprintId, SprintState, Story, StoryId, StoryStatus, Velocity, Vision, VisionId,
};

#[derive(Serialize)]
pub struct StoryView<'a> {
    id: StoryId,
    title: &'a str,
    as_a: &'a str,
    i_want: &'a str,
    so_that: &'a str,
    description: &'a str,
    acceptance_criteria: &'a [Criterion],
    points: Option<u32>,
    status: StoryStatus,
    epic: Option<EpicId>,
    sprint: Option<SprintId>,
    labels: &'a [String],
    assignee: Option<&'a str>,
    blocked_by: &'a [StoryId],
    /// The document's Definition of Done with this story's ticks; empty without one.
    definition_of_done: Vec<Check<'a>>,
    /// Linked git commits, oldest first.
    commits: &'a [CommitLink],
    rank: usize,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    /// What the source it was imported from calls it; `null` for stories made here.
    external_key: Option<&'a str>,
}

/// One ticked or unticked checklist item.
#[derive(Serialize)]
struct Check<'a> {
    text: &'a str,
    done: bool,
}

impl<'a> StoryView<'a> {
    /// `rank` is the 1-based backlog position, which the caller knows from iterating.
    pub fn new(product: &'a Product, s: &'a Story, rank: usize) -> Self {
        StoryView {
            id: s.id,
            title: &s.title,
            as_a: &s.as_a,
            i_want: &s.i_want,
            so_that: &s.so_that,
            description: &s.description,
            acceptance_criteria: &s.acceptance_criteria,
            points: s.points,
            status: s.status,
            epic: s.epic,
            sprint: s.sprint,
            labels: &s.labels,
            assignee: s.assignee.as_deref(),
            blocked_by: &s.blocked_by,
            definition_of_done: product
                .dod_checklist(s)
                .map(|(text, done)| Check { text, done })
                .collect(),
            commits: &s.commits,
            rank,
            created: s.created,
            updated: s.updated,
            external_key: s.external_key.as_deref(),
        }
    }
}

#[derive(Serialize)]
pub struct EpicView<'a> {
    id: EpicId,
    title: &'a str,
    description: &'a str,
    vision: Option<VisionId>,
    horizon: Horizon,
    status: EpicStatus,
    start: Option<NaiveDate>,
    target: Option<NaiveDate>,
    reach: Option<f64>,
    impact: Option<f64>,
    confidence: Option<f64>,
    effort: Option<f64>,
    score: Option<f64>,
    business_value: Option<f64>,
    time_criticality: Option<f64>,
    risk_reduction: Option<f64>,
    job_size: Option<f64>,
    wsjf_score: Option<f64>,
    labels: &'a [String],
    /// The goals it serves, as `V-1:2`.
    serves: &'a [GoalRef],
    rank: usize,
    stories: Vec<StoryId>,
    points_total: u32,
    points_done: u32,
    external_key: Option<&'a str>,
}

impl<'a> EpicView<'a> {
    /// Every epic, in rank order (rank 1 first).
    pub fn all(product: &'a Product) -> Vec<EpicView<'a>> {
        product
            .epics()
            .iter()
            .enumerate()
            .map(|(i, e)| EpicView::new(product, e, i + 1))
            .collect()
    }

    pub fn new(product: &'a Product, e: &'a Epic, rank: usize) -> Self {
        let progress = product.epic_progress(e.id);
        EpicView {
            id: e.id,
            title: &e.title,
            description: &e.description,
            vision: e.vision,
            horizon: e.horizon,
            status: e.status,
            start: e.start,
            target: e.target,
            reach: e.rice.map(|r| r.reach),
            impact: e.rice.map(|r| r.impact),
            confidence: e.rice.map(|r| r.confidence),
            effort: e.rice.map(|r| r.effort),
            score: e.score(),
            business_value: e.wsjf.map(|w| w.business_value),
            time_criticality: e.wsjf.map(|w| w.time_criticality),
            risk_reduction: e.wsjf.map(|w| w.risk_reduction),
            job_size: e.wsjf.map(|w| w.job_size),
            wsjf_score: e.wsjf.map(|w| w.score()),
            labels: &e.labels,
            serves: &e.serves,
            rank,
            stories: product
                .stories()
                .iter()
                .filter(|s| s.epic == Some(e.id))
                .map(|s| s.id)
                .collect(),
            points_total: progress.points_total,
            points_done: progress.points_done,
            external_key: e.external_key.as_deref(),
        }
    }
}

/// One row of `roadmap --json`: an epic where the roadmap shows it, Now, Next then Later,
/// each in rank order.
#[derive(Serialize)]
pub struct RoadmapRow<'a> {
    epic: EpicId,
    title: &'a str,
    horizon: Horizon,
    status: EpicStatus,
    rank: usize,
    /// Done share of its points (of its stories when none is estimated), 0 to 1.
    progress: f64,
    stories: usize,
    stories_done: usize,
    points_total: u32,
    points_done: u32,
    /// By the document's scoring method (`scoring`); `null` without its inputs.
    score: Option<f64>,
    scoring: &'static str,
    start: Option<NaiveDate>,
    target: Option<NaiveDate>,
}

impl<'a> RoadmapRow<'a> {
    pub fn new(product: &'a Product, e: &'a Epic) -> Self {
        let p = product.epic_progress(e.id);
        RoadmapRow {
            epic: e.id,
            title: &e.title,
            horizon: e.horizon,
            status: e.status,
            rank: product.epic_rank(e.id).unwrap_or(0),
            progress: (p.ratio() * 1000.0).round() / 1000.0,
            stories: p.stories,
            stories_done: p.stories_done,
            points_total: p.points_total,
            points_done: p.points_done,
            score: product.epic_score(e),
            scoring: product.scoring().as_str(),
            start: e.start,
            target: e.target,
        }
    }
}

#[derive(Serialize)]
pub struct SprintView<'a> {
    id: SprintId,
    name: &'a str,
    goal: &'a str,
    start: NaiveDate,
    end: NaiveDate,
    capacity: Option<u32>,
    state: SprintState,
    stories: Vec<StoryId>,
    /// The baseline once started; what is planned before.
    committed_points: u32,
    /// What is planned now, after scope changes.
    scope_points: u32,
    done_points: u32,
    days_left: i64,
    /// Recorded at the close; `null` before.
    carried_over: Option<&'a [StoryId]>,
    /// `null` with `carried_over` set means the top of the backlog.
    carried_to: Option<SprintId>,
}

impl<'a> SprintView<'a> {
    /// Narrows `stories` to those assigned to `name` (`sprint show --assignee`).
    pub fn only_assignee(mut self, product: &Product, name: &str) -> Self {
        self.stories.retain(|id| {
            product
                .story(*id)
                .is_ok_and(|s| s.assignee.as_deref() == Some(name))
        });
        self
    }

    pub fn new(product: &'a Product, s: &'a Sprint, today: NaiveDate) -> Self {
        let progress = product.sprint_progress(s.id);
        SprintView {
            id: s.id,
            name: &s.name,
            goal: &s.goal,
            start: s.start,
            end: s.end,
            capacity: s.capacity,
            state: s.state,
            stories: product.sprint_stories(s.id).map(|st| st.id).collect(),
            committed_points: product.committed_points(s),
            scope_points: progress.points_total,
            done_points: product.done_points(s.id),
            days_left: s.days_left(today),
            carried_over: s.result.as_ref().map(|r| r.carried_over.as_slice()),
            carried_to: s.result.as_ref().and_then(|r| r.carried_to),
        }
    }
}

/// `sprint list --json`: the sprints and the velocity, which belongs to the list as a whole.
#[derive(Serialize)]
pub struct SprintListView<'a> {
    sprints: Vec<SprintView<'a>>,
    velocity: VelocityView,
}

impl<'a> SprintListView<'a> {
    pub fn new(product: &'a Product, today: NaiveDate) -> Self {
        SprintListView {
            sprints: product
                .sprints()
                .iter()
                .map(|s| SprintView::new(product, s, today))
                .collect(),
            velocity: VelocityView::new(&product.velocity()),
        }
    }
}

/// `sprint show --json`: one sprint with the velocity and who has what beside it.
#[derive(Serialize)]
pub struct SprintShowView<'a> {
    #[serde(flatten)]
    sprint: SprintView<'a>,
    velocity: VelocityView,
    who_has_what: Vec<WorkloadView>,
}

impl<'a> SprintShowView<'a> {
    /// `assignee` narrows the stories and who has what to one person.
    pub fn new(
        product: &'a Product,
        s: &'a Sprint,
        today: NaiveDate,
        assignee: Option<&str>,
    ) -> Self {
        let sprint = SprintView::new(product, s, today);
        let sprint = match assignee {
            Some(name) => sprint.only_assignee(product, name),
            None => sprint,
        };
        SprintShowView {
            sprint,
            velocity: VelocityView::new(&product.velocity()),
            who_has_what: product
                .open_work(s.id)
                .into_iter()
                .filter(|w| assignee.is_none_or(|a| w.assignee.as_deref() == Some(a)))
                .map(|w| WorkloadView {
                    assignee: w.assignee,
                    stories: w.stories,
                    points: w.points,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct VelocityView {
    /// `null` until a sprint has closed.
    mean: Option<f64>,
    window: usize,
    sprints: Vec<VelocitySprint>,
}

#[derive(Serialize)]
struct VelocitySprint {
    id: SprintId,
    done_points: u32,
}

impl VelocityView {
    fn new(v: &Velocity) -> Self {
        VelocityView {
            mean: v.mean(),
            window: Velocity::WINDOW,
            sprints: v
                .sprints
                .iter()
                .map(|(id, done_points)| VelocitySprint {
                    id: *id,
                    done_points: *done_points,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct WorkloadView {
    assignee: Option<String>,
    stories: usize,
    points: u32,
}

#[derive(Serialize)]
pub struct VisionView<'a> {
    id: VisionId,
    title: &'a str,
    statement: &'a str,
    target_group: &'a str,
    needs: &'a str,
    product: &'a str,
    goals: Vec<GoalView<'a>>,
}

/// A goal always has all its keys, `null` (or `[]`) when unmeasured, so scripts need no
/// guards. `metric` and `target` are as written; `roadlog vision goals --json` gives them typed.
#[derive(Serialize)]
struct GoalView<'a> {
    text: &'a str,
    metric: Option<&'a str>,
    target: Option<&'a str>,
    due: Option<NaiveDate>,
    readings: Vec<ReadingView<'a>>,
}

/// One reading of a goal's metric, a number in the goal's unit.
#[derive(Serialize)]
pub struct ReadingView<'a> {
    date: NaiveDate,
    value: f64,
    note: Option<&'a str>,
}

impl<'a> ReadingView<'a> {
    pub fn new(r: &'a Reading) -> Self {
        ReadingView {
            date: r.date,
            value: r.value,
            note: r.note.as_deref(),
        }
    }
}

impl<'a> VisionView<'a> {
    pub fn new(v: &'a Vision) -> Self {
        VisionView {
            id: v.id,
            title: &v.title,
            statement: &v.statement,
            target_group: &v.target_group,
            needs: &v.needs,
            product: &v.product,
            goals: v
                .goals
                .iter()
                .map(|g| GoalView {
                    text: &g.text,
                    metric: g.metric.as_ref().map(Amount::as_str),
                    target: g.target.as_ref().map(Amount::as_str),
                    due: g.due,
                    readings: g.readings.iter().map(ReadingView::new).collect(),
                })
                .collect(),
        }
    }
}

/// Prints `value` as pretty JSON, streamed (the JSON of 100k stories is never held whole)
/// and made safe for a terminal on the way by [`crate::safe_text::json`].
pub fn print(value: &impl Serialize) -> anyhow::Result<()> {
    crate::cli::write_out_with(|out| {
        // serde_json writes token by token: cleaning goes by 64 KiB chunks instead.
        let mut safe = std::io::BufWriter::with_capacity(
            1 << 16,
            SafeJson {
                out,
                tail: Vec::new(),
            },
        );
        serde_json::to_writer_pretty(&mut safe, value)?;
        std::io::Write::write_all(&mut safe, b"\n")?;
        std::io::Write::flush(&mut safe)
    });
    Ok(())
}

/// Passes JSON text through [`crate::safe_text::json`] as it is written. That works char by
/// char, so any cut between whole chars gives the same text; the bytes of a char cut
/// between two writes wait in `tail` for the rest.
struct SafeJson<'w> {
    out: &'w mut dyn std::io::Write,
    tail: Vec<u8>,
}

impl std::io::Write for SafeJson<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.tail.is_empty()
            && let Ok(text) = std::str::from_utf8(buf)
        {
            self.out
                .write_all(crate::safe_text::json(text).as_bytes())?;
            return Ok(buf.len());
        }
        self.tail.extend_from_slice(buf);
        let whole = match std::str::from_utf8(&self.tail) {
            Ok(_) => self.tail.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
        };
        if let Ok(text) = std::str::from_utf8(&self.tail[..whole]) {
            self.out
                .write_all(crate::safe_text::json(text).as_bytes())?;
        }
        self.tail.drain(..whole);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
