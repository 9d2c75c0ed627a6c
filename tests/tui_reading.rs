//! Reading the TUI as a new user does, on ratatui's TestBackend: whole ids on a long backlog,
//! a detail whose every field can be reached at 80x24, the lists' defaults and marks.
#![allow(clippy::unwrap_used)]

use roadlog::model::{EpicId, EpicPatch, StoryId, StoryPatch, VisionId, VisionPatch};
use roadlog::tui::action::{Action, SprintAction};
use roadlog::tui::keymap::{Context, key_for};
use roadlog::tui::theme::Theme;
use roadlog::tui::{App, RoadItem};

mod support;
use support::*;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// The demo scaled to `stories` stories, at `width` x `height`.
fn big(stories: usize, width: u16, height: u16) -> App {
    let product = roadlog::demo::sample(today(), stories).unwrap();
    let mut a = App::new(product, today(), "big.json".into(), Theme::colour());
    resize(&mut a, width, height);
    a
}

/// A story id cut short (`S-19…`), if the screen has one.
fn cut_id(screen: &str) -> Option<String> {
    let chars: Vec<char> = screen.chars().collect();
    for (i, w) in chars.windows(2).enumerate() {
        if w == ['S', '-'] {
            let digits: String = chars[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if chars.get(i + 2 + digits.len()) == Some(&'…') {
                return Some(format!("S-{digits}…"));
            }
        }
    }
    None
}

#[test]
fn story_ids_are_never_cut_on_a_20k_backlog() {
    for (w, h) in SIZES {
        let mut a = big(20_000, w, h);
        // Two five-digit stories in the sprint the Sprint view shows.
        let sprint = a.product.active_sprint().unwrap().id;
        let ids = [StoryId(19_999), StoryId(20_000)];
        a.product.plan_stories(sprint, &ids, a.now).unwrap();
        a.product_changed();
        keys(&mut a, "2G");
        let s = screen(&a);
        assert!(s.contains("S-19999 ") && s.contains("S-20000 "), "{s}");
        assert_eq!(cut_id(&s), None, "backlog at {w}x{h}:\n{s}");
        let plan = key_for(
            Context::Sprint,
            &Action::Sprint(SprintAction::TogglePlanning),
        );
        for (view, pressed) in [("board", "3"), ("planning", plan.as_str())] {
            keys(&mut a, pressed);
            let s = screen(&a);
            assert_eq!(cut_id(&s), None, "{view} at {w}x{h}:\n{s}");
            if view == "board" {
                assert!(s.contains("S-19999 "), "board at {w}x{h}:\n{s}");
            }
        }
    }
}

/// Every row the whole-screen detail (`i`) shows, scrolling down one row at a time to its
/// end, with borders and line ends gone so a wrapped phrase reads as one.
fn whole_detail(a: &mut App) -> (String, Vec<String>) {
    keys(a, "i");
    let inside = |s: &str| -> Vec<String> {
        let lines: Vec<&str> = s.lines().collect();
        lines[1..lines.len() - 1]
            .iter()
            .map(|l| l.trim_matches(|c| c == '"' || c == '│').trim().to_string())
            .collect()
    };
    let mut rows = inside(&screen(a));
    for _ in 0..200 {
        let before = screen(a);
        keys(a, "j");
        let after = screen(a);
        if after == before {
            break;
        }
        rows.push(inside(&after).last().unwrap().clone());
    }
    (words(&rows.join(" ")), rows)
}

#[test]
fn every_field_of_a_vision_is_reachable_at_80x24() {
    let mut a = sized(80, 24);
    let long = "a checkout that remembers the customer and asks for nothing twice, \
                on every device they shop from, with the same basket everywhere";
    let patch = VisionPatch {
        product: Some(long.into()),
        needs: Some("Pay fast.\nNo account needed.".into()),
        ..Default::default()
    };
    a.product.update_vision(VisionId(1), patch).unwrap();
    a.product_changed();
    keys(&mut a, "1<Home>");
    assert_eq!(
        a.roadmap.list.selected(),
        Some(RoadItem::Vision(VisionId(1)))
    );
    let v = a.product.visions()[0].clone();
    let (seen, rows) = whole_detail(&mut a);
    assert!(seen.contains(&words(long)), "{seen}");
    assert!(rows.iter().any(|r| r == "needs: Pay fast."), "{rows:#?}");
    assert!(rows.iter().any(|r| r == "No account needed."), "{rows:#?}");
    assert!(!v.goals.is_empty());
    for g in &v.goals {
        assert!(seen.contains(&words(&g.to_string())), "{g} in {seen}");
    }
    keys(&mut a, "<Esc>");
    assert!(
        !screen(&a).contains("rows 1-"),
        "Esc closes the whole detail"
    );
}

#[test]
fn an_epic_keeps_its_line_breaks_and_shows_progress_and_labels_at_80x24() {
    let mut a = sized(80, 24);
    let patch = EpicPatch {
        description: Some("Guests pay without an account, by card or with codes.\nSecond line says why.\n\nA third after a blank one.".into()),
        labels: Some(vec!["checkout".into(), "conversion".into()]),
        ..Default::default()
    };
    a.product.update_epic(EpicId(1), patch).unwrap();
    a.product_changed();
    keys(&mut a, "1");
    while a.roadmap.list.selected() != Some(RoadItem::Epic(EpicId(1))) {
        keys(&mut a, "j");
    }
    let (seen, rows) = whole_detail(&mut a);
    assert!(seen.contains("progress: "), "{seen}");
    assert!(seen.contains("labels: checkout, conversion"), "{seen}");
    assert!(
        rows.iter().any(|r| r.ends_with("or with codes.")),
        "{rows:#?}"
    );
    assert!(
        rows.iter().any(|r| r == "Second line says why."),
        "{rows:#?}"
    );
    assert!(
        rows.iter().any(|r| r == "A third after a blank one."),
        "{rows:#?}"
    );
}

#[test]
fn every_criterion_of_a_story_is_reachable_at_80x24() {
    let mut a = sized(80, 24);
    keys(&mut a, "2");
    let id = a.backlog.list.selected().unwrap();
    let extra: Vec<String> = (1..=12)
        .map(|n| format!("criterion number {n} holds when the customer can see it"))
        .collect();
    let patch = StoryPatch {
        add_criteria: extra.clone(),
        description: Some("First paragraph.\nSecond paragraph.".into()),
        ..Default::default()
    };
    a.product.update_story(id, patch, a.now).unwrap();
    a.product_changed();
    // The panel says there is more than it shows, and which key shows it.
    let s = screen(&a);
    assert!(s.contains(&format!("Story {id} · i all of it")), "{s}");
    let (seen, rows) = whole_detail(&mut a);
    for c in &extra {
        assert!(seen.contains(c), "{c} in {seen}");
    }
    assert!(seen.contains("created: "), "the last field: {seen}");
    assert!(rows.iter().any(|r| r == "Second paragraph."), "{rows:#?}");
    // Past the end, one `k` moves at once.
    let end = screen(&a);
    keys(&mut a, &"j".repeat(20));
    keys(&mut a, "k");
    assert_ne!(screen(&a), end);
}

/// The footer line of a screen.
fn footer(a: &App) -> String {
    screen(a)
        .lines()
        .last()
        .unwrap()
        .trim_matches('"')
        .to_string()
}

#[test]
fn done_stories_are_hidden_from_the_backlog_until_asked_for() {
    let mut a = sized(80, 24);
    keys(&mut a, "2");
    let done: Vec<StoryId> = a
        .product
        .stories()
        .iter()
        .filter(|s| s.is_done())
        .map(|s| s.id)
        .collect();
    assert!(done.len() >= 3, "the demo has done stories");
    let listed = |a: &App| {
        let mut ids = Vec::new();
        for g in &a.backlog.list.groups {
            ids.extend(g.items.iter().copied());
        }
        ids
    };
    assert!(listed(&a).iter().all(|id| !done.contains(id)));
    let first = a.product.story(listed(&a)[0]).unwrap();
    assert!(!first.is_done(), "the list starts with open work");
    let note = format!("{} done hidden (. shows)", done.len());
    assert!(footer(&a).contains(&note), "{}", footer(&a));
    keys(&mut a, ".");
    assert!(done.iter().all(|id| listed(&a).contains(id)));
    assert!(!footer(&a).contains("done hidden"), "{}", footer(&a));
    // Grouped by epic too.
    keys(&mut a, ".z");
    assert!(listed(&a).iter().all(|id| !done.contains(id)));
    assert!(footer(&a).contains(&note), "{}", footer(&a));
}

#[test]
fn the_footer_keeps_its_help_key_at_80_columns_in_every_pane() {
    for pane in ["1", "2", "3"] {
        let mut a = sized(80, 24);
        keys(&mut a, pane);
        let f = footer(&a);
        assert!(f.trim_end().ends_with("? help"), "pane {pane}: {f}");
    }
}

#[test]
fn an_empty_backlog_names_the_key_that_adds_a_story() {
    let product = roadlog::model::Product::new("Fresh");
    let mut a = App::new(product, today(), "fresh.json".into(), Theme::colour());
    resize(&mut a, 80, 24);
    assert!(
        screen(&a).contains("no stories yet: press n to add one"),
        "{}",
        screen(&a)
    );
    a.read_only = true;
    let s = screen(&a);
    assert!(s.contains("no stories yet (read-only)"), "{s}");
}

#[test]
fn the_read_only_footer_offers_no_edit_keys() {
    for pane in ["1", "2", "3"] {
        let mut a = sized(120, 40);
        a.read_only = true;
        keys(&mut a, pane);
        let f = footer(&a);
        for edit in [" new ", " edit ", " status ", " rank ", " undo ", " close "] {
            assert!(!f.contains(edit), "pane {pane} offers{edit}: {f}");
        }
        assert!(f.contains("? help"), "{f}");
    }
}

#[test]
fn grouped_by_epic_the_first_header_shows_also_after_g() {
    for (w, h) in SIZES {
        let mut a = sized(w, h);
        keys(&mut a, "2z");
        let first = &a.backlog.list.groups[0];
        let header = format!("{} ({})", first.title, first.items.len());
        keys(&mut a, "<Home>");
        assert!(screen(&a).contains(&header), "{header} at {w}x{h}");
        keys(&mut a, "Gg");
        let s = screen(&a);
        assert!(s.contains(&header), "{header} after G g at {w}x{h}:\n{s}");
    }
}
