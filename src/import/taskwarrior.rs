//! `roadlog import taskwarrior FILE|-`: the JSON that `task export` prints (Taskwarrior 2.6
//! and 3.x: one array; older versions: one object a line).
//!
//! description is the title, the full dotted project an epic, tags labels, priority a
//! `priority:high` label; pending and waiting tasks are ready (a wait date kept as a
//! `wait:YYYY-MM-DD` label), completed ones done (finished at `end`); deleted tasks and
//! recurring templates are skipped and counted. Annotations are added to the description,
//! depends (uuids, as a list or a comma-separated text) become blocked-by links, and the
//! backlog is ranked by urgency, highest first.

use serde::Deserialize;

use super::batch::{Batch, IncomingEpic, IncomingStory, Origin};
use super::dates::parse_when;
use super::{ImportError, Progress};
use crate::model::{EpicRecord, StoryRecord, StoryStatus};

#[derive(Debug, Deserialize)]
struct Task {
    uuid: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    project: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default)]
    depends: Depends,
    #[serde(default)]
    annotations: Vec<Annotation>,
    #[serde(default)]
    entry: Option<String>,
    #[serde(default)]
    modified: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    wait: Option<String>,
    #[serde(default)]
    urgency: f64,
}

#[derive(Debug, Deserialize)]
struct Annotation {
    #[serde(default)]
    entry: Option<String>,
    description: String,
}

/// Taskwarrior 2.6+ writes a list of uuids, older versions one comma-separated text.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum Depends {
    #[default]
    None,
    List(Vec<String>),
    Text(String),
}

impl Depends {
    fn uuids(&self) -> Vec<String> {
        match self {
            Depends::None => Vec::new(),
            Depends::List(list) => list.clone(),
            Depends::Text(text) => text
                .split(',')
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty())
                .collect(),
        }
    }
}

pub fn parse(file: &str, text: &str, progress: Progress) -> Result<Batch, ImportError> {
    let json_error = |line: usize, e: serde_json::Error| {
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| &message[..i])
            .to_string();
        ImportError::at(
            file,
            Some(line),
            format!("not a Taskwarrior export: {message}"),
        )
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let tasks: Vec<(usize, Task)> = if trimmed.starts_with('[') {
        let skipped_lines = text[..text.len() - trimmed.len()].matches('\n').count();
        let tasks: Vec<Task> =
            serde_json::from_str(trimmed).map_err(|e| json_error(e.line() + skipped_lines, e))?;
        tasks
            .into_iter()
            .map(|t| (line_of(text, &t.uuid), t))
            .collect()
    } else {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                serde_json::from_str::<Task>(l.trim().trim_end_matches(','))
                    .map(|t| (i + 1, t))
                    .map_err(|e| json_error(i + 1, e))
            })
            .collect::<Result<_, _>>()?
    };

    let mut batch = Batch::default();
    let mut projects: Vec<(String, Origin)> = Vec::new();
    let mut kept: Vec<(f64, IncomingStory)> = Vec::new();
    let total = tasks.len();
    for (n, (line, task)) in tasks.into_iter().enumerate() {
        progress(n + 1, total);
        let origin = Origin {
            file: file.to_string(),
            line,
        };
        let what = format!("task {}", task.uuid);
        let status = match task.status.as_str() {
            "deleted" => {
                batch.skip(what, "deleted tasks");
                continue;
            }
            "recurring" => {
                batch.skip(what, "recurring templates (their instances are imported)");
                continue;
            }
            "completed" => StoryStatus::Done,
            "pending" | "waiting" => StoryStatus::Ready,
            other => {
                return Err(ImportError::at(
                    file,
                    Some(line),
                    format!(
                        "'{other}' is not a Taskwarrior status (pending, waiting, completed, deleted, recurring)"
                    ),
                ));
            }
        };
        if task.description.trim().is_empty() {
            return Err(ImportError::at(
                file,
                Some(line),
                format!("{what} has no description"),
            ));
        }
        let date = |name: &str, value: &Option<String>| match value.as_deref() {
            None => Ok(None),
            Some(v) => parse_when(v).map(Some).ok_or_else(|| {
                ImportError::at(
                    file,
                    Some(line),
                    format!("'{v}' in '{name}' is not a Taskwarrior date (like 20240313T100000Z)"),
                )
            }),
        };
        let mut labels = task.tags.clone();
        if let Some(p) = task.priority.as_deref() {
            labels.push(format!("priority:{}", priority_word(p)));
        }
        if let Some(wait) = date("wait", &task.wait)? {
            labels.push(format!("wait:{}", wait.format("%Y-%m-%d")));
        }
        let mut description = String::new();
        for a in &task.annotations {
            let when =
                date("annotations", &a.entry)?.map(|d| d.format("%Y-%m-%d %H:%M").to_string());
            description.push_str(&format!(
                "- {}{}\n",
                when.map_or(String::new(), |w| format!("{w}: ")),
                a.description.trim()
            ));
        }
        let project = task
            .project
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        if let Some(p) = &project
            && !projects.iter().any(|(q, _)| q == p)
        {
            projects.push((p.clone(), origin.clone()));
        }
        let mut record = StoryRecord::new(task.uuid.clone(), task.description.trim(), status);
        record.description = Some(description.trim_end().to_string());
        record.labels = Some(labels);
        record.created = date("entry", &task.entry)?;
        record.updated = date("modified", &task.modified)?.or(record.created);
        record.finished = date("end", &task.end)?.filter(|_| status == StoryStatus::Done);
        if project.is_none() {
            record.epic = Some(None);
        }
        kept.push((
            task.urgency,
            IncomingStory {
                record,
                epic: project,
                sprint: None,
                blocked_by: Some(task.depends.uuids()),
                origin,
            },
        ));
    }
    // Highest urgency first; equal urgency keeps the export's order.
    kept.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    batch.stories = kept.into_iter().map(|(_, s)| s).collect();
    batch.epics = projects
        .into_iter()
        .map(|(name, origin)| IncomingEpic {
            record: EpicRecord {
                external_key: format!("project:{name}"),
                title: name,
                description: None,
                status: None,
            },
            origin,
        })
        .collect();
    for s in &mut batch.stories {
        s.epic = s.epic.take().map(|p| format!("project:{p}"));
    }
    Ok(batch)
}

fn priority_word(p: &str) -> String {
    match p {
        "H" => "high".to_string(),
        "M" => "medium".to_string(),
        "L" => "low".to_string(),
        other => other.to_lowercase(),
    }
}

/// The line a task's uuid first appears on, to name it in messages.
fn line_of(text: &str, uuid: &str) -> usize {
    text.find(uuid)
        .map_or(1, |at| text[..at].lines().count().max(1))
}
