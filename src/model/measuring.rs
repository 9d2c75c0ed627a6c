//! Changing goals through the product: readings recorded, a vision's goals replaced without
//! losing their readings, and the goals epics serve kept pointing at the right goal.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::amount::Quantity;
use super::entities::{Epic, Extra};
use super::goals::{Goal, GoalRef, Reading};
use super::{EpicId, ModelError, Product, VisionId};

/// What recording a reading did.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub value: f64,
    /// The reading of the same day it replaced, if there was one.
    pub replaced: Option<Reading>,
}

impl Product {
    pub fn goal(&self, goal: GoalRef) -> Result<&Goal, ModelError> {
        let v = self.vision(goal.vision)?;
        goal.number
            .checked_sub(1)
            .and_then(|i| v.goals.get(i))
            .ok_or(ModelError::NoGoal {
                vision: goal.vision.to_string(),
                number: goal.number,
                count: v.goals.len(),
            })
    }

    /// A goal of a vision named by its number (`2`) or its text, in any case.
    pub fn find_goal(&self, vision: VisionId, which: &str) -> Result<GoalRef, ModelError> {
        let v = self.vision(vision)?;
        let which = which.trim();
        if let Ok(number) = which.parse::<usize>() {
            let goal = GoalRef::new(vision, number);
            return self.goal(goal).map(|_| goal);
        }
        v.goals
            .iter()
            .position(|g| g.text.trim().eq_ignore_ascii_case(which))
            .map(|i| GoalRef::new(vision, i + 1))
            .ok_or_else(|| ModelError::not_found("goal", format!("'{which}' in {vision}")))
    }

    /// Records a reading of a goal's metric on `date` (not after `today`). The value is a
    /// number, optionally written with the goal's unit (`3.4` or `3.4%`).
    pub fn measure_goal(
        &mut self,
        goal: GoalRef,
        value: &str,
        date: NaiveDate,
        today: NaiveDate,
        note: Option<String>,
    ) -> Result<Measured, ModelError> {
        let g = self.goal(goal)?;
        let Some(unit) = g.unit() else {
            return Err(ModelError::NotMeasurable {
                goal: goal.to_string(),
                text: g.text.clone(),
                why: "neither its metric nor its target is a number; write them like \
                      '3.1% -> 4%' or '1200/month -> 400/month'"
                    .into(),
            });
        };
        let bad = |hint: String| ModelError::BadReading {
            goal: goal.to_string(),
            value: value.to_string(),
            hint,
        };
        let reading = Quantity::parse(value)
            .ok_or_else(|| bad(format!("write a number, like {}", unit.format(12.5))))?;
        if !reading.unit.is_none() && !reading.unit.same_as(unit) {
            return Err(bad(format!("the goal is measured in '{}'", unit.name())));
        }
        if date > today {
            return Err(ModelError::OutOfRange {
                what: "a reading's date",
                rule: "today or earlier",
                value: date.to_string(),
            });
        }
        let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        let i = self.vision_index(goal.vision)?;
        let replaced = self.visions[i].goals[goal.number - 1].record(Reading {
            date,
            value: reading.value,
            note,
            extra: Extra::new(),
        });
        Ok(Measured {
            value: reading.value,
            replaced,
        })
    }

    /// Says which goals an epic serves (replacing what it said before). Each must exist.
    pub fn set_epic_serves(&mut self, id: EpicId, serves: Vec<GoalRef>) -> Result<(), ModelError> {
        let i = self.epic_index(id)?;
        for goal in &serves {
            self.goal(*goal)?;
        }
        let mut unique = Vec::with_capacity(serves.len());
        for goal in serves {
            if !unique.contains(&goal) {
                unique.push(goal);
            }
        }
        self.epics[i].serves = unique;
        Ok(())
    }

    /// The epics serving a goal, in rank order.
    pub fn goal_epics(&self, goal: GoalRef) -> Vec<&Epic> {
        self.epics
            .iter()
            .filter(|e| e.serves.contains(&goal))
            .collect()
    }

    /// Replaces a vision's goals. A goal that stays (same text, or else the same place in
    /// the list) keeps its readings, its unknown fields and, while its baseline is unchanged,
    /// its baseline day; epics serving it follow it to its new number; epics stop serving
    /// goals that are gone.
    pub(super) fn replace_goals(&mut self, vision_index: usize, mut goals: Vec<Goal>) {
        let vision = self.visions[vision_index].id;
        let old = std::mem::take(&mut self.visions[vision_index].goals);
        let pairs = pair_goals(&old, &goals);
        let mut renumber = HashMap::new();
        for (new, old_i) in pairs.iter().enumerate() {
            let Some(old_i) = *old_i else { continue };
            renumber.insert(old_i + 1, new + 1);
            let (from, to) = (&old[old_i], &mut goals[new]);
            if to.readings.is_empty() {
                to.readings = from.readings.clone();
            }
            // The line starts where the baseline held: the old day while the baseline is
            // the same, the new goal's own day once the baseline was rewritten.
            if to.metric == from.metric {
                to.since = from.since.or(to.since);
            }
            if to.extra.is_empty() {
                to.extra = from.extra.clone();
            }
        }
        for e in &mut self.epics {
            let mut serves = Vec::with_capacity(e.serves.len());
            for g in &e.serves {
                let kept = if g.vision == vision {
                    renumber.get(&g.number).map(|n| GoalRef::new(vision, *n))
                } else {
                    Some(*g)
                };
                if let Some(g) = kept.filter(|g| !serves.contains(g)) {
                    serves.push(g);
                }
            }
            e.serves = serves;
        }
        self.visions[vision_index].goals = goals;
    }
}

/// For each new goal, the old goal it continues: the one with the same text (in any case),
/// else the unclaimed one at the same place.
fn pair_goals(old: &[Goal], new: &[Goal]) -> Vec<Option<usize>> {
    let key = |g: &Goal| g.text.trim().to_lowercase();
    let mut claimed = vec![false; old.len()];
    let mut pairs: Vec<Option<usize>> = new
        .iter()
        .map(|n| {
            let j = old
                .iter()
                .enumerate()
                .position(|(j, o)| !claimed[j] && key(o) == key(n))?;
            claimed[j] = true;
            Some(j)
        })
        .collect();
    for (i, pair) in pairs.iter_mut().enumerate() {
        if pair.is_none() && i < old.len() && !claimed[i] {
            claimed[i] = true;
            *pair = Some(i);
        }
    }
    pairs
}
