//! A document whose every text field carries escape sequences, bidi overrides and line
//! breaks, printed by every human-readable command: nothing may reach the terminal as a
//! control (no title set, nothing copied to the clipboard, no screen cleared, no
//! hyperlink), rows stay aligned, and the Markdown report gains no section. Checked on the
//! bytes of a pipe and, end to end, on a terminal emulator (vt100) in a pseudo-terminal.

#![allow(clippy::unwrap_used)]

use std::io::Read;
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use serde_json::Value;

/// Retitles the window, clears the screen, copies to the clipboard, draws a hyperlink, an
/// 8-bit CSI, a right-to-left override, and a line break into a fake Markdown section.
const EVIL: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}]52;c;UFdORUQ=\u{7}\u{1b}]8;;http://evil.example\u{7}link\u{1b}]8;;\u{7}\u{9b}2J\u{202e}dlrow\n## Fake section\r\n- [x] fake";

fn evil(what: &str) -> String {
    format!("{what}{EVIL}")
}

fn roadlog(file: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roadlog"));
    cmd.arg("--file")
        .arg(file)
        .env_remove("ROADLOG_FILE")
        .env("COLUMNS", "100");
    cmd
}

fn ok(file: &Path, args: &[&str]) -> String {
    let out = roadlog(file).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A document in which every text field a user can fill carries [`EVIL`].
fn hostile_document(dir: &Path) -> PathBuf {
    let file = dir.join("roadlog.json");
    ok(&file, &["init", "--name", &evil("Shop")]);
    ok(
        &file,
        &[
            "vision",
            "add",
            &evil("Vision"),
            "--statement",
            &evil("statement"),
            "--target-group",
            &evil("group"),
            "--needs",
            &evil("needs"),
            "--product",
            &evil("product"),
            "--goal",
            &evil("goal"),
        ],
    );
    ok(
        &file,
        &[
            "epic",
            "add",
            &evil("Epic"),
            "--vision",
            "V-1",
            "--horizon",
            "now",
            "--description",
            &evil("description"),
            "--label",
            &evil("label"),
        ],
    );
    ok(
        &file,
        &[
            "sprint",
            "add",
            &evil("Sprint"),
            "--start",
            "2026-11-16",
            "--end",
            "2026-11-27",
            "--goal",
            &evil("goal"),
            "--capacity",
            "10",
        ],
    );
    for n in 0..2 {
        ok(
            &file,
            &[
                "story",
                "add",
                &evil(&format!("Story {n}")),
                "--epic",
                "E-1",
                "--points",
                "3",
                "--sprint",
                "SP-1",
                "--as",
                &evil("role"),
                "--want",
                &evil("want"),
                "--so-that",
                &evil("benefit"),
                "--description",
                &evil("description"),
                "--ac",
                &evil("criterion"),
                "--label",
                &evil("label"),
                "--assignee",
                &evil("assignee"),
            ],
        );
    }
    ok(&file, &["sprint", "start", "SP-1"]);
    ok(
        &file,
        &["story", "edit", "S-1", "--status", "done", "--force"],
    );
    file
}

/// Every human-readable command, and the JSON ones, which must be safe to print too.
const COMMANDS: &[&[&str]] = &[
    &["story", "show", "S-1"],
    &["story", "list"],
    &["story", "list", "--where", "label:x"],
    &["epic", "show", "E-1"],
    &["epic", "list"],
    &["vision", "show", "V-1"],
    &["vision", "list"],
    &["roadmap"],
    &["sprint", "show", "SP-1"],
    &["sprint", "show", "--current"],
    &["sprint", "list"],
    &["sprint", "report", "SP-1"],
    &["sprint", "report", "SP-1", "--format", "json"],
    &["check"],
    &["story", "show", "S-1", "--json"],
    &["story", "list", "--json"],
    &["epic", "list", "--json"],
    &["vision", "show", "V-1", "--json"],
    &["sprint", "show", "SP-1", "--json"],
];

/// A character that a terminal would act on rather than show.
fn is_risky(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[test]
fn no_command_prints_a_control_from_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_document(dir.path());
    for args in COMMANDS {
        let out: Output = roadlog(&file).args(*args).output().unwrap();
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let bad: Vec<char> = text.chars().filter(|c| is_risky(*c)).collect();
            assert!(bad.is_empty(), "{args:?} {stream} holds {bad:?}:\n{text}");
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let shows_text = !args
            .iter()
            .any(|a| a.contains("json") || *a == "--where" || *a == "check");
        if shows_text {
            assert!(
                text.contains("0;PWNED␇"),
                "{args:?} hides the text:\n{text}"
            );
        }
    }
}

#[test]
fn json_output_keeps_the_exact_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_document(dir.path());
    let story: Value =
        serde_json::from_str(&ok(&file, &["story", "show", "S-1", "--json"])).unwrap();
    assert_eq!(story["title"], evil("Story 0"));
    assert_eq!(story["description"], evil("description"));
    let report: Value = serde_json::from_str(&ok(
        &file,
        &["sprint", "report", "SP-1", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(report["goal"], evil("goal"));
}

#[test]
fn a_line_break_in_a_title_adds_no_row_and_no_section() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_document(dir.path());
    let list = ok(&file, &["story", "list"]);
    assert_eq!(list.lines().count(), 3, "a header and two rows:\n{list}");
    // Columns, not bytes: `␛` is one column but three bytes.
    let widths: Vec<usize> = list
        .lines()
        .map(|l| {
            let at = l.find("TITLE").or_else(|| l.find("Story")).unwrap();
            roadlog::safe_text::width(&l[..at])
        })
        .collect();
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "titles start in one column:\n{list}"
    );

    let report = ok(&file, &["sprint", "report", "SP-1"]);
    // The chart's legend inside the code block starts with `#` too.
    let headings: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with('#') && !l.starts_with("# points left"))
        .collect();
    // Only the report's own sections: the title's "## Fake section" is not one.
    let known = [
        "Done",
        "Done with exceptions",
        "Not done",
        "Carry-over",
        "Scope changes",
        "Burndown",
    ];
    for h in &headings[1..] {
        let name = h.trim_start_matches("## ");
        let name = name.split(" (").next().unwrap();
        assert!(
            known.contains(&name),
            "unexpected section {h:?} in\n{report}"
        );
    }
    assert!(headings.len() >= 6, "{report}");
    assert!(
        headings[0].starts_with(r"# Sprint␛\]0;PWNED␇"),
        "{}",
        headings[0]
    );
    assert!(
        !report.lines().any(|l| l.starts_with("## Fake")),
        "{report}"
    );
    assert!(
        !report.lines().any(|l| l.starts_with("- [x] fake")),
        "{report}"
    );
    let done = report.lines().find(|l| l.starts_with("- S-1 ")).unwrap();
    assert!(done.contains(r"⏎\#\# Fake section⏎- \[x\] fake"), "{done}");
}

#[test]
fn story_show_keeps_a_descriptions_lines_but_not_a_titles() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_document(dir.path());
    let show = ok(&file, &["story", "show", "S-1"]);
    let first = show.lines().next().unwrap();
    assert!(first.starts_with("S-1  Story 0␛]0;PWNED␇␛[2J"), "{first}");
    assert!(
        first.ends_with("dlrow⏎## Fake section⏎- [x] fake"),
        "{first}"
    );
    // The description keeps its lines, each under the first.
    let at = show
        .lines()
        .position(|l| l.starts_with("description"))
        .unwrap();
    let lines: Vec<&str> = show.lines().skip(at).take(3).collect();
    assert!(
        lines[0].starts_with("description  description␛]0;PWNED␇"),
        "{show}"
    );
    assert_eq!(lines[1], "             ## Fake section");
    assert_eq!(lines[2], "             - [x] fake");
}

#[test]
fn an_error_quoting_the_document_is_safe_too() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_document(dir.path());
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    doc["stories"][0]["status"] = Value::String(evil("status"));
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out = roadlog(&file).args(["story", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("status␛]0;PWNED␇"), "{err}");
    assert!(!err.chars().any(is_risky), "{err:?}");
}

// ------------------------------------------------------------ in a pseudo-terminal

/// What a terminal was asked to do besides drawing text.
#[derive(Default)]
struct Requests {
    seen: Vec<String>,
}

impl vt100::Callbacks for Requests {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.seen.push("bell".into());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.seen
            .push(format!("icon name {}", String::from_utf8_lossy(name)));
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.seen
            .push(format!("title {}", String::from_utf8_lossy(title)));
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8], data: &[u8]) {
        self.seen
            .push(format!("clipboard {}", String::from_utf8_lossy(data)));
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        self.seen.push(format!("osc {:?}", params));
    }
    fn unhandled_control(&mut self, _: &mut vt100::Screen, b: u8) {
        self.seen.push(format!("control {b:#x}"));
    }
}

/// vt100 reports the titles and clipboard writes it understands; this looks for the raw form
/// of every one a terminal might obey (OSC 0/1/2 titles, 52 clipboard, 8 links, 7- and 8-bit
/// introducers) and for bidi overrides.
fn assert_no_terminal_requests(what: &str, raw: &[u8]) {
    let text = String::from_utf8_lossy(raw);
    for osc in [
        "\x1b]0;", "\x1b]1;", "\x1b]2;", "\x1b]52;", "\x1b]8;", "\u{9d}", "\u{9b}", "\u{202e}",
    ] {
        assert!(!text.contains(osc), "{what} wrote {osc:?}");
    }
}

/// Runs roadlog in a 200x60 pseudo-terminal whose screen already shows a line, and returns
/// the screen and everything the program asked the terminal to do.
fn in_terminal(file: &Path, args: &[&str]) -> (String, Vec<String>, bool) {
    let (rows, cols) = (60, 200);
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadlog"));
    cmd.arg("--file");
    cmd.arg(file);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("ROADLOG_FILE");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    // Reads until the program has exited and closed its end (EOF or EIO).
    let output = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&buf[..n]);
        }
        bytes
    });
    let status = child.wait().unwrap();
    drop(pair.master);
    let bytes = output.join().unwrap();
    assert_no_terminal_requests(&format!("{args:?}"), &bytes);
    let size = |n| NonZeroU16::new(n).unwrap();
    let mut parser =
        vt100::Parser::new_with_callbacks(size(rows), size(cols), 0, Requests::default());
    parser.process(b"EARLIER OUTPUT\r\n");
    parser.process(&bytes);
    let screen = parser.screen().contents();
    (screen, parser.callbacks().seen.clone(), status.success())
}

#[test]
fn in_a_terminal_nothing_is_retitled_copied_or_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_document(dir.path());
    for args in [
        &["story", "show", "S-1"][..],
        &["story", "list"],
        &["roadmap"],
        &["sprint", "show", "SP-1"],
        &["sprint", "report", "SP-1"],
        &["epic", "show", "E-1"],
        &["vision", "show", "V-1"],
    ] {
        let (screen, requests, success) = in_terminal(&file, args);
        assert!(success, "{args:?}:\n{screen}");
        assert!(
            requests.is_empty(),
            "{args:?} asked the terminal for {requests:?}"
        );
        assert!(
            screen.starts_with("EARLIER OUTPUT\n"),
            "{args:?} cleared the screen:\n{screen}"
        );
        assert!(screen.contains("0;PWNED␇"), "{args:?}:\n{screen}");
    }
}

/// The TUI on a hostile document in a 120x40 pseudo-terminal whose screen already shows a
/// line: `keys` pressed one after another, each waited for by the text it brings up (or,
/// written `!text`, takes away), then quit. Returns the raw bytes, what the program asked the terminal to do, and the main
/// screen after exit.
fn tui_in_terminal(file: &Path, steps: &[(&str, &str)]) -> (Vec<u8>, Vec<String>, String) {
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    let (rows, cols) = (40, 120);
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadlog"));
    cmd.arg("--file");
    cmd.arg(file);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("ROADLOG_FILE");
    cmd.env_remove("NO_COLOR");
    cmd.cwd(file.parent().unwrap());
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let size = |n| NonZeroU16::new(n).unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
        size(rows),
        size(cols),
        0,
        Requests::default(),
    )));
    parser.lock().unwrap().process(b"EARLIER OUTPUT\r\n");
    let raw = Arc::new(Mutex::new(Vec::new()));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (sink, bytes) = (Arc::clone(&parser), Arc::clone(&raw));
    let output = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            bytes.lock().unwrap().extend_from_slice(&buf[..n]);
            sink.lock().unwrap().process(&buf[..n]);
        }
    });
    // `!text` waits for the text to go.
    let wait_for = |text: &str| {
        let (gone, text) = match text.strip_prefix('!') {
            Some(t) => (true, t),
            None => (false, text),
        };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if parser.lock().unwrap().screen().contents().contains(text) != gone {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}:\n{}",
            parser.lock().unwrap().screen().contents()
        );
    };
    let mut writer = pair.master.take_writer().unwrap();
    wait_for("2 Backlog");
    for (key, shows) in steps {
        writer.write_all(key.as_bytes()).unwrap();
        writer.flush().unwrap();
        wait_for(shows);
    }
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the TUI did not quit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(writer);
    drop(pair.master);
    output.join().unwrap();
    let raw = raw.lock().unwrap().clone();
    let parser = parser.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "still on the TUI's screen"
    );
    let seen = parser.callbacks().seen.clone();
    (raw, seen, parser.screen().contents())
}

/// The acceptance test: the TUI shows a document whose every text field carries escape
/// sequences in every view, and the terminal's title, clipboard and screen stay untouched.
#[test]
fn the_tui_in_a_terminal_retitles_copies_and_clears_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_document(dir.path());
    let steps = [
        ("1", "1 Roadmap · now/next/later"),
        ("t", "1 Roadmap · timeline"),
        ("t", "1 Roadmap · now/next/later"),
        ("2", "2 Backlog"),
        ("z", "2 Backlog by epic"),
        ("z", "Story 1␛]0;PWNED␇"),
        ("3", "3 Sprint"),
        ("P", "Planning"),
        ("P", "Board"),
        ("2", "2 Backlog"),
        ("c", "Criteria of"),
        ("\x1b", "!Criteria of"),
        ("?", "Help · "),
        ("\x1b", "!Help · "),
    ];
    let (raw, requests, screen) = tui_in_terminal(&file, &steps);
    assert!(
        requests.is_empty(),
        "the TUI asked the terminal for {requests:?}"
    );
    assert_no_terminal_requests("the TUI", &raw);
    let text = String::from_utf8_lossy(&raw);
    // The document's own text was on screen, shown as harmless pictures.
    assert!(text.contains("0;PWNED␇"), "the escapes were not shown");
    assert!(
        screen.starts_with("EARLIER OUTPUT"),
        "the earlier screen was lost:\n{screen}"
    );
}
