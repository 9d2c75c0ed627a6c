//! The TUI's costs at 1k / 10k / 100k stories: drawing one frame of the home screen (it must
//! not grow with the backlog: lists are windowed) and one `j` (a cursor move, then a frame).
//! Run with `cargo bench --bench frame`.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use roadlog::tui::action::NavAction;
use roadlog::tui::theme::Theme;
use roadlog::tui::{Action, App, Pane, view};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn frame(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut group = c.benchmark_group("frame");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for n in SIZES {
        let product = roadlog::demo::sample(today, n).unwrap();
        let mut app = App::new(product, today, "bench.json".into(), Theme::colour());
        app.update(Action::Resize {
            width: 120,
            height: 40,
        });
        app.update(Action::Nav(NavAction::Focus(Pane::Backlog)));
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        group.bench_function(BenchmarkId::new("draw home 120x40", n), |b| {
            b.iter(|| {
                terminal.draw(|f| view::draw(f, black_box(&app))).unwrap();
            })
        });
        group.bench_function(BenchmarkId::new("j then draw", n), |b| {
            b.iter(|| {
                app.update(Action::Nav(NavAction::Down));
                terminal.draw(|f| view::draw(f, &app)).unwrap();
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);
