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

    // Done tasks count as finished, so flow figures work on the imported backlog.
    let flow = work.ok(&["report", "flow"]);
    assert!(flow.contains("576 stories finished"), "{flow}");

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

/// Found by the `import_taskwarrior` fuzz target: a source's date far outside the years a
/// document may hold used to pass the import and fail the save's check, which blamed the
/// document ("breaks 3 rules, run `roadlog check`"); now the source and its line are named,
/// in every importer, and so are points off the scale.
#[test]
fn a_source_date_or_points_out_of_range_is_refused_naming_the_source() {
    let work = Work::new();
    let tw = work.write(
        "tw.json",
        "[\n{\"uuid\":\"f0000000-0000-4000-8000-000000000001\",\"description\":\"Far\",\"status\":\"pending\",\"entry\":\"40480602T080000Z\"}\n]\n",
    );
    let err = work.refused(&["import", "taskwarrior", &tw]);
    assert!(
        err.contains("created must be in the years 1900 to 2200, not 4048-06-02 (")
            && err.contains("tw.json line 2)"),
        "{err}"
    );
    assert!(
        !err.contains("roadlog check"),
        "the document is not at fault: {err}"
    );

    let csv = work.write(
        "far.csv",
        "Summary,Created\nA,2026-01-05\nB,13/Mar/2401 10:00\n",
    );
    let err = work.refused(&["import", "csv", &csv]);
    assert!(
        err.contains("created must be in the years 1900 to 2200, not 2401-03-13 (")
            && err.contains("far.csv line 3)"),
        "{err}"
    );
    let points = work.write("points.csv", "Summary,Story Points\nA,3\nB,4000000000\n");
    let err = work.refused(&["import", "csv", &points]);
    assert!(
        err.contains(
            "points must be within the points scale, not 4000000000 (the scale ends at 21) ("
        ) && err.contains("points.csv line 3)"),
        "{err}"
    );

    work.write(
        "md/backlog/tasks/task-1 - Far.md",
        "---\nid: task-1\ntitle: Far\nstatus: To Do\ncreated_date: '1850-06-03 10:00'\n---\n",
    );
    let md = work.dir.path().join("md").to_string_lossy().into_owned();
    let err = work.refused(&["import", "backlog-md", &md]);
    assert!(
        err.contains("created must be in the years 1900 to 2200, not 1850-06-03 (")
            && err.contains("task-1 - Far.md"),
        "{err}"
    );
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

    // Finished at `end`: 2024-03-01 08:00 to 2024-03-05 17:00 is 4.375 days.
    let flow: Value = serde_json::from_str(&work.ok(&["report", "flow", "--json"])).expect("JSON");
    assert_eq!(flow["finished"][0]["lead_time_days"], 4.38);

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

/// The demo sample in a folder, with one story whose every field holds something a
/// spreadsheet or a CSV reader could trip on.
fn demo_with_tricky_story() -> Work {
    let work = Work {
        dir: tempfile::tempdir().expect("a temporary folder"),
    };
    work.ok(&["demo", "--out", "roadlog.json"]);
    work.ok(&[
        "story",
        "add",
        "=HYPERLINK(\"http://evil\",\"click\"), with \"quotes\"",
        "--as",
        "+shopper",
        "--want=-to pay; twice",
        "--so-that",
        "@once\tand for all",
        "--description=- a list\r\nsecond line, \"quoted\"\n'=not a formula",
        "--ac",
        "=1+1 holds",
        "--ac",
        "plain, with comma",
        "--label",
        "+1",
        "--label",
        "'quoted",
        "--assignee",
        "@ana",
        "--points",
        "8",
        "--epic",
        "E-2",
        "--sprint",
        "SP-8",
        "--blocked-by",
        "S-3",
    ]);
    let id = work.stories().last().expect("a story")["id"]
        .as_str()
        .expect("id")
        .to_string();
    work.ok(&["story", "edit", &id, "--ac-done", "2", "--status", "review"]);
    work
}

/// What the CSV round trip must keep of a story, links by their targets' titles.
fn fields(stories: &[Value], epics: &[Value], s: &Value) -> Value {
    let title_of = |id: &Value| {
        stories
            .iter()
            .find(|t| t["id"] == *id)
            .map(|t| t["title"].clone())
    };
    let epic = epics
        .iter()
        .find(|e| e["id"] == s["epic"])
        .map(|e| e["title"].clone());
    let blockers: Vec<Value> = s["blocked_by"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(title_of)
        .collect();
    serde_json::json!({
        "title": s["title"], "as_a": s["as_a"], "i_want": s["i_want"], "so_that": s["so_that"],
        "description": s["description"], "acceptance_criteria": s["acceptance_criteria"],
        "points": s["points"], "status": s["status"], "labels": s["labels"], "assignee": s["assignee"],
        "created": s["created"], "updated": s["updated"], "rank": s["rank"],
        "epic": epic, "blocked_by": blockers, "sprint_is_set": s["sprint"].is_string(),
    })
}

#[test]
fn csv_export_reads_back_losslessly_and_guards_formulas() {
    let from = demo_with_tricky_story();
    let csv = from.ok(&["export", "csv"]);
    assert!(
        csv.starts_with("Issue key,Summary,Status,Status Category,Story Points,Assignee,Labels,"),
        "{csv}"
    );
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\"), with \"\"quotes\"\"\""),
        "the title is guarded: {csv}"
    );
    assert!(
        csv.contains(",'+1,") && csv.contains(",'@ana,") && csv.contains(",'-to pay; twice,"),
        "{csv}"
    );
    assert!(
        !csv.lines()
            .any(|l| l.split(',').any(|c| c.starts_with(['=', '+', '@']))),
        "an unguarded cell"
    );

    let to = Work::new();
    let file = to.write("export.csv", &csv);
    to.ok(&["import", "csv", &file]);
    let (a, b) = (from.stories(), to.stories());
    let (ea, eb) = (from.epics(), to.epics());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(fields(&a, &ea, x), fields(&b, &eb, y));
        assert_eq!(
            y["external_key"], x["id"],
            "the key is the story's id where it came from"
        );
    }
    // The sprint names survive too, and exporting the copy gives the very same file.
    let sprint_of = |w: &Work, s: &Value| -> Value {
        let out = w.ok(&[
            "sprint",
            "show",
            s["sprint"].as_str().expect("a sprint"),
            "--json",
        ]);
        serde_json::from_str::<Value>(&out).expect("JSON")["name"].clone()
    };
    let tricky = a.last().expect("the tricky story");
    assert_eq!(
        sprint_of(&from, tricky),
        sprint_of(&to, b.last().expect("its copy"))
    );
    assert_eq!(to.ok(&["export", "csv"]), csv);

    // Imported back into the document it came from, it changes nothing.
    let before = fs::read(from.doc()).expect("the document");
    let again = from.ok(&["import", "csv", &from.write("back.csv", &csv)]);
    assert!(
        again.contains(&format!("0 created, 0 updated, {} unchanged", a.len())),
        "{again}"
    );
    assert_eq!(fs::read(from.doc()).expect("the document"), before);
}

#[test]
fn markdown_export_reads_as_a_roadmap_and_text_cannot_inject_markup() {
    let work = Work::new();
    work.ok(&[
        "vision",
        "add",
        "Calm checkout",
        "--target-group",
        "Mobile shoppers",
        "--goal",
        "Conversion: 3.1% -> 4%",
    ]);
    work.ok(&[
        "epic",
        "add",
        "# Not a heading <script>alert(1)</script> [x](http://evil)",
        "--horizon",
        "now",
        "--vision",
        "V-1",
        "--description",
        "Line one\n## Injected\n<img src=x>",
        "--reach",
        "100",
        "--impact",
        "2",
        "--confidence",
        "50",
        "--effort",
        "1",
        "--start",
        "2026-01-05",
        "--target",
        "2026-03-01",
    ]);
    work.ok(&["epic", "add", "Later thing\u{1b}[31m"]);
    let md = work.ok(&["export", "markdown"]);
    assert!(md.starts_with("# Imports: roadmap\n"), "{md}");
    assert!(md.contains("## Vision: Calm checkout"));
    assert!(md.contains("- **Target group:** Mobile shoppers"));
    // `3\.1` renders as 3.1: a number at the start of an escaped text could open a list.
    assert!(md.contains("  - Conversion: 3\\.1% → 4%"), "{md}");
    let title = md
        .lines()
        .find(|l| l.contains("Not a heading"))
        .expect("the epic's line");
    assert_eq!(
        title,
        r"### \# Not a heading \<script\>alert(1)\</script\> \[x\](http://evil) (E-1)"
    );
    let raw_html = md.match_indices('<').any(|(i, _)| !md[..i].ends_with('\\'));
    assert!(!raw_html, "an unescaped '<' would be HTML on GitHub: {md}");
    assert!(md.contains("\\#\\# Injected"), "{md}");
    assert!(
        !md.contains('\u{1b}'),
        "an escape sequence reached the file"
    );
    assert!(
        md.contains("- Score: 100.0 (RICE)") && md.contains("- Dates: 2026-01-05 to 2026-03-01"),
        "{md}"
    );
    let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        sections,
        [
            "## Vision: Calm checkout",
            "## Now",
            "## Next",
            "## Later",
            "## Active sprint"
        ]
    );
}

#[test]
fn out_never_replaces_a_file_without_force_and_keeps_the_documents_mode() {
    use std::os::unix::fs::PermissionsExt;
    let work = Work::new();
    fs::set_permissions(work.doc(), fs::Permissions::from_mode(0o640)).expect("chmod");
    let said = work.ok(&["export", "json", "--out", "copy.json"]);
    assert!(said.contains("wrote copy.json"), "{said}");
    let copy = work.dir.path().join("copy.json");
    assert_eq!(
        fs::read(&copy).expect("written"),
        fs::read(work.doc()).expect("the document")
    );
    assert_eq!(
        fs::metadata(&copy).expect("meta").permissions().mode() & 0o777,
        0o640
    );

    fs::write(&copy, "mine").expect("written");
    let err = work.refused(&["export", "markdown", "--out", "copy.json"]);
    assert!(err.contains("copy.json already exists"), "{err}");
    assert_eq!(fs::read_to_string(&copy).expect("kept"), "mine");
    work.ok(&["export", "markdown", "--out", "copy.json", "--force"]);
    assert!(
        fs::read_to_string(&copy)
            .expect("replaced")
            .starts_with("# Imports: roadmap")
    );
}

#[test]
fn out_never_writes_over_the_document_itself_even_with_force() {
    let work = Work::new();
    std::os::unix::fs::symlink("roadlog.json", work.dir.path().join("link.csv")).expect("link");
    fs::hard_link(work.doc(), work.dir.path().join("twin.csv")).expect("hard link");
    for out in ["roadlog.json", "./roadlog.json", "link.csv", "twin.csv"] {
        let err = work.refused(&["export", "csv", "--out", out, "--force"]);
        assert!(
            err.contains("is the document itself") && err.contains(out),
            "{out}: {err}"
        );
    }
    assert!(work.stories().is_empty(), "the document still loads");
}

#[test]
fn the_schema_accepts_the_demo_and_refuses_points_as_text() {
    let work = Work::new();
    let schema: Value = serde_json::from_str(&work.ok(&["schema"])).expect("JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let validator = jsonschema::draft202012::new(&schema).expect("a valid schema");

    work.ok(&["demo", "--out", "demo.json"]);
    let demo: Value =
        serde_json::from_str(&fs::read_to_string(work.dir.path().join("demo.json")).expect("demo"))
            .expect("JSON");
    let errors: Vec<String> = validator
        .iter_errors(&demo)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    let mut broken = demo.clone();
    broken["stories"][0]["points"] = Value::from("5");
    assert!(!validator.is_valid(&broken), "points as text passed");
    let mut broken = demo;
    broken["stories"][1]["status"] = Value::from("doing");
    assert!(!validator.is_valid(&broken), "an unknown status passed");
}

#[test]
fn roadmap_json_gives_each_epic_row() {
    let work = Work::new();
    work.ok(&["demo", "--out", "demo.json"]);
    let out = work.ok(&["roadmap", "--json", "--file", "demo.json"]);
    let rows: Vec<Value> = serde_json::from_str(&out).expect("JSON");
    assert_eq!(rows.len(), 6);
    let horizons: Vec<&str> = rows.iter().filter_map(|r| r["horizon"].as_str()).collect();
    let mut sorted = horizons.clone();
    sorted.sort_by_key(|h| ["now", "next", "later"].iter().position(|x| x == h));
    assert_eq!(horizons, sorted, "Now, then Next, then Later");
    let first = &rows[0];
    for key in [
        "epic",
        "title",
        "status",
        "rank",
        "progress",
        "score",
        "start",
        "target",
        "points_done",
    ] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert!(
        first["progress"]
            .as_f64()
            .is_some_and(|p| (0.0..=1.0).contains(&p))
    );
}

#[test]
fn a_key_given_twice_imports_once_with_a_note() {
    let work = Work::new();
    let file = work.write("twice.csv", "Summary,Issue key\nFirst,K-1\nAgain,K-1\n");
    let summary = work.ok(&["import", "csv", &file]);
    assert!(summary.contains("stories: 1 created"), "{summary}");
    assert!(
        summary.contains("twice.csv line 3: 'K-1' came earlier in the source too"),
        "{summary}"
    );
    assert_eq!(work.stories()[0]["title"], "First");
}
