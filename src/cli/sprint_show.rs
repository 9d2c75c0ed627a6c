//! `roadlog sprint show`: the developers' view of a sprint at a glance: what is in it, who
//! has what, what is blocked and how many days are left; and the velocity line of `list`.

use chrono::NaiveDate;

use super::table::{Field, or_dash, print_fields};
use crate::model::{Product, Sprint, Story, Velocity};
use crate::safe_text;

pub fn print(product: &Product, s: &Sprint, today: NaiveDate, assignee: Option<&str>) {
    outln!("{}  {}", s.id, safe_text::line(&s.name));
    let progress = product.sprint_progress(s.id);
    let committed = product.committed_points(s);
    let scope = if progress.points_total == committed || s.baseline.is_none() {
        format!("{committed} points")
    } else {
        format!(
            "{committed} points at the start, {} now",
            progress.points_total
        )
    };
    print_fields(&[
        Field::line("state", s.state.to_string()),
        Field::line(
            "dates",
            format!(
                "{} .. {}",
                super::dates().date(s.start),
                super::dates().date(s.end)
            ),
        ),
        Field::line("days left", s.days_left(today).to_string()),
        Field::text("goal", s.goal.clone()),
        Field::line("capacity", or_dash(s.capacity)),
        Field::line("committed", scope),
        Field::line("done", format!("{} points", product.done_points(s.id))),
        Field::line("velocity", velocity_text(&product.velocity())),
    ]);
    let mine = |st: &&Story| assignee.is_none_or(|a| st.assignee.as_deref() == Some(a));
    let stories: Vec<(usize, &Story)> = product
        .stories()
        .iter()
        .enumerate()
        .filter(|(_, st)| st.sprint == Some(s.id))
        .filter(|(_, st)| mine(st))
        .map(|(i, st)| (i + 1, st))
        .collect();
    outln!("");
    super::story::print_list(product, stories.iter().copied());

    let work: Vec<String> = product
        .open_work(s.id)
        .into_iter()
        .filter(|w| assignee.is_none_or(|a| w.assignee.as_deref() == Some(a)))
        .map(|w| {
            let who = w.assignee.as_deref().unwrap_or("nobody");
            format!("{} {} ({} pts)", safe_text::line(who), w.stories, w.points)
        })
        .collect();
    outln!("");
    outln!(
        "who has what (open): {}",
        if work.is_empty() {
            "nothing open".to_string()
        } else {
            work.join(", ")
        }
    );
    let blocked: Vec<String> = stories
        .iter()
        .filter(|(_, st)| !st.is_done() && product.is_blocked(st))
        .map(|(_, st)| {
            let by: Vec<String> = st.blocked_by.iter().map(ToString::to_string).collect();
            format!("{} (by {})", st.id, by.join(", "))
        })
        .collect();
    outln!(
        "blocked: {}",
        if blocked.is_empty() {
            "nothing".to_string()
        } else {
            blocked.join(", ")
        }
    );
}

pub fn print_velocity(product: &Product) {
    outln!("velocity: {}", velocity_text(&product.velocity()));
}

/// `9.3 points (mean of SP-1 10, SP-2 6, SP-3 12)`: the mean with what it is made of.
pub fn velocity_text(v: &Velocity) -> String {
    match v.mean() {
        None => "- (no closed sprint yet)".to_string(),
        Some(mean) => format!("{mean:.1} points (mean of {})", v.parts()),
    }
}
