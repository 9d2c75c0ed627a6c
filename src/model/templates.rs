//! Story templates: named presets (bug, spike, feature, ...) kept in the document's settings,
//! so a whole team starts each kind of story the same way.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::entities::Extra;
use super::stories::clean_labels;
use super::{ModelError, Product, StoryDraft};

/// What a new story made from the template starts with. Only the parts a template sets are
/// written to the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Template {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub as_a: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub i_want: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub so_that: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Template {
    /// The draft with the template's presets under it: what the draft says wins, the
    /// template fills what it leaves empty, and labels and criteria add up (template first).
    pub fn apply(&self, draft: StoryDraft) -> StoryDraft {
        let or = |given: String, preset: &str| {
            if given.trim().is_empty() {
                preset.to_string()
            } else {
                given
            }
        };
        let mut labels = self.labels.clone();
        labels.extend(draft.labels);
        let mut criteria = self.criteria.clone();
        criteria.extend(draft.acceptance_criteria);
        StoryDraft {
            as_a: or(draft.as_a, &self.as_a),
            i_want: or(draft.i_want, &self.i_want),
            so_that: or(draft.so_that, &self.so_that),
            description: or(draft.description, &self.description),
            points: draft.points.or(self.points),
            labels,
            acceptance_criteria: criteria,
            ..draft
        }
    }
}

/// A change to a template; `None` leaves a part as it is, lists are replaced whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplatePatch {
    pub name: Option<String>,
    pub as_a: Option<String>,
    pub i_want: Option<String>,
    pub so_that: Option<String>,
    pub description: Option<String>,
    pub labels: Option<Vec<String>>,
    pub points: Option<Option<u32>>,
    pub criteria: Option<Vec<String>>,
}

impl Product {
    /// Templates in the order they were added.
    pub fn templates(&self) -> &[Template] {
        &self.settings.templates
    }

    /// The template called `name`, in any case.
    pub fn template(&self, name: &str) -> Result<&Template, ModelError> {
        self.template_index(name)
            .map(|i| &self.settings.templates[i])
    }

    pub fn add_template(&mut self, template: Template) -> Result<(), ModelError> {
        check_template_text(&TemplatePatch {
            name: Some(template.name.clone()),
            as_a: Some(template.as_a.clone()),
            i_want: Some(template.i_want.clone()),
            so_that: Some(template.so_that.clone()),
            description: Some(template.description.clone()),
            labels: Some(template.labels.clone()),
            points: None,
            criteria: Some(template.criteria.clone()),
        })?;
        let name = self.free_template_name(&template.name, None)?;
        self.settings.templates.push(Template {
            name,
            labels: clean_labels(template.labels),
            criteria: clean_criteria(template.criteria),
            ..template
        });
        Ok(())
    }

    pub fn update_template(&mut self, name: &str, patch: TemplatePatch) -> Result<(), ModelError> {
        let i = self.template_index(name)?;
        check_template_text(&patch)?;
        let new_name = match &patch.name {
            Some(n) => Some(self.free_template_name(n, Some(i))?),
            None => None,
        };
        let t = &mut self.settings.templates[i];
        let set = |field: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *field = v;
            }
        };
        set(&mut t.name, new_name);
        set(&mut t.as_a, patch.as_a);
        set(&mut t.i_want, patch.i_want);
        set(&mut t.so_that, patch.so_that);
        set(&mut t.description, patch.description);
        if let Some(labels) = patch.labels {
            t.labels = clean_labels(labels);
        }
        if let Some(points) = patch.points {
            t.points = points;
        }
        if let Some(criteria) = patch.criteria {
            t.criteria = clean_criteria(criteria);
        }
        Ok(())
    }

    /// Removes a template and returns it; stories made from it keep what it gave them.
    pub fn remove_template(&mut self, name: &str) -> Result<Template, ModelError> {
        let i = self.template_index(name)?;
        Ok(self.settings.templates.remove(i))
    }

    fn template_index(&self, name: &str) -> Result<usize, ModelError> {
        let wanted = name.trim();
        self.settings
            .templates
            .iter()
            .position(|t| t.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| ModelError::NoTemplate {
                name: wanted.to_string(),
                known: self.template_names(),
            })
    }

    fn template_names(&self) -> String {
        if self.settings.templates.is_empty() {
            return "there are none yet".to_string();
        }
        let names: Vec<&str> = self
            .settings
            .templates
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        format!("templates: {}", names.join(", "))
    }

    /// A trimmed, non-empty name no other template (but `except`) has in any case.
    fn free_template_name(&self, name: &str, except: Option<usize>) -> Result<String, ModelError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ModelError::Empty {
                what: "a template name",
            });
        }
        let taken = self
            .settings
            .templates
            .iter()
            .enumerate()
            .any(|(i, t)| Some(i) != except && t.name.eq_ignore_ascii_case(name));
        if taken {
            return Err(ModelError::DuplicateName {
                kind: "template",
                name: name.to_string(),
            });
        }
        Ok(name.to_string())
    }
}

/// A template's text is typed once and copied into every story made from it: a control
/// character (an escape sequence, a bell) or a bidi override in it is a paste gone wrong,
/// refused with the field and the character named. The description may hold line breaks
/// and tabs.
fn check_template_text(patch: &TemplatePatch) -> Result<(), ModelError> {
    let one = |field: &str, text: &str, multiline: bool| -> Result<(), ModelError> {
        let bad = text.chars().find(|c| {
            let allowed = multiline && matches!(c, '\n' | '\t');
            !allowed && (c.is_control() || is_bidi_control(*c))
        });
        match bad {
            None => Ok(()),
            Some(c) => Err(ModelError::BadFieldValue {
                entity: "template".into(),
                field: field.into(),
                value: visible(text),
                why: format!(
                    "it holds the control character U+{:04X}; type it without",
                    u32::from(c)
                ),
            }),
        }
    };
    let fields = [
        ("name", &patch.name),
        ("as", &patch.as_a),
        ("want", &patch.i_want),
        ("so-that", &patch.so_that),
    ];
    for (field, text) in fields {
        if let Some(text) = text {
            one(field, text, false)?;
        }
    }
    if let Some(text) = &patch.description {
        one("description", text, true)?;
    }
    for label in patch.labels.iter().flatten() {
        one("label", label, false)?;
    }
    for criterion in patch.criteria.iter().flatten() {
        one("ac", criterion, false)?;
    }
    Ok(())
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// `text` with each control written as `\u{1b}`, so the refusal can be printed as it is.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Criteria are trimmed and empty ones dropped, as a story's are.
fn clean_criteria(criteria: Vec<String>) -> Vec<String> {
    criteria
        .into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}
