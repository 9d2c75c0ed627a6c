//! Every word the UI shows is accepted where a user types one: `doing` (the Backlog pane's
//! word for in-progress) in the status flags and the `--where` language, and sprints named
//! by where they stand in `story list --sprint`.

use super::{Doc, ids};

#[test]
fn doing_is_read_as_in_progress_wherever_a_status_is_typed() {
    let doc = Doc::demo();
    let in_progress = doc.json(&["story", "list", "--status", "in-progress"]);
    assert!(!ids(&in_progress).is_empty());
    for args in [
        ["story", "list", "--status", "doing"],
        ["story", "list", "--where", "status:doing"],
        ["story", "list", "--where", "status:Doing"],
    ] {
        assert_eq!(doc.json(&args), in_progress, "{args:?}");
    }
    doc.ok(&["story", "edit", "S-1", "--status", "doing"]);
    assert_eq!(doc.json(&["story", "show", "S-1"])["status"], "in-progress");
    let err = doc.fails(2, &["story", "list", "--status", "nearly"]);
    assert!(err.contains("in-progress or doing"), "{err}");
}

#[test]
fn sprint_current_next_and_last_name_the_active_planned_and_closed_sprints() {
    let doc = Doc::demo();
    let listed = doc.json(&["sprint", "list"]);
    let sprints = listed["sprints"].as_array().expect("a list");
    let in_state = |state: &'static str| sprints.iter().filter(move |s| s["state"] == state);
    let active = in_state("active").next().expect("an active sprint");
    let next = in_state("planned")
        .min_by_key(|s| s["start"].as_str().map(str::to_string))
        .expect("a planned sprint");
    let last = in_state("closed")
        .max_by_key(|s| s["end"].as_str().map(str::to_string))
        .expect("a closed sprint");
    for (word, sprint) in [
        ("current", active),
        ("active", active),
        ("next", next),
        ("last", last),
    ] {
        let id = sprint["id"].as_str().expect("an id");
        let by_word = doc.json(&["story", "list", "--sprint", word]);
        assert!(!ids(&by_word).is_empty(), "{word}");
        assert_eq!(
            by_word,
            doc.json(&["story", "list", "--sprint", id]),
            "{word}"
        );
    }
    let err = doc.fails(2, &["story", "list", "--sprint", "soon"]);
    assert!(err.contains("current, next, last or backlog"), "{err}");

    let empty = Doc::new();
    let err = empty.fails(1, &["story", "list", "--sprint", "current"]);
    assert!(err.contains("no sprint is active"), "{err}");
    let err = empty.fails(1, &["story", "list", "--sprint", "last"]);
    assert!(err.contains("no sprint has closed yet"), "{err}");
}

#[test]
fn the_where_language_names_sprints_by_where_they_stand_too() {
    let doc = Doc::demo();
    for word in ["current", "active", "next", "last"] {
        let by_flag = doc.json(&["story", "list", "--sprint", word]);
        assert!(!ids(&by_flag).is_empty(), "{word}");
        let expr = format!("sprint:{word}");
        assert_eq!(
            doc.json(&["story", "list", "--where", &expr]),
            by_flag,
            "{expr}"
        );
    }
    // Either of two, like any key given twice.
    let both = doc.json(&["story", "list", "--where", "sprint:current sprint:next"]);
    let current = doc.json(&["story", "list", "--sprint", "current"]);
    let next = doc.json(&["story", "list", "--sprint", "next"]);
    assert_eq!(ids(&both).len(), ids(&current).len() + ids(&next).len());
    let err = doc.fails(2, &["story", "list", "--where", "sprint:soon"]);
    assert!(err.contains("current, next, last or none"), "{err}");

    let empty = Doc::new();
    let err = empty.fails(1, &["story", "list", "--where", "sprint:current"]);
    assert!(err.contains("no sprint is active"), "{err}");
}
