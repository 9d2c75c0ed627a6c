//! The create/edit form: one text-editing widget per field (ratatui-textarea, which gives
//! cursor movement, word jumps, undo within the field and paste), a focused field, and the
//! messages of the last refused save shown at the fields they concern.
//!
//! Module map: [`fields`] builds each entity's fields, [`read`] reads them back, [`save`] turns
//! a form into one undoable change, [`draw`] draws it as an overlay that scrolls.

pub mod draw;
pub mod fields;
pub mod read;
pub mod save;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use crate::model::{EpicId, Horizon, SprintId, StoryId, VisionId};

/// What the form creates or edits.
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
        }
    }
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
    /// `hint` is shown greyed while the field is empty (the expected form of the value).
    pub fn new(label: &'static str, value: &str, hint: &str) -> Field {
        Self::build(label, value, hint, false)
    }

    pub fn multiline(label: &'static str, value: &str, hint: &str) -> Field {
        Self::build(label, value, hint, true)
    }

    fn build(label: &'static str, value: &str, hint: &str, multiline: bool) -> Field {
        let mut text = TextArea::new(value.lines().map(str::to_string).collect());
        text.set_placeholder_text(hint);
        // The cursor line is underlined by default, which reads as a link; no style instead.
        text.set_cursor_line_style(Style::default());
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

    /// Rows the field takes in the form, its error line included.
    pub fn height(&self) -> u16 {
        let body = if self.multiline { 4 } else { 1 };
        body + u16::from(self.error.is_some())
    }
}

#[derive(Debug, Clone)]
pub struct Form {
    pub target: Target,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A refusal that belongs to no single field (a blocked-by cycle, say).
    pub error: Option<String>,
}

impl Form {
    pub fn new(target: Target, fields: Vec<Field>) -> Form {
        let mut form = Form {
            target,
            fields,
            focus: 0,
            error: None,
        };
        form.restyle();
        form
    }

    /// Only the focused editor shows a cursor (reversed, so it survives NO_COLOR).
    fn restyle(&mut self) {
        for (i, f) in self.fields.iter_mut().enumerate() {
            let style = if i == self.focus {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            f.text.set_cursor_style(style);
        }
    }

    /// The trimmed text of the field labelled `label` (empty if there is none).
    pub fn get(&self, label: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.value().trim().to_string())
            .unwrap_or_default()
    }

    pub fn changed(&self) -> bool {
        self.fields.iter().any(Field::changed)
    }

    /// The fields' labels, in the order Tab visits them.
    pub fn labels(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.label).collect()
    }

    /// Whether the user changed the field with this label since the form opened.
    pub fn field_changed(&self, label: &str) -> bool {
        self.fields.iter().any(|f| f.label == label && f.changed())
    }

    pub fn on_last(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
        self.restyle();
    }

    pub fn prev(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
        self.restyle();
    }

    pub fn focused_is_multiline(&self) -> bool {
        self.fields.get(self.focus).is_some_and(|f| f.multiline)
    }

    /// A key for the focused field's editor. Single-line fields never take a line break.
    pub fn key(&mut self, key: KeyEvent) {
        let Some(field) = self.fields.get_mut(self.focus) else {
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
        let Some(field) = self.fields.get_mut(self.focus) else {
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
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Puts a message at the field labelled `label` (the first one found for it stays), and
    /// focuses the first field in error.
    pub fn refuse(&mut self, label: &str, message: String) {
        if let Some(i) = self.fields.iter().position(|f| f.label == label) {
            if self.fields.iter().all(|f| f.error.is_none()) {
                self.focus = i;
                self.restyle();
            }
            self.fields[i].error.get_or_insert(message);
        } else {
            self.error = Some(message);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.error.is_some() || self.fields.iter().any(|f| f.error.is_some())
    }
}
