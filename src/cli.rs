//! The command line: clap definitions and the dispatch to one function per command. Each
//! command loads through the store, changes the product through its named methods, saves
//! through the store and prints. No subcommand opens the TUI.

/// `println!` for command output: see [`write_out`]. Defined before the modules that use it.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::write_out(format_args!($($arg)*))
    };
}

mod args;
mod epic;
mod flow;
mod init;
mod json;
mod report;
mod sprint;
mod sprint_show;
mod story;
mod table;
mod vision;

use std::io::{ErrorKind, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::model::ModelError;
use crate::store::{Store, StoreError, locate};

#[derive(Debug, Parser)]
#[command(
    name = "roadlog",
    version,
    about = "Roadmap, backlog and sprints in your terminal"
)]
pub struct Cli {
    /// The document to use [default: $ROADLOG_FILE, else the nearest roadlog.json in this
    /// folder or a parent, else the platform data folder]
    #[arg(long, global = true, value_name = "PATH", display_order = 100)]
    pub file: Option<PathBuf>,
    /// Open the TUI without allowing any change
    #[arg(long, global = true, display_order = 101)]
    pub read_only: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty document (./roadlog.json unless --file or $ROADLOG_FILE say otherwise)
    Init {
        /// The product's name
        #[arg(long, default_value = "My product")]
        name: String,
    },
    /// Write the built-in sample product to --out, or open the TUI on a fresh copy of it
    Demo {
        /// Where to write the sample; without it, the TUI opens on a temporary copy
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// How many stories the sample has (scale it up for benchmarks)
        #[arg(long, default_value_t = crate::demo::BASE_STORIES, value_name = "N")]
        stories: usize,
    },
    /// Product visions and their business goals
    #[command(subcommand)]
    Vision(vision::VisionCmd),
    /// Epics: the ranked items of the roadmap
    #[command(subcommand)]
    Epic(epic::EpicCmd),
    /// User stories: the backlog
    #[command(subcommand)]
    Story(story::StoryCmd),
    /// Sprints: plan, start and close time boxes
    #[command(subcommand)]
    Sprint(sprint::SprintCmd),
    /// Print the roadmap: visions, then Now / Next / Later with each epic's progress
    Roadmap,
    /// Reports over the whole document: `report flow`
    #[command(subcommand)]
    Report(flow::ReportCmd),
    /// Check the document against every rule; exits 1 if any is broken. Never writes.
    Check,
}

/// Runs the command line and maps failures to exit codes: 1 for a refused command, 2 for a
/// usage error (clap's own).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // `{e}`, not `{e:#}`: store errors already name their cause in their message.
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let today = chrono::Local::now().date_naive();
    let limit_env =
        std::env::var_os("ROADLOG_MAX_FILE_MB").map(|v| v.to_string_lossy().into_owned());
    let limit = args::max_file_bytes(limit_env.as_deref())?;
    let existing = |file| resolve(file).with_size_limit(limit);
    match cli.command {
        None => crate::tui::run(existing(cli.file), cli.read_only),
        Some(Command::Init { name }) => {
            init::init(init_path(cli.file).with_size_limit(limit), &name)
        }
        Some(Command::Demo {
            out: Some(out),
            stories,
        }) => init::demo(&Store::at(out).with_size_limit(limit), today, stories, true),
        Some(Command::Demo { out: None, stories }) => {
            let dir = tempfile::tempdir()?;
            let store = Store::at(dir.path().join("demo.json"));
            init::demo(&store, today, stories, false)?;
            crate::tui::run(store, cli.read_only)?;
            outln!("the demo worked on a temporary copy; keep one with `roadlog demo --out PATH`");
            Ok(())
        }
        Some(Command::Vision(cmd)) => vision::run(cmd, &existing(cli.file)),
        Some(Command::Epic(cmd)) => epic::run(cmd, &existing(cli.file)),
        Some(Command::Story(cmd)) => story::run(cmd, &existing(cli.file), chrono::Utc::now()),
        Some(Command::Sprint(cmd)) => sprint::run(cmd, &existing(cli.file), chrono::Utc::now()),
        Some(Command::Roadmap) => report::roadmap(&existing(cli.file)),
        Some(Command::Report(cmd)) => flow::run(cmd, &existing(cli.file), chrono::Utc::now()),
        Some(Command::Check) => report::check(&existing(cli.file)),
    }
}

/// A lookup on a loaded document, failing with the file named like a refused change.
fn in_file<T>(store: &Store, found: Result<T, ModelError>) -> Result<T, StoreError> {
    found.map_err(|source| StoreError::Model {
        path: store.path().to_path_buf(),
        source,
    })
}

fn env_file() -> Option<PathBuf> {
    std::env::var_os("ROADLOG_FILE").map(PathBuf::from)
}

/// The store for commands that work on an existing document.
pub fn resolve(flag: Option<PathBuf>) -> Store {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    Store::at(locate(flag.as_deref(), env_file().as_deref(), &cwd).into_path())
}

/// `init` creates ./roadlog.json rather than searching parents or the data folder: a new
/// backlog belongs where the user stands.
fn init_path(flag: Option<PathBuf>) -> Store {
    Store::at(
        flag.or_else(env_file)
            .unwrap_or_else(|| PathBuf::from(crate::store::FILE_NAME)),
    )
}

/// Writes one line of output. A reader that stops early (`roadlog story list | head`) closes
/// the pipe, which is not a failure: the command's work is done by the time it prints, so it
/// ends quietly instead of panicking as `println!` does.
pub(crate) fn write_out(line: std::fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(line).and_then(|()| out.write_all(b"\n")) {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(1);
    }
}
