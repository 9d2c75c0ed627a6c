//! `roadlog report flow` on a history written with known times.

use serde_json::{Value, json};

use super::Doc;

/// Gives story `n` (1-based) a creation time and a status history, ending in `status`.
fn history(doc: &Doc, n: usize, status: &str, changes: &[(&str, &str)]) {
    doc.edit_raw(|d| {
        let s = &mut d["stories"][n - 1];
        s["created"] = json!("2026-03-01T09:00:00Z");
        s["status"] = json!(status);
        let list: Vec<Value> = std::iter::once(("draft", "2026-03-01T09:00:00Z"))
            .chain(changes.iter().copied())
            .map(|(status, at)| json!({"status": status, "at": at}))
            .collect();
        s["history"] = Value::Array(list);
    });
}

#[test]
fn report_flow_gives_percentiles_throughput_and_aging_work() {
    let doc = Doc::new();
    doc.add(&["epic", "add", "Checkout"]);
    for title in ["a", "b", "c", "d"] {
        doc.add(&["story", "add", title]);
    }
    doc.ok(&["story", "edit", "S-4", "--epic", "E-1", "--label", "pay"]);
    history(
        &doc,
        1,
        "done",
        &[
            ("in-progress", "2026-03-02T09:00:00Z"),
            ("done", "2026-03-03T09:00:00Z"),
        ],
    );
    // Re-opened and finished again: its cycle runs from the first start.
    history(
        &doc,
        2,
        "done",
        &[
            ("in-progress", "2026-03-02T09:00:00Z"),
            ("done", "2026-03-03T09:00:00Z"),
            ("in-progress", "2026-03-04T09:00:00Z"),
            ("done", "2026-03-06T09:00:00Z"),
        ],
    );
    history(
        &doc,
        4,
        "done",
        &[
            ("in-progress", "2026-03-05T09:00:00Z"),
            ("done", "2026-03-11T09:00:00Z"),
        ],
    );
    history(&doc, 3, "review", &[("review", "2026-03-04T09:00:00Z")]);

    let flow = doc.json(&["report", "flow"]);
    assert_eq!(
        flow["cycle_time_days"],
        json!({"count": 3, "p50": 4.0, "p85": 6.0, "p95": 6.0})
    );
    assert_eq!(
        flow["lead_time_days"],
        json!({"count": 3, "p50": 5.0, "p85": 10.0, "p95": 10.0})
    );
    assert_eq!(
        flow["weeks"][0],
        json!({"monday": "2026-03-02", "finished": 2})
    );
    assert_eq!(
        flow["weeks"][1],
        json!({"monday": "2026-03-09", "finished": 1})
    );
    assert_eq!(flow["in_progress"][0]["id"], "S-3");
    assert_eq!(flow["in_progress"][0]["status"], "review");

    let text = doc.ok(&["report", "flow", "--label", "pay"]);
    assert!(
        text.contains("Flow: 1 stories finished (label pay)"),
        "{text}"
    );
    assert!(text.contains("cycle time  6.0 days"), "{text}");
    assert!(text.contains("Work in progress: none"), "{text}");

    let since = doc.json(&["report", "flow", "--since", "2026-03-04", "--epic", "E-1"]);
    assert_eq!(since["finished"].as_array().map(Vec::len), Some(1));
    assert_eq!(since["finished"][0]["id"], "S-4");
}

#[test]
fn report_flow_refuses_a_bad_date_and_an_unknown_epic() {
    let doc = Doc::new();
    let bad = doc.fails(2, &["report", "flow", "--since", "2026-02-30"]);
    assert!(bad.contains("'2026-02-30' is not a date"), "{bad}");
    let missing = doc.fails(1, &["report", "flow", "--epic", "E-7"]);
    assert!(missing.contains("no epic E-7"), "{missing}");
}
