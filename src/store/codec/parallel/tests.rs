//! The parallel read against the whole-text parse: on any text it gives the same product or
//! nothing, and nothing wherever the whole-text parse fails (whose error the caller then
//! reports, unchanged). Pieces here are a story or a few, so small documents cross every path.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::Value;
use serde_json::ser::{PrettyFormatter, Serializer};

use super::super::stream;
use super::{PIECE_BYTES, judge_in, parse_in};
use crate::demo::sample;
use crate::model::Product;
use crate::store::digest::Digest;
use crate::store::{decode, encode};

fn doc(stories: usize) -> String {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    String::from_utf8(encode(&sample(today, stories).unwrap())).unwrap()
}

fn whole(text: &str) -> serde_json::Result<Product> {
    serde_json::from_str(text)
}

/// The property: the same product as the whole-text parse, or `None`; `None` if that fails.
/// And the check in pieces tells the whole product's problems wherever the read in pieces
/// reads, and nothing elsewhere (the caller then decodes the whole text).
/// The read in windows (of a few pieces, so the text is cut in many) also gives the same
/// product or `None`, with the digest of the whole text.
fn agrees(text: &str, threads: usize, piece: usize) -> Result<Option<Product>, TestCaseError> {
    let parallel = parse_in(text, threads, piece);
    let judged = judge_in(text, threads, piece);
    let streamed = stream::read_in(text.as_bytes(), u64::MAX, piece * 3, threads, piece);
    match (whole(text), &streamed) {
        (Ok(p), Some(s)) => {
            prop_assert_eq!(&p, &s.product);
            prop_assert_eq!(s.digest, Digest::of(text.as_bytes()));
        }
        (Err(e), Some(_)) => prop_assert!(false, "the whole text fails ({e}), the windows read"),
        (_, None) => {}
    }
    match (whole(text), &parallel) {
        (Ok(p), Some(q)) => {
            prop_assert_eq!(&p, q);
            let (skeleton, problems) = judged.unwrap();
            prop_assert_eq!(problems, p.problems());
            prop_assert_eq!(skeleton.conflicts(), p.conflicts());
        }
        (Err(e), Some(_)) => prop_assert!(false, "the whole text fails ({e}), the pieces read"),
        (_, None) => prop_assert!(judged.is_none()),
    }
    Ok(parallel)
}

fn reindent(text: &str, indent: &[u8]) -> String {
    let value: Value = serde_json::from_str(text).unwrap();
    let mut out = Vec::new();
    let mut ser = Serializer::with_formatter(&mut out, PrettyFormatter::with_indent(indent));
    serde::Serialize::serialize(&value, &mut ser).unwrap();
    String::from_utf8(out).unwrap()
}

/// `field` inserted as the document's first top-level field, laid out as the backlog is.
fn with_first_field(text: &str, field: &str) -> String {
    text.replacen("{\n", &format!("{{\n  {field},\n"), 1)
}

/// Two stories of the document, as the canonical layout writes them inside the backlog.
fn story_shaped(text: &str) -> String {
    let value: Value = serde_json::from_str(text).unwrap();
    let stories = &value["stories"].as_array().unwrap()[..2];
    let body: Vec<String> = stories
        .iter()
        .map(|s| {
            serde_json::to_string_pretty(s)
                .unwrap()
                .replace('\n', "\n    ")
        })
        .collect();
    format!("[\n    {}\n  ]", body.join(",\n    "))
}

#[test]
fn the_canonical_layout_reads_in_pieces_as_a_whole() {
    let text = doc(40);
    for (threads, piece) in [(2, 1), (2, 500), (3, 1), (4, 3000), (8, 1)] {
        let read = parse_in(&text, threads, piece);
        assert_eq!(
            read.as_ref(),
            Some(&whole(&text).unwrap()),
            "{threads} {piece}"
        );
    }
    // CRLF line ends are the same layout.
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(parse_in(&crlf, 2, 1), Some(whole(&crlf).unwrap()));
}

#[test]
fn a_large_document_decodes_in_pieces_and_a_broken_one_fails_as_before() {
    let text = doc(6000);
    assert!(text.len() > 2 * PIECE_BYTES);
    let read = parse_in(&text, 2, PIECE_BYTES);
    assert_eq!(read.as_ref(), Some(&whole(&text).unwrap()));
    let path = std::path::Path::new("big.json");
    assert_eq!(decode(path, text.as_bytes()).ok(), read);
    // A story near the end broken: the error names its line, as the whole parse does.
    let at = text.len() - 3 * PIECE_BYTES / 2;
    let at = at + text[at..].find("\"points\": ").unwrap();
    let broken = format!("{}\"points\": x{}", &text[..at], &text[at + 10..]);
    let line = text[..at].lines().count();
    let err = decode(path, broken.as_bytes()).unwrap_err().to_string();
    assert!(err.contains(&format!("line {line}")), "{err}");
    assert_eq!(parse_in(&broken, 2, PIECE_BYTES), None);
}

#[test]
fn a_check_in_pieces_tells_every_broken_rule_the_whole_product_tells() {
    let mut value: Value = serde_json::from_str(&doc(40)).unwrap();
    let stories = value["stories"].as_array_mut().unwrap();
    let id = |stories: &[Value], i: usize| stories[i]["id"].clone();
    stories[3]["epic"] = "E-99".into();
    stories[30]["sprint"] = "SP-99".into();
    stories[35]["id"] = id(stories, 2);
    // A loop between the first story and the last, which a check in pieces reads apart.
    stories[0]["blocked_by"] = Value::Array(vec![id(stories, 39)]);
    stories[39]["blocked_by"] = Value::Array(vec![id(stories, 0)]);
    stories[10]["blocked_by"] = Value::Array(vec![id(stories, 10)]);
    stories[12]["blocked_by"] = Value::Array(vec!["S-99999".into()]);
    stories[20]["points"] = 500.into();
    stories[25]["created"] = "0999-01-01T00:00:00Z".into();
    let product: Product = serde_json::from_value(value).unwrap();
    let text = String::from_utf8(encode(&product)).unwrap();
    let told = product.problems();
    let said = |part: &str| told.iter().any(|p| p.0.contains(part));
    for part in [
        "E-99",
        "SP-99",
        "more than once",
        "cycle",
        "by itself",
        "S-99999",
        "0999",
    ] {
        assert!(said(part), "{part} not in {told:?}");
    }
    assert!(said("points 500"), "{told:?}");
    for (threads, piece) in [(2, 1), (2, 900), (3, 1), (4, 3000), (8, 1)] {
        let (skeleton, problems) = judge_in(&text, threads, piece).unwrap();
        assert_eq!(problems, told, "{threads} {piece}");
        assert_eq!(skeleton.stories().len(), 0);
    }
    let path = std::path::Path::new("broken.json");
    let checked = crate::store::codec::judge(path, text.as_bytes()).unwrap();
    assert_eq!(checked.problems, told);
}

/// Read in windows, a canonical document gives the whole parse's product, its digest, and
/// where each story's canonical encoding lies, cut in many windows or in one, on one thread
/// or more. Past the size limit, or with no story, it gives nothing.
#[test]
fn the_canonical_layout_reads_in_windows_with_each_story_placed() {
    let text = doc(300);
    let product = whole(&text).unwrap();
    for (window, threads, piece) in [(1, 1, 1), (700, 2, 300), (5000, 3, 1000), (1 << 30, 2, 1)] {
        let read = stream::read_in(text.as_bytes(), u64::MAX, window, threads, piece).unwrap();
        assert_eq!(read.product, product, "{window} {threads} {piece}");
        assert_eq!(read.digest, Digest::of(text.as_bytes()));
        let layout = read.layout.unwrap();
        assert_eq!(layout.ranges.len(), product.stories().len());
        for (range, story) in layout.ranges.iter().zip(product.stories().iter()) {
            let placed = text[range.clone()].replace("\n    ", "\n");
            assert_eq!(placed, serde_json::to_string_pretty(story).unwrap());
        }
        let (first, last) = (&layout.ranges[0], layout.ranges.last().unwrap());
        assert_eq!(layout.head, text.as_bytes()[..first.start]);
        assert_eq!(layout.tail, text.as_bytes()[last.end..]);
    }
    let size = text.len() as u64;
    assert!(stream::read_in(text.as_bytes(), size, 700, 2, 300).is_some());
    assert!(stream::read_in(text.as_bytes(), size - 1, 700, 2, 300).is_none());
    let none = first_stories(&text, 0);
    assert!(stream::read_in(none.as_bytes(), u64::MAX, 700, 2, 300).is_none());
    // Laid out another way, the product is read but no story is placed.
    let crlf = text.replace('\n', "\r\n");
    let read = stream::read_in(crlf.as_bytes(), u64::MAX, 700, 2, 300).unwrap();
    assert_eq!(read.product, whole(&crlf).unwrap());
    assert!(read.layout.is_none());
}

#[test]
fn small_backlogs_and_one_thread_are_left_to_the_whole_parse() {
    let text = doc(40);
    assert_eq!(parse_in(&text, 1, 1), None);
    assert_eq!(parse_in(&text, 2, text.len()), None);
    assert!(judge_in(&text, 1, 1).is_none());
    assert!(judge_in(&text, 2, text.len()).is_none());
    assert_eq!(parse_in(&first_stories(&text, 1), 2, 1), None);
    assert_eq!(parse_in(&first_stories(&text, 0), 2, 1), None);
}

/// The document with only its first `n` stories, in the canonical layout.
fn first_stories(text: &str, n: usize) -> String {
    let mut value: Value = serde_json::from_str(text).unwrap();
    value["stories"].as_array_mut().unwrap().truncate(n);
    let product: Product = serde_json::from_value(value).unwrap();
    String::from_utf8(encode(&product)).unwrap()
}

#[test]
fn layouts_that_lie_give_the_whole_parse_or_nothing() {
    let text = doc(12);
    let shaped = story_shaped(&text);
    let no_stories = {
        let mut v: Value = serde_json::from_str(&text).unwrap();
        v.as_object_mut().unwrap().remove("stories");
        serde_json::to_string_pretty(&v).unwrap()
    };
    let mut lies = vec![
        serde_json::to_string(&serde_json::from_str::<Value>(&text).unwrap()).unwrap(),
        reindent(&text, b"   "),
        reindent(&text, b"\t"),
        reindent(&text, b" "),
        no_stories.clone(),
        // An unknown top-level field holding a backlog-shaped `stories` at indent 2.
        with_first_field(&text, &format!("\"old\": {{\n  \"stories\": {shaped}\n}}")),
        // No backlog but an unknown last field laid out as one, then sprints: the pieces
        // read, the skeleton too, but its `stories` is not the one cut out.
        no_stories.replacen(
            "\n}",
            &format!(",\n  \"old\": {{\n  \"stories\": {shaped},\n  \"sprints\": [\n  ]\n}}\n}}"),
            1,
        ),
        // An epic's unknown field, laid out at indent 2.
        text.replacen(
            "\"id\": \"E-1\",",
            &format!("\"id\": \"E-1\",\n  \"stories\": {shaped},"),
            1,
        ),
        // Two backlogs: serde refuses the duplicate.
        with_first_field(&text, &format!("\"stories\": {shaped}")),
        // The backlog's text is really two arrays.
        text.replacen("\n    },\n    {", "\n    }\n  ],\n  \"x\": [0,\n    {", 1),
        // An empty first element: `[ , {..} ]` is no JSON, though `[{..}]` is.
        text.replacen("\"stories\": [\n    {", "\"stories\": [\n    ,\n    {", 1),
        // Cut inside a string's look-alike: a title ending in a brace and a comma.
        text.replacen("\"title\": \"", "\"title\": \"},\\n    {", 3),
    ];
    lies.push(lies[0].replace(",", ",\n    "));
    for (i, lie) in lies.iter().enumerate() {
        for piece in [1, 200, 2000] {
            agrees(lie, 2, piece).unwrap_or_else(|e| panic!("lie {i}: {e}"));
        }
    }
    // An empty backlog, in the layout, is nothing to cut.
    let empty = with_first_field(&first_stories(&text, 0), "\"x\": 1");
    assert_eq!(agrees(&empty, 2, 1).unwrap(), None);
}

#[test]
fn nesting_stops_at_the_same_depth_as_in_the_whole_text() {
    let text = doc(6);
    let mut seen = (false, false);
    for depth in 120..130 {
        let deep = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let lie = text.replacen(
            "\"as_a\": ",
            &format!("\"deep\": {deep},\n      \"as_a\": "),
            4,
        );
        let read = agrees(&lie, 2, 1).unwrap();
        match whole(&lie) {
            Ok(_) => {
                assert!(read.is_some(), "depth {depth}");
                seen.0 = true;
            }
            Err(_) => seen.1 = true,
        }
    }
    assert_eq!(seen, (true, true), "both sides of the limit");
}

/// A random edit of a canonical document: cut short, or a run of bytes replaced.
#[derive(Debug, Clone)]
enum Damage {
    Truncate(usize),
    Replace(usize, String),
    Whitespace(usize, &'static str),
}

fn damage() -> impl Strategy<Value = Damage> {
    let whitespace = prop_oneof![Just(""), Just(" "), Just("\n"), Just("\r\n"), Just("\n  ")];
    prop_oneof![
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), "[{}\\[\\],:\"\\\\ \n0a]{1,3}").prop_map(|(at, s)| Damage::Replace(at, s)),
        (any::<usize>(), whitespace).prop_map(|(at, s)| Damage::Whitespace(at, s)),
    ]
}

fn apply(text: &str, damage: &Damage) -> String {
    let at = |i: usize| {
        let mut i = i % (text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match damage {
        Damage::Truncate(i) => text[..at(*i)].to_string(),
        Damage::Replace(i, s) => {
            let i = at(*i);
            let end = at(i + s.len()).max(i);
            format!("{}{s}{}", &text[..i], &text[end..])
        }
        // Whitespace after a newline: changes the indentation the guess reads, not the JSON.
        Damage::Whitespace(i, s) => match text[at(*i)..].find('\n') {
            Some(n) => {
                let n = at(*i) + n + 1;
                format!("{}{s}{}", &text[..n], &text[n..])
            }
            None => text.to_string(),
        },
    }
}

proptest! {
    #![proptest_config(crate::store::codec::parallel::tests::config())]

    #[test]
    fn damaged_documents_read_as_the_whole_parse_reads_them(
        stories in 2usize..30,
        damages in proptest::collection::vec(damage(), 1..4),
        threads in 2usize..5,
        piece in 1usize..3000,
    ) {
        let mut text = doc(stories);
        for d in &damages {
            text = apply(&text, d);
        }
        agrees(&text, threads, piece)?;
    }

    #[test]
    fn reindented_documents_read_as_the_whole_parse_reads_them(
        stories in 2usize..20,
        shifts in proptest::collection::vec((any::<usize>(), 0usize..5), 1..30),
        crlf in any::<bool>(),
        piece in 1usize..3000,
    ) {
        let mut text = doc(stories);
        for (at, how) in &shifts {
            let pads = ["", " ", "  ", "\t", "\n"];
            text = apply(&text, &Damage::Whitespace(*at, pads[*how]));
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        prop_assert!(whole(&text).is_ok());
        agrees(&text, 2, piece)?;
    }
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(96);
    ProptestConfig {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x7069_6563_6573),
        ..ProptestConfig::default()
    }
}
