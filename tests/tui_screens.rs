//! The TUI drawn on ratatui's TestBackend from the demo sample with a fixed `today`: insta
//! snapshots of each screen at 80x24 and 120x40, and buffer assertions for selection, filter
//! and the too-small message.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use roadlog::tui::theme::Theme;
use roadlog::tui::{Action, App, Effect, ReportFile, view};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn app(width: u16, height: u16) -> App {
    let product = roadlog::demo::sample(today(), 40).unwrap();
    let mut app = App::new(product, today(), "demo.json".into(), Theme::colour());
    app.update(Action::Resize { width, height });
    app
}

fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    terminal
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

fn drive(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.update(a.clone());
    }
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snapshot(name: &str, actions: &[Action]) {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        drive(&mut a, actions);
        let terminal = render(&a, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn home() {
    snapshot("home", &[]);
}

#[test]
fn roadmap_board() {
    snapshot(
        "roadmap_board",
        &[Action::FocusRoadmap, Action::Down, Action::Down],
    );
}

#[test]
fn roadmap_timeline() {
    snapshot(
        "roadmap_timeline",
        &[Action::FocusRoadmap, Action::ToggleTimeline],
    );
}

#[test]
fn backlog_with_waterline() {
    // Down to the last story above the waterline, so the line is on screen.
    let mut actions = vec![Action::FocusBacklog];
    actions.extend(std::iter::repeat_n(Action::Down, 22));
    snapshot("backlog_waterline", &actions);
}

#[test]
fn backlog_grouped_by_epic() {
    snapshot(
        "backlog_grouped",
        &[Action::FocusBacklog, Action::ToggleGroup],
    );
}

#[test]
fn sprint_with_burndown() {
    snapshot("sprint", &[Action::FocusSprint]);
}

#[test]
fn sprint_planning_over_capacity() {
    // Six stories from the top of the backlog take Sprint 16 past its 28 points.
    let mut actions = vec![Action::FocusSprint, Action::TogglePlanning];
    actions.extend(std::iter::repeat_n(Action::PlanToggle, 6));
    snapshot("sprint_planning", &actions);
}

#[test]
fn sprint_burnup_marks_the_scope_change() {
    snapshot(
        "sprint_burnup",
        &[Action::FocusSprint, Action::ToggleBurnup],
    );
}

#[test]
fn sprint_velocity_chart() {
    snapshot(
        "sprint_velocity",
        &[Action::FocusSprint, Action::ToggleVelocity],
    );
}

#[test]
fn sprint_close_asks_where_unfinished_stories_go() {
    snapshot(
        "sprint_close",
        &[Action::FocusSprint, Action::AskCloseSprint],
    );
}

#[test]
fn closing_in_the_tui_carries_over_and_records_the_result() {
    let mut a = app(80, 24);
    drive(&mut a, &[Action::FocusSprint, Action::AskCloseSprint]);
    assert!(a.update(Action::CloseToNextSprint).is_save());
    let closed = &a.product.sprints()[1];
    let result = closed.result.as_ref().unwrap();
    assert_eq!(result.carried_to, Some(a.product.sprints()[2].id));
    assert_eq!(result.carried_over.len(), 7);
    assert!(text(&render(&a, 80, 24)).contains("closed SP-2; 7 unfinished stories to SP-3"));
    // The review goes to the loop to write through the store, named for the closed sprint.
    let Effect::WriteReport(ReportFile { file_name, text }) = a.update(Action::WriteReport) else {
        panic!("R writes a report");
    };
    assert_eq!(file_name, "SP-2-review.md");
    assert!(
        text.contains("## Carry-over") && text.contains("to SP-3"),
        "{text}"
    );
}

#[test]
fn planning_flags_stories_without_points_and_clicks_land_in_its_columns() {
    let mut a = app(120, 40);
    drive(&mut a, &[Action::FocusSprint, Action::TogglePlanning]);
    let screen = text(&render(&a, 120, 40));
    assert!(screen.contains("? not ready"), "{screen}");
    // The sprint column starts at x=44; its second story (S-18) is on row 10.
    drive(
        &mut a,
        &[Action::Click {
            column: 50,
            row: 10,
        }],
    );
    assert!(text(&render(&a, 120, 40)).contains("Story S-18"));
    assert!(a.update(Action::PlanToggle).is_save());
    let s18 = a.product.stories().iter().find(|s| s.id.0 == 18).unwrap();
    assert_eq!(s18.sprint, None, "Enter on a sprint story takes it out");
}

#[test]
fn help_overlay() {
    snapshot("help", &[Action::FocusBacklog, Action::Help]);
}

#[test]
fn waterline_is_drawn_in_the_backlog() {
    let mut a = app(120, 40);
    drive(&mut a, &[Action::FocusBacklog, Action::PageDown]);
    assert!(text(&render(&a, 120, 40)).contains("── waterline:"));
}

#[test]
fn the_selected_row_is_highlighted_and_follows_the_cursor() {
    let mut a = app(80, 24);
    drive(&mut a, &[Action::FocusBacklog, Action::Down, Action::Down]);
    let terminal = render(&a, 80, 24);
    let buf = terminal.backend().buffer();
    let row_of = |needle: &str| {
        (0..24)
            .find(|y| {
                let line: String = (0..80).map(|x| buf[(x, *y)].symbol().to_string()).collect();
                line.contains(needle)
            })
            .unwrap()
    };
    let selected = row_of("S-10 ");
    let other = row_of("S-9 ");
    // Inside the Backlog pane (right half), the selected row is reversed across its width.
    for x in 41..79 {
        assert!(
            buf[(x, selected)].modifier.contains(Modifier::REVERSED),
            "x={x}"
        );
        assert!(!buf[(x, other)].modifier.contains(Modifier::REVERSED));
    }
    assert!(text(&terminal).contains("Story S-10"));
}

#[test]
fn selection_follows_the_story_when_it_moves() {
    let mut a = app(80, 24);
    drive(
        &mut a,
        &[Action::FocusBacklog, Action::Down, Action::MoveDown],
    );
    assert_eq!(a.product.stories()[2].id.to_string(), "S-9");
    assert!(text(&render(&a, 80, 24)).contains("Story S-9"));
    drive(&mut a, &[Action::Undo]);
    assert_eq!(a.product.stories()[1].id.to_string(), "S-9");
}

#[test]
fn the_filter_narrows_the_list_and_is_shown() {
    let mut a = app(80, 24);
    let mut actions = vec![Action::FocusBacklog, Action::StartFilter];
    actions.extend("apple".chars().map(Action::FilterChar));
    drive(&mut a, &actions);
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("/apple"), "{screen}");
    assert!(screen.contains("filter: apple"));
    assert!(screen.contains("Apple Pay button"));
    assert!(!screen.contains("S-8 "));
    drive(&mut a, &[Action::FilterKeep]);
    assert!(text(&render(&a, 80, 24)).contains("/apple"));
    drive(&mut a, &[Action::Close]);
    let screen = text(&render(&a, 80, 24));
    assert!(!screen.contains("/apple"));
    assert!(screen.contains("S-8 "));
}

#[test]
fn enter_on_an_epic_filters_the_backlog_to_it() {
    let mut a = app(80, 24);
    // Visions come first; the third row is the first epic of Now.
    drive(&mut a, &[Action::FocusRoadmap, Action::Right, Action::Open]);
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("epic E-1"), "{screen}");
    assert!(!screen.contains("Card form validation"));
}

#[test]
fn too_small_says_how_big_it_needs_to_be() {
    for (w, h) in [(20, 5), (39, 30), (100, 11)] {
        let a = app(w, h);
        let screen = text(&render(&a, w, h));
        assert!(screen.contains("need 40x12"), "{w}x{h}: {screen}");
    }
}

#[test]
fn read_only_refuses_edits_with_a_message() {
    let mut a = app(80, 24);
    a.read_only = true;
    let before = a.product.clone();
    drive(&mut a, &[Action::FocusBacklog, Action::MoveDown]);
    assert_eq!(a.product, before);
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("read-only"));
    assert!(screen.contains("[read-only]"));
}

mod sizes {
    use super::*;
    use proptest::prelude::*;

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            Just(Action::Up),
            Just(Action::Down),
            Just(Action::PageDown),
            Just(Action::PageUp),
            Just(Action::Top),
            Just(Action::Bottom),
            Just(Action::Left),
            Just(Action::Right),
            Just(Action::FocusNext),
            Just(Action::FocusPrev),
            Just(Action::ToggleTimeline),
            Just(Action::ToggleGroup),
            Just(Action::Open),
            Just(Action::Close),
            Just(Action::Help),
            Just(Action::MoveDown),
            Just(Action::MoveUp),
            Just(Action::HorizonNext),
            Just(Action::HorizonPrev),
            Just(Action::CycleStatus),
            Just(Action::Undo),
            Just(Action::Redo),
            Just(Action::StartFilter),
            Just(Action::FilterKeep),
            prop::char::range('a', 'e').prop_map(Action::FilterChar),
            (0u16..130, 0u16..50).prop_map(|(column, row)| Action::Click { column, row }),
            (0u16..130, 0u16..50, any::<bool>()).prop_map(|(column, row, down)| Action::Scroll {
                column,
                row,
                down
            }),
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
            actions in prop::collection::vec(action(), 0..40),
        ) {
            let mut a = app(w, h);
            let start = a.product.clone();
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            for act in actions {
                a.update(act);
                terminal.draw(|f| view::draw(f, &a)).unwrap();
            }
            a.update(Action::Resize { width: w / 2 + 1, height: h / 2 + 1 });
            terminal.resize(ratatui::layout::Rect::new(0, 0, w / 2 + 1, h / 2 + 1)).unwrap();
            terminal.draw(|f| view::draw(f, &a)).unwrap();
            a.mode = roadlog::tui::Mode::Normal;
            for _ in 0..100 {
                a.update(Action::Undo);
            }
            prop_assert_eq!(&a.product, &start);
        }
    }
}

#[test]
fn a_click_focuses_the_pane_and_selects_the_row() {
    let mut a = app(80, 24);
    // Home at 80x24: Roadmap on the left, rows start at y=2 (header, border); y=6 is the
    // first epic under "Now" (Visions header, two visions, Now header).
    drive(
        &mut a,
        &[Action::FocusBacklog, Action::Click { column: 5, row: 6 }],
    );
    assert_eq!(a.focus, roadlog::tui::Pane::Roadmap);
    assert!(text(&render(&a, 80, 24)).contains("Epic E-1"));
    // And on the Backlog, the fourth story (S-11 in the sample's order).
    drive(&mut a, &[Action::Click { column: 50, row: 5 }]);
    assert!(text(&render(&a, 80, 24)).contains("Story S-11"));
    drive(
        &mut a,
        &[Action::Scroll {
            column: 50,
            row: 5,
            down: true,
        }],
    );
    assert!(text(&render(&a, 80, 24)).contains("Story S-14"));
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

/// docs/TUI.md carries the key list; it is generated from the key map, and this fails when
/// the two drift apart (run with ROADLOG_PRINT_KEYS=1 to print the table).
#[test]
fn the_documented_key_list_matches_the_key_map() {
    let table = roadlog::tui::keymap::markdown();
    if std::env::var_os("ROADLOG_PRINT_KEYS").is_some() {
        println!("{table}");
    }
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/TUI.md")).unwrap();
    assert!(
        doc.contains(&table),
        "docs/TUI.md's key table is out of date:\n{table}"
    );
}

#[test]
fn wide_roadmap_is_a_board_of_columns_and_clicks_land_on_cards() {
    let mut a = app(120, 40);
    let screen = text(&render(&a, 120, 40));
    assert!(
        screen.contains("Now (3)            Next (2)            Later (1)"),
        "{screen}"
    );
    // The Next column's first card (rows 6-7, from x=20).
    drive(&mut a, &[Action::Click { column: 25, row: 7 }]);
    assert!(text(&render(&a, 120, 40)).contains("Epic E-3"));
    drive(&mut a, &[Action::Right]);
    assert!(text(&render(&a, 120, 40)).contains("Epic E-5"));
    drive(&mut a, &[Action::Left, Action::Left, Action::Down]);
    assert!(text(&render(&a, 120, 40)).contains("Epic E-2"));
}

#[test]
fn wide_sprint_board_has_status_columns_and_clicks_select() {
    let mut a = app(120, 40);
    drive(&mut a, &[Action::FocusSprint]);
    let screen = text(&render(&a, 120, 40));
    assert!(
        screen.contains("Ready (3)        In progress (2)"),
        "{screen}"
    );
    // The "Review (2)" column starts near x=54; its second story is on row 10.
    drive(
        &mut a,
        &[Action::Click {
            column: 58,
            row: 10,
        }],
    );
    assert!(text(&render(&a, 120, 40)).contains("Story S-12"));
    drive(&mut a, &[Action::Right]);
    assert!(text(&render(&a, 120, 40)).contains("Story S-9"));
}

/// Lists are windowed: a backlog of 20,000 stories draws its last page like its first.
#[test]
fn a_huge_backlog_draws_only_its_window() {
    let product = roadlog::demo::sample(today(), 20_000).unwrap();
    let mut a = App::new(product, today(), "big.json".into(), Theme::colour());
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    drive(&mut a, &[Action::FocusBacklog, Action::Bottom]);
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("S-20000"), "{screen}");
    drive(&mut a, &[Action::PageUp, Action::Top]);
    assert!(text(&render(&a, 80, 24)).contains("Story S-8 "));
}

#[test]
fn help_scrolls_when_the_terminal_is_small() {
    let mut a = app(40, 12);
    drive(&mut a, &[Action::Help]);
    let screen = text(&render(&a, 40, 12));
    assert!(screen.contains("for more"), "{screen}");
    drive(&mut a, &vec![Action::Down; 60]);
    let screen = text(&render(&a, 40, 12));
    assert!(screen.contains("marks:"), "{screen}");
    assert!(!screen.contains("for more"));
}
