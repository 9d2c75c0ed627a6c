//! Random sessions of edits as the TUI makes them, links and blockers among them (each
//! through the same `App` path its key takes: a recorded edit with its inverse, or, for
//! planning, starting and closing, a direct change that is not undoable), interleaved
//! with undo, redo and save-then-load cycles through the real store on a temporary file.
//! After every step the product keeps every rule; an undo right after an edit gives back
//! the document before it, a redo the one after; a save then a load gives back the same
//! product; and the unknown fields of the file (at document, vision, epic, story and sprint
//! level, a 30-digit number among them) are still there, digit for digit, after any number
//! of cycles.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use serde_json::Value;

use super::{Edit, Op, story_place_now};
use crate::model::{
    Place, Product, SprintDraft, SprintState, StoryDraft, StoryId, StoryPatch, StoryStatus,
};
use crate::store::{Encoded, Store, encode};
use crate::tui::App;
use crate::tui::theme::Theme;

/// Far past f64 and u64: kept only if the raw digits are.
const BIG: &str = "123456789012345678901234567890";

/// Indexes into the current lists (taken modulo their length), so steps mostly hit
/// something that exists.
#[derive(Debug, Clone)]
enum Step {
    Add {
        epic: Option<usize>,
        at: Where,
    },
    Edit {
        story: usize,
        title: bool,
        points: Option<u32>,
    },
    Status {
        story: usize,
        status: usize,
    },
    /// The story form's links: what it waits for, its epic.
    Link {
        story: usize,
        blockers: Vec<usize>,
        epic: Option<usize>,
    },
    Move {
        story: usize,
        at: Where,
    },
    Plan {
        story: usize,
        sprint: usize,
    },
    Start {
        sprint: usize,
    },
    Close {
        carry_to: Option<usize>,
    },
    AddSprint {
        days: u64,
    },
    Delete {
        story: usize,
    },
    Undo,
    Redo,
    SaveLoad,
}

#[derive(Debug, Clone, Copy)]
enum Where {
    Top,
    Bottom,
    Before(usize),
    After(usize),
}

fn step() -> impl Strategy<Value = Step> {
    let at = prop_oneof![
        Just(Where::Top),
        Just(Where::Bottom),
        any::<usize>().prop_map(Where::Before),
        any::<usize>().prop_map(Where::After),
    ];
    prop_oneof![
        3 => (proptest::option::of(any::<usize>()), at.clone())
            .prop_map(|(epic, at)| Step::Add { epic, at }),
        3 => (any::<usize>(), any::<bool>(), proptest::option::of(0u32..14))
            .prop_map(|(story, title, points)| Step::Edit { story, title, points }),
        2 => (any::<usize>(), proptest::collection::vec(any::<usize>(), 0..3), proptest::option::of(any::<usize>()))
            .prop_map(|(story, blockers, epic)| Step::Link { story, blockers, epic }),
        2 => (any::<usize>(), 0..StoryStatus::ALL.len())
            .prop_map(|(story, status)| Step::Status { story, status }),
        3 => (any::<usize>(), at).prop_map(|(story, at)| Step::Move { story, at }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(story, sprint)| Step::Plan { story, sprint }),
        1 => any::<usize>().prop_map(|sprint| Step::Start { sprint }),
        1 => proptest::option::of(any::<usize>()).prop_map(|carry_to| Step::Close { carry_to }),
        1 => (1u64..20).prop_map(|days| Step::AddSprint { days }),
        2 => any::<usize>().prop_map(|story| Step::Delete { story }),
        4 => Just(Step::Undo),
        2 => Just(Step::Redo),
        1 => Just(Step::SaveLoad),
    ]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Marks every object of the kinds a document holds with unknown fields: a string, a
/// 30-digit number and a nested value.
fn with_unknown_fields(bytes: &[u8]) -> Vec<u8> {
    let mut doc: Value = serde_json::from_slice(bytes).unwrap();
    let big: Value = serde_json::from_str(BIG).unwrap();
    let mark = |v: &mut Value, name: &str| {
        let o = v.as_object_mut().unwrap();
        o.insert("x_kind".into(), Value::String(name.into()));
        o.insert("x_big".into(), big.clone());
        o.insert(
            "x_nested".into(),
            serde_json::json!({"list": [1, 2.5, "t", null], "ratio": 0.1}),
        );
    };
    mark(&mut doc, "document");
    for (kind, list) in [
        ("vision", "visions"),
        ("epic", "epics"),
        ("story", "stories"),
        ("sprint", "sprints"),
    ] {
        for item in doc[list].as_array_mut().unwrap() {
            mark(item, kind);
        }
    }
    serde_json::to_vec_pretty(&doc).unwrap()
}

/// Every object that carries the marks, in the file as saved: (kind, id) with its x_big
/// written out as the file has it.
fn marks(path: &Path) -> Vec<(String, String, String)> {
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut out = Vec::new();
    let mut note = |v: &Value| {
        if let Some(kind) = v.get("x_kind").and_then(Value::as_str) {
            let id = v.get("id").map_or(String::new(), Value::to_string);
            let big = v.get("x_big").map_or(String::new(), Value::to_string);
            out.push((kind.to_string(), id, big));
        }
    };
    note(&doc);
    for list in ["visions", "epics", "stories", "sprints"] {
        doc[list].as_array().unwrap().iter().for_each(&mut note);
    }
    out
}

fn pick<T: Copy>(items: impl ExactSizeIterator<Item = T>, i: usize) -> Option<T> {
    let n = items.len();
    let mut items = items;
    (n > 0).then(|| items.nth(i % n)).flatten()
}

fn story_at(p: &Product, i: usize) -> Option<StoryId> {
    pick(p.stories().iter().map(|s| s.id), i)
}

fn place(p: &Product, at: Where) -> Place<StoryId> {
    match at {
        Where::Top => Place::Top,
        Where::Bottom => Place::Bottom,
        Where::Before(i) => story_at(p, i).map_or(Place::Top, Place::Before),
        Where::After(i) => story_at(p, i).map_or(Place::Bottom, Place::After),
    }
}

/// One step, through the path its key takes in the TUI.
fn run(app: &mut App, step: &Step) {
    let now = app.now;
    match *step {
        Step::Add { epic, at } => {
            let epic = epic.and_then(|i| pick(app.product.epics().iter().map(|e| e.id), i));
            let place = place(&app.product, at);
            let draft = StoryDraft {
                title: "new".into(),
                epic,
                acceptance_criteria: vec!["it works".into()],
                ..StoryDraft::default()
            };
            let _ = app.commit_new_story(|p| p.add_story(draft, place, now), |_, _| Ok(()));
        }
        Step::Edit {
            story,
            title,
            points,
        } => {
            let Some(id) = story_at(&app.product, story) else {
                return;
            };
            let patch = StoryPatch {
                title: title.then(|| "edited".to_string()),
                points: Some(points),
                criteria_done: vec![(1, true)],
                ..StoryPatch::default()
            };
            let _ = app.commit_stories(format!("edited {id}"), &[id], |p| {
                p.update_story(id, patch, now)
            });
        }
        Step::Link {
            story,
            ref blockers,
            epic,
        } => {
            let Some(id) = story_at(&app.product, story) else {
                return;
            };
            let blocked_by = blockers
                .iter()
                .filter_map(|i| story_at(&app.product, *i))
                .collect();
            let epic = epic.map(|i| pick(app.product.epics().iter().map(|e| e.id), i));
            let patch = StoryPatch {
                blocked_by: Some(blocked_by),
                epic,
                ..StoryPatch::default()
            };
            let _ = app.commit_stories(format!("edited {id}"), &[id], |p| {
                p.update_story(id, patch, now)
            });
        }
        Step::Status { story, status } => {
            let Some(id) = story_at(&app.product, story) else {
                return;
            };
            let status = StoryStatus::ALL[status];
            let _ = app.commit_stories(format!("{id} is {status}"), &[id], |p| {
                p.set_story_status(id, status, now)
            });
        }
        Step::Move { story, at } => {
            let Some(id) = story_at(&app.product, story) else {
                return;
            };
            let edit = story_place_now(&app.product, id).map(|back| Edit {
                what: format!("moved {id}"),
                undo: Op::MoveStory(id, back),
                redo: Op::MoveStory(id, place(&app.product, at)),
            });
            app.perform(edit);
        }
        // Planning, starting and closing are not undoable in the TUI: they change the
        // product directly, then save.
        Step::Plan { story, sprint } => {
            let open = app
                .product
                .sprints()
                .iter()
                .filter(|s| s.state != SprintState::Closed)
                .map(|s| s.id)
                .collect::<Vec<_>>();
            let (Some(id), Some(sprint)) = (
                story_at(&app.product, story),
                pick(open.into_iter(), sprint),
            ) else {
                return;
            };
            let planned = app
                .product
                .story(id)
                .is_ok_and(|s| s.sprint == Some(sprint));
            let done = if planned {
                app.product.unplan_stories(sprint, &[id], now)
            } else {
                app.product.plan_stories(sprint, &[id], now)
            };
            if done.is_ok() {
                app.edited(format!("planned {id}"));
            }
        }
        Step::Start { sprint } => {
            let Some(id) = pick(app.product.sprints().iter().map(|s| s.id), sprint) else {
                return;
            };
            if app.product.start_sprint(id, now).is_ok() {
                app.edited(format!("started {id}"));
            }
        }
        Step::Close { carry_to } => {
            let Some(id) = app.product.active_sprint().map(|s| s.id) else {
                return;
            };
            let to = carry_to.and_then(|i| {
                let planned = app
                    .product
                    .sprints()
                    .iter()
                    .filter(|s| s.state == SprintState::Planned)
                    .map(|s| s.id)
                    .collect::<Vec<_>>();
                pick(planned.into_iter(), i)
            });
            if app.product.close_sprint(id, to, now).is_ok() {
                app.edited(format!("closed {id}"));
            }
        }
        Step::AddSprint { days } => {
            let start = today() + Days::new(days);
            let draft = SprintDraft {
                name: "next".into(),
                goal: String::new(),
                start,
                end: start + Days::new(13),
                capacity: None,
            };
            let _ = app.commit("created a sprint".into(), |p| p.add_sprint(draft));
        }
        Step::Delete { story } => {
            if let Some(id) = story_at(&app.product, story) {
                let _ = app.commit_delete_story(id);
            }
        }
        Step::Undo => {
            app.undo();
        }
        Step::Redo => {
            app.redo();
        }
        Step::SaveLoad => unreachable!("run by the test, which holds the store"),
    }
}

/// Where two documents differ, as the first differing JSON path, leaving out the id
/// counters: an undone creation keeps its id used, so that no id is ever handed out twice.
fn difference(a: &Product, b: &Product) -> Option<String> {
    fn walk(path: String, a: &Value, b: &Value) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let keys: std::collections::BTreeSet<_> = x.keys().chain(y.keys()).collect();
                keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                    (Some(l), Some(r)) => walk(format!("{path}.{k}"), l, r),
                    (l, r) => Some(format!("{path}.{k}: {l:?} vs {r:?}")),
                })
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (l, r))| walk(format!("{path}[{i}]"), l, r)),
            _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
        }
    }
    let json = |p: &Product| {
        let mut v = serde_json::to_value(p).unwrap();
        v.as_object_mut().unwrap().remove("next_ids");
        v
    };
    walk(String::new(), &json(a), &json(b))
}

/// The document before and after one recorded edit; `exact` until a change the history
/// does not record comes after it (then its undo may differ, or be refused).
#[derive(Clone)]
struct Known {
    before: Product,
    after: Product,
    exact: bool,
}

// The suites' shared configuration (a fixed seed, `PROPTEST_CASES` and
// `PROPTEST_RNG_SEED` to override), included from tests/ since unit tests cannot reach it.
#[path = "../../../tests/seeded/mod.rs"]
mod seeded;

/// 24 cases, repeatable.
pub(super) fn config() -> ProptestConfig {
    seeded::config(24, 0x6869_7374_6f72)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_sessions_keep_every_rule_undo_exactly_and_keep_unknown_fields(
        steps in proptest::collection::vec(step(), 1..48),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.json");
        let sample = crate::demo::sample(today(), 40).unwrap();
        std::fs::write(&path, with_unknown_fields(&encode(&sample))).unwrap();
        let store = Store::at(&path);
        let loaded = store.load().unwrap();
        let first_marks = marks(&path);
        let mut saved = Encoded::read(&loaded.product, loaded.bytes);
        let mut app = App::new(loaded.product, today(), "doc.json".into(), Theme::colour());
        let (mut done, mut undone): (Vec<Known>, Vec<Known>) = (Vec::new(), Vec::new());

        for step in &steps {
            let before = app.product.clone();
            let depth = (app.history.done.len(), app.history.undone.len());
            match step {
                Step::SaveLoad => {
                    saved = store.save_after(&app.product, &saved).unwrap();
                    let back = store.load().unwrap();
                    prop_assert_eq!(&back.product, &*app.product, "save then load");
                    prop_assert_eq!(&encode(&back.product), &back.bytes, "saved canonically");
                    prop_assert_eq!(&back.bytes, &**saved.bytes());
                }
                _ => run(&mut app, step),
            }
            prop_assert_eq!(app.product.problems(), vec![], "after {:?}", step);
            let now = (app.history.done.len(), app.history.undone.len());
            let after = app.product.clone();
            match step {
                Step::Undo if depth.0 > 0 => {
                    let known = done.pop().unwrap();
                    if now.1 == depth.1 {
                        // Refused ("cannot undo"): dropped, the product untouched.
                        prop_assert_eq!(&*after, &*before);
                    } else {
                        if known.exact {
                            let d = difference(&after, &known.before);
                            prop_assert!(d.is_none(), "undo of the last edit: {:?}", d);
                        }
                        undone.push(known);
                    }
                }
                Step::Redo if depth.1 > 0 => {
                    let known = undone.pop().unwrap();
                    if now.0 == depth.0 {
                        prop_assert_eq!(&*after, &*before);
                    } else {
                        if known.exact {
                            let d = difference(&after, &known.after);
                            prop_assert!(d.is_none(), "redo of the last undo: {:?}", d);
                        }
                        done.push(known);
                    }
                }
                Step::Undo | Step::Redo | Step::SaveLoad => prop_assert_eq!(&*after, &*before),
                _ if now.0 > depth.0 => {
                    undone.clear();
                    done.push(Known { before: (*before).clone(), after: (*after).clone(), exact: true });
                }
                _ => {
                    // Not recorded: either refused (nothing changed) or a change the
                    // history does not undo, after which no earlier undo is exact.
                    prop_assert_eq!(now, depth, "{:?} touched the history", step);
                    if *after != *before {
                        done.iter_mut().chain(undone.iter_mut()).for_each(|k| k.exact = false);
                    }
                }
            }
            prop_assert_eq!(done.len(), app.history.done.len());
            prop_assert_eq!(undone.len(), app.history.undone.len());
        }

        // One more cycle at the end, then again on what was loaded: byte for byte stable.
        saved = store.save_after(&app.product, &saved).unwrap();
        let back = store.load().unwrap();
        prop_assert_eq!(&back.product, &*app.product);
        let again = store.save_over(&back.product, &back.bytes).unwrap();
        prop_assert_eq!(&again, &**saved.bytes());
        // Every marked object still in the product carries its marks, the digits intact.
        let mut last = marks(&path);
        last.sort();
        for (kind, id, big) in &last {
            prop_assert_eq!(big.as_str(), BIG, "{} {}", kind, id);
        }
        let alive = |kind: &str, id: &str| {
            let id = id.trim_matches('"');
            match kind {
                "document" => true,
                "vision" => app.product.visions().iter().any(|v| v.id.to_string() == id),
                "epic" => app.product.epics().iter().any(|e| e.id.to_string() == id),
                "story" => app.product.stories().iter().any(|s| s.id.to_string() == id),
                _ => app.product.sprints().iter().any(|s| s.id.to_string() == id),
            }
        };
        let mut expected: Vec<_> = first_marks
            .into_iter()
            .filter(|(kind, id, _)| alive(kind, id))
            .collect();
        expected.sort();
        prop_assert_eq!(last, expected);
    }
}
