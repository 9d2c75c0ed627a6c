//! `roadlog import csv FILE`: a Jira CSV export ("all fields" or "current fields"), or a CSV
//! written by `roadlog export csv`, which uses Jira's column names and adds its own.
//!
//! - Columns are found by name, case-insensitively; a name may repeat (`Labels`, `Sprint`,
//!   `Inward issue link (Blocks)`), and every cell of it counts. Only `Summary` is required.
//! - Rows of Issue Type `Epic` become epics; every other row a story, its type kept as a
//!   `type:bug` label. `Parent`, `Parent id` or `Epic Link` name the epic (by key or issue
//!   id; `Parent summary` titles one the file does not hold); a parent that is a story (a
//!   sub-task's) gives the label `parent:KEY` and that story's epic.
//! - Status by Jira's names, then by `Status Category`; points from `Story Points`,
//!   `Custom field (Story Points)` or `Custom field (Story point estimate)`; the last
//!   `Sprint` is the story's sprint; `Created` / `Updated` (and `Resolved`, when a done story
//!   was finished) in Jira's forms.
//! - Cells that `export csv` guarded against spreadsheet formulas get their `'` back off.

use std::collections::HashMap;

use super::batch::{Batch, IncomingEpic, IncomingStory, Origin};
use super::dates::parse_when;
use super::status::status_named;
use super::{ImportError, Progress};
use crate::model::{Criterion, EpicRecord, EpicStatus, Extra, StoryRecord, StoryStatus};

/// The columns `export csv` writes, in its order; the importer reads them by these names.
pub mod column {
    pub const KEY: &str = "Issue key";
    pub const SUMMARY: &str = "Summary";
    pub const STATUS: &str = "Status";
    pub const STATUS_CATEGORY: &str = "Status Category";
    pub const POINTS: &str = "Story Points";
    pub const ASSIGNEE: &str = "Assignee";
    pub const LABELS: &str = "Labels";
    pub const SPRINT: &str = "Sprint";
    pub const EPIC_LINK: &str = "Epic Link";
    pub const PARENT_SUMMARY: &str = "Parent summary";
    pub const DESCRIPTION: &str = "Description";
    pub const AS_A: &str = "As a";
    pub const I_WANT: &str = "I want";
    pub const SO_THAT: &str = "So that";
    pub const CRITERIA: &str = "Acceptance Criteria";
    pub const BLOCKED_BY: &str = "Inward issue link (Blocks)";
    pub const CREATED: &str = "Created";
    pub const UPDATED: &str = "Updated";
}

/// What a cell starting with one of these would do in a spreadsheet: run as a formula (or,
/// for `'`, hide the guard itself).
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// Guards a cell against being run as a formula by a spreadsheet, with a leading `'`;
/// [`unguard`] takes it off again, so the round trip is exact.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// The header: each column name (lower case) and the positions it appears at.
struct Header(HashMap<String, Vec<usize>>);

impl Header {
    fn new(names: &csv::StringRecord) -> Header {
        let mut map: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            map.entry(name.trim().to_lowercase()).or_default().push(i);
        }
        Header(map)
    }

    fn has(&self, name: &str) -> bool {
        self.0.contains_key(&name.to_lowercase())
    }
}

/// One data row, read through the header.
struct Row<'a> {
    header: &'a Header,
    record: &'a csv::StringRecord,
    line: usize,
}

impl Row<'_> {
    /// Every non-empty cell of the columns called `name`.
    fn all(&self, name: &str) -> Vec<&str> {
        self.header
            .0
            .get(&name.to_lowercase())
            .into_iter()
            .flatten()
            .filter_map(|&i| self.record.get(i))
            .map(|c| unguard(c.trim_matches(|ch| ch == ' ')))
            .filter(|c| !c.trim().is_empty())
            .collect()
    }

    /// The first non-empty cell of the first of `names` that has one.
    fn first(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| self.all(n).first().copied())
    }

    /// The cell, or `None` if the file has no such column (so an update keeps the field).
    fn text(&self, name: &str) -> Option<String> {
        self.header
            .has(name)
            .then(|| self.first(&[name]).unwrap_or_default().to_string())
    }
}

pub fn parse(file: &str, text: &str, progress: Progress) -> Result<Batch, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(line) = unclosed_quote(text) {
        return Err(ImportError::at(
            file,
            Some(line),
            "a quoted cell opens here and is never closed (a '\"' is missing)",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = Header::new(reader.headers().map_err(|e| csv_error(file, &e))?);
    if !header.has(column::SUMMARY) {
        return Err(ImportError::at(
            file,
            Some(1),
            "no 'Summary' column: the first line must name the columns, as Jira's export does",
        ));
    }
    let records: Vec<(usize, csv::StringRecord)> = reader
        .records()
        .map(|r| {
            let r = r.map_err(|e| csv_error(file, &e))?;
            let line = r.position().map_or(0, |p| p.line() as usize);
            Ok((line, r))
        })
        .collect::<Result<_, ImportError>>()?;
    let rows: Vec<Row> = records
        .iter()
        .map(|(line, record)| Row {
            header: &header,
            record,
            line: *line,
        })
        .filter(|row| !row.record.iter().all(|c| c.trim().is_empty()))
        .collect();
    Reading::new(file, &header, &rows).batch(progress)
}

/// The file as a whole: which rows are epics, and how keys and issue ids relate.
struct Reading<'a> {
    file: &'a str,
    header: &'a Header,
    rows: &'a [Row<'a>],
    /// Key of every row, and of every row's issue id.
    keys: Vec<String>,
    by_name: HashMap<String, usize>,
}

const TYPE: &str = "Issue Type";
const ISSUE_ID: &str = "Issue id";
const PARENT_COLUMNS: [&str; 4] = [
    "Parent",
    "Parent id",
    column::EPIC_LINK,
    "Custom field (Epic Link)",
];
const POINT_COLUMNS: [&str; 3] = [
    column::POINTS,
    "Custom field (Story Points)",
    "Custom field (Story point estimate)",
];
const RANK_COLUMNS: [&str; 2] = ["Rank", "Custom field (Rank)"];

impl<'a> Reading<'a> {
    fn new(file: &'a str, header: &'a Header, rows: &'a [Row<'a>]) -> Self {
        let keys: Vec<String> = rows
            .iter()
            .map(|r| {
                r.first(&[column::KEY, "Key", ISSUE_ID])
                    .or_else(|| r.first(&[column::SUMMARY]))
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        let mut by_name = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            by_name.insert(keys[i].clone(), i);
            if let Some(id) = row.first(&[ISSUE_ID]) {
                by_name.entry(id.to_string()).or_insert(i);
            }
        }
        Reading {
            file,
            header,
            rows,
            keys,
            by_name,
        }
    }

    fn is_epic(&self, i: usize) -> bool {
        self.rows[i]
            .first(&[TYPE])
            .is_some_and(|t| t.eq_ignore_ascii_case("epic"))
    }

    /// The row a parent column names, if the file holds it.
    fn parent_row(&self, i: usize) -> Option<(usize, &'a str)> {
        let named = self.rows[i].first(&PARENT_COLUMNS)?;
        Some((self.by_name.get(named).copied()?, named))
    }

    /// The epic of row `i`, following sub-task parents up (a few steps at most).
    fn epic_of(&self, i: usize) -> Option<String> {
        let mut at = i;
        for _ in 0..8 {
            let named = self.rows[at].first(&PARENT_COLUMNS)?;
            match self.by_name.get(named) {
                Some(&p) if self.is_epic(p) => return Some(self.keys[p].clone()),
                Some(&p) => at = p,
                None => return Some(named.to_string()),
            }
        }
        None
    }

    fn err(&self, row: &Row, message: String) -> ImportError {
        ImportError::at(self.file, Some(row.line), message)
    }

    fn batch(&self, progress: Progress) -> Result<Batch, ImportError> {
        let mut batch = Batch {
            own_ids: self.header.has(column::SO_THAT),
            ..Batch::default()
        };
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        if RANK_COLUMNS.iter().any(|c| self.header.has(c)) {
            // Jira's rank is a text that sorts in rank order; rows without one go last.
            order.sort_by_key(|&i| {
                (
                    self.rows[i].first(&RANK_COLUMNS).is_none(),
                    self.rows[i].first(&RANK_COLUMNS),
                )
            });
        }
        let mut named_epics: Vec<(String, String, Origin)> = Vec::new();
        for (n, &i) in order.iter().enumerate() {
            progress(n + 1, order.len());
            let row = &self.rows[i];
            let origin = Origin {
                file: self.file.to_string(),
                line: row.line,
            };
            let title = row
                .first(&[column::SUMMARY])
                .unwrap_or_default()
                .to_string();
            if title.trim().is_empty() {
                return Err(self.err(row, "the 'Summary' cell is empty".to_string()));
            }
            let (status, unknown) = self.status(row);
            if self.is_epic(i) {
                let name = row
                    .first(&["Custom field (Epic Name)", "Epic Name"])
                    .map(str::to_string);
                batch.epics.push(IncomingEpic {
                    record: EpicRecord {
                        external_key: self.keys[i].clone(),
                        title: name.unwrap_or(title),
                        description: row.text(column::DESCRIPTION),
                        status: Some(epic_status(status)),
                    },
                    origin,
                });
                continue;
            }
            let mut labels: Vec<String> = row
                .all(column::LABELS)
                .into_iter()
                .map(str::to_string)
                .collect();
            if let Some(kind) = row.first(&[TYPE]) {
                labels.push(format!("type:{}", kind.to_lowercase()));
            }
            if let Some(p) = row.first(&["Priority"]) {
                labels.push(format!("priority:{}", p.to_lowercase()));
            }
            if let Some((p, _)) = self.parent_row(i).filter(|(p, _)| !self.is_epic(*p)) {
                labels.push(format!("parent:{}", self.keys[p]));
            }
            if let Some(word) = &unknown {
                batch.notes.push(format!(
                    "{origin}: status '{word}' is none roadlog knows; imported as draft with the label 'status:{word}'"
                ));
                labels.push(format!("status:{word}"));
            }
            let epic = self.epic_of(i);
            if let (Some(key), Some(summary)) = (&epic, row.first(&[column::PARENT_SUMMARY]))
                && !self.by_name.contains_key(key)
                && !named_epics.iter().any(|e| &e.0 == key)
            {
                named_epics.push((key.clone(), summary.to_string(), origin.clone()));
            }
            let mut record = StoryRecord::new(self.keys[i].clone(), title, status);
            record.description = row.text(column::DESCRIPTION);
            record.as_a = row.text(column::AS_A);
            record.i_want = row.text(column::I_WANT);
            record.so_that = row.text(column::SO_THAT);
            if self.header.has(column::CRITERIA) {
                record.acceptance_criteria = Some(
                    row.all(column::CRITERIA)
                        .into_iter()
                        .map(criterion)
                        .collect(),
                );
            }
            record.points = self.points(row, &mut batch)?;
            record.labels = Some(labels);
            if self.header.has(column::ASSIGNEE) {
                record.assignee = Some(row.first(&[column::ASSIGNEE]).map(str::to_string));
            }
            record.created = self.when(row, column::CREATED)?;
            record.updated = self.when(row, column::UPDATED)?;
            if status == StoryStatus::Done {
                record.finished = self.when(row, "Resolved")?;
            }
            if epic.is_none() && PARENT_COLUMNS.iter().any(|c| self.header.has(c)) {
                record.epic = Some(None);
            }
            let sprint = self
                .header
                .has(column::SPRINT)
                .then(|| row.all(column::SPRINT).last().map(|s| s.to_string()));
            let blocked_by = self.header.has(column::BLOCKED_BY).then(|| {
                row.all(column::BLOCKED_BY)
                    .into_iter()
                    .map(|k| {
                        self.by_name
                            .get(k)
                            .map_or_else(|| k.to_string(), |&b| self.keys[b].clone())
                    })
                    .collect()
            });
            batch.stories.push(IncomingStory {
                record,
                epic,
                sprint,
                blocked_by,
                origin,
            });
        }
        for (key, title, origin) in named_epics {
            batch.epics.push(IncomingEpic {
                record: EpicRecord {
                    external_key: key,
                    title,
                    description: None,
                    status: None,
                },
                origin,
            });
        }
        Ok(batch)
    }

    /// The status, by Jira's usual names, roadlog's own words, then the status category;
    /// with the status as written when none of them knows it.
    fn status(&self, row: &Row) -> (StoryStatus, Option<String>) {
        let written = row.first(&[column::STATUS]);
        if let Some(s) = written.and_then(status_named) {
            return (s, None);
        }
        let category = row.first(&[column::STATUS_CATEGORY]).and_then(status_named);
        match (category, written) {
            (Some(s), _) => (s, None),
            (None, None) => (StoryStatus::Ready, None),
            (None, Some(w)) => (StoryStatus::Draft, Some(w.to_string())),
        }
    }

    fn points(&self, row: &Row, batch: &mut Batch) -> Result<Option<Option<u32>>, ImportError> {
        if !POINT_COLUMNS.iter().any(|c| self.header.has(c)) {
            return Ok(None);
        }
        let Some(cell) = row.first(&POINT_COLUMNS) else {
            return Ok(Some(None));
        };
        let value: f64 = cell
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0 && *v <= f64::from(u32::MAX))
            .ok_or_else(|| self.err(row, format!("'{cell}' is not a number of story points")))?;
        let whole = value.ceil();
        if whole != value {
            batch.notes.push(format!(
                "{} line {}: {cell} story points rounded up to {whole}: roadlog counts whole points",
                self.file, row.line
            ));
        }
        Ok(Some(Some(whole as u32)))
    }

    fn when(
        &self,
        row: &Row,
        name: &str,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, ImportError> {
        match row.first(&[name]) {
            None => Ok(None),
            Some(cell) => parse_when(cell).map(Some).ok_or_else(|| {
                self.err(row, format!("'{cell}' in '{name}' is not a date (like 13/Mar/24 10:00 AM or 2024-03-13 10:00)"))
            }),
        }
    }
}

/// `[x] text` or `[ ] text`, as `export csv` writes a criterion; other text is one not done.
fn criterion(cell: &str) -> Criterion {
    let (done, text) = match cell.get(..4) {
        Some("[x] " | "[X] ") => (true, &cell[4..]),
        Some("[ ] ") => (false, &cell[4..]),
        _ => (false, cell),
    };
    Criterion {
        text: text.to_string(),
        done,
        extra: Extra::new(),
    }
}

fn epic_status(s: StoryStatus) -> EpicStatus {
    match s {
        StoryStatus::Draft => EpicStatus::Proposed,
        StoryStatus::Ready => EpicStatus::Planned,
        StoryStatus::InProgress | StoryStatus::Review => EpicStatus::Active,
        StoryStatus::Done => EpicStatus::Done,
    }
}

fn csv_error(file: &str, e: &csv::Error) -> ImportError {
    let line = e.position().map(|p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8 text".to_string(),
        _ => e.to_string(),
    };
    ImportError::at(file, line, message)
}

/// The line of a quoted cell that never closes, if there is one. The csv crate reads such a
/// cell to the end of the file without a word, which would swallow every later row.
fn unclosed_quote(text: &str) -> Option<usize> {
    let mut line = 1;
    let mut opened_at = None;
    let mut at_cell_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (opened_at, c) {
            (None, '"') if at_cell_start => {
                opened_at = Some(line);
                at_cell_start = false;
            }
            (Some(_), '"') => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    opened_at = None;
                }
            }
            (None, ',') => at_cell_start = true,
            (_, '\n') => {
                line += 1;
                if opened_at.is_none() {
                    at_cell_start = true;
                }
            }
            (None, '\r') => {}
            _ => at_cell_start = false,
        }
    }
    opened_at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_guards_round_trip() {
        for cell in [
            "=SUM(A1)", "+1", "-x", "@me", "\tx", "\rx", "'quoted", "''", "plain", "", "O'Brien",
        ] {
            assert_eq!(unguard(&neutralise(cell)), cell);
        }
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(unguard("'hello"), "'hello", "a quote Jira wrote stays");
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        assert_eq!(unclosed_quote("a,b\n\"x\",\"y\"\"z\"\n"), None);
        assert_eq!(unclosed_quote("a,b\n1,2\n3,\"open\n4,5\n"), Some(3));
        assert_eq!(
            unclosed_quote("a,b\n5\" screen,x\n"),
            None,
            "a quote inside a cell is text"
        );
    }
}
