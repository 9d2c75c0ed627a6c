//! The detail panel: every field of what the focused pane has selected, acceptance criteria
//! as a checklist.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::model::{Epic, HORIZON, Landing, Sprint, Story, Vision, sprint_range};
use crate::safe_text;

use super::action::{Action, DetailAction, GlobalAction, RoadmapAction, StoryAction};
use super::app::{App, Pane};
use super::build::RoadItem;
use super::keymap::{Context, key_for};
use super::widgets::{block_lines, safe_lines};
use super::wrap;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let (title, lines) = content(app);
    let lines = safe_lines(lines);
    let inner = Block::bordered().inner(area);
    let rows = wrap::wrap_all(&lines, usize::from(inner.width), 2);
    // What does not fit is one key away, and the panel says so.
    let title = if rows.len() > usize::from(inner.height) {
        let full = key_for(Context::Backlog, &Action::Global(GlobalAction::Detail));
        format!(" {title} · {full} all of it ")
    } else {
        format!(" {title} ")
    };
    let block = Block::bordered().title(Line::styled(title, app.theme.title));
    frame.render_widget(Paragraph::new(rows).block(block), area);
}

/// The detail over the whole screen, for what the panel has no room for: scrolled down
/// `scroll` rows, clamped so the last row stays in view.
pub fn draw_full(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let (title, lines) = content(app);
    let lines = safe_lines(lines);
    let close = key_for(Context::Detail, &Action::Detail(DetailAction::Close));
    let down = key_for(Context::Detail, &Action::Detail(DetailAction::ScrollDown));
    let up = key_for(Context::Detail, &Action::Detail(DetailAction::ScrollUp));
    let inner = Block::bordered().inner(area);
    // Wrapped here, so the count of rows is exact and the last one can always be reached.
    let rows = wrap::wrap_all(&lines, usize::from(inner.width), 2);
    let height = usize::from(inner.height);
    let top = scroll.min(rows.len().saturating_sub(height));
    let shown = (top + height).min(rows.len());
    let block = Block::bordered()
        .border_style(app.theme.focus)
        .title(Line::styled(
            format!(" {title} · {down}/{up} scroll · {close} close "),
            app.theme.focus,
        ))
        .title_bottom(Line::styled(
            format!(" rows {}-{shown} of {} ", top + 1, rows.len()),
            app.theme.dim,
        ));
    let visible: Vec<Line> = rows.into_iter().skip(top).take(height).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(visible).block(block), area);
}

/// How far the whole-screen detail can scroll at `size`: its rows less those on screen.
pub fn full_scroll_limit(app: &App, size: Rect) -> usize {
    let (_, lines) = content(app);
    let lines = safe_lines(lines);
    let inner = Block::bordered().inner(size);
    let rows = wrap::wrap_all(&lines, usize::from(inner.width), 2).len();
    rows.saturating_sub(usize::from(inner.height))
}

/// What the focused pane has selected, with the lines of its open conflicts after its
/// title.
fn content(app: &App) -> (String, Vec<Line<'static>>) {
    let (title, mut lines) = fields(app);
    if let Some(entity) = super::settle::selected_entity(app) {
        let conflicts = super::settle::detail_lines(app, &entity);
        let at = lines.len().min(1);
        lines.splice(at..at, conflicts);
    }
    (title, lines)
}

fn fields(app: &App) -> (String, Vec<Line<'static>>) {
    let d = &app.derived;
    let story = |id| app.story_by_id(id);
    match app.focus {
        Pane::Roadmap => match app.roadmap.list.selected() {
            Some(RoadItem::Vision(id)) => match d.vision_at.get(&id) {
                Some(i) => app.product.visions().get(*i).map(|v| vision(app, v)),
                None => None,
            },
            Some(RoadItem::Epic(id)) => app.epic_by_id(id).map(|e| epic(app, e)),
            Some(RoadItem::Goal(r)) => super::vision_board::detail(app, r),
            None => None,
        },
        Pane::Backlog => app
            .backlog
            .list
            .selected()
            .and_then(story)
            .map(|s| story_detail(app, s)),
        Pane::Sprint => match app.sprint.list.selected().and_then(story) {
            Some(s) => Some(story_detail(app, s)),
            None => d
                .sprint
                .and_then(|id| app.product.sprint(id).ok())
                .map(|s| sprint(app, s)),
        },
    }
    .unwrap_or_else(|| ("Detail".into(), vec![Line::from("nothing selected")]))
}

fn field(app: &App, name: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name}: "), app.theme.dim),
        Span::raw(value.into()),
    ])
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or("-".into(), |v| v.to_string())
}

fn story_detail(app: &App, s: &Story) -> (String, Vec<Line<'static>>) {
    let mut l = vec![
        Line::styled(s.title.clone(), app.theme.title),
        field(
            app,
            "status",
            // The criteria count sits here because at 80x24 the list below is out of view.
            format!(
                "{} · {} pts · {} · {}/{} criteria done{}{}",
                s.status,
                opt(&s.points),
                if s.is_ready() { "ready" } else { "not ready" },
                s.acceptance_criteria.iter().filter(|c| c.done).count(),
                s.acceptance_criteria.len(),
                dod_count(app, s),
                if app.derived.blocked.contains(&s.id) {
                    " · BLOCKED"
                } else {
                    ""
                }
            ),
        ),
        field(
            app,
            "epic",
            format!(
                "{} · sprint {} · assignee {}{}",
                opt(&s.epic),
                opt(&s.sprint),
                opt(&s.assignee),
                match s.commits.len() {
                    0 => String::new(),
                    1 => " · 1 commit".to_string(),
                    n => format!(" · {n} commits"),
                }
            ),
        ),
    ];
    if let Some(sentence) = user_story(s) {
        l.push(Line::from(sentence));
    }
    if !s.description.is_empty() {
        l.extend(block_lines(&s.description));
    }
    l.push(Line::styled("Acceptance criteria:", app.theme.dim));
    if s.acceptance_criteria.is_empty() {
        l.push(Line::from("  (none yet)"));
    }
    for c in &s.acceptance_criteria {
        let mark = if c.done { "[x]" } else { "[ ]" };
        l.push(Line::from(format!("  {mark} {}", c.text)));
    }
    l.extend(dod_lines(app, s));
    l.extend(commit_lines(app, s));
    // Empty fields say nothing worth a row.
    if !s.labels.is_empty() {
        l.push(field(app, "labels", s.labels.join(", ")));
    }
    if !s.blocked_by.is_empty() {
        let blockers: Vec<String> = s.blocked_by.iter().map(|b| b.to_string()).collect();
        l.push(field(app, "blocked by", blockers.join(", ")));
    }
    let history: Vec<String> = s
        .history
        .iter()
        .map(|h| format!("{} {}", h.status, h.at.format("%m-%d")))
        .collect();
    l.push(field(app, "history", history.join(" → ")));
    l.push(field(
        app,
        "created",
        format!(
            "{} · updated {}",
            app.dates.moment(s.created),
            app.dates.moment(s.updated)
        ),
    ));
    (format!("Story {}", s.id), l)
}

/// "As a shopper, I want to pay fast, so that I finish." from the parts there are, so an
/// empty part never leaves "I want , so that ." behind; `None` when all are empty.
fn user_story(s: &Story) -> Option<String> {
    let parts: Vec<String> = [
        ("As a", s.as_a.trim()),
        ("I want", s.i_want.trim()),
        ("so that", s.so_that.trim()),
    ]
    .iter()
    .filter(|(_, text)| !text.is_empty())
    .map(|(lead, text)| format!("{lead} {text}"))
    .collect();
    let sentence = parts.join(", ");
    let mut chars = sentence.chars();
    let first = chars.next()?;
    let end = if sentence.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    Some(format!("{}{}{end}", first.to_uppercase(), chars.as_str()))
}

/// " · DoD 1/3" when the document has a Definition of Done.
fn dod_count(app: &App, s: &Story) -> String {
    let list: Vec<bool> = app.product.dod_checklist(s).map(|(_, done)| done).collect();
    if list.is_empty() {
        return String::new();
    }
    let ticked = list.iter().filter(|done| **done).count();
    format!(" · DoD {ticked}/{}", list.len())
}

/// The shared Definition of Done as this story's checklist, ticked by sign so it reads
/// without colour, on as few rows as the panel's width allows (at 80x24 it has five); the
/// key that ticks it is named, from the key map.
fn dod_lines(app: &App, s: &Story) -> Vec<Line<'static>> {
    let items: Vec<String> = app
        .product
        .dod_checklist(s)
        .map(|(item, done)| format!("{} {item}", if done { "[x]" } else { "[ ]" }))
        .collect();
    if items.is_empty() {
        return Vec::new();
    }
    let tick = key_for(Context::Backlog, &Action::Story(StoryAction::Criteria));
    vec![Line::from(vec![
        Span::styled(
            format!("Definition of Done ({tick} ticks): "),
            app.theme.dim,
        ),
        Span::raw(items.join(" · ")),
    ])]
}

/// The commits linked to the story, newest first: short hash, subject, author, day.
fn commit_lines(app: &App, s: &Story) -> Vec<Line<'static>> {
    if s.commits.is_empty() {
        return Vec::new();
    }
    let mut l = vec![Line::styled(
        format!("Commits ({}):", s.commits.len()),
        app.theme.dim,
    )];
    for c in s.commits.iter().rev() {
        let hash: String = c.hash.chars().take(7).collect();
        l.push(Line::from(vec![
            Span::styled(format!("  {hash} "), app.theme.dim),
            // Commit text comes from git, not from roadlog: shown as text, never as controls.
            Span::raw(safe_text::line(&c.subject).into_owned()),
            Span::styled(
                format!(
                    " · {} · {}",
                    safe_text::line(&c.author),
                    app.dates.date(c.date.date_naive())
                ),
                app.theme.dim,
            ),
        ]));
    }
    l
}

fn epic(app: &App, e: &Epic) -> (String, Vec<Line<'static>>) {
    let p = app.derived.epic_progress(e.id);
    let rice = e.rice.map_or("-".to_string(), |r| {
        format!(
            "{:.0} (reach {} × impact {} × {}% / effort {})",
            r.score(),
            r.reach,
            r.impact,
            r.confidence,
            r.effort
        )
    });
    let wsjf = e.wsjf.map_or("-".to_string(), |w| {
        format!(
            "{:.1} ((value {} + time {} + risk {}) / size {})",
            w.score(),
            w.business_value,
            w.time_criticality,
            w.risk_reduction,
            w.job_size
        )
    });
    let mut l = vec![
        Line::styled(e.title.clone(), app.theme.title),
        field(
            app,
            "status",
            format!(
                "{} · horizon {} · vision {}",
                e.status,
                e.horizon,
                opt(&e.vision)
            ),
        ),
        field(
            app,
            "dates",
            format!(
                "{} → {}",
                e.start.map_or("-".into(), |d| app.dates.date(d)),
                e.target.map_or("-".into(), |d| app.dates.date(d))
            ),
        ),
        field(app, "RICE", rice),
        field(app, "WSJF", wsjf),
        field(
            app,
            "progress",
            format!(
                "{}/{} pts · {}/{} stories done",
                p.points_done, p.points_total, p.stories_done, p.stories
            ),
        ),
        field(app, "labels", e.labels.join(", ")),
    ];
    l.extend(forecast_lines(app, e));
    if !e.description.is_empty() {
        l.extend(block_lines(&e.description));
    }
    let show = Action::Roadmap(RoadmapAction::ShowStories);
    let key = key_for(Context::Roadmap, &show);
    l.push(Line::styled(
        format!("{key} shows its stories in the backlog"),
        app.theme.dim,
    ));
    (format!("Epic {}", e.id), l)
}

/// How the epic's dates were forecast: both dates against the target, and from what.
fn forecast_lines(app: &App, e: &Epic) -> Vec<Line<'static>> {
    let forecast = match &app.derived.forecast {
        Some(Ok(f)) => f,
        Some(Err(why)) => return vec![field(app, "forecast", why.to_string())],
        None => return Vec::new(),
    };
    let Some(ef) = app.derived.epic_forecast(e.id) else {
        return Vec::new();
    };
    let when = |l: Landing| match l {
        Landing::Sprint { number, end, .. } => {
            format!("{} ({number} sprints)", app.dates.date(end))
        }
        Landing::Beyond => format!("beyond {HORIZON} sprints"),
    };
    let mut dates = vec![
        Span::styled("forecast: ", app.theme.dim),
        Span::raw(format!("85% {} · 50% {}", when(ef.p85), when(ef.p50))),
    ];
    match (e.target, ef.p85.date()) {
        (Some(target), Some(d)) if d > target => dates.push(Span::styled(
            format!(" · ! {} days after the target", (d - target).num_days()),
            app.theme.bad,
        )),
        (Some(_), Some(_)) => dates.push(Span::styled(" · by the target", app.theme.good)),
        (Some(_), None) => dates.push(Span::styled(" · ! after the target", app.theme.bad)),
        (None, _) => {}
    }
    let (mean, spread) = forecast.pace();
    let ids: Vec<_> = forecast.velocity.iter().map(|(id, _)| *id).collect();
    vec![
        Line::from(dates),
        field(
            app,
            "from",
            format!(
                "velocity {mean:.0} ± {spread:.0} ({}) · {:.0} pts left after {:.0} ahead · {} unestimated",
                sprint_range(&ids),
                ef.points_left,
                ef.through - ef.points_left,
                ef.unestimated
            ),
        ),
    ]
}

fn vision(app: &App, v: &Vision) -> (String, Vec<Line<'static>>) {
    let mut l = vec![Line::styled(v.title.clone(), app.theme.title)];
    l.extend(block_field(app, "statement", &v.statement));
    l.extend(block_field(app, "for", &v.target_group));
    l.extend(block_field(app, "needs", &v.needs));
    l.extend(block_field(app, "product", &v.product));
    l.push(Line::styled("Business goals:", app.theme.dim));
    if v.goals.is_empty() {
        l.push(Line::from("  (none yet)"));
    }
    for g in &v.goals {
        l.push(Line::from(format!("  • {g}")));
    }
    (format!("Vision {}", v.id), l)
}

/// A field whose value may run over several lines: the name on the first, the rest below it.
fn block_field(app: &App, name: &str, value: &str) -> Vec<Line<'static>> {
    let mut lines = block_lines(value).into_iter();
    let first = lines.next().map(|l| l.to_string()).unwrap_or_default();
    let mut out = vec![field(app, name, first)];
    out.extend(lines.map(|l| Line::from(format!("  {l}"))));
    out
}

fn sprint(app: &App, s: &Sprint) -> (String, Vec<Line<'static>>) {
    let mut l = vec![
        Line::styled(s.name.clone(), app.theme.title),
        field(app, "state", s.state.to_string()),
        field(
            app,
            "dates",
            format!("{} → {}", app.dates.date(s.start), app.dates.date(s.end)),
        ),
        field(app, "capacity", opt(&s.capacity)),
    ];
    l.extend(block_field(app, "goal", &s.goal));
    (format!("Sprint {}", s.id), l)
}
