//! Dates and numbers out of their ranges are refused on input, with what and why, and the
//! file is left as it was: the checks `roadlog check` makes on a file are the same ones.

use super::Doc;

/// Each command (its words as [`argv`] splits them), and the words its refusal must say.
const REFUSED: &[(&str, &str)] = &[
    (
        "sprint add S --start 2026-01-05 --end 2300-01-01",
        "end date must be in the years 1900 to 2200, not 2300-01-01",
    ),
    (
        "sprint add S --start 1850-01-05 --end 1850-01-18",
        "start date must be in the years 1900 to 2200, not 1850-01-05",
    ),
    (
        "sprint add S --start 2026-01-05 --end 2028-01-18",
        "length must be 366 days or less, not 744 days (2026-01-05 to 2028-01-18)",
    ),
    (
        "sprint add S --start 2026-01-05 --end 2026-01-18 --capacity 4294967295",
        "capacity must be 100000 or less, not 4294967295",
    ),
    (
        "sprint edit SP-1 --end 9999-12-31",
        "end date must be in the years 1900 to 2200, not 9999-12-31",
    ),
    (
        "epic add E --start 1850-01-01",
        "start date must be in the years 1900 to 2200, not 1850-01-01",
    ),
    (
        "epic edit E-1 --target 2999-01-01",
        "target date must be in the years 1900 to 2200, not 2999-01-01",
    ),
    (
        "epic add E --reach 10 --impact 99 --confidence 80 --effort 2",
        "RICE impact must be from 0.25 to 3, not 99",
    ),
    (
        "epic add E --reach 10 --impact 0.1 --confidence 80 --effort 2",
        "RICE impact must be from 0.25 to 3, not 0.1",
    ),
    (
        "epic add E --reach 10 --impact 1 --confidence 180 --effort 2",
        "RICE confidence must be a percentage from 0 to 100, not 180",
    ),
    (
        "epic add E --business-value -1 --time-criticality 1 --risk-reduction 1 --job-size 1",
        "WSJF business value must be zero or more, not -1",
    ),
    (
        "story add S --points 4294967295",
        "points must be within the points scale, not 4294967295 (the scale ends at 21)",
    ),
    (
        "story edit S-1 --points 34",
        "points must be within the points scale, not 34 (the scale ends at 21)",
    ),
];

/// A command line's words, split at spaces (no word here holds one).
fn argv(command: &str) -> Vec<&str> {
    command.split_whitespace().collect()
}

#[test]
fn out_of_range_values_are_refused_on_input_and_change_nothing() {
    let doc = Doc::new();
    doc.ok(&argv("sprint add One --start 2026-01-05 --end 2026-01-18"));
    doc.ok(&["epic", "add", "Checkout"]);
    doc.ok(&["story", "add", "Pay", "--points", "21"]);
    for (command, says) in REFUSED {
        let err = doc.fails(1, &argv(command));
        assert!(err.contains(says), "{command}: {err}");
    }
    // The edges are in.
    doc.ok(&argv("sprint add Two --start 1900-01-01 --end 1900-12-31"));
    doc.ok(&argv("epic edit E-1 --target 2200-12-31"));
    doc.ok(&argv(
        "epic edit E-1 --reach 0 --impact 0.25 --confidence 100 --effort 0.5",
    ));
    assert!(doc.ok(&["check"]).contains("no problems"));
}

/// A file whose sprint ends in the year 262142 is reported, and the review and the show
/// of that sprint stay small (its burndown stops after the longest sprint allowed).
#[test]
fn a_sprint_ending_in_the_year_262142_is_reported_and_stays_small() {
    let doc = super::fixture("invalid", "sprint-end-out-of-range.json");
    let report = doc.ok(&["sprint", "report", "SP-1"]);
    assert!(report.contains("+262142-12-31"), "{report}");
    assert!(report.len() < 20_000, "{} bytes", report.len());
    let chart = doc.ok(&["sprint", "show", "SP-1"]);
    assert!(chart.len() < 20_000, "{} bytes", chart.len());
    let err = doc.fails(1, &["story", "add", "x"]);
    assert!(
        err.contains("end date +262142-12-31; it must be in the years 1900 to 2200"),
        "{err}"
    );
}
