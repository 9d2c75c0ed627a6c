//! Document text made safe to show: in a terminal, in a table, in Markdown. Pure.
//!
//! Backlogs hold text pasted from anywhere, and a title such as `"T\e]0;PWNED\a\e[2J"` would
//! retitle the window and clear the screen of whoever prints it. Everything roadlog prints
//! from a document goes through [`line`] (one-line fields: titles, names, labels, cells) or
//! [`block`] (multi-line fields: descriptions, notes), which show every control as visible,
//! harmless text rather than dropping it, so nothing hides in the file:
//!
//! - C0 controls and DEL become their Unicode control pictures (`ESC` shows as `␛`, `BEL` as
//!   `␇`). Every escape sequence (CSI, OSC, DCS, ...) starts with ESC or a C1 control, so
//!   once that is shown the rest of the sequence is plain text.
//! - C1 controls (U+0080..U+009F, which some terminals obey as 8-bit CSI, OSC, ...) and the
//!   bidi embeddings, overrides and isolates (which reorder what a line appears to say)
//!   become `<U+XXXX>`.
//! - In one-line fields a line break (LF, CR, CRLF, NEL, U+2028, U+2029) becomes `⏎` and a
//!   tab a space; in multi-line fields line breaks stay line breaks and a tab becomes four
//!   spaces, so widths stay countable.
//!
//! Cleaning is idempotent, so already-cleaned text can go through again. Widths are display
//! columns (Unicode's East Asian widths and emoji sequences, as ratatui counts them), and
//! cutting keeps whole grapheme clusters, so a ZWJ emoji or an accent is never split.
//! Markdown writers use [`markdown_line`] and [`markdown_block`], which also escape what
//! Markdown would interpret, so a title cannot add a heading, a link, HTML or a section.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Shown in place of a line break inside a one-line field.
pub const NEWLINE_MARK: char = '⏎';
/// Ends text that [`truncate`] or [`fit`] had to cut.
pub const ELLIPSIS: char = '…';
const ELLIPSIS_WIDTH: usize = 1;

/// `text` safe for a terminal as one line: controls visible, line breaks shown as `⏎`.
pub fn line(text: &str) -> Cow<'_, str> {
    clean(text, Shape::Line)
}

/// `text` safe for a terminal with its line breaks kept (as `\n`): for descriptions and
/// other multi-line fields.
pub fn block(text: &str) -> Cow<'_, str> {
    clean(text, Shape::Block)
}

/// The columns `text` takes on a terminal once shown as one [`line`].
pub fn width(text: &str) -> usize {
    line(text).width()
}

/// `text` as one [`line`], cut to at most `columns` columns, ending in `…` when cut.
pub fn truncate(text: &str, columns: usize) -> Cow<'_, str> {
    let shown = line(text);
    if shown.width() <= columns {
        return shown;
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in shown.graphemes(true) {
        let w = grapheme.width();
        if used + w + ELLIPSIS_WIDTH > columns {
            break;
        }
        used += w;
        out.push_str(grapheme);
    }
    if columns > 0 {
        out.push(ELLIPSIS);
    }
    Cow::Owned(out)
}

/// `text` as one [`line`] taking exactly `columns` columns: cut with `…` or padded with
/// spaces, so table columns line up whatever the text holds. A wide character that would
/// straddle the edge is left out and the gap padded.
pub fn fit(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let fill = columns.saturating_sub(cut.width());
    let mut out = cut.into_owned();
    out.extend(std::iter::repeat_n(' ', fill));
    out
}

/// `text` as one [`line`] for Markdown: every character Markdown could read as markup is
/// backslash-escaped, so the text stays literal wherever it is put on a line (a heading, a
/// list item, a table cell).
pub fn markdown_line(text: &str) -> String {
    escape_markdown(&line(text))
}

/// `text` for Markdown with its lines kept: each line is escaped as by [`markdown_line`],
/// so no line can become a heading, a list, a quote, a rule or a code fence.
pub fn markdown_block(text: &str) -> String {
    block(text)
        .split('\n')
        .map(escape_markdown)
        .collect::<Vec<_>>()
        .join("\n")
}

/// JSON text (as serde_json writes it) made safe for a terminal without changing the data:
/// serde_json escapes C0 controls but writes DEL, C1 controls, bidi controls and the
/// Unicode line separators raw, and those can only stand inside strings, where `\uXXXX`
/// means the same character.
pub fn json(text: &str) -> Cow<'_, str> {
    let risky = |c: char| {
        (c.is_control() && c != '\n') || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
    };
    // Printable ASCII and line breaks, nearly all of a document's JSON, by a byte scan
    // that is several times quicker than the char test (the JSON of 100k stories).
    // (The inner fold does not stop early, so it compiles to vector instructions.)
    let plain = |chunk: &[u8]| {
        chunk.iter().fold(true, |ok, b| {
            ok & (*b == b'\n' || (b' '..=b'~').contains(b))
        })
    };
    if text.as_bytes().chunks(64).all(plain) || !text.chars().any(risky) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if risky(c) {
            // None of these is outside the Basic Multilingual Plane: one escape each.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Line,
    Block,
}

fn clean(text: &str, shape: Shape) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_care(c, shape)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => match shape {
                Shape::Line => out.push(NEWLINE_MARK),
                Shape::Block => out.push('\n'),
            },
            '\t' => match shape {
                Shape::Line => out.push(' '),
                Shape::Block => out.push_str("    "),
            },
            '\0'..='\u{1f}' => out.push(control_picture(c)),
            '\u{7f}' => out.push('\u{2421}'),
            c if c.is_control() || is_bidi_control(c) => {
                out.push_str(&format!("<U+{:04X}>", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_care(c: char, shape: Shape) -> bool {
    match c {
        '\n' => shape == Shape::Line,
        '\u{2028}' | '\u{2029}' => true,
        c => c.is_control() || is_bidi_control(c),
    }
}

/// U+2400 ␀ .. U+241F ␟: one column each, and fonts have them.
fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}')
}

/// Embeddings, overrides and isolates: the "Trojan Source" characters. The marks (LRM, RLM,
/// ALM) are left alone: they only nudge neutral characters, and real Hebrew and Arabic text
/// uses them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Backslash-escapes the ASCII punctuation that CommonMark or GitHub Markdown reads as markup
/// anywhere on a line (CommonMark allows a backslash before any of it); `!` and `(` need
/// none once `[` is escaped, since images and links cannot then form. Line-start markers
/// (`-`, `+`, `=`, `1.`, `1)`) are escaped only at the start, where alone they mean
/// something, so ordinary text like "S-1" or "v2.0" stays readable.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let leading = text.len() - text.trim_start_matches([' ', '\t']).len();
    out.push_str(&text[..leading]);
    let body = &text[leading..];
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    for (i, c) in body.char_indices() {
        let starts_line = i == 0 && matches!(c, '-' | '+' | '=');
        let ends_list_number = digits > 0 && i == digits && matches!(c, '.' | ')');
        if starts_line || ends_list_number || is_markup(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn is_markup(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "T\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}]52;c;aGk=\u{7}";

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(line(HOSTILE), "T␛]0;PWNED␇␛[2J␛]52;c;aGk=␇");
        assert!(!line(HOSTILE).chars().any(char::is_control));
        assert_eq!(line("a\u{7f}b\u{0}"), "a␡b␀");
    }

    #[test]
    fn c1_controls_and_bidi_overrides_are_named() {
        assert_eq!(line("x\u{9b}2J"), "x<U+009B>2J");
        assert_eq!(line("\u{85}"), "⏎");
        assert_eq!(line("abc\u{202e}fed\u{2066}"), "abc<U+202E>fed<U+2066>");
        // The marks used by real right-to-left text pass.
        assert_eq!(line("שלום\u{200f}!"), "שלום\u{200f}!");
    }

    #[test]
    fn line_breaks_are_marked_in_a_line_and_kept_in_a_block() {
        assert_eq!(
            line("one\ntwo\r\nthree\rfour\u{2028}"),
            "one⏎two⏎three⏎four⏎"
        );
        assert_eq!(block("one\ntwo\r\nthree\u{2029}"), "one\ntwo\nthree\n");
        assert_eq!(line("a\tb"), "a b");
        assert_eq!(block("\tcode"), "    code");
        assert_eq!(block("ok\u{1b}[31m\n"), "ok␛[31m\n");
    }

    #[test]
    fn clean_text_is_borrowed_and_cleaning_is_idempotent() {
        assert!(matches!(line("plain 日本 👍"), Cow::Borrowed(_)));
        assert!(matches!(block("two\nlines"), Cow::Borrowed(_)));
        for text in [HOSTILE, "a\nb\u{9b}\u{202e}\t", "\r\n\u{85}"] {
            let once = line(text).into_owned();
            assert_eq!(line(&once), once);
            let once = block(text).into_owned();
            assert_eq!(block(&once), once);
        }
    }

    #[test]
    fn width_counts_display_columns() {
        assert_eq!(width("checkout"), 8);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("a\u{200b}b"), 2);
        // A family joined by ZWJs is one picture, two columns wide.
        assert_eq!(width("👨\u{200d}👩\u{200d}👧"), 2);
        // Measured as shown: ESC is the one-column picture ␛.
        assert_eq!(width("\u{1b}[2J"), 4);
        assert_eq!(width("a\nb"), 3);
    }

    #[test]
    fn truncate_cuts_whole_graphemes_by_width() {
        assert_eq!(truncate("checkout", 8), "checkout");
        assert_eq!(truncate("checkout", 6), "check…");
        assert_eq!(truncate("日本語テキスト", 7), "日本語…");
        assert_eq!(truncate("日本語テキスト", 6), "日本…");
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(
            truncate(&format!("{family}{family}x"), 4),
            format!("{family}…")
        );
        assert_eq!(truncate("abc", 1), "…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("a\u{1b}[2J", 3), "a␛…");
    }

    #[test]
    fn fit_gives_exactly_the_columns_asked_for() {
        let family = "👨\u{200d}👩\u{200d}👧";
        for text in [
            "",
            "short",
            "日本語テキスト",
            HOSTILE,
            family,
            "e\u{301}e\u{301}",
        ] {
            for columns in 0..12 {
                let fitted = fit(text, columns);
                assert_eq!(fitted.width(), columns, "{text:?} in {columns}");
                assert!(!fitted.chars().any(char::is_control));
            }
        }
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("日本語", 5), "日本…");
        // "日本" would leave no room for the ellipsis: a space fills the gap.
        assert_eq!(fit("日本語", 4), "日… ");
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_raw_and_keeps_the_value() {
        let value = serde_json::json!({"title": "a\u{1b}[2J\u{9b}\u{7f}\u{202e}\u{2028}z"});
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        let safe = json(&text);
        assert!(
            !safe
                .chars()
                .any(|c| (c.is_control() && c != '\n') || is_bidi_control(c))
        );
        assert!(
            safe.contains(r"\u001b[2J\u009b\u007f\u202e\u2028z"),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, value);
        assert!(matches!(json("{\n  \"a\": \"日本\"\n}"), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_line_keeps_markup_literal() {
        assert_eq!(
            markdown_line("# Big [click](http://x) <b>*now*</b> `x` | a_b"),
            r"\# Big \[click\](http://x) \<b\>\*now\*\</b\> \`x\` \| a\_b"
        );
        assert_eq!(markdown_line("- item"), r"\- item");
        assert_eq!(markdown_line("12. done"), r"12\. done");
        assert_eq!(markdown_line("S-1 v2.0 (beta)"), "S-1 v2.0 (beta)");
        assert_eq!(markdown_line("&lt; ![img](x)"), r"\&lt; !\[img\](x)");
        // A line break cannot start a new section.
        assert_eq!(markdown_line("Title\n## Fake"), r"Title⏎\#\# Fake");
    }

    #[test]
    fn markdown_block_escapes_each_line_start() {
        assert_eq!(
            markdown_block("intro\n## Acceptance\n- x\n> quote\n```\n1) one\n===\n  + deep"),
            "intro\n\\#\\# Acceptance\n\\- x\n\\> quote\n\\`\\`\\`\n1\\) one\n\\===\n  \\+ deep"
        );
        assert_eq!(markdown_block("esc\u{1b}[2J"), r"esc␛\[2J");
    }
}
