//! A new user with no document anywhere: HOME and XDG_DATA_HOME point at empty folders.
//! Every command says which file it looked for and the exact command that makes it;
//! following that advice works; no raw OS error comes without what to do.

use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

/// An empty home, data folder and working folder.
struct Fresh {
    root: TempDir,
}

impl Fresh {
    fn new() -> Fresh {
        let root = tempfile::tempdir().expect("a temporary folder");
        for dir in ["home", "data", "work", "elsewhere"] {
            std::fs::create_dir(root.path().join(dir)).expect("a folder");
        }
        Fresh { root }
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    fn data_file(&self) -> PathBuf {
        self.dir("data").join("roadlog").join("roadlog.json")
    }

    fn run_in(&self, cwd: &str, args: &[&str]) -> Output {
        super::roadlog(&self.dir(cwd))
            .env("HOME", self.dir("home"))
            .env("XDG_DATA_HOME", self.dir("data"))
            .env_remove("ROADLOG_CONFIG")
            .args(args)
            .output()
            .expect("roadlog runs")
    }

    /// Runs a command that must be refused with exit 1; returns its stderr.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.run_in("work", args);
        let stderr = String::from_utf8(out.stderr).expect("UTF-8");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        stderr
    }

    fn ok_in(&self, cwd: &str, args: &[&str]) -> String {
        let out = self.run_in(cwd, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    /// Every file under the temporary root.
    fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).expect("a folder").flatten() {
                if e.path().is_dir() {
                    walk(&e.path(), out);
                } else {
                    out.push(e.path());
                }
            }
        }
        let mut out = Vec::new();
        walk(self.root.path(), &mut out);
        out
    }
}

#[test]
fn with_no_document_anywhere_every_command_says_which_file_and_how_to_make_it() {
    let fresh = Fresh::new();
    let data = fresh.data_file();
    let here = fresh.dir("work").join("roadlog.json");
    for args in [
        &["story", "list"][..],
        &["story", "add", "First"],
        &["roadmap"],
    ] {
        let err = fresh.refused(args);
        for part in [
            format!("none at {}", data.display()),
            format!("roadlog init   (creates {})", here.display()),
            format!("roadlog init --file {}", data.display()),
        ] {
            assert!(err.contains(&part), "{args:?}: no {part:?} in\n{err}");
        }
        assert!(!err.contains("os error"), "{args:?}: a raw OS error: {err}");
    }
    assert_eq!(fresh.files(), Vec::<PathBuf>::new(), "nothing was created");
}

#[test]
fn the_advice_works_and_init_and_the_next_command_agree_on_the_file() {
    let fresh = Fresh::new();
    let data = fresh.data_file();
    let data_arg = data.to_str().expect("UTF-8");
    // The personal backlog: init creates the data folder, and later commands anywhere find it.
    let out = fresh.ok_in("work", &["init", "--file", data_arg]);
    assert!(out.contains("roadlog story add"), "{out}");
    assert!(data.is_file());
    assert_eq!(
        fresh.ok_in("elsewhere", &["story", "add", "Mine"]),
        "added S-1\n"
    );
    assert!(fresh.ok_in("work", &["story", "list"]).contains("Mine"));

    // A backlog for a folder: `roadlog init` there, and the next command there uses it.
    fresh.ok_in("work", &["init"]);
    assert_eq!(
        fresh.ok_in("work", &["story", "add", "Ours"]),
        "added S-1\n"
    );
    let ours = std::fs::read_to_string(fresh.dir("work").join("roadlog.json")).expect("saved");
    assert!(ours.contains("Ours") && !ours.contains("Mine"));
}

#[test]
fn an_empty_document_says_how_to_add_the_first_of_each_thing() {
    let fresh = Fresh::new();
    fresh.ok_in("work", &["init"]);
    for (args, hint) in [
        (
            &["story", "list"][..],
            "no stories yet; add one with `roadlog story add",
        ),
        (
            &["epic", "list"],
            "no epics yet; add one with `roadlog epic add",
        ),
        (
            &["vision", "list"],
            "no visions yet; add one with `roadlog vision add",
        ),
        (
            &["sprint", "list"],
            "no sprints yet; add one with `roadlog sprint add",
        ),
    ] {
        let out = fresh.ok_in("work", args);
        assert!(out.contains(hint), "{args:?}: {out}");
    }
    fresh.ok_in("work", &["story", "add", "One"]);
    let filtered = fresh.ok_in("work", &["story", "list", "--status", "done"]);
    assert_eq!(filtered.trim(), "no stories", "a filter that keeps nothing");
}

#[test]
fn a_missing_file_flag_and_a_bad_path_say_what_to_do() {
    let fresh = Fresh::new();
    let err = fresh.refused(&["story", "list", "--file", "typo.json"]);
    assert!(
        err.contains("named by --file") && err.contains("roadlog init --file typo.json"),
        "{err}"
    );
    std::fs::write(fresh.dir("work").join("notes.txt"), "x").expect("a file");
    let err = fresh.refused(&["init", "--file", "notes.txt/roadlog.json"]);
    assert!(
        err.contains("is a file where a folder should be"),
        "an OS error with what to do: {err}"
    );
}
