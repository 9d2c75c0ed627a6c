//! Closing the active sprint: a checklist of its unfinished stories, all ticked at first.
//! Space unticks a story that should stay behind (in the closed sprint, not done); then the
//! ticked ones go to the next planned sprint or to the top of the backlog, as one undo step.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::model::{Product, SprintId, StoryId};
use crate::wording::counted;

use super::super::action::{Action, CloseSprintAction};
use super::super::app::{App, Effect};
use super::super::keymap::{Context, key_for};
use super::super::layout;
use super::super::overlay::Overlay;
use super::super::widgets::{cell, pad, safe_lines};

/// The close checklist's state.
pub struct CloseChecklist {
    pub sprint: SprintId,
    /// The unfinished stories in backlog order, each with whether it carries over.
    pub rows: Vec<(StoryId, bool)>,
    pub cursor: usize,
}

impl CloseChecklist {
    /// Every unfinished story of `sprint`, ticked.
    pub fn new(product: &Product, sprint: SprintId) -> CloseChecklist {
        let rows = product
            .sprint_stories(sprint)
            .filter(|s| !s.is_done())
            .map(|s| (s.id, true))
            .collect();
        CloseChecklist {
            sprint,
            rows,
            cursor: 0,
        }
    }

    fn ticked(&self) -> Vec<StoryId> {
        self.rows
            .iter()
            .filter(|(_, t)| *t)
            .map(|(id, _)| *id)
            .collect()
    }
}

fn key(action: CloseSprintAction) -> String {
    key_for(Context::CloseSprint, &Action::CloseSprint(action))
}

impl App {
    /// `C`: the checklist, if a sprint is active.
    pub(in crate::tui) fn ask_close(&mut self) {
        match self.product.active_sprint().map(|s| s.id) {
            Some(id) => {
                let list = CloseChecklist::new(&self.product, id);
                self.overlays.push(Overlay::CloseSprint(list));
            }
            None => self.message = Some("no sprint is active; nothing to close".into()),
        }
    }

    /// The close checklist's keys.
    pub(in crate::tui) fn close_sprint_key(&mut self, action: CloseSprintAction) -> Effect {
        let Some(Overlay::CloseSprint(list)) = self.overlays.top_mut() else {
            return Effect::None;
        };
        let last = list.rows.len().saturating_sub(1);
        match action {
            CloseSprintAction::Up => list.cursor = list.cursor.saturating_sub(1),
            CloseSprintAction::Down => list.cursor = (list.cursor + 1).min(last),
            CloseSprintAction::Toggle => {
                if let Some((_, ticked)) = list.rows.get_mut(list.cursor) {
                    *ticked = !*ticked;
                }
            }
            CloseSprintAction::Cancel => {
                self.overlays.pop();
            }
            CloseSprintAction::ToBacklog => {
                let (id, carry) = (list.sprint, list.ticked());
                self.overlays.pop();
                return self.close_sprint(id, carry, None);
            }
            CloseSprintAction::ToNextSprint => {
                let (id, carry) = (list.sprint, list.ticked());
                let Some(next) = self.product.next_planned_sprint().map(|s| s.id) else {
                    // The checklist stays, ticks and all, for the other answer.
                    self.message = Some(format!(
                        "no planned sprint to carry stories over to; {} puts them on the backlog",
                        key(CloseSprintAction::ToBacklog)
                    ));
                    return Effect::None;
                };
                self.overlays.pop();
                return self.close_sprint(id, carry, Some(next));
            }
        }
        Effect::None
    }

    fn close_sprint(
        &mut self,
        id: SprintId,
        carry: Vec<StoryId>,
        carry_to: Option<SprintId>,
    ) -> Effect {
        let now = self.now;
        let left = self
            .product
            .sprint_stories(id)
            .filter(|s| !s.is_done() && !carry.contains(&s.id))
            .count();
        let closing = self.commit_across(format!("closed {id}"), &carry, |p| {
            p.close_sprint_carrying(id, &carry, carry_to, now)
        });
        match closing {
            Ok((outcome, effect)) => {
                let n = counted(
                    outcome.carried_over.len(),
                    "unfinished story",
                    "unfinished stories",
                );
                let to = carry_to.map_or("the top of the backlog".into(), |t| t.to_string());
                let mut said = format!("closed {id}; {n} to {to}");
                if left > 0 {
                    said.push_str(&format!(", {left} left in {id} not done"));
                }
                self.message = Some(said);
                effect
            }
            Err(e) => self.refused(e),
        }
    }
}

/// The checklist over the Sprint view: what carries over, and the answers.
pub fn draw(frame: &mut Frame, screen: Rect, app: &App, list: &CloseChecklist) {
    let Some(area) = layout::areas(screen, app.focus, app.roadmap.view).sprint else {
        return;
    };
    let Ok(sprint) = app.product.sprint(list.sprint) else {
        return;
    };
    let t = &app.theme;
    let width = area.width.min(70);
    // Borders, the head line and the three answers around the stories.
    let room = area.height.saturating_sub(6).max(1);
    let shown = (list.rows.len() as u16).clamp(1, room);
    let [_, row, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(shown + 6),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, rect, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width),
        Constraint::Fill(1),
    ])
    .areas(row);
    let inner = usize::from(width.saturating_sub(2));
    let ticked = list.rows.iter().filter(|(_, t)| *t).count();
    let points: u32 = list
        .rows
        .iter()
        .filter(|(_, t)| *t)
        .filter_map(|(id, _)| app.product.story(*id).ok()?.points)
        .fold(0, u32::saturating_add);
    let toggle = key(CloseSprintAction::Toggle);
    let head = format!(
        "{ticked} of {} unfinished carry over ({points} pts) · {toggle}: leave in {}",
        list.rows.len(),
        sprint.id
    );
    let mut lines = vec![Line::from(pad(&head, inner))];
    let rows = usize::from(shown);
    let start = list.cursor.saturating_sub(rows.saturating_sub(1));
    if list.rows.is_empty() {
        lines.push(Line::styled("no unfinished stories", t.dim));
    }
    for (i, (id, carry)) in list.rows.iter().enumerate().skip(start).take(rows) {
        let story = app.product.story(*id).ok();
        let title = story.map_or("", |s| s.title.as_str());
        let pts = story
            .and_then(|s| s.points)
            .map_or(" ?".to_string(), |p| format!("{p:>2}"));
        let mark = if *carry { "[x]" } else { "[ ]" };
        let id_w = app.derived.story_id_width + 1;
        let title_w = inner.saturating_sub(4 + id_w + 3);
        let mut line = Line::from(vec![
            Span::raw(format!("{mark} ")),
            Span::styled(pad(&id.to_string(), id_w), t.dim),
            Span::raw(pad(title, title_w)),
            Span::raw(format!(" {pts}")),
        ]);
        if i == list.cursor {
            line = line.style(t.selected);
        }
        lines.push(line);
    }
    let next = app
        .product
        .next_planned_sprint()
        .map_or("(no planned sprint)".to_string(), |s| {
            format!("{} {}", s.id, cell(&s.name))
        });
    let answer = |action, text: String| {
        Line::from(vec![
            Span::styled(format!("{:<3} ", key(action)), t.title),
            Span::raw(pad(&text, inner.saturating_sub(4))),
        ])
    };
    lines.push(answer(
        CloseSprintAction::ToNextSprint,
        format!("ticked to the next planned sprint: {next}"),
    ));
    lines.push(answer(
        CloseSprintAction::ToBacklog,
        "ticked to the top of the backlog, in their order".into(),
    ));
    lines.push(answer(
        CloseSprintAction::Cancel,
        "keep the sprint open".into(),
    ));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(safe_lines(lines)).block(Block::bordered().title(Line::styled(
            format!(" Close {} {} ", sprint.id, cell(&sprint.name)),
            t.warn,
        ))),
        rect,
    );
}
