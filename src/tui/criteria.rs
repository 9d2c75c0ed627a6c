//! A story's acceptance criteria as a checklist in the detail panel: move with j/k, space
//! ticks one off, `a` adds, Enter edits, `K`/`J` reorder, `d` removes. Below them come the
//! Definition of Done's items, which space ticks on this story (the items themselves are the
//! team's, shared by every story, and changed with `roadlog dod set`). The same checklist
//! chooses which criteria a split (`x`) takes to the new story. Every change is one undo
//! step through `Product::set_criteria` or `Product::update_story`.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear};
use ratatui_textarea::TextArea;

use crate::model::{Criterion, Extra, Place, StoryDraft, StoryId, StoryPatch};

use super::action::{Action, ChecklistAction, CriterionAction};
use super::app::{App, Effect, Pane};
use super::keymap::{Context, key_for};
use super::layout;
use super::overlay::Overlay;
use super::widgets::pad;

/// What the checklist is open for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Edit,
    /// Choosing the criteria the new story takes.
    Split,
}

pub struct Checklist {
    pub story: StoryId,
    pub purpose: Purpose,
    pub cursor: usize,
    /// Split: the criteria chosen to move.
    pub marked: Vec<bool>,
}

/// A criterion's text being typed: for the criterion at `at`, or a new one (`None`).
pub struct CriterionInput {
    pub at: Option<usize>,
    pub text: TextArea<'static>,
}

/// Whether Enter opened the input on the criterion under the cursor or `a` on a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typing {
    New,
    Existing,
}

impl App {
    fn story_in_focus(&self) -> Option<StoryId> {
        match self.focus {
            Pane::Backlog => self.backlog.list.selected(),
            Pane::Sprint => self.sprint.list.selected(),
            Pane::Roadmap => None,
        }
    }

    pub(super) fn open_checklist(&mut self, purpose: Purpose) -> Effect {
        let Some(id) = self.story_in_focus() else {
            self.message = Some("select a story first (Backlog or Sprint view)".into());
            return Effect::None;
        };
        let n = self
            .product
            .story(id)
            .map_or(0, |s| s.acceptance_criteria.len());
        let checklist = Checklist {
            story: id,
            purpose,
            cursor: 0,
            marked: vec![false; n],
        };
        if purpose == Purpose::Split && n == 0 {
            // Nothing to choose: split at once, the new story starts empty.
            return self.split(&checklist);
        }
        self.overlays.push(Overlay::Checklist(checklist));
        Effect::None
    }

    /// The open checklist, under a criterion being typed or on top.
    fn checklist_mut(&mut self) -> Option<&mut Checklist> {
        self.overlays.iter_mut().rev().find_map(|o| {
            if let Overlay::Checklist(c) = o {
                Some(c)
            } else {
                None
            }
        })
    }

    fn criteria(&mut self) -> Vec<Criterion> {
        let story = self.checklist_mut().map(|c| c.story);
        story
            .and_then(|id| self.product.story(id).ok())
            .map(|s| s.acceptance_criteria.clone())
            .unwrap_or_default()
    }

    /// The keys of the checklist on top.
    pub(super) fn checklist_key(&mut self, action: ChecklistAction) -> Effect {
        if !matches!(self.overlays.top(), Some(Overlay::Checklist(_))) {
            return Effect::None;
        }
        match action {
            ChecklistAction::Up => self.checklist_step(-1),
            ChecklistAction::Down => self.checklist_step(1),
            ChecklistAction::Toggle => return self.checklist_toggle(),
            ChecklistAction::Add => self.checklist_input(Typing::New),
            ChecklistAction::Edit => self.checklist_input(Typing::Existing),
            ChecklistAction::Delete => return self.checklist_delete(),
            ChecklistAction::MoveUp => return self.checklist_move(-1),
            ChecklistAction::MoveDown => return self.checklist_move(1),
            ChecklistAction::Split => {
                if let Some(Overlay::Checklist(c)) = self.overlays.pop() {
                    return self.split(&c);
                }
            }
            ChecklistAction::Close => {
                self.overlays.pop();
            }
        }
        Effect::None
    }

    /// The story's DoD items and whether each is ticked, while editing (a split has none).
    fn dod_rows(&mut self) -> Vec<(String, bool)> {
        let Some(c) = self.checklist_mut() else {
            return Vec::new();
        };
        if c.purpose == Purpose::Split {
            return Vec::new();
        }
        let story = c.story;
        let p = &self.product;
        p.story(story)
            .map(|s| {
                p.dod_checklist(s)
                    .map(|(item, done)| (item.to_string(), done))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The DoD row under the cursor, as its 1-based number and whether it is ticked.
    fn dod_under_cursor(&mut self) -> Option<(usize, bool)> {
        let n = self.criteria().len();
        let dod = self.dod_rows();
        let at = self.checklist_mut()?.cursor.checked_sub(n)?;
        dod.get(at).map(|(_, done)| (at + 1, *done))
    }

    /// Refuses a change of the text or the place of a DoD item from one story's checklist.
    fn refuse_on_dod(&mut self) -> bool {
        if self.dod_under_cursor().is_none() {
            return false;
        }
        self.message = Some(
            "DoD items are the team's, shared by every story: `roadlog dod set` changes them"
                .into(),
        );
        true
    }

    fn checklist_step(&mut self, by: isize) {
        let n = self.criteria().len() + self.dod_rows().len();
        if let Some(c) = self.checklist_mut() {
            c.cursor = c.cursor.saturating_add_signed(by).min(n.saturating_sub(1));
        }
    }

    /// Space: ticks the criterion or DoD item off (or, splitting, marks it to move).
    fn checklist_toggle(&mut self) -> Effect {
        if let Some((number, done)) = self.dod_under_cursor() {
            return self.tick_dod(number, !done);
        }
        let mut list = self.criteria();
        let Some(c) = self.checklist_mut() else {
            return Effect::None;
        };
        let at = c.cursor;
        if c.purpose == Purpose::Split {
            if let Some(m) = c.marked.get_mut(at) {
                *m = !*m;
            }
            return Effect::None;
        }
        let Some(item) = list.get_mut(at) else {
            return Effect::None;
        };
        item.done = !item.done;
        let what = if item.done { "ticked off" } else { "reopened" };
        self.save_criteria(list, format!("{what} criterion {}", at + 1))
    }

    /// Ticks (or unticks) DoD item `number` on the checklist's story.
    fn tick_dod(&mut self, number: usize, done: bool) -> Effect {
        let Some(id) = self.checklist_mut().map(|c| c.story) else {
            return Effect::None;
        };
        let now = self.now;
        let what = if done { "ticked" } else { "unticked" };
        let what = format!("{id}: {what} DoD item {number}");
        let patch = StoryPatch {
            dod_done: vec![(number, done)],
            ..StoryPatch::default()
        };
        match self.commit_stories(what, &[id], |p| p.update_story(id, patch, now)) {
            Ok(effect) => effect,
            Err(e) => self.refused(e),
        }
    }

    /// `K` / `J`: moves the criterion up or down.
    fn checklist_move(&mut self, by: isize) -> Effect {
        if self.refuse_on_dod() {
            return Effect::None;
        }
        let mut list = self.criteria();
        let Some(c) = self.checklist_mut() else {
            return Effect::None;
        };
        let at = c.cursor;
        let Some(to) = at.checked_add_signed(by).filter(|t| *t < list.len()) else {
            return Effect::None;
        };
        list.swap(at, to);
        c.cursor = to;
        self.save_criteria(list, format!("moved criterion {}", at + 1))
    }

    fn checklist_delete(&mut self) -> Effect {
        if self.refuse_on_dod() {
            return Effect::None;
        }
        let mut list = self.criteria();
        let Some(at) = self.checklist_mut().map(|c| c.cursor) else {
            return Effect::None;
        };
        if at >= list.len() {
            return Effect::None;
        }
        list.remove(at);
        let effect = self.save_criteria(list, format!("removed criterion {}", at + 1));
        self.checklist_step(0);
        effect
    }

    /// `a` (new) or Enter (edit the one under the cursor): starts typing.
    fn checklist_input(&mut self, typing: Typing) {
        if typing == Typing::Existing && self.refuse_on_dod() {
            return;
        }
        let list = self.criteria();
        let Some(c) = self.checklist_mut() else {
            return;
        };
        let (at, text) = match list.get(c.cursor) {
            Some(item) if typing == Typing::Existing => (Some(c.cursor), item.text.clone()),
            _ => (None, String::new()),
        };
        let mut text = TextArea::new(vec![text]);
        text.set_cursor_line_style(Style::default());
        text.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        text.move_cursor(ratatui_textarea::CursorMove::End);
        self.overlays
            .push(Overlay::CriterionInput(Box::new(CriterionInput {
                at,
                text,
            })));
    }

    /// The keys of the criterion being typed.
    pub(super) fn criterion_key(&mut self, action: CriterionAction) -> Effect {
        let Some(Overlay::CriterionInput(input)) = self.overlays.top_mut() else {
            return Effect::None;
        };
        match action {
            // A criterion is one line: Enter keeps it (bound), and never breaks it.
            CriterionAction::Key(key) if key.code == KeyCode::Enter => {}
            CriterionAction::Key(key) => {
                input.text.input(key);
            }
            CriterionAction::Paste(text) => {
                input.text.insert_str(text.replace(['\r', '\n'], " "));
            }
            CriterionAction::Keep => return self.criterion_done(),
            CriterionAction::Discard => {
                self.overlays.pop();
            }
        }
        Effect::None
    }

    /// Enter while typing: keeps the text (an empty one changes nothing).
    fn criterion_done(&mut self) -> Effect {
        let Some(Overlay::CriterionInput(input)) = self.overlays.pop() else {
            return Effect::None;
        };
        let text = input.text.lines().join(" ").trim().to_string();
        if text.is_empty() {
            return Effect::None;
        }
        let mut list = self.criteria();
        let (what, cursor) = match input.at.and_then(|i| list.get_mut(i).map(|c| (i, c))) {
            Some((i, item)) => {
                item.text = text;
                (format!("edited criterion {}", i + 1), i)
            }
            None => {
                list.push(Criterion {
                    text,
                    done: false,
                    extra: Extra::new(),
                });
                (format!("added criterion {}", list.len()), list.len() - 1)
            }
        };
        let effect = self.save_criteria(list, what);
        if let Some(c) = self.checklist_mut() {
            c.cursor = cursor;
        }
        effect
    }

    fn save_criteria(&mut self, list: Vec<Criterion>, what: String) -> Effect {
        let Some(id) = self.checklist_mut().map(|c| c.story) else {
            return Effect::None;
        };
        let now = self.now;
        let what = format!("{id}: {what}");
        match self.commit_stories(what, &[id], |p| p.set_criteria(id, list, now)) {
            Ok(effect) => effect,
            Err(e) => self.refused(e),
        }
    }

    /// Enter in a split's checklist: a new story after this one, same epic, labels and
    /// user-story parts, taking the marked criteria. One undo step restores both.
    fn split(&mut self, c: &Checklist) -> Effect {
        let Ok(story) = self.product.story(c.story).cloned() else {
            return Effect::None;
        };
        let (taken, kept): (Vec<_>, Vec<_>) = story
            .acceptance_criteria
            .iter()
            .cloned()
            .enumerate()
            .partition(|(i, _)| c.marked.get(*i).copied().unwrap_or(false));
        let draft = StoryDraft {
            title: format!("{} (part 2)", story.title),
            as_a: story.as_a.clone(),
            i_want: story.i_want.clone(),
            so_that: story.so_that.clone(),
            epic: story.epic,
            labels: story.labels.clone(),
            ..StoryDraft::default()
        };
        let now = self.now;
        let taken: Vec<Criterion> = taken.into_iter().map(|(_, c)| c).collect();
        let kept: Vec<Criterion> = kept.into_iter().map(|(_, c)| c).collect();
        let result = self.commit(format!("split {}", story.id), |p| {
            let new = p.add_story(draft, Place::After(story.id), now)?;
            p.set_criteria(new, taken, now)?;
            p.set_criteria(story.id, kept, now)?;
            Ok(new)
        });
        match result {
            Ok((new, effect)) => {
                self.select_story(new);
                self.message = Some(format!("split {} into {new}", story.id));
                effect
            }
            Err(e) => self.refused(e),
        }
    }
}

/// Draws the checklist over the detail panel (or, where none is shown, the focused pane).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    c: &Checklist,
    input: Option<&CriterionInput>,
) {
    let areas = layout::areas(area, app.focus, app.roadmap.view);
    let Some(rect) = areas.detail.or(areas.backlog).or(areas.sprint) else {
        return;
    };
    let t = &app.theme;
    let (list, dod) = app.product.story(c.story).map_or_else(
        |_| (Vec::new(), Vec::new()),
        |s| {
            let dod: Vec<(String, bool)> = match c.purpose {
                Purpose::Edit => app
                    .product
                    .dod_checklist(s)
                    .map(|(item, done)| (item.to_string(), done))
                    .collect(),
                Purpose::Split => Vec::new(),
            };
            (s.acceptance_criteria.clone(), dod)
        },
    );
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(t.focus)
        .title(Line::styled(title(c, !dod.is_empty()), t.focus));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let rows = usize::from(inner.height);
    if rows == 0 {
        return;
    }
    let typing_new = input.is_some_and(|i| i.at.is_none());
    // A criterion being added is drawn after the criteria, before the DoD items.
    let total = list.len() + usize::from(typing_new) + dod.len();
    let cursor = if typing_new { list.len() } else { c.cursor };
    let start = cursor
        .saturating_sub(rows - 1)
        .min(total.saturating_sub(rows));
    for n in 0..rows.min(total.saturating_sub(start)) {
        let i = start + n;
        let r = Rect::new(inner.x, inner.y + n as u16, inner.width, 1);
        let editing = input.filter(|input| match input.at {
            Some(at) => at == i,
            None => i == list.len(),
        });
        if let Some(CriterionInput { text: area, .. }) = editing {
            frame.render_widget(Line::raw("  > "), r);
            let edit = Rect::new(r.x + 4, r.y, r.width.saturating_sub(4), 1);
            frame.render_widget(area, edit);
        } else {
            let text = match list.get(i) {
                Some(item) => row(c, i, item),
                None => {
                    let at = i - list.len() - usize::from(typing_new);
                    let Some((item, done)) = dod.get(at) else {
                        continue;
                    };
                    let mark = if *done { "[x]" } else { "[ ]" };
                    format!("{mark} DoD: {item}")
                }
            };
            frame.render_widget(Line::raw(pad(&text, usize::from(r.width))), r);
            if i == c.cursor && input.is_none() {
                frame.buffer_mut().set_style(r, t.selected);
            }
        }
    }
    if list.is_empty() && dod.is_empty() && input.is_none() {
        let add = checklist_key(Context::Criteria, ChecklistAction::Add);
        let text = format!("no criteria yet: {add} adds one");
        frame.render_widget(Line::styled(text, t.dim), inner);
    }
}

fn checklist_key(context: Context, action: ChecklistAction) -> String {
    key_for(context, &Action::Checklist(action))
}

/// The box's title says what it is for and its keys.
fn title(c: &Checklist, with_dod: bool) -> String {
    let what = if with_dod {
        "Criteria and DoD"
    } else {
        "Criteria"
    };
    match c.purpose {
        Purpose::Edit => format!(
            " {what} of {} · {} done ",
            c.story,
            checklist_key(Context::Criteria, ChecklistAction::Close)
        ),
        Purpose::Split => format!(
            " Split {}: {} marks what moves, {} splits ",
            c.story,
            checklist_key(Context::Split, ChecklistAction::Toggle),
            checklist_key(Context::Split, ChecklistAction::Split)
        ),
    }
}

/// `[x] text` while ticking off, `→ new text` / `  keep text` while splitting.
fn row(c: &Checklist, i: usize, item: &Criterion) -> String {
    let mark = match c.purpose {
        Purpose::Edit if item.done => "[x]",
        Purpose::Edit => "[ ]",
        Purpose::Split if c.marked.get(i).copied().unwrap_or(false) => "→ new",
        Purpose::Split => "  keep",
    };
    format!("{mark} {}", item.text)
}
