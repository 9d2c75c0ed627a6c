//! The user's config file (TOML): key remaps, theme colours, the default document and the
//! date format. Parsing only: the text comes in, a [`Config`] or a [`Problem`] naming the
//! line goes out. Finding and reading the file is the store's ([`crate::store::config_file`]);
//! what a remap's keys and action mean is the key map's (`tui::keymap::KeyMap::build`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde::de::{self, Deserializer};
use toml::Spanned;

/// What went wrong in the file, and on which line (none for a problem of the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

/// A [`Problem`] in a named file: `~/.config/roadlog/config.toml:12: unknown action ...`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default(), message)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl ConfigError {
    pub fn new(path: &Path, problem: Problem) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            line: problem.line,
            message: problem.message,
        }
    }

    /// A problem of the whole file (it cannot be read, is too big, ...), on no line.
    pub fn whole_file(path: &Path, message: String) -> ConfigError {
        ConfigError::new(
            path,
            Problem {
                line: None,
                message,
            },
        )
    }
}

/// The file as read. Everything is optional: a missing file and an empty one are the
/// defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The document used when nothing else names one, as written (resolve with
    /// [`Config::document_path`]).
    pub document: Option<String>,
    pub date_format: DateFormat,
    pub theme: ThemeColours,
    pub remaps: Vec<Remap>,
}

/// `[keys]`: `backlog.rank_down = "ctrl-j"` gives the binding `rank_down` of the Backlog
/// the key Ctrl-j instead of its own keys. Checked against the key map by the TUI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remap {
    /// Where the binding applies, as the config writes it (`backlog`, `close_sprint`).
    pub context: String,
    /// The binding's action id (`rank_down`).
    pub action: String,
    /// The keys as written (`ctrl-j`, `J`, `Enter`).
    pub keys: Vec<String>,
    pub line: usize,
}

/// `[theme]`: a named colour per role of the colour theme; unset roles keep theirs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeColours {
    /// The focused pane's border and title.
    pub focus: Option<Colour>,
    pub title: Option<Colour>,
    pub dim: Option<Colour>,
    /// Table headings.
    pub header: Option<Colour>,
    /// The selected row.
    pub selected: Option<Colour>,
    pub good: Option<Colour>,
    pub warn: Option<Colour>,
    pub bad: Option<Colour>,
    pub waterline: Option<Colour>,
    pub bar_done: Option<Colour>,
    pub bar_todo: Option<Colour>,
    /// The ideal line of burndown charts.
    pub ideal: Option<Colour>,
    /// The actual line of burndown charts.
    pub actual: Option<Colour>,
    /// The today line of the timeline.
    pub today: Option<Colour>,
}

/// The terminal's 16 named colours (they follow its palette, so they read on light and dark
/// backgrounds, and survive SSH), and `default`, the terminal's own text colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Default,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
}

const COLOURS: &[(&str, Colour)] = &[
    ("default", Colour::Default),
    ("black", Colour::Black),
    ("red", Colour::Red),
    ("green", Colour::Green),
    ("yellow", Colour::Yellow),
    ("blue", Colour::Blue),
    ("magenta", Colour::Magenta),
    ("cyan", Colour::Cyan),
    ("gray", Colour::Gray),
    ("dark_gray", Colour::DarkGray),
    ("light_red", Colour::LightRed),
    ("light_green", Colour::LightGreen),
    ("light_yellow", Colour::LightYellow),
    ("light_blue", Colour::LightBlue),
    ("light_magenta", Colour::LightMagenta),
    ("light_cyan", Colour::LightCyan),
    ("white", Colour::White),
];

impl std::str::FromStr for Colour {
    type Err = String;
    /// Any case, `-`, `_` or a space between words (`dark-gray`, `Dark Gray`); grey too.
    fn from_str(text: &str) -> Result<Colour, String> {
        let key = text
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .replace("grey", "gray");
        COLOURS
            .iter()
            .find(|(name, _)| *name == key || name.replace('_', "") == key)
            .map(|(_, c)| *c)
            .ok_or_else(|| {
                let names: Vec<&str> = COLOURS.iter().map(|(n, _)| *n).collect();
                format!("'{text}' is not a colour: use one of {}", names.join(", "))
            })
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Colour, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(de::Error::custom)
    }
}

/// How dates are shown to people: a chrono strftime format of date fields only, checked
/// when read, so showing a date never fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat(String);

pub const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";

impl Default for DateFormat {
    fn default() -> DateFormat {
        DateFormat(DEFAULT_DATE_FORMAT.to_string())
    }
}

impl DateFormat {
    /// Refuses a format chrono cannot read (`%Q`) and one that asks a date for a time
    /// (`%H`), which would otherwise fail each time a date is shown.
    pub fn new(format: &str) -> Result<DateFormat, String> {
        let hint =
            "use chrono's strftime date fields, such as \"%Y-%m-%d\", \"%d %b %Y\" or \"%m/%d/%Y\"";
        if format.trim().is_empty() {
            return Err(format!("an empty date format shows no date: {hint}"));
        }
        if chrono::format::StrftimeItems::new(format).parse().is_err() {
            return Err(format!("'{format}' is not a date format: {hint}"));
        }
        let sample = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default();
        let mut out = String::new();
        if write!(out, "{}", sample.format(format)).is_err() {
            return Err(format!(
                "'{format}' asks a date for a time of day or a time zone: {hint}"
            ));
        }
        Ok(DateFormat(format.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn date(&self, date: NaiveDate) -> String {
        let mut out = String::new();
        match write!(out, "{}", date.format(&self.0)) {
            Ok(()) => out,
            // Unreachable for a checked format; ISO rather than a panic all the same.
            Err(_) => date.to_string(),
        }
    }

    /// A moment: the date in this format, then the time of day (UTC): `2026-01-31 14:05`.
    pub fn moment(&self, at: DateTime<Utc>) -> String {
        format!("{} {}", self.date(at.date_naive()), at.format("%H:%M"))
    }
}

/// The file's shape, as serde reads it; spans give each value's line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    document: Option<Spanned<String>>,
    date_format: Option<Spanned<String>>,
    #[serde(default)]
    theme: ThemeColours,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Actions>,
}

/// The remaps of one place: `ACTION = KEYS`, each with its line.
struct Actions(Vec<(Spanned<String>, Spanned<toml::Value>)>);

impl<'de> Deserialize<'de> for Actions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Actions, D::Error> {
        struct Visit;
        impl<'de> de::Visitor<'de> for Visit {
            type Value = Actions;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                // What a bare `[keys] undo = "x"` gets told.
                f.write_str("a place and an action: `global.undo = \"ctrl-z\"`, not `undo = ...`")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Actions, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Actions(out))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// Reads the file's text.
pub fn parse(text: &str) -> Result<Config, Problem> {
    let line = |span: Range<usize>| Some(line_of(text, span.start));
    let raw: Raw = toml::from_str(text).map_err(|e| Problem {
        line: e.span().and_then(line),
        message: e.message().trim().to_string(),
    })?;
    let document = match raw.document {
        Some(doc) if doc.get_ref().trim().is_empty() => {
            return Err(Problem {
                line: line(doc.span()),
                message: "document is empty: name a file, such as \"~/backlog/roadlog.json\", \
                          or leave the line out"
                    .into(),
            });
        }
        doc => doc.map(Spanned::into_inner),
    };
    let date_format = match raw.date_format {
        None => DateFormat::default(),
        Some(f) => DateFormat::new(f.get_ref()).map_err(|message| Problem {
            line: line(f.span()),
            message: format!("date_format: {message}"),
        })?,
    };
    let mut remaps = Vec::new();
    for (context, actions) in raw.keys {
        for (action, value) in actions.0 {
            let at = line_of(text, action.span().start);
            let keys = keys_of(value.get_ref()).map_err(|message| Problem {
                line: line(value.span()),
                message: format!("keys.{}.{}: {message}", context.get_ref(), action.get_ref()),
            })?;
            remaps.push(Remap {
                context: context.get_ref().clone(),
                action: action.into_inner(),
                keys,
                line: at,
            });
        }
    }
    Ok(Config {
        document,
        date_format,
        theme: raw.theme,
        remaps,
    })
}

fn keys_of(value: &toml::Value) -> Result<Vec<String>, String> {
    let wrong = || "write a key (\"ctrl-j\") or a list of keys ([\"J\", \"ctrl-j\"])".to_string();
    match value {
        toml::Value::String(s) => Ok(vec![s.clone()]),
        toml::Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(wrong))
            .collect(),
        toml::Value::Array(_) => Err("an empty list would leave the action with no key".into()),
        _ => Err(wrong()),
    }
}

/// The 1-based line of byte `offset`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

impl Config {
    /// The default document as a path: `~/` is `home`, a relative path is taken from the
    /// config file's own folder (so the file means the same wherever roadlog starts).
    pub fn document_path(&self, home: Option<&Path>, config_dir: &Path) -> Option<PathBuf> {
        let written = self.document.as_deref()?.trim();
        let path = match (written.strip_prefix("~/"), home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ if written == "~" => home.map_or_else(|| PathBuf::from(written), Path::to_path_buf),
            _ => PathBuf::from(written),
        };
        let path = if path.is_relative() {
            config_dir.join(path)
        } else {
            path
        };
        Some(lexically_normal(&path))
    }
}

/// `path` without `.` and with each `..` taking the folder before it away, as written
/// (links are not followed): `/cfg/../doc.json` is shown, and opened, as `/doc.json`.
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `..` from the root is the root; a relative path keeps its leading `..`.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

/// What `roadlog config init` writes: every setting, commented out at its default.
pub const DEFAULT_FILE: &str = r##"# roadlog's config file. `roadlog config path` shows where it lives;
# docs/TUI.md ("The config file") describes every setting. Each line below is commented
# out at its default: remove the `#` to change one.

# The document to open when neither --file, $ROADLOG_FILE nor a roadlog.json in this
# folder or a parent names one. `~/` is your home folder; a relative path is taken from
# this file's folder.
# document = "~/backlog/roadlog.json"

# How dates are shown in the TUI and in the commands' text output (JSON and CSV keep
# ISO 8601). chrono strftime date fields: "%d %b %Y" gives 31 Jan 2026.
# date_format = "%Y-%m-%d"

# Colours of the colour theme, by role, as the terminal's named colours: default, black,
# red, green, yellow, blue, magenta, cyan, gray, dark_gray, light_red, light_green,
# light_yellow, light_blue, light_magenta, light_cyan, white. `default` is the terminal's
# text colour (those roles are told apart by bold, dim or reverse, which they keep).
# NO_COLOR turns every colour off whatever is set here.
[theme]
# focus = "cyan"
# title = "default"
# dim = "default"
# header = "default"
# selected = "default"
# good = "green"
# warn = "magenta"
# bad = "red"
# waterline = "blue"
# bar_done = "green"
# bar_todo = "default"
# ideal = "dark_gray"
# actual = "cyan"
# today = "red"

# Key remaps: WHERE.ACTION = "KEY" or ["KEY", "KEY"], replacing the keys that binding had.
# WHERE and ACTION are the "Config" column of the key table in docs/TUI.md. Keys: a
# character (j, J, ?), ctrl-x, or Enter, Esc, Tab, Shift-Tab, Backspace, Space, Up, Down,
# Left, Right, Home, End, PgUp, PgDn, Delete, Insert, F1-F12. A key another binding
# already has in the same place is refused: move that one too.
[keys]
# backlog.rank_down = "ctrl-j"
# backlog.rank_up = "ctrl-k"
# global.undo = ["u", "ctrl-z"]
"##;

#[cfg(test)]
mod tests;
