//! Story templates and the Definition of Done, through the real binary.

use serde_json::json;

use super::Doc;

#[test]
fn a_story_added_from_a_template_gets_its_presets() {
    let doc = Doc::new();
    doc.ok(&[
        "template",
        "add",
        "bug",
        "--as",
        "user who hit a bug",
        "--want",
        "it fixed",
        "--label",
        "bug",
        "--points",
        "1",
        "--ac",
        "Steps to reproduce recorded",
    ]);
    doc.ok(&[
        "template",
        "add",
        "spike",
        "--description",
        "Time-boxed",
        "--label",
        "spike",
    ]);
    let taken = doc.fails(1, &["template", "add", "BUG"]);
    assert!(
        taken.contains("a template named 'BUG' already exists"),
        "{taken}"
    );

    let id = doc.add(&[
        "story",
        "add",
        "Login fails on Safari",
        "--template",
        "Bug",
        "--label",
        "safari",
        "--ac",
        "Works on Safari 17",
    ]);
    let s = doc.json(&["story", "show", &id]);
    assert_eq!(s["as_a"], "user who hit a bug");
    assert_eq!(s["i_want"], "it fixed");
    assert_eq!(s["points"], 1);
    assert_eq!(s["labels"], json!(["bug", "safari"]));
    assert_eq!(
        s["acceptance_criteria"],
        json!([
            {"text": "Steps to reproduce recorded", "done": false},
            {"text": "Works on Safari 17", "done": false}
        ])
    );
    let unknown = doc.fails(1, &["story", "add", "X", "--template", "feature"]);
    assert!(
        unknown.contains("no template 'feature' (templates: bug, spike)"),
        "{unknown}"
    );

    doc.ok(&[
        "template", "edit", "bug", "--label", "bug", "--label", "triage", "--points", "none",
    ]);
    let list = doc.json(&["template", "list"]);
    assert_eq!(list[0]["labels"], json!(["bug", "triage"]));
    assert_eq!(list[0]["points"], json!(null));
    assert_eq!(list[1]["name"], "spike");
    let text = doc.ok(&["template", "list"]);
    assert!(
        text.contains("criteria    1. Steps to reproduce recorded"),
        "{text}"
    );
    doc.fails(2, &["template", "edit", "bug"]);
    doc.fails(1, &["template", "edit", "nope", "--points", "2"]);
    doc.ok(&["template", "rm", "SPIKE"]);
    assert_eq!(
        doc.json(&["template", "list"]).as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn done_with_open_items_is_refused_unless_forced_and_the_review_lists_it() {
    let doc = Doc::new();
    doc.ok(&[
        "sprint",
        "add",
        "S1",
        "--start",
        "2026-01-05",
        "--end",
        "2026-01-18",
    ]);
    doc.ok(&["dod", "set", "Code reviewed", "Tests pass"]);
    assert_eq!(
        doc.ok(&["dod", "list"]),
        "1. Code reviewed\n2. Tests pass\n"
    );
    doc.add(&[
        "story",
        "add",
        "Pay",
        "--ac",
        "Receipt sent",
        "--sprint",
        "SP-1",
    ]);
    doc.add(&["story", "add", "Refund", "--sprint", "SP-1"]);

    let refused = doc.fails(1, &["story", "edit", "S-1", "--status", "done"]);
    assert!(
        refused.contains(
            "S-1 cannot be done while items are open: criterion 1 'Receipt sent', \
             DoD item 'Code reviewed', DoD item 'Tests pass'"
        ) && refused.contains("--force"),
        "{refused}"
    );
    doc.fails(1, &["story", "edit", "S-1", "--dod-done", "3"]);

    doc.ok(&[
        "story",
        "edit",
        "S-1",
        "--ac-done",
        "1",
        "--dod-done",
        "1",
        "--dod-done",
        "2",
        "--status",
        "done",
    ]);
    assert_eq!(
        doc.ok(&["dod", "list", "--story", "S-1"]),
        "1. [x] Code reviewed\n2. [x] Tests pass\n"
    );
    let shown = doc.json(&["story", "show", "S-1"]);
    assert_eq!(
        shown["definition_of_done"],
        json!([{"text": "Code reviewed", "done": true}, {"text": "Tests pass", "done": true}])
    );

    doc.ok(&[
        "story",
        "edit",
        "S-2",
        "--dod-done",
        "1",
        "--status",
        "done",
        "--force",
    ]);
    let report = doc.json_report("SP-1");
    assert_eq!(
        report["done_with_exceptions"],
        json!([{"id": "S-2", "title": "Refund", "open": ["DoD item 'Tests pass'"]}])
    );
    let text = doc.ok(&["sprint", "report", "SP-1"]);
    assert!(
        text.contains("## Done with exceptions (1)\n\n- S-2 Refund: open DoD item 'Tests pass'"),
        "{text}"
    );
    assert!(
        doc.ok(&["story", "show", "S-2"])
            .contains("definition of done\n  1. [x] Code reviewed\n  2. [ ] Tests pass")
    );

    doc.ok(&["dod", "set", "none"]);
    assert_eq!(doc.json(&["dod", "list"]), json!([]));
}

#[test]
fn a_document_without_templates_or_dod_saves_as_it_was() {
    let doc = Doc::new();
    doc.add(&["story", "add", "Pay"]);
    let before = doc.bytes();
    doc.ok(&["dod", "set", "Reviewed"]);
    doc.ok(&["dod", "set", "none"]);
    doc.ok(&["template", "add", "bug"]);
    doc.ok(&["template", "rm", "bug"]);
    assert_eq!(
        doc.bytes(),
        before,
        "settings back to default write nothing"
    );
    let text = String::from_utf8(before).expect("UTF-8");
    assert!(
        !text.contains("templates")
            && !text.contains("definition_of_done")
            && !text.contains("dod_done")
    );
}

#[test]
fn control_characters_in_a_template_are_refused_naming_the_field() {
    let doc = Doc::new();
    let bell = "bug\u{7}";
    let err = doc.fails(1, &["template", "add", bell]);
    assert!(
        err.contains("template 'name'") && err.contains("U+0007"),
        "{err}"
    );
    assert!(
        !err.contains('\u{7}'),
        "the refusal prints the character as text"
    );
    for (flag, value) in [
        ("--as", "a \u{1b}[2Jtester"),
        ("--want", "to \u{202e}reverse"),
        ("--so-that", "it\u{9b}breaks"),
        ("--label", "tri\u{1b}age"),
        ("--ac", "works\u{7}"),
        ("--description", "one\u{1b}]0;title\u{7}"),
    ] {
        let err = doc.fails(1, &["template", "add", "bug", flag, value]);
        assert!(err.contains("control character"), "{flag}: {err}");
    }
    // Line breaks and tabs are a description's own.
    doc.ok(&[
        "template",
        "add",
        "bug",
        "--description",
        "Steps:\n\t1. open",
    ]);
    let err = doc.fails(1, &["template", "edit", "bug", "--name", "b\u{1b}g"]);
    assert!(err.contains("template 'name'"), "{err}");
    let err = doc.fails(1, &["template", "edit", "bug", "--ac", "x\u{7}"]);
    assert!(err.contains("template 'ac'"), "{err}");
}
