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

/// The stories above the backlog's waterline that are still to do, in rank order.
fn above_the_waterline(app: &App) -> Vec<String> {
    let group = &app.backlog.list.groups[0];
    let line = group.marker_after.expect("a waterline");
    group.items[..line]
        .iter()
        .filter(|id| !app.product.story(**id).unwrap().is_done())
        .map(ToString::to_string)
        .collect()
}

#[test]
fn w_draws_the_waterline_at_a_date_with_the_answer_of_forecast_by() {
    // The real binary's answer for a date, on the file it wrote today.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.json");
    let bin = env!("CARGO_BIN_EXE_roadlog");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .arg("--file")
            .arg(&file)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        out.stdout
    };
    run(&["demo", "--out", file.to_str().unwrap()]);
    let today = chrono::Local::now().date_naive();
    let date = (today + chrono::Days::new(90)).to_string();
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["forecast", "--by", &date, "--json"])).unwrap();
    let cli: Vec<String> = json["by"]["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert!(!cli.is_empty());

    let product = roadlog::store::Store::at(&file).load().unwrap().product;
    let mut a = App::new(
        product,
        today,
        "demo.json".into(),
        roadlog::tui::theme::Theme::colour(),
    );
    resize(&mut a, 80, 24);
    keys(&mut a, "2");
    assert!(screen(&a).contains("2 Backlog · fits SP-"));
    let sprint_line = above_the_waterline(&a);
    keys(&mut a, "w");
    assert!(screen(&a).contains(":by "), "w opens the : line on 'by '");
    keys(&mut a, &format!("{date}<Enter>"));
    let s = screen(&a);
    assert!(s.contains(&format!("2 Backlog · by {date}")), "{s}");
    assert!(
        s.contains(&format!("{} stories", cli.len())) && s.contains("with 85% confidence"),
        "{s}"
    );
    assert_eq!(above_the_waterline(&a), cli);
    assert_ne!(above_the_waterline(&a), sprint_line);
    // On screen, the marker row says what it measures.
    let last = cli.last().unwrap();
    keys(&mut a, "g");
    for _ in 0..a.backlog.list.len() {
        if a.backlog.list.selected().map(|s| s.to_string()) == Some(last.clone()) {
            break;
        }
        keys(&mut a, "j");
    }
    // One past the last story that fits, so the line between them is on screen.
    keys(&mut a, "j");
    let s = screen(&a);
    assert!(
        s.contains(&format!("── by {date}: {} stories at 85%", cli.len())),
        "{s}"
    );

    // w again, or `:by sprint`, goes back to the next sprint.
    keys(&mut a, "w");
    assert!(screen(&a).contains("2 Backlog · fits SP-"));
    assert_eq!(above_the_waterline(&a), sprint_line);
    keys(&mut a, &format!(":by {date}<Enter>"));
    assert_eq!(above_the_waterline(&a), cli);
    keys(&mut a, ":by sprint<Enter>");
    assert_eq!(above_the_waterline(&a), sprint_line);
}

#[test]
fn a_bad_date_on_the_by_line_says_so_and_keeps_the_line_open() {
    let mut a = app();
    keys(&mut a, "2wsomeday<Enter>");
    let s = screen(&a);
    assert!(s.contains("'someday' is not a date (YYYY-MM-DD)"), "{s}");
    assert!(s.contains(":by someday"), "{s}");
    assert!(s.contains("2 Backlog · fits SP-8"), "{s}");
}
