//! The vision board: the Roadmap pane's view of the business goals. Per goal a card of three
//! lines: its track state as a sign and a word, the latest value, a sparkline of the
//! readings, a bar from baseline to target, and the epics serving it with their progress.
//! Cards scroll to keep the selected one on screen; the same geometry answers mouse clicks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::model::{Goal, GoalRef, Track};

use super::action::{Action, RoadmapAction};
use super::app::{App, Pane};
use super::build::RoadItem;
use super::keymap::{Context, key_for};
use super::list::Groups;
use super::theme::Theme;
use super::widgets::{bar, cell, pad};

/// Rows a goal's card takes.
pub const CARD: u16 = 3;

/// What one place on the board holds: a vision's heading, or a goal's card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Header(usize),
    Card(usize, usize),
}

/// The slots drawn in a list area `height` rows high, each with its first row (from the
/// top of the area), starting where the selected card stays on screen. Pure, so drawing and
/// clicks agree; it visits the goals (a handful), never the stories.
pub fn placed(list: &Groups<RoadItem>, height: u16) -> Vec<(u16, Slot)> {
    let mut all = Vec::new();
    for (g, group) in list.groups.iter().enumerate() {
        all.push(Slot::Header(g));
        all.extend((0..group.items.len()).map(|i| Slot::Card(g, i)));
    }
    let rows = |s: &Slot| match s {
        Slot::Header(_) => 1,
        Slot::Card(..) => CARD,
    };
    let cursor = all
        .iter()
        .position(|s| *s == Slot::Card(list.group, list.index))
        .unwrap_or(0);
    // The first slot from which the cursor's card still fits, its heading kept when it can.
    let mut start = cursor;
    let mut used = all.get(cursor).map_or(0, rows);
    while start > 0 && used + rows(&all[start - 1]) <= height {
        start -= 1;
        used += rows(&all[start]);
    }
    let mut y = 0u16;
    let mut out = Vec::new();
    for slot in &all[start.min(all.len())..] {
        if y >= height {
            break;
        }
        out.push((y, *slot));
        y = y.saturating_add(rows(slot));
    }
    out
}

/// The goal card under a row of the list area, for a click.
pub fn hit(list: &Groups<RoadItem>, height: u16, row: u16) -> Option<(usize, usize)> {
    placed(list, height)
        .into_iter()
        .find_map(|(y, slot)| match slot {
            Slot::Card(g, i) if (y..y + CARD).contains(&row) => Some((g, i)),
            _ => None,
        })
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let list = &app.roadmap.list;
    let t = &app.theme;
    if list.groups.is_empty() {
        let n = key_for(
            Context::Roadmap,
            &Action::Item(super::action::ItemAction::New),
        );
        let line = Line::styled(format!("no vision yet: {n} makes one"), t.dim);
        frame.render_widget(line, area);
        return;
    }
    let highlight = app.focus_of(Pane::Roadmap).highlight(t);
    for (y, slot) in placed(list, area.height) {
        let rows = area.height.saturating_sub(y);
        match slot {
            Slot::Header(g) => {
                let group = &list.groups[g];
                let line = Line::from(vec![
                    Span::styled(cell(&group.title), t.title),
                    Span::styled(format!(" ({} goals)", group.items.len()), t.dim),
                ]);
                frame.render_widget(line, Rect::new(area.x, area.y + y, area.width, 1));
            }
            Slot::Card(g, i) => {
                let Some(RoadItem::Goal(r)) = list.groups[g].items.get(i).copied() else {
                    continue;
                };
                let rect = Rect::new(area.x, area.y + y, area.width, CARD.min(rows));
                for (k, line) in card(app, r, area.width).into_iter().enumerate() {
                    if (k as u16) < rect.height {
                        let row = Rect::new(rect.x, rect.y + k as u16, rect.width, 1);
                        frame.render_widget(line, row);
                    }
                }
                if (list.group, list.index) == (g, i) {
                    frame.buffer_mut().set_style(rect, highlight);
                }
            }
        }
    }
}

/// The sign and the word of a track state: readable without colour.
pub fn track_sign(track: Track) -> (&'static str, &'static str) {
    match track {
        Track::OnTrack => ("✓", "on track"),
        Track::AtRisk => ("!", "at risk"),
        Track::OffTrack => ("✗", "off track"),
        Track::Unknown(_) => ("?", "no track"),
    }
}

fn track_style(t: &Theme, track: Track) -> Style {
    match track {
        Track::OnTrack => t.good,
        Track::AtRisk => t.warn,
        Track::OffTrack => t.bad,
        Track::Unknown(_) => t.dim,
    }
}

/// The readings' values, oldest first, as a line of eighth blocks scaled from their lowest
/// to their highest; the last `width` of them.
pub fn sparkline(values: &[f64], width: usize) -> String {
    const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let shown = &values[values.len().saturating_sub(width)..];
    let (lo, hi) = shown
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    shown
        .iter()
        .map(|v| {
            if hi > lo {
                TICKS[(((v - lo) / (hi - lo)) * 7.0).round().clamp(0.0, 7.0) as usize]
            } else {
                TICKS[3]
            }
        })
        .collect()
}

fn goal_of(app: &App, r: GoalRef) -> Option<&Goal> {
    app.product.goal(r).ok()
}

/// `✓ V-1:1 Checkout conversion ··· on track` over `3.6% ▂▃▅▇ ▰▰▰▱▱ 56%  3.1% → 4% by
/// 2027-06-30` over `served by E-1 ▰▰▱ 60% · E-3 ▰▱▱ 20%`.
fn card(app: &App, r: GoalRef, width: u16) -> [Line<'static>; 3] {
    let t = &app.theme;
    let w = usize::from(width);
    let Some(g) = goal_of(app, r) else {
        return [Line::from(r.to_string()), Line::default(), Line::default()];
    };
    let s = g.status(app.today);
    let (sign, word) = track_sign(s.track);
    let style = track_style(t, s.track);
    let head = format!("{sign} {r:<6} ");
    let text_w = w.saturating_sub(head.chars().count() + word.chars().count() + 1);
    let mut first = vec![Span::styled(head, style)];
    // The letters the Roadmap's filter matched, marked as in the lists.
    first.extend(super::fuzzy::title_cell(
        &app.roadmap.filter,
        &r.to_string(),
        &g.text,
        &[],
        Span::styled(pad(&g.text, text_w), t.title),
    ));
    first.extend([Span::raw(" "), Span::styled(word, style)]);
    let first = Line::from(first);
    let latest = s
        .latest
        .map_or_else(|| "no reading".to_string(), |l| g.format(l.value));
    let values: Vec<f64> = g.readings.iter().map(|r| r.value).collect();
    let roomy = w >= 60;
    let (spark_w, bar_w) = if roomy { (12, 10) } else { (8, 6) };
    let mut second = vec![
        Span::raw("  "),
        Span::styled(format!("{latest:>8} "), t.title),
        Span::styled(pad(&sparkline(&values, spark_w), spark_w), t.actual),
        Span::raw(" "),
    ];
    match s.progress {
        Some(p) => {
            let (done, todo) = bar(p, bar_w);
            second.push(Span::styled(done, t.bar_done));
            second.push(Span::styled(todo, t.bar_todo));
            second.push(Span::raw(format!(" {:>4}", format!("{:.0}%", p * 100.0))));
        }
        None => second.push(Span::styled(pad("", bar_w + 5), t.dim)),
    }
    let mut aim = String::new();
    if let (Some(b), Some(tg)) = (&g.metric, &g.target) {
        aim.push_str(&format!("{} → {}", b.as_str(), tg.as_str()));
    }
    if let Some(due) = g.due {
        aim.push_str(&format!(" by {}", app.dates.date(due)));
    }
    let used: usize = second.iter().map(|s| s.content.chars().count()).sum();
    second.push(Span::styled(
        pad(&format!("  {}", aim.trim()), w.saturating_sub(used)),
        t.dim,
    ));
    [first, Line::from(second), serving(app, r, w)]
}

/// `served by E-1 ▰▰▱ 60% · E-3 ▰▱▱ 20%`, or that no epic serves the goal.
fn serving(app: &App, r: GoalRef, width: usize) -> Line<'static> {
    let t = &app.theme;
    let epics = app.product.goal_epics(r);
    if epics.is_empty() {
        return Line::styled(pad("  no epic serves it", width), t.dim);
    }
    let mut spans = vec![Span::styled("  served by", t.dim)];
    let mut used = 11;
    for (k, e) in epics.iter().enumerate() {
        let p = app.derived.epic_progress(e.id);
        let (done, todo) = bar(p.ratio(), 3);
        let sep = if k == 0 { " " } else { " · " };
        let text = format!("{sep}{} ", e.id);
        let pct = format!(" {:.0}%", p.ratio() * 100.0);
        let need = text.chars().count() + 3 + pct.chars().count();
        if used + need > width {
            let more = format!(" +{}", epics.len() - k);
            if used + more.len() <= width {
                spans.push(Span::styled(more, t.dim));
            }
            break;
        }
        used += need;
        spans.push(Span::raw(text));
        spans.push(Span::styled(done, t.bar_done));
        spans.push(Span::styled(todo, t.bar_todo));
        spans.push(Span::raw(pct));
    }
    Line::from(spans)
}

/// The detail panel for a goal: where it stands, its readings newest first, who serves it.
pub fn detail(app: &App, r: GoalRef) -> Option<(String, Vec<Line<'static>>)> {
    let g = goal_of(app, r)?;
    let t = &app.theme;
    let s = g.status(app.today);
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name}: "), t.dim),
            Span::raw(value),
        ])
    };
    let (sign, word) = track_sign(s.track);
    let mut standing = vec![
        Span::styled("track: ", t.dim),
        Span::styled(format!("{sign} {word}"), track_style(t, s.track)),
    ];
    match (s.track, s.progress, s.expected) {
        (Track::Unknown(why), _, _) => standing.push(Span::raw(format!(" ({})", why.as_str()))),
        (_, Some(p), Some(e)) => standing.push(Span::raw(format!(
            " · {:.0}% of the way, the line is at {:.0}%",
            p * 100.0,
            e * 100.0
        ))),
        _ => {}
    }
    let written = |a: &Option<crate::model::Amount>| {
        a.as_ref()
            .map_or("-".to_string(), |a| a.as_str().to_string())
    };
    let mut l = vec![
        Line::styled(g.text.clone(), t.title),
        field(
            "aim",
            format!(
                "{} → {} by {}",
                written(&g.metric),
                written(&g.target),
                g.due.map_or("-".to_string(), |d| app.dates.date(d))
            ),
        ),
        Line::from(standing),
    ];
    let record = key_for(
        Context::Roadmap,
        &Action::Roadmap(RoadmapAction::RecordReading),
    );
    if g.readings.is_empty() {
        l.push(Line::styled(
            format!("no readings yet: {record} records one"),
            t.dim,
        ));
    } else {
        let mut shown: Vec<String> = g
            .readings
            .iter()
            .rev()
            .map(|x| {
                let note = x.note.as_ref().map_or(String::new(), |n| format!(" ({n})"));
                format!("{} {}{note}", app.dates.date(x.date), g.format(x.value))
            })
            .collect();
        shown.truncate(6);
        l.push(field("readings", shown.join(" · ")));
    }
    let epics: Vec<String> = app
        .product
        .goal_epics(r)
        .iter()
        .map(|e| format!("{} {}", e.id, e.title))
        .collect();
    l.push(field(
        "served by",
        if epics.is_empty() {
            "-".into()
        } else {
            epics.join(", ")
        },
    ));
    l.push(Line::styled(format!("{record} records a reading"), t.dim));
    Some((format!("Goal {r}"), l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sparkline_spans_lowest_to_highest() {
        assert_eq!(sparkline(&[1.0, 2.0, 3.0], 8), "▁▅█");
        assert_eq!(sparkline(&[5.0, 5.0], 8), "▄▄");
        assert_eq!(sparkline(&[1.0, 9.0, 2.0, 3.0], 2), "▁█");
        assert_eq!(sparkline(&[], 8), "");
    }
}
