//! One test per merge rule, on documents shaped as roadlog writes them, and property tests
//! over random edits on both sides.

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn story(id: u32, title: &str) -> Value {
    json!({
        "id": format!("S-{id}"),
        "title": title,
        "points": null,
        "status": "draft",
        "epic": null,
        "labels": [],
        "blocked_by": [],
        "updated": "2026-11-20T10:00:00Z",
        "history": [],
    })
}

/// A document with stories S-1..=S-n and one epic.
fn doc(n: u32) -> Value {
    json!({
        "schema": 1,
        "name": "Shop",
        "next_ids": {"vision": 1, "epic": 2, "story": n + 1, "sprint": 1},
        "epics": [{"id": "E-1", "title": "Checkout", "status": "active"}],
        "stories": (1..=n).map(|i| story(i, &format!("story {i}"))).collect::<Vec<_>>(),
        "sprints": [],
    })
}

fn stories(d: &Value) -> &Vec<Value> {
    d["stories"].as_array().unwrap()
}

fn stories_mut(d: &mut Value) -> &mut Vec<Value> {
    d["stories"].as_array_mut().unwrap()
}

fn find<'a>(d: &'a Value, id: &str) -> &'a Value {
    stories(d).iter().find(|s| s["id"] == id).unwrap()
}

fn find_mut<'a>(d: &'a mut Value, id: &str) -> &'a mut Value {
    stories_mut(d).iter_mut().find(|s| s["id"] == id).unwrap()
}

fn order(d: &Value) -> Vec<&str> {
    stories(d)
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect()
}

fn titles(d: &Value) -> Vec<&str> {
    stories(d)
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect()
}

/// Adds a story at the bottom the way the model does: the next id from the counter.
fn add(d: &mut Value, title: &str) -> String {
    let n = d["next_ids"]["story"].as_u64().unwrap();
    d["next_ids"]["story"] = json!(n + 1);
    stories_mut(d).push(story(n as u32, title));
    format!("S-{n}")
}

fn remove(d: &mut Value, id: &str) {
    stories_mut(d).retain(|s| s["id"] != id);
}

fn move_to(d: &mut Value, id: &str, index: usize) {
    let list = stories_mut(d);
    let from = list.iter().position(|s| s["id"] == id).unwrap();
    let s = list.remove(from);
    list.insert(index, s);
}

#[test]
fn new_stories_of_both_sides_are_kept_and_the_same_id_is_renumbered() {
    let base = doc(2);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    assert_eq!(add(&mut theirs, "theirs"), "S-3");
    assert_eq!(add(&mut ours, "ours"), "S-3");
    assert_eq!(add(&mut ours, "ours too"), "S-4");
    // Our second new story is blocked by our first, and an old one waits on it too.
    find_mut(&mut ours, "S-4")["blocked_by"] = json!(["S-3"]);
    find_mut(&mut ours, "S-1")["blocked_by"] = json!(["S-3"]);

    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(
        titles(&m.document),
        ["story 1", "story 2", "theirs", "ours", "ours too"]
    );
    assert_eq!(order(&m.document), ["S-1", "S-2", "S-3", "S-5", "S-4"]);
    assert_eq!(
        m.report.renumbered,
        [("S-3".to_string(), "S-5".to_string())]
    );
    assert_eq!(find(&m.document, "S-4")["blocked_by"], json!(["S-5"]));
    assert_eq!(find(&m.document, "S-1")["blocked_by"], json!(["S-5"]));
    assert_eq!(find(&m.document, "S-3")["blocked_by"], json!([]));
    assert_eq!(m.document["next_ids"]["story"], json!(6));
    assert_eq!(m.report.taken, 1, "{:?}", m.report);
    assert!(m.report.conflicts.is_empty());
    assert_eq!(
        m.report.summary("another program"),
        "merged 1 change from another program; our new S-3 is now S-5 (another program made an S-3 too)"
    );
}

#[test]
fn the_same_new_story_on_both_sides_is_kept_once() {
    let base = doc(1);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    add(&mut ours, "same");
    add(&mut theirs, "same");
    find_mut(&mut ours, "S-1")["title"] = json!("ours");
    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(titles(&m.document), ["ours", "same"]);
    assert!(m.report.renumbered.is_empty());
}

#[test]
fn edits_to_different_fields_of_one_story_are_both_kept() {
    let base = doc(3);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let s = find_mut(&mut ours, "S-1");
    s["title"] = json!("Renamed");
    s["updated"] = json!("2026-11-21T09:00:00Z");
    let s = find_mut(&mut theirs, "S-1");
    s["points"] = json!(5);
    s["updated"] = json!("2026-11-22T09:00:00Z");

    let m = merge(&base, &ours, &theirs, at());
    let s = find(&m.document, "S-1");
    assert_eq!(s["title"], "Renamed");
    assert_eq!(s["points"], 5);
    assert_eq!(
        s["updated"], "2026-11-22T09:00:00Z",
        "the later update time"
    );
    assert!(m.report.conflicts.is_empty(), "{:?}", m.report.conflicts);
    assert_eq!(m.report.taken, 1);
}

#[test]
fn rank_moves_on_both_sides_keep_their_neighbours() {
    let base = doc(6);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    move_to(&mut ours, "S-6", 0);
    move_to(&mut theirs, "S-2", 4); // after S-5
    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(
        order(&m.document),
        ["S-6", "S-1", "S-3", "S-4", "S-5", "S-2"]
    );
    assert_eq!(m.report.taken, 1, "one move taken from theirs");
}

#[test]
fn the_same_story_moved_on_both_sides_goes_where_ours_put_it() {
    let base = doc(4);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    move_to(&mut ours, "S-4", 0);
    move_to(&mut theirs, "S-4", 2);
    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(order(&m.document), ["S-4", "S-1", "S-2", "S-3"]);
}

#[test]
fn a_delete_wins_over_an_untouched_story() {
    let base = doc(3);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    remove(&mut theirs, "S-2");
    find_mut(&mut ours, "S-1")["title"] = json!("edited");
    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(order(&m.document), ["S-1", "S-3"]);
    assert!(m.report.kept.is_empty());
}

#[test]
fn a_delete_loses_to_an_edit_and_is_reported() {
    let base = doc(3);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    remove(&mut theirs, "S-2");
    find_mut(&mut ours, "S-2")["points"] = json!(3);
    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(order(&m.document), ["S-1", "S-2", "S-3"]);
    assert_eq!(find(&m.document, "S-2")["points"], 3);
    assert_eq!(
        m.report.kept,
        [Kept {
            id: "S-2".into(),
            deleted_by: Side::Theirs,
            because: KeptBecause::Edited
        }]
    );

    // The other way round: we deleted what they edited.
    let m = merge(&base, &theirs, &ours, at());
    assert_eq!(order(&m.document), ["S-1", "S-2", "S-3"]);
    assert_eq!(m.report.kept[0].deleted_by, Side::Ours);
}

#[test]
fn an_entity_deleted_on_one_side_and_referred_to_by_the_other_is_kept() {
    let base = doc(2);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    theirs["epics"] = json!([]);
    let new = add(&mut ours, "in the epic");
    find_mut(&mut ours, &new)["epic"] = json!("E-1");
    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(m.document["epics"][0]["id"], "E-1");
    assert_eq!(
        m.report.kept,
        [Kept {
            id: "E-1".into(),
            deleted_by: Side::Theirs,
            because: KeptBecause::ReferencedBy("S-3".into())
        }]
    );
}

#[test]
fn the_same_field_set_to_different_values_keeps_ours_and_records_theirs() {
    let base = doc(2);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    find_mut(&mut ours, "S-2")["title"] = json!("ours");
    find_mut(&mut theirs, "S-2")["title"] = json!("theirs");
    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(find(&m.document, "S-2")["title"], "ours");
    let c = &m.report.conflicts;
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].entity.as_str(), c[0].field.as_str()),
        ("S-2", "title")
    );
    assert_eq!(
        (c[0].ours.clone(), c[0].theirs.clone()),
        (json!("ours"), json!("theirs"))
    );
    assert_eq!(c[0].at, at());
    assert_eq!(
        m.document["conflicts"],
        json!([{"entity": "S-2", "field": "title", "ours": "ours", "theirs": "theirs",
                "at": "2026-11-23T12:00:00Z"}])
    );

    // Met again on the same field, the newer record replaces the older one.
    let base = m.document.clone();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    find_mut(&mut ours, "S-2")["title"] = json!("ours 2");
    find_mut(&mut theirs, "S-2")["title"] = json!("theirs 2");
    let m = merge(&base, &ours, &theirs, at());
    let open = m.document["conflicts"].as_array().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["theirs"], "theirs 2");
}

#[test]
fn nested_fields_conflict_by_their_path() {
    let mut base = doc(0);
    base["epics"][0]["rice"] = json!({"reach": 100, "impact": 1});
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours["epics"][0]["rice"]["reach"] = json!(200);
    theirs["epics"][0]["rice"]["reach"] = json!(300);
    theirs["epics"][0]["rice"]["impact"] = json!(2);
    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(
        m.document["epics"][0]["rice"],
        json!({"reach": 200, "impact": 2})
    );
    assert_eq!(m.report.conflicts[0].entity, "E-1");
    assert_eq!(m.report.conflicts[0].field, "rice.reach");
}

#[test]
fn labels_criteria_and_blockers_merge_as_sequences() {
    let mut base = doc(3);
    find_mut(&mut base, "S-1")["labels"] = json!(["a", "b"]);
    find_mut(&mut base, "S-1")["acceptance_criteria"] =
        json!([{"text": "one", "done": false}, {"text": "two", "done": false}]);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let s = find_mut(&mut ours, "S-1");
    s["labels"] = json!(["a", "b", "ours"]);
    s["acceptance_criteria"][1]["done"] = json!(true);
    s["blocked_by"] = json!(["S-2"]);
    let s = find_mut(&mut theirs, "S-1");
    s["labels"] = json!(["theirs", "b"]);
    s["acceptance_criteria"][0]["done"] = json!(true);
    s["blocked_by"] = json!(["S-3"]);

    let m = merge(&base, &ours, &theirs, at());
    let s = find(&m.document, "S-1");
    assert_eq!(s["labels"], json!(["theirs", "b", "ours"]));
    assert_eq!(
        s["acceptance_criteria"],
        json!([{"text": "one", "done": true}, {"text": "two", "done": true}])
    );
    assert_eq!(s["blocked_by"], json!(["S-2", "S-3"]));
    assert!(m.report.conflicts.is_empty());
}

#[test]
fn status_history_and_scope_changes_merge_in_time_order() {
    let mut base = doc(2);
    base["sprints"] = json!([{
        "id": "SP-1", "name": "One", "state": "active",
        "baseline": {"at": "2026-11-16T09:00:00Z", "stories": [{"story": "S-1", "points": 3}]},
        "scope_changes": [],
    }]);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours["sprints"][0]["scope_changes"] =
        json!([{"story": "S-2", "change": "added", "at": "2026-11-19T09:00:00Z"}]);
    theirs["sprints"][0]["scope_changes"] =
        json!([{"story": "S-1", "change": "removed", "at": "2026-11-18T09:00:00Z"}]);
    find_mut(&mut ours, "S-1")["history"] =
        json!([{"status": "done", "at": "2026-11-21T09:00:00Z"}]);
    find_mut(&mut theirs, "S-1")["history"] =
        json!([{"status": "in-progress", "at": "2026-11-20T09:00:00Z"}]);
    ours["sprints"][0]["baseline"]["stories"][0]["points"] = json!(5);

    let m = merge(&base, &ours, &theirs, at());
    let changes: Vec<&str> = m.document["sprints"][0]["scope_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["story"].as_str().unwrap())
        .collect();
    assert_eq!(changes, ["S-1", "S-2"]);
    let history: Vec<&str> = find(&m.document, "S-1")["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["in-progress", "done"]);
    assert_eq!(
        m.document["sprints"][0]["baseline"]["stories"],
        json!([{"story": "S-1", "points": 5}])
    );
}

#[test]
fn settings_merge_field_by_field() {
    let base = doc(0);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours["settings"] = json!({"skip_weekends": true});
    theirs["settings"] = json!({"scoring": "wsjf"});
    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(
        m.document["settings"],
        json!({"skip_weekends": true, "scoring": "wsjf"})
    );
    assert!(m.report.conflicts.is_empty());
}

/// A field this version does not know yet (commit links, external keys) merges like the
/// rest: added on one side, edited on the other, both kept.
#[test]
fn fields_added_by_later_versions_merge_without_knowing_them() {
    let mut base = doc(2);
    find_mut(&mut base, "S-1")["links"] = json!([{"id": "L-1", "url": "a", "kind": "commit"}]);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    find_mut(&mut ours, "S-1")["external_key"] = json!("JIRA-7");
    find_mut(&mut ours, "S-1")["links"][0]["kind"] = json!("pr");
    find_mut(&mut theirs, "S-1")["links"][0]["url"] = json!("b");
    theirs["templates"] = json!([{"id": "T-1", "title": "bug"}]);
    let m = merge(&base, &ours, &theirs, at());
    let s = find(&m.document, "S-1");
    assert_eq!(s["external_key"], "JIRA-7");
    assert_eq!(s["links"], json!([{"id": "L-1", "url": "b", "kind": "pr"}]));
    assert_eq!(m.document["templates"][0]["title"], "bug");
    assert!(m.report.conflicts.is_empty());
}

#[test]
fn counters_never_go_back() {
    let base = doc(2);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours["next_ids"]["story"] = json!(9);
    theirs["next_ids"]["story"] = json!(7);
    theirs["next_ids"]["epic"] = json!(4);
    let m = merge(&base, &ours, &theirs, at());
    assert_eq!(m.document["next_ids"]["story"], 9);
    assert_eq!(m.document["next_ids"]["epic"], 4);
    assert!(m.report.conflicts.is_empty());
}

#[test]
fn the_count_of_changes_taken_names_what_came_from_theirs() {
    let base = doc(4);
    let mut theirs = base.clone();
    find_mut(&mut theirs, "S-1")["title"] = json!("a");
    find_mut(&mut theirs, "S-2")["title"] = json!("b");
    add(&mut theirs, "c");
    let m = merge(&base, &base, &theirs, at());
    assert_eq!(m.document, theirs);
    // Two edits, one new story, and the counter.
    assert_eq!(m.report.taken, 4);
}

// Property tests: random edits on both sides of a random document.

#[derive(Debug, Clone)]
enum Edit {
    Title(usize, u8),
    Points(usize, u8),
    Label(usize, u8),
    Block(usize, usize),
    Move(usize, usize),
    Delete(usize),
    Add(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..8usize, 0..3u8).prop_map(|(i, t)| Edit::Title(i, t)),
        (0..8usize, 0..3u8).prop_map(|(i, p)| Edit::Points(i, p)),
        (0..8usize, 0..3u8).prop_map(|(i, l)| Edit::Label(i, l)),
        (0..8usize, 0..8usize).prop_map(|(i, j)| Edit::Block(i, j)),
        (0..8usize, 0..8usize).prop_map(|(i, j)| Edit::Move(i, j)),
        (0..8usize).prop_map(Edit::Delete),
        (0..3u8).prop_map(Edit::Add),
    ]
}

fn apply(d: &mut Value, edits: &[Edit]) {
    for e in edits {
        let n = stories(d).len();
        if n == 0 && !matches!(e, Edit::Add(_)) {
            continue;
        }
        match *e {
            Edit::Title(i, t) => stories_mut(d)[i % n]["title"] = json!(format!("t{t}")),
            Edit::Points(i, p) => stories_mut(d)[i % n]["points"] = json!(p),
            Edit::Label(i, l) => {
                let labels = stories_mut(d)[i % n]["labels"].as_array_mut().unwrap();
                let l = json!(format!("l{l}"));
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
            Edit::Block(i, j) => {
                let blocker = stories(d)[j % n]["id"].clone();
                stories_mut(d)[i % n]["blocked_by"] = json!([blocker]);
            }
            Edit::Move(i, j) => {
                let s = stories_mut(d).remove(i % n);
                stories_mut(d).insert(j % n, s);
            }
            Edit::Delete(i) => {
                let id = stories_mut(d).remove(i % n)["id"].clone();
                for s in stories_mut(d) {
                    s["blocked_by"].as_array_mut().unwrap().retain(|b| *b != id);
                }
            }
            Edit::Add(t) => {
                add(d, &format!("new {t}"));
            }
        }
    }
}

fn sides() -> impl Strategy<Value = (Value, Value, Value)> {
    (
        0..6u32,
        prop::collection::vec(edit(), 0..6),
        prop::collection::vec(edit(), 0..6),
    )
        .prop_map(|(n, a, b)| {
            let base = doc(n);
            let (mut ours, mut theirs) = (base.clone(), base.clone());
            apply(&mut ours, &a);
            apply(&mut theirs, &b);
            (base, ours, theirs)
        })
}

fn ids_of(d: &Value) -> Vec<String> {
    order(d).into_iter().map(str::to_string).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn merging_a_side_with_itself_gives_it_back((base, x, _) in sides()) {
        prop_assert_eq!(merge(&base, &x, &x, at()).document, x);
    }

    #[test]
    fn merging_onto_an_untouched_side_gives_the_other((base, _, x) in sides()) {
        prop_assert_eq!(merge(&base, &base, &x, at()).document, x.clone());
        prop_assert_eq!(merge(&base, &x, &base, at()).document, x);
    }

    #[test]
    fn merging_is_deterministic((base, ours, theirs) in sides()) {
        // Hash maps are seeded afresh each time, so this catches an order leaking out.
        let first = merge(&base, &ours, &theirs, at());
        for _ in 0..3 {
            prop_assert_eq!(&merge(&base, &ours, &theirs, at()), &first);
        }
    }

    #[test]
    fn no_entity_either_side_kept_is_dropped((base, ours, theirs) in sides()) {
        let m = merge(&base, &ours, &theirs, at());
        let result: HashSet<String> = ids_of(&m.document).into_iter().collect();
        prop_assert_eq!(result.len(), stories(&m.document).len(), "an id twice");
        let renamed = |id: &str| {
            m.report.renumbered.iter().find(|(old, _)| old == id).map_or(id.to_string(), |(_, new)| new.clone())
        };
        let in_base = |id: &str| stories(&base).iter().find(|s| s["id"] == id);
        for (side, other, rename) in [(&ours, &theirs, true), (&theirs, &ours, false)] {
            for s in stories(side) {
                let id = s["id"].as_str().unwrap();
                let untouched_and_deleted_there = in_base(id) == Some(s)
                    && !stories(other).iter().any(|o| o["id"] == id);
                let id = if rename { renamed(id) } else { id.to_string() };
                prop_assert!(
                    untouched_and_deleted_there || result.contains(&id),
                    "{id} was dropped"
                );
            }
        }
        // Every id ever handed out stays handed out.
        let counter = m.document["next_ids"]["story"].as_u64().unwrap();
        for id in &result {
            prop_assert!(id[2..].parse::<u64>().unwrap() < counter, "{} is not below the counter {}", id, counter);
        }
    }
}
