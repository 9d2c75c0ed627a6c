//! The selected item's long text for `E`: a story whole (as Markdown), an epic's
//! description, a vision's statement, a sprint's goal; and what $EDITOR gives back, applied
//! as one undoable change. The terminal work lives in the loop (`tui.rs`), the temporary
//! file and the process in [`editor`](super::editor).

use crate::model::{EpicPatch, GoalRef, ModelError, SprintPatch, StoryId, StoryPatch, VisionPatch};

use super::app::{App, Effect, Pane};
use super::build::RoadItem;
use super::editor::EditorRequest;
use super::form::Target;
use super::markdown;

impl App {
    /// Prepares the selected item's long text: a story whole, as Markdown-like text; an
    /// epic's description, a vision's statement, the shown sprint's goal.
    pub(super) fn request_editor(&mut self) -> Effect {
        let p = &self.product;
        let story = match self.focus {
            Pane::Backlog => self.backlog.list.selected(),
            Pane::Sprint => self.sprint.list.selected(),
            Pane::Roadmap => None,
        };
        let request = match (self.focus, story) {
            (_, Some(id)) => p
                .story(id)
                .ok()
                .map(|s| (Target::Story(id), markdown::write(s))),
            (Pane::Roadmap, None) => match self.roadmap.list.selected() {
                Some(RoadItem::Epic(id)) => p
                    .epic(id)
                    .ok()
                    .map(|e| (Target::Epic(id), e.description.clone())),
                Some(RoadItem::Vision(id) | RoadItem::Goal(GoalRef { vision: id, .. })) => p
                    .vision(id)
                    .ok()
                    .map(|v| (Target::Vision(id), v.statement.clone())),
                None => None,
            },
            (_, None) => self
                .derived
                .sprint
                .and_then(|id| p.sprint(id).ok())
                .map(|s| (Target::Sprint(s.id), s.goal.clone())),
        };
        match request {
            Some((target, text)) => Effect::Editor(EditorRequest { target, text }),
            None => {
                self.message = Some("nothing selected to edit".into());
                Effect::None
            }
        }
    }

    /// The editor closed on `request`: applies the text it saved, or says why it failed.
    pub(super) fn editor_closed(
        &mut self,
        request: EditorRequest,
        outcome: Result<String, String>,
    ) -> Effect {
        let text = match outcome {
            Ok(text) => text,
            Err(why) => {
                self.message = Some(why);
                return Effect::None;
            }
        };
        if text == request.text {
            self.message = Some("no change".into());
            return Effect::None;
        }
        // An editor that crashed or a slip of the hand leaves an empty file: that is no
        // reason to wipe the text (the form clears a field on purpose).
        if text.trim().is_empty() {
            self.message = Some("the editor's text is empty; nothing changed".into());
            return Effect::None;
        }
        let result = match request.target {
            Target::Story(id) => self.story_text(id, &text).map(|effect| ((), effect)),
            Target::Epic(id) => self.commit(format!("edited {id} in the editor"), |p| {
                let patch = EpicPatch {
                    description: Some(text.trim_end().to_string()),
                    ..EpicPatch::default()
                };
                p.update_epic(id, patch)
            }),
            Target::Vision(id) => self.commit(format!("edited {id} in the editor"), |p| {
                let patch = VisionPatch {
                    statement: Some(text.trim_end().to_string()),
                    ..VisionPatch::default()
                };
                p.update_vision(id, patch)
            }),
            Target::Sprint(id) => self.commit(format!("edited {id} in the editor"), |p| {
                let patch = SprintPatch {
                    goal: Some(text.trim_end().to_string()),
                    ..SprintPatch::default()
                };
                p.update_sprint(id, patch)
            }),
            Target::NewStory(_)
            | Target::NewEpic(_)
            | Target::NewVision
            | Target::NewSprint
            | Target::Reading(_) => {
                return Effect::None;
            }
        };
        match result {
            Ok(((), effect)) => effect,
            Err(e) => self.refused(e),
        }
    }

    /// A story's text back from the editor: its parts and criteria, as one edit.
    fn story_text(&mut self, id: StoryId, text: &str) -> Result<Effect, ModelError> {
        let now = self.now;
        let t = match markdown::read(text, self.product.story(id)?) {
            Ok(t) => t,
            Err(why) => {
                self.message = Some(format!("{why}; nothing changed"));
                return Ok(Effect::None);
            }
        };
        let what = format!("edited {id} in the editor");
        self.commit_stories(what, &[id], |p| {
            let patch = StoryPatch {
                title: Some(t.title),
                as_a: Some(t.as_a),
                i_want: Some(t.i_want),
                so_that: Some(t.so_that),
                description: Some(t.description),
                ..StoryPatch::default()
            };
            p.update_story(id, patch, now)?;
            p.set_criteria(id, t.criteria, now)
        })
    }
}
