//! The real binary in a pseudo-terminal: what the event loop's own clock does to the
//! screen. Every wait polls with a generous timeout; no sleep is an assertion.
#![allow(clippy::unwrap_used)]

#[path = "support/pty.rs"]
mod pty;

use pty::{demo_file, started};

/// The last row of the screen: the footer.
fn footer(s: &vt100::Screen) -> String {
    s.contents().lines().last().unwrap_or_default().to_string()
}

#[test]
fn a_pending_g_shows_in_the_footer_and_gives_up_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
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
