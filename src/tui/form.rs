//! The create/edit forms: one text-editing widget per field (ratatui-textarea, which gives
//! cursor movement, word jumps, undo within the field and paste), a focused field, and the
//! messages of the last refused save shown at the fields they concern.
//!
//! Each kind of form has its own field ids ([`StoryField`], ...), and a form is built from
//! all of them, so a field is always asked for by a typed id and an unknown one cannot be
//! asked for at all. Module map: [`fields`] declares each entity's fields and fills them,
//! [`read`] reads them back, [`save`] turns a form into one undoable change of only the
//! fields the user changed, [`draw`] draws it as an overlay that scrolls.

pub mod draw;
pub mod fields;
mod preset;
pub mod read;
pub mod save;

use std::marker::PhantomData;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};

use crate::model::{EpicId, GoalRef, Horizon, SprintId, StoryId, VisionId};

pub use fields::{EpicField, ReadingField, SprintField, StoryField, VisionField};

/// What a form is asked to open on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A new story, placed after the given one (or at the top of an empty backlog).
    NewStory(Option<StoryId>),
    Story(StoryId),
    NewEpic(Horizon),
    Epic(EpicId),
    NewVision,
    Vision(VisionId),
    NewSprint,
    Sprint(SprintId),
    /// A new reading of a goal's metric.
    Reading(GoalRef),
}

impl Target {
    pub fn title(self) -> String {
        match self {
            Target::NewStory(_) => "New story".into(),
            Target::Story(id) => format!("Edit {id}"),
            Target::NewEpic(h) => format!("New epic in {h}"),
            Target::Epic(id) => format!("Edit {id}"),
            Target::NewVision => "New vision".into(),
            Target::Vision(id) => format!("Edit {id}"),
            Target::NewSprint => "New sprint".into(),
            Target::Sprint(id) => format!("Edit {id}"),
            Target::Reading(goal) => format!("Reading of {goal}"),
        }
    }

    /// The form as a recovery file names it ("story S-4", "new-story after S-11"), read
    /// back by [`Target::from_key`] to open the same form again.
    pub fn key(self) -> String {
        match self {
            Target::NewStory(None) => "new-story".into(),
            Target::NewStory(Some(after)) => format!("new-story after {after}"),
            Target::Story(id) => format!("story {id}"),
            Target::NewEpic(h) => format!("new-epic {}", h.as_str()),
            Target::Epic(id) => format!("epic {id}"),
            Target::NewVision => "new-vision".into(),
            Target::Vision(id) => format!("vision {id}"),
            Target::NewSprint => "new-sprint".into(),
            Target::Sprint(id) => format!("sprint {id}"),
            Target::Reading(goal) => format!("reading {goal}"),
        }
    }

    pub fn from_key(key: &str) -> Option<Target> {
        let (kind, rest) = key.split_once(' ').unwrap_or((key, ""));
        Some(match (kind, rest) {
            ("new-story", "") => Target::NewStory(None),
            ("new-story", after) => {
                Target::NewStory(Some(after.strip_prefix("after ")?.parse().ok()?))
            }
            ("story", id) => Target::Story(id.parse().ok()?),
            ("new-epic", h) => Target::NewEpic(h.parse().ok()?),
            ("epic", id) => Target::Epic(id.parse().ok()?),
            ("new-vision", "") => Target::NewVision,
            ("vision", id) => Target::Vision(id.parse().ok()?),
            ("new-sprint", "") => Target::NewSprint,
            ("sprint", id) => Target::Sprint(id.parse().ok()?),
            ("reading", goal) => Target::Reading(goal.parse().ok()?),
            _ => return None,
        })
    }

    /// What the form makes or edits, in a question ("the story you were writing").
    pub fn noun(self) -> &'static str {
        match self {
            Target::NewStory(_) | Target::Story(_) => "story",
            Target::NewEpic(_) | Target::Epic(_) => "epic",
            Target::NewVision | Target::Vision(_) => "vision",
            Target::NewSprint | Target::Sprint(_) => "sprint",
            Target::Reading(_) => "reading",
        }
    }
}

/// The fields of one kind of form, in the order the form shows them.
pub trait FieldId: Copy + Eq + std::fmt::Debug + 'static {
    /// What an edit form edits (its id).
    type Id: Copy;
    /// What a new one needs to know (where it goes).
    type New: Copy;
    /// Every field, in declaration order: `ALL[i].index() == i`.
    const ALL: &'static [Self];
    fn index(self) -> usize;
    fn label(self) -> &'static str;
    /// Shown greyed while the field is empty: the expected form of the value.
    fn hint(self) -> String;
    fn multiline(self) -> bool;
    fn target(subject: Subject<Self::Id, Self::New>) -> Target;
}

/// A new item, or the one being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<Id, New> {
    New(New),
    Edit(Id),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub multiline: bool,
    pub text: TextArea<'static>,
    initial: String,
    /// Why the last save was refused, shown under the field.
    pub error: Option<String>,
}

impl Field {
    fn new(label: &'static str, value: &str, hint: &str, multiline: bool) -> Field {
        let mut text = TextArea::new(value.lines().map(str::to_string).collect());
        text.set_placeholder_text(hint);
        // The cursor line is underlined by default, which reads as a link; no style instead.
        text.set_cursor_line_style(Style::default());
        // Typing in a filled field adds to its end, as in the criterion editor: a cursor left
        // at the start put "EDITED" in front of a title meant to end with it.
        text.move_cursor(CursorMove::Bottom);
        text.move_cursor(CursorMove::End);
        Field {
            label,
            multiline,
            text,
            initial: value.to_string(),
            error: None,
        }
    }

    pub fn value(&self) -> String {
        self.text.lines().join("\n")
    }

    pub fn changed(&self) -> bool {
        self.value().trim_end() != self.initial.trim_end()
    }

    /// Puts back text typed earlier (from a recovery file), the cursor at its end.
    pub fn restore_text(&mut self, text: &str) {
        self.text.clear();
        self.text.insert_str(text);
    }

    /// Rows the editor takes in the form.
    pub fn body_height(&self) -> u16 {
        if self.multiline { 4 } else { 1 }
    }
}

/// The editors of a form, whatever it edits: the focused field, typing, and the messages of
/// a refusal.
#[derive(Debug, Clone)]
pub struct Fields {
    pub list: Vec<Field>,
    pub focus: usize,
    /// A refusal that belongs to no single field (a blocked-by cycle, say).
    pub error: Option<String>,
}

impl Fields {
    /// Only the focused editor shows a cursor (reversed, so it survives NO_COLOR).
    fn restyle(&mut self) {
        for (i, f) in self.list.iter_mut().enumerate() {
            let style = if i == self.focus {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            f.text.set_cursor_style(style);
        }
    }

    pub fn changed(&self) -> bool {
        self.list.iter().any(Field::changed)
    }

    /// The fields' labels, in the order Tab visits them.
    pub fn labels(&self) -> Vec<&'static str> {
        self.list.iter().map(|f| f.label).collect()
    }

    /// Focuses the field labelled `label`, if there is one.
    pub fn focus_on(&mut self, label: &str) {
        if let Some(i) = self.list.iter().position(|f| f.label == label) {
            self.focus = i;
            self.restyle();
        }
    }

    pub fn on_last(&self) -> bool {
        self.focus + 1 >= self.list.len()
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.list.len().max(1);
        self.restyle();
    }

    pub fn prev(&mut self) {
        let n = self.list.len().max(1);
        self.focus = (self.focus + n - 1) % n;
        self.restyle();
    }

    pub fn focused_is_multiline(&self) -> bool {
        self.list.get(self.focus).is_some_and(|f| f.multiline)
    }

    /// A key for the focused field's editor. Single-line fields never take a line break.
    pub fn key(&mut self, key: KeyEvent) {
        let Some(field) = self.list.get_mut(self.focus) else {
            return;
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let line_break = key.code == KeyCode::Enter || (ctrl && key.code == KeyCode::Char('m'));
        if line_break && !field.multiline {
            return;
        }
        field.text.input(key);
    }

    pub fn paste(&mut self, text: &str) {
        let Some(field) = self.list.get_mut(self.focus) else {
            return;
        };
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text = if field.multiline {
            text
        } else {
            text.replace('\n', " ")
        };
        field.text.insert_str(text);
    }

    /// Clears the messages of an earlier refusal before trying again.
    pub fn clear_errors(&mut self) {
        self.error = None;
        for f in &mut self.list {
            f.error = None;
        }
    }
}

/// A form of one kind: its fields, asked for by their typed ids.
#[derive(Debug, Clone)]
pub struct Form<F: FieldId> {
    pub subject: Subject<F::Id, F::New>,
    pub fields: Fields,
    kind: PhantomData<F>,
}

impl<F: FieldId> Form<F> {
    /// Every field of `F`, each filled with `value(field)`.
    pub fn new(subject: Subject<F::Id, F::New>, value: impl Fn(F) -> String) -> Form<F> {
        let list = F::ALL
            .iter()
            .map(|f| Field::new(f.label(), &value(*f), &f.hint(), f.multiline()))
            .collect();
        let mut fields = Fields {
            list,
            focus: 0,
            error: None,
        };
        fields.restyle();
        Form {
            subject,
            fields,
            kind: PhantomData,
        }
    }

    fn field(&self, id: F) -> &Field {
        // Built from `F::ALL`, so every id has its field at its index.
        &self.fields.list[id.index()]
    }

    /// The trimmed text of a field.
    pub fn get(&self, id: F) -> String {
        self.field(id).value().trim().to_string()
    }

    /// Whether the user changed the field since the form opened.
    pub fn changed(&self, id: F) -> bool {
        self.field(id).changed()
    }

    /// Whether the user changed any of `ids`.
    pub fn any_changed(&self, ids: &[F]) -> bool {
        ids.iter().any(|id| self.changed(*id))
    }

    /// Puts a message at a field (the first one found for it stays), and focuses the first
    /// field in error.
    pub fn refuse(&mut self, id: F, message: String) {
        let i = id.index();
        if self.fields.list.iter().all(|f| f.error.is_none()) {
            self.fields.focus = i;
            self.fields.restyle();
        }
        self.fields.list[i].error.get_or_insert(message);
    }

    pub fn target(&self) -> Target {
        F::target(self.subject)
    }
}

/// A form of any kind, as the overlay stack and the save effect hold it.
#[derive(Debug, Clone)]
pub enum AnyForm {
    Story(Form<StoryField>),
    Epic(Form<EpicField>),
    Vision(Form<VisionField>),
    Sprint(Form<SprintField>),
    Reading(Form<ReadingField>),
}

impl AnyForm {
    pub fn fields(&self) -> &Fields {
        match self {
            AnyForm::Story(f) => &f.fields,
            AnyForm::Epic(f) => &f.fields,
            AnyForm::Vision(f) => &f.fields,
            AnyForm::Sprint(f) => &f.fields,
            AnyForm::Reading(f) => &f.fields,
        }
    }

    pub fn fields_mut(&mut self) -> &mut Fields {
        match self {
            AnyForm::Story(f) => &mut f.fields,
            AnyForm::Epic(f) => &mut f.fields,
            AnyForm::Vision(f) => &mut f.fields,
            AnyForm::Sprint(f) => &mut f.fields,
            AnyForm::Reading(f) => &mut f.fields,
        }
    }

    pub fn target(&self) -> Target {
        match self {
            AnyForm::Story(f) => f.target(),
            AnyForm::Epic(f) => f.target(),
            AnyForm::Vision(f) => f.target(),
            AnyForm::Sprint(f) => f.target(),
            AnyForm::Reading(f) => f.target(),
        }
    }
}
