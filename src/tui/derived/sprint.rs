//! The Sprint view's figures, worked out when the product changes (not per frame): which
//! sprint planning fills, its points, the velocity, who has what and what is blocked.

use std::collections::BTreeMap;

use crate::model::{Product, Progress, SprintId, SprintState, StoryId, Velocity};

#[derive(Debug, Clone, Default)]
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
        let mut owners: BTreeMap<String, (usize, u32)> = BTreeMap::new();
        let mut blocked = Vec::new();
        if let Some(id) = shown {
            for s in product.sprint_stories(id).filter(|s| !s.is_done()) {
                let who = s.assignee.clone().unwrap_or_else(|| "nobody".into());
                let entry = owners.entry(who).or_default();
                entry.0 += 1;
                entry.1 = entry.1.saturating_add(s.points.unwrap_or(0));
                if product.is_blocked(s) {
                    blocked.push(s.id);
                }
            }
        }
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
            owners: owners.into_iter().map(|(w, (n, p))| (w, n, p)).collect(),
            blocked,
            committed,
        }
    }
}
