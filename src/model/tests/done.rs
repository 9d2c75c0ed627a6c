//! Templates, the Definition of Done and the check of a move to done.

use super::{now, stories, titled};
use crate::model::{
    DoneRule, ModelError, OpenItem, Place, Product, StoryPatch, StoryStatus, Template,
    TemplatePatch,
};

fn bug() -> Template {
    Template {
        name: "bug".into(),
        as_a: "user who hit a bug".into(),
        labels: vec!["bug".into()],
        points: Some(1),
        criteria: vec!["Steps to reproduce recorded".into()],
        ..Template::default()
    }
}

fn to_done() -> StoryPatch {
    StoryPatch {
        status: Some(StoryStatus::Done),
        ..StoryPatch::default()
    }
}

#[test]
fn a_template_presets_a_story_and_the_draft_wins() {
    let mut p = Product::new("T");
    p.add_template(bug()).unwrap();
    let mut draft = titled("Login fails");
    draft.points = Some(3);
    draft.labels = vec!["safari".into(), "bug".into()];
    draft.acceptance_criteria = vec!["Works on Safari".into()];
    let draft = p.template("BUG").unwrap().apply(draft);
    let id = p.add_story(draft, Place::Bottom, now()).unwrap();
    let s = p.story(id).unwrap();
    assert_eq!(s.as_a, "user who hit a bug", "filled from the template");
    assert_eq!(s.points, Some(3), "what the draft says wins");
    assert_eq!(s.labels, ["bug", "safari"], "labels add up, once each");
    let criteria: Vec<&str> = s
        .acceptance_criteria
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(criteria, ["Steps to reproduce recorded", "Works on Safari"]);
}

#[test]
fn template_names_are_unique_in_any_case_and_edits_keep_them_so() {
    let mut p = Product::new("T");
    p.add_template(bug()).unwrap();
    p.add_template(Template {
        name: " spike ".into(),
        ..Template::default()
    })
    .unwrap();
    assert_eq!(p.templates()[1].name, "spike", "trimmed");
    let dup = p.add_template(Template {
        name: "Bug".into(),
        ..Template::default()
    });
    assert!(matches!(dup, Err(ModelError::DuplicateName { .. })));
    let rename = TemplatePatch {
        name: Some("BUG".into()),
        ..TemplatePatch::default()
    };
    assert!(p.update_template("spike", rename).is_err());
    let before = p.clone();
    let missing = p.update_template("feature", TemplatePatch::default());
    assert_eq!(
        missing.unwrap_err().to_string(),
        "no template 'feature' (templates: bug, spike)"
    );
    assert_eq!(p, before);
    let change = TemplatePatch {
        points: Some(None),
        labels: Some(vec!["bug".into(), "triage".into()]),
        ..TemplatePatch::default()
    };
    p.update_template("bug", change).unwrap();
    assert_eq!(p.template("bug").unwrap().points, None);
    assert_eq!(p.template("bug").unwrap().labels, ["bug", "triage"]);
    assert_eq!(p.remove_template("SPIKE").unwrap().name, "spike");
    assert!(p.problems().is_empty());
}

#[test]
fn a_move_to_done_is_refused_while_criteria_or_dod_items_are_open() {
    let mut p = Product::new("T");
    p.set_definition_of_done(vec![
        "Code reviewed".into(),
        " ".into(),
        "Docs updated".into(),
        "Code reviewed".into(),
    ]);
    assert_eq!(p.definition_of_done(), ["Code reviewed", "Docs updated"]);
    let mut draft = titled("Pay");
    draft.acceptance_criteria = vec!["Receipt sent".into()];
    let id = p.add_story(draft, Place::Bottom, now()).unwrap();

    let before = p.clone();
    let refused = p.update_story_checked(id, to_done(), now(), DoneRule::Checked);
    assert_eq!(
        refused.unwrap_err().to_string(),
        "S-1 cannot be done while items are open: criterion 1 'Receipt sent', \
         DoD item 'Code reviewed', DoD item 'Docs updated'"
    );
    assert_eq!(p, before, "a refused change changes nothing");

    // Ticking in the same change counts.
    let all = StoryPatch {
        criteria_done: vec![(1, true)],
        dod_done: vec![(1, true), (2, true)],
        ..to_done()
    };
    p.update_story_checked(id, all, now(), DoneRule::Checked)
        .unwrap();
    assert!(p.story(id).unwrap().is_done());
    assert!(p.open_items(p.story(id).unwrap()).is_empty());

    // Reordering the checklist keeps the ticks: they are held by text.
    p.set_definition_of_done(vec!["Docs updated".into(), "Code reviewed".into()]);
    assert!(p.dod_checklist(p.story(id).unwrap()).all(|(_, done)| done));

    let untick = StoryPatch {
        dod_done: vec![(9, true)],
        ..StoryPatch::default()
    };
    assert!(matches!(
        p.update_story(id, untick, now()),
        Err(ModelError::NoDodItem {
            number: 9,
            count: 2,
            ..
        })
    ));
}

#[test]
fn forcing_a_move_to_done_leaves_the_items_open() {
    let mut p = Product::new("T");
    p.set_definition_of_done(vec!["Code reviewed".into()]);
    let id = stories(&mut p, &["Pay"])[0];
    p.update_story_checked(id, to_done(), now(), DoneRule::Forced)
        .unwrap();
    let s = p.story(id).unwrap();
    assert_eq!(p.open_items(s), [OpenItem::Dod("Code reviewed".into())]);
    // Editing a story that is already done is not checked again.
    let retitle = StoryPatch {
        title: Some("Pay by card".into()),
        ..StoryPatch::default()
    };
    p.update_story_checked(id, retitle, now(), DoneRule::Checked)
        .unwrap();
}

#[test]
fn duplicate_template_names_in_a_file_are_a_problem() {
    let mut p = Product::new("T");
    p.add_template(bug()).unwrap();
    let mut settings = p.settings().clone();
    settings.templates.push(Template {
        name: "BUG".into(),
        ..Template::default()
    });
    p.set_settings(settings);
    let problems: Vec<String> = p.problems().iter().map(ToString::to_string).collect();
    assert_eq!(problems, ["template name 'BUG' is used more than once"]);
}
