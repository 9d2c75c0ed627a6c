//! The TUI drawn on TestBackend from a document whose every text field carries escape
//! sequences, bidi overrides and line breaks, and whose titles mix CJK, emoji, emoji joined
//! by ZWJ and zero-width characters: in every view no cell holds a control, the escapes are
//! shown as visible text, and rows stay aligned column for column.
#![allow(clippy::unwrap_used)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use roadlog::model::Product;
use roadlog::tui::App;
use roadlog::tui::theme::Theme;
use serde_json::Value;

mod support;
use support::*;

/// Retitles the window, clears the screen, copies to the clipboard, draws a hyperlink, an
/// 8-bit CSI, a right-to-left override and a line break.
const EVIL: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}]52;c;UFdORUQ=\u{7}\u{1b}]8;;http://x\u{7}link\u{1b}]8;;\u{7}\u{9b}2J\u{202e}dlrow\n## Fake";

/// Titles whose display width differs from their length in chars or bytes.
const TITLES: &[&str] = &[
    EVIL,
    "日本語のタイトル",
    "👨\u{200d}👩\u{200d}👧 family plan",
    "zero\u{200b}width\u{200d}joiner",
    "ｶﾞｷﾞ halfwidth",
    "e\u{301}te\u{301} cafe\u{301}",
    "🚀👍 rockets",
    "👩🏽\u{200d}💻 coder",
];

/// The demo sample with every text field made hostile: titles rotate through [`TITLES`],
/// everything else starts with [`EVIL`].
fn hostile_product() -> Product {
    let product = roadlog::demo::sample(today(), 40).unwrap();
    let mut doc: Value = serde_json::from_slice(&roadlog::store::encode(&product)).unwrap();
    let evil = |v: &mut Value| {
        if let Some(s) = v.as_str() {
            *v = Value::String(format!("{EVIL}{s}"));
        }
    };
    evil(&mut doc["name"]);
    let mut n = 0;
    let mut title = |v: &mut Value| {
        if let Some(s) = v.as_str() {
            *v = Value::String(format!("{}{s}", TITLES[n % TITLES.len()]));
            n += 1;
        }
    };
    for v in doc["visions"].as_array_mut().unwrap() {
        title(&mut v["title"]);
        for f in ["statement", "target_group", "needs", "product"] {
            evil(&mut v[f]);
        }
        for g in v["goals"].as_array_mut().into_iter().flatten() {
            evil(&mut g["text"]);
        }
    }
    for e in doc["epics"].as_array_mut().unwrap() {
        title(&mut e["title"]);
        evil(&mut e["description"]);
        for l in e["labels"].as_array_mut().into_iter().flatten() {
            evil(l);
        }
    }
    for s in doc["stories"].as_array_mut().unwrap() {
        title(&mut s["title"]);
        for f in ["as_a", "i_want", "so_that", "description", "assignee"] {
            evil(&mut s[f]);
        }
        for c in s["acceptance_criteria"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            evil(&mut c["text"]);
        }
        for l in s["labels"].as_array_mut().into_iter().flatten() {
            evil(l);
        }
    }
    for s in doc["sprints"].as_array_mut().unwrap() {
        title(&mut s["name"]);
        evil(&mut s["goal"]);
    }
    let bytes = serde_json::to_vec(&doc).unwrap();
    roadlog::store::decode(std::path::Path::new("hostile.json"), &bytes).unwrap()
}

fn hostile(width: u16, height: u16) -> App {
    let mut app = App::new(
        hostile_product(),
        today(),
        "hostile.json".into(),
        Theme::colour(),
    );
    resize(&mut app, width, height);
    app
}

fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| roadlog::tui::view::draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

/// A character a terminal would act on rather than show.
fn is_risky(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The views, as keys pressed from the start, and whether each shows document text.
const VIEWS: &[(&str, bool)] = &[
    ("", true),
    ("1", true),
    ("1jj", true),
    ("1t", true),
    ("1V", true),
    ("1Vr", true),
    ("2", true),
    ("2o", true),
    ("2jjj", true),
    ("3", true),
    ("3p", true),
    ("3b", true),
    ("3v", true),
    ("3C", true),
    ("2c", true),
    ("2x", true),
    ("2m", true),
    ("2+", true),
    ("2a", true),
    ("2d", true),
    ("1d", true),
    ("<C-p>", true),
    ("2/日本<Enter>", true),
    ("2e", false),
    ("1e", false),
    ("?", false),
];

const SIZES: [(u16, u16); 4] = [(80, 24), (120, 40), (200, 50), (40, 12)];

#[test]
fn no_cell_holds_a_control_and_the_escapes_are_visible_in_every_view() {
    for (w, h) in SIZES {
        for (pressed, shows_text) in VIEWS {
            let mut app = hostile(w, h);
            keys(&mut app, pressed);
            let buffer = draw(&app);
            for cell in buffer.content() {
                assert!(
                    !cell.symbol().chars().any(is_risky),
                    "{pressed:?} at {w}x{h}: cell {:?}",
                    cell.symbol()
                );
            }
            let text = buffer_text(&buffer);
            if *shows_text && w >= 80 {
                assert!(
                    text.contains("␛]0;PWNED␇"),
                    "{pressed:?} at {w}x{h} hides the escape:\n{text}"
                );
            }
        }
    }
}

/// The screen as text, one line per row, wide characters once.
fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            skip = roadlog::safe_text::width(symbol).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// The first column at or after `from` where row `y` shows `word`, cell by cell.
fn column_of(buffer: &Buffer, y: u16, from: u16, word: &str) -> Option<u16> {
    let letters: Vec<String> = word.chars().map(String::from).collect();
    (from..buffer.area.width).find(|x| {
        letters.iter().enumerate().all(|(i, l)| {
            let at = x + i as u16;
            at < buffer.area.width && buffer[(at, y)].symbol() == l
        })
    })
}

/// The rows that start a story or epic id (`S-12`, `E-3`) at column `x`.
fn id_rows(buffer: &Buffer, x: u16, prefix: &str) -> Vec<u16> {
    (0..buffer.area.height)
        .filter(|y| column_of(buffer, *y, x, prefix) == Some(x))
        .collect()
}

/// In the backlog every story's status word starts in one column, whatever its title holds.
#[test]
fn backlog_rows_stay_aligned_with_wide_joined_and_invisible_text() {
    for (w, h) in SIZES.into_iter().take(3) {
        for pressed in ["2", "2o"] {
            let mut app = hostile(w, h);
            keys(&mut app, pressed);
            let buffer = draw(&app);
            // The column where most rows start a story id is the backlog's id column.
            let x = (0..w)
                .max_by_key(|x| id_rows(&buffer, *x, "S-").len())
                .unwrap();
            let rows = id_rows(&buffer, x, "S-");
            assert!(rows.len() >= 5, "{pressed} at {w}x{h}");
            let columns: Vec<Option<u16>> = rows
                .iter()
                .map(|y| {
                    ["draft", "ready", "doing", "review", "done"]
                        .iter()
                        .filter_map(|word| column_of(&buffer, *y, x + 5, word))
                        .min()
                })
                .collect();
            assert!(
                columns.iter().all(|c| c.is_some() && *c == columns[0]),
                "{pressed} at {w}x{h}: status columns {columns:?}\n{}",
                buffer_text(&buffer)
            );
        }
    }
}

/// In the roadmap list every epic's score (`R…`, the last column) starts in one column.
#[test]
fn roadmap_rows_stay_aligned() {
    let mut app = hostile(80, 24);
    keys(&mut app, "1");
    let buffer = draw(&app);
    let x = (0..80)
        .max_by_key(|x| id_rows(&buffer, *x, "E-").len())
        .unwrap();
    let rows = id_rows(&buffer, x, "E-");
    assert!(rows.len() >= 5, "{}", buffer_text(&buffer));
    let border = column_of(&buffer, rows[0], x, "│").unwrap();
    let columns: Vec<Option<u16>> = rows
        .iter()
        .map(|y| (x..border).rev().find(|c| buffer[(*c, *y)].symbol() == "R"))
        .collect();
    assert!(
        columns.iter().all(|c| c.is_some() && *c == columns[0]),
        "score columns {columns:?}\n{}",
        buffer_text(&buffer)
    );
}

/// A story's description keeps its lines in the detail panel, each shown safely.
#[test]
fn the_detail_panel_keeps_a_descriptions_lines() {
    let mut app = hostile(120, 40);
    keys(&mut app, "2");
    let text = buffer_text(&draw(&app));
    assert!(text.contains("␛]0;PWNED␇"), "{text}");
    // The description's own line break stays a line: "## Fake" heads the next row of the
    // panel, escaped nowhere, since the panel is no Markdown.
    assert!(
        text.contains("dlrow⏎## Fake"),
        "titles are one line:\n{text}"
    );
}

/// A file whose sprint ends in the year 262142 (`check` reports it) opens and draws every
/// view at once: its burndown stops after the longest sprint allowed, and the timeline
/// leaves out dates beyond the years it can show.
#[test]
fn a_sprint_ending_in_the_year_262142_draws_every_view() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid/sprint-end-out-of-range.json");
    let product = roadlog::store::Store::at(file).load().unwrap().product;
    let started = std::time::Instant::now();
    for pressed in ["", "1", "1t", "2", "3", "3b", "3v", "3p"] {
        let mut app = App::new(product.clone(), today(), "far.json".into(), Theme::colour());
        resize(&mut app, 120, 40);
        keys(&mut app, pressed);
        assert!(app.derived.burndown(&app.product).len() <= 366, "{pressed}");
        let text = buffer_text(&draw(&app));
        if pressed.starts_with('3') {
            assert!(text.contains("Sprint "), "{pressed}:\n{text}");
        }
    }
    // Not a timing assertion on the work: a guard against the 95 million days coming back.
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}
