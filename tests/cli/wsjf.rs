//! WSJF in the command line: its four inputs on `epic add` and `epic edit`, its score in
//! `--json` beside RICE, and the document's scoring method in the lists.

use super::Doc;

const WSJF: [&str; 8] = [
    "--business-value",
    "8",
    "--time-criticality",
    "5",
    "--risk-reduction",
    "3",
    "--job-size",
    "4",
];

#[test]
fn epic_add_and_edit_take_the_wsjf_inputs_and_json_shows_both_scores() {
    let doc = Doc::new();
    let mut add = vec![
        "epic", "add", "Checkout", "--reach", "1000", "--impact", "2",
    ];
    add.extend(["--confidence", "80", "--effort", "4"]);
    add.extend(WSJF);
    let e = doc.add(&add);
    let shown = doc.json(&["epic", "show", &e]);
    assert_eq!(shown["score"], 400.0, "RICE stays under score");
    assert_eq!(shown["business_value"], 8.0);
    assert_eq!(shown["time_criticality"], 5.0);
    assert_eq!(shown["risk_reduction"], 3.0);
    assert_eq!(shown["job_size"], 4.0);
    assert_eq!(shown["wsjf_score"], 4.0, "(8 + 5 + 3) / 4");

    doc.ok(&[
        "epic",
        "edit",
        &e,
        "--job-size",
        "2",
        "--business-value",
        "8",
    ]
    .into_iter()
    .chain(["--time-criticality", "5", "--risk-reduction", "3"])
    .collect::<Vec<_>>());
    assert_eq!(doc.json(&["epic", "show", &e])["wsjf_score"], 8.0);
    let text = doc.ok(&["epic", "show", &e]);
    assert!(
        text.contains("(business value 8 + time criticality 5"),
        "{text}"
    );

    doc.ok(&["epic", "edit", &e, "--no-wsjf"]);
    let cleared = doc.json(&["epic", "show", &e]);
    assert!(cleared["wsjf_score"].is_null() && cleared["job_size"].is_null());
    assert_eq!(cleared["score"], 400.0, "clearing WSJF leaves RICE");
}

#[test]
fn wsjf_inputs_go_together_and_a_zero_job_size_is_refused() {
    let doc = Doc::new();
    let err = doc.fails(2, &["epic", "add", "x", "--business-value", "8"]);
    assert!(err.contains("--job-size"), "{err}");
    let mut add = vec!["epic", "add", "x"];
    add.extend(&WSJF[..6]);
    add.extend(["--job-size", "0"]);
    let err = doc.fails(1, &add);
    assert!(err.contains("job size must be more than zero"), "{err}");
    assert!(
        doc.json(&["epic", "list"])
            .as_array()
            .is_some_and(Vec::is_empty)
    );
}

#[test]
fn lists_show_the_score_the_document_ranks_by() {
    let doc = Doc::new();
    let mut add = vec![
        "epic",
        "add",
        "Checkout",
        "--horizon",
        "now",
        "--reach",
        "100",
    ];
    add.extend(["--impact", "1", "--confidence", "100", "--effort", "1"]);
    add.extend(WSJF);
    doc.add(&add);
    for args in [&["epic", "list"][..], &["roadmap"]] {
        let out = doc.ok(args);
        assert!(out.contains("RICE") && out.contains("100.0"), "{out}");
        assert!(!out.contains("WSJF"), "{out}");
    }
    assert_eq!(
        doc.ok(&["epic", "scoring", "wsjf"]).trim(),
        "epics are now scored by WSJF"
    );
    for args in [&["epic", "list"][..], &["roadmap"]] {
        let out = doc.ok(args);
        assert!(out.contains("WSJF") && out.contains("4.0"), "{out}");
        assert!(!out.contains("100.0"), "{out}");
    }
    let shown = doc.ok(&["epic", "show", "E-1"]);
    assert!(shown.contains("4.0 (WSJF)"), "{shown}");
}
