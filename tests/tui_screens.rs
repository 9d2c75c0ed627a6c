//! The TUI drawn on ratatui's TestBackend from the demo sample with a fixed `today`: insta
//! snapshots of each screen at 80x24 and 120x40, and buffer assertions for selection, filter
//! and the too-small message.
#![allow(clippy::unwrap_used)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use roadlog::tui::theme::Theme;
use roadlog::tui::{App, Effect, ReportFile, view};

mod support;
use support::*;

fn text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// `keys` pressed at each size, then the screen against its snapshot.
fn snapshot(name: &str, pressed: &str) {
    for (w, h) in SIZES {
        let mut a = sized(w, h);
        keys(&mut a, pressed);
        let terminal = render(&a);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn home() {
    snapshot("home", "");
}

#[test]
fn roadmap_board() {
    snapshot("roadmap_board", "1jj");
}

#[test]
fn roadmap_timeline() {
    snapshot("roadmap_timeline", "1t");
}

#[test]
fn backlog_with_waterline() {
    // Down to the last story above the waterline, so the line is on screen.
    snapshot("backlog_waterline", &format!("2{}", "j".repeat(22)));
}

#[test]
fn backlog_grouped_by_epic() {
    snapshot("backlog_grouped", "2z");
}

#[test]
fn sprint_with_burndown() {
    snapshot("sprint", "3");
}

#[test]
fn sprint_planning_over_capacity() {
    // Six stories from the top of the backlog take Sprint 16 past its 28 points.
    snapshot("sprint_planning", &format!("3P{}", " ".repeat(6)));
}

#[test]
fn sprint_burnup_marks_the_scope_change() {
    snapshot("sprint_burnup", "3]");
}

#[test]
fn sprint_velocity_chart() {
    snapshot("sprint_velocity", "3]]");
}

#[test]
fn sprint_close_asks_where_unfinished_stories_go() {
    snapshot("sprint_close", "3C");
}

#[test]
fn closing_in_the_tui_carries_over_and_records_the_result() {
    let mut a = app();
    keys(&mut a, "3C");
    assert!(keys(&mut a, "n").is_save());
    let closed = &a.product.sprints()[6];
    let result = closed.result.as_ref().unwrap();
    assert_eq!(result.carried_to, Some(a.product.sprints()[7].id));
    assert_eq!(result.carried_over.len(), 7);
    assert!(screen(&a).contains("closed SP-7; 7 unfinished stories to SP-8"));
    // The review goes to the loop to write through the store, named for the closed sprint.
    let Effect::WriteReport(ReportFile {
        what,
        file_name,
        text,
    }) = keys(&mut a, "X<Enter>")
    else {
        panic!("X, Enter writes the review of the sprint just closed");
    };
    assert_eq!((what, file_name.as_str()), ("the review", "SP-7-review.md"));
    assert!(
        text.contains("## Carry-over") && text.contains("to SP-8"),
        "{text}"
    );
}

#[test]
fn x_in_the_roadmap_exports_it_as_markdown_unless_read_only() {
    let mut a = app();
    let Effect::WriteReport(ReportFile {
        what,
        file_name,
        text,
    }) = keys(&mut a, "1X")
    else {
        panic!("X writes the roadmap");
    };
    assert_eq!((what, file_name.as_str()), ("the roadmap", "roadmap.md"));
    assert!(
        text.starts_with("# Harbour Goods web shop: roadmap"),
        "{text}"
    );
    assert!(
        text.contains("## Now") && text.contains("## Active sprint: Sprint 15 (SP-7)"),
        "{text}"
    );

    let mut a = app();
    a.read_only = true;
    assert!(matches!(keys(&mut a, "1X"), Effect::None));
    assert!(screen(&a).contains("read-only"), "{}", screen(&a));
}

#[test]
fn planning_flags_stories_without_points_and_clicks_land_in_its_columns() {
    let mut a = sized(120, 40);
    keys(&mut a, "3P");
    let s = screen(&a);
    assert!(s.contains("? no points: not ready"), "{s}");
    // The sprint column starts at x=44; its second story (S-18) is on row 10.
    click(&mut a, 50, 10);
    assert!(screen(&a).contains("Story S-18"));
    assert!(keys(&mut a, " ").is_save());
    let s18 = a.product.stories().iter().find(|s| s.id.0 == 18).unwrap();
    assert_eq!(s18.sprint, None, "Space on a sprint story takes it out");
}

#[test]
fn help_overlay() {
    snapshot("help", "2?");
}

#[test]
fn waterline_is_drawn_in_the_backlog() {
    let mut a = sized(120, 40);
    keys(&mut a, "2<PgDn>");
    assert!(screen(&a).contains("── waterline:"));
}

#[test]
fn the_selected_row_is_highlighted_and_follows_the_cursor() {
    let mut a = app();
    keys(&mut a, "2jj");
    let terminal = render(&a);
    let buf = terminal.backend().buffer();
    let row_of = |needle: &str| {
        (0..24)
            .find(|y| {
                let line: String = (0..80).map(|x| buf[(x, *y)].symbol().to_string()).collect();
                line.contains(needle)
            })
            .unwrap()
    };
    // S-8 to S-10 are done, hidden: the third row is S-13.
    let selected = row_of("S-13 ");
    let other = row_of("S-12 ");
    // Inside the Backlog pane (right half), the selected row is reversed across its width.
    for x in 41..79 {
        assert!(
            buf[(x, selected)].modifier.contains(Modifier::REVERSED),
            "x={x}"
        );
        assert!(!buf[(x, other)].modifier.contains(Modifier::REVERSED));
    }
    assert!(text(&terminal).contains("Story S-13"));
}

#[test]
fn selection_follows_the_story_when_it_moves() {
    let mut a = app();
    // The second open story (S-8 to S-10 are done, hidden), one down.
    keys(&mut a, "2jJ");
    assert_eq!(a.product.stories()[5].id.to_string(), "S-12");
    assert!(screen(&a).contains("Story S-12"));
    keys(&mut a, "u");
    assert_eq!(a.product.stories()[4].id.to_string(), "S-12");
}

#[test]
fn the_filter_narrows_the_list_and_is_shown() {
    let mut a = app();
    // `q` and `j` are filter text while typing, not quit and down.
    keys(&mut a, "2/apple");
    let s = screen(&a);
    assert!(s.contains("/apple"), "{s}");
    assert!(s.contains("filter: apple"));
    assert!(s.contains("Apple Pay button"));
    assert!(!s.contains("S-11 "));
    keys(&mut a, "<Enter>");
    assert!(screen(&a).contains("/apple"));
    keys(&mut a, "<Esc>");
    let s = screen(&a);
    assert!(!s.contains("/apple"));
    assert!(s.contains("S-11 "));
}

#[test]
fn enter_on_an_epic_filters_the_backlog_to_it() {
    let mut a = app();
    // Visions come first; the next group is Now, whose first epic is E-1.
    keys(&mut a, "1l<Enter>");
    let s = screen(&a);
    assert!(s.contains("epic E-1"), "{s}");
    assert!(!s.contains("Card form validation"));
}

#[test]
fn too_small_says_how_big_it_needs_to_be() {
    for (w, h) in [(20, 5), (39, 30), (100, 11)] {
        let a = sized(w, h);
        let s = screen(&a);
        assert!(s.contains("need 40x12"), "{w}x{h}: {s}");
    }
}

#[test]
fn read_only_refuses_edits_with_a_message() {
    let mut a = app();
    a.read_only = true;
    let before = a.product.clone();
    keys(&mut a, "2J");
    assert_eq!(a.product, before);
    let s = screen(&a);
    assert!(s.contains("read-only"));
    assert!(s.contains("[read-only]"));
}

mod sizes {
    use super::*;
    use proptest::prelude::*;

    /// What a user does: a key (no `q`, which would quit), filter text, a click or a turn of
    /// the wheel.
    #[derive(Debug, Clone)]
    enum Input {
        Key(&'static str),
        Char(char),
        Click(u16, u16),
        Wheel(u16, u16, bool),
    }

    fn input() -> impl Strategy<Value = Input> {
        let key = prop::sample::select(vec![
            "k", "j", "<PgDn>", "<PgUp>", "<Home>", "G", "h", "l", "<Tab>", "<S-Tab>", "t", "o",
            "<Enter>", "<Esc>", "?", "J", "K", "L", "H", "s", "u", "<C-r>", "/",
        ]);
        prop_oneof![
            key.prop_map(Input::Key),
            prop::char::range('a', 'e').prop_map(Input::Char),
            (0u16..130, 0u16..50).prop_map(|(x, y)| Input::Click(x, y)),
            (0u16..130, 0u16..50, any::<bool>()).prop_map(|(x, y, down)| Input::Wheel(x, y, down)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// No size from 1x1 up and no sequence of keys makes drawing panic, and undoing
        /// everything gives back the document it started from.
        #[test]
        fn any_size_and_any_keys_draw_without_panic(
            w in 1u16..130,
            h in 1u16..50,
            inputs in prop::collection::vec(input(), 0..40),
        ) {
            let mut a = sized(w, h);
            let start = a.product.clone();
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            for input in inputs {
                match input {
                    Input::Key(k) => keys(&mut a, k),
                    // Typed into the filter, which `/` opens (or takes as text).
                    Input::Char(c) => keys(&mut a, &format!("/{c}")),
                    Input::Click(x, y) => { click(&mut a, x, y); Effect::None }
                    Input::Wheel(x, y, true) => { wheel_down(&mut a, x, y); Effect::None }
                    Input::Wheel(x, y, false) => { wheel_up(&mut a, x, y); Effect::None }
                };
                terminal.draw(|f| view::draw(f, &a)).unwrap();
            }
            resize(&mut a, w / 2 + 1, h / 2 + 1);
            terminal.resize(ratatui::layout::Rect::new(0, 0, w / 2 + 1, h / 2 + 1)).unwrap();
            terminal.draw(|f| view::draw(f, &a)).unwrap();
            // Out of the filter or the help, whichever is open, then undo everything.
            keys(&mut a, "<Esc>");
            keys(&mut a, &"u".repeat(100));
            prop_assert_eq!(&a.product, &start);
        }
    }
}

#[test]
fn a_click_focuses_the_pane_and_selects_the_row() {
    let mut a = app();
    // Home at 80x24: Roadmap on the left, rows start at y=2 (header, border); y=6 is the
    // first epic under "Now" (Visions header, two visions, Now header).
    keys(&mut a, "2");
    click(&mut a, 5, 6);
    assert_eq!(a.focus, roadlog::tui::Pane::Roadmap);
    assert!(screen(&a).contains("Epic E-1"));
    // And on the Backlog, the fourth open story (S-14 in the sample's order).
    click(&mut a, 50, 5);
    assert!(screen(&a).contains("Story S-14"));
    wheel_down(&mut a, 50, 5);
    assert!(screen(&a).contains("Story S-17"));
    wheel_up(&mut a, 50, 5);
    assert!(screen(&a).contains("Story S-14"));
}

#[test]
fn no_colour_theme_uses_modifiers_only() {
    let t = Theme::no_colour();
    for style in [
        t.selected,
        t.focus,
        t.title,
        t.warn,
        t.bad,
        t.waterline,
        t.actual,
        t.today,
    ] {
        assert_eq!(style.fg, None);
        assert_eq!(style.bg, None);
    }
    assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
}

/// docs/TUI.md and README.md carry the key list; it is generated from the key map, and
/// this fails when they drift apart (run with ROADLOG_PRINT_KEYS=1 to print the table).
#[test]
fn the_documented_key_list_matches_the_key_map() {
    let table = roadlog::tui::keymap::markdown();
    if std::env::var_os("ROADLOG_PRINT_KEYS").is_some() {
        println!("{table}");
    }
    for file in ["docs/TUI.md", "README.md"] {
        let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
        let doc = std::fs::read_to_string(path).unwrap();
        assert!(
            doc.contains(&table),
            "{file}'s key table is out of date:\n{table}"
        );
    }
}

#[test]
fn wide_roadmap_is_a_board_of_columns_and_clicks_land_on_cards() {
    let mut a = sized(120, 40);
    let s = screen(&a);
    assert!(
        s.contains("Now (3)            Next (2)            Later (1)"),
        "{s}"
    );
    // The Next column's first card (rows 6-7, from x=20).
    click(&mut a, 25, 7);
    assert!(screen(&a).contains("Epic E-3"));
    keys(&mut a, "l");
    assert!(screen(&a).contains("Epic E-5"));
    keys(&mut a, "hhj");
    assert!(screen(&a).contains("Epic E-2"));
}

#[test]
fn wide_sprint_board_has_status_columns_and_clicks_select() {
    let mut a = sized(120, 40);
    keys(&mut a, "3");
    let s = screen(&a);
    // The empty Draft column gives its room to the others.
    assert!(
        s.contains("Draft (0) Ready (3)           In progress (2)"),
        "{s}"
    );
    // The "Review (2)" column starts near x=50 below its heading on row 8; each story there
    // takes five rows (title and assignee), so the second story's third row is row 16.
    click(&mut a, 58, 16);
    assert!(screen(&a).contains("Story S-12"));
    keys(&mut a, "l");
    assert!(screen(&a).contains("Story S-9"));
}

/// Lists are windowed: a backlog of 20,000 stories draws its last page like its first.
#[test]
fn a_huge_backlog_draws_only_its_window() {
    let product = roadlog::demo::sample(today(), 20_000).unwrap();
    let mut a = App::new(product, today(), "big.json".into(), Theme::colour());
    resize(&mut a, 80, 24);
    keys(&mut a, "2G");
    let s = screen(&a);
    assert!(s.contains("S-20000"), "{s}");
    keys(&mut a, "<PgUp>g");
    assert!(screen(&a).contains("Story S-11 "));
}

#[test]
fn help_scrolls_when_the_terminal_is_small() {
    let mut a = sized(40, 12);
    keys(&mut a, "?");
    let s = screen(&a);
    assert!(s.contains("for more"), "{s}");
    keys(&mut a, &"j".repeat(300));
    let s = screen(&a);
    assert!(s.contains("marks:"), "{s}");
    assert!(!s.contains("for more"));
    keys(&mut a, "q");
    assert!(
        !screen(&a).contains("marks:"),
        "q closes the help, it does not quit"
    );
    assert!(!a.quit);
}

/// The leaves of the UI (the panes, the actions, the key map, the theme, the layout, the
/// shared drawing) know nothing of the App, so they can be read, and changed, alone.
#[test]
fn leaf_modules_import_nothing_from_the_app() {
    let leaves = [
        "pane.rs",
        "action.rs",
        "keymap.rs",
        "theme.rs",
        "layout.rs",
        "widgets.rs",
        "wrap.rs",
        "editor.rs",
    ];
    for leaf in leaves {
        let path = format!("{}/src/tui/{leaf}", env!("CARGO_MANIFEST_DIR"));
        let source = std::fs::read_to_string(&path).unwrap();
        for line in source
            .lines()
            .filter(|l| l.trim_start().starts_with("use "))
        {
            assert!(
                !line.contains("app::") && !line.contains("App"),
                "{leaf} imports from the App: {line}"
            );
        }
    }
}

/// README.md and docs/TUI.md open with a picture of the 80x24 home screen; it must be the
/// screen a user sees, not an older one.
#[test]
fn the_documented_home_screen_is_the_real_one() {
    let drawn = screen(&sized(80, 24));
    let picture: Vec<&str> = drawn
        .lines()
        .map(|l| l.trim_matches('"').trim_end())
        .collect();
    let picture = picture.join("\n");
    for file in ["docs/TUI.md", "README.md"] {
        let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
        let doc = std::fs::read_to_string(path).unwrap();
        let doc: Vec<&str> = doc.lines().map(str::trim_end).collect();
        assert!(
            doc.join("\n").contains(&picture),
            "{file}'s screen picture is out of date; the screen is:\n{picture}"
        );
    }
}

/// The help's marks line and docs/TUI.md's list of marks say the same, `✗ dropped` too.
#[test]
fn the_help_and_the_docs_list_the_same_marks() {
    let path = format!("{}/docs/TUI.md", env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(path).unwrap();
    let listed = doc
        .lines()
        .skip_while(|l| !l.starts_with("Marks: "))
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    for (mark, what) in roadlog::tui::help::MARKS {
        assert!(
            listed.contains(&format!("`{mark}` {what}")),
            "docs/TUI.md's marks lack `{mark}` {what}: {listed}"
        );
    }
    let mut a = sized(200, 60);
    keys(&mut a, "?");
    let s = screen(&a);
    assert!(s.contains("✓ done") && s.contains("✗ dropped"), "{s}");
}
