//! Each entity's fields, in the order the form shows them, and what each holds when the
//! form opens: the entity's value, or a default for a new one. Reading them back is
//! [`read`](super::read)'s job.

use chrono::NaiveDate;

use crate::model::{
    EpicId, EpicStatus, GoalRef, Horizon, Rice, Sprint, SprintId, Story, StoryId, StoryStatus,
    Vision, VisionId, Wsjf,
};

use super::{FieldId, Subject, Target};

/// How dates are written, in hints and in messages.
pub(crate) const DATE: &str = "YYYY-MM-DD";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryField {
    Title,
    AsA,
    IWant,
    SoThat,
    Description,
    Criteria,
    Points,
    Status,
    Epic,
    Sprint,
    Labels,
    Assignee,
    BlockedBy,
}

impl FieldId for StoryField {
    type Id = StoryId;
    /// The story a new one goes after.
    type New = Option<StoryId>;
    const ALL: &'static [Self] = &[
        Self::Title,
        Self::AsA,
        Self::IWant,
        Self::SoThat,
        Self::Description,
        Self::Criteria,
        Self::Points,
        Self::Status,
        Self::Epic,
        Self::Sprint,
        Self::Labels,
        Self::Assignee,
        Self::BlockedBy,
    ];

    fn index(self) -> usize {
        self as usize
    }

    fn label(self) -> &'static str {
        match self {
            Self::Title => "Title",
            Self::AsA => "As a",
            Self::IWant => "I want",
            Self::SoThat => "So that",
            Self::Description => "Description",
            Self::Criteria => "Criteria",
            Self::Points => "Points",
            Self::Status => "Status",
            Self::Epic => "Epic",
            Self::Sprint => "Sprint",
            Self::Labels => "Labels",
            Self::Assignee => "Assignee",
            Self::BlockedBy => "Blocked by",
        }
    }

    fn hint(self) -> String {
        match self {
            Self::Title => "required".into(),
            Self::AsA => "who wants it".into(),
            Self::IWant => "what they want".into(),
            Self::SoThat => "why".into(),
            Self::Description | Self::Assignee => "".into(),
            Self::Criteria => "one per line; [x] marks done".into(),
            Self::Points => "0 1 2 3 5 8 13 21, empty for ?".into(),
            Self::Status => choices(StoryStatus::ALL),
            Self::Epic => "E-n".into(),
            Self::Sprint => "SP-n".into(),
            Self::Labels => "a, b".into(),
            Self::BlockedBy => "S-n, S-m".into(),
        }
    }

    fn multiline(self) -> bool {
        matches!(self, Self::Description | Self::Criteria)
    }

    fn target(subject: Subject<StoryId, Option<StoryId>>) -> Target {
        match subject {
            Subject::New(after) => Target::NewStory(after),
            Subject::Edit(id) => Target::Story(id),
        }
    }
}

/// A story field's text when the form opens (`None`: a new story).
pub fn story(s: Option<&Story>, field: StoryField) -> String {
    let Some(s) = s else {
        return match field {
            StoryField::Status => StoryStatus::Draft.as_str().to_string(),
            _ => String::new(),
        };
    };
    match field {
        StoryField::Title => s.title.clone(),
        StoryField::AsA => s.as_a.clone(),
        StoryField::IWant => s.i_want.clone(),
        StoryField::SoThat => s.so_that.clone(),
        StoryField::Description => s.description.clone(),
        StoryField::Criteria => s
            .acceptance_criteria
            .iter()
            .map(|c| format!("[{}] {}", if c.done { 'x' } else { ' ' }, c.text))
            .collect::<Vec<_>>()
            .join("\n"),
        StoryField::Points => opt(s.points),
        StoryField::Status => s.status.as_str().to_string(),
        StoryField::Epic => opt(s.epic),
        StoryField::Sprint => opt(s.sprint),
        StoryField::Labels => s.labels.join(", "),
        StoryField::Assignee => s.assignee.clone().unwrap_or_default(),
        StoryField::BlockedBy => join(&s.blocked_by),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpicField {
    Title,
    Description,
    Vision,
    Status,
    Horizon,
    Start,
    Target,
    Labels,
    Reach,
    Impact,
    Confidence,
    Effort,
    Value,
    TimeCriticality,
    RiskReduction,
    JobSize,
}

impl EpicField {
    pub const RICE: [EpicField; 4] = [Self::Reach, Self::Impact, Self::Confidence, Self::Effort];
    pub const WSJF: [EpicField; 4] = [
        Self::Value,
        Self::TimeCriticality,
        Self::RiskReduction,
        Self::JobSize,
    ];
}

impl FieldId for EpicField {
    type Id = EpicId;
    /// The horizon a new one goes into.
    type New = Horizon;
    const ALL: &'static [Self] = &[
        Self::Title,
        Self::Description,
        Self::Vision,
        Self::Status,
        Self::Horizon,
        Self::Start,
        Self::Target,
        Self::Labels,
        Self::Reach,
        Self::Impact,
        Self::Confidence,
        Self::Effort,
        Self::Value,
        Self::TimeCriticality,
        Self::RiskReduction,
        Self::JobSize,
    ];

    fn index(self) -> usize {
        self as usize
    }

    fn label(self) -> &'static str {
        match self {
            Self::Title => "Title",
            Self::Description => "Description",
            Self::Vision => "Vision",
            Self::Status => "Status",
            Self::Horizon => "Horizon",
            Self::Start => "Start",
            Self::Target => "Target",
            Self::Labels => "Labels",
            Self::Reach => "Reach",
            Self::Impact => "Impact",
            Self::Confidence => "Confidence",
            Self::Effort => "Effort",
            Self::Value => "Value",
            Self::TimeCriticality => "Time crit.",
            Self::RiskReduction => "Risk red.",
            Self::JobSize => "Job size",
        }
    }

    fn hint(self) -> String {
        match self {
            Self::Title => "required".into(),
            Self::Description => "".into(),
            Self::Vision => "V-n".into(),
            Self::Status => choices(EpicStatus::ALL),
            Self::Horizon => choices(Horizon::ALL),
            Self::Start | Self::Target => DATE.into(),
            Self::Labels => "a, b".into(),
            Self::Reach => "people per period".into(),
            Self::Impact => "0.25 to 3".into(),
            Self::Confidence => "percent".into(),
            Self::Effort => "person-months".into(),
            Self::Value => "WSJF business value".into(),
            Self::TimeCriticality => "WSJF time criticality".into(),
            Self::RiskReduction => "WSJF risk reduction".into(),
            Self::JobSize => "WSJF job size".into(),
        }
    }

    fn multiline(self) -> bool {
        self == Self::Description
    }

    fn target(subject: Subject<EpicId, Horizon>) -> Target {
        match subject {
            Subject::New(h) => Target::NewEpic(h),
            Subject::Edit(id) => Target::Epic(id),
        }
    }
}

/// An epic field's text when the form opens (`None`: a new epic in `horizon`).
pub fn epic(e: Option<&crate::model::Epic>, horizon: Horizon, field: EpicField) -> String {
    let rice = |f: fn(&Rice) -> f64| {
        e.and_then(|e| e.rice)
            .map_or(String::new(), |r| f(&r).to_string())
    };
    let wsjf = |f: fn(&Wsjf) -> f64| {
        e.and_then(|e| e.wsjf)
            .map_or(String::new(), |w| f(&w).to_string())
    };
    let date = |d: fn(&crate::model::Epic) -> Option<NaiveDate>| {
        e.and_then(d).map_or(String::new(), |d| d.to_string())
    };
    match field {
        EpicField::Title => e.map_or(String::new(), |e| e.title.clone()),
        EpicField::Description => e.map_or(String::new(), |e| e.description.clone()),
        EpicField::Vision => opt(e.and_then(|e| e.vision)),
        EpicField::Status => e
            .map_or(EpicStatus::Proposed, |e| e.status)
            .as_str()
            .to_string(),
        EpicField::Horizon => e.map_or(horizon, |e| e.horizon).as_str().to_string(),
        EpicField::Start => date(|e| e.start),
        EpicField::Target => date(|e| e.target),
        EpicField::Labels => e.map_or(String::new(), |e| e.labels.join(", ")),
        EpicField::Reach => rice(|r| r.reach),
        EpicField::Impact => rice(|r| r.impact),
        EpicField::Confidence => rice(|r| r.confidence),
        EpicField::Effort => rice(|r| r.effort),
        EpicField::Value => wsjf(|w| w.business_value),
        EpicField::TimeCriticality => wsjf(|w| w.time_criticality),
        EpicField::RiskReduction => wsjf(|w| w.risk_reduction),
        EpicField::JobSize => wsjf(|w| w.job_size),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisionField {
    Title,
    Statement,
    TargetGroup,
    Needs,
    Product,
    Goals,
}

impl FieldId for VisionField {
    type Id = VisionId;
    type New = ();
    const ALL: &'static [Self] = &[
        Self::Title,
        Self::Statement,
        Self::TargetGroup,
        Self::Needs,
        Self::Product,
        Self::Goals,
    ];

    fn index(self) -> usize {
        self as usize
    }

    fn label(self) -> &'static str {
        match self {
            Self::Title => "Title",
            Self::Statement => "Statement",
            Self::TargetGroup => "For",
            Self::Needs => "Needs",
            Self::Product => "Product",
            Self::Goals => "Goals",
        }
    }

    fn hint(self) -> String {
        match self {
            Self::Title => "required".into(),
            Self::TargetGroup => "target group".into(),
            Self::Goals => "one per line: text: metric -> target".into(),
            Self::Statement | Self::Needs | Self::Product => "".into(),
        }
    }

    fn multiline(self) -> bool {
        matches!(self, Self::Statement | Self::Goals)
    }

    fn target(subject: Subject<VisionId, ()>) -> Target {
        match subject {
            Subject::New(()) => Target::NewVision,
            Subject::Edit(id) => Target::Vision(id),
        }
    }
}

/// A vision field's text when the form opens (`None`: a new vision).
pub fn vision(v: Option<&Vision>, field: VisionField) -> String {
    let Some(v) = v else {
        return String::new();
    };
    match field {
        VisionField::Title => v.title.clone(),
        VisionField::Statement => v.statement.clone(),
        VisionField::TargetGroup => v.target_group.clone(),
        VisionField::Needs => v.needs.clone(),
        VisionField::Product => v.product.clone(),
        VisionField::Goals => v
            .goals
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SprintField {
    Name,
    Goal,
    Start,
    End,
    Capacity,
}

impl FieldId for SprintField {
    type Id = SprintId;
    type New = ();
    const ALL: &'static [Self] = &[
        Self::Name,
        Self::Goal,
        Self::Start,
        Self::End,
        Self::Capacity,
    ];

    fn index(self) -> usize {
        self as usize
    }

    fn label(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Goal => "Goal",
            Self::Start => "Start",
            Self::End => "End",
            Self::Capacity => "Capacity",
        }
    }

    fn hint(self) -> String {
        match self {
            Self::Name => "required".into(),
            Self::Goal => "".into(),
            Self::Start | Self::End => DATE.into(),
            Self::Capacity => "points".into(),
        }
    }

    fn multiline(self) -> bool {
        self == Self::Goal
    }

    fn target(subject: Subject<SprintId, ()>) -> Target {
        match subject {
            Subject::New(()) => Target::NewSprint,
            Subject::Edit(id) => Target::Sprint(id),
        }
    }
}

/// A sprint field's text when the form opens (`None`: a new sprint of two weeks from
/// `today`).
pub fn sprint(s: Option<&Sprint>, today: NaiveDate, field: SprintField) -> String {
    match field {
        SprintField::Name => s.map_or(String::new(), |s| s.name.clone()),
        SprintField::Goal => s.map_or(String::new(), |s| s.goal.clone()),
        SprintField::Start => s.map_or(today, |s| s.start).to_string(),
        SprintField::End => s
            .map_or(today + chrono::Days::new(13), |s| s.end)
            .to_string(),
        SprintField::Capacity => opt(s.and_then(|s| s.capacity)),
    }
}

/// A reading of a goal's metric: the value (in the goal's unit), its day, a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingField {
    Value,
    Date,
    Note,
}

impl FieldId for ReadingField {
    type Id = GoalRef;
    /// The goal the reading is of.
    type New = GoalRef;
    const ALL: &'static [Self] = &[Self::Value, Self::Date, Self::Note];

    fn index(self) -> usize {
        self as usize
    }

    fn label(self) -> &'static str {
        match self {
            Self::Value => "Value",
            Self::Date => "Date",
            Self::Note => "Note",
        }
    }

    fn hint(self) -> String {
        match self {
            Self::Value => "a number in the goal's unit, like 3.6 or 3.6%".into(),
            Self::Date => format!("{DATE}, empty for today"),
            Self::Note => "what moved it (optional)".into(),
        }
    }

    fn multiline(self) -> bool {
        false
    }

    fn target(subject: Subject<GoalRef, GoalRef>) -> Target {
        match subject {
            Subject::New(goal) | Subject::Edit(goal) => Target::Reading(goal),
        }
    }
}

fn choices<T: std::fmt::Display>(all: &[T]) -> String {
    all.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

fn join<T: ToString>(ids: &[T]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_order<F: FieldId>() {
        for (i, f) in F::ALL.iter().enumerate() {
            assert_eq!(f.index(), i, "{f:?}");
        }
    }

    #[test]
    fn every_form_lists_its_fields_in_declaration_order() {
        in_order::<StoryField>();
        in_order::<EpicField>();
        in_order::<VisionField>();
        in_order::<ReadingField>();
        in_order::<SprintField>();
    }
}
