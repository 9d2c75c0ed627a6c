//! The TUI's costs at 1k / 10k / 100k stories (1M with `ROADLOG_BENCH_1M`), at 120x40 on
//! ratatui's TestBackend: the first frame (the document loaded, the App built, one draw),
//! one frame of each screen (it must not grow with the backlog: lists are windowed), and
//! the keys whose cost does grow with it: `j`, `J` (a move, and the copy it forces while the
//! writer thread holds the last snapshot), undo and redo, `T`/`B`, `s` and `p` (one-story
//! edits), one filter letter (plain) and one letter of the jump (fuzzy), each followed by
//! its frame.
//! Run with `cargo bench --bench frame` (or `-- 100000` for one size); on a loaded machine
//! with `ROADLOG_BENCH_CPU=1`, so the hand-timed figures are CPU time (`common::now`).

#![allow(clippy::unwrap_used)]

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use roadlog::model::StoryStatus;
use roadlog::store::Store;
use roadlog::tui::action::{
    BacklogAction, FilterAction, GlobalAction, NavAction, PickerAction, RoadmapAction, StoryAction,
};
use roadlog::tui::theme::Theme;
use roadlog::tui::{Action, App, Pane, view};

type Screen = Terminal<TestBackend>;

fn screen() -> Screen {
    Terminal::new(TestBackend::new(120, 40)).unwrap()
}

fn app(product: roadlog::model::Product) -> App {
    let mut app = App::new(
        product,
        common::today(),
        "bench.json".into(),
        Theme::colour(),
    );
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

fn draw(terminal: &mut Screen, app: &App) {
    terminal.draw(|f| view::draw(f, black_box(app))).unwrap();
}

/// Times `key` then a frame, `iters` times, with `before` and `after` run untimed around
/// each (to open an overlay, hold a snapshot, or put the document back).
fn timed<S>(
    iters: u64,
    app: &mut App,
    terminal: &mut Screen,
    mut before: impl FnMut(&mut App) -> S,
    mut key: impl FnMut(&mut App),
    mut after: impl FnMut(&mut App, S),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let state = before(app);
        let start = common::now();
        key(app);
        draw(terminal, app);
        total += common::now() - start;
        after(app, state);
    }
    total
}

fn frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("frame");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for n in common::sizes() {
        let product = common::product(n);
        let store = Store::at(dir.path().join(format!("roadlog-{n}.json")));
        store.create(&product).unwrap();
        let mut terminal = screen();

        group.bench_function(
            BenchmarkId::new("first frame (load, App::new, draw)", n),
            |b| {
                // The App is dropped untimed: nobody waits for that on the first frame.
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let start = common::now();
                        let loaded = store.load().unwrap();
                        let app = app(loaded.product);
                        draw(&mut terminal, &app);
                        total += common::now() - start;
                        drop(app);
                    }
                    total
                })
            },
        );

        let mut app = app(product);
        let screens = [
            (
                "draw roadmap",
                vec![Action::Nav(NavAction::Focus(Pane::Roadmap))],
            ),
            (
                "draw timeline",
                vec![Action::Roadmap(RoadmapAction::ToggleTimeline)],
            ),
            (
                "draw backlog",
                vec![Action::Nav(NavAction::Focus(Pane::Backlog))],
            ),
            (
                "draw sprint",
                vec![Action::Nav(NavAction::Focus(Pane::Sprint))],
            ),
        ];
        for (name, keys) in screens {
            for key in keys {
                app.update(key);
            }
            group.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter(|| draw(&mut terminal, &app))
            });
        }
        app.update(Action::Nav(NavAction::Focus(Pane::Roadmap)));
        app.update(Action::Roadmap(RoadmapAction::ToggleTimeline));
        app.update(Action::Nav(NavAction::Focus(Pane::Backlog)));

        group.bench_function(BenchmarkId::new("j then draw", n), |b| {
            b.iter(|| {
                app.update(Action::Nav(NavAction::Down));
                draw(&mut terminal, &app);
            })
        });
        // `J` and `K` in turn, so the story stays near the top.
        let mut rank = in_turn(BacklogAction::RankDown, BacklogAction::RankUp);
        group.bench_function(BenchmarkId::new("J then draw", n), |b| {
            b.iter_custom(|iters| {
                timed(iters, &mut app, &mut terminal, |_| (), &mut rank, |_, _| ())
            })
        });
        // The writer thread still holds the document of the last save: the edit must not
        // wait for a copy of it.
        group.bench_function(BenchmarkId::new("J then draw, while a save runs", n), |b| {
            b.iter_custom(|iters| {
                timed(
                    iters,
                    &mut app,
                    &mut terminal,
                    |app| app.product.snapshot(),
                    &mut rank,
                    |_, snapshot| drop(snapshot),
                )
            })
        });
        group.bench_function(BenchmarkId::new("undo then draw", n), |b| {
            b.iter_custom(|iters| {
                timed(
                    iters,
                    &mut app,
                    &mut terminal,
                    |app| {
                        app.update(Action::Backlog(BacklogAction::RankDown));
                    },
                    |app| {
                        app.update(Action::Global(GlobalAction::Undo));
                    },
                    |_, ()| (),
                )
            })
        });
        // `T` and `B` in turn: each moves the story across the whole backlog.
        let mut to_end = in_turn(BacklogAction::RankTop, BacklogAction::RankBottom);
        group.bench_function(BenchmarkId::new("T or B then draw", n), |b| {
            b.iter_custom(|iters| {
                timed(
                    iters,
                    &mut app,
                    &mut terminal,
                    |_| (),
                    &mut to_end,
                    |_, _| (),
                )
            })
        });
        group.bench_function(BenchmarkId::new("redo (of J) then draw", n), |b| {
            b.iter_custom(|iters| {
                timed(
                    iters,
                    &mut app,
                    &mut terminal,
                    |app| {
                        app.update(Action::Backlog(BacklogAction::RankDown));
                        app.update(Action::Global(GlobalAction::Undo));
                    },
                    |app| {
                        app.update(Action::Global(GlobalAction::Redo));
                    },
                    |_, ()| (),
                )
            })
        });
        // `s` on a story whose next status is not done (done may ask about its criteria
        // first), and Enter on the next value of the `p` picker; each undone untimed.
        while app
            .backlog
            .list
            .selected()
            .and_then(|id| app.story_by_id(id))
            .is_some_and(|s| s.status.next() == StoryStatus::Done)
        {
            app.update(Action::Nav(NavAction::Down));
        }
        let undo = |app: &mut App, ()| {
            app.update(Action::Global(GlobalAction::Undo));
        };
        group.bench_function(BenchmarkId::new("s (status) then draw", n), |b| {
            b.iter_custom(|iters| {
                timed(
                    iters,
                    &mut app,
                    &mut terminal,
                    |_| (),
                    |app| {
                        app.update(Action::Story(StoryAction::CycleStatus));
                    },
                    undo,
                )
            })
        });
        group.bench_function(BenchmarkId::new("p (points, Enter) then draw", n), |b| {
            b.iter_custom(|iters| {
                timed(
                    iters,
                    &mut app,
                    &mut terminal,
                    |app| {
                        app.update(Action::Story(StoryAction::Points));
                        app.update(Action::Picker(PickerAction::Down));
                    },
                    |app| {
                        app.update(Action::Picker(PickerAction::Choose));
                    },
                    undo,
                )
            })
        });
        // Keys undone untimed after each frame (a letter deleted, the jump closed), each
        // after the key that sets it up (the filter open, then the jump open).
        let there_and_back = [
            (
                Action::Global(GlobalAction::Filter),
                "filter letter then draw",
                Action::Filter(FilterAction::Char('e')),
                Action::Filter(FilterAction::Backspace),
            ),
            (
                Action::Filter(FilterAction::Clear),
                "open jump then draw",
                Action::Global(GlobalAction::Jump),
                Action::Picker(PickerAction::Close),
            ),
            (
                Action::Global(GlobalAction::Jump),
                "jump letter (fuzzy) then draw",
                Action::Picker(PickerAction::Char('e')),
                Action::Picker(PickerAction::Backspace),
            ),
        ];
        for (setup, name, there, back) in there_and_back {
            app.update(setup);
            group.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter_custom(|iters| {
                    timed(
                        iters,
                        &mut app,
                        &mut terminal,
                        |_| (),
                        |app| {
                            app.update(there.clone());
                        },
                        |app, ()| {
                            app.update(back.clone());
                        },
                    )
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);

/// `first` and `then` in turn, one a call.
fn in_turn(first: BacklogAction, then: BacklogAction) -> impl FnMut(&mut App) {
    let mut odd = false;
    move |app: &mut App| {
        odd = !odd;
        let key = if odd { first } else { then };
        app.update(Action::Backlog(key));
    }
}
