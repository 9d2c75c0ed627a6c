//! `roadlog import FORMAT SOURCE [--dry-run]`: the store reads the source, the importer
//! turns it into a batch, and one `Store::update` puts all of it in or, on any refusal,
//! nothing. `--dry-run` applies the batch to a copy in memory and saves nothing.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};

use super::WriteChange;
use crate::import::{self as source, Batch, ImportError, Mode};
use crate::store::{self, Store};

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// A Backlog.md `backlog/` folder, or the project folder that holds one
    #[command(name = "backlog-md")]
    BacklogMd {
        dir: PathBuf,
        #[command(flatten)]
        opts: ImportOpts,
    },
    /// A Jira CSV export ("all fields" or "current fields"), or one from `roadlog export csv`
    Csv {
        // Not `file`: that is the global `--file`, which a positional of the same name shadows.
        #[arg(value_name = "FILE")]
        source: PathBuf,
        #[command(flatten)]
        opts: ImportOpts,
    },
    /// The JSON `task export` prints; `-` reads it from standard input (`task export | roadlog import taskwarrior -`)
    Taskwarrior {
        #[arg(value_name = "FILE|-")]
        source: PathBuf,
        #[command(flatten)]
        opts: ImportOpts,
    },
}

#[derive(Debug, Args)]
pub struct ImportOpts {
    /// Print what would be created, updated and skipped; change nothing
    #[arg(long)]
    dry_run: bool,
}

pub fn run(
    cmd: ImportCmd,
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut progress = ProgressLine::new();
    let (batch, opts) = match cmd {
        ImportCmd::BacklogMd { dir, opts } => {
            let root = backlog_root(&dir)?;
            let files = store::read_markdown_folders(&root, source::BACKLOG_MD_FOLDERS)?;
            let batch = source::parse_backlog_md(&files, &mut |n, of| progress.tick(n, of))
                .map_err(|e| under(&root, e))?;
            (batch, opts)
        }
        ImportCmd::Csv { source: file, opts } => {
            let text = store::read_source(&file)?;
            let name = file.display().to_string();
            let batch = source::parse_csv(&name, &text, &mut |n, of| progress.tick(n, of))?;
            (batch, opts)
        }
        ImportCmd::Taskwarrior { source: file, opts } => {
            let (name, text) = if file.as_os_str() == "-" {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .map_err(|e| anyhow::anyhow!("cannot read standard input: {e}"))?;
                ("standard input".to_string(), text)
            } else {
                (file.display().to_string(), store::read_source(&file)?)
            };
            let batch = source::parse_taskwarrior(&name, &text, &mut |n, of| progress.tick(n, of))?;
            (batch, opts)
        }
    };
    progress.finish();
    put(batch, store, opts.dry_run, today, now)
}

fn put(
    batch: Batch,
    store: &Store,
    dry_run: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if dry_run {
        let mut product = store.load()?.product;
        let summary = super::in_file(store, batch.apply(&mut product, today, now))?;
        outln!("{}", summary.text(Mode::DryRun).trim_end());
        outln!("dry run: {} was not changed", store.path().display());
        return Ok(());
    }
    let summary = store.write_change(|p| batch.apply(p, today, now))?;
    outln!("{}", summary.text(Mode::Done).trim_end());
    if summary.is_unchanged() {
        outln!(
            "{} already had all of it; nothing was changed",
            store.path().display()
        );
    }
    Ok(())
}

/// The `backlog/` folder: `dir` itself, or `dir/backlog` when given the project folder.
fn backlog_root(dir: &Path) -> anyhow::Result<PathBuf> {
    let holds_tasks = |d: &Path| {
        ["tasks", "completed", "drafts"]
            .iter()
            .any(|f| d.join(f).is_dir())
    };
    if holds_tasks(dir) {
        return Ok(dir.to_path_buf());
    }
    let inner = dir.join("backlog");
    if holds_tasks(&inner) {
        return Ok(inner);
    }
    anyhow::bail!(
        "{} is not a Backlog.md folder: it has no tasks/, completed/ or drafts/ (nor a backlog/ folder that has); nothing was changed",
        dir.display()
    )
}

/// Names the file by its full path, not only its place under the folder.
fn under(root: &Path, mut e: ImportError) -> ImportError {
    e.file = root.join(&e.file).display().to_string();
    e
}

/// `reading 312/628` on standard error, for imports that take more than a moment, and only
/// when it is a terminal: a script's log should not fill with carriage returns.
struct ProgressLine {
    enabled: bool,
    started: Instant,
    drawn: Option<Instant>,
}

/// A quick import shows no progress at all.
const PROGRESS_AFTER: Duration = Duration::from_millis(300);
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

impl ProgressLine {
    fn new() -> Self {
        ProgressLine {
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
            drawn: None,
        }
    }

    fn tick(&mut self, done: usize, of: usize) {
        if !self.enabled || self.started.elapsed() < PROGRESS_AFTER {
            return;
        }
        if self.drawn.is_some_and(|at| at.elapsed() < PROGRESS_EVERY) && done < of {
            return;
        }
        self.drawn = Some(Instant::now());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\rreading {done}/{of}");
        let _ = err.flush();
    }

    fn finish(&mut self) {
        if self.drawn.take().is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
