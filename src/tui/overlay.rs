//! What lies over the panes, as a stack: each overlay owns its state, keys go to the top
//! one, drawing walks the stack from the bottom up, and closing the top one gives the keys
//! back to whatever is under it (a question over a form hands them back to the form).

use super::criteria::{Checklist, CriterionInput, Purpose};
use super::form::AnyForm;
use super::keymap::Context;
use super::picker::Picker;
use super::question::Question;
use super::recovery::Offer;
use super::settle::Settle;
use super::sprint::CloseChecklist;

pub enum Overlay {
    /// The help, scrolled down this many lines (clamped in drawing).
    Help { scroll: usize },
    /// The selected item's detail over the whole screen, scrolled down this many lines.
    Detail { scroll: usize },
    /// Typing the focused pane's filter; the text is the pane's, and stays after Enter.
    Filter,
    /// A create/edit form.
    Form(Box<AnyForm>),
    /// A question before something is lost (over the form it asks about, if any).
    Question(Question),
    /// Closing a sprint: which unfinished stories carry over, and where.
    CloseSprint(CloseChecklist),
    /// A pick list: a quick key's choices, or the jump.
    Picker(Box<Picker>),
    /// A story's acceptance criteria as a checklist in the detail panel.
    Checklist(Checklist),
    /// Typing a criterion's text, over its checklist (which draws it in its row).
    CriterionInput(Box<CriterionInput>),
    /// The `:` line being typed (drawn in the footer).
    Command(String),
    /// `g` was pressed: `/` now opens the jump; any other key does what it always does.
    AfterG,
    /// Settling an open merge conflict.
    Settle(Settle),
    /// At start: offering back what a recovery file kept.
    Recovery(Box<Offer>),
}

impl Overlay {
    /// Where the keys go while this overlay is on top.
    pub fn context(&self) -> Context {
        match self {
            Overlay::Help { .. } => Context::Help,
            Overlay::Detail { .. } => Context::Detail,
            Overlay::Filter => Context::Filter,
            Overlay::Form(_) => Context::Form,
            Overlay::Question(_) | Overlay::Recovery(_) => Context::Confirm,
            Overlay::CloseSprint(_) => Context::CloseSprint,
            Overlay::Picker(_) => Context::Picker,
            Overlay::Checklist(c) => match c.purpose {
                Purpose::Edit => Context::Criteria,
                Purpose::Split => Context::Split,
            },
            Overlay::CriterionInput(_) => Context::CriterionInput,
            Overlay::Command(_) => Context::Command,
            Overlay::AfterG => Context::AfterG,
            Overlay::Settle(s) if s.typing.is_some() => Context::SettleValue,
            Overlay::Settle(_) => Context::Settle,
        }
    }

    /// Whether the document may be replaced under this overlay: it holds nothing that
    /// refers to the old document.
    fn survives_reload(&self) -> bool {
        match self {
            // The detail is drawn from the selection in the document of the moment.
            Overlay::Help { .. } | Overlay::Detail { .. } | Overlay::Filter | Overlay::AfterG => {
                true
            }
            Overlay::Form(_)
            | Overlay::Question(_)
            | Overlay::CloseSprint(_)
            | Overlay::Picker(_)
            | Overlay::Checklist(_)
            | Overlay::CriterionInput(_)
            | Overlay::Command(_)
            | Overlay::Settle(_)
            // Its edits are based on the file as it was; restoring merges them with it.
            | Overlay::Recovery(_) => false,
        }
    }
}

/// The stack, bottom first.
#[derive(Default)]
pub struct Overlays(Vec<Overlay>);

impl Overlays {
    pub fn top(&self) -> Option<&Overlay> {
        self.0.last()
    }

    pub fn top_mut(&mut self) -> Option<&mut Overlay> {
        self.0.last_mut()
    }

    pub fn push(&mut self, overlay: Overlay) {
        self.0.push(overlay);
    }

    pub fn pop(&mut self) -> Option<Overlay> {
        self.0.pop()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Bottom to top, the order they are drawn in.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Overlay> {
        self.0.iter()
    }

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Overlay> {
        self.0.iter_mut()
    }

    /// The overlay just above the one at `index`.
    pub fn above(&self, index: usize) -> Option<&Overlay> {
        self.0.get(index + 1)
    }

    /// The open form, wherever it is in the stack (a question may be over it).
    pub fn form(&self) -> Option<&AnyForm> {
        self.0.iter().find_map(|o| {
            if let Overlay::Form(f) = o {
                Some(&**f)
            } else {
                None
            }
        })
    }

    /// Whether every open overlay survives the document being replaced.
    pub fn survive_reload(&self) -> bool {
        self.0.iter().all(Overlay::survives_reload)
    }

    /// Whether the mouse may act on the panes: not under an open form, question or list.
    pub fn let_mouse_through(&self) -> bool {
        matches!(
            self.top(),
            None | Some(Overlay::Help { .. } | Overlay::AfterG)
        )
    }
}
