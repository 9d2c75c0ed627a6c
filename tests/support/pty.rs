//! The pseudo-terminal harness shared by the end-to-end TUI tests: the real binary in a
//! pseudo-terminal (portable-pty), its output parsed by vt100, so assertions read the screen it
//! shows (never the raw byte stream, which ratatui splits with cursor moves). Every wait polls
//! with a generous timeout; no sleep is an assertion.
//!
//! Included by path (`#[path = "support/pty.rs"] mod pty;`) from the PTY test files only, so the
//! TestBackend tests that use `support/mod.rs` do not compile it.
// Each PTY test crate uses a different subset of the harness (only one resizes, signals or
// closes the terminal; only the other presses a lone Esc), so the rest is dead code there.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const BIN: &str = env!("CARGO_BIN_EXE_roadlog");
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Tui {
    /// Tells the reader thread to let go of its end of the terminal after its next read.
    pub hang_up: Arc<AtomicBool>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Options so a test can close the terminal under the program (dropping the master hangs
    /// the program up).
    pub master: Option<Box<dyn MasterPty + Send>>,
    pub writer: Option<Box<dyn Write + Send>>,
    pub child: Box<dyn Child + Send + Sync>,
}

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

impl Tui {
    pub fn spawn(file: &Path, extra: &[&str]) -> Tui {
        Tui::spawn_with(file, extra, &[])
    }

    pub fn spawn_with(file: &Path, extra: &[&str], env: &[(&str, &str)]) -> Tui {
        let pair = native_pty_system().openpty(size(24, 80)).unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--file");
        cmd.arg(file);
        for a in extra {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // No config file unless a test gives one: the user's own must not change the keys.
        cmd.env("ROADLOG_CONFIG", "/nonexistent/roadlog-tests/config.toml");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(file.parent().unwrap());
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&parser);
        let hang_up = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&hang_up);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stop.load(Ordering::SeqCst) {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Tui {
            hang_up,
            parser,
            master: Some(pair.master),
            writer: Some(writer),
            child,
        }
    }

    /// Spawns on `file` (no extra arguments) and waits for the Backlog tab.
    pub fn start(file: &Path) -> Tui {
        Tui::start_with(file, &[])
    }

    /// [`Tui::start`] with extra environment variables.
    pub fn start_with(file: &Path, env: &[(&str, &str)]) -> Tui {
        let tui = Tui::spawn_with(file, &[], env);
        tui.wait_for("2 Backlog");
        tui
    }

    pub fn send(&mut self, keys: &str) {
        let w = self.writer.as_mut().unwrap();
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    /// Esc on its own: an Esc followed at once by a key reads as Alt+key.
    pub fn esc(&mut self, then_shows: &str) {
        self.send("\x1b");
        self.wait_for(then_shows);
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn wait_until(&self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if done(self.parser.lock().unwrap().screen()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.screen());
    }

    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
        self.master
            .as_ref()
            .unwrap()
            .resize(size(rows, cols))
            .unwrap();
    }

    pub fn wait_exit(&mut self) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if self.child.try_wait().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the TUI did not exit; screen:\n{}", self.screen());
    }

    /// After exit the screen must be back on the main buffer (raw mode and the alternate
    /// screen restored).
    pub fn wait_left_alternate_screen(&self) {
        self.wait_until("the main screen", |s| !s.alternate_screen());
    }

    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap();
        let ok = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name} failed");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// Writes the demo sample to `dir/demo.json` with the binary's `demo` command.
pub fn demo_file(dir: &Path) -> PathBuf {
    let file = dir.join("demo.json");
    let out = std::process::Command::new(BIN)
        .args(["demo", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    file
}

/// A temporary folder with the demo in it (`demo.json`, see [`demo_file`]). Keep the
/// folder while the test runs: dropping it deletes the file.
pub fn demo_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    (dir, file)
}

/// Runs the real binary on `file` with `args`, as another program would.
pub fn cli(file: &Path, args: &[&str]) {
    let out = std::process::Command::new(BIN)
        .arg("--file")
        .arg(file)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// The titles of the stories in `file`, in rank order.
pub fn titles(file: &Path) -> Vec<String> {
    titles_of(file, |_| true)
}

/// The titles of the stories not done, in rank order: the Backlog's rows (it hides done).
pub fn open_titles(file: &Path) -> Vec<String> {
    titles_of(file, |s| !s.is_done())
}

fn titles_of(file: &Path, keep: impl Fn(&roadlog::model::Story) -> bool) -> Vec<String> {
    let loaded = roadlog::store::Store::at(file).load().unwrap();
    loaded
        .product
        .stories()
        .iter()
        .filter(|s| keep(s))
        .map(|s| s.title.clone())
        .collect()
}

/// Waits until the bytes of `file` satisfy `ok`.
pub fn wait_file(file: &Path, what: &str, ok: impl Fn(&[u8]) -> bool) {
    let start = Instant::now();
    while start.elapsed() < TIMEOUT {
        if std::fs::read(file).is_ok_and(|b| ok(&b)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out waiting for the file: {what}");
}

/// Every file in `dir` with its bytes, sorted by name.
pub fn listing(dir: &Path) -> Vec<(std::ffi::OsString, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The recovery files in `dir`, sorted by name.
pub fn recovery_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".recovery"))
        .collect();
    found.sort();
    found
}

/// Spawns with `extra` arguments and waits for both the Roadmap and the Backlog tabs.
pub fn started(file: &Path, extra: &[&str]) -> Tui {
    let tui = Tui::spawn(file, extra);
    tui.wait_for("1 Roadmap");
    tui.wait_for("2 Backlog");
    tui
}
