//! `story list --json` written by hand: byte for byte what serde_json's pretty printer
//! writes for a list of [`StoryView`]s passed through [`safe_text::json`] (the tests hold
//! the two together), at a fraction of the cost. serde_json looks up every byte of every
//! string in its escape table and formats ids and dates through `Display`; a story's text
//! is nearly always printable ASCII without quotes, which needs no escape at all and is
//! copied whole here. Anything else (a string that needs escapes, a criterion or commit
//! with unknown fields, a date with fractions of a second) is handed to serde_json itself.
//!
//! [`StoryView`]: super::json::StoryView

use std::io;

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serialize;

use super::table::{digits, id_prefix};
use crate::model::{Criterion, EpicId, Product, SprintId, Story, StoryId};
use crate::safe_text;

/// Prints the stories `rows` yields (with their ranks) as `story list --json` does.
pub fn print<'a>(product: &'a Product, rows: impl Iterator<Item = (usize, &'a Story)>) {
    crate::cli::write_out_with(|out| write(out, product, rows));
}

/// Writes the JSON array of `rows`, then a line break, one story at a time.
fn write<'a>(
    out: &mut dyn io::Write,
    product: &'a Product,
    rows: impl Iterator<Item = (usize, &'a Story)>,
) -> io::Result<()> {
    let ids = Ids {
        story: id_prefix(StoryId(0)),
        epic: id_prefix(EpicId(0)),
        sprint: id_prefix(SprintId(0)),
    };
    let mut buf = Vec::with_capacity(1 << 12);
    let mut any = false;
    for (rank, s) in rows {
        buf.clear();
        buf.extend_from_slice(if any { b",\n  {" } else { b"[\n  {" });
        any = true;
        story(&mut buf, &ids, product, s, rank)?;
        buf.extend_from_slice(b"\n  }");
        out.write_all(&buf)?;
    }
    out.write_all(if any { b"\n]\n" } else { b"[]\n" })
}

struct Ids {
    story: String,
    epic: String,
    sprint: String,
}

/// A story's fields are indented two levels, the items of its lists three.
const IN: &[u8] = b"    ";
const ITEM: &[u8] = b"      ";

/// The fields of one story, in [`super::json::StoryView`]'s order.
fn story(
    buf: &mut Vec<u8>,
    ids: &Ids,
    product: &Product,
    s: &Story,
    rank: usize,
) -> io::Result<()> {
    let mut o = Object { buf, first: true };
    o.key(IN, "id");
    id(o.buf, &ids.story, Some(s.id.0));
    for (name, text) in [
        ("title", &s.title),
        ("as_a", &s.as_a),
        ("i_want", &s.i_want),
        ("so_that", &s.so_that),
        ("description", &s.description),
    ] {
        o.key(IN, name);
        string(o.buf, text)?;
    }
    o.list(IN, "acceptance_criteria", &s.acceptance_criteria, criterion)?;
    o.key(IN, "points");
    number(o.buf, s.points.map(u64::from));
    o.key(IN, "status");
    serde_json::to_writer(&mut *o.buf, &s.status)?;
    o.key(IN, "epic");
    id(o.buf, &ids.epic, s.epic.map(|e| e.0));
    o.key(IN, "sprint");
    id(o.buf, &ids.sprint, s.sprint.map(|sp| sp.0));
    o.list(IN, "labels", &s.labels, |buf, label| string(buf, label))?;
    o.key(IN, "assignee");
    optional_string(o.buf, s.assignee.as_deref())?;
    o.list(IN, "blocked_by", &s.blocked_by, |buf, b| {
        id(buf, &ids.story, Some(b.0));
        Ok(())
    })?;
    o.list(
        IN,
        "definition_of_done",
        product.dod_checklist(s),
        |buf, (text, done)| check(buf, text, done),
    )?;
    o.list(IN, "commits", &s.commits, |buf, c| nested(buf, ITEM, c))?;
    o.key(IN, "rank");
    number(o.buf, Some(rank as u64));
    o.key(IN, "created");
    date(o.buf, s.created)?;
    o.key(IN, "updated");
    date(o.buf, s.updated)?;
    o.key(IN, "external_key");
    optional_string(o.buf, s.external_key.as_deref())
}

/// The members of an object: each key on its own line at `indent`, after a comma but the
/// first (the brace is the caller's).
struct Object<'b> {
    buf: &'b mut Vec<u8>,
    first: bool,
}

impl Object<'_> {
    /// `name`: a list of `items`, each on a line of its own at [`ITEM`], written by `each`.
    fn list<T>(
        &mut self,
        indent: &[u8],
        name: &str,
        items: impl IntoIterator<Item = T>,
        mut each: impl FnMut(&mut Vec<u8>, T) -> io::Result<()>,
    ) -> io::Result<()> {
        self.key(indent, name);
        self.buf.push(b'[');
        let mut any = false;
        for item in items {
            self.buf.extend_from_slice(if any { b",\n" } else { b"\n" });
            any = true;
            self.buf.extend_from_slice(ITEM);
            each(self.buf, item)?;
        }
        if any {
            self.buf.push(b'\n');
            self.buf.extend_from_slice(indent);
        }
        self.buf.push(b']');
        Ok(())
    }

    /// `name` is one of ours: printable ASCII, nothing to escape.
    fn key(&mut self, indent: &[u8], name: &str) {
        self.buf
            .extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        self.buf.extend_from_slice(indent);
        self.buf.push(b'"');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"\": ");
    }
}

/// An array as serde_json's pretty printer lays it out: `[]` when empty, else one item a
/// line and the bracket back at the parent's indent.
/// A criterion inside `acceptance_criteria`; one with unknown fields goes to serde_json.
fn criterion(buf: &mut Vec<u8>, c: &Criterion) -> io::Result<()> {
    if c.extra.is_empty() {
        check(buf, &c.text, c.done)
    } else {
        nested(buf, b"      ", c)
    }
}

/// `{"text": …, "done": …}` as an item of a list inside the story.
fn check(buf: &mut Vec<u8>, text: &str, done: bool) -> io::Result<()> {
    const FIELD: &[u8] = b"        ";
    buf.push(b'{');
    let mut o = Object { buf, first: true };
    o.key(FIELD, "text");
    string(o.buf, text)?;
    o.key(FIELD, "done");
    o.buf
        .extend_from_slice(if done { b"true" } else { b"false" });
    buf.extend_from_slice(b"\n      }");
    Ok(())
}

/// `value` as serde_json prints it on its own, indented to sit at `indent`: pretty
/// printing puts line breaks only between tokens, so indenting every line after the first
/// is what printing it in place gives.
fn nested(buf: &mut Vec<u8>, indent: &[u8], value: &impl Serialize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (i, line) in safe_text::json(&text).split('\n').enumerate() {
        if i > 0 {
            buf.push(b'\n');
            buf.extend_from_slice(indent);
        }
        buf.extend_from_slice(line.as_bytes());
    }
    Ok(())
}

/// A JSON string: copied whole when it is printable ASCII with no quote or backslash
/// (nothing to escape, nothing unsafe); anything else as serde_json escapes it, made safe.
fn string(buf: &mut Vec<u8>, text: &str) -> io::Result<()> {
    // The fold does not stop early, so it compiles to vector instructions.
    let plain = text.bytes().fold(true, |ok, b| {
        ok & ((b' '..=b'~').contains(&b) & (b != b'"') & (b != b'\\'))
    });
    if plain {
        buf.push(b'"');
        buf.extend_from_slice(text.as_bytes());
        buf.push(b'"');
        Ok(())
    } else {
        let escaped = serde_json::to_string(text)?;
        buf.extend_from_slice(safe_text::json(&escaped).as_bytes());
        Ok(())
    }
}

fn optional_string(buf: &mut Vec<u8>, text: Option<&str>) -> io::Result<()> {
    match text {
        Some(t) => string(buf, t),
        None => {
            buf.extend_from_slice(b"null");
            Ok(())
        }
    }
}

/// An id as its `Display` shows it, quoted; `null` when there is none.
fn id(buf: &mut Vec<u8>, prefix: &str, n: Option<u32>) {
    match n {
        Some(n) => {
            buf.push(b'"');
            buf.extend_from_slice(prefix.as_bytes());
            buf.extend_from_slice(digits(u64::from(n), &mut [0; 20]).as_bytes());
            buf.push(b'"');
        }
        None => buf.extend_from_slice(b"null"),
    }
}

fn number(buf: &mut Vec<u8>, n: Option<u64>) {
    match n {
        Some(n) => buf.extend_from_slice(digits(n, &mut [0; 20]).as_bytes()),
        None => buf.extend_from_slice(b"null"),
    }
}

/// A moment as chrono serializes it (`2026-10-24T09:00:00Z`). Whole seconds in years 0 to
/// 9999, nearly every moment in a document, are written here; the rest by chrono.
fn date(buf: &mut Vec<u8>, t: DateTime<Utc>) -> io::Result<()> {
    let year = t.year();
    if t.nanosecond() != 0 || !(0..=9999).contains(&year) {
        return Ok(serde_json::to_writer(buf, &t)?);
    }
    let two = |buf: &mut Vec<u8>, n: u32, after: u8| {
        // Each is below 100 here: two ASCII digits.
        buf.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8, after]);
    };
    buf.push(b'"');
    // `year` is in 0..=9999, so it fits in a u32 as four digits.
    let year = year.unsigned_abs();
    two(buf, year / 100, b'0' + (year % 100 / 10) as u8);
    buf.extend_from_slice(&[b'0' + (year % 10) as u8, b'-']);
    two(buf, t.month(), b'-');
    two(buf, t.day(), b'T');
    two(buf, t.hour(), b':');
    two(buf, t.minute(), b':');
    two(buf, t.second(), b'Z');
    buf.push(b'"');
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::cli::story::views;

    /// What `story list --json` printed before: serde_json's pretty printing of the views,
    /// through the safe pass.
    fn by_serde(product: &Product) -> String {
        let text = serde_json::to_string_pretty(&views(product, |_| true)).expect("serializes");
        format!("{}\n", safe_text::json(&text))
    }

    fn by_hand(product: &Product) -> String {
        let mut out = Vec::new();
        let rows = product
            .stories()
            .iter()
            .enumerate()
            .map(|(i, s)| (i + 1, s));
        write(&mut out, product, rows).expect("a Vec takes every byte");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    #[test]
    fn the_demo_is_written_as_serde_json_writes_it() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("a date");
        let product = crate::demo::sample(today, 400).expect("the demo");
        assert_eq!(by_hand(&product), by_serde(&product));
        assert_eq!(by_hand(&Product::new("empty")), "[]\n");
    }

    #[test]
    fn hostile_text_unknown_fields_and_odd_dates_are_written_as_serde_json_writes_them() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("a date");
        let texts = [
            "T\u{1b}]0;PWNED\u{7}\u{1b}[2J",
            "quote \" and \\ backslash\ttab\r\nCRLF",
            "DEL\u{7f} C1\u{9b} bidi\u{202e}\u{2066} seps\u{2028}\u{2029}",
            "日本語 👨\u{200d}👩\u{200d}👧 e\u{301}",
            "",
        ];
        let moments = [
            Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).single(),
            Utc.timestamp_opt(1_700_000_000, 123_000_000).single(),
            Utc.timestamp_opt(1_700_000_000, 1_000).single(),
            Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).single(),
            Utc.with_ymd_and_hms(33, 12, 31, 23, 59, 59).single(),
        ];
        let mut doc = serde_json::to_value(crate::demo::sample(today, 60).expect("the demo"))
            .expect("serializes");
        doc["settings"] = serde_json::json!({ "definition_of_done": ["Reviewed", texts[0]] });
        let stories = doc["stories"].as_array_mut().expect("a list of stories");
        for (i, s) in stories.iter_mut().enumerate() {
            let text = texts[i % texts.len()];
            s["title"] = text.into();
            s["description"] = format!("{text}\nsecond line").into();
            s["labels"] = serde_json::json!(["web", text]);
            s["assignee"] = text.into();
            if i % 2 == 0 {
                s["external_key"] = text.into();
                s["dod_done"] = serde_json::json!(["Reviewed"]);
                if let Some(c) = s["acceptance_criteria"].get_mut(0) {
                    c["x-unknown"] = serde_json::json!({ "a": [1, text] });
                }
            }
            if let Some(t) = moments[i % moments.len()] {
                s["created"] = serde_json::to_value(t).expect("a moment");
                let commit = serde_json::json!({
                    "hash": "0123456789abcdef", "subject": text, "author": text, "date": t,
                    "x-unknown": [text]
                });
                s["commits"] = serde_json::json!([commit, commit]);
            }
        }
        let product: Product = serde_json::from_value(doc).expect("a sound document");
        assert!(
            product.stories().iter().any(|s| !s.commits.is_empty()),
            "the commits were kept"
        );
        let text = by_hand(&product);
        for shown in [
            ".123Z",
            "10000-01-01",
            "0033-12-31",
            "x-unknown",
            "\\u202e",
            "Reviewed",
        ] {
            assert!(text.contains(shown), "{shown} is in the output");
        }
        assert_eq!(text, by_serde(&product));
    }
}
