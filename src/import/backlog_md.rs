//! `roadlog import backlog-md DIR`: a Backlog.md `backlog/` folder.
//!
//! - Tasks in `tasks/`, `completed/` (done) and `drafts/` (draft) become stories keyed by
//!   their task id; `archive/` is skipped and counted.
//! - Status: `To Do` is ready (draft in `drafts/`), `In Progress` in-progress, `Done` done;
//!   an unknown status is reported, imported as draft and kept as a `status:` label.
//! - Priority and type are kept as `priority:high` and `type:bug` labels; the first
//!   assignee is the assignee (without `@`), others become `assignee:` labels.
//! - Milestones become epics: every active one, and archived ones that tasks name. A task
//!   names its milestone by id (`m-3`), by title, or in the old form `M3 - GUI`.
//! - A subtask (`parent_task_id`) gets the label `parent:<PARENT-ID>` and, when it has no
//!   milestone of its own, its parent's epic.
//! - `ordinal` gives the backlog order (tasks without one follow, by id); dependencies
//!   become blocked-by links; a done task was finished at its `completed_date`, else at its
//!   last update, so flow figures have its lead time.

mod body;
mod front_matter;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::batch::{Batch, IncomingEpic, IncomingStory, Origin};
use super::dates::parse_when;
use super::status::status_named;
use super::{ImportError, Progress};
use crate::model::{EpicRecord, EpicStatus, StoryRecord, StoryStatus};
use crate::store::SourceFile;
use front_matter::{FrontMatter, Text};

/// The folders of a `backlog/` folder that the import reads.
pub const FOLDERS: &[&str] = &[
    "tasks",
    "completed",
    "drafts",
    "milestones",
    "archive/tasks",
    "archive/drafts",
    "archive/milestones",
];

/// One task file, read.
struct Task {
    fm: FrontMatter,
    /// The id as the file writes it (`BACK-24.02`): the story's external key.
    key: String,
    body: body::Body,
    status: StoryStatus,
    /// The status as written, when it is none roadlog knows.
    unknown_status: Option<String>,
    origin: Origin,
    /// The line of each front-matter key, for messages about its value.
    lines: HashMap<String, usize>,
}

impl Task {
    fn line_of(&self, key: &str) -> Option<usize> {
        self.lines.get(key).copied()
    }

    /// Tasks with an ordinal first, in its order; then the others by id.
    fn rank(&self) -> (bool, f64, Vec<u64>) {
        let ordinal = self
            .fm
            .ordinal
            .as_ref()
            .and_then(|o| o.0.trim().parse::<f64>().ok());
        (
            ordinal.is_none(),
            ordinal.unwrap_or(0.0),
            id_numbers(&self.key),
        )
    }
}

pub fn parse(files: &[SourceFile], progress: Progress) -> Result<Batch, ImportError> {
    let mut batch = Batch::default();
    let mut tasks = Vec::new();
    let mut milestones = Milestones::default();
    for (n, file) in files.iter().enumerate() {
        progress(n + 1, files.len());
        let (folder, name) = file.path.rsplit_once('/').unwrap_or(("", &file.path));
        if name.eq_ignore_ascii_case("readme.md") {
            continue;
        }
        match folder {
            "archive/tasks" => batch.skip(&file.path, "archived tasks"),
            "archive/drafts" => batch.skip(&file.path, "archived drafts"),
            "milestones" | "archive/milestones" => {
                match read_milestone(file, folder != "milestones")? {
                    Some(m) => milestones.all.push(m),
                    None => batch.skip(&file.path, "files without front matter"),
                }
            }
            _ => match read_task(file, folder)? {
                Some(task) => tasks.push(task),
                None => batch.skip(&file.path, "files without front matter"),
            },
        }
    }
    tasks.sort_by(|a, b| a.rank().partial_cmp(&b.rank()).unwrap_or(Ordering::Equal));
    let by_id: HashMap<String, &Task> = tasks.iter().map(|t| (canonical(&t.key), t)).collect();
    for task in &tasks {
        let story = story(task, &by_id, &mut milestones, &mut batch)?;
        batch.stories.push(story);
    }
    milestones.into_epics(&mut batch);
    Ok(batch)
}

fn story(
    task: &Task,
    by_id: &HashMap<String, &Task>,
    milestones: &mut Milestones,
    batch: &mut Batch,
) -> Result<IncomingStory, ImportError> {
    let fm = &task.fm;
    let parent = text(&fm.parent_task_id);
    let parent_task = parent.and_then(|p| by_id.get(&canonical(p)));
    let milestone = text(&fm.milestone).or_else(|| parent_task.and_then(|p| text(&p.fm.milestone)));
    let epic = milestone.map(|name| milestones.resolve(name, task, batch));

    let mut labels = fm.labels.0.clone();
    for (prefix, value) in [("priority", &fm.priority), ("type", &fm.kind)] {
        if let Some(v) = text(value) {
            labels.push(format!("{prefix}:{}", v.to_lowercase()));
        }
    }
    if let Some(p) = parent {
        labels.push(format!(
            "parent:{}",
            parent_task.map_or(p, |t| t.key.as_str())
        ));
    }
    let mut assignees = fm
        .assignee
        .0
        .iter()
        .map(|a| a.trim().trim_start_matches('@').to_string())
        .filter(|a| !a.is_empty());
    let assignee = assignees.next();
    labels.extend(assignees.map(|a| format!("assignee:{a}")));
    if let Some(status) = &task.unknown_status {
        batch.notes.push(format!(
            "{}: status '{status}' is none roadlog knows (to do, in progress, done); imported as draft with the label 'status:{status}'",
            task.origin.file
        ));
        labels.push(format!("status:{status}"));
    }

    let Some(title) = text(&fm.title) else {
        return Err(ImportError::at(
            &task.origin.file,
            task.line_of("title").or(Some(1)),
            "the task has no title",
        ));
    };
    let created = when(task, "created_date", &fm.created_date)?;
    let updated = when(task, "updated_date", &fm.updated_date)?.or(created);
    let mut record = StoryRecord::new(task.key.clone(), title, task.status);
    record.description = Some(with_references(&task.body.description, fm));
    record.acceptance_criteria = Some(task.body.criteria.clone());
    record.labels = Some(labels);
    record.assignee = Some(assignee);
    record.created = created;
    record.updated = updated;
    // Backlog.md rarely says when a task was done; its last update is the best clue.
    if task.status == StoryStatus::Done {
        record.finished = when(task, "completed_date", &fm.completed_date)?.or(updated);
    }
    if epic.is_none() {
        record.epic = Some(None);
    }
    let blocked_by = fm
        .dependencies
        .0
        .iter()
        .map(|d| {
            by_id
                .get(&canonical(d))
                .map_or_else(|| d.trim().to_string(), |t| t.key.clone())
        })
        .collect();
    Ok(IncomingStory {
        record,
        epic,
        sprint: None,
        blocked_by: Some(blocked_by),
        origin: task.origin.clone(),
    })
}

/// References and documentation links are kept at the end of the description.
fn with_references(description: &str, fm: &FrontMatter) -> String {
    let mut out = description.to_string();
    for (title, list) in [
        ("References", &fm.references),
        ("Documentation", &fm.documentation),
    ] {
        if list.0.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&format!("## {title}\n"));
        for item in &list.0 {
            out.push_str(&format!("\n- {item}"));
        }
    }
    out
}

fn text(value: &Option<Text>) -> Option<&str> {
    value.as_ref().map(|v| v.0.trim()).filter(|v| !v.is_empty())
}

fn when(
    task: &Task,
    key: &str,
    value: &Option<Text>,
) -> Result<Option<DateTime<Utc>>, ImportError> {
    let Some(v) = text(value) else {
        return Ok(None);
    };
    parse_when(v).map(Some).ok_or_else(|| {
        ImportError::at(
            &task.origin.file,
            task.line_of(key),
            format!("'{v}' is not a date ({key}: YYYY-MM-DD or YYYY-MM-DD HH:MM)"),
        )
    })
}

/// Splits `---` front matter from the body. `None` when the file has none.
fn split(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..at], &rest[at + line.len()..]));
        }
        at += line.len();
    }
    None
}

/// A file's parsed front matter, the file line of each top-level key, and the body.
type Parts = (FrontMatter, HashMap<String, usize>, String);

/// The front matter, parsed, with the file line of each top-level key.
fn front_matter(file: &SourceFile) -> Result<Option<Parts>, ImportError> {
    let text = file.text.replace("\r\n", "\n");
    let Some((yaml, body)) = split(&text) else {
        return Ok(None);
    };
    // The YAML starts on the file's second line, after the opening `---`.
    let fm = front_matter::parse(yaml).map_err(|e| {
        ImportError::at(
            &file.path,
            Some(e.line.map_or(1, |l| l + 1)),
            format!("front matter: {}", e.message),
        )
    })?;
    let lines = yaml
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let (key, _) = l.split_once(':')?;
            (!key.starts_with([' ', '\t', '-', '#'])).then(|| (key.trim().to_string(), i + 2))
        })
        .collect();
    Ok(Some((fm, lines, body.to_string())))
}

fn read_task(file: &SourceFile, folder: &str) -> Result<Option<Task>, ImportError> {
    let Some((fm, lines, body)) = front_matter(file)? else {
        return Ok(None);
    };
    let key = id_of(file, &fm, "task")?;
    let written = text(&fm.status).map(str::to_string);
    let (status, unknown_status) = match folder {
        "completed" => (StoryStatus::Done, None),
        "drafts" => (StoryStatus::Draft, None),
        _ => match written.as_deref().map(status_named) {
            None => (StoryStatus::Ready, None),
            Some(Some(s)) => (s, None),
            Some(None) => (StoryStatus::Draft, written),
        },
    };
    Ok(Some(Task {
        fm,
        key,
        body: body::parse(&body),
        status,
        unknown_status,
        origin: Origin {
            file: file.path.clone(),
            line: 1,
        },
        lines,
    }))
}

/// The `id` a task or milestone file must have.
fn id_of(file: &SourceFile, fm: &FrontMatter, what: &str) -> Result<String, ImportError> {
    text(&fm.id).map(str::to_string).ok_or_else(|| {
        ImportError::at(
            &file.path,
            Some(1),
            format!("the {what} has no 'id' in its front matter"),
        )
    })
}

fn read_milestone(file: &SourceFile, archived: bool) -> Result<Option<Milestone>, ImportError> {
    let Some((fm, _, body)) = front_matter(file)? else {
        return Ok(None);
    };
    let key = id_of(file, &fm, "milestone")?;
    let title = text(&fm.title).unwrap_or(&key).to_string();
    Ok(Some(Milestone {
        key,
        title,
        description: body::parse(&body).description,
        archived,
        origin: Origin {
            file: file.path.clone(),
            line: 1,
        },
    }))
}

/// The number parts of a task id: `back-24.02` gives [24, 2].
fn id_numbers(id: &str) -> Vec<u64> {
    let digits = id.rsplit_once('-').map_or(id, |(_, n)| n);
    digits
        .split('.')
        .map(|n| n.trim().parse().unwrap_or(u64::MAX))
        .collect()
}

/// A task id as any of its spellings refers to it: the project renamed its prefix from
/// `task` to `back`, dependencies use either, and a parent may be a bare number; zero
/// padding (`24.02`) does not matter. Drafts have a prefix of their own.
fn canonical(id: &str) -> String {
    let id = id.trim().to_lowercase();
    let kind = match id.rsplit_once('-') {
        Some(("draft", _)) => "draft",
        _ => "task",
    };
    let numbers: Vec<String> = id_numbers(&id).iter().map(u64::to_string).collect();
    format!("{kind}-{}", numbers.join("."))
}

struct Milestone {
    key: String,
    title: String,
    description: String,
    archived: bool,
    origin: Origin,
}

/// The milestones of the folder, which of them tasks name, and names that match none.
#[derive(Default)]
struct Milestones {
    all: Vec<Milestone>,
    used: HashSet<String>,
    /// Milestones with a task that is not done.
    unfinished: HashSet<String>,
    unknown: Vec<String>,
}

impl Milestones {
    /// The key of the epic for a task's milestone value.
    fn resolve(&mut self, name: &str, task: &Task, batch: &mut Batch) -> String {
        let key = self.find(name, &task.key, batch);
        if task.status != StoryStatus::Done {
            self.unfinished.insert(key.clone());
        }
        key
    }

    fn find(&mut self, name: &str, task: &str, batch: &mut Batch) -> String {
        let by_id = self.all.iter().find(|m| m.key.eq_ignore_ascii_case(name));
        let by_title = || self.all.iter().find(|m| m.title.eq_ignore_ascii_case(name));
        let by_number = || {
            let n = legacy_number(name)?;
            self.all.iter().find(|m| legacy_number(&m.key) == Some(n))
        };
        if let Some(m) = by_id.or_else(by_title).or_else(by_number) {
            let key = m.key.clone();
            self.used.insert(key.clone());
            return key;
        }
        if !self.unknown.iter().any(|u| u == name) {
            batch.notes.push(format!(
                "{task}: milestone '{name}' has no file; an epic of that name was made"
            ));
            self.unknown.push(name.to_string());
        }
        name.to_string()
    }

    fn into_epics(self, batch: &mut Batch) {
        for m in self.all {
            if m.archived && !self.used.contains(&m.key) {
                batch.skip(&m.origin.file, "archived milestones that no task names");
                continue;
            }
            let status = m
                .archived
                .then(|| archived_status(self.unfinished.contains(&m.key)));
            batch.epics.push(IncomingEpic {
                record: EpicRecord {
                    external_key: m.key,
                    title: m.title,
                    description: Some(m.description),
                    status,
                },
                origin: m.origin,
            });
        }
        for name in self.unknown {
            batch.epics.push(IncomingEpic {
                record: EpicRecord {
                    external_key: name.clone(),
                    title: name,
                    description: None,
                    status: None,
                },
                origin: Origin {
                    file: "milestones".to_string(),
                    line: 1,
                },
            });
        }
    }
}

/// Backlog.md archives a milestone when it is finished with, done or not: one whose tasks
/// are all done is done, one left with open tasks was dropped.
fn archived_status(unfinished: bool) -> EpicStatus {
    if unfinished {
        EpicStatus::Dropped
    } else {
        EpicStatus::Done
    }
}

/// The number in `m-3`, `M3` or `M3 - GUI`: how older Backlog.md files name milestones.
fn legacy_number(name: &str) -> Option<u32> {
    let head = name.split_whitespace().next()?;
    let digits = head.strip_prefix(['m', 'M'])?;
    let digits = digits.strip_prefix('-').unwrap_or(digits);
    digits.parse().ok()
}
