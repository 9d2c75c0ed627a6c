//! `problems()` on documents broken by hand, by a merge or by another program: built by
//! editing the JSON of a sound document, the way such files come about.

use serde_json::{Value, json};

use super::{day, now, stories};
use crate::model::{
    EpicDraft, Place, Product, Rice, SprintDraft, StoryDraft, StoryId, StoryPatch, VisionDraft,
};

/// V-1; E-1 serving it; S-1..S-3 in E-1; SP-1 (active) with S-1; SP-2 planned.
fn sound() -> Product {
    let mut p = Product::new("shop");
    let v = p
        .add_vision(VisionDraft {
            title: "v".into(),
            ..VisionDraft::default()
        })
        .unwrap();
    let e = p
        .add_epic(EpicDraft {
            title: "e".into(),
            vision: Some(v),
            start: Some(day(2026, 3, 1)),
            target: Some(day(2026, 4, 1)),
            rice: Some(Rice {
                reach: 10.0,
                impact: 1.0,
                confidence: 50.0,
                effort: 1.0,
            }),
            ..EpicDraft::default()
        })
        .unwrap();
    for t in ["a", "b", "c"] {
        let draft = StoryDraft {
            title: t.into(),
            epic: Some(e),
            ..StoryDraft::default()
        };
        p.add_story(draft, Place::Bottom, now()).unwrap();
    }
    let patch = StoryPatch {
        blocked_by: Some(vec![StoryId(2)]),
        ..StoryPatch::default()
    };
    p.update_story(StoryId(1), patch, now()).unwrap();
    for name in ["one", "two"] {
        p.add_sprint(SprintDraft {
            name: name.into(),
            goal: String::new(),
            start: day(2026, 3, 2),
            end: day(2026, 3, 13),
            capacity: Some(20),
        })
        .unwrap();
    }
    p.plan_stories(crate::model::SprintId(1), &[StoryId(1)], now())
        .unwrap();
    p.start_sprint(crate::model::SprintId(1), now()).unwrap();
    p
}

/// The problems of the sound document after `edit` changed its JSON.
fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut doc = serde_json::to_value(sound()).unwrap();
    edit(&mut doc);
    let broken: Product = serde_json::from_value(doc).unwrap();
    broken.problems().into_iter().map(|p| p.0).collect()
}

#[test]
fn the_sound_document_has_no_problems() {
    assert_eq!(problems_after(|_| {}), Vec::<String>::new());
}

#[test]
fn duplicate_ids_are_found_once_each() {
    let found = problems_after(|d| {
        d["stories"][2]["id"] = json!("S-1");
        let copy = d["stories"][0].clone();
        d["stories"].as_array_mut().unwrap().push(copy);
        let epic = d["epics"][0].clone();
        d["epics"].as_array_mut().unwrap().push(epic);
        d["sprints"][1]["id"] = json!("SP-1");
        d["sprints"][1]["state"] = json!("planned");
    });
    assert_eq!(
        found,
        [
            "id E-1 is used more than once",
            "id S-1 is used more than once",
            "id SP-1 is used more than once",
        ]
    );
}

#[test]
fn dangling_references_are_found() {
    let found = problems_after(|d| {
        d["epics"][0]["vision"] = json!("V-7");
        d["stories"][0]["epic"] = json!("E-8");
        d["stories"][1]["sprint"] = json!("SP-9");
        d["stories"][2]["blocked_by"] = json!(["S-42"]);
    });
    assert_eq!(
        found,
        [
            "epic E-1 serves V-7, which does not exist",
            "story S-1 belongs to E-8, which does not exist",
            "story S-2 is planned into SP-9, which does not exist",
            "story S-3 is blocked by S-42, which does not exist",
        ]
    );
}

#[test]
fn blocked_by_loops_are_found_and_named() {
    let found = problems_after(|d| {
        // S-1 already waits on S-2; close the loop through S-3.
        d["stories"][1]["blocked_by"] = json!(["S-3"]);
        d["stories"][2]["blocked_by"] = json!(["S-1"]);
    });
    assert_eq!(found, ["blocked-by cycle: S-1 -> S-2 -> S-3 -> S-1"]);

    let found = problems_after(|d| d["stories"][2]["blocked_by"] = json!(["S-3"]));
    assert_eq!(found, ["story S-3 is blocked by itself"]);
}

#[test]
fn bad_dates_and_effort_are_found() {
    let found = problems_after(|d| {
        d["epics"][0]["target"] = json!("2026-02-01");
        d["epics"][0]["rice"]["effort"] = json!(0.0);
        d["sprints"][1]["end"] = json!("2026-03-01");
    });
    assert_eq!(
        found,
        [
            "epic E-1 has its target 2026-02-01 before its start 2026-03-01",
            "sprint SP-2 ends 2026-03-01 before it starts 2026-03-02",
            "epic E-1 has RICE effort 0; it must be more than zero",
        ]
    );
}

#[test]
fn two_active_sprints_are_found() {
    let found = problems_after(|d| d["sprints"][1]["state"] = json!("active"));
    assert_eq!(found, ["more than one sprint is active: SP-1, SP-2"]);
}

#[test]
fn values_the_model_cannot_hold_do_not_load() {
    let mut doc = serde_json::to_value(sound()).unwrap();
    doc["stories"][0]["points"] = json!(-3);
    assert!(serde_json::from_value::<Product>(doc).is_err());
    let mut doc = serde_json::to_value(sound()).unwrap();
    doc["stories"][0]["status"] = json!("nearly");
    assert!(serde_json::from_value::<Product>(doc).is_err());
    let mut doc = serde_json::to_value(sound()).unwrap();
    doc["stories"][0]["id"] = json!("E-1");
    assert!(serde_json::from_value::<Product>(doc).is_err());
}

#[test]
fn a_long_blocked_by_chain_is_checked_without_overflowing() {
    let mut p = Product::new("chain");
    let n = 20_000;
    let titles: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
    let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    let ids = stories(&mut p, &refs);
    let mut doc = serde_json::to_value(&p).unwrap();
    for i in 1..n {
        doc["stories"][i]["blocked_by"] = json!([ids[i - 1].to_string()]);
    }
    doc["stories"][0]["blocked_by"] = json!([ids[n - 1].to_string()]);
    let p: Product = serde_json::from_value(doc).unwrap();
    let found = p.problems();
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .0
            .starts_with("blocked-by cycle: S-1 -> S-20000 -> S-19999")
    );
}
