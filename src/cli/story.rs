//! `roadlog story ...`: the backlog of user stories.

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};

use super::WriteChange;
use super::args::{self, OrNone, PlaceArgs, SprintFilter, or_none, replace_list};
use super::in_file;
use super::json::{self, StoryView};
use super::table::{Cells, Field, Streamed, id_prefix, number_or_dash, or_dash, print_fields};
use crate::model::{
    DoneRule, EpicId, ModelError, Place, Product, SprintId, Story, StoryDraft, StoryId, StoryPatch,
    StoryStatus,
};
use crate::query::Query;
use crate::safe_text;
use crate::store::{Store, StoreError};

#[derive(Debug, Subcommand)]
pub enum StoryCmd {
    /// Add a story at the bottom of the backlog
    Add {
        /// What the story is called in lists
        title: String,
        /// Start from this template's presets (`roadlog template list`); the options given
        /// here win, and labels and criteria add to the template's
        #[arg(long, value_name = "NAME")]
        template: Option<String>,
        #[command(flatten)]
        fields: NewStory,
    },
    /// List stories in backlog (rank) order
    List {
        #[command(flatten)]
        filter: StoryFilter,
        /// Print JSON instead of columns
        #[arg(long)]
        json: bool,
    },
    /// Show one story in full
    Show {
        id: StoryId,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Change a story's fields
    // The generated usage would list every option of the "at least one change" group.
    #[command(override_usage = "roadlog story edit <ID> <CHANGE>...")]
    Edit {
        id: StoryId,
        #[command(flatten)]
        changes: StoryChanges,
        /// Move it to done even with open acceptance criteria or unticked DoD items
        #[arg(long)]
        force: bool,
    },
    /// Move a story in the backlog
    Move {
        id: StoryId,
        #[command(flatten)]
        place: PlaceArgs<StoryId>,
    },
    /// Delete a story (and every blocked-by link to it)
    Rm { id: StoryId },
}

#[derive(Debug, Args)]
pub struct NewStory {
    /// The epic it belongs to
    #[arg(long, value_name = "ID")]
    epic: Option<EpicId>,
    /// Its estimate, a whole number of points
    #[arg(long, value_name = "N", value_parser = args::points, allow_hyphen_values = true)]
    points: Option<u32>,
    /// Who wants it: "As a ROLE"
    #[arg(long = "as", value_name = "ROLE")]
    as_a: Option<String>,
    /// What they want: "I want GOAL"
    #[arg(long = "want", value_name = "GOAL")]
    i_want: Option<String>,
    /// Why: "so that BENEFIT"
    #[arg(long, value_name = "BENEFIT")]
    so_that: Option<String>,
    /// Free text
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// An acceptance criterion (repeat for more)
    #[arg(long = "ac", value_name = "TEXT")]
    criteria: Vec<String>,
    /// A label (repeat for more)
    #[arg(long = "label", value_name = "L")]
    labels: Vec<String>,
    /// Who works on it
    #[arg(long, value_name = "NAME")]
    assignee: Option<String>,
    /// Plan it straight into this sprint
    #[arg(long, value_name = "ID")]
    sprint: Option<SprintId>,
    /// A story that must be done first (repeat for more)
    #[arg(long = "blocked-by", value_name = "ID")]
    blocked_by: Vec<StoryId>,
}

/// At least one change is required, so a bare `story edit S-1` is a usage error.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct StoryChanges {
    /// A new title
    #[arg(long)]
    title: Option<String>,
    /// draft, ready, in-progress (or doing), review or done
    #[arg(long, value_parser = args::parsed::<StoryStatus>)]
    status: Option<StoryStatus>,
    /// The epic, or `none` to detach
    #[arg(long, value_name = "ID|none", value_parser = or_none(args::parsed::<EpicId>))]
    epic: Option<OrNone<EpicId>>,
    /// The estimate, or `none` to clear it
    #[arg(long, value_name = "N|none", value_parser = or_none(args::points), allow_hyphen_values = true)]
    points: Option<OrNone<u32>>,
    /// Who wants it: "As a ROLE"
    #[arg(long = "as", value_name = "ROLE")]
    as_a: Option<String>,
    /// What they want: "I want GOAL"
    #[arg(long = "want", value_name = "GOAL")]
    i_want: Option<String>,
    /// Why: "so that BENEFIT"
    #[arg(long, value_name = "BENEFIT")]
    so_that: Option<String>,
    /// Free text
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// Append an acceptance criterion (repeat for more)
    #[arg(long = "ac", value_name = "TEXT")]
    criteria: Vec<String>,
    /// Tick acceptance criterion N (1-based; repeat for more)
    #[arg(long, value_name = "N")]
    ac_done: Vec<usize>,
    /// Untick acceptance criterion N
    #[arg(long, value_name = "N")]
    ac_undone: Vec<usize>,
    /// Tick Definition of Done item N on this story (1-based, as `roadlog dod list` numbers
    /// them; repeat for more)
    #[arg(long, value_name = "N")]
    dod_done: Vec<usize>,
    /// Untick Definition of Done item N
    #[arg(long, value_name = "N")]
    dod_undone: Vec<usize>,
    /// Replace the labels (repeat for more; `none` removes all)
    #[arg(long = "label", value_name = "L|none", value_parser = or_none(args::text))]
    labels: Vec<OrNone<String>>,
    /// The assignee, or `none`
    #[arg(long, value_name = "NAME|none", value_parser = or_none(args::text))]
    assignee: Option<OrNone<String>>,
    /// The sprint, or `none` to take it back to the backlog
    #[arg(long, value_name = "ID|none", value_parser = or_none(args::parsed::<SprintId>))]
    sprint: Option<OrNone<SprintId>>,
    /// Replace the blockers (repeat for more; `none` removes all)
    #[arg(long = "blocked-by", value_name = "ID|none", value_parser = or_none(args::parsed::<StoryId>))]
    blocked_by: Vec<OrNone<StoryId>>,
}

#[derive(Debug, Args)]
pub struct StoryFilter {
    /// Only stories of this epic
    #[arg(long, value_name = "ID")]
    epic: Option<EpicId>,
    /// Only stories in this sprint: an id, `current` (the active one), `next` (the next
    /// planned one), `last` (the one that closed last), or `backlog` for those in none
    #[arg(long, value_name = "ID|current|next|last|backlog")]
    sprint: Option<SprintFilter>,
    /// Only stories in this status: draft, ready, in-progress (or doing), review or done
    #[arg(long, value_parser = args::parsed::<StoryStatus>)]
    status: Option<StoryStatus>,
    /// Only stories with this label
    #[arg(long, value_name = "L")]
    label: Option<String>,
    /// Only stories assigned to NAME
    #[arg(long, value_name = "NAME")]
    assignee: Option<String>,
    /// A filter expression, as the TUI's `:` line takes it:
    /// 'status:ready epic:E-2 label:payments assignee:ana points:>5 sprint:none text'
    /// (`sprint:` also takes current, next and last)
    #[arg(long = "where", value_name = "EXPR", value_parser = parse_where)]
    where_: Option<Query>,
}

fn parse_where(text: &str) -> Result<Query, String> {
    Query::parse(text).map_err(|e| e.to_string())
}

impl StoryFilter {
    /// A filter naming an epic or sprint that does not exist is a typo, not an empty list.
    /// Returns the sprint kept, resolved (`Some(None)`: the backlog).
    fn check(&self, product: &Product) -> Result<Option<Option<SprintId>>, ModelError> {
        if let Some(e) = self.epic {
            product.epic(e)?;
        }
        if let Some(q) = &self.where_ {
            q.check(product)?;
        }
        self.sprint.map(|f| f.resolve(product)).transpose()
    }

    /// The filter with its `--where` expression's `sprint:current|next|last` found.
    fn resolved(self, product: &Product) -> StoryFilter {
        StoryFilter {
            where_: self.where_.map(|q| q.resolved(product)),
            ..self
        }
    }

    /// `sprint`: what [`StoryFilter::check`] resolved.
    fn keeps(&self, s: &Story, sprint: Option<Option<SprintId>>) -> bool {
        self.epic.is_none_or(|e| s.epic == Some(e))
            && sprint.is_none_or(|sp| s.sprint == sp)
            && self.status.is_none_or(|st| s.status == st)
            && self.label.as_ref().is_none_or(|l| s.labels.contains(l))
            && self
                .assignee
                .as_ref()
                .is_none_or(|a| s.assignee.as_ref() == Some(a))
            && self.where_.as_ref().is_none_or(|q| q.matches(s))
    }
}

impl From<NewStory> for StoryDraft {
    fn from(f: NewStory) -> StoryDraft {
        StoryDraft {
            as_a: f.as_a.unwrap_or_default(),
            i_want: f.i_want.unwrap_or_default(),
            so_that: f.so_that.unwrap_or_default(),
            description: f.description.unwrap_or_default(),
            acceptance_criteria: f.criteria,
            points: f.points,
            epic: f.epic,
            sprint: f.sprint,
            labels: f.labels,
            assignee: f.assignee,
            blocked_by: f.blocked_by,
            ..StoryDraft::default()
        }
    }
}

impl From<StoryChanges> for StoryPatch {
    fn from(c: StoryChanges) -> StoryPatch {
        let ticks = c.ac_done.into_iter().map(|n| (n, true));
        let unticks = c.ac_undone.into_iter().map(|n| (n, false));
        let dod_ticks = c.dod_done.into_iter().map(|n| (n, true));
        let dod_unticks = c.dod_undone.into_iter().map(|n| (n, false));
        StoryPatch {
            title: c.title,
            as_a: c.as_a,
            i_want: c.i_want,
            so_that: c.so_that,
            description: c.description,
            points: c.points.map(|p| p.0),
            status: c.status,
            epic: c.epic.map(|e| e.0),
            sprint: c.sprint.map(|s| s.0),
            labels: replace_list(c.labels),
            assignee: c.assignee.map(|a| a.0),
            blocked_by: replace_list(c.blocked_by),
            add_criteria: c.criteria,
            criteria_done: ticks.chain(unticks).collect(),
            dod_done: dod_ticks.chain(dod_unticks).collect(),
        }
    }
}

pub fn run(cmd: StoryCmd, store: &Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    match cmd {
        StoryCmd::Add {
            title,
            template,
            fields,
        } => {
            let draft = StoryDraft {
                title,
                ..fields.into()
            };
            let id = add(store, draft, template.as_deref(), now)?;
            outln!("added {id}");
        }
        StoryCmd::List { filter, json } => {
            let product = store.load()?.product;
            let sprint = in_file(store, filter.check(&product))?;
            let filter = filter.resolved(&product);
            let rows = product
                .stories()
                .iter()
                .enumerate()
                .filter(|(_, s)| filter.keeps(s, sprint))
                .map(|(i, s)| (i + 1, s));
            if json {
                super::story_json::print(&product, rows);
            } else {
                print_list(&product, rows);
            }
            super::release(product);
        }
        StoryCmd::Show { id, json } => {
            let product = store.load()?.product;
            let (story, rank) = found(store, &product, id)?;
            if json {
                json::print(&StoryView::new(&product, story, rank))?;
            } else {
                print_story(&product, story, rank);
            }
            super::release(product);
        }
        StoryCmd::Edit { id, changes, force } => {
            let rule = if force {
                DoneRule::Forced
            } else {
                DoneRule::Checked
            };
            let done = edit(store, id, changes.into(), rule, now)
                .map_err(|e| with_force_hint(e, "--force"))?;
            outln!("{done}");
        }
        StoryCmd::Move { id, place } => {
            let rank = move_to(store, id, place.place())?;
            outln!("moved {id} to rank {rank}");
        }
        StoryCmd::Rm { id } => {
            store.write_change(|p| p.remove_story(id))?;
            outln!("removed {id}");
        }
    }
    Ok(())
}

/// The stories `keep` keeps, in rank order, as `--json` shows them: `story list --json` and
/// the MCP server's lists.
pub fn views(product: &Product, keep: impl Fn(&Story) -> bool) -> Vec<StoryView<'_>> {
    product
        .stories()
        .iter()
        .enumerate()
        .filter(|(_, s)| keep(s))
        .map(|(i, s)| StoryView::new(product, s, i + 1))
        .collect()
}

/// A story and its rank, or the error naming the file.
pub fn found<'a>(
    store: &Store,
    product: &'a Product,
    id: StoryId,
) -> Result<(&'a Story, usize), StoreError> {
    let story = in_file(store, product.story(id))?;
    Ok((story, in_file(store, product.story_rank(id))?))
}

/// Moves a story in the backlog and returns its new rank.
pub fn move_to(store: &Store, id: StoryId, place: Place<StoryId>) -> Result<usize, StoreError> {
    let rank = store.write_change(|p| {
        p.move_story(id, place)?;
        p.story_rank(id)
    })?;
    Ok(rank)
}

/// Adds a story at the bottom of the backlog, from a template if one is named: the one way
/// the CLI and the MCP server add stories.
pub fn add(
    store: &Store,
    draft: StoryDraft,
    template: Option<&str>,
    now: DateTime<Utc>,
) -> Result<StoryId, StoreError> {
    let id = store.write_change(|p| {
        let draft = match template {
            Some(name) => p.template(name)?.apply(draft),
            None => draft,
        };
        p.add_story(draft, Place::Bottom, now)
    })?;
    Ok(id)
}

/// Changes a story; a move to done is checked against its open items unless `rule` forces it.
/// Says what it did: a patch of the values the story already holds writes nothing, and
/// says so rather than "updated".
pub fn edit(
    store: &Store,
    id: StoryId,
    patch: StoryPatch,
    rule: DoneRule,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let changed = store.write_change(|p| {
        let before = p.story(id).ok().cloned();
        p.update_story_checked(id, patch, now, rule)?;
        Ok(p.story(id).ok() != before.as_ref())
    })?;
    Ok(if changed {
        format!("updated {id}")
    } else {
        format!("{id} unchanged: it already holds those values")
    })
}

/// A move to done refused for open items says how to make it anyway: `--force` on the
/// command line, `force` in an MCP tool.
pub fn with_force_hint(e: StoreError, how: &str) -> anyhow::Error {
    match e {
        StoreError::Model {
            source: ModelError::OpenAtDone { .. },
            ..
        } => anyhow::anyhow!("{e} (tick them, or use {how} to move it anyway)"),
        other => other.into(),
    }
}

/// Stories as columns; `rows` carry their backlog rank. They are gone through twice (the
/// table measures, then writes), so nothing per story is kept.
pub fn print_list<'a>(
    product: &'a Product,
    rows: impl Iterator<Item = (usize, &'a Story)> + Clone,
) {
    let headers = [
        "RANK", "ID", "STATUS", "PTS", "EPIC", "SPRINT", "ASSIGNEE", "TITLE",
    ];
    let (story, epic, sprint) = (
        id_prefix(StoryId(0)),
        id_prefix(EpicId(0)),
        id_prefix(SprintId(0)),
    );
    let table = Streamed::new(&headers, 7, |cells: &mut dyn Cells| {
        for (rank, s) in rows.clone() {
            cells.number("", rank as u64);
            cells.number(&story, u64::from(s.id.0));
            if product.is_blocked(s) {
                cells.show(&format_args!("{} (blocked)", s.status));
            } else {
                cells.text(s.status.as_str());
            }
            number_or_dash(cells, "", s.points);
            number_or_dash(cells, &epic, s.epic.map(|e| e.0));
            number_or_dash(cells, &sprint, s.sprint.map(|sp| sp.0));
            cells.text(s.assignee.as_deref().unwrap_or("-"));
            cells.text(&s.title);
            cells.end_row()?;
        }
        Ok(())
    });
    // An empty document says how to begin; a filter that keeps nothing says only that.
    table.print_or(if product.stories().is_empty() {
        "no stories yet; add one with `roadlog story add \"TITLE\"`"
    } else {
        "no stories"
    });
}

fn print_story(product: &Product, s: &Story, rank: usize) {
    outln!("{}  {}", s.id, safe_text::line(&s.title));
    let name_of_epic = s.epic.map(|e| match product.epic(e) {
        Ok(epic) => format!("{e} {}", epic.title),
        Err(_) => e.to_string(),
    });
    let name_of_sprint = s.sprint.map(|sp| match product.sprint(sp) {
        Ok(sprint) => format!("{sp} {}", sprint.name),
        Err(_) => sp.to_string(),
    });
    let list = |ids: &[StoryId]| {
        ids.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    print_fields(&[
        Field::line("status", s.status.to_string()),
        Field::line("points", or_dash(s.points)),
        Field::line("rank", rank.to_string()),
        Field::line("epic", name_of_epic.unwrap_or_default()),
        Field::line("sprint", name_of_sprint.unwrap_or_default()),
        Field::line("assignee", s.assignee.clone().unwrap_or_default()),
        Field::line("labels", s.labels.join(", ")),
        Field::line("blocked by", list(&s.blocked_by)),
        Field::line("blocks", list(&product.stories_blocked_by(s.id))),
        Field::line("as a", s.as_a.clone()),
        Field::line("i want", s.i_want.clone()),
        Field::line("so that", s.so_that.clone()),
        Field::text("description", s.description.clone()),
        Field::line(
            "created",
            format!("{} UTC", super::dates().moment(s.created)),
        ),
        Field::line(
            "updated",
            format!("{} UTC", super::dates().moment(s.updated)),
        ),
        Field::line("imported as", s.external_key.clone().unwrap_or_default()),
    ]);
    if !s.acceptance_criteria.is_empty() {
        outln!("acceptance criteria");
        for (n, c) in s.acceptance_criteria.iter().enumerate() {
            let tick = if c.done { 'x' } else { ' ' };
            outln!("  {}. [{tick}] {}", n + 1, safe_text::line(&c.text));
        }
    }
    if !s.commits.is_empty() {
        outln!("commits");
        for c in &s.commits {
            outln!(
                "  {}  {}  {}  {}",
                super::commits::short(&c.hash),
                super::dates().date(c.date.date_naive()),
                safe_text::line(&c.author),
                safe_text::line(&c.subject)
            );
        }
    }
    let mut dod = product.dod_checklist(s).peekable();
    if dod.peek().is_some() {
        outln!("definition of done");
        for (n, (item, done)) in dod.enumerate() {
            let tick = if done { 'x' } else { ' ' };
            outln!("  {}. [{tick}] {}", n + 1, safe_text::line(item));
        }
    }
}
