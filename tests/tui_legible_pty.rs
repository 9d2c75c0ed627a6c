//! The real binary in a pseudo-terminal: what the event loop's own clock does to the
//! screen. Every wait polls with a generous timeout; no sleep is an assertion.
#![allow(clippy::unwrap_used)]

#[path = "support/pty.rs"]
mod pty;

use pty::{demo_dir, started};

/// The last row of the screen: the footer.
fn footer(s: &vt100::Screen) -> String {
    s.contents().lines().last().unwrap_or_default().to_string()
}

#[test]
fn a_pending_g_shows_in_the_footer_and_gives_up_on_its_own() {
    let (_dir, file) = demo_dir();
    let mut tui = started(&file, &[]);
    tui.wait_for("? help");
    tui.send("g");
    tui.wait_until("the pending g in the footer", |s| {
        footer(s).contains("g… / jump anywhere")
    });
    // With no key after it, the event loop's tick ends it: the hints come back.
    tui.wait_until("the pending g to give up", |s| {
        let f = footer(s);
        !f.contains("jump anywhere") && f.contains("? help")
    });
    // So `/` now filters, as it says, instead of opening the jump.
    tui.send("/");
    tui.wait_for("filter: ");
    assert!(!tui.screen().contains("Jump to"), "{}", tui.screen());
}

/// Under NO_COLOR, in a real terminal, the filter's matched letters are bold and underlined
/// (modifiers: a colour would be dropped there, and crossterm's empty colour code would
/// reset them), and nothing else on the row is.
#[test]
fn the_filters_matched_letters_show_without_colour() {
    let (_dir, file) = demo_dir();
    let mut tui = pty::Tui::spawn_with(&file, &[], &[("NO_COLOR", "1")]);
    tui.wait_for("? help");
    tui.send("/aplpy");
    tui.wait_for("filter: aplpy");
    tui.wait_until("Apple Pay with its a, p, l, p, y marked", |s| {
        let (rows, cols) = s.size();
        let (rows, cols) = (rows.get(), cols.get());
        (0..rows).any(|r| {
            let line = s.contents_between(r, 0, r, cols);
            let Some(at) = line.find("Apple Pay button") else {
                return false;
            };
            let x = line[..at].chars().count() as u16;
            let marked: String = "Apple Pay button"
                .chars()
                .enumerate()
                .filter(|(i, _)| {
                    s.cell(r, x + *i as u16)
                        .is_some_and(|c| c.bold() && c.underline())
                })
                .map(|(_, c)| c)
                .collect();
            marked.to_lowercase() == "aplpy"
        })
    });
}
