//! Business goals measured over time: `vision measure`, `vision goals`, and epics that name
//! the goals they serve (`--serves V-1:2`).

use serde_json::Value;

use super::{Doc, fixture};

/// A vision with a goal going up (due far ahead), one going down (already due), and one
/// that is only text.
fn goals_doc() -> Doc {
    let doc = Doc::new();
    doc.add(&[
        "vision",
        "add",
        "Checkout",
        "--goal",
        "Conversion: 3% -> 4% by 2099-12-31",
        "--goal",
        "Tickets: 1200/month -> 400/month by 2026-06-30",
        "--goal",
        "Delight shoppers",
    ]);
    doc
}

fn goal<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .expect("a list of goals")
        .iter()
        .find(|g| g["goal"] == id)
        .unwrap_or_else(|| panic!("no {id} in {list}"))
}

#[test]
fn measure_records_readings_and_goals_shows_where_each_stands() {
    let doc = goals_doc();
    let out = doc.ok(&[
        "vision",
        "measure",
        "V-1",
        "1",
        "3.5%",
        "--date",
        "2026-03-01",
        "--note",
        "from analytics",
    ]);
    assert!(
        out.starts_with("recorded 3.5% for V-1:1 on 2026-03-01\n"),
        "{out}"
    );
    assert!(
        out.contains("Conversion, latest 3.5% (2026-03-01): 50% of the way from 3% to 4% by 2099-12-31, on-track"),
        "{out}"
    );
    // By its text, in any case, and without the unit.
    doc.ok(&[
        "vision",
        "measure",
        "v-1",
        "tickets",
        "1000",
        "--date",
        "2026-03-01",
    ]);
    let out = doc.ok(&[
        "vision",
        "measure",
        "V-1",
        "1",
        "3.6",
        "--date",
        "2026-03-01",
    ]);
    assert!(
        out.starts_with("replaced the reading of V-1:1 on 2026-03-01 (3.5%) with 3.6%"),
        "{out}"
    );

    let list = doc.json(&["vision", "goals"]);
    let up = goal(&list, "V-1:1");
    assert_eq!(up["vision"], "V-1");
    assert_eq!(up["text"], "Conversion");
    assert_eq!((&up["metric"], &up["target"]), (&"3%".into(), &"4%".into()));
    assert_eq!(up["baseline_value"], 3.0);
    assert_eq!(up["target_value"], 4.0);
    assert_eq!((&up["unit"], &up["direction"]), (&"%".into(), &"up".into()));
    assert_eq!(up["due"], "2099-12-31");
    assert_eq!(up["latest"]["value"], 3.6);
    assert_eq!(up["latest"]["date"], "2026-03-01");
    assert_eq!(up["readings"].as_array().map(Vec::len), Some(1));
    let progress = up["progress"].as_f64().expect("a progress");
    assert!((progress - 0.6).abs() < 1e-9, "{progress}");
    assert_eq!(
        (&up["track"], &up["track_unknown"]),
        (&"on-track".into(), &Value::Null)
    );

    // Due before today and a long way off: off track.
    let down = goal(&list, "V-1:2");
    assert_eq!(down["direction"], "down");
    assert_eq!(down["progress"], 0.25);
    assert_eq!(down["track"], "off-track");
    let text = goal(&list, "V-1:3");
    assert_eq!(text["track"], Value::Null);
    assert_eq!(text["track_unknown"], "no numeric target");
    assert_eq!(text["progress"], Value::Null);

    let table = doc.ok(&["vision", "goals"]);
    let row = |id: &str| {
        let line = table.lines().find(|l| l.starts_with(id));
        line.unwrap_or_else(|| panic!("no {id} in\n{table}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row("V-1:1"),
        [
            "V-1:1",
            "3%",
            "3.6%",
            "4%",
            "2099-12-31",
            "60%",
            "on-track",
            "Conversion"
        ]
    );
    assert_eq!(
        row("V-1:2"),
        [
            "V-1:2",
            "1200/month",
            "1000/month",
            "400/month",
            "2026-06-30",
            "25%",
            "off-track",
            "Tickets"
        ]
    );
    assert_eq!(
        row("V-1:3"),
        ["V-1:3", "-", "-", "-", "-", "-", "-", "Delight", "shoppers"]
    );
    assert!(
        table.contains("no track state for V-1:3: no numeric target"),
        "{table}"
    );

    let show = doc.ok(&["vision", "show", "V-1"]);
    assert!(
        show.contains("  1. Conversion: 3% -> 4% by 2099-12-31\n     latest 3.6% on 2026-03-01 · 60% of the way · on-track\n"),
        "{show}"
    );
    let json = doc.json(&["vision", "show", "V-1"]);
    let shown = &json["goals"][0];
    assert_eq!(shown["due"], "2099-12-31");
    assert_eq!(shown["readings"][0]["note"], Value::Null);
}

#[test]
fn bad_readings_are_refused_with_what_was_wrong_and_the_file_unchanged() {
    let doc = goals_doc();
    let cases: &[(&[&str], &str)] = &[
        (
            &["V-1", "1", "abc"],
            "'abc' is not a reading of goal V-1:1: write a number, like 12.5%",
        ),
        (
            &["V-1", "1", "3 pts"],
            "'3 pts' is not a reading of goal V-1:1: the goal is measured in '%'",
        ),
        (&["V-1", "9", "3"], "V-1 has no goal 9 (it has 3)"),
        (&["V-1", "Revenue", "3"], "no goal 'Revenue' in V-1"),
        (&["V-9", "1", "3"], "no vision V-9"),
        (
            &["V-1", "3", "3"],
            "goal V-1:3 ('Delight shoppers') cannot take readings",
        ),
        (
            &["V-1", "1", "3", "--date", "2999-01-01"],
            "a reading's date must be today or earlier, not 2999-01-01",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["vision", "measure"];
        all.extend_from_slice(args);
        let err = doc.fails(1, &all);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(err.contains("roadlog.json"), "names the file: {err}");
    }
    let err = doc.fails(
        2,
        &["vision", "measure", "V-1", "1", "3", "--date", "2026-3-1"],
    );
    assert!(
        err.contains("'2026-3-1' is not a date (YYYY-MM-DD)"),
        "{err}"
    );
    let err = doc.fails(2, &["vision", "measure", "E-1", "1", "3"]);
    assert!(err.contains("'E-1' is not a vision id"), "{err}");
    // A value typed with an escape sequence is shown, not obeyed.
    let err = doc.fails(1, &["vision", "measure", "V-1", "1", "3\x1b[2J"]);
    assert!(err.contains("'3␛[2J'") && !err.contains('\x1b'), "{err:?}");
    assert!(doc.json(&["vision", "goals"])[0]["readings"] == Value::Array(Vec::new()));
}

#[test]
fn epics_name_the_goals_they_serve_and_follow_them_when_goals_change() {
    let doc = goals_doc();
    let e = doc.add(&[
        "epic", "add", "Guest", "--serves", "V-1:1", "--serves", "v-1:2",
    ]);
    let epic = doc.json(&["epic", "show", &e]);
    assert_eq!(epic["serves"], serde_json::json!(["V-1:1", "V-1:2"]));
    let text = doc.ok(&["epic", "show", &e]);
    assert!(
        text.contains("serves       V-1:1 Conversion, V-1:2 Tickets"),
        "{text}"
    );
    let goals = doc.json(&["vision", "goals"]);
    assert_eq!(goal(&goals, "V-1:2")["served_by"], serde_json::json!([e]));
    assert!(doc.ok(&["vision", "show", "V-1"]).contains("served by E-1"));

    let err = doc.fails(1, &["epic", "edit", &e, "--serves", "V-1:9"]);
    assert!(err.contains("V-1 has no goal 9 (it has 3)"), "{err}");
    let err = doc.fails(2, &["epic", "add", "x", "--serves", "V-1"]);
    assert!(
        err.contains("'V-1' is not a goal id (like V-1:2, the second goal of V-1)"),
        "{err}"
    );

    // The goals reordered: the readings and the epic go with their goal.
    doc.ok(&[
        "vision",
        "measure",
        "V-1",
        "2",
        "1000",
        "--date",
        "2026-03-01",
    ]);
    doc.ok(&[
        "vision",
        "edit",
        "V-1",
        "--goal",
        "Tickets: 1200/month -> 300/month by 2026-06-30",
        "--goal",
        "Conversion: 3% -> 4% by 2099-12-31",
    ]);
    let goals = doc.json(&["vision", "goals"]);
    assert_eq!(goal(&goals, "V-1:1")["text"], "Tickets");
    assert_eq!(goal(&goals, "V-1:1")["latest"]["value"], 1000.0);
    assert_eq!(
        doc.json(&["epic", "show", &e])["serves"],
        serde_json::json!(["V-1:2", "V-1:1"])
    );
    doc.ok(&["epic", "edit", &e, "--serves", "none"]);
    assert_eq!(
        doc.json(&["epic", "show", &e])["serves"],
        serde_json::json!([])
    );
    assert!(doc.ok(&["check"]).contains("no problems"));
}

#[test]
fn a_document_from_before_typed_goals_takes_readings_and_changes_nothing_else() {
    let doc = fixture("valid", "untyped-goals.json");
    let before: Value = serde_json::from_slice(&doc.bytes()).expect("JSON");
    let goals = doc.json(&["vision", "goals"]);
    assert_eq!(goal(&goals, "V-1:1")["baseline_value"], 3.1);
    assert_eq!(goal(&goals, "V-1:1")["track_unknown"], "no reading yet");
    assert_eq!(
        goal(&goals, "V-1:2")["track_unknown"],
        "no numeric baseline"
    );
    doc.ok(&[
        "vision",
        "measure",
        "V-1",
        "Conversion",
        "3.3%",
        "--date",
        "2026-02-01",
    ]);
    let mut after: Value = serde_json::from_slice(&doc.bytes()).expect("JSON");
    let readings = after["visions"][0]["goals"][0]
        .as_object_mut()
        .and_then(|g| g.remove("readings"))
        .expect("the reading was saved");
    assert_eq!(
        readings,
        serde_json::json!([{"date": "2026-02-01", "value": 3.3}])
    );
    assert_eq!(after, before, "only the reading was added");
    // No due date yet: progress, but no track state.
    let goals = doc.json(&["vision", "goals"]);
    assert_eq!(goal(&goals, "V-1:1")["track_unknown"], "no due date");
    let progress = goal(&goals, "V-1:1")["progress"].as_f64().unwrap_or(0.0);
    assert!((progress - 0.2 / 0.9).abs() < 1e-9, "{progress}");
}
