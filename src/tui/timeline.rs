//! The roadmap timeline: months (or quarters, for long spans) across, each dated epic a bar
//! from its start to its target, its 85% forecast date as a marker after it, a line at
//! today; undated epics are listed apart. An epic whose 85% date falls after its target is
//! marked `!` before its id. The today line crosses the bars.

use chrono::{Datelike, NaiveDate};
use ratatui::text::{Line, Span};

use crate::model::{EpicId, limits};

use super::app::App;
use super::roadmap::{next_month, status_mark};
use super::widgets::pad;

/// The dates the track spans and how the pane's width is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub label: usize,
    pub track: usize,
}

impl Scale {
    /// The column of `date` on the track, if it falls on it.
    pub fn x(&self, date: NaiveDate) -> Option<usize> {
        if date < self.from || date > self.to {
            return None;
        }
        let span = (self.to - self.from).num_days().max(1) as usize;
        let day = (date - self.from).num_days() as usize;
        Some((day * (self.track - 1) / span).min(self.track - 1))
    }
}

/// Spans the dated epics and today, from the first of a month. Epics are few (tens), so this
/// walk is cheap; stories are never visited.
pub fn scale(app: &App, width: u16) -> Option<Scale> {
    let width = usize::from(width);
    let label = (width * 2 / 5).clamp(8, 28);
    let track = width.checked_sub(label + 1).filter(|t| *t >= 8)?;
    let dated = app
        .product
        .epics()
        .iter()
        .filter_map(|e| e.start.zip(e.target))
        // A date out of range (`check` reports it) would stretch the track over millennia.
        .filter(|(s, t)| in_range(*s) && in_range(*t));
    let mut from = app.today;
    let mut to = app.today;
    for (s, t) in dated {
        from = from.min(s);
        to = to.max(t);
    }
    // The forecast markers are on the track too.
    for e in app.product.epics() {
        if let Some(d) = app
            .derived
            .epic_forecast(e.id)
            .and_then(|f| f.p85.date())
            .filter(|d| in_range(*d))
        {
            to = to.max(d);
        }
    }
    let from = from.with_day(1)?;
    let to = next_month(to)?.pred_opt()?;
    Some(Scale {
        from,
        to,
        label,
        track,
    })
}

fn in_range(date: NaiveDate) -> bool {
    limits::check_date("", date).is_ok()
}

/// The scale line: month names (or quarters) where they start, at the smallest regular step
/// at which every label fits, so no month in the middle goes unnamed (`Jan 2027  Mar`).
/// Where `Jan 2027` is too wide for its month, January is named by its year alone.
pub fn header(app: &App, scale: &Scale) -> Line<'static> {
    let quarters = (scale.to - scale.from).num_days() > 370;
    let steps: &[Step] = if quarters {
        &[Step::Quarter(1), Step::Quarter(2), Step::Quarter(4)]
    } else {
        &[
            Step::Month(1),
            Step::Month(2),
            Step::Month(3),
            Step::Month(6),
            Step::Month(12),
        ]
    };
    let mut cells = steps
        .iter()
        .find_map(|step| {
            labels(scale, *step, Year::WithMonth).or_else(|| labels(scale, *step, Year::Alone))
        })
        .unwrap_or_else(|| vec![' '; scale.track]);
    // Today's column is marked on the scale too, unless a month name sits there.
    if let Some(x) = scale.x(app.today)
        && cells[x] == ' '
    {
        cells[x] = '▼';
    }
    let mut spans = vec![Span::styled(
        pad("▼│today ◆85%", scale.label + 1),
        app.theme.today,
    )];
    spans.push(Span::styled(
        cells.into_iter().collect::<String>(),
        app.theme.dim,
    ));
    Line::from(spans)
}

/// The scale's cells with a label at every `step`, or `None` when one would not fit.
fn labels(scale: &Scale, step: Step, year: Year) -> Option<Vec<char>> {
    let mut cells = vec![' '; scale.track];
    let mut month = Some(scale.from);
    let mut free_from = 0;
    while let Some(m) = month.filter(|m| *m <= scale.to) {
        if let (true, Some(x)) = (step.wants(m), scale.x(m)) {
            let text = step.label(m, year);
            let end = x + text.chars().count();
            if x < free_from || end > scale.track {
                return None;
            }
            for (i, c) in text.chars().enumerate() {
                cells[x + i] = c;
            }
            free_from = end + 1;
        }
        month = next_month(m);
    }
    Some(cells)
}

/// How far apart the scale's labels are: every n months, or every n quarters for spans
/// over a year. Steps divide the year, so January (which carries the year) is labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Month(u32),
    Quarter(u32),
}

/// How January, which carries the year, is labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Year {
    WithMonth,
    Alone,
}

impl Step {
    fn wants(self, m: NaiveDate) -> bool {
        match self {
            Step::Month(n) => (m.month() - 1).is_multiple_of(n),
            Step::Quarter(n) => (m.month() - 1).is_multiple_of(3 * n),
        }
    }

    fn label(self, m: NaiveDate, year: Year) -> String {
        match self {
            Step::Quarter(_) => format!("Q{} {}", (m.month() - 1) / 3 + 1, m.year()),
            Step::Month(_) if m.month() == 1 && year == Year::Alone => m.year().to_string(),
            Step::Month(_) if m.month() == 1 => format!("{}", m.format("Jan %Y")),
            Step::Month(_) => m.format("%b").to_string(),
        }
    }
}

/// The mark before an epic's id: `!` when its 85% forecast falls after its target.
pub fn late_mark(app: &App, e: &crate::model::Epic) -> &'static str {
    if app.derived.late(e) { "!" } else { " " }
}

/// `▶!E-2 Title…  ···████████··│··◆··`: the bar from start to target, `◆` at the 85% date.
pub fn epic_line(app: &App, id: EpicId, scale: &Scale) -> Line<'static> {
    let t = &app.theme;
    let Some(e) = app.epic_by_id(id) else {
        return Line::from(id.to_string());
    };
    let late = app.derived.late(e);
    let id_w = app.derived.epic_id_width + 1;
    let [sign, title] =
        super::settle::titled(app, id, &e.title, scale.label.saturating_sub(2 + id_w));
    let mut spans = vec![
        Span::styled(status_mark(e.status), t.title),
        Span::styled(late_mark(app, e), t.bad),
        // The id whole, the title in what is left of the label.
        Span::raw(pad(&format!("{id} "), id_w)),
        sign,
    ];
    // The letters the Roadmap's filter matched, marked as in the list.
    let filter = &app.roadmap.filter;
    spans.extend(super::fuzzy::title_cell(
        filter,
        &id.to_string(),
        &e.title,
        &e.labels,
        title,
    ));
    spans.push(Span::raw(" "));
    let today = scale.x(app.today);
    let forecast = app
        .derived
        .epic_forecast(id)
        .and_then(|f| f.p85.date())
        .and_then(|d| scale.x(d));
    let Some((start, target)) = e.start.zip(e.target) else {
        let none = "no dates";
        spans.push(Span::styled(none, t.dim));
        // The forecast date whole or not at all: half a date reads as another date.
        if let Some(f) = app.derived.epic_forecast(id).and_then(|f| f.p85.date()) {
            let text = format!(" · 85% {}", app.dates.date(f));
            if none.len() + crate::safe_text::width(&text) <= scale.track {
                spans.push(Span::styled(text, t.dim));
            }
        }
        return Line::from(spans);
    };
    let (a, b) = (scale.x(start), scale.x(target));
    for i in 0..scale.track {
        let on_bar = a.is_some_and(|a| a <= i) && b.is_some_and(|b| i <= b);
        let span = if forecast == Some(i) {
            Span::styled("◆", if late { t.bad } else { t.good })
        } else if today == Some(i) {
            // Over a bar too: a gap with the line in it, so today is never hidden.
            Span::styled("│", t.today)
        } else if on_bar {
            Span::styled("█", t.bar_done)
        } else {
            Span::styled("·", t.dim)
        };
        spans.push(span);
    }
    Line::from(spans)
}
