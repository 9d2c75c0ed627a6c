//! The vision board (the Roadmap's view of the business goals) on ratatui's TestBackend, from
//! the demo sample with `today` fixed: snapshots at 80x24 and 120x40, buffer assertions on
//! what a product manager reads there, and recording a reading through its form.
#![allow(clippy::unwrap_used)]

use roadlog::model::{GoalRef, VisionId};
use roadlog::tui::theme::Theme;
use roadlog::tui::{App, Effect};

mod support;
use support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn goal(vision: u32, number: usize) -> GoalRef {
    GoalRef::new(VisionId(vision), number)
}

fn latest(app: &App, r: GoalRef) -> Option<(chrono::NaiveDate, f64, Option<String>)> {
    let g = app.product.goal(r).unwrap();
    g.latest().map(|l| (l.date, l.value, l.note.clone()))
}

#[test]
fn vision_board_snapshots() {
    for (w, h) in SIZES {
        let mut a = sized(w, h);
        keys(&mut a, "1V");
        insta::assert_snapshot!(format!("vision_board_{w}x{h}"), render(&a).backend());
    }
}

#[test]
fn each_goal_shows_value_sparkline_progress_track_sign_and_serving_epics() {
    for (w, h) in SIZES {
        let mut a = sized(w, h);
        keys(&mut a, "1V");
        let s = screen(&a);
        assert!(s.contains("1 Roadmap · vision board"), "{s}");
        // The demo's four goals, one in each track state, each by sign and word.
        for line in [
            "✓ V-1:1 Checkout conversion",
            "! V-1:2 Median checkout time",
            "✗ V-2:1 Where-is-my-order tickets",
            "? V-2:2 Repeat purchase rate",
        ] {
            assert!(s.contains(line), "{w}x{h}: no '{line}' in\n{s}");
        }
        for word in ["on track", "at risk", "off track", "no track"] {
            assert!(s.contains(word), "{w}x{h}: no '{word}' in\n{s}");
        }
        // The latest value, the readings as a sparkline, the bar and how far it has come.
        let row = s.lines().find(|l| l.contains("3.5%")).unwrap();
        assert!(row.contains('▁') && row.contains('█'), "{row}");
        assert!(row.contains('▰') && row.contains("44%"), "{row}");
        assert!(row.contains("3.1% → 4% by"), "{row}");
        // A goal going down: its latest value and its bar towards the lower target.
        let row = s.lines().find(|l| l.contains("130s")).unwrap();
        assert!(row.contains("30%") && row.contains("160s → 60s"), "{row}");
        // The epics serving the first goal, with their progress.
        assert!(s.contains("served by E-1 ▰▰▰ 87%"), "{s}");
    }
}

#[test]
fn the_board_reads_the_same_without_colour() {
    let mut a = App::new(
        roadlog::demo::sample(today(), 40).unwrap(),
        today(),
        "demo.json".into(),
        Theme::no_colour(),
    );
    resize(&mut a, 80, 24);
    keys(&mut a, "1V");
    let terminal = render(&a);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
    }
    let s = screen(&a);
    assert!(s.contains("✗ V-2:1") && s.contains("off track"), "{s}");
}

#[test]
fn the_board_scrolls_to_the_selected_goal_and_the_detail_explains_it() {
    let mut a = app();
    keys(&mut a, "1Vjjj");
    let s = screen(&a);
    assert!(s.contains("? V-2:2 Repeat purchase rate"), "{s}");
    assert!(s.contains("served by E-4"), "{s}");
    assert!(s.contains("Goal V-2:2"), "{s}");
    // The selected card is highlighted, all three of its rows.
    let terminal = render(&a);
    let buffer = terminal.backend().buffer();
    let row = (0..a.size.height)
        .find(|y| {
            let text: String = (0..a.size.width)
                .map(|x| buffer[(x, *y)].symbol().to_string())
                .collect();
            text.contains("V-2:2 Repeat")
        })
        .unwrap();
    for y in row..row + 3 {
        let cell = &buffer[(5, y)];
        assert!(
            cell.modifier.contains(ratatui::style::Modifier::REVERSED),
            "row {y} of the selected card is not highlighted"
        );
    }
    // V goes back to the Now / Next / Later board.
    keys(&mut a, "V");
    assert!(screen(&a).contains("1 Roadmap · now/next/later"));
}

#[test]
fn a_click_selects_the_goal_card_under_it() {
    let mut a = app();
    keys(&mut a, "1V");
    let s = screen(&a);
    let y = s.lines().position(|l| l.contains("served by E-3")).unwrap();
    click(&mut a, 10, y as u16);
    assert!(screen(&a).contains("Goal V-2:1"));
}

#[test]
fn r_records_a_reading_through_the_form_and_undo_takes_it_back() {
    let mut a = app();
    let before = latest(&a, goal(1, 1));
    keys(&mut a, "1Vr");
    let s = screen(&a);
    assert!(s.contains("Reading of V-1:1"), "{s}");
    // The date defaults to today; the board stays in view under the small form.
    assert!(s.contains(&today().to_string()), "{s}");
    assert!(s.contains("served by"), "{s}");
    keys(&mut a, "3.7<Tab><Tab>");
    paste(&mut a, "new one-page checkout");
    let effect = keys(&mut a, "<C-s>");
    assert!(matches!(effect, Effect::Save), "{effect:?}");
    assert_eq!(
        latest(&a, goal(1, 1)),
        Some((today(), 3.7, Some("new one-page checkout".into())))
    );
    let s = screen(&a);
    assert!(s.contains("recorded 3.7% for V-1:1 on 2026-11-23"), "{s}");
    assert!(s.contains("3.7%"), "{s}");
    keys(&mut a, "u");
    assert_eq!(latest(&a, goal(1, 1)), before);
}

#[test]
fn a_bad_value_or_date_is_refused_in_the_form() {
    let mut a = app();
    keys(&mut a, "1Vjr");
    let effect = keys(&mut a, "fast<C-s>");
    assert!(matches!(effect, Effect::None));
    let s = screen(&a);
    assert!(s.contains("Reading of V-1:2"), "{s}");
    assert!(s.contains("'fast': write a number, like 12.5s"), "{s}");
    // A unit that is not the goal's.
    keys(&mut a, "<BS><BS><BS><BS>90%<C-s>");
    assert!(screen(&a).contains("the goal is measured in 's'"));
    // A day in the future, and a day that is no date.
    keys(&mut a, "<BS><BS><BS>90<Tab><End>");
    for _ in 0..10 {
        keys(&mut a, "<BS>");
    }
    keys(&mut a, "2026-12-24<C-s>");
    let s = screen(&a);
    assert!(s.contains("today or earlier"), "{s}");
    for _ in 0..10 {
        keys(&mut a, "<BS>");
    }
    keys(&mut a, "yesterday<C-s>");
    let s = screen(&a);
    assert!(s.contains("'yesterday' is not a date (YYYY-MM-DD)"), "{s}");
    // Nothing was recorded meanwhile; a good day saves.
    assert_ne!(latest(&a, goal(1, 2)).map(|l| l.1), Some(90.0));
    for _ in 0..9 {
        keys(&mut a, "<BS>");
    }
    let effect = keys(&mut a, "2026-11-20<C-s>");
    assert!(matches!(effect, Effect::Save));
    let g = a.product.goal(goal(1, 2)).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    assert!(g.readings.iter().any(|r| r.value == 90.0 && r.date == day));
}

#[test]
fn r_elsewhere_says_where_readings_are_recorded() {
    let mut a = app();
    keys(&mut a, "1r");
    assert!(screen(&a).contains("open the vision board (V) to record a reading"));
    let mut a = app();
    keys(&mut a, "1V");
    a.read_only = true;
    keys(&mut a, "r");
    assert!(screen(&a).contains("read-only"));
}
