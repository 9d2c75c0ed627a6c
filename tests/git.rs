//! roadlog and git in a real temporary repository: `git-setup`, two branches merged by the
//! driver, a same-field conflict reported to git and settled with `roadlog resolve`, and a
//! document git merged as text put right with `roadlog git-resolve`.

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

/// A repository with a roadlog.json of two stories (S-1, S-2) committed on `main`.
struct Repo {
    dir: TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main", "."]);
        repo.ok(&["init", "--name", "Shop"]);
        repo.ok(&["story", "add", "First"]);
        repo.ok(&["story", "add", "Second"]);
        repo
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("roadlog.json")
    }

    /// Git with no user or system configuration, so the test sees only what roadlog wrote.
    fn git_command(&self) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(self.dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Tess")
            .env("GIT_AUTHOR_EMAIL", "tess@example.com")
            .env("GIT_COMMITTER_NAME", "Tess")
            .env("GIT_COMMITTER_EMAIL", "tess@example.com");
        cmd
    }

    fn git(&self, args: &[&str]) -> Output {
        let out = self.git_command().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_roadlog"))
            .current_dir(self.dir.path())
            .env_remove("ROADLOG_FILE")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "roadlog {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn branch(&self, name: &str) {
        self.git(&["checkout", "-q", "-b", name]);
    }

    fn checkout(&self, name: &str) {
        self.git(&["checkout", "-q", name]);
    }

    fn merge(&self, branch: &str) -> Output {
        self.git_command()
            .args(["merge", "--no-edit", branch])
            .output()
            .unwrap()
    }

    fn doc(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.path()).unwrap()).unwrap()
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default()
    }
}

fn stories(doc: &Value) -> Vec<&Value> {
    doc["stories"].as_array().unwrap().iter().collect()
}

fn story<'a>(doc: &'a Value, id: &str) -> &'a Value {
    stories(doc).into_iter().find(|s| s["id"] == id).unwrap()
}

fn by_title<'a>(doc: &'a Value, title: &str) -> &'a Value {
    stories(doc)
        .into_iter()
        .find(|s| s["title"] == title)
        .unwrap_or_else(|| panic!("no story titled {title}"))
}

#[test]
fn git_setup_says_what_it_wrote_and_a_second_run_changes_nothing() {
    let repo = Repo::new();
    let out = repo.ok(&["git-setup"]);
    assert!(
        out.contains("added to .gitattributes: /roadlog.json merge=roadlog"),
        "{out}"
    );
    assert!(
        out.contains("set merge.roadlog.driver in .git/config"),
        "{out}"
    );
    assert!(out.contains("added to .gitignore"), "{out}");
    assert!(
        repo.read(".gitattributes")
            .lines()
            .any(|l| l == "/roadlog.json merge=roadlog")
    );
    let ignore = repo.read(".gitignore");
    for line in [
        "/roadlog.json.lock",
        "/.roadlog.json.roadlog-*.tmp",
        "/.roadlog.json.backups/",
        "/roadlog.json*.recovery",
    ] {
        assert!(
            ignore.lines().any(|l| l == line),
            "{line} not in:\n{ignore}"
        );
    }
    // Every name a recovery file gets is ignored, the numbered ones too; the document not.
    let ignored = |name: &str| {
        let out = repo
            .git_command()
            .args(["check-ignore", "-q", name])
            .output();
        out.unwrap().status.success()
    };
    for name in ["roadlog.json.recovery", "roadlog.json-2.recovery"] {
        assert!(ignored(name), "{name} is not ignored");
    }
    assert!(!ignored("roadlog.json"));
    let driver = repo.git(&["config", "--get", "merge.roadlog.driver"]);
    let driver = String::from_utf8(driver.stdout).unwrap();
    assert!(driver.trim().ends_with("merge-driver %O %A %B"), "{driver}");

    let files = |r: &Repo| {
        (
            r.read(".gitattributes"),
            r.read(".gitignore"),
            r.read(".git/config"),
        )
    };
    let before = files(&repo);
    let again = repo.ok(&["git-setup"]);
    assert!(again.contains("nothing changed"), "{again}");
    assert_eq!(files(&repo), before);
}

#[test]
fn git_setup_outside_a_repository_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_roadlog"))
        .current_dir(dir.path())
        .env_remove("ROADLOG_FILE")
        .args(["init"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_roadlog"))
        .current_dir(dir.path())
        .env_remove("ROADLOG_FILE")
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .args(["git-setup"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is not in a git repository"), "{stderr}");
    assert!(!dir.path().join(".gitattributes").exists());
}

/// The acceptance: each branch adds a story, one renames S-1, the other sets S-2's points;
/// git merges with the driver, keeping all four changes with unique ids, and a story that
/// blocks another and is renumbered keeps the link.
#[test]
fn two_branches_merge_by_entity_with_unique_ids_and_links_kept() {
    let repo = Repo::new();
    repo.ok(&["git-setup"]);
    repo.commit_all("backlog");

    repo.branch("feature");
    repo.ok(&["story", "add", "Feature story"]);
    repo.ok(&["story", "edit", "S-1", "--title", "First, renamed"]);
    repo.commit_all("feature");

    repo.checkout("main");
    repo.ok(&["story", "add", "Main story"]);
    repo.ok(&[
        "story",
        "add",
        "Waits on the main story",
        "--blocked-by",
        "S-3",
    ]);
    repo.ok(&["story", "edit", "S-2", "--points", "5"]);
    repo.commit_all("main");

    let out = repo.merge("feature");
    assert!(
        out.status.success(),
        "git merge failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = repo.doc();
    assert_eq!(story(&doc, "S-1")["title"], "First, renamed");
    assert_eq!(story(&doc, "S-2")["points"], 5);
    let feature = by_title(&doc, "Feature story");
    let main = by_title(&doc, "Main story");
    assert_eq!(feature["id"], "S-3", "the merged-in branch keeps its id");
    assert_eq!(main["id"], "S-5", "ours is renumbered past every id");
    let waiting = by_title(&doc, "Waits on the main story");
    assert_eq!(waiting["blocked_by"], serde_json::json!(["S-5"]));
    let ids: HashSet<&str> = stories(&doc)
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 5);
    assert_eq!(doc["next_ids"]["story"], 6);
    assert!(repo.ok(&["check"]).contains("no problems"));
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.stdout.is_empty(), "the merge left the tree dirty");
}

#[test]
fn a_same_field_edit_is_reported_to_git_keeps_both_values_and_resolve_settles_it() {
    let repo = Repo::new();
    repo.ok(&["git-setup"]);
    repo.commit_all("backlog");
    repo.branch("other");
    repo.ok(&["story", "edit", "S-2", "--title", "Second, per other"]);
    repo.commit_all("other");
    repo.checkout("main");
    repo.ok(&["story", "edit", "S-2", "--title", "Second, per main"]);
    repo.commit_all("main");

    let out = repo.merge("other");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "git took a conflicted merge: {said}");
    assert!(said.contains("CONFLICT S-2 title"), "{said}");
    // A valid document holding both values.
    let doc = repo.doc();
    assert_eq!(story(&doc, "S-2")["title"], "Second, per main");
    assert_eq!(doc["conflicts"][0]["theirs"], "Second, per other");
    assert!(
        !std::fs::read_to_string(repo.path())
            .unwrap()
            .contains("<<<<<<<")
    );
    let check = repo.run(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("open conflict on S-2 title"));

    let settled = repo.ok(&["resolve", "S-2", "title", "--take", "theirs"]);
    assert!(
        settled.contains("settled S-2 title: \"Second, per other\""),
        "{settled}"
    );
    let doc = repo.doc();
    assert_eq!(story(&doc, "S-2")["title"], "Second, per other");
    assert!(doc.get("conflicts").is_none(), "the record is gone");
    repo.commit_all("merged");
    assert!(repo.ok(&["check"]).contains("no problems"));
}

/// Without the driver, git merges the JSON as text: neighbouring lines changed on both
/// sides (a story's title and its "as a") give conflict markers, which roadlog explains, and
/// `git-resolve` merges by entity from git's three versions.
#[test]
fn a_document_git_merged_as_text_is_explained_and_git_resolve_merges_it() {
    let repo = Repo::new();
    repo.commit_all("backlog");
    repo.branch("other");
    repo.ok(&["story", "edit", "S-1", "--title", "First, per other"]);
    repo.ok(&["story", "add", "Other's"]);
    repo.commit_all("other");
    repo.checkout("main");
    repo.ok(&["story", "edit", "S-1", "--as", "shopper"]);
    repo.ok(&["story", "add", "Main's"]);
    repo.commit_all("main");
    assert!(
        !repo.merge("other").status.success(),
        "git merged it as text"
    );

    let out = repo.run(&["story", "list"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("git conflict markers"), "{stderr}");
    assert!(stderr.contains("roadlog git-resolve"), "{stderr}");

    let said = repo.ok(&["git-resolve"]);
    assert!(said.contains("staged it"), "{said}");
    let doc = repo.doc();
    assert_eq!(story(&doc, "S-1")["title"], "First, per other");
    assert_eq!(story(&doc, "S-1")["as_a"], "shopper");
    assert_eq!(by_title(&doc, "Other's")["id"], "S-3");
    assert_eq!(by_title(&doc, "Main's")["id"], "S-4");
    repo.git(&["commit", "-q", "--no-edit"]);
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.stdout.is_empty());
    assert!(repo.ok(&["check"]).contains("no problems"));
}

#[test]
fn merge_driver_on_files_that_are_not_documents_fails_and_leaves_ours() {
    let repo = Repo::new();
    let ours = repo.dir.path().join("ours.json");
    std::fs::copy(repo.path(), &ours).unwrap();
    let theirs = repo.dir.path().join("theirs.json");
    std::fs::write(&theirs, "{ not json").unwrap();
    let before = std::fs::read(&ours).unwrap();
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let out = repo.run(&[
        "merge-driver",
        &path(&repo.path()),
        &path(&ours),
        &path(&theirs),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("theirs.json is not valid roadlog JSON"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&ours).unwrap(), before);
}
