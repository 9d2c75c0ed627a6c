//! Random sessions of the keys whose figures and lists follow the change instead of being
//! rebuilt (`J`, `K`, `T`, `B`, undo and redo of them), mixed with the keys around them
//! (moving the cursor, `s`, grouping, done stories shown, the waterline by date, the epic
//! filter, the other panes). After every key the App's figures and lists, cursors and
//! scroll offsets included, are exactly what a full recompute from the product gives; the
//! figures worked out on first drawing are drawn before and after each key, so one kept
//! from before a change would show.

#![allow(clippy::unwrap_used)]

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::props::config;
use crate::tui::action::{Action, BacklogAction as Bl, GlobalAction as G, NavAction, StoryAction};
use crate::tui::derived::WaterlineAt;
use crate::tui::theme::Theme;
use crate::tui::{App, Pane};

#[derive(Debug, Clone)]
enum Key {
    Press(Action),
    /// `:waterline` with a date some days ahead, or back to the next sprint.
    WaterlineBy(Option<u64>),
    /// Enter on the epic at this index (modulo), or Esc back to all epics.
    Epic(Option<usize>),
}

fn key() -> impl Strategy<Value = Key> {
    let press = |a: Action| Just(Key::Press(a));
    prop_oneof![
        4 => press(Action::Backlog(Bl::RankDown)),
        4 => press(Action::Backlog(Bl::RankUp)),
        2 => press(Action::Backlog(Bl::RankTop)),
        2 => press(Action::Backlog(Bl::RankBottom)),
        4 => press(Action::Global(G::Undo)),
        2 => press(Action::Global(G::Redo)),
        3 => press(Action::Nav(NavAction::Down)),
        2 => press(Action::Nav(NavAction::Up)),
        1 => press(Action::Nav(NavAction::PageDown)),
        1 => press(Action::Nav(NavAction::Bottom)),
        2 => press(Action::Story(StoryAction::CycleStatus)),
        1 => press(Action::Backlog(Bl::ToggleGroup)),
        1 => press(Action::Backlog(Bl::ToggleDone)),
        1 => press(Action::Nav(NavAction::FocusNext)),
        1 => press(Action::Nav(NavAction::Focus(Pane::Backlog))),
        1 => proptest::option::of(1u64..60).prop_map(Key::WaterlineBy),
        1 => proptest::option::of(any::<usize>()).prop_map(Key::Epic),
    ]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn press(app: &mut App, key: &Key) {
    match key {
        Key::Press(action) => {
            app.update(action.clone());
        }
        Key::WaterlineBy(days) => {
            app.backlog.waterline = match days {
                Some(d) => WaterlineAt::Date(today() + Days::new(*d)),
                None => WaterlineAt::NextSprint,
            };
            app.product_changed();
        }
        Key::Epic(at) => {
            let epics: Vec<_> = app.product.epics().iter().map(|e| e.id).collect();
            app.backlog.epic = at.map(|i| epics[i % epics.len()]);
            app.rebuild_lists();
        }
    }
}

/// What a frame of the Sprint view's charts works out on first drawing them.
fn drawn(app: &App) {
    app.derived.burndown(&app.product);
    app.derived.flow(&app.product);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn after_every_key_the_figures_and_lists_are_what_a_full_recompute_gives(
        keys in proptest::collection::vec(key(), 1..40),
    ) {
        let product = crate::demo::sample(today(), 60).unwrap();
        let mut app = App::new(product, today(), "doc.json".into(), Theme::colour());
        app.size = ratatui::layout::Rect::new(0, 0, 80, 24);
        for key in &keys {
            drawn(&app);
            press(&mut app, key);
            drawn(&app);
            let kept = (
                app.derived.clone(),
                app.backlog.list.clone(),
                app.backlog.hidden_done,
                app.sprint.list.clone(),
                app.roadmap.list.clone(),
            );
            app.product_changed();
            drawn(&app);
            let rebuilt = (
                app.derived.clone(),
                app.backlog.list.clone(),
                app.backlog.hidden_done,
                app.sprint.list.clone(),
                app.roadmap.list.clone(),
            );
            prop_assert_eq!(kept, rebuilt, "after {:?}", key);
        }
    }
}
