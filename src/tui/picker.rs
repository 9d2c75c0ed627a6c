//! Fuzzy-searchable pick lists (nucleo-matcher, the matcher of the helix editor): the quick
//! keys' choices of points, assignee, epic, sprint and blocker. Typing narrows the list;
//! only the visible window is drawn, so a thousand options cost a thousand scores per key
//! and a screenful of rows per frame.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use crate::model::{EpicId, SprintId, StoryId};

use super::action::{Action, PickerAction};
use super::keymap::{Context, key_for};
use super::theme::Theme;
use super::widgets::{cell, pad};

/// What choosing an option does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Points(Option<u32>),
    /// An assignee; `None` clears it.
    Assignee(Option<String>),
    Epic(Option<EpicId>),
    Sprint(Option<SprintId>),
    /// Adds the story to the blockers, or takes it out if it is one already.
    Blocker(StoryId),
    /// The global jump (Ctrl-p): go to this item.
    Jump(Target),
    Status(crate::model::StoryStatus),
    /// Adds the label to every story, or takes it off if they all have it.
    Label(String),
    /// A new story's form preset from this template (`None`: blank); the picker's one
    /// story is the one the new story goes after.
    Template(Option<String>),
    /// Write this sprint's review.
    Review(SprintId),
}

/// Anything the global jump can land on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Story(StoryId),
    Epic(EpicId),
    Vision(crate::model::VisionId),
    Sprint(SprintId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    pub label: String,
    pub choice: Choice,
}

pub struct Picker {
    pub title: String,
    /// The stories the choice applies to: the selected one, or all marked (`v`); none
    /// for the global jump.
    pub stories: Vec<StoryId>,
    pub options: Vec<Opt>,
    pub query: String,
    /// Indexes into `options` that match the query, best first.
    pub shown: Vec<usize>,
    pub cursor: usize,
    /// When set, text that matches nothing is offered as a new value (an assignee or a
    /// label nobody has yet), made into a choice by this.
    pub free_text: Option<fn(String) -> Choice>,
}

impl Picker {
    pub fn new(title: String, stories: Vec<StoryId>, options: Vec<Opt>) -> Picker {
        let shown = (0..options.len()).collect();
        Picker {
            title,
            stories,
            options,
            query: String::new(),
            shown,
            cursor: 0,
            free_text: None,
        }
    }

    pub fn type_char(&mut self, c: char) {
        self.query.push(c);
        self.refilter();
    }

    pub fn backspace(&mut self) {
        self.query.pop();
        self.refilter();
    }

    /// Puts the cursor on the option that makes `choice`, if one is shown.
    pub fn select_choice(&mut self, choice: &Choice) {
        if let Some(at) = self
            .shown
            .iter()
            .position(|i| self.options.get(*i).is_some_and(|o| o.choice == *choice))
        {
            self.cursor = at;
        }
    }

    pub fn step(&mut self, by: isize) {
        let last = self.shown.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(by).min(last);
    }

    /// The highlighted option's choice, or the typed assignee when nothing matches.
    pub fn chosen(&self) -> Option<Choice> {
        match self.shown.get(self.cursor) {
            Some(i) => self.options.get(*i).map(|o| o.choice.clone()),
            None if !self.query.trim().is_empty() => self
                .free_text
                .map(|make| make(self.query.trim().to_string())),
            None => None,
        }
    }

    fn refilter(&mut self) {
        self.cursor = 0;
        if self.query.trim().is_empty() {
            self.shown = (0..self.options.len()).collect();
            return;
        }
        let pattern = Pattern::parse(&self.query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, usize)> = self
            .options
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                let score = pattern.score(Utf32Str::new(&o.label, &mut buf), &mut matcher)?;
                Some((score, i))
            })
            .collect();
        // Best first; equal scores keep the list's own order.
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.shown = scored.into_iter().map(|(_, i)| i).collect();
    }
}

pub fn draw(frame: &mut Frame, area: Rect, t: &Theme, p: &Picker) {
    let width = area.width.saturating_sub(4).min(70);
    // As tall as the options need (prompt and border included), up to 18 rows.
    let wanted = (p.options.len() + 3).clamp(4, 18) as u16;
    let height = area.height.saturating_sub(4).min(wanted);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(t.focus)
        .title(Line::styled(format!(" {} ", cell(&p.title)), t.focus));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height < 2 {
        return;
    }
    let prompt = Line::from(vec![
        Span::styled("> ", t.title),
        Span::raw(cell(&p.query)),
        Span::styled("▏", t.focus),
        Span::styled(format!("  {}/{}", p.shown.len(), p.options.len()), t.dim),
    ]);
    frame.render_widget(prompt, Rect { height: 1, ..inner });
    let rows = usize::from(inner.height - 1);
    if p.shown.is_empty() {
        let text = if p.free_text.is_some() && !p.query.trim().is_empty() {
            let choose = Action::Picker(PickerAction::Choose);
            format!(
                "{}: use '{}'",
                key_for(Context::Picker, &choose),
                cell(p.query.trim())
            )
        } else {
            "no match".into()
        };
        let r = Rect::new(inner.x, inner.y + 1, inner.width, 1);
        frame.render_widget(Line::styled(text, t.dim), r);
        return;
    }
    let start = p.cursor.saturating_sub(rows.saturating_sub(1));
    for (n, i) in p.shown.iter().skip(start).take(rows).enumerate() {
        let Some(o) = p.options.get(*i) else {
            continue;
        };
        let r = Rect::new(inner.x, inner.y + 1 + n as u16, inner.width, 1);
        let line = Line::raw(pad(&o.label, usize::from(inner.width)));
        frame.render_widget(line, r);
        if start + n == p.cursor {
            frame.buffer_mut().set_style(r, t.selected);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_narrows_a_thousand_options_best_first() {
        let options = (0..1000)
            .map(|n| Opt {
                label: format!("S-{n} story number {n}"),
                choice: Choice::Blocker(StoryId(n)),
            })
            .collect();
        let mut p = Picker::new("Blocked by".into(), vec![StoryId(1)], options);
        for c in "S-999".chars() {
            p.type_char(c);
        }
        assert_eq!(p.chosen(), Some(Choice::Blocker(StoryId(999))));
        p.backspace();
        assert!(p.shown.len() > 1);
        p.step(1_000_000);
        assert_eq!(p.cursor, p.shown.len() - 1);
    }
}
