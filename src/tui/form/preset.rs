//! A new story from a template: when the document has templates, `n` in the Backlog first
//! offers them in a pick list ("blank" first), and the story form opens preset with the
//! chosen one's user-story parts, labels, points and criteria, laid under an empty draft by
//! the model's own `Template::apply`, so the CLI's `story add --template` and the form agree.

use crate::model::{StoryDraft, StoryId};

use super::super::app::App;
use super::super::overlay::Overlay;
use super::super::picker::{Choice, Opt, Picker};
use super::fields::{self, StoryField};
use super::{AnyForm, Form, Subject};

impl App {
    /// The pick list of templates for a story placed after `after`; `false` when the
    /// document has none (the blank form opens at once).
    pub(in crate::tui) fn offer_templates(&mut self, after: Option<StoryId>) -> bool {
        let templates = self.product.templates();
        if templates.is_empty() {
            return false;
        }
        let mut options = vec![Opt {
            label: "blank".into(),
            choice: Choice::Template(None),
        }];
        options.extend(templates.iter().map(|t| {
            let mut about = vec![t.name.clone()];
            about.extend(t.points.map(|p| format!("{p} pts")));
            if !t.criteria.is_empty() {
                about.push(format!("{} criteria", t.criteria.len()));
            }
            if !t.labels.is_empty() {
                about.push(t.labels.join(", "));
            }
            Opt {
                label: about.join(" · "),
                choice: Choice::Template(Some(t.name.clone())),
            }
        }));
        let title = "New story from a template".to_string();
        let picker = Picker::new(title, after.into_iter().collect(), options);
        self.overlays.push(Overlay::Picker(Box::new(picker)));
        true
    }

    /// The new story's form, preset from the template named (or blank).
    pub(in crate::tui) fn open_story_from(&mut self, after: Option<StoryId>, name: Option<&str>) {
        let draft = match name.map(|n| self.product.template(n)) {
            Some(Ok(t)) => t.apply(StoryDraft::default()),
            Some(Err(e)) => {
                self.message = Some(e.to_string());
                return;
            }
            None => StoryDraft::default(),
        };
        let form = Form::new(Subject::New(after), |f| preset(&draft, f));
        self.overlays
            .push(Overlay::Form(Box::new(AnyForm::Story(form))));
        if let Some(name) = name {
            self.message = Some(format!("new story from the template '{name}'"));
        }
    }
}

/// A field's text in a new story's form, from a draft a template filled.
fn preset(d: &StoryDraft, field: StoryField) -> String {
    match field {
        StoryField::AsA => d.as_a.clone(),
        StoryField::IWant => d.i_want.clone(),
        StoryField::SoThat => d.so_that.clone(),
        StoryField::Description => d.description.clone(),
        StoryField::Criteria => d
            .acceptance_criteria
            .iter()
            .map(|c| format!("[ ] {c}"))
            .collect::<Vec<_>>()
            .join("\n"),
        StoryField::Points => d.points.map_or_else(String::new, |p| p.to_string()),
        StoryField::Labels => d.labels.join(", "),
        StoryField::Title
        | StoryField::Status
        | StoryField::Epic
        | StoryField::Sprint
        | StoryField::Assignee
        | StoryField::BlockedBy => fields::story(None, field),
    }
}
