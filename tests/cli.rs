//! The real `roadlog` binary on real temporary files: what a user or a script sees.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

#[path = "cli/fresh_account.rs"]
mod fresh_account;
#[path = "cli/numbers.rs"]
mod numbers;
#[path = "cli/ranges.rs"]
mod ranges;
#[path = "cli/read_only.rs"]
mod read_only;
#[path = "cli/shell.rs"]
mod shell;
#[path = "cli/words.rs"]
mod words;
#[path = "cli/wsjf.rs"]
mod wsjf;

/// A temporary folder holding one document, `roadlog.json`.
struct Doc {
    dir: TempDir,
}

impl Doc {
    /// An empty product.
    fn new() -> Doc {
        let doc = Doc {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        doc.ok(&["init", "--name", "Test shop"]);
        doc
    }

    /// The demo sample: 2 visions, 6 epics, 66 stories, 8 sprints (SP-1..SP-6 closed,
    /// SP-7 active, SP-8 planned).
    fn demo() -> Doc {
        let doc = Doc {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        let path = doc.path();
        doc.ok(&["demo", "--out", path.to_str().expect("a UTF-8 path")]);
        doc
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("roadlog.json")
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.path()).expect("the document is readable")
    }

    /// Runs roadlog in the document's folder, with nothing from the caller's environment
    /// choosing another file.
    fn run(&self, args: &[&str]) -> Output {
        roadlog(self.dir.path())
            .args(args)
            .output()
            .expect("roadlog runs")
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "roadlog {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs a command that must fail with `code`, and leave the file as it was; returns
    /// its stderr.
    fn fails(&self, code: i32, args: &[&str]) -> String {
        let before = std::fs::read(self.path()).ok();
        let out = self.run(args);
        let stderr = String::from_utf8(out.stderr).expect("UTF-8 errors");
        assert_eq!(out.status.code(), Some(code), "roadlog {args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "a refused command printed to stdout");
        assert_eq!(
            std::fs::read(self.path()).ok(),
            before,
            "roadlog {args:?} changed the file although it was refused"
        );
        stderr
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        serde_json::from_str(&self.ok(&args)).expect("--json prints JSON")
    }

    fn json_report(&self, sprint: &str) -> Value {
        let out = self.ok(&["sprint", "report", sprint, "--format", "json"]);
        serde_json::from_str(&out).expect("--format json prints JSON")
    }

    /// The id printed by an `add` command ("added S-41").
    fn add(&self, args: &[&str]) -> String {
        let out = self.ok(args);
        out.trim()
            .strip_prefix("added ")
            .unwrap_or_else(|| panic!("unexpected output of {args:?}: {out}"))
            .to_string()
    }

    /// Rewrites the document through serde_json, to make files the CLI would refuse to.
    fn edit_raw(&self, change: impl FnOnce(&mut Value)) {
        let mut doc: Value = serde_json::from_slice(&self.bytes()).expect("valid JSON");
        change(&mut doc);
        let text = serde_json::to_string_pretty(&doc).expect("serialisable");
        std::fs::write(self.path(), text).expect("writable");
    }
}

fn roadlog(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roadlog"));
    cmd.current_dir(cwd)
        .env_remove("ROADLOG_FILE")
        // No config file: the user's own must not change dates or the default document.
        .env("ROADLOG_CONFIG", cwd.join(".no-config.toml"))
        .env("COLUMNS", "100");
    cmd
}

fn keys(v: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

fn sorted(mut names: Vec<&str>) -> Vec<&str> {
    names.sort_unstable();
    names
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|v| v["id"].as_str().or_else(|| v.as_str()).expect("an id"))
        .collect()
}

// ---------------------------------------------------------------- creating documents

#[test]
fn init_creates_an_empty_document_and_refuses_to_overwrite() {
    let doc = Doc::new();
    assert_eq!(doc.json(&["story", "list"]), Value::Array(vec![]));
    assert!(doc.ok(&["roadmap"]).starts_with("Test shop: roadmap"));
    let err = doc.fails(1, &["init"]);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn demo_writes_the_sample_and_refuses_an_existing_path() {
    let doc = Doc::demo();
    let stories = doc.json(&["story", "list"]);
    assert_eq!(stories.as_array().map(Vec::len), Some(66));
    assert_eq!(
        doc.json(&["sprint", "list"])["sprints"]
            .as_array()
            .map(Vec::len),
        Some(8)
    );
    let path = doc.path();
    let err = doc.fails(1, &["demo", "--out", path.to_str().expect("UTF-8")]);
    assert!(err.contains("already exists"), "{err}");
}

// ---------------------------------------------------------------- visions

#[test]
fn visions_add_list_show_edit_rm() {
    let doc = Doc::new();
    let v = doc.add(&[
        "vision",
        "add",
        "Effortless checkout",
        "--statement",
        "Paying is the easy part",
        "--target-group",
        "Mobile shoppers",
        "--needs",
        "Pay fast",
        "--product",
        "One-page checkout",
        "--goal",
        "Checkout conversion: 3.1% -> 4%",
        "--goal",
        "Happier shoppers",
    ]);
    assert_eq!(v, "V-1");
    let shown = doc.json(&["vision", "show", "V-1"]);
    assert_eq!(
        keys(&shown),
        sorted(vec![
            "id",
            "title",
            "statement",
            "target_group",
            "needs",
            "product",
            "goals"
        ])
    );
    assert_eq!(shown["target_group"], "Mobile shoppers");
    assert_eq!(shown["goals"][0]["text"], "Checkout conversion");
    assert_eq!(shown["goals"][0]["metric"], "3.1%");
    assert_eq!(shown["goals"][0]["target"], "4%");
    assert_eq!(shown["goals"][1]["metric"], Value::Null);

    let epic = doc.add(&["epic", "add", "Guest checkout", "--vision", "V-1"]);
    let text = doc.ok(&["vision", "show", "v-1"]);
    assert!(text.contains("Paying is the easy part"), "{text}");
    assert!(
        text.contains("Guest checkout"),
        "its epics are listed: {text}"
    );
    assert!(doc.ok(&["vision", "list"]).contains("Effortless checkout"));

    doc.ok(&[
        "vision",
        "edit",
        "V-1",
        "--title",
        "Fast checkout",
        "--goal",
        "none",
    ]);
    let shown = doc.json(&["vision", "show", "V-1"]);
    assert_eq!(shown["title"], "Fast checkout");
    assert_eq!(shown["goals"], Value::Array(vec![]));
    assert_eq!(shown["statement"], "Paying is the easy part");

    doc.ok(&["vision", "rm", "V-1"]);
    assert_eq!(doc.json(&["vision", "list"]), Value::Array(vec![]));
    assert_eq!(doc.json(&["epic", "show", &epic])["vision"], Value::Null);
    let err = doc.fails(1, &["vision", "show", "V-1"]);
    assert!(err.contains("no vision V-1"), "{err}");
}

// ---------------------------------------------------------------- epics

#[test]
fn epics_add_with_rice_and_show_every_json_field() {
    let doc = Doc::new();
    doc.add(&["vision", "add", "V"]);
    let e = doc.add(&[
        "epic",
        "add",
        "Guest checkout",
        "--vision",
        "V-1",
        "--horizon",
        "NOW",
        "--status",
        "Active",
        "--start",
        "2026-01-05",
        "--target",
        "2026-03-01",
        "--reach",
        "1000",
        "--impact",
        "2",
        "--confidence",
        "80",
        "--effort",
        "4",
        "--label",
        "checkout",
    ]);
    doc.add(&["story", "add", "A", "--epic", &e, "--points", "3"]);
    let s = doc.add(&["story", "add", "B", "--epic", &e, "--points", "5"]);
    doc.ok(&["story", "edit", &s, "--status", "done"]);

    let shown = doc.json(&["epic", "show", &e]);
    assert_eq!(
        keys(&shown),
        sorted(vec![
            "id",
            "title",
            "description",
            "vision",
            "horizon",
            "status",
            "start",
            "target",
            "reach",
            "impact",
            "confidence",
            "effort",
            "score",
            "business_value",
            "time_criticality",
            "risk_reduction",
            "job_size",
            "wsjf_score",
            "labels",
            "rank",
            "stories",
            "points_total",
            "points_done",
            "external_key",
            "serves"
        ])
    );
    assert_eq!(shown["horizon"], "now");
    assert_eq!(shown["status"], "active");
    assert_eq!(shown["start"], "2026-01-05");
    assert_eq!(shown["score"], 400.0);
    assert_eq!(shown["rank"], 1);
    assert_eq!(ids(&shown["stories"]), ["S-1", "S-2"]);
    assert_eq!(shown["points_total"], 8);
    assert_eq!(shown["points_done"], 5);

    let text = doc.ok(&["epic", "show", &e]);
    assert!(
        text.contains("400.0") && text.contains("1/2 st, 5/8 pts"),
        "{text}"
    );
}

#[test]
fn epics_edit_move_and_list_in_rank_order() {
    let doc = Doc::new();
    for t in ["One", "Two", "Three"] {
        doc.add(&["epic", "add", t]);
    }
    assert_eq!(ids(&doc.json(&["epic", "list"])), ["E-1", "E-2", "E-3"]);
    assert_eq!(
        doc.ok(&["epic", "move", "E-3", "--top"]).trim(),
        "moved E-3 to rank 1"
    );
    doc.ok(&["epic", "move", "E-1", "--before", "E-2"]);
    assert_eq!(ids(&doc.json(&["epic", "list"])), ["E-3", "E-1", "E-2"]);
    doc.ok(&["epic", "move", "E-3", "--after", "E-2"]);
    doc.ok(&["epic", "move", "E-1", "--bottom"]);
    let list = doc.json(&["epic", "list"]);
    assert_eq!(ids(&list), ["E-2", "E-3", "E-1"]);
    assert_eq!(list[2]["rank"], 3);

    doc.ok(&[
        "epic",
        "edit",
        "E-1",
        "--title",
        "Uno",
        "--horizon",
        "next",
        "--status",
        "planned",
        "--target",
        "2027-01-01",
        "--label",
        "a",
        "--label",
        "b",
    ]);
    let e = doc.json(&["epic", "show", "E-1"]);
    assert_eq!(
        (&e["title"], &e["horizon"], &e["status"], &e["target"]),
        (
            &Value::from("Uno"),
            &Value::from("next"),
            &Value::from("planned"),
            &Value::from("2027-01-01")
        )
    );
    assert_eq!(e["labels"], serde_json::json!(["a", "b"]));
    doc.ok(&["epic", "edit", "E-1", "--target", "none", "--label", "none"]);
    let e = doc.json(&["epic", "show", "E-1"]);
    assert_eq!(
        (&e["target"], &e["labels"]),
        (&Value::Null, &serde_json::json!([]))
    );
    let text = doc.ok(&["epic", "list"]);
    assert!(
        text.lines().nth(3).is_some_and(|l| l.contains("Uno")),
        "{text}"
    );
}

#[test]
fn epic_rm_detaches_its_stories_or_deletes_them() {
    let doc = Doc::new();
    doc.add(&["epic", "add", "Kept stories"]);
    doc.add(&["epic", "add", "Deleted stories"]);
    doc.add(&["story", "add", "Keep me", "--epic", "E-1"]);
    doc.add(&["story", "add", "Delete me", "--epic", "E-2"]);
    doc.add(&["story", "add", "Unrelated"]);

    doc.ok(&["epic", "rm", "E-1"]);
    assert_eq!(doc.json(&["story", "show", "S-1"])["epic"], Value::Null);
    doc.ok(&["epic", "rm", "E-2", "--delete-stories"]);
    assert_eq!(ids(&doc.json(&["story", "list"])), ["S-1", "S-3"]);
    assert_eq!(doc.json(&["epic", "list"]), Value::Array(vec![]));
}

// ---------------------------------------------------------------- stories

#[test]
fn story_add_and_show_every_json_field() {
    let doc = Doc::new();
    doc.add(&["epic", "add", "Checkout"]);
    doc.add(&[
        "sprint",
        "add",
        "S1",
        "--start",
        "2026-01-05",
        "--end",
        "2026-01-18",
    ]);
    doc.add(&["story", "add", "Blocker"]);
    let s = doc.add(&[
        "story",
        "add",
        "Guest checkout",
        "--epic",
        "E-1",
        "--points",
        "5",
        "--as",
        "shopper",
        "--want",
        "to pay as a guest",
        "--so-that",
        "I buy faster",
        "--description",
        "Details",
        "--ac",
        "No password asked",
        "--ac",
        "Receipt sent",
        "--label",
        "checkout",
        "--assignee",
        "ana",
        "--sprint",
        "SP-1",
        "--blocked-by",
        "S-1",
    ]);
    assert_eq!(s, "S-2");
    let shown = doc.json(&["story", "show", "S-2"]);
    assert_eq!(
        keys(&shown),
        sorted(vec![
            "id",
            "title",
            "as_a",
            "i_want",
            "so_that",
            "description",
            "acceptance_criteria",
            "points",
            "status",
            "epic",
            "sprint",
            "labels",
            "assignee",
            "blocked_by",
            "definition_of_done",
            "commits",
            "rank",
            "created",
            "updated",
            "external_key"
        ])
    );
    assert_eq!(shown["as_a"], "shopper");
    assert_eq!(
        shown["external_key"],
        Value::Null,
        "made here, not imported"
    );
    assert_eq!(shown["i_want"], "to pay as a guest");
    assert_eq!(shown["so_that"], "I buy faster");
    assert_eq!(
        shown["acceptance_criteria"],
        serde_json::json!([{"text": "No password asked", "done": false}, {"text": "Receipt sent", "done": false}])
    );
    assert_eq!(shown["points"], 5);
    assert_eq!(shown["status"], "draft");
    assert_eq!(
        (&shown["epic"], &shown["sprint"]),
        (&Value::from("E-1"), &Value::from("SP-1"))
    );
    assert_eq!(shown["blocked_by"], serde_json::json!(["S-1"]));
    assert_eq!(shown["assignee"], "ana");
    assert_eq!(shown["rank"], 2);
    let created = shown["created"].as_str().expect("a timestamp");
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok(),
        "{created}"
    );

    let text = doc.ok(&["story", "show", "S-2"]);
    for part in [
        "Guest checkout",
        "shopper",
        "1. [ ] No password asked",
        "S-1",
        "E-1 Checkout",
    ] {
        assert!(text.contains(part), "{part} missing from: {text}");
    }
}

#[test]
fn story_edit_changes_fields_ticks_criteria_and_detaches() {
    let doc = Doc::new();
    doc.add(&["epic", "add", "E"]);
    doc.add(&[
        "sprint",
        "add",
        "S1",
        "--start",
        "2026-01-05",
        "--end",
        "2026-01-18",
    ]);
    doc.add(&["story", "add", "Other"]);
    doc.add(&[
        "story",
        "add",
        "Old",
        "--epic",
        "E-1",
        "--sprint",
        "SP-1",
        "--points",
        "3",
        "--ac",
        "First",
        "--assignee",
        "ana",
        "--label",
        "x",
        "--blocked-by",
        "S-1",
    ]);
    doc.ok(&[
        "story",
        "edit",
        "S-2",
        "--title",
        "New",
        "--status",
        "In-Progress",
        "--ac",
        "Second",
        "--ac-done",
        "1",
        "--ac-done",
        "2",
        "--points",
        "8",
        "--label",
        "y",
        "--label",
        "z",
    ]);
    doc.ok(&["story", "edit", "S-2", "--ac-undone", "2"]);
    let s = doc.json(&["story", "show", "S-2"]);
    assert_eq!(s["title"], "New");
    assert_eq!(s["status"], "in-progress");
    assert_eq!(s["points"], 8);
    assert_eq!(s["labels"], serde_json::json!(["y", "z"]));
    assert_eq!(
        s["acceptance_criteria"],
        serde_json::json!([{"text": "First", "done": true}, {"text": "Second", "done": false}])
    );

    doc.ok(&[
        "story",
        "edit",
        "S-2",
        "--epic",
        "none",
        "--sprint",
        "none",
        "--points",
        "none",
        "--assignee",
        "none",
        "--blocked-by",
        "none",
    ]);
    let s = doc.json(&["story", "show", "S-2"]);
    for field in ["epic", "sprint", "points", "assignee"] {
        assert_eq!(s[field], Value::Null, "{field} was not cleared");
    }
    assert_eq!(s["blocked_by"], serde_json::json!([]));

    let err = doc.fails(1, &["story", "edit", "S-2", "--ac-done", "3"]);
    assert!(err.contains("S-2 has no acceptance criterion 3"), "{err}");
    let err = doc.fails(2, &["story", "edit", "S-2"]);
    assert!(err.contains("required"), "{err}");
    let err = doc.fails(2, &["story", "edit", "S-2", "--status", "finished"]);
    assert!(err.contains("'finished' is not a story status"), "{err}");
    let err = doc.fails(2, &["story", "edit", "S-2", "--points", "-3"]);
    assert!(err.contains("'-3' is not a number of points"), "{err}");
}

/// An edit to the values a story already holds writes nothing, and says so instead of
/// "updated"; a real change after it says "updated" and is written.
#[test]
fn story_edit_of_the_values_it_holds_says_unchanged() {
    let doc = Doc::new();
    doc.add(&["story", "add", "Same", "--points", "3"]);
    let before = doc.bytes();
    let said = doc.ok(&["story", "edit", "S-1", "--title", "Same", "--points", "3"]);
    assert_eq!(said.trim(), "S-1 unchanged: it already holds those values");
    assert_eq!(doc.bytes(), before);
    let said = doc.ok(&["story", "edit", "S-1", "--points", "5"]);
    assert_eq!(said.trim(), "updated S-1");
    assert_ne!(doc.bytes(), before);
}

#[test]
fn story_list_is_in_rank_order_and_filters() {
    let doc = Doc::new();
    doc.add(&["epic", "add", "E"]);
    doc.add(&[
        "sprint",
        "add",
        "S1",
        "--start",
        "2026-01-05",
        "--end",
        "2026-01-18",
    ]);
    doc.add(&["story", "add", "a", "--epic", "E-1", "--label", "ux"]);
    doc.add(&["story", "add", "b", "--sprint", "SP-1", "--assignee", "ana"]);
    doc.add(&[
        "story", "add", "c", "--epic", "E-1", "--sprint", "SP-1", "--label", "ux",
    ]);
    doc.add(&["story", "add", "d"]);
    doc.ok(&["story", "edit", "S-4", "--status", "ready"]);
    assert_eq!(
        doc.ok(&["story", "move", "S-4", "--top"]).trim(),
        "moved S-4 to rank 1"
    );
    doc.ok(&["story", "move", "S-1", "--after", "S-3"]);

    let all = doc.json(&["story", "list"]);
    assert_eq!(ids(&all), ["S-4", "S-2", "S-3", "S-1"]);
    let ranks: Vec<u64> = all
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|s| s["rank"].as_u64())
        .collect();
    assert_eq!(ranks, [1, 2, 3, 4]);

    let list = |args: &[&str]| {
        let mut a = vec!["story", "list"];
        a.extend_from_slice(args);
        ids(&doc.json(&a))
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(list(&["--epic", "E-1"]), ["S-3", "S-1"]);
    assert_eq!(list(&["--sprint", "SP-1"]), ["S-2", "S-3"]);
    assert_eq!(list(&["--sprint", "backlog"]), ["S-4", "S-1"]);
    assert_eq!(list(&["--status", "READY"]), ["S-4"]);
    assert_eq!(list(&["--label", "ux"]), ["S-3", "S-1"]);
    assert_eq!(list(&["--assignee", "ana"]), ["S-2"]);
    assert_eq!(list(&["--epic", "E-1", "--sprint", "backlog"]), ["S-1"]);
    assert_eq!(list(&["--where", "epic:E-1 sprint:none"]), ["S-1"]);
    assert_eq!(list(&["--where", "label:ux sprint:SP-1 c"]), ["S-3"]);
    assert_eq!(
        list(&["--where", "status:ready status:draft assignee:ana"]),
        ["S-2"]
    );
    // The rank stays the backlog position when a filter hides stories before it.
    assert_eq!(doc.json(&["story", "list", "--label", "ux"])[0]["rank"], 3);

    let text = doc.ok(&["story", "list"]);
    let titles: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    assert_eq!(titles, ["d", "b", "c", "a"]);

    doc.ok(&["story", "move", "S-4", "--before", "S-1"]);
    assert_eq!(
        ids(&doc.json(&["story", "list"])),
        ["S-2", "S-3", "S-4", "S-1"]
    );
    doc.ok(&["story", "move", "S-2", "--bottom"]);
    assert_eq!(
        ids(&doc.json(&["story", "list"])),
        ["S-3", "S-4", "S-1", "S-2"]
    );
}

#[test]
fn story_rm_removes_it_and_links_to_it_and_never_reuses_its_id() {
    let doc = Doc::new();
    doc.add(&["story", "add", "a"]);
    doc.add(&["story", "add", "b", "--blocked-by", "S-1"]);
    doc.ok(&["story", "rm", "S-1"]);
    assert_eq!(ids(&doc.json(&["story", "list"])), ["S-2"]);
    assert_eq!(
        doc.json(&["story", "show", "S-2"])["blocked_by"],
        serde_json::json!([])
    );
    assert_eq!(doc.add(&["story", "add", "c"]), "S-3");
}

#[test]
fn human_lists_fit_the_width_and_cut_long_titles() {
    let doc = Doc::new();
    let long = "A long story title that will not fit in sixty";
    doc.add(&["story", "add", long]);
    let out = roadlog(doc.dir.path())
        .env("COLUMNS", "60")
        .args(["story", "list"])
        .output()
        .expect("roadlog runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");
    assert!(text.contains('…'), "{text}");
    assert!(text.contains("A long stor…"), "{text}");
    assert!(
        doc.ok(&["story", "list"]).contains(long),
        "100 columns fit it"
    );
}

// ---------------------------------------------------------------- sprints

#[test]
fn sprint_life_cycle_plan_start_close_back_to_the_backlog() {
    let doc = Doc::new();
    for t in ["a", "b", "c", "d"] {
        doc.add(&["story", "add", t, "--points", "2"]);
    }
    let sp = doc.add(&[
        "sprint",
        "add",
        "Sprint 1",
        "--start",
        "2026-01-05",
        "--end",
        "2026-01-18",
        "--capacity",
        "20",
        "--goal",
        "Ship it",
    ]);
    let out = doc.ok(&["sprint", "plan", &sp, "S-3", "S-4", "S-1"]);
    assert!(out.contains("6 points committed of 20"), "{out}");
    doc.ok(&["sprint", "unplan", &sp, "S-1"]);
    doc.ok(&["story", "edit", "S-3", "--status", "done"]);
    let shown = doc.json(&["sprint", "show", &sp]);
    assert_eq!(
        keys(&shown),
        sorted(vec![
            "id",
            "name",
            "goal",
            "start",
            "end",
            "capacity",
            "state",
            "stories",
            "committed_points",
            "scope_points",
            "done_points",
            "days_left",
            "carried_over",
            "carried_to",
            "velocity",
            "who_has_what"
        ])
    );
    assert_eq!(ids(&shown["stories"]), ["S-3", "S-4"]);
    assert_eq!(
        (&shown["committed_points"], &shown["done_points"]),
        (&Value::from(4), &Value::from(2))
    );
    assert_eq!(
        (&shown["capacity"], &shown["goal"]),
        (&Value::from(20), &Value::from("Ship it"))
    );
    assert_eq!(shown["state"], "planned");

    doc.ok(&["sprint", "start", &sp]);
    assert_eq!(doc.json(&["sprint", "show", &sp])["state"], "active");
    // Closing asks where the unfinished S-4 goes.
    let err = doc.fails(1, &["sprint", "close", &sp]);
    assert!(err.contains("--to-backlog"), "{err}");
    let out = doc.ok(&["sprint", "close", &sp, "--to-backlog"]);
    assert!(out.contains("1 unfinished"), "{out}");
    // The sprint keeps its result although S-4 left it.
    let shown = doc.json(&["sprint", "show", &sp]);
    assert_eq!(shown["committed_points"], 4);
    assert_eq!(shown["done_points"], 2);
    assert_eq!(ids(&shown["carried_over"]), ["S-4"]);
    assert_eq!(shown["carried_to"], Value::Null);
    assert_eq!(
        doc.json(&["sprint", "list"])["sprints"][0]["state"],
        "closed"
    );
    // The unfinished S-4 is back at the top of the backlog, out of the sprint.
    let stories = doc.json(&["story", "list"]);
    assert_eq!(ids(&stories), ["S-4", "S-1", "S-2", "S-3"]);
    assert_eq!(stories[0]["sprint"], Value::Null);
    assert_eq!(stories[3]["sprint"], "SP-1");

    let text = doc.ok(&["sprint", "show", &sp]);
    assert!(
        text.contains("Ship it") && text.contains("closed"),
        "{text}"
    );
    let list = doc.ok(&["sprint", "list"]);
    assert!(
        list.contains("Sprint 1") && list.contains("2026-01-18"),
        "{list}"
    );
    let err = doc.fails(1, &["sprint", "plan", &sp, "S-1"]);
    assert!(err.contains("SP-1 is closed"), "{err}");
}

#[test]
fn sprint_close_carries_over_and_edit_changes_fields() {
    let doc = Doc::new();
    doc.add(&["story", "add", "a"]);
    doc.add(&[
        "sprint",
        "add",
        "One",
        "--start",
        "2026-01-05",
        "--end",
        "2026-01-18",
    ]);
    doc.add(&[
        "sprint",
        "add",
        "Two",
        "--start",
        "2026-01-19",
        "--end",
        "2026-02-01",
    ]);
    doc.ok(&["sprint", "plan", "SP-1", "S-1"]);
    doc.ok(&["sprint", "start", "SP-1"]);
    let out = doc.ok(&["sprint", "close", "SP-1", "--carry-over-to", "SP-2"]);
    assert!(out.contains("carried over to SP-2"), "{out}");
    assert_eq!(doc.json(&["story", "show", "S-1"])["sprint"], "SP-2");

    doc.ok(&[
        "sprint",
        "edit",
        "SP-2",
        "--name",
        "Deux",
        "--goal",
        "G",
        "--end",
        "2026-02-08",
        "--capacity",
        "12",
    ]);
    let s = doc.json(&["sprint", "show", "SP-2"]);
    assert_eq!(
        (&s["name"], &s["end"], &s["capacity"]),
        (
            &Value::from("Deux"),
            &Value::from("2026-02-08"),
            &Value::from(12)
        )
    );
    doc.ok(&["sprint", "edit", "SP-2", "--capacity", "none"]);
    assert_eq!(
        doc.json(&["sprint", "show", "SP-2"])["capacity"],
        Value::Null
    );
}

#[test]
fn closing_the_demo_sprint_carries_over_and_the_report_tells_it() {
    let doc = Doc::demo();
    let err = doc.fails(
        2,
        &[
            "sprint",
            "close",
            "SP-7",
            "--carry-over-to",
            "SP-8",
            "--to-backlog",
        ],
    );
    assert!(err.contains("cannot be used with"), "{err}");
    let out = doc.ok(&["sprint", "close", "SP-7", "--carry-over-to", "SP-8"]);
    assert!(
        out.contains("7 unfinished stories carried over to SP-8"),
        "{out}"
    );
    let raw: Value = serde_json::from_slice(&doc.bytes()).expect("JSON");
    let result = &raw["sprints"][6]["result"];
    assert_eq!(result["carried_to"], "SP-8");
    assert_eq!(result["done"], 10);
    let report = doc.json_report("SP-7");
    assert_eq!(report["carry_over"]["to"], "SP-8");
    assert_eq!(report["carry_over"]["points"], 28);
    assert_eq!(report["committed_points"], 36);
    assert_eq!(report["done"].as_array().map(Vec::len), Some(3));
    assert_eq!(report["not_done"].as_array().map(Vec::len), Some(7));
    let list = doc.ok(&["sprint", "list"]);
    assert!(
        list.contains("velocity: 19.3 points (mean of SP-5 22, SP-6 26, SP-7 10)"),
        "{list}"
    );
    // The same velocity for scripts: the mean and the sprints it is taken over.
    let listed = doc.json(&["sprint", "list"]);
    let velocity = &listed["velocity"];
    assert!((velocity["mean"].as_f64().expect("a mean") - 58.0 / 3.0).abs() < 1e-9);
    assert_eq!(velocity["window"], 3);
    assert_eq!(
        velocity["sprints"],
        serde_json::json!([
            {"id": "SP-5", "done_points": 22},
            {"id": "SP-6", "done_points": 26},
            {"id": "SP-7", "done_points": 10},
        ])
    );
    assert_eq!(listed["sprints"].as_array().map(Vec::len), Some(8));
}

#[test]
fn sprint_refusals_leave_the_file_as_it_was() {
    let doc = Doc::demo();
    let err = doc.fails(1, &["sprint", "start", "SP-8"]);
    assert!(err.contains("SP-7 is already active"), "{err}");
    let err = doc.fails(1, &["sprint", "start", "SP-7"]);
    assert!(err.contains("sprint SP-7 is already running"), "{err}");
    let err = doc.fails(1, &["sprint", "close", "SP-8", "--to-backlog"]);
    assert!(err.contains("SP-8 is planned"), "{err}");
    let err = doc.fails(1, &["sprint", "plan", "SP-6", "S-20"]);
    assert!(err.contains("SP-6 is closed"), "{err}");
    let err = doc.fails(1, &["sprint", "close", "SP-7", "--carry-over-to", "SP-6"]);
    assert!(err.contains("SP-6 is closed"), "{err}");
    let err = doc.fails(1, &["sprint", "report", "SP-99"]);
    assert!(err.contains("no sprint SP-99"), "{err}");
}

#[test]
fn a_story_planned_mid_sprint_is_a_scope_change_in_the_report() {
    let doc = Doc::demo();
    doc.ok(&["sprint", "plan", "SP-7", "S-20"]);
    let report = doc.json_report("SP-7");
    // The demo pulled S-19 in on its own; S-20 is ours.
    let change = &report["scope_changes"][1];
    assert_eq!(
        (&change["story"], &change["change"]),
        (&Value::from("S-20"), &Value::from("added"))
    );
    assert_eq!(report["committed_points"], 36);
    let text = doc.ok(&["sprint", "report", "SP-7"]);
    for part in [
        "# Sprint 15 (SP-7): sprint review",
        "Goal: Returning customers",
        "## Done (3)",
        "## Not done (8)",
        "## Carry-over",
        "Not closed yet.",
        "added S-20",
        "## Burndown",
        " *\n",
    ] {
        assert!(text.contains(part), "no {part:?} in\n{text}");
    }
}

#[test]
fn sprint_show_current_answers_who_has_what_and_what_is_blocked() {
    let doc = Doc::demo();
    let text = doc.ok(&["sprint", "show", "--current"]);
    for part in [
        "SP-7  Sprint 15",
        "days left",
        "velocity   22.3 points (mean of SP-4 19, SP-5 22, SP-6 26)",
        // Open stories only, as the TUI counts them: ana's done S-8 is nobody's load.
        "who has what (open): ana 1 (5 pts), ben 1 (5 pts), chen 1 (8 pts), dara 1 (3 pts), \
         nobody 3 (7 pts)",
        "blocked: S-14 (by S-11)",
    ] {
        assert!(text.contains(part), "no {part:?} in\n{text}");
    }
    let ana = doc.ok(&["sprint", "show", "--current", "--assignee", "ana"]);
    assert!(ana.contains("S-12") && !ana.contains("S-13"), "{ana}");
    assert!(
        ana.contains("who has what (open): ana 1 (5 pts)\n"),
        "{ana}"
    );
    let ana = doc.json(&["sprint", "show", "--current", "--assignee", "ana"]);
    assert_eq!(ids(&ana["stories"]), ["S-8", "S-12"]);
    assert_eq!(
        ana["who_has_what"],
        serde_json::json!([{"assignee": "ana", "stories": 1, "points": 5}])
    );
    let all = doc.json(&["sprint", "show", "--current"]);
    let work = all["who_has_what"].as_array().expect("a list");
    assert_eq!(work.len(), 5);
    assert_eq!(
        work.last(),
        Some(&serde_json::json!({"assignee": null, "stories": 3, "points": 7}))
    );
    assert_eq!(all["velocity"]["sprints"][2]["id"], "SP-6");
    doc.ok(&["sprint", "close", "SP-7", "--to-backlog"]);
    let err = doc.fails(1, &["sprint", "show", "--current"]);
    assert!(err.contains("no sprint is active"), "{err}");
}

// ---------------------------------------------------------------- roadmap and check

#[test]
fn roadmap_shows_visions_then_now_next_later() {
    let doc = Doc::demo();
    let text = doc.ok(&["roadmap"]);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing from the roadmap: {text}"))
    };
    assert!(at("Effortless checkout") < at("\nNow\n"));
    assert!(at("goal: Checkout conversion: 3.1% -> 4%") < at("\nNow\n"));
    assert!(at("\nNow\n") < at("Guest checkout"));
    assert!(at("Guest checkout") < at("\nNext\n"));
    assert!(at("\nNext\n") < at("Order tracking"));
    assert!(at("\nLater\n") < at("Loyalty programme"));
    let guest = text
        .lines()
        .find(|l| l.contains("Guest checkout"))
        .expect("the epic's line");
    assert!(
        guest.contains("active") && guest.contains("4800.0") && guest.contains("pts ("),
        "{guest}"
    );
}

#[test]
fn check_passes_a_sound_file_and_lists_every_problem_of_a_broken_one() {
    let doc = Doc::demo();
    assert!(doc.ok(&["check"]).contains("no problems"));
    doc.edit_raw(|d| {
        let stories = d["stories"].as_array_mut().expect("stories");
        for story in stories.iter_mut() {
            match story["id"].as_str() {
                Some("S-1") => story["epic"] = Value::from("E-99"),
                Some("S-2") => story["blocked_by"] = serde_json::json!(["S-3"]),
                Some("S-3") => story["blocked_by"] = serde_json::json!(["S-2"]),
                _ => {}
            }
        }
    });
    let out = doc.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("story S-1 belongs to E-99, which does not exist"),
        "{stdout}"
    );
    assert!(
        stdout.contains("blocked-by cycle: S-2 -> S-3 -> S-2"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 problem(s)"));

    // Writes refuse the broken file; reads still work so it can be inspected.
    let err = doc.fails(1, &["story", "add", "x"]);
    assert!(err.contains("breaks 2 rule(s)"), "{err}");
    assert!(doc.ok(&["story", "show", "S-1"]).contains("E-99"));
}

#[test]
fn check_of_a_large_file_tells_a_broken_rule_in_its_first_story_and_its_last() {
    // 4,000 stories (3 MB): read in pieces on every core, each piece judged and dropped.
    let doc = Doc::new();
    let path = doc.path();
    std::fs::remove_file(&path).expect("removable");
    let file = path.to_str().expect("a UTF-8 path");
    doc.ok(&["demo", "--out", file, "--stories", "4000"]);
    assert!(doc.bytes().len() > 3_000_000);
    assert!(doc.ok(&["check"]).contains("no problems"));
    let text = String::from_utf8(doc.bytes()).expect("UTF-8");
    // The first story's epic and the last's, far apart in the file.
    let first = text.find("\"epic\": \"E-").expect("a story with an epic");
    let last = text.rfind("\"epic\": \"E-").expect("a story with an epic");
    let id_before = |at: usize| {
        let from = text[..at].rfind("\"id\": \"S-").expect("the story's id") + 7;
        text[from..from + text[from..].find('"').expect("closed")].to_string()
    };
    let (early, late) = (id_before(first), id_before(last));
    assert!(last - first > 2 << 20, "two pieces of 1 MiB apart");
    let mut broken = text.clone();
    for (at, to) in [(last, "E-98"), (first, "E-99")] {
        let end = at + broken[at..].find(",\n").expect("a line end");
        broken.replace_range(at..end, &format!("\"epic\": \"{to}\""));
    }
    std::fs::write(&path, &broken).expect("writable");
    let out = doc.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            format!("story {early} belongs to E-99, which does not exist"),
            format!("story {late} belongs to E-98, which does not exist"),
        ],
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 problem(s)"));
    assert_eq!(doc.bytes(), broken.as_bytes(), "check only reads");
}

#[test]
fn check_reports_a_file_that_does_not_parse() {
    let doc = Doc::new();
    std::fs::write(doc.path(), "{\n  \"schema\": 1,\n  \"name\": oops\n}\n").expect("writable");
    let err = doc.fails(1, &["check"]);
    assert!(err.contains("line 3, column"), "{err}");
}

// ---------------------------------------------------------------- which file

#[test]
fn file_flag_works_anywhere_on_the_line() {
    let doc = Doc::new();
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    let path = doc.path();
    let file = path.to_str().expect("UTF-8");
    let run = |args: &[&str]| {
        let out = roadlog(elsewhere.path())
            .args(args)
            .output()
            .expect("roadlog runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["--file", file, "story", "add", "first"]);
    run(&["story", "--file", file, "add", "second"]);
    run(&["story", "add", "third", "--file", file]);
    assert_eq!(ids(&doc.json(&["story", "list"])), ["S-1", "S-2", "S-3"]);
    assert!(!elsewhere.path().join("roadlog.json").exists());
}

#[test]
fn roadlog_file_is_used_when_no_flag_is_given() {
    let doc = Doc::new();
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    let out = roadlog(elsewhere.path())
        .env("ROADLOG_FILE", doc.path())
        .args(["story", "add", "from the environment"])
        .output()
        .expect("roadlog runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        doc.json(&["story", "show", "S-1"])["title"],
        "from the environment"
    );
}

#[test]
fn the_nearest_parent_document_is_found() {
    let doc = Doc::new();
    let deep = doc.dir.path().join("src").join("deep");
    std::fs::create_dir_all(&deep).expect("folders");
    let out = roadlog(&deep)
        .args(["story", "add", "from a subfolder"])
        .output()
        .expect("roadlog runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        doc.json(&["story", "show", "S-1"])["title"],
        "from a subfolder"
    );
    assert!(!deep.join("roadlog.json").exists());
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("big.json");
    let out = roadlog(dir.path())
        .args(["demo", "--stories", "3000", "--out"])
        .arg(&path)
        .output()
        .expect("roadlog runs");
    assert!(out.status.success());
    // Far more output than a pipe buffers, so roadlog is still writing when the reader goes.
    let mut child = roadlog(dir.path())
        .args(["story", "list", "--file"])
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("roadlog runs");
    let mut first = String::new();
    let stdout = child.stdout.take().expect("piped stdout");
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("a line");
    assert!(first.starts_with("RANK"), "{first}");
    let out = child.wait_with_output().expect("roadlog ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn a_missing_file_is_named_with_how_to_create_one() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("none.json");
    let out = roadlog(dir.path())
        .args(["story", "list", "--file"])
        .arg(&path)
        .output()
        .expect("roadlog runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: no roadlog document at"), "{err}");
    assert!(
        err.contains("none.json") && err.contains("roadlog init"),
        "{err}"
    );
    assert!(!path.exists());
}

// ---------------------------------------------------------------- refusals

#[test]
fn a_missing_id_is_refused_naming_the_thing_and_the_file() {
    let doc = Doc::new();
    doc.add(&["story", "add", "a"]);
    for args in [
        &["story", "show", "S-99"][..],
        &["story", "edit", "S-99", "--title", "x"],
        &["story", "move", "S-99", "--top"],
        &["story", "move", "S-1", "--before", "S-99"],
        &["story", "rm", "S-99"],
    ] {
        let err = doc.fails(1, args);
        assert!(
            err.starts_with("error: no story S-99 in "),
            "{args:?}: {err}"
        );
        assert!(err.contains("roadlog.json"), "{err}");
    }
    for (args, what) in [
        (&["epic", "show", "E-7"][..], "no epic E-7"),
        (&["epic", "rm", "E-7"], "no epic E-7"),
        (&["vision", "rm", "V-7"], "no vision V-7"),
        (&["sprint", "start", "SP-7"], "no sprint SP-7"),
        (&["sprint", "show", "SP-7"], "no sprint SP-7"),
        (&["story", "list", "--sprint", "SP-7"], "no sprint SP-7"),
        (&["story", "list", "--epic", "E-7"], "no epic E-7"),
    ] {
        let err = doc.fails(1, args);
        assert!(err.contains(what), "{args:?}: {err}");
    }
    let err = doc.fails(2, &["story", "show", "E-1"]);
    assert!(err.contains("'E-1' is not a story id"), "{err}");
}

#[test]
fn a_reference_to_a_missing_epic_sprint_or_vision_is_refused() {
    let doc = Doc::new();
    doc.add(&["story", "add", "a"]);
    for (args, says) in [
        (&["story", "add", "b", "--epic", "E-5"][..], "no epic E-5"),
        (&["story", "add", "b", "--sprint", "SP-5"], "no sprint SP-5"),
        (
            &["story", "edit", "S-1", "--sprint", "SP-5"],
            "no sprint SP-5",
        ),
        (&["sprint", "plan", "SP-5", "S-1"], "no sprint SP-5"),
        (&["epic", "add", "e", "--vision", "V-5"], "no vision V-5"),
        (
            &["story", "add", "b", "--blocked-by", "S-5"],
            "no story S-5",
        ),
    ] {
        let err = doc.fails(1, args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn bad_dates_and_values_are_usage_errors() {
    let doc = Doc::new();
    let err = doc.fails(
        2,
        &[
            "sprint",
            "add",
            "x",
            "--start",
            "2026-02-30",
            "--end",
            "2026-03-01",
        ],
    );
    assert!(
        err.contains("'2026-02-30' is not a date (YYYY-MM-DD)"),
        "{err}"
    );
    // A two-digit year would otherwise be the year 26.
    let err = doc.fails(2, &["epic", "add", "x", "--start", "26-01-05"]);
    assert!(
        err.contains("'26-01-05' is not a date (YYYY-MM-DD)"),
        "{err}"
    );
    let err = doc.fails(2, &["epic", "add", "x", "--target", "next week"]);
    assert!(err.contains("'next week' is not a date"), "{err}");
    let err = doc.fails(2, &["epic", "add", "x", "--horizon", "someday"]);
    assert!(err.contains("'someday' is not a horizon"), "{err}");
    let err = doc.fails(2, &["epic", "add", "x", "--reach", "10"]);
    assert!(err.contains("--impact"), "RICE inputs go together: {err}");
    let err = doc.fails(2, &["story", "list", "--sprint", "soon"]);
    assert!(err.contains("'soon' is not a sprint"), "{err}");
    let err = doc.fails(2, &["story", "add", "x", "--points", "lots"]);
    assert!(err.contains("'lots' is not a number of points"), "{err}");
}

#[test]
fn a_sprint_ending_before_it_starts_is_refused() {
    let doc = Doc::new();
    let err = doc.fails(
        1,
        &[
            "sprint",
            "add",
            "x",
            "--start",
            "2026-03-01",
            "--end",
            "2026-02-01",
        ],
    );
    assert!(
        err.contains("would end (2026-02-01) before it starts (2026-03-01)"),
        "{err}"
    );
    doc.add(&[
        "sprint",
        "add",
        "x",
        "--start",
        "2026-03-01",
        "--end",
        "2026-03-14",
    ]);
    let err = doc.fails(1, &["sprint", "edit", "SP-1", "--end", "2026-02-01"]);
    assert!(err.contains("before it starts"), "{err}");
}

#[test]
fn a_second_active_sprint_is_refused() {
    let doc = Doc::new();
    doc.add(&[
        "sprint",
        "add",
        "a",
        "--start",
        "2026-03-01",
        "--end",
        "2026-03-14",
    ]);
    doc.add(&[
        "sprint",
        "add",
        "b",
        "--start",
        "2026-03-15",
        "--end",
        "2026-03-28",
    ]);
    doc.ok(&["sprint", "start", "SP-1"]);
    let err = doc.fails(1, &["sprint", "start", "SP-2"]);
    assert!(err.contains("SP-1 is already active"), "{err}");
    let err = doc.fails(1, &["sprint", "close", "SP-2"]);
    assert!(
        err.contains("only the active sprint can be closed"),
        "{err}"
    );
}

#[test]
fn a_blocked_by_cycle_is_refused() {
    let doc = Doc::new();
    doc.add(&["story", "add", "a"]);
    doc.add(&["story", "add", "b", "--blocked-by", "S-1"]);
    doc.add(&["story", "add", "c", "--blocked-by", "S-2"]);
    let err = doc.fails(1, &["story", "edit", "S-1", "--blocked-by", "S-3"]);
    assert!(
        err.contains("blocked-by cycle: S-1 -> S-3 -> S-2 -> S-1"),
        "{err}"
    );
    let err = doc.fails(1, &["story", "edit", "S-1", "--blocked-by", "S-1"]);
    assert!(err.contains("cannot be blocked by itself"), "{err}");
}

#[test]
fn a_corrupt_file_is_left_unchanged_and_named_with_line_and_column() {
    let doc = Doc::demo();
    let mut bytes = doc.bytes();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(doc.path(), &bytes).expect("writable");
    for args in [
        &["story", "add", "x"][..],
        &["story", "list"],
        &["sprint", "start", "SP-3"],
    ] {
        let err = doc.fails(1, args);
        assert!(
            err.contains("roadlog.json is not valid roadlog JSON at line"),
            "{err}"
        );
        assert!(err.contains(", column "), "{err}");
    }
    assert_eq!(doc.bytes(), bytes);
}

#[test]
fn git_conflict_markers_are_reported_not_parsed() {
    let doc = Doc::new();
    doc.add(&["story", "add", "a"]);
    let text = String::from_utf8(doc.bytes()).expect("UTF-8");
    let conflicted = text.replacen("  \"stories\"", "<<<<<<< HEAD\n  \"stories\"", 1)
        + "=======\n>>>>>>> branch\n";
    std::fs::write(doc.path(), &conflicted).expect("writable");
    let err = doc.fails(1, &["story", "add", "b"]);
    assert!(err.contains("git conflict markers at line"), "{err}");
    let err = doc.fails(1, &["check"]);
    assert!(err.contains("git conflict markers"), "{err}");
}

#[test]
fn a_refused_command_leaves_the_file_byte_identical() {
    let doc = Doc::demo();
    let before = doc.bytes();
    doc.fails(
        1,
        &["story", "edit", "S-1", "--title", "x", "--epic", "E-99"],
    );
    doc.fails(1, &["sprint", "start", "SP-3"]);
    doc.fails(1, &["story", "add", "   "]);
    doc.fails(2, &["story", "add", "x", "--sprint", "soon"]);
    assert_eq!(doc.bytes(), before);
}

// ---------------------------------------------------------------- fixtures

/// A copy of `tests/fixtures/<kind>/<name>` in a fresh folder, so no test can change a fixture.
fn fixture(kind: &str, name: &str) -> Doc {
    let doc = Doc {
        dir: tempfile::tempdir().expect("a temporary folder"),
    };
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
        .join(name);
    std::fs::copy(&from, doc.path()).expect("the fixture exists");
    doc
}

#[test]
fn every_invalid_fixture_is_reported_by_check_and_never_written() {
    let cases = [
        (
            "truncated.json",
            "is not valid roadlog JSON at line 72, column 13",
        ),
        (
            "conflict-markers.json",
            "has git conflict markers at line 41",
        ),
        (
            "foreign.json",
            "is not a roadlog document: it has no 'schema' field",
        ),
        (
            "newer-schema.json",
            "was written by a newer roadlog (schema 99",
        ),
        (
            "dangling-epic.json",
            "story S-1 belongs to E-9, which does not exist",
        ),
        (
            "dangling-sprint.json",
            "story S-2 is planned into SP-9, which does not exist",
        ),
        (
            "blocked-by-cycle.json",
            "blocked-by cycle: S-1 -> S-3 -> S-2 -> S-1",
        ),
        (
            "two-active-sprints.json",
            "more than one sprint is active: SP-1, SP-2",
        ),
        (
            "end-before-start.json",
            "sprint SP-2 ends 2026-01-01 before it starts 2026-01-19",
        ),
        ("duplicate-id.json", "id S-1 is used more than once"),
        (
            "sprint-end-out-of-range.json",
            "sprint SP-1 has end date +262142-12-31; it must be in the years 1900 to 2200",
        ),
        (
            "sprint-too-long.json",
            "sprint SP-2 has length 1444 days (2026-01-19 to 2030-01-01); it must be 366 days or less",
        ),
        (
            "capacity-too-large.json",
            "sprint SP-2 has capacity 4294967295; it must be 100000 or less",
        ),
        (
            "epic-date-out-of-range.json",
            "epic E-1 has start date 1850-01-01; it must be in the years 1900 to 2200",
        ),
        (
            "rice-impact-out-of-range.json",
            "epic E-1 has RICE impact 99; it must be from 0.25 to 3",
        ),
        (
            "wsjf-negative.json",
            "epic E-1 has WSJF business value -1; it must be zero or more",
        ),
        (
            "points-off-the-scale.json",
            "story S-1 has points 4294967295 (the scale ends at 21); it must be within the points scale",
        ),
    ];
    let listed =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid"))
            .expect("the fixture folder")
            .count();
    assert_eq!(listed, cases.len(), "every invalid fixture has a case here");
    for (name, expected) in cases {
        let doc = fixture("invalid", name);
        let out = doc.run(&["check"]);
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{name}: {said}");
        assert!(said.contains(expected), "{name}: {said}");
        let err = doc.fails(1, &["story", "add", "x"]);
        assert!(
            err.starts_with("error: ") && err.contains("roadlog.json"),
            "{name}: {err}"
        );
    }
}

#[test]
fn valid_fixtures_pass_check_and_keep_fields_this_version_does_not_know() {
    for name in ["small.json", "unknown-fields.json"] {
        let doc = fixture("valid", name);
        assert!(doc.ok(&["check"]).contains("no problems"), "{name}");
        doc.ok(&["story", "edit", "S-1", "--title", "Renamed"]);
        assert_eq!(doc.json(&["story", "show", "S-1"])["title"], "Renamed");
    }
    let doc = fixture("valid", "unknown-fields.json");
    doc.ok(&["story", "add", "x"]);
    let saved: Value = serde_json::from_slice(&doc.bytes()).expect("valid JSON");
    assert_eq!(saved["x_future"], serde_json::json!({"kept": true}));
    assert_eq!(saved["stories"][0]["x_estimate_confidence"], "high");
}

// ---------------------------------------------------------------- concurrency

#[test]
fn two_processes_adding_stories_at_once_keep_every_story() {
    let doc = Doc::new();
    let path = doc.path();
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let path = path.clone();
            std::thread::spawn(move || {
                for n in 0..150 {
                    let out = Command::new(env!("CARGO_BIN_EXE_roadlog"))
                        .env_remove("ROADLOG_FILE")
                        .arg("--file")
                        .arg(&path)
                        .args(["story", "add", &format!("{who} {n}")])
                        .output()
                        .expect("roadlog runs");
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("a writer thread finished");
    }
    let stories = doc.json(&["story", "list"]);
    let list = stories.as_array().expect("a list");
    assert_eq!(list.len(), 300);
    let mut unique: Vec<&str> = ids(&stories);
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 300, "ids are unique");
    for who in ["a", "b"] {
        let mine: Vec<&str> = list
            .iter()
            .filter_map(|s| s["title"].as_str())
            .filter(|t| t.starts_with(who))
            .collect();
        let expected: Vec<String> = (0..150).map(|n| format!("{who} {n}")).collect();
        assert_eq!(
            mine, expected,
            "each writer's stories are all there, in order"
        );
    }
}

// ---------------------------------------------------------------- flow, templates, commits

#[path = "cli/flow.rs"]
mod flow;

#[path = "cli/templates.rs"]
mod templates;

#[path = "cli/backups.rs"]
mod backups;

#[path = "cli/commits.rs"]
mod commits;

// ---------------------------------------------------------------- goals and forecasts

#[path = "cli/goals.rs"]
mod goals;

#[path = "cli/forecast.rs"]
mod forecast;

#[path = "cli/conflicts.rs"]
mod conflicts;

#[path = "cli/sprint_start.rs"]
mod sprint_start;
