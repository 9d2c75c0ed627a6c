//! `sprint start` before a sprint's start date moves it to today, keeping its length, so
//! days left counts the days it really has.

use super::Doc;
use chrono::{Days, Local};

#[test]
fn an_early_start_moves_the_sprint_to_today_keeping_its_length() {
    let doc = Doc::new();
    let today = Local::now().date_naive();
    let date = |n| (today + Days::new(n)).to_string();
    doc.add(&[
        "sprint",
        "add",
        "Two weeks",
        "--start",
        &date(9),
        "--end",
        &date(22),
    ]);
    let out = doc.ok(&["sprint", "start", "SP-1"]);
    assert!(
        out.contains(&format!(
            "9 days before its start date: it now runs from {today} to {}",
            date(13)
        )),
        "{out}"
    );
    let shown = doc.json(&["sprint", "show", "SP-1"]);
    assert_eq!(
        (&shown["start"], &shown["end"]),
        (&today.to_string().into(), &date(13).into())
    );
    assert_eq!(shown["days_left"], 14);
}

#[test]
fn a_late_start_says_how_late_and_the_days_left_and_one_day_early_is_one_day() {
    let doc = Doc::new();
    let today = Local::now().date_naive();
    let date = |n| (today + Days::new(n)).to_string();
    let ago = (today - Days::new(4)).to_string();
    doc.add(&["sprint", "add", "Late", "--start", &ago, "--end", &date(9)]);
    let out = doc.ok(&["sprint", "start", "SP-1"]);
    assert!(
        out.contains(&format!(
            "started SP-1, 4 days late: it runs from {ago} to {}, 10 days left",
            date(9)
        )),
        "{out}"
    );
    doc.ok(&["sprint", "close", "SP-1", "--to-backlog"]);
    doc.add(&[
        "sprint",
        "add",
        "Soon",
        "--start",
        &date(1),
        "--end",
        &date(14),
    ]);
    let out = doc.ok(&["sprint", "start", "SP-2"]);
    assert!(
        out.contains("started SP-2, 1 day before its start date:"),
        "{out}"
    );
}
