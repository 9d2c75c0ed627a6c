//! The forecast where the TUI shows it, on ratatui's TestBackend from the demo sample with
//! `today` fixed: the Now / Next / Later board's 85% date beside each target, the timeline's
//! markers, checked against the model's own forecast.
#![allow(clippy::unwrap_used)]

use roadlog::model::{Epic, EpicOutlook, Forecast};
use roadlog::tui::App;

mod support;
use support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn forecast(app: &App) -> Forecast {
    app.product.forecast(today()).unwrap()
}

/// `→03-31 ◆04-14` as the board writes an epic's dates.
fn dates(f: &Forecast, e: &Epic) -> String {
    let day = |d: chrono::NaiveDate| d.format("%m-%d").to_string();
    let target = e.target.map_or("  -  ".to_string(), day);
    let p85 = match f.epic(e.id) {
        EpicOutlook::Forecast(ef) => ef.p85.date().map_or(" far ".to_string(), day),
        EpicOutlook::Done => " done".to_string(),
        EpicOutlook::NoStories => "  -  ".to_string(),
    };
    format!("→{target} ◆{p85}")
}

#[test]
fn the_board_shows_each_epics_85_percent_date_beside_its_target_and_marks_late_ones() {
    for (w, h) in SIZES {
        let mut a = sized(w, h);
        keys(&mut a, "1");
        let s = screen(&a);
        let f = forecast(&a);
        let mut late = 0;
        for e in a.product.epics() {
            let want = dates(&f, e);
            assert!(
                s.contains(&want),
                "{w}x{h}: {} lacks '{want}' in\n{s}",
                e.id
            );
            let mark = if f.late(e) { "!" } else { " " };
            late += usize::from(f.late(e));
            assert!(
                s.contains(&format!("{mark}{} ", e.id)),
                "{w}x{h}: {} should be marked '{mark}'\n{s}",
                e.id
            );
        }
        assert!(
            late > 0 && late < a.product.epics().len(),
            "the demo has both"
        );
    }
}

#[test]
fn the_timeline_draws_one_marker_per_forecast_epic_and_marks_late_ones() {
    for (w, h) in SIZES {
        let mut a = sized(w, h);
        keys(&mut a, "1t");
        let s = screen(&a);
        let f = forecast(&a);
        // The Roadmap's half of each row: the Backlog beside it names epics too.
        let rows: Vec<String> = s
            .lines()
            .map(|l| l.chars().take(usize::from(w) / 2).collect())
            .collect();
        for e in a.product.epics().iter().filter(|e| e.target.is_some()) {
            let road = rows
                .iter()
                .find(|l| l.contains(&format!("{} ", e.id)))
                .unwrap_or_else(|| panic!("no row for {}\n{s}", e.id));
            assert_eq!(road.matches('◆').count(), 1, "{w}x{h}: {road}");
            let mark = if f.late(e) { '!' } else { ' ' };
            assert!(road.contains(&format!("{mark}{}", e.id)), "{w}x{h}: {road}");
            // Late: the marker falls after the bar, which ends at the target.
            let marker = road.find('◆').unwrap();
            let bar_end = road.rfind('█').unwrap();
            assert_eq!(f.late(e), marker > bar_end, "{w}x{h}: {road}");
        }
    }
}
