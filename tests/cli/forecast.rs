//! `roadlog forecast` on the demo: six closed sprints of 16 to 26 points, an active sprint
//! with 10 points done, a planned one, and a backlog behind them. The demo's dates follow
//! today, so dates are checked against its sprints' own ends.

use chrono::{Days, NaiveDate};
use serde_json::Value;

use super::Doc;

fn date(v: &Value) -> NaiveDate {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a date: {v}"))
}

/// The last day of the `n`-th sprint ahead: SP-7 and SP-8, then two weeks each.
fn end_of_sprint(doc: &Doc, n: u64) -> NaiveDate {
    let planned = date(&doc.json(&["sprint", "show", "SP-8"])["end"]);
    planned + Days::new(14 * (n - 2))
}

#[test]
fn the_demo_forecast_says_how_it_was_made_and_when_each_epic_is_done() {
    let doc = Doc::demo();
    let text = doc.ok(&["forecast"]);
    for part in [
        "Forecast from 10,000 draws: velocity 20 ± 4 from SP-1..SP-6 (done points 16, 21, 14, 19, 22, 26)",
        "the active sprint has done 10 points; its draw counts only what is left",
        "2 stories unestimated, counted at the mean estimate of 4.0 points",
        "RANK  EPIC  LEFT          50%         85%         TARGET",
    ] {
        assert!(text.contains(part), "no {part:?} in\n{text}");
    }
    let row = |id: &str| {
        text.lines()
            .find(|l| l.split_whitespace().nth(1) == Some(id))
            .unwrap_or_else(|| panic!("no {id} in\n{text}"))
            .to_string()
    };
    assert!(row("E-1").contains(" late "), "{}", row("E-1"));
    assert!(!row("E-5").contains("late"), "{}", row("E-5"));

    let f = doc.json(&["forecast", "--epic", "E-3"]);
    assert_eq!(f["ready"], true);
    assert_eq!(f["draws"], 10_000);
    assert_eq!(
        f["velocity"]["points"],
        serde_json::json!([16, 21, 14, 19, 22, 26])
    );
    assert_eq!(f["already_done"], 10);
    assert_eq!(f["sprint_days"], 14);
    let e = &f["epics"][0];
    assert_eq!(f["epics"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        (&e["epic"], &e["state"]),
        (&"E-3".into(), &"forecast".into())
    );
    assert_eq!(
        (&e["points_left"], &e["stories_left"]),
        (&31.0.into(), &7.into())
    );
    assert_eq!(e["p50"]["sprints"], 7);
    assert_eq!(e["p85"]["sprints"], 8);
    assert_eq!(date(&e["p85"]["date"]), end_of_sprint(&doc, 8));
    assert_eq!(e["late"], true);

    let text = doc.ok(&["forecast", "--epic", "E-3"]);
    let p85 = end_of_sprint(&doc, 8);
    assert!(
        text.contains(&format!(
            "85%: {p85}, 8 sprints, velocity 20 ± 4 from SP-1..SP-6, 2 stories unestimated"
        )),
        "{text}"
    );
    assert!(
        text.contains("E-3 Order tracking: 31 points left in 7 stories"),
        "{text}"
    );
    assert!(text.contains("the 85% date is"), "{text}");
}

#[test]
fn by_a_date_lists_the_stories_done_with_85_percent_confidence() {
    let doc = Doc::demo();
    let by = end_of_sprint(&doc, 4).to_string();
    let f = doc.json(&["forecast", "--by", &by]);
    assert_eq!(f["by"]["sprints"], 4);
    assert_eq!(f["by"]["points"], 60.0);
    let stories: Vec<&str> = f["by"]["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // The backlog from its top, done stories left out, as far as 60 points reach.
    let first: Vec<String> = (11..=24).map(|n| format!("S-{n}")).collect();
    assert_eq!(stories, first);
    let text = doc.ok(&["forecast", "--by", &by]);
    assert!(
        text.contains(&format!("by {by}: 4 sprints end by then (the last on {by}); in 85% of the draws at least 60 points get done")),
        "{text}"
    );
    assert!(text.contains("S-24"), "{text}");
    assert!(!text.contains("S-25 "), "{text}");
    // Only one epic's stories.
    let mine = doc.json(&["forecast", "--by", &by, "--epic", "E-3"]);
    let ids: Vec<&str> = mine["by"]["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(ids, ["S-17", "S-18", "S-19", "S-21"]);
}

#[test]
fn without_three_closed_sprints_it_says_it_cannot_forecast_yet() {
    let doc = Doc::new();
    let text = doc.ok(&["forecast"]);
    assert_eq!(
        text,
        "cannot forecast yet: no sprint has closed yet, and a forecast needs the done points of at least 3 to draw the team's pace from\n"
    );
    let f = doc.json(&["forecast"]);
    assert_eq!(f["ready"], false);
    assert!(
        f["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("cannot forecast yet"))
    );
}

#[test]
fn bad_input_and_the_window_setting() {
    let doc = Doc::demo();
    let err = doc.fails(1, &["forecast", "--epic", "E-99"]);
    assert!(err.contains("no epic E-99"), "{err}");
    let err = doc.fails(2, &["forecast", "--by", "2027-02-30"]);
    assert!(
        err.contains("'2027-02-30' is not a date (YYYY-MM-DD)"),
        "{err}"
    );
    let err = doc.fails(1, &["sprint", "forecast-window", "2"]);
    assert!(
        err.contains("the forecast window must be 3 sprints or more, not 2"),
        "{err}"
    );
    doc.fails(2, &["sprint", "forecast-window", "many"]);

    doc.ok(&["sprint", "forecast-window", "3"]);
    let f = doc.json(&["forecast"]);
    assert_eq!(
        f["velocity"]["sprints"],
        serde_json::json!(["SP-4", "SP-5", "SP-6"])
    );
    let saved: Value = serde_json::from_slice(&doc.bytes()).expect("JSON");
    assert_eq!(saved["settings"]["forecast_window"], 3);
    // Back to the default: the setting leaves the file again.
    doc.ok(&["sprint", "forecast-window", "6"]);
    let saved: Value = serde_json::from_slice(&doc.bytes()).expect("JSON");
    assert_eq!(saved.get("settings"), None);
}
