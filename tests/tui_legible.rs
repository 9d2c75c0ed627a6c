//! What a first reader of the screens trips over, on ratatui's TestBackend: the timeline's
//! today line and month labels, the sprint board's marks and titles, the help overlay's
//! wrapping, the footer's hints and messages, the fuzzy filter and its highlight.
#![allow(clippy::unwrap_used)]

use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use roadlog::tui::App;
use roadlog::tui::theme::Theme;

mod support;
use support::*;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// The demo at `width` x `height` under NO_COLOR's theme.
fn plain(width: u16, height: u16) -> App {
    let product = roadlog::demo::sample(today(), 40).unwrap();
    let mut a = App::new(product, today(), "demo.json".into(), Theme::no_colour());
    resize(&mut a, width, height);
    a
}

fn buffer(a: &App) -> Buffer {
    render(a).backend().buffer().clone()
}

/// The screen's rows as characters, one cell each.
fn rows(a: &App) -> Vec<Vec<char>> {
    let b = buffer(a);
    (0..b.area.height)
        .map(|y| {
            (0..b.area.width)
                .map(|x| b[(x, y)].symbol().chars().next().unwrap_or(' '))
                .collect()
        })
        .collect()
}

fn text(row: &[char]) -> String {
    row.iter().collect()
}

/// The inside of the pane whose top border holds `title`: its rows, without the borders.
fn pane(a: &App, title: &str) -> Vec<String> {
    let rows = rows(a);
    let (top, left) = rows
        .iter()
        .enumerate()
        .find_map(|(y, r)| {
            let t = text(r);
            let at = t.find(title)?;
            let x = t[..at].chars().rev().position(|c| c == '┌')?;
            Some((y, t[..at].chars().count() - x - 1))
        })
        .unwrap_or_else(|| panic!("no pane '{title}' in\n{}", screen(a)));
    let right = (left + 1..rows[top].len())
        .find(|x| rows[top][*x] == '┐')
        .unwrap();
    rows[top + 1..]
        .iter()
        .take_while(|r| r[left] == '│')
        .map(|r| text(&r[left + 1..right]))
        .collect()
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[test]
fn the_timeline_labels_months_at_a_regular_step_at_every_width() {
    for (w, h) in SIZES {
        let mut a = plain(w, h);
        keys(&mut a, "1t");
        let inside = pane(&a, "Roadmap");
        let scale = inside.iter().find(|r| r.contains("today ◆85%")).unwrap();
        // Month numbers counted on from the first label, across the turn of the year.
        let mut seen: Vec<usize> = Vec::new();
        let mut last = "";
        for word in scale.split_whitespace() {
            let word = word.trim_matches('▼');
            // "Jan 2027": the year after its month names no other month.
            if std::mem::replace(&mut last, word) == "Jan" {
                continue;
            }
            // A year alone names its January.
            let january = word.len() == 4 && word.chars().all(|c| c.is_ascii_digit());
            let month = MONTHS.iter().position(|n| *n == word);
            if let Some(m) = month.or(january.then_some(0)) {
                let mut n = m;
                while seen.last().is_some_and(|l| n <= *l) {
                    n += 12;
                }
                seen.push(n);
            }
        }
        assert!(seen.len() >= 3, "{w}x{h}: {scale}");
        let step = seen[1] - seen[0];
        assert!(
            seen.windows(2).all(|p| p[1] - p[0] == step),
            "{w}x{h}: a month is missing from '{scale}'"
        );
    }
}

#[test]
fn the_today_line_crosses_the_bars_that_cover_it() {
    for (w, h) in SIZES {
        let mut a = plain(w, h);
        keys(&mut a, "1t");
        let inside = pane(&a, "Roadmap");
        let dated: Vec<&String> = inside
            .iter()
            .skip_while(|r| !r.starts_with("Dated"))
            .skip(1)
            .take_while(|r| !r.starts_with("Undated"))
            .collect();
        assert!(dated.len() >= 3, "{w}x{h}: {inside:#?}");
        let today: Vec<Option<usize>> = dated
            .iter()
            .map(|r| r.chars().position(|c| c == '│'))
            .collect();
        // E-1 runs from September to December: today (23 November) is on its bar.
        assert!(dated[0].contains('█'), "{}", dated[0]);
        assert!(
            today.iter().all(|t| t.is_some() && *t == today[0]),
            "{w}x{h}: the today line is not on every dated row:\n{}",
            dated
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

fn has(b: &Buffer, x: u16, y: u16, m: Modifier) -> bool {
    b[(x, y)].modifier.contains(m)
}

#[test]
fn a_blocked_story_on_the_sprint_board_has_the_backlogs_mark() {
    for (w, h) in SIZES {
        let mut a = plain(w, h);
        keys(&mut a, "3");
        let mut board = pane(&a, "Board");
        // At 80x24 the board is one list: down to the story.
        for _ in 0..10 {
            if board.iter().any(|r| r.contains("S-14 ")) {
                break;
            }
            keys(&mut a, "j");
            board = pane(&a, "Board");
        }
        let row = board.iter().find(|r| r.contains("S-14 ")).unwrap();
        assert!(row.contains("!S-14 "), "{w}x{h}: {row}");
        let marks = board.iter().filter(|r| r.contains("!S-")).count();
        assert_eq!(
            marks,
            1,
            "{w}x{h}: S-14 alone is blocked:\n{}",
            board.join("\n")
        );
    }
}

/// The demo at `w`x`h` without colour, S-15 (in the active sprint) retitled, the Sprint
/// view open.
fn sprint_board_with_s15_titled(w: u16, h: u16, title: &str) -> App {
    let mut a = plain(w, h);
    let patch = roadlog::model::StoryPatch {
        title: Some(title.into()),
        ..Default::default()
    };
    a.product
        .update_story(roadlog::model::StoryId(15), patch, a.now)
        .unwrap();
    a.product_changed();
    keys(&mut a, "3");
    a
}

#[test]
fn board_titles_at_120_columns_take_the_room_there_is() {
    let title = "Alpha bravo charlie delta echo foxtrot golf hotel";
    let a = sprint_board_with_s15_titled(120, 40, title);
    let board = pane(&a, "Board");
    let at = board.iter().position(|r| r.contains("S-15 ")).unwrap();
    let shown: Vec<&str> = board[at..=at + 1]
        .iter()
        .flat_map(|r| r.split_whitespace())
        .collect();
    let whole = title.split(' ').filter(|word| shown.contains(word)).count();
    assert!(
        whole >= 2,
        "{whole} words of the title in:\n{}",
        board.join("\n")
    );
}

/// Where a board has the rows, a title goes on over as many as it needs, under the title
/// and over the points' place; a narrow column shows the assignee on a row left over.
#[test]
fn board_titles_with_room_below_are_shown_whole_and_the_assignee_too() {
    for (w, h) in [(120, 40), (200, 60)] {
        let title = "Convert a guest to an account at the end";
        assert_eq!(title.chars().count(), 40);
        let a = sprint_board_with_s15_titled(w, h, title);
        let board = pane(&a, "Board");
        let column = |name: &str, next: &str| {
            let from = board[0].find(name).unwrap();
            let to = board[0].find(next).unwrap();
            let (from, to) = (
                board[0][..from].chars().count(),
                board[0][..to].chars().count(),
            );
            board
                .iter()
                .map(|r| r.chars().skip(from).take(to - from).collect::<String>())
                .collect::<Vec<_>>()
        };
        // The column's words but its points.
        let words = |text: String| {
            text.split_whitespace()
                .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let ready = words(column("Ready (", "In progress (").join(" "));
        assert!(
            ready.contains(&format!("S-15 {title}")),
            "{w}x{h}: the title cut in:\n{}",
            board.join("\n")
        );
        assert!(!ready.contains('…'), "{w}x{h}:\n{}", board.join("\n"));
        let review = squeeze(&column("Review (", "Done (").join(" "));
        assert!(
            review.contains("chen") && review.contains("ana"),
            "{w}x{h}: no assignee in:\n{}",
            board.join("\n")
        );
    }
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every row of the help overlay, scrolling it to its end, split into its two columns (or
/// one): the text of each column top to bottom.
fn help_columns(a: &mut App) -> Vec<String> {
    keys(a, "?");
    let mut seen: std::collections::BTreeMap<usize, Vec<char>> = Default::default();
    let mut box_x = (0, 0);
    for top in 0..200 {
        let rows = rows(a);
        let y = rows
            .iter()
            .position(|r| text(r).contains("┌ Help"))
            .unwrap();
        let left = text(&rows[y]).find("┌ Help").unwrap();
        let left = text(&rows[y])[..left].chars().count();
        let right = (left + 1..rows[y].len())
            .find(|x| rows[y][*x] == '┐')
            .unwrap();
        box_x = (left, right);
        let inside: Vec<Vec<char>> = rows[y + 1..]
            .iter()
            .take_while(|r| r[left] == '│')
            .map(|r| r[left + 1..right].to_vec())
            .collect();
        for (i, r) in inside.iter().enumerate() {
            if !text(r).contains("for more") {
                seen.insert(top + i, r.clone());
            }
        }
        let before = screen(a);
        keys(a, "j");
        if screen(a) == before {
            break;
        }
    }
    let inner = box_x.1 - box_x.0 - 1;
    let columns = if inner >= 68 { 2 } else { 1 };
    let col_w = inner / columns;
    (0..columns)
        .map(|c| {
            let parts: Vec<String> = seen
                .values()
                .map(|r| text(&r[c * col_w..((c + 1) * col_w).min(r.len())]))
                .collect();
            words(&parts.join(" "))
        })
        .collect()
}

#[test]
fn help_lines_wrap_instead_of_being_cut_and_scroll_to_the_end() {
    use roadlog::tui::keymap::{Context, help_for};
    for (w, h) in [(80, 24), (120, 40)] {
        for (pane, context) in [
            ("1", Context::Roadmap),
            ("2", Context::Backlog),
            ("3", Context::Sprint),
        ] {
            let mut a = plain(w, h);
            keys(&mut a, pane);
            let columns = help_columns(&mut a);
            for b in help_for(context) {
                let help = words(b.help);
                assert!(
                    columns.iter().any(|c| c.contains(&help)),
                    "{w}x{h} {context:?}: '{help}' is not whole in {columns:#?}"
                );
            }
            let all = columns.join(" ");
            assert!(all.contains("proposed ✓ done"), "{w}x{h}: {all}");
        }
    }
}

#[test]
fn percent_at_80x24_shows_the_epic_score_and_says_so() {
    let mut a = plain(80, 24);
    keys(&mut a, "2");
    let before = pane(&a, "Backlog");
    keys(&mut a, "%");
    let rows = rows(&a);
    let footer = text(rows.last().unwrap());
    assert!(footer.contains("RICE score"), "{footer}");
    let after = pane(&a, "Backlog");
    assert_ne!(before, after, "% changed nothing on screen");
    // S-12 is in E-1 (RICE 4800).
    let row = after.iter().find(|r| r.contains("S-12 ")).unwrap();
    assert!(row.trim_end().ends_with("R4.8k"), "{row}");
    keys(&mut a, "%");
    assert_eq!(pane(&a, "Backlog"), before);
    let footer = text(self::rows(&a).last().unwrap());
    assert!(footer.contains("hidden"), "{footer}");
}

#[test]
fn the_filter_is_fuzzy_and_marks_the_letters_it_matched_without_colour() {
    let mut a = plain(80, 24);
    let patch = roadlog::model::StoryPatch {
        title: Some("Gift card balance".into()),
        ..Default::default()
    };
    a.product
        .update_story(roadlog::model::StoryId(13), patch, a.now)
        .unwrap();
    a.product_changed();
    keys(&mut a, "2/gftcrd<Enter>");
    let inside = pane(&a, "Backlog");
    let shown: Vec<&String> = inside.iter().filter(|r| r.contains("S-")).collect();
    assert_eq!(shown.len(), 1, "{inside:#?}");
    assert!(shown[0].contains("S-13  Gift card balance"), "{}", shown[0]);
    // Each matched letter is bold and underlined; the others are not.
    let b = buffer(&a);
    let (x, y) = (0..b.area.height)
        .find_map(|y| {
            let row: String = (0..b.area.width).map(|x| b[(x, y)].symbol()).collect();
            row.find("Gift card")
                .map(|at| (row[..at].chars().count() as u16, y))
        })
        .unwrap();
    let marked: String = "Gift card balance"
        .chars()
        .enumerate()
        .filter(|(i, _)| {
            has(&b, x + *i as u16, y, Modifier::BOLD)
                && has(&b, x + *i as u16, y, Modifier::UNDERLINED)
        })
        .map(|(_, c)| c)
        .collect();
    assert_eq!(marked.to_lowercase(), "gftcrd", "the marked letters");
    // The old substring filter keeps working: words in any order, case aside.
    keys(&mut a, "<Esc>/BALANCE gift<Enter>");
    let inside = pane(&a, "Backlog");
    assert_eq!(inside.iter().filter(|r| r.contains("S-")).count(), 1);
}

/// The letters of `text` drawn bold and underlined where it first shows on screen after
/// `before`.
fn marked_letters(a: &App, before: &str, text: &str) -> String {
    let b = buffer(a);
    let (x, y) = (0..b.area.height)
        .find_map(|y| {
            let row: String = (0..b.area.width).map(|x| b[(x, y)].symbol()).collect();
            row.find(&format!("{before}{text}")).map(|at| {
                (
                    (row[..at].chars().count() + before.chars().count()) as u16,
                    y,
                )
            })
        })
        .unwrap_or_else(|| panic!("{text} not on screen:\n{}", screen(a)));
    text.chars()
        .enumerate()
        .filter(|(i, _)| {
            has(&b, x + *i as u16, y, Modifier::BOLD)
                && has(&b, x + *i as u16, y, Modifier::UNDERLINED)
        })
        .map(|(_, c)| c)
        .collect()
}

/// The timeline and the vision board mark what the Roadmap's filter matched, as the board's
/// list does.
#[test]
fn the_timeline_and_the_vision_board_mark_the_filters_letters() {
    let mut a = plain(120, 40);
    let epic = a.product.epics()[0].title.clone();
    let word: String = epic.split_whitespace().next().unwrap().to_lowercase();
    keys(&mut a, &format!("1t/{word}<Enter>"));
    let id = a.product.epics()[0].id;
    let marked = marked_letters(&a, &format!("{id} "), &epic[..word.len()]);
    assert_eq!(marked.to_lowercase(), word, "timeline:\n{}", screen(&a));

    let mut a = plain(120, 40);
    let goal = a.product.visions()[0].goals[0].text.clone();
    let word: String = goal.split_whitespace().next().unwrap().to_lowercase();
    keys(&mut a, &format!("1V/{word}<Enter>"));
    let marked = marked_letters(&a, " ", &goal[..word.len()]);
    assert_eq!(marked.to_lowercase(), word, "vision board:\n{}", screen(&a));
}

fn footer(a: &App) -> String {
    text(rows(a).last().unwrap())
}

#[test]
fn a_pending_g_says_so_and_ends_on_the_next_key_or_tick() {
    let mut a = plain(80, 24);
    keys(&mut a, "2jjg");
    assert!(footer(&a).contains("g… / jump anywhere"), "{}", footer(&a));
    assert!(footer(&a).trim_end().ends_with("? help"));
    // A tick of the event loop with no key: the pending g gives up.
    assert!(a.tick());
    assert!(!footer(&a).contains("jump anywhere"), "{}", footer(&a));
    assert!(!a.tick(), "nothing left to give up");
    keys(&mut a, "/");
    assert!(footer(&a).contains("filter: "), "{}", footer(&a));
    keys(&mut a, "<Esc>");
    // Another key ends it too; g then / at once still jumps.
    keys(&mut a, "gj");
    assert!(!footer(&a).contains("jump anywhere"));
    keys(&mut a, "g/");
    assert!(screen(&a).contains("Jump to"), "{}", screen(&a));
}

/// The text of the rows drawn reversed (the selection under NO_COLOR).
fn reversed_rows(a: &App) -> Vec<String> {
    let b = buffer(a);
    (0..b.area.height)
        .filter_map(|y| {
            let row: String = (0..b.area.width)
                .filter(|x| has(&b, *x, y, Modifier::REVERSED))
                .map(|x| b[(x, y)].symbol().to_string())
                .collect();
            (!row.trim().is_empty()).then(|| row.trim().to_string())
        })
        .collect()
}

#[test]
fn the_points_picker_opens_on_the_current_value_and_says_1_point() {
    let mut a = plain(80, 24);
    let s11 = roadlog::model::StoryId(11);
    assert_eq!(a.product.story(s11).unwrap().points, Some(8));
    keys(&mut a, "2p");
    let s = screen(&a);
    assert!(s.contains("Points for S-11"), "{s}");
    assert!(s.contains("│1 point ") && !s.contains("│1 points"), "{s}");
    let selected = reversed_rows(&a);
    assert!(
        selected.iter().any(|r| r.starts_with("8 points")),
        "{selected:#?}"
    );
    // Enter at once keeps the value.
    keys(&mut a, "<Enter>");
    assert_eq!(a.product.story(s11).unwrap().points, Some(8));
    // Typing narrows the list to the value, as before.
    keys(&mut a, "p1<Enter>");
    assert_eq!(a.product.story(s11).unwrap().points, Some(1));
    assert!(footer(&a).contains("S-11: 1 point"), "{}", footer(&a));
    assert!(!footer(&a).contains(" 1 points"));
}

#[test]
fn the_colon_line_takes_the_words_the_ui_shows() {
    use roadlog::model::{SprintRef, StoryStatus};
    let mut a = plain(80, 24);
    keys(&mut a, ":status:doing<Enter>");
    assert!(footer(&a).contains("stories match"), "{}", footer(&a));
    let doing = a
        .product
        .stories()
        .iter()
        .filter(|s| s.status == StoryStatus::InProgress)
        .count();
    assert!(doing > 0);
    assert_eq!(a.backlog.list.len(), doing);
    let inside = pane(&a, "Backlog");
    let rows: Vec<&String> = inside.iter().filter(|r| r.contains("S-")).collect();
    assert!(rows.iter().all(|r| r.contains(" doing")), "{rows:#?}");

    for (word, at) in [
        ("current", SprintRef::Current),
        ("next", SprintRef::Next),
        ("last", SprintRef::Last),
    ] {
        keys(&mut a, &format!("<Esc>:sprint:{word}<Enter>"));
        assert!(
            footer(&a).contains("stories match"),
            "{word}: {}",
            footer(&a)
        );
        let id = a.product.sprint_at(at).unwrap().id;
        let wanted = a
            .product
            .stories()
            .iter()
            .filter(|s| s.sprint == Some(id))
            .count();
        assert!(wanted > 0, "{word}");
        assert_eq!(a.backlog.list.len(), wanted, "{word}");
    }
}

#[test]
fn no_footer_says_unbound() {
    for pressed in ["2n", "?", "2p", "2d", "2c", "3C"] {
        let mut a = plain(80, 24);
        keys(&mut a, pressed);
        assert!(
            !footer(&a).contains("(unbound)"),
            "{pressed}: {}",
            footer(&a)
        );
    }
}

#[test]
fn the_detail_writes_only_the_user_story_parts_there_are() {
    let mut a = plain(120, 40);
    let s11 = roadlog::model::StoryId(11);
    let patch = roadlog::model::StoryPatch {
        as_a: Some(String::new()),
        i_want: Some("to pay in place".into()),
        so_that: Some(String::new()),
        ..Default::default()
    };
    a.product.update_story(s11, patch, a.now).unwrap();
    a.product_changed();
    keys(&mut a, "2i");
    let s = screen(&a);
    assert!(s.contains("I want to pay in place."), "{s}");
    assert!(!s.contains(", so that") && !s.contains("As a ,"), "{s}");
    // S-11 is blocked by nothing: no empty "blocked by:" row.
    assert!(a.product.story(s11).unwrap().blocked_by.is_empty());
    assert!(!s.contains("blocked by:"), "{s}");
    let patch = roadlog::model::StoryPatch {
        as_a: Some("shopper".into()),
        i_want: Some(String::new()),
        so_that: Some("I stay".into()),
        ..Default::default()
    };
    a.product.update_story(s11, patch, a.now).unwrap();
    a.product_changed();
    assert!(screen(&a).contains("As a shopper, so that I stay."));
}

#[test]
fn a_form_placeholder_starts_under_the_cursor() {
    let mut a = plain(80, 24);
    keys(&mut a, "2n");
    let b = buffer(&a);
    let (x, y) = (0..b.area.height)
        .find_map(|y| {
            let row: String = (0..b.area.width).map(|x| b[(x, y)].symbol()).collect();
            row.find("Title").map(|_| {
                let at = row.find("required").unwrap();
                (row[..at].chars().count() as u16, y)
            })
        })
        .unwrap();
    assert!(
        has(&b, x, y, Modifier::REVERSED),
        "the cursor is on the hint's 'r'"
    );
    assert!(
        !has(&b, x - 1, y, Modifier::REVERSED),
        "not a cell before it"
    );
    // The field under it has no cursor, and its hint starts in the same column.
    let below: String = (x..b.area.width).map(|c| b[(c, y + 1)].symbol()).collect();
    assert!(below.starts_with("who wants it"), "{below}");
    assert!(!has(&b, x, y + 1, Modifier::REVERSED));
}

/// The text of the rows of the screen from `from` down, squeezed.
fn bottom_text(a: &App, from: usize) -> String {
    let rows = rows(a);
    let start = rows.len().saturating_sub(from);
    words(
        &rows[start..]
            .iter()
            .map(|r| text(r))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[test]
fn a_long_message_wraps_above_the_footer_and_a_question_keeps_its_keys() {
    let mut a = plain(80, 24);
    keys(&mut a, ":sprint:after-the-offsite<Enter>");
    let err = a.message.clone().unwrap();
    assert!(
        err.chars().count() > 80,
        "a message longer than the row: {err}"
    );
    assert!(bottom_text(&a, 4).contains(&words(&err)), "{}", screen(&a));
    // The `:` line and its keys keep the footer row.
    assert!(
        footer(&a).contains(":sprint:after-the-offsite"),
        "{}",
        footer(&a)
    );
    assert!(footer(&a).contains("Esc close"), "{}", footer(&a));

    let mut a = plain(80, 24);
    keys(&mut a, "2d");
    let hints = footer(&a);
    assert!(hints.contains("y ") && hints.contains("n "), "{hints}");
    // Another program's change arrives while the question is open.
    a.message = Some("reloaded: demo.json changed on disk (S-11, S-12 and 3 more)".into());
    assert_eq!(footer(&a), hints, "the answers stay in the footer");
    assert!(bottom_text(&a, 2).contains("reloaded: demo.json changed on disk"));
}

/// The timeline's undated epics show their 85% date whole or not at all, never half of it.
#[test]
fn the_timeline_never_cuts_a_date() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = plain(w, h);
        keys(&mut a, "1t");
        let s = screen(&a);
        let row = s
            .lines()
            .find(|r| r.contains("no dates"))
            .unwrap_or_else(|| panic!("{w}x{h}: no undated epic:\n{s}"));
        if let Some((_, after)) = row.split_once("85% ") {
            let date: String = after.chars().take_while(|c| *c != '│').collect();
            assert!(
                chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").is_ok(),
                "{w}x{h}: a date cut in {row}"
            );
        }
    }
}

/// Planning at 80x24: a story without points keeps its title readable (its `?` says not
/// ready, with the legend), and the stories past the capacity are marked `+` without colour.
#[test]
fn planning_titles_stay_readable_and_past_capacity_shows_without_colour() {
    let mut a = plain(80, 24);
    keys(&mut a, &format!("3P{}", " ".repeat(6)));
    let board = pane(&a, "Planning");
    let s = screen(&a);
    assert!(s.contains("? no points: not ready"), "{s}");
    let s27 = board.iter().find(|r| r.contains("S-27 ")).unwrap();
    assert!(s27.contains("S-27 Exchange"), "{}", board.join("\n"));
    // The sprint's column: 37 points against 28, so the last stories are past it (at
    // 120x40, where all of them show).
    let mut a = plain(120, 40);
    keys(&mut a, &format!("3P{}", " ".repeat(6)));
    let board = pane(&a, "Planning");
    let half = board[0].chars().count() / 2;
    let sprint: Vec<String> = board[1..]
        .iter()
        .map(|r| r.chars().skip(half).collect::<String>())
        .filter(|r| r.contains("S-"))
        .collect();
    let marked: Vec<bool> = sprint.iter().map(|r| r.trim_end().ends_with('+')).collect();
    assert!(!marked[0], "{}", sprint.join("\n"));
    assert!(marked.iter().any(|m| *m), "{}", sprint.join("\n"));
    // Once past, every later story is too.
    let first = marked.iter().position(|m| *m).unwrap();
    assert!(marked[first..].iter().all(|m| *m), "{}", sprint.join("\n"));
}

/// Under NO_COLOR a `/` filter's matched letters on the selected row keep the selection's
/// reverse video: the bar has no hole where they are.
#[test]
fn filter_matches_on_the_selected_row_stay_in_the_selection_bar() {
    for (pane, filter, (w, h)) in [
        ("2", "secure", (80, 24)),
        ("1", "guest", (80, 24)),
        ("3", "secure", (80, 24)),
        ("1", "guest", (120, 40)),
        ("3", "secure", (120, 40)),
        ("1", "guest<Enter>j", (80, 24)),
        ("1", "guest<Enter>j", (120, 40)),
        ("1", "guest<Enter>jj", (120, 40)),
        ("2", "card<Enter>j", (200, 60)),
    ] {
        let mut a = plain(w, h);
        keys(&mut a, &format!("{pane}/{filter}"));
        let b = buffer(&a);
        // The selected row: the one reversed from the pane's left edge on.
        let row = (2..b.area.height)
            .find(|y| {
                (0..b.area.width)
                    .filter(|x| has(&b, *x, *y, Modifier::REVERSED))
                    .count()
                    > 10
            })
            .unwrap_or_else(|| panic!("{pane}: no selection:\n{}", screen(&a)));
        let bar: Vec<u16> = (0..b.area.width)
            .filter(|x| has(&b, *x, row, Modifier::REVERSED))
            .collect();
        let (first, last) = (bar[0], bar[bar.len() - 1]);
        let holes: Vec<u16> = (first..=last)
            .filter(|x| !has(&b, *x, row, Modifier::REVERSED))
            .collect();
        let marks: String = (0..b.area.width)
            .map(|x| {
                match (
                    has(&b, x, row, Modifier::REVERSED),
                    has(&b, x, row, Modifier::UNDERLINED),
                ) {
                    (true, true) => 'B',
                    (true, false) => 'R',
                    (false, true) => 'U',
                    _ => '.',
                }
            })
            .collect();
        assert!(
            holes.is_empty(),
            "{pane}: holes at {holes:?} in row {row}:\n{marks}\n{}",
            screen(&a)
        );
        let underlined = (first..=last).any(|x| has(&b, x, row, Modifier::UNDERLINED));
        assert!(
            underlined,
            "{pane}: the matches are marked in row {row}:\n{marks}\n{}",
            screen(&a)
        );
    }
}
