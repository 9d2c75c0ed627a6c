//! The `$EDITOR` round trip as the TUI applies it: what the editor gives back changes the
//! story exactly, and an empty or misshapen buffer changes nothing and says why.
#![allow(clippy::unwrap_used)]

use roadlog::tui::{Action, Effect};

mod support;
use support::*;

/// Presses `E` on the selected backlog story and hands back `text` as the editor's result.
fn edit_with(a: &mut roadlog::tui::App, text: &str) -> Effect {
    let Effect::Editor(request) = keys(a, "2E") else {
        panic!("E opens the editor");
    };
    a.update(Action::EditorClosed {
        request,
        outcome: Ok(text.to_string()),
    })
}

#[test]
fn an_empty_or_misshapen_buffer_changes_nothing_and_says_why() {
    let mut a = app();
    let before = a.product.clone();
    edit_with(&mut a, "\n\n");
    assert_eq!(a.product, before);
    assert!(screen(&a).contains("the editor's text is empty; nothing changed"));
    edit_with(&mut a, "just some words\n");
    assert_eq!(a.product, before);
    assert!(
        screen(&a).contains("line 1: 'just some words' is none of"),
        "{}",
        screen(&a)
    );
}

#[test]
fn a_two_line_title_and_a_heading_in_the_description_come_back_whole() {
    let mut a = app();
    let id = a.backlog.list.selected().unwrap();
    let Effect::Editor(request) = keys(&mut a, "2E") else {
        panic!("E opens the editor");
    };
    // As a user would type them: an escaped line break, an escaped heading.
    let text = request.text.replacen("\n", "\\nsecond line\n", 1).replace(
        "## Description\n\n",
        "## Description\n\n\\## Acceptance criteria is a phrase here\n",
    );
    a.update(Action::EditorClosed {
        request,
        outcome: Ok(text),
    });
    let s = a.product.story(id).unwrap();
    assert!(s.title.ends_with("\nsecond line"), "{:?}", s.title);
    assert!(
        s.description
            .starts_with("## Acceptance criteria is a phrase here"),
        "{:?}",
        s.description
    );
    assert!(!s.acceptance_criteria.is_empty());
}
