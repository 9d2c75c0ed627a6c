//! The store against real processes: killed mid-save, racing each other, dying while they
//! hold the lock. Children are this test binary run again (`current_exe`) with one test
//! selected and an environment variable saying what to do; without the variable the child
//! tests return at once, so a normal `cargo test` run passes over them.

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};

use roadlog::demo::sample;
use roadlog::model::{Place, Product, StoryDraft};
use roadlog::store::{FILE_NAME, Store};

const LOOP: &str = "ROADLOG_TEST_SAVE_IN_A_LOOP";
const ADD: &str = "ROADLOG_TEST_ADD_150";
const HOLD: &str = "ROADLOG_TEST_HOLD_THE_LOCK";
const REPORT: &str = "ROADLOG_TEST_ADD_AND_REPORT";

fn add(p: &mut Product, title: String) -> Result<(), roadlog::model::ModelError> {
    let draft = StoryDraft {
        title,
        ..StoryDraft::default()
    };
    p.add_story(draft, Place::Bottom, Utc::now()).map(drop)
}

/// A child process that is killed when dropped, so a failing test leaves nothing running.
struct Kid(Child);

impl Drop for Kid {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn child(test: &str, var: &str, value: &Path, extra: &[(&str, &str)]) -> Kid {
    Kid(child_command(test, var, value, extra).spawn().unwrap())
}

fn child_command(test: &str, var: &str, value: &Path, extra: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(var, value)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd
}

/// Child: adds stories one locked save at a time until killed.
#[test]
fn child_saves_in_a_loop() {
    let Some(path) = std::env::var_os(LOOP) else {
        return;
    };
    let store = Store::at(PathBuf::from(path));
    loop {
        store.update(|p| add(p, looped_title(p))).unwrap();
    }
}

/// Numbered by position, so a whole document has `looped n` at index n, whichever child
/// wrote it.
fn looped_title(p: &Product) -> String {
    format!("looped {}", p.stories().len())
}

/// Child: adds 150 stories, one locked save each.
#[test]
fn child_adds_150_stories() {
    let Some(path) = std::env::var_os(ADD) else {
        return;
    };
    let tag = std::env::var("ROADLOG_TEST_TAG").unwrap();
    let store = Store::at(PathBuf::from(path));
    for n in 0..150 {
        store.update(|p| add(p, format!("{tag} {n}"))).unwrap();
    }
}

/// Child: adds 60 stories, one locked save each, and prints the title of each add the
/// store reported as done. A refused add (the store noticed it lost its lock) is no loss.
#[test]
fn child_adds_and_reports() {
    let Some(path) = std::env::var_os(REPORT) else {
        return;
    };
    let tag = std::env::var("ROADLOG_TEST_TAG").unwrap();
    let store = Store::at(PathBuf::from(path));
    for n in 0..60 {
        let title = format!("{tag} {n}");
        match store.update(|p| add(p, title.clone())) {
            Ok(_) => println!("\ndone {title}"),
            Err(e) => eprintln!("{title} refused: {e}"),
        }
    }
}

/// Child: takes the lock, says so with a marker file, then sleeps inside it.
#[test]
fn child_holds_the_lock() {
    let Some(path) = std::env::var_os(HOLD) else {
        return;
    };
    let path = PathBuf::from(path);
    let marker = path.with_extension("held");
    let store = Store::at(&path);
    store
        .update(|p| {
            fs::write(&marker, "held").unwrap();
            thread::sleep(Duration::from_secs(60));
            add(p, "never saved".into())
        })
        .unwrap();
}

/// A small deterministic generator for kill delays (xorshift), seeded from the clock and
/// printed so a failing run can be told apart.
struct Delays(u64);

impl Delays {
    fn next_ms(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

fn check_whole(store: &Store, base: usize) -> usize {
    let loaded = store
        .load()
        .unwrap_or_else(|e| panic!("the file is broken after a kill: {e}"));
    let p = &loaded.product;
    assert_eq!(p.problems(), [], "the file breaks rules after a kill");
    // The sample's ranks are not its id order, so compare the set of ids.
    let mut ids: Vec<u32> = p.stories().iter().map(|s| s.id.0).collect();
    ids.sort_unstable();
    let expected: Vec<u32> = (1..=ids.len() as u32).collect();
    assert_eq!(ids, expected, "stories are not whole: ids are not 1..=n");
    let titles: Vec<String> = (base..ids.len()).map(|n| format!("looped {n}")).collect();
    let found: Vec<&str> = p
        .stories()
        .iter()
        .skip(base)
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(found, titles);
    p.stories().len()
}

#[test]
fn a_writer_killed_at_any_moment_leaves_a_whole_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let store = Store::at(&path);
    // A few hundred stories make each save long enough for kills to land inside it.
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let base = 400;
    store.create(&sample(today, base).unwrap()).unwrap();

    let seed = Utc::now().timestamp_nanos_opt().unwrap_or(1) as u64 | 1;
    eprintln!("kill delays seed {seed}");
    let mut delays = Delays(seed);
    let mut count = base;
    // 50 kills after 30 to 150 ms each: about five seconds, bounded by the delays alone.
    let kills = 50;
    for _ in 0..kills {
        let mut c = child("child_saves_in_a_loop", LOOP, &path, &[]);
        thread::sleep(Duration::from_millis(30 + delays.next_ms(120)));
        c.0.kill().unwrap();
        c.0.wait().unwrap();
        let now = check_whole(&store, base);
        assert!(now >= count, "stories went from {count} to {now}");
        count = now;
    }
    assert!(
        count > base,
        "the children never saved; the test proved nothing"
    );

    // The next locked write clears the temporary files the kills left behind.
    let tmp_prefix = format!(".{FILE_NAME}.");
    store.update(|p| add(p, looped_title(p))).unwrap();
    let litter: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The backups' folder is kept on purpose.
        .filter(|n| n.starts_with(&tmp_prefix) && *n != format!(".{FILE_NAME}.backups"))
        .collect();
    assert_eq!(litter, Vec::<String>::new());

    // Every backup the kills left is a whole earlier version, and the newest is the one
    // the last save replaced: a kill between taking the backup and swapping the new file
    // in, or the clean-up after it, never cost one.
    let backups = store.backups().unwrap();
    assert!(!backups.is_empty(), "no backups were kept");
    for backup in &backups {
        let stories = check_whole(&Store::at(&backup.path), base);
        assert!(
            stories <= count,
            "{} holds {stories} stories",
            backup.path.display()
        );
    }
    assert_eq!(check_whole(&Store::at(&backups[0].path), base), count);
    eprintln!(
        "{kills} kills, {} stories saved by the children",
        count - base
    );
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let store = Store::at(&path);
    store.create(&Product::new("race")).unwrap();
    let mut a = child(
        "child_adds_150_stories",
        ADD,
        &path,
        &[("ROADLOG_TEST_TAG", "A")],
    );
    let mut b = child(
        "child_adds_150_stories",
        ADD,
        &path,
        &[("ROADLOG_TEST_TAG", "B")],
    );
    assert!(a.0.wait().unwrap().success());
    assert!(b.0.wait().unwrap().success());

    let p = store.load().unwrap().product;
    assert_eq!(p.stories().len(), 300);
    let ids: HashSet<u32> = p.stories().iter().map(|s| s.id.0).collect();
    assert_eq!(ids.len(), 300, "ids were handed out twice");
    let titles: HashSet<&str> = p.stories().iter().map(|s| s.title.as_str()).collect();
    for tag in ["A", "B"] {
        for n in 0..150 {
            assert!(
                titles.contains(format!("{tag} {n}").as_str()),
                "{tag} {n} lost"
            );
        }
    }
    assert_eq!(p.problems(), []);
}

#[test]
fn a_lock_left_by_a_dead_process_blocks_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let store = Store::at(&path);
    store.create(&Product::new("locked")).unwrap();
    let marker = path.with_extension("held");
    let mut holder = child("child_holds_the_lock", HOLD, &path, &[]);

    let waited = Instant::now();
    while !marker.exists() {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "the child never took the lock"
        );
        thread::sleep(Duration::from_millis(10));
    }
    // The lock really is held: nobody else can take it now.
    let lock_file = fs::File::open(dir.path().join(format!("{FILE_NAME}.lock"))).unwrap();
    assert!(
        lock_file.try_lock().is_err(),
        "the child does not hold the lock"
    );
    // Readers do not take the lock, so they do not wait for a writer.
    assert_eq!(store.load().unwrap().product.name(), "locked");
    holder.0.kill().unwrap();
    holder.0.wait().unwrap();

    // Run the update on a thread so a lock that is never released fails the test rather
    // than hanging it.
    let (tx, rx) = mpsc::channel();
    let in_thread = store.clone();
    thread::spawn(move || {
        let result = in_thread.update(|p| add(p, "after the crash".into()));
        let _ = tx.send(result.map(|_| ()).map_err(|e| e.to_string()));
    });
    let result = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the update is still waiting for the dead process's lock");
    result.unwrap();
    let titles: Vec<String> = store
        .load()
        .unwrap()
        .product
        .stories()
        .iter()
        .map(|s| s.title.clone())
        .collect();
    assert_eq!(titles, ["after the crash"]);
}

/// Starts `child_holds_the_lock` on `path` and returns once it holds the lock.
fn lock_holder(path: &Path) -> Kid {
    let marker = path.with_extension("held");
    let holder = child("child_holds_the_lock", HOLD, path, &[]);
    let waited = Instant::now();
    while !marker.exists() {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "the child never took the lock"
        );
        thread::sleep(Duration::from_millis(10));
    }
    holder
}

/// The real binary adding a story to `path`, waiting up to `timeout` seconds for the lock.
fn roadlog_add(path: &Path, timeout: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roadlog"));
    cmd.args(["story", "add", "waited", "--file"])
        .arg(path)
        .env("ROADLOG_LOCK_TIMEOUT", timeout)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

#[test]
fn a_writer_gives_up_on_a_held_lock_naming_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    Store::at(&path).create(&Product::new("locked")).unwrap();
    let before = fs::read(&path).unwrap();
    let holder = lock_holder(&path);

    let out = roadlog_add(&path, "1.5").output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let pid = holder.0.id();
    assert!(
        stderr.contains(&format!(
            "gave up after 1.5 s waiting for the lock on {}",
            path.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("held by pid {pid}")), "{stderr}");
    assert!(stderr.contains("ROADLOG_LOCK_TIMEOUT"), "{stderr}");
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "the refused add changed the file"
    );
}

#[test]
fn a_waiting_writer_says_whom_it_waits_for_and_goes_on_once_free() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let store = Store::at(&path);
    store.create(&Product::new("locked")).unwrap();
    let mut holder = lock_holder(&path);

    let (mut writer, said) = waiting_writer(&path);
    let said = said
        .recv_timeout(Duration::from_secs(60))
        .expect("the writer never said it was waiting");
    assert_eq!(said, waiting_line(&holder, &path));
    holder.0.kill().unwrap();
    holder.0.wait().unwrap();
    assert!(writer.0.wait().unwrap().success());
    assert_eq!(titles(&store), ["waited"]);
}

/// A lock file deleted while a writer waits on it: once the old holder dies, the writer
/// holds a lock on a file nobody else uses any more, so it must wait for the new one.
#[test]
fn a_lock_file_replaced_while_a_writer_waits_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let store = Store::at(&path);
    store.create(&Product::new("locked")).unwrap();
    let mut first = lock_holder(&path);
    let (mut writer, said) = waiting_writer(&path);
    let wait = Duration::from_secs(60);
    assert_eq!(
        said.recv_timeout(wait).unwrap(),
        waiting_line(&first, &path)
    );

    fs::remove_file(dir.path().join(format!("{FILE_NAME}.lock"))).unwrap();
    fs::remove_file(path.with_extension("held")).unwrap();
    let mut second = lock_holder(&path);
    first.0.kill().unwrap();
    first.0.wait().unwrap();
    assert_eq!(
        said.recv_timeout(wait).unwrap(),
        waiting_line(&second, &path)
    );
    second.0.kill().unwrap();
    second.0.wait().unwrap();
    assert!(writer.0.wait().unwrap().success());
    assert_eq!(titles(&store), ["waited"]);
}

/// `roadlog story add waited`, with its stderr lines arriving on a channel.
fn waiting_writer(path: &Path) -> (Kid, mpsc::Receiver<String>) {
    let mut writer = Kid(roadlog_add(path, "600").spawn().unwrap());
    let stderr = writer.0.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)) {
            let _ = tx.send(line.unwrap());
        }
    });
    (writer, rx)
}

fn waiting_line(holder: &Kid, path: &Path) -> String {
    format!(
        "waiting for the lock held by pid {} on {}…",
        holder.0.id(),
        path.display()
    )
}

fn titles(store: &Store) -> Vec<String> {
    let p = store.load().unwrap().product;
    p.stories().iter().map(|s| s.title.clone()).collect()
}

/// `git clean -x` or `rm *.lock` while writers wait and write must never let two writers in
/// at once: every add a writer was told is done is on disk.
#[test]
fn a_lock_file_deleted_while_writers_work_loses_no_reported_add() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let lock = dir.path().join(format!("{FILE_NAME}.lock"));
    let store = Store::at(&path);
    store.create(&Product::new("race")).unwrap();
    let writers: Vec<Child> = ["A", "B", "C"]
        .into_iter()
        .map(|tag| {
            child_command(
                "child_adds_and_reports",
                REPORT,
                &path,
                &[("ROADLOG_TEST_TAG", tag)],
            )
            .stdout(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let mut writers: Vec<Kid> = writers.into_iter().map(Kid).collect();
    let mut deletions = 0;
    while writers
        .iter_mut()
        .any(|w| w.0.try_wait().unwrap().is_none())
    {
        if fs::remove_file(&lock).is_ok() {
            deletions += 1;
        }
        // A pause, not a spin: deleting without one starved the writers of the two cores
        // (800,000 deletions, 2-3 minutes); every millisecond still finds each new lock.
        thread::sleep(Duration::from_millis(1));
    }
    let mut reported = Vec::new();
    for w in &mut writers {
        assert!(w.0.wait().unwrap().success());
        let mut out = String::new();
        std::io::Read::read_to_string(w.0.stdout.as_mut().unwrap(), &mut out).unwrap();
        reported.extend(
            out.lines()
                .filter_map(|l| l.strip_prefix("done "))
                .map(str::to_string),
        );
    }
    let p = store.load().unwrap().product;
    assert_eq!(p.problems(), []);
    let titles: HashSet<&str> = p.stories().iter().map(|s| s.title.as_str()).collect();
    let lost: Vec<&String> = reported
        .iter()
        .filter(|t| !titles.contains(t.as_str()))
        .collect();
    assert_eq!(
        lost,
        Vec::<&String>::new(),
        "adds reported as done but not on disk"
    );
    assert_eq!(titles.len(), p.stories().len(), "a story was saved twice");
    assert!(
        deletions > 10,
        "the lock file was deleted only {deletions} times"
    );
    // A writer that finds its lock gone merges what slipped in: none has to give up.
    assert_eq!(reported.len(), 180, "adds were refused");
    eprintln!("{deletions} deletions, {} adds done", reported.len());
}
