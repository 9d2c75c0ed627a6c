//! What the Sprint view's keys do: planning stories in and out, starting (after asking),
//! the review report (after asking which sprint) and the charts; closing is in `close.rs`.
//! Changes go through the product's named methods, each one undo step; the report is
//! handed to the loop to write through the store.

use crate::model::{Product, Sprint, SprintId, SprintState};
use crate::review::Report;
use crate::wording::counted;

use super::super::action::{Action, NavAction, SprintAction};
use super::super::app::{App, Effect, Pane, ReportFile};
use super::super::keymap::{Context, key_for};
use super::super::overlay::Overlay;
use super::super::picker::{Choice, Opt, Picker};
use super::super::question::{Question, Then};

impl App {
    /// The Sprint view's own keys.
    pub(in crate::tui) fn sprint_key(&mut self, action: SprintAction) -> Effect {
        match action {
            SprintAction::TogglePlanning => {
                self.sprint.planning = !self.sprint.planning;
                self.rebuild_lists();
                self.sprint.list.first();
            }
            SprintAction::PlanToggle => return self.plan_toggle(),
            SprintAction::Start => self.ask_start(),
            SprintAction::AskClose => self.ask_close(),
            SprintAction::WriteReport => self.ask_review(),
            SprintAction::NextChart => self.sprint.chart = self.sprint.chart.cycle(1),
            SprintAction::PrevChart => self.sprint.chart = self.sprint.chart.cycle(-1),
            SprintAction::RankInBacklog => {
                let backlog = Action::Nav(NavAction::Focus(Pane::Backlog));
                let key = key_for(Context::Global, &backlog);
                self.message = Some(format!("ranking happens in the Backlog: press {key}"));
            }
        }
        Effect::None
    }

    /// In planning, Space plans the selected backlog story into the target sprint, or takes
    /// a story of that sprint back out. Going over capacity is allowed; the message says by
    /// how much.
    fn plan_toggle(&mut self) -> Effect {
        if !self.sprint.planning {
            let planning = Action::Sprint(SprintAction::TogglePlanning);
            let key = key_for(Context::Sprint, &planning);
            self.message = Some(format!(
                "planning happens in the planning view: press {key}"
            ));
            return Effect::None;
        }
        let (Some(target), Some(id)) = (
            self.derived.sprints.target,
            self.sprint.list.selected().filter(|_| self.sprint.planning),
        ) else {
            return Effect::None;
        };
        let planned = self
            .product
            .story(id)
            .is_ok_and(|s| s.sprint == Some(target));
        let now = self.now;
        let what = if planned {
            format!("took {id} out of {target}")
        } else {
            format!("planned {id} into {target}")
        };
        // The cursor stays where it was, not with the story: Space, Space plans the top two.
        let at = (self.sprint.list.group, self.sprint.list.index);
        let change = |p: &mut Product| {
            if planned {
                p.unplan_stories(target, &[id], now)
            } else {
                p.plan_stories(target, &[id], now)
            }
        };
        match self.commit_stories(what.clone(), &[id], change) {
            Ok(effect) => {
                let fill = fill_text(&self.product, target);
                self.message = Some(format!("{what}: {fill}"));
                self.sprint.list.select(at);
                effect
            }
            Err(e) => self.refused(e),
        }
    }

    /// Asks before starting the sprint shown (in planning the one being planned), saying
    /// what the start commits to: its points against its capacity, and the dates it will
    /// run if it starts before its start date. A start that would be refused is refused at
    /// once, without a question.
    fn ask_start(&mut self) {
        let shown = if self.sprint.planning {
            self.derived.sprints.target
        } else {
            self.derived.sprint
        };
        let Some(id) = shown else {
            self.message = Some("no sprint to start".into());
            return;
        };
        if let Ok(s) = self.product.sprint(id)
            && s.state == SprintState::Active
        {
            let plan = key_for(
                Context::Sprint,
                &Action::Sprint(SprintAction::TogglePlanning),
            );
            self.message = Some(format!(
                "{id} is already running ({}); {plan} plans the next sprint",
                counted(s.days_left(self.today), "day left", "days left")
            ));
            return;
        }
        // Tried on a copy: the question is asked only of a start that can happen.
        let mut trial = (*self.product).clone();
        if let Err(e) = trial.start_sprint_on(id, self.today, self.now) {
            self.message = Some(e.to_string());
            return;
        }
        let Ok(sprint) = self.product.sprint(id) else {
            return;
        };
        let mut lines = vec![format!("Start {id} '{}'?", sprint.name)];
        let points = self.product.sprint_progress(id).points_total;
        let planned = counted(points, "point", "points");
        lines.push(match sprint.capacity {
            Some(c) if points > c => format!(
                "{planned} planned: {} over capacity {c}.",
                counted(points - c, "point", "points")
            ),
            Some(c) => format!("{planned} planned, capacity {c}."),
            None => format!("{planned} planned (no capacity set)."),
        });
        let days = counted((sprint.end - sprint.start).num_days() + 1, "day", "days");
        lines.push(match sprint.early_start(self.today) {
            Some(early) => format!(
                "{} before its start date: the sprint will run from today to {} ({days}).",
                counted(early.days_early, "day", "days"),
                self.dates.date(early.end)
            ),
            None => {
                let runs = format!(
                    "It runs {} to {} ({days})",
                    self.dates.date(sprint.start),
                    self.dates.date(sprint.end)
                );
                match sprint.days_late(self.today) {
                    0 => format!("{runs}."),
                    late => format!(
                        "{runs}: it starts {} late and has {}.",
                        counted(late, "day", "days"),
                        counted(sprint.days_left(self.today), "day left", "days left")
                    ),
                }
            }
        });
        self.overlays.push(Overlay::Question(Question {
            lines,
            answers: super::super::question::answers("start", None, "not now"),
            then: Then::StartSprint(id),
        }));
    }

    /// Starts sprint `id`, as one undo step (its undo puts the sprint back as planned).
    pub(in crate::tui) fn start_sprint(&mut self, id: SprintId) -> Effect {
        let (today, now) = (self.today, self.now);
        match self.commit_across(format!("started {id}"), &[], |p| {
            p.start_sprint_on(id, today, now)
        }) {
            Ok(((), effect)) => effect,
            Err(e) => self.refused(e),
        }
    }

    /// Asks which sprint's review to write: the last closed one first, then the active
    /// one, then the older closed ones, latest first. Planned sprints have nothing to review.
    fn ask_review(&mut self) {
        let p = &self.product;
        let mut closed: Vec<&Sprint> = p
            .sprints()
            .iter()
            .filter(|s| s.state == SprintState::Closed)
            .collect();
        closed.sort_by_key(|s| std::cmp::Reverse(s.result.as_ref().map(|r| r.closed)));
        let active = p.active_sprint();
        let order = closed
            .first()
            .copied()
            .into_iter()
            .chain(active)
            .chain(closed.iter().skip(1).copied());
        let options: Vec<Opt> = order
            .map(|s| {
                // A closed sprint's own record: its carried stories have left it since.
                let (when, done) = match &s.result {
                    Some(r) => (
                        format!("closed {}", self.dates.date(r.closed.date_naive())),
                        r.done,
                    ),
                    None => (
                        s.state.as_str().to_string(),
                        p.sprint_progress(s.id).points_done,
                    ),
                };
                // Done against what the start committed to (the baseline), as the review
                // and `sprint list` count it, not against the scope after changes.
                let committed = p.committed_points(s);
                Opt {
                    label: format!(
                        "{} {} · {when} · {done} of {committed} committed pts done",
                        s.id, s.name
                    ),
                    choice: Choice::Review(s.id),
                }
            })
            .collect();
        if options.is_empty() {
            self.message = Some("no started sprint to review yet".into());
            return;
        }
        let picker = Picker::new("Write the review of".into(), Vec::new(), options);
        self.overlays.push(Overlay::Picker(Box::new(picker)));
    }

    /// Writes sprint `id`'s review beside the document, through the loop and the store.
    pub(in crate::tui) fn write_review(&mut self, id: SprintId) -> Effect {
        match Report::build(&self.product, id, self.now) {
            Ok(report) => Effect::WriteReport(ReportFile {
                what: "the review",
                file_name: format!("{id}-review.md"),
                text: report.markdown(),
            }),
            Err(e) => self.refused(e),
        }
    }
}

/// "31 of 28 points, 3 over capacity" (or without capacity, just the points).
pub fn fill_text(product: &Product, sprint: SprintId) -> String {
    let points = product.sprint_progress(sprint).points_total;
    let capacity = product
        .sprint(sprint)
        .ok()
        .filter(|s| s.state != SprintState::Closed)
        .and_then(|s| s.capacity);
    match capacity {
        Some(c) if points > c => format!("{points} of {c} points, {} over capacity", points - c),
        Some(c) => format!("{points} of {c} points"),
        None => counted(points, "point", "points"),
    }
}
