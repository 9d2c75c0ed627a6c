//! The bodies of roadlog's fuzz targets, over its public library API only. Each takes any
//! bytes and panics only on a real defect: a panic inside roadlog, or a broken promise
//! checked here (a loaded document that does not save back to itself, an import that
//! breaks a rule of the model). The cargo-fuzz binaries in `fuzz_targets/` call these; so
//! does tests/fuzz.rs (it includes this file), for a bounded run under `cargo test`.

use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::import::{self, Batch, ImportError};
use roadlog::model::Product;
use roadlog::query::Query;
use roadlog::store::{SourceFile, decode, encode};
use roadlog::tui::theme::Theme;
use roadlog::tui::{App, view};
use serde_json::Value;

/// Valid documents to mutate; the fuzzer's corpus starts from them too.
pub const SEEDS: &[&[u8]] = &[
    include_bytes!("../../tests/fixtures/valid/small.json"),
    include_bytes!("../../tests/fixtures/valid/unknown-fields.json"),
    include_bytes!("../../tests/fixtures/valid/untyped-goals.json"),
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

fn now() -> DateTime<Utc> {
    today().and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

/// The demo sample, made once: what queries run over and imports go into.
fn sample() -> &'static Product {
    static SAMPLE: OnceLock<Product> = OnceLock::new();
    SAMPLE.get_or_init(|| roadlog::demo::sample(today(), 40).expect("the demo sample is valid"))
}

/// Any bytes as a document file. Refused with an error, or loaded; a loaded document saves
/// back to itself (and saving is stable), its problems can be listed, and it is drawn as
/// the TUI opens it, in every view, at 80x24 and at 1x1.
pub fn loader(data: &[u8]) {
    let path = Path::new("fuzz.json");
    let Ok(product) = decode(path, data) else {
        return;
    };
    let bytes = encode(&product);
    let again = match decode(path, &bytes) {
        Ok(again) => again,
        Err(e) => panic!("a loaded document does not load once saved: {e}"),
    };
    assert!(again == product, "a loaded document changed in a save");
    assert!(encode(&again) == bytes, "saving is not stable");
    // The TUI opens a document that breaks rules too (it says so, and refuses to save until
    // they are fixed), so every loaded document is drawn, not only sound ones.
    let _ = product.problems();
    draw(product);
}

/// Every view a document's odd values could break: the three panes, the timeline, the
/// sprint's charts and planning, the detail; each at 80x24 and at 1x1.
fn draw(product: Product) {
    let mut app = App::new(product, today(), "fuzz.json".into(), Theme::colour());
    for key in ['2', 'i', 'i', '1', 't', '3', 'b', 'v', 'f', 'p'] {
        let event = Event::Key(KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE));
        if let Some(action) = roadlog::tui::translate(&app, event) {
            app.update(action);
        }
        for (width, height) in [(80, 24), (1, 1)] {
            app.update(roadlog::tui::Action::Resize { width, height });
            // A TestBackend cannot fail to draw; a panic inside drawing is what is sought.
            let _ = Terminal::new(TestBackend::new(width, height))
                .map(|mut t| t.draw(|f| view::draw(f, &app)).map(drop));
        }
    }
}

/// A valid document with changes the bytes pick: values replaced by others of any type
/// (huge and negative numbers, odd dates, control characters), keys removed, array items
/// doubled. Mostly still JSON of the right shape, so it reaches past the parser into the
/// model's checks; then it goes through [`loader`].
pub fn loader_mutated(data: &[u8]) {
    let Some((&pick, mut rest)) = data.split_first() else {
        return;
    };
    let seed = SEEDS[usize::from(pick) % SEEDS.len()];
    let Ok(mut doc) = serde_json::from_slice::<Value>(seed) else {
        return;
    };
    while let [at, kind, value, tail @ ..] = rest {
        mutate(&mut doc, usize::from(*at), *kind, *value);
        rest = tail;
    }
    let bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    loader(&bytes);
}

/// Every place in `doc` (as JSON pointers), root first.
fn places(doc: &Value, at: String, out: &mut Vec<String>) {
    match doc {
        Value::Object(o) => {
            for (k, v) in o {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                places(v, here, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                places(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

const ODD_TEXT: &[&str] = &[
    "",
    "S-1",
    "E-1",
    "SP-1",
    "V-1",
    "S-0",
    "S-4294967296",
    "SP-99",
    "+262142-12-31",
    "1899-12-31",
    "2026-02-30",
    "2026-11-23T25:00:00Z",
    "done",
    "active",
    "\u{1b}]0;x\u{7}",
    "\u{202e}",
    "a\nb",
    "👩‍👩‍👧",
];

fn odd_number(value: u8) -> Value {
    let text = match value % 12 {
        0 => "0",
        1 => "-1",
        2 => "4294967295",
        3 => "4294967296",
        4 => "18446744073709551615",
        5 => "123456789012345678901234567890",
        6 => "1e308",
        7 => "-1e308",
        8 => "0.25",
        9 => "99",
        10 => "1e-320",
        _ => "-0",
    };
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn mutate(doc: &mut Value, at: usize, kind: u8, value: u8) {
    let mut all = Vec::new();
    places(doc, String::new(), &mut all);
    let Some(pointer) = all.get(at % all.len().max(1)).cloned() else {
        return;
    };
    if kind % 8 == 4 {
        // Remove the key or item itself.
        let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", ""));
        match doc.pointer_mut(parent) {
            Some(Value::Object(o)) => {
                o.remove(&last.replace("~1", "/").replace("~0", "~"));
            }
            Some(Value::Array(a)) => {
                if let Ok(i) = last.parse::<usize>()
                    && i < a.len()
                {
                    a.remove(i);
                }
            }
            _ => {}
        }
        return;
    }
    let Some(place) = doc.pointer_mut(&pointer) else {
        return;
    };
    let text = || Value::String(ODD_TEXT[usize::from(value) % ODD_TEXT.len()].to_string());
    *place = match (kind % 8, place.take()) {
        // Mostly a value of the same type, so the document still parses and the odd value
        // reaches the model's checks and the drawing.
        (0..=3, Value::Number(_)) => odd_number(value),
        (0..=3, Value::String(_)) => text(),
        (0..=3, Value::Bool(b)) => Value::Bool(!b),
        (0..=1, Value::Array(mut a)) => {
            if let Some(item) = a.get(usize::from(value) % a.len().max(1)).cloned() {
                a.push(item);
            }
            Value::Array(a)
        }
        (2..=3, Value::Array(_)) => Value::Array(Vec::new()),
        (0..=3, other) => other,
        (5, _) => Value::Null,
        (6, _) => odd_number(value),
        _ => text(),
    };
}

/// Any text as a `--where` expression: refused with an error, or a query that can be
/// checked against a product and run over its stories.
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(query) = Query::parse(&text) else {
        return;
    };
    let product = sample();
    let _ = query.check(product);
    let _ = product
        .stories()
        .iter()
        .filter(|s| query.matches(s))
        .count();
}

/// What every importer promises: a source is refused with an error naming it, or its batch
/// goes into a product (an empty one and the demo) or is refused there; a product it went
/// into keeps every rule and saves back to itself.
fn imported(batch: Result<Batch, ImportError>) {
    let Ok(batch) = batch else {
        return;
    };
    for mut product in [Product::new("fuzz"), sample().clone()] {
        // All or none is the caller's: it runs the import inside one `Store::update`,
        // which saves nothing on a refusal.
        if batch.clone().apply(&mut product, today(), now()).is_err() {
            continue;
        }
        let problems = product.problems();
        assert!(
            problems.is_empty(),
            "an import broke the rules: {problems:?}"
        );
        match decode(Path::new("fuzz.json"), &encode(&product)) {
            Ok(again) => assert!(again == product, "an import does not save back"),
            Err(e) => panic!("an imported product does not load once saved: {e}"),
        }
    }
}

/// Any bytes as a Jira CSV export.
pub fn import_csv(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    imported(import::parse_csv("fuzz.csv", &text, &mut |_, _| {}));
}

/// Any bytes as a Taskwarrior JSON export.
pub fn import_taskwarrior(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    imported(import::parse_taskwarrior(
        "fuzz.json",
        &text,
        &mut |_, _| {},
    ));
}

/// Any bytes as a Backlog.md folder: files separated by NUL bytes, each put in the folder
/// its first byte picks.
pub fn import_backlog_md(data: &[u8]) {
    let files: Vec<SourceFile> = data
        .split(|b| *b == 0)
        .enumerate()
        .filter_map(|(i, file)| {
            let (pick, text) = file.split_first()?;
            let folder =
                import::BACKLOG_MD_FOLDERS[usize::from(*pick) % import::BACKLOG_MD_FOLDERS.len()];
            Some(SourceFile {
                path: format!("{folder}/task-{i} - Fuzzed.md"),
                text: String::from_utf8_lossy(text).into_owned(),
            })
        })
        .collect();
    imported(import::parse_backlog_md(&files, &mut |_, _| {}));
}
