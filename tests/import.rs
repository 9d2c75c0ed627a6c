//! `roadlog import` and `roadlog export` through the real binary, on sources written by the
//! tests (and, in the #[ignore]d tests, the real Backlog.md folder in ../shared/data).

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

const BACKLOG_MD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/backlog-md");

/// A folder with an empty `roadlog.json`, where sources are written too.
struct Work {
    dir: TempDir,
}

impl Work {
    fn new() -> Work {
        let work = Work {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        work.ok(&["init", "--name", "Imports"]);
        work
    }

    fn doc(&self) -> PathBuf {
        self.dir.path().join("roadlog.json")
    }

    /// Writes `text` to `name` under the folder, making folders as needed; returns the path.
    fn write(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        fs::write(&path, text).expect("written");
        path.to_string_lossy().into_owned()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_roadlog"))
            .current_dir(self.dir.path())
            .env_remove("ROADLOG_FILE")
            .env("COLUMNS", "200")
            .args(args)
            .output()
            .expect("roadlog runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "roadlog {args:?}: {err}");
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// A command that must be refused (exit 1) and leave the document as it was.
    fn refused(&self, args: &[&str]) -> String {
        let before = fs::read(self.doc()).expect("the document");
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "roadlog {args:?} was not refused"
        );
        assert_eq!(
            fs::read(self.doc()).expect("the document"),
            before,
            "{args:?} changed the document"
        );
        String::from_utf8(out.stderr).expect("UTF-8 errors")
    }

    fn stories(&self) -> Vec<Value> {
        let out = self.ok(&["story", "list", "--json"]);
        match serde_json::from_str(&out).expect("JSON") {
            Value::Array(list) => list,
            other => panic!("not a list: {other}"),
        }
    }

    fn epics(&self) -> Vec<Value> {
        let out = self.ok(&["epic", "list", "--json"]);
        match serde_json::from_str(&out).expect("JSON") {
            Value::Array(list) => list,
            other => panic!("not a list: {other}"),
        }
    }
}

fn by_key<'a>(stories: &'a [Value], key: &str) -> &'a Value {
    stories
        .iter()
        .find(|s| s["external_key"] == key)
        .unwrap_or_else(|| panic!("no story imported as {key}"))
}

fn criteria(story: &Value) -> Vec<(bool, String)> {
    story["acceptance_criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .map(|c| {
            (
                c["done"] == true,
                c["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn count_status(stories: &[Value], status: &str) -> usize {
    stories.iter().filter(|s| s["status"] == status).count()
}

#[test]
#[ignore = "reads the real Backlog.md folder in ../shared/data, absent on a fresh machine"]
fn the_real_backlog_md_folder_imports_completely_and_once() {
    let work = Work::new();
    let summary = work.ok(&["import", "backlog-md", BACKLOG_MD]);
    assert!(
        summary.contains("stories: 628 created, 0 updated, 0 unchanged"),
        "{summary}"
    );
    assert!(
        summary.contains("45 archived tasks") && summary.contains("1 archived drafts"),
        "{summary}"
    );

    let stories = work.stories();
    assert_eq!(stories.len(), 628);
    assert_eq!(count_status(&stories, "done"), 576);
    assert_eq!(count_status(&stories, "ready"), 37);
    assert_eq!(count_status(&stories, "draft"), 15);

    let arm = by_key(&stories, "BACK-467");
    assert_eq!(
        arm["title"],
        "Build win32-arm64 release binary on a Linux runner"
    );
    let ticks: Vec<bool> = criteria(arm).iter().map(|c| c.0).collect();
    assert_eq!(ticks, [true, true, false]);
    assert!(
        criteria(arm)[2]
            .1
            .starts_with("Release workflow proceeds past the build stage")
    );
    assert!(
        arm["description"]
            .as_str()
            .unwrap_or_default()
            .starts_with("The v1.45.2 release")
    );
    assert!(
        arm["labels"]
            .as_array()
            .expect("labels")
            .contains(&Value::from("priority:high"))
    );
    assert_eq!(arm["assignee"], "claude");
    assert_eq!(arm["created"], "2026-05-30T18:14:00Z");

    // Milestones, archived ones too, are epics with their titles; tasks find them by id,
    // by title and by the old `M3 - GUI` form.
    let epics = work.epics();
    let titles: Vec<&str> = epics.iter().filter_map(|e| e["title"].as_str()).collect();
    for t in [
        "New Milestones UI",
        "Agent CLI Workflow",
        "TUI Task Composer",
        "CLI Development",
        "GUI Development",
    ] {
        assert!(titles.contains(&t), "{titles:?}");
    }
    let gui = epics
        .iter()
        .find(|e| e["title"] == "GUI Development")
        .expect("GUI epic");
    let gui_stories: Vec<&Value> = stories.iter().filter(|s| s["epic"] == gui["id"]).collect();
    assert_eq!(gui_stories.len(), 4, "the M3 - GUI drafts");
    assert_eq!(gui["status"], "dropped", "archived with open drafts");
    let composer = by_key(&stories, "BACK-543");
    let m8 = epics
        .iter()
        .find(|e| e["external_key"] == "m-8")
        .expect("m-8");
    assert_eq!(composer["epic"], m8["id"]);

    // Dependencies, in either id spelling, are blocked-by links.
    let claude = by_key(&stories, "BACK-200");
    let blockers: Vec<&Value> = ["BACK-24.1", "BACK-208"]
        .iter()
        .map(|k| &by_key(&stories, k)["id"])
        .collect();
    assert_eq!(
        claude["blocked_by"]
            .as_array()
            .expect("blockers")
            .iter()
            .collect::<Vec<_>>(),
        blockers
    );
    // A subtask names its parent.
    let sub = by_key(&stories, "BACK-24.1");
    assert!(
        sub["labels"]
            .as_array()
            .expect("labels")
            .contains(&Value::from("parent:BACK-24"))
    );

    let before = fs::read(work.doc()).expect("the document");
    let again = work.ok(&["import", "backlog-md", BACKLOG_MD]);
    assert!(
        again.contains("stories: 0 created, 0 updated, 628 unchanged"),
        "{again}"
    );
    assert_eq!(
        fs::read(work.doc()).expect("the document"),
        before,
        "a second import changed the file"
    );
}

/// A small Backlog.md folder with the shapes the real one has.
fn small_backlog(work: &Work) -> String {
    work.write(
        "src/backlog/tasks/task-1 - First.md",
        "---\nid: task-1\ntitle: \"First: quoted\"\nstatus: To Do\nassignee: @ana\ncreated_date: 2025-06-03\nlabels: [cli]\npriority: high\ndependencies: []\nordinal: 2000\n---\n\n## Description\n\nThe first.\n\n## Acceptance Criteria\n\n- [x] One\n- [ ] Two\n",
    );
    work.write(
        "src/backlog/tasks/task-2 - Second.md",
        "---\nid: task-2\ntitle: Second\nstatus: Blocked upstream\nassignee: []\ncreated_date: '2025-06-04 10:30'\nlabels: []\ndependencies: [task-1]\nmilestone: m-1\nordinal: 1000\n---\n\n## Description\n\nSecond.\n",
    );
    work.write(
        "src/backlog/milestones/m-1 - one.md",
        "---\nid: m-1\ntitle: \"Release one\"\n---\n\n## Description\n\nThe first release.\n",
    );
    work.write(
        "src/backlog/archive/tasks/task-3 - Old.md",
        "---\nid: task-3\ntitle: Old\nstatus: Done\n---\n",
    );
    work.dir.path().join("src").to_string_lossy().into_owned()
}

#[test]
fn a_backlog_md_folder_becomes_stories_and_an_unknown_status_is_reported() {
    let work = Work::new();
    let project = small_backlog(&work);
    let preview = work.ok(&["import", "backlog-md", &project, "--dry-run"]);
    assert!(
        preview.contains("create new     task-1       First: quoted"),
        "{preview}"
    );
    assert!(preview.contains("stories: 2 would create"), "{preview}");
    assert!(work.stories().is_empty(), "a dry run imported");

    let summary = work.ok(&["import", "backlog-md", &project]);
    assert!(
        summary.contains("stories: 2 created") && summary.contains("1 archived tasks"),
        "{summary}"
    );
    assert!(summary.contains("status 'Blocked upstream'"), "{summary}");
    let stories = work.stories();
    // Ordinals give the order: task-2 (1000) before task-1 (2000).
    assert_eq!(stories[0]["external_key"], "task-2");
    let first = by_key(&stories, "task-1");
    assert_eq!(first["status"], "ready");
    assert_eq!(first["assignee"], "ana");
    assert_eq!(
        criteria(first),
        [(true, "One".to_string()), (false, "Two".to_string())]
    );
    let second = by_key(&stories, "task-2");
    assert_eq!(second["status"], "draft");
    assert_eq!(second["blocked_by"][0], first["id"]);
    assert_eq!(work.epics()[0]["title"], "Release one");
    let shown = work.ok(&["story", "show", first["id"].as_str().expect("an id")]);
    assert!(shown.contains("imported as  task-1"), "{shown}");
}

#[test]
fn a_broken_task_file_names_file_and_line_and_changes_nothing() {
    let work = Work::new();
    let project = small_backlog(&work);
    work.write(
        "src/backlog/tasks/task-9 - Broken.md",
        "---\nid: task-9\ntitle: Broken\nlabels: [open\n---\n",
    );
    let err = work.refused(&["import", "backlog-md", &project]);
    assert!(err.contains("task-9 - Broken.md line 4:"), "{err}");
    work.write(
        "src/backlog/tasks/task-9 - Broken.md",
        "---\nid: task-9\ntitle: Broken\ncreated_date: 2025-13-45\n---\n",
    );
    let err = work.refused(&["import", "backlog-md", &project]);
    assert!(
        err.contains("task-9 - Broken.md line 4: '2025-13-45' is not a date"),
        "{err}"
    );
    let err = work.refused(&[
        "import",
        "backlog-md",
        work.dir.path().to_str().expect("UTF-8"),
    ]);
    assert!(err.contains("is not a Backlog.md folder"), "{err}");
}

#[test]
fn read_only_refuses_an_import_but_allows_a_dry_run() {
    let work = Work::new();
    let project = small_backlog(&work);
    let err = work.refused(&["--read-only", "import", "backlog-md", &project]);
    assert!(err.contains("--read-only"), "{err}");
    work.ok(&["--read-only", "import", "backlog-md", &project, "--dry-run"]);
}

#[test]
fn an_edited_source_updates_the_stories_it_made() {
    let work = Work::new();
    let project = small_backlog(&work);
    work.ok(&["import", "backlog-md", &project]);
    let id = by_key(&work.stories(), "task-1")["id"]
        .as_str()
        .expect("an id")
        .to_string();
    work.ok(&["story", "edit", &id, "--points", "5"]);
    work.write(
        "src/backlog/tasks/task-1 - First.md",
        "---\nid: task-1\ntitle: First, renamed\nstatus: In Progress\ncreated_date: 2025-06-03\n---\n\n## Acceptance Criteria\n\n- [x] One\n- [x] Two\n",
    );
    let summary = work.ok(&["import", "backlog-md", &project]);
    assert!(
        summary.contains("stories: 0 created, 1 updated, 1 unchanged"),
        "{summary}"
    );
    let stories = work.stories();
    assert_eq!(stories.len(), 2);
    let first = by_key(&stories, "task-1");
    assert_eq!(first["title"], "First, renamed");
    assert_eq!(first["status"], "in-progress");
    assert_eq!(first["points"], 5, "what the source does not say stays");
    assert_eq!(criteria(first).iter().filter(|c| c.0).count(), 2);
}

/// A Jira "all fields" export with its quirks: a byte-order mark, CRLF line ends, a quoted
/// multi-line cell with commas and doubled quotes, repeated Labels and Sprint columns, an
/// epic row, parents by key and by issue id, a sub-task of a story, a custom status known
/// only by its category, Jira's dates and fractional story points.
const JIRA: &str = "\u{feff}Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Created,Updated,Labels,Labels,Sprint,Sprint,Custom field (Story Points),Custom field (Epic Link),Custom field (Epic Name),Parent id,Parent,Description,Status Category,Inward issue link (Blocks)\r\n\
Checkout revamp,SHOP-1,10001,Epic,In Progress,Medium,,01/Mar/24 9:00 AM,02/Mar/24 9:00 AM,,,,,,,Checkout,,,The epic,In Progress,\r\n\
Pay as guest,SHOP-2,10002,Story,To Do,High,Ana,13/Mar/24 10:00 AM,14/Mar/24 1:30 PM,payments,mobile,Sprint 1,Sprint 2,5,SHOP-1,,,,\"Line one\r\nLine two, with a comma and \"\"quotes\"\"\",To Do,\r\n\
Fix rounding,SHOP-3,10003,Bug,Awaiting Deploy,,,13/Mar/24 11:00 AM,15/Mar/24 11:00 AM,,,,,,,,,10001,,Done,SHOP-2\r\n\
Write tests,SHOP-4,10004,Sub-task,In Review,,Bo,13/Mar/24 12:00 PM,13/Mar/24 12:00 PM,,,,,2.5,,,10002,,,In Progress,\r\n\
Loose task,SHOP-5,10005,Task,Selected for Development,,,13/Mar/24 12:00 PM,13/Mar/24 12:00 PM,,,,,,,,,,,To Do,\r\n";

fn label_list(story: &Value) -> Vec<&str> {
    story["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

#[test]
fn a_jira_csv_with_every_quirk_imports_and_imports_again_unchanged() {
    let work = Work::new();
    let file = work.write("jira.csv", JIRA);
    let summary = work.ok(&["import", "csv", &file]);
    assert!(summary.contains("stories: 4 created"), "{summary}");
    assert!(summary.contains("epics: 1 created"), "{summary}");
    assert!(
        summary.contains("2.5 story points rounded up to 3"),
        "{summary}"
    );
    assert!(summary.contains("Sprint 2"), "{summary}");

    let stories = work.stories();
    let epics = work.epics();
    assert_eq!(epics.len(), 1);
    assert_eq!(epics[0]["title"], "Checkout");
    assert_eq!(epics[0]["status"], "active");
    assert_eq!(epics[0]["external_key"], "SHOP-1");

    let pay = by_key(&stories, "SHOP-2");
    assert_eq!(pay["status"], "ready");
    assert_eq!(pay["assignee"], "Ana");
    assert_eq!(pay["points"], 5);
    assert_eq!(pay["epic"], epics[0]["id"]);
    assert_eq!(
        pay["description"],
        "Line one\r\nLine two, with a comma and \"quotes\""
    );
    assert_eq!(pay["created"], "2024-03-13T10:00:00Z");
    assert_eq!(pay["updated"], "2024-03-14T13:30:00Z");
    for l in ["payments", "mobile", "type:story", "priority:high"] {
        assert!(label_list(pay).contains(&l), "{l} in {:?}", label_list(pay));
    }
    let sprints = work.ok(&["sprint", "list"]);
    assert!(
        sprints.contains("Sprint 2") && !sprints.contains("Sprint 1"),
        "the last sprint is the story's: {sprints}"
    );
    assert!(pay["sprint"].is_string());

    let fix = by_key(&stories, "SHOP-3");
    assert_eq!(fix["status"], "done", "known by its category");
    assert_eq!(fix["epic"], epics[0]["id"], "parent by issue id");
    assert_eq!(fix["blocked_by"][0], pay["id"]);
    let sub = by_key(&stories, "SHOP-4");
    assert_eq!(sub["status"], "review");
    assert_eq!(sub["points"], 3);
    assert_eq!(
        sub["epic"], epics[0]["id"],
        "a sub-task is in its story's epic"
    );
    assert!(
        label_list(sub).contains(&"parent:SHOP-2") && label_list(sub).contains(&"type:sub-task")
    );
    let loose = by_key(&stories, "SHOP-5");
    assert_eq!(loose["status"], "ready");
    assert_eq!(loose["epic"], Value::Null);

    let before = fs::read(work.doc()).expect("the document");
    let again = work.ok(&["import", "csv", &file]);
    assert!(
        again.contains("stories: 0 created, 0 updated, 4 unchanged"),
        "{again}"
    );
    assert_eq!(fs::read(work.doc()).expect("the document"), before);
}

#[test]
fn a_broken_csv_names_its_line_and_changes_nothing() {
    let work = Work::new();
    let open = work.write(
        "open.csv",
        "Summary,Issue key\r\nFine,A-1\r\n\"Never closed,A-2\r\nNext,A-3\r\n",
    );
    let err = work.refused(&["import", "csv", &open]);
    assert!(
        err.contains("open.csv line 3: a quoted cell opens here and is never closed"),
        "{err}"
    );
    let no_summary = work.write("nosummary.csv", "Title,Issue key\nFine,A-1\n");
    let err = work.refused(&["import", "csv", &no_summary]);
    assert!(
        err.contains("nosummary.csv line 1: no 'Summary' column"),
        "{err}"
    );
    let bad_date = work.write("date.csv", "Summary,Created\nA,yesterday\n");
    let err = work.refused(&["import", "csv", &bad_date]);
    assert!(
        err.contains("date.csv line 2: 'yesterday' in 'Created' is not a date"),
        "{err}"
    );
    let err = work.refused(&["import", "csv", "missing.csv"]);
    assert!(err.contains("missing.csv"), "{err}");
}

/// `task export` as Taskwarrior 2.6 and 3.x print it.
const TASKWARRIOR: &str = r#"[
{"id":1,"description":"Water the roses","entry":"20240301T080000Z","modified":"20240302T090000Z","project":"Home.Garden","status":"pending","tags":["outside","weekly"],"priority":"H","uuid":"a1a1a1a1-0000-4000-8000-000000000001","urgency":9.2,"annotations":[{"entry":"20240302T090000Z","description":"use the rain barrel"}],"depends":["a1a1a1a1-0000-4000-8000-000000000003"]},
{"id":0,"description":"Buy compost","end":"20240305T170000Z","entry":"20240301T080000Z","modified":"20240305T170000Z","project":"Home.Garden","status":"completed","uuid":"a1a1a1a1-0000-4000-8000-000000000003","urgency":1.5},
{"id":0,"description":"Old idea","entry":"20240101T080000Z","modified":"20240102T080000Z","status":"deleted","uuid":"a1a1a1a1-0000-4000-8000-000000000004","urgency":0},
{"id":2,"description":"Plan the shed","entry":"20240303T080000Z","modified":"20240303T080000Z","status":"waiting","wait":"20240401T000000Z","uuid":"a1a1a1a1-0000-4000-8000-000000000005","urgency":12.0,"depends":"a1a1a1a1-0000-4000-8000-000000000001,a1a1a1a1-0000-4000-8000-000000000003"}
]
"#;

#[test]
fn a_taskwarrior_export_imports_ranked_by_urgency() {
    let work = Work::new();
    let file = work.write("tasks.json", TASKWARRIOR);
    let summary = work.ok(&["import", "taskwarrior", &file]);
    assert!(summary.contains("stories: 3 created"), "{summary}");
    assert!(summary.contains("skipped: 1 deleted tasks"), "{summary}");
    let stories = work.stories();
    let order: Vec<&str> = stories.iter().filter_map(|s| s["title"].as_str()).collect();
    assert_eq!(order, ["Plan the shed", "Water the roses", "Buy compost"]);
    let roses = &stories[1];
    assert_eq!(roses["status"], "ready");
    assert_eq!(
        roses["description"],
        "- 2024-03-02 09:00: use the rain barrel"
    );
    assert_eq!(roses["created"], "2024-03-01T08:00:00Z");
    assert_eq!(roses["updated"], "2024-03-02T09:00:00Z");
    assert_eq!(label_list(roses), ["outside", "weekly", "priority:high"]);
    assert_eq!(roses["blocked_by"][0], stories[2]["id"]);
    let epics = work.epics();
    assert_eq!(epics.len(), 1);
    assert_eq!(epics[0]["title"], "Home.Garden");
    assert_eq!(roses["epic"], epics[0]["id"]);
    assert_eq!(stories[2]["status"], "done");
    let shed = &stories[0];
    assert_eq!(shed["status"], "ready");
    assert!(label_list(shed).contains(&"wait:2024-04-01"));
    assert_eq!(shed["blocked_by"].as_array().map(Vec::len), Some(2));
    assert_eq!(shed["external_key"], "a1a1a1a1-0000-4000-8000-000000000005");

    // From standard input, a second time: nothing changes.
    let before = fs::read(work.doc()).expect("the document");
    let mut child = Command::new(env!("CARGO_BIN_EXE_roadlog"))
        .current_dir(work.dir.path())
        .env_remove("ROADLOG_FILE")
        .args(["import", "taskwarrior", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("roadlog runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(TASKWARRIOR.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("it ends");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 created, 0 updated, 3 unchanged"), "{text}");
    assert_eq!(fs::read(work.doc()).expect("the document"), before);

    let broken = work.write(
        "broken.json",
        "[\n{\"uuid\":\"x\",\"status\":\"pending\",\n",
    );
    let err = work.refused(&["import", "taskwarrior", &broken]);
    assert!(
        err.contains("broken.json line 3: not a Taskwarrior export"),
        "{err}"
    );
}
