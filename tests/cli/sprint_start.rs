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
