//! The Sprint view's figures, worked out when the product changes (not per frame): which
//! sprint planning fills, its points, the velocity, who has what and what is blocked.

use crate::model::{Product, Progress, SprintId, SprintState, StoryId, Velocity};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SprintFigures {
    /// What planning fills: the next planned sprint, else the active one.
    pub target: Option<SprintId>,
    pub target_progress: Progress,
    pub velocity: Velocity,
    /// Done points of every closed sprint, oldest first: the velocity chart.
    pub closed: Vec<(SprintId, u32)>,
    /// The shown sprint's open stories per assignee: (name, stories, points).
    pub owners: Vec<(String, usize, u32)>,
    /// The shown sprint's stories waiting on unfinished ones.
    pub blocked: Vec<StoryId>,
    /// The shown sprint's scope at the start, once started.
    pub committed: Option<u32>,
}

impl SprintFigures {
    pub fn compute(product: &Product, shown: Option<SprintId>) -> SprintFigures {
        let target = product
            .next_planned_sprint()
            .or_else(|| product.active_sprint())
            .map(|s| s.id);
        // Who has what: the model's one definition of open work, as the CLI shows it.
        let owners = shown.map_or_else(Vec::new, |id| {
            product
                .open_work(id)
                .into_iter()
                .map(|w| {
                    let who = w.assignee.unwrap_or_else(|| "nobody".into());
                    (who, w.stories, w.points)
                })
                .collect()
        });
        let blocked = shown.map_or_else(Vec::new, |id| {
            product
                .sprint_stories(id)
                .filter(|s| !s.is_done() && product.is_blocked(s))
                .map(|s| s.id)
                .collect()
        });
        let committed = shown
            .and_then(|id| product.sprint(id).ok())
            .filter(|s| s.state != SprintState::Planned)
            .map(|s| product.committed_points(s));
        SprintFigures {
            target,
            target_progress: target
                .map(|t| product.sprint_progress(t))
                .unwrap_or_default(),
            velocity: product.velocity(),
            closed: product.closed_sprint_points(),
            owners,
            blocked,
            committed,
        }
    }
}
