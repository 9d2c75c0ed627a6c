//! `--read-only` on every command: a command that would write is refused (exit 1) and leaves
//! every file in the folder as it was; a command that only reads works and creates nothing,
//! not even a lock file. The table covers every subcommand clap knows, so a command added
//! later fails here until it is listed with what it does.

use std::collections::BTreeMap;
use std::path::Path;

use clap::CommandFactory;

use super::{Doc, conflicts, roadlog};

/// What a command does to the document, and the arguments that show it on the demo
/// sample: `setup` runs first (read-write; a list starting with `git` runs git in the
/// folder), then `args`.
struct Case {
    path: &'static str,
    setup: &'static [&'static [&'static str]],
    /// Runs after `setup`, for states no command makes (a merge conflict, a repository).
    prepare: Option<fn(&Doc)>,
    args: &'static [&'static str],
    writes: bool,
}

const fn writes(path: &'static str, args: &'static [&'static str]) -> Case {
    Case {
        path,
        setup: &[],
        prepare: None,
        args,
        writes: true,
    }
}

const fn reads(path: &'static str, args: &'static [&'static str]) -> Case {
    Case {
        path,
        setup: &[],
        prepare: None,
        args,
        writes: false,
    }
}

/// A writing command that needs a state only `prepare` makes.
const fn prepared(path: &'static str, prepare: fn(&Doc), args: &'static [&'static str]) -> Case {
    Case {
        path,
        setup: &[],
        prepare: Some(prepare),
        args,
        writes: true,
    }
}

/// Every subcommand, with arguments that change the demo document (or only read it).
const CASES: &[Case] = &[
    writes("init", &["init", "--file", "new.json"]),
    writes("demo", &["demo", "--out", "new.json"]),
    writes("vision add", &["vision", "add", "New vision"]),
    writes(
        "vision edit",
        &["vision", "edit", "V-1", "--title", "Renamed"],
    ),
    writes("vision rm", &["vision", "rm", "V-1"]),
    reads("vision list", &["vision", "list"]),
    reads("vision show", &["vision", "show", "V-1"]),
    writes("vision measure", &["vision", "measure", "V-1", "1", "3.6%"]),
    reads("vision goals", &["vision", "goals"]),
    reads("forecast", &["forecast", "--by", "2099-01-01"]),
    writes(
        "sprint forecast-window",
        &["sprint", "forecast-window", "4"],
    ),
    writes("epic add", &["epic", "add", "New epic"]),
    writes("epic edit", &["epic", "edit", "E-1", "--title", "Renamed"]),
    writes("epic move", &["epic", "move", "E-1", "--bottom"]),
    writes("epic scoring", &["epic", "scoring", "wsjf"]),
    writes("epic rm", &["epic", "rm", "E-1"]),
    reads("epic list", &["epic", "list"]),
    reads("epic show", &["epic", "show", "E-1"]),
    writes("story add", &["story", "add", "New story"]),
    writes(
        "story edit",
        &["story", "edit", "S-1", "--title", "Renamed"],
    ),
    writes("story move", &["story", "move", "S-1", "--bottom"]),
    writes("story rm", &["story", "rm", "S-1"]),
    reads("story list", &["story", "list"]),
    reads("story show", &["story", "show", "S-1"]),
    writes(
        "sprint add",
        &[
            "sprint",
            "add",
            "S",
            "--start",
            "2030-01-01",
            "--end",
            "2030-01-14",
        ],
    ),
    writes("sprint plan", &["sprint", "plan", "SP-8", "S-21"]),
    writes("sprint unplan", &["sprint", "unplan", "SP-7", "S-15"]),
    Case {
        path: "sprint start",
        setup: &[&["sprint", "close", "SP-7", "--to-backlog"]],
        prepare: None,
        args: &["sprint", "start", "SP-8"],
        writes: true,
    },
    writes("sprint close", &["sprint", "close", "SP-7", "--to-backlog"]),
    writes("sprint weekends", &["sprint", "weekends", "skip"]),
    writes(
        "sprint edit",
        &["sprint", "edit", "SP-8", "--name", "Renamed"],
    ),
    reads("sprint report", &["sprint", "report", "SP-7"]),
    reads("sprint list", &["sprint", "list"]),
    reads("sprint show", &["sprint", "show", "SP-7"]),
    writes("commits close-on", &["commits", "close-on", "fixes"]),
    Case {
        path: "commits scan",
        setup: &[
            &["git", "init", "-q"],
            &[
                "git",
                "-c",
                "user.name=Ana",
                "-c",
                "user.email=ana@example.com",
                "commit",
                "--allow-empty",
                "-q",
                "-m",
                "S-1 linked",
            ],
        ],
        prepare: None,
        args: &["commits", "scan"],
        writes: true,
    },
    reads("template list", &["template", "list"]),
    writes("template add", &["template", "add", "bug"]),
    Case {
        path: "template edit",
        setup: &[&["template", "add", "bug"]],
        prepare: None,
        args: &["template", "edit", "bug", "--points", "2"],
        writes: true,
    },
    Case {
        path: "template rm",
        setup: &[&["template", "add", "bug"]],
        prepare: None,
        args: &["template", "rm", "bug"],
        writes: true,
    },
    writes("dod set", &["dod", "set", "Code reviewed"]),
    reads("dod list", &["dod", "list"]),
    reads("roadmap", &["roadmap"]),
    reads("report flow", &["report", "flow"]),
    reads("check", &["check"]),
    reads("backups", &["backups"]),
    prepared("restore", a_backup, &["restore", "1"]),
    reads("completions", &["completions", "bash"]),
    reads("man", &["man"]),
    // tests/cli.rs points ROADLOG_CONFIG into the document's folder.
    writes("config init", &["config", "init"]),
    reads("config path", &["config", "path"]),
    reads("conflicts", &["conflicts"]),
    prepared(
        "resolve",
        conflicts::with_conflicts,
        &["resolve", "S-2", "title", "--take", "theirs"],
    ),
    prepared("git-setup", conflicts::in_repository, &["git-setup"]),
    prepared(
        "merge-driver",
        conflicts::driver_inputs,
        &["merge-driver", "base.json", "roadlog.json", "theirs.json"],
    ),
    prepared("git-resolve", conflicts::merged_as_text, &["git-resolve"]),
    // With no client on stdin it serves nothing; its writes are refused in tests/mcp.rs.
    reads("mcp", &["mcp"]),
    writes("import backlog-md", &["import", "backlog-md", BACKLOG_MD]),
    writes("import csv", &["import", "csv", JIRA_CSV]),
    reads("export markdown", &["export", "markdown"]),
    reads("export csv", &["export", "csv"]),
    writes("export json", &["export", "json", "--out", "copy.json"]),
    reads("schema", &["schema"]),
    writes(
        "import taskwarrior",
        &["import", "taskwarrior", TASKWARRIOR],
    ),
];

const BACKLOG_MD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/backlog-md"
);
const JIRA_CSV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/jira.csv"
);
const TASKWARRIOR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/taskwarrior.json"
);

/// One save, so there is a backup to restore.
fn a_backup(doc: &Doc) {
    doc.ok(&["story", "add", "Kept before"]);
}

/// Runs a case's set-up: roadlog commands, or git ones (a repository for `commits scan`).
fn set_up(doc: &Doc, setup: &[&[&str]]) {
    for args in setup {
        match args.split_first() {
            Some((&"git", git_args)) => {
                let out = std::process::Command::new("git")
                    .arg("-C")
                    .arg(doc.dir.path())
                    .args(git_args)
                    .output()
                    .expect("git runs");
                assert!(out.status.success(), "git {git_args:?} failed");
            }
            _ => {
                doc.ok(args);
            }
        }
    }
}

/// Every file in the folder and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("a readable folder")
        .map(|e| {
            let e = e.expect("an entry");
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect()
}

/// "story add", "roadmap", ...: every command clap would run, by its words.
fn leaf_commands(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
    for sub in cmd.get_subcommands() {
        let path = format!("{prefix}{}", sub.get_name());
        if sub.has_subcommands() {
            leaf_commands(sub, &format!("{path} "), out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_command_is_listed_here_with_what_it_does() {
    let mut leaves = Vec::new();
    leaf_commands(&roadlog::cli::Cli::command(), "", &mut leaves);
    for leaf in &leaves {
        assert!(
            CASES.iter().any(|c| c.path == leaf),
            "`roadlog {leaf}` is not in CASES in tests/cli/read_only.rs: add it with \
             arguments that would write (or only read) the demo document"
        );
    }
    for case in CASES {
        assert!(
            leaves.contains(&case.path.to_string()),
            "CASES lists `{}`, which is no command",
            case.path
        );
    }
}

#[test]
fn read_only_refuses_every_writing_command_and_lets_every_reading_one_run() {
    for case in CASES {
        // The arguments really write (or really only read) without --read-only ...
        let doc = Doc::demo();
        set_up(&doc, case.setup);
        if let Some(prepare) = case.prepare {
            prepare(&doc);
        }
        let before = snapshot(doc.dir.path());
        doc.ok(case.args);
        let changed = snapshot(doc.dir.path()) != before;
        assert_eq!(
            changed,
            case.writes,
            "`roadlog {}` {} the folder without --read-only",
            case.path,
            if changed { "changed" } else { "did not change" }
        );

        // ... and under --read-only nothing in the folder changes.
        let doc = Doc::demo();
        set_up(&doc, case.setup);
        if let Some(prepare) = case.prepare {
            prepare(&doc);
        }
        let before = snapshot(doc.dir.path());
        let out = roadlog(doc.dir.path())
            .args(case.args)
            .arg("--read-only")
            .output()
            .expect("roadlog runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            snapshot(doc.dir.path()),
            before,
            "`roadlog {} --read-only` changed the folder",
            case.path
        );
        if case.writes {
            assert_eq!(out.status.code(), Some(1), "{}: {stderr}", case.path);
            assert!(out.stdout.is_empty(), "{}: printed output", case.path);
            assert!(
                stderr.contains("--read-only") && stderr.contains("was not changed"),
                "{}: {stderr}",
                case.path
            );
        } else {
            assert!(out.status.success(), "{}: {stderr}", case.path);
        }
    }
}
