//! Open merge conflicts in the UI: the sign that marks an entity holding one in every list,
//! both values in the detail, and the settle overlay (`M`): take ours, take theirs, or type
//! a value. Settling goes through `Product::settle_conflict`, the method `roadlog resolve`
//! calls, then the one save path every edit takes.

use std::fmt::Display;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use serde_json::Value;

use crate::model::{Conflict, Take};

use super::action::{Action, GlobalAction, SettleAction};
use super::app::{App, Effect, Pane};
use super::build::RoadItem;
use super::history::Op;
use super::keymap::{Context, hint, key_for};
use super::overlay::Overlay;
use super::widgets::{cell, centered_box, pad};

/// Before the title of an entity that holds an open conflict: a sign, not a colour alone.
pub const SIGN: &str = "≠";

/// The overlay's state: which open conflict, and the value being typed, if typing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settle {
    /// The conflict's place in the document's list, clamped on every use (a merge may have
    /// changed the list since).
    pub index: usize,
    pub typing: Option<String>,
}

/// A list row's title cell, `width` wide: the conflict sign and the title when `id` holds an
/// open conflict, else the title alone (the first span empty).
pub fn titled(app: &App, id: impl Display, title: &str, width: usize) -> [Span<'static>; 2] {
    let conflicted =
        !app.derived.conflicted.is_empty() && app.derived.conflicted.contains(&id.to_string());
    if conflicted && width > 2 {
        [
            Span::styled(format!("{SIGN} "), app.theme.bad),
            Span::raw(pad(title, width - 2)),
        ]
    } else {
        [Span::raw(""), Span::raw(pad(title, width))]
    }
}

/// The detail's lines for `entity`'s open conflicts: the field and both values.
pub fn detail_lines(app: &App, entity: &str) -> Vec<Line<'static>> {
    let open: Vec<&Conflict> = app
        .product
        .conflicts()
        .iter()
        .filter(|c| c.entity.eq_ignore_ascii_case(entity))
        .collect();
    if open.is_empty() {
        return Vec::new();
    }
    let settle = key_for(app.pane_context(), &Action::Global(GlobalAction::Settle));
    open.into_iter()
        .map(|c| {
            Line::from(vec![
                Span::styled(
                    format!("{SIGN} conflict on {}: ", cell(&c.field)),
                    app.theme.bad,
                ),
                Span::raw(format!(
                    "ours {} · theirs {} ({settle} settles)",
                    value_text(&c.ours),
                    value_text(&c.theirs)
                )),
            ])
        })
        .collect()
}

/// The id of what the focused pane has selected, as conflicts name entities.
pub fn selected_entity(app: &App) -> Option<String> {
    match app.focus {
        Pane::Roadmap => match app.roadmap.list.selected()? {
            RoadItem::Vision(id) => Some(id.to_string()),
            RoadItem::Epic(id) => Some(id.to_string()),
            // A goal's fields are its vision's (`goals[G-1].target`).
            RoadItem::Goal(goal) => Some(goal.vision.to_string()),
        },
        Pane::Backlog => app.backlog.list.selected().map(|id| id.to_string()),
        Pane::Sprint => app
            .sprint
            .list
            .selected()
            .map(|id| id.to_string())
            .or_else(|| app.derived.sprint.map(|id| id.to_string())),
    }
}

/// A value as the overlay shows it: text in quotes, anything else as JSON.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{}'", cell(s)),
        Value::Null => "(none)".into(),
        other => cell(&other.to_string()),
    }
}

/// What typing starts from: the standing value, as it would be typed.
fn typed_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl App {
    /// `M`: the settle overlay, on the first open conflict of the selected item (else the
    /// document's first).
    pub(super) fn open_settle(&mut self) {
        let open = self.product.conflicts();
        if open.is_empty() {
            self.message = Some("no open conflicts: nothing to settle".into());
            return;
        }
        let index = selected_entity(self)
            .and_then(|id| open.iter().position(|c| c.entity.eq_ignore_ascii_case(&id)))
            .unwrap_or(0);
        self.overlays.push(Overlay::Settle(Settle {
            index,
            typing: None,
        }));
    }

    /// The keys of the settle overlay on top.
    pub(super) fn settle_key(&mut self, action: SettleAction) -> Effect {
        let open = self.product.conflicts().len();
        let Some(Overlay::Settle(settle)) = self.overlays.top_mut() else {
            return Effect::None;
        };
        if open == 0 {
            self.overlays.pop();
            return Effect::None;
        }
        settle.index = settle.index.min(open - 1);
        let index = settle.index;
        match action {
            SettleAction::Up => settle.index = index.saturating_sub(1),
            SettleAction::Down => settle.index = (index + 1).min(open - 1),
            SettleAction::Type => {
                settle.typing = Some(typed_text(&self.product.conflicts()[index].ours));
            }
            SettleAction::Char(c) => {
                if let Some(text) = &mut settle.typing
                    && !c.is_control()
                {
                    text.push(c);
                }
            }
            SettleAction::Paste(pasted) => {
                if let Some(text) = &mut settle.typing {
                    text.extend(pasted.chars().filter(|c| !c.is_control()));
                }
            }
            SettleAction::Backspace => {
                if let Some(text) = &mut settle.typing {
                    text.pop();
                }
            }
            SettleAction::Back => settle.typing = None,
            SettleAction::Close => {
                self.overlays.pop();
            }
            SettleAction::Ours => return self.settle(index, Take::Ours),
            SettleAction::Theirs => return self.settle(index, Take::Theirs),
            SettleAction::Apply => {
                if let Some(text) = settle.typing.take() {
                    return self.settle(index, Take::Value(text));
                }
            }
        }
        Effect::None
    }

    /// Settles the `index`th open conflict as one undo step (the undo reopens it).
    fn settle(&mut self, index: usize, take: Take) -> Effect {
        let before = self.product.conflicts().to_vec();
        let Some(c) = before.get(index).cloned() else {
            return Effect::None;
        };
        let how = match &take {
            Take::Ours => "ours".to_string(),
            Take::Theirs => "theirs".to_string(),
            Take::Value(v) => format!("'{v}'"),
        };
        let what = format!("settled {} {} with {how}", c.entity, c.field);
        let settled = self.commit(what.clone(), |p| {
            p.settle_conflict(&c.entity, &c.field, take).map(drop)
        });
        let effect = match settled {
            Ok(((), effect)) => effect,
            Err(e) => {
                // The overlay stays, so another choice can be made.
                self.message = Some(e.to_string());
                return Effect::None;
            }
        };
        // The conflicts list is not an entity: its change rides along with the step.
        if let Some(mut step) = self.history.take_undo() {
            let after = self.product.conflicts().to_vec();
            step.redo = Op::Batch(vec![step.redo, Op::Conflicts(after)]);
            step.undo = Op::Batch(vec![step.undo, Op::Conflicts(before)]);
            self.history.push_done(step);
        }
        let left = self.product.conflicts().len();
        if left == 0 {
            self.overlays.pop();
        }
        self.message = Some(match left {
            0 => format!("{what}; no open conflicts left"),
            1 => format!("{what}; 1 open conflict left"),
            n => format!("{what}; {n} open conflicts left"),
        });
        effect
    }
}

/// The overlay: the conflict, both values, and what the keys do.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, settle: &Settle) {
    let t = &app.theme;
    let open = app.product.conflicts();
    let Some(c) = open.get(settle.index.min(open.len().saturating_sub(1))) else {
        return;
    };
    let key = |action| key_for(Context::Settle, &Action::Settle(action));
    let mut lines = vec![
        Line::styled(
            format!("{SIGN} {} · {}", cell(&c.entity), cell(&c.field)),
            t.title,
        ),
        Line::from(vec![
            Span::styled("ours (stands now): ", t.dim),
            Span::raw(value_text(&c.ours)),
        ]),
        Line::from(vec![
            Span::styled("theirs (the other writer's): ", t.dim),
            Span::raw(value_text(&c.theirs)),
        ]),
        Line::styled(format!("met {} UTC", app.dates.moment(c.at)), t.dim),
        Line::default(),
    ];
    match &settle.typing {
        Some(text) => {
            lines.push(Line::from(vec![
                Span::styled("value: ", t.title),
                Span::raw(cell(text)),
                Span::styled("▏", t.focus),
            ]));
            let apply = hint(
                Context::SettleValue,
                &Action::Settle(SettleAction::Apply),
                "settle",
            );
            let back = hint(
                Context::SettleValue,
                &Action::Settle(SettleAction::Back),
                "back",
            );
            lines.push(Line::styled(format!("{apply} · {back}"), t.dim));
        }
        None => lines.push(Line::styled(
            format!(
                "{} take ours · {} take theirs · {} type a value · {}/{} next · {} close",
                key(SettleAction::Ours),
                key(SettleAction::Theirs),
                key(SettleAction::Type),
                key(SettleAction::Down),
                key(SettleAction::Up),
                key(SettleAction::Close),
            ),
            t.dim,
        )),
    }
    let title = format!(
        " Settle a conflict · {} of {} ",
        settle.index.min(open.len() - 1) + 1,
        open.len()
    );
    let block = Block::bordered().border_style(t.focus).title(title);
    centered_box(frame, area, 72, &lines, block);
}
