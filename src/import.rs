//! Bringing a backlog in from another tool. Each format is read by its own module into one
//! format-neutral [`Batch`] (stories with the keys their source gives them, the epics and
//! sprints they name, what was skipped and why); [`Batch::apply`] puts a batch into a
//! product through its named methods, all of it or, on a refusal, none (the caller runs it
//! inside one `Store::update`). Pure: the store reads the source files, the CLI prints.

mod backlog_md;
mod batch;
mod csv;
mod dates;
mod status;
mod summary;
mod taskwarrior;

use std::fmt;

pub use backlog_md::{FOLDERS as BACKLOG_MD_FOLDERS, parse as parse_backlog_md};
pub use batch::{Batch, IncomingEpic, IncomingStory, Origin};
pub use csv::{column as csv_column, neutralise as neutralise_cell, parse as parse_csv};
pub use summary::{Mode, Summary};
pub use taskwarrior::parse as parse_taskwarrior;

/// Told after each item read: how many are done and how many there are.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Why a source could not be read. Names the file and, where known, the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl ImportError {
    pub fn at(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        ImportError {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
