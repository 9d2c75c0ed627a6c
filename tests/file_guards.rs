//! What the store agrees to open and how the files it creates are guarded: regular files
//! only, a size limit read before the file, dangling links, and the permission bits of the
//! document and of every file written beside it. Real files, the library and the binary.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use roadlog::demo::sample;
use roadlog::store::{IfTaken, Store, StoreError};

#[path = "support/pty.rs"]
mod pty;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn saved_sample(dir: &Path) -> Store {
    let store = Store::at(dir.join("roadlog.json"));
    store.create(&sample(today(), 40).unwrap()).unwrap();
    store
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).unwrap().file_type().is_symlink()
}

/// Runs the binary under `umask` in `dir`; with a guard against hanging (a FIFO once
/// blocked the read forever): the deadline is generous and only ends a stuck process.
fn roadlog_in(dir: &Path, umask: &str, args: &[&str]) -> Output {
    let mut script = format!("umask {umask} && exec \"$0\"");
    for (i, _) in args.iter().enumerate() {
        script.push_str(&format!(" \"${}\"", i + 1));
    }
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_roadlog"))
        .args(args)
        .current_dir(dir)
        .env_remove("ROADLOG_FILE")
        .env_remove("ROADLOG_MAX_FILE_MB")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("roadlog {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ------------------------------------------------------------------ dangling links

#[test]
fn init_through_a_dangling_link_creates_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    symlink("nowhere.json", dir.path().join("d.json")).unwrap();
    let out = roadlog_in(dir.path(), "022", &["--file", "d.json", "init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(is_link(&dir.path().join("d.json")), "the link was replaced");
    let target = dir.path().join("nowhere.json");
    assert!(fs::symlink_metadata(&target).unwrap().is_file());
    assert_eq!(
        mode(&target),
        0o644,
        "the umask decides, not the link's 0777"
    );
    // And the document works through the link.
    let out = roadlog_in(
        dir.path(),
        "022",
        &["--file", "d.json", "story", "add", "x"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::read_to_string(&target).unwrap().contains("\"x\""));
    assert!(is_link(&dir.path().join("d.json")));
}

#[test]
fn a_new_document_follows_the_umask() {
    for (umask, expected) in [("077", 0o600), ("027", 0o640), ("002", 0o664)] {
        let dir = tempfile::tempdir().unwrap();
        let out = roadlog_in(dir.path(), umask, &["init"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            mode(&dir.path().join("roadlog.json")),
            expected,
            "umask {umask}"
        );
        let out = roadlog_in(dir.path(), umask, &["demo", "--out", "demo.json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            mode(&dir.path().join("demo.json")),
            expected,
            "umask {umask}"
        );
    }
}

#[test]
fn a_chain_of_links_into_another_folder_is_followed_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("data")).unwrap();
    symlink("data/middle.json", dir.path().join("first.json")).unwrap();
    symlink("real.json", dir.path().join("data/middle.json")).unwrap();
    let store = Store::at(dir.path().join("first.json"));
    store.create(&sample(today(), 40).unwrap()).unwrap();
    assert!(is_link(&dir.path().join("first.json")));
    assert!(is_link(&dir.path().join("data/middle.json")));
    assert!(dir.path().join("data/real.json").is_file());
    assert_eq!(
        store.load().unwrap().product.stories().len(),
        roadlog::demo::BASE_STORIES
    );
}

#[test]
fn a_loop_of_links_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    symlink("b.json", dir.path().join("a.json")).unwrap();
    symlink("a.json", dir.path().join("b.json")).unwrap();
    let store = Store::at(dir.path().join("a.json"));
    assert!(store.create(&sample(today(), 40).unwrap()).is_err());
    assert!(store.load().is_err());
    assert!(is_link(&dir.path().join("a.json")) && is_link(&dir.path().join("b.json")));
}

// ------------------------------------------------------------------ special files

#[test]
fn special_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let cases = [
        ("/dev/zero", "a character device"),
        (fifo.to_str().unwrap(), "a named pipe (FIFO)"),
        (dir.path().to_str().unwrap(), "a folder"),
    ];
    for (path, what) in cases {
        for args in [
            vec!["--file", path, "story", "list"],
            vec!["--file", path, "story", "add", "x"],
            vec!["--file", path, "check"],
        ] {
            let out = roadlog_in(dir.path(), "022", &args);
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            assert_eq!(
                stderr(&out),
                format!(
                    "error: {path} is {what}, not a regular file; roadlog opens only regular files (or links to one)\n"
                ),
                "{args:?}"
            );
        }
    }
}

#[test]
fn a_link_to_a_special_file_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    symlink("/dev/zero", dir.path().join("roadlog.json")).unwrap();
    let err = Store::at(dir.path().join("roadlog.json"))
        .load()
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotRegular { what, .. } if what == "a character device"),
        "{err}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = saved_sample(dir.path());
    let size = fs::metadata(store.path()).unwrap().len();
    let small = Store::at(store.path()).with_size_limit(size - 1);
    let err = small.load().unwrap_err();
    assert!(
        matches!(err, StoreError::TooLarge { size: s, limit, .. } if s == size && limit == size - 1),
        "{err}"
    );
    let before = fs::read(store.path()).unwrap();
    assert!(small.update(|_| Ok(())).is_err());
    assert_eq!(fs::read(store.path()).unwrap(), before);
    assert!(Store::at(store.path()).with_size_limit(size).load().is_ok());
}

#[test]
fn the_size_limit_is_set_by_an_environment_variable() {
    let dir = tempfile::tempdir().unwrap();
    // 1.5 MiB of valid JSON: a document followed by white space.
    let store = saved_sample(dir.path());
    let mut bytes = fs::read(store.path()).unwrap();
    bytes.resize(3 << 19, b' ');
    fs::write(store.path(), bytes).unwrap();
    let run = |limit: &str| {
        Command::new(env!("CARGO_BIN_EXE_roadlog"))
            .current_dir(dir.path())
            .env_remove("ROADLOG_FILE")
            .env("ROADLOG_MAX_FILE_MB", limit)
            .arg("check")
            .output()
            .unwrap()
    };
    let out = run("1");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {} is 1.5 MiB, over the limit of 1.0 MiB; nothing was read (allow more with ROADLOG_MAX_FILE_MB=N)\n",
            store.path().display()
        )
    );
    assert!(run("2").status.success(), "{}", stderr(&run("2")));
    for bad in ["0", "-1", "lots", "1.5"] {
        let out = run(bad);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert_eq!(
            stderr(&out),
            format!(
                "error: ROADLOG_MAX_FILE_MB is '{bad}', not a whole number of MiB (1 or more)\n"
            )
        );
    }
}

// ------------------------------------------------------------------ side files

#[test]
fn a_report_gets_the_documents_mode() {
    for doc_mode in [0o600, 0o640, 0o644] {
        let dir = tempfile::tempdir().unwrap();
        let store = saved_sample(dir.path());
        fs::set_permissions(store.path(), fs::Permissions::from_mode(doc_mode)).unwrap();
        let report = store.write_report("SP-2-review.md", "# review").unwrap();
        assert_eq!(mode(&report), doc_mode);
        let export = dir.path().join("out.csv");
        store
            .write_side_file(&export, b"a,b", IfTaken::Refuse)
            .unwrap();
        assert_eq!(mode(&export), doc_mode);
    }
}

#[test]
fn a_side_file_is_never_executable_even_beside_a_wide_open_document() {
    let dir = tempfile::tempdir().unwrap();
    let store = saved_sample(dir.path());
    fs::set_permissions(store.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let report = store.write_report("r.md", "x").unwrap();
    assert_eq!(mode(&report), 0o666);
}

#[test]
fn a_report_never_replaces_a_file_whatever_suffixes_exist() {
    let dir = tempfile::tempdir().unwrap();
    let store = saved_sample(dir.path());
    fs::write(dir.path().join("SP-2-review.md"), "mine").unwrap();
    for n in 2..=999 {
        fs::write(dir.path().join(format!("SP-2-review-{n}.md")), "mine").unwrap();
    }
    let written = store.write_report("SP-2-review.md", "new").unwrap();
    assert_eq!(written, dir.path().join("SP-2-review-1000.md"));
    assert_eq!(fs::read_to_string(&written).unwrap(), "new");
    assert_eq!(
        fs::read_to_string(dir.path().join("SP-2-review.md")).unwrap(),
        "mine"
    );
    for n in 2..=999 {
        let kept = fs::read_to_string(dir.path().join(format!("SP-2-review-{n}.md"))).unwrap();
        assert_eq!(kept, "mine", "SP-2-review-{n}.md was replaced");
    }
}

#[test]
fn a_dangling_link_in_the_way_of_a_report_is_taken_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let store = saved_sample(dir.path());
    symlink("/tmp/roadlog-never-write-here", dir.path().join("r.md")).unwrap();
    let written = store.write_report("r.md", "x").unwrap();
    assert_eq!(written, dir.path().join("r-2.md"));
    assert!(is_link(&dir.path().join("r.md")));
    assert!(!Path::new("/tmp/roadlog-never-write-here").exists());
}

#[test]
fn refuse_and_replace_do_what_they_say() {
    let dir = tempfile::tempdir().unwrap();
    let store = saved_sample(dir.path());
    let out = dir.path().join("export.md");
    fs::write(&out, "theirs").unwrap();
    let err = store
        .write_side_file(&out, b"ours", IfTaken::Refuse)
        .unwrap_err();
    assert!(matches!(err, StoreError::Exists { .. }), "{err}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "theirs");
    store
        .write_side_file(&out, b"ours", IfTaken::Replace)
        .unwrap();
    assert_eq!(fs::read_to_string(&out).unwrap(), "ours");
    // Replacing through a dangling link creates its target and keeps the link.
    let link = dir.path().join("link.md");
    symlink("target.md", &link).unwrap();
    store
        .write_side_file(&link, b"via", IfTaken::Replace)
        .unwrap();
    assert!(is_link(&link));
    assert_eq!(
        fs::read_to_string(dir.path().join("target.md")).unwrap(),
        "via"
    );
    // No temporary file is left beside them.
    let names: Vec<PathBuf> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn sprint_report_out_writes_beside_with_the_documents_mode_and_never_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let out = roadlog_in(dir.path(), "077", &["demo", "--out", "roadlog.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    fs::write(dir.path().join("review.md"), "my notes").unwrap();
    let out = roadlog_in(
        dir.path(),
        "022",
        &["sprint", "report", "SP-2", "--out", "review.md"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "wrote the review of SP-2 to review-2.md\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("review.md")).unwrap(),
        "my notes"
    );
    let written = dir.path().join("review-2.md");
    assert!(fs::read_to_string(&written).unwrap().starts_with("# "));
    assert_eq!(mode(&written), 0o600, "as private as the document");
}

/// End to end: the TUI's review key (`R` in the Sprint view) writes the review beside a
/// private document as private, and passes over every taken name (`-2` .. `-999` too)
/// rather than replacing one.
#[test]
fn the_tuis_review_key_writes_a_private_review_and_replaces_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = pty::demo_file(dir.path());
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    fs::write(dir.path().join("SP-7-review.md"), "mine").unwrap();
    for n in 2..=999 {
        fs::write(dir.path().join(format!("SP-7-review-{n}.md")), "mine").unwrap();
    }
    let mut tui = pty::Tui::start(&file);
    tui.send("3");
    tui.wait_for("3 Sprint");
    // The active SP-7 is second in the pick list, after the last closed sprint.
    tui.send("X");
    tui.wait_for("Write the review of");
    tui.send("\x1b[B\r");
    let written = dir.path().join("SP-7-review-1000.md");
    pty::wait_file(&written, "the review", |b| b.starts_with(b"# "));
    tui.wait_for("wrote the review");
    assert_eq!(mode(&written), 0o600);
    assert_eq!(
        fs::read_to_string(dir.path().join("SP-7-review.md")).unwrap(),
        "mine"
    );
    for n in 2..=999 {
        let kept = fs::read_to_string(dir.path().join(format!("SP-7-review-{n}.md"))).unwrap();
        assert_eq!(kept, "mine", "SP-7-review-{n}.md was replaced");
    }
    tui.send("q");
    tui.wait_exit();
}
