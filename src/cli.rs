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
mod backups;
mod commits;
mod config;
mod conflicts;
mod dod;
mod epic;
mod export;
mod flow;
mod forecast;
mod git;
mod goals;
mod import;
mod init;
mod json;
mod mcp;
mod missing;
mod report;
mod shell;
mod sprint;
mod sprint_show;
mod story;
mod story_json;
mod table;
mod template;
mod vision;

use std::io::{ErrorKind, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::model::ModelError;
use crate::store::merge::MergeReport;
use crate::store::{Access, Located, LockWait, Store, StoreError, locate};

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
    /// Change nothing: the TUI opens read-only and commands that would write are refused
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
        /// How many stories the sample has, 66 at the least (scale it up for benchmarks)
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
    /// Story templates: named presets for `story add --template NAME`
    #[command(subcommand)]
    Template(template::TemplateCmd),
    /// Git commits linked to the stories they name
    #[command(subcommand)]
    Commits(commits::CommitsCmd),
    /// The Definition of Done: the checklist every story meets before it is done
    #[command(subcommand)]
    Dod(dod::DodCmd),
    /// Print the roadmap: visions, then Now / Next / Later with each epic's progress
    Roadmap {
        /// Print the roadmap rows as JSON: epic, horizon, status, progress, score, dates
        #[arg(long)]
        json: bool,
    },
    /// When each epic will be done, from the team's pace (a Monte Carlo forecast), and what
    /// fits by a date
    Forecast(forecast::ForecastArgs),
    /// Reports over the whole document: `report flow`
    #[command(subcommand)]
    Report(flow::ReportCmd),
    /// Serve the document to coding agents over the Model Context Protocol on stdio
    /// (`--read-only` refuses every write)
    Mcp,
    /// The earlier versions kept beside the document, newest first, with what each next
    /// version changed (`--keep N` sets how many are kept)
    Backups {
        /// Keep the last N versions from now on (0 keeps none); saved in the settings
        #[arg(long, value_name = "N")]
        keep: Option<u16>,
        #[arg(long)]
        json: bool,
    },
    /// Bring back backup N (1 is the newest) as the document; itself a save, so the version
    /// it replaces becomes backup 1 and `restore 1` undoes it
    Restore {
        #[arg(value_name = "N")]
        number: usize,
    },
    /// Check the document against every rule and list open merge conflicts; exits 1 if
    /// there is any. Never writes.
    Check,
    /// Show the open conflicts: fields two writers (or two git branches) changed at once
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Set up this repository to merge the document by entity: .gitattributes, the merge
    /// driver in .git/config, roadlog's side files in .gitignore
    GitSetup,
    /// The merge driver git runs (`roadlog merge-driver %O %A %B`): the result goes into
    /// OURS; exits 1 when a conflict is left in it
    MergeDriver {
        /// The common ancestor (%O)
        base: PathBuf,
        /// The current branch's version (%A), which receives the result
        ours: PathBuf,
        /// The other branch's version (%B)
        theirs: PathBuf,
    },
    /// Merge a document git merged as text (conflict markers) from git's three versions
    GitResolve,
    /// Settle an open conflict: keep ours (the value that stands), take theirs, or set a value
    Resolve {
        /// The entity (S-2, E-1, ..., or `product`)
        id: String,
        /// The field, as `roadlog conflicts` names it (title, rice.reach, settings.scoring)
        field: String,
        /// `ours`, `theirs`, or a value (JSON for numbers and lists: 5, null, ["a"])
        #[arg(long, value_name = "ours|theirs|VALUE", allow_hyphen_values = true)]
        take: String,
    },
    /// Bring stories in from Backlog.md, a Jira CSV or Taskwarrior; again to update them
    #[command(subcommand)]
    Import(import::ImportCmd),
    /// Write the roadmap as Markdown, the stories as CSV, or the document as JSON
    #[command(subcommand)]
    Export(export::ExportCmd),
    /// Print the JSON Schema (draft 2020-12) of the document
    Schema,
    /// Print a shell completion script (see README: Shell completions)
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the manual page (roff), e.g. `roadlog man > ~/.local/share/man/man1/roadlog.1`
    Man,
    /// The config file (key remaps, colours, default document, date format): `config path`
    /// shows where it is, `config init` writes a commented one
    #[command(subcommand)]
    Config(config::ConfigCmd),
}

/// The shells `completions` writes for.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

/// Runs the command line and maps failures to exit codes: 1 for a refused command, 2 for a
/// usage error (clap's own).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // The TUI and the MCP server run for as long as someone works in them, and free what
    // they no longer need; every other command ends the process when it returns.
    let session = matches!(
        cli.command,
        None | Some(Command::Mcp) | Some(Command::Demo { out: None, .. })
    );
    PROCESS_ENDS_AFTER.store(!session, Ordering::Relaxed);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // `{e}`, not `{e:#}`: store errors already name their cause in their message.
            // Shown safe: messages quote what was typed or found in the file.
            eprintln!("error: {}", crate::safe_text::block(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let today = chrono::Local::now().date_naive();
    let var = |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
    let config_at = config::located();
    // The commands that never read the config run whatever state it is in: `config` is how
    // a broken one is found and fixed, and git's merges must not fail on a typo in a remap.
    let loaded = match &cli.command {
        Some(
            Command::Config(_)
            | Command::Completions { .. }
            | Command::Man
            | Command::Schema
            | Command::MergeDriver { .. },
        ) => config::Loaded::default(),
        _ => config::load(&config_at)?,
    };
    // Set once, before any command prints: the format of dates shown to people.
    let _ = DATES.set(loaded.dates);
    let docs = Documents {
        file: cli.file,
        config_document: loaded.document,
        access: if cli.read_only {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        },
        max_bytes: args::max_file_bytes(var("ROADLOG_MAX_FILE_MB").as_deref())?,
        lock_timeout: args::lock_timeout(var("ROADLOG_LOCK_TIMEOUT").as_deref())?,
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let located = docs.locate(&cwd);
    let outcome = match cli.command {
        None => crate::tui::run(docs.for_tui(), cli.read_only, loaded.prefs),
        Some(Command::Init { name }) => init::init(docs.new_here(), &name),
        Some(Command::Demo {
            out: Some(out),
            stories,
        }) => init::demo(&docs.at(out), today, stories, true),
        Some(Command::Demo { out: None, stories }) => {
            let dir = tempfile::tempdir()?;
            // The temporary copy is roadlog's own, so it is written even under --read-only;
            // the TUI then opens it with the user's access.
            let store = Store::at(dir.path().join("demo.json"));
            init::demo(&store, today, stories, false)?;
            crate::tui::run(store.with_access(docs.access), cli.read_only, loaded.prefs)?;
            outln!("the demo worked on a temporary copy; keep one with `roadlog demo --out PATH`");
            Ok(())
        }
        Some(Command::Vision(cmd)) => vision::run(cmd, &docs.existing(), today),
        Some(Command::Epic(cmd)) => epic::run(cmd, &docs.existing()),
        Some(Command::Story(cmd)) => story::run(cmd, &docs.existing(), chrono::Utc::now()),
        Some(Command::Sprint(cmd)) => sprint::run(cmd, &docs.existing(), chrono::Utc::now()),
        Some(Command::Template(cmd)) => template::run(cmd, &docs.existing()),
        Some(Command::Commits(cmd)) => commits::run(cmd, &docs.existing(), chrono::Utc::now()),
        Some(Command::Dod(cmd)) => dod::run(cmd, &docs.existing()),
        Some(Command::Roadmap { json }) => report::roadmap(&docs.existing(), json),
        Some(Command::Report(cmd)) => flow::run(cmd, &docs.existing(), chrono::Utc::now()),
        Some(Command::Mcp) => mcp::serve(docs.existing()),
        Some(Command::Check) => report::check(&docs.existing()),
        Some(Command::Backups { keep, json }) => backups::run(keep, json, &docs.existing()),
        Some(Command::Restore { number }) => backups::restore(&docs.existing(), number),
        Some(Command::Forecast(a)) => forecast::run(a, &docs.existing(), today),
        Some(Command::GitSetup) => git::setup(&docs.existing()),
        Some(Command::MergeDriver { base, ours, theirs }) => {
            git::driver(&base, &ours, &theirs, &docs.existing())
        }
        Some(Command::GitResolve) => git::resolve(&docs.existing()),
        Some(Command::Conflicts { json }) => conflicts::list(&docs.existing(), json),
        Some(Command::Resolve { id, field, take }) => {
            conflicts::resolve(&docs.existing(), &id, &field, &take)
        }
        Some(Command::Import(cmd)) => import::run(cmd, &docs.existing(), today, chrono::Utc::now()),
        Some(Command::Export(cmd)) => export::run(cmd, &docs.existing(), today),
        Some(Command::Schema) => export::schema(),
        Some(Command::Completions { shell }) => shell::completions(match shell {
            CompletionShell::Bash => clap_complete::Shell::Bash,
            CompletionShell::Zsh => clap_complete::Shell::Zsh,
            CompletionShell::Fish => clap_complete::Shell::Fish,
        }),
        Some(Command::Man) => shell::man(),
        Some(Command::Config(cmd)) => config::run(cmd, &config_at, cli.read_only),
    };
    outcome.map_err(|e| missing::explain(e, &located, &cwd))
}

/// Set by [`main`] alone, for a command (not a TUI or MCP session): the process ends when
/// it returns.
static PROCESS_ENDS_AFTER: AtomicBool = AtomicBool::new(false);

/// Lets go of what a command loaded once it has printed. In the `roadlog` binary the
/// process is about to end and the OS takes back its memory at once, so the document is
/// not freed piece by piece (100k stories take about 40 ms to drop). Anywhere else
/// ([`run`] called in-process, tests) it is dropped as usual, so nothing is leaked there;
/// the TUI never comes through here.
pub(crate) fn release<T>(loaded: T) {
    if PROCESS_ENDS_AFTER.load(Ordering::Relaxed) {
        std::mem::forget(loaded);
    } else {
        drop(loaded);
    }
}

/// [`Store::update`] for a command, which prints what the change returned and ends: the
/// product saved is let go by [`release`], not dropped where the result is.
pub(crate) trait WriteChange {
    fn write_change<T>(
        &self,
        change: impl FnOnce(&mut crate::model::Product) -> Result<T, ModelError>,
    ) -> Result<T, StoreError>;
}

impl WriteChange for Store {
    fn write_change<T>(
        &self,
        change: impl FnOnce(&mut crate::model::Product) -> Result<T, ModelError>,
    ) -> Result<T, StoreError> {
        let (out, saved) = self.update(change)?;
        release(saved);
        Ok(out)
    }
}

static DATES: std::sync::OnceLock<crate::config::DateFormat> = std::sync::OnceLock::new();

/// How commands show dates to people: the config's `date_format` (JSON and CSV keep ISO).
pub(crate) fn dates() -> &'static crate::config::DateFormat {
    DATES.get_or_init(crate::config::DateFormat::default)
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

/// Where commands find their document and whether they may change it. Built once from the
/// global options and the only way a command gets a [`Store`], so every store a command
/// writes through carries `--read-only` (the store itself then refuses every write).
struct Documents {
    file: Option<PathBuf>,
    /// The config file's `document`: used when nothing nearer names one.
    config_document: Option<PathBuf>,
    access: Access,
    /// `$ROADLOG_MAX_FILE_MB`, or the store's default.
    max_bytes: u64,
    /// `$ROADLOG_LOCK_TIMEOUT`, or the store's default.
    lock_timeout: Duration,
}

impl Documents {
    /// The document of commands that work on an existing one. A wait for another
    /// program's lock is said on stderr, so a script that seems stuck says why, and so is
    /// what a save merged in from a program that wrote at the same moment.
    fn existing(&self) -> Store {
        let store = self.found();
        let path = store.path().display().to_string();
        store
            .on_lock_wait(Arc::new(move |wait: &LockWait| {
                eprintln!("{wait} on {path}…");
            }))
            .on_merge(Arc::new(|report: &MergeReport| {
                eprintln!("{}", report.summary("another program"));
            }))
    }

    /// The TUI's document: the TUI reports a wait for the lock on its own screen.
    fn for_tui(&self) -> Store {
        self.found()
    }

    fn found(&self) -> Store {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        self.at(self.locate(&cwd).into_path())
    }

    /// Which document commands that need one use, and why that one.
    fn locate(&self, cwd: &std::path::Path) -> Located {
        locate(
            self.file.as_deref(),
            env_file().as_deref(),
            self.config_document.as_deref(),
            cwd,
        )
    }

    /// `init` creates ./roadlog.json rather than searching parents or the data folder: a new
    /// backlog belongs where the user stands.
    fn new_here(&self) -> Store {
        let path = self
            .file
            .clone()
            .or_else(env_file)
            .unwrap_or_else(|| PathBuf::from(crate::store::FILE_NAME));
        self.at(path)
    }

    fn at(&self, path: PathBuf) -> Store {
        Store::at(path)
            .with_access(self.access)
            .with_size_limit(self.max_bytes)
            .with_lock_timeout(self.lock_timeout)
    }
}

/// Writes one line of output. Every printer makes its document text safe itself (one-line
/// fields as one line); this last pass through [`crate::safe_text::block`] means a printer
/// that forgets still cannot emit a control.
pub(crate) fn write_out(line: std::fmt::Arguments) {
    let text = line.to_string();
    let mut text = crate::safe_text::block(&text).into_owned();
    text.push('\n');
    write_exactly(&text);
}

/// Writes `text` byte for byte: for data (a CSV or JSON export) that must reach a file or a
/// pipe unchanged, tabs and CRLFs included. A reader that stops early (`roadlog story list |
/// head`) closes the pipe, which is not a failure: the command's work is done by the time it
/// prints, so it ends quietly instead of panicking as `println!` does.
pub(crate) fn write_exactly(text: &str) {
    let mut out = std::io::stdout().lock();
    end_on_failure(out.write_all(text.as_bytes()).and_then(|()| out.flush()));
}

/// Runs `write` on a buffered stdout: long output (a table or JSON of 100k stories) goes
/// out as it is made instead of being built in memory first. `write` makes its text safe
/// itself. Ends the program quietly on a closed pipe, like [`write_exactly`].
pub(crate) fn write_out_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    end_on_failure(write(&mut out).and_then(|()| out.flush()));
}

fn end_on_failure(written: std::io::Result<()>) {
    if let Err(e) = written {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap checks its definitions (unique names, groups) only when a command is parsed: this
    /// parses them all, so a clash fails here rather than in a user's hands.
    #[test]
    fn every_command_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
