//! Each entity's fields, in the order the form shows them, and reading them back. Reading
//! checks every field and puts each problem at its field, so one save attempt shows them all.

use chrono::NaiveDate;

use crate::model::{
    Criterion, Epic, EpicDraft, EpicStatus, Extra, Goal, Horizon, Product, Rice, Sprint,
    SprintDraft, Story, StoryStatus, Vision, VisionDraft, Wsjf,
};

use super::{Field, Form};

const DATE: &str = "YYYY-MM-DD";

pub fn story(s: Option<&Story>) -> Vec<Field> {
    let criteria = s.map_or(String::new(), |s| {
        s.acceptance_criteria
            .iter()
            .map(|c| format!("[{}] {}", if c.done { 'x' } else { ' ' }, c.text))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let opt = |v: Option<String>| v.unwrap_or_default();
    vec![
        Field::new("Title", s.map_or("", |s| &s.title), "required"),
        Field::new("As a", s.map_or("", |s| &s.as_a), "who wants it"),
        Field::new("I want", s.map_or("", |s| &s.i_want), "what they want"),
        Field::new("So that", s.map_or("", |s| &s.so_that), "why"),
        Field::multiline("Description", s.map_or("", |s| &s.description), ""),
        Field::multiline("Criteria", &criteria, "one per line; [x] marks done"),
        Field::new(
            "Points",
            &opt(s.and_then(|s| s.points).map(|p| p.to_string())),
            "0 1 2 3 5 8 13 21, empty for ?",
        ),
        Field::new(
            "Status",
            s.map_or(StoryStatus::Draft.as_str(), |s| s.status.as_str()),
            &choices(StoryStatus::ALL),
        ),
        Field::new(
            "Epic",
            &opt(s.and_then(|s| s.epic).map(|e| e.to_string())),
            "E-n",
        ),
        Field::new(
            "Sprint",
            &opt(s.and_then(|s| s.sprint).map(|e| e.to_string())),
            "SP-n",
        ),
        Field::new(
            "Labels",
            &s.map_or(String::new(), |s| s.labels.join(", ")),
            "a, b",
        ),
        Field::new("Assignee", &opt(s.and_then(|s| s.assignee.clone())), ""),
        Field::new(
            "Blocked by",
            &s.map_or(String::new(), |s| join(&s.blocked_by)),
            "S-n, S-m",
        ),
    ]
}

pub fn epic(e: Option<&Epic>, horizon: Horizon) -> Vec<Field> {
    let rice = e.and_then(|e| e.rice);
    let num = |f: fn(&Rice) -> f64| rice.as_ref().map_or(String::new(), |r| f(r).to_string());
    let date = |d: Option<NaiveDate>| d.map_or(String::new(), |d| d.to_string());
    let w = e.and_then(|e| e.wsjf);
    let wsjf = |f: fn(&Wsjf) -> f64| w.as_ref().map_or(String::new(), |w| f(w).to_string());
    vec![
        Field::new("Title", e.map_or("", |e| &e.title), "required"),
        Field::multiline("Description", e.map_or("", |e| &e.description), ""),
        Field::new(
            "Vision",
            &e.and_then(|e| e.vision)
                .map_or(String::new(), |v| v.to_string()),
            "V-n",
        ),
        Field::new(
            "Status",
            e.map_or(EpicStatus::Proposed.as_str(), |e| e.status.as_str()),
            &choices(EpicStatus::ALL),
        ),
        Field::new(
            "Horizon",
            e.map_or(horizon, |e| e.horizon).as_str(),
            &choices(Horizon::ALL),
        ),
        Field::new("Start", &date(e.and_then(|e| e.start)), DATE),
        Field::new("Target", &date(e.and_then(|e| e.target)), DATE),
        Field::new(
            "Labels",
            &e.map_or(String::new(), |e| e.labels.join(", ")),
            "a, b",
        ),
        Field::new("Reach", &num(|r| r.reach), "people per period"),
        Field::new("Impact", &num(|r| r.impact), "0.25 to 3"),
        Field::new("Confidence", &num(|r| r.confidence), "percent"),
        Field::new("Effort", &num(|r| r.effort), "person-months"),
        Field::new("Value", &wsjf(|w| w.business_value), "WSJF business value"),
        Field::new(
            "Time crit.",
            &wsjf(|w| w.time_criticality),
            "WSJF time criticality",
        ),
        Field::new(
            "Risk red.",
            &wsjf(|w| w.risk_reduction),
            "WSJF risk reduction",
        ),
        Field::new("Job size", &wsjf(|w| w.job_size), "WSJF job size"),
    ]
}

pub fn vision(v: Option<&Vision>) -> Vec<Field> {
    let goals = v.map_or(String::new(), |v| {
        v.goals
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    });
    vec![
        Field::new("Title", v.map_or("", |v| &v.title), "required"),
        Field::multiline("Statement", v.map_or("", |v| &v.statement), ""),
        Field::new("For", v.map_or("", |v| &v.target_group), "target group"),
        Field::new("Needs", v.map_or("", |v| &v.needs), ""),
        Field::new("Product", v.map_or("", |v| &v.product), ""),
        Field::multiline("Goals", &goals, "one per line: text: metric -> target"),
    ]
}

pub fn sprint(s: Option<&Sprint>, today: NaiveDate) -> Vec<Field> {
    let start = s.map_or(today, |s| s.start);
    let end = s.map_or(today + chrono::Days::new(13), |s| s.end);
    vec![
        Field::new("Name", s.map_or("", |s| &s.name), "required"),
        Field::multiline("Goal", s.map_or("", |s| &s.goal), ""),
        Field::new("Start", &start.to_string(), DATE),
        Field::new("End", &end.to_string(), DATE),
        Field::new(
            "Capacity",
            &s.and_then(|s| s.capacity)
                .map_or(String::new(), |c| c.to_string()),
            "points",
        ),
    ]
}

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
pub fn read_story(form: &mut Form, product: &Product) -> Option<StoryValues> {
    let old = match form.target {
        super::Target::Story(id) => product
            .story(id)
            .map_or(&[][..], |s| s.acceptance_criteria.as_slice()),
        _ => &[],
    };
    let mut r = Reader { form, ok: true };
    let title = r.required("Title");
    let points = r.points("Points");
    let status = r.parse::<StoryStatus>("Status");
    let epic = r.id("Epic", |id| product.epic(id).map(drop));
    let sprint = r.id("Sprint", |id| product.sprint(id).map(drop));
    let blocked_by = r.ids("Blocked by", |id| product.story(id).map(drop));
    let values = StoryValues {
        title,
        as_a: r.form.get("As a"),
        i_want: r.form.get("I want"),
        so_that: r.form.get("So that"),
        description: r.form.get("Description"),
        criteria: criteria(&r.form.get("Criteria"), old),
        points,
        status: status.unwrap_or(StoryStatus::Draft),
        epic,
        sprint,
        labels: list(&r.form.get("Labels")),
        assignee: Some(r.form.get("Assignee")).filter(|a| !a.is_empty()),
        blocked_by,
    };
    r.ok.then_some(values)
}

/// An epic as the form says it should be: the model's draft plus the WSJF inputs, which
/// the model sets apart (`set_epic_wsjf`).
pub fn read_epic(form: &mut Form, product: &Product) -> Option<(EpicDraft, Option<Wsjf>)> {
    let mut r = Reader { form, ok: true };
    let title = r.required("Title");
    let vision = r.id("Vision", |id| product.vision(id).map(drop));
    let status = r.parse::<EpicStatus>("Status");
    let horizon = r.parse::<Horizon>("Horizon");
    let start = r.date("Start");
    let target = r.date("Target");
    if let (Some(s), Some(t)) = (start, target)
        && t < s
    {
        r.refuse("Target", format!("the target {t} is before the start {s}"));
    }
    let rice = r.rice();
    let wsjf = r.wsjf();
    let draft = EpicDraft {
        title,
        description: r.form.get("Description"),
        vision,
        status,
        horizon,
        start,
        target,
        rice,
        labels: list(&r.form.get("Labels")),
    };
    r.ok.then_some((draft, wsjf))
}

pub fn read_vision(form: &mut Form) -> Option<VisionDraft> {
    let mut r = Reader { form, ok: true };
    let title = r.required("Title");
    let draft = VisionDraft {
        title,
        statement: r.form.get("Statement"),
        target_group: r.form.get("For"),
        needs: r.form.get("Needs"),
        product: r.form.get("Product"),
        goals: r
            .form
            .get("Goals")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(Goal::parse)
            .collect(),
    };
    r.ok.then_some(draft)
}

pub fn read_sprint(form: &mut Form) -> Option<SprintDraft> {
    let mut r = Reader { form, ok: true };
    let name = r.required("Name");
    let start = r.required_date("Start");
    let end = r.required_date("End");
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        r.refuse("End", format!("the end {e} is before the start {s}"));
    }
    let capacity = r.number::<u32>("Capacity", "a whole number of points, 0 or more");
    let draft = SprintDraft {
        name,
        goal: r.form.get("Goal"),
        start: start.unwrap_or_default(),
        end: end.unwrap_or_default(),
        capacity,
    };
    r.ok.then_some(draft)
}

/// Reads fields, noting refusals at each.
struct Reader<'a> {
    form: &'a mut Form,
    ok: bool,
}

impl Reader<'_> {
    fn refuse(&mut self, label: &str, message: String) {
        self.ok = false;
        self.form.refuse(label, message);
    }

    fn required(&mut self, label: &str) -> String {
        let v = self.form.get(label);
        if v.is_empty() {
            self.refuse(label, format!("{} is required", label.to_lowercase()));
        }
        v
    }

    fn parse<T: std::str::FromStr<Err = crate::model::ModelError>>(
        &mut self,
        label: &str,
    ) -> Option<T> {
        let v = self.form.get(label);
        if v.is_empty() {
            return None;
        }
        v.parse()
            .map_err(|e: crate::model::ModelError| self.refuse(label, e.to_string()))
            .ok()
    }

    fn number<T: std::str::FromStr>(&mut self, label: &str, rule: &str) -> Option<T> {
        let v = self.form.get(label);
        if v.is_empty() {
            return None;
        }
        v.parse()
            .map_err(|_| self.refuse(label, format!("'{v}' is not {rule}")))
            .ok()
    }

    fn points(&mut self, label: &str) -> Option<u32> {
        if self.form.get(label) == "?" {
            return None;
        }
        self.number(label, "a whole number of points, 0 or more")
    }

    fn date(&mut self, label: &str) -> Option<NaiveDate> {
        let v = self.form.get(label);
        if v.is_empty() {
            return None;
        }
        NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map_err(|_| self.refuse(label, format!("'{v}' is not a date ({DATE})")))
            .ok()
    }

    fn required_date(&mut self, label: &str) -> Option<NaiveDate> {
        if self.form.get(label).is_empty() {
            self.refuse(label, format!("a date is required ({DATE})"));
            return None;
        }
        self.date(label)
    }

    fn id<Id: std::str::FromStr<Err = crate::model::ModelError> + Copy>(
        &mut self,
        label: &str,
        exists: impl Fn(Id) -> Result<(), crate::model::ModelError>,
    ) -> Option<Id> {
        let id = self.parse::<Id>(label)?;
        exists(id)
            .map_err(|e| self.refuse(label, e.to_string()))
            .ok()?;
        Some(id)
    }

    fn ids<Id: std::str::FromStr<Err = crate::model::ModelError> + Copy>(
        &mut self,
        label: &str,
        exists: impl Fn(Id) -> Result<(), crate::model::ModelError>,
    ) -> Vec<Id> {
        let mut out = Vec::new();
        for word in list(&self.form.get(label)) {
            match word.parse::<Id>().and_then(|id| exists(id).map(|()| id)) {
                Ok(id) => out.push(id),
                Err(e) => self.refuse(label, e.to_string()),
            }
        }
        out
    }

    /// All four WSJF inputs, or none.
    fn wsjf(&mut self) -> Option<Wsjf> {
        let values = self.all_or_none(&["Value", "Time crit.", "Risk red.", "Job size"], "WSJF")?;
        let [business_value, time_criticality, risk_reduction, job_size] = values;
        if job_size <= 0.0 {
            self.refuse("Job size", "must be more than zero".into());
        }
        Some(Wsjf {
            business_value,
            time_criticality,
            risk_reduction,
            job_size,
        })
    }

    /// Numbers zero or more for every one of `parts`, or `None` when all are empty.
    fn all_or_none(&mut self, parts: &[&str; 4], method: &str) -> Option<[f64; 4]> {
        if parts.iter().all(|p| self.form.get(p).is_empty()) {
            return None;
        }
        let mut values = [0.0; 4];
        for (i, part) in parts.iter().enumerate() {
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
        let parts = ["Reach", "Impact", "Confidence", "Effort"];
        let [reach, impact, confidence, effort] = self.all_or_none(&parts, "RICE")?;
        if confidence > 100.0 {
            self.refuse("Confidence", "must be a percentage from 0 to 100".into());
        }
        if effort <= 0.0 {
            self.refuse("Effort", "must be more than zero".into());
        }
        Some(Rice {
            reach,
            impact,
            confidence,
            effort,
        })
    }
}

fn choices<T: std::fmt::Display>(all: &[T]) -> String {
    all.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

fn join<T: ToString>(ids: &[T]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Comma- or space-separated words.
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
