//! The config file as a user meets it: `roadlog config path|init` in temporary folders named
//! by $ROADLOG_CONFIG, a broken file refused with its line, the date format and default
//! document in the commands' output, remapped keys in the help and footer (TestBackend) and
//! doing their action in the real binary (pseudo-terminal), and NO_COLOR over the theme.
#![allow(clippy::unwrap_used)]

#[path = "support/pty.rs"]
mod pty;
mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pty::{BIN, Tui, demo_file, wait_file};
use roadlog::tui::keymap::{self, KeyMap};

/// The binary in `cwd` with the config at `config` and nothing else choosing a file.
fn roadlog(cwd: &Path, config: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(cwd)
        .env_remove("ROADLOG_FILE")
        .env("ROADLOG_CONFIG", config)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A refusal: exit 1, nothing on stdout; returns stderr.
fn refused(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    String::from_utf8(out.stderr.clone()).unwrap()
}

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("conf/roadlog/config.toml")
    }

    fn write(&self, text: &str) {
        std::fs::create_dir_all(self.config().parent().unwrap()).unwrap();
        std::fs::write(self.config(), text).unwrap();
    }

    fn run(&self, args: &[&str]) -> Output {
        roadlog(self.dir.path(), &self.config(), args)
    }

    /// The real binary's TUI on `file` in a pseudo-terminal, with this config and `env`.
    fn tui(&self, file: &Path, env: &[(&str, &str)]) -> Tui {
        let config = self.config().display().to_string();
        let mut all = vec![("ROADLOG_CONFIG", config.as_str())];
        all.extend_from_slice(env);
        Tui::spawn_with(file, &[], &all)
    }
}

#[test]
fn config_path_says_where_the_file_is_and_whether_it_exists() {
    let s = Setup::new();
    let out = stdout(&s.run(&["config", "path"]));
    let shown = s.config().display().to_string();
    assert!(out.starts_with(&shown), "{out}");
    assert!(out.contains("named by $ROADLOG_CONFIG"), "{out}");
    assert!(out.contains("does not exist"), "{out}");
    assert!(out.contains("roadlog config init"), "{out}");
    s.write("");
    let out = stdout(&s.run(&["config", "path"]));
    assert!(out.contains("exists)"), "{out}");
    assert!(!out.contains("does not exist"), "{out}");
}

#[test]
fn without_roadlog_config_the_path_is_in_the_platform_config_folder() {
    let s = Setup::new();
    let out = Command::new(BIN)
        .current_dir(s.dir.path())
        .env_remove("ROADLOG_CONFIG")
        .env("HOME", s.dir.path())
        .env("XDG_CONFIG_HOME", s.dir.path().join("xdg"))
        .args(["config", "path"])
        .output()
        .unwrap();
    let out = stdout(&out);
    let expected = s.dir.path().join("xdg/roadlog/config.toml");
    assert!(out.starts_with(&expected.display().to_string()), "{out}");
    assert!(out.contains("the platform config folder"), "{out}");
}

#[test]
fn config_init_writes_a_commented_default_once_with_the_mode_of_a_new_document() {
    let s = Setup::new();
    let out = stdout(&s.run(&["config", "init"]));
    assert!(
        out.contains(&format!("wrote {}", s.config().display())),
        "{out}"
    );
    let text = std::fs::read_to_string(s.config()).unwrap();
    assert!(text.contains("# date_format = \"%Y-%m-%d\""), "{text}");
    assert!(text.contains("# backlog.rank_down = \"ctrl-j\""), "{text}");
    // A new document is made the same way: the umask decides both.
    stdout(&s.run(&["init", "--file", "doc.json"]));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&s.config()), mode(&s.dir.path().join("doc.json")));
    // The written default is a working config.
    stdout(&s.run(&["--file", "doc.json", "story", "list"]));

    std::fs::write(s.config(), "date_format = \"%d.%m.%Y\"\n").unwrap();
    let err = refused(&s.run(&["config", "init"]));
    assert!(err.contains("exists already"), "{err}");
    assert!(err.contains(&s.config().display().to_string()), "{err}");
    assert_eq!(
        std::fs::read_to_string(s.config()).unwrap(),
        "date_format = \"%d.%m.%Y\"\n"
    );
}

#[test]
fn a_broken_config_stops_commands_naming_the_file_and_line_but_not_config_path() {
    let s = Setup::new();
    stdout(&s.run(&["init", "--file", "doc.json"]));
    let doc = s.dir.path().join("doc.json");
    let before = std::fs::read(&doc).unwrap();
    let cases = [
        ("[theme]\nfocus = \"cyan\"\n[keys\n", ":3:", "expected"),
        ("\ncolour = \"red\"\n", ":2:", "unknown field `colour`"),
        (
            "[theme]\n\nwarn = \"pink\"\n",
            ":3:",
            "'pink' is not a colour",
        ),
        (
            "[keys.backlog]\nrank_dwn = \"z\"\n",
            ":2:",
            "no action 'rank_dwn'",
        ),
        (
            "[keys.backlgo]\nrank_down = \"z\"\n",
            ":2:",
            "no place 'backlgo'",
        ),
        (
            "[keys.global]\n\nundo = \"ctrl-\"\n",
            ":3:",
            "'ctrl-' is not a key",
        ),
        (
            "[keys.backlog]\ntoggle_group = \"J\"\n",
            ":2:",
            "J is already the key of backlog.rank_down",
        ),
        ("date_format = \"%Y %Q\"\n", ":1:", "not a date format"),
    ];
    for (text, line, what) in cases {
        s.write(text);
        for args in [
            &["--file", "doc.json", "story", "add", "New"][..],
            &["--file", "doc.json", "story", "list"][..],
        ] {
            let err = refused(&s.run(args));
            let named = format!("{}{line}", s.config().display());
            assert!(err.contains(&named), "{text:?}: {err}");
            assert!(err.contains(what), "{text:?}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
        assert_eq!(std::fs::read(&doc).unwrap(), before);
        // `config path` is the check: it says why, and fails.
        let checked = s.run(&["config", "path"]);
        assert_eq!(checked.status.code(), Some(1), "{checked:?}");
        let out = String::from_utf8(checked.stdout).unwrap();
        assert!(
            out.contains("exists, but roadlog refuses it: line"),
            "{out}"
        );
        assert!(out.contains(what), "{out}");
    }
    // What never reads the config works while it is broken; git's merges among them.
    stdout(&s.run(&["schema"]));
    stdout(&s.run(&["completions", "bash"]));
    for name in ["base.json", "theirs.json"] {
        std::fs::copy(&doc, s.dir.path().join(name)).unwrap();
    }
    let merged = s.run(&["merge-driver", "base.json", "doc.json", "theirs.json"]);
    assert!(merged.status.success(), "{merged:?}");
}

#[test]
fn the_date_format_shows_in_the_commands_text_and_json_keeps_iso() {
    let s = Setup::new();
    let doc = demo_file(s.dir.path());
    let doc = doc.to_str().unwrap();
    s.write("date_format = \"%d %b %Y\"\n");
    // The demo's sprints lie around today: SP-7's dates are read from the JSON, in ISO.
    let json = stdout(&s.run(&["--file", doc, "sprint", "list", "--json"]));
    let listed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sp7 = &listed["sprints"][6];
    assert_eq!(sp7["id"], "SP-7", "{json}");
    let iso = |key: &str| {
        let text = sp7[key].as_str().unwrap();
        let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        (text.to_string(), date.format("%d %b %Y").to_string())
    };
    let ((start_iso, start), (_, end)) = (iso("start"), iso("end"));
    let list = stdout(&s.run(&["--file", doc, "sprint", "list"]));
    assert!(list.contains(&format!("{start}  {end}")), "{list}");
    assert!(!list.contains(&start_iso), "{list}");
    let show = stdout(&s.run(&["--file", doc, "sprint", "show", "SP-7"]));
    assert!(show.contains(&format!("{start} .. {end}")), "{show}");
    // The forecast and the goals show their dates the same way.
    let by = stdout(&s.run(&["--file", doc, "forecast", "--by", "2027-03-31"]));
    assert!(by.contains("by 31 Mar 2027:"), "{by}");
    let ahead = stdout(&s.run(&["--file", doc, "forecast"]));
    assert!(ahead.contains(&format!("SP-7 to {end}")), "{ahead}");
    for text in [&by, &ahead] {
        assert!(
            !text.contains(" 2026-") && !text.contains(" 2027-"),
            "{text}"
        );
    }
    let goals = stdout(&s.run(&["--file", doc, "vision", "goals"]));
    assert!(!goals.contains(" 2027-"), "{goals}");
    assert!(goals.contains(" 2027 "), "{goals}");
}

#[test]
fn the_configured_document_is_used_when_no_flag_env_or_nearby_file_names_one() {
    let s = Setup::new();
    let elsewhere = s.dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    demo_file(&elsewhere);
    let here = s.dir.path().join("here");
    std::fs::create_dir(&here).unwrap();
    // Relative to the config file's folder, which is conf/roadlog.
    s.write("document = \"../../elsewhere/demo.json\"\n");
    let out = stdout(&roadlog(&here, &s.config(), &["story", "show", "S-11"]));
    assert!(out.starts_with("S-11"), "{out}");
    // A roadlog.json in the folder wins over the config's document.
    stdout(&roadlog(&here, &s.config(), &["init", "--name", "Here"]));
    let out = stdout(&roadlog(&here, &s.config(), &["story", "list"]));
    assert!(!out.contains("S-11"), "{out}");
    // A configured document that is not there says so and how to make it.
    s.write("document = \"/nonexistent/roadlog.json\"\n");
    let err = refused(&roadlog(s.dir.path(), &s.config(), &["story", "list"]));
    assert!(err.contains("the config file's `document`"), "{err}");
}

/// TestBackend: the help overlay and the footer name the key the config gives, and the key
/// map dispatches it.
#[test]
fn help_and_footer_show_a_remapped_key() {
    let text = "[keys.backlog]\nrank_down = \"Z\"\n[keys.global]\nfilter = \"ctrl-f\"\n";
    let config = roadlog::config::parse(text).unwrap();
    keymap::install(KeyMap::build(&config.remaps).unwrap());
    let mut app = support::app();
    let footer = support::screen(&app);
    let footer = footer.lines().last().unwrap().to_string();
    assert!(footer.contains("Z rank"), "{footer}");
    assert!(!footer.contains("J rank"), "{footer}");
    support::keys(&mut app, "?");
    let help = support::screen(&app);
    assert!(help.contains("Z          move the story down"), "{help}");
    assert!(!help.contains("J          move the story down"), "{help}");
    // The help wraps its lines, so the global keys may lie further down: scroll to them.
    let mut shown = help;
    for _ in 0..40 {
        if shown.contains("Ctrl-f     filter the list") {
            break;
        }
        support::keys(&mut app, "j");
        shown = support::screen(&app);
    }
    assert!(shown.contains("Ctrl-f     filter the list"), "{shown}");
    support::keys(&mut app, "<Esc>");
    support::keys(&mut app, "Z");
    assert!(
        app.message.as_deref().is_some_and(|m| m.contains("moved")),
        "{:?}",
        app.message
    );
}

/// The real binary in a pseudo-terminal: the remapped key does the action, the old key does
/// nothing, and the footer names the new one.
#[test]
fn a_remapped_key_does_the_action_in_the_terminal_and_the_old_key_does_not() {
    let s = Setup::new();
    let file = demo_file(s.dir.path());
    s.write("[keys.backlog]\nrank_down = \"Z\"\n");
    let original = std::fs::read(&file).unwrap();
    let mut tui = s.tui(&file, &[]);
    tui.wait_for("? help");
    tui.wait_for("S-11 ");
    tui.wait_for("Z rank");
    assert!(!tui.screen().contains("J rank"), "{}", tui.screen());

    // J first, then the help: once the help shows, J has been handled, and did nothing.
    tui.send("J");
    tui.send("?");
    tui.wait_for("Z          move the story down");
    assert_eq!(std::fs::read(&file).unwrap(), original, "J moved a story");
    assert!(!tui.screen().contains("moved S-11"), "{}", tui.screen());
    tui.esc("Z rank");

    tui.send("Z");
    wait_file(&file, "Z saved a new order", |b| b != original.as_slice());
    tui.wait_for("moved S-11");
    tui.send("q");
    tui.wait_exit();
}

/// A broken config: the TUI does not start; the message names the file and the line.
#[test]
fn the_tui_does_not_start_on_a_broken_config() {
    let s = Setup::new();
    let file = demo_file(s.dir.path());
    s.write("[keys.backlog]\nrank_down = \"hyper-z\"\n");
    let mut tui = s.tui(&file, &[]);
    tui.wait_for("config.toml:2:");
    tui.wait_exit();
    let status = tui.child.wait().unwrap();
    assert_eq!(status.exit_code(), 1);
    let screen = tui.screen();
    assert!(screen.contains("'hyper-z' is not a key"), "{screen}");
    assert!(!screen.contains("? help"), "{screen}");
}

/// The config's colours reach the terminal, and NO_COLOR turns them all off.
#[test]
fn theme_colours_show_and_no_color_wins_over_them() {
    let s = Setup::new();
    let file = demo_file(s.dir.path());
    s.write("[theme]\nfocus = \"yellow\"\n");
    let coloured = |screen: &vt100::Screen, colour: vt100::Color| {
        let (rows, cols) = screen.size();
        (0..rows.get()).any(|r| {
            (0..cols.get()).any(|c| {
                screen
                    .cell(r, c)
                    .is_some_and(|cell| cell.fgcolor() == colour || cell.bgcolor() == colour)
            })
        })
    };
    let yellow = vt100::Color::Idx(3);
    let mut tui = s.tui(&file, &[]);
    tui.wait_for("? help");
    tui.wait_until("a yellow focus border", |s| coloured(s, yellow));
    tui.send("q");
    tui.wait_exit();

    let mut tui = s.tui(&file, &[("NO_COLOR", "1")]);
    tui.wait_for("? help");
    tui.wait_for("S-11 ");
    {
        let parser = tui.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!coloured(screen, yellow), "{}", screen.contents());
        let (rows, cols) = screen.size();
        for r in 0..rows.get() {
            for c in 0..cols.get() {
                let cell = screen.cell(r, c).unwrap();
                assert_eq!(cell.fgcolor(), vt100::Color::Default, "row {r} col {c}");
                assert_eq!(cell.bgcolor(), vt100::Color::Default, "row {r} col {c}");
            }
        }
    }
    tui.send("q");
    tui.wait_exit();
}

/// The demo on TestBackend, showing dates as `02 Dec 2026`.
fn dated_app() -> roadlog::tui::App {
    let mut app = support::app();
    app.dates = roadlog::config::DateFormat::new("%d %b %Y").unwrap();
    app
}

/// TestBackend: the TUI shows dates in the configured format (the whole detail of a story,
/// the planning header), and ISO without a config.
#[test]
fn the_tui_shows_dates_in_the_configured_format() {
    let mut app = support::app();
    support::keys(&mut app, "i");
    let iso = support::screen(&app);
    assert!(iso.contains("created: 2026-"), "{iso}");

    let mut app = dated_app();
    support::keys(&mut app, "i");
    let shown = support::screen(&app);
    assert!(!shown.contains("created: 2026-"), "{shown}");
    let created = shown.split("created: ").nth(1).unwrap();
    let words: Vec<&str> = created.split_whitespace().take(3).collect();
    assert_eq!(words[0].len(), 2, "{shown}");
    assert!(words[1].chars().all(char::is_alphabetic), "{shown}");
    assert_eq!(words[2], "2026", "{shown}");

    let mut app = dated_app();
    support::keys(&mut app, "3P");
    let planning = support::screen(&app);
    assert!(
        planning.contains("Planning SP-8 Sprint 16 · 02 Dec 2026 → 15 Dec 2026"),
        "{planning}"
    );
    // The Sprint view's own header and the start question use it too.
    let mut app = dated_app();
    support::keys(&mut app, "3");
    let header = support::screen(&app);
    assert!(header.contains("18 Nov 2026 → 01 Dec 2026"), "{header}");
    // The vision board's goal cards and the `:by DATE` message too.
    let mut app = support::app();
    app.dates = roadlog::config::DateFormat::new("%d %b %Y").unwrap();
    support::keys(&mut app, "1V");
    let board = support::screen(&app);
    assert!(board.contains("3.1% → 4% by "), "{board}");
    assert!(!board.contains(" by 2027-"), "{board}");
    let mut app = support::app();
    app.dates = roadlog::config::DateFormat::new("%d %b %Y").unwrap();
    support::keys(&mut app, "2:by 2027-03-31<Enter>");
    let by = support::screen(&app);
    assert!(by.contains("done by 31 Mar 2027 with 85%"), "{by}");
    // The review picker's closed sprints.
    let mut app = support::app();
    app.dates = roadlog::config::DateFormat::new("%d %b %Y").unwrap();
    support::keys(&mut app, "3X");
    let review = support::screen(&app);
    assert!(review.contains("· closed "), "{review}");
    assert!(!review.contains("closed 2026-"), "{review}");
    assert!(review.contains(" Nov 2026 ·"), "{review}");
}

/// Every example the written default comments out is a working setting once uncommented.
#[test]
fn the_default_files_examples_all_work_when_uncommented() {
    let text: String = roadlog::config::DEFAULT_FILE
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if rest.contains(" = ") && !rest.contains(':') => rest,
            _ => line,
        })
        .flat_map(|line| [line, "\n"])
        .collect();
    let config = roadlog::config::parse(&text).unwrap();
    assert!(config.document.is_some(), "{text}");
    assert!(config.theme.focus.is_some(), "{text}");
    assert_eq!(config.remaps.len(), 3, "{text}");
    let map = KeyMap::build(&config.remaps).unwrap();
    let undo = map
        .bindings()
        .iter()
        .find(|b| b.id() == "global.undo")
        .unwrap();
    assert_eq!(keymap::label_keys(&undo.keys), "u/Ctrl-z");
}

/// `config init` writes every role of the theme that docs/TUI.md lists, each commented out.
#[test]
fn the_default_file_lists_every_documented_theme_role() {
    let path = format!("{}/docs/TUI.md", env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(path).unwrap();
    let row = doc
        .lines()
        .find(|l| l.starts_with("| `[theme]` |"))
        .unwrap();
    let roles_part = row.split("Colours:").next().unwrap();
    let roles: Vec<&str> = roles_part
        .split('`')
        .skip(3) // `| `, `[theme]`, ` | A named colour ...: `
        .step_by(2)
        .collect();
    assert_eq!(roles.len(), 14, "{roles:?}");
    for role in roles {
        assert!(
            roadlog::config::DEFAULT_FILE.contains(&format!("\n# {role} = \"")),
            "config init does not list {role}"
        );
    }
}
