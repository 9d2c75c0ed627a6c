//! Reading a form back into the model's drafts. Every field is checked and each problem is
//! put at its field, so one save attempt shows them all.

use chrono::NaiveDate;

use crate::model::{
    Criterion, EpicDraft, EpicStatus, Extra, Goal, Horizon, Product, Rice, SprintDraft,
    StoryStatus, VisionDraft, Wsjf,
};

use super::fields::{DATE, EpicField as E, SprintField as Sp, StoryField as S, VisionField as V};
use super::{FieldId, Form, Subject};

/// A story as the form says it should be.
pub struct StoryValues {
    pub title: String,
    pub as_a: String,
    pub i_want: String,
    pub so_that: String,
    pub description: String,
    pub criteria: Vec<Criterion>,
    pub points: Option<u32>,
    pub status: StoryStatus,
    pub epic: Option<crate::model::EpicId>,
    pub sprint: Option<crate::model::SprintId>,
    pub labels: Vec<String>,
    pub assignee: Option<String>,
    pub blocked_by: Vec<crate::model::StoryId>,
}

/// Reads a story form; `None` when a field was refused (the form then says why).
pub fn read_story(form: &mut Form<S>, product: &Product) -> Option<StoryValues> {
    let old = match form.subject {
        Subject::Edit(id) => product
            .story(id)
            .map_or(&[][..], |s| s.acceptance_criteria.as_slice()),
        Subject::New(_) => &[],
    };
    let mut r = Reader { form, ok: true };
    let title = r.required(S::Title);
    let points = r.points(S::Points);
    let status = r.parse::<StoryStatus>(S::Status);
    let epic = r.id(S::Epic, |id| product.epic(id).map(drop));
    let sprint = r.id(S::Sprint, |id| product.sprint(id).map(drop));
    let blocked_by = r.ids(S::BlockedBy, |id| product.story(id).map(drop));
    let values = StoryValues {
        title,
        as_a: r.form.get(S::AsA),
        i_want: r.form.get(S::IWant),
        so_that: r.form.get(S::SoThat),
        description: r.form.get(S::Description),
        criteria: criteria(&r.form.get(S::Criteria), old),
        points,
        status: status.unwrap_or(StoryStatus::Draft),
        epic,
        sprint,
        labels: labels(&r.form.get(S::Labels)),
        assignee: Some(r.form.get(S::Assignee)).filter(|a| !a.is_empty()),
        blocked_by,
    };
    r.ok.then_some(values)
}

/// An epic as the form says it should be: the model's draft plus the WSJF inputs, which
/// the model sets apart (`set_epic_wsjf`).
pub fn read_epic(form: &mut Form<E>, product: &Product) -> Option<(EpicDraft, Option<Wsjf>)> {
    let mut r = Reader { form, ok: true };
    let title = r.required(E::Title);
    let vision = r.id(E::Vision, |id| product.vision(id).map(drop));
    let status = r.parse::<EpicStatus>(E::Status);
    let horizon = r.parse::<Horizon>(E::Horizon);
    let start = r.date(E::Start);
    let target = r.date(E::Target);
    if let (Some(s), Some(t)) = (start, target)
        && t < s
    {
        r.refuse(E::Target, format!("the target {t} is before the start {s}"));
    }
    let rice = r.rice();
    let wsjf = r.wsjf();
    let draft = EpicDraft {
        title,
        description: r.form.get(E::Description),
        vision,
        status,
        horizon,
        start,
        target,
        rice,
        labels: labels(&r.form.get(E::Labels)),
    };
    r.ok.then_some((draft, wsjf))
}

pub fn read_vision(form: &mut Form<V>) -> Option<VisionDraft> {
    let mut r = Reader { form, ok: true };
    let title = r.required(V::Title);
    let draft = VisionDraft {
        title,
        statement: r.form.get(V::Statement),
        target_group: r.form.get(V::TargetGroup),
        needs: r.form.get(V::Needs),
        product: r.form.get(V::Product),
        goals: r
            .form
            .get(V::Goals)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(Goal::parse)
            .collect(),
    };
    r.ok.then_some(draft)
}

pub fn read_sprint(form: &mut Form<Sp>) -> Option<SprintDraft> {
    let mut r = Reader { form, ok: true };
    let name = r.required(Sp::Name);
    let start = r.required_date(Sp::Start);
    let end = r.required_date(Sp::End);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        r.refuse(Sp::End, format!("the end {e} is before the start {s}"));
    }
    let capacity = r.number::<u32>(Sp::Capacity, "a whole number of points, 0 or more");
    let draft = SprintDraft {
        name,
        goal: r.form.get(Sp::Goal),
        start: start.unwrap_or_default(),
        end: end.unwrap_or_default(),
        capacity,
    };
    r.ok.then_some(draft)
}

/// Reads fields, noting refusals at each.
struct Reader<'a, F: FieldId> {
    form: &'a mut Form<F>,
    ok: bool,
}

impl<F: FieldId> Reader<'_, F> {
    fn refuse(&mut self, field: F, message: String) {
        self.ok = false;
        self.form.refuse(field, message);
    }

    fn required(&mut self, field: F) -> String {
        let v = self.form.get(field);
        if v.is_empty() {
            let what = field.label().to_lowercase();
            self.refuse(field, format!("{what} is required"));
        }
        v
    }

    fn parse<T: std::str::FromStr<Err = crate::model::ModelError>>(
        &mut self,
        field: F,
    ) -> Option<T> {
        let v = self.form.get(field);
        if v.is_empty() {
            return None;
        }
        v.parse()
            .map_err(|e: crate::model::ModelError| self.refuse(field, e.to_string()))
            .ok()
    }

    fn number<T: std::str::FromStr>(&mut self, field: F, rule: &str) -> Option<T> {
        let v = self.form.get(field);
        if v.is_empty() {
            return None;
        }
        v.parse()
            .map_err(|_| self.refuse(field, format!("'{v}' is not {rule}")))
            .ok()
    }

    fn points(&mut self, field: F) -> Option<u32> {
        if self.form.get(field) == "?" {
            return None;
        }
        self.number(field, "a whole number of points, 0 or more")
    }

    fn date(&mut self, field: F) -> Option<NaiveDate> {
        let v = self.form.get(field);
        if v.is_empty() {
            return None;
        }
        let date = crate::model::parse_date(&v);
        if date.is_none() {
            self.refuse(field, format!("'{v}' is not a date ({DATE})"));
        }
        date
    }

    fn required_date(&mut self, field: F) -> Option<NaiveDate> {
        if self.form.get(field).is_empty() {
            self.refuse(field, format!("a date is required ({DATE})"));
            return None;
        }
        self.date(field)
    }

    fn id<Id: std::str::FromStr<Err = crate::model::ModelError> + Copy>(
        &mut self,
        field: F,
        exists: impl Fn(Id) -> Result<(), crate::model::ModelError>,
    ) -> Option<Id> {
        let id = self.parse::<Id>(field)?;
        exists(id)
            .map_err(|e| self.refuse(field, e.to_string()))
            .ok()?;
        Some(id)
    }

    fn ids<Id: std::str::FromStr<Err = crate::model::ModelError> + Copy>(
        &mut self,
        field: F,
        exists: impl Fn(Id) -> Result<(), crate::model::ModelError>,
    ) -> Vec<Id> {
        let mut out = Vec::new();
        for word in list(&self.form.get(field)) {
            match word.parse::<Id>().and_then(|id| exists(id).map(|()| id)) {
                Ok(id) => out.push(id),
                Err(e) => self.refuse(field, e.to_string()),
            }
        }
        out
    }
}

impl Reader<'_, E> {
    /// All four WSJF inputs, or none.
    fn wsjf(&mut self) -> Option<Wsjf> {
        let [business_value, time_criticality, risk_reduction, job_size] =
            self.all_or_none(E::WSJF, "WSJF")?;
        if job_size <= 0.0 {
            self.refuse(E::JobSize, "must be more than zero".into());
        }
        Some(Wsjf {
            business_value,
            time_criticality,
            risk_reduction,
            job_size,
        })
    }

    /// Numbers zero or more for every one of `parts`, or `None` when all are empty.
    fn all_or_none(&mut self, parts: [E; 4], method: &str) -> Option<[f64; 4]> {
        if parts.iter().all(|p| self.form.get(*p).is_empty()) {
            return None;
        }
        let mut values = [0.0; 4];
        for (i, part) in parts.into_iter().enumerate() {
            if self.form.get(part).is_empty() {
                self.refuse(part, format!("needed with the other {method} inputs"));
                continue;
            }
            let Some(v) = self.number::<f64>(part, "a number") else {
                continue;
            };
            if v < 0.0 || !v.is_finite() {
                self.refuse(part, "must be zero or more".into());
            }
            values[i] = v;
        }
        Some(values)
    }

    /// All four RICE inputs, or none.
    fn rice(&mut self) -> Option<Rice> {
        let [reach, impact, confidence, effort] = self.all_or_none(E::RICE, "RICE")?;
        if confidence > 100.0 {
            self.refuse(E::Confidence, "must be a percentage from 0 to 100".into());
        }
        if effort <= 0.0 {
            self.refuse(E::Effort, "must be more than zero".into());
        }
        Some(Rice {
            reach,
            impact,
            confidence,
            effort,
        })
    }
}

/// Comma-separated values (labels may hold spaces).
fn labels(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Comma- or space-separated words (ids).
fn list(text: &str) -> Vec<String> {
    text.split([',', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// One criterion per line; a leading `[x]` marks it done, `[ ]` not. A criterion whose
/// text is unchanged keeps the fields this version does not know.
fn criteria(text: &str, old: &[Criterion]) -> Vec<Criterion> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (done, text) = if let Some(rest) = l.strip_prefix("[x]").or(l.strip_prefix("[X]")) {
                (true, rest)
            } else {
                (false, l.strip_prefix("[ ]").unwrap_or(l))
            };
            let text = text.trim().to_string();
            let extra = old
                .iter()
                .find(|c| c.text == text)
                .map_or_else(Extra::new, |c| c.extra.clone());
            Criterion { text, done, extra }
        })
        .collect()
}
