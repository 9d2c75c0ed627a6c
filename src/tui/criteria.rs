//! A story's acceptance criteria as a checklist in the detail panel: move with j/k, space
//! ticks one off, `a` adds, Enter edits, `K`/`J` reorder, `d` removes. The same checklist
//! chooses which criteria a split (`x`) takes to the new story. Every change is one undo
//! step through `Product::set_criteria`.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear};
use ratatui_textarea::TextArea;

use crate::model::{Criterion, Extra, Place, StoryDraft, StoryId};

use super::app::{App, Effect, Mode, Pane};
use super::layout;
use super::view::pad;

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
    /// The text being typed: for the criterion at the index, or a new one (`None`).
    pub input: Option<(Option<usize>, TextArea<'static>)>,
}

impl App {
    fn story_in_focus(&self) -> Option<StoryId> {
        match self.focus {
            Pane::Backlog => self.backlog.list.selected(),
            Pane::Sprint => self.sprint.list.selected(),
            Pane::Roadmap => None,
        }
    }

    pub(super) fn open_checklist(&mut self, purpose: Purpose) {
        let Some(id) = self.story_in_focus() else {
            self.message = Some("select a story first (Backlog or Sprint view)".into());
            return;
        };
        let n = self
            .product
            .story(id)
            .map_or(0, |s| s.acceptance_criteria.len());
        if purpose == Purpose::Split && n == 0 {
            // Nothing to choose: split at once, the new story starts empty.
            self.checklist = Some(checklist(id, purpose, 0));
            self.split();
            return;
        }
        self.checklist = Some(checklist(id, purpose, n));
        self.mode = Mode::Criteria;
    }

    fn criteria(&self) -> Vec<Criterion> {
        self.checklist
            .as_ref()
            .and_then(|c| self.product.story(c.story).ok())
            .map(|s| s.acceptance_criteria.clone())
            .unwrap_or_default()
    }

    pub(super) fn checklist_step(&mut self, by: isize) {
        let n = self.criteria().len();
        if let Some(c) = self.checklist.as_mut() {
            c.cursor = c.cursor.saturating_add_signed(by).min(n.saturating_sub(1));
        }
    }

    /// Space: ticks the criterion off (or, splitting, marks it to move).
    pub(super) fn checklist_toggle(&mut self) -> Effect {
        let Some(c) = self.checklist.as_mut() else {
            return Effect::None;
        };
        let at = c.cursor;
        if c.purpose == Purpose::Split {
            if let Some(m) = c.marked.get_mut(at) {
                *m = !*m;
            }
            return Effect::None;
        }
        let mut list = self.criteria();
        let Some(item) = list.get_mut(at) else {
            return Effect::None;
        };
        item.done = !item.done;
        let what = if item.done { "ticked off" } else { "reopened" };
        self.save_criteria(list, format!("{what} criterion {}", at + 1))
    }

    /// `K` / `J`: moves the criterion up or down.
    pub(super) fn checklist_move(&mut self, by: isize) -> Effect {
        let Some(at) = self.checklist.as_ref().map(|c| c.cursor) else {
            return Effect::None;
        };
        let mut list = self.criteria();
        let Some(to) = at.checked_add_signed(by).filter(|t| *t < list.len()) else {
            return Effect::None;
        };
        list.swap(at, to);
        if let Some(c) = self.checklist.as_mut() {
            c.cursor = to;
        }
        self.save_criteria(list, format!("moved criterion {}", at + 1))
    }

    pub(super) fn checklist_delete(&mut self) -> Effect {
        let Some(at) = self.checklist.as_ref().map(|c| c.cursor) else {
            return Effect::None;
        };
        let mut list = self.criteria();
        if at >= list.len() {
            return Effect::None;
        }
        list.remove(at);
        let effect = self.save_criteria(list, format!("removed criterion {}", at + 1));
        self.checklist_step(0);
        effect
    }

    /// `a` (new) or Enter (edit the one under the cursor): starts typing.
    pub(super) fn checklist_input(&mut self, new: bool) {
        let list = self.criteria();
        let Some(c) = self.checklist.as_mut() else {
            return;
        };
        let (at, text) = match list.get(c.cursor) {
            Some(item) if !new => (Some(c.cursor), item.text.clone()),
            _ => (None, String::new()),
        };
        let mut area = TextArea::new(vec![text]);
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        area.move_cursor(ratatui_textarea::CursorMove::End);
        c.input = Some((at, area));
        self.mode = Mode::CriterionInput;
    }

    pub(super) fn criterion_key(&mut self, key: KeyEvent) {
        if let Some((_, area)) = self.checklist.as_mut().and_then(|c| c.input.as_mut())
            && key.code != KeyCode::Enter
        {
            area.input(key);
        }
    }

    pub(super) fn criterion_paste(&mut self, text: &str) {
        if let Some((_, area)) = self.checklist.as_mut().and_then(|c| c.input.as_mut()) {
            area.insert_str(text.replace(['\r', '\n'], " "));
        }
    }

    /// Enter while typing: keeps the text (an empty one changes nothing).
    pub(super) fn criterion_done(&mut self, keep: bool) -> Effect {
        self.mode = Mode::Criteria;
        let Some((at, area)) = self.checklist.as_mut().and_then(|c| c.input.take()) else {
            return Effect::None;
        };
        let text = area.lines().join(" ").trim().to_string();
        if !keep || text.is_empty() {
            return Effect::None;
        }
        let mut list = self.criteria();
        let (what, cursor) = match at.and_then(|i| list.get_mut(i).map(|c| (i, c))) {
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
        if let Some(c) = self.checklist.as_mut() {
            c.cursor = cursor;
        }
        effect
    }

    pub(super) fn close_checklist(&mut self) {
        self.checklist = None;
        self.mode = Mode::Normal;
    }

    fn save_criteria(&mut self, list: Vec<Criterion>, what: String) -> Effect {
        let Some(id) = self.checklist.as_ref().map(|c| c.story) else {
            return Effect::None;
        };
        let now = self.now;
        let what = format!("{id}: {what}");
        match self.commit_stories(what, &[id], |p| p.set_criteria(id, list, now)) {
            Ok(effect) => effect,
            Err(e) => {
                self.message = Some(e.to_string());
                Effect::None
            }
        }
    }

    /// Enter in a split's checklist: a new story after this one, same epic, labels and
    /// user-story parts, taking the marked criteria. One undo step restores both.
    pub(super) fn split(&mut self) -> Effect {
        let Some(c) = self.checklist.take() else {
            return Effect::None;
        };
        self.mode = Mode::Normal;
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
            Err(e) => {
                self.message = Some(e.to_string());
                Effect::None
            }
        }
    }
}

fn checklist(story: StoryId, purpose: Purpose, n: usize) -> Checklist {
    Checklist {
        story,
        purpose,
        cursor: 0,
        marked: vec![false; n],
        input: None,
    }
}

/// Draws the checklist over the detail panel (or, where none is shown, the focused pane).
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(c) = &app.checklist else {
        return;
    };
    let areas = layout::areas(area, app.focus);
    let Some(rect) = areas.detail.or(areas.backlog).or(areas.sprint) else {
        return;
    };
    let t = &app.theme;
    let title = match c.purpose {
        Purpose::Edit => format!(" Criteria of {} · Esc done ", c.story),
        Purpose::Split => format!(" Split {}: Space marks what moves, Enter splits ", c.story),
    };
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(t.focus)
        .title(Line::styled(title, t.focus));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let list = app
        .product
        .story(c.story)
        .map(|s| s.acceptance_criteria.clone())
        .unwrap_or_default();
    let rows = usize::from(inner.height);
    if rows == 0 {
        return;
    }
    let typing_new = matches!(c.input, Some((None, _)));
    let total = list.len() + usize::from(typing_new);
    let cursor = if typing_new { list.len() } else { c.cursor };
    let start = cursor
        .saturating_sub(rows - 1)
        .min(total.saturating_sub(rows));
    for n in 0..rows.min(total.saturating_sub(start)) {
        let i = start + n;
        let r = Rect::new(inner.x, inner.y + n as u16, inner.width, 1);
        let editing = match &c.input {
            Some((Some(at), area)) if *at == i => Some(area),
            Some((None, area)) if i == list.len() => Some(area),
            _ => None,
        };
        if let Some(area) = editing {
            frame.render_widget(Line::raw("  > "), r);
            let edit = Rect::new(r.x + 4, r.y, r.width.saturating_sub(4), 1);
            frame.render_widget(area, edit);
            continue;
        }
        let Some(item) = list.get(i) else {
            continue;
        };
        let mark = match c.purpose {
            Purpose::Edit => if item.done { "[x]" } else { "[ ]" }.to_string(),
            Purpose::Split => {
                let moving = c.marked.get(i).copied().unwrap_or(false);
                if moving { "→ new" } else { "  keep" }.to_string()
            }
        };
        let text = pad(&format!("{mark} {}", item.text), usize::from(r.width));
        frame.render_widget(Line::raw(text), r);
        if i == c.cursor && c.input.is_none() {
            frame.buffer_mut().set_style(r, t.selected);
        }
    }
    if list.is_empty() && c.input.is_none() {
        frame.render_widget(Line::styled("no criteria yet: a adds one", t.dim), inner);
    }
}
