//! `roadlog config path|init`, and reading the config file before any other command: a
//! broken config stops every command that would use it (exit 1, naming the file and the
//! line), as lazygit refuses to start on a config it cannot read, rather than running with
//! settings the user did not write.

use std::path::PathBuf;

use clap::Subcommand;

use crate::config::{ConfigError, DateFormat};
use crate::store::config_file::{self, ConfigPath, Presence};

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Print the config file in use ($ROADLOG_CONFIG, else the platform config folder) and
    /// whether it exists
    Path,
    /// Write a commented config file with every setting at its default (never over an
    /// existing one)
    Init,
}

/// The config file's place: `$ROADLOG_CONFIG`, else the platform's.
pub fn located() -> ConfigPath {
    ConfigPath::find(std::env::var_os("ROADLOG_CONFIG").as_deref())
}

pub fn run(cmd: ConfigCmd, at: &ConfigPath, read_only: bool) -> anyhow::Result<()> {
    let path = at.path();
    match cmd {
        ConfigCmd::Path => {
            let why = match at {
                ConfigPath::Env(_) => "named by $ROADLOG_CONFIG",
                ConfigPath::Platform(_) => "the platform config folder",
            };
            // Said here too, so `config path` is also the way to check an edit: a refused
            // file fails it (exit 1), as it fails every command that reads it.
            let (state, refused) = match config_file::presence(path) {
                Presence::File => match load(at) {
                    Ok(_) => ("exists".to_string(), false),
                    Err(e) => {
                        let line = e.line.map(|l| format!("line {l}: ")).unwrap_or_default();
                        let said = format!("exists, but roadlog refuses it: {line}{}", e.message);
                        (said, true)
                    }
                },
                Presence::Missing => (
                    "does not exist: the defaults apply; `roadlog config init` writes one".into(),
                    false,
                ),
                Presence::NotAFile => (
                    "is not a file: roadlog refuses to start until it is".into(),
                    true,
                ),
            };
            outln!("{} ({why}; {state})", path.display());
            if refused {
                anyhow::bail!("the config file is refused: commands stop until it is fixed");
            }
        }
        ConfigCmd::Init if read_only => {
            anyhow::bail!(
                "--read-only: {} was not changed (leave out --read-only to write it)",
                path.display()
            );
        }
        ConfigCmd::Init => {
            config_file::init(path)?;
            outln!("wrote {}", path.display());
            outln!(
                "every setting in it is commented out at its default; remove a `#` to change one"
            );
        }
    }
    Ok(())
}

/// The config a command runs with: its default document, date format and the TUI's part.
#[derive(Default)]
pub struct Loaded {
    pub document: Option<PathBuf>,
    pub dates: DateFormat,
    pub prefs: crate::tui::Prefs,
}

/// Reads and checks the whole file, key remaps included, so a mistake shows at once
/// whichever command meets it first.
pub fn load(at: &ConfigPath) -> Result<Loaded, ConfigError> {
    let path = at.path();
    let config = config_file::load(path)?;
    let prefs = crate::tui::Prefs::from_config(&config).map_err(|p| ConfigError::new(path, p))?;
    let folder = path.parent().unwrap_or(path);
    let document = config.document_path(config_file::home().as_deref(), folder);
    Ok(Loaded {
        document,
        dates: config.date_format,
        prefs,
    })
}
